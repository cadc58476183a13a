/* SPDX-License-Identifier: MIT */
/*
 * render_calendar.c - 往期阅读: one month as a Monday-first table whose
 * days with a published issue link to that issue, with links to the
 * nearest earlier and later months that have issues.
 */
#include "base/compat.h"

#include "base/date.h"
#include "render/render_int.h"

static void month_link(struct buf *out,
                       const struct render_opts *o,
                       const struct paper *paper,
                       const char *ym,
                       bool next);
static bool day_has_issue(const int *days, size_t n, int day);

static bool day_has_issue(const int *days, size_t n, int day)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (days[i] == day)
            return true;
    return false;
}

/* ym is "YYYY-MM" from the store; anything else shows no link. */
static void month_link(struct buf *out,
                       const struct render_opts *o,
                       const struct paper *paper,
                       const char *ym,
                       bool next)
{
    struct date d;
    char tmp[11];
    const char *label =
        render_str(o->lang, next ? RS_NEXT_MONTH : RS_PREV_MONTH);

    buf_addf(out, "<li class=\"%s\">", next ? "next-month" : "prev-month");
    if (ym != NULL && strlen(ym) == 7) {
        memcpy(tmp, ym, 7);
        memcpy(tmp + 7, "-01", 4);
        if (date_parse(tmp, 10, &d)) {
            buf_adds(out, "<a href=\"");
            render_url_month(out, paper->id, d.year, d.month);
            render_lang_query(out, o);
            buf_addf(out, "\" rel=\"%s\">", next ? "next" : "prev");
            if (!next)
                buf_adds(out, "‹ ");
            buf_adds(out, label);
            buf_adds(out, " (");
            render_month_label(out, o->lang, d.year, d.month);
            buf_adds(out, ")");
            if (next)
                buf_adds(out, " ›");
            buf_adds(out, "</a></li>\n");
            return;
        }
    }
    buf_adds(out, "<span class=\"off\">");
    buf_adds(out, label);
    buf_adds(out, "</span></li>\n");
}

void render_calendar(const struct render_opts *o,
                     const struct paper *paper,
                     int year,
                     int month,
                     const int *issue_days,
                     size_t nissue_days,
                     const char *prev_month,
                     const char *next_month,
                     struct buf *out)
{
    struct buf title = BUF_INIT(4096);
    struct buf self = BUF_INIT(4096);
    struct render_doc d;
    struct date first;
    int ndays, lead, day, col, wd;
    char ds[48];

    if (!date_valid(year, month, 1))
        BUG("calendar month %d-%d out of range", year, month);
    first.year = year;
    first.month = month;
    first.day = 1;
    ndays = date_days_in_month(year, month);
    lead = date_weekday(&first);

    buf_adds(&title, render_str(o->lang, RS_PAST_ISSUES));
    buf_addc(&title, ' ');
    render_month_label(&title, o->lang, year, month);
    buf_adds(&title, " – ");
    buf_adds(&title, paper->name != NULL ? paper->name : paper->id);
    render_url_month(&self, paper->id, year, month);

    memset(&d, 0, sizeof(d));
    d.o = o;
    d.title = title.data;
    d.self = self.data;
    d.content_lang = paper->language;
    d.body_class = "view-calendar";
    render_doc_open(out, &d);
    render_masthead(out, &d, paper, NULL, 0);
    buf_adds(out, "<nav class=\"issue-nav\" aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_CALENDAR_NAV));
    buf_adds(out, "\">\n<ul class=\"bar\">\n");
    month_link(out, o, paper, prev_month, false);
    month_link(out, o, paper, next_month, true);
    buf_adds(out, "</ul>\n</nav>\n<main id=\"main\" tabindex=\"-1\" "
                  "class=\"calendar-main\">\n<h1>");
    buf_adds(out, render_str(o->lang, RS_PAST_ISSUES));
    buf_adds(out, "</h1>\n<table class=\"calendar\">\n<caption>");
    render_month_label(out, o->lang, year, month);
    buf_adds(out, "</caption>\n<thead>\n<tr>");
    for (wd = 0; wd < 7; wd++) {
        buf_adds(out, "<th scope=\"col\"><abbr title=\"");
        buf_adds(out, render_weekday(o->lang, wd));
        buf_adds(out, "\">");
        buf_adds(out, render_weekday_short(o->lang, wd));
        buf_adds(out, "</abbr></th>");
    }
    buf_adds(out, "</tr>\n</thead>\n<tbody>\n<tr>");
    for (col = 0; col < lead; col++)
        buf_adds(out, "<td class=\"blank\"></td>");
    for (day = 1; day <= ndays; day++, col++) {
        if (col == 7) {
            buf_adds(out, "</tr>\n<tr>");
            col = 0;
        }
        if (day_has_issue(issue_days, nissue_days, day)) {
            buf_adds(out, "<td class=\"has-issue\"><a href=\"/");
            url_component(out, paper->id);
            buf_addf(out, "/%04d-%02d-%02d/", year, month, day);
            render_lang_query(out, o);
            (void)snprintf(ds, sizeof(ds), "%04d-%02d-%02d", year, month, day);
            buf_adds(out, "\" aria-label=\"");
            render_long_date(out, o->lang, ds);
            buf_addf(out, "\">%d</a></td>", day);
        } else {
            buf_addf(out, "<td>%d</td>", day);
        }
    }
    for (; col < 7; col++)
        buf_adds(out, "<td class=\"blank\"></td>");
    buf_adds(out, "</tr>\n</tbody>\n</table>\n</main>\n");
    render_doc_close(out, &d);
    buf_release(&title);
    buf_release(&self);
}
