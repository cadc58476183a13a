/* SPDX-License-Identifier: MIT */
/*
 * render_nav.c - the issue navigation shared by the page and article views:
 * the 版面导航 bar (当前版, 上一版/下一版, PDF, 往期阅读, 上一期/下一期)
 * and the 标题导航 panel (all pages, headlines of the current page).
 */
#include "base/compat.h"

#include "base/date.h"
#include "render/render_int.h"

static void nav_item(struct buf *out,
                     const char *cls,
                     const char *href,
                     const char *rel,
                     const char *label);

/* One <li>; a missing href renders the label inert so the bar keeps its
 * layout at the first and last page. */
static void nav_item(struct buf *out,
                     const char *cls,
                     const char *href,
                     const char *rel,
                     const char *label)
{
    buf_adds(out, "<li class=\"");
    buf_adds(out, cls);
    buf_adds(out, "\">");
    if (href != NULL) {
        buf_adds(out, "<a href=\"");
        buf_adds(out, href);
        buf_addc(out, '"');
        if (rel != NULL) {
            buf_adds(out, " rel=\"");
            buf_adds(out, rel);
            buf_addc(out, '"');
        }
        buf_addc(out, '>');
        buf_adds(out, label);
        buf_adds(out, "</a>");
    } else {
        buf_adds(out, "<span class=\"off\">");
        buf_adds(out, label);
        buf_adds(out, "</span>");
    }
    buf_adds(out, "</li>\n");
}

void render_page_title_plain(struct buf *out,
                             enum render_lang lang,
                             const struct page *pg)
{
    render_page_label(out, lang, pg->number);
    if (pg->name != NULL && pg->name[0] != '\0') {
        buf_adds(out, lang == RENDER_LANG_EN ? ": " : "：");
        buf_adds(out, pg->name);
    }
}

void render_page_title(struct buf *out,
                       const struct render_opts *o,
                       const struct issue *iss,
                       const struct page *pg)
{
    render_page_label(out, o->lang, pg->number);
    if (pg->name != NULL && pg->name[0] != '\0') {
        buf_adds(out, o->lang == RENDER_LANG_EN ? ": " : "：");
        buf_adds(out, "<span");
        render_lang_attr(out, o, iss->paper.language);
        buf_addc(out, '>');
        html_text(out, pg->name);
        buf_adds(out, "</span>");
    }
}

