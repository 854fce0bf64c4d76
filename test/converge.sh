#!/bin/bash
# test/converge.sh - a re-run converges (issue 10): whatever state guestnet
# finds on the interface (an earlier run with other values, a guest restored
# from a snapshot and given a new identity), a run that exits 0 leaves the
# state a run of the same input on a fresh guest leaves. Each case runs
# guestnet in network namespaces of its own, eth0 a veth whose peer is up in a
# second namespace, under new UTS and mount namespaces with --root in a
# temporary directory (as test/integration.sh does), then compares it with a
# fresh guest given the same input: addresses, routes of every table
# (test/nsstate.py --routes), links (MAC, MTU, up), the files' names, modes
# and bytes, and the hostname. Neighbour entries and link-local addresses are
# not compared (test/clone.sh compares them: a new MAC on a link that is up
# takes the link down and up, and the new MAC's link-local address comes);
# cases d and e check neighbours on their own; f checks eth0's link-local
# address.
#
# GUESTNET=path picks the binary (default ./guestnet); GUESTNET_RUNNER is a
# prefix for it (qemu-aarch64-static, valgrind ...). Root is needed.
# GN_PLAN=0 skips the second pass (test/lib.sh: each real run compared with
# a dry run in the same state), GN_PLAN=only runs only that pass.
# Addresses: documentation ranges only, only inside these namespaces. Every
# wait is bounded: a settle of at most 4 s, pings with -W 2, two tries at most.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
read -ra RUNNER <<<"${GUESTNET_RUNNER:-}" # words: a command and its options
if [ "$(id -u)" != 0 ]; then
	echo "FAIL converge: needs root for network namespaces"
	exit 1
fi
"$top/tools/deps.sh" iproute2 util-linux python3 iputils-ping || {
	echo "FAIL converge: cannot install iproute2, util-linux, python3, iputils-ping"
	exit 1
}
tag=gnt-cv$$
tmp=$(mktemp -d)
cleanup() {
	for ns in $(ip netns list | awk '{print $1}' | grep "^$tag-"); do ip netns del "$ns"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
# verdict NAME WHY: PASS when WHY is empty.
verdict() { if [ -z "$2" ]; then ok "$1"; else ko "$1" "$2"; fi; }

# Identity A (the first run) and identity B (the clone's new values).
A=("MSB_NET=iface=eth0,mac=02:00:00:00:00:01,mtu=1400"
	"MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.53"
	"MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::53"
	MSB_HOSTNAME=guest-a MSB_HOST_ALIAS=host.test.internal)
A4=("${A[0]}" "${A[1]}" MSB_HOSTNAME=guest-a MSB_HOST_ALIAS=host.test.internal)
B=("MSB_NET=iface=eth0,mac=02:00:00:00:00:02"
	"MSB_NET_IPV4=addr=198.51.100.2/24,gw=198.51.100.1,dns=198.51.100.53"
	"MSB_NET_IPV6=addr=2001:db8:1::2/64,gw=2001:db8:1::1,dns=2001:db8:1::53"
	MSB_HOSTNAME=guest-b MSB_HOST_ALIAS=host.test.internal)
# A prefix change, both families: /24 -> /25, /64 -> /80.
P1=("MSB_NET=iface=eth0,mac=02:00:00:00:00:01"
	"MSB_NET_IPV4=addr=198.51.100.2/24,gw=198.51.100.1,dns=198.51.100.53"
	"MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1" MSB_HOSTNAME=guest-p)
P2=("MSB_NET=iface=eth0,mac=02:00:00:00:00:01"
	"MSB_NET_IPV4=addr=198.51.100.2/25,gw=198.51.100.1,dns=198.51.100.53"
	"MSB_NET_IPV6=addr=2001:db8::2/80,gw=2001:db8::1" MSB_HOSTNAME=guest-p)
# Another address in the same subnets (the kernel makes a second IPv4
# address of a subnet a secondary one).
S2=("MSB_NET=iface=eth0,mac=02:00:00:00:00:01"
	"MSB_NET_IPV4=addr=198.51.100.3/24,gw=198.51.100.1,dns=198.51.100.53"
	"MSB_NET_IPV6=addr=2001:db8::3/64,gw=2001:db8::1" MSB_HOSTNAME=guest-p)

# guest [PEER-ADDRESS...]: fresh namespaces $NS (eth0) and $NS-p (peer0, up,
# holding the addresses given, IPv6 ones without DAD), and a root $ROOT.
n=0
guest() {
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	ip -n "$NS" link add eth0 type veth peer name peer0 netns "$NS-p"
	ip -n "$NS-p" link set peer0 up
	local a
	for a in "$@"; do
		case $a in
		*:*) ip -n "$NS-p" addr add "$a" dev peer0 nodad ;;
		*) ip -n "$NS-p" addr add "$a" dev peer0 ;;
		esac
	done
	mkdir -p "$ROOT"
}

