/* SPDX-License-Identifier: MIT */
/*
 * ingest_mets.c - METS issues and NDNP batches into issues.
 *
 * One issue goes through four steps, and nothing is written before the
 * last:
 *   1. the METS file is parsed (ingest_xml.c): MODS issue metadata, the
 *      fileSec, the physical structMap (pages and their files) and, when
 *      present, the logical structMap (ARTICLE/ADVERTISEMENT divs);
 *   2. every referenced file present is read beneath the METS folder, its
 *      METS CHECKSUM verified, and hashed into the source digest; absent
 *      files are warnings when the page keeps something to show (PDF or
 *      ALTO text), errors otherwise;
 *   3. ALTO pages become page words (scaled into the page's pixel space)
 *      and the logical divs articles (paragraph per block, zone per
 *      block); the issue is validated;
 *   4. unless the archive already holds the issue from the same source
 *      digest, media and issue are stored (one transaction), then the
 *      source digest is recorded.
 * A batch repeats this for each issue listed in batch.xml.
 */
#include "base/compat.h"

#include "base/buf.h"
#include "base/xalloc.h"
#include "imaging/imaging.h"
#include "ingest/ingest.h"
#include "ingest/ingest_int.h"
#include "ingest/ingest_lib_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define METS_MAX_FILES 20000

enum file_kind { FK_OTHER, FK_ALTO, FK_PDF, FK_IMAGE };

struct mfile {
    const char *id;  /* borrowed from the METS document */
    char *rel;       /* path beneath the METS folder, or NULL when unusable */
    const char *use; /* file or fileGrp USE */
    const char *mime;
    const char *checksum, *cktype;
    enum file_kind kind;
    int page; /* index into pages, or -1 */
    bool present;
    unsigned char *data; /* kept for ALTO, PDF, displayable images */
    size_t len;
    char hex[STORE_SHA256_HEX]; /* SHA-256 of data */
};

struct mpage {
    const xmlNode *div;
    long alto, pdf, image; /* file indexes, -1 when none */
    struct alto_page alto_pg;
    bool has_alto;
    double scale; /* page units per ALTO unit */
    const char *image_mime;
};

/* One issue being read. */
struct mets {
    const char *where; /* METS path for messages */
    struct pkg_src src;
    xmlDoc *doc;
    struct mfile *files;
    size_t nfiles;
    struct mpage *pages;
    size_t npages;
    struct issue *iss;
    struct ingest_render *render; /* page images made at build time */
    bool no_render;               /* ingest_lib_options.no_page_images */
    const char *data_dir;         /* the archive's, NULL in a dry run */
    struct ingest_report *report;
    crypto_hash_sha256_state hs;
    char source_hex[STORE_SHA256_HEX];
};

static void report_add(char ***v, size_t *n, const char *fmt, ...)
    FOLIO_PRINTF(3, 4);
static void mets_release(struct mets *m);
static const xmlNode *dmd_mods(const xmlNode *root, const char *dmdid);
static char *mods_find(const xmlNode *mods,
                       const char *elem,
                       const char *attr,
                       const char *val);
