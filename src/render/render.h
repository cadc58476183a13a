/*
 * render.h - HTML for the reader site. Pure functions from model data to
 * bytes: no I/O, no store access. Every text that came from an issue is
 * escaped for its context (escape.c).
 *
 * URLs produced (permanent; they are citations):
 *   /{paper}/{YYYY-MM-DD}/{NN}/            page view, NN two digits
 *   /{paper}/{YYYY-MM-DD}/{NN}/{article}   article view
 *   /{paper}/{YYYY-MM-DD}/{NN}.pdf         page PDF
 *   /{paper}/{YYYY}/{MM}/                  month calendar (往期阅读)
 *   /media/{sha256}                        page images, pictures
 *   /static/...                            CSS, JS (embedded assets)
 *   /_textsize?d={up|down|reset}&back=URL  text size without JavaScript
 */
#ifndef FOLIO_RENDER_H
#define FOLIO_RENDER_H

#include "base/buf.h"
#include "base/compat.h"
#include "base/err.h"
#include "model/model.h"

#include <stdbool.h>
#include <stddef.h>

#define RENDER_TEXT_SIZE_MIN (-2)
#define RENDER_TEXT_SIZE_MAX 4

enum render_lang { RENDER_LANG_ZH = 0, RENDER_LANG_EN = 1 };

/* Per-request presentation choices. */
struct render_opts {
    enum render_lang lang;
    int text_size;       /* RENDER_TEXT_SIZE_MIN..MAX steps; 0 = default */
    bool lang_in_query;  /* true: append "?lang=en" style query to links */
};

/* Context that surrounds an issue (from the store). */
struct render_issue_ctx {
    const struct issue *issue; /* borrowed */
    char prev_issue[11];       /* previous published date or "" */
    char next_issue[11];       /* next published date or "" */
};

/*
 * Page view of page index pi of ctx->issue: masthead, 当前版, 上一版/下一版,
 * 标题导航, 往期阅读, 上一期/下一期, the page image with zones as focusable
 * SVG links (or a headline list without an image), PDF link.
 * out: appended to; check buf_status() after.
 */
void render_page_view(const struct render_opts *o,
                      const struct render_issue_ctx *ctx, size_t pi,
                      struct buf *out);

/*
 * Article view of article ai on page index pi: the navigation above plus
 * 上一篇/下一篇 (across page boundaries), 放大/缩小/默认, kicker, headline,
 * subhead, byline, paragraphs, pictures with captions, 转第N版/上接第N版.
 */
void render_article_view(const struct render_opts *o,
                         const struct render_issue_ctx *ctx, size_t pi,
                         size_t ai, struct buf *out);

/* One day's entry in a month calendar. */
struct render_cal_day {
    int day;        /* 1..31 */
    bool has_issue; /* a published issue exists that day */
};

/*
 * 往期阅读: month calendar of paper for year/month, Monday first; days with
 * an issue are links to /{paper}/{date}/. prev_month/next_month: "YYYY-MM"
 * of the nearest month with issues, or "" for none (no link shown).
 * days: issue_days[0..nissue_days) are the days of month with an issue.
 */
void render_calendar(const struct render_opts *o, const struct paper *paper,
                     int year, int month, const int *issue_days,
                     size_t nissue_days, const char *prev_month,
                     const char *next_month, struct buf *out);

/*
 * A 404 page. paper and ctx may be NULL; when given, the page keeps the
 * paper's masthead and navigation (往期阅读, latest issue).
 * what: short description of what was not found (not escaped by caller).
 */
void render_not_found(const struct render_opts *o, const struct paper *paper,
                      const char *latest_date, const char *what,
                      struct buf *out);

/*
 * Home page when there is no published issue at all, or the list of
 * papers when there are several. papers: n entries; latest_dates[i] is
 * the newest published date of papers[i] or "".
 */
void render_home(const struct render_opts *o, const struct paper *papers,
                 const char (*latest_dates)[11], size_t n, struct buf *out);

/* A generic error page for status (400, 500, ...) with a short message. */
void render_error(const struct render_opts *o, int status, struct buf *out);

/* Escape s for HTML text content (& < > " ') and append to out. */
void html_text(struct buf *out, const char *s);
/* Escape s for a double-quoted HTML attribute value and append. */
void html_attr(struct buf *out, const char *s);
/* Percent-encode s as one URL path segment or query value (RFC 3986). */
void url_component(struct buf *out, const char *s);
/* Append s as a JSON string literal with quotes (RFC 8259). */
void json_string(struct buf *out, const char *s);

#endif
