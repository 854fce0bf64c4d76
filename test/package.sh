#!/bin/sh
# test/package.sh - the Debian package (debian/). In a temporary copy of the
# tree (its tracked and new files), so the checkout stays clean:
#
#   build        dpkg-buildpackage -us -uc -b makes guestnet_VERSION_ARCH.deb,
#                VERSION being guestnet.h's GN_VERSION; a guestnet.h whose
#                version differs from debian/changelog fails the build
#   lintian      on the binary build's .changes and the source package's
#                .dsc (dpkg-source -b): no error or warning at lintian's
#                default level (overrides: debian/*lintian-overrides)
#   contents     exactly: /usr/sbin/guestnet (0755, static, stripped, this
#                architecture), the man page (0644, guestnet.8's text), the
#                doc directory, the lintian overrides, and tools/kits/ under
#                /usr/share/doc/guestnet/examples with their bytes and their
#                git modes (0755 or 0644); no maintainer scripts at all (the
#                package runs nothing, guestnet least of all)
#   dpkg -i      installed; every file dpkg -L lists on disk with the
#                package's mode
#   dpkg -r/-P   remove, then purge: none of the package's files or its own
#                directories is left, dpkg knows nothing of it
#
# Installs the package on this machine for a few seconds (a lock keeps two
# runs apart); refuses when guestnet is installed already (as a package or
# as /usr/sbin/guestnet), and purges what it installed on exit. Never runs
# guestnet.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
"$top/tools/deps.sh" make gcc musl-tools dpkg-dev debhelper fakeroot lintian binutils \
	git tar util-linux || {
	echo "FAIL package: cannot install dpkg-dev, debhelper, lintian, musl-tools"
	exit 1
}
tmp=$(mktemp -d)
chmod 755 "$tmp"
installed=
cleanup() {
	[ -n "$installed" ] && dpkg -P guestnet >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
version=$(sed -n 's/^#define GN_VERSION "\(.*\)"$/\1/p' "$top/guestnet.h")
arch=$(dpkg --print-architecture)
deb=guestnet_${version}_$arch.deb

# copy DIR: the tree's tracked and new files (not what is ignored) into DIR.
copy() {
	mkdir -p "$1"
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		grep -zvx '\.flags' | tar -c -f - --null --ignore-failed-read -T -) |
		tar -x -f - -C "$1"
	[ -f "$1/debian/rules" ]
}

# ---- build ----------------------------------------------------------------------

src=$tmp/build/guestnet-$version
if ! copy "$src"; then
	ko "package" "cannot copy the tree (git ls-files | tar)"
	exit 1
fi
# the source package first, from the clean copy (a native package's tarball
# holds the directory as it is)
start=$(date +%s)
if ! (cd "$tmp/build" && dpkg-source -b "guestnet-$version") >"$tmp/source.log" 2>&1; then
	ko "package: dpkg-source -b" "$(tail -3 "$tmp/source.log" | tr '\n' ';')"
