/*
 * Tests for web/web_cache.c: bodies compressed once and decompressing to
 * the identity body, ETags, LRU eviction under the size bound, references
 * that outlive eviction and clearing.
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <brotli/decode.h>
#include <cmocka.h>
#include <zlib.h>

#include "base/xalloc.h"
#include "web/web_int.h"

static char *page_body(size_t len, char fill)
{
    char *b = xmalloc(len + 1);
    size_t i;
    for (i = 0; i < len; i++)
        b[i] = (i % 50 == 0) ? '\n' : (char)(fill + (i % 7));
    b[len] = '\0';
    return b;
}

static struct web_cache_entry *entry(const char *key, size_t len, char fill)
{
    char *body = page_body(len, fill);
    struct web_cache_entry *e =
        web_cache_entry_new(key, strlen(key), 200, "text/html; charset=utf-8",
                            "public, max-age=60", 1700000000, body, len);
    free(body);
    return e;
}

static void bodies_are_compressed_once_and_round_trip(void **state)
{
    struct web_cache_entry *e = entry("/a|0|0|0", 20000, 'a');
    char *want = page_body(20000, 'a');
    unsigned char out[30000];
    uLongf outlen;
    size_t blen = sizeof(out);
    z_stream z;
    (void)state;

    assert_int_equal(e->body[WEB_ENC_IDENTITY].len, 20000);
    assert_memory_equal(e->body[WEB_ENC_IDENTITY].data, want, 20000);
    assert_non_null(e->body[WEB_ENC_GZIP].data);
    assert_non_null(e->body[WEB_ENC_BR].data);
    assert_true(e->body[WEB_ENC_GZIP].len < 20000);
    assert_true(e->body[WEB_ENC_BR].len < e->body[WEB_ENC_GZIP].len);

    /* gzip wrapper (1f 8b), inflates to the identity body */
    assert_int_equal((unsigned char)e->body[WEB_ENC_GZIP].data[0], 0x1f);
    assert_int_equal((unsigned char)e->body[WEB_ENC_GZIP].data[1], 0x8b);
    memset(&z, 0, sizeof(z));
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)e->body[WEB_ENC_GZIP].data;
    z.avail_in = (uInt)e->body[WEB_ENC_GZIP].len;
    z.next_out = out;
    z.avail_out = sizeof(out);
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    outlen = z.total_out;
    inflateEnd(&z);
    assert_int_equal(outlen, 20000);
    assert_memory_equal(out, want, 20000);

    assert_int_equal(BrotliDecoderDecompress(
                         e->body[WEB_ENC_BR].len,
                         (const uint8_t *)e->body[WEB_ENC_BR].data, &blen, out),
                     BROTLI_DECODER_RESULT_SUCCESS);
    assert_int_equal(blen, 20000);
    assert_memory_equal(out, want, 20000);

    /* strong ETag of the identity body */
    {
        char tag[24];
        web_etag_of(want, 20000, tag);
        assert_string_equal(tag, e->etag);
        assert_int_equal(strlen(tag), 18);
        assert_int_equal(tag[0], '"');
        want[5] ^= 1;
        web_etag_of(want, 20000, tag);
        assert_string_not_equal(tag, e->etag);
    }
    free(want);
    e->linked = false;
    {
        struct web_cache c;
        web_cache_init(&c, 1 << 20);
        web_cache_unref(&c, e);
        web_cache_release(&c);
    }
}

static void tiny_bodies_stay_identity_only(void **state)
{
    struct web_cache c;
    struct web_cache_entry *e;
    (void)state;
    web_cache_init(&c, 1 << 20);
    e = web_cache_entry_new("k", 1, 200, "text/css", NULL, 0, "a{}", 3);
    assert_null(e->body[WEB_ENC_GZIP].data);
    assert_null(e->body[WEB_ENC_BR].data);
    web_cache_unref(&c, e);
    web_cache_release(&c);
}

static void lru_evicts_least_recent_to_stay_under_bound(void **state)
{
    struct web_cache c;
    struct web_cache_entry *a, *b, *d, *got;
    size_t one;
    (void)state;

    a = entry("/a", 8000, 'a');
    one = a->size_bytes;
    /* room for four entries and a half (each must be under a quarter) */
    web_cache_init(&c, one * 4 + one / 2);
    web_cache_put(&c, a);
    web_cache_unref(&c, a);
    b = entry("/b", 8000, 'b');
    web_cache_put(&c, b);
    web_cache_unref(&c, b);
    d = entry("/d", 8000, 'd');
    web_cache_put(&c, d);
    web_cache_unref(&c, d);
    d = entry("/f", 8000, 'f');
    web_cache_put(&c, d);
    web_cache_unref(&c, d);
    assert_int_equal(c.nentries, 4);

    /* touch /a so /b is the least recently used */
    got = web_cache_get(&c, "/a", 2);
    assert_ptr_equal(got, a);
    web_cache_unref(&c, got);

    d = entry("/e", 8000, 'e');
    web_cache_put(&c, d);
    web_cache_unref(&c, d);
    assert_true(c.size_bytes <= c.max_bytes);
    assert_int_equal(c.evictions, 1);
    assert_null(web_cache_get(&c, "/b", 2));
    got = web_cache_get(&c, "/a", 2);
    assert_non_null(got);
    web_cache_unref(&c, got);
    got = web_cache_get(&c, "/e", 2);
    assert_non_null(got);
    web_cache_unref(&c, got);
    assert_true(c.hits >= 3);
    web_cache_release(&c);
}

static void oversized_entries_are_not_kept(void **state)
{
    struct web_cache c;
    struct web_cache_entry *e;
    (void)state;
    web_cache_init(&c, 40000);
    e = entry("/big", 20000, 'x');
    web_cache_put(&c, e);
    assert_int_equal(c.nentries, 0);
    assert_null(web_cache_get(&c, "/big", 4));
    web_cache_unref(&c, e);
    web_cache_release(&c);
}

static void references_outlive_clear_and_replacement(void **state)
{
    struct web_cache c;
    struct web_cache_entry *e, *held, *e2;
    (void)state;
    web_cache_init(&c, 1 << 20);
    e = entry("/p", 3000, 'p');
    web_cache_put(&c, e);
    web_cache_unref(&c, e);
    held = web_cache_get(&c, "/p", 2);
    assert_non_null(held);

    /* a publish drops everything; the writer still owns its body */
    web_cache_clear(&c);
    assert_int_equal(c.nentries, 0);
    assert_int_equal(c.size_bytes, 0);
    assert_null(web_cache_get(&c, "/p", 2));
    assert_int_equal(held->body[WEB_ENC_IDENTITY].len, 3000);
    web_cache_unref(&c, held); /* frees it (ASan checks) */

    e = entry("/q", 3000, 'q');
    web_cache_put(&c, e);
    held = e; /* keep the caller's reference */
    e2 = entry("/q", 3000, 'r');
    web_cache_put(&c, e2);
    web_cache_unref(&c, e2);
    assert_int_equal(c.nentries, 1);
    assert_int_equal(held->body[WEB_ENC_IDENTITY].data[1], 'q' + 1);
    web_cache_unref(&c, held);
    held = web_cache_get(&c, "/q", 2);
    assert_ptr_equal(held, e2);
    web_cache_unref(&c, held);
    web_cache_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bodies_are_compressed_once_and_round_trip),
        cmocka_unit_test(tiny_bodies_stay_identity_only),
        cmocka_unit_test(lru_evicts_least_recent_to_stay_under_bound),
        cmocka_unit_test(oversized_entries_are_not_kept),
        cmocka_unit_test(references_outlive_clear_and_replacement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
