/* SPDX-License-Identifier: MIT */
/*
 * ingest_zones.c - hot zones from a page's text layer: each article's text
 * is aligned with the page's words and its zones are the boxes of the
 * lines it covers, merged per column.
 *
 * Both sides are normalised the same way: NFKC (which folds the Kangxi
 * radicals some PDF producers emit back to the ideographs), lower case,
 * letters and digits only, so spacing, punctuation and line breaks do not
 * matter. The page text is the concatenation of its lines in line order;
 * shingles of ZONE_SHINGLE characters of an article anchor matches that
 * are then extended as far as both texts agree (greedy longest match, ties
 * to the candidate nearest the previous match). A page character belongs
 * to the article whose match covering it is longest; a line belongs to
 * the article owning most of its characters.
 */
#include "base/compat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "base/xalloc.h"
#include "ingest/ingest_int.h"

#define ZONE_SHINGLE   8   /* characters that anchor a match */
#define ZONE_SHORT_MIN 2   /* shortest leftover run matched on its own */
#define ZONE_OVERLAP   0.5 /* column overlap for merging, of narrower width */

/* Normalised text: code points, each with its page line (or -1). */
struct seq {
    int32_t *c;
    int32_t *line;
    size_t n, cap;
};

/* A text line of the page. */
struct pline {
    int32_t id; /* page_word.line */
    double x0, y0, x1, y1;
    size_t first, n; /* its characters in the page seq */
    long owner;      /* article index, -1 = none */
};

struct rect {
    double x0, y0, x1, y1;
    double lh; /* smallest line height in it */
};

struct shingle {
    uint64_t h;
    size_t pos;
};

static FOLIO_MUST_USE enum folio_rc seq_add_text(struct seq *s,
                                                 const UNormalizer2 *nfkc,
                                                 const char *text,
                                                 int32_t line,
                                                 struct folio_err *err);
static void seq_push(struct seq *s, int32_t c, int32_t line);
static void seq_free(struct seq *s);
static FOLIO_MUST_USE enum folio_rc article_seq(const struct article *a,
                                                const UNormalizer2 *nfkc,
                                                struct seq *s,
                                                struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc page_seq(const struct page *pg,
                                             const UNormalizer2 *nfkc,
                                             struct seq *s,
                                             struct pline **lines,
                                             size_t *nlines,
                                             struct folio_err *err);
static uint64_t shingle_hash(const int32_t *c);
static int shingle_cmp(const void *a, const void *b);
static int word_line_cmp(const void *a, const void *b);
static size_t align_article(const struct seq *a,
                            const struct seq *p,
                            const struct shingle *sh,
                            size_t nsh,
                            size_t ai,
                            long *owner,
                            size_t *ownlen);
static void derive_rects(const struct page *pg,
                         const struct pline *lines,
                         size_t nlines,
                         size_t ai,
                         struct ingest_zone_result *r);

void ingest_zone_results_free(struct ingest_zone_result *r, size_t n)
{
    size_t i, j;

    if (!r)
        return;
    for (i = 0; i < n; i++) {
        for (j = 0; j < r[i].nzones; j++)
            zone_release(&r[i].zones[j]);
        free(r[i].zones);
    }
    free(r);
}

static void seq_push(struct seq *s, int32_t c, int32_t line)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->c = xreallocarray(s->c, s->cap, sizeof(*s->c));
        s->line = xreallocarray(s->line, s->cap, sizeof(*s->line));
    }
    s->c[s->n] = c;
    s->line[s->n] = line;
    s->n++;
}

static void seq_free(struct seq *s)
{
    free(s->c);
    free(s->line);
    memset(s, 0, sizeof(*s));
}

static enum folio_rc seq_add_text(struct seq *s,
                                  const UNormalizer2 *nfkc,
                                  const char *text,
                                  int32_t line,
                                  struct folio_err *err)
{
    UErrorCode ec = U_ZERO_ERROR;
    UChar *in = NULL, *out = NULL;
    int32_t nin = 0, nout, cap, i;
    size_t len;
    enum folio_rc rc = FOLIO_OK;

