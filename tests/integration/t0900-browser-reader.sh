#!/usr/bin/env bash
# t0900-browser-reader.sh - the reader in a real browser (Debian chromium
# + playwright-core): hot zone click, 放大 persisting across reloads, phone
# width, English. Screenshots go to $FOLIO_TEST_OUTPUT/browser/.
set -u
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/server.sh"

browser_or_skip
test_tmp
demo_archive "$tmp/data" "$root"/examples/qhwb-*
serve "$tmp/data"
# newest example issue
date=$(newest_example_date)
cd "$root/tests/browser" &&
    node reader.mjs "http://127.0.0.1:$port" qhwb "$date" "$out"
