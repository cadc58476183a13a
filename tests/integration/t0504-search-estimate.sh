#!/bin/bash
# SPDX-License-Identifier: MIT
# `folio search` over more matches than ranking reads: on a generated
# archive of 3,000 articles, 记者 (in most of them) in relevance order
# gives an estimate, said as such (total_exact false in --json, "about N
# results" in text) and within a quarter of the true count; --limit 0
# lists every article containing it exactly once, in one search, with the
# exact total; date order counts exactly; a phrase of bigrams (本报记者)
# likewise. Oracle: sqlite3 instr over the stored fields.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
TSV="${FOLIO_FIXTURES:-}/zh-text/news-1000.tsv"
tap_need_file "$TSV"
tap_need_cmd sqlite3
tap_tmp
# articles containing $1 in a stored field
oracle() {
    sqlite3 -batch -noheader "$T/a/folio.db" "SELECT count(*) FROM article a
        WHERE instr(a.headline, '$1') OR instr(coalesce(a.kicker, ''), '$1')
        OR instr(coalesce(a.subhead, ''), '$1')
        OR instr(coalesce(a.byline, ''), '$1')
        OR EXISTS (SELECT 1 FROM paragraph p WHERE p.article = a.id
                   AND instr(p.text, '$1'))"
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

tap_plan 8
"$FOLIO" demo --data "$T/a" --articles 3000 --seed 5 --corpus "$TSV" \
    --no-serve 2>/dev/null
ok $? "demo --articles 3000"
for w in 记者 本报记者; do
    want=$(oracle "$w")
    read -r total hits distinct exact < <(summary --limit 10 -- "$w")
    [ "$want" -gt 2020 ] && [ "$exact" = False ] && [ "$hits" = 10 ] &&
        [ $((total * 4)) -ge $((want * 3)) ] &&
        [ $((total * 4)) -le $((want * 5)) ]
    ok $? "$w top 10: about $total (exact $exact, $hits hits); true count $want"
    got=$(summary --limit 0 -- "$w")
    [ "$got" = "$want $want $want True" ]
    ok $? "$w --limit 0: $got (total, hits, distinct, exact); want $want"
done
want=$(oracle 记者)
got=$(summary --limit 10 --sort date -- 记者)
[ "$got" = "$want 10 10 True" ]
ok $? "记者 by date: $got; want $want exact"
line=$("$FOLIO" --data "$T/a" search --limit 3 -- 记者 | tail -1)
echo "$line" | grep -Eq '^about [0-9]+ results$'
ok $? "text output says it is an estimate: '$line'"
line=$("$FOLIO" --data "$T/a" search --limit 3 --sort date -- 记者 | tail -1)
[ "$line" = "$want results" ]
ok $? "by date the exact count: '$line'"
tap_done
