#!/bin/bash
# test/integration.sh - guestnet against the real kernel. Each case runs it in
# a network namespace of its own (eth0 a veth whose peer is up in a second
# namespace, as a VM's virtio link is), under new UTS and mount namespaces,
# with --root in a temporary directory; then reads the result back with
# `ip -j` (test/nsstate.py) and checks the files' bytes and modes.
#
# GUESTNET=path picks the binary (default ./guestnet); GUESTNET_RUNNER is a
# prefix for it (qemu-aarch64-static, valgrind ...). Root is needed.
# Addresses: documentation ranges only, only inside these namespaces.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
RUNNER=${GUESTNET_RUNNER:-}
if [ "$(id -u)" != 0 ]; then
	echo "FAIL integration: needs root for network namespaces"
	exit 1
fi
"$top/tools/deps.sh" iproute2 util-linux python3 strace || {
	echo "FAIL integration: cannot install iproute2, util-linux, python3"
	exit 1
}
tag=gnt-$$
tmp=$(mktemp -d)
cleanup() {
	for ns in $(ip netns list | awk '{print $1}' | grep "^$tag-"); do ip netns del "$ns"; done
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }

NET=iface=eth0,mac=02:00:00:00:00:01,mtu=1400
V4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.53
V6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::53
FULL=("MSB_NET=$NET" "MSB_NET_IPV4=$V4" "MSB_NET_IPV6=$V6" MSB_HOSTNAME=worker-01
	MSB_HOST_ALIAS=host.test.internal)

# guest [IFNAME]: a fresh namespace $NS with IFNAME (default eth0) and root $ROOT.
n=0
guest() {
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	if [ "${1-eth0}" ]; then
		ip -n "$NS" link add "${1:-eth0}" type veth peer name peer0 netns "$NS-p"
		ip -n "$NS-p" link set peer0 up
	fi
	mkdir -p "$ROOT"
}

# gn [VAR=VALUE...] -- [OPTION...]: run guestnet in $NS with only those
# variables; sets RC, OUT, ERR and UTS (the hostname it left).
gn() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	# shellcheck disable=SC2016
	ip netns exec "$NS" unshare --uts --mount sh -c \
		'hostname gnt-before; "$@" >"$0.out" 2>"$0.err"; rc=$?; hostname >"$0.uts"; exit $rc' \
		"$tmp/run" env -i PATH="$PATH" "${envs[@]}" $RUNNER "$G" --root "$ROOT" "$@"
	RC=$?
	OUT=$(cat "$tmp/run.out") ERR=$(cat "$tmp/run.err") UTS=$(cat "$tmp/run.uts")
}

state() { "$top/test/nsstate.py" "$NS"; }
# Everything a run could change: links, addresses, routes, and the root.
snapshot() {
	ip -n "$NS" -j -d link show; ip -n "$NS" -j addr show
	ip -n "$NS" -j -4 route show table all; ip -n "$NS" -j -6 route show table all
	find "$ROOT" -printf '%p %M %s\n' | sort
	find "$ROOT" -type f -exec sha256sum {} + | sort
}

FULL_STATE="addr eth0 192.0.2.2/30 scope=global
addr eth0 2001:db8::2/64 scope=global nodad
addr lo 127.0.0.1/8 scope=host
addr lo ::1/128 scope=host
link eth0 mac=02:00:00:00:00:01 mtu=1400 up=True
link lo mac=00:00:00:00:00:00 mtu=65536 up=True
route4 default via 192.0.2.1 dev eth0 proto=boot metric=0
route6 default via 2001:db8::1 dev eth0 proto=boot metric=1024"

HOSTS=$(printf '%s\n' "127.0.0.1	localhost worker-01" \
	"::1	localhost ip6-localhost ip6-loopback worker-01" \
	"192.0.2.1	host.test.internal" "2001:db8::1	host.test.internal" \
	"fe00::	ip6-localnet" "ff00::	ip6-mcastprefix" "ff02::1	ip6-allnodes" \
	"ff02::2	ip6-allrouters")

