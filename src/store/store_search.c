/* SPDX-License-Identifier: MIT */
/*
 * store_search.c - the full-text index of published articles and
 * store_search(). The FTS5 table search_fts (tokenizer "folio", see
 * search.h) takes its text from the view search_src over article and
 * paragraph (external content: the text is stored once). Only articles of
 * published issues are in the index; store_issue_put and
 * store_issue_set_status add and remove them inside their transactions,
 * so search never shows what readers cannot open (docs/search.md).
 */
#include "base/compat.h"

#include "store/store.h"

#include "base/buf.h"
#include "base/xalloc.h"
#include "search/search.h"
#include "store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RERANK_WINDOW 50 /* top bm25 hits given the ICU word signal */
#define FIND_SHARE    75 /* % of the budget for finding and ranking */
#define WORD_BOOST    2.0
#define SQL_MAX       4096

/*
 * Deadline for the progress handler. Finding and ranking get FIND_SHARE
 * of the budget; snippets and the hits' rows the rest, so a stopped
 * search still answers within its budget with what it found.
 */
struct deadline {
    struct timespec end;
    bool hit;
};

/* One candidate during ranking. */
struct cand {
    sqlite3_int64 rowid;
    double score;
    bool word_hit;
    char *snippet;
    struct search_mark *marks;
    size_t nmarks;
};

static int progress_cb(void *ctx);
static void
deadline_set(struct deadline *dl, const struct timespec *t0, int ms);
static void stopped_set(struct search_results *res, const struct timespec *t0);
static double ms_since(const struct timespec *t0);
static void filters_sql(struct buf *sql, const struct search_parsed *p);
static int
filters_bind(sqlite3_stmt *s, int idx, const struct search_parsed *p);
static FOLIO_MUST_USE enum folio_rc prepare(struct store *st,
                                            const char *sql,
                                            sqlite3_stmt **out,
                                            struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
step_err(struct store *st, const struct deadline *dl, struct folio_err *err);
static void facet_add(struct search_facet **v, size_t *n, const char *key);
static int facet_cmp_year(const void *a, const void *b);
static int facet_cmp_count(const void *a, const void *b);
static FOLIO_MUST_USE enum folio_rc snippet_for(struct store *st,
                                                sqlite3_stmt *s,
                                                const char *q,
                                                size_t q_len,
                                                struct cand *c,
                                                bool word_check,
                                                const struct deadline *dl,
                                                struct folio_err *err);
static int cand_cmp(const void *a, const void *b);
static size_t char_walk(const char *t, size_t len, size_t i, long n);
static FOLIO_MUST_USE enum folio_rc fill_hit(struct store *st,
                                             struct cand *c,
                                             struct search_hit *h,
                                             struct folio_err *err);

enum folio_rc store_search_index_issue(struct store *st,
                                       sqlite3_int64 issue_id,
                                       bool add,
                                       struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc;
    const char *sql =
        add ? "INSERT INTO search_fts(rowid, headline, deck, byline, body)"
              " SELECT id, headline, deck, byline, body FROM search_src"
              " WHERE id IN (SELECT id FROM article WHERE issue_id = ?1)"
            : "INSERT INTO search_fts(search_fts, rowid, headline, deck,"
              " byline, body) SELECT 'delete', id, headline, deck, byline,"
              " body FROM search_src"
              " WHERE id IN (SELECT id FROM article WHERE issue_id = ?1)";

    rc = prepare(st, sql, &s, err);
    if (rc != FOLIO_OK)
        return rc;
    sqlite3_bind_int64(s, 1, issue_id);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = store_db_err(st, err, add ? "index issue" : "unindex issue");
    sqlite3_finalize(s);
    return rc;
}

struct search_tokenizer *store_search_tokenizer(struct store *st)
{
    return st->search_tk;
}

static int progress_cb(void *ctx)
{
    struct deadline *dl = ctx;
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > dl->end.tv_sec ||
        (now.tv_sec == dl->end.tv_sec && now.tv_nsec > dl->end.tv_nsec)) {
        dl->hit = true;
        return 1;
    }
    return 0;
}

