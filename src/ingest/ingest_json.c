/* SPDX-License-Identifier: MIT */
/*
 * ingest_json.c - issue package v1: parsing issue.json (jansson, duplicate
 * keys rejected), checking every field and referenced file, and building
 * the struct issue the store saves. Every refusal names the JSON path:
 * "issue.json: pages[1].articles[0].headline: missing".
 * Format: docs/formats/issue-package.md.
 */
#include "base/compat.h"

#include "ingest/ingest.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "ingest/ingest_int.h"

#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define JSON_NAME    "issue.json"
#define PATH_MAX_LEN 160
#define LANG_TAG_MAX 35 /* bytes of a BCP 47 tag (RFC 5646 4.4.1) */

enum file_kind { FILE_IMAGE, FILE_PDF, FILE_TEXT };

/* One referenced file, read once however often it is named. */
struct pkg_file {
    char *rel;
    enum file_kind kind;
    unsigned char *data;
    size_t len;
    char hex[STORE_SHA256_HEX];
    const char *mime; /* images: static MIME type */
    int width, height;
};

struct ingest_package {
    struct issue *iss;
    struct pkg_file **files; /* pointers stay valid as the array grows */
    size_t nfiles;
    struct ingest_render *render; /* page images made at open time */
    char **warnings; /* "where: message"; zones hardly found on a page */
    size_t nwarnings;
    char **notes; /* "where: message"; zones derived from a text layer */
    size_t nnotes;
};

/* An article id and where it was found (duplicate check). */
struct id_seen {
    const char *id;
    size_t pi, ai;
};

struct ctx {
    struct pkg_src src;
    struct ingest_package *pkg;
    struct id_seen *ids;
    size_t nids;
    struct folio_err *err;
};

static void *grow_one(void *p, size_t n, size_t size);
static FOLIO_MUST_USE enum folio_rc
bad(struct ctx *c, enum folio_rc rc, const char *path, const char *fmt, ...)
    FOLIO_PRINTF(4, 5);
static void sub(char out[PATH_MAX_LEN], const char *base, const char *key);
static void pathf(char out[PATH_MAX_LEN], const char *fmt, ...)
    FOLIO_PRINTF(2, 3);
static char *trim_dup(const char *s, size_t len);
static FOLIO_MUST_USE enum folio_rc check_keys(struct ctx *c,
                                               json_t *obj,
                                               const char *path,
                                               const char *const *allowed);
static FOLIO_MUST_USE enum folio_rc get_text(struct ctx *c,
                                             json_t *obj,
                                             const char *key,
                                             const char *path,
                                             bool required,
                                             size_t max,
                                             char **out);
static FOLIO_MUST_USE enum folio_rc get_int(struct ctx *c,
                                            json_t *obj,
                                            const char *key,
                                            const char *path,
                                            bool required,
                                            long long min,
                                            long long max,
                                            long long *out,
                                            bool *present);
static FOLIO_MUST_USE enum folio_rc get_array(struct ctx *c,
                                              json_t *obj,
                                              const char *key,
                                              const char *path,
                                              size_t max,
                                              json_t **out);
static FOLIO_MUST_USE enum folio_rc get_file(struct ctx *c,
                                             json_t *obj,
                                             const char *key,
                                             const char *path,
                                             enum file_kind kind,
                                             struct pkg_file **out);
static FOLIO_MUST_USE enum folio_rc add_paragraph(struct ctx *c,
                                                  struct article *a,
                                                  const char *path,
                                                  const char *s,
                                                  size_t len);
static FOLIO_MUST_USE enum folio_rc parse_body_file(struct ctx *c,
                                                    struct article *a,
                                                    const char *path,
                                                    const struct pkg_file *f);
static FOLIO_MUST_USE enum folio_rc parse_ref(struct ctx *c,
                                              json_t *obj,
                                              const char *key,
                                              const char *path,
                                              struct article_ref *out);
static FOLIO_MUST_USE enum folio_rc parse_article(struct ctx *c,
                                                  json_t *j,
                                                  const char *path,
                                                  struct page *pg,
                                                  size_t pi,
                                                  size_t ai);
static FOLIO_MUST_USE enum folio_rc
parse_page(struct ctx *c, json_t *j, size_t pi, struct page *pg);
static FOLIO_MUST_USE enum folio_rc
derive_zones(struct ctx *c, const char *path, struct page *pg);
static void msg_add(char ***list, size_t *n, const char *fmt, ...)
    FOLIO_PRINTF(3, 4);
static FOLIO_MUST_USE enum folio_rc
parse_paper(struct ctx *c, json_t *root, struct paper *p);
static bool lang_tag_valid(const char *tag);
static FOLIO_MUST_USE enum folio_rc parse_polygon(struct ctx *c,
                                                  json_t *v,
                                                  const char *path,
                                                  const struct page *pg,
                                                  struct zone *z);
static FOLIO_MUST_USE enum folio_rc parse_zone(struct ctx *c,
                                               json_t *v,
                                               const char *path,
                                               const struct page *pg,
                                               struct zone *z);
static FOLIO_MUST_USE enum folio_rc parse_issue(struct ctx *c, json_t *root);
static FOLIO_MUST_USE enum folio_rc check_ids(struct ctx *c);
static FOLIO_MUST_USE enum folio_rc check_refs(struct ctx *c);
static FOLIO_MUST_USE enum folio_rc
check_chain_ends(struct ctx *c, int pass, size_t pi, size_t ai);
static FOLIO_MUST_USE enum folio_rc check_chains(struct ctx *c);
static bool find_ref(const struct issue *iss,
                     const struct article_ref *r,
                     size_t *pi,
                     size_t *ai);
static bool
control_char_at(const char *s, size_t len, unsigned *cp, size_t *at);
static bool language_tag_ok(const char *s);
static bool timezone_name_ok(const char *s);
static int id_cmp(const void *a, const void *b);
static int page_cmp(const void *a, const void *b);

static const char *const top_keys[] = {
    "folio_package", "paper", "date", "number", "edition", "pages", NULL
};
static const char *const paper_keys[] = { "id", "name", "language", "timezone",
                                          NULL };
static const char *const page_keys[] = { "number", "name",   "image",    "pdf",
                                         "width",  "height", "articles", NULL };
static const char *const article_keys[] = {
    "id",        "kicker", "headline", "subhead",   "byline",         "body",
    "body_file", "images", "zones",    "continues", "continued_from", "lang",
    NULL
};
static const char *const polygon_keys[] = { "polygon", NULL };
static const char *const image_keys[] = { "src", "caption", NULL };
static const char *const ref_keys[] = { "page", "article", NULL };

static enum folio_rc
bad(struct ctx *c, enum folio_rc rc, const char *path, const char *fmt, ...)
{
    char where[256];
    va_list ap;

    if (!c->err)
        return rc;
    if (path && path[0])
        (void)snprintf(where, sizeof(where), JSON_NAME ": %s", path);
    else
        (void)snprintf(where, sizeof(where), JSON_NAME);
    (void)err_set(c->err, rc, where, "%s", "");
    va_start(ap, fmt);
    /* the analyzer loses va_start in static variadic functions: */
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
    (void)vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
    va_end(ap);
    return rc;
}

