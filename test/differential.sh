#!/bin/sh
# test/differential.sh - guestnet's address parsers against glibc's
# inet_pton over a generated set of tricky strings, and its RFC 5952
# formatter against an oracle (test/differential/check.py says how), and
# guestnet's error texts against glibc's strerror (test/differential/errtext.c).
# Figures go to test/out/harden/differential.stats.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tools/deps.sh gcc libc6-dev python3 >&2 || { echo "FAIL differential: tools/deps.sh failed"; exit 1; }
mkdir -p test/out/harden/bin
# The product's sources: the Makefile's SRCS but main.c (errtext.c includes it).
srcs=$(sed -n 's/^SRCS *= *//p' Makefile | sed 's/\<main\.c\>//')
[ -n "$srcs" ] || { echo "FAIL differential: no SRCS in the Makefile"; exit 1; }
# shellcheck disable=SC2086
cc -std=c11 -O1 -g -Wall -Wextra -Werror -o test/out/harden/bin/addrdiff \
	test/differential/addrdiff.c $srcs ||
	{ echo "FAIL differential: cannot build test/differential/addrdiff.c"; exit 1; }
rc=0
timeout 300 python3 test/differential/check.py test/out/harden/bin/addrdiff \
	test/out/harden/differential.stats || rc=1
# shellcheck disable=SC2086
if cc -std=c11 -O1 -g -Wall -Wextra -o test/out/harden/bin/errtext test/differential/errtext.c \
	$srcs; then
	test/out/harden/bin/errtext test/out/harden/differential.stats || rc=1
else
	echo "FAIL differential error texts: cannot build test/differential/errtext.c"
	rc=1
fi
exit $rc
