#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# t0303-robust-serve-paper: `folio serve --paper ID` with a paper the
# archive does not hold is a mistake to report at once (exit 1, "folio:
# error: --paper: ..."), not a site that silently shows something else.
set -u

: "${FOLIO:?FOLIO must point at the folio binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-t0303.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
n=0
failed=0
check() { # check "description" command...
    local d=$1
    shift
    n=$((n + 1))
    if "$@"; then echo "ok $n - $d"; else
        failed=$((failed + 1))
        echo "not ok $n - $d"
    fi
}

mkdir -p "$TMP/pkg"
cat >"$TMP/pkg/issue.json" <<'JSON'
{ "folio_package": 1,
  "paper": {"id": "tyrb", "name": "太原日报", "language": "zh-CN"},
  "date": "2023-02-07",
  "pages": [ { "number": 1, "name": "要闻",
      "articles": [ { "id": "a1", "headline": "标题" } ] } ] }
JSON
"$FOLIO" import --data "$TMP/data" --publish "$TMP/pkg" >/dev/null
check "package imported" test $? -eq 0

for paper in nope NOPE '../x'; do
    timeout 10 "$FOLIO" serve --data "$TMP/data" --paper "$paper" \
        --listen 127.0.0.1:0 >/dev/null 2>"$TMP/err"
    rc=$?
    check "--paper '$paper': exit 1 at once (got $rc)" test "$rc" = 1
    check "--paper '$paper': the error names the option and the paper" \
        test "$(cat "$TMP/err")" = \
        "folio: error: --paper: no paper '$paper' in $TMP/data"
done

# the paper that exists still serves
exec 3>"$TMP/ready"
"$FOLIO" serve --data "$TMP/data" --paper tyrb --listen 127.0.0.1:0 \
    --ready-fd 3 2>/dev/null &
pid=$!
exec 3>&-
for _ in $(seq 1 100); do
    [ -s "$TMP/ready" ] && break
    sleep 0.1
done
port=$(awk '{print $2}' "$TMP/ready")
check "--paper tyrb: / goes to its latest issue" \
    test "$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$port/")" = \
    "http://127.0.0.1:$port/tyrb/2023-02-07/"
kill -TERM "$pid"
wait "$pid"
echo "1..$n"
[ "$failed" -eq 0 ]
