/* Tests for base/date.c: parsing, calendar arithmetic, HTTP dates. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "base/date.h"

static void test_parse_valid_and_invalid(void **state)
{
    struct date d;
    (void)state;
    assert_true(date_parse("2023-02-07", 10, &d));
    assert_int_equal(d.year, 2023);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 7);
    assert_true(date_parse("2024-02-29", 10, &d));
    assert_false(date_parse("2023-02-29", 10, &d));
    assert_false(date_parse("2023-13-01", 10, &d));
    assert_false(date_parse("2023-00-10", 10, &d));
    assert_false(date_parse("1900-02-29", 10, &d));
    assert_true(date_parse("2000-02-29", 10, &d));
    assert_false(date_parse("2023-2-07", 9, &d));
    assert_false(date_parse("2023-02-07x", 11, &d));
    assert_false(date_parse("0000-01-01", 10, &d));
    assert_false(date_parse("2023/02/07", 10, &d));
}

static void test_days_and_weekday(void **state)
{
    struct date d = { 1970, 1, 1 };
    struct date e = { 2026, 11, 29 };
    struct date back;
    (void)state;
    assert_int_equal(date_to_days(&d), 0);
    assert_int_equal(date_weekday(&d), 3); /* Thursday */
    assert_int_equal(date_weekday(&e), 6); /* Sunday */
    back = date_from_days(date_to_days(&e));
    assert_int_equal(back.year, 2026);
    assert_int_equal(back.month, 11);
    assert_int_equal(back.day, 29);
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2023, 2), 28);
    assert_int_equal(date_days_in_month(2023, 4), 30);
}

static void test_http_dates(void **state)
{
    char s[30];
    int64_t t;
    (void)state;
    time_format_http(784111777, s);
    assert_string_equal(s, "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_true(time_parse_http(s, strlen(s), &t));
    assert_int_equal(t, 784111777);
    assert_false(time_parse_http("Sun, 06 Nov 1994 08:49:37", 25, &t));
    assert_false(time_parse_http("Sun, 31 Feb 1994 08:49:37 GMT", 29, &t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid_and_invalid),
        cmocka_unit_test(test_days_and_weekday),
        cmocka_unit_test(test_http_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
