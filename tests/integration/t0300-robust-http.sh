#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0300-robust-http: hostile clients against a real `folio serve` (port 0,
# --ready-fd 3) over an archive whose every text field is hostile markup.
# Checks the status of each attack, that the server keeps serving after
# it, and that nothing it reflects can inject a header or markup:
#   framing (smuggling shapes, bare CR, NUL, versions, forms of target),
#   limits (414/431), methods (405), pipelining mixed good and bad,
#   half-closed sockets, many slow clients, path traversal and encodings,
#   /_textsize open-redirect and CRLF attempts, junk in Accept-*, Cookie,
#   If-None-Match and If-Modified-Since, escaping on every page (crawled:
#   no broken link), 上一篇/下一篇 visiting every article once in reading
#   order, calendars linking exactly the published days, drafts invisible
#   everywhere, publish/unpublish seen within a second, no sanitizer
#   report in the server's stderr. Bounded: well under 60 s.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_SOURCE_ROOT:?FOLIO_SOURCE_ROOT must point at the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0300.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

timeout 120 python3 - "$FOLIO" "$TMP" <<'PYEOF'
import html, json, os, re, socket, struct, subprocess, sys, time, zlib
import urllib.error, urllib.request
from urllib.parse import urljoin, urlparse

FOLIO, TMP = sys.argv[1], sys.argv[2]
DATA = os.path.join(TMP, "data")
sys.path.insert(0, os.path.join(os.environ["FOLIO_SOURCE_ROOT"], "tests",
                                "lib"))
from foliotest import Tap, png, Server  # noqa: E402

T = Tap()
check = T.check


# ---- packages: hostile text everywhere, three days, one draft ----
X = ("<script>alert(1)</script> \"><img src=x onerror=alert(1)> ' "
     "&amp; </title> <!-- ]]>")