    if (!text || !*text)
        return FOLIO_OK;
    len = strlen(text);
    if (len > INT32_MAX / 4)
        return err_set(err, FOLIO_ERR_TOO_LARGE, NULL, "text too long");
    in = xcalloc(len + 1, sizeof(*in));
    (void)u_strFromUTF8WithSub(in, (int32_t)len + 1, &nin, text, (int32_t)len,
                               0xFFFD, NULL, &ec);
    if (U_FAILURE(ec)) {
        rc = err_set(err, FOLIO_ERR_UNSUPPORTED, NULL,
                     "cannot convert text to UTF-16: %s", u_errorName(ec));
        goto out;
    }
    cap = nin * 3 + 16;
    out = xcalloc((size_t)cap, sizeof(*out));
    nout = unorm2_normalize(nfkc, in, nin, out, cap, &ec);
    if (ec == U_BUFFER_OVERFLOW_ERROR) {
        ec = U_ZERO_ERROR;
        free(out);
        cap = nout + 1;
        out = xcalloc((size_t)cap, sizeof(*out));
        nout = unorm2_normalize(nfkc, in, nin, out, cap, &ec);
    }
    if (U_FAILURE(ec)) {
        rc = err_set(err, FOLIO_ERR_UNSUPPORTED, NULL,
                     "cannot normalise text (NFKC): %s", u_errorName(ec));
        goto out;
    }
    for (i = 0; i < nout;) {
        UChar32 c;
        U16_NEXT(out, i, nout, c);
        if (u_isalnum(c))
            seq_push(s, (int32_t)u_tolower(c), line);
    }
out:
    free(in);
    free(out);
    return rc;
}

static enum folio_rc article_seq(const struct article *a,
                                 const UNormalizer2 *nfkc,
                                 struct seq *s,
                                 struct folio_err *err)
{
    const char *parts[4];
    enum folio_rc rc = FOLIO_OK;
    size_t i;

    parts[0] = a->kicker;
    parts[1] = a->headline;
    parts[2] = a->subhead;
    parts[3] = a->byline;
    for (i = 0; i < 4 && rc == FOLIO_OK; i++)
        rc = seq_add_text(s, nfkc, parts[i], -1, err);
    for (i = 0; i < a->nparagraphs && rc == FOLIO_OK; i++)
        rc = seq_add_text(s, nfkc, a->paragraphs[i], -1, err);
    for (i = 0; i < a->npictures && rc == FOLIO_OK; i++)
        rc = seq_add_text(s, nfkc, a->pictures[i].caption, -1, err);
    return rc;
}

static int word_line_cmp(const void *a, const void *b)
{
    const struct page_word *const *x = a, *const *y = b;

    if ((*x)->line != (*y)->line)
        return (*x)->line < (*y)->line ? -1 : 1;
    return *x < *y ? -1 : (*x > *y ? 1 : 0);
}

static enum folio_rc page_seq(const struct page *pg,
                              const UNormalizer2 *nfkc,
                              struct seq *s,
                              struct pline **lines,
                              size_t *nlines,
                              struct folio_err *err)
{
    const struct page_word **ord;
    struct pline *ls = NULL;
    size_t i, nl = 0;
    enum folio_rc rc = FOLIO_OK;

    ord = xcalloc(pg->nwords ? pg->nwords : 1, sizeof(*ord));
    for (i = 0; i < pg->nwords; i++)
        ord[i] = &pg->words[i];
    qsort(ord, pg->nwords, sizeof(*ord), word_line_cmp);
    ls = xcalloc(pg->nwords ? pg->nwords : 1, sizeof(*ls));
    for (i = 0; i < pg->nwords && rc == FOLIO_OK; i++) {
        const struct page_word *w = ord[i];
        struct pline *l;
        size_t before = s->n;

        if (nl == 0 || ls[nl - 1].id != w->line) {
            l = &ls[nl++];
            l->id = w->line;
            l->first = s->n;
            l->owner = -1;
            l->x0 = w->x;
            l->y0 = w->y;
            l->x1 = (double)w->x + w->w;
            l->y1 = (double)w->y + w->h;
        }
        l = &ls[nl - 1];
        rc = seq_add_text(s, nfkc, w->text, (int32_t)(nl - 1), err);
        if (s->n == before)
            continue; /* punctuation only: not part of the line's box */
        l->n += s->n - before;
        l->x0 = fmin(l->x0, w->x);
        l->y0 = fmin(l->y0, w->y);
        l->x1 = fmax(l->x1, (double)w->x + w->w);
        l->y1 = fmax(l->y1, (double)w->y + w->h);
    }
    free(ord);
    if (rc != FOLIO_OK) {
        free(ls);
        return rc;
    }
    *lines = ls;
    *nlines = nl;
    return FOLIO_OK;
}

