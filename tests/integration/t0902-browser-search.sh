#!/usr/bin/env bash
# t0902-browser-search.sh - search in a real browser (Debian chromium
# + playwright-core): the masthead box, results, a marked article, hits on
# the page image, 360 px. Screenshots go to $FOLIO_TEST_OUTPUT/browser/.
set -u
root=${FOLIO_SOURCE_ROOT:?}
folio=${FOLIO:?}
out=${FOLIO_TEST_OUTPUT:-/tmp}/browser

if ! command -v node >/dev/null || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
   [ ! -d "$root/tests/browser/node_modules/playwright-core" ]; then
    echo "1..0 # SKIP chromium, node or playwright-core missing (make deps)"
    exit 0
fi

tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# the demo archive made once per build (tests/integration/meson.build)
if [ -n "${FOLIO_DEMO_ARCHIVE:-}" ]; then
    cp -a "$FOLIO_DEMO_ARCHIVE" "$tmp/data" ||
        { echo "1..1"; echo "not ok 1 - copy $FOLIO_DEMO_ARCHIVE"; exit 1; }
else
    for pkg in "$root"/examples/*/issue.json; do
        "$folio" import --data "$tmp/data" --publish "$(dirname "$pkg")" >/dev/null ||
            { echo "1..1"; echo "not ok 1 - import $(dirname "$pkg")"; exit 1; }
    done
fi
"$folio" serve --data "$tmp/data" --listen 127.0.0.1:0 --ready-fd 3 \
    3>"$tmp/ready" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
    grep -q '^ready' "$tmp/ready" 2>/dev/null && break
    sleep 0.1
done
port=$(awk '/^ready/ {print $2}' "$tmp/ready")
if [ -z "$port" ]; then
    echo "1..1"; echo "not ok 1 - server started"; cat "$tmp/serve.log" | sed 's/^/# /'
    exit 1
fi
# newest example issue
date=$(ls "$root/examples" | sed -n 's/^qhwb-\([0-9-]*\)$/\1/p' | sort | tail -n 1)
cd "$root/tests/browser" &&
    node search.mjs "http://127.0.0.1:$port" qhwb "$date" 公园 "$out"
