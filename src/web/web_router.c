/* SPDX-License-Identifier: MIT */
/*
 * web_router.c - from a parsed request to a response: language and text
 * size negotiation, path matching against web_routes (web_route_table.c),
 * the page cache in front of cacheable handlers, and the single place
 * where a folio_rc becomes an HTTP status (STYLE.md §3 rule 7).
 */
#include "base/compat.h"

#include "web/web_int.h"

#include "base/xalloc.h"
#include "model/model.h"

#include <string.h>

static bool seg_match(enum web_seg kind,
                      const char *lit,
                      struct str seg,
                      struct web_params *p);
static bool all_digits(struct str s);
static bool parse_page_number(struct str s, int *out);
static enum web_match match_one(const struct web_route *r,
                                const struct str *segs,
                                size_t nsegs,
                                bool trailing,
                                struct str rest,
                                struct web_params *p);
static void negotiate(struct web_ctx *c);
static void
error_page(struct web_ctx *c, enum folio_rc rc, const struct folio_err *err);
static size_t cache_key(const struct web_ctx *c, char *key);

#define WEB_MAX_SEGS 8
/* the request line bounds the path */
#define WEB_KEY_MAX (WEB_MAX_REQUEST_LINE + 8)

static bool all_digits(struct str s)
{
    size_t i;

    for (i = 0; i < s.len; i++)
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
    return s.len > 0;
}

static bool parse_page_number(struct str s, int *out)
{
    int n = 0;
    size_t i;

    if ((s.len != 2 && s.len != 3) || !all_digits(s))
        return false;
    for (i = 0; i < s.len; i++)
        n = n * 10 + (s.ptr[i] - '0');
    /* 01..99 as two digits, 100..999 as three: one spelling per page */
    if (n < 1 || (s.len == 3 && n < 100))
        return false;
    *out = n;
    return true;
}

static bool seg_match(enum web_seg kind,
                      const char *lit,
                      struct str seg,
                      struct web_params *p)
{
    char tmp[MODEL_ID_MAX + 1];
    struct date d;
    size_t i;

    switch (kind) {
    case WEB_SEG_LIT:
        return str_eqs(seg, lit);
    case WEB_SEG_PAPER:
    case WEB_SEG_ARTICLE:
        if (seg.len == 0 || seg.len > MODEL_ID_MAX)
            return false;
        memcpy(tmp, seg.ptr, seg.len);
        tmp[seg.len] = '\0';
        if (!model_id_valid(tmp, kind == WEB_SEG_PAPER))
            return false;
        memcpy(kind == WEB_SEG_PAPER ? p->paper : p->article, tmp, seg.len + 1);
        return true;
    case WEB_SEG_DATE:
        if (!date_parse(seg.ptr, seg.len, &d))
            return false;
        date_format(&d, p->date);
        return true;
    case WEB_SEG_PAGE:
        return parse_page_number(seg, &p->page);
    case WEB_SEG_DATEPDF:
        if (seg.len < 5 || memcmp(seg.ptr + seg.len - 4, ".pdf", 4) != 0 ||
            !date_parse(seg.ptr, seg.len - 4, &d))
            return false;
        date_format(&d, p->date);
        return true;
    case WEB_SEG_PDF:
        if (seg.len < 5 || memcmp(seg.ptr + seg.len - 4, ".pdf", 4) != 0)
            return false;
        seg.len -= 4;
        return parse_page_number(seg, &p->page);
    case WEB_SEG_YEAR:
        if (seg.len != 4 || !all_digits(seg))
            return false;
        p->year = (seg.ptr[0] - '0') * 1000 + (seg.ptr[1] - '0') * 100 +
                  (seg.ptr[2] - '0') * 10 + (seg.ptr[3] - '0');
        /* room for the months before and after in ISO dates */
        return p->year >= 1000 && p->year <= 9998;
    case WEB_SEG_MONTH:
        if (seg.len != 2 || !all_digits(seg))
            return false;
        p->month = (seg.ptr[0] - '0') * 10 + (seg.ptr[1] - '0');
        return p->month >= 1 && p->month <= 12;
    case WEB_SEG_MEDIA: {
        static const char *const exts[] = { "png", "jpg", "gif", "webp",
                                            "pdf" };
        struct str ext;
        if (seg.len < 66 || seg.ptr[64] != '.')
            return false;
        for (i = 0; i < 64; i++) {
            char ch = seg.ptr[i];
            if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
                return false;
        }
        ext = (struct str){ seg.ptr + 65, seg.len - 65 };
        for (i = 0; i < ARRAY_SIZE(exts); i++) {
            if (str_eqs(ext, exts[i])) {
                memcpy(p->media, seg.ptr, 64);
                p->media[64] = '\0';
                memcpy(p->media_ext, ext.ptr, ext.len);
                p->media_ext[ext.len] = '\0';
                return true;
            }
        }
        return false;
    }
    case WEB_SEG_END:
    case WEB_SEG_REST:
        break;
    }
    return false;
}

