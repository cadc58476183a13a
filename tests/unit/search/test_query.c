/* Tests for search/search_query.c: parsing, MATCH expressions, marks. */
#include "base/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "search/search.h"

static struct search_tokenizer *tk_new(void)
{
    struct search_tokenizer *tk = NULL;
    struct folio_err err = { 0 };

    assert_int_equal(search_tokenizer_new(&tk, &err), FOLIO_OK);
    return tk;
}

/* The MATCH expression of q, the marker byte shown as '~'. */
static void
check_match(struct search_tokenizer *tk, const char *q, const char *want)
{
    struct search_query sq = { .q = q };
    struct search_parsed p = { 0 };
    struct buf out = BUF_INIT(1 << 16);
    struct folio_err err = { 0 };
    bool empty = true;
    size_t i;

    assert_int_equal(search_query_parse(&sq, &p, &err), FOLIO_OK);
    assert_int_equal(search_match_build(tk, &p, &out, &empty, &err), FOLIO_OK);
    for (i = 0; i < out.len; i++)
        if (out.data[i] == SEARCH_SUFFIX_MARK)
            out.data[i] = '~';
    if (strcmp(out.data, want) != 0)
        fail_msg("match '%s':\n got  %s\n want %s", q, out.data, want);
    buf_release(&out);
    search_parsed_release(&p);
}

/* The marks of q in text as "start+len" pairs. */
static void check_marks(struct search_tokenizer *tk,
                        const char *q,
                        const char *text,
                        const char *want)
{
    struct search_mark *m = NULL;
    struct buf out = BUF_INIT(4096);
    struct folio_err err = { 0 };
    size_t n = 0, i;

    assert_int_equal(
        search_marks(tk, q, strlen(q), text, strlen(text), &m, &n, &err),
        FOLIO_OK);
    for (i = 0; i < n; i++)
        buf_addf(&out, "%s%zu+%zu", i ? " " : "", m[i].start, m[i].len);
    if (strcmp(out.data, want) != 0)
        fail_msg("marks '%s' in '%s':\n got  %s\n want %s", q, text, out.data,
                 want);
    free(m);
    buf_release(&out);
}

static void test_match_infix(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    /* a word at the start of a term: the word or a suffix, as a prefix */
    check_match(tk, "IN", "((\"in\"* OR \"~in\"*))");
    /* the first token of a longer term must end its word */
    check_match(tk, "\"na 2018\"", "((\"na 2018\"* OR \"~na 2018\"*))");
    check_match(tk, "018年", "((\"018 年\"* OR \"~018 年\"*))");
    /* only a combining mark before the word: still a cut inside one */
    check_match(tk,
                "\xcc\x81"
                "1的中",
                "((\"1 的中\" OR \"~1 的中\"))");
    /* after punctuation or CJK a word starts: no suffix */
    check_match(tk, "\"-5\"", "(\"5\"*)");
    check_match(tk, "峰会G20", "(\"峰会 g20\"*)");
    /* CJK only: as before */
    check_match(tk, "民生", "(\"民生\")");
    check_match(tk, "国", "(\"国\"*)");
    /* a first token longer than a suffix token: its cut as a prefix */
    check_match(tk, "abcdefghijklmnopqrs",
                "((\"abcdefghijklmnopqrs\"* OR \"~abcdefghijklmnop\"*))");
    check_match(tk, "\"abcdefghijklmnopqrs 20\"",
                "((\"abcdefghijklmnopqrs 20\"* OR (\"~abcdefghijklmnop\"* "
                "AND \"20\"*)))");
    /* exclusion and OR keep the same shapes */
    check_match(tk, "民生 -in", "(\"民生\") NOT (\"in\"* OR \"~in\"*)");
    check_match(tk, "民生 OR 教育", "(\"民生\" OR \"教育\")");
    search_tokenizer_free(tk);
}

static void test_parse_odd(void **state)
{
    struct search_parsed p = { 0 };
    struct search_query q = { 0 };
    struct folio_err err = { 0 };
    (void)state;

    /* OR alone, first or last is a word */
    q.q = "OR";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 1);
    assert_string_equal(p.terms[0].text, "OR");
    search_parsed_release(&p);
    q.q = "民生 OR";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 2);
    assert_false(p.terms[0].or_next);
    assert_string_equal(p.terms[1].text, "OR");
    search_parsed_release(&p);
    q.q = "a OR b";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 2);
    assert_true(p.terms[0].or_next);
    search_parsed_release(&p);
    /* only excluded terms: the '-' is text */
    q.q = "-5";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 1);
    assert_false(p.terms[0].negated);
    assert_string_equal(p.terms[0].text, "-5");
    search_parsed_release(&p);
    q.q = "民生 -5";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_true(p.terms[1].negated);
    assert_string_equal(p.terms[1].text, "5");
    search_parsed_release(&p);
    /* unbalanced quotes close at the end */
    q.q = "\"民生";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 1);
    assert_true(p.terms[0].phrase);
    search_parsed_release(&p);
    /* nothing at all: a clear error */
    q.q = "   ";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_ERR_INVALID);
}

