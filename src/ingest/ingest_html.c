/* SPDX-License-Identifier: MIT */
/*
 * ingest_html.c - text decoding and HTML helpers for the Founder importer:
 * UTF-8 (BOM or not) or GB18030 to UTF-8 with LF line ends, and a small
 * walk over libxml2's HTML tree (elements, attributes, text, paragraphs).
 */
#include "base/compat.h"

#include "ingest/ingest_founder_int.h"

#include "base/utf8.h"
#include "base/xalloc.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

struct para_state {
    struct buf cur;
    fhtml_para_fn *cb;
    fhtml_img_fn *img_cb;
    void *ctx;
};

static void lf_only(char *s, size_t *len);
static FOLIO_MUST_USE enum folio_rc from_charset(const unsigned char *data,
                                                 size_t len,
                                                 const char *name,
                                                 const char *charset,
                                                 char **out,
                                                 size_t *out_len,
                                                 struct folio_err *err);
static bool declares_big5(const unsigned char *data, size_t len);
static bool is_space_cp(unsigned cp);
static bool is_cjk_cp(unsigned cp);
static void
add_squeezed(struct buf *out, const char *s, size_t len, bool join_cjk);
static bool is_block(const char *tag);
static void para_flush(struct para_state *ps);
static void para_walk(xmlNodePtr n, struct para_state *ps);

static void lf_only(char *s, size_t *len)
{
    size_t i, o = 0;

    if (!s)
        return;
    for (i = 0; i < *len; i++) {
        if (s[i] == '\r') {
            s[o++] = '\n';
            if (i + 1 < *len && s[i + 1] == '\n')
                i++;
            continue;
        }
        s[o++] = s[i];
    }
    s[o] = '\0';
    *len = o;
}

static enum folio_rc from_charset(const unsigned char *data,
                                  size_t len,
                                  const char *name,
                                  const char *charset,
                                  char **out,
                                  size_t *out_len,
                                  struct folio_err *err)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    size_t cap = len * 2 + 16, left_in = len, left_out = cap;
    char *res = NULL, *in = (char *)data, *o;
    enum folio_rc rc = FOLIO_OK;
    char where[300];

    if (cd == (iconv_t)-1) /* NOLINT(performance-no-int-to-ptr) */
        return err_set(err, FOLIO_ERR_UNSUPPORTED, name,
                       "iconv cannot convert %s", charset);
    res = xmalloc(cap + 1);
    o = res;
    if (iconv(cd, &in, &left_in, &o, &left_out) == (size_t)-1) {
        (void)snprintf(where, sizeof(where), "%s: byte %zu", name,
                       len - left_in);
        rc = err_set(err, FOLIO_ERR_INVALID, where,
                     "text is neither UTF-8 nor %s",
                     strcmp(charset, "GB18030") == 0 ? "GBK/GB18030" : charset);
        goto out;
    }
    *o = '\0';
    *out_len = (size_t)(o - res);
    *out = res;
    res = NULL;
out:
    iconv_close(cd);
    free(res);
    return rc;
}

/*
 * The first 4 KiB declare charset=big5 (or big5-hkscs, x-x-big5), in a
 * meta or an XML declaration: Hong Kong and Taiwan papers' pages.
 */
static bool declares_big5(const unsigned char *data, size_t len)
{
    size_t i, n = len < 4096 ? len : 4096;

    for (i = 0; i + 12 <= n; i++) {
        size_t k = i + 7;
        if (strncasecmp((const char *)data + i, "charset", 7) != 0 &&
            strncasecmp((const char *)data + i, "encoding", 8) != 0)
            continue;
        if (data[i] == 'e' || data[i] == 'E')
            k = i + 8;
        while (k < n && (data[k] == ' ' || data[k] == '=' || data[k] == '"' ||
                         data[k] == '\''))
            k++;
        if (k + 2 <= n && strncasecmp((const char *)data + k, "x-", 2) == 0)
            k += 2;
        if (k + 2 <= n && strncasecmp((const char *)data + k, "x-", 2) == 0)
            k += 2;
        if (k + 4 <= n && strncasecmp((const char *)data + k, "big5", 4) == 0)
            return true;
    }
    return false;
}

