#!/bin/sh
# SPDX-License-Identifier: MIT
# musl-cc.sh ARCH GCC-ARGS... -- run gcc against musl for ARCH (x86_64 | aarch64).
#
# x86_64 is Debian's musl-gcc.  Debian has no musl cross compiler, so for
# aarch64 musl-dev:arm64 and musl:arm64 are fetched with `apt-get download`
# (never installed), unpacked under ${XDG_CACHE_HOME:-$HOME/.cache}/guestnet and
# used through aarch64-linux-gnu-gcc with a specs file derived from the x86_64
# one.  The caller installs musl-tools and gcc-aarch64-linux-gnu.
set -eu
arch=${1:?usage: musl-cc.sh x86_64|aarch64 GCC-ARGS...}
shift
case $arch in
x86_64) exec musl-gcc "$@" ;;
aarch64) ;;
*) echo "musl-cc.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac

cache=${XDG_CACHE_HOME:-$HOME/.cache}/guestnet
root=$cache/musl-arm64
specs=$root/musl-gcc.specs
if [ ! -f "$specs" ]; then
	mkdir -p "$cache"
	exec 9>"$cache/.lock-musl"
	flock -w 600 9
	if [ ! -f "$specs" ]; then
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			dpkg --add-architecture arm64
			apt-get -o DPkg::Lock::Timeout=600 -qq update >&2
		fi
		tmp=$(mktemp -d "$cache/.musl.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		(cd "$tmp" && apt-get -qq -o APT::Sandbox::User=root download musl-dev:arm64 musl:arm64 >&2) ||
			{ apt-get -o DPkg::Lock::Timeout=600 -qq update >&2 &&
			  (cd "$tmp" && apt-get -qq -o APT::Sandbox::User=root download musl-dev:arm64 musl:arm64 >&2); }
		mkdir "$tmp/root"
		for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$tmp/root"; done
		inc=$root/usr/include/aarch64-linux-musl lib=$root/usr/lib/aarch64-linux-musl
		sed -e "s|/usr/include/x86_64-linux-musl|$inc|g" -e "s|/usr/lib/x86_64-linux-musl|$lib|g" \
		    -e "s|ld-musl-x86_64|ld-musl-aarch64|" \
		    /usr/lib/x86_64-linux-musl/musl-gcc.specs > "$tmp/root/musl-gcc.specs"
		rm -rf "$root"
		mv "$tmp/root" "$root"
	fi
fi
exec aarch64-linux-gnu-gcc "$@" -specs "$specs"
