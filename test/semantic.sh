#!/bin/bash
# test/semantic.sh - input that parses but means nothing a guest can use
# (a loopback or broadcast gateway, an IPv4-mapped address, a DNS server at
# 0.0.0.0 ...) is refused before anything changes: exit 2, one line naming
# the variable, the key and the text, and the namespace (links, addresses,
# routes) and the root as they were. A few edge cases that do mean something
# configure fine. Each case runs guestnet in a network namespace of its own
# (eth0 a veth whose peer is up in a second namespace), under new UTS and
# mount namespaces, with --root in a temporary directory. Why each class is
# refused or taken: env.c, ip_class_msgs (the kernel's verdicts on each, as
# `ip addr add` and `ip route replace default via GW dev eth0 [onlink]` give
# them, are in the comment there).
#
# GUESTNET=path picks the binary (default ./guestnet); GUESTNET_RUNNER is a
# prefix for it. Root is needed. Addresses: the refused values are never
# configured; those configured are documentation ranges only, only inside
# these namespaces. Every run of guestnet is killed after 60 s.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
read -ra RUNNER <<<"${GUESTNET_RUNNER:-}" # words: a command and its options
if [ "$(id -u)" != 0 ]; then
	echo "FAIL semantic: needs root for network namespaces"
	exit 1
