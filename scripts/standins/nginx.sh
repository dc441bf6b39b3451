# shellcheck shell=bash
# Stand-in for the official nginxinc/nginx-unprivileged:<ver>-bookworm image, used by the
# static-site stack's runtime stage. Sourced by scripts/engine.sh (which defines log, die,
# image_exists, image_id, new_tmp_dir, DOCKER, DEBIAN_TAG, REPO_ROOT).
# Rebuilt only when missing or when its recipe (test/standins/nginx/*, the Debian stand-in's
# image id) changed; the recipe hash is recorded as the tag local/nginx-standin:<hash>.
# NGINX_STANDIN_VERSION must equal NGINX_VERSION in generators/stacks/static/profile.ts.

NGINX_STANDIN_VERSION=1.28
NGINX_STANDIN_REPO=local/nginx-standin

build_nginx_standin() {
  local tag="nginxinc/nginx-unprivileged:${NGINX_STANDIN_VERSION}-bookworm"
  local src="$REPO_ROOT/test/standins/nginx"
  local recipe
  recipe="$(
    {
      image_id "$DEBIAN_TAG"
      printf '%s\n' "$NGINX_STANDIN_VERSION"
      find "$src" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s#$src/##"
    } | sha256sum | cut -c1-16
  )"
  local current
  current="$(image_id "$tag")"
  standin_present "$NGINX_STANDIN_REPO" "$recipe" "" "$tag" && return
  log "image $tag: building from Debian's nginx package (recipe $recipe)"
  standin_build nginx --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" \
    -t "$NGINX_STANDIN_REPO:$recipe" -t "$tag" "$src"
  standin_prune "$NGINX_STANDIN_REPO" "$recipe" "$current" "$tag"
  log "image $tag: built ($(image_size "$tag"))"
}

build_nginx_standin
