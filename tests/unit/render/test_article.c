/* Tests for render/render_article.c: story, continuation, 上一篇/下一篇. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "render/render.h"
#include "render_fixture.h"

static char *article_html(const struct render_opts *o,
                          struct issue *iss,
                          size_t pi,
                          size_t ai)
{
    struct render_issue_ctx ctx;
    struct buf b = BUF_INIT(1 << 20);

    memset(&ctx, 0, sizeof(ctx));
    ctx.issue = iss;
    render_article_view(o, &ctx, pi, ai, &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    return buf_detach(&b, NULL);
}

static void first_article_has_story_and_no_prev(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = article_html(&o, iss, 0, 0);

    (void)state;
    fx_dump("article-a1.html", h);
    assert_non_null(strstr(h, "<title>头条新闻 – 太原日报 2023-02-07</title>"));
    assert_non_null(strstr(
        h,
        "<header class=\"story-head\">\n<p class=\"kicker\">引题一</p>\n"
        "<h1 class=\"headline\">头条新闻</h1>\n<p class=\"subhead\">副题一</p>\n"
        "<p class=\"byline\">本报记者 王明</p>\n</header>"));
    assert_non_null(strstr(
        h, "<p>第一段。</p>\n<p>第二段 &lt;b&gt;不是标签&lt;/b&gt;。</p>"));
    assert_non_null(strstr(
        h,
        "<li class=\"prev-article\"><span class=\"off\">上一篇</span></li>"));
    assert_non_null(strstr(
        h,
        "<a href=\"/tyrb/2023-02-07/01/a2\" rel=\"next\"><span class=\"step\">下一篇</span>"));
    /* 转第03版 to the continued part. */
    assert_non_null(strstr(
        h,
        "<p class=\"cont cont-to\"><a href=\"/tyrb/2023-02-07/03/a1-cont\">转第03版</a></p>"));
    assert_null(strstr(h, "上接"));
    assert_null(strstr(h, "<figure>"));
    /* Text size works without JavaScript. */
    assert_non_null(strstr(
        h,
        "<a class=\"ts-btn\" data-ts=\"up\" rel=\"nofollow\" "
        "href=\"/_textsize?d=up&amp;back=%2Ftyrb%2F2023-02-07%2F01%2Fa1\">放大</a>"));
    assert_non_null(strstr(h, "data-ts=\"down\""));
    assert_non_null(strstr(h, ">缩小</a>"));
    assert_non_null(strstr(h, "href=\"/_textsize?d=reset&amp;back="));
    assert_non_null(strstr(h, ">默认</a>"));
    assert_non_null(strstr(
        h,
        "<a href=\"/tyrb/2023-02-07/01/a1\" aria-current=\"page\">头条新闻</a>"));
    free(h);
    issue_free(iss);
}

static void prev_next_cross_page_boundaries(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = article_html(&o, iss, 0, 1);

    (void)state;
    fx_dump("article-a2.html", h);
    /* a2 is last on page 1: next is b1 on page 2. */
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/01/a1\" rel=\"prev\">"));
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/02/b1\" rel=\"next\">"));
    /* Escaped headline, no kicker/subhead/byline elements. */
    assert_non_null(strstr(
        h,
        "<h1 class=\"headline\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</h1>"));
    assert_non_null(strstr(
        h,
        "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; – 太原日报"));
    assert_null(strstr(h, "<script>alert"));
    assert_null(strstr(h, "class=\"kicker\""));
    assert_null(strstr(h, "class=\"subhead\""));
    assert_null(strstr(h, "class=\"byline\""));
    free(h);
    h = article_html(&o, iss, 2, 0);
    /* a1-cont, first on page 3: prev is b2 on page 2. */
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/02/b2\" rel=\"prev\">"));
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/03/c2\" rel=\"next\">"));
    free(h);
    issue_free(iss);
}