/* JSON paths are truncated at PATH_MAX_LEN; they never get that long. */
static void pathf(char out[PATH_MAX_LEN], const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
    (void)vsnprintf(out, PATH_MAX_LEN, fmt, ap);
    va_end(ap);
}

static void sub(char out[PATH_MAX_LEN], const char *base, const char *key)
{
    if (base && base[0])
        pathf(out, "%s.%s", base, key);
    else
        pathf(out, "%s", key);
}

/* Copy of s without leading/trailing ASCII white space and U+3000. */
static char *trim_dup(const char *s, size_t len)
{
    for (;;) {
        if (len && strchr(" \t\r\n\f\v", s[0])) {
            s++;
            len--;
        } else if (len >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
            s += 3;
            len -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        if (len && strchr(" \t\r\n\f\v", s[len - 1]))
            len--;
        else if (len >= 3 && memcmp(s + len - 3, "\xe3\x80\x80", 3) == 0)
            len -= 3;
        else
            break;
    }
    return xstrndup(s, len);
}

/*
 * true (with the code point and its byte offset) when s holds a C0 or C1
 * control character or DEL; tab, line feed, carriage return and form feed
 * are white space and allowed. s is valid UTF-8.
 */
static bool control_char_at(const char *s, size_t len, unsigned *cp, size_t *at)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned c = p[i];
        if (c == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            c = p[i + 1];
        else if ((c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' ||
                 c == '\r' || c == '\f')
            continue;
        *cp = c;
        *at = i;
        return true;
    }
    return false;
}

/*
 * BCP 47 (RFC 5646) shape: a primary subtag of 2-8 letters (or "x"/"i"),
 * then subtags of 1-8 letters or digits, separated by '-'.
 */
static bool language_tag_ok(const char *s)
{
    size_t i = 0, n = 0, seg = 0;
    bool alpha_only = true;

    for (;; i++) {
        char ch = s[i];
        bool alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        bool digit = ch >= '0' && ch <= '9';
        if (alpha || digit) {
            n++;
            alpha_only = alpha_only && alpha;
            continue;
        }
        if (ch != '-' && ch != '\0')
            return false;
        if (n < 1 || n > 8)
            return false;
        if (seg == 0 && (!alpha_only || (n == 1 && s[0] != 'x' && s[0] != 'X' &&
                                         s[0] != 'i' && s[0] != 'I')))
            return false;
        if (ch == '\0')
            return true;
        seg++;
        n = 0;
        alpha_only = true;
    }
}

/*
 * IANA time zone database name shape ("UTC", "Asia/Shanghai",
 * "Etc/GMT-8"): '/'-separated parts of A-Z a-z 0-9 _ + -, each starting
 * with a letter.
 */
static bool timezone_name_ok(const char *s)
{
    bool start = true;
    size_t i;

    for (i = 0; s[i]; i++) {
        char ch = s[i];
        bool alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        if (start) {
            if (!alpha)
                return false;
            start = false;
        } else if (ch == '/') {
            start = true;
        } else if (!alpha && !(ch >= '0' && ch <= '9') && ch != '_' &&
                   ch != '+' && ch != '-') {
            return false;
        }
    }
    return i > 0 && !start;
}

static enum folio_rc check_keys(struct ctx *c,
                                json_t *obj,
                                const char *path,
                                const char *const *allowed)
{
    const char *key;
    json_t *v;
    char p[PATH_MAX_LEN];
    size_t i;

    json_object_foreach(obj, key, v)
    {
        bool ok = false;
        for (i = 0; allowed[i] && !ok; i++)
            ok = strcmp(key, allowed[i]) == 0;
        if (!ok) {
            sub(p, path, key);
            return bad(c, FOLIO_ERR_INVALID, p, "unknown field");
        }
    }
    return FOLIO_OK;
}

static enum folio_rc get_text(struct ctx *c,
                              json_t *obj,
                              const char *key,
                              const char *path,
                              bool required,
                              size_t max,
                              char **out)
{
    json_t *v = json_object_get(obj, key);
    char p[PATH_MAX_LEN];
    unsigned cp;
    size_t at;
    char *s;

    sub(p, path, key);
    if (!v || json_is_null(v)) {
        if (required)
            return bad(c, FOLIO_ERR_INVALID, p, "missing");
        *out = NULL;
        return FOLIO_OK;
    }
    if (!json_is_string(v))
        return bad(c, FOLIO_ERR_INVALID, p, "must be a string");
    if (json_string_length(v) > max)
        return bad(c, FOLIO_ERR_TOO_LARGE, p, "longer than %zu bytes", max);
    s = trim_dup(json_string_value(v), json_string_length(v));
    if (control_char_at(s, strlen(s), &cp, &at)) {
        free(s);
        return bad(c, FOLIO_ERR_INVALID, p,
                   "control character U+%04X at byte %zu", cp, at);
    }
    if (!s[0]) {
        free(s);
        if (required)
            return bad(c, FOLIO_ERR_INVALID, p, "empty");
        s = NULL;
    }
    *out = s;
    return FOLIO_OK;
}

static enum folio_rc get_int(struct ctx *c,
                             json_t *obj,
                             const char *key,
                             const char *path,
                             bool required,
                             long long min,
                             long long max,
                             long long *out,
                             bool *present)
{
    json_t *v = json_object_get(obj, key);
    char p[PATH_MAX_LEN];
    long long n;

    sub(p, path, key);
    *present = false;
    if (!v || json_is_null(v)) {
        if (required)
            return bad(c, FOLIO_ERR_INVALID, p, "missing");
        return FOLIO_OK;
    }
    if (!json_is_integer(v))
        return bad(c, FOLIO_ERR_INVALID, p, "must be an integer");
    n = json_integer_value(v);
    if (n < min || n > max)
        return bad(c, FOLIO_ERR_INVALID, p, "%lld is not between %lld and %lld",
                   n, min, max);
    *out = n;
    *present = true;
    return FOLIO_OK;
}

/* Optional array (NULL when absent) of at most max elements. */
static enum folio_rc get_array(struct ctx *c,
                               json_t *obj,
                               const char *key,
                               const char *path,
                               size_t max,
                               json_t **out)
{
    json_t *v = json_object_get(obj, key);
    char p[PATH_MAX_LEN];

    sub(p, path, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return FOLIO_OK;
    if (!json_is_array(v))
        return bad(c, FOLIO_ERR_INVALID, p, "must be an array");
    if (json_array_size(v) > max)
        return bad(c, FOLIO_ERR_TOO_LARGE, p, "more than %zu entries", max);
    *out = v;
    return FOLIO_OK;
}

/* Read (once) and check the file named by obj.key; NULL when absent. */
static enum folio_rc get_file(struct ctx *c,
                              json_t *obj,
                              const char *key,
                              const char *path,
                              enum file_kind kind,
                              struct pkg_file **out)
{
    struct ingest_package *pkg = c->pkg;
    struct pkg_file *f;
    unsigned char hash[crypto_hash_sha256_BYTES];
    char p[PATH_MAX_LEN], where[256];
    char *rel = NULL;
    enum folio_rc rc;
    size_t i, bad_at;
    unsigned cp;

    rc = get_text(c, obj, key, path, false, INGEST_MAX_SHORT_TEXT, &rel);
    if (rc != FOLIO_OK)
        return rc;
    *out = NULL;
    if (!rel)
        return FOLIO_OK;
    sub(p, path, key);
    for (i = 0; i < pkg->nfiles; i++)
        if (strcmp(pkg->files[i]->rel, rel) == 0) {
            free(rel);
            if (pkg->files[i]->kind != kind)
                return bad(c, FOLIO_ERR_INVALID, p,
                           "'%s' is used both as %s and as another kind of "
                           "file",
                           pkg->files[i]->rel,
                           kind == FILE_IMAGE ? "an image"
                           : kind == FILE_PDF ? "a PDF"
                                              : "text");
            *out = pkg->files[i];
            return FOLIO_OK;
        }
    pkg->files = grow_one(pkg->files, pkg->nfiles,
                          sizeof(struct pkg_file *)); /* NOLINT */
    f = xcalloc(1, sizeof(*f));
    pkg->files[pkg->nfiles++] = f;
    f->rel = rel;
    f->kind = kind;
    (void)snprintf(where, sizeof(where), JSON_NAME ": %s", p);
    rc = pkg_src_read(&c->src, rel, INGEST_MAX_FILE_BYTES, where, &f->data,
                      &f->len, c->err);
    if (rc != FOLIO_OK)
        return rc;
    if (kind == FILE_IMAGE &&
        !ingest_image_info(f->data, f->len, &f->mime, &f->width, &f->height) &&
        !ingest_scan_mime(f->data, f->len, &f->mime))
        return bad(c, FOLIO_ERR_INVALID, p,
                   "'%s' is not a PNG, JPEG, GIF, WebP, TIFF or JPEG 2000 "
                   "image",
                   rel);
    if (kind == FILE_PDF && (f->len < 5 || memcmp(f->data, "%PDF-", 5) != 0))
        return bad(c, FOLIO_ERR_INVALID, p, "'%s' is not a PDF file", rel);
    if (kind == FILE_IMAGE &&
        (f->width > MODEL_MAX_DIMENSION || f->height > MODEL_MAX_DIMENSION))
        return bad(c, FOLIO_ERR_TOO_LARGE, p,
                   "'%s' is %dx%d pixels, more than %d", rel, f->width,
                   f->height, MODEL_MAX_DIMENSION);
    if (kind == FILE_TEXT &&
        !utf8_valid((const char *)f->data, f->len, &bad_at))
        return bad(c, FOLIO_ERR_INVALID, p,
                   "'%s' is not valid UTF-8 (byte %zu)", rel, bad_at);
    if (kind == FILE_TEXT &&
        control_char_at((const char *)f->data, f->len, &cp, &bad_at))
        return bad(c, FOLIO_ERR_INVALID, p,
                   "'%s' has control character U+%04X at byte %zu", rel, cp,
                   bad_at);
    crypto_hash_sha256(hash, f->data, f->len);
    sodium_bin2hex(f->hex, sizeof(f->hex), hash, sizeof(hash));
    *out = f;
    return FOLIO_OK;
}

static enum folio_rc add_paragraph(struct ctx *c,
                                   struct article *a,
                                   const char *path,
                                   const char *s,
                                   size_t len)
{
    char *t = trim_dup(s, len);
    unsigned cp;
    size_t at;

    if (!t[0]) {
        free(t);
        return FOLIO_OK;
    }
    if (control_char_at(t, strlen(t), &cp, &at)) {
        free(t);
        return bad(c, FOLIO_ERR_INVALID, path,
                   "control character U+%04X at byte %zu", cp, at);
    }
    if (strlen(t) > INGEST_MAX_PARAGRAPH) {
        free(t);
        return bad(c, FOLIO_ERR_TOO_LARGE, path,
                   "paragraph %zu is longer than %d bytes", a->nparagraphs + 1,
                   INGEST_MAX_PARAGRAPH);
    }
    if (a->nparagraphs >= INGEST_MAX_PARAGRAPHS) {
        free(t);
        return bad(c, FOLIO_ERR_TOO_LARGE, path, "more than %d paragraphs",
                   INGEST_MAX_PARAGRAPHS);
    }
    a->paragraphs =
        grow_one(a->paragraphs, a->nparagraphs, sizeof(*a->paragraphs));
    a->paragraphs[a->nparagraphs++] = t;
    return FOLIO_OK;
}

/*
 * Paragraphs are separated by blank lines. Lines inside a paragraph are
 * joined by a space between two ASCII characters and by nothing otherwise
 * (Chinese text has no spaces between words).
 */
static enum folio_rc parse_body_file(struct ctx *c,
                                     struct article *a,
                                     const char *path,
                                     const struct pkg_file *f)
{
    const char *s = (const char *)f->data, *end = s + f->len;
    struct buf para = BUF_INIT(INGEST_MAX_PARAGRAPH + 1);
    enum folio_rc rc = FOLIO_OK;

    if (end - s >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        s += 3;
    while (s <= end && rc == FOLIO_OK) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        char *line = trim_dup(s, (size_t)(le - s));
        if (!line[0]) {
            if (para.len)
                rc = add_paragraph(c, a, path, para.data, para.len);
            buf_reset(&para);
        } else {
            if (para.len && (unsigned char)para.data[para.len - 1] < 0x80 &&
                (unsigned char)line[0] < 0x80)
                buf_addc(&para, ' ');
            buf_adds(&para, line);
            if (buf_status(&para) != FOLIO_OK)
                rc = bad(c, FOLIO_ERR_TOO_LARGE, path,
                         "paragraph %zu is longer than %d bytes",
                         a->nparagraphs + 1, INGEST_MAX_PARAGRAPH);
        }
        free(line);
        s = le + 1;
    }
    if (rc == FOLIO_OK && para.len)
        rc = add_paragraph(c, a, path, para.data, para.len);
    buf_release(&para);
    return rc;
}

static enum folio_rc parse_ref(struct ctx *c,
                               json_t *obj,
                               const char *key,
                               const char *path,
                               struct article_ref *out)
{
    json_t *v = json_object_get(obj, key);
    char p[PATH_MAX_LEN];
    enum folio_rc rc;
    long long page = 0;
    bool present;

    if (!v || json_is_null(v))
        return FOLIO_OK;
    sub(p, path, key);
    if (!json_is_object(v))
        return bad(c, FOLIO_ERR_INVALID, p, "must be an object");
    rc = check_keys(c, v, p, ref_keys);
    if (rc == FOLIO_OK)
        rc =
            get_int(c, v, "page", p, true, 1, MODEL_MAX_PAGES, &page, &present);
    if (rc == FOLIO_OK)
        rc = get_text(c, v, "article", p, true, MODEL_ID_MAX, &out->article);
    if (rc != FOLIO_OK)
        return rc;
    out->page = (int)page;
    return FOLIO_OK;
}

static enum folio_rc parse_article(struct ctx *c,
                                   json_t *j,
                                   const char *path,
                                   struct page *pg,
                                   size_t pi,
                                   size_t ai)
{
    struct article *a = &pg->articles[ai];
    struct pkg_file *f = NULL;
    json_t *arr, *v;
    char p[PATH_MAX_LEN], q[PATH_MAX_LEN];
    enum folio_rc rc;
    size_t i;

    a->seq = (int)ai + 1;
    if (!json_is_object(j))
        return bad(c, FOLIO_ERR_INVALID, path, "must be an object");
    rc = check_keys(c, j, path, article_keys);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "id", path, false, MODEL_ID_MAX + 1, &a->id);
    if (rc != FOLIO_OK)
        return rc;
    c->ids = grow_one(c->ids, c->nids, sizeof(*c->ids));
    if (!a->id)
        a->id = xasprintf("%zu", ai + 1);
    sub(p, path, "id");
    if (!model_id_valid(a->id, false))
        return bad(c, FOLIO_ERR_INVALID, p,
                   "'%s' must be 1-%d characters of A-Z, a-z, 0-9, '-' or '_'",
                   a->id, MODEL_ID_MAX);
    c->ids[c->nids].id = a->id;
    c->ids[c->nids].pi = pi;
    c->ids[c->nids].ai = ai;
    c->nids++;
    rc = get_text(c, j, "kicker", path, false, INGEST_MAX_SHORT_TEXT,
                  &a->kicker);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "headline", path, true, INGEST_MAX_SHORT_TEXT,
                      &a->headline);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "subhead", path, false, INGEST_MAX_SHORT_TEXT,
                      &a->subhead);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "byline", path, false, INGEST_MAX_SHORT_TEXT,
                      &a->byline);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "lang", path, false, LANG_TAG_MAX, &a->lang);
    if (rc != FOLIO_OK)
        return rc;
    if (a->lang && !lang_tag_valid(a->lang)) {
        sub(p, path, "lang");
        return bad(c, FOLIO_ERR_INVALID, p,
                   "'%s' is not a BCP 47 language tag (like \"en\" or "
                   "\"zh-Hant-TW\")",
                   a->lang);
    }

    rc = get_array(c, j, "body", path, INGEST_MAX_PARAGRAPHS, &arr);
    if (rc != FOLIO_OK)
        return rc;
    if (arr && json_object_get(j, "body_file")) {
        sub(p, path, "body_file");
        return bad(c, FOLIO_ERR_INVALID, p, "use either body or body_file");
    }
    sub(p, path, "body");
    json_array_foreach(arr, i, v)
    {
        pathf(q, "%s[%zu]", p, i);
        if (!json_is_string(v))
            return bad(c, FOLIO_ERR_INVALID, q, "must be a string");
        rc =
            add_paragraph(c, a, q, json_string_value(v), json_string_length(v));
        if (rc != FOLIO_OK)
            return rc;
    }
    rc = get_file(c, j, "body_file", path, FILE_TEXT, &f);
    if (rc != FOLIO_OK)
        return rc;
    if (f) {
        sub(p, path, "body_file");
        rc = parse_body_file(c, a, p, f);
        if (rc != FOLIO_OK)
            return rc;
    }

    rc = get_array(c, j, "images", path, INGEST_MAX_PICTURES, &arr);
    if (rc != FOLIO_OK)
        return rc;
    if (arr && json_array_size(arr)) {
        a->pictures = xcalloc(json_array_size(arr), sizeof(*a->pictures));
        sub(p, path, "images");
    }
    json_array_foreach(arr, i, v)
    {
        struct picture *pic = &a->pictures[a->npictures++];
        pathf(q, "%s[%zu]", p, i);
        if (!json_is_object(v))
            return bad(c, FOLIO_ERR_INVALID, q, "must be an object");
        rc = check_keys(c, v, q, image_keys);
        if (rc == FOLIO_OK && !json_object_get(v, "src")) {
            sub(p, q, "src");
            return bad(c, FOLIO_ERR_INVALID, p, "missing");
        }
        if (rc == FOLIO_OK)
            rc = get_file(c, v, "src", q, FILE_IMAGE, &f);
        if (rc == FOLIO_OK && !f) {
            sub(p, q, "src");
            return bad(c, FOLIO_ERR_INVALID, p, "missing");
        }
        if (rc == FOLIO_OK)
            rc = get_text(c, v, "caption", q, false, INGEST_MAX_CAPTION,
                          &pic->caption);
        if (rc != FOLIO_OK)
            return rc;
        pic->media = xstrdup(f->hex);
        pic->mime = xstrdup(f->mime);
    }

    rc = get_array(c, j, "zones", path, MODEL_MAX_ZONES, &arr);
    if (rc != FOLIO_OK)
        return rc;
    if (arr && json_array_size(arr)) {
        sub(p, path, "zones");
        if (pg->width <= 0 || pg->height <= 0)
            return bad(c, FOLIO_ERR_INVALID, p,
                       "zones need the page's width and height (give them, "
                       "or an image to take them from)");
        a->zones = xcalloc(json_array_size(arr), sizeof(*a->zones));
    }
    json_array_foreach(arr, i, v)
    {
        pathf(q, "%s[%zu]", p, i);
        rc = parse_zone(c, v, q, pg, &a->zones[a->nzones++]);
        if (rc != FOLIO_OK)
            return rc;
    }
    rc = parse_ref(c, j, "continues", path, &a->continues);
    if (rc == FOLIO_OK)
        rc = parse_ref(c, j, "continued_from", path, &a->continued_from);
    return rc;
}

