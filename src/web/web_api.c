/* SPDX-License-Identifier: MIT */
/*
 * web_api.c - the reader site's JSON API: /api/v1/search, the same
 * store_search() as /search and `folio search`, for scripts and other
 * front ends (docs/search.md, "JSON API").
 *
 * Every parameter is size-capped and checked here; the query text goes to
 * store_search() untouched (the search core escapes it). A refused query
 * or parameter is a 400 with {"error": "..."}; a search stopped by its
 * time limit is a 200 with what it found and "stopped": true plus a
 * message. Only store failures reach the router's generic 500.
 *
 * JSON is built with jansson. render's string escaper is json_quote();
 * jansson's json_string() is not called here (json_stringn() takes the
 * length and never needs strlen over a slice).
 */
#include "base/compat.h"

#include "web/web_int.h"

#include "base/date.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define API_TYPE      "application/json; charset=utf-8"
#define API_CACHE     "public, max-age=60"
#define API_MAX_FIELD 256    /* bytes of a filter value */
#define API_MAX_LIMIT 100    /* hits per request */
#define API_MAX_SKIP  100000 /* offset */

static enum folio_rc api_uint(struct web_ctx *c,
                              const char *name,
                              long long lo,
                              long long hi,
                              long long *out,
                              struct folio_err *err);
static enum folio_rc
api_request(struct web_ctx *c, struct search_query *q, struct folio_err *err);
static json_t *jstr(const char *s);
static json_t *hit_json(const struct search_hit *h, const char *q);
static json_t *facets_json(const struct search_facet *f, size_t n);
static void api_send(struct web_ctx *c, int status, json_t *root);
static void api_error(struct web_ctx *c, const char *msg);

/* An integer parameter in lo..hi; *out untouched when absent. */
static enum folio_rc api_uint(struct web_ctx *c,
                              const char *name,
                              long long lo,
                              long long hi,
                              long long *out,
                              struct folio_err *err)
{
    const char *v = "";
    struct str t;
    int64_t n;
    enum folio_rc rc;

    rc = web_query_param(c, name, 12, &v, err);
    if (rc != FOLIO_OK || v[0] == '\0')
        return rc;
    t = str_from(v);
    if (!str_to_i64(&t, &n) || t.len != 0 || n < lo || n > hi)
        return err_set(err, FOLIO_ERR_INVALID, name,
                       "'%s' must be a number from %lld to %lld", name, lo, hi);
    *out = (long long)n;
    return FOLIO_OK;
}

/*
 * The query of one request: q, paper, from, to, page (number or 版名),
 * byline, md, sort (relevance, date, date-asc), offset, limit (1..100,
 * default 10).
 */
