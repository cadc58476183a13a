#!/bin/bash
# SPDX-License-Identifier: MIT
# `folio search --limit N` with N over SEARCH_MAX_LIMIT (1,000 hits a
# call) prints N hits, not 1,000: on a generated archive of 1,500
# articles, 的 (in nearly all of them) with --limit 1200 gives 1,200
# distinct hits, the exact total (sqlite3 instr oracle) and the same
# first 1,200 hits as --limit 0; --limit 1000 still gives 1,000; the text
# output prints 1,200 hits. Was: any --limit over 1,000 printed 1,000
# hits and an estimated total, without a note.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
TSV="${FOLIO_FIXTURES:-}/zh-text/news-1000.tsv"
tap_need_file "$TSV"
tap_need_cmd sqlite3
tap_tmp
W=的
# articles containing $W in a stored field
oracle() {
    sqlite3 -batch -noheader "$T/a/folio.db" "SELECT count(*) FROM article a
        WHERE instr(a.headline, '$W') OR instr(coalesce(a.kicker, ''), '$W')
        OR instr(coalesce(a.subhead, ''), '$W')
        OR instr(coalesce(a.byline, ''), '$W')
        OR EXISTS (SELECT 1 FROM paragraph p WHERE p.article = a.id
                   AND instr(p.text, '$W'))"
}
# total, hits, distinct hits, total_exact of a --json search
summary() {
    "$FOLIO" --data "$T/a" search --json --timeout 60000 "$@" | python3 -c "
import json, sys
d = json.load(sys.stdin)
h = d['hits']
print(d['total'], len(h),
      len(set((x['paper'], x['date'], x['page'], x['article']) for x in h)),
      d['total_exact'])"
}
# the hits of a --json search, one per line
ids() {
    "$FOLIO" --data "$T/a" search --json --timeout 60000 "$@" | python3 -c "
import json, sys
for x in json.load(sys.stdin)['hits']:
    print(x['date'], x['page'], x['article'])"
}

tap_plan 6
"$FOLIO" demo --data "$T/a" --articles 1500 --seed 5 --corpus "$TSV" \
    --no-serve 2>/dev/null
ok $? "demo --articles 1500"
want=$(oracle)
[ "$want" -gt 1200 ] 2>/dev/null
ok $? "$W is in more than 1,200 articles (oracle: $want)"
read -r total hits distinct exact < <(summary --limit 1200 -- "$W")
[ "$total" = "$want" ] && [ "$hits" = 1200 ] && [ "$distinct" = 1200 ] &&
    [ "$exact" = True ]
ok $? "--limit 1200: total $total (want $want), $hits hits, $distinct \
distinct, exact $exact"
ids --limit 0 -- "$W" | sed -n '1,1200p' >"$T/all"
ids --limit 1200 -- "$W" >"$T/some"
cmp -s "$T/all" "$T/some"
ok $? "--limit 1200 lists the first 1,200 hits of --limit 0"
read -r total hits distinct exact < <(summary --limit 1000 -- "$W")
[ "$hits" = 1000 ] && [ "$distinct" = 1000 ]
ok $? "--limit 1000: $hits hits, $distinct distinct"
lines=$("$FOLIO" --data "$T/a" search --limit 1200 --timeout 60000 -- "$W" |
    grep -c '^[a-z0-9-]* [0-9-]* [0-9][0-9] ')
[ "$lines" = 1200 ]
ok $? "text output of --limit 1200 prints $lines hits (want 1200)"
tap_done
