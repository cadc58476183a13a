/* SPDX-License-Identifier: MIT */
/*
 * search_query.c - the reader's query language (search.h): parsing into
 * terms and filters, the FTS5 MATCH expression built from our own tokens
 * (user text never reaches FTS5 syntax), term marks in any text, and the
 * ICU word test used for ranking.
 */
#include "base/compat.h"

#include "search/search.h"

#include "base/date.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MATCH_MAX_BYTES (64 * 1024)

/* One query token with where it came from in the term text. */
struct qtok {
    char text[64];
    size_t len;
    unsigned flags;
    size_t start, end;
};

struct qtoks {
    struct qtok *v;
    size_t n, cap;
};

/* Document tokens of a text, grouped by position (colocated together). */
struct dtok {
    struct qtok t;
    size_t pos;
};

struct dtoks {
    struct dtok *v;
    size_t n, cap, pos;
};

static bool is_space(const char *s, size_t len, size_t *step);
static bool is_quote(const char *s, size_t len, size_t *step);
static void term_add(struct search_parsed *p,
                     const char *s,
                     size_t len,
                     bool negated,
                     bool phrase);
static FOLIO_MUST_USE enum folio_rc filter(struct search_parsed *p,
                                           const char *s,
                                           size_t len,
                                           bool *taken,
                                           struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc set_date(char **slot,
                                             const char *v,
                                             size_t n,
                                             const char *what,
                                             struct folio_err *err);
static void terms_dedupe(struct search_parsed *p);
static FOLIO_MUST_USE enum folio_rc merge_fields(struct search_parsed *p,
                                                 const struct search_query *q,
                                                 struct folio_err *err);
static int qtok_cb(void *ctx,
                   unsigned flags,
                   const char *tok,
                   size_t len,
                   size_t start,
                   size_t end);
static int dtok_cb(void *ctx,
                   unsigned flags,
                   const char *tok,
                   size_t len,
                   size_t start,
                   size_t end);
static bool term_prefix(const struct qtoks *t, size_t term_len);
static bool term_infix(const struct qtoks *t, const char *text);
static void token_add(struct buf *out, const char *tok, size_t len);
static void phrase_add(struct buf *out,
                       const struct qtoks *t,
                       size_t from,
                       bool marked,
                       bool prefix);
static void term_add_match(struct buf *out,
                           const struct qtoks *t,
                           const char *text,
                           size_t term_len,
                           bool negated);
static size_t
mark_end(const char *text, size_t start, size_t n, size_t tok_end);
static bool dtok_match(const struct dtoks *d,
                       size_t pos,
                       const struct qtok *want,
                       bool prefix,
                       bool infix,
                       size_t *start,
                       size_t *end,
                       const char *text,
                       size_t len);
static int mark_cmp(const void *a, const void *b);

static bool is_space(const char *s, size_t len, size_t *step)
{
    unsigned char c = (unsigned char)s[0];

    *step = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' ||
        c == '\f' || c == '\v')
        return true;
    if (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
        *step = 3;
        return true;
    }
    return false;
}

static bool is_quote(const char *s, size_t len, size_t *step)
{
    *step = 1;
    if (s[0] == '"')
        return true;
    if (len >= 3 && (memcmp(s, "\xE2\x80\x9C", 3) == 0 ||  /* U+201C */
                     memcmp(s, "\xE2\x80\x9D", 3) == 0 ||  /* U+201D */
                     memcmp(s, "\xEF\xBC\x82", 3) == 0)) { /* U+FF02 */
        *step = 3;
        return true;
    }
    return false;
}

static void term_add(struct search_parsed *p,
                     const char *s,
                     size_t len,
                     bool negated,
                     bool phrase)
{
    struct search_term *t;

    p->terms = xreallocarray(p->terms, p->nterms + 1, sizeof(*p->terms));
    t = &p->terms[p->nterms++];
    memset(t, 0, sizeof(*t));
    t->text = xstrndup(s, len);
    t->negated = negated;
    t->phrase = phrase;
}

