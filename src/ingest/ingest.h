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

#define INGEST_MAX_JSON_BYTES      (8u << 20)   /* issue.json */
#define INGEST_MAX_FILE_BYTES      (64u << 20)  /* each referenced file */
#define INGEST_MAX_PACKAGE_BYTES   (1ull << 30) /* all files together */
#define INGEST_MAX_SHORT_TEXT      1000  /* bytes: names, kicker, headline... */
#define INGEST_MAX_CAPTION         4000  /* bytes */
#define INGEST_MAX_PARAGRAPH       65536 /* bytes per paragraph */
#define INGEST_MAX_PARAGRAPHS      10000 /* per article */
#define INGEST_MAX_PICTURES        100   /* per article */
#define INGEST_MAX_ARCHIVE_ENTRIES 20000 /* files in a zip or tar package */

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
    bool skipped; /* unchanged since its last import: nothing written */
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
 * ingest_package_open for an import into the archive at data_dir (NULL:
 * the same as ingest_package_open, for dry runs): pages are rendered in
 * data_dir/tmp/ instead of $TMPDIR, so what a killed import leaves stays
 * in the archive and is swept by the next import (imaging_runner_new).
 */
FOLIO_MUST_USE enum folio_rc ingest_package_open_in(const char *path,
                                                    const char *data_dir,
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

/*
 * What ingest_package_open() said about the package beyond refusals, as
 * "where: message" lines (borrowed, valid until ingest_package_free).
 * Warnings: articles whose zones could hardly be derived from the page's
 * text layer (under half of their text located). Notes: articles whose
 * zones were derived, with how much of their text was located.
 * n: set to the number of lines.
 */
const char *const *ingest_package_warnings(const struct ingest_package *pkg,
                                           size_t *n);
const char *const *ingest_package_notes(const struct ingest_package *pkg,
                                        size_t *n);

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

/* ---- Founder (方正) e-paper site mirrors (ingest_founder.c) ---- */

/*
 * A scanned mirror: its page (node_N.htm, layout/YYYYMM/DD/node_NN.html)
 * and article (content_N.htm, content/YYYYMM/DD/content_N.html) files
 * grouped by issue date. Format: docs/formats/founder-epaper.md.
 */
struct ingest_founder;
/* One issue built from a mirror, validated, with its media read. */
struct ingest_founder_issue;

struct ingest_founder_options {
    const char *paper_id;   /* --paper; NULL = from page image file names */
    const char *paper_name; /* --paper-name; NULL = from the page <title> */
};

/*
 * Walk the mirror at path (a folder) and group its Founder files by date
 * (from the path, else from the file's text). Nothing is parsed further.
 * out: on FOLIO_OK a new mirror; free with ingest_founder_free().
 * Errors: FOLIO_ERR_NOT_FOUND, FOLIO_ERR_INVALID (no Founder files, bad
 *         paper id), FOLIO_ERR_TOO_LARGE (over 200000 files), FOLIO_ERR_IO.
 */
FOLIO_MUST_USE enum folio_rc
ingest_founder_scan(const char *path,
                    const struct ingest_founder_options *opt,
                    struct ingest_founder **out,
                    struct folio_err *err);

/* Number of issues (dates) found; their dates, ascending ("YYYY-MM-DD"). */
size_t ingest_founder_nissues(const struct ingest_founder *f);
const char *ingest_founder_date(const struct ingest_founder *f, size_t i);
/* Warnings of the scan (files skipped); borrowed. */
const char *const *ingest_founder_warnings(const struct ingest_founder *f,
                                           size_t *n);

/*
 * Parse issue i of f: pages, zones (polygons kept), articles, pictures,
 * page images and PDFs (absent files are warnings), old-URL mapping.
 * out: on FOLIO_OK a new issue; free with ingest_founder_issue_free().
 * Errors: FOLIO_ERR_INVALID (no paper id derivable: use --paper; a page
 *         number that cannot be found; the issue fails issue_validate),
 *         FOLIO_ERR_IO, FOLIO_ERR_TOO_LARGE.
 */
FOLIO_MUST_USE enum folio_rc
ingest_founder_build(struct ingest_founder *f,
                     size_t i,
                     struct ingest_founder_issue **out,
                     struct folio_err *err);

/* The built issue (borrowed) and its warnings and counts. */
const struct issue *
ingest_founder_issue_get(const struct ingest_founder_issue *fi);
const char *const *
ingest_founder_issue_warnings(const struct ingest_founder_issue *fi, size_t *n);
/* Zones of all articles; files referenced but absent. */
int ingest_founder_issue_nzones(const struct ingest_founder_issue *fi);
int ingest_founder_issue_nmissing(const struct ingest_founder_issue *fi);

/*
 * Store the issue's media, then in one transaction the issue (see
 * ingest_package_commit for replacement rules), its old-URL mapping and
 * the SHA-256 of the files it was built from (store_issue_put_sourced).
 * When the archive already holds the issue built from the same bytes (and
 * it is published, or publishing was not asked for), nothing is written and
 * out->skipped is set: rerunning an import finishes it.
 * out (may be NULL): what was stored.
 * Errors: FOLIO_ERR_CONFLICT, FOLIO_ERR_IO, FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc
ingest_founder_commit(struct ingest_founder_issue *fi,
                      struct store *st,
                      const struct ingest_options *opt,
                      struct ingest_result *out,
                      struct folio_err *err);

/* NULL-safe. */
void ingest_founder_issue_free(struct ingest_founder_issue *fi);
void ingest_founder_free(struct ingest_founder *f);

/*
 * Library archives (docs/formats/mets-alto.md): NDNP batches, METS issues
 * (with or without a logical structMap of articles) and their ALTO pages.
 * Each issue is parsed, checked (checksums, paths, sizes) and validated
 * as a whole before anything is written; a batch then commits issue by
 * issue, so a killed import leaves only complete issues. An issue whose
 * source (METS + referenced files, SHA-256) was already imported unchanged
 * is skipped, so rerunning a batch finishes it and creates nothing twice.
 */

/* What a path given to `folio import` is. */
enum ingest_kind {
    INGEST_KIND_UNKNOWN = 0,
    INGEST_KIND_PACKAGE,    /* issue package: folder or zip with issue.json */
    INGEST_KIND_NDNP_BATCH, /* NDNP batch.xml (or a folder holding one) */
    INGEST_KIND_METS,       /* one METS issue file (or a folder with one) */
    INGEST_KIND_FOUNDER,    /* folder mirroring a Founder e-paper site */
};

/*
 * Find out what path is, without reading more than the first bytes of
 * files. kind: what was found. resolved: malloc'd path to hand to the
 * matching importer (batch.xml or the METS file for a folder; path
 * itself otherwise); caller frees.
 * Errors: FOLIO_ERR_NOT_FOUND (path absent), FOLIO_ERR_UNSUPPORTED (none
 *         of the kinds above), FOLIO_ERR_IO.
 */
FOLIO_MUST_USE enum folio_rc ingest_detect(const char *path,
                                           enum ingest_kind *kind,
                                           char **resolved,
                                           struct folio_err *err);

/* "issue package", "NDNP batch", "METS issue", "Founder e-paper site". */
const char *ingest_kind_name(enum ingest_kind kind);

/* One issue of an archive import. */
struct ingest_issue_report {
    char paper_id[MODEL_ID_MAX + 1];
    char date[11];
    int npages;
    int narticles;
    int nzones;
    long nwords;
    bool skipped; /* already in the archive from the same source bytes */
};

/*
 * What an archive import did (or, dry, would do). Owned arrays; release
 * with ingest_report_release(). warnings/errors: "where: message".
 */
struct ingest_report {
    struct ingest_issue_report *issues; /* stored, skipped or checked */
    size_t nissues;
    char **warnings;
    size_t nwarnings;
    char **errors; /* issues refused (a batch goes on with the others) */
    size_t nerrors;
};

/* Free everything r holds and zero it. NULL-safe. */
void ingest_report_release(struct ingest_report *r);

/*
 * Progress callback, called after each issue: done of total issues,
 * pages_done pages so far (stored, checked or skipped).
 */
typedef void
ingest_progress_fn(void *ctx, size_t done, size_t total, size_t pages_done);

struct ingest_lib_options {
    struct ingest_options base; /* publish, replace */
    const char *paper_id;       /* paper id for METS without an LCCN; NULL: the
                                   LCCN, else a slug of the MODS title */
    ingest_progress_fn *progress; /* may be NULL */
    void *progress_ctx;
    bool no_page_images; /* store page PDFs and scans without rendering
                            page images now (fast bulk loads) */
};

/*
 * Import every issue listed in an NDNP batch.xml (paths relative to the
 * batch's folder; a path leaving it is refused). Issues are committed one
 * by one; a missing or refused issue is recorded in report->errors and
 * the batch goes on. st NULL: dry run (everything parsed and checked,
 * page images not rendered, nothing stored). report: filled on every return
 * (release it). Returns FOLIO_OK when every issue was stored or skipped;
 * otherwise the error of the first refused issue (err names its file). Errors:
 * FOLIO_ERR_INVALID, FOLIO_ERR_NOT_FOUND, FOLIO_ERR_TOO_LARGE,
 *         FOLIO_ERR_CONFLICT, FOLIO_ERR_IO, FOLIO_ERR_DB.
 * Standard: NDNP Technical Guidelines (batch, issue METS profile v1.5).
 */
FOLIO_MUST_USE enum folio_rc
ingest_ndnp_batch(struct store *st,
                  const char *batch_xml,
                  const struct ingest_lib_options *opt,
                  struct ingest_report *report,
                  struct folio_err *err);

/*
 * Import one METS issue file (NDNP issue METS, or METS with a logical
 * structMap of ARTICLE/ADVERTISEMENT divs pointing at ALTO blocks); its
 * files are resolved beneath the METS file's folder. st NULL: dry run.
 * report: filled on every return. Errors: as ingest_ndnp_batch.
 * Standard: METS 1.12, MODS 3, ALTO 1.x-4.x.
 */
FOLIO_MUST_USE enum folio_rc
ingest_mets_issue(struct store *st,
                  const char *mets_path,
                  const struct ingest_lib_options *opt,
                  struct ingest_report *report,
                  struct folio_err *err);

/*
 * Plain text of an ALTO file as Open ONI's OCR extractor gives it (lines
 * of CONTENT words, blocks separated by a blank line). out: malloc'd
 * NUL-terminated text on FOLIO_OK; caller frees.
 * Errors: FOLIO_ERR_NOT_FOUND, FOLIO_ERR_IO, FOLIO_ERR_TOO_LARGE,
 *         FOLIO_ERR_INVALID (not ALTO, or refused XML).
 */
FOLIO_MUST_USE enum folio_rc
ingest_alto_text(const char *alto_path, char **out, struct folio_err *err);

#endif
