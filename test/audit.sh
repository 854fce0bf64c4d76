#!/bin/bash
# test/audit.sh - the audit's contract (SPEC 2, 4, 7), with the real binary
# against the real kernel:
#  1. text from outside (link targets, env-file lines, interface and
#     variable names) never reaches the console raw: no ESC, no CR, every
#     line of standard error starts with "guestnet: ", \x1b shown instead;
#  2. diagnostics are capped: 32 lines and one closing line "... not shown",
#     however many problems (30,000 bad env-file lines, 5,000 misspelt
#     MSB_NET_ names, a value of 100,000 commas);
#  3. no hang: a FIFO, a directory, a device as --env-file or --cmdline is
#     refused at once (exit 2, "not a regular file"); a /proc file is read;
#  4. with standard output and error closed at exec, no diagnostic goes into
#     the netlink socket or a file guestnet opened (strace);
#  5. a big guest state converges: 200 addresses, 40 default routes, 30,000
#     unrelated routes on another interface (each run's time is shown);
#  6. the dry run: a missing --root fails as the real run does, and a
#     read-only /etc whose resolv.conf links into /run plans the link's target.
# Each case runs guestnet in network namespaces of its own (gnt-aud-*),
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
	echo "FAIL audit: needs root for network namespaces"
	exit 1
fi
"$top/tools/deps.sh" iproute2 util-linux python3 strace coreutils || {
	echo "FAIL audit: cannot install iproute2, util-linux, python3, strace"
	exit 1
}
tag=gnt-aud-$$
tmp=$(mktemp -d)
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
# shown FILE: FILE's first 600 bytes on one line, bytes below 0x20 as ^X.
shown() { head -c 600 "$1" | cat -v | sed ':a;N;$!ba;s/\n/ | /g'; }

MAC=02:00:00:00:00:01
NET=iface=eth0,mac=$MAC
V4=addr=192.0.2.2/24,gw=192.0.2.1
V6=addr=2001:db8::2/64,gw=2001:db8::1
FULL=("MSB_NET=$NET" "MSB_NET_IPV4=$V4,dns=192.0.2.53" "MSB_NET_IPV6=$V6")

# guest [none]: fresh namespaces $NS (eth0, a veth, unless "none") and $NS-p
# (its peer peer0, up), and an empty root $ROOT.
n=0
guest() {
	n=$((n + 1))
	NS=$tag-$n ROOT=$tmp/root$n
	ip netns add "$NS"
	ip netns add "$NS-p"
	if [ "${1-}" != none ]; then
		ip -n "$NS" link add eth0 type veth peer name peer0 netns "$NS-p"
		ip -n "$NS-p" link set peer0 up
	fi
	mkdir -p "$ROOT"
}

# gn [VAR=VALUE...] -- [OPTION...]: run guestnet in $NS with only those
# variables and --root $ROOT, killed after 10 s (exit 124); its standard
# output and error in the files $O and $E; sets RC and MS (milliseconds it
# took). GN_PRE is shell run first inside the new mount namespace (GN_ROOT
# the root; a failure there is exit 99); GN_WRAP, words run before env (with
# guestnet's command as their arguments); GN_CLOSE=1 closes guestnet's
# standard output and error at exec.
O=$tmp/run.out E=$tmp/run.err
gn() {
	local envs=() wrap=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	[ -z "${GN_WRAP-}" ] || read -ra wrap <<<"$GN_WRAP"
	rm -f "$O" "$E" "$tmp/run.ms"
	# shellcheck disable=SC2016
	local script='eval "$GN_PRE" || exit 99
		s=$(date +%s%N)
		"$@" >"$0.out" 2>"$0.err"; rc=$?; echo $((($(date +%s%N) - s) / 1000000)) >"$0.ms"; exit $rc'
	[ "${GN_CLOSE-}" != 1 ] || wrap+=(sh -c 'exec "$@" >&- 2>&-' sh)
	GN_PRE=${GN_PRE-} GN_ROOT=$ROOT ip netns exec "$NS" unshare --uts --mount \
		sh -c "$script" "$tmp/run" "${wrap[@]}" timeout -k 2 10 env -i PATH="$PATH" "${envs[@]}" \
		"${RUNNER[@]}" "$G" --root "$ROOT" "$@" </dev/null
	RC=$?
	MS=$(cat "$tmp/run.ms" 2>/dev/null)
	touch "$O" "$E"
}