/* Repeated terms outside OR groups count once: "的 x31" is "的". */
static void test_parse_dedupe(void **state)
{
    struct search_tokenizer *tk = tk_new();
    struct search_parsed p = { 0 };
    struct search_query q = { 0 };
    struct folio_err err = { 0 };
    char many[31 * 4 + 1];
    size_t i;
    (void)state;

    check_match(tk, "的", "(\"的\"*)");
    check_match(tk, "的 的 的", "(\"的\"*)");
    for (i = 0; i < 31; i++)
        memcpy(many + i * 4, "的 ", 4);
    many[31 * 4 - 1] = '\0';
    q.q = many;
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 1);
    assert_string_equal(p.terms[0].text, "的");
    search_parsed_release(&p);
    /* a word and a phrase differ; so do a term and its exclusion */
    q.q = "民生 \"民生\" 民生 -5 -5 民生";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 3);
    assert_false(p.terms[0].phrase);
    assert_true(p.terms[1].phrase);
    assert_true(p.terms[2].negated);
    assert_string_equal(p.terms[2].text, "5");
    search_parsed_release(&p);
    /* OR groups stay as typed, a lone repeat of a grouped word too */
    q.q = "a OR b a a b";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 4);
    assert_true(p.terms[0].or_next);
    assert_string_equal(p.terms[2].text, "a");
    assert_string_equal(p.terms[3].text, "b");
    assert_false(p.terms[2].or_next);
    search_parsed_release(&p);
    q.q = "a a OR b";
    assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
    assert_int_equal(p.nterms, 3);
    assert_true(p.terms[1].or_next);
    search_parsed_release(&p);
    search_tokenizer_free(tk);
}

/* md:MM-DD takes a day that some year has: 02-29, not 02-30 or 04-31. */
static void test_parse_month_day(void **state)
{
    static const char *const good[] = { "民生 md:02-29", "民生 md:12-31",
                                        "民生 md:04-30" };
    static const char *const bad[] = { "民生 md:02-30", "民生 md:02-31",
                                       "民生 md:04-31", "民生 md:13-01",
                                       "民生 md:01-00" };
    struct search_query q = { 0 };
    struct search_parsed p = { 0 };
    struct folio_err err = { 0 };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        q.q = good[i];
        assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_OK);
        assert_string_equal(p.month_day, good[i] + strlen("民生 md:"));
        search_parsed_release(&p);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        q.q = bad[i];
        assert_int_equal(search_query_parse(&q, &p, &err), FOLIO_ERR_INVALID);
    }
}

/*
 * A term that begins with a lone character and a separator: that
 * character AND the rest, because the index may hold no unigram where the
 * character ends a longer run (search.h, SEARCH_TOKENIZE_INDEX); marks
 * stay exact.
 */
static void test_match_lone_first(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    check_match(tk, "在，中国", "((\"在\"* AND \"中国\"))");
    check_match(tk, "\"在 10\"", "((\"在\"* AND \"10\"*))");
    check_match(tk, "\"在 a 中\"", "((\"在\"* AND \"a 中\"*))");
    /* alone with a separator after it: any occurrence */
    check_match(tk, "外，", "(\"外\"*)");
    check_match(tk, "\"会\xc2\xa0\"", "(\"会\"*)");
    /* a word right after it: the phrase (the unigram is kept there) */
    check_match(tk, "在10", "(\"在 10\"*)");
    /* excluded: the phrase, never more */
    check_match(tk, "民生 -在，中国", "(\"民生\") NOT \"在 中国\"");
    /* two characters first: the phrase */
    check_match(tk, "现在，中国", "(\"现在 中国\")");
    check_marks(tk, "在，中国", "现在，中国 在中国 在 ，中国", "3+12 26+13");
    search_tokenizer_free(tk);
}

static void test_marks_infix(void **state)
{
    struct search_tokenizer *tk = tk_new();
    (void)state;
    /* an infix marks just the matched letters */
    check_marks(tk, "IN", "CHINA in", "2+2 6+2");
    check_marks(tk, "018", "2018年", "1+3");
    check_marks(tk, "g2", "G20峰会", "0+2");
    /* a phrase from inside a word across a space */
    check_marks(tk, "\"na 20\"", "China 2018, na 20", "3+5 12+5");
    /* the first token of a longer term must end its word */
    check_marks(tk, "\"in 20\"", "China 2018", "");
    /* the later words of a phrase are whole words or prefixes */
    check_marks(tk, "\"china 018\"", "China 2018", "");
    /* full-width: the whole rest of the word is marked */
    check_marks(tk, "ＢＣ", "ＡＢＣ", "3+6");
    check_marks(tk, "國際", "国际新闻", "0+6");
    search_tokenizer_free(tk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_infix),
        cmocka_unit_test(test_parse_odd),
        cmocka_unit_test(test_parse_month_day),
        cmocka_unit_test(test_parse_dedupe),
        cmocka_unit_test(test_marks_infix),
        cmocka_unit_test(test_match_lone_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
