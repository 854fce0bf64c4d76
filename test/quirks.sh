#!/bin/bash
# test/quirks.sh - real guests' quirks (issue 11), with the real binary
# against the real kernel: the interface found by its MAC when no interface
# has the configured name, read-only roots whose files are symlinks into a
# writable directory, --env-file (a file or a pipe on standard input), no
# silent typos, the input refusals of issue 11 and messages that end at the
# fix. Each case runs guestnet in a network namespace of its own (a veth
# whose peer is up in a second namespace), under new UTS and mount
# namespaces, with --root in a temporary directory, as test/integration.sh
# does; each checks the exit status, the exact lines on standard error and
# the state left (test/nsstate.py, the files' bytes and modes, or a snapshot
# of namespace and root for a refusal).
#
# GUESTNET=path picks the binary (default ./guestnet); GUESTNET_RUNNER is a
# prefix for it (qemu-aarch64-static, valgrind ...). Root is needed.
# GN_PLAN=0 skips the second pass (test/lib.sh: each real run compared with
# a dry run in the same state), GN_PLAN=only runs only that pass.
# Addresses: documentation ranges only, only inside these namespaces. Every
# wait is bounded: --wait at most 10 s, each checked against the clock, and
# every run of guestnet is killed after 60 s.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
read -ra RUNNER <<<"${GUESTNET_RUNNER:-}" # words: a command and its options
if [ "$(id -u)" != 0 ]; then
	echo "FAIL quirks: needs root for network namespaces"
	exit 1
fi
"$top/tools/deps.sh" iproute2 util-linux python3 || {
	echo "FAIL quirks: cannot install iproute2, util-linux, python3"
	exit 1
}
tag=gnt-qk$$
tmp=$(mktemp -d)
cleanup() {
	for ns in $(ip netns list | awk '{print $1}' | grep "^$tag-"); do ip netns del "$ns"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
# verdict NAME WHY: PASS when WHY is empty.
verdict() { if [ -z "$2" ]; then ok "$1"; else ko "$1" "$2"; fi; }
# also WHY TEXT: WHY with TEXT appended ("; " between).
also() { if [ -z "$2" ]; then printf '%s' "$1"; else printf '%s' "$1${1:+; }$2"; fi; }
# oneline TEXT: TEXT with its newlines shown as " | ".
oneline() { printf '%s' "$1" | sed ':a;N;$!ba;s/\n/ | /g'; }

NET=iface=eth0,mac=02:00:00:00:00:01,mtu=1400
V4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.53
V6=addr=2001:db8::2/64,gw=2001:db8::1,dns=2001:db8::53
FULL=("MSB_NET=$NET" "MSB_NET_IPV4=$V4" "MSB_NET_IPV6=$V6" MSB_HOSTNAME=worker-01
	MSB_HOST_ALIAS=host.test.internal)

# guest [IFNAME [MAC]]: fresh namespaces $NS (IFNAME, default eth0, a veth
# with the address MAC if given; none when IFNAME is "") and $NS-p (the
# peer, up), and a root $ROOT.
n=0
guest() {
	n=$((n + 1)) peers=0
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	if [ "${1-eth0}" ]; then
		iface "${1:-eth0}" "${2-}"
	fi
	mkdir -p "$ROOT"
}

# iface NAME [MAC]: one more veth NAME in $NS (address MAC if given), its peer
# up in $NS-p.
peers=0
iface() {
	peers=$((peers + 1))
	ip -n "$NS" link add "$1" ${2:+address "$2"} type veth peer name "peer$peers" netns "$NS-p"
	ip -n "$NS-p" link set "peer$peers" up
}

# gn [VAR=VALUE...] -- [OPTION...]: run guestnet in $NS with only those
# variables; sets RC, OUT, ERR, UTS (the hostname it left) and RUNDIR (what
# /run held after the run when GN_PRE mounted a tmpfs there). GN_PIPE=FILE
# feeds FILE to its standard input through a pipe (else /dev/null);
# GN_PRE is shell run first inside the new mount namespace, with GN_ROOT the
# root (a failure there is exit 99). A run is killed after 60 s (exit 124).
gn() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	rm -f "$tmp/run.out" "$tmp/run.err" "$tmp/run.uts" "$tmp/run.run"
	# shellcheck disable=SC2016
	local script='hostname gnt-before; eval "$GN_PRE" || exit 99
		"$@" >"$0.out" 2>"$0.err"; rc=$?; hostname >"$0.uts"
		[ -z "$GN_PRE" ] || ls -A /run >"$0.run"; exit $rc'
	if [ -n "${GN_PIPE-}" ]; then
		# shellcheck disable=SC2002 # a pipe, not a file, on its standard input
		cat "$GN_PIPE" | GN_PRE=${GN_PRE-} GN_ROOT=$ROOT ip netns exec "$NS" unshare --uts --mount \
			sh -c "$script" "$tmp/run" timeout -k 5 60 env -i PATH="$PATH" "${envs[@]}" "${RUNNER[@]}" "$G" --root "$ROOT" "$@"
		RC=${PIPESTATUS[1]}
	else
		GN_PRE=${GN_PRE-} GN_ROOT=$ROOT ip netns exec "$NS" unshare --uts --mount \
			sh -c "$script" "$tmp/run" timeout -k 5 60 env -i PATH="$PATH" "${envs[@]}" "${RUNNER[@]}" "$G" --root "$ROOT" "$@" </dev/null
		RC=$?
	fi
	OUT=$(cat "$tmp/run.out" 2>/dev/null) ERR=$(cat "$tmp/run.err" 2>/dev/null)
	UTS=$(cat "$tmp/run.uts" 2>/dev/null) RUNDIR=$(cat "$tmp/run.run" 2>/dev/null)
}

