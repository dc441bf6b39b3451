# shellcheck shell=bash
# Stand-in for the official rust:<X.Y>-slim-bookworm image, sourced by scripts/engine.sh (uses
# log, die, image_id, new_tmp_dir, standin_build, standin_prune, image_size, DOCKER, DEBIAN_TAG,
# REPO_ROOT). Built from the host's rustup toolchain (rustc --version decides the tags:
# rust:1.95-slim-bookworm and rust:1.95.0-slim-bookworm). Rebuilt only when the toolchain, the
# recipe, the CA bundle or the Debian image changes. See test/standins/README.md.

build_rust_standin() {
  local src="$REPO_ROOT/test/standins/rust" recipe_repo=local/rust-standin
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt rustc toolchain version minor recipe ctx old_id primary
  [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
  rustc="$(command -v rustc || true)"
  [[ -n "$rustc" ]] || rustc="${HOME:-/root}/.cargo/bin/rustc"
  [[ -x "$rustc" ]] || die "rustc not found (the Rust stand-in copies the host's rustup toolchain)"
  version="$("$rustc" --version | cut -d' ' -f2)"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "unexpected rustc version '$version'"
  toolchain="$("$rustc" --print sysroot)"
  [[ -x "$toolchain/bin/cargo" ]] || die "no cargo in the host toolchain $toolchain"
  minor="${version%.*}"
  primary="rust:$minor-slim-bookworm"
  recipe="$({ printf 'base=%s rust=%s\n' "$(image_id "$DEBIAN_TAG")" "$version"; cat "$src/Dockerfile" "$ca_bundle"; } | sha256sum | cut -c1-16)"
  old_id="$(image_id "$primary")"
  standin_present "$recipe_repo" "$recipe" "rustc $version" "$primary" "rust:$version-slim-bookworm" && return
  log "image $primary: building from the host's Rust $version toolchain"
  new_tmp_dir ctx standin-rust
  cp "$src/Dockerfile" "$ctx/Dockerfile"
  cp "$ca_bundle" "$ctx/host-ca-certificates.crt"
  tar -C "$toolchain" -cf "$ctx/toolchain.tar" bin/cargo bin/rustc lib
  standin_build rust --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" --build-arg "RUST_VERSION=$version" \
    -t "$recipe_repo:$recipe" -t "$primary" -t "rust:$version-slim-bookworm" "$ctx"
  rm -f "$ctx/toolchain.tar"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "$primary"
  log "image $primary: built ($(image_size "$primary")), also tagged rust:$version-slim-bookworm"
}

build_rust_standin
