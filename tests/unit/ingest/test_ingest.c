/* SPDX-License-Identifier: MIT */
/* Tests for ingest/: issue package v1 accepted and refused. */
#include "base/compat.h"

#include <archive.h>
#include <archive_entry.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "base/xalloc.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "testlib.h"

struct fx {
    char *dir; /* package folder: dir/pkg; archive: dir/data */
    char *pkg;
    char *data;
};

static int setup(void **state);
static int teardown(void **state);
static void put32(unsigned char *p, uint32_t v);
static void png(struct fx *f, const char *rel, unsigned w, unsigned h);
static void write_text(struct fx *f, const char *rel, const char *text);
static void expect_refusal(struct fx *f,
                           const char *json,
                           enum folio_rc rc,
                           const char *where,
                           const char *msg);
static const char *good_json(void);

static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof(*f));

    f->dir = test_tmpdir();
    f->pkg = xasprintf("%s/pkg", f->dir);
    f->data = xasprintf("%s/data", f->dir);
    png(f, "pages/01.png", 1000, 1400);
    png(f, "pages/02.png", 800, 1200);
    png(f, "img/x.png", 40, 30);
    write_text(f, "pages/01.pdf", "%PDF-1.4\n%%EOF\n");
    write_text(f, "text/a1.txt",
               "\xef\xbb\xbf第一段第一行\n第一段第二行\n\n  \n"
               "Second paragraph\nwraps here.\n");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    test_rmtree(f->dir);
    free(f->dir);
    free(f->pkg);
    free(f->data);
    free(f);
    return 0;
}

