#!/bin/sh
# test/fuzz/run.sh [SECONDS] - build the five libFuzzer harnesses (clang,
# ASan + UBSan + implicit-conversion, -fno-sanitize-recover) and run each for
# SECONDS (default 20), all five at once, each from its seed corpus in
# test/corpus/HARNESS plus the corpus grown by earlier runs in
# $FUZZ_OUT/corpus/HARNESS.
#
#   fuzz_input    the whole input stage: options, kernel command line, the five
#                 MSB_* values, env_parse, renders and a dry run
#   fuzz_nlreply  nl_reply_parse fed arbitrary datagrams
#   fuzz_ip       env_ip4_parse / env_ip6_parse / env_ip_format round trips,
#                 vs inet_pton and an RFC 5952 oracle
#   fuzz_cmdline  input_cmdline_split alone, vs the kernel's next_arg()
#   fuzz_nldump   nl_dump_datagram_parse and the dump payload parsers
#
# `make fuzz FUZZ_SECONDS=N` runs it with N; `make check` runs it as a suite
# (no argument: a 20 s smoke). Prints "PASS fuzz HARNESS: ..." or "FAIL ...";
# writes $FUZZ_OUT/HARNESS.stats (key=value) for tools/harden-report.sh, the
# log in $FUZZ_OUT/HARNESS.log and any crashing input in $FUZZ_OUT/crashes/.
# Env: FUZZ_OUT (default test/out/fuzz), FUZZ_HARNESSES (default all five).
# test/corpus/HARNESS holds hand-made seeds (seed-*, test/corpus/gen.py),
# inputs that once failed (regress-*), and the units of a long run's corpus
# that add coverage (SHA-1 names: HARNESS -merge=1 test/corpus/HARNESS DIR).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
secs=${1:-20}
case $secs in '' | *[!0-9]*) echo "usage: test/fuzz/run.sh [SECONDS]" >&2; exit 2 ;; esac
out=${FUZZ_OUT:-test/out/fuzz}
harnesses=${FUZZ_HARNESSES:-fuzz_input fuzz_nlreply fuzz_ip fuzz_cmdline fuzz_nldump fuzz_plan}
bld=$out/bin

tools/deps.sh clang libclang-rt-14-dev >&2 || { echo "FAIL fuzz: tools/deps.sh clang libclang-rt-14-dev failed"; exit 1; }

# Product code and harnesses alike: coverage for libFuzzer, ASan, UBSan, and
# clang's implicit-conversion checks (a value changed by an implicit integer
# truncation or sign change; not UB, so not in "undefined").
FLAGS="-g -O1 -std=c11 -Wall -Wextra -fsanitize=fuzzer,address,undefined,implicit-conversion -fno-sanitize-recover=all -fno-omit-frame-pointer"
mkdir -p "$bld" "$out/crashes" || exit 1
# a harness given its own FUZZ_OUT builds its own binaries: a long run in the
# background keeps its own while other runs rebuild theirs
# The product's sources: the Makefile's SRCS but main.c (fuzz_input includes it).
srcs=$(sed -n 's/^SRCS *= *//p' Makefile | sed 's/\.c//g; s/\<main\>//')
[ -n "$srcs" ] || { echo "FAIL fuzz: no SRCS in the Makefile"; exit 1; }
for s in $srcs; do
	[ "$bld/$s.o" -nt "$s.c" ] && [ "$bld/$s.o" -nt guestnet.h ] && [ "$bld/$s.o" -nt nl.h ] &&
		[ "$bld/$s.o" -nt iface.h ] && continue
	# shellcheck disable=SC2086
	clang $FLAGS -c -o "$bld/$s.o" "$s.c" || { echo "FAIL fuzz build: $s.c"; exit 1; }
done
for h in $harnesses; do
	case $h in
	fuzz_input) objs=$srcs ;; # main.c is included by the harness
	fuzz_nlreply) objs="nl" ;;
	fuzz_ip) objs=$srcs ;;
	fuzz_cmdline) objs=$srcs ;;
	fuzz_nldump) objs="nl" ;;
	fuzz_plan) objs="env hosts" ;; # plan.c, out.c and test/plan.c included
	*) echo "FAIL fuzz: unknown harness $h"; exit 1 ;;
	esac
	# shellcheck disable=SC2086
	clang $FLAGS -o "$bld/$h" "test/fuzz/$h.c" $(for o in $objs; do echo "$bld/$o.o"; done) ||
		{ echo "FAIL fuzz build: $h"; exit 1; }
done

# One libFuzzer process per harness, all at once, each bounded by timeout.
for h in $harnesses; do
	mkdir -p "$out/corpus/$h"
	rm -f "$out/crashes/$h-"*
	extra=
	[ "$h" = fuzz_input ] && extra="-max_len=17000 -close_fd_mask=3"
	# In a network namespace of its own: fuzz_input's dry runs read the
	# network state (netlink dumps), and must see none of the host's.
	# shellcheck disable=SC2086
	timeout -k 10 $((secs + 300)) unshare --net "$bld/$h" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/crashes/$h-" \
		$extra "$out/corpus/$h" "test/corpus/$h" >"$out/$h.log" 2>&1 &
	echo $! >"$out/$h.pid"
done
fail=0
for h in $harnesses; do
	wait "$(cat "$out/$h.pid")"
	rc=$?
	rm -f "$out/$h.pid"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$out/$h.log" | tail -n 1 | cut -d' ' -f2)
	crashes=$(find "$out/crashes" -name "$h-*" -type f | wc -l)
	corpus=$(find "$out/corpus/$h" -type f | wc -l)
	seeds=$(find "test/corpus/$h" -type f | wc -l)
	printf 'harness=%s\nseconds=%s\nexecs=%s\ncrashes=%s\ncov=%s\ncorpus=%s\nseeds=%s\nrc=%s\n' \
		"$h" "$secs" "${execs:-0}" "$crashes" "${cov:-0}" "$corpus" "$seeds" "$rc" >"$out/$h.stats"
	if [ "$rc" = 0 ] && [ "$crashes" = 0 ] && [ -n "$execs" ]; then
		echo "PASS fuzz $h: $execs executions in $secs s, 0 crashes, coverage $cov, $corpus new corpus units"
	else
		fail=1
		echo "FAIL fuzz $h: exit $rc, $crashes crashing input(s) in $out/crashes (log: $out/$h.log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_[a-z]+: )|runtime error' "$out/$h.log" | head -n 5
	fi
done
exit $fail
