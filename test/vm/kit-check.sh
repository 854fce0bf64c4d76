# SPDX-License-Identifier: Apache-2.0
# test/vm/kit-check.sh -- the guest side of the kit boots (kit-openrc.sh,
# kit-busybox.sh), installed in the image as /usr/local/lib/gnkit/check.sh
# and sourced by its check: "GNKIT PASS|FAIL what" lines on the console for
# what guestnet did with kit-lib.sh's command line (the interface of
# 02:00:00:00:00:01: MTU 1400, up, 192.0.2.2/30, 2001:db8::2/64, the default
# routes; hostname guest-01, /etc/hostname, /etc/hosts, /etc/resolv.conf),
# pings of the gateways, then a wait (at most 20 s) for the host's pings.
# Works with Debian's iproute2 and iputils and with busybox's applets.
# gnkit_result prints "GNKIT RESULT PASS|FAIL ...".
# shellcheck shell=sh
n=0 bad=0
ok() { echo "GNKIT PASS $*"; }
no() { echo "GNKIT FAIL $*"; bad=$((bad + 1)); }
check() { n=$((n + 1)); what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else no "$what"; fi; }
gnkit_result() {
	if [ $bad = 0 ]; then echo "GNKIT RESULT PASS $n checks"; else echo "GNKIT RESULT FAIL $bad of $n checks"; fi
}
gnkit_network() {	# what guestnet set up from the MSB_* values
	mac=02:00:00:00:00:01
	if=$(ip -o link | awk -v m="$mac" '$0 ~ "link/ether " m { sub(":$", "", $2); sub("@.*", "", $2); print $2; exit }')
	echo "GNKIT interface of $mac: ${if:-none}"
	check "interface found" test -n "$if"
	[ -n "$if" ] || if=eth0
	check "mtu 1400" sh -c "ip -o link show dev $if | grep -q ' mtu 1400 '"
	check "link up" sh -c "ip -o link show dev $if | grep -q '<.*,UP.*>'"
	check "IPv4 address 192.0.2.2/30" sh -c "ip -o -4 addr show dev $if | grep -q ' 192.0.2.2/30 '"
	check "IPv6 address 2001:db8::2/64" sh -c "ip -o -6 addr show dev $if | grep -q ' 2001:db8::2/64 '"
	check "IPv4 default route via 192.0.2.1 dev $if" sh -c "ip -4 route show | grep -q '^default via 192.0.2.1 dev $if\\( \\|\$\\)'"
	check "IPv6 default route via 2001:db8::1 dev $if" sh -c "ip -6 route show | grep -q '^default via 2001:db8::1 dev $if '"
	check "hostname guest-01" test "$(cat /proc/sys/kernel/hostname)" = guest-01
	check "/etc/hostname" test "$(cat /etc/hostname)" = guest-01
	printf '127.0.0.1\tlocalhost guest-01\n::1\tlocalhost ip6-localhost ip6-loopback guest-01\n192.0.2.1\thost.test.internal\n2001:db8::1\thost.test.internal\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' > /run/gnkit-hosts
	check "/etc/hosts" cmp /run/gnkit-hosts /etc/hosts
	printf 'nameserver 192.0.2.1\nnameserver 2001:db8::1\n' > /run/gnkit-resolv
	check "/etc/resolv.conf" cmp /run/gnkit-resolv /etc/resolv.conf
	for g in 192.0.2.1 2001:db8::1; do
		check "ping $g" ping -c 1 -W 5 "$g"
	done
	# stay up (at most 20 s) until the host's pings of both addresses arrived
	i=0 e4=0 e6=0
	while [ $i -lt 200 ]; do
		e4=$(awk '$1 == "Icmp:" { if (h) { print $(c); exit } for (k = 1; k <= NF; k++) if ($k == "InEchos") c = k; h = 1 }' /proc/net/snmp)
		e6=$(awk '$1 == "Icmp6InEchos" { print $2 }' /proc/net/snmp6)
		[ "${e4:-0}" -gt 0 ] && [ "${e6:-0}" -gt 0 ] && break
		i=$((i + 1))
		sleep 0.1
	done
	echo "GNKIT echo requests from the host: IPv4 $e4, IPv6 $e6"
}