static void last_article_has_no_next(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = article_html(&o, iss, 2, 1);

    (void)state;
    assert_non_null(strstr(
        h,
        "<li class=\"next-article\"><span class=\"off\">下一篇</span></li>"));
    assert_non_null(
        strstr(h, "<a href=\"/tyrb/2023-02-07/03/a1-cont\" rel=\"prev\">"));
    assert_null(strstr(h, "rel=\"next\"><span class=\"step\">"));
    free(h);
    issue_free(iss);
}

static void continued_article_has_picture_and_back_link(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = article_html(&o, iss, 2, 0);

    (void)state;
    fx_dump("article-a1-cont.html", h);
    assert_non_null(strstr(
        h,
        "<p class=\"cont cont-from\"><a href=\"/tyrb/2023-02-07/01/a1\">上接第01版</a></p>"));
    assert_null(strstr(h, "转第"));
    assert_non_null(strstr(
        h,
        "<figure>\n<img src=\"/media/dddd4444.jpg\" alt=\"晋祠的&quot;雪景&quot;\" loading=\"lazy\">\n"
        "<figcaption>晋祠的&quot;雪景&quot;</figcaption>\n</figure>"));
    free(h);
    issue_free(iss);
}

/* A story in another language than its paper's carries lang. */
static void article_lang_marks_the_story(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h;

    (void)state;
    h = article_html(&o, iss, 0, 0);
    assert_non_null(strstr(h, "<article class=\"story\">"));
    free(h);
    iss->pages[0].articles[0].lang = fx_dup("en-GB");
    h = article_html(&o, iss, 0, 0);
    assert_non_null(strstr(h, "<article class=\"story\" lang=\"en-GB\">"));
    free(h);
    /* same as the paper's language: nothing to mark */
    free(iss->pages[0].articles[0].lang);
    iss->pages[0].articles[0].lang = fx_dup("zh-cn");
    h = article_html(&o, iss, 0, 0);
    assert_non_null(strstr(h, "<article class=\"story\">"));
    free(h);
    issue_free(iss);
}

static void english_and_text_size_class(void **state)
{
    struct render_opts o = { RENDER_LANG_EN, -2, false, NULL, false };
    struct issue *iss = fx_issue();
    char *h = article_html(&o, iss, 0, 0);

    (void)state;
    fx_dump("article-a1-en.html", h);
    assert_non_null(strstr(h, "<body class=\"ts-2 view-article\">"));
    assert_non_null(strstr(h, "<article class=\"story\" lang=\"zh-CN\">"));
    assert_non_null(strstr(
        h,
        "<p class=\"cont cont-to\" lang=\"en\"><a href=\"/tyrb/2023-02-07/03/a1-cont\">Continued on page 03</a></p>"));
    assert_non_null(strstr(h, ">Larger</a>"));
    assert_non_null(strstr(h, ">Smaller</a>"));
    assert_non_null(strstr(h, ">Default</a>"));
    assert_non_null(strstr(h, "<span class=\"step\">Next article</span>"));
    assert_non_null(strstr(h, "<span class=\"off\">Previous article</span>"));
    free(h);
    o.text_size = 9; /* clamped */
    h = article_html(&o, iss, 2, 0);
    assert_non_null(strstr(h, "<body class=\"ts4 view-article\">"));
    assert_non_null(strstr(h, ">Continued from page 01</a>"));
    free(h);
    o.text_size = 3;
    o.lang_in_query = true;
    h = article_html(&o, iss, 0, 0);
    assert_non_null(strstr(h, "<body class=\"ts3 view-article\">"));
    assert_non_null(
        strstr(h, "back=%2Ftyrb%2F2023-02-07%2F01%2Fa1%3Flang%3Den\""));
    free(h);
    issue_free(iss);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_article_has_story_and_no_prev),
        cmocka_unit_test(prev_next_cross_page_boundaries),
        cmocka_unit_test(last_article_has_no_next),
        cmocka_unit_test(continued_article_has_picture_and_back_link),
        cmocka_unit_test(article_lang_marks_the_story),
        cmocka_unit_test(english_and_text_size_class),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
