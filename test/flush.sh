#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# test/flush.sh: a run's flush costs what guestnet wrote (issue 18, SPEC 3
# "Files"), with the static musl guestnet against the real kernel.
#
# A loop-mounted ext4 in a temporary image file (tools/bench/dirtyfs.sh)
# holds --root; its etc/ has old files. guestnet runs the bench's full
# configuration (MSB_NET with MAC and MTU, IPv4 and IPv6 with gateways and
# DNS, hostname, alias) in a fresh network namespace per run (gnt-flush-*:
# gnt0, a veth whose peer is up in gnt-flush-PID-p), under fresh UTS and
# mount namespaces (tools/bench/launcher, which times the run alone).
# Rounds alternate an idle run (the file system flushed first) and a dirty
# run (FLUSH_DIRTY_MB, default 100, MiB of another writer's data written by
# dd just before, not flushed: still dirty as the run starts).
# Checks:
#   - every run exits 0 and leaves the three files as configured (mode 0644,
#     no temporary file left);
#   - under strace -f -y, in a dirty run: exactly three fsync calls, one on
#     each of guestnet's own temporary files (.hosts.guestnet,
#     .hostname.guestnet, .resolv.conf.guestnet), each before that file's
#     rename, and no syncfs, sync, fdatasync or sync_file_range: nothing
#     flushes more than guestnet's own files.
#   - the loop device writes, during a dirty run (median), less than a
#     quarter of the other writer's data (a whole-file-system flush writes
#     all of it: 102,500 KiB a run for 100 MiB with syncfs);
# Printed, not asserted (timing depends on the machine and its load): the
# median wall time of the idle and dirty runs and their ratio dirty/idle,
# and the KiB the loop device wrote during each run.
# Env: FLUSH_ROUNDS (default 5, 1-50), FLUSH_DIRTY_MB (default 100, 1-4096),
# GUESTNET (a static binary instead of tools/build.sh musl-static's: an older
# build, to compare its ratio; its strace checks then say what it flushes).
set -u
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 1
top=$PWD

