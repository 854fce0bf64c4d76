# SPDX-License-Identifier: Apache-2.0
# test/vm/kit-lib.sh -- sourced by the kit boots (kit-systemd.sh,
# kit-openrc.sh, kit-busybox.sh): the counted lines, the set-up (packages,
# root, stale namespaces), guestnet and the initramfs (test/vm/kit-init.c:
# load virtio_blk, ext4 and virtio_net, mount /dev/vda, exec its /sbin/init),
# a Debian root tarball made by mmdebstrap and an ext4 image made from a
# populated tree (mkfs.ext4 -d, no mounting), both cached under
# ${XDG_CACHE_HOME:-$HOME/.cache}/guestnet/KIT keyed by their inputs, and the
# boot: a tap in a namespace PREFIX-PID holding the gateways 192.0.2.1/30 and
# 2001:db8::1/64, the host pinging the guest meanwhile, the guest's
# "GNKIT PASS|FAIL what" lines and its "GNKIT RESULT PASS|FAIL ..." line read
# from the serial console.
#
# The caller sets, before sourcing: kl_kit (the cache directory's name),
# kl_prefix (the namespace prefix, gnk?), kl_scen (its scenario names), and
# may set kl_tcg_timeout (seconds a TCG boot may take, default 300).
# Then: kl_setup PKGS, kl_build, kl_root_tar INCLUDE (sets kl_tar, kl_tkey),
# kl_image KEY POPULATE (sets kl_img; POPULATE ROOTDIR fills the tree),
# kl_boot NAME CMDLINE PING-ADDRESSES, summary.  kl_fail_extra, when not
# empty, fails every boot with that reason (a host-side check).
# GUESTNET_X86_64 names a prebuilt static guestnet; GNVM_KEEP=1 keeps the
# logs; GNKIT_ACCEL=kvm uses KVM (default TCG).
# shellcheck shell=sh disable=SC2154 # kl_* are set by the sourcing script

kl_log=$(mktemp -d "${TMPDIR:-/tmp}/$kl_prefix-log.XXXXXX")
kl_cache=${XDG_CACHE_HOME:-$HOME/.cache}/guestnet/$kl_kit
kl_ns='' kl_pingers='' kl_work='' kl_fail_extra=''
passed=0 failed=0
# shellcheck disable=SC2317 # called by the EXIT trap
kl_cleanup() {
	for p in $kl_pingers; do kill "$p" 2>/dev/null; done
	[ -n "$kl_ns" ] && ip netns del "$kl_ns" 2>/dev/null
	[ -n "$kl_work" ] && rm -rf "$kl_work"
	if [ "${GNVM_KEEP:-0}" = 1 ]; then echo "logs kept in $kl_log"; else rm -rf "$kl_log"; fi
}
trap kl_cleanup EXIT
trap 'exit 130' INT TERM HUP
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
count() {	# NAME PASS|FAIL [why]: one counted line
	if [ "$2" = PASS ]; then echo "PASS x86_64 $1"; passed=$((passed + 1))
	else echo "FAIL x86_64 $1: $3"; failed=$((failed + 1)); fi
}
summary() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }
result() {	# FAIL why: the set-up failed, every scenario fails
	for n in $kl_scen; do count "$n" FAIL "$2"; done
	summary
}

kl_setup() {	# PKGS: the Debian packages, root, stale namespaces, the cache
	# shellcheck disable=SC2086 # a list of names
	tools/deps.sh $1 >&2 || result FAIL "tools/deps.sh $1 failed"
	[ "$(id -u)" = 0 ] || result FAIL "needs root (tap devices, network namespaces, files owned by root in the image)"
	for n in $(ip netns list 2>/dev/null | awk -v p="^$kl_prefix-[0-9]+\$" '$1 ~ p { print $1 }'); do
		kill -0 "${n#"$kl_prefix"-}" 2>/dev/null || ip netns del "$n" 2>/dev/null
	done
	mkdir -p "$kl_cache" || result FAIL "cannot create $kl_cache"
}

