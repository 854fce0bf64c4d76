#!/bin/bash
# test/input.sh - what guestnet makes of its input's names and hostnames
# (issue 18, points 5-7), in namespaces, with --root:
#  1. an --env-file (a file, or a pipe on standard input) without a single
#     MSB_* value is refused: exit 2, one line naming the file, and nothing
#     changed (namespace, root's files, hostname) on a guest a first run
#     configured;
#  2. every MSB_* / msb_* name guestnet does not read gets a warning naming
#     it (escaped, capped), from the environment, an env file and the kernel
#     command line (a dotted MSB_NET.IPV4= too), with the name it was likely
#     meant as; microsandbox agentd's own names (MSB_USER, MSB_TMPFS ...)
#     get none; the run goes on;
#  3. hostnames and the host alias by systemd's hostname_is_valid(s, 0)
#     rules ('_' beside letters): each broken rule is exit 2 with one line
#     and nothing changed; the names that keep them, a microsandbox sandbox
#     name among them, are set.
# Each case runs guestnet in a network namespace of its own (eth0 a veth
# whose peer is up in a second namespace), under new UTS and mount
# namespaces, with --root in a temporary directory.
#
# GUESTNET=path picks the binary (default ./guestnet); GUESTNET_RUNNER is a
# prefix for it. Root is needed. Addresses: documentation ranges only, only
# inside these namespaces. Every run of guestnet is killed after 60 s.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
read -ra RUNNER <<<"${GUESTNET_RUNNER:-}" # words: a command and its options
# shellcheck source=test/lib.sh
. "$top/test/lib.sh"
ns_suite input gnt-inp- iproute2 util-linux coreutils python3
also() { if [ -z "$2" ]; then printf '%s' "$1"; else printf '%s' "$1${1:+; }$2"; fi; }
oneline() { printf '%s' "$1" | sed ':a;N;$!ba;s/\n/ | /g'; }

NET=iface=eth0,mac=02:00:00:00:00:01
V4=addr=192.0.2.2/24,gw=192.0.2.1,dns=192.0.2.53
V6=addr=2001:db8::2/64,gw=2001:db8::1
FULL=("MSB_NET=$NET" "MSB_NET_IPV4=$V4" "MSB_NET_IPV6=$V6" MSB_HOSTNAME=worker-01
	MSB_HOST_ALIAS=host.test.internal)
RULES="(at most 64 bytes; labels of letters, digits, '_' and '-' joined by single dots; no '-' or dot first or last in a label)"
RULES_ALIAS=${RULES/64/253}
NOT_READ="is not a name guestnet reads: ignored"

# guest: fresh namespaces $NS (eth0, a veth) and $NS-p (its peer, up), and
# an empty root $ROOT.
n=0
guest() {
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	ip -n "$NS" link add eth0 type veth peer name peer0 netns "$NS-p"
	ip -n "$NS-p" link set peer0 up
	mkdir -p "$ROOT"
}

# gn [VAR=VALUE...] [-- OPTION...]: run guestnet in $NS with only those
# variables and options; standard input is the pipe `cat $PIPE` when PIPE
# is set, else /dev/null. Sets RC, OUT, ERR and UTS (the hostname it left).
gn() {
	local vars=() src=${PIPE:-/dev/null}
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		vars+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	rm -f "$tmp/run.out" "$tmp/run.err" "$tmp/run.uts"
	# shellcheck disable=SC2016,SC2002 # a pipe on purpose: an agent's
	cat "$src" | ip netns exec "$NS" unshare --uts --mount sh -c \
		'hostname gnt-before; "$@" >"$0.out" 2>"$0.err"; rc=$?; hostname >"$0.uts"; exit $rc' \
		"$tmp/run" timeout -k 5 60 env -i PATH="$PATH" "${vars[@]}" "${RUNNER[@]}" "$G" \
		--root "$ROOT" "$@"
	RC=$?
	OUT=$(cat "$tmp/run.out" 2>/dev/null) ERR=$(cat "$tmp/run.err" 2>/dev/null)
	UTS=$(cat "$tmp/run.uts" 2>/dev/null)
}

