/* SPDX-License-Identifier: MIT */
/*
 * cmd_search.c - `folio search`: the archive's full-text search on the
 * command line (the same store_search() the reader site uses); --json for
 * scripts and the recall test.
 */
#include "base/compat.h"

#include "base/buf.h"
#include "cli/cli_int.h"
#include "search/search.h"
#include "store/store.h"

#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int run(int argc, char **argv, struct app *app);
static json_t *hit_json(const struct search_hit *h, bool marks);

const struct cli_command cli_cmd_search = {
    .name = "search",
    .summary = "search the published articles and page texts",
    .usage = "folio search [--data DIR] [--json] [--limit N] QUERY...",
    .help = "  --data DIR     archive directory (default $FOLIO_DATA or "
            "./folio-data)\n"
            "  --json         print {\"total\": N, \"hits\": [{\"paper\", "
            "\"date\", \"page\",\n"
            "                 \"article\", \"headline\", \"snippet\"}]};\n"
            "                 \"article\" null: the text of a page;\n"
            "                 \"total_exact\": false: N is an estimate (the "
            "text output\n"
            "                 says \"about N results\")\n"
            "  --limit N      hits to print (default 20; 0 = all, up to "
            "20,000, in one\n"
            "                 search, as is any N over 1,000)\n"
            "  --offset N     hits to skip first\n"
            "  --sort ORDER   relevance (default), date (newest first) or "
            "date-asc\n"
            "  --timeout MS   time budget of the search (default 2000; "
            "40000 with\n"
            "                 --limit 0); a search over it prints what it "
            "found and a\n"
            "                 note on stderr\n"
            "  --repeat N     run the search N times (benchmarks; with "
            "--json: \"runs_ms\")\n"
            "  --char-scan M  a query of one CJK character: auto "
            "(default), always\n"
            "                 scans the text, never (the index); tests "
            "and benchmarks\n"
            "QUERY: words and \"phrases\" (all must occur), -word (excluded),\n"
            "  a OR b; filters paper:ID from:YYYY-MM-DD to:YYYY-MM-DD\n"
            "  date:YYYY[-MM] page:N 版:NAME by:NAME md:MM-DD (that day in any "
            "year)\n",
    .run = run,
};

static json_t *hit_json(const struct search_hit *h, bool marks)
{
    json_t *o = json_pack("{s:s, s:s, s:i, s:s?, s:s, s:s, s:b}", "paper",
                          h->paper, "date", h->date, "page", h->page, "article",
                          h->article, "headline", h->headline, "snippet",
                          h->snippet, "word", h->word_hit);
    json_t *m;
    size_t i;

    if (h->page_name)
        (void)json_object_set_new(
            o, "page_name", json_stringn(h->page_name, strlen(h->page_name)));
    if (marks) {
        m = json_array();
        for (i = 0; i < h->nmarks; i++)
            (void)json_array_append_new(
                m, json_pack("[I, I]", (json_int_t)h->marks[i].start,
                             (json_int_t)h->marks[i].len));
        (void)json_object_set_new(o, "marks", m);
    }
    return o;
}

