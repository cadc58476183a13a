#!/bin/bash
# SPDX-License-Identifier: MIT
# Page text in search: the NDNP batch (8 pages of Der Nordstern, ALTO
# words, no articles) is searchable by its pages' words. The pages that
# `folio search` finds for a word are exactly the ALTO files whose String
# CONTENT starts with it (a grep of the ALTO text); hits have "article":
# null and link to the page text view, which marks the word; filters
# apply; unpublishing removes the page documents from the index and
# publishing (or replacing the issue) puts them back once.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
: "${FOLIO_FIXTURES:=}"
NDNP="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data/batch.xml"
ALTO="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data/sn83045350/00295876384/1878010301"
tap_need_file "$NDNP" "mets-alto fixtures absent"
tap_need_dir "$ALTO" "mets-alto fixtures absent"
tap_tmp
SERVER_PID=
tap_kill_on_exit SERVER_PID
D=$T/data

# pages (1 = the first ALTO file in order) whose words start with $1
alto_pages() {
    local i=0 f out=""
    for f in $(ls "$ALTO"/00[0-9][0-9].xml | sort); do
        i=$((i + 1))
        if grep -qi "CONTENT=\"$1" "$f"; then
            out="$out $i"
        fi
    done
    echo "${out# }"
}
# "total: page page ..." of a search, pages sorted
search_pages() {
    "$FOLIO" search --data "$D" --json --limit 0 "$@" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("%d:" % d["total"], " ".join(str(p) for p in
      sorted(h["page"] for h in d["hits"])))'
}
docs() {
    python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM search_fts_docsize").fetchone()[0])' \
        "$D/folio.db"
}

tap_plan 19
"$FOLIO" import --data "$D" --publish --no-page-images "$NDNP" \
    >/dev/null 2>&1
check "NDNP batch imports and publishes" "[ \$? -eq 0 ]"
check "8 page documents indexed ($(docs))" "[ \"$(docs)\" = 8 ]"

for w in Minnesota Washington Deutschland; do
    want=$(alto_pages "$w")
    nw=$(echo "$want" | wc -w)
    got=$(search_pages "$w")
    check "$w: the pages the ALTO has it on ($want), no more ($got)" \
        "[ -n \"$want\" ] && [ \"$got\" = \"$nw: $want\" ]"
done

v=$("$FOLIO" search --data "$D" --json --limit 0 Minnesota | python3 -c '
import json, sys
d = json.load(sys.stdin)
ok = all(h["article"] is None and h["headline"] == "" and
         any(h["snippet"].encode()[s:s + n].decode().lower() == "minnesota"
             for s, n in h["marks"]) for h in d["hits"])
print(len(d["hits"]), ok)')
check "hits are pages (article null) with Minnesota marked in the snippet ($v)" \
    "[ \"$v\" = '5 True' ]"

# filters apply to page documents
check "page:4 keeps page 4" "[ \"$(search_pages 'Minnesota page:4')\" = '1: 4' ]"
check "date:1878 keeps all" \
    "[ \"$(search_pages 'Minnesota date:1878')\" = \"$(search_pages Minnesota)\" ]"
check "another paper finds none" \
    "[ \"$(search_pages 'Minnesota paper:nosuch')\" = '0: ' ]"
check "md:01-03 keeps all" \
    "[ \"$(search_pages 'Minnesota md:01-03')\" = \"$(search_pages Minnesota)\" ]"

# the API links to the text view, which marks the word
READY=$T/ready
mkfifo "$READY"
"$FOLIO" serve --data "$D" --listen 127.0.0.1:0 --ready-fd 3 3>"$READY" \
    2>"$T/serve.err" &
SERVER_PID=$!
PORT=
read -r -t 10 word PORT <"$READY"
url=$(curl -s "http://127.0.0.1:$PORT/api/v1/search?q=Washington&limit=1" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["hits"][0]["url"])')
check "API url is the page text view ($url)" \
    "[ \"$url\" = '/sn83045350/1878-01-03/04/text?hl=Washington' ] ||
     [ \"$url\" = '/sn83045350/1878-01-03/07/text?hl=Washington' ]"
marks=$(curl -s "http://127.0.0.1:$PORT$url" | grep -o '<mark>Washington</mark>' | wc -l)
check "the text view marks Washington ($marks)" "[ \"$marks\" -ge 1 ]"
curl -s -o "$T/results.html" "http://127.0.0.1:$PORT/search?q=Washington"
links=$(grep -o 'href="/sn83045350/1878-01-03/0[47]/text?hl=Washington"' \
    "$T/results.html" | sort -u | wc -l)
check "results page links both pages to their text view ($links)" \
    "[ \"$links\" = 2 ]"
# the hits are page texts, not articles: the count says results
count=$(grep -o '<p class="result-count" role="status">[^<]*</p>' \
    "$T/results.html")
check "the count of page-text hits says 条结果, not 篇文章 ($count)" \
    "[ \"\$count\" = '<p class=\"result-count\" role=\"status\">找到2条结果，显示第1–2条</p>' ]"
count=$(curl -s "http://127.0.0.1:$PORT/search?q=Washington&lang=en" |
    grep -o '<p class="result-count" role="status">[^<]*</p>')
check "... and in English, results ($count)" \
    "[ \"\$count\" = '<p class=\"result-count\" role=\"status\">2 results, showing 1–2</p>' ]"
kill -KILL "$SERVER_PID" 2>/dev/null
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=

# unpublish removes them, publish puts them back, a replace keeps one copy
"$FOLIO" unpublish --data "$D" sn83045350 1878-01-03 >/dev/null 2>&1
check "unpublished: no page documents left ($(docs))" "[ \"$(docs)\" = 0 ]"
check "unpublished: nothing found" \
    "[ \"$(search_pages Minnesota)\" = '0: ' ] &&
     [ \"$(search_pages Washington)\" = '0: ' ]"
"$FOLIO" publish --data "$D" sn83045350 1878-01-03 >/dev/null 2>&1
check "published again: found again" \
    "[ \"$(search_pages Minnesota)\" = '5: 1 4 5 7 8' ]"
"$FOLIO" import --data "$D" --publish --replace --no-page-images "$NDNP" \
    >/dev/null 2>&1
check "replaced: 8 page documents, found once ($(docs))" \
    "[ \"$(docs)\" = 8 ] && [ \"$(search_pages Minnesota)\" = '5: 1 4 5 7 8' ]"
tap_done
