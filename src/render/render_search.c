/* SPDX-License-Identifier: MIT */
/*
 * render_search.c - what readers see of search: the results page with
 * its form, filters, facets and pagination; the Atom feed of a saved
 * search; search terms marked in snippets, in article text and, as SVG
 * rectangles over the words, on the page image.
 *
 * Finding terms is not done here: snippets arrive with their marks, and
 * article text and page words are passed to hl->find (the web layer's
 * wrapper of search_marks), so every surface folds like the index does.
 */
#include "base/compat.h"

#include "base/date.h"
#include "base/utf8.h"
#include "render/render_int.h"

#include <stdlib.h>

#define MAX_PAGE_LINKS   9      /* numbered links in the pager */
#define MAX_RESULT_PAGES 1000   /* beyond this the pager stops */
#define MAX_HIT_RECTS    4000   /* rectangles drawn on one page image */
#define MAX_JOINED_WORDS 200000 /* words joined for one page */

static void query_param(struct buf *out,
                        bool *first,
                        bool html,
                        const char *name,
                        const char *value);
static void
search_url(struct buf *out, const struct render_search_query *q, int page_no);
static void article_link(struct buf *out,
                         const struct render_opts *o,
                         const struct render_search_hit *h,
                         const char *terms);
static void search_form(struct buf *out,
                        const struct render_opts *o,
                        const struct render_search_query *q,
                        const struct render_search_result *r);
static void text_field(struct buf *out,
                       const char *id,
                       const char *name,
                       enum render_lang lang,
                       enum render_str label,
                       const char *type,
                       const char *value,
                       const char *extra);
static void result_count(struct buf *out,
                         const struct render_opts *o,
                         const struct render_search_query *q,
                         const struct render_search_result *r);
static void hit_item(struct buf *out,
                     const struct render_opts *o,
                     const struct render_search_query *q,
                     const struct render_search_hit *h);
static void facets(struct buf *out,
                   const struct render_opts *o,
                   const struct render_search_query *q,
                   const struct render_search_result *r);
static void pager(struct buf *out,
                  const struct render_opts *o,
                  const struct render_search_query *q,
                  const struct render_search_result *r);
static void xml_text(struct buf *out, const char *s);
static void atom_date(struct buf *out, const char *date);
static bool is_cjk(unsigned cp);
static bool given(const char *s);
static bool query_given(const struct render_search_query *q);
static unsigned last_cp(const char *s, size_t len);

/* "&amp;name=value" (or "?name=..." first), value percent-encoded. */
static void query_param(struct buf *out,
                        bool *first,
                        bool html,
                        const char *name,
                        const char *value)
{
    if (value == NULL || value[0] == '\0')
        return;
    if (!*first)
        buf_adds(out, html ? "&amp;" : "&");
    *first = false;
    buf_adds(out, name);
    buf_addc(out, '=');
    url_component(out, value);
}

void render_search_query_string(struct buf *out,
                                const struct render_search_query *q,
                                int page_no,
                                bool html)
{
    bool first = true;
    char num[16];

    query_param(out, &first, html, "q", q->q);
    query_param(out, &first, html, "paper", q->paper);
    query_param(out, &first, html, "from", q->from);
    query_param(out, &first, html, "to", q->to);
    query_param(out, &first, html, "pagename", q->pagename);
    query_param(out, &first, html, "byline", q->byline);
    query_param(out, &first, html, "md", q->md);
    if (q->sort_date)
        query_param(out, &first, html, "sort", "date");
    if (page_no > 1) {
        (void)snprintf(num, sizeof(num), "%d", page_no);
        query_param(out, &first, html, "page", num);
    }
}

/* "/search?..." for q at results page page_no, escaped for an attribute. */
static void
search_url(struct buf *out, const struct render_search_query *q, int page_no)
{
    buf_adds(out, "/search?");
    render_search_query_string(out, q, page_no, true);
}

