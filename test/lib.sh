# shellcheck shell=bash disable=SC2317 # the functions plan_pass defines are called by the suite
# test/lib.sh - sourced by bash suites that run guestnet in namespaces of
# their own (test/converge.sh, test/quirks.sh, test/audit.sh): the check that
# the dry run is the plan. --dry-run prints exactly the changes the real run
# makes in the same state, no more and no fewer; a real run with --verbose
# reports each change as it makes it. So, in the same state, the dry run's
# standard output, file contents aside, equals the verbose run's report.

# plan_dry DRY-OUT: the dry run's plan: the lines of its standard output that
# are neither file contents (indented by 4 spaces) nor empty.
plan_dry() { printf '%s\n' "$1" | grep -v -e '^    ' -e '^$'; }

# plan_done VERBOSE-ERR DRY-ERR: what the verbose run reports it did: its
# standard error's lines "guestnet: X" as X, leaving out those that say that
# state already matched (": already ", and " already " as in "eth0: MTU
# already 1400") and those the dry run printed on its own standard error too
# (the notices both print). A change the kernel refused is in the plan all
# the same: its failure line ("X: error", after its line X) is left out, and
# a change skipped because its prerequisite failed ("X: skipped, why") counts
# as X, the change the plan listed.
plan_done() {
	printf '%s\n' "$1" | grep '^guestnet: ' | grep -vF ' already ' |
		grep -vxF -f <(printf '%s\n' "$2" | grep .) | sed 's/^guestnet: //' |
		awk '{ for (k in made) if (index($0, k ": ") == 1) next
			sub(/: skipped, .*$/, ""); print; made[$0] = 1 }'
}

# plan_check NAME DRY-OUT DRY-ERR VERBOSE-ERR [NOTE]: PASS NAME when the dry
# run's plan equals, line for line and in order, what the verbose run reports;
# else FAIL NAME with the lines only one of them has (NOTE appended).
plan_check() {
	local want got d
	want=$(plan_dry "$2")
	got=$(plan_done "$4" "$3")
	if [ "$want" = "$got" ]; then
		echo "PASS $1"
		return 0
	fi
	d=$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | grep '^[<>]' |
		sed -e 's/^< /dry run only: /' -e 's/^> /verbose run only: /' | tr '\n' ';')
	[ "${#d}" -le 2000 ] || d="${d:0:2000}..."
	echo "FAIL $1: the dry run's plan and the verbose run's report differ: $d${5:+ ($5)}"
	return 1
}

# plan_pass FUNCTION...: unless GN_PLAN=0, every scenario FUNCTION of the
# suite again, with the suite's real-run helper gn (gn VAR=VALUE... --
# OPTION...: sets RC, OUT and ERR) wrapped: each run without --dry-run is
# preceded, in the same state, by the same run with --dry-run, is made with
# --verbose, and the two are compared by plan_check: one PASS/FAIL line per
# run, named after the scenario (the FUNCTION, the run's number in it, the
# helper that ran it). The suite's own checks were made by its first pass;
# in this pass they would see --verbose's extra lines, so ok and ko (the
# suites' PASS and FAIL printers) print nothing.
plan_pass() {
	local f
	[ "${GN_PLAN-}" != 0 ] || return 0
	eval "plan_gn_real() $(declare -f gn | sed 1d)"
	ok() { :; }
	ko() { :; }
	declare -gA PLAN_RUNS=()
	gn() {
		local a opts=0 dry=0 d_out d_err d_rc scen="" via="" i name
		for a in "$@"; do
			[ "$opts" = 1 ] && case $a in --dry-run | -n) dry=1 ;; esac
			[ "$a" = -- ] && opts=1
		done
		if [ "$dry" = 1 ]; then
			plan_gn_real "$@"
			return
		fi
		for ((i = 1; i < ${#FUNCNAME[@]}; i++)); do
			case ${FUNCNAME[i]} in
			t_*) scen=${FUNCNAME[i]} && break ;;
			*) [ -n "$via" ] || via=${FUNCNAME[i]} ;;
			esac
		done
		scen=${scen:-main}
		PLAN_RUNS[$scen]=$((${PLAN_RUNS[$scen]:-0} + 1))
		name="the dry run is the plan: $(basename "$0" .sh) $scen, run ${PLAN_RUNS[$scen]}${via:+ (by $via)}"
		plan_gn_real "$@" --dry-run
		d_out=$OUT d_err=$ERR d_rc=$RC
		plan_gn_real "$@" --verbose
		plan_check "$name" "$d_out" "$d_err" "$ERR" "dry run exit $d_rc, real run exit $RC; input: $*"
	}
	for f in "$@"; do "$f"; done
}

# ns_suite NAME TAG PACKAGE...: the start a namespace suite shares. Fails the
# suite (FAIL NAME, exit 1) unless it runs as root and the packages are
# installed (tools/deps.sh); sets tag (the namespaces' name prefix: TAG and
# this shell's pid) and tmp (a temporary directory), both removed on exit
# with every namespace named "$tag-*"; defines ok, ko and verdict (PASS when
# the reason, verdict's second argument, is empty), their check names
# prefixed by $PREFIX when the caller set it ("clone: ").
ns_suite() {
	local name=$1 prefix=$2
	shift 2
	if [ "$(id -u)" != 0 ]; then
		echo "FAIL $name: needs root for network namespaces"
		exit 1
	fi
	"$top/tools/deps.sh" "$@" || {
		echo "FAIL $name: cannot install $*"
		exit 1
	}
	tag=$prefix$$
	tmp=$(mktemp -d)
	trap ns_suite_cleanup EXIT
	trap 'exit 1' INT TERM
	ok() { echo "PASS ${PREFIX-}$1"; }
	ko() { echo "FAIL ${PREFIX-}$1: $2"; }
	verdict() { if [ -z "$2" ]; then ok "$1"; else ko "$1" "$2"; fi; }
}
ns_suite_cleanup() {
	for ns in $(ip netns list | awk '{print $1}' | grep "^$tag-"); do ip netns del "$ns"; done
	rm -rf "$tmp"
}
