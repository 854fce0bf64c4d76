#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# mkinitramfs.sh KDIR INIT GUESTNET OUT [MODULE...] -- build the VM test initramfs.
#
# KDIR is a kernel tree from fetch-kernel.sh.  The archive (cpio newc, gzip)
# holds /init, /guestnet, the virtio modules that a virtio-net NIC on PCI or
# MMIO and a virtio-serial port (virtio_console, for the snapshot-restore
# scenario's handoff) need, in load order, under /modules (listed in
# /modules/order, virtio_net last), empty /proc /sys /dev, and an /etc whose
# resolv.conf is a dangling symlink, as in many images.  MODULEs (for the
# crash scenarios: virtio_blk ext4 xfs) are added with their dependencies,
# before virtio_net; a built-in one is skipped.  No device nodes: init
# mounts devtmpfs.  Needs no root: owners are set to 0 inside the archive.
set -eu
kdir=${1:?usage: mkinitramfs.sh KDIR INIT GUESTNET OUT [MODULE...]} init=${2:?} guestnet=${3:?} out=${4:?}
shift 4
kver=$(cat "$kdir/kver")
root=$(mktemp -d "${TMPDIR:-/tmp}/gnvm-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/etc" "$root/modules"
chmod 0755 "$root" "$root/etc"
install -m 0755 "$init" "$root/init"
install -m 0755 "$guestnet" "$root/guestnet"
ln -s ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"

# modprobe prints the insmod lines of each module's dependencies first
: > "$root/modules/order"
for m in $(/sbin/modprobe -d "$kdir" -S "$kver" -a --show-depends virtio_pci virtio_mmio virtio_console "$@" virtio_net |
	awk '$1 == "insmod" { print $2 }'); do
	b=$(basename "$m")
	b=${b%.xz} b=${b%.zst} b=${b%.gz}
	grep -qx "$b" "$root/modules/order" && continue
	case $m in
	*.xz) xz -dc "$m" > "$root/modules/$b" ;;
	*.zst) zstd -qdc "$m" > "$root/modules/$b" ;;
	*.gz) gzip -dc "$m" > "$root/modules/$b" ;;
	*) cp "$m" "$root/modules/$b" ;;
	esac
	echo "$b" >> "$root/modules/order"
done
grep -qx virtio_net.ko "$root/modules/order" || { echo "mkinitramfs.sh: virtio_net not found in $kdir" >&2; exit 1; }
# virtio_net last: the --wait scenario loads it after guestnet has started
{ grep -vx virtio_net.ko "$root/modules/order"; echo virtio_net.ko; } > "$root/modules/order.new"
mv "$root/modules/order.new" "$root/modules/order"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9n) > "$out.tmp"
mv "$out.tmp" "$out"
