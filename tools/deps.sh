#!/bin/sh
# tools/deps.sh PKG... - install the Debian packages that are missing.
# Idempotent; waits for the dpkg lock (other jobs may be installing too).
# Packages named ARCH-qualified (musl-dev:arm64) need that dpkg architecture.
set -eu
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "tools/deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
case "$missing" in *:arm64*)
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64 ;;
esac
echo "tools/deps.sh: installing:$missing" >&2
apt="apt-get -q -o DPkg::Lock::Timeout=600"
$apt update >/dev/null
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $apt install -y --no-install-recommends $missing >/dev/null
