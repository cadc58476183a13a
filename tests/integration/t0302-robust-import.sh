#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0302-robust-import: hostile issue packages, folders and zips, given to
# the real `folio import`. Each must be refused within seconds with exit
# status 1 and one line "folio: error: WHERE: WHAT" (no sanitizer report,
# no hang on a FIFO), and `folio list` must stay byte-identical.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_SOURCE_ROOT:?FOLIO_SOURCE_ROOT must point at the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0302.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

timeout 240 python3 - "$FOLIO" "$TMP" <<'PYEOF'
import copy, json, os, struct, subprocess, sys, warnings, zipfile, zlib

warnings.simplefilter("ignore")

FOLIO, TMP = sys.argv[1], sys.argv[2]
DATA = os.path.join(TMP, "data")
sys.path.insert(0, os.path.join(os.environ["FOLIO_SOURCE_ROOT"], "tests",
                                "lib"))
from foliotest import Tap  # noqa: E402

T = Tap()
check = T.check


def png(w, h, body=True):
    raw = b"".join(b"\x00" + b"\xcc\xdd\xee" * w
                   for _ in range(h)) if body else b""

    def chunk(t, d):
        return (struct.pack(">I", len(d)) + t + d +
                struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            (chunk(b"IDAT", zlib.compress(raw)) if body else b"") +
            chunk(b"IEND", b""))


P1 = png(10, 14)
BASE = {"folio_package": 1,
        "paper": {"id": "hx", "name": "敌意日报", "language": "zh-CN"},
        "date": "2024-01-10", "number": 3,
        "pages": [{"number": 1, "name": "要闻", "image": "p1.png",
                   "width": 100, "height": 140,
                   "articles": [{"id": "a1", "headline": "h1", "body": ["x"],
                                 "zones": [[0, 0, 10, 10]]},
                                {"id": "a2", "headline": "h2"}]},
                  {"number": 2, "name": "二版",
                   "articles": [{"id": "b1", "headline": "h3"}]}]}


def mod(fn):
    i = copy.deepcopy(BASE)
    fn(i)
    return i


def art(k, v, page=0, a=0):
    return mod(lambda i: i["pages"][page]["articles"][a].__setitem__(k, v))


def page(k, v):
    return mod(lambda i: i["pages"][0].__setitem__(k, v))


def folder(name, issue=None, raw=None, files=None, links=None, fifo=None):
    d = os.path.join(TMP, name)
    os.makedirs(d)
    with open(os.path.join(d, "p1.png"), "wb") as f:
        f.write(P1)
    data = raw if raw is not None else json.dumps(
        issue, ensure_ascii=False).encode()
    with open(os.path.join(d, "issue.json"), "wb") as f:
        f.write(data)
    for k, v in (files or {}).items():
        with open(os.path.join(d, k), "wb") as f:
            f.write(v)
    for k, v in (links or {}).items():
        os.symlink(v, os.path.join(d, k))
    if fifo:
        os.mkfifo(os.path.join(d, fifo))
    return d


def zipped(name, entries):
    p = os.path.join(TMP, name + ".zip")
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in entries:
            z.writestr(zipfile.ZipInfo(k), v)
    return p


GOOD = json.dumps(BASE).encode()
# the archive has one published issue of another day
base = copy.deepcopy(BASE)
base["date"] = "2020-01-01"
r = subprocess.run([FOLIO, "import", "--data", DATA, "--publish",
                    folder("base", base)], capture_output=True)
check("a good package imports", r.returncode == 0)


def listing():
    return (subprocess.run([FOLIO, "list", "--data", DATA],
                           capture_output=True).stdout +
            subprocess.run([FOLIO, "list", "--data", DATA, "--json"],
                           capture_output=True).stdout)


