#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0502-search-api: /api/v1/search over HTTP on one small package (Latin
# words, traditional characters, a hostile headline): 200 JSON with total,
# hits (fields, marks on the snippet's bytes, article URL with ?hl=) and
# facets; filters and sort; refused queries and parameters are 400 with
# {"error": ...}; hostile queries 200 or 400 JSON, never 500; requests
# refused by the HTTP layer or the router under /api/ (bad percent
# escape, 414, unknown path) get JSON too.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0502.XXXXXX")
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

python3 - "$TMP/extra" <<'EOF'
import json, os, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
issue = {
    "folio_package": 1,
    "paper": {"id": "xtra", "name": "外文测试报", "language": "zh-CN",
              "timezone": "Asia/Shanghai"},
    "date": "2025-02-07", "number": 1,
    "pages": [{"number": 1, "name": "國際", "articles": [
        {"id": "reuters", "headline": "Reuters 報道 G20峰會",
         "byline": "Staff Reporter",
         "body": ["Reuters reported on the G20 summit in 國際 news.",
                  "第二段：公园 与 公園 都在这里。"]},
        {"id": "evil", "headline": "<script>alert(1)</script>公园\"&'",
         "body": ["<img src=x onerror=alert(2)> 公园 正文"]}]},
        {"number": 2, "name": "民生", "articles": [
        {"id": "ms", "headline": "改善民生", "byline": "本報記者 張三",
         "body": ["民生 工程 公园"]}]}]}
with open(os.path.join(d, "issue.json"), "w") as f:
    json.dump(issue, f, ensure_ascii=False)
EOF
if ! "$FOLIO" import --data "$TMP/data" --publish "$TMP/extra" \
    >/dev/null 2>"$TMP/import.err"; then
    echo "not ok 1 - package imported"
    sed 's/^/# /' "$TMP/import.err"
    echo "1..1"
    exit 1
fi
READY=$TMP/ready
mkfifo "$READY"
"$FOLIO" serve --data "$TMP/data" --listen 127.0.0.1:0 --ready-fd 3 \
    3>"$READY" 2>"$TMP/serve.err" &
SERVER_PID=$!
PORT=
if ! read -r -t 20 word PORT <"$READY" || [ "$word" != ready ]; then
    echo "not ok 1 - server ready"
    sed 's/^/# /' "$TMP/serve.err"
    echo "1..1"
    exit 1
fi

python3 - "$PORT" <<'PY'
import json, sys, urllib.error, urllib.parse, urllib.request

port = sys.argv[1]
n = 0
failed = 0
print("# API on port %s" % port)

def get(params):
    url = "http://127.0.0.1:%s/api/v1/search?%s" % (port, params)
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()

def check(desc, cond):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, desc))

def q(text, extra=""):
    return "q=" + urllib.parse.quote(text) + extra

st, ct, body = get(q("G20峰会"))
check("G20峰会: 200", st == 200)
check("content type application/json; charset=utf-8",
      ct == "application/json; charset=utf-8")
d = json.loads(body)
check("total 1, exact", d.get("total") == 1 and d.get("total_exact") is True)
check("facets count every match: no facets_over", "facets_over" not in d
      and d.get("facets", {}).get("years") is not None)
h = d["hits"][0] if d.get("hits") else {}
check("hit fields", h.get("paper") == "xtra" and h.get("date") ==
      "2025-02-07" and h.get("page") == 1 and h.get("page_name") == "國際"
      and h.get("article") == "reuters" and "G20" in h.get("headline", ""))
sn = h.get("snippet", "").encode()
marked = [sn[s:s + l].decode("utf-8", "replace") for s, l in h.get("marks", [])]
check("marks are the terms in the snippet's bytes: %r" % marked,
      len(marked) > 0 and all(m.lower() in ("g20", "峰會", "峰会", "g20峰會")
                              for m in marked))
check("url opens the article with ?hl=",
      h.get("url") == "/xtra/2025-02-07/01/reuters?hl=G20%E5%B3%B0%E4%BC%9A")
check("facets by year and paper",
      d.get("facets", {}).get("years") == [{"key": "2025", "count": 1}] and
      d["facets"].get("papers") == [{"key": "xtra", "count": 1}])

st, ct, body = get(q("国际"))
d = json.loads(body)
check("国际 finds 國際", st == 200 and
      [x["article"] for x in d["hits"]] == ["reuters"])
st, ct, body = get(q("公园", "&limit=2&offset=1"))
d = json.loads(body)
check("公园: 3 matches, page of 2 from offset 1", st == 200 and
      d["total"] == 3 and d["offset"] == 1 and len(d["hits"]) == 2)
st, ct, body = get(q("公园", "&page=2"))
d = json.loads(body)
check("page=2 filters to page 2", st == 200 and
      [x["article"] for x in d["hits"]] == ["ms"])
