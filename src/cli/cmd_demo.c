/* SPDX-License-Identifier: MIT */
/*
 * cmd_demo.c - `folio demo` (what `make run` uses): import and publish
 * every package folder under examples/ into a demo archive, skipping those
 * already stored unchanged, then serve it like `folio serve`. With
 * --articles N, generate N articles instead (cmd_demo_articles.c).
 */
#include "base/compat.h"

#include "base/xalloc.h"
#include "cli/cli_int.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "web/web.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEMO_DEFAULT_DATA     "demo-data"
#define DEMO_DEFAULT_EXAMPLES "examples"
#define DEMO_CORPUS_REL       "zh-text/news-1000.tsv"
#define DEMO_MAX_ARTICLES     100000000

static int run(int argc, char **argv, struct app *app);
static bool streq(const char *a, const char *b);
static bool article_same(const struct article *a, const struct article *b);
static bool issue_same(const struct issue *a, const struct issue *b);
static int name_cmp(const void *a, const void *b);
static FOLIO_MUST_USE enum folio_rc
import_all(struct store *st, const char *examples, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
import_one(struct store *st, const char *path, struct folio_err *err);

const struct cli_command cli_cmd_demo = {
    .name = "demo",
    .summary = "import and publish examples/ (or generate an archive), "
               "then serve",
    .usage = "folio demo [--data DIR] [--examples DIR | --articles N "
             "[--corpus FILE] [--seed S]] [--listen ADDR:PORT] [--no-serve]",
    .help = "  --data DIR          demo archive (default ./demo-data)\n"
            "  --examples DIR      folder of package folders (default "
            "./examples)\n"
            "  --listen ADDR:PORT  address to listen on (default "
            "127.0.0.1:8080)\n"
            "  --threads N, --access-log FILE|-, --ready-fd N: as for serve\n"
            "  --no-serve          import only\n"
            "  --articles N        instead of examples/, generate N articles "
            "(1..100000000)\n"
            "                      in process: paper 'daily', one issue a day "
            "ending\n"
            "                      2025-12-31, 8-16 text-only pages of 6-10 "
            "articles,\n"
            "                      sentences of the corpus recombined; "
            "progress on stderr\n"
            "  --corpus FILE       label<TAB>text lines (default "
            "$FOLIO_FIXTURES/\n"
            "                      zh-text/news-1000.tsv, else "
            "../shared/fixtures/...)\n"
            "  --seed S            generator seed (default 1): same seed, same "
            "archive\n"
            "Packages already stored unchanged are skipped; changed ones are "
            "replaced.\n"
            "Generated issues replace those of the same dates.\n",
    .run = run,
};

static bool streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool article_same(const struct article *a, const struct article *b)
{
    size_t i;

    if (!streq(a->id, b->id) || a->seq != b->seq ||
        !streq(a->kicker, b->kicker) || !streq(a->headline, b->headline) ||
        !streq(a->subhead, b->subhead) || !streq(a->byline, b->byline) ||
        a->nparagraphs != b->nparagraphs || a->npictures != b->npictures ||
        a->nzones != b->nzones || a->continues.page != b->continues.page ||
        !streq(a->continues.article, b->continues.article) ||
        a->continued_from.page != b->continued_from.page ||
        !streq(a->continued_from.article, b->continued_from.article))
        return false;
    for (i = 0; i < a->nparagraphs; i++)
        if (!streq(a->paragraphs[i], b->paragraphs[i]))
            return false;
    for (i = 0; i < a->npictures; i++)
        if (!streq(a->pictures[i].media, b->pictures[i].media) ||
            !streq(a->pictures[i].mime, b->pictures[i].mime) ||
            !streq(a->pictures[i].caption, b->pictures[i].caption))
            return false;
    return a->nzones == 0 ||
           memcmp(a->zones, b->zones, a->nzones * sizeof(*a->zones)) == 0;
}

/* Same content (status and timestamps aside). */
static bool issue_same(const struct issue *a, const struct issue *b)
{
    size_t p, i;

    if (!streq(a->paper.id, b->paper.id) ||
        !streq(a->paper.name, b->paper.name) ||
        !streq(a->paper.language, b->paper.language) ||
        !streq(a->paper.timezone, b->paper.timezone) ||
        strcmp(a->date, b->date) != 0 || a->number != b->number ||
        !streq(a->edition, b->edition) || a->npages != b->npages)
        return false;
    for (p = 0; p < a->npages; p++) {
        const struct page *x = &a->pages[p], *y = &b->pages[p];
        if (x->number != y->number || !streq(x->name, y->name) ||
            !streq(x->image_media, y->image_media) ||
            !streq(x->image_mime, y->image_mime) ||
            !streq(x->pdf_media, y->pdf_media) || x->width != y->width ||
            x->height != y->height || x->narticles != y->narticles)
            return false;
        for (i = 0; i < x->narticles; i++)
            if (!article_same(&x->articles[i], &y->articles[i]))
                return false;
    }
    return true;
}

static enum folio_rc
import_one(struct store *st, const char *path, struct folio_err *err)
{
    struct ingest_options opt = { .publish = true, .replace = true };
    struct ingest_package *pkg = NULL;
    struct issue *old = NULL;
    struct ingest_result res;
    const struct issue *iss;
    enum folio_rc rc;

    rc = ingest_package_open(path, &pkg, err);
    if (rc != FOLIO_OK) {
        err_prefix(err, "%s", path);
        return rc;
    }
    iss = ingest_package_issue(pkg);
    rc = store_issue_load(st, iss->paper.id, iss->date, false, &old, NULL);
    if (rc == FOLIO_OK && old->status == ISSUE_PUBLISHED &&
        issue_same(iss, old)) {
        (void)printf("demo: %s %s unchanged\n", iss->paper.id, iss->date);
        goto out;
    }
    rc = ingest_package_commit(pkg, st, &opt, &res, err);
    if (rc == FOLIO_OK)
        (void)printf("demo: imported %s %s: %d pages, %d articles (%s)\n",
                     res.paper_id, res.date, res.npages, res.narticles,
                     issue_status_name(res.status));
out:
    issue_free(old);
    ingest_package_free(pkg);
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum folio_rc
import_all(struct store *st, const char *examples, struct folio_err *err)
{
    enum folio_rc rc = FOLIO_OK;
    char **names = NULL;
    size_t n = 0, i;
    struct dirent *de;
    DIR *d = opendir(examples);

    if (!d)
        return err_errno(err, examples, "cannot open examples folder");
    while ((de = readdir(d)) != NULL) {
        struct stat sb;
        char *json;
        if (de->d_name[0] == '.')
            continue;
        json = xasprintf("%s/%s/issue.json", examples, de->d_name);
        if (stat(json, &sb) == 0 && S_ISREG(sb.st_mode)) {
            names = xreallocarray(names, n + 1, sizeof(*names));
            names[n++] = xasprintf("%s/%s", examples, de->d_name);
        }
        free(json);
    }
    (void)closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), name_cmp);
    if (n == 0)
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, examples,
                     "no package folders (with issue.json) here");
    for (i = 0; i < n && rc == FOLIO_OK; i++)
        rc = import_one(st, names[i], err);
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = (uint64_t)v;
    return true;
}

