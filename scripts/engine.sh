#!/usr/bin/env bash
# Make a usable Docker engine plus offline stand-in base images for the e2e tests.
#
#   bash scripts/engine.sh            set up (idempotent): packages, the 20.10 engine, stand-in images,
#                                     then the current engine (scripts/modern-engine.sh) with a copy of them
#   bash scripts/engine.sh packages   only the tools the tests spawn (run by the mocha setup
#                                     before the first test: test/support/setup.ts)
#   bash scripts/engine.sh purge      stop the engines it started, remove their folders and the
#                                     stand-in images (Debian packages stay)
#
# Idempotent: installs missing Debian packages, starts dockerd if `docker info`
# fails, builds local/debian:bookworm-slim (debootstrap) only if absent, and the
# stand-ins of scripts/standins/*.sh (node:<M>-bookworm-slim for each Node.js major, ...)
# only if absent or stale (recipe, CA bundle, registry or base image changed).
# Needs root on first run. No stdin needed. See test/standins/README.md.
#
# Environment overrides (all optional):
#   DEBIAN_MIRROR           Debian mirror for debootstrap (default: from /etc/apt)
#   DEBIAN_SECURITY_MIRROR  security mirror written into the image's apt sources
#   STANDIN_YARN_VERSION    yarn classic bundled like the official image (1.22.22)
#   NODE_STANDIN_MAJORS     only these Node.js stand-ins (e.g. "20 24"; default: all)
#   ENGINE_WAIT_SECONDS     how long to wait for dockerd (60)
set -euo pipefail

readonly DOCKER=/usr/bin/docker
readonly DEBIAN_TAG=local/debian:bookworm-slim
readonly DEBIAN_ALIAS=debian:bookworm-slim
readonly SUITE=bookworm
# Versions below: updated by Renovate (renovate.json); keep each under its `# renovate:` line.
# shellcheck disable=SC2034 # YARN_VERSION: used by scripts/standins/node.sh
# renovate: datasource=npm depName=yarn
readonly YARN_VERSION="${STANDIN_YARN_VERSION:-1.22.22}"
# Renovate release whose renovate-schema.json validates renovate.json (test/unit/versions.test.ts).
# renovate: datasource=npm depName=renovate
readonly RENOVATE_SCHEMA_VERSION="44.121.2"
readonly WAIT_SECONDS="${ENGINE_WAIT_SECONDS:-60}"
readonly LEGACY_STARTED_PIDFILE="${DOCKER_PROD_RUN_DIR:-/run/docker-prod}/legacy-dockerd.pid"
export DOCKER_BUILDKIT=1
export DEBIAN_FRONTEND=noninteractive

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
readonly SCRIPT_DIR REPO_ROOT
START_SECONDS=$SECONDS

log() { printf '[engine] %s\n' "$*"; }
die() { printf '[engine] ERROR: %s\n' "$*" >&2; exit 1; }

# Temp dirs removed on exit. Unmount anything debootstrap may have left mounted
# (proc/sys) before deleting, and never cross into another filesystem.
TMP_DIRS=()
cleanup() {
  local dir mnt
  for dir in "${TMP_DIRS[@]}"; do
    [[ -d "$dir" ]] || continue
    while read -r mnt; do
      if [[ -n "$mnt" ]]; then umount -l "$mnt" 2>/dev/null || true; fi
    done < <(findmnt -rno TARGET 2>/dev/null | grep -F "$dir/" | sort -r || true)
    rm -rf --one-file-system "$dir"
  done
}
trap cleanup EXIT
# new_tmp_dir VAR PREFIX: create a temp dir, store its path in VAR, remove it on exit.
# (Not via $(...): the subshell would lose the TMP_DIRS registration.)
new_tmp_dir() {
  local -n out_var=$1
  out_var="$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")"
  TMP_DIRS+=("$out_var")
}

