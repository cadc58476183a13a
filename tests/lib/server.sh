# SPDX-License-Identifier: MIT
# tests/lib/server.sh - shared scaffolding of the bash integration tests
# that run a browser against `folio serve` (t0900, t0901, ...). Source it
# after `set -u` with FOLIO and FOLIO_SOURCE_ROOT set:
#
#   . "$FOLIO_SOURCE_ROOT/tests/lib/server.sh"
#   browser_or_skip                  # TAP "1..0 # SKIP" unless node,
#                                    # chromium and playwright-core exist
#   test_tmp                         # $tmp, removed (and the server
#                                    # stopped) on exit
#   demo_archive "$tmp/data" PKG...  # $FOLIO_DEMO_ARCHIVE copied, else the
#                                    # packages imported and published
#   serve "$tmp/data"                # $pid and $port of a running server
#   newest_example_date              # prints YYYY-MM-DD of examples/qhwb-*
#
# Every failure prints a TAP plan and a "not ok" line and exits 1.

root=${FOLIO_SOURCE_ROOT:?}
folio=${FOLIO:?}
out=${FOLIO_TEST_OUTPUT:-/tmp}/browser
tmp=
pid=

fail_setup() {
    echo "1..1"
    echo "not ok 1 - $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/# /' "$2"
    exit 1
}

browser_or_skip() {
    if ! command -v node >/dev/null ||
       [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
       [ ! -d "$root/tests/browser/node_modules/playwright-core" ]; then
        echo "1..0 # SKIP chromium, node or playwright-core missing (make deps)"
        exit 0
    fi
}

test_cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    [ -n "$tmp" ] && rm -rf "$tmp"
}

test_tmp() {
    tmp=$(mktemp -d)
    trap test_cleanup EXIT
}

# demo_archive DEST PKG...: the demo archive made once per build
# (tests/integration/meson.build) when there is one, else PKG... imported.
demo_archive() {
    dest=$1
    shift
    if [ -n "${FOLIO_DEMO_ARCHIVE:-}" ]; then
        cp -a "$FOLIO_DEMO_ARCHIVE" "$dest" ||
            fail_setup "copy $FOLIO_DEMO_ARCHIVE"
        return 0
    fi
    for pkg in "$@"; do
        "$folio" import --data "$dest" --publish "$pkg" >/dev/null ||
            fail_setup "import $pkg"
    done
}

# serve DATA: folio serve on a free port; sets pid and port.
serve() {
    "$folio" serve --data "$1" --listen 127.0.0.1:0 --ready-fd 3 \
        3>"$tmp/ready" 2>"$tmp/serve.log" &
    pid=$!
    for _ in $(seq 100); do
        grep -q '^ready' "$tmp/ready" 2>/dev/null && break
        sleep 0.1
    done
    port=$(awk '/^ready/ {print $2}' "$tmp/ready")
    [ -n "$port" ] || fail_setup "server started" "$tmp/serve.log"
}

newest_example_date() {
    ls "$root/examples" | sed -n 's/^qhwb-\([0-9-]*\)$/\1/p' | sort | tail -n 1
}
