#!/bin/bash
# SPDX-License-Identifier: MIT
# Search recall on news-1000 (1,000 real articles): for 200 substrings of
# 1-4 characters (fixed seed), some in traditional characters, folio search
# returns every article whose text contains the substring (oracle: a plain
# substring scan). Then hostile queries: an answer or a clear error (exit
# 1), never a crash, in bounded time.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
TSV="${FOLIO_FIXTURES:-}/zh-text/news-1000.tsv"
if [ ! -f "$TSV" ]; then
    echo "1..0 # SKIP no fixture $TSV"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
GEN="$FOLIO_SOURCE_ROOT/tools/gen-archive.py"
python3 "$GEN" --mode plain --per-issue 100 --out "$T/pkgs" "$TSV" || exit 1
for d in "$T"/pkgs/*/; do
    "$FOLIO" --data "$T/data" import --publish "$d" >/dev/null || exit 1
done
python3 - "$FOLIO" "$T/data" "$TSV" "$GEN" <<'PY'
import concurrent.futures, importlib.util, json, random, re, subprocess, sys, time
folio, data, tsv, gen = sys.argv[1:5]
spec = importlib.util.spec_from_file_location("gen", gen)
g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)
texts = []
for line in open(tsv, encoding="utf-8"):
    line = line.rstrip("\n")
    if "\t" in line:
        t = g.clean(line.split("\t", 1)[1])
        if t.strip():
            texts.append(t)
T2S = dict(zip("國際發會經濟說時間東長門開關們來對為這業",
               "国际发会经济说时间东长门开关们来对为这业"))
S2T = {v: k for k, v in T2S.items()}
rnd = random.Random(20260205)
cases = []
while len(cases) < 200:
    # any substring of 1-4 characters with at least one searchable
    # character (a letter, digit or CJK character), mixed with whatever
    # punctuation or spaces surround it, starting anywhere (also inside a
    # Latin word or number: IN in CHINA, 018 in 2018)
    t = rnd.choice(texts)
    n = rnd.randint(1, 4)
    i = rnd.randrange(0, max(1, len(t) - n + 1))
    sub = t[i:i + n]
    if len(sub) < 1 or not any(c.isalnum() for c in sub):
        continue
    if len(cases) % 10 == 0 and any(c in S2T for c in sub):
        q = "".join(S2T.get(c, c) for c in sub)
    elif len(cases) % 10 == 0:
        continue
    else:
        q = sub
    cases.append((sub, q))
# what the query language reads differently from the text: '-' after a
# space excludes, key:value is a filter; searched as a quoted phrase only
special = re.compile(r"(^|\s)-\S|(paper|from|to|date|page|版|section|by|md):")
def run(q):
    return subprocess.run([folio, "--data", data, "search", "--json",
                           "--limit", "0", "--timeout", "60000", "--", q],
                          capture_output=True, text=True)
def quoted(q):
    # a '"' in the text cannot be quoted: the unquoted text is the query
    return q if '"' in q else '"%s"' % q
# as typed, a text without spaces, quotes or operators is one term, the
# same search as quoted: only the others are searched both ways (each
# search is a process: keep the test short)
def plain_differs(q):
    return any(c.isspace() or c in '"“”＂|-' for c in q) or "OR" in q
forms = [(sub, q, form) for sub, q in cases
         for form in ("quoted", "plain") if form == "quoted" or plain_differs(q)]
def timed(f):
    sub, q, form = f
    if form == "plain" and special.search(q):
        return None, 0.0
    t0 = time.time()
    r = run(quoted(q) if form == "quoted" else q)
    return r, time.time() - t0
n = 0
fails = 0
print("1..%d" % (len(forms) + 3))
worst = 0.0
# two searches at a time (two cores); answers checked in order
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    answers = list(pool.map(timed, forms))
for (sub, q, form), (r, secs) in zip(forms, answers):
    want = {k for k, t in enumerate(texts) if sub in t}
    n += 1
    if r is None:
        print("ok %d - %r plain # SKIP the query language reads it" %
              (n, q))
        continue
    worst = max(worst, secs)
    if r.returncode != 0:
        fails += 1
        print("not ok %d - %s %r: exit %d %s" %
              (n, form, q, r.returncode, r.stderr.strip()))
        continue
    got = {int(h["article"][1:]) for h in json.loads(r.stdout)["hits"]}
    missing = want - got
    if missing:
        fails += 1
        print("not ok %d - %s %r (for %r): %d of %d missing, e.g. a%04d" %
              (n, form, q, sub, len(missing), len(want), min(missing)))
    else:
        print("ok %d - %s %r: all %d found (%d returned)" %
              (n, form, q, len(want), len(got)))
n += 1
print("%s %d - recall 1.0 over %d substrings" %
      ("ok" if fails == 0 else "not ok", n, len(cases)))
# text the query language could misread, typed as it is: a leading '-'
# with nothing positive beside it, OR alone or at an end, lone or
# unbalanced quotes, full-width punctuation and forms: every article
# containing the text is found (exit 0)
odd = ["-5", "-2018", "OR", "or", "a OR", "OR 2", "|", '"', '"民生', '民生"',
       '"5G', "－5", "ＯＲ", "“民生", "民生”", "（民生", "2018年", "018",
       "IN", "hina", "\u3000民生", "-\"民生\"", "--民生"]
bad = 0
for q in odd:
    needle = q.strip('"“”（\u3000')
    if needle.startswith("--") or needle.startswith("-\""):
        needle = needle.lstrip('-"').rstrip('"')
    want = ({k for k, t in enumerate(texts)
             if needle.lower() in t.lower()} if needle else set())
    r = run(q)
    if not needle or not any(c.isalnum() for c in needle):
        if r.returncode not in (0, 1) or (r.returncode == 1 and
                                          "folio: error:" not in r.stderr):
            bad += 1
            print("# odd %r: exit %d %s" % (q, r.returncode, r.stderr[:200]))
        continue
    if r.returncode != 0:
        bad += 1
        print("# odd %r: exit %d %s" % (q, r.returncode, r.stderr[:200]))
        continue
    got = {int(h["article"][1:]) for h in json.loads(r.stdout)["hits"]}
    if want - got:
        bad += 1
        print("# odd %r: %d of %d missing" % (q, len(want - got), len(want)))
    else:
        print("# odd %r: all %d found (%d returned)" % (q, len(want), len(got)))
n += 1
print("%s %d - %d queries of odd text find what contains them" %
      ("ok" if bad == 0 else "not ok", n, len(odd)))
fails += bad
# hostile queries: exit 0 (results) or 1 (clear error), never a crash
hostile = ['"unbalanced', '((民生', 'NEAR(', 'NEAR(民生 教育, 2)', '*', '^',
           '民生*', '^民生', 'a AND', 'OR', '-', '--民生', '-民生', '"',
           '""', '。，、！？', '\u3000', 'x' * 10240, '民' * 3000,
           'a\x01b', 'col:民生', 'headline:民生', '{headline}:x',
           'paper:../etc', 'from:2020-13-01', 'page:0', 'md:02-30x',
           'date:2020..', '民生 OR', 'OR 民生', '"民生" -"民生"']
bad = 0
for q in hostile:
    t0 = time.time()
    try:
        r = subprocess.run([folio, "--data", data, "search", "--", q],
                           capture_output=True, text=True, timeout=30)
        rc = r.returncode
        msg = (r.stderr or "").strip()
    except (subprocess.TimeoutExpired, ValueError) as e:
        rc, msg = -1, str(e)
    if rc not in (0, 1) or (rc == 1 and "folio: error:" not in msg):
        bad += 1
        print("# hostile %r: exit %d %s" % (q[:40], rc, msg[:200]))
n += 1
print("%s %d - %d hostile queries answered or refused clearly" %
      ("ok" if bad == 0 else "not ok", n, len(hostile)))
print("# slowest search %.2f s" % worst)
sys.exit(1 if fails or bad else 0)
PY
