/*
 * store.h - the archive on disk: one data directory holding an SQLite
 * database (WAL) and content-addressed media files.
 *
 *   DIR/folio.db                 papers, issues, pages, articles (schema in
 *                                store_schema.c, versioned migrations)
 *   DIR/media/ab/abcdef...       files named by their SHA-256 (hex)
 *
 * A struct store is one connection; it is not shared between threads (each
 * server thread opens its own). All writes of one issue happen in a single
 * BEGIN IMMEDIATE transaction, so readers never see half an issue.
 */
#ifndef FOLIO_STORE_H
#define FOLIO_STORE_H

#include "base/compat.h"
#include "base/err.h"
#include "model/model.h"
#include "search/search.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_SHA256_HEX 65 /* 64 hex digits + NUL */

struct store;

enum store_open_flags {
    STORE_OPEN_CREATE = 1 << 0,     /* create DIR and the database if absent */
    STORE_OPEN_READONLY = 1 << 1,   /* reader connections (the web server) */
    STORE_OPEN_NO_UPGRADE = 1 << 2, /* refuse an archive needing migration */
};

/*
 * Open (and with STORE_OPEN_CREATE create and migrate) the archive in dir.
 * out: on FOLIO_OK a new store; caller frees with store_close().
 * Errors: FOLIO_ERR_IO (directory), FOLIO_ERR_DB (open, migration),
 *         FOLIO_ERR_NOT_FOUND (no archive and no CREATE flag),
 *         FOLIO_ERR_UNSUPPORTED (schema newer than this binary; with
 *         STORE_OPEN_READONLY or STORE_OPEN_NO_UPGRADE also older: the
 *         file is left as it was).
 */
FOLIO_MUST_USE enum folio_rc store_open(const char *dir,
                                        unsigned flags,
                                        struct store **out,
                                        struct folio_err *err);
/* Close the connection and free st. NULL-safe. */
void store_close(struct store *st);

/*
 * Copy data[0..len) into the media directory under its SHA-256 (written to
 * a temporary file, fsync'd, renamed; an existing file is kept).
 * hex_out: receives the 64-digit lowercase hex name.
 * Errors: FOLIO_ERR_IO.
 */
FOLIO_MUST_USE enum folio_rc store_media_put(struct store *st,
                                             const void *data,
                                             size_t len,
                                             char hex_out[STORE_SHA256_HEX],
                                             struct folio_err *err);
/*
 * Path of a media file: "DIR/media/ab/abcdef..." written into out (size
 * outsz bytes). Returns false when hex is not 64 lowercase hex digits or
 * out is too small. Does not check that the file exists.
 */
bool store_media_path(const struct store *st,
                      const char *hex,
                      char *out,
                      size_t outsz);

/*
 * Write a whole issue (paper row upserted) in one transaction.
 * iss->status decides the stored status (draft or published).
 * An existing issue of the same paper and date is replaced:
 *  - a draft is always replaced;
 *  - a published issue only with replace_published, otherwise
 *    FOLIO_ERR_CONFLICT ("issue tyrb 2023-02-07 is published; use --replace");
 *  - an issue of another edition (iss->edition; absent, "" and "1" are
 *    edition 1) only with replace_published, otherwise FOLIO_ERR_CONFLICT
 *    ("issue … is stored as edition 1, this is edition 2: …"): folio keeps
 *    one edition per date, and must not lose one silently.
 * Errors: FOLIO_ERR_CONFLICT, FOLIO_ERR_DB. On error nothing changes.
 */
FOLIO_MUST_USE enum folio_rc store_issue_put(struct store *st,
                                             const struct issue *iss,
                                             bool replace_published,
                                             struct folio_err *err);