/*
 * The shape of a BCP 47 tag: subtags of 1-8 letters or digits joined by
 * '-', the first 2-8 letters (or the singleton 'x' or 'i'). The registry
 * is not consulted.
 */
static bool lang_tag_valid(const char *tag)
{
    size_t len = 0, nsub = 0;
    const char *t;
    bool first_alpha = true;

    for (t = tag;; t++) {
        if (*t == '-' || *t == '\0') {
            if (len == 0 || len > 8)
                return false;
            if (nsub == 0 && !first_alpha)
                return false;
            if (nsub == 0 && len == 1 && tag[0] != 'x' && tag[0] != 'X' &&
                tag[0] != 'i' && tag[0] != 'I')
                return false;
            nsub++;
            len = 0;
            if (*t == '\0')
                return true;
            continue;
        }
        if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
              (*t >= '0' && *t <= '9')))
            return false;
        if (nsub == 0 && *t >= '0' && *t <= '9')
            first_alpha = false;
        len++;
    }
}

/* {"polygon": [[x, y], ...]}: 3..MODEL_MAX_POLYGON_POINTS points. */
static enum folio_rc parse_polygon(struct ctx *c,
                                   json_t *v,
                                   const char *path,
                                   const struct page *pg,
                                   struct zone *z)
{
    json_t *arr = json_object_get(v, "polygon"), *pt;
    long long x, y, minx = LLONG_MAX, miny = LLONG_MAX, maxx = -1, maxy = -1;
    char p[PATH_MAX_LEN], q[PATH_MAX_LEN];
    enum folio_rc rc;
    size_t i, n;

