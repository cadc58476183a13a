#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0306-robust-import-zip: zip packages are not read whole into memory.
#   - a 1.2 MB zip declaring 20 entries of 60 MB of zeros is refused within
#     seconds with a peak RSS far below the 1.2 GB it would unpack to;
#   - an entry no issue.json field names is never decompressed (a corrupt
#     one does not stop the import);
#   - entries referenced in another order than the archive's are found;
#   - tar.gz packages work the same;
#   - an issue with 10,000 paragraphs imports in bounded time (arrays grow
#     geometrically, not one element at a time).
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_SOURCE_ROOT:?FOLIO_SOURCE_ROOT must point at the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0306.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

timeout 170 python3 - "$FOLIO" "$TMP" <<'PYEOF'
import io, json, os, subprocess, sys, tarfile, time, zipfile

FOLIO, TMP = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(os.environ["FOLIO_SOURCE_ROOT"], "tests",
                                "lib"))
from foliotest import Tap, png  # noqa: E402

T = Tap()
check = T.check


P1, P2 = png(20, 28, b"\x10\x20\x30"), png(20, 28, b"\x30\x20\x10")


def issue(date, paragraphs=("正文",)):
    return json.dumps({
        "folio_package": 1,
        "paper": {"id": "zx", "name": "Z", "language": "zh-CN"},
        "date": date, "number": 1,
        "pages": [
            {"number": 1, "name": "一版", "image": "p/1.png",
             "articles": [{"id": "a1", "headline": "民生",
                           "body": list(paragraphs)}]},
            {"number": 2, "name": "二版", "image": "p/2.png",
             "articles": [{"id": "b1", "headline": "二"}]}]},
        ensure_ascii=False).encode()


def run(args, limit=60):
    """Run folio in a child that reports its own peak RSS (KiB)."""
    t = time.time()
    r = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M", FOLIO] + args,
                       capture_output=True, timeout=limit)
    secs = time.time() - t
    err = r.stderr.decode(errors="replace")
    rss = [int(l.split()[1]) for l in err.splitlines()
           if l.startswith("MAXRSS ")]
    err = "\n".join(l for l in err.splitlines()
                    if not l.startswith(("MAXRSS", "Command exited")))
    return r.returncode, err, secs, rss[0] if rss else -1


def data(name):
    return os.path.join(TMP, "data-" + name)


# ---- the RSS of a refusal that reads nothing (sanitizers add their own) --
notzip = os.path.join(TMP, "not.zip")
open(notzip, "wb").write(b"PK\x03\x04" + b"\xff" * 100)
_, _, _, BASE = run(["import", "--data", data("base"), notzip])
check("baseline: peak RSS of a refusal %d KiB" % BASE, BASE > 0)

# ---- 20 x 60 MB of zeros: refused at once, little memory ----
bomb = os.path.join(TMP, "bomb.zip")
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("issue.json", issue("2024-01-01"))
    z.writestr("p/1.png", P1)
    z.writestr("p/2.png", P2)
    zeros = b"\0" * (60 << 20)
    for i in range(20):
        z.writestr("junk/%02d.bin" % i, zeros)
    del zeros
size = os.path.getsize(bomb)
rc, err, secs, rss = run(["import", "--data", data("bomb"), bomb])
check("bomb zip is %.1f MB" % (size / 1e6), size < 2 << 20)
check("bomb zip refused, exit 1 (got %s: %s)" % (rc, err.strip()[:200]),
      rc == 1 and "folio: error: " in err and "larger" in err)
check("bomb zip refused in %.2f s (< 5 s)" % secs, secs < 5)
check("bomb zip peak RSS %d KiB (< baseline + 64 MiB)" % rss,
      0 < rss < BASE + 64 * 1024)

# ---- one named entry declaring 70 MB: refused before decompressing ----
big = os.path.join(TMP, "big.zip")
with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("issue.json", issue("2024-01-02"))
    z.writestr("p/1.png", b"\0" * (70 << 20))
    z.writestr("p/2.png", P2)
rc, err, secs, rss = run(["import", "--data", data("big"), big])
check("70 MB page image refused naming it (got %s: %s)"
      % (rc, err.strip()[:200]), rc == 1 and "p/1.png" in err)
check("70 MB page image: peak RSS %d KiB (< baseline + 32 MiB)" % rss,
      0 < rss < BASE + 32 * 1024)

# ---- issue.json (60 MB) over its 8 MiB limit: refused before decompressing ----
fat = os.path.join(TMP, "fat.zip")
with zipfile.ZipFile(fat, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("issue.json", b" " * (60 << 20))
rc, err, secs, rss = run(["import", "--data", data("fat"), fat])
check("60 MB issue.json refused naming it (got %s: %s)"
      % (rc, err.strip()[:200]),
      rc == 1 and "issue.json" in err and "larger than 8388608" in err)
check("60 MB issue.json: peak RSS %d KiB (< baseline + 32 MiB)" % rss,
      0 < rss < BASE + 32 * 1024)

# ---- a corrupt entry nobody names is never read; any order works ----
good = os.path.join(TMP, "good.zip")
with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("pkg/p/2.png", P2)
    z.writestr("pkg/unused.bin", os.urandom(4096))
    z.writestr("pkg/issue.json", issue("2024-01-03"))
    z.writestr("pkg/p/1.png", P1)
raw = bytearray(open(good, "rb").read())
# corrupt the compressed data of pkg/unused.bin (after its local header)
at = raw.find(b"pkg/unused.bin") + len("pkg/unused.bin") + 100
raw[at:at + 64] = b"\xff" * 64
open(good, "wb").write(bytes(raw))
rc, err, secs, rss = run(["import", "--publish", "--data", data("good"),
                          good])
check("zip with an unnamed corrupt entry, entries out of order: imported "
      "(got %s: %s)" % (rc, err.strip()[:200]), rc == 0)
r = subprocess.run([FOLIO, "list", "--data", data("good")],
                   capture_output=True)
check("listed 2024-01-03", b"2024-01-03" in r.stdout)

# ---- tar.gz ----
tgz = os.path.join(TMP, "pkg.tar.gz")
with tarfile.open(tgz, "w:gz") as t:
    for name, body in (("p/2.png", P2), ("issue.json", issue("2024-01-04")),
                       ("p/1.png", P1)):
        ti = tarfile.TarInfo(name)
        ti.size = len(body)
        t.addfile(ti, io.BytesIO(body))
rc, err, secs, rss = run(["import", "--publish", "--data", data("good"),
                          tgz])
check("tar.gz imported (got %s: %s)" % (rc, err.strip()[:200]), rc == 0)

# ---- 10,000 paragraphs: bounded time ----
d = os.path.join(TMP, "paras")
os.makedirs(os.path.join(d, "p"))
open(os.path.join(d, "p", "1.png"), "wb").write(P1)
open(os.path.join(d, "p", "2.png"), "wb").write(P2)
open(os.path.join(d, "issue.json"), "wb").write(
    issue("2024-01-05", ["第%d段。" % i for i in range(10000)]))
rc, err, secs, rss = run(["import", "--publish", "--data", data("paras"), d],
                         limit=120)
check("10,000 paragraphs imported in %.1f s (< 30 s; got %s %s)"
      % (secs, rc, err.strip()[:200]), rc == 0 and secs < 30)
T.finish()
PYEOF
