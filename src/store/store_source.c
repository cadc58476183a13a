/* SPDX-License-Identifier: MIT */
/*
 * store_source.c - where each archive-imported issue came from: the
 * SHA-256 of its source (METS plus referenced files), so rerunning a bulk
 * import skips issues already in and finishes the rest (table
 * import_source, migration 20).
 */
#include "base/compat.h"

#include "base/xalloc.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum folio_rc store_source_get(struct store *st,
                               const char *paper_id,
                               const char *date,
                               char sha_out[STORE_SHA256_HEX],
                               bool *found,
                               struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;
    const unsigned char *v;
    int r;

    if (sqlite3_prepare_v2(st->db,
                           "SELECT i.source_sha256 FROM import_source i "
                           "JOIN issue s ON s.paper_id = i.paper_id AND "
                           "s.date = i.issue_date "
                           "WHERE i.paper_id = ?1 AND i.issue_date = ?2",
                           -1, &s, NULL) != SQLITE_OK) {
        rc = store_db_err(st, err, "read import source");
        goto out;
    }
    if (sqlite3_bind_text(s, 1, paper_id, -1, SQLITE_STATIC) ||
        sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC)) {
        rc = store_db_err(st, err, "bind import source");
        goto out;
    }
    r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        v = sqlite3_column_text(s, 0);
        (void)snprintf(sha_out, STORE_SHA256_HEX, "%s",
                       v ? (const char *)v : "");
        *found = true;
    } else if (r == SQLITE_DONE) {
        *found = false;
    } else {
        rc = store_db_err(st, err, "read import source");
    }
out:
    sqlite3_finalize(s);
    return rc;
}

enum folio_rc store_source_write(struct store *st,
                                 const char *paper_id,
                                 const char *date,
                                 const char *sha,
                                 const char *source_path,
                                 struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;

    if (sqlite3_prepare_v2(st->db,
                           "INSERT OR REPLACE INTO import_source "
                           "(paper_id, issue_date, source_sha256, "
                           "source_path, imported_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)",
                           -1, &s, NULL) != SQLITE_OK) {
        rc = store_db_err(st, err, "write import source");
        goto out;
    }
    if (sqlite3_bind_text(s, 1, paper_id, -1, SQLITE_STATIC) ||
        sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC) ||
        sqlite3_bind_text(s, 3, sha, -1, SQLITE_STATIC) ||
        sqlite3_bind_text(s, 4, source_path, -1, SQLITE_STATIC) ||
        sqlite3_bind_int64(s, 5, (sqlite3_int64)time(NULL))) {
        rc = store_db_err(st, err, "bind import source");
        goto out;
    }
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = store_db_err(st, err, "write import source");
out:
    sqlite3_finalize(s);
    return rc;
}

enum folio_rc store_source_put(struct store *st,
                               const char *paper_id,
                               const char *date,
                               const char *sha,
                               const char *source_path,
                               struct folio_err *err)
{
    enum folio_rc rc;

    if (st->readonly)
        return err_set(err, FOLIO_ERR_DB, st->db_path,
                       "archive opened read-only");
    rc = store_source_write(st, paper_id, date, sha, source_path, err);
    if (rc == FOLIO_OK)
        st->own_commits++;
    return rc;
}