# clean_why: why standard error ($E) is not clean console text: an ESC or a
# CR byte, a line not starting with "guestnet: ", or no \x1b (the escaped
# ESC) at all.
clean_why() {
	local why=
	[ -s "$E" ] || { echo "nothing on standard error"; return; }
	LC_ALL=C grep -q $'\x1b' "$E" && why="a raw ESC byte"
	LC_ALL=C grep -q $'\r' "$E" && why=$(also "$why" "a raw CR byte")
	LC_ALL=C grep -qv '^guestnet: ' "$E" && why=$(also "$why" "a line not starting with \"guestnet: \"")
	grep -qF '\x1b' "$E" || why=$(also "$why" "no escaped \\x1b")
	[ -z "$why" ] || why="$why; stderr: $(shown "$E")"
	printf '%s' "$why"
}

# 1. Escaped text.
# shellcheck disable=SC2016
RO_ETC='mount --bind "$GN_ROOT/etc" "$GN_ROOT/etc" && mount -o remount,bind,ro "$GN_ROOT/etc"'
t_escaped() {
	local c="escaped text" f=$tmp/env-esc
	guest
	mkdir -p "$ROOT/etc"
	ln -s $'/run/x\n\033[31mguestnet: forged' "$ROOT/etc/resolv.conf"
	GN_PRE=$RO_ETC gn "${FULL[@]}" -- --verbose
	local why
	why=$(clean_why)
	grep -q 'forged' "$E" || why=$(also "$why" "no line shows the link's target; stderr: $(shown "$E")")
	verdict "$c: a read-only /etc whose resolv.conf links to a name with a newline and ESC: the target shown escaped" "$why"

	printf 'MSB_NET=%s\nMSB_HOSTNAME=a\033[2J\rb\r\n\033]0;title\007\r\nMSB_NET_\033[1m=1\n' "$NET" >"$f"
	gn -- --env-file "$f"
	why=$(clean_why)
	[ "$RC" = 2 ] || why=$(also "$why" "exit $RC")
	verdict "$c: env-file lines holding ESC and CR: exit 2, shown escaped" "$why"

	guest none
	ip -n "$NS" link add name $'d\033[7m' type veth peer name $'p\033[8m'
	gn "MSB_NET=iface=e"$'\033'"[1m,mac=$MAC" -- --verbose
	verdict "$c: an interface name with ESC in MSB_NET: shown escaped" "$(clean_why)"
	gn "MSB_NET=iface=eth9,mac=$MAC" -- --verbose
	why=$(clean_why)
	grep -qF 'there are' "$E" || why=$(also "$why" "the interfaces there are not listed; stderr: $(shown "$E")")
	verdict "$c: no eth9, the interfaces there named with ESC: their names shown escaped" "$why"

	gn "MSB_NET_"$'\033[1m\r'"X=1" "MSB_HOSTNAME=a"$'\033' --
	why=$(clean_why)
	verdict "$c: a variable name and a value with ESC and CR in the environment: shown escaped" "$why"
}

# capped NAME MAX-WARNINGS: stderr ($E) has at most 34 lines, the last one
# says "not shown" and no other does. Prints why not.
capped_why() {
	local lines why=
	lines=$(wc -l <"$E")
	[ "$lines" -le 34 ] || why="$lines lines on standard error"
	[ "$(grep -c 'not shown' "$E")" = 1 ] || why=$(also "$why" "$(grep -c 'not shown' "$E") lines say \"not shown\"")
	printf '%s' "$why${why:+; first lines: $(head -3 "$E" | shown /dev/stdin); last: $(tail -1 "$E" | shown /dev/stdin)}"
}

