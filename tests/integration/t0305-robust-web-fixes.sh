#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0305-robust-web-fixes: the four web bugs of the adversarial pass, against
# a real `folio serve`:
#   /media/<sha>.<ext> answers only under the extension its bytes call for
#   (a PNG is not served as application/pdf; 404 otherwise);
#   /_textsize puts the back= path into Location re-encoded (no raw bytes,
#   quotes or angle brackets; valid escapes and the query kept);
#   If-Modified-Since in the rfc850 and asctime forms gives 304, a date in
#   the future never does;
#   a TLS ClientHello or binary garbage gets 400 at once (well under a
#   second), not silence until the idle timeout.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_SOURCE_ROOT:?FOLIO_SOURCE_ROOT must point at the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0305.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

timeout 60 python3 - "$FOLIO" "$TMP" <<'PYEOF'
import email.utils, hashlib, json, os, socket, subprocess, sys, time

FOLIO, TMP = sys.argv[1], sys.argv[2]
DATA = os.path.join(TMP, "data")
sys.path.insert(0, os.path.join(os.environ["FOLIO_SOURCE_ROOT"], "tests",
                                "lib"))
from foliotest import Tap, png, Server  # noqa: E402

T = Tap()
check = T.check


PNG = png(20, 28)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pkg = os.path.join(TMP, "pkg")
os.makedirs(pkg)
open(os.path.join(pkg, "1.png"), "wb").write(PNG)
open(os.path.join(pkg, "1.pdf"), "wb").write(PDF)
json.dump({"folio_package": 1,
           "paper": {"id": "wx", "name": "W", "language": "zh-CN"},
           "date": "2024-03-01", "number": 1,
           "pages": [{"number": 1, "name": "一版", "image": "1.png",
                      "pdf": "1.pdf",
                      "articles": [{"id": "a1", "headline": "民生",
                                    "zones": [[1, 1, 5, 5]]}]}]},
          open(os.path.join(pkg, "issue.json"), "w"), ensure_ascii=False)
r = subprocess.run([FOLIO, "import", "--publish", "--data", DATA, pkg],
                   capture_output=True)
if not check("import", r.returncode == 0):
    sys.stderr.write(r.stderr.decode(errors="replace"))

srv = Server(FOLIO, DATA, TMP, ["--idle-timeout", "10"])
if not check("server ready", srv.port is not None):
    T.finish()
PORT = srv.port


