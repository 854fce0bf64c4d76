#!/bin/bash
# test/confine.sh - every file guestnet writes stays under --root DIR
# (README "What it does", the auditor's cases): DIR/etc and every link target
# are resolved beneath DIR. Each case runs the real binary in a network
# namespace of its own (eth0, a veth whose peer is up in a second one), under new UTS and mount namespaces
# where /etc is a tmpfs holding sentinels and OUT, a directory beside DIR, a
# second tmpfs holding victim.conf: a write that escapes DIR shows in one of
# them (and touches nothing of the machine's). A case passes when nothing
# outside DIR changed, guestnet exits 0, or 1 with a line naming the file
# under DIR, and, for the legitimate cases, the file is where it belongs.
# Read-only /etc is a read-only bind mount made in the mount namespace.
#
# GUESTNET=path picks the binary (default ./guestnet, built by make). Root
# is needed. Addresses: 192.0.2.0/24 only, inside these namespaces; every
# run is killed after 60 s.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GUESTNET:-$top/guestnet}
if [ "$(id -u)" != 0 ]; then
	echo "FAIL confine: needs root for network and mount namespaces"
	exit 1
fi
"$top/tools/deps.sh" iproute2 util-linux coreutils >&2 || {
	echo "FAIL confine: cannot install iproute2, util-linux, coreutils"
	exit 1
}
[ -x "$G" ] || { echo "FAIL confine: no binary $G (run make)"; exit 1; }
tag=gnh-cf$$
tmp=$(mktemp -d)
cleanup() {
	for ns in $(ip netns list | awk '{print $1}' | grep "^$tag-"); do ip netns del "$ns"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

RESOLV='nameserver 192.0.2.53'
ENVS=("MSB_NET=iface=eth0,mac=02:00:00:00:00:01" "MSB_NET_IPV4=addr=192.0.2.2/30,gw=192.0.2.1,dns=192.0.2.53"
	MSB_HOSTNAME=h1)

# The run, inside the namespaces: the tmpfs on /etc (sentinels) and on OUT
# (victim.conf), the case's PRE (links, read-only mounts), a snapshot of
# both before and after guestnet.
# shellcheck disable=SC2016
INSIDE='set -e
mount -t tmpfs gnh-etc /etc
for f in hosts hostname resolv.conf; do printf "sentinel\n" >"/etc/$f"; done
mount -t tmpfs gnh-out "$OUT"
printf "victim\n" >"$OUT/victim.conf"
mkdir "$OUT/where"
eval "$PRE"
snap() { for d in /etc "$OUT"; do find "$d" -printf "%p %y %s %l\n"; find "$d" -type f -exec sha256sum {} +; done | sort; }
snap >"$C/before"
set +e
timeout -k 5 60 env -i "$@" </dev/null >"$C/out" 2>"$C/err"
echo $? >"$C/rc"
snap >"$C/after"'

n=0
# run PRE: a fresh case: DIR $R (with etc/ unless PRE replaces it), OUT $O;
# sets RC, ERR and OUTSIDE (what changed outside DIR, empty when nothing).
run() {
	n=$((n + 1))
	C=$tmp/c$n R=$tmp/c$n/root O=$tmp/c$n/outside
	NS=$tag-$n
	mkdir -p "$R/etc" "$O"
	ip netns add "$NS"
	ip netns add "$NS-p"
	ip -n "$NS-p" link add p0 up type veth peer name eth0 netns "$NS"
	export PRE=$1 C R OUT=$O # for INSIDE
	ip netns exec "$NS" unshare --uts --mount sh -c "$INSIDE" sh "${ENVS[@]}" "$G" --root "$R"
	RC=$(cat "$C/rc" 2>/dev/null || echo "none: the namespace setup failed")
	ERR=$(cat "$C/err" 2>/dev/null)
	OUTSIDE=$(diff "$C/before" "$C/after" 2>&1 | grep '^[<>]' | head -5 | tr '\n' ' ')
	ip netns del "$NS"
	ip netns del "$NS-p"
}

# verdict NAME [WHY...]: the common checks, then the case's own WHY.
verdict() {
	local name=$1 why=""
	shift
	[ -z "$OUTSIDE" ] || why="written outside DIR: $OUTSIDE"
	case $RC in
	0) ;;
	1) printf '%s\n' "$ERR" | grep -qF "$R/etc" ||
		why="${why:+$why; }exit 1 without a line naming a file under DIR: $(printf '%s' "$ERR" | tr '\n' '|')" ;;
	*) why="${why:+$why; }exit $RC: $(printf '%s' "$ERR" | tr '\n' '|')" ;;
	esac
	for w in "$@"; do [ -z "$w" ] || why="${why:+$why; }$w"; done
	if [ -z "$why" ]; then echo "PASS confine: $name"; else echo "FAIL confine: $name: $why"; fi
}