static uint64_t shingle_hash(const int32_t *c)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;

    for (i = 0; i < ZONE_SHINGLE; i++) {
        h ^= (uint32_t)c[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int shingle_cmp(const void *a, const void *b)
{
    const struct shingle *x = a, *y = b;

    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->pos < y->pos ? -1 : (x->pos > y->pos ? 1 : 0);
}

/* Record a match of len page characters at pos for article ai. */
static void
claim(long *owner, size_t *ownlen, size_t pos, size_t len, size_t ai)
{
    size_t k;

    for (k = pos; k < pos + len; k++) {
        if (len > ownlen[k]) {
            ownlen[k] = len;
            owner[k] = (long)ai;
        }
    }
}

/*
 * Align article text a with page text p; claim matched page characters.
 * Returns how many characters of a were matched.
 */
static size_t align_article(const struct seq *a,
                            const struct seq *p,
                            const struct shingle *sh,
                            size_t nsh,
                            size_t ai,
                            long *owner,
                            size_t *ownlen)
{
    bool *done = xcalloc(a->n ? a->n : 1, sizeof(*done));
    size_t i = 0, found = 0, prev_end = 0, k;

    while (a->n >= ZONE_SHINGLE && i + ZONE_SHINGLE <= a->n) {
        struct shingle key = { shingle_hash(&a->c[i]), 0 };
        size_t lo = 0, hi = nsh, best_len = 0, best_pos = 0;
        size_t best_dist = SIZE_MAX;

        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sh[mid].h < key.h)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < nsh && sh[lo].h == key.h; lo++) {
            size_t pos = sh[lo].pos, len = 0, dist;
            while (i + len < a->n && pos + len < p->n &&
                   a->c[i + len] == p->c[pos + len])
                len++;
            if (len < ZONE_SHINGLE)
                continue;
            dist = pos > prev_end ? pos - prev_end : prev_end - pos;
            if (len > best_len || (len == best_len && dist < best_dist)) {
                best_len = len;
                best_pos = pos;
                best_dist = dist;
            }
        }
        if (best_len == 0) {
            i++;
            continue;
        }
        claim(owner, ownlen, best_pos, best_len, ai);
        for (k = i; k < i + best_len; k++)
            done[k] = true;
        found += best_len;
        prev_end = best_pos + best_len;
        i += best_len;
    }
    /*
     * Leftover runs (short lines between page breaks of the text order):
     * look for each run, or its longest prefix of ZONE_SHORT_MIN or more,
     * among page characters nobody claimed.
     */
    for (i = 0; i < a->n;) {
        size_t end = i, pos, best_len = 0, best_pos = 0;
        if (done[i]) {
            i++;
            continue;
        }
        while (end < a->n && !done[end])
            end++;
        for (pos = 0; pos < p->n; pos++) {
            size_t len = 0;
            while (i + len < end && pos + len < p->n && owner[pos + len] < 0 &&
                   a->c[i + len] == p->c[pos + len])
                len++;
            if (len > best_len) {
                best_len = len;
                best_pos = pos;
            }
        }
        if (best_len < ZONE_SHORT_MIN) {
            i++;
            continue;
        }
        claim(owner, ownlen, best_pos, best_len, ai);
        for (k = i; k < i + best_len; k++)
            done[k] = true;
        found += best_len;
        i += best_len;
    }
    free(done);
    return found;
}

