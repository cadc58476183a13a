/* SPDX-License-Identifier: MIT */
/*
 * search.h - full-text search for Chinese newspapers: folio's own FTS5
 * tokenizer, the query language, and the result types the store fills.
 *
 * Tokens (the same for documents and queries, see docs/search.md):
 *  - a run of CJK characters (Han, kana, hangul) gives overlapping bigrams
 *    ("国际新闻" -> 国际 际新 新闻); a run of one character gives that
 *    unigram; in documents the last character of a longer run is also
 *    emitted as a unigram at the position of the last bigram
 *    (FTS5_TOKEN_COLOCATED) so that single-character queries work as
 *    prefix queries ("国"* matches 国际 and a run-final 国);
 *  - a run of letters, digits and combining marks gives one word, folded
 *    with Unicode NFKC_Casefold (ICU): "ＡＢＣ１２３" -> "abc123"; in
 *    documents followed by its colocated suffixes (SEARCH_SUFFIX_MARK),
 *    so that text cut from inside a word finds it (IN finds CHINA);
 *  - traditional characters are folded to simplified (OpenCC t2s), in
 *    documents and queries alike: 國際 and 国际 give the same token;
 *  - everything else (punctuation, spaces, emoji, symbols) separates.
 * Token offsets are byte offsets into the ORIGINAL text and always fall on
 * character boundaries, so FTS5 snippet() and highlight() mark the
 * original characters.
 *
 * Query language (search_query_parse): words and "quoted phrases" must all
 * occur; -word excludes; OR between two terms makes either enough;
 * filters: paper:ID, from:YYYY-MM-DD, to:YYYY-MM-DD (or
 * date:YYYY-MM-DD..YYYY-MM-DD, date:YYYY, date:YYYY-MM), page:N,
 * 版:NAME (or section:NAME), by:NAME (byline contains, both folded with
 * search_fold: by:張三 finds 张三), md:MM-DD (the same
 * month and day in any year, "历史上的今天"). Filters given in struct
 * search_query as fields combine with those in the text.
 * User text never reaches FTS5 syntax: the MATCH expression is built from
 * our own tokens, each double-quoted.
 */
#ifndef FOLIO_SEARCH_H
#define FOLIO_SEARCH_H

#include "base/compat.h"
#include "base/buf.h"
#include "base/err.h"
#include "model/model.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#define SEARCH_TOKENIZER_NAME     "folio"
#define SEARCH_MAX_QUERY_BYTES    4096 /* longer query text: INVALID */
#define SEARCH_MAX_TERMS          32   /* terms (words, phrases) per query */
#define SEARCH_MAX_LIMIT          1000 /* hits per call (limit 0 = this) */
#define SEARCH_DEFAULT_LIMIT      20
#define SEARCH_DEFAULT_TIMEOUT_MS 2000  /* wall-clock budget per search */
#define SEARCH_CANDIDATE_CAP      20000 /* ranked matches; see search.md */
#define SEARCH_SNIPPET_TOKENS     24    /* tokens of context in a snippet */

/* ---- tokenizer ---------------------------------------------------------*/

/* One tokenizer: ICU normaliser and an OpenCC converter. Not thread-safe. */
struct search_tokenizer;

enum search_token_flags {
    SEARCH_TOKEN_COLOCATED = 1 << 0, /* same position as the previous one */
    SEARCH_TOKEN_CJK = 1 << 1,       /* a CJK bigram or unigram */
    SEARCH_TOKEN_UNIGRAM = 1 << 2,   /* one CJK character */
    SEARCH_TOKEN_SUFFIX = 1 << 3,    /* SEARCH_SUFFIX_MARK + a word suffix */
};

/*
 * Infix matches in Latin words and numbers: in documents every word of
 * two or more characters is followed, colocated, by its proper suffixes
 * (china -> china, ~hina, ~ina, ~na, ~a), each the marker byte plus the
 * folded suffix cut to SEARCH_SUFFIX_MAX_CHARS characters (and at most
 * SEARCH_SUFFIX_MAX_BYTES bytes, see search_suffix_cut). A term that may
 * start inside a word then matches its first token against the word or
 * one of its suffixes: IN finds CHINA, 018 finds 2018. The marker keeps
 * suffixes apart from whole words, so the later words of a phrase still
 * match whole words only.
 */
#define SEARCH_SUFFIX_MARK      '\x01'
#define SEARCH_SUFFIX_MAX_CHARS 16
#define SEARCH_SUFFIX_MAX_BYTES 48