static enum folio_rc
api_request(struct web_ctx *c, struct search_query *q, struct folio_err *err)
{
    const char *text = "", *paper = "", *from = "", *to = "", *page = "";
    const char *byline = "", *md = "", *sort = "";
    long long offset = 0, limit = 10;
    struct date d;
    struct str t;
    int64_t n;
    enum folio_rc rc;

    rc = web_query_param(c, "q", SEARCH_MAX_QUERY_BYTES, &text, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "paper", MODEL_ID_MAX, &paper, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "from", 10, &from, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "to", 10, &to, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "page", API_MAX_FIELD, &page, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "byline", API_MAX_FIELD, &byline, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "md", 5, &md, err);
    if (rc == FOLIO_OK)
        rc = web_query_param(c, "sort", 16, &sort, err);
    if (rc == FOLIO_OK)
        rc = api_uint(c, "offset", 0, API_MAX_SKIP, &offset, err);
    if (rc == FOLIO_OK)
        rc = api_uint(c, "limit", 1, API_MAX_LIMIT, &limit, err);
    if (rc != FOLIO_OK)
        return rc;
    if (paper[0] && !model_id_valid(paper, true))
        return err_set(err, FOLIO_ERR_INVALID, "paper", "no paper '%s'", paper);
    if (from[0] && !date_parse(from, strlen(from), &d))
        return err_set(err, FOLIO_ERR_INVALID, "from",
                       "'from' must be a date YYYY-MM-DD");
    if (to[0] && !date_parse(to, strlen(to), &d))
        return err_set(err, FOLIO_ERR_INVALID, "to",
                       "'to' must be a date YYYY-MM-DD");
    if (md[0]) {
        bool ok = strlen(md) == 5 && md[2] == '-';
        size_t i;
        for (i = 0; ok && i < 5; i++)
            ok = i == 2 || (md[i] >= '0' && md[i] <= '9');
        if (!ok || !date_valid(2000, (md[0] - '0') * 10 + (md[1] - '0'),
                               (md[3] - '0') * 10 + (md[4] - '0')))
            return err_set(err, FOLIO_ERR_INVALID, "md",
                           "'md' must be a month and day MM-DD");
    }
    memset(q, 0, sizeof(*q));
    if (strcmp(sort, "date") == 0)
        q->sort = SEARCH_SORT_DATE_DESC;
    else if (strcmp(sort, "date-asc") == 0)
        q->sort = SEARCH_SORT_DATE_ASC;
    else if (sort[0] && strcmp(sort, "relevance") != 0)
        return err_set(err, FOLIO_ERR_INVALID, "sort",
                       "'sort' must be relevance, date or date-asc");
    if (page[0]) {
        /* a page number, or else a page name (版名) */
        t = str_from(page);
        if (str_to_i64(&t, &n) && t.len == 0) {
            if (n < 1 || n > MODEL_MAX_PAGES)
                return err_set(err, FOLIO_ERR_INVALID, "page", "no page %lld",
                               (long long)n);
            q->page = (int)n;
        } else {
            q->page_name = page;
        }
    }
    if (!text[0] && !paper[0] && !from[0] && !to[0] && !page[0] && !byline[0] &&
        !md[0])
        return err_set(err, FOLIO_ERR_INVALID, "q", "nothing to search for");
    q->q = text;
    q->paper = paper;
    q->date_from = from;
    q->date_to = to;
    q->month_day = md;
    q->byline = byline;
    q->offset = (size_t)offset;
    q->limit = (size_t)limit;
    return FOLIO_OK;
}

/* A JSON string of s (NULL gives null). */
static json_t *jstr(const char *s)
{
    return s ? json_stringn(s, strlen(s)) : json_null();
}

static json_t *hit_json(const struct search_hit *h, const char *q)
{
    struct buf url = BUF_INIT(16384);
    json_t *o = json_object(), *marks = json_array();
    size_t i;

    (void)json_object_set_new(o, "paper", jstr(h->paper));
    (void)json_object_set_new(o, "date", jstr(h->date));
    (void)json_object_set_new(o, "page", json_integer(h->page));
    (void)json_object_set_new(o, "page_name", jstr(h->page_name));
    (void)json_object_set_new(o, "article", jstr(h->article));
    (void)json_object_set_new(o, "headline", jstr(h->headline));
    (void)json_object_set_new(o, "snippet", jstr(h->snippet));
    for (i = 0; i < h->nmarks; i++)
        (void)json_array_append_new(
            marks, json_pack("[I, I]", (json_int_t)h->marks[i].start,
                             (json_int_t)h->marks[i].len));
    (void)json_object_set_new(o, "marks", marks);
    buf_addf(&url, "/%s/%s/%02d/", h->paper, h->date, h->page);
    if (h->article)
        url_component(&url, h->article);
    else
        buf_adds(&url, "text"); /* a page's text: its text view */
    if (q && q[0]) {
        buf_adds(&url, "?hl=");
        url_component(&url, q);
    }
    if (buf_status(&url) == FOLIO_OK)
        (void)json_object_set_new(o, "url", json_stringn(url.data, url.len));
    buf_release(&url);
    return o;
}

