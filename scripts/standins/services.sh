# shellcheck shell=bash
# Stand-ins for the official database images compose.yaml uses for backing services
# (generators/lib/services/catalog.ts), built from Debian bookworm's packages. Sourced by
# scripts/engine.sh (uses log, image_id, standin_build, standin_prune, image_size, DEBIAN_TAG,
# REPO_ROOT). Each is rebuilt only when missing or when its recipe (test/standins/<name>/*, the
# Debian stand-in's image id) changed; the hash is recorded as the tag local/<name>-standin:<hash>.
# The tags must equal the images in catalog.ts (test/services.test.ts checks it).
#   postgres:17-bookworm   Debian's postgresql-15
#   mariadb:11.8           Debian's mariadb-server 10.11
#   redis:7.4-bookworm     Debian's redis-server 7.0
# MongoDB and RabbitMQ have no stand-in (not in Debian bookworm): golden files and lint only.

# build_service_standin NAME TAG: test/standins/NAME built as TAG when absent or stale.
build_service_standin() {
  local name=$1 tag=$2
  local src="$REPO_ROOT/test/standins/$name" repo="local/$name-standin" recipe current
  recipe="$(
    {
      image_id "$DEBIAN_TAG"
      printf '%s\n' "$tag"
      find "$src" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s#$src/##"
    } | sha256sum | cut -c1-16
  )"
  current="$(image_id "$tag")"
  standin_present "$repo" "$recipe" "" "$tag" && return
  log "image $tag: building from Debian's packages (recipe $recipe)"
  standin_build "$name" --network host --build-arg "BASE_IMAGE=$DEBIAN_TAG" -t "$repo:$recipe" -t "$tag" "$src"
  standin_prune "$repo" "$recipe" "$current" "$tag"
  log "image $tag: built ($(image_size "$tag"))"
}

build_service_standin postgres postgres:17-bookworm
build_service_standin mariadb mariadb:11.8
build_service_standin redis redis:7.4-bookworm
