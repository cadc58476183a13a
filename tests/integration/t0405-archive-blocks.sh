#!/bin/bash
# SPDX-License-Identifier: MIT
# Pages without article segmentation (the NDNP batch) outline their text
# blocks on the page view: one SVG link per ALTO TextBlock holding words,
# its box the union of the words' boxes scaled from inch1200 into the
# page's 300 dpi pixels (x 1/4), linked to the block in the page text
# view (…/text#b<N>) and named by its first words. The BNL issue (articles,
# no page images) keeps its headline list and draws no block zones.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
. "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
: "${FOLIO_FIXTURES:=}"
NDNP="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data/batch.xml"
ISSDIR="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data/sn83045350/00295876384/1878010301"
BNLDIR="$FOLIO_FIXTURES/mets-alto/bnl-luxzeit-1858/2385348_newspaper_luxzeit1858_1858-12-07_01"
tap_need_file "$NDNP" "mets-alto fixtures absent"
tap_need_dir "$BNLDIR" "mets-alto fixtures absent"
tap_tmp
SERVER_PID=
tap_kill_on_exit SERVER_PID
D=$T/data

tap_plan 21
"$FOLIO" import --data "$D" --publish --no-page-images "$NDNP" \
    >/dev/null 2>&1
check "NDNP batch imports" "[ $? -eq 0 ]"
"$FOLIO" import --data "$D" --publish --paper luxzeit "$BNLDIR" \
    >/dev/null 2>&1
check "BNL issue imports" "[ $? -eq 0 ]"

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
for p in 1 2 3 4 5 6 7 8; do
    pp=$(printf '%02d' "$p")
    curl -s -o "$T/page$p.html" "$H/sn83045350/1878-01-03/$pp/"
    curl -s -o "$T/text$p.html" "$H/sn83045350/1878-01-03/$pp/text"
done
curl -s -o "$T/issue.html" "$H/sn83045350/1878-01-03/"
curl -s -o "$T/en.html" "$H/sn83045350/1878-01-03/02/?lang=en"

# Compare the served block links of every page with the ALTO: the
# number of TextBlocks holding Strings, and each block's box (the union
# of its Strings' boxes, x 1/4, clipped to the page) within 1 px.
cat >"$T/cmp.py" <<'PYEOF'
import html, re, sys, xml.etree.ElementTree as ET

def local(tag):
    return tag.rsplit('}', 1)[-1]

def alto_blocks(path, W, H):
    out = []
    for el in ET.parse(path).iter():
        if local(el.tag) != 'TextBlock':
            continue
        boxes, words = [], []
        for s in el.iter():
            if local(s.tag) != 'String':
                continue
            x, y = float(s.get('HPOS')) / 4, float(s.get('VPOS')) / 4
            w, h = float(s.get('WIDTH')) / 4, float(s.get('HEIGHT')) / 4
            boxes.append((max(x, 0), max(y, 0), min(x + w, W), min(y + h, H)))
            words.append(s.get('CONTENT'))
        if boxes:
            out.append((min(b[0] for b in boxes), min(b[1] for b in boxes),
                        max(b[2] for b in boxes), max(b[3] for b in boxes),
                        words))
    return out

mode, tmp, issdir = sys.argv[1], sys.argv[2], sys.argv[3]
link = re.compile(r'<a class="text-block" href="([^"]*)" aria-label="([^"]*)">'
                  r'<title>[^<]*</title><rect x="(\d+)" y="(\d+)" '
                  r'width="(\d+)" height="(\d+)"/></a>')
total_alto = total_html = bad_box = bad_href = bad_label = 0
for p in range(1, 9):
    page = open('%s/page%d.html' % (tmp, p), encoding='utf-8').read()
    text = open('%s/text%d.html' % (tmp, p), encoding='utf-8').read()
    vb = re.search(r'<svg class="zones" viewBox="0 0 (\d+) (\d+)"', page)
    W, H = int(vb.group(1)), int(vb.group(2))
    blocks = alto_blocks('%s/%04d.xml' % (issdir, 10 + p), W, H)
    links = link.findall(page)
    total_alto += len(blocks)
    total_html += len(links)
    for (href, label, x, y, w, h), b in zip(links, blocks):
        x, y, w, h = int(x), int(y), int(w), int(h)
        if (abs(x - b[0]) > 1 or abs(y - b[1]) > 1 or
                abs(x + w - b[2]) > 1 or abs(y + h - b[3]) > 1):
            bad_box += 1
            if mode == 'verbose':
                print('page', p, (x, y, x + w, y + h), b[:4], file=sys.stderr)
        m = re.fullmatch(r'/sn83045350/1878-01-03/%02d/text#b(\d+)' % p, href)
        if not m or ('<p class="ocr-block" id="b%s">' % m.group(1)) not in text:
            bad_href += 1
        if not html.unescape(label).startswith(b[4][0]):
            bad_label += 1
print(total_alto, total_html, bad_box, bad_href, bad_label)
PYEOF
read -r nalto nhtml badbox badhref badlabel < <(python3 "$T/cmp.py" \
    verbose "$T" "$ISSDIR")
check "ALTO has many text blocks with words ($nalto)" "[ \"${nalto:-0}\" -gt 100 ]"
check "page views draw exactly one block link per such block ($nhtml of $nalto)" \
    "[ \"$nhtml\" = \"$nalto\" ]"
