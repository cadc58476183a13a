/*
 * Tests for render/render_search.c: marks in snippets and article text
 * (escaped), the results page (count, facets, pagination, form, refused
 * query), hits drawn on a page image, and the Atom feed (parsed back with
 * libxml2).
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "render/render_int.h"
#include "render_fixture.h"

/* A find function for tests: every occurrence of the needle in ctx. */
static size_t
find_all(void *ctx, const char *text, size_t len, struct render_mark **out)
{
    const char *needle = ctx;
    size_t nl = strlen(needle), n = 0, i;
    struct render_mark *m = NULL;

    *out = NULL;
    for (i = 0; nl > 0 && i + nl <= len; i++) {
        if (memcmp(text + i, needle, nl) == 0) {
            m = realloc(m, (n + 1) * sizeof(*m));
            assert_non_null(m);
            m[n].start = i;
            m[n].len = nl;
            n++;
            i += nl - 1;
        }
    }
    *out = m;
    return n;
}

static char *
snippet_html(const char *text, const struct render_mark *m, size_t n)
{
    struct buf b = BUF_INIT(1 << 16);

    render_snippet(&b, text, m, n);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    return buf_detach(&b, NULL);
}

static void snippet_marks_are_the_only_html(void **state)
{
    /* "<script>公园</script> & 公园" */
    const char *t = "<script>\xE5\x85\xAC\xE5\x9B\xAD</script> & "
                    "\xE5\x85\xAC\xE5\x9B\xAD";
    struct render_mark m[] = { { 8, 6 }, { 26, 6 } };
    char *h;

    (void)state;
    h = snippet_html(t, m, 2);
    assert_string_equal(h, "&lt;script&gt;<mark>公园</mark>&lt;/script&gt; "
                           "&amp; <mark>公园</mark>");
    free(h);
}

static void snippet_bad_marks_are_skipped(void **state)
{
    const char *t = "公园 park";
    /* mid-character, overlapping, past the end, empty */
    struct render_mark m[] = { { 1, 3 },   { 0, 6 }, { 3, 4 },
                               { 7, 100 }, { 8, 0 }, { 7, 4 } };
    char *h;

    (void)state;
    h = snippet_html(t, m, ARRAY_SIZE(m));
    assert_string_equal(h, "<mark>公园</mark> <mark>park</mark>");
    free(h);
    h = snippet_html(t, NULL, 0);
    assert_string_equal(h, "公园 park");
    free(h);
}

static void marked_text_uses_find_and_escapes(void **state)
{
    struct render_highlight hl = { find_all, (void *)"民生", "民生" };
    struct buf b = BUF_INIT(4096);

    (void)state;
    render_marked_text(&b, "<b>民生</b>与民生&", &hl);
    assert_string_equal(b.data, "&lt;b&gt;<mark>民生</mark>&lt;/b&gt;与"
                                "<mark>民生</mark>&amp;");
    buf_reset(&b);
    render_marked_text(&b, "<i>x</i>", NULL);
    assert_string_equal(b.data, "&lt;i&gt;x&lt;/i&gt;");
    buf_release(&b);
}

static const struct render_mark evil_marks[] = { { 8, 6 } };

static const struct render_search_hit hits[] = {
    { "qhwb", "青禾晚报", "2026-11-27", 2, "民生", "park-1",
      "<script>alert(1)</script>公园", "<script>公园</script>", evil_marks, 1 },
    { "qhwb", "青禾晚报", "2026-11-26", 1, NULL, "b", "第二篇", "", NULL, 0 },
};

static const struct render_search_facet years[] = {
    { "2026", NULL, 40 },
    { "2025", NULL, 5 },
};

static const struct render_search_facet papers[] = {
    { "qhwb", "青禾晚报", 45 },
};

