#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test/vm/run.sh [ARCH...] -- boot guestnet in real x86_64 and aarch64 VMs.
#
# Each scenario is one boot of a Debian cloud kernel under qemu (TCG) with an
# initramfs holding the static guestnet and test/vm/init.c as /init.  The VM's
# virtio-net NIC is a tap inside a network namespace (gnvm-*) whose host end
# holds the gateways 192.0.2.1/30 and 2001:db8::1/64.  The init runs guestnet
# with the environment the kernel built from its command line, checks the
# result from inside the guest and pings the gateways; the host pings the
# guest from the namespace.  One counted line per scenario and architecture:
#   PASS <arch> <scenario>   /   FAIL <arch> <scenario>: <why>
# The guest's own check lines are shown as "  guest: PASS ..." (not counted).
#
# snapshot-restore boots identity A, saves the running VM to a file (qemu
# migration), restores it in a new qemu whose NIC is a tap in another
# namespace (gateways 198.51.100.1/24, 2001:db8:1::1/64), and hands the guest
# identity B on a virtio-serial port; the init runs guestnet again and checks
# that only B is left (see snapshot_boot below).
#
# renamed-nic: qemu gives the NIC the MAC of MSB_NET, the init renames it
# eth0 -> ens3 (as udev would) before guestnet runs with iface=eth0; guestnet
# must configure the NIC of that MAC under its own name (gnvm_rename in the
# init; gnvm_nicmac=MAC sets qemu's MAC for the NIC).
#
# crash-ext4, crash-xfs (issue 12; x86_64 only): a virtio disk holding the
# file system guestnet writes with --root, 20 SIGKILLs of qemu before,
# during and just after the writes, each checked by the next boot (see
# crash_scenario below); no NIC on the host side (a qemu hub of its own).
#
# ip-param, ip-param-cmdline, ip-param-one, two-nics (issue 17): the ip=
# family instead of MSB_* (see IP4 below); the init checks what /proc/cmdline
# asks for.  gnvm_tap1=ADDR4,ADDR6 gives the VM a second NIC on a second tap
# holding those addresses; gnvm_arch=ARCH boots a scenario on ARCH only.
#
# virtio-mmio (aarch64): the NIC a microVM monitor gives (Firecracker,
# libkrun), virtio-net-device on virtio-mmio instead of PCI
# (gnvm_nicdev=QEMU-DEVICE); x86_64's microvm machine is booted by
# test/vm/kits.sh.
#
# ARCH: x86_64 and/or aarch64 (default both).  GNVM_SCENARIOS="full wait"
# runs only those.  GUESTNET_X86_64 / GUESTNET_AARCH64 name a prebuilt static
# guestnet instead of `tools/build.sh musl-static` / `aarch64-musl-static`.
# GNVM_KEEP=1 keeps the logs (their directory is printed).  GNVM_CRASH_KILLS=N
# makes the crash scenarios shorter while developing (default 20).
# Needs root (tap devices, network namespaces).
set -u
cd "$(dirname "$0")/../.." || exit 1
arches=${*:-x86_64 aarch64}
qemu_timeout=90          # per boot; the outer bound
log=$(mktemp -d "${TMPDIR:-/tmp}/gnvm-log.XXXXXX")
ns=
pingers=
bgs=            # qemu (its timeout process) and monitor readers of snapshot-restore
crash_pidf=     # the pid file of a crash scenario's qemu

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	for p in $pingers $bgs; do kill "$p" 2>/dev/null; done
	[ -n "$crash_pidf" ] && [ -s "$crash_pidf" ] && kill -KILL "$(cat "$crash_pidf")" 2>/dev/null
	[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	if [ "${GNVM_KEEP:-0}" = 1 ]; then echo "logs kept in $log"; else rm -rf "$log"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

fail_all() {	# setup failed: one FAIL line per architecture asked for
	for a in $arches; do echo "FAIL $a setup: $*"; done
	exit 1
}

# ---- scenarios: NAME|KERNEL COMMAND LINE (MSB_* and the init's gnvm_* knobs) ----
MAC=02:00:00:00:00:01
FULL="MSB_NET=iface=eth0,mac=$MAC,mtu=1400 MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1"
FULL="$FULL MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1"
FULL="$FULL MSB_HOSTNAME=guest-01 MSB_HOST_ALIAS=host.test.internal"
scenarios() {
	cat <<EOF
full|$FULL
ipv4-only|MSB_NET=iface=eth0,mac=$MAC MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1
onlink-32|MSB_NET=iface=eth0,mac=$MAC MSB_NET_IPV4=addr=192.0.2.2/32,gw=192.0.2.1,dns=192.0.2.1 MSB_NET_IPV6=addr=2001:db8::2/128,gw=2001:db8::1 MSB_HOSTNAME=guest-32
invalid|MSB_NET=iface=eth0,mac=$MAC,mtu=1400,speed=10 MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1 MSB_HOSTNAME=guest-bad gnvm_rc=2
wait|$FULL gnvm_wait=20 gnvm_verbose=1
cmdline|$FULL gnvm_cmdline=1
no-ipv6|ipv6.disable=1 MSB_NET=iface=eth0,mac=$MAC MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1 MSB_HOSTNAME=guest-v4 MSB_HOST_ALIAS=host.test.internal
no-ipv6-with-ipv6|ipv6.disable=1 $FULL gnvm_rc=1
snapshot-restore|$SNAP_A gnvm_snapshot=gnvm.ctl
renamed-nic|$FULL gnvm_rename=ens3 gnvm_nicmac=$MAC
crash-ext4|gnvm_crash=ext4
crash-xfs|gnvm_crash=xfs
ip-param|$IP4 $IP6 nameserver=192.0.2.53
ip-param-cmdline|$IP4 $IP6 nameserver=192.0.2.53 gnvm_cmdline=1
ip-param-one|$IP4 nameserver=192.0.2.53
two-nics|$IP4 $IP6 $IP4_1 $IP6_1 nameserver=192.0.2.53 gnvm_cmdline=1 gnvm_tap1=$TAP1 gnvm_arch=x86_64
virtio-mmio|$FULL gnvm_nicdev=virtio-net-device gnvm_arch=aarch64
EOF
}
# the ip= family (issue 17): a kernel without CONFIG_IP_PNP (Debian's cloud
# kernels) leaves ip= and nameserver= to init's environment -- the last of
# each name only (init/main.c, unknown_bootoption) -- and in /proc/cmdline.
# ip-param: IPv4 and IPv6 ip= and nameserver=, guestnet run on init's
# environment; ip-param-cmdline: the same read from /proc/cmdline
# (--cmdline); ip-param-one: one ip= and one nameserver=, all that init's
# environment can carry whole.  The init checks what /proc/cmdline asks for.
# two-nics (x86_64): a second NIC on a second tap (gnvm_tap1=ADDR4,ADDR6: its
# host end, in the same namespace), eth1 configured without gateways.
IP4="ip=192.0.2.2::192.0.2.1:255.255.255.252:guest:eth0:off"
IP6="ip=[2001:db8::2]::[2001:db8::1]:64::eth0:off"
IP4_1="ip=198.51.100.2:::24::eth1:off"
IP6_1="ip=[2001:db8:1::2]:::64::eth1:off"
TAP1="198.51.100.1/24,2001:db8:1::1/64"
# snapshot-restore: identity A on the kernel command line; after the restore,
# identity B in one line on the virtio-serial port gnvm.ctl
SNAP_A="MSB_NET=iface=eth0,mac=$MAC MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1"
SNAP_A="$SNAP_A MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1 MSB_HOSTNAME=guest-a"
SNAP_B="MSB_NET=iface=eth0,mac=02:00:00:00:00:02 MSB_NET_IPV4=addr=198.51.100.2/24,gw=198.51.100.1"
SNAP_B="$SNAP_B MSB_NET_IPV6=addr=2001:db8:1::2/64,gw=2001:db8:1::1 MSB_HOSTNAME=guest-b"

want_scenario() {	# NAME...: one of them is to run (GNVM_SCENARIOS)
	[ -z "${GNVM_SCENARIOS:-}" ] && return 0
	for n in "$@"; do
		case " $GNVM_SCENARIOS " in *" $n "*) return 0 ;; esac
	done
	return 1
}

