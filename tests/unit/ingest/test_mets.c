/* SPDX-License-Identifier: MIT */
/*
 * Tests for the library-archive importers: ALTO versions, units,
 * hyphenation and languages; the Open ONI text gold pair; METS issues
 * (BNL with articles, NDNP batch) checked dry and stored; refused XML.
 *
 * The tests that read $FOLIO_FIXTURES run only with the argument
 * "fixtures" (meson test ingest/mets-fixtures); without the fixtures that
 * run prints the TAP plan "1..0 # SKIP" (cmocka's skip() prints "not ok
 * … # SKIP", which TAP consumers such as Meson count as a failure).
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/xalloc.h"
#include "ingest/ingest.h"
#include "ingest/ingest_lib_int.h"
#include "store/store.h"
#include "testlib.h"

#define BNL_METS                                \
 "mets-alto/bnl-luxzeit-1858/"                  \
 "2385348_newspaper_luxzeit1858_1858-12-07_01/" \
 "2385348_newspaper_luxzeit1858_1858-12-07_01-mets.xml"
#define NDNP_BATCH  "mets-alto/ndnp-nordstern-1878/data/batch.xml"
#define TRIBUNE_XML "mets-alto/tribune-alto-with-text/ocr.xml"
#define TRIBUNE_TXT "mets-alto/tribune-alto-with-text/ocr.txt"

static void store_refuses_another_edition(void **state);
static bool fixtures_present(void);

static char **words_of(const char *text, size_t *n);
static void words_free(char **w, size_t n);
static char *alto_doc(const char *ns, const char *unit);
static void parse_ok(const char *xml, struct alto_page *pg);

static char **words_of(const char *text, size_t *n)
{
    char **v = NULL;
    size_t k = 0;
    const char *p = text, *s;

    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
            p++;
        if (!*p)
            break;
        s = p;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
            p++;
        v = xreallocarray(v, k + 1, sizeof(*v));
        v[k++] = xstrndup(s, (size_t)(p - s));
    }
    *n = k;
    return v;
}

static void words_free(char **w, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(w[i]);
    free(w);
}

static void tribune_text_matches_open_oni_gold(void **state)
{
    char *xml = test_fixture(TRIBUNE_XML);
    char *txt = test_fixture(TRIBUNE_TXT);
    char *gold, *mine = NULL, **gw, **mw;
    size_t gn, mn, i;
    struct folio_err err;

    (void)state;
    if (!xml || !txt)
        fail_msg("fixture %s absent", TRIBUNE_XML);
    gold = test_read_file(txt, NULL);
    assert_non_null(gold);
    assert_int_equal(ingest_alto_text(xml, &mine, &err), FOLIO_OK);
    gw = words_of(gold, &gn);
    mw = words_of(mine, &mn);
    assert_int_equal(gn, 5122);
    assert_int_equal(mn, gn);
    for (i = 0; i < gn; i++)
        assert_string_equal(mw[i], gw[i]);
    words_free(gw, gn);
    words_free(mw, mn);
    free(gold);
    free(mine);
    free(xml);
    free(txt);
}

/* A two-block ALTO page: "New-York Har-" / "bor" hyphenated, LANG set. */
static char *alto_doc(const char *ns, const char *unit)
{
    return xasprintf(
        "<?xml version=\"1.0\"?>\n<alto%s>"
        "<Description><MeasurementUnit>%s</MeasurementUnit></Description>"
        "<Layout><Page ID=\"P1\" WIDTH=\"2540\" HEIGHT=\"3810\">"
        "<PrintSpace><TextBlock ID=\"B1\" HPOS=\"100\" VPOS=\"100\" "
        "WIDTH=\"1000\" HEIGHT=\"300\" LANG=\"fr\">"
        "<TextLine><String CONTENT=\"New-York\" HPOS=\"100\" VPOS=\"100\" "
        "WIDTH=\"400\" HEIGHT=\"50\"/><SP/><String CONTENT=\"Har\" "
        "SUBS_TYPE=\"HypPart1\" SUBS_CONTENT=\"Harbor\" HPOS=\"600\" "
        "VPOS=\"100\" WIDTH=\"200\" HEIGHT=\"50\"/><HYP CONTENT=\"-\"/>"
        "</TextLine><TextLine><String CONTENT=\"bor\" SUBS_TYPE=\"HypPart2\" "
        "SUBS_CONTENT=\"Harbor\" HPOS=\"100\" VPOS=\"200\" WIDTH=\"200\" "
        "HEIGHT=\"50\"/><String CONTENT=\"tug-\" HPOS=\"400\" VPOS=\"200\" "
        "WIDTH=\"200\" HEIGHT=\"50\"/><HYP CONTENT=\"-\"/></TextLine>"
        "<TextLine><String CONTENT=\"boats\" HPOS=\"100\" VPOS=\"300\" "
        "WIDTH=\"200\" HEIGHT=\"50\"/></TextLine></TextBlock>"
        "<ComposedBlock ID=\"CB1\" HPOS=\"0\" VPOS=\"1000\" WIDTH=\"2000\" "
        "HEIGHT=\"500\"><TextBlock ID=\"B2\" HPOS=\"0\" VPOS=\"1000\" "
        "WIDTH=\"2000\" HEIGHT=\"500\" language=\"ger\"><TextLine>"
        "<String CONTENT=\"Anzeige\" HPOS=\"0\" VPOS=\"1000\" WIDTH=\"500\" "
        "HEIGHT=\"100\"/></TextLine></TextBlock></ComposedBlock>"
        "</PrintSpace></Page></Layout></alto>",
        ns, unit);
}