/*
 * Drop a term that repeats an earlier one (same text, same kind, same
 * sign), both outside OR groups: "的 的 的" is "的", but each repeat would
 * be one more FTS5 phrase to intersect (31 of them spent the whole time
 * budget). Terms inside OR groups are kept as typed. The kept terms are
 * moved down to [0, n); a dropped term has no OR link on either side, so
 * the links of the kept ones stay as they were.
 */
static void terms_dedupe(struct search_parsed *p)
{
    size_t i, j, n = 0;
    bool dup, alone;

    for (j = 0; j < p->nterms; j++) {
        struct search_term t = p->terms[j];
        alone = !t.or_next && (n == 0 || !p->terms[n - 1].or_next);
        dup = false;
        for (i = 0; alone && !dup && i < n; i++)
            dup = !p->terms[i].or_next &&
                  (i == 0 || !p->terms[i - 1].or_next) &&
                  p->terms[i].negated == t.negated &&
                  p->terms[i].phrase == t.phrase &&
                  strcmp(p->terms[i].text, t.text) == 0;
        if (dup)
            free(t.text);
        else
            p->terms[n++] = t;
    }
    p->nterms = n;
}

static enum folio_rc set_date(char **slot,
                              const char *v,
                              size_t n,
                              const char *what,
                              struct folio_err *err)
{
    char d[11];
    struct date dt;

    if (n != 10)
        return err_set(err, FOLIO_ERR_INVALID, what,
                       "'%.*s' is not a date (YYYY-MM-DD)",
                       (int)(n > 40 ? 40 : n), v);
    memcpy(d, v, 10);
    d[10] = '\0';
    if (!date_parse(d, 10, &dt))
        return err_set(err, FOLIO_ERR_INVALID, what,
                       "'%s' is not a date (YYYY-MM-DD)", d);
    free(*slot);
    *slot = xstrdup(d);
    return FOLIO_OK;
}

/* key:value filters; *taken false when s is not one (an ordinary word). */
static enum folio_rc filter(struct search_parsed *p,
                            const char *s,
                            size_t len,
                            bool *taken,
                            struct folio_err *err)
{
    const char *colon = memchr(s, ':', len);
    size_t klen, vlen;
    const char *v;
    char tmp[48];
    int page, y, m, d;

