/* SPDX-License-Identifier: MIT */
/* Tests for store/: round trips, replacement rules, listings, media. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "store/store.h"
#include "testlib.h"

struct fixture {
    char *dir;
    struct store *st;
};

static int setup(void **state);
static int teardown(void **state);
static struct issue *
make_issue(const char *paper, const char *date, const char *headline);
static char **strv(size_t n, ...);
static int raw_int(const char *db, const char *sql);
static void polygon_lang_and_words_roundtrip(void **state);
static void v1_archive_is_upgraded_and_keeps_its_data(void **state);

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

static char **strv(size_t n, ...)
{
    char **v = xcalloc(n, sizeof(*v));
    va_list ap;
    size_t i;

    va_start(ap, n);
    for (i = 0; i < n; i++)
        v[i] = xstrdup(va_arg(ap, const char *));
    va_end(ap);
    return v;
}

/* A 2-page issue with every field set on page 1 and a continuation. */
static struct issue *
make_issue(const char *paper, const char *date, const char *headline)
{
    struct issue *iss = xcalloc(1, sizeof(*iss));
    struct page *p1, *p2;
    struct article *a;

    iss->paper.id = xstrdup(paper);
    iss->paper.name = xstrdup("太原日报");
    iss->paper.language = xstrdup("zh-CN");
    iss->paper.timezone = xstrdup("Asia/Shanghai");
    (void)snprintf(iss->date, sizeof(iss->date), "%s", date);
    iss->number = 22871;
    iss->edition = xstrdup("晨刊");
    iss->npages = 2;
    iss->pages = xcalloc(2, sizeof(*iss->pages));
    p1 = &iss->pages[0];
    p1->number = 1;
    p1->name = xstrdup("要闻");
    p1->image_media = xstrdup(
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    p1->image_mime = xstrdup("image/png");
    p1->pdf_media = xstrdup(
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    p1->width = 1000;
    p1->height = 1400;
    p1->narticles = 2;
    p1->articles = xcalloc(2, sizeof(*p1->articles));
    a = &p1->articles[0];
    a->id = xstrdup("a1");
    a->seq = 1;
    a->kicker = xstrdup("引题");
    a->headline = xstrdup(headline);
    a->subhead = xstrdup("副题");
    a->byline = xstrdup("本报记者 王五");
    a->nparagraphs = 3;
    a->paragraphs = strv(3, "第一段。", "第二段。", "第三段。");
    a->npictures = 1;
    a->pictures = xcalloc(1, sizeof(*a->pictures));
    a->pictures[0].media = xstrdup(
        "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc");
    a->pictures[0].mime = xstrdup("image/jpeg");
    a->pictures[0].caption = xstrdup("图片说明");
    a->nzones = 2;
    a->zones = xcalloc(2, sizeof(*a->zones));
    a->zones[0] = (struct zone){ .x = 10, .y = 20, .w = 300, .h = 400 };
    a->zones[1] = (struct zone){ .x = 0, .y = 500, .w = 1000, .h = 100 };
    a->continues.page = 2;
    a->continues.article = xstrdup("a1-cont");
    a = &p1->articles[1];
    a->id = xstrdup("a2");
    a->seq = 2;
    a->headline = xstrdup("简讯");
    p2 = &iss->pages[1];
    p2->number = 2;
    p2->narticles = 1;
    p2->articles = xcalloc(1, sizeof(*p2->articles));
    a = &p2->articles[0];
    a->id = xstrdup("a1-cont");
    a->seq = 1;
    a->headline = xstrdup("接上");
    a->nparagraphs = 1;
    a->paragraphs = strv(1, "续文。");
    a->continued_from.page = 1;
    a->continued_from.article = xstrdup("a1");
    return iss;
}

static void put_load_roundtrip_keeps_every_field(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *in = make_issue("tyrb", "2023-02-07", "头条"), *out = NULL;
    const struct article *a;
    int64_t before = time_now_utc();

    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", false, &out, &err),
        FOLIO_OK);
    assert_string_equal(out->paper.id, "tyrb");
    assert_string_equal(out->paper.name, "太原日报");
    assert_string_equal(out->paper.language, "zh-CN");
    assert_string_equal(out->paper.timezone, "Asia/Shanghai");
    assert_string_equal(out->date, "2023-02-07");
    assert_int_equal(out->number, 22871);
    assert_string_equal(out->edition, "晨刊");
    assert_int_equal(out->status, ISSUE_DRAFT);
    assert_true(out->created_at_utc >= before);
    assert_int_equal(out->published_at_utc, 0);
    assert_int_equal(out->npages, 2);
    assert_int_equal(out->pages[0].number, 1);
    assert_string_equal(out->pages[0].name, "要闻");
    assert_string_equal(out->pages[0].image_media, in->pages[0].image_media);
    assert_string_equal(out->pages[0].image_mime, "image/png");
    assert_string_equal(out->pages[0].pdf_media, in->pages[0].pdf_media);
    assert_int_equal(out->pages[0].width, 1000);
    assert_int_equal(out->pages[0].height, 1400);
    assert_int_equal(out->pages[0].narticles, 2);
    a = &out->pages[0].articles[0];
    assert_string_equal(a->id, "a1");
    assert_int_equal(a->seq, 1);
    assert_string_equal(a->kicker, "引题");
    assert_string_equal(a->headline, "头条");
    assert_string_equal(a->subhead, "副题");
    assert_string_equal(a->byline, "本报记者 王五");
    assert_int_equal(a->nparagraphs, 3);
    assert_string_equal(a->paragraphs[0], "第一段。");
    assert_string_equal(a->paragraphs[2], "第三段。");
    assert_int_equal(a->npictures, 1);
    assert_string_equal(a->pictures[0].mime, "image/jpeg");
    assert_string_equal(a->pictures[0].caption, "图片说明");
    assert_int_equal(a->nzones, 2);
    assert_int_equal(a->zones[0].x, 10);
    assert_int_equal(a->zones[0].h, 400);
    assert_int_equal(a->zones[1].y, 500);
    assert_int_equal(a->continues.page, 2);
    assert_string_equal(a->continues.article, "a1-cont");
    assert_int_equal(a->continued_from.page, 0);
    assert_null(a->continued_from.article);
    a = &out->pages[0].articles[1];
    assert_string_equal(a->id, "a2");
    assert_int_equal(a->seq, 2);
    assert_null(a->kicker);
    assert_null(a->subhead);
    assert_int_equal(a->nparagraphs, 0);
    a = &out->pages[1].articles[0];
    assert_null(out->pages[1].image_media);
    assert_null(out->pages[1].name);
    assert_string_equal(a->continued_from.article, "a1");
    assert_int_equal(a->continued_from.page, 1);
    assert_int_equal(issue_validate(out, &err), FOLIO_OK);
    issue_free(in);
    issue_free(out);
}

static void replacing_a_draft_replaces_everything(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *in = make_issue("tyrb", "2023-02-07", "旧标题");
    struct issue *out = NULL;

    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
    issue_free(in);
    in = make_issue("tyrb", "2023-02-07", "新标题");
    article_release(&in->pages[0].articles[1]);
    in->pages[0].narticles = 1;
    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", false, &out, &err),
        FOLIO_OK);
    assert_string_equal(out->pages[0].articles[0].headline, "新标题");
    assert_int_equal(out->pages[0].narticles, 1);
    assert_int_equal(out->pages[0].articles[0].nparagraphs, 3);
    issue_free(out);
    issue_free(in);
}

