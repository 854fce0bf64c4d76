#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test/vm/kits.sh -- boot the init-system kits of tools/kits/ in real x86_64 VMs.
#
# kit-initramfs-tools: an initrd made by mkinitramfs with tools/kits/initramfs-tools
# (hook + init-bottom script) in a temporary config dir; kit-dracut: one made
# by dracut with tools/kits/dracut/90guestnet in a temporary copy of dracut's
# module tree.  Both for the cached Debian cloud kernel of
# tools/vm/fetch-kernel.sh, which is not installed on the host: mkinitramfs
# reads /lib/modules/KVER and /boot/config-KVER, so it runs in a private mount
# namespace where an overlay on /usr/lib and a bind mount on /boot show the
# cached kernel's tree there (the host's /usr/lib, /boot and /etc are not
# changed); dracut gets --kver and --kmoddir.
#
# Each boots a small ext4 root disk (mkfs.ext4 -d, no mounting; busybox-static
# and test/vm/kits-init.sh as /sbin/init) read-only, with the MSB_* values on
# the kernel command line.  The NIC is a tap in a network namespace (gnkit-*)
# holding the gateways 192.0.2.1/30 and 2001:db8::1/64.  After the switch to
# the real root, its init checks the NIC's addresses, MTU and default routes,
# /etc/hosts, /etc/hostname and /etc/resolv.conf of the real root, the
# hostname, that the root is read-only again, pings the gateways, and powers
# off; the host pings the guest from the namespace meanwhile.
#
# microvm, microvm-ip, microvm-dracut-ip: QEMU's microvm machine, the
# machine type of the microVM monitors (Firecracker, libkrun): no PCI, no
# firmware, the NIC (virtio-net-device) and the root disk (virtio-blk-device)
# on virtio-mmio, everything on the kernel command line.  microvm boots the
# initramfs-tools kit's image with the MSB_* values; microvm-ip the same
# image with the network given by the kernel's ip= family only (CMD_IP, as
# Firecracker users write it: no interface named), which initramfs-tools
# itself does not act on without an NFS root; microvm-dracut-ip the dracut
# kit's image (no dracut network module in it) with CMD_IP.  With ACPI (the
# microvm default) the kernel finds the virtio-mmio devices in the DSDT;
# without it (acpi=off, as older Firecracker) qemu names them on the command
# line (virtio_mmio.device=), which Debian's cloud kernels ignore
# ("virtio_mmio: unknown parameter 'device' ignored":
# CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES is off), so that is not booted here.
# The real root's init checks the values of gnkit_expect=NAME (/kit/NAME/).
# Under TCG the microvm kernel cannot calibrate its TSC (no HPET, no ACPI PM
# timer; the PIT under emulation is too irregular; an earlier probe hung in
# 3 of 14 boots): tsc_early_khz= gives the frequency (the host's "cpu MHz",
# near enough to the host TSC that TCG's guest TSC runs at), and
# tsc=reliable keeps the clocksource watchdog from trading that TSC for
# jiffies, which lag under emulation (seen without it: "Marking clocksource
# 'tsc-early' as unstable", refined-jiffies from then on).
# One counted line per scenario:
#   PASS x86_64 kit-initramfs-tools   /   FAIL x86_64 kit-dracut: why
# then "N passed, N failed"; exit status 1 on any failure.
#
# Images are cached in ~/.cache/guestnet/kits, keyed by the sha256 of their
# inputs (guestnet, the kit's files, the kernel, this script, the init, busybox).
# GUESTNET_X86_64 names a prebuilt static guestnet; GNKIT_SCENARIOS="kit-dracut"
# runs only those; GNKIT_KEEP=1 keeps the logs.  Needs root.
set -u
cd "$(dirname "$0")/../.." || exit 1
qemu_timeout=300	# per boot; TCG on 2 cores shared with other jobs: a dracut (systemd) initrd reached its root after 120 s
log=$(mktemp -d "${TMPDIR:-/tmp}/gnkit-log.XXXXXX")
ns='' pingers='' passed=0 failed=0
cleanup() {
	for p in $pingers; do kill "$p" 2>/dev/null; done
	[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	if [ "${GNKIT_KEEP:-0}" = 1 ]; then echo "# logs kept in $log"; else rm -rf "$log"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
pass() { echo "PASS x86_64 $1"; passed=$((passed + 1)); }
fail() { n=$1; shift; echo "FAIL x86_64 $n: $*"; failed=$((failed + 1)); }
summary() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; }
scen="kit-initramfs-tools kit-dracut microvm microvm-ip microvm-dracut-ip"
want() { [ -z "${GNKIT_SCENARIOS:-}" ] && return 0; case " $GNKIT_SCENARIOS " in *" $1 "*) return 0 ;; esac; return 1; }
fail_all() { for s in $scen; do want "$s" && fail "$s" "setup: $*"; done; summary; exit 1; }

