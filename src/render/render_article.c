/* SPDX-License-Identifier: MIT */
/*
 * render_article.c - the article view: 上一篇/下一篇 in reading order across
 * pages, text size controls that work without JavaScript, and the story
 * itself (kicker, headline, subhead, byline, paragraphs, pictures,
 * 转第N版/上接第N版 continuation links).
 */
#include "base/compat.h"

#include "render/render_int.h"

static void
text_size_tools(struct buf *out, const struct render_opts *o, const char *self);
static void step_link(struct buf *out,
                      const struct render_opts *o,
                      const struct issue *iss,
                      size_t pi,
                      size_t ai,
                      int dir);
static void continuation(struct buf *out,
                         const struct render_opts *o,
                         const struct issue *iss,
                         const struct article_ref *r,
                         bool to);
static void story(struct buf *out,
                  const struct render_opts *o,
                  const struct issue *iss,
                  const struct article *a,
                  const struct render_highlight *hl);

/* Links to /_textsize; folio.js handles them in place when it runs. */
static void
text_size_tools(struct buf *out, const struct render_opts *o, const char *self)
{
    static const struct {
        const char *dir;
        enum render_str label;
    } btn[] = {
        { "down", RS_SMALLER },
        { "reset", RS_DEFAULT_SIZE },
        { "up", RS_LARGER },
    };
    struct buf back = BUF_INIT(4096);
    size_t i;

    buf_adds(&back, self);
    render_lang_query(&back, o);
    buf_adds(out, "<div class=\"textsize\" role=\"group\" aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_TEXT_SIZE));
    buf_adds(out, "\"><span class=\"ts-label\" aria-hidden=\"true\">");
    buf_adds(out, render_str(o->lang, RS_TEXT_SIZE));
    buf_adds(out, "</span>");
    for (i = 0; i < ARRAY_SIZE(btn); i++) {
        buf_addf(out,
                 "<a class=\"ts-btn\" data-ts=\"%s\" rel=\"nofollow\" "
                 "href=\"/_textsize?d=%s&amp;back=",
                 btn[i].dir, btn[i].dir);
        url_component(out, back.data);
        buf_adds(out, "\">");
        buf_adds(out, render_str(o->lang, btn[i].label));
        buf_adds(out, "</a>");
    }
    buf_adds(out, "</div>\n");
    buf_release(&back);
}

static void step_link(struct buf *out,
                      const struct render_opts *o,
                      const struct issue *iss,
                      size_t pi,
                      size_t ai,
                      int dir)
{
    size_t npi, nai;
    const char *cls = dir < 0 ? "prev-article" : "next-article";
    const char *label =
        render_str(o->lang, dir < 0 ? RS_PREV_ARTICLE : RS_NEXT_ARTICLE);

    buf_adds(out, "<li class=\"");
    buf_adds(out, cls);
    buf_adds(out, "\">");
    if (!issue_article_step(iss, pi, ai, dir, &npi, &nai)) {
        buf_adds(out, "<span class=\"off\">");
        buf_adds(out, label);
        buf_adds(out, "</span></li>\n");
        return;
    }
    buf_adds(out, "<a href=\"");
    render_url_article(out, iss->paper.id, iss->date, iss->pages[npi].number,
                       iss->pages[npi].articles[nai].id);
    render_lang_query(out, o);
    buf_addf(out, "\" rel=\"%s\"><span class=\"step\">",
             dir < 0 ? "prev" : "next");
    buf_adds(out, label);
    buf_adds(out, "</span> <span class=\"step-title\"");
    render_lang_attr(out, o, iss->paper.language);
    buf_addc(out, '>');
    html_text(out, iss->pages[npi].articles[nai].headline);
    buf_adds(out, "</span></a></li>\n");
}

static void continuation(struct buf *out,
                         const struct render_opts *o,
                         const struct issue *iss,
                         const struct article_ref *r,
                         bool to)
{
    if (r->page <= 0 || r->article == NULL)
        return;
    buf_adds(out,
             to ? "<p class=\"cont cont-to\"" : "<p class=\"cont cont-from\"");
    /* UI text inside the story: mark it when the story's language differs. */
    if (iss->paper.language != NULL &&
        strcasecmp(iss->paper.language, render_str(o->lang, RS_HTML_LANG)) !=
            0) {
        buf_adds(out, " lang=\"");
        buf_adds(out, render_str(o->lang, RS_HTML_LANG));
        buf_addc(out, '"');
    }
    buf_adds(out, "><a href=\"");
    render_url_article(out, iss->paper.id, iss->date, r->page, r->article);
    render_lang_query(out, o);
    buf_adds(out, "\">");
    render_continues(out, o->lang, r->page, to);
    buf_adds(out, "</a></p>\n");
}

static void story(struct buf *out,
                  const struct render_opts *o,
                  const struct issue *iss,
                  const struct article *a,
                  const struct render_highlight *hl)
{
    size_t i;
    const char *plang = iss->paper.language;

    buf_adds(out, "<article class=\"story\"");
    /* a story in another language than its paper's says so */
    render_lang_attr(out, o, a->lang != NULL ? a->lang : plang);
    buf_adds(out, ">\n<header class=\"story-head\">\n");
    if (a->kicker != NULL) {
        buf_adds(out, "<p class=\"kicker\">");
        render_marked_text(out, a->kicker, hl);
        buf_adds(out, "</p>\n");
    }
    buf_adds(out, "<h1 class=\"headline\">");
    render_marked_text(out, a->headline, hl);
    buf_adds(out, "</h1>\n");
    if (a->subhead != NULL) {
        buf_adds(out, "<p class=\"subhead\">");
        render_marked_text(out, a->subhead, hl);
        buf_adds(out, "</p>\n");
    }
    if (a->byline != NULL) {
        buf_adds(out, "<p class=\"byline\">");
        render_marked_text(out, a->byline, hl);
        buf_adds(out, "</p>\n");
    }
    buf_adds(out, "</header>\n");
    continuation(out, o, iss, &a->continued_from, false);
    buf_adds(out, "<div class=\"story-body\">\n");
    for (i = 0; i < a->npictures; i++) {
        const struct picture *p = &a->pictures[i];

        buf_adds(out, "<figure>\n<img src=\"");
        render_media_url(out, p->media, p->mime);
        buf_adds(out, "\" alt=\"");
        html_attr(out, p->caption != NULL ? p->caption : "");
        buf_adds(out, "\" loading=\"lazy\">\n");
        if (p->caption != NULL) {
            buf_adds(out, "<figcaption>");
            render_marked_text(out, p->caption, hl);
            buf_adds(out, "</figcaption>\n");
        }
        buf_adds(out, "</figure>\n");
    }
    for (i = 0; i < a->nparagraphs; i++) {
        buf_adds(out, "<p>");
        render_marked_text(out, a->paragraphs[i], hl);
        buf_adds(out, "</p>\n");
    }
    buf_adds(out, "</div>\n");
    continuation(out, o, iss, &a->continues, true);
    buf_adds(out, "</article>\n");
}

void render_article_view(const struct render_opts *o,
                         const struct render_issue_ctx *ctx,
                         size_t pi,
                         size_t ai,
                         struct buf *out)
{
    const struct issue *iss = ctx->issue;
    const struct page *pg;
    const struct article *a;
    struct buf title = BUF_INIT(8192);
    struct buf self = BUF_INIT(4096);
    struct render_doc d;

    if (pi >= iss->npages || ai >= iss->pages[pi].narticles)
        BUG("article (%zu, %zu) out of range", pi, ai);
    pg = &iss->pages[pi];
    a = &pg->articles[ai];
    buf_adds(&title, a->headline);
    buf_adds(&title, " – ");
    buf_adds(&title, iss->paper.name != NULL ? iss->paper.name : iss->paper.id);
    buf_addc(&title, ' ');
    buf_adds(&title, iss->date);
    render_url_article(&self, iss->paper.id, iss->date, pg->number, a->id);

    memset(&d, 0, sizeof(d));
    d.o = o;
    d.title = title.data;
    d.self = self.data;
    d.content_lang = iss->paper.language;
    d.body_class = "view-article";
    render_doc_open(out, &d);
    render_masthead(out, &d, &iss->paper, iss->date, (long long)iss->number);
    render_issue_nav(out, &d, ctx, pi);
    buf_adds(out, "<div class=\"layout\">\n<main id=\"main\" tabindex=\"-1\">\n"
                  "<div class=\"toolbar\">\n<p class=\"on-page\">");
    buf_adds(out, render_str(o->lang, RS_PAGE_OF_ARTICLE));
    buf_adds(out, o->lang == RENDER_LANG_EN ? ": " : "：");
    buf_adds(out, "<a href=\"");
    render_url_page(out, iss->paper.id, iss->date, pg->number);
    render_lang_query(out, o);
    if (ctx->hl != NULL && ctx->hl->terms[0] != '\0') {
        /* the page view draws the same terms on the page image */
        buf_adds(out, o->lang_in_query ? "&amp;hl=" : "?hl=");
        url_component(out, ctx->hl->terms);
    }
    buf_adds(out, "\">");
    render_page_title(out, o, iss, pg);
    buf_adds(out, "</a></p>\n");
    text_size_tools(out, o, self.data);
    buf_adds(out, "</div>\n");
    story(out, o, iss, a, ctx->hl);
    buf_adds(out, "<nav class=\"article-nav\" aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_ARTICLE_NAV));
    buf_adds(out, "\">\n<ul class=\"bar steps\">\n");
    step_link(out, o, iss, pi, ai, -1);
    step_link(out, o, iss, pi, ai, +1);
    buf_adds(out, "</ul>\n</nav>\n</main>\n");
    render_contents(out, &d, ctx, pi, ai);
    buf_adds(out, "</div>\n");
    render_doc_close(out, &d);
    buf_release(&title);
    buf_release(&self);
}
