#!/bin/bash
# SPDX-License-Identifier: MIT
# NDNP page images: the METS import renders a page PDF into the page's
# derivatives (imaging child) when --no-page-images is not given. One page
# of the NDNP fixture (its METS cut to page 1, with 0011.pdf and
# 0011.xml beside it) is imported with images; the derivatives exist on
# disk, and the page view serves them in the shape of the ALTO's page
# (17175 x 24306 inch1200 = 4294 x 6077 px of page space).
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
: "${FOLIO_FIXTURES:=}"
ISSDIR="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data/sn83045350/00295876384/1878010301"
tap_need_file "$ISSDIR/1878010301.xml" \
    "fixture mets-alto/ndnp-nordstern-1878 absent"
tap_tmp
SERVER_PID=
tap_kill_on_exit SERVER_PID
D=$T/data

tap_plan 13
# the issue METS with page 1 only: pages 2-8 dropped from the fileSec,
# the physical structMap and the page MODS
I=$T/issue
mkdir -p "$I"
cp "$ISSDIR/0011.pdf" "$ISSDIR/0011.xml" "$I/"
python3 - "$ISSDIR/1878010301.xml" "$I/1878010301.xml" <<'PYEOF'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
for k in range(2, 9):
    s = re.sub(r'<dmdSec ID="pageModsBib%d">.*?</dmdSec>\s*' % k, '', s,
               flags=re.S)
    s = re.sub(r'<fileGrp ID="pageFileGrp%d">.*?</fileGrp>\s*' % k, '', s,
               flags=re.S)
    s = re.sub(r'<div DMDID="pageModsBib%d" TYPE="np:page">.*?</div>\s*' % k,
               '', s, flags=re.S)
open(sys.argv[2], 'w', encoding='utf-8').write(s)
PYEOF
check "one-page METS made (1 page div)" \
    "[ \"\$(grep -c 'TYPE=\"np:page\"' \"$I/1878010301.xml\")\" = 1 ]"

start=$(date +%s)
out=$("$FOLIO" import --data "$D" --publish --json "$I/1878010301.xml" \
    2>"$T/err"); rc=$?
secs=$(($(date +%s) - start))
check "import with page images succeeds in ${secs}s" "[ $rc -eq 0 ]"
v=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(len(d["issues"]), d["issues"][0]["pages"], len(d["errors"]))')
check "report: 1 issue, 1 page, no errors ($v)" "[ \"$v\" = '1 1 0' ]"

pdfsha=$(sha256sum "$I/0011.pdf" | cut -d' ' -f1)
DER=$D/derived/$pdfsha
check "derivatives made under derived/<sha of the PDF>" "[ -d \"$DER\" ]"
nfiles=$(find "$DER" -type f | wc -l)
check "derivative files are there ($nfiles)" "[ $nfiles -ge 3 ]"

READY=$T/ready
mkfifo "$READY"
"$FOLIO" serve --data "$D" --listen 127.0.0.1:0 --ready-fd 3 3>"$READY" \
    2>"$T/serve.err" &
SERVER_PID=$!
PORT=
if read -r -t 10 word PORT <"$READY" && [ "$word" = ready ]; then
    ok 0 "server ready"
else
    not_ok "server ready"
    echo "1..$tap_n"
    exit 1
fi
H=http://127.0.0.1:$PORT

curl -s -o "$T/page.html" "$H/sn83045350/1878-01-03/01/"
src=$(grep -o '<img class="page-img" src="[^"]*"' "$T/page.html" |
    sed 's/.*src="//; s/"$//')
check "page view shows the page image ($src)" \
    "[ \"$src\" = \"/img/$pdfsha/screen\" ]"
check "the page view is the deep-zoom viewer's (data-iiif)" \
    "grep -q \"data-iiif=\\\"/iiif/$pdfsha\" \"$T/page.html\""

# an image's pixel size from its bytes (WebP VP8/VP8L/VP8X, JPEG SOF)
cat >"$T/size.py" <<'PYEOF'
import struct, sys
b = open(sys.argv[1], 'rb').read()
if b[:4] == b'RIFF' and b[8:12] == b'WEBP':
    c = b[12:16]
    if c == b'VP8 ':
        w, h = struct.unpack('<HH', b[26:30])
        print('webp', w & 0x3fff, h & 0x3fff)
    elif c == b'VP8L':
        v = int.from_bytes(b[21:25], 'little')
        print('webp', (v & 0x3fff) + 1, ((v >> 14) & 0x3fff) + 1)
    elif c == b'VP8X':
        print('webp', int.from_bytes(b[24:27], 'little') + 1,
              int.from_bytes(b[27:30], 'little') + 1)
elif b[:3] == b'\xff\xd8\xff':
    i = 2
    while i < len(b):
        m, ln = b[i + 1], struct.unpack('>H', b[i + 2:i + 4])[0]
        if m in (0xc0, 0xc1, 0xc2):
            h, w = struct.unpack('>HH', b[i + 5:i + 9])
            print('jpeg', w, h)
            break
        i += 2 + ln
else:
    print('unknown 0 0')
PYEOF
r=$(curl -s -o "$T/screen" -w '%{http_code} %{content_type}' \
    -H 'Accept: image/webp,*/*' "$H$src")
read -r kind w h < <(python3 "$T/size.py" "$T/screen")
check "screen image serves as WebP ($r)" \
    "[ \"\$r\" = '200 image/webp' ] && [ \"$kind\" = webp ]"
# 1400 px wide, height in the page's proportion 4294 : 6077
hh=$(( (w * 6077 + 2147) / 4294 ))
check "screen image is 1400 px wide, page-shaped (${w}x${h})" \
    "[ \"$w\" = 1400 ] && [ \$((h - hh)) -ge -2 ] && [ \$((h - hh)) -le 2 ]"
r=$(curl -s -o "$T/thumb" -w '%{http_code} %{content_type}' \
    -H 'Accept: image/jpeg' "$H/img/$pdfsha/thumb")
read -r kind w h < <(python3 "$T/size.py" "$T/thumb")
check "thumbnail serves as JPEG, 200 px wide ($r, $kind ${w}x${h})" \
    "[ \"\$r\" = '200 image/jpeg' ] && [ \"$kind\" = jpeg ] && [ \"$w\" = 200 ]"
r=$(curl -s -o "$T/info.json" -w '%{http_code}' "$H/iiif/$pdfsha/info.json")
read -r w h < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["width"], d["height"])' "$T/info.json" 2>/dev/null)
# the PDF is rendered at 200 dpi (imaging's full size); the viewer maps
# the page space (4294 x 6077) onto it, so only the shape must agree
check "IIIF info.json: a full image larger than screen, page-shaped ($r ${w}x${h})" \
    "[ \"$r\" = 200 ] && [ \"\${w:-0}\" -gt 1400 ] && [ \$(( (w * 6077 + 2147) / 4294 - h )) -ge -2 ] && [ \$(( (w * 6077 + 2147) / 4294 - h )) -le 2 ]"
check "block zones drawn over the image" \
    "grep -q 'class=\"text-block\"' \"$T/page.html\""
tap_done
