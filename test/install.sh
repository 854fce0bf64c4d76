#!/bin/sh
# test/install.sh - a packager's build and install (issue 13). Every build
# runs in a temporary copy of the tree (its tracked and new files, not its
# build products), so nothing is written outside the temporary directory:
#
#   install modes     under umask 077, make install DESTDIR=D PREFIX=/usr
#                     gives exactly D/usr/sbin/guestnet (0755, stripped) and
#                     D/usr/share/man/man8/guestnet.8 (0644, guestnet.8's
#                     bytes), every directory it created 0755
#   overrides         SBINDIR and MANDIR, and PREFIX's default /usr/local
#   uninstall         with the same variables, exactly those two files go
#   man page          mandoc -T lint guestnet.8 prints nothing (lines that
#                     say only that this machine has no mandoc.db for the
#                     pages .Xr names, which were found, are left out)
#   rebuild           make, then make CC=musl-gcc STATIC=1 rebuilds every
#                     object and leaves a static binary (no INTERP); the
#                     same make again rebuilds nothing; make rebuilds the
#                     dynamic one
#   hardening         make CFLAGS=... LDFLAGS=... CPPFLAGS=... from
#                     dpkg-buildflags (Debian's defaults, and hardening=+all
#                     for -z now) builds warning-free under -Werror, with
#                     RELRO (and BIND_NOW); the unit tests built with the
#                     same flags pass (test/unit.sh), and so does
#                     test/integration.sh with GUESTNET= that binary
#
# Needs root for test/integration.sh (network namespaces).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
"$top/tools/deps.sh" make gcc libc6-dev musl-tools mandoc dpkg-dev file binutils git tar || {
	echo "FAIL install: cannot install make, gcc, musl-tools, mandoc, dpkg-dev, file, binutils"
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# make with only the variables given: none from the environment.
mk() {
	env -u DESTDIR -u PREFIX -u SBINDIR -u MANDIR -u O -u CC -u CFLAGS \
		-u CPPFLAGS -u LDFLAGS -u STATIC -u CROSS_COMPILE -u MAKEFLAGS \
		make --no-print-directory "$@"
}

# copy DIR: the tree's tracked and new files (not what is ignored: objects,
# binaries, build/) into DIR.
copy() {
	mkdir -p "$1"
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		grep -zvx '\.flags' | tar -c -f - --null --ignore-failed-read -T -) |
		tar -x -f - -C "$1"
	[ -f "$1/Makefile" ] && [ -f "$1/guestnet.8" ]
}

# listing DIR: each path under DIR with its mode and type, sorted.
listing() {
	(cd "$1" && find . -printf '%p %m %y\n' | LC_ALL=C sort)
}

has_interp() { readelf -l "$1" 2>/dev/null | grep -q INTERP; }
has_symtab() { readelf -S "$1" 2>/dev/null | grep -q '\.symtab'; }

# the files make install-kits writes (README "Init-system kits"), as listing prints them
KITS_WANT="./etc/conf.d/guestnet 644 f
./etc/init.d/guestnet 755 f
./usr/lib/dracut/modules.d/90guestnet/guestnet.sh 755 f
./usr/lib/dracut/modules.d/90guestnet/module-setup.sh 755 f
./usr/lib/initcpio/guestnet/guestnet-initrd.service 644 f
./usr/lib/initcpio/guestnet/guestnet-sysroot-rw.service 644 f
./usr/lib/initcpio/guestnet/guestnet-sysroot.service 644 f
./usr/lib/initcpio/hooks/guestnet 644 f
./usr/lib/initcpio/install/guestnet 644 f
./usr/lib/initcpio/install/sd-guestnet 644 f
./usr/local/lib/systemd/system/guestnet.service 644 f
./usr/local/share/guestnet/kits/busybox/inittab 644 f
./usr/share/initramfs-tools/hooks/guestnet 755 f
./usr/share/initramfs-tools/scripts/init-bottom/guestnet 755 f"