/* A PNG signature and IHDR chunk: all the importer reads of an image. */
static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A real (decodable) PNG of one colour: page images are decoded at import. */
static void png(struct fx *f, const char *rel, unsigned w, unsigned h)
{
    bool huge = (uint64_t)w * h > 4000000;
    size_t rowlen = 1 + (size_t)w * 3, rawlen = huge ? 1 : rowlen * h, i;
    unsigned char *raw = xcalloc(rawlen, 1);
    uLongf zlen = compressBound((uLong)rawlen);
    unsigned char *out = xmalloc((size_t)zlen + 64);
    unsigned char *z = out + 41; /* after signature, IHDR, IDAT header */
    unsigned char ihdr[13] = { 0 };
    size_t n = 0;
    uint32_t crc;

    if (huge) {
        /* size checks only: the signature and IHDR are enough */
        rawlen = 0;
    }
    for (i = 0; i < rawlen; i++)
        raw[i] = i % rowlen == 0 ? 0 : (unsigned char)(0xd0 + i % 3);
    if (!huge && compress2(z, &zlen, raw, (uLong)rawlen, 9) != Z_OK)
        fail_msg("compress");
    memcpy(out, "\x89PNG\r\n\x1a\n", 8);
    put32(out + 8, 13);
    memcpy(out + 12, "IHDR", 4);
    put32(ihdr, w);
    put32(ihdr + 4, h);
    ihdr[8] = 8;
    ihdr[9] = 2;
    memcpy(out + 16, ihdr, 13);
    crc = (uint32_t)crc32(0, out + 12, 17);
    put32(out + 29, crc);
    if (huge) {
        test_write_file(f->pkg, rel, out, 33);
        free(raw);
        free(out);
        return;
    }
    put32(out + 33, (uint32_t)zlen);
    memcpy(out + 37, "IDAT", 4);
    n = 41 + (size_t)zlen;
    crc = (uint32_t)crc32(0, out + 37, (uInt)(4 + zlen));
    put32(out + n, crc);
    n += 4;
    memcpy(out + n, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
    n += 12;
    test_write_file(f->pkg, rel, out, n);
    free(raw);
    free(out);
}

static void write_text(struct fx *f, const char *rel, const char *text)
{
    test_write_file(f->pkg, rel, text, strlen(text));
}

static const char *good_json(void)
{
    return "{ \"folio_package\": 1,\n"
           "  \"paper\": {\"id\": \"tyrb\", \"name\": \"太原日报\","
           " \"language\": \"zh-CN\"},\n"
           "  \"date\": \"2023-02-07\", \"number\": 22871,"
           " \"edition\": \" 晨刊 \",\n"
           "  \"pages\": [\n"
           "   { \"number\": 2, \"name\": \"本地\", \"image\":"
           " \"pages/02.png\",\n"
           "     \"articles\": [ { \"id\": \"a1-cont\", \"headline\": \"接上\","
           " \"body\": [\"续文\"], \"zones\": [[0, 0, 800, 1200]],\n"
           "       \"continued_from\": {\"page\": 1, \"article\": \"a1\"} } ]"
           " },\n"
           "   { \"number\": 1, \"name\": \"要闻\", \"image\": "
           "\"pages/01.png\", \"pdf\": \"pages/01.pdf\",\n"
           "     \"width\": 500, \"height\": 700,\n"
           "     \"articles\": [\n"
           "      { \"id\": \"a1\", \"kicker\": \"引题\", \"headline\": "
           "\"  头条  \", \"subhead\": \"副题\", \"byline\": \"本报记者\",\n"
           "        \"body\": [\"　　第一段。\", \"  \", \"第二段。\"],\n"
           "        \"images\": [{\"src\": \"img/x.png\", \"caption\": "
           "\"图\"}],\n"
           "        \"zones\": [[10, 20, 300, 400]],\n"
           "        \"continues\": {\"page\": 2, \"article\": \"a1-cont\"} },\n"
           "      { \"headline\": \"简讯\", \"body_file\": \"text/a1.txt\" }\n"
           "     ] } ] }\n";
}

static void good_package_roundtrips_through_the_store(void **state)
{
    struct fx *f = *state;
    struct folio_err err = { 0 };
    struct store *st = NULL;
    struct issue *iss = NULL;
    struct ingest_result res;
    struct ingest_options opt = { .publish = true };
    const struct article *a;
    char path[4096];
    char *bytes;
    size_t len;

    write_text(f, "issue.json", good_json());
    assert_int_equal(store_open(f->data, STORE_OPEN_CREATE, &st, &err),
                     FOLIO_OK);
    if (ingest_import(st, f->pkg, &opt, &res, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_string_equal(res.paper_id, "tyrb");
    assert_string_equal(res.date, "2023-02-07");
    assert_int_equal(res.npages, 2);
    assert_int_equal(res.narticles, 3);
    assert_int_equal(res.status, ISSUE_PUBLISHED);
    assert_int_equal(
        store_issue_load(st, "tyrb", "2023-02-07", true, &iss, &err), FOLIO_OK);
    assert_string_equal(iss->paper.timezone, "Asia/Shanghai");
    assert_int_equal(iss->number, 22871);
    assert_string_equal(iss->edition, "晨刊");
    assert_int_equal(iss->pages[0].number, 1);
    assert_int_equal(iss->pages[0].width, 500);
    assert_int_equal(iss->pages[0].height, 700);
    assert_string_equal(iss->pages[0].image_mime, "image/png");
    assert_non_null(iss->pages[0].pdf_media);
    assert_true(
        store_media_path(st, iss->pages[0].pdf_media, path, sizeof(path)));
    bytes = test_read_file(path, &len);
    assert_non_null(bytes);
    assert_int_equal(len, 15);
    assert_memory_equal(bytes, "%PDF-1.4", 8);
    free(bytes);
    /* page 2 takes its size from its image */
    assert_int_equal(iss->pages[1].width, 800);
    assert_int_equal(iss->pages[1].height, 1200);
    a = &iss->pages[0].articles[0];
    assert_string_equal(a->headline, "头条");
    assert_string_equal(a->kicker, "引题");
    assert_int_equal(a->nparagraphs, 2);
    assert_string_equal(a->paragraphs[0], "第一段。");
    assert_string_equal(a->paragraphs[1], "第二段。");
    assert_int_equal(a->npictures, 1);
    assert_string_equal(a->pictures[0].caption, "图");
    assert_string_equal(a->pictures[0].mime, "image/png");
    assert_int_equal(a->zones[0].w, 300);
    assert_int_equal(a->continues.page, 2);
    a = &iss->pages[0].articles[1];
    assert_string_equal(a->id, "2"); /* default id: order on its page */
    assert_int_equal(a->seq, 2);
    assert_int_equal(a->nparagraphs, 2);
    assert_string_equal(a->paragraphs[0], "第一段第一行第一段第二行");
    assert_string_equal(a->paragraphs[1], "Second paragraph wraps here.");
    issue_free(iss);
    store_close(st);
}

static void zip_package_with_top_folder_imports(void **state)
{
    struct fx *f = *state;
    struct folio_err err = { 0 };
    struct ingest_result res;
    struct archive *ar = archive_write_new();
    struct archive_entry *e = archive_entry_new();
    const char *files[] = { "issue.json",   "pages/01.png", "pages/02.png",
                            "pages/01.pdf", "img/x.png",    "text/a1.txt" };
    char *zip = xasprintf("%s/pkg.zip", f->dir);
    size_t i;

    write_text(f, "issue.json", good_json());
    assert_int_equal(archive_write_set_format_zip(ar), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(ar, zip), ARCHIVE_OK);
    for (i = 0; i < ARRAY_SIZE(files); i++) {
        char *p = xasprintf("%s/%s", f->pkg, files[i]);
        char *name = xasprintf("tyrb-2023-02-07/%s", files[i]);
        size_t len;
        char *data = test_read_file(p, &len);
        archive_entry_clear(e);
        archive_entry_set_pathname(e, name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)len);
        assert_int_equal(archive_write_header(ar, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(ar, data, len), (la_ssize_t)len);
        free(data);
        free(name);
        free(p);
    }
    archive_entry_free(e);
    assert_int_equal(archive_write_close(ar), ARCHIVE_OK);
    archive_write_free(ar);
    if (ingest_import(NULL, zip, NULL, &res, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_int_equal(res.npages, 2);
    assert_int_equal(res.narticles, 3);
    assert_int_equal(res.status, ISSUE_DRAFT);
    free(zip);
}

static void expect_refusal(struct fx *f,
                           const char *json,
                           enum folio_rc rc,
                           const char *where,
                           const char *msg)
{
    struct folio_err err = { 0 };
    struct ingest_result res;

    write_text(f, "issue.json", json);
    assert_int_equal(ingest_import(NULL, f->pkg, NULL, &res, &err), rc);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, msg);
}

/* good_json() with the first occurrence of from replaced by to. */
static char *edit(const char *from, const char *to)
{
    const char *g = good_json();
    const char *at = strstr(g, from);
    if (!at)
        fail_msg("'%s' not in the good package", from);
    return xasprintf("%.*s%s%s", (int)(at - g), g, to, at + strlen(from));
}

#define REFUSE(from, to, rc, where, msg) \
 do {                                    \
  char *j_ = edit(from, to);             \
  expect_refusal(f, j_, rc, where, msg); \
  free(j_);                              \
 } while (0)

static void refusals_name_field_and_reason(void **state)
{
    struct fx *f = *state;

    REFUSE("\"headline\": \"  头条  \", ", "", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].headline", "missing");
    REFUSE("\"folio_package\": 1", "\"folio_package\": 2",
           FOLIO_ERR_UNSUPPORTED, "issue.json: folio_package",
           "unsupported version 2 (this folio reads version 1)");
    REFUSE("2023-02-07", "2023-02-30", FOLIO_ERR_INVALID, "issue.json: date",
           "'2023-02-30' is not a valid date (YYYY-MM-DD)");
    REFUSE("\"number\": 1, \"name\": \"要闻\"",
           "\"number\": 2, \"name\": \"要闻\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].number",
           "duplicate page number 2 (also pages[0])");
    REFUSE("{ \"headline\": \"简讯\"",
           "{ \"id\": \"a1\", \"headline\": \"简讯\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[1].id",
           "duplicate article id 'a1' on page 1 (also pages[1].articles[0])");
    REFUSE("\"pages/01.png\"", "\"../pkg/pages/01.png\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].image",
           "path '../pkg/pages/01.png' leaves the package");
    REFUSE("\"pages/01.png\"", "\"/etc/passwd\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].image",
           "path '/etc/passwd' leaves the package");
    REFUSE("\"img/x.png\"", "\"img/y.png\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].images[0].src",
           "missing file 'img/y.png'");
    REFUSE("\"img/x.png\"", "\"pages/01.pdf\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].images[0].src",
           "'pages/01.pdf' is used both as an image and as another kind of "
           "file");
    REFUSE("\"pdf\": \"pages/01.pdf\"", "\"pdf\": \"text/a1.txt\"",
           FOLIO_ERR_INVALID, "issue.json: pages[1].pdf",
           "'text/a1.txt' is not a PDF file");
    REFUSE("[[10, 20, 300, 400]]", "[[10, 20, 300, 700]]", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].zones[0]",
           "[10, 20, 300, 700] lies outside the 500x700 page");
    REFUSE("\"article\": \"a1-cont\"", "\"article\": \"zz\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].continues",
           "no article 'zz' on page 2");
    REFUSE("\"byline\"", "\"bylne\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].bylne", "unknown field");
    REFUSE("\"number\": 22871", "\"number\": \"22871\"", FOLIO_ERR_INVALID,
           "issue.json: number", "must be an integer");
    REFUSE("\"id\": \"tyrb\"", "\"id\": \"Tyrb\"", FOLIO_ERR_INVALID,
           "issue.json: paper.id",
           "'Tyrb' must be 1-64 characters of a-z, 0-9, '-' or '_'");
    REFUSE("\"id\": \"a1-cont\", ", "", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].continues",
           "no article 'a1-cont' on page 2");
    REFUSE("\"width\": 500, ", "", FOLIO_ERR_INVALID,
           "issue.json: pages[1].width",
           "missing (width and height go together)");
    REFUSE("\"body_file\": \"text/a1.txt\"",
           "\"body\": [], \"body_file\": \"text/a1.txt\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[1].body_file",
           "use either body or body_file");
}

/* A zone may be a polygon (its bbox computed); an article may have lang. */
static void polygon_zones_and_lang_are_imported(void **state)
{
    struct fx *f = *state;
    struct folio_err err = { 0 };
    struct store *st = NULL;
    struct issue *iss = NULL;
    struct ingest_result res;
    const struct article *a;
    char *json = edit("\"zones\": [[10, 20, 300, 400]],",
                      "\"zones\": [[10, 20, 300, 400], {\"polygon\": "
                      "[[0, 500], [400, 520], [400, 700], [30, 650]]}],"
                      " \"lang\": \"en-GB\",");

    write_text(f, "issue.json", json);
    free(json);
    assert_int_equal(store_open(f->data, STORE_OPEN_CREATE, &st, &err),
                     FOLIO_OK);
    if (ingest_import(st, f->pkg, NULL, &res, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    assert_int_equal(
        store_issue_load(st, "tyrb", "2023-02-07", false, &iss, &err),
        FOLIO_OK);
    a = &iss->pages[0].articles[0];
    assert_string_equal(a->lang, "en-GB");
    assert_null(iss->pages[0].articles[1].lang);
    assert_int_equal(a->nzones, 2);
    assert_null(a->zones[0].points);
    assert_int_equal(a->zones[1].npoints, 4);
    assert_int_equal(a->zones[1].x, 0);
    assert_int_equal(a->zones[1].y, 500);
    assert_int_equal(a->zones[1].w, 400);
    assert_int_equal(a->zones[1].h, 200);
    assert_int_equal(a->zones[1].points[1].x, 400);
    assert_int_equal(a->zones[1].points[1].y, 520);
    assert_int_equal(a->zones[1].points[3].x, 30);
    assert_int_equal(a->zones[1].points[3].y, 650);
    issue_free(iss);
    store_close(st);

    REFUSE("[[10, 20, 300, 400]]", "[{\"polygon\": [[0, 0], [9, 9]]}]",
           FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].zones[0].polygon",
           "a polygon must be an array of 3 to 256 [x, y] points");
    REFUSE("[[10, 20, 300, 400]]", "[{\"points\": [[0, 0], [9, 9], [1, 5]]}]",
           FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].zones[0].points", "unknown field");
    REFUSE("[[10, 20, 300, 400]]",
           "[{\"polygon\": [[0, 0], [9, 9], [501, 5]]}]", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].zones[0].polygon[2]",
           "[501, 5] lies outside the 500x700 page");
    REFUSE("[[10, 20, 300, 400]]", "[{\"polygon\": [[0, 0], [9, 9], [1]]}]",
           FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].zones[0].polygon[2]",
           "must be an array [x, y] of 2 integers");
    REFUSE("[[10, 20, 300, 400]]", "[{\"polygon\": [[0, 5], [9, 5], [4, 5]]}]",
           FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].zones[0].polygon",
           "the polygon has no area");
    REFUSE("[[10, 20, 300, 400]]", "[\"10,20\"]", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].zones[0]",
           "must be an array [x, y, w, h] of 4 integers or "
           "{\"polygon\": [[x, y], ...]}");
    REFUSE("\"byline\": \"本报记者\"",
           "\"byline\": \"本报记者\", \"lang\": \"en_GB\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].lang",
           "'en_GB' is not a BCP 47 language tag (like \"en\" or "
           "\"zh-Hant-TW\")");
    REFUSE("\"byline\": \"本报记者\"",
           "\"byline\": \"本报记者\", \"lang\": \"en--GB\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].lang",
           "'en--GB' is not a BCP 47 language tag (like \"en\" or "
           "\"zh-Hant-TW\")");
    REFUSE("\"byline\": \"本报记者\"",
           "\"byline\": \"本报记者\", \"lang\": \"1en\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].lang",
           "'1en' is not a BCP 47 language tag (like \"en\" or "
           "\"zh-Hant-TW\")");
    REFUSE("\"byline\": \"本报记者\"", "\"byline\": \"本报记者\", \"lang\": 7",
           FOLIO_ERR_INVALID, "issue.json: pages[1].articles[0].lang",
           "must be a string");
}

