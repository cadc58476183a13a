/* SPDX-License-Identifier: MIT */
/*
 * web_handlers.c - one function per route of web_route_table.c. A handler
 * reads the store (drafts stay invisible: published_only), renders through
 * render.h into c->resp and returns FOLIO_OK, or returns an error code with
 * err filled; web_router.c maps that code to a status page. Handlers never
 * write bytes to the socket and never compress.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include "base/xalloc.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define HTML_TYPE     "text/html; charset=utf-8"
#define HTML_CACHE    "public, max-age=60"
#define FOREVER_CACHE "public, max-age=31536000, immutable"

static enum folio_rc load_issue(struct web_ctx *c,
                                struct issue **out,
                                struct render_issue_ctx *ictx,
                                struct folio_err *err);
static enum folio_rc page_index(struct web_ctx *c,
                                const struct issue *iss,
                                size_t *pi,
                                struct folio_err *err);
static void redirect(struct web_ctx *c, int status, const char *location);
static enum folio_rc map_file(struct web_ctx *c,
                              const char *hex,
                              const char *type,
                              struct folio_err *err);
static const char *media_type(const char *ext);
static const char *media_sniff(const unsigned char *p, size_t n);
static enum folio_rc view_words(struct web_ctx *c,
                                struct issue *iss,
                                size_t pi,
                                bool highlight,
                                struct folio_err *err);

static void redirect(struct web_ctx *c, int status, const char *location)
{
    c->resp.status = status;
    c->resp.cache_control = status == 301 ? "public, max-age=3600" : "no-cache";
    buf_adds(&c->resp.headers, "Location: ");
    buf_adds(&c->resp.headers, location);
    buf_adds(&c->resp.headers, "\r\n");
}

static enum folio_rc load_issue(struct web_ctx *c,
                                struct issue **out,
                                struct render_issue_ctx *ictx,
                                struct folio_err *err)
{
    struct issue *iss = NULL;
    enum folio_rc rc;

    rc = store_issue_load(c->st, c->params.paper, c->params.date, true, &iss,
                          err);
    if (rc != FOLIO_OK) {
        if (rc == FOLIO_ERR_NOT_FOUND)
            rc = err_set(err, rc, NULL, "issue %s", c->params.date);
        return rc;
    }
    memset(ictx, 0, sizeof(*ictx));
    ictx->issue = iss;
    rc = store_issue_neighbors(c->st, c->params.paper, c->params.date,
                               ictx->prev_issue, ictx->next_issue, err);
    if (rc != FOLIO_OK) {
        issue_free(iss);
        return rc;
    }
    c->resp.last_modified = iss->updated_at_utc;
    *out = iss;
    return FOLIO_OK;
}

static enum folio_rc page_index(struct web_ctx *c,
                                const struct issue *iss,
                                size_t *pi,
                                struct folio_err *err)
{
    int i = issue_page_index(iss, c->params.page);

    if (i < 0)
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page %02d",
                       c->params.page);
    *pi = (size_t)i;
    return FOLIO_OK;
}

/*
 * Load the words of page pi for its page view when it needs them: to
 * draw search hits (highlight), or to outline the text blocks of a page
 * without articles (NDNP), each linked to the page text view.
 */
static enum folio_rc view_words(struct web_ctx *c,
                                struct issue *iss,
                                size_t pi,
                                bool highlight,
                                struct folio_err *err)
{
    struct page *pg = &iss->pages[pi];

    if (!highlight && pg->narticles > 0)
        return FOLIO_OK;
    return store_page_words_load(c->st, iss->paper.id, iss->date, pg->number,
                                 true, &pg->words, &pg->nwords, err);
}

enum folio_rc web_handle_root(struct web_ctx *c, struct folio_err *err)
{
    struct paper *papers = NULL;
    size_t n = 0, i;
    char(*latest)[11] = NULL;
    const char *paper_id = NULL;
    char date[11] = "";
    enum folio_rc rc;