# Everything a run could change: the namespace's links, addresses and
# routes (test/nsstate.py --routes: without what the kernel does on its
# own after a link comes up, carrier and the fe80:: address's DAD), and
# every file under the root with its mode and bytes.
snapshot() {
	"$top/test/nsstate.py" --routes "$NS"
	(cd "$ROOT" && find . -printf '%p %M %s\n' | sort && find . -type f -exec md5sum {} + | sort)
}

# The guest a first run configured with the full input (and the hostname
# it set, checked).
configured_guest() {
	guest
	gn "${FULL[@]}"
	if [ "$RC" != 0 ] || [ "$UTS" != worker-01 ] || [ -n "$ERR" ]; then
		ko "input: the first run" "exit $RC, hostname $UTS, stderr: $(oneline "$ERR")"
	fi
}

# unchanged NAME WANT-ERR [VAR=VALUE...] [-- OPTION...]: on a configured
# guest, the run exits 2 with exactly WANT-ERR on standard error, nothing
# on standard output, and changes nothing: namespace, root, hostname.
unchanged() {
	local name=$1 want=$2 before after why=
	shift 2
	configured_guest
	before=$(snapshot)
	gn "$@"
	after=$(snapshot)
	[ "$RC" = 2 ] || why="exit $RC"
	[ "$ERR" = "$want" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	[ -z "$OUT" ] || why=$(also "$why" "stdout: $(oneline "$OUT")")
	[ "$before" = "$after" ] || why=$(also "$why" "changed: $(diff <(echo "$before") <(echo "$after") | head -4 | tr '\n' ' ')")
	[ "$UTS" = gnt-before ] || why=$(also "$why" "hostname changed to $UTS")
	verdict "$name" "$why"
}

# configured NAME WANT-ERR [VAR=VALUE...] [-- OPTION...]: in a fresh guest
# the run exits 0 with exactly WANT-ERR on standard error (warnings), and
# the full configuration is there: eth0's addresses, the hostname, the
# files.
configured() {
	local name=$1 want=$2 why='' addrs
	shift 2
	guest
	gn "$@"
	[ "$RC" = 0 ] || why="exit $RC"
	[ "$ERR" = "$want" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	addrs=$(ip -n "$NS" -br addr show dev eth0 2>/dev/null)
	case $addrs in *192.0.2.2/24*2001:db8::2/64*) ;; *) why=$(also "$why" "eth0: $addrs") ;; esac
	[ "$UTS" = worker-01 ] || why=$(also "$why" "hostname $UTS")
	[ "$(cat "$ROOT/etc/hostname" 2>/dev/null)" = worker-01 ] || why=$(also "$why" "etc/hostname")
	grep -q "host.test.internal" "$ROOT/etc/hosts" 2>/dev/null || why=$(also "$why" "no alias in etc/hosts")
	verdict "$name" "$why"
}

# ---- 1. an env file without a value -------------------------------------------
f=$tmp/env
printf '# the guest identity goes here\n\n' >"$f"
unchanged "env file of comments and blank lines: exit 2, the file named, nothing changed" \
	"guestnet: --env-file $f: no MSB_* value in it: refused, nothing changed" -- --env-file "$f"
: >"$f"
unchanged "empty env file: exit 2, nothing changed" \
	"guestnet: --env-file $f: no MSB_* value in it: refused, nothing changed" -- --env-file "$f"
printf 'MSB_HOSTNAME=\nMSB_NET=   \nMSB_NET_IPV4=\t\n' >"$f"
unchanged "env file whose MSB_* values are all empty or white: exit 2, nothing changed" \
	"guestnet: --env-file $f: no MSB_* value in it: refused, nothing changed" -- --env-file "$f"
printf 'PATH=/bin\nHOSTNAME=x\n' >"$f"
unchanged "env file of other names only: exit 2, nothing changed" \
	"guestnet: --env-file $f: no MSB_* value in it: refused, nothing changed" -- --env-file "$f"
