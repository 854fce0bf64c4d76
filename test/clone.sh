#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# test/clone.sh - a re-addressed clone ends as a fresh boot with its new
# identity (issue 18, points 1 and 2), link-local address and router
# advertisements included. Each case runs guestnet in network namespaces of
# its own (eth0, a veth whose peer peer0 is up in a second namespace with a
# fixed MAC), under new UTS and mount namespaces with --root in a temporary
# directory, then compares the result with a fresh namespace given the same
# input: every address with `ip -j` (link-local ones and their flags
# included), every route of every table (its lifetime as "expires" or not),
# accept_ra and autoconf (`ip netns exec NS sysctl`), the files and the
# hostname.
#
#   a. a MAC change on a link that is up: the link-local address is the new
#      MAC's (EUI-64), the old one gone; the dry run says the link goes down
#      for it; keep_addr_on_down=1 too;
#   b. a router advertisement (2001:db8:5::/64, a raw ICMPv6 message from a
#      python3 script in the peer's namespace) before the run on a link that
#      is up, then after it: what it left is removed, accept_ra and autoconf
#      are 0, the one after is ignored; with the same MAC and with a new one;
#   c. no IPv6 configured: accept_ra and autoconf stay the kernel's (here 2
#      and 1), the dry run shows no change of them;
#   d. the dry run on a fresh guest shows "set accept_ra 0" and "set
#      autoconf 0" and changes neither.
# Every real run is also compared with a dry run in the same state (the dry
# run is the plan: test/lib.sh plan_check).
#
# GUESTNET=path picks the binary (default ./guestnet). Root is needed.
# Namespace prefix gnt-; deleted on exit. Only 192.0.2.0/24, 198.51.100.0/24
# and 2001:db8::/32. Every wait is bounded (settle: 4 s at most).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
# shellcheck source=test/lib.sh
. "$top/test/lib.sh"
PREFIX="clone: "
ns_suite clone gnt-cl iproute2 util-linux python3 procps

MAC1=02:00:00:00:00:01
MAC2=02:00:00:00:00:02
PEER_MAC=02:00:00:00:00:fe # its link-local address: fe80::ff:fe00:fe
A=("MSB_NET=iface=eth0,mac=$MAC1"
	"MSB_NET_IPV4=addr=192.0.2.2/24,gw=192.0.2.1,dns=192.0.2.53"
	"MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::53"
	MSB_HOSTNAME=clone-a)
B=("MSB_NET=iface=eth0,mac=$MAC2"
	"MSB_NET_IPV4=addr=198.51.100.2/24,gw=198.51.100.1,dns=198.51.100.53"
	"MSB_NET_IPV6=addr=2001:db8:1::2/64,gw=2001:db8:1::1,dns=2001:db8:1::53"
	MSB_HOSTNAME=clone-b)
B2=("MSB_NET=iface=eth0,mac=$MAC2" "${A[@]:1}")
V4=("MSB_NET=iface=eth0,mac=$MAC1" "${A[1]}" MSB_HOSTNAME=clone-4)

# guest: fresh namespaces $NS (eth0, down) and $NS-p (peer0, up, no DAD of
# its own link-local address), and a root $ROOT.
n=0
guest() {
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	ip -n "$NS" link add eth0 type veth peer name peer0 netns "$NS-p"
	ip netns exec "$NS-p" sysctl -qw net.ipv6.conf.peer0.accept_dad=0
	ip -n "$NS-p" link set peer0 address "$PEER_MAC" up
	mkdir -p "$ROOT"
}

# gn [VAR=VALUE...] -- [OPTION...]: guestnet in $NS with only those
# variables; sets RC, OUT, ERR and UTS (the hostname it left).
gn() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	# shellcheck disable=SC2016
	ip netns exec "$NS" unshare --uts --mount sh -c \
		'hostname gnt-before; "$@" >"$0.out" 2>"$0.err"; rc=$?; hostname >"$0.uts"; exit $rc' \
		"$tmp/run" env -i PATH="$PATH" "${envs[@]}" "$G" --root "$ROOT" "$@"
	RC=$?
	OUT=$(cat "$tmp/run.out") ERR=$(cat "$tmp/run.err") UTS=$(cat "$tmp/run.uts")
}

# run NAME VAR=VALUE...: a dry run, then the real run with --verbose in the
# same state: the dry run is the plan. DRY holds the dry run's output.
run() {
	local name=$1 d_out d_err
	shift
	gn "$@" -- --dry-run
	d_out=$OUT d_err=$ERR DRY=$OUT
	gn "$@" -- --verbose
	plan_check "clone: the dry run is the plan: $name" "$d_out" "$d_err" "$ERR" "real run exit $RC"
}

sysctls() {
	local k
	for k in accept_ra autoconf; do
		echo "sysctl $k=$(ip netns exec "$NS" sysctl -n "net.ipv6.conf.eth0.$k")"
	done
}