    rc = store_paper_list(c->st, &papers, &n, err);
    if (rc != FOLIO_OK)
        goto out;
    if (c->cfg->default_paper && c->cfg->default_paper[0]) {
        for (i = 0; i < n; i++)
            if (strcmp(papers[i].id, c->cfg->default_paper) == 0)
                paper_id = papers[i].id;
    } else if (n > 0) {
        paper_id = papers[0].id;
    }
    if (paper_id) {
        rc = store_issue_latest(c->st, paper_id, date, err);
        if (rc != FOLIO_OK)
            goto out;
    }
    if (paper_id && date[0]) {
        char loc[128];
        (void)snprintf(loc, sizeof(loc), "/%s/%s/", paper_id, date);
        redirect(c, 302, loc);
        goto out;
    }
    latest = xcalloc(n ? n : 1, sizeof(*latest));
    for (i = 0; i < n; i++) {
        rc = store_issue_latest(c->st, papers[i].id, latest[i], err);
        if (rc != FOLIO_OK)
            goto out;
    }
    c->resp.content_type = HTML_TYPE;
    c->resp.cache_control = "no-cache";
    render_home(&c->opts, papers, (const char(*)[11])latest, n, &c->resp.body);
out:
    for (i = 0; i < n; i++)
        paper_release(&papers[i]);
    free(papers);
    free(latest);
    return rc;
}

enum folio_rc web_handle_textsize(struct web_ctx *c, struct folio_err *err)
{
    struct str d = { "", 0 }, back_raw;
    char back[2048], loc[3 * sizeof(back)];
    int ts = c->opts.text_size;

    (void)err;
    (void)web_query_get(c->req->query, "d", &d);
    if (str_eqs(d, "up") && ts < RENDER_TEXT_SIZE_MAX)
        ts++;
    else if (str_eqs(d, "down") && ts > RENDER_TEXT_SIZE_MIN)
        ts--;
    else if (str_eqs(d, "reset"))
        ts = 0;
    if (!web_query_get(c->req->query, "back", &back_raw) ||
        !web_percent_decode(back_raw, back, sizeof(back)) ||
        !web_local_path_ok(back) ||
        !web_location_escape(back, loc, sizeof(loc)))
        (void)snprintf(loc, sizeof(loc), "/");
    buf_addf(&c->resp.headers,
             "Set-Cookie: " RENDER_TEXT_SIZE_COOKIE
             "=%d; Path=/; Max-Age=31536000; SameSite=Lax\r\n",
             ts);
    redirect(c, 303, loc);
    return FOLIO_OK;
}

static const char *media_type(const char *ext)
{
    static const char *const map[][2] = {
        { "png", "image/png" },     { "jpg", "image/jpeg" },
        { "gif", "image/gif" },     { "webp", "image/webp" },
        { "svg", "image/svg+xml" }, { "pdf", "application/pdf" },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(map); i++)
        if (strcmp(map[i][0], ext) == 0)
            return map[i][1];
    return "application/octet-stream";
}

/* Map a media file read-only: no read() per request, the page cache does it. */
static enum folio_rc map_file(struct web_ctx *c,
                              const char *hex,
                              const char *type,
                              struct folio_err *err)
{
    char path[4096];
    int fd = -1;
    struct stat sb;
    enum folio_rc rc = FOLIO_OK;

    if (!store_media_path(c->st, hex, path, sizeof(path)))
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "media file");
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "media file");
        return err_errno(err, path, "open");
    }
    if (fstat(fd, &sb) != 0) {
        rc = err_errno(err, path, "fstat");
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "media file");
        goto out;
    }
    if (sb.st_size > 0) {
        void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
        if (m == MAP_FAILED) {
            rc = err_errno(err, path, "mmap");
            goto out;
        }
        c->resp.map = m;
        c->resp.map_len = (size_t)sb.st_size;
    }
    c->resp.status = 200;
    c->resp.content_type = type;
    c->resp.cache_control = FOREVER_CACHE;
    /* content-addressed: the name is the strongest validator there is */
    (void)snprintf(c->resp.etag, sizeof(c->resp.etag), "\"%s\"", hex);
out:
    close(fd);
    return rc;
}

/*
 * The extension a media file's first bytes call for ("png", "jpg", "gif",
 * "webp", "pdf"), or "" when none: the same signatures ingest checks.
 */
static const char *media_sniff(const unsigned char *p, size_t n)
{
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "png";
    if (n >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0)
        return "jpg";
    if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
        return "gif";
    if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
        return "webp";
    if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
        return "pdf";
    return "";
}

/*
 * /media/<sha256>.<ext>: one URL per file. The extension must be the one
 * the stored bytes call for; any other is 404 (not a redirect: folio never
 * links such a URL, and the same ETag must not travel under two types).
 */
enum folio_rc web_handle_media(struct web_ctx *c, struct folio_err *err)
{
    enum folio_rc rc;
    const char *ext;

