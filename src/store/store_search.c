/* SPDX-License-Identifier: MIT */
/*
 * store_search.c - the full-text index of published articles and page
 * texts, and store_search(). The FTS5 table search_fts (tokenizer
 * "folio", see search.h) takes its text from the view search_src over
 * article and paragraph (external content: the text is stored once), and,
 * for pages without articles, from the view search_page_src over their
 * words. Only documents of published issues are in the index;
 * store_issue_put and store_issue_set_status add and remove them inside
 * their transactions (store_search_index_issue), so search never shows
 * what readers cannot open (docs/search.md).
 */
#include "base/compat.h"

#include "store/store.h"

#include "base/buf.h"
#include "base/xalloc.h"
#include "search/search.h"
#include "store/store_int.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * Relevance ranking works on a part of the candidates (docs/search.md,
 * "Ranking and scale"): BM25 (folio_rank, store_search_rank.c) for the
 * RANK_NEWEST newest candidates and for up to RANK_DECK older ones whose
 * match is in the headline or deck; the best RERANK_WINDOW of those get
 * the ICU word signal.
 */
#define RERANK_WINDOW 20
#define RANK_NEWEST   2000
#define RANK_DECK     2000
#define FIND_SHARE    75 /* % of the budget for finding and ranking */
#define WORD_BOOST    2.0
/*
 * The BM25 weights of search_fts's columns in column order (migration
 * 33: body 1, headline 10, deck 5, byline 2), and the same as
 * folio_rank_first() of the newest RANK_NEWEST rows of a statement (?9:
 * how many are still to rank).
 */
#define RANK_W_BODY     1.0
#define RANK_W_HEADLINE 10.0
#define RANK_W_DECK     5.0
#define RANK_W_BYLINE   2.0
#define RANK_STR_(x)    #x
#define RANK_STR(x)     RANK_STR_(x)
/* the same weights as SQL arguments, for folio_rank() */
#define RANK_WEIGHTS                                                      \
 RANK_STR(RANK_W_BODY)                                                    \
 ", " RANK_STR(RANK_W_HEADLINE) ", " RANK_STR(RANK_W_DECK) ", " RANK_STR( \
     RANK_W_BYLINE)
#define RANK_K1        1.2  /* BM25's k1, as in store_search_rank.c */
#define RARE_TOKENS    16   /* deck_by_rare(): bigrams of the term */
#define RARE_PROBE     1000 /* rows read to compare the bigrams */
#define RARE_SEGMENTS  3    /* deck_by_rare() from this many segments */
#define PREFIX_TERMS   1024 /* prefix_expand(): at most this many terms */
#define RANK_FIRST_SQL ", folio_rank_first(search_fts, ?9, " RANK_WEIGHTS ")"
#define SQL_MAX        4096

/*
 * Page documents: the text of a page without articles (page_word) is in
 * search_fts under the rowid PAGE_DOC_BASE + issue_id * 1000 + number
 * (view search_page_src, migration 32); articles keep their ids (> 0).
 * The SQL below spells -PAGE_DOC_BASE as a literal.
 */
#define PAGE_DOC_BASE (-4611686018427387904LL) /* -(2^62) */
#define PAGE_DOC_NEG  "4611686018427387904"
#define DOC_ISSUE_SQL \
 "coalesce(a.issue_id, (f.rowid + " PAGE_DOC_NEG ") / 1000)"
#define DOC_PAGE_SQL "coalesce(a.page, (f.rowid + " PAGE_DOC_NEG ") % 1000)"
#define DOC_JOIN_SQL \
 " LEFT JOIN article a ON a.id = f.rowid JOIN issue i ON i.id = " DOC_ISSUE_SQL

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
    sqlite3_int64 rowid; /* article id, or a page document (< 0) */
    double score;
    bool word_hit;
    char *snippet;
    struct search_mark *marks;
    size_t nmarks;
};

/* A growing array of candidates. */
struct cands {
    struct cand *v;
    size_t n;
};

/* One ICU word break iterator for all the hits of a search. */
struct wordbrk {
    UBreakIterator *bi;
    UText *ut;
    bool failed;
};

/* The bigrams of a term, when it has nothing else (deck_by_rare). */
struct bigrams {
    char tok[RARE_TOKENS][9];
    size_t n;
    bool other; /* a token that is not a CJK bigram, or too many */
    size_t end; /* unigram_cb: where the token ends in the term text */
};

/* The statements that read a hit's text (article or page document). */
struct text_stmts {
    sqlite3_stmt *article;
    sqlite3_stmt *page;
};

static int progress_cb(void *ctx);
static void
deadline_set(struct deadline *dl, const struct timespec *t0, int ms);
static void stopped_set(struct search_results *res, const struct timespec *t0);
static double ms_since(const struct timespec *t0);

static bool has_filters(const struct search_parsed *p);
static void filters_sql(struct buf *sql,
                        const struct search_parsed *p,
                        const char *page_expr);
