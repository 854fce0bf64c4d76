#!/bin/sh
# tools/demo.sh [GUESTNET] - run guestnet for real, with a sample MSB_*
# configuration, in a throwaway network + UTS + mount namespace (a veth pair
# whose far end, up in a second network namespace, plays the VMM and holds
# the gateways; --root in a temporary directory), show the result once the
# link has carrier, ping both gateways, and clean up. As root it uses
# `ip netns`; otherwise it first enters an unprivileged user namespace (where
# the kernel allows one), with a private /run for `ip netns`, and does the
# same there. ping works in both: in the user namespace it is root of the
# namespaces it pings from, so its raw ICMP socket is allowed (the datagram
# socket is not: a new network namespace's ping_group_range is "1 0").
# Every wait is bounded: 5 s for carrier, 3 s per ping. Exits 1 if guestnet
# fails or a gateway does not answer.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
self=$top/tools/demo.sh

# ready IFACE: the link has carrier and is operationally up, and no address
# is still tentative (the kernel's duplicate address detection of the
# link-local address, up to 2 s).
ready() {
	ip -o link show dev "$1" 2>/dev/null | grep -q 'LOWER_UP.* state UP ' &&
		! ip -6 addr show dev "$1" tentative 2>/dev/null | grep -q .
}

# ping_gw ADDRESS WHAT: one echo request, at most 3 s; shows the reply.
ping_gw() {
	echo
	echo "\$ ping -c 1 -w 3 $1   ($2)"
	if out=$(ping -n -c 1 -w 3 "$1" 2>&1); then
		printf '%s\n' "$out" | grep 'bytes from'
	else
		printf '%s\n' "$out" | tail -n 2
		echo "no answer from $1"
		failed=1
	fi
}

# The guest's side, run inside the new namespaces: demo.sh --inside G ROOT
if [ "${1-}" = --inside ]; then
	G=$2 tmp=$3 failed=0
	echo "\$ env | grep ^MSB_"
	env | grep '^MSB_' | sort
	echo "\$ guestnet --verbose --root $tmp"
	rc=0
	"$G" --verbose --root "$tmp" 2>&1 || rc=$?
	echo "exit status $rc"
	[ "$rc" = 0 ] || failed=1
	echo
	i=0
	while [ "$i" -lt 50 ] && ! ready eth0; do
		sleep 0.1
		i=$((i + 1))
	done
	if ready eth0; then
		echo "(eth0 has carrier, its addresses ready: waited $((i / 10)).$((i % 10)) s)"
	else
		echo "(eth0 still without carrier or with a tentative address after 5 s)"
	fi
	echo; echo "\$ ip addr"; ip addr
	echo; echo "\$ ip route; ip -6 route"; ip route; ip -6 route
	echo; echo "\$ hostname"; hostname
	for f in hosts hostname resolv.conf; do
		echo
		if [ -f "$tmp/etc/$f" ]; then
			echo "\$ cat $tmp/etc/$f   ($(stat -c %A "$tmp/etc/$f"))"
			cat "$tmp/etc/$f"
		else
			echo "(no $tmp/etc/$f)"
		fi
	done
	ping_gw 192.0.2.1 "the IPv4 gateway, on the VMM's side"
	ping_gw 2001:db8::1 "the IPv6 gateway"
	[ "$failed" = 0 ] || { echo "make demo: failed (see above)" >&2; exit 1; }
	exit 0
fi

# The namespaces, as root (of the machine, or of a user namespace):
# demo.sh --namespaces G ROOT
if [ "${1-}" = --namespaces ]; then
	G=$2 tmp=$3 ns=gnt-demo-$$
	trap 'ip netns del "$ns" 2>/dev/null; ip netns del "$ns-host" 2>/dev/null' EXIT
	trap 'exit 1' INT TERM
	ip netns add "$ns"
	ip netns add "$ns-host"
	# the VMM's side of the link: up, holding the gateways
	ip -n "$ns" link add eth0 type veth peer name vmm0 netns "$ns-host"
	ip -n "$ns-host" addr add 192.0.2.1/30 dev vmm0
	ip -n "$ns-host" addr add 2001:db8::1/64 dev vmm0 nodad
	ip -n "$ns-host" link set vmm0 up
	ip netns exec "$ns" unshare --uts --mount "$self" --inside "$G" "$tmp"
	exit
fi

G=$(cd "$(dirname "${1:-$top/guestnet}")" && pwd)/$(basename "${1:-$top/guestnet}")
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
export MSB_NET=iface=eth0,mac=02:00:00:00:00:01,mtu=1400
export MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1
export MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1
export MSB_HOSTNAME=demo-guest
export MSB_HOST_ALIAS=host.demo.internal

if [ "$(id -u)" = 0 ]; then
	"$top/tools/deps.sh" iproute2 util-linux iputils-ping
	"$self" --namespaces "$G" "$tmp"
else
	"$top/tools/deps.sh" iproute2 util-linux iputils-ping
	if ! unshare --user --map-root-user --net --uts --mount true 2>/dev/null; then
		echo "make demo: needs root, or a kernel that allows unprivileged user namespaces" >&2
		exit 1
	fi
	echo "(not root: in an unprivileged user namespace, as its root)"
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --user --map-root-user --net --mount sh -c \
		'mount -t tmpfs gnt-demo /run && exec "$0" --namespaces "$1" "$2"' "$self" "$G" "$tmp"
fi
