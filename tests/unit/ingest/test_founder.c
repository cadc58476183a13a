/* SPDX-License-Identifier: MIT */
/*
 * Tests for the Founder e-paper importer: text decoding (BOM, CRLF, GBK),
 * HTML paragraphs and entities, and a small mirror in the newer
 * layout/YYYYMM/DD shape with poly, rect and circle areas, a page image,
 * a PDF and one article file; percent-encoded links (node, content,
 * Chinese file names) followed without leaving the mirror; refusals.
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "ingest/ingest.h"
#include "ingest/ingest_founder_int.h"
#include "testlib.h"

static void para_collect(void *ctx, const char *text);
static void text_utf8_bom_crlf(void **state);
static void text_gbk(void **state);
static void text_refused(void **state);
static void squeeze(void **state);
static void paragraphs_and_entities(void **state);
static void mirror_layout_shape(void **state);
static void mirror_refusals(void **state);
static void mirror_percent_encoded(void **state);

static void para_collect(void *ctx, const char *text)
{
    struct buf *b = ctx;

    buf_adds(b, text);
    buf_addc(b, '|');
}

static void text_utf8_bom_crlf(void **state)
{
    static const unsigned char in[] = "\xEF\xBB\xBF<p>\xE4\xB8\xAD\r\nb\rc";
    enum text_encoding enc;
    char *out = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(
        ftext_to_utf8(in, sizeof(in) - 1, "x", &out, &len, &enc, NULL),
        FOLIO_OK);
    assert_string_equal(out, "<p>\xE4\xB8\xAD\nb\nc");
    assert_int_equal(len, strlen(out));
    assert_int_equal(enc, TEXT_UTF8_BOM);
    free(out);
}

static void text_gbk(void **state)
{
    /* "中文" in GBK, with a meta that claims UTF-8 */
    static const unsigned char in[] =
        "<meta charset=utf-8><p>\xD6\xD0\xCE\xC4</p>\r\n";
    enum text_encoding enc;
    char *out = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(
        ftext_to_utf8(in, sizeof(in) - 1, "x", &out, &len, &enc, NULL),
        FOLIO_OK);
    assert_string_equal(out, "<meta charset=utf-8><p>中文</p>\n");
    assert_int_equal(enc, TEXT_GB18030);
    assert_string_equal(ftext_encoding_name(enc), "gb18030");
    free(out);
}

static void text_refused(void **state)
{
    /* 0x80 alone is neither UTF-8 nor a GB18030 lead byte */
    static const unsigned char in[] = "ab\x80\xFF";
    struct folio_err err = { 0 };
    char *out = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(
        ftext_to_utf8(in, sizeof(in) - 1, "p.htm", &out, &len, NULL, &err),
        FOLIO_ERR_INVALID);
    assert_null(out);
    assert_string_equal(err.where, "p.htm: byte 2");
    assert_string_equal(err.msg, "text is neither UTF-8 nor GBK/GB18030");
}

static void squeeze(void **state)
{
    char a[] = "  综 合\t 新闻 \xC2\xA0";
    char b[] = " 记者 王五\n ";

    (void)state;
    ftext_squeeze(a, true);
    assert_string_equal(a, "综合新闻");
    ftext_squeeze(b, false);
    assert_string_equal(b, "记者 王五");
}

static void paragraphs_and_entities(void **state)
{
    static const char html[] =
        "<html><body><div id=x><p>\xE3\x80\x80 a&nbsp;b </p>c<br>d"
        "<p>&ldquo;x&#20102;&#x4E86;&amp;</p><p> </p><script>no</script>"
        "</div></body></html>";
    struct buf out = BUF_INIT(4096);
    htmlDocPtr doc = fhtml_parse(html, sizeof(html) - 1);
    xmlNodePtr root, x;

    (void)state;
    assert_non_null(doc);
    root = xmlDocGetRootElement(doc);
    x = fhtml_find_id(root, "x");
    assert_non_null(x);
    fhtml_paragraphs(x, para_collect, NULL, &out);
    assert_string_equal(out.data, "a b|c|d|“x了了&|");
    buf_release(&out);
    xmlFreeDoc(doc);
}