/* Ids are unique per page, so default ids "1", "2"... work on every page. */
static void default_ids_restart_on_every_page(void **state)
{
    struct fx *f = *state;
    struct folio_err err = { 0 };
    struct ingest_result res;
    struct ingest_package *pkg = NULL;
    const struct issue *iss;
    char *j1 = edit("\"id\": \"a1\", ", "");
    char *j2, *j3, *j4, *at;

    j2 = xstrdup(j1);
    at = strstr(j2, "\"id\": \"a1-cont\", ");
    memmove(at, at + 17, strlen(at + 17) + 1);
    /* the continuation references now name the default ids */
    at = strstr(j2, "\"article\": \"a1\"");
    j3 = xasprintf("%.*s\"article\": \"1\"%s", (int)(at - j2), j2,
                   at + strlen("\"article\": \"a1\""));
    at = strstr(j3, "\"article\": \"a1-cont\"");
    j4 = xasprintf("%.*s\"article\": \"1\"%s", (int)(at - j3), j3,
                   at + strlen("\"article\": \"a1-cont\""));
    write_text(f, "issue.json", j4);
    if (ingest_package_open(f->pkg, &pkg, &err) != FOLIO_OK)
        fail_msg("%s: %s", err.where, err.msg);
    iss = ingest_package_issue(pkg);
    assert_int_equal(iss->npages, 2);
    assert_int_equal(iss->pages[0].number, 1);
    assert_string_equal(iss->pages[0].articles[0].id, "1");
    assert_string_equal(iss->pages[0].articles[1].id, "2");
    assert_string_equal(iss->pages[1].articles[0].id, "1");
    assert_string_equal(iss->pages[0].articles[0].continues.article, "1");
    assert_int_equal(iss->pages[0].articles[0].continues.page, 2);
    ingest_package_free(pkg);
    assert_int_equal(ingest_import(NULL, f->pkg, NULL, &res, &err), FOLIO_OK);
    assert_int_equal(res.narticles, 3);
    free(j1);
    free(j2);
    free(j3);
    free(j4);
}

