#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0301-pages-pdf: the page replica from real page PDFs. The eight NDNP
# pages of Der Nordstern, 1878-01-03 (scans with a text layer) are wrapped
# in an issue package (PDF only, no articles), imported, served: page
# images (WebP/JPEG by Accept), IIIF info.json and tiles, page and issue
# PDFs answer 200 with the right types and sizes. Bad inputs (truncated
# PDF, a 14400x14400 pt page, a PNG named .pdf, a zero-byte image, a TIFF
# bomb) are each refused naming the file, change nothing, and the running
# server keeps answering. Smaller derivative caps keep the runtime down.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
export FX=${FOLIO_FIXTURES:-}/mets-alto/ndnp-nordstern-1878/data/sn83045350/00295876384/1878010301
T=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0301.XXXXXX")
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$T"
}
trap cleanup EXIT
if [ ! -f "$FX/0011.pdf" ]; then
    echo "1..0 # SKIP NDNP fixture pages not found under \$FOLIO_FIXTURES"
    exit 0
fi
export FOLIO_IMAGING_FULL_MAX_PX=2000 FOLIO_IMAGING_FULL_DPI=150
# the renderer's temp dirs go here, so the test can see none are left
mkdir -p "$T/tmp"
export TMPDIR=$T/tmp

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

D=$T/data
P=$T/pkg
mkdir -p "$P"
pages=""
k=0
for f in "$FX"/00*.pdf; do
    k=$((k + 1))
    cp "$f" "$P/p$k.pdf"
    [ -n "$pages" ] && pages="$pages,"
    pages="$pages{\"number\": $k, \"name\": \"Seite $k\", \"pdf\": \"p$k.pdf\"}"
done
cat >"$P/issue.json" <<EOF
{"folio_package": 1,
 "paper": {"id": "nordstern", "name": "Der Nordstern", "language": "de",
           "timezone": "America/Chicago"},
 "date": "1878-01-03", "pages": [$pages]}
EOF
start=$(date +%s)
out=$("$FOLIO" --data "$D" import --publish "$P" 2>&1)
rc=$?
secs=$(($(date +%s) - start))
echo "# import of $k page PDFs took ${secs}s"
check "import of the $k NDNP page PDFs exits 0" '[ $rc -eq 0 ]'
check "import says 8 pages" 'echo "$out" | grep -q "8 pages"'
nderived=$(find "$D/derived" -mindepth 1 -maxdepth 1 -type d | wc -l)
check "one derived dir per page ($nderived)" '[ "$nderived" -eq 8 ]'
words=$(sqlite3 "$D/folio.db" "select count(*) from page_word" 2>/dev/null || echo 0)
check "the text layer is stored ($words words)" '[ "${words:-0}" -gt 1000 ]'
dims=$(sqlite3 "$D/folio.db" "select width||'x'||height from page where number = 1" 2>/dev/null)
check "page size defaults to PDF points ($dims)" '[ "$dims" = "1031x1458" ]'
H=$(sqlite3 "$D/folio.db" "select pdf_media from page where number = 1" 2>/dev/null)

# ---- serve ----
exec 3<> <(:)
"$FOLIO" --data "$D" serve --listen 127.0.0.1:0 --ready-fd 3 \
    >"$T/server.log" 2>&1 &
SERVER_PID=$!
port=
for _ in $(seq 1 100); do
    port=$(grep -o 'port [0-9]*' "$T/server.log" | head -1 | cut -d' ' -f2)
    [ -n "$port" ] && break
    sleep 0.1
