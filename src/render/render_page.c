/* SPDX-License-Identifier: MIT */
/*
 * render_page.c - the page view (版面): the page image with every
 * article's zones as an inline SVG overlay of focusable links in reading
 * order, or a headline list when the page has no image. A page without
 * articles (NDNP) whose words were loaded gets one zone per text block
 * instead, linked to the block in the page text view.
 */
#include "base/compat.h"

#include "render/render_int.h"

#include "base/xalloc.h"

#include <stdlib.h>

/* The box of one text block: the union of its words' boxes. */
struct block_box {
    int32_t block;
    int32_t x0, y0, x1, y1; /* page units; x1, y1 exclusive */
    size_t first;           /* index of its first word */
};

#define BLOCK_LABEL_WORDS 8  /* words in a block zone's accessible name */
#define BLOCK_LABEL_BYTES 60 /* ... or fewer once this many bytes */

static void zone_shape(struct buf *out, const struct zone *zn);
static size_t block_boxes(const struct page *pg, struct block_box **out);
static void
block_label(struct buf *out, const struct page *pg, const struct block_box *bb);
static void block_zones(struct buf *out,
                        const struct render_opts *o,
                        const struct issue *iss,
                        const struct page *pg);
static void page_image(struct buf *out,
                       const struct render_opts *o,
                       const struct issue *iss,
                       const struct page *pg,
                       const struct render_highlight *hl);
static void headline_list(struct buf *out,
                          const struct render_opts *o,
                          const struct issue *iss,
                          const struct page *pg);
static void page_replica(struct buf *out,
                         const struct render_opts *o,
                         const struct issue *iss,
                         size_t pi,
                         const struct render_highlight *hl);

/* One zone: an SVG <polygon> when it has points, else a <rect>. */
static void zone_shape(struct buf *out, const struct zone *zn)
{
    size_t k;

    if (zn->points == NULL || zn->npoints == 0) {
        buf_addf(out,
                 "<rect x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"%ld\"/>",
                 (long)zn->x, (long)zn->y, (long)zn->w, (long)zn->h);
        return;
    }
    buf_adds(out, "<polygon points=\"");
    for (k = 0; k < zn->npoints; k++)
        buf_addf(out, "%s%ld,%ld", k ? " " : "", (long)zn->points[k].x,
                 (long)zn->points[k].y);
    buf_adds(out, "\"/>");
}

/*
 * The boxes of pg's text blocks in the order their first words come,
 * each the union of its words' boxes clipped to the page. Words without
 * an area on the page are left out; so is a block without any other.
 * out: a new array (NULL when the result is 0); caller frees it.
 */
static size_t block_boxes(const struct page *pg, struct block_box **out)
{
    struct block_box *bb = NULL;
    size_t n = 0, cap = 0, last = 0, i, k;

    for (i = 0; i < pg->nwords; i++) {
        const struct page_word *w = &pg->words[i];
        int64_t x0 = w->x, y0 = w->y;
        int64_t x1 = x0 + w->w, y1 = y0 + w->h;

        if (x0 < 0)
            x0 = 0;
        if (y0 < 0)
            y0 = 0;
        if (x1 > pg->width)
            x1 = pg->width;
        if (y1 > pg->height)
            y1 = pg->height;
        if (x1 <= x0 || y1 <= y0)
            continue;
        /* a block's words usually follow each other: try the last first */
        k = n;
        if (n > 0 && bb[last].block == w->block) {
            k = last;
        } else {
            for (k = 0; k < n; k++)
                if (bb[k].block == w->block)
                    break;
        }
        if (k == n) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                bb = xreallocarray(bb, cap, sizeof(*bb));
            }
            bb[n].block = w->block;
            bb[n].x0 = (int32_t)x0;
            bb[n].y0 = (int32_t)y0;
            bb[n].x1 = (int32_t)x1;
            bb[n].y1 = (int32_t)y1;
            bb[n].first = i;
            n++;
        } else {
            if (x0 < bb[k].x0)
                bb[k].x0 = (int32_t)x0;
            if (y0 < bb[k].y0)
                bb[k].y0 = (int32_t)y0;
            if (x1 > bb[k].x1)
                bb[k].x1 = (int32_t)x1;
            if (y1 > bb[k].y1)
                bb[k].y1 = (int32_t)y1;
        }
        last = k;
    }
    *out = bb;
    return n;
}

/* The first words of a block ("Der Nordstern erscheint …"), as text. */
static void
block_label(struct buf *out, const struct page *pg, const struct block_box *bb)
{
    size_t i, nw = 0, start = out->len;

    for (i = bb->first; i < pg->nwords; i++) {
        const struct page_word *w = &pg->words[i];

        if (w->block != bb->block)
            continue;
        if (nw == BLOCK_LABEL_WORDS || out->len - start >= BLOCK_LABEL_BYTES) {
            buf_adds(out, " …");
            return;
        }
        if (nw > 0)
            buf_addc(out, ' ');
        buf_adds(out, w->text);
        nw++;
    }
}

