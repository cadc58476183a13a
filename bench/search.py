#!/usr/bin/env python3
# bench/search.py - steps 2-5 of bench/search.sh (read its header): the
# trigram baseline, sizes, latencies and recall of folio and of SQLite's
# trigram tokenizer on one archive.
#
#   python3 bench/search.py trigram FOLIO DATA N   build the baseline only
#   python3 bench/search.py measure FOLIO DATA N   the rest (env: search.sh)
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time

mode, folio, data, n_asked = (sys.argv[1], sys.argv[2], sys.argv[3],
                              int(sys.argv[4]))
if mode not in ("trigram", "measure"):
    sys.exit("search.py: mode must be trigram or measure")
RUNS = int(os.environ.get("RUNS", "10"))
TRIGRAM = os.environ.get("TRIGRAM", "full")
LIKE_SLOW = float(os.environ.get("LIKE_SLOW", "5"))
RECALL = os.environ.get("RECALL", "1") == "1"
LIKE_RECALL = os.environ.get("LIKE_RECALL", "1") == "1"
if TRIGRAM not in ("full", "rebuild", "off"):
    sys.exit("search.py: TRIGRAM must be full, rebuild or off")

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
# the same bulk settings as store_search_build.c (FTS5 defaults after)
BULK = [("automerge", 4, 0), ("crisismerge", 16, 1999),
        ("hashsize", 1024 * 1024, 64 * 1024 * 1024)]
CHUNK = 2000  # ids per INSERT, as BULK_CHUNK_IDS (one FTS5 segment each)
loads = []


def load_now():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def log(msg):
    la = load_now()
    loads.append(float(la.split()[0]))
    print("# %s %s (load %s)" % (time.strftime("%H:%M:%S", time.gmtime()),
                                 msg, la), file=sys.stderr, flush=True)


