# shellcheck shell=bash
# Stand-in for the official oven/bun:<v>-slim image, sourced by scripts/engine.sh (uses log, die,
# image_id, new_tmp_dir, standin_build, standin_prune, image_size, DOCKER, DEBIAN_TAG, REPO_ROOT).
# The binary is npm's @oven/bun-linux-x64 (npm pack through the host's npm). Tags:
# oven/bun:1-slim, oven/bun:<major.minor>-slim, oven/bun:<version>-slim. Rebuilt only when the
# version, the recipe, the CA bundle or the Debian image changes. See test/standins/README.md.

# The @oven/bun-linux-x64 version the stand-in is built from (npm package).
STANDIN_BUN_VERSION="${STANDIN_BUN_VERSION:-1.4.5}"

build_bun_standin() {
  local src="$REPO_ROOT/test/standins/bun" recipe_repo=local/bun-standin version=$STANDIN_BUN_VERSION
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt recipe ctx old_id tag
  [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "STANDIN_BUN_VERSION must be x.y.z (got '$version')"
  local -a tags=("oven/bun:${version%%.*}-slim" "oven/bun:${version%.*}-slim" "oven/bun:$version-slim")
  recipe="$({ printf 'base=%s bun=%s\n' "$(image_id "$DEBIAN_TAG")" "$version"; cat "$src/Dockerfile" "$ca_bundle"; } | sha256sum | cut -c1-16)"
  old_id="$(image_id "${tags[0]}")"
  standin_present "$recipe_repo" "$recipe" "bun $version" "${tags[@]}" && return
  log "image ${tags[0]}: building from npm's @oven/bun-linux-x64@$version"
  new_tmp_dir ctx standin-bun
  (cd "$ctx" && npm pack --silent "@oven/bun-linux-x64@$version" >/dev/null) || die "npm pack @oven/bun-linux-x64@$version failed"
  tar -xzf "$ctx"/oven-bun-linux-x64-*.tgz -C "$ctx" package/bin/bun
  mv "$ctx/package/bin/bun" "$ctx/bun"
  rm -rf "$ctx/package" "$ctx"/*.tgz
  cp "$src/Dockerfile" "$ctx/Dockerfile"
  cp "$ca_bundle" "$ctx/host-ca-certificates.crt"
  local -a tag_args=()
  for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
  standin_build bun --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" -t "$recipe_repo:$recipe" "${tag_args[@]}" "$ctx"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "${tags[0]}"
  log "image ${tags[0]}: built ($(image_size "${tags[0]}")), also tagged ${tags[*]:1}"
}

build_bun_standin