static void deadline_set(struct deadline *dl, const struct timespec *t0, int ms)
{
    dl->end = *t0;
    dl->end.tv_sec += ms / 1000;
    dl->end.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (dl->end.tv_nsec >= 1000000000L) {
        dl->end.tv_sec++;
        dl->end.tv_nsec -= 1000000000L;
    }
    dl->hit = false;
}

/* The budget ran out: keep what was found and say so (search.h). */
static void stopped_set(struct search_results *res, const struct timespec *t0)
{
    res->stopped = true;
    res->total_exact = false;
    (void)snprintf(res->note, sizeof(res->note),
                   "search stopped after %.0f ms; results may be incomplete",
                   ms_since(t0));
}

static double ms_since(const struct timespec *t0)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) * 1e3 +
           (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

static enum folio_rc prepare(struct store *st,
                             const char *sql,
                             sqlite3_stmt **out,
                             struct folio_err *err)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
        return store_db_err(st, err, "prepare search");
    return FOLIO_OK;
}

static enum folio_rc
step_err(struct store *st, const struct deadline *dl, struct folio_err *err)
{
    if (dl->hit) /* not expected: store_search keeps partial results */
        return err_set(err, FOLIO_ERR_INVALID, "search",
                       "search stopped by its time limit; add words or "
                       "filters");
    return store_db_err(st, err, "search");
}

/* The filter conditions (parameters from ?10 on, see filters_bind). */
static void filters_sql(struct buf *sql, const struct search_parsed *p)
{
    buf_adds(sql, " AND i.status = 1");
    if (p->paper)
        buf_adds(sql, " AND i.paper_id = ?10");
    if (p->date_from)
        buf_adds(sql, " AND i.date >= ?11");
    if (p->date_to)
        buf_adds(sql, " AND i.date <= ?12");
    if (p->month_day)
        buf_adds(sql, " AND substr(i.date, 6) = ?13");
    if (p->page)
        buf_adds(sql, " AND a.page = ?14");
    if (p->page_name)
        buf_adds(sql, " AND EXISTS (SELECT 1 FROM page g WHERE"
                      " g.issue_id = a.issue_id AND g.number = a.page"
                      " AND g.name = ?15)");
    if (p->byline)
        buf_adds(sql, " AND instr(folio_fold(a.byline), folio_fold(?16)) > 0");
}

static int filters_bind(sqlite3_stmt *s, int idx, const struct search_parsed *p)
{
    int r = 0;

    (void)idx;
    if (p->paper)
        r |= sqlite3_bind_text(s, 10, p->paper, -1, SQLITE_STATIC);
    if (p->date_from)
        r |= sqlite3_bind_text(s, 11, p->date_from, -1, SQLITE_STATIC);
    if (p->date_to)
        r |= sqlite3_bind_text(s, 12, p->date_to, -1, SQLITE_STATIC);
    if (p->month_day)
        r |= sqlite3_bind_text(s, 13, p->month_day, -1, SQLITE_STATIC);
    if (p->page)
        r |= sqlite3_bind_int(s, 14, p->page);
    if (p->page_name)
        r |= sqlite3_bind_text(s, 15, p->page_name, -1, SQLITE_STATIC);
    if (p->byline)
        r |= sqlite3_bind_text(s, 16, p->byline, -1, SQLITE_STATIC);
    return r;
}

static void facet_add(struct search_facet **v, size_t *n, const char *key)
{
    size_t i;

    for (i = 0; i < *n; i++) {
        if (strcmp((*v)[i].key, key) == 0) {
            (*v)[i].count++;
            return;
        }
    }
    *v = xreallocarray(*v, *n + 1, sizeof(**v));
    memset(&(*v)[*n], 0, sizeof(**v));
    (void)snprintf((*v)[*n].key, sizeof((*v)[*n].key), "%s", key);
    (*v)[*n].count = 1;
    (*n)++;
}

static int facet_cmp_year(const void *a, const void *b)
{
    const struct search_facet *x = a, *y = b;
    return -strcmp(x->key, y->key);
}

