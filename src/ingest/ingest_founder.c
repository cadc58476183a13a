/* SPDX-License-Identifier: MIT */
/*
 * ingest_founder.c - importing a mirror of a Founder (方正) 数字报 site.
 *
 * Page files (node_N.htm under html/YYYY-MM/DD/, or node_NN.html under
 * layout/YYYYMM/DD/) give the page number and 版名, the page image
 * (<img usemap>), the PDF link and the <map>/<area> hot zones (polygons
 * kept). Article files (content_N.htm, content/YYYYMM/DD/content_N.html)
 * give kicker, headline, subhead and byline from the <!--enpproperty-->
 * block and the body from <!--enpcontent-->...<!--/enpcontent--> or the
 * #ozoom div. Encodings: UTF-8 (BOM or not) or GBK/GB18030, whatever the
 * file declares. Format: docs/formats/founder-epaper.md.
 */
#include "base/compat.h"

#include "ingest/ingest.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "ingest/ingest_founder_int.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define FOUNDER_MAX_FILES    200000
#define FOUNDER_MAX_DEPTH    10
#define FOUNDER_MAX_WARNINGS 1000
#define FOUNDER_MAX_MEDIA    (64u << 20)

/* A node (page) or content (article) file of the mirror. */
struct ffile {
    char *rel; /* relative to the mirror root */
    char *key; /* old-URL key (store_legacy_link) */
    char date[11];
    bool is_node;
    long num; /* N of node_N / content_N */
};

struct strlist {
    char **v;
    size_t n;
};

struct ingest_founder {
    char *root;
    char *paper_id;
    char *paper_name;
    struct ffile *files;
    size_t nfiles;
    char (*dates)[11];
    size_t ndates;
    size_t *date_first; /* files of dates[i]: [date_first[i], [i + 1]) */
    struct strlist warnings;
};

/* A file read for the issue's media (page image, PDF, picture). */
struct fmedia {
    unsigned char *data;
    size_t len;
    char hex[STORE_SHA256_HEX];
};

struct fzone {
    long num; /* content_N it links to */
    struct zone z;
};

struct ftitle {
    long num;
    char *text;
};

/* What a page file says. */
struct fpage {
    int number;
    char section; /* 'A' of "A01版", 0 when the label has no letter */
    int rank;     /* number in (section, number) order: section_numbers */
    char *name;
    char *image_rel, *pdf_rel;
    int img_w, img_h; /* <img width height>, 0 when absent */
    struct fzone *zones;
    size_t nzones;
    struct ftitle *titles;
    size_t ntitles;
    const struct ffile *file;
};

struct fpic {
    char *rel;
    char *caption;
};

/* What an article file says. */
struct farticle {
    long num;
    char *kicker, *headline, *subhead, *byline;
    struct strlist paras;
    struct fpic *pics;
    size_t npics;
    int page_hint;
    char hint_section; /* 'B' of <pagenum>B02</pagenum>, else 0 */
    char *page_name;   /* <nodename> */
    const struct ffile *file;
    const struct ingest_founder *f; /* for site-absolute picture links */
    bool used;
};

struct link {
    char *key;
    int page;
    char *article;
};

struct ingest_founder_issue {
    struct issue *iss;
    struct fmedia *media;
    size_t nmedia;
    struct link *links;
    size_t nlinks;
    struct strlist warnings;
    int nzones;
    int nmissing;
    char source_hex[STORE_SHA256_HEX]; /* SHA-256 of what it was built from */
    char *root;                        /* the mirror: the source's path */
};

/* State while building one issue. */
struct build {
    struct ingest_founder *f;
    struct ingest_founder_issue *fi;
    struct fpage *pages;
    size_t npages;
    struct farticle *arts;
    size_t narts;
    char *title; /* <title> of the first page file */
    char *derived_id;
    crypto_hash_sha256_state sha; /* over every file read, in order */
    struct folio_err *err;
};

