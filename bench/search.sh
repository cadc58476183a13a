#!/usr/bin/env bash
# bench/search.sh - folio's Chinese search beside SQLite's own trigram
# tokenizer on the same generated archive, in the same run.
#
#   bench/search.sh            100,000 articles (about 10 minutes here)
#   bench/search.sh 1000000    1 M articles (about an hour: the build)
#
# Env:
#   FOLIO     binary (default build/folio)
#   BENCH_DIR work directory (default /tmp/folio-bench-search)
#   DATA      archive directory (default $BENCH_DIR/data-N); built when it
#             has no file "done", reused otherwise
#   SEED      generator seed (default 1)
#   RUNS      timed runs per query (default 10; the first, untimed run of
#             each query warms the cache)
#   TRIGRAM   full (default): the trigram baseline indexes every article;
#             a number of seconds: build it in chunks of 10,000 articles
#             for at most that long (it resumes on the next run), then time
#             its queries on the part indexed (the table says how much);
#             off: no trigram index (LIKE only)
#   LIKE_SLOW a LIKE query whose first run takes longer than this many
#             seconds is timed once more instead of RUNS times (default 5)
#   LIKE_RECALL 1 (default): measure the recall of LIKE queries too (one
#             more full scan each); 0: skip it (LIKE is the substring scan
#             the oracle also is; the table shows "-")
#   RECALL    1 (default): measure recall (an oracle scan of all text and
#             one uncapped folio search per query); 0: latencies only
#   FIXTURES  default ../shared/fixtures beside the source tree
#
# Steps:
#  1. `folio demo --articles N --no-serve` (unless DATA/done exists): the
#     daily paper of N articles generated in process, one transaction per
#     issue (rows and index, as every import); the build rate is articles/s
#     of that whole command;
#  2. an FTS5 trigram table bench_tri over the same view search_src
#     (external content, like folio's), rowid ranges inserted in chunks:
#     its rate is the index alone;
#  3. sizes from dbstat: FTS5 shadow tables / UTF-8 bytes of the text;
#  4. per query, RUNS timed top-10 searches with snippets: folio through
#     `folio search --repeat` (in-process timings, store_search), trigram
#     through Python's sqlite3 (MATCH + bm25 + snippet() for 3+
#     characters, LIKE over the four fields for shorter queries, as its
#     documentation advises);
#  5. recall of both against one substring scan of the same text (Python
#     `in` over every article); folio returns at most its candidate cap,
#     so a query over the cap shows its recall among the capped hits
#     ("cap").
# Prints a table and percentiles per query class; paste into
# docs/performance.md ("Search").
set -euo pipefail

N=${1:-100000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
FOLIO=${FOLIO:-$HERE/build/folio}
WORK=${BENCH_DIR:-/tmp/folio-bench-search}
DATA=${DATA:-$WORK/data-$N}
SEED=${SEED:-1}
RUNS=${RUNS:-10}
TRIGRAM=${TRIGRAM:-full}
LIKE_SLOW=${LIKE_SLOW:-5}
LIKE_RECALL=${LIKE_RECALL:-1}
RECALL=${RECALL:-1}
FIXTURES=${FIXTURES:-$HERE/../shared/fixtures}
TSV=$FIXTURES/zh-text/news-1000.tsv

[ -x "$FOLIO" ] || { echo "search.sh: no folio binary at $FOLIO" >&2; exit 1; }
[ -r "$TSV" ] || { echo "search.sh: no fixture $TSV" >&2; exit 1; }
mkdir -p "$WORK"

if [ ! -f "$DATA/done" ]; then
    rm -rf "$DATA"
    echo "# generating $N articles into $DATA (load: $(uptime))" >&2
    t0=$(date +%s.%N)
    "$FOLIO" demo --data "$DATA" --articles "$N" --seed "$SEED" \
        --corpus "$TSV" --no-serve
    t1=$(date +%s.%N)
    python3 -c "print('%.3f' % ($t1 - $t0))" > "$DATA/build-seconds"
    touch "$DATA/done"
fi

python3 - "$FOLIO" "$DATA" "$N" "$RUNS" "$TRIGRAM" "$LIKE_SLOW" \
    "$LIKE_RECALL" "$RECALL" <<'PY'
import json
import os
import sqlite3
import subprocess
import sys
import time

folio, data, n, runs, trigram, like_slow, like_recall, recall = \
    sys.argv[1:9]
n, runs, like_slow = int(n), int(runs), float(like_slow)
db = sqlite3.connect(data + "/folio.db")
QUERIES = [
    ("common 2-char", "发展"), ("common 2-char", "中国"),
    ("common 2-char", "记者"), ("common 2-char", "市场"),
    ("rare 2-char", "民生"), ("rare 2-char", "小店"),
    ("rare 2-char", "奥运"), ("rare 2-char", "峰会"),
    ("3-4 chars", "教育部"), ("3-4 chars", "国际金融"),
    ("3-4 chars", "人民生活"), ("3-4 chars", "房地产价格"),
    ("name", "刘守英"), ("name", "马龙"), ("name", "姚明"),
    ("mixed Latin", "G20峰会"), ("mixed Latin", "NBA"),
    ("mixed Latin", "CPI"), ("mixed Latin", "iPhone"),
    ("1 char", "鲁"),
]
CLASSES = []
for c, _ in QUERIES:
    if c not in CLASSES:
        CLASSES.append(c)


def log(msg):
    print("# " + msg, file=sys.stderr, flush=True)


def pct(v, p):
    v = sorted(v)
    if not v:
        return float("nan")
    k = min(len(v) - 1, max(0, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


narticles = db.execute("SELECT count(*) FROM article").fetchone()[0]
max_id = db.execute("SELECT coalesce(max(id), 0) FROM article").fetchone()[0]
build_s = float(open(data + "/build-seconds").read())


def size_of(prefix):
    # name = ? lets dbstat walk only that b-tree (LIKE walks every page)
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master"
                                      " WHERE name LIKE ? || '%'", (prefix,))]
    return sum(db.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat"
                          " WHERE name = ?", (x,)).fetchone()[0]
               for x in names)