static void parse_ok(const char *xml, struct alto_page *pg)
{
    struct folio_err err;

    memset(&err, 0, sizeof(err));
    if (alto_parse((const unsigned char *)xml, strlen(xml), "t.xml", pg,
                   &err) != FOLIO_OK)
        fail_msg("alto_parse: %s: %s", err.where, err.msg);
}

static void alto_versions_and_namespaces_read_alike(void **state)
{
    static const char *ns[] = {
        "",
        " xmlns=\"http://schema.ccs-gmbh.com/ALTO\"",
        " xmlns=\"http://www.loc.gov/standards/alto/ns-v2#\"",
        " xmlns=\"http://www.loc.gov/standards/alto/ns-v3#\"",
        " xmlns:a=\"http://www.loc.gov/standards/alto/ns-v4#\"",
        " xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\"",
    };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_SIZE(ns); i++) {
        struct alto_page pg;
        char **paras = NULL;
        size_t np = 0;
        char *xml = alto_doc(ns[i], "pixel");
        parse_ok(xml, &pg);
        assert_int_equal(pg.nwords, 6);
        assert_int_equal(pg.nblocks, 2);
        assert_int_equal(pg.ngroups, 1);
        assert_int_equal(pg.nlines, 4);
        assert_string_equal(pg.blocks[0].lang, "fr");
        assert_string_equal(pg.blocks[1].lang, "ger");
        assert_int_equal(alto_group_find(&pg, "CB1"), 0);
        assert_int_equal(alto_block_find(&pg, "B2"), 1);
        alto_block_paragraphs(&pg, 0, 2, &paras, &np);
        assert_int_equal(np, 2);
        assert_string_equal(paras[0], "New-York Harbor tugboats");
        assert_string_equal(paras[1], "Anzeige");
        free(paras[0]);
        free(paras[1]);
        free(paras);
        alto_page_release(&pg);
        free(xml);
    }
}

