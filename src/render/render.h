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
 *   /media/{sha256}.{ext}                  page images, pictures; ext from
 *                                          render_media_ext(mime)
 *   /static/{name}?v={hash}                CSS, JS (embedded assets, see
 *                                          render_asset_find)
 *   /_textsize?d={up|down|reset}&back=URL  text size without JavaScript:
 *                                          the web layer sets the cookie
 *                                          RENDER_TEXT_SIZE_COOKIE (-2..4)
 *                                          and redirects to back
 * NN is the page number printed with "%02d" (three digits above 99).
 * Article ids are percent-encoded as one path segment.
 *
 * Every renderer appends a complete HTML5 document to out and never fails
 * loudly: check buf_status(out) once after the call (STYLE.md §5).
 */
#ifndef FOLIO_RENDER_H
#define FOLIO_RENDER_H

#include "base/buf.h"
#include "base/compat.h"
#include "base/err.h"
#include "model/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RENDER_TEXT_SIZE_MIN (-2)
#define RENDER_TEXT_SIZE_MAX 4
/* Cookie that holds the text size step; the JS enhancement writes it too. */
#define RENDER_TEXT_SIZE_COOKIE "folio_ts"

enum render_lang { RENDER_LANG_ZH = 0, RENDER_LANG_EN = 1 };

/* Per-request presentation choices. */
struct render_opts {
    enum render_lang lang;
    int text_size;      /* RENDER_TEXT_SIZE_MIN..MAX steps; 0 = default */
    bool lang_in_query; /* true: append "?lang=en" style query to links */
    const char *path;   /* request path (no query) of the page being
                           rendered, for back= links and the language
                           switch; NULL: the renderer derives it */
    bool spread;        /* page view: show the facing page beside this
                           one on wide screens (two-page spread); the web
                           layer takes it from ?spread=1 / the
                           RENDER_SPREAD_COOKIE cookie */
};

/* Cookie that remembers the two-page spread choice ("1" or "0"). */
#define RENDER_SPREAD_COOKIE "folio_spread"

struct render_highlight;

/* Context that surrounds an issue (from the store). */
struct render_issue_ctx {
    const struct issue *issue; /* borrowed */
    char prev_issue[11];       /* previous published date or "" */
    char next_issue[11];       /* next published date or "" */
    /* search terms to mark (?hl=), or NULL: see render_search_view */
    const struct render_highlight *hl;
};

/*
 * Page view of page index pi of ctx->issue: masthead, 当前版, 上一版/下一版,
 * 标题导航, 往期阅读, 上一期/下一期, the page image with zones as focusable
 * SVG links (or a headline list without an image), PDF link.
 * out: appended to; check buf_status() after.
 */
void render_page_view(const struct render_opts *o,
                      const struct render_issue_ctx *ctx,
                      size_t pi,
                      struct buf *out);

/*
 * Article view of article ai on page index pi: the navigation above plus
 * 上一篇/下一篇 (across page boundaries), 放大/缩小/默认, kicker, headline,
 * subhead, byline, paragraphs, pictures with captions, 转第N版/上接第N版.
 */
void render_article_view(const struct render_opts *o,
                         const struct render_issue_ctx *ctx,
                         size_t pi,
                         size_t ai,
                         struct buf *out);

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
void render_calendar(const struct render_opts *o,
                     const struct paper *paper,
                     int year,
                     int month,
                     const int *issue_days,
                     size_t nissue_days,
                     const char *prev_month,
                     const char *next_month,
                     struct buf *out);

/*
 * A 404 page. paper and ctx may be NULL; when given, the page keeps the
 * paper's masthead and navigation (往期阅读, latest issue).
 * what: short description of what was not found (not escaped by caller).
 */
void render_not_found(const struct render_opts *o,
                      const struct paper *paper,
                      const char *latest_date,
                      const char *what,
                      struct buf *out);

/*
 * Home page when there is no published issue at all, or the list of
 * papers when there are several. papers: n entries; latest_dates[i] is
 * the newest published date of papers[i] or "".
 */
void render_home(const struct render_opts *o,
                 const struct paper *papers,
                 const char (*latest_dates)[11],
                 size_t n,
                 struct buf *out);

/* A generic error page for status (400, 500, ...) with a short message. */
void render_error(const struct render_opts *o, int status, struct buf *out);

/*
 * Escape s (UTF-8, may be NULL = nothing) for HTML text content and append
 * to out: & < > " ' become character references; C0 controls other than
 * TAB/LF/CR, DEL and malformed UTF-8 become U+FFFD. Other UTF-8 passes
 * through unchanged. Standard: HTML Living Standard §13.1.
 */