static const char node_html[] =
    "<html><head><meta http-equiv=Content-Type content=\"text/html; "
    "charset=gb2312\"><title>测试日报-数字报</title></head><body>"
    "<map name=m>"
    "<area shape=poly coords=\"10,10,90,10,90,50,10,50,5,30\" "
    "href=\"../../../content/202401/05/content_7.html\">"
    "<area shape=rect coords=\"100,10,190,60\" "
    "href=\"../../../content/202401/05/content_8.html?div=1\">"
    "<area shape=circle coords=\"50,150,20\" "
    "href=\"../../../content/202401/05/content_7.html\">"
    "<area shape=rect coords=\"1,1,1,1\" href=\"content_7.html\">"
    "</map><img src=\"../../../images/202401/05/01/CSRB20240105001.png\" "
    "usemap=#m width=400 height=600>"
    "<a href=\"../../../images/202401/05/01/CSRB20240105001.pdf\">PDF</a>"
    "<a href=node_01.html>01版：要 闻</a><a href=node_02.html>02版：本地</a>"
    "<a href=\"../../../content/202401/05/content_8.html\">第二篇 标题</a>"
    "<a href=\"http://example.com/content_99.htm\">外链</a>"
    "</body></html>";

static const char content_html[] =
    "<html><body><div id=ozoom><founder-content>"
    "<!--enpcontent--><p>　　第一段&amp;文字。</p><p>第二段</p>"
    "<!--/enpcontent--></founder-content></div>"
    "<!--enpproperty <date>2024-01-05 00:00:00:0</date>"
    "<introtitle>引 题</introtitle><title>主&lt;标题&gt;</title>"
    "<subtitle>副题</subtitle><author>记者 张三</author>"
    "<pagenum>01</pagenum>/enpproperty--></body></html>";