# ---- setup: packages, kernels, guestnet, init, initramfs ----
pkgs="qemu-system-x86 qemu-system-arm cpio kmod iputils-ping iproute2 gzip util-linux musl-tools gcc-aarch64-linux-gnu"
pkgs="$pkgs e2fsprogs xfsprogs"	# the crash scenarios' disks
# shellcheck disable=SC2086 # a list of names
tools/deps.sh $pkgs >&2 || fail_all "tools/deps.sh $pkgs failed"
[ "$(id -u)" = 0 ] || fail_all "needs root (tap devices, network namespaces)"
# namespaces left by a run that was killed outright (gnvm-PID-ARCH, PID gone)
for n in $(ip netns list 2>/dev/null | awk '$1 ~ /^gnvm-[0-9]+-/ { print $1 }'); do
	p=${n#gnvm-}
	kill -0 "${p%%-*}" 2>/dev/null || ip netns del "$n" 2>/dev/null
done

# Everything a boot needs goes to the private $log/ARCH (a `make clean` in the
# same tree must not pull it away mid-run); the kernel stays in the cache.
setup_arch() {	# ARCH -> $log/ARCH/{init,initramfs.gz,kernel}
	a=$1 out=$log/$1
	mkdir -p "$out" || return 1
	case $a in
	x86_64) gn=${GUESTNET_X86_64:-}; variant=musl-static ;;
	aarch64) gn=${GUESTNET_AARCH64:-}; variant=aarch64-musl-static ;;
	*) echo "unknown arch $a"; return 1 ;;
	esac
	if [ -z "$gn" ]; then
		gn=$(tools/build.sh "$variant" 2>"$log/build-$a.err" | tail -n 1)
		{ [ -n "$gn" ] && [ -x "$gn" ]; } || { echo "tools/build.sh $variant failed: $(tail -n 5 "$log/build-$a.err")"; return 1; }
	fi
	tools/vm/musl-cc.sh "$a" -std=c11 -static -Os -s -Wall -Wextra -Wpedantic -Werror \
		-o "$out/init" test/vm/init.c 2>"$log/init-$a.err" ||
		{ echo "building test/vm/init.c failed: $(head -n 5 "$log/init-$a.err")"; return 1; }
	kdir=$(tools/vm/fetch-kernel.sh "$a" 2>"$log/kernel-$a.err") ||
		{ echo "fetching the kernel failed: $(tail -n 3 "$log/kernel-$a.err")"; return 1; }
	ln -s "$kdir/boot/vmlinuz-$(cat "$kdir/kver")" "$out/kernel" || return 1
	tools/vm/mkinitramfs.sh "$kdir" "$out/init" "$gn" "$out/initramfs.gz" 2>"$log/initramfs-$a.err" ||
		{ echo "building the initramfs failed: $(tail -n 3 "$log/initramfs-$a.err")"; return 1; }
	# the crash scenarios' own, with the disk's modules (x86_64 only; one
	# per file system: xfs.ko is 4 MB, a second to load under TCG)
	for fs in ext4 xfs; do
		{ [ "$a" = x86_64 ] && want_scenario "crash-$fs"; } || continue
		tools/vm/mkinitramfs.sh "$kdir" "$out/init" "$gn" "$out/initramfs-$fs.gz" virtio_blk "$fs" \
			2>"$log/initramfs-$fs-$a.err" ||
			{ echo "building the $fs initramfs failed: $(tail -n 3 "$log/initramfs-$fs-$a.err")"; return 1; }
	done
	echo "# $a: kernel $(cat "$kdir/kver"), guestnet $gn ($(wc -c < "$gn") bytes)," \
		"initramfs $(wc -c < "$out/initramfs.gz") bytes, modules: $(zcat "$out/initramfs.gz" |
		cpio -i --quiet --to-stdout modules/order 2>/dev/null | tr '\n' ' ')"
}

# ---- one boot ----
tap=gnvmtap0
ns_up() {	# NAME [TAP ADDR4 ADDR6]: namespace $ns, a tap holding the gateways
	ns=$1
	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" &&
	ip -n "$ns" link set lo up &&
	tap_add "${2:-$tap}" "${3:-192.0.2.1/30}" "${4:-2001:db8::1/64}"
}
tap_add() {	# TAP ADDR4 ADDR6: a tap in $ns holding those addresses
	ip -n "$ns" tuntap add dev "$1" mode tap &&
	ip -n "$ns" addr add "$2" dev "$1" &&
	ip -n "$ns" addr add "$3" dev "$1" nodad &&
	ip -n "$ns" link set "$1" up
}
ns_down() {
	ip netns del "$ns" 2>/dev/null
	ns=
}

