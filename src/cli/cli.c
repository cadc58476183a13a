/* SPDX-License-Identifier: MIT */
/*
 * cli.c - the command table, dispatch, `folio help`, and the single place
 * where an error report becomes the user's message and exit status
 * (STYLE.md §3 rule 7): 0 success, 1 failure, 2 usage.
 */
#include "base/compat.h"

#include "cli/cli.h"

#include "base/str.h"
#include "cli/cli_int.h"

#include <stdio.h>
#include <string.h>

static const struct cli_command *const commands[] = {
    &cli_cmd_import, &cli_cmd_publish, &cli_cmd_unpublish, &cli_cmd_list,
    &cli_cmd_serve,  &cli_cmd_demo,    &cli_cmd_search,    &cli_cmd_reindex,
};

static const struct cli_command *find(const char *name);
static void list_commands(FILE *out);
static int cmd_help(int argc, char **argv);

static const struct cli_command *find(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(commands); i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void list_commands(FILE *out)
{
    size_t i;

    (void)fputs("usage: folio [--data DIR] <command> [options]\n\ncommands:\n",
                out);
    for (i = 0; i < ARRAY_SIZE(commands); i++)
        (void)fprintf(out, "  %-10s %s\n", commands[i]->name,
                      commands[i]->summary);
    (void)fprintf(out, "  %-10s %s\n", "help", "show help for a command");
    (void)fputs("\nSee 'folio help <command>' for its options.\n", out);
}

int cli_fail(const struct folio_err *err)
{
    if (err->where[0])
        (void)fprintf(stderr, "folio: error: %s: %s\n", err->where, err->msg);
    else
        (void)fprintf(stderr, "folio: error: %s\n", err->msg);
    return 1;
}

int cli_usage(const struct cli_command *cmd)
{
    (void)fprintf(stderr, "usage: %s\nSee 'folio help %s'.\n", cmd->usage,
                  cmd->name);
    return 2;
}

int cli_help(const struct cli_command *cmd)
{
    (void)printf("usage: %s\n\n%s\n\n%s", cmd->usage, cmd->summary, cmd->help);
    return 0;
}

const char *cli_data_dir(const struct app *app, const char *fallback)
{
    const char *env = getenv("FOLIO_DATA");

    if (app->data_dir)
        return app->data_dir;
    return env && env[0] ? env : fallback;
}

bool cli_parse_int(const char *s, int min, int max, int *out)
{
    struct str sl = str_from(s);
    int64_t v;

    if (!str_to_i64(&sl, &v) || sl.len != 0 || v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

static int cmd_help(int argc, char **argv)
{
    const struct cli_command *cmd;

    if (argc < 2) {
        list_commands(stdout);
        return 0;
    }
    cmd = find(argv[1]);
    if (!cmd) {
        (void)fprintf(stderr,
                      "folio: '%s' is not a folio command; see 'folio "
                      "help'\n",
                      argv[1]);
        return 2;
    }
    return cli_help(cmd);
}

int cli_main(int argc, char **argv)
{
    const struct cli_command *cmd;
    struct app app;

    memset(&app, 0, sizeof(app));
    /* global options before the command: --data DIR, --data=DIR */
    while (argc >= 2 && strncmp(argv[1], "--data", 6) == 0) {
        if (argv[1][6] == '=') {
            app.data_dir = argv[1] + 7;
            argc--;
            argv++;
        } else if (argv[1][6] == '\0' && argc >= 3) {
            app.data_dir = argv[2];
            argc -= 2;
            argv += 2;
        } else {
            list_commands(stderr);
            return 2;
        }
    }
    if (argc < 2) {
        list_commands(stderr);
        return 2;
    }
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0)
        return cmd_help(argc - 1, argv + 1);
    cmd = find(argv[1]);
    if (!cmd) {
        (void)fprintf(stderr,
                      "folio: '%s' is not a folio command; see 'folio help'\n",
                      argv[1]);
        return 2;
    }
    log_init(&app.log);
    return cmd->run(argc - 1, argv + 1, &app);
}
