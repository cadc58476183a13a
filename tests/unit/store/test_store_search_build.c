/* SPDX-License-Identifier: MIT */
/*
 * Tests for the search index's layout and bulk builds
 * (store_search_build.c, migration 33): search_fts has the body first;
 * adding, replacing and removing issues keeps the index consistent (FTS5
 * 'integrity-check'); headline hits still outrank body hits;
 * store_search_reindex gives the same results, leaves drafts out and
 * reports progress; deferred indexing misses documents until a reindex;
 * an archive at schema 32 (old column order) is rebuilt on open.
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/xalloc.h"
#include "search/search.h"
#include "store/store.h"
#include "testlib.h"

struct fixture {
    char *dir;
    struct store *st;
};

/* A raw connection to DIR/folio.db with the tokenizer "folio". */
struct raw {
    sqlite3 *db;
    struct search_tokenizer *tk;
};

/* What the progress callback saw. */
struct seen {
    int calls;
    int64_t first_done, last_done, last_total;
};

static int setup(void **state);
static int teardown(void **state);
static void raw_open(const char *dir, struct raw *r);
static void raw_close(struct raw *r);
static void raw_exec(struct raw *r, const char *sql);
static int raw_int(struct raw *r, const char *sql);
static void integrity_ok(const char *dir);
static struct issue *make_issue(const char *date, bool published);
static char *ids(struct store *st, const char *q);
static void on_progress(void *ctx, int64_t done, int64_t total);
static void columns_body_first(void **state);
static void changes_keep_index_consistent(void **state);
static void reindex_same_results(void **state);
static void deferred_then_reindexed(void **state);
static void migration_33_rebuilds(void **state);

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof(*f));
    struct folio_err err = { 0 };

    f->dir = test_tmpdir();
    if (store_open(f->dir, STORE_OPEN_CREATE, &f->st, &err) != FOLIO_OK)
        fail_msg("store_open: %s: %s", err.where, err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    store_close(f->st);
    test_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static void raw_open(const char *dir, struct raw *r)
{
    char *path = xasprintf("%s/folio.db", dir);
    struct folio_err err = { 0 };

    memset(r, 0, sizeof(*r));
    assert_int_equal(sqlite3_open(path, &r->db), SQLITE_OK);
    free(path);
    if (search_tokenizer_new(&r->tk, &err) != FOLIO_OK ||
        search_fts5_register(r->tk, r->db, &err) != FOLIO_OK)
        fail_msg("tokenizer: %s", err.msg);
    sqlite3_busy_timeout(r->db, 5000);
}

static void raw_close(struct raw *r)
{
    sqlite3_close(r->db);
    search_tokenizer_free(r->tk);
}

static void raw_exec(struct raw *r, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(r->db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

static int raw_int(struct raw *r, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int v;

    assert_int_equal(sqlite3_prepare_v2(r->db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* FTS5's own check of the index against the text it was built from. */
static void integrity_ok(const char *dir)
{
    struct raw r;

    raw_open(dir, &r);
    raw_exec(&r,
             "INSERT INTO search_fts(search_fts) VALUES('integrity-check')");
    raw_close(&r);
}

/*
 * Paper "ts", one page of three articles: a1 has 民生 in its headline,
 * a2 once in its body (inside 居民生活: no word hit), a3 in its byline.
 */
static struct issue *make_issue(const char *date, bool published)
{
    struct issue *iss = xcalloc(1, sizeof(*iss));
    struct page *p;
    size_t i;
    static const char *const head[] = { "关注民生大事", "城市新闻", "体育" };
    static const char *const body[] = {
        "今天的报道。",
        "城市居民生活在改善。",
        "比赛结束。",
    };

    iss->paper.id = xstrdup("ts");
    iss->paper.name = xstrdup("测试报");
    iss->paper.language = xstrdup("zh-CN");
    iss->paper.timezone = xstrdup("Asia/Shanghai");
    (void)snprintf(iss->date, sizeof(iss->date), "%s", date);
    iss->status = published ? ISSUE_PUBLISHED : ISSUE_DRAFT;
    iss->npages = 1;
    iss->pages = xcalloc(1, sizeof(*iss->pages));
    p = &iss->pages[0];
    p->number = 1;
    p->name = xstrdup("要闻");
    p->narticles = 3;
    p->articles = xcalloc(3, sizeof(*p->articles));
    for (i = 0; i < 3; i++) {
        struct article *a = &p->articles[i];
        a->id = xasprintf("a%zu", i + 1);
        a->seq = (int)i + 1;
        a->headline = xstrdup(head[i]);
        a->nparagraphs = 1;
        a->paragraphs = xcalloc(1, sizeof(*a->paragraphs));
        a->paragraphs[0] = xstrdup(body[i]);
    }
    p->articles[0].kicker = xstrdup("本报讯");
    p->articles[2].byline = xstrdup("民生 记者");
    return iss;
}

/* "date/article score|..." of q's hits in relevance order (caller frees). */
static char *ids(struct store *st, const char *q)
{
    struct search_query sq = { .q = q, .limit = 100 };
    struct search_results *r = NULL;
    struct folio_err err = { 0 };
    char *out = xstrdup(""), *t;
    size_t i;

    if (store_search(st, &sq, &r, &err) != FOLIO_OK)
        fail_msg("store_search %s: %s", q, err.msg);
    for (i = 0; i < r->nhits; i++) {
        t = xasprintf("%s%s/%s %.6f|", out, r->hits[i].date,
                      r->hits[i].article ? r->hits[i].article : "-",
                      r->hits[i].score);
        free(out);
        out = t;
    }
    search_results_free(r);
    return out;
}

static void on_progress(void *ctx, int64_t done, int64_t total)
{
    struct seen *s = ctx;

    if (s->calls++ == 0)
        s->first_done = done;
    s->last_done = done;
    s->last_total = total;
}

static void columns_body_first(void **state)
{
    struct fixture *f = *state;
    struct raw r;

    raw_open(f->dir, &r);
    assert_true(raw_int(&r, "PRAGMA user_version") >= 33);
    assert_int_equal(raw_int(&r, "SELECT cid FROM pragma_table_info("
                                 "'search_fts') WHERE name = 'body'"),
                     0);
    assert_int_equal(raw_int(&r, "SELECT cid FROM pragma_table_info("
                                 "'search_fts') WHERE name = 'byline'"),
                     3);
    /* the bulk settings are not left behind */
    assert_int_equal(raw_int(&r, "SELECT coalesce((SELECT v FROM "
                                 "search_fts_config WHERE k = 'automerge'),"
                                 " 4)"),
                     4);
    raw_close(&r);
}

static void changes_keep_index_consistent(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *iss = make_issue("2024-05-01", true);
    char *got;

    assert_int_equal(store_issue_put(f->st, iss, false, &err), FOLIO_OK);
    integrity_ok(f->dir);
    /* headline (10) before byline (2) before body (1) */
    got = ids(f->st, "民生");
    assert_non_null(strstr(got, "2024-05-01/a1 "));
    assert_true(strstr(got, "2024-05-01/a1 ") == got);
    if (!strstr(got, "/a3 ") || strstr(got, "/a3 ") > strstr(got, "/a2 "))
        fail_msg("want a1, a3, a2: %s", got);
    free(got);
    /* replace (delete with the indexed values, add), unpublish, publish */
    assert_int_equal(store_issue_put(f->st, iss, true, &err), FOLIO_OK);
    integrity_ok(f->dir);
    assert_int_equal(
        store_issue_set_status(f->st, "ts", "2024-05-01", ISSUE_DRAFT, &err),
        FOLIO_OK);
    integrity_ok(f->dir);
    got = ids(f->st, "民生");
    assert_string_equal(got, "");
    free(got);
    assert_int_equal(store_issue_set_status(f->st, "ts", "2024-05-01",
                                            ISSUE_PUBLISHED, &err),
                     FOLIO_OK);
    integrity_ok(f->dir);
    got = ids(f->st, "本报讯");
    assert_non_null(strstr(got, "/a1 "));
    free(got);
    issue_free(iss);
}

static void reindex_same_results(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *a = make_issue("2024-05-01", true);
    struct issue *b = make_issue("2024-05-02", false);
    struct seen seen = { 0 };
    struct store_progress pr = { on_progress, &seen };
    char *before, *after, *again;
    int64_t n = 0;
    struct raw r;

    assert_int_equal(store_issue_put(f->st, a, false, &err), FOLIO_OK);
    assert_int_equal(store_issue_put(f->st, b, false, &err), FOLIO_OK);
    before = ids(f->st, "民生");
    assert_int_equal(store_search_reindex(f->st, STORE_REINDEX_FULL, &pr, &err),
                     FOLIO_OK);
    after = ids(f->st, "民生");
    assert_string_equal(before, after);
    assert_null(strstr(after, "2024-05-02")); /* the draft stays out */
    assert_int_equal(seen.first_done, 0);
    assert_int_equal(seen.last_done, 3);
    assert_int_equal(seen.last_total, 3);
    assert_int_equal(store_search_doc_count(f->st, &n, &err), FOLIO_OK);
    assert_int_equal(n, 3);
    integrity_ok(f->dir);
    raw_open(f->dir, &r);
    assert_int_equal(raw_int(&r, "SELECT count(*) FROM search_fts_docsize"), 3);
    assert_int_equal(raw_int(&r, "SELECT v FROM search_fts_config"
                                 " WHERE k = 'automerge'"),
                     4);
    assert_int_equal(raw_int(&r, "SELECT v FROM search_fts_config"
                                 " WHERE k = 'hashsize'"),
                     1024 * 1024);
    raw_close(&r);
    /* a second run and a merge change nothing */
    assert_int_equal(
        store_search_reindex(f->st, STORE_REINDEX_FULL, NULL, &err), FOLIO_OK);
    assert_int_equal(
        store_search_reindex(f->st, STORE_REINDEX_MERGE, NULL, &err), FOLIO_OK);
    again = ids(f->st, "民生");
    assert_string_equal(before, again);
    integrity_ok(f->dir);
    /* publishing the draft after a rebuild indexes it as usual */
    assert_int_equal(store_issue_set_status(f->st, "ts", "2024-05-02",
                                            ISSUE_PUBLISHED, &err),
                     FOLIO_OK);
    free(again);
    again = ids(f->st, "民生");
    assert_non_null(strstr(again, "2024-05-02/a1 "));
    integrity_ok(f->dir);
    free(before);
    free(after);
    free(again);
    issue_free(a);
    issue_free(b);
}

static void deferred_then_reindexed(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *a = make_issue("2024-05-01", true);
    char *got;

    store_search_defer(f->st, true);
    assert_false(store_search_stale(f->st));
    assert_int_equal(store_issue_put(f->st, a, false, &err), FOLIO_OK);
    store_search_defer(f->st, false);
    assert_true(store_search_stale(f->st));
    got = ids(f->st, "民生");
    assert_string_equal(got, "");
    free(got);
    assert_int_equal(
        store_search_reindex(f->st, STORE_REINDEX_FULL, NULL, &err), FOLIO_OK);
    assert_false(store_search_stale(f->st));
    got = ids(f->st, "民生");
    assert_true(strstr(got, "2024-05-01/a1 ") == got);
    free(got);
    integrity_ok(f->dir);
    issue_free(a);
}

static void migration_33_rebuilds(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *a = make_issue("2024-05-01", true);
    struct issue *b = make_issue("2024-05-02", false);
    char *before, *after;
    struct raw r;

    assert_int_equal(store_issue_put(f->st, a, false, &err), FOLIO_OK);
    assert_int_equal(store_issue_put(f->st, b, false, &err), FOLIO_OK);
    before = ids(f->st, "民生");
    store_close(f->st);
    f->st = NULL;
    /* schema 32: the old column order, filled the old way */
    raw_open(f->dir, &r);
    raw_exec(&r, "DROP TABLE search_fts;"
                 "CREATE VIRTUAL TABLE search_fts USING fts5(headline, deck,"
                 " byline, body, content='search_src', content_rowid='id',"
                 " tokenize='folio');"
                 "INSERT INTO search_fts(rowid, headline, deck, byline, body)"
                 " SELECT s.id, s.headline, s.deck, s.byline, s.body"
                 " FROM search_src s JOIN article a ON a.id = s.id"
                 " JOIN issue i ON i.id = a.issue_id WHERE i.status = 1;"
                 "PRAGMA user_version = 32;");
    raw_close(&r);
    if (store_open(f->dir, 0, &f->st, &err) != FOLIO_OK)
        fail_msg("store_open: %s", err.msg);
    assert_true(store_search_fresh(f->st));
    raw_open(f->dir, &r);
    assert_true(raw_int(&r, "PRAGMA user_version") >= 33);
    assert_int_equal(raw_int(&r, "SELECT cid FROM pragma_table_info("
                                 "'search_fts') WHERE name = 'body'"),
                     0);
    assert_int_equal(raw_int(&r, "SELECT count(*) FROM search_fts_docsize"), 3);
    raw_close(&r);
    after = ids(f->st, "民生");
    assert_string_equal(before, after);
    integrity_ok(f->dir);
    free(before);
    free(after);
    issue_free(a);
    issue_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(columns_body_first, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_keep_index_consistent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reindex_same_results, setup, teardown),
        cmocka_unit_test_setup_teardown(deferred_then_reindexed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(migration_33_rebuilds, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
