/* SPDX-License-Identifier: MIT */
/*
 * cli_int.h - what the command files share: the command entry, the one
 * place errors become "folio: error: WHERE: WHAT", and option helpers.
 *
 * Adding a command: 3 steps
 *   1. write src/cli/cmd_<name>.c defining `const struct cli_command
 *      cli_cmd_<name>` (name, summary, usage, help, run);
 *   2. declare it below and add it to the table in cli.c;
 *   3. list the file in src/cli/meson.build.
 */
#ifndef FOLIO_CLI_INT_H
#define FOLIO_CLI_INT_H

#include "base/compat.h"
#include "base/err.h"
#include "base/log.h"
#include "cli/cli.h"

#include <stdint.h>

#define CLI_DEFAULT_DATA   "folio-data"
#define CLI_DEFAULT_LISTEN "127.0.0.1:8080"

/* What main builds and every command receives (no global state). */
struct app {
    struct log log;
    const char *data_dir; /* global --data before the command, or NULL */
};

/*
 * Run a command: argv[0] is the command name. Returns the exit status
 * (0, 1 after cli_fail, 2 after cli_usage).
 */
typedef int cli_run_fn(int argc, char **argv, struct app *app);

struct cli_command {
    const char *name;
    const char *summary; /* one line for `folio help` */
    const char *usage;   /* "folio import [--data DIR] ... PATH" */
    const char *help;    /* options, one per line */
    cli_run_fn *run;
};

extern const struct cli_command cli_cmd_import;
extern const struct cli_command cli_cmd_publish;
extern const struct cli_command cli_cmd_unpublish;
extern const struct cli_command cli_cmd_list;
extern const struct cli_command cli_cmd_serve;
extern const struct cli_command cli_cmd_demo;
extern const struct cli_command cli_cmd_search;
extern const struct cli_command cli_cmd_reindex;

/* Print "folio: error: WHERE: WHAT" (or without WHERE) to stderr; 1. */
int cli_fail(const struct folio_err *err);
/* Print "usage: <cmd->usage>" and a hint to stderr; returns 2. */
int cli_usage(const struct cli_command *cmd);
/* Print the full help of cmd to stdout; returns 0. */
int cli_help(const struct cli_command *cmd);
/*
 * --data default: the global --data, else $FOLIO_DATA, else fallback.
 * Borrowed string.
 */
const char *cli_data_dir(const struct app *app, const char *fallback);
/*
 * Parse a whole decimal int in [min, max] from s into *out; false when s
 * is not one.
 */
bool cli_parse_int(const char *s, int min, int max, int *out);

struct web_config;
/*
 * Serve cfg (see web.h) until SIGTERM/SIGINT. access_log: NULL (none),
 * "-" (stdout) or a file appended to. ready_fd: see web_serve(). Returns
 * the exit status.
 */
int cli_serve(struct web_config *cfg,
              const char *access_log,
              int ready_fd,
              struct app *app);

struct store;

/* What `folio demo --articles N` generates (cmd_demo_articles.c). */
struct demo_articles_opts {
    int64_t articles;   /* how many articles, > 0 */
    uint64_t seed;      /* same seed and articles: the same archive */
    const char *corpus; /* label<TAB>text file (news-1000 format) */
};

/*
 * Write o->articles generated articles into st as published issues of the
 * paper "daily" (one store_issue_put per issue, replacing what is there),
 * printing progress to stderr.
 * Errors: FOLIO_ERR_IO (corpus unreadable), FOLIO_ERR_INVALID (corpus
 * malformed: FILE, line; articles <= 0), FOLIO_ERR_TOO_LARGE, and those
 * of store_issue_put.
 */
FOLIO_MUST_USE enum folio_rc
demo_articles_generate(struct store *st,
                       const struct demo_articles_opts *o,
                       struct folio_err *err);

/* Options every command takes: --data DIR and --help. */
#define CLI_OPT_DATA 'd'
#define CLI_OPT_HELP 'h'

#endif
