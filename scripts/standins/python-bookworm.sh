# shellcheck shell=bash
# Stand-in for the official python:3.11-slim-trixie image, sourced by scripts/engine.sh (uses
# build_debian_package_standin, DEBIAN_TAG, REPO_ROOT). Made from Debian bookworm's python3 (3.11;
# trixie has none): the tag a generated Dockerfile names when the lockfile's wheels choose Python
# 3.11, with bookworm's content (test/standins/README.md), from the 3.13 stand-in's recipe with
# PYTHON_MINOR=3.11. Rebuilt only when the recipe, the host CA bundle or the Debian image changes.

build_debian_package_standin --host-ca --arg PYTHON_MINOR=3.11 python-bookworm local/python-bookworm-standin "$DEBIAN_TAG" \
  "$REPO_ROOT/test/standins/python" "Debian bookworm's python3 (3.11)" python:3.11-slim-trixie
