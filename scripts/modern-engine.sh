#!/usr/bin/env bash
# A current Docker engine (Docker 28.5 + Compose v2 + buildx, from Debian sid/trixie) beside the
# system's Docker 20.10, without touching the system's package state. Called by scripts/engine.sh.
#
#   bash scripts/modern-engine.sh [start]     install (first run) and start it; reuse what exists
#   bash scripts/modern-engine.sh sync-standins   copy the stand-in base images from the 20.10
#                                             engine (docker save | docker load), only those whose
#                                             image id differs
#   bash scripts/modern-engine.sh env         print the client environment (KEY=VALUE lines)
#   bash scripts/modern-engine.sh versions    print each binary's --version
#   bash scripts/modern-engine.sh stop        stop the daemons it started
#   bash scripts/modern-engine.sh purge       stop them and remove every folder and the bridge it made
#
# How (see test/standins/README.md): `apt-get download` with a private apt configuration (own
# sources list, lists, cache and an empty dpkg status: the system's apt state is untouched) of
# sid's docker.io, docker-cli, docker-compose, docker-buildx and trixie's containerd, runc, tini,
# libc6, libseccomp2 plus bookworm's patchelf; `dpkg-deb -x` into $CACHE_DIR/engine/<hash>.
# trixie's runc needs glibc 2.38: a copy is pointed at the extracted trixie libc with patchelf and
# put first on the daemons' PATH. Its own containerd and dockerd run with every path in folders
# of ours, on their own bridge (dpbr0): never `--bridge=none`, which makes dockerd delete any
# host interface named docker0 (the 20.10 engine's), and no default-address-pools.
# Clients: the client.env written to $RUN_DIR (DOCKER_HOST, DOCKER_CONFIG whose config.json has
# cliPluginsExtraDirs, so `docker compose` and `docker buildx` are the new plugins).
#
# Environment overrides (all optional):
#   DEBIAN_MIRROR                 Debian mirror (default: the host's, from /etc/apt)
#   DOCKER_PROD_CACHE_DIR         downloads + extracted engines (/var/cache/docker-prod)
#   DOCKER_PROD_DATA_DIR          images, containers, build cache (/var/lib/docker-prod)
#   DOCKER_PROD_RUN_DIR           sockets, pids, logs, client.env (/run/docker-prod)
#   DOCKER_PROD_ENGINE_REFRESH=1  look for newer package versions even if an engine is extracted
#   DOCKER_PROD_BRIDGE            bridge name (dpbr0) and DOCKER_PROD_BRIDGE_CIDR (10.213.0.1/24)
#   ENGINE_WAIT_SECONDS           how long to wait for each daemon (60)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# shellcheck source=scripts/lib/apt-mirror.sh
source "$SCRIPT_DIR/lib/apt-mirror.sh"

readonly CACHE_DIR="${DOCKER_PROD_CACHE_DIR:-/var/cache/docker-prod}"
readonly DATA_DIR="${DOCKER_PROD_DATA_DIR:-/var/lib/docker-prod}/modern"
readonly RUN_DIR="${DOCKER_PROD_RUN_DIR:-/run/docker-prod}/modern"
readonly ENGINES_DIR="$CACHE_DIR/engine"
readonly CURRENT_LINK="$ENGINES_DIR/current"
readonly BRIDGE="${DOCKER_PROD_BRIDGE:-dpbr0}"
readonly BRIDGE_CIDR="${DOCKER_PROD_BRIDGE_CIDR:-10.213.0.1/24}"
readonly WAIT_SECONDS="${ENGINE_WAIT_SECONDS:-60}"
readonly SOCKET="$RUN_DIR/docker.sock"
readonly CONTAINERD_SOCKET="$RUN_DIR/containerd/containerd.sock"
readonly LEGACY_DOCKER=/usr/bin/docker
# Package/suite pairs. Changing this list (or LAYOUT) makes a new engine folder.
readonly -a PACKAGES=(
  docker.io/sid docker-cli/sid docker-compose/sid docker-buildx/sid
  containerd/trixie runc/trixie tini/trixie libc6/trixie libseccomp2/trixie
  patchelf/bookworm
)
readonly LAYOUT=1

