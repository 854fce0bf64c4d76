#!/bin/sh
# tools/build.sh VARIANT [MAKE-ARGS...] - build guestnet one way into
# build/VARIANT/guestnet and print that path. Installs what the variant
# needs (tools/deps.sh). Variants: gcc-glibc gcc-glibc-static clang-glibc
# musl-static aarch64-glibc-static aarch64-musl-static diet-static klibc-static
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
deps() { "$top/tools/deps.sh" "$@"; }
v=${1:?usage: tools/build.sh VARIANT [MAKE-ARGS...]}
shift
case $v in
gcc-glibc) deps gcc libc6-dev; set -- CC=gcc "$@" ;;
gcc-glibc-static) deps gcc libc6-dev; set -- CC=gcc STATIC=1 "$@" ;;
clang-glibc) deps clang libc6-dev; set -- CC=clang "$@" ;;
musl-static) deps musl-tools; set -- CC=musl-gcc STATIC=1 "$@" ;;
aarch64-glibc-static)
	deps gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	set -- CROSS_COMPILE=aarch64-linux-gnu- STATIC=1 "$@" ;;
aarch64-musl-static)
	specs=$("$top/tools/musl-aarch64.sh")
	set -- CROSS_COMPILE=aarch64-linux-gnu- "CC=aarch64-linux-gnu-gcc -specs $specs" STATIC=1 "$@" ;;
diet-static) deps dietlibc-dev; set -- "CC=diet gcc" STATIC=1 "$@" ;;
klibc-static) deps libklibc-dev klibc-utils; set -- CC=klcc STATIC=1 "$@" ;;
*) echo "tools/build.sh: unknown variant $v" >&2; exit 2 ;;
esac
make -s -C "$top" O="build/$v" "$@" >&2
echo "$top/build/$v/guestnet"
