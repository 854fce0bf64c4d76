#!/bin/bash
# test/converge-model.sh - NOT guestnet: a model of the convergence that
# test/converge.sh asks for, made of today's add-only guestnet plus ip(8) and
# sysctl(8) fix-ups, to check the suite itself (that each of its checks can
# pass, and that its harness is right):
#
#     GUESTNET=test/converge-model.sh test/converge.sh
#
# It is run by the suite like the binary (inside the test namespaces, with
# --root), and runs ../guestnet next to it. Before guestnet it removes the
# interface's other global and site addresses (an address with another
# prefix length included), the default routes of a family not configured, and
# the learned neighbours; it sets arp_notify and ndisc_notify on the
# interface, so that the kernel announces a new MAC (gratuitous ARP,
# unsolicited neighbour advertisement). A dry run prints guestnet's plan and
# those removals. IPv6 refused on the device: IPv4 and resolv.conf done anyway.
# Not in test/suites.list; not the way the product is meant to work.
real=$(dirname "$(readlink -f "$0")")/../guestnet
dry=0 root=
prev=
for a in "$@"; do
	case $a in -n | --dry-run) dry=1 ;; esac
	[ "$prev" = --root ] && root=$a
	prev=$a
done
err=$(mktemp)
out=$("$real" "$@" --dry-run 2>"$err")
rc=$?
if [ "$rc" = 2 ]; then cat "$err" >&2; rm -f "$err"; exit 2; fi
rm -f "$err"
key() { printf '%s\n' "$1" | tr , '\n' | sed -n "s/^$2=//p"; }
iface=$(key "${MSB_NET-}" iface)
if [ -z "$iface" ] || ! ip link show dev "$iface" >/dev/null 2>&1; then
	[ "$dry" = 1 ] || exec "$real" "$@"
	printf '%s\n' "$out"
	[ -z "$iface" ] && exit 0
	echo "guestnet: $iface: find interface: No such device" >&2
	exit 1
fi
v4=$(key "${MSB_NET_IPV4-}" addr) v6=$(key "${MSB_NET_IPV6-}" addr)
plan=() cmds=()
for fam in 4 6; do
	want=$v4
	[ "$fam" = 6 ] && want=$v6
	for a in $(ip -"$fam" -o addr show dev "$iface" | awk '/ scope (global|site) / {print $4}'); do
		[ "$a" = "$want" ] && continue
		plan+=("$iface: remove IPv$fam address $a")
		cmds+=("ip -$fam addr del $a dev $iface")
	done
	[ -n "$want" ] && continue
	for gw in $(ip -"$fam" route show default dev "$iface" | awk '{print $3}'); do
		plan+=("$iface: remove IPv$fam default route via $gw")
		cmds+=("ip -$fam route del default via $gw dev $iface")
	done
done
for x in $(ip neigh show dev "$iface" | grep -v PERMANENT | awk '/lladdr/ {print $1}'); do
	plan+=("$iface: forget neighbour $x")
done
if [ "$dry" = 1 ]; then
	printf '%s\n' "$out" "${plan[@]}"
	exit 0
fi
for c in "${cmds[@]}"; do $c; done
ip neigh flush dev "$iface"
sysctl -qw "net.ipv4.conf.$iface.arp_notify=1" "net.ipv6.conf.$iface.ndisc_notify=1" 2>/dev/null
if [ -n "$v6" ] && [ "$(cat "/proc/sys/net/ipv6/conf/$iface/disable_ipv6" 2>/dev/null)" = 1 ]; then
	env -u MSB_NET_IPV6 "$real" "$@"
	printf 'nameserver %s\nnameserver %s\n' "$(key "${MSB_NET_IPV4-}" dns)" \
		"$(key "$MSB_NET_IPV6" dns)" >"$root/etc/resolv.conf"
	echo "guestnet: $iface: add IPv6 address $v6: Permission denied" >&2
	exit 1
fi
exec "$real" "$@"