    rc = check_keys(c, v, path, polygon_keys);
    if (rc != FOLIO_OK)
        return rc;
    sub(p, path, "polygon");
    n = json_array_size(arr);
    if (!json_is_array(arr) || n < 3 || n > MODEL_MAX_POLYGON_POINTS)
        return bad(c, FOLIO_ERR_INVALID, arr ? p : path,
                   "a polygon must be an array of 3 to %d [x, y] points",
                   MODEL_MAX_POLYGON_POINTS);
    z->points = xcalloc(n, sizeof(*z->points));
    json_array_foreach(arr, i, pt)
    {
        pathf(q, "%s[%zu]", p, i);
        if (!json_is_array(pt) || json_array_size(pt) != 2 ||
            !json_is_integer(json_array_get(pt, 0)) ||
            !json_is_integer(json_array_get(pt, 1)))
            return bad(c, FOLIO_ERR_INVALID, q,
                       "must be an array [x, y] of 2 integers");
        x = json_integer_value(json_array_get(pt, 0));
        y = json_integer_value(json_array_get(pt, 1));
        if (x < 0 || y < 0 || x > pg->width || y > pg->height)
            return bad(c, FOLIO_ERR_INVALID, q,
                       "[%lld, %lld] lies outside the %dx%d page", x, y,
                       pg->width, pg->height);
        z->points[i].x = (int32_t)x;
        z->points[i].y = (int32_t)y;
        z->npoints++;
        minx = x < minx ? x : minx;
        miny = y < miny ? y : miny;
        maxx = x > maxx ? x : maxx;
        maxy = y > maxy ? y : maxy;
    }
    if (maxx == minx || maxy == miny)
        return bad(c, FOLIO_ERR_INVALID, p, "the polygon has no area");
    z->x = (int32_t)minx;
    z->y = (int32_t)miny;
    z->w = (int32_t)(maxx - minx);
    z->h = (int32_t)(maxy - miny);
    return FOLIO_OK;
}

