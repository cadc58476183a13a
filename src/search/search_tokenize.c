/* SPDX-License-Identifier: MIT */
/*
 * search_tokenize.c - folio's tokenizer for Chinese text (see search.h for
 * the token rules) and its registration as an FTS5 tokenizer.
 *
 * One pass over the original UTF-8 text groups code points into runs:
 * CJK runs (each character with its trailing combining marks or variation
 * selectors is one unit) and word runs (letters, digits, marks). A unit is
 * folded on its own (NFKC_Casefold for characters outside the main Han
 * blocks) and a whole run through OpenCC t2s; when t2s keeps the number of
 * characters (it does for ordinary text) character i of the output folds
 * unit i, otherwise every unit is converted alone. Offsets are those of
 * the original units, so they always fall on character boundaries.
 */
#include "base/compat.h"

#include "search/search.h"

#include "base/buf.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <opencc/opencc.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <sqlite3.h>
#include <string.h>

#define UNIT_MAX     16  /* bytes of one folded CJK unit */
#define WORD_MAX     256 /* bytes of one word run; longer runs are cut */
#define WORD_U16_MAX (WORD_MAX * 2)
#define T2S_FIRST    0x3400u /* cached range: CJK Ext A .. URO */
#define T2S_LAST     0x9FFFu
#define T2S_NONE     0xFFFFFFFFu

/* One CJK character of a run: original bytes and its folded form. */
struct unit {
    size_t start, end; /* original bytes, marks included */
    char fold[UNIT_MAX];
    size_t fold_len;
};

struct search_tokenizer {
    const UNormalizer2 *nfkc_cf;
    const UNormalizer2 *nfd;
    opencc_t t2s;
    struct unit *units;
    size_t nunits, units_cap;
    uint32_t *t2s_cache; /* folded code point per Han code point, 0 = not
                            yet known, T2S_NONE = not a single one */
    uint32_t *led;       /* per folded Han code point: led_gen when a token
                            of the text being indexed began with it */
    uint32_t led_gen;    /* one per search_tokenize call in INDEX mode */
    uint8_t *t2s_same;   /* bit per Han code point: known to fold to
                            itself (search_char_count) */
};

/* The FTS5 side of one xTokenize call. */
struct fts5_ctx {
    void *ctx;
    int (*xToken)(void *, int, const char *, int, int, int);
    int rc;
};

enum cp_class { CP_SEP, CP_CJK, CP_WORD, CP_MARK };

static enum cp_class classify(unsigned cp);
static bool one_cjk(const char *s, size_t n);
static void fold_unit(struct search_tokenizer *tk,
                      const char *text,
                      unsigned cp,
                      size_t cp_len,
                      struct unit *u);
static void fold_run_t2s(struct search_tokenizer *tk);
static void t2s_unit(struct search_tokenizer *tk, struct unit *u);
static void t2s_one(struct search_tokenizer *tk, struct unit *u);
static size_t utf8_encode(unsigned cp, char *out);
static int emit_cjk_run(struct search_tokenizer *tk,
                        enum search_tokenize_mode mode,
                        bool word_follows,
                        search_token_fn *cb,
                        void *ctx);
static int emit_word(struct search_tokenizer *tk,
                     const char *text,
                     size_t start,
                     size_t end,
                     enum search_tokenize_mode mode,
                     search_token_fn *cb,
                     void *ctx);
static int fts5_token_cb(void *ctx,
                         unsigned flags,
                         const char *tok,
                         size_t len,
                         size_t start,
                         size_t end);
static int
fts5_create(void *pctx, const char **argv, int argc, Fts5Tokenizer **out);
static void fts5_delete(Fts5Tokenizer *t);
static int
fts5_tokenize(Fts5Tokenizer *t,
              void *ctx,
              int flags,
              const char *text,
              int len,
              int (*xToken)(void *, int, const char *, int, int, int));

static enum cp_class classify(unsigned cp)
{
    UErrorCode ec = U_ZERO_ERROR;
    UScriptCode sc;
    int8_t gc;

    if (cp < 0x80) {
        if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
            (cp >= 'A' && cp <= 'Z'))
            return CP_WORD;
        return CP_SEP;
    }
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
        return CP_CJK;
    gc = (int8_t)u_charType((UChar32)cp);
    if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK ||
        gc == U_COMBINING_SPACING_MARK)
        return CP_MARK;
    if (gc == U_UPPERCASE_LETTER || gc == U_LOWERCASE_LETTER ||
        gc == U_TITLECASE_LETTER || gc == U_MODIFIER_LETTER ||
        gc == U_OTHER_LETTER || gc == U_DECIMAL_DIGIT_NUMBER ||
        gc == U_LETTER_NUMBER || gc == U_OTHER_NUMBER) {
        sc = uscript_getScript((UChar32)cp, &ec);
        if (U_SUCCESS(ec) && (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA ||
                              sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL))
            return CP_CJK;
        return CP_WORD;
    }
    return CP_SEP;
}

