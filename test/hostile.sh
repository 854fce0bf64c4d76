#!/bin/sh
# test/hostile.sh - the hostile-input catalogue test/hostile.txt (issue 4):
# every case must exit 2 naming the variable and change nothing in a network
# namespace gnh-hos-* or in the --root directory. See test/hostile.py.
# Env: GUESTNET (default: built from the sources into test/out/harden/build), GUESTNET_RUNNER,
# HOSTILE_STATS (default test/out/harden/hostile.stats).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tools/deps.sh iproute2 util-linux python3 >&2 || { echo "FAIL hostile: tools/deps.sh failed"; exit 1; }
if [ -z "${GUESTNET:-}" ]; then # a private build: immune to a concurrent make clean
	make -s O=test/out/harden/build >&2 || { echo "FAIL hostile: make failed"; exit 1; }
	GUESTNET=$top/test/out/harden/build/guestnet
fi
case $GUESTNET in /*) ;; *) GUESTNET=$top/$GUESTNET ;; esac
mkdir -p test/out/harden
export GUESTNET HOSTILE_STATS="${HOSTILE_STATS:-$top/test/out/harden/hostile.stats}"
exec python3 test/hostile.py
