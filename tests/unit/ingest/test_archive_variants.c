/* SPDX-License-Identifier: MIT */
/*
 * Library archives in shapes the fixtures do not have, written here as
 * small synthetic files: ALTO coordinates as OCR tools really write them
 * (upper-case units, white space, decimal commas, negative values, a Page
 * without a size), MODS dates in the ISO 8601 basic form, NDNP edition
 * and issue details with captions, FLocat URLs folio cannot fetch, and
 * pages whose files are all absent.
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "ingest/ingest.h"
#include "ingest/ingest_founder_int.h"
#include "ingest/ingest_lib_int.h"
#include "model/model.h"
#include "store/store.h"
#include "testlib.h"

static void alto_coordinates_as_ocr_tools_write_them(void **state);
static void alto_page_without_size_takes_its_extent(void **state);
static void mets_basic_date_detail_numbers_and_urls(void **state);
static void mets_page_with_no_file_names_them_all(void **state);
static char *mets_doc(const char *date, const char *img_href, const char *ck);
static void mets_checksum_without_type_by_length(void **state);
static void founder_site_absolute_media_links(void **state);
static void founder_big5_when_declared(void **state);
static void detect_alto_without_mets(void **state);
static void mets_href_letter_case(void **state);
static void founder_old_table_vintage(void **state);
static void mets_nested_file_groups(void **state);
static void founder_lettered_sections(void **state);
static void alto_fraktur_hyphen_signs(void **state);
static void mets_windows_backslashes(void **state);
static char *replace1(const char *s, const char *from, const char *to);

static const char alto_small[] =
    "<?xml version=\"1.0\"?>\n"
    "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v3#\">"
    "<Description><MeasurementUnit>MM10</MeasurementUnit></Description>"
    "<Layout><Page ID=\"P1\" WIDTH=\"2540\" HEIGHT=\"3810\"><PrintSpace>"
    "<TextBlock ID=\"B1\" HPOS=\"-2\" VPOS=\"100\" WIDTH=\"1000\" "
    "HEIGHT=\"300\"><TextLine>"
    "<String CONTENT=\"Zeitung\" HPOS=\" 12 \" VPOS=\"-3\" WIDTH=\"40,5\" "
    "HEIGHT=\"50\"/></TextLine></TextBlock>"
    "</PrintSpace></Page></Layout></alto>";

static void alto_coordinates_as_ocr_tools_write_them(void **state)
{
    struct alto_page pg;
    struct folio_err err;
    static const char *bad[] = { "12 5", "1e9", "-2e7", "x" };
    size_t i;

    (void)state;
    memset(&err, 0, sizeof(err));
    memset(&pg, 0, sizeof(pg));
    assert_int_equal(alto_parse((const unsigned char *)alto_small,
                                strlen(alto_small), "t.xml", &pg, &err),
                     FOLIO_OK);
    assert_int_equal(pg.unit, ALTO_UNIT_MM10);
    assert_int_equal(pg.nwords, 1);
    assert_true(pg.words[0].x == 12.0);
    assert_true(pg.words[0].y == 0.0);  /* -3 clamped to the edge */
    assert_true(pg.words[0].w == 40.5); /* decimal comma */
    assert_true(pg.blocks[0].x == 0.0); /* -2 clamped */
    assert_true(pg.width == 2540.0);
    alto_page_release(&pg);

    /* still refused: what is not a number, or far out of range */
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        char *x = xstrdup(alto_small), *p = strstr(x, " 12 ");
        char *doc;
        assert_non_null(p);
        *p = '\0';
        doc = xasprintf("%s%s%s", x, bad[i], p + 4);
        memset(&err, 0, sizeof(err));
        assert_int_equal(alto_parse((const unsigned char *)doc, strlen(doc),
                                    "t.xml", &pg, &err),
                         FOLIO_ERR_INVALID);
        assert_non_null(strstr(err.msg, "bad HPOS"));
        assert_non_null(strstr(err.where, "t.xml:2"));
        free(doc);
        free(x);
    }
}

static void alto_page_without_size_takes_its_extent(void **state)
{
    struct alto_page pg;
    struct folio_err err;
    char *doc = xstrdup(alto_small), *p = strstr(doc, " WIDTH=\"2540\"");

    (void)state;
    assert_non_null(p);
    memmove(p, p + 13, strlen(p + 13) + 1);
    p = strstr(doc, " HEIGHT=\"3810\"");
    assert_non_null(p);
    memmove(p, p + 14, strlen(p + 14) + 1);
    memset(&err, 0, sizeof(err));
    memset(&pg, 0, sizeof(pg));
    assert_int_equal(
        alto_parse((const unsigned char *)doc, strlen(doc), "t.xml", &pg, &err),
        FOLIO_OK);
    /* the block reaches to x 1000, y 400 */
    assert_true(pg.width == 1000.0);
    assert_true(pg.height == 400.0);
    alto_page_release(&pg);
    free(doc);
}

