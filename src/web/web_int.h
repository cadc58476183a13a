/*
 * web_int.h - types shared inside the web module: the strict HTTP/1.1
 * request parser (web_http_parse.c), content negotiation and conditional
 * requests (web_negotiate.c), the rendered-page cache (web_cache.c), the
 * router (web_router.c, web_route_table.c) and the access log.
 *
 * Adding a route: 3 steps
 *  1. write `enum folio_rc web_handle_x(struct web_ctx *c, struct
 *     folio_err *err)` in web_handlers.c (declared below) that fills
 *     c->resp, or returns an error code that web_router.c maps to a status;
 *  2. add a row to web_routes[] in web_route_table.c (segment kinds, trailing
 *     slash, cacheable) and an id to enum web_route_id;
 *  3. add cases to tests/unit/web/test_router.c and t0200-web-serve.sh.
 */
#ifndef FOLIO_WEB_INT_H
#define FOLIO_WEB_INT_H

#include "base/compat.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "render/render.h"
#include "store/store.h"
#include "web/web.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits (nginx-like; RFC 9112 §3 and §5 leave them to the server). */
#define WEB_MAX_REQUEST_LINE 8192  /* bytes, excluding CRLF; else 414 */
#define WEB_MAX_HEADER_BYTES 16384 /* all field lines; else 431 */
#define WEB_MAX_HEADER_COUNT 100   /* field lines; else 431 */
#define WEB_MAX_BODY_BYTES   16384 /* GET/HEAD body read and dropped; 413 */

/* ---- request parser (web_http_parse.c) ---- */

enum http_method { HTTP_METHOD_GET, HTTP_METHOD_HEAD, HTTP_METHOD_OTHER };

enum http_parse_result {
    HTTP_PARSE_OK,         /* a whole request; req->consumed bytes */
    HTTP_PARSE_INCOMPLETE, /* need more bytes */
    HTTP_PARSE_ERROR,      /* req->error_status holds 400/413/414/431/505 */
};

/* A parsed request. Every slice points into the caller's input buffer. */
struct http_request {
    enum http_method method;
    struct str method_name;
    struct str target; /* raw request-target as sent */
    struct str path;   /* origin-form path (absolute-form host stripped) */
    struct str query;  /* after '?', without it; empty when absent */
    int minor_version; /* 0 or 1 (HTTP/1.x) */
    bool keep_alive;   /* after Connection and version defaults */
    bool has_host;
    struct str host;
    struct str accept; /* media types (page image negotiation) */
    struct str accept_encoding;
    struct str accept_language;
    struct str cookie;
    struct str if_none_match;
    struct str if_modified_since;
    struct str user_agent;
    struct str referer;
    uint64_t content_length; /* body bytes that followed (discarded) */
    size_t consumed;         /* header block plus body bytes */
    int error_status;        /* on HTTP_PARSE_ERROR */
    const char *error_msg;   /* static text for the log */
};

/*
 * Parse one request at the start of data[0..len). Accepts only what nginx
 * accepts unambiguously (see the rules in web_http_parse.c): ambiguous
 * framing is HTTP_PARSE_ERROR with status 400, never a guess.
 * Methods other than GET/HEAD parse fine (method HTTP_METHOD_OTHER); the
 * caller answers 405 and closes.
 * Standard: RFC 9112 §2-§7, RFC 9110 §5 and §7.2.
 */
enum http_parse_result
http_parse_request(const char *data, size_t len, struct http_request *req);

/* ---- negotiation (web_negotiate.c) ---- */

enum web_encoding { WEB_ENC_IDENTITY = 0, WEB_ENC_GZIP = 1, WEB_ENC_BR = 2 };

/*
 * Pick the best encoding the Accept-Encoding value allows among those
 * available (bitmask of 1 << enum web_encoding): br > gzip > identity;
 * q=0 refuses; "*" covers codings not named. Standard: RFC 9110 §12.5.3.
 */
enum web_encoding web_accept_encoding(struct str value, unsigned available);

/*
 * Language from an Accept-Language value: English when the highest-q
 * range (first on ties) is "en" or starts with "en-", else Chinese.
 * Standard: RFC 9110 §12.5.4.
 */
enum render_lang web_accept_language(struct str value);

/*
 * Find cookie name in a Cookie header value (RFC 6265 §5.4 syntax:
 * "a=1; b=2"); *out gets the value (quotes kept). Returns false if absent.
 */
bool web_cookie_get(struct str header, const char *name, struct str *out);

/*
 * Find query parameter name in a query string ("a=1&b=2") with its raw
 * (still percent-encoded) value. Returns false if absent.
 */
bool web_query_get(struct str query, const char *name, struct str *out);

struct web_ctx;

