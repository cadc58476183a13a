/* SPDX-License-Identifier: MIT */
/*
 * web_pages.c - the page replica over HTTP: page image derivatives, IIIF
 * Image API 3.0 level 0 (info.json and static tiles) and the whole-issue
 * PDF. Derivatives live in DIR/derived/<sha256 of the page source>/
 * (imaging.h), so their URLs are content-addressed and cached forever.
 *
 *   /img/<sha>/<thumb|screen|full>        WebP or JPEG by Accept (Vary)
 *   /img/<sha>/<size>.webp, .jpg          one encoding
 *   /iiif/<sha>/info.json                 IIIF 3.0 image information
 *   /iiif/<sha>/<region>/<size>/0/default.jpg   tiles (vips_dzsave)
 *   /<paper>/<date>.pdf                   page PDFs joined in page order
 *                                         (qpdf), cached on disk
 *
 * The info.json "id" is the root-relative "/iiif/<sha>": the server does
 * not know the scheme and host it is reached by behind a proxy, and
 * viewers (OpenSeadragon) resolve it against the page.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include "base/xalloc.h"
#include "imaging/imaging.h"

#include <errno.h>
#include <fcntl.h>
#include <qpdf/qpdf-c.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMMUTABLE "public, max-age=31536000, immutable"
#define IIIF_TYPE \
 "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\""

static bool hex64(struct str s);
static bool accepts_webp(struct str accept);
static FOLIO_MUST_USE enum folio_rc map_path(struct web_ctx *c,
                                             const char *path,
                                             const char *type,
                                             struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
read_small(const char *path, char **out, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc join_pdfs(const char *const *paths,
                                              size_t n,
                                              const char *out,
                                              struct folio_err *err);

static bool hex64(struct str s)
{
    size_t i;

    if (s.len != 64)
        return false;
    for (i = 0; i < 64; i++)
        if (!((s.ptr[i] >= '0' && s.ptr[i] <= '9') ||
              (s.ptr[i] >= 'a' && s.ptr[i] <= 'f')))
            return false;
    return true;
}

/*
 * true when Accept lists image/webp (or image/ *, but not the catch-all alone,
 * as every browser sends that) with q > 0. RFC 9110 §12.5.1.
 */
static bool accepts_webp(struct str accept)
{
    size_t i = 0;

    while (i < accept.len) {
        size_t start, end;
        struct str range;
        bool zero = false;
        while (i < accept.len && (accept.ptr[i] == ' ' || accept.ptr[i] == ','))
            i++;
        start = i;
        while (i < accept.len && accept.ptr[i] != ',')
            i++;
        end = i;
        range.ptr = accept.ptr + start;
        range.len = end - start;
        {
            const char *semi = memchr(range.ptr, ';', range.len);
            struct str params = { "", 0 };
            size_t k;
            if (semi) {
                params.ptr = semi;
                params.len = range.len - (size_t)(semi - range.ptr);
                range.len = (size_t)(semi - range.ptr);
            }
            while (range.len && range.ptr[range.len - 1] == ' ')
                range.len--;
            for (k = 0; k + 2 < params.len; k++)
                if ((params.ptr[k] == 'q' || params.ptr[k] == 'Q') &&
                    params.ptr[k + 1] == '=') {
                    size_t j = k + 2;
                    zero = params.ptr[j] == '0';
                    for (j++; zero && j < params.len; j++)
                        if (params.ptr[j] >= '1' && params.ptr[j] <= '9')
                            zero = false;
                }
        }
        if (!zero && (str_eqs_nocase(range, "image/webp") ||
                      str_eqs_nocase(range, "image/*")))
            return true;
    }
    return false;
}

static enum folio_rc map_path(struct web_ctx *c,
                              const char *path,
                              const char *type,
                              struct folio_err *err)
{
    struct stat sb;
    enum folio_rc rc = FOLIO_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
            return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page image");
        return err_errno(err, path, "open");
    }
    if (fstat(fd, &sb) != 0) {
        rc = err_errno(err, path, "fstat");
        goto out;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size == 0) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page image");
        goto out;
    }
    c->resp.map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (c->resp.map == MAP_FAILED) {
        c->resp.map = NULL;
        rc = err_errno(err, path, "mmap");
        goto out;
    }
    c->resp.map_len = (size_t)sb.st_size;
    c->resp.status = 200;
    c->resp.content_type = type;
    c->resp.cache_control = IMMUTABLE;
out:
    (void)close(fd);
    return rc;
}

enum folio_rc web_handle_page_image(struct web_ctx *c, struct folio_err *err)
{
    struct str rest = c->params.rest, sha, name, ext = { "", 0 };
    enum imaging_size size;
    const char *dot, *file;
    char *dir = NULL, *path = NULL, hex[65];
    bool negotiated;
    enum folio_rc rc;

