# shellcheck shell=bash
# Stand-in for the official php:8.2-apache-bookworm image, sourced by scripts/engine.sh (uses
# build_debian_package_standin, DEBIAN_TAG, REPO_ROOT), built from Debian's PHP 8.2 and Apache
# (bookworm). Rebuilt only when the recipe (test/standins/php/*) or the Debian image changes.

build_debian_package_standin php local/php-standin "$DEBIAN_TAG" "$REPO_ROOT/test/standins/php" \
  "Debian's PHP 8.2 and Apache" php:8.2-apache-bookworm php:8.2-apache