/* The article's permanent URL with the query passed on as ?hl=. */
static void article_link(struct buf *out,
                         const struct render_opts *o,
                         const struct render_search_hit *h,
                         const char *terms)
{
    bool first = true;

    if (h->article != NULL) {
        render_url_article(out, h->paper, h->date, h->page, h->article);
    } else {
        /* the text of a page without articles: its text view */
        render_url_page(out, h->paper, h->date, h->page);
        buf_adds(out, "text");
    }
    if (o->lang_in_query || (terms != NULL && terms[0] != '\0'))
        buf_addc(out, '?');
    if (o->lang_in_query)
        query_param(out, &first, true, "lang",
                    o->lang == RENDER_LANG_EN ? "en" : "zh");
    query_param(out, &first, true, "hl", terms);
}

void render_snippet(struct buf *out,
                    const char *text,
                    const struct render_mark *marks,
                    size_t nmarks)
{
    size_t len, at = 0, i;

    if (text == NULL)
        return;
    len = strlen(text);
    for (i = 0; i < nmarks; i++) {
        size_t s = marks[i].start, e;
        unsigned cp;

        if (s < at || s > len || marks[i].len == 0 || marks[i].len > len - s)
            continue;
        e = s + marks[i].len;
        /* both ends on character boundaries (not continuation bytes) */
        if ((s < len && ((unsigned char)text[s] & 0xC0) == 0x80) ||
            (e < len && ((unsigned char)text[e] & 0xC0) == 0x80))
            continue;
        if (utf8_decode(text + s, len - s, &cp) == 0)
            continue;
        html_text_n(out, text + at, s - at);
        buf_adds(out, "<mark>");
        html_text_n(out, text + s, e - s);
        buf_adds(out, "</mark>");
        at = e;
    }
    html_text_n(out, text + at, len - at);
}

void render_marked_text(struct buf *out,
                        const char *text,
                        const struct render_highlight *hl)
{
    struct render_mark *marks = NULL;
    size_t n;

    if (text == NULL)
        return;
    if (hl == NULL || hl->find == NULL) {
        html_text(out, text);
        return;
    }
    n = hl->find(hl->ctx, text, strlen(text), &marks);
    render_snippet(out, text, marks, n);
    free(marks);
}

static bool is_cjk(unsigned cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The last code point of s[0..len), or 0. */
static unsigned last_cp(const char *s, size_t len)
{
    size_t i = len;
    unsigned cp = 0;

    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && len - i < 3)
        i--;
    if (i > 0)
        i--;
    if (i < len && utf8_decode(s + i, len - i, &cp) == 0)
        cp = 0;
    return cp;
}

/*
 * The words of a page are joined in their order into one text (no space
 * between two CJK characters, since a word of Chinese may be split over
 * two ALTO strings or two lines; a space otherwise), marked by hl->find,
 * and every word that a mark touches gets a rectangle.
 */
void render_page_hits(struct buf *out,
                      const struct render_opts *o,
                      const struct page *pg,
                      const struct render_highlight *hl)
{
    struct buf joined = BUF_INIT(64u << 20);
    size_t *starts = NULL;
    struct render_mark *marks = NULL;
    size_t nwords, nmarks = 0, i, m = 0, nrects = 0;

    if (hl == NULL || hl->find == NULL || pg->nwords == 0 || pg->width <= 0 ||
        pg->height <= 0)
        return;
    nwords = pg->nwords < MAX_JOINED_WORDS ? pg->nwords : MAX_JOINED_WORDS;
    starts = calloc(nwords + 1, sizeof(*starts));
    if (starts == NULL)
        goto out;
    for (i = 0; i < nwords; i++) {
        const char *t = pg->words[i].text;
        unsigned first = 0;

        if (t == NULL)
            t = "";
        if (i > 0 && t[0] != '\0' && utf8_decode(t, strlen(t), &first) > 0 &&
            !(is_cjk(first) && is_cjk(last_cp(joined.data, joined.len))))
            buf_addc(&joined, ' ');
        starts[i] = joined.len;
        buf_adds(&joined, t);
    }
    starts[nwords] = joined.len;
    if (buf_status(&joined) != FOLIO_OK)
        goto out;
    nmarks = hl->find(hl->ctx, joined.data, joined.len, &marks);
    if (nmarks == 0)
        goto out;
    buf_addf(out,
             "<svg class=\"hits\" viewBox=\"0 0 %d %d\" "
             "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"%s\">\n",
             pg->width, pg->height,
             render_str(o->lang, RS_SEARCH_HITS_ON_PAGE));
    for (i = 0; i < nwords && m < nmarks && nrects < MAX_HIT_RECTS; i++) {
        const struct page_word *w = &pg->words[i];
        size_t ws = starts[i], we = starts[i] + strlen(w->text ? w->text : "");

        while (m < nmarks && marks[m].start + marks[m].len <= ws)
            m++;
        if (m == nmarks)
            break;
        if (marks[m].start < we && ws < we && w->w > 0 && w->h > 0) {
            buf_addf(out,
                     "<rect class=\"hit\" x=\"%ld\" y=\"%ld\" width=\"%ld\" "
                     "height=\"%ld\"/>",
                     (long)w->x, (long)w->y, (long)w->w, (long)w->h);
            nrects++;
        }
    }
    buf_adds(out, "\n</svg>\n");
out:
    free(marks);
    free(starts);
    buf_release(&joined);
}