kl_build() {	# guestnet ($gn), the kernel ($kdir), the initramfs
	gn=${GUESTNET_X86_64:-}
	if [ -z "$gn" ]; then
		gn=$(tools/build.sh musl-static 2>"$kl_log/build.err" | tail -n 1)
		{ [ -n "$gn" ] && [ -x "$gn" ]; } || result FAIL "tools/build.sh musl-static failed: $(tail -n 3 "$kl_log/build.err")"
	fi
	tools/vm/musl-cc.sh x86_64 -std=c11 -static -Os -s -Wall -Wextra -Wpedantic -Werror \
		-o "$kl_log/kit-init" test/vm/kit-init.c 2>"$kl_log/init.err" ||
		result FAIL "building test/vm/kit-init.c failed: $(head -n 3 "$kl_log/init.err")"
	kdir=$(tools/vm/fetch-kernel.sh x86_64 2>"$kl_log/kernel.err") ||
		result FAIL "fetching the kernel failed: $(tail -n 3 "$kl_log/kernel.err")"
	tools/vm/mkinitramfs.sh "$kdir" "$kl_log/kit-init" "$gn" "$kl_log/initramfs.gz" virtio_blk ext4 2>"$kl_log/initramfs.err" ||
		result FAIL "building the initramfs failed: $(tail -n 3 "$kl_log/initramfs.err")"
}

kl_root_tar() {	# INCLUDE: Debian 12 (variant essential + INCLUDE) as a tarball, cached
	suite=bookworm mirror=http://deb.debian.org/debian
	mmopts="--format=tar --variant=essential --include=$1 --dpkgopt=path-exclude=/usr/share/man/* --dpkgopt=path-exclude=/usr/share/doc/* --dpkgopt=path-exclude=/usr/share/locale/*"
	kl_tkey=$(printf '%s\n' "$suite" "$mirror" "$mmopts" "$(dpkg-query -W -f='${Version}' mmdebstrap)" | sha256sum | cut -c 1-16)
	kl_tar=$kl_cache/root-$kl_tkey.tar
	t0=$(now)
	if [ -f "$kl_tar" ] && [ -s "$kl_tar" ]; then
		echo "# root packages: cached $kl_tar"
	else
		echo "# root packages: mmdebstrap $suite $mmopts"
		# shellcheck disable=SC2086 # options
		mmdebstrap --quiet $mmopts "$suite" "$kl_tar.tmp" "$mirror" >"$kl_log/mmdebstrap.log" 2>&1 ||
			{ rm -f "$kl_tar.tmp"; result FAIL "mmdebstrap failed: $(tail -n 3 "$kl_log/mmdebstrap.log")"; }
		mv "$kl_tar.tmp" "$kl_tar"
		for old in "$kl_cache"/root-*.tar; do [ "$old" = "$kl_tar" ] || rm -f "$old"; done
	fi
	echo "  time: root packages $(elapsed "$t0" "$(now)") s"
}

kl_image() {	# KEY POPULATE: the ext4 image of the tree POPULATE ROOTDIR makes, cached by KEY
	kl_img=$kl_cache/image-$1.ext4
	t1=$(now)
	if [ -f "$kl_img" ] && [ -s "$kl_img" ]; then
		echo "# image: cached $kl_img"
	else
		kl_work=$(mktemp -d "${TMPDIR:-/tmp}/$kl_prefix-root.XXXXXX") || result FAIL "mktemp failed"
		mkdir "$kl_work/root" || result FAIL "cannot create $kl_work/root"
		"$2" "$kl_work/root" || result FAIL "cannot populate the root: $(tail -n 3 "$kl_log/populate.log" 2>/dev/null)"
		kib=$(du -sk "$kl_work/root" | cut -f 1)
		mkfs.ext4 -q -F -L gnkit -d "$kl_work/root" "$kl_img.tmp" "$((kib + 65536))k" >"$kl_log/mkfs.log" 2>&1 ||
			{ rm -f "$kl_img.tmp"; result FAIL "mkfs.ext4 -d failed: $(tail -n 3 "$kl_log/mkfs.log")"; }
		mv "$kl_img.tmp" "$kl_img"
		rm -rf "$kl_work"; kl_work=
		for old in "$kl_cache"/image-*.ext4; do [ "$old" = "$kl_img" ] || rm -f "$old"; done
	fi
	echo "  time: image $(elapsed "$t1" "$(now)") s ($(du -k "$kl_img" | cut -f 1) KiB used of $(($(wc -c < "$kl_img") / 1024)) KiB)"
}