static int run(int argc, char **argv, struct app *app)
{
    static const struct option opts[] = {
        { "data", required_argument, NULL, CLI_OPT_DATA },
        { "examples", required_argument, NULL, 'e' },
        { "listen", required_argument, NULL, 'l' },
        { "threads", required_argument, NULL, 't' },
        { "access-log", required_argument, NULL, 'a' },
        { "ready-fd", required_argument, NULL, 'r' },
        { "no-serve", no_argument, NULL, 'n' },
        { "articles", required_argument, NULL, 'N' },
        { "corpus", required_argument, NULL, 'c' },
        { "seed", required_argument, NULL, 's' },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    const char *examples = DEMO_DEFAULT_EXAMPLES, *access_log = NULL;
    struct demo_articles_opts gen = { .seed = 1 };
    struct folio_err err = { 0 };
    struct web_config cfg;
    char *corpus = NULL;
    uint64_t u;
    struct store *st = NULL;
    bool serve = true;
    int c, ready_fd = -1;
    enum folio_rc rc;

    memset(&cfg, 0, sizeof(cfg));
    cfg.data_dir = app->data_dir ? app->data_dir : DEMO_DEFAULT_DATA;
    cfg.listen = CLI_DEFAULT_LISTEN;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DATA:
            cfg.data_dir = optarg;
            break;
        case 'e':
            examples = optarg;
            break;
        case 'l':
            cfg.listen = optarg;
            break;
        case 't':
            if (!cli_parse_int(optarg, 1, 64, &cfg.threads))
                return cli_usage(&cli_cmd_demo);
            break;
        case 'a':
            access_log = optarg;
            break;
        case 'r':
            if (!cli_parse_int(optarg, 0, 1 << 20, &ready_fd))
                return cli_usage(&cli_cmd_demo);
            break;
        case 'n':
            serve = false;
            break;
        case 'N':
            if (!parse_u64(optarg, &u) || u < 1 || u > DEMO_MAX_ARTICLES)
                return cli_usage(&cli_cmd_demo);
            gen.articles = (int64_t)u;
            break;
        case 'c':
            gen.corpus = optarg;
            break;
        case 's':
            if (!parse_u64(optarg, &gen.seed))
                return cli_usage(&cli_cmd_demo);
            break;
        case CLI_OPT_HELP:
            return cli_help(&cli_cmd_demo);
        default:
            return cli_usage(&cli_cmd_demo);
        }
    }
    if (optind != argc || (gen.articles == 0 && gen.corpus))
        return cli_usage(&cli_cmd_demo);
    if (gen.articles > 0 && !gen.corpus) {
        const char *fx = getenv("FOLIO_FIXTURES");
        corpus = xasprintf("%s/%s", fx && *fx ? fx : "../shared/fixtures",
                           DEMO_CORPUS_REL);
        gen.corpus = corpus;
    }
    rc = store_open(cfg.data_dir, STORE_OPEN_CREATE, &st, &err);
    if (rc == FOLIO_OK && gen.articles > 0)
        rc = demo_articles_generate(st, &gen, &err);
    else if (rc == FOLIO_OK)
        rc = import_all(st, examples, &err);
    store_close(st);
    free(corpus);
    if (rc != FOLIO_OK)
        return cli_fail(&err);
    if (!serve)
        return 0;
    (void)printf("demo: serving %s on http://%s/\n", cfg.data_dir, cfg.listen);
    (void)fflush(stdout);
    return cli_serve(&cfg, access_log, ready_fd, app);
}