state() { "$top/test/nsstate.py" "$NS"; }
# Everything a run could change: links, addresses, routes, and the root.
snapshot() {
	ip -n "$NS" -j -d link show; ip -n "$NS" -j addr show
	ip -n "$NS" -j -4 route show table all; ip -n "$NS" -j -6 route show table all
	find "$ROOT" -printf '%p %M %s %l\n' | sort
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

# hosts_for NAME ALIAS: the /etc/hosts guestnet writes for the full
# configuration with hostname NAME and host alias ALIAS (each may be empty).
hosts_for() {
	printf '%s\n' "127.0.0.1	localhost${1:+ $1}" "::1	localhost ip6-localhost ip6-loopback${1:+ $1}"
	[ -z "$2" ] || printf '%s\n' "192.0.2.1	$2" "2001:db8::1	$2"
	printf '%s\n' "fe00::	ip6-localnet" "ff00::	ip6-mcastprefix" "ff02::1	ip6-allnodes" \
		"ff02::2	ip6-allrouters"
}
HOSTS=$(hosts_for worker-01 host.test.internal)
RESOLV=$(printf 'nameserver 192.0.2.53\nnameserver 2001:db8::53')

# file_is PATH EXPECTED-CONTENT: $ROOT/PATH is a regular file (not a link),
# mode 0644, holding those bytes and a final newline. Prints why not.
file_is() {
	local f=$ROOT/$1
	if [ ! -f "$f" ] || [ -L "$f" ]; then echo "$1 missing or not a regular file"; return 1; fi
	[ "$(stat -c %a "$f")" = 644 ] || { echo "$1 mode $(stat -c %a "$f")"; return 1; }
	printf '%s\n' "$2" | cmp -s - "$f" || { echo "$1 bytes differ: $(od -c "$f" | head -5)"; return 1; }
}

# temporaries: the temporary files (.NAME.guestnet) left anywhere in $ROOT.
temporaries() { find "$ROOT" -name '.*.guestnet' | tr '\n' ' '; }

# full_why [IFNAME [STATE-ONLY [EXTRA]]]: why the last run did not leave the
# full configuration on IFNAME (default eth0): the state (with the lines
# EXTRA besides), then unless STATE-ONLY is set the files and the hostname.
full_why() {
	local ifn=${1:-eth0} want got
	want=$(printf '%s\n' "$FULL_STATE" ${3:+"$3"} | sed "s/\\beth0\\b/$ifn/g" | sort)
	got=$(state)
	[ "$got" = "$want" ] || { echo "state: $(oneline "$got")"; return; }
	[ -z "${2-}" ] || return 0
	file_is etc/hosts "$HOSTS" || return
	file_is etc/hostname worker-01 || return
	file_is etc/resolv.conf "$RESOLV" || return
	[ "$UTS" = worker-01 ] || echo "hostname is $UTS"
}

# check_full NAME [IFNAME [ERR]]: the last run exited 0 with exactly ERR on
# standard error (default: nothing), nothing on standard output, and left the
# full configuration on IFNAME (default eth0).
check_full() {
	local why=
	[ "$RC" = 0 ] || why="exit $RC"
	[ "$ERR" = "${3-}" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	[ -z "$OUT" ] || why=$(also "$why" "stdout: $(oneline "$OUT")")
	[ -z "$why" ] && why=$(full_why "${2:-eth0}")
	verdict "$1" "$why"
}

# refused NAME EXPECTED-ERR VAR=VALUE... -- OPTION...: in a fresh guest, exit
# 2, exactly EXPECTED-ERR on standard error, namespace, root and hostname
# untouched. (The guest is made here unless NOGUEST is set.)
refused() {
	local name=$1 want=$2 before after why=
	shift 2
	[ -n "${NOGUEST-}" ] || guest
	before=$(snapshot)
	gn "$@"
	after=$(snapshot)
	[ "$RC" = 2 ] || why="exit $RC"
	[ "$ERR" = "$want" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	[ -z "$OUT" ] || why=$(also "$why" "stdout: $(oneline "$OUT")")
	[ "$before" = "$after" ] || why=$(also "$why" "namespace or root changed")
	[ "$UTS" = gnt-before ] || why=$(also "$why" "hostname changed to $UTS")
	[ -z "$(ls -A "$ROOT")" ] || why=$(also "$why" "root not empty: $(ls -A "$ROOT")")
	verdict "$name" "$why"
}

# elapsed_ok START MIN MAX: MIN <= seconds since START < MAX.
elapsed_ok() { local d=$((SECONDS - $1)); [ "$d" -ge "$2" ] && [ "$d" -lt "$3" ]; }

BYMAC="guestnet: eth0: no interface of that name: configuring ens3, whose MAC is 02:00:00:00:00:01"
SKIPPED="guestnet: eth0: MAC, MTU, addresses, routes: skipped, the interface is not there"

# a. The interface by MAC.
t_by_mac() {
	local c="by MAC" why start
	guest ens3 02:00:00:00:00:01
	gn "${FULL[@]}" --
	check_full "$c: no eth0, ens3 has the MAC: exit 0, one line, ens3 fully configured" ens3 "$BYMAC"
	gn "${FULL[@]}" --
	check_full "$c: a re-run finds ens3 again, by the alternative name eth0 the first gave it: exit 0, no line, the same state" ens3 ""

	guest ""
	start=$SECONDS
	( sleep 1; iface ens3 02:00:00:00:00:01 ) &
	gn "${FULL[@]}" -- --wait 10
	wait
	check_full "$c: --wait 10, ens3 created 1 s after start: configured" ens3 "$BYMAC"
	why=
	elapsed_ok "$start" 1 8 || why="took $((SECONDS - start)) s"
	verdict "$c: --wait 10 returns within 8 s, soon after ens3 appears" "$why"

	guest ens3 02:00:00:00:00:02
	gn "${FULL[@]}" --
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	[ "$ERR" = "guestnet: eth0: find interface: No such device (there are: lo, ens3)
$SKIPPED" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	state | grep -q '^addr ens3\|^route. .* dev ens3\|^link ens3 mac=02:00:00:00:00:01' &&
		why=$(also "$why" "ens3 was changed: $(oneline "$(state)")")
	file_is etc/hosts "$HOSTS" >/dev/null || why=$(also "$why" "hosts not written")
	verdict "$c: none has the MAC: exit 1, the interfaces named, the interface steps skipped" "$why"

	# Index order, not alphabetical: lo, ens3, then abc0 created after it.
	guest ens3 02:00:00:00:00:02
	iface abc0 02:00:00:00:00:03
	start=$SECONDS
	gn "${FULL[@]}" -- --wait 1
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	[ "$ERR" = "guestnet: eth0: find interface: No such device (waited 1 s; there are: lo, ens3, abc0)
$SKIPPED" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	elapsed_ok "$start" 1 5 || why=$(also "$why" "took $((SECONDS - start)) s")
	verdict "$c: none has the MAC, --wait 1: exit 1 after 1 s, waited and interfaces in index order" "$why"

	guest ens3 02:00:00:00:00:01
	iface ens4 02:00:00:00:00:01
	gn "${FULL[@]}" --
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	[ "$ERR" = "guestnet: eth0: find interface: no interface of that name, and more than one has its MAC: ens3, ens4
$SKIPPED" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	state | grep -q '^addr ens\|^route. .* dev ens\|mtu=1400' &&
		why=$(also "$why" "an interface was changed: $(oneline "$(state)")")
	verdict "$c: two have the MAC: exit 1, both named, neither changed" "$why"

	# The name wins: eth0 exists (another MAC), ens3 has the configured one.
	guest eth0 02:00:00:00:00:0a
	iface ens3 02:00:00:00:00:01
	gn "${FULL[@]}" --
	why=
	[ "$RC" = 0 ] || why="exit $RC"
	[ -z "$ERR$OUT" ] || why=$(also "$why" "not silent: $(oneline "$ERR$OUT")")
	[ -z "$why" ] && why=$(full_why eth0 "" "link ens3 mac=02:00:00:00:00:01 mtu=1500 up=False")
	verdict "$c: an interface of that name exists: it is configured, the one with the MAC is not" "$why"
}

# b. Read-only roots. GN_PRE snippets: /etc read-only (and the links'
# target directory run/x), and an empty tmpfs on /run, so that a link
# followed outside the root would show (RUNDIR) and touch nothing.
# shellcheck disable=SC2016
RO_ETC='mount --bind "$GN_ROOT/etc" "$GN_ROOT/etc" && mount -o remount,bind,ro "$GN_ROOT/etc" &&
	mount -t tmpfs gnt-run /run'
# shellcheck disable=SC2016
RO_ETC_AND_X="$RO_ETC"' && mount --bind "$GN_ROOT/run/x" "$GN_ROOT/run/x" &&
	mount -o remount,bind,ro "$GN_ROOT/run/x"'

# ro_root: $ROOT/etc with resolv.conf -> /run/x/resolv.conf (dangling),
# hosts -> ../run/x/hosts (old bytes, mode 0600), hostname a plain file.
ro_root() {
	mkdir -p "$ROOT/etc" "$ROOT/run/x"
	ln -s /run/x/resolv.conf "$ROOT/etc/resolv.conf"
	ln -s ../run/x/hosts "$ROOT/etc/hosts"
	printf 'old hosts\n' >"$ROOT/run/x/hosts"
	chmod 600 "$ROOT/run/x/hosts"
	printf 'old-name\n' >"$ROOT/etc/hostname"
}

# links_why: why the two links are not as ro_root made them.
links_why() {
	[ -L "$ROOT/etc/resolv.conf" ] && [ "$(readlink "$ROOT/etc/resolv.conf")" = /run/x/resolv.conf ] ||
		echo "etc/resolv.conf is no longer the link to /run/x/resolv.conf"
	[ -L "$ROOT/etc/hosts" ] && [ "$(readlink "$ROOT/etc/hosts")" = ../run/x/hosts ] ||
		echo "etc/hosts is no longer the link to ../run/x/hosts"
}

t_readonly() {
	local c="read-only /etc" why
	guest
	ro_root
	GN_PRE=$RO_ETC gn "${FULL[@]}" --
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	[ "$ERR" = "guestnet: $ROOT/etc/hostname: create temporary file: Read-only file system" ] ||
		why=$(also "$why" "stderr: $(oneline "$ERR")")
	verdict "$c: exit 1, one line: the hostname file (a plain file there) cannot be written" "$why"
	why=$(file_is run/x/resolv.conf "$RESOLV")
	why=$(also "$why" "$(file_is run/x/hosts "$HOSTS")")
	why=$(also "$why" "$(links_why)")
	verdict "$c: the targets of the links (absolute under --root, relative) replaced, 0644, the links kept" "$why"
	why=
	[ -z "$(temporaries)" ] || why="left: $(temporaries)"
	[ -z "$RUNDIR" ] || why=$(also "$why" "written outside the root, in /run: $RUNDIR")
	[ "$(cat "$ROOT/etc/hostname")" = old-name ] || why=$(also "$why" "hostname file changed")
	verdict "$c: no temporary left, nothing outside the root, the hostname file intact" "$why"
	why=$(full_why eth0 state-only)
	[ "$UTS" = worker-01 ] || why=$(also "$why" "hostname is $UTS")
	verdict "$c: the network steps and the hostname are done" "$why"

	guest
	ro_root
	GN_PRE=$RO_ETC gn "${FULL[@]}" -- --verbose
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	# the change line itself names the target (the dry run prints the same)
	printf '%s\n' "$ERR" | grep -qxF "guestnet: write $ROOT/etc/resolv.conf (a link to $ROOT/run/x/resolv.conf: /etc is read-only)" ||
		why=$(also "$why" "no line for resolv.conf")
	printf '%s\n' "$ERR" | grep -qxF -e "guestnet: write $ROOT/etc/hosts (a link to $ROOT/run/x/hosts: /etc is read-only)" \
		-e "guestnet: write $ROOT/etc/hosts (a link to $ROOT/etc/../run/x/hosts: /etc is read-only)" ||
		why=$(also "$why" "no line for hosts")
	verdict "$c, --verbose: each link's write names its target" "${why:+$why; stderr: $(oneline "$ERR")}"

	guest
	ro_root
	printf 'nameserver 203.0.113.53\n' >"$ROOT/run/x/resolv.conf"
	GN_PRE=$RO_ETC_AND_X gn "${FULL[@]}" --
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	local h1="guestnet: $ROOT/etc/hosts (a link to " h2="): create temporary file: Read-only file system"
	case $ERR in
	"$h1$ROOT/etc/../run/x/hosts$h2"* | "$h1$ROOT/run/x/hosts$h2"*) ;;
	*) why=$(also "$why" "no first line for hosts") ;;
	esac
	[ "$(printf '%s\n' "$ERR" | sed 1d)" = "guestnet: $ROOT/etc/hostname: create temporary file: Read-only file system
guestnet: $ROOT/etc/resolv.conf (a link to $ROOT/run/x/resolv.conf): create temporary file: Read-only file system" ] ||
		why=$(also "$why" "not the lines for hostname and resolv.conf")
	verdict "$c and the links' target directory: exit 1, each file named with the target it links to" \
		"${why:+$why; stderr: $(oneline "$ERR")}"
	why=$(full_why eth0 state-only)
	[ "$(cat "$ROOT/run/x/resolv.conf")" = "nameserver 203.0.113.53" ] || why=$(also "$why" "resolv.conf's target changed")
	[ "$(cat "$ROOT/run/x/hosts")" = "old hosts" ] || why=$(also "$why" "hosts' target changed")
	[ -z "$(temporaries)" ] || why=$(also "$why" "left: $(temporaries)")
	why=$(also "$why" "$(links_why)")
	verdict "$c and the links' target directory: the network done, old targets intact, no temporary" "$why"
}

# c. --env-file FILE and --env-file - (a pipe).
t_env_file() {
	local c="--env-file" f=$tmp/env-c why HOSTS
	# Comments and blank lines; no MSB_HOST_ALIAS; the environment conflicts.
	printf '%s\n' "# the guest's identity" "" "MSB_NET=$NET" "MSB_NET_IPV4=$V4" "" "#MSB_HOSTNAME=commented" \
		"MSB_NET_IPV6=$V6" "MSB_HOSTNAME=worker-01" >"$f"
	HOSTS=$(hosts_for worker-01 "")
	guest
	gn MSB_HOSTNAME=env-name MSB_HOST_ALIAS=env.alias.internal \
		"MSB_NET_IPV4=addr=203.0.113.2/24,gw=203.0.113.1" -- --env-file "$f"
	check_full "$c FILE: comments and blank lines skipped, the file's values win, a value it lacks is not taken from the environment"
	why=
	if [ ! -f "$ROOT/etc/hosts" ]; then
		why="no hosts"
	elif grep -q 'env.alias.internal\|203\.0\.113' "$ROOT/etc/hosts"; then
		why="hosts holds an environment value"
	fi
	verdict "$c FILE: hosts holds no alias (MSB_HOST_ALIAS only in the environment)" "$why"

	HOSTS=$(hosts_for worker-01 host.test.internal)
	printf '%s\n' "${FULL[@]}" >"$f"
	guest
	GN_PIPE=$f gn MSB_HOSTNAME=env-name -- --env-file -
	check_full "$c -: the values from a pipe on standard input, the environment's ignored"

	printf '%s\n' "MSB_NET=$NET" "MSB_NET_IPV4=$V4" "MSB_HOSTNAME=worker-01" >"$f"
	printf 'console=ttyS0 MSB_HOSTNAME=cmd-name MSB_HOST_ALIAS=host.test.internal MSB_NET_IPV6=%s quiet\n' \
		"$V6" >"$tmp/cmdline-c"
	guest
	gn MSB_HOSTNAME=env-name MSB_HOST_ALIAS=env.alias.internal -- --env-file "$f" --cmdline="$tmp/cmdline-c"
	check_full "$c FILE --cmdline=FILE: the command line fills what the file lacks, the file wins"

	# Values verbatim: no quotes dropped, no comment after a value.
	printf '%s\n' "MSB_NET=$NET" 'MSB_HOSTNAME="worker-01"' >"$f"
	refused "$c FILE: a value in quotes is taken as it is, and refused" \
		"guestnet: MSB_HOSTNAME (from $f, line 2): the value is wrapped in quotes: write it without them (\\x22worker-01\\x22)" \
		-- --env-file "$f"
	printf '%s\n' "MSB_NET=$NET" 'MSB_HOSTNAME=worker-01 # the name' >"$f"
	refused "$c FILE: a # after a value is part of the value" \
		"guestnet: MSB_HOSTNAME (from $f, line 2): white space inside the value \"worker-01 # the name\"" \
		-- --env-file "$f"

	# Errors of the file itself: exit 2, nothing changed.
	printf '%s\n' "MSB_NET=$NET" "bogus line" "MSB_HOSTNAME=worker-01" >"$f"
	refused "$c FILE: a line without = (line 2)" \
		"guestnet: --env-file $f: line 2: \"bogus line\" is not NAME=VALUE" -- --env-file "$f"
	GN_PIPE=$f refused "$c -: a line without = (line 2), the pipe named -" \
		'guestnet: --env-file -: line 2: "bogus line" is not NAME=VALUE' -- --env-file -
	# a shell's line is no NAME=VALUE line: said, not dropped in silence
	printf '%s\n' "MSB_NET=$NET" "export MSB_HOSTNAME=worker-01" "MSB_HOSTNAME =x" >"$f"
	refused "$c FILE: 'export NAME=VALUE' and 'NAME =VALUE' (lines 2 and 3)" \
		"guestnet: --env-file $f: line 2: \"export MSB_HOSTNAME=worker-01\" is not NAME=VALUE
guestnet: --env-file $f: line 3: \"MSB_HOSTNAME =x\" is not NAME=VALUE" -- --env-file "$f"
	printf '%s\n' "MSB_NET=$NET" "MSB_HOSTNAME=worker-01" "MSB_HOSTNAME=worker-02" >"$f"
	refused "$c FILE: a name given twice (line 3)" \
		"guestnet: --env-file $f: line 3: MSB_HOSTNAME given more than once" \
		MSB_HOSTNAME=worker-01 -- --env-file "$f"
	printf 'MSB_NET=%s\n\n# x\nMSB_HOSTNAME=worker\0-01\n' "$NET" >"$f"
	refused "$c FILE: a NUL byte (line 4)" "guestnet: --env-file $f: line 4: holds a NUL byte" \
		-- --env-file "$f"
	refused "$c FILE: a missing file" "guestnet: --env-file $tmp/nonexistent: No such file or directory" \
		"${FULL[@]}" -- --env-file "$tmp/nonexistent"

	# A bad value names where it came from.
	printf '%s\n' "MSB_NET=iface=eth0,mac=02:00:00:00:00:01,mtu=10" "MSB_HOSTNAME=worker-01" >"$f"
	refused "$c FILE: a bad value names the file and line" \
		"guestnet: MSB_NET (from $f, line 1): mtu: MTU 10 out of range 68-65535" -- --env-file "$f"
	GN_PIPE=$f refused "$c -: a bad value names - and the line" \
		"guestnet: MSB_NET (from -, line 1): mtu: MTU 10 out of range 68-65535" -- --env-file -
	printf 'console=ttyS0 MSB_NET=%s MSB_HOSTNAME=a#b\n' "$NET" >"$tmp/cmdline-c"
	refused "--cmdline=FILE: a bad value names the kernel command line and its file" \
		"guestnet: MSB_HOSTNAME (from kernel command line in $tmp/cmdline-c): \"a#b\" is not a host name (at most 64 bytes; labels of letters, digits, '_' and '-' joined by single dots; no '-' or dot first or last in a label)" \
		-- --cmdline="$tmp/cmdline-c"
}

# d. No silent typos; no value at all.
TYPO='MSB_NET_IP4 is not a name guestnet reads: ignored (did you mean MSB_NET_IPV4?)'
t_typos() {
	local f=$tmp/env-d why want
	guest
	gn "${FULL[@]}" MSB_NET_IP4=addr=198.51.100.2/24,gw=198.51.100.1 --
	check_full "MSB_NET_IP4 in the environment: exit 0, a warning, the rest configured" eth0 \
		"guestnet: environment: warning: $TYPO"
	printf '%s\n' "${FULL[@]:0:2}" "MSB_NET_IP4=addr=198.51.100.2/24,gw=198.51.100.1" "${FULL[@]:2}" >"$f"
	guest
	gn -- --env-file "$f"
	check_full "MSB_NET_IP4 in an env file (line 3): exit 0, a warning naming the line, the rest configured" \
		eth0 "guestnet: --env-file $f: line 3: warning: $TYPO"

	want="addr lo 127.0.0.1/8 scope=host
addr lo ::1/128 scope=host
link eth0 mac=02:00:00:00:00:0a mtu=1500 up=False
link lo mac=00:00:00:00:00:00 mtu=65536 up=True"
	# (an env file without a value is refused: test/input.sh)
	local l
	guest eth0 02:00:00:00:00:0a
	gn --
	why=
	[ "$RC" = 0 ] || why="exit $RC"
	[ "$ERR" = "guestnet: no MSB_* value: writing /etc/hosts and bringing lo up only" ] ||
		why=$(also "$why" "stderr: $(oneline "$ERR")")
	[ "$(state)" = "$want" ] || why=$(also "$why" "state: $(oneline "$(state)")")
	why=$(also "$why" "$(file_is etc/hosts "$(hosts_for "" "")")")
	l=$(find "$ROOT/etc" -mindepth 1 -printf '%P ' 2>/dev/null)
	[ "$l" = "hosts " ] || why=$(also "$why" "etc holds: $l")
	[ "$UTS" = gnt-before ] || why=$(also "$why" "hostname changed to $UTS")
	verdict "no MSB_* value (environment): exit 0, one line, /etc/hosts written, lo up with its addresses, eth0 untouched" "$why"
}

# e. Refusals of issue 11, and /31 and /32 accepted.
t_refusals() {
	local n4="MSB_NET=iface=eth0,mac=02:00:00:00:00:01"
	refused "IPv4 prefix length 0 refused" \
		"guestnet: MSB_NET_IPV4: addr: prefix length 0 out of range 1-32" \
		"$n4" "MSB_NET_IPV4=addr=192.0.2.2/0,gw=192.0.2.1" --
	refused "IPv6 prefix length 0 refused" \
		"guestnet: MSB_NET_IPV6: addr: prefix length 0 out of range 1-128" \
		"$n4" "MSB_NET_IPV6=addr=2001:db8::2/0,gw=2001:db8::1" --
	refused "the broadcast address of its prefix refused (192.0.2.3/30)" \
		"guestnet: MSB_NET_IPV4: addr: 192.0.2.3/30 is the broadcast address of its prefix" \
		"$n4" "MSB_NET_IPV4=addr=192.0.2.3/30,gw=192.0.2.1" --
	refused "the network address of its prefix refused (198.51.100.0/24)" \
		"guestnet: MSB_NET_IPV4: addr: 198.51.100.0/24 is the network address of its prefix" \
		"$n4" "MSB_NET_IPV4=addr=198.51.100.0/24,gw=198.51.100.1" --
	refused "a zone refused, with the reason" \
		'guestnet: MSB_NET_IPV6: gw: "fe80::1%eth0" has a zone: zones are not taken (every address here is on the interface of MSB_NET, which says it)' \
		"$n4" "MSB_NET_IPV6=addr=2001:db8::2/64,gw=fe80::1%eth0" --
	refused "a value in double quotes refused, the fix said" \
		'guestnet: MSB_NET: the value is wrapped in quotes: write it without them (\x22iface=eth0,mac=02:00:00:00:00:01\x22)' \
		'MSB_NET="iface=eth0,mac=02:00:00:00:00:01"' --
	refused "a value in single quotes refused, the fix said" \
		"guestnet: MSB_NET: the value is wrapped in quotes: write it without them ('iface=eth0,mac=02:00:00:00:00:01')" \
		"MSB_NET='iface=eth0,mac=02:00:00:00:00:01'" --

	local a gw on
	for a in 198.51.100.0/31:198.51.100.1 198.51.100.1/31:198.51.100.0 \
		203.0.113.255/32:203.0.113.1 203.0.113.0/32:203.0.113.1; do
		gw=${a#*:} a=${a%:*} on=
		case $a in */32) on=" onlink" ;; esac
		guest
		gn "$n4" "MSB_NET_IPV4=addr=$a,gw=$gw" --
		local got why=
		got=$(state | grep ' eth0 ')
		[ "$RC" = 0 ] || why="exit $RC: $(oneline "$ERR")"
		[ "$got" = "addr eth0 $a scope=global
link eth0 mac=02:00:00:00:00:01 mtu=1500 up=True
route4 default via $gw dev eth0 proto=boot metric=0$on" ] || why=$(also "$why" "state: $(oneline "$got")")
		verdict "$a accepted: configured, default route via $gw" "$why"
	done
}

# f. Messages that end at the fix.
t_fix() {
	printf 'MSB_HOSTNAME=worker-01\n' >"$tmp/cmdline-f"
	refused "-c FILE as two arguments: exit 2, says to write --cmdline=FILE" \
		"guestnet: unexpected argument \"$tmp/cmdline-f\": the FILE of -c or --cmdline is only taken attached: write --cmdline=$tmp/cmdline-f
Try 'guestnet --help'." \
		"${FULL[@]}" -- -c "$tmp/cmdline-f"
	refused "--cmdline FILE as two arguments: exit 2, says to write --cmdline=FILE" \
		"guestnet: unexpected argument \"$tmp/cmdline-f\": the FILE of -c or --cmdline is only taken attached: write --cmdline=$tmp/cmdline-f
Try 'guestnet --help'." \
		"${FULL[@]}" -- --cmdline "$tmp/cmdline-f"

	local why l
	guest
	gn "${FULL[@]}" --
	gn "${FULL[@]}" -- --verbose
	why=
	[ "$RC" = 0 ] || why="exit $RC"
	for l in "eth0: MAC already 02:00:00:00:00:01" "eth0: MTU already 1400" "eth0: already up" "lo: already up"; do
		printf '%s\n' "$ERR" | grep -qxF "guestnet: $l" || why=$(also "$why" "no line \"$l\"")
	done
	l=$(printf '%s\n' "$ERR" | grep -e ': add ' -e 'set MAC' -e 'set MTU' -e ': set up' -e ': remove ' -e ': announce ')
	[ -z "$l" ] || why=$(also "$why" "claims a change: $(oneline "$l")")
	verdict "--verbose on a re-run: MAC, MTU, up already so, no change claimed" \
		"${why:+$why; stderr: $(oneline "$ERR")}"

	local before after
	guest eth0 02:00:00:00:00:0a
	before=$(snapshot)
	gn "MSB_NET=iface=eth9,mac=02:00:00:00:00:01" "${FULL[@]:1}" -- --dry-run
	after=$(snapshot)
	why=
	[ "$RC" = 1 ] || why="exit $RC"
	[ "$ERR" = "guestnet: eth9: find interface: No such device (there are: lo, eth0)
guestnet: eth9: MAC, MTU, addresses, routes: skipped, the interface is not there" ] ||
		why=$(also "$why" "stderr: $(oneline "$ERR")")
	[ "$before" = "$after" ] || why=$(also "$why" "the dry run changed the namespace or the root")
	verdict "a dry run against a missing interface: exit 1 naming it, nothing changed" "$why"

	guest ens3 02:00:00:00:00:01
	before=$(snapshot)
	gn "${FULL[@]}" -- --dry-run
	after=$(snapshot)
	why=
	[ "$RC" = 0 ] || why="exit $RC"
	[ "$ERR" = "$BYMAC" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	for l in "ens3: add IPv4 address 192.0.2.2/30" "ens3: add IPv6 default route via 2001:db8::1"; do
		printf '%s\n' "$OUT" | grep -qxF "$l" || why=$(also "$why" "no plan line \"$l\"")
	done
	[ "$before" = "$after" ] || why=$(also "$why" "the dry run changed the namespace or the root")
	verdict "a dry run by MAC: exit 0, the line, ens3's plan, nothing changed" "$why"
}

# The first pass: the checks above (GN_PLAN=only skips it).
if [ "${GN_PLAN-}" != only ]; then
	t_by_mac
	t_readonly
	t_env_file
	t_typos
	t_refusals
	t_fix
fi

# The second pass (test/lib.sh; GN_PLAN=0 skips it): every scenario again,
# each real run preceded by a dry run in the same state and made with
# --verbose; one check per run: the dry run's plan is what the run did.
# shellcheck source=test/lib.sh
. "$top/test/lib.sh"
plan_pass t_by_mac t_readonly t_env_file t_typos t_refusals t_fix