static bool
rects_cross(const struct rect *r, double x0, double y0, double x1, double y1)
{
    return fmin(r->x1, x1) > fmax(r->x0, x0) &&
           fmin(r->y1, y1) > fmax(r->y0, y0);
}

/* Can a and b be one rectangle without covering another article's line? */
static bool mergeable(const struct rect *a,
                      const struct rect *b,
                      const struct pline *lines,
                      size_t nlines,
                      size_t ai,
                      bool strict)
{
    double ov = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
    double wmin = fmin(a->x1 - a->x0, b->x1 - b->x0);
    double gap = fmax(a->y0, b->y0) - fmin(a->y1, b->y1);
    struct rect u;
    size_t i;

    if (strict && (ov < ZONE_OVERLAP * wmin || gap > fmin(a->lh, b->lh)))
        return false;
    u.x0 = fmin(a->x0, b->x0);
    u.y0 = fmin(a->y0, b->y0);
    u.x1 = fmax(a->x1, b->x1);
    u.y1 = fmax(a->y1, b->y1);
    for (i = 0; i < nlines; i++) {
        const struct pline *l = &lines[i];
        if (l->owner >= 0 && (size_t)l->owner != ai &&
            rects_cross(&u, l->x0, l->y0, l->x1, l->y1))
            return false;
    }
    return true;
}

static void rect_merge(struct rect *a, const struct rect *b)
{
    a->x0 = fmin(a->x0, b->x0);
    a->y0 = fmin(a->y0, b->y0);
    a->x1 = fmax(a->x1, b->x1);
    a->y1 = fmax(a->y1, b->y1);
    a->lh = fmin(a->lh, b->lh);
}

static double rect_area(const struct rect *r)
{
    return (r->x1 - r->x0) * (r->y1 - r->y0);
}

static void derive_rects(const struct page *pg,
                         const struct pline *lines,
                         size_t nlines,
                         size_t ai,
                         struct ingest_zone_result *r)
{
    struct rect *rs = xcalloc(nlines ? nlines : 1, sizeof(*rs));
    size_t n = 0, i, j, k;
    bool again = true;

    for (i = 0; i < nlines; i++) {
        if (lines[i].owner != (long)ai)
            continue;
        rs[n].x0 = lines[i].x0;
        rs[n].y0 = lines[i].y0;
        rs[n].x1 = lines[i].x1;
        rs[n].y1 = lines[i].y1;
        rs[n].lh = lines[i].y1 - lines[i].y0;
        n++;
    }
    while (again) {
        again = false;
        for (i = 0; i < n; i++) {
            for (j = i + 1; j < n; j++) {
                if (!mergeable(&rs[i], &rs[j], lines, nlines, ai, true))
                    continue;
                rect_merge(&rs[i], &rs[j]);
                rs[j] = rs[--n];
                again = true;
                j = i;
            }
        }
    }
    /* Too many: merge the pair whose union grows least, whatever it covers */
    while (n > MODEL_MAX_ZONES) {
        size_t bi = 0, bj = 1;
        double best = -1;
        for (i = 0; i < n; i++) {
            for (j = i + 1; j < n; j++) {
                struct rect u = rs[i];
                double grow;
                rect_merge(&u, &rs[j]);
                grow = rect_area(&u) - rect_area(&rs[i]) - rect_area(&rs[j]);
                if (best < 0 || grow < best) {
                    best = grow;
                    bi = i;
                    bj = j;
                }
            }
        }
        rect_merge(&rs[bi], &rs[bj]);
        rs[bj] = rs[--n];
    }
    r->zones = n ? xcalloc(n, sizeof(*r->zones)) : NULL;
    for (i = 0, k = 0; i < n; i++) {
        double x0 = floor(rs[i].x0), y0 = floor(rs[i].y0);
        double x1 = ceil(rs[i].x1), y1 = ceil(rs[i].y1);
        x0 = fmax(x0, 0);
        y0 = fmax(y0, 0);
        if (pg->width > 0)
            x1 = fmin(x1, pg->width);
        if (pg->height > 0)
            y1 = fmin(y1, pg->height);
        if (x1 <= x0 || y1 <= y0)
            continue;
        r->zones[k].x = (int32_t)x0;
        r->zones[k].y = (int32_t)y0;
        r->zones[k].w = (int32_t)(x1 - x0);
        r->zones[k].h = (int32_t)(y1 - y0);
        k++;
    }
    r->nzones = k;
    free(rs);
}