# ping ADDR from the namespace until it answers (bounded); touch FILE then
host_ping() {
	addr=$1 ok=$2 stop=$3 i=0
	while [ $i -lt 200 ] && [ ! -e "$stop" ]; do
		if ip netns exec "$ns" ping -n -q -c 1 -W 0.5 "$addr" >/dev/null 2>&1; then
			: > "$ok"
			return 0
		fi
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

boot() {	# ARCH NAME CMDLINE
	a=$1 name=$2 cmd=$3 d=$log/$1 l=$log/$1-$2
	want_rc=0 ping4='' ping6='' pingx='' reason='' nicmac=52:54:00:12:34:56 tap1='' nicdev=virtio-net-pci,romfile=
	for w in $cmd; do
		case $w in
		gnvm_tap1=*) tap1=${w#gnvm_tap1=} ;;
		ip=\[*) pingx="$pingx $(echo "$w" | sed 's/^ip=\[\([^]]*\)\].*/\1/')" ;;
		ip=*) pingx="$pingx $(echo "$w" | sed 's/^ip=\([^:]*\).*/\1/')" ;;
		gnvm_rc=*) want_rc=${w#gnvm_rc=} ;;
		gnvm_nicmac=*) nicmac=${w#gnvm_nicmac=} ;;
		gnvm_nicdev=*) nicdev=${w#gnvm_nicdev=} ;;
		MSB_NET_IPV4=*) ping4=$(echo "$w" | sed 's/.*addr=\([^/,]*\).*/\1/') ;;
		MSB_NET_IPV6=*) ping6=$(echo "$w" | sed 's/.*addr=\([^/,]*\).*/\1/') ;;
		esac
	done
	case " $cmd " in *" ipv6.disable=1 "*) ping6= ;; esac
	[ "$want_rc" = 0 ] || ping4='' ping6='' pingx=''
	ping4="$ping4$pingx"
	# a second NIC: its tap in the same namespace, its host end $tap1
	if [ -n "$tap1" ]; then
		set -- -netdev "tap,id=n1,ifname=${tap}1,script=no,downscript=no" \
			-device "virtio-net-pci,romfile=,netdev=n1,mac=52:54:00:12:34:57"
	else
		set --
	fi

	case $a in
	x86_64) q="qemu-system-x86_64 -M q35"; con=ttyS0 ;;
	aarch64) q="qemu-system-aarch64 -M virt -cpu cortex-a57"; con=ttyAMA0 ;;
	esac
	echo "# boot $a $name: $cmd"
	ns_up "gnvm-$$-$a" || { echo "FAIL $a $name: cannot set up namespace $ns"; ns_down; return; }
	if [ -n "$tap1" ]; then
		tap_add "${tap}1" "${tap1%%,*}" "${tap1#*,}" ||
			{ echo "FAIL $a $name: cannot add the second tap to $ns"; ns_down; return; }
	fi
	rm -f "$l".*
	pingers=
	for p in $ping4 $ping6; do
		host_ping "$p" "$l.ok.$p" "$l.stop" &
		pingers="$pingers $!"
	done
	t0=$(now)
	# shellcheck disable=SC2086 # $q is the qemu binary and its machine options
	ip netns exec "$ns" timeout -k 5 "$qemu_timeout" $q -accel tcg -m 256 -smp 1 -nodefaults -no-reboot \
		-display none -serial "file:$l.console" \
		-kernel "$d/kernel" -initrd "$d/initramfs.gz" \
		-append "console=$con quiet panic=-1 gnvm_name=$name $cmd" \
		-netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" \
		-device "$nicdev,netdev=n0,mac=$nicmac" "$@" \
		</dev/null >"$l.qemu" 2>&1
	rc=$?
	t1=$(now)
	: > "$l.stop"
	for p in $pingers; do wait "$p" 2>/dev/null; done
	pingers=
	ns_down

	tr -d '\r' < "$l.console" > "$l.log" 2>/dev/null
	sed -n -e 's/^\(PASS .*\)/  guest: \1/p' -e 's/^\(FAIL .*\)/  guest: \1/p' \
		-e 's/^INIT \(guestnet said: .*\)/  guest: \1/p' "$l.log"
	result=$(sed -n 's/^INIT RESULT //p' "$l.log")
	[ $rc = 0 ] || reason="qemu exit status $rc$( [ $rc = 124 ] && echo " (timeout ${qemu_timeout} s)")"
	case $result in
	PASS*) ;;
	FAIL*) reason="${reason:+$reason; }guest checks failed (${result#FAIL }), first: $(sed -n 's/^FAIL //p' "$l.log" | head -n 1)" ;;
	*) reason="${reason:+$reason; }no result from the guest" ;;
	esac
	for p in $ping4 $ping6; do
		[ -e "$l.ok.$p" ] || reason="${reason:+$reason; }host could not ping $p"
	done
	for p in $ping4 $ping6; do [ -e "$l.ok.$p" ] && echo "  host: PASS ping $p from namespace"; done
	wall=$(elapsed "$t0" "$t1")
	times=$(sed -n 's/^INIT times: kernel uptime at init \([0-9.]*\) s, after guestnet \([0-9.]*\) s, at poweroff \([0-9.]*\) s; guestnet ran \([0-9]*\) ms/\1 \2 \3 \4/p' "$l.log")
	# shellcheck disable=SC2086 # four numbers
	set -- $times
	echo "  time: $a $name: qemu ${wall} s; guest uptime: init ${1:-?} s, guestnet done ${2:-?} s, poweroff ${3:-?} s; guestnet ran ${4:-?} ms"
	printf '%-8s %-18s %6s %6s %9s %9s %8s\n' "$a" "$name" "$wall" "${1:-?}" "${2:-?}" "${3:-?}" "${4:-?}" >> "$log/times"
	if [ -z "$reason" ]; then
		echo "PASS $a $name"
	else
		echo "  --- $a $name: console (CR removed) ---"
		sed 's/^/  | /' "$l.log"
		[ -s "$l.qemu" ] && sed 's/^/  | qemu: /' "$l.qemu"
		echo "FAIL $a $name: $reason"
		failed=1
	fi
}

