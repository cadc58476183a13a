#!/usr/bin/env bash
# t0901-browser-replica.sh - the page replica in a real browser (Debian
# chromium + playwright-core, tests/browser/replica.mjs): the deep-zoom
# viewer, Tab to the third zone + Enter, a zone still enclosing its
# headline's laid-out position (examples/*/truth.json) after zooming in
# 4x, thumbnails, the two-page spread, a phone tap, the page without
# JavaScript. Screenshots go to $FOLIO_TEST_OUTPUT/browser/.
set -u
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/server.sh"

browser_or_skip
# newest example issue and the layout tool's right answers for it
date=$(newest_example_date)
truth="$root/examples/qhwb-$date/truth.json"
if [ ! -f "$truth" ]; then
    echo "1..0 # SKIP $truth missing (tools/demo-pdf/make-demo.sh)"
    exit 0
fi
test_tmp
# without the demo archive one issue is enough (page images and tiles are
# made at import)
demo_archive "$tmp/data" "$root/examples/qhwb-$date"
serve "$tmp/data"
cd "$root/tests/browser" &&
    node replica.mjs "http://127.0.0.1:$port" qhwb "$date" "$truth" "$out"
