#!/bin/bash
# SPDX-License-Identifier: MIT
# Editions: folio keeps one issue per paper and date, so a second edition
# of a date (NDNP MODS <detail type="edition"> 2) must never replace the
# first silently. A batch listing editions 1 and 2 of 1878-01-03 stores
# edition 1 and refuses edition 2 with an error naming both editions
# (exit status 1); a rerun does the same; only --replace replaces.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_FIXTURES:=}"
SRC="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data"
if [ ! -f "$SRC/batch.xml" ]; then
    echo "1..0 # SKIP fixture mets-alto/ndnp-nordstern-1878 absent"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

echo "1..14"
B=$T/batch
REL=sn83045350/00295876384
E1=$REL/1878010301
E2=$REL/1878010302
mkdir -p "$B/$E1" "$B/$E2"
# page 1 only (fast); edition 2 differs from edition 1 only in its MODS
# edition number
for d in "$E1" "$E2"; do
    for f in "$SRC/$E1/0011.xml" "$SRC/$E1/0011.pdf"; do
        ln "$f" "$B/$d/" 2>/dev/null || cp "$f" "$B/$d/"
    done
done
python3 - "$SRC/$E1/1878010301.xml" "$B/$E1/1878010301.xml" \
    "$B/$E2/1878010302.xml" <<'PYEOF'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
for k in range(2, 9):
    for pat in (r'<dmdSec ID="pageModsBib%d">.*?</dmdSec>\s*',
                r'<fileGrp ID="pageFileGrp%d">.*?</fileGrp>\s*',
                r'<div DMDID="pageModsBib%d" TYPE="np:page">.*?</div>\s*'):
        s = re.sub(pat % k, '', s, flags=re.S)
open(sys.argv[2], 'w', encoding='utf-8').write(s)
s, k = re.subn(r'(<mods:detail type="edition">\s*<mods:number>)1(<)',
               r'\g<1>2\g<2>', s)
assert k == 1
open(sys.argv[3], 'w', encoding='utf-8').write(s)
PYEOF
cat >"$B/batch.xml" <<EOF
<?xml version='1.0' encoding='utf-8'?>
<batch name="batch_editions" xmlns="http://www.loc.gov/ndnp">
  <issue editionOrder="1" issueDate="1878-01-03" lccn="sn83045350">./$E1/1878010301.xml</issue>
  <issue editionOrder="2" issueDate="1878-01-03" lccn="sn83045350">./$E2/1878010302.xml</issue>
</batch>
EOF
D=$T/data
summary() {
    python3 -c '
import json, sys
d = json.load(sys.stdin)
print(len(d["issues"]), sum(1 for i in d["issues"] if i.get("skipped")),
      len(d["errors"]))'
}

out=$("$FOLIO" import --data "$D" --no-page-images --json "$B/batch.xml" 2>/dev/null); rc=$?
check "batch with two editions of one date exits 1" "[ $rc -eq 1 ]"
v=$(printf '%s' "$out" | summary)
check "edition 1 stored, edition 2 refused (issues skipped errors: $v)" \
    "[ \"$v\" = '1 0 1' ]"
msg=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["errors"][0])')
check "the error names the file and both editions ($msg)" \
    "printf '%s' \"\$msg\" | grep -q '1878010302.xml.*edition 2 of sn83045350 1878-01-03: the archive holds edition 1'"
if command -v sqlite3 >/dev/null 2>&1; then
    v=$(sqlite3 "$D/folio.db" "SELECT count(*), coalesce(max(edition), '-') FROM issue")
    check "one issue, edition 1 (no label) ($v)" "[ \"$v\" = '1|-' ]"
else
    ok "# SKIP sqlite3 CLI absent"
fi
pages=$("$FOLIO" list --data "$D" --json | python3 -c '
import json, sys
print([i["pages"] for p in json.load(sys.stdin)["papers"] for i in p["issues"]])')
check "edition 1 keeps its page ($pages)" "[ \"$pages\" = '[1]' ]"

out=$("$FOLIO" import --data "$D" --no-page-images --json "$B/batch.xml" 2>/dev/null); rc=$?
v=$(printf '%s' "$out" | summary)
check "rerun: edition 1 skipped, edition 2 refused again, exit 1 ($rc: $v)" \
    "[ $rc -eq 1 ] && [ \"$v\" = '1 1 1' ]"

"$FOLIO" import --data "$D" --no-page-images "$B/$E2/1878010302.xml" \
    >"$T/out" 2>"$T/err"; rc=$?
check "edition 2 alone is refused too (exit $rc)" "[ $rc -ne 0 ]"
check "... saying why and what to do" \
    "grep -q 'keeps one edition per date; not imported (use --replace to replace it)' \"$T/err\""

# published edition 1, then edition 2 with --publish but no --replace
"$FOLIO" publish --data "$D" sn83045350 1878-01-03 >/dev/null 2>&1
"$FOLIO" import --data "$D" --no-page-images --publish \
    "$B/$E2/1878010302.xml" >/dev/null 2>"$T/err"; rc=$?
check "published edition 1 is not replaced by edition 2 (exit $rc)" \
    "[ $rc -ne 0 ] && grep -q 'edition 2 of sn83045350' \"$T/err\""

"$FOLIO" import --data "$D" --no-page-images --replace \
    "$B/$E2/1878010302.xml" >"$T/out" 2>/dev/null; rc=$?
check "--replace replaces edition 1 by edition 2 (exit $rc)" "[ $rc -eq 0 ]"
if command -v sqlite3 >/dev/null 2>&1; then
    v=$(sqlite3 "$D/folio.db" "SELECT count(*), edition, status FROM issue")
    check "one issue, now edition 2, still published ($v)" "[ \"$v\" = '1|2|1' ]"
else
    ok "# SKIP sqlite3 CLI absent"
fi

"$FOLIO" import --data "$D" --no-page-images "$B/$E1/1878010301.xml" \
    >/dev/null 2>"$T/err"; rc=$?
check "edition 1 does not silently come back over edition 2 (exit $rc)" \
    "[ $rc -ne 0 ] && grep -q 'edition 1 of sn83045350 1878-01-03: the archive holds edition 2' \"$T/err\""
"$FOLIO" import --data "$D" --no-page-images --replace "$B/$E2/1878010302.xml" \
    >"$T/out" 2>/dev/null; rc=$?
check "the same edition again with --replace is fine (exit $rc)" "[ $rc -eq 0 ]"
"$FOLIO" import --data "$D" --no-page-images "$B/$E2/1878010302.xml" \
    >"$T/out" 2>/dev/null; rc=$?
check "and without --replace it is skipped as already imported (exit $rc)" \
    "[ $rc -eq 0 ] && grep -q 'skipped\\|already' \"$T/out\""
