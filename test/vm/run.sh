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
# ARCH: x86_64 and/or aarch64 (default both).  GNVM_SCENARIOS="full wait"
# runs only those.  GUESTNET_X86_64 / GUESTNET_AARCH64 name a prebuilt static
# guestnet instead of `tools/build.sh musl-static` / `aarch64-musl-static`.
# GNVM_KEEP=1 keeps the logs (their directory is printed).
# Needs root (tap devices, network namespaces).
set -u
cd "$(dirname "$0")/../.." || exit 1
arches=${*:-x86_64 aarch64}
qemu_timeout=90          # per boot; the outer bound
log=$(mktemp -d "${TMPDIR:-/tmp}/gnvm-log.XXXXXX")
ns=
pingers=
bgs=            # qemu (its timeout process) and monitor readers of snapshot-restore

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	for p in $pingers $bgs; do kill "$p" 2>/dev/null; done
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
EOF
}
# snapshot-restore: identity A on the kernel command line; after the restore,
# identity B in one line on the virtio-serial port gnvm.ctl
SNAP_A="MSB_NET=iface=eth0,mac=$MAC MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1"
SNAP_A="$SNAP_A MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1 MSB_HOSTNAME=guest-a"
SNAP_B="MSB_NET=iface=eth0,mac=02:00:00:00:00:02 MSB_NET_IPV4=addr=198.51.100.2/24,gw=198.51.100.1"
SNAP_B="$SNAP_B MSB_NET_IPV6=addr=2001:db8:1::2/64,gw=2001:db8:1::1 MSB_HOSTNAME=guest-b"

# ---- setup: packages, kernels, guestnet, init, initramfs ----
pkgs="qemu-system-x86 qemu-system-arm cpio kmod iputils-ping iproute2 gzip util-linux musl-tools gcc-aarch64-linux-gnu"
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
	echo "# $a: kernel $(cat "$kdir/kver"), guestnet $gn ($(wc -c < "$gn") bytes)," \
		"initramfs $(wc -c < "$out/initramfs.gz") bytes, modules: $(zcat "$out/initramfs.gz" |
		cpio -i --quiet --to-stdout modules/order 2>/dev/null | tr '\n' ' ')"
}

# ---- one boot ----
tap=gnvmtap0
ns_up() {	# NAME [TAP ADDR4 ADDR6]: namespace $ns, a tap holding the gateways
	ns=$1 t=${2:-$tap}
	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" &&
	ip -n "$ns" link set lo up &&
	ip -n "$ns" tuntap add dev "$t" mode tap &&
	ip -n "$ns" addr add "${3:-192.0.2.1/30}" dev "$t" &&
	ip -n "$ns" addr add "${4:-2001:db8::1/64}" dev "$t" nodad &&
	ip -n "$ns" link set "$t" up
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
	want_rc=0 ping4='' ping6='' reason='' nicmac=52:54:00:12:34:56
	for w in $cmd; do
		case $w in
		gnvm_rc=*) want_rc=${w#gnvm_rc=} ;;
		gnvm_nicmac=*) nicmac=${w#gnvm_nicmac=} ;;
		MSB_NET_IPV4=*) ping4=$(echo "$w" | sed 's/.*addr=\([^/,]*\).*/\1/') ;;
		MSB_NET_IPV6=*) ping6=$(echo "$w" | sed 's/.*addr=\([^/,]*\).*/\1/') ;;
		esac
	done
	case " $cmd " in *" ipv6.disable=1 "*) ping6= ;; esac
	[ "$want_rc" = 0 ] || ping4='' ping6=''

	case $a in
	x86_64) q="qemu-system-x86_64 -M q35"; con=ttyS0 ;;
	aarch64) q="qemu-system-aarch64 -M virt -cpu cortex-a57"; con=ttyAMA0 ;;
	esac
	echo "# boot $a $name: $cmd"
	ns_up "gnvm-$$-$a" || { echo "FAIL $a $name: cannot set up namespace $ns"; ns_down; return; }
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
		-device "virtio-net-pci,romfile=,netdev=n0,mac=$nicmac" \
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
		if [ -n "${GNVM_SCENARIOS:-}" ]; then
			case " $GNVM_SCENARIOS " in *" $name "*) ;; *) continue ;; esac
		fi
		case " $cmd " in
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
