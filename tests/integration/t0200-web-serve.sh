#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0200-web-serve: start the real `folio serve` on an ephemeral loopback
# port over an archive imported from a package written here, and check real
# HTTP responses with curl and raw sockets: 200s and redirects, 404 with
# navigation, 304, gzip/br bodies equal to identity, HEAD, 400 for every
# ambiguous framing (and the server keeps answering), 414/431/405/505,
# escaping of a hostile headline, drafts invisible, access log, SIGTERM.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0200.XXXXXX")
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # check "description" command...
    local d=$1
    shift
    if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# ---- a package: two pages, a tiny PNG, a PDF, a hostile headline ----
python3 - "$TMP" <<'EOF'
import json, os, struct, sys, zlib
root = sys.argv[1]
def png(w, h):
    raw = b"".join(b"\x00" + b"\xcc\xdd\xee" * w for _ in range(h))
    def chunk(t, d):
        return (struct.pack(">I", len(d)) + t + d +
                struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
def package(d, date, headline):
    os.makedirs(os.path.join(d, "pages"), exist_ok=True)
    with open(os.path.join(d, "pages", "01.png"), "wb") as f:
        f.write(png(20, 28))
    with open(os.path.join(d, "pages", "01.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    body = ["第一段：" + "测试正文" * 40, "第二段 second paragraph"]
    issue = {
        "folio_package": 1,
        "paper": {"id": "tpap", "name": "测试日报", "language": "zh-CN",
                  "timezone": "Asia/Shanghai"},
        "date": date, "number": 7,
        "pages": [
            {"number": 1, "name": "要闻", "image": "pages/01.png",
             "pdf": "pages/01.pdf", "width": 20, "height": 28,
             "articles": [
                 {"id": "a1", "headline": headline, "kicker": "引题",
                  "byline": "本报记者", "body": body,
                  "zones": [[1, 1, 10, 10]]},
                 {"id": "a2", "headline": "第二篇", "body": ["短文"]}]},
            {"number": 2, "name": "本地",
             "articles": [{"id": "b1", "headline": "二版头条",
                           "body": ["二版正文"]}]}]}
    with open(os.path.join(d, "issue.json"), "w") as f:
        json.dump(issue, f, ensure_ascii=False)
package(os.path.join(root, "pkg1"), "2024-03-01",
        "<script>alert(1)</script> \"quoted\" & 'single'")
package(os.path.join(root, "pkg2"), "2024-03-02", "第二天的头条")
package(os.path.join(root, "draft"), "2024-03-05", "草稿不可见")
EOF

DATA=$TMP/data
"$FOLIO" import --data "$DATA" --publish "$TMP/pkg1" >/dev/null &&
    "$FOLIO" import --data "$DATA" --publish "$TMP/pkg2" >/dev/null &&
    "$FOLIO" import --data "$DATA" "$TMP/draft" >/dev/null
check "packages imported (two published, one draft)" test $? -eq 0

# ---- start the server on port 0; read "ready <port>" from fd 3 ----
READY=$TMP/ready
mkfifo "$READY"
"$FOLIO" serve --data "$DATA" --listen 127.0.0.1:0 --ready-fd 3 \
    --access-log "$TMP/access.log" 3>"$READY" 2>"$TMP/serve.err" &
SERVER_PID=$!
PORT=
if read -r -t 10 word PORT <"$READY" && [ "$word" = ready ]; then
    ok "server ready on port $PORT"
else
    not_ok "server ready"
    cat "$TMP/serve.err" >&2
    echo "1..$n"
    exit 1
fi
B=http://127.0.0.1:$PORT

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
header() { # header NAME curl-args...
    local h=$1
    shift
    curl -s -o /dev/null -D - "$@" | tr -d '\r' |
        awk -v h="$(echo "$h" | tr 'A-Z' 'a-z')" \
            'BEGIN{FS=": "} tolower($1)==h {print substr($0, length($1)+3)}'
}

# ---- routes ----
check "/ redirects 302 to the latest issue" \
    test "$(status $B/)" = 302 -a "$(header Location $B/)" = /tpap/2024-03-02/
check "/tpap/ redirects 302 to its latest issue" \
    test "$(header Location $B/tpap/)" = /tpap/2024-03-02/
check "issue page is 200 html utf-8" \
    test "$(status $B/tpap/2024-03-01/)" = 200 -a \
    "$(header Content-Type $B/tpap/2024-03-01/)" = "text/html; charset=utf-8"
check "issue page equals its /01/ page view" \
    cmp -s <(curl -s $B/tpap/2024-03-01/) <(curl -s $B/tpap/2024-03-01/01/)
check "page view 200" test "$(status $B/tpap/2024-03-01/02/)" = 200
check "missing slash 301" \
    test "$(status $B/tpap/2024-03-01/01)" = 301 -a \
    "$(header Location $B/tpap/2024-03-01/01)" = /tpap/2024-03-01/01/
check "article view 200" test "$(status $B/tpap/2024-03-01/01/a1)" = 200
check "article on another page: 301 to its page" \
    test "$(status $B/tpap/2024-03-01/01/b1)" = 301 -a \
    "$(header Location $B/tpap/2024-03-01/01/b1)" = /tpap/2024-03-01/02/b1
check "calendar 200" test "$(status $B/tpap/2024/03/)" = 200
check "page pdf served inline as application/pdf" \
    test "$(header Content-Type $B/tpap/2024-03-01/01.pdf)" = application/pdf
check "page pdf bytes are the package's" \
    cmp -s <(curl -s $B/tpap/2024-03-01/01.pdf) "$TMP/pkg1/pages/01.pdf"
img=$(curl -s $B/tpap/2024-03-01/01/ | grep -o '/media/[0-9a-f]\{64\}\.png' |
    head -n1)
check "page image linked from the page view" test -n "$img"
check "media file served with immutable cache" \
    test "$(header Cache-Control "$B$img")" = \
    "public, max-age=31536000, immutable" -a \
    "$(header Content-Type "$B$img")" = image/png
check "media bytes are the package's" \
    cmp -s <(curl -s "$B$img") "$TMP/pkg1/pages/01.png"
check "absent media 404" test "$(status \
    $B/media/0000000000000000000000000000000000000000000000000000000000000000.png)" = 404
css=$(curl -s $B/tpap/2024-03-01/01/ | grep -o '/static/[a-z.]*\.css[^"]*' |
    head -n1)
check "static css 200 immutable" \
    test -n "$css" -a "$(status "$B$css")" = 200 -a \
    "$(header Cache-Control "$B$css")" = "public, max-age=31536000, immutable"

# ---- 404s ----
check "unknown paper 404" test "$(status $B/nopaper/)" = 404
check "unknown date 404" test "$(status $B/tpap/2024-03-03/)" = 404
check "impossible date 404" test "$(status $B/tpap/2023-02-30/)" = 404
check "unknown page 404" test "$(status $B/tpap/2024-03-01/09/)" = 404
check "unknown article 404" test "$(status $B/tpap/2024-03-01/01/zz)" = 404
check "404 page keeps the paper's navigation" \
    grep -q '测试日报' <(curl -s $B/tpap/2024-03-01/01/zz)
check "draft issue is invisible (404)" \
    test "$(status $B/tpap/2024-03-05/)" = 404 -a \
    "$(status $B/tpap/2024-03-05/01/a1)" = 404

# ---- escaping ----
art=$(curl -s $B/tpap/2024-03-01/01/a1)
check "hostile headline is escaped" \
    grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' <<<"$art"
check "no raw <script>alert in the page" \
    bash -c '! grep -q "<script>alert" <<<"$1"' _ "$art"
check "quotes escaped" grep -q '&quot;quoted&quot;' <<<"$art"

# ---- validators and encodings ----
U=$B/tpap/2024-03-01/01/a1
etag=$(header ETag $U)
check "strong ETag present" grep -q '^"[0-9a-f]\{16\}"$' <<<"$etag"
check "If-None-Match gives 304" \
    test "$(status -H "If-None-Match: $etag" $U)" = 304
check "If-None-Match other tag gives 200" \
    test "$(status -H 'If-None-Match: "nope"' $U)" = 200
lm=$(header Last-Modified $U)
check "Last-Modified present" test -n "$lm"
check "If-Modified-Since gives 304" \
    test "$(status -H "If-Modified-Since: $lm" $U)" = 304
check "Cache-Control for html" \
    test "$(header Cache-Control $U)" = "public, max-age=60"
check "Vary names the negotiated headers" \
    test "$(header Vary $U)" = "Accept-Encoding, Accept-Language, Cookie"
check "nosniff and CSP headers" \
    test "$(header X-Content-Type-Options $U)" = nosniff -a \
    -n "$(header Content-Security-Policy $U)"
curl -s $U >"$TMP/identity"
check "gzip served with Content-Encoding" \
    test "$(header Content-Encoding -H 'Accept-Encoding: gzip' $U)" = gzip
curl -s -H 'Accept-Encoding: gzip' $U | gzip -dc >"$TMP/gunzipped"
check "gzip body decompresses to the identity body" \
    cmp -s "$TMP/identity" "$TMP/gunzipped"
check "br preferred when offered" \
    test "$(header Content-Encoding -H 'Accept-Encoding: gzip, br' $U)" = br
curl -s --compressed -H 'Accept-Encoding: br' $U >"$TMP/unbr"
check "br body decompresses to the identity body" \
    cmp -s "$TMP/identity" "$TMP/unbr"
check "br;q=0 falls back to gzip" \
    test "$(header Content-Encoding -H 'Accept-Encoding: br;q=0, gzip' $U)" = gzip
check "304 for the gzip representation's tag" \
    test "$(status -H 'Accept-Encoding: gzip' \
        -H "If-None-Match: $(header ETag -H 'Accept-Encoding: gzip' $U)" \
        $U)" = 304
check "HEAD: headers only, same length" \
    test "$(curl -s -I $U | tr -d '\r' | awk -F': ' 'tolower($1)=="content-length"{print $2}')" = \
    "$(wc -c <"$TMP/identity" | tr -d ' ')" -a \
    "$(curl -s -I $U -o - | wc -c)" -lt 2000

# ---- language and text size ----
check "?lang=en sets the cookie" \
    grep -q '^folio_lang=en;' <<<"$(header Set-Cookie "$U?lang=en")"
check "a response setting a cookie is private" \
    test "$(header Cache-Control "$U?lang=en")" = "private, max-age=60"
check "?lang=en renders English" \
    grep -q '<html lang="en' <(curl -s "$U?lang=en")
check "Accept-Language en renders English" \
    grep -q '<html lang="en' <(curl -s -H 'Accept-Language: en-US,en;q=0.9' $U)
check "cookie folio_lang=zh beats Accept-Language" \
    grep -q '<html lang="zh' <(curl -s -H 'Accept-Language: en' \
        -H 'Cookie: folio_lang=zh' $U)
check "default language is Chinese" grep -q '<html lang="zh' <(curl -s $U)
check "textsize up: 303, cookie, local back" \
    test "$(status "$B/_textsize?d=up&back=%2Ftpap%2F")" = 303 -a \
    "$(header Location "$B/_textsize?d=up&back=%2Ftpap%2F")" = /tpap/ -a \
    "$(header Set-Cookie -H 'Cookie: folio_ts=1' "$B/_textsize?d=up&back=/")" = \
    "folio_ts=2; Path=/; Max-Age=31536000; SameSite=Lax"
check "textsize refuses //evil.com" \
    test "$(header Location "$B/_textsize?d=up&back=//evil.com")" = /
check "textsize refuses https://x" \
    test "$(header Location "$B/_textsize?d=down&back=https://x")" = /

# ---- raw framing: status, close, and the server keeps serving ----
raw() { # raw EXPECTED-STATUS DESCRIPTION PYTHON-BYTES-LITERAL
    python3 - "$PORT" "$3" <<'EOF'
import socket, sys
port, lit = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(eval(lit))
out = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    out += b
print(out.split(b"\r\n")[0].decode("latin-1"))
EOF
}
while IFS='|' read -r want desc lit; do
    [ -z "$want" ] && continue
    got=$(raw "$want" "$desc" "$lit")
    check "$desc: $want (got '$got')" grep -q "^HTTP/1.1 $want " <<<"$got"
    check "still serving after $desc" test "$(status $B/tpap/2024-03-01/01/)" = 200
done <<'EOF'
400|CL with TE|b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n"
400|two Content-Lengths|b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n"
400|TE on GET|b"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
400|obs-fold|b"GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n"
400|missing Host|b"GET / HTTP/1.1\r\nX-A: b\r\n\r\n"
400|two Hosts|b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"
400|space before colon|b"GET / HTTP/1.1\r\nHost : a\r\n\r\n"
400|NUL before colon|b"GET / HTTP/1.1\r\nHost: a\r\nX\x00: b\r\n\r\n"
400|NUL in value|b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n"
400|bad request-target|b"GET a/b HTTP/1.1\r\nHost: a\r\n\r\n"
505|HTTP/2.0 request line|b"GET / HTTP/2.0\r\nHost: a\r\n\r\n"
414|9 KB request line|b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"
431|101 header fields|b"GET / HTTP/1.1\r\nHost: a\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(101)) + b"\r\n"
431|17 KB of headers|b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"y" * 17000 + b"\r\n\r\n"
405|DELETE|b"DELETE / HTTP/1.1\r\nHost: a\r\n\r\n"
413|big body on GET|b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n"
EOF
check "405 names the allowed methods" \
    test "$(header Allow -X DELETE $B/)" = "GET, HEAD"

# pipelined requests answered in order on one connection
pipe=$(python3 - "$PORT" <<'EOF'
import re, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"GET /tpap/2024-03-01/01/ HTTP/1.1\r\nHost: a\r\n\r\n"
          b"HEAD /tpap/ HTTP/1.1\r\nHost: a\r\n\r\n"
          b"GET /tpap/2024-03-01/09/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
out = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    out += b
print(" ".join(x.decode() for x in re.findall(rb"HTTP/1\.1 (\d{3})", out)))
EOF
)
check "pipelined 200 302 404 in order (got '$pipe')" test "$pipe" = "200 302 404"

check "HTTP/1.0 closes by default" \
    grep -qi '^Connection: close' <(curl -s -0 -D - -o /dev/null $U | tr -d '\r')

# ---- access log ----
check "access log has one line per request, request escaped" \
    grep -q '"GET /tpap/2024-03-01/01/a1 HTTP/1.1" 200 ' "$TMP/access.log"
check "access log line for a 400" grep -q '" 400 ' "$TMP/access.log"

# ---- a publish drops the cache: a re-import shows at once ----
sed -i 's/第二天的头条/第二天的新头条/' "$TMP/pkg2/issue.json"
"$FOLIO" import --data "$DATA" --publish --replace "$TMP/pkg2" >/dev/null
sleep 0.5
check "re-import visible without restart (cache invalidated)" \
    grep -q '第二天的新头条' <(curl -s $B/tpap/2024-03-02/01/a1)

# ---- a second server on the same port is refused, not load-shared ----
timeout 10 "$FOLIO" serve --data "$DATA" --listen 127.0.0.1:$PORT \
    2>"$TMP/second.err" >/dev/null
rc=$?
check "second server on a busy port exits 1 (got $rc)" test "$rc" = 1
check "it names the bind error" grep -q 'bind' "$TMP/second.err"

# ---- graceful shutdown ----
kill -TERM "$SERVER_PID"
rc=124
for _ in $(seq 1 50); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        wait "$SERVER_PID"
        rc=$?
        break
    fi
    sleep 0.1
done
SERVER_PID=
check "SIGTERM: exit status 0 (got $rc)" test "$rc" = 0
[ "$rc" = 0 ] || sed 's/^/# /' "$TMP/serve.err" | tail -n 40

echo "1..$n"
[ "$failed" -eq 0 ]
