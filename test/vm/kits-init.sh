#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# /sbin/init of test/vm/kits.sh's real root (busybox sh): runs after the
# initrd (initramfs-tools or dracut, with guestnet's kit) switched to this
# root, checks what the kit's guestnet run left, prints PASS/FAIL lines and
# "KIT RESULT PASS|FAIL N" on the console, and powers off.  The expected
# values are in /kit/expect (written by kits.sh), the expected files in
# /kit/etc/; gnkit_expect=NAME on the kernel command line takes them from
# /kit/NAME/ instead.
# shellcheck disable=SC2154,SC2015,SC2012 # the expected values come from /kit/expect; ok and bad never fail; plain names
export PATH=/bin:/sbin
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
up() { cut -d ' ' -f 1 /proc/uptime; }
echo "KIT init started at uptime $(up) s"
kit=/kit
read -r cmdline < /proc/cmdline
for w in $cmdline; do
	case $w in gnkit_expect=*) kit=/kit/${w#gnkit_expect=} ;; esac
done
# shellcheck source=/dev/null
. "$kit/expect"
fails=0
ok() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # WHAT COMMAND...
	w=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$w"; else bad "$w"; fi
}
# the NIC, by its MAC (udev may have renamed it)
ifc=
for d in /sys/class/net/*; do
	[ "$(cat "$d/address" 2>/dev/null)" = "$mac" ] && ifc=${d##*/}
done
if [ -z "$ifc" ]; then
	bad "no interface with MAC $mac: $(ls /sys/class/net | tr '\n' ' ')"
else
	ok "interface $ifc has MAC $mac"
	[ "$(cat /sys/class/net/"$ifc"/mtu)" = "$mtu" ] && ok "$ifc mtu $mtu" || bad "$ifc mtu $(cat /sys/class/net/"$ifc"/mtu), want $mtu"
	a4=$(ip -4 addr show dev "$ifc" | awk '$1 == "inet" { print $2 }' | tr '\n' ' ')
	[ "$a4" = "$addr4 " ] && ok "$ifc IPv4 addresses: $a4" || bad "$ifc IPv4 addresses '$a4', want '$addr4'"
	a6=$(ip -6 addr show dev "$ifc" scope global | awk '$1 == "inet6" { print $2 }' | tr '\n' ' ')
	[ "$a6" = "$addr6 " ] && ok "$ifc IPv6 global addresses: $a6" || bad "$ifc IPv6 global addresses '$a6', want '$addr6'"
	r4=$(ip -4 route show default | tr -s ' ' | sed 's/ $//')
	case $r4 in "default via $gw4 dev $ifc"*) ok "IPv4 default route: $r4" ;; *) bad "IPv4 default route '$r4', want via $gw4 dev $ifc" ;; esac
	r6=$(ip -6 route show default | tr -s ' ' | sed 's/ $//')
	case $r6 in "default via $gw6 dev $ifc"*) ok "IPv6 default route: $r6" ;; *) bad "IPv6 default route '$r6', want via $gw6 dev $ifc" ;; esac
fi
for f in hosts hostname resolv.conf; do
	if cmp -s "$kit/etc/$f" /etc/$f; then ok "/etc/$f in the real root as expected"
	else bad "/etc/$f in the real root: $(od -c /etc/$f 2>&1 | head -n 3 | tr '\n' ' ')"; cat /etc/$f; fi
done
[ "$(hostname)" = "$hostname" ] && ok "hostname $hostname" || bad "hostname '$(hostname)', want $hostname"
grep -q " / ext4 ro[, ]" /proc/mounts && ok "root left read-only" || bad "root not read-only: $(grep ' / ' /proc/mounts)"
check "ping $gw4" ping -c 1 -W 3 "$gw4"
check "ping $gw6" ping -6 -c 1 -W 3 "$gw6"
# give the host's pings (from the namespace) time to be answered
sleep 2
if [ $fails = 0 ]; then echo "KIT RESULT PASS"; else echo "KIT RESULT FAIL $fails"; fi
echo "KIT poweroff at uptime $(up) s"
sync
poweroff -f
sleep 10
