#!/bin/bash
# test/ipnet.sh - the ip= family (ip=, nameserver=, rd.route=, ifname=;
# IP-DECISIONS.md, issue 17) with the real binary against the real kernel,
# each run's result read back with `ip -j` (test/nsstate.py) and the files
# written under --root:
#  1. two veth interfaces (eth0, eth1) from one command line;
#  2. dual stack from two ip= for eth0;
#  3. rd.route= with and without an interface name;
#  4. nameserver=: command-line order, duplicates once, a fourth warned of;
#  5. ifname=NAME:MAC renames the interface that has the MAC, then ip=
#     configures it under its new name;
#  6. a guest without a gateway: its address, no default route;
#  7. a re-run with a new ip= converges: the state and files of a fresh
#     guest given the new input;
#  8. ip= and nameserver= from init's environment (a kernel without
#     CONFIG_IP_PNP hands them to init), each given twice;
#  9. MSB_* and ip= together: exit 2, nothing changed;
# 10. a dynamic ip= (dhcp): a notice, the interface left alone, exit 0;
# 11. ip= without an interface: the one Ethernet interface configured; two
#     Ethernet interfaces: exit 1, the message names them;
# 12. the dry run is the plan (test/lib.sh): every run of 1-11 again, its
#     dry run against its verbose run.
# Each case runs guestnet in network namespaces of its own (gnt-ipn-*),
# under new UTS and mount namespaces, with --root in a temporary directory;
# every run is killed after 10 s.
#
# GUESTNET=path picks the binary (default ./guestnet); GUESTNET_RUNNER is a
# prefix for it. Root is needed. Addresses: documentation ranges only, only
# inside these namespaces.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
read -ra RUNNER <<<"${GUESTNET_RUNNER:-}" # words: a command and its options
if [ "$(id -u)" != 0 ]; then
	echo "FAIL ipnet: needs root for network namespaces"
	exit 1
fi
"$top/tools/deps.sh" iproute2 util-linux python3 coreutils gcc libc6-dev || {
	echo "FAIL ipnet: cannot install iproute2, util-linux, python3, gcc"
	exit 1
}
tag=gnt-ipn-$$
tmp=$(mktemp -d)
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	for ns in $(ip netns list | awk '{print $1}' | grep "^$tag-"); do ip netns del "$ns"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# shellcheck source=test/lib.sh
. "$top/test/lib.sh"

ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
# verdict NAME WHY: PASS when WHY is empty.
verdict() { if [ -z "$2" ]; then ok "$1"; else ko "$1" "$2"; fi; }
# also WHY TEXT: WHY with TEXT appended ("; " between).
also() { if [ -z "$2" ]; then printf '%s' "$1"; else printf '%s' "$1${1:+; }$2"; fi; }
# oneline TEXT: TEXT on one line (" | " between lines), at most 600 bytes.
oneline() { printf '%s' "${1:0:600}" | sed ':a;N;$!ba;s/\n/ | /g'; }

# envexec NAME=VALUE... -- PROGRAM ARG...: PROGRAM run with exactly those
# environment entries, in that order, duplicates kept (env(1) keeps only the
# last of a name; init's environment from the kernel can hold several).
cat >"$tmp/envexec.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	char *envp[64];
	int i, n = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (n < 63)
			envp[n++] = argv[i];
	envp[n] = NULL;
	if (i + 1 >= argc)
		return 127;
	execve(argv[i + 1], argv + i + 1, envp);
	perror("envexec");
	return 127;
}
EOF
if ! cc -O -o "$tmp/envexec" "$tmp/envexec.c"; then
	echo "FAIL ipnet: cannot build the envexec helper"
	exit 1
fi
GABS=$(readlink -f "$G")

M0=02:00:00:00:01:00 M1=02:00:00:00:01:01 M5=02:00:00:00:01:05
# guest [LINK...]: fresh namespaces $NS and $NS-p, and an empty root $ROOT.
# Each LINK is NAME=MAC (a veth NAME with that MAC whose peer, up, is in
# $NS-p) or tun:NAME (a tun device, not Ethernet); none given: eth0=$M0.
n=0
guest() {
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	[ $# -gt 0 ] || set -- "eth0=$M0"
	local l k=0
	for l in "$@"; do
		case $l in
		tun:*) ip -n "$NS" tuntap add dev "${l#tun:}" mode tun ;;
		*)
			ip -n "$NS" link add "${l%%=*}" address "${l#*=}" type veth \
				peer name "peer$k" netns "$NS-p"
			ip -n "$NS-p" link set "peer$k" up
			k=$((k + 1))
			;;
		esac
	done
	mkdir -p "$ROOT"
}

