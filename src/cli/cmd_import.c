/* SPDX-License-Identifier: MIT */
/*
 * cmd_import.c - `folio import`: find out what PATH is (issue package,
 * NDNP batch, METS issue, Founder e-paper mirror), check it completely,
 * then store it issue by issue. A refused issue leaves the archive as it
 * was. --dry-run reports what would be stored; --json prints the report as
 * one JSON object; long imports show progress on stderr.
 */
#include "base/compat.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "cli/cli_int.h"
#include "ingest/ingest.h"
#include "store/store.h"

#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct import_run {
    struct app *app;
    const char *data;
    const char *path;
    enum ingest_kind kind;
    struct ingest_options opt;
    const char *paper_id, *paper_name;
    bool dry, json, progress, tty;
    bool printed_errors; /* per-issue errors already on stderr */
    bool no_images;      /* --no-page-images */
    struct store *st;
    struct ingest_report rep;
    int64_t started_ms;
    size_t pages_done;
};

static int run(int argc, char **argv, struct app *app);
static void rep_add(char ***v, size_t *n, const char *fmt, ...)
    FOLIO_PRINTF(3, 4);
static void rep_issue(struct import_run *r,
                      const struct issue *iss,
                      int nzones,
                      bool skipped);
static void rep_error(struct import_run *r, const struct folio_err *err);
static int64_t now_ms(void);
static void progress(void *ctx, size_t done, size_t total, size_t pages);
static FOLIO_MUST_USE enum folio_rc open_store(struct import_run *r,
                                               struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
run_package(struct import_run *r, const char *path, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
run_founder(struct import_run *r, const char *path, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
run_library(struct import_run *r, const char *path, struct folio_err *err);
static void print_json(const struct import_run *r);
static void print_warnings(const struct import_run *r, size_t from);

const struct cli_command cli_cmd_import = {
    .name = "import",
    .summary = "import an issue package, NDNP batch, METS issue or Founder "
               "e-paper site",
    .usage = "folio import [--data DIR] [--publish] [--replace] [--dry-run] "
             "[--json] [--progress] [--paper ID] [--paper-name NAME] "
             "[--no-page-images] PATH",
    .help = "  --data DIR         archive directory (default $FOLIO_DATA or "
            "./folio-data)\n"
            "  --publish          publish the issues right away (default: "
            "draft)\n"
            "  --replace          allow replacing a published issue (it "
            "stays published)\n"
            "  --dry-run          check and report only; store nothing\n"
            "  --json             print the report as one JSON object\n"
            "  --progress         progress lines on stderr even when it is "
            "not a terminal\n"
            "  --no-page-images   METS/NDNP: store page PDFs and scans "
            "without rendering page images now\n"
            "  --paper ID         paper id of a Founder site (default: from "
            "the page image names) or of a METS issue without an LCCN\n"
            "  --paper-name NAME  paper name of a Founder site (default: the "
            "page title)\n"
            "PATH is an issue package (folder with issue.json, or .zip), an "
            "NDNP batch\n(batch.xml or its folder), a METS issue file, or a "
            "folder mirroring a Founder\n(方正) e-paper site (node_N.htm, "
            "content_N.htm). Importing the same paper and\ndate again "
            "replaces its draft.\n",
    .run = run,
};

static void rep_add(char ***v, size_t *n, const char *fmt, ...)
{
    va_list ap;
    struct buf b = BUF_INIT(4096);

    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    *v = xreallocarray(*v, *n + 1, sizeof(**v));
    (*v)[(*n)++] = buf_detach(&b, NULL);
}

static void rep_issue(struct import_run *r,
                      const struct issue *iss,
                      int nzones,
                      bool skipped)
{
    struct ingest_issue_report *ir;
    size_t i;

    r->rep.issues = xreallocarray(r->rep.issues, r->rep.nissues + 1,
                                  sizeof(*r->rep.issues));
    ir = &r->rep.issues[r->rep.nissues++];
    memset(ir, 0, sizeof(*ir));
    (void)snprintf(ir->paper_id, sizeof(ir->paper_id), "%s", iss->paper.id);
    memcpy(ir->date, iss->date, sizeof(ir->date));
    ir->npages = (int)iss->npages;
    for (i = 0; i < iss->npages; i++)
        ir->narticles += (int)iss->pages[i].narticles;
    ir->nzones = nzones;
    ir->skipped = skipped;
    r->pages_done += iss->npages;
}

static void rep_error(struct import_run *r, const struct folio_err *err)
{
    if (err->where[0])
        rep_add(&r->rep.errors, &r->rep.nerrors, "%s: %s", err->where,
                err->msg);
    else
        rep_add(&r->rep.errors, &r->rep.nerrors, "%s", err->msg);
}

static int64_t now_ms(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ingest_progress_fn: "issues 3/10, pages 24, 2.1 issues/s, ETA 3 s". */
static void progress(void *ctx, size_t done, size_t total, size_t pages)
{
    struct import_run *r = ctx;
    double secs = (double)(now_ms() - r->started_ms) / 1000.0;
    double rate = secs > 0 ? (double)done / secs : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;

    if (!r->tty && !r->progress)
        return;
    (void)fprintf(stderr,
                  "%sfolio: import: issues %zu/%zu, pages %zu, %.1f "
                  "issues/s, %.1f pages/s, ETA %.0f s%s",
                  r->tty ? "\r" : "", done, total, pages, rate,
                  secs > 0 ? (double)pages / secs : 0.0, eta,
                  r->tty ? (done == total ? "\n" : "") : "\n");
    (void)fflush(stderr);
}

static enum folio_rc open_store(struct import_run *r, struct folio_err *err)
{
    if (r->dry || r->st)
        return FOLIO_OK;
    return store_open(r->data, STORE_OPEN_CREATE, &r->st, err);
}

static enum folio_rc
run_package(struct import_run *r, const char *path, struct folio_err *err)
{
    struct ingest_package *pkg = NULL;
    struct ingest_result res;
    enum folio_rc rc;
    const struct issue *iss;

    rc = ingest_package_open_in(path, r->dry ? NULL : r->data, &pkg, err);
    if (rc != FOLIO_OK)
        goto out;
    iss = ingest_package_issue(pkg);
    rep_issue(r, iss, 0, false);
    {
        /* zones derived from page text layers: how well they were found */
        size_t k, nw, nn, wfrom = r->rep.nwarnings;
        const char *const *w = ingest_package_warnings(pkg, &nw);
        const char *const *notes = ingest_package_notes(pkg, &nn);
        for (k = 0; k < nw; k++)
            rep_add(&r->rep.warnings, &r->rep.nwarnings, "%s %s: %s",
                    iss->paper.id, iss->date, w[k]);
        if (!r->json) {
            print_warnings(r, wfrom);
            for (k = 0; k < nn; k++)
                (void)fprintf(stderr, "folio: note: %s %s: %s\n", iss->paper.id,
                              iss->date, notes[k]);
        }
    }
    if (r->dry) {
        int narticles = r->rep.issues[r->rep.nissues - 1].narticles;
        if (!r->json)
            (void)printf("checked %s %s: %zu page%s, %d article%s (dry "
                         "run, nothing stored)\n",
                         iss->paper.id, iss->date, iss->npages,
                         iss->npages == 1 ? "" : "s", narticles,
                         narticles == 1 ? "" : "s");
        goto out;
    }
    rc = open_store(r, err);
    if (rc == FOLIO_OK)
        rc = ingest_package_commit(pkg, r->st, &r->opt, &res, err);
    if (rc != FOLIO_OK) {
        r->rep.nissues--;
        goto out;
    }
    if (!r->json)
        (void)printf(
            "imported %s %s: %d page%s, %d article%s (%s)\n", res.paper_id,
            res.date, res.npages, res.npages == 1 ? "" : "s", res.narticles,
            res.narticles == 1 ? "" : "s", issue_status_name(res.status));
out:
    ingest_package_free(pkg);
    return rc;
}

static enum folio_rc
run_founder(struct import_run *r, const char *path, struct folio_err *err)
{
    struct ingest_founder_options fo = { r->paper_id, r->paper_name };
    struct ingest_founder *f = NULL;
    enum folio_rc rc, first = FOLIO_OK;
    struct folio_err first_err = { 0 };
    const char *const *w;
    size_t i, k, n, nw;
    char *dir = NULL;

    if (access(path, F_OK) == 0 && strrchr(path, '.') &&
        (strcasecmp(strrchr(path, '.'), ".htm") == 0 ||
         strcasecmp(strrchr(path, '.'), ".html") == 0)) {
        /* one page file given: import its folder */
        const char *slash = strrchr(path, '/');
        dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
        path = dir[0] ? dir : "/";
    }
    rc = ingest_founder_scan(path, &fo, &f, err);
    if (rc != FOLIO_OK)
        goto out;
    w = ingest_founder_warnings(f, &nw);
    for (k = 0; k < nw; k++)
        rep_add(&r->rep.warnings, &r->rep.nwarnings, "%s", w[k]);
    n = ingest_founder_nissues(f);
    for (i = 0; i < n; i++) {
        struct ingest_founder_issue *fi = NULL;
        struct folio_err e = { 0 };
        struct ingest_result res = { .skipped = false };
        const struct issue *iss;
        size_t wfrom = r->rep.nwarnings;

        rc = ingest_founder_build(f, i, &fi, &e);
        if (rc == FOLIO_OK) {
            iss = ingest_founder_issue_get(fi);
            w = ingest_founder_issue_warnings(fi, &nw);
            for (k = 0; k < nw; k++)
                rep_add(&r->rep.warnings, &r->rep.nwarnings, "%s %s: %s",
                        iss->paper.id, iss->date, w[k]);
            if (!r->dry) {
                rc = open_store(r, &e);
                if (rc == FOLIO_OK)
                    rc = ingest_founder_commit(fi, r->st, &r->opt, &res, &e);
            }
        }
        if (rc != FOLIO_OK) {
            rep_error(r, &e);
            if (!r->json) {
                (void)cli_fail(&e);
                r->printed_errors = true;
            }
            if (first == FOLIO_OK) {
                first = rc;
                first_err = e;
            }
        } else {
            int nz = ingest_founder_issue_nzones(fi);
            rep_issue(r, iss, nz, !r->dry && res.skipped);
            if (!r->json) {
                const struct ingest_issue_report *ir =
                    &r->rep.issues[r->rep.nissues - 1];
                if (r->tty)
                    (void)fputs("\r\033[K", stderr);
                (void)printf("%s %s %s: %d page%s, %d article%s, %d zone%s "
                             "(%s)\n",
                             r->dry ? "checked" : "imported", ir->paper_id,
                             ir->date, ir->npages, ir->npages == 1 ? "" : "s",
                             ir->narticles, ir->narticles == 1 ? "" : "s", nz,
                             nz == 1 ? "" : "s",
                             r->dry        ? "dry run, nothing stored"
                             : res.skipped ? "unchanged, skipped"
                                           : issue_status_name(res.status));
                (void)fflush(stdout);
            }
        }
        if (!r->json)
            print_warnings(r, wfrom);
        ingest_founder_issue_free(fi);
        progress(r, i + 1, n, r->pages_done);
    }
    rc = first;
    if (rc != FOLIO_OK && err)
        *err = first_err;
out:
    ingest_founder_free(f);
    free(dir);
    return rc;
}

static enum folio_rc
run_library(struct import_run *r, const char *path, struct folio_err *err)
{
    struct ingest_lib_options lo;
    struct ingest_report rep;
    enum folio_rc rc;
    size_t i;

    memset(&lo, 0, sizeof(lo));
    memset(&rep, 0, sizeof(rep));
    lo.base = r->opt;
    lo.paper_id = r->paper_id;
    lo.progress = progress;
    lo.progress_ctx = r;
    lo.no_page_images = r->no_images;
    rc = open_store(r, err);
    if (rc != FOLIO_OK)
        return rc;
    if (r->kind == INGEST_KIND_NDNP_BATCH)
        rc = ingest_ndnp_batch(r->st, path, &lo, &rep, err);
    else
        rc = ingest_mets_issue(r->st, path, &lo, &rep, err);
    /* move rep into r->rep */
    for (i = 0; i < rep.nissues; i++) {
        const struct ingest_issue_report *ir = &rep.issues[i];
        r->rep.issues = xreallocarray(r->rep.issues, r->rep.nissues + 1,
                                      sizeof(*r->rep.issues));
        r->rep.issues[r->rep.nissues++] = *ir;
        if (!r->json)
            (void)printf("%s %s %s: %d page%s, %d article%s, %d zone%s%s\n",
                         r->dry ? "checked" : "imported", ir->paper_id,
                         ir->date, ir->npages, ir->npages == 1 ? "" : "s",
                         ir->narticles, ir->narticles == 1 ? "" : "s",
                         ir->nzones, ir->nzones == 1 ? "" : "s",
                         ir->skipped ? " (already imported, skipped)" : "");
    }
    for (i = 0; i < rep.nwarnings; i++)
        rep_add(&r->rep.warnings, &r->rep.nwarnings, "%s", rep.warnings[i]);
    for (i = 0; i < rep.nerrors; i++)
        rep_add(&r->rep.errors, &r->rep.nerrors, "%s", rep.errors[i]);
    if (!r->json)
        print_warnings(r, r->rep.nwarnings - rep.nwarnings);
    ingest_report_release(&rep);
    return rc;
}

static void print_warnings(const struct import_run *r, size_t from)
{
    size_t i;

    for (i = from; i < r->rep.nwarnings; i++)
        (void)fprintf(stderr, "folio: warning: %s\n", r->rep.warnings[i]);
}

static void print_json(const struct import_run *r)
{
    json_t *root = json_object(), *issues = json_array(), *w = json_array(),
           *e = json_array();
    char *s;
    size_t i;

    for (i = 0; i < r->rep.nissues; i++) {
        const struct ingest_issue_report *ir = &r->rep.issues[i];
        (void)json_array_append_new(
            issues, json_pack("{s:s, s:s, s:i, s:i, s:i, s:b}", "paper",
                              ir->paper_id, "date", ir->date, "pages",
                              ir->npages, "articles", ir->narticles, "zones",
                              ir->nzones, "skipped", ir->skipped));
    }
    for (i = 0; i < r->rep.nwarnings; i++)
        (void)json_array_append_new(w, json_pack("s", r->rep.warnings[i]));
    for (i = 0; i < r->rep.nerrors; i++)
        (void)json_array_append_new(e, json_pack("s", r->rep.errors[i]));
    (void)json_object_set_new(root, "kind",
                              json_pack("s", ingest_kind_name(r->kind)));
    (void)json_object_set_new(root, "dry_run", json_boolean(r->dry));
    (void)json_object_set_new(root, "issues", issues);
    (void)json_object_set_new(root, "warnings", w);
    (void)json_object_set_new(root, "errors", e);
    s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (s)
        (void)printf("%s\n", s);
    free(s);
    json_decref(root);
}

static int run(int argc, char **argv, struct app *app)
{
    static const struct option opts[] = {
        { "data", required_argument, NULL, CLI_OPT_DATA },
        { "publish", no_argument, NULL, 'p' },
        { "replace", no_argument, NULL, 'r' },
        { "dry-run", no_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'j' },
        { "progress", no_argument, NULL, 'P' },
        { "paper", required_argument, NULL, 'i' },
        { "paper-name", required_argument, NULL, 'N' },
        { "no-page-images", no_argument, NULL, 'I' },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    struct import_run r;
    struct folio_err err = { 0 };
    char *resolved = NULL;
    enum folio_rc rc;
    int c, status = 0;

    memset(&r, 0, sizeof(r));
    r.app = app;
    r.data = cli_data_dir(app, CLI_DEFAULT_DATA);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_DATA:
            r.data = optarg;
            break;
        case 'p':
            r.opt.publish = true;
            break;
        case 'r':
            r.opt.replace = true;
            break;
        case 'n':
            r.dry = true;
            break;
        case 'j':
            r.json = true;
            break;
        case 'P':
            r.progress = true;
            break;
        case 'I':
            r.no_images = true;
            break;
        case 'i':
            r.paper_id = optarg;
            break;
        case 'N':
            r.paper_name = optarg;
            break;
        case CLI_OPT_HELP:
            return cli_help(&cli_cmd_import);
        default:
            return cli_usage(&cli_cmd_import);
        }
    }
    if (argc - optind != 1)
        return cli_usage(&cli_cmd_import);
    r.path = argv[optind];
    r.tty = isatty(STDERR_FILENO) == 1;
    r.started_ms = now_ms();
    rc = ingest_detect(r.path, &r.kind, &resolved, &err);
    if (rc == FOLIO_OK) {
        switch (r.kind) {
        case INGEST_KIND_PACKAGE:
            rc = run_package(&r, resolved, &err);
            break;
        case INGEST_KIND_FOUNDER:
            rc = run_founder(&r, resolved, &err);
            break;
        case INGEST_KIND_NDNP_BATCH:
        case INGEST_KIND_METS:
            rc = run_library(&r, resolved, &err);
            break;
        case INGEST_KIND_UNKNOWN:
            BUG("ingest_detect gave no kind");
        }
    }
    if (rc != FOLIO_OK && r.rep.nerrors == 0)
        rep_error(&r, &err);
    if (r.json)
        print_json(&r);
    if (rc != FOLIO_OK)
        status = r.json || r.printed_errors ? 1 : cli_fail(&err);
    store_close(r.st);
    ingest_report_release(&r.rep);
    free(resolved);
    return status;
}
