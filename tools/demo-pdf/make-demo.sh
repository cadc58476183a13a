#!/bin/sh
# make-demo.sh - rebuild the demo pages of examples/: page PDFs, page images
# (8-bit palette PNGs when libvips' `vips` is installed, to keep the
# repository small), truth.json and the zones in issue.json.
# Usage: tools/demo-pdf/make-demo.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
meson compile -C "$build" folio-demo-pdf >/dev/null
"$build/tools/demo-pdf/folio-demo-pdf" "$root"/examples/qhwb-*/
if command -v vips >/dev/null 2>&1; then
    for png in "$root"/examples/qhwb-*/pages/*.png; do
        vips copy "$png" "$png.tmp.png[palette,Q=90,compression=9]"
        mv "$png.tmp.png" "$png"
    done
fi