/*
 * Is s[0..n) exactly one CJK character (classify)? A fold to anything
 * else (ゟ -> より, ヿ -> コト, half-width ﾞ -> a combining mark, ㈠ -> (一))
 * would make a token that the MATCH side splits differently, so such a
 * unit keeps its own character (the unit is found as typed).
 */
static bool one_cjk(const char *s, size_t n)
{
    unsigned cp;

    return n > 0 && utf8_decode(s, n, &cp) == n && classify(cp) == CP_CJK;
}

static void fold_unit(struct search_tokenizer *tk,
                      const char *text,
                      unsigned cp,
                      size_t cp_len,
                      struct unit *u)
{
    UChar in[4], out[UNIT_MAX];
    int32_t nin = 0, nout, n8 = 0;
    UErrorCode ec = U_ZERO_ERROR;

    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) {
        memcpy(u->fold, text, cp_len);
        u->fold_len = cp_len;
        return;
    }
    U16_APPEND_UNSAFE(in, nin, (UChar32)cp);
    nout = unorm2_normalize(tk->nfkc_cf, in, nin, out, UNIT_MAX, &ec);
    if (U_SUCCESS(ec))
        u_strToUTF8(u->fold, UNIT_MAX, &n8, out, nout, &ec);
    if (U_FAILURE(ec) || n8 <= 0 || n8 >= UNIT_MAX ||
        !one_cjk(u->fold, (size_t)n8)) {
        memcpy(u->fold, text, cp_len);
        u->fold_len = cp_len;
        return;
    }
    u->fold_len = (size_t)n8;
}

