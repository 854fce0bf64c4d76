#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# dracut pre-pivot hook of the guestnet module (sourced by dracut's hook
# runner, which provides warn).
#
# pre-pivot is the last hook before the switch to the real root, and the
# real root is mounted at /sysroot by then: the interface's addresses, routes
# and the hostname live in the kernel and survive the switch; the files must
# go to the real root's /etc.  systemd is PID 1 in dracut's initrd, so the
# hooks do not see the MSB_* values of the kernel command line in their
# environment: guestnet reads them from /proc/cmdline (--cmdline).
#
# How the files reach the real root: dracut mounts /sysroot read-only unless
# "rw" is on the kernel command line, so the hook remounts it read-write, runs
# guestnet --root /sysroot, and remounts it read-only again (the real init
# remounts it per its fstab).  A root that cannot be remounted still gets the
# network; guestnet names each file it could not write.
#
# What guestnet acts on: MSB_* values, or else the kernel's ip= family (ip=,
# nameserver=, rd.route=, ifname=) when no dracut network module is in the
# image; module-setup.sh names the one that is in
# /usr/lib/guestnet/dracut-network, and ip= is then that module's.
# shell builtins only: dracut's base module brings no grep
read -r _gn_cmdline < /proc/cmdline
_gn_run=
case " $_gn_cmdline " in
*" MSB_"*) _gn_run=1 ;;
*" ip="* | *" nameserver="* | *" rd.route="* | *" ifname="*)
	[ -e /usr/lib/guestnet/dracut-network ] || _gn_run=1
	;;
esac
case $_gn_run in
1)
	_gn_ro=
	while read -r _gn_dev _gn_dir _gn_type _gn_opts _gn_rest; do
		[ "$_gn_dir" = /sysroot ] || continue
		case ",$_gn_opts," in *,ro,*) _gn_ro=1 ;; *) _gn_ro= ;; esac
	done < /proc/mounts
	if [ -n "$_gn_ro" ] && ! mount -o remount,rw /sysroot; then
		warn "guestnet: cannot remount /sysroot read-write; writing what can be written"
		_gn_ro=
	fi
	/usr/sbin/guestnet --cmdline --root /sysroot --wait 5 || warn "guestnet: network setup failed (exit status $?)"
	if [ -n "$_gn_ro" ]; then
		mount -o remount,ro /sysroot || warn "guestnet: cannot remount /sysroot read-only again"
	fi
	;;
esac
unset _gn_cmdline _gn_run _gn_ro _gn_dev _gn_dir _gn_type _gn_opts _gn_rest
