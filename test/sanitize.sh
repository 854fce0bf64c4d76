#!/bin/sh
# test/sanitize.sh - the unit and integration suites (and the hostile-input
# catalogue) again, under ASan + UBSan and under valgrind (issue 4):
#   unit        test/unit.sh built with clang -fsanitize=address,undefined;
#               and its gcc build run under valgrind
#   integration test/integration.sh with GUESTNET = an ASan + UBSan guestnet
#               (make O=test/out/harden/asan CC=clang CFLAGS=... LDFLAGS=...),
#               then with the plain binary under valgrind
#   hostile     test/hostile.sh with the ASan + UBSan guestnet
# A suite passes when all its checks pass AND no sanitizer or valgrind report
# was written: reports go to files (log_path, --log-file) in
# test/out/harden/sanlogs, so that none hides behind an expected exit status
# (the reports' exit status, 86, is one guestnet never uses).
# One PASS/FAIL line per suite and tool; the suites' own failing lines are
# shown indented. Figures: test/out/harden/sanitize.stats.
# SANITIZE_SUITES (default "unit integration hostile") picks the suites.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tools/deps.sh clang libclang-rt-14-dev valgrind iproute2 util-linux python3 >&2 ||
	{ echo "FAIL sanitize: tools/deps.sh failed"; exit 1; }
out=$top/test/out/harden
logs=$out/sanlogs
suites=${SANITIZE_SUITES:-unit integration hostile}
rm -rf "$logs"
mkdir -p "$logs/asan" "$logs/valgrind" || exit 1
t=$(mktemp)
trap 'rm -f "$t"' EXIT
rc=0 asan_checks=0 vg_checks=0

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
ASAN_OPTIONS="log_path=$logs/asan/asan:exitcode=86:detect_leaks=1:abort_on_error=0"
UBSAN_OPTIONS="log_path=$logs/asan/ubsan:exitcode=86:print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS UBSAN_OPTIONS
# The suites run guestnet under env -i: the options go in through the runner.
asan_runner="env ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"
vg_runner="valgrind --error-exitcode=86 -q --log-file=$logs/valgrind/vg.%p"

if ! make -s O=test/out/harden/asan CC=clang CFLAGS="-O1 -g $SAN -fno-omit-frame-pointer" \
	LDFLAGS="-fsanitize=address,undefined" >&2; then
	echo "FAIL sanitize: the ASan + UBSan build failed"
	exit 1
fi
if ! make -s O=test/out/harden/plain >&2; then
	echo "FAIL sanitize: the plain build failed"
	exit 1
fi

# valgrind's notice of a system call it does not know, openat2 (437): the
# call fails with ENOSYS under it and guestnet takes the component walk (a
# path tested as such): not a report about guestnet. Dropped from the logs.
vg_known_drop() {
	for f in "$logs"/valgrind/*; do
		[ -f "$f" ] || continue
		sed -E -i '/^--[0-9]+-- WARNING: unhandled [a-z0-9]+-linux syscall: 437$/,/bug_reports\.html/d' "$f"
	done
}

# result NAME TOOL: judge the suite output in $t and the report files
result() {
	[ "$2" = valgrind ] && vg_known_drop
	p=$(grep -c '^PASS ' "$t")
	f=$(grep -c '^FAIL ' "$t")
	if [ "$2" = asan ]; then
		r=$(find "$logs/asan" -type f | wc -l)
	else
		r=$(find "$logs/valgrind" -type f -size +0 | wc -l)
	fi
	new=$((r - ${3:-0}))
	if [ "$2" = asan ]; then
		asan_checks=$((asan_checks + p + f))
	else
		vg_checks=$((vg_checks + p + f))
	fi
	if [ "$f" = 0 ] && [ "$p" -gt 0 ] && [ "$new" = 0 ]; then
		echo "PASS sanitize $1 under $2: $p checks passed, 0 reports"
	else
		rc=1
		echo "FAIL sanitize $1 under $2: $p passed, $f failed, $new report(s) in $logs"
		grep '^FAIL ' "$t" | head -n 10 | sed 's/^/    /'
		if [ "$2" = asan ]; then
			find "$logs/asan" -type f -exec grep -h -m1 -E 'ERROR|runtime error' {} + | head -n 5 | sed 's/^/    /'
		else
			find "$logs/valgrind" -type f -size +0 -exec head -n 3 {} + | head -n 10 | sed 's/^/    /'
		fi
	fi
}

for s in $suites; do
	case $s in
	unit)
		before=$(find "$logs/asan" -type f | wc -l)
		CC=clang UNIT_CFLAGS="$SAN -fno-omit-frame-pointer" timeout 600 test/unit.sh >"$t" 2>&1
		result unit asan "$before"
		before=$(find "$logs/valgrind" -type f -size +0 | wc -l)
		CC=gcc timeout 600 test/unit.sh >/dev/null 2>&1
		if [ -x build/unit-gcc/unit ]; then
			timeout 600 $vg_runner build/unit-gcc/unit >"$t" 2>&1
		else
			echo "FAIL unit: test/unit.sh built no build/unit-gcc/unit" >"$t"
		fi
		result unit valgrind "$before"
		;;
	integration)
		if [ ! -x test/integration.sh ]; then
			echo "FAIL sanitize integration: test/integration.sh is missing"
			rc=1
			continue
		fi
		before=$(find "$logs/asan" -type f | wc -l)
		GUESTNET=$out/asan/guestnet GUESTNET_RUNNER="$asan_runner" timeout 900 test/integration.sh >"$t" 2>&1
		result integration asan "$before"
		before=$(find "$logs/valgrind" -type f -size +0 | wc -l)
		GUESTNET=$out/plain/guestnet GUESTNET_RUNNER="$vg_runner" timeout 900 test/integration.sh >"$t" 2>&1
		result integration valgrind "$before"
		;;
	hostile)
		before=$(find "$logs/asan" -type f | wc -l)
		GUESTNET=$out/asan/guestnet GUESTNET_RUNNER="$asan_runner" \
			HOSTILE_STATS=$out/hostile-asan.stats timeout 900 test/hostile.sh >"$t" 2>&1
		result hostile asan "$before"
		;;
	*) echo "FAIL sanitize: unknown suite $s"; rc=1 ;;
	esac
done

asan_reports=$(find "$logs/asan" -type f | wc -l)
vg_reports=$(find "$logs/valgrind" -type f -size +0 | wc -l)
printf 'suites=%s\nasan_checks=%s\nasan_reports=%s\nvalgrind_checks=%s\nvalgrind_reports=%s\nrc=%s\n' \
	"$suites" "$asan_checks" "$asan_reports" "$vg_checks" "$vg_reports" "$rc" >"$out/sanitize.stats"
exit $rc