enum folio_rc ftext_to_utf8(const unsigned char *data,
                            size_t len,
                            const char *name,
                            char **out,
                            size_t *out_len,
                            enum text_encoding *enc,
                            struct folio_err *err)
{
    enum text_encoding e = TEXT_UTF8;
    char *res = NULL;
    size_t n = 0;
    enum folio_rc rc;

    if (len > FOUNDER_MAX_HTML_BYTES)
        return err_set(err, FOLIO_ERR_TOO_LARGE, name, "file over %u bytes",
                       FOUNDER_MAX_HTML_BYTES);
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        data += 3;
        len -= 3;
        e = TEXT_UTF8_BOM;
    }
    if (utf8_valid((const char *)data, len, NULL)) {
        res = xmalloc(len + 1);
        memcpy(res, data, len);
        res[len] = '\0';
        n = len;
    } else if (declares_big5(data, len) &&
               from_charset(data, len, name, "BIG5-HKSCS", &res, &n, NULL) ==
                   FOLIO_OK) {
        e = TEXT_BIG5; /* else GB18030 below: the meta was wrong */
    } else {
        rc = from_charset(data, len, name, "GB18030", &res, &n, err);
        if (rc != FOLIO_OK)
            return rc;
        e = TEXT_GB18030;
    }
    lf_only(res, &n);
    *out = res;
    *out_len = n;
    if (enc)
        *enc = e;
    return FOLIO_OK;
}

const char *ftext_encoding_name(enum text_encoding enc)
{
    switch (enc) {
    case TEXT_UTF8_BOM:
        return "utf-8 (bom)";
    case TEXT_GB18030:
        return "gb18030";
    case TEXT_BIG5:
        return "big5-hkscs";
    case TEXT_UTF8:
        break;
    }
    return "utf-8";
}

htmlDocPtr fhtml_parse(const char *text, size_t len)
{
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOBLANKS;

    if (len > (size_t)INT32_MAX)
        return NULL;
    return htmlReadMemory(text, (int)len, NULL, "UTF-8", opts);
}

xmlNodePtr fhtml_next(xmlNodePtr n, xmlNodePtr top, const char *tag)
{
    while (n) {
        if (n->children) {
            n = n->children;
        } else {
            while (n && n != top && !n->next)
                n = n->parent;
            if (!n || n == top)
                return NULL;
            n = n->next;
        }
        if (n->type == XML_ELEMENT_NODE &&
            (!tag || strcasecmp((const char *)n->name, tag) == 0))
            return n;
    }
    return NULL;
}

const char *fhtml_attr(xmlNodePtr n, const char *name)
{
    xmlAttrPtr a;

    for (a = n->properties; a; a = a->next)
        if (strcasecmp((const char *)a->name, name) == 0)
            return a->children && a->children->content
                       ? (const char *)a->children->content
                       : "";
    return NULL;
}

xmlNodePtr fhtml_find_id(xmlNodePtr top, const char *id)
{
    xmlNodePtr n = top;

    while ((n = fhtml_next(n, top, NULL)) != NULL) {
        const char *v = fhtml_attr(n, "id");
        if (v && strcmp(v, id) == 0)
            return n;
    }
    return NULL;
}

static bool is_space_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
           cp == 0xA0 || cp == 0x3000 || cp == 0x2002 || cp == 0x2003 ||
           cp == 0x200B || cp == 0xFEFF;
}