# gn [VAR=VALUE...] -- [OPTION...]: run guestnet in $NS with only those
# variables; sets RC, OUT, ERR and UTS (the hostname it left).
gn() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	# shellcheck disable=SC2016
	ip netns exec "$NS" unshare --uts --mount sh -c \
		'hostname gnt-before; "$@" >"$0.out" 2>"$0.err"; rc=$?; hostname >"$0.uts"; exit $rc' \
		"$tmp/run" env -i PATH="$PATH" "${envs[@]}" "${RUNNER[@]}" "$G" --root "$ROOT" "$@"
	RC=$?
	OUT=$(cat "$tmp/run.out") ERR=$(cat "$tmp/run.err") UTS=$(cat "$tmp/run.uts")
}

state() { "$top/test/nsstate.py" --routes "$NS"; }
# Everything a run could change: links, addresses, routes, and the root.
snapshot() {
	ip -n "$NS" -j -d link show; ip -n "$NS" -j addr show
	ip -n "$NS" -j -4 route show table all; ip -n "$NS" -j -6 route show table all
	find "$ROOT" -printf '%p %M %s\n' | sort
	find "$ROOT" -type f -exec sha256sum {} + | sort
}
# What a converged guest is judged by: state, the root's files (names, modes,
# bytes; relative, so two roots compare), the hostname the run left.
facts() {
	state
	(cd "$ROOT" && find . -mindepth 1 -printf 'file %P %M %s\n' | sort &&
		find . -type f -exec sha256sum {} + | sed 's/^/sha /' | sort)
	echo "uts $UTS"
}

# settle: wait (at most about 4 s) until the kernel's own work after a run is
# over: no tentative address (DAD of the link-local address takes up to 2 s),
# no link with carrier whose operational state is not yet up, and two
# snapshots 100 ms apart equal. Says so when it gives up.
settle() {
	local i prev="" cur
	for i in $(seq 40); do
		cur=$(snapshot)
		if [ "$cur" = "$prev" ] && ! ip -n "$NS" -6 addr show tentative | grep -q . &&
			! ip -n "$NS" -o link show up | grep LOWER_UP | grep -qv 'state UP\|state UNKNOWN'; then
			return 0
		fi
		prev=$cur
		sleep 0.1
	done
	echo "note: $NS still changing after 4 s"
	return 1
}

# pings NS ADDR TRIES: a ping from NS to ADDR answered within TRIES tries of
# one echo request and 2 s each.
pings() {
	local i
	for ((i = 0; i < $3; i++)); do
		ip netns exec "$1" ping -n -c 1 -W 2 "$2" >/dev/null 2>&1 && return 0
	done
	return 1
}

# same_as_fresh NAME SETUP VAR=VALUE...: the last run in $NS exited 0 and left
# the state and files a run of the same input leaves on a fresh guest (whose
# namespace the function SETUP prepares first, as this one's was).
same_as_fresh() {
	local name=$1 setup=$2 rc=$RC err=$ERR uts=$UTS ns=$NS root=$ROOT got want why=
	shift 2
	guest
	$setup
	gn "$@" --
	if [ "$RC" != 0 ]; then
		ko "$name" "harness: the fresh run exited $RC: $ERR"
		NS=$ns ROOT=$root
		return
	fi
	settle
	want=$(facts)
	NS=$ns ROOT=$root UTS=$uts RC=$rc ERR=$err
	settle
	got=$(facts)
	[ "$rc" = 0 ] || why="exit $rc: $err"
	[ -z "$why" ] && [ "$got" != "$want" ] &&
		why="differs from a fresh run (< this run, > fresh): $(diff <(echo "$got") <(echo "$want") |
			grep '^[<>]' | tr '\n' ';')"
	verdict "$name" "$why"
}

