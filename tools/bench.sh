#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tools/bench.sh: `make bench` (issue 6). guestnet against the tools users
# would pick instead, on one machine, in one run.
#
# Every tool does the same full configuration (SPEC §3): /etc/hosts, hostname
# (sethostname and /etc/hostname), lo up with 127.0.0.1/8 and ::1/128, gnb0's
# MAC and MTU, 192.0.2.2/30 and 2001:db8::2/64 without DAD, gnb0 up, both
# default routes, /etc/resolv.conf, the files under a fresh temp root. A tool
# that cannot write files gets printf in its script; one that cannot do a step
# runs for what it can do and is marked.
#
# Each run gets a fresh network namespace holding gnb0, one end of a veth
# pair whose other end is up in a peer namespace (as a VM's virtio link is);
# all are made before the first run and deleted after the last. The files go
# to a fresh directory on a tmpfs (one extra row: guestnet with its root on
# the disk). tools/bench/launcher puts the tool in fresh UTS and mount
# namespaces and measures fork..wait4 of its whole process tree and its minor
# faults. Rounds interleave the tools (the start rotates each round),
# after one untimed warm-up round. The end state is verified after every run;
# a run that ends wrong is reported, not timed. One more run of each tool under
# `strace -f` counts system calls, processes and the executables and libraries
# loaded.
#
# Writes bench/results.md (also printed) and bench/results.svg.
# Environment: BENCH_RUNS rounds (default 30, 1-1000); GUESTNET=path to a
# guestnet binary instead of `tools/build.sh musl-static`.
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

die() { echo "bench: $*" >&2; exit 2; }

# ---------------------------------------------------------------- packages
pkgs=(iproute2 busybox-static klibc-utils strace gnuplot-nox musl-tools gcc
      libc6-dev binutils hostname util-linux)
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

# ------------------------------------------------- work dir, namespaces
work=$(mktemp -d /tmp/gnb.XXXXXX)
peer=gnb-$$-peer
nsseq=0
cleanup() {
	mountpoint -q "$work/fs" 2>/dev/null && umount "$work/fs"
	ip netns list 2>/dev/null | awk -v p="gnb-$$-" 'index($1, p) == 1 { print "netns del " $1 }' |
		ip -force -batch - 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$peer" || die "cannot create namespace $peer"
# The files go to a tmpfs, so that no tool's time depends on the disk; one
# extra row runs guestnet with its root on the disk to show what its fsyncs
# cost there (the scripts' printf does not fsync).
mkdir -p "$work/fs" "$work/disk"
mount -t tmpfs -o size=64m,mode=0755 gnb-bench "$work/fs" || die "cannot mount a tmpfs on $work/fs"
diskfs=$(df --output=fstype "$work/disk" | tail -n 1)

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

# Steps are in SPEC §3 order: hosts, hostname, lo, the interface, resolv.conf.
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

tools=(guestnet guestnet_disk iproute2 ipbatch busybox klibc floor)
declare -A label short does checks
label=([guestnet]="guestnet (static musl)" [guestnet_disk]="guestnet, files on $diskfs"
       [iproute2]="iproute2 \`ip\` script"
       [ipbatch]="\`ip -batch\` script" [busybox]="busybox \`ip\` script"
       [klibc]="klibc \`ipconfig\` script" [floor]="floor: empty static process")
short=([guestnet]="guestnet" [guestnet_disk]="guestnet ($diskfs)" [iproute2]="ip script" [ipbatch]="ip -batch"
       [busybox]="busybox ip" [klibc]="klibc ipconfig*" [floor]="empty process")
does=([guestnet]="all"
      [guestnet_disk]="all; root on $diskfs"
      [iproute2]="all; files by printf"
      [ipbatch]="all; hostname by \`hostname\`, files by printf"
      [busybox]="all; no \`nodad\`: DAD off by sysctl; files by printf"
      [klibc]="**partial**: no MAC, MTU, IPv6 address or route; files by printf"
      [floor]="nothing")
full="lo_up lo4 lo6 mac mtu addr4 addr6 up route4 route6"
checks=([guestnet]=$full [guestnet_disk]=$full [iproute2]=$full [ipbatch]=$full [busybox]=$full
        [klibc]="lo_up lo4 lo6 addr4 up route4" [floor]="")

# The same environment for every tool.
# shellcheck disable=SC2054 # the commas are in the values
envv=(PATH=/usr/sbin:/usr/bin:/sbin:/bin
      MSB_NET=iface=gnb0,mac=02:00:00:00:00:01,mtu=1400
      MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.1
      MSB_NET_IPV6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::1
      MSB_HOSTNAME=bench-01 MSB_HOST_ALIAS=host.bench.internal)

# tool_argv TOOL ROOT: sets argv to the command line of TOOL.
tool_argv() {
	case $1 in
	guestnet | guestnet_disk) argv=("$guestnet" --root "$2") ;;
	iproute2) argv=(/bin/sh "$scripts/iproute2.sh" "$2") ;;
	ipbatch) argv=(/bin/sh "$scripts/ipbatch.sh" "$2") ;;
	busybox) argv=("$busybox" sh "$scripts/busybox.sh" "$2") ;;
	klibc) argv=("$klibc/sh" "$scripts/klibc.sh" "$2") ;;
	floor) argv=("$empty") ;;
	esac
}