before = listing()
nested = b'{"folio_package":1,"x":' + b"[" * 100000 + b"]" * 100000 + b"}"
cases = [
    ("malformed JSON", folder("malformed", raw=b'{"folio_package": 1, "p')),
    ("empty issue.json", folder("empty", raw=b"")),
    ("JSON array", folder("array", raw=b"[]")),
    ("100000-deep nesting", folder("deep", raw=nested)),
    ("integer beyond 64 bits", folder("huge", raw=GOOD.replace(
        b'"number": 3', b'"number": 99999999999999999999999'))),
    ("1e400", folder("real", raw=GOOD.replace(b'"number": 3',
                                             b'"number": 1e400'))),
    ("\\u0000 in a string", folder("nul", raw=GOOD.replace(
        b'"h1"', b'"h\\u0000x"'))),
    ("invalid UTF-8", folder("utf8", raw=GOOD.replace(b'"h1"', b'"h\xff"'))),
    ("overlong UTF-8", folder("overlong", raw=GOOD.replace(
        b'"h1"', b'"h\xc0\xaf"'))),
    ("lone surrogate", folder("surr", raw=GOOD.replace(
        b'"h1"', b'"\\ud800"'))),
    ("9 MB issue.json", folder("big", raw=GOOD[:-1] + b', "x": "' +
                                b"y" * (9 << 20) + b'"}')),
    ("number 0", folder("num0", mod(lambda i: i.__setitem__("number", 0)))),
    ("page 0", folder("page0", page("number", 0))),
    ("page 1000", folder("page1000", page("number", 1000))),
    ("width -5", folder("wneg", page("width", -5))),
    ("width 2^31", folder("wbig", page("width", 2 ** 31))),
    ("zone x at INT32_MAX", folder("z1", art("zones",
                                             [[2 ** 31 - 1, 0, 10, 10]]))),
    ("zone w 2^32+10", folder("z2", art("zones", [[50, 0, 2 ** 32 + 10, 10]]))),
    ("zone INT64_MIN", folder("z3", art("zones",
                                        [[-2 ** 63, 0, 2 ** 63 - 1, 10]]))),
    ("zone w 0", folder("z4", art("zones", [[5, 5, 0, 10]]))),
    ("date 0000-00-00", folder("d0", mod(
        lambda i: i.__setitem__("date", "0000-00-00")))),
    ("date 2023-02-29", folder("d1", mod(
        lambda i: i.__setitem__("date", "2023-02-29")))),
    ("article continuing to itself", folder("c1", art(
        "continues", {"page": 1, "article": "a1"}))),
    ("continuation loop", folder("c2", mod(lambda i: (
        i["pages"][0]["articles"][0].__setitem__(
            "continues", {"page": 2, "article": "b1"}),
        i["pages"][1]["articles"][0].__setitem__(
            "continues", {"page": 1, "article": "a1"}))))),
    ("ends that disagree", folder("c3", mod(lambda i: (
        i["pages"][0]["articles"][0].__setitem__(
            "continues", {"page": 2, "article": "b1"}),
        i["pages"][1]["articles"][0].__setitem__(
            "continued_from", {"page": 1, "article": "a2"}))))),
    ("picture src null", folder("src0", art("images", [{"src": None}]))),
    ("picture src blank", folder("src1", art("images", [{"src": " "}]))),
    ("ESC in a headline", folder("esc", art("headline", "a\x1b[2Jb"))),
    ("markup as language", folder("lang", mod(lambda i: i["paper"].__setitem__(
        "language", '"><script>alert(1)</script>')))),
    ("path as time zone", folder("tz", mod(lambda i: i["paper"].__setitem__(
        "timezone", "../../etc/passwd")))),
    ("symlink out of the package", folder(
        "ln", page("image", "ln.png"), links={"ln.png": "/etc/passwd"})),
    ("symlink to ../", folder(
        "ln2", page("image", "ln.png"), links={"ln.png": "../base/p1.png"})),
    ("issue.json a symlink", folder("ln3", raw=b"{}")),
    ("FIFO as an image", folder("fifo", page("image", "f.png"), fifo="f.png")),
    ("/dev/zero as an image", folder(
        "zero", page("image", "z.png"), links={"z.png": "/dev/zero"})),
    ("text as a PNG", folder("lie", page("image", "x.png"),
                             files={"x.png": b"<html>no</html>"})),
    ("empty image", folder("e", page("image", "x.png"), files={"x.png": b""})),
    ("PNG of 2^31-1 pixels", folder("bomb", page("image", "x.png"),
                                    files={"x.png": png(0x7fffffff,
                                                        0x7fffffff, False)})),
    ("PNG of 2^31-1 pixels as a picture", folder(
        "bomb2", art("images", [{"src": "x.png"}]),
        files={"x.png": png(0x7fffffff, 0x7fffffff, False)})),
    ("image path ../", folder("dd", page("image", "../base/p1.png"))),
    ("absolute image path", folder("abs", page("image", "/etc/passwd"))),
    ("zip: ../ entries", zipped("dotdot", [("../issue.json", GOOD),
                                           ("../p1.png", P1)])),
    ("zip: absolute entries", zipped("abs", [("/issue.json", GOOD),
                                             ("/p1.png", P1)])),
    ("zip: issue.json twice", zipped("dup", [
        ("issue.json", GOOD), ("issue.json", GOOD.replace(b"h1", b"EVIL")),
        ("p1.png", P1)])),
    ("zip: a picture twice", zipped("dup2", [
        ("issue.json", GOOD), ("p1.png", P1), ("p1.png", b"junk")])),
    ("zip: 70 MB of zeros", zipped("bomb", [
        ("issue.json", GOOD), ("p1.png", P1), ("z", b"\0" * (70 << 20))])),
    ("zip: 20001 entries", zipped("many", [("issue.json", GOOD),
                                           ("p1.png", P1)] +
                                  [("f%d" % i, b"") for i in range(20000)])),
    ("zip: truncated", None),
    ("zip: not a zip", None),
]
ok_zip = zipped("okzip", [("issue.json", GOOD), ("p1.png", P1)])
with open(ok_zip, "rb") as f:
    zb = f.read()
with open(os.path.join(TMP, "trunc.zip"), "wb") as f:
    f.write(zb[:len(zb) // 2])
with open(os.path.join(TMP, "junk.zip"), "wb") as f:
    f.write(b"PK\x03\x04" + b"\xff" * 100)
cases[-2] = ("zip: truncated", os.path.join(TMP, "trunc.zip"))
cases[-1] = ("zip: not a zip", os.path.join(TMP, "junk.zip"))
os.unlink(os.path.join(TMP, "ln3", "issue.json"))
os.symlink("/etc/passwd", os.path.join(TMP, "ln3", "issue.json"))

for desc, path in cases:
    try:
        r = subprocess.run([FOLIO, "import", "--data", DATA, path],
                           capture_output=True, timeout=30)
        rc, out, err = r.returncode, r.stdout, r.stderr.decode(
            errors="replace")
    except subprocess.TimeoutExpired:
        rc, out, err = "timeout", b"", ""
    lines = err.splitlines()
    good = (rc == 1 and out == b"" and len(lines) == 1 and
            lines[0].startswith("folio: error: ") and
            lines[0].count(": ") >= 2)
    if not check("%s: refused (exit %s) %s" % (desc, rc, lines[:1]), good):
        for l in lines[:20]:
            print("# " + l)
check("folio list is byte-identical after every refusal",
      listing() == before)
T.finish()
PYEOF
