#!/bin/sh
# test/faults.sh - fault injection with the real binary (issue 4): system
# calls failing under strace -e inject, and hostile systems (read-only or full
# file system, missing interface, no privileges, a device refusing the MTU,
# no IPv6), each in fresh namespaces gnh-flt-*. test/faults.py says what is
# checked.
# Env: GUESTNET (default: built from the sources into test/out/harden/build), FAULTS_ONLY,
# FAULTS_STATS (default test/out/harden/faults.stats).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tools/deps.sh strace iproute2 util-linux python3 gcc libc6-dev >&2 ||
	{ echo "FAIL faults: tools/deps.sh failed"; exit 1; }
if [ -z "${GUESTNET:-}" ]; then # a private build: immune to a concurrent make clean
	make -s O=test/out/harden/build >&2 || { echo "FAIL faults: make failed"; exit 1; }
	GUESTNET=$top/test/out/harden/build/guestnet
fi
case $GUESTNET in /*) ;; *) GUESTNET=$top/$GUESTNET ;; esac
mkdir -p test/out/harden/bin
cc -shared -fPIC -O1 -Wall -Wextra -Werror -o test/out/harden/bin/noipv6.so test/faults/noipv6.c -ldl ||
	{ echo "FAIL faults: cannot build test/faults/noipv6.c"; exit 1; }
export GUESTNET NOIPV6_SO="$top/test/out/harden/bin/noipv6.so"
export FAULTS_STATS="${FAULTS_STATS:-$top/test/out/harden/faults.stats}"
exec timeout 900 python3 test/faults.py
