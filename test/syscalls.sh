#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# test/syscalls.sh: guestnet's syscall budget (issues 6, 12), a regression test.
#
# Runs the static musl guestnet (tools/build.sh musl-static) with the full
# configuration of `make bench` (MSB_NET with MAC and MTU, IPv4 and IPv6 with
# gateways and DNS, hostname, host alias) under `strace -f`, in a fresh
# network namespace holding gnb0 (a veth whose peer is up in a second
# namespace) and fresh UTS and mount namespaces, with --root in a temp dir.
# Every system call from execve to exit counts, both included: the count is
# deterministic, and it must stay at or below the budget.
#
# The budget: 48, the count measured. The pipeline (state read before any
# change: links, addresses, the interface's filtered route dump,
# neighbours; lo up by netlink in the first batch, no SIOCGIFFLAGS/
# SIOCSIFFLAGS; DIR/etc opened by openat2) made 40 calls for this
# configuration with one syncfs for the three files; each file's own fsync
# instead (so that a run never waits for another program's dirty data)
# makes it 42: the three fsyncs of the staged temporary files replace the
# one syncfs. A static IPv6 configuration turns router advertisements off
# on gnb0 before it comes up (a fresh veth has accept_ra 1 and autoconf 1),
# six calls more, 48:
#   openat, write, close of /proc/sys/net/ipv6/conf/gnb0/accept_ra
#   openat, write, close of /proc/sys/net/ipv6/conf/gnb0/autoconf
#
# Checks: "syscall budget: N <= 48" and "exit status under strace".
# On failure the whole strace listing is printed.

set -u
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 1
budget=48 # measured: 40, + 3 fsync - 1 syncfs, + 6 for accept_ra and autoconf

if [[ -x tools/deps.sh ]]; then
	tools/deps.sh strace iproute2 util-linux musl-tools >&2 ||
		{ echo "FAIL syscall budget: tools/deps.sh strace iproute2 util-linux musl-tools failed"; exit 1; }
fi
for f in /usr/bin/strace /usr/bin/unshare; do
	[[ -x $f ]] || { echo "FAIL syscall budget: $f is missing"; exit 1; }
done
bin=$(tools/build.sh musl-static | tail -n 1)
if [[ -z $bin || ! -x $bin ]]; then
	echo "FAIL syscall budget: tools/build.sh musl-static built no binary"
	exit 1
fi
[[ $bin == /* ]] || bin=$PWD/$bin

ns=gnb-sys-$$
peer=gnb-sysp-$$
tmp=$(mktemp -d)
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	ip netns del "$ns" 2>/dev/null
	ip netns del "$peer" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! { ip netns add "$ns" && ip netns add "$peer" &&
	ip -n "$peer" link add p0 up type veth peer name gnb0 netns "$ns"; }; then
	echo "FAIL syscall budget: cannot set up namespaces $ns and $peer"
	exit 1
fi
mkdir -p "$tmp/root/etc"

# A clean environment, so the count depends on nothing but guestnet.
env -i \
	MSB_NET=iface=gnb0,mac=02:00:00:00:00:01,mtu=1400 \
	MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1 \
	MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1 \
	MSB_HOSTNAME=bench-01 MSB_HOST_ALIAS=host.bench.internal \
	/usr/bin/ip netns exec "$ns" /usr/bin/unshare --uts --mount \
	/usr/bin/strace -f -o "$tmp/trace" "$bin" --root "$tmp/root" >"$tmp/out" 2>&1
rc=$?

listing() {
	echo "--- guestnet output:"
	cat "$tmp/out"
	echo "--- strace -f listing:"
	cat "$tmp/trace" 2>/dev/null
	echo "---"
}

# One line per call; an <unfinished ...> call and its <... resumed> tail are
# one call; signal and exit notices are not calls.
count=$(awk '$2 == "+++" || $2 == "---" || $2 == "<..." { next } { n++ } END { print n + 0 }' \
	"$tmp/trace" 2>/dev/null)
count=${count:-0}
shown=0 failed=0
if ((count > 0 && count <= budget)); then
	echo "PASS syscall budget: $count <= $budget"
else
	echo "FAIL syscall budget: $count > $budget (or no trace)"
	listing
	shown=1 failed=1
fi
if ((rc == 0)) && grep -q '+++ exited with 0 +++' "$tmp/trace"; then
	echo "PASS exit status under strace: 0"
else
	echo "FAIL exit status under strace: $rc"
	((shown)) || listing
	failed=1
fi
echo "syscalls by name: $(awk '$2 == "+++" || $2 == "---" || $2 == "<..." { next }
	{ s = $2; sub(/\(.*/, "", s); c[s]++ } END { for (s in c) print c[s], s }' "$tmp/trace" |
	sort -k1,1nr -k2 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')"
exit "$failed"
