/* SPDX-License-Identifier: MIT */
/*
 * render_layout.c - the parts every reader page shares: the HTML5 document
 * skeleton (head, skip link, footer), the masthead with the language
 * switch, and the URL builders for the permanent reader URLs.
 */
#include "base/compat.h"

#include "render/render_int.h"

static bool self_path_ok(const char *p);
static void search_box(struct buf *out, const struct render_doc *d);

/* Only a local absolute path may be echoed into links ("//x" is a host). */
static bool self_path_ok(const char *p)
{
    return p != NULL && p[0] == '/' && p[1] != '/' && p[1] != '\\' &&
           strchr(p, '?') == NULL && strlen(p) < 2048;
}

/*
 * The masthead search box: a plain GET form to /search (no JavaScript
 * needed), labelled for screen readers.
 */
static void search_box(struct buf *out, const struct render_doc *d)
{
    const struct render_opts *o = d->o;

    buf_adds(out, "<form class=\"search-box\" role=\"search\" "
                  "action=\"/search\" method=\"get\">"
                  "<label class=\"vh\" for=\"site-q\">");
    buf_adds(out, render_str(o->lang, RS_SEARCH_LABEL));
    buf_adds(out, "</label><input id=\"site-q\" type=\"search\" name=\"q\" "
                  "maxlength=\"256\" value=\"");
    html_attr(out, d->search_q);
    buf_adds(out, "\" placeholder=\"");
    buf_adds(out, render_str(o->lang, RS_SEARCH_PLACEHOLDER));
    buf_adds(out, "\">");
    if (o->lang_in_query) {
        buf_adds(out, "<input type=\"hidden\" name=\"lang\" value=\"");
        buf_adds(out, o->lang == RENDER_LANG_EN ? "en" : "zh");
        buf_adds(out, "\">");
    }
    buf_adds(out, "<button type=\"submit\">");
    buf_adds(out, render_str(o->lang, RS_SEARCH));
    buf_adds(out, "</button></form>\n");
}

void render_url_page(struct buf *out,
                     const char *paper,
                     const char *date,
                     int number)
{
    buf_addc(out, '/');
    url_component(out, paper);
    buf_addc(out, '/');
    url_component(out, date);
    buf_addf(out, "/%02d/", number);
}

void render_url_article(struct buf *out,
                        const char *paper,
                        const char *date,
                        int number,
                        const char *article_id)
{
    render_url_page(out, paper, date, number);
    url_component(out, article_id);
}

void render_url_month(struct buf *out, const char *paper, int year, int month)
{
    buf_addc(out, '/');
    url_component(out, paper);
    buf_addf(out, "/%04d/%02d/", year, month);
}

void render_lang_query(struct buf *out, const struct render_opts *o)
{
    if (o->lang_in_query)
        buf_adds(out, o->lang == RENDER_LANG_EN ? "?lang=en" : "?lang=zh");
}

void render_lang_attr(struct buf *out,
                      const struct render_opts *o,
                      const char *content_lang)
{
    if (content_lang == NULL || content_lang[0] == '\0')
        return;
    if (strcasecmp(content_lang, render_str(o->lang, RS_HTML_LANG)) == 0)
        return;
    buf_adds(out, " lang=\"");
    html_attr(out, content_lang);
    buf_addc(out, '"');
}

