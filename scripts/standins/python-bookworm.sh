# shellcheck shell=bash
# Stand-in for the official python:3.11-slim-trixie image, sourced by scripts/engine.sh (uses log,
# die, image_id, new_tmp_dir, DOCKER, REPO_ROOT, DEBIAN_TAG, standin_build, standin_prune). Made
# from Debian bookworm's python3 (3.11; trixie has none): the tag a generated Dockerfile names when
# the lockfile's wheels choose Python 3.11, with bookworm's content (test/standins/README.md).
# Rebuilt only when the recipe, the host CA bundle or the Debian image changes.

build_python311_standin() {
  local src="$REPO_ROOT/test/standins/python-bookworm"
  local recipe_repo=local/python-bookworm-standin
  local -a tags=(python:3.11-slim-trixie)
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt ctx recipe
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
  log "image $primary: building from $DEBIAN_TAG with Debian bookworm's python3 (recipe $recipe)"
  local -a tag_args=()
  for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
  new_tmp_dir ctx standin-python311
  cp "$src/Dockerfile" "$ctx/Dockerfile"
  cp "$ca_bundle" "$ctx/host-ca-certificates.crt"
  standin_build python-bookworm --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" \
    -t "$recipe_repo:$recipe" "${tag_args[@]}" "$ctx"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "$primary"
  log "image $primary: built ($(image_size "$primary"))"
}

build_python311_standin
