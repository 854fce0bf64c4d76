#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test/kit-hooks.sh -- the build-time halves of the initramfs-tools and dracut
# kits (tools/kits/), run outside a generator, no VM, no root needed:
#
#   initramfs-tools hook, binary missing   exit 0, a "W:" line naming the
#                                          binary, nothing added to DESTDIR
#   dracut module, binary missing          check() returns 255 (opt-in, not
#                                          "cannot be installed") and warns;
#                                          install() returns 0 and installs
#                                          nothing, no hook
#   dracut module, binary present          install() installs it and the
#                                          pre-pivot hook; the image names the
#                                          dracut network module in it (so the
#                                          hook leaves ip= to it) when there is
#                                          one, and nothing when there is none;
#                                          rd.driver.pre=virtio_mmio in the
#                                          image's /etc/cmdline.d
#   dracut installkernel                   virtio_net, virtio_pci, virtio_mmio
#   initramfs-tools init-bottom, whom it   with MSB_* values, and with the ip=
#   runs for                               family unless ipconfig configured
#                                          the network (/run/net-*.conf):
#                                          guestnet --cmdline --root ROOTMNT;
#                                          with neither, nothing.  Run in a
#                                          private mount namespace whose
#                                          /proc/cmdline, /run and /usr/sbin
#                                          (a stub guestnet) are the test's
#
# dracut's own functions (dwarn, inst_binary, inst_hook, instmods,
# dracut_module_included) are stubs that log their calls.  The hook sources
# initramfs-tools' hook-functions, so initramfs-tools is installed.  Needs
# root (mount namespace) for the init-bottom cases.
# The boots that use both kits: test/vm/kits.sh.
set -u
cd "$(dirname "$0")/.." || exit 1
tools/deps.sh initramfs-tools >&2 || { echo "FAIL kit-hooks: tools/deps.sh initramfs-tools failed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gnkh.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }

# ---- initramfs-tools: the hook with no binary ----
mkdir -p "$tmp/destdir"
DESTDIR=$tmp/destdir GUESTNET_BIN=$tmp/no-such-guestnet verbose=n \
	sh tools/kits/initramfs-tools/hooks/guestnet >"$tmp/it.out" 2>"$tmp/it.err"
rc=$?
n=$(find "$tmp/destdir" -mindepth 1 | wc -l)
if [ $rc = 0 ] && grep -q "^W: guestnet hook: $tmp/no-such-guestnet " "$tmp/it.err" && [ "$n" = 0 ]; then
	ok "initramfs-tools hook, binary missing: exit 0, a warning, nothing added"
else
	ko "initramfs-tools hook, binary missing" "exit $rc, $n files added, stderr: $(head -c 300 "$tmp/it.err")"
fi

# ---- dracut: module-setup.sh with stubs ----
# dracut_module_included answers yes for the names in $included
dracut_run() {	# GUESTNET_BIN INCLUDED FUNCTION: its status, then the calls, in $tmp/dr.log
	rm -rf "$tmp/initdir" && mkdir -p "$tmp/initdir"
	GUESTNET_BIN=$1 included=$2 initdir=$tmp/initdir moddir=$PWD/tools/kits/dracut/90guestnet \
		bash -c '
		dwarn() { echo "dwarn $*"; }
		inst_binary() { echo "inst_binary $*"; }
		inst_hook() { echo "inst_hook $1 $2 ${3##*/}"; }
		instmods() { echo "instmods $*"; }
		dracut_module_included() { case " $included " in *" $1 "*) return 0 ;; esac; return 1; }
		. tools/kits/dracut/90guestnet/module-setup.sh
		"$1"; echo "status $?"' sh "$3" >"$tmp/dr.log" 2>&1
}
dracut_run "$tmp/no-such-guestnet" "" check
if grep -qx 'status 255' "$tmp/dr.log" && grep -q "^dwarn guestnet: $tmp/no-such-guestnet " "$tmp/dr.log"; then
	ok "dracut check(), binary missing: 255 (opt-in) and a warning"
else
	ko "dracut check(), binary missing" "$(tr '\n' ';' < "$tmp/dr.log")"
fi
dracut_run "$tmp/no-such-guestnet" "" install
if [ "$(cat "$tmp/dr.log")" = "status 0" ] && [ -z "$(find "$tmp/initdir" -mindepth 1)" ]; then
	ok "dracut install(), binary missing: 0, nothing installed"
else
	ko "dracut install(), binary missing" "$(tr '\n' ';' < "$tmp/dr.log")"
