#!/bin/sh
# make-demo-archive.sh FOLIO EXAMPLES ARCHIVE STAMP DEPFILE - import the
# demo examples once per build directory (meson custom_target demo_archive).
# The demo-importing integration tests copy ARCHIVE instead of rendering
# every PDF page again. The archive is rebuilt from scratch; DEPFILE lists
# every folder and file under EXAMPLES so that a changed, added or removed
# package (a folder's mtime changes) makes ninja run this again. The
# output of folio demo goes to ARCHIVE.log.
set -eu
folio=$1 examples=$2 archive=$3 stamp=$4 depfile=$5
rm -rf "$archive" "$archive.log" "$stamp"
# the output is kept for t0103 (every package imported and published)
"$folio" demo --data "$archive" --examples "$examples" --no-serve \
    >"$archive.log" 2>&1 || { cat "$archive.log" >&2; exit 1; }
{
    printf '%s: ' "$stamp"
    find "$examples" -type d -o -type f | LC_ALL=C sort |
        sed 's/[ #$:]/\\&/g' | tr '\n' ' '
    printf '\n'
} >"$depfile"
: >"$stamp"
