#!/bin/sh
# tools/build.sh VARIANT [MAKE-ARGS...] - build guestnet one way into
# build/VARIANT/guestnet and print that path. Installs what the variant
# needs (tools/deps.sh). The variants (`tools/build.sh --list`):
# gcc-glibc gcc-glibc-static clang-glibc musl-static aarch64-glibc-static
# aarch64-musl-static diet-static klibc-static
# `tools/build.sh --vars VARIANT` prints the make arguments, one a line, and
# builds nothing (test/matrix.sh builds the unit tests the same way).
#
# Per-libc flags (docs-portability.md says why; the Makefile itself drops
# RELRO from static musl and dietlibc builds, which never apply it):
#  - musl links without gcc's crtbeginS.o and crtendS.o (-600 bytes): they
#    only register transactional-memory clones and EH frames, which a C
#    program that never unwinds does not use (musl runs .init_array and
#    .fini_array itself). Same compiler and libc as musl-gcc: gcc with a
#    copy of its specs file, less those two objects (tools/musl-aarch64.sh
#    writes the aarch64 one).
#  - -mcmodel=tiny for aarch64 musl: adr instead of adrp+add, ~0.9 KB less
#    (the binary is far below the model's 1 MB).
#  - dietlibc declares renameat(2) only under _ATFILE_SOURCE (or POSIX 2008).
#  - klibc's headers use GNU extensions (named variadic macros,
#    #include_next): klcc passes them with -I, so they are named again as
#    system headers, where -Wpedantic does not look.
# A build directory is emptied when the make arguments, the flags in the
# environment or the Makefile differ from the last build there (make alone
# does not notice).
#
# Changes to the build host: a variant whose Debian packages are missing
# installs them (apt-get update and apt-get install, as root), and
# aarch64-musl-static adds the dpkg architecture arm64 (dpkg
# --add-architecture arm64, then apt-get update: apt lists arm64 packages
# from then on) to download musl-dev:arm64, which it unpacks into
# ~/.cache/guestnet without installing it. Before any of that the script
# says what it will change and asks on the terminal; GUESTNET_BUILD_YES=1
# or CI=true agree in advance (test/run.sh sets GUESTNET_BUILD_YES=1).
# Without a terminal and without either, it changes nothing and exits 1.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1-}" = --list ]; then
	echo gcc-glibc gcc-glibc-static clang-glibc musl-static aarch64-glibc-static \
		aarch64-musl-static diet-static klibc-static
	exit 0
fi
deps() { "$top/tools/deps.sh" "$@"; }
# missing PKG...: print those of PKG that are not installed.
missing() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			printf ' %s' "$p"
	done
}
# consent VARIANT PKG...: when building VARIANT would change the build host
# (missing packages PKG, or the arm64 architecture for aarch64 musl), say
# what and ask; exit 1 unless agreed.
consent() {
	variant=$1
	shift
	pkgs=$(missing "$@")
	arch=
	if [ "$variant" = aarch64-musl-static ] &&
		[ ! -f "${XDG_CACHE_HOME:-$HOME/.cache}/guestnet/musl-arm64/usr/lib/aarch64-linux-musl/libc.a" ] &&
		! dpkg --print-foreign-architectures | grep -qx arm64; then
		arch=arm64
	fi
	[ -z "$pkgs$arch" ] && return 0
	{
		echo "tools/build.sh: building $variant changes this build host:"
		[ -z "$pkgs" ] || echo "  install Debian packages:$pkgs (apt-get update; apt-get install)"
		[ -z "$arch" ] || echo "  add the dpkg architecture arm64 (dpkg --add-architecture arm64; apt-get update):" \
			"apt then lists arm64 packages too; musl-dev:arm64 is downloaded and unpacked into" \
			"${XDG_CACHE_HOME:-$HOME/.cache}/guestnet, not installed (undo: dpkg --remove-architecture arm64)"
	} >&2
	if [ "${GUESTNET_BUILD_YES-}" = 1 ] || [ "${CI-}" = true ]; then
		echo "tools/build.sh: going ahead (GUESTNET_BUILD_YES=1 or CI=true)" >&2
		return 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "tools/build.sh: run as root for that, or install them yourself" >&2
		exit 1
	fi
	if ! (exec </dev/tty) 2>/dev/null; then
		echo "tools/build.sh: no terminal to ask on: nothing changed; set GUESTNET_BUILD_YES=1 to agree" >&2
		exit 1
	fi
	printf 'tools/build.sh: go ahead? [y/N] ' >/dev/tty
	answer=
	read -r answer </dev/tty || answer=
	case $answer in
	y | Y | yes | YES) ;;
	*) echo "tools/build.sh: nothing changed" >&2; exit 1 ;;
	esac
}
# nocrt SPECS NAME: print the path of a copy of SPECS without crtbeginS.o
# and crtendS.o, in the cache (outside the clone).
nocrt() {
	d=${XDG_CACHE_HOME:-$HOME/.cache}/guestnet
	mkdir -p "$d"
	sed -e 's/ crtbeginS\.o%s//' -e 's/crtendS\.o%s //' "$1" > "$d/$2.specs.$$"
	if grep -q 'crt[a-z]*S\.o%s' "$d/$2.specs.$$"; then
		echo "tools/build.sh: $1: no crtbeginS.o or crtendS.o where expected" >&2
		rm -f "$d/$2.specs.$$"
		exit 1
	fi
	mv "$d/$2.specs.$$" "$d/$2.specs"
	echo "$d/$2.specs"
}
vars=
if [ "${1-}" = --vars ]; then
	vars=1
	shift
