#!/bin/bash
# SPDX-License-Identifier: MIT
# Search recall where a CJK run ends (news-1000): the index keeps the
# unigram of a run's last character only where no other token of the text
# begins with it or a letter or digit follows (search.h,
# SEARCH_TOKENIZE_INDEX). Queries that begin with such a character, alone,
# followed by punctuation, by a space and more text, or directly by a word
# (以外，  "现在 10"  在10  赛，中国; 30 texts), quoted and as typed, must find every
# article containing them (oracle: a plain substring scan).
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
import concurrent.futures, importlib.util, json, random, re, subprocess, sys
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
def cjk(c):
    return "\u3400" <= c <= "\u4dbf" or "\u4e00" <= c <= "\u9fff"
rnd = random.Random(20261129)
cases, seen = [], set()
kinds = {"sep": 0, "sep+more": 0, "word": 0}
while len(cases) < 30:
    t = rnd.choice(texts)
    i = rnd.randrange(1, len(t) - 3)
    # the last character of a run of two or more, something after it
    if not (cjk(t[i]) and cjk(t[i - 1]) and not cjk(t[i + 1])):
        continue
    nxt = t[i + 1]
    if nxt.isalnum():
        kind, sub = "word", t[i:i + 3]
    elif any(cjk(c) or c.isalnum() for c in t[i + 2:i + 4]):
        kind, sub = "sep+more", t[i:i + 4]
    else:
        kind, sub = "sep", t[i:i + 2]
    if kinds[kind] >= 10 or sub in seen or '"' in sub or "-" in sub:
        continue
    if re.search(r"(paper|from|to|date|page|版|section|by|md):", sub):
        continue
    seen.add(sub)
    kinds[kind] += 1
    cases.append((kind, sub))
forms = [(k, s, q) for k, s in cases
         for q in ('"%s"' % s, s) if q == '"%s"' % s or s.strip() != s or
         " " in s]
def run(q):
    return subprocess.run([folio, "--data", data, "search", "--json",
                           "--limit", "0", "--timeout", "60000", "--", q],
                          capture_output=True, text=True)
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    answers = list(pool.map(lambda f: run(f[2]), forms))
print("1..%d" % (len(forms) + 3))
fails = 0
for n, ((kind, sub, q), r) in enumerate(zip(forms, answers), 1):
    want = {k for k, t in enumerate(texts) if sub in t}
    if r.returncode != 0:
        fails += 1
        print("not ok %d - %s %r: exit %d %s" %
              (n, kind, q, r.returncode, r.stderr.strip()))
        continue
    got = {int(h["article"][1:]) for h in json.loads(r.stdout)["hits"]}
    if kind == "sep":
        # a lone character and punctuation is that character anywhere
        want = {k for k, t in enumerate(texts) if sub[0] in t}
    missing = want - got
    if missing or not want:
        fails += 1
        print("not ok %d - %s %r: %d of %d missing, e.g. a%04d" %
              (n, kind, q, len(missing), len(want), min(missing or {0})))
    else:
        print("ok %d - %s %r: all %d found (%d returned)" %
              (n, kind, q, len(want), len(got)))
print("%s %d - recall 1.0 at run ends (%s)" %
      ("ok" if fails == 0 else "not ok", len(forms) + 1,
       ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
# the one-character paths (index term list, text scan) take 的， as 的
n = len(forms) + 1
for scan in ("never", "always"):
    n += 1
    tot = []
    for q in ("的", "的，", "\"的 。\""):
        r = subprocess.run([folio, "--data", data, "search", "--json",
                            "--char-scan", scan, "--limit", "0", "--", q],
                           capture_output=True, text=True)
        tot.append(json.loads(r.stdout)["total"] if r.returncode == 0
                   else "exit %d" % r.returncode)
    want = sum(1 for t in texts if "的" in t)
    ok = tot == [want] * 3
    fails += not ok
    print("%s %d - --char-scan %s: 的, 的， and \"的 。\" all find the %d "
          "articles with 的 (%s)" % ("ok" if ok else "not ok", n, scan, want,
                                      tot))
sys.exit(1 if fails else 0)
PY
