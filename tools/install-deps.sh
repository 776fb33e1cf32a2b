#!/bin/sh
# install-deps.sh — installs the Debian packages paperdex needs to build,
# test and benchmark, and nothing when they are all there already.
# Runs apt-get as root, or through sudo for other users.
set -eu

PKGS="build-essential cmake pkg-config libxapian-dev libunistring-dev
libjansson-dev libcmocka-dev libbtparse-dev libgumbo-dev zlib1g-dev jq clang libclang-rt-dev
libsqlite3-dev libmicrohttpd-dev curl chromium chromium-driver xapian-tools"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps: need root or sudo to install:$missing" >&2
    exit 1
fi
echo "install-deps: installing$missing" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
