#!/bin/sh
# make-demo.sh - rebuild the demo pages of examples/: page PDFs, truth.json
# and the pdf, size and zones of every page in issue.json.
# Usage: tools/demo-pdf/make-demo.sh [BUILD_DIR] [--png]
#   --png also writes pages/NN.png and names them as the pages' images
#   (8-bit palette PNGs when libvips' `vips` is installed); without it
#   folio renders the page images from the PDFs at import.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
png=${2:-}
meson compile -C "$build" folio-demo-pdf >/dev/null
# shellcheck disable=SC2086
"$build/tools/demo-pdf/folio-demo-pdf" $png "$root"/examples/qhwb-*/
if [ "$png" = --png ] && command -v vips >/dev/null 2>&1; then
    for f in "$root"/examples/qhwb-*/pages/*.png; do
        vips copy "$f" "$f.tmp.png[palette,Q=90,compression=9]"
        mv "$f.tmp.png" "$f"
    done
fi