    rc = map_file(c, c->params.media, media_type(c->params.media_ext), err);
    if (rc != FOLIO_OK)
        return rc;
    ext = media_sniff(c->resp.map, c->resp.map ? c->resp.map_len : 0);
    if (strcmp(ext, c->params.media_ext) != 0) {
        if (c->resp.map)
            munmap(c->resp.map, c->resp.map_len);
        c->resp.map = NULL;
        c->resp.map_len = 0;
        c->resp.etag[0] = '\0';
        c->resp.status = 0;
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "media file");
    }
    return FOLIO_OK;
}

enum folio_rc web_handle_static(struct web_ctx *c, struct folio_err *err)
{
    const unsigned char *data;
    size_t len;
    const char *mime;
    char *path = arena_strndup(c->arena, c->req->path.ptr, c->req->path.len);

    if (!render_asset_find(path, &data, &len, &mime))
        return err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "asset");
    c->resp.content_type = mime;
    c->resp.cache_control = FOREVER_CACHE;
    c->resp.cacheable = true;
    buf_add(&c->resp.body, data, len);
    return FOLIO_OK;
}

enum folio_rc web_handle_paper(struct web_ctx *c, struct folio_err *err)
{
    struct paper p = { 0 };
    char date[11] = "";
    char loc[128];
    enum folio_rc rc;

    rc = store_paper_get(c->st, c->params.paper, &p, err);
    if (rc != FOLIO_OK) {
        if (rc == FOLIO_ERR_NOT_FOUND) {
            c->params.paper[0] = '\0';
            rc = err_set(err, rc, NULL, "paper");
        }
        goto out;
    }
    rc = store_issue_latest(c->st, c->params.paper, date, err);
    if (rc != FOLIO_OK)
        goto out;
    if (!date[0]) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "issue");
        goto out;
    }
    (void)snprintf(loc, sizeof(loc), "/%s/%s/", c->params.paper, date);
    redirect(c, 302, loc);
out:
    paper_release(&p);
    return rc;
}

enum folio_rc web_handle_issue(struct web_ctx *c, struct folio_err *err)
{
    struct issue *iss = NULL;
    struct render_issue_ctx ictx;
    enum folio_rc rc;

    rc = load_issue(c, &iss, &ictx, err);
    if (rc != FOLIO_OK)
        return rc;
    if (iss->npages == 0) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page");
        goto out;
    }
    rc = view_words(c, iss, 0, false, err);
    if (rc != FOLIO_OK)
        goto out;
    c->resp.content_type = HTML_TYPE;
    c->resp.cache_control = HTML_CACHE;
    c->resp.cacheable = true;
    render_page_view(&c->opts, &ictx, 0, &c->resp.body);
out:
    issue_free(iss);
    return rc;
}

enum folio_rc web_handle_page(struct web_ctx *c, struct folio_err *err)
{
    struct issue *iss = NULL;
    struct render_issue_ctx ictx;
    struct web_highlight wh;
    size_t pi = 0;
    enum folio_rc rc;

    rc = load_issue(c, &iss, &ictx, err);
    if (rc != FOLIO_OK)
        return rc;
    rc = page_index(c, iss, &pi, err);
    if (rc != FOLIO_OK)
        goto out;
    if (web_highlight_init(c, &wh))
        ictx.hl = &wh.hl; /* search terms drawn over their words */
    rc = view_words(c, iss, pi, ictx.hl != NULL, err);
    if (rc != FOLIO_OK)
        goto out;
    c->resp.content_type = HTML_TYPE;
    c->resp.cache_control = HTML_CACHE;
    c->resp.cacheable = true;
    render_page_view(&c->opts, &ictx, pi, &c->resp.body);
out:
    issue_free(iss);
    return rc;
}

enum folio_rc web_handle_pdf(struct web_ctx *c, struct folio_err *err)
{
    struct issue *iss = NULL;
    struct render_issue_ctx ictx;
    size_t pi = 0;
    enum folio_rc rc;

    rc = load_issue(c, &iss, &ictx, err);
    if (rc != FOLIO_OK)
        return rc;
    rc = page_index(c, iss, &pi, err);
    if (rc != FOLIO_OK)
        goto out;
    if (!iss->pages[pi].pdf_media) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page pdf");
        goto out;
    }
    rc = map_file(c, iss->pages[pi].pdf_media, "application/pdf", err);
    if (rc != FOLIO_OK)
        goto out;
    c->resp.cache_control = "public, max-age=3600";
    buf_addf(&c->resp.headers,
             "Content-Disposition: inline; filename=\"%s-%s-%02d.pdf\"\r\n",
             c->params.paper, c->params.date, c->params.page);
