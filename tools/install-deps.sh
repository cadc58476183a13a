#!/bin/sh
# install-deps.sh - make sure the Debian 12 packages folio builds and tests
# with are present. As root it installs what is missing with apt-get;
# otherwise it prints the exact apt-get line and fails.
set -eu

# Build: compiler, Meson, pkg-config and the libraries (pkg-config names in
# meson.build). Tests: cmocka, curl (integration), wrk/nginx are for bench/.
PACKAGES="gcc make meson ninja-build pkg-config python3 \
libsqlite3-dev libjansson-dev libh2o-evloop-dev libssl-dev libsodium-dev \
libarchive-dev zlib1g-dev libbrotli-dev libcmocka-dev curl"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    echo "install-deps: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "install-deps: missing Debian packages. Run as root:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi
