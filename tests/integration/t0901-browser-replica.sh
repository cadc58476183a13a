#!/usr/bin/env bash
# t0901-browser-replica.sh - the page replica in a real browser (Debian
# chromium + playwright-core, tests/browser/replica.mjs): the deep-zoom
# viewer, Tab to the third zone + Enter, a zone still enclosing its
# headline's laid-out position (examples/*/truth.json) after zooming in
# 4x, thumbnails, the two-page spread, a phone tap, the page without
# JavaScript. Screenshots go to $FOLIO_TEST_OUTPUT/browser/.
set -u
root=${FOLIO_SOURCE_ROOT:?}
folio=${FOLIO:?}
out=${FOLIO_TEST_OUTPUT:-/tmp}/browser

if ! command -v node >/dev/null || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
   [ ! -d "$root/tests/browser/node_modules/playwright-core" ]; then
    echo "1..0 # SKIP chromium, node or playwright-core missing (make deps)"
    exit 0
fi
# newest example issue and the layout tool's right answers for it
date=$(ls "$root/examples" | sed -n 's/^qhwb-\([0-9-]*\)$/\1/p' | sort | tail -n 1)
truth="$root/examples/qhwb-$date/truth.json"
if [ ! -f "$truth" ]; then
    echo "1..0 # SKIP $truth missing (tools/demo-pdf/make-demo.sh)"
    exit 0
fi

tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# the demo archive made once per build (tests/integration/meson.build);
# without it one issue is enough (page images and tiles are made at import)
if [ -n "${FOLIO_DEMO_ARCHIVE:-}" ]; then
    cp -a "$FOLIO_DEMO_ARCHIVE" "$tmp/data" ||
        { echo "1..1"; echo "not ok 1 - copy $FOLIO_DEMO_ARCHIVE"; exit 1; }
else
    "$folio" import --data "$tmp/data" --publish "$root/examples/qhwb-$date" >/dev/null ||
        { echo "1..1"; echo "not ok 1 - import qhwb-$date"; exit 1; }
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
    echo "1..1"; echo "not ok 1 - server started"; sed 's/^/# /' "$tmp/serve.log"
    exit 1
fi
cd "$root/tests/browser" &&
    node replica.mjs "http://127.0.0.1:$port" qhwb "$date" "$truth" "$out"