static int facet_cmp_count(const void *a, const void *b)
{
    const struct search_facet *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

/*
 * The snippet of one hit (FTS5 chooses the fragment), the marks of the
 * query terms in it (search_marks, character exact) and the word signal.
 */
/* Step back or forward over n characters from byte i of t[0..len). */
static size_t char_walk(const char *t, size_t len, size_t i, long n)
{
    while (n < 0 && i > 0) {
        i--;
        while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
            i--;
        n++;
    }
    while (n > 0 && i < len) {
        i++;
        while (i < len && ((unsigned char)t[i] & 0xC0) == 0x80)
            i++;
        n--;
    }
    return i;
}

/*
 * The snippet of one hit, made here rather than by FTS5 snippet() (which
 * re-runs the MATCH per row: slow for prefix queries): the body around
 * the first marked term (search_marks, character exact), else the
 * headline when it has the term, else the start of the body; then the
 * ICU word signal on the marks.
 */
static enum folio_rc snippet_for(struct store *st,
                                 sqlite3_stmt *s,
                                 const char *q,
                                 size_t q_len,
                                 struct cand *c,
                                 bool word_check,
                                 const struct deadline *dl,
                                 struct folio_err *err)
{
    enum folio_rc rc = FOLIO_OK;
    struct search_mark *m = NULL;
    size_t nm = 0, len = 0, from, to, i, j;
    const char *txt = NULL;
    struct buf out = BUF_INIT(4096);
    int col, r;

    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, c->rowid);
    r = sqlite3_step(s);
    if (r != SQLITE_ROW) {
        if (r != SQLITE_DONE && !dl->hit)
            rc = step_err(st, dl, err);
        c->snippet = xstrdup("");
        goto out;
    }
    for (col = 1; col >= 0 && nm == 0; col--) {
        txt = (const char *)sqlite3_column_text(s, col);
        len = (size_t)sqlite3_column_bytes(s, col);
        if (!txt)
            continue;
        rc = search_marks(st->search_tk, q, q_len, txt, len, &m, &nm, err);
        if (rc != FOLIO_OK)
            goto out;
        if (nm > 0 && word_check)
            for (i = 0; i < nm && !c->word_hit; i++)
                c->word_hit =
                    search_is_word(txt, len, m[i].start, m[i].start + m[i].len);
    }
    if (nm == 0) {
        txt = (const char *)sqlite3_column_text(s, 1);
        len = (size_t)sqlite3_column_bytes(s, 1);
        if (!txt)
            txt = "";
        from = 0;
    } else {
        from = char_walk(txt, len, m[0].start, -20);
    }
    to = char_walk(txt, len, from, 60);
    if (from > 0)
        buf_adds(&out, "…");
    buf_add(&out, txt + from, to - from);
    c->marks = xcalloc(nm ? nm : 1, sizeof(*c->marks));
    for (i = 0, j = 0; i < nm; i++) {
        if (m[i].start < from || m[i].start + m[i].len > to)
            continue;
        c->marks[j].start = m[i].start - from + (from > 0 ? 3 : 0);
        c->marks[j].len = m[i].len;
        j++;
    }
    c->nmarks = j;
    if (to < len)
        buf_adds(&out, "…");
    for (i = 0; i < out.len; i++)
        if (out.data[i] == '\n')
            out.data[i] = ' ';
    c->snippet = buf_detach(&out, NULL);
out:
    sqlite3_reset(s);
    free(m);
    buf_release(&out);
    return rc;
}

static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return x->rowid > y->rowid ? -1 : x->rowid < y->rowid;
}

static enum folio_rc fill_hit(struct store *st,
                              struct cand *c,
                              struct search_hit *h,
                              struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc;
    const char *t;

    rc = prepare(st,
                 "SELECT i.paper_id, i.date, a.page, g.name, a.aid,"
                 " a.headline FROM article a JOIN issue i ON i.id ="
                 " a.issue_id LEFT JOIN page g ON g.issue_id = a.issue_id"
                 " AND g.number = a.page WHERE a.id = ?1",
                 &s, err);
    if (rc != FOLIO_OK)
        return rc;
    sqlite3_bind_int64(s, 1, c->rowid);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = store_db_err(st, err, "load search hit");
        goto out;
    }
    t = (const char *)sqlite3_column_text(s, 0);
    (void)snprintf(h->paper, sizeof(h->paper), "%s", t ? t : "");
    t = (const char *)sqlite3_column_text(s, 1);
    (void)snprintf(h->date, sizeof(h->date), "%s", t ? t : "");
    h->page = sqlite3_column_int(s, 2);
    t = (const char *)sqlite3_column_text(s, 3);
    h->page_name = t ? xstrdup(t) : NULL;
    t = (const char *)sqlite3_column_text(s, 4);
    h->article = xstrdup(t ? t : "");
    t = (const char *)sqlite3_column_text(s, 5);
    h->headline = xstrdup(t ? t : "");
    h->snippet = c->snippet ? c->snippet : xstrdup("");
    c->snippet = NULL;
    h->marks = c->marks;
    h->nmarks = c->nmarks;
    c->marks = NULL;
    c->nmarks = 0;
    h->score = c->score;
    h->word_hit = c->word_hit;
