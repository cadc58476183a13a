/* Tests for render/render_page.c and the shared navigation (render_nav.c). */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "render/render.h"
#include "render_fixture.h"

static char *page_html(const struct render_opts *o,
                       struct issue *iss,
                       size_t pi,
                       const char *prev,
                       const char *next)
{
    struct render_issue_ctx ctx;
    struct buf b = BUF_INIT(1 << 20);

    memset(&ctx, 0, sizeof(ctx));
    ctx.issue = iss;
    (void)snprintf(ctx.prev_issue, sizeof(ctx.prev_issue), "%s", prev);
    (void)snprintf(ctx.next_issue, sizeof(ctx.next_issue), "%s", next);
    render_page_view(o, &ctx, pi, &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    return buf_detach(&b, NULL);
}

static void first_page_has_masthead_nav_and_no_prev(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = page_html(&o, iss, 0, "2023-02-06", "");

    (void)state;
    fx_dump("page01.html", h);
    assert_int_equal(fx_pos(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\">"), 0);
    assert_non_null(strstr(h, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(h, "name=\"viewport\""));
    assert_non_null(
        strstr(h, "<title>第01版：要闻 – 太原日报 2023-02-07</title>"));
    assert_non_null(strstr(h, "2023年2月7日 星期二"));
    assert_non_null(strstr(h, "第22871期"));
    assert_non_null(strstr(h, "当前版："));
    assert_non_null(strstr(h, "<strong>01版 <span>要闻</span></strong>"));
    /* 上一版 kept in the layout but inert; 下一版 links page 2. */
    assert_non_null(
        strstr(h, "<li class=\"prev-page\"><span class=\"off\">上一版</span>"));
    assert_non_null(strstr(
        h,
        "<li class=\"next-page\"><a href=\"/tyrb/2023-02-07/02/\" rel=\"next\">下一版</a>"));
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/01.pdf\">下载本版PDF</a>"));
    assert_non_null(strstr(h, "<a href=\"/tyrb/2023/02/\">往期阅读</a>"));
    assert_non_null(strstr(h, "<a href=\"/tyrb/2023-02-06/\">上一期</a>"));
    assert_non_null(strstr(h, "<span class=\"off\">下一期</span>"));
    assert_non_null(strstr(
        h,
        "href=\"/tyrb/2023-02-07/01/?lang=en\" lang=\"en\" hreflang=\"en\">English</a>"));
    /* 标题导航: every page, and this page's headlines. */
    assert_non_null(strstr(
        h,
        "<a href=\"/tyrb/2023-02-07/01/\" aria-current=\"page\">第01版：<span>要闻</span></a>"));
    assert_non_null(strstr(
        h, "<a href=\"/tyrb/2023-02-07/02/\">第02版：<span>经济</span></a>"));
    assert_non_null(strstr(
        h, "<a href=\"/tyrb/2023-02-07/03/\">第03版：<span>文化</span></a>"));
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/01/a1\">头条新闻</a>"));
    assert_non_null(strstr(h, "<header class=\"masthead\">"));
    assert_non_null(strstr(h, "<main id=\"main\""));
    assert_non_null(strstr(h, "<a class=\"skip\" href=\"#main\">"));
    assert_non_null(strstr(h, "<footer"));
    assert_non_null(strstr(h, "<body class=\"ts0 view-page\">"));
    free(h);
    issue_free(iss);
}

static void zones_are_svg_links_in_reading_order(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = page_html(&o, iss, 0, "", "");
    long p1, p2;

    (void)state;
    assert_non_null(strstr(
        h,
        "<img class=\"page-img\" src=\"/media/aaaa1111.png\" width=\"1000\" height=\"1400\""));
    assert_non_null(
        strstr(h, "<svg class=\"zones\" viewBox=\"0 0 1000 1400\""));
    /* a1: seq 1, two zones in one link. */
    assert_non_null(strstr(
        h,
        "<a href=\"/tyrb/2023-02-07/01/a1\" aria-label=\"头条新闻\"><title>头条新闻</title>"
        "<rect x=\"110\" y=\"20\" width=\"300\" height=\"150\"/>"
        "<rect x=\"111\" y=\"220\" width=\"300\" height=\"150\"/></a>"));
    /* a2: the hostile headline is inert in the attribute and the title. */
    assert_non_null(strstr(
        h,
        "<a href=\"/tyrb/2023-02-07/01/a2\" aria-label=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;\">"
        "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</title>"
        "<rect x=\"210\" y=\"20\" width=\"300\" height=\"150\"/></a>"));
    assert_null(strstr(h, "<script>alert"));
    assert_int_equal(fx_count(h, "<rect "), 3);
    p1 = fx_pos(h, "<rect x=\"110\"");
    p2 = fx_pos(h, "<rect x=\"210\"");
    assert_true(p1 > 0 && p2 > p1);
    free(h);
    issue_free(iss);
}

