/* SPDX-License-Identifier: MIT */
/*
 * Tests for store_search.c: the text of pages without articles is
 * searchable (search_page_src: CJK characters join across a line break of
 * a block, not across blocks; Latin words of two lines stay two words),
 * page hits have no article, filters apply, and publishing state adds and
 * removes them in the issue's transaction.
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/xalloc.h"
#include "store/store.h"
#include "testlib.h"

struct fixture {
    char *dir;
    struct store *st;
};

static int setup(void **state);
static int teardown(void **state);
static void
word_set(struct page_word *w, const char *text, int line, int block);
static struct issue *make_issue(void);
static size_t hits(struct store *st, const char *q, int page, int *page_out);
static int docs(const char *dir);
static void page_text_is_searchable(void **state);
static void unpublish_removes_page_text(void **state);

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

static void word_set(struct page_word *w, const char *text, int line, int block)
{
    w->text = xstrdup(text);
    w->x = 10;
    w->y = 10 * line;
    w->w = 50;
    w->h = 9;
    w->line = line;
    w->block = block;
}

/*
 * Page 1: one article (发展 in its body) and words; page 2: words only:
 * "经济发" / "展很快" on two lines of block 0, "Zeit" / "ung" on two more,
 * "Saint Cloud" in block 1, "国" in block 2 and "际" in block 3.
 */
static struct issue *make_issue(void)
{
    struct issue *iss = xcalloc(1, sizeof(*iss));
    struct page *p1, *p2;
    struct article *a;

    iss->paper.id = xstrdup("ts");
    iss->paper.name = xstrdup("测试报");
    iss->paper.language = xstrdup("zh-CN");
    iss->paper.timezone = xstrdup("Asia/Shanghai");
    (void)snprintf(iss->date, sizeof(iss->date), "%s", "2024-05-01");
    iss->status = ISSUE_PUBLISHED;
    iss->npages = 2;
    iss->pages = xcalloc(2, sizeof(*iss->pages));
    p1 = &iss->pages[0];
    p1->number = 1;
    p1->name = xstrdup("要闻");
    p1->narticles = 1;
    p1->articles = xcalloc(1, sizeof(*p1->articles));
    a = &p1->articles[0];
    a->id = xstrdup("a1");
    a->seq = 1;
    a->headline = xstrdup("新闻");
    a->nparagraphs = 1;
    a->paragraphs = xcalloc(1, sizeof(*a->paragraphs));
    a->paragraphs[0] = xstrdup("经济发展");
    p1->nwords = 1;
    p1->words = xcalloc(1, sizeof(*p1->words));
    word_set(&p1->words[0], "经济发展", 0, 0);
    p2 = &iss->pages[1];
    p2->number = 2;
    p2->name = xstrdup("副刊");
    p2->nwords = 8;
    p2->words = xcalloc(8, sizeof(*p2->words));
    word_set(&p2->words[0], "经济发", 0, 0);
    word_set(&p2->words[1], "展很快", 1, 0);
    word_set(&p2->words[2], "Zeit", 2, 0);
    word_set(&p2->words[3], "ung", 3, 0);
    word_set(&p2->words[4], "Saint", 4, 1);
    word_set(&p2->words[5], "Cloud", 4, 1);
    word_set(&p2->words[6], "国", 5, 2);
    word_set(&p2->words[7], "际", 6, 3);
    return iss;
}

/* Hits of q; *page_out: the page of the one page-text hit (0: none). */
static size_t hits(struct store *st, const char *q, int page, int *page_out)
{
    struct search_query sq = { .q = q, .page = page, .limit = 100 };
    struct search_results *r = NULL;
    struct folio_err err = { 0 };
    size_t i, n;

    if (store_search(st, &sq, &r, &err) != FOLIO_OK)
        fail_msg("store_search %s: %s", q, err.msg);
    *page_out = 0;
    for (i = 0; i < r->nhits; i++) {
        if (r->hits[i].article != NULL)
            continue;
        assert_int_equal(*page_out, 0); /* one page document at most */
        *page_out = r->hits[i].page;
        assert_string_equal(r->hits[i].headline, "");
        assert_string_equal(r->hits[i].page_name, "副刊");
        assert_true(r->hits[i].nmarks >= 1);
    }
    n = r->nhits;
    assert_int_equal(r->total, n);
    search_results_free(r);
    return n;
}