# ---- snapshot-restore: save the running VM, restore it on another network ----
# The guest (identity A from the command line) runs guestnet, checks it, pings
# both ways, prints "INIT snapshot: waiting" and blocks reading the
# virtio-serial port gnvm.ctl.  The host then, over QMP on a pipe chardev:
# stops the VM, migrates it to a file (exec:cat; qemu 7.2 has no file: URI),
# and quits that qemu.  A second qemu with the same machine and devices, its
# NIC on a tap in another namespace (B's gateways), loads the file
# (-incoming exec:cat) and is resumed (cont: a VM saved stopped comes back
# paused); the host writes "gnvm-identity $SNAP_B" on the port.  The init
# replaces its MSB_* environment with that line, runs guestnet again and
# checks B strictly: B's addresses only, default routes via B's gateways only,
# B's MAC, hostname and files, pings both ways from B's namespace.
qmp_n=0 qr=
qmp() {	# MON BODY: send {BODY, "id": ...} on MON.in; its reply in $qr (5 s); 1 on none
	qmp_n=$((qmp_n + 1)) qr=
	printf '{%s, "id": "q%d"}\n' "$2" "$qmp_n" |
		timeout 5 dd of="$1.in" conv=notrunc status=none 2>/dev/null || return 1
	i=0
	while [ $i -lt 50 ]; do
		qr=$(grep -E "\"id\": ?\"q$qmp_n\"" "$1.log" 2>/dev/null)
		[ -n "$qr" ] && return 0
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}
qmp_status() { printf '%s\n' "$qr" | grep -o '"status": "[a-z-]*"' | head -n 1 | cut -d '"' -f 4; }
qmp_error() { printf '%s\n' "$qr" | sed -n 's/.*"\(desc\|error-desc\)": "\([^"]*\)".*/\2/p' | head -n 1; }

wait_for() {	# FILE TEXT SECONDS PID: until FILE holds TEXT; 1 if PID ends or time is up
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		grep -qF "$2" "$1" 2>/dev/null && return 0
		kill -0 "$4" 2>/dev/null || break
		i=$((i + 1))
		sleep 0.1
	done
	grep -qF "$2" "$1" 2>/dev/null
}

# vm_exec NS TAP PREFIX [INCOMING-URI]: become qemu (run it with &, $! is then
# its timeout process); console PREFIX.console, monitor PREFIX.mon.{in,out},
# handoff port PREFIX.ctl.{in,out}.  Both qemus get the same machine and devices.
vm_exec() {
	vns=$1 vtap=$2 p=$3
	if [ -n "${4:-}" ]; then set -- -incoming "$4"; else set --; fi
	# shellcheck disable=SC2086 # $q is the qemu binary and its machine options
	exec ip netns exec "$vns" timeout -k 5 "$qemu_timeout" $q -accel tcg -m 256 -smp 1 -nodefaults -no-reboot \
		-display none -serial "file:$p.console" \
		-kernel "$d/kernel" -initrd "$d/initramfs.gz" \
		-append "console=$con quiet panic=-1 gnvm_name=$name $cmd" \
		-netdev "tap,id=n0,ifname=$vtap,script=no,downscript=no" \
		-device "virtio-net-pci,romfile=,netdev=n0,mac=52:54:00:12:34:56" \
		-device virtio-serial-pci \
		-chardev "pipe,id=ctl,path=$p.ctl" -device virtserialport,chardev=ctl,name=gnvm.ctl \
		-chardev "pipe,id=mon,path=$p.mon" -mon chardev=mon,mode=control \
		"$@" </dev/null >"$p.qemu" 2>&1
}

vm_start() {	# NS TAP PREFIX [INCOMING-URI]: qemu in the background; its pid in $vm
	vm=
	mkfifo "$3.mon.in" "$3.mon.out" "$3.ctl.in" "$3.ctl.out" || return 1
	vm_exec "$@" &
	vm=$!
	timeout "$qemu_timeout" cat "$3.mon.out" > "$3.mon.log" 2>/dev/null &
	bgs="$bgs $vm $!"
	qmp "$3.mon" '"execute": "qmp_capabilities"'
}