static void published_issue_conflicts_unless_replace(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *in = make_issue("tyrb", "2023-02-07", "原稿");
    struct issue *out = NULL;
    int64_t pub;

    in->status = ISSUE_PUBLISHED;
    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", true, &out, &err),
        FOLIO_OK);
    pub = out->published_at_utc;
    assert_true(pub > 0);
    issue_free(out);
    issue_free(in);

    in = make_issue("tyrb", "2023-02-07", "改稿");
    assert_int_equal(store_issue_put(f->st, in, false, &err),
                     FOLIO_ERR_CONFLICT);
    assert_int_equal(err.rc, FOLIO_ERR_CONFLICT);
    assert_string_equal(err.msg,
                        "issue tyrb 2023-02-07 is published; use --replace");
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", true, &out, &err),
        FOLIO_OK);
    assert_string_equal(out->pages[0].articles[0].headline, "原稿");
    issue_free(out);

    /* in->status is draft, yet a replaced published issue stays published */
    assert_int_equal(store_issue_put(f->st, in, true, &err), FOLIO_OK);
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", true, &out, &err),
        FOLIO_OK);
    assert_string_equal(out->pages[0].articles[0].headline, "改稿");
    assert_int_equal(out->status, ISSUE_PUBLISHED);
    assert_int_equal(out->published_at_utc, pub);
    issue_free(out);
    issue_free(in);
}

