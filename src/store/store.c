/* SPDX-License-Identifier: MIT */
/*
 * store.c - opening the archive, the statement cache, content-addressed
 * media files and the change generation. Issue reads and writes are in
 * store_issue.c, the schema in store_schema.c.
 */
#include "base/compat.h"

#include "store/store.h"

#include "base/xalloc.h"
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STORE_BUSY_TIMEOUT_MS 5000

/* SQL of every cached statement, indexed by enum store_stmt. */
static const char *const store_sql[SQL_COUNT] = {
    [SQL_PAPER_UPSERT] =
        "INSERT INTO paper(id, name, language, timezone) VALUES (?1,?2,?3,?4)"
        " ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
        " language = excluded.language, timezone = excluded.timezone",
    [SQL_PAPER_GET] =
        "SELECT id, name, language, timezone FROM paper WHERE id = ?1",
    [SQL_PAPER_LIST] =
        "SELECT id, name, language, timezone FROM paper ORDER BY id",
    [SQL_ISSUE_FIND] = "SELECT id, status, created_at, published_at"
                       " FROM issue WHERE paper_id = ?1 AND date = ?2",
    [SQL_ISSUE_INSERT] =
        "INSERT INTO issue(paper_id, date, number, edition, status,"
        " created_at, updated_at, published_at)"
        " VALUES (?1,?2,?3,?4,?5,?6,?6,?7)",
    [SQL_ISSUE_UPDATE] = "UPDATE issue SET number = ?2, edition = ?3,"
                         " status = ?4, updated_at = ?5, published_at = ?6"
                         " WHERE id = ?1",
    [SQL_ISSUE_CLEAR] = "DELETE FROM page WHERE issue_id = ?1",
    [SQL_PAGE_INSERT] =
        "INSERT INTO page(issue_id, number, name, image_media, image_mime,"
        " pdf_media, width, height) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    [SQL_ARTICLE_INSERT] =
        "INSERT INTO article(issue_id, page, seq, aid, kicker, headline,"
        " subhead, byline, continues_page, continues_article,"
        " continued_from_page, continued_from_article, lang)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    [SQL_PARAGRAPH_INSERT] =
        "INSERT INTO paragraph(article, seq, text) VALUES (?1,?2,?3)",
    [SQL_PICTURE_INSERT] = "INSERT INTO picture(article, seq, media, mime,"
                           " caption) VALUES (?1,?2,?3,?4,?5)",
    [SQL_ZONE_INSERT] = "INSERT INTO zone(article, seq, x, y, w, h, points)"
                        " VALUES (?1,?2,?3,?4,?5,?6,?7)",
    [SQL_ISSUE_LOAD] =
        "SELECT i.id, i.number, i.edition, i.status, i.created_at,"
        " i.updated_at, i.published_at, p.id, p.name, p.language, p.timezone"
        " FROM issue i JOIN paper p ON p.id = i.paper_id"
        " WHERE i.paper_id = ?1 AND i.date = ?2 AND i.status >= ?3",
    [SQL_PAGE_LOAD] = "SELECT number, name, image_media, image_mime,"
                      " pdf_media, width, height FROM page"
                      " WHERE issue_id = ?1 ORDER BY number",
    [SQL_ARTICLE_LOAD] =
        "SELECT id, page, seq, aid, kicker, headline, subhead, byline,"
        " continues_page, continues_article, continued_from_page,"
        " continued_from_article, lang FROM article WHERE issue_id = ?1"
        " ORDER BY page, seq",
    [SQL_PARAGRAPH_LOAD] =
        "SELECT x.article, x.text FROM paragraph x"
        " JOIN article a ON a.id = x.article WHERE a.issue_id = ?1"
        " ORDER BY x.article, x.seq",
    [SQL_PICTURE_LOAD] =
        "SELECT x.article, x.media, x.mime, x.caption FROM picture x"
        " JOIN article a ON a.id = x.article WHERE a.issue_id = ?1"
        " ORDER BY x.article, x.seq",
    [SQL_ZONE_LOAD] = "SELECT x.article, x.x, x.y, x.w, x.h, x.points"
                      " FROM zone x"
                      " JOIN article a ON a.id = x.article"
                      " WHERE a.issue_id = ?1 ORDER BY x.article, x.seq",
    [SQL_ISSUE_SET_STATUS] =
        "UPDATE issue SET status = ?3, updated_at = ?4,"
        " published_at = CASE WHEN ?3 = 1 AND published_at = 0 THEN ?4"
        " ELSE published_at END WHERE paper_id = ?1 AND date = ?2",
    [SQL_ISSUE_LIST] =
        "SELECT i.paper_id, i.date, i.number, i.status, i.updated_at,"
        " (SELECT count(*) FROM page g WHERE g.issue_id = i.id),"
        " (SELECT count(*) FROM article a WHERE a.issue_id = i.id)"
        " FROM issue i WHERE (?1 IS NULL OR i.paper_id = ?1)"
        " AND i.status >= ?2 AND (?3 IS NULL OR i.date >= ?3)"
        " AND (?4 IS NULL OR i.date <= ?4) ORDER BY i.paper_id, i.date",
    [SQL_ISSUE_PREV] = "SELECT max(date) FROM issue WHERE paper_id = ?1"
                       " AND status = 1 AND date < ?2",
    [SQL_ISSUE_NEXT] = "SELECT min(date) FROM issue WHERE paper_id = ?1"
                       " AND status = 1 AND date > ?2",
    [SQL_ISSUE_LATEST] = "SELECT max(date) FROM issue WHERE paper_id = ?1"
                         " AND status = 1",
    [SQL_DATA_VERSION] = "PRAGMA data_version",
    [SQL_BEGIN] = "BEGIN IMMEDIATE",
    [SQL_COMMIT] = "COMMIT",
    [SQL_ROLLBACK] = "ROLLBACK",
    [SQL_WORD_INSERT] =
        "INSERT INTO page_word(issue_id, page, seq, text, x, y, w, h, line,"
        " block) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [SQL_PAGE_FIND] = "SELECT i.id FROM issue i JOIN page g"
                      " ON g.issue_id = i.id AND g.number = ?4"
                      " WHERE i.paper_id = ?1 AND i.date = ?2"
                      " AND i.status >= ?3",
    [SQL_WORD_LOAD] = "SELECT text, x, y, w, h, line, block FROM page_word"
                      " WHERE issue_id = ?1 AND page = ?2 ORDER BY seq",
};

