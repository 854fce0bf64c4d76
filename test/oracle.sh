#!/bin/sh
# test/oracle.sh - issue 17's oracle: for a few hundred generated static
# kernel command lines (test/oracle.py, fixed seed), guestnet's end state in
# a namespace of its own equals what systemd-network-generator's .network
# files describe, or differs as IP-DECISIONS.md decides (those lines say
# "decision: ..."). ORACLE_COUNT=N changes the number of inputs (300).
# GUESTNET=path picks the binary (default ./guestnet). Root is needed.
# Addresses: documentation ranges only, only inside these namespaces.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
if [ "$(id -u)" != 0 ]; then
	echo "FAIL oracle: needs root for network namespaces"
	exit 1
fi
"$top/tools/deps.sh" iproute2 util-linux python3 systemd || {
	echo "FAIL oracle: cannot install iproute2, util-linux, python3, systemd"
	exit 1
}
sng=/usr/lib/systemd/systemd-network-generator
probe=$(mktemp -d)
tag=gno-$$
cleanup() {
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$tag-"); do ip netns del "$ns"; done
	rm -rf "$probe"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if "$sng" --root="$probe" -- ip=192.0.2.2::192.0.2.1:24::eth0:off &&
	grep -qx 'Address=192.0.2.2/24' "$probe/run/systemd/network/90-eth0.network"; then
	echo "PASS oracle: systemd-network-generator --root=DIR -- ARGS writes DIR/run/systemd/network/*.network"
else
	echo "FAIL oracle: systemd-network-generator does not run ($sng)"
	exit 1
fi
[ -x "$G" ] || { echo "FAIL oracle: no guestnet at $G (make)"; exit 1; }
python3 "$top/test/oracle.py" "$G" "$tag" "$probe" "${ORACLE_COUNT:-300}"
