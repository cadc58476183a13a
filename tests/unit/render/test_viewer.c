/*
 * Tests for render/render_viewer.c: the page replica parts of the page
 * view (viewer data, zoom buttons, thumbnails, whole-issue PDF, spread).
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "render/render.h"
#include "render_fixture.h"

#define HEX_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HEX_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define HEX_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define HEX_P "0000000000000000000000000000000000000000000000000000000000000000"

static char *view(const struct render_opts *o, struct issue *iss, size_t pi)
{
    struct render_issue_ctx ctx;
    struct buf b = BUF_INIT(1 << 20);

    memset(&ctx, 0, sizeof(ctx));
    ctx.issue = iss;
    render_page_view(o, &ctx, pi, &b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    return buf_detach(&b, NULL);
}

static void set(char **field, const char *v)
{
    free(*field);
    *field = v ? fx_dup(v) : NULL;
}

/*
 * The fixture with real SHA-256 names: page 1 a PNG scan + PDF, page 2 a
 * PDF only (1000 x 1400 pt), page 3 a JPEG scan + PDF.
 */
static struct issue *replica_issue(void)
{
    struct issue *iss = fx_issue();

    set(&iss->pages[0].image_media, HEX_A);
    set(&iss->pages[0].pdf_media, HEX_P);
    set(&iss->pages[1].pdf_media, HEX_B);
    iss->pages[1].width = 1000;
    iss->pages[1].height = 1400;
    set(&iss->pages[2].image_media, HEX_C);
    set(&iss->pages[2].pdf_media, HEX_P);
    return iss;
}

static void viewer_data_thumbs_and_scripts(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = replica_issue();
    char *h = view(&o, iss, 0);
    long osd, js;

    (void)state;
    fx_dump("viewer01.html", h);
    /* the scan itself without JS, IIIF tiles and the same image for JS */
    assert_non_null(
        strstr(h, "<div class=\"page-figure\" data-image=\"/media/" HEX_A
                  ".png\" data-iiif=\"/iiif/" HEX_A
                  "/info.json\" data-w=\"1000\" data-h=\"1400\">"));
    assert_non_null(
        strstr(h, "<img class=\"page-img\" src=\"/media/" HEX_A ".png\""));
    /* viewer script first, both deferred */
    osd = fx_pos(h, "<script src=\"/static/openseadragon.min.js?v=");
    js = fx_pos(h, "<script src=\"/static/folio.js?v=");
    assert_true(osd > 0 && js > osd);
    /* zoom buttons hidden until the script shows them */
    assert_non_null(strstr(h, "<div class=\"viewer-tools\" role=\"group\" "
                              "hidden aria-label=\"版面缩放\"><button "
                              "type=\"button\" data-zoom=\"in\">放大版面"));
    /* thumbnails: every page, derivative thumbs, current marked */
    assert_non_null(
        strstr(h, "<nav class=\"thumbs\" aria-label=\"版面缩略图\">"));
    assert_int_equal(fx_count(h, "<span class=\"thumb-label\">"), 3);
    assert_non_null(strstr(h,
                           "<li><a href=\"/tyrb/2023-02-07/01/\" "
                           "aria-current=\"page\"><img src=\"/img/" HEX_A
                           "/thumb\" width=\"1000\" height=\"1400\" alt=\"\""));
    assert_non_null(strstr(h, "<li><a href=\"/tyrb/2023-02-07/02/\"><img "
                              "src=\"/img/" HEX_B "/thumb\""));
    assert_non_null(strstr(h, "02版 <span>经济</span></span></a></li>"));
    /* every page has a PDF: the whole issue can be downloaded */
    assert_non_null(strstr(h, "<a class=\"dl\" href=\"/tyrb/2023-02-07.pdf\" "
                              "type=\"application/pdf\">下载全部版面PDF</a>"));
    /* page 1 stands alone: no spread toggle */
    assert_null(strstr(h, "spread=1"));
    assert_null(strstr(h, "spread-pair"));
    free(h);
    issue_free(iss);
}