static int filters_bind(sqlite3_stmt *s, const struct search_parsed *p);
static FOLIO_MUST_USE enum folio_rc prepare(struct store *st,
                                            const char *sql,
                                            sqlite3_stmt **out,
                                            struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
step_err(struct store *st, const struct deadline *dl, struct folio_err *err);
static void facet_add(struct search_facet **v, size_t *n, const char *key);
static int facet_cmp_year(const void *a, const void *b);
static int facet_cmp_count(const void *a, const void *b);
static void cands_add(struct cands *c, sqlite3_int64 rowid, double score);
static int rowid_cmp_desc(const void *a, const void *b);
static size_t
estimate_total(struct store *st, const sqlite3_int64 *rows, size_t nrows);
static sqlite3_int64
deck_floor(const sqlite3_int64 *rows, size_t nrows, size_t k, bool all);
static bool has_negated(const struct search_parsed *p);
static int bigram_cb(void *ctx,
                     unsigned flags,
                     const char *tok,
                     size_t len,
                     size_t start,
                     size_t end);
static size_t
literal_count(const char *text, size_t len, const char *term, size_t tlen);
static int index_segments(struct store *st);
static int unigram_cb(void *ctx,
                      unsigned flags,
                      const char *tok,
                      size_t len,
                      size_t start,
                      size_t end);
static FOLIO_MUST_USE enum folio_rc prefix_expand(struct store *st,
                                                  const struct search_parsed *p,
                                                  struct buf *out,
                                                  struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc rare_pick(struct store *st,
                                              const struct bigrams *b,
                                              sqlite3_int64 lo,
                                              sqlite3_int64 below,
                                              size_t *out,
                                              struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc deck_by_rare(struct store *st,
                                                 const struct search_parsed *p,
                                                 const char *q,
                                                 size_t q_len,
                                                 sqlite3_int64 lo,
                                                 sqlite3_int64 below,
                                                 struct cands *out,
                                                 bool *done,
                                                 const struct deadline *dl,
                                                 struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc rank_pass(struct store *st,
                                              const struct search_parsed *p,
                                              const char *match,
                                              const char *q,
                                              size_t q_len,
                                              const sqlite3_int64 *rows,
                                              const double *scores,
                                              size_t nrows,
                                              bool all,
                                              size_t want,
                                              struct cands *out,
                                              const struct deadline *dl,
                                              struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc rank_query(struct store *st,
                                               const struct search_parsed *p,
                                               const char *match,
                                               sqlite3_int64 lo,
                                               sqlite3_int64 below,
                                               struct cands *out,
                                               const struct deadline *dl,
                                               struct folio_err *err);
static bool word_at(
    struct wordbrk *wb, const char *text, size_t len, size_t start, size_t end);
static void wordbrk_release(struct wordbrk *wb);
static FOLIO_MUST_USE enum folio_rc snippet_for(struct store *st,
                                                struct text_stmts *ts,
                                                const char *q,
                                                size_t q_len,
                                                struct cand *c,
                                                struct wordbrk *wb,
                                                const struct deadline *dl,
                                                struct folio_err *err);
static int cand_cmp(const void *a, const void *b);
static size_t char_walk(const char *t, size_t len, size_t i, long n);
static FOLIO_MUST_USE enum folio_rc fill_hit(struct store *st,
                                             struct cand *c,
                                             struct search_hit *h,
                                             bool *shown,
                                             struct folio_err *err);

/*
 * Add or remove one issue's documents: its articles (view search_src)
 * and the text of its pages without articles (view search_page_src).
 * Removal must run while the rows are unchanged (store_issue_put calls
 * it before deleting the old pages), so the 'delete' gets the very text
 * that was indexed.
 */
enum folio_rc store_search_index_issue(struct store *st,
                                       sqlite3_int64 issue_id,
                                       bool add,
                                       struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;
    const char *sql[2];
    size_t i;

    if (st->search_deferred) {
        st->search_stale = true;
        return FOLIO_OK;
    }
    /* column order of migration 33: body first (no column marker) */
    if (add) {
        sql[0] = "INSERT INTO search_fts(rowid, body, headline, deck, byline)"
                 " SELECT id, body, headline, deck, byline FROM search_src"
                 " WHERE id IN (SELECT id FROM article WHERE issue_id = ?1)";
        sql[1] = "INSERT INTO search_fts(rowid, body)"
                 " SELECT id, body FROM search_page_src WHERE issue_id = ?1";
    } else {
        sql[0] = "INSERT INTO search_fts(search_fts, rowid, body, headline,"
                 " deck, byline) SELECT 'delete', id, body, headline, deck,"
                 " byline FROM search_src"
                 " WHERE id IN (SELECT id FROM article WHERE issue_id = ?1)";
        sql[1] = "INSERT INTO search_fts(search_fts, rowid, body)"
                 " SELECT 'delete', id, body FROM search_page_src"
                 " WHERE issue_id = ?1";
    }
    for (i = 0; i < 2 && rc == FOLIO_OK; i++) {
        rc = prepare(st, sql[i], &s, err);
        if (rc != FOLIO_OK)
            break;
        sqlite3_bind_int64(s, 1, issue_id);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = store_db_err(st, err, add ? "index issue" : "unindex issue");
        sqlite3_finalize(s);
        s = NULL;
    }
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

static bool has_filters(const struct search_parsed *p)
{
    return p->paper || p->date_from || p->date_to || p->month_day || p->page ||
           p->page_name || p->byline;
}

/*
 * The filter conditions over the issue i alone: published, paper, dates
 * (parameters ?10 to ?13, see issue_filters_bind).
 */
static void issue_filters_sql(struct buf *sql, const struct search_parsed *p)
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
}

static int issue_filters_bind(sqlite3_stmt *s, const struct search_parsed *p)
{
    int r = 0;

    if (p->paper)
        r |= sqlite3_bind_text(s, 10, p->paper, -1, SQLITE_STATIC);
    if (p->date_from)
        r |= sqlite3_bind_text(s, 11, p->date_from, -1, SQLITE_STATIC);
    if (p->date_to)
        r |= sqlite3_bind_text(s, 12, p->date_to, -1, SQLITE_STATIC);
    if (p->month_day)
        r |= sqlite3_bind_text(s, 13, p->month_day, -1, SQLITE_STATIC);
    return r;
}

/*
 * The filter conditions over the issue i and the article a (parameters
 * from ?10 on, see filters_bind); page_expr is the hit's page number.
 */
static void filters_sql(struct buf *sql,
                        const struct search_parsed *p,
                        const char *page_expr)
{
    issue_filters_sql(sql, p);
    if (p->page)
        buf_addf(sql, " AND %s = ?14", page_expr);
    if (p->page_name)
        buf_addf(sql,
                 " AND EXISTS (SELECT 1 FROM page g WHERE"
                 " g.issue_id = i.id AND g.number = %s AND g.name = ?15)",
                 page_expr);
    if (p->byline)
        buf_adds(sql, " AND instr(folio_fold(a.byline), folio_fold(?16)) > 0");
}

static int filters_bind(sqlite3_stmt *s, const struct search_parsed *p)
{
    int r = issue_filters_bind(s, p);

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

static void cands_add(struct cands *c, sqlite3_int64 rowid, double score)
{
    if ((c->n & (c->n - 1)) == 0)
        c->v = xreallocarray(c->v, c->n ? 2 * c->n : 64, sizeof(*c->v));
    memset(&c->v[c->n], 0, sizeof(*c->v));
    c->v[c->n].rowid = rowid;
    c->v[c->n].score = score;
    c->n++;
}

static int rowid_cmp_desc(const void *a, const void *b)
{
    sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;

    return x > y ? -1 : x < y;
}

/*
 * "About N" for a search over the cap: the matches among articles found
 * (all of them when the cap reached into page documents), plus the
 * newest matches of the cap scaled by the share of their id range they
 * cover (articles: ids from min(article.id); page documents: keys from
 * the oldest issue with pages).
 */
static size_t
estimate_total(struct store *st, const sqlite3_int64 *rows, size_t nrows)
{
    sqlite3_stmt *s = NULL;
    sqlite3_int64 max_row, floor_row = rows[nrows - 1], min_row = 0;
    size_t before = 0, seen = nrows;
    double total;

    if (floor_row > 0) {
        max_row = rows[0];
        if (sqlite3_prepare_v2(st->db, "SELECT min(id) FROM article", -1, &s,
                               NULL) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
            min_row = sqlite3_column_int64(s, 0);
    } else {
        while (before < nrows && rows[before] > 0)
            before++;
        seen = nrows - before;
        max_row = rows[before];
        if (sqlite3_prepare_v2(st->db, "SELECT min(issue_id) FROM page", -1, &s,
                               NULL) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
            min_row = PAGE_DOC_BASE + sqlite3_column_int64(s, 0) * 1000;
    }
    sqlite3_finalize(s);
    total = (double)seen;
    if (max_row > floor_row && floor_row > min_row)
        total = (double)seen * (double)(max_row - min_row + 1) /
                (double)(max_row - floor_row + 1);
    return before + (size_t)total;
}

/* Has the query an excluded term (-word)? */
static bool has_negated(const struct search_parsed *p)
{
    size_t i;

    for (i = 0; i < p->nterms; i++)
        if (p->terms[i].negated)
            return true;
    return false;
}

/*
 * The BM25 query of the older candidates, lo <= rowid < below, that
 * match in the headline or deck: the newest RANK_DECK of them. The
 * column filter also applies to excluded terms, so with an excluded term
 * the whole expression must match too (-word excludes everywhere).
 */
static enum folio_rc rank_query(struct store *st,
                                const struct search_parsed *p,
                                const char *match,
                                sqlite3_int64 lo,
                                sqlite3_int64 below,
                                struct cands *out,
                                const struct deadline *dl,
                                struct folio_err *err)
{
    struct buf sql = BUF_INIT(SQL_MAX), m = BUF_INIT(64 * 1024 + 64);
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;
    bool join = has_filters(p);
    int r;

    buf_adds(&sql, "SELECT f.rowid, folio_rank(search_fts, " RANK_WEIGHTS
                   ") FROM search_fts f");
    if (join)
        buf_adds(&sql, DOC_JOIN_SQL);
    buf_adds(&sql, " WHERE search_fts MATCH ?1 AND f.rowid >= ?2"
                   " AND f.rowid < ?3");
    if (join)
        filters_sql(&sql, p, DOC_PAGE_SQL);
    buf_addf(&sql, " ORDER BY f.rowid DESC LIMIT %d", RANK_DECK);
    buf_addf(&m, "{headline deck} : (%s)", match);
    if (has_negated(p))
        buf_addf(&m, " AND (%s)", match);
    if (buf_status(&sql) != FOLIO_OK || buf_status(&m) != FOLIO_OK) {
        rc = err_set(err, FOLIO_ERR_INVALID, "query", "query is too long");
        goto out;
    }
    rc = prepare(st, sql.data, &s, err);
    if (rc != FOLIO_OK)
        goto out;
    if (sqlite3_bind_text(s, 1, m.data, -1, SQLITE_STATIC) ||
        sqlite3_bind_int64(s, 2, lo) || sqlite3_bind_int64(s, 3, below) ||
        (join && filters_bind(s, p))) {
        rc = store_db_err(st, err, "bind search");
        goto out;
    }
    while ((r = sqlite3_step(s)) == SQLITE_ROW)
        cands_add(out, sqlite3_column_int64(s, 0), sqlite3_column_double(s, 1));
    if (r != SQLITE_DONE && !dl->hit)
        rc = step_err(st, dl, err);
out:
    sqlite3_finalize(s);
    buf_release(&sql);
    buf_release(&m);
    return rc;
}

static int bigram_cb(void *ctx,
                     unsigned flags,
                     const char *tok,
                     size_t len,
                     size_t start,
                     size_t end)
{
    struct bigrams *b = ctx;

    (void)start;
    (void)end;
    if (!(flags & SEARCH_TOKEN_CJK) || (flags & SEARCH_TOKEN_UNIGRAM) ||
        len >= sizeof(b->tok[0]) || b->n == RARE_TOKENS) {
        b->other = true;
        return 0;
    }
    memcpy(b->tok[b->n], tok, len);
    b->tok[b->n][len] = '\0';
    b->n++;
    return 0;
}

/* Occurrences of term[0..tlen) in text[0..len), not overlapping. */
static size_t
literal_count(const char *text, size_t len, const char *term, size_t tlen)
{
    size_t i = 0, n = 0;
    const char *hit;

    while (tlen > 0 && len - i >= tlen) {
        hit = memchr(text + i, term[0], len - i - tlen + 1);
        if (!hit)
            break;
        i = (size_t)(hit - text);
        if (memcmp(hit, term, tlen) == 0) {
            n++;
            i += tlen;
        } else {
            i++;
        }
    }
    return n;
}

/*
 * Like bigram_cb, for a lone CJK character at the end of the term text
 * (a prefix query: search_query.c): b->n 1 and not b->other.
 */
static int unigram_cb(void *ctx,
                      unsigned flags,
                      const char *tok,
                      size_t len,
                      size_t start,
                      size_t end)
{
    struct bigrams *b = ctx;

    (void)start;
    if (!(flags & SEARCH_TOKEN_UNIGRAM) || len >= sizeof(b->tok[0]) ||
        b->n == 1) {
        b->other = true;
        return 0;
    }
    memcpy(b->tok[0], tok, len);
    b->tok[0][len] = '\0';
    b->n = 1;
    b->end = end;
    return 0;
}

/*
 * For a query of one lone CJK character and nothing else (鲁, also 鲁，
 * with punctuation around it: FTS5's
 * prefix query "鲁"*), the OR of the index's terms that begin with it
 * (fts5vocab over search_fts, at most PREFIX_TERMS of them) into out, to
 * list the candidates with: FTS5 3.40 merges all of a prefix's doclists
 * before the first row (also with a rowid range: 7.5 ms with rowid >=
 * 800000 against 9.0 without), an OR of terms is read lazily as far as
 * the LIMIT goes (824 k, the newest 2,021 of 鲁: 3.5 ms against 15.8).
 * The headline and deck query keeps the prefix (2.8 ms against 21.8 for
 * the OR there). out empty: not such a query, or more terms.
 */
static enum folio_rc prefix_expand(struct store *st,
                                   const struct search_parsed *p,
                                   struct buf *out,
                                   struct folio_err *err)
{
    struct bigrams b = { 0 };
    sqlite3_stmt *s = NULL;
    char hi[sizeof(b.tok[0])];
    enum folio_rc rc;
    size_t tlen, n = 0, len, i;
    const char *t;
    int r;

    buf_reset(out);
    if (p->nterms != 1 || p->terms[0].negated)
        return FOLIO_OK;
    tlen = strlen(p->terms[0].text);
    rc = search_tokenize(st->search_tk, p->terms[0].text, tlen,
                         SEARCH_TOKENIZE_QUERY, unigram_cb, &b, err);
    if (rc != FOLIO_OK || b.other || b.n != 1)
        return rc;
    len = strlen(b.tok[0]);
    memcpy(hi, b.tok[0], len + 1);
    hi[len - 1] = (char)((unsigned char)hi[len - 1] + 1);
    if (sqlite3_exec(st->db,
                     "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab"
                     " USING fts5vocab(main, search_fts, row)",
                     NULL, NULL, NULL) != SQLITE_OK)
        return FOLIO_OK; /* the prefix query works too */
    rc = prepare(st,
                 "SELECT term FROM temp.search_vocab WHERE term >= ?1"
                 " AND term < ?2 LIMIT ?3",
                 &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (sqlite3_bind_text(s, 1, b.tok[0], -1, SQLITE_STATIC) ||
        sqlite3_bind_text(s, 2, hi, (int)len, SQLITE_STATIC) ||
        sqlite3_bind_int(s, 3, PREFIX_TERMS + 1)) {
        rc = store_db_err(st, err, "bind search");
        goto out;
    }
    buf_addc(out, '(');
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        t = (const char *)sqlite3_column_text(s, 0);
        if (!t)
            continue;
        if (n++ > 0)
            buf_adds(out, " OR ");
        buf_addc(out, '"');
        for (i = 0; t[i]; i++) {
            if (t[i] == '"')
                buf_addc(out, '"');
            buf_addc(out, t[i]);
        }
        buf_addc(out, '"');
    }
    buf_addc(out, ')');
    if (r != SQLITE_DONE || n == 0 || n > PREFIX_TERMS ||
        buf_status(out) != FOLIO_OK)
        buf_reset(out); /* keep the prefix query */
out:
    sqlite3_finalize(s);
    return rc;
}

/*
 * The segments of search_fts's index: its structure record (FTS5 data
 * row 10) is a 4-byte cookie, then varints: levels, segments. 0 when it
 * cannot be read.
 */
static int index_segments(struct store *st)
{
    sqlite3_stmt *s = NULL;
    const unsigned char *b = NULL;
    sqlite3_uint64 v = 0;
    int len = 0, i = 4, k;

    if (sqlite3_prepare_v2(st->db,
                           "SELECT block FROM search_fts_data WHERE id = 10",
                           -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        b = sqlite3_column_blob(s, 0);
        len = sqlite3_column_bytes(s, 0);
    }
    for (k = 0; k < 2 && b; k++) {
        v = 0;
        while (i < len && i < 24) {
            v = (v << 7) | (b[i] & 0x7F);
            if (!(b[i++] & 0x80))
                break;
        }
    }
    sqlite3_finalize(s);
    return b && v < 100000 ? (int)v : 0;
}

/*
 * The bigram of b with the fewest rows in lo <= rowid < below, judged
 * from the newest RARE_PROBE of each (how far below `below` they reach).
 */
static enum folio_rc rare_pick(struct store *st,
                               const struct bigrams *b,
                               sqlite3_int64 lo,
                               sqlite3_int64 below,
                               size_t *out,
                               struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    char m[16];
    double best = 0, density, span;
    sqlite3_int64 n, oldest;
    enum folio_rc rc;
    size_t i;

    rc = prepare(st,
                 "SELECT count(*), min(rowid) FROM (SELECT rowid FROM"
                 " search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2"
                 " AND rowid < ?3 ORDER BY rowid DESC LIMIT ?4)",
                 &s, err);
    if (rc != FOLIO_OK)
        return rc;
    *out = 0;
    for (i = 0; i < b->n; i++) {
        (void)snprintf(m, sizeof(m), "\"%s\"", b->tok[i]);
        sqlite3_reset(s);
        if (sqlite3_bind_text(s, 1, m, -1, SQLITE_TRANSIENT) ||
            sqlite3_bind_int64(s, 2, lo) || sqlite3_bind_int64(s, 3, below) ||
            sqlite3_bind_int(s, 4, RARE_PROBE) ||
            sqlite3_step(s) != SQLITE_ROW) {
            rc = store_db_err(st, err, "search");
            break;
        }
        n = sqlite3_column_int64(s, 0);
        oldest = sqlite3_column_int64(s, 1);
        span = (double)(below - (n < RARE_PROBE ? lo : oldest));
        density = (double)n / (span > 1.0 ? span : 1.0);
        if (i == 0 || density < best) {
            best = density;
            *out = i;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

/*
 * The older candidates lo <= rowid < below whose match is in the
 * headline or deck, like rank_query(), for a query of one phrase of CJK
 * bigrams and nothing else (no other term, exclusion or filter): FTS5
 * checks a phrase by reading the positions of all its bigrams in every
 * row that has them all, which for common bigrams (房地产价格) cost most
 * of a search; here the rows with the rarest bigram in the headline or
 * deck are read from the index, the phrase is looked for in their
 * headline and deck (as typed, else with search_marks and the index's
 * folding: 國際 for 国际), and the score is
 * BM25 of the hits found (weights RANK_W_*, the row's length norm from
 * folio_norm()), as folio_rank() computes it. Only when the index has
 * RARE_SEGMENTS segments or more: in one (after 'optimize', as `folio
 * demo` and migration 33 leave it) FTS5 skips through the bigrams'
 * doclists quickly, and the phrase query is the cheaper one
 * (docs/search.md). *done false: not done, for either reason.
 */
static enum folio_rc deck_by_rare(struct store *st,
                                  const struct search_parsed *p,
                                  const char *q,
                                  size_t q_len,
                                  sqlite3_int64 lo,
                                  sqlite3_int64 below,
                                  struct cands *out,
                                  bool *done,
                                  const struct deadline *dl,
                                  struct folio_err *err)
{
    struct bigrams b = { 0 };
    sqlite3_stmt *s = NULL, *t = NULL;
    struct search_mark *m = NULL;
    char match[48];
    size_t rare = 0, nm, found = 0, tlen;
    enum folio_rc rc;
    double tf, norm;
    int r = SQLITE_DONE, col, segs;

    *done = false;
    if (p->nterms != 1 || p->terms[0].negated || has_filters(p))
        return FOLIO_OK;
    tlen = strlen(p->terms[0].text);
    rc = search_tokenize(st->search_tk, p->terms[0].text, tlen,
                         SEARCH_TOKENIZE_QUERY, bigram_cb, &b, err);
    if (rc != FOLIO_OK || b.other || b.n < 2)
        return rc;
    segs = index_segments(st);
    if (segs > 0 && segs < RARE_SEGMENTS)
        return FOLIO_OK;
    rc = rare_pick(st, &b, lo, below, &rare, err);
    if (rc == FOLIO_OK)
        rc = prepare(st,
                     "SELECT f.rowid, folio_norm(search_fts) FROM search_fts f"
                     " WHERE search_fts MATCH ?1 AND f.rowid >= ?2"
                     " AND f.rowid < ?3 ORDER BY f.rowid DESC",
                     &s, err);
    if (rc == FOLIO_OK)
        rc = prepare(st, "SELECT headline, deck FROM search_src WHERE id = ?1",
                     &t, err);
    if (rc != FOLIO_OK)
        goto out;
    (void)snprintf(match, sizeof(match), "{headline deck} : \"%s\"",
                   b.tok[rare]);
    if (sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC) ||
        sqlite3_bind_int64(s, 2, lo) || sqlite3_bind_int64(s, 3, below)) {
        rc = store_db_err(st, err, "bind search");
        goto out;
    }
    *done = true;
    while (found < RANK_DECK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        sqlite3_reset(t);
        sqlite3_bind_int64(t, 1, sqlite3_column_int64(s, 0));
        if (sqlite3_step(t) != SQLITE_ROW)
            continue;
        tf = 0;
        for (col = 0; col < 2; col++) {
            const char *txt = (const char *)sqlite3_column_text(t, col);
            size_t len = (size_t)sqlite3_column_bytes(t, col);
            if (!txt)
                continue;
            nm = literal_count(txt, len, p->terms[0].text, tlen);
            if (nm == 0)
                rc = search_marks(st->search_tk, q, q_len, txt, len, &m, &nm,
                                  err);
            free(m);
            m = NULL;
            if (rc != FOLIO_OK)
                goto out;
            tf += (double)nm * (col == 0 ? RANK_W_HEADLINE : RANK_W_DECK);
        }
        if (tf <= 0)
            continue;
        norm = sqlite3_column_double(s, 1);
        cands_add(out, sqlite3_column_int64(s, 0),
                  -tf * (RANK_K1 + 1.0) / (tf + norm));
        found++;
    }
    if (found < RANK_DECK && r != SQLITE_DONE && !dl->hit)
        rc = step_err(st, dl, err);
out:
    sqlite3_finalize(s);
    sqlite3_finalize(t);
    return rc;
}

/*
 * The oldest rowid of the older candidates searched for headline and
 * deck matches. all: rows[0..nrows) are all the matches, the oldest of
 * them; else (more matches than listed) where the newest
 * SEARCH_CANDIDATE_CAP matches would end if the older ones were as dense
 * as the newest k, from rows[0] and rows[k - 1] only, so that every page
 * of one search gets the same floor (at least 1: page texts, whose rowids
 * are negative, have no headline).
 */
static sqlite3_int64
deck_floor(const sqlite3_int64 *rows, size_t nrows, size_t k, bool all)
{
    double span, floor_row;

    if (all || rows[k - 1] <= 0)
        return rows[nrows - 1];
    span = (double)(rows[0] - rows[k - 1] + 1);
    floor_row = (double)rows[k - 1] -
                span * (double)(SEARCH_CANDIDATE_CAP - k) / (double)k;
    return floor_row < 1.0 ? 1 : (sqlite3_int64)floor_row;
}

/*
 * Relevance order of the candidates rows[0..nrows) (newest first, the
 * newest RANK_NEWEST with their BM25 in scores[]): those and the older
 * matches in the headline or deck (at most RANK_DECK, down to
 * deck_floor()), best first; then, when the page asked for reaches past
 * them (want), the other candidates newest first.
 */
static enum folio_rc rank_pass(struct store *st,
                               const struct search_parsed *p,
                               const char *match,
                               const char *q,
                               size_t q_len,
                               const sqlite3_int64 *rows,
                               const double *scores,
                               size_t nrows,
                               bool all,
                               size_t want,
                               struct cands *out,
                               const struct deadline *dl,
                               struct folio_err *err)
{
    size_t k = nrows < RANK_NEWEST ? nrows : RANK_NEWEST, nranked, i, j, nd;
    sqlite3_int64 *deck = NULL, lo;
    enum folio_rc rc;
    bool done = false;

    if (nrows == 0)
        return FOLIO_OK;
    for (i = 0; i < k; i++)
        cands_add(out, rows[i], scores[i]);
    rc = FOLIO_OK;
    if (k < nrows && rows[k - 1] > 1) {
        lo = deck_floor(rows, nrows, k, all);
        rc =
            deck_by_rare(st, p, q, q_len, lo, rows[k - 1], out, &done, dl, err);
        if (rc == FOLIO_OK && !done && !dl->hit)
            rc = rank_query(st, p, match, lo, rows[k - 1], out, dl, err);
    }
    if (rc != FOLIO_OK || dl->hit)
        return rc;
    nranked = out->n;
    if (nranked > 1)
        qsort(out->v, nranked, sizeof(*out->v), cand_cmp);
    if (want <= nranked || k == nrows)
        return FOLIO_OK;
    /* the rest, newest first: older candidates not ranked above */
    nd = 0;
    for (i = 0; i < nranked; i++)
        if (out->v[i].rowid < rows[k - 1]) {
            deck = xreallocarray(deck, nd + 1, sizeof(*deck));
            deck[nd++] = out->v[i].rowid;
        }
    if (nd > 1)
        qsort(deck, nd, sizeof(*deck), rowid_cmp_desc);
    for (i = k, j = 0; i < nrows && out->n < want; i++) {
        while (j < nd && deck[j] > rows[i])
            j++;
        if (j < nd && deck[j] == rows[i])
            continue;
        cands_add(out, rows[i], 0);
    }
    free(deck);
    return FOLIO_OK;
}

/*
 * true when text[start, end) begins and ends on ICU word boundaries (zh
 * rules), like search_is_word() but with one iterator for the search.
 */
static bool word_at(
    struct wordbrk *wb, const char *text, size_t len, size_t start, size_t end)
{
    UErrorCode ec = U_ZERO_ERROR;

    if (start >= end || end > len || len > INT32_MAX || wb->failed)
        return false;
    if (!wb->bi) {
        wb->bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &ec);
        if (U_FAILURE(ec)) {
            wb->failed = true;
            return false;
        }
    }
    wb->ut = utext_openUTF8(wb->ut, text, (int64_t)len, &ec);
    if (U_SUCCESS(ec))
        ubrk_setUText(wb->bi, wb->ut, &ec);
    if (U_FAILURE(ec))
        return false;
    return ubrk_isBoundary(wb->bi, (int32_t)start) &&
           ubrk_isBoundary(wb->bi, (int32_t)end);
}

static void wordbrk_release(struct wordbrk *wb)
{
    if (wb->bi)
        ubrk_close(wb->bi);
    if (wb->ut)
        utext_close(wb->ut);
    memset(wb, 0, sizeof(*wb));
}

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
 * headline when it has the term, else the start of the body; then, with
 * wb, the ICU word signal on the marks. A page document's text is its
 * words (search_page_src).
 */
static enum folio_rc snippet_for(struct store *st,
                                 struct text_stmts *ts,
                                 const char *q,
                                 size_t q_len,
                                 struct cand *c,
                                 struct wordbrk *wb,
                                 const struct deadline *dl,
                                 struct folio_err *err)
{
    enum folio_rc rc = FOLIO_OK;
    struct search_mark *m = NULL;
    size_t nm = 0, len = 0, from, to, i, j;
    const char *txt = NULL;
    struct buf out = BUF_INIT(4096);
    sqlite3_stmt *s;
    int col, r;

    if (c->rowid > 0) {
        s = ts->article;
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, c->rowid);
    } else {
        s = ts->page;
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, (c->rowid - PAGE_DOC_BASE) / 1000);
        sqlite3_bind_int64(s, 2, (c->rowid - PAGE_DOC_BASE) % 1000);
    }
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
        for (i = 0; i < nm && wb && !c->word_hit; i++)
            c->word_hit =
                word_at(wb, txt, len, m[i].start, m[i].start + m[i].len);
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

/*
 * The hit of candidate c: an article, or a page document (article NULL,
 * headline ""). *shown false: its issue is not published (not expected:
 * the index holds published issues only), the hit is left out.
 */
static enum folio_rc fill_hit(struct store *st,
                              struct cand *c,
                              struct search_hit *h,
                              bool *shown,
                              struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc;
    const char *t;
    bool page = c->rowid < 0;

    rc = prepare(st,
                 page ? "SELECT i.paper_id, i.date, g.number, g.name, NULL,"
                        " '', i.status FROM page g JOIN issue i ON i.id ="
                        " g.issue_id WHERE g.issue_id = ?1 AND g.number = ?2"
                      : "SELECT i.paper_id, i.date, a.page, g.name, a.aid,"
                        " a.headline, i.status FROM article a JOIN issue i"
                        " ON i.id = a.issue_id LEFT JOIN page g ON"
                        " g.issue_id = a.issue_id AND g.number = a.page"
                        " WHERE a.id = ?1",
                 &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (page) {
        sqlite3_bind_int64(s, 1, (c->rowid - PAGE_DOC_BASE) / 1000);
        sqlite3_bind_int64(s, 2, (c->rowid - PAGE_DOC_BASE) % 1000);
    } else {
        sqlite3_bind_int64(s, 1, c->rowid);
    }
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = store_db_err(st, err, "load search hit");
        goto out;
    }
    *shown = sqlite3_column_int(s, 6) == 1;
    if (!*shown)
        goto out;
    t = (const char *)sqlite3_column_text(s, 0);
    (void)snprintf(h->paper, sizeof(h->paper), "%s", t ? t : "");
    t = (const char *)sqlite3_column_text(s, 1);
    (void)snprintf(h->date, sizeof(h->date), "%s", t ? t : "");
    h->page = sqlite3_column_int(s, 2);
    t = (const char *)sqlite3_column_text(s, 3);
    h->page_name = t ? xstrdup(t) : NULL;
    t = (const char *)sqlite3_column_text(s, 4);
    h->article = t ? xstrdup(t) : NULL;
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

/* One match of the issues of one date during date_walk(). */
struct walk_hit {
    sqlite3_int64 rowid;
    int page;
    int seq;
};

/* A growing array of the matches of one date. */
struct walk_hits {
    struct walk_hit *v;
    size_t n;
};

/* Page, then seq, then rowid ascending (step 2's ORDER BY after date). */
static int walk_hit_cmp(const void *a, const void *b)
{
    const struct walk_hit *x = a, *y = b;

    if (x->page != y->page)
        return x->page < y->page ? -1 : 1;
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/*
 * Reads the matches of statement s (bound, columns rowid, page, seq) into
 * h. ch: a character to scan for (scan_newest()): the rows are every
 * document, their texts in the columns from 3 on, and those without ch
 * are skipped. Errors: a failed step that is not the deadline's.
 */
static enum folio_rc walk_read(struct store *st,
                               sqlite3_stmt *s,
                               const char *ch,
                               struct walk_hits *h,
                               const struct deadline *dl,
                               struct folio_err *err)
{
    int r, col, ncol = sqlite3_column_count(s);
    size_t has;

    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        for (col = 3, has = !ch; col < ncol && !has; col++)
            has = search_char_count(
                st->search_tk, (const char *)sqlite3_column_text(s, col),
                (size_t)sqlite3_column_bytes(s, col), ch, strlen(ch), 1);
        if (!has)
            continue;
        if ((h->n & (h->n - 1)) == 0)
            h->v = xreallocarray(h->v, h->n ? 2 * h->n : 64, sizeof(*h->v));
        h->v[h->n].rowid = sqlite3_column_int64(s, 0);
        h->v[h->n].page = sqlite3_column_int(s, 1);
        h->v[h->n].seq = sqlite3_column_int(s, 2);
        h->n++;
    }
    if (r != SQLITE_DONE && !dl->hit)
        return step_err(st, dl, err);
    return FOLIO_OK;
}

/*
 * Date order over the cap (step 1 holds the highest ids only, and ids
 * need not grow with the date: backfilled archives). Walks the published
 * issues that pass the issue filters newest first (oldest first when asc)
 * and asks the index for each issue's matches only: its articles through
 * the rowid range of its article ids (and a.issue_id, since a range may
 * hold other issues' ids after corrections), its page documents through
 * PAGE_DOC_BASE + issue_id * 1000 + 0..999; empty: the issue's articles.
 * The matches of one date are ordered by page and seq, as step 2's ORDER
 * BY. Stops after want matches; adds matches [first, want) to cs.
 * Inputs: match the FTS5 query (unused when empty or with ch), p the
 * filters, ch NULL or the folded character of a one-character query
 * answered by scanning the text (scan_newest()): then each issue's
 * documents are read and those without ch skipped.
 * Cost: one index query per issue read (a prefix query merges all its
 * doclists in each), or one read of each issue's texts with ch.
 * Stopped by the deadline (dl->hit): cs holds what was found.
 * Errors: FOLIO_ERR_* of a failed statement; cs may hold some matches
 * (the caller frees them).
 */
static enum folio_rc date_walk(struct store *st,
                               const struct search_parsed *p,
                               const char *match,
                               const char *ch,
                               bool empty,
                               bool asc,
                               size_t first,
                               size_t want,
                               struct cands *cs,
                               const struct deadline *dl,
                               struct folio_err *err)
{
    struct buf sql = BUF_INIT(SQL_MAX);
    struct walk_hits h = { 0 };
    sqlite3_stmt *is = NULL, *rs = NULL, *as = NULL, *ps = NULL;
    char date[16] = "";
    size_t seen = 0, i;
    enum folio_rc rc = FOLIO_OK;
    int r;

    buf_adds(&sql, "SELECT i.id, i.date FROM issue i WHERE 1");
    issue_filters_sql(&sql, p);
    buf_addf(&sql, " ORDER BY i.date %s, i.id", asc ? "ASC" : "DESC");
    rc = prepare(st, sql.data, &is, err);
    if (rc == FOLIO_OK)
        rc = prepare(st,
                     "SELECT min(id), max(id) FROM article"
                     " WHERE issue_id = ?1",
                     &rs, err);
    if (rc != FOLIO_OK)
        goto out;
    buf_reset(&sql);
    if (empty)
        buf_adds(&sql, "SELECT a.id, a.page, a.seq FROM article a"
                       " JOIN issue i ON i.id = a.issue_id"
                       " WHERE a.issue_id = ?4");
    else if (ch)
        buf_adds(&sql, "SELECT a.id, a.page, a.seq, s.body, s.headline,"
                       " s.deck, s.byline FROM article a"
                       " JOIN search_src s ON s.id = a.id"
                       " JOIN issue i ON i.id = a.issue_id"
                       " WHERE a.issue_id = ?4");
    else
        buf_adds(&sql, "SELECT f.rowid, a.page, a.seq FROM search_fts f"
                       " CROSS JOIN article a ON a.id = f.rowid"
                       " JOIN issue i ON i.id = a.issue_id"
                       " WHERE search_fts MATCH ?1"
                       " AND f.rowid BETWEEN ?2 AND ?3 AND a.issue_id = ?4");
    filters_sql(&sql, p, "a.page");
    rc = prepare(st, sql.data, &as, err);
    if (rc != FOLIO_OK)
        goto out;
    if (!empty && !p->byline) {
        buf_reset(&sql);
        if (ch)
            buf_adds(&sql,
                     "SELECT f.id, (f.id + " PAGE_DOC_NEG ") % 1000,"
                     " 0, (SELECT s.body FROM search_page_src s"
                     " WHERE s.issue_id = ?4 AND s.page = (f.id + " PAGE_DOC_NEG
                     ") % 1000) FROM search_fts_docsize f"
                     " CROSS JOIN issue i ON i.id = ?4"
                     " WHERE f.id BETWEEN ?2 AND ?3");
        else
            buf_adds(&sql, "SELECT f.rowid, (f.rowid + " PAGE_DOC_NEG
                           ") % 1000, 0 FROM search_fts f CROSS JOIN issue i"
                           " ON i.id = ?4 WHERE search_fts MATCH ?1"
                           " AND f.rowid BETWEEN ?2 AND ?3");
        filters_sql(&sql, p,
                    ch ? "((f.id + " PAGE_DOC_NEG ") % 1000)"
                       : "((f.rowid + " PAGE_DOC_NEG ") % 1000)");
        rc = prepare(st, sql.data, &ps, err);
        if (rc != FOLIO_OK)
            goto out;
    }
    if (buf_status(&sql) != FOLIO_OK) {
        rc = err_set(err, FOLIO_ERR_INVALID, "query", "query is too long");
        goto out;
    }
    if (issue_filters_bind(is, p) || filters_bind(as, p) ||
        (!empty && !ch && sqlite3_bind_text(as, 1, match, -1, SQLITE_STATIC)) ||
        (ps && (filters_bind(ps, p) ||
                (!ch && sqlite3_bind_text(ps, 1, match, -1, SQLITE_STATIC))))) {
        rc = store_db_err(st, err, "bind search");
        goto out;
    }
    for (;;) {
        sqlite3_int64 id, lo, hi;
        const char *d;
        bool more = (r = sqlite3_step(is)) == SQLITE_ROW;

        d = more ? (const char *)sqlite3_column_text(is, 1) : NULL;
        if (!more || !d || strcmp(d, date) != 0) {
            /* a new date: the previous date's matches in order */
            if (h.n > 1)
                qsort(h.v, h.n, sizeof(*h.v), walk_hit_cmp);
            for (i = 0; i < h.n && seen < want; i++, seen++)
                if (seen >= first)
                    cands_add(cs, h.v[i].rowid, 0);
            h.n = 0;
            if (seen >= want || !more)
                break;
            (void)snprintf(date, sizeof(date), "%s", d ? d : "");
        }
        id = sqlite3_column_int64(is, 0);
        sqlite3_reset(rs);
        if (sqlite3_bind_int64(rs, 1, id) != SQLITE_OK) {
            rc = store_db_err(st, err, "bind search");
            goto out;
        }
        if ((r = sqlite3_step(rs)) != SQLITE_ROW)
            break;
        lo = sqlite3_column_int64(rs, 0);
        hi = sqlite3_column_int64(rs, 1);
        if (sqlite3_column_type(rs, 0) != SQLITE_NULL) {
            sqlite3_reset(as);
            if ((!empty && !ch &&
                 (sqlite3_bind_int64(as, 2, lo) ||
                  sqlite3_bind_int64(as, 3, hi))) ||
                sqlite3_bind_int64(as, 4, id)) {
                rc = store_db_err(st, err, "bind search");
                goto out;
            }
            rc = walk_read(st, as, ch, &h, dl, err);
            if (rc != FOLIO_OK || dl->hit)
                goto out;
        }
        if (ps) {
            lo = PAGE_DOC_BASE + id * 1000;
            sqlite3_reset(ps);
            if (sqlite3_bind_int64(ps, 2, lo) ||
                sqlite3_bind_int64(ps, 3, lo + 999) ||
                sqlite3_bind_int64(ps, 4, id)) {
                rc = store_db_err(st, err, "bind search");
                goto out;
            }
            rc = walk_read(st, ps, ch, &h, dl, err);
            if (rc != FOLIO_OK || dl->hit)
                goto out;
        }
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE && !dl->hit)
        rc = step_err(st, dl, err);
out:
    sqlite3_finalize(is);
    sqlite3_finalize(rs);
    sqlite3_finalize(as);
    sqlite3_finalize(ps);
    free(h.v);
    buf_release(&sql);
    return rc;
}

/*
 * One-character queries answered from the text (docs/search.md, "One
 * character"): for a lone CJK character common enough that its prefix
 * query would merge thousands of doclists (的 begins more than
 * PREFIX_TERMS bigrams at 1 M articles), the published documents are
 * read newest first, as the index lists its candidates, and the
 * character is looked for in their text (search_char_count, the index's
 * folding). SCAN_PROBE, SCAN_PROBE_MIN and SCAN_MIN_DOCS choose the scan
 * (scan_pick), SCAN_DOCS bounds the documents read to count the matches.
 */
#define SCAN_PROBE     256   /* scan_pick(): newest articles read */
#define SCAN_PROBE_MIN 64    /* ... at least this many with the character */
#define SCAN_MIN_DOCS  20000 /* index rows from which the scan is chosen */
#define SCAN_DOCS      2048  /* scan_newest(): documents read to count */
#define RANK_B         0.75  /* BM25's b, as in store_search_rank.c */
#define SCAN_COLS      4     /* body, headline, deck, byline */
#define SCAN_CHUNK     4096  /* scan_newest(): ids of a selective filter */
#define SCAN_SHARE     8     /* ... at most 1/SCAN_SHARE of the issues */

/* One document of the scan that has the character. */
struct scan_hit {
    sqlite3_int64 rowid;
    char date[11];
    int page;
    int seq;
    double score; /* folio_rank() of all its hits (relevance only) */
    double deck;  /* the same of its headline and deck hits; 0: none */
};

/* The scan of a one-character query (scan_newest). */
struct scan {
    char ch[9];             /* the character, folded */
    double avgdl;           /* tokens per index row */
    struct scan_hit *v;     /* the newest matches, newest first */
    size_t n;               /* of v */
    size_t hits;            /* matches counted: v and older ones */
    size_t page_hits;       /* of hits, page documents */
    size_t docs;            /* documents read */
    sqlite3_int64 top;      /* the newest article read; 0: none */
    sqlite3_int64 page_top; /* the newest page document read; 0: none */
    sqlite3_int64 last;     /* the oldest document read */
    bool ended;             /* every document in scope was read */
    bool chunked;           /* selective issue filters (scan_selective) */
};

/*
 * Reads one SQLite varint (the format of FTS5's records) from b[0..len)
 * into *v; returns its length, 0 when b ends first.
 */
static size_t varint_get(const unsigned char *b, size_t len, sqlite3_uint64 *v)
{
    size_t i;

    *v = 0;
    for (i = 0; i < len && i < 9; i++) {
        if (i == 8) {
            *v = (*v << 8) | b[i];
            return 9;
        }
        *v = (*v << 7) | (b[i] & 0x7F);
        if (!(b[i] & 0x80))
            return i + 1;
    }
    return 0;
}

/* Sum of the varints of b[0..len): a row's tokens in search_fts_docsize. */
static double varint_sum(const unsigned char *b, size_t len)
{
    sqlite3_uint64 v;
    double sum = 0;
    size_t i = 0, n;

    while (b && i < len && (n = varint_get(b + i, len - i, &v)) > 0) {
        sum += (double)v;
        i += n;
    }
    return sum;
}

/*
 * The rows of search_fts and their average length in tokens, from FTS5's
 * averages record (search_fts_data id 1: varints, the row count then the
 * tokens of each column); 0 and 1.0 when it cannot be read.
 */
static void index_avg(struct store *st, sqlite3_int64 *nrow, double *avgdl)
{
    sqlite3_stmt *s = NULL;
    const unsigned char *b = NULL;
    sqlite3_uint64 rows = 0;
    size_t len = 0, n;

    *nrow = 0;
    *avgdl = 1.0;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT block FROM search_fts_data WHERE id = 1", -1,
                           &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        b = sqlite3_column_blob(s, 0);
        len = (size_t)sqlite3_column_bytes(s, 0);
    }
    if (b && (n = varint_get(b, len, &rows)) > 0 && rows > 0) {
        *nrow = (sqlite3_int64)rows;
        *avgdl = varint_sum(b + n, len - n) / (double)rows;
        if (*avgdl <= 0)
            *avgdl = 1.0;
    }
    sqlite3_finalize(s);
}

/*
 * Is p a query of one lone CJK character (nothing else, not excluded;
 * punctuation around it changes nothing: 的， is 的, search_query.c
 * term_lone_first)? Then *is and its folded form in ch (the index's
 * unigram of it).
 */
static enum folio_rc lone_char(struct store *st,
                               const struct search_parsed *p,
                               char ch[9],
                               bool *is,
                               struct folio_err *err)
{
    struct bigrams b = { 0 };
    enum folio_rc rc;
    size_t tlen;

    *is = false;
    if (p->nterms != 1 || p->terms[0].negated)
        return FOLIO_OK;
    tlen = strlen(p->terms[0].text);
    rc = search_tokenize(st->search_tk, p->terms[0].text, tlen,
                         SEARCH_TOKENIZE_QUERY, unigram_cb, &b, err);
    if (rc != FOLIO_OK || b.other || b.n != 1)
        return rc;
    memcpy(ch, b.tok[0], sizeof(b.tok[0]));
    *is = true;
    return FOLIO_OK;
}

/*
 * Whether store_search answers the lone character sc->ch by a scan of
 * the text: q->char_scan when set, else when the index holds
 * SCAN_MIN_DOCS rows or more (below, its prefix query is quick and its
 * totals exact up to SEARCH_CANDIDATE_CAP) and SCAN_PROBE_MIN of the
 * newest SCAN_PROBE published articles contain it (so that the newest
 * RANK_NEWEST matches are among the newest few thousand documents; rarer
 * characters have few bigrams and the index finds them quickly). Sets
 * sc->avgdl. Cost: one read of SCAN_PROBE texts (about 1 ms).
 */
static enum folio_rc scan_pick(struct store *st,
                               const struct search_query *q,
                               struct scan *sc,
                               bool *out,
                               struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    sqlite3_int64 nrow;
    enum folio_rc rc;

    *out = false;
    index_avg(st, &nrow, &sc->avgdl);
    if (q->char_scan != 0) {
        *out = q->char_scan > 0;
        return FOLIO_OK;
    }
    if (nrow < SCAN_MIN_DOCS)
        return FOLIO_OK;
    rc = prepare(st,
                 "SELECT count(*) FROM (SELECT s.headline, s.deck,"
                 " s.byline, s.body FROM article a"
                 " JOIN issue i ON i.id = a.issue_id"
                 " JOIN search_src s ON s.id = a.id WHERE i.status = 1"
                 " ORDER BY a.id DESC LIMIT ?2) WHERE " SEARCH_CHAR_COUNT_SQL
                 "(coalesce(headline, '') || char(10) || coalesce(deck, '')"
                 " || char(10) || coalesce(byline, '') || char(10) ||"
                 " coalesce(body, ''), ?1, 1) > 0",
                 &s, err);
    if (rc != FOLIO_OK)
        return rc;
    if (sqlite3_bind_text(s, 1, sc->ch, -1, SQLITE_STATIC) ||
        sqlite3_bind_int(s, 2, SCAN_PROBE)) {
        rc = store_db_err(st, err, "bind search");
        goto out;
    }
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = store_db_err(st, err, "search");
        goto out;
    }
    *out = sqlite3_column_int(s, 0) >= SCAN_PROBE_MIN;
out:
    sqlite3_finalize(s);
    return rc;
}

/*
 * *out: p's issue filters (paper, dates) keep at most 1/SCAN_SHARE of
 * the published issues, so that scan_newest() lists their articles'
 * ids (SCAN_CHUNK at a time, sorted) rather than walk every article
 * newest first (to:2000-12-31 at 1 M: 0.14 s against 1.3 s).
 */
static enum folio_rc scan_selective(struct store *st,
                                    const struct search_parsed *p,
                                    bool *out,
                                    struct folio_err *err)
{
    struct buf sql = BUF_INIT(SQL_MAX);
    sqlite3_stmt *s = NULL;
    enum folio_rc rc;

    *out = false;
    if (!p->paper && !p->date_from && !p->date_to && !p->month_day)
        return FOLIO_OK;
    buf_adds(&sql, "SELECT (SELECT count(*) FROM issue i WHERE 1");
    issue_filters_sql(&sql, p);
    buf_adds(&sql, "), (SELECT count(*) FROM issue WHERE status = 1)");
    rc = prepare(st, sql.data, &s, err);
    if (rc != FOLIO_OK)
        goto out;
    if (issue_filters_bind(s, p)) {
        rc = store_db_err(st, err, "bind search");
        goto out;
    }
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = store_db_err(st, err, "search");
        goto out;
    }
    *out =
        sqlite3_column_int64(s, 0) * SCAN_SHARE <= sqlite3_column_int64(s, 1);
out:
    sqlite3_finalize(s);
    buf_release(&sql);
    return rc;
}

/*
 * The newest published documents with the character sc->ch, newest
 * first (CROSS JOIN: the documents in rowid order, each checked against
 * the filters, never the filtered issues' documents sorted) (rowid descending:
 * articles, then page documents, as the index lists them), the filters of p
 * applied: the first keep of them into sc->v (with their folio_rank() scores
 * when rank; their year and paper in res's facets when res), and the documents
 * read and matches counted until at least need are kept and SCAN_DOCS documents
 * read, or all are read (sc->ended: sc->hits is then the exact total). Stopped
 * by the deadline (dl->hit): sc holds what was read. Errors: FOLIO_ERR_* of a
 * failed statement.
 */
static enum folio_rc scan_newest(struct store *st,
                                 const struct search_parsed *p,
                                 struct scan *sc,
                                 size_t need,
                                 size_t keep,
                                 bool rank,
                                 struct search_results *res,
                                 const struct deadline *dl,
                                 struct folio_err *err)
{
    static const double w[SCAN_COLS] = { RANK_W_BODY, RANK_W_HEADLINE,
                                         RANK_W_DECK, RANK_W_BYLINE };
    struct buf sql = BUF_INIT(SQL_MAX);
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;
    size_t part, col, chlen = strlen(sc->ch), c[SCAN_COLS], found, tlen;
    struct scan_hit *h;
    sqlite3_int64 id;
    double tf, tfd, norm;
    const char *d, *pid, *text;
    char year[5];
    int r = SQLITE_DONE, got;
    bool stop = false, kept, chunked, selective = false;

    rc = scan_selective(st, p, &selective, err);
    if (rc != FOLIO_OK)
        return rc;
    sc->chunked = selective;
    for (part = 0; part < 2 && !stop; part++) {
        if (part == 1 && p->byline)
            break; /* page texts have no byline */
        buf_reset(&sql);
        chunked = part == 0 && selective;
        if (part == 0)
            buf_adds(&sql, "SELECT a.id, i.date, i.paper_id, a.page, a.seq,"
                           " s.body, s.headline, s.deck, s.byline, z.sz"
                           " FROM article a CROSS JOIN issue i"
                           " ON i.id = a.issue_id CROSS JOIN search_src s"
                           " ON s.id = a.id"
                           " LEFT JOIN search_fts_docsize z ON z.id = a.id"
                           " WHERE 1");
        if (chunked)
            /* the next SCAN_CHUNK ids of the issues in scope */
            buf_adds(&sql, " AND a.id IN (SELECT a.id FROM issue i"
                           " CROSS JOIN article a ON a.issue_id = i.id"
                           " WHERE a.id < ?1");
        if (part == 1)
            buf_adds(&sql,
                     "SELECT z.id, i.date, i.paper_id, (z.id + " PAGE_DOC_NEG
                     ") % 1000, 0, (SELECT s.body FROM"
                     " search_page_src s WHERE s.issue_id = i.id AND"
                     " s.page = (z.id + " PAGE_DOC_NEG ") % 1000),"
                     " NULL, NULL, NULL, z.sz FROM search_fts_docsize z"
                     " CROSS JOIN issue i ON i.id = (z.id + " PAGE_DOC_NEG
                     ") / 1000 WHERE z.id < 0");
        filters_sql(&sql, p,
                    part == 0 ? "a.page"
                              : "((z.id + " PAGE_DOC_NEG ") % 1000)");
        if (chunked)
            buf_addf(&sql, " ORDER BY a.id DESC LIMIT %d)", SCAN_CHUNK);
        buf_adds(&sql,
                 part == 0 ? " ORDER BY a.id DESC" : " ORDER BY z.id DESC");
        if (buf_status(&sql) != FOLIO_OK) {
            rc = err_set(err, FOLIO_ERR_INVALID, "query", "query is too long");
            goto out;
        }
        rc = prepare(st, sql.data, &s, err);
        if (rc != FOLIO_OK)
            goto out;
        if (filters_bind(s, p) ||
            (chunked && sqlite3_bind_int64(s, 1, INT64_MAX))) {
            rc = store_db_err(st, err, "bind search");
            goto out;
        }
        got = 0;
        for (;;) {
            while (!(stop = sc->n >= need && sc->docs >= SCAN_DOCS) &&
                   (r = sqlite3_step(s)) == SQLITE_ROW) {
                got++;
                id = sqlite3_column_int64(s, 0);
                sc->docs++;
                sc->last = id;
                if (part == 0 && sc->top == 0)
                    sc->top = id;
                if (part == 1 && sc->page_top == 0)
                    sc->page_top = id;
                kept = sc->n < keep;
                found = 0;
                for (col = 0; col < SCAN_COLS; col++) {
                    c[col] = 0;
                    if (found && !(kept && rank))
                        continue;
                    text = (const char *)sqlite3_column_text(s, 5 + (int)col);
                    tlen = (size_t)sqlite3_column_bytes(s, 5 + (int)col);
                    c[col] = kept && rank
                                 ? search_char_index_hits(st->search_tk, text,
                                                          tlen, sc->ch, chlen)
                                 : search_char_count(st->search_tk, text, tlen,
                                                     sc->ch, chlen, 1);
                    found += c[col];
                }
                if (!found)
                    continue;
                sc->hits++;
                sc->page_hits += part == 1;
                if (!kept)
                    continue;
                if ((sc->n & (sc->n - 1)) == 0)
                    sc->v = xreallocarray(sc->v, sc->n ? 2 * sc->n : 64,
                                          sizeof(*sc->v));
                h = &sc->v[sc->n++];
                memset(h, 0, sizeof(*h));
                h->rowid = id;
                d = (const char *)sqlite3_column_text(s, 1);
                pid = (const char *)sqlite3_column_text(s, 2);
                (void)snprintf(h->date, sizeof(h->date), "%s", d ? d : "");
                h->page = sqlite3_column_int(s, 3);
                h->seq = sqlite3_column_int(s, 4);
                if (rank) {
                    /* folio_rank() of the prefix ch*: one phrase, idf 1 */
                    norm = RANK_K1 *
                           (1.0 - RANK_B +
                            RANK_B *
                                varint_sum(sqlite3_column_blob(s, 9),
                                           (size_t)sqlite3_column_bytes(s, 9)) /
                                sc->avgdl);
                    for (col = 0, tf = 0; col < SCAN_COLS; col++)
                        tf += w[col] * (double)c[col];
                    tfd = w[1] * (double)c[1] + w[2] * (double)c[2];
                    h->score = -tf * (RANK_K1 + 1.0) / (tf + norm);
                    h->deck =
                        tfd > 0 ? -tfd * (RANK_K1 + 1.0) / (tfd + norm) : 0;
                }
                if (res && sc->n < keep) {
                    memcpy(year, d ? d : "0000", 4);
                    year[4] = '\0';
                    facet_add(&res->years, &res->nyears, year);
                    facet_add(&res->papers, &res->npapers, pid ? pid : "");
                }
            }
            if (stop || r != SQLITE_DONE || !chunked || got < SCAN_CHUNK)
                break;
            /* the next chunk of ids */
            sqlite3_reset(s);
            if (sqlite3_bind_int64(s, 1, sc->last)) {
                rc = store_db_err(st, err, "bind search");
                goto out;
            }
            got = 0;
        }
        if (!stop && r != SQLITE_DONE) {
            if (!dl->hit)
                rc = step_err(st, dl, err);
            goto out;
        }
        sqlite3_finalize(s);
        s = NULL;
    }
    sc->ended = !stop;
out:
    sqlite3_finalize(s);
    buf_release(&sql);
    return rc;
}

/*
 * "About N" for a scan that did not read every document: with selective
 * issue filters the share of matches among the documents read times the
 * articles of the issues in scope (counted: at most 1/SCAN_SHARE of
 * them); else the matches counted, scaled by the share of the id range
 * read (articles: from min(article.id); page documents, after every
 * article: from the oldest issue with pages), as estimate_total() does
 * for the index.
 */
static size_t scan_estimate(struct store *st,
                            const struct search_parsed *p,
                            const struct scan *sc)
{
    struct buf sql = BUF_INIT(SQL_MAX);
    sqlite3_stmt *s = NULL;
    sqlite3_int64 top, lo = 0;
    size_t before = 0, seen = sc->hits;
    double total;

    if (sc->ended || sc->docs == 0)
        return sc->hits;
    if (sc->chunked && sc->last > 0) {
        buf_adds(&sql, "SELECT count(*) FROM issue i CROSS JOIN article a"
                       " ON a.issue_id = i.id WHERE 1");
        issue_filters_sql(&sql, p);
        total = (double)sc->hits;
        if (sqlite3_prepare_v2(st->db, sql.data, -1, &s, NULL) == SQLITE_OK &&
            !issue_filters_bind(s, p) && sqlite3_step(s) == SQLITE_ROW)
            total = (double)sc->hits * (double)sqlite3_column_int64(s, 0) /
                    (double)sc->docs;
        sqlite3_finalize(s);
        buf_release(&sql);
        return total > (double)sc->hits ? (size_t)total : sc->hits;
    }
    buf_release(&sql);
    top = sc->top;
    if (sc->last < 0) {
        before = sc->hits - sc->page_hits;
        seen = sc->page_hits;
        top = sc->page_top;
    }
    if (sqlite3_prepare_v2(st->db,
                           sc->last > 0 ? "SELECT min(id) FROM article"
                                        : "SELECT min(issue_id) FROM page",
                           -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        lo = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (sc->last < 0)
        lo = PAGE_DOC_BASE + lo * 1000;
    total = (double)seen;
    if (top > sc->last && sc->last > lo)
        total = (double)seen * (double)(top - lo + 1) /
                (double)(top - sc->last + 1);
    return before + (size_t)total;
}

/*
 * Relevance order of the scan's matches, as rank_pass() orders the
 * index's: the newest RANK_NEWEST by their score, the older ones kept
 * with a headline or deck hit by that score, best first; then, when the
 * page asked for (want) reaches past them, the others newest first.
 */
static void scan_rank(const struct scan *sc, size_t want, struct cands *out)
{
    size_t k = sc->n < RANK_NEWEST ? sc->n : RANK_NEWEST, i;

    for (i = 0; i < sc->n; i++)
        if (i < k || sc->v[i].deck < 0)
            cands_add(out, sc->v[i].rowid,
                      i < k ? sc->v[i].score : sc->v[i].deck);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(*out->v), cand_cmp);
    for (i = k; i < sc->n && out->n < want; i++)
        if (sc->v[i].deck == 0)
            cands_add(out, sc->v[i].rowid, 0);
}

/* Date, then page, seq and rowid (step 2's ORDER BY); the dates' order. */
static int
scan_hit_cmp(const struct scan_hit *x, const struct scan_hit *y, int dir)
{
    int c = strcmp(x->date, y->date);

    if (c != 0)
        return dir * c;
    if (x->page != y->page)
        return x->page < y->page ? -1 : 1;
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static int scan_hit_cmp_desc(const void *a, const void *b)
{
    return scan_hit_cmp(a, b, -1);
}

static int scan_hit_cmp_asc(const void *a, const void *b)
{
    return scan_hit_cmp(a, b, 1);
}

enum folio_rc store_search(struct store *st,
                           const struct search_query *q,
                           struct search_results **out,
                           struct folio_err *err)
{
    struct search_parsed p = { 0 };
    struct buf match = BUF_INIT(64 * 1024), sql = BUF_INIT(SQL_MAX),
               listed = BUF_INIT(64 * 1024);
    struct search_results *res = NULL;
    struct cands cs = { 0 };
    struct cand *cands;
    struct text_stmts ts = { 0 };
    struct wordbrk wb = { 0 };
    sqlite3_int64 *rows = NULL;
    double *scores = NULL;
    size_t ncands, nrows = 0, count = 0, i, limit, want, first, part, cap;
    sqlite3_int64 floor_row = 0;
    sqlite3_stmt *s = NULL;
    struct deadline dl = { 0 };
    struct timespec t0;
    enum folio_rc rc;
    bool empty = true, rerank, join, over = false, walked = false;
    bool lone = false, scan = false;
    struct scan sc = { 0 };
    const char *qtext = q->q ? q->q : "";
    size_t qlen = q->q_len ? q->q_len : strlen(qtext);
    int r,
        rank_col = 1,
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
    rc = store_search_rank_register(st, err);
    if (rc == FOLIO_OK && !empty)
        rc = lone_char(st, &p, sc.ch, &lone, err);
    if (rc == FOLIO_OK && lone)
        rc = scan_pick(st, q, &sc, &scan, err);
    if (rc == FOLIO_OK && !empty && !scan)
        rc = prefix_expand(st, &p, &listed, err);
    if (rc != FOLIO_OK)
        goto out;
    sqlite3_progress_handler(st->db, 1000, progress_cb, &dl);
    res = xcalloc(1, sizeof(*res));
    res->offset = q->offset;
    res->budget_ms = timeout;
    limit =
        q->limit && q->limit < SEARCH_MAX_LIMIT ? q->limit : SEARCH_MAX_LIMIT;
    if (q->all)
        limit = SEARCH_CANDIDATE_CAP;
    want = q->offset + limit;
    first = q->offset;
    rerank = !empty && q->sort == SEARCH_SORT_RELEVANCE;
    if (rerank && q->offset < RERANK_WINDOW)
        first = 0;
    if (rerank && want < RERANK_WINDOW)
        want = RERANK_WINDOW;
    /*
     * Relevance order needs the newest RANK_NEWEST matches and enough
     * older ones for the page asked for (older headline and deck matches
     * may take up to RANK_DECK places before them); the total over that
     * is an estimate, the facets count what was read (facets_over). Date
     * order reads all candidates up to the cap.
     */
    cap = SEARCH_CANDIDATE_CAP;
    if (rerank) {
        cap = want + RANK_DECK > RANK_NEWEST ? want + RANK_DECK : RANK_NEWEST;
        if (cap > SEARCH_CANDIDATE_CAP)
            cap = SEARCH_CANDIDATE_CAP;
    }

    /*
     * 1. Candidates, newest rows first, at most CAP + 1: count, facets.
     * Without filters or facets the index alone answers (it holds the
     * published issues only); else each row joins its article or page
     * document to its issue.
     */
    join = empty || has_filters(&p) || !q->no_facets;
    /*
     * With joins, articles (rowid > 0) and page documents (< 0) are two
     * statements, each with plain primary-key joins (one LEFT JOIN for
     * both was 1.7 times slower); newest first holds across the two.
     */
    for (part = 0;
         !scan && part < (join && !empty ? 2 : 1) && !dl.hit && count <= cap;
         part++) {
        if (part == 1 && p.byline)
            break; /* page texts have no byline */
        buf_reset(&sql);
        if (empty)
            buf_adds(&sql, "SELECT a.id, i.date, i.paper_id FROM article a"
                           " JOIN issue i ON i.id = a.issue_id WHERE 1");
        else if (!join)
            buf_addf(&sql,
                     "SELECT f.rowid%s FROM search_fts f"
                     " WHERE search_fts MATCH ?1",
                     rerank ? RANK_FIRST_SQL : "");
        else if (part == 0)
            buf_addf(&sql,
                     "SELECT f.rowid, i.date, i.paper_id%s FROM"
                     " search_fts f JOIN article a ON a.id = f.rowid"
                     " JOIN issue i ON i.id = a.issue_id"
                     " WHERE search_fts MATCH ?1 AND f.rowid > 0",
                     rerank ? RANK_FIRST_SQL : "");
        else
            buf_addf(
                &sql,
                "SELECT f.rowid, i.date, i.paper_id%s FROM"
                " search_fts f JOIN issue i ON i.id = (f.rowid + " PAGE_DOC_NEG
                ") / 1000 WHERE search_fts MATCH ?1 AND f.rowid < 0",
                rerank ? RANK_FIRST_SQL : "");
        rank_col = join ? 3 : 1;
        if (join)
            filters_sql(&sql, &p,
                        empty       ? "a.page"
                        : part == 0 ? "a.page"
                                    : "((f.rowid + " PAGE_DOC_NEG ") % 1000)");
        buf_addf(&sql, " ORDER BY %s DESC LIMIT %zu",
                 empty ? "a.id" : "f.rowid", cap + 1);
        rc = prepare(st, sql.data, &s, err);
        if (rc != FOLIO_OK)
            goto out;
        /* an expanded prefix (listed) ranks as the prefix: n < 0 */
        if ((!empty &&
             sqlite3_bind_text(s, 1, listed.len ? listed.data : match.data, -1,
                               SQLITE_STATIC)) ||
            (join && filters_bind(s, &p)) ||
            (rerank &&
             sqlite3_bind_int64(s, 9,
                                (listed.len ? -1 : 1) *
                                    (sqlite3_int64)(count < RANK_NEWEST
                                                        ? RANK_NEWEST - count
                                                        : 0)))) {
            rc = store_db_err(st, err, "bind search");
            goto out;
        }
        while ((r = sqlite3_step(s)) == SQLITE_ROW) {
            if (count == cap) {
                count++;
                break;
            }
            count++;
            floor_row = sqlite3_column_int64(s, 0);
            if ((nrows & (nrows - 1)) == 0) {
                rows =
                    xreallocarray(rows, nrows ? 2 * nrows : 64, sizeof(*rows));
                if (rerank)
                    scores = xreallocarray(scores, nrows ? 2 * nrows : 64,
                                           sizeof(*scores));
            }
            if (rerank)
                scores[nrows] = sqlite3_column_double(s, rank_col);
            rows[nrows++] = floor_row;
            if (join && !q->no_facets) {
                const char *d = (const char *)sqlite3_column_text(s, 1);
                const char *pid = (const char *)sqlite3_column_text(s, 2);
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
    }
    if (scan) {
        /* a one-character query answered from the text */
        rc = scan_newest(st, &p, &sc, rerank ? cap + 1 : 0, cap + 1, rerank,
                         join && !q->no_facets ? res : NULL, &dl, err);
        if (rc != FOLIO_OK)
            goto out;
        rows = xreallocarray(rows, sc.n ? sc.n : 1, sizeof(*rows));
        for (nrows = 0; nrows < sc.n; nrows++)
            rows[nrows] = sc.v[nrows].rowid;
    }
    if (dl.hit)
        stopped_set(res, &t0);
    res->total_exact = count <= cap && !res->stopped;
    res->total = count;
    over = count > cap;
    if (scan) {
        /* exact when every document was read, else about N */
        res->total_exact = sc.ended && !res->stopped;
        res->total = scan_estimate(st, &p, &sc);
        over = !sc.ended || sc.hits > cap;
        if (over && join && !q->no_facets)
            res->facets_over = nrows;
        count = over ? cap : sc.hits;
    } else if (over) {
        res->total = estimate_total(st, rows, nrows);
        if (res->total <= cap)
            res->total = cap + 1;
        if (join && !q->no_facets)
            res->facets_over = nrows;
        count = cap;
    }
    /* qsort(NULL, 0, ...) is undefined (UBSan stops the server) */
    if (res->nyears > 1)
        qsort(res->years, res->nyears, sizeof(*res->years), facet_cmp_year);
    if (res->npapers > 1)
        qsort(res->papers, res->npapers, sizeof(*res->papers), facet_cmp_count);
    if (q->offset >= count)
        goto done;

    /* 2. Order the candidates and take the page. */
    if (!res->stopped && rerank) {
        if (scan)
            scan_rank(&sc, want, &cs);
        else
            rc = rank_pass(st, &p, match.data, qtext, qlen, rows, scores, nrows,
                           res->total_exact, want, &cs, &dl, err);
        if (rc != FOLIO_OK)
            goto out;
        /* keep [first, want) of the order (nothing owned yet) */
        if (first > 0 && first < cs.n)
            memmove(cs.v, cs.v + first, (cs.n - first) * sizeof(*cs.v));
        cs.n = first < cs.n ? (want < cs.n ? want : cs.n) - first : 0;
        if (dl.hit)
            stopped_set(res, &t0);
    } else if (!res->stopped && over) {
        /* date order over the cap: by the issues' dates, not the ids */
        rc = date_walk(
            st, &p, listed.len ? listed.data : match.data, scan ? sc.ch : NULL,
            empty, q->sort == SEARCH_SORT_DATE_ASC, first, want, &cs, &dl, err);
        if (rc != FOLIO_OK)
            goto out;
        walked = true;
        if (dl.hit)
            stopped_set(res, &t0);
    } else if (!res->stopped && scan) {
        /* every match is in sc.v: in date order */
        if (sc.n > 1)
            qsort(sc.v, sc.n, sizeof(*sc.v),
                  q->sort == SEARCH_SORT_DATE_ASC ? scan_hit_cmp_asc
                                                  : scan_hit_cmp_desc);
        for (i = first; i < sc.n && i < want; i++)
            cands_add(&cs, sc.v[i].rowid, 0);
    } else if (!res->stopped) {
        buf_reset(&sql);
        if (empty)
            buf_adds(&sql, "SELECT a.id FROM article a JOIN issue i ON"
                           " i.id = a.issue_id WHERE a.id >= ?2");
        else
            buf_adds(&sql, "SELECT f.rowid FROM search_fts f" DOC_JOIN_SQL
                           " WHERE search_fts MATCH ?1 AND f.rowid >= ?2");
        filters_sql(&sql, &p, empty ? "a.page" : DOC_PAGE_SQL);
        buf_addf(&sql,
                 " ORDER BY i.date %s, %s, coalesce(a.seq, 0) LIMIT %zu"
                 " OFFSET %zu",
                 q->sort == SEARCH_SORT_DATE_ASC ? "ASC" : "DESC",
                 empty ? "a.page" : DOC_PAGE_SQL, want - first, first);
        if (buf_status(&sql) != FOLIO_OK) {
            rc = err_set(err, FOLIO_ERR_INVALID, "query", "query is too long");
            goto out;
        }
        rc = prepare(st, sql.data, &s, err);
        if (rc != FOLIO_OK)
            goto out;
        if ((!empty &&
             sqlite3_bind_text(s, 1, match.data, -1, SQLITE_STATIC)) ||
            sqlite3_bind_int64(s, 2, floor_row) || filters_bind(s, &p)) {
            rc = store_db_err(st, err, "bind search");
            goto out;
        }
        while ((r = sqlite3_step(s)) == SQLITE_ROW)
            cands_add(&cs, sqlite3_column_int64(s, 0), 0);
        if (r != SQLITE_DONE && !dl.hit) {
            rc = step_err(st, &dl, err);
            goto out;
        }
        sqlite3_finalize(s);
        s = NULL;
        if (dl.hit)
            stopped_set(res, &t0);
    }
    if (res->stopped && !(walked && cs.n > 0)) {
        /* Unranked: the newest matches found, the page asked for. */
        for (i = 0; i < cs.n; i++) {
            free(cs.v[i].snippet);
            free(cs.v[i].marks);
        }
        cs.n = 0;
        first = q->offset;
        rerank = false;
        for (i = q->offset; i < nrows && cs.n < limit; i++)
            cands_add(&cs, rows[i], 0);
    }
    cands = cs.v;
    ncands = cs.n;

    /* 3. Snippets, marks and the word signal; rerank the window. */
    deadline_set(&dl, &t0, timeout);
    if (!empty) {
        rc = prepare(st, "SELECT headline, body FROM search_src WHERE id = ?1",
                     &ts.article, err);
        if (rc == FOLIO_OK)
            rc = prepare(st,
                         "SELECT NULL, body FROM search_page_src"
                         " WHERE issue_id = ?1 AND page = ?2",
                         &ts.page, err);
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
        rc = snippet_for(st, &ts, qtext, qlen, &cands[i],
                         in_window ? &wb : NULL, &dl, err);
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
    /* the hits' own rows are a few primary-key lookups: no deadline */
    sqlite3_progress_handler(st->db, 0, NULL, NULL);
    for (i = 0; i < ncands; i++) {
        bool shown = true;
        if (first + i < q->offset || res->nhits >= limit)
            continue;
        res->hits =
            xreallocarray(res->hits, res->nhits + 1, sizeof(*res->hits));
        memset(&res->hits[res->nhits], 0, sizeof(*res->hits));
        rc = fill_hit(st, &cands[i], &res->hits[res->nhits], &shown, err);
        if (rc != FOLIO_OK || !shown) {
            /* nothing owned yet: forget the slot */
            if (rc != FOLIO_OK)
                goto out;
            continue;
        }
        res->nhits++;
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
    sqlite3_finalize(ts.article);
    sqlite3_finalize(ts.page);
    wordbrk_release(&wb);
    sqlite3_progress_handler(st->db, 0, NULL, NULL);
    for (i = 0; i < cs.n; i++) {
        free(cs.v[i].snippet);
        free(cs.v[i].marks);
    }
    free(cs.v);
    free(rows);
    free(scores);
    free(sc.v);
    search_results_free(res);
    search_parsed_release(&p);
    buf_release(&match);
    buf_release(&listed);
    buf_release(&sql);
    return rc;
}
