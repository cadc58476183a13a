#!/usr/bin/env python3
# gen-archive.py - build issue packages for search tests and benchmarks from
# the news-1000 fixture (label<TAB>text, one article per line), so everyone
# measures the same archive.
#
#   gen-archive.py --mode plain --out DIR TSV
#       one article per line, as is: headline = the first 24 characters of
#       the text, body = the whole text (every substring of the text is in
#       the body, so a strstr scan of the TSV is the recall oracle); 10
#       articles per issue, one issue per day from 2020-01-01.
#   gen-archive.py --mode recombine --articles N [--seed S] --out DIR TSV
#       N articles made of sentences of the fixture shuffled across articles
#       (5-30 sentences each), 50 articles per issue (5 pages of 10; more
#       with --issue-articles M, a multiple of 10, at most 9990), issues
#       spread over the days of 1990-2025 in order, paper "bench".
#
# For large archives use `folio demo --articles N` instead (docs/search.md):
# it generates a daily paper in process, without packages or one import
# per issue, at hundreds of articles a second; bench/search.sh uses it.
#
# Output: DIR/NNNNNN/issue.json packages; import them with
#   for d in DIR/*/; do folio --data ARCHIVE import --publish "$d"; done
import argparse
import datetime
import json
import os
import random
import re
import sys


def clean(text):
    """Control characters (U+0000-U+001F, U+007F) become spaces: issue
    packages refuse them. Tests apply the same function to their oracle."""
    return re.sub(r"[\x00-\x1f\x7f]", " ", text)


def write_issue(out, n, paper, date, pages):
    d = os.path.join(out, "%06d" % n)
    os.makedirs(d, exist_ok=True)
    doc = {
        "folio_package": 1,
        "paper": {"id": paper, "name": "检索测试报", "language": "zh-CN",
                  "timezone": "Asia/Shanghai"},
        "date": date.isoformat(),
        "number": n + 1,
        "pages": pages,
    }
    with open(os.path.join(d, "issue.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)


def plain(rows, out, per):
    day = datetime.date(2020, 1, 1)
    for i in range(0, len(rows), per):
        arts = []
        for j, (label, text) in enumerate(rows[i:i + per]):
            arts.append({"id": "a%04d" % (i + j), "headline": text[:24],
                         "byline": label, "body": [text]})
        pages = [{"number": 1, "name": "要闻", "articles": arts}]
        write_issue(out, i // per, "news", day, pages)
        day += datetime.timedelta(days=1)
    # the byline holds the label; the recall oracle ignores it (labels are
    # two-character words that also occur in texts: queries from the text
    # may find an article by its label too, never miss one)


def recombine(rows, out, n, seed, per_issue=50):
    rnd = random.Random(seed)
    sents = []
    for _, text in rows:
        sents.extend(s for s in re.split(r"(?<=[。！？])", text) if s.strip())
    per_page = 10
    first = datetime.date(1990, 1, 1)
    span = (datetime.date(2025, 12, 31) - first).days
    nissues = (n + per_issue - 1) // per_issue
    k = 0
    for i in range(nissues):
        day = first + datetime.timedelta(days=(i * span) // max(nissues, 1))
        pages = []
        for p in range(per_issue // per_page):
            arts = []
            for a in range(per_page):
                if k >= n:
                    break
                body = [s for s in rnd.sample(sents, rnd.randint(5, 30))]
                paras = ["".join(body[x:x + 4]) for x in range(0, len(body), 4)]
                head = re.sub(r"[。！？，、\s]", "", body[0])[:18] or "无题"
                arts.append({"id": "a%d" % a, "headline": head,
                             "byline": "本报记者", "body": paras})
                k += 1
            if arts:
                pages.append({"number": p + 1, "name": "第%d版" % (p + 1),
                              "articles": arts})
        write_issue(out, i, "bench", day, pages)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["plain", "recombine"], default="plain")
    ap.add_argument("--articles", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--per-issue", type=int, default=10)
    ap.add_argument("--issue-articles", type=int, default=50)
    ap.add_argument("--out", required=True)
    ap.add_argument("tsv")
    a = ap.parse_args()
    rows = []
    with open(a.tsv, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                label, text = line.split("\t", 1)
                text = clean(text)
                if text.strip():
                    rows.append((label, text))
    if not rows:
        sys.exit("gen-archive: no rows in %s" % a.tsv)
    os.makedirs(a.out, exist_ok=True)
    if a.mode == "plain":
        plain(rows, a.out, a.per_issue)
    else:
        if a.issue_articles % 10 or not 10 <= a.issue_articles <= 9990:
            sys.exit("gen-archive: --issue-articles must be a multiple of "
                     "10 from 10 to 9990")
        recombine(rows, a.out, a.articles, a.seed, a.issue_articles)


if __name__ == "__main__":
    main()