static void text_field(struct buf *out,
                       const char *id,
                       const char *name,
                       enum render_lang lang,
                       enum render_str label,
                       const char *type,
                       const char *value,
                       const char *extra)
{
    buf_addf(out, "<p class=\"sf-field\"><label for=\"%s\">", id);
    buf_adds(out, render_str(lang, label));
    buf_addf(out, "</label><input id=\"%s\" name=\"%s\" type=\"%s\" value=\"",
             id, name, type);
    html_attr(out, value);
    buf_addc(out, '"');
    if (extra != NULL)
        buf_adds(out, extra);
    buf_adds(out, "></p>\n");
}

static bool given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* true when the reader asked something: a query or any filter. */
static bool query_given(const struct render_search_query *q)
{
    return given(q->q) || given(q->paper) || given(q->from) || given(q->to) ||
           given(q->pagename) || given(q->byline) || given(q->md);
}

static void search_form(struct buf *out,
                        const struct render_opts *o,
                        const struct render_search_query *q,
                        const struct render_search_result *r)
{
    enum render_lang lang = o->lang;
    bool filtered = given(q->paper) || given(q->from) || given(q->to) ||
                    given(q->pagename) || given(q->byline) || given(q->md) ||
                    q->sort_date;
    size_t i;

    buf_adds(out, "<form class=\"search-form\" role=\"search\" "
                  "action=\"/search\" method=\"get\">\n"
                  "<p class=\"sf-main\"><label for=\"q\">");
    buf_adds(out, render_str(lang, RS_SEARCH_LABEL));
    buf_adds(out, "</label><input id=\"q\" name=\"q\" type=\"search\" "
                  "maxlength=\"4096\" value=\"");
    html_attr(out, q->q);
    buf_adds(out, "\"><button type=\"submit\">");
    buf_adds(out, render_str(lang, RS_SEARCH));
    buf_adds(out, "</button></p>\n");
    if (o->lang_in_query) {
        buf_adds(out, "<input type=\"hidden\" name=\"lang\" value=\"");
        buf_adds(out, lang == RENDER_LANG_EN ? "en" : "zh");
        buf_adds(out, "\">\n");
    }
    buf_adds(out, filtered ? "<details class=\"sf-filters\" open>"
                           : "<details class=\"sf-filters\">");
    buf_adds(out, "<summary>");
    buf_adds(out, render_str(lang, RS_SEARCH_FILTERS));
    buf_adds(out, "</summary>\n<div class=\"sf-grid\">\n"
                  "<p class=\"sf-field\"><label for=\"sf-paper\">");
    buf_adds(out, render_str(lang, RS_SEARCH_PAPER));
    buf_adds(out, "</label><select id=\"sf-paper\" name=\"paper\">"
                  "<option value=\"\">");
    buf_adds(out, render_str(lang, RS_SEARCH_ALL_PAPERS));
    buf_adds(out, "</option>");
    for (i = 0; r != NULL && i < r->nall_papers; i++) {
        const struct paper *p = &r->all_papers[i];

        buf_adds(out, "<option value=\"");
        html_attr(out, p->id);
        buf_addc(out, '"');
        if (q->paper != NULL && strcmp(q->paper, p->id) == 0)
            buf_adds(out, " selected");
        buf_addc(out, '>');
        html_text(out, p->name != NULL ? p->name : p->id);
        buf_adds(out, "</option>");
    }
    buf_adds(out, "</select></p>\n");
    text_field(out, "sf-from", "from", lang, RS_SEARCH_FROM, "date", q->from,
               NULL);
    text_field(out, "sf-to", "to", lang, RS_SEARCH_TO, "date", q->to, NULL);
    text_field(out, "sf-pagename", "pagename", lang, RS_SEARCH_PAGENAME, "text",
               q->pagename, " maxlength=\"64\"");
    text_field(out, "sf-byline", "byline", lang, RS_SEARCH_BYLINE, "text",
               q->byline, " maxlength=\"128\"");
    text_field(out, "sf-md", "md", lang, RS_SEARCH_MD, "text", q->md,
               " maxlength=\"5\" pattern=\"[01][0-9]-[0-3][0-9]\" "
               "placeholder=\"02-07\"");
    buf_adds(out, "<p class=\"sf-field\"><label for=\"sf-sort\">");
    buf_adds(out, render_str(lang, RS_SEARCH_SORT));
    buf_adds(out, "</label><select id=\"sf-sort\" name=\"sort\">"
                  "<option value=\"relevance\"");
    if (!q->sort_date)
        buf_adds(out, " selected");
    buf_addc(out, '>');
    buf_adds(out, render_str(lang, RS_SEARCH_SORT_RELEVANCE));
    buf_adds(out, "</option><option value=\"date\"");
    if (q->sort_date)
        buf_adds(out, " selected");
    buf_addc(out, '>');
    buf_adds(out, render_str(lang, RS_SEARCH_SORT_DATE));
    buf_adds(out, "</option></select></p>\n</div>\n</details>\n</form>\n");
}

