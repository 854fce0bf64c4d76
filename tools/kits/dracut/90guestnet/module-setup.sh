#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# dracut module for guestnet.  `make install-kits` installs this directory as
# /usr/lib/dracut/modules.d/90guestnet/ (module-setup.sh and guestnet.sh,
# mode 0755); then rebuild the initrd with the module added
# (dracut -f --add guestnet, or add_dracutmodules+=" guestnet " in a file
# under /etc/dracut.conf.d/).
#
# GUESTNET_BIN names the binary to install (default /usr/sbin/guestnet), for a
# build that is not installed, e.g. GUESTNET_BIN=./guestnet dracut ...
# When it is missing (the binary removed, the kit and the configuration left
# behind) the module warns and installs nothing: dracut must go on building
# initrds, for kernel upgrades too, so neither check() nor install() fails.
gn_bin() { echo "${GUESTNET_BIN:-/usr/sbin/guestnet}"; }

# opt in: included only when asked for (--add guestnet, add_dracutmodules+=" guestnet ")
check() {
	[ -x "$(gn_bin)" ] ||
		dwarn "guestnet: $(gn_bin) is not an executable file: the initrd gets no guestnet"
	return 255
}

depends() {
	# mount and a shell are in base; the hook remounts /sysroot
	echo base
	return 0
}

installkernel() {
	# Debian's cloud kernels build the virtio drivers as modules and have
	# CONFIG_IP_PNP off.  virtio_pci: QEMU's pc/q35, cloud-hypervisor;
	# virtio_mmio: Firecracker, QEMU's microvm machine, libkrun; virtio_net
	# over either.  instmods adds each module's dependencies (failover,
	# net_failover); udev loads them by their devices' aliases (virtio_mmio
	# without ACPI: see install()).
	instmods virtio_net virtio_pci virtio_mmio
}

install() {
	[ -x "$(gn_bin)" ] || return 0
	inst_binary "$(gn_bin)" /usr/sbin/guestnet
	# A VMM without ACPI (Firecracker, QEMU's microvm with acpi=off) names
	# its virtio-mmio devices on the kernel command line (virtio_mmio.device=),
	# which no udev alias matches: the kernel-modules module's cmdline hook
	# loads the driver (as dracut --force-drivers does), and its devices'
	# aliases bring virtio_net.
	mkdir -p "${initdir:?}/etc/cmdline.d"
	echo "rd.driver.pre=virtio_mmio" > "${initdir:?}/etc/cmdline.d/90guestnet.conf"
	# The kernel's ip= family is dracut's own when one of its network modules
	# is in the image (they configure it in the initrd, from the same command
	# line): the hook then leaves ip= to them and acts on MSB_* values only.
	local m
	for m in network network-legacy network-manager systemd-networkd network-wicked connman; do
		if dracut_module_included "$m"; then
			mkdir -p "${initdir:?}/usr/lib/guestnet"
			echo "$m" > "${initdir:?}/usr/lib/guestnet/dracut-network"
			break
		fi
	done
	# shellcheck disable=SC2154 # moddir is set by dracut
	inst_hook pre-pivot 50 "$moddir/guestnet.sh"
}
