#!/bin/sh
# test/unit.sh - build and run the unit tests (test/unit.c) with CC
# (default cc), warning-free under the project's flags; no root needed.
# Extra flags (sanitizers) come through UNIT_CFLAGS; UNIT_RUNNER is a prefix
# that runs the test binary (qemu-aarch64-static for a cross build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/unit-$(basename "${CC:-cc}" | tr -c 'a-zA-Z0-9\n' -)
mkdir -p "$out"
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -g ${UNIT_CFLAGS:-} -I"$top" \
	-o "$out/unit" "$top/test/unit.c" "$top/env.c" "$top/hosts.c" "$top/nl.c" "$top/ioctl.c"
# shellcheck disable=SC2086
${UNIT_RUNNER:-} "$out/unit"