enum search_tokenize_mode {
    SEARCH_TOKENIZE_DOCUMENT, /* with run-final colocated unigrams and the
                                 colocated suffixes of words (marks,
                                 snippets; FTS5's auxiliary functions) */
    SEARCH_TOKENIZE_QUERY,    /* without them */
    /*
     * The MATCH expression as FTS5 tokenizes it (search_match_build's
     * output): like QUERY, but SEARCH_SUFFIX_MARK right before a word
     * makes it a suffix token. Text typed by readers is tokenized as
     * QUERY, where the marker byte only separates.
     */
    SEARCH_TOKENIZE_MATCH,
    /*
     * What FTS5 stores: DOCUMENT, less the run-final unigrams it can do
     * without. A CJK run of two or more characters keeps its run-final
     * unigram only when no other token of the same text begins with that
     * character (a bigram or lone character anywhere, or an earlier kept
     * run-final unigram), or when a letter or digit follows the run
     * directly (国10): a one-character query still finds the text through
     * a token that begins with its character, and a phrase that begins
     * with a lone character followed directly by a word finds it there.
     * Positions are DOCUMENT's (the unigram is colocated). A phrase that
     * begins with a lone character followed by a separator is searched
     * as that character AND the rest (search_match_build). Same text,
     * same tokens: FTS5 deletes with this stream too.
     */
    SEARCH_TOKENIZE_INDEX,
};

/*
 * Called once per token. tok[0..len) is the folded token (UTF-8, not
 * NUL-terminated, valid only during the call); start..end are byte
 * offsets of the token's characters in the original text. Return 0 to go
 * on, non-zero to stop (search_tokenize then returns FOLIO_ERR_INVALID
 * unless the callback filled err itself; see the ctx convention of the
 * caller).
 */
typedef int search_token_fn(void *ctx,
                            unsigned flags,
                            const char *tok,
                            size_t len,
                            size_t start,
                            size_t end);

/*
 * New tokenizer (loads OpenCC's t2s dictionaries, a few milliseconds).
 * out: on FOLIO_OK, caller frees with search_tokenizer_free().
 * Errors: FOLIO_ERR_UNSUPPORTED (ICU or OpenCC data missing).
 */
FOLIO_MUST_USE enum folio_rc search_tokenizer_new(struct search_tokenizer **out,
                                                  struct folio_err *err);
/* Free tk. NULL-safe. */
void search_tokenizer_free(struct search_tokenizer *tk);

/*
 * Tokenize text[0..len) (UTF-8; malformed bytes are separators) and call
 * cb for each token in order. Returns FOLIO_OK, or the callback's stop as
 * FOLIO_ERR_INVALID ("tokenizer stopped").
 */
FOLIO_MUST_USE enum folio_rc search_tokenize(struct search_tokenizer *tk,
                                             const char *text,
                                             size_t len,
                                             enum search_tokenize_mode mode,
                                             search_token_fn *cb,
                                             void *ctx,
                                             struct folio_err *err);

/*
 * Bytes of tok[0..len) (a folded word or suffix, UTF-8) kept in a suffix
 * token: at most SEARCH_SUFFIX_MAX_CHARS code points and
 * SEARCH_SUFFIX_MAX_BYTES bytes, cut on a character boundary. The same
 * cut applies to documents and queries, so a query suffix longer than
 * the cut is a prefix match of the cut suffix.
 */
size_t search_suffix_cut(const char *tok, size_t len);

#define SEARCH_FOLD_SQL       "folio_fold" /* SQL function, see below */
#define SEARCH_FOLD_MAX_BYTES (1 << 20)

/*
 * Fold text[0..len) (UTF-8; malformed bytes become U+FFFD) the way the
 * index folds characters, keeping every character: NFKC_Casefold, then
 * traditional to simplified per CJK character (張三 -> 张三, ＡＢＣ ->
 * abc). For "contains" tests on text outside the index (by: on bylines).
 * out: on FOLIO_OK a new NUL-terminated string of *out_len bytes (free()).
 * Errors: FOLIO_ERR_INVALID (over SEARCH_FOLD_MAX_BYTES, ICU failure).
 */
FOLIO_MUST_USE enum folio_rc search_fold(struct search_tokenizer *tk,
                                         const char *text,
                                         size_t len,
                                         char **out,
                                         size_t *out_len,
                                         struct folio_err *err);

#define SEARCH_CHAR_COUNT_SQL "folio_char_count" /* SQL function, below */

/*
 * Occurrences in text[0..len) (UTF-8) of the CJK character ch[0..ch_len),
 * compared as the tokenizer folds them: each CJK character of the text
 * (a character of a CJK run, without its marks) folded alone, NFKC_Casefold
 * outside the main Han blocks then traditional to simplified, against the
 * first CJK character of ch folded the same way (國 counts 国 and 國,
 * ｱ counts ア). Stops counting at max (0: no limit; 1: "contains"). 0
 * when ch has no CJK character. Uses and fills tk's fold cache (not
 * thread-safe, as tk).
 */
