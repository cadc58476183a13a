/* SPDX-License-Identifier: MIT */
/*
 * store_issue.c - reading and writing papers and issues: the whole-issue
 * put in one BEGIN IMMEDIATE transaction, the whole-issue load, status
 * changes, listings and the published-issue neighbours the reader uses.
 */
#include "base/compat.h"

#include "store/store.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "store/store_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where an article row landed in the loaded issue. */
struct art_slot {
    sqlite3_int64 rowid;
    size_t pi, ai;
};

static void *grow(void *p, size_t n, size_t size);
static int bind_text(sqlite3_stmt *s, int idx, const char *v);
static char *col_strdup(sqlite3_stmt *s, int col);
static const char *edition_norm(const char *e);
static FOLIO_MUST_USE enum folio_rc edition_check(struct store *st,
                                                  sqlite3_int64 issue_id,
                                                  const struct issue *iss,
                                                  struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc step_done(struct store *st,
                                              sqlite3_stmt *s,
                                              const char *what,
                                              struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
put_paper(struct store *st, const struct paper *p, struct folio_err *err);
static char *points_text(const struct zone *z);
static bool points_parse(const char *text, struct zone *z);
static FOLIO_MUST_USE enum folio_rc put_zones(struct store *st,
                                              sqlite3_int64 article_row,
                                              const struct article *a,
                                              struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc put_words(struct store *st,
                                              sqlite3_int64 issue_id,
                                              const struct page *pg,
                                              struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc put_article(struct store *st,
                                                sqlite3_int64 issue_id,
                                                int page,
                                                const struct article *a,
                                                int seq,
                                                struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc put_body(struct store *st,
                                             const struct issue *iss,
                                             bool replace_published,
                                             struct folio_err *err);
static int slot_cmp(const void *a, const void *b);
static struct article *slot_find(struct issue *iss,
                                 const struct art_slot *slots,
                                 size_t n,
                                 sqlite3_int64 rowid);
static FOLIO_MUST_USE enum folio_rc load_rows(struct store *st,
                                              struct issue *iss,
                                              sqlite3_int64 issue_id,
                                              struct folio_err *err);
static void paper_from_row(sqlite3_stmt *s, int col, struct paper *p);
static FOLIO_MUST_USE enum folio_rc date_query(struct store *st,
                                               enum store_stmt id,
                                               const char *paper_id,
                                               const char *date,
                                               char out[11],
                                               struct folio_err *err);

/*
 * Make room for element n of an array of `size`-byte elements that holds
 * n elements: capacity doubles whenever n is 0 or a power of two.
 */
static void *grow(void *p, size_t n, size_t size)
{
    if ((n & (n - 1)) == 0)
        return xreallocarray(p, n ? 2 * n : 1, size);
    return p;
}

static int bind_text(sqlite3_stmt *s, int idx, const char *v)
{
    if (!v)
        return sqlite3_bind_null(s, idx);
    return sqlite3_bind_text(s, idx, v, -1, SQLITE_STATIC);
}

static char *col_strdup(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? xstrdup((const char *)t) : NULL;
}

static enum folio_rc step_done(struct store *st,
                               sqlite3_stmt *s,
                               const char *what,
                               struct folio_err *err)
{
    int rc = sqlite3_step(s);
    enum folio_rc out = FOLIO_OK;

    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        out = store_db_err(st, err, what);
    sqlite3_reset(s);
    return out;
}

static enum folio_rc
put_paper(struct store *st, const struct paper *p, struct folio_err *err)
{
    sqlite3_stmt *s;
    enum folio_rc rc = store_stmt(st, SQL_PAPER_UPSERT, &s, err);

    if (rc != FOLIO_OK)
        return rc;
    if (bind_text(s, 1, p->id) | bind_text(s, 2, p->name) |
        bind_text(s, 3, p->language ? p->language : "und") |
        bind_text(s, 4, p->timezone ? p->timezone : "UTC"))
        return store_db_err(st, err, "bind paper");
    return step_done(st, s, "write paper", err);
}

static enum folio_rc put_article(struct store *st,
                                 sqlite3_int64 issue_id,
                                 int page,
                                 const struct article *a,
                                 int seq,
                                 struct folio_err *err)
{
    sqlite3_stmt *s;
    sqlite3_int64 row;
    enum folio_rc rc;
    size_t i;
    int b;

    rc = store_stmt(st, SQL_ARTICLE_INSERT, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    b = sqlite3_bind_int64(s, 1, issue_id) | sqlite3_bind_int(s, 2, page) |
        sqlite3_bind_int(s, 3, seq) | bind_text(s, 4, a->id) |
        bind_text(s, 5, a->kicker) | bind_text(s, 6, a->headline) |
        bind_text(s, 7, a->subhead) | bind_text(s, 8, a->byline) |
        sqlite3_bind_int(s, 9, a->continues.page) |
        bind_text(s, 10, a->continues.page ? a->continues.article : NULL) |
        sqlite3_bind_int(s, 11, a->continued_from.page) |
        bind_text(s, 12,
                  a->continued_from.page ? a->continued_from.article : NULL) |
        bind_text(s, 13, a->lang);
    if (b)
        return store_db_err(st, err, "bind article");
    rc = step_done(st, s, "write article", err);
    if (rc != FOLIO_OK)
        return rc;
    row = sqlite3_last_insert_rowid(st->db);
    for (i = 0; i < a->nparagraphs && rc == FOLIO_OK; i++) {
        rc = store_stmt(st, SQL_PARAGRAPH_INSERT, &s, err);
        if (rc != FOLIO_OK)
            break;
        b = sqlite3_bind_int64(s, 1, row) |
            sqlite3_bind_int64(s, 2, (sqlite3_int64)i) |
            bind_text(s, 3, a->paragraphs[i]);
        rc = b ? store_db_err(st, err, "bind paragraph")
               : step_done(st, s, "write paragraph", err);
    }
    for (i = 0; i < a->npictures && rc == FOLIO_OK; i++) {
        rc = store_stmt(st, SQL_PICTURE_INSERT, &s, err);
        if (rc != FOLIO_OK)
            break;
        b = sqlite3_bind_int64(s, 1, row) |
            sqlite3_bind_int64(s, 2, (sqlite3_int64)i) |
            bind_text(s, 3, a->pictures[i].media) |
            bind_text(s, 4, a->pictures[i].mime) |
            bind_text(s, 5, a->pictures[i].caption);
        rc = b ? store_db_err(st, err, "bind picture")
               : step_done(st, s, "write picture", err);
    }
    if (rc == FOLIO_OK)
        rc = put_zones(st, row, a, err);
    return rc;
}

/*
 * The zone.points column for z: "x,y x,y ..." (malloc'd), or NULL for a
 * rectangle.
 */
static char *points_text(const struct zone *z)
{
    struct buf b = BUF_INIT((size_t)-1);
    size_t i;

    if (!z->points || z->npoints == 0)
        return NULL;
    for (i = 0; i < z->npoints; i++)
        buf_addf(&b, "%s%" PRId32 ",%" PRId32, i ? " " : "", z->points[i].x,
                 z->points[i].y);
    return buf_detach(&b, NULL);
}

/*
 * Parse a zone.points column into z->points/npoints (z's previous polygon
 * must be empty). Returns false (z unchanged) on malformed text.
 */
static bool points_parse(const char *text, struct zone *z)
{
    struct point *pts = NULL;
    size_t n = 0;
    const char *p = text;
    char *end;
    long x, y;

    while (*p) {
        errno = 0;
        x = strtol(p, &end, 10);
        if (end == p || *end != ',' || errno != 0)
            goto bad;
        p = end + 1;
        y = strtol(p, &end, 10);
        if (end == p || errno != 0)
            goto bad;
        p = end;
        if (*p == ' ')
            p++;
        else if (*p != '\0')
            goto bad;
        if (x < INT32_MIN || x > INT32_MAX || y < INT32_MIN || y > INT32_MAX ||
            n == MODEL_MAX_POLYGON_POINTS)
            goto bad;
        pts = grow(pts, n, sizeof(*pts));
        pts[n].x = (int32_t)x;
        pts[n].y = (int32_t)y;
        n++;
    }
    if (n < 3)
        goto bad;
    z->points = pts;
    z->npoints = n;
    return true;
bad:
    free(pts);
    return false;
}

static enum folio_rc put_zones(struct store *st,
                               sqlite3_int64 article_row,
                               const struct article *a,
                               struct folio_err *err)
{
    enum folio_rc rc = FOLIO_OK;
    sqlite3_stmt *s;
    char *pts;
    size_t i;
    int b;

    for (i = 0; i < a->nzones && rc == FOLIO_OK; i++) {
        rc = store_stmt(st, SQL_ZONE_INSERT, &s, err);
        if (rc != FOLIO_OK)
            break;
        pts = points_text(&a->zones[i]);
        b = sqlite3_bind_int64(s, 1, article_row) |
            sqlite3_bind_int64(s, 2, (sqlite3_int64)i) |
            sqlite3_bind_int(s, 3, a->zones[i].x) |
            sqlite3_bind_int(s, 4, a->zones[i].y) |
            sqlite3_bind_int(s, 5, a->zones[i].w) |
            sqlite3_bind_int(s, 6, a->zones[i].h) |
            (pts ? sqlite3_bind_text(s, 7, pts, -1, free)
                 : sqlite3_bind_null(s, 7));
        rc = b ? store_db_err(st, err, "bind zone")
               : step_done(st, s, "write zone", err);
    }
    return rc;
}

/* The words of pg, with one cached insert statement. */
static enum folio_rc put_words(struct store *st,
                               sqlite3_int64 issue_id,
                               const struct page *pg,
                               struct folio_err *err)
{
    const struct page_word *w;
    enum folio_rc rc = FOLIO_OK;
    sqlite3_stmt *s;
    size_t i;
    int b;

    if (pg->nwords == 0)
        return FOLIO_OK;
    rc = store_stmt(st, SQL_WORD_INSERT, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (sqlite3_bind_int64(s, 1, issue_id) | sqlite3_bind_int(s, 2, pg->number))
        return store_db_err(st, err, "bind word");
    for (i = 0; i < pg->nwords; i++) {
        w = &pg->words[i];
        b = sqlite3_bind_int64(s, 3, (sqlite3_int64)i) |
            bind_text(s, 4, w->text ? w->text : "") |
            sqlite3_bind_int(s, 5, w->x) | sqlite3_bind_int(s, 6, w->y) |
            sqlite3_bind_int(s, 7, w->w) | sqlite3_bind_int(s, 8, w->h) |
            sqlite3_bind_int(s, 9, w->line) | sqlite3_bind_int(s, 10, w->block);
        if (b)
            return store_db_err(st, err, "bind word");
        rc = step_done(st, s, "write word", err);
        if (rc != FOLIO_OK)
            return rc;
    }
    return FOLIO_OK;
}

/* An edition label as compared: absent, "" and "1" are all edition 1. */
static const char *edition_norm(const char *e)
{
    return e == NULL || e[0] == '\0' ? "1" : e;
}

/*
 * folio keeps one edition per paper and date: refuse to replace the
 * stored issue issue_id by iss when their edition labels differ.
 */
static enum folio_rc edition_check(struct store *st,
                                   sqlite3_int64 issue_id,
                                   const struct issue *iss,
                                   struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;
    char *have = NULL;

    if (sqlite3_prepare_v2(st->db, "SELECT edition FROM issue WHERE id = ?1",
                           -1, &s, NULL) != SQLITE_OK ||
        sqlite3_bind_int64(s, 1, issue_id) != SQLITE_OK) {
        rc = store_db_err(st, err, "read issue edition");
        goto out;
    }
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = store_db_err(st, err, "read issue edition");
        goto out;
    }
    have = col_strdup(s, 0);
    if (strcmp(edition_norm(have), edition_norm(iss->edition)) != 0)
        rc = err_set(err, FOLIO_ERR_CONFLICT, NULL,
                     "issue %s %s is stored as edition %s, this is edition "
                     "%s: folio keeps one edition per date; use --replace "
                     "to replace it",
                     iss->paper.id, iss->date, edition_norm(have),
                     edition_norm(iss->edition));
out:
    free(have);
    sqlite3_finalize(s);
    return rc;
}

/* Everything inside the transaction of store_issue_put. */
static enum folio_rc put_body(struct store *st,
                              const struct issue *iss,
                              bool replace_published,
                              struct folio_err *err)
{
    sqlite3_stmt *s;
    sqlite3_int64 issue_id = 0, published_at = 0;
    int64_t now = time_now_utc();
    int status = iss->status == ISSUE_PUBLISHED ? 1 : 0;
    bool exists = false, was_published = false;
    enum folio_rc rc;
    size_t p, a;
    int b, r;

    rc = put_paper(st, &iss->paper, err);
    if (rc != FOLIO_OK)
        return rc;
    rc = store_stmt(st, SQL_ISSUE_FIND, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (bind_text(s, 1, iss->paper.id) | bind_text(s, 2, iss->date))
        return store_db_err(st, err, "bind issue");
    r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        exists = true;
        issue_id = sqlite3_column_int64(s, 0);
        published_at = sqlite3_column_int64(s, 3);
        was_published = sqlite3_column_int(s, 1) == 1;
    } else if (r != SQLITE_DONE) {
        sqlite3_reset(s);
        return store_db_err(st, err, "find issue");
    }
    sqlite3_reset(s);
    if (exists && !replace_published) {
        rc = edition_check(st, issue_id, iss, err);
        if (rc != FOLIO_OK)
            return rc;
        if (was_published)
            return err_set(err, FOLIO_ERR_CONFLICT, NULL,
                           "issue %s %s is published; use --replace",
                           iss->paper.id, iss->date);
    }
    if (was_published)
        status = 1; /* a replaced published issue stays published */
    if (status == 1 && published_at == 0)
        published_at = now;

    if (exists) {
        rc = store_stmt(st, SQL_ISSUE_UPDATE, &s, err);
        if (rc != FOLIO_OK)
            return rc;
        b = sqlite3_bind_int64(s, 1, issue_id) |
            sqlite3_bind_int64(s, 2, iss->number) |
            bind_text(s, 3, iss->edition) | sqlite3_bind_int(s, 4, status) |
            sqlite3_bind_int64(s, 5, now) |
            sqlite3_bind_int64(s, 6, published_at);
        rc = b ? store_db_err(st, err, "bind issue")
               : step_done(st, s, "update issue", err);
        if (rc == FOLIO_OK && was_published)
            rc = store_search_index_issue(st, issue_id, false, err);
        if (rc == FOLIO_OK)
            rc = store_stmt(st, SQL_ISSUE_CLEAR, &s, err);
        if (rc == FOLIO_OK)
            rc = sqlite3_bind_int64(s, 1, issue_id)
                     ? store_db_err(st, err, "bind issue")
                     : step_done(st, s, "delete old pages", err);
    } else {
        rc = store_stmt(st, SQL_ISSUE_INSERT, &s, err);
        if (rc != FOLIO_OK)
            return rc;
        b = bind_text(s, 1, iss->paper.id) | bind_text(s, 2, iss->date) |
            sqlite3_bind_int64(s, 3, iss->number) |
            bind_text(s, 4, iss->edition) | sqlite3_bind_int(s, 5, status) |
            sqlite3_bind_int64(s, 6, now) |
            sqlite3_bind_int64(s, 7, published_at);
        rc = b ? store_db_err(st, err, "bind issue")
               : step_done(st, s, "write issue", err);
        issue_id = sqlite3_last_insert_rowid(st->db);
    }
    for (p = 0; p < iss->npages && rc == FOLIO_OK; p++) {
        const struct page *pg = &iss->pages[p];
        rc = store_stmt(st, SQL_PAGE_INSERT, &s, err);
        if (rc != FOLIO_OK)
            break;
        b = sqlite3_bind_int64(s, 1, issue_id) |
            sqlite3_bind_int(s, 2, pg->number) | bind_text(s, 3, pg->name) |
            bind_text(s, 4, pg->image_media) | bind_text(s, 5, pg->image_mime) |
            bind_text(s, 6, pg->pdf_media) | sqlite3_bind_int(s, 7, pg->width) |
            sqlite3_bind_int(s, 8, pg->height);
        rc = b ? store_db_err(st, err, "bind page")
               : step_done(st, s, "write page", err);
        if (rc == FOLIO_OK)
            rc = put_words(st, issue_id, pg, err);
        for (a = 0; a < pg->narticles && rc == FOLIO_OK; a++)
            rc = put_article(st, issue_id, pg->number, &pg->articles[a],
                             (int)a + 1, err);
    }
    if (rc == FOLIO_OK && status == 1)
        rc = store_search_index_issue(st, issue_id, true, err);
    return rc;
}

enum folio_rc store_issue_put(struct store *st,
                              const struct issue *iss,
                              bool replace_published,
                              struct folio_err *err)
{
    return store_issue_put_sourced(st, iss, replace_published, NULL, err);
}

enum folio_rc store_issue_put_sourced(struct store *st,
                                      const struct issue *iss,
                                      bool replace_published,
                                      const struct store_issue_source *src,
                                      struct folio_err *err)
{
    sqlite3_stmt *s;
    enum folio_rc rc;

    if (st->readonly)
        return err_set(err, FOLIO_ERR_DB, st->db_path,
                       "archive opened read-only");
    rc = store_stmt(st, SQL_BEGIN, &s, err);
    if (rc == FOLIO_OK)
        rc = step_done(st, s, "begin", err);
    if (rc != FOLIO_OK)
        return rc;
    rc = put_body(st, iss, replace_published, err);
    if (rc == FOLIO_OK && src && src->sha)
        rc = store_source_write(st, iss->paper.id, iss->date, src->sha,
                                src->path, err);
    if (rc == FOLIO_OK && src && src->links_set)
        rc = store_legacy_write(st, iss->paper.id, iss->date, src->links,
                                src->nlinks, err);
    if (rc == FOLIO_OK) {
        rc = store_stmt(st, SQL_COMMIT, &s, err);
        if (rc == FOLIO_OK)
            rc = step_done(st, s, "commit", err);
    }
    if (rc != FOLIO_OK) {
        (void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    st->own_commits++;
    return FOLIO_OK;
}

enum folio_rc store_issue_edition(struct store *st,
                                  const char *paper_id,
                                  const char *date,
                                  bool *exists,
                                  char **edition_out,
                                  struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;
    int r;

    if (sqlite3_prepare_v2(st->db,
                           "SELECT edition FROM issue WHERE paper_id = ?1 "
                           "AND date = ?2",
                           -1, &s, NULL) != SQLITE_OK ||
        bind_text(s, 1, paper_id) || bind_text(s, 2, date)) {
        rc = store_db_err(st, err, "read issue edition");
        goto out;
    }
    r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        *exists = true;
        *edition_out = col_strdup(s, 0);
    } else if (r == SQLITE_DONE) {
        *exists = false;
        *edition_out = NULL;
    } else {
        rc = store_db_err(st, err, "read issue edition");
    }
out:
    sqlite3_finalize(s);
    return rc;
}

enum folio_rc store_issue_set_status(struct store *st,
                                     const char *paper_id,
                                     const char *date,
                                     enum issue_status status,
                                     struct folio_err *err)
{
    sqlite3_stmt *s;
    sqlite3_int64 issue_id = 0;
    int want = status == ISSUE_PUBLISHED ? 1 : 0, had = -1, r;
    enum folio_rc rc;

    if (st->readonly)
        return err_set(err, FOLIO_ERR_DB, st->db_path,
                       "archive opened read-only");
    rc = store_stmt(st, SQL_BEGIN, &s, err);
    if (rc == FOLIO_OK)
        rc = step_done(st, s, "begin", err);
    if (rc != FOLIO_OK)
        return rc;
    rc = store_stmt(st, SQL_ISSUE_FIND, &s, err);
    if (rc == FOLIO_OK) {
        if (bind_text(s, 1, paper_id) | bind_text(s, 2, date)) {
            rc = store_db_err(st, err, "bind issue");
        } else {
            r = sqlite3_step(s);
            if (r == SQLITE_ROW) {
                issue_id = sqlite3_column_int64(s, 0);
                had = sqlite3_column_int(s, 1);
            } else if (r != SQLITE_DONE) {
                rc = store_db_err(st, err, "find issue");
            }
            sqlite3_reset(s);
        }
    }
    if (rc == FOLIO_OK && had < 0)
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "no issue %s %s", paper_id,
                     date);
    if (rc == FOLIO_OK)
        rc = store_stmt(st, SQL_ISSUE_SET_STATUS, &s, err);
    if (rc == FOLIO_OK) {
        if (bind_text(s, 1, paper_id) | bind_text(s, 2, date) |
            sqlite3_bind_int(s, 3, want) |
            sqlite3_bind_int64(s, 4, time_now_utc()))
            rc = store_db_err(st, err, "bind status");
        else
            rc = step_done(st, s, "set status", err);
    }
    /* the search index holds exactly the published issues */
    if (rc == FOLIO_OK && had != want)
        rc = store_search_index_issue(st, issue_id, want == 1, err);
    if (rc == FOLIO_OK) {
        rc = store_stmt(st, SQL_COMMIT, &s, err);
        if (rc == FOLIO_OK)
            rc = step_done(st, s, "commit", err);
    }
    if (rc != FOLIO_OK) {
        (void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    st->own_commits++;
    return FOLIO_OK;
}

static int slot_cmp(const void *a, const void *b)
{
    const struct art_slot *x = a, *y = b;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static struct article *slot_find(struct issue *iss,
                                 const struct art_slot *slots,
                                 size_t n,
                                 sqlite3_int64 rowid)
{
    struct art_slot key = { .rowid = rowid };
    const struct art_slot *hit =
        n ? bsearch(&key, slots, n, sizeof(*slots), slot_cmp) : NULL;

    if (!hit)
        BUG("row of unknown article %lld", (long long)rowid);
    return &iss->pages[hit->pi].articles[hit->ai];
}

static void paper_from_row(sqlite3_stmt *s, int col, struct paper *p)
{
    p->id = col_strdup(s, col);
    p->name = col_strdup(s, col + 1);
    p->language = col_strdup(s, col + 2);
    p->timezone = col_strdup(s, col + 3);
}

/* Pages, articles and their children of issue row issue_id into iss. */
static enum folio_rc load_rows(struct store *st,
                               struct issue *iss,
                               sqlite3_int64 issue_id,
                               struct folio_err *err)
{
    struct art_slot *slots = NULL;
    size_t nslots = 0, pi = 0;
    const char *pts;
    sqlite3_stmt *s;
    enum folio_rc rc;
    int r;

    rc = store_stmt(st, SQL_PAGE_LOAD, &s, err);
    if (rc != FOLIO_OK)
        goto out;
    (void)sqlite3_bind_int64(s, 1, issue_id);
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct page *pg;
        iss->pages = grow(iss->pages, iss->npages, sizeof(*iss->pages));
        pg = &iss->pages[iss->npages++];
        memset(pg, 0, sizeof(*pg));
        pg->number = sqlite3_column_int(s, 0);
        pg->name = col_strdup(s, 1);
        pg->image_media = col_strdup(s, 2);
        pg->image_mime = col_strdup(s, 3);
        pg->pdf_media = col_strdup(s, 4);
        pg->width = sqlite3_column_int(s, 5);
        pg->height = sqlite3_column_int(s, 6);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        rc = store_db_err(st, err, "load pages");
        goto out;
    }

    rc = store_stmt(st, SQL_ARTICLE_LOAD, &s, err);
    if (rc != FOLIO_OK)
        goto out;
    (void)sqlite3_bind_int64(s, 1, issue_id);
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        int number = sqlite3_column_int(s, 1);
        struct page *pg;
        struct article *a;
        while (pi < iss->npages && iss->pages[pi].number < number)
            pi++;
        if (pi == iss->npages || iss->pages[pi].number != number)
            BUG("article on missing page %d", number);
        pg = &iss->pages[pi];
        pg->articles = grow(pg->articles, pg->narticles, sizeof(*a));
        a = &pg->articles[pg->narticles];
        memset(a, 0, sizeof(*a));
        slots = grow(slots, nslots, sizeof(*slots));
        slots[nslots].rowid = sqlite3_column_int64(s, 0);
        slots[nslots].pi = pi;
        slots[nslots].ai = pg->narticles++;
        nslots++;
        a->seq = sqlite3_column_int(s, 2);
        a->id = col_strdup(s, 3);
        a->kicker = col_strdup(s, 4);
        a->headline = col_strdup(s, 5);
        a->subhead = col_strdup(s, 6);
        a->byline = col_strdup(s, 7);
        a->continues.page = sqlite3_column_int(s, 8);
        a->continues.article = col_strdup(s, 9);
        a->continued_from.page = sqlite3_column_int(s, 10);
        a->continued_from.article = col_strdup(s, 11);
        a->lang = col_strdup(s, 12);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        rc = store_db_err(st, err, "load articles");
        goto out;
    }
    if (nslots > 1)
        qsort(slots, nslots, sizeof(*slots), slot_cmp);

    rc = store_stmt(st, SQL_PARAGRAPH_LOAD, &s, err);
    if (rc != FOLIO_OK)
        goto out;
    (void)sqlite3_bind_int64(s, 1, issue_id);
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct article *a =
            slot_find(iss, slots, nslots, sqlite3_column_int64(s, 0));
        a->paragraphs =
            grow(a->paragraphs, a->nparagraphs, sizeof(*a->paragraphs));
        a->paragraphs[a->nparagraphs++] = col_strdup(s, 1);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        rc = store_db_err(st, err, "load paragraphs");
        goto out;
    }

    rc = store_stmt(st, SQL_PICTURE_LOAD, &s, err);
    if (rc != FOLIO_OK)
        goto out;
    (void)sqlite3_bind_int64(s, 1, issue_id);
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct article *a =
            slot_find(iss, slots, nslots, sqlite3_column_int64(s, 0));
        struct picture *pic;
        a->pictures = grow(a->pictures, a->npictures, sizeof(*pic));
        pic = &a->pictures[a->npictures++];
        pic->media = col_strdup(s, 1);
        pic->mime = col_strdup(s, 2);
        pic->caption = col_strdup(s, 3);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        rc = store_db_err(st, err, "load pictures");
        goto out;
    }

    rc = store_stmt(st, SQL_ZONE_LOAD, &s, err);
    if (rc != FOLIO_OK)
        goto out;
    (void)sqlite3_bind_int64(s, 1, issue_id);
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct article *a =
            slot_find(iss, slots, nslots, sqlite3_column_int64(s, 0));
        struct zone *z;
        a->zones = grow(a->zones, a->nzones, sizeof(*z));
        z = &a->zones[a->nzones++];
        memset(z, 0, sizeof(*z));
        z->x = sqlite3_column_int(s, 1);
        z->y = sqlite3_column_int(s, 2);
        z->w = sqlite3_column_int(s, 3);
        z->h = sqlite3_column_int(s, 4);
        pts = (const char *)sqlite3_column_text(s, 5);
        if (pts && !points_parse(pts, z)) {
            sqlite3_reset(s);
            rc = err_set(err, FOLIO_ERR_DB, st->db_path,
                         "zone of article %s: malformed polygon '%.40s'", a->id,
                         pts);
            goto out;
        }
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE)
        rc = store_db_err(st, err, "load zones");
out:
    free(slots);
    return rc;
}

enum folio_rc store_issue_load(struct store *st,
                               const char *paper_id,
                               const char *date,
                               bool published_only,
                               struct issue **out,
                               struct folio_err *err)
{
    struct issue *iss = NULL;
    sqlite3_int64 issue_id;
    sqlite3_stmt *s;
    enum folio_rc rc;
    int r;

    rc = store_stmt(st, SQL_ISSUE_LOAD, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (bind_text(s, 1, paper_id) | bind_text(s, 2, date) |
        sqlite3_bind_int(s, 3, published_only ? 1 : 0))
        return store_db_err(st, err, "bind issue");
    r = sqlite3_step(s);
    if (r != SQLITE_ROW) {
        sqlite3_reset(s);
        if (r == SQLITE_DONE)
            return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "no issue %s %s",
                           paper_id, date);
        return store_db_err(st, err, "load issue");
    }
    iss = xcalloc(1, sizeof(*iss));
    issue_id = sqlite3_column_int64(s, 0);
    iss->number = sqlite3_column_int64(s, 1);
    iss->edition = col_strdup(s, 2);
    iss->status = sqlite3_column_int(s, 3) ? ISSUE_PUBLISHED : ISSUE_DRAFT;
    iss->created_at_utc = sqlite3_column_int64(s, 4);
    iss->updated_at_utc = sqlite3_column_int64(s, 5);
    iss->published_at_utc = sqlite3_column_int64(s, 6);
    paper_from_row(s, 7, &iss->paper);
    (void)snprintf(iss->date, sizeof(iss->date), "%s", date);
    sqlite3_reset(s);
    rc = load_rows(st, iss, issue_id, err);
    if (rc != FOLIO_OK) {
        issue_free(iss);
        return rc;
    }
    *out = iss;
    return FOLIO_OK;
}

enum folio_rc store_paper_get(struct store *st,
                              const char *paper_id,
                              struct paper *out,
                              struct folio_err *err)
{
    sqlite3_stmt *s;
    enum folio_rc rc;
    int r;

    rc = store_stmt(st, SQL_PAPER_GET, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (bind_text(s, 1, paper_id))
        return store_db_err(st, err, "bind paper");
    r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        paper_from_row(s, 0, out);
    else if (r == SQLITE_DONE)
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "no paper '%s'", paper_id);
    else
        rc = store_db_err(st, err, "load paper");
    sqlite3_reset(s);
    return rc;
}

enum folio_rc store_paper_list(struct store *st,
                               struct paper **out,
                               size_t *n,
                               struct folio_err *err)
{
    struct paper *list = NULL;
    size_t count = 0, i;
    sqlite3_stmt *s;
    enum folio_rc rc;
    int r;

    rc = store_stmt(st, SQL_PAPER_LIST, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        list = grow(list, count, sizeof(*list));
        memset(&list[count], 0, sizeof(*list));
        paper_from_row(s, 0, &list[count++]);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        for (i = 0; i < count; i++)
            paper_release(&list[i]);
        free(list);
        return store_db_err(st, err, "list papers");
    }
    *out = list;
    *n = count;
    return FOLIO_OK;
}

enum folio_rc store_issue_list(struct store *st,
                               const char *paper_id,
                               bool published_only,
                               const char *date_from,
                               const char *date_to,
                               struct issue_summary **out,
                               size_t *n,
                               struct folio_err *err)
{
    struct issue_summary *list = NULL;
    size_t count = 0;
    sqlite3_stmt *s;
    enum folio_rc rc;
    int r;

    rc = store_stmt(st, SQL_ISSUE_LIST, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (bind_text(s, 1, paper_id) |
        sqlite3_bind_int(s, 2, published_only ? 1 : 0) |
        bind_text(s, 3, date_from) | bind_text(s, 4, date_to))
        return store_db_err(st, err, "bind list");
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct issue_summary *sm;
        list = grow(list, count, sizeof(*list));
        sm = &list[count++];
        memset(sm, 0, sizeof(*sm));
        (void)snprintf(sm->paper_id, sizeof(sm->paper_id), "%s",
                       (const char *)sqlite3_column_text(s, 0));
        (void)snprintf(sm->date, sizeof(sm->date), "%s",
                       (const char *)sqlite3_column_text(s, 1));
        sm->number = sqlite3_column_int64(s, 2);
        sm->status = sqlite3_column_int(s, 3) ? ISSUE_PUBLISHED : ISSUE_DRAFT;
        sm->updated_at_utc = sqlite3_column_int64(s, 4);
        sm->npages = sqlite3_column_int(s, 5);
        sm->narticles = sqlite3_column_int(s, 6);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        free(list);
        return store_db_err(st, err, "list issues");
    }
    *out = list;
    *n = count;
    return FOLIO_OK;
}

/* One "SELECT max/min(date)" query; NULL result gives "". */
static enum folio_rc date_query(struct store *st,
                                enum store_stmt id,
                                const char *paper_id,
                                const char *date,
                                char out[11],
                                struct folio_err *err)
{
    const unsigned char *t;
    sqlite3_stmt *s;
    enum folio_rc rc;

    rc = store_stmt(st, id, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (bind_text(s, 1, paper_id) | (date ? bind_text(s, 2, date) : 0))
        return store_db_err(st, err, "bind date");
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = store_db_err(st, err, "query dates");
        sqlite3_reset(s);
        return rc;
    }
    t = sqlite3_column_text(s, 0);
    (void)snprintf(out, 11, "%s", t ? (const char *)t : "");
    sqlite3_reset(s);
    return FOLIO_OK;
}

enum folio_rc store_issue_neighbors(struct store *st,
                                    const char *paper_id,
                                    const char *date,
                                    char prev_out[11],
                                    char next_out[11],
                                    struct folio_err *err)
{
    char prev[11], next[11];
    enum folio_rc rc;

    rc = date_query(st, SQL_ISSUE_PREV, paper_id, date, prev, err);
    if (rc == FOLIO_OK)
        rc = date_query(st, SQL_ISSUE_NEXT, paper_id, date, next, err);
    if (rc != FOLIO_OK)
        return rc;
    memcpy(prev_out, prev, sizeof(prev));
    memcpy(next_out, next, sizeof(next));
    return FOLIO_OK;
}

enum folio_rc store_issue_latest(struct store *st,
                                 const char *paper_id,
                                 char date_out[11],
                                 struct folio_err *err)
{
    return date_query(st, SQL_ISSUE_LATEST, paper_id, NULL, date_out, err);
}

enum folio_rc store_page_words_load(struct store *st,
                                    const char *paper_id,
                                    const char *date,
                                    int page_number,
                                    bool published_only,
                                    struct page_word **out,
                                    size_t *n,
                                    struct folio_err *err)
{
    struct page_word *words = NULL, *w;
    sqlite3_int64 issue_id;
    size_t count = 0;
    sqlite3_stmt *s;
    enum folio_rc rc;
    int r;

    rc = store_stmt(st, SQL_PAGE_FIND, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (bind_text(s, 1, paper_id) | bind_text(s, 2, date) |
        sqlite3_bind_int(s, 3, published_only ? 1 : 0) |
        sqlite3_bind_int(s, 4, page_number))
        return store_db_err(st, err, "bind page");
    r = sqlite3_step(s);
    issue_id = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (r == SQLITE_DONE)
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "no page %d in %s %s",
                       page_number, paper_id, date);
    if (r != SQLITE_ROW)
        return store_db_err(st, err, "find page");

    rc = store_stmt(st, SQL_WORD_LOAD, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (sqlite3_bind_int64(s, 1, issue_id) |
        sqlite3_bind_int(s, 2, page_number))
        return store_db_err(st, err, "bind page");
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        words = grow(words, count, sizeof(*words));
        w = &words[count++];
        w->text = col_strdup(s, 0);
        if (!w->text)
            w->text = xstrdup("");
        w->x = sqlite3_column_int(s, 1);
        w->y = sqlite3_column_int(s, 2);
        w->w = sqlite3_column_int(s, 3);
        w->h = sqlite3_column_int(s, 4);
        w->line = sqlite3_column_int(s, 5);
        w->block = sqlite3_column_int(s, 6);
    }
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        page_words_free(words, count);
        return store_db_err(st, err, "load words");
    }
    *out = words;
    *n = count;
    return FOLIO_OK;
}
