#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test/format.sh - the product's sources (*.c and *.h at the top level) are
# as clang-format leaves them under the project's .clang-format (the Linux
# kernel's style). One line per file: "PASS format FILE" or
# "FAIL format FILE: N lines differ (make format fixes it)". `make format`
# applies the style.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
"$top/tools/deps.sh" clang-format >&2 ||
	{ echo "FAIL format: tools/deps.sh clang-format failed"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail=0
for f in *.c *.h; do
	if ! clang-format --style=file "$f" >"$out"; then
		echo "FAIL format $f: clang-format failed"
		fail=1
	elif cmp -s "$out" "$f"; then
		echo "PASS format $f"
	else
		echo "FAIL format $f: $(diff "$f" "$out" | grep -c '^[<>]') lines differ (make format fixes it)"
		fail=1
	fi
done
exit "$fail"