size_t search_char_count(struct search_tokenizer *tk,
                         const char *text,
                         size_t len,
                         const char *ch,
                         size_t ch_len,
                         size_t max);

/*
 * The hits of the prefix query ch* (ch: its first CJK character, folded
 * as in search_char_count) in text[0..len) as the index stores it
 * (SEARCH_TOKENIZE_INDEX): the occurrences that begin a bigram or stand
 * alone, plus the run-final ones whose unigram the index keeps. What
 * BM25 counts for the one-character query in the index, for ranking a
 * scan the same way (t0508). Same folding, cache and thread rules as
 * search_char_count; no limit.
 */
size_t search_char_index_hits(struct search_tokenizer *tk,
                              const char *text,
                              size_t len,
                              const char *ch,
                              size_t ch_len);

/*
 * Register tk as the FTS5 tokenizer SEARCH_TOKENIZER_NAME on db (through
 * the fts5_api pointer, SELECT fts5(?1)), search_fold as the SQL
 * function SEARCH_FOLD_SQL(text) (NULL for NULL; text over
 * SEARCH_FOLD_MAX_BYTES as it is), and search_char_count as
 * SEARCH_CHAR_COUNT_SQL(text, ch [, max]) (an integer; 0 for NULL text).
 * tk is borrowed and must outlive db.
 * Errors: FOLIO_ERR_DB (no FTS5 in this SQLite).
 */
FOLIO_MUST_USE enum folio_rc search_fts5_register(struct search_tokenizer *tk,
                                                  sqlite3 *db,
                                                  struct folio_err *err);

/* ---- query language ----------------------------------------------------*/

enum search_sort {
    SEARCH_SORT_RELEVANCE = 0, /* bm25 over weighted fields + word signal */
    SEARCH_SORT_DATE_DESC,     /* newest first */
    SEARCH_SORT_DATE_ASC,      /* oldest first */
};

/*
 * What a caller asks for. All strings borrowed, NULL or "" = not given.
 * Filters here are ANDed with those written in q.
 */
struct search_query {
    const char *q;         /* the reader's text, at most MAX_QUERY_BYTES */
    size_t q_len;          /* bytes of q (it may hold NUL bytes); 0: strlen */
    const char *paper;     /* paper id */
    const char *date_from; /* "YYYY-MM-DD", inclusive */
    const char *date_to;   /* "YYYY-MM-DD", inclusive */
    const char *month_day; /* "MM-DD": that day in any year */
    int page;              /* page number, 0 = any */
    const char *page_name; /* 版名, exact */
    const char *byline;    /* byline contains this (folded like the text) */
    enum search_sort sort;
    size_t offset;  /* hits to skip (pagination) */
    size_t limit;   /* hits to return; 0 = SEARCH_MAX_LIMIT */
    int timeout_ms; /* 0 = SEARCH_DEFAULT_TIMEOUT_MS */
    bool no_facets; /* skip the year/paper facets (CLI, feeds) */
    /*
     * Every candidate from offset on (up to SEARCH_CANDIDATE_CAP) in one
     * call, limit ignored: `folio search --limit 0`, one search instead
     * of one per SEARCH_MAX_LIMIT hits.
     */
    bool all;
    /*
     * A query of one lone CJK character: 0 lets store_search choose
     * between the index and a scan of the text (docs/search.md, "One
     * character"), 1 always scans, -1 always asks the index (tests,
     * benchmarks: `folio search --char-scan`).
     */
    int char_scan;
};

/* One term of a parsed query: a word or a quoted phrase. */
struct search_term {
    char *text;   /* as typed, without quotes (owned) */
    bool negated; /* -word */
    bool or_next; /* "a OR b": set on a, b is the next term */
    bool phrase;  /* was quoted */
};

/* A parsed query: terms plus every filter (from the text and the struct). */
struct search_parsed {
    struct search_term *terms;
    size_t nterms;
    char *paper;     /* owned strings; NULL = not given */
    char *date_from; /* "YYYY-MM-DD" */
    char *date_to;   /* "YYYY-MM-DD" */
    char *month_day; /* "MM-DD" */
    int page;        /* 0 = any */
    char *page_name;
    char *byline;
};

