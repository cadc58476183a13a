/* SPDX-License-Identifier: MIT */
/*
 * render_text.c - the page text view (/{paper}/{date}/{NN}/text): a
 * page's words (ALTO or PDF text layer) laid out as text, one section per
 * text block with the id "b<N>" (N = the words' block number), lines
 * broken as printed, like Open ONI's OCR view. Pages imported without
 * article segmentation (NDNP) are read this way; each block's section is
 * the anchor its outline on the page view links to. Search terms (?hl=,
 * ctx->hl) are marked line by line, as in an article.
 */
#include "base/compat.h"

#include "render/render_int.h"

#include <string.h>

void render_page_text_view(const struct render_opts *o,
                           const struct render_issue_ctx *ctx,
                           size_t pi,
                           const struct page_word *words,
                           size_t nwords,
                           struct buf *out)
{
    const struct issue *iss = ctx->issue;
    const struct page *pg;
    struct buf title = BUF_INIT(8192);
    struct buf self = BUF_INIT(4096);
    struct buf line = BUF_INIT(1024 * 1024);
    struct render_doc d;
    bool en = o->lang == RENDER_LANG_EN;
    size_t i;

    if (pi >= iss->npages)
        BUG("page %zu out of range", pi);
    pg = &iss->pages[pi];
    render_page_title_plain(&title, o->lang, pg);
    buf_adds(&title, en ? " – text – " : " – 文字版 – ");
    buf_adds(&title, iss->paper.name != NULL ? iss->paper.name : iss->paper.id);
    buf_addc(&title, ' ');
    buf_adds(&title, iss->date);
    render_url_page(&self, iss->paper.id, iss->date, pg->number);
    buf_adds(&self, "text");

    memset(&d, 0, sizeof(d));
    d.o = o;
    d.title = title.data;
    d.self = self.data;
    d.content_lang = iss->paper.language;
    d.body_class = "view-article view-page-text";
    render_doc_open(out, &d);
    render_masthead(out, &d, &iss->paper, iss->date, (long long)iss->number);
    render_issue_nav(out, &d, ctx, pi);
    buf_adds(out, "<div class=\"layout\">\n<main id=\"main\" tabindex=\"-1\">\n"
                  "<div class=\"toolbar\">\n<p class=\"on-page\">");
    buf_adds(out, en ? "Text of " : "文字版：");
    buf_adds(out, "<a href=\"");
    render_url_page(out, iss->paper.id, iss->date, pg->number);
    render_lang_query(out, o);
    buf_adds(out, "\">");
    render_page_title(out, o, iss, pg);
    buf_adds(out, "</a></p>\n</div>\n<article class=\"story page-text\"");
    render_lang_attr(out, o, iss->paper.language);
    buf_adds(out, ">\n");
    if (nwords == 0) {
        buf_adds(out, "<p>");
        buf_adds(out, en ? "This page has no text layer." : "本版没有文字层。");
        buf_adds(out, "</p>\n");
    }
    for (i = 0; i < nwords; i++) {
        const struct page_word *w = &words[i];
        if (i == 0 || w->block != words[i - 1].block) {
            if (i > 0)
                buf_adds(out, "</p>\n");
            buf_addf(out, "<p class=\"ocr-block\" id=\"b%d\">", (int)w->block);
        } else if (w->line != words[i - 1].line) {
            buf_adds(out, "<br>\n");
        }
        /* a line at a time, so search terms (?hl=) are marked across words */
        buf_reset(&line);
        buf_adds(&line, w->text);
        while (i + 1 < nwords && words[i + 1].block == w->block &&
               words[i + 1].line == w->line) {
            i++;
            buf_addc(&line, ' ');
            buf_adds(&line, words[i].text);
        }
        render_marked_text(out, line.data != NULL ? line.data : "", ctx->hl);
    }
    if (nwords > 0)
        buf_adds(out, "</p>\n");
    buf_adds(out, "</article>\n</main>\n");
    render_contents(out, &d, ctx, pi, (size_t)-1);
    buf_adds(out, "</div>\n");
    render_doc_close(out, &d);
    buf_release(&title);
    buf_release(&self);
    buf_release(&line);
}
