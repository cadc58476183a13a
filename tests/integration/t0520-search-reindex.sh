#!/bin/bash
# SPDX-License-Identifier: MIT
# `folio reindex`: rebuilding the search index of a generated archive
# (itself built in bulk by `folio demo --articles N`) gives the same
# search results, hits in order with snippets and marks; the index passes
# FTS5's integrity-check (`reindex --check`); an unpublished issue stays
# out after a rebuild; a second run and --merge-only change nothing; a
# reindex killed half-way leaves the old index; bad options are usage
# errors.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
TSV="${FOLIO_FIXTURES:-}/zh-text/news-1000.tsv"
tap_need_file "$TSV"
tap_need_cmd sqlite3
tap_tmp
pid=
tap_kill_on_exit pid
N=2500
q() { sqlite3 -batch -noheader "$T/a/folio.db" "$1"; }
# the results of a few searches, without timings
results() {
    for w in 民生 本报记者 国际金融; do
        "$FOLIO" --data "$T/a" search --json --limit 20 --timeout 60000 \
            -- "$w" | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d['hits'], 'no hits'
for k in ('elapsed_ms', 'runs_ms', 'budget_ms'):
    d.pop(k, None)
print(json.dumps(d, sort_keys=True, ensure_ascii=False))" || echo FAILED
    done
}
# articles of published issues containing $1 (oracle)
published_with() {
    q "SELECT count(*) FROM article a JOIN issue i ON i.id = a.issue_id
       WHERE i.status = 1 AND (instr(a.headline, '$1')
        OR instr(coalesce(a.kicker, ''), '$1')
        OR instr(coalesce(a.subhead, ''), '$1')
        OR instr(coalesce(a.byline, ''), '$1')
        OR EXISTS (SELECT 1 FROM paragraph p WHERE p.article = a.id
                   AND instr(p.text, '$1')))"
}
total() {
    "$FOLIO" --data "$T/a" search --json --limit 0 --timeout 60000 -- "$1" |
        python3 -c "import json, sys; print(json.load(sys.stdin)['total'])"
}

tap_plan 11
"$FOLIO" demo --data "$T/a" --articles $N --seed 5 --corpus "$TSV" \
    --no-serve 2>"$T/demo.err"
rc=$?
[ "$rc" = 0 ] && grep -q "search index [0-9.]* s" "$T/demo.err"
ok $? "demo --articles $N builds rows, then the index: $(tail -1 "$T/demo.err")"
"$FOLIO" --data "$T/a" reindex --check 2>"$T/check.err"
ok $? "the generated index passes the check: $(tail -1 "$T/check.err")"
results >"$T/r0"

"$FOLIO" --data "$T/a" reindex --progress 1000 2>"$T/r1.err"
rc=$?
[ "$rc" = 0 ] && grep -q "^reindex: $N documents$" "$T/r1.err" &&
    grep -q "^reindex: 2000/$N documents, [0-9]* documents/s" "$T/r1.err" &&
    grep -q "^reindex: indexed $N documents in " "$T/r1.err"
ok $? "reindex: exit $rc, progress with rate ($(grep -c . "$T/r1.err") lines)"
results >"$T/r1"
[ "$(grep -c '"hits"' "$T/r0")" = 3 ] && ! grep -q FAILED "$T/r0" &&
    cmp -s "$T/r0" "$T/r1"
ok $? "the same 3 results after reindex ($(wc -c <"$T/r1") bytes of JSON)"
"$FOLIO" --data "$T/a" reindex --check 2>/dev/null
ok $? "reindexed index passes the check"

day=$(q "SELECT date FROM issue ORDER BY date DESC LIMIT 1 OFFSET 3")
"$FOLIO" --data "$T/a" unpublish daily "$day" >/dev/null
"$FOLIO" --data "$T/a" reindex --progress 0 2>/dev/null &&
    "$FOLIO" --data "$T/a" reindex --check 2>/dev/null
rc=$?
bad=0
for w in 发展 民生; do
    want=$(published_with "$w")
    got=$(total "$w")
    [ "$got" = "$want" ] || bad=1
done
[ "$rc" = 0 ] && [ "$bad" = 0 ]
ok $? "unpublished $day stays out of the rebuilt index ($w: $got, want $want)"
results >"$T/r2"
"$FOLIO" --data "$T/a" reindex --progress 0 2>/dev/null
results >"$T/r3"
cmp -s "$T/r2" "$T/r3"
ok $? "a second reindex changes no result"
"$FOLIO" --data "$T/a" reindex --merge-only 2>"$T/m.err"
rc=$?
results >"$T/r4"
[ "$rc" = 0 ] && cmp -s "$T/r2" "$T/r4" &&
    grep -q "^reindex: merged the index of" "$T/m.err"
ok $? "--merge-only: exit $rc, same results"

# a reindex killed half-way: the old index, intact
"$FOLIO" --data "$T/a" publish daily "$day" >/dev/null
results >"$T/r5"
"$FOLIO" --data "$T/a" reindex --progress 1 2>"$T/k.err" &
pid=$!
for _ in $(seq 1 600); do
    grep -q "^reindex: 2000/" "$T/k.err" && break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
killed=$(grep -c "^reindex: indexed" "$T/k.err")
"$FOLIO" --data "$T/a" reindex --check 2>"$T/k2.err"
rc=$?
results >"$T/r6"
[ "$killed" = 0 ] && [ "$rc" = 0 ] && cmp -s "$T/r5" "$T/r6"
ok $? "killed after '$(grep "^reindex: [0-9]*/" "$T/k.err" | head -1)': check exit $rc, same results"

"$FOLIO" --data "$T/a" reindex --merge-only --check 2>/dev/null
rc1=$?
"$FOLIO" --data "$T/a" reindex extra 2>/dev/null
rc2=$?
"$FOLIO" --data "$T/a" reindex --progress x 2>/dev/null
rc3=$?
[ "$rc1" = 2 ] && [ "$rc2" = 2 ] && [ "$rc3" = 2 ]
ok $? "--merge-only with --check, an argument, a bad --progress: usage ($rc1 $rc2 $rc3)"
"$FOLIO" reindex --data "$T/none" 2>"$T/none.err"
rc=$?
[ "$rc" = 1 ] && grep -q "$T/none" "$T/none.err"
ok $? "no archive: exit $rc, $(head -1 "$T/none.err")"
tap_done
