#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# test/nlstate.sh - nl.c's dumps against the kernel, in a namespace that holds
# 30,000 routes of another interface (test/nlprobe.c, built here with cc and
# linked with nl.c). Needs root, iproute2 and strace.
#
#   - a route dump filtered to one interface's main-table routes (strict
#     checking) returns exactly those `ip route show table main dev v0` and
#     `ip -6 route ...` list, none of the 30,000 others, and quickly;
#   - the unfiltered dump really holds them all;
#   - a dump whose callback fails half-way is read to its end: the next
#     request on the same socket succeeds;
#   - an address dump filtered to one interface returns its addresses only;
#   - the recvfrom calls a link dump of lo and two veths costs (strace).
# Namespace prefix gnn- (test/CONVENTIONS.md); deleted on exit.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
ns=gnn-st$$
tmp=$(mktemp -d)
routes=30000

cleanup() {
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

pass() { echo "PASS nlstate: $1"; }
fail() { echo "FAIL nlstate: $1: $2"; }

"$top/tools/deps.sh" iproute2 strace >&2 || { fail setup "tools/deps.sh iproute2 strace failed"; exit 1; }
probe=$tmp/nlprobe
if ! ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -I"$top" -o "$probe" \
	"$top/test/nlprobe.c" "$top/nl.c" 2>"$tmp/cc.err"; then
	fail build "$(head -n 5 "$tmp/cc.err")"
	exit 1
fi

in_ns() { ip netns exec "$ns" "$@"; }

# v0 (the interface asked about) and v1 (30,000 routes), a veth pair, both up;
# v0 also has a route in table 100, which the main-table filter leaves out.
if ! ip netns add "$ns" ||
	! in_ns ip link set lo up ||
	! in_ns ip link add v0 type veth peer name v1 ||
	! in_ns ip link set v0 up || ! in_ns ip link set v1 up ||
	! in_ns ip addr add 192.0.2.2/24 dev v0 ||
	! in_ns ip addr add 192.0.2.6 peer 192.0.2.9/32 dev v0 ||
	! in_ns ip -6 addr add 2001:db8::2/64 dev v0 nodad ||
	! in_ns ip addr add 198.51.100.2/24 dev v1 ||
	! in_ns ip route add default via 192.0.2.1 dev v0 ||
	! in_ns ip route add 203.0.113.0/25 via 192.0.2.1 dev v0 ||
	! in_ns ip route add 203.0.113.128/25 dev v0 table 100; then
	fail setup "cannot set up namespace $ns"
	exit 1
fi
i=0
while [ "$i" -lt "$routes" ]; do
	printf 'route add 2001:db8:1:%x::/64 dev v1\n' "$i"
	i=$((i + 1))
done >"$tmp/batch"
if ! in_ns ip -batch "$tmp/batch"; then
	fail setup "ip -batch of $routes routes failed"
	exit 1
fi
v0=$(in_ns cat /sys/class/net/v0/ifindex)

# word KEY LINE: the value of KEY=value in LINE
word() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# the filtered route dump: v0's main-table routes, both families; its cost
want=$(( $(in_ns ip route show table main dev v0 | wc -l) +
	$(in_ns ip -6 route show table main dev v0 | wc -l) ))
out=$(in_ns strace -f -o "$tmp/strace" -e trace=sendto,recvfrom "$probe" routes "$v0")
recv=$(grep -c '^[0-9]* *recvfrom(' "$tmp/strace")
us=$(word us "$(in_ns "$probe" routes "$v0")") # timed without strace
if [ "$(word strict "$out")" != 1 ]; then
	fail "strict checking" "the kernel refused NETLINK_GET_STRICT_CHK ($out); filters are ignored"
else
	pass "strict checking on (NETLINK_GET_STRICT_CHK)"
fi
if [ "$(word result "$out")" = 0 ] && [ "$(word routes "$out")" = "$want" ] &&
	[ "$(word foreign "$out")" = 0 ] && [ "$recv" -le 2 ]; then
	pass "route dump filtered to v0's main table: $want routes of $routes+, none other, $recv recvfrom"
else
	fail "route dump filtered to v0's main table" "want $want routes, none foreign, <= 2 recvfrom ($recv): $out"
fi

# the unfiltered dump holds the 30,000; the filtered one takes less time
out=$(in_ns "$probe" all-routes)
n=$(word routes "$out")
if [ "$(word result "$out")" = 0 ] && [ "${n:-0}" -ge "$routes" ]; then
	pass "unfiltered route dump: $n routes, $(word us "$out") us (filtered: ${us:-?} us)"
else
	fail "unfiltered route dump" "want >= $routes routes: $out"
fi
if [ "${us:-1000000}" -lt 1000000 ]; then
	pass "filtered route dump under 1 s (${us} us)"
else
	fail "filtered route dump under 1 s" "${us:-?} us"
fi

# a dump abandoned by its callback at message 100 is read to its end
out=$(in_ns "$probe" abort 100)
if [ "$(word abort "$out")" = -7 ] && [ "$(word seen "$out")" = 100 ] &&
	[ "$(word next "$out")" = 0 ] && [ "$(word links "$out")" = 3 ]; then
	pass "callback error at message 100: E2BIG, then a link dump on the same socket works"
else
	fail "callback error half-way, then another request" "$out"
fi

# the filtered address dump
want=$(in_ns ip -o addr show dev v0 | wc -l)
out=$(in_ns "$probe" addrs "$v0")
if [ "$(word result "$out")" = 0 ] && [ "$(word addrs "$out")" = "$want" ] &&
	[ "$(word foreign "$out")" = 0 ]; then
	pass "address dump filtered to v0: $want addresses, none other"
else
	fail "address dump filtered to v0" "want $want addresses: $out"
fi

# what a link dump of lo, v0 and v1 costs: one sendto, recvfrom per datagram
if in_ns strace -f -o "$tmp/strace" -e trace=sendto,recvfrom "$probe" links >"$tmp/out"; then
	recv=$(grep -c '^[0-9]* *recvfrom(' "$tmp/strace")
	send=$(grep -c '^[0-9]* *sendto(' "$tmp/strace")
	sizes=$(sed -n 's/^[0-9]* *recvfrom(.*) = \([0-9]*\)$/\1/p' "$tmp/strace" | tr '\n' ' ')
	if [ "$send" = 1 ] && [ "$recv" -le 2 ] && grep -q 'links=3' "$tmp/out"; then
		pass "link dump of lo + 2 veths: $send sendto, $recv recvfrom (bytes: ${sizes% })"
	else
		fail "link dump of lo + 2 veths" "$send sendto, $recv recvfrom (bytes: ${sizes% }): $(cat "$tmp/out")"
	fi
else
	fail "link dump under strace" "$(cat "$tmp/out")"
fi
exit 0
