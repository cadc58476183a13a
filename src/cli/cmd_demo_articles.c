/* SPDX-License-Identifier: MIT */
/*
 * cmd_demo_articles.c - `folio demo --articles N`: a large archive made in
 * process through store_issue_put, for search benchmarks and demos.
 *
 * Shape: a daily paper "daily" (演示日报), one issue per day ending on
 * DEMO_LAST_DATE, each issue 8-16 text-only pages (no images) of 6-10
 * articles (about 96 per issue), oldest issue first so rowids grow with
 * the date like a paper archived day by day. Every headline, kicker,
 * subhead and body is recombined from the sentences of a corpus in the
 * news-1000 format (label<TAB>text, one article per line). Issue i is
 * drawn from its own generator state derived from (seed, i), so the same
 * seed and N give the same archive.
 */
#include "base/compat.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "cli/cli_int.h"
#include "store/store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DEMO_PAPER_ID    "daily"
#define DEMO_PAPER_NAME  "演示日报"
#define DEMO_LAST_DATE   "2025-12-31"
#define DEMO_CORPUS_MAX  ((size_t)1 << 30) /* bytes of corpus read */
#define DEMO_TEXT_MAX    ((size_t)1 << 24) /* bytes of one generated field */
#define DEMO_PROGRESS_NS 5000000000LL      /* between progress lines */

/* State of index_progress(): start and last line (now_ns()). */
struct index_progress {
    int64_t t0, last;
};

/* One sentence: a slice of the corpus buffer. */
struct sent {
    size_t off, len;
};

struct corpus {
    char *text; /* whole file, control characters made spaces */
    struct sent *sents;
    size_t nsents;
};

/* splitmix64: small, fast, and the same on every platform. */
struct rng {
    uint64_t s;
};

static const char *const section_names[] = {
    "要闻", "要闻", "综合", "经济", "国内", "国际", "社会", "城市",
    "科教", "文化", "体育", "健康", "法治", "评论", "副刊", "专版",
};

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
};