static void json_syntax_errors_give_line_and_column(void **state)
{
    struct fx *f = *state;

    expect_refusal(f, "{\n  \"folio_package\": 1,\n  \"date\": }\n",
                   FOLIO_ERR_INVALID, "issue.json:3:11",
                   "unexpected token near '}'");
    expect_refusal(f, "{\"folio_package\": 1, \"folio_package\": 1}",
                   FOLIO_ERR_INVALID, "issue.json:1:36",
                   "duplicate object key near '\"folio_package\"'");
}

static void bad_bytes_are_refused(void **state)
{
    struct fx *f = *state;
    char *j;

    write_text(f, "pages/01.png", "GIF8 not really");
    expect_refusal(f, good_json(), FOLIO_ERR_INVALID,
                   "issue.json: pages[1].image",
                   "'pages/01.png' is not a PNG, JPEG, GIF, WebP, TIFF or "
                   "JPEG 2000 image");
    png(f, "pages/01.png", 1000, 1400);
    write_text(f, "text/a1.txt", "ok\n\xff\xfe\n");
    expect_refusal(f, good_json(), FOLIO_ERR_INVALID,
                   "issue.json: pages[1].articles[1].body_file",
                   "'text/a1.txt' is not valid UTF-8 (byte 3)");
    write_text(f, "text/a1.txt", "fine\n");
    j = xasprintf("%s/secret.png", f->dir);
    test_write_file(f->dir, "secret.png", "x", 1);
    assert_int_equal(unlink(j), 0);
    free(j);
    j = xasprintf("%s/pages/escape.png", f->pkg);
    assert_int_equal(symlink("/etc/hostname", j), 0);
    free(j);
    REFUSE("\"pages/01.png\"", "\"pages/escape.png\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].image",
           "path 'pages/escape.png' leaves the package");
}