src=$tmp/src
if ! copy "$src"; then
	ko "install" "cannot copy the tree (git ls-files | tar)"
	exit 1
fi

# ---- install, uninstall -------------------------------------------------------

dest=$tmp/dest
if ! (umask 077 && mk -s -C "$src" install DESTDIR="$dest" PREFIX=/usr) >"$tmp/log" 2>&1; then
	ko "install: umask 077, DESTDIR, PREFIX=/usr" "make install failed: $(tail -3 "$tmp/log")"
else
	want=". 755 d
./usr 755 d
./usr/sbin 755 d
./usr/sbin/guestnet 755 f
./usr/share 755 d
./usr/share/man 755 d
./usr/share/man/man8 755 d
./usr/share/man/man8/guestnet.8 644 f"
	got=$(listing "$dest")
	if [ "$got" = "$want" ]; then
		ok "install: umask 077, DESTDIR, PREFIX=/usr: the binary 0755, the man page 0644, every directory 0755, nothing else"
	else
		ko "install: umask 077, DESTDIR, PREFIX=/usr" "got: $(echo "$got" | tr '\n' ';')"
	fi
	b=$dest/usr/sbin/guestnet
	if [ -f "$b" ] && ! has_symtab "$b" && readelf -h "$b" >/dev/null 2>&1; then
		ok "install: the binary is stripped"
	else
		ko "install: the binary is stripped" "$(file -b "$b" 2>&1)"
	fi
	if cmp -s "$src/guestnet.8" "$dest/usr/share/man/man8/guestnet.8"; then
		ok "install: the man page is guestnet.8"
	else
		ko "install: the man page is guestnet.8" "bytes differ"
	fi
	# a file of someone else's in the same directory must stay
	echo other >"$dest/usr/sbin/other"
	chmod 600 "$dest/usr/sbin/other"
	if ! mk -s -C "$src" uninstall DESTDIR="$dest" PREFIX=/usr >"$tmp/log" 2>&1; then
		ko "uninstall: DESTDIR, PREFIX=/usr" "make uninstall failed: $(tail -3 "$tmp/log")"
	else
		want=". 755 d
./usr 755 d
./usr/sbin 755 d
./usr/sbin/other 600 f
./usr/share 755 d
./usr/share/man 755 d
./usr/share/man/man8 755 d"
		got=$(listing "$dest")
		if [ "$got" = "$want" ]; then
			ok "uninstall: DESTDIR, PREFIX=/usr: exactly the two files removed"
		else
			ko "uninstall: DESTDIR, PREFIX=/usr" "got: $(echo "$got" | tr '\n' ';')"
		fi
	fi
fi

dest=$tmp/dest-dirs
if ! (umask 077 && mk -s -C "$src" install DESTDIR="$dest" PREFIX=/usr SBINDIR=/sbin \
	MANDIR=/usr/man) >"$tmp/log" 2>&1; then
	ko "install: SBINDIR, MANDIR" "make install failed: $(tail -3 "$tmp/log")"
else
	want=". 755 d
./sbin 755 d
./sbin/guestnet 755 f
./usr 755 d
./usr/man 755 d
./usr/man/man8 755 d
./usr/man/man8/guestnet.8 644 f"
	got=$(listing "$dest")
	if [ "$got" = "$want" ]; then
		ok "install: SBINDIR=/sbin MANDIR=/usr/man override PREFIX"
	else
		ko "install: SBINDIR, MANDIR" "got: $(echo "$got" | tr '\n' ';')"
	fi
	mk -s -C "$src" uninstall DESTDIR="$dest" PREFIX=/usr SBINDIR=/sbin MANDIR=/usr/man \
		>"$tmp/log" 2>&1
	got=$(cd "$dest" && find . ! -type d)
	if [ -z "$got" ]; then
		ok "uninstall: SBINDIR, MANDIR: both files removed"
	else
		ko "uninstall: SBINDIR, MANDIR" "left: $(echo "$got" | tr '\n' ' ')"
	fi
fi

# ---- install-kits, uninstall-kits ----------------------------------------------

