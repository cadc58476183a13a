/* SPDX-License-Identifier: MIT */
/*
 * ingest_int.h - internals of the package importer: where package files
 * come from (a folder opened beneath its root, or a zip or tar archive
 * listed first and read entry by entry, only the entries asked for).
 */
#ifndef FOLIO_INGEST_INT_H
#define FOLIO_INGEST_INT_H

#include "base/compat.h"
#include "base/err.h"
#include "ingest/ingest.h"

#include <stddef.h>
#include <stdint.h>

struct archive;

/* One regular file of an archive package, listed but not read. */
struct zip_entry {
    char *name;    /* relative to the archive root ("./" dropped) */
    size_t index;  /* ordinal of its header in the archive, from 0 */
    uint64_t size; /* declared uncompressed size (a hint: may lie) */
    bool size_known;
};

/* The files of a package. */
struct pkg_src {
    int dirfd;                 /* folder package; -1 for an archive */
    char *path;                /* the archive, reopened to read entries */
    struct archive *ar;        /* open reader, or NULL */
    size_t ar_next;            /* index of the header ar reads next */
    struct zip_entry *entries; /* sorted by name */
    size_t nentries;
    uint64_t total_bytes; /* bytes read so far (cap INGEST_MAX_PACKAGE_BYTES) */
};

/*
 * Open the package at path: a directory, or an archive whose entry list
 * is read (names and declared sizes; no data is decompressed).
 * Errors: FOLIO_ERR_NOT_FOUND, FOLIO_ERR_IO, FOLIO_ERR_INVALID (archive
 * without issue.json, unsafe or duplicate names), FOLIO_ERR_TOO_LARGE
 * (too many entries, an entry declared over INGEST_MAX_FILE_BYTES, or all
 * declared together over INGEST_MAX_PACKAGE_BYTES).
 */
FOLIO_MUST_USE enum folio_rc
pkg_src_open(struct pkg_src *src, const char *path, struct folio_err *err);
/* Release everything src holds. */
void pkg_src_release(struct pkg_src *src);

/*
 * Read file rel (already checked by pkg_path_ok) of the package, at most
 * max bytes. An archive entry is refused on its declared size before it
 * is decompressed, and while decompressing as soon as it passes max or
 * the package budget. out/len: malloc'd copy on FOLIO_OK; caller frees.
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
    int width, height;               /* page coordinate space */
    int source_width, source_height; /* scan pixels; 0 for a PDF page */
    struct page_word *words;         /* owned; page_words_free() */
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
/*
 * Render in work_dir (made when missing) instead of $TMPDIR; *rp is
 * created when NULL. See imaging_limits.work_dir.
 */
void ingest_render_work_dir(struct ingest_render **rp, const char *work_dir);
/* Free r and remove its temp dirs. NULL-safe. */
void ingest_render_free(struct ingest_render *r);

/* ---- zones from the text layer (ingest_zones.c) ---- */

/* What zone derivation found for one article. */
struct ingest_zone_result {
    struct zone *zones; /* owned (free each with zone_release, then free) */
    size_t nzones;      /* 0..MODEL_MAX_ZONES */
    size_t chars;       /* letters and digits of the article's text */
    size_t located;     /* of those, found on the lines it was given */
};

/*
 * Find where each article of pg lies on the page by aligning its text
 * (kicker, headline, subhead, byline, paragraphs, captions; NFKC,
 * letters and digits only) with pg->words (8-character shingles anchor
 * greedy longest matches; each text line goes to the article that covers
 * most of it), and derive its zones: the boxes of its lines, merged
 * per column into rectangles in the page's coordinate space, at most
 * MODEL_MAX_ZONES. Pure: reads pg only; gives zones for every article,
 * whether or not it has zones already (the caller chooses).
 * out: on FOLIO_OK a calloc'd array of pg->narticles results; free with
 * ingest_zone_results_free(). Errors: FOLIO_ERR_UNSUPPORTED when ICU
 * cannot normalise text.
 */
FOLIO_MUST_USE enum folio_rc
ingest_zones_derive(const struct page *pg,
                    struct ingest_zone_result **out,
                    struct folio_err *err);
/* Free n results and their zones. NULL-safe. */
void ingest_zone_results_free(struct ingest_zone_result *r, size_t n);

#endif