static enum web_match match_one(const struct web_route *r,
                                const struct str *segs,
                                size_t nsegs,
                                bool trailing,
                                struct str rest,
                                struct web_params *p)
{
    size_t i;

    for (i = 0; i < WEB_ROUTE_MAX_SEGS && r->segs[i] != WEB_SEG_END; i++) {
        if (r->segs[i] == WEB_SEG_REST) {
            /* the rest of the path, at least one byte, after segment i-1 */
            if (i >= nsegs || rest.len == 0)
                return WEB_MATCH_NONE;
            p->rest = rest;
            return WEB_MATCH_OK;
        }
        if (i >= nsegs || !seg_match(r->segs[i], r->lit[i], segs[i], p))
            return WEB_MATCH_NONE;
    }
    if (i != nsegs)
        return WEB_MATCH_NONE;
    if (trailing == r->trailing_slash)
        return WEB_MATCH_OK;
    if (r->trailing_slash && !trailing)
        return WEB_MATCH_ADDSLASH;
    return WEB_MATCH_NONE;
}

enum web_match web_route_match(struct str path,
                               const struct web_route **route,
                               struct web_params *params)
{
    struct str segs[WEB_MAX_SEGS];
    struct str s, seg;
    size_t nsegs = 0, i;
    bool trailing;
    enum web_match best = WEB_MATCH_NONE;
    const struct web_route *best_route = NULL;
    struct web_params p, best_p;

    if (path.len == 0 || path.ptr[0] != '/')
        return WEB_MATCH_NONE;
    s = (struct str){ path.ptr + 1, path.len - 1 };
    trailing = path.ptr[path.len - 1] == '/';
    if (trailing)
        s.len = s.len ? s.len - 1 : 0;
    while (s.len || (nsegs == 0 && path.len > 1)) {
        if (nsegs == WEB_MAX_SEGS)
            return WEB_MATCH_NONE;
        (void)str_split(&s, '/', &seg);
        if (seg.len == 0)
            return WEB_MATCH_NONE; /* "//" */
        segs[nsegs++] = seg;
    }
    for (i = 0; i < web_nroutes; i++) {
        enum web_match m;
        struct str rest = { "", 0 };
        memset(&p, 0, sizeof(p));
        if (web_routes[i].segs[1] == WEB_SEG_REST && nsegs >= 2) {
            /* everything after "/lit/", trailing slash included */
            rest.ptr = segs[1].ptr;
            rest.len = (size_t)(path.ptr + path.len - segs[1].ptr);
        }
        m = match_one(&web_routes[i], segs, nsegs, trailing, rest, &p);
        if (m == WEB_MATCH_OK) {
            *route = &web_routes[i];
            *params = p;
            return WEB_MATCH_OK;
        }
        if (m == WEB_MATCH_ADDSLASH && best == WEB_MATCH_NONE) {
            best = m;
            best_route = &web_routes[i];
            best_p = p;
        }
    }
    if (best == WEB_MATCH_ADDSLASH) {
        *route = best_route;
        *params = best_p;
    }
    return best;
}

int web_status_for_rc(enum folio_rc rc)
{
    switch (rc) {
    case FOLIO_OK:
        return 200;
    case FOLIO_ERR_INVALID:
        return 400;
    case FOLIO_ERR_NOT_FOUND:
        return 404;
    case FOLIO_ERR_CONFLICT:
        return 409;
    case FOLIO_ERR_TOO_LARGE:
        return 413;
    case FOLIO_ERR_IO:
    case FOLIO_ERR_DB:
    case FOLIO_ERR_UNSUPPORTED:
        break;
    }
    return 500;
}