static void size_caps_give_too_large(void **state)
{
    struct fx *f = *state;
    char *big = xmalloc(1200);

    memset(big, 'x', 1199);
    big[1199] = 0;
    {
        char *to = xasprintf("\"%s\", ", big);
        REFUSE("\"  头条  \", ", to, FOLIO_ERR_TOO_LARGE,
               "issue.json: pages[1].articles[0].headline",
               "longer than 1000 bytes");
        free(to);
    }
    free(big);
}

static void failed_import_changes_nothing(void **state)
{
    struct fx *f = *state;
    struct folio_err err = { 0 };
    struct store *st = NULL;
    struct issue_summary *list = NULL;
    struct ingest_result res;
    size_t n = 9;
    char *j = edit("\"img/x.png\"", "\"img/none.png\"");

    assert_int_equal(store_open(f->data, STORE_OPEN_CREATE, &st, &err),
                     FOLIO_OK);
    write_text(f, "issue.json", j);
    assert_int_equal(ingest_import(st, f->pkg, NULL, &res, &err),
                     FOLIO_ERR_INVALID);
    assert_int_equal(
        store_issue_list(st, NULL, false, NULL, NULL, &list, &n, &err),
        FOLIO_OK);
    assert_int_equal(n, 0);
    free(list);
    free(j);
    store_close(st);
}