def cpu_self():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def pct(v, p):
    """Nearest-rank percentile."""
    v = sorted(v)
    if not v:
        return float("nan")
    k = min(len(v) - 1, max(0, int(-(-p * len(v) // 100)) - 1))
    return v[k]


db = sqlite3.connect(data + "/folio.db", isolation_level=None)
db.execute("PRAGMA busy_timeout = 60000")
narticles = db.execute("SELECT count(*) FROM article").fetchone()[0]
TRI_DB = data + "/bench-tri.db"


# The baseline lives in its own database DATA/bench-tri.db (so that it can
# be built while folio's index is, and folio.db stays as folio wrote it):
# table src, a copy of the published rows of the view search_src (same
# ids, same text), and bench_tri over it with external content, as
# search_fts is over search_src. Same page size, WAL, synchronous=FULL.
def tri_connect():
    t = sqlite3.connect("file:%s?mode=rwc" % TRI_DB, uri=True,
                        isolation_level=None)
    t.execute("PRAGMA busy_timeout = 60000")
    t.execute("PRAGMA journal_mode = WAL")
    t.execute("PRAGMA synchronous = FULL")
    t.execute("CREATE TABLE IF NOT EXISTS bench_meta(k TEXT PRIMARY KEY, v)")
    return t


def set_meta(t, k, v):
    t.execute("INSERT OR REPLACE INTO bench_meta VALUES(?, ?)", (k, v))


def tri_built():
    if not os.path.exists(TRI_DB):
        return False
    t = sqlite3.connect(TRI_DB)
    try:
        return (t.execute("SELECT v FROM bench_meta WHERE k = 'tri_wall'")
                .fetchone() is not None and
                t.execute("SELECT v FROM bench_meta WHERE k = 'src_rows'")
                .fetchone()[0] == narticles)
    except sqlite3.Error:
        return False
    finally:
        t.close()


# step 2: the trigram baseline, built as store_search_reindex builds folio's
def build_trigram():
    for suf in ("", "-wal", "-shm"):
        if os.path.exists(TRI_DB + suf):
            os.unlink(TRI_DB + suf)
    t = tri_connect()
    log("trigram: copying the text of %d articles into %s"
        % (narticles, TRI_DB))
    t0 = time.time()
    t.execute("ATTACH ? AS f", ("file:%s/folio.db?mode=ro" % data,))
    t.execute("CREATE TABLE src(id INTEGER PRIMARY KEY, headline, deck,"
              " byline, body)")
    t.execute("BEGIN")
    t.execute("INSERT INTO src SELECT s.id, s.headline, s.deck, s.byline,"
              " s.body FROM f.search_src s JOIN f.article a ON a.id = s.id"
              " JOIN f.issue i ON i.id = a.issue_id WHERE i.status = 1"
              " ORDER BY s.id")
    t.execute("COMMIT")
    t.execute("DETACH f")
    nsrc = t.execute("SELECT count(*) FROM src").fetchone()[0]
    max_id = t.execute("SELECT coalesce(max(id), 0) FROM src").fetchone()[0]
    t.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    t.close()
    t = tri_connect()
    set_meta(t, "src_rows", nsrc)
    set_meta(t, "copy_wall", time.time() - t0)
    log("trigram: copied %d rows in %.0f s; building bench_tri"
        % (nsrc, time.time() - t0))
    t.execute("CREATE VIRTUAL TABLE bench_tri USING fts5(body, headline,"
              " deck, byline, content='src', content_rowid='id',"
              " tokenize='trigram')")
    la0 = load_now().split()[0]
    t0, c0 = time.time(), cpu_self()
    t.execute("BEGIN IMMEDIATE")
    for k, _, bulk in BULK:
        t.execute("INSERT INTO bench_tri(bench_tri, rank) VALUES(?, ?)",
                  (k, bulk))
    for lo in range(1, max_id + 1, CHUNK):
        t.execute("INSERT INTO bench_tri(rowid, body, headline, deck,"
                  " byline) SELECT id, body, headline, deck, byline FROM src"
                  " WHERE id >= ? AND id < ? ORDER BY id", (lo, lo + CHUNK))
        if (lo // CHUNK) % 50 == 49:
            log("trigram: %d/%d ids, %.0f s" % (min(lo + CHUNK - 1, max_id),
                                                max_id, time.time() - t0))
    t_fill = time.time() - t0
    log("trigram: optimize")
    t.execute("INSERT INTO bench_tri(bench_tri) VALUES('optimize')")
    for k, dflt, _ in BULK:
        t.execute("INSERT INTO bench_tri(bench_tri, rank) VALUES(?, ?)",
                  (k, dflt))
    t.execute("COMMIT")
    wall, cpu = time.time() - t0, cpu_self() - c0
    docs = t.execute("SELECT count(*) FROM bench_tri_docsize").fetchone()[0]
    for k, v in (("tri_wall", wall), ("tri_cpu", cpu), ("tri_fill", t_fill),
                 ("tri_docs", docs), ("tri_load0", float(la0)),
                 ("tri_load1", float(load_now().split()[0]))):
        set_meta(t, k, v)
    t.close()
    log("trigram: %d documents in %.0f s (%.0f s CPU)" % (docs, wall, cpu))


if mode == "trigram":
    if TRIGRAM == "rebuild" or (TRIGRAM == "full" and not tri_built()):
        build_trigram()
    sys.exit(0)
if TRIGRAM != "off":
    if not tri_built():
        sys.exit("search.py: no finished trigram baseline in %s (run"
                 " bench/search.sh, or TRIGRAM=off)" % TRI_DB)
    db.execute("ATTACH ? AS tri", (TRI_DB,))
    tmeta = {k: v for k, v in db.execute("SELECT k, v FROM tri.bench_meta")}

# folio's build (bench/search.sh step 1)
build = None
if os.path.exists(data + "/build-time"):
    wall, user, sys_ = (float(x) for x in
                        open(data + "/build-time").read().split()[-3:])
    rows_s = index_s = None
    if os.path.exists(data + "/build.log"):
        for line in open(data + "/build.log", encoding="utf-8"):
            if "(rows " in line and "search index" in line:
                x = line.rsplit("(rows ", 1)[1]
                rows_s = float(x.split()[0])
                index_s = float(x.split("search index ")[1].split()[0])
    la = [open(data + f).read().split()[0] for f in
          ("/build-load-start", "/build-load-end")
          if os.path.exists(data + f)]
    rows_cpu = None
    if os.path.exists(data + "/build-rows-cpu"):
        rows_cpu = float(open(data + "/build-rows-cpu").read())
    build = (wall, user + sys_, rows_s, index_s, la, rows_cpu)
elif os.path.exists(data + "/build-seconds"):
    build = (float(open(data + "/build-seconds").read()), None, None, None,
             [], None)


# step 3: sizes
def size_of(schema, prefix):
    # name = ? lets dbstat walk only that b-tree (LIKE walks every page)
    names = [r[0] for r in db.execute(
        "SELECT name FROM %s.sqlite_master WHERE name LIKE ? || '%%' AND"
        " type = 'table'" % schema, (prefix,))]
    return sum(db.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat(?)"
                          " WHERE name = ?", (schema, x)).fetchone()[0]
               for x in names)


log("sizes (dbstat)")
folio_idx = size_of("main", "search_fts")
tri_idx = size_of("tri", "bench_tri") if TRIGRAM != "off" else 0
folio_cols = db.execute("SELECT sql FROM sqlite_master WHERE name ="
                        " 'search_fts'").fetchone()[0]
user_version = db.execute("PRAGMA user_version").fetchone()[0]


# the oracle: one pass over the text for every query (and the text size)
def oracle_scan():
    log("oracle: one substring scan of all text for %d queries"
        % len(QUERIES))
    t0 = time.time()
    qs = [(q, q.lower()) for _, q in QUERIES]
    found = {q: [] for q, _ in qs}
    nbytes = 0
    for rid, h, d, b, body in db.execute(
            "SELECT id, headline, deck, byline, body FROM search_src"):
        t = "\n".join((h or "", d or "", b or "", body or ""))
        nbytes += len(t.encode()) - 3
        t = t.lower()
        for q, ql in qs:
            if ql in t:
                found[q].append(rid)
    log("oracle: %.0f s" % (time.time() - t0))
    return {"articles": narticles, "text_bytes": nbytes,
            "seconds": time.time() - t0, "hits": found}


def text_size():
    log("text size")
    return db.execute(
        "SELECT sum(coalesce(length(CAST(headline AS BLOB)), 0) +"
        " coalesce(length(CAST(deck AS BLOB)), 0) +"
        " coalesce(length(CAST(byline AS BLOB)), 0) +"
        " coalesce(length(CAST(body AS BLOB)), 0)) FROM search_src"
    ).fetchone()[0]


ocache = data + "/bench-oracle.json"
oracle = None
if os.path.exists(ocache):
    oracle = json.load(open(ocache))
    if (oracle["articles"] != narticles or
            set(oracle["hits"]) != {q for _, q in QUERIES}):
        oracle = None
if oracle is None and RECALL:
    oracle = oracle_scan()
    with open(ocache + ".tmp", "w") as f:
        json.dump(oracle, f)
    os.replace(ocache + ".tmp", ocache)
if oracle is not None:
    text_bytes = oracle["text_bytes"]
    osets = {q: set(v) for q, v in oracle["hits"].items()}
else:
    text_bytes = text_size()
    osets = None

keys, date_of = {}, {}
if RECALL:
    for rid, date, page, aid in db.execute(
            "SELECT a.id, i.date, a.page, a.aid FROM article a JOIN issue i"
            " ON i.id = a.issue_id"):
        keys["%s|%d|%s" % (date, page, aid)] = rid
        date_of[rid] = date


def tri_sql(q, limit, match_only=False):
    """The baseline's top-`limit` with snippets; limit 0: every id (recall,
    without ranking or snippets)."""
    if (len(q) >= 3 or match_only) and TRIGRAM != "off":
        ph = '"' + q.replace('"', '""') + '"'
        if not limit:
            return ("SELECT rowid FROM tri.bench_tri WHERE bench_tri MATCH ?",
                    (ph,))
        sql = ("SELECT rowid, snippet(bench_tri, 0, '[', ']', '…', 24)"
               " FROM tri.bench_tri WHERE bench_tri MATCH ? ORDER BY"
               " bm25(bench_tri, 1.0, 10.0, 5.0, 2.0) LIMIT %d" % limit)
        return sql, (ph,)
    like = "%" + q + "%"
    where = (" FROM search_src WHERE headline LIKE ?1 OR deck LIKE ?1 OR"
             " byline LIKE ?1 OR body LIKE ?1")
    if not limit:
        return "SELECT id" + where, (like,)
    return ("SELECT id, substr(body, max(1, instr(body, ?2) - 20), 60)" +
            where + " LIMIT %d" % limit, (like, q))


def tri_query(q, limit, match_only=False):
    sql, args = tri_sql(q, limit, match_only)
    return db.execute(sql, args).fetchall()


# step 4 and 5: latencies, then recall
rows = []
by_class_f = {c: [] for c in CLASSES}
by_class_t = {c: [] for c in CLASSES}
all_f, all_t = [], []
log("latency: %d runs per query and engine" % RUNS)
t_lat = time.time()
lat_loads = []
for cls, q in QUERIES:
    lat_loads.append(float(load_now().split()[0]))
    r = subprocess.run([folio, "--data", data, "search", "--json",
                        "--limit", "10", "--repeat", str(RUNS + 1), "--", q],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("folio search %s: %s" % (q, r.stderr))
    fout = json.loads(r.stdout)
    fms = fout["runs_ms"][1:]
    t0 = time.perf_counter()
    tri_query(q, 10)
    first = time.perf_counter() - t0
    tms = []
    for _ in range(RUNS if first < LIKE_SLOW else 1):
        t0 = time.perf_counter()
        tri_query(q, 10)
        tms.append((time.perf_counter() - t0) * 1e3)
    how = "LIKE" if len(q) < 3 or TRIGRAM == "off" else "trigram"
    all_f += fms
    all_t += tms
    by_class_f[cls] += fms
    by_class_t[cls] += tms
    rows.append({"cls": cls, "q": q, "f": fms, "t": tms, "how": how,
                 "total": fout["total"], "exact": fout.get("total_exact")})
    log("%s: folio p50 %.1f ms, %s p50 %.1f ms" % (q, pct(fms, 50), how,
                                                    pct(tms, 50)))
t_lat = time.time() - t_lat
lat_loads.append(float(load_now().split()[0]))

if RECALL:
    log("recall")
    for row in rows:
        q, o = row["q"], osets[row["q"]]
        r = subprocess.run([folio, "--data", data, "search", "--json",
                            "--limit", "0", "--timeout", "600000", "--", q],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("folio search --limit 0 %s: %s" % (q, r.stderr))
        out = json.loads(r.stdout)
        got = {keys["%s|%d|%s" % (h["date"], h["page"], h["article"])]
               for h in out["hits"] if h["article"] is not None}
        row["frec"] = len(got & o) / len(o) if o else 1.0
        row["fextra"] = len(got - o)
        row["fcap"] = None if out["total_exact"] else len(got)
        if row["fcap"] is not None:
            # the newest: no match left out is of a later date than any
            # returned (an issue at the cut may be split)
            left = o - got
            row["fnewest"] = bool(got) and (not left or max(
                date_of[x] for x in left) <= min(date_of[x] for x in got))
        if row["how"] == "LIKE" and not LIKE_RECALL:
            row["trec"] = None
        else:
            tgot = {x[0] for x in tri_query(q, 0)}
            row["trec"] = len(tgot & o) / len(o) if o else 1.0
        if TRIGRAM != "off":
            mgot = {x[0] for x in tri_query(q, 0, match_only=True)}
            row["mrec"] = len(mgot & o) / len(o) if o else 1.0
        else:
            row["mrec"] = None
        log("recall %s: folio %.3f, baseline %s" % (
            q, row["frec"],
            "-" if row["trec"] is None else "%.3f" % row["trec"]))


def f1(x):
    return "%.1f" % x


print("archive: %s, %d articles (%d asked), %.1f MB of text (UTF-8 of"
      " headline, deck, byline, body); schema %d; folio %s" %
      (data, narticles, n_asked, text_bytes / 1e6, user_version,
       "%s (built %s UTC)" % (folio, time.strftime(
           "%Y-%m-%d %H:%M", time.gmtime(os.stat(folio).st_mtime)))))
print("folio index: %s" % " ".join(folio_cols.split()))
print()
print("| build | articles | wall s | articles/s (wall) | CPU s |"
      " articles/s (CPU) | load average (start, end) |")
print("|---|---:|---:|---:|---:|---:|---|")
if build is not None:
    wall, cpu, rows_s, index_s, la, rows_cpu = build
    print("| folio demo (rows + index) | %d | %.0f | %.0f | %s | %s | %s |" %
          (narticles, wall, narticles / wall,
           "-" if cpu is None else "%.0f" % cpu,
           "-" if cpu is None else "%.0f" % (narticles / cpu),
           ", ".join(la) or "-"))
    if index_s:
        icpu = None if rows_cpu is None or cpu is None else cpu - rows_cpu
        print("| folio index only (bulk, in the same command) | %d | %.0f |"
              " %.0f | %s | %s | - |" %
              (narticles, index_s, narticles / index_s,
               "-" if icpu is None else "%.0f" % icpu,
               "-" if icpu is None else "%.0f" % (narticles / icpu)))
if TRIGRAM != "off":
    tw, tc, td = tmeta["tri_wall"], tmeta["tri_cpu"], tmeta["tri_docs"]
    print("| trigram index only (bulk, same settings) | %d | %.0f | %.0f |"
          " %.0f | %.0f | %.2f, %.2f |" %
          (td, tw, td / tw, tc, td / tc, tmeta["tri_load0"],
           tmeta["tri_load1"]))
    print("(before it, untimed: the text of %d articles copied into"
          " bench-tri.db in %.0f s)" % (tmeta["src_rows"],
                                        tmeta["copy_wall"]))
print()
print("| index | MB | / text |")
print("|---|---:|---:|")
print("| folio (search_fts*) | %.1f | %.2f |" % (folio_idx / 1e6,
                                               folio_idx / text_bytes))
if TRIGRAM != "off":
    print("| trigram (bench_tri*) | %.1f | %.2f |" % (tri_idx / 1e6,
                                                    tri_idx / text_bytes))
print("| text | %.1f | 1.00 |" % (text_bytes / 1e6))
print()
print("latency: %d timed runs per query and engine (%.0f s), load average"
      " %.2f-%.2f during it" % (RUNS, t_lat, min(lat_loads),
                                max(lat_loads)))
print()
print("| class | query | matches | folio p50 | p95 | p99 | baseline |"
      " p50 | p95 | p99 | folio recall | baseline recall |"
      " trigram MATCH recall |")
print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
for row in rows:
    f, t = row["f"], row["t"]
    if RECALL:
        m = str(len(osets[row["q"]]))
        fr = "%.3f" % row["frec"]
        if row["fcap"] is not None:
            fr += " (cap %d%s)" % (row["fcap"],
                                   ", newest" if row["fnewest"] else "")
        if row["fextra"]:
            fr += " +%d" % row["fextra"]
        tr = "-" if row["trec"] is None else "%.3f" % row["trec"]
        mr = "-" if row["mrec"] is None else "%.3f" % row["mrec"]
    else:
        m = fr = tr = mr = "-"
    print("| %s | %s | %s | %s | %s | %s | %s%s | %s | %s | %s | %s | %s |"
          " %s |" % (row["cls"], row["q"], m, f1(pct(f, 50)),
                     f1(pct(f, 95)), f1(pct(f, 99)), row["how"],
                     "" if len(t) == RUNS else " (%d run)" % len(t),
                     f1(pct(t, 50)), f1(pct(t, 95)), f1(pct(t, 99)), fr, tr,
                     mr))
print()
print("| class | folio p50 | folio p95 | folio p99 | baseline p50 |"
      " baseline p95 | baseline p99 |")
print("|---|---:|---:|---:|---:|---:|---:|")
for c in CLASSES + ["all"]:
    f = all_f if c == "all" else by_class_f[c]
    t = all_t if c == "all" else by_class_t[c]
    print("| %s | %s | %s | %s | %s | %s | %s |" %
          (c, f1(pct(f, 50)), f1(pct(f, 95)), f1(pct(f, 99)),
           f1(pct(t, 50)), f1(pct(t, 95)), f1(pct(t, 99))))
print()
print("load average samples during the whole run: min %.2f, max %.2f" %
      (min(loads), max(loads)))
