/* SPDX-License-Identifier: MIT */
/*
 * ingest_pages.c - the page replica at import time. For each page of a
 * package that has a PDF or a scan, run the imaging module (in its
 * sandboxed child) before anything is written: derivatives, IIIF tiles and
 * the PDF's text layer land in temp dirs, and the page gets its default
 * size and its words. A page that cannot be rendered refuses the whole
 * package. ingest_render_commit() then moves the temp dirs to
 * DIR/derived/<sha256 of the source>/ (imaging_derived_dir).
 *
 * Page coordinate space: the scan's pixels when the page has an image,
 * else the PDF page in points (crop box, rotation applied, y down), unless
 * the package gives width and height; words are scaled into that space.
 */
#include "base/compat.h"

#include "base/xalloc.h"
#include "imaging/imaging.h"
#include "ingest/ingest_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

/* One rendered source, shared by the pages that name the same file. */
struct rendered {
    char hex[STORE_SHA256_HEX];
    enum imaging_kind kind;
    struct imaging_result res;
};

struct ingest_render {
    struct imaging_runner *runner;
    struct imaging_limits lim;
    struct rendered *items;
    size_t nitems;
};

static FOLIO_MUST_USE enum folio_rc render_one(struct ingest_render *r,
                                               enum imaging_kind kind,
                                               const struct ingest_page_file *f,
                                               const struct rendered **out,
                                               struct folio_err *err);
static struct page_word *
scale_words(const struct imaging_result *res, int to_w, int to_h, size_t *n);
static FOLIO_MUST_USE enum folio_rc
copy_tree(const char *from, const char *to, struct folio_err *err);
static void remove_tree(const char *path);

bool ingest_scan_mime(const unsigned char *data, size_t len, const char **mime)
{
    if (len >= 8 &&
        (memcmp(data, "II*\0", 4) == 0 || memcmp(data, "MM\0*", 4) == 0)) {
        *mime = "image/tiff";
        return true;
    }
    if ((len >= 12 && memcmp(data, "\0\0\0\x0cjP  \r\n\x87\n", 12) == 0) ||
        (len >= 4 && memcmp(data, "\xff\x4f\xff\x51", 4) == 0)) {
        *mime = "image/jp2";
        return true;
    }
    return false;
}

static enum folio_rc render_one(struct ingest_render *r,
                                enum imaging_kind kind,
                                const struct ingest_page_file *f,
                                const struct rendered **out,
                                struct folio_err *err)
{
    struct imaging_result res;
    enum folio_rc rc;
    size_t i;

    for (i = 0; i < r->nitems; i++)
        if (r->items[i].kind == kind && strcmp(r->items[i].hex, f->hex) == 0) {
            *out = &r->items[i];
            return FOLIO_OK;
        }
    if (!r->runner) {
        rc = imaging_runner_new(&r->lim, &r->runner, err);
        if (rc != FOLIO_OK)
            return rc;
    }
    rc = imaging_derive(r->runner, kind, f->data, f->len, f->rel, &res, err);
    if (rc != FOLIO_OK)
        return rc;
    r->items = xreallocarray(r->items, r->nitems + 1, sizeof(*r->items));
    memset(&r->items[r->nitems], 0, sizeof(r->items[0]));
    (void)snprintf(r->items[r->nitems].hex, STORE_SHA256_HEX, "%s", f->hex);
    r->items[r->nitems].kind = kind;
    r->items[r->nitems].res = res;
    *out = &r->items[r->nitems++];
    return FOLIO_OK;
}

/* A copy of res's words scaled from its page space to to_w x to_h. */
static struct page_word *
scale_words(const struct imaging_result *res, int to_w, int to_h, size_t *n)
{
    double sx = (double)to_w / res->page_width;
    double sy = (double)to_h / res->page_height;
    struct page_word *w;
    size_t i, k = 0;

    *n = 0;
    if (res->nwords == 0)
        return NULL;
    w = xcalloc(res->nwords, sizeof(*w));
    for (i = 0; i < res->nwords; i++) {
        const struct page_word *s = &res->words[i];
        double x0 = floor(s->x * sx), y0 = floor(s->y * sy);
        double x1 = ceil((s->x + s->w) * sx), y1 = ceil((s->y + s->h) * sy);
        if (x1 > to_w)
            x1 = to_w;
        if (y1 > to_h)
            y1 = to_h;
        if (x1 <= x0 || y1 <= y0)
            continue;
        w[k].text = xstrdup(s->text);
        w[k].x = (int32_t)x0;
        w[k].y = (int32_t)y0;
        w[k].w = (int32_t)(x1 - x0);
        w[k].h = (int32_t)(y1 - y0);
        w[k].line = s->line;
        w[k].block = s->block;
        k++;
    }
    *n = k;
    return w;
}

void ingest_render_work_dir(struct ingest_render **rp, const char *work_dir)
{
    if (!*rp) {
        *rp = xcalloc(1, sizeof(**rp));
        imaging_limits_default(&(*rp)->lim);
    }
    (void)snprintf((*rp)->lim.work_dir, sizeof((*rp)->lim.work_dir), "%s",
                   work_dir);
}

enum folio_rc ingest_render_page(struct ingest_render **rp,
                                 const struct ingest_page_file *img,
                                 const struct ingest_page_file *pdf,
                                 int want_w,
                                 int want_h,
                                 struct ingest_page_render *out,
                                 struct folio_err *err)
{
    const struct rendered *ri = NULL, *rt = NULL;
    struct ingest_page_render res;
    enum folio_rc rc;