    *taken = false;
    if (!colon)
        return FOLIO_OK;
    klen = (size_t)(colon - s);
    v = colon + 1;
    vlen = len - klen - 1;
#define KEY(k) (klen == strlen(k) && memcmp(s, k, klen) == 0)
    if (!(KEY("paper") || KEY("from") || KEY("to") || KEY("date") ||
          KEY("page") || KEY("版") || KEY("section") || KEY("by") || KEY("md")))
        return FOLIO_OK;
    *taken = true;
    if (vlen == 0)
        return err_set(err, FOLIO_ERR_INVALID, "query",
                       "filter '%.*s:' needs a value", (int)klen, s);
    if (vlen > 200)
        return err_set(err, FOLIO_ERR_INVALID, "query",
                       "filter '%.*s:' value is too long", (int)klen, s);
    if (KEY("paper")) {
        free(p->paper);
        p->paper = xstrndup(v, vlen);
        if (!model_id_valid(p->paper, true))
            return err_set(err, FOLIO_ERR_INVALID, "query",
                           "'paper:%s' is not a paper id", p->paper);
        return FOLIO_OK;
    }
    if (KEY("from"))
        return set_date(&p->date_from, v, vlen, "from:", err);
    if (KEY("to"))
        return set_date(&p->date_to, v, vlen, "to:", err);
    if (KEY("date")) {
        const char *dots = NULL;
        size_t i;
        for (i = 0; i + 1 < vlen; i++)
            if (v[i] == '.' && v[i + 1] == '.')
                dots = v + i;
        if (dots) {
            enum folio_rc rc =
                set_date(&p->date_from, v, (size_t)(dots - v), "date:", err);
            if (rc != FOLIO_OK)
                return rc;
            return set_date(&p->date_to, dots + 2,
                            vlen - (size_t)(dots - v) - 2, "date:", err);
        }
        if (vlen == 10)
            return set_date(&p->date_from, v, vlen, "date:", err) ||
                           set_date(&p->date_to, v, vlen, "date:", err)
                       ? FOLIO_ERR_INVALID
                       : FOLIO_OK;
        if (vlen == 4 && sscanf(v, "%4d", &y) == 1 && y >= 1000) {
            (void)snprintf(tmp, sizeof(tmp), "%04d-01-01", y);
            free(p->date_from);
            p->date_from = xstrdup(tmp);
            (void)snprintf(tmp, sizeof(tmp), "%04d-12-31", y);
            free(p->date_to);
            p->date_to = xstrdup(tmp);
            return FOLIO_OK;
        }
        if (vlen == 7 && sscanf(v, "%4d-%2d", &y, &m) == 2 && y >= 1000 &&
            m >= 1 && m <= 12 && v[4] == '-') {
            (void)snprintf(tmp, sizeof(tmp), "%04d-%02d-01", y, m);
            free(p->date_from);
            p->date_from = xstrdup(tmp);
            (void)snprintf(tmp, sizeof(tmp), "%04d-%02d-31", y, m);
            free(p->date_to);
            p->date_to = xstrdup(tmp);
            return FOLIO_OK;
        }
        return err_set(err, FOLIO_ERR_INVALID,
                       "date:", "'%.*s' is not a date, year, month or range",
                       (int)(vlen > 40 ? 40 : vlen), v);
    }
    if (KEY("page")) {
        if (vlen > 3 || sscanf(v, "%3d", &page) != 1 || page < 1 ||
            page > MODEL_MAX_PAGES || v[0] < '0' || v[0] > '9' ||
            v[vlen - 1] < '0' || v[vlen - 1] > '9')
            return err_set(err, FOLIO_ERR_INVALID,
                           "page:", "'%.*s' is not a page number (1..999)",
                           (int)(vlen > 40 ? 40 : vlen), v);
        p->page = page;
        return FOLIO_OK;
    }
    if (KEY("版") || KEY("section")) {
        free(p->page_name);
        p->page_name = xstrndup(v, vlen);
        return FOLIO_OK;
    }
    if (KEY("by")) {
        free(p->byline);
        p->byline = xstrndup(v, vlen);
        return FOLIO_OK;
    }
    /* md:MM-DD, a day that some year has (02-29 in leap years) */
    if (vlen != 5 || v[2] != '-' || sscanf(v, "%2d-%2d", &m, &d) != 2 ||
        m < 1 || m > 12 || d < 1 || d > date_days_in_month(2000, m))
        return err_set(err, FOLIO_ERR_INVALID,
                       "md:", "'%.*s' is not a month and day (MM-DD)",
                       (int)(vlen > 40 ? 40 : vlen), v);
    (void)snprintf(tmp, sizeof(tmp), "%02d-%02d", m, d);
    free(p->month_day);
    p->month_day = xstrdup(tmp);
    return FOLIO_OK;
#undef KEY
}

static enum folio_rc merge_fields(struct search_parsed *p,
                                  const struct search_query *q,
                                  struct folio_err *err)
{
    char tmp[256];
    bool taken;
    enum folio_rc rc = FOLIO_OK;
    const struct {
        const char *key, *val;
    } f[] = {
        { "paper", q->paper },  { "from", q->date_from }, { "to", q->date_to },
        { "md", q->month_day }, { "版", q->page_name },   { "by", q->byline },
    };
    size_t i;
    int n;