# 2. Capped diagnostics.
t_capped() {
	local c="capped diagnostics" f=$tmp/env-many why i names=()
	guest
	for ((i = 0; i < 30000; i++)); do echo x; done >"$f"
	gn -- --env-file "$f"
	why=$(capped_why)
	tail -1 "$E" | grep -q 'not shown' || why=$(also "$why" "the last line does not say \"not shown\"")
	[ "$RC" = 2 ] || why=$(also "$why" "exit $RC")
	echo "note: $c: 30,000 bad env-file lines took $MS ms, $(wc -c <"$E") bytes on standard error"
	verdict "$c: 30,000 bad env-file lines: exit 2, at most 32 lines and one closing \"not shown\"" "$why"

	for ((i = 0; i < 5000; i++)); do names+=("$(printf 'MSB_NET_X%04d=1' "$i")"); done
	gn "${names[@]}" --
	why=$(capped_why)
	[ "$(grep -c 'MSB_NET_X' "$E")" -le 33 ] || why=$(also "$why" "$(grep -c 'MSB_NET_X' "$E") lines name an MSB_NET_X")
	[ "$RC" = 0 ] || why=$(also "$why" "exit $RC")
	echo "note: $c: 5,000 misspelt names took $MS ms"
	verdict "$c: 5,000 misspelt MSB_NET_X names: exit 0, at most 32 warnings and one closing \"not shown\"" "$why"

	gn "MSB_NET=$NET$(printf ',%.0s' $(seq 100000))" --
	why=
	[ "$(wc -l <"$E")" -le 34 ] || why="$(wc -l <"$E") lines on standard error"
	[ "$RC" = 2 ] || why=$(also "$why" "exit $RC")
	echo "note: $c: 100,000 commas took $MS ms, $(wc -c <"$E") bytes on standard error"
	verdict "$c: an MSB_NET value with 100,000 commas: exit 2, at most 34 lines" "$why"
}

# refused_file NAME OPTION FILE: guestnet OPTION FILE exits 2 within 2 s with
# a line naming FILE and saying it is not a regular file.
refused_file() {
	local why=
	gn -- "$2$3"
	[ "$RC" = 2 ] || why="exit $RC$([ "$RC" = 124 ] && echo " (killed after 10 s)")"
	[ "${MS:-99999}" -lt 2000 ] || why=$(also "$why" "took $MS ms")
	grep -F -- "$3" "$E" | grep -q 'not a regular file' ||
		why=$(also "$why" "no line names $3 and says it is not a regular file; stderr: $(shown "$E")")
	verdict "$1" "$why"
}

# 3. No hang.
t_no_hang() {
	local c="no hang" why
	guest
	mkfifo "$tmp/fifo"
	refused_file "$c: a FIFO as --env-file: exit 2 within 2 s, not a regular file" "--env-file=" "$tmp/fifo"
	refused_file "$c: a FIFO as --cmdline=FILE: exit 2 within 2 s, not a regular file" "--cmdline=" "$tmp/fifo"
	mkdir "$tmp/dir"
	refused_file "$c: a directory as --env-file: exit 2, not a regular file" "--env-file=" "$tmp/dir"
	refused_file "$c: /dev/null (a device) as --env-file: exit 2, not a regular file" "--env-file=" /dev/null
	gn -- --cmdline=/proc/self/cmdline
	why=
	[ "$RC" = 0 ] || why="exit $RC"
	grep -q 'no MSB_\* value' "$E" || why=$(also "$why" "no \"no MSB_* value\" line")
	verdict "$c: /proc/self/cmdline as --cmdline=FILE is read: exit 0, no MSB_* value" "${why:+$why; stderr: $(shown "$E")}"
}

# leak_why LOG ROOT: the lines of the strace log LOG (-f -y) where a text
# holding "guestnet:" is sent on a socket, or written to a descriptor >= 3 or
# to one that is a socket or a file (anything but /dev/null).
leak_why() {
	python3 - "$1" <<'EOF'
import re, sys
bad = []
for line in open(sys.argv[1], errors="replace"):
    if "guestnet:" not in line:
        continue
    m = re.match(r"(\d+ +)?(\w+)\((\d+)(<[^>]*>)?, ", line)
    if not m:
        continue
    call, fd, path = m.group(2), int(m.group(3)), m.group(4) or ""
    if call in ("sendto", "sendmsg") or (call in ("write", "writev") and (fd >= 3 or (path and path != "</dev/null>"))):
        bad.append(line.strip()[:200])
print("; ".join(bad[:4]) + (" (%d in all)" % len(bad) if len(bad) > 4 else ""))
EOF
}

