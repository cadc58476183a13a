/* SPDX-License-Identifier: MIT */
/*
 * web_search.c - the reader's search: /search (results page),
 * /search.atom (feed of a saved search), and ?hl= on article and page
 * views (terms marked in the text and drawn on the page image).
 *
 * Every parameter is size-capped and checked here; the query text goes
 * to store_search() untouched (the search core escapes it). A query the
 * core refuses (FOLIO_ERR_INVALID, FOLIO_ERR_TOO_LARGE: malformed filter,
 * too long, over its time budget) is a 400 page that keeps the form and
 * says why; only store failures reach the generic error page.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include "base/date.h"

#include <stdlib.h>
#include <string.h>

#define HTML_TYPE    "text/html; charset=utf-8"
#define ATOM_TYPE    "application/atom+xml; charset=utf-8"
#define SEARCH_CACHE "public, max-age=60"
#define PER_PAGE     SEARCH_DEFAULT_LIMIT
#define MAX_PAGE_NO  1000 /* results pages offered */
#define FEED_ENTRIES 20
#define MAX_FIELD    256 /* bytes of a filter value */
#define MAX_HOST     255

/* What one /search or /search.atom request asked for. */
struct search_req {
    struct render_search_query rq; /* for rendering (decoded strings) */
    struct search_query sq;        /* for the core */
    bool any;                      /* q or a filter given */
};

static enum folio_rc
parse_request(struct web_ctx *c, struct search_req *s, struct folio_err *err);
static enum folio_rc run_search(struct web_ctx *c,
                                struct search_req *s,
                                struct render_search_result *rr,
                                struct search_results **res,
                                struct paper **papers,
                                size_t *npapers,
                                struct folio_err *err);
static const char *
paper_name(const struct paper *papers, size_t n, const char *id);
static struct render_mark *
copy_marks(struct arena *a, const struct search_mark *m, size_t n);
static size_t
hl_find(void *ctx, const char *text, size_t len, struct render_mark **out);
static void feed_base(struct web_ctx *c, char *out, size_t outsz);

static enum folio_rc
parse_request(struct web_ctx *c, struct search_req *s, struct folio_err *err)
{
    const char *sort = "", *page = "", *pagename = "";
    struct date d;
    enum folio_rc rc;
    int64_t n;
    struct str t;

    memset(s, 0, sizeof(*s));
    s->rq.page = 1;
    rc = web_query_param(c, "q", SEARCH_MAX_QUERY_BYTES, &s->rq.q, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "paper", MODEL_ID_MAX, &s->rq.paper, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "from", 10, &s->rq.from, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "to", 10, &s->rq.to, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "pagename", MAX_FIELD, &pagename, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "byline", MAX_FIELD, &s->rq.byline, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "md", 5, &s->rq.md, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "sort", 16, &sort, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "page", 8, &page, err);
    if (rc != FOLIO_OK)
        return rc;
    s->rq.pagename = pagename;
    if (s->rq.paper[0] && !model_id_valid(s->rq.paper, true))
        return err_set(err, FOLIO_ERR_INVALID, "paper", "no paper '%s'",
                       s->rq.paper);
    if (s->rq.from[0] && !date_parse(s->rq.from, strlen(s->rq.from), &d))
        return err_set(err, FOLIO_ERR_INVALID, "from",
                       "'from' must be a date YYYY-MM-DD");
    if (s->rq.to[0] && !date_parse(s->rq.to, strlen(s->rq.to), &d))
        return err_set(err, FOLIO_ERR_INVALID, "to",
                       "'to' must be a date YYYY-MM-DD");
    if (s->rq.md[0]) {
        const char *m = s->rq.md;
        bool ok = strlen(m) == 5 && m[2] == '-' && m[0] >= '0' && m[0] <= '9' &&
                  m[1] >= '0' && m[1] <= '9' && m[3] >= '0' && m[3] <= '9' &&
                  m[4] >= '0' && m[4] <= '9';
        if (!ok || !date_valid(2000, (m[0] - '0') * 10 + (m[1] - '0'),
                               (m[3] - '0') * 10 + (m[4] - '0')))
            return err_set(err, FOLIO_ERR_INVALID, "md",
                           "'md' must be a month and day MM-DD");
    }
    if (strcmp(sort, "date") == 0)
        s->rq.sort_date = true;
    else if (sort[0] && strcmp(sort, "relevance") != 0)
        return err_set(err, FOLIO_ERR_INVALID, "sort",
                       "'sort' must be relevance or date");
    if (page[0]) {
        t = str_from(page);
        if (!str_to_i64(&t, &n) || t.len != 0 || n < 1 || n > MAX_PAGE_NO)
            return err_set(err, FOLIO_ERR_INVALID, "page",
                           "'page' must be a number from 1 to %d", MAX_PAGE_NO);
        s->rq.page = (int)n;
    }

    s->sq.q = s->rq.q;
    s->sq.paper = s->rq.paper;
    s->sq.date_from = s->rq.from;
    s->sq.date_to = s->rq.to;
    s->sq.month_day = s->rq.md;
    s->sq.byline = s->rq.byline;
    if (pagename[0]) {
        t = str_from(pagename);
        if (str_to_i64(&t, &n) && t.len == 0) {
            if (n < 1 || n > MODEL_MAX_PAGES)
                return err_set(err, FOLIO_ERR_INVALID, "pagename",
                               "no page %lld", (long long)n);
            s->sq.page = (int)n;
        } else {
            s->sq.page_name = pagename;
        }
    }
    s->sq.sort =
        s->rq.sort_date ? SEARCH_SORT_DATE_DESC : SEARCH_SORT_RELEVANCE;
    s->sq.offset = (size_t)(s->rq.page - 1) * PER_PAGE;
    s->sq.limit = PER_PAGE;
    s->any = s->rq.q[0] || s->rq.paper[0] || s->rq.from[0] || s->rq.to[0] ||
             pagename[0] || s->rq.byline[0] || s->rq.md[0];
    return FOLIO_OK;
}

