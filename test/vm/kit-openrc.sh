#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test/vm/kit-openrc.sh -- boot a Debian guest whose rc is Debian's openrc
# package with the OpenRC kit (tools/kits/openrc), and check it from inside
# and outside.
#
# Scenario kit-openrc (x86_64): a Debian 12 root built with mmdebstrap
# (variant essential + openrc, sysvinit-core (the /sbin/init whose inittab
# calls openrc), udev, kmod, iproute2, iputils-ping), the kit installed by
# `make install-kits KIT=openrc SBINDIR=/usr/sbin DESTDIR=root` with guestnet
# at /usr/sbin (static musl), added to the sysinit runlevel (Debian's OpenRC
# runs the sysvinit scripts there: udev, mountall.sh, networking), and the
# check service test/vm/kit-openrc/gnkit-check.initd in the default runlevel;
# the sysinit services a VM test does not need (hwclock, urandom, cgroups,
# nfs, ...) removed to keep the TCG boot short, udev, checkroot.sh,
# mountall.sh, hostname.sh and kmod kept.  A TCG boot may take 600 s (a
# loaded 2-core host took over 300).
# The boot, the namespace (gnko-PID) and the image cache
# (~/.cache/guestnet/kit-openrc, the tarball keyed by the package list, the
# image by the tarball, guestnet, the kit, the checks and this script) are
# test/vm/kit-lib.sh's.  udev renames the NIC (eth0 -> enp0s*): guestnet
# finds it by its MAC.  Scenario kit-openrc-nomsb boots without MSB_* values:
# the service starts, changes nothing, and the image's hostname stays.
# Output: PASS x86_64 kit-openrc / FAIL x86_64 kit-openrc: why (and
# -nomsb), then "N passed, N failed".  Needs root.
set -u
cd "$(dirname "$0")/../.." || exit 1
kl_kit=kit-openrc kl_prefix=gnko kl_scen="kit-openrc" kl_tcg_timeout=600
# shellcheck source=test/vm/kit-lib.sh
. test/vm/kit-lib.sh

kl_setup "qemu-system-x86 mmdebstrap e2fsprogs cpio kmod iproute2 iputils-ping gzip musl-tools make"
kl_build
kl_root_tar openrc,sysvinit-core,udev,kmod,iproute2,iputils-ping

# shellcheck disable=SC2317 # called by kl_image
populate() {	# ROOTDIR
	r=$1
	{ tar -C "$r" -xf "$kl_tar" &&
	make -s install-kits KIT=openrc SBINDIR=/usr/sbin DESTDIR="$r" &&
	install -m 0755 "$gn" "$r/usr/sbin/guestnet" &&
	ln -s /etc/init.d/guestnet "$r/etc/runlevels/sysinit/guestnet" &&
	install -m 0755 test/vm/kit-openrc/gnkit-check.initd "$r/etc/init.d/gnkit-check" &&
	ln -s /etc/init.d/gnkit-check "$r/etc/runlevels/default/gnkit-check" &&
	install -D -m 0755 test/vm/kit-openrc/gnkit-check "$r/usr/local/sbin/gnkit-check" &&
	install -D -m 0644 test/vm/kit-check.sh "$r/usr/local/lib/gnkit/check.sh" &&
	sed -i '/getty/d' "$r/etc/inittab" &&
	for s in brightness cgroups hwclock.sh urandom bootmisc.sh checkfs.sh mount-configfs \
		mountnfs.sh mountnfs-bootclean.sh; do rm -f "$r/etc/runlevels/sysinit/$s" || return 1; done &&
	for s in bootlogs rc.local rmnologin; do rm -f "$r/etc/runlevels/default/$s" || return 1; done &&
	echo 'GUESTNET_OPTS="--verbose"' >> "$r/etc/conf.d/guestnet" &&
	echo kit-openrc > "$r/etc/hostname"; } >"$kl_log/populate.log" 2>&1
}
ikey=$({ printf '%s\n' "$kl_tkey"; cat "$gn" tools/kits/openrc/guestnet tools/kits/openrc/guestnet.confd \
	test/vm/kit-openrc/gnkit-check test/vm/kit-openrc/gnkit-check.initd test/vm/kit-check.sh test/vm/kit-openrc.sh; } |
	sha256sum | cut -c 1-16)
kl_image "$ikey" populate

# the full configuration, udev renaming the NIC
kl_boot kit-openrc "$CMD" "192.0.2.2 2001:db8::2"
summary
