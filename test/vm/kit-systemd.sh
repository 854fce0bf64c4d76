#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test/vm/kit-systemd.sh -- boot a Debian systemd guest with the systemd kit
# (tools/kits/systemd/guestnet.service) and check it from inside and outside.
#
# Scenario kit-systemd (x86_64): a Debian 12 root built with mmdebstrap
# (variant essential + systemd, systemd-sysv, udev, systemd-resolved,
# iproute2, iputils-ping; /etc/resolv.conf the link to resolved's stub file,
# as Debian's systemd-resolved package makes it), guestnet at /usr/sbin
# (static musl), guestnet.service and the check unit
# test/vm/kit-systemd/gnkit-check.service enabled, made into an ext4 image
# without mounting it (mkfs.ext4 -d).  The package tarball and the image are
# cached in ${XDG_CACHE_HOME:-$HOME/.cache}/guestnet/kit-systemd, keyed by
# their inputs; the boot writes to a qemu snapshot, never to the cached image.
# The cached Debian cloud kernel (tools/vm/fetch-kernel.sh) boots with an
# initramfs whose /init (test/vm/kit-init.c) loads virtio_blk, ext4 and
# virtio_net, mounts /dev/vda and executes systemd.  MSB_* on the kernel
# command line; the NIC (MAC of MSB_NET, iface=eth0) is renamed by udev.
# The check unit prints GNKIT PASS/FAIL lines on the console and powers off;
# the host pings the guest from the namespace (gnks-PID, tap gnkstap0 holding the
# gateways 192.0.2.1/30 and 2001:db8::1/64).  Scenario kit-systemd-nomsb
# boots the same image without MSB_* values: the unit must be skipped by its
# conditions and resolved's link and stub mode stay.  Before the boots the
# unit must pass `systemd-analyze verify` without a message.  Output:
#   PASS x86_64 kit-systemd  /  FAIL x86_64 kit-systemd: why  (and -nomsb)
#   N passed, N failed
# GUESTNET_X86_64 names a prebuilt static guestnet.  GNVM_KEEP=1 keeps the
# logs.  GNKIT_ACCEL=kvm uses KVM (default TCG: on this project's hosts
# /dev/kvm exists but a KVM guest hangs without a console line).  Needs root (tap, namespaces, files owned by root in the image).
set -u
cd "$(dirname "$0")/../.." || exit 1
log=$(mktemp -d "${TMPDIR:-/tmp}/gnks-log.XXXXXX")
cache=${XDG_CACHE_HOME:-$HOME/.cache}/guestnet/kit-systemd
ns='' pingers='' work=''
passed=0 failed=0
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	for p in $pingers; do kill "$p" 2>/dev/null; done
	[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	[ -n "$work" ] && rm -rf "$work"
	if [ "${GNVM_KEEP:-0}" = 1 ]; then echo "logs kept in $log"; else rm -rf "$log"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
scen="kit-systemd kit-systemd-nomsb"
count() {	# NAME PASS|FAIL [why]: one counted line
	if [ "$2" = PASS ]; then echo "PASS x86_64 $1"; passed=$((passed + 1))
	else echo "FAIL x86_64 $1: $3"; failed=$((failed + 1)); fi
}
summary() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }
result() {	# FAIL why: the set-up failed, every scenario fails
	for n in $scen; do count "$n" FAIL "$2"; done
	summary
}

pkgs="qemu-system-x86 mmdebstrap e2fsprogs cpio kmod iproute2 iputils-ping gzip musl-tools"
# shellcheck disable=SC2086 # a list of names
tools/deps.sh $pkgs >&2 || result FAIL "tools/deps.sh $pkgs failed"
[ "$(id -u)" = 0 ] || result FAIL "needs root (tap devices, network namespaces)"
for n in $(ip netns list 2>/dev/null | awk '$1 ~ /^gnks-[0-9]+$/ { print $1 }'); do
	kill -0 "${n#gnks-}" 2>/dev/null || ip netns del "$n" 2>/dev/null
done
mkdir -p "$cache" || result FAIL "cannot create $cache"

# ---- guestnet, kernel, initramfs ----
gn=${GUESTNET_X86_64:-}
if [ -z "$gn" ]; then
	gn=$(tools/build.sh musl-static 2>"$log/build.err" | tail -n 1)
	{ [ -n "$gn" ] && [ -x "$gn" ]; } || result FAIL "tools/build.sh musl-static failed: $(tail -n 3 "$log/build.err")"
fi
tools/vm/musl-cc.sh x86_64 -std=c11 -static -Os -s -Wall -Wextra -Wpedantic -Werror \
	-o "$log/kit-init" test/vm/kit-init.c 2>"$log/init.err" ||
	result FAIL "building test/vm/kit-init.c failed: $(head -n 3 "$log/init.err")"
