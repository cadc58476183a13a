#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0307-robust-import-killed: an import SIGKILLed while its pages render
# leaves its temp dir inside the archive (DATA/tmp/folio-imaging-<pid>-*),
# never in $TMPDIR, and the next import sweeps it. A dir of a live process
# is kept; one of a dead process is removed.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_SOURCE_ROOT:?FOLIO_SOURCE_ROOT must point at the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0307.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

timeout 170 python3 - "$FOLIO" "$TMP" "$FOLIO_SOURCE_ROOT" <<'PYEOF'
import json, os, signal, subprocess, sys, time

FOLIO, TMP, SRC = sys.argv[1:4]
DATA = os.path.join(TMP, "data")
ENVTMP = os.path.join(TMP, "envtmp")
os.makedirs(ENVTMP)
ENV = dict(os.environ, TMPDIR=ENVTMP, FOLIO_IMAGING_FULL_DPI="300")
sys.path.insert(0, os.path.join(os.environ["FOLIO_SOURCE_ROOT"], "tests",
                                "lib"))
from foliotest import Tap, png  # noqa: E402

T = Tap()
check = T.check


def tiny(date):
    d = os.path.join(TMP, "tiny-" + date)
    os.makedirs(d)
    open(os.path.join(d, "1.png"), "wb").write(png(40, 56, b"\x40\x50\x60"))
    json.dump({"folio_package": 1,
               "paper": {"id": "kx", "name": "K", "language": "zh-CN"},
               "date": date, "number": 1,
               "pages": [{"number": 1, "name": "一版", "image": "1.png",
                          "articles": [{"id": "a1", "headline": "一"}]}]},
              open(os.path.join(d, "issue.json"), "w"), ensure_ascii=False)
    return d


def imaging_dirs(parent):
    try:
        return sorted(e for e in os.listdir(parent)
                      if e.startswith("folio-imaging-"))
    except FileNotFoundError:
        return []


WORK = os.path.join(DATA, "tmp")
r = subprocess.run([FOLIO, "import", "--data", DATA, tiny("2024-01-01")],
                   capture_output=True, env=ENV)
check("first import (the archive is made)", r.returncode == 0)

# ---- kill an import while it renders ----
pkg = os.path.join(SRC, "examples", "qhwb-2026-11-26")
p = subprocess.Popen([FOLIO, "import", "--data", DATA, pkg],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     env=ENV, start_new_session=True)
seen = []
t0 = time.time()
while time.time() - t0 < 60 and p.poll() is None:
    seen = imaging_dirs(WORK)
    if seen:
        break
    time.sleep(0.02)
time.sleep(0.2)
try:
    os.killpg(p.pid, signal.SIGKILL)
except ProcessLookupError:
    pass
rc = p.wait()
check("the import was killed, not finished (rc %s)" % rc, rc == -9)
left = imaging_dirs(WORK)
check("rendering happened in DATA/tmp (%s)" % seen, len(seen) > 0)
check("killed mid-render: its dir is left in DATA/tmp, named by its pid "
      "(%s)" % left,
      len(left) > 0 and all(e.startswith("folio-imaging-%d-" % p.pid)
                            for e in left))
check("nothing in $TMPDIR (%s)" % os.listdir(ENVTMP),
      imaging_dirs(ENVTMP) == [])

# ---- a live process's dir stays, a dead one's goes ----
live = os.path.join(WORK, "folio-imaging-%d-live01" % os.getpid())
os.makedirs(live)
dead_p = subprocess.Popen(["true"])
dead_p.wait()
dead = os.path.join(WORK, "folio-imaging-%d-dead01" % dead_p.pid)
os.makedirs(os.path.join(dead, "iiif"))
open(os.path.join(dead, "iiif", "x"), "w").write("x")
other = os.path.join(WORK, "not-imaging")
os.makedirs(other)

r = subprocess.run([FOLIO, "import", "--data", DATA, tiny("2024-01-02")],
                   capture_output=True, env=ENV)
check("next import succeeds (%s)" % r.stderr.decode(errors="replace")[:200],
      r.returncode == 0)
after = imaging_dirs(WORK)
check("next import swept the killed import's dir and the dead pid's "
      "(left: %s)" % after,
      after == [os.path.basename(live)])
check("a dir of a live process is kept", os.path.isdir(live))
check("other entries of DATA/tmp are not touched", os.path.isdir(other))
check("still nothing in $TMPDIR", imaging_dirs(ENVTMP) == [])

# ---- a dry run (no archive) renders in $TMPDIR and cleans up ----
r = subprocess.run([FOLIO, "import", "--dry-run", tiny("2024-01-03")],
                   capture_output=True, env=ENV)
check("dry run succeeds and leaves nothing in $TMPDIR",
      r.returncode == 0 and imaging_dirs(ENVTMP) == [])
T.finish()
PYEOF