log() { printf '[modern-engine] %s\n' "$*"; }
die() { printf '[modern-engine] ERROR: %s\n' "$*" >&2; exit 1; }

TMP_DIRS=()
cleanup() {
  local dir
  for dir in "${TMP_DIRS[@]}"; do rm -rf --one-file-system "$dir"; done
}
trap cleanup EXIT

# Serialise concurrent callers (parallel test processes): one lock for every mode.
take_lock() {
  mkdir -p "$(dirname "$RUN_DIR")"
  exec 9>"$(dirname "$RUN_DIR")/modern-engine.lock"
  flock 9
}

# ------------------------------------------------------------------ download + extract --
apt_opts() {
  local apt_dir=$1
  printf '%s\n' \
    -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=- \
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" \
    -o "Dir::State::status=$apt_dir/status" -o Debug::NoLocking=1 \
    -o APT::Sandbox::User=root -o Acquire::Languages=none \
    -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false \
    -o Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false \
    -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false \
    -o Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false \
    -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false
}

# download_packages DEST: the .deb files of PACKAGES into DEST (private apt state in $CACHE_DIR/apt).
download_packages() {
  local dest=$1 apt_dir="$CACHE_DIR/apt" mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -f "$keyring" ]] || die "$keyring missing (apt-get install debian-archive-keyring)"
  mirror="${DEBIAN_MIRROR:-$(host_mirror_for_suite bookworm)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  mirror="${mirror%/}"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  : >"$apt_dir/status"
  local suite
  for suite in sid trixie bookworm; do
    printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$suite"
  done >"$apt_dir/sources.list"
  local -a opts
  mapfile -t opts < <(apt_opts "$apt_dir")
  log "downloading ${PACKAGES[*]} from $mirror (private apt state in $apt_dir)"
  if ! apt-get "${opts[@]}" -qq update </dev/null >"$dest/apt.log" 2>&1 ||
    ! (cd "$dest" && apt-get "${opts[@]}" -qq download "${PACKAGES[@]}" </dev/null >>"$dest/apt.log" 2>&1); then
    tail -n 30 "$dest/apt.log" >&2
    die "apt-get update/download with the private configuration failed"
  fi
}

# install_engine: download, extract, patch; point $CURRENT_LINK at the result.
install_engine() {
  [[ $EUID -eq 0 ]] || die "installing the current engine needs root (first run)"
  local start=$SECONDS work hash dir deb
  mkdir -p "$ENGINES_DIR"
  work="$(mktemp -d "$ENGINES_DIR/.download.XXXXXX")"
  TMP_DIRS+=("$work")
  download_packages "$work"
  hash="$({ printf 'layout=%s\n' "$LAYOUT"; printf '%s\n' "${PACKAGES[@]}"; (cd "$work" && ls -1 -- *.deb); } | sha256sum | cut -c1-16)"
  dir="$ENGINES_DIR/$hash"
  if [[ -f "$dir/.complete" ]]; then
    log "engine $hash: already extracted"
  else
    rm -rf --one-file-system "$dir"
    mkdir -p "$dir/root" "$dir/bin"
    for deb in "$work"/*.deb; do
      dpkg-deb -x "$deb" "$dir/root"
      dpkg-deb -f "$deb" Package Version | paste -sd' ' >>"$dir/packages.txt"
    done
    prepare_bin "$dir"
    touch "$dir/.complete"
    log "engine $hash: extracted in $((SECONDS - start))s ($(du -sh "$dir" | cut -f1))"
  fi
  ln -sfn "$hash" "$CURRENT_LINK.tmp"
  mv -T "$CURRENT_LINK.tmp" "$CURRENT_LINK"
  # Older engine folders are not in use by a running daemon once $CURRENT_LINK changed
  # (a running daemon keeps its own files open): remove them.
  local old
  for old in "$ENGINES_DIR"/*/; do
    old="${old%/}"
    [[ -L "$old" || "$(basename "$old")" == "$hash" ]] || rm -rf --one-file-system "$old"
  done
}