# regular PATH CONTENT: why $R/PATH is not a regular file holding CONTENT.
regular() {
	[ -f "$R/$1" ] && [ ! -L "$R/$1" ] && [ "$(cat "$R/$1")" = "$2" ] ||
		echo "$1 is not a regular file holding: $2"
}

# shellcheck disable=SC2016 # PRE snippets expand inside the namespace
RO='mount --bind "$R/etc" "$R/etc" && mount -o remount,bind,ro "$R/etc"'

# shellcheck disable=SC2016
run 'rmdir "$R/etc" && ln -s "$OUT/where" "$R/etc"'
verdict "DIR/etc -> OUT/where (absolute, outside DIR)"

# shellcheck disable=SC2016
run 'rmdir "$R/etc" && ln -s /etc "$R/etc"'
verdict "DIR/etc -> /etc"

# shellcheck disable=SC2016
run 'rmdir "$R/etc" && ln -s "$R/l1" "$R/etc" &&
	for i in $(seq 1 29); do ln -s "$R/l$((i + 1))" "$R/l$i"; done && ln -s "$OUT/where" "$R/l30"'
verdict "DIR/etc, a chain of 30 links ending in OUT/where"

# shellcheck disable=SC2016
run 'ln -s ../../outside/victim.conf "$R/etc/resolv.conf" && '"$RO"
verdict "read-only DIR/etc, resolv.conf -> ../../outside/victim.conf"

# shellcheck disable=SC2016
run 'ln -s /../../../../../../../../../../../../etc/x "$R/etc/resolv.conf" && '"$RO"
verdict "read-only DIR/etc, resolv.conf -> /../../../(...)/etc/x"

# shellcheck disable=SC2016
run 'ln -s /etc "$R/run" && ln -s /run/resolv.conf "$R/etc/resolv.conf" && '"$RO"
verdict "read-only DIR/etc, DIR/run -> /etc, resolv.conf -> /run/resolv.conf"

# shellcheck disable=SC2016
run 'mkdir "$R/etc/hosts"'
why=
[ "$RC" = 1 ] || why="exit $RC, not 1"
printf '%s\n' "$ERR" | grep -qF "$R/etc/hosts" || why="${why:+$why; }no line naming $R/etc/hosts"
[ -d "$R/etc/hosts" ] && [ ! -L "$R/etc/hosts" ] || why="${why:+$why; }the directory is gone"
verdict "a directory at DIR/etc/hosts: refused, named, kept" "$why" "$(regular etc/resolv.conf "$RESOLV")"

# shellcheck disable=SC2016
run 'mkfifo "$R/etc/resolv.conf"'
why=
if [ "$RC" = 0 ]; then
	why=$(regular etc/resolv.conf "$RESOLV")
elif ! printf '%s\n' "$ERR" | grep -qF "$R/etc/resolv.conf" || [ ! -p "$R/etc/resolv.conf" ]; then
	why="refused without naming $R/etc/resolv.conf, or the FIFO is gone"
fi
verdict "a FIFO at DIR/etc/resolv.conf: replaced by the file, or refused and named (never opened)" "$why"

# shellcheck disable=SC2016
run 'mkdir "$R/run" && for f in hosts hostname resolv.conf; do ln -s "/run/$f" "$R/etc/$f"; done && '"$RO"
why=
[ "$RC" = 0 ] || why="exit $RC, not 0"
[ "$(readlink "$R/etc/resolv.conf")" = /run/resolv.conf ] || why="${why:+$why; }the link is gone"
verdict "read-only DIR/etc, links into a writable DIR/run: the targets written there" "$why" \
	"$(regular run/resolv.conf "$RESOLV")" "$(regular run/hostname h1)"

# shellcheck disable=SC2016
run 'ln -s /run/nowhere/resolv.conf "$R/etc/resolv.conf"'
why=
[ "$RC" = 0 ] || why="exit $RC, not 0"
[ ! -e "$R/run" ] || why="${why:+$why; }DIR/run was made: the link was followed"
verdict "a dangling resolv.conf link in a writable DIR/etc: replaced by the file" "$why" \
	"$(regular etc/resolv.conf "$RESOLV")"