dest=$tmp/dest-kits
if ! (umask 077 && mk -s -C "$src" install-kits DESTDIR="$dest" SBINDIR=/sbin) \
	>"$tmp/log" 2>&1; then
	ko "install-kits: umask 077, DESTDIR" "make install-kits failed: $(tail -3 "$tmp/log")"
else
	got=$(listing "$dest" | grep ' f$')
	if [ "$got" = "$KITS_WANT" ]; then
		ok "install-kits: umask 077, DESTDIR: each kit file where its init system looks, with its mode"
	else
		ko "install-kits: umask 077, DESTDIR" "got: $(echo "$got" | tr '\n' ';')"
	fi
	got=$(listing "$dest" | grep ' d$' | grep -v ' 755 d$')
	if [ -z "$got" ]; then
		ok "install-kits: every directory 0755"
	else
		ko "install-kits: every directory 0755" "got: $(echo "$got" | tr '\n' ';')"
	fi
	if grep -rq '/usr/sbin/guestnet' "$dest" || ! grep -rq '/sbin/guestnet' "$dest"; then
		ko "install-kits: SBINDIR=/sbin" "the kits do not all name /sbin/guestnet"
	else
		ok "install-kits: SBINDIR=/sbin: the kits name /sbin/guestnet"
	fi
	mk -s -C "$src" uninstall-kits DESTDIR="$dest" SBINDIR=/sbin >"$tmp/log" 2>&1
	got=$(cd "$dest" && find . ! -type d)
	if [ -z "$got" ]; then
		ok "uninstall-kits: every kit file removed"
	else
		ko "uninstall-kits" "left: $(echo "$got" | tr '\n' ' ')"
	fi
fi

# KIT selects kits; the unit goes where systemd looks for that PREFIX and
# names the binary where it is installed
unit_at() {	# PREFIX: the unit's path under DESTDIR and its ExecStart=
	d=$tmp/dest-unit
	rm -rf "$d"
	mk -s -C "$src" install-kits DESTDIR="$d" PREFIX="$1" KIT=systemd >/dev/null 2>&1 || return
	(cd "$d" && find . -type f && sed -n 's/^ExecStart=//p' ./*/*/systemd/system/guestnet.service \
		./*/*/*/systemd/system/guestnet.service ./*/*/system/guestnet.service 2>/dev/null) | tr '\n' ' '
}
got="$(unit_at /usr)|$(unit_at /usr/local)|$(unit_at /opt/gn)"
want="./usr/lib/systemd/system/guestnet.service /usr/sbin/guestnet --cmdline --wait 10 |"
want="$want./usr/local/lib/systemd/system/guestnet.service /usr/local/sbin/guestnet --cmdline --wait 10 |"
want="$want./etc/systemd/system/guestnet.service /opt/gn/sbin/guestnet --cmdline --wait 10 "
if [ "$got" = "$want" ]; then
	ok "install-kits KIT=systemd: the unit in PREFIX/lib/systemd/system for /usr and /usr/local, else /etc/systemd/system; ExecStart= SBINDIR"
else
	ko "install-kits KIT=systemd: the unit's place" "got: $got"
fi
d=$tmp/dest-select
got=$(mk -s -C "$src" install-kits DESTDIR="$d" KIT="openrc busybox" >/dev/null 2>&1 && cd "$d" && find . -type f | LC_ALL=C sort | tr '\n' ' ')
if [ "$got" = "./etc/conf.d/guestnet ./etc/init.d/guestnet ./usr/local/share/guestnet/kits/busybox/inittab " ]; then
	ok "install-kits KIT=\"openrc busybox\": only those kits' files"
else
	ko "install-kits KIT=\"openrc busybox\"" "got: $got"
fi
if mk -s -C "$src" install-kits DESTDIR="$d" KIT="openrc nosuchkit" >"$tmp/log" 2>&1 ||
	! grep -q 'no such kit: nosuchkit' "$tmp/log"; then
	ko "install-kits KIT=nosuchkit" "not refused: $(tail -n 1 "$tmp/log")"