out:
    sqlite3_finalize(s);
    return rc;
}

enum folio_rc store_search(struct store *st,
                           const struct search_query *q,
                           struct search_results **out,
                           struct folio_err *err)
{
    struct search_parsed p = { 0 };
    struct buf match = BUF_INIT(64 * 1024), sql = BUF_INIT(SQL_MAX);
    struct search_results *res = NULL;
    struct cand *cands = NULL;
    sqlite3_int64 *rows = NULL;
    size_t ncands = 0, nrows = 0, count = 0, i, limit, want, first;
    sqlite3_int64 floor_row = 0, max_row = 0, min_row = 0;
    sqlite3_stmt *s = NULL;
    struct deadline dl = { 0 };
    struct timespec t0;
    enum folio_rc rc;
    bool empty = true, rerank;
    const char *qtext = q->q ? q->q : "";
    size_t qlen = q->q_len ? q->q_len : strlen(qtext);
    int r,
        timeout = q->timeout_ms > 0 ? q->timeout_ms : SEARCH_DEFAULT_TIMEOUT_MS;
    char year[5];

    clock_gettime(CLOCK_MONOTONIC, &t0);
    deadline_set(&dl, &t0, timeout * FIND_SHARE / 100);
    rc = search_query_parse(q, &p, err);
    if (rc != FOLIO_OK)
        goto out;
    rc = search_match_build(st->search_tk, &p, &match, &empty, err);
    if (rc != FOLIO_OK)
        goto out;
    if (empty && p.nterms > 0) {
        rc = err_set(err, FOLIO_ERR_INVALID, "query",
                     "the query has no letters, digits or characters to "
                     "search for");
        goto out;
    }
    sqlite3_progress_handler(st->db, 1000, progress_cb, &dl);
    res = xcalloc(1, sizeof(*res));
    res->offset = q->offset;
    res->budget_ms = timeout;
    limit =
        q->limit && q->limit < SEARCH_MAX_LIMIT ? q->limit : SEARCH_MAX_LIMIT;