static void result_count(struct buf *out,
                         const struct render_opts *o,
                         const struct render_search_query *q,
                         const struct render_search_result *r)
{
    unsigned long long total = (unsigned long long)r->total;
    size_t first = (size_t)(q->page - 1) * r->per_page + 1;

    buf_adds(out, "<p class=\"result-count\" role=\"status\">");
    if (o->lang == RENDER_LANG_EN) {
        buf_addf(out, "%s%llu result%s", r->total_approx ? "About " : "", total,
                 total == 1 ? "" : "s");
        if (r->nhits > 0)
            buf_addf(out, ", showing %zu–%zu", first, first + r->nhits - 1);
    } else {
        buf_addf(out, "找到%s%llu条结果", r->total_approx ? "约" : "", total);
        if (r->nhits > 0)
            buf_addf(out, "，显示第%zu–%zu条", first, first + r->nhits - 1);
    }
    buf_adds(out, "</p>\n");
}

static void hit_item(struct buf *out,
                     const struct render_opts *o,
                     const struct render_search_query *q,
                     const struct render_search_hit *h)
{
    buf_adds(out, "<li class=\"hit\"><h2><a href=\"");
    article_link(out, o, h, q->q);
    buf_adds(out, "\">");
    if (h->article != NULL) {
        html_text(out, h->headline);
    } else {
        render_page_label(out, o->lang, h->page);
        buf_adds(out, o->lang == RENDER_LANG_EN ? " – text" : " 文字版");
    }
    buf_adds(out, "</a></h2>\n<p class=\"hit-meta\"><time datetime=\"");
    html_attr(out, h->date);
    buf_adds(out, "\">");
    render_long_date(out, o->lang, h->date);
    buf_adds(out, "</time> · <span class=\"hit-paper\">");
    html_text(out, h->paper_name != NULL ? h->paper_name : h->paper);
    buf_adds(out, "</span> · <a class=\"hit-page\" href=\"");
    render_url_page(out, h->paper, h->date, h->page);
    if (q->q != NULL && q->q[0] != '\0') {
        buf_adds(out, "?hl=");
        url_component(out, q->q);
        if (o->lang_in_query)
            buf_adds(out, o->lang == RENDER_LANG_EN ? "&amp;lang=en"
                                                    : "&amp;lang=zh");
    } else {
        render_lang_query(out, o);
    }
    buf_adds(out, "\">");
    render_page_label(out, o->lang, h->page);
    if (h->page_name != NULL && h->page_name[0] != '\0') {
        buf_adds(out, o->lang == RENDER_LANG_EN ? ": " : "：");
        html_text(out, h->page_name);
    }
    buf_adds(out, "</a></p>\n");
    if (h->snippet != NULL && h->snippet[0] != '\0') {
        buf_adds(out, "<p class=\"snippet\">");
        render_snippet(out, h->snippet, h->marks, h->nmarks);
        buf_adds(out, "</p>\n");
    }
    buf_adds(out, "</li>\n");
}