    for (i = 0; i < ARRAY_SIZE(f) && rc == FOLIO_OK; i++) {
        if (!f[i].val || !*f[i].val)
            continue;
        n = snprintf(tmp, sizeof(tmp), "%s:%s", f[i].key, f[i].val);
        if (n < 0 || (size_t)n >= sizeof(tmp))
            return err_set(err, FOLIO_ERR_INVALID, f[i].key,
                           "filter value is too long");
        rc = filter(p, tmp, (size_t)n, &taken, err);
    }
    if (rc == FOLIO_OK && q->page) {
        if (q->page < 1 || q->page > MODEL_MAX_PAGES)
            return err_set(err, FOLIO_ERR_INVALID, "page",
                           "%d is not a page number (1..999)", q->page);
        p->page = q->page;
    }
    return rc;
}

enum folio_rc search_query_parse(const struct search_query *q,
                                 struct search_parsed *out,
                                 struct folio_err *err)
{
    struct search_parsed p = { 0 };
    const char *s = q->q ? q->q : "";
    size_t len = q->q_len ? q->q_len : strlen(s);
    size_t i = 0, step, start, or_at = 0;
    bool neg, taken, any_positive = false, or_pending = false;
    enum folio_rc rc = FOLIO_OK;

    if (len > SEARCH_MAX_QUERY_BYTES) {
        rc = err_set(err, FOLIO_ERR_INVALID, "query",
                     "query is longer than %d bytes", SEARCH_MAX_QUERY_BYTES);
        goto out;
    }
    while (i < len) {
        if (is_space(s + i, len - i, &step)) {
            i += step;
            continue;
        }
        neg = false;
        if (s[i] == '-' && i + 1 < len &&
            !is_space(s + i + 1, len - i - 1, &step)) {
            neg = true;
            i++;
        }
        if (is_quote(s + i, len - i, &step)) {
            i += step;
            start = i;
            while (i < len && !is_quote(s + i, len - i, &step))
                i++;
            term_add(&p, s + start, i - start, neg, true);
            if (i < len)
                i += step;
        } else {
            start = i;
            while (i < len && !is_space(s + i, len - i, &step) &&
                   !is_quote(s + i, len - i, &step))
                i++;
            if (!neg && p.nterms > 0 && !or_pending &&
                ((i - start == 2 && memcmp(s + start, "OR", 2) == 0) ||
                 (i - start == 1 && s[start] == '|'))) {
                /* an operator only between two terms, else a word */
                or_pending = true;
                or_at = start;
                continue;
            }
            rc = filter(&p, s + start, i - start, &taken, err);
            if (rc != FOLIO_OK)
                goto out;
            if (taken)
                continue;
            term_add(&p, s + start, i - start, neg, false);
        }
        if (or_pending && p.nterms >= 2 && !neg &&
            !p.terms[p.nterms - 2].negated)
            p.terms[p.nterms - 2].or_next = true;
        or_pending = false;
        if (p.nterms > SEARCH_MAX_TERMS) {
            rc = err_set(err, FOLIO_ERR_INVALID, "query",
                         "more than %d words in the query", SEARCH_MAX_TERMS);
            goto out;
        }
    }
    if (or_pending) /* "a OR" at the end: OR is a word */
        term_add(&p, s + or_at, s[or_at] == '|' ? 1 : 2, false, false);
    terms_dedupe(&p);
    rc = merge_fields(&p, q, err);
    if (rc != FOLIO_OK)
        goto out;
    for (i = 0; i < p.nterms; i++)
        if (!p.terms[i].negated)
            any_positive = true;
    /*
     * Only excluded terms ("-5", "-民生"): the '-' was text, not an
     * operator; search for the terms as typed (a '-' is punctuation).
     */
    for (i = 0; !any_positive && i < p.nterms; i++) {
        char *t = xmalloc(strlen(p.terms[i].text) + 2);
        t[0] = '-';
        memcpy(t + 1, p.terms[i].text, strlen(p.terms[i].text) + 1);
        free(p.terms[i].text);
        p.terms[i].text = t;
        p.terms[i].negated = false;
    }
    if (p.nterms == 0 && !p.paper && !p.date_from && !p.date_to &&
        !p.month_day && !p.page && !p.page_name && !p.byline) {
        rc = err_set(err, FOLIO_ERR_INVALID, "query", "nothing to search for");
        goto out;
    }
    *out = p;
    memset(&p, 0, sizeof(p));
out:
    search_parsed_release(&p);
    return rc;
}