static const char *
paper_name(const struct paper *papers, size_t n, const char *id)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(papers[i].id, id) == 0)
            return papers[i].name;
    return NULL;
}

static struct render_mark *
copy_marks(struct arena *a, const struct search_mark *m, size_t n)
{
    struct render_mark *out;
    size_t i;

    if (n == 0)
        return NULL;
    out = arena_calloc(a, n, sizeof(*out));
    for (i = 0; i < n; i++) {
        out[i].start = m[i].start;
        out[i].len = m[i].len;
    }
    return out;
}

/*
 * Search and convert the answer for the renderers (borrowing from *res
 * and *papers, which the caller frees). A refused query is FOLIO_OK with
 * rr->message set; store failures are returned.
 */
static enum folio_rc run_search(struct web_ctx *c,
                                struct search_req *s,
                                struct render_search_result *rr,
                                struct search_results **res,
                                struct paper **papers,
                                size_t *npapers,
                                struct folio_err *err)
{
    struct folio_err serr = { 0 };
    struct search_results *r = NULL;
    struct render_search_hit *hits;
    struct render_search_facet *f;
    enum folio_rc rc;
    size_t i;

    rc = store_paper_list(c->st, papers, npapers, err);
    if (rc != FOLIO_OK)
        return rc;
    rr->all_papers = *papers;
    rr->nall_papers = *npapers;
    rr->per_page = PER_PAGE;
    rc = store_search(c->st, &s->sq, &r, &serr);
    if (rc == FOLIO_ERR_INVALID || rc == FOLIO_ERR_TOO_LARGE) {
        rr->message = arena_strdup(c->arena, serr.msg);
        return FOLIO_OK;
    }
    if (rc != FOLIO_OK) {
        *err = serr;
        return rc;
    }
    *res = r;
    rr->total = r->total;
    rr->total_approx = !r->total_exact;
    rr->facets_over = r->facets_over;
    rr->stopped = r->stopped;
    rr->stopped_ms = (int)(r->elapsed_ms + 0.5);
    hits = arena_calloc(c->arena, r->nhits ? r->nhits : 1, sizeof(*hits));
    for (i = 0; i < r->nhits; i++) {
        const struct search_hit *h = &r->hits[i];

        hits[i].paper = h->paper;
        hits[i].paper_name = paper_name(*papers, *npapers, h->paper);
        hits[i].date = h->date;
        hits[i].page = h->page;
        hits[i].page_name = h->page_name;
        hits[i].article = h->article;
        hits[i].headline = h->headline;
        hits[i].snippet = h->snippet;
        hits[i].marks = copy_marks(c->arena, h->marks, h->nmarks);
        hits[i].nmarks = h->nmarks;
    }
    rr->hits = hits;
    rr->nhits = r->nhits;
    f = arena_calloc(c->arena, r->nyears + r->npapers + 1, sizeof(*f));
    for (i = 0; i < r->nyears; i++) {
        f[i].value = r->years[i].key;
        f[i].count = r->years[i].count;
    }
    rr->years = f;
    rr->nyears = r->nyears;
    f += r->nyears;
    for (i = 0; i < r->npapers; i++) {
        f[i].value = r->papers[i].key;
        f[i].label = paper_name(*papers, *npapers, r->papers[i].key);
        f[i].count = r->papers[i].count;
    }
    rr->papers = f;
    rr->npapers = r->npapers;
    return FOLIO_OK;
}

enum folio_rc web_handle_search(struct web_ctx *c, struct folio_err *err)
{
    struct search_req s;
    struct render_search_result rr;
    struct search_results *res = NULL;
    struct paper *papers = NULL;
    size_t npapers = 0, i;
    struct folio_err perr = { 0 };
    enum folio_rc rc;