fi
"$top/tools/deps.sh" iproute2 util-linux python3 || {
	echo "FAIL semantic: cannot install iproute2, util-linux, python3"
	exit 1
}
tag=gnt-sem-$$
tmp=$(mktemp -d)
cleanup() {
	for ns in $(ip netns list | awk '{print $1}' | grep "^$tag-"); do ip netns del "$ns"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
verdict() { if [ -z "$2" ]; then ok "$1"; else ko "$1" "$2"; fi; }
also() { if [ -z "$2" ]; then printf '%s' "$1"; else printf '%s' "$1${1:+; }$2"; fi; }
oneline() { printf '%s' "$1" | sed ':a;N;$!ba;s/\n/ | /g'; }

NET=iface=eth0,mac=02:00:00:00:00:01
V4=addr=192.0.2.2/24,gw=192.0.2.1
V6=addr=2001:db8::2/64,gw=2001:db8::1

# guest: fresh namespaces $NS (eth0, a veth) and $NS-p (its peer, up), and
# an empty root $ROOT.
n=0
guest() {
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	ip -n "$NS" link add eth0 type veth peer name peer0 netns "$NS-p"
	ip -n "$NS-p" link set peer0 up
	mkdir -p "$ROOT"
}

# gn VAR=VALUE...: run guestnet in $NS with only those variables; sets RC,
# OUT, ERR and UTS (the hostname it left).
gn() {
	rm -f "$tmp/run.out" "$tmp/run.err" "$tmp/run.uts"
	# shellcheck disable=SC2016
	ip netns exec "$NS" unshare --uts --mount sh -c \
		'hostname gnt-before; "$@" >"$0.out" 2>"$0.err"; rc=$?; hostname >"$0.uts"; exit $rc' \
		"$tmp/run" timeout -k 5 60 env -i PATH="$PATH" "$@" "${RUNNER[@]}" "$G" --root "$ROOT" </dev/null
	RC=$?
	OUT=$(cat "$tmp/run.out" 2>/dev/null) ERR=$(cat "$tmp/run.err" 2>/dev/null)
	UTS=$(cat "$tmp/run.uts" 2>/dev/null)
}

# Everything a run could change in the namespace, as `ip -j` shows it.
snapshot() {
	ip -n "$NS" -j -d link show
	ip -n "$NS" -j addr show
	ip -n "$NS" -j -4 route show table all
	ip -n "$NS" -j -6 route show table all
}

# refused VAR VALUE KEY-AND-MESSAGE: MSB_NET=$NET and VAR=VALUE in a fresh
# guest exit 2 with exactly "guestnet: VAR: KEY-AND-MESSAGE" on standard
# error, and change nothing: namespace, hostname, root.
refused() {
	local var=$1 value=$2 want="guestnet: $1: $3" before after why=
	guest
	before=$(snapshot)
	gn "MSB_NET=$NET" "$var=$value"
	after=$(snapshot)
	[ "$RC" = 2 ] || why="exit $RC"
	[ "$ERR" = "$want" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	[ -z "$OUT" ] || why=$(also "$why" "stdout: $(oneline "$OUT")")
	[ "$before" = "$after" ] || why=$(also "$why" "namespace changed")
	[ "$UTS" = gnt-before ] || why=$(also "$why" "hostname changed to $UTS")
	[ -z "$(find "$ROOT" -mindepth 1 | head -1)" ] ||
		why=$(also "$why" "root not empty: $(find "$ROOT" -mindepth 1 | head -3 | tr '\n' ' ')")
	verdict "refused: $var=$value" "$why"
}

# taken VAR VALUE STATE-LINE [RESOLV-LINE]: MSB_NET=$NET and VAR=VALUE in a
# fresh guest exit 0 quietly, leave STATE-LINE (test/nsstate.py) among the
# namespace's facts and, if given, RESOLV-LINE in etc/resolv.conf.
taken() {
	local var=$1 value=$2 line=$3 resolv=${4-} why='' state
	guest
	gn "MSB_NET=$NET" "$var=$value"
	[ "$RC" = 0 ] || why="exit $RC"
	[ -z "$ERR" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	state=$("$top/test/nsstate.py" "$NS")
	printf '%s\n' "$state" | grep -qxF "$line" || why=$(also "$why" "no \"$line\" in: $(oneline "$state")")
	if [ -n "$resolv" ]; then
		grep -qxF "$resolv" "$ROOT/etc/resolv.conf" 2>/dev/null ||
			why=$(also "$why" "no \"$resolv\" in etc/resolv.conf")
	fi
	verdict "taken: $var=$value" "$why"
}

# IPv4: the gateway (the kernel refuses each but 0.0.0.0/8 and the network
# address, after the address is in).
refused MSB_NET_IPV4 "addr=192.0.2.2/24,gw=192.0.2.255" \
	"gw: 192.0.2.255 is the broadcast address of 192.0.2.2/24"
refused MSB_NET_IPV4 "addr=192.0.2.2/24,gw=192.0.2.0" \
	"gw: 192.0.2.0 is the network address of 192.0.2.2/24"
refused MSB_NET_IPV4 "addr=192.0.2.2/24,gw=127.0.0.1" "gw: gateway 127.0.0.1 is loopback"
refused MSB_NET_IPV4 "addr=192.0.2.2/24,gw=255.255.255.255" \
	"gw: gateway 255.255.255.255 is the limited broadcast address"
refused MSB_NET_IPV4 "addr=192.0.2.2/24,gw=0.0.0.5" "gw: gateway 0.0.0.5 is in 0.0.0.0/8, \"this network\""
refused MSB_NET_IPV4 "addr=0.0.0.1/8,gw=0.0.0.2" "gw: gateway 0.0.0.2 is in 0.0.0.0/8, \"this network\""
# IPv4: the address (taken by the kernel, then useless)
refused MSB_NET_IPV4 "addr=127.0.0.5/8,gw=192.0.2.1" "addr: address 127.0.0.5 is loopback, which only lo has"
refused MSB_NET_IPV4 "addr=255.255.255.255/32,gw=192.0.2.1" \
	"addr: address 255.255.255.255 is the limited broadcast address"
# IPv4: the DNS server (a resolv.conf that cannot answer)
refused MSB_NET_IPV4 "$V4,dns=0.0.0.0" "dns: DNS server 0.0.0.0 is unspecified"
refused MSB_NET_IPV4 "$V4,dns=255.255.255.255" "dns: DNS server 255.255.255.255 is the limited broadcast address"
refused MSB_NET_IPV4 "$V4,dns=192.0.2.255" "dns: 192.0.2.255 is the broadcast address of 192.0.2.2/24"
refused MSB_NET_IPV4 "$V4,dns=224.0.0.251" "dns: DNS server 224.0.0.251 is multicast"

# IPv6: the kernel refuses ::1 as address and as gateway
refused MSB_NET_IPV6 "addr=::1/128,gw=2001:db8::1" "addr: address ::1 is loopback, which only lo has"
refused MSB_NET_IPV6 "addr=2001:db8::2/64,gw=::1" "gw: gateway ::1 is loopback"
# IPv6: taken by the kernel, then useless
refused MSB_NET_IPV6 "addr=::ffff:192.0.2.2/96,gw=2001:db8::1" \
	"addr: address ::ffff:192.0.2.2 is IPv4-mapped: give it in MSB_NET_IPV4"
refused MSB_NET_IPV6 "addr=2001:db8::2/64,gw=::ffff:192.0.2.1" \
	"gw: gateway ::ffff:192.0.2.1 is IPv4-mapped: give it in MSB_NET_IPV4"
refused MSB_NET_IPV6 "addr=::192.0.2.2/96,gw=2001:db8::1" \
	"addr: address ::c000:202 is IPv4-compatible, a deprecated form"
refused MSB_NET_IPV6 "addr=2001:db8::2/64,gw=::192.0.2.1" \
	"gw: gateway ::c000:201 is IPv4-compatible, a deprecated form"
refused MSB_NET_IPV6 "addr=fe80::2/64,gw=fe80::1" \
	"addr: address fe80::2 is link-local: the kernel makes one itself; give a global address"
refused MSB_NET_IPV6 "addr=2001:db8::/64,gw=2001:db8::1" \
	"addr: 2001:db8::/64 is the subnet-router anycast address of its prefix"
refused MSB_NET_IPV6 "$V6,dns=::" "dns: DNS server :: is unspecified"
refused MSB_NET_IPV6 "$V6,dns=fe80::53" "dns: DNS server fe80::53 is link-local, which needs a zone: give a global address"
refused MSB_NET_IPV6 "$V6,dns=ff02::fb" "dns: DNS server ff02::fb is multicast"

# Edge cases that mean something: a host outside the prefix, a /31, an
# IPv6 /127, the subnet-router anycast as gateway (any of the routers), a
# local resolver.
taken MSB_NET_IPV4 "addr=192.0.2.2/25,gw=192.0.2.255" \
	"route4 default via 192.0.2.255 dev eth0 proto=boot metric=0 onlink"
taken MSB_NET_IPV4 "addr=192.0.2.2/32,gw=192.0.2.0" \
	"route4 default via 192.0.2.0 dev eth0 proto=boot metric=0 onlink"
taken MSB_NET_IPV4 "addr=192.0.2.2/31,gw=192.0.2.3" \
	"route4 default via 192.0.2.3 dev eth0 proto=boot metric=0"
taken MSB_NET_IPV4 "$V4,dns=127.0.0.53" \
	"route4 default via 192.0.2.1 dev eth0 proto=boot metric=0" "nameserver 127.0.0.53"
taken MSB_NET_IPV6 "addr=2001:db8::/127,gw=2001:db8::1" "addr eth0 2001:db8::/127 scope=global nodad"
taken MSB_NET_IPV6 "addr=2001:db8::2/64,gw=2001:db8::" \
	"route6 default via 2001:db8:: dev eth0 proto=boot metric=1024"
taken MSB_NET_IPV6 "$V6,dns=::1" "route6 default via 2001:db8::1 dev eth0 proto=boot metric=1024" \
	"nameserver ::1"