static void publish_and_unpublish_change_visibility(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *in = make_issue("tyrb", "2023-02-07", "头条");
    struct issue *out = NULL;
    uint64_t g0, g1;

    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
    issue_free(in);
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", true, &out, &err),
        FOLIO_ERR_NOT_FOUND);
    assert_string_equal(err.msg, "no issue tyrb 2023-02-07");
    assert_int_equal(store_generation(f->st, &g0, &err), FOLIO_OK);
    assert_int_equal(store_issue_set_status(f->st, "tyrb", "2023-02-07",
                                            ISSUE_PUBLISHED, &err),
                     FOLIO_OK);
    assert_int_equal(store_generation(f->st, &g1, &err), FOLIO_OK);
    assert_true(g1 != g0);
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", true, &out, &err),
        FOLIO_OK);
    assert_int_equal(out->status, ISSUE_PUBLISHED);
    assert_true(out->published_at_utc > 0);
    issue_free(out);
    assert_int_equal(
        store_issue_set_status(f->st, "tyrb", "2023-02-07", ISSUE_DRAFT, &err),
        FOLIO_OK);
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", true, &out, &err),
        FOLIO_ERR_NOT_FOUND);
    assert_int_equal(store_issue_set_status(f->st, "tyrb", "2023-02-08",
                                            ISSUE_PUBLISHED, &err),
                     FOLIO_ERR_NOT_FOUND);
    assert_string_equal(err.msg, "no issue tyrb 2023-02-08");
}

static void generation_sees_other_connections(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct store *ro = NULL;
    struct issue *in = make_issue("tyrb", "2023-02-07", "头条");
    uint64_t g0, g1;

    assert_int_equal(store_open(f->dir, STORE_OPEN_READONLY, &ro, &err),
                     FOLIO_OK);
    assert_int_equal(store_generation(ro, &g0, &err), FOLIO_OK);
    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
    assert_int_equal(store_generation(ro, &g1, &err), FOLIO_OK);
    assert_true(g1 != g0);
    assert_int_equal(store_issue_put(ro, in, false, &err), FOLIO_ERR_DB);
    issue_free(in);
    store_close(ro);
}

static void neighbours_and_latest_skip_drafts(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    const char *dates[] = { "2023-02-05", "2023-02-06", "2023-02-07",
                            "2023-02-09" };
    char prev[11], next[11], latest[11];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(dates); i++) {
        struct issue *in = make_issue("tyrb", dates[i], "头条");
        in->status = i == 1 ? ISSUE_DRAFT : ISSUE_PUBLISHED;
        assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
        issue_free(in);
    }
    assert_int_equal(
        store_issue_neighbors(f->st, "tyrb", "2023-02-07", prev, next, &err),
        FOLIO_OK);
    assert_string_equal(prev, "2023-02-05");
    assert_string_equal(next, "2023-02-09");
    assert_int_equal(
        store_issue_neighbors(f->st, "tyrb", "2023-02-05", prev, next, &err),
        FOLIO_OK);
    assert_string_equal(prev, "");
    assert_string_equal(next, "2023-02-07");
    assert_int_equal(
        store_issue_neighbors(f->st, "tyrb", "2023-02-08", prev, next, &err),
        FOLIO_OK);
    assert_string_equal(prev, "2023-02-07");
    assert_string_equal(next, "2023-02-09");
    assert_int_equal(store_issue_latest(f->st, "tyrb", latest, &err), FOLIO_OK);
    assert_string_equal(latest, "2023-02-09");
    assert_int_equal(store_issue_latest(f->st, "nope", latest, &err), FOLIO_OK);
    assert_string_equal(latest, "");
}