    if (!img && !pdf)
        return FOLIO_OK;
    if (!*rp) {
        *rp = xcalloc(1, sizeof(**rp));
        imaging_limits_default(&(*rp)->lim);
    }
    memset(&res, 0, sizeof(res));
    if (img) {
        rc = render_one(*rp, IMAGING_IMAGE, img, &ri, err);
        /*
         * Beside a scan the PDF only gives the text layer (and the
         * download): one poppler cannot read leaves the page without words
         * rather than refusing it.
         */
        if (rc == FOLIO_OK && pdf &&
            render_one(*rp, IMAGING_PDF_TEXT, pdf, &rt, NULL) != FOLIO_OK)
            rt = NULL;
    } else {
        rc = render_one(*rp, IMAGING_PDF, pdf, &ri, err);
        rt = ri;
    }
    if (rc != FOLIO_OK)
        return rc;
    res.source_width = ri->res.source_width;
    res.source_height = ri->res.source_height;
    res.width = want_w > 0 ? want_w : ri->res.page_width;
    res.height = want_h > 0 ? want_h : ri->res.page_height;
    if (rt)
        res.words = scale_words(&rt->res, res.width, res.height, &res.nwords);
    *out = res;
    return FOLIO_OK;
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;

    if (d) {
        while ((e = readdir(d)) != NULL) {
            char *sub;
            struct stat sb;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            sub = xasprintf("%s/%s", path, e->d_name);
            if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
                remove_tree(sub);
            else
                (void)unlink(sub);
            free(sub);
        }
        (void)closedir(d);
    }
    (void)rmdir(path);
}

/* Copy a tree of regular files and directories (temp dir to data dir). */
static enum folio_rc
copy_tree(const char *from, const char *to, struct folio_err *err)
{
    DIR *d = NULL;
    struct dirent *e;
    enum folio_rc rc = FOLIO_OK;

    if (mkdir(to, 0755) != 0)
        return err_errno(err, to, "cannot make a directory");
    d = opendir(from);
    if (!d)
        return err_errno(err, from, "cannot read a directory");
    while (rc == FOLIO_OK && (e = readdir(d)) != NULL) {
        char *s, *t;
        struct stat sb;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        s = xasprintf("%s/%s", from, e->d_name);
        t = xasprintf("%s/%s", to, e->d_name);
        if (lstat(s, &sb) != 0) {
            rc = err_errno(err, s, "cannot stat");
        } else if (S_ISDIR(sb.st_mode)) {
            rc = copy_tree(s, t, err);
        } else if (S_ISREG(sb.st_mode)) {
            int in = open(s, O_RDONLY | O_CLOEXEC);
            int o = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
            char chunk[65536];
            ssize_t got = 0;
            if (in < 0 || o < 0)
                rc = err_errno(err, in < 0 ? s : t, "cannot open");
            while (rc == FOLIO_OK && (got = read(in, chunk, sizeof(chunk))) > 0)
                if (write(o, chunk, (size_t)got) != got)
                    rc = err_errno(err, t, "cannot write");
            if (rc == FOLIO_OK && got < 0)
                rc = err_errno(err, s, "cannot read");
            if (o >= 0 && close(o) != 0 && rc == FOLIO_OK)
                rc = err_errno(err, t, "cannot write");
            if (in >= 0)
                (void)close(in);
        }
        free(s);
        free(t);
    }
    (void)closedir(d);
    return rc;
}

enum folio_rc ingest_render_commit(struct ingest_render *r,
                                   const char *data_dir,
                                   struct folio_err *err)
{
    char *top = NULL, *dst = NULL, *tmp = NULL;
    enum folio_rc rc = FOLIO_OK;
    struct stat sb;
    size_t i;

    if (!r || r->nitems == 0)
        return FOLIO_OK;
    top = xasprintf("%s/derived", data_dir);
    if (mkdir(top, 0755) != 0 && errno != EEXIST) {
        rc = err_errno(err, top, "cannot make a directory");
        goto out;
    }
    for (i = 0; i < r->nitems && rc == FOLIO_OK; i++) {
        struct rendered *it = &r->items[i];
        if (it->kind == IMAGING_PDF_TEXT)
            continue;
        free(dst);
        dst = imaging_derived_dir(data_dir, it->hex);
        if (!dst)
            BUG("bad media hash %s", it->hex);
        if (stat(dst, &sb) == 0)
            continue; /* content-addressed: already there */
        if (rename(it->res.dir, dst) == 0)
            continue;
        if (errno != EXDEV) {
            rc = err_errno(err, dst, "cannot move page images into place");
            break;
        }
        free(tmp);
        tmp = xasprintf("%s.tmp-%ld", dst, (long)getpid());
        remove_tree(tmp);
        rc = copy_tree(it->res.dir, tmp, err);
        if (rc == FOLIO_OK && rename(tmp, dst) != 0)
            rc = err_errno(err, dst, "cannot move page images into place");
        if (rc != FOLIO_OK)
            remove_tree(tmp);
    }
out:
    free(top);
    free(dst);
    free(tmp);
    return rc;
}

void ingest_render_free(struct ingest_render *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->nitems; i++)
        imaging_result_release(&r->items[i].res);
    free(r->items);
    imaging_runner_free(r->runner);
    free(r);
}