/*
 * Whether paper_id/date is stored, and its edition label: on FOLIO_OK
 * *exists is set and, when the issue exists and has a label, *edition_out
 * gets a new string (caller frees); else *edition_out is NULL. Drafts
 * count. Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_issue_edition(struct store *st,
                                                 const char *paper_id,
                                                 const char *date,
                                                 bool *exists,
                                                 char **edition_out,
                                                 struct folio_err *err);

/*
 * Set an issue's status. Publishing stamps published_at_utc (first time).
 * Errors: FOLIO_ERR_NOT_FOUND (no such issue), FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_issue_set_status(struct store *st,
                                                    const char *paper_id,
                                                    const char *date,
                                                    enum issue_status status,
                                                    struct folio_err *err);

/*
 * Load one whole issue (pages, articles, pictures, zones with their
 * polygons, article languages; not the page words).
 * published_only: treat drafts as absent (what the reader site uses).
 * out: on FOLIO_OK a new issue; caller frees with issue_free().
 * Errors: FOLIO_ERR_NOT_FOUND, FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_issue_load(struct store *st,
                                              const char *paper_id,
                                              const char *date,
                                              bool published_only,
                                              struct issue **out,
                                              struct folio_err *err);

/*
 * The words (text layer with boxes) of one page, in stored order (the
 * order of page->words given to store_issue_put). store_issue_load does
 * not load them.
 * page_number: 1..MODEL_MAX_PAGES. published_only: treat drafts as absent.
 * out: on FOLIO_OK a new array of *n words (NULL when *n is 0: a page
 * without a text layer); caller frees with page_words_free(*out, *n).
 * Errors: FOLIO_ERR_NOT_FOUND (no such issue or page), FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_page_words_load(struct store *st,
                                                   const char *paper_id,
                                                   const char *date,
                                                   int page_number,
                                                   bool published_only,
                                                   struct page_word **out,
                                                   size_t *n,
                                                   struct folio_err *err);

/*
 * Load a paper's row. out: filled with owned strings on FOLIO_OK; release
 * with paper_release(). Errors: FOLIO_ERR_NOT_FOUND, FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_paper_get(struct store *st,
                                             const char *paper_id,
                                             struct paper *out,
                                             struct folio_err *err);

/*
 * All papers, ordered by id. out: new array of *n papers; caller frees each
 * with paper_release() and the array with free(). Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_paper_list(struct store *st,
                                              struct paper **out,
                                              size_t *n,
                                              struct folio_err *err);

/*
 * Issue summaries ordered by paper id, then date ascending.
 * paper_id: NULL for all papers. published_only: skip drafts.
 * date_from/date_to: inclusive "YYYY-MM-DD" bounds, or NULL.
 * out: new array (caller frees with free()), *n entries.
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_issue_list(struct store *st,
                                              const char *paper_id,
                                              bool published_only,
                                              const char *date_from,
                                              const char *date_to,
                                              struct issue_summary **out,
                                              size_t *n,
                                              struct folio_err *err);

/*
 * Neighbouring published issues of paper_id around date (which need not
 * exist): prev_out/next_out get "YYYY-MM-DD" or "" when there is none.
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_issue_neighbors(struct store *st,
                                                   const char *paper_id,
                                                   const char *date,
                                                   char prev_out[11],
                                                   char next_out[11],
                                                   struct folio_err *err);

/*
 * Latest published issue date of paper_id ("" when none) into date_out.
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_issue_latest(struct store *st,
                                                const char *paper_id,
                                                char date_out[11],
                                                struct folio_err *err);

/*
 * A number that changes whenever any connection commits a change to the
 * archive (SQLite PRAGMA data_version plus this connection's own writes).
 * Readers compare it to drop cached pages after a publish.
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc
store_generation(struct store *st, uint64_t *out, struct folio_err *err);

/* The data directory this store was opened on (borrowed). */
const char *store_dir(const struct store *st);

/*
 * Search the published articles (drafts are never indexed; see
 * docs/search.md). q: the query and its filters (borrowed).
 * out: on FOLIO_OK new results; caller frees with search_results_free().
 *        A search that runs over its time budget q->timeout_ms is not an
 *        error: it answers FOLIO_OK with what it found so far,
 *        (*out)->stopped set and (*out)->note saying so (search.h).
 * Errors: FOLIO_ERR_INVALID (bad, overlong or empty query or filter: the
 *         message says what; a web caller answers 400), FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_search(struct store *st,
                                          const struct search_query *q,
                                          struct search_results **out,
                                          struct folio_err *err);

/*
 * The tokenizer of this connection (borrowed; valid until store_close()),
 * for search_marks() on article text and page words.
 */
struct search_tokenizer *store_search_tokenizer(struct store *st);

/*
 * Progress of a long store operation: fn(ctx, done, total) is called with
 * documents done so far out of total: first with done 0, exactly once
 * with done == total when every document is in (a merge may follow).
 * fn may be NULL.
 */
struct store_progress {
    void (*fn)(void *ctx, int64_t done, int64_t total);
    void *ctx;
};

enum store_reindex_mode {
    STORE_REINDEX_FULL,  /* rebuild from the published documents */
    STORE_REINDEX_MERGE, /* only merge the index's segments (FTS5 optimize) */
    STORE_REINDEX_CHECK, /* change nothing: FTS5 integrity-check, and the
                            index holds as many documents as it should */
};