# file_is NAME EXPECTED-CONTENT: bytes (with the final newline) and mode 0644.
file_is() {
	local f=$ROOT/etc/$1
	[ -f "$f" ] && [ ! -L "$f" ] || { echo "$1 missing or not a regular file"; return 1; }
	[ "$(stat -c %a "$f")" = 644 ] || { echo "$1 mode $(stat -c %a "$f")"; return 1; }
	printf '%s\n' "$2" | cmp -s - "$f" || { echo "$1 bytes differ: $(od -c "$f" | head -5)"; return 1; }
}

check_full() {
	local why=
	[ "$RC" = 0 ] || why="exit $RC: $ERR"
	[ -z "$why" ] && [ "$(state)" != "$FULL_STATE" ] && why="state: $(state | tr '\n' ';')"
	[ -z "$why" ] && why=$(file_is hosts "$HOSTS")
	[ -z "$why" ] && why=$(file_is hostname worker-01)
	[ -z "$why" ] && why=$(file_is resolv.conf "$(printf 'nameserver 192.0.2.53\nnameserver 2001:db8::53')")
	[ -z "$why" ] && [ "$UTS" != worker-01 ] && why="hostname is $UTS"
	[ -z "$why" ] && [ "$(stat -c %a "$ROOT/etc")" != 755 ] && why="/etc mode $(stat -c %a "$ROOT/etc")"
	[ -z "$why" ] && [ "$(ls -A "$ROOT/etc" | tr '\n' ' ')" != "hostname hosts resolv.conf " ] &&
		why="extra files: $(ls -A "$ROOT/etc")"
	[ -z "$why" ] && [ -n "$OUT$ERR" ] && why="not silent: $OUT $ERR"
	if [ -z "$why" ]; then ok "$1"; else ko "$1" "$why"; fi
}

t_full() {
	guest
	gn "${FULL[@]}" --
	check_full "full configuration: link, addresses, routes, lo, files, hostname"
	gn "${FULL[@]}" --
	check_full "re-run with the same input: exit 0, same state"
}

t_umask_symlinks() {
	guest
	mkdir -p "$ROOT/etc"
	chmod 700 "$ROOT/etc"
	ln -s ../run/systemd/resolve/stub-resolv.conf "$ROOT/etc/resolv.conf"
	ln -s /nonexistent-gnt-target "$ROOT/etc/hosts"
	printf 'old\n' > "$ROOT/etc/hostname"
	chmod 600 "$ROOT/etc/hostname"
	# shellcheck disable=SC2016
	ip netns exec "$NS" unshare --uts --mount sh -c \
		'umask 077; exec env -i PATH="$PATH" "$@" >/dev/null 2>&1' sh "${FULL[@]}" $RUNNER "$G" --root "$ROOT"
	RC=$? UTS=worker-01 OUT= ERR=
	chmod 755 "$ROOT/etc" # an existing /etc keeps its mode: not guestnet's to change
	[ ! -e "$ROOT/run" ] && [ ! -e /nonexistent-gnt-target ] ||
		{ ko "symlinks replaced, not followed" "a link target was written"; return; }
	check_full "umask 077, dangling symlinks at hosts and resolv.conf, old hostname file"
}

t_etc_created() {
	guest
	# shellcheck disable=SC2016
	ip netns exec "$NS" unshare --uts --mount sh -c \
		'umask 027; exec env -i PATH="$PATH" "$@" >/dev/null 2>&1' sh "${FULL[@]}" $RUNNER "$G" --root "$ROOT"
	RC=$? UTS=worker-01 OUT= ERR=
	check_full "/etc created 0755 under umask 027"
}

