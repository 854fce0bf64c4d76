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
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1-}" = --list ]; then
	echo gcc-glibc gcc-glibc-static clang-glibc musl-static aarch64-glibc-static \
		aarch64-musl-static diet-static klibc-static
	exit 0
fi
deps() { "$top/tools/deps.sh" "$@"; }
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
gcc-glibc) deps gcc libc6-dev; set -- CC=gcc "$@" ;;
gcc-glibc-static) deps gcc libc6-dev; set -- CC=gcc STATIC=1 "$@" ;;
clang-glibc) deps clang libc6-dev; set -- CC=clang "$@" ;;
musl-static)
	deps gcc musl-tools
	specs=$(nocrt /usr/lib/x86_64-linux-musl/musl-gcc.specs musl-x86_64-nocrt)
	set -- "CC=gcc -specs $specs" STATIC=1 "$@" ;;
aarch64-glibc-static)
	deps gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	set -- CROSS_COMPILE=aarch64-linux-gnu- STATIC=1 "$@" ;;
aarch64-musl-static)
	specs=$(nocrt "$("$top/tools/musl-aarch64.sh")" musl-aarch64-nocrt)
	set -- CROSS_COMPILE=aarch64-linux-gnu- "CC=aarch64-linux-gnu-gcc -specs $specs" \
		STATIC=1 "CFLAGS=$opt -mcmodel=tiny" "$@" ;;
diet-static)
	deps gcc dietlibc-dev
	set -- "CC=diet gcc" STATIC=1 "CPPFLAGS=${CPPFLAGS:+$CPPFLAGS }-D_ATFILE_SOURCE" "$@" ;;
klibc-static)
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