/* Encode cp (a valid scalar value) into out[0..4); returns its length. */
static size_t utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Convert one unit alone (the fallback when t2s changed a run's length). */
static void t2s_one(struct search_tokenizer *tk, struct unit *u)
{
    char *o = opencc_convert_utf8(tk->t2s, u->fold, u->fold_len);
    size_t n;

    if (!o)
        return;
    n = strlen(o);
    if (n > 0 && n < UNIT_MAX && one_cjk(o, n)) {
        memcpy(u->fold, o, n);
        u->fold_len = n;
    }
    opencc_convert_utf8_free(o);
}

/*
 * Fold every unit of the run to simplified. Conversion is per character
 * (never by phrase), so a character folds the same way in every context
 * and a query substring always finds the text it came from; results for
 * the main Han blocks are cached in t2s_cache.
 */
static void fold_run_t2s(struct search_tokenizer *tk)
{
    size_t i;

    for (i = 0; i < tk->nunits; i++)
        t2s_unit(tk, &tk->units[i]);
}

/* Fold one unit to simplified, through the cache where it applies. */
static void t2s_unit(struct search_tokenizer *tk, struct unit *u)
{
    unsigned cp, to;
    size_t n;

    n = utf8_decode(u->fold, u->fold_len, &cp);
    if (n != u->fold_len || cp < T2S_FIRST || cp > T2S_LAST) {
        t2s_one(tk, u);
        return;
    }
    to = tk->t2s_cache[cp - T2S_FIRST];
    if (to == 0) {
        t2s_one(tk, u);
        if (utf8_decode(u->fold, u->fold_len, &to) != u->fold_len)
            to = T2S_NONE;
        tk->t2s_cache[cp - T2S_FIRST] = to;
        return;
    }
    if (to != T2S_NONE && to != cp)
        u->fold_len = utf8_encode(to, u->fold);
}

/*
 * INDEX mode: note that a token began with unit u's folded character;
 * returns whether one had already (characters outside the cached Han
 * range are never counted as seen, so their unigrams are always kept).
 */
static bool led_test_set(struct search_tokenizer *tk, const struct unit *u)
{
    unsigned cp;
    uint32_t *slot;
    bool seen;

    if (utf8_decode(u->fold, u->fold_len, &cp) != u->fold_len ||
        cp < T2S_FIRST || cp > T2S_LAST)
        return false;
    slot = &tk->led[cp - T2S_FIRST];
    seen = *slot == tk->led_gen;
    *slot = tk->led_gen;
    return seen;
}

/* Where a CJK unit stands in its run, as walk_units reports it. */
enum unit_role {
    UNIT_BEGINS_BIGRAM, /* another character of the run follows */
    UNIT_LONE,          /* a run of one */
    UNIT_RUN_FINAL,     /* the last of a run of two or more */
};

/* Called by walk_units for each CJK unit, in text order. */
typedef void unit_fn(void *ctx,
                     const struct unit *u,
                     enum unit_role role,
                     bool word_follows);

/*
 * Every CJK unit of text[0..len) folded (fold_unit + t2s_unit) with its
 * role, the runs of search_tokenize (marks belong to the character before
 * them); word_follows: a letter or digit comes right after a run-final
 * unit.
 */
static void walk_units(struct search_tokenizer *tk,
                       const char *text,
                       size_t len,
                       unit_fn *fn,
                       void *ctx)
{
    size_t pos = 0, step, run = 0;
    struct unit last = { 0 };
    enum cp_class cls;
    unsigned cp = 0;

    while (pos <= len) {
        cls = CP_SEP;
        step = 1;
        if (pos < len) {
            step = utf8_decode(text + pos, len - pos, &cp);
            if (step == 0)
                step = 1;
            else
                cls = classify(cp);
        }
        if (cls == CP_MARK && run > 0) {
            pos += step;
            continue;
        }
        if (cls == CP_CJK) {
            if (run++ > 0)
                fn(ctx, &last, UNIT_BEGINS_BIGRAM, false);
            fold_unit(tk, text + pos, cp, step, &last);
            t2s_unit(tk, &last);
        } else {
            if (run == 1)
                fn(ctx, &last, UNIT_LONE, false);
            else if (run > 1)
                fn(ctx, &last, UNIT_RUN_FINAL, cls == CP_WORD);
            run = 0;
        }
        pos += step;
    }
}

static void leader_cb(void *ctx,
                      const struct unit *u,
                      enum unit_role role,
                      bool word_follows)
{
    (void)word_follows;
    if (role != UNIT_RUN_FINAL)
        (void)led_test_set(ctx, u);
}

/*
 * INDEX mode, before any token: mark every folded Han character that
 * begins a bigram or is a lone character anywhere in text[0..len).
 */
static void
mark_leaders(struct search_tokenizer *tk, const char *text, size_t len)
{
    walk_units(tk, text, len, leader_cb, tk);
}

/*
 * The tokens of the CJK run in tk->units: bigrams, a unigram for a lone
 * character, and in DOCUMENT and INDEX modes the colocated run-final
 * unigram (INDEX: only where search.h says; word_follows: a letter or
 * digit comes right after the run).
 */
static int emit_cjk_run(struct search_tokenizer *tk,
                        enum search_tokenize_mode mode,
                        bool word_follows,
                        search_token_fn *cb,
                        void *ctx)
{
    char tok[2 * UNIT_MAX];
    size_t i, n = tk->nunits;
    const struct unit *a, *b;
    bool index = mode == SEARCH_TOKENIZE_INDEX;
    int r;

    if (n == 0)
        return 0;
    fold_run_t2s(tk);
    if (n == 1) {
        a = &tk->units[0];
        if (index)
            (void)led_test_set(tk, a);
        return cb(ctx, SEARCH_TOKEN_CJK | SEARCH_TOKEN_UNIGRAM, a->fold,
                  a->fold_len, a->start, a->end);
    }
    for (i = 0; i + 1 < n; i++) {
        a = &tk->units[i];
        b = &tk->units[i + 1];
        if (index)
            (void)led_test_set(tk, a);
        memcpy(tok, a->fold, a->fold_len);
        memcpy(tok + a->fold_len, b->fold, b->fold_len);
        r = cb(ctx, SEARCH_TOKEN_CJK, tok, a->fold_len + b->fold_len, a->start,
               b->end);
        if (r)
            return r;
    }
    if (mode == SEARCH_TOKENIZE_DOCUMENT || index) {
        a = &tk->units[n - 1];
        if (index && led_test_set(tk, a) && !word_follows)
            return 0;
        return cb(ctx,
                  SEARCH_TOKEN_CJK | SEARCH_TOKEN_UNIGRAM |
                      SEARCH_TOKEN_COLOCATED,
                  a->fold, a->fold_len, a->start, a->end);
    }
    return 0;
}

size_t search_suffix_cut(const char *tok, size_t len)
{
    size_t i = 0, n = 0, step;
    unsigned cp;

    while (i < len && n < SEARCH_SUFFIX_MAX_CHARS) {
        step = utf8_decode(tok + i, len - i, &cp);
        if (step == 0)
            step = 1;
        if (i + step > SEARCH_SUFFIX_MAX_BYTES)
            break;
        i += step;
        n++;
    }
    return i;
}

/*
 * Remove the accents of Latin, Greek and Cyrillic letters from the folded
 * word w[0..n) in place: NFD, then drop the nonspacing marks (Mn) that
 * follow a letter of those scripts, so Département, Departement and
 * DÉPARTEMENT are one token (OCR of old European papers often loses
 * accents). Marks of other scripts (Devanagari, Thai, ...) change the
 * letter and are kept. Returns the new length, -1 when ICU refuses.
 */
static int32_t strip_accents(struct search_tokenizer *tk, UChar *w, int32_t n)
{
    UChar nfd[WORD_U16_MAX * 2];
    UErrorCode ec = U_ZERO_ERROR;
    int32_t nn, i = 0, o = 0;
    UChar32 c;
    UScriptCode base = USCRIPT_INVALID_CODE;

    nn = unorm2_normalize(tk->nfd, w, n, nfd, WORD_U16_MAX * 2, &ec);
    if (U_FAILURE(ec))
        return -1;
    while (i < nn) {
        int32_t at = i;

        U16_NEXT(nfd, i, nn, c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            if (base == USCRIPT_LATIN || base == USCRIPT_GREEK ||
                base == USCRIPT_CYRILLIC)
                continue;
        } else {
            base = uscript_getScript(c, &ec);
            if (U_FAILURE(ec))
                return -1;
        }
        while (at < i && o < WORD_U16_MAX * 2)
            w[o++] = nfd[at++];
    }
    return o;
}

/*
 * Fold text[start, end) (letters, digits, marks) with NFKC_Casefold into
 * out[0..cap); returns the folded length, 0 when ICU refuses.
 */
static size_t fold_word(struct search_tokenizer *tk,
                        const char *text,
                        size_t start,
                        size_t end,
                        char *out,
                        size_t cap)
{
    UChar in16[WORD_U16_MAX], out16[WORD_U16_MAX * 2];
    int32_t n16 = 0, nout, n8 = 0;
    UErrorCode ec = U_ZERO_ERROR;
    size_t i, len = end - start;
    bool ascii = true;

    for (i = start; i < end; i++)
        if ((unsigned char)text[i] >= 0x80)
            ascii = false;
    if (ascii && len <= cap) {
        for (i = 0; i < len; i++) {
            char c = text[start + i];
            out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        return len;
    }
    u_strFromUTF8(in16, WORD_U16_MAX, &n16, text + start, (int32_t)len, &ec);
    if (U_FAILURE(ec))
        return 0;
    nout =
        unorm2_normalize(tk->nfkc_cf, in16, n16, out16, WORD_U16_MAX * 2, &ec);
    if (U_FAILURE(ec))
        return 0;
    nout = strip_accents(tk, out16, nout);
    if (nout < 0)
        return 0;
    if (nout > 0 && (u_charType(out16[0]) == U_NON_SPACING_MARK ||
                     u_charType(out16[0]) == U_ENCLOSING_MARK ||
                     u_charType(out16[0]) == U_COMBINING_SPACING_MARK)) {
        /*
         * a fold that begins with a mark (half-width ﾞ -> U+3099): a MATCH
         * string would attach it to the token before, so the word keeps
         * its own characters
         */
        if (len > cap)
            return 0;
        memcpy(out, text + start, len);
        return len;
    }
    u_strToUTF8(out, (int32_t)cap, &n8, out16, nout, &ec);
    if (U_FAILURE(ec) || n8 <= 0)
        return 0;
    return (size_t)n8;
}

/*
 * The colocated suffix tokens of the word text[start, end): one per
 * character after the first (a letter with its marks is one character),
 * each folded from a window of SEARCH_SUFFIX_MAX_CHARS characters and cut
 * with search_suffix_cut.
 */
static int emit_suffixes(struct search_tokenizer *tk,
                         const char *text,
                         size_t start,
                         size_t end,
                         search_token_fn *cb,
                         void *ctx)
{
    char tok[1 + WORD_MAX * 3];
    size_t k, w, step, n, units;
    unsigned cp;
    int r;

    tok[0] = SEARCH_SUFFIX_MARK;
    k = start + utf8_decode(text + start, end - start, &cp);
    for (; k < end; k += step) {
        step = utf8_decode(text + k, end - k, &cp);
        if (step == 0)
            return 0; /* not expected: word runs are valid UTF-8 */
        if (classify(cp) == CP_MARK)
            continue;
        /* the window: SEARCH_SUFFIX_MAX_CHARS characters from k */
        for (w = k, units = 0; w < end; w += n) {
            n = utf8_decode(text + w, end - w, &cp);
            if (n == 0)
                break;
            if (classify(cp) != CP_MARK && units++ == SEARCH_SUFFIX_MAX_CHARS)
                break;
        }
        n = fold_word(tk, text, k, w, tok + 1, sizeof(tok) - 1);
        if (n == 0)
            continue;
        n = search_suffix_cut(tok + 1, n);
        r = cb(ctx, SEARCH_TOKEN_COLOCATED | SEARCH_TOKEN_SUFFIX, tok, n + 1, k,
               w);
        if (r)
            return r;
    }
    return 0;
}

/*
 * The word text[start, end) as one folded token; in documents followed
 * by its suffixes; marked: a suffix token of a MATCH expression.
 */
static int emit_word(struct search_tokenizer *tk,
                     const char *text,
                     size_t start,
                     size_t end,
                     enum search_tokenize_mode mode,
                     search_token_fn *cb,
                     void *ctx)
{
    char out8[1 + WORD_MAX * 3];
    size_t n;
    int r;
    bool marked = mode == SEARCH_TOKENIZE_MATCH && start > 0 &&
                  text[start - 1] == SEARCH_SUFFIX_MARK;

    out8[0] = SEARCH_SUFFIX_MARK;
    n = fold_word(tk, text, start, end, out8 + 1, sizeof(out8) - 1);
    if (n == 0)
        return 0;
    if (marked)
        return cb(ctx, SEARCH_TOKEN_SUFFIX, out8, n + 1, start - 1, end);
    r = cb(ctx, 0, out8 + 1, n, start, end);
    if (r == 0 &&
        (mode == SEARCH_TOKENIZE_DOCUMENT || mode == SEARCH_TOKENIZE_INDEX))
        r = emit_suffixes(tk, text, start, end, cb, ctx);
    return r;
}

enum folio_rc search_tokenize(struct search_tokenizer *tk,
                              const char *text,
                              size_t len,
                              enum search_tokenize_mode mode,
                              search_token_fn *cb,
                              void *ctx,
                              struct folio_err *err)
{
    size_t pos = 0, step, word_start = 0;
    enum cp_class cls, run = CP_SEP;
    unsigned cp;
    int r = 0;

    tk->nunits = 0;
    if (mode == SEARCH_TOKENIZE_INDEX && ++tk->led_gen == 0) {
        memset(tk->led, 0, (T2S_LAST - T2S_FIRST + 1) * sizeof(*tk->led));
        tk->led_gen = 1;
    }
    if (mode == SEARCH_TOKENIZE_INDEX)
        mark_leaders(tk, text, len);
    while (pos <= len && r == 0) {
        if (pos == len) {
            cls = CP_SEP;
            step = 1;
            cp = 0;
        } else {
            step = utf8_decode(text + pos, len - pos, &cp);
            if (step == 0) {
                cls = CP_SEP;
                step = 1;
            } else {
                cls = classify(cp);
            }
        }
        if (cls == CP_MARK && run == CP_CJK) {
            tk->units[tk->nunits - 1].end = pos + step;
            pos += step;
            continue;
        }
        if (cls == CP_MARK && run == CP_WORD) {
            if (pos + step - word_start > WORD_MAX) {
                r = emit_word(tk, text, word_start, pos, mode, cb, ctx);
                run = CP_SEP;
            }
            pos += step;
            continue;
        }
        if (cls == CP_MARK)
            cls = CP_SEP; /* a mark with nothing to attach to */
        if (run == CP_WORD &&
            (cls != CP_WORD || pos + step - word_start > WORD_MAX)) {
            r = emit_word(tk, text, word_start, pos, mode, cb, ctx);
            run = CP_SEP;
        } else if (run == CP_CJK && cls != CP_CJK) {
            r = emit_cjk_run(tk, mode, cls == CP_WORD, cb, ctx);
            tk->nunits = 0;
            run = CP_SEP;
        }
        if (r)
            break;
        if (cls == CP_WORD && run != CP_WORD) {
            run = CP_WORD;
            word_start = pos;
        } else if (cls == CP_CJK) {
            run = CP_CJK;
            if (tk->nunits == tk->units_cap) {
                tk->units_cap = tk->units_cap ? 2 * tk->units_cap : 64;
                tk->units =
                    xreallocarray(tk->units, tk->units_cap, sizeof(*tk->units));
            }
            tk->units[tk->nunits].start = pos;
            tk->units[tk->nunits].end = pos + step;
            fold_unit(tk, text + pos, cp, step, &tk->units[tk->nunits]);
            tk->nunits++;
        }
        pos += step;
    }
    tk->nunits = 0;
    if (r)
        return err_set(err, FOLIO_ERR_INVALID, NULL, "tokenizer stopped");
    return FOLIO_OK;
}

enum folio_rc search_tokenizer_new(struct search_tokenizer **out,
                                   struct folio_err *err)
{
    struct search_tokenizer *tk;
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCCasefoldInstance(&ec);
    const UNormalizer2 *nfd = NULL;
    opencc_t cc;

    if (U_FAILURE(ec) || !n)
        return err_set(err, FOLIO_ERR_UNSUPPORTED, "icu",
                       "cannot load the NFKC_Casefold normaliser: %s",
                       u_errorName(ec));
    nfd = unorm2_getNFDInstance(&ec);
    if (U_FAILURE(ec) || !nfd)
        return err_set(err, FOLIO_ERR_UNSUPPORTED, "icu",
                       "cannot load the NFD normaliser: %s", u_errorName(ec));
    cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (cc == (opencc_t)-1)
        return err_set(err, FOLIO_ERR_UNSUPPORTED, "opencc",
                       "cannot load '%s': %s",
                       OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP, opencc_error());
    tk = xcalloc(1, sizeof(*tk));
    tk->nfkc_cf = n;
    tk->nfd = nfd;
    tk->t2s = cc;
    tk->t2s_cache = xcalloc(T2S_LAST - T2S_FIRST + 1, sizeof(uint32_t));
    tk->led = xcalloc(T2S_LAST - T2S_FIRST + 1, sizeof(uint32_t));
    tk->t2s_same = xcalloc((T2S_LAST - T2S_FIRST) / 8 + 1, 1);
    *out = tk;
    return FOLIO_OK;
}

void search_tokenizer_free(struct search_tokenizer *tk)
{
    if (!tk)
        return;
    opencc_close(tk->t2s);
    free(tk->units);
    free(tk->t2s_cache);
    free(tk->led);
    free(tk->t2s_same);
    free(tk);
}

enum folio_rc search_fold(struct search_tokenizer *tk,
                          const char *text,
                          size_t len,
                          char **out,
                          size_t *out_len,
                          struct folio_err *err)
{
    UChar *in16 = NULL, *n16 = NULL;
    int32_t nin = 0, nn = 0, n8 = 0;
    UErrorCode ec = U_ZERO_ERROR;
    char *s8 = NULL;
    struct buf b = BUF_INIT(SEARCH_FOLD_MAX_BYTES * 4);
    struct unit u;
    size_t i, step;
    unsigned cp;
    enum folio_rc rc = FOLIO_OK;

    if (len > SEARCH_FOLD_MAX_BYTES)
        return err_set(err, FOLIO_ERR_INVALID, "fold", "text over %d bytes",
                       SEARCH_FOLD_MAX_BYTES);
    in16 = xcalloc(len + 1, sizeof(*in16));
    u_strFromUTF8WithSub(in16, (int32_t)len + 1, &nin, text, (int32_t)len,
                         0xFFFD, NULL, &ec);
    if (U_SUCCESS(ec)) {
        nn = unorm2_normalize(tk->nfkc_cf, in16, nin, NULL, 0, &ec);
        if (ec == U_BUFFER_OVERFLOW_ERROR)
            ec = U_ZERO_ERROR;
        n16 = xcalloc((size_t)nn + 1, sizeof(*n16));
        nn = unorm2_normalize(tk->nfkc_cf, in16, nin, n16, nn + 1, &ec);
    }
    if (U_SUCCESS(ec)) {
        s8 = xcalloc((size_t)nn * 3 + 1, 1);
        u_strToUTF8(s8, nn * 3 + 1, &n8, n16, nn, &ec);
    }
    if (U_FAILURE(ec)) {
        rc = err_set(err, FOLIO_ERR_INVALID, "fold", "cannot fold: %s",
                     u_errorName(ec));
        goto out;
    }
    for (i = 0; i < (size_t)n8; i += step) {
        step = utf8_decode(s8 + i, (size_t)n8 - i, &cp);
        if (step == 0 || step >= UNIT_MAX) {
            step = 1;
            continue;
        }
        memcpy(u.fold, s8 + i, step);
        u.fold_len = step;
        if (classify(cp) == CP_CJK)
            t2s_unit(tk, &u);
        buf_add(&b, u.fold, u.fold_len);
    }
    if (buf_status(&b) != FOLIO_OK) {
        rc = err_set(err, FOLIO_ERR_INVALID, "fold", "folded text too long");
        goto out;
    }
    *out_len = b.len;
    *out = buf_detach(&b, NULL);
out:
    buf_release(&b);
    free(in16);
    free(n16);
    free(s8);
    return rc;
}

/* SQL folio_fold(text): search_fold, NULL for NULL (search.h). */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct search_tokenizer *tk = sqlite3_user_data(ctx);
    const char *t;
    char *out = NULL;
    size_t n = 0;

    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    t = (const char *)sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (search_fold(tk, t, (size_t)sqlite3_value_bytes(argv[0]), &out, &n,
                    NULL) != FOLIO_OK) {
        sqlite3_result_value(ctx, argv[0]); /* too long: as it is */
        return;
    }
    sqlite3_result_text(ctx, out, (int)n, free);
}

/* The folded form of one CJK character, as emit_cjk_run() folds a unit. */
static void fold_cjk(struct search_tokenizer *tk,
                     const char *text,
                     unsigned cp,
                     size_t cp_len,
                     struct unit *u)
{
    fold_unit(tk, text, cp, cp_len, u);
    t2s_unit(tk, u);
}

/*
 * search_char_count with no limit: the hits of the prefix query in the
 * index's own token stream (SEARCH_TOKENIZE_INDEX): every occurrence of
 * want that begins a bigram or is a lone character, and the run-final
 * ones whose unigram the index keeps (a letter or digit follows the run,
 * or the first one when nothing else begins with the character; all of
 * them for a character outside the main Han blocks).
 */
/* index_hits' count of one character. */
struct hit_count {
    const struct unit *want;
    size_t begins, finals, finals_word;
    bool final_seen, first_final_alone;
};

static void
hit_cb(void *ctx, const struct unit *u, enum unit_role role, bool word_follows)
{
    struct hit_count *h = ctx;

    if (u->fold_len != h->want->fold_len ||
        memcmp(u->fold, h->want->fold, u->fold_len) != 0)
        return;
    if (role != UNIT_RUN_FINAL) {
        h->begins++;
        return;
    }
    h->finals++;
    if (word_follows)
        h->finals_word++;
    else if (!h->final_seen)
        h->first_final_alone = true;
    h->final_seen = true;
}

static size_t index_hits(struct search_tokenizer *tk,
                         const char *text,
                         size_t len,
                         const struct unit *want)
{
    struct hit_count h = { .want = want };
    unsigned w;

    walk_units(tk, text, len, hit_cb, &h);
    if (utf8_decode(want->fold, want->fold_len, &w) != want->fold_len ||
        w < T2S_FIRST || w > T2S_LAST)
        return h.begins + h.finals; /* outside the main Han blocks: every
                                       unigram is kept */
    return h.begins + h.finals_word + (h.begins == 0 && h.first_final_alone);
}

size_t search_char_count(struct search_tokenizer *tk,
                         const char *text,
                         size_t len,
                         const char *ch,
                         size_t ch_len,
                         size_t max)
{
    struct unit u, want;
    size_t i, n = 0, step = 1;
    unsigned cp = 0, to, want_cp = 0, k;
    bool single;

    for (i = 0; i < ch_len; i += step) {
        step = utf8_decode(ch + i, ch_len - i, &cp);
        if (step == 0)
            step = 1;
        else if (classify(cp) == CP_CJK)
            break;
    }
    if (i >= ch_len)
        return 0;
    fold_cjk(tk, ch + i, cp, step, &want);
    single = utf8_decode(want.fold, want.fold_len, &want_cp) == want.fold_len;
    for (i = 0; i < len && (max == 0 || n < max); i += step) {
        const unsigned char *b = (const unsigned char *)text + i;
        step = 1;
        if (b[0] < 0x80)
            continue;
        if ((b[0] & 0xF0) == 0xE0 && len - i >= 3 && (b[1] & 0xC0) == 0x80 &&
            (b[2] & 0xC0) == 0x80) {
            /* three bytes, as nearly all of Chinese text (no overlong
               form or surrogate decodes into the ranges tested below) */
            cp = ((unsigned)(b[0] & 0x0F) << 12) |
                 ((unsigned)(b[1] & 0x3F) << 6) | (unsigned)(b[2] & 0x3F);
            step = 3;
            if (cp < 0x3400 && !(cp >= 0x2010 && cp <= 0x2027) &&
                !(cp >= 0x3001 && cp <= 0x3003) &&
                !(cp >= 0x3008 && cp <= 0x3011))
                step = utf8_decode(text + i, len - i, &cp);
            else if (cp < 0x3400 || (cp >= 0xFF01 && cp <= 0xFF0F) ||
                     (cp >= 0xFF1A && cp <= 0xFF20))
                continue; /* common punctuation: never CJK */
        } else {
            step = utf8_decode(text + i, len - i, &cp);
        }
        if (step == 0) {
            step = 1;
            continue;
        }
        if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) {
            /*
             * the main blocks: most characters fold to themselves (a
             * bitmap small enough for the L1 cache), else the cached
             * fold, once known
             */
            k = cp - T2S_FIRST;
            if (tk->t2s_same[k >> 3] & (1u << (k & 7))) {
                n += single && cp == want_cp;
                continue;
            }
            to = tk->t2s_cache[k];
            if (to == cp)
                tk->t2s_same[k >> 3] |= (uint8_t)(1u << (k & 7));
            if (to != 0 && to != T2S_NONE) {
                n += single && to == want_cp;
                continue;
            }
        } else if (classify(cp) != CP_CJK) {
            continue;
        }
        fold_cjk(tk, text + i, cp, step, &u);
        n += u.fold_len == want.fold_len &&
             memcmp(u.fold, want.fold, u.fold_len) == 0;
    }
    return n;
}

