/* Tests for render/render_calendar.c and render/render_misc.c. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "render/render.h"
#include "render_fixture.h"

static struct paper fx_paper(void)
{
    struct paper p;

    p.id = (char *)"tyrb";
    p.name = (char *)"太原日报";
    p.language = (char *)"zh-CN";
    p.timezone = (char *)"Asia/Shanghai";
    return p;
}

static void february_2023_starts_on_wednesday(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct paper p = fx_paper();
    const int days[] = { 6, 7, 8 };
    struct buf b = BUF_INIT(1 << 20);
    const char *tbody;

    (void)state;
    render_calendar(&o, &p, 2023, 2, days, 3, "2023-01", "", &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    fx_dump("calendar.html", b.data);
    assert_non_null(strstr(b.data, "<caption>2023年2月</caption>"));
    assert_non_null(strstr(
        b.data, "<th scope=\"col\"><abbr title=\"星期一\">一</abbr></th>"));
    assert_int_equal(fx_count(b.data, "<th scope=\"col\">"), 7);
    tbody = strstr(b.data, "<tbody>\n<tr>");
    assert_non_null(tbody);
    /* Monday and Tuesday blank, the 1st is a Wednesday. */
    assert_int_equal(
        fx_pos(
            tbody,
            "<tbody>\n<tr><td class=\"blank\"></td><td class=\"blank\"></td><td>1</td>"),
        0);
    assert_non_null(strstr(b.data, "<td>28</td>"));
    assert_null(strstr(b.data, "<td>29</td>"));
    /* 2 lead + 28 days + 5 trailing = 35 cells in 5 rows. */
    assert_int_equal(fx_count(tbody, "<td"), 35);
    assert_int_equal(fx_count(tbody, "<tr>"), 5);
    assert_int_equal(fx_count(b.data, "class=\"has-issue\""), 3);
    assert_non_null(strstr(
        b.data,
        "<td class=\"has-issue\"><a href=\"/tyrb/2023-02-06/\" aria-label=\"2023年2月6日 星期一\">6</a></td>"));
    assert_non_null(strstr(b.data, "<a href=\"/tyrb/2023-02-08/\""));
    assert_non_null(strstr(b.data, "<td>5</td>"));
    assert_non_null(strstr(
        b.data,
        "<a href=\"/tyrb/2023/01/\" rel=\"prev\">‹ 上个月 (2023年1月)</a>"));
    assert_non_null(strstr(b.data, "<span class=\"off\">下个月</span>"));
    buf_release(&b);
}

static void leap_february_has_29_days(void **state)
{
    struct render_opts o = { RENDER_LANG_EN, 0, false, NULL, false };
    struct paper p = fx_paper();
    const int days[] = { 29 };
    struct buf b = BUF_INIT(1 << 20);
    const char *tbody;

    (void)state;
    render_calendar(&o, &p, 2024, 2, days, 1, "", "2024-03", &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    fx_dump("calendar-en.html", b.data);
    assert_non_null(strstr(b.data, "<caption>February 2024</caption>"));
    assert_non_null(strstr(b.data, "<abbr title=\"Monday\">Mon</abbr>"));
    tbody = strstr(b.data, "<tbody>");
    /* 2024-02-01 is a Thursday: three blanks. */
    assert_int_equal(
        fx_pos(
            tbody,
            "<tbody>\n<tr><td class=\"blank\"></td><td class=\"blank\"></td><td class=\"blank\"></td><td>1</td>"),
        0);
    assert_non_null(strstr(
        b.data,
        "<a href=\"/tyrb/2024-02-29/\" aria-label=\"Thursday, 29 February 2024\">29</a>"));
    assert_int_equal(fx_count(b.data, "class=\"has-issue\""), 1);
    assert_non_null(strstr(
        b.data,
        "<a href=\"/tyrb/2024/03/\" rel=\"next\">Next month (March 2024) ›</a>"));
    assert_non_null(
        strstr(b.data, "<span class=\"off\">Previous month</span>"));
    buf_release(&b);
}

static void not_found_keeps_paper_navigation(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, "/tyrb/2023-02-07/09/",
                             false };
    struct paper p = fx_paper();
    struct buf b = BUF_INIT(1 << 20);

    (void)state;
    render_not_found(&o, &p, "2023-02-07", "第09版 <x>", &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    fx_dump("404.html", b.data);
    assert_non_null(strstr(b.data, "<title>页面未找到 – 太原日报</title>"));
    assert_non_null(strstr(b.data, "<h1>页面未找到</h1>"));
    assert_non_null(strstr(b.data, "第09版 &lt;x&gt;"));
    assert_non_null(strstr(
        b.data,
        "<a href=\"/tyrb/2023-02-07/\">最新一期：2023年2月7日 星期二</a>"));
    assert_non_null(strstr(b.data, "<a href=\"/tyrb/2023/02/\">往期阅读</a>"));
    assert_non_null(strstr(b.data, "href=\"/tyrb/2023-02-07/09/?lang=en\""));
    buf_reset(&b);
    o.path = "//evil.example/";
    render_not_found(&o, NULL, NULL, NULL, &b);
    assert_null(strstr(b.data, "evil"));
    assert_non_null(strstr(b.data, "<h1>页面未找到</h1>"));
    buf_release(&b);
}

static void home_lists_papers_or_says_none(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct paper p[2];
    char dates[2][11] = { "2023-02-07", "" };
    struct buf b = BUF_INIT(1 << 20);

    (void)state;
    p[0] = fx_paper();
    p[1] = fx_paper();
    p[1].id = (char *)"other";
    render_home(&o, p, (const char(*)[11])dates, 2, &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    fx_dump("home.html", b.data);
    assert_non_null(strstr(
        b.data,
        "<li><h2><a href=\"/tyrb/\">太原日报</a></h2><p><a href=\"/tyrb/2023-02-07/\">最新一期：2023年2月7日 星期二</a></p></li>"));
    assert_null(strstr(b.data, "/other/"));
    buf_reset(&b);
    o.lang = RENDER_LANG_EN;
    dates[0][0] = '\0';
    render_home(&o, p, (const char(*)[11])dates, 2, &b);
    assert_non_null(strstr(b.data, "<p class=\"empty\">No issues yet.</p>"));
    buf_reset(&b);
    render_home(&o, NULL, NULL, 0, &b);
    assert_non_null(strstr(b.data, "No issues yet."));
    buf_release(&b);
}

static void error_pages_are_generic(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct buf b = BUF_INIT(1 << 20);

    (void)state;
    render_error(&o, 500, &b);
    assert_non_null(strstr(b.data, "<h1>500 出错了</h1>"));
    assert_non_null(strstr(b.data, "服务器内部错误"));
    buf_reset(&b);
    o.lang = RENDER_LANG_EN;
    render_error(&o, 400, &b);
    assert_non_null(strstr(b.data, "<html lang=\"en\">"));
    assert_non_null(strstr(b.data, "<h1>400 Something went wrong</h1>"));
    assert_non_null(strstr(b.data, "The request was not valid."));
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(february_2023_starts_on_wednesday),
        cmocka_unit_test(leap_february_has_29_days),
        cmocka_unit_test(not_found_keeps_paper_navigation),
        cmocka_unit_test(home_lists_papers_or_says_none),
        cmocka_unit_test(error_pages_are_generic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