# gn [VAR=VALUE...] -- [OPTION...]: run guestnet in $NS with exactly those
# environment entries (duplicates kept) and --root $ROOT, killed after 10 s
# (exit 124); sets RC, OUT, ERR and UTS (the hostname it left).
gn() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	rm -f "$tmp/run.out" "$tmp/run.err" "$tmp/run.uts"
	# shellcheck disable=SC2016
	ip netns exec "$NS" unshare --uts --mount sh -c \
		'hostname gnt-before; "$@" >"$0.out" 2>"$0.err"; rc=$?; hostname >"$0.uts"; exit $rc' \
		"$tmp/run" timeout -k 2 10 "$tmp/envexec" "${envs[@]}" -- \
		${RUNNER[@]+"${RUNNER[@]}"} "$GABS" --root "$ROOT" "$@" </dev/null
	RC=$?
	OUT=$(cat "$tmp/run.out" 2>/dev/null) ERR=$(cat "$tmp/run.err" 2>/dev/null)
	UTS=$(cat "$tmp/run.uts" 2>/dev/null)
}

# gc CMDLINE [OPTION...]: gn with CMDLINE as the kernel command line
# (--cmdline=FILE) and an empty environment.
gc() {
	local f=$tmp/cmdline$n
	printf '%s\n' "$1" >"$f"
	shift
	gn -- --cmdline="$f" "$@"
}

state() { "$top/test/nsstate.py" --routes "$NS"; }
# lines PATTERN: the lines of state that match (extended regular
# expression), joined by ';'.
lines() { state | grep -E "$1" | tr '\n' ';'; }
# want_lines WHY PATTERN EXPECTED: WHY with a complaint appended when the
# state's lines matching PATTERN are not EXPECTED (each ended by ';').
want_lines() {
	local got
	got=$(lines "$2")
	if [ "$got" = "$3" ]; then printf '%s' "$1"; else also "$1" "state /$2/: ${got:-none}, want ${3:-none}"; fi
}
# file_is WHY NAME EXPECTED: WHY, with a complaint when $ROOT/etc/NAME's
# bytes are not EXPECTED plus a newline.
file_is() {
	local got
	got=$(cat "$ROOT/etc/$2" 2>/dev/null || echo "(missing)")
	if [ "$got" = "$3" ]; then printf '%s' "$1"; else also "$1" "etc/$2: $(oneline "$got"), want $(oneline "$3")"; fi
}
# rc_is WHY CODE: WHY with a complaint (the run's stderr) unless RC is CODE.
rc_is() {
	if [ "$RC" = "$2" ]; then printf '%s' "$1"; else also "$1" "exit $RC, want $2; stderr: $(oneline "$ERR")"; fi
}
# snapshot: everything a run could change: links, addresses, routes, the
# root's files.
snapshot() {
	ip -n "$NS" -j -d link show
	ip -n "$NS" -j addr show
	ip -n "$NS" -j -4 route show table all
	ip -n "$NS" -j -6 route show table all
	find "$ROOT" -mindepth 1 -printf '%p %M %s\n' | sort
}
# settle: wait (at most about 4 s) until the kernel's own work after a run
# is over: no tentative address and two snapshots 100 ms apart equal.
settle() {
	local i prev="" cur
	for i in $(seq 40); do
		cur=$(snapshot)
		if [ "$cur" = "$prev" ] && ! ip -n "$NS" -6 addr show tentative | grep -q .; then
			return 0
		fi
		prev=$cur
		sleep 0.1
	done
	echo "note: $NS still changing after 4 s"
	return 1
}
# facts: what a converged guest is judged by: state, the root's files
# (names, modes, bytes, relative), the hostname the run left.
facts() {
	state
	(cd "$ROOT" && find . -mindepth 1 -printf 'file %P %M %s\n' | sort &&
		find . -type f -exec sha256sum {} + | sed 's/^/sha /' | sort)
	echo "uts $UTS"
}

