# shellcheck shell=bash
# Stand-in for the official denoland/deno:debian-<v> image, sourced by scripts/engine.sh (uses
# log, die, image_id, new_tmp_dir, standin_build, standin_prune, image_size, DOCKER, DEBIAN_TAG,
# REPO_ROOT). The binary is npm's @deno/linux-x64-glibc (npm pack through the host's npm). Tags:
# denoland/deno:debian-<version> and denoland/deno:<version> (the official default is Debian).
# Rebuilt only when the version, the recipe, the CA bundle or the Debian image changes.

# The @deno/linux-x64-glibc version the stand-in is built from (npm package).
STANDIN_DENO_VERSION="${STANDIN_DENO_VERSION:-2.9.6}"

build_deno_standin() {
  local src="$REPO_ROOT/test/standins/deno" recipe_repo=local/deno-standin version=$STANDIN_DENO_VERSION
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt recipe ctx old_id tag
  [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "STANDIN_DENO_VERSION must be x.y.z (got '$version')"
  local -a tags=("denoland/deno:debian-$version" "denoland/deno:$version")
  recipe="$({ printf 'base=%s deno=%s\n' "$(image_id "$DEBIAN_TAG")" "$version"; cat "$src/Dockerfile" "$ca_bundle"; } | sha256sum | cut -c1-16)"
  old_id="$(image_id "${tags[0]}")"
  standin_present "$recipe_repo" "$recipe" "deno $version" "${tags[@]}" && return
  log "image ${tags[0]}: building from npm's @deno/linux-x64-glibc@$version"
  new_tmp_dir ctx standin-deno
  (cd "$ctx" && npm pack --silent "@deno/linux-x64-glibc@$version" >/dev/null) || die "npm pack @deno/linux-x64-glibc@$version failed"
  tar -xzf "$ctx"/deno-linux-x64-glibc-*.tgz -C "$ctx" package/deno
  mv "$ctx/package/deno" "$ctx/deno"
  rm -rf "$ctx/package" "$ctx"/*.tgz
  cp "$src/Dockerfile" "$ctx/Dockerfile"
  cp "$ca_bundle" "$ctx/host-ca-certificates.crt"
  local -a tag_args=()
  for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
  standin_build deno --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" --build-arg "DENO_VERSION=$version" \
    -t "$recipe_repo:$recipe" "${tag_args[@]}" "$ctx"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "${tags[0]}"
  log "image ${tags[0]}: built ($(image_size "${tags[0]}")), also tagged ${tags[*]:1}"
}

build_deno_standin
