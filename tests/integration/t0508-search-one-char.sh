#!/bin/bash
# SPDX-License-Identifier: MIT
# Queries of one CJK character answered by scanning the text
# (docs/search.md, "One character"; `folio search --char-scan always`)
# against the index (--char-scan never) and an oracle (Python over
# search_src, the text the index holds): on news-1000 (1,000 articles, 10
# issues), for common characters (的 in 982 articles), rarer ones (鲁 49,
# 鑫 13), one absent (龘) and a traditional query (國 finds 国), without
# and with date filters (6 issues; 1, the scan then lists that issue's
# articles), in relevance and both date orders: the same
# exact totals, the newest and oldest ids of the oracle in date order, the
# same relevance order as the index, every match with --limit 0. Then on
# a generated archive of 3,000 articles (more than the scan reads to
# count, SCAN_DOCS 2,048): 的 gives an estimate said as such and within a
# quarter of the true count, date order's first 20 by the issues' dates
# (the scan walks the issues), --limit 0 every match with the exact total.
# Last, page texts (NDNP pages given some 国 and 國): the same hits,
# snippets and totals as the index, with and without page:.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
TSV="${FOLIO_FIXTURES:-}/zh-text/news-1000.tsv"
if [ ! -f "$TSV" ]; then
    echo "1..0 # SKIP no fixture $TSV"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