kdir=$(tools/vm/fetch-kernel.sh x86_64 2>"$log/kernel.err") ||
	result FAIL "fetching the kernel failed: $(tail -n 3 "$log/kernel.err")"
tools/vm/mkinitramfs.sh "$kdir" "$log/kit-init" "$gn" "$log/initramfs.gz" virtio_blk ext4 2>"$log/initramfs.err" ||
	result FAIL "building the initramfs failed: $(tail -n 3 "$log/initramfs.err")"

# ---- the root: packages (cached tarball), then the image (cached) ----
suite=bookworm mirror=http://deb.debian.org/debian
include=systemd,systemd-sysv,udev,systemd-resolved,iproute2,iputils-ping
mmopts="--format=tar --variant=essential --include=$include --dpkgopt=path-exclude=/usr/share/man/* --dpkgopt=path-exclude=/usr/share/doc/* --dpkgopt=path-exclude=/usr/share/locale/*"
tkey=$(printf '%s\n' "$suite" "$mirror" "$mmopts" "$(dpkg-query -W -f='${Version}' mmdebstrap)" | sha256sum | cut -c 1-16)
tar=$cache/root-$tkey.tar
t0=$(now)
if [ -f "$tar" ] && [ -s "$tar" ]; then
	echo "# root packages: cached $tar"
else
	echo "# root packages: mmdebstrap $suite $mmopts"
	# shellcheck disable=SC2086 # options
	mmdebstrap --quiet $mmopts "$suite" "$tar.tmp" "$mirror" >"$log/mmdebstrap.log" 2>&1 ||
		{ rm -f "$tar.tmp"; result FAIL "mmdebstrap failed: $(tail -n 3 "$log/mmdebstrap.log")"; }
	mv "$tar.tmp" "$tar"
	for old in "$cache"/root-*.tar; do [ "$old" = "$tar" ] || rm -f "$old"; done
fi
t1=$(now)
kit=tools/kits/systemd/guestnet.service
ikey=$({ printf '%s\n' "$tkey"; cat "$gn" "$kit" test/vm/kit-systemd/gnkit-check test/vm/kit-systemd/gnkit-check.service; } | sha256sum | cut -c 1-16)
img=$cache/image-$ikey.ext4
if [ -f "$img" ] && [ -s "$img" ]; then
	echo "# image: cached $img"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/gnks-root.XXXXXX")
	r=$work/root
	{ mkdir "$r" && tar -C "$r" -xf "$tar"; } || result FAIL "cannot unpack $tar"
	{ install -m 0755 "$gn" "$r/usr/sbin/guestnet" &&
	install -m 0644 "$kit" "$r/etc/systemd/system/guestnet.service" &&
	install -m 0644 test/vm/kit-systemd/gnkit-check.service "$r/etc/systemd/system/gnkit-check.service" &&
	install -D -m 0755 test/vm/kit-systemd/gnkit-check "$r/usr/local/sbin/gnkit-check" &&
	ln -sfn ../run/systemd/resolve/stub-resolv.conf "$r/etc/resolv.conf" &&
	echo kit-systemd > "$r/etc/hostname" &&
	echo 0123456789abcdef0123456789abcdef > "$r/etc/machine-id" &&
	systemctl --root="$r" --quiet enable guestnet.service gnkit-check.service systemd-resolved.service \
		>"$log/enable.log" 2>&1; } || result FAIL "cannot install the kit in the root: $(tail -n 3 "$log/enable.log")"
	kib=$(du -sk "$r" | cut -f 1)
	mkfs.ext4 -q -F -L gnkit -d "$r" "$img.tmp" "$((kib + 65536))k" >"$log/mkfs.log" 2>&1 ||
		{ rm -f "$img.tmp"; result FAIL "mkfs.ext4 -d failed: $(tail -n 3 "$log/mkfs.log")"; }
	mv "$img.tmp" "$img"
	rm -rf "$work"; work=
	for old in "$cache"/image-*.ext4; do [ "$old" = "$img" ] || rm -f "$old"; done
fi
t2=$(now)
echo "  time: root packages $(elapsed "$t0" "$t1") s, image $(elapsed "$t1" "$t2") s ($(du -k "$img" | cut -f 1) KiB used of $(($(wc -c < "$img") / 1024)) KiB)"

# ---- the unit itself: systemd-analyze verify (the host's systemd) ----
vr=$(mktemp -d "${TMPDIR:-/tmp}/gnks-verify.XXXXXX") || result FAIL "mktemp failed"
{ mkdir -p "$vr/usr/sbin" "$vr/etc/systemd/system" && install -m 0755 "$gn" "$vr/usr/sbin/guestnet" &&
	install -m 0644 "$kit" "$vr/etc/systemd/system/guestnet.service"; } || result FAIL "cannot make $vr"