snapshot_boot() {	# ARCH NAME CMDLINE
	a=$1 name=$2 cmd=$3 d=$log/$1 l=$log/$1-$2
	reason='' rc_a='' rc_b='' mig='' size=''
	ping_a="$(echo "$cmd" | sed 's/.*MSB_NET_IPV4=addr=\([^/,]*\).*/\1/') $(echo "$cmd" | sed 's/.*MSB_NET_IPV6=addr=\([^/,]*\).*/\1/')"
	ping_b="$(echo "$SNAP_B" | sed 's/.*MSB_NET_IPV4=addr=\([^/,]*\).*/\1/') $(echo "$SNAP_B" | sed 's/.*MSB_NET_IPV6=addr=\([^/,]*\).*/\1/')"
	case $a in
	x86_64) q="qemu-system-x86_64 -M q35"; con=ttyS0 ;;
	aarch64) q="qemu-system-aarch64 -M virt -cpu cortex-a57"; con=ttyAMA0 ;;
	esac
	echo "# boot $a $name: $cmd"
	echo "#   restored with: gnvm-identity $SNAP_B"
	rm -rf "$l".*
	t0=$(now) t1=$t0 t2=$t0 t3=$t0 t4=$t0

	# 1. identity A in namespace gnvm-PID-ARCH
	if ns_up "gnvm-$$-$a"; then
		pingers=
		for p in $ping_a; do
			host_ping "$p" "$l.ok.$p" "$l.a.stop" &
			pingers="$pingers $!"
		done
		vm_start "$ns" "$tap" "$l.a" || reason="no QMP greeting from qemu A"
		qa=$vm
		wait_for "$l.a.console" "INIT snapshot: waiting" "$qemu_timeout" "$qa" ||
			reason="${reason:+$reason; }guest A never waited for the handoff"
		t1=$(now)
		# 2. save: stop, migrate to the file, quit
		if [ -z "$reason" ]; then
			qmp "$l.a.mon" '"execute": "stop"' || reason="QMP stop: no reply"
			qmp "$l.a.mon" '"execute": "migrate-set-parameters", "arguments": {"max-bandwidth": 4294967296}' ||
				reason="${reason:+$reason; }QMP migrate-set-parameters: no reply"
			qmp "$l.a.mon" "\"execute\": \"migrate\", \"arguments\": {\"uri\": \"exec:cat > '$l.snap'\"}" ||
				reason="${reason:+$reason; }QMP migrate: no reply"
			case $qr in *'"error"'*) reason="${reason:+$reason; }QMP migrate: $(qmp_error)" ;; esac
			i=0
			while [ -z "$reason" ] && [ $i -lt 600 ]; do
				qmp "$l.a.mon" '"execute": "query-migrate"' || { reason="QMP query-migrate: no reply"; break; }
				mig=$(qmp_status)
				case $mig in completed) break ;; failed|cancelled) reason="migration $mig: $(qmp_error)"; break ;; esac
				i=$((i + 1))
				sleep 0.1
			done
			[ -n "$reason" ] || [ "$mig" = completed ] || reason="migration not completed after 60 s ($mig)"
			qmp "$l.a.mon" '"execute": "quit"'
		fi
		kill -0 "$qa" 2>/dev/null && [ -n "$reason" ] && kill "$qa"
		wait "$qa"
		rc_a=$?
		t2=$(now)
		: > "$l.a.stop"
		for p in $pingers; do wait "$p" 2>/dev/null; done
		pingers=
		ns_down
	else
		reason="cannot set up namespace $ns"
		ns_down
	fi
	[ -s "$l.snap" ] && size=$(wc -c < "$l.snap")
	[ -n "$reason" ] || [ -n "$size" ] || reason="migration completed but $l.snap is empty"

	# 3. restore in a new qemu on a tap in namespace gnvm-PID-ARCH-b
	if [ -z "$reason" ]; then
		if ns_up "gnvm-$$-$a-b" gnvmtap1 198.51.100.1/24 2001:db8:1::1/64; then
			for p in $ping_b; do
				host_ping "$p" "$l.ok.$p" "$l.b.stop" &
				pingers="$pingers $!"
			done
			vm_start "$ns" gnvmtap1 "$l.b" "exec:cat '$l.snap'" || reason="no QMP greeting from qemu B"
			qb=$vm
			st=
			i=0
			while [ -z "$reason" ] && [ $i -lt 600 ] && kill -0 "$qb" 2>/dev/null; do
				qmp "$l.b.mon" '"execute": "query-status"' || { reason="QMP query-status: no reply"; break; }
				st=$(qmp_status)
				[ "$st" = inmigrate ] || break
				i=$((i + 1))
				sleep 0.1
			done
			case $st in
			paused) qmp "$l.b.mon" '"execute": "cont"' || reason="QMP cont: no reply" ;;
			running) ;;
			*) [ -n "$reason" ] || reason="restore did not finish: status '$st'$(kill -0 "$qb" 2>/dev/null || echo ', qemu B exited')" ;;
			esac
			t3=$(now)
			# 4. the handoff: B's identity, one line on the port
			if [ -z "$reason" ]; then
				printf 'gnvm-identity %s\n' "$SNAP_B" |
					timeout 5 dd of="$l.b.ctl.in" conv=notrunc status=none 2>/dev/null ||
					reason="cannot write the handoff line"
			fi
			kill -0 "$qb" 2>/dev/null && [ -n "$reason" ] && kill "$qb"
			wait "$qb"
			rc_b=$?
			t4=$(now)
			: > "$l.b.stop"
			for p in $pingers; do wait "$p" 2>/dev/null; done
			pingers=
		else
			reason="cannot set up namespace $ns"
		fi
		ns_down
	fi
	for p in $bgs; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	bgs=
	[ "${GNVM_KEEP:-0}" = 1 ] || rm -f "$l.snap"

	for s in a b; do tr -d '\r' < "$l.$s.console" > "$l.$s.log" 2>/dev/null; done
	cat "$l.a.log" "$l.b.log" > "$l.log" 2>/dev/null
	sed -n -e 's/^\(PASS .*\)/  guest: \1/p' -e 's/^\(FAIL .*\)/  guest: \1/p' \
		-e 's/^INIT \(guestnet said: .*\)/  guest: \1/p' -e 's/^INIT \(restored: line .*\)/  guest: \1/p' "$l.log"
	result=$(sed -n 's/^INIT RESULT //p' "$l.b.log" 2>/dev/null)
	[ -z "$rc_a" ] || [ "$rc_a" = 0 ] || reason="${reason:+$reason; }qemu A exit status $rc_a"
	[ -z "$rc_b" ] || [ "$rc_b" = 0 ] || reason="${reason:+$reason; }qemu B exit status $rc_b$( [ "$rc_b" = 124 ] && echo " (timeout ${qemu_timeout} s)")"
	case $result in
	PASS*) ;;
	FAIL*) reason="${reason:+$reason; }guest checks failed (${result#FAIL }): $(sed -n 's/^FAIL //p' "$l.log" | tr '\n' ';' | sed 's/;$//; s/;/; /g')" ;;
	*) reason="${reason:+$reason; }no result from the restored guest" ;;
	esac
	for p in $ping_a $ping_b; do
		if [ -e "$l.ok.$p" ]; then echo "  host: PASS ping $p from namespace"
		else reason="${reason:+$reason; }host could not ping $p"; fi
	done
	wall=$(elapsed "$t0" "$t4")
	times=$(sed -n 's/^INIT times: kernel uptime at init \([0-9.]*\) s, after guestnet \([0-9.]*\) s, at poweroff \([0-9.]*\) s; guestnet ran \([0-9]*\) ms/\1 \2 \3 \4/p' "$l.log")
	rtimes=$(sed -n 's/^INIT restore times: guestnet started at uptime \([0-9.]*\) s, ran \([0-9]*\) ms/\1 \2/p' "$l.log")
	echo "  time: $a $name: qemu A to the wait $(elapsed "$t0" "$t1") s, save $(elapsed "$t1" "$t2") s" \
		"(snapshot ${size:-?} bytes), restore to running $(elapsed "$t2" "$t3") s, restored guest to poweroff" \
		"$(elapsed "$t3" "$t4") s; total ${wall} s; restored guestnet ran ${rtimes#* } ms"
	# shellcheck disable=SC2086 # four numbers
	set -- $times
	printf '%-8s %-18s %6s %6s %9s %9s %8s\n' "$a" "$name" "$wall" "${1:-?}" "${2:-?}" "${3:-?}" "${4:-?}" >> "$log/times"
	if [ -z "$reason" ]; then
		echo "PASS $a $name"
	else
		for s in a b; do
			[ -e "$l.$s.log" ] || continue
			echo "  --- $a $name: console of qemu $s (CR removed) ---"
			sed 's/^/  | /' "$l.$s.log"
			[ -s "$l.$s.qemu" ] && sed 's/^/  | qemu: /' "$l.$s.qemu"
			[ -s "$l.$s.mon.log" ] && sed 's/^/  | qmp: /' "$l.$s.mon.log"
		done
		echo "FAIL $a $name: $reason"
		failed=1
	fi
}