# prepare_bin DIR: DIR/bin holds what the daemons find on PATH: a runc pointed at the
# extracted trixie libc (it needs glibc 2.38; the host has 2.36), containerd and its shim,
# dockerd, docker-proxy and the CLI.
prepare_bin() {
  local dir=$1 root="$1/root" libdir="$1/root/usr/lib/x86_64-linux-gnu" tool
  [[ -x "$libdir/ld-linux-x86-64.so.2" ]] || die "trixie's libc6 did not extract $libdir/ld-linux-x86-64.so.2"
  cp "$root/usr/sbin/runc" "$dir/bin/runc"
  "$root/usr/bin/patchelf" --set-interpreter "$libdir/ld-linux-x86-64.so.2" --set-rpath "$libdir" "$dir/bin/runc"
  "$dir/bin/runc" --version >/dev/null || die "the patched runc does not run: $("$dir/bin/runc" --version 2>&1 | head -3)"
  for tool in usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/bin/ctr usr/bin/docker \
    usr/sbin/dockerd usr/sbin/docker-proxy; do
    [[ -x "$root/$tool" ]] || die "$tool missing from the extracted packages"
    ln -sfn "../root/$tool" "$dir/bin/$(basename "$tool")"
  done
  local missing
  missing="$(ldd "$root/usr/sbin/dockerd" 2>&1 | grep 'not found' || true)"
  [[ -z "$missing" ]] || die "dockerd needs libraries the host lacks: $missing"
}

engine_dir() {
  [[ -f "$CURRENT_LINK/.complete" ]] || return 1
  readlink -f "$CURRENT_LINK"
}

# ------------------------------------------------------------------------ daemons --
client() { DOCKER_HOST="unix://$SOCKET" DOCKER_CONFIG="$DATA_DIR/client" "$(engine_dir)/bin/docker" "$@"; }
daemon_answers() { [[ -S "$SOCKET" ]] && engine_dir >/dev/null && client info >/dev/null 2>&1; }

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

