/* Tests for render/render_escape.c: HTML, attribute, URL, JSON escaping. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "render/render.h"

static void
check(void (*fn)(struct buf *, const char *), const char *in, const char *want)
{
    struct buf b = BUF_INIT(4096);

    fn(&b, in);
    assert_string_equal(b.data, want);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    buf_release(&b);
}

static void html_text_escapes_each_special_char(void **state)
{
    (void)state;
    check(html_text, "&", "&amp;");
    check(html_text, "<", "&lt;");
    check(html_text, ">", "&gt;");
    check(html_text, "\"", "&quot;");
    check(html_text, "'", "&#39;");
    check(html_text, "a<b>&c", "a&lt;b&gt;&amp;c");
    check(html_text, "<script>alert(\"x\")</script>",
          "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    check(html_text, "", "");
    check(html_text, NULL, "");
}

static void html_text_passes_utf8_and_replaces_bad_bytes(void **state)
{
    (void)state;
    check(html_text, "太原日报 2023年", "太原日报 2023年");
    check(html_text, "😀", "😀");
    check(html_text, "a\tb\nc\r", "a\tb\nc\r");
    check(html_text,
          "a\x01"
          "b",
          "a\xEF\xBF\xBD"
          "b");
    check(html_text, "a\x7f", "a\xEF\xBF\xBD");
    check(html_text,
          "\xff"
          "x",
          "\xEF\xBF\xBD"
          "x");
    check(html_text, "\xe5\xa4", "\xEF\xBF\xBD\xEF\xBF\xBD");
}

static void html_attr_escapes_quotes(void **state)
{
    (void)state;
    check(html_attr, "say \"hi\" & 'bye'",
          "say &quot;hi&quot; &amp; &#39;bye&#39;");
    check(html_attr, "标题<x>", "标题&lt;x&gt;");
}

static void url_component_encodes_reserved_and_cjk(void **state)
{
    (void)state;
    check(url_component, "AZaz09-._~", "AZaz09-._~");
    check(url_component, "a b/c?d=e&f#g%", "a%20b%2Fc%3Fd%3De%26f%23g%25");
    check(url_component, "太", "%E5%A4%AA");
    check(url_component, "/tyrb/2023-02-07/01/a1?lang=en",
          "%2Ftyrb%2F2023-02-07%2F01%2Fa1%3Flang%3Den");
    check(url_component, "\"<>'", "%22%3C%3E%27");
    check(url_component, NULL, "");
}

static void json_string_escapes(void **state)
{
    (void)state;
    check(json_quote, "a\"b\\c", "\"a\\\"b\\\\c\"");
    check(json_quote, "\n\r\t\b\f\x01", "\"\\n\\r\\t\\b\\f\\u0001\"");
    check(json_quote, "</script>", "\"\\u003c/script\\u003e\"");
    check(json_quote, "&", "\"\\u0026\"");
    check(json_quote, "中文", "\"中文\"");
    check(json_quote,
          "a\xe2\x80\xa8"
          "b",
          "\"a\\u2028b\"");
    check(json_quote, NULL, "\"\"");
}

static void media_ext_by_mime(void **state)
{
    struct buf b = BUF_INIT(256);

    (void)state;
    assert_string_equal(render_media_ext("image/png"), "png");
    assert_string_equal(render_media_ext("image/jpeg"), "jpg");
    assert_string_equal(render_media_ext("image/gif"), "gif");
    assert_string_equal(render_media_ext("image/webp"), "webp");
    assert_string_equal(render_media_ext("application/pdf"), "pdf");
    assert_null(render_media_ext("text/html"));
    assert_null(render_media_ext(NULL));
    render_media_url(&b, "abc123", "image/jpeg");
    assert_string_equal(b.data, "/media/abc123.jpg");
    buf_reset(&b);
    render_media_url(&b, "abc123", "application/x-unknown");
    assert_string_equal(b.data, "/media/abc123");
    buf_release(&b);
}

static void assets_are_embedded_and_versioned(void **state)
{
    const unsigned char *data = NULL;
    size_t len = 0;
    const char *mime = NULL;
    struct buf b = BUF_INIT(256);

    (void)state;
    assert_true(render_asset_find("/static/folio.css", &data, &len, &mime));
    assert_string_equal(mime, "text/css; charset=utf-8");
    assert_true(len > 1000);
    assert_non_null(strstr((const char *)data, "@media print"));
    assert_true(render_asset_find("/static/folio.js?v=1", &data, &len, &mime));
    assert_string_equal(mime, "text/javascript; charset=utf-8");
    assert_non_null(strstr((const char *)data, "folio_ts"));
    mime = NULL;
    assert_false(render_asset_find("/static/nope.css", &data, &len, &mime));
    assert_false(render_asset_find("/static/", &data, &len, &mime));
    assert_false(render_asset_find("/folio.css", &data, &len, &mime));
    assert_null(mime);
    assert_true(render_asset_url(&b, "folio.css"));
    assert_int_equal(b.len, strlen("/static/folio.css?v=") + 8);
    assert_int_equal(strncmp(b.data, "/static/folio.css?v=", 20), 0);
    assert_false(render_asset_url(&b, "x.css"));
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_text_escapes_each_special_char),
        cmocka_unit_test(html_text_passes_utf8_and_replaces_bad_bytes),
        cmocka_unit_test(html_attr_escapes_quotes),
        cmocka_unit_test(url_component_encodes_reserved_and_cjk),
        cmocka_unit_test(json_string_escapes),
        cmocka_unit_test(media_ext_by_mime),
        cmocka_unit_test(assets_are_embedded_and_versioned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
