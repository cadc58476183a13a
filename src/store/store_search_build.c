/* SPDX-License-Identifier: MIT */
/*
 * store_search_build.c - building the search index in bulk: the whole
 * index from the published documents (`folio reindex`, migration 33, the
 * end of `folio demo --articles N`), or only merging its segments.
 *
 * FTS5 writes each transaction's new terms as a segment and, with its
 * default automerge 4, rewrites segments up the levels as they pile up:
 * built one issue per transaction, every byte of the index is rewritten
 * several times. A bulk build instead sets, inside its own transaction,
 * automerge 0 (no merging while inserting), crisismerge 1999 (the most
 * segments FTS5 allows on a level) and a pending-terms buffer of
 * BULK_HASHSIZE bytes (few, large segments), inserts every document in
 * rowid order, merges everything once with 'optimize', and puts the
 * three settings back before COMMIT. A kill at any point rolls all of it
 * back, settings included (search_fts_config is an ordinary table).
 * Figures: docs/performance.md, "Building the archive".
 */
#include "base/compat.h"

#include "store/store.h"

#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#define BULK_HASHSIZE  (64 * 1024 * 1024) /* bytes of pending terms */
#define BULK_CRISIS    1999               /* FTS5's maximum */
#define BULK_CHUNK_IDS 2000 /* article ids per INSERT (progress) */

/* The FTS5 settings a bulk build changes, with FTS5's defaults. */
static const struct {
    const char *key;
    long long dflt;
    long long bulk;
} bulk_keys[] = {
    { "automerge", 4, 0 },
    { "crisismerge", 16, BULK_CRISIS },
    { "hashsize", 1024 * 1024, BULK_HASHSIZE },
};

#define NBULK (sizeof(bulk_keys) / sizeof(bulk_keys[0]))

static FOLIO_MUST_USE enum folio_rc
set_config(struct store *st, const char *key, long long v, struct folio_err *e);
static FOLIO_MUST_USE enum folio_rc
bulk_enter(struct store *st, long long saved[NBULK], struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
count_docs(struct store *st, int64_t *out, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
max_article(struct store *st, int64_t *out, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
fill(struct store *st, const struct store_progress *pr, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
in_transaction(struct store *st,
               bool full,
               const struct store_progress *pr,
               struct folio_err *err);

static enum folio_rc
set_config(struct store *st, const char *key, long long v, struct folio_err *e)
{
    char sql[128];

    (void)snprintf(
        sql, sizeof(sql),
        "INSERT INTO search_fts(search_fts, rank) VALUES('%s', %lld)", key, v);
    return store_exec(st, sql, e);
}

/* Save the current settings (FTS5's default when unset), set bulk ones. */
static enum folio_rc
bulk_enter(struct store *st, long long saved[NBULK], struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;
    size_t i;

    if (sqlite3_prepare_v2(st->db,
                           "SELECT v FROM search_fts_config WHERE k = ?1", -1,
                           &s, NULL) != SQLITE_OK)
        return store_db_err(st, err, "read search index settings");
    for (i = 0; i < NBULK && rc == FOLIO_OK; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, bulk_keys[i].key, -1, SQLITE_STATIC);
        switch (sqlite3_step(s)) {
        case SQLITE_ROW:
            saved[i] = sqlite3_column_int64(s, 0);
            break;
        case SQLITE_DONE:
            saved[i] = bulk_keys[i].dflt;
            break;
        default:
            rc = store_db_err(st, err, "read search index settings");
        }
    }
    sqlite3_finalize(s);
    for (i = 0; i < NBULK && rc == FOLIO_OK; i++)
        rc = set_config(st, bulk_keys[i].key, bulk_keys[i].bulk, err);
    return rc;
}

/* Published articles plus published page documents. */
static enum folio_rc
count_docs(struct store *st, int64_t *out, struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;

    if (sqlite3_prepare_v2(
            st->db,
            "SELECT (SELECT count(*) FROM article a JOIN issue i"
            "  ON i.id = a.issue_id WHERE i.status = 1)"
            " + (SELECT count(*) FROM page g JOIN issue i"
            "  ON i.id = g.issue_id WHERE i.status = 1"
            "  AND NOT EXISTS (SELECT 1 FROM article a"
            "   WHERE a.issue_id = g.issue_id AND a.page = g.number)"
            "  AND EXISTS (SELECT 1 FROM page_word w"
            "   WHERE w.issue_id = g.issue_id AND w.page = g.number))",
            -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW)
        rc = store_db_err(st, err, "count documents");
    else
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc;
}

static enum folio_rc
max_article(struct store *st, int64_t *out, struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;

    if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) FROM article",
                           -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW)
        rc = store_db_err(st, err, "count articles");
    else
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc;
}

/*
 * Every published document into the (empty) index, articles in id order
 * BULK_CHUNK_IDS ids per statement with a progress call after each, then
 * the page documents. Column order: store_schema.c, migration 33.
 */
static enum folio_rc
fill(struct store *st, const struct store_progress *pr, struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc;
    int64_t total = 0, done = 0, maxid = 0, lo;

    rc = count_docs(st, &total, err);
    if (rc == FOLIO_OK)
        rc = max_article(st, &maxid, err);
    if (rc != FOLIO_OK)
        return rc;
    if (pr && pr->fn)
        pr->fn(pr->ctx, 0, total);
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO search_fts(rowid, body, headline, deck, byline)"
            " SELECT s.id, s.body, s.headline, s.deck, s.byline"
            " FROM search_src s JOIN article a ON a.id = s.id"
            " JOIN issue i ON i.id = a.issue_id"
            " WHERE s.id >= ?1 AND s.id < ?2 AND i.status = 1"
            " ORDER BY s.id",
            -1, &s, NULL) != SQLITE_OK)
        return store_db_err(st, err, "prepare index fill");
    for (lo = 1; lo <= maxid && rc == FOLIO_OK; lo += BULK_CHUNK_IDS) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, lo);
        sqlite3_bind_int64(s, 2, lo + BULK_CHUNK_IDS);
        if (sqlite3_step(s) != SQLITE_DONE) {
            rc = store_db_err(st, err, "index articles");
            break;
        }
        done += sqlite3_changes(st->db);
        if (pr && pr->fn && done < total)
            pr->fn(pr->ctx, done, total);
    }
    sqlite3_finalize(s);
    if (rc != FOLIO_OK)
        return rc;
    rc = store_exec(st,
                    "INSERT INTO search_fts(rowid, body)"
                    " SELECT s.id, s.body FROM search_page_src s"
                    " JOIN issue i ON i.id = s.issue_id WHERE i.status = 1",
                    err);
    if (rc == FOLIO_OK && pr && pr->fn)
        pr->fn(pr->ctx, total, total);
    return rc;
}