/*
 * One rectangle per text block, each a link to the block's paragraph in
 * the page text view (…/text#b<N>), named by its first words.
 */
static void block_zones(struct buf *out,
                        const struct render_opts *o,
                        const struct issue *iss,
                        const struct page *pg)
{
    struct block_box *bb = NULL;
    struct buf label = BUF_INIT(65536);
    size_t n = block_boxes(pg, &bb), k;

    for (k = 0; k < n; k++) {
        buf_reset(&label);
        block_label(&label, pg, &bb[k]);
        buf_adds(out, "<a class=\"text-block\" href=\"");
        render_url_page(out, iss->paper.id, iss->date, pg->number);
        buf_adds(out, "text");
        render_lang_query(out, o);
        buf_addf(out, "#b%ld\" aria-label=\"", (long)bb[k].block);
        html_attr(out, label.data);
        buf_adds(out, "\"><title>");
        html_text(out, label.data);
        buf_addf(out,
                 "</title><rect x=\"%ld\" y=\"%ld\" width=\"%ld\" "
                 "height=\"%ld\"/></a>\n",
                 (long)bb[k].x0, (long)bb[k].y0, (long)(bb[k].x1 - bb[k].x0),
                 (long)(bb[k].y1 - bb[k].y0));
    }
    free(bb);
    buf_release(&label);
}

/*
 * The SVG shares the image's box and coordinate space (viewBox = the
 * page's width x height), so zones scale with the image at any width.
 * SVG 2 <a href> is focusable; document order gives the tab order.
 */
static void page_image(struct buf *out,
                       const struct render_opts *o,
                       const struct issue *iss,
                       const struct page *pg,
                       const struct render_highlight *hl)
{
    size_t i, z;

    buf_adds(out, "<div class=\"page-figure\"");
    render_viewer_attrs(out, iss, pg);
    buf_adds(out, ">\n<img class=\"page-img\" src=\"");
    (void)render_page_img_src(out, pg);
    buf_addc(out, '"');
    if (pg->width > 0 && pg->height > 0)
        buf_addf(out, " width=\"%d\" height=\"%d\"", pg->width, pg->height);
    buf_adds(out, " alt=\"");
    buf_adds(out, render_str(o->lang, RS_PAGE_IMAGE));
    buf_adds(out, " ");
    render_page_label(out, o->lang, pg->number);
    buf_adds(out, "\">\n");
    render_page_hits(out, o, pg, hl);
    if (pg->width > 0 && pg->height > 0 && pg->narticles == 0) {
        /* keyboard users need not tab through every block link */
        buf_addf(out, "<a class=\"skip-blocks\" href=\"#blocks-end-%d\">",
                 pg->number);
        buf_adds(out, render_str(o->lang, RS_SKIP_BLOCKS));
        buf_adds(out, "</a>\n");
    }
    if (pg->width > 0 && pg->height > 0) {
        buf_addf(out,
                 "<svg class=\"zones\" viewBox=\"0 0 %d %d\" "
                 "preserveAspectRatio=\"none\" role=\"group\" "
                 "aria-label=\"%s\">\n",
                 pg->width, pg->height,
                 render_str(o->lang,
                            pg->narticles == 0 ? RS_BLOCK_ZONES : RS_ZONES));
        for (i = 0; i < pg->narticles; i++) {
            const struct article *a = &pg->articles[i];

            if (a->nzones == 0)
                continue;
            buf_adds(out, "<a href=\"");
            render_url_article(out, iss->paper.id, iss->date, pg->number,
                               a->id);
            render_lang_query(out, o);
            buf_adds(out, "\" aria-label=\"");
            html_attr(out, a->headline);
            buf_addc(out, '"');
            render_lang_attr(out, o,
                             a->lang != NULL ? a->lang : iss->paper.language);
            buf_adds(out, "><title>");
            html_text(out, a->headline);
            buf_adds(out, "</title>");
            for (z = 0; z < a->nzones; z++)
                zone_shape(out, &a->zones[z]);
            buf_adds(out, "</a>\n");
        }
        if (pg->narticles == 0)
            block_zones(out, o, iss, pg);
        buf_adds(out, "</svg>\n");
    }
    buf_adds(out, "</div>\n");
    if (pg->width > 0 && pg->height > 0 && pg->narticles == 0)
        buf_addf(out, "<span id=\"blocks-end-%d\" tabindex=\"-1\"></span>\n",
                 pg->number);
}

/*
 * The page image with its zones and the viewer's buttons; with o->spread
 * the facing page too (left, then right, so tab order follows reading
 * order). The facing page is hidden on narrow screens by folio.css.
 */
