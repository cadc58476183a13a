/* SPDX-License-Identifier: MIT */
/*
 * cmd_list.c - `folio list`: papers, then their issues with date, status,
 * page and article counts; --json for scripts.
 */
#include "base/compat.h"

#include "base/date.h"
#include "cli/cli_int.h"
#include "store/store.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int run(int argc, char **argv, struct app *app);
static json_t *issue_json(const struct issue_summary *s);

const struct cli_command cli_cmd_list = {
    .name = "list",
    .summary = "list papers and their issues",
    .usage = "folio list [--data DIR] [--json] [PAPER]",
    .help =
        "  --data DIR   archive directory (default $FOLIO_DATA or "
        "./folio-data)\n"
        "  --json       print one JSON object: {\"papers\": [{\"id\", "
        "\"name\",\n"
        "               \"language\", \"timezone\", \"issues\": [{\"date\", "
        "\"number\",\n"
        "               \"status\", \"pages\", \"articles\", "
        "\"updated_at\"}]}]}\n",
    .run = run,
};

static json_t *issue_json(const struct issue_summary *s)
{
    char when[21];

    time_format_iso(s->updated_at_utc, when);
    return json_pack("{s:s, s:I, s:s, s:i, s:i, s:s}", "date", s->date,
                     "number", (json_int_t)s->number, "status",
                     issue_status_name(s->status), "pages", s->npages,
                     "articles", s->narticles, "updated_at", when);
}

static int run(int argc, char **argv, struct app *app)
{
    static const struct option opts[] = {
        { "data", required_argument, NULL, CLI_OPT_DATA },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    const char *data = cli_data_dir(app, CLI_DEFAULT_DATA), *only = NULL;
    struct folio_err err = { 0 };
    struct store *st = NULL;
    struct paper *papers = NULL;
    struct issue_summary *issues = NULL;
    size_t np = 0, ni = 0, p, i;
    json_t *root = NULL, *jpapers = NULL;
    bool as_json = false, found = false;
    int c, rc = 0;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        if (c == CLI_OPT_DATA)
            data = optarg;
        else if (c == 'j')
            as_json = true;
        else if (c == CLI_OPT_HELP)
            return cli_help(&cli_cmd_list);
        else
            return cli_usage(&cli_cmd_list);
    }
    if (argc - optind > 1)
        return cli_usage(&cli_cmd_list);
    if (argc - optind == 1)
        only = argv[optind];
    if (store_open(data, 0, &st, &err) != FOLIO_OK ||
        store_paper_list(st, &papers, &np, &err) != FOLIO_OK ||
        store_issue_list(st, only, false, NULL, NULL, &issues, &ni, &err) !=
            FOLIO_OK) {
        rc = cli_fail(&err);
        goto out;
    }
    for (p = 0; p < np; p++)
        found = found || !only || strcmp(papers[p].id, only) == 0;
    if (only && !found) {
        (void)err_set(&err, FOLIO_ERR_NOT_FOUND, NULL, "no paper '%s'", only);
        rc = cli_fail(&err);
        goto out;
    }
    if (as_json) {
        root = json_object();
        jpapers = json_array();
        (void)json_object_set_new(root, "papers", jpapers);
    }
    for (p = 0; p < np; p++) {
        const struct paper *pp = &papers[p];
        json_t *jissues = NULL;
        if (only && strcmp(pp->id, only) != 0)
            continue;
        if (as_json) {
            jissues = json_array();
            (void)json_array_append_new(
                jpapers,
                json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", pp->id, "name",
                          pp->name, "language", pp->language, "timezone",
                          pp->timezone, "issues", jissues));
        } else {
            (void)printf("%s  %s  %s  %s\n", pp->id, pp->name, pp->language,
                         pp->timezone);
        }
        for (i = 0; i < ni; i++) {
            const struct issue_summary *s = &issues[i];
            if (strcmp(s->paper_id, pp->id) != 0)
                continue;
            if (as_json)
                (void)json_array_append_new(jissues, issue_json(s));
            else
                (void)printf("  %s  %-9s  %3d %-5s  %4d %s\n", s->date,
                             issue_status_name(s->status), s->npages,
                             s->npages == 1 ? "page" : "pages", s->narticles,
                             s->narticles == 1 ? "article" : "articles");
        }
    }
    if (as_json) {
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (text)
            (void)puts(text);
        free(text);
    }
out:
    json_decref(root);
    for (p = 0; p < np; p++)
        paper_release(&papers[p]);
    free(papers);
    free(issues);
    store_close(st);
    return rc;
}