# hosts_for NAME: the hosts file a guest named NAME gets (test/integration.sh).
hosts_for() {
	printf '127.0.0.1\tlocalhost %s\n::1\tlocalhost ip6-localhost ip6-loopback %s\n' "$1" "$1"
	printf 'fe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n'
}

# 1. Two interfaces from one command line.
t_two() {
	local c="two interfaces" why
	guest "eth0=$M0" "eth1=$M1"
	gc "console=ttyS0 ip=192.0.2.2::192.0.2.1:24:guest-two:eth0:off ip=198.51.100.2:::255.255.255.0::eth1:off:198.51.100.53 nameserver=203.0.113.53 quiet"
	why=$(rc_is "" 0)
	why=$(want_lines "$why" '^addr eth[01] ' "addr eth0 192.0.2.2/24 scope=global;addr eth1 198.51.100.2/24 scope=global;")
	why=$(want_lines "$why" '^route[46] default' "route4 default via 192.0.2.1 dev eth0 proto=boot metric=0;")
	why=$(want_lines "$why" '^link eth[01] ' "link eth0 mac=$M0 mtu=1500 up=True;link eth1 mac=$M1 mtu=1500 up=True;")
	why=$(want_lines "$why" 'unicast (192\.0\.2|198\.51\.100)\.0/24' \
		"rt4 table=main unicast 192.0.2.0/24 dev eth0 proto=kernel scope=link metric=0 src=192.0.2.2;rt4 table=main unicast 198.51.100.0/24 dev eth1 proto=kernel scope=link metric=0 src=198.51.100.2;")
	why=$(file_is "$why" resolv.conf $'nameserver 198.51.100.53\nnameserver 203.0.113.53')
	why=$(file_is "$why" hostname guest-two)
	why=$(file_is "$why" hosts "$(hosts_for guest-two)")
	[ "$UTS" = guest-two ] || why=$(also "$why" "hostname $UTS")
	verdict "$c: ip= for eth0 (gateway, hostname) and eth1 (dotted mask, DNS field) with nameserver=: both configured, one default route, resolv.conf, hostname" "$why"
}

# 2. Dual stack on eth0 from two ip=.
t_dual() {
	local c="dual stack" why
	guest
	gc "ip=192.0.2.2::192.0.2.1:24::eth0:off ip=[2001:db8::2]::[2001:db8::1]:64::eth0:off"
	why=$(rc_is "" 0)
	why=$(want_lines "$why" '^addr eth0 ' "addr eth0 192.0.2.2/24 scope=global;addr eth0 2001:db8::2/64 scope=global nodad;")
	why=$(want_lines "$why" '^route[46] default' \
		"route4 default via 192.0.2.1 dev eth0 proto=boot metric=0;route6 default via 2001:db8::1 dev eth0 proto=boot metric=1024;")
	verdict "$c: ip= IPv4 and ip= [IPv6] both for eth0: both addresses, both default routes" "$why"
}

# 3. rd.route= with and without the interface's name.
t_route() {
	local c="rd.route=" why
	guest "eth0=$M0" "eth1=$M1"
	gc "ip=192.0.2.2::192.0.2.1:24::eth0:off ip=[2001:db8::2]::[2001:db8::1]:64::eth0:off ip=198.51.100.2:::24::eth1:off rd.route=203.0.113.0/25:198.51.100.1:eth1 rd.route=203.0.113.128/25:192.0.2.1 rd.route=[2001:db8:5::/48]:[2001:db8::1] rd.route=[2001:db8:6::]/48:[2001:db8::1]:eth0"
	why=$(rc_is "" 0)
	why=$(want_lines "$why" 'unicast (203\.0\.113|2001:db8:[56]::)' \
		"rt4 table=main unicast 203.0.113.0/25 via 198.51.100.1 dev eth1 proto=boot scope=global metric=0;rt4 table=main unicast 203.0.113.128/25 via 192.0.2.1 dev eth0 proto=boot scope=global metric=0;rt6 table=main unicast 2001:db8:5::/48 via 2001:db8::1 dev eth0 proto=boot scope=global metric=1024;rt6 table=main unicast 2001:db8:6::/48 via 2001:db8::1 dev eth0 proto=boot scope=global metric=1024;")
	verdict "$c: named (IPv4 via eth1, [IPv6]/48 via eth0) and unnamed (the interface whose prefix holds the gateway): each route on its interface" "$why"

	local before
	guest "eth0=$M0" "eth1=$M1"
	before=$(snapshot)
	gc "ip=192.0.2.2::192.0.2.1:24::eth0:off ip=198.51.100.2:::24::eth1:off rd.route=203.0.113.0/24:203.0.113.1"
	why=$(rc_is "" 2)
	[ "$before" = "$(snapshot)" ] || why=$(also "$why" "the state or the root changed")
	grep -q 'rd.route' <<<"$ERR" || why=$(also "$why" "no message names rd.route=: $(oneline "$ERR")")
	verdict "$c: no interface named and no configured prefix holds the gateway: exit 2, nothing changed" "$why"
}

