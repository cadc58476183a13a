/* SPDX-License-Identifier: MIT */
/*
 * cmd_reindex.c - `folio reindex`: rebuild the search index offline from
 * the published documents in one transaction (store_search_reindex), or
 * with --merge-only merge its segments, e.g. after many daily imports.
 */
#include "base/compat.h"

#include "cli/cli_int.h"
#include "store/store.h"

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <time.h>

#define REINDEX_EVERY_DEFAULT 100000 /* documents between progress lines */

/* Progress lines on stderr: one per `every` documents, and the last. */
struct reindex_progress {
    int64_t every, next;
    struct timespec t0;
};

static int run(int argc, char **argv, struct app *app);
static double elapsed(const struct timespec *t0);
static void progress(void *ctx, int64_t done, int64_t total);

const struct cli_command cli_cmd_reindex = {
    .name = "reindex",
    .summary = "rebuild the search index (offline), or merge its segments",
    .usage = "folio reindex [--data DIR] [--merge-only | --check] "
             "[--progress N]",
    .help = "  --data DIR     archive directory (default $FOLIO_DATA or "
            "./folio-data)\n"
            "  --merge-only   only merge the index's segments into one (FTS5 "
            "'optimize'):\n"
            "                 smaller and faster after many daily imports\n"
            "  --check        change nothing: check the index (FTS5 "
            "integrity-check, and\n"
            "                 one document per published article or page "
            "text); exit 1\n"
            "                 when it needs a reindex, or when the archive "
            "needs an upgrade\n"
            "                 (schema migration; left for `folio reindex` "
            "to do)\n"
            "  --progress N   a progress line on stderr every N documents "
            "(default 100000;\n"
            "                 0: none)\n"
            "Indexes the published articles and page texts (drafts stay out) "
            "in one\n"
            "transaction: a kill leaves the old index. Searches see the old "
            "index until\n"
            "it commits; imports and publishing wait for it (stop them for a "
            "large archive).\n",
    .run = run,
};

static double elapsed(const struct timespec *t0)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) +
           (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(void *ctx, int64_t done, int64_t total)
{
    struct reindex_progress *p = ctx;
    double s;

    if (done == 0) {
        (void)fprintf(stderr, "reindex: %" PRId64 " documents\n", total);
        p->next = p->every;
        return;
    }
    if (p->every <= 0 || (done < p->next && done < total))
        return;
    while (p->next <= done)
        p->next += p->every;
    s = elapsed(&p->t0);
    (void)fprintf(stderr,
                  "reindex: %" PRId64 "/%" PRId64
                  " documents, %.0f documents/s, %.0f s%s\n",
                  done, total, s > 0 ? (double)done / s : 0.0, s,
                  done >= total ? "; merging the segments" : "");
}

static int run(int argc, char **argv, struct app *app)
{
    static const struct option opts[] = {
        { "data", required_argument, NULL, CLI_OPT_DATA },
        { "merge-only", no_argument, NULL, 'm' },
        { "check", no_argument, NULL, 'c' },
        { "progress", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    const char *data = cli_data_dir(app, CLI_DEFAULT_DATA);
    struct folio_err err = { 0 };
    struct store *st = NULL;
    struct reindex_progress rp = { .every = REINDEX_EVERY_DEFAULT };
    struct store_progress pr = { progress, &rp };
    enum store_reindex_mode mode = STORE_REINDEX_FULL;
    int64_t docs = 0;
    int c, every, rc = 0;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == CLI_OPT_DATA)
            data = optarg;
        else if (c == 'm' && mode == STORE_REINDEX_FULL)
            mode = STORE_REINDEX_MERGE;
        else if (c == 'c' && mode == STORE_REINDEX_FULL)
            mode = STORE_REINDEX_CHECK;
        else if (c == 'p' && cli_parse_int(optarg, 0, INT_MAX, &every))
            rp.every = every;
        else if (c == CLI_OPT_HELP)
            return cli_help(&cli_cmd_reindex);
        else
            return cli_usage(&cli_cmd_reindex);
    }
    if (optind != argc)
        return cli_usage(&cli_cmd_reindex);
    if (store_open(data,
                   mode == STORE_REINDEX_CHECK ? STORE_OPEN_NO_UPGRADE : 0, &st,
                   &err) != FOLIO_OK) {
        rc = cli_fail(&err);
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &rp.t0);
    if (mode == STORE_REINDEX_FULL && store_search_fresh(st)) {
        (void)fprintf(stderr, "reindex: the upgrade of the archive has just "
                              "rebuilt the index; nothing more to do\n");
        goto out;
    }
    if (store_search_reindex(st, mode, &pr, &err) != FOLIO_OK ||
        store_search_doc_count(st, &docs, &err) != FOLIO_OK) {
        rc = cli_fail(&err);
        goto out;
    }
    (void)fprintf(stderr, "reindex: %s %" PRId64 " documents in %.1f s\n",
                  mode == STORE_REINDEX_FULL    ? "indexed"
                  : mode == STORE_REINDEX_MERGE ? "merged the index of"
                                                : "checked the index of",
                  docs, elapsed(&rp.t0));
out:
    store_close(st);
    return rc;
}
