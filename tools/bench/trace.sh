#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tools/bench/trace.sh: one run of a program with the full configuration of
# `make bench` under `strace -f`, as test/syscalls.sh runs guestnet: a fresh
# network namespace holding gnb0 (a veth whose peer is up in a second
# namespace), fresh UTS and mount namespaces, a clean environment with the
# bench's MSB_* values, the files under a temp root. This is where
# tools/bench/floor.c's sequence and bytes come from (see its header).
#
#   tools/bench/trace.sh [-c] [-e] [PROGRAM [ARG...]]
#
# PROGRAM defaults to the static musl guestnet (tools/build.sh musl-static)
# with `--root @ROOT@`. An ARG @ROOT@ becomes the temp root, @ETC@ its etc
# directory (which exists before the run).
# Output: the strace listing (-xx, every buffer in hex, and a hex dump of
# every datagram and write, strace's -e write=all), then a check of the end
# state (exit status, addresses, routes, files) as `ip` and `cmp` see it.
# With -c instead: the bytes of every sendto(2) and write(2), in order, as C
# initialisers for floor.c, each headed by the call's strace line.
# -e binds the temp root's etc over /etc in the program's mount namespace,
# for a program that writes /etc itself (the Rust agent's network step).
# Exit status: the program's, or 2 on a failed set-up.

set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
top=$PWD

c_out=0 bind_etc=0
while [[ ${1:-} == -[ce] ]]; do
	[[ $1 == -c ]] && c_out=1
	[[ $1 == -e ]] && bind_etc=1
	shift
done
if (($# == 0)); then
	bin=$(tools/build.sh musl-static | tail -n 1) || exit 2
	[[ $bin == /* ]] || bin=$top/$bin
	set -- "$bin" --root @ROOT@
fi
[[ $(id -u) == 0 ]] || { echo "trace.sh: needs root (network namespaces)" >&2; exit 2; }
for f in /usr/bin/strace /usr/bin/unshare /usr/bin/ip; do
	[[ -x $f ]] || { echo "trace.sh: $f is missing" >&2; exit 2; }
done

ns=gnb-trace-$$
peer=gnb-tracep-$$
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
	echo "trace.sh: cannot set up namespaces $ns and $peer" >&2
	exit 2
fi
mkdir -p "$tmp/root/etc"
argv=()
for a in "$@"; do
	case $a in
	@ROOT@) argv+=("$tmp/root") ;;
	@ETC@) argv+=("$tmp/root/etc") ;;
	*) argv+=("$a") ;;
	esac
done

# With -e, /etc is the temp root's etc, or the program does not run.
bind=()
# shellcheck disable=SC2016 # expanded by that sh
((bind_etc)) && bind=(/bin/sh -c 'mount --bind "$0" /etc && exec "$@"' "$tmp/root/etc")
env -i \
	MSB_NET=iface=gnb0,mac=02:00:00:00:00:01,mtu=1400 \
	MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1 \
	MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1 \
	MSB_HOSTNAME=bench-01 MSB_HOST_ALIAS=host.bench.internal \
	/usr/bin/ip netns exec "$ns" /usr/bin/unshare --uts --mount "${bind[@]}" \
	/usr/bin/strace -f -qq -xx -s 65536 -e write=all -o "$tmp/trace" "${argv[@]}" \
	>"$tmp/out" 2>&1
rc=$?

if ((c_out)); then
	# A call line, then its dump lines " | 00000  18 00 ...  text |".
	awk '
	function flush() {
		if (open) printf "\n};\n"
		open = n = 0
	}
	/^[0-9]+ +/ {
		flush()
		call = $0
		sub(/^[0-9]+ +/, "", call)
		dump = call ~ /^(sendto|write)\(/
		if (dump) {
			short = call
			if (length(short) > 150) short = substr(short, 1, 150) "..."
			printf "/* %s */\nstatic const unsigned char X[] = {", short
			open = 1
		}
		next
	}
	dump && /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / {
		line = substr($0, 11, 49)
		k = split(line, b, " ")
		for (i = 1; i <= k; i++) {
			printf "%s0x%s,", (n % 12 == 0 ? "\n\t" : " "), b[i]
			n++
		}
	}
	END { flush() }' "$tmp/trace"
	exit "$rc"
fi

cat "$tmp/trace"
echo "--- program output:"
cat "$tmp/out"
echo "--- exit status: $rc"
echo "--- end state:"
ip -n "$ns" -o link show | sed 's/\\.*//'
ip -n "$ns" -o addr show | sed 's/\\.*//'
ip -n "$ns" route show table all
for f in hosts hostname resolv.conf; do
	echo "--- $f:"
	cat "$tmp/root/etc/$f" 2>/dev/null || echo "(missing)"
done
exit "$rc"
