/* SPDX-License-Identifier: MIT */
/*
 * web_http_parse.c - a strict HTTP/1.1 request parser (request line and
 * header fields). It never guesses at framing: every ambiguity that could
 * let a proxy and folio disagree about where a request ends is a 400, as
 * nginx answers (RFC 9112 §6.3, §11.2 "request smuggling"):
 *
 *   Content-Length with Transfer-Encoding, two Content-Lengths, any
 *   Transfer-Encoding on GET/HEAD, obs-fold (a field line starting with SP
 *   or HT), whitespace or NUL before the colon, CTL/NUL in a field, no Host
 *   on HTTP/1.1, two Hosts, a bad request-target.
 *
 * Limits: request line > 8 KiB is 414; header block > 16 KiB or > 100 fields
 * is 431; HTTP versions other than 1.0/1.1 are 505; a body on GET/HEAD over
 * 16 KiB is 413 (smaller ones are read and dropped).
 * Lines end with CRLF or a bare LF (RFC 9112 §2.2 allows the latter); a
 * bare CR is a 400. Empty lines before the request line are skipped.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include <string.h>

static bool is_tchar(unsigned char c);
static void
note_api_target(const char *p, const char *end, struct http_request *req);
static bool hexdig(unsigned char c);
static const char *find_lf(const char *p, const char *end);
static enum http_parse_result
fail(struct http_request *req, int status, const char *msg);
static bool parse_request_line(struct str line, struct http_request *req);
static bool parse_target(struct str t, struct http_request *req);
static enum http_parse_result parse_field(struct str line,
                                          struct http_request *req,
                                          bool *seen_cl,
                                          bool *seen_te);
static bool parse_connection(struct str v, struct http_request *req);
static bool host_ok(struct str v);
static bool request_line_prefix_ok(const char *p, size_t n);

static bool is_tchar(unsigned char c)
{
    /* RFC 9110 §5.6.2 token characters */
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
        (c >= 'A' && c <= 'Z'))
        return true;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static const char *find_lf(const char *p, const char *end)
{
    if (p >= end)
        return NULL;
    return memchr(p, '\n', (size_t)(end - p));
}

static enum http_parse_result
fail(struct http_request *req, int status, const char *msg)
{
    req->error_status = status;
    req->error_msg = msg;
    return HTTP_PARSE_ERROR;
}

/*
 * A request line too long to parse whose target begins with /api/: note
 * that much of it in req->path, so the error is answered as JSON.
 */
static void
note_api_target(const char *p, const char *end, struct http_request *req)
{
    const char *sp =
        memchr(p, ' ', (size_t)(end - p) < 16 ? (size_t)(end - p) : 16);

    if (sp && end - (sp + 1) >= 5 && memcmp(sp + 1, "/api/", 5) == 0)
        req->path = (struct str){ sp + 1, 5 };
}

