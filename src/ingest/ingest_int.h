/* SPDX-License-Identifier: MIT */
/*
 * ingest_int.h - internals of the package importer: where package files
 * come from (a folder opened beneath its root, or a zip read into memory).
 */
#ifndef FOLIO_INGEST_INT_H
#define FOLIO_INGEST_INT_H

#include "base/compat.h"
#include "base/err.h"
#include "ingest/ingest.h"

#include <stddef.h>
#include <stdint.h>

struct zip_entry {
    char *name; /* relative to the package root */
    unsigned char *data;
    size_t len;
};

/* The files of a package. */
struct pkg_src {
    int dirfd; /* folder package; -1 for an archive */
    struct zip_entry *entries;
    size_t nentries;
    uint64_t total_bytes; /* bytes read so far (cap INGEST_MAX_PACKAGE_BYTES) */
};

/*
 * Open the package at path: a directory, or an archive read whole.
 * Errors: FOLIO_ERR_NOT_FOUND, FOLIO_ERR_IO, FOLIO_ERR_INVALID (archive
 * without issue.json), FOLIO_ERR_TOO_LARGE.
 */
FOLIO_MUST_USE enum folio_rc
pkg_src_open(struct pkg_src *src, const char *path, struct folio_err *err);
/* Release everything src holds. */
void pkg_src_release(struct pkg_src *src);

/*
 * Read file rel (already checked by pkg_path_ok) of the package, at most
 * max bytes. out/len: malloc'd copy on FOLIO_OK; caller frees.
 * where: err->where for problems.
 * Errors: FOLIO_ERR_INVALID (missing, not a regular file, leaves the
 * package), FOLIO_ERR_TOO_LARGE, FOLIO_ERR_IO.
 */
FOLIO_MUST_USE enum folio_rc pkg_src_read(struct pkg_src *src,
                                          const char *rel,
                                          size_t max,
                                          const char *where,
                                          unsigned char **out,
                                          size_t *len,
                                          struct folio_err *err);

/*
 * true when rel is a plain relative path inside the package: not empty,
 * not absolute, no "." or ".." or empty segment, no backslash.
 */
bool pkg_path_ok(const char *rel);

#endif
