/* Tests for base/buf.c: growth, cap, sticky error, detach. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"

static void test_add_and_format(void **state)
{
    struct buf b = BUF_INIT(1024);
    (void)state;
    buf_adds(&b, "第");
    buf_addf(&b, "%02d版", 3);
    assert_string_equal(b.data, "第03版");
    assert_int_equal(b.len, strlen("第03版"));
    assert_int_equal(buf_status(&b), FOLIO_OK);
    buf_release(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
}

static void test_cap_is_sticky(void **state)
{
    struct buf b = BUF_INIT(8);
    (void)state;
    buf_adds(&b, "12345678");
    assert_int_equal(buf_status(&b), FOLIO_OK);
    buf_adds(&b, "9");
    assert_int_equal(buf_status(&b), FOLIO_ERR_TOO_LARGE);
    buf_adds(&b, "");
    buf_addc(&b, 'x');
    assert_int_equal(b.len, 8);
    assert_string_equal(b.data, "12345678");
    buf_release(&b);
}

static void test_detach_empty_and_full(void **state)
{
    struct buf b = BUF_INIT(100);
    size_t n = 99;
    char *p;
    (void)state;
    p = buf_detach(&b, &n);
    assert_int_equal(n, 0);
    assert_string_equal(p, "");
    free(p);
    buf_addf(&b, "%s-%d", "a", 7);
    p = buf_detach(&b, &n);
    assert_int_equal(n, 3);
    assert_string_equal(p, "a-7");
    assert_string_equal(b.data, "");
    free(p);
}

static void test_reset_keeps_working(void **state)
{
    struct buf b = BUF_INIT(4);
    (void)state;
    buf_adds(&b, "hello");
    assert_int_equal(buf_status(&b), FOLIO_ERR_TOO_LARGE);
    buf_reset(&b);
    assert_int_equal(buf_status(&b), FOLIO_OK);
    buf_adds(&b, "ok");
    assert_string_equal(b.data, "ok");
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_and_format),
        cmocka_unit_test(test_cap_is_sticky),
        cmocka_unit_test(test_detach_empty_and_full),
        cmocka_unit_test(test_reset_keeps_working),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