/* A one-page METS issue: MODS with the given date, ALTO and an image. */
static char *mets_doc(const char *date, const char *img_href, const char *ck)
{
    return xasprintf(
        "<?xml version=\"1.0\"?>\n"
        "<mets xmlns=\"http://www.loc.gov/METS/\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        "xmlns:mods=\"http://www.loc.gov/mods/v3\" LABEL=\"Test Gazette\">"
        "<dmdSec ID=\"issueModsBib\"><mdWrap MDTYPE=\"MODS\"><xmlData>"
        "<mods:mods><mods:relatedItem type=\"host\">"
        "<mods:identifier type=\"lccn\">sn99000001</mods:identifier>"
        "<mods:part><mods:detail type=\"volume\"><mods:number>3"
        "</mods:number></mods:detail><mods:detail type=\"issue\">"
        "<mods:number>12</mods:number><mods:caption>No. 12</mods:caption>"
        "</mods:detail><mods:detail type=\"edition\"><mods:number>1"
        "</mods:number><mods:caption>Main edition</mods:caption>"
        "</mods:detail></mods:part></mods:relatedItem>"
        "<mods:originInfo><mods:dateIssued encoding=\"iso8601\">%s"
        "</mods:dateIssued></mods:originInfo></mods:mods>"
        "</xmlData></mdWrap></dmdSec>"
        "<fileSec><fileGrp>"
        "<file ID=\"img1\" USE=\"service\" MIMETYPE=\"image/jp2\">"
        "<FLocat LOCTYPE=\"URL\" xlink:href=\"%s\"/></file>"
        "<file ID=\"ocr1\" USE=\"ocr\" MIMETYPE=\"text/xml\"%s>"
        "<FLocat LOCTYPE=\"OTHER\" OTHERLOCTYPE=\"file\" "
        "xlink:href=\"./0001.xml\"/></file>"
        "</fileGrp></fileSec>"
        "<structMap TYPE=\"physical\"><div TYPE=\"np:issue\" "
        "DMDID=\"issueModsBib\"><div TYPE=\"np:page\">"
        "<fptr FILEID=\"img1\"/><fptr FILEID=\"ocr1\"/></div></div>"
        "</structMap></mets>",
        date, img_href, ck);
}