# first NAME VAR=VALUE...: the first run; FAIL NAME (a harness failure) unless it exits 0.
first() {
	local name=$1
	shift
	gn "$@" --
	[ "$RC" = 0 ] && return 0
	ko "$name" "harness: the first run exited $RC: $ERR"
	return 1
}

# has PATTERN: a line of state matches the extended regular expression.
has() { [ -n "$(lines "$1")" ]; }
# lines PATTERN: the lines of state that match, joined by ';'.
lines() { state | grep -E "$1" | tr '\n' ';'; }

# exactly NAME PATTERN LINES: the lines of state matching PATTERN are LINES
# (each ended by ';').
exactly() {
	local got
	got=$(lines "$2")
	if [ "$got" = "$3" ]; then ok "$1"; else ko "$1" "found: ${got:-none}"; fi
}

# plan_missing LINE...: the lines of $OUT missing among LINE..., joined by ';'.
plan_missing() {
	local l
	for l in "$@"; do
		printf '%s\n' "$OUT" | grep -qxF "$l" || printf '%s;' "$l"
	done
}

none() { :; }

# a. A clone: new MAC, new subnets in both families.
t_new_identity() {
	local c="new MAC and subnets (both families)" why
	guest 198.51.100.1/24 2001:db8:1::1/64
	first "$c" "${A[@]}" || return
	gn "${B[@]}" --
	same_as_fresh "$c: the re-run exits 0 and equals a fresh run of the new input" none "${B[@]}"
	why=$(lines '^addr eth0 (192\.0\.2\.2/|2001:db8::2/)')
	verdict "$c: no old address (192.0.2.2/30, 2001:db8::2/64) remains" "${why:+left: $why}"
	why=$(lines '^rt[46] .* (192\.0\.2\.[0-9]+(/[0-9]+)?|2001:db8::[0-9a-f]*(/[0-9]+)?) ')
	verdict "$c: no route of the old subnets remains" "${why:+left: $why}"
	why=$(lines '^(route[46] default|rt[46] .* default )' | sed 's/ proto=[^;]*//g')
	if [ "$why" = "route4 default via 198.51.100.1 dev eth0;route6 default via 2001:db8:1::1 dev eth0;" ]; then
		why=
	else
		why="found: ${why:-none}"
	fi
	verdict "$c: default routes only via 198.51.100.1 and 2001:db8:1::1" "$why"
	why=
	pings "$NS" 198.51.100.1 2 || why="198.51.100.1 does not answer"
	pings "$NS" 2001:db8:1::1 2 || why="$why${why:+; }2001:db8:1::1 does not answer"
	verdict "$c: the new gateways answer a ping from the guest" "$why"
}

# b. Dual stack to IPv4 only, and back.
t_family_dropped() {
	local c="dual stack to IPv4 only" why
	guest
	first "$c" "${A[@]}" || return
	gn "${A4[@]}" --
	local rc=$RC err=$ERR
	why=$(lines '^addr eth0 [0-9a-f]*:[^ ]* scope=(global|site)')
	verdict "$c: no global IPv6 address remains on eth0" "${why:+left: $why}"
	why=$(lines '^(route6 default|rt6 .* default) .*dev eth0')
	verdict "$c: no IPv6 default route through eth0 remains" "${why:+left: $why}"
	RC=$rc ERR=$err
	same_as_fresh "$c: the re-run exits 0 and equals a fresh IPv4-only run" none "${A4[@]}"
	gn "${A[@]}" --
	same_as_fresh "IPv4 only back to dual stack: exits 0 and equals a fresh dual-stack run" none "${A[@]}"
}