void render_doc_open(struct buf *out, const struct render_doc *d)
{
    const struct render_opts *o = d->o;
    int ts = o->text_size;

    if (ts < RENDER_TEXT_SIZE_MIN)
        ts = RENDER_TEXT_SIZE_MIN;
    if (ts > RENDER_TEXT_SIZE_MAX)
        ts = RENDER_TEXT_SIZE_MAX;
    buf_adds(out, "<!DOCTYPE html>\n<html lang=\"");
    buf_adds(out, render_str(o->lang, RS_HTML_LANG));
    buf_adds(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\">\n"
                  "<title>");
    html_text(out, d->title);
    /* an empty icon: browsers stop asking for /favicon.ico */
    buf_adds(out, "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
                  "<link rel=\"stylesheet\" href=\"");
    if (!render_asset_url(out, "folio.css"))
        BUG("folio.css is not embedded");
    buf_adds(out, "\">\n");
    if (d->feed_href != NULL) {
        buf_adds(out, "<link rel=\"alternate\" "
                      "type=\"application/atom+xml\" title=\"");
        buf_adds(out, render_str(o->lang, RS_SEARCH_FEED));
        buf_adds(out, "\" href=\"");
        buf_adds(out, d->feed_href);
        buf_adds(out, "\">\n");
    }
    if (d->viewer) {
        /* before folio.js: deferred scripts run in document order */
        buf_adds(out, "<script src=\"");
        if (!render_asset_url(out, "openseadragon.min.js"))
            BUG("openseadragon.min.js is not embedded");
        buf_adds(out, "\" defer></script>\n");
    }
    buf_adds(out, "<script src=\"");
    if (!render_asset_url(out, "folio.js"))
        BUG("folio.js is not embedded");
    buf_adds(out, "\" defer></script>\n</head>\n");
    buf_addf(out, "<body class=\"ts%d", ts);
    if (d->body_class != NULL) {
        buf_addc(out, ' ');
        html_attr(out, d->body_class);
    }
    buf_adds(out, "\">\n<a class=\"skip\" href=\"#main\">");
    buf_adds(out, render_str(o->lang, RS_SKIP));
    buf_adds(out, "</a>\n");
}

void render_doc_close(struct buf *out, const struct render_doc *d)
{
    buf_adds(out, "<footer class=\"site-footer\"><p>");
    buf_adds(out, render_str(d->o->lang, RS_FOOTER));
    buf_adds(out, "</p></footer>\n</body>\n</html>\n");
}

void render_masthead(struct buf *out,
                     const struct render_doc *d,
                     const struct paper *paper,
                     const char *date,
                     long long number)
{
    const struct render_opts *o = d->o;
    const char *self = self_path_ok(d->self) ? d->self : "/";

    buf_adds(out, "<header class=\"masthead\">\n<div class=\"mast\">\n");
    if (paper != NULL) {
        buf_adds(out, "<p class=\"paper-name\"><a href=\"/");
        url_component(out, paper->id);
        buf_addc(out, '/');
        render_lang_query(out, o);
        buf_addc(out, '"');
        render_lang_attr(out, o, paper->language);
        buf_addc(out, '>');
        html_text(out, paper->name != NULL ? paper->name : paper->id);
        buf_adds(out, "</a></p>\n");
    } else {
        buf_adds(out, "<p class=\"paper-name\"><a href=\"/");
        render_lang_query(out, o);
        buf_adds(out, "\">");
        buf_adds(out, render_str(o->lang, RS_HOME_TITLE));
        buf_adds(out, "</a></p>\n");
    }
    if (date != NULL && date[0] != '\0') {
        buf_adds(out, "<p class=\"dateline\"><time datetime=\"");
        html_attr(out, date);
        buf_adds(out, "\">");
        render_long_date(out, o->lang, date);
        buf_adds(out, "</time>");
        if (number > 0) {
            buf_adds(out, " <span class=\"issue-no\">");
            render_issue_number(out, o->lang, number);
            buf_adds(out, "</span>");
        }
        buf_adds(out, "</p>\n");
    }
    search_box(out, d);
    buf_adds(out, "<p class=\"lang-switch\"><a href=\"");
    html_attr(out, self);
    if (d->self_query != NULL && d->self_query[0] != '\0') {
        /* "?q=...&amp;lang=en": the page keeps what it shows */
        buf_addc(out, '?');
        buf_adds(out, d->self_query);
        buf_adds(out, "&amp;");
        buf_adds(out, render_str(o->lang, RS_LANG_SWITCH_Q) + 1);
    } else {
        buf_adds(out, render_str(o->lang, RS_LANG_SWITCH_Q));
    }
    buf_adds(out, "\" lang=\"");
    buf_adds(out, render_str(o->lang, RS_LANG_SWITCH_TAG));
    buf_adds(out, "\" hreflang=\"");
    buf_adds(out, render_str(o->lang, RS_LANG_SWITCH_TAG));
    buf_adds(out, "\">");
    buf_adds(out, render_str(o->lang, RS_LANG_SWITCH));
    buf_adds(out, "</a></p>\n</div>\n</header>\n");
}
