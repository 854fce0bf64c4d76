#!/bin/bash
# test/rename.sh - a NIC udev renamed, an MTU the device refuses, another
# network tool on the interface; guestnet in network namespaces of its own,
# under new UTS and mount namespaces with --root in a temporary directory (as
# test/converge.sh does).
#
#   - renamed clone: a first boot whose NIC is ens3 (iface=eth0): configured
#     by its MAC and given the alternative name eth0; the same guest
#     re-addressed with a new mac= and iface=eth0 is found by that name, and
#     ends as a fresh namespace (ens3 with the new MAC) given the same input:
#     links, alternative names, addresses, routes (test/nsstate.py), files;
#   - MTU: MSB_NET without mtu= on a macvlan whose lower link has MTU 1400:
#     the kernel refuses MSB_NET's default 1500, the run says where the 1500
#     came from, the device's range and how to send another, and does the
#     rest (exit 1); mtu=65535 on a tap (IFLA_MAX_MTU 65521): not sent, the
#     same explanation, the rest done; the same value from ip='s <mtu> field;
#   - conflicting tools: a route of proto dhcp and an address with a finite
#     lifetime on the interface: one notice naming both and guestnet(8).
#
# GUESTNET=path picks the binary (default ./guestnet); GUESTNET_RUNNER is a
# prefix for it. Root is needed. GN_PLAN=0 skips the second pass (test/lib.sh:
# each real run compared with a dry run in the same state), GN_PLAN=only runs
# only that pass. Namespace prefix gnt-rn (test/CONVENTIONS.md), deleted on
# exit. Addresses: documentation ranges only. Every wait is bounded.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
read -ra RUNNER <<<"${GUESTNET_RUNNER:-}"
# shellcheck source=test/lib.sh
. "$top/test/lib.sh"
PREFIX="rename: "
ns_suite rename gnt-rn iproute2 util-linux python3

MAC1=02:00:00:00:00:01
MAC2=02:00:00:00:00:02
A=("MSB_NET=iface=eth0,mac=$MAC1"
	"MSB_NET_IPV4=addr=192.0.2.2/24,gw=192.0.2.1,dns=192.0.2.53"
	"MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1" MSB_HOSTNAME=guest-a)
B=("MSB_NET=iface=eth0,mac=$MAC2"
	"MSB_NET_IPV4=addr=198.51.100.2/24,gw=198.51.100.1,dns=198.51.100.53"
	"MSB_NET_IPV6=addr=2001:db8:1::2/64,gw=2001:db8:1::1" MSB_HOSTNAME=guest-b)

# guest DEV MAC: fresh namespaces $NS (DEV, a veth with that MAC, down) and
# $NS-p (its peer, up), and a root $ROOT.
n=0
guest() {
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	ip -n "$NS" link add "$1" address "$2" type veth peer name peer0 netns "$NS-p"
	ip -n "$NS-p" link set peer0 up
	mkdir -p "$ROOT"
}

# gn [VAR=VALUE...] -- [OPTION...]: guestnet in $NS with only those
# variables; sets RC, OUT, ERR and UTS.
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

# altnames: each link's alternative names, one line each.
altnames() {
	ip -n "$NS" -j link show | python3 -c 'import json, sys
for l in json.load(sys.stdin):
    print("altnames", l["ifname"], " ".join(l.get("altnames", [])))'
}

# settle: at most about 4 s until no IPv6 address is tentative.
settle() {
	local _
	for _ in $(seq 40); do
		ip -n "$NS" -6 addr show tentative | grep -q . || return 0
		sleep 0.1
	done
}

facts() {
	"$top/test/nsstate.py" --routes "$NS"
	altnames
	(cd "$ROOT" && find . -mindepth 1 -printf 'file %P %M %s\n' | sort &&
		find . -type f -exec sha256sum {} + | sed 's/^/sha /' | sort)
	echo "uts $UTS"
}

# has NAME TEXT: PASS when $ERR holds the line TEXT.
has() {
	if printf '%s\n' "$ERR" | grep -qxF "$2"; then ok "$1"; else ko "$1" "no line \"$2\" in: $ERR"; fi
}

# a. A restored clone whose NIC udev renamed.
t_renamed_clone() {
	local c="renamed NIC" got want why="" rc err ns root
	guest ens3 "$MAC1"
	gn "${A[@]}" -- --dry-run
	why=$(printf '%s\n' "$OUT" | grep -xF "ens3: add alternative name eth0")
	verdict "$c: the dry run shows the alternative name" "$([ -n "$why" ] || echo "not in: $OUT")"
	gn "${A[@]}" --
	verdict "$c: the first run exits 0" "$([ "$RC" = 0 ] || echo "exit $RC: $ERR")"
	has "$c: the first run configures ens3 by its MAC" \
		"guestnet: eth0: no interface of that name: configuring ens3, whose MAC is $MAC1"
	why=$(altnames | grep -vxF "altnames ens3 eth0" | grep '^altnames ens3')
	verdict "$c: ens3 has the alternative name eth0" "$why"
	gn "${B[@]}" --
	rc=$RC err=$ERR ns=$NS root=$ROOT
	verdict "$c: re-addressed with a new mac= and iface=eth0: found, exit 0" \
		"$([ "$rc" = 0 ] || echo "exit $rc: $err")"
	why=$(printf '%s\n' "$err" | grep -E 'find interface|another network tool')
	verdict "$c: the re-run neither misses the interface nor warns" "$why"
	settle
	got=$(facts)
	guest ens3 "$MAC2"
	gn "${B[@]}" --
	settle
	want=$(facts)
	why=
	[ "$RC" = 0 ] || why="harness: the fresh run exited $RC: $ERR"
	[ -z "$why" ] && [ "$got" != "$want" ] &&
		why="differs from a fresh run (< clone, > fresh): $(diff <(echo "$got") <(echo "$want") |
			grep '^[<>]' | tr '\n' ';')"
	verdict "$c: the re-addressed clone equals a fresh namespace given the same input" "$why"
	NS=$ns ROOT=$root
	gn "${B[@]}" -- --dry-run
	why=$(printf '%s\n' "$OUT" | grep -v '^    ' | grep -F 'alternative name')
	verdict "$c: a third run plans no alternative name again" "$why"
}

