# shellcheck shell=bash
# Stand-in for the official ruby:3.1-slim-bookworm image, sourced by scripts/engine.sh (uses log, die,
# image_exists, image_id, new_tmp_dir, DOCKER, DEBIAN_TAG, REPO_ROOT), built from Debian's ruby
# (bookworm). Rebuilt only when the recipe (test/standins/ruby/*) or the Debian image changes.

build_ruby_standin() {
  local src="$REPO_ROOT/test/standins/ruby"
  local recipe_repo=local/ruby-standin
  local -a tags=(ruby:3.1-slim-bookworm ruby:3.1-slim)
  local recipe primary="${tags[0]}" old_id tag
  recipe="$(
    {
      image_id "$DEBIAN_TAG"
      find "$src" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s#$src/##"
    } | sha256sum | cut -c1-16
  )"
  old_id="$(image_id "$primary")"
  if [[ -n "$old_id" && "$(image_id "$recipe_repo:$recipe")" == "$old_id" ]]; then
    for tag in "${tags[@]:1}"; do
      [[ "$(image_id "$tag")" == "$old_id" ]] || "$DOCKER" tag "$primary" "$tag"
    done
    log "image $primary: present"
    return
  fi
  log "image $primary: building from $DEBIAN_TAG with Debian's ruby (recipe $recipe)"
  local -a tag_args=()
  for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
  standin_build ruby --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" \
    -t "$recipe_repo:$recipe" "${tag_args[@]}" "$src"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "$primary"
  log "image $primary: built ($(image_size "$primary")), also tagged ${tags[*]:1}"
}

build_ruby_standin
