/* Tests for search/search_tokenize.c: the tokens and their offsets. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "search/search.h"

/* What a tokenization produced: "tok@start-end" lines, checks done. */
struct collect {
    struct buf out;
    const char *text;
    size_t len;
};

static int collect_cb(void *ctx,
                      unsigned flags,
                      const char *tok,
                      size_t len,
                      size_t start,
                      size_t end)
{
    struct collect *c = ctx;
    unsigned cp;

    /* Offsets inside the text and on character boundaries. */
    assert_true(start < end);
    assert_true(end <= c->len);
    assert_int_not_equal(utf8_decode(c->text + start, c->len - start, &cp), 0);
    assert_true(end == c->len || ((unsigned char)c->text[end] & 0xC0) != 0x80);
    assert_true(((unsigned char)c->text[start] & 0xC0) != 0x80);
    if (c->out.len)
        buf_addc(&c->out, ' ');
    if (flags & SEARCH_TOKEN_COLOCATED)
        buf_addc(&c->out, '+');
    /* a suffix token is the marker byte and the suffix: shown as ~suffix */
    assert_int_equal(!!(flags & SEARCH_TOKEN_SUFFIX),
                     len > 0 && tok[0] == SEARCH_SUFFIX_MARK);
    if (flags & SEARCH_TOKEN_SUFFIX) {
        buf_addc(&c->out, '~');
        tok++;
        len--;
    }
    buf_add(&c->out, tok, len);
    buf_addf(&c->out, "@%zu-%zu", start, end);
    return 0;
}

static struct search_tokenizer *tk_new(void)
{
    struct search_tokenizer *tk = NULL;
    struct folio_err err = { 0 };

    assert_int_equal(search_tokenizer_new(&tk, &err), FOLIO_OK);
    return tk;
}

/* Tokenize text and compare the "tok@start-end" list with want. */
static void check(struct search_tokenizer *tk,
                  enum search_tokenize_mode mode,
                  const char *text,
                  const char *want)
{
    struct collect c = { .out = BUF_INIT(1 << 20), .text = text };
    struct folio_err err = { 0 };

    c.len = strlen(text);
    assert_int_equal(
        search_tokenize(tk, text, c.len, mode, collect_cb, &c, &err), FOLIO_OK);
    if (strcmp(c.out.data, want) != 0)
        fail_msg("tokenize '%s':\n got  %s\n want %s", text, c.out.data, want);
    buf_release(&c.out);
}

static void test_cjk_runs(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "国际新闻",
          "国际@0-6 际新@3-9 新闻@6-12 +闻@9-12");
    check(tk, SEARCH_TOKENIZE_QUERY, "国际新闻", "国际@0-6 际新@3-9 新闻@6-12");
    /* a lone character is a unigram; punctuation splits runs */
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "民，生活。",
          "民@0-3 生活@6-12 +活@9-12");
    check(tk, SEARCH_TOKENIZE_QUERY, "民", "民@0-3");
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "", "");
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "  ，。！", "");
    /* kana and hangul are CJK too */
    check(tk, SEARCH_TOKENIZE_QUERY, "ひらがな", "ひら@0-6 らが@3-9 がな@6-12");
    search_tokenizer_free(tk);
}

/*
 * INDEX mode (what FTS5 stores): a run-final unigram only where no other
 * token of the text begins with its character, or where a letter or
 * digit follows the run directly; per text, not per tokenizer.
 */
static void test_index_mode(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    check(tk, SEARCH_TOKENIZE_INDEX, "中国人民，中国。",
          "中国@0-6 国人@3-9 人民@6-12 +民@9-12 中国@15-21");
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "中国人民，中国。",
          "中国@0-6 国人@3-9 人民@6-12 +民@9-12 中国@15-21 +国@18-21");
    /* a later bigram begins with it: dropped; the first of two kept */
    check(tk, SEARCH_TOKENIZE_INDEX, "中国，国家",
          "中国@0-6 国家@9-15 +家@12-15");
    check(tk, SEARCH_TOKENIZE_INDEX, "中国，美国",
          "中国@0-6 +国@3-6 美国@9-15");
    /* marks belong to the character before them */
    check(tk, SEARCH_TOKENIZE_INDEX, "中国\xcc\x81，国家",
          "中国@0-8 国家@11-17 +家@14-17");
    /* a lone character begins a token too */
    check(tk, SEARCH_TOKENIZE_INDEX, "国，中国", "国@0-3 中国@6-12");
    /* a word right after the run keeps it */
    check(tk, SEARCH_TOKENIZE_INDEX, "在家，现在10",
          "在家@0-6 +家@3-6 现在@9-15 +在@12-15 10@15-17 +~0@16-17");
    check(tk, SEARCH_TOKENIZE_INDEX, "在家，现在。",
          "在家@0-6 +家@3-6 现在@9-15");
    /* the next text starts afresh */
    check(tk, SEARCH_TOKENIZE_INDEX, "现在。", "现在@0-6 +在@3-6");
    /* folded characters: 國 began 国家 */
    check(tk, SEARCH_TOKENIZE_INDEX, "國家，中国",
          "国家@0-6 +家@3-6 中国@9-15");
    /*
     * a character whose fold is not one CJK character keeps its own
     * (ゟ would fold to より, a token the MATCH side splits in two); a
     * word whose fold begins with a mark too (half-width ﾞ)
     */
    check(tk, SEARCH_TOKENIZE_INDEX, "民ゟ民", "民ゟ@0-6 ゟ民@3-9");
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "民ゟ民", "民ゟ@0-6 ゟ民@3-9 +民@6-9");
    check(tk, SEARCH_TOKENIZE_QUERY, "ｶﾞｲ", "カ@0-3 ﾞ@3-6 イ@6-9");
    check(tk, SEARCH_TOKENIZE_QUERY, "ｱｲ", "アイ@0-6");
    /* outside the main Han blocks (kana): always kept */
    check(tk, SEARCH_TOKENIZE_INDEX, "あい，かあい",
          "あい@0-6 +い@3-6 かあ@9-15 あい@12-18 +い@15-18");
    search_tokenizer_free(tk);
}

