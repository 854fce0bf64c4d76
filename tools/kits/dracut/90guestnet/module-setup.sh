#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# dracut module for guestnet: copy this directory to
# /usr/lib/dracut/modules.d/90guestnet/ (module-setup.sh and guestnet.sh,
# mode 0755), then rebuild the initrd (dracut -f).
#
# GUESTNET_BIN names the binary to install (default /usr/sbin/guestnet), for a
# build that is not installed, e.g. GUESTNET_BIN=./guestnet dracut ...

# opt in: included only when asked for (--add guestnet, add_dracutmodules+=" guestnet ")
check() {
	require_binaries "${GUESTNET_BIN:-/usr/sbin/guestnet}" || return 1
	return 255
}

depends() {
	# mount and a shell are in base; the hook remounts /sysroot
	echo base
	return 0
}

installkernel() {
	# Debian's cloud kernels build virtio_net as a module and have CONFIG_IP_PNP
	# off; instmods adds each module's dependencies (failover, net_failover)
	instmods virtio_net virtio_pci
}

install() {
	inst_binary "${GUESTNET_BIN:-/usr/sbin/guestnet}" /usr/sbin/guestnet
	# shellcheck disable=SC2154 # moddir is set by dracut
	inst_hook pre-pivot 50 "$moddir/guestnet.sh"
}