def raw(data, timeout=5):
    """Send data, read until close; (reply bytes, seconds to first byte)."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    t = time.time()
    first = None
    out = b""
    try:
        s.sendall(data)
        while True:
            try:
                b = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not b:
                break
            if first is None:
                first = time.time() - t
            out += b
    finally:
        s.close()
    return out, first


def get(path, headers=()):
    req = "GET %s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" % path
    for h in headers:
        req += h + "\r\n"
    out, _ = raw(req.encode("latin-1") + b"\r\n")
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    st = int(lines[0].split(b" ")[1]) if lines and lines[0] else 0
    hdrs = {}
    for l in lines[1:]:
        k, _, v = l.partition(b":")
        hdrs[k.strip().lower().decode()] = v.strip()
    return st, hdrs, body


# ---- /media: one extension per file ----
png_sha = hashlib.sha256(PNG).hexdigest()
pdf_sha = hashlib.sha256(PDF).hexdigest()
st, h, body = get("/media/%s.png" % png_sha)
check("PNG under .png: 200 image/png, its bytes",
      st == 200 and h.get("content-type") == b"image/png" and body == PNG)
for ext in ("pdf", "jpg", "gif", "webp"):
    st, h, body = get("/media/%s.%s" % (png_sha, ext))
    check("PNG under .%s: 404 without its ETag (got %d)" % (ext, st),
          st == 404 and h.get("etag") != ('"%s"' % png_sha).encode())
st, h, body = get("/media/%s.pdf" % pdf_sha)
check("PDF under .pdf: 200 application/pdf",
      st == 200 and h.get("content-type") == b"application/pdf" and
      body == PDF)
st, _, _ = get("/media/%s.png" % pdf_sha)
check("PDF under .png: 404 (got %d)" % st, st == 404)

# ---- /_textsize: Location re-encoded ----
CASES = [
    ("%2Fwx%2F2024-03-01%2F01%2F%3Flang%3Den",
     b"/wx/2024-03-01/01/?lang=en"),
    ("%2Fa%22%3E%3Cscript%3E", b"/a%22%3E%3Cscript%3E"),
    ("%2F%E6%B0%91%E7%94%9F%3Fq%3D%E6%B0%91", b"/%E6%B0%91%E7%94%9F?q=%E6%B0%91"),
    ("%2Fa%2520b", b"/a%20b"),
    ("%2Fa%23x%7B%7D", b"/a%23x%7B%7D"),
    ("%2F%2Fevil.example", b"/"),
    ("%2Fa%0D%0ASet-Cookie:x=1", b"/"),
]
for back, want in CASES:
    st, h, _ = get("/_textsize?d=up&back=" + back)
    loc = h.get("location", b"")
    check("_textsize back=%s: 303 Location %s (got %d %r)"
          % (back, want.decode(), st, loc),
          st == 303 and loc == want and
          all(0x21 <= c <= 0x7e and c not in b"\"<>\\" for c in loc))

# ---- If-Modified-Since: three forms, never the future ----
st, h, _ = get("/wx/2024-03-01/01/")
lm_s = h.get("last-modified", b"").decode()
check("page 200 with Last-Modified (%s)" % lm_s, st == 200 and lm_s)
lm = email.utils.parsedate_to_datetime(lm_s).timestamp()


def forms(t):
    g = time.gmtime(t)
    return [time.strftime("%a, %d %b %Y %H:%M:%S GMT", g),
            time.strftime("%A, %d-%b-%y %H:%M:%S GMT", g),
            time.strftime("%a %b ", g) + ("%2d" % g.tm_mday) +
            time.strftime(" %H:%M:%S %Y", g)]


time.sleep(max(0.0, lm + 1.2 - time.time()))  # lm + 1 is in the past
for f in forms(lm) + forms(lm + 1):
    st, _, _ = get("/wx/2024-03-01/01/", ["If-Modified-Since: " + f])
    check("If-Modified-Since %r (not before Last-Modified): 304 (got %d)"
          % (f, st), st == 304)
for f in forms(lm - 1):
    st, _, _ = get("/wx/2024-03-01/01/", ["If-Modified-Since: " + f])
    check("If-Modified-Since %r (before): 200 (got %d)" % (f, st), st == 200)
for f in forms(time.time() + 86400 * 400):
    st, _, _ = get("/wx/2024-03-01/01/", ["If-Modified-Since: " + f])
    check("If-Modified-Since %r (future): 200 (got %d)" % (f, st), st == 200)
st, _, _ = get("/media/%s.png" % png_sha,
               ["If-Modified-Since: " + forms(time.time() + 86400 * 400)[0]])
check("media with a future If-Modified-Since: 200 (got %d)" % st, st == 200)

# ---- non-HTTP bytes: 400 at once ----
hello = (b"\x16\x03\x01\x00\xf4\x01\x00\x00\xf0\x03\x03" + os.urandom(32) +
         b"\x20" + os.urandom(32) + b"\x00\x08\x13\x02\x13\x03\x13\x01\x00\xff"
         + b"\x01\x00\x00\x9f\x00\x00\x00\x0e\x00\x0c\x00\x00\x09localhost")
for name, data in (("TLS ClientHello", hello),
                   ("binary garbage", b"\x00\xff\xfe\x01garbage"),
                   ("SSH banner-like", b"SSH-2.0-OpenSSH_9.2\x00\x01")):
    out, first = raw(data, timeout=5)
    check("%s: 400 and close in under 0.5 s (got %r after %s s)"
          % (name, out[:12], None if first is None else round(first, 3)),
          out.startswith(b"HTTP/1.1 400 ") and first is not None and
          first < 0.5)
out, first = raw(b"GET /wx/2024-03-01/01/ HTT", timeout=1.5)
check("a valid prefix still waits for the rest (got %r)" % out[:12],
      out == b"")
st, _, _ = get("/wx/2024-03-01/01/")
check("server still answers", st == 200)

srv.stop(T)
T.finish()
PYEOF