/*
 * Parse q (text and filters) into out. Filters in the text that are
 * malformed ("from:2020-13-01", "page:x") are FOLIO_ERR_INVALID with a
 * message naming them. A query with nothing searchable and no filter is
 * FOLIO_ERR_INVALID ("nothing to search for"). A query of only excluded
 * terms ("-5") takes the '-' as text: the terms are searched, '-' and
 * all. OR that does not stand between two terms is a word. Unbalanced
 * quotes close at the end of the text.
 * out: on FOLIO_OK filled; release with search_parsed_release().
 * Errors: FOLIO_ERR_INVALID (also for text over SEARCH_MAX_QUERY_BYTES
 *         and more than SEARCH_MAX_TERMS terms: an overlong query is the
 *         reader's mistake, a 400, never a 413).
 */
FOLIO_MUST_USE enum folio_rc search_query_parse(const struct search_query *q,
                                                struct search_parsed *out,
                                                struct folio_err *err);
/* Free what p owns and zero it. NULL-safe. */
void search_parsed_release(struct search_parsed *p);

/*
 * Build the FTS5 MATCH expression for p's terms into out, every token
 * double-quoted: a word or phrase becomes one FTS5 phrase of its tokens,
 * a term ending in a lone CJK character ends in a prefix ("国"*), OR
 * groups are parenthesised, excluded terms follow NOT. A term that gives
 * no token (only punctuation) is dropped. *empty: true when no positive
 * term gave a token (the caller then searches by filters only, or
 * refuses).
 * Errors: FOLIO_ERR_INVALID (only excluded terms, expression too long).
 */
FOLIO_MUST_USE enum folio_rc search_match_build(struct search_tokenizer *tk,
                                                const struct search_parsed *p,
                                                struct buf *out,
                                                bool *empty,
                                                struct folio_err *err);

/* ---- results -----------------------------------------------------------*/

/* A marked range in a text: bytes [start, start + len). */
struct search_mark {
    size_t start;
    size_t len;
};

struct search_hit {
    char paper[MODEL_ID_MAX + 1]; /* paper id */
    char date[11];                /* "YYYY-MM-DD" */
    int page;                     /* page number */
    char *page_name;              /* 版名, may be NULL (owned) */
    char *article;                /* article id (owned) */
    char *headline;               /* plain text (owned) */
    char *snippet; /* plain text, "…" where cut (owned); never NULL */
    struct search_mark *marks; /* query terms in snippet (owned) */
    size_t nmarks;
    double score;  /* lower is better (bm25 scaled); 0 when by date */
    bool word_hit; /* the match is a whole word (ICU word boundaries) */
};

/* One facet value with its count of matching articles. */
struct search_facet {
    char key[MODEL_ID_MAX + 1]; /* "2023" for years, the paper id */
    size_t count;
};

struct search_results {
    size_t total; /* matching articles (see total_exact) */
    /*
     * false: "about total", an estimate: relevance order without facets
     * counts only the matches ranking needs (RANK_NEWEST, store_search.c,
     * and those of the pages asked for), other searches up to
     * SEARCH_CANDIDATE_CAP; more matches than that are estimated.
     */
    bool total_exact;
    size_t offset; /* as asked */
    struct search_hit *hits;
    size_t nhits;
    struct search_facet *years; /* by year, newest first */
    size_t nyears;
    struct search_facet *papers; /* by count, then id */
    size_t npapers;
    /*
     * > 0: the facets count only the newest facets_over matches (the
     * total is an estimate and ranking read no more); 0: every match.
     */
    size_t facets_over;
    double elapsed_ms;
    /*
     * The time budget (timeout_ms) ran out: the hits are those found so
     * far (newest first when ranking had not finished), total counts
     * them and total_exact is false; note says so for the reader.
     */
    bool stopped;
    int budget_ms; /* the budget that applied, milliseconds */
    char note[96]; /* "" or "search stopped after N ms; results may be
                      incomplete" */
};

/* Free r and everything it owns. NULL-safe. */
void search_results_free(struct search_results *r);

/*
 * Find where the positive terms of the query text q[0..q_len) occur in
 * text[0..len) with the same folding as the index (國際 marks 国际, a lone
 * character marks that character): for marking terms in an article or in
 * page words. Filters in q are ignored; a q that does not parse gives no
 * marks.
 * out: on FOLIO_OK a new array of *n marks, sorted, not overlapping (free
 * with free(); NULL when *n is 0).
 * Errors: FOLIO_ERR_INVALID (q over SEARCH_MAX_QUERY_BYTES).
 */
FOLIO_MUST_USE enum folio_rc search_marks(struct search_tokenizer *tk,
                                          const char *q,
                                          size_t q_len,
                                          const char *text,
                                          size_t len,
                                          struct search_mark **out,
                                          size_t *n,
                                          struct folio_err *err);

/*
 * true when text[start, end) begins and ends on ICU word boundaries
 * (zh word break rules): 民生 in "改善民生" is a word, in "人民生活" not.
 */
bool search_is_word(const char *text, size_t len, size_t start, size_t end);

#endif