/* A zone: [x, y, w, h] or {"polygon": [[x, y], ...]}, inside the page. */
static enum folio_rc parse_zone(struct ctx *c,
                                json_t *v,
                                const char *path,
                                const struct page *pg,
                                struct zone *z)
{
    long long n[4];
    size_t k;

    if (json_is_object(v))
        return parse_polygon(c, v, path, pg, z);
    if (!json_is_array(v) || json_array_size(v) != 4)
        return bad(c, FOLIO_ERR_INVALID, path,
                   "must be an array [x, y, w, h] of 4 integers or "
                   "{\"polygon\": [[x, y], ...]}");
    for (k = 0; k < 4; k++) {
        json_t *e = json_array_get(v, k);
        if (!json_is_integer(e))
            return bad(c, FOLIO_ERR_INVALID, path,
                       "must be an array [x, y, w, h] of 4 integers");
        n[k] = json_integer_value(e);
    }
    if (n[0] < 0 || n[1] < 0 || n[2] <= 0 || n[3] <= 0 || n[0] > pg->width ||
        n[1] > pg->height || n[2] > pg->width - n[0] ||
        n[3] > pg->height - n[1])
        return bad(c, FOLIO_ERR_INVALID, path,
                   "[%lld, %lld, %lld, %lld] lies outside the %dx%d page", n[0],
                   n[1], n[2], n[3], pg->width, pg->height);
    z->x = (int32_t)n[0];
    z->y = (int32_t)n[1];
    z->w = (int32_t)n[2];
    z->h = (int32_t)n[3];
    return FOLIO_OK;
}

static enum folio_rc
parse_page(struct ctx *c, json_t *j, size_t pi, struct page *pg)
{
    char path[PATH_MAX_LEN], p[PATH_MAX_LEN];
    struct pkg_file *img = NULL, *pdf = NULL;
    long long n = 0, w = 0, h = 0;
    bool has_n, has_w, has_h;
    json_t *arr, *v;
    enum folio_rc rc;
    size_t i;

    pathf(path, "pages[%zu]", pi);
    if (!json_is_object(j))
        return bad(c, FOLIO_ERR_INVALID, path, "must be an object");
    rc = check_keys(c, j, path, page_keys);
    if (rc == FOLIO_OK)
        rc =
            get_int(c, j, "number", path, true, 1, MODEL_MAX_PAGES, &n, &has_n);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "name", path, true, INGEST_MAX_SHORT_TEXT,
                      &pg->name);
    if (rc == FOLIO_OK)
        rc = get_file(c, j, "image", path, FILE_IMAGE, &img);
    if (rc == FOLIO_OK)
        rc = get_file(c, j, "pdf", path, FILE_PDF, &pdf);
    if (rc == FOLIO_OK)
        rc = get_int(c, j, "width", path, false, 1, MODEL_MAX_DIMENSION, &w,
                     &has_w);
    if (rc == FOLIO_OK)
        rc = get_int(c, j, "height", path, false, 1, MODEL_MAX_DIMENSION, &h,
                     &has_h);
    if (rc != FOLIO_OK)
        return rc;
    pg->number = (int)n;
    if (has_w != has_h) {
        sub(p, path, has_w ? "height" : "width");
        return bad(c, FOLIO_ERR_INVALID, p,
                   "missing (width and height go together)");
    }
    if (img || pdf) {
        /* the page replica: rendered (sandboxed) before anything is stored */
        struct ingest_page_file fi = { 0 }, fp = { 0 };
        struct ingest_page_render pr;
        if (img)
            fi = (struct ingest_page_file){ img->rel, img->data, img->len,
                                            img->hex };
        if (pdf)
            fp = (struct ingest_page_file){ pdf->rel, pdf->data, pdf->len,
                                            pdf->hex };
        rc = ingest_render_page(&c->pkg->render, img ? &fi : NULL,
                                pdf ? &fp : NULL, has_w ? (int)w : 0,
                                has_w ? (int)h : 0, &pr, c->err);
        if (rc != FOLIO_OK) {
            err_prefix(c->err, JSON_NAME ": %s", path);
            return rc;
        }
        pg->words = pr.words;
        pg->nwords = pr.nwords;
        if (img && img->width == 0) {
            img->width = pr.source_width;
            img->height = pr.source_height;
        }
        if (!img && !has_w) {
            w = pr.width;
            h = pr.height;
        }
    }
    if (img) {
        pg->image_media = xstrdup(img->hex);
        pg->image_mime = xstrdup(img->mime);
        if (!has_w) {
            if (img->width > MODEL_MAX_DIMENSION ||
                img->height > MODEL_MAX_DIMENSION) {
                sub(p, path, "image");
                return bad(c, FOLIO_ERR_TOO_LARGE, p,
                           "'%s' is %dx%d pixels, more than %d", img->rel,
                           img->width, img->height, MODEL_MAX_DIMENSION);
            }
            w = img->width;
            h = img->height;
        }
    }
    if (pdf)
        pg->pdf_media = xstrdup(pdf->hex);
    pg->width = (int)w;
    pg->height = (int)h;
    rc = get_array(c, j, "articles", path, MODEL_MAX_ARTICLES, &arr);
    if (rc != FOLIO_OK)
        return rc;
    if (!arr || !json_array_size(arr))
        return FOLIO_OK;
    pg->articles = xcalloc(json_array_size(arr), sizeof(*pg->articles));
    json_array_foreach(arr, i, v)
    {
        pathf(p, "%s.articles[%zu]", path, i);
        pg->narticles++;
        rc = parse_article(c, v, p, pg, pi, i);
        if (rc != FOLIO_OK)
            return rc;
    }
    return derive_zones(c, path, pg);
}

/*
 * Room for element n of an array of n elements of size bytes that only
 * this function grows: the capacity doubles whenever n is 0 or a power of
 * two, so n appends copy O(n) elements in all, not O(n^2) (ASan's realloc
 * always copies).
 */
static void *grow_one(void *p, size_t n, size_t size)
{
    if (n == 0 || (n & (n - 1)) == 0)
        return xreallocarray(p, n ? 2 * n : 1, size);
    return p;
}