size_t search_char_index_hits(struct search_tokenizer *tk,
                              const char *text,
                              size_t len,
                              const char *ch,
                              size_t ch_len)
{
    struct unit want;
    size_t i, step = 1;
    unsigned cp = 0;

    for (i = 0; i < ch_len; i += step) {
        step = utf8_decode(ch + i, ch_len - i, &cp);
        if (step == 0)
            step = 1;
        else if (classify(cp) == CP_CJK)
            break;
    }
    if (i >= ch_len)
        return 0;
    fold_cjk(tk, ch + i, cp, step, &want);
    return index_hits(tk, text, len, &want);
}

/*
 * SQL folio_char_count(text, ch [, max]): search_char_count, 0 for a
 * NULL text or ch (search.h).
 */
static void sql_char_count(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct search_tokenizer *tk = sqlite3_user_data(ctx);
    const char *t, *ch;
    sqlite3_int64 max = 0;

    if (argc < 2 || argc > 3) {
        sqlite3_result_error(ctx, SEARCH_CHAR_COUNT_SQL "(text, ch [, max])",
                             -1);
        return;
    }
    if (argc == 3)
        max = sqlite3_value_int64(argv[2]);
    t = (const char *)sqlite3_value_text(argv[0]);
    ch = (const char *)sqlite3_value_text(argv[1]);
    if (!t || !ch) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)search_char_count(
                                  tk, t, (size_t)sqlite3_value_bytes(argv[0]),
                                  ch, (size_t)sqlite3_value_bytes(argv[1]),
                                  max > 0 ? (size_t)max : 0));
}