# 4. nameserver=.
t_dns() {
	local c="nameserver=" why
	guest
	gc "nameserver=203.0.113.53 ip=192.0.2.2::192.0.2.1:24::eth0:off:192.0.2.53 nameserver=2001:db8::53 nameserver=203.0.113.53 nameserver=[2001:db8::53]"
	why=$(rc_is "" 0)
	why=$(file_is "$why" resolv.conf $'nameserver 203.0.113.53\nnameserver 192.0.2.53\nnameserver 2001:db8::53')
	grep -q 'glibc' <<<"$ERR" && why=$(also "$why" "a warning with three servers: $(oneline "$ERR")")
	verdict "$c: three servers (one in ip='s DNS field) and two duplicates: resolv.conf in command-line order, each once, no warning" "$why"

	guest
	gc "ip=192.0.2.2::192.0.2.1:24::eth0:off nameserver=192.0.2.53 nameserver=198.51.100.53 nameserver=[2001:db8::53] nameserver=203.0.113.53"
	why=$(rc_is "" 0)
	why=$(file_is "$why" resolv.conf $'nameserver 192.0.2.53\nnameserver 198.51.100.53\nnameserver 2001:db8::53\nnameserver 203.0.113.53')
	grep -q 'glibc and musl read only the first three' <<<"$ERR" ||
		why=$(also "$why" "no warning that glibc and musl read three: $(oneline "$ERR")")
	verdict "$c: a fourth server: written, with a warning that glibc and musl read only three" "$why"
}

# 5. ifname= renames.
t_rename() {
	local c="ifname=" why
	guest "ens3=$M5"
	gc "ifname=eth0:$M5 ip=192.0.2.2::192.0.2.1:24::eth0:off"
	why=$(rc_is "" 0)
	why=$(want_lines "$why" '^link (ens3|eth0) ' "link eth0 mac=$M5 mtu=1500 up=True;")
	why=$(want_lines "$why" '^addr (ens3|eth0) ' "addr eth0 192.0.2.2/24 scope=global;")
	why=$(want_lines "$why" '^route4 default' "route4 default via 192.0.2.1 dev eth0 proto=boot metric=0;")
	verdict "$c: a veth ens3 with MAC M and ifname=eth0:M ip=...:eth0:off: it ends named eth0, configured" "$why"
}

# 6. No gateway.
t_nogw() {
	local c="no gateway" why
	guest
	gc "ip=192.0.2.2:::24::eth0:off"
	why=$(rc_is "" 0)
	why=$(want_lines "$why" '^addr eth0 ' "addr eth0 192.0.2.2/24 scope=global;")
	why=$(want_lines "$why" '^route[46] default' "")
	why=$(want_lines "$why" '^link eth0 ' "link eth0 mac=$M0 mtu=1500 up=True;")
	verdict "$c: ip=192.0.2.2:::24::eth0:off: the address, the interface up, no default route" "$why"
}

