/* SPDX-License-Identifier: MIT */
/*
 * Tests for ingest_zones.c: zones derived from a page's words on the demo
 * pages (examples/qhwb-*), against the laid-out lines of truth.json. The
 * page words are made from truth.json's lines, one word per character
 * with its share of the line's box (as the PDF text layer gives CJK
 * text), with some characters given as Kangxi radicals as cairo does.
 */
#include "base/compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/xalloc.h"
#include "ingest/ingest_int.h"
#include "testlib.h"

static const char *const demo_issues[] = { "qhwb-2026-11-25", "qhwb-2026-11-26",
                                           "qhwb-2026-11-27" };

/* A truth line: its article and box. */
struct tline {
    size_t art;
    double x0, y0, x1, y1;
};

static json_t *load_json(const char *rel)
{
    char *path = test_source_path(rel);
    json_error_t jerr;
    json_t *j = json_load_file(path, 0, &jerr);

    if (!j)
        fail_msg("%s: %s", path, jerr.text);
    free(path);
    return j;
}

static char *opt_dup(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? xstrdup(s) : NULL;
}

/* Article text of issue.json's article j into a. */
static void fill_article(struct article *a, json_t *j)
{
    json_t *body = json_object_get(j, "body"), *imgs, *v;
    size_t i;

    a->id = opt_dup(j, "id");
    a->kicker = opt_dup(j, "kicker");
    a->headline = opt_dup(j, "headline");
    a->subhead = opt_dup(j, "subhead");
    a->byline = opt_dup(j, "byline");
    if (json_is_array(body)) {
        a->paragraphs = xcalloc(json_array_size(body) + 1, sizeof(char *));
        json_array_foreach(body, i, v)
        {
            a->paragraphs[a->nparagraphs++] = xstrdup(json_string_value(v));
        }
    }
    imgs = json_object_get(j, "images");
    if (json_is_array(imgs) && json_array_size(imgs)) {
        a->pictures = xcalloc(json_array_size(imgs), sizeof(*a->pictures));
        json_array_foreach(imgs, i, v)
        {
            a->pictures[a->npictures++].caption = opt_dup(v, "caption");
        }
    }
}

/* Length of the UTF-8 sequence starting with byte c. */
static size_t u8len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xF0)
        return 4;
    if (c >= 0xE0)
        return 3;
    return 2;
}

/* One page word per character of each line; 一 given as U+2F00 (⼀). */
static void add_line_words(struct page *pg,
                           size_t *cap,
                           const char *text,
                           const double box[4],
                           int32_t line)
{
    size_t nch = 0, len = strlen(text), i, k = 0;

    for (i = 0; i < len; i += u8len((unsigned char)text[i]))
        nch++;
    for (i = 0; i < len; k++) {
        size_t n = u8len((unsigned char)text[i]);
        struct page_word *w;
        if (pg->nwords == *cap) {
            *cap = *cap ? *cap * 2 : 1024;
            pg->words = xreallocarray(pg->words, *cap, sizeof(*pg->words));
        }
        w = &pg->words[pg->nwords++];
        if (n == 3 && memcmp(text + i, "\xe4\xb8\x80", 3) == 0)
            w->text = xstrdup("\xe2\xbc\x80");
        else
            w->text = xstrndup(text + i, n);
        w->x = (int32_t)lround(box[0] + box[2] * (double)k / (double)nch);
        w->y = (int32_t)lround(box[1]);
        w->w = (int32_t)lround(box[2] / (double)nch);
        w->h = (int32_t)lround(box[3]);
        if (w->w < 1)
            w->w = 1;
        w->line = line;
        w->block = 0;
        i += n;
    }
}

static int tline_yx(const void *a, const void *b)
{
    const struct tline *x = a, *y = b;

    if (x->y0 != y->y0)
        return x->y0 < y->y0 ? -1 : 1;
    return x->x0 < y->x0 ? -1 : (x->x0 > y->x0 ? 1 : 0);
}

/* Area of line l inside the union of zones z (1/4-unit sampling). */
static double covered(const struct tline *l, const struct zone *z, size_t nz)
{
    double x, y, in = 0, all = 0;
    size_t k;

    for (y = l->y0 + 0.125; y < l->y1; y += 0.5) {
        for (x = l->x0 + 0.125; x < l->x1; x += 0.5) {
            all++;
            for (k = 0; k < nz; k++) {
                if (x >= z[k].x && x < z[k].x + z[k].w && y >= z[k].y &&
                    y < z[k].y + z[k].h) {
                    in++;
                    break;
                }
            }
        }
    }
    return all > 0 ? in / all * (l->x1 - l->x0) * (l->y1 - l->y0) : 0;
}

/*
 * Check one demo page: words from truth lines, in truth order (by_y false)
 * or sorted top to bottom across columns (by_y true).
 */