# ---- crash-ext4, crash-xfs: SIGKILL qemu while guestnet writes to a disk ----
# A raw disk image (virtio-blk in qemu's default cache mode, writeback: the
# guest's flushes reach the image file as fdatasync) holds a file system made
# on the host without mounting it (mkfs.ext4 -d, mkfs.xfs -p) whose /etc has
# the three files of value number 0.  Each boot mounts it (the kernel
# replays the journal a kill left), prints the three files in hex, then runs
# `guestnet --verbose --root /mnt` again and again with value numbers SEQ+1,
# SEQ+2... (hostname, alias, both DNS servers: every file changes), with
# console markers around each run: "GNC begin N" before, "GNC exit N" when
# guestnet returned, "GNC synced N" after the init's syncfs().  The init
# drains each marker from the UART before it goes on (a marker the host has
# not seen did not happen), and guestnet's own --verbose line "guestnet:
# write /mnt/etc/FILE" comes before each file's write.  Meanwhile another
# process of the init appends to and fsyncs /mnt/noise every 3 ms, so that
# the journal commits whatever is pending at any moment, not only at
# guestnet's own flushes.  The host reads the console as it comes and
# SIGKILLs qemu DELAY after one line of run M (the schedule below: six such
# keys, delays of 0-20 ms, M = 1, 2).  The next boot is the check: what it
# prints must be, file by file, the old contents (run N-1's, or what that
# boot found for N = 1) or the new (run N's) of the run N in flight at the
# kill (the last "GNC begin" the host saw), byte for byte: never empty, torn
# or missing; only the new after "GNC synced".  The
# last boot unmounts cleanly and the host checks the image with the file
# system's own read-only checker (e2fsck -fn, xfs_repair -n).
crash_kills=${GNVM_CRASH_KILLS:-20}	# fewer while developing
# kill K: qemu is killed DELAY s after the console line KEY of run M (M = 1
# for K = 0-5 and 12-17, 2 for the others; run 1 also configures the NIC):
# the keys in turn, then again later
crash_schedule='begin 0
write-hosts 0
write-hostname 0
write-resolv.conf 0
exit 0
synced 0
begin 0.003
write-hosts 0.003
write-hostname 0.003
write-resolv.conf 0.003
exit 0
synced 0.003
begin 0.008
write-hosts 0.008
write-hostname 0.008
write-resolv.conf 0.008
exit 0.002
synced 0.01
write-resolv.conf 0.02
exit 0.005'
crash_hosts_fmt='127.0.0.1\tlocalhost guest-%s\n::1\tlocalhost ip6-localhost ip6-loopback guest-%s\n'
crash_hosts_fmt="$crash_hosts_fmt"'192.0.2.1\thost-%s.test.internal\n2001:db8::1\thost-%s.test.internal\n'
crash_hosts_fmt="$crash_hosts_fmt"'fe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n'
crash_render() {	# FILE V: the bytes guestnet writes for the init's value number V
	# shellcheck disable=SC2059 # the format is ours
	case $1 in
	hosts) printf "$crash_hosts_fmt" "$2" "$2" "$2" "$2" ;;
	hostname) printf 'guest-%s\n' "$2" ;;
	resolv.conf) printf 'nameserver 203.0.113.%s\nnameserver 2001:db8::53:%s\n' $(($2 % 254 + 1)) $(($2 % 10000)) ;;
	esac
}
crash_hex() { crash_render "$1" "$2" | od -An -tx1 -v | tr -d ' \n'; }	# FILE V
crash_var() { case $1 in resolv.conf) echo resolv ;; *) echo "$1" ;; esac; }

crash_image() {	# FS IMAGE: a file system whose /etc holds the three files of value 0
	r=$log/crash-root
	rm -rf "$r" "$2"
	mkdir -p "$r/etc" || return 1
	for f in hosts hostname resolv.conf; do
		crash_render "$f" 0 > "$r/etc/$f" && chmod 0644 "$r/etc/$f" || return 1
	done
	case $1 in
	ext4) truncate -s 64M "$2" && mkfs.ext4 -q -F -d "$r" "$2" ;;
	xfs)	# mkfs.xfs refuses less than 300 MB; the image file is sparse
		{
			printf '/dev/null\n0 0\nd--755 0 0\netc d--755 0 0\n'
			for f in hosts hostname resolv.conf; do printf '%s ---644 0 0 %s\n' "$f" "$r/etc/$f"; done
			printf '$\n$\n'
		} > "$r.proto" && truncate -s 300M "$2" && mkfs.xfs -q -f -p "$r.proto" "$2" ;;
	esac
}