# ---- the guest's configuration and what it must leave ----
MAC=02:00:00:00:00:01
CMD="MSB_NET=iface=eth0,mac=$MAC,mtu=1400 MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1"
CMD="$CMD MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1"
CMD="$CMD MSB_HOSTNAME=kit-guest MSB_HOST_ALIAS=host.test.internal"
# the same network in the ip= family: the IPv4 ip= carries the first
# nameserver in its tail, the IPv6 one the MTU; no alias (no such key)
CMD_IP="ip=192.0.2.2::192.0.2.1:255.255.255.252:kit-guest::off:192.0.2.1 ip=[2001:db8::2]::[2001:db8::1]:64:::off:1400"
CMD_IP="$CMD_IP nameserver=2001:db8::1 gnkit_expect=ip"

pkgs="qemu-system-x86 initramfs-tools dracut-core busybox-static e2fsprogs cpio kmod iproute2 iputils-ping util-linux musl-tools"
# shellcheck disable=SC2086 # a list of names
tools/deps.sh $pkgs >&2 || fail_all "tools/deps.sh $pkgs failed"
[ "$(id -u)" = 0 ] || fail_all "needs root (tap devices, network and mount namespaces)"
for n in $(ip netns list 2>/dev/null | awk '$1 ~ /^gnkit-[0-9]+$/ { print $1 }'); do
	kill -0 "${n#gnkit-}" 2>/dev/null || ip netns del "$n" 2>/dev/null
done

t0=$(now)
gn=${GUESTNET_X86_64:-}
if [ -z "$gn" ]; then
	gn=$(tools/build.sh musl-static 2>"$log/build.err" | tail -n 1)
	{ [ -n "$gn" ] && [ -x "$gn" ]; } || fail_all "tools/build.sh musl-static failed: $(tail -n 3 "$log/build.err")"
fi
gn=$(cd "$(dirname "$gn")" && pwd)/$(basename "$gn")
kdir=$(tools/vm/fetch-kernel.sh x86_64 2>"$log/kernel.err") || fail_all "fetching the kernel failed: $(tail -n 3 "$log/kernel.err")"
kver=$(cat "$kdir/kver")
cache=${XDG_CACHE_HOME:-$HOME/.cache}/guestnet/kits
mkdir -p "$cache" || fail_all "cannot make $cache"
echo "# guestnet $gn ($(wc -c < "$gn") bytes), kernel $kver (setup $(elapsed "$t0" "$(now)") s)"

hash() { cat "$@" | sha256sum | cut -c 1-16; }	# FILE...: the key of a cached image
common=$(printf '%s\n' "$kver" "$CMD" | cat - test/vm/kits.sh | sha256sum | cut -c 1-16)

