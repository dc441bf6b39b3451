# shellcheck shell=bash
# Stand-ins for the official python:3.13-slim-trixie / python:3.13-slim images and for
# ghcr.io/astral-sh/uv:<minor>, sourced by scripts/engine.sh (uses log, die, image_exists,
# image_id, new_tmp_dir, DOCKER, REPO_ROOT, build_debian_standin, build_debian_package_standin).
# Generated Dockerfiles name python:<v>-slim-trixie; Debian trixie's python3 is 3.13, so only 3.13
# tags exist here. Rebuilt only when the recipe, the host CA bundle or the Debian image changes.

readonly PYTHON_DEBIAN_TAG=local/debian:trixie-slim

build_python_standin() {
  build_debian_standin trixie "$PYTHON_DEBIAN_TAG" debian:trixie-slim
  build_debian_package_standin --host-ca --arg PYTHON_MINOR=3.13 python local/python-trixie-standin "$PYTHON_DEBIAN_TAG" \
    "$REPO_ROOT/test/standins/python" "Debian's python3" python:3.13-slim-trixie python:3.13-slim
}

# ghcr.io/astral-sh/uv:<minor> (the minor generated Dockerfiles name, from versions.ts): the
# newest uv release of that minor, its static binaries taken from the manylinux wheel on PyPI.
build_uv_standin() {
  local src="$REPO_ROOT/test/standins/python-uv"
  local recipe_repo=local/python-uv-standin minor arch ctx recipe
  minor="$(sed -n "s/^ *uv: '\([0-9.]*\)',.*/\1/p" "$REPO_ROOT/generators/lib/versions.ts")"
  [[ -n "$minor" ]] || die "no uv pin in generators/lib/versions.ts"
  local tag="ghcr.io/astral-sh/uv:$minor"
  recipe="$({ printf 'minor=%s\n' "$minor"; cat "$src/Dockerfile"; } | sha256sum | cut -c1-16)"
  standin_present "$recipe_repo" "$recipe" "" "$tag" && return
  case "$(uname -m)" in x86_64) arch=x86_64 ;; aarch64) arch=aarch64 ;; *) die "no uv wheel for $(uname -m)" ;; esac
  new_tmp_dir ctx standin-uv
  log "image $tag: uv $minor.* from PyPI (manylinux $arch wheel)"
  python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform "manylinux_2_17_$arch" --python-version 3.13 -d "$ctx/wheel" "uv==$minor.*" ||
    die "downloading the uv wheel failed"
  python3 -c 'import sys, zipfile, glob, os
w = glob.glob(sys.argv[1] + "/wheel/uv-*.whl")[0]
z = zipfile.ZipFile(w)
for n in z.namelist():
    b = os.path.basename(n)
    if "/scripts/" in n and b in ("uv", "uvx"):
        open(os.path.join(sys.argv[1], b), "wb").write(z.read(n)); os.chmod(os.path.join(sys.argv[1], b), 0o755)' "$ctx"
  [[ -x "$ctx/uv" && -x "$ctx/uvx" ]] || die "the uv wheel holds no uv/uvx binaries"
  cp "$src/Dockerfile" "$ctx/Dockerfile"
  local old_id
  old_id="$(image_id "$tag")"
  standin_build python-uv --network none -t "$recipe_repo:$recipe" -t "$tag" "$ctx"
  standin_prune "$recipe_repo" "$recipe" "$old_id" "$tag"
  log "image $tag: built ($(image_size "$tag"), $("$ctx/uv" --version))"
}

build_python_standin
build_uv_standin
