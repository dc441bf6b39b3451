# shellcheck shell=bash
# Go stack stand-ins, sourced by scripts/engine.sh (uses log, die, image_exists, image_id,
# new_tmp_dir, DOCKER, DEBIAN_TAG, REPO_ROOT from there). Builds, only when absent or stale:
#   golang:<X.Y>-bookworm, golang:<X.Y.Z>-bookworm   the host's own Go release ($(go env GOROOT))
#   gcr.io/distroless/static-debian12:nonroot        FROM scratch: passwd/group, CA, tzdata, /tmp
#   gcr.io/distroless/base-debian12:nonroot          + glibc, libssl3
#   gcr.io/distroless/cc-debian12:nonroot            + libgcc-s1, libstdc++6
# Each is also tagged local/go-standin:<name>-<recipe hash>, recording what it was built from
# (a tag rather than a label, which images built FROM it would inherit). See test/standins/README.md.

readonly GO_STANDIN_SRC="$REPO_ROOT/test/standins/go"
readonly GO_RECIPE_REPO=local/go-standin
readonly DISTROLESS_REPO=gcr.io/distroless

# go_standin_fresh TAG RECIPE_TAG: true when TAG exists and is the image RECIPE_TAG records.
go_standin_fresh() {
  local id
  id="$(image_id "$1")"
  [[ -n "$id" && "$id" == "$(image_id "$2")" ]]
}

# go_standin_build LOG_NAME CONTEXT ARGS...: a stand-in build on the Debian stand-in's network path.
go_standin_build() {
  local name=$1 ctx=$2
  shift 2
  standin_build "$name" --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" "$@" "$ctx"
}

# The host's Go toolchain (a go.dev release): GOROOT and version. The stand-in is built from it.
host_go_root() { go env GOROOT; }
host_go_version() { local v; v="$(go env GOVERSION)"; printf '%s\n' "${v#go}"; }

build_golang_standin() {
  local recipe recipe_tag ctx version minor goroot
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt
  [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
  command -v go >/dev/null 2>&1 || die "no go on PATH: the golang stand-in is built from the machine's Go toolchain"
  goroot="$(host_go_root)"
  version="$(host_go_version)"
  [[ "$version" =~ ^1\.[0-9]+\.[0-9]+$ ]] || die "host Go version \"$version\" is not a release (1.N.P)"
  [[ -x "$goroot/bin/go" && -f "$goroot/VERSION" ]] || die "host GOROOT $goroot is not a Go release tree"
  minor="$(cut -d. -f1,2 <<<"$version")"
  recipe="$({ printf 'go=%s\n' "$version"; cat "$GO_STANDIN_SRC/golang.Dockerfile" "$ca_bundle" "$goroot/VERSION"; image_id "$DEBIAN_TAG"; } | sha256sum | cut -c1-16)"
  recipe_tag="$GO_RECIPE_REPO:golang-$recipe"
  if image_exists "$recipe_tag" && go_standin_fresh "golang:$minor-bookworm" "$recipe_tag" \
    && go_standin_fresh "golang:$version-bookworm" "$recipe_tag"; then
    log "image golang:$minor-bookworm: present (go $version)"
    return
  fi
  if ! image_exists "$recipe_tag"; then
    log "image golang:$minor-bookworm: building from the host's Go $version ($goroot, ~1 min)"
    new_tmp_dir ctx standin-golang
    cp "$GO_STANDIN_SRC/golang.Dockerfile" "$ctx/Dockerfile"
    cp "$ca_bundle" "$ctx/host-ca-certificates.crt"
    cp -a "$goroot" "$ctx/go"
    # The go.dev tarball's go.env (a machine may have edited its copy).
    printf '%s\n' '# This file contains the initial defaults for go command configuration.' \
      'GOPROXY=https://proxy.golang.org,direct' 'GOSUMDB=sum.golang.org' 'GOTOOLCHAIN=auto' >"$ctx/go/go.env"
    go_standin_build golang "$ctx" --build-arg "GOLANG_VERSION=$version" -t "$recipe_tag"
  fi
  "$DOCKER" tag "$recipe_tag" "golang:$minor-bookworm"
  "$DOCKER" tag "$recipe_tag" "golang:$version-bookworm"
  log "image golang:$minor-bookworm: ready (go $version, $(image_size "golang:$minor-bookworm")), also tagged golang:$version-bookworm"
}

build_distroless_standins() {
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt recipe variant ctx all_fresh=1
  [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
  recipe="$(cat "$GO_STANDIN_SRC/distroless.Dockerfile" "$GO_STANDIN_SRC/make-rootfs.sh" "$ca_bundle" \
    <(image_id "$DEBIAN_TAG") | sha256sum | cut -c1-16)"
  for variant in static base cc; do
    go_standin_fresh "$DISTROLESS_REPO/$variant-debian12:nonroot" "$GO_RECIPE_REPO:distroless-$variant-$recipe" || all_fresh=0
  done
  if ((all_fresh)); then
    log "images $DISTROLESS_REPO/{static,base,cc}-debian12:nonroot: present"
    return
  fi
  log "images $DISTROLESS_REPO/{static,base,cc}-debian12:nonroot: building FROM scratch"
  new_tmp_dir ctx standin-distroless
  cp "$GO_STANDIN_SRC/distroless.Dockerfile" "$ctx/Dockerfile"
  cp "$GO_STANDIN_SRC/make-rootfs.sh" "$ctx/make-rootfs.sh"
  cp "$ca_bundle" "$ctx/ca-certificates.crt"
  for variant in static base cc; do
    go_standin_build "distroless-$variant" "$ctx" --target "$variant" \
      -t "$GO_RECIPE_REPO:distroless-$variant-$recipe" -t "$DISTROLESS_REPO/$variant-debian12:nonroot"
  done
  log "images $DISTROLESS_REPO/{static,base,cc}-debian12:nonroot: built (static $(image_size "$DISTROLESS_REPO/static-debian12:nonroot"))"
}

build_golang_standin
build_distroless_standins