# c. The same addresses with new prefix lengths.
t_prefix() {
	local c="prefix change /24 to /25 and /64 to /80" why
	guest
	first "$c" "${P1[@]}" || return
	gn "${P2[@]}" --
	same_as_fresh "$c: the re-run exits 0 and equals a fresh run" none "${P2[@]}"
	exactly "$c: exactly one 198.51.100.2, with prefix /25" '^addr eth0 198\.51\.100\.2/' \
		"addr eth0 198.51.100.2/25 scope=global;"
	exactly "$c: exactly one 2001:db8::2, with prefix /80" '^addr eth0 2001:db8::2/' \
		"addr eth0 2001:db8::2/80 scope=global nodad;"
	why=$(lines '^rt[46] .* (198\.51\.100\.0/24|198\.51\.100\.255|2001:db8::/64) ')
	verdict "$c: the old prefix routes are gone" "${why:+left: $why}"
}

# j. Another address in the same subnets (IPv4: the new address is the old
# one's secondary, and deleting a primary deletes its secondaries unless
# promote_secondaries is set).
t_same_subnet() {
	local c="new address in the same subnets" why
	guest
	first "$c" "${P1[@]}" || return
	gn "${S2[@]}" --
	same_as_fresh "$c: the re-run exits 0 and equals a fresh run" none "${S2[@]}"
	exactly "$c: eth0 holds exactly 198.51.100.3/24 and 2001:db8::3/64" '^addr eth0 .*scope=global' \
		"addr eth0 198.51.100.3/24 scope=global;addr eth0 2001:db8::3/64 scope=global nodad;"
}

# d. The same identity again, with stale neighbour entries for the gateways.
t_stale_neighbours() {
	local c="stale gateway neighbours" why
	guest 192.0.2.1/30 2001:db8::1/64
	first "$c" "${A[@]}" || return
	why=
	pings "$NS" 192.0.2.1 2 || why="192.0.2.1 does not answer"
	pings "$NS" 2001:db8::1 2 || why="$why${why:+; }2001:db8::1 does not answer"
	verdict "$c: harness: the gateways answer after the first run" "$why"
	ip -n "$NS" neigh replace 192.0.2.1 lladdr 02:aa:bb:cc:dd:ee nud reachable dev eth0
	ip -n "$NS" neigh replace 2001:db8::1 lladdr 02:aa:bb:cc:dd:ee nud reachable dev eth0
	ip -n "$NS" neigh replace 2001:db8::9 lladdr 02:aa:bb:cc:dd:09 nud permanent dev eth0
	gn "${A[@]}" --
	local rc=$RC err=$ERR
	why=$(ip -n "$NS" neigh show 192.0.2.1 dev eth0 | grep 02:aa:bb:cc:dd:ee)
	verdict "$c: the IPv4 entry (02:aa:bb:cc:dd:ee) is forgotten" "${why:+still there: $why}"
	why=$(ip -n "$NS" neigh show 2001:db8::1 dev eth0 | grep 02:aa:bb:cc:dd:ee)
	verdict "$c: the IPv6 entry (02:aa:bb:cc:dd:ee) is forgotten" "${why:+still there: $why}"
	why=$(ip -n "$NS" neigh show 2001:db8::9 dev eth0)
	case $why in *02:aa:bb:cc:dd:09*PERMANENT*) why= ;; *) why="entry now: ${why:-none}" ;; esac
	verdict "$c: a permanent entry is kept" "$why"
	local a
	for a in 192.0.2.1 2001:db8::1; do
		why=
		pings "$NS" $a 2 || why="no answer in 2 tries; entry: $(ip -n "$NS" neigh show $a dev eth0)"
		verdict "$c: the guest reaches $a afterwards" "$why"
	done
	RC=$rc ERR=$err
	same_as_fresh "$c: the re-run exits 0 and equals a fresh run" none "${A[@]}"
}