done
B="http://127.0.0.1:$port"
get() { # get URL [accept] -> "code type size"
    curl -s -o "$T/body" -H "Accept: ${2:-*/*}" \
        -w '%{http_code} %{content_type} %{size_download}' "$B$1"
}
r=$(get "/img/$H/screen" "image/avif,image/webp,*/*")
check "screen image, WebP when accepted ($r)" '[[ "$r" == "200 image/webp "* ]]'
r=$(get "/img/$H/screen" "image/png,*/*")
check "screen image, JPEG otherwise ($r)" '[[ "$r" == "200 image/jpeg "* ]]'
w=$(vipsheader -f width "$T/body" 2>/dev/null)
check "screen image is 1400 px wide ($w)" '[ "$w" = 1400 ]'
r=$(get "/img/$H/thumb.jpg")
w=$(vipsheader -f width "$T/body" 2>/dev/null)
check "thumbnail is a 200 px JPEG ($r, $w)" '[[ "$r" == "200 image/jpeg "* ]] && [ "$w" = 200 ]'
r=$(get "/img/$H/full.webp")
w=$(vipsheader -f height "$T/body" 2>/dev/null)
check "full image is WebP, long side at the cap ($r, $w)" '[[ "$r" == "200 image/webp "* ]] && [ "$w" = 2000 ]'
hdr=$(curl -sI "$B/img/$H/screen")
check "negotiated image varies on Accept, cached immutable" 'echo "$hdr" | grep -qi "^Vary: Accept" && echo "$hdr" | grep -qi "immutable"'
r=$(get "/iiif/$H/info.json")
check "IIIF info.json ($r)" '[[ "$r" == "200 application/ld+json"* ]]'
check "info.json: level 0, ImageService3, our id, 512 px tiles" 'python3 -c "
import json,sys; j=json.load(open(sys.argv[1]))
assert j[\"type\"]==\"ImageService3\" and j[\"profile\"]==\"level0\"
assert j[\"id\"]==\"/iiif/$H\" and j[\"tiles\"][0][\"width\"]==512
assert j[\"height\"]==2000 and 1 in j[\"tiles\"][0][\"scaleFactors\"]" "$T/body"'
r=$(get "/iiif/$H/0,0,512,512/512,512/0/default.jpg")
check "IIIF tile at full resolution ($r)" '[[ "$r" == "200 image/jpeg "* ]]'
r=$(get "/iiif/$H/../../folio.db")
check "IIIF path cannot leave the tiles ($r)" '[[ "$r" == 404* ]]'
r=$(get "/nordstern/1878-01-03/01.pdf")
check "page PDF download ($r)" '[[ "$r" == "200 application/pdf "* ]] && cmp -s "$T/body" "$FX/0011.pdf"'
r=$(get "/nordstern/1878-01-03.pdf")
np=$(pdfinfo "$T/body" 2>/dev/null | awk '/^Pages:/ {print $2}')
check "whole-issue PDF has the 8 pages in order ($r, $np pages)" '[[ "$r" == "200 application/pdf "* ]] && [ "$np" = 8 ]'
check "whole-issue PDF cached under derived/issues" '[ "$(ls "$D/derived/issues" | wc -l)" -eq 1 ]'
r=$(get "/img/$(printf 'a%.0s' $(seq 64))/screen")
check "unknown page image is 404 ($r)" '[[ "$r" == 404* ]]'

# ---- bad inputs: each refused, nothing stored, server unaffected ----
before=$("$FOLIO" --data "$D" list 2>&1)
nbefore=$(find "$D" -type f | wc -l)
python3 - "$T" <<'EOF'
import os, struct, sys
t = sys.argv[1]
def pdf(path, w, h):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            "/Contents 4 0 R >>" % (w, h)]
    body = b"0 0 0 rg 100 100 500 500 re f"
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i + 1, o.encode())
    offs.append(len(out))
    out += (b"4 0 obj\n<< /Length %d >>\nstream\n" % len(body) + body +
            b"\nendstream\nendobj\n")
    x = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x
    open(path, "wb").write(out)
def tiff_bomb(path):
    e = [(256, 4, 1, 100000), (257, 4, 1, 100000), (258, 3, 1, 8),
         (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, 8), (277, 3, 1, 1),
         (278, 4, 1, 100000), (279, 4, 1, 10)]
    ifd = struct.pack("<H", len(e)) + b"".join(
        struct.pack("<HHII", a, b, c, d) if b == 4 else
        struct.pack("<HHIHH", a, b, c, d, 0) for a, b, c, d in e)
    open(path, "wb").write(b"II*\0" + struct.pack("<I", 18) + b"\0" * 10 +
                           ifd + struct.pack("<I", 0))
def png_named_pdf(path):
    import zlib
    raw = b"".join(b"\0" + b"\x80" * 30 for _ in range(10))
    def chunk(k, d):
        return (struct.pack(">I", len(d)) + k + d +
                struct.pack(">I", zlib.crc32(k + d) & 0xffffffff))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(
        b"IHDR", struct.pack(">IIBBBBB", 10, 10, 8, 2, 0, 0, 0)) +
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
cases = {"truncated": ("pdf", "page.pdf"), "huge": ("pdf", "page.pdf"),
         "pngpdf": ("pdf", "page.pdf"), "zero": ("image", "page.png"),
         "bomb": ("image", "page.tif")}
for name, (kind, fname) in cases.items():
    d = os.path.join(t, "bad-" + name)
    os.makedirs(d)
    p = os.path.join(d, fname)
    if name == "truncated":
        src = open(os.environ["FX"] + "/0012.pdf", "rb").read()
        open(p, "wb").write(src[:300000])
    elif name == "huge":
        pdf(p, 14400, 14400)
    elif name == "pngpdf":
        png_named_pdf(p)
    elif name == "zero":
        open(p, "wb").close()
    else:
        tiff_bomb(p)
    open(os.path.join(d, "issue.json"), "w").write(
        '{"folio_package": 1, "paper": {"id": "nordstern", "name": "N",'
        ' "language": "de"}, "date": "1878-01-10", "pages": [{"number": 1,'
        ' "name": "1", "%s": "%s"}]}' % (kind, fname))
EOF
refuse() { # refuse case file expected-message-fragment
    local out rc
    out=$("$FOLIO" --data "$D" import --publish "$T/bad-$1" 2>&1)
    rc=$?
    echo "# $1: $out"
    [ $rc -ne 0 ] && echo "$out" | grep -q "$2" && echo "$out" | grep -qi "$3"
}
check "truncated PDF refused, naming the file" 'refuse truncated page.pdf "damaged or truncated"'
check "14400x14400 pt page refused" 'refuse huge page.pdf "14400x14400 pt"'
check "a PNG named .pdf refused" 'refuse pngpdf page.pdf "not a PDF"'
check "zero-byte image refused" 'refuse zero page.png "not a PNG\|empty"'
check "TIFF bomb refused before decoding" 'refuse bomb page.tif "100000x100000"'
after=$("$FOLIO" --data "$D" list 2>&1)
check "folio list unchanged" '[ "$before" = "$after" ]'
nafter=$(find "$D" -type f | wc -l)
check "no file added to the archive ($nbefore -> $nafter)" '[ "$nbefore" -eq "$nafter" ]'
check "no renderer temp dirs left behind" '[ -z "$(ls "$T/tmp")" ]'
r=$(get "/img/$H/thumb.webp")
check "server still answers after the refusals ($r)" '[[ "$r" == "200 image/webp "* ]]'
check "server process alive" 'kill -0 $SERVER_PID'

echo "1..$n"
[ $fails -eq 0 ]
