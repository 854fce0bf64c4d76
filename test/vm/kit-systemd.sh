#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test/vm/kit-systemd.sh -- boot a Debian systemd guest with the systemd kit
# (tools/kits/systemd/guestnet.service) and check it from inside and outside.
#
# Scenario kit-systemd (x86_64): a Debian 12 root built with mmdebstrap
# (variant essential + systemd, systemd-sysv, udev, systemd-resolved,
# iproute2, iputils-ping; /etc/resolv.conf the link to resolved's stub file,
# as Debian's systemd-resolved package makes it), guestnet at /usr/sbin
# (static musl), guestnet.service installed by `make install-kits KIT=systemd
# PREFIX=/usr` (so /usr/lib/systemd/system, ExecStart=/usr/sbin) and the
# check unit
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
# unit must pass `systemd-analyze verify` without a message; so must the
# mkinitcpio kit's units for a systemd initrd (counted line
# mkinitcpio-units-verify).  Output:
#   PASS x86_64 kit-systemd  /  FAIL x86_64 kit-systemd: why  (and -nomsb)
#   N passed, N failed
# GUESTNET_X86_64 names a prebuilt static guestnet.  GNVM_KEEP=1 keeps the
# logs.  GNKIT_ACCEL=kvm uses KVM (default TCG: on this project's hosts
# /dev/kvm exists but a KVM guest hangs without a console line).  Needs root (tap, namespaces, files owned by root in the image).
set -u
cd "$(dirname "$0")/../.." || exit 1
kl_kit=kit-systemd kl_prefix=gnks kl_scen="kit-systemd kit-systemd-nomsb"
# shellcheck source=test/vm/kit-lib.sh
. test/vm/kit-lib.sh

kl_setup "qemu-system-x86 mmdebstrap e2fsprogs cpio kmod iproute2 iputils-ping gzip musl-tools make"
kl_build
kl_root_tar systemd,systemd-sysv,udev,systemd-resolved,iproute2,iputils-ping

kit=tools/kits/systemd/guestnet.service
# shellcheck disable=SC2317 # called by kl_image
populate() {	# ROOTDIR
	r=$1
	{ tar -C "$r" -xf "$kl_tar" &&
	make -s install-kits KIT=systemd PREFIX=/usr DESTDIR="$r" &&
	install -m 0755 "$gn" "$r/usr/sbin/guestnet" &&
	install -m 0644 test/vm/kit-systemd/gnkit-check.service "$r/etc/systemd/system/gnkit-check.service" &&
	install -D -m 0755 test/vm/kit-systemd/gnkit-check "$r/usr/local/sbin/gnkit-check" &&
	install -D -m 0644 test/vm/kit-check.sh "$r/usr/local/lib/gnkit/check.sh" &&
	ln -sfn ../run/systemd/resolve/stub-resolv.conf "$r/etc/resolv.conf" &&
	echo kit-systemd > "$r/etc/hostname" &&
	echo 0123456789abcdef0123456789abcdef > "$r/etc/machine-id" &&
	systemctl --root="$r" --quiet enable guestnet.service gnkit-check.service systemd-resolved.service; } \
		>"$kl_log/populate.log" 2>&1
}
ikey=$({ printf '%s\n' "$kl_tkey"; cat "$gn" "$kit" test/vm/kit-systemd/gnkit-check test/vm/kit-systemd/gnkit-check.service \
	test/vm/kit-check.sh test/vm/kit-systemd.sh; } | sha256sum | cut -c 1-16)
kl_image "$ikey" populate

# ---- the unit itself: systemd-analyze verify (the host's systemd) ----
vr=$(mktemp -d "${TMPDIR:-/tmp}/gnks-verify.XXXXXX") || result FAIL "mktemp failed"
{ mkdir -p "$vr/usr/sbin" "$vr/etc/systemd/system" && install -m 0755 "$gn" "$vr/usr/sbin/guestnet" &&
	install -m 0644 "$kit" "$vr/etc/systemd/system/guestnet.service"; } || result FAIL "cannot make $vr"
vout=$(systemd-analyze verify --man=no --root="$vr" guestnet.service 2>&1); vrc=$?
rm -rf "$vr"
kl_fail_extra=
if [ $vrc = 0 ] && [ -z "$vout" ]; then echo "  host: PASS systemd-analyze verify $kit: no message"
else kl_fail_extra="systemd-analyze verify: status $vrc: $(echo "$vout" | head -n 3 | tr '\n' ' ')"; echo "  host: FAIL $kl_fail_extra"; fi

# ---- the mkinitcpio kit's units for a systemd-based initrd (not booted:
# Debian has no mkinitcpio): systemd-analyze verify, the binaries they run
# present as stubs ----
vr=$(mktemp -d "${TMPDIR:-/tmp}/gnks-verify.XXXXXX") || result FAIL "mktemp failed"
units="guestnet-initrd.service guestnet-sysroot.service guestnet-sysroot-rw.service"
mkdir -p "$vr/usr/bin" "$vr/etc/systemd/system" || result FAIL "cannot make $vr"
for b in guestnet mount mkdir udevadm; do install -m 0755 "$gn" "$vr/usr/bin/$b" || result FAIL "cannot make $vr"; done
for u in $units; do
	install -m 0644 "tools/kits/mkinitcpio/systemd/$u" "$vr/etc/systemd/system/$u" || result FAIL "cannot make $vr"
done
# shellcheck disable=SC2086 # the unit names
vout=$(systemd-analyze verify --man=no --root="$vr" $units 2>&1); vrc=$?
rm -rf "$vr"
if [ $vrc = 0 ] && [ -z "$vout" ]; then count "mkinitcpio-units-verify" PASS
else count "mkinitcpio-units-verify" FAIL "systemd-analyze verify: status $vrc: $(echo "$vout" | head -n 3 | tr '\n' ' ')"; fi

# ---- the boots ----
# the full configuration, udev renaming the NIC, systemd-resolved's link
kl_boot kit-systemd "$CMD" "192.0.2.2 2001:db8::2"
# no MSB_* value: the unit is skipped by its conditions, the link stays
kl_boot kit-systemd-nomsb "" ""
summary