# b. MSB_NET's default MTU refused by the kernel (a macvlan over a link with
# MTU 1400 takes no more than 1400).
t_mtu_default() {
	local c="MTU default refused" why
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	ip -n "$NS" link add low0 mtu 1400 type veth peer name peer0 netns "$NS-p"
	ip -n "$NS" link add link low0 name eth0 type macvlan
	mkdir -p "$ROOT"
	gn "MSB_NET=iface=eth0,mac=02:00:00:00:00:05" "MSB_NET_IPV4=addr=192.0.2.5/24,gw=192.0.2.1" --
	verdict "$c: exit 1" "$([ "$RC" = 1 ] || echo "exit $RC: $ERR")"
	has "$c: the kernel's refusal" "guestnet: eth0: set MTU 1500: Invalid argument"
	has "$c: the explanation: MSB_NET's default, the range, how to send another" \
		"guestnet: eth0: set MTU 1500: 1500 is MSB_NET's default (it has no mtu=): send another with mtu= in MSB_NET; the device's range is 68-65535 (a link below it may take less)"
	why=$("$top/test/nsstate.py" "$NS" | grep -E '^(addr eth0 192\.0\.2\.5/24|link eth0 .*mtu=1400 up=True|route4 default via 192\.0\.2\.1)' -c)
	verdict "$c: the rest is done (address, link up, default route)" \
		"$([ "$why" = 3 ] || "$top/test/nsstate.py" "$NS" | tr '\n' ';')"
	gn "MSB_NET=iface=eth0,mac=02:00:00:00:00:05,mtu=1400" "MSB_NET_IPV4=addr=192.0.2.5/24,gw=192.0.2.1" --
	verdict "$c: mtu=1400 sent instead: exit 0" "$([ "$RC" = 0 ] || echo "exit $RC: $ERR")"
}

# c. An MTU above the device's IFLA_MAX_MTU (a tap: 65521): not sent.
t_mtu_range() {
	local c="MTU outside the device's range" why
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns exec "$NS" ip tuntap add dev eth0 mode tap
	mkdir -p "$ROOT"
	gn "MSB_NET=iface=eth0,mac=02:00:00:00:00:06,mtu=65535" "MSB_NET_IPV4=addr=192.0.2.6/24,gw=192.0.2.1" --
	verdict "$c: exit 1" "$([ "$RC" = 1 ] || echo "exit $RC: $ERR")"
	has "$c: not sent, where it came from, how to send another, the range" \
		"guestnet: eth0: set MTU 65535: not sent: 65535 is MSB_NET's mtu=: send another there; the device's range is 68-65521"
	why=$("$top/test/nsstate.py" "$NS" | grep -cE '^(addr eth0 192\.0\.2\.6/24|link eth0 mac=02:00:00:00:00:06 mtu=1500 up=True)')
	verdict "$c: the rest is done (MAC, address, link up), the MTU unchanged" \
		"$([ "$why" = 2 ] || "$top/test/nsstate.py" "$NS" | tr '\n' ';')"
	printf 'ip=192.0.2.6::192.0.2.1:255.255.255.0::eth0:none:65535\n' >"$tmp/cmdline"
	gn -- --cmdline="$tmp/cmdline"
	verdict "$c: from ip=: exit 1" "$([ "$RC" = 1 ] || echo "exit $RC: $ERR")"
	has "$c: from ip=: the explanation names ip='s field" \
		"guestnet: eth0: set MTU 65535: not sent: 65535 is ip='s <mtu> field: send another there; the device's range is 68-65521"
}

# d. Another tool's traces: a route of proto dhcp, an address with a finite
# lifetime.
t_conflict() {
	local c="conflicting tools" why
	guest eth0 "$MAC1"
	ip -n "$NS" link set eth0 up
	ip -n "$NS" addr add 203.0.113.7/24 dev eth0 valid_lft 300 preferred_lft 300
	ip -n "$NS" route add 198.51.100.0/24 via 203.0.113.1 dev eth0 proto dhcp
	gn "${A[@]}" --
	verdict "$c: exit 0" "$([ "$RC" = 0 ] || echo "exit $RC: $ERR")"
	has "$c: one notice naming what was seen and guestnet(8)" \
		"guestnet: eth0: another network tool seems to manage it too (seen: a route of proto dhcp, an address with a finite lifetime): it may undo what guestnet sets; see CONFLICTING TOOLS in guestnet(8)"
	why=$(printf '%s\n' "$ERR" | grep -c 'another network tool')
	verdict "$c: one notice only" "$([ "$why" = 1 ] || echo "$why notices")"
	gn "${A[@]}" --
	why=$(printf '%s\n' "$ERR" | grep 'another network tool')
	verdict "$c: none once the lease's address is gone (the route stays: not guestnet's)" \
		"$(printf '%s\n' "$why" | grep -v 'seen: a route of proto dhcp)')"
}

if [ "${GN_PLAN-}" != only ]; then
	t_renamed_clone
	t_mtu_default
	t_mtu_range
	t_conflict
fi

plan_pass t_renamed_clone t_mtu_default t_mtu_range t_conflict