void render_issue_nav(struct buf *out,
                      const struct render_doc *d,
                      const struct render_issue_ctx *ctx,
                      size_t pi)
{
    const struct render_opts *o = d->o;
    const struct issue *iss = ctx->issue;
    const struct page *pg = &iss->pages[pi];
    struct buf href = BUF_INIT(4096);
    struct date day;

    buf_adds(out, "<nav class=\"issue-nav\" aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_PAGE_NAV));
    buf_adds(out, "\">\n<ul class=\"bar\">\n<li class=\"cur-page\">");
    buf_adds(out, render_str(o->lang, RS_CURRENT_PAGE));
    buf_adds(out, "<a href=\"");
    render_url_page(out, iss->paper.id, iss->date, pg->number);
    render_lang_query(out, o);
    buf_adds(out, "\"><strong>");
    render_page_short(out, o->lang, pg->number);
    if (pg->name != NULL && pg->name[0] != '\0') {
        buf_adds(out, " <span");
        render_lang_attr(out, o, iss->paper.language);
        buf_addc(out, '>');
        html_text(out, pg->name);
        buf_adds(out, "</span>");
    }
    buf_adds(out, "</strong></a></li>\n");

    buf_reset(&href);
    if (pi > 0) {
        render_url_page(&href, iss->paper.id, iss->date,
                        iss->pages[pi - 1].number);
        render_lang_query(&href, o);
    }
    nav_item(out, "prev-page", pi > 0 ? href.data : NULL, "prev",
             render_str(o->lang, RS_PREV_PAGE));
    buf_reset(&href);
    if (pi + 1 < iss->npages) {
        render_url_page(&href, iss->paper.id, iss->date,
                        iss->pages[pi + 1].number);
        render_lang_query(&href, o);
    }
    nav_item(out, "next-page", pi + 1 < iss->npages ? href.data : NULL, "next",
             render_str(o->lang, RS_NEXT_PAGE));

    if (pg->pdf_media != NULL) {
        buf_reset(&href);
        buf_addc(&href, '/');
        url_component(&href, iss->paper.id);
        buf_addc(&href, '/');
        url_component(&href, iss->date);
        buf_addf(&href, "/%02d.pdf", pg->number);
        nav_item(out, "pdf", href.data, NULL, render_str(o->lang, RS_PDF));
    }

    if (date_parse(iss->date, strlen(iss->date), &day)) {
        buf_reset(&href);
        render_url_month(&href, iss->paper.id, day.year, day.month);
        render_lang_query(&href, o);
        nav_item(out, "past", href.data, NULL,
                 render_str(o->lang, RS_PAST_ISSUES));
    }

    buf_reset(&href);
    if (ctx->prev_issue[0] != '\0') {
        buf_addc(&href, '/');
        url_component(&href, iss->paper.id);
        buf_addc(&href, '/');
        url_component(&href, ctx->prev_issue);
        buf_addc(&href, '/');
        render_lang_query(&href, o);
    }
    nav_item(out, "prev-issue", ctx->prev_issue[0] ? href.data : NULL, NULL,
             render_str(o->lang, RS_PREV_ISSUE));
    buf_reset(&href);
    if (ctx->next_issue[0] != '\0') {
        buf_addc(&href, '/');
        url_component(&href, iss->paper.id);
        buf_addc(&href, '/');
        url_component(&href, ctx->next_issue);
        buf_addc(&href, '/');
        render_lang_query(&href, o);
    }
    nav_item(out, "next-issue", ctx->next_issue[0] ? href.data : NULL, NULL,
             render_str(o->lang, RS_NEXT_ISSUE));
    buf_adds(out, "</ul>\n</nav>\n");
    buf_release(&href);
}

void render_contents(struct buf *out,
                     const struct render_doc *d,
                     const struct render_issue_ctx *ctx,
                     size_t pi,
                     size_t current_ai)
{
    const struct render_opts *o = d->o;
    const struct issue *iss = ctx->issue;
    const struct page *pg = &iss->pages[pi];
    size_t i;

    buf_adds(out, "<nav class=\"contents\" aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_CONTENTS));
    buf_adds(out, "\">\n<h2>");
    buf_adds(out, render_str(o->lang, RS_CONTENTS));
    buf_adds(out, "</h2>\n<h3>");
    buf_adds(out, render_str(o->lang, RS_PAGES));
    buf_adds(out, "</h3>\n<ol class=\"page-list\">\n");
    for (i = 0; i < iss->npages; i++) {
        buf_adds(out, "<li><a href=\"");
        render_url_page(out, iss->paper.id, iss->date, iss->pages[i].number);
        render_lang_query(out, o);
        buf_addc(out, '"');
        if (i == pi && current_ai == (size_t)-1)
            buf_adds(out, " aria-current=\"page\"");
        else if (i == pi)
            buf_adds(out, " class=\"cur\"");
        buf_addc(out, '>');
        render_page_title(out, o, iss, &iss->pages[i]);
        buf_adds(out, "</a></li>\n");
    }
    buf_adds(out, "</ol>\n<h3>");
    buf_adds(out, render_str(o->lang, RS_THIS_PAGE));
    buf_adds(out, "</h3>\n");
    if (pg->narticles == 0) {
        buf_adds(out, "<p class=\"empty\">");
        buf_adds(out, render_str(o->lang, RS_NO_ARTICLES));
        buf_adds(out, " <a href=\"");
        render_url_page(out, iss->paper.id, iss->date, pg->number);
        buf_adds(out, "text");
        render_lang_query(out, o);
        buf_adds(out, "\">");
        buf_adds(out, render_str(o->lang, RS_PAGE_TEXT));
        buf_adds(out, "</a></p>\n");
    } else {
        buf_adds(out, "<ol class=\"headlines\"");
        render_lang_attr(out, o, iss->paper.language);
        buf_adds(out, ">\n");
    }
    for (i = 0; i < pg->narticles; i++) {
        buf_adds(out, "<li><a href=\"");
        render_url_article(out, iss->paper.id, iss->date, pg->number,
                           pg->articles[i].id);
        render_lang_query(out, o);
        buf_addc(out, '"');
        if (i == current_ai)
            buf_adds(out, " aria-current=\"page\"");
        buf_addc(out, '>');
        html_text(out, pg->articles[i].headline);
        buf_adds(out, "</a></li>\n");
    }
    if (pg->narticles > 0)
        buf_adds(out, "</ol>\n");
    buf_adds(out, "</nav>\n");
}
