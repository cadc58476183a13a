#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/import.sh - pages per second importing an NDNP batch, beside
# `xmllint --noout` over the same XML files as a parse-only floor.
#
#   bench/import.sh [FOLIO-BINARY]        (default: build/folio)
#   env: ISSUES=10 (copies of the fixture issue under other dates, 8 pages
#        each), RUNS=3 (median), DERIVE=1 (also time one import that
#        renders page images; 0 skips it), FOLIO_FIXTURES
#
# The batch is the fixture mets-alto/ndnp-nordstern-1878 (ALTO 2.0 and a
# PDF per page), its issue copied ISSUES times (ALTO and PDFs hard-linked,
# METS rewritten per date). Three figures, each over the same files:
#   xmllint   xmllint --noout on every METS and ALTO file (parse only)
#   store     folio import --no-page-images (METS + ALTO parse, checksums,
#             words, one transaction per issue, fsync)
#   derive    folio import (the above + page images rendered from the PDFs
#             in the imaging child); one run, first issue only renders
#             (the copies share the PDFs, so later issues reuse them)
# Needs: xmllint (libxml2-utils), python3.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOLIO=${1:-$ROOT/build/folio}
ISSUES=${ISSUES:-10}
RUNS=${RUNS:-3}
DERIVE=${DERIVE:-1}
FIX=${FOLIO_FIXTURES:-$ROOT/../shared/fixtures}
SRC=$FIX/mets-alto/ndnp-nordstern-1878/data
REL=sn83045350/00295876384

command -v xmllint >/dev/null 2>&1 ||
    { echo "bench: xmllint missing; apt-get install libxml2-utils" >&2; exit 2; }
[ -x "$FOLIO" ] || { echo "bench: no folio binary at $FOLIO" >&2; exit 2; }
[ -f "$SRC/batch.xml" ] || { echo "bench: fixture $SRC absent" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-bench-import.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
B=$TMP/batch
mkdir -p "$B/$REL"
{
    echo "<?xml version='1.0' encoding='utf-8'?>"
    echo '<batch name="batch_bench" xmlns="http://www.loc.gov/ndnp">'
} >"$B/batch.xml"
for i in $(seq 1 "$ISSUES"); do
    day=$(printf '1878-%02d-%02d' $(((i - 1) / 28 + 1)) $(((i - 1) % 28 + 1)))
    dir=$(printf 'i%04d' "$i")
    mkdir -p "$B/$REL/$dir"
    for f in "$SRC/$REL/1878010301"/00*.xml "$SRC/$REL/1878010301"/*.pdf; do
        ln "$f" "$B/$REL/$dir/" 2>/dev/null || cp "$f" "$B/$REL/$dir/"
    done
    sed "s/1878-01-03/$day/g" "$SRC/$REL/1878010301/1878010301.xml" \
        >"$B/$REL/$dir/$dir.xml"
    echo "  <issue editionOrder=\"1\" issueDate=\"$day\" lccn=\"sn83045350\">./$REL/$dir/$dir.xml</issue>" >>"$B/batch.xml"
done
echo '</batch>' >>"$B/batch.xml"
PAGES=$((ISSUES * 8))
XMLS=$(find "$B" -name '*.xml' | sort)
BYTES=$(cat $XMLS | wc -c)

now() { python3 -c 'import time; print(time.monotonic())'; }
median() { python3 -c 'import sys; v=sorted(float(x) for x in sys.argv[1:]); print(v[len(v)//2])' "$@"; }
rate() { python3 -c "print('%.1f' % ($PAGES / $1))"; }

xl=()
st=()
for r in $(seq 1 "$RUNS"); do
    t0=$(now)
    xmllint --noout --nonet $XMLS
    t1=$(now)
    xl+=("$(python3 -c "print($t1 - $t0)")")
    rm -rf "$TMP/data"
    t0=$(now)
    "$FOLIO" import --data "$TMP/data" --no-page-images "$B/batch.xml" \
        >/dev/null 2>&1
    t1=$(now)
    st+=("$(python3 -c "print($t1 - $t0)")")
done
xlm=$(median "${xl[@]}")
stm=$(median "${st[@]}")
echo "batch: $ISSUES issues, $PAGES pages, $(echo $XMLS | wc -w) XML files, $BYTES bytes of XML; median of $RUNS"
printf '%-10s %8s s %10s pages/s\n' xmllint "$(printf '%.2f' "$xlm")" "$(rate "$xlm")"
printf '%-10s %8s s %10s pages/s\n' store "$(printf '%.2f' "$stm")" "$(rate "$stm")"
if [ "$DERIVE" = 1 ]; then
    rm -rf "$TMP/data"
    t0=$(now)
    "$FOLIO" import --data "$TMP/data" "$B/batch.xml" >/dev/null 2>&1
    t1=$(now)
    dv=$(python3 -c "print($t1 - $t0)")
    printf '%-10s %8s s %10s pages/s  (8 distinct PDF pages rendered)\n' \
        derive "$(printf '%.2f' "$dv")" "$(rate "$dv")"
fi