# The guest's configuration: the same for every kit.
MAC=02:00:00:00:00:01
CMD="MSB_NET=iface=eth0,mac=$MAC,mtu=1400 MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1"
CMD="$CMD MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1"
CMD="$CMD MSB_HOSTNAME=guest-01 MSB_HOST_ALIAS=host.test.internal"
kl_accel=${GNKIT_ACCEL:-tcg}
case $kl_accel in kvm) kl_timeout=120 ;; *) kl_timeout=${kl_tcg_timeout:-300} ;; esac

kl_host_ping() {	# ADDR OKFILE STOPFILE: ping from the namespace until it answers (bounded)
	i=0
	while [ $i -lt $((kl_timeout * 10)) ] && [ ! -e "$3" ]; do
		if ip netns exec "$kl_ns" ping -n -q -c 1 -W 0.5 "$1" >/dev/null 2>&1; then : > "$2"; return 0; fi
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}

kl_boot() {	# NAME CMDLINE PING-ADDRESSES
	name=$1 cmd=$2 pings=$3 l=$kl_log/$1 tap=${kl_prefix}tap0
	kl_ns=$kl_prefix-$$
	ip netns del "$kl_ns" 2>/dev/null
	{ ip netns add "$kl_ns" && ip -n "$kl_ns" link set lo up && ip -n "$kl_ns" tuntap add dev "$tap" mode tap &&
		ip -n "$kl_ns" addr add 192.0.2.1/30 dev "$tap" && ip -n "$kl_ns" addr add 2001:db8::1/64 dev "$tap" nodad &&
		ip -n "$kl_ns" link set "$tap" up; } || { count "$name" FAIL "cannot set up namespace $kl_ns"; return; }
	for p in $pings; do
		kl_host_ping "$p" "$l.ok.$p" "$l.stop" &
		kl_pingers="$kl_pingers $!"
	done
	echo "# boot x86_64 $name ($kl_accel): ${cmd:-no MSB_* values}"
	t3=$(now)
	ip netns exec "$kl_ns" timeout -k 5 "$kl_timeout" qemu-system-x86_64 -M q35 -accel "$kl_accel" -m 512 -smp 2 \
		-nodefaults -no-reboot -display none -serial "file:$l.console" \
		-kernel "$kdir/boot/vmlinuz-$(cat "$kdir/kver")" -initrd "$kl_log/initramfs.gz" \
		-append "console=ttyS0 loglevel=4 panic=-1 $cmd" \
		-drive "file=$kl_img,format=raw,if=virtio,snapshot=on" \
		-netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" \
		-device "virtio-net-pci,romfile=,netdev=n0,mac=$MAC" \
		</dev/null >"$l.qemu" 2>&1
	rc=$?
	t4=$(now)
	: > "$l.stop"
	for p in $kl_pingers; do wait "$p" 2>/dev/null; done
	kl_pingers=
	ip netns del "$kl_ns" 2>/dev/null; kl_ns=

	tr -d '\r' < "$l.console" > "$l.log" 2>/dev/null
	sed -n 's/^.*\(GNKIT .*\)/  guest: \1/p' "$l.log"
	reason=$kl_fail_extra
	[ $rc = 0 ] || reason="${reason:+$reason; }qemu exit status $rc$( [ $rc = 124 ] && echo " (timeout ${kl_timeout} s)")"
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
	echo "  time: $name: boot to poweroff $(elapsed "$t3" "$t4") s ($kl_accel)"
	if [ -n "$reason" ]; then
		echo "  --- $name: console (CR removed) ---"
		sed 's/^/  | /' "$l.log"
		[ -s "$l.qemu" ] && sed 's/^/  | qemu: /' "$l.qemu"
		count "$name" FAIL "$reason"
	else
		count "$name" PASS
	fi
}
