/* SPDX-License-Identifier: MIT */
/*
 * cmd_import.c - `folio import`: validate an issue package completely,
 * then store it. A refused package leaves the archive untouched (it is not
 * even created).
 */
#include "base/compat.h"

#include "cli/cli_int.h"
#include "ingest/ingest.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>

static int run(int argc, char **argv, struct app *app);

const struct cli_command cli_cmd_import = {
    .name = "import",
    .summary = "import an issue package (folder or .zip)",
    .usage = "folio import [--data DIR] [--publish] [--replace] [--dry-run] "
             "PATH",
    .help = "  --data DIR   archive directory (default $FOLIO_DATA or "
            "./folio-data)\n"
            "  --publish    publish the issue right away (default: draft)\n"
            "  --replace    allow replacing a published issue (it stays "
            "published)\n"
            "  --dry-run    check the package only; store nothing\n"
            "Importing the same paper and date again replaces its draft.\n",
    .run = run,
};

static int run(int argc, char **argv, struct app *app)
{
    static const struct option opts[] = {
        { "data", required_argument, NULL, CLI_OPT_DATA },
        { "publish", no_argument, NULL, 'p' },
        { "replace", no_argument, NULL, 'r' },
        { "dry-run", no_argument, NULL, 'n' },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    const char *data = cli_data_dir(app, CLI_DEFAULT_DATA);
    struct ingest_options opt = { 0 };
    struct ingest_package *pkg = NULL;
    struct ingest_result res;
    struct folio_err err = { 0 };
    struct store *st = NULL;
    bool dry = false;
    int c, status = 0;
    size_t i;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DATA:
            data = optarg;
            break;
        case 'p':
            opt.publish = true;
            break;
        case 'r':
            opt.replace = true;
            break;
        case 'n':
            dry = true;
            break;
        case CLI_OPT_HELP:
            return cli_help(&cli_cmd_import);
        default:
            return cli_usage(&cli_cmd_import);
        }
    }
    if (argc - optind != 1)
        return cli_usage(&cli_cmd_import);
    if (ingest_package_open(argv[optind], &pkg, &err) != FOLIO_OK) {
        status = cli_fail(&err);
        goto out;
    }
    if (dry) {
        const struct issue *iss = ingest_package_issue(pkg);
        int narticles = 0;
        for (i = 0; i < iss->npages; i++)
            narticles += (int)iss->pages[i].narticles;
        (void)printf(
            "checked %s %s: %zu page%s, %d article%s (dry run, nothing "
            "stored)\n",
            iss->paper.id, iss->date, iss->npages, iss->npages == 1 ? "" : "s",
            narticles, narticles == 1 ? "" : "s");
        goto out;
    }
    if (store_open(data, STORE_OPEN_CREATE, &st, &err) != FOLIO_OK ||
        ingest_package_commit(pkg, st, &opt, &res, &err) != FOLIO_OK) {
        status = cli_fail(&err);
        goto out;
    }
    (void)printf("imported %s %s: %d page%s, %d article%s (%s)\n", res.paper_id,
                 res.date, res.npages, res.npages == 1 ? "" : "s",
                 res.narticles, res.narticles == 1 ? "" : "s",
                 issue_status_name(res.status));
out:
    store_close(st);
    ingest_package_free(pkg);
    return status;
}
