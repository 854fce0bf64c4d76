#!/bin/sh
# test/ipparam.sh - build and run the ip= family's unit tests
# (test/ipparam.c) with CC (default cc), warning-free under the project's
# flags, against every product source of the Makefile's SRCS but main.c; no
# root needed. Extra flags (sanitizers) come through UNIT_CFLAGS;
# UNIT_RUNNER is a prefix that runs the test binary (qemu-aarch64-static for
# a cross build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/ipparam-$(basename "${CC:-cc}" | tr -c 'a-zA-Z0-9\n' -)
mkdir -p "$out"
srcs=
for s in $(sed -n 's/^SRCS *= *//p' "$top/Makefile"); do
	[ "$s" = main.c ] || srcs="$srcs $top/$s"
done
[ -n "$srcs" ] || { echo "FAIL ipparam build: no SRCS in $top/Makefile"; exit 1; }
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -g ${UNIT_CFLAGS:-} -I"$top" \
	-o "$out/ipparam" "$top/test/ipparam.c" $srcs || { echo "FAIL ipparam build"; exit 1; }
# shellcheck disable=SC2086
${UNIT_RUNNER:-} "$out/ipparam"