static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
    "刚", "桂", "华", "文", "琳", "晓", "宇", "欣", "鹏", "雪",
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Uniform in lo..hi inclusive (hi - lo small: the bias is negligible). */
static size_t rng_range(struct rng *r, size_t lo, size_t hi)
{
    return lo + (size_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool rng_chance(struct rng *r, unsigned percent)
{
    return rng_next(r) % 100 < percent;
}

/* Bytes of a sentence terminator (。！？) at p, or 0. */
static size_t stop_len(const unsigned char *p, size_t left)
{
    if (left < 3)
        return 0;
    if ((p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x82) ||
        (p[0] == 0xef && p[1] == 0xbc && (p[2] == 0x81 || p[2] == 0x9f)))
        return 3;
    return 0;
}

/* Bytes of a closing quote or bracket (” 」 』 ）) at p, or 0. */
static size_t close_len(const unsigned char *p, size_t left)
{
    if (left < 3)
        return 0;
    if ((p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x9d) ||
        (p[0] == 0xe3 && p[1] == 0x80 && (p[2] == 0x8d || p[2] == 0x8f)) ||
        (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x89))
        return 3;
    return 0;
}

static void sent_add(struct corpus *c, size_t *cap, size_t off, size_t end)
{
    while (off < end && (c->text[off] == ' '))
        off++;
    while (end > off && c->text[end - 1] == ' ')
        end--;
    if (end <= off)
        return;
    if (c->nsents == *cap) {
        *cap = *cap ? *cap * 2 : 4096;
        c->sents = xreallocarray(c->sents, *cap, sizeof(*c->sents));
    }
    c->sents[c->nsents].off = off;
    c->sents[c->nsents].len = end - off;
    c->nsents++;
}

/* Split the text of one line [off, end) into sentences. */
static void split_line(struct corpus *c, size_t *cap, size_t off, size_t end)
{
    const unsigned char *t = (const unsigned char *)c->text;
    size_t start = off, i = off, k;

    while (i < end) {
        k = stop_len(t + i, end - i);
        if (k == 0) {
            i++;
            continue;
        }
        i += k;
        while ((k = close_len(t + i, end - i)) != 0)
            i += k;
        sent_add(c, cap, start, i);
        start = i;
    }
    sent_add(c, cap, start, end);
}

static FOLIO_MUST_USE enum folio_rc
corpus_load(const char *path, struct corpus *out, struct folio_err *err)
{
    struct corpus c = { 0 };
    struct buf b = BUF_INIT(DEMO_CORPUS_MAX);
    enum folio_rc rc = FOLIO_OK;
    size_t cap = 0, pos = 0, line = 0, n, bad;
    char chunk[65536];
    FILE *f = fopen(path, "rb");

    if (!f)
        return err_errno(err, path,
                         "cannot open the corpus (give --corpus FILE or set "
                         "FOLIO_FIXTURES)");
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&b, chunk, n);
    if (ferror(f))
        rc = err_errno(err, path, "cannot read the corpus");
    (void)fclose(f);
    if (rc == FOLIO_OK && buf_status(&b) != FOLIO_OK)
        rc = err_set(err, FOLIO_ERR_TOO_LARGE, path,
                     "corpus larger than %zu bytes", DEMO_CORPUS_MAX);
    if (rc != FOLIO_OK)
        goto out;
    c.text = buf_detach(&b, &n);
    while (pos < n) {
        char *nl = memchr(c.text + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - c.text) : n, i;
        char *tab = memchr(c.text + pos, '\t', end - pos);

        line++;
        if (!utf8_valid(c.text + pos, end - pos, &bad)) {
            rc = err_set(err, FOLIO_ERR_INVALID, path,
                         "line %zu: invalid UTF-8 at byte %zu", line, bad + 1);
            goto out;
        }
        if (tab) {
            for (i = (size_t)(tab - c.text) + 1; i < end; i++)
                if ((unsigned char)c.text[i] < 0x20 || c.text[i] == 0x7f)
                    c.text[i] = ' ';
            split_line(&c, &cap, (size_t)(tab - c.text) + 1, end);
        } else if (end > pos && !(end == pos + 1 && c.text[pos] == '\r')) {
            rc = err_set(err, FOLIO_ERR_INVALID, path,
                         "line %zu: no TAB (label<TAB>text expected)", line);
            goto out;
        }
        pos = end + 1;
    }
    if (c.nsents < 2) {
        rc = err_set(err, FOLIO_ERR_INVALID, path,
                     "corpus has %zu sentences; at least 2 needed", c.nsents);
        goto out;
    }
    *out = c;
    c.text = NULL;
    c.sents = NULL;
out:
    buf_release(&b);
    free(c.text);
    free(c.sents);
    return rc;
}

static void corpus_release(struct corpus *c)
{
    free(c->text);
    free(c->sents);
    memset(c, 0, sizeof(*c));
}

static const struct sent *pick(const struct corpus *c, struct rng *r)
{
    return &c->sents[rng_next(r) % c->nsents];
}

/* Clause punctuation that ends a title (，、；：。！？ and space). */
static bool title_stop(unsigned cp)
{
    return cp == 0xff0c || cp == 0x3001 || cp == 0xff1b || cp == 0xff1a ||
           cp == 0x3002 || cp == 0xff01 || cp == 0xff1f || cp == ' ';
}

/* Punctuation left out of titles: quotes, brackets, dashes. */
static bool title_skip(unsigned cp)
{
    return cp == 0x201c || cp == 0x201d || cp == 0x2018 || cp == 0x2019 ||
           cp == 0x300c || cp == 0x300d || cp == 0x300a || cp == 0x300b ||
           cp == 0xff08 || cp == 0xff09 || cp == 0x2014 || cp == 0x2026 ||
           cp == '"' || cp == '\'';
}

/*
 * A title of min..max characters from a sentence: its first clause, with
 * quotes and brackets dropped; clauses shorter than min run on into the
 * next. NULL when the sentence has fewer than 2 usable characters.
 */
static char *
title_make(const struct corpus *c, const struct sent *s, size_t min, size_t max)
{
    const char *p = c->text + s->off;
    size_t i = 0, chars = 0, k;
    struct buf b = BUF_INIT(DEMO_TEXT_MAX);
    unsigned cp;

    while (i < s->len && chars < max) {
        k = utf8_decode(p + i, s->len - i, &cp);
        if (k == 0)
            break;
        if (title_stop(cp)) {
            if (chars >= min)
                break;
        } else if (!title_skip(cp)) {
            buf_add(&b, p + i, k);
            chars++;
        }
        i += k;
    }
    if (chars < 2) {
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

static char *
title_pick(const struct corpus *c, struct rng *r, size_t min, size_t max)
{
    char *t = NULL;
    int tries;

    for (tries = 0; tries < 8 && !t; tries++)
        t = title_make(c, pick(c, r), min, max);
    return t ? t : xstrdup("无题");
}

static char *byline_make(struct rng *r)
{
    size_t ns = sizeof(surnames) / sizeof(surnames[0]);
    size_t ng = sizeof(given) / sizeof(given[0]);
    const char *a = surnames[rng_next(r) % ns];
    const char *b = given[rng_next(r) % ng];

    if (rng_chance(r, 50))
        return xasprintf("本报记者 %s%s", a, b);
    return xasprintf("本报记者 %s%s%s", a, b, given[rng_next(r) % ng]);
}

/* 4-32 sentences in paragraphs of 1-4 (about 2.6 KB on news-1000). */
static void body_make(const struct corpus *c, struct rng *r, struct article *a)
{
    size_t nsent = rng_range(r, 4, 32), done = 0, np = 0, k, j;
    struct buf b = BUF_INIT(DEMO_TEXT_MAX);

    a->paragraphs = xcalloc(nsent, sizeof(*a->paragraphs));
    while (done < nsent) {
        k = rng_range(r, 1, 4);
        if (k > nsent - done)
            k = nsent - done;
        for (j = 0; j < k; j++) {
            const struct sent *s = pick(c, r);
            buf_add(&b, c->text + s->off, s->len);
        }
        a->paragraphs[np++] = buf_detach(&b, NULL);
        done += k;
    }
    a->nparagraphs = np;
    buf_release(&b);
}

static void
article_make(const struct corpus *c, struct rng *r, int seq, struct article *a)
{
    a->id = xasprintf("a%d", seq);
    a->seq = seq;
    if (rng_chance(r, 30))
        a->kicker = title_pick(c, r, 4, 16);
    a->headline = title_pick(c, r, 6, 22);
    if (rng_chance(r, 25))
        a->subhead = title_pick(c, r, 8, 26);
    if (rng_chance(r, 85))
        a->byline = byline_make(r);
    body_make(c, r, a);
}

/* The generator of issue `index` for stream 1 (sizes) or 2 (text). */
static struct rng rng_for(uint64_t seed, int64_t index, unsigned stream)
{
    struct rng r = { seed ^ ((uint64_t)index * UINT64_C(0xd1b54a32d192ed03)) ^
                     ((uint64_t)stream << 56) };

    (void)rng_next(&r);
    return r;
}

/* Pages (8-16) and articles per page (6-10) of issue `index`. */
static size_t issue_plan(uint64_t seed, int64_t index, size_t per_page[16])
{
    struct rng r = rng_for(seed, index, 1);
    size_t npages = rng_range(&r, 8, 16), p;

    for (p = 0; p < npages; p++)
        per_page[p] = rng_range(&r, 6, 10);
    return npages;
}

/*
 * Issue number `index` (0 = oldest) dated `day`, with at most `limit`
 * articles. Returns a new issue (caller frees with issue_free()) and its
 * article count in *narticles.
 */
static struct issue *issue_make(const struct corpus *c,
                                uint64_t seed,
                                int64_t index,
                                const struct date *day,
                                int64_t limit,
                                int64_t *narticles)
{
    struct rng r = rng_for(seed, index, 2);
    struct issue *iss = xcalloc(1, sizeof(*iss));
    size_t per_page[16], npages, p, a, per;
    int64_t total = 0;

    iss->paper.id = xstrdup(DEMO_PAPER_ID);
    iss->paper.name = xstrdup(DEMO_PAPER_NAME);
    iss->paper.language = xstrdup("zh-CN");
    iss->paper.timezone = xstrdup("Asia/Shanghai");
    date_format(day, iss->date);
    iss->number = index + 1;
    iss->status = ISSUE_PUBLISHED;
    npages = issue_plan(seed, index, per_page);
    iss->pages = xcalloc(npages, sizeof(*iss->pages));
    for (p = 0; p < npages && total < limit; p++) {
        struct page *pg = &iss->pages[p];

        per = per_page[p];
        if ((int64_t)per > limit - total)
            per = (size_t)(limit - total);
        pg->number = (int)p + 1;
        pg->name = xstrdup(section_names[p % (sizeof(section_names) /
                                              sizeof(section_names[0]))]);
        pg->articles = xcalloc(per, sizeof(*pg->articles));
        for (a = 0; a < per; a++)
            article_make(c, &r, (int)a + 1, &pg->articles[a]);
        pg->narticles = per;
        total += (int64_t)per;
        iss->npages++;
    }
    *narticles = total;
    return iss;
}

/* How many issues hold `articles` articles. */
static int64_t issue_count(uint64_t seed, int64_t articles)
{
    size_t per_page[16], npages, p;
    int64_t i, total = 0;

    for (i = 0; total < articles; i++) {
        npages = issue_plan(seed, i, per_page);
        for (p = 0; p < npages; p++)
            total += (int64_t)per_page[p];
    }
    return i;
}

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void progress(int64_t issues,
                     int64_t nissues,
                     int64_t done,
                     int64_t want,
                     int64_t elapsed_ns)
{
    double s = (double)elapsed_ns / 1e9;
    double rate = s > 0 ? (double)done / s : 0;
    double eta = rate > 0 ? (double)(want - done) / rate : 0;

    (void)fprintf(stderr,
                  "demo: %" PRId64 "/%" PRId64 " issues, %" PRId64 "/%" PRId64
                  " articles, %.0f articles/s, %.0f s elapsed, ETA %.0f s\n",
                  issues, nissues, done, want, rate, s, eta);
}

/*
 * Progress of the index build: at most one line per DEMO_PROGRESS_NS,
 * and one when the documents are in (the merge follows).
 */
static void index_progress(void *ctx, int64_t done, int64_t total)
{
    struct index_progress *ip = ctx;
    int64_t now = now_ns();
    double s = (double)(now - ip->t0) / 1e9;

    if (done == 0 || (done < total && now - ip->last < DEMO_PROGRESS_NS))
        return;
    ip->last = now;
    (void)fprintf(stderr,
                  "demo: search index %" PRId64 "/%" PRId64
                  " documents, %.0f/s, %.0f s elapsed%s\n",
                  done, total, s > 0 ? (double)done / s : 0.0, s,
                  done >= total ? "; merging the segments" : "");
}

enum folio_rc demo_articles_generate(struct store *st,
                                     const struct demo_articles_opts *o,
                                     struct folio_err *err)
{
    struct corpus c = { 0 };
    struct date last, first, day;
    int64_t nissues, i, done = 0, got, t0, last_print, t_rows;
    struct index_progress ip = { 0 };
    struct store_progress pr = { index_progress, &ip };
    enum folio_rc rc;

    if (o->articles <= 0)
        return err_set(err, FOLIO_ERR_INVALID, "--articles",
                       "need a positive number of articles");
    if (!date_parse(DEMO_LAST_DATE, strlen(DEMO_LAST_DATE), &last))
        BUG("bad DEMO_LAST_DATE");
    rc = corpus_load(o->corpus, &c, err);
    if (rc != FOLIO_OK)
        return rc;
    nissues = issue_count(o->seed, o->articles);
    first = date_from_days(date_to_days(&last) - (nissues - 1));
    t0 = now_ns();
    last_print = t0;
    /* bulk load: the rows first, then the whole index at once */
    store_search_defer(st, true);
    for (i = 0; done < o->articles && rc == FOLIO_OK; i++) {
        struct issue *iss;

        day = date_from_days(date_to_days(&first) + i);
        iss = issue_make(&c, o->seed, i, &day, o->articles - done, &got);
        rc = store_issue_put(st, iss, true, err);
        issue_free(iss);
        if (rc != FOLIO_OK)
            break;
        done += got;
        if (now_ns() - last_print >= DEMO_PROGRESS_NS) {
            last_print = now_ns();
            progress(i + 1, nissues, done, o->articles, last_print - t0);
        }
    }
    store_search_defer(st, false);
    t_rows = now_ns();
    if (rc == FOLIO_OK) {
        (void)fprintf(stderr,
                      "demo: %" PRId64 " articles written in %.1f s; "
                      "building the search index\n",
                      done, (double)(t_rows - t0) / 1e9);
        ip.t0 = t_rows;
        ip.last = t_rows;
        rc = store_search_reindex(st, STORE_REINDEX_FULL, &pr, err);
    } else if (store_search_stale(st)) {
        (void)fprintf(stderr, "demo: the search index misses the articles "
                              "written; run 'folio reindex'\n");
    }
    if (rc == FOLIO_OK) {
        char a[11], b[11];
        int64_t t_end = now_ns();
        double s = (double)(t_end - t0) / 1e9;

        date_format(&first, a);
        date_format(&day, b);
        (void)fprintf(
            stderr,
            "demo: %" PRId64 " articles in %" PRId64
            " issues of paper %s (%s..%s) in %.1f s, %.0f "
            "articles/s (rows %.1f s, search index %.1f s)\n",
            done, i, DEMO_PAPER_ID, a, b, s, s > 0 ? (double)done / s : 0.0,
            (double)(t_rows - t0) / 1e9, (double)(t_end - t_rows) / 1e9);
    }
    corpus_release(&c);
    return rc;
}
