/* SPDX-License-Identifier: MIT */
/*
 * Tests for store_search.c: the text of pages without articles is
 * searchable (search_page_src: CJK characters join across a line break of
 * a block, not across blocks; Latin words of two lines stay two words),
 * page hits have no article, filters apply, and publishing state adds and
 * removes them in the issue's transaction. Over RANK_NEWEST matches
 * (2,100 articles with 中国): the relevance order counts only what it
 * needs and estimates the total (total_exact false), keeps older
 * headline matches on top, facets say how many matches they count, and
 * date order, paging and all = true still count and list every match once.
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
static int segments(const char *dir);
static void page_text_is_searchable(void **state);
static void unpublish_removes_page_text(void **state);
static struct issue *make_many(void);
static struct search_results *
search(struct store *st, const char *q, size_t offset, size_t limit);
static void over_rank_window_estimates(void **state);

#define MANY      2100 /* articles of make_many(), each with 中国经济 */
#define MANY_HEAD 5    /* the oldest ones, with 中国 in the headline */

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

/* Segments of the FTS5 index (structure record: cookie, levels, segs). */
static int segments(const char *dir)
{
    char *path = xasprintf("%s/folio.db", dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    const unsigned char *b;
    int n = -1;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT block FROM search_fts_data WHERE id = 10",
                           -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) > 5) {
        b = sqlite3_column_blob(s, 0);
        assert_true(b[4] < 0x80 && b[5] < 0x80); /* one-byte varints */
        n = b[5];
    }
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

/*
 * One issue of MANY articles, each with 中国经济 in its body; the first
 * MANY_HEAD (the oldest rowids) have 中国 in the headline, the next
 * MANY_HEAD 中国经济 in the subhead (deck), the next MANY_HEAD 国经 (a
 * bigram of 中国经济, not the phrase) in the headline; the first subhead
 * is in traditional characters.
 */
static struct issue *make_many(void)
{
    struct issue *iss = xcalloc(1, sizeof(*iss));
    struct page *pg;
    struct article *a;
    size_t i;

    iss->paper.id = xstrdup("ts");
    iss->paper.name = xstrdup("测试报");
    iss->paper.language = xstrdup("zh-CN");
    iss->paper.timezone = xstrdup("Asia/Shanghai");
    (void)snprintf(iss->date, sizeof(iss->date), "%s", "2024-05-02");
    iss->status = ISSUE_PUBLISHED;
    iss->npages = 1;
    iss->pages = xcalloc(1, sizeof(*iss->pages));
    pg = &iss->pages[0];
    pg->number = 1;
    pg->name = xstrdup("要闻");
    pg->narticles = MANY;
    pg->articles = xcalloc(MANY, sizeof(*pg->articles));
    for (i = 0; i < MANY; i++) {
        a = &pg->articles[i];
        a->id = xasprintf("a%zu", i);
        a->seq = (int)i + 1;
        if (i < MANY_HEAD)
            a->headline = xasprintf("中国新闻%zu", i);
        else if (i >= 2 * MANY_HEAD && i < 3 * MANY_HEAD)
            a->headline = xasprintf("美国经费%zu", i);
        else
            a->headline = xasprintf("新闻%zu", i);
        if (i == MANY_HEAD) /* traditional: found through the folding */
            a->subhead = xstrdup("中國經濟觀察");
        else if (i > MANY_HEAD && i < 2 * MANY_HEAD)
            a->subhead = xstrdup("中国经济观察");
        a->nparagraphs = 1;
        a->paragraphs = xcalloc(1, sizeof(*a->paragraphs));
        a->paragraphs[0] = xasprintf("本报讯，中国经济平稳发展。编号%zu。", i);
    }
    return iss;
}

static struct search_results *
search(struct store *st, const char *q, size_t offset, size_t limit)
{
    struct search_query sq = { .q = q, .offset = offset, .limit = limit };
    struct search_results *r = NULL;
    struct folio_err err = { 0 };

    sq.no_facets = true;
    if (store_search(st, &sq, &r, &err) != FOLIO_OK)
        fail_msg("store_search %s: %s", q, err.msg);
    return r;
}

