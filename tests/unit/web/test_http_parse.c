/* Tests for web/web_http_parse.c: framing rules, limits, pipelining. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "base/xalloc.h"
#include "web/web_int.h"

static enum http_parse_result parse(const char *s, struct http_request *r)
{
    return http_parse_request(s, strlen(s), r);
}

/* The status a complete request gets: 0 for OK, else the error status. */
static int status_of(const char *s)
{
    struct http_request r;
    enum http_parse_result res = http_parse_request(s, strlen(s), &r);
    if (res == HTTP_PARSE_OK)
        return 0;
    if (res == HTTP_PARSE_INCOMPLETE)
        return -1;
    return r.error_status;
}

static void simple_get_parses_fields(void **state)
{
    struct http_request r;
    const char *s = "GET /tyrb/2023-02-07/01/?lang=en HTTP/1.1\r\n"
                    "Host: example.org:8080\r\n"
                    "Accept-Encoding: gzip, br\r\n"
                    "Cookie: folio_ts=2\r\n"
                    "If-None-Match: \"abc\"\r\n"
                    "\r\n";
    (void)state;
    assert_int_equal(parse(s, &r), HTTP_PARSE_OK);
    assert_int_equal(r.consumed, strlen(s));
    assert_int_equal(r.method, HTTP_METHOD_GET);
    assert_true(str_eqs(r.path, "/tyrb/2023-02-07/01/"));
    assert_true(str_eqs(r.query, "lang=en"));
    assert_true(str_eqs(r.host, "example.org:8080"));
    assert_true(str_eqs(r.accept_encoding, "gzip, br"));
    assert_true(str_eqs(r.cookie, "folio_ts=2"));
    assert_true(str_eqs(r.if_none_match, "\"abc\""));
    assert_int_equal(r.minor_version, 1);
    assert_true(r.keep_alive);
}

static void keep_alive_defaults_and_connection(void **state)
{
    struct http_request r;
    (void)state;
    assert_int_equal(parse("GET / HTTP/1.0\r\n\r\n", &r), HTTP_PARSE_OK);
    assert_false(r.keep_alive);
    assert_int_equal(
        parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &r),
        HTTP_PARSE_OK);
    assert_true(r.keep_alive);
    assert_int_equal(
        parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", &r),
        HTTP_PARSE_OK);
    assert_false(r.keep_alive);
    assert_int_equal(parse("HEAD / HTTP/1.1\nHost: a\n\n", &r), HTTP_PARSE_OK);
    assert_int_equal(r.method, HTTP_METHOD_HEAD);
    assert_true(r.keep_alive);
}

static void ambiguous_framing_is_400(void **state)
{
    (void)state;
    /* Content-Length with Transfer-Encoding */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: "
                               "0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                     400);
    assert_int_equal(
        status_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-"
                  "Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
        400);
    /* two Content-Lengths, even equal */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: "
                               "0\r\nContent-Length: 0\r\n\r\n"),
                     400);
    /* any Transfer-Encoding on GET */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n"),
                     400);
    /* obs-fold */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n"
                               " folded\r\n\r\n"),
                     400);
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n"
                               "\tfolded\r\n\r\n"),
                     400);
    /* missing Host on HTTP/1.1; fine on 1.0 */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nX: y\r\n\r\n"), 400);
    assert_int_equal(status_of("GET / HTTP/1.0\r\n\r\n"), 0);
    /* two Hosts */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                     400);
    /* space or NUL before the colon */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost : a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n"), 400);
    {
        static const char nul[] = "GET / HTTP/1.1\r\nHost: a\r\nX\0: b\r\n\r\n";
        struct http_request r;
        assert_int_equal(http_parse_request(nul, sizeof(nul) - 1, &r),
                         HTTP_PARSE_ERROR);
        assert_int_equal(r.error_status, 400);
    }
    /* CTL in a value, bare CR */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\nX: a\x01"
                               "b\r\n\r\n"),
                     400);
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n"), 400);
    /* bad Content-Length value */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: "
                               "1,1\r\n\r\n"),
                     400);
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: "
                               "-1\r\n\r\n"),
                     400);
    /* bad Host value */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"), 400);
}

