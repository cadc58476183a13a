#!/bin/bash
# SPDX-License-Identifier: MIT
# Date order over more matches than SEARCH_CANDIDATE_CAP (20,000): on a
# generated archive of 21,500 articles, 的 (in nearly all of them) sorted
# newest first starts at the newest matching article and oldest first at
# the oldest, also after a backfill-style rewrite that gives the newest
# issues old dates (ids no longer grow with the date); pages 1 and 2 are
# the first 20 matches in (date, page, seq) order, without overlap.
# Oracle: sqlite3 instr over search_src.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
TSV="${FOLIO_FIXTURES:-}/zh-text/news-1000.tsv"
tap_need_file "$TSV"
tap_need_cmd sqlite3
tap_tmp
W=的
# date page aid of the first $2 matches of $W in order $1 (DESC or ASC)
oracle() {
    sqlite3 -batch -noheader -separator ' ' "$T/a/folio.db" "
        SELECT i.date, a.page, a.aid FROM search_src s
        JOIN article a ON a.id = s.id JOIN issue i ON i.id = a.issue_id
        WHERE i.status = 1 AND (instr(s.headline, '$W')
            OR instr(s.deck, '$W') OR instr(coalesce(s.byline, ''), '$W')
            OR instr(s.body, '$W'))
        ORDER BY i.date $1, a.page, a.seq LIMIT $2"
}
# date page article of the hits of a --json search
hits() {
    "$FOLIO" --data "$T/a" search --json --timeout 60000 "$@" -- "$W" |
        python3 -c "
import json, sys
for h in json.load(sys.stdin)['hits']:
    print(h['date'], h['page'], h['article'])"
}
check_pages() {
    local sort=$1 order=$2 what=$3 want got
    want=$(oracle "$order" 20)
    got=$( (hits --sort "$sort" --limit 10 && hits --sort "$sort" \
        --limit 10 --offset 10) | cat)
    [ -n "$want" ] && [ "$got" = "$want" ]
    ok $? "--sort $sort: pages 1 and 2 are the first 20 matches ($what)"
    if [ "$got" != "$want" ]; then
        echo "# want: $(echo "$want" | head -3 | tr '\n' ';')"
        echo "# got:  $(echo "$got" | head -3 | tr '\n' ';')"
    fi
    [ "$(echo "$got" | sort -u | wc -l)" = 20 ]
    ok $? "--sort $sort: 20 distinct hits on pages 1 and 2 ($what)"
}

tap_plan 11
"$FOLIO" demo --data "$T/a" --articles 21500 --corpus "$TSV" \
    --no-serve 2>/dev/null
ok $? "demo --articles 21500"
total=$(sqlite3 -batch -noheader "$T/a/folio.db" "SELECT count(*)
    FROM search_src s WHERE instr(s.headline, '$W') OR instr(s.deck, '$W')
    OR instr(coalesce(s.byline, ''), '$W') OR instr(s.body, '$W')")
[ "$total" -gt 20000 ]
ok $? "$W is in more than 20,000 articles ($total)"
check_pages date DESC "ids grow with the date"
check_pages date-asc ASC "ids grow with the date"
# backfill: the newest issues get dates before the oldest
sqlite3 "$T/a/folio.db" "UPDATE issue SET date = '2019' || substr(date, 5)
    WHERE date >= '2025-10-01'"
ok $? "backfill-style date rewrite"
check_pages date DESC "backfilled"
check_pages date-asc ASC "backfilled"
tap_done
