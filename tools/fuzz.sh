#!/bin/sh
# SPDX-License-Identifier: MIT
#
# tools/fuzz.sh - build the libFuzzer targets of tests/fuzz/ with clang,
# ASan and UBSan, and run one of them.
#
#   tools/fuzz.sh [TARGET [SECONDS [BUILD_DIR]]]
#
# TARGET is a name from tests/fuzz/meson.build (default http_parse),
# SECONDS the run time (default 300), BUILD_DIR the clang build directory
# (default /tmp/folio-fuzz-build). The run starts from a copy of the seed
# corpus in BUILD_DIR/corpus-TARGET (new inputs stay there); crash inputs
# are written to BUILD_DIR/crashes-TARGET/. Add a crash input, minimised, to
# tests/fuzz/corpus/ with the fix, so every build replays it.
set -eu

target=${1:-http_parse}
secs=${2:-300}
build=${3:-/tmp/folio-fuzz-build}
root=$(cd "$(dirname "$0")/.." && pwd)

command -v clang >/dev/null 2>&1 || {
    echo "fuzz.sh: clang is needed (Debian: apt-get install clang)" >&2
    exit 2
}
corpus_name=$(sed -n "s/^ *'$target': *\['\([^']*\)'.*/\1/p" \
    "$root/tests/fuzz/meson.build")
[ -n "$corpus_name" ] || {
    echo "fuzz.sh: no target '$target' in tests/fuzz/meson.build" >&2
    exit 2
}
if [ ! -d "$build" ]; then
    CC=clang meson setup "$build" "$root" -Db_sanitize=address,undefined \
        -Dbuildtype=debug -Dc_args=-fno-sanitize-recover=all \
        -Db_lundef=false -Dwerror=false
fi
meson compile -C "$build" "fuzz_$target"
mkdir -p "$build/corpus-$target" "$build/crashes-$target"
cp -n "$root/tests/fuzz/corpus/$corpus_name"/* "$build/corpus-$target/"
exec "$build/tests/fuzz/fuzz_$target" -max_total_time="$secs" \
    -max_len=20000 -print_final_stats=1 \
    -artifact_prefix="$build/crashes-$target/" "$build/corpus-$target"
