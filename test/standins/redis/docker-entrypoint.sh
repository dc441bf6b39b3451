#!/bin/sh
# Stand-in entrypoint for the official redis image (same logic): options or a .conf file as
# the first argument run redis-server; as root, /data is handed to redis and the server runs
# as redis (uid 999); otherwise the command runs as given.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi
umask 0077
exec "$@"