# crash_run PREFIX IMAGE FS SEQ M KEY DELAY: one boot.  With KEY, qemu is
# SIGKILLed DELAY seconds after the console line that starts with KEY, of run
# M (after "GNC begin M"); without, it is the final boot (the init unmounts, powers off).
# Console (CR removed) in PREFIX.log; qemu's exit status in $crash_rc, 1 in
# $crash_killed when the kill was sent.
crash_run() {
	p=$1 crash_rc='' crash_killed='' cur=0 crash_pidf=$1.pid
	rm -f "$p.log" "$p.pid" "$p.fifo"
	mkfifo "$p.fifo" || return 1
	extra=
	[ -n "$6" ] || extra=" gnvm_crash_final=1"
	# a subshell that does not exec timeout (which dies of qemu's signal):
	# its "Killed" goes to the log
	(timeout -k 5 "$qemu_timeout" qemu-system-x86_64 -M q35 -accel tcg -m 256 -smp 1 -nodefaults -no-reboot \
		-display none -serial stdio -pidfile "$p.pid" \
		-kernel "$d/kernel" -initrd "$d/initramfs-$3.gz" \
		-append "console=ttyS0 quiet panic=-1 gnvm_name=$name gnvm_crash=$3 gnvm_crash_seq=$4$extra" \
		-drive "file=$2,format=raw,if=virtio" \
		-netdev hubport,id=n0,hubid=0 -device "virtio-net-pci,romfile=,netdev=n0,mac=$MAC" \
		</dev/null >"$p.fifo" 2>"$p.qemu"; exit $?) 2>>"$p.qemu" &
	qp=$!
	bgs="$bgs $qp"
	cr=$(printf '\r')
	# bounded: the console ends when qemu does, and timeout bounds qemu
	while IFS= read -r line; do
		line=${line%"$cr"}
		printf '%s\n' "$line" >> "$p.log"
		case $line in "GNC begin "*) cur=${line#GNC begin }; cur=${cur%% *} ;; esac
		{ [ -n "$6" ] && [ -z "$crash_killed" ] && [ "$cur" = "$5" ]; } || continue
		case $line in "$6"*) ;; *) continue ;; esac
		[ "$7" = 0 ] || sleep "$7"
		kill -KILL "$(cat "$p.pid" 2>/dev/null)" 2>/dev/null && crash_killed=1
	done < "$p.fifo"
	# a line the kill cut short: kept, but no marker
	[ -z "$line" ] || printf 'PARTIAL LINE: %s\n' "${line%"$cr"}" >> "$p.log"
	wait "$qp"
	crash_rc=$?
	bgs='' crash_pidf=''
	rm -f "$p.fifo"
}

# the three files a boot printed, as hex, in $got_hosts, $got_hostname,
# $got_resolv: "missing" when it could not read one, "none" if not printed
crash_got() {	# LOG
	# shellcheck disable=SC2034 # read through eval
	got_hosts=none got_hostname=none got_resolv=none
	eval "$(sed -n -e 's/^GNC file \([a-z.]*\) [0-9]* *\([0-9a-f]*\)$/\1 \2/p' \
		-e 's/^GNC file \([a-z.]*\) missing.*/\1 missing/p' "$1" |
		while read -r f h; do echo "got_$(crash_var "$f")=${h:-empty}"; done)"
}