ensure_bridge() {
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    [[ "$(ip -4 -o addr show dev "$BRIDGE")" == *" inet $BRIDGE_CIDR "* ]] ||
      die "interface $BRIDGE exists without address $BRIDGE_CIDR; remove it or set DOCKER_PROD_BRIDGE"
  else
    # The range must be unused: no route of the host may cover it.
    local net="${BRIDGE_CIDR%.*}.0/${BRIDGE_CIDR#*/}"
    if [[ -n "$(ip -4 route show to match "${BRIDGE_CIDR%/*}" | grep -v '^default' || true)" ]]; then
      die "$net is already routed on this host ($(ip -4 route show to match "${BRIDGE_CIDR%/*}" | grep -v '^default' | head -1)); set DOCKER_PROD_BRIDGE_CIDR to a free range"
    fi
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
    log "bridge $BRIDGE: created ($BRIDGE_CIDR)"
  fi
  ip link set "$BRIDGE" up
}

# wait_for DESCRIPTION LOG COMMAND...: poll COMMAND once a second until it succeeds.
wait_for() {
  local what=$1 logfile=$2 waited=0
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((waited >= WAIT_SECONDS)); then
      printf '[modern-engine] %s did not answer within %ss; tail of %s:\n' "$what" "$WAIT_SECONDS" "$logfile" >&2
      tail -n 40 "$logfile" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

start_containerd() {
  local dir=$1
  if pid_alive "$RUN_DIR/containerd.pid" && [[ -S "$CONTAINERD_SOCKET" ]]; then return; fi
  mkdir -p "$RUN_DIR/containerd" "$DATA_DIR/containerd"
  cat >"$RUN_DIR/containerd.toml" <<EOF
version = 2
root = "$DATA_DIR/containerd"
state = "$RUN_DIR/containerd/state"
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.blockfile",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
]

[grpc]
  address = "$CONTAINERD_SOCKET"

[ttrpc]
  address = "$CONTAINERD_SOCKET.ttrpc"

[debug]
  address = "$RUN_DIR/containerd/debug.sock"

[plugins."io.containerd.internal.v1.opt"]
  path = "$DATA_DIR/containerd/opt"
EOF
  log "containerd: starting (log: $RUN_DIR/containerd.log)"
  # Without the caller's TMPDIR (a test run's temp folder, removed when the run ends while the
  # engine lives on; runc writes its exec files there).
  PATH="$dir/bin:/usr/sbin:/usr/bin:/sbin:/bin" env -u TMPDIR setsid "$dir/bin/containerd" --config "$RUN_DIR/containerd.toml" \
    >"$RUN_DIR/containerd.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/containerd.pid"
  wait_for containerd "$RUN_DIR/containerd.log" "$dir/bin/ctr" --address "$CONTAINERD_SOCKET" version
}

start_dockerd() {
  local dir=$1
  mkdir -p "$DATA_DIR/docker" "$RUN_DIR/exec"
  # An empty daemon.json keeps /etc/docker/daemon.json (the 20.10 engine's) out.
  printf '{}\n' >"$RUN_DIR/daemon.json"
  log "dockerd: starting (log: $RUN_DIR/dockerd.log)"
  PATH="$dir/bin:/usr/sbin:/usr/bin:/sbin:/bin" env -u TMPDIR setsid "$dir/bin/dockerd" \
    --config-file "$RUN_DIR/daemon.json" \
    --data-root "$DATA_DIR/docker" --exec-root "$RUN_DIR/exec" --pidfile "$RUN_DIR/docker.pid" \
    -H "unix://$SOCKET" --containerd "$CONTAINERD_SOCKET" \
    --storage-driver overlay2 --init-path "$dir/root/usr/bin/tini-static" \
    --bridge "$BRIDGE" --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
    >"$RUN_DIR/dockerd.log" 2>&1 </dev/null 9>&- &
  wait_for dockerd "$RUN_DIR/dockerd.log" client info
}

write_client_env() {
  local dir=$1
  mkdir -p "$DATA_DIR/client"
  printf '{\n  "cliPluginsExtraDirs": ["%s"]\n}\n' "$dir/root/usr/libexec/docker/cli-plugins" >"$DATA_DIR/client/config.json"
  {
    printf 'DOCKER_BIN=%s\n' "$dir/bin/docker"
    printf 'DOCKER_HOST=unix://%s\n' "$SOCKET"
    printf 'DOCKER_CONFIG=%s\n' "$DATA_DIR/client"
    printf 'DOCKERD_LOG=%s\n' "$RUN_DIR/dockerd.log"
  } >"$RUN_DIR/client.env.tmp"
  mv "$RUN_DIR/client.env.tmp" "$RUN_DIR/client.env"
}

cmd_start() {
  local start=$SECONDS dir
  take_lock
  mkdir -p "$RUN_DIR"
  if daemon_answers; then
    dir="$(engine_dir)"
    write_client_env "$dir"
    log "running: $(client version -f 'Docker {{.Server.Version}}') (socket $SOCKET)"
    return
  fi
  [[ $EUID -eq 0 ]] || die "the current engine is not running and starting it needs root"
  if [[ "${DOCKER_PROD_ENGINE_REFRESH:-0}" == 1 ]] || ! engine_dir >/dev/null; then
    install_engine
  else
    log "engine $(basename "$(engine_dir)"): reusing the extracted packages"
  fi
  dir="$(engine_dir)"
  ensure_bridge
  # A dockerd that died leaves its pidfile and socket: dockerd refuses to start over a live pid.
  if pid_alive "$RUN_DIR/docker.pid"; then
    log "dockerd: process $(cat "$RUN_DIR/docker.pid") exists, waiting for it to answer"
    wait_for dockerd "$RUN_DIR/dockerd.log" client info
  else
    start_containerd "$dir"
    write_client_env "$dir"
    start_dockerd "$dir"
  fi
  write_client_env "$dir"
  log "ready in $((SECONDS - start))s: $(client version -f 'Docker {{.Server.Version}}'), $(client compose version --short 2>&1 | sed 's/^/Compose /'), buildx $(client buildx version | awk '{print $2}')"
}

cmd_env() {
  [[ -f "$RUN_DIR/client.env" ]] || die "not started (run: bash scripts/modern-engine.sh start)"
  cat "$RUN_DIR/client.env"
}

cmd_versions() {
  local dir
  dir="$(engine_dir)" || die "no engine extracted yet (run: bash scripts/modern-engine.sh start)"
  "$dir/bin/dockerd" --version
  "$dir/bin/docker" --version
  DOCKER_CONFIG="$DATA_DIR/client" "$dir/bin/docker" compose version
  DOCKER_CONFIG="$DATA_DIR/client" "$dir/bin/docker" buildx version
  "$dir/bin/containerd" --version
  "$dir/bin/runc" --version | head -1
  "$dir/root/usr/bin/tini-static" --version
  printf 'packages: %s\n' "$(paste -sd, "$dir/packages.txt" | sed 's/,/, /g')"
}

# stop_pid PIDFILE NAME: SIGTERM, wait up to 30 s, then SIGKILL.
stop_pid() {
  local pidfile=$1 name=$2 pid waited=0
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid="$(cat "$pidfile")"
  log "$name: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 30)); then kill -KILL "$pid" 2>/dev/null || true; sleep 1; break; fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$pidfile"
}

cmd_stop() {
  take_lock
  stop_pid "$RUN_DIR/docker.pid" dockerd
  stop_pid "$RUN_DIR/containerd.pid" containerd
  # Shims of containers dockerd could not stop: they hold mounts under our folders.
  local pid
  for pid in $(pgrep -f -- "-address $CONTAINERD_SOCKET" || true); do
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# unmount_under DIR: lazily unmount everything mounted below DIR (overlay layers, shm, netns).
unmount_under() {
  local mnt
  while read -r mnt; do
    if [[ -n "$mnt" ]]; then umount -l "$mnt" 2>/dev/null || true; fi
  done < <(findmnt -rno TARGET 2>/dev/null | grep -F "$1/" | sort -r || true)
}

cmd_purge() {
  cmd_stop
  local dir
  for dir in "$RUN_DIR" "$DATA_DIR" "$CACHE_DIR"; do
    [[ -e "$dir" ]] || continue
    unmount_under "$dir"
    rm -rf --one-file-system "$dir"
    log "removed $dir"
  done
  rmdir "$(dirname "$DATA_DIR")" 2>/dev/null || true
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link delete "$BRIDGE"
    log "removed bridge $BRIDGE"
  fi
  rm -f "$(dirname "$RUN_DIR")/modern-engine.lock"
  rmdir "$(dirname "$RUN_DIR")" 2>/dev/null || true
}

# ----------------------------------------------------------------- stand-in images --
# The stand-ins are built once, in the 20.10 engine, by scripts/engine.sh and its
# scripts/standins/*.sh (each records its recipe hash as a tag in a local/<name>-standin repo).
# Stand-in images = local/debian:bookworm-slim and every image a local/*-standin tag points at;
# every tag of those images is copied. An image whose id already matches is not copied again
# (docker save/load keeps the image id), so the 20.10 engine's staleness logic decides for both.
standin_tags() {
  "$LEGACY_DOCKER" image ls --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' |
    awk '
      { id[NR] = $1; tag[NR] = $2 }
      $2 == "local/debian:bookworm-slim" || $2 ~ /^local\/[a-z0-9-]+-standin:/ { wanted[$1] = 1 }
      END { for (i = 1; i <= NR; i++) if ((id[i] in wanted) && tag[i] !~ /<none>/) print id[i], tag[i] }
    ' | sort
}

cmd_sync_standins() {
  local start=$SECONDS id tag have
  daemon_answers || die "the current engine is not running (run: bash scripts/modern-engine.sh start)"
  "$LEGACY_DOCKER" info >/dev/null 2>&1 || die "the 20.10 engine (where the stand-ins are built) is not running"
  local -a retag=() wanted=()
  local -A copy_tags=()
  while read -r id tag; do
    wanted+=("$tag")
    have="$(client image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
    [[ "$have" == "$id" ]] && continue
    if client image inspect "$id" >/dev/null 2>&1; then
      retag+=("$id $tag")
    else
      copy_tags[$id]+="$tag "
    fi
  done < <(standin_tags)
  ((${#wanted[@]} > 0)) || die "no stand-in images in the 20.10 engine (run: bash scripts/engine.sh)"
  local line copied=${#copy_tags[@]}
  for line in "${retag[@]}"; do client tag "${line%% *}" "${line#* }"; done
  local errlog
  errlog="$(mktemp)"
  TMP_DIRS+=("$errlog")
  # All in one archive first (layers shared by several stand-ins, like the Debian base, are
  # written once); if that fails (another process re-tagged a stand-in meanwhile), one image
  # at a time: layers already loaded are skipped by docker load.
  local -a all_tags=()
  for id in "${!copy_tags[@]}"; do
    local -a some
    read -ra some <<<"${copy_tags[$id]}"
    all_tags+=("${some[@]}")
  done
  if ((${#all_tags[@]} > 0)); then
    log "stand-ins: copying ${#copy_tags[@]} image(s) from the 20.10 engine: ${all_tags[*]}"
    if "$LEGACY_DOCKER" save "${all_tags[@]}" 2>"$errlog" | client load -q >/dev/null 2>>"$errlog"; then
      copy_tags=()
      all_tags=()
    else
      log "stand-ins: one archive failed ($(head -c 200 "$errlog")); copying one image at a time"
    fi
  fi
  for id in "${!copy_tags[@]}"; do
    local -a tags
    read -ra tags <<<"${copy_tags[$id]}"
    log "stand-ins: copying ${tags[*]} from the 20.10 engine"
    if ! "$LEGACY_DOCKER" save "${tags[@]}" 2>"$errlog" | client load -q >/dev/null 2>>"$errlog"; then
      # Another process may have just rebuilt or removed it there: only that is not an error.
      if [[ "$("$LEGACY_DOCKER" image inspect -f '{{.Id}}' "${tags[0]}" 2>/dev/null)" == "$id" ]]; then
        cat "$errlog" >&2
        die "docker save | docker load of ${tags[*]} failed"
      fi
      log "stand-ins: ${tags[*]} changed in the 20.10 engine while copying; skipped"
    fi
  done
  # Recipe tags the 20.10 engine no longer has (stale stand-ins) go, and so do their images
  # once nothing else names them.
  local -A keep=()
  for tag in "${wanted[@]}"; do keep[$tag]=1; done
  while read -r tag; do
    [[ -n "${keep[$tag]:-}" ]] || client rmi "$tag" >/dev/null 2>&1 || true
  done < <(client image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^local/[a-z0-9-]+-standin:' || true)
  log "stand-ins: ${#wanted[@]} tags in the current engine (${copied} image(s) copied, ${#retag[@]} tag(s) added) in $((SECONDS - start))s"
}

case "${1:-start}" in
  start) cmd_start ;;
  sync-standins) take_lock; cmd_sync_standins ;;
  env) cmd_env ;;
  versions) cmd_versions ;;
  stop) cmd_stop ;;
  purge) cmd_purge ;;
  *) die "unknown mode '$1' (start, sync-standins, env, versions, stop, purge)" ;;
esac