static int run(int argc, char **argv, struct app *app)
{
    static const struct option opts[] = {
        { "data", required_argument, NULL, CLI_OPT_DATA },
        { "json", no_argument, NULL, 'j' },
        { "limit", required_argument, NULL, 'l' },
        { "offset", required_argument, NULL, 'o' },
        { "sort", required_argument, NULL, 's' },
        { "timeout", required_argument, NULL, 't' },
        { "repeat", required_argument, NULL, 'r' },
        { "char-scan", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    const char *data = cli_data_dir(app, CLI_DEFAULT_DATA);
    struct folio_err err = { 0 };
    struct store *st = NULL;
    struct search_results *res = NULL;
    struct search_query q = { .limit = SEARCH_DEFAULT_LIMIT };
    struct buf text = BUF_INIT(SEARCH_MAX_QUERY_BYTES * 4);
    json_t *root = NULL, *hits = NULL, *runs = NULL;
    bool as_json = false, all = false, timeout_given = false;
    size_t i, shown = SIZE_MAX;
    int c, n, rc = 0, repeat = 1;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        if (c == CLI_OPT_DATA) {
            data = optarg;
        } else if (c == 'j') {
            as_json = true;
        } else if (c == 'l' || c == 'o') {
            if (!cli_parse_int(optarg, 0, 1000000000, &n))
                return cli_usage(&cli_cmd_search);
            if (c == 'l') {
                /*
                 * store_search() returns at most SEARCH_MAX_LIMIT hits a
                 * call: a larger --limit is one search of every hit, of
                 * which the first N are printed.
                 */
                q.limit = (size_t)n;
                all = n == 0 || n > SEARCH_MAX_LIMIT;
                shown = n > SEARCH_MAX_LIMIT ? (size_t)n : SIZE_MAX;
            } else {
                q.offset = (size_t)n;
            }
        } else if (c == 's') {
            if (strcmp(optarg, "relevance") == 0)
                q.sort = SEARCH_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0)
                q.sort = SEARCH_SORT_DATE_DESC;
            else if (strcmp(optarg, "date-asc") == 0)
                q.sort = SEARCH_SORT_DATE_ASC;
            else
                return cli_usage(&cli_cmd_search);
        } else if (c == 'c') {
            if (strcmp(optarg, "auto") == 0)
                q.char_scan = 0;
            else if (strcmp(optarg, "always") == 0)
                q.char_scan = 1;
            else if (strcmp(optarg, "never") == 0)
                q.char_scan = -1;
            else
                return cli_usage(&cli_cmd_search);
        } else if (c == 'r') {
            if (!cli_parse_int(optarg, 1, 100000, &repeat))
                return cli_usage(&cli_cmd_search);
        } else if (c == 't') {
            if (!cli_parse_int(optarg, 1, 600000, &q.timeout_ms))
                return cli_usage(&cli_cmd_search);
            timeout_given = true;
        } else if (c == CLI_OPT_HELP) {
            return cli_help(&cli_cmd_search);
        } else {
            /* "-中国" is taken for options: tell how to search it */
            (void)fprintf(stderr, "folio search: unknown option or missing "
                                  "value; use -- before a query that "
                                  "starts with '-' (folio search -- "
                                  "-word)\n");
            return cli_usage(&cli_cmd_search);
        }
    }
    if (argc - optind < 1)
        return cli_usage(&cli_cmd_search);
    for (c = optind; c < argc; c++) {
        if (c > optind)
            buf_addc(&text, ' ');
        buf_adds(&text, argv[c]);
    }
    q.q = text.data;
    q.q_len = text.len;
    q.no_facets = true;
    /*
     * --limit 0: every hit in one search; its budget by default that of
     * the searches of SEARCH_MAX_LIMIT hits it replaces.
     */
    q.all = all;
    if (all && !timeout_given)
        q.timeout_ms = SEARCH_DEFAULT_TIMEOUT_MS *
                       (SEARCH_CANDIDATE_CAP / SEARCH_MAX_LIMIT);
    if (buf_status(&text) != FOLIO_OK) {
        (void)err_set(&err, FOLIO_ERR_INVALID, "query",
                      "query is longer than %d bytes", SEARCH_MAX_QUERY_BYTES);
        rc = cli_fail(&err);
        goto out;
    }
    if (store_open(data, STORE_OPEN_READONLY, &st, &err) != FOLIO_OK) {
        rc = cli_fail(&err);
        goto out;
    }
    if (as_json) {
        root = json_object();
        hits = json_array();
        runs = json_array();
    }
    for (n = 1; n < repeat; n++) {
        if (store_search(st, &q, &res, &err) != FOLIO_OK) {
            rc = cli_fail(&err);
            goto out;
        }
        if (runs)
            (void)json_array_append_new(runs, json_real(res->elapsed_ms));
        search_results_free(res);
        res = NULL;
    }
    if (store_search(st, &q, &res, &err) != FOLIO_OK) {
        rc = cli_fail(&err);
        goto out;
    }
    if (runs)
        (void)json_array_append_new(runs, json_real(res->elapsed_ms));
    if (res->stopped)
        (void)fprintf(stderr, "folio: %s\n", res->note);
    for (i = 0; i < res->nhits && i < shown; i++) {
        const struct search_hit *h = &res->hits[i];
        if (as_json)
            (void)json_array_append_new(hits, hit_json(h, true));
        else
            (void)printf("%s %s %02d %s  %s\n    %s\n", h->paper, h->date,
                         h->page, h->article ? h->article : "text", h->headline,
                         h->snippet);
    }
    if (as_json) {
        char *out;
        (void)json_object_set_new(root, "total",
                                  json_integer((json_int_t)res->total));
        (void)json_object_set_new(root, "total_exact",
                                  json_boolean(res->total_exact));
        if (res->stopped) {
            (void)json_object_set_new(root, "stopped", json_true());
            (void)json_object_set_new(
                root, "message", json_stringn(res->note, strlen(res->note)));
        }
        (void)json_object_set_new(root, "hits", hits);
        hits = NULL;
        if (repeat > 1) {
            (void)json_object_set_new(root, "runs_ms", runs);
            runs = NULL;
        }
        out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (out)
            (void)puts(out);
        free(out);
    } else {
        (void)printf("%s%zu results\n", res->total_exact ? "" : "about ",
                     res->total);
    }
out:
    json_decref(hits);
    json_decref(runs);
    json_decref(root);
    search_results_free(res);
    buf_release(&text);
    store_close(st);
    return rc;
}