rounds=${FLUSH_ROUNDS:-5}
dirty_mb=${FLUSH_DIRTY_MB:-100}
if ! [[ $rounds =~ ^[0-9]{1,2}$ ]] || ((10#$rounds < 1 || 10#$rounds > 50)); then
	echo "FAIL flush: FLUSH_ROUNDS must be a number from 1 to 50, not '$rounds'"
	exit 1
fi
if ! [[ $dirty_mb =~ ^[0-9]{1,4}$ ]] || ((10#$dirty_mb < 1 || 10#$dirty_mb > 4096)); then
	echo "FAIL flush: FLUSH_DIRTY_MB must be a number from 1 to 4096, not '$dirty_mb'"
	exit 1
fi
rounds=$((10#$rounds)) dirty_mb=$((10#$dirty_mb))

if [[ $(id -u) != 0 ]]; then
	echo "FAIL flush: needs root (network namespaces, a loop mount)"
	exit 1
fi
tools/deps.sh strace iproute2 util-linux e2fsprogs musl-tools coreutils >&2 ||
	{ echo "FAIL flush: tools/deps.sh strace iproute2 util-linux e2fsprogs musl-tools coreutils failed"; exit 1; }
bin=${GUESTNET:-$(tools/build.sh musl-static | tail -n 1)}
if [[ -z $bin || ! -x $bin ]]; then
	echo "FAIL flush: no binary (GUESTNET, or tools/build.sh musl-static)"
	exit 1
fi
[[ $bin == /* ]] || bin=$top/$bin
# shellcheck source=tools/bench/dirtyfs.sh
. tools/bench/dirtyfs.sh

tag=gnt-flush-$$
peer=$tag-p
tmp=$(mktemp -d)
img=$tmp/ext4.img
mnt=$tmp/mnt
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local n
	for n in $(ip netns list | awk '{ print $1 }' | grep "^$tag-"); do ip netns del "$n"; done
	dirtyfs_remove "$img" "$mnt"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

launcher=$tmp/launcher
if ! musl-gcc -O2 -Wall -Wextra -static -o "$launcher" tools/bench/launcher.c; then
	echo "FAIL flush: cannot build tools/bench/launcher.c"
	exit 1
fi
if ! dirtyfs_make "$img" "$mnt" "$dirty_mb"; then
	echo "FAIL flush: cannot make and loop-mount an ext4 of $((4 * dirty_mb + 256)) MiB in $img"
	exit 1
fi
echo "PASS flush: ext4 loop-mounted on $(findmnt -n -o SOURCE --target "$mnt")"

# One namespace per run (a fresh guest each time), all made up front.
nruns=$((2 * rounds + 1))
if ! { echo "netns add $peer"
	for ((k = 1; k <= nruns; k++)); do
		echo "netns add $tag-$k"
		echo "link add p$k netns $peer up type veth peer name gnt0 netns $tag-$k"
	done; } | ip -batch - >/dev/null; then
	echo "FAIL flush: cannot create the namespaces $tag-*"
	exit 1
fi

# shellcheck disable=SC2054 # the commas are in the values
envv=(PATH=/usr/sbin:/usr/bin:/sbin:/bin
	MSB_NET=iface=gnt0,mac=02:00:00:00:00:01,mtu=1400
	MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1
	MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1
	MSB_HOSTNAME=flush-01 MSB_HOST_ALIAS=host.flush.internal)
mkdir -p "$tmp/expect"
printf '127.0.0.1\tlocalhost flush-01\n::1\tlocalhost ip6-localhost ip6-loopback flush-01\n192.0.2.1\thost.flush.internal\n2001:db8::1\thost.flush.internal\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' >"$tmp/expect/hosts"
printf 'flush-01\n' >"$tmp/expect/hostname"
printf 'nameserver 192.0.2.1\nnameserver 2001:db8::1\n' >"$tmp/expect/resolv.conf"

# new_root K: DIR = $mnt/root-K, its etc/ holding old files.
new_root() {
	root=$mnt/root-$1
	mkdir -p "$root/etc" &&
		printf '# old\n127.0.0.1\tlocalhost\n' >"$root/etc/hosts" &&
		printf 'old\n' >"$root/etc/hostname" &&
		printf 'nameserver 203.0.113.53\n' >"$root/etc/resolv.conf"
}

# files_why ROOT: what is wrong with ROOT/etc after a run ("" if nothing).
files_why() {
	local f w=""
	for f in hosts hostname resolv.conf; do
		cmp -s "$tmp/expect/$f" "$1/etc/$f" || w+=" /etc/$f differs"
		[[ $(stat -c %a "$1/etc/$f" 2>/dev/null) == 644 ]] || w+=" /etc/$f mode not 0644"
	done
	[[ -z $(find "$1/etc" -name '.*.guestnet') ]] || w+=" a temporary file left"
	echo "${w# }"
}

# run_timed K MODE: run K in $tag-K after a sync(), idle, or dirty (the
# noise written after the sync, just before the run; the launcher's own
# sync() left out in both modes, -d); appends the wall time
# (ns) to $tmp/MODE.ns and the loop device's KiB written to $tmp/MODE.kib.
run_timed() {
	local k=$1 mode=$2 line wall code w0 w1 why
	new_root "$k" || { echo "FAIL flush: $mode run $k: cannot make its root"; return; }
	sync
	if [[ $mode == dirty ]]; then
		dirtyfs_dirty "$mnt" "$dirty_mb" || { echo "FAIL flush: dd of $dirty_mb MiB failed"; return; }
	fi
	w0=$(dirtyfs_written "$mnt")
	line=$(env -i "${envv[@]}" "$launcher" -d "/run/netns/$tag-$k" "$tmp/run-$k.log" \
		"$bin" --root "$root")
	w1=$(dirtyfs_written "$mnt")
	read -r wall code _ <<<"$line"
	[[ $mode == dirty ]] && dirtyfs_clean "$mnt"
	why=$(files_why "$root")
	[[ $code == 0 ]] || why="exit ${code:-none} ${why}"
	if [[ -n $why ]]; then
		echo "FAIL flush: $mode run $k: $why"
		sed 's/^/  | /' "$tmp/run-$k.log"
		return
	fi
	echo "$wall" >>"$tmp/$mode.ns"
	echo $((w1 - w0)) >>"$tmp/$mode.kib"
}

for ((r = 1; r <= rounds; r++)); do
	run_timed $((2 * r - 1)) idle
	run_timed $((2 * r)) dirty
done
nidle=$(wc -l <"$tmp/idle.ns" 2>/dev/null || echo 0)
ndirty=$(wc -l <"$tmp/dirty.ns" 2>/dev/null || echo 0)
if ((nidle == rounds && ndirty == rounds)); then
	echo "PASS flush: $rounds idle and $rounds dirty runs exit 0 with the files as configured (0644, no temporary left)"
fi
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%d\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
if ((nidle > 0 && ndirty > 0)); then
	awk -v i="$(median "$tmp/idle.ns")" -v d="$(median "$tmp/dirty.ns")" -v mb="$dirty_mb" -v n="$rounds" \
		'BEGIN { printf "flush: dirty/idle ratio %.2f (median of %d: idle %.2f ms, with %d MiB of another writer'"'"'s data dirty %.2f ms)\n", d / i, n, i / 1e6, mb, d / 1e6 }'
	echo "flush: KiB the loop device wrote during each dirty run: $(tr '\n' ' ' <"$tmp/dirty.kib")(idle runs: $(tr '\n' ' ' <"$tmp/idle.kib"))"
	# a whole-file-system flush writes the other data too: about
	# FLUSH_DIRTY_MB MiB; guestnet's own files and journal commits are a
	# few hundred KiB at most
	kib=$(median "$tmp/dirty.kib")
	if ((kib < dirty_mb * 1024 / 4)); then
		echo "PASS flush: a dirty run writes $kib KiB to the disk (median), not the other writer's $dirty_mb MiB"
	else
		echo "FAIL flush: a dirty run writes $kib KiB to the disk (median): the other writer's $dirty_mb MiB flushed too"
	fi
fi

# The strace run, dirty: which flushes, on what.
k=$nruns
new_root "$k" || { echo "FAIL flush: strace run: cannot make its root"; exit 1; }
dirtyfs_dirty "$mnt" "$dirty_mb" || { echo "FAIL flush: dd of $dirty_mb MiB failed"; exit 1; }
env -i "${envv[@]}" /usr/bin/ip netns exec "$tag-$k" /usr/bin/unshare --uts --mount \
	/usr/bin/strace -f -y -o "$tmp/trace" "$bin" --root "$root" >"$tmp/strace.out" 2>&1
rc=$?
dirtyfs_clean "$mnt"
why=$(files_why "$root")
if [[ $rc == 0 && -z $why ]]; then
	echo "PASS flush: strace run exits 0 with the files as configured"
else
	echo "FAIL flush: strace run: exit $rc $why"
	sed 's/^/  | /' "$tmp/strace.out"
fi
# the flushing calls, each with its descriptor's path (strace -y)
flushes=$(grep -E '^[0-9]+ +(fsync|fdatasync|syncfs|sync|sync_file_range2?)\(' "$tmp/trace")
whole=$(grep -E '^[0-9]+ +(syncfs|sync|fdatasync|sync_file_range2?)\(' <<<"$flushes")
if [[ -z $whole ]]; then
	echo "PASS flush: no syncfs, sync, fdatasync or sync_file_range"
else
	echo "FAIL flush: a flush other than fsync: $(head -n 1 <<<"$whole")"
fi
bad=""
for f in hosts hostname resolv.conf; do
	e=${f//./\\.}
	n=$(grep -cE "^[0-9]+ +fsync\([0-9]+<$root/etc/\.$e\.guestnet>\) += 0$" <<<"$flushes")
	((n == 1)) || bad+=" $n fsync of .$f.guestnet;"
	# the fsync before the file's rename
	order=$(grep -nE "fsync\([0-9]+<$root/etc/\.$e\.guestnet>\)|renameat2?\([0-9]+<$root/etc>, \"\.$e\.guestnet\"" "$tmp/trace" |
		sed -E 's/^[0-9]+:[0-9]+ +([a-z0-9]+)\(.*/\1/' | tr '\n' ' ')
	[[ $order == "fsync renameat "* || $order == "fsync renameat2 "* ]] || bad+=" .$f.guestnet: fsync, rename order is '$order';"
done
nf=$(grep -cE '^[0-9]+ +fsync\(' <<<"$flushes")
((nf == 3)) || bad+=" $nf fsync calls in all, not 3;"
if [[ -z $bad ]]; then
	echo "PASS flush: strace: one fsync of each of guestnet's temporary files, before its rename, and no other"
else
	echo "FAIL flush: strace:${bad%;}"
	printf '%s\n' "$flushes" | sed 's/^/  | /'
fi