static void measurement_units_scale_to_300_dpi(void **state)
{
    struct alto_page pg;
    struct page_word *w = NULL;
    size_t n = 0;
    char *xml;

    (void)state;
    xml = alto_doc("", "mm10");
    parse_ok(xml, &pg);
    assert_int_equal(pg.unit, ALTO_UNIT_MM10);
    /* 2540 mm10 = 10 in = 3000 px at 300 dpi */
    assert_true(fabs(pg.width * alto_default_scale(pg.unit) - 3000) < 0.01);
    alto_model_words(&pg, alto_default_scale(pg.unit), 3000, 4500, &w, &n);
    assert_int_equal(n, 6);
    assert_string_equal(w[1].text, "Har");
    assert_int_equal(w[1].x, 709); /* 600 mm10 = 708.66 px */
    assert_int_equal(w[3].line, 1);
    assert_int_equal(w[5].block, 1);
    page_words_free(w, n);
    alto_page_release(&pg);
    free(xml);

    xml = alto_doc("", "inch1200");
    parse_ok(xml, &pg);
    alto_model_words(&pg, alto_default_scale(pg.unit), 635, 953, &w, &n);
    assert_int_equal(w[1].x, 150); /* 600/1200 in = 150 px */
    page_words_free(w, n);
    alto_page_release(&pg);
    free(xml);

    xml = alto_doc("", "furlong");
    {
        struct folio_err err;
        assert_int_equal(alto_parse((const unsigned char *)xml, strlen(xml),
                                    "u.xml", &pg, &err),
                         FOLIO_ERR_INVALID);
        assert_non_null(strstr(err.msg, "furlong"));
    }
    free(xml);
}

