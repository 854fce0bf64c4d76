#!/bin/sh
# test/release.sh - the release artefacts (make dist, make release) are
# reproducible. Two copies of the tree (its tracked files), each a git
# repository with one commit dated like the tree's HEAD, in different
# directories, written under different umasks (022, 077) and with
# different file dates; make release in each (tools/release.sh):
#
#   identical        the same file names, the same bytes, the same
#                    SHA256SUMS, and sha256sum -c accepts it
#   binaries         static (no INTERP), stripped, x86_64 and AArch64
#   versions         debian/changelog and tools/apk/APKBUILD say guestnet.h's
#                    GN_VERSION (the one source; the others must follow it)
#   tarball          the copy's tracked files under guestnet-VERSION/,
#                    owned 0:0, dated the commit's time, modes 0644/0755,
#                    no name or date in the gzip header; unpacked, it
#                    builds (make CC=musl-gcc STATIC=1)
#
# Never runs guestnet. Seconds per step on the note lines.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
"$top/tools/deps.sh" make gcc musl-tools dpkg-dev gcc-aarch64-linux-gnu binutils \
	binutils-aarch64-linux-gnu git tar gzip coreutils || {
	echo "FAIL release: cannot install the build tools"
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n 's/^#define GN_VERSION "\(.*\)"$/\1/p' "$top/guestnet.h")
date=$(git -C "$top" log -1 --format=%cI HEAD)
epoch=$(git -C "$top" log -1 --format=%ct HEAD)

# tree DIR UMASK [DATE]: the tracked files (as in the working tree) in DIR,
# dated DATE if given (tar keeps the originals' dates otherwise), a git
# repository with one commit dated like HEAD.
tree() {
	(
		umask "$2"
		mkdir -p "$1" &&
			(cd "$top" && git ls-files -z | tar -c -f - --null -T -) | tar -x -f - -C "$1" &&
			if [ -n "${3-}" ]; then find "$1" -exec touch -d "$3" {} +; fi &&
			cd "$1" && git init -q && git add -A &&
			GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date git -c user.name=release-test \
				-c user.email=release-test@example.invalid commit -q -m "release test"
	)
}

# release NAME UMASK [DATE]: make release under UMASK in a tree of its own;
# the artefacts in $tmp/NAME/src/build/release.
release() {
	if ! tree "$tmp/$1/src" "$2" "${3-}" >"$tmp/$1.log" 2>&1; then
		ko "release: $1 tree" "$(tail -3 "$tmp/$1.log" | tr '\n' ';')"
		return 1
	fi
	start=$(date +%s)
	if ! (umask "$2" && env -u CFLAGS -u CPPFLAGS -u LDFLAGS -u MAKEFLAGS -u O \
		make -s -C "$tmp/$1/src" release) >"$tmp/$1.log" 2>&1; then
		ko "release: $1: make release" "$(tail -3 "$tmp/$1.log" | tr '\n' ';')"
		return 1
	fi
	echo "release: $1 (umask $2${3:+, file dates $3}): make release took $(($(date +%s) - start)) s"
}

deb=$(cd "$top" && dpkg-parsechangelog -S Version 2>/dev/null)
apk=$(sed -n 's/^pkgver=//p' "$top/tools/apk/APKBUILD")
if [ -n "$version" ] && [ "$deb" = "$version" ] && [ "$apk" = "$version" ]; then
	ok "release: versions: guestnet.h, debian/changelog and tools/apk/APKBUILD all say $version"
else
	ko "release: versions" "guestnet.h '$version', debian/changelog '$deb', tools/apk/APKBUILD '$apk'"
fi

release a 022 || exit 0
release b 077 '2001-02-03 04:05:06' || exit 0

ra=$tmp/a/src/build/release
rb=$tmp/b/src/build/release
names="guestnet-$version.tar.gz guestnet-$version-x86_64 guestnet-$version-aarch64 SHA256SUMS"
# shellcheck disable=SC2086 # a list of words
want=$(printf '%s\n' $names | LC_ALL=C sort | tr '\n' ' ')
la=$(cd "$ra" && ls | LC_ALL=C sort | tr '\n' ' ')
lb=$(cd "$rb" && ls | LC_ALL=C sort | tr '\n' ' ')
if [ "$la" = "$want" ] && [ "$lb" = "$want" ]; then
	ok "release: both builds made exactly $want"
else
	ko "release: the artefacts" "want $want; a: $la; b: $lb"
