/*
 * Tests for web/web_router.c and web_route_table.c: path to route and
 * parameters, trailing-slash redirects, status mapping.
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "web/web_int.h"

static enum web_match
match(const char *path, enum web_route_id *id, struct web_params *p)
{
    const struct web_route *r = NULL;
    enum web_match m;

    memset(p, 0, sizeof(*p));
    m = web_route_match(str_from(path), &r, p);
    if (m != WEB_MATCH_NONE)
        *id = r->id;
    return m;
}

static void paths_map_to_routes_and_params(void **state)
{
    enum web_route_id id;
    struct web_params p;
    (void)state;

    assert_int_equal(match("/", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_ROOT);

    assert_int_equal(match("/tyrb/", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_PAPER);
    assert_string_equal(p.paper, "tyrb");

    assert_int_equal(match("/tyrb/2023-02-07/", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_ISSUE);
    assert_string_equal(p.date, "2023-02-07");

    assert_int_equal(match("/tyrb/2023-02-07/03/", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_PAGE);
    assert_int_equal(p.page, 3);

    assert_int_equal(match("/tyrb/2023-02-07/03/a-1_x", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_ARTICLE);
    assert_int_equal(p.page, 3);
    assert_string_equal(p.article, "a-1_x");

    assert_int_equal(match("/tyrb/2023-02-07/12.pdf", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_PDF);
    assert_int_equal(p.page, 12);

    assert_int_equal(match("/tyrb/2023/02/", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_CALENDAR);
    assert_int_equal(p.year, 2023);
    assert_int_equal(p.month, 2);

    assert_int_equal(match("/media/"
                           "0123456789abcdef0123456789abcdef0123456789abcdef012"
                           "3456789abcdef.png",
                           &id, &p),
                     WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_MEDIA);
    assert_string_equal(p.media_ext, "png");
    assert_int_equal(strlen(p.media), 64);

    assert_int_equal(match("/static/folio.css", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_STATIC);
    assert_true(str_eqs(p.rest, "folio.css"));

    assert_int_equal(match("/_textsize", &id, &p), WEB_MATCH_OK);
    assert_int_equal(id, WEB_ROUTE_TEXTSIZE);
}

static void page_numbers_have_one_spelling(void **state)
{
    enum web_route_id id;
    struct web_params p;
    (void)state;
    assert_int_equal(match("/tyrb/2023-02-07/1/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-02-07/00/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-02-07/001/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-02-07/099/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-02-07/100/", &id, &p), WEB_MATCH_OK);
    assert_int_equal(p.page, 100);
    assert_int_equal(match("/tyrb/2023-02-07/999/", &id, &p), WEB_MATCH_OK);
    assert_int_equal(match("/tyrb/2023-02-07/1000/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-02-07/0a/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-02-07/1.pdf", &id, &p), WEB_MATCH_NONE);
}

static void impossible_dates_do_not_match(void **state)
{
    enum web_route_id id;
    struct web_params p;
    (void)state;
    assert_int_equal(match("/tyrb/2023-02-30/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-13-01/01/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-2-07/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2024-02-29/", &id, &p), WEB_MATCH_OK);
    assert_int_equal(match("/tyrb/2023/13/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023/00/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/0000/01/", &id, &p), WEB_MATCH_NONE);
}

static void missing_trailing_slash_redirects(void **state)
{
    enum web_route_id id;
    struct web_params p;
    (void)state;
    assert_int_equal(match("/tyrb", &id, &p), WEB_MATCH_ADDSLASH);
    assert_int_equal(id, WEB_ROUTE_PAPER);
    assert_int_equal(match("/tyrb/2023-02-07", &id, &p), WEB_MATCH_ADDSLASH);
    assert_int_equal(id, WEB_ROUTE_ISSUE);
    assert_int_equal(match("/tyrb/2023-02-07/01", &id, &p), WEB_MATCH_ADDSLASH);
    assert_int_equal(id, WEB_ROUTE_PAGE);
    assert_int_equal(match("/tyrb/2023/02", &id, &p), WEB_MATCH_ADDSLASH);
    assert_int_equal(id, WEB_ROUTE_CALENDAR);
    /* the article and pdf forms have no slash; adding one is a 404 */
    assert_int_equal(match("/tyrb/2023-02-07/01/a1/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-02-07/01.pdf/", &id, &p),
                     WEB_MATCH_NONE);
}

static void junk_paths_do_not_match(void **state)
{
    enum web_route_id id;
    struct web_params p;
    (void)state;
    assert_int_equal(match("", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("//", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb//2023-02-07/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/TYRB/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/ty%20rb/", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/tyrb/2023-02-07/01/a.b", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/media/abc.png", &id, &p), WEB_MATCH_NONE);
    assert_int_equal(match("/media/"
                           "0123456789abcdef0123456789abcdef0123456789abcdef012"
                           "3456789abcdef.exe",
                           &id, &p),
                     WEB_MATCH_NONE);
    assert_int_equal(match("/media/"
                           "0123456789ABCDEF0123456789abcdef0123456789abcdef012"
                           "3456789abcdef.png",
                           &id, &p),
                     WEB_MATCH_NONE);
    assert_int_equal(match("/a/b/c/d/e/f/g/h/i/j", &id, &p), WEB_MATCH_NONE);
}

static void rc_maps_to_status_in_one_place(void **state)
{
    (void)state;
    assert_int_equal(web_status_for_rc(FOLIO_OK), 200);
    assert_int_equal(web_status_for_rc(FOLIO_ERR_INVALID), 400);
    assert_int_equal(web_status_for_rc(FOLIO_ERR_NOT_FOUND), 404);
    assert_int_equal(web_status_for_rc(FOLIO_ERR_CONFLICT), 409);
    assert_int_equal(web_status_for_rc(FOLIO_ERR_TOO_LARGE), 413);
    assert_int_equal(web_status_for_rc(FOLIO_ERR_IO), 500);
    assert_int_equal(web_status_for_rc(FOLIO_ERR_DB), 500);
    assert_int_equal(web_status_for_rc(FOLIO_ERR_UNSUPPORTED), 500);
    assert_string_equal(web_reason(404), "Not Found");
    assert_string_equal(web_reason(431), "Request Header Fields Too Large");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths_map_to_routes_and_params),
        cmocka_unit_test(page_numbers_have_one_spelling),
        cmocka_unit_test(impossible_dates_do_not_match),
        cmocka_unit_test(missing_trailing_slash_redirects),
        cmocka_unit_test(junk_paths_do_not_match),
        cmocka_unit_test(rc_maps_to_status_in_one_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