enum folio_rc ingest_zones_derive(const struct page *pg,
                                  struct ingest_zone_result **out,
                                  struct folio_err *err)
{
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec);
    struct ingest_zone_result *res = NULL;
    struct seq page = { 0 }, *arts = NULL;
    struct pline *lines = NULL;
    struct shingle *sh = NULL;
    long *owner = NULL, *tally = NULL;
    size_t *ownlen = NULL, nlines = 0, nsh = 0, i, k;
    enum folio_rc rc;

    if (U_FAILURE(ec))
        return err_set(err, FOLIO_ERR_UNSUPPORTED, NULL,
                       "ICU has no NFKC normaliser: %s", u_errorName(ec));
    res = xcalloc(pg->narticles ? pg->narticles : 1, sizeof(*res));
    arts = xcalloc(pg->narticles ? pg->narticles : 1, sizeof(*arts));
    rc = page_seq(pg, nfkc, &page, &lines, &nlines, err);
    for (i = 0; i < pg->narticles && rc == FOLIO_OK; i++)
        rc = article_seq(&pg->articles[i], nfkc, &arts[i], err);
    if (rc != FOLIO_OK)
        goto out;
    if (page.n >= ZONE_SHINGLE) {
        nsh = page.n - ZONE_SHINGLE + 1;
        sh = xcalloc(nsh, sizeof(*sh));
        for (i = 0; i < nsh; i++) {
            sh[i].h = shingle_hash(&page.c[i]);
            sh[i].pos = i;
        }
        qsort(sh, nsh, sizeof(*sh), shingle_cmp);
    }
    owner = xcalloc(page.n ? page.n : 1, sizeof(*owner));
    ownlen = xcalloc(page.n ? page.n : 1, sizeof(*ownlen));
    for (i = 0; i < page.n; i++)
        owner[i] = -1;
    for (i = 0; i < pg->narticles; i++) {
        res[i].chars = arts[i].n;
        (void)align_article(&arts[i], &page, sh, nsh, i, owner, ownlen);
    }
    /* each line to the article owning most of its characters */
    tally = xcalloc(pg->narticles ? pg->narticles : 1, sizeof(*tally));
    for (i = 0; i < nlines; i++) {
        struct pline *l = &lines[i];
        long best = -1;
        for (k = l->first; k < l->first + l->n; k++)
            if (owner[k] >= 0)
                tally[owner[k]]++;
        for (k = l->first; k < l->first + l->n; k++) {
            long o = owner[k];
            if (o >= 0 && (best < 0 || tally[o] > tally[best]))
                best = o;
        }
        if (best >= 0 && tally[best] * 2 > (long)l->n)
            l->owner = best;
        for (k = l->first; k < l->first + l->n; k++)
            if (owner[k] >= 0)
                tally[owner[k]] = 0;
    }
    /*
     * located: characters on the lines the article got (stray short
     * matches elsewhere do not count)
     */
    for (i = 0; i < pg->narticles; i++)
        res[i].located = 0;
    for (k = 0; k < page.n; k++) {
        long o = owner[k];
        if (o >= 0 && lines[page.line[k]].owner == o &&
            res[o].located < res[o].chars)
            res[o].located++;
    }
    for (i = 0; i < pg->narticles; i++)
        derive_rects(pg, lines, nlines, i, &res[i]);
out:
    for (i = 0; i < pg->narticles; i++)
        seq_free(&arts[i]);
    free(arts);
    seq_free(&page);
    free(lines);
    free(sh);
    free(owner);
    free(ownlen);
    free(tally);
    if (rc != FOLIO_OK) {
        ingest_zone_results_free(res, pg->narticles);
        return rc;
    }
    *out = res;
    return FOLIO_OK;
}