static void msg_add(char ***list, size_t *n, const char *fmt, ...)
{
    va_list ap;
    char s[512];

    va_start(ap, fmt);
    (void)vsnprintf(s, sizeof(s), fmt, ap);
    va_end(ap);
    *list = xreallocarray(*list, *n + 1, sizeof(**list));
    (*list)[(*n)++] = xstrdup(s);
}

/*
 * Zones from the page's text layer for its articles that have text but
 * no zones (given zones are never replaced); a note per article says how
 * much of its text was found, a warning when under half.
 */
static enum folio_rc
derive_zones(struct ctx *c, const char *path, struct page *pg)
{
    struct ingest_zone_result *res = NULL;
    struct ingest_package *pkg = c->pkg;
    enum folio_rc rc;
    bool want = false;
    size_t i;

    for (i = 0; i < pg->narticles; i++)
        want = want || pg->articles[i].nzones == 0;
    if (!want || pg->nwords == 0)
        return FOLIO_OK;
    rc = ingest_zones_derive(pg, &res, c->err);
    if (rc != FOLIO_OK) {
        err_prefix(c->err, JSON_NAME ": %s", path);
        return rc;
    }
    for (i = 0; i < pg->narticles; i++) {
        struct article *a = &pg->articles[i];
        struct ingest_zone_result *r = &res[i];
        unsigned pct;

        if (a->nzones > 0 || r->chars == 0)
            continue;
        pct = (unsigned)(r->located * 100 / r->chars);
        a->zones = r->zones;
        a->nzones = r->nzones;
        r->zones = NULL;
        r->nzones = 0;
        if (pct < 50 || a->nzones == 0)
            msg_add(&pkg->warnings, &pkg->nwarnings,
                    "%s.articles[%zu]: only %u%% of the text of '%s' "
                    "located on the page's text layer (%zu zone%s)",
                    path, i, pct, a->id, a->nzones, a->nzones == 1 ? "" : "s");
        else
            msg_add(&pkg->notes, &pkg->nnotes,
                    "%s.articles[%zu]: %u%% of the text of '%s' located "
                    "on the page's text layer (%zu zone%s derived)",
                    path, i, pct, a->id, a->nzones, a->nzones == 1 ? "" : "s");
    }
    ingest_zone_results_free(res, pg->narticles);
    return FOLIO_OK;
}

const char *const *ingest_package_warnings(const struct ingest_package *pkg,
                                           size_t *n)
{
    *n = pkg->nwarnings;
    return (const char *const *)pkg->warnings;
}

const char *const *ingest_package_notes(const struct ingest_package *pkg,
                                        size_t *n)
{
    *n = pkg->nnotes;
    return (const char *const *)pkg->notes;
}

static enum folio_rc parse_paper(struct ctx *c, json_t *root, struct paper *p)
{
    json_t *j = json_object_get(root, "paper");
    enum folio_rc rc;

    if (!j)
        return bad(c, FOLIO_ERR_INVALID, "paper", "missing");
    if (!json_is_object(j))
        return bad(c, FOLIO_ERR_INVALID, "paper", "must be an object");
    rc = check_keys(c, j, "paper", paper_keys);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "id", "paper", true, MODEL_ID_MAX + 1, &p->id);
    if (rc != FOLIO_OK)
        return rc;
    if (!model_id_valid(p->id, true))
        return bad(c, FOLIO_ERR_INVALID, "paper.id",
                   "'%s' must be 1-%d characters of a-z, 0-9, '-' or '_'",
                   p->id, MODEL_ID_MAX);
    rc = get_text(c, j, "name", "paper", true, INGEST_MAX_SHORT_TEXT, &p->name);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "language", "paper", true, 35, &p->language);
    if (rc == FOLIO_OK)
        rc = get_text(c, j, "timezone", "paper", false, 64, &p->timezone);
    if (rc != FOLIO_OK)
        return rc;
    if (!language_tag_ok(p->language))
        return bad(c, FOLIO_ERR_INVALID, "paper.language",
                   "'%s' is not a BCP 47 language tag", p->language);
    if (p->timezone && !timezone_name_ok(p->timezone))
        return bad(c, FOLIO_ERR_INVALID, "paper.timezone",
                   "'%s' is not an IANA time zone name", p->timezone);
    if (!p->timezone)
        p->timezone = xstrdup(
            strncasecmp(p->language, "zh", 2) == 0 ? "Asia/Shanghai" : "UTC");
    return FOLIO_OK;
}

static int id_cmp(const void *a, const void *b)
{
    const struct id_seen *x = a, *y = b;
    int r = strcmp(x->id, y->id);

    if (r)
        return r;
    if (x->pi != y->pi)
        return x->pi < y->pi ? -1 : 1;
    return (x->ai > y->ai) - (x->ai < y->ai);
}

/*
 * Report the first (in package order) article whose id was seen before on
 * the same page. Ids are unique per page: the page number is part of the
 * article URL, and default ids restart at "1" on every page.
 */
static enum folio_rc check_ids(struct ctx *c)
{
    const struct id_seen *dup = NULL, *orig = NULL;
    char p[PATH_MAX_LEN];
    size_t i;

    if (c->nids > 1)
        qsort(c->ids, c->nids, sizeof(*c->ids), id_cmp);
    for (i = 1; i < c->nids; i++) {
        const struct id_seen *x = &c->ids[i];
        if (strcmp(x->id, c->ids[i - 1].id) != 0 || x->pi != c->ids[i - 1].pi)
            continue;
        if (!dup || x->pi < dup->pi || (x->pi == dup->pi && x->ai < dup->ai)) {
            dup = x;
            orig = &c->ids[i - 1];
            while (orig > c->ids && strcmp((orig - 1)->id, x->id) == 0 &&
                   (orig - 1)->pi == x->pi)
                orig--;
        }
    }
    if (!dup)
        return FOLIO_OK;
    pathf(p, "pages[%zu].articles[%zu].id", dup->pi, dup->ai);
    return bad(c, FOLIO_ERR_INVALID, p,
               "duplicate article id '%s' on page %d (also "
               "pages[%zu].articles[%zu])",
               dup->id, c->pkg->iss->pages[dup->pi].number, orig->pi, orig->ai);
}

static enum folio_rc check_refs(struct ctx *c)
{
    const struct issue *iss = c->pkg->iss;
    char p[PATH_MAX_LEN];
    size_t pi, ai, k, q;

    for (pi = 0; pi < iss->npages; pi++)
        for (ai = 0; ai < iss->pages[pi].narticles; ai++) {
            const struct article *a = &iss->pages[pi].articles[ai];
            const struct article_ref *refs[2] = { &a->continues,
                                                  &a->continued_from };
            for (k = 0; k < 2; k++) {
                const struct article_ref *r = refs[k];
                bool found = false;
                if (r->page == 0)
                    continue;
                for (q = 0; q < iss->npages && !found; q++) {
                    const struct page *pg = &iss->pages[q];
                    size_t b;
                    if (pg->number != r->page)
                        continue;
                    for (b = 0; b < pg->narticles && !found; b++)
                        found = strcmp(pg->articles[b].id, r->article) == 0;
                }
                if (!found) {
                    pathf(p, "pages[%zu].articles[%zu].%s", pi, ai,
                          k == 0 ? "continues" : "continued_from");
                    return bad(c, FOLIO_ERR_INVALID, p,
                               "no article '%s' on page %d", r->article,
                               r->page);
                }
            }
        }
    return FOLIO_OK;
}

