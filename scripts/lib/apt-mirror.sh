# shellcheck shell=bash
# host_mirror_for_suite SUITE: the first "URIs:" / "deb" URI on the host that serves SUITE,
# ignoring third-party repositories. Works for deb822 *.sources and one-line *.list files.
# Sourced by scripts/engine.sh (debootstrap mirror) and scripts/modern-engine.sh (package downloads).
host_mirror_for_suite() {
  local suite=$1 file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    if [[ "$file" == *.sources ]]; then
      awk -v suite="$suite" '
        function flush() { if (uri != "" && suites ~ ("(^| )" suite "( |$)")) { print uri; found = 1; exit } uri = ""; suites = "" }
        /^[[:space:]]*$/ { flush(); next }
        /^URIs:/ { uri = $2 }
        /^Suites:/ { suites = $0; sub(/^Suites:[[:space:]]*/, "", suites) }
        END { if (!found) flush() }
      ' "$file"
    else
      awk -v suite="$suite" '
        $1 == "deb" {
          i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
          if ($(i + 1) == suite) { print $i; exit }
        }
      ' "$file"
    fi
  done | grep -m1 -E '/debian(-security)?/?$' || true
}
