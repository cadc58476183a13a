/* SPDX-License-Identifier: MIT */
/*
 * store_legacy.c - old URLs of imported sites (table legacy_link, schema
 * step 25): a Founder mirror's node_N.htm / content_N.htm paths, kept per
 * issue so the reader can answer them with a 301 to the new URL.
 */
#include "base/compat.h"

#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

static FOLIO_MUST_USE enum folio_rc prepare(struct store *st,
                                            const char *sql,
                                            sqlite3_stmt **out,
                                            struct folio_err *err);

static enum folio_rc prepare(struct store *st,
                             const char *sql,
                             sqlite3_stmt **out,
                             struct folio_err *err)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
        *out = NULL;
        return store_db_err(st, err, "prepare legacy link statement");
    }
    return FOLIO_OK;
}

enum folio_rc store_legacy_write(struct store *st,
                                 const char *paper_id,
                                 const char *date,
                                 const struct store_legacy_link *links,
                                 size_t n,
                                 struct folio_err *err)
{
    sqlite3_stmt *del = NULL, *ins = NULL;
    enum folio_rc rc;
    size_t i;

    rc =
        prepare(st, "DELETE FROM legacy_link WHERE paper_id = ?1 AND date = ?2",
                &del, err);
    if (rc == FOLIO_OK)
        rc = prepare(st,
                     "INSERT OR REPLACE INTO legacy_link (key, paper_id, "
                     "date, page, article) VALUES (?1, ?2, ?3, ?4, ?5)",
                     &ins, err);
    if (rc != FOLIO_OK)
        goto out;
    if (sqlite3_bind_text(del, 1, paper_id, -1, SQLITE_STATIC) ||
        sqlite3_bind_text(del, 2, date, -1, SQLITE_STATIC) ||
        sqlite3_step(del) != SQLITE_DONE) {
        rc = store_db_err(st, err, "delete legacy links");
        goto out;
    }
    for (i = 0; i < n; i++) {
        sqlite3_reset(ins);
        if (sqlite3_bind_text(ins, 1, links[i].key, -1, SQLITE_STATIC) ||
            sqlite3_bind_text(ins, 2, paper_id, -1, SQLITE_STATIC) ||
            sqlite3_bind_text(ins, 3, date, -1, SQLITE_STATIC) ||
            sqlite3_bind_int(ins, 4, links[i].page) ||
            (links[i].article ? sqlite3_bind_text(ins, 5, links[i].article, -1,
                                                  SQLITE_STATIC)
                              : sqlite3_bind_null(ins, 5)) ||
            sqlite3_step(ins) != SQLITE_DONE) {
            rc = store_db_err(st, err, "insert legacy link");
            goto out;
        }
    }
out:
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    return rc;
}

enum folio_rc store_legacy_put(struct store *st,
                               const char *paper_id,
                               const char *date,
                               const struct store_legacy_link *links,
                               size_t n,
                               struct folio_err *err)
{
    enum folio_rc rc;

    if (st->readonly)
        return err_set(err, FOLIO_ERR_DB, st->db_path,
                       "archive opened read-only");
    rc = store_exec(st, "BEGIN IMMEDIATE", err);
    if (rc != FOLIO_OK)
        return rc;
    rc = store_legacy_write(st, paper_id, date, links, n, err);
    if (rc == FOLIO_OK)
        rc = store_exec(st, "COMMIT", err);
    if (rc != FOLIO_OK) {
        (void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    st->own_commits++;
    return FOLIO_OK;
}

enum folio_rc store_legacy_find(struct store *st,
                                const char *key,
                                char paper_out[MODEL_ID_MAX + 1],
                                char date_out[11],
                                int *page_out,
                                char article_out[MODEL_ID_MAX + 1],
                                struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc;
    int r;

    rc = prepare(st,
                 "SELECT l.paper_id, l.date, l.page, l.article "
                 "FROM legacy_link l JOIN issue i "
                 "  ON i.paper_id = l.paper_id AND i.date = l.date "
                 "WHERE l.key = ?1 AND i.status = 1 "
                 "ORDER BY l.paper_id LIMIT 1",
                 &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC) != SQLITE_OK) {
        rc = store_db_err(st, err, "bind legacy key");
        goto out;
    }
    r = sqlite3_step(s);
    if (r == SQLITE_DONE) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "no old link '%s'", key);
        goto out;
    }
    if (r != SQLITE_ROW) {
        rc = store_db_err(st, err, "find legacy link");
        goto out;
    }
    (void)snprintf(paper_out, MODEL_ID_MAX + 1, "%s",
                   (const char *)sqlite3_column_text(s, 0));
    (void)snprintf(date_out, 11, "%s", (const char *)sqlite3_column_text(s, 1));
    *page_out = sqlite3_column_int(s, 2);
    (void)snprintf(article_out, MODEL_ID_MAX + 1, "%s",
                   sqlite3_column_type(s, 3) == SQLITE_NULL
                       ? ""
                       : (const char *)sqlite3_column_text(s, 3));
out:
    sqlite3_finalize(s);
    return rc;
}
