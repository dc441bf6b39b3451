# shellcheck shell=bash
# Stand-in for the official ruby:3.1-slim-bookworm image, sourced by scripts/engine.sh (uses
# build_debian_package_standin, DEBIAN_TAG, REPO_ROOT), built from Debian's ruby (bookworm).
# Rebuilt only when the recipe (test/standins/ruby/*) or the Debian image changes.

build_debian_package_standin ruby local/ruby-standin "$DEBIAN_TAG" "$REPO_ROOT/test/standins/ruby" \
  "Debian's ruby" ruby:3.1-slim-bookworm ruby:3.1-slim
