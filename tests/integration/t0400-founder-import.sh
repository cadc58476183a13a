#!/bin/bash
# SPDX-License-Identifier: MIT
# Founder (方正) e-paper mirrors: the real 科技日报 page (node_2.htm, old
# html/YYYY-MM/DD shape) and 31 real 湖北日报 articles (split into
# content_N.html files of the newer pc/content/YYYYMM/DD shape) import with
# their counts; a GBK copy with a wrong charset meta in the layout shape,
# rect areas and entities; --dry-run/--json reports; old URLs answer 301.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
FX=${FOLIO_FIXTURES:-}/epaper-html
T=$(mktemp -d)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

if [ ! -f "$FX/node_2.htm" ] || [ ! -f "$FX/articles-founder-markers.txt" ]; then
    echo "1..0 # SKIP fixtures epaper-html/ not found"
    exit 0
fi
echo "1..31"
jget() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
D=$T/data

# ---- 1. the real page, old shape, nothing else of the site ----
M1=$T/kjrb/html/2023-02/10
mkdir -p "$M1"
cp "$FX/node_2.htm" "$M1/"
out=$("$FOLIO" import --dry-run --json "$T/kjrb" 2>"$T/err"); rc=$?
check "dry run exits 0" "[ $rc -eq 0 ]"
check "dry run report: kjrb 2023-02-10, 1 page, 5 articles, 7 zones" \
    "[ \"\$(printf '%s' \"\$out\" | jget '[(i[\"paper\"],i[\"date\"],i[\"pages\"],i[\"articles\"],i[\"zones\"]) for i in d[\"issues\"]]')\" = \"[('kjrb', '2023-02-10', 1, 5, 7)]\" ]"
check "missing page image and PDF are warnings" \
    "printf '%s' \"\$out\" | jget 'd[\"warnings\"]' | grep -q 'KJRB2023021001_b.jpg' && printf '%s' \"\$out\" | jget 'len(d[\"errors\"])' | grep -qx 0"
check "dry run stores nothing" "[ ! -e \"$D\" ]"
out=$("$FOLIO" import --data "$D" --publish "$T/kjrb" 2>"$T/err"); rc=$?
check "import exits 0 and says what it stored" \
    "[ $rc -eq 0 ] && [ \"\$out\" = 'imported kjrb 2023-02-10: 1 page, 5 articles, 7 zones (published)' ]"
check "warnings go to stderr" "grep -q 'folio: warning: kjrb 2023-02-10: page image' \"$T/err\""
out=$("$FOLIO" import --data "$D" --json --publish "$T/kjrb" 2>/dev/null); rc=$?
check "rerun: unchanged issue skipped, nothing written" \
    "[ $rc -eq 0 ] && [ \"\$(printf '%s' \"\$out\" | jget 'd[\"issues\"][0][\"skipped\"]')\" = True ]"
printf '\n' >>"$M1/node_2.htm"
err=$("$FOLIO" import --data "$D" "$T/kjrb" 2>&1 >/dev/null); rc=$?
check "changed source of a published issue needs --replace" \
    "[ $rc -eq 1 ] && printf '%s' \"\$err\" | grep -q 'is published; use --replace'"
counts=$("$FOLIO" list --data "$D" --json | jget '[(p["id"],p["name"],i["pages"],i["articles"]) for p in d["papers"] for i in p["issues"]]')
check "list --json: 科技日报, 1 page, 5 articles" "[ \"\$counts\" = \"[('kjrb', '科技日报', 1, 5)]\" ]"
zones=$(python3 -c "
import sqlite3,sys
db=sqlite3.connect(sys.argv[1])
print(db.execute('select count(*), sum(points is not null) from zone').fetchone())" "$D/folio.db")
check "7 zones stored, all polygons" "[ \"\$zones\" = '(7, 7)' ]"

# ---- 2. 31 real articles in the newer content/YYYYMM/DD shape ----
M2=$T/hbrb/pc/content/202302/11
mkdir -p "$M2"
perl -e 'local $/; $_ = <STDIN>; for (split /(?=<div id="scroller">)/) {
    next unless /<paperarticleid>(\d+)/;
    open(my $f, ">", "$ARGV[0]/content_$1.html") or die; print $f $_; close $f }' \
    "$M2" <"$FX/articles-founder-markers.txt"
