/*
 * Tests for web/web_negotiate.c: Accept-Encoding and Accept-Language with
 * q-values, cookies, query parameters, ETag matching, the /_textsize
 * open-redirect guard.
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "web/web_int.h"

#define ALL ((1u << WEB_ENC_GZIP) | (1u << WEB_ENC_BR) | 1u)

static enum web_encoding enc(const char *v, unsigned avail)
{
    return web_accept_encoding(str_from(v), avail);
}

static void accept_encoding_prefers_br_then_gzip(void **state)
{
    (void)state;
    assert_int_equal(enc("", ALL), WEB_ENC_IDENTITY);
    assert_int_equal(enc("gzip", ALL), WEB_ENC_GZIP);
    assert_int_equal(enc("gzip, deflate, br", ALL), WEB_ENC_BR);
    assert_int_equal(enc("br;q=0, gzip", ALL), WEB_ENC_GZIP);
    assert_int_equal(enc("br;q=0.0, gzip;q=0", ALL), WEB_ENC_IDENTITY);
    assert_int_equal(enc("BR ; Q=0.5", ALL), WEB_ENC_BR);
    assert_int_equal(enc("*", ALL), WEB_ENC_BR);
    assert_int_equal(enc("*;q=0", ALL), WEB_ENC_IDENTITY);
    assert_int_equal(enc("*, br;q=0", ALL), WEB_ENC_GZIP);
    assert_int_equal(enc("x-gzip", ALL), WEB_ENC_GZIP);
    assert_int_equal(enc("br, gzip", 1u | (1u << WEB_ENC_GZIP)), WEB_ENC_GZIP);
    assert_int_equal(enc("br", 1u), WEB_ENC_IDENTITY);
    assert_int_equal(enc("deflate, compress", ALL), WEB_ENC_IDENTITY);
    assert_int_equal(enc("gzip;q=0.001", ALL), WEB_ENC_GZIP);
}

static void accept_language_uses_first_preference(void **state)
{
    (void)state;
    assert_int_equal(web_accept_language(STR("")), RENDER_LANG_ZH);
    assert_int_equal(web_accept_language(STR("en")), RENDER_LANG_EN);
    assert_int_equal(web_accept_language(STR("en-GB,en;q=0.9")),
                     RENDER_LANG_EN);
    assert_int_equal(web_accept_language(STR("zh-CN,zh;q=0.9,en;q=0.8")),
                     RENDER_LANG_ZH);
    assert_int_equal(web_accept_language(STR("zh;q=0.5, en;q=0.8")),
                     RENDER_LANG_EN);
    assert_int_equal(web_accept_language(STR("fr, en;q=0.9")), RENDER_LANG_ZH);
    assert_int_equal(web_accept_language(STR("eng")), RENDER_LANG_ZH);
    assert_int_equal(web_accept_language(STR("en;q=0")), RENDER_LANG_ZH);
    assert_int_equal(web_accept_language(STR("EN-us")), RENDER_LANG_EN);
}

static void cookies_and_query_parameters(void **state)
{
    struct str v;
    char out[64];
    (void)state;
    assert_true(web_cookie_get(STR("a=1; folio_ts=3; b=x"), "folio_ts", &v));
    assert_true(str_eqs(v, "3"));
    assert_true(web_cookie_get(STR("folio_lang=en"), "folio_lang", &v));
    assert_true(str_eqs(v, "en"));
    assert_false(web_cookie_get(STR("xfolio_ts=3"), "folio_ts", &v));
    assert_false(web_cookie_get(STR(""), "folio_ts", &v));

    assert_true(web_query_get(STR("d=up&back=%2Fa%2F"), "back", &v));
    assert_true(str_eqs(v, "%2Fa%2F"));
    assert_true(web_percent_decode(v, out, sizeof(out)));
    assert_string_equal(out, "/a/");
    assert_true(web_query_get(STR("lang"), "lang", &v));
    assert_int_equal(v.len, 0);
    assert_false(web_query_get(STR("xlang=en"), "lang", &v));
    assert_false(web_percent_decode(STR("%2"), out, sizeof(out)));
    assert_false(web_percent_decode(STR("%zz"), out, sizeof(out)));
    assert_false(web_percent_decode(STR("a%00b"), out, sizeof(out)));
    assert_false(web_percent_decode(STR("abcdef"), out, 4));
}

static void etag_matching_is_weak_comparison(void **state)
{
    (void)state;
    assert_true(web_etag_match(STR("\"abc\""), "\"abc\""));
    assert_true(web_etag_match(STR("W/\"abc\""), "\"abc\""));
    assert_true(web_etag_match(STR("\"x\", \"abc\""), "\"abc\""));
    assert_true(web_etag_match(STR("*"), "\"abc\""));
    assert_false(web_etag_match(STR("\"abd\""), "\"abc\""));
    assert_false(web_etag_match(STR("abc"), "\"abc\""));
    assert_false(web_etag_match(STR(""), "\"abc\""));
}

static void textsize_back_refuses_open_redirects(void **state)
{
    (void)state;
    assert_true(web_local_path_ok("/"));
    assert_true(web_local_path_ok("/tyrb/2023-02-07/01/a1?lang=en"));
    assert_false(web_local_path_ok("//evil.com"));
    assert_false(web_local_path_ok("//evil.com/x"));
    assert_false(web_local_path_ok("/\\evil.com"));
    assert_false(web_local_path_ok("https://x"));
    assert_false(web_local_path_ok("http:/x"));
    assert_false(web_local_path_ok("evil.com"));
    assert_false(web_local_path_ok(""));
    assert_false(web_local_path_ok(NULL));
    assert_false(web_local_path_ok("/a\r\nSet-Cookie: x=1"));
    assert_false(web_local_path_ok("/a b"));
}

static const char *esc(const char *in)
{
    static char out[256];
    if (!web_location_escape(in, out, sizeof(out)))
        return "(refused)";
    return out;
}

/* The decoded back= path goes into Location re-encoded: raw bytes, quotes
 * and angle brackets escaped, valid escapes and the query kept. */