void html_text(struct buf *out, const char *s);
/*
 * Escape s for a double-quoted (or single-quoted) HTML attribute value and
 * append; same rules as html_text.
 */
void html_attr(struct buf *out, const char *s);
/*
 * Percent-encode s (may be NULL) as one URL path segment or query value:
 * every byte outside RFC 3986 "unreserved" (A-Z a-z 0-9 - . _ ~) becomes
 * %XX with upper-case hex, so 太 is %E5%A4%AA. Standard: RFC 3986 §2.
 */
void url_component(struct buf *out, const char *s);
/*
 * Append s (may be NULL = "") as a JSON string literal with quotes. Escapes
 * " \\ and controls, and also < > & U+2028 U+2029 so the result is safe
 * inside an HTML <script>. Standard: RFC 8259 §7.
 */
void json_quote(struct buf *out, const char *s);

/*
 * File extension (without dot) for a media MIME type: "png", "jpg", "gif",
 * "webp", "svg", "pdf"; NULL for an unknown or NULL type (the URL is then
 * /media/{sha256} without extension). Returns a static string.
 */
const char *render_media_ext(const char *mime);

/*
 * Append the URL of a stored media file: "/media/{sha256}.{ext}" (no ext
 * when render_media_ext(mime) is NULL). sha256 is written escaped.
 */
void render_media_url(struct buf *out, const char *sha256, const char *mime);

/*
 * The page replica (render_pageimg.c; files made at import by imaging/,
 * served by web/web_pages.c). Zones, words and the page's width x height
 * share one coordinate space (PDF points for a PDF-only page, scan pixels
 * otherwise); an image w_px wide shows page unit x at x * w_px / width,
 * the same factor for y. The IIIF image's full size (info.json width,
 * height) maps the same way.
 *
 * render_page_source: SHA-256 hex of the file the page images derive
 * from: the scan (image_media) when present, else the PDF (pdf_media);
 * NULL when the page has neither (then no URL below exists).
 */
const char *render_page_source(const struct page *pg);

/*
 * Append "/img/{sha}/{size}" for size "thumb" (200 px wide), "screen"
 * (1400 px wide, less for narrower scans) or "full" (long side at most
 * 6000 px); the server picks WebP or JPEG by Accept (append ".webp" or
 * ".jpg" for one encoding). Returns false (nothing appended) without a
 * source or for another size.
 */
bool render_page_image_url(struct buf *out,
                           const struct page *pg,
                           const char *size);

/*
 * Append "/iiif/{sha}/info.json": IIIF Image API 3.0 level 0, 512 px
 * tiles, scale factors 1, 2, 4, ...; its "id" is "/iiif/{sha}" (root-
 * relative). Returns false (nothing appended) without a source.
 */
bool render_page_iiif_url(struct buf *out, const struct page *pg);

/*
 * Append "/{paper}/{date}.pdf": the issue's page PDFs joined in page
 * order (404 when no page has a PDF).
 */
void render_issue_pdf_url(struct buf *out, const struct issue *iss);

/*
 * Look up an embedded reader asset (CSS, JS) by request path, e.g.
 * "/static/folio.css"; a query string ("?v=...") is ignored.
 * On true: *data and *len are the bytes (static, never freed; a NUL
 * follows data[len-1]), *mime the
 * Content-Type with charset. On false (unknown path) the outputs are
 * untouched. The ?v= hash in rendered links changes whenever the content
 * does, so the web layer may serve these with a one-year immutable cache.
 */
bool render_asset_find(const char *path,
                       const unsigned char **data,
                       size_t *len,
                       const char **mime);

/*
 * The versioned URL of an embedded asset name ("folio.css") as used in
 * rendered pages: "/static/folio.css?v=1a2b3c4d". Returns false for an
 * unknown name. Appends to out.
 */
bool render_asset_url(struct buf *out, const char *name);

/* ---- search (render_search.c) ---- */

/* A marked range of a text: bytes [start, start + len). */
struct render_mark {
    size_t start;
    size_t len;
};

/*
 * Finds where the search terms occur in text[0..len) (the web layer wraps
 * search_marks(), which folds like the index: 國際 marks 国际). Returns the
 * number of marks and sets *out to a malloc'd array of them, sorted and
 * not overlapping (caller frees; NULL when 0).
 */
typedef size_t render_mark_fn(void *ctx,
                              const char *text,
                              size_t len,
                              struct render_mark **out);

/* Terms to mark in an article and on its page image (?hl=). */
struct render_highlight {
    render_mark_fn *find;
    void *ctx;
    const char *terms; /* the ?hl= value, passed on in links; not NULL */
};