static json_t *facets_json(const struct search_facet *f, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        (void)json_array_append_new(a, json_pack("{s:s%, s:I}", "key", f[i].key,
                                                 strlen(f[i].key), "count",
                                                 (json_int_t)f[i].count));
    return a;
}

/* Serialise root (consumed) as the response body with status. */
static void api_send(struct web_ctx *c, int status, json_t *root)
{
    char *s = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(6));

    c->resp.status = status;
    c->resp.content_type = API_TYPE;
    if (s != NULL) {
        buf_adds(&c->resp.body, s);
        buf_addc(&c->resp.body, '\n');
    }
    free(s);
    json_decref(root);
}

bool web_path_is_api(struct str path)
{
    return path.len >= 5 && memcmp(path.ptr, "/api/", 5) == 0;
}

void web_api_error_body(struct web_resp *r, int status, const char *msg)
{
    json_t *root = json_object();
    char *s;

    (void)json_object_set_new(root, "error",
                              jstr(msg && msg[0] ? msg : web_reason(status)));
    (void)json_object_set_new(root, "status", json_integer(status));
    s = json_dumps(root, JSON_COMPACT);
    buf_reset(&r->body);
    r->status = status;
    r->content_type = API_TYPE;
    r->cache_control = "no-cache";
    if (s != NULL) {
        buf_adds(&r->body, s);
        buf_addc(&r->body, '\n');
    }
    free(s);
    json_decref(root);
}

static void api_error(struct web_ctx *c, const char *msg)
{
    json_t *root = json_object();

    (void)json_object_set_new(root, "error", jstr(msg));
    c->resp.cache_control = "no-cache";
    api_send(c, 400, root);
}

enum folio_rc web_handle_api_search(struct web_ctx *c, struct folio_err *err)
{
    struct search_query q;
    struct search_results *res = NULL;
    struct folio_err qerr = { 0 };
    json_t *root = NULL, *hits = NULL, *facets = NULL;
    enum folio_rc rc;
    size_t i;

    rc = api_request(c, &q, &qerr);
    if (rc != FOLIO_OK) {
        api_error(c, qerr.msg);
        return FOLIO_OK;
    }
    rc = store_search(c->st, &q, &res, &qerr);
    if (rc == FOLIO_ERR_INVALID || rc == FOLIO_ERR_TOO_LARGE) {
        api_error(c, qerr.msg);
        rc = FOLIO_OK;
        goto out;
    }
    if (rc != FOLIO_OK) {
        *err = qerr;
        goto out;
    }
    root = json_object();
    (void)json_object_set_new(root, "total",
                              json_integer((json_int_t)res->total));
    (void)json_object_set_new(root, "total_exact",
                              json_boolean(res->total_exact));
    (void)json_object_set_new(root, "offset",
                              json_integer((json_int_t)res->offset));
    if (res->stopped) {
        (void)json_object_set_new(root, "stopped", json_true());
        (void)json_object_set_new(root, "message", jstr(res->note));
    }
    hits = json_array();
    for (i = 0; i < res->nhits; i++)
        (void)json_array_append_new(hits, hit_json(&res->hits[i], q.q));
    (void)json_object_set_new(root, "hits", hits);
    facets = json_object();
    (void)json_object_set_new(facets, "years",
                              facets_json(res->years, res->nyears));
    (void)json_object_set_new(facets, "papers",
                              facets_json(res->papers, res->npapers));
    (void)json_object_set_new(root, "facets", facets);
    if (res->facets_over > 0)
        (void)json_object_set_new(root, "facets_over",
                                  json_integer((json_int_t)res->facets_over));
    (void)json_object_set_new(root, "elapsed_ms", json_real(res->elapsed_ms));
    /* a stopped search may finish next time: do not let it be cached */
    c->resp.cache_control = res->stopped ? "no-cache" : API_CACHE;
    api_send(c, 200, root);
out:
    search_results_free(res);
    return rc;
}
