#!/bin/sh
# summarize-tests.sh BUILDDIR... - count TAP test points from Meson's test
# logs of each build directory and print one line "N passed, N failed".
# A Meson test that failed without any TAP point (crash, timeout) counts as
# one failure. Exit status 1 when anything failed.
exec python3 - "$@" <<'PY'
import json, os, re, sys
passed = failed = skipped = 0
for d in sys.argv[1:]:
    path = os.path.join(d, "meson-logs", "testlog.json")
    if not os.path.exists(path):
        print(f"summarize-tests: no test log in {d}", file=sys.stderr)
        failed += 1
        continue
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            out = t.get("stdout") or ""
            ok = nok = sk = 0
            for l in out.splitlines():
                if re.match(r"^ok\b", l):
                    if re.search(r"#\s*skip", l, re.I):
                        sk += 1
                    else:
                        ok += 1
                elif re.match(r"^not ok\b", l):
                    if re.search(r"#\s*todo", l, re.I):
                        sk += 1
                    else:
                        nok += 1
            res = t.get("result", "")
            if res not in ("OK", "EXPECTEDFAIL", "SKIP") and nok == 0:
                nok = 1
            passed += ok
            failed += nok
            skipped += sk
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
PY