void search_parsed_release(struct search_parsed *p)
{
    size_t i;

    if (!p)
        return;
    for (i = 0; i < p->nterms; i++)
        free(p->terms[i].text);
    free(p->terms);
    free(p->paper);
    free(p->date_from);
    free(p->date_to);
    free(p->month_day);
    free(p->page_name);
    free(p->byline);
    memset(p, 0, sizeof(*p));
}

static int qtok_cb(void *ctx,
                   unsigned flags,
                   const char *tok,
                   size_t len,
                   size_t start,
                   size_t end)
{
    struct qtoks *t = ctx;
    struct qtok *q;

    if (len >= sizeof(t->v[0].text))
        return 0; /* an absurd word: not searchable */
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
    }
    q = &t->v[t->n++];
    memcpy(q->text, tok, len);
    q->text[len] = '\0';
    q->len = len;
    q->flags = flags;
    q->start = start;
    q->end = end;
    return 0;
}

/*
 * The last token ends the term text and may continue in the document: a
 * lone CJK character (国 finds 国际) or a word (g2 finds g20).
 */
static bool term_prefix(const struct qtoks *t, size_t term_len)
{
    const struct qtok *last;

    if (t->n == 0)
        return false;
    last = &t->v[t->n - 1];
    return ((last->flags & SEARCH_TOKEN_UNIGRAM) ||
            !(last->flags & SEARCH_TOKEN_CJK)) &&
           last->end == term_len;
}

/*
 * The first token is a Latin word or number at the very start of the term
 * text (only combining marks or variation selectors before it, which a
 * cut may leave from the word's previous character): the text may have
 * been cut from inside a longer word (ina from china, 018 from 2018), so
 * it also matches a word's suffix tokens.
 */
static bool term_infix(const struct qtoks *t, const char *text)
{
    size_t i = 0, step;
    unsigned cp;
    int8_t gc;

    if (t->n == 0 || (t->v[0].flags & SEARCH_TOKEN_CJK))
        return false;
    for (; i < t->v[0].start; i += step) {
        step = utf8_decode(text + i, t->v[0].start - i, &cp);
        if (step == 0)
            return false;
        gc = (int8_t)u_charType((UChar32)cp);
        if (gc != U_NON_SPACING_MARK && gc != U_ENCLOSING_MARK &&
            gc != U_COMBINING_SPACING_MARK)
            return false;
    }
    return true;
}

/* tok[0..len) inside an FTS5 string: '"' doubled. */
static void token_add(struct buf *out, const char *tok, size_t len)
{
    size_t j;

    for (j = 0; j < len; j++) {
        if (tok[j] == '"')
            buf_addc(out, '"');
        buf_addc(out, tok[j]);
    }
}

/*
 * The tokens t->v[from..n) as one FTS5 phrase, the last one a prefix;
 * marked: the first token is a suffix token (the marker and its cut).
 */
static void phrase_add(struct buf *out,
                       const struct qtoks *t,
                       size_t from,
                       bool marked,
                       bool prefix)
{
    size_t i, len;

    buf_addc(out, '"');
    for (i = from; i < t->n; i++) {
        len = t->v[i].len;
        if (i > from)
            buf_addc(out, ' ');
        if (i == from && marked) {
            buf_addc(out, SEARCH_SUFFIX_MARK);
            len = search_suffix_cut(t->v[i].text, len);
        }
        token_add(out, t->v[i].text, len);
    }
    buf_addc(out, '"');
    if (prefix)
        buf_addc(out, '*');
}

/*
 * The first token is a lone CJK character and a separator follows it
 * (在，中国, "在 10", 外，). Where that character ends a longer run of the
 * text (现在，中国, 以外，) the index may hold no unigram for it (search.h,
 * SEARCH_TOKENIZE_INDEX: it is kept only when a letter or digit follows
 * the run directly, or when no other token of the text begins with the
 * character), so the phrase could miss the text.
 */
