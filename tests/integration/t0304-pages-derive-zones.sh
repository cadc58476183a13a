#!/bin/bash
# SPDX-License-Identifier: MIT
# Zones from the page PDF's text layer: page 4 of a demo issue imported
# with its articles' zones removed (all but the first, whose given zones
# must be kept as they are) gets derived zones that cover >= 95 % of each
# article's laid-out lines (truth.json) and <= 5 % of any other article's;
# an article whose text is not on the page gets no zones and a warning.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_SOURCE_ROOT:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

echo "1..5"
if ! command -v python3 >/dev/null 2>&1; then
    for i in 1 2 3 4 5; do echo "ok $i # SKIP python3 not available"; done
    exit 0
fi
EX=$FOLIO_SOURCE_ROOT/examples/qhwb-2026-11-27
mkdir -p "$T/pkg/pages" "$T/pkg/img"
cp "$EX/pages/04.pdf" "$T/pkg/pages/" && cp "$EX"/img/*.png "$T/pkg/img/"
python3 - "$EX/issue.json" "$T/pkg/issue.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
j['pages'] = [p for p in j['pages'] if p['number'] == 4]
for i, a in enumerate(j['pages'][0]['articles']):
    a.pop('continues', None)
    a.pop('continued_from', None)
    if i > 0:
        a.pop('zones', None)
j['pages'][0]['articles'].append({
    'id': 'not-printed', 'headline': '这篇稿件没有印在版面上',
    'body': ['青禾市今天没有发生任何值得报道的事情，记者走遍全城也没有找到新闻。']})
json.dump(j, open(sys.argv[2], 'w'), ensure_ascii=False)
EOF
out=$("$FOLIO" import --data "$T/d" "$T/pkg" 2>&1)
rc=$?
check "import without zones (exit 0)" "[ $rc -eq 0 ]"
check "notes say how much text was located" \
    "printf '%s\n' \"\$out\" | grep -q 'note: .*pages\[0\]\.articles\[1\]: [0-9]*% of the text'"
check "warning for the article not on the page" \
    "printf '%s\n' \"\$out\" | grep -q 'warning: .*articles\[4\]: only [0-9]% .*not-printed'"
res=$(python3 - "$T/d/folio.db" "$EX/truth.json" "$EX/issue.json" <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
truth = [p for p in json.load(open(sys.argv[2]))['pages'] if p['number'] == 4][0]
given = [p for p in json.load(open(sys.argv[3]))['pages'] if p['number'] == 4][0]
zones = {}
for aid, x, y, w, h in db.execute(
        'SELECT a.aid, z.x, z.y, z.w, z.h FROM zone z JOIN article a '
        'ON a.id = z.article ORDER BY a.aid, z.seq'):
    zones.setdefault(aid, []).append((x, y, w, h))
def covered(box, zs):
    x0, y0, bw, bh = box
    inside = alls = 0
    steps = 40
    for i in range(steps):
        for k in range(8):
            px = x0 + bw * (i + 0.5) / steps
            py = y0 + bh * (k + 0.5) / 8
            alls += 1
            if any(zx <= px < zx + zw and zy <= py < zy + zh
                   for zx, zy, zw, zh in zs):
                inside += 1
    return inside / alls * bw * bh
bad = []
first = given['articles'][0]
if zones.get(first['id']) != [tuple(z) for z in first['zones']]:
    bad.append('given zones of %s changed' % first['id'])
if 'not-printed' in zones:
    bad.append('not-printed has zones')
for a in truth['articles']:
    zs = zones.get(a['id'], [])
    for b in truth['articles']:
        area = sum(l['box'][2] * l['box'][3] for l in b['lines'])
        cov = sum(covered(l['box'], zs) for l in b['lines']) / area
        if b is a and cov < 0.95:
            bad.append('%s covers %.0f%% of its lines' % (a['id'], 100 * cov))
        if b is not a and cov > 0.05 and a is not truth['articles'][0]:
            bad.append('%s covers %.0f%% of %s' % (a['id'], 100 * cov, b['id']))
print('; '.join(bad) if bad else 'good')
EOF
)
check "given zones kept, none for the article not on the page" \
    "! printf '%s\n' \"\$res\" | grep -q 'given\|not-printed'"
check "derived zones cover their lines, not others' ($res)" \
    "[ \"\$res\" = good ]"
exit $((fails > 0))
