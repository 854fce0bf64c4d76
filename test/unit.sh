#!/bin/sh
# test/unit.sh - build and run the unit tests (test/unit.c) with CC
# (default cc), warning-free under the project's flags; no root needed.
# Extra flags (sanitizers) come through UNIT_CFLAGS; UNIT_RUNNER is a prefix
# that runs the test binary (qemu-aarch64-static for a cross build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/unit-$(basename "${CC:-cc}" | tr -c 'a-zA-Z0-9\n' -)
mkdir -p "$out"
# The product's sources (the Makefile's SRCS) but main.c, which unit.c includes.
srcs=
for s in $(sed -n 's/^SRCS *= *//p' "$top/Makefile"); do
	[ "$s" = main.c ] || srcs="$srcs $top/$s"
done
[ -n "$srcs" ] || { echo "FAIL unit: no SRCS in the Makefile"; exit 1; }
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -g ${UNIT_CFLAGS:-} -I"$top" \
	-o "$out/unit" "$top/test/unit.c" $srcs
# shellcheck disable=SC2086
${UNIT_RUNNER:-} "$out/unit"