/* The work of store_search_reindex inside the caller's transaction. */
static enum folio_rc in_transaction(struct store *st,
                                    bool full,
                                    const struct store_progress *pr,
                                    struct folio_err *err)
{
    long long saved[NBULK];
    enum folio_rc rc;
    size_t i;

    rc = bulk_enter(st, saved, err);
    if (rc == FOLIO_OK && full)
        rc = store_exec(
            st, "INSERT INTO search_fts(search_fts) VALUES('delete-all')", err);
    if (rc == FOLIO_OK && full)
        rc = fill(st, pr, err);
    if (rc == FOLIO_OK)
        rc = store_exec(
            st, "INSERT INTO search_fts(search_fts) VALUES('optimize')", err);
    for (i = 0; i < NBULK && rc == FOLIO_OK; i++)
        rc = set_config(st, bulk_keys[i].key, saved[i], err);
    return rc;
}

enum folio_rc store_search_fill(struct store *st,
                                const struct store_progress *pr,
                                struct folio_err *err)
{
    enum folio_rc rc = in_transaction(st, true, pr, err);

    st->search_fresh = rc == FOLIO_OK;
    return rc;
}

/* STORE_REINDEX_CHECK: FTS5's integrity-check and the document count. */
static enum folio_rc check(struct store *st, struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc;
    int64_t want = 0, have = -1;

    if (sqlite3_exec(st->db,
                     "INSERT INTO search_fts(search_fts) "
                     "VALUES('integrity-check')",
                     NULL, NULL, NULL) != SQLITE_OK) {
        if (sqlite3_errcode(st->db) != SQLITE_CORRUPT)
            return store_db_err(st, err, "check search index");
        return err_set(err, FOLIO_ERR_INVALID, st->db_path,
                       "the search index is corrupt (%s); run 'folio "
                       "reindex'",
                       sqlite3_errmsg(st->db));
    }
    rc = count_docs(st, &want, err);
    if (rc != FOLIO_OK)
        return rc;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM search_fts_docsize",
                           -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW)
        rc = store_db_err(st, err, "count indexed documents");
    else
        have = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc == FOLIO_OK && have != want)
        rc = err_set(err, FOLIO_ERR_INVALID, st->db_path,
                     "the search index holds %lld documents, %lld are "
                     "published; run 'folio reindex'",
                     (long long)have, (long long)want);
    return rc;
}

enum folio_rc store_search_reindex(struct store *st,
                                   enum store_reindex_mode mode,
                                   const struct store_progress *pr,
                                   struct folio_err *err)
{
    enum folio_rc rc;

    if (st->readonly)
        return err_set(err, FOLIO_ERR_DB, st->db_path,
                       "archive opened read-only");
    if (mode == STORE_REINDEX_CHECK)
        return check(st, err);
    rc = store_exec(st, "BEGIN IMMEDIATE", err);
    if (rc != FOLIO_OK)
        return rc;
    rc = in_transaction(st, mode == STORE_REINDEX_FULL, pr, err);
    if (rc == FOLIO_OK)
        rc = store_exec(st, "COMMIT", err);
    if (rc != FOLIO_OK) {
        (void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    st->own_commits++;
    st->search_stale = false;
    return FOLIO_OK;
}

void store_search_defer(struct store *st, bool defer)
{
    st->search_deferred = defer;
}

bool store_search_stale(const struct store *st)
{
    return st->search_stale;
}

bool store_search_fresh(const struct store *st)
{
    return st->search_fresh && !st->search_stale;
}

enum folio_rc
store_search_doc_count(struct store *st, int64_t *out, struct folio_err *err)
{
    return count_docs(st, out, err);
}
