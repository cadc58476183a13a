#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0201-web-slowloris: 200 clients that trickle header bytes forever must
# not starve others, and are cut off at the header/idle timeout
# (--idle-timeout 5 here; 30 s by
# default) even though they keep sending. Takes about 10 s.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0201.XXXXXX")
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

n=0
failed=0
check() {
    local d=$1
    shift
    n=$((n + 1))
    if "$@"; then
        echo "ok $n - $d"
    else
        failed=$((failed + 1))
        echo "not ok $n - $d"
    fi
}

mkdir -p "$TMP/pkg"
cat >"$TMP/pkg/issue.json" <<'EOF'
{ "folio_package": 1,
  "paper": {"id": "slow", "name": "慢报", "language": "zh-CN"},
  "date": "2024-01-02",
  "pages": [{"number": 1, "name": "要闻",
             "articles": [{"id": "a1", "headline": "标题", "body": ["正文"]}]}] }
EOF
"$FOLIO" import --data "$TMP/data" --publish "$TMP/pkg" >/dev/null
check "package imported" test $? -eq 0

mkfifo "$TMP/ready"
"$FOLIO" serve --data "$TMP/data" --listen 127.0.0.1:0 --threads 2 \
    --idle-timeout 5 --ready-fd 3 3>"$TMP/ready" 2>"$TMP/serve.err" &
SERVER_PID=$!
if ! read -r -t 10 _ PORT <"$TMP/ready"; then
    check "server ready" false
    echo "1..$n"
    exit 1
fi

python3 - "$PORT" >"$TMP/result" <<'EOF'
import socket, subprocess, sys, time
port = int(sys.argv[1])
url = "http://127.0.0.1:%d/slow/2024-01-02/01/a1" % port
socks = []
for _ in range(200):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\n")
    s.setblocking(False)
    socks.append(s)
t0 = time.time()
served = True
closed_at = {}
i = 0
while time.time() - t0 < 20 and len(closed_at) < len(socks):
    for k, s in enumerate(socks):
        if k in closed_at:
            continue
        try:
            s.send(b"X-%d: y\r\n" % i)   # one field a second, forever
            if s.recv(100) == b"":
                closed_at[k] = time.time() - t0
        except BlockingIOError:
            pass
        except (BrokenPipeError, ConnectionResetError):
            closed_at[k] = time.time() - t0
    i += 1
    if i % 5 == 0:
        code = subprocess.run(["curl", "-s", "-o", "/dev/null", "-m", "5",
                               "-w", "%{http_code}", url],
                              capture_output=True, text=True).stdout
        if code != "200":
            served = False
    time.sleep(1)
times = sorted(closed_at.values())
print("served", "yes" if served else "no")
print("closed", len(times))
print("first", int(times[0]) if times else -1)
print("last", int(times[-1]) if times else -1)
EOF
cat "$TMP/result" | sed 's/^/# /'
get() { awk -v k="$1" '$1==k {print $2}' "$TMP/result"; }
check "others served while 200 slow clients hang on" test "$(get served)" = yes
check "all slow clients cut off" test "$(get closed)" = 200
check "not before the 5 s timeout (first at $(get first) s)" \
    test "$(get first)" -ge 4
check "soon after it (last at $(get last) s)" test "$(get last)" -le 12

kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
rc=$?
SERVER_PID=
check "SIGTERM: exit 0" test "$rc" = 0
echo "1..$n"
[ "$failed" -eq 0 ]