# facts: everything a fresh boot is judged by, one sorted line each: links,
# every address (link-local ones too) with its flags, every route of every
# table, accept_ra and autoconf, the root's files, the hostname.
facts() {
	python3 - "$NS" <<'EOF'
import json, subprocess, sys
ns = sys.argv[1]
def ip(*args):
    out = subprocess.run(["ip", "-n", ns, "-j", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out or "[]")
facts = []
for link in ip("addr", "show"):
    facts.append(f"link {link['ifname']} mac={link.get('address')} mtu={link['mtu']} "
                 f"up={'UP' in link.get('flags', [])}")
    for a in link.get("addr_info", []):
        flags = [k for k in ("dynamic", "mngtmpaddr", "noprefixroute", "nodad",
                             "tentative", "deprecated", "dadfailed") if a.get(k)]
        facts.append(f"addr {link['ifname']} {a['local']}/{a['prefixlen']} "
                     f"scope={a.get('scope')} {' '.join(flags)}".rstrip())
for fam in ("4", "6"):
    for r in ip("-d", "-" + fam, "route", "show", "table", "all"):
        facts.append(f"rt{fam} table={r.get('table', 'main')} {r.get('type', 'unicast')} "
                     f"{r.get('dst')} via={r.get('gateway', '-')} dev={r.get('dev')} "
                     f"proto={r.get('protocol')} metric={r.get('metric', 0)} "
                     f"expires={'expires' in r} flags={','.join(r.get('flags', []))}")
print("\n".join(sorted(facts)))
EOF
	sysctls
	(cd "$ROOT" && find . -mindepth 1 -printf 'file %P %M %s\n' | sort &&
		find . -type f -exec sha256sum {} + | sed 's/^/sha /' | sort)
	echo "uts $UTS"
}

# settle: wait (4 s at most) until no address is tentative and two
# snapshots 100 ms apart are equal.
settle() {
	local i prev="" cur
	for i in $(seq 40); do
		cur=$(ip -n "$NS" -j addr show; ip -n "$NS" -j -6 route show table all)
		if [ "$cur" = "$prev" ] && ! ip -n "$NS" -6 addr show tentative | grep -q .; then
			return 0
		fi
		prev=$cur
		sleep 0.1
	done
	echo "note: $NS still changing after 4 s"
	return 1
}

# ra: a router advertisement from peer0's link-local address to ff02::1:
# router lifetime 1800 s, prefix $RA_PREFIX/64 on-link and autonomous,
# the source link-layer address. The kernel sums ICMPv6 on a raw socket.
ra() {
	ip netns exec "$NS-p" python3 - "$RA_PREFIX" <<'EOF'
import socket, struct, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
idx = socket.if_nametoindex("peer0")
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0)
pio = struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0)
pio += socket.inet_pton(socket.AF_INET6, sys.argv[1])
sll = struct.pack("!BB", 1, 1) + bytes.fromhex("0200000000fe")
s.sendto(ra + pio + sll, ("ff02::1", 0, 0, idx))
EOF
}

# ra_taken: advertisements sent until eth0 has a SLAAC address (dynamic),
# at most 3, each waited for 2 s (the kernel sets an interface's IPv6 up
# from linkwatch, a moment after its carrier: an advertisement before that
# is not heard); 0 when it came.
ra_taken() {
	local i
	for _ in 1 2 3; do
		ra 2>/dev/null
		for i in $(seq 20); do
			ip -n "$NS" -6 addr show dev eth0 dynamic | grep -q 'inet6 2001:db8:' && return 0
			sleep 0.1
		done
	done
	return 1
}

# same_as_fresh NAME SETUP VAR=VALUE...: the last run in $NS exited 0 and left
# what a run of the same input leaves on a fresh guest (prepared by SETUP).
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
	$setup after
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

none() { :; }
keep_on() { [ "${1-}" = after ] || ip netns exec "$NS" sysctl -qw net.ipv6.conf.eth0.keep_addr_on_down=1; }
# an advertisement after the run (before it, the link is down: peer0 has
# no carrier, hence no link-local address to send one from)
ra_around() { if [ "${1-}" = after ]; then ra && sleep 0.5; fi; }

# link_local: eth0's link-local addresses, ';' after each
link_local() { ip -n "$NS" -6 -o addr show dev eth0 scope link | awk '{printf "%s;", $4}'; }

