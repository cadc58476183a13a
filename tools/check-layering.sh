#!/bin/sh
# check-layering.sh - dependencies point one way (STYLE.md §1):
#   base <- model <- search, imaging <- store, render <- ingest, web <- cli
# (search: the tokenizer and query language, used by the store's index;
#  imaging: page rendering and image derivatives)
# A module may include only its own headers and those of lower layers.
set -eu
cd "$(dirname "$0")/.."
allowed() {
    case "$1" in
    base) echo "base" ;;
    model) echo "base model" ;;
    search) echo "base model search" ;;
    imaging) echo "base model imaging" ;;
    store) echo "base model search store" ;;
    render) echo "base model render" ;;
    ingest) echo "base model search imaging store ingest" ;;
    web) echo "base model search imaging store render web" ;;
    cli) echo "base model search imaging store render ingest web cli" ;;
    *) echo "" ;;
    esac
}
bad=0
for f in $(git ls-files 'src/*/*.c' 'src/*/*.h'); do
    mod=$(echo "$f" | cut -d/ -f2)
    ok=$(allowed "$mod")
    for inc in $(grep -o '^#include "[a-z_]*/' "$f" | sed 's/#include "//; s,/,,'); do
        case " $ok " in
        *" $inc "*) ;;
        *) echo "$f: layer '$mod' must not include '$inc/'"; bad=1 ;;
        esac
    done
done
exit $bad
