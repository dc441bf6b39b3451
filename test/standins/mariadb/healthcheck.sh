#!/usr/bin/env bash
# Stand-in for the official image's healthcheck.sh, for the two tests compose uses:
#   --connect              a TCP connection to the server succeeds (the health-check account)
#   --innodb_initialized   InnoDB has finished starting
set -Eeuo pipefail
readonly CNF=/var/lib/mysql/.my-healthcheck.cnf
[[ -r "$CNF" ]] || { echo >&2 "healthcheck.sh: $CNF is missing (not initialised yet)"; exit 1; }
query() { mariadb --defaults-extra-file="$CNF" --host=127.0.0.1 --protocol=tcp --skip-column-names --batch -e "$1"; }
for test in "$@"; do
  case "$test" in
    --connect) query 'SELECT 1' >/dev/null ;;
    --innodb_initialized)
      [[ -n "$(query "SELECT 1 FROM information_schema.ENGINES WHERE engine = 'innodb' AND support IN ('YES', 'DEFAULT', 'ENABLED')")" ]] ;;
    *) echo >&2 "healthcheck.sh (stand-in): unsupported test $test"; exit 2 ;;
  esac
done