static void list_filters_by_paper_status_and_dates(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue_summary *list = NULL;
    struct paper *papers = NULL, p = { 0 };
    size_t n = 0, i;
    const char *dates[] = { "2023-01-31", "2023-02-01", "2023-02-28",
                            "2023-03-01" };

    for (i = 0; i < ARRAY_SIZE(dates); i++) {
        struct issue *in = make_issue("tyrb", dates[i], "头条");
        in->status = i == 2 ? ISSUE_DRAFT : ISSUE_PUBLISHED;
        assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
        issue_free(in);
    }
    {
        struct issue *in = make_issue("abc", "2023-02-10", "头条");
        free(in->paper.name);
        in->paper.name = xstrdup("ABC Daily");
        assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
        issue_free(in);
    }
    assert_int_equal(
        store_issue_list(f->st, NULL, false, NULL, NULL, &list, &n, &err),
        FOLIO_OK);
    assert_int_equal(n, 5);
    assert_string_equal(list[0].paper_id, "abc");
    assert_string_equal(list[1].date, "2023-01-31");
    assert_int_equal(list[1].npages, 2);
    assert_int_equal(list[1].narticles, 3);
    assert_int_equal(list[1].number, 22871);
    free(list);
    assert_int_equal(store_issue_list(f->st, "tyrb", false, "2023-02-01",
                                      "2023-02-28", &list, &n, &err),
                     FOLIO_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].date, "2023-02-01");
    assert_string_equal(list[1].date, "2023-02-28");
    assert_int_equal(list[1].status, ISSUE_DRAFT);
    free(list);
    assert_int_equal(store_issue_list(f->st, "tyrb", true, "2023-02-01",
                                      "2023-02-28", &list, &n, &err),
                     FOLIO_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].date, "2023-02-01");
    free(list);
    assert_int_equal(store_paper_list(f->st, &papers, &n, &err), FOLIO_OK);
    assert_int_equal(n, 2);
    assert_string_equal(papers[0].name, "ABC Daily");
    assert_string_equal(papers[1].id, "tyrb");
    for (i = 0; i < n; i++)
        paper_release(&papers[i]);
    free(papers);
    assert_int_equal(store_paper_get(f->st, "tyrb", &p, &err), FOLIO_OK);
    assert_string_equal(p.timezone, "Asia/Shanghai");
    paper_release(&p);
    assert_int_equal(store_paper_get(f->st, "zzz", &p, &err),
                     FOLIO_ERR_NOT_FOUND);
}