/*
 * Decoded value of query parameter name of c's request ("" when absent):
 * '+' is a space (HTML form encoding), then %XX; at most max bytes after
 * decoding. *out is allocated from c->arena.
 * Errors: FOLIO_ERR_INVALID (too long, bad percent-encoding; where = name).
 */
FOLIO_MUST_USE enum folio_rc web_query_param(struct web_ctx *c,
                                             const char *name,
                                             size_t max,
                                             const char **out,
                                             struct folio_err *err);

/*
 * Percent-decode src into out (size outsz, NUL-terminated). Returns false
 * when a '%' is not followed by two hex digits, a NUL would result, or out
 * is too small. '+' is kept as '+'.
 */
bool web_percent_decode(struct str src, char *out, size_t outsz);

/*
 * true when an If-None-Match value matches etag (a quoted strong tag):
 * "*" or any listed tag equal under weak comparison (RFC 9110 §13.1.2,
 * §8.8.3.2).
 */
bool web_etag_match(struct str if_none_match, const char *etag);

/*
 * true when back is a safe local redirect target for /_textsize: starts
 * with exactly one '/', no '\\', no CTL/space. Refuses "//evil.com",
 * "/\\evil.com", "https://x" (open-redirect guard).
 */
bool web_local_path_ok(const char *back);

/*
 * Re-encode a decoded local path (with query) for a Location field: bytes
 * outside RFC 3986 pchar / "/" / "?" and any '%' not starting a valid
 * escape become %XX (upper-case hex), so raw UTF-8, quotes, '<', '#' and
 * CTLs never reach the header. Returns false (out unspecified) when out
 * (size outsz, NUL-terminated) is too small.
 */
bool web_location_escape(const char *path, char *out, size_t outsz);

/*
 * true when a GET may answer 304 for If-Modified-Since value ims: ims is
 * an HTTP-date in any of the three forms (IMF-fixdate, rfc850-date with a
 * two-digit year, asctime; RFC 9110 §5.6.7), last_modified (seconds,
 * UTC, > 0) is not after it, and it is not after now (a date in the
 * future proves nothing, as in nginx). Standard: RFC 9110 §13.1.3.
 */
bool web_not_modified(struct str ims, int64_t last_modified, int64_t now);

/* ---- rendered-page cache (web_cache.c) ---- */

/* One cached response: identity, gzip and brotli bodies of one page. */
struct web_cache_entry {
    char *key;
    size_t key_len;
    int status;
    const char *content_type; /* static string */
    const char *cache_control;
    int64_t last_modified;       /* 0 = none */
    char etag[24];               /* "\"<16 hex>\"" of the identity body */
    char etags[3][32];           /* per encoding: etag, "\"<hex>-gz\"", "-br" */
    char last_modified_http[30]; /* IMF-fixdate, "" when none */
    struct {
        char *data;
        size_t len;
    } body[3]; /* by enum web_encoding; gzip/br NULL when not smaller */
    size_t size_bytes;
    unsigned refs; /* guarded by the cache lock */
    bool linked;   /* still in the table */
    struct web_cache_entry *hnext;
    struct web_cache_entry *lru_prev, *lru_next;
};

struct web_cache {
    pthread_mutex_t lock;
    struct web_cache_entry **table;
    size_t nbuckets;
    struct web_cache_entry *lru_head; /* most recent */
    struct web_cache_entry *lru_tail;
    size_t size_bytes;
    size_t max_bytes;
    size_t nentries;
    uint64_t hits, misses, evictions;
};

/* Initialise an empty cache bounded to max_bytes (bodies and keys). */
void web_cache_init(struct web_cache *c, size_t max_bytes);
/* Drop every entry (referenced ones are freed on their last release). */
void web_cache_clear(struct web_cache *c);
/* Free everything; no entries may still be referenced. */
void web_cache_release(struct web_cache *c);
/*
 * Look key up. On a hit returns the entry with a reference taken (release
 * with web_cache_unref); NULL on a miss.
 */
struct web_cache_entry *
web_cache_get(struct web_cache *c, const char *key, size_t key_len);
/*
 * Build an entry from an identity body (copied), computing its ETag and
 * its gzip (zlib level 9) and brotli (quality 9) forms once. Returns it
 * with one reference held by the caller, not yet in any cache.
 */
struct web_cache_entry *web_cache_entry_new(const char *key,
                                            size_t key_len,
                                            int status,
                                            const char *content_type,
                                            const char *cache_control,
                                            int64_t last_modified,
                                            const char *body,
                                            size_t len);
/*
 * Insert e (replacing an entry of the same key), evicting least recently
 * used entries to stay under max_bytes. Entries larger than a quarter of
 * max_bytes are not kept. The caller's reference stays with the caller.
 */