static void facets(struct buf *out,
                   const struct render_opts *o,
                   const struct render_search_query *q,
                   const struct render_search_result *r)
{
    size_t i;

    if (r->nyears == 0 && r->npapers == 0)
        return;
    buf_adds(out, "<aside class=\"facets\" aria-labelledby=\"facets-h\">\n"
                  "<h2 id=\"facets-h\">");
    buf_adds(out, render_str(o->lang, RS_SEARCH_FILTERS));
    buf_adds(out, "</h2>\n");
    if (r->facets_over > 0)
        buf_addf(out,
                 o->lang == RENDER_LANG_EN
                     ? "<p class=\"facets-over\">Counted over the newest "
                       "%llu results</p>\n"
                     : "<p class=\"facets-over\">按最新%llu条结果统计</p>\n",
                 (unsigned long long)r->facets_over);
    if (r->nyears > 0) {
        buf_adds(out, "<h3>");
        buf_adds(out, render_str(o->lang, RS_SEARCH_BY_YEAR));
        buf_adds(out, "</h3>\n<ul class=\"facet-years\">\n");
        for (i = 0; i < r->nyears; i++) {
            const struct render_search_facet *f = &r->years[i];
            struct render_search_query fq = *q;
            char from[16], to[16];
            bool cur;

            if (f->value == NULL || strlen(f->value) != 4)
                continue;
            (void)snprintf(from, sizeof(from), "%s-01-01", f->value);
            (void)snprintf(to, sizeof(to), "%s-12-31", f->value);
            cur = q->from != NULL && q->to != NULL &&
                  strcmp(q->from, from) == 0 && strcmp(q->to, to) == 0;
            fq.from = from;
            fq.to = to;
            buf_adds(out, "<li><a href=\"");
            search_url(out, &fq, 1);
            if (o->lang_in_query)
                buf_adds(out, o->lang == RENDER_LANG_EN ? "&amp;lang=en"
                                                        : "&amp;lang=zh");
            buf_addc(out, '"');
            if (cur)
                buf_adds(out, " aria-current=\"true\"");
            buf_addc(out, '>');
            html_text(out, f->label != NULL ? f->label : f->value);
            buf_addf(out, "</a> <span class=\"n\">(%llu)</span></li>\n",
                     (unsigned long long)f->count);
        }
        buf_adds(out, "</ul>\n");
    }
    if (r->npapers > 0) {
        buf_adds(out, "<h3>");
        buf_adds(out, render_str(o->lang, RS_SEARCH_BY_PAPER));
        buf_adds(out, "</h3>\n<ul class=\"facet-papers\">\n");
        for (i = 0; i < r->npapers; i++) {
            const struct render_search_facet *f = &r->papers[i];
            struct render_search_query fq = *q;

            if (f->value == NULL)
                continue;
            fq.paper = f->value;
            buf_adds(out, "<li><a href=\"");
            search_url(out, &fq, 1);
            if (o->lang_in_query)
                buf_adds(out, o->lang == RENDER_LANG_EN ? "&amp;lang=en"
                                                        : "&amp;lang=zh");
            buf_addc(out, '"');
            if (q->paper != NULL && strcmp(q->paper, f->value) == 0)
                buf_adds(out, " aria-current=\"true\"");
            buf_addc(out, '>');
            html_text(out, f->label != NULL ? f->label : f->value);
            buf_addf(out, "</a> <span class=\"n\">(%llu)</span></li>\n",
                     (unsigned long long)f->count);
        }
        buf_adds(out, "</ul>\n");
    }
    buf_adds(out, "</aside>\n");
}

