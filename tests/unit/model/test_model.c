/* Tests for model/model.c: navigation across pages and validation. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "base/xalloc.h"
#include "model/model.h"

/*
 * Build an issue with pages numbered 1..npages; counts[i] articles on page
 * i, ids "p<page>a<n>", one zone each inside a 1000x1400 page.
 */
static struct issue *make_issue(const size_t *counts, size_t npages)
{
    struct issue *iss = xcalloc(1, sizeof(*iss));
    size_t p, a;

    iss->paper.id = xstrdup("qhwb");
    iss->paper.name = xstrdup("青禾晚报");
    memcpy(iss->date, "2026-11-27", 11);
    iss->pages = xcalloc(npages, sizeof(*iss->pages));
    iss->npages = npages;
    for (p = 0; p < npages; p++) {
        struct page *pg = &iss->pages[p];
        pg->number = (int)p + 1;
        pg->width = 1000;
        pg->height = 1400;
        pg->articles =
            xcalloc(counts[p] ? counts[p] : 1, sizeof(*pg->articles));
        pg->narticles = counts[p];
        for (a = 0; a < counts[p]; a++) {
            struct article *art = &pg->articles[a];
            art->id = xasprintf("p%zua%zu", p + 1, a + 1);
            art->seq = (int)a + 1;
            art->headline = xasprintf("headline %zu.%zu", p + 1, a + 1);
            art->zones = xcalloc(1, sizeof(*art->zones));
            art->zones[0] = (struct zone){
                .x = 10, .y = 10 + (int)a * 100, .w = 500, .h = 90
            };
            art->nzones = 1;
        }
    }
    return iss;
}

static void test_step_across_pages(void **state)
{
    /* page 2 has no articles: next of the last on page 1 is page 3's first */
    const size_t counts[] = { 2, 0, 3 };
    struct issue *iss = make_issue(counts, 3);
    size_t pi = 99, ai = 99;
    (void)state;

    assert_true(issue_article_step(iss, 0, 0, +1, &pi, &ai));
    assert_int_equal(pi, 0);
    assert_int_equal(ai, 1);
    assert_true(issue_article_step(iss, 0, 1, +1, &pi, &ai));
    assert_int_equal(pi, 2);
    assert_int_equal(ai, 0);
    assert_true(issue_article_step(iss, 2, 0, -1, &pi, &ai));
    assert_int_equal(pi, 0);
    assert_int_equal(ai, 1);
    /* first and last article of the issue */
    pi = ai = 77;
    assert_false(issue_article_step(iss, 0, 0, -1, &pi, &ai));
    assert_false(issue_article_step(iss, 2, 2, +1, &pi, &ai));
    assert_int_equal(pi, 77);
    assert_int_equal(ai, 77);
    issue_free(iss);
}

static void test_find(void **state)
{
    const size_t counts[] = { 1, 2 };
    struct issue *iss = make_issue(counts, 2);
    size_t pi, ai;
    (void)state;

    assert_true(issue_find_article(iss, "p2a2", &pi, &ai));
    assert_int_equal(pi, 1);
    assert_int_equal(ai, 1);
    assert_false(issue_find_article(iss, "p3a1", &pi, &ai));
    /* an id on two pages is ambiguous: no single page to redirect to */
    free(iss->pages[1].articles[0].id);
    iss->pages[1].articles[0].id = xstrdup("p1a1");
    assert_false(issue_find_article(iss, "p1a1", &pi, &ai));
    assert_int_equal(issue_page_index(iss, 2), 1);
    assert_int_equal(issue_page_index(iss, 3), -1);
    issue_free(iss);
}

static void test_validate(void **state)
{
    const size_t counts[] = { 2, 1 };
    struct issue *iss = make_issue(counts, 2);
    struct folio_err err = { 0 };
    (void)state;

    assert_int_equal(issue_validate(iss, &err), FOLIO_OK);
    assert_int_equal(err.rc, FOLIO_OK); /* untouched on success */

    /* zone past the right edge */
    iss->pages[0].articles[1].zones[0].x = 600;
    assert_int_equal(issue_validate(iss, &err), FOLIO_ERR_INVALID);
    assert_string_equal(err.where, "pages[0].articles[1]");
    assert_non_null(strstr(err.msg, "outside the 1000x1400 page"));
    iss->pages[0].articles[1].zones[0].x = 500;
    assert_int_equal(issue_validate(iss, &err), FOLIO_OK);

    /* the same id on two pages is fine (the URL has the page number) */
    free(iss->pages[1].articles[0].id);
    iss->pages[1].articles[0].id = xstrdup("p1a1");
    assert_int_equal(issue_validate(iss, &err), FOLIO_OK);
    free(iss->pages[1].articles[0].id);
    iss->pages[1].articles[0].id = xstrdup("p2a1");

    /* but not twice on one page */
    free(iss->pages[0].articles[1].id);
    iss->pages[0].articles[1].id = xstrdup("p1a1");
    assert_int_equal(issue_validate(iss, &err), FOLIO_ERR_INVALID);
    assert_string_equal(err.where, "pages[0].articles[1]");
    assert_string_equal(err.msg, "duplicate article id 'p1a1' on page 1");
    free(iss->pages[0].articles[1].id);
    iss->pages[0].articles[1].id = xstrdup("p1a2");

    /* continuation to an absent article */
    iss->pages[0].articles[0].continues.page = 2;
    iss->pages[0].articles[0].continues.article = xstrdup("nope");
    assert_int_equal(issue_validate(iss, &err), FOLIO_ERR_INVALID);
    assert_string_equal(err.msg, "continues: no article 'nope' on page 2");
    free(iss->pages[0].articles[0].continues.article);
    iss->pages[0].articles[0].continues.article = xstrdup("p2a1");
    assert_int_equal(issue_validate(iss, &err), FOLIO_OK);

    /* duplicate page number */
    iss->pages[1].number = 1;
    assert_int_equal(issue_validate(iss, &err), FOLIO_ERR_INVALID);
    assert_string_equal(err.where, "pages[1].number");
    issue_free(iss);
}

static void test_ids(void **state)
{
    (void)state;
    assert_true(model_id_valid("qhwb", true));
    assert_false(model_id_valid("QHWB", true));
    assert_true(model_id_valid("A1-cont_2", false));
    assert_false(model_id_valid("a/b", false));
    assert_false(model_id_valid("", false));
    assert_false(model_id_valid("a b", false));
    assert_false(model_id_valid("文章", false));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_across_pages),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