# ---- the real root: busybox, the checking init, the expected files ----
rootimg() {	# OUT
	r=$log/rootfs
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/sbin" "$r/proc" "$r/sys" "$r/dev" "$r/run" "$r/tmp" "$r/etc" "$r/kit/etc" || return 1
	cp /bin/busybox "$r/bin/busybox" || return 1
	for c in $(/bin/busybox --list); do [ "$c" = busybox ] || ln -s busybox "$r/bin/$c"; done
	install -m 0755 test/vm/kits-init.sh "$r/sbin/init" || return 1
	# stale contents that the kit's guestnet run must replace; no resolv.conf
	printf '127.0.0.1\tstale\n' > "$r/etc/hosts"
	echo stale > "$r/etc/hostname"
	# systemd (dracut's PID 1) switches only to a root that looks like an OS
	printf 'ID=gnkit\nNAME="guestnet kit test root"\n' > "$r/etc/os-release"
	printf '127.0.0.1\tlocalhost kit-guest\n::1\tlocalhost ip6-localhost ip6-loopback kit-guest\n192.0.2.1\thost.test.internal\n2001:db8::1\thost.test.internal\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' > "$r/kit/etc/hosts"
	echo kit-guest > "$r/kit/etc/hostname"
	printf 'nameserver 192.0.2.1\nnameserver 2001:db8::1\n' > "$r/kit/etc/resolv.conf"
	printf 'mac=%s mtu=1400 addr4=192.0.2.2/30 gw4=192.0.2.1 addr6=2001:db8::2/64 gw6=2001:db8::1 hostname=kit-guest\n' "$MAC" > "$r/kit/expect"
	# CMD_IP: the same, but no alias lines in /etc/hosts
	mkdir -p "$r/kit/ip/etc" && cp "$r/kit/expect" "$r/kit/ip/expect" && cp "$r/kit/etc/hostname" "$r/kit/etc/resolv.conf" "$r/kit/ip/etc/" || return 1
	printf '127.0.0.1\tlocalhost kit-guest\n::1\tlocalhost ip6-localhost ip6-loopback kit-guest\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' > "$r/kit/ip/etc/hosts"
	rm -f "$1.tmp"
	truncate -s 32M "$1.tmp" && mkfs.ext4 -q -F -E root_owner=0:0 -d "$r" "$1.tmp" && mv "$1.tmp" "$1"
}

# ---- initramfs-tools: mkinitramfs with the kit in a temporary config dir ----
mk_initramfs_tools() {	# OUT
	c=$log/itconf
	rm -rf "$c" && mkdir -p "$c/hooks" "$c/scripts/init-bottom" "$c/conf.d" || return 1
	printf 'MODULES=list\nBUSYBOX=y\nCOMPRESS=gzip\nRUNSIZE=10%%\nFSTYPE=ext4\n' > "$c/initramfs.conf"
	echo virtio_blk > "$c/modules"	# the root disk's driver (the kit brings the NIC's)
	install -m 0755 tools/kits/initramfs-tools/hooks/guestnet "$c/hooks/guestnet" &&
	install -m 0755 tools/kits/initramfs-tools/scripts/init-bottom/guestnet "$c/scripts/init-bottom/guestnet" || return 1
	o=$log/itov
	mkdir -p "$o/up" "$o/work" || return 1
	# shellcheck disable=SC2016 # expanded by the inner shell
	GUESTNET_BIN=$gn timeout -k 5 600 unshare -m sh -ec '
		mount --make-rprivate /
		mount -t overlay gnkit -o "lowerdir=/usr/lib,upperdir=$1/up,workdir=$1/work" /usr/lib
		mkdir -p /usr/lib/modules/"$4"
		mount --bind "$2/lib/modules/$4" /usr/lib/modules/"$4"
		mount --bind "$2/boot" /boot
		mkinitramfs -d "$3" -o "$5" "$4"' sh "$o" "$kdir" "$c" "$kver" "$1.tmp" && mv "$1.tmp" "$1"
}