check "split into 31 article files" "[ \$(ls \"$M2\" | wc -l) -eq 31 ]"
err=$("$FOLIO" import --data "$D" "$T/hbrb" 2>&1 >/dev/null); rc=$?
check "article-only mirror needs --paper (exit 1)" \
    "[ $rc -eq 1 ] && printf '%s' \"\$err\" | grep -q -- '--paper'"
out=$("$FOLIO" import --data "$D" --json "$T/hbrb" 2>/dev/null); rc=$?
check "--json on failure: one object with the error, exit 1" \
    "[ $rc -eq 1 ] && [ \"\$(printf '%s' \"\$out\" | jget '(len(d[\"issues\"]), len(d[\"errors\"]), \"--paper\" in d[\"errors\"][0])')\" = '(0, 1, True)' ]"
err=$("$FOLIO" import --dry-run --progress --paper hbrb "$T/hbrb" 2>&1 >/dev/null)
check "--progress: plain progress line on stderr" \
    "printf '%s\n' \"\$err\" | grep -q '^folio: import: issues 1/1, pages 4, .* ETA 0 s$'"
err=$("$FOLIO" import --data "$D" "$T/nothing-here" 2>&1); rc=$?
check "absent path: exit 1" "[ $rc -eq 1 ] && printf '%s' \"\$err\" | grep -q 'nothing-here'"
out=$("$FOLIO" import --data "$D" --json --paper hbrb --paper-name 湖北日报 --publish "$T/hbrb"); rc=$?
check "31 articles on 4 pages (nowLayout), pictures missing are warnings" \
    "[ $rc -eq 0 ] && [ \"\$(printf '%s' \"\$out\" | jget '(d[\"issues\"][0][\"pages\"], d[\"issues\"][0][\"articles\"], len([w for w in d[\"warnings\"] if \"picture\" in w]))')\" = '(4, 31, 7)' ]"

# ---- 3. GBK, wrong charset meta, layout shape, rect areas, entities ----
M3=$T/gbk/pc/layout/202302/12
C3=$T/gbk/pc/content/202302/12
mkdir -p "$M3" "$C3"
tail -c +4 "$FX/node_2.htm" | sed -e 's/2023-02\/10/2023-02\/12/g' \
    -e 's|<map name=PagePicMap>|<map name=PagePicMap><area shape="rect" coords="10,560,170,600" href="../../../content/202302/12/content_9.html">|' |
    iconv -f UTF-8 -t GB18030 >"$M3/node_01.html"
printf '<html><head><meta charset="utf-8"><title>t</title></head><body>
<!--enpcontent--><p>&ldquo;春&rdquo;&nbsp;来&#20102;</p><p>第二段 &amp; 完</p><!--/enpcontent-->
<!--enpproperty <date>2023-02-12</date><title>测试&amp;标题</title><introtitle>引题</introtitle><subtitle>副题</subtitle><author>记者 王五</author>/enpproperty-->
</body></html>\r\n' | iconv -f UTF-8 -t GBK >"$C3/content_9.html"
# a page image this time (PNG bytes under the mirror's .jpg name: 360x620)
mkdir -p "$T/gbk/pc/images/2023-02/12/01"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01\x68\x00\x00\x02\x6c\x08\x02\x00\x00\x00' \
    >"$T/gbk/pc/images/2023-02/12/01/KJRB2023021001_b.jpg"
check "the GBK files are not UTF-8" "! iconv -f UTF-8 -t UTF-8 \"$M3/node_01.html\" >/dev/null 2>&1"
out=$("$FOLIO" import --data "$D" --json --publish "$T/gbk" 2>/dev/null); rc=$?
check "GBK page imports: 1 page, 6 articles, 8 zones" \
    "[ $rc -eq 0 ] && [ \"\$(printf '%s' \"\$out\" | jget '(d[\"issues\"][0][\"paper\"], d[\"issues\"][0][\"pages\"], d[\"issues\"][0][\"articles\"], d[\"issues\"][0][\"zones\"])')\" = \"('kjrb', 1, 6, 8)\" ]"