printf 'MSB_HOSTNAM=worker-02\n' >"$f"
unchanged "env file with a misspelt name only: the warning, then exit 2, nothing changed" \
	"guestnet: --env-file $f: line 1: warning: MSB_HOSTNAM $NOT_READ (did you mean MSB_HOSTNAME?)
guestnet: --env-file $f: no MSB_* value in it: refused, nothing changed" -- --env-file "$f"
: >"$f"
PIPE=$f unchanged "--env-file - with an empty pipe (an agent's empty message): exit 2, - named, nothing changed" \
	"guestnet: --env-file -: no MSB_* value in it: refused, nothing changed" "${FULL[@]}" -- --env-file -
printf '\n\n# nothing\n' >"$f"
PIPE=$f unchanged "--env-file - with blank lines and a comment: exit 2, nothing changed" \
	"guestnet: --env-file -: no MSB_* value in it: refused, nothing changed" -- --env-file -
for ((i = 0; i < 40; i++)); do printf 'MSB_ZZ%02d=1\n' "$i"; done >"$f"
configured_guest
before=$(snapshot)
gn -- --env-file "$f"
why=
[ "$RC" = 2 ] || why="exit $RC"
[ "$(printf '%s\n' "$ERR" | tail -2)" = "guestnet: 8 more problems in the file not shown
guestnet: --env-file $f: no MSB_* value in it: refused, nothing changed" ] ||
	why=$(also "$why" "last lines: $(printf '%s\n' "$ERR" | tail -2 | tr '\n' ' ')")
[ "$(printf '%s\n' "$ERR" | wc -l)" = 34 ] || why=$(also "$why" "$(printf '%s\n' "$ERR" | wc -l) lines")
[ "$before" = "$(snapshot)" ] || why=$(also "$why" "changed")
verdict "env file of 40 unknown MSB_* names: 32 warnings, the closing line, the refusal said past the cap, nothing changed" "$why"
printf 'MSB_HOSTNAME=worker-01\n' >"$f"
guest
gn -- --env-file "$f"
verdict "env file with one value (MSB_HOSTNAME): taken, exit 0" \
	"$([ "$RC" = 0 ] && [ "$UTS" = worker-01 ] && [ -z "$ERR" ] || echo "exit $RC, hostname $UTS, stderr: $(oneline "$ERR")")"

# ---- 2. names guestnet does not read --------------------------------------------
configured "environment: MSB_HOSTNAM: a warning meaning MSB_HOSTNAME, the run goes on" \
	"guestnet: environment: warning: MSB_HOSTNAM $NOT_READ (did you mean MSB_HOSTNAME?)" \
	"${FULL[@]}" MSB_HOSTNAM=worker-02
configured "environment: lower-case msb_net: a warning meaning MSB_NET" \
	"guestnet: environment: warning: msb_net $NOT_READ (did you mean MSB_NET?)" \
	"${FULL[@]}" "msb_net=$NET"
configured "environment: a dotted MSB_NET.IPV4: a warning meaning MSB_NET_IPV4" \
	"guestnet: environment: warning: MSB_NET.IPV4 $NOT_READ (did you mean MSB_NET_IPV4?)" \
	"${FULL[@]}" "MSB_NET.IPV4=$V4"
configured "environment: MSB_NET_IP6: a warning meaning MSB_NET_IPV6" \
	"guestnet: environment: warning: MSB_NET_IP6 $NOT_READ (did you mean MSB_NET_IPV6?)" \
	"${FULL[@]}" "MSB_NET_IP6=$V6"
configured "environment: MSB_FROBNICATE: a warning, nothing suggested" \
	"guestnet: environment: warning: MSB_FROBNICATE $NOT_READ" \
	"${FULL[@]}" MSB_FROBNICATE=1
# shellcheck disable=SC2054 # commas inside values
AGENTD=(MSB_BLOCK_ROOT=kind=disk-image,device=/dev/vda MSB_DIR_MOUNTS=data:/data
	MSB_DISK_MOUNTS=d_1:/d:ro MSB_FILE_MOUNTS=fm_a:a.conf:/etc/a.conf MSB_HANDOFF_INIT=auto
	MSB_HANDOFF_INIT_ARGS=WyJ4Il0 MSB_HANDOFF_INIT_CWD=/opt/app MSB_HANDOFF_INIT_ENV=W10
	MSB_RLIMITS=nofile=65535 MSB_SECURITY_PROFILE=restricted MSB_TMPFS=/tmp:size=256 MSB_USER=1000)
configured "environment: microsandbox agentd's twelve names: no warning" "" "${FULL[@]}" "${AGENTD[@]}"
configured "environment: a name with ESC and CR: the warning shows it escaped" \
	"guestnet: environment: warning: MSB_\\x1b[1m\\x0dX $NOT_READ" \
	"${FULL[@]}" "MSB_"$'\033[1m\r'"X=1"
names=()
for ((i = 0; i < 40; i++)); do names+=("$(printf 'MSB_ZZ%02d=1' "$i")"); done
guest
gn "${FULL[@]}" "${names[@]}"
why=
[ "$RC" = 0 ] || why="exit $RC"
[ "$(printf '%s\n' "$ERR" | grep -c "^guestnet: environment: warning: MSB_ZZ[0-9][0-9] $NOT_READ\$")" = 32 ] ||
	why=$(also "$why" "not 32 warnings: $(printf '%s\n' "$ERR" | head -2 | tr '\n' ' ')")
[ "$(printf '%s\n' "$ERR" | tail -1)" = "guestnet: 8 more warnings not shown" ] ||
	why=$(also "$why" "last line: $(printf '%s\n' "$ERR" | tail -1)")
[ "$(printf '%s\n' "$ERR" | wc -l)" = 33 ] || why=$(also "$why" "$(printf '%s\n' "$ERR" | wc -l) lines")
verdict "environment: 40 unknown MSB_* names: 32 warnings, one closing line, exit 0" "$why"

f=$tmp/env-w
printf '%s\n' "MSB_NET=$NET" "MSB_HOSTNAM=worker-02" "MSB_NET_IPV4=$V4" "msb_net_ipv6=$V6" \
	"MSB_NET_IPV6=$V6" "MSB_USER=1000" "MSB_TMPFS=/tmp" "MSB_HOSTNAME=worker-01" \
	"MSB_HOST_ALIAS=host.test.internal" >"$f"
configured "env file: each unknown name warned with its line, agentd's quiet, the run goes on" \
	"guestnet: --env-file $f: line 2: warning: MSB_HOSTNAM $NOT_READ (did you mean MSB_HOSTNAME?)
guestnet: --env-file $f: line 4: warning: msb_net_ipv6 $NOT_READ (did you mean MSB_NET_IPV6?)" \
	-- --env-file "$f"

c=$tmp/cmdline
printf 'BOOT_IMAGE=/vmlinuz console=ttyS0 MSB_NET=%s MSB_NET.IPV4=%s MSB_NET_IPV4=%s MSB_NET_IPV6=%s MSB_HOSTNAM=x MSB_TMPFS=/tmp msb_user=1000 MSB_HOSTNAME=worker-01 MSB_HOST_ALIAS=host.test.internal quiet -- MSB_AFTER_DASHES=1\n' \
	"$NET" "$V4" "$V4" "$V6" >"$c"
configured "kernel command line: MSB_NET.IPV4 (dotted), MSB_HOSTNAM and msb_user warned, MSB_TMPFS and what follows -- not" \
	"guestnet: kernel command line in $c: warning: MSB_NET.IPV4 $NOT_READ (did you mean MSB_NET_IPV4?)
guestnet: kernel command line in $c: warning: MSB_HOSTNAM $NOT_READ (did you mean MSB_HOSTNAME?)
guestnet: kernel command line in $c: warning: msb_user $NOT_READ" \
	-- --cmdline="$c"

# ---- 3. hostnames -------------------------------------------------------------
# refused_host NAME-OF-CASE VALUE [VAR [SHOWN]]: exit 2, nothing changed,
# the value (shown as SHOWN, escaped) and the rules named.
refused_host() {
	local var=${3:-MSB_HOSTNAME} rules=$RULES shown=${4:-$2}
	[ "$var" = MSB_HOST_ALIAS ] && rules=$RULES_ALIAS
	unchanged "$var refused: $1" "guestnet: $var: \"$shown\" is not a host name $rules" \
		"${FULL[@]}" "$var=$2"
}
# shellcheck disable=SC2016 # the text itself
refused_host "a shell's command substitution" '$(reboot);rm*'
refused_host "a trailing dot (refused, not dropped)" "worker-01."
refused_host "a leading dot" ".worker-01"
refused_host ".host (systemd's container root)" ".host"
refused_host "two dots in a row" "worker..01"
refused_host "a label starting with '-'" "-worker"
refused_host "a label ending with '-'" "worker-"
refused_host "a label ending with '-' before a dot" "worker-.test"
refused_host "a label starting with '-' after a dot" "worker.-test"
refused_host "'#'" "guest#1"
refused_host "'/'" "guest/1"
refused_host "':'" "guest:1"
refused_host "'*'" "guest*"
refused_host "a quote" "gu'est"
refused_host "a backslash" 'gu\est' MSB_HOSTNAME 'gu\x5cest'
refused_host "a non-ASCII letter" "gu"$'\xc3\xa9'"st" MSB_HOSTNAME 'gu\xc3\xa9st'
refused_host "65 bytes" "$(printf 'a%.0s' {1..65})"
refused_host "a trailing dot" "host.test.internal." MSB_HOST_ALIAS
refused_host "two dots in a row" "host..internal" MSB_HOST_ALIAS
refused_host "254 bytes" "$(printf 'a%.0s' {1..254})" MSB_HOST_ALIAS "$(printf 'a%.0s' {1..80})..."
unchanged "ip= hostname refused by the same rules: a trailing dot" \
	"guestnet: ip= (the environment): hostname: \"worker-01.\" is not a host name $RULES" \
	"ip=192.0.2.2::192.0.2.1:24:worker-01.:eth0:off"

# taken_host VALUE [ALIAS]: set (kernel's hostname, etc/hostname, etc/hosts).
taken_host() {
	local name=$1 alias=${2:-host.test.internal} why=
	guest
	gn "MSB_NET=$NET" "MSB_NET_IPV4=$V4" "MSB_HOSTNAME=$name" "MSB_HOST_ALIAS=$alias"
	[ "$RC" = 0 ] || why="exit $RC"
	[ -z "$ERR" ] || why=$(also "$why" "stderr: $(oneline "$ERR")")
	[ "$UTS" = "$name" ] || why=$(also "$why" "hostname $UTS")
	[ "$(cat "$ROOT/etc/hostname" 2>/dev/null)" = "$name" ] || why=$(also "$why" "etc/hostname")
	grep -qxF "127.0.0.1	localhost $name" "$ROOT/etc/hosts" 2>/dev/null || why=$(also "$why" "etc/hosts: no $name")
	grep -qxF "192.0.2.1	$alias" "$ROOT/etc/hosts" 2>/dev/null || why=$(also "$why" "etc/hosts: no $alias")
	verdict "taken: MSB_HOSTNAME=$name MSB_HOST_ALIAS=${alias:0:40}" "$why"
}
taken_host worker-01 host.microsandbox.internal
taken_host my_sandbox-01 # a microsandbox sandbox name (the default hostname): '_' passes
taken_host Guest_3
taken_host a
taken_host 0
taken_host node-3.example.test
taken_host "$(printf 'a%.0s' {1..64})"
taken_host worker-01 "$(printf 'a%.0s' {1..63}).$(printf 'b%.0s' {1..63}).$(printf 'c%.0s' {1..63}).$(printf 'd%.0s' {1..61})"
