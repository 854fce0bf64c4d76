#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test/vm/kit-busybox.sh -- boot a guest whose init is Debian's busybox-static
# with the busybox kit's inittab lines (tools/kits/busybox/inittab), and
# check it from inside and outside.
#
# Scenario kit-busybox (x86_64): a root of the host's busybox-static
# (/bin/busybox, its applets as links, /sbin/init among them), /dev/console
# and /dev/null, and an /etc/inittab made of the kit's lines as
# `make install-kits KIT=busybox SBINDIR=/sbin` installs them (guestnet at
# /sbin, static musl), then the check test/vm/kit-busybox/gnkit-check as the
# last ::sysinit: line (it powers off).  No device manager: the initramfs
# (test/vm/kit-init.c) loaded virtio_net, the NIC keeps its name eth0.
# The boot, the namespace (gnkb-PID) and the image cache
# (~/.cache/guestnet/kit-busybox, keyed by busybox, guestnet, the kit, the
# checks and this script) are test/vm/kit-lib.sh's.
# Output: PASS x86_64 kit-busybox / FAIL x86_64 kit-busybox: why, then
# "N passed, N failed".  Needs root.
set -u
cd "$(dirname "$0")/../.." || exit 1
kl_kit=kit-busybox kl_prefix=gnkb kl_scen="kit-busybox"
# shellcheck source=test/vm/kit-lib.sh
. test/vm/kit-lib.sh

kl_setup "qemu-system-x86 busybox-static e2fsprogs cpio kmod iproute2 iputils-ping gzip musl-tools make"
kl_build
bb=/bin/busybox

# shellcheck disable=SC2317 # called by kl_image
populate() {	# ROOTDIR
	r=$1
	{ mkdir -p "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/etc" "$r/proc" "$r/sys" \
		"$r/dev" "$r/run" "$r/tmp" "$r/root" &&
	install -m 0755 "$bb" "$r/bin/busybox" &&
	for a in $("$bb" --list-full); do
		[ -e "$r/$a" ] || ln -s /bin/busybox "$r/$a" || return 1
	done &&
	mknod -m 0600 "$r/dev/console" c 5 1 && mknod -m 0666 "$r/dev/null" c 1 3 &&
	make -s install-kits KIT=busybox SBINDIR=/sbin KITS_DOC_DIR=/kit DESTDIR="$r/tmp" &&
	install -m 0755 "$gn" "$r/sbin/guestnet" &&
	{ cat "$r/tmp/kit/busybox/inittab" && echo '::sysinit:/usr/local/sbin/gnkit-check'; } > "$r/etc/inittab" &&
	rm -rf "$r/tmp/kit" &&
	install -D -m 0755 test/vm/kit-busybox/gnkit-check "$r/usr/local/sbin/gnkit-check" &&
	install -D -m 0644 test/vm/kit-check.sh "$r/usr/local/lib/gnkit/check.sh" &&
	echo kit-busybox > "$r/etc/hostname"; } >"$kl_log/populate.log" 2>&1
}
ikey=$({ cat "$bb" "$gn" tools/kits/busybox/inittab test/vm/kit-busybox/gnkit-check test/vm/kit-check.sh test/vm/kit-busybox.sh; } |
	sha256sum | cut -c 1-16)
kl_image "$ikey" populate

kl_boot kit-busybox "$CMD" "192.0.2.2 2001:db8::2"
summary
