#!/bin/bash
# test/matrix.sh - issue 3: every libc and architecture guestnet supports.
#
# For each variant of tools/build.sh (gcc and clang with glibc, static glibc,
# static musl, static aarch64 glibc and musl, dietlibc, klibc):
#   "build VARIANT"    it builds with -Wall -Wextra -Wpedantic -Werror, and
#                      neither compiler nor linker says "warning";
#   "VARIANT: unit"    the unit tests (test/unit.sh) built with that compiler,
#                      libc and flags, and run;
#   "VARIANT: integration"  the integration tests (test/integration.sh) with
#                      that binary. aarch64 runs under qemu-aarch64-static
#                      (UNIT_RUNNER, GUESTNET_RUNNER).
#                      Each is one check here; their FAIL lines are repeated.
# Then, once:
#   "no kernel headers"  no source includes <linux/...> or <asm/...> (README, Design notes);
#   "size ..."           tools/size.sh: the size budgets;
#   "reproducible ..."   two clean builds of the working tree, copied into two
#                        different directories, are byte-identical.
# MATRIX_VARIANTS="v1 v2" picks variants; MATRIX_JOBS (default 4) integration
# runs go in parallel - they wait on the kernel more than on the CPU.
# Needs root (the integration tests make network namespaces, prefix gnt-).
set -u
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
variants=${MATRIX_VARIANTS:-$(tools/build.sh --list)}
jobs=${MATRIX_JOBS:-4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# One check per variant and suite: "PASS v: unit tests (249 checks)", or
# the suite's own FAIL lines as "FAIL v: unit: ..." (a suite that fails
# without a FAIL line shows its last lines and is one failure).
tagged() { # VARIANT SUITE-NAME RC FILE
	local p f
	p=$(grep -c '^PASS ' "$4") f=$(grep -c '^FAIL ' "$4")
	if [ "$3" = 0 ] && [ "$f" = 0 ] && [ "$p" -gt 0 ]; then
		echo "PASS $1: $2 ($p checks)"
	elif [ "$f" -gt 0 ]; then
		sed -n "s/^FAIL /FAIL $1: $2: /p" "$4"
	else
		grep -v '^PASS ' "$4" | tail -n 5 | sed 's/^/    /'
		echo "FAIL $1: $2: exited with status $3 after $p passed checks"
	fi
}

runner() { case $1 in aarch64-*) echo qemu-aarch64-static ;; esac; }

# --- sources: no kernel headers
inc=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](linux|asm|asm-generic)/' ./*.c ./*.h)
if [ -z "$inc" ]; then
	echo "PASS no kernel headers: no <linux/...> or <asm/...> in $(echo *.c *.h)"
else
	echo "FAIL no kernel headers: $(echo "$inc" | tr '\n' ' ')"
fi

tools/deps.sh qemu-user-static >/dev/null ||
	echo "FAIL deps: tools/deps.sh qemu-user-static failed"

# --- builds and unit tests, one variant after the other (CPU-bound, and
# test/unit.sh builds into a directory named after the compiler)
unit_has_runner=$(grep -c UNIT_RUNNER test/unit.sh 2>/dev/null)
for v in $variants; do
	if ! bin=$(tools/build.sh "$v" 2>"$tmp/$v.err" | tail -n 1) || [ ! -x "$bin" ]; then
		echo "FAIL build $v: $(tail -n 5 "$tmp/$v.err" | tr '\n' ' ')"
		continue
	fi
	echo "$bin" > "$tmp/$v.bin"
	if grep -qi 'warning' "$tmp/$v.err"; then
		echo "FAIL build $v: $(grep -i warning "$tmp/$v.err" | head -n 3 | tr '\n' ' ')"
	else
		echo "PASS build $v"
	fi

	# The unit tests with the variant's compiler, libc and flags.
	cc='' ucflags=''
	while IFS= read -r a; do
		case $a in
		CC=*) cc=${a#CC=} ;;
		CROSS_COMPILE=*) [ -n "$cc" ] || cc=${a#CROSS_COMPILE=}gcc ;;
		CPPFLAGS=* | CFLAGS=*) ucflags="$ucflags ${a#*=}" ;;
		STATIC=1) ucflags="$ucflags -static" ;;
		esac
	done < <(tools/build.sh --vars "$v")
	r=$(runner "$v")
	if [ ! -x test/unit.sh ]; then
		echo "FAIL $v: unit: test/unit.sh is missing"
	elif [ -n "$r" ] && [ "$unit_has_runner" = 0 ]; then
		echo "FAIL $v: unit: test/unit.sh cannot run a cross-built test (no UNIT_RUNNER)"
	else
		CC=${cc:-cc} UNIT_CFLAGS=$ucflags UNIT_RUNNER=$r \
			timeout 300 test/unit.sh >"$tmp/$v.unit" 2>&1
		tagged "$v" unit $? "$tmp/$v.unit"
	fi
done

echo "matrix: builds and unit tests took $SECONDS s"
t=$SECONDS

# --- integration tests, MATRIX_JOBS at a time; the output in variant order.
# System tools come first in PATH: test/nsstate.py is a python3 script run
# dozens of times, and a python3 shim (pyenv) costs seconds a call.
if [ ! -x test/integration.sh ]; then
	echo "FAIL integration: test/integration.sh is missing"
else
	for v in $variants; do
		[ -f "$tmp/$v.bin" ] || continue
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
		(
			PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH \
			GUESTNET=$(cat "$tmp/$v.bin") GUESTNET_RUNNER=$(runner "$v") \
				timeout 600 test/integration.sh >"$tmp/$v.int" 2>&1
			echo $? >"$tmp/$v.intrc"
		) &
	done
	wait
	for v in $variants; do
		[ -f "$tmp/$v.bin" ] && tagged "$v" integration "$(cat "$tmp/$v.intrc")" "$tmp/$v.int"
	done
fi

echo "matrix: integration tests took $((SECONDS - t)) s ($jobs at a time)"
t=$SECONDS

# --- size budgets (the builds above are reused), all enforced
# shellcheck disable=SC2086 # a list of words
tools/size.sh $variants

# --- reproducible: the same tree, built clean in two different places
for v in musl-static aarch64-musl-static; do
	case " $variants " in *" $v "*) ;; *) continue ;; esac
	bins=
	for d in "$tmp/r1" "$tmp/repro-two/src"; do
		rm -rf "$d" && mkdir -p "$d" && cp -p ./*.c ./*.h Makefile "$d" && cp -rp tools "$d"
		bins="$bins $(cd "$d" && tools/build.sh "$v" 2>"$tmp/repro.err" | tail -n 1)"
	done
	# shellcheck disable=SC2086
	set -- $bins
	if [ $# != 2 ] || [ ! -f "$1" ] || [ ! -f "$2" ]; then
		echo "FAIL reproducible $v: a build failed: $(tail -n 3 "$tmp/repro.err" | tr '\n' ' ')"
	elif ! cmp -s "$1" "$2"; then
		echo "FAIL reproducible $v: builds in $tmp/r1 and $tmp/repro-two/src differ: $(cmp "$1" "$2" | head -n 1)"
	elif grep -q "$tmp" "$1"; then
		echo "FAIL reproducible $v: the build directory is inside the binary"
	else
		echo "PASS reproducible $v: two clean builds in different directories are identical ($(wc -c < "$1") bytes unstripped)"
	fi
done
echo "matrix: sizes and reproducibility took $((SECONDS - t)) s"
exit 0