static void media_put_twice_gives_one_file(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    char h1[STORE_SHA256_HEX], h2[STORE_SHA256_HEX], path[4096];
    char *sub, *data;
    size_t len;
    struct stat sb;
    int nfiles = 0;
    FILE *ls;
    char line[512];

    assert_int_equal(store_media_put(f->st, "abc", 3, h1, &err), FOLIO_OK);
    assert_string_equal(
        h1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(store_media_put(f->st, "abc", 3, h2, &err), FOLIO_OK);
    assert_string_equal(h1, h2);
    assert_true(store_media_path(f->st, h1, path, sizeof(path)));
    data = test_read_file(path, &len);
    assert_non_null(data);
    assert_int_equal(len, 3);
    assert_memory_equal(data, "abc", 3);
    free(data);
    assert_int_equal(stat(path, &sb), 0);
    sub = xasprintf("ls -A '%s/media/ba'", f->dir);
    ls = popen(sub, "r");
    assert_non_null(ls);
    while (fgets(line, sizeof(line), ls))
        nfiles++;
    assert_int_equal(pclose(ls), 0);
    assert_int_equal(nfiles, 1);
    free(sub);
    assert_false(store_media_path(f->st, "../../etc/passwd", path, 4096));
    assert_false(store_media_path(f->st, h1, path, 10));
}

static void newer_schema_is_refused(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct store *st = NULL;
    char *db = xasprintf("%s/folio.db", f->dir);
    sqlite3 *raw = NULL;

    assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(raw);
    assert_int_equal(store_open(f->dir, 0, &st, &err), FOLIO_ERR_UNSUPPORTED);
    assert_null(st);
    assert_string_equal(err.where, db);
    assert_non_null(strstr(err.msg, "schema version 99 is newer than this "
                                    "folio understands ("));
    free(db);
}

/* First column of the first row of sql on a raw connection to db. */
static int raw_int(const char *db, const char *sql)
{
    sqlite3 *raw = NULL;
    sqlite3_stmt *s = NULL;
    int v;

    assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(raw);
    return v;
}

static void polygon_lang_and_words_roundtrip(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *iss = make_issue("tyrb", "2023-02-07", "头条");
    struct issue *got = NULL;
    struct page_word *words = NULL;
    struct article *a = &iss->pages[0].articles[0];
    struct zone *z = &a->zones[1];
    struct page *pg = &iss->pages[0];
    size_t n = 99, i;
    char text[32];

    z->npoints = 5;
    z->points = xcalloc(5, sizeof(*z->points));
    z->points[0] = (struct point){ 0, 500 };
    z->points[1] = (struct point){ 1000, 500 };
    z->points[2] = (struct point){ 1000, 600 };
    z->points[3] = (struct point){ 400, 600 };
    z->points[4] = (struct point){ 0, 550 };
    a->lang = xstrdup("en-GB");
    pg->nwords = 1000;
    pg->words = xcalloc(pg->nwords, sizeof(*pg->words));
    for (i = 0; i < pg->nwords; i++) {
        (void)snprintf(text, sizeof(text), "字%zu", i);
        pg->words[i] = (struct page_word){ .text = xstrdup(text),
                                           .x = (int32_t)i,
                                           .y = (int32_t)(2 * i),
                                           .w = 30,
                                           .h = 40,
                                           .line = (int32_t)(i / 20),
                                           .block = (int32_t)(i / 100) };
    }
    assert_int_equal(store_issue_put(f->st, iss, false, &err), FOLIO_OK);

    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", false, &got, &err),
        FOLIO_OK);
    a = &got->pages[0].articles[0];
    assert_string_equal(a->lang, "en-GB");
    assert_null(got->pages[0].articles[1].lang);
    assert_int_equal(a->nzones, 2);
    assert_null(a->zones[0].points);
    assert_int_equal(a->zones[0].npoints, 0);
    assert_int_equal(a->zones[1].x, 0);
    assert_int_equal(a->zones[1].y, 500);
    assert_int_equal(a->zones[1].w, 1000);
    assert_int_equal(a->zones[1].h, 100);
    assert_int_equal(a->zones[1].npoints, 5);
    assert_int_equal(a->zones[1].points[3].x, 400);
    assert_int_equal(a->zones[1].points[3].y, 600);
    assert_int_equal(a->zones[1].points[4].y, 550);
    assert_int_equal(got->pages[0].nwords, 0);
    assert_null(got->pages[0].words);
    issue_free(got);

    assert_int_equal(store_page_words_load(f->st, "tyrb", "2023-02-07", 1,
                                           false, &words, &n, &err),
                     FOLIO_OK);
    assert_int_equal(n, 1000);
    assert_string_equal(words[0].text, "字0");
    assert_string_equal(words[999].text, "字999");
    assert_int_equal(words[777].x, 777);
    assert_int_equal(words[777].y, 1554);
    assert_int_equal(words[777].w, 30);
    assert_int_equal(words[777].h, 40);
    assert_int_equal(words[777].line, 38);
    assert_int_equal(words[777].block, 7);
    page_words_free(words, n);

    /* a page without words; a missing page; a draft when published only */
    words = NULL;
    assert_int_equal(store_page_words_load(f->st, "tyrb", "2023-02-07", 2,
                                           false, &words, &n, &err),
                     FOLIO_OK);
    assert_int_equal(n, 0);
    assert_null(words);
    assert_int_equal(store_page_words_load(f->st, "tyrb", "2023-02-07", 3,
                                           false, &words, &n, &err),
                     FOLIO_ERR_NOT_FOUND);
    assert_string_equal(err.msg, "no page 3 in tyrb 2023-02-07");
    assert_int_equal(store_page_words_load(f->st, "tyrb", "2023-02-07", 1, true,
                                           &words, &n, &err),
                     FOLIO_ERR_NOT_FOUND);

    /* replacing the issue replaces its words */
    page_words_free(pg->words, pg->nwords);
    pg->nwords = 1;
    pg->words = xcalloc(1, sizeof(*pg->words));
    pg->words[0] = (struct page_word){
        .text = xstrdup("only"), .x = 1, .y = 2, .w = 3, .h = 4
    };
    assert_int_equal(store_issue_put(f->st, iss, false, &err), FOLIO_OK);
    assert_int_equal(store_page_words_load(f->st, "tyrb", "2023-02-07", 1,
                                           false, &words, &n, &err),
                     FOLIO_OK);
    assert_int_equal(n, 1);
    assert_string_equal(words[0].text, "only");
    assert_int_equal(words[0].h, 4);
    page_words_free(words, n);
    issue_free(iss);
}

