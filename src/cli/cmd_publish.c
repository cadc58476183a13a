/* SPDX-License-Identifier: MIT */
/*
 * cmd_publish.c - `folio publish` and `folio unpublish`: make an issue
 * visible to readers, or take it back to draft.
 */
#include "base/compat.h"

#include "base/date.h"
#include "cli/cli_int.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int run(int argc,
               char **argv,
               struct app *app,
               const struct cli_command *cmd,
               enum issue_status status);
static int run_publish(int argc, char **argv, struct app *app);
static int run_unpublish(int argc, char **argv, struct app *app);

#define DATA_HELP                                            \
 "  --data DIR   archive directory (default $FOLIO_DATA or " \
 "./folio-data)\n"

const struct cli_command cli_cmd_publish = {
    .name = "publish",
    .summary = "make an issue visible on the reader site",
    .usage = "folio publish [--data DIR] PAPER DATE",
    .help = DATA_HELP "DATE is YYYY-MM-DD.\n",
    .run = run_publish,
};

const struct cli_command cli_cmd_unpublish = {
    .name = "unpublish",
    .summary = "take an issue back to draft (hidden from readers)",
    .usage = "folio unpublish [--data DIR] PAPER DATE",
    .help = DATA_HELP "DATE is YYYY-MM-DD.\n",
    .run = run_unpublish,
};

static int run_publish(int argc, char **argv, struct app *app)
{
    return run(argc, argv, app, &cli_cmd_publish, ISSUE_PUBLISHED);
}

static int run_unpublish(int argc, char **argv, struct app *app)
{
    return run(argc, argv, app, &cli_cmd_unpublish, ISSUE_DRAFT);
}

static int run(int argc,
               char **argv,
               struct app *app,
               const struct cli_command *cmd,
               enum issue_status status)
{
    static const struct option opts[] = {
        { "data", required_argument, NULL, CLI_OPT_DATA },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    const char *data = cli_data_dir(app, CLI_DEFAULT_DATA);
    struct folio_err err = { 0 };
    struct store *st = NULL;
    const char *paper, *date;
    struct date d;
    int c, rc = 0;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        if (c == CLI_OPT_DATA)
            data = optarg;
        else if (c == CLI_OPT_HELP)
            return cli_help(cmd);
        else
            return cli_usage(cmd);
    }
    if (argc - optind != 2)
        return cli_usage(cmd);
    paper = argv[optind];
    date = argv[optind + 1];
    if (!date_parse(date, strlen(date), &d)) {
        (void)err_set(&err, FOLIO_ERR_INVALID, NULL,
                      "'%s' is not a valid date (YYYY-MM-DD)", date);
        return cli_fail(&err);
    }
    if (store_open(data, 0, &st, &err) != FOLIO_OK ||
        store_issue_set_status(st, paper, date, status, &err) != FOLIO_OK) {
        rc = cli_fail(&err);
        goto out;
    }
    (void)printf("%s %s %s\n",
                 status == ISSUE_PUBLISHED ? "published" : "unpublished", paper,
                 date);
out:
    store_close(st);
    return rc;
}