# 7. A re-run with a new ip= converges like a clone.
t_rerun() {
	local c="re-run" why ns root uts got want
	local old="ip=192.0.2.2::192.0.2.1:24:guest-a:eth0:off:192.0.2.53 ip=[2001:db8::2]::[2001:db8::1]:64::eth0:off rd.route=203.0.113.0/24:192.0.2.1 ip=198.51.100.2:::24::eth1:off"
	local new="ip=192.0.2.3::192.0.2.126:25:guest-b:eth0:off:198.51.100.53 ip=[2001:db8:1::3]::[2001:db8:1::1]:80::eth0:off rd.route=203.0.113.128/25:192.0.2.126 rd.route=[2001:db8:7::/48]:[2001:db8:1::1] ip=198.51.100.130:::25::eth1:off"
	guest "eth0=$M0" "eth1=$M1"
	gc "$old"
	if [ "$RC" != 0 ]; then
		ko "$c" "harness: the first run exited $RC: $(oneline "$ERR")"
		return
	fi
	gc "$new"
	why=$(rc_is "" 0)
	ns=$NS root=$ROOT uts=$UTS
	settle
	got=$(facts)
	guest "eth0=$M0" "eth1=$M1"
	gc "$new"
	if [ "$RC" != 0 ]; then
		ko "$c" "harness: the fresh run exited $RC: $(oneline "$ERR")"
		return
	fi
	settle
	want=$(facts)
	NS=$ns ROOT=$root UTS=$uts
	[ "$got" = "$want" ] ||
		why=$(also "$why" "differs from a fresh guest (< re-run, > fresh): $(diff <(echo "$got") <(echo "$want") |
			grep '^[<>]' | tr '\n' ';')")
	verdict "$c: a new ip= (addresses, prefixes, gateways, rd.route=, hostname, DNS) over an old one: the state and files of a fresh guest given the new one" "$why"
}

# 8. The environment.
t_env() {
	local c="environment" why
	guest "eth0=$M0" "eth1=$M1"
	gn "ip=192.0.2.2::192.0.2.1:24:guest-env:eth0:off" "nameserver=203.0.113.53" \
		"ip=[2001:db8::2]::[2001:db8::1]:64::eth0:off" "ip=198.51.100.2:::24::eth1:off" \
		"nameserver=192.0.2.53" --
	why=$(rc_is "" 0)
	why=$(want_lines "$why" '^addr eth[01] ' "addr eth0 192.0.2.2/24 scope=global;addr eth0 2001:db8::2/64 scope=global nodad;addr eth1 198.51.100.2/24 scope=global;")
	why=$(want_lines "$why" '^route[46] default' \
		"route4 default via 192.0.2.1 dev eth0 proto=boot metric=0;route6 default via 2001:db8::1 dev eth0 proto=boot metric=1024;")
	why=$(file_is "$why" resolv.conf $'nameserver 203.0.113.53\nnameserver 192.0.2.53')
	[ "$UTS" = guest-env ] || why=$(also "$why" "hostname $UTS")
	verdict "$c: three ip= (two for eth0, dual stack; one for eth1) and two nameserver= in init's environment, without --cmdline: all configured" "$why"

	guest
	printf '%s\n' "ip=198.51.100.2::198.51.100.1:24::eth0:off" >"$tmp/cmdline-env"
	gn "ip=192.0.2.9::192.0.2.1:24::eth0:off" "nameserver=192.0.2.53" -- --cmdline="$tmp/cmdline-env"
	why=$(rc_is "" 0)
	why=$(want_lines "$why" '^addr eth0 ' "addr eth0 198.51.100.2/24 scope=global;")
	[ -e "$ROOT/etc/resolv.conf" ] && why=$(also "$why" "resolv.conf from the environment's nameserver=: $(oneline "$(cat "$ROOT/etc/resolv.conf")")")
	verdict "$c: --cmdline with an ip=: the command line's family in place of the environment's copy" "$why"
}

