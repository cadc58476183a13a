/* SPDX-License-Identifier: MIT */
/*
 * cmd_serve.c - `folio serve`: the reader site over HTTP (web/web.h) on a
 * read-only view of the archive.
 */
#include "base/compat.h"

#include "cli/cli_int.h"
#include "model/model.h"
#include "store/store.h"
#include "web/web.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int run(int argc, char **argv, struct app *app);
static FOLIO_MUST_USE enum folio_rc
check_paper(const char *dir, const char *paper_id, struct folio_err *err);

const struct cli_command cli_cmd_serve = {
    .name = "serve",
    .summary = "serve the reader site",
    .usage = "folio serve [--data DIR] [--listen ADDR:PORT] [--threads N] "
             "[--paper ID] [--access-log FILE|-] [--idle-timeout S] "
             "[--ready-fd N]",
    .help = "  --data DIR          archive directory (default $FOLIO_DATA or "
            "./folio-data)\n"
            "  --listen ADDR:PORT  address to listen on (default "
            "127.0.0.1:8080; port 0 picks one)\n"
            "  --threads N         event loops (default: number of CPUs, at "
            "most 8)\n"
            "  --paper ID          paper shown at / (default: the first)\n"
            "  --access-log FILE   one line per request; - for stdout\n"
            "  --legacy-prefix P   answer old Founder e-paper URLs below P "
            "(e.g. /epaper) with a 301; default: at the root\n"
            "  --idle-timeout S    close idle connections and unfinished "
            "request heads after S seconds (default 30)\n"
            "  --ready-fd N        write \"ready PORT\\n\" to file descriptor "
            "N once listening\n",
    .run = run,
};

/*
 * FOLIO_OK when the archive in dir holds paper_id, so that a misspelt
 * --paper is reported instead of serving another page at /.
 * Errors: FOLIO_ERR_NOT_FOUND (where "--paper"), those of store_open.
 */
static enum folio_rc
check_paper(const char *dir, const char *paper_id, struct folio_err *err)
{
    struct store *st = NULL;
    struct paper p;
    enum folio_rc rc;

    rc = store_open(dir, STORE_OPEN_READONLY, &st, err);
    if (rc != FOLIO_OK)
        return rc;
    memset(&p, 0, sizeof(p));
    rc = model_id_valid(paper_id, true) ? store_paper_get(st, paper_id, &p, err)
                                        : FOLIO_ERR_NOT_FOUND;
    if (rc == FOLIO_ERR_NOT_FOUND)
        (void)err_set(err, rc, "--paper", "no paper '%s' in %s", paper_id, dir);
    paper_release(&p);
    store_close(st);
    return rc;
}

int cli_serve(struct web_config *cfg,
              const char *access_log,
              int ready_fd,
              struct app *app)
{
    struct folio_err err = { 0 };
    FILE *alog = NULL;
    int rc = 0;

    if (cfg->default_paper &&
        check_paper(cfg->data_dir, cfg->default_paper, &err) != FOLIO_OK)
        return cli_fail(&err);
    if (access_log && strcmp(access_log, "-") == 0) {
        cfg->access_log = stdout;
    } else if (access_log) {
        alog = fopen(access_log, "a");
        if (!alog) {
            (void)err_errno(&err, access_log, "cannot open access log");
            return cli_fail(&err);
        }
        cfg->access_log = alog;
    }
    if (web_serve(cfg, &app->log, ready_fd, &err) != FOLIO_OK)
        rc = cli_fail(&err);
    if (alog)
        (void)fclose(alog);
    return rc;
}

static int run(int argc, char **argv, struct app *app)
{
    static const struct option opts[] = {
        { "data", required_argument, NULL, CLI_OPT_DATA },
        { "listen", required_argument, NULL, 'l' },
        { "threads", required_argument, NULL, 't' },
        { "paper", required_argument, NULL, 'p' },
        { "access-log", required_argument, NULL, 'a' },
        { "ready-fd", required_argument, NULL, 'r' },
        { "idle-timeout", required_argument, NULL, 'i' },
        { "legacy-prefix", required_argument, NULL, 'L' },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    struct web_config cfg;
    const char *access_log = NULL;
    int c, ready_fd = -1;

    memset(&cfg, 0, sizeof(cfg));
    cfg.data_dir = cli_data_dir(app, CLI_DEFAULT_DATA);
    cfg.listen = CLI_DEFAULT_LISTEN;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DATA:
            cfg.data_dir = optarg;
            break;
        case 'l':
            cfg.listen = optarg;
            break;
        case 't':
            if (!cli_parse_int(optarg, 1, 64, &cfg.threads))
                return cli_usage(&cli_cmd_serve);
            break;
        case 'p':
            cfg.default_paper = optarg;
            break;
        case 'a':
            access_log = optarg;
            break;
        case 'L':
            cfg.legacy_prefix = optarg;
            break;
        case 'i':
            if (!cli_parse_int(optarg, 1, 3600, &cfg.idle_timeout_s))
                return cli_usage(&cli_cmd_serve);
            break;
        case 'r':
            if (!cli_parse_int(optarg, 0, 1 << 20, &ready_fd))
                return cli_usage(&cli_cmd_serve);
            break;
        case CLI_OPT_HELP:
            return cli_help(&cli_cmd_serve);
        default:
            return cli_usage(&cli_cmd_serve);
        }
    }
    if (optind != argc)
        return cli_usage(&cli_cmd_serve);
    return cli_serve(&cfg, access_log, ready_fd, app);
}