else
	ok "install-kits KIT=nosuchkit: refused, naming it"
fi

dest=$tmp/dest-default
(umask 077 && mk -s -C "$src" install DESTDIR="$dest") >"$tmp/log" 2>&1
if [ -f "$dest/usr/local/sbin/guestnet" ] &&
	[ -f "$dest/usr/local/share/man/man8/guestnet.8" ] &&
	[ "$(cd "$dest" && find . ! -type d | LC_ALL=C sort | tr '\n' ' ')" = \
		"./usr/local/sbin/guestnet ./usr/local/share/man/man8/guestnet.8 " ]; then
	ok "install: PREFIX defaults to /usr/local"
else
	ko "install: PREFIX defaults to /usr/local" \
		"got: $(cd "$dest" 2>/dev/null && find . ! -type d | tr '\n' ' ') $(tail -3 "$tmp/log")"
fi

# ---- the man page ---------------------------------------------------------------

out=$(cd "$src" && mandoc -T lint guestnet.8 2>&1)
rest=$(printf '%s\n' "$out" | grep -v '^mandoc: outdated mandoc.db lacks .* entry, run makewhatis')
dropped=$(printf '%s\n' "$out" | grep -c '^mandoc: outdated mandoc.db lacks .* entry, run makewhatis')
if [ -z "$rest" ]; then
	ok "man page: mandoc -T lint guestnet.8 prints nothing ($dropped lines about this machine's missing mandoc.db left out)"
else
	ko "man page: mandoc -T lint guestnet.8" "$(echo "$rest" | tr '\n' ';')"
fi

# ---- a change of compiler or flags rebuilds -------------------------------------

re=$tmp/rebuild
copy "$re"
if ! mk -s -C "$re" >"$tmp/log" 2>&1; then
	ko "rebuild: make" "failed: $(tail -3 "$tmp/log")"
else
	touch "$tmp/mark1"
	if ! has_interp "$re/guestnet"; then
		ko "rebuild: make" "the first build is not dynamic: $(file -b "$re/guestnet")"
	elif ! mk -s -C "$re" CC=musl-gcc STATIC=1 >"$tmp/log" 2>&1; then
		ko "rebuild: make CC=musl-gcc STATIC=1" "failed: $(tail -3 "$tmp/log")"
	else
		stale=$(cd "$re" && find . -maxdepth 1 \( -name '*.o' -o -name guestnet \) ! -newer "$tmp/mark1")
		if [ -z "$stale" ] && ! has_interp "$re/guestnet" &&
			file -b "$re/guestnet" | grep -q 'statically linked'; then
			ok "rebuild: make then make CC=musl-gcc STATIC=1 rebuilds every object: a static binary, no INTERP"
		else
			ko "rebuild: make then make CC=musl-gcc STATIC=1" \
				"not rebuilt: $(echo "$stale" | tr '\n' ' '); $(file -b "$re/guestnet")"
		fi
		touch "$tmp/mark2"
		mk -s -C "$re" CC=musl-gcc STATIC=1 >"$tmp/log" 2>&1
		redone=$(cd "$re" && find . -maxdepth 1 \( -name '*.o' -o -name guestnet \) -newer "$tmp/mark2")
		if [ -z "$redone" ]; then
			ok "rebuild: the same make again rebuilds nothing"
		else
			ko "rebuild: the same make again" "rebuilt: $(echo "$redone" | tr '\n' ' ')"
		fi
		mk -s -C "$re" >"$tmp/log" 2>&1
		if has_interp "$re/guestnet"; then
			ok "rebuild: make after it rebuilds the dynamic binary"
		else
			ko "rebuild: make after it" "$(file -b "$re/guestnet")"
		fi
	fi
fi

# ---- a distribution's hardening flags -------------------------------------------

