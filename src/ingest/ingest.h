/* SPDX-License-Identifier: MIT */
/*
 * ingest.h - importing an issue package v1 (docs/formats/issue-package.md):
 * a folder, or a .zip of it, holding issue.json plus the page images, PDFs,
 * pictures and text files it names.
 *
 * Import runs in two steps so that a refused package changes nothing:
 *   1. ingest_package_open() parses issue.json, reads and checks every
 *      referenced file and builds a validated struct issue (media fields
 *      already hold the files' SHA-256). Nothing is written.
 *   2. ingest_package_commit() writes the media files and the issue (one
 *      store transaction).
 * ingest_import() does both.
 */
#ifndef FOLIO_INGEST_H
#define FOLIO_INGEST_H

#include "base/compat.h"
#include "base/err.h"
#include "model/model.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INGEST_MAX_JSON_BYTES    (8u << 20)   /* issue.json */
#define INGEST_MAX_FILE_BYTES    (64u << 20)  /* each referenced file */
#define INGEST_MAX_PACKAGE_BYTES (1ull << 30) /* all files together */
#define INGEST_MAX_SHORT_TEXT    1000  /* bytes: names, kicker, headline... */
#define INGEST_MAX_CAPTION       4000  /* bytes */
#define INGEST_MAX_PARAGRAPH     65536 /* bytes per paragraph */
#define INGEST_MAX_PARAGRAPHS    10000 /* per article */
#define INGEST_MAX_PICTURES      100   /* per article */

/* An opened, fully validated package (issue + file contents). */
struct ingest_package;

struct ingest_options {
    bool publish; /* store as published (default: draft) */
    bool replace; /* allow replacing a published issue */
};

/* What an import stored (or would store). */
struct ingest_result {
    char paper_id[MODEL_ID_MAX + 1];
    char date[11];
    int npages;
    int narticles;
    enum issue_status status; /* status the issue has in the archive */
};

/*
 * Open and validate the package at path (a directory, or a zip archive
 * whose issue.json is at the top or inside one top folder). Every file is
 * read and checked; nothing is written anywhere.
 * out: on FOLIO_OK a new package; free with ingest_package_free().
 * Errors: FOLIO_ERR_INVALID (where = "issue.json: pages[1].articles[0]
 *         .headline", "issue.json:3:7" for JSON syntax), FOLIO_ERR_NOT_FOUND
 *         (path absent), FOLIO_ERR_TOO_LARGE (size caps above),
 *         FOLIO_ERR_UNSUPPORTED (folio_package other than 1), FOLIO_ERR_IO.
 */
FOLIO_MUST_USE enum folio_rc ingest_package_open(const char *path,
                                                 struct ingest_package **out,
                                                 struct folio_err *err);

/*
 * The validated issue (status draft, timestamps 0). Borrowed; valid until
 * ingest_package_free().
 */
const struct issue *ingest_package_issue(const struct ingest_package *pkg);

/*
 * Write the package's media into st and store the issue (replacing a draft
 * of the same paper and date; a published one only with opt->replace, and
 * it stays published). out (may be NULL): what was stored.
 * Errors: FOLIO_ERR_CONFLICT, FOLIO_ERR_IO, FOLIO_ERR_DB. Media files
 * written before a failing store transaction are unreferenced and harmless.
 */
FOLIO_MUST_USE enum folio_rc
ingest_package_commit(struct ingest_package *pkg,
                      struct store *st,
                      const struct ingest_options *opt,
                      struct ingest_result *out,
                      struct folio_err *err);

/* Free pkg and everything it holds. NULL-safe. */
void ingest_package_free(struct ingest_package *pkg);

/*
 * Open, validate and commit the package at path in one call. With st NULL
 * it is a dry run: out describes the issue as it would be stored as a
 * draft. Errors: those of ingest_package_open and ingest_package_commit.
 */
FOLIO_MUST_USE enum folio_rc ingest_import(struct store *st,
                                           const char *path,
                                           const struct ingest_options *opt,
                                           struct ingest_result *out,
                                           struct folio_err *err);

/*
 * Pixel size and MIME type of a PNG, JPEG, GIF or WebP image from its
 * first bytes. Returns false when data is none of these or the size cannot
 * be read. mime: static string.
 */
bool ingest_image_info(const unsigned char *data,
                       size_t len,
                       const char **mime,
                       int *width,
                       int *height);

#endif