t_replace_route() {
	guest
	ip -n "$NS" link add eth1 type veth peer name peer1 netns "$NS-p"
	ip -n "$NS" link set eth1 up
	ip -n "$NS" addr add 198.51.100.2/24 dev eth1
	ip -n "$NS" addr add 2001:db8:1::2/64 dev eth1 nodad
	ip -n "$NS" route add default via 198.51.100.1 dev eth1
	ip -n "$NS" -6 route add default via 2001:db8:1::1 dev eth1
	gn "${FULL[@]}" --
	local got
	got=$(state | grep '^route')
	if [ "$RC" = 0 ] && [ "$got" = "$(echo "$FULL_STATE" | grep '^route')" ]; then
		ok "a different existing default route is replaced (IPv4 and IPv6)"
	else
		ko "a different existing default route is replaced" "exit $RC $ERR; $got"
	fi
}

# route_case NAME V4 V6 EXPECTED-ROUTE-LINES
route_case() {
	guest
	gn "MSB_NET=$NET" ${2:+"MSB_NET_IPV4=$2"} ${3:+"MSB_NET_IPV6=$3"} --
	local got
	got=$(state | grep '^route')
	if [ "$RC" = 0 ] && [ "$got" = "$4" ]; then ok "$1"; else ko "$1" "exit $RC $ERR; $got"; fi
}

t_routes() {
	route_case "/32 address: on-link IPv4 gateway" addr=192.0.2.2/32,gw=192.0.2.1 "" \
		"route4 default via 192.0.2.1 dev eth0 proto=boot metric=0 onlink"
	route_case "gateway outside the prefix: on-link (IPv4 and IPv6)" \
		addr=198.51.100.7/28,gw=203.0.113.1 addr=2001:db8:5::7/128,gw=2001:db8::1 \
		"route4 default via 203.0.113.1 dev eth0 proto=boot metric=0 onlink
route6 default via 2001:db8::1 dev eth0 proto=boot metric=1024 onlink"
	route_case "link-local IPv6 gateway" "" addr=2001:db8::2/64,gw=fe80::1 \
		"route6 default via fe80::1 dev eth0 proto=boot metric=1024"
}

t_ipv4_only() {
	guest
	gn "MSB_NET=iface=eth0,mac=02:00:00:00:00:09" "MSB_NET_IPV4=$V4" MSB_HOST_ALIAS=gw.internal --
	local want="addr eth0 192.0.2.2/30 scope=global
addr lo 127.0.0.1/8 scope=host
addr lo ::1/128 scope=host
link eth0 mac=02:00:00:00:00:09 mtu=1500 up=True
link lo mac=00:00:00:00:00:00 mtu=65536 up=True
route4 default via 192.0.2.1 dev eth0 proto=boot metric=0" why=
	[ "$RC" = 0 ] || why="exit $RC $ERR"
	[ -z "$why" ] && [ "$(state)" != "$want" ] && why="state $(state | tr '\n' ';')"
	[ -z "$why" ] && why=$(file_is resolv.conf "nameserver 192.0.2.53")
	[ -z "$why" ] && why=$(file_is hosts "$(printf '%s\n' "127.0.0.1	localhost" \
		"::1	localhost ip6-localhost ip6-loopback" "192.0.2.1	gw.internal" \
		"fe00::	ip6-localnet" "ff00::	ip6-mcastprefix" "ff02::1	ip6-allnodes" \
		"ff02::2	ip6-allrouters")")
	[ -z "$why" ] && [ -e "$ROOT/etc/hostname" ] && why="hostname written without MSB_HOSTNAME"
	[ -z "$why" ] && [ "$UTS" != gnt-before ] && why="hostname changed to $UTS"
	if [ -z "$why" ]; then ok "IPv4 only, default MTU 1500, no hostname"; else ko "IPv4 only" "$why"; fi
}

