#!/usr/bin/env bash
# bench/search.sh - folio's Chinese search beside SQLite's own trigram
# tokenizer on the same generated archive, in the same run.
#
#   bench/search.sh            100,000 articles (about 5 minutes here)
#   bench/search.sh 1000000    1 M articles (about 50 minutes here: the
#                              two index builds side by side 40, the
#                              oracle scan 1, queries and recall 4)
#   Run it under `nice -n -5` on a shared machine (and say so).
#
# Env:
#   FOLIO     binary (default build/folio)
#   BENCH_DIR work directory (default /tmp/folio-bench-search)
#   DATA      archive directory (default $BENCH_DIR/data-N); built when it
#             has no file "done", reused otherwise (a reused archive keeps
#             the build figures of the run that built it)
#   SEED      generator seed (default 1)
#   RUNS      timed runs per query and engine (default 10; the first,
#             untimed run of each query warms the cache). Percentiles are
#             nearest rank: with 10 runs a query's p95 and p99 are its
#             slowest run; RUNS=20 separates p95 from the slowest
#   TRIGRAM   full (default): build the trigram baseline (DATA/bench-tri.db)
#             unless a finished one for this archive is there; rebuild:
#             build it again; off: no trigram index (LIKE only)
#   LIKE_SLOW a baseline query whose warm-up run takes longer than this
#             many seconds is timed once instead of RUNS times (default 5)
#   RECALL    1 (default): recall of folio and of the baseline against an
#             oracle (one substring scan of all text for all queries,
#             cached in DATA/bench-oracle.json); 0: latencies only
#   LIKE_RECALL 1 (default): with RECALL=1, also the recall of the LIKE
#             queries (one more full scan each); 0: skip it (LIKE is the
#             substring scan the oracle also is; the table shows "-")
#   FIXTURES  default ../shared/fixtures beside the source tree
#
# Steps (bench/search.py does 2-5):
#  1. `folio demo --articles N --no-serve` unless DATA/done exists: the
#     daily paper of N articles generated in process, rows first, then the
#     search index in bulk (store_search_reindex: one transaction,
#     automerge 0, crisismerge 1999, hashsize 64 MB, rows in id order,
#     then 'optimize'). Wall and CPU time of the whole command go to
#     DATA/build-time, its output to DATA/build.log (rows and index
#     seconds), folio's CPU seconds when the rows are written to
#     DATA/build-rows-cpu; then DATA/done;
#  2. the trigram baseline, built exactly as folio's index: in its own
#     database DATA/bench-tri.db, table src = the published rows of the
#     view search_src (same ids, same text; copied first, untimed), FTS5
#     table bench_tri(body, headline, deck, byline) with
#     tokenize='trigram' and external content over src, filled in one
#     transaction with the same three settings, 2,000 ids per INSERT in
#     id order, then 'optimize', settings put back, COMMIT; WAL and
#     synchronous=FULL as folio.db; wall and CPU of that process. When
#     step 1 runs, step 2 starts as soon as the rows are written, so the
#     two index builds run side by side (each on one of the cores);
#  3. sizes from dbstat, every table named search_fts* / bench_tri*
#     (data, idx, docsize, config: neither stores the text), divided by
#     the UTF-8 bytes of the four fields of every article;
#  4. per query RUNS timed top-10 searches with snippets: folio through
#     `folio search --json --limit 10 --repeat` (store_search's own
#     in-process timing), the baseline through Python's sqlite3 (same
#     libsqlite3) with bench-tri.db attached: MATCH + bm25 + snippet()
#     for 3+ characters, LIKE over the four fields of folio.db's view
#     search_src for shorter ones, as SQLite's documentation advises;
#  5. recall against the oracle: folio's uncapped search (`--limit 0`;
#     over its candidate cap folio returns the newest hits and says
#     "about N", the table marks it "cap"), the baseline's (MATCH or
#     LIKE, no LIMIT), and trigram MATCH alone (0 for 1-2 characters).
# Prints the build, size, per-query and per-class tables with the load
# average at each step; paste into docs/performance.md ("Search").
set -euo pipefail

N=${1:-100000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
FOLIO=${FOLIO:-$HERE/build/folio}
WORK=${BENCH_DIR:-/tmp/folio-bench-search}
DATA=${DATA:-$WORK/data-$N}
SEED=${SEED:-1}
FIXTURES=${FIXTURES:-$HERE/../shared/fixtures}
TSV=$FIXTURES/zh-text/news-1000.tsv

[ -x "$FOLIO" ] || { echo "search.sh: no folio binary at $FOLIO" >&2; exit 1; }
[ -r "$TSV" ] || { echo "search.sh: no fixture $TSV" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "search.sh: needs /usr/bin/time" >&2; exit 1; }
mkdir -p "$WORK"

export RUNS TRIGRAM LIKE_SLOW RECALL LIKE_RECALL
TRIGRAM=${TRIGRAM:-full}
tri_pid=
if [ ! -f "$DATA/done" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    echo "# $(date -u +%H:%M:%S) generating $N articles into $DATA" \
        "(load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    cat /proc/loadavg > "$DATA/build-load-start"
    /usr/bin/time -f '%e %U %S' -o "$DATA/build-time" \
        "$FOLIO" demo --data "$DATA" --articles "$N" --seed "$SEED" \
        --corpus "$TSV" --no-serve 2> "$DATA/build.log" &
    demo_pid=$!
    tail -n +1 -f --pid=$demo_pid "$DATA/build.log" >&2 &
    # the baseline starts once the rows are written (folio then builds
    # its index alone in one transaction; the baseline reads the rows
    # and writes its own database): both builds run side by side
    # (and the CPU seconds of folio up to then go to DATA/build-rows-cpu)
    folio_pid=$(pgrep -P $demo_pid | head -n 1 || true)
    while kill -0 $demo_pid 2>/dev/null &&
        ! grep -q 'building the search index' "$DATA/build.log"; do
        sleep 1
    done
    if [ -n "$folio_pid" ] && [ -r "/proc/$folio_pid/stat" ]; then
        awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, "");
            printf "%.2f\n", ($12 + $13) / hz }' "/proc/$folio_pid/stat" \
            > "$DATA/build-rows-cpu" || true
    fi
    if [ "$TRIGRAM" != off ]; then
        if kill -0 $demo_pid 2>/dev/null; then
            python3 "$HERE/bench/search.py" trigram "$FOLIO" "$DATA" "$N" &
            tri_pid=$!
        fi
    fi
    wait $demo_pid
    cat /proc/loadavg > "$DATA/build-load-end"
    touch "$DATA/done"
    echo "# $(date -u +%H:%M:%S) built: $(cat "$DATA/build-time")" \
        "(wall, user, sys s)" >&2
fi
if [ -n "$tri_pid" ]; then
    wait $tri_pid
elif [ "$TRIGRAM" != off ]; then
    python3 "$HERE/bench/search.py" trigram "$FOLIO" "$DATA" "$N"
fi

exec python3 "$HERE/bench/search.py" measure "$FOLIO" "$DATA" "$N"