const char *web_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return status >= 500 ? "Internal Server Error" : "Error";
    }
}

void web_resp_init(struct web_resp *r)
{
    memset(r, 0, sizeof(*r));
    buf_init(&r->body, 64u << 20);
    buf_init(&r->headers, 8192);
}

void web_resp_release(struct web_resp *r, struct web_cache *cache)
{
    buf_release(&r->body);
    buf_release(&r->headers);
    if (r->entry)
        web_cache_unref(cache, r->entry);
    r->entry = NULL;
}

static void negotiate(struct web_ctx *c)
{
    struct str v;
    const struct http_request *rq = c->req;

    c->opts.lang = RENDER_LANG_ZH;
    c->opts.text_size = 0;
    c->opts.lang_in_query = false;
    if (web_query_get(rq->query, "lang", &v) &&
        (str_eqs(v, "en") || str_eqs(v, "zh"))) {
        c->opts.lang = str_eqs(v, "en") ? RENDER_LANG_EN : RENDER_LANG_ZH;
        c->opts.lang_in_query = true;
        c->set_lang_cookie = true;
    } else if (web_cookie_get(rq->cookie, "folio_lang", &v) &&
               (str_eqs(v, "en") || str_eqs(v, "zh"))) {
        c->opts.lang = str_eqs(v, "en") ? RENDER_LANG_EN : RENDER_LANG_ZH;
    } else {
        c->opts.lang = web_accept_language(rq->accept_language);
    }
    c->opts.spread = false;
    if (web_query_get(rq->query, "spread", &v) &&
        (str_eqs(v, "1") || str_eqs(v, "0"))) {
        c->opts.spread = str_eqs(v, "1");
        c->set_spread_cookie = true;
    } else if (web_cookie_get(rq->cookie, RENDER_SPREAD_COOKIE, &v)) {
        c->opts.spread = str_eqs(v, "1");
    }
    if (web_cookie_get(rq->cookie, "folio_ts", &v)) {
        int64_t n;
        struct str t = v;
        if (str_to_i64(&t, &n) && t.len == 0 && n >= RENDER_TEXT_SIZE_MIN &&
            n <= RENDER_TEXT_SIZE_MAX)
            c->opts.text_size = (int)n;
    }
}

static void
error_page(struct web_ctx *c, enum folio_rc rc, const struct folio_err *err)
{
    int status = web_status_for_rc(rc);
    struct web_resp *r = &c->resp;

    buf_reset(&r->body);
    r->status = status;
    r->content_type = "text/html; charset=utf-8";
    r->cache_control = "no-cache";
    r->cacheable = false;
    r->last_modified = 0;
    if (status == 500) {
        char w[256], m[512];
        log_escape(err->where, strlen(err->where), w, sizeof(w));
        log_escape(err->msg, strlen(err->msg), m, sizeof(m));
        log_error(c->lg, "status=500 rc=%s where=%s msg=%s", err_rc_name(rc), w,
                  m);
    }
    if (status == 404) {
        struct paper paper = { 0 };
        char latest[11] = "";
        bool have = false;
        if (c->params.paper[0] &&
            store_paper_get(c->st, c->params.paper, &paper, NULL) == FOLIO_OK) {
            have = true;
            if (store_issue_latest(c->st, c->params.paper, latest, NULL) !=
                FOLIO_OK)
                latest[0] = '\0';
        }
        if (web_path_is_api(c->req->path)) {
            paper_release(&paper);
            web_api_error_body(r, 404, "not found");
            return;
        }
        render_not_found(&c->opts, have ? &paper : NULL,
                         latest[0] ? latest : NULL,
                         err->msg[0] ? err->msg : "page", &r->body);
        paper_release(&paper);
    } else if (web_path_is_api(c->req->path)) {
        /* an internal error's text stays in the log */
        web_api_error_body(r, status, status >= 500 ? NULL : err->msg);
    } else {
        render_error(&c->opts, status, &r->body);
    }
}

/*
 * "path|lang|size|q spread" into key (WEB_KEY_MAX bytes); returns its length.
 * No allocation and no printf: this runs for every request.
 */
