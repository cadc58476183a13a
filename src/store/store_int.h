/* SPDX-License-Identifier: MIT */
/*
 * store_int.h - internals shared by the SQLite store's files: the
 * connection struct, the per-connection statement cache and the schema
 * migration entry point. Nothing outside src/store/ includes this.
 */
#ifndef FOLIO_STORE_INT_H
#define FOLIO_STORE_INT_H

#include "base/compat.h"
#include "base/err.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Schema version (PRAGMA user_version) this binary writes: the version of
 * the last step in store_schema.c's migrations (append a step, nothing
 * else to change).
 */
int store_schema_version(void);
#define STORE_SCHEMA_VERSION (store_schema_version())

/* Cached prepared statements, one slot each (see store_sql[]). */
enum store_stmt {
    SQL_PAPER_UPSERT,
    SQL_PAPER_GET,
    SQL_PAPER_LIST,
    SQL_ISSUE_FIND,
    SQL_ISSUE_INSERT,
    SQL_ISSUE_UPDATE,
    SQL_ISSUE_CLEAR,
    SQL_PAGE_INSERT,
    SQL_ARTICLE_INSERT,
    SQL_PARAGRAPH_INSERT,
    SQL_PICTURE_INSERT,
    SQL_ZONE_INSERT,
    SQL_ISSUE_LOAD,
    SQL_PAGE_LOAD,
    SQL_ARTICLE_LOAD,
    SQL_PARAGRAPH_LOAD,
    SQL_PICTURE_LOAD,
    SQL_ZONE_LOAD,
    SQL_ISSUE_SET_STATUS,
    SQL_ISSUE_LIST,
    SQL_ISSUE_PREV,
    SQL_ISSUE_NEXT,
    SQL_ISSUE_LATEST,
    SQL_DATA_VERSION,
    SQL_BEGIN,
    SQL_COMMIT,
    SQL_ROLLBACK,
    SQL_WORD_INSERT,
    SQL_PAGE_FIND,
    SQL_WORD_LOAD,
    SQL_COUNT
};

struct store {
    sqlite3 *db;
    char *dir;     /* data directory, as given */
    char *db_path; /* dir/folio.db; err->where of database errors */
    bool readonly;
    bool no_upgrade;      /* STORE_OPEN_NO_UPGRADE: never migrate */
    uint64_t own_commits; /* commits made through this connection */
    sqlite3_stmt *stmt[SQL_COUNT];
    struct search_tokenizer *search_tk; /* FTS5 tokenizer "folio" */
    bool search_rank_ready;             /* folio_rank() registered on db */
    bool search_deferred; /* store_search_defer(): index left alone */
    bool search_stale;    /* documents written while deferred */
    bool search_fresh;    /* this open rebuilt the index (migration 33) */
};

/*
 * store_source_put and store_legacy_put without their own commit: the
 * rows are written in the caller's transaction (store_issue_put_sourced).
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_source_write(struct store *st,
                                                const char *paper_id,
                                                const char *date,
                                                const char *sha,
                                                const char *source_path,
                                                struct folio_err *err);
FOLIO_MUST_USE enum folio_rc
store_legacy_write(struct store *st,
                   const char *paper_id,
                   const char *date,
                   const struct store_legacy_link *links,
                   size_t n,
                   struct folio_err *err);

/*
 * Register the FTS5 auxiliary function folio_rank() on st's connection
 * (once; store_search_rank.c): BM25 over weighted columns without the
 * document-frequency scan of bm25() for single-phrase queries.
 * Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_search_rank_register(struct store *st,
                                                        struct folio_err *err);

/*
 * Bring the database to STORE_SCHEMA_VERSION (each step in its own
 * transaction). Errors: FOLIO_ERR_UNSUPPORTED (newer schema),
 * FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_migrate(struct store *st,
                                           struct folio_err *err);

/*
 * The cached statement for id, reset and unbound, prepared on first use.
 * out: borrowed; valid until store_close(). Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_stmt(struct store *st,
                                        enum store_stmt id,
                                        sqlite3_stmt **out,
                                        struct folio_err *err);

/* Fill err with FOLIO_ERR_DB and SQLite's message; returns FOLIO_ERR_DB. */
enum folio_rc
store_db_err(struct store *st, struct folio_err *err, const char *what);

/*
 * Add (add) or remove the articles of issue_id to or from the search
 * index (store_search.c); call inside the write transaction, exactly once
 * per change of the issue's published state. Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_search_index_issue(struct store *st,
                                                      sqlite3_int64 issue_id,
                                                      bool add,
                                                      struct folio_err *err);

/*
 * store_search_reindex's full rebuild inside the caller's transaction
 * (migration 33, store_schema.c). Errors: FOLIO_ERR_DB.
 */
FOLIO_MUST_USE enum folio_rc store_search_fill(struct store *st,
                                               const struct store_progress *pr,
                                               struct folio_err *err);

/* Run SQL without results (no cache). Errors: FOLIO_ERR_DB. */
FOLIO_MUST_USE enum folio_rc
store_exec(struct store *st, const char *sql, struct folio_err *err);

#endif