/*
 * Rebuild the search index from the published articles and page texts
 * (drafts stay out), or with STORE_REINDEX_MERGE only merge its segments
 * into one, in one BEGIN IMMEDIATE transaction in bulk mode (FTS5
 * automerge off while inserting, one 'optimize' at the end; see
 * store_search_build.c): a kill leaves the old index. pr: may be NULL.
 * STORE_REINDEX_CHECK only checks (pr unused).
 * Errors: FOLIO_ERR_DB (also a read-only store), FOLIO_ERR_INVALID
 *         (check: the index is corrupt or holds N documents instead of
 *         M; the message says which and to run `folio reindex`).
 */
FOLIO_MUST_USE enum folio_rc
store_search_reindex(struct store *st,
                     enum store_reindex_mode mode,
                     const struct store_progress *pr,
                     struct folio_err *err);

/*
 * Bulk loads (`folio demo --articles N`): with defer true, storing and
 * publishing issues leaves the search index alone and marks it stale
 * (store_search_stale) until store_search_reindex rebuilds it; search
 * misses the documents written meanwhile. false: index again as usual.
 */
void store_search_defer(struct store *st, bool defer);

/* Whether documents were written while indexing was deferred. */
bool store_search_stale(const struct store *st);

/*
 * Whether opening st rebuilt the whole search index (the upgrade to
 * schema 33 does): a full store_search_reindex right after would redo
 * the same work.
 */
bool store_search_fresh(const struct store *st);

/*
 * The documents the search index holds when it is current: published
 * articles plus published pages without articles that have words.
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc
store_search_doc_count(struct store *st, int64_t *out, struct folio_err *err);

/* One old URL of an imported site (Founder node_N / content_N files). */
struct store_legacy_link {
    const char *key;     /* "html/2023-02/10/node_2.htm",
                            "layout/202302/10/node_01.html",
                            "content/202302/10/content_5.html" */
    int page;            /* page number it leads to */
    const char *article; /* article id on that page; NULL for a page */
};

/*
 * Replace the old-URL mapping of issue (paper_id, date) by links[0..n)
 * in one transaction. Keys are unique per paper.
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc
store_legacy_put(struct store *st,
                 const char *paper_id,
                 const char *date,
                 const struct store_legacy_link *links,
                 size_t n,
                 struct folio_err *err);

/*
 * Look an old URL key up among published issues (the lowest paper id wins
 * when several papers have the key). On FOLIO_OK paper_out, date_out,
 * *page_out and article_out ("" for a page) are set.
 * Errors: FOLIO_ERR_NOT_FOUND, FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc
store_legacy_find(struct store *st,
                  const char *key,
                  char paper_out[MODEL_ID_MAX + 1],
                  char date_out[11],
                  int *page_out,
                  char article_out[MODEL_ID_MAX + 1],
                  struct folio_err *err);

/*
 * Archive imports: the SHA-256 (hex) of the source an issue was last
 * imported from. store_source_get sets *found (and sha_out) only when a
 * source row exists AND the issue itself is in the archive.
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_source_get(struct store *st,
                                              const char *paper_id,
                                              const char *date,
                                              char sha_out[STORE_SHA256_HEX],
                                              bool *found,
                                              struct folio_err *err);
/*
 * Record (replace) the source of paper_id/date: sha (64 hex digits) and
 * source_path (for people; may be NULL), in a commit of its own. Imports
 * use store_issue_put_sourced instead, so issue and source are stored
 * together. Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_source_put(struct store *st,
                                              const char *paper_id,
                                              const char *date,
                                              const char *sha,
                                              const char *source_path,
                                              struct folio_err *err);

/*
 * What an archive import stores beside its issue, in the same
 * transaction, so a kill leaves all of it or none: the import_source row
 * (store_source_put) and, when links_set, the issue's old URLs replacing
 * its earlier ones (store_legacy_put). Strings and links are borrowed.
 */
struct store_issue_source {
    const char *sha;  /* 64 hex digits of the source; NULL: no source row */
    const char *path; /* source_path, for people; may be NULL */
    const struct store_legacy_link *links; /* links[0..nlinks) */
    size_t nlinks;
    bool links_set; /* write the links (also when nlinks is 0) */
};

/*
 * store_issue_put, plus src (may be NULL: then exactly store_issue_put)
 * written in the issue's transaction. Errors: those of store_issue_put.
 */
FOLIO_MUST_USE enum folio_rc
store_issue_put_sourced(struct store *st,
                        const struct issue *iss,
                        bool replace_published,
                        const struct store_issue_source *src,
                        struct folio_err *err);

#endif