def package(name, date):
    d = os.path.join(TMP, name)
    os.makedirs(os.path.join(d, "p"), exist_ok=True)
    with open(os.path.join(d, "p", "1.png"), "wb") as f:
        f.write(png(20, 28, b"\xcc\xdd\xee"))
    with open(os.path.join(d, "p", "1.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    issue = {
        "folio_package": 1,
        "paper": {"id": "hx", "name": "P" + X, "language": "zh-CN"},
        "date": date, "number": 1, "edition": "E" + X,
        "pages": [
            {"number": 1, "name": "N" + X, "image": "p/1.png",
             "pdf": "p/1.pdf",
             "articles": [
                 {"id": "a1", "kicker": "K" + X, "headline": "H" + X,
                  "subhead": "S" + X, "byline": "B" + X,
                  "body": ["Para" + X, "second"],
                  "images": [{"src": "p/1.png", "caption": "C" + X}],
                  "zones": [[1, 1, 5, 5]],
                  "continues": {"page": 2, "article": "b1"}},
                 {"id": "a2", "headline": "H2" + X}]},
            {"number": 2, "name": "N2" + X,
             "articles": [
                 {"id": "b1", "headline": "HB" + X,
                  "continued_from": {"page": 1, "article": "a1"}},
                 {"id": "b2", "headline": "HB2"}]},
            {"number": 3, "name": "empty page"},
            {"number": 4, "name": "N4",
             "articles": [{"id": "d1", "headline": "HD"}]}]}
    with open(os.path.join(d, "issue.json"), "w") as f:
        json.dump(issue, f, ensure_ascii=False)
    return d


READING_ORDER = ["01/a1", "01/a2", "02/b1", "02/b2", "04/d1"]
for name, date, pub in (("d1", "2024-03-01", True), ("d3", "2024-04-02", True),
                        ("dr", "2024-03-05", False)):
    args = [FOLIO, "import", "--data", DATA] + (["--publish"] if pub else [])
    r = subprocess.run(args + [package(name, date)], capture_output=True)
    if not check("import %s (%s)" % (date, "published" if pub else "draft"),
                 r.returncode == 0):
        sys.stderr.write(r.stderr.decode(errors="replace"))

# ---- the server, on port 0 ----
srv = Server(FOLIO, DATA, TMP)
if not check("server ready", srv.port is not None):
    T.finish()
PORT = srv.port
B = "http://127.0.0.1:%d" % PORT


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


opener = urllib.request.build_opener(NoRedirect)


def get(path, headers=None, method="GET"):
    req = urllib.request.Request(B + path, headers=headers or {},
                                 method=method)
    try:
        r = opener.open(req, timeout=10)
        return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def status(path, headers=None):
    return get(path, headers)[0]


def raw(data, shut=False, timeout=10):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    try:
        s.sendall(data)
        if shut:
            s.shutdown(socket.SHUT_WR)
        out = b""
        while True:
            try:
                b = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not b:
                break
            out += b
    finally:
        s.close()
    return out


def codes(out):
    return [int(c) for c in re.findall(rb"HTTP/1\.1 (\d{3}) ", out)]


def alive():
    return status("/hx/2024-03-01/01/") == 200


# ---- framing: each refused with its status, and the server goes on ----
G = b"GET /hx/2024-03-01/01/ HTTP/1.1\r\nHost: a\r\n\r\n"
FRAMING = [
    (400, "CL+TE on POST", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
    (400, "TE identity", b"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n"),
    (400, "TE xchunked", b"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n"),
    (400, "CL list", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 0\r\n\r\n"),
    (400, "CL +0", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: +0\r\n\r\n"),
    (400, "CL -1", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"),
    (400, "CL hex", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n"),
    (400, "CL 23 digits", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
    (400, "obs-fold with tab", b"GET / HTTP/1.1\r\nHost: a\r\n\tb\r\n\r\n"),
    (400, "Host with space", b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
    (400, "bare CR", b"GET / HTTP/1.1\rHost: a\r\n\r\n"),
    (400, "NUL in target", b"GET /\x00 HTTP/1.1\r\nHost: a\r\n\r\n"),
    (400, "space in target", b"GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"),
    (400, "two spaces", b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n"),
    (400, "lower-case version", b"GET / http/1.1\r\nHost: a\r\n\r\n"),
    (400, "HTTP/1.10", b"GET / HTTP/1.10\r\nHost: a\r\n\r\n"),
    (400, "HTTP/0.9 line", b"GET /\r\n\r\n"),
    (400, "CONNECT authority-form", b"CONNECT a:80 HTTP/1.1\r\nHost: a\r\n\r\n"),
    (400, "OPTIONS *", b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"),
    (400, "HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
    (400, "header without colon", b"GET / HTTP/1.1\r\nHost: a\r\nfoo\r\n\r\n"),
    (400, "empty header name", b"GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n"),
    (400, "control byte in value", b"GET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n"),
    (414, "64 KB request line", b"GET /" + b"a" * 65000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"),
    (414, "1 MB request line", b"GET /" + b"a" * 1000000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"),
    (431, "1 MB header", b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"y" * 1000000 + b"\r\n\r\n"),
    (431, "1000 headers", b"GET / HTTP/1.1\r\nHost: a\r\n" + b"X: y\r\n" * 1000 + b"\r\n"),
    (405, "POST", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"),
    (405, "PUT", b"PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"),
    (405, "OPTIONS /", b"OPTIONS / HTTP/1.1\r\nHost: a\r\n\r\n"),
    (405, "TRACE", b"TRACE / HTTP/1.1\r\nHost: a\r\n\r\n"),
    (505, "HTTP/1.2", b"GET / HTTP/1.2\r\nHost: a\r\n\r\n"),
]
for want, desc, data in FRAMING:
    got = codes(raw(data))
    check("%s: %d (got %s)" % (desc, want, got), got == [want])
check("still serving after the framing attacks", alive())

got = codes(raw(G + G + b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                b"Content-Length: 2\r\n\r\n" + G, shut=True))
check("pipelined good good bad good: 200 200 400, then closed (got %s)" % got,
      got == [200, 200, 400])
got = codes(raw(G * 40, shut=True))
check("40 pipelined requests on a half-closed socket all answered",
      got == [200] * 40)
got = codes(raw(b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n" + G,
                shut=True))
check("a request hidden in a GET body is not answered (got %s)" % got,
      200 not in got and got[:1] == [302])
out = raw(b"HEAD /hx/2024-03-01/01/ HTTP/1.1\r\nHost: a\r\n\r\n" + G, shut=True)
check("HEAD has no body: the next response follows its head",
      codes(out) == [200, 200] and
      out.split(b"\r\n\r\n", 1)[1].startswith(b"HTTP/1.1 200"))
check("partial request then half-close: no answer, no crash",
      raw(G[:20], shut=True) == b"" and alive())
got = codes(raw(b"GET / HTTP/1.0\r\n\r\n" + G, shut=True))
check("HTTP/1.0 closes after one answer (got %s)" % got, got == [302])

# ---- many slow clients: the site keeps answering at once ----
slow = []
for i in range(150):
    s = socket.create_connection(("127.0.0.1", PORT))
    s.setblocking(False)
    slow.append(s)
worst = 0.0
req = b"GET / HTTP/1.1\r\nHost: a\r\nX-Slow: "
for i in range(len(req) + 2):
    for s in slow:
        try:
            s.send(req[i:i + 1] if i < len(req) else b"z")
        except OSError:
            pass
    t = time.time()
    ok = alive()
    worst = max(worst, time.time() - t if ok else 99)
    time.sleep(0.05)
for s in slow:
    s.close()
check("150 slow clients: other requests answered within 1 s (worst %.3f s)"
      % worst, worst < 1.0)

# ---- paths ----
for p, want in [
        ("/media/../folio.db", 404), ("/media/..%2ffolio.db", 404),
        ("/media/%2e%2e/folio.db", 404), ("/%2e%2e/%2e%2e/etc/passwd", 404),
        ("/static/../../etc/passwd", 404), ("/media/%c0%af", 404),
        ("/hx%2f2024-03-01/", 404), ("/hx/2024-03-01%2f01/", 404),
        ("/hx/2024-03-01/01/%2e%2e", 404), ("/hx/2024-03-01/01/a1%00", 404),
        ("/hx/2024-03-01/01/..", 404), ("/hx/2024-03-01/00/", 404),
        ("/hx/2024-03-01/1000/", 404), ("/hx/2024-03-01/-1/", 404),
        ("/hx/0000-00-00/", 404), ("/hx/2023-02-29/", 404),
        ("/hx/2024/13/", 404), ("/hx/2024/00/", 404), ("//hx/", 404),
        ("///evil.com/", 404), ("/folio.db", 404), ("/.git/config", 404),
        ("/hx/2024-03-01/01/" + "a" * 65, 404),
        ("/hx/2024-03-01/01/%E4%B8%AD", 404),
        ("/hx/2024-03-01/01/a%", 400), ("/hx/2024-03-01/01/a%g0", 400)]:
    out = raw(b"GET " + p.encode() + b" HTTP/1.1\r\nHost: a\r\n"
              b"Connection: close\r\n\r\n")
    check("GET %s: %d (got %s)" % (p[:60], want, codes(out)),
          codes(out) == [want])

# ---- /_textsize: never a redirect off the site, never a header injected ----
for back in ["//evil", "/\\evil", "%2F%2Fevil", "%2F%5Cevil", "/%5Cevil",
             "%0d%0aSet-Cookie:%20x=1", "/%0d%0aSet-Cookie:%20x=1",
             "/x%0aLocation:%20http://evil", "http://evil", "https:evil",
             "/%09/evil", "%09//evil", "\\\\evil", "javascript:alert(1)",
             "%00", "/a%00b", "%20//evil", "/%2F/evil", "/" + "a" * 3000]:
    out = raw(b"GET /_textsize?d=up&back=" + back.encode() +
              b" HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    head = out.split(b"\r\n\r\n")[0].split(b"\r\n")
    locs = [h for h in head if h.lower().startswith(b"location:")]
    cookies = [h for h in head if h.lower().startswith(b"set-cookie:")]
    check("_textsize back=%s: 303 to / with one cookie (got %s %s)"
          % (back[:30], codes(out), locs),
          codes(out) == [303] and locs == [b"Location: /"] and
          len(cookies) == 1 and cookies[0].startswith(b"Set-Cookie: folio_ts="))
for q in ["?lang=en%0d%0aSet-Cookie:x=1", "?lang=%0d%0aX:y",
          "?lang=" + "e" * 2000]:
    out = raw(b"GET /hx/2024-03-01/01/" + q.encode() +
              b" HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    head = out.split(b"\r\n\r\n")[0]
    check("%s: no injected header" % q[:30],
          codes(out) == [200] and b"\r\nX:" not in head and
          b"x=1" not in head)

# ---- negotiation junk ----
U = "/hx/2024-03-01/01/a1"
st, hd, body = get(U)
etag = hd["ETag"]
for h, v, want in [
        ("Accept-Encoding", "gzip;q=-1", 200),
        ("Accept-Encoding", "gzip;q=abc", 200),
        ("Accept-Encoding", "*;q=0", 200),
        ("Accept-Encoding", "gzip;;;;q=1,,,,,br", 200),
        ("Accept-Encoding", ",".join("x%d;q=0.%d" % (i, i % 10)
                                     for i in range(500)), 200),
        ("Accept-Encoding", "gzip;q=0." + "9" * 5000, 200),
        ("Accept-Language", ";;;,,,=,q", 200),
        ("Accept-Language", ",".join("en-%d;q=0.%d" % (i, i % 10)
                                     for i in range(500)), 200),
        ("Accept-Language", "en;q=1e3", 200),
        ("Cookie", "folio_ts=999999999999", 200),
        ("Cookie", "folio_ts=-", 200),
        ("Cookie", "folio_ts=-99999999999999999999", 200),
        ("Cookie", ";;;;===;;; folio_lang=en", 200),
        ("Cookie", "folio_lang=xx; folio_lang=" + "z" * 3000, 200),
        ("If-None-Match", '"x", ' + etag, 304),
        ("If-None-Match", "*", 304),
        ("If-None-Match", ",".join('"%016x"' % i for i in range(600)), 200),
        ("If-None-Match", etag.strip('"'), 200),
        ("If-Modified-Since", "junk", 200),
        ("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT", 200),
        ("If-Modified-Since", "Sun, 06 Nov 2099 99:99:99 GMT", 200)]:
    st, hd2, b2 = get(U, {h: v})
    check("%s: %s...: %d (got %d)" % (h, v[:24], want, st), st == want)
for c in ["folio_ts=999999999999", "folio_ts=-", "folio_ts=-3"]:
    st, hd2, b2 = get(U, {"Cookie": c})
    check("%s renders the default text size" % c,
          b'<body class="ts0 ' in b2)
check("still serving after the negotiation junk", alive())

# ---- crawl: every link resolves, hostile text is inert everywhere ----
seen, pages, broken, q = {}, {}, [], ["/", "/?lang=en", "/hx/2024/03/",
                                      "/hx/2024-03-01/01/a1?lang=en"]
kinds = set()
while q and len(seen) < 600:
    u = q.pop(0)
    if u in seen:
        continue
    st, hd2, b2 = get(u)
    seen[u] = st
    if st in (301, 302, 303, 307, 308):
        loc = urljoin(B + u, hd2["Location"])
        if urlparse(loc).netloc != urlparse(B).netloc:
            broken.append((u, "off-site redirect " + loc))
        else:
            q.append(loc[len(B):])
        continue
    if st != 200:
        broken.append((u, st))
        continue
    if "html" not in hd2.get("Content-Type", ""):
        continue
    text = b2.decode()
    pages[u] = text
    for l in re.findall(r'(?:href|src|action)="([^"]*)"', text):
        l = html.unescape(l)
        if l.startswith("#"):
            continue
        full = urljoin(B + u, l)
        if urlparse(full).netloc != urlparse(B).netloc:
            continue
        full = full[len(B):].split("#")[0]
        # one of each kind is enough for links that only set a cookie
        # and for the English copy of every page
        kind = re.sub(r"back=[^&]*", "", full) if "_textsize" in full else (
            "lang" if "lang=" in full and u != "/" else full)
        if kind in kinds:
            continue
        kinds.add(kind)
        q.append(full)
check("crawled %d URLs, %d pages: no broken link %s"
      % (len(seen), len(pages), broken[:3]),
      not broken and len(pages) >= 20)
raw_markup = [u for u, t in pages.items()
              if "<script>alert" in t or "<img src=x" in t or
              "onerror=alert(1)>" in t or "<!-- ]]>" in t]
check("no page has the hostile markup unescaped %s" % raw_markup[:3],
      not raw_markup)
bad_title = [u for u, t in pages.items()
             if "<" in (re.search(r"<title>(.*?)</title>", t, re.S) or
                        re.match("()", "")).group(1)]
check("every <title> is text only %s" % bad_title[:3], not bad_title)
bad_attr = [u for u, t in pages.items()
            for a in re.findall(r'\s(?:alt|title|aria-label|content|lang)='
                                r'"([^"]*)"', t) if "<" in a or ">" in a]
check("no attribute value holds < or > %s" % bad_attr[:3], not bad_attr)
check("the headline is shown escaped once",
      "H&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x "
      "onerror=alert(1)&gt; &#39; &amp;amp;" in pages.get(
          "/hx/2024-03-01/01/a1", ""))
check("no crawled URL reaches the draft day",
      not [u for u in seen if "2024-03-05" in u])

# ---- 上一篇/下一篇: every article once, in reading order ----
walk, cur, loops = [], "/hx/2024-03-01/" + READING_ORDER[0], False
while cur and len(walk) < 20:
    if cur in walk:
        loops = True
        break
    walk.append(cur)
    t = get(cur)[2].decode()
    mm = re.search(r'<li class="next-article"><a href="([^"]+)"', t)
    nxt = html.unescape(mm.group(1)) if mm else None
    if nxt:
        t2 = get(nxt)[2].decode()
        mp = re.search(r'<li class="prev-article"><a href="([^"]+)"', t2)
        if not mp or html.unescape(mp.group(1)) != cur:
            loops = True
    cur = nxt
want_walk = ["/hx/2024-03-01/" + a for a in READING_ORDER]
check("下一篇 visits %s (got %s)" % (READING_ORDER, walk),
      walk == want_walk and not loops)
first = get(want_walk[0])[2].decode()
check("the first article has no 上一篇",
      '<li class="prev-article"><span class="off">' in first)

# ---- calendars link exactly the published days ----
for ym, days in (("2024/03", ["2024-03-01"]),
                 ("2024/04", ["2024-04-02"])):
    t = get("/hx/%s/" % ym)[2].decode()
    got = sorted(set(re.findall(r'href="/hx/(\d{4}-\d\d-\d\d)/"', t)))
    check("calendar %s links %s (got %s)" % (ym, days, got), got == days)

# ---- drafts: invisible everywhere; publish/unpublish seen at once ----
DRAFT_URLS = ["/hx/2024-03-05/", "/hx/2024-03-05/01/", "/hx/2024-03-05/01/a1",
              "/hx/2024-03-05/02/b1", "/hx/2024-03-05/01.pdf",
              "/hx/2024-03-05/01/a1?lang=en"]


def draft_codes():
    return [status(u) for u in DRAFT_URLS]


def draft_linked():
    t = get("/hx/2024/03/")[2].decode() + get("/hx/2024-03-01/")[2].decode()
    return "2024-03-05" in t


check("draft: 404 on every view and the PDF (got %s)" % draft_codes(),
      draft_codes() == [404] * len(DRAFT_URLS) and not draft_linked())


def within(seconds, pred):
    end = time.time() + seconds
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


subprocess.run([FOLIO, "publish", "--data", DATA, "hx", "2024-03-05"],
               capture_output=True)
check("published: every view 200 within 1 s",
      within(1.0, lambda: draft_codes() == [200] * len(DRAFT_URLS)))
check("published: calendar and 下一期 link it", draft_linked())
subprocess.run([FOLIO, "unpublish", "--data", DATA, "hx", "2024-03-05"],
               capture_output=True)
check("unpublished: every view 404 within 1 s",
      within(1.0, lambda: draft_codes() == [404] * len(DRAFT_URLS)))
check("unpublished: no link to it left", not draft_linked())

# ---- the server survived it all, with nothing to report ----
check("server still running", srv.proc.poll() is None and alive())
srv.stop(T)
T.finish()
PYEOF