/* Schema step 1 as released (folio 0.1), and a little data in it. */
static const char v1_sql[] =
    "CREATE TABLE paper (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
    "  language TEXT NOT NULL, timezone TEXT NOT NULL);"
    "CREATE TABLE issue (id INTEGER PRIMARY KEY,"
    "  paper_id TEXT NOT NULL REFERENCES paper(id), date TEXT NOT NULL,"
    "  number INTEGER NOT NULL DEFAULT 0, edition TEXT,"
    "  status INTEGER NOT NULL CHECK (status IN (0, 1)),"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  published_at INTEGER NOT NULL DEFAULT 0, UNIQUE (paper_id, date));"
    "CREATE INDEX issue_by_status ON issue(paper_id, status, date);"
    "CREATE TABLE page ("
    "  issue_id INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,"
    "  number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),"
    "  name TEXT, image_media TEXT, image_mime TEXT, pdf_media TEXT,"
    "  width INTEGER NOT NULL DEFAULT 0, height INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (issue_id, number)) WITHOUT ROWID;"
    "CREATE TABLE article (id INTEGER PRIMARY KEY,"
    "  issue_id INTEGER NOT NULL, page INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL, aid TEXT NOT NULL, kicker TEXT,"
    "  headline TEXT NOT NULL, subhead TEXT, byline TEXT,"
    "  continues_page INTEGER NOT NULL DEFAULT 0, continues_article TEXT,"
    "  continued_from_page INTEGER NOT NULL DEFAULT 0,"
    "  continued_from_article TEXT, UNIQUE (issue_id, page, aid),"
    "  UNIQUE (issue_id, page, seq),"
    "  FOREIGN KEY (issue_id, page) REFERENCES page(issue_id, number)"
    "    ON DELETE CASCADE);"
    "CREATE TABLE paragraph ("
    "  article INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL, text TEXT NOT NULL,"
    "  PRIMARY KEY (article, seq)) WITHOUT ROWID;"
    "CREATE TABLE picture ("
    "  article INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL, media TEXT NOT NULL, mime TEXT NOT NULL,"
    "  caption TEXT, PRIMARY KEY (article, seq)) WITHOUT ROWID;"
    "CREATE TABLE zone ("
    "  article INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL,"
    "  w INTEGER NOT NULL, h INTEGER NOT NULL,"
    "  PRIMARY KEY (article, seq)) WITHOUT ROWID;"
    "INSERT INTO paper VALUES ('old', '旧报', 'zh-CN', 'Asia/Shanghai');"
    "INSERT INTO issue VALUES (1, 'old', '2001-01-01', 7, NULL, 1,"
    "  100, 200, 150);"
    "INSERT INTO page VALUES (1, 1, '头版', NULL, NULL, NULL, 800, 1200);"
    "INSERT INTO article VALUES (1, 1, 1, 1, 'x1', NULL, '旧闻', NULL,"
    "  NULL, 0, NULL, 0, NULL);"
    "INSERT INTO paragraph VALUES (1, 0, '正文。');"
    "INSERT INTO zone VALUES (1, 0, 5, 6, 70, 80);"
    "PRAGMA user_version = 1;";