/* Rows in search_fts_docsize: the documents in the index. */
static int docs(const char *dir)
{
    char *path = xasprintf("%s/folio.db", dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int n = -1;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT count(*) FROM search_fts_docsize", -1,
                           &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    free(path);
    return n;
}

static void page_text_is_searchable(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *iss = make_issue();
    int pg = -1;

    assert_int_equal(store_issue_put(f->st, iss, false, &err), FOLIO_OK);
    /* the article and page 2; page 1 has an article, so no page text */
    assert_int_equal(docs(f->dir), 2);
    /* a CJK word across a line break of one block */
    assert_int_equal(hits(f->st, "发展", 0, &pg), 2);
    assert_int_equal(pg, 2);
    assert_int_equal(hits(f->st, "很快", 0, &pg), 1);
    assert_int_equal(pg, 2);
    /* Latin words of two lines stay two words */
    assert_int_equal(hits(f->st, "Zeitung", 0, &pg), 0);
    assert_int_equal(hits(f->st, "ung", 0, &pg), 1);
    assert_int_equal(pg, 2);
    assert_int_equal(hits(f->st, "\"Saint Cloud\"", 0, &pg), 1);
    assert_int_equal(pg, 2);
    /* no joining across blocks */
    assert_int_equal(hits(f->st, "国际", 0, &pg), 0);
    /* filters */
    assert_int_equal(hits(f->st, "发展", 2, &pg), 1);
    assert_int_equal(pg, 2);
    assert_int_equal(hits(f->st, "发展", 1, &pg), 1);
    assert_int_equal(pg, 0);
    assert_int_equal(hits(f->st, "发展 by:记者", 0, &pg), 0);
    assert_int_equal(hits(f->st, "发展 paper:ts md:05-01", 0, &pg), 2);
    assert_int_equal(pg, 2);
    issue_free(iss);
}

static void unpublish_removes_page_text(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *iss = make_issue();
    int pg = -1;

    iss->status = ISSUE_DRAFT;
    assert_int_equal(store_issue_put(f->st, iss, false, &err), FOLIO_OK);
    assert_int_equal(docs(f->dir), 0);
    assert_int_equal(hits(f->st, "很快", 0, &pg), 0);
    assert_int_equal(store_issue_set_status(f->st, "ts", "2024-05-01",
                                            ISSUE_PUBLISHED, &err),
                     FOLIO_OK);
    assert_int_equal(docs(f->dir), 2);
    assert_int_equal(hits(f->st, "很快", 0, &pg), 1);
    assert_int_equal(pg, 2);
    assert_int_equal(
        store_issue_set_status(f->st, "ts", "2024-05-01", ISSUE_DRAFT, &err),
        FOLIO_OK);
    assert_int_equal(docs(f->dir), 0);
    assert_int_equal(hits(f->st, "很快", 0, &pg), 0);
    assert_int_equal(hits(f->st, "Cloud", 0, &pg), 0);
    /* replacing a published issue keeps one copy */
    iss->status = ISSUE_PUBLISHED;
    assert_int_equal(store_issue_put(f->st, iss, true, &err), FOLIO_OK);
    assert_int_equal(store_issue_put(f->st, iss, true, &err), FOLIO_OK);
    assert_int_equal(docs(f->dir), 2);
    assert_int_equal(hits(f->st, "很快", 0, &pg), 1);
    issue_free(iss);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(page_text_is_searchable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unpublish_removes_page_text, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
