#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/serve.sh - folio's reader site against nginx serving a saved copy
# of the same page, same machine, same run, same wrk settings.
#
#   bench/serve.sh [FOLIO-BINARY]        (default: build/folio)
#   env: THREADS=2 (folio loops = nginx workers), CONNS=64, DURATION=10s,
#        RUNS=3 (median), WRK_THREADS=2
#
# It imports examples/ into a temporary archive, starts `folio serve` and
# `nginx -g 'daemon off;'` (temporary config, one loopback port each),
# fetches the article view from folio and saves it as nginx's file, then
# runs wrk alternately against both: identity, then gzip (folio's cached
# gzip form against nginx gzip_static on a precompressed copy). Prints
# req/s (median of RUNS) and folio/nginx ratios.
# Needs: wrk, nginx (apt-get install wrk nginx-light), curl.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOLIO=${1:-$ROOT/build/folio}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
RUNS=${RUNS:-3}
WRK_THREADS=${WRK_THREADS:-2}

for tool in wrk nginx curl; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
        echo "bench: $tool missing; apt-get install wrk nginx-light curl" >&2
        exit 2
    fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$FOLIO" ] || { echo "bench: no folio binary at $FOLIO" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-bench.XXXXXX")
FOLIO_PID=
NGINX_PID=
cleanup() {
    [ -n "$FOLIO_PID" ] && kill "$FOLIO_PID" 2>/dev/null && wait "$FOLIO_PID" 2>/dev/null
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

for pkg in "$ROOT"/examples/*/; do
    "$FOLIO" import --data "$TMP/data" --publish "$pkg" >/dev/null
done

mkfifo "$TMP/ready"
"$FOLIO" serve --data "$TMP/data" --listen 127.0.0.1:0 --threads "$THREADS" \
    --ready-fd 3 3>"$TMP/ready" 2>"$TMP/folio.err" &
FOLIO_PID=$!
read -r _ FPORT <"$TMP/ready"
F=http://127.0.0.1:$FPORT

# the article view: the first article link on the latest issue's first page
issue=$(curl -s -o /dev/null -w '%{redirect_url}' "$F/")
issue=${issue#"$F"}
page=$(curl -s "$F$issue")
ART=$(grep -o 'href="/[a-z0-9-]*/[0-9-]*/01/[A-Za-z0-9_-]\{1,\}"' <<<"$page" |
    head -n1 | sed 's/^href="//; s/"$//')
[ -n "$ART" ] || { echo "bench: no article link on $issue" >&2; exit 1; }

# nginx serves the same bytes from a file at the same path
mkdir -p "$TMP/www$(dirname "$ART")" "$TMP/nginx"
curl -s "$F$ART" >"$TMP/www$ART"
gzip -9 -k -c "$TMP/www$ART" >"$TMP/www$ART.gz"
# nginx workers run as an unprivileged user when started by root
chmod 755 "$TMP"
chmod -R a+rX "$TMP/www"
SIZE=$(wc -c <"$TMP/www$ART" | tr -d ' ')
NPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes $THREADS;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=100;
    default_type "text/html; charset=utf-8";
    types { }
    client_body_temp_path $TMP/nginx;
    proxy_temp_path $TMP/nginx;
    fastcgi_temp_path $TMP/nginx;
    uwsgi_temp_path $TMP/nginx;
    scgi_temp_path $TMP/nginx;
    server {
        listen 127.0.0.1:$NPORT;
        root $TMP/www;
        gzip_static on;
        etag on;
    }
}
EOF
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' \
    2>"$TMP/nginx/stderr" &
NGINX_PID=$!
N=http://127.0.0.1:$NPORT
for _ in $(seq 1 50); do
    curl -s -o /dev/null "$N$ART" && break
    sleep 0.1
done
cmp -s <(curl -s "$F$ART") <(curl -s "$N$ART") ||
    { echo "bench: nginx and folio bodies differ" >&2; curl -si "$N$ART" | head -5 >&2; cat "$TMP/nginx/error.log" "$TMP/nginx/stderr" >&2; exit 1; }

rps() { # rps URL [wrk header args]
    local url=$1
    shift
    wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" "$@" "$url" |
        awk '/^Requests\/sec:/ {print $2}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_pair() { # run_pair LABEL [wrk header args]
    local label=$1 f n fr nr i
    shift
    fr=()
    nr=()
    for i in $(seq 1 "$RUNS"); do
        fr+=("$(rps "$F$ART" "$@")")
        nr+=("$(rps "$N$ART" "$@")")
    done
    f=$(printf '%s\n' "${fr[@]}" | median)
    n=$(printf '%s\n' "${nr[@]}" | median)
    printf '| %-8s | %10.0f | %10.0f | %5.2f |  (folio runs: %s; nginx runs: %s)\n' \
        "$label" "$f" "$n" "$(echo "$f / $n" | bc -l)" "${fr[*]}" "${nr[*]}"
}

curl -s -o /dev/null "$F$ART"
curl -s -o /dev/null -H 'Accept-Encoding: gzip' "$F$ART"
echo "article view $ART ($SIZE bytes), folio threads = nginx workers = $THREADS,"
echo "wrk -t$WRK_THREADS -c$CONNS -d$DURATION, median of $RUNS, $(nproc) CPUs"
echo "| body     | folio req/s | nginx req/s | ratio |"
echo "|----------|------------:|------------:|------:|"
run_pair identity
run_pair gzip -H 'Accept-Encoding: gzip'
