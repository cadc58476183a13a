/* SPDX-License-Identifier: MIT */
/*
 * render_viewer.c - the page replica parts of the page view: the data the
 * deep-zoom viewer (web/js/folio.js + the embedded OpenSeadragon) starts
 * from, its zoom buttons, the download links (下载本版PDF, the whole
 * issue as one PDF), the two-page spread toggle and the thumbnail strip.
 * Everything here also works without JavaScript: the viewer only replaces
 * the plain page image and its SVG zone overlay (render_page.c).
 */
#include "base/compat.h"

#include "render/render_int.h"

static bool issue_all_pdf(const struct issue *iss);
static bool browser_image(const char *mime);
static void self_query(struct buf *out,
                       const struct render_opts *o,
                       const struct issue *iss,
                       const struct page *pg,
                       const char *query);

/* The whole-issue PDF joins the page PDFs, so it exists only when every
 * page has one. */
static bool issue_all_pdf(const struct issue *iss)
{
    size_t i;

    if (iss->npages == 0)
        return false;
    for (i = 0; i < iss->npages; i++)
        if (iss->pages[i].pdf_media == NULL)
            return false;
    return true;
}

/* Image types every browser shows in <img>. */
static bool browser_image(const char *mime)
{
    return mime != NULL &&
           (strcmp(mime, "image/png") == 0 || strcmp(mime, "image/jpeg") == 0 ||
            strcmp(mime, "image/gif") == 0 || strcmp(mime, "image/webp") == 0);
}

bool render_page_has_image(const struct page *pg)
{
    return pg->image_media != NULL || render_page_source(pg) != NULL;
}

bool render_page_img_src(struct buf *out, const struct page *pg)
{
    if (pg->image_media != NULL && browser_image(pg->image_mime)) {
        render_media_url(out, pg->image_media, pg->image_mime);
        return true;
    }
    if (render_page_image_url(out, pg, "screen"))
        return true;
    if (pg->image_media != NULL) {
        render_media_url(out, pg->image_media, pg->image_mime);
        return true;
    }
    return false;
}

/* The page URL with "?query" (after ?lang=xx when the language is in the
 * query), escaped for an attribute. */
static void self_query(struct buf *out,
                       const struct render_opts *o,
                       const struct issue *iss,
                       const struct page *pg,
                       const char *query)
{
    render_url_page(out, iss->paper.id, iss->date, pg->number);
    if (o->lang_in_query) {
        render_lang_query(out, o);
        buf_adds(out, "&amp;");
    } else {
        buf_addc(out, '?');
    }
    buf_adds(out, query);
}

void render_viewer_attrs(struct buf *out,
                         const struct issue *iss,
                         const struct page *pg)
{
    (void)iss;
    if (!render_page_has_image(pg) || pg->width <= 0 || pg->height <= 0)
        return;
    buf_adds(out, " data-image=\"");
    (void)render_page_img_src(out, pg);
    buf_addc(out, '"');
    /* deep-zoom tiles made at import; folio.js falls back to data-image */
    if (render_page_source(pg) != NULL) {
        buf_adds(out, " data-iiif=\"");
        (void)render_page_iiif_url(out, pg);
        buf_addc(out, '"');
    }
    buf_addf(out, " data-w=\"%d\" data-h=\"%d\"", pg->width, pg->height);
}