static void mirror_layout_shape(void **state)
{
    static const unsigned char png[] =
        "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x03\x20\x00\x00\x04"
        "\xb0\x08\x02\x00\x00\x00";
    char *dir = test_tmpdir();
    struct ingest_founder *f = NULL;
    struct ingest_founder_issue *fi = NULL;
    const struct issue *iss;
    const struct page *pg;
    const struct article *a;
    struct folio_err err = { 0 };
    const char *const *w;
    size_t nw, i;
    bool found = false;

    (void)state;
    test_write_file(dir, "pc/layout/202401/05/node_01.html", node_html,
                    sizeof(node_html) - 1);
    test_write_file(dir, "pc/content/202401/05/content_7.html", content_html,
                    sizeof(content_html) - 1);
    test_write_file(dir, "pc/images/202401/05/01/CSRB20240105001.png", png,
                    sizeof(png) - 1);
    test_write_file(dir, "pc/images/202401/05/01/CSRB20240105001.pdf",
                    "%PDF-1.4\n%%EOF\n", 15);
    assert_int_equal(ingest_founder_scan(dir, NULL, &f, &err), FOLIO_OK);
    assert_int_equal(ingest_founder_nissues(f), 1);
    assert_string_equal(ingest_founder_date(f, 0), "2024-01-05");
    assert_int_equal(ingest_founder_build(f, 0, &fi, &err), FOLIO_OK);
    iss = ingest_founder_issue_get(fi);
    assert_string_equal(iss->paper.id, "csrb");
    assert_string_equal(iss->paper.name, "测试日报");
    assert_string_equal(iss->date, "2024-01-05");
    assert_int_equal(iss->npages, 1);
    pg = &iss->pages[0];
    assert_int_equal(pg->number, 1);
    assert_string_equal(pg->name, "要闻");
    assert_int_equal(pg->width, 400); /* <img width>, not the PNG's 800 */
    assert_int_equal(pg->height, 600);
    assert_non_null(pg->image_media);
    assert_string_equal(pg->image_mime, "image/png");
    assert_non_null(pg->pdf_media);
    assert_int_equal(pg->narticles, 2);
    /* titles list first (content_8), then zones (content_7) */
    a = &pg->articles[0];
    assert_string_equal(a->id, "8");
    assert_string_equal(a->headline, "第二篇 标题");
    assert_int_equal(a->nzones, 1);
    assert_null(a->zones[0].points);
    assert_int_equal(a->zones[0].x, 100);
    assert_int_equal(a->zones[0].w, 90);
    assert_int_equal(a->zones[0].h, 50);
    a = &pg->articles[1];
    assert_string_equal(a->id, "7");
    assert_string_equal(a->kicker, "引 题");
    assert_string_equal(a->headline, "主<标题>");
    assert_string_equal(a->subhead, "副题");
    assert_string_equal(a->byline, "记者 张三");
    assert_int_equal(a->nparagraphs, 2);
    assert_string_equal(a->paragraphs[0], "第一段&文字。");
    assert_string_equal(a->paragraphs[1], "第二段");
    assert_int_equal(a->nzones, 2);
    assert_int_equal(a->zones[0].npoints, 5);
    assert_int_equal(a->zones[0].points[4].x, 5);
    assert_int_equal(a->zones[0].points[4].y, 30);
    assert_int_equal(a->zones[0].x, 5);
    assert_int_equal(a->zones[0].y, 10);
    assert_int_equal(a->zones[0].w, 85);
    assert_int_equal(a->zones[0].h, 40);
    assert_null(a->zones[1].points); /* circle: its box */
    assert_int_equal(a->zones[1].x, 30);
    assert_int_equal(a->zones[1].y, 130);
    assert_int_equal(a->zones[1].w, 40);
    assert_int_equal(ingest_founder_issue_nzones(fi), 3);
    assert_int_equal(ingest_founder_issue_nmissing(fi), 1); /* content_8 */
    w = ingest_founder_issue_warnings(fi, &nw);
    for (i = 0; i < nw; i++)
        found = found || strstr(w[i], "<area> with bad shape") != NULL;
    assert_true(found);
    ingest_founder_issue_free(fi);
    ingest_founder_free(f);
    test_rmtree(dir);
    free(dir);
}

/* old shape; every link percent-encoded, file names in Chinese */
static const char pct_node_html[] =
    "<html><head><title>测试日报-数字报</title></head><body>"
    "<map name=m><area shape=rect coords=\"10,10,90,60\" "
    "href=\"content_%31%32.htm\"></map>"
    "<img src=\"../../../images/2024-01/05/%E7%89%88%E9%9D%A2%2002.png\" "
    "usemap=#m width=400 height=600>"
    "<a href=\"../../../images/2024-01/05/%E7%89%88%E9%9D%A2%2002.pdf\">PDF</a>"
    "<a href=\"node_%31.htm\">第01版：头版</a>"
    "<a href=\"node_%32.htm\">第02版：要闻</a>"
    "<a href=\"%63ontent_%31%32.htm?x=%00\">十二 标题</a>"
    "</body></html>";

static const char pct_content_html[] =
    "<html><body><founder-content><!--enpcontent--><p>正文</p>"
    "<img src=\"../../../images/2024-01/05/%E5%9B%BE.png\">"
    "<img src=\"%2E%2E/%2E%2E/%2E%2E/%2E%2E/secret.png\">"
    "<img src=\"..%2F..%2F..%2F..%2Fsecret.png\">"
    "<img src=\"%E5%9B%BE%00.png\"><img src=\"%B1%A8.png\">"
    "<!--/enpcontent--></founder-content>"
    "<!--enpproperty <title>十二号文章</title>/enpproperty--></body></html>";

