#!/bin/sh
# Same behaviour as the official node image's docker-entrypoint.sh: if the
# first argument is an option ("-e", "--version") or not a runnable command
# ("server.js"), run it with node; otherwise exec the command as given.
set -e

if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