fi
bin=$PWD/tools/kits/dracut/90guestnet/guestnet.sh	# any executable file
dracut_run "$bin" "" check
if [ "$(cat "$tmp/dr.log")" = "status 255" ]; then
	ok "dracut check(), binary present: 255, no warning"
else
	ko "dracut check(), binary present" "$(tr '\n' ';' < "$tmp/dr.log")"
fi
dracut_run "$bin" "base kernel-modules" install
want="inst_binary $bin /usr/sbin/guestnet
inst_hook pre-pivot 50 guestnet.sh
status 0"
if [ "$(cat "$tmp/dr.log")" = "$want" ] && [ ! -e "$tmp/initdir/usr/lib/guestnet/dracut-network" ] &&
	[ "$(cat "$tmp/initdir/etc/cmdline.d/90guestnet.conf")" = "rd.driver.pre=virtio_mmio" ]; then
	ok "dracut install(), no network module: the binary, the hook, virtio_mmio loaded at boot; ip= left to guestnet"
else
	ko "dracut install(), no network module" "$(tr '\n' ';' < "$tmp/dr.log")"
fi
for m in network systemd-networkd network-manager network-legacy; do
	dracut_run "$bin" "base $m" install
	if [ "$(cat "$tmp/dr.log")" = "$want" ] && [ "$(cat "$tmp/initdir/usr/lib/guestnet/dracut-network" 2>/dev/null)" = "$m" ]; then
		ok "dracut install(), with $m: ip= left to it (/usr/lib/guestnet/dracut-network)"
	else
		ko "dracut install(), with $m" "$(tr '\n' ';' < "$tmp/dr.log") marker: $(cat "$tmp/initdir/usr/lib/guestnet/dracut-network" 2>&1)"
	fi
done
dracut_run "$bin" "" installkernel
if [ "$(cat "$tmp/dr.log")" = "instmods virtio_net virtio_pci virtio_mmio
status 0" ]; then
	ok "dracut installkernel(): virtio_net, virtio_pci, virtio_mmio"
else
	ko "dracut installkernel()" "$(tr '\n' ';' < "$tmp/dr.log")"
fi

# ---- initramfs-tools: init-bottom's choice, in a private mount namespace ----
mkdir -p "$tmp/root" "$tmp/sbin"
printf '#!/bin/sh\necho "$*" >> %s/calls\n' "$tmp" > "$tmp/sbin/guestnet"
chmod 0755 "$tmp/sbin/guestnet"
it_bottom() {	# NAME WANT(run|none) CMDLINE [RUN-FILE]: one case
	rm -f "$tmp/calls"
	echo "console=ttyS0 $3" > "$tmp/cmdline"
	# shellcheck disable=SC2016 # expanded by the inner shell
	timeout 20 unshare -m sh -ec '
		mount --make-rprivate /
		mount --bind "$1/cmdline" /proc/cmdline
		mount -t tmpfs gnkh /run
		[ -z "$3" ] || : > "/run/$3"
		mount --bind "$1/sbin" /usr/sbin
		rootmnt=$1/root sh "$2"' sh "$tmp" "$PWD/tools/kits/initramfs-tools/scripts/init-bottom/guestnet" "${4:-}" \
		>"$tmp/ib.out" 2>&1
	rc=$?
	got=none
	[ -s "$tmp/calls" ] && got=$(cat "$tmp/calls")
	want=none
	[ "$2" = run ] && want="--cmdline --root $tmp/root --wait 5"
	if [ $rc = 0 ] && [ "$got" = "$want" ]; then
		ok "initramfs-tools init-bottom, $1: $( [ "$2" = run ] && echo "guestnet runs" || echo "guestnet does not run")"
	else
		ko "initramfs-tools init-bottom, $1" "exit $rc, guestnet called with: $got, want: $want; $(head -c 300 "$tmp/ib.out")"
	fi
}
IP4="ip=192.0.2.2::192.0.2.1:255.255.255.252::eth0:off"
it_bottom "MSB_* values" run "MSB_NET=iface=eth0 MSB_NET_IPV4=addr=192.0.2.2/30"
it_bottom "ip=" run "$IP4"
it_bottom "nameserver= only" run "nameserver=192.0.2.53"
it_bottom "ip= configured by ipconfig" none "$IP4" net-eth0.conf
it_bottom "MSB_* values, ipconfig ran" run "MSB_NET=iface=eth0" net-eth0.conf
it_bottom "neither" none "root=/dev/vda ro quiet"
it_bottom "a word that only contains ip=" none "noip=1 xip=2"
