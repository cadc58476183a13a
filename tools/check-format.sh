#!/bin/sh
# check-format.sh - TAP check that every tracked C file is clang-formatted
# (.clang-format, STYLE.md §12). Skips when clang-format or git is absent.
cd "$(dirname "$0")/.." || exit 1
if ! command -v clang-format >/dev/null 2>&1 || ! git rev-parse >/dev/null 2>&1; then
    echo "1..0 # SKIP clang-format or git not available"
    exit 0
fi
echo "1..1"
n=0
bad=""
for f in $(git ls-files '*.c' '*.h'); do
    n=$((n + 1))
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -z "$bad" ]; then
    echo "ok 1 - all $n C files are clang-formatted"
else
    echo "not ok 1 - not clang-formatted (run make format):$bad"
    exit 1
fi