t_nothing_set() {
	guest
	printf 'nameserver 198.51.100.53\n' > "$tmp/resolv"
	mkdir -p "$ROOT/etc" && cp "$tmp/resolv" "$ROOT/etc/resolv.conf"
	gn --
	local want="addr lo 127.0.0.1/8 scope=host
addr lo ::1/128 scope=host
link eth0 mac=$(ip -n "$NS" -j link show eth0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])') mtu=1500 up=False
link lo mac=00:00:00:00:00:00 mtu=65536 up=True" why=
	[ "$RC" = 0 ] || why="exit $RC $ERR"
	[ -z "$why" ] && [ "$(state)" != "$want" ] && why="state $(state | tr '\n' ';')"
	[ -z "$why" ] && ! cmp -s "$tmp/resolv" "$ROOT/etc/resolv.conf" && why="resolv.conf changed"
	[ -z "$why" ] && [ ! -f "$ROOT/etc/hosts" ] && why="no hosts"
	if [ -z "$why" ]; then ok "no MSB_*: hosts and loopback only, resolv.conf left alone"
	else ko "no MSB_*" "$why"; fi
}

# unchanged NAME VAR=VALUE... -- OPTION...: exit 2, nothing changed.
unchanged() {
	local name=$1 before after
	shift
	guest
	before=$(snapshot)
	gn "$@"
	after=$(snapshot)
	if [ "$RC" = 2 ] && [ "$before" = "$after" ] && [ "$UTS" = gnt-before ] &&
		[ -z "$(ls -A "$ROOT")" ] && [ -n "$ERR" ]; then
		ok "$name"
	else
		ko "$name" "exit $RC, changed=$([ "$before" = "$after" ] && echo no || echo yes), uts=$UTS, err=$ERR"
	fi
}

t_bad_input() {
	unchanged "bad input: exit 2, namespace and root untouched" "${FULL[@]}" \
		"MSB_NET_IPV4=addr=192.0.2.2/33,gw=192.0.2.1" --
	if echo "$ERR" | grep -qx 'guestnet: MSB_NET_IPV4: addr: prefix length 33 out of range 1-32'; then
		ok "bad input: the message names variable, key and text"
	else
		ko "bad input message" "$ERR"
	fi
	unchanged "hostname with a newline: refused" "${FULL[@]}" "MSB_HOSTNAME=a
192.0.2.9 evil" --
	unchanged "several problems: exit 2" "MSB_NET=iface=eth0" "MSB_NET_IPV6=addr=::1" "MSB_HOSTNAME=#" --
	[ "$(echo "$ERR" | grep -c '^guestnet: ')" = 4 ] && ok "several problems: one line each" ||
		ko "several problems: one line each" "$ERR"
	unchanged "unknown option: exit 2" "${FULL[@]}" -- --bogus
	unchanged "--wait out of range: exit 2" "${FULL[@]}" -- --wait 99999
	unchanged "unreadable --cmdline file: exit 2" -- --cmdline="$tmp/nonexistent"
}

t_dry_run() {
	guest
	local before after
	before=$(snapshot)
	gn "${FULL[@]}" -- --dry-run
	after=$(snapshot)
	if [ "$RC" = 0 ] && [ "$before" = "$after" ] && [ -z "$(ls -A "$ROOT")" ] &&
		[ "$UTS" = gnt-before ] && echo "$OUT" | grep -q 'eth0: add IPv6 default route via 2001:db8::1' &&
		echo "$OUT" | grep -qx "write $ROOT/etc/hosts" && echo "$OUT" | grep -q '192.0.2.1	host.test.internal'; then
		ok "--dry-run prints the steps and files, changes nothing"
	else
		ko "--dry-run" "exit $RC, out=$OUT err=$ERR"
	fi
}

t_missing_iface() {
	guest ""
	gn "MSB_NET=iface=gnt-none0,mac=02:00:00:00:00:01" --
	if [ "$RC" = 1 ] && echo "$ERR" | grep -q 'gnt-none0: find interface: No such device' &&
		[ -f "$ROOT/etc/hosts" ]; then
		ok "a missing interface: exit 1 naming it, earlier steps applied"
	else
		ko "a missing interface" "exit $RC, $ERR"
	fi
}