static void location_path_is_reencoded(void **state)
{
    (void)state;
    assert_string_equal(esc("/"), "/");
    assert_string_equal(esc("/tyrb/2023-02-07/01/a1?lang=en&x=1"),
                        "/tyrb/2023-02-07/01/a1?lang=en&x=1");
    assert_string_equal(esc("/a\"><script>"), "/a%22%3E%3Cscript%3E");
    assert_string_equal(esc("/\xe6\xb0\x91?q=\xe7\x94\x9f"),
                        "/%E6%B0%91?q=%E7%94%9F");
    assert_string_equal(esc("/a%20b"), "/a%20b");
    assert_string_equal(esc("/a%zz%"), "/a%25zz%25");
    assert_string_equal(esc("/a#frag{|}^`"), "/a%23frag%7B%7C%7D%5E%60");
    assert_string_equal(esc("/a\r\nSet-Cookie: x"), "/a%0D%0ASet-Cookie:%20x");
    assert_string_equal(esc("/~a-b_c.d!$&'()*+,;=:@"),
                        "/~a-b_c.d!$&'()*+,;=:@");
    {
        char small[8];
        assert_false(
            web_location_escape("/\xe6\xb0\x91", small, sizeof(small)));
        assert_true(web_location_escape("/abcdef", small, sizeof(small)));
        assert_string_equal(small, "/abcdef");
    }
}

/* If-Modified-Since: the three HTTP-date forms (RFC 9110 §5.6.7); 304 only
 * for a date at or after Last-Modified and not after now (as nginx). */
static void if_modified_since_forms_and_future(void **state)
{
    /* Sun, 06 Nov 1994 08:49:37 GMT */
    const int64_t lm = 784111777, now = 1800000000;
    (void)state;
    assert_true(
        web_not_modified(str_from("Sun, 06 Nov 1994 08:49:37 GMT"), lm, now));
    assert_true(
        web_not_modified(str_from("Sunday, 06-Nov-94 08:49:37 GMT"), lm, now));
    assert_true(
        web_not_modified(str_from("Sun Nov  6 08:49:37 1994"), lm, now));
    assert_true(
        web_not_modified(str_from("Mon, 07 Nov 1994 00:00:00 GMT"), lm, now));
    assert_true(
        web_not_modified(str_from("Monday, 07-Nov-94 00:00:00 GMT"), lm, now));
    assert_true(
        web_not_modified(str_from("Mon Nov 14 08:49:37 1994"), lm, now));
    /* one second before Last-Modified: modified */
    assert_false(
        web_not_modified(str_from("Sun, 06 Nov 1994 08:49:36 GMT"), lm, now));
    assert_false(
        web_not_modified(str_from("Sunday, 06-Nov-94 08:49:36 GMT"), lm, now));
    assert_false(
        web_not_modified(str_from("Sun Nov  6 08:49:36 1994"), lm, now));
    /* later than now: never 304 */
    assert_false(
        web_not_modified(str_from("Fri, 01 Jan 2100 00:00:00 GMT"), lm, now));
    assert_false(
        web_not_modified(str_from("Fri Jan  1 00:00:00 2100"), lm, now));
    /* RFC 850 two-digit years: more than 50 years ahead is the past */
    assert_true(
        web_not_modified(str_from("Friday, 01-Jan-27 00:00:00 GMT"), lm, now));
    assert_false(
        web_not_modified(str_from("Sunday, 01-Jan-90 00:00:00 GMT"), lm, now));
    /* junk and near misses */
    assert_false(web_not_modified(str_from(""), lm, now));
    assert_false(web_not_modified(str_from("junk"), lm, now));
    assert_false(
        web_not_modified(str_from("Sun Nov 6 08:49:37 1994"), lm, now));
    assert_false(
        web_not_modified(str_from("Sun Nov  6 08:49:37 1994 "), lm, now));
    assert_false(web_not_modified(str_from("Sunday, 06-Nov-1994 08:49:37 GMT"),
                                  lm, now));
    assert_false(
        web_not_modified(str_from("Sunday, 31-Feb-94 08:49:37 GMT"), lm, now));
    assert_false(
        web_not_modified(str_from("Sun Xyz  6 08:49:37 1994"), lm, now));
    assert_false(
        web_not_modified(str_from("Sun Nov  6 24:49:37 1994"), lm, now));
    assert_false(
        web_not_modified(str_from("Sun, 06 Nov 1994 08:49:37 GMT"), 0, now));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accept_encoding_prefers_br_then_gzip),
        cmocka_unit_test(accept_language_uses_first_preference),
        cmocka_unit_test(cookies_and_query_parameters),
        cmocka_unit_test(etag_matching_is_weak_comparison),
        cmocka_unit_test(textsize_back_refuses_open_redirects),
        cmocka_unit_test(location_path_is_reencoded),
        cmocka_unit_test(if_modified_since_forms_and_future),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
