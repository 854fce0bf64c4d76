#!/bin/sh
# test/run.sh SUITE... - run each suite, show its output, and count its
# "PASS name" and "FAIL name: why" lines (test/CONVENTIONS.md). A suite that
# exits non-zero without a FAIL line counts as one failure. Ends with the
# line "N passed, N failed".
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# The suites build with tools/build.sh, which asks before it installs
# packages or adds a dpkg architecture: make check agrees in advance.
export GUESTNET_BUILD_YES=1
pass=0 fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for s in "$@"; do
	echo "== $s"
	start=$(date +%s)
	"./$s" >"$out" 2>&1
	rc=$?
	cat "$out"
	p=$(grep -c '^PASS ' "$out")
	f=$(grep -c '^FAIL ' "$out")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $s: exited with status $rc"
		f=1
	fi
	echo "== $s: $p passed, $f failed ($(( $(date +%s) - start )) s)"
	pass=$((pass + p)) fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
