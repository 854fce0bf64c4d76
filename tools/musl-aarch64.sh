#!/bin/sh
# tools/musl-aarch64.sh - print the path of a gcc specs file that builds
# static aarch64 binaries against musl with aarch64-linux-gnu-gcc.
# Debian has no musl cross package: the arm64 musl-dev package is downloaded
# and unpacked (not installed) into the cache, outside the clone.
set -eu
cache=${XDG_CACHE_HOME:-$HOME/.cache}/guestnet
root=$cache/musl-arm64
specs=$cache/musl-aarch64.specs
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/deps.sh" musl-tools gcc-aarch64-linux-gnu
if [ ! -f "$root/usr/lib/aarch64-linux-musl/libc.a" ]; then
	dpkg --print-foreign-architectures | grep -qx arm64 || {
		dpkg --add-architecture arm64
		apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
	}
	d=$(mktemp -d)
	(cd "$d" && apt-get -q download musl-dev:arm64 musl:arm64 >/dev/null) || {
		apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
		(cd "$d" && apt-get -q download musl-dev:arm64 musl:arm64 >/dev/null)
	}
	mkdir -p "$root"
	for f in "$d"/*.deb; do dpkg-deb -x "$f" "$root"; done
	rm -rf "$d"
fi
sed -e "s|/usr/include/x86_64-linux-musl|$root/usr/include/aarch64-linux-musl|g" \
    -e "s|/usr/lib/x86_64-linux-musl|$root/usr/lib/aarch64-linux-musl|g" \
    -e "s|ld-musl-x86_64|ld-musl-aarch64|" \
    /usr/lib/x86_64-linux-musl/musl-gcc.specs > "$specs.tmp"
mv "$specs.tmp" "$specs"
echo "$specs"