# a. A MAC change on a link that is up.
t_mac_up() {
	local c="MAC change on a link that is up" setup=${1:-none} why ll
	[ "$setup" = none ] || c="$c, keep_addr_on_down=1"
	guest
	$setup
	gn "${A[@]}" --
	[ "$RC" = 0 ] || { ko "$c" "harness: the first run exited $RC: $ERR"; return; }
	settle
	ll=$(link_local)
	[ "$ll" = "fe80::ff:fe00:1/64;" ] || { ko "$c" "harness: link-local after the first run: ${ll:-none}"; return; }
	run "$c" "${B[@]}"
	why=$(printf '%s\n' "$DRY" | grep -n -e '^eth0: set down for the new MAC$' -e '^eth0: set MAC ' -e '^eth0: set up$' |
		cut -d: -f2- | tr '\n' ';')
	[ "$why" = "eth0: set down for the new MAC;eth0: set MAC $MAC2;eth0: set up;" ] && why=
	verdict "$c: the dry run: set down for the new MAC, set MAC, set up" "${why:+found: $why}"
	settle
	ll=$(link_local)
	why=
	[ "$ll" = "fe80::ff:fe00:2/64;" ] || why="eth0's link-local addresses: ${ll:-none}"
	verdict "$c: the link-local address is the new MAC's (fe80::ff:fe00:2), the old one gone" "$why"
	why=$(printf '%s\n' "$ERR" | grep -E 'announce|failed|: [A-Z][a-z]+ [a-z]' | grep -v '^guestnet: eth0: announce ' | tr '\n' ';')
	[ -n "$why" ] || printf '%s\n' "$ERR" | grep -q "^guestnet: eth0: announce 2001:db8:1::2 at $MAC2$" ||
		why="no announcement of 2001:db8:1::2 at $MAC2: $(printf '%s' "$ERR" | tr '\n' ';')"
	verdict "$c: the new address announced at the new MAC after the link is up, no failure" "$why"
	RC=0
	same_as_fresh "$c: equals a fresh boot" "$setup" "${B[@]}"
}

# b. Router advertisements before and after the run.
t_ra() {
	local c="router advertisement before and after the run" input=("${A[@]}") why
	RA_PREFIX=2001:db8:5::
	if [ "${1-}" = new-mac ]; then
		c="$c, new MAC"
		input=("${B2[@]}")
	fi
	if [ "${1-}" = same-prefix ]; then
		c="$c, the static address's prefix"
		RA_PREFIX=2001:db8::
	fi
	guest
	ip -n "$NS" link set eth0 address $MAC1 up
	settle
	if ! ra_taken; then
		ko "$c" "harness: eth0 took no SLAAC address from the advertisement: $(ip -n "$NS" -6 addr show dev eth0 | tr '\n' ';')"
		return
	fi
	why=$(ip -n "$NS" -6 route show default proto ra)
	[ -n "$why" ] || { ko "$c" "harness: no default route of proto ra after the advertisement"; return; }
	run "$c" "${input[@]}"
	ra
	sleep 0.5
	why=$(sysctls | tr '\n' ';')
	[ "$why" = "sysctl accept_ra=0;sysctl autoconf=0;" ] && why=
	verdict "$c: accept_ra and autoconf are 0" "$why"
	why=$(ip -n "$NS" -6 addr show dev eth0 dynamic; ip -n "$NS" -6 route show table all | grep -e 'proto ra' -e expires)
	verdict "$c: no SLAAC address, no route of the advertisement, the one after ignored" "$(printf '%s' "$why" | tr '\n' ';')"
	same_as_fresh "$c: equals a fresh boot (advertisements before and after its run)" ra_around "${input[@]}"
}

# c. No IPv6 configured: the kernel's settings stay.
t_v4_only() {
	local c="no IPv6 configured" why
	guest
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.eth0.accept_ra=2
	run "$c" "${V4[@]}"
	why=$(sysctls | tr '\n' ';')
	[ "$RC" = 0 ] || why="exit $RC: $ERR"
	[ "$why" = "sysctl accept_ra=2;sysctl autoconf=1;" ] && why=
	verdict "$c: accept_ra and autoconf stay the kernel's (2, 1)" "$why"
	why=$(printf '%s\n' "$DRY" | grep -e accept_ra -e autoconf)
	verdict "$c: the dry run shows no change of them" "$why"
}

# d. The dry run on a fresh guest shows the settings, and changes nothing.
t_dry() {
	local c="dry run" why
	guest
	gn "${A[@]}" -- --dry-run
	why=$(printf '%s\n' "$OUT" | grep -e '^eth0: set accept_ra 0$' -e '^eth0: set autoconf 0$' -e '^eth0: set up$' |
		tr '\n' ';')
	[ "$why" = "eth0: set accept_ra 0;eth0: set autoconf 0;eth0: set up;" ] && why=
	[ "$RC" = 0 ] || why="exit $RC: $ERR"
	verdict "$c: shows set accept_ra 0, set autoconf 0, before set up" "${why:+found: $why}"
	why=$(sysctls | tr '\n' ';')
	[ "$why" = "sysctl accept_ra=1;sysctl autoconf=1;" ] && why=
	verdict "$c: changes neither" "$why"
}

t_mac_up
t_mac_up keep_on
t_ra
t_ra new-mac
t_ra same-prefix
t_v4_only
t_dry
exit 0