/* A polygon zone is an SVG <polygon> in the same link; rects stay rects. */
static void polygon_zone_and_article_lang(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    struct article *a = &iss->pages[0].articles[0];
    struct zone *z = &a->zones[1];
    char *h;

    (void)state;
    z->npoints = 4;
    z->points = xcalloc(4, sizeof(*z->points));
    z->points[0] = (struct point){ 111, 220 };
    z->points[1] = (struct point){ 411, 220 };
    z->points[2] = (struct point){ 411, 370 };
    z->points[3] = (struct point){ 200, 300 };
    a->lang = fx_dup("en");
    h = page_html(&o, iss, 0, "", "");
    assert_non_null(strstr(
        h,
        "<a href=\"/tyrb/2023-02-07/01/a1\" aria-label=\"头条新闻\" lang=\"en\"><title>头条新闻</title>"
        "<rect x=\"110\" y=\"20\" width=\"300\" height=\"150\"/>"
        "<polygon points=\"111,220 411,220 411,370 200,300\"/></a>"));
    assert_int_equal(fx_count(h, "<polygon "), 1);
    assert_int_equal(fx_count(h, "<rect "), 2);
    /* a2 has no lang of its own: the paper's is the page's, no attribute */
    assert_non_null(strstr(h, "&#39;q&#39;\"><title>"));
    free(h);
    issue_free(iss);
}

static void page_without_image_lists_headlines(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = page_html(&o, iss, 1, "", "");

    (void)state;
    fx_dump("page02.html", h);
    assert_null(strstr(h, "<svg"));
    assert_null(strstr(h, "page-img"));
    assert_non_null(strstr(
        h,
        "<li><p class=\"kicker\">经济引题</p><h2><a href=\"/tyrb/2023-02-07/02/b1\">经济头条</a></h2>"
        "<p class=\"subhead\">经济副题</p></li>"));
    assert_non_null(strstr(
        h,
        "<li><h2><a href=\"/tyrb/2023-02-07/02/b2\">市场动态</a></h2></li>"));
    /* Middle page: both neighbours linked; no PDF on this page. */
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/01/\" rel=\"prev\">上一版</a>"));
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/03/\" rel=\"next\">下一版</a>"));
    assert_null(strstr(h, ".pdf"));
    free(h);
    issue_free(iss);
}

static void last_page_has_no_next_and_no_pdf(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = page_html(&o, iss, 2, "", "2023-02-08");

    (void)state;
    assert_non_null(
        strstr(h, "<li class=\"next-page\"><span class=\"off\">下一版</span>"));
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/02/\" rel=\"prev\">上一版</a>"));
    assert_null(strstr(h, "下载本版PDF"));
    assert_non_null(strstr(h, "src=\"/media/cccc3333.jpg\""));
    assert_non_null(strstr(h, "viewBox=\"0 0 800 1200\""));
    assert_non_null(strstr(h, "<a href=\"/tyrb/2023-02-08/\">下一期</a>"));
    free(h);
    issue_free(iss);
}

static void page_numbers_above_99_use_three_digits(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h;

    (void)state;
    iss->pages[2].number = 104;
    h = page_html(&o, iss, 2, "", "");
    assert_non_null(strstr(h, "/tyrb/2023-02-07/104/a1-cont"));
    assert_non_null(strstr(h, "第104版"));
    free(h);
    issue_free(iss);
}

static void english_ui_and_lang_query(void **state)
{
    struct render_opts o = { RENDER_LANG_EN, 2, true, NULL, false };
    struct issue *iss = fx_issue();
    char *h = page_html(&o, iss, 0, "2023-02-06", "");

    (void)state;
    fx_dump("page01-en.html", h);
    assert_int_equal(fx_pos(h, "<!DOCTYPE html>\n<html lang=\"en\">"), 0);
    assert_non_null(strstr(h, "Tuesday, 7 February 2023"));
    assert_non_null(strstr(h, "No. 22871"));
    assert_non_null(
        strstr(h, "<title>Page 01: 要闻 – 太原日报 2023-02-07</title>"));
    assert_non_null(strstr(h, "<span class=\"off\">Previous page</span>"));
    assert_non_null(strstr(
        h,
        "<a href=\"/tyrb/2023-02-07/02/?lang=en\" rel=\"next\">Next page</a>"));
    assert_non_null(strstr(h, ">Past issues</a>"));
    assert_non_null(strstr(h, ">Download page PDF</a>"));
    assert_non_null(strstr(h, "<h2>Contents</h2>"));
    assert_non_null(strstr(h, "Page 02: <span lang=\"zh-CN\">经济</span>"));
    assert_non_null(strstr(h, "hreflang=\"zh-CN\">中文</a>"));
    assert_non_null(strstr(h, "href=\"/tyrb/2023-02-07/01/?lang=zh\""));
    assert_non_null(strstr(h, "<ol class=\"headlines\" lang=\"zh-CN\">"));
    assert_non_null(strstr(h, "<body class=\"ts2 view-page\">"));
    assert_null(strstr(h, "上一版"));
    free(h);
    issue_free(iss);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_page_has_masthead_nav_and_no_prev),
        cmocka_unit_test(zones_are_svg_links_in_reading_order),
        cmocka_unit_test(polygon_zone_and_article_lang),
        cmocka_unit_test(page_without_image_lists_headlines),
        cmocka_unit_test(last_page_has_no_next_and_no_pdf),
        cmocka_unit_test(page_numbers_above_99_use_three_digits),
        cmocka_unit_test(english_ui_and_lang_query),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