static void pdf_only_page_shows_screen_derivative(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = replica_issue();
    char *h = view(&o, iss, 1);

    (void)state;
    assert_non_null(strstr(h, "data-image=\"/img/" HEX_B "/screen\" "
                              "data-iiif=\"/iiif/" HEX_B "/info.json\""));
    assert_non_null(
        strstr(h, "<img class=\"page-img\" src=\"/img/" HEX_B "/screen\""));
    assert_non_null(
        strstr(h, "<svg class=\"zones\" viewBox=\"0 0 1000 1400\""));
    assert_null(strstr(h, "headline-list"));
    /* pages 02 and 03 face each other: the toggle is offered */
    assert_non_null(strstr(h, "<li class=\"spread-toggle\"><a "
                              "href=\"/tyrb/2023-02-07/02/?spread=1\" "
                              "rel=\"nofollow\">双版阅读</a></li>"));
    free(h);
    issue_free(iss);
}

static void spread_shows_facing_pages_in_order(void **state)
{
    struct render_opts o = { RENDER_LANG_EN, 0, true, NULL, true };
    struct issue *iss = replica_issue();
    char *h = view(&o, iss, 2);
    long left, right;

    (void)state;
    fx_dump("viewer-spread.html", h);
    assert_non_null(strstr(h, "<body class=\"ts0 view-page spread\">"));
    assert_int_equal(fx_count(h, "<div class=\"page-figure\""), 2);
    left = fx_pos(h, "<section class=\"spread-page facing\">");
    right = fx_pos(h, "<section class=\"spread-page cur\">");
    assert_true(left > 0 && right > left);
    assert_true(fx_pos(h, "data-iiif=\"/iiif/" HEX_B) > left);
    assert_true(fx_pos(h, "data-iiif=\"/iiif/" HEX_C) > right);
    /* the current page's label is marked; links keep ?lang= */
    assert_non_null(strstr(h, "<h2 class=\"spread-label\"><a "
                              "href=\"/tyrb/2023-02-07/03/?lang=en\" "
                              "aria-current=\"page\">"));
    assert_non_null(strstr(h, "href=\"/tyrb/2023-02-07/03/?lang=en&amp;"
                              "spread=0\" rel=\"nofollow\">One page</a>"));
    assert_non_null(strstr(h, ">Whole issue (PDF)</a>"));
    assert_non_null(strstr(h, "aria-label=\"All pages\""));
    assert_non_null(strstr(h, "data-zoom=\"home\">Whole page</button>"));
    free(h);
    issue_free(iss);
}

static void front_page_alone_even_in_spread(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, true };
    struct issue *iss = replica_issue();
    char *h = view(&o, iss, 0);

    (void)state;
    assert_null(strstr(h, "spread-pair"));
    assert_int_equal(fx_count(h, "<div class=\"page-figure\""), 1);
    /* the way back to one page stays reachable */
    assert_non_null(strstr(h, "?spread=0\" rel=\"nofollow\">单版阅读</a>"));
    free(h);
    issue_free(iss);
}

static void no_issue_pdf_link_when_a_page_lacks_one(void **state)
{
    struct render_opts o = { RENDER_LANG_ZH, 0, false, NULL, false };
    struct issue *iss = fx_issue(); /* pages 2 and 3 have no PDF */
    char *h = view(&o, iss, 1);

    (void)state;
    assert_null(strstr(h, "2023-02-07.pdf"));
    /* page 2 has neither image nor PDF: headline list, no viewer */
    assert_non_null(strstr(h, "headline-list"));
    assert_null(strstr(h, "openseadragon"));
    assert_null(strstr(h, "viewer-tools"));
    /* short test hashes are not derivatives: scans show themselves */
    assert_non_null(strstr(h, "<img src=\"/media/aaaa1111.png\""));
    assert_non_null(strstr(h, "<span class=\"thumb-blank\"></span>"));
    free(h);
    issue_free(iss);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(viewer_data_thumbs_and_scripts),
        cmocka_unit_test(pdf_only_page_shows_screen_derivative),
        cmocka_unit_test(spread_shows_facing_pages_in_order),
        cmocka_unit_test(front_page_alone_even_in_spread),
        cmocka_unit_test(no_issue_pdf_link_when_a_page_lacks_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
