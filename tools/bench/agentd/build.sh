#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tools/bench/agentd/build.sh - build the Rust guest agent's network step
# (network.rs, unmodified, and the driver beside it) for `make bench`, with
# Debian's Rust toolchain and packaged crates only, offline, and print the
# binary's path. The build happens in the cache, outside the repository
# (${XDG_CACHE_HOME:-~/.cache}/guestnet/bench/): the sources are copied
# there with their times, so cargo rebuilds only what changed, and
# agentd-network.versions there names the toolchain and crates used.
#
# Static, as the agent ships: Debian has no Rust standard library for musl,
# so the binary is glibc's, linked statically (crt-static), with the
# agent's own release profile (LTO, one codegen unit, panic=abort, strip).
# On failure, one line on standard error says why, and the status is 1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/guestnet/bench
fail() { echo "agentd/build.sh: $*" >&2; exit 1; }

# rustc-web and cargo-web are Debian 12's current Rust (the plain rustc
# package is 1.63, older than network.rs's let-else, which needs 1.65).
pkgs="rustc-web cargo-web librust-libc-dev librust-nix-dev gcc libc6-dev"
# shellcheck disable=SC2086 # a list of names
"$top/tools/deps.sh" $pkgs >&2 || fail "cannot install $pkgs"
rustc=/usr/bin/rustc cargo=/usr/bin/cargo
{ [ -x $rustc ] && [ -x $cargo ]; } || fail "$rustc or $cargo missing after installing $pkgs"
(cd "$here" && sha256sum -c --quiet network.rs.sha256) ||
	fail "network.rs is not the agent's file (network.rs.sha256)"

src=$cache/agentd-src
mkdir -p "$src/.cargo"
cp -p "$here/Cargo.toml" "$here/main.rs" "$here/config.rs" "$here/error.rs" \
	"$here/network.rs" "$src/"
cp -p "$here/.cargo/config.toml" "$src/.cargo/"
target=$(uname -m)-unknown-linux-gnu
log=$cache/agentd-build.log
# CARGO_HOME of its own: no user configuration, no other registry.
if ! (cd "$src" && CARGO_HOME=$cache/cargo-home RUSTC=$rustc \
	RUSTFLAGS='-C target-feature=+crt-static' \
	$cargo build --offline --release --target "$target" \
	--target-dir "$cache/agentd-target") >"$log" 2>&1; then
	fail "cargo build failed: $(grep -m 1 '^error' "$log" || tail -n 1 "$log") (all of it: $log)"
fi
bin=$cache/agentd-target/$target/release/agentd-network
[ -x "$bin" ] || fail "cargo built no $bin"
cp -p "$bin" "$cache/agentd-network"
{
	echo "rustc: $($rustc --version) (Debian rustc-web $(dpkg-query -W -f='${Version}' rustc-web))"
	echo "cargo: $($cargo --version) (Debian cargo-web $(dpkg-query -W -f='${Version}' cargo-web))"
	echo "crates: $(awk '/^name = / { n = $3; next } /^version = / && n != "" { if (n != "\"agentd-network\"") { printf "%s%s %s", s, n, $3; s = ", " } n = "" }' \
		"$src/Cargo.lock" | tr -d '"') (Debian librust-*-dev, /usr/share/cargo/registry)"
	echo "target: $target, static (crt-static), release profile of the agent"
} >"$cache/agentd-network.versions"
echo "$cache/agentd-network"