    if (rest.len < 66 || rest.ptr[64] != '/')
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page image");
    sha = (struct str){ rest.ptr, 64 };
    name = (struct str){ rest.ptr + 65, rest.len - 65 };
    dot = memchr(name.ptr, '.', name.len);
    if (dot) {
        ext = (struct str){ dot + 1, name.len - (size_t)(dot + 1 - name.ptr) };
        name.len = (size_t)(dot - name.ptr);
    }
    if (!hex64(sha) || !imaging_size_parse(name.ptr, name.len, &size) ||
        (dot && !str_eqs(ext, "webp") && !str_eqs(ext, "jpg")))
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page image");
    negotiated = !dot;
    if (negotiated)
        ext = accepts_webp(c->req->accept) ? STR("webp") : STR("jpg");
    memcpy(hex, sha.ptr, 64);
    hex[64] = '\0';
    file = imaging_file_name(size, str_eqs(ext, "webp") ? "webp" : "jpg");
    dir = imaging_derived_dir(store_dir(c->st), hex);
    if (!dir || !file)
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page image");
    path = xasprintf("%s/%s", dir, file);
    rc = map_path(c, path, str_eqs(ext, "webp") ? "image/webp" : "image/jpeg",
                  err);
    if (rc == FOLIO_OK) {
        (void)snprintf(c->resp.etag, sizeof(c->resp.etag), "\"%s-%s\"", hex,
                       file);
        if (negotiated)
            buf_adds(&c->resp.headers, "Vary: Accept\r\n");
    }
    free(dir);
    free(path);
    return rc;
}

/* Read a small text file (info.json) whole, NUL-terminated. */
static enum folio_rc
read_small(const char *path, char **out, struct folio_err *err)
{
    struct buf b = BUF_INIT(1 << 20);
    char chunk[4096];
    ssize_t got;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

    if (fd < 0)
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "image");
    while ((got = read(fd, chunk, sizeof(chunk))) > 0)
        buf_add(&b, chunk, (size_t)got);
    (void)close(fd);
    if (got < 0 || buf_status(&b) != FOLIO_OK) {
        buf_release(&b);
        return err_set(err, FOLIO_ERR_IO, path, "cannot read");
    }
    *out = buf_detach(&b, NULL);
    return FOLIO_OK;
}

enum folio_rc web_handle_iiif(struct web_ctx *c, struct folio_err *err)
{
    struct str rest = c->params.rest, tail;
    char hex[65], *dir = NULL, *path = NULL, *text = NULL;
    const char *idpos, *idend;
    enum folio_rc rc = FOLIO_OK;
    size_t i;

    if (rest.len < 66 || rest.ptr[64] != '/' ||
        !hex64((struct str){ rest.ptr, 64 }))
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "image");
    memcpy(hex, rest.ptr, 64);
    hex[64] = '\0';
    tail = (struct str){ rest.ptr + 65, rest.len - 65 };
    /* tiles: "<x,y,w,h>/<w,h>/0/default.jpg" and the like; no dot-dot */
    for (i = 0; i < tail.len; i++) {
        char ch = tail.ptr[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
              ch == ',' || ch == '/' || ch == '.' || ch == '!' || ch == '^') ||
            (ch == '.' && i > 0 && tail.ptr[i - 1] == '.') ||
            (ch == '/' && (i == 0 || tail.ptr[i - 1] == '/')))
            return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "image");
    }
    if (tail.len == 0 || tail.ptr[0] == '.')
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "image");
    dir = imaging_derived_dir(store_dir(c->st), hex);
    if (!dir)
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "image");
    path = xasprintf("%s/iiif/%.*s", dir, (int)tail.len, tail.ptr);
    buf_adds(&c->resp.headers, "Access-Control-Allow-Origin: *\r\n");
    if (!str_eqs(tail, "info.json")) {
        rc = map_path(c, path, "image/jpeg", err);
        if (rc == FOLIO_OK)
            (void)snprintf(c->resp.etag, sizeof(c->resp.etag), "\"%s\"", hex);
        goto out;
    }
    rc = read_small(path, &text, err);
    if (rc != FOLIO_OK)
        goto out;
    /* replace the id vips_dzsave wrote ("folio/iiif") by ours */
    idpos = strstr(text, "\"id\": \"");
    idend = idpos ? strchr(idpos + 7, '"') : NULL;
    if (!idend) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "image");
        goto out;
    }
    c->resp.status = 200;
    c->resp.content_type = IIIF_TYPE;
    c->resp.cache_control = IMMUTABLE;
    (void)snprintf(c->resp.etag, sizeof(c->resp.etag), "\"%s-info\"", hex);
    buf_add(&c->resp.body, text, (size_t)(idpos - text) + 7);
    buf_addf(&c->resp.body, "/iiif/%s", hex);
    buf_adds(&c->resp.body, idend);
out:
    free(text);
    free(dir);
    free(path);
    return rc;
}

/* Join the one-page PDFs paths[0..n) into out (written in place). */
static enum folio_rc join_pdfs(const char *const *paths,
                               size_t n,
                               const char *out,
                               struct folio_err *err)
{
    qpdf_data dst = qpdf_init();
    qpdf_data *src = xcalloc(n, sizeof(*src));
    enum folio_rc rc = FOLIO_OK;
    size_t i;
    int k, np;