# 4. Closed standard descriptors.
t_closed() {
	local c="closed standard output and error" f=$tmp/env-closed why
	guest
	printf 'MSB_NET=%s\nbad line\nMSB_NET_IPV4=addr=192.0.2.2/33,gw=192.0.2.1\n' "$NET" >"$f"
	GN_CLOSE=1 GN_WRAP="strace -f -y -s 200 -e trace=write,writev,sendto,sendmsg -o $tmp/strace1" \
		gn -- --env-file "$f"
	why=$(leak_why "$tmp/strace1")
	[ -n "$why" ] && why="a diagnostic sent into a descriptor guestnet opened: $why"
	[ "$RC" = 2 ] || why=$(also "$why" "exit $RC: $(shown "$E")")
	verdict "$c, bad input from --env-file: exit 2, no diagnostic into a file or socket" "$why"

	GN_CLOSE=1 GN_WRAP="strace -f -y -s 200 -e trace=write,writev,sendto,sendmsg -o $tmp/strace2" \
		gn "${FULL[@]}" MSB_NET_IP4=x -- --verbose
	why=$(leak_why "$tmp/strace2")
	[ -n "$why" ] && why="a diagnostic sent into a descriptor guestnet opened: $why"
	[ "$RC" = 0 ] || why=$(also "$why" "exit $RC: $(shown "$E")")
	grep -q 'guestnet:' "$tmp/strace2" || why=$(also "$why" "harness: no diagnostic written at all")
	verdict "$c, good input, --verbose and a warning: exit 0, no diagnostic into the netlink socket or a file" "$why"
}

# globals: eth0's global addresses, sorted, joined by ' '.
globals() { ip -n "$NS" -o addr show dev eth0 scope global | awk '{print $4}' | sort | tr '\n' ' '; }
# defaults FAMILY: the gateways of the default routes through eth0 (main
# table), joined by ' '.
defaults() {
	ip -n "$NS" "$1" route show default dev eth0 | sed -n 's/.*via \([^ ]*\).*/\1/p' | sort | tr '\n' ' '
}
WANT_ADDRS="192.0.2.2/24 2001:db8::2/64 "
# converged_why: why eth0 does not hold exactly the configured global
# addresses and default routes after a run that exited 0.
converged_why() {
	local why="" got
	[ "$RC" = 0 ] || why="exit $RC: $(shown "$E")"
	got=$(globals)
	[ "$got" = "$WANT_ADDRS" ] || why=$(also "$why" "eth0's global addresses: $(echo "$got" | cut -c1-300)")
	got=$(defaults -4)
	[ "$got" = "192.0.2.1 " ] || why=$(also "$why" "IPv4 default routes via: ${got:-none}")
	got=$(defaults -6)
	[ "$got" = "2001:db8::1 " ] || why=$(also "$why" "IPv6 default routes via: ${got:-none}")
	printf '%s' "$why"
}

# rt0_routes: a digest of every route through rt0, in every table, but those
# the kernel adds itself as rt0 comes up (proto kernel: its link-local
# prefix, its multicast and local routes), which may come later than any
# settling wait (linkwatch, IPv6 addrconf) and are not the test's.
rt0_routes() {
	{ ip -n "$NS" -4 route show table all dev rt0; ip -n "$NS" -6 route show table all dev rt0; } |
		grep -v -e 'proto kernel' -e '^multicast ' -e '^local ' | sort | sha256sum
}