static char *view_html(const struct render_opts *o,
                       const struct render_search_query *q,
                       const struct render_search_result *r)
{
    struct buf b = BUF_INIT(1 << 20);

    render_search_view(o, q, r, &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    return buf_detach(&b, NULL);
}

static void results_page(void **state)
{
    struct render_opts o = { 0 };
    struct render_search_query q = { 0 };
    struct render_search_result r = { 0 };
    char id[] = "qhwb", name[] = "青禾晚报";
    struct paper all[1] = { { id, name, NULL, NULL } };
    char *h;

    (void)state;
    o.lang = RENDER_LANG_ZH;
    q.q = "公园 \"x&y\"";
    q.paper = "qhwb";
    q.page = 2;
    r.hits = hits;
    r.nhits = 2;
    r.total = 45;
    r.total_approx = true;
    r.per_page = 20;
    r.years = years;
    r.nyears = 2;
    r.papers = papers;
    r.npapers = 1;
    r.facets_over = 2020;
    r.all_papers = all;
    r.nall_papers = 1;
    h = view_html(&o, &q, &r);
    fx_dump("search-results.html", h);
    /* the hostile headline and snippet are text; only marks are HTML */
    assert_null(strstr(h, "<script>"));
    assert_non_null(
        strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;公园</a></h2>"));
    assert_non_null(strstr(h, "<p class=\"snippet\">&lt;script&gt;<mark>"
                              "公园</mark>&lt;/script&gt;</p>"));
    /* headline links to the article with the query as ?hl= */
    assert_non_null(
        strstr(h, "<a href=\"/qhwb/2026-11-27/02/park-1?hl=%E5%85%AC%E5%9B%AD"
                  "%20%22x%26y%22\">"));
    assert_non_null(strstr(h, "第02版：民生</a>"));
    assert_non_null(strstr(h, "<time datetime=\"2026-11-27\">2026年11月27日"));
    /* honest approximate count; numbering continues on page 2 */
    assert_non_null(strstr(h, "找到约45条结果，显示第21–22条"));
    assert_non_null(strstr(h, "<ol class=\"results\" start=\"21\">"));
    /* facets add their filter and keep the others */
    assert_non_null(
        strstr(h, "<a href=\"/search?q=%E5%85%AC%E5%9B%AD%20%22x%26y%22&amp;"
                  "paper=qhwb&amp;from=2025-01-01&amp;to=2025-12-31\">2025</a> "
                  "<span class=\"n\">(5)</span>"));
    assert_non_null(
        strstr(h, "paper=qhwb\" aria-current=\"true\">青禾晚报</a>"));
    /* facets counted over the newest matches say so */
    assert_non_null(strstr(h, "<p class=\"facets-over\">按最新2020条结果统计"
                              "</p>"));
    assert_true(fx_pos(h, "class=\"facets-over\"") >
                fx_pos(h, "<h2 id=\"facets-h\">"));
    /* pagination: 3 pages of 20; prev is page 1 (no page=), next page 3 */
    assert_non_null(strstr(h, "<a rel=\"prev\" href=\"/search?q=%E5%85%AC%E5"
                              "%9B%AD%20%22x%26y%22&amp;paper=qhwb\">上一页"));
    assert_non_null(strstr(h, "<a rel=\"next\" href=\"/search?q=%E5%85%AC%E5"
                              "%9B%AD%20%22x%26y%22&amp;paper=qhwb&amp;"
                              "page=3\">下一页"));
    assert_non_null(strstr(h, "<a aria-current=\"page\" href=\"/search?q="
                              "%E5%85%AC%E5%9B%AD%20%22x%26y%22&amp;paper="
                              "qhwb&amp;page=2\">2</a>"));
    assert_null(strstr(h, "page=4"));
    /* the form keeps the query (escaped) and the chosen paper */
    assert_non_null(strstr(h, "id=\"q\" name=\"q\" type=\"search\" "
                              "maxlength=\"4096\" value=\"公园 &quot;x&amp;y"
                              "&quot;\">"));
    assert_non_null(strstr(h, "<option value=\"qhwb\" selected>青禾晚报"));
    assert_non_null(strstr(h, "<details class=\"sf-filters\" open>"));
    /* masthead box prefilled, labelled; feed linked from the head */
    assert_non_null(strstr(h, "<label class=\"vh\" for=\"site-q\">"));
    assert_non_null(strstr(h, "<input id=\"site-q\" type=\"search\" "
                              "name=\"q\" maxlength=\"256\" value=\"公园 "
                              "&quot;x&amp;y&quot;\""));
    assert_non_null(strstr(h, "<link rel=\"alternate\" type=\"application/"
                              "atom+xml\" title=\"订阅此搜索（Atom）\" "
                              "href=\"/search.atom?q=%E5%85%AC%E5%9B%AD%20"
                              "%22x%26y%22&amp;paper=qhwb\">"));
    assert_true(fx_pos(h, "<link rel=\"alternate\"") < fx_pos(h, "</head>"));
    assert_int_equal(fx_count(h, "<li class=\"hit\">"), 2);
    free(h);
}

static void exact_count_english_and_lang_links(void **state)
{
    struct render_opts o = { 0 };
    struct render_search_query q = { 0 };
    struct render_search_result r = { 0 };
    char *h;

    (void)state;
    o.lang = RENDER_LANG_EN;
    o.lang_in_query = true;
    q.q = "park";
    q.page = 1;
    q.sort_date = true;
    r.hits = hits;
    r.nhits = 1;
    r.total = 1;
    r.per_page = 20;
    h = view_html(&o, &q, &r);
    assert_non_null(strstr(h, ">1 result, showing 1–1</p>"));
    assert_null(strstr(h, "About"));
    assert_non_null(
        strstr(h, "href=\"/qhwb/2026-11-27/02/park-1?lang=en&amp;hl=park\""));
    assert_non_null(strstr(h, "<option value=\"date\" selected>"));
    /* one page: no pager; no facets given: no aside */
    assert_null(strstr(h, "class=\"pager\""));
    assert_null(strstr(h, "class=\"facets\""));
    assert_null(strstr(h, "facets-over"));
    assert_non_null(strstr(h, "<input type=\"hidden\" name=\"lang\" "
                              "value=\"en\">"));
    free(h);
}

static void stopped_note_and_lang_switch(void **state)
{
    struct render_opts o = { 0 };
    struct render_search_query q = { 0 };
    struct render_search_result r = { 0 };
    char *h;

    (void)state;
    q.q = "公园 & park";
    q.paper = "qhwb";
    q.byline = "张三";
    q.page = 2;
    r.hits = hits;
    r.nhits = 1;
    r.total = 30;
    r.total_approx = true;
    r.per_page = 20;
    r.stopped = true;
    r.stopped_ms = 1503;
    h = view_html(&o, &q, &r);
    assert_non_null(strstr(h, "<p class=\"search-stopped\" role=\"status\">"
                              "搜索在1503毫秒后停止，结果可能不完整。"));
    /* the language switch keeps the query, filters and results page */
    assert_non_null(strstr(h, "<p class=\"lang-switch\"><a href=\"/search?"
                              "q=%E5%85%AC%E5%9B%AD%20%26%20park&amp;"
                              "paper=qhwb&amp;byline=%E5%BC%A0%E4%B8%89&amp;"
                              "page=2&amp;lang=en\""));
    free(h);
    o.lang = RENDER_LANG_EN;
    r.stopped = false;
    h = view_html(&o, &q, &r);
    assert_null(strstr(h, "search-stopped"));
    assert_non_null(strstr(h, "&amp;page=2&amp;lang=zh\" lang=\"zh"));
    free(h);
    r.stopped = true;
    h = view_html(&o, &q, &r);
    assert_non_null(strstr(h, ">Search stopped after 1503 ms; results may be "
                              "incomplete."));
    free(h);
}

static void empty_and_refused_queries(void **state)
{
    struct render_opts o = { 0 };
    struct render_search_query q = { 0 };
    struct render_search_result r = { 0 };
    char *h;

    (void)state;
    q.page = 1;
    h = view_html(&o, &q, NULL);
    assert_non_null(strstr(h, "请输入要搜索的词语。"));
    assert_null(strstr(h, "result-count"));
    assert_null(strstr(h, "application/atom+xml"));
    assert_non_null(strstr(h, "<form class=\"search-form\""));
    free(h);

    q.q = "from:2020-13-01 <b>";
    r.per_page = 20;
    r.message = "'from:2020-13-01' is not a date <b>";
    h = view_html(&o, &q, &r);
    assert_non_null(strstr(h, "<p class=\"search-error\" role=\"alert\">"
                              "无法执行这个搜索：&#39;from:2020-13-01&#39; is "
                              "not a date &lt;b&gt;</p>"));
    assert_non_null(strstr(h, "value=\"from:2020-13-01 &lt;b&gt;\""));
    assert_null(strstr(h, "<b>"));
    assert_null(strstr(h, "result-count"));
    free(h);

    /* no hits: a clear message, still the feed link */
    r.message = NULL;
    q.q = "没有的词";
    h = view_html(&o, &q, &r);
    assert_non_null(strstr(h, "找到0条结果</p>"));
    assert_non_null(strstr(h, "没有找到相关文章。"));
    free(h);
}

static void page_hits_cover_the_matching_words(void **state)
{
    struct render_opts o = { 0 };
    struct page pg;
    char t0[] = "河滨公", t1[] = "园开放", t2[] = "Park", t3[] = "parking",
         t4[] = "无关";
    struct page_word w[] = {
        { t0, 10, 10, 30, 10, 0, 0 }, /* 公园 split over two words */
        { t1, 10, 22, 30, 10, 1, 0 }, { t2, 50, 10, 20, 10, 0, 1 },
        { t3, 80, 10, 20, 10, 0, 1 }, { t4, 10, 40, 20, 10, 2, 0 },
    };
    struct render_highlight hl = { find_all, (void *)"公园", "公园" };
    struct buf b = BUF_INIT(1 << 16);

    (void)state;
    memset(&pg, 0, sizeof(pg));
    pg.width = 200;
    pg.height = 300;
    pg.words = w;
    pg.nwords = ARRAY_SIZE(w);
    render_page_hits(&b, &o, &pg, &hl);
    assert_non_null(strstr(b.data, "<svg class=\"hits\" viewBox=\"0 0 200 "
                                   "300\""));
    assert_int_equal(fx_count(b.data, "<rect class=\"hit\""), 2);
    assert_non_null(strstr(b.data, "x=\"10\" y=\"10\" width=\"30\""));
    assert_non_null(strstr(b.data, "x=\"10\" y=\"22\" width=\"30\""));
    buf_reset(&b);
    /* Latin words are joined with a space: "Park parking" */
    hl.ctx = (void *)"Park p";
    render_page_hits(&b, &o, &pg, &hl);
    assert_int_equal(fx_count(b.data, "<rect class=\"hit\""), 2);
    assert_non_null(strstr(b.data, "x=\"50\""));
    assert_non_null(strstr(b.data, "x=\"80\""));
    buf_reset(&b);
    /* nothing found, no hl, no size: nothing at all */
    hl.ctx = (void *)"不在";
    render_page_hits(&b, &o, &pg, &hl);
    render_page_hits(&b, &o, &pg, NULL);
    pg.width = 0;
    hl.ctx = (void *)"公园";
    render_page_hits(&b, &o, &pg, &hl);
    assert_int_equal(b.len, 0);
    buf_release(&b);
}

static void article_view_marks_terms(void **state)
{
    struct render_opts o = { 0 };
    struct issue *iss = fx_issue();
    struct render_issue_ctx ctx;
    struct render_highlight hl = { find_all, (void *)"段", "段" };
    struct buf b = BUF_INIT(1 << 20);

    (void)state;
    memset(&ctx, 0, sizeof(ctx));
    ctx.issue = iss;
    ctx.hl = &hl;
    render_article_view(&o, &ctx, 0, 0, &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    assert_non_null(strstr(b.data, "<p>第一<mark>段</mark>。</p>"));
    assert_non_null(strstr(b.data, "<p>第二<mark>段</mark> &lt;b&gt;不是标签"
                                   "&lt;/b&gt;。</p>"));
    /* the page link carries the terms on, for the page image */
    assert_non_null(strstr(b.data, "href=\"/tyrb/2023-02-07/01/?hl=%E6%AE%B5"
                                   "\""));
    buf_release(&b);
    issue_free(iss);
}

static xmlNode *child(xmlNode *n, const char *name)
{
    for (n = n->children; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

static void atom_feed_is_well_formed(void **state)
{
    struct render_opts o = { 0 };
    struct render_search_query q = { 0 };
    struct render_search_result r = { 0 };
    struct buf b = BUF_INIT(1 << 20);
    xmlDoc *doc;
    xmlNode *root, *e, *n;
    xmlChar *s;
    int nentries = 0;

    (void)state;
    q.q = "公园 <&>\"'\xEF\xBF\xBF";
    q.sort_date = true;
    q.page = 3;
    r.hits = hits;
    r.nhits = 2;
    r.total = 2;
    r.per_page = 20;
    render_search_atom(&o, &q, &r, "http://example.org:8080", 1700000000, &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    fx_dump("search.atom", b.data);
    doc = xmlReadMemory(b.data, (int)b.len, "feed.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING);
    assert_non_null(doc);
    root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "feed");
    assert_non_null(root->ns);
    assert_string_equal((const char *)root->ns->href,
                        "http://www.w3.org/2005/Atom");
    n = child(root, "id");
    s = xmlNodeGetContent(n);
    assert_string_equal((const char *)s,
                        "http://example.org:8080/search.atom?q=%E5%85%AC%E5%9B"
                        "%AD%20%3C%26%3E%22%27%EF%BF%BF");
    xmlFree(s);
    s = xmlNodeGetContent(child(root, "title"));
    assert_string_equal((const char *)s, "搜索：公园 <&>\"'\xEF\xBF\xBD");
    xmlFree(s);
    /* newest entry's date */
    s = xmlNodeGetContent(child(root, "updated"));
    assert_string_equal((const char *)s, "2026-11-27T00:00:00Z");
    xmlFree(s);
    assert_non_null(child(child(root, "author"), "name"));
    for (e = root->children; e != NULL; e = e->next) {
        if (e->type != XML_ELEMENT_NODE ||
            strcmp((const char *)e->name, "link") != 0)
            continue;
        s = xmlGetProp(e, (const xmlChar *)"rel");
        if (strcmp((const char *)s, "self") == 0) {
            xmlChar *href = xmlGetProp(e, (const xmlChar *)"href");
            assert_non_null(strstr((const char *)href, "/search.atom?q="));
            xmlFree(href);
        }
        xmlFree(s);
    }
    for (e = root->children; e != NULL; e = e->next) {
        if (e->type != XML_ELEMENT_NODE ||
            strcmp((const char *)e->name, "entry") != 0)
            continue;
        nentries++;
        if (nentries == 1) {
            s = xmlNodeGetContent(child(e, "id"));
            assert_string_equal((const char *)s, "http://example.org:8080/"
                                                 "qhwb/2026-11-27/02/park-1");
            xmlFree(s);
            s = xmlNodeGetContent(child(e, "title"));
            assert_string_equal((const char *)s,
                                "<script>alert(1)</script>公园");
            xmlFree(s);
            s = xmlNodeGetContent(child(e, "summary"));
            assert_string_equal((const char *)s, "<script>公园</script>");
            xmlFree(s);
            s = xmlGetProp(child(e, "link"), (const xmlChar *)"href");
            assert_non_null(strstr((const char *)s, "park-1?hl=%E5%85%AC"));
            xmlFree(s);
            s = xmlNodeGetContent(child(e, "updated"));
            assert_string_equal((const char *)s, "2026-11-27T00:00:00Z");
            xmlFree(s);
        }
    }
    assert_int_equal(nentries, 2);
    xmlFreeDoc(doc);

    /* no hits: still a valid feed, updated = now */
    buf_reset(&b);
    r.nhits = 0;
    render_search_atom(&o, &q, &r, "http://h", 0, &b);
    doc = xmlReadMemory(b.data, (int)b.len, "feed.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING);
    assert_non_null(doc);
    s = xmlNodeGetContent(child(xmlDocGetRootElement(doc), "updated"));
    assert_string_equal((const char *)s, "1970-01-01T00:00:00Z");
    xmlFree(s);
    xmlFreeDoc(doc);
    buf_release(&b);
}

static void query_string_round_trip(void **state)
{
    struct render_search_query q = { 0 };
    struct buf b = BUF_INIT(4096);

    (void)state;
    q.q = "a b";
    q.from = "2020-01-01";
    q.to = "2020-12-31";
    q.pagename = "要闻";
    q.byline = "王";
    q.md = "02-07";
    q.sort_date = true;
    render_search_query_string(&b, &q, 4, false);
    assert_string_equal(b.data, "q=a%20b&from=2020-01-01&to=2020-12-31&"
                                "pagename=%E8%A6%81%E9%97%BB&byline=%E7%8E%8B&"
                                "md=02-07&sort=date&page=4");
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snippet_marks_are_the_only_html),
        cmocka_unit_test(snippet_bad_marks_are_skipped),
        cmocka_unit_test(marked_text_uses_find_and_escapes),
        cmocka_unit_test(results_page),
        cmocka_unit_test(exact_count_english_and_lang_links),
        cmocka_unit_test(stopped_note_and_lang_switch),
        cmocka_unit_test(empty_and_refused_queries),
        cmocka_unit_test(page_hits_cover_the_matching_words),
        cmocka_unit_test(article_view_marks_terms),
        cmocka_unit_test(atom_feed_is_well_formed),
        cmocka_unit_test(query_string_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