# verify TOOL ROOT EXIT NODENAME: sets why to what ended wrong ("" if nothing).
verify() {
	local t=$1 root=$2 code=$3 node=$4 f bad
	why=""
	((code == 0)) || why+=" exit=$code"
	if [[ $t == floor ]]; then
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
for t in "${tools[@]}"; do nbad[$t]=0; firstbad[$t]=""; done

# run_one TOOL MODE: one run of TOOL in a fresh namespace, its end state
# verified. MODE time: append "wall_ns maxrss_kb minflt cpu_ns" to data/TOOL if the
# run ended right; warm: nothing more; strace: under `strace -f` into
# TOOL.strace; mem: launcher -m, peak VmHWM into peak[TOOL].
declare -A peak
run_one() {
	local t=$1 mode=$2 root line wall code rss minflt cpu node
	local pre=() lopt=()
	case $mode in
	strace) pre=(/usr/bin/strace -f -qq -o "$work/$t.strace") ;;
	mem) lopt=(-m) ;;
	esac
	new_ns
	root=$work/fs/root-$nsseq
	[[ $t == guestnet_disk ]] && root=$work/disk/root-$nsseq
	mkdir -p "$root/etc"
	tool_argv "$t" "$root"
	line=$(env -i "${envv[@]}" "$launcher" "${lopt[@]}" "/run/netns/$ns" "$work/logs/$t.log" \
		"${pre[@]}" "${argv[@]}") ||
		die "launcher failed for $t: $(cat "$work/logs/$t.log" 2>/dev/null)"
	read -r wall code rss minflt _ cpu node <<<"$line"
	verify "$t" "$root" "$code" "$node"
	if [[ -n $why ]]; then
		why="${why# } ($mode run)"
		nbad[$t]=$((nbad[$t] + 1))
		if [[ -z ${firstbad[$t]} ]]; then
			firstbad[$t]=$why
			cp "$work/logs/$t.log" "$work/logs/$t.first-bad.log"
			echo "bench: ${label[$t]}: run ended wrong: $why" >&2
			sed 's/^/bench:   | /' "$work/logs/$t.log" | head -n 20 >&2
		fi
	else
		case $mode in
		time) echo "$wall $rss $minflt $((cpu * 1000))" >>"$work/data/$t" ;;
		mem) peak[$t]=$rss ;;
		esac
	fi
	rm -rf "$root"
}