static void v1_archive_is_upgraded_and_keeps_its_data(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    char *dir = test_tmpdir();
    char *db = xasprintf("%s/folio.db", dir);
    struct store *st = NULL;
    struct issue *got = NULL;
    struct page_word *words = NULL;
    struct article *a;
    sqlite3 *raw = NULL;
    size_t n = 99;
    int version;

    (void)f;
    assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, v1_sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);

    /* a read-only reader refuses to upgrade */
    assert_int_equal(store_open(dir, STORE_OPEN_READONLY, &st, &err),
                     FOLIO_ERR_UNSUPPORTED);
    assert_null(st);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), 1);

    assert_int_equal(store_open(dir, 0, &st, &err), FOLIO_OK);
    version = raw_int(db, "PRAGMA user_version");
    assert_true(version >= 2);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_schema"
                                 " WHERE name = 'page_word'"),
                     1);
    assert_int_equal(
        store_issue_load(st, "old", "2001-01-01", true, &got, &err), FOLIO_OK);
    assert_int_equal(got->number, 7);
    assert_int_equal(got->published_at_utc, 150);
    assert_int_equal(got->npages, 1);
    assert_int_equal(got->pages[0].width, 800);
    assert_int_equal(got->pages[0].narticles, 1);
    a = &got->pages[0].articles[0];
    assert_string_equal(a->headline, "旧闻");
    assert_null(a->lang);
    assert_int_equal(a->nparagraphs, 1);
    assert_string_equal(a->paragraphs[0], "正文。");
    assert_int_equal(a->nzones, 1);
    assert_int_equal(a->zones[0].w, 70);
    assert_null(a->zones[0].points);
    assert_int_equal(store_page_words_load(st, "old", "2001-01-01", 1, true,
                                           &words, &n, &err),
                     FOLIO_OK);
    assert_int_equal(n, 0);

    /* reopening does not migrate again; the new fields are writable */
    store_close(st);
    st = NULL;
    assert_int_equal(store_open(dir, STORE_OPEN_READONLY, &st, &err), FOLIO_OK);
    store_close(st);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), version);
    issue_free(got);
    test_rmtree(dir);
    free(dir);
    free(db);
}

static void missing_archive_without_create_is_not_found(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct store *st = NULL;
    char *dir = xasprintf("%s/nothing", f->dir);

    assert_int_equal(store_open(dir, 0, &st, &err), FOLIO_ERR_NOT_FOUND);
    assert_int_equal(store_open(dir, STORE_OPEN_READONLY, &st, &err),
                     FOLIO_ERR_NOT_FOUND);
    assert_null(st);
    free(dir);
}

static void failed_put_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct folio_err err = { 0 };
    struct issue *in = make_issue("tyrb", "2023-02-07", "原稿");
    struct issue *out = NULL;
    struct issue_summary *list = NULL;
    size_t n = 0;

    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_OK);
    issue_free(in);
    /* duplicate id on one page violates UNIQUE(issue_id, page, aid)
     * mid-transaction */
    in = make_issue("tyrb", "2023-02-07", "坏稿");
    free(in->pages[0].articles[1].id);
    in->pages[0].articles[1].id = xstrdup("a1");
    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_ERR_DB);
    issue_free(in);
    in = make_issue("tyrb", "2023-02-08", "坏稿");
    in->pages[1].number = 1; /* duplicate page number */
    assert_int_equal(store_issue_put(f->st, in, false, &err), FOLIO_ERR_DB);
    issue_free(in);
    assert_int_equal(
        store_issue_load(f->st, "tyrb", "2023-02-07", false, &out, &err),
        FOLIO_OK);
    assert_string_equal(out->pages[0].articles[0].headline, "原稿");
    assert_int_equal(out->pages[1].narticles, 1);
    issue_free(out);
    assert_int_equal(
        store_issue_list(f->st, NULL, false, NULL, NULL, &list, &n, &err),
        FOLIO_OK);
    assert_int_equal(n, 1);
    free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(put_load_roundtrip_keeps_every_field,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(replacing_a_draft_replaces_everything,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            published_issue_conflicts_unless_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(publish_and_unpublish_change_visibility,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(generation_sees_other_connections,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(neighbours_and_latest_skip_drafts,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(list_filters_by_paper_status_and_dates,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(media_put_twice_gives_one_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(polygon_lang_and_words_roundtrip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            v1_archive_is_upgraded_and_keeps_its_data, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            missing_archive_without_create_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_put_changes_nothing, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