rect=$(python3 -c "
import sqlite3,sys
db=sqlite3.connect(sys.argv[1])
print(db.execute(\"select z.x,z.y,z.w,z.h,z.points is null from zone z join article a on a.id=z.article join issue i on i.id=a.issue_id where i.date='2023-02-12' and a.aid='9'\").fetchall())" "$D/folio.db")
check "rect area kept as a rectangle" "[ \"\$rect\" = '[(10, 560, 160, 40, 1)]' ]"

# ---- 4. serve: the reader and the old URLs ----
"$FOLIO" import --data "$D" --paper drft "$T/hbrb" >/dev/null 2>&1
READY=$T/ready
"$FOLIO" serve --data "$D" --listen 127.0.0.1:0 --ready-fd 3 --legacy-prefix /epaper \
    3>"$READY" 2>"$T/serve.err" &
SERVER_PID=$!
PORT=
for _ in $(seq 100); do
    read -r word PORT <"$READY" 2>/dev/null && [ "$word" = ready ] && break
    sleep 0.1
done
check "server ready" "[ -n \"\$PORT\" ]"
B=http://127.0.0.1:$PORT
loc() { curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$B$1"; }
check "old page URL: 301 to the page" \
    "[ \"\$(loc /epaper/html/2023-02/10/node_2.htm)\" = \"301 $B/kjrb/2023-02-10/01/\" ]"
check "old article URL: 301 to the article" \
    "[ \"\$(loc /epaper/html/2023-02/10/content_548646.htm)\" = \"301 $B/kjrb/2023-02-10/01/548646\" ]"
check "newer layout shape: 301" \
    "[ \"\$(loc /epaper/kjrb/pc/layout/202302/12/node_01.html)\" = \"301 $B/kjrb/2023-02-12/01/\" ]"
check "newer content shape: 301" \
    "[ \"\$(loc /epaper/pc/content/202302/11/content_211250.html)\" = \"301 $B/hbrb/2023-02-11/02/211250\" ]"
check "outside the prefix: 404" \
    "[ \"\$(loc /html/2023-02/10/node_2.htm)\" = '404 ' ]"
check "unknown old page: 404" \
    "[ \"\$(loc /epaper/html/2023-02/10/node_99.htm)\" = '404 ' ]"
art=$(curl -s "$B/hbrb/2023-02-11/02/211250")
check "article served with its headline and body" \
    "printf '%s' \"\$art\" | grep -q '领导干部要保持清醒 自觉抵制违规吃喝' && printf '%s' \"\$art\" | grep -q '湖北日报评论员'"
art=$(curl -s "$B/kjrb/2023-02-12/01/9")
check "GBK article: entities decoded, kicker/subhead/byline" \
    "printf '%s' \"\$art\" | grep -q '“春” 来了' && printf '%s' \"\$art\" | grep -q '测试&amp;标题' && printf '%s' \"\$art\" | grep -q '引题' && printf '%s' \"\$art\" | grep -q '记者 王五'"
page=$(curl -s "$B/kjrb/2023-02-10/01/")
check "page lists its 5 articles" \
    "[ \$(printf '%s' \"\$page\" | grep -o 'href=\"/kjrb/2023-02-10/01/[0-9][0-9]*\"' | sort -u | wc -l) -eq 5 ]"
page=$(curl -s "$B/kjrb/2023-02-12/01/")
svg=$(printf '%s' "$page" | sed -n '/<svg class="zones"/,/<\/svg>/p')
check "page image served with its zones: 7 polygons and 1 rectangle" \
    "[ \$(printf '%s' \"\$svg\" | grep -o '<polygon ' | wc -l) -eq 7 ] && [ \$(printf '%s' \"\$svg\" | grep -o '<rect ' | wc -l) -eq 1 ]"
check "zone coordinate space is the page image's (360x620)" \
    "printf '%s' \"\$svg\" | grep -q 'viewBox=\"0 0 360 620\"'"
exit $((fails > 0))