static bool term_lone_first(const struct qtoks *t, size_t term_len)
{
    if (t->n == 0 || !(t->v[0].flags & SEARCH_TOKEN_UNIGRAM))
        return false;
    return t->n > 1 ? t->v[1].start > t->v[0].end : t->v[0].end < term_len;
}

/*
 * One term as FTS5 syntax: its phrase; for a term that may start inside
 * a word, OR the same phrase with the first token matched against word
 * suffixes (search.h). A first token longer than a suffix token keeps
 * only its cut, as a prefix, and the rest of the phrase follows by AND
 * (more matches, never fewer). A term that begins with a lone character
 * and a separator (term_lone_first) is that character as a prefix AND
 * the phrase of the rest (or the prefix alone): every text with the term
 * and some without it (the marks show where it is); when excluded
 * (negated), its phrase, so an exclusion never removes a text without
 * the term.
 */
static void term_add_match(struct buf *out,
                           const struct qtoks *t,
                           const char *text,
                           size_t term_len,
                           bool negated)
{
    bool prefix = term_prefix(t, term_len);
    const struct qtok *first = &t->v[0];
    bool cut;

    if (!negated && term_lone_first(t, term_len)) {
        if (t->n == 1) {
            phrase_add(out, t, 0, false, true);
            return;
        }
        buf_adds(out, "(\"");
        token_add(out, first->text, first->len);
        buf_adds(out, "\"* AND ");
        phrase_add(out, t, 1, false, prefix);
        buf_addc(out, ')');
        return;
    }
    if (!term_infix(t, text)) {
        phrase_add(out, t, 0, false, prefix);
        return;
    }
    cut = search_suffix_cut(first->text, first->len) < first->len;
    buf_addc(out, '(');
    phrase_add(out, t, 0, false, prefix);
    buf_adds(out, " OR ");
    if (!cut) {
        phrase_add(out, t, 0, true, prefix);
    } else if (t->n == 1) {
        phrase_add(out, t, 0, true, true);
    } else {
        buf_addc(out, '(');
        buf_addc(out, '"');
        buf_addc(out, SEARCH_SUFFIX_MARK);
        token_add(out, first->text, search_suffix_cut(first->text, first->len));
        buf_adds(out, "\"* AND ");
        phrase_add(out, t, 1, false, prefix);
        buf_addc(out, ')');
    }
    buf_addc(out, ')');
}

enum folio_rc search_match_build(struct search_tokenizer *tk,
                                 const struct search_parsed *p,
                                 struct buf *out,
                                 bool *empty,
                                 struct folio_err *err)
{
    struct qtoks t = { 0 };
    struct buf pos = BUF_INIT(MATCH_MAX_BYTES), neg = BUF_INIT(MATCH_MAX_BYTES);
    enum folio_rc rc = FOLIO_OK;
    size_t i, ngroups = 0, in_group = 0;
    bool open = false;

    for (i = 0; i < p->nterms; i++) {
        const struct search_term *term = &p->terms[i];
        size_t tlen = strlen(term->text);
        t.n = 0;
        rc = search_tokenize(tk, term->text, tlen, SEARCH_TOKENIZE_QUERY,
                             qtok_cb, &t, err);
        if (rc != FOLIO_OK)
            goto out;
        if (term->negated) {
            if (t.n == 0)
                continue;
            buf_adds(&neg, " NOT ");
            term_add_match(&neg, &t, term->text, tlen, true);
            continue;
        }
        if (t.n > 0) {
            if (in_group == 0) {
                if (ngroups++)
                    buf_adds(&pos, " AND ");
                buf_addc(&pos, '(');
                open = true;
            } else {
                buf_adds(&pos, " OR ");
            }
            term_add_match(&pos, &t, term->text, tlen, false);
            in_group++;
        }
        if (!term->or_next && open) {
            buf_addc(&pos, ')');
            open = false;
            in_group = 0;
        }
    }
    if (open)
        buf_addc(&pos, ')');
    if (ngroups == 0 && neg.len > 0) {
        rc = err_set(err, FOLIO_ERR_INVALID, "query",
                     "a query needs a word that is not excluded");
        goto out;
    }
    if (buf_status(&pos) != FOLIO_OK || buf_status(&neg) != FOLIO_OK) {
        rc = err_set(err, FOLIO_ERR_INVALID, "query", "query is too long");
        goto out;
    }
    buf_reset(out);
    if (ngroups) {
        buf_add(out, pos.data, pos.len);
        buf_add(out, neg.data, neg.len);
    }
    if (buf_status(out) != FOLIO_OK) {
        rc = err_set(err, FOLIO_ERR_INVALID, "query", "query is too long");
        goto out;
    }
    *empty = ngroups == 0;
out:
    free(t.v);
    buf_release(&pos);
    buf_release(&neg);
    return rc;
}

