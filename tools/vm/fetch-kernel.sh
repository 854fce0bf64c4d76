#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# fetch-kernel.sh ARCH -- make a Debian cloud kernel for ARCH (x86_64 | aarch64)
# available without installing it, and print the directory it is unpacked in.
#
# The package is named through the linux-image-cloud-amd64 / linux-image-cloud-arm64
# metapackage (the ABI number in the real name changes), fetched with
# `apt-get download` (never installed over the host) and kept, with its unpacked
# tree, under ${XDG_CACHE_HOME:-$HOME/.cache}/guestnet, outside the clone: a
# second run, even from a fresh clone, downloads nothing.  When apt cannot name
# a package (no package lists, no network) the newest cached one is used.
#
# The printed directory holds boot/vmlinuz-KVER, lib/modules/KVER (with the
# modules.dep that the .deb lacks) and a file `kver`.
set -eu

arch=${1:?usage: fetch-kernel.sh x86_64|aarch64}
case $arch in
x86_64)  debarch=amd64 meta=linux-image-cloud-amd64 ;;
aarch64) debarch=arm64 meta=linux-image-cloud-arm64:arm64 ;;
*) echo "fetch-kernel.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac
cache=${XDG_CACHE_HOME:-$HOME/.cache}/guestnet
mkdir -p "$cache/debs"
say() { echo "fetch-kernel.sh: $*" >&2; }

# One fetch at a time per cache (two suites may start together).
exec 9>"$cache/.lock"
flock -w 600 9 || { say "cannot lock $cache/.lock"; exit 1; }

apt_update() {
	# bounded: another apt may hold the lists lock for a while
	i=0
	while ! apt-get -o DPkg::Lock::Timeout=600 -qq update >&2; do
		i=$((i + 1)); [ $i -lt 10 ] || return 1
		sleep 10
	done
}

# resolve: print "NAME VERSION" of the kernel package the metapackage depends on
resolve() {
	name=$(apt-cache depends "$meta" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	[ -n "$name" ] || return 1
	ver=$(apt-cache show --no-all-versions "$name" 2>/dev/null | awk '$1 == "Version:" { print $2; exit }')
	[ -n "$ver" ] || return 1
	echo "$name $ver"
}

if [ "$debarch" = arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64 &&
	[ "$(dpkg --print-architecture)" != arm64 ]; then
	say "adding dpkg foreign architecture arm64 (used only for apt-get download)"
	dpkg --add-architecture arm64
	apt_update || say "apt-get update failed"
fi
nv=$(resolve) || { apt_update || say "apt-get update failed"; nv=$(resolve) || nv=; }

if [ -n "$nv" ]; then
	name=${nv% *} ver=${nv#* }
	deb=$cache/debs/${name%:*}_$(echo "$ver" | sed 's/:/%3a/g')_$debarch.deb
	if [ ! -s "$deb" ]; then
		say "downloading $name $ver"
		tmp=$(mktemp -d "$cache/debs/.dl.XXXXXX")
		(cd "$tmp" && apt-get -qq -o APT::Sandbox::User=root download "$name=$ver" >&2) || { rm -rf "$tmp"; say "apt-get download $name failed"; exit 1; }
		mv "$tmp"/*.deb "$deb"
		rm -rf "$tmp"
	fi
else
	# shellcheck disable=SC2012 # Debian package file names are plain
	deb=$(ls -t "$cache"/debs/linux-image-*-cloud-"$debarch"_*_"$debarch".deb 2>/dev/null | head -n 1) || deb=''
	[ -n "$deb" ] || { say "apt cannot name $meta and nothing is cached"; exit 1; }
	say "apt cannot name $meta; using cached $(basename "$deb")"
fi

dir=$cache/kernel/$(basename "$deb" .deb)
# keep one kernel per architecture: drop those an older metapackage named
for old in "$cache"/debs/linux-image-*-cloud-"$debarch"_*_"$debarch".deb \
	"$cache"/kernel/linux-image-*-cloud-"$debarch"_*_"$debarch"; do
	[ -e "$old" ] && [ "$old" != "$deb" ] && [ "$old" != "$dir" ] && rm -rf "$old"
done
if [ ! -f "$dir/kver" ]; then
	mkdir -p "$cache/kernel"
	tmp=$(mktemp -d "$cache/kernel/.x.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb -x "$deb" "$tmp"
	kver=$(basename "$(find "$tmp/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n 1)")
	{ [ -n "$kver" ] && [ -f "$tmp/boot/vmlinuz-$kver" ]; } || { say "$deb: no kernel image inside"; exit 1; }
	/sbin/depmod -b "$tmp" "$kver"      # the .deb ships no modules.dep
	echo "$kver" > "$tmp/kver"
	rm -rf "$dir"
	mv "$tmp" "$dir"
	trap - EXIT
fi
echo "$dir"
