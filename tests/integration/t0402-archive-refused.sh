#!/bin/bash
# SPDX-License-Identifier: MIT
# Bad library archives are refused cleanly and store nothing: a METS
# checksum that does not match, an ALTO with a billion-laughs entity
# block, an ALTO with an XXE reference to /etc/passwd, a 200 MB XML file,
# and a batch listing issues that are not there (the present ones are
# stored whole, the missing ones reported).
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_FIXTURES:=}"
BNLDIR="$FOLIO_FIXTURES/mets-alto/bnl-luxzeit-1858/2385348_newspaper_luxzeit1858_1858-12-07_01"
NDNP="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data"
if [ ! -d "$BNLDIR" ] || [ ! -f "$NDNP/batch.xml" ]; then
    echo "1..0 # SKIP mets-alto fixtures absent"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
D=$T/data
METS=2385348_newspaper_luxzeit1858_1858-12-07_01-mets.xml
ALTO3=text/1858-12-07_01-00003.xml

echo "1..16"
fresh() {
    rm -rf "$T/bnl"
    cp -r "$BNLDIR" "$T/bnl"
}
# replace ALTO 3 with $1 and give METS its MD5 (so only the XML is wrong)
put_alto3() {
    old=$(md5sum "$T/bnl/$ALTO3" | cut -d' ' -f1)
    printf '%s' "$1" >"$T/bnl/$ALTO3"
    new=$(md5sum "$T/bnl/$ALTO3" | cut -d' ' -f1)
    sed -i "s/$old/$new/" "$T/bnl/$METS"
}
no_issue() {
    [ ! -e "$D/folio.db" ] ||
        ! "$FOLIO" list --data "$D" --json 2>/dev/null | grep -q "luxzeit"
}

# ---- checksum mismatch ----
fresh
printf ' ' >>"$T/bnl/text/1858-12-07_01-00002.xml"
err=$("$FOLIO" import --data "$D" --paper luxzeit "$T/bnl" 2>&1 >/dev/null); rc=$?
check "checksum mismatch exits 1" "[ $rc -eq 1 ]"
check "the error names the file and the checksums" \
    "printf '%s' \"\$err\" | grep -q 'text/1858-12-07_01-00002.xml: MD5 checksum mismatch: METS says 3361373b4a4be6a45272897d450f5f75, file has '"
check "nothing stored" no_issue

# ---- billion laughs ----
fresh
put_alto3 '<?xml version="1.0"?>
<!DOCTYPE alto [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<alto><Description><MeasurementUnit>mm10</MeasurementUnit></Description>
<Layout><Page ID="P3" WIDTH="2590" HEIGHT="4050"><PrintSpace>
<TextBlock ID="P3_TB00001"><TextLine><String CONTENT="&h;"/></TextLine>
</TextBlock></PrintSpace></Page></Layout></alto>'
start=$(date +%s)
err=$("$FOLIO" import --data "$D" --paper luxzeit "$T/bnl" 2>&1 >/dev/null); rc=$?
took=$(($(date +%s) - start))
check "billion laughs refused (exit 1) in ${took}s" "[ $rc -eq 1 ] && [ $took -lt 10 ]"
check "the error names the ALTO file and the entities" \
    "printf '%s' \"\$err\" | grep -q \"$ALTO3.*entit\""
check "nothing stored" no_issue

# ---- XXE ----
fresh
put_alto3 '<?xml version="1.0"?>
<!DOCTYPE alto [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<alto><Description><MeasurementUnit>mm10</MeasurementUnit></Description>
<Layout><Page ID="P3" WIDTH="2590" HEIGHT="4050"><PrintSpace>
<TextBlock ID="P3_TB00001" HPOS="1" VPOS="1" WIDTH="9" HEIGHT="9"><TextLine>
<String CONTENT="&x;" HPOS="1" VPOS="1" WIDTH="9" HEIGHT="9"/>
<String CONTENT="safe" HPOS="1" VPOS="1" WIDTH="9" HEIGHT="9"/>
</TextLine></TextBlock></PrintSpace></Page></Layout></alto>'
out=$("$FOLIO" import --data "$D" --paper luxzeit --json "$T/bnl" 2>&1); rc=$?
check "XXE refused (exit 1)" "[ $rc -eq 1 ]"
check "the error says why" "printf '%s' \"\$out\" | grep -q 'entit'"
line=$(head -1 /etc/passwd)
check "no /etc/passwd content in the output" \
    "! printf '%s' \"\$out\" | grep -qF \"\$line\""
check "no /etc/passwd content in the archive" \
    "[ ! -d \"$D\" ] || ! grep -rqF \"\$line\" \"$D\""
check "nothing stored" no_issue

# ---- a 200 MB XML (sparse, deleted afterwards) ----
fresh
rm -f "$T/bnl/$ALTO3"
truncate -s 200M "$T/bnl/$ALTO3"
err=$("$FOLIO" import --data "$D" --paper luxzeit "$T/bnl" 2>&1 >/dev/null); rc=$?
rm -f "$T/bnl/$ALTO3"
check "200 MB ALTO refused (exit 1)" "[ $rc -eq 1 ]"
check "the error names the file and the size limit" \
    "printf '%s' \"\$err\" | grep -q \"$ALTO3.*larger than 67108864 bytes\""
check "nothing stored" no_issue

# ---- a batch listing issues that are not there ----
B=$T/batch
REL=sn83045350/00295876384/1878010301
mkdir -p "$B/$REL"
for f in "$NDNP/$REL"/*; do
    ln "$f" "$B/$REL/" 2>/dev/null || cp "$f" "$B/$REL/"
done
cat >"$B/batch.xml" <<XML
<?xml version='1.0' encoding='utf-8'?>
<batch name="batch_missing" xmlns="http://www.loc.gov/ndnp">
  <issue editionOrder="1" issueDate="1878-01-03" lccn="sn83045350">./$REL/1878010301.xml</issue>
  <issue editionOrder="1" issueDate="1878-01-10" lccn="sn83045350">./sn83045350/00295876384/1878011001/1878011001.xml</issue>
  <issue editionOrder="1" issueDate="1878-01-17" lccn="sn83045350">../../etc/1878011701.xml</issue>
</batch>
XML
out=$("$FOLIO" import --data "$D" --no-page-images --json "$B/batch.xml" 2>/dev/null); rc=$?
check "batch with missing issues exits 1" "[ $rc -eq 1 ]"
v=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
e = d["errors"]
print(len(d["issues"]), len(e),
      any("1878011001.xml" in x and "not there" in x for x in e),
      any("leaves the batch" in x for x in e))')
check "the present issue is stored, the missing and escaping ones reported ($v)" \
    "[ \"$v\" = '1 2 True True' ]"