static void
check_page(const char *issue, json_t *ipage, json_t *tpage, bool by_y)
{
    json_t *iarts = json_object_get(ipage, "articles");
    json_t *tarts = json_object_get(tpage, "articles"), *ta, *tl;
    struct page pg;
    struct tline *tls = NULL;
    size_t ntl = 0, tcap = 0, wcap = 0, i, j, a, b;
    struct ingest_zone_result *res = NULL;
    struct folio_err err;
    int pno = (int)json_integer_value(json_object_get(tpage, "number"));

    memset(&pg, 0, sizeof(pg));
    pg.number = pno;
    pg.width = 1000;
    pg.height = 1400;
    assert_int_equal(json_array_size(iarts), json_array_size(tarts));
    pg.narticles = json_array_size(iarts);
    pg.articles = xcalloc(pg.narticles, sizeof(*pg.articles));
    for (a = 0; a < pg.narticles; a++) {
        fill_article(&pg.articles[a], json_array_get(iarts, a));
        ta = json_array_get(tarts, a);
        assert_string_equal(pg.articles[a].id,
                            json_string_value(json_object_get(ta, "id")));
        json_array_foreach(json_object_get(ta, "lines"), j, tl)
        {
            json_t *bx = json_object_get(tl, "box");
            double box[4];
            for (i = 0; i < 4; i++)
                box[i] = json_number_value(json_array_get(bx, i));
            if (ntl == tcap) {
                tcap = tcap ? tcap * 2 : 64;
                tls = xreallocarray(tls, tcap, sizeof(*tls));
            }
            tls[ntl].art = a;
            tls[ntl].x0 = box[0];
            tls[ntl].y0 = box[1];
            tls[ntl].x1 = box[0] + box[2];
            tls[ntl].y1 = box[1] + box[3];
            if (!by_y)
                add_line_words(&pg, &wcap,
                               json_string_value(json_object_get(tl, "text")),
                               box, (int32_t)ntl);
            ntl++;
        }
    }
    if (by_y) {
        /* the same lines, top to bottom across the columns */
        struct tline *ord = xcalloc(ntl, sizeof(*ord));
        size_t *idx = xcalloc(ntl, sizeof(*idx));
        memcpy(ord, tls, ntl * sizeof(*ord));
        qsort(ord, ntl, sizeof(*ord), tline_yx);
        for (i = 0; i < ntl; i++) {
            ta = json_array_get(tarts, ord[i].art);
            json_array_foreach(json_object_get(ta, "lines"), j, tl)
            {
                json_t *bx = json_object_get(tl, "box");
                double box[4];
                size_t k;
                for (k = 0; k < 4; k++)
                    box[k] = json_number_value(json_array_get(bx, k));
                if (box[0] == ord[i].x0 && box[1] == ord[i].y0)
                    add_line_words(
                        &pg, &wcap,
                        json_string_value(json_object_get(tl, "text")), box,
                        (int32_t)i);
            }
        }
        free(ord);
        free(idx);
    }
    assert_int_equal(ingest_zones_derive(&pg, &res, &err), FOLIO_OK);
    for (a = 0; a < pg.narticles; a++) {
        double own_all = 0, own_in = 0;
        assert_true(res[a].nzones >= 1);
        assert_true(res[a].nzones <= MODEL_MAX_ZONES);
        assert_true(res[a].chars > 0);
        assert_true(res[a].located * 100 >= res[a].chars * 90);
        for (i = 0; i < ntl; i++) {
            if (tls[i].art != a)
                continue;
            own_all += (tls[i].x1 - tls[i].x0) * (tls[i].y1 - tls[i].y0);
            own_in += covered(&tls[i], res[a].zones, res[a].nzones);
        }
        if (own_in < 0.95 * own_all)
            fail_msg("%s p%d %s (%s): zones cover %.1f%% of its lines", issue,
                     pno, pg.articles[a].id, by_y ? "by y" : "truth",
                     100 * own_in / own_all);
        for (b = 0; b < pg.narticles; b++) {
            double o_all = 0, o_in = 0;
            if (b == a)
                continue;
            for (i = 0; i < ntl; i++) {
                if (tls[i].art != b)
                    continue;
                o_all += (tls[i].x1 - tls[i].x0) * (tls[i].y1 - tls[i].y0);
                o_in += covered(&tls[i], res[a].zones, res[a].nzones);
            }
            if (o_in > 0.05 * o_all)
                fail_msg("%s p%d %s covers %.1f%% of %s's lines", issue, pno,
                         pg.articles[a].id, 100 * o_in / o_all,
                         pg.articles[b].id);
        }
    }
    ingest_zone_results_free(res, pg.narticles);
    free(tls);
    page_release(&pg);
}

static void run_demo(bool by_y)
{
    size_t d, p;
    char rel[128];

    for (d = 0; d < sizeof(demo_issues) / sizeof(demo_issues[0]); d++) {
        json_t *iss, *truth, *ipages, *tpages;
        (void)snprintf(rel, sizeof(rel), "examples/%s/issue.json",
                       demo_issues[d]);
        iss = load_json(rel);
        (void)snprintf(rel, sizeof(rel), "examples/%s/truth.json",
                       demo_issues[d]);
        truth = load_json(rel);
        ipages = json_object_get(iss, "pages");
        tpages = json_object_get(truth, "pages");
        assert_int_equal(json_array_size(ipages), json_array_size(tpages));
        for (p = 0; p < json_array_size(ipages); p++)
            check_page(demo_issues[d], json_array_get(ipages, p),
                       json_array_get(tpages, p), by_y);
        json_decref(iss);
        json_decref(truth);
    }
}

static void test_demo_truth_order(void **state)
{
    (void)state;
    run_demo(false);
}

static void test_demo_by_y(void **state)
{
    (void)state;
    run_demo(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_truth_order),
        cmocka_unit_test(test_demo_by_y),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
