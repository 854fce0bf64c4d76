#!/bin/sh
# tools/harden-report.sh - `make harden-report`: run the hardening suites of
# issue 4 and print one table of their figures; also written to
# test/out/harden-report.md and to docs-hardening.md (the committed copy).
#
#   fuzzing        test/fuzz/run.sh FUZZ_SECONDS (default 20) per harness, and
#                  the last long run's figures when test/out/fuzz-long has them
#   hostile input  test/hostile.sh        fault injection  test/faults.sh
#   differential   test/differential.sh   static analysis  test/static.sh
#   sanitizers     test/sanitize.sh (ASan + UBSan, valgrind)
#
# HARDEN_REUSE=1 runs nothing: it renders the figures the suites last wrote
# (make check runs them all). The exit status is 0 when every suite passed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
h=test/out/harden
mkdir -p "$h"
status=0

run() { # SUITE...: run, show its FAIL lines, remember a failure
	echo "== $*" >&2
	if ! "$@" >"$h/last.log" 2>&1; then
		status=1
		grep -E '^(FAIL|    )' "$h/last.log" >&2
	fi
}
if [ "${HARDEN_REUSE:-0}" != 1 ]; then
	rm -f "$h"/*.stats test/out/fuzz/*.stats
	run test/fuzz/run.sh "${FUZZ_SECONDS:-20}"
	run test/hostile.sh
	run test/faults.sh
	run test/differential.sh
	run test/static.sh
	run test/sanitize.sh
fi

get() { # FILE KEY: the value, or "?" when the suite wrote none
	v=$(sed -n "s/^$2=//p" "$1" 2>/dev/null | tail -n 1)
	echo "${v:-?}"
}
verdict() { # 0 (good) or not: ok / FAILED
	if [ "$1" = 0 ]; then echo ok; else echo "**FAILED**"; fi
}
fuzzrows() { # DIR LABEL
	for f in "$1"/fuzz_*.stats; do
		[ -f "$f" ] || continue
		c=$(get "$f" crashes)
		r=$(get "$f" rc)
		printf '| fuzz %s (%s, ASan+UBSan) | %s executions in %s s, coverage %s, %s+%s corpus units | %s crashes | %s |\n' \
			"$(get "$f" harness)" "$2" "$(get "$f" execs)" "$(get "$f" seconds)" "$(get "$f" cov)" \
			"$(get "$f" seeds)" "$(get "$f" corpus)" "$c" "$(verdict "$([ "$c" = 0 ] && [ "$r" = 0 ] && echo 0 || echo 1)")"
	done
}

table=$h/../harden-report.md
{
	echo "| Check | Inputs / runs | Findings | Result |"
	echo "|---|---|---|---|"
	fuzzrows test/out/fuzz smoke
	fuzzrows test/out/fuzz-long "long run"
	f=$h/hostile.stats
	n=$(get "$f" cases) ok=$(get "$f" refused_ok)
	printf '| hostile inputs (test/hostile.txt): exit 2, variable named, nothing changed | %s cases | %s refused correctly, %s changed the system | %s |\n' \
		"$n" "$ok" "$(get "$f" changed)" "$(verdict "$([ "$n" = "$ok" ] && echo 0 || echo 1)")"
	f=$h/faults.stats
	n=$(get "$f" faults) ok=$(get "$f" handled)
	printf '| fault injection (strace inject, hostile systems): exit status, message, files, namespace | %s faults | %s left system and files correct | %s |\n' \
		"$n" "$ok" "$(verdict "$([ "$n" = "$ok" ] && echo 0 || echo 1)")"
	f=$h/differential.stats
	d=$(get "$f" disagree) u=$(get "$f" unexplained)
	printf '| parsers vs glibc inet_pton | %s strings (%s IPv4, %s IPv6 accepted) | %s disagreements, %s unexplained refusals, %s stricter refusals | %s |\n' \
		"$(get "$f" strings)" "$(get "$f" accepted4)" "$(get "$f" accepted6)" "$d" "$u" "$(get "$f" stricter)" \
		"$(verdict "$([ "$d" = 0 ] && [ "$u" = 0 ] && echo 0 || echo 1)")"
	d=$(get "$f" format_differ)
	printf '| ip_format vs RFC 5952 oracle | %s addresses | %s differ | %s |\n' \
		"$(get "$f" formatted)" "$d" "$(verdict "$([ "$d" = 0 ] && echo 0 || echo 1)")"
	d=$(get "$f" errtext_differ)
	printf '| error texts vs glibc strerror (errno 1-133) | %s texts of guestnet'"'"'s own | %s differ | %s |\n' \
		"$(get "$f" errtexts)" "$d" "$(verdict "$([ "$d" = 0 ] && echo 0 || echo 1)")"
	f=$h/sanitize.stats
	for t in asan valgrind; do
		r=$(get "$f" ${t}_reports)
		printf '| %s: %s | %s checks | %s reports | %s |\n' \
			"$([ $t = asan ] && echo "ASan + UBSan" || echo "valgrind --error-exitcode")" \
			"$([ $t = asan ] && echo "unit, integration, hostile" || echo "unit, integration")" \
			"$(get "$f" ${t}_checks)" "$r" "$(verdict "$([ "$r" = 0 ] && echo 0 || echo 1)")"
	done
	f=$h/static.stats
	for t in cppcheck:cppcheck clang_tidy:clang-tidy analyzer:"gcc -fanalyzer"; do
		k=${t%%:*} name=${t#*:}
		n=$(get "$f" "$k")
		printf '| %s | the 5 sources | %s findings | %s |\n' "$name" "$n" \
			"$(verdict "$([ "$n" = 0 ] && echo 0 || echo 1)")"
	done
} >"$table.tmp"
{
	echo "# Hardening figures (issue 4)"
	echo
	echo "Written by \`make harden-report\` (tools/harden-report.sh) on $(date -u +%Y-%m-%d)" \
		"at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
	echo "How each figure is made: the head comment of its suite (test/fuzz/run.sh,"
	echo "test/hostile.py, test/faults.py, test/differential/check.py, test/sanitize.sh,"
	echo "test/static.sh). What the checks found, and the fixes: test/FINDINGS.md."
	echo
	cat "$table.tmp"
	echo
	echo "What the checks found (test/FINDINGS.md has each reproducer and fix):"
	echo
	sed -n 's/^## \(F[0-9]*\)\. /- \1: /p' test/FINDINGS.md
} >"$table"
rm -f "$table.tmp"
cp "$table" docs-hardening.md
cat "$table"
grep -q FAILED "$table" && status=1
exit $status