    /* 1. Candidates, newest rows first, at most CAP + 1: count, facets. */
    if (empty)
        buf_adds(&sql, "SELECT a.id, i.date, i.paper_id FROM article a"
                       " JOIN issue i ON i.id = a.issue_id WHERE 1");
    else
        buf_adds(&sql, "SELECT f.rowid, i.date, i.paper_id FROM search_fts f"
                       " JOIN article a ON a.id = f.rowid JOIN issue i ON"
                       " i.id = a.issue_id WHERE search_fts MATCH ?1");
    filters_sql(&sql, &p);
    buf_addf(&sql, " ORDER BY %s DESC LIMIT %d", empty ? "a.id" : "f.rowid",
             SEARCH_CANDIDATE_CAP + 1);
    rc = prepare(st, sql.data, &s, err);
    if (rc != FOLIO_OK)
        goto out;
    if ((!empty && sqlite3_bind_text(s, 1, match.data, -1, SQLITE_STATIC)) ||
        filters_bind(s, 10, &p)) {
        rc = store_db_err(st, err, "bind search");
        goto out;
    }
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(s, 1);
        const char *pid = (const char *)sqlite3_column_text(s, 2);
        if (count == SEARCH_CANDIDATE_CAP) {
            count++;
            break;
        }
        count++;
        if (count == 1)
            max_row = sqlite3_column_int64(s, 0);
        floor_row = sqlite3_column_int64(s, 0);
        if ((nrows & (nrows - 1)) == 0)
            rows = xreallocarray(rows, nrows ? 2 * nrows : 64, sizeof(*rows));
        rows[nrows++] = floor_row;
        if (!q->no_facets) {
            memcpy(year, d ? d : "0000", 4);
            year[4] = '\0';
            facet_add(&res->years, &res->nyears, year);
            facet_add(&res->papers, &res->npapers, pid ? pid : "");
        }
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE && !dl.hit) {
        rc = step_err(st, &dl, err);
        goto out;
    }
    sqlite3_finalize(s);
    s = NULL;
    if (dl.hit)
        stopped_set(res, &t0);
    res->total_exact = count <= SEARCH_CANDIDATE_CAP && !res->stopped;
    res->total = count;
    if (count > SEARCH_CANDIDATE_CAP) {
        /* Honest estimate: the cap's share of the id range. */
        if (sqlite3_prepare_v2(st->db, "SELECT min(id) FROM article", -1, &s,
                               NULL) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
            min_row = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        s = NULL;
        res->total = SEARCH_CANDIDATE_CAP;
        if (max_row > floor_row && floor_row > min_row)
            res->total = (size_t)((double)SEARCH_CANDIDATE_CAP *
                                  (double)(max_row - min_row + 1) /
                                  (double)(max_row - floor_row + 1));
        count = SEARCH_CANDIDATE_CAP;
    }
    /* qsort(NULL, 0, ...) is undefined (UBSan stops the server) */
    if (res->nyears > 1)
        qsort(res->years, res->nyears, sizeof(*res->years), facet_cmp_year);
    if (res->npapers > 1)
        qsort(res->papers, res->npapers, sizeof(*res->papers), facet_cmp_count);
    if (q->offset >= count)
        goto done;

    /* 2. Order the candidates (rows >= floor_row) and take the page. */
    want = q->offset + limit;
    first = q->offset;
    rerank = false;
    if (!res->stopped) {
        buf_reset(&sql);
        if (empty) {
            buf_adds(&sql, "SELECT a.id, 0 FROM article a JOIN issue i ON"
                           " i.id = a.issue_id WHERE a.id >= ?2");
        } else {
            buf_adds(&sql, "SELECT f.rowid, ");
            if (q->sort == SEARCH_SORT_RELEVANCE)
                buf_adds(&sql, "bm25(search_fts, 10.0, 5.0, 2.0, 1.0)");
            else
                buf_adds(&sql, "0");
            buf_adds(&sql, " FROM search_fts f JOIN article a ON a.id = f.rowid"
                           " JOIN issue i ON i.id = a.issue_id WHERE search_fts"
                           " MATCH ?1 AND f.rowid >= ?2");
        }
        filters_sql(&sql, &p);
        rerank = !empty && q->sort == SEARCH_SORT_RELEVANCE;
        if (rerank)
            buf_adds(&sql, " ORDER BY 2, 1 DESC");
        else if (q->sort == SEARCH_SORT_DATE_ASC)
            buf_adds(&sql, " ORDER BY i.date, a.page, a.seq");
        else
            buf_adds(&sql, " ORDER BY i.date DESC, a.page, a.seq");
        if (rerank && q->offset < RERANK_WINDOW)
            first = 0;
        if (rerank && want < RERANK_WINDOW)
            want = RERANK_WINDOW;
        buf_addf(&sql, " LIMIT %zu OFFSET %zu", want - first, first);
        if (buf_status(&sql) != FOLIO_OK) {
            rc = err_set(err, FOLIO_ERR_INVALID, "query", "query is too long");
            goto out;
        }
        rc = prepare(st, sql.data, &s, err);
        if (rc != FOLIO_OK)
            goto out;
        if ((!empty &&
             sqlite3_bind_text(s, 1, match.data, -1, SQLITE_STATIC)) ||
            sqlite3_bind_int64(s, 2, floor_row) || filters_bind(s, 10, &p)) {
            rc = store_db_err(st, err, "bind search");
            goto out;
        }
        while ((r = sqlite3_step(s)) == SQLITE_ROW) {
            cands = xreallocarray(cands, ncands + 1, sizeof(*cands));
            memset(&cands[ncands], 0, sizeof(*cands));
            cands[ncands].rowid = sqlite3_column_int64(s, 0);
            cands[ncands].score = sqlite3_column_double(s, 1);
            ncands++;
        }
        if (r != SQLITE_DONE && !dl.hit) {
            rc = step_err(st, &dl, err);
            goto out;
        }
        sqlite3_finalize(s);
        s = NULL;
        if (dl.hit)
            stopped_set(res, &t0);
    }
    if (res->stopped) {
        /* Unranked: the newest matches found, the page asked for. */
        ncands = 0;
        first = q->offset;
        rerank = false;
        for (i = q->offset; i < nrows && ncands < limit; i++) {
            cands = xreallocarray(cands, ncands + 1, sizeof(*cands));
            memset(&cands[ncands], 0, sizeof(*cands));
            cands[ncands].rowid = rows[i];
            ncands++;
        }
    }

    /* 3. Snippets, marks and the word signal; rerank the window. */
    deadline_set(&dl, &t0, timeout);
    if (!empty) {
        rc = prepare(st, "SELECT headline, body FROM search_src WHERE id = ?1",
                     &s, err);
        if (rc != FOLIO_OK)
            goto out;
    }
    for (i = 0; i < ncands && !empty; i++) {
        bool in_page = first + i >= q->offset;
        bool in_window = rerank && first + i < RERANK_WINDOW;
        if ((!in_page && !in_window) || (dl.hit && !in_page))
            continue;
        if (dl.hit) {
            /* over budget: the remaining hits go out without a snippet */
            cands[i].snippet = xstrdup("");
            continue;
        }
        rc = snippet_for(st, s, qtext, qlen, &cands[i], in_window, &dl, err);
        if (rc != FOLIO_OK)
            goto out;
        if (in_window && cands[i].word_hit)
            cands[i].score *= WORD_BOOST;
    }
    if (dl.hit && !res->stopped)
        stopped_set(res, &t0);
    if (rerank) {
        size_t w = ncands < RERANK_WINDOW ? ncands : RERANK_WINDOW;
        qsort(cands, w, sizeof(*cands), cand_cmp);
    }
    sqlite3_finalize(s);
    s = NULL;
    /* the hits' own rows are a few primary-key lookups: no deadline */
    sqlite3_progress_handler(st->db, 0, NULL, NULL);
    for (i = 0; i < ncands; i++) {
        if (first + i < q->offset || res->nhits >= limit)
            continue;
        res->hits =
            xreallocarray(res->hits, res->nhits + 1, sizeof(*res->hits));
        memset(&res->hits[res->nhits], 0, sizeof(*res->hits));
        rc = fill_hit(st, &cands[i], &res->hits[res->nhits], err);
        res->nhits++;
        if (rc != FOLIO_OK)
            goto out;
        if (empty) {
            /* filters only: the first paragraph as the snippet */
            sqlite3_stmt *b = NULL;
            if (sqlite3_prepare_v2(st->db,
                                   "SELECT substr(text, 1, 80) FROM paragraph"
                                   " WHERE article = ?1 ORDER BY seq LIMIT 1",
                                   -1, &b, NULL) == SQLITE_OK) {
                sqlite3_bind_int64(b, 1, cands[i].rowid);
                if (sqlite3_step(b) == SQLITE_ROW &&
                    sqlite3_column_text(b, 0)) {
                    free(res->hits[res->nhits - 1].snippet);
                    res->hits[res->nhits - 1].snippet =
                        xstrdup((const char *)sqlite3_column_text(b, 0));
                }
            }
            sqlite3_finalize(b);
        }
    }
done:
    res->elapsed_ms = ms_since(&t0);
    *out = res;
    res = NULL;
out:
    sqlite3_finalize(s);
    sqlite3_progress_handler(st->db, 0, NULL, NULL);
    for (i = 0; i < ncands; i++) {
        free(cands[i].snippet);
        free(cands[i].marks);
    }
    free(cands);
    free(rows);
    search_results_free(res);
    search_parsed_release(&p);
    buf_release(&match);
    buf_release(&sql);
    return rc;
}
