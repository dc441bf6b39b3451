#!/bin/sh
# Assembles the distroless stand-in file trees from the Debian build stage:
#   $2/static  passwd/group (root 0, nobody 65534, nonroot 65532), CA bundle, tzdata,
#              netbase files, /tmp (1777), /home/nonroot (65532), /root (0700). No shell.
#   $2/base    static + glibc (libc6 files) + libssl3 + /etc/ld.so.cache
#   $2/cc      base + libgcc-s1 + libstdc++6
# Usage: make-rootfs.sh CA_BUNDLE OUT
set -eu
ca=$1
out=$2
static=$out/static

mkdir -p "$static/etc/ssl/certs" "$static/usr/share" "$static/tmp" "$static/root" "$static/home/nonroot"
chmod 1777 "$static/tmp"
chmod 0700 "$static/root"
chown 65532:65532 "$static/home/nonroot"
printf '%s\n' \
  'root:x:0:0:root:/root:/sbin/nologin' \
  'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
  'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$static/etc/passwd"
printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'tty:x:5:' 'staff:x:50:' 'nonroot:x:65532:' >"$static/etc/group"
printf 'hosts: files dns\n' >"$static/etc/nsswitch.conf"
cp /etc/os-release "$static/etc/os-release"
cp "$ca" "$static/etc/ssl/certs/ca-certificates.crt"
chmod 0644 "$static/etc/ssl/certs/ca-certificates.crt"
cp -a /usr/share/zoneinfo "$static/usr/share/zoneinfo"
cp /etc/services /etc/protocols "$static/etc/"

# Files (and symlinks) of Debian packages, copied with their paths; directories are created
# as needed (no merged-/usr symlinks, like distroless).
copy_packages() {
  dest=$1
  shift
  dpkg -L "$@" | while read -r f; do
    if [ -f "$f" ] || { [ -L "$f" ] && [ ! -d "$f" ]; }; then printf '%s\n' "$f"; fi
  done | grep -v -e '^/usr/share/doc/' -e '^/usr/share/lintian/' -e '^/usr/share/man/' |
    sed 's|^/||' | tar -C / -cf - -T - | tar -xf - -C "$dest"
}

mkdir -p "$out/base"
cp -a "$static/." "$out/base/"
copy_packages "$out/base" libc6 libssl3
cp /etc/ld.so.cache "$out/base/etc/ld.so.cache"

mkdir -p "$out/cc"
cp -a "$out/base/." "$out/cc/"
copy_packages "$out/cc" libgcc-s1 libstdc++6

for d in "$out"/static "$out"/base "$out"/cc; do
  for tool in bin/sh bin/bash usr/bin/sh usr/bin/env bin/busybox; do
    if [ -e "$d/$tool" ]; then echo "make-rootfs: $d/$tool must not exist" >&2; exit 1; fi
  done
done