static void image_headers_give_sizes(void **state)
{
    const unsigned char gif[] = "GIF89a\x20\x03\x58\x02";
    const unsigned char jpg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0,  4, 0,
                                  0,    0xFF, 0xC0, 0,    11, 8, 0x05,
                                  0x78, 0x03, 0xE8, 3,    0,  0, 0 };
    const char *mime;
    int w, h;
    (void)state;

    assert_true(ingest_image_info(gif, sizeof(gif) - 1, &mime, &w, &h));
    assert_string_equal(mime, "image/gif");
    assert_int_equal(w, 800);
    assert_int_equal(h, 600);
    assert_true(ingest_image_info(jpg, sizeof(jpg), &mime, &w, &h));
    assert_string_equal(mime, "image/jpeg");
    assert_int_equal(w, 1000);
    assert_int_equal(h, 1400);
    assert_false(ingest_image_info(jpg, 8, &mime, &w, &h));
    assert_false(
        ingest_image_info((const unsigned char *)"%PDF-1", 6, &mime, &w, &h));
}

/* A zip holding the good package's files under names[i] (NULL: skip). */
static char *write_zip(struct fx *f,
                       const char *zipname,
                       const char *const *names,
                       const char *const *files,
                       size_t n)
{
    struct archive *ar = archive_write_new();
    struct archive_entry *e = archive_entry_new();
    char *zip = xasprintf("%s/%s", f->dir, zipname);
    size_t i;

    assert_int_equal(archive_write_set_format_zip(ar), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(ar, zip), ARCHIVE_OK);
    for (i = 0; i < n; i++) {
        char *p = xasprintf("%s/%s", f->pkg, files[i]);
        size_t len;
        char *data = test_read_file(p, &len);
        assert_non_null(data);
        archive_entry_clear(e);
        archive_entry_set_pathname(e, names[i]);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)len);
        assert_int_equal(archive_write_header(ar, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(ar, data, len), (la_ssize_t)len);
        free(data);
        free(p);
    }
    archive_entry_free(e);
    assert_int_equal(archive_write_close(ar), ARCHIVE_OK);
    archive_write_free(ar);
    return zip;
}

static void expect_zip_refusal(struct fx *f,
                               const char *const *names,
                               const char *const *files,
                               size_t n,
                               const char *msg)
{
    struct folio_err err = { 0 };
    struct ingest_result res;
    char *zip = write_zip(f, "bad.zip", names, files, n);

    assert_int_equal(ingest_import(NULL, zip, NULL, &res, &err),
                     FOLIO_ERR_INVALID);
    assert_string_equal(err.where, zip);
    assert_string_equal(err.msg, msg);
    free(zip);
}