/* ---- FTS5 glue ---------------------------------------------------------*/

static int fts5_token_cb(void *ctx,
                         unsigned flags,
                         const char *tok,
                         size_t len,
                         size_t start,
                         size_t end)
{
    struct fts5_ctx *f = ctx;

    f->rc = f->xToken(
        f->ctx, (flags & SEARCH_TOKEN_COLOCATED) ? FTS5_TOKEN_COLOCATED : 0,
        tok, (int)len, (int)start, (int)end);
    return f->rc != SQLITE_OK;
}

static int
fts5_create(void *pctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)argv;
    (void)argc;
    *out = pctx;
    return SQLITE_OK;
}

static void fts5_delete(Fts5Tokenizer *t)
{
    (void)t; /* owned by whoever registered it */
}

static int
fts5_tokenize(Fts5Tokenizer *t,
              void *ctx,
              int flags,
              const char *text,
              int len,
              int (*xToken)(void *, int, const char *, int, int, int))
{
    struct search_tokenizer *tk = (struct search_tokenizer *)t;
    struct fts5_ctx f = { .ctx = ctx, .xToken = xToken, .rc = SQLITE_OK };
    enum search_tokenize_mode mode = SEARCH_TOKENIZE_DOCUMENT;

    if (flags & FTS5_TOKENIZE_QUERY)
        mode = SEARCH_TOKENIZE_MATCH;
    else if (flags & FTS5_TOKENIZE_DOCUMENT)
        mode = SEARCH_TOKENIZE_INDEX; /* insert and delete alike */

    if (len < 0 || !text)
        return SQLITE_OK;
    if (search_tokenize(tk, text, (size_t)len, mode, fts5_token_cb, &f, NULL) !=
            FOLIO_OK &&
        f.rc == SQLITE_OK)
        f.rc = SQLITE_ERROR;
    return f.rc;
}