static void test_mixed(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "G20峰会",
          "g20@0-3 +~20@1-3 +~0@2-3 峰会@3-9 +会@6-9");
    check(tk, SEARCH_TOKENIZE_QUERY, "G20峰会", "g20@0-3 峰会@3-9");
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "5G网络",
          "5g@0-2 +~g@1-2 网络@2-8 +络@5-8");
    check(tk, SEARCH_TOKENIZE_QUERY, "COVID-19疫情 Hello",
          "covid@0-5 19@6-8 疫情@8-14 hello@15-20");
    search_tokenizer_free(tk);
}

static void test_suffixes(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    /* documents: each word, then its proper suffixes, colocated */
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "CHINA 2018",
          "china@0-5 +~hina@1-5 +~ina@2-5 +~na@3-5 +~a@4-5 "
          "2018@6-10 +~018@7-10 +~18@8-10 +~8@9-10");
    /* a one-character word has no proper suffix; queries have none */
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "a", "a@0-1");
    check(tk, SEARCH_TOKENIZE_QUERY, "CHINA", "china@0-5");
    /* full-width: each suffix folded from its own characters */
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "ＡＢ１", "ab1@0-9 +~b1@3-9 +~1@6-9");
    /* a letter with its combining mark is one character */
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "Cafe\xCC\x81s",
          "cafes@0-7 +~afes@1-7 +~fes@2-7 +~es@3-7 +~s@6-7");
    /* suffixes are cut to SEARCH_SUFFIX_MAX_CHARS characters */
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "abcdefghijklmnopqrs",
          "abcdefghijklmnopqrs@0-19 +~bcdefghijklmnopq@1-17 "
          "+~cdefghijklmnopqr@2-18 +~defghijklmnopqrs@3-19 "
          "+~efghijklmnopqrs@4-19 +~fghijklmnopqrs@5-19 "
          "+~ghijklmnopqrs@6-19 +~hijklmnopqrs@7-19 +~ijklmnopqrs@8-19 "
          "+~jklmnopqrs@9-19 +~klmnopqrs@10-19 +~lmnopqrs@11-19 "
          "+~mnopqrs@12-19 +~nopqrs@13-19 +~opqrs@14-19 +~pqrs@15-19 "
          "+~qrs@16-19 +~rs@17-19 +~s@18-19");
    assert_int_equal(search_suffix_cut("abcdefghijklmnopqrs", 19), 16);
    assert_int_equal(search_suffix_cut("ab", 2), 2);
    /* 16 three-byte characters are over SEARCH_SUFFIX_MAX_BYTES */
    assert_int_equal(
        search_suffix_cut("ａａａａａａａａａａａａａａａａａ", 51), 48);
    /* the MATCH expression: the marker makes the next word a suffix */
    check(tk, SEARCH_TOKENIZE_MATCH, "\x01ina 2018", "~ina@0-4 2018@5-9");
    check(tk, SEARCH_TOKENIZE_QUERY, "\x01ina", "ina@1-4");
    search_tokenizer_free(tk);
}

static void test_fullwidth(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    /* NFKC: full-width letters and digits are the ASCII word */
    check(tk, SEARCH_TOKENIZE_QUERY, "ＡＢＣ１２３", "abc123@0-18");
    check(tk, SEARCH_TOKENIZE_QUERY, "ＡＢＣ１２３新闻",
          "abc123@0-18 新闻@18-24");
    /* compatibility ideograph U+F90A (金) folds to U+91D1 */
    check(tk, SEARCH_TOKENIZE_QUERY, "\xEF\xA4\x8A", "金@0-3");
    search_tokenizer_free(tk);
}

static void test_traditional(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    check(tk, SEARCH_TOKENIZE_QUERY, "國際", "国际@0-6");
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "國際新聞",
          "国际@0-6 际新@3-9 新闻@6-12 +闻@9-12");
    check(tk, SEARCH_TOKENIZE_QUERY, "臺灣", "台湾@0-6");
    search_tokenizer_free(tk);
}

