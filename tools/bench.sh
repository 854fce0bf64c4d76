#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tools/bench.sh: `make bench` (issues 6 and 12). guestnet against the tools
# users would pick instead, the Rust agent it replaces, and the floor of its
# own system calls, on one machine, in one run.
#
# Every tool does the same full configuration (README, What it does): /etc/hosts, hostname
# (sethostname and /etc/hostname), lo up with 127.0.0.1/8 and ::1/128, gnb0's
# MAC and MTU, 192.0.2.2/30 and 2001:db8::2/64 without DAD, gnb0 up, both
# default routes, /etc/resolv.conf, the files under a fresh root. A tool
# that cannot write files gets printf in its script; one that cannot do a step
# runs for what it can do and is marked. The rows:
#  - guestnet, the static musl build (tools/build.sh musl-static);
#  - floor: tools/bench/floor.c, exactly guestnet's system calls with fixed
#    bytes and no parsing or checks, built as guestnet is: the floor of
#    guestnet's own work;
#  - the Rust agent's network step (tools/bench/agentd: network.rs unmodified,
#    built from Debian's crates, cached outside the repository);
#  - iproute2 `ip` and `ip -batch`, busybox `ip` and klibc `ipconfig` scripts;
#  - an empty static process: exec and exit alone.
#
# Each tool runs with its files on a tmpfs and, as a second column, on a disk
# file system (ext4 here): the first directory of $BENCH_DISK, the work
# directory under /tmp, /var/tmp and build/ that is on ext2/3/4, xfs, btrfs
# or f2fs. Each run gets a fresh network namespace holding gnb0, one end of
# a veth pair whose other end is up in a peer namespace (as a VM's virtio
# link is); all are made before the first run and deleted after the last.
# tools/bench/launcher puts the tool in fresh UTS and mount namespaces (and,
# for the Rust agent, which writes /etc itself, binds the run's ROOT/etc over
# /etc) and measures fork..wait4 of its whole process tree and its minor
# faults. Rounds interleave every tool on both file systems (the start
# rotates each round), after one untimed warm-up round. The end state is
# verified after every run; a run that ends wrong is reported, not timed.
# One more run of each tool (files on tmpfs) under `strace -f` counts system
# calls, processes and the executables and libraries loaded, and checks that
# the floor program still makes guestnet's calls (the same sequence).
#
# Writes bench/results.md (also printed) and bench/results.svg.
# The dirty-file-system rows (issue 18): guestnet and the floor on a
# loop-mounted ext4 in a temporary image file (tools/bench/dirtyfs.sh), in
# BENCH_DIRTY_RUNS rounds after the timed ones, each an idle run (a sync()
# just before) and a dirty run (a sync(), then BENCH_DIRTY_MB MiB written by
# dd to another file of that file system and left dirty): the ratio of the
# medians dirty/idle shows whether a run waits for another writer's data,
# and the KiB the loop device wrote during the runs what was flushed.
# Environment: BENCH_RUNS rounds (default 30, 1-1000); GUESTNET=path to a
# guestnet binary instead of `tools/build.sh musl-static`; AGENTD=path to the
# Rust agent's binary instead of tools/bench/agentd/build.sh; BENCH_DISK=DIR
# for the disk column; BENCH_DIRTY_MB (default 100, 1-4096) and
# BENCH_DIRTY_RUNS (default 10, 1-100) for the dirty-file-system rows.
# Exit status: 0 when every run ended right, 1 when any did not (the report is
# still written), 2 on bad usage or a failed set-up.

set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
top=$PWD