enum folio_rc search_fts5_register(struct search_tokenizer *tk,
                                   sqlite3 *db,
                                   struct folio_err *err)
{
    fts5_api *api = NULL;
    sqlite3_stmt *s = NULL;
    fts5_tokenizer t = { fts5_create, fts5_delete, fts5_tokenize };
    enum folio_rc rc = FOLIO_OK;

    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK) {
        rc = err_set(err, FOLIO_ERR_DB, "sqlite", "no fts5: %s",
                     sqlite3_errmsg(db));
        goto out;
    }
    sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
    (void)sqlite3_step(s);
    if (!api || api->iVersion < 2) {
        rc = err_set(err, FOLIO_ERR_DB, "sqlite",
                     "this SQLite has no usable fts5_api");
        goto out;
    }
    if (api->xCreateTokenizer(api, SEARCH_TOKENIZER_NAME, tk, &t, NULL) !=
        SQLITE_OK) {
        rc = err_set(err, FOLIO_ERR_DB, "sqlite",
                     "cannot register tokenizer '%s': %s",
                     SEARCH_TOKENIZER_NAME, sqlite3_errmsg(db));
        goto out;
    }
    if (sqlite3_create_function_v2(
            db, SEARCH_FOLD_SQL, 1,
            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, tk, sql_fold,
            NULL, NULL, NULL) != SQLITE_OK) {
        rc = err_set(err, FOLIO_ERR_DB, "sqlite",
                     "cannot register function '%s': %s", SEARCH_FOLD_SQL,
                     sqlite3_errmsg(db));
        goto out;
    }
    if (sqlite3_create_function_v2(
            db, SEARCH_CHAR_COUNT_SQL, -1,
            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, tk,
            sql_char_count, NULL, NULL, NULL) != SQLITE_OK) {
        rc = err_set(err, FOLIO_ERR_DB, "sqlite",
                     "cannot register function '%s': %s", SEARCH_CHAR_COUNT_SQL,
                     sqlite3_errmsg(db));
        goto out;
    }
out:
    sqlite3_finalize(s);
    return rc;
}