static size_t cache_key(const struct web_ctx *c, char *key)
{
    size_t n = c->req->path.len;
    struct str hl;

    memcpy(key, c->req->path.ptr, n);
    key[n++] = '|';
    key[n++] = (char)('0' + (int)c->opts.lang);
    key[n++] = '|';
    key[n++] = (char)('2' + c->opts.text_size);
    key[n++] = '|';
    key[n++] = c->opts.lang_in_query ? '1' : '0';
    key[n++] = c->opts.spread ? 's' : '-';
    if (c->route->id == WEB_ROUTE_SEARCH ||
        c->route->id == WEB_ROUTE_SEARCH_ATOM ||
        web_query_get(c->req->query, "hl", &hl)) {
        /*
         * The answer depends on the query string: key on all of it. The
         * request line bounds path + query (WEB_MAX_REQUEST_LINE), so
         * the key still fits WEB_KEY_MAX.
         */
        key[n++] = '?';
        memcpy(key + n, c->req->query.ptr, c->req->query.len);
        n += c->req->query.len;
    }
    return n;
}

void web_dispatch(struct web_ctx *c)
{
    const struct http_request *rq = c->req;
    struct web_resp *r = &c->resp;
    struct folio_err err = { 0 };
    enum folio_rc rc;
    enum web_match m;
    char key[WEB_KEY_MAX];
    size_t key_len = 0;

    negotiate(c);
    c->opts.path = arena_strndup(c->arena, rq->path.ptr, rq->path.len);
    if (c->set_lang_cookie) {
        /* a response that sets a cookie must not sit in a shared cache */
        r->private_cache = true;
        buf_addf(&r->headers,
                 "Set-Cookie: folio_lang=%s; Path=/; Max-Age=31536000; "
                 "SameSite=Lax\r\n",
                 c->opts.lang == RENDER_LANG_EN ? "en" : "zh");
    }
    if (c->set_spread_cookie) {
        r->private_cache = true;
        buf_addf(&r->headers,
                 "Set-Cookie: " RENDER_SPREAD_COOKIE
                 "=%d; Path=/; Max-Age=31536000; SameSite=Lax\r\n",
                 c->opts.spread ? 1 : 0);
    }
    if (rq->method == HTTP_METHOD_OTHER) {
        r->status = 405;
        r->close = true;
        buf_adds(&r->headers, "Allow: GET, HEAD\r\n");
        r->content_type = "text/html; charset=utf-8";
        render_error(&c->opts, 405, &r->body);
        goto out;
    }
    memset(&c->params, 0, sizeof(c->params));
    m = web_route_match(rq->path, &c->route, &c->params);
    if (m == WEB_MATCH_NONE && web_legacy_redirect(c))
        goto out;
    if (m == WEB_MATCH_NONE) {
        rc = err_set(&err, FOLIO_ERR_NOT_FOUND, NULL, "page");
        error_page(c, rc, &err);
        goto out;
    }
    if (m == WEB_MATCH_ADDSLASH) {
        r->status = 301;
        buf_adds(&r->headers, "Location: ");
        buf_add(&r->headers, rq->path.ptr, rq->path.len);
        buf_addc(&r->headers, '/');
        if (rq->query.len) {
            buf_addc(&r->headers, '?');
            buf_add(&r->headers, rq->query.ptr, rq->query.len);
        }
        buf_adds(&r->headers, "\r\n");
        goto out;
    }
    if (c->route->cacheable) {
        key_len = cache_key(c, key);
        r->entry = web_cache_get(c->cache, key, key_len);
        if (r->entry) {
            r->status = r->entry->status;
            goto out;
        }
    }
    rc = c->route->handler(c, &err);
    if (rc == FOLIO_OK && buf_status(&r->body) != FOLIO_OK)
        rc = err_set(&err, FOLIO_ERR_TOO_LARGE, rq->path.len ? "page" : "",
                     "rendered page too large");
    if (rc != FOLIO_OK) {
        error_page(c, rc, &err);
        goto out;
    }
    if (r->status == 0)
        r->status = 200;
    if (r->cacheable && r->status == 200 && c->route->cacheable && key_len) {
        r->entry = web_cache_entry_new(key, key_len, 200, r->content_type,
                                       r->cache_control, r->last_modified,
                                       r->body.data, r->body.len);
        web_cache_put(c->cache, r->entry);
        buf_release(&r->body);
    }
out:
    return;
}