# e. A new MAC, the same addresses: the host side's cache learns it at once.
t_new_mac() {
	local c="new MAC, same addresses" why
	local M2=("MSB_NET=iface=eth0,mac=02:00:00:00:00:02,mtu=1400" "${A[@]:1}")
	guest 192.0.2.1/30 2001:db8::1/64
	first "$c" "${A[@]}" || return
	why=
	pings "$NS-p" 192.0.2.2 2 || why="192.0.2.2 does not answer"
	pings "$NS-p" 2001:db8::2 2 || why="$why${why:+; }2001:db8::2 does not answer"
	[ -z "$why" ] && [ "$(ip -n "$NS-p" neigh show dev peer0 | grep -c 'lladdr 02:00:00:00:00:01')" != 2 ] &&
		why="the host side did not cache 02:00:00:00:00:01: $(ip -n "$NS-p" neigh show dev peer0 | tr '\n' ';')"
	verdict "$c: harness: the host side reached the guest and caches its old MAC" "$why"
	gn "${M2[@]}" --
	local rc=$RC err=$ERR
	local a fam=IPv4
	for a in 192.0.2.2 2001:db8::2; do
		why=
		pings "$NS-p" $a 1 || why="not answered; host side's entry: $(ip -n "$NS-p" neigh show $a dev peer0)"
		verdict "$c: the host side's first $fam ping after the change is answered" "$why"
		fam=IPv6
	done
	RC=$rc ERR=$err
	same_as_fresh "$c: the re-run exits 0 and equals a fresh run" none "${M2[@]}"
}

# f. Other interfaces (eth1, a second veth), lo and eth0's link-local
# address are left alone.
others_setup() {
	ip -n "$NS" link add eth1 address 02:00:00:00:05:05 type veth peer name peer1 netns "$NS-p"
	ip -n "$NS-p" link set peer1 up
	ip -n "$NS" link set eth1 up
	ip -n "$NS" addr add 203.0.113.5/24 dev eth1
	ip -n "$NS" addr add 2001:db8:5::5/64 dev eth1 nodad
	ip -n "$NS" addr add 127.0.0.2/8 dev lo
}
t_others() {
	local c="other interfaces" why ll other lo
	guest
	others_setup
	first "$c" "${A[@]}" || return
	settle
	ll=$(ip -n "$NS" -6 -o addr show dev eth0 scope link | awk '{print $4}')
	other=$(state | grep ' eth1\b') lo=$(state | grep '^addr lo ')
	gn "${B[@]}" --
	local rc=$RC err=$ERR
	why=$(state | grep ' eth1\b')
	[ "$why" = "$other" ] && why=
	[ -n "$why" ] && why="was: $(echo "$other" | tr '\n' ';') now: $(echo "$why" | tr '\n' ';')"
	case $other in *2001:db8:5::5/64*203.0.113.5/24*) ;; *) why="harness: eth1 set up wrong: $(echo "$other" | tr '\n' ';')" ;; esac
	verdict "$c: eth1 keeps 203.0.113.5/24, 2001:db8:5::5/64 and their routes" "$why"
	why=$(state | grep '^addr lo ')
	[ "$why" = "$lo" ] && why=
	[ -n "$why" ] && why="was: $(echo "$lo" | tr '\n' ';') now: $(echo "$why" | tr '\n' ';')"
	case $lo in *127.0.0.2/8*) ;; *) why="harness: no 127.0.0.2/8 on lo after the first run: $lo" ;; esac
	verdict "$c: lo keeps its addresses (127.0.0.2/8 among them)" "$why"
	# B's new MAC: the link-local address is the new MAC's, as at boot
	why=$(ip -n "$NS" -6 -o addr show dev eth0 scope link | awk '{print $4}')
	if [ "$why" = fe80::ff:fe00:2/64 ]; then why=; else why="was: ${ll:-none} now: ${why:-none}"; fi
	[ "$ll" = fe80::ff:fe00:1/64 ] || why="harness: eth0's link-local address after the first run: ${ll:-none}"
	verdict "$c: eth0's link-local address is the new MAC's (fe80::ff:fe00:2/64), the old one gone" "$why"
	RC=$rc ERR=$err
	same_as_fresh "$c: the re-run with a new identity exits 0 and equals a fresh run" others_setup "${B[@]}"
}

