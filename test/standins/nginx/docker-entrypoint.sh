#!/bin/sh
# Same behaviour as the official image's /docker-entrypoint.sh: when the command is nginx,
# run /docker-entrypoint.d/*.sh (executable) and source *.envsh, then exec the command.
# The stand-in ships no scripts there (the official ones edit default.conf for IPv6, render
# templates and tune workers; on a read-only root filesystem they log and skip).
set -e
if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    for f in $(find /docker-entrypoint.d/ -follow -type f -print | sort -V); do
        case "$f" in
            *.envsh) if [ -r "$f" ]; then . "$f"; fi ;;
            *.sh) if [ -x "$f" ]; then "$f"; fi ;;
        esac
    done
fi
exec "$@"