# trigram baseline over the same view, built in resumable chunks
db.execute("CREATE TABLE IF NOT EXISTS bench_meta(k TEXT PRIMARY KEY, v REAL)")
db.commit()


def meta(k, default=0.0):
    r = db.execute("SELECT v FROM bench_meta WHERE k = ?", (k,)).fetchone()
    return r[0] if r else default


if trigram != "off":
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS bench_tri USING"
               " fts5(headline, deck, byline, body, content='search_src',"
               " content_rowid='id', tokenize='trigram')")
    budget = float("inf") if trigram == "full" else float(trigram)
    done_id = int(meta("tri_done_id"))
    spent = meta("tri_build")
    t_start = time.time()
    while done_id < max_id and time.time() - t_start < budget:
        hi = done_id + 10000
        t0 = time.time()
        db.execute("INSERT INTO bench_tri(rowid, headline, deck, byline,"
                   " body) SELECT id, headline, deck, byline, body FROM"
                   " search_src WHERE id > ? AND id <= ?", (done_id, hi))
        db.execute("INSERT OR REPLACE INTO bench_meta VALUES('tri_done_id',"
                   " ?)", (min(hi, max_id),))
        spent += time.time() - t0
        db.execute("INSERT OR REPLACE INTO bench_meta VALUES('tri_build', ?)",
                   (spent,))
        db.commit()
        done_id = min(hi, max_id)
        log("trigram: %d/%d ids, %.0f s" % (done_id, max_id, spent))
tri_done_id = int(meta("tri_done_id"))
tri_build = meta("tri_build")
tri_rows = db.execute("SELECT count(*) FROM article WHERE id <= ?",
                      (tri_done_id,)).fetchone()[0] if trigram != "off" else 0

log("sizes (dbstat)")
folio_idx = size_of("search_fts")
tri_idx = size_of("bench_tri") if trigram != "off" else 0

# oracle: one substring scan of the same text for every query
log("oracle scan" if recall == "1" else "text size")
oracle = {q: set() for _, q in QUERIES}
text_bytes = 0
for rid, h, d, b, body in db.execute(
        "SELECT id, headline, deck, byline, body FROM search_src"):
    t = "\n".join(x or "" for x in (h, d, b, body))
    text_bytes += len(t.encode()) - 3
    if recall != "1":
        continue
    t = t.lower()
    for _, q in QUERIES:
        if q.lower() in t:
            oracle[q].add(rid)
keys = {}
for rid, date, page, aid in db.execute(
        "SELECT a.id, i.date, a.page, a.aid FROM article a JOIN issue i ON"
        " i.id = a.issue_id"):
    keys[(date, page, aid)] = rid


def tri_query(q, limit):
    if len(q) >= 3 and trigram != "off":
        ph = '"' + q.replace('"', '""') + '"'
        sql = ("SELECT rowid, snippet(bench_tri, 3, '[', ']', '…', 24)"
               " FROM bench_tri WHERE bench_tri MATCH ? ORDER BY"
               " bm25(bench_tri, 10.0, 5.0, 2.0, 1.0)")
        args = (ph,)
    else:
        like = "%" + q + "%"
        sql = ("SELECT id, substr(body, max(1, instr(body, ?1) - 20), 60)"
               " FROM search_src WHERE headline LIKE ?2 OR deck LIKE ?2 OR"
               " byline LIKE ?2 OR body LIKE ?2")
        args = (q, like)
    if limit:
        sql += " LIMIT %d" % limit
    return db.execute(sql, args).fetchall()


rows = []
by_class_f = {c: [] for c in CLASSES}
by_class_t = {c: [] for c in CLASSES}
all_f, all_t = [], []
for cls, q in QUERIES:
    log("query %s" % q)
    r = subprocess.run([folio, "--data", data, "search", "--json",
                        "--limit", "10", "--repeat", str(runs + 1), "--", q],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("folio search %s: %s" % (q, r.stderr))
    fms = json.loads(r.stdout)["runs_ms"][1:]
    t0 = time.perf_counter()
    tri_query(q, 10)
    first = time.perf_counter() - t0
    tms = []
    for _ in range(runs if first < like_slow else 1):
        t0 = time.perf_counter()
        tri_query(q, 10)
        tms.append((time.perf_counter() - t0) * 1e3)
    how = "LIKE" if len(q) < 3 or trigram == "off" else "trigram"
    o = oracle[q]
    if recall == "1":
        r = subprocess.run([folio, "--data", data, "search", "--json",
                            "--limit", "0", "--timeout", "600000", "--", q],
                           capture_output=True, text=True)
        out = json.loads(r.stdout)
        got = {keys[(h["date"], h["page"], h["article"])]
               for h in out["hits"]}
        capped = not out["total_exact"]
        frec = len(got & o) / len(o) if o else 1.0
    else:
        frec, capped = None, False
    if recall != "1" or (how == "LIKE" and like_recall == "0"):
        trec = None
    else:
        tgot = {x[0] for x in tri_query(q, 0)}
        trec = len(tgot & o) / len(o) if o else 1.0
    all_f += fms
    all_t += tms
    by_class_f[cls] += fms
    by_class_t[cls] += tms
    rows.append((cls, q, len(o), pct(fms, 50), pct(fms, 95),
                 pct(tms, 50), pct(tms, 95), len(tms), how, frec, capped,
                 trec))

load = open("/proc/loadavg").read().split()[:3]
print("archive: %d articles, %.1f MB of text; runs per query: %d;"
      " load average at the end %s" %
      (narticles, text_bytes / 1e6, runs, " ".join(load)))
print("build: folio demo --articles %.0f articles/s (%.0f s, rows and"
      " index, one transaction per issue)" % (narticles / build_s, build_s))
if trigram != "off":
    print("trigram: %d of %d articles indexed (%.1f %%) in %.0f s, %.0f"
          " articles/s (index only)" %
          (tri_rows, narticles, 100.0 * tri_rows / max(narticles, 1),
           tri_build, tri_rows / tri_build if tri_build else 0))
print("index: folio %.1f MB = %.2f x text; trigram %.1f MB = %.2f x text"
      "%s" % (folio_idx / 1e6, folio_idx / text_bytes, tri_idx / 1e6,
              tri_idx / text_bytes,
              "" if tri_rows == narticles else " (partial)"))
print()
print("| class | query | matches | folio p50 ms | folio p95 ms |"
      " baseline | baseline p50 ms | baseline p95 ms | folio recall |"
      " baseline recall |")
print("|---|---|---:|---:|---:|---|---:|---:|---:|---:|")
for (cls, q, m, f50, f95, t50, t95, tn, how, frec, capped,
     trec) in rows:
    print("| %s | %s | %s | %.1f | %.1f | %s%s | %.1f | %.1f | %s%s |"
          " %s |" %
          (cls, q, m if recall == "1" else "-", f50, f95, how,
           "" if tn == runs else " (%d run)" % tn, t50, t95,
           "-" if frec is None else "%.3f" % frec, " (cap)" if capped else "",
           "-" if trec is None else "%.3f" % trec))
print()
print("| class | folio p50 | folio p95 | folio p99 | baseline p50 |"
      " baseline p95 | baseline p99 |")
print("|---|---:|---:|---:|---:|---:|---:|")
for c in CLASSES + ["all"]:
    f = all_f if c == "all" else by_class_f[c]
    t = all_t if c == "all" else by_class_t[c]
    print("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |" %
          (c, pct(f, 50), pct(f, 95), pct(f, 99), pct(t, 50), pct(t, 95),
           pct(t, 99)))
PY