# g. Invalid new values change nothing.
t_invalid() {
	local c="invalid new values" before after
	guest
	first "$c" "${A[@]}" || return
	settle
	before=$(snapshot)
	gn "${B[0]}" "MSB_NET_IPV4=addr=198.51.100.2/33,gw=198.51.100.1" "${B[@]:2}" --
	after=$(snapshot)
	if [ "$RC" = 2 ] && [ "$before" = "$after" ] && [ "$UTS" = gnt-before ] &&
		printf '%s\n' "$ERR" | grep -q '^guestnet: MSB_NET_IPV4: '; then
		ok "$c: exit 2 naming MSB_NET_IPV4, snapshot identical"
	else
		ko "$c: exit 2 naming MSB_NET_IPV4, snapshot identical" \
			"exit $RC, changed=$([ "$before" = "$after" ] && echo no || echo yes), uts=$UTS, err=$ERR"
	fi
}

# dry NAME VAR=VALUE... -- LINE...: a dry run in $NS (settled) exits 0,
# changes nothing, and prints each LINE.
dry() {
	local name=$1 envs=() before after why=
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	settle
	before=$(snapshot)
	gn "${envs[@]}" -- --dry-run
	after=$(snapshot)
	[ "$RC" = 0 ] || why="exit $RC: $ERR"
	[ "$before" = "$after" ] || why="$why${why:+; }the dry run changed the namespace or the root"
	[ "$UTS" = gnt-before ] || why="$why${why:+; }the dry run set the hostname $UTS"
	local missing
	missing=$(plan_missing "$@")
	[ -n "$missing" ] && why="$why${why:+; }missing lines: $missing"
	verdict "$name" "$why"
}

# h. The dry run's plan.
t_dry_run() {
	local c="dry run" why
	guest
	first "$c A to B" "${A[@]}" || return
	# B's new MAC: the link goes down for it, and its IPv6 addresses
	# with it (no removal of them is planned)
	dry "$c A to B: exit 0, nothing changed, each removal and addition planned" "${B[@]}" -- \
		"eth0: set down for the new MAC" \
		"eth0: remove IPv4 address 192.0.2.2/30" \
		"eth0: add IPv4 address 198.51.100.2/24" \
		"eth0: add IPv6 address 2001:db8:1::2/64" \
		"eth0: set up" \
		"eth0: add IPv4 default route via 198.51.100.1" \
		"eth0: add IPv6 default route via 2001:db8:1::1"
	dry "$c without MSB_NET_IPV6 after dual stack: plans removing the IPv6 default route" \
		"${A4[@]}" -- "eth0: remove IPv6 default route via 2001:db8::1"

	guest
	first "$c of a prefix change" "${P1[@]}" || return
	dry "$c of an IPv4 prefix change: plans removing /24 and adding /25" "${P2[@]}" -- \
		"eth0: remove IPv4 address 198.51.100.2/24" "eth0: add IPv4 address 198.51.100.2/25"
	dry "$c of an IPv6 prefix change: plans removing /64 and adding /80" "${P2[@]}" -- \
		"eth0: remove IPv6 address 2001:db8::2/64" "eth0: add IPv6 address 2001:db8::2/80"

	guest 192.0.2.1/30 2001:db8::1/64
	first "$c with stale neighbours" "${A[@]}" || return
	ip -n "$NS" neigh replace 192.0.2.1 lladdr 02:aa:bb:cc:dd:ee nud reachable dev eth0
	ip -n "$NS" neigh replace 2001:db8::1 lladdr 02:aa:bb:cc:dd:ee nud reachable dev eth0
	dry "$c with a stale IPv4 gateway neighbour: plans forgetting it" "${A[@]}" -- \
		"eth0: forget neighbour 192.0.2.1"
	dry "$c with a stale IPv6 gateway neighbour: plans forgetting it" "${A[@]}" -- \
		"eth0: forget neighbour 2001:db8::1"
	why=
	ip -n "$NS" neigh show 192.0.2.1 dev eth0 | grep -q 02:aa:bb:cc:dd:ee || why="192.0.2.1's entry gone"
	ip -n "$NS" neigh show 2001:db8::1 dev eth0 | grep -q 02:aa:bb:cc:dd:ee ||
		why="$why${why:+; }2001:db8::1's entry gone"
	verdict "$c with stale neighbours: the entries are still there afterwards" "$why"

	guest
	local before after
	before=$(snapshot)
	gn "MSB_NET=iface=eth9,mac=02:00:00:00:00:01" "${A[@]:1}" -- --dry-run
	after=$(snapshot)
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	printf '%s\n' "$ERR" | grep -q 'eth9' || why="$why${why:+; }stderr does not name eth9: $ERR"
	[ "$before" = "$after" ] || why="$why${why:+; }the dry run changed the namespace or the root"
	verdict "$c against a missing interface: exit 1 naming eth9, nothing changed" "$why"
	gn "MSB_NET=iface=eth9,mac=02:00:00:00:00:01" "${A[@]:1}" --
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	printf '%s\n' "$ERR" | grep -q 'eth9' || why="$why${why:+; }stderr does not name eth9: $ERR"
	verdict "a real run against a missing interface: exit 1 naming eth9 (as the dry run must)" "$why"
}