static void pager(struct buf *out,
                  const struct render_opts *o,
                  const struct render_search_query *q,
                  const struct render_search_result *r)
{
    uint64_t npages64 = (r->total + r->per_page - 1) / r->per_page;
    int npages, cur = q->page, lo, hi, i;

    if (npages64 > MAX_RESULT_PAGES)
        npages64 = MAX_RESULT_PAGES;
    npages = (int)npages64;
    if (npages < cur)
        npages = cur; /* an estimate may undercount: keep where we are */
    if (npages <= 1)
        return;
    lo = cur - MAX_PAGE_LINKS / 2;
    if (lo < 1)
        lo = 1;
    hi = lo + MAX_PAGE_LINKS - 1;
    if (hi > npages) {
        hi = npages;
        lo = hi - MAX_PAGE_LINKS + 1 < 1 ? 1 : hi - MAX_PAGE_LINKS + 1;
    }
    buf_adds(out, "<nav class=\"pager\" aria-label=\"");
    buf_adds(out, render_str(o->lang, RS_SEARCH_PAGINATION));
    buf_adds(out, "\">\n<ul class=\"bar\">\n");
    for (i = 0; i <= hi - lo + 2; i++) {
        int n;
        const char *rel = NULL;
        enum render_str label = RS__COUNT;

        if (i == 0) {
            n = cur - 1;
            rel = "prev";
            label = RS_SEARCH_PREV;
        } else if (i == hi - lo + 2) {
            n = cur + 1;
            rel = "next";
            label = RS_SEARCH_NEXT;
        } else {
            n = lo + i - 1;
        }
        buf_adds(out, "<li>");
        if (n < 1 || n > npages) {
            buf_adds(out, "<span class=\"off\">");
            buf_adds(out, render_str(o->lang, label));
            buf_adds(out, "</span></li>\n");
            continue;
        }
        if (rel == NULL && n == cur) {
            buf_addf(out, "<a aria-current=\"page\" href=\"");
        } else {
            buf_adds(out, "<a");
            if (rel != NULL)
                buf_addf(out, " rel=\"%s\"", rel);
            buf_adds(out, " href=\"");
        }
        search_url(out, q, n);
        if (o->lang_in_query)
            buf_adds(out, o->lang == RENDER_LANG_EN ? "&amp;lang=en"
                                                    : "&amp;lang=zh");
        buf_adds(out, "\">");
        if (rel != NULL)
            buf_adds(out, render_str(o->lang, label));
        else
            buf_addf(out, "%d", n);
        buf_adds(out, "</a></li>\n");
    }
    buf_adds(out, "</ul>\n</nav>\n");
}

void render_search_view(const struct render_opts *o,
                        const struct render_search_query *q,
                        const struct render_search_result *r,
                        struct buf *out)
{
    struct buf title = BUF_INIT(8192);
    struct buf feed = BUF_INIT(16384);
    struct buf self_q = BUF_INIT(16384);
    struct render_doc d;
    bool asked = query_given(q);
    bool ok = asked && r != NULL && r->message == NULL && r->per_page > 0;
    size_t i;