static FOLIO_MUST_USE enum folio_rc pragmas(struct store *st,
                                            struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc wal_readable(const struct store *st,
                                                 struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc make_dir(const char *path,
                                             struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc write_file_atomic(const char *dir,
                                                      const char *path,
                                                      const void *data,
                                                      size_t len,
                                                      struct folio_err *err);
static bool is_hex64(const char *hex);

enum folio_rc
store_db_err(struct store *st, struct folio_err *err, const char *what)
{
    return err_set(err, FOLIO_ERR_DB, st->db_path, "%s: %s", what,
                   sqlite3_errmsg(st->db));
}

enum folio_rc
store_exec(struct store *st, const char *sql, struct folio_err *err)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_db_err(st, err, "query failed");
    return FOLIO_OK;
}

enum folio_rc store_stmt(struct store *st,
                         enum store_stmt id,
                         sqlite3_stmt **out,
                         struct folio_err *err)
{
    sqlite3_stmt *s = st->stmt[id];

    if (!s) {
        if (sqlite3_prepare_v3(st->db, store_sql[id], -1,
                               SQLITE_PREPARE_PERSISTENT, &s,
                               NULL) != SQLITE_OK)
            return store_db_err(st, err, "prepare");
        st->stmt[id] = s;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    *out = s;
    return FOLIO_OK;
}

/* mkdir -p: parents first, existing directories are fine. */
static enum folio_rc make_dir(const char *path, struct folio_err *err)
{
    enum folio_rc rc = FOLIO_OK;
    char *tmp = xstrdup(path);
    char *p;

    for (p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
            rc = err_errno(err, tmp, "cannot create directory");
            goto out;
        }
        *p = '/';
    }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
        rc = err_errno(err, path, "cannot create directory");
out:
    free(tmp);
    return rc;
}

/*
 * A reader of a WAL database needs folio.db-shm: SQLite creates it beside
 * folio.db when it is missing, which a read-only directory refuses, and
 * the first query then fails with "unable to open database file". Say
 * why at the open instead. Only for a file in WAL mode (header bytes 18
 * and 19 are 2) whose -shm is missing in a directory we cannot write.
 */
static enum folio_rc wal_readable(const struct store *st, struct folio_err *err)
{
    unsigned char hdr[20];
    char *shm = xasprintf("%s-shm", st->db_path);
    struct stat sb;
    enum folio_rc rc = FOLIO_OK;
    int fd, e;

    if (stat(shm, &sb) == 0 || errno != ENOENT || access(st->dir, W_OK) == 0)
        goto out;
    e = errno;
    fd = open(st->db_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        goto out;
    if (read(fd, hdr, sizeof(hdr)) == (ssize_t)sizeof(hdr) && hdr[18] == 2 &&
        hdr[19] == 2)
        rc =
            err_set(err, FOLIO_ERR_IO, st->dir,
                    "the archive's directory is %s: SQLite needs to create "
                    "folio.db-shm beside folio.db (WAL mode); copy the "
                    "archive to a writable place, or make the directory "
                    "writable",
                    e == EROFS ? "on a read-only file system" : "not writable");
    (void)close(fd);
out:
    free(shm);
    return rc;
}

static enum folio_rc pragmas(struct store *st, struct folio_err *err)
{
    enum folio_rc rc;

    if (sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS) != SQLITE_OK)
        return store_db_err(st, err, "busy timeout");
    if (!st->readonly) {
        rc = store_exec(st, "PRAGMA journal_mode = WAL", err);
        if (rc != FOLIO_OK)
            return rc;
    }
    rc = store_exec(st, "PRAGMA synchronous = FULL", err);
    if (rc == FOLIO_OK)
        rc = store_exec(st, "PRAGMA foreign_keys = ON", err);
    return rc;
}

enum folio_rc store_open(const char *dir,
                         unsigned flags,
                         struct store **out,
                         struct folio_err *err)
{
    struct store *st = NULL;
    struct stat sb;
    enum folio_rc rc = FOLIO_OK;
    char *media = NULL;
    int oflags;

    if (sodium_init() < 0)
        return err_set(err, FOLIO_ERR_IO, NULL, "cannot initialise libsodium");
    st = xcalloc(1, sizeof(*st));
    st->dir = xstrdup(dir);
    st->db_path = xasprintf("%s/folio.db", dir);
    st->readonly = (flags & STORE_OPEN_READONLY) != 0;
    st->no_upgrade = (flags & STORE_OPEN_NO_UPGRADE) != 0;
    media = xasprintf("%s/media", dir);
    if (stat(st->db_path, &sb) != 0) {
        if (errno != ENOENT) {
            rc = err_errno(err, st->db_path, "cannot open archive");
            goto out;
        }
        if (!(flags & STORE_OPEN_CREATE) || st->readonly) {
            rc = err_set(err, FOLIO_ERR_NOT_FOUND, dir,
                         "no folio archive here (no folio.db)");
            goto out;
        }
        rc = make_dir(dir, err);
        if (rc != FOLIO_OK)
            goto out;
    }
    if (!st->readonly) {
        rc = make_dir(media, err);
        if (rc != FOLIO_OK)
            goto out;
    }
    if (st->readonly) {
        rc = wal_readable(st, err);
        if (rc != FOLIO_OK)
            goto out;
    }
    oflags = st->readonly ? SQLITE_OPEN_READONLY
                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    oflags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(st->db_path, &st->db, oflags, NULL) != SQLITE_OK) {
        rc = store_db_err(st, err, "cannot open database");
        goto out;
    }
    rc = pragmas(st, err);
    if (rc == FOLIO_OK)
        rc = search_tokenizer_new(&st->search_tk, err);
    if (rc == FOLIO_OK)
        rc = search_fts5_register(st->search_tk, st->db, err);
    if (rc == FOLIO_OK)
        rc = store_migrate(st, err);
out:
    free(media);
    if (rc != FOLIO_OK) {
        store_close(st);
        return rc;
    }
    *out = st;
    return FOLIO_OK;
}

void store_close(struct store *st)
{
    size_t i;

    if (!st)
        return;
    for (i = 0; i < SQL_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    sqlite3_close(st->db);
    search_tokenizer_free(st->search_tk);
    free(st->dir);
    free(st->db_path);
    free(st);
}

const char *store_dir(const struct store *st)
{
    return st->dir;
}

static bool is_hex64(const char *hex)
{
    size_t i;

    for (i = 0; i < 64; i++) {
        char c = hex[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return hex[64] == '\0';
}

bool store_media_path(const struct store *st,
                      const char *hex,
                      char *out,
                      size_t outsz)
{
    int n;

    if (!hex || !is_hex64(hex))
        return false;
    n = snprintf(out, outsz, "%s/media/%.2s/%s", st->dir, hex, hex);
    return n > 0 && (size_t)n < outsz;
}

static enum folio_rc write_file_atomic(const char *dir,
                                       const char *path,
                                       const void *data,
                                       size_t len,
                                       struct folio_err *err)
{
    enum folio_rc rc = FOLIO_OK;
    char *tmp = xasprintf("%s/.tmp-XXXXXX", dir);
    const char *p = data;
    int fd, dfd;

    fd = mkstemp(tmp);
    if (fd < 0) {
        rc = err_errno(err, tmp, "cannot create file");
        goto out;
    }
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = err_errno(err, tmp, "cannot write file");
            break;
        }
        p += w;
        len -= (size_t)w;
    }
    if (rc == FOLIO_OK && fsync(fd) != 0)
        rc = err_errno(err, tmp, "cannot sync file");
    if (close(fd) != 0 && rc == FOLIO_OK)
        rc = err_errno(err, tmp, "cannot close file");
    if (rc == FOLIO_OK && rename(tmp, path) != 0)
        rc = err_errno(err, path, "cannot rename file");
    if (rc != FOLIO_OK) {
        (void)unlink(tmp);
        goto out;
    }
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        if (fsync(dfd) != 0)
            rc = err_errno(err, dir, "cannot sync directory");
        (void)close(dfd);
    }
out:
    free(tmp);
    return rc;
}

enum folio_rc store_media_put(struct store *st,
                              const void *data,
                              size_t len,
                              char hex_out[STORE_SHA256_HEX],
                              struct folio_err *err)
{
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[STORE_SHA256_HEX];
    char path[4096];
    char *sub = NULL;
    struct stat sb;
    enum folio_rc rc = FOLIO_OK;

    if (st->readonly)
        return err_set(err, FOLIO_ERR_IO, st->dir, "archive opened read-only");
    crypto_hash_sha256(hash, data, len);
    sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
    if (!store_media_path(st, hex, path, sizeof(path)))
        return err_set(err, FOLIO_ERR_IO, st->dir,
                       "data directory path too "
                       "long");
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
        (size_t)sb.st_size == len)
        goto done;
    sub = xasprintf("%s/media/%.2s", st->dir, hex);
    rc = make_dir(sub, err);
    if (rc == FOLIO_OK)
        rc = write_file_atomic(sub, path, data, len, err);
    if (rc != FOLIO_OK)
        goto out;
done:
    memcpy(hex_out, hex, STORE_SHA256_HEX);
out:
    free(sub);
    return rc;
}

enum folio_rc
store_generation(struct store *st, uint64_t *out, struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc;

    rc = store_stmt(st, SQL_DATA_VERSION, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = store_db_err(st, err, "data_version");
        sqlite3_reset(s);
        return rc;
    }
    /*
     * data_version changes on other connections' commits only; adding our
     * own commit count makes the sum move on every commit (both only grow).
     */
    *out = (uint64_t)sqlite3_column_int64(s, 0) + st->own_commits;
    sqlite3_reset(s);
    return FOLIO_OK;
}