/* Zip entries with unsafe or repeated names make the archive ambiguous. */
static void zip_unsafe_or_duplicate_names_are_refused(void **state)
{
    struct fx *f = *state;
    const char *files[] = { "issue.json",   "pages/01.png", "pages/02.png",
                            "pages/01.pdf", "img/x.png",    "text/a1.txt",
                            "img/x.png" };
    const char *dotdot[] = { "../issue.json",   "../pages/01.png",
                             "../pages/02.png", "../pages/01.pdf",
                             "../img/x.png",    "../text/a1.txt" };
    const char *abs[] = { "/issue.json",   "/pages/01.png", "/pages/02.png",
                          "/pages/01.pdf", "/img/x.png",    "/text/a1.txt" };
    const char *dup[] = { "issue.json",   "pages/01.png", "pages/02.png",
                          "pages/01.pdf", "img/x.png",    "text/a1.txt",
                          "img/x.png" };
    const char *dupjson[] = { "issue.json", "issue.json" };

    write_text(f, "issue.json", good_json());
    expect_zip_refusal(f, dotdot, files, 6,
                       "entry '../issue.json' has an unsafe name "
                       "(absolute or with a '..' segment)");
    expect_zip_refusal(f, abs, files, 6,
                       "entry '/issue.json' has an unsafe name "
                       "(absolute or with a '..' segment)");
    expect_zip_refusal(f, dup, files, 7,
                       "entry 'img/x.png' is in the archive twice");
    expect_zip_refusal(f, dupjson, files, 2,
                       "entry 'issue.json' is in the archive twice");
}

/* Many tiny entries must not cost memory per entry beyond their size. */
static void zip_entry_count_is_capped(void **state)
{
    struct fx *f = *state;
    struct folio_err err = { 0 };
    struct ingest_result res;
    struct archive *ar = archive_write_new();
    struct archive_entry *e = archive_entry_new();
    char *zip = xasprintf("%s/many.zip", f->dir);
    char name[32];
    size_t i;

    assert_int_equal(archive_write_set_format_zip(ar), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(ar, zip), ARCHIVE_OK);
    for (i = 0; i <= INGEST_MAX_ARCHIVE_ENTRIES; i++) {
        (void)snprintf(name, sizeof(name), "junk/%zu", i);
        archive_entry_clear(e);
        archive_entry_set_pathname(e, name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, 0);
        assert_int_equal(archive_write_header(ar, e), ARCHIVE_OK);
    }
    archive_entry_free(e);
    assert_int_equal(archive_write_close(ar), ARCHIVE_OK);
    archive_write_free(ar);
    assert_int_equal(ingest_import(NULL, zip, NULL, &res, &err),
                     FOLIO_ERR_TOO_LARGE);
    assert_string_equal(err.where, zip);
    assert_string_equal(err.msg, "more than 20000 entries in the archive");
    free(zip);
}

/* A FIFO named as a file is refused at once, not waited on. */
static void fifo_is_not_a_regular_file(void **state)
{
    struct fx *f = *state;
    char *p = xasprintf("%s/pages/fifo.png", f->pkg);

    assert_int_equal(mkfifo(p, 0644), 0);
    free(p);
    REFUSE("\"pages/01.png\"", "\"pages/fifo.png\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].image",
           "'pages/fifo.png' is not a regular file");
}

static void picture_src_null_or_blank_is_missing(void **state)
{
    struct fx *f = *state;

    REFUSE("\"src\": \"img/x.png\"", "\"src\": null", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].images[0].src", "missing");
    REFUSE("\"src\": \"img/x.png\"", "\"src\": \" \"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].images[0].src", "missing");
}

/* Continuations must form simple chains, agreeing at both ends. */
static void continuation_loops_and_mismatches_are_refused(void **state)
{
    struct fx *f = *state;

    REFUSE("\"continues\": {\"page\": 2, \"article\": \"a1-cont\"}",
           "\"continues\": {\"page\": 1, \"article\": \"a1\"}",
           FOLIO_ERR_INVALID, "issue.json: pages[1].articles[0].continues",
           "names the article itself");
    REFUSE("\"continued_from\": {\"page\": 1, \"article\": \"a1\"}",
           "\"continued_from\": {\"page\": 2, \"article\": \"a1-cont\"}",
           FOLIO_ERR_INVALID, "issue.json: pages[0].articles[0].continued_from",
           "names the article itself");
    /* a1 -> a1-cont -> a1 */
    REFUSE("\"continued_from\": {\"page\": 1, \"article\": \"a1\"}",
           "\"continues\": {\"page\": 1, \"article\": \"a1\"}",
           FOLIO_ERR_INVALID, "issue.json: pages[0].articles[0].continues",
           "the continuations loop back to this article");
    /* a1 continues on a1-cont, which says it comes from article 2 */
    REFUSE("\"continued_from\": {\"page\": 1, \"article\": \"a1\"}",
           "\"continued_from\": {\"page\": 1, \"article\": \"2\"}",
           FOLIO_ERR_INVALID, "issue.json: pages[1].articles[0].continues",
           "article 'a1-cont' on page 2 says it is continued from article "
           "'2' on page 1");
}

