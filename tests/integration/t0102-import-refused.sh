#!/bin/bash
# SPDX-License-Identifier: MIT
# A refused package changes nothing: `folio list` output stays
# byte-identical, and the error names the file and JSON path.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

echo "1..9"
PKG=$T/pkg
D=$T/data
mkdir -p "$PKG"
write() {
    cat >"$PKG/issue.json" <<JSON
{ "folio_package": 1,
  "paper": {"id": "tyrb", "name": "太原日报", "language": "zh-CN"},
  "date": "$1",
  "pages": [ { "number": 1, "name": "要闻",
      "articles": [ { "id": "a1", $2 "body": ["第一段。"] } ] } ] }
JSON
}
write 2023-02-07 '"headline": "原稿",'
"$FOLIO" import --data "$D" --publish "$PKG" >/dev/null
before=$("$FOLIO" list --data "$D"; "$FOLIO" list --data "$D" --json)
ls_before=$(find "$D/media" | sort)

write 2023-02-07 ''
err=$("$FOLIO" import --data "$D" --replace "$PKG" 2>&1); rc=$?
check "missing headline exits 1" "[ $rc -eq 1 ]"
check "error names file and JSON path" \
    "[ \"\$err\" = 'folio: error: issue.json: pages[0].articles[0].headline: missing' ]"
after=$("$FOLIO" list --data "$D"; "$FOLIO" list --data "$D" --json)
check "folio list is byte-identical after a refusal" "[ \"\$before\" = \"\$after\" ]"

write 2023-02-30 '"headline": "x",'
err=$("$FOLIO" import --data "$D" "$PKG" 2>&1); rc=$?
check "invalid date refused" \
    "[ $rc -eq 1 ] && [ \"\$err\" = \"folio: error: issue.json: date: '2023-02-30' is not a valid date (YYYY-MM-DD)\" ]"

write 2023-02-08 '"headline": "x", "images": [{"src": "../../etc/passwd"}],'
err=$("$FOLIO" import --data "$D" "$PKG" 2>&1); rc=$?
check "path leaving the package refused" \
    "[ $rc -eq 1 ] && [ \"\$err\" = \"folio: error: issue.json: pages[0].articles[0].images[0].src: path '../../etc/passwd' leaves the package\" ]"

printf '{ "folio_package": 1,\n  "date": ]\n' >"$PKG/issue.json"
err=$("$FOLIO" import --data "$D" "$PKG" 2>&1); rc=$?
check "bad JSON reports line and column" \
    "[ $rc -eq 1 ] && [ \"\$err\" = \"folio: error: issue.json:2:11: unexpected token near ']'\" ]"

write 2023-02-08 '"headline": "x", "zones": [[0, 0, 10, 10]],'
err=$("$FOLIO" import --data "$D" "$PKG" 2>&1); rc=$?
check "zones without a page size refused" "[ $rc -eq 1 ]"

after=$("$FOLIO" list --data "$D"; "$FOLIO" list --data "$D" --json)
check "still byte-identical after every refusal" "[ \"\$before\" = \"\$after\" ]"
ls_after=$(find "$D/media" | sort)
check "no media written by refused packages" "[ \"\$ls_before\" = \"\$ls_after\" ]"

[ $fails -eq 0 ]