/* ---- marks -------------------------------------------------------------*/

static int dtok_cb(void *ctx,
                   unsigned flags,
                   const char *tok,
                   size_t len,
                   size_t start,
                   size_t end)
{
    struct dtoks *d = ctx;
    struct dtok *x;

    if (len >= sizeof(d->v[0].t.text))
        return 0;
    if (!(flags & SEARCH_TOKEN_COLOCATED) && d->n > 0)
        d->pos++;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 64;
        d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
    }
    x = &d->v[d->n++];
    memcpy(x->t.text, tok, len);
    x->t.text[len] = '\0';
    x->t.len = len;
    x->t.flags = flags;
    x->t.start = start;
    x->t.end = end;
    x->pos = d->pos;
    return 0;
}

/*
 * Where a mark of n folded bytes from start ends in the original: exactly
 * there when those bytes are ASCII letters and digits (folding keeps
 * their length), else at tok_end, the end of the token.
 */
static size_t mark_end(const char *text, size_t start, size_t n, size_t tok_end)
{
    size_t i;
    char c;

    for (i = start; i < start + n; i++) {
        if (i >= tok_end)
            return tok_end;
        c = text[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z')))
            return tok_end;
    }
    return start + n;
}

/*
 * Does a token at position pos match want (as a prefix when prefix; also
 * a word's suffix tokens when infix)? Sets the marked bytes.
 */
static bool dtok_match(const struct dtoks *d,
                       size_t pos,
                       const struct qtok *want,
                       bool prefix,
                       bool infix,
                       size_t *start,
                       size_t *end,
                       const char *text,
                       size_t len)
{
    size_t lo = 0, hi = d->n, mid, i, tlen, wlen;
    const char *tt;
    unsigned cp;
    bool pre;

    while (lo < hi) {
        mid = (lo + hi) / 2;
        if (d->v[mid].pos < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (i = lo; i < d->n && d->v[i].pos == pos; i++) {
        const struct qtok *t = &d->v[i].t;
        tt = t->text;
        tlen = t->len;
        wlen = want->len;
        pre = prefix;
        if (t->flags & SEARCH_TOKEN_SUFFIX) {
            if (!infix)
                continue;
            tt++;
            tlen--;
            wlen = search_suffix_cut(want->text, want->len);
            pre = prefix || wlen < want->len;
        }
        if (tlen == wlen && memcmp(tt, want->text, wlen) == 0) {
            *start = t->start;
            *end = wlen < want->len
                       ? mark_end(text, t->start, want->len, t->end)
                       : t->end;
            return true;
        }
        if (pre && tlen > wlen && memcmp(tt, want->text, wlen) == 0) {
            size_t n = utf8_decode(text + t->start, len - t->start, &cp);
            *start = t->start;
            *end = (t->flags & SEARCH_TOKEN_CJK)
                       ? t->start + (n ? n : 1)
                       : mark_end(text, t->start, want->len, t->end);
            return true;
        }
    }
    return false;
}

static int mark_cmp(const void *a, const void *b)
{
    const struct search_mark *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len;
}

enum folio_rc search_marks(struct search_tokenizer *tk,
                           const char *q,
                           size_t q_len,
                           const char *text,
                           size_t len,
                           struct search_mark **out,
                           size_t *n,
                           struct folio_err *err)
{
    struct search_query sq = { .q = q, .q_len = q_len };
    struct search_parsed p = { 0 };
    struct qtoks t = { 0 };
    struct dtoks d = { 0 };
    struct search_mark *m = NULL;
    size_t nm = 0, i, j, k, s0 = 0, e0 = 0, s = 0, e = 0, w;
    bool prefix, infix, ok;
    enum folio_rc rc = FOLIO_OK;

    if (q_len > SEARCH_MAX_QUERY_BYTES)
        return err_set(err, FOLIO_ERR_INVALID, "query",
                       "query is longer than %d bytes", SEARCH_MAX_QUERY_BYTES);
    if (search_query_parse(&sq, &p, NULL) != FOLIO_OK || len == 0)
        goto done;
    rc = search_tokenize(tk, text, len, SEARCH_TOKENIZE_DOCUMENT, dtok_cb, &d,
                         err);
    if (rc != FOLIO_OK)
        goto out;
    for (i = 0; i < p.nterms; i++) {
        size_t tlen = strlen(p.terms[i].text);
        if (p.terms[i].negated)
            continue;
        t.n = 0;
        rc = search_tokenize(tk, p.terms[i].text, tlen, SEARCH_TOKENIZE_QUERY,
                             qtok_cb, &t, err);
        if (rc != FOLIO_OK)
            goto out;
        if (t.n == 0 || d.n == 0)
            continue;
        prefix = term_prefix(&t, tlen);
        infix = term_infix(&t, p.terms[i].text);
        for (j = 0; j <= d.pos; j++) {
            ok = true;
            for (k = 0; k < t.n && ok; k++) {
                ok = dtok_match(&d, j + k, &t.v[k], prefix && k + 1 == t.n,
                                infix && k == 0, &s, &e, text, len);
                if (k == 0)
                    s0 = s;
                e0 = e;
            }
            if (!ok)
                continue;
            m = xreallocarray(m, nm + 1, sizeof(*m));
            m[nm].start = s0;
            m[nm].len = e0 - s0;
            nm++;
        }
    }
done:
    if (nm > 1) {
        qsort(m, nm, sizeof(*m), mark_cmp);
        for (i = 1, w = 0; i < nm; i++) {
            if (m[i].start <= m[w].start + m[w].len) {
                size_t end = m[i].start + m[i].len;
                if (end > m[w].start + m[w].len)
                    m[w].len = end - m[w].start;
            } else {
                m[++w] = m[i];
            }
        }
        nm = w + 1;
    }
    *out = nm ? m : NULL;
    *n = nm;
    if (!nm)
        free(m);
    m = NULL;
out:
    free(m);
    free(t.v);
    free(d.v);
    search_parsed_release(&p);
    return rc;
}

bool search_is_word(const char *text, size_t len, size_t start, size_t end)
{
    UErrorCode ec = U_ZERO_ERROR;
    UText *ut = NULL;
    UBreakIterator *bi = NULL;
    bool word = false;

    if (start >= end || end > len || len > INT32_MAX)
        return false;
    ut = utext_openUTF8(NULL, text, (int64_t)len, &ec);
    bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &ec);
    if (U_SUCCESS(ec))
        ubrk_setUText(bi, ut, &ec);
    if (U_SUCCESS(ec))
        word = ubrk_isBoundary(bi, (int32_t)start) &&
               ubrk_isBoundary(bi, (int32_t)end);
    ubrk_close(bi);
    utext_close(ut);
    return word;
}

void search_results_free(struct search_results *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->nhits; i++) {
        free(r->hits[i].page_name);
        free(r->hits[i].article);
        free(r->hits[i].headline);
        free(r->hits[i].snippet);
        free(r->hits[i].marks);
    }
    free(r->hits);
    free(r->years);
    free(r->papers);
    free(r);
}