static void entity_declarations_are_refused(void **state)
{
    static const char *laughs =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE alto [\n"
        "<!ENTITY a \"aaaaaaaaaa\">\n"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
        "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
        "]>\n<alto><Layout><Page><TextBlock><TextLine>"
        "<String CONTENT=\"&h;\"/></TextLine></TextBlock></Page></Layout>"
        "</alto>";
    static const char *xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE alto [\n"
        "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        "<alto><Layout><Page><TextBlock><TextLine>"
        "<String CONTENT=\"&x;\"/></TextLine></TextBlock></Page></Layout>"
        "</alto>";
    struct alto_page pg;
    struct folio_err err;

    (void)state;
    memset(&err, 0, sizeof(err));
    assert_int_equal(alto_parse((const unsigned char *)laughs, strlen(laughs),
                                "laughs.xml", &pg, &err),
                     FOLIO_ERR_INVALID);
    assert_non_null(strstr(err.where, "laughs.xml"));
    memset(&err, 0, sizeof(err));
    assert_int_equal(alto_parse((const unsigned char *)xxe, strlen(xxe),
                                "xxe.xml", &pg, &err),
                     FOLIO_ERR_INVALID);
    assert_null(strstr(err.msg, "root:"));
    assert_non_null(strstr(err.msg, "entit"));
}

static void bnl_issue_has_articles_titles_and_languages(void **state)
{
    char *mets = test_fixture(BNL_METS), *dir;
    struct ingest_report rep;
    struct ingest_lib_options opt;
    struct folio_err err;
    struct store *st = NULL;
    struct issue *iss = NULL;
    size_t p, a, narts = 0, nads = 0, nde = 0, nfr = 0;
    bool found_revue = false;

    (void)state;
    if (!mets)
        fail_msg("fixture %s absent", BNL_METS);
    memset(&rep, 0, sizeof(rep));
    memset(&opt, 0, sizeof(opt));
    memset(&err, 0, sizeof(err));
    if (ingest_mets_issue(NULL, mets, &opt, &rep, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_int_equal(rep.nissues, 1);
    assert_string_equal(rep.issues[0].paper_id,
                        "luxemburger-zeitung-journal-de-luxembourg");
    assert_string_equal(rep.issues[0].date, "1858-12-07");
    assert_int_equal(rep.issues[0].npages, 4);
    assert_true(rep.nwarnings >= 4); /* images and PDFs absent */
    ingest_report_release(&rep);

    dir = test_tmpdir();
    assert_int_equal(store_open(dir, STORE_OPEN_CREATE, &st, &err), FOLIO_OK);
    opt.paper_id = "luxzeit";
    assert_int_equal(ingest_mets_issue(st, mets, &opt, &rep, &err), FOLIO_OK);
    assert_false(rep.issues[0].skipped);
    ingest_report_release(&rep);
    assert_int_equal(
        store_issue_load(st, "luxzeit", "1858-12-07", false, &iss, &err),
        FOLIO_OK);
    assert_string_equal(iss->paper.name,
                        "Luxemburger Zeitung – Journal de Luxembourg");
    assert_int_equal(iss->npages, 4);
    for (p = 0; p < iss->npages; p++) {
        assert_true(iss->pages[p].width > 3000);
        for (a = 0; a < iss->pages[p].narticles; a++) {
            const struct article *ar = &iss->pages[p].articles[a];
            if (ar->continued_from.page)
                continue; /* a continuation part */
            if (strncmp(ar->headline, "Publicité", 10) == 0)
                nads++;
            else
                narts++;
            if (strcmp(ar->headline, "Revue politique.") == 0) {
                found_revue = true;
                assert_string_equal(ar->lang, "fr");
                assert_true(ar->nparagraphs > 3);
                assert_true(ar->nzones > 3);
            }
            nde += ar->lang && strcmp(ar->lang, "de") == 0;
            nfr += ar->lang && strcmp(ar->lang, "fr") == 0;
        }
    }
    assert_true(found_revue);
    assert_int_equal(narts, 12);
    assert_int_equal(nads, 5);
    assert_true(nde >= 3);
    assert_true(nfr >= 7);
    issue_free(iss);

    /* the same source again: skipped, nothing new */
    assert_int_equal(ingest_mets_issue(st, mets, &opt, &rep, &err), FOLIO_OK);
    assert_true(rep.issues[0].skipped);
    ingest_report_release(&rep);
    store_close(st);
    test_rmtree(dir);
    free(dir);
    free(mets);
}

static void ndnp_batch_has_pages_and_words(void **state)
{
    char *batch = test_fixture(NDNP_BATCH), *dir;
    struct ingest_report rep;
    struct ingest_lib_options opt;
    struct folio_err err;
    struct store *st = NULL;
    struct page_word *w = NULL;
    size_t n = 0;
    struct issue *iss = NULL;

    (void)state;
    if (!batch)
        fail_msg("fixture %s absent", NDNP_BATCH);
    memset(&rep, 0, sizeof(rep));
    memset(&opt, 0, sizeof(opt));
    opt.no_page_images = true; /* renders take ~20 s a page */
    dir = test_tmpdir();
    assert_int_equal(store_open(dir, STORE_OPEN_CREATE, &st, &err), FOLIO_OK);
    if (ingest_ndnp_batch(st, batch, &opt, &rep, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_int_equal(rep.nissues, 1);
    assert_string_equal(rep.issues[0].paper_id, "sn83045350");
    assert_string_equal(rep.issues[0].date, "1878-01-03");
    assert_int_equal(rep.issues[0].npages, 8);
    assert_int_equal(rep.issues[0].narticles, 0);
    assert_true(rep.issues[0].nwords > 10000);
    assert_int_equal(rep.nwarnings, 16); /* a TIFF and a JP2 per page */
    ingest_report_release(&rep);
    assert_int_equal(
        store_issue_load(st, "sn83045350", "1878-01-03", false, &iss, &err),
        FOLIO_OK);
    assert_string_equal(iss->paper.name, "Der Nordstern (St. Cloud, Minn.)");
    assert_string_equal(iss->paper.language, "de");
    assert_int_equal(iss->pages[0].width, 4294); /* 17175 inch1200, 300 dpi */
    assert_non_null(iss->pages[0].pdf_media);
    assert_int_equal(store_page_words_load(st, "sn83045350", "1878-01-03", 1,
                                           false, &w, &n, &err),
                     FOLIO_OK);
    assert_true(n > 1000);
    assert_true(w[0].w > 0 && w[0].x + w[0].w <= 4294);
    page_words_free(w, n);
    issue_free(iss);
    store_close(st);
    test_rmtree(dir);
    free(dir);
    free(batch);
}

/*
 * The store never replaces an issue by another edition of its date
 * without replace_published (whatever importer calls it); absent, "" and
 * "1" are the same edition.
 */
static void store_refuses_another_edition(void **state)
{
    char *dir = test_tmpdir();
    struct store *st = NULL;
    struct issue iss, *got = NULL;
    struct page pg;
    struct folio_err err;
    char id[] = "ed-test", name[] = "Editions", lang[] = "de", tz[] = "UTC";
    char ed1[] = "1", ed2[] = "2";
    char *ed = NULL;
    bool exists = false;

    (void)state;
    memset(&iss, 0, sizeof(iss));
    memset(&pg, 0, sizeof(pg));
    memset(&err, 0, sizeof(err));
    pg.number = 1;
    iss.paper.id = id;
    iss.paper.name = name;
    iss.paper.language = lang;
    iss.paper.timezone = tz;
    (void)snprintf(iss.date, sizeof(iss.date), "%s", "1878-01-03");
    iss.pages = &pg;
    iss.npages = 1;
    assert_int_equal(store_open(dir, STORE_OPEN_CREATE, &st, &err), FOLIO_OK);
    assert_int_equal(store_issue_put(st, &iss, false, &err), FOLIO_OK);
    iss.edition = ed1; /* the same edition, labelled */
    assert_int_equal(store_issue_put(st, &iss, false, &err), FOLIO_OK);
    iss.edition = ed2;
    assert_int_equal(store_issue_put(st, &iss, false, &err),
                     FOLIO_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "is stored as edition 1, this is "
                                    "edition 2"));
    assert_int_equal(
        store_issue_edition(st, "ed-test", "1878-01-03", &exists, &ed, &err),
        FOLIO_OK);
    assert_true(exists);
    assert_string_equal(ed, "1"); /* unchanged */
    free(ed);
    ed = NULL;
    assert_int_equal(store_issue_put(st, &iss, true, &err), FOLIO_OK);
    assert_int_equal(
        store_issue_edition(st, "ed-test", "1878-01-03", &exists, &ed, &err),
        FOLIO_OK);
    assert_string_equal(ed, "2");
    free(ed);
    ed = NULL;
    assert_int_equal(
        store_issue_edition(st, "ed-test", "1878-01-04", &exists, &ed, &err),
        FOLIO_OK);
    assert_false(exists);
    assert_null(ed);
    assert_int_equal(
        store_issue_load(st, "ed-test", "1878-01-03", false, &got, &err),
        FOLIO_OK);
    assert_string_equal(got->edition, "2");
    issue_free(got);
    store_close(st);
    test_rmtree(dir);
    free(dir);
}

/* Every fixture the "fixtures" run reads is there. */
static bool fixtures_present(void)
{
    static const char *const rel[] = { TRIBUNE_XML, TRIBUNE_TXT, BNL_METS,
                                       NDNP_BATCH };
    size_t i;
    bool all = true;

    for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        char *p = test_fixture(rel[i]);
        all = all && p != NULL;
        free(p);
    }
    return all;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alto_versions_and_namespaces_read_alike),
        cmocka_unit_test(measurement_units_scale_to_300_dpi),
        cmocka_unit_test(entity_declarations_are_refused),
        cmocka_unit_test(store_refuses_another_edition),
    };
    const struct CMUnitTest fixture_tests[] = {
        cmocka_unit_test(tribune_text_matches_open_oni_gold),
        cmocka_unit_test(bnl_issue_has_articles_titles_and_languages),
        cmocka_unit_test(ndnp_batch_has_pages_and_words),
    };

    if (argc > 1 && strcmp(argv[1], "fixtures") == 0) {
        if (!fixtures_present()) {
            printf("1..0 # SKIP mets-alto fixtures absent "
                   "(FOLIO_FIXTURES)\n");
            return 0;
        }
        return cmocka_run_group_tests(fixture_tests, NULL, NULL);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