/* The article r names (r->page != 0); false when there is none. */
static bool find_ref(const struct issue *iss,
                     const struct article_ref *r,
                     size_t *pi,
                     size_t *ai)
{
    size_t q, b;

    for (q = 0; q < iss->npages; q++) {
        if (iss->pages[q].number != r->page)
            continue;
        for (b = 0; b < iss->pages[q].narticles; b++)
            if (strcmp(iss->pages[q].articles[b].id, r->article) == 0) {
                *pi = q;
                *ai = b;
                return true;
            }
    }
    return false;
}

static const char *const chain_names[2] = { "continues", "continued_from" };

/*
 * The two continuation references of pages[pi].articles[ai] (package
 * order): pass 0 refuses one naming the article itself, pass 1 one whose
 * other end names a different article back.
 */
static enum folio_rc
check_chain_ends(struct ctx *c, int pass, size_t pi, size_t ai)
{
    const struct issue *iss = c->pkg->iss;
    const struct article *a = &iss->pages[pi].articles[ai];
    const struct article_ref *refs[2] = { &a->continues, &a->continued_from };
    char p[PATH_MAX_LEN];
    size_t k;

    for (k = 0; k < 2; k++) {
        const struct article *t;
        const struct article_ref *back;
        size_t tp, ta;
        if (refs[k]->page == 0 || !find_ref(iss, refs[k], &tp, &ta))
            continue;
        pathf(p, "pages[%zu].articles[%zu].%s", pi, ai, chain_names[k]);
        if (pass == 0) {
            if (tp == pi && ta == ai)
                return bad(c, FOLIO_ERR_INVALID, p, "names the article itself");
            continue;
        }
        t = &iss->pages[tp].articles[ta];
        back = k == 0 ? &t->continued_from : &t->continues;
        if (back->page != 0 && (back->page != iss->pages[pi].number ||
                                strcmp(back->article, a->id) != 0))
            return bad(c, FOLIO_ERR_INVALID, p,
                       "article '%s' on page %d says it %s article '%s' on "
                       "page %d",
                       t->id, iss->pages[tp].number,
                       k == 0 ? "is continued from" : "continues on",
                       back->article, back->page);
    }
    return FOLIO_OK;
}

/*
 * After check_refs (every reference names an article): a continuation
 * does not name its own article, agrees with what the other end says
 * about it, and never loops (A -> B -> A), for continues and for
 * continued_from. Package order: pages as in the file.
 */
static enum folio_rc check_chains(struct ctx *c)
{
    const struct issue *iss = c->pkg->iss;
    size_t *base, *mark, total = 0, pi, ai, k, walk = 0;
    int pass;
    char p[PATH_MAX_LEN];
    enum folio_rc rc = FOLIO_OK;

    /* base[pi]: flat index of pages[pi].articles[0] */
    base = xcalloc(iss->npages + 1, sizeof(*base));
    for (pi = 0; pi < iss->npages; pi++) {
        base[pi] = total;
        total += iss->pages[pi].narticles;
    }
    mark = xcalloc(total + 1, sizeof(*mark));
    /* pass 0: references to the article itself; pass 1: disagreements */
    for (pass = 0; pass < 2 && rc == FOLIO_OK; pass++)
        for (pi = 0; pi < iss->npages && rc == FOLIO_OK; pi++)
            for (ai = 0; ai < iss->pages[pi].narticles && rc == FOLIO_OK; ai++)
                rc = check_chain_ends(c, pass, pi, ai);
    /*
     * Loops: every article has at most one successor, so walk from each
     * unvisited article marking with the walk's number; reaching a mark
     * of the current walk closes a loop.
     */
    for (k = 0; k < 2 && rc == FOLIO_OK; k++) {
        memset(mark, 0, (total + 1) * sizeof(*mark));
        for (pi = 0; pi < iss->npages && rc == FOLIO_OK; pi++)
            for (ai = 0; ai < iss->pages[pi].narticles; ai++) {
                size_t cp = pi, ca = ai;
                walk++;
                while (mark[base[cp] + ca] == 0) {
                    const struct article *a = &iss->pages[cp].articles[ca];
                    const struct article_ref *r =
                        k == 0 ? &a->continues : &a->continued_from;
                    mark[base[cp] + ca] = walk;
                    if (r->page == 0 || !find_ref(iss, r, &cp, &ca))
                        break;
                }
                if (mark[base[cp] + ca] == walk &&
                    (k == 0
                         ? iss->pages[cp].articles[ca].continues.page
                         : iss->pages[cp].articles[ca].continued_from.page) !=
                        0) {
                    pathf(p, "pages[%zu].articles[%zu].%s", cp, ca,
                          chain_names[k]);
                    rc = bad(c, FOLIO_ERR_INVALID, p,
                             "the continuations loop back to this article");
                    break;
                }
            }
    }
    free(base);
    free(mark);
    return rc;
}