    if (q->q != NULL && q->q[0] != '\0') {
        buf_adds(&title, q->q);
        buf_adds(&title, " – ");
    }
    buf_adds(&title, render_str(o->lang, RS_SEARCH_TITLE));
    if (ok) {
        struct render_search_query fq = *q;

        fq.sort_date = false;
        buf_adds(&feed, "/search.atom?");
        render_search_query_string(&feed, &fq, 1, true);
    }
    memset(&d, 0, sizeof(d));
    d.o = o;
    d.title = title.data;
    d.self = "/search";
    d.body_class = "view-search";
    d.search_q = q->q;
    d.feed_href = ok ? feed.data : NULL;
    render_search_query_string(&self_q, q, q->page, true);
    d.self_query = buf_status(&self_q) == FOLIO_OK ? self_q.data : NULL;
    render_doc_open(out, &d);
    render_masthead(out, &d, NULL, NULL, 0);
    buf_adds(out,
             "<div class=\"layout search-layout\">\n"
             "<main id=\"main\" tabindex=\"-1\">\n<h1 class=\"page-title\">");
    buf_adds(out,
             render_str(o->lang, asked ? RS_SEARCH_RESULTS : RS_SEARCH_TITLE));
    buf_adds(out, "</h1>\n");
    search_form(out, o, q, r);
    if (r != NULL && r->message != NULL) {
        buf_adds(out, "<p class=\"search-error\" role=\"alert\">");
        buf_adds(out, render_str(o->lang, RS_SEARCH_INVALID));
        html_text(out, r->message);
        buf_adds(out, "</p>\n");
    } else if (!asked) {
        buf_adds(out, "<p class=\"notice-line\" role=\"status\">");
        buf_adds(out, render_str(o->lang, RS_SEARCH_EMPTY));
        buf_adds(out, "</p>\n");
    } else if (r == NULL || r->per_page == 0) {
        buf_adds(out, "<p class=\"search-error\" role=\"alert\">");
        buf_adds(out, render_str(o->lang, RS_SEARCH_INVALID));
        html_text(out, r != NULL && r->message != NULL ? r->message : "");
        buf_adds(out, "</p>\n");
    } else {
        result_count(out, o, q, r);
        if (r->stopped) {
            buf_adds(out, "<p class=\"search-stopped\" role=\"status\">");
            if (o->lang == RENDER_LANG_EN)
                buf_addf(out,
                         "Search stopped after %d ms; results may be "
                         "incomplete. Add words or filters to narrow it.",
                         r->stopped_ms);
            else
                buf_addf(out,
                         "搜索在%d毫秒后停止，结果可能不完整。"
                         "请增加词语或筛选条件缩小范围。",
                         r->stopped_ms);
            buf_adds(out, "</p>\n");
        }
        if (r->nhits == 0) {
            buf_adds(out, "<p class=\"notice-line\">");
            buf_adds(out, render_str(o->lang, RS_SEARCH_NONE));
            buf_adds(out, "</p>\n");
        } else {
            buf_addf(out, "<ol class=\"results\" start=\"%zu\">\n",
                     (size_t)(q->page - 1) * r->per_page + 1);
            for (i = 0; i < r->nhits; i++)
                hit_item(out, o, q, &r->hits[i]);
            buf_adds(out, "</ol>\n");
        }
        pager(out, o, q, r);
        buf_adds(out, "<p class=\"feed-link\"><a type=\"application/atom+xml\" "
                      "href=\"");
        buf_adds(out, feed.data);
        buf_adds(out, "\">");
        buf_adds(out, render_str(o->lang, RS_SEARCH_FEED));
        buf_adds(out, "</a></p>\n");
    }
    buf_adds(out, "</main>\n");
    if (ok)
        facets(out, o, q, r);
    buf_adds(out, "</div>\n");
    render_doc_close(out, &d);
    buf_release(&title);
    buf_release(&feed);
    buf_release(&self_q);
}

/*
 * XML 1.0 character data: html_text() already gives only the predefined
 * entities and numeric references and replaces C0 controls; U+FFFE and
 * U+FFFF (valid UTF-8, not XML characters) become U+FFFD as well.
 */
