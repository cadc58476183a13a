/* SPDX-License-Identifier: MIT */
/* Tests for cli/: exit statuses, argument parsing, error text. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "cli/cli.h"
#include "store/store.h"
#include "cli/cli_int.h"
#include "testlib.h"

static int run(int argc, const char **argv);
static char *capture_fail(const struct folio_err *err);

/* cli_main with stdout and stderr sent to /dev/null (TAP owns stdout). */
static int run(int argc, const char **argv)
{
    int out = dup(1), errfd = dup(2), null = open("/dev/null", O_WRONLY);
    int rc;

    assert_true(out >= 0 && errfd >= 0 && null >= 0);
    (void)fflush(stdout);
    (void)fflush(stderr);
    assert_int_equal(dup2(null, 1), 1);
    assert_int_equal(dup2(null, 2), 2);
    rc = cli_main(argc, (char **)argv);
    (void)fflush(stdout);
    (void)fflush(stderr);
    assert_int_equal(dup2(out, 1), 1);
    assert_int_equal(dup2(errfd, 2), 2);
    (void)close(out);
    (void)close(errfd);
    (void)close(null);
    return rc;
}

/* What cli_fail prints, read back from a redirected stderr. */
static char *capture_fail(const struct folio_err *err)
{
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/stderr", dir);
    char *text;
    FILE *saved = stderr;
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    stderr = f;
    assert_int_equal(cli_fail(err), 1);
    stderr = saved;
    assert_int_equal(fclose(f), 0);
    text = test_read_file(path, NULL);
    test_rmtree(dir);
    free(dir);
    free(path);
    return text;
}

static void exit_statuses_follow_the_contract(void **state)
{
    const char *none[] = { "folio", NULL };
    const char *unknown[] = { "folio", "frobnicate", NULL };
    const char *help[] = { "folio", "help", "import", NULL };
    const char *help_bad[] = { "folio", "help", "nope", NULL };
    const char *no_path[] = { "folio", "import", NULL };
    const char *bad_opt[] = { "folio", "list", "--bogus", NULL };
    const char *bad_date[] = { "folio", "publish", "tyrb", "2023-02-30", NULL };
    const char *no_archive[] = { "folio", "list", "--data",
                                 "/nonexistent/folio", NULL };
    const char *global_data[] = { "folio", "--data", "/nonexistent/folio",
                                  "list", NULL };
    const char *global_no_dir[] = { "folio", "--data", NULL };
    (void)state;

    assert_int_equal(run(4, global_data), 1);
    assert_int_equal(run(2, global_no_dir), 2);
    assert_int_equal(run(1, none), 2);
    assert_int_equal(run(2, unknown), 2);
    assert_int_equal(run(3, help), 0);
    assert_int_equal(run(3, help_bad), 2);
    assert_int_equal(run(2, no_path), 2);
    assert_int_equal(run(3, bad_opt), 2);
    assert_int_equal(run(4, bad_date), 1);
    assert_int_equal(run(4, no_archive), 1);
}

/* An archive without papers lists as empty (it printed "no paper '(null)'"). */
static void list_of_an_empty_archive_succeeds(void **state)
{
    char *dir = test_tmpdir();
    char *data = xasprintf("%s/data", dir);
    const char *list[] = { "folio", "list", "--data", data, NULL };
    const char *json[] = { "folio", "list", "--json", "--data", data, NULL };
    const char *one[] = { "folio", "list", "--data", data, "tyrb", NULL };
    struct store *st = NULL;
    struct folio_err err = { 0 };
    (void)state;

    assert_int_equal(store_open(data, STORE_OPEN_CREATE, &st, &err), FOLIO_OK);
    store_close(st);
    assert_int_equal(run(4, list), 0);
    assert_int_equal(run(5, json), 0);
    assert_int_equal(run(5, one), 1);
    test_rmtree(dir);
    free(data);
    free(dir);
}

static void errors_print_where_and_what(void **state)
{
    struct folio_err err = { 0 };
    char *text;
    (void)state;

    (void)err_set(&err, FOLIO_ERR_INVALID,
                  "issue.json: pages[1].articles[0].headline", "missing");
    text = capture_fail(&err);
    assert_string_equal(
        text,
        "folio: error: issue.json: pages[1].articles[0].headline: missing\n");
    free(text);
    (void)err_set(&err, FOLIO_ERR_CONFLICT, NULL,
                  "issue tyrb 2023-02-07 is published; use --replace");
    text = capture_fail(&err);
    assert_string_equal(
        text,
        "folio: error: issue tyrb 2023-02-07 is published; use --replace\n");
    free(text);
}

static void int_options_are_whole_numbers_in_range(void **state)
{
    int v = -1;
    (void)state;

    assert_true(cli_parse_int("4", 1, 64, &v));
    assert_int_equal(v, 4);
    assert_false(cli_parse_int("0", 1, 64, &v));
    assert_false(cli_parse_int("65", 1, 64, &v));
    assert_false(cli_parse_int("4x", 1, 64, &v));
    assert_false(cli_parse_int("", 1, 64, &v));
    assert_int_equal(v, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exit_statuses_follow_the_contract),
        cmocka_unit_test(list_of_an_empty_archive_succeeds),
        cmocka_unit_test(errors_print_where_and_what),
        cmocka_unit_test(int_options_are_whole_numbers_in_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