static void control_characters_are_refused(void **state)
{
    struct fx *f = *state;

    REFUSE("\"  头条  \"", "\"a\\u001b[31mred\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].headline",
           "control character U+001B at byte 1");
    REFUSE("\"副题\"", "\"x\\u007f\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].subhead",
           "control character U+007F at byte 1");
    REFUSE("\"第二段。\"", "\"ab\\u0085c\"", FOLIO_ERR_INVALID,
           "issue.json: pages[1].articles[0].body[2]",
           "control character U+0085 at byte 2");
    write_text(f, "text/a1.txt", "ok\n\nbad\x01here\n");
    expect_refusal(f, good_json(), FOLIO_ERR_INVALID,
                   "issue.json: pages[1].articles[1].body_file",
                   "'text/a1.txt' has control character U+0001 at byte 7");
}

static void language_and_timezone_are_checked(void **state)
{
    struct fx *f = *state;

    REFUSE("\"zh-CN\"", "\"zh\\\"><x\"", FOLIO_ERR_INVALID,
           "issue.json: paper.language",
           "'zh\"><x' is not a BCP 47 language tag");
    REFUSE("\"zh-CN\"", "\"zh-CN\", \"timezone\": \"../../etc/passwd\"",
           FOLIO_ERR_INVALID, "issue.json: paper.timezone",
           "'../../etc/passwd' is not an IANA time zone name");
    REFUSE("\"zh-CN\"", "\"zh-CN\", \"timezone\": \"/etc/localtime\"",
           FOLIO_ERR_INVALID, "issue.json: paper.timezone",
           "'/etc/localtime' is not an IANA time zone name");
    {
        struct folio_err err = { 0 };
        struct ingest_result res;
        char *j = edit("\"zh-CN\"", "\"zh-Hant-TW\", \"timezone\": "
                                    "\"America/Argentina/Buenos_Aires\"");
        write_text(f, "issue.json", j);
        if (ingest_import(NULL, f->pkg, NULL, &res, &err) != FOLIO_OK)
            fail_msg("%s: %s", err.where, err.msg);
        free(j);
        j = edit("\"zh-CN\"", "\"en\", \"timezone\": \"Etc/GMT-8\"");
        write_text(f, "issue.json", j);
        if (ingest_import(NULL, f->pkg, NULL, &res, &err) != FOLIO_OK)
            fail_msg("%s: %s", err.where, err.msg);
        free(j);
    }
}

/* A picture or page image may not declare absurd pixel sizes. */
static void huge_declared_image_size_is_refused(void **state)
{
    struct fx *f = *state;

    png(f, "img/x.png", 0x7FFFFFFF, 0x7FFFFFFF);
    expect_refusal(f, good_json(), FOLIO_ERR_TOO_LARGE,
                   "issue.json: pages[1].articles[0].images[0].src",
                   "'img/x.png' is 2147483647x2147483647 pixels, more than "
                   "100000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            good_package_roundtrips_through_the_store, setup, teardown),
        cmocka_unit_test_setup_teardown(zip_package_with_top_folder_imports,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(polygon_zones_and_lang_are_imported,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(refusals_name_field_and_reason, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(default_ids_restart_on_every_page,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(json_syntax_errors_give_line_and_column,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(bad_bytes_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(size_caps_give_too_large, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(failed_import_changes_nothing, setup,
                                        teardown),
        cmocka_unit_test(image_headers_give_sizes),
        cmocka_unit_test_setup_teardown(
            zip_unsafe_or_duplicate_names_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(zip_entry_count_is_capped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(fifo_is_not_a_regular_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(picture_src_null_or_blank_is_missing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            continuation_loops_and_mismatches_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(control_characters_are_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(language_and_timezone_are_checked,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(huge_declared_image_size_is_refused,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