static void xml_text(struct buf *out, const char *s)
{
    size_t len, i, at = 0;

    if (s == NULL)
        return;
    len = strlen(s);
    for (i = 0; i + 2 < len; i++) {
        if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
            ((unsigned char)s[i + 2] == 0xBE ||
             (unsigned char)s[i + 2] == 0xBF)) {
            html_text_n(out, s + at, i - at);
            buf_adds(out, "\xEF\xBF\xBD");
            at = i + 3;
            i += 2;
        }
    }
    html_text_n(out, s + at, len - at);
}

/* RFC 3339 date-time of a calendar date at midnight UTC. */
static void atom_date(struct buf *out, const char *date)
{
    struct date d;
    char iso[11];

    if (date == NULL || !date_parse(date, strlen(date), &d)) {
        buf_adds(out, "1970-01-01T00:00:00Z");
        return;
    }
    date_format(&d, iso);
    buf_adds(out, iso);
    buf_adds(out, "T00:00:00Z");
}

void render_search_atom(const struct render_opts *o,
                        const struct render_search_query *q,
                        const struct render_search_result *r,
                        const char *base,
                        int64_t now_utc,
                        struct buf *out)
{
    struct buf qs = BUF_INIT(16384);
    struct buf url = BUF_INIT(16384);
    struct render_search_query fq = *q;
    char now[21];
    const char *newest = NULL;
    size_t i;

    fq.sort_date = false;
    fq.page = 1;
    render_search_query_string(&qs, &fq, 1, false);
    if (base == NULL)
        base = "";
    buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    buf_adds(out, render_str(o->lang, RS_HTML_LANG));
    buf_adds(out, "\">\n<id>");
    xml_text(out, base);
    buf_adds(out, "/search.atom?");
    xml_text(out, qs.data);
    buf_adds(out, "</id>\n<title>");
    xml_text(out, render_str(o->lang, RS_SEARCH_TITLE));
    buf_adds(out, o->lang == RENDER_LANG_EN ? ": " : "：");
    xml_text(out, q->q);
    buf_adds(out, "</title>\n<updated>");
    for (i = 0; r != NULL && i < r->nhits; i++)
        if (r->hits[i].date != NULL &&
            (newest == NULL || strcmp(r->hits[i].date, newest) > 0))
            newest = r->hits[i].date;
    if (newest != NULL) {
        atom_date(out, newest);
    } else {
        time_format_iso(now_utc, now);
        buf_adds(out, now);
    }
    buf_adds(out, "</updated>\n<author><name>folio</name></author>\n"
                  "<generator>folio</generator>\n"
                  "<link rel=\"self\" type=\"application/atom+xml\" href=\"");
    xml_text(out, base);
    buf_adds(out, "/search.atom?");
    xml_text(out, qs.data);
    buf_adds(out, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    xml_text(out, base);
    buf_adds(out, "/search?");
    xml_text(out, qs.data);
    buf_adds(out, "\"/>\n");
    for (i = 0; r != NULL && i < r->nhits; i++) {
        const struct render_search_hit *h = &r->hits[i];

        buf_reset(&url);
        buf_adds(&url, base);
        if (h->article != NULL) {
            render_url_article(&url, h->paper, h->date, h->page, h->article);
        } else {
            render_url_page(&url, h->paper, h->date, h->page);
            buf_adds(&url, "text");
        }
        buf_adds(out, "<entry>\n<id>");
        xml_text(out, url.data);
        buf_adds(out, "</id>\n<title>");
        xml_text(out, h->article != NULL || h->snippet == NULL ? h->headline
                                                               : h->snippet);
        buf_adds(out, "</title>\n<updated>");
        atom_date(out, h->date);
        buf_adds(out, "</updated>\n<link rel=\"alternate\" type=\"text/html\" "
                      "href=\"");
        xml_text(out, url.data);
        if (q->q != NULL && q->q[0] != '\0') {
            buf_adds(out, "?hl=");
            url_component(out, q->q);
        }
        buf_adds(out, "\"/>\n<summary>");
        xml_text(out, h->snippet);
        buf_adds(out, "</summary>\n</entry>\n");
    }
    buf_adds(out, "</feed>\n");
    buf_release(&qs);
    buf_release(&url);
}