static void bad_request_line_is_400_or_505(void **state)
{
    (void)state;
    assert_int_equal(status_of("GET\r\n\r\n"), 400);
    assert_int_equal(status_of("GET / \r\n\r\n"), 400);
    assert_int_equal(status_of("GET /\r\n\r\n"), 400); /* HTTP/0.9 */
    assert_int_equal(status_of("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET / HTTP/1.1 \r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET a HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET /%4 HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET /\x80 HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("G(T / HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET / HTTP/1.x\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET / http/1.1\r\nHost: a\r\n\r\n"), 400);
    assert_int_equal(status_of("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
    assert_int_equal(status_of("GET / HTTP/1.2\r\nHost: a\r\n\r\n"), 505);
    assert_int_equal(status_of("GET / HTTP/0.9\r\nHost: a\r\n\r\n"), 505);
}

static void absolute_form_target_uses_its_path(void **state)
{
    struct http_request r;
    (void)state;
    assert_int_equal(
        parse("GET http://x.org/tyrb/?a=1 HTTP/1.1\r\nHost: x.org\r\n\r\n", &r),
        HTTP_PARSE_OK);
    assert_true(str_eqs(r.path, "/tyrb/"));
    assert_true(str_eqs(r.query, "a=1"));
    assert_int_equal(parse("GET http://x.org HTTP/1.1\r\nHost: x\r\n\r\n", &r),
                     HTTP_PARSE_OK);
    assert_true(str_eqs(r.path, "/"));
    assert_int_equal(status_of("GET ftp://x/ HTTP/1.1\r\nHost: a\r\n\r\n"),
                     400);
}

static void other_methods_parse_for_405(void **state)
{
    struct http_request r;
    const char *s = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
    (void)state;
    assert_int_equal(parse(s, &r), HTTP_PARSE_OK);
    assert_int_equal(r.method, HTTP_METHOD_OTHER);
    assert_true(str_eqs(r.method_name, "POST"));
    assert_false(r.keep_alive); /* the body is never read: close */
}

static void limits_414_431_413(void **state)
{
    struct buf b = BUF_INIT(1 << 20);
    struct http_request r;
    int i;
    (void)state;

    /* request line of 8 KiB + 1 without its end yet: 414 early */
    buf_adds(&b, "GET /");
    for (i = 0; i < WEB_MAX_REQUEST_LINE; i++)
        buf_addc(&b, 'a');
    assert_int_equal(http_parse_request(b.data, b.len, &r), HTTP_PARSE_ERROR);
    assert_int_equal(r.error_status, 414);
    buf_adds(&b, " HTTP/1.1\r\nHost: a\r\n\r\n");
    assert_int_equal(http_parse_request(b.data, b.len, &r), HTTP_PARSE_ERROR);
    assert_int_equal(r.error_status, 414);

    /* just under the limit is fine */
    buf_reset(&b);
    buf_adds(&b, "GET /");
    for (i = 0; i < WEB_MAX_REQUEST_LINE - 14; i++)
        buf_addc(&b, 'a');
    buf_adds(&b, " HTTP/1.1\r\nHost: a\r\n\r\n");
    assert_int_equal(http_parse_request(b.data, b.len, &r), HTTP_PARSE_OK);

    /* 101 fields */
    buf_reset(&b);
    buf_adds(&b, "GET / HTTP/1.1\r\nHost: a\r\n");
    for (i = 0; i < WEB_MAX_HEADER_COUNT; i++)
        buf_addf(&b, "X-%d: y\r\n", i);
    buf_adds(&b, "\r\n");
    assert_int_equal(http_parse_request(b.data, b.len, &r), HTTP_PARSE_ERROR);
    assert_int_equal(r.error_status, 431);

    /* 16 KiB of header bytes, complete or not */
    buf_reset(&b);
    buf_adds(&b, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: ");
    for (i = 0; i < WEB_MAX_HEADER_BYTES; i++)
        buf_addc(&b, 'b');
    assert_int_equal(http_parse_request(b.data, b.len, &r), HTTP_PARSE_ERROR);
    assert_int_equal(r.error_status, 431);
    buf_adds(&b, "\r\n\r\n");
    assert_int_equal(http_parse_request(b.data, b.len, &r), HTTP_PARSE_ERROR);
    assert_int_equal(r.error_status, 431);

    /* a body on GET: small ones are read and dropped, big ones 413 */
    assert_int_equal(status_of("GET / HTTP/1.1\r\nHost: a\r\n"
                               "Content-Length: 100000\r\n\r\n"),
                     413);
    buf_release(&b);
}

static void small_get_body_is_consumed(void **state)
{
    struct http_request r;
    const char *s = "GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n"
                    "helloGET /b HTTP/1.1\r\nHost: a\r\n\r\n";
    size_t head = strlen("GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: "
                         "5\r\n\r\n");
    (void)state;
    /* the body has not fully arrived */
    assert_int_equal(http_parse_request(s, head + 3, &r),
                     HTTP_PARSE_INCOMPLETE);
    assert_int_equal(parse(s, &r), HTTP_PARSE_OK);
    assert_int_equal(r.consumed, head + 5);
    assert_int_equal(parse(s + r.consumed, &r), HTTP_PARSE_OK);
    assert_true(str_eqs(r.path, "/b"));
}

static void pipelined_requests_parse_in_turn(void **state)
{
    const char *s = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                    "HEAD /2 HTTP/1.1\r\nHost: a\r\n\r\n"
                    "\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"
                    "GET /4 HTTP/1.1\r\nHo";
    const char *want[] = { "/1", "/2", "/3" };
    size_t off = 0, len = strlen(s);
    struct http_request r;
    int i;
    (void)state;
    for (i = 0; i < 3; i++) {
        assert_int_equal(http_parse_request(s + off, len - off, &r),
                         HTTP_PARSE_OK);
        assert_true(str_eqs(r.path, want[i]));
        off += r.consumed;
    }
    assert_int_equal(http_parse_request(s + off, len - off, &r),
                     HTTP_PARSE_INCOMPLETE);
}

static void partial_input_needs_more(void **state)
{
    const char *s = "GET /x HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n";
    size_t i, n = strlen(s);
    struct http_request r;
    (void)state;
    for (i = 0; i < n; i++)
        assert_int_equal(http_parse_request(s, i, &r), HTTP_PARSE_INCOMPLETE);
    assert_int_equal(http_parse_request(s, n, &r), HTTP_PARSE_OK);
}

/* Bytes that cannot start a request line are refused at once, without
 * waiting for a line feed that never comes (a TLS ClientHello, garbage). */
static void non_http_prefix_is_400_at_once(void **state)
{
    static const unsigned char hello[] = { 0x16, 0x03, 0x01, 0x02, 0x00,
                                           0x01, 0x00, 0x01, 0xfc, 0x03 };
    static const char *const bad[] = {
        "\x80\x81",          "GET\t/",       "GET /\x01",
        "GET /\x7f",         "GET / XTTP",   "GET / HTTP/1.1x",
        "GET / HTTP/1.1\rx", "GET / HTTP/a", "G\x00ET /",
        "GET /a\xff",        " GET /",
    };
    static const char *const fine[] = {
        "G",
        "GET",
        "GET ",
        "GET /x?a=b",
        "GET / ",
        "GET / HTTP",
        "GET / HTTP/1",
        "GET / HTTP/1.1",
        "GET / HTTP/1.1\r",
        "\r\nGET /",
        "BREW /pot H",
    };
    struct http_request r;
    size_t i, k;
    (void)state;
    for (k = 1; k <= sizeof(hello); k++) {
        assert_int_equal(http_parse_request((const char *)hello, k, &r),
                         HTTP_PARSE_ERROR);
        assert_int_equal(r.error_status, 400);
    }
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        size_t n = strlen(bad[i]);
        if (n == 1 && bad[i][0] == 'G')
            n = 6; /* "G\0ET /": the NUL is part of the input */
        assert_int_equal(http_parse_request(bad[i], n, &r), HTTP_PARSE_ERROR);
        assert_int_equal(r.error_status, 400);
    }
    for (i = 0; i < ARRAY_SIZE(fine); i++)
        assert_int_equal(parse(fine[i], &r), HTTP_PARSE_INCOMPLETE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(simple_get_parses_fields),
        cmocka_unit_test(keep_alive_defaults_and_connection),
        cmocka_unit_test(ambiguous_framing_is_400),
        cmocka_unit_test(bad_request_line_is_400_or_505),
        cmocka_unit_test(absolute_form_target_uses_its_path),
        cmocka_unit_test(other_methods_parse_for_405),
        cmocka_unit_test(limits_414_431_413),
        cmocka_unit_test(small_get_body_is_consumed),
        cmocka_unit_test(pipelined_requests_parse_in_turn),
        cmocka_unit_test(partial_input_needs_more),
        cmocka_unit_test(non_http_prefix_is_400_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