fi
v=${1:?usage: tools/build.sh [--vars] VARIANT [MAKE-ARGS...]}
shift
opt=${CFLAGS:--Os}
case $v in
gcc-glibc) consent "$v" gcc libc6-dev; deps gcc libc6-dev; set -- CC=gcc "$@" ;;
gcc-glibc-static) consent "$v" gcc libc6-dev; deps gcc libc6-dev; set -- CC=gcc STATIC=1 "$@" ;;
clang-glibc) consent "$v" clang libc6-dev; deps clang libc6-dev; set -- CC=clang "$@" ;;
musl-static)
	consent "$v" gcc musl-tools
	deps gcc musl-tools
	specs=$(nocrt /usr/lib/x86_64-linux-musl/musl-gcc.specs musl-x86_64-nocrt)
	set -- "CC=gcc -specs $specs" STATIC=1 "$@" ;;
aarch64-glibc-static)
	consent "$v" gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	deps gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	set -- CROSS_COMPILE=aarch64-linux-gnu- STATIC=1 "$@" ;;
aarch64-musl-static)
	consent "$v" musl-tools gcc-aarch64-linux-gnu
	specs=$(nocrt "$("$top/tools/musl-aarch64.sh")" musl-aarch64-nocrt)
	set -- CROSS_COMPILE=aarch64-linux-gnu- "CC=aarch64-linux-gnu-gcc -specs $specs" \
		STATIC=1 "CFLAGS=$opt -mcmodel=tiny" "$@" ;;
diet-static)
	consent "$v" gcc dietlibc-dev
	deps gcc dietlibc-dev
	set -- "CC=diet gcc" STATIC=1 "CPPFLAGS=${CPPFLAGS:+$CPPFLAGS }-D_ATFILE_SOURCE" "$@" ;;
klibc-static)
	consent "$v" gcc libklibc-dev klibc-utils
	deps gcc libklibc-dev klibc-utils
	k=$(klcc -print-klibc-includedir)
	set -- CC=klcc STATIC=1 "CPPFLAGS=${CPPFLAGS:+$CPPFLAGS }-Wp,-isystem,$k/arch/$(klcc \
-print-klibc-archdir) -Wp,-isystem,$k/bits$(klcc -print-klibc-bitsize) -Wp,-isystem,$k" "$@" ;;
*) echo "tools/build.sh: unknown variant $v (try --list)" >&2; exit 2 ;;
esac
if [ "$vars" ]; then
	printf '%s\n' "$@"
	exit 0
fi
out=$top/build/$v
stamp=$(
	printf '%s\n' "$@" "CFLAGS=${CFLAGS-}" "CPPFLAGS=${CPPFLAGS-}" "LDFLAGS=${LDFLAGS-}"
	cat "$top/Makefile"
)
if [ -d "$out" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$out"
fi
mkdir -p "$out"
make -s -C "$top" --no-print-directory O="build/$v" "$@" >&2
printf '%s\n' "$stamp" > "$out/.stamp"
echo "$out/guestnet"
