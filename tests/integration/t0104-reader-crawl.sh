#!/usr/bin/env bash
# t0104-reader-crawl.sh - import the demo paper, crawl the reader site from
# "/" following every link, image, stylesheet and script (both languages),
# and require 0 broken links; then follow 下一篇 from the first article and
# 上一篇 from the last and require every article of the issue exactly once,
# in reading order; and check the calendar links exactly the issue days.
set -u
root=${FOLIO_SOURCE_ROOT:?}
folio=${FOLIO:?}
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# the demo archive made once per build (tests/integration/meson.build)
if [ -n "${FOLIO_DEMO_ARCHIVE:-}" ]; then
    cp -a "$FOLIO_DEMO_ARCHIVE" "$tmp/data" 2>"$tmp/demo.log"
else
    "$folio" demo --data "$tmp/data" --examples "$root/examples" --no-serve \
        >/dev/null 2>"$tmp/demo.log"
fi || { echo "1..1"; echo "not ok 1 - demo import"; sed 's/^/# /' "$tmp/demo.log"; exit 1; }
"$folio" serve --data "$tmp/data" --listen 127.0.0.1:0 --ready-fd 3 \
    3>"$tmp/ready" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
    grep -q '^ready' "$tmp/ready" 2>/dev/null && break
    sleep 0.1
done
port=$(awk '/^ready/ {print $2}' "$tmp/ready")
[ -n "$port" ] || { echo "1..1"; echo "not ok 1 - server started"; exit 1; }

python3 - "http://127.0.0.1:$port" "$root/examples" <<'PY'
import glob, json, os, re, sys, urllib.error, urllib.parse, urllib.request
from html.parser import HTMLParser

base, examples = sys.argv[1], sys.argv[2]
n = 0
failed = 0
def ok(cond, what, detail=None):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, what))
    if not cond:
        failed += 1
        if detail is not None:
            print("# " + json.dumps(detail, ensure_ascii=False)[:2000])

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
opener = urllib.request.build_opener(NoRedirect)

def get(path, lang="zh-CN"):
    req = urllib.request.Request(base + path, headers={"Accept-Language": lang})
    try:
        r = opener.open(req, timeout=10)
        return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()

class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.rel = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("href", "src"):
            v = a.get(k)
            if v:
                self.links.append(v)
        if tag == "a" and a.get("rel") in ("next", "prev") and a.get("href"):
            self.rel.setdefault(a["rel"], []).append(a["href"])

def parse(body):
    p = Links()
    p.feed(body.decode("utf-8"))
    return p

# 1. crawl
seen = set()
queue = ["/"]
broken = []
pages = 0
while queue and len(seen) < 3000:
    path = queue.pop()
    if path in seen:
        continue
    seen.add(path)
    status, headers, body = get(path)
    if status in (301, 302, 303, 307, 308):
        loc = headers.get("Location", "")
        u = urllib.parse.urlsplit(urllib.parse.urljoin(base + path, loc))
        if u.netloc != urllib.parse.urlsplit(base).netloc:
            broken.append((path, status, "redirect off site: " + loc))
            continue
        queue.append(u.path + ("?" + u.query if u.query else ""))
        continue
    if status != 200:
        broken.append((path, status))
        continue
    if not headers.get("Content-Type", "").startswith("text/html"):
        continue
    pages += 1
    for link in parse(body).links:
        u = urllib.parse.urlsplit(urllib.parse.urljoin(base + path, link))
        if u.scheme not in ("http", "https") or u.netloc != urllib.parse.urlsplit(base).netloc:
            continue
        queue.append(u.path + ("?" + u.query if u.query else ""))
ok(pages > 60, "crawl reached the whole demo site (%d HTML pages, %d URLs)" % (pages, len(seen)))
ok(not broken, "0 broken links", broken[:20])
ok(len(seen) < 3000, "crawl finished within 3000 URLs")

# 2. reading order: 下一篇 from the first article, 上一篇 from the last
pkgs = sorted(glob.glob(os.path.join(examples, "*", "issue.json")))
with open(pkgs[-1], encoding="utf-8") as f:
    iss = json.load(f)
paper, date = iss["paper"]["id"], iss["date"]
order = []
for pg in sorted(iss["pages"], key=lambda p: p["number"]):
    for i, a in enumerate(pg.get("articles", [])):
        order.append("/%s/%s/%02d/%s" % (paper, date, pg["number"],
                                          urllib.parse.quote(a.get("id", str(i + 1)), safe="")))

def chain(start, rel):
    visited = [start]
    path = start
    while len(visited) <= len(order) + 1:
        status, _, body = get(path)
        if status != 200:
            return visited + ["HTTP %d" % status]
        nxt = [h for h in parse(body).rel.get(rel, []) if re.match(r"^/[^/]+/\d{4}-\d\d-\d\d/\d+/[^/]+$", h)]
        if not nxt:
            return visited
        path = nxt[0]
        visited.append(path)
    return visited

fwd = chain(order[0], "next")
ok(fwd == order, "下一篇 visits all %d articles once, in reading order" % len(order), fwd)
back = chain(order[-1], "prev")
ok(back == order[::-1], "上一篇 visits them in reverse", back)

# 3. calendar links exactly the issue days of the month
days = sorted(json.load(open(p, encoding="utf-8"))["date"] for p in pkgs)
y, m = days[-1][:4], days[-1][5:7]
status, _, body = get("/%s/%s/%s/" % (paper, y, m))
ok(status == 200, "calendar page answers 200", status)
linked = sorted(set(re.findall(r'href="/%s/(\d{4}-\d\d-\d\d)/"' % paper, body.decode())))
want = [d for d in days if d.startswith("%s-%s" % (y, m))]
ok(linked == want, "calendar links exactly the issue days", {"linked": linked, "want": want})

# 4. English pages crawl too (?lang=en links present and resolving)
status, _, body = get("/%s/%s/01/?lang=en" % (paper, date), lang="zh-CN")
ok(status == 200 and b'lang="en"' in body and b"Past issues" in body,
   "?lang=en renders the English interface", status)

print("1..%d" % n)
sys.exit(1 if failed else 0)
PY