# 9. MSB_* and ip= together.
t_mixed() {
	local c="MSB_* and ip=" why before
	guest
	before=$(snapshot)
	printf '%s\n' "ip=192.0.2.2::192.0.2.1:24::eth0:off" >"$tmp/cmdline$n"
	gn "MSB_NET=iface=eth0" "MSB_NET_IPV4=addr=198.51.100.2/24,gw=198.51.100.1" -- --cmdline="$tmp/cmdline$n"
	why=$(rc_is "" 2)
	[ "$before" = "$(snapshot)" ] || why=$(also "$why" "the state or the root changed")
	[ "$UTS" = gnt-before ] || why=$(also "$why" "hostname $UTS")
	verdict "$c: MSB_NET in the environment and ip= on the command line: exit 2, nothing changed" "$why"

	gn "MSB_NET=iface=eth0" "MSB_NET_IPV4=addr=198.51.100.2/24,gw=198.51.100.1" "ip=192.0.2.2::192.0.2.1:24::eth0:off" --
	why=$(rc_is "" 2)
	[ "$before" = "$(snapshot)" ] || why=$(also "$why" "the state or the root changed")
	verdict "$c: MSB_NET and ip= both in the environment: exit 2, nothing changed" "$why"
}

# 10. A dynamic ip=.
t_dhcp() {
	local c="dynamic ip=" why before
	guest
	before=$(ip -n "$NS" -j -d addr show dev eth0)
	gc "ip=dhcp"
	why=$(rc_is "" 0)
	[ "$before" = "$(ip -n "$NS" -j -d addr show dev eth0)" ] || why=$(also "$why" "eth0 changed")
	grep -q 'dynamic configuration, not guestnet' <<<"$ERR" || why=$(also "$why" "no notice: $(oneline "$ERR")")
	why=$(want_lines "$why" '^route[46] default' "")
	verdict "$c: ip=dhcp: a notice, eth0 left alone, exit 0" "$why"

	guest "eth0=$M0" "eth1=$M1"
	before=$(ip -n "$NS" -j -d addr show dev eth0)
	gc "ip=eth0:dhcp ip=198.51.100.2:::24::eth1:off"
	why=$(rc_is "" 0)
	[ "$before" = "$(ip -n "$NS" -j -d addr show dev eth0)" ] || why=$(also "$why" "eth0 changed")
	grep -q 'dynamic configuration, not guestnet' <<<"$ERR" || why=$(also "$why" "no notice: $(oneline "$ERR")")
	why=$(want_lines "$why" '^addr eth1 ' "addr eth1 198.51.100.2/24 scope=global;")
	verdict "$c: ip=eth0:dhcp beside a static ip= for eth1: a notice, eth0 left alone, eth1 configured, exit 0" "$why"
}

# 11. ip= without an interface.
t_anyether() {
	local c="no interface named" why
	guest "eth0=$M0" tun:tun0
	gc "ip=192.0.2.2::192.0.2.1:24:::off"
	why=$(rc_is "" 0)
	why=$(want_lines "$why" '^addr (eth0|tun0) ' "addr eth0 192.0.2.2/24 scope=global;")
	why=$(want_lines "$why" '^route4 default' "route4 default via 192.0.2.1 dev eth0 proto=boot metric=0;")
	verdict "$c: one Ethernet interface (and a tun device): it is configured" "$why"

	guest "eth0=$M0" "eth1=$M1"
	gc "ip=192.0.2.2::192.0.2.1:24:::off"
	why=$(rc_is "" 1)
	grep -q 'eth0' <<<"$ERR" && grep -q 'eth1' <<<"$ERR" ||
		why=$(also "$why" "the message does not name eth0 and eth1: $(oneline "$ERR")")
	why=$(want_lines "$why" '^addr eth[01] ' "")
	verdict "$c: two Ethernet interfaces: exit 1, the message names both, neither configured" "$why"

	guest "eth0=$M0" "eth1=$M1" "eth2=$M5"
	gc "ip=192.0.2.2::192.0.2.1:24:::off"
	why=$(rc_is "" 1)
	grep -q 'eth0' <<<"$ERR" && grep -q 'eth1' <<<"$ERR" && grep -q 'eth2' <<<"$ERR" ||
		why=$(also "$why" "the message does not name eth0, eth1 and eth2: $(oneline "$ERR")")
	why=$(want_lines "$why" '^addr eth[012] ' "")
	verdict "$c: three Ethernet interfaces: exit 1, the message names all three, none configured" "$why"
}

t_two
t_dual
t_route
t_dns
t_rename
t_nogw
t_rerun
t_env
t_mixed
t_dhcp
t_anyether
# 12. The dry run is the plan.
plan_pass t_two t_dual t_route t_dns t_rename t_nogw t_rerun t_env t_mixed t_dhcp t_anyether
exit 0