static void strlist_add(struct strlist *l, char *s);
static void strlist_free(struct strlist *l);
static void warnf(struct strlist *l, const char *fmt, ...) FOLIO_PRINTF(2, 3);
static bool name_match(const char *name, bool *is_node, long *num, bool *html);
static bool two_digits(const char *s, int *out);
static bool date_dir(const char *s, int *y, int *m, bool *dashed);
static bool path_date(const char *rel, char date[11], char **key);
static bool text_date(const char *text, char date[11]);
static FOLIO_MUST_USE enum folio_rc read_file(const char *path,
                                              size_t max,
                                              unsigned char **out,
                                              size_t *len,
                                              struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc walk(struct ingest_founder *f,
                                         const char *rel,
                                         int depth,
                                         struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
add_file(struct ingest_founder *f, const char *rel, struct folio_err *err);
static int ffile_cmp(const void *a, const void *b);
static char *pct_decode(const char *s, size_t n);
static char *resolve(const char *base_rel, const char *href);
static char *resolve_media(const struct ingest_founder *f,
                           const char *base_rel,
                           const char *href);
static bool href_file(const char *href, bool *is_node, long *num);
static bool href_is_self(const char *href, const char *base);
static FOLIO_MUST_USE enum folio_rc load_text(struct build *b,
                                              const struct ffile *ff,
                                              char **text,
                                              size_t *len,
                                              struct folio_err *err);
static bool parse_label(const char *s, int *num, char *section, char **name);
static void section_numbers(struct build *b);
static void parse_coords(const char *s, long *v, size_t *n, size_t max);
static bool make_zone(const char *shape, const char *coords, struct zone *z);
static FOLIO_MUST_USE enum folio_rc
parse_page(struct build *b, const struct ffile *ff, struct fpage *pg);
static char *enp_prop(const char *text, const char *tag);
static char *short_text(char *s, size_t max);
static void para_cb(void *ctx, const char *text);
static void img_cb(void *ctx, xmlNodePtr img);
static void parse_body_html(struct farticle *a, const char *html, size_t len);
static void outside_pictures(struct farticle *a, htmlDocPtr doc);
static FOLIO_MUST_USE enum folio_rc
parse_article(struct build *b, const struct ffile *ff, struct farticle *a);
static int page_of(const char *s);
static char section_of(const char *s);
static bool page_lists(const struct build *b, long num);
static int key_rank(const int *keys, size_t n, int key);
static FOLIO_MUST_USE enum folio_rc
read_media(struct build *b, const char *rel, const char *what, size_t *idx);
static struct page *issue_page(struct issue *iss, int number);
static void
add_article(struct build *b, struct page *pg, long num, const char *title);
static FOLIO_MUST_USE enum folio_rc assemble(struct build *b);
static void fpage_release(struct fpage *pg);
static void farticle_release(struct farticle *a);
static char *derive_paper_id(const char *rel);
static int page_cmp(const void *a, const void *b);

static void strlist_add(struct strlist *l, char *s)
{
    l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
    l->v[l->n++] = s;
}

static void strlist_free(struct strlist *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static void warnf(struct strlist *l, const char *fmt, ...)
{
    va_list ap;
    struct buf b = BUF_INIT(4096);

    if (l->n >= FOUNDER_MAX_WARNINGS)
        return;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    if (l->n + 1 == FOUNDER_MAX_WARNINGS) {
        buf_reset(&b);
        buf_adds(&b, "too many warnings; the rest are not shown");
    }
    strlist_add(l, buf_detach(&b, NULL));
}

/* node_N.htm, content_N.html (case-insensitive). */
static bool name_match(const char *name, bool *is_node, long *num, bool *html)
{
    const char *p;
    char *end;
    long v;

    if (strncasecmp(name, "node_", 5) == 0) {
        *is_node = true;
        p = name + 5;
    } else if (strncasecmp(name, "content_", 8) == 0) {
        *is_node = false;
        p = name + 8;
    } else {
        return false;
    }
    if (*p < '0' || *p > '9')
        return false;
    errno = 0;
    v = strtol(p, &end, 10);
    if (errno || v < 0 || end - p > 12)
        return false;
    if (strcasecmp(end, ".htm") == 0)
        *html = false;
    else if (strcasecmp(end, ".html") == 0)
        *html = true;
    else
        return false;
    *num = v;
    return true;
}

static bool two_digits(const char *s, int *out)
{
    if (strlen(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

/* "2023-02" or "202302". */
static bool date_dir(const char *s, int *y, int *m, bool *dashed)
{
    size_t i, n = strlen(s);

    if (n == 7 && s[4] == '-') {
        for (i = 0; i < 7; i++)
            if (i != 4 && (s[i] < '0' || s[i] > '9'))
                return false;
        *dashed = true;
    } else if (n == 6) {
        for (i = 0; i < 6; i++)
            if (s[i] < '0' || s[i] > '9')
                return false;
        *dashed = false;
    } else {
        return false;
    }
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
         (s[3] - '0');
    *m = (s[n - 2] - '0') * 10 + (s[n - 1] - '0');
    return true;
}

/*
 * Date and old-URL key from ".../YYYY-MM/DD/file" or ".../YYYYMM/DD/file".
 * key: "html/YYYY-MM/DD/file" (dashed shape) or "<layout|content>/YYYYMM/
 * DD/file"; malloc'd.
 */
static bool path_date(const char *rel, char date[11], char **key)
{
    char *copy = xstrdup(rel), *parts[3] = { NULL, NULL, NULL };
    char *slash;
    int i, y, m, d;
    bool dashed, ok = false, is_node, html;
    long num;
    struct date dt;

    for (i = 0; i < 3; i++) {
        slash = strrchr(copy, '/');
        if (!slash) {
            if (i == 2)
                parts[2] = copy;
            break;
        }
        parts[i] = slash + 1;
        *slash = '\0';
    }
    if (!parts[0] || !parts[1] || !parts[2])
        goto out;
    if (!two_digits(parts[1], &d) || !date_dir(parts[2], &y, &m, &dashed) ||
        !date_valid(y, m, d))
        goto out;
    dt = (struct date){ .year = y, .month = m, .day = d };
    date_format(&dt, date);
    if (!name_match(parts[0], &is_node, &num, &html))
        goto out;
    *key = xasprintf("%s/%s/%s/%s",
                     dashed ? "html" : (is_node ? "layout" : "content"),
                     parts[2], parts[1], parts[0]);
    ok = true;
out:
    free(copy);
    return ok;
}

/* The first date written in text: enpproperty <date>, 2023年02月10日. */
static bool text_date(const char *text, char date[11])
{
    const char *p;
    int y, m, d;
    struct date dt;

    p = strstr(text, "<date>");
    if (p && sscanf(p + 6, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
        date_valid(y, m, d))
        goto ok;
    for (p = text; (p = strstr(p, "年")) != NULL; p++) {
        const char *q = p;
        int k = 0;
        while (q > text && k < 4 && q[-1] >= '0' && q[-1] <= '9') {
            q--;
            k++;
        }
        if (k == 4 && sscanf(q, "%4d年%2d月%2d日", &y, &m, &d) == 3 &&
            date_valid(y, m, d))
            goto ok;
    }
    return false;
ok:
    dt = (struct date){ .year = y, .month = m, .day = d };
    date_format(&dt, date);
    return true;
}

static enum folio_rc read_file(const char *path,
                               size_t max,
                               unsigned char **out,
                               size_t *len,
                               struct folio_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat sb;
    unsigned char *data = NULL;
    size_t got = 0;
    ssize_t r;
    enum folio_rc rc = FOLIO_OK;

    if (fd < 0)
        return err_errno(err, path, "cannot open");
    if (fstat(fd, &sb) != 0) {
        rc = err_errno(err, path, "cannot stat");
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        rc = err_set(err, FOLIO_ERR_INVALID, path, "not a regular file");
        goto out;
    }
    if ((uint64_t)sb.st_size > max) {
        rc =
            err_set(err, FOLIO_ERR_TOO_LARGE, path, "file over %zu bytes", max);
        goto out;
    }
    data = xmalloc((size_t)sb.st_size + 1);
    while (got < (size_t)sb.st_size) {
        r = read(fd, data + got, (size_t)sb.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = err_errno(err, path, "cannot read");
            goto out;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    data[got] = 0;
    *out = data;
    *len = got;
    data = NULL;
out:
    free(data);
    close(fd);
    return rc;
}

static enum folio_rc
add_file(struct ingest_founder *f, const char *rel, struct folio_err *err)
{
    const char *base = strrchr(rel, '/');
    struct ffile ff = { 0 };
    bool html;
    unsigned char *data = NULL;
    char *text = NULL, *path = NULL;
    size_t len = 0, tlen = 0;
    enum folio_rc rc = FOLIO_OK;

    base = base ? base + 1 : rel;
    if (!name_match(base, &ff.is_node, &ff.num, &html))
        return FOLIO_OK;
    if (f->nfiles >= FOUNDER_MAX_FILES)
        return err_set(err, FOLIO_ERR_TOO_LARGE, f->root,
                       "more than %d Founder files", FOUNDER_MAX_FILES);
    if (!path_date(rel, ff.date, &ff.key)) {
        /* no YYYY-MM/DD in the path: look inside */
        path = xasprintf("%s/%s", f->root, rel);
        rc = read_file(path, FOUNDER_MAX_HTML_BYTES, &data, &len, err);
        if (rc == FOLIO_OK)
            rc = ftext_to_utf8(data, len, rel, &text, &tlen, NULL, err);
        if (rc != FOLIO_OK)
            goto out;
        if (!text_date(text, ff.date)) {
            warnf(&f->warnings,
                  "%s: skipped: no date in its path (YYYY-MM/DD) or text", rel);
            goto out;
        }
        ff.key =
            xasprintf("%s/%.4s%s%.2s/%.2s/%s",
                      html ? (ff.is_node ? "layout" : "content") : "html",
                      ff.date, html ? "" : "-", ff.date + 5, ff.date + 8, base);
    }
    ff.rel = xstrdup(rel);
    f->files = xreallocarray(f->files, f->nfiles + 1, sizeof(*f->files));
    f->files[f->nfiles++] = ff;
    ff.key = NULL;
out:
    free(ff.key);
    free(path);
    free(data);
    free(text);
    return rc;
}

static enum folio_rc walk(struct ingest_founder *f,
                          const char *rel,
                          int depth,
                          struct folio_err *err)
{
    char *dirpath =
        rel[0] ? xasprintf("%s/%s", f->root, rel) : xstrdup(f->root);
    DIR *d = opendir(dirpath);
    struct dirent *e;
    enum folio_rc rc = FOLIO_OK;
    char **names = NULL;
    size_t n = 0, i;

    if (!d) {
        rc = err_errno(err, dirpath, "cannot open folder");
        goto out;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n >= FOUNDER_MAX_FILES) {
            rc = err_set(err, FOLIO_ERR_TOO_LARGE, dirpath,
                         "more than %d entries", FOUNDER_MAX_FILES);
            goto out;
        }
        names = xreallocarray(names, n + 1, sizeof(*names));
        names[n++] = xstrdup(e->d_name);
    }
    for (i = 0; i < n && rc == FOLIO_OK; i++) {
        char *sub =
            rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
        char *full = xasprintf("%s/%s", f->root, sub);
        struct stat sb;
        if (lstat(full, &sb) == 0) {
            if (S_ISDIR(sb.st_mode) && depth < FOUNDER_MAX_DEPTH)
                rc = walk(f, sub, depth + 1, err);
            else if (S_ISREG(sb.st_mode))
                rc = add_file(f, sub, err);
        }
        free(sub);
        free(full);
    }
out:
    if (d)
        closedir(d);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(dirpath);
    return rc;
}

static int ffile_cmp(const void *a, const void *b)
{
    const struct ffile *x = a, *y = b;
    int r = strcmp(x->date, y->date);

    if (r)
        return r;
    if (x->is_node != y->is_node)
        return x->is_node ? -1 : 1;
    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    return strcmp(x->rel, y->rel);
}

enum folio_rc ingest_founder_scan(const char *path,
                                  const struct ingest_founder_options *opt,
                                  struct ingest_founder **out,
                                  struct folio_err *err)
{
    struct ingest_founder *f = NULL;
    struct stat sb;
    enum folio_rc rc;
    size_t i, len;

    if (stat(path, &sb) != 0)
        return errno == ENOENT
                   ? err_set(err, FOLIO_ERR_NOT_FOUND, path, "no such file")
                   : err_errno(err, path, "cannot stat");
    if (!S_ISDIR(sb.st_mode))
        return err_set(err, FOLIO_ERR_INVALID, path,
                       "a Founder mirror must be a folder");
    if (opt && opt->paper_id && !model_id_valid(opt->paper_id, true))
        return err_set(err, FOLIO_ERR_INVALID, "--paper",
                       "'%s' must be 1-%d characters of a-z, 0-9, '-' or '_'",
                       opt->paper_id, MODEL_ID_MAX);
    f = xcalloc(1, sizeof(*f));
    f->root = xstrdup(path);
    len = strlen(f->root);
    while (len > 1 && f->root[len - 1] == '/')
        f->root[--len] = '\0';
    if (opt && opt->paper_id)
        f->paper_id = xstrdup(opt->paper_id);
    if (opt && opt->paper_name)
        f->paper_name = xstrdup(opt->paper_name);
    rc = walk(f, "", 0, err);
    if (rc != FOLIO_OK)
        goto out;
    if (f->nfiles == 0) {
        rc = err_set(err, FOLIO_ERR_INVALID, path,
                     "no Founder page or article files (node_N.htm, "
                     "content_N.htm) with a date");
        goto out;
    }
    qsort(f->files, f->nfiles, sizeof(*f->files), ffile_cmp);
    for (i = 0; i < f->nfiles; i++) {
        if (f->ndates && strcmp(f->dates[f->ndates - 1], f->files[i].date) == 0)
            continue;
        f->dates = xreallocarray(f->dates, f->ndates + 1, sizeof(*f->dates));
        f->date_first =
            xreallocarray(f->date_first, f->ndates + 2, sizeof(*f->date_first));
        f->date_first[f->ndates] = i;
        memcpy(f->dates[f->ndates++], f->files[i].date, 11);
    }
    f->date_first[f->ndates] = f->nfiles;
out:
    if (rc != FOLIO_OK) {
        ingest_founder_free(f);
        return rc;
    }
    *out = f;
    return FOLIO_OK;
}

size_t ingest_founder_nissues(const struct ingest_founder *f)
{
    return f->ndates;
}

const char *ingest_founder_date(const struct ingest_founder *f, size_t i)
{
    return i < f->ndates ? f->dates[i] : NULL;
}

const char *const *ingest_founder_warnings(const struct ingest_founder *f,
                                           size_t *n)
{
    *n = f->warnings.n;
    return (const char *const *)f->warnings.v;
}

void ingest_founder_free(struct ingest_founder *f)
{
    size_t i;

    if (!f)
        return;
    for (i = 0; i < f->nfiles; i++) {
        free(f->files[i].rel);
        free(f->files[i].key);
    }
    free(f->files);
    free(f->dates);
    free(f->date_first);
    strlist_free(&f->warnings);
    free(f->root);
    free(f->paper_id);
    free(f->paper_name);
    free(f);
}

/*
 * The first n bytes of a URL path with its %XX escapes decoded (RFC 3986
 * section 2.1: "content_%31.htm" -> "content_1.htm", UTF-8 file names
 * such as "%E5%9B%BE.jpg" -> "图.jpg"), as a new string. A '%' not
 * followed by two hex digits stays as it is; '+' is not a space in a
 * path. NULL when an escape decodes to NUL or the result is not UTF-8
 * (names escaped in GBK are not followed). The result may hold '/' or
 * ".." from "%2F", "%2E%2E": callers split and check segments after
 * decoding, so these cannot lead out of the mirror.
 */
static char *pct_decode(const char *s, size_t n)
{
    char *out = xmalloc(n + 1);
    size_t k = 0;

    if (!str_pct_decode((struct str){ s, n }, false, out, n + 1, &k) ||
        !utf8_valid(out, k, NULL)) {
        free(out);
        return NULL;
    }
    return out;
}

/*
 * Resolve href (relative to the folder of base_rel) to a path relative to
 * the mirror root, %XX escapes decoded. NULL for absolute URLs, queries
 * only, escapes decoding to NUL, or paths leaving the mirror. Query and
 * fragment are dropped.
 */
static char *resolve(const char *base_rel, const char *href)
{
    struct buf b = BUF_INIT(PATH_MAX);
    char *segs[128];
    size_t nsegs = 0, i, n;
    char *copy, *p, *tok, *slash, *dec, *res = NULL;

    if (!href || !href[0] || strstr(href, "://") || href[0] == '#' ||
        strncasecmp(href, "javascript:", 11) == 0 ||
        strncasecmp(href, "data:", 5) == 0 || href[0] == '/')
        return NULL;
    n = strcspn(href, "?#");
    if (n == 0)
        return NULL;
    dec = pct_decode(href, n);
    if (!dec)
        return NULL;
    slash = strrchr(base_rel, '/');
    if (slash)
        buf_add(&b, base_rel, (size_t)(slash - base_rel + 1));
    buf_adds(&b, dec);
    free(dec);
    if (buf_status(&b) != FOLIO_OK) {
        buf_release(&b);
        return NULL;
    }
    copy = buf_detach(&b, NULL);
    for (p = copy; *p; p++)
        if (*p == '\\')
            *p = '/';
    p = copy;
    while (p) {
        tok = p;
        p = strchr(p, '/');
        if (p)
            *p++ = '\0';
        if (!tok[0] || strcmp(tok, ".") == 0)
            continue;
        if (strcmp(tok, "..") == 0) {
            if (nsegs == 0)
                goto out;
            nsegs--;
            continue;
        }
        if (nsegs == ARRAY_SIZE(segs))
            goto out;
        segs[nsegs++] = tok;
    }
    if (nsegs == 0)
        goto out;
    for (i = 0; i < nsegs; i++) {
        if (i)
            buf_addc(&b, '/');
        buf_adds(&b, segs[i]);
    }
    res = buf_detach(&b, NULL);
out:
    buf_release(&b);
    free(copy);
    return res;
}

/*
 * A page image, PDF or picture link resolved like resolve(), and also a
 * site-absolute one ("/images/2023-02/10/01/a.jpg", as templates and
 * mirrors without link conversion have them): below the mirror root, or
 * below a folder between the root and the file's folder (the mirror may
 * hold the host folder above the site root) where that file exists; the
 * root's when it exists nowhere (then reported missing).
 */
static char *resolve_media(const struct ingest_founder *f,
                           const char *base_rel,
                           const char *href)
{
    char *first = NULL, *cand, *dir, *path;
    const char *slash;
    struct stat sb;
    size_t k = 0;

    if (!href || href[0] != '/' || href[1] == '/' || href[1] == '\\')
        return resolve(base_rel, href);
    for (;;) {
        dir = xstrndup(base_rel, k);
        cand = xasprintf("%s/x", dir);
        free(dir);
        dir = resolve(cand, href + 1);
        free(cand);
        if (dir) {
            path = xasprintf("%s/%s", f->root, dir);
            if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
                free(path);
                free(first);
                return dir;
            }
            free(path);
            if (!first)
                first = dir;
            else
                free(dir);
        }
        slash = strchr(base_rel + k + (k > 0), '/');
        if (!slash)
            break;
        k = (size_t)(slash - base_rel);
    }
    return first;
}

/*
 * href names node_N / content_N of this site (relative, any query,
 * %XX escapes decoded: "content_%31.htm" is content_1.htm).
 */
static bool href_file(const char *href, bool *is_node, long *num)
{
    char *dec;
    const char *base;
    bool html, ok;

    if (!href || strstr(href, "://") || href[0] == '/')
        return false;
    dec = pct_decode(href, strcspn(href, "?#"));
    if (!dec)
        return false;
    base = strrchr(dec, '/');
    base = base ? base + 1 : dec;
    ok = base[0] && strlen(base) < 128 && name_match(base, is_node, num, &html);
    free(dec);
    return ok;
}

/* href (%XX decoded, query dropped) names the file called base. */
static bool href_is_self(const char *href, const char *base)
{
    char *dec = pct_decode(href, strcspn(href, "?#"));
    const char *hb;
    bool same;

    if (!dec)
        return false;
    hb = strrchr(dec, '/');
    hb = hb ? hb + 1 : dec;
    same = strcasecmp(hb, base) == 0;
    free(dec);
    return same;
}

static enum folio_rc load_text(struct build *b,
                               const struct ffile *ff,
                               char **text,
                               size_t *len,
                               struct folio_err *err)
{
    char *path = xasprintf("%s/%s", b->f->root, ff->rel);
    unsigned char *data = NULL;
    size_t n = 0;
    enum folio_rc rc;

    rc = read_file(path, FOUNDER_MAX_HTML_BYTES, &data, &n, err);
    if (rc == FOLIO_OK) {
        crypto_hash_sha256_update(&b->sha, (const unsigned char *)ff->rel,
                                  strlen(ff->rel) + 1);
        crypto_hash_sha256_update(&b->sha, data, n);
        rc = ftext_to_utf8(data, n, ff->rel, text, len, NULL, err);
    }
    free(path);
    free(data);
    return rc;
}

/* "第01版：今日要闻", "01版:要闻", "A03版 时评" -> 1, "今日要闻". */
static bool parse_label(const char *s, int *num, char *section, char **name)
{
    const char *ban = strstr(s, "版"), *p, *q;
    long v = 0;
    int k = 0;

    if (!ban)
        return false;
    q = ban;
    while (q > s && q[-1] >= '0' && q[-1] <= '9' && k < 3) {
        q--;
        k++;
    }
    if (k == 0)
        return false;
    for (p = q; p < ban; p++)
        v = v * 10 + (*p - '0');
    if (v < 1 || v > MODEL_MAX_PAGES)
        return false;
    p = ban + strlen("版");
    while (*p == ' ' || *p == ':')
        p++;
    if (strncmp(p, "：", strlen("：")) == 0)
        p += strlen("：");
    *num = (int)v;
    *section = 0;
    if (q > s &&
        ((q[-1] >= 'A' && q[-1] <= 'Z') || (q[-1] >= 'a' && q[-1] <= 'z')))
        *section = (char)(q[-1] & ~0x20); /* "A01版", "b2版" */
    *name = xstrdup(p);
    ftext_squeeze(*name, true);
    if (!(*name)[0])
        FREE_AND_NULL(*name);
    return true;
}

/* Integers of "1,2, 3 4.5" (fractions dropped). */
static void parse_coords(const char *s, long *v, size_t *n, size_t max)
{
    char *end;
    double d;

    *n = 0;
    while (*s && *n < max) {
        while (*s && !(*s == '-' || *s == '.' || (*s >= '0' && *s <= '9')))
            s++;
        if (!*s)
            break;
        d = strtod(s, &end);
        if (end == s) {
            s++;
            continue;
        }
        if (d < 0)
            d = 0;
        if (d > MODEL_MAX_DIMENSION)
            d = MODEL_MAX_DIMENSION;
        v[(*n)++] = (long)d;
        s = end;
    }
}

static bool make_zone(const char *shape, const char *coords, struct zone *z)
{
    long v[2 * MODEL_MAX_POLYGON_POINTS + 2];
    size_t n = 0, i;
    long x0, y0, x1, y1;

    memset(z, 0, sizeof(*z));
    if (!coords)
        return false;
    parse_coords(coords, v, &n, ARRAY_SIZE(v));
    if (!shape || !shape[0])
        shape = n == 4 ? "rect" : "poly";
    if (strncasecmp(shape, "rect", 4) == 0) {
        if (n < 4)
            return false;
        x0 = v[0] < v[2] ? v[0] : v[2];
        x1 = v[0] < v[2] ? v[2] : v[0];
        y0 = v[1] < v[3] ? v[1] : v[3];
        y1 = v[1] < v[3] ? v[3] : v[1];
    } else if (strncasecmp(shape, "circ", 4) == 0) {
        if (n < 3)
            return false;
        x0 = v[0] > v[2] ? v[0] - v[2] : 0;
        y0 = v[1] > v[2] ? v[1] - v[2] : 0;
        x1 = v[0] + v[2];
        y1 = v[1] + v[2];
    } else if (strncasecmp(shape, "poly", 4) == 0) {
        if (n < 6)
            return false;
        n &= ~(size_t)1;
        x0 = x1 = v[0];
        y0 = y1 = v[1];
        for (i = 0; i < n; i += 2) {
            x0 = v[i] < x0 ? v[i] : x0;
            x1 = v[i] > x1 ? v[i] : x1;
            y0 = v[i + 1] < y0 ? v[i + 1] : y0;
            y1 = v[i + 1] > y1 ? v[i + 1] : y1;
        }
        if (n / 2 <= MODEL_MAX_POLYGON_POINTS) {
            z->npoints = n / 2;
            z->points = xcalloc(z->npoints, sizeof(*z->points));
            for (i = 0; i < z->npoints; i++) {
                z->points[i].x = (int32_t)v[2 * i];
                z->points[i].y = (int32_t)v[2 * i + 1];
            }
        }
    } else {
        return false;
    }
    if (x1 <= x0 || y1 <= y0) {
        zone_release(z);
        return false;
    }
    z->x = (int32_t)x0;
    z->y = (int32_t)y0;
    z->w = (int32_t)(x1 - x0);
    z->h = (int32_t)(y1 - y0);
    return true;
}

static enum folio_rc
parse_page(struct build *b, const struct ffile *ff, struct fpage *pg)
{
    char *text = NULL;
    size_t len = 0;
    htmlDocPtr doc = NULL;
    xmlNodePtr root, n;
    struct buf t = BUF_INIT((size_t)INGEST_MAX_SHORT_TEXT * 4);
    const char *base = strrchr(ff->rel, '/');
    enum folio_rc rc;
    bool is_node;
    long num;

    base = base ? base + 1 : ff->rel;
    memset(pg, 0, sizeof(*pg));
    pg->file = ff;
    rc = load_text(b, ff, &text, &len, b->err);
    if (rc != FOLIO_OK)
        return rc;
    doc = fhtml_parse(text, len);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        rc = err_set(b->err, FOLIO_ERR_INVALID, ff->rel, "not HTML");
        goto out;
    }
    for (n = root; (n = fhtml_next(n, root, NULL)) != NULL;) {
        const char *tag = (const char *)n->name;
        if (strcasecmp(tag, "title") == 0 && !b->title) {
            buf_reset(&t);
            fhtml_text(n, &t);
            b->title = xstrdup(t.data);
        } else if (strcasecmp(tag, "img") == 0 && fhtml_attr(n, "usemap") &&
                   !pg->image_rel) {
            const char *w = fhtml_attr(n, "width");
            const char *h = fhtml_attr(n, "height");
            pg->image_rel = resolve_media(b->f, ff->rel, fhtml_attr(n, "src"));
            if (w && h) {
                pg->img_w = (int)strtol(w, NULL, 10);
                pg->img_h = (int)strtol(h, NULL, 10);
                if (pg->img_w <= 0 || pg->img_h <= 0 ||
                    pg->img_w > MODEL_MAX_DIMENSION ||
                    pg->img_h > MODEL_MAX_DIMENSION)
                    pg->img_w = pg->img_h = 0;
            }
            if (!pg->image_rel)
                warnf(&b->fi->warnings,
                      "%s: page image '%s' is not a file "
                      "of the mirror",
                      ff->rel, fhtml_attr(n, "src"));
        } else if (strcasecmp(tag, "area") == 0) {
            struct zone z;
            if (!href_file(fhtml_attr(n, "href"), &is_node, &num) || is_node)
                continue;
            if (!make_zone(fhtml_attr(n, "shape"), fhtml_attr(n, "coords"),
                           &z)) {
                warnf(&b->fi->warnings,
                      "%s: <area> with bad shape or "
                      "coords skipped",
                      ff->rel);
                continue;
            }
            pg->zones =
                xreallocarray(pg->zones, pg->nzones + 1, sizeof(*pg->zones));
            pg->zones[pg->nzones].num = num;
            pg->zones[pg->nzones++].z = z;
        } else if (strcasecmp(tag, "a") == 0) {
            const char *href = fhtml_attr(n, "href");
            size_t hl;
            if (!href)
                continue;
            hl = strcspn(href, "?#");
            if (hl > 4 && strncasecmp(href + hl - 4, ".pdf", 4) == 0) {
                if (!pg->pdf_rel)
                    pg->pdf_rel = resolve_media(b->f, ff->rel, href);
                continue;
            }
            if (!href_file(href, &is_node, &num))
                continue;
            buf_reset(&t);
            fhtml_text(n, &t);
            if (buf_status(&t) != FOLIO_OK || t.len == 0)
                continue;
            if (is_node) {
                if (href_is_self(href, base) && pg->number == 0) {
                    char *name = NULL;
                    if (parse_label(t.data, &pg->number, &pg->section, &name)) {
                        free(pg->name);
                        pg->name = name;
                    }
                }
            } else {
                size_t k;
                for (k = 0; k < pg->ntitles; k++)
                    if (pg->titles[k].num == num)
                        break;
                if (k < pg->ntitles)
                    continue;
                pg->titles = xreallocarray(pg->titles, pg->ntitles + 1,
                                           sizeof(*pg->titles));
                pg->titles[pg->ntitles].num = num;
                pg->titles[pg->ntitles++].text = xstrdup(t.data);
            }
        }
    }
    if (pg->number == 0) {
        /* "第01版：今日要闻" anywhere, else node_NN.html's NN */
        char *name = NULL;
        buf_reset(&t);
        t.max = FOUNDER_MAX_HTML_BYTES;
        fhtml_text(root, &t);
        if (parse_label(t.data, &pg->number, &pg->section, &name)) {
            free(pg->name);
            pg->name = name;
        } else if (strcasecmp(base + strlen(base) - 5, ".html") == 0 &&
                   ff->num >= 1 && ff->num <= MODEL_MAX_PAGES) {
            pg->number = (int)ff->num;
        }
    }
    if (pg->number == 0)
        rc = err_set(b->err, FOLIO_ERR_INVALID, ff->rel,
                     "cannot tell the page number (no '第NN版' label)");
    if (pg->name)
        pg->name = short_text(pg->name, INGEST_MAX_SHORT_TEXT);
    if (!b->derived_id && pg->image_rel)
        b->derived_id = derive_paper_id(pg->image_rel);
    if (!b->derived_id && pg->pdf_rel)
        b->derived_id = derive_paper_id(pg->pdf_rel);
out:
    buf_release(&t);
    xmlFreeDoc(doc);
    free(text);
    return rc;
}

/* KJRB2023021001_b.jpg -> "kjrb". */
static char *derive_paper_id(const char *rel)
{
    const char *base = strrchr(rel, '/');
    char id[MODEL_ID_MAX + 1];
    size_t n = 0, d = 0;

    base = base ? base + 1 : rel;
    while (n < MODEL_ID_MAX && ((base[n] >= 'A' && base[n] <= 'Z') ||
                                (base[n] >= 'a' && base[n] <= 'z'))) {
        id[n] = (char)(base[n] | 0x20);
        n++;
    }
    while (base[n + d] >= '0' && base[n + d] <= '9')
        d++;
    if (n < 2 || d < 8)
        return NULL;
    id[n] = '\0';
    return xstrdup(id);
}

/* Value of <tag>...</tag> inside the <!--enpproperty ...--> block. */
static char *enp_prop(const char *text, const char *tag)
{
    const char *blk = strstr(text, "<!--enpproperty"), *end, *p, *q;
    char open[40], close[40];
    char *v, *o;
    const char *s;

    if (!blk)
        return NULL;
    end = strstr(blk, "/enpproperty-->");
    if (!end)
        end = strstr(blk, "-->");
    if (!end)
        return NULL;
    (void)snprintf(open, sizeof(open), "<%s>", tag);
    (void)snprintf(close, sizeof(close), "</%s>", tag);
    p = strstr(blk, open);
    if (!p || p > end)
        return NULL;
    p += strlen(open);
    q = strstr(p, close);
    if (!q || q > end)
        return NULL;
    v = xstrndup(p, (size_t)(q - p));
    /* entities: &amp; &lt; &gt; &quot; &nbsp; &#N; &#xN; named (HTML 4) */
    for (s = o = v; *s;) {
        if (*s == '&') {
            const char *semi = strchr(s, ';');
            unsigned cp = 0;
            if (semi && semi - s < 12) {
                char ent[12];
                memcpy(ent, s + 1, (size_t)(semi - s - 1));
                ent[semi - s - 1] = '\0';
                if (ent[0] == '#')
                    cp = (unsigned)strtoul(
                        ent + 1 + (ent[1] == 'x' || ent[1] == 'X'), NULL,
                        ent[1] == 'x' || ent[1] == 'X' ? 16 : 10);
                else {
                    const htmlEntityDesc *e =
                        htmlEntityLookup((const xmlChar *)ent);
                    cp = e ? e->value : 0;
                }
            }
            if (cp > 0 && cp < 0x110000 && !(cp >= 0xD800 && cp < 0xE000)) {
                unsigned char u[4];
                int k = 0;
                if (cp < 0x80) {
                    u[k++] = (unsigned char)cp;
                } else if (cp < 0x800) {
                    u[k++] = (unsigned char)(0xC0 | (cp >> 6));
                    u[k++] = (unsigned char)(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    u[k++] = (unsigned char)(0xE0 | (cp >> 12));
                    u[k++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                    u[k++] = (unsigned char)(0x80 | (cp & 0x3F));
                } else {
                    u[k++] = (unsigned char)(0xF0 | (cp >> 18));
                    u[k++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
                    u[k++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                    u[k++] = (unsigned char)(0x80 | (cp & 0x3F));
                }
                /* the encoding never grows past the entity's own text */
                memcpy(o, u, (size_t)k);
                o += k;
                s = semi + 1;
                continue;
            }
        }
        *o++ = *s++;
    }
    *o = '\0';
    ftext_squeeze(v, false);
    if (!v[0])
        FREE_AND_NULL(v);
    return v;
}

/* Cut s to at most max bytes on a character boundary. */
static char *short_text(char *s, size_t max)
{
    size_t n;

    if (!s || strlen(s) < max)
        return s;
    n = max - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    s[n] = '\0';
    return s;
}

static void para_cb(void *ctx, const char *text)
{
    struct farticle *a = ctx;
    char *p;

    if (a->paras.n >= INGEST_MAX_PARAGRAPHS)
        return;
    p = short_text(xstrdup(text), INGEST_MAX_PARAGRAPH);
    strlist_add(&a->paras, p);
}

static void img_cb(void *ctx, xmlNodePtr img)
{
    struct farticle *a = ctx;
    char *rel;

    if (a->npics >= INGEST_MAX_PICTURES)
        return;
    rel = resolve_media(a->f, a->file->rel, fhtml_attr(img, "src"));
    if (!rel)
        return;
    a->pics = xreallocarray(a->pics, a->npics + 1, sizeof(*a->pics));
    a->pics[a->npics].rel = rel;
    a->pics[a->npics++].caption = NULL;
}

static void parse_body_html(struct farticle *a, const char *html, size_t len)
{
    struct buf w = BUF_INIT(FOUNDER_MAX_HTML_BYTES + 64);
    htmlDocPtr doc;
    xmlNodePtr root, body;

    buf_adds(&w, "<html><body>");
    buf_add(&w, html, len);
    buf_adds(&w, "</body></html>");
    doc = fhtml_parse(w.data, w.len);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    body = root ? fhtml_next(root, root, "body") : NULL;
    if (body)
        fhtml_paragraphs(body, para_cb, img_cb, a);
    xmlFreeDoc(doc);
    buf_release(&w);
}

/*
 * Pictures printed before the body (<img> then a caption <p>, siblings of
 * <founder-content>) as Founder's article template places them.
 */
static void outside_pictures(struct farticle *a, htmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), fc, c;
    struct buf t = BUF_INIT((size_t)INGEST_MAX_CAPTION * 2);
    struct fpic *last = NULL;

    fc = root ? fhtml_next(root, root, "founder-content") : NULL;
    if (!fc || !fc->parent)
        return;
    for (c = fc->parent->children; c && c != fc; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcasecmp((const char *)c->name, "img") == 0) {
            size_t before = a->npics;
            img_cb(a, c);
            last = a->npics > before ? &a->pics[a->npics - 1] : NULL;
        } else if (last && !last->caption &&
                   strcasecmp((const char *)c->name, "p") == 0) {
            buf_reset(&t);
            fhtml_text(c, &t);
            if (buf_status(&t) == FOLIO_OK && t.len) {
                if (t.data[t.len - 1] == ' ')
                    t.data[--t.len] = '\0';
                last->caption = short_text(xstrdup(t.data), INGEST_MAX_CAPTION);
            }
        }
    }
    buf_release(&t);
}

/* "01", "第01版", "A01" -> 1; 0 when none. */
/* The letter right before the first digit of s ("B02" -> 'B'), else 0. */
static char section_of(const char *s)
{
    const char *p = s;

    while (p && *p && (*p < '0' || *p > '9'))
        p++;
    if (!p || !*p || p == s)
        return 0;
    if ((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z'))
        return (char)(p[-1] & ~0x20);
    return 0;
}

static int page_of(const char *s)
{
    long v;

    if (!s)
        return 0;
    while (*s && (*s < '0' || *s > '9'))
        s++;
    v = strtol(s, NULL, 10);
    return v >= 1 && v <= MODEL_MAX_PAGES ? (int)v : 0;
}

static enum folio_rc
parse_article(struct build *b, const struct ffile *ff, struct farticle *a)
{
    char *text = NULL, *pagenum = NULL;
    size_t len = 0;
    htmlDocPtr doc = NULL;
    xmlNodePtr root, n;
    const char *s, *e;
    struct buf t = BUF_INIT((size_t)INGEST_MAX_SHORT_TEXT * 4);
    enum folio_rc rc;

    memset(a, 0, sizeof(*a));
    a->file = ff;
    a->f = b->f;
    a->num = ff->num;
    rc = load_text(b, ff, &text, &len, b->err);
    if (rc != FOLIO_OK)
        return rc;
    a->kicker = enp_prop(text, "introtitle");
    a->headline = enp_prop(text, "title");
    a->subhead = enp_prop(text, "subtitle");
    a->byline = enp_prop(text, "author");
    a->page_name = enp_prop(text, "nodename");
    pagenum = enp_prop(text, "pagenum");
    a->page_hint = page_of(pagenum);
    a->hint_section = section_of(pagenum);
    doc = fhtml_parse(text, len);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root)
        outside_pictures(a, doc);
    s = strstr(text, "<!--enpcontent-->");
    e = s ? strstr(s, "<!--/enpcontent-->") : NULL;
    if (s && e) {
        s += strlen("<!--enpcontent-->");
        parse_body_html(a, s, (size_t)(e - s));
    } else if (root) {
        n = fhtml_find_id(root, "ozoom");
        if (!n)
            n = fhtml_next(root, root, "founder-content");
        if (n)
            fhtml_paragraphs(n, para_cb, img_cb, a);
        else
            warnf(&b->fi->warnings,
                  "%s: no article body (enpcontent, "
                  "#ozoom)",
                  ff->rel);
    }
    if (root && !a->page_hint) {
        n = fhtml_find_id(root, "nowLayout");
        if (n) {
            buf_reset(&t);
            fhtml_text(n, &t);
            a->page_hint = page_of(t.data);
            a->hint_section = section_of(t.data);
        }
    }
    if (root && !a->headline) {
        static const char *const ids[] = { "main-title", "intro-title",
                                           "sub-title" };
        char **dst[] = { &a->headline, &a->kicker, &a->subhead };
        size_t k;
        for (k = 0; k < ARRAY_SIZE(ids); k++) {
            n = fhtml_find_id(root, ids[k]);
            if (!n || *dst[k])
                continue;
            buf_reset(&t);
            fhtml_text(n, &t);
            if (buf_status(&t) == FOLIO_OK && t.len) {
                *dst[k] = xstrdup(t.data);
                ftext_squeeze(*dst[k], false);
            }
        }
    }
    if (root) {
        /* templates of other vintages mark the fields with their own tags */
        static const char *const tags[] = { "founder-title",
                                            "founder-introtitle",
                                            "founder-subtitle",
                                            "founder-author" };
        char **dst[] = { &a->headline, &a->kicker, &a->subhead, &a->byline };
        size_t k;
        for (k = 0; k < ARRAY_SIZE(tags); k++) {
            if (*dst[k] && (*dst[k])[0])
                continue;
            n = fhtml_next(root, root, tags[k]);
            if (!n)
                continue;
            buf_reset(&t);
            fhtml_text(n, &t);
            if (buf_status(&t) == FOLIO_OK && t.len) {
                free(*dst[k]);
                *dst[k] = xstrdup(t.data);
                ftext_squeeze(*dst[k], false);
                if (!(*dst[k])[0])
                    FREE_AND_NULL(*dst[k]);
            }
        }
    }
    if (a->byline && text_date(a->byline, (char[11]){ 0 }) &&
        strlen(a->byline) <= 20)
        FREE_AND_NULL(a->byline); /* "2023年02月11日" is not a byline */
    a->kicker = short_text(a->kicker, INGEST_MAX_SHORT_TEXT);
    a->headline = short_text(a->headline, INGEST_MAX_SHORT_TEXT);
    a->subhead = short_text(a->subhead, INGEST_MAX_SHORT_TEXT);
    a->byline = short_text(a->byline, INGEST_MAX_SHORT_TEXT);
    a->page_name = short_text(a->page_name, INGEST_MAX_SHORT_TEXT);
    buf_release(&t);
    xmlFreeDoc(doc);
    free(pagenum);
    free(text);
    return FOLIO_OK;
}

/* Read rel into the issue's media; *idx = its index, or SIZE_MAX when
 * absent (a warning). */
static enum folio_rc
read_media(struct build *b, const char *rel, const char *what, size_t *idx)
{
    struct ingest_founder_issue *fi = b->fi;
    char *path = xasprintf("%s/%s", b->f->root, rel);
    struct fmedia m = { 0 };
    unsigned char hash[crypto_hash_sha256_BYTES];
    struct folio_err e2 = { 0 };
    enum folio_rc rc;
    size_t i;

    *idx = SIZE_MAX;
    rc = read_file(path, FOUNDER_MAX_MEDIA, &m.data, &m.len, &e2);
    if (rc != FOLIO_OK) {
        if (rc == FOLIO_ERR_IO && e2.sys_errno == ENOENT) {
            warnf(&fi->warnings, "%s '%s' is missing", what, rel);
            fi->nmissing++;
        } else {
            warnf(&fi->warnings, "%s '%s': %s", what, rel, e2.msg);
        }
        free(path);
        return FOLIO_OK;
    }
    free(path);
    crypto_hash_sha256(hash, m.data, m.len);
    sodium_bin2hex(m.hex, sizeof(m.hex), hash, sizeof(hash));
    crypto_hash_sha256_update(&b->sha, (const unsigned char *)rel,
                              strlen(rel) + 1);
    crypto_hash_sha256_update(&b->sha, hash, sizeof(hash));
    for (i = 0; i < fi->nmedia; i++)
        if (strcmp(fi->media[i].hex, m.hex) == 0) {
            free(m.data);
            *idx = i;
            return FOLIO_OK;
        }
    fi->media = xreallocarray(fi->media, fi->nmedia + 1, sizeof(*fi->media));
    fi->media[fi->nmedia] = m;
    *idx = fi->nmedia++;
    return FOLIO_OK;
}

static struct page *issue_page(struct issue *iss, int number)
{
    size_t i;

    for (i = 0; i < iss->npages; i++)
        if (iss->pages[i].number == number)
            return &iss->pages[i];
    iss->pages =
        xreallocarray(iss->pages, iss->npages + 1, sizeof(*iss->pages));
    memset(&iss->pages[iss->npages], 0, sizeof(*iss->pages));
    iss->pages[iss->npages].number = number;
    return &iss->pages[iss->npages++];
}

/* Put article num on pg (once per issue), from its file or a stub. */
static void
add_article(struct build *b, struct page *pg, long num, const char *title)
{
    struct farticle *fa = NULL;
    struct article *a;
    size_t i, k;

    for (i = 0; i < b->narts; i++)
        if (b->arts[i].num == num) {
            fa = &b->arts[i];
            break;
        }
    if (fa && fa->used)
        return;
    if (!fa && !title) {
        for (i = 0; i < b->npages; i++)
            for (k = 0; k < b->pages[i].ntitles && !title; k++)
                if (b->pages[i].titles[k].num == num)
                    title = b->pages[i].titles[k].text;
    }
    if (pg->narticles >= MODEL_MAX_ARTICLES) {
        warnf(&b->fi->warnings,
              "page %d: more than %d articles; "
              "content_%ld dropped",
              pg->number, MODEL_MAX_ARTICLES, num);
        return;
    }
    for (i = 0; i < pg->narticles; i++)
        if (strtol(pg->articles[i].id, NULL, 10) == num)
            return;
    pg->articles =
        xreallocarray(pg->articles, pg->narticles + 1, sizeof(*pg->articles));
    a = &pg->articles[pg->narticles++];
    memset(a, 0, sizeof(*a));
    a->id = xasprintf("%ld", num);
    a->seq = (int)pg->narticles;
    if (fa) {
        fa->used = true;
        a->kicker = fa->kicker;
        a->subhead = fa->subhead;
        a->byline = fa->byline;
        a->headline = fa->headline;
        fa->kicker = fa->subhead = fa->byline = fa->headline = NULL;
        a->paragraphs = fa->paras.v;
        a->nparagraphs = fa->paras.n;
        fa->paras.v = NULL;
        fa->paras.n = 0;
    } else {
        warnf(&b->fi->warnings,
              "page %d: article file content_%ld is "
              "missing; headline from the page",
              pg->number, num);
        b->fi->nmissing++;
    }
    if (!a->headline && title)
        a->headline = short_text(xstrdup(title), INGEST_MAX_SHORT_TEXT);
    if (!a->headline) {
        a->headline = xasprintf("content_%ld", num);
        warnf(&b->fi->warnings, "content_%ld: no title", num);
    }
}

/*
 * Papers printed in lettered sections (A01版 … A16版, B01版 …) number
 * each section from 1. When any page label has a letter, pages are
 * numbered 1..N in (section, number) order instead, and the printed
 * label leads the page name ("B01 体育"), so no page is lost as a
 * duplicate and the old label stays visible.
 */
/* Some page file lists article num (headline list or hot zone). */
static bool page_lists(const struct build *b, long num)
{
    size_t i, k;

    for (i = 0; i < b->npages; i++) {
        for (k = 0; k < b->pages[i].ntitles; k++)
            if (b->pages[i].titles[k].num == num)
                return true;
        for (k = 0; k < b->pages[i].nzones; k++)
            if (b->pages[i].zones[k].num == num)
                return true;
    }
    return false;
}

/* 1 + the number of distinct keys below key. */
static int key_rank(const int *keys, size_t n, int key)
{
    size_t i, j;
    int rank = 1;

    for (i = 0; i < n; i++) {
        bool seen = false;
        if (keys[i] >= key)
            continue;
        for (j = 0; j < i && !seen; j++)
            seen = keys[j] == keys[i];
        rank += !seen;
    }
    return rank;
}

static void section_numbers(struct build *b)
{
    int *keys = xcalloc(b->npages + b->narts + 1, sizeof(*keys));
    size_t i, n = 0;
    bool any = false;

    for (i = 0; i < b->npages; i++) {
        any = any || b->pages[i].section != 0;
        keys[n++] = b->pages[i].section * 1000 + b->pages[i].number;
    }
    for (i = 0; i < b->narts; i++) {
        const struct farticle *fa = &b->arts[i];
        if (!fa->page_hint || page_lists(b, fa->num))
            continue;
        any = any || fa->hint_section != 0;
        keys[n++] = fa->hint_section * 1000 + fa->page_hint;
    }
    for (i = 0; any && i < b->npages; i++) {
        struct fpage *fp = &b->pages[i];
        char *name;
        if (fp->section)
            name = fp->name ? xasprintf("%c%02d %s", fp->section, fp->number,
                                        fp->name)
                            : xasprintf("%c%02d", fp->section, fp->number);
        else
            name = fp->name ? xstrdup(fp->name) : NULL;
        free(fp->name);
        fp->name = short_text(name, INGEST_MAX_SHORT_TEXT);
        fp->rank = key_rank(keys, n, fp->section * 1000 + fp->number);
    }
    for (i = 0; any && i < b->narts; i++) {
        struct farticle *fa = &b->arts[i];
        if (!fa->page_hint || page_lists(b, fa->num))
            continue;
        fa->page_hint =
            key_rank(keys, n, fa->hint_section * 1000 + fa->page_hint);
    }
    for (i = 0; any && i < b->npages; i++)
        b->pages[i].number = b->pages[i].rank;
    free(keys);
}

static int page_cmp(const void *a, const void *b)
{
    const struct page *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

static enum folio_rc assemble(struct build *b)
{
    struct ingest_founder_issue *fi = b->fi;
    struct issue *iss = fi->iss;
    enum folio_rc rc = FOLIO_OK;
    size_t i, k, z, idx;

    for (i = 0; i < b->npages; i++) {
        struct fpage *fp = &b->pages[i];
        struct page *pg;
        bool dup = false;
        for (k = 0; k < i; k++)
            dup = dup || b->pages[k].number == fp->number;
        if (dup) {
            warnf(&fi->warnings, "%s: page %d again; skipped", fp->file->rel,
                  fp->number);
            continue;
        }
        pg = issue_page(iss, fp->number);
        pg->name = fp->name;
        fp->name = NULL;
        for (k = 0; k < fp->ntitles; k++)
            add_article(b, pg, fp->titles[k].num, fp->titles[k].text);
        for (k = 0; k < fp->nzones; k++)
            add_article(b, pg, fp->zones[k].num, NULL);
    }
    /* articles no page lists: their page hint, else page 1 */
    for (i = 0; i < b->narts; i++) {
        struct farticle *fa = &b->arts[i];
        struct page *pg;
        int num = fa->page_hint;
        if (fa->used)
            continue;
        if (!num) {
            num = iss->npages ? iss->pages[0].number : 1;
            warnf(&fi->warnings,
                  "%s: no page links to it and it names "
                  "none; put on page %d",
                  fa->file->rel, num);
        }
        pg = issue_page(iss, num);
        if (!pg->name && fa->page_name)
            pg->name = xstrdup(fa->page_name);
        add_article(b, pg, fa->num, NULL);
    }
    /* zones, media, sizes (pages[] may have moved: look pages up again) */
    for (i = 0; i < b->npages; i++) {
        struct fpage *fp = &b->pages[i];
        struct page *pg = NULL;
        int32_t maxx = 0, maxy = 0;
        for (k = 0; k < iss->npages; k++)
            if (iss->pages[k].number == fp->number)
                pg = &iss->pages[k];
        if (!pg || pg->image_media || pg->width)
            continue;
        if (fp->image_rel) {
            rc = read_media(b, fp->image_rel, "page image", &idx);
            if (rc != FOLIO_OK)
                return rc;
            if (idx != SIZE_MAX) {
                const char *mime;
                int w, h;
                if (ingest_image_info(fi->media[idx].data, fi->media[idx].len,
                                      &mime, &w, &h)) {
                    pg->image_media = xstrdup(fi->media[idx].hex);
                    pg->image_mime = xstrdup(mime);
                    pg->width = w;
                    pg->height = h;
                } else {
                    warnf(&fi->warnings,
                          "page image '%s' is not PNG, "
                          "JPEG, GIF or WebP; left out",
                          fp->image_rel);
                }
            }
        } else {
            warnf(&fi->warnings, "%s: no page image (<img usemap>)",
                  fp->file->rel);
        }
        if (fp->pdf_rel) {
            rc = read_media(b, fp->pdf_rel, "page PDF", &idx);
            if (rc != FOLIO_OK)
                return rc;
            if (idx != SIZE_MAX) {
                if (fi->media[idx].len > 5 &&
                    memcmp(fi->media[idx].data, "%PDF-", 5) == 0)
                    pg->pdf_media = xstrdup(fi->media[idx].hex);
                else
                    warnf(&fi->warnings, "'%s' is not a PDF; left out",
                          fp->pdf_rel);
            }
        }
        if (fp->img_w > 0) {
            pg->width = fp->img_w;
            pg->height = fp->img_h;
        }
        for (k = 0; k < fp->nzones; k++) {
            const struct zone *zz = &fp->zones[k].z;
            maxx = zz->x + zz->w > maxx ? zz->x + zz->w : maxx;
            maxy = zz->y + zz->h > maxy ? zz->y + zz->h : maxy;
        }
        if (pg->width <= 0 || pg->height <= 0) {
            pg->width = maxx;
            pg->height = maxy;
        }
        for (k = 0; k < fp->nzones; k++) {
            struct fzone *fz = &fp->zones[k];
            struct article *a = NULL;
            for (z = 0; z < pg->narticles; z++)
                if (strtol(pg->articles[z].id, NULL, 10) == fz->num)
                    a = &pg->articles[z];
            if (!a)
                continue;
            if (a->nzones >= MODEL_MAX_ZONES) {
                warnf(&fi->warnings,
                      "page %d article %s: more than %d "
                      "zones",
                      pg->number, a->id, MODEL_MAX_ZONES);
                continue;
            }
            if (fz->z.x + fz->z.w > pg->width ||
                fz->z.y + fz->z.h > pg->height) {
                warnf(&fi->warnings,
                      "page %d article %s: zone outside "
                      "the %dx%d page; skipped",
                      pg->number, a->id, pg->width, pg->height);
                continue;
            }
            a->zones =
                xreallocarray(a->zones, a->nzones + 1, sizeof(*a->zones));
            a->zones[a->nzones++] = fz->z;
            memset(&fz->z, 0, sizeof(fz->z));
            fi->nzones++;
        }
    }
    /* pictures */
    for (i = 0; i < iss->npages; i++) {
        struct page *pg = &iss->pages[i];
        for (k = 0; k < pg->narticles; k++) {
            struct article *a = &pg->articles[k];
            struct farticle *fa = NULL;
            for (z = 0; z < b->narts; z++)
                if (b->arts[z].num == strtol(a->id, NULL, 10))
                    fa = &b->arts[z];
            for (z = 0; fa && z < fa->npics; z++) {
                const char *mime;
                int w, h;
                rc = read_media(b, fa->pics[z].rel, "picture", &idx);
                if (rc != FOLIO_OK)
                    return rc;
                if (idx == SIZE_MAX)
                    continue;
                if (!ingest_image_info(fi->media[idx].data, fi->media[idx].len,
                                       &mime, &w, &h)) {
                    warnf(&fi->warnings,
                          "picture '%s' is not PNG, JPEG, "
                          "GIF or WebP; left out",
                          fa->pics[z].rel);
                    continue;
                }
                a->pictures = xreallocarray(a->pictures, a->npictures + 1,
                                            sizeof(*a->pictures));
                a->pictures[a->npictures].media = xstrdup(fi->media[idx].hex);
                a->pictures[a->npictures].mime = xstrdup(mime);
                a->pictures[a->npictures++].caption = fa->pics[z].caption;
                fa->pics[z].caption = NULL;
            }
        }
    }
    qsort(iss->pages, iss->npages, sizeof(*iss->pages), page_cmp);
    return rc;
}

static void fpage_release(struct fpage *pg)
{
    size_t i;

    free(pg->name);
    free(pg->image_rel);
    free(pg->pdf_rel);
    for (i = 0; i < pg->nzones; i++)
        zone_release(&pg->zones[i].z);
    free(pg->zones);
    for (i = 0; i < pg->ntitles; i++)
        free(pg->titles[i].text);
    free(pg->titles);
}

static void farticle_release(struct farticle *a)
{
    size_t i;

    free(a->kicker);
    free(a->headline);
    free(a->subhead);
    free(a->byline);
    free(a->page_name);
    strlist_free(&a->paras);
    for (i = 0; i < a->npics; i++) {
        free(a->pics[i].rel);
        free(a->pics[i].caption);
    }
    free(a->pics);
}

enum folio_rc ingest_founder_build(struct ingest_founder *f,
                                   size_t di,
                                   struct ingest_founder_issue **out,
                                   struct folio_err *err)
{
    struct build b;
    struct issue *iss;
    enum folio_rc rc = FOLIO_OK;
    size_t i, k;
    const char *date;
    char *name = NULL;

    if (di >= f->ndates)
        BUG("issue %zu of %zu", di, f->ndates);
    if (sodium_init() < 0)
        return err_set(err, FOLIO_ERR_IO, NULL, "cannot initialise libsodium");
    date = f->dates[di];
    memset(&b, 0, sizeof(b));
    b.f = f;
    b.err = err;
    b.fi = xcalloc(1, sizeof(*b.fi));
    b.fi->iss = iss = xcalloc(1, sizeof(*iss));
    memcpy(iss->date, date, 11);
    crypto_hash_sha256_init(&b.sha);
    for (i = f->date_first[di]; i < f->date_first[di + 1] && rc == FOLIO_OK;
         i++) {
        const struct ffile *ff = &f->files[i];
        if (ff->is_node) {
            b.pages = xreallocarray(b.pages, b.npages + 1, sizeof(*b.pages));
            rc = parse_page(&b, ff, &b.pages[b.npages]);
            b.npages++;
        } else {
            bool dup = false;
            for (k = 0; k < b.narts; k++)
                dup = dup || b.arts[k].num == ff->num;
            if (dup) {
                warnf(&b.fi->warnings, "%s: content_%ld again; skipped",
                      ff->rel, ff->num);
                continue;
            }
            b.arts = xreallocarray(b.arts, b.narts + 1, sizeof(*b.arts));
            rc = parse_article(&b, ff, &b.arts[b.narts]);
            b.narts++;
        }
    }
    if (rc != FOLIO_OK)
        goto out;
    iss->paper.id =
        xstrdup(f->paper_id ? f->paper_id : (b.derived_id ? b.derived_id : ""));
    if (!iss->paper.id[0]) {
        rc = err_set(err, FOLIO_ERR_INVALID, date,
                     "cannot tell the paper id from the file names; use "
                     "--paper ID");
        goto out;
    }
    if (f->paper_name) {
        name = xstrdup(f->paper_name);
    } else if (b.title) {
        /* "科技日报--数字报", "湖北日报-数字报" */
        char *cut = strstr(b.title, "--");
        if (!cut)
            cut = strstr(b.title, "-");
        if (!cut)
            cut = strstr(b.title, "|");
        if (cut)
            *cut = '\0';
        ftext_squeeze(b.title, true);
        if (b.title[0])
            name = xstrdup(b.title);
    }
    iss->paper.name =
        short_text(name ? name : xstrdup(iss->paper.id), INGEST_MAX_SHORT_TEXT);
    name = NULL;
    iss->paper.language = xstrdup("zh-CN");
    iss->paper.timezone = xstrdup("Asia/Shanghai");
    iss->status = ISSUE_DRAFT;
    section_numbers(&b);
    rc = assemble(&b);
    if (rc != FOLIO_OK)
        goto out;
    /* old URLs */
    for (i = f->date_first[di]; i < f->date_first[di + 1]; i++) {
        const struct ffile *ff = &f->files[i];
        struct link l = { 0 };
        size_t p, a;
        bool found = false;
        for (p = 0; p < iss->npages && !found; p++) {
            if (ff->is_node) {
                for (k = 0; k < b.npages && !found; k++)
                    found = b.pages[k].file == ff &&
                            b.pages[k].number == iss->pages[p].number;
                if (found)
                    l.page = iss->pages[p].number;
                continue;
            }
            for (a = 0; a < iss->pages[p].narticles && !found; a++)
                if (strtol(iss->pages[p].articles[a].id, NULL, 10) == ff->num) {
                    found = true;
                    l.page = iss->pages[p].number;
                    l.article = xstrdup(iss->pages[p].articles[a].id);
                }
        }
        if (!found)
            continue;
        l.key = xstrdup(ff->key);
        b.fi->links =
            xreallocarray(b.fi->links, b.fi->nlinks + 1, sizeof(*b.fi->links));
        b.fi->links[b.fi->nlinks++] = l;
    }
    /* articles linked from a page whose file is absent: their old URL
     * sits beside the page's (same folder, or content/ for layout/) */
    for (i = 0; i < b.npages; i++) {
        const struct ffile *nf = b.pages[i].file;
        const struct page *pg = NULL;
        size_t p, a;
        for (p = 0; p < iss->npages; p++)
            if (iss->pages[p].number == b.pages[i].number)
                pg = &iss->pages[p];
        for (a = 0; pg && a < pg->narticles; a++) {
            const char *id = pg->articles[a].id, *slash;
            long num = strtol(id, NULL, 10);
            bool have = false;
            struct link l = { 0 };
            for (k = 0; k < b.fi->nlinks && !have; k++)
                have = b.fi->links[k].article &&
                       strcmp(b.fi->links[k].article, id) == 0;
            if (have)
                continue;
            slash = strrchr(nf->key, '/');
            if (strncmp(nf->key, "layout/", 7) == 0)
                l.key = xasprintf("content/%.*s/content_%ld.html",
                                  (int)(slash - nf->key - 7), nf->key + 7, num);
            else
                l.key = xasprintf("%.*s/content_%ld.htm",
                                  (int)(slash - nf->key), nf->key, num);
            l.page = pg->number;
            l.article = xstrdup(id);
            b.fi->links = xreallocarray(b.fi->links, b.fi->nlinks + 1,
                                        sizeof(*b.fi->links));
            b.fi->links[b.fi->nlinks++] = l;
        }
    }
    rc = issue_validate(iss, err);
    if (rc != FOLIO_OK) {
        err_prefix(err, "%s %s", iss->paper.id, date);
    } else {
        unsigned char hash[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_update(&b.sha, (const unsigned char *)iss->paper.id,
                                  strlen(iss->paper.id) + 1);
        crypto_hash_sha256_update(&b.sha,
                                  (const unsigned char *)iss->paper.name,
                                  strlen(iss->paper.name) + 1);
        crypto_hash_sha256_final(&b.sha, hash);
        sodium_bin2hex(b.fi->source_hex, sizeof(b.fi->source_hex), hash,
                       sizeof(hash));
        b.fi->root = xstrdup(f->root);
    }
out:
    for (i = 0; i < b.npages; i++)
        fpage_release(&b.pages[i]);
    free(b.pages);
    for (i = 0; i < b.narts; i++)
        farticle_release(&b.arts[i]);
    free(b.arts);
    free(b.title);
    free(b.derived_id);
    free(name);
    if (rc != FOLIO_OK) {
        ingest_founder_issue_free(b.fi);
        return rc;
    }
    *out = b.fi;
    return FOLIO_OK;
}

const struct issue *
ingest_founder_issue_get(const struct ingest_founder_issue *fi)
{
    return fi->iss;
}

const char *const *
ingest_founder_issue_warnings(const struct ingest_founder_issue *fi, size_t *n)
{
    *n = fi->warnings.n;
    return (const char *const *)fi->warnings.v;
}

int ingest_founder_issue_nzones(const struct ingest_founder_issue *fi)
{
    return fi->nzones;
}

int ingest_founder_issue_nmissing(const struct ingest_founder_issue *fi)
{
    return fi->nmissing;
}

enum folio_rc ingest_founder_commit(struct ingest_founder_issue *fi,
                                    struct store *st,
                                    const struct ingest_options *opt,
                                    struct ingest_result *out,
                                    struct folio_err *err)
{
    struct store_legacy_link *links = NULL;
    struct store_issue_source src;
    struct issue_summary *sm = NULL;
    char hex[STORE_SHA256_HEX];
    enum folio_rc rc = FOLIO_OK;
    struct ingest_result res;
    size_t i, n = 0;
    bool found = false;

    rc = store_source_get(st, fi->iss->paper.id, fi->iss->date, hex, &found,
                          err);
    if (rc != FOLIO_OK)
        return rc;
    if (found && strcmp(hex, fi->source_hex) == 0) {
        rc = store_issue_list(st, fi->iss->paper.id, false, fi->iss->date,
                              fi->iss->date, &sm, &n, err);
        if (rc != FOLIO_OK)
            return rc;
        if (n == 1 &&
            (!(opt && opt->publish) || sm->status == ISSUE_PUBLISHED)) {
            memset(&res, 0, sizeof(res));
            (void)snprintf(res.paper_id, sizeof(res.paper_id), "%s",
                           sm->paper_id);
            memcpy(res.date, sm->date, sizeof(res.date));
            res.npages = sm->npages;
            res.narticles = sm->narticles;
            res.status = sm->status;
            res.skipped = true;
            free(sm);
            if (out)
                *out = res;
            return FOLIO_OK;
        }
        FREE_AND_NULL(sm);
        n = 0;
    }
    for (i = 0; i < fi->nmedia; i++) {
        rc = store_media_put(st, fi->media[i].data, fi->media[i].len, hex, err);
        if (rc != FOLIO_OK)
            return rc;
    }
    fi->iss->status = opt && opt->publish ? ISSUE_PUBLISHED : ISSUE_DRAFT;
    links = xcalloc(fi->nlinks ? fi->nlinks : 1, sizeof(*links));
    for (i = 0; i < fi->nlinks; i++) {
        links[i].key = fi->links[i].key;
        links[i].page = fi->links[i].page;
        links[i].article = fi->links[i].article;
    }
    /* issue, old links and source digest commit together */
    memset(&src, 0, sizeof(src));
    src.sha = fi->source_hex;
    src.path = fi->root;
    src.links = links;
    src.nlinks = fi->nlinks;
    src.links_set = true;
    rc = store_issue_put_sourced(st, fi->iss, opt && opt->replace, &src, err);
    free(links);
    if (rc != FOLIO_OK || !out)
        return rc;
    rc = store_issue_list(st, fi->iss->paper.id, false, fi->iss->date,
                          fi->iss->date, &sm, &n, err);
    if (rc != FOLIO_OK)
        return rc;
    if (n != 1)
        BUG("issue %s %s not found after storing it", fi->iss->paper.id,
            fi->iss->date);
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

void ingest_founder_issue_free(struct ingest_founder_issue *fi)
{
    size_t i;

    if (!fi)
        return;
    issue_free(fi->iss);
    for (i = 0; i < fi->nmedia; i++)
        free(fi->media[i].data);
    free(fi->media);
    for (i = 0; i < fi->nlinks; i++) {
        free(fi->links[i].key);
        free(fi->links[i].article);
    }
    free(fi->links);
    strlist_free(&fi->warnings);
    free(fi->root);
    free(fi);
}