static void mirror_percent_encoded(void **state)
{
    static const unsigned char png[] =
        "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x03\x20\x00\x00\x04"
        "\xb0\x08\x02\x00\x00\x00";
    char *dir = test_tmpdir();
    char *site = xasprintf("%s/site", dir);
    struct ingest_founder *f = NULL;
    struct ingest_founder_issue *fi = NULL;
    struct ingest_founder_options opt = { "csrb", NULL };
    struct folio_err err = { 0 };
    const struct issue *iss;
    const struct page *pg;
    const struct article *a;

    (void)state;
    test_write_file(dir, "site/html/2024-01/05/node_2.htm", pct_node_html,
                    sizeof(pct_node_html) - 1);
    test_write_file(dir, "site/html/2024-01/05/content_12.htm",
                    pct_content_html, sizeof(pct_content_html) - 1);
    test_write_file(dir, "site/images/2024-01/05/版面 02.png", png,
                    sizeof(png) - 1);
    test_write_file(dir, "site/images/2024-01/05/版面 02.pdf",
                    "%PDF-1.4\n%%EOF\n", 15);
    test_write_file(dir, "site/images/2024-01/05/图.png", png, sizeof(png) - 1);
    /* beside the mirror, not in it: never read */
    test_write_file(dir, "secret.png", png, sizeof(png) - 1);
    assert_int_equal(ingest_founder_scan(site, &opt, &f, &err), FOLIO_OK);
    assert_int_equal(ingest_founder_nissues(f), 1);
    assert_int_equal(ingest_founder_build(f, 0, &fi, &err), FOLIO_OK);
    iss = ingest_founder_issue_get(fi);
    assert_int_equal(iss->npages, 1);
    pg = &iss->pages[0];
    /* "node_%32.htm" is the page itself: its label gives number and name */
    assert_int_equal(pg->number, 2);
    assert_string_equal(pg->name, "要闻");
    assert_non_null(pg->image_media); /* "%E7%89%88%E9%9D%A2%2002.png" */
    assert_non_null(pg->pdf_media);
    assert_int_equal(pg->narticles, 1);
    a = &pg->articles[0];
    assert_string_equal(a->id, "12"); /* "content_%31%32.htm" */
    assert_string_equal(a->headline, "十二号文章");
    assert_int_equal(a->nzones, 1);
    assert_int_equal(a->zones[0].x, 10);
    /* 图.png only: "%2E%2E/…" and "..%2F…" leave the mirror, "%00" and
       GBK escapes ("%B1%A8", 报) are not file names */
    assert_int_equal(a->npictures, 1);
    assert_int_equal(ingest_founder_issue_nmissing(fi), 0);
    ingest_founder_issue_free(fi);
    ingest_founder_free(f);
    test_rmtree(dir);
    free(site);
    free(dir);
}

static void mirror_refusals(void **state)
{
    char *dir = test_tmpdir();
    struct ingest_founder *f = NULL;
    struct ingest_founder_issue *fi = NULL;
    struct ingest_founder_options opt = { "Bad Id", NULL };
    struct folio_err err = { 0 };

    (void)state;
    assert_int_equal(ingest_founder_scan(dir, NULL, &f, &err),
                     FOLIO_ERR_INVALID);
    assert_null(f);
    assert_non_null(strstr(err.msg, "no Founder page or article files"));
    test_write_file(dir, "html/2024-01/05/content_3.htm", content_html,
                    sizeof(content_html) - 1);
    assert_int_equal(ingest_founder_scan(dir, &opt, &f, &err),
                     FOLIO_ERR_INVALID);
    assert_string_equal(err.where, "--paper");
    assert_int_equal(ingest_founder_scan(dir, NULL, &f, &err), FOLIO_OK);
    assert_int_equal(ingest_founder_build(f, 0, &fi, &err), FOLIO_ERR_INVALID);
    assert_null(fi);
    assert_non_null(strstr(err.msg, "--paper ID"));
    ingest_founder_free(f);
    test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_utf8_bom_crlf),
        cmocka_unit_test(text_gbk),
        cmocka_unit_test(text_refused),
        cmocka_unit_test(squeeze),
        cmocka_unit_test(paragraphs_and_entities),
        cmocka_unit_test(mirror_layout_shape),
        cmocka_unit_test(mirror_refusals),
        cmocka_unit_test(mirror_percent_encoded),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
