#!/bin/sh
# tools/dist.sh [DIR] - the source tarball, guestnet-VERSION.tar.gz, in DIR
# (default build/dist); make dist runs it. VERSION is guestnet.h's
# GN_VERSION. The files are the git checkout's tracked files as they are in
# the working tree (a note says when they differ from HEAD), under
# guestnet-VERSION/.
#
# Reproducible: the same files give the same bytes whatever the clone's
# path, file dates, umask or user: the members sorted by name, each dated
# HEAD's commit time, owned by 0:0 without names, modes 0644 or 0755 (the
# owner's execute bit decides, as in git), GNU format (no pax headers with
# access times), gzip -n (no name or date in the gzip header).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
version=$(sed -n 's/^#define GN_VERSION "\(.*\)"$/\1/p' guestnet.h)
if [ -z "$version" ]; then
	echo "tools/dist.sh: guestnet.h: no #define GN_VERSION \"...\" line" >&2
	exit 1
fi
if ! git rev-parse --verify -q HEAD >/dev/null 2>&1; then
	echo "tools/dist.sh: $top: not a git checkout with a commit (the file list is git ls-files)" >&2
	exit 1
fi
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	echo "tools/dist.sh: note: tracked files differ from HEAD; the tarball holds the working tree's" >&2
fi
out=${1:-$top/build/dist}
mkdir -p "$out"
name=guestnet-$version
epoch=$(git log -1 --format=%ct HEAD)
# tar into a file, then gzip: a pipe would hide tar's exit status
git ls-files -z >"$out/$name.list.tmp"
LC_ALL=C TZ=UTC tar --create --format=gnu --no-recursion --sort=name \
	--mtime="@$epoch" --owner=0 --group=0 --numeric-owner --mode='u+rw,go=u-w' \
	--transform="s|^|$name/|S" --file="$out/$name.tar.tmp" --null \
	--files-from="$out/$name.list.tmp"
rm -f "$out/$name.list.tmp"
gzip -9 -n <"$out/$name.tar.tmp" >"$out/$name.tar.gz.tmp"
rm -f "$out/$name.tar.tmp"
mv -f "$out/$name.tar.gz.tmp" "$out/$name.tar.gz"
echo "$out/$name.tar.gz"