# hardened NAME OPTIONS: build with dpkg-buildflags' flags under
# DEB_BUILD_MAINT_OPTIONS=OPTIONS in a copy of its own; the unit tests with
# the same flags, the integration tests with its binary.
hardened() {
	name="hardening ($1)"
	h=$tmp/hard-$1
	copy "$h"
	# dpkg-buildflags maps the current directory away (-ffile-prefix-map)
	cflags=$(cd "$h" && DEB_BUILD_MAINT_OPTIONS=$2 dpkg-buildflags --get CFLAGS)
	cppflags=$(cd "$h" && DEB_BUILD_MAINT_OPTIONS=$2 dpkg-buildflags --get CPPFLAGS)
	ldflags=$(cd "$h" && DEB_BUILD_MAINT_OPTIONS=$2 dpkg-buildflags --get LDFLAGS)
	echo "$name: CFLAGS=$cflags CPPFLAGS=$cppflags LDFLAGS=$ldflags"
	if ! mk -C "$h" CFLAGS="$cflags" CPPFLAGS="$cppflags" LDFLAGS="$ldflags" \
		>"$tmp/hard.log" 2>&1; then
		ko "$name: build" "failed: $(grep -m3 -i 'error\|warning' "$tmp/hard.log" | tr '\n' ';')"
		return
	fi
	if grep -qi 'warning:' "$tmp/hard.log"; then
		ko "$name: build" "warnings: $(grep -i 'warning:' "$tmp/hard.log" | head -3 | tr '\n' ';')"
	else
		ok "$name: the build is warning-free under -Werror"
	fi
	# the flags on make's command lines, and their marks in the binary
	missing=
	for f in -D_FORTIFY_SOURCE=2 -fstack-protector-strong -Wl,-z,relro $3; do
		grep -q -- "$f" "$tmp/hard.log" || missing="$missing $f"
	done
	relro=$(readelf -l "$h/guestnet" | grep -c GNU_RELRO)
	now=$(readelf -d "$h/guestnet" | grep -c 'BIND_NOW\|FLAGS_1.*NOW')
	ssp=$(readelf --dyn-syms -W "$h/guestnet" | grep -c __stack_chk_fail)
	if [ -n "$missing" ] || [ "$relro" = 0 ] || [ "$ssp" = 0 ] ||
		{ [ -n "$3" ] && [ "$now" = 0 ]; }; then
		ko "$name: flags" "not on the command lines:$missing; GNU_RELRO $relro, BIND_NOW $now, __stack_chk_fail $ssp"
	else
		ok "$name: built with FORTIFY_SOURCE=2 and stack-protector-strong (__stack_chk_fail linked), RELRO${3:+ and BIND_NOW}"
	fi
	(cd "$h" && env -u CC UNIT_CFLAGS="$cppflags $cflags $ldflags" test/unit.sh) \
		>"$tmp/unit.log" 2>&1
	rc=$?
	p=$(grep -c '^PASS ' "$tmp/unit.log")
	f=$(grep -c '^FAIL ' "$tmp/unit.log")
	if [ "$rc" = 0 ] && [ "$f" = 0 ] && [ "$p" -gt 0 ]; then
		ok "$name: test/unit.sh built with the same flags: $p checks pass"
	else
		ko "$name: test/unit.sh" "exit $rc, $p passed, $f failed: $(grep -m3 '^FAIL \|error' "$tmp/unit.log" | tr '\n' ';')"
	fi
	GUESTNET=$h/guestnet "$h/test/integration.sh" >"$tmp/integ.log" 2>&1
	rc=$?
	p=$(grep -c '^PASS ' "$tmp/integ.log")
	f=$(grep -c '^FAIL ' "$tmp/integ.log")
	if [ "$rc" = 0 ] && [ "$f" = 0 ] && [ "$p" -gt 0 ]; then
		ok "$name: test/integration.sh with that binary: $p checks pass"
	else
		ko "$name: test/integration.sh" "exit $rc, $p passed, $f failed: $(grep -m3 '^FAIL ' "$tmp/integ.log" | tr '\n' ';')"
	fi
}

hardened default "" ""
hardened all hardening=+all -Wl,-z,now