    memset(&rr, 0, sizeof(rr));
    rr.per_page = PER_PAGE;
    c->resp.content_type = HTML_TYPE;
    rc = parse_request(c, &s, &perr);
    if (rc != FOLIO_OK) {
        /* keep what the reader typed in the form, say what is wrong */
        rr.message = perr.msg;
        c->resp.status = 400;
        c->resp.cache_control = "no-cache";
        render_search_view(&c->opts, &s.rq, &rr, &c->resp.body);
        return FOLIO_OK;
    }
    if (!s.any) {
        c->resp.cache_control = SEARCH_CACHE;
        c->resp.cacheable = true;
        render_search_view(&c->opts, &s.rq, NULL, &c->resp.body);
        return FOLIO_OK;
    }
    rc = run_search(c, &s, &rr, &res, &papers, &npapers, err);
    if (rc != FOLIO_OK)
        goto out;
    if (rr.message != NULL) {
        c->resp.status = 400;
        c->resp.cache_control = "no-cache";
    } else if (rr.stopped) {
        /* partial: the next try may find more; never kept */
        c->resp.cache_control = "no-cache";
    } else {
        c->resp.cache_control = SEARCH_CACHE;
        c->resp.cacheable = true;
    }
    render_search_view(&c->opts, &s.rq, &rr, &c->resp.body);
out:
    search_results_free(res);
    for (i = 0; i < npapers; i++)
        paper_release(&papers[i]);
    free(papers);
    return rc;
}

/*
 * "http://host" from the Host header when it is a plain host[:port]
 * (letters, digits, '.', '-', ':', '[', ']'); else "http://localhost".
 */
static void feed_base(struct web_ctx *c, char *out, size_t outsz)
{
    struct str h = c->req->host;
    size_t i;
    bool ok = h.len > 0 && h.len <= MAX_HOST;

    for (i = 0; ok && i < h.len; i++) {
        char ch = h.ptr[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
             (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == ':' ||
             ch == '[' || ch == ']';
    }
    if (ok)
        (void)snprintf(out, outsz, "http://%.*s", (int)h.len, h.ptr);
    else
        (void)snprintf(out, outsz, "http://localhost");
}

enum folio_rc web_handle_search_atom(struct web_ctx *c, struct folio_err *err)
{
    struct search_req s;
    struct render_search_result rr;
    struct search_results *res = NULL;
    struct paper *papers = NULL;
    size_t npapers = 0, i;
    struct folio_err perr = { 0 };
    char base[MAX_HOST + 16];
    enum folio_rc rc;

    memset(&rr, 0, sizeof(rr));
    rc = parse_request(c, &s, &perr);
    if (rc == FOLIO_OK && !s.any)
        rc = err_set(&perr, FOLIO_ERR_INVALID, "q", "nothing to search for");
    if (rc != FOLIO_OK) {
        c->resp.status = 400;
        c->resp.content_type = "text/plain; charset=utf-8";
        c->resp.cache_control = "no-cache";
        buf_adds(&c->resp.body, perr.msg);
        buf_addc(&c->resp.body, '\n');
        return FOLIO_OK;
    }
    /* a feed is the newest matches, always */
    s.sq.sort = SEARCH_SORT_DATE_DESC;
    s.sq.offset = 0;
    s.sq.limit = FEED_ENTRIES;
    s.sq.no_facets = true;
    rc = run_search(c, &s, &rr, &res, &papers, &npapers, err);
    if (rc != FOLIO_OK)
        goto out;
    if (rr.message != NULL) {
        c->resp.status = 400;
        c->resp.content_type = "text/plain; charset=utf-8";
        c->resp.cache_control = "no-cache";
        buf_adds(&c->resp.body, rr.message);
        buf_addc(&c->resp.body, '\n');
        goto out;
    }
    feed_base(c, base, sizeof(base));
    c->resp.content_type = ATOM_TYPE;
    c->resp.cache_control = SEARCH_CACHE;
    c->resp.cacheable = true;
    render_search_atom(&c->opts, &s.rq, &rr, base, time_now_utc(),
                       &c->resp.body);
out:
    search_results_free(res);
    for (i = 0; i < npapers; i++)
        paper_release(&papers[i]);
    free(papers);
    return rc;
}

static size_t
hl_find(void *ctx, const char *text, size_t len, struct render_mark **out)
{
    struct web_highlight *h = ctx;
    struct search_mark *m = NULL;
    struct render_mark *r;
    size_t n = 0, i;

    *out = NULL;
    if (h->tk == NULL ||
        search_marks(h->tk, h->q, strlen(h->q), text, len, &m, &n, NULL) !=
            FOLIO_OK ||
        n == 0) {
        free(m);
        return 0;
    }
    r = calloc(n, sizeof(*r));
    if (r == NULL) {
        free(m);
        return 0;
    }
    for (i = 0; i < n; i++) {
        r[i].start = m[i].start;
        r[i].len = m[i].len;
    }
    free(m);
    *out = r;
    return n;
}

bool web_highlight_init(struct web_ctx *c, struct web_highlight *h)
{
    struct folio_err err = { 0 };
    const char *q = "";

    memset(h, 0, sizeof(*h));
    if (web_query_param(c, "hl", SEARCH_MAX_QUERY_BYTES, &q, &err) !=
            FOLIO_OK ||
        q[0] == '\0')
        return false;
    h->tk = store_search_tokenizer(c->st);
    if (h->tk == NULL)
        return false;
    h->q = q;
    h->hl.find = hl_find;
    h->hl.ctx = h;
    h->hl.terms = q;
    return true;
}