static void test_emoji_and_marks(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    /* emoji separate and are not indexed */
    check(tk, SEARCH_TOKENIZE_DOCUMENT, "春节😀快乐",
          "春节@0-6 +节@3-6 快乐@10-16 +乐@13-16");
    check(tk, SEARCH_TOKENIZE_QUERY, "👍🏽", "");
    /* a combining mark stays with its letter: e + U+0301 is one word */
    check(tk, SEARCH_TOKENIZE_QUERY, "Cafe\xCC\x81 ok", "cafe@0-6 ok@7-9");
    /* accents of Latin, Greek and Cyrillic letters are dropped, composed
       or not, in any case: OCR of old papers often loses them */
    check(tk, SEARCH_TOKENIZE_QUERY, "Département DÉPARTEMENT Ölmühle",
          "departement@0-12 departement@13-25 olmuhle@26-35");
    check(tk, SEARCH_TOKENIZE_QUERY, "Αθήνα Ёлка", "αθηνα@0-10 елка@11-19");
    /* marks of other scripts change the letter and are kept */
    check(tk, SEARCH_TOKENIZE_QUERY, "\xE0\xA4\x95\xE0\xA4\x82",
          "\xE0\xA4\x95\xE0\xA4\x82@0-6");
    /* a variation selector after a Han character stays in its unit */
    check(tk, SEARCH_TOKENIZE_QUERY, "葛\xEF\xB8\x80城", "葛城@0-9");
    /* a mark with nothing before it separates */
    check(tk, SEARCH_TOKENIZE_QUERY,
          "\xCC\x81"
          "ab",
          "ab@2-4");
    search_tokenizer_free(tk);
}

static void test_malformed(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    /* bad bytes separate; offsets still on boundaries of what is valid */
    check(tk, SEARCH_TOKENIZE_QUERY,
          "ab\xFF"
          "cd\xE4\xB8",
          "ab@0-2 cd@3-5");
    check(tk, SEARCH_TOKENIZE_QUERY, "\xE4\xB8\xAD\xC0\xAF\xE6\x96\x87",
          "中@0-3 文@5-8");
    search_tokenizer_free(tk);
}

/* Every token of a long real text lies on character boundaries. */
static void test_fixture_offsets(void **state)
{
    struct search_tokenizer *tk = tk_new();
    const char *text =
        "新华社北京2月7日电（记者张三）国务院总理李强7日主持召开国务院常务"
        "会议，研究部署改善民生的措施。会议指出，ＧＤＰ增长５．２％，"
        "“十四五”规划中期评估显示，5G基站超过300万个。";
    struct collect c = { .out = BUF_INIT(1 << 20), .text = text };
    struct folio_err err = { 0 };
    (void)state;
    c.len = strlen(text);
    assert_int_equal(search_tokenize(tk, text, c.len, SEARCH_TOKENIZE_DOCUMENT,
                                     collect_cb, &c, &err),
                     FOLIO_OK);
    assert_non_null(strstr(c.out.data, "民生@"));
    assert_non_null(strstr(c.out.data, "gdp@"));
    assert_non_null(strstr(c.out.data, "5g@"));
    buf_release(&c.out);
    search_tokenizer_free(tk);
}

/* search_fold: every character kept, folded like the index. */
static void test_fold(void **state)
{
    struct search_tokenizer *tk = tk_new();
    struct folio_err err = { 0 };
    const char *in = "記者 張三，ＡＢＣ Café";
    char *out = NULL;
    size_t n = 0;
    (void)state;
    assert_int_equal(search_fold(tk, in, strlen(in), &out, &n, &err), FOLIO_OK);
    assert_string_equal(out, "记者 张三,abc café");
    assert_int_equal(n, strlen(out));
    free(out);
    /* malformed bytes become U+FFFD; empty stays empty */
    assert_int_equal(search_fold(tk,
                                 "a\xFF"
                                 "b",
                                 3, &out, &n, &err),
                     FOLIO_OK);
    assert_string_equal(out, "a\xEF\xBF\xBD"
                             "b");
    free(out);
    assert_int_equal(search_fold(tk, "", 0, &out, &n, &err), FOLIO_OK);
    assert_string_equal(out, "");
    assert_int_equal(n, 0);
    free(out);
    search_tokenizer_free(tk);
}

static int stop_cb(void *ctx,
                   unsigned flags,
                   const char *tok,
                   size_t len,
                   size_t start,
                   size_t end)
{
    int *n = ctx;
    (void)flags;
    (void)tok;
    (void)len;
    (void)start;
    (void)end;
    return ++*n == 2;
}

static void test_stop(void **state)
{
    struct search_tokenizer *tk = tk_new();
    struct folio_err err = { 0 };
    int n = 0;
    (void)state;
    assert_int_equal(search_tokenize(tk, "a b c d", 7, SEARCH_TOKENIZE_QUERY,
                                     stop_cb, &n, &err),
                     FOLIO_ERR_INVALID);
    assert_int_equal(n, 2);
    search_tokenizer_free(tk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cjk_runs),
        cmocka_unit_test(test_index_mode),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_suffixes),
        cmocka_unit_test(test_fullwidth),
        cmocka_unit_test(test_traditional),
        cmocka_unit_test(test_emoji_and_marks),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_fixture_offsets),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