void render_viewer_tools(struct buf *out, const struct render_opts *o)
{
    buf_adds(out, "<div class=\"viewer-tools\" role=\"group\" hidden "
                  "aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_VIEWER_TOOLS));
    buf_adds(out, "\"><button type=\"button\" data-zoom=\"in\">");
    buf_adds(out, render_str(o->lang, RS_ZOOM_IN));
    buf_adds(out, "</button><button type=\"button\" data-zoom=\"out\">");
    buf_adds(out, render_str(o->lang, RS_ZOOM_OUT));
    buf_adds(out, "</button><button type=\"button\" data-zoom=\"home\">");
    buf_adds(out, render_str(o->lang, RS_ZOOM_HOME));
    buf_adds(out, "</button></div>\n");
}

void render_spread_pair(const struct issue *iss,
                        size_t pi,
                        size_t *left,
                        size_t *right)
{
    size_t l, r;

    /*
     * A newspaper opens on its front page alone; after that the even
     * page sits on the left and the odd one on the right (02|03, 04|05).
     * Pairing by position keeps this for issues whose numbering has gaps.
     */
    if (pi == 0 || iss->npages < 2) {
        l = r = pi;
    } else {
        l = (pi % 2 == 1) ? pi : pi - 1;
        r = l + 1 < iss->npages ? l + 1 : l;
    }
    *left = l;
    *right = r;
}

void render_page_tools(struct buf *out,
                       const struct render_opts *o,
                       const struct issue *iss,
                       size_t pi)
{
    const struct page *pg = &iss->pages[pi];
    size_t l, r;

    /* 下载本版PDF is in the navigation bar (render_issue_nav) */
    render_spread_pair(iss, pi, &l, &r);
    if (!issue_all_pdf(iss) && l == r && !o->spread)
        return;
    buf_adds(out, "<ul class=\"page-tools\" aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_PAGE_TOOLS));
    buf_adds(out, "\">\n");
    if (issue_all_pdf(iss)) {
        buf_adds(out, "<li><a class=\"dl\" href=\"/");
        url_component(out, iss->paper.id);
        buf_addc(out, '/');
        url_component(out, iss->date);
        buf_adds(out, ".pdf\" type=\"application/pdf\">");
        buf_adds(out, render_str(o->lang, RS_ISSUE_PDF));
        buf_adds(out, "</a></li>\n");
    }
    if (l != r || o->spread) {
        buf_adds(out, "<li class=\"spread-toggle\"><a href=\"");
        self_query(out, o, iss, pg, o->spread ? "spread=0" : "spread=1");
        buf_adds(out, "\" rel=\"nofollow\">");
        buf_adds(out,
                 render_str(o->lang, o->spread ? RS_SPREAD_OFF : RS_SPREAD_ON));
        buf_adds(out, "</a></li>\n");
    }
    buf_adds(out, "</ul>\n");
}

void render_page_thumbs(struct buf *out,
                        const struct render_opts *o,
                        const struct issue *iss,
                        size_t pi)
{
    size_t i;

    if (iss->npages < 2)
        return;
    buf_adds(out, "<nav class=\"thumbs\" aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_THUMBS));
    buf_adds(out, "\">\n<ol>\n");
    for (i = 0; i < iss->npages; i++) {
        const struct page *pg = &iss->pages[i];

        buf_adds(out, "<li><a href=\"");
        render_url_page(out, iss->paper.id, iss->date, pg->number);
        render_lang_query(out, o);
        buf_addc(out, '"');
        if (i == pi)
            buf_adds(out, " aria-current=\"page\"");
        buf_addc(out, '>');
        if (render_page_has_image(pg)) {
            /* the ~200 px derivative; a scan without one (older data,
               short test hashes) shows itself scaled */
            buf_adds(out, "<img src=\"");
            if (!render_page_image_url(out, pg, "thumb"))
                (void)render_page_img_src(out, pg);
            buf_addc(out, '"');
            if (pg->width > 0 && pg->height > 0)
                buf_addf(out, " width=\"%d\" height=\"%d\"", pg->width,
                         pg->height);
            buf_adds(out, " alt=\"\" loading=\"lazy\" decoding=\"async\">");
        } else {
            buf_adds(out, "<span class=\"thumb-blank\"></span>");
        }
        buf_adds(out, "<span class=\"thumb-label\">");
        render_page_short(out, o->lang, pg->number);
        if (pg->name != NULL && pg->name[0] != '\0') {
            buf_adds(out, " <span");
            render_lang_attr(out, o, iss->paper.language);
            buf_addc(out, '>');
            html_text(out, pg->name);
            buf_adds(out, "</span>");
        }
        buf_adds(out, "</span></a></li>\n");
    }
    buf_adds(out, "</ol>\n</nav>\n");
}
