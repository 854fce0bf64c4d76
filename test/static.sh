#!/bin/sh
# test/static.sh - static analysis of guestnet's sources (issue 4): cppcheck
# (warning, portability, performance), clang-tidy with the checked-in
# .clang-tidy (bug-finding checks, one file per process), gcc -fanalyzer.
# Every finding fails; a finding that is wrong must be answered by an inline
# justification in the source (cppcheck-suppress / NOLINT with the reason).
# Prints one PASS/FAIL line per tool and the findings; figures go to
# test/out/harden/static.stats.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tools/deps.sh cppcheck clang-tidy gcc libc6-dev >&2 || { echo "FAIL static: tools/deps.sh failed"; exit 1; }
srcs=$(ls ./*.c | sed 's|^\./||')
out=test/out/harden
mkdir -p "$out"
log=$out/static.log
: >"$log"
rc=0

report() { # TOOL FINDINGS-FILE
	n=$(grep -c . "$2")
	cat "$2" >>"$log"
	if [ "$n" = 0 ]; then
		echo "PASS static $1: 0 findings in $(echo "$srcs" | wc -w) files"
	else
		rc=1
		echo "FAIL static $1: $n finding(s):"
		sed 's/^/    /' "$2" | head -n 20
	fi
	eval "n_$3=$n"
}
t=$(mktemp)
trap 'rm -f "$t"' EXIT

# shellcheck disable=SC2086
timeout 300 cppcheck -q --std=c11 --enable=warning,portability,performance --inline-suppr \
	--force --library=posix --template='{file}:{line}: {severity}: {message} [{id}]' $srcs 2>"$t" >/dev/null
report cppcheck "$t" cppcheck

: >"$t.all"
for f in $srcs; do
	timeout 300 clang-tidy --quiet "$f" -- -std=c11 2>/dev/null | grep -E ': (warning|error):' >>"$t.all"
done
mv "$t.all" "$t"
report clang-tidy "$t" tidy

: >"$t.all"
for f in $srcs; do
	timeout 300 gcc -std=c11 -O1 -fanalyzer -Wall -Wextra -c -o /dev/null "$f" 2>&1 |
		grep -E ': (warning|error):' >>"$t.all"
done
mv "$t.all" "$t"
report "gcc -fanalyzer" "$t" analyzer

printf 'cppcheck=%s\nclang_tidy=%s\nanalyzer=%s\n' "$n_cppcheck" "$n_tidy" "$n_analyzer" >"$out/static.stats"
exit $rc
