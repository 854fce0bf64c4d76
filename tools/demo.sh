#!/bin/sh
# tools/demo.sh [GUESTNET] - run guestnet for real, with a sample MSB_*
# configuration, in a throwaway network + UTS + mount namespace (a veth pair
# whose peer is up in a second namespace, --root in a temporary directory),
# show the result, and clean up. As root it uses `ip netns`; otherwise it
# tries an unprivileged user namespace (where the kernel allows it).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
self=$top/tools/demo.sh

# The guest's side, run inside the new namespaces: demo.sh --inside G ROOT
if [ "${1-}" = --inside ]; then
	G=$2 tmp=$3
	echo "\$ env | grep ^MSB_"
	env | grep '^MSB_' | sort
	echo "\$ guestnet --verbose --root $tmp"
	"$G" --verbose --root "$tmp" 2>&1
	echo "exit status $?"
	echo; echo "\$ ip addr"; ip addr
	echo; echo "\$ ip route; ip -6 route"; ip route; ip -6 route
	echo; echo "\$ hostname"; hostname
	for f in hosts hostname resolv.conf; do
		echo; echo "\$ cat $tmp/etc/$f   ($(stat -c %A "$tmp/etc/$f"))"; cat "$tmp/etc/$f"
	done
	exit 0
fi

G=$(cd "$(dirname "${1:-$top/guestnet}")" && pwd)/$(basename "${1:-$top/guestnet}")
tmp=$(mktemp -d)
chmod 755 "$tmp"
export MSB_NET=iface=eth0,mac=02:00:00:00:00:01,mtu=1400
export MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1
export MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1
export MSB_HOSTNAME=demo-guest
export MSB_HOST_ALIAS=host.demo.internal

if [ "$(id -u)" = 0 ]; then
	ns=gnt-demo-$$
	trap 'ip netns del $ns 2>/dev/null; ip netns del $ns-host 2>/dev/null; rm -rf "$tmp"' EXIT
	"$top/tools/deps.sh" iproute2 util-linux
	ip netns add "$ns"
	ip netns add "$ns-host"
	# the VMM's side of the link: up, holding the gateways
	ip -n "$ns" link add eth0 type veth peer name vmm0 netns "$ns-host"
	ip -n "$ns-host" addr add 192.0.2.1/30 dev vmm0
	ip -n "$ns-host" addr add 2001:db8::1/64 dev vmm0 nodad
	ip -n "$ns-host" link set vmm0 up
	ip netns exec "$ns" unshare --uts --mount "$self" --inside "$G" "$tmp"
	echo; echo "\$ ping -c1 192.0.2.1   (from the guest to the VMM side)"
	ip netns exec "$ns" ping -c1 -W2 192.0.2.1 | sed -n 2p
else
	trap 'rm -rf "$tmp"' EXIT
	if ! unshare --user --map-root-user --net --uts --mount true 2>/dev/null; then
		echo "make demo: needs root, or a kernel that allows unprivileged user namespaces" >&2
		exit 1
	fi
	# One namespace, no peer: both veth ends live in it, the peer is up.
	unshare --user --map-root-user --net --uts --mount sh -c '
		ip link add eth0 type veth peer name vmm0 && ip link set vmm0 up && exec "$0" --inside "$1" "$2"' \
		"$self" "$G" "$tmp"
fi