# ---- dracut: the module in a temporary copy of dracut's tree ----
mk_dracut() {	# OUT
	b=$log/dracutbase
	rm -rf "$b" && cp -a /usr/lib/dracut "$b" && cp -a tools/kits/dracut/90guestnet "$b/modules.d/" || return 1
	mkdir -p "$log/dracut.conf.d" "$log/dracut.tmp" || return 1
	GUESTNET_BIN=$gn dracutbasedir=$b timeout -k 5 600 dracut --force --quiet --no-hostonly --no-hostonly-cmdline \
		--conf /dev/null --confdir "$log/dracut.conf.d" --tmpdir "$log/dracut.tmp" \
		--kver "$kver" --kmoddir "$kdir/lib/modules/$kver" \
		--modules "systemd-initrd dracut-systemd rootfs-block kernel-modules guestnet" --add-drivers "virtio_blk ext4" \
		--no-early-microcode --compress gzip "$1.tmp" && mv "$1.tmp" "$1"
}

cached() {	# WHAT FUNCTION KEY: $img = the cached image, built when missing
	img=$cache/$1-$3.img
	t=$(now)
	if [ -s "$img" ]; then
		touch "$img"	# in use: kept by the clean-up below
		echo "# $1: cached $(basename "$img") ($(wc -c < "$img") bytes, $(elapsed "$t" "$(now)") s)"
		return 0
	fi
	# older inputs' images go once unused for a day: not at once, since
	# another run (another clone, another branch) may be booting one now
	find "$cache" -maxdepth 1 -name "$1-*.img" -mtime +1 -delete 2>/dev/null
	"$2" "$img" > "$log/$1.out" 2>&1 || { sed 's/^/  | /' "$log/$1.out" | tail -n 20; return 1; }
	echo "# $1: built $(basename "$img") ($(wc -c < "$img") bytes) in $(elapsed "$t" "$(now)") s"
}

t0=$(now)
cached root rootimg "$(hash test/vm/kits-init.sh /bin/busybox)-$common" || fail_all "cannot build the root image"
root=$img
echo "# images: root $(elapsed "$t0" "$(now)") s"

