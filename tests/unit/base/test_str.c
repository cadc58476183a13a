/* Tests for base/str.c and base/utf8.c. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "base/str.h"
#include "base/utf8.h"

static void test_numbers(void **state)
{
    struct str s = STR("0042/rest");
    uint64_t v;
    int64_t i;
    (void)state;
    assert_true(str_to_u64(&s, 4, 9999, &v));
    assert_int_equal(v, 42);
    assert_true(str_eqs(s, "/rest"));
    s = STR("12345");
    assert_false(str_to_u64(&s, 4, 99999, &v));
    assert_int_equal(s.len, 5);
    s = STR("x1");
    assert_false(str_to_u64(&s, 4, 99, &v));
    s = STR("-17");
    assert_true(str_to_i64(&s, &i));
    assert_int_equal(i, -17);
    s = STR("99999999999999999999");
    assert_false(str_to_i64(&s, &i));
}

static void test_split_and_trim(void **state)
{
    struct str s = STR("tyrb/2023-02-07/01/");
    struct str h;
    (void)state;
    assert_true(str_split(&s, '/', &h));
    assert_true(str_eqs(h, "tyrb"));
    assert_true(str_split(&s, '/', &h));
    assert_true(str_eqs(h, "2023-02-07"));
    assert_true(str_split(&s, '/', &h));
    assert_true(str_eqs(h, "01"));
    assert_int_equal(s.len, 0);
    assert_false(str_split(&s, '/', &h));
    assert_int_equal(h.len, 0);
    assert_true(str_eqs(str_trim(STR("  a b\t")), "a b"));
    assert_true(str_eqs_nocase(STR("Content-Length"), "content-length"));
    assert_false(str_eqs_nocase(STR("Content-Lengt"), "content-length"));
}

static void test_utf8(void **state)
{
    size_t bad = 0;
    (void)state;
    assert_true(utf8_valid("太原日报", strlen("太原日报"), NULL));
    assert_int_equal(utf8_nchars("太原日报", strlen("太原日报")), 4);
    assert_false(utf8_valid("ab\xC0\xAF", 4, &bad)); /* overlong '/' */
    assert_int_equal(bad, 2);
    assert_false(utf8_valid("\xED\xA0\x80", 3, &bad)); /* surrogate */
    assert_false(utf8_valid("\xE5\xA4", 2, &bad));     /* truncated */
    assert_false(utf8_valid("a\0b", 3, &bad));
    assert_int_equal(bad, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_split_and_trim),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