static void mets_basic_date_detail_numbers_and_urls(void **state)
{
    char *dir = test_tmpdir(), *data = xasprintf("%s/data", dir);
    char *mets = mets_doc("18780103", "http://example.org/iiif/0001.jp2", "");
    char *path = xasprintf("%s/issue/mets.xml", dir);
    struct ingest_report rep;
    struct folio_err err;
    struct store *st = NULL;
    struct issue *got = NULL;
    bool remote = false;
    size_t i;

    (void)state;
    memset(&rep, 0, sizeof(rep));
    memset(&err, 0, sizeof(err));
    test_write_file(dir, "issue/mets.xml", mets, strlen(mets));
    test_write_file(dir, "issue/0001.xml", alto_small, strlen(alto_small));
    assert_int_equal(store_open(data, STORE_OPEN_CREATE, &st, &err), FOLIO_OK);
    if (ingest_mets_issue(st, path, NULL, &rep, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_int_equal(rep.nissues, 1);
    assert_string_equal(rep.issues[0].date, "1878-01-03");
    assert_string_equal(rep.issues[0].paper_id, "sn99000001");
    assert_int_equal(rep.issues[0].nwords, 1);
    for (i = 0; i < rep.nwarnings; i++)
        remote =
            remote || strstr(rep.warnings[i],
                             "file 'img1': 'http://example.org/iiif/0001.jp2' "
                             "is a remote URL; not fetched") != NULL;
    assert_true(remote);
    assert_int_equal(
        store_issue_load(st, "sn99000001", "1878-01-03", false, &got, &err),
        FOLIO_OK);
    /* the <number>s, not "1Main edition" and "12No. 12" */
    assert_null(got->edition);
    assert_int_equal(got->number, 12);
    assert_int_equal(got->npages, 1);
    issue_free(got);
    store_close(st);
    ingest_report_release(&rep);
    test_rmtree(dir);
    free(path);
    free(mets);
    free(data);
    free(dir);
}

static void mets_page_with_no_file_names_them_all(void **state)
{
    char *dir = test_tmpdir();
    char *mets = mets_doc("1878-01-03", "./0001.jp2", "");
    char *path = xasprintf("%s/mets.xml", dir);
    struct ingest_report rep;
    struct folio_err err;
    static const char *bad_dates[] = { "1878", "1878-01", "187801031",
                                       "1878-0l-03" };
    size_t i;

    (void)state;
    memset(&rep, 0, sizeof(rep));
    memset(&err, 0, sizeof(err));
    test_write_file(dir, "mets.xml", mets, strlen(mets));
    assert_int_equal(ingest_mets_issue(NULL, path, NULL, &rep, &err),
                     FOLIO_ERR_INVALID);
    assert_non_null(strstr(err.msg, "page 1: no image, PDF or ALTO file of "
                                    "the page is there (missing: "
                                    "'0001.jp2', '0001.xml')"));
    assert_int_equal(rep.nissues, 0);
    ingest_report_release(&rep);
    for (i = 0; i < ARRAY_SIZE(bad_dates); i++) {
        free(mets);
        mets = mets_doc(bad_dates[i], "./0001.jp2", "");
        test_write_file(dir, "mets.xml", mets, strlen(mets));
        test_write_file(dir, "0001.xml", alto_small, strlen(alto_small));
        memset(&rep, 0, sizeof(rep));
        memset(&err, 0, sizeof(err));
        assert_int_equal(ingest_mets_issue(NULL, path, NULL, &rep, &err),
                         FOLIO_ERR_INVALID);
        assert_non_null(strstr(err.msg, "no MODS dateIssued"));
        ingest_report_release(&rep);
    }
    test_rmtree(dir);
    free(path);
    free(mets);
    free(dir);
}

/*
 * CHECKSUM without CHECKSUMTYPE: the algorithm told by the length (a
 * SHA-256 was checked as MD5 and refused the issue); SHA384 spelled
 * without the dash; a wrong value still refuses, naming the file.
 */
static void mets_checksum_without_type_by_length(void **state)
{
    char *dir = test_tmpdir(), *path = xasprintf("%s/mets.xml", dir);
    char hex[129], *mets, *attr;
    struct ingest_report rep;
    struct folio_err err;
    static const char *const types[] = { "SHA-256", "SHA-1", "SHA-512", "MD5" };
    size_t i;

    (void)state;
    test_write_file(dir, "0001.xml", alto_small, strlen(alto_small));
    for (i = 0; i <= ARRAY_SIZE(types); i++) {
        const char *t = i < ARRAY_SIZE(types) ? types[i] : "SHA-384";
        assert_true(digest_hex(t, (const unsigned char *)alto_small,
                               strlen(alto_small), hex));
        if (i < ARRAY_SIZE(types))
            attr = xasprintf(" CHECKSUM=\"%s\"", hex);
        else
            attr = xasprintf(" CHECKSUM=\"%s\" CHECKSUMTYPE=\"SHA384\"", hex);
        mets = mets_doc("1878-01-03", "./0001.jp2", attr);
        test_write_file(dir, "mets.xml", mets, strlen(mets));
        memset(&rep, 0, sizeof(rep));
        memset(&err, 0, sizeof(err));
        if (ingest_mets_issue(NULL, path, NULL, &rep, &err) != FOLIO_OK)
            fail_msg("%s: %s: %s", t, err.where, err.msg);
        assert_int_equal(rep.nissues, 1);
        ingest_report_release(&rep);
        free(mets);
        free(attr);
    }
    hex[0] = hex[0] == '0' ? '1' : '0';
    attr = xasprintf(" CHECKSUM=\"%s\" CHECKSUMTYPE=\"SHA384\"", hex);
    mets = mets_doc("1878-01-03", "./0001.jp2", attr);
    test_write_file(dir, "mets.xml", mets, strlen(mets));
    memset(&rep, 0, sizeof(rep));
    memset(&err, 0, sizeof(err));
    assert_int_equal(ingest_mets_issue(NULL, path, NULL, &rep, &err),
                     FOLIO_ERR_INVALID);
    assert_non_null(strstr(err.where, "0001.xml"));
    assert_non_null(strstr(err.msg, "SHA384 checksum mismatch"));
    ingest_report_release(&rep);
    free(mets);
    free(attr);
    test_rmtree(dir);
    free(path);
    free(dir);
}

/* a page template with site-absolute links, mirrored below a host folder */
static const char abs_node_html[] =
    "<html><head><title>测试日报</title></head><body>"
    "<map name=m><area shape=rect coords=\"10,10,90,60\" "
    "href=\"content_7.htm\"></map>"
    "<img src=\"/images/2024-01/05/p1.png\" usemap=#m width=400 height=600>"
    "<a href=\"/epaper/images/2024-01/05/p1.pdf\">PDF</a>"
    "<a href=\"node_1.htm\">第01版：头版</a>"
    "<a href=\"content_7.htm\">七 标题</a></body></html>";

static const char abs_content_html[] =
    "<html><body><founder-content><!--enpcontent--><p>正文</p>"
    "<img src=\"/images/2024-01/05/pic.png\">"
    "<img src=\"//cdn.example.org/x.png\">"
    "<!--/enpcontent--></founder-content>"
    "<!--enpproperty <title>七号文章</title>/enpproperty--></body></html>";

/*
 * "/images/…" resolves below the folder of the mirror that holds it
 * (here epaper/, under the host folder given to the importer), and
 * "/epaper/images/…" below the root; "//host/…" is never local.
 */
static void founder_site_absolute_media_links(void **state)
{
    static const unsigned char png[] =
        "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01\x90\x00\x00\x02"
        "\x58\x08\x02\x00\x00\x00";
    char *dir = test_tmpdir(), *site = xasprintf("%s/host", dir);
    struct ingest_founder *f = NULL;
    struct ingest_founder_issue *fi = NULL;
    struct ingest_founder_options opt = { "csrb", NULL };
    struct folio_err err = { 0 };
    const struct issue *iss;

    (void)state;
    test_write_file(dir, "host/epaper/html/2024-01/05/node_1.htm",
                    abs_node_html, sizeof(abs_node_html) - 1);
    test_write_file(dir, "host/epaper/html/2024-01/05/content_7.htm",
                    abs_content_html, sizeof(abs_content_html) - 1);
    test_write_file(dir, "host/epaper/images/2024-01/05/p1.png", png,
                    sizeof(png) - 1);
    test_write_file(dir, "host/epaper/images/2024-01/05/pic.png", png,
                    sizeof(png) - 1);
    test_write_file(dir, "host/epaper/images/2024-01/05/p1.pdf",
                    "%PDF-1.4\n%%EOF\n", 15);
    assert_int_equal(ingest_founder_scan(site, &opt, &f, &err), FOLIO_OK);
    assert_int_equal(ingest_founder_build(f, 0, &fi, &err), FOLIO_OK);
    iss = ingest_founder_issue_get(fi);
    assert_int_equal(iss->npages, 1);
    assert_non_null(iss->pages[0].image_media);
    assert_non_null(iss->pages[0].pdf_media);
    assert_int_equal(iss->pages[0].narticles, 1);
    assert_int_equal(iss->pages[0].articles[0].npictures, 1);
    assert_int_equal(ingest_founder_issue_nmissing(fi), 0);
    ingest_founder_issue_free(fi);
    ingest_founder_free(f);
    test_rmtree(dir);
    free(site);
    free(dir);
}

/*
 * Big5 pages (Hong Kong, Taiwan) are read as Big5 when they say so; a
 * GBK page wrongly labelled big5 still reads as GBK; without the label
 * non-UTF-8 bytes are GB18030 as before.
 */
static void founder_big5_when_declared(void **state)
{
    static const char big5[] = "<meta charset=\"BIG5\"><p>\xa4\xa4\xa4\xe5</p>";
    static const char xbig5[] =
        "<meta http-equiv=Content-Type content=\"text/html; "
        "charset=x-x-big5\"><p>\xa4\xa4\xa4\xe5</p>";
    static const char gbk[] =
        "<meta charset=big5><p>\xd6\xd0\xce\xc4\xc8\xcb</p>";
    static const char nolabel[] = "<p>\xd6\xd0\xce\xc4</p>";
    struct folio_err err = { 0 };
    enum text_encoding enc;
    char *out = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(ftext_to_utf8((const unsigned char *)big5,
                                   sizeof(big5) - 1, "b.htm", &out, &n, &enc,
                                   &err),
                     FOLIO_OK);
    assert_int_equal(enc, TEXT_BIG5);
    assert_non_null(strstr(out, "<p>中文</p>"));
    free(out);
    assert_int_equal(ftext_to_utf8((const unsigned char *)xbig5,
                                   sizeof(xbig5) - 1, "b.htm", &out, &n, &enc,
                                   &err),
                     FOLIO_OK);
    assert_int_equal(enc, TEXT_BIG5);
    assert_non_null(strstr(out, "<p>中文</p>"));
    free(out);
    assert_int_equal(ftext_to_utf8((const unsigned char *)gbk, sizeof(gbk) - 1,
                                   "g.htm", &out, &n, &enc, &err),
                     FOLIO_OK);
    assert_int_equal(enc, TEXT_GB18030);
    assert_non_null(strstr(out, "<p>中文人</p>"));
    free(out);
    assert_int_equal(ftext_to_utf8((const unsigned char *)nolabel,
                                   sizeof(nolabel) - 1, "n.htm", &out, &n, &enc,
                                   &err),
                     FOLIO_OK);
    assert_int_equal(enc, TEXT_GB18030);
    assert_string_equal(out, "<p>中文</p>");
    free(out);
}

/*
 * An ALTO file, or a folder of ALTO files, given alone: an error saying
 * what is missing. A folder holding issue.json and a METS file is the
 * package; one holding a METS file beside its ALTO pages is the METS.
 */
static void detect_alto_without_mets(void **state)
{
    char *dir = test_tmpdir(), *p = xasprintf("%s/a/0001.xml", dir);
    char *a = xasprintf("%s/a", dir), *b = xasprintf("%s/b", dir);
    char *res = NULL, *m = mets_doc("1878-01-03", "./0001.jp2", "");
    enum ingest_kind k = INGEST_KIND_UNKNOWN;
    struct folio_err err = { 0 };

    (void)state;
    test_write_file(dir, "a/0001.xml", alto_small, strlen(alto_small));
    test_write_file(dir, "a/0002.xml", alto_small, strlen(alto_small));
    assert_int_equal(ingest_detect(p, &k, &res, &err), FOLIO_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.msg, "an ALTO page without a METS file"));
    assert_int_equal(ingest_detect(a, &k, &res, &err), FOLIO_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.msg, "ALTO pages without a METS file"));
    assert_null(res);
    test_write_file(dir, "a/mets.xml", m, strlen(m));
    assert_int_equal(ingest_detect(a, &k, &res, &err), FOLIO_OK);
    assert_int_equal(k, INGEST_KIND_METS);
    assert_non_null(strstr(res, "/a/mets.xml"));
    free(res);
    res = NULL;
    test_write_file(dir, "b/mets.xml", m, strlen(m));
    test_write_file(dir, "b/issue.json", "{}", 2);
    assert_int_equal(ingest_detect(b, &k, &res, &err), FOLIO_OK);
    assert_int_equal(k, INGEST_KIND_PACKAGE);
    free(res);
    res = NULL;
    {
        /* a METS file in UTF-16LE with a BOM (Windows tools) */
        size_t i, n = strlen(m);
        char *u = xmalloc(2 * n + 2), *c = xasprintf("%s/c/mets.xml", dir);
        u[0] = (char)0xFF;
        u[1] = (char)0xFE;
        for (i = 0; i < n; i++) {
            u[2 + 2 * i] = m[i];
            u[3 + 2 * i] = 0;
        }
        test_write_file(dir, "c/mets.xml", u, 2 * n + 2);
        assert_int_equal(ingest_detect(c, &k, &res, &err), FOLIO_OK);
        assert_int_equal(k, INGEST_KIND_METS);
        free(res);
        free(c);
        free(u);
    }
    test_rmtree(dir);
    free(m);
    free(a);
    free(b);
    free(p);
    free(dir);
}