# ---- one boot ----
tap=gnkittap0
host_ping() {	# ADDR OKFILE STOPFILE
	i=0
	while [ $i -lt 300 ] && [ ! -e "$3" ]; do
		ip netns exec "$ns" ping -n -q -c 1 -W 0.5 "$1" >/dev/null 2>&1 && { : > "$2"; return 0; }
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}
accel=tcg
[ "${GNKIT_ACCEL:-tcg}" = kvm ] && accel=kvm	# KVM here gave an empty console (nested), so TCG unless asked
# the host's TSC frequency in kHz (TCG's guest TSC runs at it), for microvm
tsc_khz=$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)
boot() {	# NAME INITRD [q35|microvm [KERNEL COMMAND LINE]]
	name=$1 l=$log/$1 reason='' machine=${3:-q35} cmd=${4:-$CMD}
	if [ "$machine" = microvm ]; then
		# virtio-mmio devices, described to the kernel by ACPI; no PCI, no firmware
		m_args="-M microvm,pcie=off,rtc=on"
		m_cmd="${tsc_khz:+tsc_early_khz=$tsc_khz }tsc=reliable "
		disk_args="-drive file=$l.disk,format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0"
		nic_dev=virtio-net-device
	else
		m_args="-M q35" m_cmd='' nic_dev="virtio-net-pci,romfile="
		disk_args="-drive file=$l.disk,format=raw,if=virtio"
	fi
	ns=gnkit-$$
	ip netns del "$ns" 2>/dev/null
	{ ip netns add "$ns" && ip -n "$ns" link set lo up && ip -n "$ns" tuntap add dev $tap mode tap &&
	  ip -n "$ns" addr add 192.0.2.1/30 dev $tap && ip -n "$ns" addr add 2001:db8::1/64 dev $tap nodad &&
	  ip -n "$ns" link set $tap up; } || { fail "$name" "cannot set up namespace $ns"; ip netns del "$ns" 2>/dev/null; ns=''; return; }
	cp --sparse=always "$root" "$l.disk" || { fail "$name" "cannot copy the root image"; return; }
	rm -f "$l".ok.* "$l.stop"
	pingers=''
	for p in 192.0.2.2 2001:db8::2; do host_ping "$p" "$l.ok.$p" "$l.stop" & pingers="$pingers $!"; done
	t=$(now)
	# shellcheck disable=SC2086 # the machine's and the disk's arguments are lists
	ip netns exec "$ns" timeout -k 5 "$qemu_timeout" qemu-system-x86_64 $m_args -accel "$accel" -m 512 -smp 1 \
		-nodefaults -no-reboot -display none -serial "file:$l.console" \
		-kernel "$kdir/boot/vmlinuz-$kver" -initrd "$2" \
		-append "console=ttyS0 ${m_cmd}root=/dev/vda rootfstype=ext4 ro panic=-1 rd.emergency=poweroff rd.shell=0 $cmd" \
		$disk_args \
		-netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" \
		-device "$nic_dev,netdev=n0,mac=$MAC" </dev/null >"$l.qemu" 2>&1
	rc=$?
	wall=$(elapsed "$t" "$(now)")
	: > "$l.stop"
	for p in $pingers; do wait "$p" 2>/dev/null; done
	pingers=''
	ip netns del "$ns" 2>/dev/null
	ns=''
	tr -d '\r' < "$l.console" > "$l.log" 2>/dev/null
	sed -n -e 's/^\(PASS .*\)/  guest: \1/p' -e 's/^\(FAIL .*\)/  guest: \1/p' -e 's/^.*\(guestnet: .*\)/  guest: \1/p' "$l.log"
	[ $rc = 0 ] || reason="qemu exit status $rc$( [ $rc = 124 ] && echo " (timeout $qemu_timeout s)")"
	res=$(sed -n 's/^KIT RESULT //p' "$l.log")
	case $res in
	PASS) ;;
	FAIL*) reason="${reason:+$reason; }guest checks failed (${res#FAIL }), first: $(sed -n 's/^FAIL //p' "$l.log" | head -n 1)" ;;
	*) reason="${reason:+$reason; }no result from the real root's init" ;;
	esac
	for p in 192.0.2.2 2001:db8::2; do
		if [ -e "$l.ok.$p" ]; then echo "  host: PASS ping $p from namespace"
		else reason="${reason:+$reason; }host could not ping $p"; fi
	done
	echo "  time: $name: boot ($machine, qemu start to exit, $accel) $wall s; guest uptime at the real init $(sed -n 's/^KIT init started at uptime \([0-9.]*\) s/\1/p' "$l.log") s, at poweroff $(sed -n 's/^KIT poweroff at uptime \([0-9.]*\) s/\1/p' "$l.log") s"
	rm -f "$l.disk"
	if [ -z "$reason" ]; then pass "$name"
	else
		echo "  --- $name: console (CR removed) ---"
		sed 's/^/  | /' "$l.log"
		[ -s "$l.qemu" ] && sed 's/^/  | qemu: /' "$l.qemu"
		fail "$name" "$reason"
	fi
}

if want kit-initramfs-tools || want microvm || want microvm-ip; then
	if cached initrd-initramfs-tools mk_initramfs_tools "$(hash "$gn" tools/kits/initramfs-tools/hooks/guestnet tools/kits/initramfs-tools/scripts/init-bottom/guestnet /usr/sbin/mkinitramfs)-$common"; then
		want kit-initramfs-tools && boot kit-initramfs-tools "$img"
		want microvm && boot microvm "$img" microvm
		want microvm-ip && boot microvm-ip "$img" microvm "$CMD_IP"
	else
		for s in kit-initramfs-tools microvm microvm-ip; do want "$s" && fail "$s" "mkinitramfs failed"; done
	fi
fi
if want kit-dracut || want microvm-dracut-ip; then
	if cached initrd-dracut mk_dracut "$(hash "$gn" tools/kits/dracut/90guestnet/module-setup.sh tools/kits/dracut/90guestnet/guestnet.sh /usr/bin/dracut)-$common"; then
		want kit-dracut && boot kit-dracut "$img"
		want microvm-dracut-ip && boot microvm-dracut-ip "$img" microvm "$CMD_IP"
	else
		for s in kit-dracut microvm-dracut-ip; do want "$s" && fail "$s" "dracut failed"; done
	fi
fi
summary