void web_cache_put(struct web_cache *c, struct web_cache_entry *e);
/* Drop one reference; frees the entry when unlinked and unreferenced. */
void web_cache_unref(struct web_cache *c, struct web_cache_entry *e);

/* Strong ETag of bytes: "\"<16 lowercase hex>\"" into out (>= 24 bytes). */
void web_etag_of(const void *data, size_t len, char out[24]);

/* ---- router (web_router.c, web_route_table.c) ---- */

enum web_seg {
    WEB_SEG_END = 0,
    WEB_SEG_LIT,     /* the literal in route.lit[i] */
    WEB_SEG_PAPER,   /* paper id: [a-z0-9_-] */
    WEB_SEG_DATE,    /* YYYY-MM-DD, a real date */
    WEB_SEG_PAGE,    /* NN (01..99) or NNN (100..999) */
    WEB_SEG_PDF,     /* NN.pdf */
    WEB_SEG_ARTICLE, /* article id */
    WEB_SEG_YEAR,    /* YYYY */
    WEB_SEG_MONTH,   /* MM, 01..12 */
    WEB_SEG_MEDIA,   /* 64 hex + "." + png|jpg|gif|webp|pdf */
    WEB_SEG_REST,    /* one or more further segments (static assets) */
    WEB_SEG_DATEPDF, /* YYYY-MM-DD.pdf (whole-issue PDF) */
};

#define WEB_ROUTE_MAX_SEGS 5

struct web_ctx;
typedef enum folio_rc web_handler_fn(struct web_ctx *c, struct folio_err *err);

enum web_route_id {
    WEB_ROUTE_ROOT,
    WEB_ROUTE_TEXTSIZE,
    WEB_ROUTE_MEDIA,
    WEB_ROUTE_STATIC,
    WEB_ROUTE_PAPER,
    WEB_ROUTE_ISSUE,
    WEB_ROUTE_PAGE,
    WEB_ROUTE_PDF,
    WEB_ROUTE_ARTICLE,
    WEB_ROUTE_CALENDAR,
    WEB_ROUTE_SEARCH,
    WEB_ROUTE_SEARCH_ATOM,
    WEB_ROUTE_PAGE_IMAGE,
    WEB_ROUTE_IIIF,
    WEB_ROUTE_ISSUE_PDF,
    WEB_ROUTE_PAGE_TEXT,  /* /{paper}/{date}/{NN}/text (web_archive.c) */
    WEB_ROUTE_ONI,        /* /lccn/... Open ONI URLs (web_archive.c) */
    WEB_ROUTE_API_SEARCH, /* /api/v1/search JSON (web_api.c) */
};

struct web_route {
    enum web_route_id id;
    web_handler_fn *handler;
    enum web_seg segs[WEB_ROUTE_MAX_SEGS];
    const char *lit[WEB_ROUTE_MAX_SEGS];
    bool trailing_slash; /* the canonical form ends with '/' */
    bool cacheable;      /* 200 responses go to the page cache */
};

extern const struct web_route web_routes[];
extern const size_t web_nroutes;

/* Values captured from the path. */
struct web_params {
    char paper[MODEL_ID_MAX + 1];
    char date[11];
    int page;
    char article[MODEL_ID_MAX + 1];
    int year, month;
    char media[65];
    char media_ext[5];
    struct str rest; /* after "/static/" */
};

enum web_match {
    WEB_MATCH_NONE,     /* 404 */
    WEB_MATCH_OK,       /* *route and *params set */
    WEB_MATCH_ADDSLASH, /* 301 to path + "/" */
};

/*
 * Match a decoded-free origin-form path against web_routes. Paths are
 * matched byte for byte (no percent-decoding: folio's URLs are ASCII).
 */
enum web_match web_route_match(struct str path,
                               const struct web_route **route,
                               struct web_params *params);

/* What a handler produces; the server turns it into bytes. */
struct web_resp {
    int status;
    const char *content_type;      /* static string; NULL = no body type */
    const char *cache_control;     /* static string or NULL */
    int64_t last_modified;         /* 0 = none */
    char etag[80];                 /* "" = none (cached entries carry theirs) */
    struct buf body;               /* identity body when entry == NULL */
    struct buf headers;            /* extra "Name: value\r\n" lines */
    struct web_cache_entry *entry; /* cached body; a reference is held */
    bool cacheable;                /* insert a 200 body into the cache */
    void *map;                     /* mmap'd media body, or NULL */
    size_t map_len;
    bool close;         /* close the connection afterwards */
    bool private_cache; /* carries Set-Cookie: no shared caching */
};

