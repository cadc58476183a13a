#!/bin/bash
# SPDX-License-Identifier: MIT
# folio import / publish / unpublish / list on a package made here:
# counts in list --json, draft replacement, --replace, exit codes 0/1/2.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

echo "1..17"
PKG=$T/pkg
mkdir -p "$PKG/pages"
# a real 1000x1400 PNG: page images are decoded (imaging/) at import
python3 - "$PKG/pages/01.png" <<'EOF'
import struct, sys, zlib
w, h = 1000, 1400
raw = b"".join(b"\x00" + b"\xee\xee\xdd" * w for y in range(h))
def chunk(t, d):
    return (struct.pack(">I", len(d)) + t + d +
            struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))
open(sys.argv[1], "wb").write(
    b"\x89PNG\r\n\x1a\n" +
    chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
    chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
EOF
cat >"$PKG/issue.json" <<'JSON'
{ "folio_package": 1,
  "paper": {"id": "tyrb", "name": "太原日报", "language": "zh-CN"},
  "date": "2023-02-07", "number": 22871,
  "pages": [
    { "number": 1, "name": "要闻", "image": "pages/01.png",
      "articles": [
        { "id": "a1", "headline": "头条", "body": ["第一段。"],
          "zones": [[0, 0, 1000, 700]],
          "continues": {"page": 2, "article": "a1-cont"} },
        { "id": "a2", "headline": "简讯" } ] },
    { "number": 2, "name": "本地",
      "articles": [
        { "id": "a1-cont", "headline": "接上",
          "continued_from": {"page": 1, "article": "a1"} } ] } ] }
JSON
D=$T/data

out=$("$FOLIO" import --data "$D" "$PKG" 2>&1); rc=$?
check "import exits 0" "[ $rc -eq 0 ]"
check "import says what it stored" \
    "[ \"\$out\" = 'imported tyrb 2023-02-07: 2 pages, 3 articles (draft)' ]"

json=$("$FOLIO" list --data "$D" --json)
counts=$(printf '%s' "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); i=d["papers"][0]["issues"][0]; print(d["papers"][0]["id"], i["date"], i["status"], i["pages"], i["articles"], i["number"])')
check "list --json counts pages and articles" "[ \"\$counts\" = 'tyrb 2023-02-07 draft 2 3 22871' ]"

sed -i 's/"id": "a2", "headline": "简讯"/"id": "a2", "headline": "更正"/' "$PKG/issue.json"
"$FOLIO" import --data "$D" "$PKG" >/dev/null 2>&1
check "re-importing replaces the draft" "[ \$? -eq 0 ]"

out=$("$FOLIO" publish --data "$D" tyrb 2023-02-07); rc=$?
check "publish exits 0" "[ $rc -eq 0 ] && [ \"\$out\" = 'published tyrb 2023-02-07' ]"

err=$("$FOLIO" import --data "$D" "$PKG" 2>&1 >/dev/null); rc=$?
check "re-importing a published issue needs --replace (exit 1)" "[ $rc -eq 1 ]"
check "conflict message" \
    "[ \"\$err\" = 'folio: error: issue tyrb 2023-02-07 is published; use --replace' ]"

out=$("$FOLIO" import --data "$D" --replace "$PKG" 2>&1); rc=$?
check "--replace keeps it published" \
    "[ $rc -eq 0 ] && [ \"\$out\" = 'imported tyrb 2023-02-07: 2 pages, 3 articles (published)' ]"

"$FOLIO" unpublish --data "$D" tyrb 2023-02-07 >/dev/null
st=$("$FOLIO" list --data "$D" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["papers"][0]["issues"][0]["status"])')
check "unpublish makes it a draft again" "[ \"\$st\" = draft ]"

err=$("$FOLIO" publish --data "$D" tyrb 2023-02-08 2>&1); rc=$?
check "publishing a missing issue fails with its name" \
    "[ $rc -eq 1 ] && [ \"\$err\" = 'folio: error: no issue tyrb 2023-02-08' ]"

"$FOLIO" import --data "$D" >/dev/null 2>&1; rc=$?
check "import without PATH is a usage error (exit 2)" "[ $rc -eq 2 ]"
"$FOLIO" frobnicate >/dev/null 2>&1; rc=$?
check "unknown command exits 2" "[ $rc -eq 2 ]"
"$FOLIO" help list | grep -q '^usage: folio list'; rc=$?
check "help prints the usage line" "[ $rc -eq 0 ]"

out=$("$FOLIO" import --dry-run --data "$T/none" "$PKG"); rc=$?
check "dry run stores nothing" \
    "[ $rc -eq 0 ] && [ ! -e \"$T/none\" ] && [ \"\$out\" = 'checked tyrb 2023-02-07: 2 pages, 3 articles (dry run, nothing stored)' ]"

"$FOLIO" help import | grep -q '^usage: folio import .*\[--no-page-images\] PATH$'
check "import's usage line names --no-page-images" "[ \$? -eq 0 ]"

# plain list: "1 page", "1 article" in the singular, plural otherwise
mkdir -p "$T/one"
cat >"$T/one/issue.json" <<'JSON'
{ "folio_package": 1,
  "paper": {"id": "tyrb", "name": "太原日报", "language": "zh-CN"},
  "date": "2023-02-08",
  "pages": [ { "number": 1, "name": "要闻",
               "articles": [ { "id": "a1", "headline": "头条" } ] } ] }
JSON
"$FOLIO" import --data "$D" "$T/one" >/dev/null 2>&1
out=$("$FOLIO" list --data "$D")
check "list says 1 page, 1 article ($(echo "$out" | grep 2023-02-08))" \
    "echo \"\$out\" | grep -q '^  2023-02-08  draft        1 page      1 article\$'"
check "list says 2 pages, 3 articles ($(echo "$out" | grep 2023-02-07))" \
    "echo \"\$out\" | grep -q '^  2023-02-07  draft        2 pages     3 articles\$'"

[ $fails -eq 0 ]