st, ct, body = get(q("公园", "&page=" + urllib.parse.quote("國際") +
                     "&sort=date"))
d = json.loads(body)
check("page=國際 (page name) and sort=date", st == 200 and d["total"] == 2)
st, ct, body = get(q("民生"))
d = json.loads(body)
check("民生: the headline word ranks first", st == 200 and
      d["hits"] and d["hits"][0]["article"] == "ms")
st, ct, body = get(q("公园", "&paper=xtra&from=2025-01-01&to=2025-12-31"))
check("paper and date filters", st == 200 and json.loads(body)["total"] == 3)
for bq, extra, want in [("by:张三", "", ["ms"]), ("by:張三", "", ["ms"]),
                        ("公园 by:本报记者", "", ["ms"]),
                        ("公园", "&byline=" + urllib.parse.quote("張三"),
                         ["ms"]),
                        ("by:STAFF", "", ["reuters"]),
                        ("by:李四", "", [])]:
    st, ct, body = get(q(bq, extra))
    got = [x["article"] for x in json.loads(body).get("hits", [])]
    check("%s%s: byline folded on both sides: %r" % (bq, extra, got),
          st == 200 and got == want)
st, ct, body = get(q("-公园"))
check("-公园 alone: the '-' is text, 公园's 3 matches",
      st == 200 and json.loads(body)["total"] == 3)
st, ct, body = get(q("G2"))
d = json.loads(body)
check("G2: a prefix, marked in the snippet",
      st == 200 and d["total"] == 1 and d["hits"][0]["marks"] and
      all(d["hits"][0]["snippet"].encode()[s:s + l] == b"G2"
          for s, l in d["hits"][0]["marks"]))
st, ct, body = get(q("20"))
d = json.loads(body)
check("20 inside G20: found and marked",
      st == 200 and "reuters" in [x["article"] for x in d["hits"]])
st, ct, body = get(q("公园", "&from=2026-01-01"))
check("a date range with no issue: 200, total 0",
      st == 200 and json.loads(body)["total"] == 0)

for params, why in [("", "nothing to search for"),
                    (q("公园", "&sort=bad"), "'sort'"),
                    (q("公园", "&limit=0"), "'limit'"),
                    (q("公园", "&limit=101"), "'limit'"),
                    (q("公园", "&offset=-1"), "'offset'"),
                    (q("公园", "&from=2020-13-01"), "'from'"),
                    (q("公园", "&md=02-30"), "'md'"),
                    (q("公园", "&paper=../x"), "paper"),
                    (q("*"), "no letters"),
                    (q("。，、！？"), "no letters"),
                    (q("。 -公园"), "not excluded"),
                    (q("x" * 4097), "too long"),
                    ("q=%00", "percent-encoding")]:
    st, ct, body = get(params)
    try:
        err = json.loads(body).get("error", "")
    except ValueError:
        err = ""
    check("400 {\"error\"} for %s: %r" % (params[:40], err[:60]),
          st == 400 and ct.startswith("application/json") and why in err)

worst = 0
for hq in ['"unbalanced', '((民生', 'NEAR(', 'NEAR(民生 教育, 2)', '^',
           '民生*', 'a AND', 'OR', '--民生', '"', '""', 'col:民生',
           '{headline}:x', '民生 OR', 'OR 民生', '"民生" -"民生"', 'a\x01b',
           '民' * 300]:
    st, ct, body = get(q(hq))
    okjson = True
    try:
        json.loads(body)
    except ValueError:
        okjson = False
    if st not in (200, 400) or not okjson:
        worst += 1
        print("# hostile %r: %d %s" % (hq[:30], st, body[:100]))
check("hostile queries: 200 or 400 JSON, never 500", worst == 0)

# refused before the API's handler (the HTTP layer, the router): still
# JSON under /api/, HTML elsewhere
def raw(path):
    url = "http://127.0.0.1:%s%s" % (port, path)
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()

for path, want in [("/api/v1/search?q=%zz", 400),
                   ("/api/v1/search?q=" + "a" * 9000, 414),
                   ("/api/v1/nothing", 404)]:
    st, ct, body = raw(path)
    try:
        d = json.loads(body)
    except ValueError:
        d = {}
    check("%s...: %d {\"error\", \"status\"} JSON (%r)" %
          (path[:24], want, body[:60]),
          st == want and ct.startswith("application/json") and
          d.get("status") == want and d.get("error"))
st, ct, body = raw("/search?q=%zz")
check("/search?q=%%zz: 400 HTML (%s)" % ct,
      st == 400 and ct.startswith("text/html"))
print("1..%d" % n)
sys.exit(1 if failed else 0)
PY