static FOLIO_MUST_USE enum folio_rc
read_files(struct mets *m, const xmlNode *root, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc read_group(struct mets *m,
                                               const xmlNode *g,
                                               const char *use,
                                               int depth,
                                               size_t *cap,
                                               struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
read_pages(struct mets *m, const xmlNode *root, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc load_page_files(struct mets *m,
                                                    struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
issue_meta(struct mets *m,
           const xmlNode *root,
           const struct ingest_lib_options *opt,
           struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc build_pages(struct mets *m,
                                                struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc render_page(struct mets *m,
                                                struct mpage *mp,
                                                int *iw,
                                                int *ih,
                                                struct ingest_page_render *pr,
                                                struct folio_err *err);
static void build_articles(struct mets *m, const xmlNode *root);
static FOLIO_MUST_USE enum folio_rc
mets_open(struct mets *m,
          const char *dir,
          const char *name,
          const char *where,
          const struct ingest_lib_options *opt,
          struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
mets_commit(struct mets *m,
            struct store *st,
            const struct ingest_lib_options *opt,
            struct ingest_issue_report *ir,
            struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
one_issue(struct store *st,
          const char *dir,
          const char *name,
          const char *where,
          const struct ingest_lib_options *opt,
          struct ingest_report *report,
          size_t *pages_done,
          struct folio_err *err);
static char *href_rel(const char *href);
static bool href_remote(const char *href);
static char *mods_detail(const xmlNode *mods, const char *type);
static bool date_norm(char **date);
static const char *cktype_guess(const char *hex);
static char *case_fold_path(int root, const char *rel);
static FOLIO_MUST_USE enum folio_rc
page_unusable(const struct mets *m, size_t i, struct folio_err *err);
static bool next_token(const char **p, char *out, size_t outsz);
static char *slug(const char *s);

static void report_add(char ***v, size_t *n, const char *fmt, ...)
{
    va_list ap;
    struct buf b;

    buf_init(&b, 4096);
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    *v = xreallocarray(*v, *n + 1, sizeof(**v));
    (*v)[(*n)++] = buf_detach(&b, NULL);
}

void ingest_report_release(struct ingest_report *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->nwarnings; i++)
        free(r->warnings[i]);
    for (i = 0; i < r->nerrors; i++)
        free(r->errors[i]);
    free(r->warnings);
    free(r->errors);
    free(r->issues);
    memset(r, 0, sizeof(*r));
}

static void mets_release(struct mets *m)
{
    size_t i;

    for (i = 0; i < m->nfiles; i++) {
        free(m->files[i].rel);
        free(m->files[i].data);
    }
    for (i = 0; i < m->npages; i++)
        alto_page_release(&m->pages[i].alto_pg);
    free(m->files);
    free(m->pages);
    issue_free(m->iss);
    ingest_render_free(m->render);
    if (m->doc)
        xmlFreeDoc(m->doc);
    pkg_src_release(&m->src);
    memset(m, 0, sizeof(*m));
    m->src.dirfd = -1;
}

/*
 * "file://./text/a.xml", "./0011.xml", "text/a.xml", ".\\text\\a.xml"
 * (written on Windows) -> "text/a.xml".
 */
static char *href_rel(const char *href)
{
    char *p, *q, *r;

    if (!href)
        return NULL;
    p = r = xstrdup(href);
    for (q = p; *q; q++)
        if (*q == '\\')
            *q = '/';
    if (strncasecmp(p, "file://", 7) == 0)
        p += 7;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    if (!pkg_path_ok(p)) {
        free(r);
        return NULL;
    }
    p = xstrdup(p);
    free(r);
    return p;
}

/* "http://host/x.tif", "https:…", "ftp:…": a URL folio does not fetch. */
static bool href_remote(const char *href)
{
    const char *p = href;

    if (!p || !isalpha((unsigned char)*p))
        return false;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    return strncmp(p, "://", 3) == 0 && strncasecmp(href, "file:", 5) != 0;
}

/* Next space-separated token of *p into out (truncated); false at end. */
static bool next_token(const char **p, char *out, size_t outsz)
{
    const char *s = *p;
    size_t n = 0;

    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (!*s)
        return false;
    while (*s && *s != ' ' && *s != '\t' && *s != '\n') {
        if (n + 1 < outsz)
            out[n++] = *s;
        s++;
    }
    out[n] = '\0';
    *p = s;
    return true;
}

/* Lower-case ASCII slug of s for a paper id: [a-z0-9-], at most 60. */
static char *slug(const char *s)
{
    char out[61];
    size_t n = 0;
    bool dash = false;

    for (; s && *s && n < sizeof(out) - 1; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) && c < 128) {
            if (dash && n > 0)
                out[n++] = '-';
            if (n < sizeof(out) - 1)
                out[n++] = (char)tolower(c);
            dash = false;
        } else if (c < 0x80 || (c & 0xc0) == 0xc0) {
            dash = true; /* one separator per non-ASCII character */
        }
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
    return n ? xstrdup(out) : NULL;
}

/* The <mods> element of the dmdSec with ID dmdid, or NULL. */
static const xmlNode *dmd_mods(const xmlNode *root, const char *dmdid)
{
    const xmlNode *d;
    const char *id;

    for (d = xml_child(root, "dmdSec"); d; d = xml_next(d, "dmdSec")) {
        id = xml_attr(d, "ID");
        if (id && dmdid && strcmp(id, dmdid) == 0)
            return xml_find(d, "mods");
    }
    return NULL;
}

/* Text of the first elem in mods (with attr = val when attr given). */
static char *mods_find(const xmlNode *mods,
                       const char *elem,
                       const char *attr,
                       const char *val)
{
    const xmlNode *c;
    char *r;

    if (!mods)
        return NULL;
    for (c = mods->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(c, elem)) {
            const char *a = attr ? xml_attr(c, attr) : NULL;
            if (!attr || (a && strcmp(a, val) == 0)) {
                r = xml_text(c);
                if (r[0])
                    return r;
                free(r);
            }
        }
        r = mods_find(c, elem, attr, val);
        if (r)
            return r;
    }
    return NULL;
}

/*
 * The <detail type=type> of mods: its <number> (NDNP writes
 * <detail type="edition"><number>1</number><caption>Main</caption>),
 * else its whole text. NULL when absent or empty.
 */
static char *mods_detail(const xmlNode *mods, const char *type)
{
    const xmlNode *c;
    const char *t;
    char *r;

    for (c = mods ? mods->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        t = xml_attr(c, "type");
        if (xml_is(c, "detail") && t && strcmp(t, type) == 0) {
            r = xml_text(xml_child(c, "number") ? xml_child(c, "number") : c);
            if (r[0])
                return r;
            free(r);
        }
        r = mods_detail(c, type);
        if (r)
            return r;
    }
    return NULL;
}

/*
 * A MODS dateIssued *date made YYYY-MM-DD (reallocated): "1878-01-03",
 * "1878-01-03T00:00:00Z" (w3cdtf) or "18780103" (iso8601 basic form).
 * False when date is neither (a year alone, "1878-01", free text).
 */
static bool date_norm(char **date)
{
    const char *d = *date;
    size_t i, n = strlen(d);
    int k = 0;

    for (i = 0; i < n && isdigit((unsigned char)d[i]); i++)
        k++;
    if (k == 8 && (i == n || d[i] == 'T')) {
        char *r = xasprintf("%.4s-%.2s-%.2s", d, d + 4, d + 6);
        free(*date);
        *date = r;
        return true;
    }
    if (n < 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
            return false;
    (*date)[10] = '\0';
    return true;
}

/*
 * The <file>s of fileGrp g and of the fileGrps nested in it (METS allows
 * nesting; USE is inherited from the nearest group that has one). Of
 * several FLocat, the first that is not a remote URL is used.
 */
static enum folio_rc read_group(struct mets *m,
                                const xmlNode *g,
                                const char *use,
                                int depth,
                                size_t *cap,
                                struct folio_err *err)
{
    const xmlNode *f, *loc;
    struct mfile *mf;
    const char *href, *remote;
    enum folio_rc rc = FOLIO_OK;

    if (xml_attr(g, "USE"))
        use = xml_attr(g, "USE");
    for (f = g->children; f && rc == FOLIO_OK; f = f->next) {
        if (xml_is(f, "fileGrp") && depth < 8) {
            rc = read_group(m, f, use, depth + 1, cap, err);
            continue;
        }
        if (!xml_is(f, "file"))
            continue;
        if (m->nfiles >= METS_MAX_FILES)
            return err_set(err, FOLIO_ERR_TOO_LARGE, m->where,
                           "more than %d files", METS_MAX_FILES);
        if (m->nfiles == *cap) {
            *cap = *cap ? 2 * *cap : 32;
            m->files = xreallocarray(m->files, *cap, sizeof(*m->files));
        }
        mf = &m->files[m->nfiles++];
        memset(mf, 0, sizeof(*mf));
        mf->page = -1;
        mf->id = xml_attr(f, "ID");
        mf->use = xml_attr(f, "USE");
        if (!mf->use)
            mf->use = use;
        mf->mime = xml_attr(f, "MIMETYPE");
        mf->checksum = xml_attr(f, "CHECKSUM");
        mf->cktype = xml_attr(f, "CHECKSUMTYPE");
        href = remote = NULL;
        for (loc = xml_child(f, "FLocat"); loc && !href;
             loc = xml_next(loc, "FLocat")) {
            const char *h = xml_attr(loc, "href");
            if (href_remote(h))
                remote = remote ? remote : h;
            else
                href = h;
        }
        if (!href && remote) {
            report_add(&m->report->warnings, &m->report->nwarnings,
                       "%s: file '%s': '%s' is a remote URL; not fetched",
                       m->where, mf->id ? mf->id : "?", remote);
            continue;
        }
        if (href && !(mf->rel = href_rel(href)))
            return err_set(err, FOLIO_ERR_INVALID, m->where,
                           "file '%s': path '%s' leaves the issue folder",
                           mf->id ? mf->id : "?", href);
    }
    return rc;
}

/* Collect every <file> of the fileSec. */
static enum folio_rc
read_files(struct mets *m, const xmlNode *root, struct folio_err *err)
{
    const xmlNode *fs = xml_child(root, "fileSec"), *g;
    size_t cap = 0;
    enum folio_rc rc = FOLIO_OK;

    if (!fs)
        return err_set(err, FOLIO_ERR_INVALID, m->where, "no <fileSec>");
    for (g = fs->children; g && rc == FOLIO_OK; g = g->next)
        if (xml_is(g, "fileGrp"))
            rc = read_group(m, g, NULL, 0, &cap, err);
    return rc;
}

static enum file_kind classify(const struct mfile *f)
{
    const char *dot = f->rel ? strrchr(f->rel, '.') : NULL;
    const char *use = f->use ? f->use : "";

    if (strncasecmp(use, "thumb", 5) == 0)
        return FK_OTHER;
    if ((f->mime && strcasecmp(f->mime, "application/pdf") == 0) ||
        (dot && strcasecmp(dot, ".pdf") == 0))
        return FK_PDF;
    if ((f->mime && strncasecmp(f->mime, "image/", 6) == 0) ||
        (dot &&
         (strcasecmp(dot, ".tif") == 0 || strcasecmp(dot, ".tiff") == 0 ||
          strcasecmp(dot, ".jp2") == 0 || strcasecmp(dot, ".png") == 0 ||
          strcasecmp(dot, ".jpg") == 0)))
        return FK_IMAGE;
    if (strcasecmp(use, "ocr") == 0 || strcasecmp(use, "text") == 0 ||
        (f->mime && strcasecmp(f->mime, "text/xml") == 0) ||
        (dot && strcasecmp(dot, ".xml") == 0))
        return FK_ALTO;
    return FK_OTHER;
}

/* Byte cap for reading a file of kind k. */
static size_t read_cap(enum file_kind k)
{
    size_t cap = INGEST_MAX_FILE_BYTES;

    if (k == FK_ALTO)
        cap = INGEST_MAX_XML_BYTES;
    return cap;
}

static long file_find(const struct mets *m, const char *id)
{
    size_t i;

    for (i = 0; id && i < m->nfiles; i++)
        if (m->files[i].id && strcmp(m->files[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* Mark the files of page pi found under node n (fptr and area FILEIDs). */
static void page_files(struct mets *m, size_t pi, const xmlNode *n)
{
    const xmlNode *c;
    long fi;

    for (c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(c, "div"))
            continue; /* a nested page is its own page */
        if (xml_is(c, "fptr") || xml_is(c, "area")) {
            fi = file_find(m, xml_attr(c, "FILEID"));
            if (fi >= 0 && m->files[fi].page < 0)
                m->files[fi].page = (int)pi;
        }
        page_files(m, pi, c);
    }
}

/* Page divs of the physical structMap, in document order. */
static void collect_pages(struct mets *m, const xmlNode *n, size_t *cap)
{
    const xmlNode *c;
    const char *type;
    size_t tl;

    for (c = n->children; c; c = c->next) {
        if (!xml_is(c, "div"))
            continue;
        type = xml_attr(c, "TYPE");
        tl = type ? strlen(type) : 0;
        if (tl >= 4 && strcasecmp(type + tl - 4, "page") == 0) {
            if (m->npages == *cap) {
                *cap = *cap ? 2 * *cap : 16;
                m->pages = xreallocarray(m->pages, *cap, sizeof(*m->pages));
            }
            memset(&m->pages[m->npages], 0, sizeof(m->pages[0]));
            m->pages[m->npages].div = c;
            m->pages[m->npages].alto = -1;
            m->pages[m->npages].pdf = -1;
            m->pages[m->npages].image = -1;
            page_files(m, m->npages, c);
            m->npages++;
        } else {
            collect_pages(m, c, cap);
        }
    }
}

static enum folio_rc
read_pages(struct mets *m, const xmlNode *root, struct folio_err *err)
{
    const xmlNode *sm;
    const char *type;
    size_t cap = 0, i;

    for (sm = xml_child(root, "structMap"); sm;
         sm = xml_next(sm, "structMap")) {
        type = xml_attr(sm, "TYPE");
        if (type && strcasecmp(type, "LOGICAL") == 0)
            continue;
        collect_pages(m, sm, &cap);
        if (m->npages > 0)
            break;
    }
    if (m->npages == 0)
        return err_set(err, FOLIO_ERR_INVALID, m->where,
                       "no page divs in the physical structMap");
    if (m->npages > MODEL_MAX_PAGES)
        return err_set(err, FOLIO_ERR_TOO_LARGE, m->where,
                       "%zu pages; at most %d", m->npages, MODEL_MAX_PAGES);
    for (i = 0; i < m->nfiles; i++) {
        struct mfile *f = &m->files[i];
        struct mpage *pg;
        if (f->page < 0 || !f->rel)
            continue;
        f->kind = classify(f);
        pg = &m->pages[f->page];
        if (f->kind == FK_ALTO && pg->alto < 0)
            pg->alto = (long)i;
        else if (f->kind == FK_PDF && pg->pdf < 0)
            pg->pdf = (long)i;
        /* images are chosen in load_page_files once presence is known */
    }
    return FOLIO_OK;
}

/*
 * rel beneath root with each segment matched regardless of letter case
 * (METS written on Windows: "./0011.XML", "TEXT/a.xml"): the path as it
 * is on disk, or NULL when a segment matches nothing. Only names are
 * looked up here; the file is then opened like any other (beneath).
 */
static char *case_fold_path(int root, const char *rel)
{
    struct buf out = BUF_INIT(4096);
    char *copy = xstrdup(rel), *seg, *next, *res = NULL;
    int fd = openat(root, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    for (seg = copy; fd >= 0 && seg; seg = next) {
        DIR *d;
        struct dirent *de;
        bool found = false;
        next = strchr(seg, '/');
        if (next)
            *next++ = '\0';
        d = fdopendir(fd);
        if (!d) {
            (void)close(fd);
            fd = -1;
            break;
        }
        while ((de = readdir(d)) != NULL)
            if (strcasecmp(de->d_name, seg) == 0 &&
                strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
                found = true;
                break;
            }
        if (found) {
            if (out.len)
                buf_addc(&out, '/');
            buf_adds(&out, de->d_name);
            fd = next ? openat(dirfd(d), de->d_name,
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                      : -2;
        } else {
            fd = -1;
        }
        (void)closedir(d);
    }
    if (fd == -2 && buf_status(&out) == FOLIO_OK)
        res = buf_detach(&out, NULL);
    else if (fd >= 0)
        (void)close(fd);
    buf_release(&out);
    free(copy);
    return res;
}

/*
 * The algorithm of a CHECKSUM given without CHECKSUMTYPE (allowed by the
 * schema): told by its length in hex digits; MD5 when it is none of them
 * (and the mismatch names MD5).
 */
static const char *cktype_guess(const char *hex)
{
    switch (strlen(hex)) {
    case 40:
        return "SHA-1";
    case 64:
        return "SHA-256";
    case 96:
        return "SHA-384";
    case 128:
        return "SHA-512";
    default:
        return "MD5";
    }
}

/*
 * Read the files pages refer to, verify checksums, hash them into the
 * source digest; choose each page's image.
 */
static enum folio_rc load_page_files(struct mets *m, struct folio_err *err)
{
    enum folio_rc rc = FOLIO_OK;
    char where[600], hex[129];
    struct stat sb;
    size_t i;

    for (i = 0; i < m->nfiles && rc == FOLIO_OK; i++) {
        struct mfile *f = &m->files[i];
        unsigned char h[crypto_hash_sha256_BYTES];
        bool keep;
        if (f->page < 0 || !f->rel || f->kind == FK_OTHER)
            continue;
        (void)snprintf(where, sizeof(where), "%s: %s", m->where, f->rel);
        if (fstatat(m->src.dirfd, f->rel, &sb, 0) != 0) {
            char *on_disk;
            if (errno != ENOENT && errno != ENOTDIR)
                return err_errno(err, where, "cannot stat");
            on_disk = case_fold_path(m->src.dirfd, f->rel);
            if (!on_disk || fstatat(m->src.dirfd, on_disk, &sb, 0) != 0) {
                free(on_disk);
                continue; /* absent: judged per page below */
            }
            report_add(&m->report->warnings, &m->report->nwarnings,
                       "%s: found as '%s' (letter case differs)", where,
                       on_disk);
            free(f->rel);
            f->rel = on_disk;
            (void)snprintf(where, sizeof(where), "%s: %s", m->where, f->rel);
        }
        if (f->kind == FK_IMAGE &&
            (sb.st_size > (off_t)INGEST_MAX_FILE_BYTES)) {
            report_add(&m->report->warnings, &m->report->nwarnings,
                       "%s: image of %lld bytes not read (over %u)", where,
                       (long long)sb.st_size, INGEST_MAX_FILE_BYTES);
            continue;
        }
        rc = pkg_src_read(&m->src, f->rel, read_cap(f->kind), where, &f->data,
                          &f->len, err);
        if (rc != FOLIO_OK)
            break;
        f->present = true;
        if (f->checksum && f->checksum[0]) {
            const char *type =
                f->cktype ? f->cktype : cktype_guess(f->checksum);
            if (!digest_hex(type, f->data, f->len, hex)) {
                report_add(&m->report->warnings, &m->report->nwarnings,
                           "%s: CHECKSUMTYPE '%s' not supported; not "
                           "verified",
                           where, type);
            } else if (strcasecmp(hex, f->checksum) != 0) {
                rc = err_set(err, FOLIO_ERR_INVALID, where,
                             "%s checksum mismatch: METS says %s, file has "
                             "%s",
                             type, f->checksum, hex);
                break;
            }
        }
        crypto_hash_sha256(h, f->data, f->len);
        sodium_bin2hex(f->hex, sizeof(f->hex), h, sizeof(h));
        crypto_hash_sha256_update(&m->hs, (const unsigned char *)f->rel,
                                  strlen(f->rel) + 1);
        crypto_hash_sha256_update(&m->hs, h, sizeof(h));
        keep = f->kind == FK_ALTO || f->kind == FK_PDF;
        if (f->kind == FK_IMAGE) {
            const char *mime;
            int w, hgt;
            struct mpage *pg = &m->pages[f->page];
            if (ingest_image_info(f->data, f->len, &mime, &w, &hgt) ||
                ingest_scan_mime(f->data, f->len, &mime)) {
                /* web images and scans (TIFF, JP2: rendered at import) */
                if (pg->image < 0) {
                    pg->image = (long)i;
                    pg->image_mime = mime;
                    keep = true;
                }
            } else {
                report_add(&m->report->warnings, &m->report->nwarnings,
                           "%s: not a PNG, JPEG, GIF, WebP, TIFF or JPEG "
                           "2000 image; not used",
                           where);
            }
        }
        if (!keep) {
            FREE_AND_NULL(f->data);
            f->len = 0;
        }
    }
    return rc;
}

static enum folio_rc issue_meta(struct mets *m,
                                const xmlNode *root,
                                const struct ingest_lib_options *opt,
                                struct folio_err *err)
{
    const xmlNode *top = NULL, *sm, *d, *mods = NULL;
    char *lccn = NULL, *date = NULL, *title = NULL, *lang = NULL;
    char *edition = NULL, *number = NULL, *id = NULL, ids[512];
    const char *dmdid, *label;
    enum folio_rc rc = FOLIO_OK;
    const char *p;
    char tok[128];
    size_t k;

    for (sm = xml_child(root, "structMap"); sm && !top;
         sm = xml_next(sm, "structMap")) {
        const char *type = xml_attr(sm, "TYPE");
        if (!type || strcasecmp(type, "LOGICAL") != 0)
            top = xml_child(sm, "div");
    }
    /* The DMDIDs of the top physical div name the issue's MODS. */
    dmdid = top ? xml_attr(top, "DMDID") : NULL;
    (void)snprintf(ids, sizeof(ids), "%s", dmdid ? dmdid : "");
    for (p = ids; next_token(&p, tok, sizeof(tok));) {
        mods = dmd_mods(root, tok);
        if (!lccn)
            lccn = mods_find(mods, "identifier", "type", "lccn");
        if (!date)
            date = mods_find(mods, "dateIssued", NULL, NULL);
        if (!title)
            title = mods_find(mods, "title", NULL, NULL);
        if (!lang)
            lang = mods_find(mods, "languageTerm", NULL, NULL);
        if (!edition)
            edition = mods_detail(mods, "edition");
        if (!number)
            number = mods_detail(mods, "issue");
    }
    if (date && !date_norm(&date))
        FREE_AND_NULL(date);
    for (d = xml_child(root, "dmdSec"); d && !date; d = xml_next(d, "dmdSec")) {
        date = mods_find(xml_find(d, "mods"), "dateIssued", NULL, NULL);
        if (date && !date_norm(&date))
            FREE_AND_NULL(date);
    }
    if (!date) {
        rc = err_set(err, FOLIO_ERR_INVALID, m->where,
                     "no MODS dateIssued (YYYY-MM-DD or YYYYMMDD) for the "
                     "issue");
        goto out;
    }
    label = xml_attr(root, "LABEL");
    if (!title && label) {
        /* NDNP: LABEL="Der Nordstern (St. Cloud, Minn.), 1878-01-03" */
        title = xstrdup(label);
        k = strlen(title);
        if (k > 12 && strcmp(title + k - 10, date) == 0 && title[k - 12] == ',')
            title[k - 12] = '\0';
    }
    if (opt && opt->paper_id)
        id = xstrdup(opt->paper_id);
    else if (lccn)
        id = slug(lccn);
    else if (title)
        id = slug(title);
    if (!id || !model_id_valid(id, true)) {
        rc = err_set(err, FOLIO_ERR_INVALID, m->where,
                     "cannot derive a paper id (no LCCN or title); give one");
        goto out;
    }
    m->iss = xcalloc(1, sizeof(*m->iss));
    m->iss->paper.id = id;
    id = NULL;
    m->iss->paper.name = title ? title : xstrdup(m->iss->paper.id);
    title = NULL;
    m->iss->paper.language = lang ? lang_to_bcp47(lang) : NULL;
    m->iss->paper.timezone = xstrdup("UTC");
    (void)snprintf(m->iss->date, sizeof(m->iss->date), "%s", date);
    if (edition && strcmp(edition, "1") != 0)
        m->iss->edition = xstrdup(edition);
    if (number) {
        char *end;
        long long v = strtoll(number, &end, 10);
        if (!*end && v > 0)
            m->iss->number = v;
    }
out:
    free(lccn);
    free(date);
    free(title);
    free(lang);
    free(edition);
    free(number);
    free(id);
    return rc;
}

/* Most frequent block language of pg's blocks [first, first+n). */
static const char *
major_lang(const struct alto_page *pg, const size_t *blocks, size_t n)
{
    const char *best = NULL;
    size_t i, j, cnt, bestn = 0;

    for (i = 0; i < n; i++) {
        const char *l = pg->blocks[blocks[i]].lang;
        if (!l)
            continue;
        cnt = 0;
        for (j = 0; j < n; j++) {
            const char *o = pg->blocks[blocks[j]].lang;
            cnt += o && strcmp(o, l) == 0;
        }
        if (cnt > bestn) {
            bestn = cnt;
            best = l;
        }
    }
    return best;
}

/* Truncate s in place to at most max bytes on a UTF-8 boundary. */
static void utf8_cut(char *s, size_t max)
{
    size_t n = strlen(s);

    if (n <= max)
        return;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    s[n] = '\0';
}

/*
 * Render page mp's scan or PDF in the imaging child (ingest_pages.c):
 * derivatives for the page view, and the size of the scan. The page's
 * coordinate space is the scan's pixels, else ALTO at 300 dpi, else the
 * PDF's points. iw/ih: scan pixels (0 without a scan). pr: zeroed when
 * there is nothing to render; its words are the caller's.
 */
static enum folio_rc render_page(struct mets *m,
                                 struct mpage *mp,
                                 int *iw,
                                 int *ih,
                                 struct ingest_page_render *pr,
                                 struct folio_err *err)
{
    struct ingest_page_file fi, fp;
    const struct mfile *img = mp->image >= 0 ? &m->files[mp->image] : NULL;
    const struct mfile *pdf =
        mp->pdf >= 0 && m->files[mp->pdf].present ? &m->files[mp->pdf] : NULL;
    int want_w = 0, want_h = 0;
    enum folio_rc rc;

    memset(pr, 0, sizeof(*pr));
    *iw = *ih = 0;
    if ((!img && !pdf) || m->no_render)
        return FOLIO_OK;
    if (!img && mp->has_alto && m->data_dir) {
        /* the same PDF rendered by an earlier import: nothing to learn */
        char *dir = imaging_derived_dir(m->data_dir, pdf->hex);
        struct stat sb;
        bool have = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
        free(dir);
        if (have)
            return FOLIO_OK;
    }
    if (img) {
        fi = (struct ingest_page_file){ img->rel, img->data, img->len,
                                        img->hex };
    } else if (mp->has_alto) {
        double sc = alto_default_scale(mp->alto_pg.unit);
        want_w = (int)lround(mp->alto_pg.width * sc);
        want_h = (int)lround(mp->alto_pg.height * sc);
    }
    if (pdf)
        fp = (struct ingest_page_file){ pdf->rel, pdf->data, pdf->len,
                                        pdf->hex };
    rc = ingest_render_page(&m->render, img ? &fi : NULL, pdf ? &fp : NULL,
                            want_w, want_h, pr, err);
    if (rc != FOLIO_OK) {
        err_prefix(err, "%s", m->where);
        return rc;
    }
    if (img) {
        int w = 0, h = 0;
        const char *mime;
        if (ingest_image_info(img->data, img->len, &mime, &w, &h)) {
            *iw = w;
            *ih = h;
        } else {
            *iw = pr->source_width;
            *ih = pr->source_height;
        }
    }
    return FOLIO_OK;
}

/* The error for page i (0-based) when none of its files is there. */
static enum folio_rc
page_unusable(const struct mets *m, size_t i, struct folio_err *err)
{
    struct buf b;
    enum folio_rc rc;
    size_t j, n = 0;

    buf_init(&b, 4096);
    for (j = 0; j < m->nfiles; j++) {
        const struct mfile *f = &m->files[j];
        if (f->page != (int)i || f->present || f->kind == FK_OTHER || !f->rel)
            continue;
        buf_adds(&b, n++ ? ", '" : "'");
        buf_adds(&b, f->rel);
        buf_addc(&b, '\'');
    }
    if (n == 0)
        rc = err_set(err, FOLIO_ERR_INVALID, m->where,
                     "page %zu has no image, PDF or ALTO file", i + 1);
    else
        rc = err_set(err, FOLIO_ERR_INVALID, m->where,
                     "page %zu: no image, PDF or ALTO file of the page is "
                     "there (missing: %s)",
                     i + 1, b.status == FOLIO_OK ? b.data : "…");
    buf_release(&b);
    return rc;
}

static enum folio_rc build_pages(struct mets *m, struct folio_err *err)
{
    struct issue *iss = m->iss;
    enum folio_rc rc = FOLIO_OK;
    char where[600];
    size_t i, j;

    iss->pages = xcalloc(m->npages, sizeof(*iss->pages));
    iss->npages = m->npages;
    for (i = 0; i < m->npages; i++) {
        struct mpage *mp = &m->pages[i];
        struct page *pg = &iss->pages[i];
        struct ingest_page_render pr;
        bool usable;
        int iw = 0, ih = 0;

        pg->number = (int)i + 1;
        if (mp->alto >= 0 && m->files[mp->alto].present) {
            struct mfile *f = &m->files[mp->alto];
            (void)snprintf(where, sizeof(where), "%s: %s", m->where, f->rel);
            rc = alto_parse(f->data, f->len, where, &mp->alto_pg, err);
            if (rc != FOLIO_OK)
                return rc;
            mp->has_alto = true;
            FREE_AND_NULL(f->data);
        }
        usable = mp->has_alto || mp->image >= 0 ||
                 (mp->pdf >= 0 && m->files[mp->pdf].present);
        if (!usable)
            return page_unusable(m, i, err);
        for (j = 0; j < m->nfiles; j++) {
            const struct mfile *f = &m->files[j];
            if (f->page != (int)i || f->present || f->kind == FK_OTHER ||
                !f->rel)
                continue;
            report_add(&m->report->warnings, &m->report->nwarnings,
                       "%s: page %zu: '%s' is missing (%s used instead)",
                       m->where, i + 1, f->rel,
                       mp->image >= 0 ? "image"
                       : mp->pdf >= 0 && m->files[mp->pdf].present
                           ? "PDF"
                           : "ALTO text");
        }
        rc = render_page(m, mp, &iw, &ih, &pr, err);
        if (rc != FOLIO_OK)
            return rc;
        if (mp->image >= 0) {
            struct mfile *f = &m->files[mp->image];
            pg->image_media = xstrdup(f->hex);
            pg->image_mime = xstrdup(mp->image_mime);
            pg->width = iw;
            pg->height = ih;
        }
        if (mp->pdf >= 0 && m->files[mp->pdf].present)
            pg->pdf_media = xstrdup(m->files[mp->pdf].hex);
        if (!mp->has_alto && pr.nwords > 0) {
            /* no ALTO: the PDF text layer is the page's text */
            pg->words = pr.words;
            pg->nwords = pr.nwords;
            pg->width = pr.width;
            pg->height = pr.height;
            pr.words = NULL;
            pr.nwords = 0;
        } else if (!mp->has_alto && pg->width == 0) {
            pg->width = pr.width;
            pg->height = pr.height;
        }
        page_words_free(pr.words, pr.nwords);
        if (mp->has_alto) {
            struct alto_page *ap = &mp->alto_pg;
            mp->scale = alto_default_scale(ap->unit);
            if (iw > 0 && ap->width > 0)
                mp->scale = iw / ap->width;
            if (iw == 0) {
                pg->width = (int)lround(ap->width * mp->scale);
                pg->height = (int)lround(ap->height * mp->scale);
            }
            if (pg->width > MODEL_MAX_DIMENSION ||
                pg->height > MODEL_MAX_DIMENSION)
                return err_set(err, FOLIO_ERR_INVALID, m->where,
                               "page %zu: size %dx%d over %d", i + 1, pg->width,
                               pg->height, MODEL_MAX_DIMENSION);
            if (pg->width > 0 && pg->height > 0)
                alto_model_words(ap, mp->scale, pg->width, pg->height,
                                 &pg->words, &pg->nwords);
        }
    }
    return FOLIO_OK;
}

/* A reference from a logical div into one page's ALTO. */
struct aref {
    size_t page;
    size_t first_block, nblocks;
    double x, y, w, h; /* ALTO units */
};

static void collect_arefs(const struct mets *m,
                          const xmlNode *n,
                          struct aref **v,
                          size_t *nv,
                          size_t *missing)
{
    const xmlNode *c;

    for (c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(c, "area")) {
            long fi = file_find(m, xml_attr(c, "FILEID")), bi, gi;
            const char *begin = xml_attr(c, "BEGIN");
            const struct mpage *mp;
            struct aref r;
            if (fi < 0 || m->files[fi].page < 0 || !begin) {
                (*missing)++;
                continue;
            }
            mp = &m->pages[m->files[fi].page];
            if (!mp->has_alto) {
                (*missing)++;
                continue;
            }
            memset(&r, 0, sizeof(r));
            r.page = (size_t)m->files[fi].page;
            bi = alto_block_find(&mp->alto_pg, begin);
            gi = bi < 0 ? alto_group_find(&mp->alto_pg, begin) : -1;
            if (bi >= 0) {
                const struct alto_block *b = &mp->alto_pg.blocks[bi];
                r.first_block = (size_t)bi;
                r.nblocks = 1;
                r.x = b->x, r.y = b->y, r.w = b->w, r.h = b->h;
            } else if (gi >= 0) {
                const struct alto_group *g = &mp->alto_pg.groups[gi];
                r.first_block = g->first_block;
                r.nblocks = g->nblocks;
                r.x = g->x, r.y = g->y, r.w = g->w, r.h = g->h;
            } else {
                (*missing)++;
                continue;
            }
            *v = xreallocarray(*v, *nv + 1, sizeof(**v));
            (*v)[(*nv)++] = r;
            continue;
        }
        collect_arefs(m, c, v, nv, missing);
    }
}

/* Append a new article to page pg; returns it. */
static struct article *page_add_article(struct page *pg)
{
    struct article *a;

    pg->articles =
        xreallocarray(pg->articles, pg->narticles + 1, sizeof(*pg->articles));
    a = &pg->articles[pg->narticles];
    memset(a, 0, sizeof(*a));
    a->seq = (int)++pg->narticles;
    return a;
}

/* Zone for r on page pg (scaled, clamped); false when empty. */
static bool aref_zone(const struct aref *r,
                      double scale,
                      const struct page *pg,
                      struct zone *z)
{
    long x = lround(r->x * scale), y = lround(r->y * scale);
    long w = lround(r->w * scale), h = lround(r->h * scale);

    if (pg->width <= 0 || pg->height <= 0)
        return false;
    if (x >= pg->width || y >= pg->height)
        return false;
    if (x + w > pg->width)
        w = pg->width - x;
    if (y + h > pg->height)
        h = pg->height - y;
    if (w <= 0 || h <= 0)
        return false;
    memset(z, 0, sizeof(*z));
    z->x = (int32_t)x;
    z->y = (int32_t)y;
    z->w = (int32_t)w;
    z->h = (int32_t)h;
    return true;
}

static void make_article(struct mets *m,
                         const xmlNode *root,
                         const xmlNode *div,
                         size_t ordinal)
{
    struct aref *refs = NULL;
    size_t nrefs = 0, missing = 0, i, k, nparts = 0;
    size_t part_page[MODEL_MAX_PAGES];
    struct article *parts[MODEL_MAX_PAGES];
    const char *label = xml_attr(div, "LABEL");
    const char *type = xml_attr(div, "TYPE");
    const char *divid = xml_attr(div, "ID");
    const char *dmdid = xml_attr(div, "DMDID");
    const xmlNode *mods = NULL;
    char *headline = NULL, *lang = NULL, tok[128], baseid[MODEL_ID_MAX + 1];
    const char *p;

    collect_arefs(m, div, &refs, &nrefs, &missing);
    if (nrefs == 0) {
        report_add(&m->report->warnings, &m->report->nwarnings,
                   "%s: %s '%s' points at no ALTO block; skipped", m->where,
                   type, divid ? divid : "?");
        goto out;
    }
    if (missing)
        report_add(&m->report->warnings, &m->report->nwarnings,
                   "%s: %s '%s': %zu area(s) point at no ALTO block", m->where,
                   type, divid ? divid : "?", missing);
    for (p = dmdid ? dmdid : ""; !mods && next_token(&p, tok, sizeof(tok));)
        mods = dmd_mods(root, tok);
    if (label && label[0])
        headline = xstrdup(label);
    if (!headline && mods) {
        char *t = mods_find(mods, "title", NULL, NULL);
        headline = t;
    }
    if (!headline)
        headline =
            xstrdup(strcasecmp(type, "ADVERTISEMENT") == 0 ? "Advertisement"
                                                           : "Untitled");
    for (k = 0; headline[k]; k++)
        if (headline[k] == '\n' || headline[k] == '\t' || headline[k] == '\r')
            headline[k] = ' ';
    utf8_cut(headline, INGEST_MAX_SHORT_TEXT);
    if (mods) {
        char *l = mods_find(mods, "languageTerm", NULL, NULL);
        lang = lang_to_bcp47(l);
        free(l);
    }
    if (!divid || !model_id_valid(divid, false) ||
        strlen(divid) > MODEL_ID_MAX - 4)
        (void)snprintf(baseid, sizeof(baseid), "a%zu", ordinal);
    else
        (void)snprintf(baseid, sizeof(baseid), "%s", divid);

    for (i = 0; i < nrefs; i++) {
        const struct aref *r = &refs[i];
        struct page *pg = &m->iss->pages[r->page];
        struct mpage *mp = &m->pages[r->page];
        struct article *a = NULL;
        struct zone z;
        for (k = 0; k < nparts; k++)
            if (part_page[k] == r->page)
                a = parts[k];
        if (!a) {
            if (pg->narticles >= MODEL_MAX_ARTICLES)
                continue;
            a = page_add_article(pg);
            part_page[nparts] = r->page;
            parts[nparts++] = a;
            if (nparts == 1)
                a->id = xstrdup(baseid);
            else
                a->id = xasprintf("%s-%zu", baseid, nparts);
            a->headline = xstrdup(headline);
            if (lang)
                a->lang = xstrdup(lang);
        }
        alto_block_paragraphs(&mp->alto_pg, r->first_block, r->nblocks,
                              &a->paragraphs, &a->nparagraphs);
        if (aref_zone(r, mp->scale, pg, &z)) {
            if (a->nzones < MODEL_MAX_ZONES) {
                a->zones =
                    xreallocarray(a->zones, a->nzones + 1, sizeof(*a->zones));
                a->zones[a->nzones++] = z;
            } else {
                /* over the cap: widen the last zone to cover this one */
                struct zone *l = &a->zones[a->nzones - 1];
                int32_t x2 = l->x + l->w > z.x + z.w ? l->x + l->w : z.x + z.w;
                int32_t y2 = l->y + l->h > z.y + z.h ? l->y + l->h : z.y + z.h;
                l->x = l->x < z.x ? l->x : z.x;
                l->y = l->y < z.y ? l->y : z.y;
                l->w = x2 - l->x;
                l->h = y2 - l->y;
            }
        }
    }
    for (k = 0; k < nparts; k++) {
        struct article *a = parts[k];
        if (!a->lang) {
            /* the language of most of its blocks */
            size_t *bl = NULL, nb = 0, j;
            for (i = 0; i < nrefs; i++) {
                if (refs[i].page != part_page[k])
                    continue;
                for (j = 0; j < refs[i].nblocks; j++) {
                    bl = xreallocarray(bl, nb + 1, sizeof(*bl));
                    bl[nb++] = refs[i].first_block + j;
                }
            }
            a->lang = lang_to_bcp47(
                major_lang(&m->pages[part_page[k]].alto_pg, bl, nb));
            free(bl);
        }
        if (k + 1 < nparts) {
            a->continues.page = (int)part_page[k + 1] + 1;
            a->continues.article = xstrdup(parts[k + 1]->id);
        }
        if (k > 0) {
            a->continued_from.page = (int)part_page[k - 1] + 1;
            a->continued_from.article = xstrdup(parts[k - 1]->id);
        }
    }
out:
    free(refs);
    free(headline);
    free(lang);
}

static void walk_logical(struct mets *m,
                         const xmlNode *root,
                         const xmlNode *n,
                         size_t *ordinal)
{
    const xmlNode *c;
    const char *type;

    for (c = n->children; c; c = c->next) {
        if (!xml_is(c, "div"))
            continue;
        type = xml_attr(c, "TYPE");
        if (type && (strcasecmp(type, "ARTICLE") == 0 ||
                     strcasecmp(type, "ADVERTISEMENT") == 0)) {
            (*ordinal)++;
            make_article(m, root, c, *ordinal);
        } else {
            walk_logical(m, root, c, ordinal);
        }
    }
}

static void build_articles(struct mets *m, const xmlNode *root)
{
    const xmlNode *sm;
    const char *type;
    size_t ordinal = 0;

    for (sm = xml_child(root, "structMap"); sm;
         sm = xml_next(sm, "structMap")) {
        type = xml_attr(sm, "TYPE");
        if (type && strcasecmp(type, "LOGICAL") == 0)
            walk_logical(m, root, sm, &ordinal);
    }
}

/* Paper language when MODS gave none: most frequent block language. */
static void paper_lang_fallback(struct mets *m)
{
    size_t *bl = NULL, nb = 0, i, j, best = 0;
    const char *l = NULL;

    if (m->iss->paper.language)
        return;
    for (i = 0; i < m->npages; i++) {
        const struct alto_page *ap = &m->pages[i].alto_pg;
        const char *pl;
        nb = 0;
        for (j = 0; j < ap->nblocks; j++) {
            bl = xreallocarray(bl, nb + 1, sizeof(*bl));
            bl[nb++] = j;
        }
        pl = major_lang(ap, bl, nb);
        if (pl && (!l || ap->nblocks > best)) {
            l = pl;
            best = ap->nblocks;
        }
    }
    m->iss->paper.language = l ? lang_to_bcp47(l) : xstrdup("und");
    free(bl);
}

static enum folio_rc mets_open(struct mets *m,
                               const char *dir,
                               const char *name,
                               const char *where,
                               const struct ingest_lib_options *opt,
                               struct folio_err *err)
{
    unsigned char *data = NULL;
    unsigned char h[crypto_hash_sha256_BYTES];
    size_t len = 0;
    enum folio_rc rc;
    xmlNode *root;

    m->where = where;
    crypto_hash_sha256_init(&m->hs);
    rc = pkg_src_open(&m->src, dir, err);
    if (rc != FOLIO_OK)
        goto out;
    rc = pkg_src_read(&m->src, name, INGEST_MAX_XML_BYTES, where, &data, &len,
                      err);
    if (rc != FOLIO_OK)
        goto out;
    crypto_hash_sha256_update(&m->hs, data, len);
    rc = xml_parse(data, len, where, &m->doc, err);
    if (rc != FOLIO_OK)
        goto out;
    root = xmlDocGetRootElement(m->doc);
    if (!xml_is(root, "mets")) {
        rc = err_set(err, FOLIO_ERR_INVALID, where,
                     "root element is <%s>, not <mets>",
                     (const char *)root->name);
        goto out;
    }
    rc = read_files(m, root, err);
    if (rc == FOLIO_OK)
        rc = read_pages(m, root, err);
    if (rc == FOLIO_OK)
        rc = issue_meta(m, root, opt, err);
    if (rc == FOLIO_OK)
        rc = load_page_files(m, err);
    if (rc != FOLIO_OK)
        goto out;
    crypto_hash_sha256_final(&m->hs, h);
    sodium_bin2hex(m->source_hex, sizeof(m->source_hex), h, sizeof(h));
out:
    free(data);
    return rc;
}

/* Parse the ALTO pages and articles, and validate (after the skip test). */
static enum folio_rc mets_build(struct mets *m,
                                const struct ingest_lib_options *opt,
                                struct folio_err *err)
{
    enum folio_rc rc;

    rc = build_pages(m, err);
    if (rc != FOLIO_OK)
        return rc;
    build_articles(m, xmlDocGetRootElement(m->doc));
    paper_lang_fallback(m);
    m->iss->status = opt && opt->base.publish ? ISSUE_PUBLISHED : ISSUE_DRAFT;
    rc = issue_validate(m->iss, err);
    if (rc != FOLIO_OK)
        err_prefix(err, "%s", m->where);
    return rc;
}

static enum folio_rc mets_commit(struct mets *m,
                                 struct store *st,
                                 const struct ingest_lib_options *opt,
                                 struct ingest_issue_report *ir,
                                 struct folio_err *err)
{
    enum folio_rc rc = FOLIO_OK;
    struct store_issue_source src;
    char hex[STORE_SHA256_HEX];
    size_t i;

    (void)ir;
    for (i = 0; i < m->nfiles && rc == FOLIO_OK; i++) {
        const struct mfile *f = &m->files[i];
        if (!f->data || (f->kind != FK_PDF && f->kind != FK_IMAGE))
            continue;
        rc = store_media_put(st, f->data, f->len, hex, err);
        if (rc == FOLIO_OK && strcmp(hex, f->hex) != 0)
            BUG("media hash mismatch for %s", f->rel);
    }
    if (rc == FOLIO_OK && m->render)
        rc = ingest_render_commit(m->render, store_dir(st), err);
    /* the source digest commits with the issue: a rerun skips both */
    memset(&src, 0, sizeof(src));
    src.sha = m->source_hex;
    src.path = m->where;
    if (rc == FOLIO_OK)
        rc = store_issue_put_sourced(st, m->iss, opt && opt->base.replace, &src,
                                     err);
    return rc;
}

/*
 * folio keeps one edition per paper and date (store_issue_put refuses to
 * replace another edition without --replace); say so before the pages
 * are parsed and rendered, naming both editions.
 */
static enum folio_rc
edition_conflict(struct store *st, const struct mets *m, struct folio_err *err)
{
    const char *mine = m->iss->edition ? m->iss->edition : "1";
    char *have = NULL;
    bool exists = false;
    enum folio_rc rc;

    rc = store_issue_edition(st, m->iss->paper.id, m->iss->date, &exists, &have,
                             err);
    if (rc != FOLIO_OK)
        return rc;
    if (exists && strcmp(have && have[0] ? have : "1", mine) != 0)
        rc = err_set(err, FOLIO_ERR_CONFLICT, m->where,
                     "edition %s of %s %s: the archive holds edition %s of "
                     "that date and keeps one edition per date; not "
                     "imported (use --replace to replace it)",
                     mine, m->iss->paper.id, m->iss->date,
                     have && have[0] ? have : "1");
    free(have);
    return rc;
}

static void fill_counts(const struct issue *iss, struct ingest_issue_report *ir)
{
    size_t p, a;

    (void)snprintf(ir->paper_id, sizeof(ir->paper_id), "%s", iss->paper.id);
    (void)snprintf(ir->date, sizeof(ir->date), "%s", iss->date);
    ir->npages = (int)iss->npages;
    for (p = 0; p < iss->npages; p++) {
        ir->nwords += (long)iss->pages[p].nwords;
        ir->narticles += (int)iss->pages[p].narticles;
        for (a = 0; a < iss->pages[p].narticles; a++)
            ir->nzones += (int)iss->pages[p].articles[a].nzones;
    }
}

static enum folio_rc one_issue(struct store *st,
                               const char *dir,
                               const char *name,
                               const char *where,
                               const struct ingest_lib_options *opt,
                               struct ingest_report *report,
                               size_t *pages_done,
                               struct folio_err *err)
{
    struct mets m;
    struct ingest_issue_report ir;
    char have[STORE_SHA256_HEX];
    bool found = false;
    enum folio_rc rc;

    memset(&m, 0, sizeof(m));
    memset(&ir, 0, sizeof(ir));
    m.src.dirfd = -1;
    m.report = report;
    rc = mets_open(&m, dir, name, where, opt, err);
    if (rc != FOLIO_OK)
        goto out;
    /* a dry run checks METS, ALTO and files, not page renders */
    m.no_render = !st || (opt && opt->no_page_images);
    m.data_dir = st ? store_dir(st) : NULL;
    if (m.data_dir && !m.no_render) {
        /* temp dirs of the imaging child under DATA/tmp, swept there */
        char *work = xasprintf("%s/tmp", m.data_dir);
        ingest_render_work_dir(&m.render, work);
        free(work);
    }
    if (st) {
        rc = store_source_get(st, m.iss->paper.id, m.iss->date, have, &found,
                              err);
        if (rc != FOLIO_OK)
            goto out;
    }
    if (st && !(found && strcmp(have, m.source_hex) == 0) &&
        !(opt && opt->base.replace)) {
        /* another edition of this date: refuse before rendering pages */
        rc = edition_conflict(st, &m, err);
        if (rc != FOLIO_OK)
            goto out;
    }
    if (found && strcmp(have, m.source_hex) == 0) {
        (void)snprintf(ir.paper_id, sizeof(ir.paper_id), "%s", m.iss->paper.id);
        (void)snprintf(ir.date, sizeof(ir.date), "%s", m.iss->date);
        ir.npages = (int)m.npages;
        ir.skipped = true;
    } else {
        rc = mets_build(&m, opt, err);
        if (rc == FOLIO_OK && st)
            rc = mets_commit(&m, st, opt, &ir, err);
        if (rc != FOLIO_OK)
            goto out;
        fill_counts(m.iss, &ir);
    }
    *pages_done += (size_t)ir.npages;
    report->issues = xreallocarray(report->issues, report->nissues + 1,
                                   sizeof(*report->issues));
    report->issues[report->nissues++] = ir;
out:
    mets_release(&m);
    return rc;
}

/* Split path into a malloc'd folder and a pointer to its last part. */
static char *split_path(const char *path, const char **name)
{
    const char *slash = strrchr(path, '/');

    if (!slash) {
        *name = path;
        return xstrdup(".");
    }
    *name = slash + 1;
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

enum folio_rc ingest_mets_issue(struct store *st,
                                const char *mets_path,
                                const struct ingest_lib_options *opt,
                                struct ingest_report *report,
                                struct folio_err *err)
{
    const char *name;
    char *dir = split_path(mets_path, &name);
    size_t pages = 0;
    enum folio_rc rc;
    struct folio_err e;

    memset(&e, 0, sizeof(e));
    if (sodium_init() < 0)
        BUG("cannot initialise libsodium");
    rc = one_issue(st, dir, name, mets_path, opt, report, &pages, &e);
    if (rc != FOLIO_OK) {
        report_add(&report->errors, &report->nerrors, "%s: %s", e.where, e.msg);
        if (err)
            *err = e;
    } else if (opt && opt->progress) {
        opt->progress(opt->progress_ctx, 1, 1, pages);
    }
    free(dir);
    return rc;
}

enum folio_rc ingest_ndnp_batch(struct store *st,
                                const char *batch_xml,
                                const struct ingest_lib_options *opt,
                                struct ingest_report *report,
                                struct folio_err *err)
{
    struct pkg_src src;
    unsigned char *data = NULL;
    size_t len = 0, total = 0, done = 0, pages = 0;
    xmlDoc *doc = NULL;
    const xmlNode *root, *n;
    const char *name;
    char *dir = split_path(batch_xml, &name), *realdir = NULL;
    enum folio_rc rc, first = FOLIO_OK;
    struct folio_err e;

    memset(&src, 0, sizeof(src));
    src.dirfd = -1;
    if (sodium_init() < 0)
        BUG("cannot initialise libsodium");
    rc = pkg_src_open(&src, dir, err);
    if (rc == FOLIO_OK)
        rc = pkg_src_read(&src, name, INGEST_MAX_XML_BYTES, batch_xml, &data,
                          &len, err);
    if (rc == FOLIO_OK)
        rc = xml_parse(data, len, batch_xml, &doc, err);
    if (rc != FOLIO_OK)
        goto out;
    root = xmlDocGetRootElement(doc);
    if (!xml_is(root, "batch")) {
        rc = err_set(err, FOLIO_ERR_INVALID, batch_xml,
                     "root element is <%s>, not <batch>",
                     (const char *)root->name);
        goto out;
    }
    realdir = realpath(dir, NULL);
    if (!realdir) {
        rc = err_errno(err, dir, "cannot resolve");
        goto out;
    }
    for (n = xml_child(root, "issue"); n; n = xml_next(n, "issue"))
        total++;
    for (n = xml_child(root, "issue"); n; n = xml_next(n, "issue")) {
        char *text = xml_text(n), *rel = href_rel(text), *full = NULL;
        char *idir = NULL, *ireal = NULL, where[1200];
        const char *iname;
        size_t rl = strlen(realdir);
        memset(&e, 0, sizeof(e));
        (void)snprintf(where, sizeof(where), "%s/%s", dir, rel ? rel : text);
        if (!rel) {
            rc = err_set(&e, FOLIO_ERR_INVALID, batch_xml,
                         "issue path '%s' leaves the batch folder", text);
        } else {
            full = xasprintf("%s/%s", dir, rel);
            idir = split_path(full, &iname);
            ireal = realpath(idir, NULL);
            if (!ireal)
                rc = err_set(&e, FOLIO_ERR_NOT_FOUND, where,
                             "issue listed in %s (%s %s) is not there", name,
                             xml_attr(n, "lccn") ? xml_attr(n, "lccn") : "?",
                             xml_attr(n, "issueDate") ? xml_attr(n, "issueDate")
                                                      : "?");
            else if (strncmp(ireal, realdir, rl) != 0 ||
                     (ireal[rl] != '/' && ireal[rl] != '\0'))
                rc = err_set(&e, FOLIO_ERR_INVALID, where,
                             "issue folder leaves the batch folder");
            else
                rc = one_issue(st, idir, iname, where, opt, report, &pages, &e);
            if (rc == FOLIO_ERR_INVALID && e.msg[0] &&
                strstr(e.msg, "no such file"))
                rc = err_set(&e, FOLIO_ERR_NOT_FOUND, where,
                             "issue listed in %s is not there", name);
        }
        if (rc != FOLIO_OK) {
            report_add(&report->errors, &report->nerrors, "%s: %s", e.where,
                       e.msg);
            if (first == FOLIO_OK) {
                first = rc;
                if (err)
                    *err = e;
            }
        }
        done++;
        if (opt && opt->progress)
            opt->progress(opt->progress_ctx, done, total, pages);
        free(text);
        free(rel);
        free(full);
        free(idir);
        free(ireal);
    }
    rc = first;
    if (total == 0 && rc == FOLIO_OK)
        rc =
            err_set(err, FOLIO_ERR_INVALID, batch_xml, "batch lists no issues");
out:
    free(realdir);
    if (doc)
        xmlFreeDoc(doc);
    free(data);
    pkg_src_release(&src);
    free(dir);
    return rc;
}

enum folio_rc
ingest_alto_text(const char *alto_path, char **out, struct folio_err *err)
{
    struct pkg_src src;
    struct alto_page pg;
    struct buf b;
    unsigned char *data = NULL;
    size_t len = 0;
    const char *name;
    char *dir = split_path(alto_path, &name);
    enum folio_rc rc;

    memset(&pg, 0, sizeof(pg));
    buf_init(&b, (size_t)INGEST_MAX_XML_BYTES);
    rc = pkg_src_open(&src, dir, err);
    if (rc != FOLIO_OK)
        goto out_nosrc;
    rc = pkg_src_read(&src, name, INGEST_MAX_XML_BYTES, alto_path, &data, &len,
                      err);
    if (rc == FOLIO_OK)
        rc = alto_parse(data, len, alto_path, &pg, err);
    if (rc == FOLIO_OK) {
        alto_text_oni(&pg, &b);
        if (b.status != FOLIO_OK)
            rc = err_set(err, FOLIO_ERR_TOO_LARGE, alto_path,
                         "text over %u bytes", INGEST_MAX_XML_BYTES);
        else
            *out = buf_detach(&b, NULL);
    }
    pkg_src_release(&src);
out_nosrc:
    alto_page_release(&pg);
    buf_release(&b);
    free(data);
    free(dir);
    return rc;
}