check "every block box is its words' union x 1/4 within 1 px ($badbox off)" \
    "[ \"$badbox\" = 0 ]"
check "every block links to its paragraph in the text view ($badhref bad)" \
    "[ \"$badhref\" = 0 ]"
check "every block is named by its first words ($badlabel bad)" \
    "[ \"$badlabel\" = 0 ]"
box=$(grep -o '<a class="text-block" href="/sn83045350/1878-01-03/01/text#b0"[^>]*><title>[^<]*</title><rect[^>]*>' \
    "$T/page1.html" | grep -o '<rect[^>]*>')
# the same box from the ALTO, by hand: page 1's first TextBlock, the
# union of its Strings (HPOS, VPOS, WIDTH, HEIGHT in inch1200) / 4,
# rounded half up; it lies inside the block's own HPOS/VPOS box / 4
v=$(python3 -c '
import math, sys, xml.etree.ElementTree as ET
d = ET.parse(sys.argv[1])
b = [e for e in d.iter() if e.tag.endswith("}TextBlock")][0]
s = [e for e in b.iter() if e.tag.endswith("}String")]
f = lambda e, a: float(e.get(a))
r = lambda v: math.floor(v / 4 + 0.5)
x0 = min(f(e, "HPOS") for e in s); y0 = min(f(e, "VPOS") for e in s)
x1 = max(f(e, "HPOS") + f(e, "WIDTH") for e in s)
y1 = max(f(e, "VPOS") + f(e, "HEIGHT") for e in s)
assert f(b, "HPOS") <= x0 and x1 <= f(b, "HPOS") + f(b, "WIDTH")
assert f(b, "VPOS") <= y0 and y1 <= f(b, "VPOS") + f(b, "HEIGHT")
# each word box is rounded on its own (x, width), then united
x1 = max(r(f(e, "HPOS")) + r(f(e, "WIDTH")) for e in s)
y1 = max(r(f(e, "VPOS")) + r(f(e, "HEIGHT")) for e in s)
x0, y0 = r(x0), r(y0)
print("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>" %
      (x0, y0, x1 - x0, y1 - y0))' "$ISSDIR/0011.xml")
check "page 1 block b0: its box from the ALTO inch1200 x 1/4 ($box; $v)" \
    "[ -n \"$box\" ] && [ \"\$box\" = \"\$v\" ]"
check "block zones sit in the page's zone overlay" \
    "grep -q '<svg class=\"zones\" viewBox=\"0 0 4294 6077\"' \"$T/page1.html\""
check "the issue's front page outlines page 1's blocks too" \
    "[ \"\$(grep -c 'class=\"text-block\"' \"$T/issue.html\")\" = \"\$(grep -c 'class=\"text-block\"' \"$T/page1.html\")\" ]"
check "block links keep the language (?lang=en)" \
    "grep -q 'href=\"/sn83045350/1878-01-03/02/text?lang=en#b' \"$T/en.html\""

# the block links are labelled as text blocks, not article zones, and a
# skip link before them jumps to a target after them (before the thumbs)
check "block group labelled 本版文字块 / Text blocks on this page" \
    "grep -q 'role=\"group\" aria-label=\"本版文字块\"' \"$T/page1.html\" && ! grep -q '本版文章热区' \"$T/page1.html\" && grep -q 'aria-label=\"Text blocks on this page\"' \"$T/en.html\""
order=$(python3 - "$T/page1.html" <<'PYEOF'
import sys
h = open(sys.argv[1], encoding='utf-8').read()
p = [h.find(s) for s in ('<a class="skip-blocks" href="#blocks-end-1">跳过本版文字块</a>',
                         'class="text-block"', '<span id="blocks-end-1" tabindex="-1">',
                         '<nav class="thumbs"')]
last = h.rfind('class="text-block"')
print('ok' if -1 not in p and p[0] < p[1] and last < p[2] < p[3] else p)
PYEOF
)
check "skip link before the 166+ block links, its target after them ($order)" \
    "[ \"\$order\" = ok ]"
check "标题导航 points to the page's text view when there are no articles" \
    "grep -q '<p class=\"empty\">本版没有文章。 <a href=\"/sn83045350/1878-01-03/01/text\">本版文字版</a></p>' \"$T/page1.html\""
check "... in English too, keeping the language" \
    "grep -q 'There are no articles on this page. <a href=\"/sn83045350/1878-01-03/02/text?lang=en\">Text of this page</a>' \"$T/en.html\""
check "the head names an empty icon (no /favicon.ico request)" \
    "grep -q '<link rel=\"icon\" href=\"data:,\">' \"$T/page1.html\""
csp=$(curl -s -D - -o /dev/null "$H/sn83045350/1878-01-03/01/" | tr -d '\r' | grep -i '^content-security-policy:')
check "the CSP allows data: images (the icon)" \
    "echo \"\$csp\" | grep -q \"img-src 'self' data:\""
check "the English search box gives an English example" \
    "grep -q 'placeholder=\"e.g. G20 summit\"' \"$T/en.html\""

# ---- the BNL issue: articles, no page images: a clean headline list ----
curl -s -o "$T/bnl.html" "$H/luxzeit/1858-12-07/01/"
check "BNL page view shows its headline list, no block zones" \
    "grep -q 'class=\"headline-list\"' \"$T/bnl.html\" && ! grep -q 'text-block' \"$T/bnl.html\""
check "server still running" "kill -0 $SERVER_PID"
tap_done
