#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/render.sh - time folio's page pipeline on the eight NDNP page PDFs
# of Der Nordstern (1878-01-03) against the command-line tools doing the
# same work in the same run:
#
#   folio:  folio import of an issue package of the 8 PDFs (sandboxed
#           child per page: poppler render at 200 dpi (long side capped at 6000 px; these pages stay below),
#           thumb/screen/full in WebP and JPEG, IIIF tiles, text layer)
#   tools:  per page, pdftoppm -r 200 (PPM), then vips: full.webp,
#           full.jpg, screen and thumb (vips thumbnail) in both encodings,
#           and vips dzsave --layout iiif3 (512 px tiles)
#
# Usage: bench/render.sh [build-dir]   (default: build)
# Prints both wall times and the ratio folio / tools.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
FOLIO=$build/folio
FX=${FOLIO_FIXTURES:-$root/../shared/fixtures}/mets-alto/ndnp-nordstern-1878/data/sn83045350/00295876384/1878010301
for t in pdftoppm vips; do
    command -v $t >/dev/null || { echo "bench/render.sh: $t is missing (poppler-utils, libvips-tools)" >&2; exit 1; }
done
[ -x "$FOLIO" ] || { echo "bench/render.sh: no $FOLIO (build first)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/folio-bench-render.XXXXXX")
trap 'rm -rf "$T"' EXIT

mkdir -p "$T/pkg"
pages=""
k=0
for f in "$FX"/00*.pdf; do
    k=$((k + 1))
    cp "$f" "$T/pkg/p$k.pdf"
    [ -n "$pages" ] && pages="$pages,"
    pages="$pages{\"number\": $k, \"name\": \"$k\", \"pdf\": \"p$k.pdf\"}"
done
printf '{"folio_package": 1, "paper": {"id": "nordstern", "name": "N", "language": "de"}, "date": "1878-01-03", "pages": [%s]}\n' "$pages" >"$T/pkg/issue.json"

now() { date +%s.%N; }

t0=$(now)
"$FOLIO" --data "$T/data" import "$T/pkg" >/dev/null
t1=$(now)

mkdir -p "$T/tools"
for f in "$T"/pkg/p*.pdf; do
    b=$T/tools/$(basename "$f" .pdf)
    mkdir -p "$b"
    pdftoppm -r 200 -singlefile "$f" "$b/page" 2>/dev/null
    vips copy "$b/page.ppm" "$b/full.webp[Q=80,strip]"
    vips copy "$b/page.ppm" "$b/full.jpg[Q=85,strip,interlace]"
    vips thumbnail "$b/page.ppm" "$b/screen.webp[Q=80,strip]" 1400 --size down
    vips thumbnail "$b/page.ppm" "$b/screen.jpg[Q=85,strip]" 1400 --size down
    vips thumbnail "$b/page.ppm" "$b/thumb.webp[Q=80,strip]" 200 --size down
    vips thumbnail "$b/page.ppm" "$b/thumb.jpg[Q=85,strip]" 200 --size down
    vips dzsave "$b/page.ppm" "$b/iiif" --layout iiif3 --tile-size 512 \
        --overlap 0 --suffix ".jpg[Q=85,strip]"
    rm -f "$b/page.ppm"
done
t2=$(now)

python3 - "$t0" "$t1" "$t2" "$k" <<'EOF'
import sys
t0, t1, t2 = map(float, sys.argv[1:4])
n = sys.argv[4]
f, t = t1 - t0, t2 - t1
print("pages: %s" % n)
print("folio import (all derivatives, tiles, text): %.1f s" % f)
print("pdftoppm + vips (same derivatives and tiles): %.1f s" % t)
print("ratio folio / tools: %.2f" % (f / t))
EOF