vout=$(systemd-analyze verify --man=no --root="$vr" guestnet.service 2>&1); vrc=$?
rm -rf "$vr"
verify_bad=
if [ $vrc = 0 ] && [ -z "$vout" ]; then echo "  host: PASS systemd-analyze verify $kit: no message"
else verify_bad="systemd-analyze verify: status $vrc: $(echo "$vout" | head -n 3 | tr '\n' ' ')"; echo "  host: FAIL $verify_bad"; fi

# ---- the boots ----
MAC=02:00:00:00:00:01
CMD="MSB_NET=iface=eth0,mac=$MAC,mtu=1400 MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1"
CMD="$CMD MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1"
CMD="$CMD MSB_HOSTNAME=guest-01 MSB_HOST_ALIAS=host.test.internal"
accel=${GNKIT_ACCEL:-tcg}
case $accel in kvm) qemu_timeout=120 ;; *) qemu_timeout=300 ;; esac
tap=gnkstap0
host_ping() {	# ADDR OKFILE STOPFILE: ping from the namespace until it answers (bounded)
	i=0
	while [ $i -lt $((qemu_timeout * 10)) ] && [ ! -e "$3" ]; do
		if ip netns exec "$ns" ping -n -q -c 1 -W 0.5 "$1" >/dev/null 2>&1; then : > "$2"; return 0; fi
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}
boot() {	# NAME CMDLINE PING-ADDRESSES
	name=$1 cmd=$2 pings=$3 l=$log/$1
	ns=gnks-$$
	ip netns del "$ns" 2>/dev/null
	{ ip netns add "$ns" && ip -n "$ns" link set lo up && ip -n "$ns" tuntap add dev "$tap" mode tap &&
		ip -n "$ns" addr add 192.0.2.1/30 dev "$tap" && ip -n "$ns" addr add 2001:db8::1/64 dev "$tap" nodad &&
		ip -n "$ns" link set "$tap" up; } || { count "$name" FAIL "cannot set up namespace $ns"; return; }
	for p in $pings; do
		host_ping "$p" "$l.ok.$p" "$l.stop" &
		pingers="$pingers $!"
	done
	echo "# boot x86_64 $name ($accel): ${cmd:-no MSB_* values}"
	t3=$(now)
	ip netns exec "$ns" timeout -k 5 "$qemu_timeout" qemu-system-x86_64 -M q35 -accel "$accel" -m 512 -smp 2 \
		-nodefaults -no-reboot -display none -serial "file:$l.console" \
		-kernel "$kdir/boot/vmlinuz-$(cat "$kdir/kver")" -initrd "$log/initramfs.gz" \
		-append "console=ttyS0 loglevel=4 panic=-1 $cmd" \
		-drive "file=$img,format=raw,if=virtio,snapshot=on" \
		-netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" \
		-device "virtio-net-pci,romfile=,netdev=n0,mac=$MAC" \
		</dev/null >"$l.qemu" 2>&1
	rc=$?
	t4=$(now)
	: > "$l.stop"
	for p in $pingers; do wait "$p" 2>/dev/null; done
	pingers=
	ip netns del "$ns" 2>/dev/null; ns=

	tr -d '\r' < "$l.console" > "$l.log" 2>/dev/null
	sed -n 's/^.*\(GNKIT .*\)/  guest: \1/p' "$l.log"
	reason=$verify_bad
	[ $rc = 0 ] || reason="${reason:+$reason; }qemu exit status $rc$( [ $rc = 124 ] && echo " (timeout ${qemu_timeout} s)")"
	res=$(sed -n 's/^.*GNKIT RESULT //p' "$l.log")
	case $res in
	PASS*) ;;
	FAIL*) reason="${reason:+$reason; }guest checks failed (${res#FAIL }): $(sed -n 's/^.*GNKIT FAIL //p' "$l.log" | tr '\n' ';' | sed 's/;$//; s/;/; /g')" ;;
	*) reason="${reason:+$reason; }no result from the guest" ;;
	esac
	for p in $pings; do
		if [ -e "$l.ok.$p" ]; then echo "  host: PASS ping $p from namespace"
		else reason="${reason:+$reason; }host could not ping $p"; fi
	done
	echo "  time: $name: boot to poweroff $(elapsed "$t3" "$t4") s ($accel)"
	if [ -n "$reason" ]; then
		echo "  --- $name: console (CR removed) ---"
		sed 's/^/  | /' "$l.log"
		[ -s "$l.qemu" ] && sed 's/^/  | qemu: /' "$l.qemu"
		count "$name" FAIL "$reason"
	else
		count "$name" PASS
	fi
}
# the full configuration, udev renaming the NIC, systemd-resolved's link
boot kit-systemd "$CMD" "192.0.2.2 2001:db8::2"
# no MSB_* value: the unit is skipped by its conditions, the link stays
boot kit-systemd-nomsb "" ""
summary