# where the kill landed, by the last marker of LOG, in $crash_phase:
# "before" (run N begun, no file announced), "during_FILE" (FILE's write
# announced last), "after" (guestnet returned, the init's syncfs not done),
# "synced"; run N in $crash_n
crash_where() {	# LOG
	# shellcheck disable=SC2046 # two words
	set -- $(awk '
		/^GNC begin / { n = $3; w = "before" }
		/^guestnet: write / && n { f = $3; sub(".*/", "", f); w = "during_" f }
		/^GNC exit / { w = "after" }
		/^GNC synced / { w = "synced" }
		END { print n + 0, (w == "" ? "boot" : w) }' "$1")
	crash_n=$1 crash_phase=$2
}

crash_scenario() {	# ARCH NAME FS
	a=$1 name=$2 fs=$3 d=$log/$1 l=$log/$1-$2
	img=$l.img reason='' t0=$(now)
	echo "# boot $a $name: $crash_kills kills of qemu (SIGKILL) while guestnet writes on $fs, then a clean boot"
	crash_image "$fs" "$img" > "$l.mkfs" 2>&1 ||
		{ echo "FAIL $a $name: cannot make the $fs image: $(tail -n 3 "$l.mkfs")"; failed=1; return; }
	for f in hosts hostname resolv.conf; do eval "start_$(crash_var "$f")=\$(crash_hex \"\$f\" 0)"; done
	n_before=0 n_during=0 n_after=0 n_synced=0 n_old=0 n_new=0 n_temp=0 n_recov=0
	d_hosts=0 d_hostname=0 d_resolv=0
	k=0 prev=''
	while [ "$k" -le "$crash_kills" ]; do
		seq=$((k * 100)) m=$((1 + k / 6 % 2))
		# shellcheck disable=SC2046 # two words
		set -- $(printf '%s\n' "$crash_schedule" | sed -n "$((k % 20 + 1))p")
		what=$1 delay=$2
		case $what in
		begin) key="GNC begin $m value $((seq + m)) " ;;
		write-*) key="guestnet: write /mnt/etc/${what#write-}" ;;
		exit) key="GNC exit $m status 0 " ;;
		synced) key="GNC synced $m " ;;
		esac
		[ "$k" = "$crash_kills" ] && key='' delay=''
		crash_run "$l.$k" "$img" "$fs" "$seq" "$m" "$key" "$delay"
		# the boot's own report: the mount, the files it found, its runs
		if grep -q '^GNC FAIL' "$l.$k.log"; then
			reason="boot $k: $(sed -n 's/^GNC FAIL //p' "$l.$k.log" | head -n 1)"
			break
		fi
		grep -q '^GNC mounted' "$l.$k.log" || { reason="boot $k: no mount (qemu status $crash_rc)"; break; }
		bad=$(sed -n 's/^GNC exit \([0-9]*\) status \([0-9-]*\) .*/\1 \2/p' "$l.$k.log" |
			awk '$2 != 0 { print "run " $1 " exit status " $2; exit }')
		[ -z "$bad" ] || { reason="boot $k: guestnet $bad"; break; }
		grep -q 'EXT4-fs (vda): recovery complete\|XFS (vda): Starting recovery' "$l.$k.log" && n_recov=$((n_recov + 1))
		grep -q '^GNC etc holds:.* \.[a-z.]*\.guestnet' "$l.$k.log" && n_temp=$((n_temp + 1))
		crash_got "$l.$k.log"
		# 1. the previous boot's kill: each file the old or the new of its run in flight
		if [ -n "$prev" ]; then
			# shellcheck disable=SC2086 # its words
			set -- $prev
			pk=$1 pn=$2 pphase=$3 pseq=$4
			out="  kill $pk: run $pn, $5 +$6 s, last marker $pphase:"
			for f in hosts hostname resolv.conf; do
				v=$(crash_var "$f")
				got='' old=''
				eval "got=\$got_$v old=\$start_$v"
				new='' oldv="found by boot $pk"
				if [ "$pn" -gt 0 ]; then
					new=$(crash_hex "$f" $((pseq + pn)))
					[ "$pn" -gt 1 ] && old=$(crash_hex "$f" $((pseq + pn - 1))) oldv="run $((pn - 1))'s"
				fi
				[ "$pphase" = synced ] && old=$new oldv="(none after the syncfs)"
				if [ -n "$new" ] && [ "$got" = "$new" ]; then
					n_new=$((n_new + 1)) out="$out $f new"
				elif [ "$got" = "$old" ]; then
					n_old=$((n_old + 1)) out="$out $f old"
				else
					case $got in
					missing|none|empty) bytes=$got ;;
					*) bytes="$((${#got} / 2)) bytes, neither" ;;
					esac
					reason="${reason:+$reason; }kill $pk (run $pn, $pphase): /etc/$f $bytes (want the old, $oldv, or the new, run $pn's)"
					out="$out $f BAD"
				fi
				eval "start_$v=\$got"
			done
			echo "$out"
			[ -z "$reason" ] || break
		fi
		[ "$k" = "$crash_kills" ] && break
		# 2. this boot's kill
		[ "$crash_killed" = 1 ] || { reason="boot $k: the key \"$key\" of run $m never came (qemu status $crash_rc)"; break; }
		[ "$crash_rc" = 137 ] || { reason="boot $k: qemu exit status $crash_rc after SIGKILL, want 137"; break; }
		crash_where "$l.$k.log"
		case $crash_phase in
		before) n_before=$((n_before + 1)) ;;
		during_*) n_during=$((n_during + 1)) v=$(crash_var "${crash_phase#during_}"); eval "d_$v=\$((d_$v + 1))" ;;
		after) n_after=$((n_after + 1)) ;;
		synced) n_synced=$((n_synced + 1)) ;;
		*) reason="boot $k: killed before any run ($crash_phase)"; break ;;
		esac
		prev="$k $crash_n $crash_phase $seq $what $delay"
		k=$((k + 1))
	done
	t1=$(now)
	# 3. the image after a clean unmount, by the file system's own read-only checker
	if [ -z "$reason" ]; then
		case $fs in ext4) chk="e2fsck -fn" ;; xfs) chk="xfs_repair -n" ;; esac
		if ! grep -q '^GNC unmounted' "$l.$k.log" || [ "$crash_rc" != 0 ]; then
			reason="final boot: no clean unmount (qemu status $crash_rc)"
		elif $chk "$img" > "$l.fsck" 2>&1; then
			echo "  host: PASS $chk on the image after the last boot's clean unmount"
		else
			reason="$chk: status $?: $(tail -n 3 "$l.fsck" | tr '\n' ' ')"
		fi
	fi
	[ "${GNVM_KEEP:-0}" = 1 ] || rm -f "$img"
	echo "  kills: $k; landed before the writes $n_before, during $n_during (last announced: hosts $d_hosts," \
		"hostname $d_hostname, resolv.conf $d_resolv), after guestnet returned $n_after, after the init's syncfs" \
		"$n_synced; files found old $n_old, new $n_new; boots that replayed the journal $n_recov, that found a" \
		"temporary left $n_temp"
	echo "  time: $a $name: $((k + 1)) boots in $(elapsed "$t0" "$t1") s, total $(elapsed "$t0" "$(now)") s"
	printf '%-8s %-18s %6s %6s %9s %9s %8s\n' "$a" "$name" "$(elapsed "$t0" "$(now)")" - - - - >> "$log/times"
	if [ -z "$reason" ] && [ "$k" = "$crash_kills" ]; then
		echo "PASS $a $name"
	else
		if [ "$k" -gt 0 ] && [ -e "$l.$((k - 1)).log" ]; then
			echo "  --- $a $name: console of boot $((k - 1)), the last killed, from its first run (CR removed) ---"
			sed -n '/^GNC begin 1 /,$ s/^/  | /p' "$l.$((k - 1)).log"
		fi
		if [ -e "$l.$k.log" ]; then
			echo "  --- $a $name: console of boot $k (CR removed) ---"
			sed 's/^/  | /' "$l.$k.log"
		fi
		[ -s "$l.$k.qemu" ] && sed 's/^/  | qemu: /' "$l.$k.qemu"
		echo "FAIL $a $name: ${reason:-only $k kills}"
		failed=1
	fi
}

ok_arches='' failed=0
for a in $arches; do
	case $a in x86_64|aarch64) ;; *) echo "FAIL $a setup: unknown architecture"; failed=1; continue ;; esac
	t0=$(now)
	if msg=$(setup_arch "$a"); then
		echo "$msg (setup $(elapsed "$t0" "$(now)") s)"
		ok_arches="$ok_arches $a"
	else
		echo "FAIL $a setup: $msg"
		failed=1
	fi
done
start=$(now)
for a in $ok_arches; do
	# not a pipeline: boot() must run in this shell, so that the traps see its namespace
	while IFS='|' read -r name cmd <&3; do
		want_scenario "$name" || continue
		case " $cmd " in
		*" gnvm_crash="*)
			if [ "$a" = x86_64 ]; then crash_scenario "$a" "$name" "${cmd#gnvm_crash=}"
			else echo "# $a $name: x86_64 only"; fi ;;
		*" gnvm_arch="*)
			case " $cmd " in
			*" gnvm_arch=$a "*) boot "$a" "$name" "$cmd" ;;
			*) echo "# $a $name: $(echo "$cmd" | sed 's/.*gnvm_arch=\([^ ]*\).*/\1/') only" ;;
			esac ;;
		*" gnvm_snapshot="*) snapshot_boot "$a" "$name" "$cmd" ;;
		*) boot "$a" "$name" "$cmd" ;;
		esac
	done 3<<EOF
$(scenarios)
EOF
done
if [ -s "$log/times" ]; then
	echo "# boot times: qemu = wall clock from qemu's start to its exit (s); init, done, poweroff ="
	echo "# kernel uptime when init started, when guestnet returned, at poweroff (s); run = guestnet's own run (ms)"
	printf '# %-8s %-18s %6s %6s %9s %9s %8s\n' arch scenario qemu init 'done' poweroff run
	sed 's/^/# /' "$log/times"
	echo "# all boots: $(elapsed "$start" "$(now)") s"
fi
exit $failed