static bool hexdig(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

static bool parse_target(struct str t, struct http_request *req)
{
    size_t i;

    if (t.len == 0)
        return false;
    if (t.len >= 5 && memcmp(t.ptr, "/api/", 5) == 0)
        req->path = (struct str){ t.ptr, 5 }; /* an error is JSON there */
    for (i = 0; i < t.len; i++) {
        unsigned char c = (unsigned char)t.ptr[i];
        /* visible ASCII only; no fragment (RFC 9112 §3.2) */
        if (c <= 0x20 || c >= 0x7f || c == '#')
            return false;
        if (c == '%' &&
            (i + 2 >= t.len || !hexdig((unsigned char)t.ptr[i + 1]) ||
             !hexdig((unsigned char)t.ptr[i + 2])))
            return false;
    }
    req->target = t;
    if (t.ptr[0] != '/') {
        /* absolute-form (RFC 9112 §3.2.2): http(s)://authority[/path] */
        size_t skip;
        if (t.len >= 7 && strncasecmp(t.ptr, "http://", 7) == 0)
            skip = 7;
        else if (t.len >= 8 && strncasecmp(t.ptr, "https://", 8) == 0)
            skip = 8;
        else
            return false;
        t.ptr += skip;
        t.len -= skip;
        while (t.len && t.ptr[0] != '/' && t.ptr[0] != '?') {
            t.ptr++;
            t.len--;
        }
        if (t.len == 0 || t.ptr[0] != '/')
            t = STR("/");
    }
    req->path = t;
    req->query = (struct str){ "", 0 };
    {
        const char *q = memchr(t.ptr, '?', t.len);
        if (q) {
            req->path.len = (size_t)(q - t.ptr);
            req->query.ptr = q + 1;
            req->query.len = t.len - req->path.len - 1;
        }
    }
    return true;
}

/*
 * Can p[0..n), which holds no line feed yet, still become a request line?
 * method = token, SP, request-target of visible ASCII, SP, "HTTP/" DIGIT
 * "." DIGIT, then at most a CR. A TLS ClientHello (0x16 0x03 ...) or other
 * binary fails at its first byte, so it is answered 400 at once instead
 * of at the idle timeout (nginx does the same).
 */
static bool request_line_prefix_ok(const char *p, size_t n)
{
    static const char version[] = "HTTP/d.d\r";
    size_t i = 0, k;

    while (i < n && is_tchar((unsigned char)p[i]))
        i++;
    if (i == n)
        return true;
    if (i == 0 || p[i] != ' ')
        return false;
    for (i++; i < n && p[i] != ' '; i++)
        if ((unsigned char)p[i] <= 0x20 || (unsigned char)p[i] >= 0x7f)
            return false;
    if (i == n)
        return true;
    for (i++, k = 0; i < n; i++, k++) {
        char want;
        if (k >= sizeof(version) - 1)
            return false;
        want = version[k];
        if (want == 'd' ? (p[i] < '0' || p[i] > '9') : p[i] != want)
            return false;
    }
    return true;
}

static bool parse_request_line(struct str line, struct http_request *req)
{
    const char *sp1, *sp2;
    struct str m, t, v;

    sp1 = memchr(line.ptr, ' ', line.len);
    if (!sp1)
        return false;
    m = (struct str){ line.ptr, (size_t)(sp1 - line.ptr) };
    sp2 = memchr(sp1 + 1, ' ', (size_t)(line.ptr + line.len - sp1 - 1));
    if (!sp2)
        return false;
    t = (struct str){ sp1 + 1, (size_t)(sp2 - sp1 - 1) };
    v = (struct str){ sp2 + 1, (size_t)(line.ptr + line.len - sp2 - 1) };
    if (m.len == 0)
        return false;
    for (size_t i = 0; i < m.len; i++)
        if (!is_tchar((unsigned char)m.ptr[i]))
            return false;
    req->method_name = m;
    if (str_eqs(m, "GET"))
        req->method = HTTP_METHOD_GET;
    else if (str_eqs(m, "HEAD"))
        req->method = HTTP_METHOD_HEAD;
    else
        req->method = HTTP_METHOD_OTHER;
    if (!parse_target(t, req))
        return false;
    /* HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3) */
    if (v.len != 8 || memcmp(v.ptr, "HTTP/", 5) != 0 || v.ptr[6] != '.' ||
        v.ptr[5] < '0' || v.ptr[5] > '9' || v.ptr[7] < '0' || v.ptr[7] > '9')
        return false;
    req->minor_version = v.ptr[7] - '0';
    if (v.ptr[5] != '1' || req->minor_version > 1)
        req->minor_version = -1; /* 505 */
    return true;
}

static bool parse_connection(struct str v, struct http_request *req)
{
    struct str tok;

    while (v.len) {
        (void)str_split(&v, ',', &tok);
        tok = str_trim(tok);
        if (str_eqs_nocase(tok, "close"))
            req->keep_alive = false;
        else if (str_eqs_nocase(tok, "keep-alive") && req->minor_version == 0)
            req->keep_alive = true;
    }
    return true;
}

static bool host_ok(struct str v)
{
    /* uri-host [ ":" port ] (RFC 3986 §3.2.2): reg-name or IP literal */
    for (size_t i = 0; i < v.len; i++) {
        unsigned char c = (unsigned char)v.ptr[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
            (c >= 'A' && c <= 'Z'))
            continue;
        if (!strchr("-._~!$&'()*+,;=:%[]", c))
            return false;
    }
    return true;
}

static enum http_parse_result parse_field(struct str line,
                                          struct http_request *req,
                                          bool *seen_cl,
                                          bool *seen_te)
{
    size_t i = 0;
    struct str name, value;

    if (line.len && (line.ptr[0] == ' ' || line.ptr[0] == '\t'))
        return fail(req, 400, "obs-fold or whitespace before field name");
    while (i < line.len && is_tchar((unsigned char)line.ptr[i]))
        i++;
    if (i == 0 || i >= line.len || line.ptr[i] != ':')
        return fail(req, 400, "bad field name");
    name = (struct str){ line.ptr, i };
    value = (struct str){ line.ptr + i + 1, line.len - i - 1 };
    for (i = 0; i < value.len; i++) {
        unsigned char c = (unsigned char)value.ptr[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return fail(req, 400, "control character in field value");
    }
    value = str_trim(value);

    switch (name.len) {
    case 4:
        if (str_eqs_nocase(name, "host")) {
            if (req->has_host)
                return fail(req, 400, "duplicate host");
            if (!host_ok(value))
                return fail(req, 400, "bad host");
            req->has_host = true;
            req->host = value;
        }
        break;
    case 6:
        if (str_eqs_nocase(name, "cookie") && req->cookie.len == 0)
            req->cookie = value;
        else if (str_eqs_nocase(name, "accept"))
            req->accept = value;
        break;
    case 7:
        if (str_eqs_nocase(name, "referer"))
            req->referer = value;
        break;
    case 10:
        if (str_eqs_nocase(name, "connection"))
            (void)parse_connection(value, req);
        else if (str_eqs_nocase(name, "user-agent"))
            req->user_agent = value;
        break;
    case 13:
        if (str_eqs_nocase(name, "if-none-match"))
            req->if_none_match = value;
        break;
    case 14:
        if (str_eqs_nocase(name, "content-length")) {
            struct str s = value;
            uint64_t n;
            if (*seen_cl)
                return fail(req, 400, "duplicate content-length");
            *seen_cl = true;
            if (!str_to_u64(&s, 18, UINT64_MAX, &n) || s.len != 0)
                return fail(req, 400, "bad content-length");
            req->content_length = n;
        }
        break;
    case 15:
        if (str_eqs_nocase(name, "accept-encoding"))
            req->accept_encoding = value;
        else if (str_eqs_nocase(name, "accept-language"))
            req->accept_language = value;
        break;
    case 17:
        if (str_eqs_nocase(name, "transfer-encoding"))
            *seen_te = true;
        else if (str_eqs_nocase(name, "if-modified-since"))
            req->if_modified_since = value;
        break;
    default:
        break;
    }
    return HTTP_PARSE_OK;
}

enum http_parse_result
http_parse_request(const char *data, size_t len, struct http_request *req)
{
    const char *p = data, *end = data + len, *lf;
    struct str line;
    size_t nfields = 0;
    const char *hdr_start;
    bool seen_cl = false, seen_te = false;
    enum http_parse_result r;

    memset(req, 0, sizeof(*req));
    if (len == 0)
        return HTTP_PARSE_INCOMPLETE;
    /* RFC 9112 §2.2: ignore empty lines before the request line */
    while (p < end && (*p == '\r' || *p == '\n')) {
        if (*p == '\r' && (p + 1 >= end || p[1] != '\n')) {
            if (p + 1 >= end)
                return HTTP_PARSE_INCOMPLETE;
            return fail(req, 400, "bare cr");
        }
        p += (*p == '\r') ? 2 : 1;
        if (p - data > 64)
            return fail(req, 400, "too many empty lines");
    }
    lf = find_lf(p, end);
    if (!lf) {
        if (!request_line_prefix_ok(p, (size_t)(end - p)))
            return fail(req, 400, "not an http request line");
        if ((size_t)(end - p) > WEB_MAX_REQUEST_LINE + 1) {
            note_api_target(p, end, req);
            return fail(req, 414, "request line too long");
        }
        return HTTP_PARSE_INCOMPLETE;
    }
    line = (struct str){ p, (size_t)(lf - p) };
    if (line.len && line.ptr[line.len - 1] == '\r')
        line.len--;
    if (line.len > WEB_MAX_REQUEST_LINE) {
        note_api_target(line.ptr, line.ptr + line.len, req);
        return fail(req, 414, "request line too long");
    }
    if (memchr(line.ptr, '\r', line.len) || memchr(line.ptr, '\0', line.len))
        return fail(req, 400, "bad request line");
    if (!parse_request_line(line, req))
        return fail(req, 400, "bad request line");
    if (req->minor_version < 0)
        return fail(req, 505, "http version not supported");
    req->keep_alive = req->minor_version == 1;

    hdr_start = lf + 1;
    p = hdr_start;
    for (;;) {
        lf = find_lf(p, end);
        if (!lf) {
            if ((size_t)(end - hdr_start) > WEB_MAX_HEADER_BYTES)
                return fail(req, 431, "header fields too large");
            return HTTP_PARSE_INCOMPLETE;
        }
        if ((size_t)(lf + 1 - hdr_start) > WEB_MAX_HEADER_BYTES)
            return fail(req, 431, "header fields too large");
        line = (struct str){ p, (size_t)(lf - p) };
        p = lf + 1;
        if (line.len && line.ptr[line.len - 1] == '\r')
            line.len--;
        if (line.len == 0)
            break;
        if (memchr(line.ptr, '\r', line.len))
            return fail(req, 400, "bare cr in field");
        if (++nfields > WEB_MAX_HEADER_COUNT)
            return fail(req, 431, "too many header fields");
        r = parse_field(line, req, &seen_cl, &seen_te);
        if (r != HTTP_PARSE_OK)
            return r;
    }

    /* RFC 9112 §6.1, §6.3: framing */
    if (seen_te && seen_cl)
        return fail(req, 400, "content-length with transfer-encoding");
    if (seen_te && req->method != HTTP_METHOD_OTHER)
        return fail(req, 400, "transfer-encoding on get/head");
    if (req->minor_version == 1 && !req->has_host)
        return fail(req, 400, "missing host");
    if (seen_te) {
        /* 405 follows, then close: the body is never read */
        req->keep_alive = false;
        req->consumed = (size_t)(p - data);
        return HTTP_PARSE_OK;
    }
    if (req->method != HTTP_METHOD_OTHER &&
        req->content_length > WEB_MAX_BODY_BYTES)
        return fail(req, 413, "body on get/head too large");
    if (req->method == HTTP_METHOD_OTHER) {
        /* answered 405 and closed; do not wait for the body */
        req->keep_alive = false;
        req->consumed = (size_t)(p - data);
        return HTTP_PARSE_OK;
    }
    if ((uint64_t)(end - p) < req->content_length)
        return HTTP_PARSE_INCOMPLETE;
    req->consumed = (size_t)(p - data) + (size_t)req->content_length;
    return HTTP_PARSE_OK;
}