    qpdf_silence_errors(dst);
    qpdf_set_suppress_warnings(dst, QPDF_TRUE);
    if (qpdf_empty_pdf(dst) & QPDF_ERRORS) {
        rc = err_set(err, FOLIO_ERR_IO, out, "qpdf cannot start a PDF");
        goto out;
    }
    for (i = 0; i < n && rc == FOLIO_OK; i++) {
        src[i] = qpdf_init();
        qpdf_silence_errors(src[i]);
        qpdf_set_suppress_warnings(src[i], QPDF_TRUE);
        if (qpdf_read(src[i], paths[i], NULL) & QPDF_ERRORS) {
            rc = err_set(err, FOLIO_ERR_INVALID, paths[i],
                         "qpdf cannot read the page PDF");
            break;
        }
        np = qpdf_get_num_pages(src[i]);
        for (k = 0; k < np && rc == FOLIO_OK; k++) {
            qpdf_oh pg = qpdf_get_page_n(src[i], (size_t)k);
            if (qpdf_add_page(dst, src[i], pg, QPDF_FALSE) & QPDF_ERRORS)
                rc = err_set(err, FOLIO_ERR_INVALID, paths[i],
                             "qpdf cannot copy page %d", k + 1);
        }
    }
    if (rc == FOLIO_OK && ((qpdf_init_write(dst, out) & QPDF_ERRORS) ||
                           (qpdf_write(dst) & QPDF_ERRORS)))
        rc = err_set(err, FOLIO_ERR_IO, out, "qpdf cannot write the PDF");
out:
    qpdf_cleanup(&dst);
    for (i = 0; i < n; i++)
        if (src[i])
            qpdf_cleanup(&src[i]);
    free(src);
    return rc;
}

enum folio_rc web_handle_issue_pdf(struct web_ctx *c, struct folio_err *err)
{
    struct issue *iss = NULL;
    const char **paths = NULL;
    char **owned = NULL;
    unsigned char key[crypto_hash_sha256_BYTES];
    char keyhex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256_state hs;
    char *dir = NULL, *cached = NULL, *tmp = NULL;
    enum folio_rc rc;
    size_t i, n = 0;
    struct stat sb;

    rc = store_issue_load(c->st, c->params.paper, c->params.date, true, &iss,
                          err);
    if (rc != FOLIO_OK) {
        if (rc == FOLIO_ERR_NOT_FOUND)
            rc = err_set(err, rc, NULL, "issue %s", c->params.date);
        return rc;
    }
    paths = xcalloc(iss->npages + 1, sizeof(*paths));
    owned = xcalloc(iss->npages + 1, sizeof(*owned));
    /* the cache key: every page PDF in order, so any change is a new file */
    crypto_hash_sha256_init(&hs);
    for (i = 0; i < iss->npages; i++) {
        char p[4096];
        const struct page *pg = &iss->pages[i];
        if (!pg->pdf_media ||
            !store_media_path(c->st, pg->pdf_media, p, sizeof(p)))
            continue;
        owned[n] = xstrdup(p);
        paths[n] = owned[n];
        n++;
        crypto_hash_sha256_update(&hs, (const unsigned char *)pg->pdf_media,
                                  strlen(pg->pdf_media));
    }
    if (n == 0) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "issue pdf");
        goto out;
    }
    crypto_hash_sha256_final(&hs, key);
    sodium_bin2hex(keyhex, sizeof(keyhex), key, sizeof(key));
    dir = xasprintf("%s/derived/issues", store_dir(c->st));
    cached = xasprintf("%s/%s.pdf", dir, keyhex);
    if (stat(cached, &sb) != 0) {
        char *top = xasprintf("%s/derived", store_dir(c->st));
        (void)mkdir(top, 0755);
        free(top);
        if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
            rc = err_errno(err, dir, "mkdir");
            goto out;
        }
        tmp = xasprintf("%s/.%s.%ld.tmp", dir, keyhex, (long)getpid());
        rc = join_pdfs(paths, n, tmp, err);
        if (rc == FOLIO_OK && rename(tmp, cached) != 0)
            rc = err_errno(err, cached, "rename");
        if (rc != FOLIO_OK) {
            (void)unlink(tmp);
            goto out;
        }
    }
    rc = map_path(c, cached, "application/pdf", err);
    if (rc != FOLIO_OK)
        goto out;
    c->resp.cache_control = "public, max-age=3600";
    c->resp.last_modified = iss->updated_at_utc;
    (void)snprintf(c->resp.etag, sizeof(c->resp.etag), "\"%.32s\"", keyhex);
    buf_addf(&c->resp.headers,
             "Content-Disposition: inline; filename=\"%s-%s.pdf\"\r\n",
             c->params.paper, c->params.date);
out:
    for (i = 0; i < n; i++)
        free(owned[i]);
    free(owned);
    free(paths);
    free(dir);
    free(cached);
    free(tmp);
    issue_free(iss);
    return rc;
}
