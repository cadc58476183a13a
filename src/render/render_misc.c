/* SPDX-License-Identifier: MIT */
/*
 * render_misc.c - the pages around the reader: 404 (keeping the paper's
 * masthead and navigation when the paper is known), the home page with
 * the list of papers, and the generic 400/500 error page.
 */
#include "base/compat.h"

#include "base/date.h"
#include "render/render_int.h"

static void latest_link(struct buf *out,
                        const struct render_opts *o,
                        const struct paper *paper,
                        const char *date);

static void latest_link(struct buf *out,
                        const struct render_opts *o,
                        const struct paper *paper,
                        const char *date)
{
    buf_adds(out, "<a href=\"/");
    url_component(out, paper->id);
    buf_addc(out, '/');
    url_component(out, date);
    buf_addc(out, '/');
    render_lang_query(out, o);
    buf_adds(out, "\">");
    buf_adds(out, render_str(o->lang, RS_LATEST_ISSUE));
    buf_adds(out, o->lang == RENDER_LANG_EN ? ": " : "：");
    render_long_date(out, o->lang, date);
    buf_adds(out, "</a>");
}

void render_not_found(const struct render_opts *o,
                      const struct paper *paper,
                      const char *latest_date,
                      const char *what,
                      struct buf *out)
{
    struct buf title = BUF_INIT(4096);
    struct render_doc d;
    struct date day;
    bool has_latest = latest_date != NULL &&
                      date_parse(latest_date, strlen(latest_date), &day);

    buf_adds(&title, render_str(o->lang, RS_NOT_FOUND_TITLE));
    if (paper != NULL) {
        buf_adds(&title, " – ");
        buf_adds(&title, paper->name != NULL ? paper->name : paper->id);
    }
    memset(&d, 0, sizeof(d));
    d.o = o;
    d.title = title.data;
    d.self = o->path;
    d.content_lang = paper != NULL ? paper->language : NULL;
    d.body_class = "view-error";
    render_doc_open(out, &d);
    render_masthead(out, &d, paper, NULL, 0);
    if (paper != NULL && has_latest) {
        buf_adds(out, "<nav class=\"issue-nav\" aria-label=\"");
        buf_adds(out, render_str(o->lang, RS_PAGE_NAV));
        buf_adds(out, "\">\n<ul class=\"bar\">\n<li>");
        latest_link(out, o, paper, latest_date);
        buf_adds(out, "</li>\n<li class=\"past\"><a href=\"");
        render_url_month(out, paper->id, day.year, day.month);
        render_lang_query(out, o);
        buf_adds(out, "\">");
        buf_adds(out, render_str(o->lang, RS_PAST_ISSUES));
        buf_adds(out, "</a></li>\n</ul>\n</nav>\n");
    }
    buf_adds(out, "<main id=\"main\" tabindex=\"-1\" class=\"notice\">\n<h1>");
    buf_adds(out, render_str(o->lang, RS_NOT_FOUND_TITLE));
    buf_adds(out, "</h1>\n");
    if (what != NULL && what[0] != '\0') {
        buf_adds(out, "<p>");
        buf_adds(out, render_str(o->lang, RS_NOT_FOUND_TEXT));
        buf_adds(out, "<code>");
        html_text(out, what);
        buf_adds(out, "</code></p>\n");
    }
    buf_adds(out, "<p><a href=\"/");
    render_lang_query(out, o);
    buf_adds(out, "\">");
    buf_adds(out, render_str(o->lang, RS_HOME));
    buf_adds(out, "</a></p>\n</main>\n");
    render_doc_close(out, &d);
    buf_release(&title);
}

void render_home(const struct render_opts *o,
                 const struct paper *papers,
                 const char (*latest_dates)[11],
                 size_t n,
                 struct buf *out)
{
    struct render_doc d;
    size_t i;
    bool any = false;

    memset(&d, 0, sizeof(d));
    d.o = o;
    d.title = render_str(o->lang, RS_HOME_TITLE);
    d.self = "/";
    d.body_class = "view-home";
    render_doc_open(out, &d);
    render_masthead(out, &d, NULL, NULL, 0);
    buf_adds(out, "<main id=\"main\" tabindex=\"-1\" class=\"notice\">\n<h1>");
    buf_adds(out, render_str(o->lang, RS_HOME_TITLE));
    buf_adds(out, "</h1>\n");
    for (i = 0; i < n; i++)
        if (latest_dates != NULL && latest_dates[i][0] != '\0')
            any = true;
    if (!any) {
        buf_adds(out, "<p class=\"empty\">");
        buf_adds(out, render_str(o->lang, RS_NO_ISSUES));
        buf_adds(out, "</p>\n");
    } else {
        buf_adds(out, "<ul class=\"papers\">\n");
        for (i = 0; i < n; i++) {
            if (latest_dates[i][0] == '\0')
                continue;
            buf_adds(out, "<li><h2><a href=\"/");
            url_component(out, papers[i].id);
            buf_addc(out, '/');
            render_lang_query(out, o);
            buf_addc(out, '"');
            render_lang_attr(out, o, papers[i].language);
            buf_addc(out, '>');
            html_text(out,
                      papers[i].name != NULL ? papers[i].name : papers[i].id);
            buf_adds(out, "</a></h2><p>");
            latest_link(out, o, &papers[i], latest_dates[i]);
            buf_adds(out, "</p></li>\n");
        }
        buf_adds(out, "</ul>\n");
    }
    buf_adds(out, "</main>\n");
    render_doc_close(out, &d);
}

void render_error(const struct render_opts *o, int status, struct buf *out)
{
    struct buf title = BUF_INIT(256);
    struct render_doc d;

    buf_addf(&title, "%d – %s", status, render_str(o->lang, RS_ERROR_TITLE));
    memset(&d, 0, sizeof(d));
    d.o = o;
    d.title = title.data;
    d.self = o->path;
    d.body_class = "view-error";
    render_doc_open(out, &d);
    render_masthead(out, &d, NULL, NULL, 0);
    buf_adds(out, "<main id=\"main\" tabindex=\"-1\" class=\"notice\">\n");
    buf_addf(out, "<h1>%d %s</h1>\n<p>", status,
             render_str(o->lang, RS_ERROR_TITLE));
    buf_adds(out,
             render_str(o->lang, status >= 400 && status < 500 ? RS_ERROR_400
                                                               : RS_ERROR_500));
    buf_adds(out, "</p>\n<p><a href=\"/");
    render_lang_query(out, o);
    buf_adds(out, "\">");
    buf_adds(out, render_str(o->lang, RS_HOME));
    buf_adds(out, "</a></p>\n</main>\n");
    render_doc_close(out, &d);
    buf_release(&title);
}