# ---------------------------------------------------------------- packages --
ensure_packages() {
  local -a missing=()
  [[ -x "$DOCKER" ]] || missing+=(docker.io)
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [[ -x /usr/bin/docker-compose ]] || missing+=(docker-compose)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  if ((${#missing[@]} == 0)); then
    log "packages: present"
    return
  fi
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  [[ $EUID -eq 0 ]] || die "missing packages (${missing[*]}) and not root; install them first"
  log "packages: installing ${missing[*]}"
  local apt_dir
  new_tmp_dir apt_dir engine-apt
  if ! { apt-get update -qq && NEEDRESTART_SUSPEND=1 apt-get install -y -qq "${missing[@]}"; } \
    </dev/null >"$apt_dir/apt.log" 2>&1; then
    tail -n 30 "$apt_dir/apt.log" >&2
    die "apt-get failed"
  fi
}

# Lint tools from npm that are not dependencies of the package (test/tools has its own
# lockfile): installed with --ignore-scripts, reinstalled when the lockfile changes.
ensure_test_tools() {
  local tools="$REPO_ROOT/test/tools" stamp want
  stamp="$tools/node_modules/.lockfile-sha256"
  want="$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    log "test tools: present"
    return
  fi
  log "test tools: npm ci in test/tools"
  (cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || die "npm ci in test/tools failed"
  printf '%s\n' "$want" >"$stamp"
}

# Renovate's JSON schema for renovate.json, from the npm package's tarball (npm pack: no
# install, no scripts; the package is large and AGPL, so only this one file is kept, outside git).
ensure_renovate_schema() {
  local dest="$REPO_ROOT/test/tools/node_modules/.renovate-schema/$RENOVATE_SCHEMA_VERSION.json" tmp
  if [[ -s "$dest" ]]; then
    log "renovate schema: present"
    return
  fi
  log "renovate schema: installing renovate-schema.json (npm pack renovate@$RENOVATE_SCHEMA_VERSION)"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "renovate@$RENOVATE_SCHEMA_VERSION" >/dev/null 2>"$tmp/npm-pack.log") ||
    { cat "$tmp/npm-pack.log" >&2; rm -rf "$tmp"; die "npm pack renovate@$RENOVATE_SCHEMA_VERSION failed"; }
  tar -xzf "$tmp/renovate-$RENOVATE_SCHEMA_VERSION.tgz" -C "$tmp" --no-same-owner package/renovate-schema.json ||
    { rm -rf "$tmp"; die "renovate@$RENOVATE_SCHEMA_VERSION has no renovate-schema.json"; }
  mkdir -p "$(dirname "$dest")"
  mv "$tmp/package/renovate-schema.json" "$dest"
  rm -rf "$tmp"
}

# ------------------------------------------------------------------ daemon --
ensure_daemon() {
  if "$DOCKER" info >/dev/null 2>&1; then
    log "dockerd: running"
    return
  fi
  [[ $EUID -eq 0 ]] || die "docker daemon not reachable and not root (cannot start dockerd)"
  if pgrep -x dockerd >/dev/null 2>&1; then
    log "dockerd: process exists, waiting for it to answer"
  else
    log "dockerd: starting (log: /tmp/dockerd.log)"
    # Without the caller's TMPDIR: a test run's own temp folder is removed when the run ends, and
    # the engine outlives it (runc writes its exec files there; a later run could not exec).
    env -u TMPDIR setsid dockerd >/tmp/dockerd.log 2>&1 </dev/null &
    # Recorded so that `engine.sh purge` stops only a dockerd this script started.
    mkdir -p "$(dirname "$LEGACY_STARTED_PIDFILE")"
    echo $! >"$LEGACY_STARTED_PIDFILE"
  fi
  local waited=0
  until "$DOCKER" info >/dev/null 2>&1; do
    if ((waited >= WAIT_SECONDS)); then
      printf '[engine] dockerd did not answer within %ss; tail of /tmp/dockerd.log:\n' "$WAIT_SECONDS" >&2
      tail -n 40 /tmp/dockerd.log >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "dockerd: up after ${waited}s"
}

image_exists() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }
image_id() { "$DOCKER" image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# ------------------------------------------------------- debian stand-in --
# host_mirror_for_suite SUITE (shared with scripts/modern-engine.sh).
# shellcheck source=scripts/lib/apt-mirror.sh
source "$SCRIPT_DIR/lib/apt-mirror.sh"

# build_debian_standin [SUITE TAG ALIAS]: debootstrap SUITE into TAG, tagged ALIAS too (default:
# bookworm, $DEBIAN_TAG, $DEBIAN_ALIAS); other suites are built by the stand-ins that need them.
build_debian_standin() {
  local suite="${1:-$SUITE}" tag="${2:-$DEBIAN_TAG}" alias="${3:-$DEBIAN_ALIAS}"
  if image_exists "$tag"; then
    log "image $tag: present"
    image_exists "$alias" || "$DOCKER" tag "$tag" "$alias"
    return
  fi
  [[ $EUID -eq 0 ]] || die "building $tag needs root (debootstrap)"
  local mirror security rootfs
  mirror="${DEBIAN_MIRROR:-$(host_mirror_for_suite "$suite")}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  mirror="${mirror%/}"
  security="${DEBIAN_SECURITY_MIRROR:-$(host_mirror_for_suite "$suite-security")}"
  security="${security:-http://deb.debian.org/debian-security}"
  security="${security%/}"
  local work
  new_tmp_dir work standin-debian
  rootfs="$work/rootfs"
  log "image $tag: debootstrap --variant=minbase $suite from $mirror (~30 s)"
  if ! debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1; then
    tail -n 30 "$rootfs.log" >&2
    die "debootstrap failed"
  fi

  # Make it look like the official debian:bookworm-slim (debuerreotype --slim):
  # deb822 sources incl. security, docker apt/dpkg tweaks, no docs/man/locales,
  # empty apt lists and caches, empty /dev.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  printf 'Apt::AutoRemove::SuggestsImportant "false";\n' >"$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"
  printf 'Acquire::GzipIndexes "true";\n' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf 'Acquire::Languages "none";\n' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  printf 'force-unsafe-io\n' >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
EOF
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "${rootfs:?}"/usr/share/{groff,info,linda,lintian,locale,man}/* \
    "${rootfs:?}"/var/lib/apt/lists/* "${rootfs:?}"/var/cache/apt/*.bin \
    "${rootfs:?}"/var/cache/apt/archives/*.deb "${rootfs:?}"/var/log/*.log \
    "${rootfs:?}"/var/log/apt/* "${rootfs:?}"/dev/* "${rootfs:?}"/tmp/*
  mkdir -p "$rootfs/var/lib/apt/lists/partial"
  : >"$rootfs/etc/hostname"

  log "image $tag: importing"
  tar --numeric-owner -C "$rootfs" -c . | "$DOCKER" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    - "$tag" >/dev/null
  "$DOCKER" tag "$tag" "$alias"
  log "image $tag: built ($(image_size "$tag"))"
}

image_size() {
  "$DOCKER" image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'
}

# standin_build NAME DOCKER_BUILD_ARGS...: `docker build` of a stand-in, its log shown only on failure.
standin_build() {
  local name=$1 log_dir
  shift
  new_tmp_dir log_dir "standin-$name-log"
  if ! "$DOCKER" build --progress=plain "$@" >"$log_dir/build.log" 2>&1; then
    tail -n 40 "$log_dir/build.log" >&2
    die "building the $name stand-in failed"
  fi
}

# standin_present RECIPE_REPO RECIPE WHAT PRIMARY [TAG...]: true when PRIMARY is already the image
# RECIPE_REPO:RECIPE was built as (nothing to rebuild); each TAG is then pointed at it too, and the
# log says "present (WHAT)". False when PRIMARY is missing or older than the recipe.
standin_present() {
  local repo=$1 recipe=$2 what=$3 primary=$4 id tag
  shift 4
  id="$(image_id "$primary")"
  [[ -n "$id" && "$(image_id "$repo:$recipe")" == "$id" ]] || return 1
  for tag in "$@"; do
    [[ "$(image_id "$tag")" == "$id" ]] || "$DOCKER" tag "$primary" "$tag"
  done
  log "image $primary: present${what:+ ($what)}"
}

# standin_prune RECIPE_REPO RECIPE OLD_ID TAG: after a rebuild, drop older recipe tags and the
# previous image (OLD_ID, once TAG points elsewhere) if nothing else uses it.
standin_prune() {
  local repo=$1 recipe=$2 old_id=$3 tag=$4
  "$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' "$repo" | grep -vxF "$repo:$recipe" |
    xargs -r "$DOCKER" rmi >/dev/null 2>&1 || true
  if [[ -n "$old_id" && "$old_id" != "$(image_id "$tag")" ]]; then
    "$DOCKER" rmi "$old_id" >/dev/null 2>&1 || true
  fi
}

# build_debian_package_standin [--host-ca] [--arg NAME=VALUE]... NAME RECIPE_REPO BASE SRC WHAT TAG...: a stand-in made
# from Debian packages: `docker build` (host network, for apt-get) of the recipe folder SRC on the
# Debian image BASE, tagged TAG... (the first is the primary) and RECIPE_REPO:<recipe>, where
# <recipe> hashes BASE's image id and every file of the build context: rebuilt only when one of
# them changes. --host-ca: the context is SRC plus the host's CA bundle as
# host-ca-certificates.crt, for a recipe that trusts it (registries behind a TLS-inspecting
# proxy). --arg: a build argument of the recipe (part of <recipe>), so one recipe folder makes
# several stand-ins. WHAT says what it is made with, for the log.
build_debian_package_standin() {
  local host_ca=
  local -a build_args=()
  while [[ "${1:-}" == --host-ca || "${1:-}" == --arg ]]; do
    if [[ "$1" == --host-ca ]]; then
      host_ca=1
      shift
    else
      [[ "${2:-}" =~ ^[A-Z_][A-Z0-9_]*=[A-Za-z0-9._-]*$ ]] || die "build_debian_package_standin: --arg wants NAME=VALUE (got '${2:-}')"
      build_args+=(--build-arg "$2")
      shift 2
    fi
  done
  local name=$1 recipe_repo=$2 base=$3 src=$4 what=$5
  shift 5
  local -a tags=("$@")
  local ctx=$src recipe primary="${tags[0]}" old_id tag
  if [[ -n "$host_ca" ]]; then
    local ca_bundle=/etc/ssl/certs/ca-certificates.crt
    [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
    new_tmp_dir ctx "standin-$name"
    cp -R "$src/." "$ctx/"
    cp "$ca_bundle" "$ctx/host-ca-certificates.crt"
  fi
  recipe="$(
    {
      image_id "$base"
      ((${#build_args[@]} == 0)) || printf '%s\n' "${build_args[@]}"
      find "$ctx" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s#$ctx/##"
    } | sha256sum | cut -c1-16
  )"
  old_id="$(image_id "$primary")"
  standin_present "$recipe_repo" "$recipe" "" "${tags[@]}" && return
  log "image $primary: building from $base with $what (recipe $recipe)"
  local -a tag_args=()
  for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
  standin_build "$name" --network host --build-arg "BASE_IMAGE=$base" "${build_args[@]}" \
    -t "$recipe_repo:$recipe" "${tag_args[@]}" "$ctx"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "$primary"
  if ((${#tags[@]} > 1)); then
    log "image $primary: built ($(image_size "$primary")), also tagged ${tags[*]:1}"
  else
    log "image $primary: built ($(image_size "$primary"))"
  fi
}

# --------------------------------------------------------- node stand-in --
# Helpers for scripts/standins/node.sh (one stand-in per Node.js major, from the npm registry).

# The host's npm registry without trailing slash (project .npmrc files ignored).
host_registry() {
  local registry
  registry="$(cd / && npm config get registry 2>/dev/null)" || registry=""
  registry="${registry%/}"
  printf '%s\n' "${registry:-https://registry.npmjs.org}"
}

# The stand-in's npmrc: CA file always, registry only if the host's is not the default.
standin_npmrc() {
  local registry=$1
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n'
  if [[ "$registry" != "https://registry.npmjs.org" ]]; then
    printf 'registry=%s/\n' "$registry"
  fi
}

# Certificates in the host bundle that Node does not ship (e.g. a TLS-inspecting
# proxy's CA), one PEM per file, so update-ca-certificates inside a build keeps them.
write_extra_cas() {
  local bundle=$1 outdir=$2
  node - "$bundle" "$outdir" <<'EOF'
const fs = require('node:fs');
const path = require('node:path');
const tls = require('node:tls');
const [bundle, outdir] = process.argv.slice(2);
const norm = (pem) => pem.replace(/\s+/g, '');
const known = new Set(tls.rootCertificates.map(norm));
const pems = fs.readFileSync(bundle, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) || [];
let n = 0;
for (const pem of pems) {
  if (known.has(norm(pem))) continue;
  n += 1;
  fs.writeFileSync(path.join(outdir, `host-extra-${n}.crt`), pem + '\n');
}
console.log(n);
EOF
}

# ------------------------------------------------------------------- purge --
# `engine.sh purge`: undo what this script and scripts/modern-engine.sh set up: the current
# engine (daemons, folders, bridge), the stand-in images in the 20.10 engine, and that dockerd
# if this script started it. Debian packages stay (installed by the setup step; apt-get purge).
purge_legacy() {
  if "$DOCKER" info >/dev/null 2>&1; then
    local -a ids
    mapfile -t ids < <("$DOCKER" image ls --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' |
      awk '$2 ~ /^local\/debian:[a-z]+-slim$/ || $2 ~ /^local\/[a-z0-9-]+-standin:/ { print $1 }' | sort -u)
    if ((${#ids[@]} > 0)); then
      log "removing ${#ids[@]} stand-in image(s) and all their tags from the 20.10 engine"
      "$DOCKER" rmi -f "${ids[@]}" >/dev/null 2>&1 || true
    fi
  fi
  if [[ -f "$LEGACY_STARTED_PIDFILE" ]]; then
    local pid waited=0
    pid="$(cat "$LEGACY_STARTED_PIDFILE")"
    if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]]; then
      log "stopping the dockerd this script started (pid $pid)"
      kill -TERM "$pid"
      while kill -0 "$pid" 2>/dev/null && ((waited < 30)); do sleep 1; waited=$((waited + 1)); done
    fi
    rm -f "$LEGACY_STARTED_PIDFILE"
  fi
}

case "${1:-}" in
  purge | --purge)
    bash "$SCRIPT_DIR/modern-engine.sh" purge
    purge_legacy
    rmdir "$(dirname "$LEGACY_STARTED_PIDFILE")" 2>/dev/null || true
    log "purged in $((SECONDS - START_SECONDS))s"
    exit 0
    ;;
  "" | packages) ;;
  *) die "unknown argument '$1' (no argument: set up; packages: only the tools the tests spawn; purge: remove what it set up)" ;;
esac

ensure_packages
ensure_test_tools
ensure_renovate_schema
if [[ "${1:-}" == packages ]]; then
  log "packages ready in $((SECONDS - START_SECONDS))s"
  exit 0
fi
ensure_daemon
build_debian_standin "$SUITE" "$DEBIAN_TAG" "$DEBIAN_ALIAS"
# Stand-ins for the other stacks: each scripts/standins/<name>.sh is sourced here, in name
# order, and may use everything above (log, die, image_exists, image_id, new_tmp_dir, DOCKER,
# DEBIAN_TAG, REPO_ROOT, build_debian_package_standin). Each builds its images only when absent or stale.
for standin_script in "$SCRIPT_DIR"/standins/*.sh; do
  [[ -e "$standin_script" ]] || continue
  # shellcheck source=/dev/null
  source "$standin_script"
done
# The current engine (Docker 28 + Compose v2 + buildx) the tests use by default, beside this
# 20.10 one, and the stand-ins copied into it (only images whose id differs).
bash "$SCRIPT_DIR/modern-engine.sh" start
bash "$SCRIPT_DIR/modern-engine.sh" sync-standins
log "ready in $((SECONDS - START_SECONDS))s (legacy: $DOCKER 20.10 + /usr/bin/docker-compose; current: bash scripts/modern-engine.sh env)"