static void over_rank_window_estimates(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *iss = make_many();
    struct search_query sq = { .q = "中国", .limit = 10 };
    struct search_results *r = NULL, *r2 = NULL;
    struct issue *small;
    char seen[MANY] = { 0 };
    size_t i, n, id, off;
    int pass;

    assert_int_equal(store_issue_put(f->st, iss, false, &err), FOLIO_OK);
    /* relevance, top 10: 2,020 counted, the rest estimated */
    r = search(f->st, "中国", 0, 10);
    assert_false(r->total_exact);
    assert_false(r->stopped);
    assert_true(r->total > 2020 && r->total >= MANY * 8 / 10 &&
                r->total <= MANY * 12 / 10);
    assert_int_equal(r->nhits, 10);
    /* the oldest, with 中国 in the headline, rank first */
    for (i = 0; i < MANY_HEAD; i++) {
        assert_non_null(r->hits[i].article);
        assert_int_equal(sscanf(r->hits[i].article, "a%zu", &id), 1);
        assert_true(id < MANY_HEAD);
    }
    search_results_free(r);
    /*
     * a phrase of bigrams: the older deck matches come first; in an
     * index of one segment through the phrase query, in one of three or
     * more (two more issue writes) through the rarest bigram (国经) and a
     * check of the text: 美国经费 is not the phrase, 中國經濟 is
     */
    for (pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            assert_int_equal(segments(f->dir), 1);
            small = make_issue();
            assert_int_equal(store_issue_put(f->st, small, false, &err),
                             FOLIO_OK);
            assert_int_equal(store_issue_put(f->st, small, true, &err),
                             FOLIO_OK);
            issue_free(small);
            assert_true(segments(f->dir) >= 3);
        }
        r = search(f->st, "中国经济", 0, 10);
        assert_false(r->total_exact);
        assert_int_equal(r->nhits, 10);
        for (i = 0; i < r->nhits; i++) {
            assert_int_equal(sscanf(r->hits[i].article, "a%zu", &id), 1);
            if (i < MANY_HEAD)
                assert_true(id >= MANY_HEAD && id < 2 * MANY_HEAD);
            else
                assert_true(id >= 3 * MANY_HEAD);
        }
        search_results_free(r);
    }
    /* facets count what ranking read, and say so */
    sq.no_facets = false;
    assert_int_equal(store_search(f->st, &sq, &r, &err), FOLIO_OK);
    assert_false(r->total_exact);
    assert_int_equal(r->facets_over, 2020);
    assert_int_equal(r->nyears, 1);
    assert_int_equal(r->years[0].count, 2020);
    assert_int_equal(r->npapers, 1);
    assert_int_equal(r->papers[0].count, 2020);
    search_results_free(r);
    /* a page reaching further reads all: exact total and facets */
    sq.limit = 1000;
    assert_int_equal(store_search(f->st, &sq, &r, &err), FOLIO_OK);
    assert_true(r->total_exact);
    assert_int_equal(r->total, MANY);
    assert_int_equal(r->facets_over, 0);
    assert_int_equal(r->years[0].count, MANY);
    assert_int_equal(r->nhits, 1000);
    assert_int_equal(sscanf(r->hits[0].article, "a%zu", &id), 1);
    assert_true(id < MANY_HEAD);
    search_results_free(r);
    /* date order: exact */
    sq.no_facets = true;
    sq.limit = 10;
    sq.sort = SEARCH_SORT_DATE_DESC;
    assert_int_equal(store_search(f->st, &sq, &r, &err), FOLIO_OK);
    assert_true(r->total_exact);
    assert_int_equal(r->total, MANY);
    search_results_free(r);
    /* all: every match once, in one call */
    sq.sort = SEARCH_SORT_RELEVANCE;
    sq.all = true;
    assert_int_equal(store_search(f->st, &sq, &r, &err), FOLIO_OK);
    assert_true(r->total_exact);
    assert_int_equal(r->total, MANY);
    assert_int_equal(r->nhits, MANY);
    for (i = 0; i < r->nhits; i++) {
        assert_int_equal(sscanf(r->hits[i].article, "a%zu", &id), 1);
        assert_true(id < MANY && !seen[id]);
        seen[id] = 1;
    }
    search_results_free(r);
    /* pages of 1,000: the same set, each once */
    memset(seen, 0, sizeof(seen));
    for (off = 0, n = 0; off < MANY; off += 1000) {
        r = search(f->st, "中国", off, 1000);
        assert_true(r->total_exact);
        for (i = 0; i < r->nhits; i++, n++) {
            assert_int_equal(sscanf(r->hits[i].article, "a%zu", &id), 1);
            assert_true(id < MANY && !seen[id]);
            seen[id] = 1;
        }
        search_results_free(r);
    }
    assert_int_equal(n, MANY);
    /*
     * one character: 济 is listed through the OR of its terms (济平,
     * 济发, ...); "济 济" is two terms and keeps FTS5's prefix query: the
     * same documents, each once (MANY, make_issue's article and its page
     * 2 text)
     */
    memset(seen, 0, sizeof(seen));
    sq.q = "济";
    assert_int_equal(store_search(f->st, &sq, &r, &err), FOLIO_OK);
    sq.q = "济 济";
    assert_int_equal(store_search(f->st, &sq, &r2, &err), FOLIO_OK);
    assert_true(r->total_exact && r2->total_exact);
    assert_int_equal(r->total, MANY + 2);
    assert_int_equal(r->nhits, MANY + 2);
    assert_int_equal(r2->nhits, MANY + 2);
    assert_string_equal(r->hits[0].article, r2->hits[0].article);
    for (i = 0, n = 0; i < r->nhits; i++) {
        if (!r->hits[i].article || strcmp(r->hits[i].date, "2024-05-02"))
            continue;
        assert_int_equal(sscanf(r->hits[i].article, "a%zu", &id), 1);
        assert_true(id < MANY && !seen[id]);
        seen[id] = 1;
        n++;
    }
    assert_int_equal(n, MANY);
    search_results_free(r);
    search_results_free(r2);
    issue_free(iss);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(page_text_is_searchable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unpublish_removes_page_text, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(over_rank_window_estimates, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