# ------------------------------------------------------------ timed rounds
ntools=${#tools[@]}
load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: guestnet = $guestnet" >&2
make_namespaces $((ntools * (runs + 3)))
echo "bench: 1 warm-up round + $runs timed rounds of ${ntools} tools" >&2
for ((r = 0; r <= runs; r++)); do
	for ((i = 0; i < ntools; i++)); do
		run_one "${tools[(i + r) % ntools]}" "$([[ $r == 0 ]] && echo warm || echo time)"
	done
	((r % 10 == 0)) && echo "bench: round $r/$runs" >&2
done

# ------------------------------------------------ strace and memory runs
declare -A nsys nproc bytes nfiles
for t in "${tools[@]}"; do
	peak[$t]=-
	run_one "$t" mem
	run_one "$t" strace
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

declare -A med lo hi fltmed cpumed
for t in "${tools[@]}"; do
	read -r "cpumed[$t]" _ _ < <(stats "$work/data/$t" 4)
	read -r "med[$t]" "lo[$t]" "hi[$t]" < <(stats "$work/data/$t" 1)
	read -r "fltmed[$t]" _ _ < <(stats "$work/data/$t" 3)
done

nsync=$(awk '$1 == "call" && ($2 == "fsync" || $2 == "fdatasync") { n += $3 } END { print n + 0 }' \
	"$work/guestnet.analysis")
does[guestnet_disk]="all; root on $diskfs: its $nsync fsyncs reach the disk"
cpumodel=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
md=$work/results.md
plotdata=$work/plot.dat
{
	echo "# guestnet against the alternatives"
	echo
	echo "Generated by \`make bench\` (\`tools/bench.sh\`) on $(date -u +%Y-%m-%d): Linux $(uname -r), $(nproc) CPUs ($cpumodel)."
	echo "$runs rounds after one warm-up round; the tools run interleaved, round by round, each run in a fresh"
	echo "network namespace (gnb0, a veth whose peer is up in another namespace) and UTS and mount namespaces, at"
	echo "nice -20. Time is wall time from fork to wait4 of the tool's whole process tree, taken by"
	echo "\`tools/bench/launcher\`; the machine is shared and noisy (load average $load0 at the start,"
	echo "$load1 at the end), so compare ratios, not absolutes. CPU ms (user + system) and minor faults: medians"
	echo "of wait4's rusage over the tree; CPU time leaves out waiting for a CPU, and kernel work done elsewhere."
	echo "Syscalls, processes and bytes come from one more run under \`strace -f\`: bytes loaded is the size"
	echo "of every executable, ELF interpreter and shared library the run loaded, each once. Peak RSS comes from one"
	echo "more run under ptrace: the largest VmHWM of any process of the tree, read as it exits (wait4's ru_maxrss"
	echo "is summed from per-CPU counters that read small processes low on this kernel: 0 KiB for the empty process)."
	echo
	echo "| tool | does | median ms | min ms | max ms | × guestnet | CPU ms | syscalls | processes | bytes loaded (files) | peak RSS KiB | minor faults |"
	echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
	for t in "${tools[@]}"; do
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s |\n' \
			"${label[$t]}" "${does[$t]}" "$(ms "${med[$t]}")" "$(ms "${lo[$t]}")" "$(ms "${hi[$t]}")" \
			"$(ratio "${med[$t]}" "${med[guestnet]}")" "$(ms "${cpumed[$t]}")" \
			"$(commas "${nsys[$t]}")" "${nproc[$t]}" \
			"$(commas "${bytes[$t]}")" "${nfiles[$t]}" "$(commas "${peak[$t]}")" "$(commas "${fltmed[$t]%.*}")"
	done
	echo
	echo "Budgets (reported, not asserted; the syscall budget is enforced by \`test/syscalls.sh\`):"
	echo
	g=${med[guestnet]} f=${med[floor]}
	if [[ $g != - && $f != - ]]; then
		r=$(ratio "$g" "$f")
		verdict=$(awk -v r="$r" 'BEGIN { print (r <= 1.25) ? "met" : "**not met**" }')
		echo "- guestnet's median time is ${r}× the empty static process's (budget ≤ 1.25×): $verdict."
		echo "  By the minima, which load disturbs least: $(ratio "${lo[guestnet]}" "${lo[floor]}")×; by median CPU time:"
		echo "  $(ratio "${cpumed[guestnet]}" "${cpumed[floor]}")×."
	else
		echo "- guestnet against the empty static process: no valid runs."
	fi
	slower=() rssbig=()
	for t in iproute2 ipbatch busybox klibc; do	# guestnet_disk is guestnet
		[[ $g != - && ${med[$t]} != - ]] &&
			awk -v a="$g" -v b="${med[$t]}" 'BEGIN { exit !(a < b) }' || slower+=("${short[$t]}")
		[[ ${peak[guestnet]} != - && ${peak[$t]} != - ]] &&
			((peak[guestnet] < peak[$t])) || rssbig+=("${short[$t]}")
	done
	if ((${#slower[@]} == 0)); then echo "- guestnet's median time is below every other tool's: met."
	else echo "- guestnet's median time is below every other tool's: **not met** (${slower[*]})."; fi
	if ((${#rssbig[@]} == 0)); then echo "- guestnet's peak RSS is below every other tool's: met."
	else echo "- guestnet's peak RSS is below every other tool's: **not met** (${rssbig[*]})."; fi
	verdict=$([[ ${nsys[guestnet]} -le 48 ]] && echo met || echo "**not met**")
	echo "- guestnet's syscalls from execve to exit: ${nsys[guestnet]} (budget ≤ 48): $verdict."
	echo
	echo "Notes:"
	echo
	echo "- Every tool but guestnet runs as a shell script (\`/bin/sh\` is dash; busybox and klibc use their own"
	echo "  shells) that writes hosts, hostname and resolv.conf with printf, as a user of that tool would."
	echo "- The files go to a tmpfs for every tool, so that no time depends on the disk. guestnet writes each file"
	echo "  atomically and durably (temp file, fsync, rename); the scripts' printf does not fsync. The row"
	echo "  \"${label[guestnet_disk]}\" runs guestnet with its root on this machine's $diskfs disk to show what that costs."
	echo "- Bringing \`lo\` up makes the kernel add 127.0.0.1/8 and ::1/128, so the scripts do not add them."
	echo "- \\* klibc \`ipconfig\` is IPv4 only: it sets the hostname and brings \`lo\` and gnb0 up with their IPv4"
	echo "  addresses and the IPv4 default route, but cannot set the MAC or MTU or configure IPv6; its run is"
	echo "  verified for what it does, so it does less work than the others."
	echo "- busybox's \`ip\` has no \`nodad\`: its script turns DAD off with \`accept_dad\` before adding the address."
	any=0
	for t in "${tools[@]}"; do
		if ((nbad[$t])); then
			any=1
			echo "- **$((nbad[$t])) run(s) of ${label[$t]} ended wrong** and were not timed; the first: ${firstbad[$t]}."
		fi
	done
	((any)) || echo "- Every run of every tool ended in the expected state."
	echo
	echo "guestnet's system calls (strace -f, one run):"
	echo
	echo "| syscall | count |"
	echo "|---|--:|"
	awk '$1 == "call" { print $3, $2 }' "$work/guestnet.analysis" | sort -k1,1nr -k2,2 |
		awk '{ printf "| %s | %s |\n", $2, $1 }'
	echo
	echo "![wall time and syscalls per tool](results.svg)"
} >"$md"

for t in "${tools[@]}"; do
	[[ ${med[$t]} == - ]] && continue
	printf '"%s" %s %s %s %s %s %s\n' "${short[$t]}" "$(ms "${med[$t]}")" "$(ms "${lo[$t]}")" \
		"$(ms "${hi[$t]}")" "$(ratio "${med[$t]}" "${med[guestnet]}")" "${nsys[$t]}" \
		"$(case $t in guestnet) echo 0xcc6633 ;; guestnet_disk) echo 0xe8a77f ;; *) echo 0x4477aa ;; esac)"
done >"$plotdata"

mkdir -p bench
cp "$md" bench/results.md
gnuplot <<EOF || echo "bench: gnuplot failed; bench/results.svg not written" >&2
set terminal svg size 1000,460 dynamic font 'sans,12' background rgb 'white'
set output 'bench/results.svg'
set bmargin 5
set multiplot layout 1,2 title "Full network configuration per tool: $runs runs each, fresh namespaces ($(uname -r), $(nproc) CPUs)"
set style fill solid 0.85 border -1
set boxwidth 0.6
set xtics rotate by -30 nomirror
set ytics nomirror
set grid ytics
set key off
set xrange [-0.6:*]
set title 'wall time, ms (log scale): median, whiskers min-max; × guestnet'
set logscale y
set yrange [0.5:*]
plot '$plotdata' using 0:2:7:xtic(1) with boxes lc rgb variable, \
     '' using 0:3:(0):(\$4-\$3) with vectors nohead lc rgb 'black' lw 1.5, \
     '' using 0:4:(sprintf('%s×', strcol(5))) with labels offset 0,0.8 font 'sans,10'
set title 'system calls per run (strace -f), log scale'
set label 1 '* klibc ipconfig does the IPv4 part only (no MAC, MTU or IPv6)' at screen 0.01,0.025 font 'sans,10'
set logscale y
set yrange [1:*]
plot '$plotdata' using 0:6:7:xtic(1) with boxes lc rgb variable, \
     '' using 0:6:6 with labels offset 0,0.8 font 'sans,10'
unset multiplot
EOF

cat bench/results.md
total_bad=0
for t in "${tools[@]}"; do total_bad=$((total_bad + nbad[$t])); done
((total_bad == 0)) || { echo "bench: $total_bad run(s) ended wrong (see the notes above)" >&2; exit 1; }