# i. The same input twice.
t_twice() {
	local c="same input twice" before after why=
	guest
	first "$c" "${A[@]}" || return
	settle
	before=$(snapshot)
	gn "${A[@]}" --
	settle
	after=$(snapshot)
	[ "$RC" = 0 ] || why="exit $RC: $ERR"
	[ -z "$why" ] && [ "$before" != "$after" ] &&
		why="the second run changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | tr '\n' ';')"
	verdict "$c: both exit 0, the second changes nothing" "$why"
	same_as_fresh "$c: equals a fresh run" none "${A[@]}"
}

# IPv6 refused on the device: IPv4 is still done.
t_ipv6_refused() {
	local c="IPv6 refused on the device" why
	guest
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	gn "${A[@]}" --
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	printf '%s\n' "$ERR" | grep -q '^guestnet: eth0: .*IPv6' || why="$why${why:+; }no line names the IPv6 failure"
	verdict "$c: exit 1 and a line naming the IPv6 failure" "${why:+$why; stderr: $ERR}"
	why=
	has '^addr eth0 192\.0\.2\.2/30 ' || why="no 192.0.2.2/30"
	has '^route4 default via 192\.0\.2\.1 dev eth0 ' || why="$why${why:+; }no IPv4 default route"
	verdict "$c: the IPv4 address and default route are still configured" \
		"${why:+$why; state: $(state | grep -v '^rt' | tr '\n' ';')}"
	local f=$ROOT/etc/resolv.conf
	if [ -f "$f" ] && printf 'nameserver 192.0.2.53\nnameserver 2001:db8::53\n' | cmp -s - "$f"; then
		ok "$c: resolv.conf is still written with both nameservers"
	else
		ko "$c: resolv.conf is still written with both nameservers" \
			"$([ -f "$f" ] && tr '\n' ';' <"$f" || echo missing)"
	fi
}

# The first pass: the checks above (GN_PLAN=only skips it).
if [ "${GN_PLAN-}" != only ]; then
	t_twice
	t_invalid
	t_new_identity
	t_family_dropped
	t_prefix
	t_same_subnet
	t_stale_neighbours
	t_new_mac
	t_others
	t_dry_run
	t_ipv6_refused
fi

# The second pass (test/lib.sh; GN_PLAN=0 skips it): every scenario again,
# each real run preceded by a dry run in the same state and made with
# --verbose; one check per run: the dry run's plan is what the run did.
# (Reachability is not checked in this pass: no pings.)
# shellcheck source=test/lib.sh
. "$top/test/lib.sh"
pings() { return 0; }
plan_pass t_twice t_invalid t_new_identity t_family_dropped t_prefix t_same_subnet \
	t_stale_neighbours t_new_mac t_others t_dry_run t_ipv6_refused