GEN="$FOLIO_SOURCE_ROOT/tools/gen-archive.py"
python3 "$GEN" --mode plain --per-issue 100 --out "$T/pkgs" "$TSV" || exit 1
for d in "$T"/pkgs/*/; do
    "$FOLIO" --data "$T/data" import --publish "$d" >/dev/null || exit 1
done
"$FOLIO" demo --data "$T/big" --articles 3000 --seed 5 --corpus "$TSV" \
    --no-serve >/dev/null 2>&1 || exit 1
# page documents (pages without articles): the NDNP issue, some of its
# words given a 国 or 國 in front, reindexed
NDNP="${FOLIO_FIXTURES:-}/mets-alto/ndnp-nordstern-1878/data/batch.xml"
if [ -f "$NDNP" ]; then
    "$FOLIO" import --data "$T/pages" --publish --no-page-images "$NDNP" \
        >/dev/null 2>&1 || exit 1
    python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE page_word SET text = \"国\" || text"
           " WHERE (issue_id + page + seq) % 7 = 0 AND page IN (1, 3, 5)")
db.execute("UPDATE page_word SET text = \"國\" WHERE seq % 50 = 3"
           " AND page = 2")
db.commit()' "$T/pages/folio.db" || exit 1
    "$FOLIO" reindex --data "$T/pages" >/dev/null 2>&1 || exit 1
fi
python3 - "$FOLIO" "$T/data" "$T/big" "$T/pages" <<'PY'
import concurrent.futures, json, os, sqlite3, subprocess, sys
folio, data, big, pages = sys.argv[1:5]
n = 0
fails = 0
def ok(cond, what):
    global n, fails
    n += 1
    if not cond:
        fails += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, what))
def docs(path, frm=None, to=None):
    """(date, page, seq, id, aid, text, paper) of the published articles"""
    db = sqlite3.connect("file:%s/folio.db?mode=ro" % path, uri=True)
    rows = db.execute("""
        SELECT i.date, a.page, a.seq, a.id, a.aid,
               coalesce(s.headline, '') || char(10) || coalesce(s.deck, '')
               || char(10) || coalesce(s.byline, '') || char(10) ||
               coalesce(s.body, ''), i.paper_id
        FROM search_src s JOIN article a ON a.id = s.id
        JOIN issue i ON i.id = a.issue_id
        WHERE i.status = 1 AND (?1 IS NULL OR i.date >= ?1)
        AND (?2 IS NULL OR i.date <= ?2)""", (frm, to)).fetchall()
    db.close()
    return rows
def search(path, q, mode, sort, limit=10, offset=0):
    r = subprocess.run([folio, "--data", path, "search", "--json",
                        "--char-scan", mode, "--sort", sort, "--limit",
                        str(limit), "--offset", str(offset), "--timeout",
                        "60000", "--"] + q, capture_output=True, text=True)
    if r.returncode != 0:
        print("# %s %s %s: exit %d %s" % (q, mode, sort, r.returncode,
                                          r.stderr.strip()))
        return None
    return json.loads(r.stdout)
def key(h):
    return (h["date"], h["page"], h["paper"], h["article"])
def row_key(r):
    return (r[0], r[1], r[6], r[4])
FOLD = {"國": "国"}
# common, traditional, rare, very rare, absent (more characters of the
# same kinds cost ASan minutes and test nothing new)
chars = ["的", "国", "國", "鲁", "鑫", "龘"]
# one issue of ten: few enough for the scan to list the issues' articles
# (scan_selective), else it walks every article newest first
filters = (((None, None), chars), (("2020-01-03", "2020-01-08"), chars),
           (("2020-01-05", "2020-01-05"), ["的", "國", "鲁"]))
print("1..%d" % (sum(len(cs) for f, cs in filters) * 4 + 8))
for (frm, to), cs in filters:
    rows = docs(data, frm, to)
    filt = ["from:" + frm, "to:" + to] if frm else []
    for c in cs:
        want = [r for r in rows if FOLD.get(c, c) in r[5]]
        newest = [row_key(r) for r in
                  sorted(want, key=lambda r: (r[0], -r[1], -r[2], -r[3]),
                         reverse=True)][:10]
        oldest = [row_key(r) for r in sorted(want)][:10]
        what = "%s%s" % (c, " " + " ".join(filt) if filt else "")
        runs = [(mode, sort) for mode in ("always", "never")
                for sort in ("relevance", "date", "date-asc")]
        # two searches at a time (two cores)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            got = dict(zip(runs, pool.map(
                lambda m: search(data, [c] + filt, m[0], m[1]), runs)))
        good = all(g is not None and g["total"] == len(want) and
                   g["total_exact"] for g in got.values())
        ok(good, "%s: exact total %d by the scan and the index, every order"
           % (what, len(want)))
        for mode in ("always", "never"):
            d = got[mode, "date"]
            a = got[mode, "date-asc"]
            good = (d is not None and a is not None and
                    [key(h) for h in d["hits"]] == newest and
                    [key(h) for h in a["hits"]] == oldest)
            ok(good, "%s --char-scan %s: the 10 newest and the 10 oldest "
               "matches of the oracle" % (what, mode))
            if not good and d is not None and a is not None:
                print("# want %s / %s" % (newest[:3], oldest[:3]))
                print("# got  %s / %s" % ([key(h) for h in d["hits"]][:3],
                                          [key(h) for h in a["hits"]][:3]))
        s, i = got["always", "relevance"], got["never", "relevance"]
        ok(s is not None and i is not None and
           [key(h) for h in s["hits"]] == [key(h) for h in i["hits"]] and
           len(s["hits"]) == min(10, len(want)),
           "%s: relevance order of the scan is the index's (%s)" %
           (what, " ".join(h["article"] for h in (s or {"hits": []})["hits"][:5])))
# every match, exactly once, with --limit 0 (the scan)
rows = docs(data)
for c in ("的", "鲁"):
    want = {row_key(r) for r in rows if c in r[5]}
    g = search(data, [c], "always", "relevance", limit=0)
    got = [key(h) for h in g["hits"]] if g else []
    ok(len(got) == len(want) and set(got) == want and g["total_exact"],
       "%s --limit 0: all %d matches once (%d returned)" %
       (c, len(want), len(got)))
# more documents than the scan counts: an estimate, date order walks
rows = docs(big)
want = [r for r in rows if "的" in r[5]]
g = search(big, ["的"], "always", "relevance")
ok(g is not None and not g["total_exact"] and len(g["hits"]) == 10 and
   abs(g["total"] - len(want)) <= len(want) / 4,
   "3,000 articles: 的 about %s results (total_exact false), true %d" %
   (g and g["total"], len(want)))
newest = [row_key(r) for r in
          sorted(want, key=lambda r: (r[0], -r[1], -r[2], -r[3]),
                 reverse=True)][:20]
oldest = [row_key(r) for r in sorted(want)][:20]
for sort, w in (("date", newest), ("date-asc", oldest)):
    p1 = search(big, ["的"], "always", sort)
    p2 = search(big, ["的"], "always", sort, offset=10)
    got = [key(h) for h in p1["hits"] + p2["hits"]] if p1 and p2 else []
    ok(got == w, "3,000 articles: 的 --sort %s, pages 1 and 2 are the "
       "oracle's first 20" % sort)
    if got != w:
        print("# want %s\n# got  %s" % (w[:3], got[:3]))
g = search(big, ["的"], "always", "relevance", limit=0)
got = [key(h) for h in g["hits"]] if g else []
ok(g is not None and g["total"] == len(want) and g["total_exact"] and
   set(got) == {row_key(r) for r in want} and len(got) == len(want),
   "3,000 articles: 的 --limit 0, all %d matches, exact total" % len(want))
# page documents: the scan reads page texts like the index
if os.path.exists(os.path.join(pages, "folio.db")):
    runs = [(m, sort, f) for m in ("always", "never")
            for sort in ("relevance", "date", "date-asc")
            for f in ((), ("page:3",))]
    got = {k: search(pages, ["国"] + list(k[2]), k[0], k[1]) for k in runs}
    keys = {k: [(h["page"], h["article"], h["snippet"]) for h in g["hits"]]
            for k, g in got.items() if g}
    same = len(keys) == len(runs) and all(
        keys["always", s, f] == keys["never", s, f] and
        got["always", s, f]["total"] == got["never", s, f]["total"]
        for m, s, f in runs)
    ok(same, "page texts: the scan's hits, snippets and totals are the "
       "index's")
    ok(len(keys) == len(runs) and
       sorted(p for p, a, sn in keys["always", "date", ()]) == [1, 2, 3, 5]
       and [p for p, a, sn in keys["always", "date", ("page:3",)]] == [3],
       "page texts: 国 on pages 1, 2 (國), 3 and 5; page:3 alone")
else:
    for i in range(2):
        n += 1
        print("ok %d # SKIP no NDNP fixture" % n)
sys.exit(1 if fails else 0)
PY
