/*
 * Tests for search_char_count() and the SQL function folio_char_count()
 * (search/search_tokenize.c): a character is counted as the index folds
 * it (traditional to simplified, NFKC_Casefold outside the main Han
 * blocks), with the tokenizer's idea of a CJK character.
 */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/utf8.h"
#include "search/search.h"

static struct search_tokenizer *tk_new(void)
{
    struct search_tokenizer *tk = NULL;
    struct folio_err err = { 0 };

    assert_int_equal(search_tokenizer_new(&tk, &err), FOLIO_OK);
    return tk;
}

static size_t
count(struct search_tokenizer *tk, const char *text, const char *ch, size_t max)
{
    return search_char_count(tk, text, strlen(text), ch, strlen(ch), max);
}

static void test_simplified_and_traditional(void **state)
{
    struct search_tokenizer *tk = tk_new();
    const char *t = "国家，國際。中国的国";
    (void)state;
    assert_int_equal(count(tk, t, "国", 0), 4);
    assert_int_equal(count(tk, t, "國", 0), 4);
    assert_int_equal(count(tk, t, "际", 0), 1);
    assert_int_equal(count(tk, t, "的", 0), 1);
    assert_int_equal(count(tk, t, "龘", 0), 0);
    /* max stops the count: 1 is "contains" */
    assert_int_equal(count(tk, t, "国", 1), 1);
    assert_int_equal(count(tk, t, "国", 3), 3);
    /* the same again, now from the fold cache */
    assert_int_equal(count(tk, t, "國", 0), 4);
    /* the first CJK character of ch; none: 0 */
    assert_int_equal(count(tk, t, "a国b", 0), 4);
    assert_int_equal(count(tk, t, "abc", 0), 0);
    assert_int_equal(count(tk, t, "", 0), 0);
    assert_int_equal(count(tk, "", "国", 0), 0);
    search_tokenizer_free(tk);
}

static void test_outside_main_blocks(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    /* half-width katakana folds to full width (NFKC) */
    assert_int_equal(count(tk, "\xEF\xBD\xB1イア", "ア", 0), 2);
    assert_int_equal(count(tk, "\xEF\xBD\xB1イア", "\xEF\xBD\xB1", 0), 2);
    /* a compatibility ideograph (U+F900) is its unified one (U+8C48) */
    assert_int_equal(count(tk, "\xEF\xA4\x80豈", "豈", 0), 2);
    assert_int_equal(count(tk, "豈", "\xEF\xA4\x80", 0), 1);
    /* extension B (U+20000), four bytes, outside the cached range */
    assert_int_equal(count(tk,
                           "\xF0\xA0\x80\x80"
                           "a"
                           "\xF0\xA0\x80\x80",
                           "\xF0\xA0\x80\x80", 0),
                     2);
    /* hiragana and 々 are CJK characters too */
    assert_int_equal(count(tk, "ひとびと々", "ひ", 0), 1);
    assert_int_equal(count(tk, "人々", "々", 0), 1);
    search_tokenizer_free(tk);
}

static void test_not_characters(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    /* full-width punctuation and letters are no CJK character */
    assert_int_equal(count(tk, "，。“”（）！？ＡＢ", "，", 0), 0);
    /* a mark after a character belongs to it; malformed bytes skipped */
    assert_int_equal(count(tk, "的\xCC\x81的", "的", 0), 2);
    assert_int_equal(count(tk, "的\xFF\xE7\x9A", "的", 0), 1);
    assert_int_equal(count(tk, "\xE7\x9A\x84\xE7\x9A", "的", 0), 1);
    search_tokenizer_free(tk);
}

static size_t
index_hits(struct search_tokenizer *tk, const char *text, const char *ch)
{
    return search_char_index_hits(tk, text, strlen(text), ch, strlen(ch));
}

/* Tokens of the INDEX stream whose text begins with want[0..wlen). */
struct prefix_count {
    const char *want;
    size_t wlen, n;
};

static int prefix_cb(void *ctx,
                     unsigned flags,
                     const char *tok,
                     size_t len,
                     size_t start,
                     size_t end)
{
    struct prefix_count *p = ctx;

    (void)start;
    (void)end;
    if ((flags & SEARCH_TOKEN_CJK) && len >= p->wlen &&
        memcmp(tok, p->want, p->wlen) == 0)
        p->n++;
    return 0;
}

