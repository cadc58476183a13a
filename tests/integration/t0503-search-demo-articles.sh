#!/bin/bash
# SPDX-License-Identifier: MIT
# `folio demo --articles N`: the generated archive has N articles in the
# planned issues (one a day ending 2025-12-31, 8-16 pages of 6-10
# articles), text-only pages, every issue published and indexed; the same
# seed gives the same archive, another seed another; `folio search` finds
# exactly the generated articles that contain a word (oracle: sqlite3
# instr over the stored fields); bad options and a missing corpus fail
# clearly.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
TSV="${FOLIO_FIXTURES:-}/zh-text/news-1000.tsv"
tap_need_file "$TSV"
tap_need_cmd sqlite3
tap_tmp
N=1000
q() { sqlite3 -batch -noheader "$T/$1/folio.db" "$2"; }
# every stored field of every article, in a stable order
dump() {
    q "$1" "SELECT i.date, i.number, p.number, p.name, a.aid, a.seq,
                   a.kicker, a.headline, a.subhead, a.byline,
                   (SELECT group_concat(text, '|') FROM
                      (SELECT text FROM paragraph WHERE article = a.id
                       ORDER BY seq))
            FROM article a JOIN issue i ON i.id = a.issue_id
            JOIN page p ON p.issue_id = i.id AND p.number = a.page
            ORDER BY i.date, p.number, a.seq" | sha256sum | cut -d' ' -f1
}

tap_plan 14
"$FOLIO" demo --data "$T/a" --articles $N --seed 7 --corpus "$TSV" \
    --no-serve 2>"$T/a.err"
ok $? "demo --articles $N exits 0"
grep -q "^demo: $N articles in [0-9]* issues of paper daily" "$T/a.err"
ok $? "final line on stderr: $(tail -1 "$T/a.err")"

arts=$(q a "SELECT count(*) FROM article")
[ "$arts" = "$N" ]
ok $? "$arts articles stored (want $N)"
read -r iss pub last first minp maxp < <(q a "SELECT count(*),
    sum(status = 1), max(date), min(date),
    (SELECT min(c) FROM (SELECT count(*) c FROM page GROUP BY issue_id)),
    (SELECT max(c) FROM (SELECT count(*) c FROM page GROUP BY issue_id))
    FROM issue" | tr '|' ' ')
days=$(python3 -c "import datetime as d; print((d.date.fromisoformat('$last')
    - d.date.fromisoformat('$first')).days + 1)")
[ "$iss" -ge 7 ] && [ "$iss" -le 21 ] && [ "$pub" = "$iss" ] &&
    [ "$last" = 2025-12-31 ] && [ "$days" = "$iss" ]
ok $? "$iss issues, $pub published, one a day $first..$last"
[ "$minp" -ge 1 ] && [ "$maxp" -le 16 ]
ok $? "pages per issue $minp..$maxp (at most 16)"
bad=$(q a "SELECT count(*) FROM (SELECT count(*) c FROM article
           GROUP BY issue_id, page) WHERE c < 1 OR c > 10")
imgs=$(q a "SELECT count(*) FROM page WHERE image_media IS NOT NULL
           OR pdf_media IS NOT NULL")
[ "$bad" = 0 ] && [ "$imgs" = 0 ]
ok $? "1-10 articles on every page ($bad others), text-only pages ($imgs with media)"
listed=$("$FOLIO" --data "$T/a" list --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(sum(i['articles'] for p in d['papers'] for i in p['issues']))")
[ "$listed" = "$N" ]
ok $? "folio list --json counts $listed articles"

"$FOLIO" demo --data "$T/b" --articles $N --seed 7 --corpus "$TSV" \
    --no-serve 2>/dev/null
"$FOLIO" demo --data "$T/c" --articles 300 --seed 8 --corpus "$TSV" \
    --no-serve 2>/dev/null
"$FOLIO" demo --data "$T/d" --articles 300 --seed 7 --corpus "$TSV" \
    --no-serve 2>/dev/null
ha=$(dump a)
hb=$(dump b)
[ "$ha" = "$hb" ]
ok $? "same seed, same archive ($ha)"
# the headlines of issue number 1 (the oldest): the same for any N with
# the same seed, others with another seed
first() {
    q "$1" "SELECT group_concat(headline, '|') FROM (SELECT a.headline
            FROM article a JOIN issue i ON i.id = a.issue_id
            WHERE i.number = 1 ORDER BY a.page, a.seq)"
}
ha1=$(first a)
hc1=$(first c)
hd1=$(first d)
[ -n "$ha1" ] && [ "$ha1" = "$hd1" ] && [ "$hc1" != "$hd1" ]
ok $? "issue 1 the same for 300 and $N articles (seed 7), another for seed 8"

# search: every article containing the word, no other
for w in 发展 民生 本报记者; do
    want=$(q a "SELECT count(*) FROM article a WHERE
        instr(a.headline, '$w') OR instr(coalesce(a.kicker, ''), '$w') OR
        instr(coalesce(a.subhead, ''), '$w') OR
        instr(coalesce(a.byline, ''), '$w') OR
        EXISTS (SELECT 1 FROM paragraph p WHERE p.article = a.id
                AND instr(p.text, '$w'))")
    got=$("$FOLIO" --data "$T/a" search --json --limit 0 --timeout 60000 -- "$w" |
        python3 -c "
import json, sys
d = json.load(sys.stdin)
print(d['total'], len(d['hits']), d['total_exact'])")
    [ "$want" -gt 0 ] && [ "$got" = "$want $want True" ]
    ok $? "search $w: $got (total, hits, exact); articles containing it: $want"
done

"$FOLIO" demo --data "$T/e" --articles 10 --corpus "$T/none.tsv" \
    --no-serve 2>"$T/e.err"
rc=$?
[ "$rc" = 1 ] && grep -q "$T/none.tsv" "$T/e.err"
ok $? "missing corpus: exit $rc, $(head -1 "$T/e.err")"
"$FOLIO" demo --data "$T/e" --articles 0 --no-serve 2>/dev/null
rc1=$?
"$FOLIO" demo --data "$T/e" --corpus "$TSV" --no-serve 2>/dev/null
rc2=$?
[ "$rc1" = 2 ] && [ "$rc2" = 2 ]
ok $? "--articles 0 and --corpus without --articles are usage errors ($rc1, $rc2)"
tap_done