/*
 * Append text escaped as by html_text(), with every range found by
 * hl->find wrapped in <mark>. hl NULL: exactly html_text().
 */
void render_marked_text(struct buf *out,
                        const char *text,
                        const struct render_highlight *hl);

/*
 * Append text[0..strlen) escaped as by html_text(), with the ranges
 * marks[0..nmarks) as <mark>...</mark>. Marks out of range, overlapping
 * or not on character boundaries are skipped, never trusted.
 */
void render_snippet(struct buf *out,
                    const char *text,
                    const struct render_mark *marks,
                    size_t nmarks);

/* What the reader asked: the parameters of /search (NULL = not given). */
struct render_search_query {
    const char *q;         /* query as typed (also passed as ?hl=) */
    const char *paper;     /* paper id filter */
    const char *from, *to; /* YYYY-MM-DD, inclusive */
    const char *pagename;  /* page number ("3") or 版名 ("要闻") */
    const char *byline;    /* byline contains */
    const char *md;        /* "MM-DD": that day in every year */
    bool sort_date;        /* newest first instead of relevance */
    int page;              /* 1-based results page */
};

/* One hit; every pointer borrowed. */
struct render_search_hit {
    const char *paper;      /* paper id */
    const char *paper_name; /* may be NULL */
    const char *date;       /* YYYY-MM-DD */
    int page;               /* page number */
    const char *page_name;  /* 版名, may be NULL */
    const char *article;    /* article id; NULL: a page's text */
    const char *headline;
    const char *snippet;             /* plain text, may be NULL */
    const struct render_mark *marks; /* terms in snippet */
    size_t nmarks;
};

/* One facet value: a year ("2026") or a paper id, with its hit count. */
struct render_search_facet {
    const char *value; /* what the filter link sets */
    const char *label; /* shown; NULL = value */
    uint64_t count;
};

/* What the search core answered. */
struct render_search_result {
    const struct render_search_hit *hits;
    size_t nhits;
    uint64_t total;    /* matching articles */
    bool total_approx; /* total is an estimate: "about N" */
    size_t per_page;   /* hits per results page (> 0) */
    const struct render_search_facet *years;
    size_t nyears;
    const struct render_search_facet *papers;
    size_t npapers;
    uint64_t facets_over; /* > 0: facets count the newest N matches only */
    const struct paper *all_papers; /* choices of the paper filter */
    size_t nall_papers;
    const char *message; /* query refused: why (plain text), else NULL */
    bool stopped;        /* the time budget ran out: results may be partial */
    int stopped_ms;      /* when it stopped, milliseconds */
};

/*
 * The results page /search?q=...: the search form with its filters, the
 * result count, hits (headline linked to the article with ?hl=, date,
 * paper, page, snippet with <mark>), facets by year and by paper (links
 * that add the filter), pagination, and <link rel="alternate"> to the
 * Atom feed. r NULL or an empty q: the form and a prompt; r->message set
 * (refused query): the message and the form, no results.
 */
void render_search_view(const struct render_opts *o,
                        const struct render_search_query *q,
                        const struct render_search_result *r,
                        struct buf *out);

/*
 * Atom feed of a saved search, newest first as given in r->hits: feed
 * id/title/updated/author/link rel=self and alternate; entries with id
 * (the article's permanent URL), title, updated (the issue date),
 * link, summary (the snippet as plain text). base: absolute origin without
 * trailing slash ("http://example.org"), escaped here. now_utc: the
 * feed's <updated> (newest entry date when later). Standard: RFC 4287
 * (Atom 1.0), XML 1.0.
 */
void render_search_atom(const struct render_opts *o,
                        const struct render_search_query *q,
                        const struct render_search_result *r,
                        const char *base,
                        int64_t now_utc,
                        struct buf *out);

/*
 * Append the query string (without '?') that reproduces q, with
 * page_no as the results page (omitted when 1); separator is "&amp;" when
 * html, "&" otherwise. Values are percent-encoded.
 */
void render_search_query_string(struct buf *out,
                                const struct render_search_query *q,
                                int page_no,
                                bool html);

/*
 * Page text view of page index pi of ctx->issue (render_text.c): the
 * page's words (words[0..nwords), borrowed, as stored) as text, one
 * <p id="b<block>"> per text block, lines broken as printed (like Open
 * ONI's OCR view). out: appended to; check buf_status() after.
 */
void render_page_text_view(const struct render_opts *o,
                           const struct render_issue_ctx *ctx,
                           size_t pi,
                           const struct page_word *words,
                           size_t nwords,
                           struct buf *out);

#endif