runs=${BENCH_RUNS:-30}
if ! [[ $runs =~ ^[0-9]{1,4}$ ]] || ((10#$runs < 1 || 10#$runs > 1000)); then
	echo "bench: BENCH_RUNS must be a number from 1 to 1000, not '$runs'" >&2
	exit 2
fi
runs=$((10#$runs))
dirty_mb=${BENCH_DIRTY_MB:-100}
if ! [[ $dirty_mb =~ ^[0-9]{1,4}$ ]] || ((10#$dirty_mb < 1 || 10#$dirty_mb > 4096)); then
	echo "bench: BENCH_DIRTY_MB must be a number from 1 to 4096, not '$dirty_mb'" >&2
	exit 2
fi
dirty_mb=$((10#$dirty_mb))
dirty_runs=${BENCH_DIRTY_RUNS:-10}
if ! [[ $dirty_runs =~ ^[0-9]{1,3}$ ]] || ((10#$dirty_runs < 1 || 10#$dirty_runs > 100)); then
	echo "bench: BENCH_DIRTY_RUNS must be a number from 1 to 100, not '$dirty_runs'" >&2
	exit 2
fi
dirty_runs=$((10#$dirty_runs))

die() { echo "bench: $*" >&2; exit 2; }
# shellcheck source=tools/bench/dirtyfs.sh
. tools/bench/dirtyfs.sh

# ---------------------------------------------------------------- packages
pkgs=(iproute2 busybox-static klibc-utils strace gnuplot-nox musl-tools gcc
      libc6-dev binutils hostname util-linux e2fsprogs)
if [[ -x tools/deps.sh ]]; then
	tools/deps.sh "${pkgs[@]}" >&2 || die "tools/deps.sh failed"
else
	missing=()
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	if ((${#missing[@]})); then
		echo "bench: installing ${missing[*]}" >&2
		apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || die "apt-get update failed"
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
			die "apt-get install ${missing[*]} failed"
	fi
fi
[[ $(id -u) == 0 ]] || die "needs root (network namespaces)"

busybox=/bin/busybox
klibc=/usr/lib/klibc/bin
for f in "$busybox" "$klibc/sh" "$klibc/ipconfig" /bin/sh /usr/bin/strace; do
	[[ -x $f ]] || die "$f missing"
done

# ------------------------------------------------------------------ builds
mkdir -p build/bench
if ! musl-gcc -Os -static -o build/bench/empty tools/bench/empty.c ||
	! strip build/bench/empty; then
	die "cannot build build/bench/empty"
fi
musl-gcc -O2 -Wall -Wextra -static -o build/bench/launcher tools/bench/launcher.c ||
	die "cannot build build/bench/launcher"
launcher=$top/build/bench/launcher
empty=$top/build/bench/empty

if [[ -n ${GUESTNET:-} ]]; then
	guestnet=$GUESTNET
elif [[ -x tools/build.sh ]]; then
	guestnet=$(tools/build.sh musl-static | tail -n 1) ||
		die "tools/build.sh musl-static failed"
else
	die "tools/build.sh is missing: set GUESTNET=/path/to/static/guestnet"
fi
[[ $guestnet == /* ]] || guestnet=$top/$guestnet
[[ -x $guestnet ]] || die "guestnet binary '$guestnet' is not executable"

# The floor program, built as the Makefile builds guestnet statically with
# musl (tools/build.sh musl-static's compiler and specs, -Os, the same code
# generation and link flags).
floorcc=$(tools/build.sh --vars musl-static | sed -n 's/^CC=//p')
[[ -n $floorcc ]] || die "tools/build.sh --vars musl-static names no compiler"
# floor_na leaves the announce step out, to show what that one step costs.
for v in floor floor_na; do
	# shellcheck disable=SC2046,SC2086 # the compiler and its -specs option
	$floorcc -std=c11 -Os -Wall -Wextra -static -fno-pie -fomit-frame-pointer \
		-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables \
		-Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noseparate-code -Wl,-z,max-page-size=4096 \
		-z norelro -z common-page-size=16 $([[ $v == floor_na ]] && echo -DFLOOR_NO_ANNOUNCE) \
		-o "build/bench/$v" tools/bench/floor.c || die "cannot build build/bench/$v"
done
floor=$top/build/bench/floor floor_na=$top/build/bench/floor_na

# The Rust agent: a row when it builds; when it does not, the report says why.
agentd="" agentd_why="" agentd_versions=""
if [[ -n ${AGENTD:-} ]]; then
	agentd=$AGENTD
	[[ -x $agentd ]] || die "AGENTD='$agentd' is not executable"
elif agentd_out=$(tools/bench/agentd/build.sh 2>&1); then
	agentd=$(tail -n 1 <<<"$agentd_out")
	agentd_versions=$(cat "$(dirname "$agentd")/agentd-network.versions" 2>/dev/null || true)
else
	agentd_why=$(grep 'agentd/build.sh:' <<<"$agentd_out" | tail -n 1)
	agentd_why=${agentd_why:-$(tail -n 1 <<<"$agentd_out")}
	echo "bench: the Rust agent is not built: $agentd_why" >&2
fi

# ------------------------------------------------- work dir, namespaces
work=$(mktemp -d /tmp/gnb.XXXXXX)
peer=gnb-$$-peer
nsseq=0
diskroot=""
cleanup() {
	mountpoint -q "$work/fs" 2>/dev/null && umount "$work/fs"
	dirtyfs_remove "$work/loop.img" "$work/loop"
	ip netns list 2>/dev/null | awk -v p="gnb-$$-" 'index($1, p) == 1 { print "netns del " $1 }' |
		ip -force -batch - 2>/dev/null || true
	[[ -n $diskroot ]] && rm -rf "$diskroot"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$peer" || die "cannot create namespace $peer"
mkdir -p "$work/fs"
mount -t tmpfs -o size=64m,mode=0755 gnb-bench "$work/fs" || die "cannot mount a tmpfs on $work/fs"
# The disk column: a directory on a disk file system (not tmpfs, ramfs or
# overlay), where fsync reaches a block device.
for d in "${BENCH_DISK:-}" "$work" /var/tmp "$top/build"; do
	[[ -n $d && -d $d ]] || continue
	fs=$(df --output=fstype "$d" | tail -n 1)
	if [[ -n ${BENCH_DISK:-} && $d == "$BENCH_DISK" ]] || [[ $fs =~ ^(ext[234]|xfs|btrfs|f2fs)$ ]]; then
		diskroot=$(mktemp -d "$d/gnb-disk.XXXXXX") || die "cannot make a directory in $d"
		diskfs=$fs
		disksrc=$(df --output=source "$d" | tail -n 1)
		break
	fi
done
[[ -n $diskroot ]] || die "no directory on a disk file system (ext4, xfs, btrfs, f2fs) among /tmp, /var/tmp, build/: set BENCH_DISK=DIR"
# The dirty-file-system rows' ext4 (loopidle and loopdirty are its two
# ways of running, not in fss: they have rounds of their own).
dirtyfs_make "$work/loop.img" "$work/loop" "$dirty_mb" ||
	die "cannot make and loop-mount an ext4 in $work/loop.img (for BENCH_DIRTY_MB=$dirty_mb)"
declare -A fsname=([tmpfs]=tmpfs [disk]=$diskfs [loopidle]="idle loop ext4"
	[loopdirty]="loop ext4 with $dirty_mb MiB dirty")
declare -A fsroot=([tmpfs]=$work/fs [disk]=$diskroot [loopidle]=$work/loop [loopdirty]=$work/loop)
fss=(tmpfs disk)
dirtytools=(guestnet floor)

# make_namespaces N: namespaces gnb-PID-1..N, each holding gnb0, one end of a
# veth pair whose other end is up in $peer. All are made before the first run
# and deleted after the last: deleting a namespace leaves the kernel work
# (under the rtnl lock) that would stall the next runs.
make_namespaces() {
	local k
	for ((k = 1; k <= $1; k++)); do
		echo "netns add gnb-$$-$k"
		echo "link add p$k netns $peer up type veth peer name gnb0 netns gnb-$$-$k"
	done | ip -batch - || die "cannot create the namespaces"
	nsmax=$1
}

# new_ns: the next fresh namespace, in $ns.
new_ns() {
	nsseq=$((nsseq + 1))
	((nsseq <= nsmax)) || die "out of namespaces"
	ns=gnb-$$-$nsseq
}

# --------------------------------------------------------------- scripts
scripts=$work/scripts
mkdir -p "$scripts" "$work/expect" "$work/data" "$work/logs"

hosts_printf="printf '127.0.0.1\\tlocalhost bench-01\\n::1\\tlocalhost ip6-localhost ip6-loopback bench-01\\n192.0.2.1\\thost.bench.internal\\n2001:db8::1\\thost.bench.internal\\nfe00::\\tip6-localnet\\nff00::\\tip6-mcastprefix\\nff02::1\\tip6-allnodes\\nff02::2\\tip6-allrouters\\n' >\"\$1/etc/hosts\""
hostname_printf="printf 'bench-01\\n' >\"\$1/etc/hostname\""
resolv_printf="printf 'nameserver 192.0.2.1\\nnameserver 2001:db8::1\\n' >\"\$1/etc/resolv.conf\""
# The expected files, from the same printf lines.
(set -- "$work/expect" && mkdir -p "$1/etc" && eval "$hosts_printf; $hostname_printf; $resolv_printf")

# Steps are in guestnet's order (README, What it does): hosts, hostname, lo, the interface, resolv.conf.
# Bringing lo up makes the kernel add 127.0.0.1/8 and ::1/128 itself.
cat >"$scripts/iproute2.sh" <<EOF
# iproute2: one \`ip\` command per step, files by printf. \$1 = root.
set -e
$hosts_printf
hostname bench-01
$hostname_printf
ip link set lo up
ip link set gnb0 address 02:00:00:00:00:01 mtu 1400
ip addr add 192.0.2.2/30 dev gnb0
ip addr add 2001:db8::2/64 dev gnb0 nodad
ip link set gnb0 up
ip route add default via 192.0.2.1 dev gnb0
ip route add default via 2001:db8::1 dev gnb0
$resolv_printf
EOF

cat >"$scripts/ipbatch.txt" <<'EOF'
link set lo up
link set gnb0 address 02:00:00:00:00:01 mtu 1400
addr add 192.0.2.2/30 dev gnb0
addr add 2001:db8::2/64 dev gnb0 nodad
link set gnb0 up
route add default via 192.0.2.1 dev gnb0
route add default via 2001:db8::1 dev gnb0
EOF
cat >"$scripts/ipbatch.sh" <<EOF
# ip -batch: every netlink step in one \`ip\` process. \$1 = root.
set -e
$hosts_printf
hostname bench-01
$hostname_printf
ip -batch $scripts/ipbatch.txt
$resolv_printf
EOF

# busybox ip has no "nodad": turn DAD off for gnb0 with the sysctl instead.
cat >"$scripts/busybox.sh" <<EOF
# busybox: its ash, ip and hostname applets. \$1 = root.
set -e
$hosts_printf
busybox hostname bench-01
$hostname_printf
busybox ip link set lo up
busybox ip link set gnb0 address 02:00:00:00:00:01 mtu 1400
busybox ip addr add 192.0.2.2/30 dev gnb0
echo 0 >/proc/sys/net/ipv6/conf/gnb0/accept_dad
busybox ip addr add 2001:db8::2/64 dev gnb0
busybox ip link set gnb0 up
busybox ip route add default via 192.0.2.1 dev gnb0
busybox ip route add default via 2001:db8::1 dev gnb0
$resolv_printf
EOF

# klibc ipconfig: IPv4 only. It sets the hostname, brings lo and gnb0 up with
# their IPv4 addresses and adds the IPv4 default route; it cannot set the MAC
# or the MTU, nor do anything for IPv6 (::1 comes from the kernel with lo).
cat >"$scripts/klibc.sh" <<EOF
# klibc: its sh and ipconfig. \$1 = root.
set -e
$hosts_printf
$klibc/ipconfig -d ip=192.0.2.2::192.0.2.1:255.255.255.252:bench-01:gnb0:none:192.0.2.1 -d 127.0.0.1::0.0.0.0:255.0.0.0::lo:none
$hostname_printf
$resolv_printf
EOF

tools=(guestnet floor floor_na agentd iproute2 ipbatch busybox klibc empty)
[[ -n $agentd ]] || tools=(guestnet floor floor_na iproute2 ipbatch busybox klibc empty)
# The tools guestnet must be faster than (the floor and the empty process
# are not alternatives: they do less by construction).
others=(agentd iproute2 ipbatch busybox klibc)
declare -A label short does checks
label=([guestnet]="guestnet (static musl)"
       [floor]="floor: guestnet's calls, straight-line (\`tools/bench/floor.c\`)"
       [floor_na]="floor less the announce step (\`-DFLOOR_NO_ANNOUNCE\`)"
       [agentd]="Rust agent's network step (\`network.rs\`)"
       [iproute2]="iproute2 \`ip\` script"
       [ipbatch]="\`ip -batch\` script" [busybox]="busybox \`ip\` script"
       [klibc]="klibc \`ipconfig\` script" [empty]="empty static process")
short=([guestnet]="guestnet" [floor]="floor.c" [floor_na]="floor.c, no announce" [agentd]="Rust agent" [iproute2]="ip script"
       [ipbatch]="ip -batch" [busybox]="busybox ip" [klibc]="klibc ipconfig*" [empty]="empty process")
does=([guestnet]="all; files atomic, each flushed by its own fsync; accept_ra, autoconf off"
      [floor]="all: guestnet's system calls (accept_ra, autoconf off too), fixed bytes, nothing parsed or checked"
      [floor_na]="the floor without the announce step (no arp_notify, so no gratuitous ARP; no NA)"
      [agentd]="all; a socket per request and ioctl; files by \`fs::write\`, no fsync"
      [iproute2]="all; files by printf"
      [ipbatch]="all; hostname by \`hostname\`, files by printf"
      [busybox]="all; no \`nodad\`: DAD off by sysctl; files by printf"
      [klibc]="**partial**: no MAC, MTU, IPv6 address or route; files by printf"
      [empty]="nothing: exec and exit")
full="lo_up lo4 lo6 mac mtu addr4 addr6 up route4 route6"
checks=([guestnet]=$full [floor]=$full [floor_na]=$full [agentd]=$full [iproute2]=$full [ipbatch]=$full
        [busybox]=$full [klibc]="lo_up lo4 lo6 addr4 up route4" [empty]="")

# The same environment for every tool.
# shellcheck disable=SC2054 # the commas are in the values
envv=(PATH=/usr/sbin:/usr/bin:/sbin:/bin
      MSB_NET=iface=gnb0,mac=02:00:00:00:00:01,mtu=1400
      MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1
      MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1
      MSB_HOSTNAME=bench-01 MSB_HOST_ALIAS=host.bench.internal)

# tool_argv TOOL ROOT: sets argv to the command line of TOOL, and lopt to
# the launcher options it needs.
tool_argv() {
	lopt=()
	case $1 in
	guestnet) argv=("$guestnet" --root "$2") ;;
	floor) argv=("$floor" "$2") ;;
	floor_na) argv=("$floor_na" "$2") ;;
	agentd) argv=("$agentd"); lopt=(-e "$2/etc") ;;	# it writes /etc itself
	iproute2) argv=(/bin/sh "$scripts/iproute2.sh" "$2") ;;
	ipbatch) argv=(/bin/sh "$scripts/ipbatch.sh" "$2") ;;
	busybox) argv=("$busybox" sh "$scripts/busybox.sh" "$2") ;;
	klibc) argv=("$klibc/sh" "$scripts/klibc.sh" "$2") ;;
	empty) argv=("$empty") ;;
	esac
}

# verify TOOL ROOT EXIT NODENAME: sets why to what ended wrong ("" if nothing).
verify() {
	local t=$1 root=$2 code=$3 node=$4 f bad
	why=""
	((code == 0)) || why+=" exit=$code"
	if [[ $t == empty ]]; then
		[[ $node == gnb-unset ]] || why+=" hostname=$node"
		return
	fi
	[[ $node == bench-01 ]] || why+=" hostname=$node"
	for f in hosts hostname resolv.conf; do
		cmp -s "$work/expect/etc/$f" "$root/etc/$f" || why+=" /etc/$f"
	done
	bad=$(printf 'link show\naddr show\nroute show table all\n' |
		ip -n "$ns" -o -b - 2>&1 | awk -v checks="${checks[$t]}" -f tools/bench/verify.awk)
	[[ -z $bad ]] || why+=" ${bad//$'\n'/ }"
}

declare -A nbad firstbad
for t in "${tools[@]}"; do
	for f in "${fss[@]}" loopidle loopdirty; do nbad[$t.$f]=0; firstbad[$t.$f]=""; done
done

# run_one TOOL FS MODE: one run of TOOL in a fresh namespace, its files on FS
# (tmpfs or disk), its end state verified. MODE time: append "wall_ns
# maxrss_kb minflt cpu_ns" to data/TOOL.FS if the run ended right; warm:
# nothing more; strace: under `strace -f` into TOOL.strace; mem: launcher
# -m, peak VmHWM into peak[TOOL]. On loopidle and loopdirty, a sync() (and
# for loopdirty the other writer's dd) just before, the launcher's own sync()
# left out (-d), and the loop device's KiB written during the run appended
# to data/TOOL.FS.kib.
declare -A peak
run_one() {
	local t=$1 fs=$2 mode=$3 root line wall code rss minflt cpu node w0=0 w1=0
	local pre=() mopt=()
	case $mode in
	strace) pre=(/usr/bin/strace -f -qq -o "$work/$t.strace") ;;
	mem) mopt=(-m) ;;
	esac
	new_ns
	root=${fsroot[$fs]}/root-$nsseq
	mkdir -p "$root/etc"
	tool_argv "$t" "$root"
	if [[ $fs == loop* ]]; then
		mopt+=(-d)
		sync
		[[ $fs == loopdirty ]] && { dirtyfs_dirty "$work/loop" "$dirty_mb" || die "dd of $dirty_mb MiB failed"; }
		w0=$(dirtyfs_written "$work/loop")
	fi
	line=$(env -i "${envv[@]}" "$launcher" "${mopt[@]}" "${lopt[@]}" "/run/netns/$ns" \
		"$work/logs/$t.log" "${pre[@]}" "${argv[@]}") ||
		die "launcher failed for $t: $(cat "$work/logs/$t.log" 2>/dev/null)"
	if [[ $fs == loop* ]]; then
		w1=$(dirtyfs_written "$work/loop")
		[[ $fs == loopdirty ]] && dirtyfs_clean "$work/loop"
	fi
	read -r wall code rss minflt _ cpu node <<<"$line"
	verify "$t" "$root" "$code" "$node"
	if [[ -n $why ]]; then
		why="${why# } ($mode run, ${fsname[$fs]})"
		nbad[$t.$fs]=$((nbad[$t.$fs] + 1))
		if [[ -z ${firstbad[$t.$fs]} ]]; then
			firstbad[$t.$fs]=$why
			cp "$work/logs/$t.log" "$work/logs/$t.$fs.first-bad.log"
			echo "bench: ${label[$t]}: run ended wrong: $why" >&2
			sed 's/^/bench:   | /' "$work/logs/$t.log" | head -n 20 >&2
		fi
	else
		case $mode in
		time)
			echo "$wall $rss $minflt $((cpu * 1000))" >>"$work/data/$t.$fs"
			[[ $fs == loop* ]] && echo $((w1 - w0)) >>"$work/data/$t.$fs.kib"
			;;
		mem) peak[$t]=$rss ;;
		esac
	fi
	rm -rf "$root"
}

# ------------------------------------------------------------ timed rounds
# Every tool on every file system, one run each per round.
pairs=()
for t in "${tools[@]}"; do
	for f in "${fss[@]}"; do pairs+=("$t $f"); done
done
npairs=${#pairs[@]}
load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: guestnet = $guestnet" >&2
echo "bench: floor = $floor" >&2
echo "bench: Rust agent = ${agentd:-not built}" >&2
echo "bench: files on tmpfs ($work/fs) and $diskfs ($diskroot on $disksrc)" >&2
t0=$(date +%s)
make_namespaces $((npairs * (runs + 1) + 2 * ${#tools[@]} + 2 * ${#dirtytools[@]} * (dirty_runs + 1)))
echo "bench: 1 warm-up round + $runs timed rounds of ${#tools[@]} tools x 2 file systems" >&2
for ((r = 0; r <= runs; r++)); do
	for ((i = 0; i < npairs; i++)); do
		# shellcheck disable=SC2086 # "tool fs"
		run_one ${pairs[(i + r) % npairs]} "$([[ $r == 0 ]] && echo warm || echo time)"
	done
	((r % 10 == 0)) && echo "bench: round $r/$runs" >&2
done

# ------------------------------------------- the dirty file system's rounds
# One untimed warm-up round, then each round an idle and a dirty run of
# each tool (the start rotates each round).
echo "bench: dirty file system: 1 warm-up round + $dirty_runs rounds of ${dirtytools[*]}, $dirty_mb MiB dirty" >&2
dpairs=()
for t in "${dirtytools[@]}"; do dpairs+=("$t loopidle" "$t loopdirty"); done
for ((r = 0; r <= dirty_runs; r++)); do
	for ((i = 0; i < ${#dpairs[@]}; i++)); do
		# shellcheck disable=SC2086 # "tool fs"
		run_one ${dpairs[(i + r) % ${#dpairs[@]}]} "$([[ $r == 0 ]] && echo warm || echo time)"
	done
done

# ------------------------------------------------ strace and memory runs
declare -A nsys nproc bytes nfiles
for t in "${tools[@]}"; do
	peak[$t]=-
	run_one "$t" tmpfs mem
	run_one "$t" tmpfs strace
	awk -f tools/bench/analyze.awk "$work/$t.strace" >"$work/$t.analysis"
	nsys[$t]=$(awk '$1 == "syscalls" { print $2 }' "$work/$t.analysis")
	nproc[$t]=$(awk '$1 == "processes" { print $2 }' "$work/$t.analysis")
	# Executables (with their ELF interpreter) and shared objects, each once.
	declare -A seen=()
	total=0
	while read -r kind path; do
		[[ $path == /proc/self/exe ]] && continue   # busybox re-executing itself
		for f in "$path" $([[ $kind == exec ]] && readelf -lW "$path" 2>/dev/null |
			sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p'); do
			f=$(realpath -e "$f") || continue
			[[ -n ${seen[$f]:-} ]] && continue
			seen[$f]=1
			total=$((total + $(stat -c %s "$f")))
		done
	done < <(awk '$1 == "exec" || $1 == "lib"' "$work/$t.analysis")
	bytes[$t]=$total
	nfiles[$t]=${#seen[@]}
	unset seen
done

# Is the floor program still in step with guestnet? The two call sequences
# (names, and the request of each ioctl), from the strace runs.
callseq() {
	awk '$2 == "+++" || $2 == "---" { next }
		{ s = $2; sub(/\(.*/, "", s); if (s == "ioctl") { q = $3; sub(/,$/, "", q); s = s " " q } print s }' "$1"
}
callseq "$work/guestnet.strace" >"$work/guestnet.calls"
callseq "$work/floor.strace" >"$work/floor.calls"
if cmp -s "$work/guestnet.calls" "$work/floor.calls"; then
	instep=""
else
	instep=$(paste -d '|' "$work/guestnet.calls" "$work/floor.calls" |
		awk -F'|' '$1 != $2 { printf "call %d is %s in guestnet, %s in floor", NR,
			($1 == "" ? "none" : $1), ($2 == "" ? "none" : $2); exit }')
	echo "bench: floor.c is out of step with guestnet: $instep (tools/bench/floor.c says how to update it)" >&2
fi
elapsed=$(($(date +%s) - t0))

# ----------------------------------------------------------------- report
load1=$(cut -d' ' -f1-3 /proc/loadavg)
# stats FILE COL: "median min max" of column COL, or "- - -" without data.
stats() {
	[[ -s $1 ]] || { echo "- - -"; return; }
	sort -n -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      print m, v[1], v[NR] }'
}
commas() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
ms() {
	if [[ $1 == - ]]; then echo "-"; else awk -v v="$1" 'BEGIN { printf "%.2f", v / 1e6 }'; fi
}
ratio() {
	if [[ $1 == - || $2 == - ]]; then echo "-"
	else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}
# below A B: true when A < B (both numbers).
below() { [[ $1 != - && $2 != - ]] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

declare -A med lo hi fltmed cpumed kibmed
for t in "${tools[@]}"; do
	for f in "${fss[@]}" loopidle loopdirty; do
		read -r "kibmed[$t.$f]" _ _ < <(stats "$work/data/$t.$f.kib" 1)
		read -r "cpumed[$t.$f]" _ _ < <(stats "$work/data/$t.$f" 4)
		read -r "med[$t.$f]" "lo[$t.$f]" "hi[$t.$f]" < <(stats "$work/data/$t.$f" 1)
		read -r "fltmed[$t.$f]" _ _ < <(stats "$work/data/$t.$f" 3)
	done
done

nsync=$(awk '$1 == "call" && ($2 == "fsync" || $2 == "fdatasync" || $2 == "syncfs") { n += $3 }
	END { print n + 0 }' "$work/guestnet.analysis")
cpumodel=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
d=$diskfs
md=$work/results.md
# The chart's data and script stay in build/bench (re-render with gnuplot).
plotdata=$top/build/bench/plot.dat
{
	echo "# guestnet against the alternatives"
	echo
	echo "Generated by \`make bench\` (\`tools/bench.sh\`) on $(date -u +%Y-%m-%d): Linux $(uname -r), $(nproc) CPUs ($cpumodel);"
	echo "$runs rounds after one warm-up round, $((elapsed / 60)) min $((elapsed % 60)) s from the first namespace to the last strace run."
	echo "Every tool runs on both file systems, interleaved round by round: its files under a fresh root on a tmpfs,"
	echo "and on $d (a directory on $disksrc, where fsync reaches the disk). Each run is in a fresh network namespace"
	echo "(gnb0, a veth whose peer is up in another namespace) and UTS and mount namespaces, at nice -20. Time is wall"
	echo "time from fork to wait4 of the tool's whole process tree, taken by \`tools/bench/launcher\`; the machine is"
	echo "shared and noisy (load average $load0 at the start, $load1 at the end), so compare ratios, not"
	echo "absolutes. CPU ms (user + system) and minor faults: medians of wait4's rusage over the tree; CPU time leaves"
	echo "out waiting for a CPU or the disk, and kernel work done elsewhere."
	echo
	echo "| tool | does | tmpfs: median ms | min ms | max ms | × guestnet | CPU ms | $d: median ms | min ms | max ms | × guestnet | CPU ms |"
	echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
	for t in "${tools[@]}"; do
		printf '| %s | %s ' "${label[$t]}" "${does[$t]}"
		for f in "${fss[@]}"; do
			printf '| %s | %s | %s | %s | %s ' "$(ms "${med[$t.$f]}")" "$(ms "${lo[$t.$f]}")" \
				"$(ms "${hi[$t.$f]}")" "$(ratio "${med[$t.$f]}" "${med[guestnet.$f]}")" \
				"$(ms "${cpumed[$t.$f]}")"
		done
		echo "|"
	done
	echo
	echo "A dirty file system: the files on a loop-mounted ext4 (a fresh one in an image file on $disksrc), $dirty_runs"
	echo "rounds after one warm-up round, each an idle run (a \`sync()\` just before) and a dirty run (a \`sync()\`, then"
	echo "$dirty_mb MiB written by \`dd\` to another file of that ext4 and left dirty, as another program's data would be)."
	echo "A run that flushed the whole file system would wait for the other data (and the loop device would write it):"
	echo "the ratio dirty/idle of the medians and the KiB written show whether it does. Medians over the rounds."
	echo
	echo "| tool | idle: median ms | KiB written | $dirty_mb MiB dirty: median ms | KiB written | dirty / idle |"
	echo "|---|--:|--:|--:|--:|--:|"
	for t in "${dirtytools[@]}"; do
		printf '| %s | %s | %s | %s | %s | %s |\n' "${label[$t]}" "$(ms "${med[$t.loopidle]}")" \
			"$(commas "${kibmed[$t.loopidle]%.*}")" "$(ms "${med[$t.loopdirty]}")" \
			"$(commas "${kibmed[$t.loopdirty]%.*}")" "$(ratio "${med[$t.loopdirty]}" "${med[$t.loopidle]}")"
	done
	echo
	echo "What one run costs (files on tmpfs): system calls, processes and bytes come from one more run under"
	echo "\`strace -f\`; bytes loaded is the size of every executable, ELF interpreter and shared library the run"
	echo "loaded, each once. Peak RSS comes from one more run under ptrace: the largest VmHWM of any process of the"
	echo "tree, read as it exits (wait4's ru_maxrss is summed from per-CPU counters that read small processes low"
	echo "on this kernel). Minor faults: the median of the timed runs."
	echo
	echo "| tool | syscalls | processes | bytes loaded (files) | peak RSS KiB | minor faults |"
	echo "|---|--:|--:|--:|--:|--:|"
	for t in "${tools[@]}"; do
		printf '| %s | %s | %s | %s (%s) | %s | %s |\n' "${label[$t]}" "$(commas "${nsys[$t]}")" \
			"${nproc[$t]}" "$(commas "${bytes[$t]}")" "${nfiles[$t]}" "$(commas "${peak[$t]}")" \
			"$(commas "${fltmed[$t.tmpfs]%.*}")"
	done
	echo
	echo "Budgets (reported by the bench, not asserted by \`make check\`; the syscall budget is enforced by"
	echo "\`test/syscalls.sh\`):"
	echo
	for f in "${fss[@]}"; do
		g=${med[guestnet.$f]} fl=${med[floor.$f]}
		if [[ $g != - && $fl != - ]]; then
			r=$(ratio "$g" "$fl")
			verdict=$(awk -v r="$r" 'BEGIN { print (r <= 1.10) ? "met" : "**not met**" }')
			echo "- budget: guestnet's median within 1.10× of the floor program's, files on ${fsname[$f]}: ${r}×: $verdict."
			echo "  (By the minima: $(ratio "${lo[guestnet.$f]}" "${lo[floor.$f]}")×; by median CPU time: $(ratio "${cpumed[guestnet.$f]}" "${cpumed[floor.$f]}")×.)"
		else
			echo "- budget: guestnet against the floor program, files on ${fsname[$f]}: **not met** (no valid runs)."
		fi
	done
	for f in "${fss[@]}"; do
		slower=()
		for t in "${others[@]}"; do
			[[ " ${tools[*]} " == *" $t "* ]] || continue
			below "${med[guestnet.$f]}" "${med[$t.$f]}" || slower+=("${short[$t]}")
		done
		if ((${#slower[@]} == 0)); then
			echo "- budget: guestnet's median below every other tool's, files on ${fsname[$f]}: met."
		else
			echo "- budget: guestnet's median below every other tool's, files on ${fsname[$f]}: **not met** (${slower[*]})."
		fi
	done
	rssbig=()
	for t in "${others[@]}"; do
		[[ " ${tools[*]} " == *" $t "* ]] || continue
		[[ ${peak[guestnet]} != - && ${peak[$t]} != - ]] && ((peak[guestnet] < peak[$t])) ||
			rssbig+=("${short[$t]}")
	done
	if ((${#rssbig[@]} == 0)); then echo "- budget: guestnet's peak RSS below every other tool's: met."
	else echo "- budget: guestnet's peak RSS below every other tool's: **not met** (${rssbig[*]})."; fi
	verdict=$([[ ${nsys[guestnet]} -le 48 ]] && echo met || echo "**not met**")
	echo "- budget: guestnet's syscalls from execve to exit: ${nsys[guestnet]} (≤ 48, test/syscalls.sh: six of them for"
	echo "  accept_ra and autoconf, each opened, written and closed in /proc/sys): $verdict."
	if [[ -z $instep ]]; then
		echo "- floor.c in step with guestnet: the same ${nsys[floor]} calls in the same order (guestnet ${nsys[guestnet]}, floor ${nsys[floor]}): met."
	else
		echo "- floor.c in step with guestnet: **not met**: guestnet ${nsys[guestnet]} calls, floor ${nsys[floor]}; $instep."
	fi
	if [[ -z $agentd ]]; then
		echo "- The Rust agent's row is missing: it was not built: $agentd_why."
	fi
	echo
	echo "Notes:"
	echo
	echo "- The floor program (\`tools/bench/floor.c\`) makes guestnet's system calls, in guestnet's order, with the"
	echo "  netlink requests, packets and files as fixed bytes: what is left of guestnet's time above it is its own"
	echo "  work in user space (the environment read and checked, messages built, replies matched and checked)."
	echo "  It leaves the same end state, verified like every tool's."
	echo "- The floor less the announce step (the same program built with \`-DFLOOR_NO_ANNOUNCE\`: no arp_notify request"
	echo "  in the address batch, so the kernel sends no gratuitous ARP as gnb0 comes up, and no ICMPv6 socket for the"
	echo "  neighbour advertisement) shows what that one step costs: on tmpfs the floor's median is $(ms "${med[floor.tmpfs]}") ms"
	echo "  with it and $(ms "${med[floor_na.tmpfs]}") ms without. guestnet opens no packet socket on a fresh guest: closing one waits"
	echo "  for an RCU grace period (\`synchronize_net()\` in the kernel's \`packet_release()\`)."
	if [[ -n $agentd ]]; then
		echo "- The Rust agent's row is \`network.rs\` of the agent guestnet replaces, unmodified, with a small driver"
		echo "  (\`tools/bench/agentd\`) that reads the MSB_* values and calls \`apply_hostname\` and"
		echo "  \`apply_network_config\` as the agent's init does. Built offline from Debian's packages, static"
		echo "  (glibc: Debian has no Rust standard library for musl) with the agent's release profile:"
		while IFS= read -r line; do echo "  $line;"; done <<<"$agentd_versions"
		echo "  It writes /etc itself, so the launcher binds the run's ROOT/etc over /etc in its mount namespace."
	fi
	echo "- Every script runs in its own shell (\`/bin/sh\` is dash; busybox and klibc use their own shells) and"
	echo "  writes hosts, hostname and resolv.conf with printf, as a user of that tool would."
	echo "- guestnet and the floor write each file atomically and durably (each temp file written, flushed by its own"
	echo "  fsync, closed, then renamed; flush calls a run: $nsync); the scripts' printf and the Rust"
	echo "  agent's \`fs::write\` do not flush, which the $d column shows."
	echo "- Bringing \`lo\` up makes the kernel add 127.0.0.1/8 and ::1/128, so the scripts do not add them."
	echo "- guestnet and the floor also turn gnb0's router advertisements and autoconfiguration off (accept_ra and"
	echo "  autoconf to 0 in /proc/sys, as a static IPv6 configuration asks: six calls); the scripts and the Rust"
	echo "  agent do not."
	echo "- \\* klibc \`ipconfig\` is IPv4 only: it sets the hostname and brings \`lo\` and gnb0 up with their IPv4"
	echo "  addresses and the IPv4 default route, but cannot set the MAC or MTU or configure IPv6; its run is"
	echo "  verified for what it does, so it does less work than the others."
	echo "- busybox's \`ip\` has no \`nodad\`: its script turns DAD off with \`accept_dad\` before adding the address."
	echo "- guestnet's median is $(ratio "${med[guestnet.tmpfs]}" "${med[empty.tmpfs]}")× the empty static process's on tmpfs (exec and exit alone)."
	any=0
	for t in "${tools[@]}"; do
		for f in "${fss[@]}" loopidle loopdirty; do
			if ((nbad[$t.$f])); then
				any=1
				echo "- **$((nbad[$t.$f])) run(s) of ${label[$t]} on ${fsname[$f]} ended wrong** and were not timed; the first: ${firstbad[$t.$f]}."
			fi
		done
	done
	((any)) || echo "- Every run of every tool ended in the expected state."
	echo
	echo "System calls by name (strace -f, one run each):"
	echo
	cols=(guestnet floor)
	[[ -n $agentd ]] && cols+=(agentd)
	printf '| syscall |'; for t in "${cols[@]}"; do printf ' %s |' "${short[$t]}"; done; echo
	printf '|---|'; for t in "${cols[@]}"; do printf -- '--:|'; done; echo
	for t in "${cols[@]}"; do
		awk -v t="$t" '$1 == "call" { print $2, t, $3 }' "$work/$t.analysis"
	done | awk -v cols="${cols[*]}" '
		{ n[$1, $2] = $3; names[$1] = 1; if ($2 == "guestnet") g[$1] = $3; else if (!($1 in g)) g[$1] = 0 }
		END {
			k = split(cols, c, " ")
			for (s in names) {
				line = "| " s " |"
				for (i = 1; i <= k; i++) line = line " " ((s, c[i]) in n ? n[s, c[i]] : "-") " |"
				print g[s], s, line
			}
		}' | sort -k1,1nr -k2,2 | cut -d' ' -f3-
	echo
	echo "![wall time and syscalls per tool](results.svg)"
} >"$md"

for t in "${tools[@]}"; do
	[[ ${med[$t.tmpfs]} == - && ${med[$t.disk]} == - ]] && continue
	printf '"%s"' "${short[$t]}"
	for f in "${fss[@]}"; do
		printf ' %s %s %s' "$(ms "${med[$t.$f]}")" "$(ms "${lo[$t.$f]}")" "$(ms "${hi[$t.$f]}")"
	done
	printf ' %s %s\n' "${nsys[$t]}" "$(ratio "${med[$t.tmpfs]}" "${med[guestnet.tmpfs]}")"
done | sed 's/ - / NaN /g; s/ -$/ NaN/' >"$plotdata"

mkdir -p bench
cp "$md" bench/results.md
cat >build/bench/plot.gp <<EOF
set terminal svg size 1100,480 dynamic font 'sans,12' background rgb 'white'
set output '$top/bench/results.svg'
set bmargin 6
set multiplot layout 1,2 title "Full network configuration per tool: $runs runs each per file system, fresh namespaces ($(uname -r), $(nproc) CPUs)"
set style fill solid 0.85 border -1
set xtics rotate by -30 nomirror
set ytics nomirror
set grid ytics
set xrange [-0.6:*]
set title 'wall time, ms (log scale): median, whiskers min-max; × guestnet on tmpfs'
set logscale y
set yrange [0.1:*]
set key top left
plot '$plotdata' using (\$0-0.2):2:(0.38):xtic(1) with boxes lc rgb '0x4477aa' title 'files on tmpfs', \
     '' using (\$0+0.2):5:(0.38) with boxes lc rgb '0xe8a77f' title 'files on $d', \
     '' using (\$0-0.2):3:(0):(\$4-\$3) with vectors nohead lc rgb 'black' lw 1.2 notitle, \
     '' using (\$0+0.2):6:(0):(\$7-\$6) with vectors nohead lc rgb 'black' lw 1.2 notitle, \
     '' using (\$0-0.2):4:(sprintf('%s×', strcol(9))) with labels offset 0,0.8 font 'sans,9' notitle
set title 'system calls per run (strace -f), log scale'
set label 1 '* klibc ipconfig does the IPv4 part only (no MAC, MTU or IPv6)' at screen 0.01,0.025 font 'sans,10'
set logscale y
set yrange [1:*]
set key off
plot '$plotdata' using 0:8:(0.6):xtic(1) with boxes lc rgb '0x4477aa', \
     '' using 0:8:8 with labels offset 0,0.8 font 'sans,10'
unset multiplot
EOF
gnuplot build/bench/plot.gp || echo "bench: gnuplot failed; bench/results.svg not written" >&2

cat bench/results.md
total_bad=0
for t in "${tools[@]}"; do
	for f in "${fss[@]}" loopidle loopdirty; do total_bad=$((total_bad + nbad[$t.$f])); done
done
((total_bad == 0)) || { echo "bench: $total_bad run(s) ended wrong (see the notes above)" >&2; exit 1; }
