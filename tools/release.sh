#!/bin/sh
# tools/release.sh [DIR] - the release artefacts in DIR (default
# build/release); make release runs it:
#
#   guestnet-VERSION.tar.gz         the source (tools/dist.sh)
#   guestnet-VERSION-x86_64         static musl binary (tools/build.sh musl-static)
#   guestnet-VERSION-aarch64        static musl binary (aarch64-musl-static)
#   SHA256SUMS                      sha256sum's lines for the three
#
# The binaries are stripped as make install strips them. Both builds use
# the project's flags only: CFLAGS, CPPFLAGS, LDFLAGS and make's variables
# from the environment are dropped, so two releases of the same tree are
# byte-identical (test/release.sh builds two and compares). Runs on an
# x86_64 Debian host; tools/build.sh installs what the builds need (and,
# for aarch64, downloads Debian's arm64 musl-dev into ~/.cache/guestnet).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^#define GN_VERSION "\(.*\)"$/\1/p' "$top/guestnet.h")
if [ -z "$version" ]; then
	echo "tools/release.sh: guestnet.h: no #define GN_VERSION \"...\" line" >&2
	exit 1
fi
out=${1:-$top/build/release}
mkdir -p "$out"
out=$(cd "$out" && pwd)
clean() { env -u CFLAGS -u CPPFLAGS -u LDFLAGS -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$@"; }
tarball=$(clean "$top/tools/dist.sh" "$out")
x86_64=$(clean "$top/tools/build.sh" musl-static)
aarch64=$(clean "$top/tools/build.sh" aarch64-musl-static)
strip -o "$out/guestnet-$version-x86_64.tmp" "$x86_64"
aarch64-linux-gnu-strip -o "$out/guestnet-$version-aarch64.tmp" "$aarch64"
for arch in x86_64 aarch64; do
	chmod 0755 "$out/guestnet-$version-$arch.tmp"
	mv -f "$out/guestnet-$version-$arch.tmp" "$out/guestnet-$version-$arch"
done
(cd "$out" && sha256sum "${tarball##*/}" "guestnet-$version-x86_64" \
	"guestnet-$version-aarch64" >SHA256SUMS.tmp && mv -f SHA256SUMS.tmp SHA256SUMS)
cat "$out/SHA256SUMS"
