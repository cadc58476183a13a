#!/bin/sh
# install-deps.sh - make sure the Debian 12 packages folio builds and tests
# with are present. As root it installs what is missing with apt-get;
# otherwise it prints the exact apt-get line and fails.
set -eu

# Build: compiler, Meson, pkg-config and the libraries (pkg-config names in
# meson.build). Tests: cmocka, curl (integration), wrk/nginx are for bench/.
PACKAGES="gcc make meson ninja-build pkg-config python3 \
libsqlite3-dev libjansson-dev libh2o-evloop-dev libssl-dev libsodium-dev \
libarchive-dev zlib1g-dev libbrotli-dev libcmocka-dev curl \
libpoppler-glib-dev libcairo2-dev libvips-dev libqpdf-dev bubblewrap \
libxml2-dev libxml2-utils sqlite3 \
chromium fonts-wqy-microhei libicu-dev libopencc-dev \
libpango1.0-dev fonts-noto-cjk libvips-tools"
# node and npm run the browser test; many machines already have a newer
# Node.js than Debian's, so Debian's is only added when none is present.
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

browser_modules() {
    # playwright-core for tests/browser (from the npm registry, pinned in
    # package-lock.json); it drives Debian's chromium, no browser download.
    dir="$(dirname "$0")/../tests/browser"
    if [ ! -d "$dir/node_modules/playwright-core" ] && command -v npm >/dev/null 2>&1; then
        (cd "$dir" && npm ci --no-audit --no-fund --silent) ||
            echo "install-deps: npm ci in tests/browser failed; the browser test will be skipped" >&2
    fi
    return 0
}

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    browser_modules
    exit 0
fi

if [ "$(id -u)" = 0 ]; then
    echo "install-deps: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
    browser_modules
else
    echo "install-deps: missing Debian packages. Run as root:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi
