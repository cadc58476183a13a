#!/usr/bin/env bash
# bench/search.sh - folio's Chinese search beside SQLite's own trigram
# tokenizer on the same generated archive, in the same run.
#
#   bench/search.sh            100,000 articles (about 15 minutes here)
#   bench/search.sh 1000000    1 M articles (hours: the import dominates)
#
# Env: FOLIO (binary, default build/folio), BENCH_DIR (work directory,
# default /tmp/folio-bench-search; the archive is kept and reused when its
# article count matches), RUNS (timed runs per query, default 5),
# FIXTURES (default ../shared/fixtures beside the source tree).
#
# Steps:
#  1. tools/gen-archive.py --mode recombine --issue-articles 1000: N
#     articles recombined from news-1000 sentences, 1,000 per issue (large
#     issues: one `folio import` process per 1,000 articles instead of 50);
#  2. `folio import --publish` of every issue: the build rate is articles/s
#     of the whole import (rows and index in one transaction per issue);
#  3. an FTS5 trigram table over the same view search_src (external
#     content, like folio's), built with 'rebuild': its rate is the index
#     alone;
#  4. sizes from dbstat: FTS5 shadow tables ÷ UTF-8 bytes of the text;
#  5. per query, RUNS timed top-10 searches with snippets: folio through
#     `folio search --repeat` (in-process timings, store_search), trigram
#     through Python's sqlite3 (MATCH + bm25 + snippet() for 3+
#     characters, LIKE over the four fields for shorter queries, as its
#     documentation advises);
#  6. recall of both against a strstr-like scan of the same text (Python
#     `in`); folio returns at most SEARCH_CANDIDATE_CAP hits, so a query
#     over the cap shows its recall among the capped hits ("cap").
# Prints a table; paste it into docs/performance.md ("Search").
set -euo pipefail

N=${1:-100000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
FOLIO=${FOLIO:-$HERE/build/folio}
WORK=${BENCH_DIR:-/tmp/folio-bench-search}
RUNS=${RUNS:-5}
FIXTURES=${FIXTURES:-$HERE/../shared/fixtures}
TSV=$FIXTURES/zh-text/news-1000.tsv

[ -x "$FOLIO" ] || { echo "search.sh: no folio binary at $FOLIO" >&2; exit 1; }
[ -r "$TSV" ] || { echo "search.sh: no fixture $TSV" >&2; exit 1; }
mkdir -p "$WORK"
GEN=$WORK/gen-$N
DATA=$WORK/data-$N

if [ ! -f "$DATA/done" ]; then
    rm -rf "$GEN" "$DATA"
    echo "# generating $N articles" >&2
    python3 "$HERE/tools/gen-archive.py" --mode recombine --articles "$N" \
        --issue-articles 1000 --out "$GEN" "$TSV"
    echo "# importing" >&2
    t0=$(date +%s.%N)
    for d in "$GEN"/*/; do
        "$FOLIO" --data "$DATA" import --publish "$d" >/dev/null
    done
    t1=$(date +%s.%N)
    python3 -c "print('%.3f' % ($t1 - $t0))" > "$DATA/import-seconds"
    touch "$DATA/done"
    rm -rf "$GEN"
fi

python3 - "$FOLIO" "$DATA" "$N" "$RUNS" <<'PY'
import json
import sqlite3
import subprocess
import sys
import time

folio, data, n, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    int(sys.argv[4])
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

def pct(v, p):
    v = sorted(v)
    if not v:
        return float("nan")
    k = min(len(v) - 1, max(0, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]

# sizes and text
text_bytes = db.execute(
    "SELECT sum(length(CAST(coalesce(headline, '') AS BLOB)) +"
    " length(CAST(coalesce(deck, '') AS BLOB)) +"
    " length(CAST(coalesce(byline, '') AS BLOB)) +"
    " length(CAST(coalesce(body, '') AS BLOB))) FROM search_src"
).fetchone()[0]
narticles = db.execute("SELECT count(*) FROM article").fetchone()[0]

def size_of(prefix):
    return db.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE"
                      " name LIKE ? || '%'", (prefix,)).fetchone()[0]

folio_idx = size_of("search_fts")
import_s = float(open(data + "/import-seconds").read())

# trigram baseline over the same view
has_tri = db.execute("SELECT count(*) FROM sqlite_master WHERE name ="
                     " 'bench_tri'").fetchone()[0]
if not has_tri:
    db.execute("CREATE VIRTUAL TABLE bench_tri USING fts5(headline, deck,"
               " byline, body, content='search_src', content_rowid='id',"
               " tokenize='trigram')")
    t0 = time.time()
    db.execute("INSERT INTO bench_tri(bench_tri) VALUES('rebuild')")
    db.commit()
    tri_build = time.time() - t0
    db.execute("CREATE TABLE IF NOT EXISTS bench_meta(k TEXT PRIMARY KEY,"
               " v REAL)")
    db.execute("INSERT OR REPLACE INTO bench_meta VALUES('tri_build', ?)",
               (tri_build,))
    db.commit()
tri_build = db.execute("SELECT v FROM bench_meta WHERE k ="
                       " 'tri_build'").fetchone()[0]
tri_idx = size_of("bench_tri")

# oracle: substring scan of the same text
texts = {}
for rid, h, d, b, body in db.execute(
        "SELECT id, headline, deck, byline, body FROM search_src"):
    texts[rid] = "\n".join(x or "" for x in (h, d, b, body)).lower()
keys = {}
for rid, date, page, aid in db.execute(
        "SELECT a.id, i.date, a.page, a.aid FROM article a JOIN issue i ON"
        " i.id = a.issue_id"):
    keys[(date, page, aid)] = rid

def tri_query(q, limit):
    if len(q) >= 3:
        ph = '"' + q.replace('"', '""') + '"'
        sql = ("SELECT rowid, snippet(bench_tri, 3, '[', ']', '…', 24)"
               " FROM bench_tri WHERE bench_tri MATCH ? ORDER BY"
               " bm25(bench_tri, 10.0, 5.0, 2.0, 1.0)")
        args = (ph,)
    else:
        like = "%" + q + "%"
        sql = ("SELECT id, substr(body, max(1, instr(body, ?) - 20), 60)"
               " FROM search_src WHERE headline LIKE ?2 OR deck LIKE ?2 OR"
               " byline LIKE ?2 OR body LIKE ?2")
        args = (q, like)
    if limit:
        sql += " LIMIT %d" % limit
    return db.execute(sql, args).fetchall()

rows = []
all_f, all_t = [], []
for cls, q in QUERIES:
    ql = q.lower()
    oracle = {rid for rid, t in texts.items() if ql in t}
    r = subprocess.run([folio, "--data", data, "search", "--json",
                        "--limit", "10", "--repeat", str(runs + 1), "--", q],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("folio search %s: %s" % (q, r.stderr))
    fms = json.loads(r.stdout)["runs_ms"][1:]
    tms = []
    tri_query(q, 10)
    for _ in range(runs):
        t0 = time.perf_counter()
        tri_query(q, 10)
        tms.append((time.perf_counter() - t0) * 1e3)
    r = subprocess.run([folio, "--data", data, "search", "--json",
                        "--limit", "0", "--timeout", "600000", "--", q],
                       capture_output=True, text=True)
    out = json.loads(r.stdout)
    got = {keys[(h["date"], h["page"], h["article"])] for h in out["hits"]}
    capped = not out["total_exact"]
    frec = len(got & oracle) / len(oracle) if oracle else 1.0
    tgot = {x[0] for x in tri_query(q, 0)}
    trec = len(tgot & oracle) / len(oracle) if oracle else 1.0
    all_f += fms
    all_t += tms
    rows.append((cls, q, len(oracle), pct(fms, 50), pct(fms, 95),
                 pct(tms, 50), pct(tms, 95), frec, capped, trec))

print("archive: %d articles, %.1f MB of text; runs per query: %d" %
      (narticles, text_bytes / 1e6, runs))
print("build: folio import %.0f articles/s (whole import incl. index);"
      " trigram rebuild %.0f articles/s (index only)" %
      (narticles / import_s, narticles / tri_build))
print("index: folio %.1f MB = %.2f x text; trigram %.1f MB = %.2f x text" %
      (folio_idx / 1e6, folio_idx / text_bytes, tri_idx / 1e6,
       tri_idx / text_bytes))
print()
print("| class | query | matches | folio p50 ms | folio p95 ms |"
      " trigram p50 ms | trigram p95 ms | folio recall | trigram recall |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for cls, q, m, f50, f95, t50, t95, frec, capped, trec in rows:
    print("| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.3f%s | %.3f |" %
          (cls, q, m, f50, f95, t50, t95, frec, " (cap)" if capped else "",
           trec))
print()
print("all queries, top 10 with snippets: folio p50 %.1f / p95 %.1f /"
      " p99 %.1f ms; trigram p50 %.1f / p95 %.1f / p99 %.1f ms" %
      (pct(all_f, 50), pct(all_f, 95), pct(all_f, 99), pct(all_t, 50),
       pct(all_t, 95), pct(all_t, 99)))
PY
