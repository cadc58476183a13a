# SPDX-License-Identifier: MIT
"""foliotest.py - what the Python-driven integration tests share: TAP
points, a small valid PNG, and `folio serve` on port 0 with its stop and
sanitizer check. Use from a test's embedded script:

    sys.path.insert(0, os.path.join(os.environ["FOLIO_SOURCE_ROOT"],
                                    "tests", "lib"))
    from foliotest import Tap, png, Server
"""
import os
import re
import struct
import subprocess
import sys
import time
import zlib


class Tap:
    """TAP points: check() prints one, finish() the plan and exits."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, desc, cond):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, desc),
              flush=True)
        return cond

    def finish(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def png(w, h, rgb=b"\x10\x20\x30"):
    """A decodable w x h RGB PNG filled with one colour."""
    raw = b"".join(b"\x00" + rgb * w for _ in range(h))

    def chunk(t, d):
        return (struct.pack(">I", len(d)) + t + d +
                struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Server:
    """folio serve --data DATA on 127.0.0.1:0 (--ready-fd); .port is None
    when it did not become ready within 15 s. stop() sends SIGTERM and
    checks, as TAP points, exit 0 and no sanitizer report in stderr."""

    def __init__(self, folio, data, tmp, extra=()):
        rfd, wfd = os.pipe()
        self.errpath = os.path.join(tmp, "serve.err")
        self.err = open(self.errpath, "wb")
        self.proc = subprocess.Popen(
            [folio, "serve", "--data", data, "--listen", "127.0.0.1:0",
             "--ready-fd", str(wfd)] + list(extra),
            stdout=subprocess.DEVNULL, stderr=self.err, pass_fds=(wfd,))
        os.close(wfd)
        line = b""
        t0 = time.time()
        while not line.endswith(b"\n") and time.time() - t0 < 15:
            b = os.read(rfd, 64)
            if not b:
                break
            line += b
        os.close(rfd)
        m = re.match(rb"ready (\d+)\n", line)
        self.port = int(m.group(1)) if m else None
        if self.port is None:
            self.proc.kill()

    def stop(self, tap):
        self.proc.terminate()
        try:
            rc = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = -1
        tap.check("SIGTERM: exit 0 (got %s)" % rc, rc == 0)
        self.err.close()
        log = open(self.errpath, "rb").read().decode(errors="replace")
        bad = [l for l in log.splitlines()
               if "Sanitizer" in l or "runtime error" in l or "BUG" in l]
        if not tap.check("no sanitizer report or BUG in the server's "
                         "stderr", not bad):
            for l in log.splitlines()[-40:]:
                print("# " + l)