fi
diff=
for n in $names; do
	cmp -s "$ra/$n" "$rb/$n" || diff="$diff $n"
done
if [ -z "$diff" ]; then
	ok "release: two builds (other directory, umask, file dates) are byte-identical: $names"
else
	ko "release: two builds byte-identical" "differ:$diff"
fi
if (cd "$ra" && sha256sum --quiet -c SHA256SUMS) >"$tmp/sum.log" 2>&1 &&
	[ "$(wc -l <"$ra/SHA256SUMS")" = 3 ]; then
	ok "release: sha256sum -c SHA256SUMS accepts the three artefacts"
else
	ko "release: sha256sum -c SHA256SUMS" "$(tr '\n' ';' <"$tmp/sum.log")"
fi

# ---- the binaries -----------------------------------------------------------------

for arch in x86_64:X86-64 aarch64:AArch64; do
	b=$ra/guestnet-$version-${arch%%:*}
	machine=$(readelf -h "$b" 2>/dev/null | sed -n 's/^ *Machine: *//p')
	why=
	case $machine in *"${arch#*:}"*) ;; *) why="$why machine $machine;" ;; esac
	readelf -l "$b" 2>/dev/null | grep -q INTERP && why="$why has INTERP;"
	readelf -S "$b" 2>/dev/null | grep -q '\.symtab' && why="$why not stripped;"
	[ "$(stat -c %a "$b")" = 755 ] || why="$why mode $(stat -c %a "$b");"
	if [ -z "$why" ]; then
		ok "release: guestnet-$version-${arch%%:*}: $machine, static, stripped, 0755, $(stat -c %s "$b") bytes"
	else
		ko "release: guestnet-$version-${arch%%:*}" "$why"
	fi
done

# ---- the source tarball -----------------------------------------------------------

t=$ra/guestnet-$version.tar.gz
got=$(tar -tzf "$t" | LC_ALL=C sort)
want=$(cd "$tmp/a/src" && git ls-files | sed "s|^|guestnet-$version/|" | LC_ALL=C sort)
if [ "$got" = "$want" ]; then
	ok "release: the tarball holds the tree's $(echo "$want" | wc -l) tracked files under guestnet-$version/"
else
	ko "release: the tarball's files" "$(printf '%s\n' "$got" >"$tmp/got"; printf '%s\n' "$want" >"$tmp/want"; diff "$tmp/want" "$tmp/got" | head -5 | tr '\n' ';')"
fi
# tar --full-time -v: MODE OWNER/GROUP SIZE DATE TIME NAME
bad=$(TZ=UTC tar --numeric-owner --full-time -tvzf "$t" |
	awk -v d="$(TZ=UTC date -d "@$epoch" '+%Y-%m-%d %H:%M:%S')" \
		'($1 != "-rw-r--r--" && $1 != "-rwxr-xr-x") || $2 != "0/0" || ($4 " " $5) != d' | head -3)
if [ -z "$bad" ]; then
	ok "release: every member owned 0/0, mode 0644 or 0755, dated the commit's time"
else
	ko "release: the tarball's members" "$(echo "$bad" | tr '\n' ';')"
fi
# gzip header: bytes 4-7 are the date, flag bit 3 (0x08) a file name
hdr=$(od -An -tu1 -N8 "$t" | tr -s ' ')
# shellcheck disable=SC2086 # the bytes, one a word
set -- $hdr
if [ "$4" = 0 ] && [ "$5" = 0 ] && [ "$6" = 0 ] && [ "$7" = 0 ] && [ "$8" = 0 ]; then
	ok "release: the gzip header has no date and no file name (gzip -n)"
else
	ko "release: the gzip header" "bytes: $hdr"
fi
mkdir "$tmp/unpacked"
tar -xzf "$t" -C "$tmp/unpacked"
if env -u CFLAGS -u CPPFLAGS -u LDFLAGS -u MAKEFLAGS -u O make -s \
	-C "$tmp/unpacked/guestnet-$version" CC=musl-gcc STATIC=1 >"$tmp/build.log" 2>&1 &&
	[ -x "$tmp/unpacked/guestnet-$version/guestnet" ]; then
	ok "release: the unpacked tarball builds (make CC=musl-gcc STATIC=1)"
else
	ko "release: the unpacked tarball builds" "$(tail -3 "$tmp/build.log" | tr '\n' ';')"
fi