fi
if ! (cd "$src" && env -u CFLAGS -u CPPFLAGS -u LDFLAGS -u MAKEFLAGS -u O \
	-u DEB_BUILD_OPTIONS -u DEB_BUILD_PROFILES dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
	ko "package: dpkg-buildpackage -us -uc -b" "$(tail -5 "$tmp/build.log" | tr '\n' ';')"
	exit 0
fi
if [ -f "$tmp/build/$deb" ]; then
	ok "package: dpkg-buildpackage -us -uc -b made $deb ($(stat -c %s "$tmp/build/$deb") bytes, $(($(date +%s) - start)) s with the source package)"
else
	ko "package: dpkg-buildpackage" "no $deb: $(cd "$tmp/build" && ls | tr '\n' ' ')"
	exit 0
fi
if grep -q 'musl-gcc .*-static' "$tmp/build.log"; then
	ok "package: the binary is linked by musl-gcc, -static"
else
	ko "package: musl-gcc -static" "not on the build's command lines"
fi

# a version that differs from debian/changelog's fails the build
mismatch=$tmp/mismatch/guestnet
copy "$mismatch"
sed -i 's/^#define GN_VERSION ".*"$/#define GN_VERSION "0.0.1"/' "$mismatch/guestnet.h"
if (cd "$mismatch" && dpkg-buildpackage -us -uc -b) >"$tmp/mismatch.log" 2>&1; then
	ko "package: version check" "guestnet.h 0.0.1 against debian/changelog $version built"
elif grep -q "guestnet.h says 0.0.1, debian/changelog $version" "$tmp/mismatch.log"; then
	ok "package: guestnet.h's GN_VERSION differing from debian/changelog's fails the build, saying both"
else
	ko "package: version check" "failed otherwise: $(tail -3 "$tmp/mismatch.log" | tr '\n' ';')"
fi

# ---- lintian --------------------------------------------------------------------

start=$(date +%s)
lintian --fail-on error,warning "$tmp/build"/*.changes "$tmp/build"/*.dsc >"$tmp/lintian.log" 2>&1
rc=$?
tags=$(grep -v '^running with root privileges is not recommended!$' "$tmp/lintian.log")
if [ "$rc" = 0 ] && [ -z "$tags" ]; then
	ok "package: lintian (default level) on the .changes and the .dsc: nothing ($(($(date +%s) - start)) s)"
else
	ko "package: lintian" "exit $rc: $(echo "$tags" | head -5 | tr '\n' ';')"
fi

# ---- contents ---------------------------------------------------------------------

# the package's files and directories, as "MODE PATH" (tar's names)
dpkg-deb -c "$tmp/build/$deb" | awk '{ print $1, $6 }' | LC_ALL=C sort -k2 >"$tmp/contents"
ex=./usr/share/doc/guestnet/examples
{
	printf '%s\n' "drwxr-xr-x ./" "drwxr-xr-x ./usr/" "drwxr-xr-x ./usr/sbin/" \
		"-rwxr-xr-x ./usr/sbin/guestnet" "drwxr-xr-x ./usr/share/" \
		"drwxr-xr-x ./usr/share/doc/" "drwxr-xr-x ./usr/share/doc/guestnet/" \
		"-rw-r--r-- ./usr/share/doc/guestnet/README.Debian" \
		"-rw-r--r-- ./usr/share/doc/guestnet/changelog.gz" \
		"-rw-r--r-- ./usr/share/doc/guestnet/copyright" \
		"drwxr-xr-x $ex/" \
		"drwxr-xr-x ./usr/share/lintian/" "drwxr-xr-x ./usr/share/lintian/overrides/" \
		"-rw-r--r-- ./usr/share/lintian/overrides/guestnet" \
		"drwxr-xr-x ./usr/share/man/" "drwxr-xr-x ./usr/share/man/man8/" \
		"-rw-r--r-- ./usr/share/man/man8/guestnet.8.gz"
	(cd "$top/tools/kits" && find . -mindepth 1 -type d) | sed "s|^\.|drwxr-xr-x $ex|; s|\$|/|"
	(cd "$top" && git ls-files -s tools/kits) | while read -r mode _ _ path; do
		case $mode in 100755) m=-rwxr-xr-x ;; *) m=-rw-r--r-- ;; esac
		echo "$m $ex/${path#tools/kits/}"
	done
} | LC_ALL=C sort -k2 >"$tmp/want"
if cmp -s "$tmp/want" "$tmp/contents"; then
	ok "package: exactly the binary 0755, the man page 0644, the doc files, the lintian overrides and the $(cd "$top" && git ls-files tools/kits | wc -l) kit files as examples with their git modes"
else
	ko "package: contents" "$(diff "$tmp/want" "$tmp/contents" | grep '^[<>]' | head -6 | tr '\n' ';')"
fi
x=$tmp/x
dpkg-deb -x "$tmp/build/$deb" "$x"
b=$x/usr/sbin/guestnet
case $arch in amd64) machine=X86-64 ;; arm64) machine=AArch64 ;; *) machine="not $arch" ;; esac
why=
readelf -h "$b" 2>/dev/null | grep -q "Machine:.*$machine" || why="$why not $machine;"
readelf -l "$b" 2>/dev/null | grep -q INTERP && why="$why has INTERP;"
readelf -S "$b" 2>/dev/null | grep -q '\.symtab' && why="$why not stripped;"
if [ -z "$why" ]; then
	ok "package: /usr/sbin/guestnet is static (no INTERP), stripped, $machine, $(stat -c %s "$b") bytes"
else
	ko "package: /usr/sbin/guestnet" "$why $(file -b "$b" 2>&1)"
fi
if zcat "$x/usr/share/man/man8/guestnet.8.gz" | cmp -s - "$top/guestnet.8"; then
	ok "package: the man page is guestnet.8"
else
	ko "package: the man page" "differs from guestnet.8"
fi
diff=
for f in $(cd "$top/tools/kits" && find . -type f); do
	cmp -s "$top/tools/kits/$f" "$x/usr/share/doc/guestnet/examples/$f" || diff="$diff $f"
done
if [ -z "$diff" ]; then
	ok "package: each example is its tools/kits file, byte for byte"
else
	ko "package: examples" "differ:$diff"
fi
dpkg-deb --ctrl-tarfile "$tmp/build/$deb" | tar -t | sed 's|^\./||' | grep -v '^$' |
	LC_ALL=C sort | tr '\n' ' ' >"$tmp/control"
if [ "$(cat "$tmp/control")" = "control md5sums " ]; then
	ok "package: no maintainer scripts (control and md5sums only): installing runs nothing"
else
	ko "package: control archive" "$(cat "$tmp/control")"
fi

# ---- dpkg -i, -r, -P --------------------------------------------------------------

status() { dpkg-query -W -f='${Status}' guestnet 2>/dev/null; }
# dpkg waits for no lock: retry a while when another dpkg holds it
dpkg_retry() {
	i=0
	while [ "$i" -lt 60 ]; do
		dpkg "$@" >"$tmp/dpkg.log" 2>&1 && return 0
		grep -q 'lock' "$tmp/dpkg.log" || return 1
		i=$((i + 1))
		sleep 5
	done
	return 1
}
exec 9>/run/lock/guestnet-test-package.lock
if ! flock -w 900 9; then
	ko "package: dpkg -i" "another test/package.sh held /run/lock/guestnet-test-package.lock for 900 s"
	exit 0
fi
before=$(status)
if [ -n "$before" ] && [ "$before" != "unknown ok not-installed" ]; then
	ko "package: dpkg -i" "guestnet is known to dpkg already ($before): not touched (dpkg -P guestnet, then run again)"
	exit 0
fi
if [ -e /usr/sbin/guestnet ]; then
	ko "package: dpkg -i" "/usr/sbin/guestnet exists and is no package's: not touched"
	exit 0
fi
installed=1
if ! dpkg_retry -i "$tmp/build/$deb"; then
	ko "package: dpkg -i" "$(tail -3 "$tmp/dpkg.log" | tr '\n' ';')"
	exit 0
fi
bad=
n=0
while read -r mode path; do
	p=${path#.}
	[ "$p" = / ] && continue
	p=${p%/}
	n=$((n + 1))
	case $mode in
	d*) [ -d "$p" ] || bad="$bad $p(no directory)" ;;
	*) [ -f "$p" ] && [ "$(stat -c %A "$p")" = "$mode" ] || bad="$bad $p($(stat -c %A "$p" 2>&1))" ;;
	esac
done <"$tmp/contents"
listed=$(dpkg -L guestnet | grep -vx '/\.' | LC_ALL=C sort)
want=$(sed -e 's|^[^ ]* \.||; s|/$||' "$tmp/contents" | grep -v '^$' | LC_ALL=C sort)
if [ "$(status)" = "install ok installed" ] && [ -z "$bad" ] && [ "$listed" = "$want" ]; then
	ok "package: dpkg -i: installed, dpkg -L lists the $n paths, each on disk with the package's mode"
else
	ko "package: dpkg -i" "status $(status);$bad; dpkg -L $(echo "$listed" | wc -l) paths, package $(echo "$want" | wc -l)"
fi

# the package's own paths: its files, and the directories only it has
own=$(grep -v '^d' "$tmp/contents" | sed 's|^[^ ]* \.||'; echo /usr/share/doc/guestnet)
left() {
	for p in $own; do [ -e "$p" ] && printf ' %s' "$p"; done
}
if ! dpkg_retry -r guestnet; then
	ko "package: dpkg -r" "$(tail -3 "$tmp/dpkg.log" | tr '\n' ';')"
else
	l=$(left)
	st=$(status)
	if [ -z "$l" ]; then
		ok "package: dpkg -r: none of its files or directories left (dpkg-query: ${st:-not known})"
	else
		ko "package: dpkg -r" "left:$l"
	fi
fi
if ! dpkg_retry -P guestnet; then
	ko "package: dpkg -P" "$(tail -3 "$tmp/dpkg.log" | tr '\n' ';')"
else
	installed=
	l=$(left)
	st=$(status)
	if [ -z "$l" ] && { [ -z "$st" ] || [ "$st" = "unknown ok not-installed" ]; } &&
		[ ! -e /var/lib/dpkg/info/guestnet.list ] && [ ! -e /var/lib/dpkg/info/guestnet.md5sums ]; then
		ok "package: dpkg -P: nothing left, dpkg knows nothing of it (no /var/lib/dpkg/info/guestnet.*)"
	else
		ko "package: dpkg -P" "left:$l; status ${st:-none}; $(ls /var/lib/dpkg/info/guestnet.* 2>/dev/null | tr '\n' ' ')"
	fi
fi
