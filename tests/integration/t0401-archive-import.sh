#!/bin/bash
# SPDX-License-Identifier: MIT
# Real library archives in: the NDNP batch (8 pages of Der Nordstern, ALTO
# 2.0 inch1200 + page PDFs, JP2/TIFF absent) and the BNL METS issue (4
# pages, 12 articles + 5 advertisements in a logical structMap, ALTO 3
# mm10, no images). Counts round-trip through `folio list --json` and the
# reader: page text views, articles with titles, languages and zones, and
# Open ONI URLs redirected.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
: "${FOLIO_FIXTURES:=}"
NDNP="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data/batch.xml"
BNLDIR="$FOLIO_FIXTURES/mets-alto/bnl-luxzeit-1858/2385348_newspaper_luxzeit1858_1858-12-07_01"
tap_need_file "$NDNP" "mets-alto fixtures absent"
tap_need_dir "$BNLDIR" "mets-alto fixtures absent"
tap_tmp
SERVER_PID=
tap_kill_on_exit SERVER_PID
D=$T/data

tap_plan 24
# ---- dry run stores nothing ----
out=$("$FOLIO" import --data "$D" --dry-run --json "$NDNP" 2>/dev/null); rc=$?
check "dry run of the NDNP batch exits 0" "[ $rc -eq 0 ]"
check "dry run stores nothing" "[ ! -e \"$D/folio.db\" ]"
v=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
i = d["issues"][0]
print(len(d["issues"]), i["paper"], i["date"], i["pages"], i["articles"],
      len([w for w in d["warnings"] if ".jp2" in w or ".tif" in w]))')
check "dry run reports 1 issue sn83045350 1878-01-03, 8 pages, 16 missing JP2/TIFF warnings ($v)" \
    "[ \"$v\" = '1 sn83045350 1878-01-03 8 0 16' ]"

# ---- the NDNP batch ----
out=$("$FOLIO" import --data "$D" --publish --no-page-images "$NDNP" 2>"$T/warn"); rc=$?
check "NDNP batch imports" "[ $rc -eq 0 ]"
check "import says what it stored" \
    "[ \"\$out\" = 'imported sn83045350 1878-01-03: 8 pages, 0 articles, 0 zones' ]"
check "absent JP2 are warnings naming the file" \
    "grep -q \"page 1: '0011.jp2' is missing (PDF used instead)\" \"$T/warn\""

# ---- the BNL issue (a folder holding one METS file) ----
out=$("$FOLIO" import --data "$D" --publish --paper luxzeit "$BNLDIR" 2>/dev/null); rc=$?
check "BNL METS issue imports" "[ $rc -eq 0 ]"
json=$("$FOLIO" list --data "$D" --json)
v=$(printf '%s' "$json" | python3 -c '
import json, sys
d = {p["id"]: p for p in json.load(sys.stdin)["papers"]}
n = d["sn83045350"]; l = d["luxzeit"]
print(n["name"], "|", n["language"], n["issues"][0]["pages"],
      l["issues"][0]["pages"], l["issues"][0]["articles"], l["name"])')
check "list --json round-trips the counts ($v)" \
    "[ \"\$v\" = 'Der Nordstern (St. Cloud, Minn.) | de 8 4 20 Luxemburger Zeitung – Journal de Luxembourg' ]"

# ---- serve ----
READY=$T/ready
mkfifo "$READY"
"$FOLIO" serve --data "$D" --listen 127.0.0.1:0 --ready-fd 3 3>"$READY" \
    2>"$T/serve.err" &
SERVER_PID=$!
PORT=
if read -r -t 10 word PORT <"$READY" && [ "$word" = ready ]; then
    ok 0 "server ready"
else
    not_ok "server ready"
    echo "1..$tap_n"
    exit 1
fi
H=http://127.0.0.1:$PORT
get() { curl -s -o "$T/body" -w '%{http_code} %{redirect_url}' "$H$1"; }

r=$(get /sn83045350/1878-01-03/01/text)
check "page text view serves (200)" "[ \"$r\" = '200 ' ]"
check "page text view has block anchors and German text" \
    "grep -q '<p class=\"ocr-block\" id=\"b0\">' \"$T/body\" && grep -q 'Nordstern' \"$T/body\""
nblocks=$(grep -o 'class="ocr-block"' "$T/body" | wc -l)
check "page 1 text has many blocks ($nblocks)" "[ $nblocks -gt 20 ]"
r=$(get /sn83045350/1878-01-03/08/)
check "page 8 view serves" "[ \"${r%% *}\" = 200 ]"
r=$(get /sn83045350/1878-01-03/03.pdf)
check "page PDF serves" "[ \"${r%% *}\" = 200 ] && head -c 5 \"$T/body\" | grep -q '%PDF-'"
r=$(get /lccn/sn83045350/1878-01-03/ed-1/seq-3/)
check "Open ONI page URL: 301 to the page ($r)" \
    "[ \"\$r\" = '301 $H/sn83045350/1878-01-03/03/' ]"
r=$(get /lccn/sn83045350/1878-01-03/ed-1/seq-3/ocr/)
check "Open ONI OCR URL: 301 to the text view" \
    "[ \"\$r\" = '301 $H/sn83045350/1878-01-03/03/text' ]"
r=$(get /lccn/sn83045350/1878-01-03/ed-1/seq-9/)
check "Open ONI URL of a page not here: 404" "[ \"${r%% *}\" = 404 ]"

# ---- BNL articles ----
r=$(get /luxzeit/1858-12-07/01/)
check "BNL page view lists its articles" \
    "[ \"${r%% *}\" = 200 ] && grep -q 'Revue politique.' \"$T/body\""
check "BNL page view draws zones" "grep -c '<a[^>]*href=\"/luxzeit/1858-12-07/01/DTL' \"$T/body\" | grep -qv '^0$'"
r=$(get /luxzeit/1858-12-07/01/DTL48)
check "French article served with lang=fr" \
    "[ \"${r%% *}\" = 200 ] && grep -q 'lang=\"fr\"' \"$T/body\""
heads=$(for p in 01 02 03 04; do curl -s "$H/luxzeit/1858-12-07/$p/"; done |
    grep -o 'Publicité [0-9] Page 4' | sort -u | wc -l)
check "5 advertisements with their titles" "[ $heads -eq 5 ]"
r=$(get /luxzeit/1858-12-07/01/DTL65)
check "German article (Kölnische Zeitung.) served with lang=de" \
    "[ \"${r%% *}\" = 200 ] && grep -q 'Kölnische Zeitung.' \"$T/body\" && grep -q 'lang=\"de\"' \"$T/body\""
r=$(get /luxzeit/1858-12-07/02/DTL65-2)
check "its continuation on page 2 is served" \
    "[ \"${r%% *}\" = 200 ] && grep -q 'Kölnische Zeitung.' \"$T/body\""
# accents: French OCR with and without them finds the same articles
na=$("$FOLIO" search --data "$D" --json --limit 0 'décembre' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
nb=$("$FOLIO" search --data "$D" --json --limit 0 'DECEMBRE' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
check "décembre and DECEMBRE find the same articles ($na, $nb)" \
    "[ \"$na\" -gt 0 ] && [ \"$na\" = \"$nb\" ]"
tap_done