# 5. A big guest state converges.
t_big() {
	local c="big guest state" i why before after
	guest
	for ((i = 1; i <= 100; i++)); do
		echo "addr add 198.51.100.$i/24 dev eth0"
		echo "addr add 2001:db8:5::$i/64 dev eth0 nodad"
	done >"$tmp/batch-addr"
	ip -n "$NS" -batch "$tmp/batch-addr"
	why=$(ip -n "$NS" -o addr show dev eth0 scope global | wc -l)
	[ "$why" = 200 ] || echo "note: $c: harness: eth0 holds $why global addresses, not 200"
	gn "${FULL[@]}" --
	echo "note: $c: 200 addresses took $MS ms"
	verdict "$c: 200 global addresses on eth0: exit 0, exactly the configured addresses and default routes" "$(converged_why)"

	guest
	ip -n "$NS" link set eth0 up
	ip -n "$NS" addr add 198.51.100.1/24 dev eth0
	ip -n "$NS" addr add 2001:db8:5::1/64 dev eth0 nodad
	for ((i = 1; i <= 20; i++)); do
		echo "route add default via 198.51.100.$((i + 1)) dev eth0 metric $i onlink"
		echo "route add default via 2001:db8:5::$((i + 1)) dev eth0 metric $i onlink"
	done >"$tmp/batch-defaults"
	ip -n "$NS" -batch "$tmp/batch-defaults"
	why=$(($(defaults -4 | wc -w) + $(defaults -6 | wc -w)))
	[ "$why" = 40 ] || echo "note: $c: harness: $why default routes through eth0, not 40"
	gn "${FULL[@]}" --
	echo "note: $c: 40 default routes took $MS ms"
	verdict "$c: 20 IPv4 and 20 IPv6 default routes through eth0: exit 0, exactly the configured ones" "$(converged_why)"

	guest
	ip -n "$NS" link add rt0 type veth peer name rt1
	ip -n "$NS" link set rt0 up
	ip -n "$NS" link set rt1 up
	{
		for ((i = 0; i < 256; i++)); do
			echo "route add 198.51.100.$i/32 dev rt0"
			echo "route add 203.0.113.$i/32 dev rt0"
		done
		for ((i = 0; i < 29488; i++)); do printf 'route add 2001:db8:ffff::%x:%x/128 dev rt0\n' $((i / 4096)) $((i % 4096)); done
	} >"$tmp/batch-routes"
	local start=$SECONDS
	ip -n "$NS" -batch "$tmp/batch-routes"
	echo "note: $c: adding 30,000 routes took $((SECONDS - start)) s"
	# the kernel may still be adding rt0's own routes as it finishes
	# bringing it up: settled when two looks 0.5 s apart agree (5 s at most)
	before=$(rt0_routes)
	for ((i = 0; i < 10; i++)); do
		sleep 0.5
		after=$(rt0_routes)
		[ "$after" = "$before" ] && break
		before=$after
	done
	i=$({ ip -n "$NS" -4 route show dev rt0; ip -n "$NS" -6 route show dev rt0; } | wc -l)
	[ "$i" -ge 30000 ] || echo "note: $c: harness: only $i routes on rt0"
	gn "${FULL[@]}" --
	echo "note: $c: 30,000 unrelated routes took $MS ms"
	after=$(rt0_routes)
	why=$(converged_why)
	[ "$before" = "$after" ] || why=$(also "$why" "rt0's routes changed (now $({ ip -n "$NS" -4 route show dev rt0; ip -n "$NS" -6 route show dev rt0; } | wc -l) lines)")
	verdict "$c: 30,000 unrelated routes on another interface: exit 0, default routes present, the others untouched" "$why"
}

# 6. The dry run.
t_dry() {
	local c="dry run" why d_rc d_err root
	guest
	root=$tmp/nonexistent
	ROOT=$root gn "${FULL[@]}" -- --dry-run
	d_rc=$RC d_err=$(cat "$E")
	ROOT=$root gn "${FULL[@]}" --
	why=
	[ "$d_rc" = 1 ] || why="dry run exit $d_rc"
	[ "$RC" = 1 ] || why=$(also "$why" "real run exit $RC")
	printf '%s\n' "$d_err" | grep -qF "$root" || why=$(also "$why" "the dry run does not name $root: $d_err")
	grep -qF "$root" "$E" || why=$(also "$why" "the real run does not name $root: $(shown "$E")")
	verdict "$c: --root at a missing directory: exit 1 naming it, as the real run" "$why"

	guest
	mkdir -p "$ROOT/etc" "$ROOT/run"
	ln -s /run/resolv.conf "$ROOT/etc/resolv.conf"
	ln -s /run/hosts "$ROOT/etc/hosts"
	GN_PRE=$RO_ETC gn "${FULL[@]}" -- --dry-run
	local d_out
	d_out=$(cat "$O") d_err=$(cat "$E")
	why=
	[ "$RC" = 0 ] || why="exit $RC: $d_err"
	plan_dry "$d_out" | grep -q 'run/resolv\.conf' ||
		why=$(also "$why" "no plan line names run/resolv.conf: $(plan_dry "$d_out" | tr '\n' ';')")
	verdict "$c: a read-only /etc whose resolv.conf links to /run/resolv.conf: plans writing the target" "$why"
	GN_PRE=$RO_ETC gn "${FULL[@]}" -- --verbose
	plan_check "the dry run is the plan: audit t_dry, a read-only /etc with links into /run" \
		"$d_out" "$d_err" "$(cat "$E")" "real run exit $RC"
}

t_escaped
t_capped
t_no_hang
t_closed
t_big
t_dry
