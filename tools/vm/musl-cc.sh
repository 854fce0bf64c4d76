#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# musl-cc.sh ARCH GCC-ARGS... -- run gcc against musl for ARCH (x86_64 | aarch64),
# the same toolchain as tools/build.sh's musl-static / aarch64-musl-static:
# Debian's musl-gcc, or aarch64-linux-gnu-gcc with the specs file that
# tools/musl-aarch64.sh makes (Debian has no musl cross compiler).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
arch=${1:?usage: musl-cc.sh x86_64|aarch64 GCC-ARGS...}
shift
case $arch in
x86_64)
	"$top/tools/deps.sh" musl-tools
	exec musl-gcc "$@" ;;
aarch64)
	specs=$("$top/tools/musl-aarch64.sh")
	exec aarch64-linux-gnu-gcc -specs "$specs" "$@" ;;
*) echo "musl-cc.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac
