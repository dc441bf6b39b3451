# shellcheck shell=bash
# Stand-ins for the official python:3.11-slim-bookworm / python:3.11-slim images, sourced by
# scripts/engine.sh (uses log, die, image_exists, image_id, new_tmp_dir, DOCKER, DEBIAN_TAG,
# REPO_ROOT). Debian bookworm's python3 is 3.11, so only 3.11 tags exist here: the e2e
# fixtures pass --runtime-version 3.11. Rebuilt only when the recipe or the Debian image changes.

build_python_standin() {
  local src="$REPO_ROOT/test/standins/python"
  local recipe_repo=local/python-standin
  local -a tags=(python:3.11-slim-bookworm python:3.11-slim)
  local recipe
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt ctx
  [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
  recipe="$({ printf 'base=%s\n' "$(image_id "$DEBIAN_TAG")"; cat "$src/Dockerfile" "$ca_bundle"; } | sha256sum | cut -c1-16)"
  local primary="${tags[0]}" old_id tag
  old_id="$(image_id "$primary")"
  if [[ -n "$old_id" && "$(image_id "$recipe_repo:$recipe")" == "$old_id" ]]; then
    for tag in "${tags[@]:1}"; do
      [[ "$(image_id "$tag")" == "$old_id" ]] || "$DOCKER" tag "$primary" "$tag"
    done
    log "image $primary: present"
    return
  fi
  log "image $primary: building from $DEBIAN_TAG with Debian's python3 (recipe $recipe)"
  local -a tag_args=()
  for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
  new_tmp_dir ctx standin-python
  cp "$src/Dockerfile" "$ctx/Dockerfile"
  cp "$ca_bundle" "$ctx/host-ca-certificates.crt"
  standin_build python --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" \
    -t "$recipe_repo:$recipe" "${tag_args[@]}" "$ctx"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "$primary"
  log "image $primary: built ($(image_size "$primary")), also tagged ${tags[*]:1}"
}

build_python_standin