static bool is_cjk_cp(unsigned cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/*
 * Append s to out, runs of white space becoming one ' ' (none at the start
 * of out, none between two CJK characters). A pending space is kept as a
 * trailing ' ' and removed by ftext_squeeze / para_flush at the end.
 */
static void
add_squeezed(struct buf *out, const char *s, size_t len, bool join_cjk)
{
    size_t i = 0, k;

    while (i < len) {
        unsigned cp = 0;
        k = utf8_decode(s + i, len - i, &cp);
        if (k == 0) {
            k = 1;
            cp = 0xFFFD;
        }
        if (is_space_cp(cp)) {
            if (out->len && out->data[out->len - 1] != ' ')
                buf_addc(out, ' ');
        } else {
            if (join_cjk && out->len >= 2 && out->data[out->len - 1] == ' ' &&
                is_cjk_cp(cp)) {
                unsigned prev = 0;
                size_t p = out->len - 2;
                while (p > 0 && (out->data[p] & 0xC0) == 0x80)
                    p--;
                if (utf8_decode(out->data + p, out->len - 1 - p, &prev) &&
                    is_cjk_cp(prev))
                    out->len--;
            }
            buf_add(out, s + i, k);
        }
        i += k;
    }
}

void ftext_squeeze(char *s, bool join_cjk)
{
    struct buf b = BUF_INIT(SIZE_MAX);
    size_t n = strlen(s);

    add_squeezed(&b, s, n, join_cjk);
    if (b.len && b.data[b.len - 1] == ' ')
        b.len--;
    memcpy(s, b.data, b.len);
    s[b.len] = '\0';
    buf_release(&b);
}

void fhtml_text(xmlNodePtr n, struct buf *out)
{
    xmlNodePtr c;

    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            add_squeezed(out, (const char *)n->content,
                         strlen((const char *)n->content), false);
        return;
    }
    if (n->type != XML_ELEMENT_NODE)
        return;
    if (strcasecmp((const char *)n->name, "script") == 0 ||
        strcasecmp((const char *)n->name, "style") == 0)
        return;
    if (strcasecmp((const char *)n->name, "br") == 0) {
        add_squeezed(out, " ", 1, false);
        return;
    }
    for (c = n->children; c; c = c->next)
        fhtml_text(c, out);
}

static bool is_block(const char *tag)
{
    static const char *const blocks[] = {
        "p",  "div", "br", "h1", "h2", "h3",    "h4",     "h5",         "h6",
        "li", "tr",  "td", "ul", "ol", "table", "center", "blockquote",
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(blocks); i++)
        if (strcasecmp(tag, blocks[i]) == 0)
            return true;
    return false;
}

static void para_flush(struct para_state *ps)
{
    if (ps->cur.len && ps->cur.data[ps->cur.len - 1] == ' ')
        ps->cur.len--;
    if (ps->cur.len) {
        ps->cur.data[ps->cur.len] = '\0';
        ps->cb(ps->ctx, ps->cur.data);
    }
    buf_reset(&ps->cur);
}

static void para_walk(xmlNodePtr n, struct para_state *ps)
{
    xmlNodePtr c;
    bool block;

    for (c = n; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                add_squeezed(&ps->cur, (const char *)c->content,
                             strlen((const char *)c->content), false);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcasecmp((const char *)c->name, "script") == 0 ||
            strcasecmp((const char *)c->name, "style") == 0)
            continue;
        if (strcasecmp((const char *)c->name, "img") == 0) {
            if (ps->img_cb) {
                para_flush(ps);
                ps->img_cb(ps->ctx, c);
            }
            continue;
        }
        block = is_block((const char *)c->name);
        if (block)
            para_flush(ps);
        if (c->children)
            para_walk(c->children, ps);
        if (block)
            para_flush(ps);
    }
}

void fhtml_paragraphs(xmlNodePtr n,
                      fhtml_para_fn *cb,
                      fhtml_img_fn *img_cb,
                      void *ctx)
{
    struct para_state ps = {
        .cur = BUF_INIT(SIZE_MAX), .cb = cb, .img_cb = img_cb, .ctx = ctx
    };

    if (n && n->children)
        para_walk(n->children, &ps);
    para_flush(&ps);
    buf_release(&ps.cur);
}
