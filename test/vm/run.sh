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

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	for p in $pingers; do kill "$p" 2>/dev/null; done
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
EOF
}

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
ns_up() {
	ns=gnvm-$$-$1
	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" &&
	ip -n "$ns" link set lo up &&
	ip -n "$ns" tuntap add dev "$tap" mode tap &&
	ip -n "$ns" addr add 192.0.2.1/30 dev "$tap" &&
	ip -n "$ns" addr add 2001:db8::1/64 dev "$tap" nodad &&
	ip -n "$ns" link set "$tap" up
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
	want_rc=0 ping4='' ping6='' reason=''
	for w in $cmd; do
		case $w in
		gnvm_rc=*) want_rc=${w#gnvm_rc=} ;;
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
	ns_up "$a" || { echo "FAIL $a $name: cannot set up namespace $ns"; ns_down; return; }
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
		-device "virtio-net-pci,romfile=,netdev=n0,mac=52:54:00:12:34:56" \
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
	FAIL*) reason="${reason:+$reason; }guest checks failed (${result#FAIL })" ;;
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
		boot "$a" "$name" "$cmd"
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
