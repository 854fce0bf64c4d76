# SPDX-License-Identifier: Apache-2.0
# tools/bench/dirtyfs.sh: sourced by tools/bench.sh and test/flush.sh (issue
# 18). A loop-mounted ext4 in a temporary image file, and another writer's
# data left dirty on it, so that a run's flush can be measured against what
# it must not wait for: guestnet fsyncs its own three files, and a
# whole-file-system flush (syncfs, sync) would write the other data first.
# Needs root, e2fsprogs (mkfs.ext4) and util-linux (mount, findmnt).

# dirtyfs_make IMAGE MNT MB: a sparse image of 4 x MB + 256 MiB holding a
# fresh ext4 (default options: journal, delayed allocation), mounted on MNT
# through a loop device. Roomy on purpose: ext4 writes its delayed
# allocations back at once when they come near its free space (dirty
# clusters over 2/3 of the free ones, ext4_nonda_switch()), which would make
# every run wait for the other writer's data for a reason of its own.
dirtyfs_make() {
	truncate -s "$((4 * $3 + 256))M" "$1" && mkfs.ext4 -q -F "$1" &&
		mkdir -p "$2" && mount -o loop "$1" "$2"
}

# dirtyfs_dirty MNT MB: MB MiB written to MNT/noise by dd, with no flush of
# any kind: the data stays dirty in the page cache (the kernel writes it
# back after vm.dirty_expire_centisecs, 30 s by default).
dirtyfs_dirty() {
	dd if=/dev/zero of="$1/noise" bs=1M count="$2" status=none
}

# dirtyfs_clean MNT: the noise removed (its dirty pages are dropped, not
# written) and the file system flushed, ready for an idle run.
dirtyfs_clean() {
	rm -f "$1/noise" && sync -f "$1"
}

# dirtyfs_written MNT: KiB written so far to the block device under MNT
# (the loop device's sectors written, /sys/block/loopN/stat field 7).
dirtyfs_written() {
	local dev
	dev=$(findmnt -n -o SOURCE --target "$1") || return 1
	awk '{ print int($7 / 2) }' "/sys/block/${dev##*/}/stat"
}

# dirtyfs_remove IMAGE MNT: unmounted (the loop device goes with it) and the
# image removed.
dirtyfs_remove() {
	mountpoint -q "$2" 2>/dev/null && umount "$2"
	rm -f "$1"
}