static int page_cmp(const void *a, const void *b)
{
    const struct page *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

static enum folio_rc parse_issue(struct ctx *c, json_t *root)
{
    struct issue *iss = c->pkg->iss;
    long long version = 0, number = 0;
    struct date d;
    json_t *pages, *v;
    char *date = NULL, *p = NULL;
    enum folio_rc rc;
    bool present;
    size_t i, k;

    if (!json_is_object(root))
        return bad(c, FOLIO_ERR_INVALID, "", "must be a JSON object");
    v = json_object_get(root, "folio_package");
    if (!v)
        return bad(c, FOLIO_ERR_INVALID, "folio_package", "missing");
    if (!json_is_integer(v))
        return bad(c, FOLIO_ERR_INVALID, "folio_package",
                   "must be the integer 1");
    version = json_integer_value(v);
    if (version != 1)
        return bad(c, FOLIO_ERR_UNSUPPORTED, "folio_package",
                   "unsupported version %lld (this folio reads version 1)",
                   version);
    rc = check_keys(c, root, "", top_keys);
    if (rc == FOLIO_OK)
        rc = parse_paper(c, root, &iss->paper);
    if (rc == FOLIO_OK)
        rc = get_text(c, root, "date", "", true, 10 + 1, &date);
    if (rc != FOLIO_OK || !date)
        goto out;
    if (!date_parse(date, strlen(date), &d)) {
        rc = bad(c, FOLIO_ERR_INVALID, "date",
                 "'%s' is not a valid date (YYYY-MM-DD)", date);
        goto out;
    }
    date_format(&d, iss->date);
    rc = get_int(c, root, "number", "", false, 1, INT64_MAX, &number, &present);
    if (rc == FOLIO_OK)
        rc = get_text(c, root, "edition", "", false, INGEST_MAX_SHORT_TEXT,
                      &iss->edition);
    if (rc != FOLIO_OK)
        goto out;
    iss->number = number;
    pages = json_object_get(root, "pages");
    if (!pages) {
        rc = bad(c, FOLIO_ERR_INVALID, "pages", "missing");
        goto out;
    }
    rc = get_array(c, root, "pages", "", MODEL_MAX_PAGES, &pages);
    if (rc != FOLIO_OK)
        goto out;
    if (json_array_size(pages) == 0) {
        rc = bad(c, FOLIO_ERR_INVALID, "pages", "no pages");
        goto out;
    }
    iss->pages = xcalloc(json_array_size(pages), sizeof(*iss->pages));
    json_array_foreach(pages, i, v)
    {
        iss->npages++;
        rc = parse_page(c, v, i, &iss->pages[i]);
        if (rc != FOLIO_OK)
            goto out;
        for (k = 0; k < i; k++)
            if (iss->pages[k].number == iss->pages[i].number) {
                p = xasprintf("pages[%zu].number", i);
                rc = bad(c, FOLIO_ERR_INVALID, p,
                         "duplicate page number %d (also pages[%zu])",
                         iss->pages[i].number, k);
                goto out;
            }
    }
    rc = check_ids(c);
    if (rc == FOLIO_OK)
        rc = check_refs(c);
    if (rc == FOLIO_OK)
        rc = check_chains(c);
    if (rc != FOLIO_OK)
        goto out;
    qsort(iss->pages, iss->npages, sizeof(*iss->pages), page_cmp);
    for (i = 0; i < iss->npages; i++)
        for (k = 0; k < iss->pages[i].narticles; k++)
            iss->pages[i].articles[k].seq = (int)k + 1;
    rc = issue_validate(iss, c->err);
    if (rc != FOLIO_OK)
        err_prefix(c->err, JSON_NAME);
out:
    free(date);
    free(p);
    return rc;
}

enum folio_rc ingest_package_open(const char *path,
                                  struct ingest_package **out,
                                  struct folio_err *err)
{
    return ingest_package_open_in(path, NULL, out, err);
}

enum folio_rc ingest_package_open_in(const char *path,
                                     const char *data_dir,
                                     struct ingest_package **out,
                                     struct folio_err *err)
{
    struct ctx c;
    unsigned char *text = NULL;
    size_t len = 0;
    json_t *root = NULL;
    json_error_t jerr;
    enum folio_rc rc;
    char where[64];

    memset(&c, 0, sizeof(c));
    c.err = err;
    if (sodium_init() < 0)
        return err_set(err, FOLIO_ERR_IO, NULL, "cannot initialise libsodium");
    c.pkg = xcalloc(1, sizeof(*c.pkg));
    c.pkg->iss = xcalloc(1, sizeof(*c.pkg->iss));
    if (data_dir) {
        char *work = xasprintf("%s/tmp", data_dir);
        ingest_render_work_dir(&c.pkg->render, work);
        free(work);
    }
    rc = pkg_src_open(&c.src, path, err);
    if (rc != FOLIO_OK) {
        c.src.dirfd = -1;
        goto out;
    }
    rc = pkg_src_read(&c.src, JSON_NAME, INGEST_MAX_JSON_BYTES, JSON_NAME,
                      &text, &len, err);
    if (rc != FOLIO_OK)
        goto out;
    root = json_loadb((const char *)text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        (void)snprintf(where, sizeof(where), JSON_NAME ":%d:%d", jerr.line,
                       jerr.column);
        rc = err_set(err, FOLIO_ERR_INVALID, where, "%s", jerr.text);
        goto out;
    }
    rc = parse_issue(&c, root);
out:
    json_decref(root);
    free(text);
    free(c.ids);
    pkg_src_release(&c.src);
    if (rc != FOLIO_OK) {
        ingest_package_free(c.pkg);
        return rc;
    }
    *out = c.pkg;
    return FOLIO_OK;
}

const struct issue *ingest_package_issue(const struct ingest_package *pkg)
{
    return pkg->iss;
}

void ingest_package_free(struct ingest_package *pkg)
{
    size_t i;

    if (!pkg)
        return;
    for (i = 0; i < pkg->nfiles; i++) {
        free(pkg->files[i]->rel);
        free(pkg->files[i]->data);
        free(pkg->files[i]);
    }
    free(pkg->files);
    for (i = 0; i < pkg->nwarnings; i++)
        free(pkg->warnings[i]);
    free(pkg->warnings);
    for (i = 0; i < pkg->nnotes; i++)
        free(pkg->notes[i]);
    free(pkg->notes);
    ingest_render_free(pkg->render);
    issue_free(pkg->iss);
    free(pkg);
}

enum folio_rc ingest_package_commit(struct ingest_package *pkg,
                                    struct store *st,
                                    const struct ingest_options *opt,
                                    struct ingest_result *out,
                                    struct folio_err *err)
{
    struct issue_summary *sm = NULL;
    char hex[STORE_SHA256_HEX];
    enum folio_rc rc = FOLIO_OK;
    struct ingest_result res;
    size_t i, n = 0;

    for (i = 0; i < pkg->nfiles; i++) {
        const struct pkg_file *f = pkg->files[i];
        if (f->kind == FILE_TEXT)
            continue;
        rc = store_media_put(st, f->data, f->len, hex, err);
        if (rc != FOLIO_OK)
            return rc;
        if (strcmp(hex, f->hex) != 0)
            BUG("media hash mismatch for %s", f->rel);
    }
    rc = ingest_render_commit(pkg->render, store_dir(st), err);
    if (rc != FOLIO_OK)
        return rc;
    pkg->iss->status = opt && opt->publish ? ISSUE_PUBLISHED : ISSUE_DRAFT;
    rc = store_issue_put(st, pkg->iss, opt && opt->replace, err);
    if (rc != FOLIO_OK)
        return rc;
    if (!out)
        return FOLIO_OK;
    rc = store_issue_list(st, pkg->iss->paper.id, false, pkg->iss->date,
                          pkg->iss->date, &sm, &n, err);
    if (rc != FOLIO_OK)
        return rc;
    if (n != 1)
        BUG("issue %s %s not found after storing it", pkg->iss->paper.id,
            pkg->iss->date);
    memset(&res, 0, sizeof(res));
    (void)snprintf(res.paper_id, sizeof(res.paper_id), "%s", sm->paper_id);
    (void)snprintf(res.date, sizeof(res.date), "%s", sm->date);
    res.npages = sm->npages;
    res.narticles = sm->narticles;
    res.status = sm->status;
    free(sm);
    *out = res;
    return FOLIO_OK;
}

enum folio_rc ingest_import(struct store *st,
                            const char *path,
                            const struct ingest_options *opt,
                            struct ingest_result *out,
                            struct folio_err *err)
{
    struct ingest_package *pkg = NULL;
    struct ingest_result res;
    enum folio_rc rc;
    size_t i;

    rc = ingest_package_open_in(path, st ? store_dir(st) : NULL, &pkg, err);
    if (rc != FOLIO_OK)
        return rc;
    if (!pkg)
        BUG("ingest_package_open gave no package");
    if (st) {
        rc = ingest_package_commit(pkg, st, opt, out, err);
        goto out;
    }
    memset(&res, 0, sizeof(res));
    (void)snprintf(res.paper_id, sizeof(res.paper_id), "%s",
                   pkg->iss->paper.id);
    memcpy(res.date, pkg->iss->date, sizeof(res.date));
    res.npages = (int)pkg->iss->npages;
    for (i = 0; i < pkg->iss->npages; i++)
        res.narticles += (int)pkg->iss->pages[i].narticles;
    res.status = opt && opt->publish ? ISSUE_PUBLISHED : ISSUE_DRAFT;
    if (out)
        *out = res;
out:
    ingest_package_free(pkg);
    return rc;
}
