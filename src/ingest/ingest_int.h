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

/* ---- page replica at import time (ingest_pages.c) ---- */

/* A page source file as read from the package (borrowed). */
struct ingest_page_file {
    const char *rel; /* name in the package, for messages */
    const unsigned char *data;
    size_t len;
    const char *hex; /* SHA-256 hex */
};

/* What rendering a page gave: its default size and its text layer. */
struct ingest_page_render {
    int width, height;                 /* page coordinate space */
    int source_width, source_height;   /* scan pixels; 0 for a PDF page */
    struct page_word *words;           /* owned; page_words_free() */
    size_t nwords;
};

/* Rendered page sources of one package (temp dirs until committed). */
struct ingest_render;

/*
 * true (and *mime) when data is a TIFF or JPEG 2000 scan, which only the
 * imaging module reads (ingest_image_info covers PNG, JPEG, GIF, WebP).
 */
bool ingest_scan_mime(const unsigned char *data, size_t len, const char **mime);

/*
 * Render the page whose scan is img and/or PDF is pdf (either may be NULL)
 * in the imaging child: derivatives from img when given, else from pdf;
 * the text layer from pdf. want_w/want_h: the package's width and height
 * (0 = default: scan pixels, else PDF points). *rp is created on first use
 * and keeps the results; free it with ingest_render_free().
 * out: on FOLIO_OK the page size and words. Errors: those of
 * imaging_derive (err->where names the file).
 */
FOLIO_MUST_USE enum folio_rc
ingest_render_page(struct ingest_render **rp,
                   const struct ingest_page_file *img,
                   const struct ingest_page_file *pdf,
                   int want_w,
                   int want_h,
                   struct ingest_page_render *out,
                   struct folio_err *err);

/*
 * Move every rendered source into data_dir/derived/<hex>/ (kept when
 * already there). Errors: FOLIO_ERR_IO.
 */
FOLIO_MUST_USE enum folio_rc ingest_render_commit(struct ingest_render *r,
                                                  const char *data_dir,
                                                  struct folio_err *err);
/* Free r and remove its temp dirs. NULL-safe. */
void ingest_render_free(struct ingest_render *r);

#endif