/* Everything one request sees. Arena-scoped fields die with the request. */
struct web_ctx {
    const struct web_config *cfg;
    struct store *st; /* this thread's read-only connection */
    struct web_cache *cache;
    struct log *lg;
    struct arena *arena;
    const struct http_request *req;
    const struct web_route *route;
    struct web_params params;
    struct render_opts opts;
    bool set_lang_cookie;   /* ?lang= was given: remember it */
    bool set_spread_cookie; /* ?spread= was given: remember it */
    struct web_resp resp;
};

void web_resp_init(struct web_resp *r);
/* Free the bodies and drop the cache reference (not the mapping). */
void web_resp_release(struct web_resp *r, struct web_cache *cache);

/*
 * Answer one parsed request: negotiate language and text size, route,
 * consult the cache, run the handler, map errors to status pages. Fills
 * c->resp. Never fails: errors become 4xx/5xx responses.
 */
void web_dispatch(struct web_ctx *c);

/* Is path (origin-form, not decoded) under /api/, where answers are JSON? */
bool web_path_is_api(struct str path);

/*
 * The API's answer for an error: r's body replaced by {"error": msg,
 * "status": status} (msg NULL: the reason phrase), JSON content type,
 * no-cache. For requests under /api/ that fail before or outside their
 * handler (bad request line, 404, 414, 500), so clients parse one format.
 */
void web_api_error_body(struct web_resp *r, int status, const char *msg);

web_handler_fn web_handle_root, web_handle_textsize, web_handle_media,
    web_handle_static, web_handle_paper, web_handle_issue, web_handle_page,
    web_handle_pdf, web_handle_article, web_handle_calendar;

/* ---- search (web_search.c) ---- */

/* /search (results page) and /search.atom (feed of a saved search). */
web_handler_fn web_handle_search, web_handle_search_atom;

/* Terms of ?hl= to mark in an article or on a page image. */
struct web_highlight {
    struct render_highlight hl;  /* what the renderers get (ctx = this) */
    struct search_tokenizer *tk; /* the store connection's, borrowed */
    const char *q;               /* decoded ?hl= value, in the arena */
};

/*
 * Fill h from the request's ?hl= (the query text of a search; decoded,
 * capped at SEARCH_MAX_QUERY_BYTES, held in c->arena). Returns false
 * (nothing to mark) when absent, empty or malformed. h must stay in place
 * while h->hl is used (h->hl.ctx points at it); nothing to release.
 */
bool web_highlight_init(struct web_ctx *c, struct web_highlight *h);

/* ---- library archives (web_archive.c) ---- */

/*
 * /{paper}/{date}/{NN}/text: the page text view (render_page_text_view);
 * /lccn/{lccn}/{date}/ed-{n}/seq-{m}/[ocr/] (and /lccn/{lccn}/,
 * .../ed-{n}/, .../seq-{m}.pdf): 301 to folio's URL of that published
 * issue, page, text view or PDF; 404 when it is not here.
 */
web_handler_fn web_handle_page_text, web_handle_oni;

/* ---- JSON API (web_api.c) ---- */

/*
 * /api/v1/search?q=&paper=&from=&to=&page=&byline=&md=&sort=&offset=
 * &limit=: store_search() as application/json; 400 {"error": "..."} for a
 * refused query or parameter; a search stopped by its time limit is a 200
 * with "stopped": true and "message".
 */
web_handler_fn web_handle_api_search;

/* ---- page replica (web_pages.c) ---- */

/*
 * /img/<sha>/<size>[.webp|.jpg] (derivatives, Accept-negotiated without
 * an extension), /iiif/<sha>/info.json and tiles (IIIF Image API 3.0
 * level 0), /<paper>/<date>.pdf (the issue's page PDFs joined with qpdf,
 * cached under DIR/derived/issues/).
 */
web_handler_fn web_handle_page_image, web_handle_iiif, web_handle_issue_pdf;

/*
 * An old Founder e-paper path (below cfg->legacy_prefix) of a published
 * issue: fill c->resp with a 301 to its new URL and return true; false
 * (c untouched) for any other path (web_legacy.c).
 */
bool web_legacy_redirect(struct web_ctx *c);

/* HTTP status for a folio_rc: the one mapping of the web surface. */
int web_status_for_rc(enum folio_rc rc);

/* Reason phrase for a status code ("Not Found"). */
const char *web_reason(int status);

/* ---- access log (web_access_log.c) ---- */

/*
 * Append one combined-log-like line to f:
 *   127.0.0.1 - - [29/Nov/2026:12:00:01 +0000] "GET / HTTP/1.1" 302 0 "ref"
 * "ua" Client-supplied fields are escaped with log_escape. f may be NULL.
 */
void web_access_log(FILE *f,
                    const char *peer,
                    int64_t now_utc,
                    struct str method,
                    struct str target,
                    int minor_version,
                    int status,
                    size_t body_bytes,
                    struct str referer,
                    struct str user_agent);

#endif