/* METS says "./0001.xml", the disk has "0001.XML": used, with a warning */
static void mets_href_letter_case(void **state)
{
    char *dir = test_tmpdir(), *path = xasprintf("%s/mets.xml", dir);
    char *m = mets_doc("1878-01-03", "./0001.jp2", "");
    struct ingest_report rep;
    struct folio_err err = { 0 };
    bool warned = false;
    size_t i;

    (void)state;
    memset(&rep, 0, sizeof(rep));
    test_write_file(dir, "mets.xml", m, strlen(m));
    test_write_file(dir, "0001.XML", alto_small, strlen(alto_small));
    if (ingest_mets_issue(NULL, path, NULL, &rep, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_int_equal(rep.nissues, 1);
    assert_int_equal(rep.issues[0].nwords, 1);
    for (i = 0; i < rep.nwarnings; i++)
        warned = warned || strstr(rep.warnings[i],
                                  "0001.xml: found as '0001.XML' (letter "
                                  "case differs)") != NULL;
    assert_true(warned);
    ingest_report_release(&rep);
    test_rmtree(dir);
    free(m);
    free(path);
    free(dir);
}

/* a 2009-style page: tables, upper-case tags, unquoted and single quotes */
static const char old_node_html[] =
    "<HTML><HEAD><TITLE>老报纸</TITLE></HEAD><BODY><TABLE><TR><TD>\n"
    "<MAP NAME=PagePicMap><AREA SHAPE=RECT COORDS=\"10, 10, 200, 100\" "
    "HREF=content_11.htm><AREA shape='circle' coords='300,300,50' "
    "href='content_12.htm'></MAP>\n<IMG SRC=\"../../../images/lb1.jpg\" "
    "USEMAP=\"#PagePicMap\" WIDTH=500 HEIGHT=800>\n</TD><TD>"
    "<A HREF=node_1.htm>第01版：要闻</A><BR><A HREF=content_11.htm>文章甲</A>"
    "<BR><A HREF=content_12.htm>文章乙</A></TD></TR></TABLE></BODY></HTML>";

static const char old_content_html[] =
    "<HTML><BODY><TABLE><TR><TD class=font01><founder-introtitle>引题甲"
    "</founder-introtitle><founder-title>标题&nbsp;甲</founder-title>"
    "<founder-author>记者 张三</founder-author></TD></TR><TR><TD>"
    "<founder-content><P>第一段&nbsp;正文</P><P>第二段</P></founder-content>"
    "</TD></TR></TABLE></BODY></HTML>";

/*
 * Headline, kicker and byline marked with <founder-title>,
 * <founder-introtitle>, <founder-author> (no enpproperty block, no ids):
 * taken from there, not from the page's headline list.
 */
static void founder_old_table_vintage(void **state)
{
    char *dir = test_tmpdir();
    struct ingest_founder *f = NULL;
    struct ingest_founder_issue *fi = NULL;
    struct ingest_founder_options opt = { "lb", NULL };
    struct folio_err err = { 0 };
    const struct issue *iss;
    const struct article *a;

    (void)state;
    test_write_file(dir, "html/2009-03/05/node_1.htm", old_node_html,
                    sizeof(old_node_html) - 1);
    test_write_file(dir, "html/2009-03/05/content_11.htm", old_content_html,
                    sizeof(old_content_html) - 1);
    assert_int_equal(ingest_founder_scan(dir, &opt, &f, &err), FOLIO_OK);
    assert_int_equal(ingest_founder_build(f, 0, &fi, &err), FOLIO_OK);
    iss = ingest_founder_issue_get(fi);
    assert_int_equal(iss->npages, 1);
    assert_string_equal(iss->pages[0].name, "要闻");
    assert_int_equal(iss->pages[0].narticles, 2);
    a = &iss->pages[0].articles[0];
    assert_string_equal(a->id, "11");
    assert_string_equal(a->headline, "标题 甲");
    assert_string_equal(a->kicker, "引题甲");
    assert_string_equal(a->byline, "记者 张三");
    assert_int_equal(a->nparagraphs, 2);
    assert_int_equal(a->nzones, 1);
    assert_int_equal(a->zones[0].w, 190);
    a = &iss->pages[0].articles[1];
    assert_string_equal(a->headline, "文章乙"); /* its file is absent */
    assert_int_equal(a->zones[0].x, 250);       /* circle 300,300 r 50 */
    ingest_founder_issue_free(fi);
    ingest_founder_free(f);
    test_rmtree(dir);
    free(dir);
}

/* s with the first from replaced by to (malloc'd); from must occur */
static char *replace1(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);

    assert_non_null(p);
    return xasprintf("%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
}

/*
 * fileGrps nested in a fileGrp (valid METS; the page's files were not
 * seen: "page 1 has no image, PDF or ALTO file"), and a file with a
 * remote FLocat before its local one.
 */
static void mets_nested_file_groups(void **state)
{
    char *dir = test_tmpdir(), *path = xasprintf("%s/mets.xml", dir);
    char *m0 = mets_doc("1878-01-03", "./0001.jp2", "");
    char *m1 = replace1(m0, "<fileSec><fileGrp>",
                        "<fileSec><fileGrp ID=\"ALL\"><fileGrp>");
    char *m2 =
        replace1(m1, "</fileGrp></fileSec>", "</fileGrp></fileGrp></fileSec>");
    char *m3 = replace1(m2, "<FLocat LOCTYPE=\"OTHER\"",
                        "<FLocat LOCTYPE=\"URL\" "
                        "xlink:href=\"https://example.org/0001.xml\"/>"
                        "<FLocat LOCTYPE=\"OTHER\"");
    struct ingest_report rep;
    struct folio_err err = { 0 };

    (void)state;
    memset(&rep, 0, sizeof(rep));
    test_write_file(dir, "mets.xml", m3, strlen(m3));
    test_write_file(dir, "0001.xml", alto_small, strlen(alto_small));
    if (ingest_mets_issue(NULL, path, NULL, &rep, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_int_equal(rep.nissues, 1);
    assert_int_equal(rep.issues[0].npages, 1);
    assert_int_equal(rep.issues[0].nwords, 1);
    ingest_report_release(&rep);
    test_rmtree(dir);
    free(m0);
    free(m1);
    free(m2);
    free(m3);
    free(path);
    free(dir);
}

/*
 * A paper in lettered sections: A01版, A02版, B01版, B02版. Each section
 * counts from 1; B01 and B02 were dropped as "page 1 again". Now pages
 * 1..4 in section order, named with their printed label.
 */
static void founder_lettered_sections(void **state)
{
    static const char *const label[] = { "A01版：要闻", "A02版：时政",
                                         "B01版：体育", "B02版：副刊" };
    static const char *const want[] = { "A01 要闻", "A02 时政", "B01 体育",
                                        "B02 副刊" };
    char *dir = test_tmpdir();
    struct ingest_founder *f = NULL;
    struct ingest_founder_issue *fi = NULL;
    struct ingest_founder_options opt = { "dsb", NULL };
    struct folio_err err = { 0 };
    const struct issue *iss;
    const char *const *w;
    size_t i, nw;
    int order[] = { 3, 1, 4, 2 }; /* files written out of order */

    (void)state;
    for (i = 0; i < 4; i++) {
        int n = order[i];
        char *rel = xasprintf("html/2020-05/06/node_%d.htm", n);
        char *html = xasprintf(
            "<html><head><title>都市报</title></head><body>"
            "<map name=m><area shape=rect coords=\"1,1,50,50\" "
            "href=content_%d0.htm></map><img src=\"p%d.jpg\" usemap=#m "
            "width=100 height=200><a href=node_1.htm>%s</a>"
            "<a href=node_2.htm>%s</a><a href=node_3.htm>%s</a>"
            "<a href=node_4.htm>%s</a><a href=content_%d0.htm>文章%d</a>"
            "</body></html>",
            n, n, label[0], label[1], label[2], label[3], n, n);
        test_write_file(dir, rel, html, strlen(html));
        free(html);
        free(rel);
    }
    assert_int_equal(ingest_founder_scan(dir, &opt, &f, &err), FOLIO_OK);
    assert_int_equal(ingest_founder_build(f, 0, &fi, &err), FOLIO_OK);
    iss = ingest_founder_issue_get(fi);
    assert_int_equal(iss->npages, 4);
    for (i = 0; i < 4; i++) {
        char *id = xasprintf("%zu0", i + 1);
        assert_int_equal(iss->pages[i].number, (int)i + 1);
        assert_string_equal(iss->pages[i].name, want[i]);
        assert_int_equal(iss->pages[i].narticles, 1);
        assert_string_equal(iss->pages[i].articles[0].id, id);
        free(id);
    }
    w = ingest_founder_issue_warnings(fi, &nw);
    for (i = 0; i < nw; i++)
        assert_null(strstr(w[i], "again"));
    ingest_founder_issue_free(fi);
    ingest_founder_free(f);
    test_rmtree(dir);
    free(dir);

    /* article files only, <pagenum> A02 and B02: two pages, not one */
    dir = test_tmpdir();
    for (i = 0; i < 2; i++) {
        char *rel = xasprintf("html/2020-05/06/content_%zu.htm", i + 5);
        char *html = xasprintf(
            "<html><body><founder-content><!--enpcontent--><p>正文</p>"
            "<!--/enpcontent--></founder-content><!--enpproperty "
            "<title>文章%zu</title><pagenum>%s</pagenum>"
            "<nodename>%s</nodename>/enpproperty--></body></html>",
            i, i ? "B02" : "A02", i ? "体育" : "时政");
        test_write_file(dir, rel, html, strlen(html));
        free(html);
        free(rel);
    }
    assert_int_equal(ingest_founder_scan(dir, &opt, &f, &err), FOLIO_OK);
    assert_int_equal(ingest_founder_build(f, 0, &fi, &err), FOLIO_OK);
    iss = ingest_founder_issue_get(fi);
    assert_int_equal(iss->npages, 2);
    assert_string_equal(iss->pages[0].name, "时政");
    assert_string_equal(iss->pages[0].articles[0].id, "5");
    assert_string_equal(iss->pages[1].name, "体育");
    assert_string_equal(iss->pages[1].articles[0].id, "6");
    ingest_founder_issue_free(fi);
    ingest_founder_free(f);
    test_rmtree(dir);
    free(dir);
}

/*
 * Fraktur OCR prints the hyphenation sign inside CONTENT as '¬' or '⸗',
 * often without HYP: the reading text joins the word and drops the sign;
 * the as-printed text keeps it.
 */
static void alto_fraktur_hyphen_signs(void **state)
{
    static const char doc[] =
        "<alto><Layout><Page WIDTH=\"100\" HEIGHT=\"100\">"
        "<TextBlock ID=\"B1\"><TextLine><String CONTENT=\"die\"/>"
        "<String CONTENT=\"Zei¬\"/></TextLine><TextLine>"
        "<String CONTENT=\"tung\"/><String CONTENT=\"Fraktur⸗\"/><HYP/>"
        "</TextLine><TextLine><String CONTENT=\"schrift\"/>"
        "<String CONTENT=\"a¬b\"/></TextLine></TextBlock>"
        "</Page></Layout></alto>";
    struct alto_page pg;
    struct folio_err err = { 0 };
    struct buf b;
    char **paras = NULL;
    size_t np = 0;

    (void)state;
    memset(&pg, 0, sizeof(pg));
    assert_int_equal(alto_parse((const unsigned char *)doc, sizeof(doc) - 1,
                                "f.xml", &pg, &err),
                     FOLIO_OK);
    alto_block_paragraphs(&pg, 0, pg.nblocks, &paras, &np);
    assert_int_equal(np, 1);
    assert_string_equal(paras[0], "die Zeitung Frakturschrift a¬b");
    buf_init(&b, 1u << 16);
    alto_text_oni(&pg, &b);
    assert_string_equal(b.data, "die Zei¬\ntung Fraktur⸗\nschrift a¬b\n");
    buf_release(&b);
    free(paras[0]);
    free(paras);
    alto_page_release(&pg);
}

/* ".\\sub\\0001.xml" (Windows) is sub/0001.xml; "..\\x" still leaves */
static void mets_windows_backslashes(void **state)
{
    char *dir = test_tmpdir(), *path = xasprintf("%s/mets.xml", dir);
    char *m0 = mets_doc("1878-01-03", "./0001.jp2", "");
    char *m1 = replace1(m0, "xlink:href=\"./0001.xml\"",
                        "xlink:href=\".\\sub\\0001.xml\"");
    char *m2 = replace1(m0, "xlink:href=\"./0001.xml\"",
                        "xlink:href=\"..\\0001.xml\"");
    struct ingest_report rep;
    struct folio_err err = { 0 };

    (void)state;
    memset(&rep, 0, sizeof(rep));
    test_write_file(dir, "mets.xml", m1, strlen(m1));
    test_write_file(dir, "sub/0001.xml", alto_small, strlen(alto_small));
    if (ingest_mets_issue(NULL, path, NULL, &rep, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_int_equal(rep.nissues, 1);
    assert_int_equal(rep.issues[0].nwords, 1);
    ingest_report_release(&rep);
    memset(&rep, 0, sizeof(rep));
    test_write_file(dir, "mets.xml", m2, strlen(m2));
    assert_int_equal(ingest_mets_issue(NULL, path, NULL, &rep, &err),
                     FOLIO_ERR_INVALID);
    assert_non_null(strstr(err.msg, "leaves the issue folder"));
    ingest_report_release(&rep);
    test_rmtree(dir);
    free(m0);
    free(m1);
    free(m2);
    free(path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alto_coordinates_as_ocr_tools_write_them),
        cmocka_unit_test(alto_page_without_size_takes_its_extent),
        cmocka_unit_test(mets_basic_date_detail_numbers_and_urls),
        cmocka_unit_test(mets_page_with_no_file_names_them_all),
        cmocka_unit_test(mets_checksum_without_type_by_length),
        cmocka_unit_test(founder_site_absolute_media_links),
        cmocka_unit_test(founder_big5_when_declared),
        cmocka_unit_test(detect_alto_without_mets),
        cmocka_unit_test(mets_href_letter_case),
        cmocka_unit_test(founder_old_table_vintage),
        cmocka_unit_test(mets_nested_file_groups),
        cmocka_unit_test(founder_lettered_sections),
        cmocka_unit_test(alto_fraktur_hyphen_signs),
        cmocka_unit_test(mets_windows_backslashes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