/*
 * search_char_index_hits against the tokenizer itself: for every CJK
 * character of each text, the number of INDEX tokens that begin with it
 * (what the prefix query counts), and a few values by hand.
 */
static void test_index_hits(void **state)
{
    static const char *const texts[] = {
        "中国人民，中国。",
        "中国，美国",
        "现在10，存在",
        "國家，中国",
        "中国\xCC\x81，国家",
        "あい，かあい",
        "人々，人々",
        "\xEF\xBD\xB1イア。ア",
        "G20峰会在10日举行，峰会在京",
        "新华社北京2月7日电（记者张三）国务院总理李强7日主持召开国务院常务"
        "会议，研究部署改善民生的措施。会议指出，ＧＤＰ增长５．２％，"
        "“十四五”规划中期评估显示，5G基站超过300万个。的的，的",
    };
    struct search_tokenizer *tk = tk_new();
    struct folio_err err = { 0 };
    struct prefix_count p;
    size_t i, at, step, ntext;
    unsigned cp;
    char ch[8];
    (void)state;
    assert_int_equal(index_hits(tk, "中国人民，中国。", "国"), 1);
    assert_int_equal(count(tk, "中国人民，中国。", "国", 0), 2);
    assert_int_equal(index_hits(tk, "中国，美国", "國"), 1);
    assert_int_equal(index_hits(tk, "现在10，存在", "在"), 1);
    assert_int_equal(index_hits(tk, "在10，存在", "在"), 1);
    assert_int_equal(index_hits(tk, "中国", "abc"), 0);
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        ntext = strlen(texts[i]);
        for (at = 0; at < ntext; at += step) {
            step = utf8_decode(texts[i] + at, ntext - at, &cp);
            if (step == 0) {
                step = 1;
                continue;
            }
            if (count(tk, texts[i] + at, "", 0) == 0 &&
                search_char_count(tk, texts[i] + at, step, texts[i] + at, step,
                                  0) == 0)
                continue; /* not a CJK character */
            memcpy(ch, texts[i] + at, step);
            ch[step] = '\0';
            /* the folded character: what its own index token begins with */
            {
                char *f = NULL;
                size_t flen = 0;
                assert_int_equal(search_fold(tk, ch, step, &f, &flen, &err),
                                 FOLIO_OK);
                p.want = f;
                p.wlen = flen;
                p.n = 0;
                assert_int_equal(search_tokenize(tk, texts[i], ntext,
                                                 SEARCH_TOKENIZE_INDEX,
                                                 prefix_cb, &p, &err),
                                 FOLIO_OK);
                if (search_char_index_hits(tk, texts[i], ntext, ch, step) !=
                    p.n)
                    fail_msg(
                        "'%s' in '%s': %zu hits, the index has %zu", ch,
                        texts[i],
                        search_char_index_hits(tk, texts[i], ntext, ch, step),
                        p.n);
                assert_true(p.n >= 1);
                free(f);
            }
        }
    }
    search_tokenizer_free(tk);
}

static sqlite3_int64 sql_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    sqlite3_int64 v;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void test_sql(void **state)
{
    struct search_tokenizer *tk = tk_new();
    struct folio_err err = { 0 };
    sqlite3_stmt *s = NULL;
    sqlite3 *db = NULL;
    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(search_fts5_register(tk, db, &err), FOLIO_OK);
    assert_int_equal(sql_int(db, "SELECT folio_char_count('國家国', '国')"), 2);
    assert_int_equal(sql_int(db, "SELECT folio_char_count('國家国', '國', 1)"),
                     1);
    assert_int_equal(sql_int(db, "SELECT folio_char_count(NULL, '国')"), 0);
    assert_int_equal(sql_int(db, "SELECT folio_char_count('国', NULL)"), 0);
    assert_int_equal(
        sql_int(db, "SELECT folio_char_count(char(65393, 65393), 'ア')"), 2);
    assert_int_equal(sql_int(db, "SELECT folio_char_count('国', '国', 0)"), 1);
    /* one or four arguments: an error */
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT folio_char_count('国')", -1, &s, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ERROR);
    sqlite3_finalize(s);
    sqlite3_close(db);
    search_tokenizer_free(tk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simplified_and_traditional),
        cmocka_unit_test(test_outside_main_blocks),
        cmocka_unit_test(test_not_characters),
        cmocka_unit_test(test_index_hits),
        cmocka_unit_test(test_sql),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