static void page_replica(struct buf *out,
                         const struct render_opts *o,
                         const struct issue *iss,
                         size_t pi,
                         const struct render_highlight *hl)
{
    size_t l = pi, r = pi, i;

    if (o->spread)
        render_spread_pair(iss, pi, &l, &r);
    render_viewer_tools(out, o);
    if (l == r) {
        page_image(out, o, iss, &iss->pages[pi], hl);
        return;
    }
    buf_adds(out, "<div class=\"spread-pair\">\n");
    for (i = l; i <= r; i++) {
        const struct page *pg = &iss->pages[i];

        if (!render_page_has_image(pg))
            continue;
        buf_adds(out, i == pi ? "<section class=\"spread-page cur\">\n"
                              : "<section class=\"spread-page facing\">\n");
        buf_adds(out, "<h2 class=\"spread-label\"><a href=\"");
        render_url_page(out, iss->paper.id, iss->date, pg->number);
        render_lang_query(out, o);
        buf_addc(out, '"');
        if (i == pi)
            buf_adds(out, " aria-current=\"page\"");
        buf_addc(out, '>');
        render_page_title(out, o, iss, pg);
        buf_adds(out, "</a></h2>\n");
        page_image(out, o, iss, pg, i == pi ? hl : NULL);
        buf_adds(out, "</section>\n");
    }
    buf_adds(out, "</div>\n");
}

static void headline_list(struct buf *out,
                          const struct render_opts *o,
                          const struct issue *iss,
                          const struct page *pg)
{
    size_t i;

    if (pg->narticles == 0) {
        buf_adds(out, "<p class=\"empty\">");
        buf_adds(out, render_str(o->lang, RS_NO_ARTICLES));
        buf_adds(out, "</p>\n");
        return;
    }
    buf_adds(out, "<ol class=\"headline-list\"");
    render_lang_attr(out, o, iss->paper.language);
    buf_adds(out, ">\n");
    for (i = 0; i < pg->narticles; i++) {
        const struct article *a = &pg->articles[i];

        buf_adds(out, "<li>");
        if (a->kicker != NULL) {
            buf_adds(out, "<p class=\"kicker\">");
            html_text(out, a->kicker);
            buf_adds(out, "</p>");
        }
        buf_adds(out, "<h2><a href=\"");
        render_url_article(out, iss->paper.id, iss->date, pg->number, a->id);
        render_lang_query(out, o);
        buf_adds(out, "\">");
        html_text(out, a->headline);
        buf_adds(out, "</a></h2>");
        if (a->subhead != NULL) {
            buf_adds(out, "<p class=\"subhead\">");
            html_text(out, a->subhead);
            buf_adds(out, "</p>");
        }
        buf_adds(out, "</li>\n");
    }
    buf_adds(out, "</ol>\n");
}

void render_page_view(const struct render_opts *o,
                      const struct render_issue_ctx *ctx,
                      size_t pi,
                      struct buf *out)
{
    const struct issue *iss = ctx->issue;
    const struct page *pg;
    struct buf title = BUF_INIT(8192);
    struct buf self = BUF_INIT(4096);
    struct render_doc d;

    if (pi >= iss->npages)
        BUG("page index %zu out of range", pi);
    pg = &iss->pages[pi];
    render_page_title_plain(&title, o->lang, pg);
    buf_adds(&title, " – ");
    buf_adds(&title, iss->paper.name != NULL ? iss->paper.name : iss->paper.id);
    buf_addc(&title, ' ');
    buf_adds(&title, iss->date);
    render_url_page(&self, iss->paper.id, iss->date, pg->number);

    memset(&d, 0, sizeof(d));
    d.o = o;
    d.title = title.data;
    d.self = self.data;
    d.content_lang = iss->paper.language;
    d.body_class = o->spread ? "view-page spread" : "view-page";
    d.viewer = render_page_has_image(pg);
    render_doc_open(out, &d);
    render_masthead(out, &d, &iss->paper, iss->date, (long long)iss->number);
    render_issue_nav(out, &d, ctx, pi);
    buf_adds(out, "<div class=\"layout\">\n<main id=\"main\" tabindex=\"-1\">\n"
                  "<h1 class=\"page-title\">");
    render_page_title(out, o, iss, pg);
    buf_adds(out, "</h1>\n");
    render_page_tools(out, o, iss, pi);
    if (render_page_has_image(pg))
        page_replica(out, o, iss, pi, ctx->hl);
    else
        headline_list(out, o, iss, pg);
    if (pg->narticles == 0) {
        /* no article segmentation (NDNP): the page's text view */
        buf_adds(out, "<p class=\"page-text-link\"><a href=\"");
        render_url_page(out, iss->paper.id, iss->date, pg->number);
        buf_adds(out, "text");
        render_lang_query(out, o);
        buf_adds(out, "\">");
        buf_adds(out, render_str(o->lang, RS_PAGE_TEXT));
        buf_adds(out, "</a></p>\n");
    }
    render_page_thumbs(out, o, iss, pi);
    buf_adds(out, "</main>\n");
    render_contents(out, &d, ctx, pi, (size_t)-1);
    buf_adds(out, "</div>\n");
    render_doc_close(out, &d);
    buf_release(&title);
    buf_release(&self);
}