out:
    issue_free(iss);
    return rc;
}

enum folio_rc web_handle_article(struct web_ctx *c, struct folio_err *err)
{
    struct issue *iss = NULL;
    struct render_issue_ctx ictx;
    struct web_highlight wh;
    size_t pi = 0, fpi, fai, ai = 0;
    enum folio_rc rc;
    bool found = false;

    rc = load_issue(c, &iss, &ictx, err);
    if (rc != FOLIO_OK)
        return rc;
    rc = page_index(c, iss, &pi, err);
    if (rc != FOLIO_OK && rc != FOLIO_ERR_NOT_FOUND)
        goto out;
    if (rc == FOLIO_OK) {
        for (ai = 0; ai < iss->pages[pi].narticles; ai++) {
            if (strcmp(iss->pages[pi].articles[ai].id, c->params.article) ==
                0) {
                found = true;
                break;
            }
        }
    }
    rc = FOLIO_OK;
    if (!found) {
        /* moved by a re-import: keep the old citation working */
        if (issue_find_article(iss, c->params.article, &fpi, &fai)) {
            struct buf loc = BUF_INIT(1024);
            buf_addf(&loc, "/%s/%s/%02d/", c->params.paper, c->params.date,
                     iss->pages[fpi].number);
            url_component(&loc, iss->pages[fpi].articles[fai].id);
            redirect(c, 301, loc.data);
            buf_release(&loc);
            goto out;
        }
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "article");
        goto out;
    }
    if (web_highlight_init(c, &wh))
        ictx.hl = &wh.hl;
    c->resp.content_type = HTML_TYPE;
    c->resp.cache_control = HTML_CACHE;
    c->resp.cacheable = true;
    render_article_view(&c->opts, &ictx, pi, ai, &c->resp.body);
out:
    issue_free(iss);
    return rc;
}

enum folio_rc web_handle_calendar(struct web_ctx *c, struct folio_err *err)
{
    struct paper p = { 0 };
    struct issue_summary *list = NULL, *before = NULL, *after = NULL;
    size_t n = 0, nb = 0, na = 0, i;
    int days[31];
    size_t ndays = 0;
    char from[11], to[11], prev[8] = "", next[8] = "";
    int y = c->params.year, m = c->params.month;
    int64_t newest = 0;
    enum folio_rc rc;

    rc = store_paper_get(c->st, c->params.paper, &p, err);
    if (rc != FOLIO_OK) {
        if (rc == FOLIO_ERR_NOT_FOUND) {
            c->params.paper[0] = '\0';
            rc = err_set(err, rc, NULL, "paper");
        }
        goto out;
    }
    (void)snprintf(from, sizeof(from), "%04d-%02d-01", y, m);
    (void)snprintf(to, sizeof(to), "%04d-%02d-%02d", y, m,
                   date_days_in_month(y, m));
    rc = store_issue_list(c->st, c->params.paper, true, from, to, &list, &n,
                          err);
    if (rc != FOLIO_OK)
        goto out;
    for (i = 0; i < n && ndays < ARRAY_SIZE(days); i++) {
        days[ndays++] = (list[i].date[8] - '0') * 10 + (list[i].date[9] - '0');
        if (list[i].updated_at_utc > newest)
            newest = list[i].updated_at_utc;
    }
    {
        /* nearest months with issues on either side */
        struct date d = { y, m, 1 };
        char lim[11];
        struct date e = date_from_days(date_to_days(&d) - 1);
        date_format(&e, lim);
        rc = store_issue_list(c->st, c->params.paper, true, NULL, lim, &before,
                              &nb, err);
        if (rc != FOLIO_OK)
            goto out;
        if (nb)
            (void)snprintf(prev, sizeof(prev), "%.7s", before[nb - 1].date);
        d.day = date_days_in_month(y, m);
        e = date_from_days(date_to_days(&d) + 1);
        date_format(&e, lim);
        rc = store_issue_list(c->st, c->params.paper, true, lim, NULL, &after,
                              &na, err);
        if (rc != FOLIO_OK)
            goto out;
        if (na)
            (void)snprintf(next, sizeof(next), "%.7s", after[0].date);
    }
    c->resp.content_type = HTML_TYPE;
    c->resp.cache_control = HTML_CACHE;
    c->resp.cacheable = true;
    c->resp.last_modified = newest;
    render_calendar(&c->opts, &p, y, m, days, ndays, prev, next, &c->resp.body);
out:
    paper_release(&p);
    free(list);
    free(before);
    free(after);
    return rc;
}