t_wait() {
	guest ""
	local start=$SECONDS
	( sleep 1; ip -n "$NS" link add late0 type veth peer name peer0 netns "$NS-p"
	  ip -n "$NS-p" link set peer0 up ) &
	gn "MSB_NET=iface=late0,mac=02:00:00:00:00:05" "MSB_NET_IPV4=$V4" -- --wait 10
	wait
	if [ "$RC" = 0 ] && state | grep -q '^route4 default via 192.0.2.1 dev late0' &&
		[ $((SECONDS - start)) -lt 8 ]; then
		ok "--wait: an interface created after start is configured"
	else
		ko "--wait" "exit $RC, $ERR, $(state | tr '\n' ';')"
	fi
	guest ""
	start=$SECONDS
	gn "MSB_NET=iface=gnt-none0,mac=02:00:00:00:00:01" -- --wait 1
	if [ "$RC" = 1 ] && [ $((SECONDS - start)) -lt 5 ] && echo "$ERR" | grep -q gnt-none0; then
		ok "--wait 1: gives up after a second, exit 1"
	else
		ko "--wait 1" "exit $RC after $((SECONDS - start)) s: $ERR"
	fi
}

t_cmdline() {
	guest
	printf 'BOOT_IMAGE=/vmlinuz console=ttyS0 MSB_NET=%s MSB_NET_IPV4=%s "MSB_NET_IPV6=%s" MSB_HOSTNAME=cmd-name MSB_HOST_ALIAS="host.test.internal" quiet -- MSB_HOSTNAME=init-arg\n' \
		"$NET" "$V4" "$V6" > "$tmp/cmdline"
	gn MSB_HOSTNAME=worker-01 -- --cmdline="$tmp/cmdline"
	check_full "--cmdline=FILE: values from the file; the environment wins"
}

t_verbose() {
	guest
	gn "${FULL[@]}" -- -v
	if [ "$RC" = 0 ] && echo "$ERR" | grep -q '^guestnet: eth0: set MTU 1400$' && [ -z "$OUT" ]; then
		ok "--verbose reports each step on stderr"
	else
		ko "--verbose" "exit $RC, $ERR"
	fi
}

t_kernel_error() {
	guest
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	gn "${FULL[@]}" --
	if [ "$RC" = 1 ] && echo "$ERR" | grep -q '^guestnet: eth0: add IPv6 address 2001:db8::2/64: Permission denied (kernel: ipv6: IPv6 is disabled on this device)$'; then
		ok "a kernel refusal: exit 1, step, object and the kernel's extended-ACK text"
	else
		ko "a kernel refusal" "exit $RC, $ERR"
	fi
}

t_readonly_root() {
	guest
	mkdir -p "$ROOT/etc"
	printf 'keep\n' > "$ROOT/etc/hosts"
	# shellcheck disable=SC2016
	ip netns exec "$NS" unshare --uts --mount sh -c \
		'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec env -i PATH="$PATH" "$@" 2>"$0.err"' \
		"$ROOT" "${FULL[@]}" $RUNNER "$G" --root "$ROOT"
	RC=$?
	if [ "$RC" = 1 ] && grep -q "etc/hosts: create temporary file: Read-only file system" "$ROOT.err" &&
		[ "$(cat "$ROOT/etc/hosts")" = keep ]; then
		ok "a read-only root: exit 1, clear message, old file intact"
	else
		ko "a read-only root" "exit $RC, $(cat "$ROOT.err")"
	fi
}

t_full
t_umask_symlinks
t_etc_created
t_replace_route
t_routes
t_ipv4_only
t_nothing_set
t_bad_input
t_dry_run
t_missing_iface
t_wait
t_cmdline
t_verbose
t_kernel_error
t_readonly_root
