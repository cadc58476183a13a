/* SPDX-License-Identifier: MIT */
/*
 * ingest_alto.c - ALTO pages (1.x in the CCS namespace, 2.x-4.x, or no
 * namespace) read into words with boxes, lines and blocks, plus the two
 * text renderings: Open ONI's (as printed, for page text views and the
 * gold comparison) and the reading text (hyphenated words joined) used
 * for article paragraphs. Coordinates stay in ALTO units here; callers
 * scale them into the page's pixel space.
 */
#include "base/compat.h"

#include "base/xalloc.h"
#include "ingest/ingest_lib_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ALTO_MAX_WORDS  2000000
#define ALTO_MAX_BLOCKS 200000

struct walk {
    struct alto_page *pg;
    const char *where;
    size_t wcap, bcap, gcap;
    long cur_block; /* -1 outside a TextBlock */
    bool line_open;
};

static FOLIO_MUST_USE enum folio_rc
walk(struct walk *w, const xmlNode *n, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc box(const xmlNode *n,
                                        const char *where,
                                        double *x,
                                        double *y,
                                        double *wd,
                                        double *ht,
                                        struct folio_err *err);
static long new_block(struct walk *w, const xmlNode *n);
static void add_words_text(const struct alto_page *pg,
                           size_t first,
                           size_t n,
                           struct buf *b);
static void page_extent(struct alto_page *pg);
static size_t hyph_mark(const char *s, size_t k);

double alto_default_scale(enum alto_unit unit)
{
    switch (unit) {
    case ALTO_UNIT_MM10:
        return 300.0 / 254.0;
    case ALTO_UNIT_INCH1200:
        return 300.0 / 1200.0;
    case ALTO_UNIT_PIXEL:
    default:
        return 1.0;
    }
}

/*
 * A coordinate as OCR software writes it: surrounding white space
 * ignored, a decimal comma read as a point ("12,5", written under a
 * German locale), a negative value (a box reaching over the page's
 * top or left edge) clamped to 0. False when v is not such a number.
 */
static bool coord(const char *v, double *out)
{
    char tmp[64], *end, *c;
    size_t n;
    double d;

    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
        v++;
    n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' ||
                     v[n - 1] == '\r'))
        n--;
    if (n == 0 || n >= sizeof(tmp))
        return false;
    memcpy(tmp, v, n);
    tmp[n] = '\0';
    c = strchr(tmp, ',');
    if (c && !strchr(tmp, '.') && !strchr(c + 1, ','))
        *c = '.';
    errno = 0;
    d = strtod(tmp, &end);
    if (errno || *end || !isfinite(d) || d > 1e7 || d < -1e7)
        return false;
    *out = d < 0 ? 0 : d;
    return true;
}

static enum folio_rc box(const xmlNode *n,
                         const char *where,
                         double *x,
                         double *y,
                         double *wd,
                         double *ht,
                         struct folio_err *err)
{
    static const char *names[] = { "HPOS", "VPOS", "WIDTH", "HEIGHT" };
    double *dst[4];
    const char *v;
    char at[300];
    size_t i;

    dst[0] = x;
    dst[1] = y;
    dst[2] = wd;
    dst[3] = ht;
    for (i = 0; i < 4; i++) {
        *dst[i] = 0;
        v = xml_attr(n, names[i]);
        if (!v || !v[0])
            continue;
        if (!coord(v, dst[i])) {
            (void)snprintf(at, sizeof(at), "%s:%ld", where, xmlGetLineNo(n));
            return err_set(err, FOLIO_ERR_INVALID, at, "bad %s '%s' on <%s>",
                           names[i], v, (const char *)n->name);
        }
    }
    return FOLIO_OK;
}

static long new_block(struct walk *w, const xmlNode *n)
{
    struct alto_page *pg = w->pg;
    struct alto_block *b;
    const char *v;

    if (pg->nblocks == w->bcap) {
        w->bcap = w->bcap ? 2 * w->bcap : 64;
        pg->blocks = xreallocarray(pg->blocks, w->bcap, sizeof(*pg->blocks));
    }
    b = &pg->blocks[pg->nblocks];
    memset(b, 0, sizeof(*b));
    v = xml_attr(n, "ID");
    b->id = v ? xstrdup(v) : NULL;
    v = xml_attr(n, "LANG");
    if (!v)
        v = xml_attr(n, "language");
    b->lang = v && v[0] ? xstrdup(v) : NULL;
    b->first_word = pg->nwords;
    return (long)pg->nblocks++;
}

static enum folio_rc
walk(struct walk *w, const xmlNode *n, struct folio_err *err)
{
    struct alto_page *pg = w->pg;
    const xmlNode *c;
    enum folio_rc rc = FOLIO_OK;
    char at[300];

    for (c = n->children; c && rc == FOLIO_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (pg->nwords >= ALTO_MAX_WORDS || pg->nblocks >= ALTO_MAX_BLOCKS) {
            (void)snprintf(at, sizeof(at), "%s:%ld", w->where, xmlGetLineNo(c));
            return err_set(err, FOLIO_ERR_TOO_LARGE, at,
                           "too many words or blocks on one page");
        }
        if (xml_is(c, "TextBlock") || xml_is(c, "Illustration") ||
            xml_is(c, "GraphicalElement")) {
            long saved = w->cur_block, bi = new_block(w, c);
            struct alto_block *b = &pg->blocks[bi];
            rc = box(c, w->where, &b->x, &b->y, &b->w, &b->h, err);
            if (rc != FOLIO_OK)
                break;
            w->cur_block = bi;
            rc = walk(w, c, err);
            pg->blocks[bi].nwords = pg->nwords - pg->blocks[bi].first_word;
            w->cur_block = saved;
        } else if (xml_is(c, "ComposedBlock")) {
            size_t gi;
            const char *id = xml_attr(c, "ID");
            if (pg->ngroups == w->gcap) {
                w->gcap = w->gcap ? 2 * w->gcap : 16;
                pg->groups =
                    xreallocarray(pg->groups, w->gcap, sizeof(*pg->groups));
            }
            gi = pg->ngroups++;
            memset(&pg->groups[gi], 0, sizeof(pg->groups[gi]));
            pg->groups[gi].id = id ? xstrdup(id) : NULL;
            pg->groups[gi].first_block = pg->nblocks;
            rc = box(c, w->where, &pg->groups[gi].x, &pg->groups[gi].y,
                     &pg->groups[gi].w, &pg->groups[gi].h, err);
            if (rc != FOLIO_OK)
                break;
            rc = walk(w, c, err);
            pg->groups[gi].nblocks = pg->nblocks - pg->groups[gi].first_block;
        } else if (xml_is(c, "TextLine")) {
            if (w->cur_block < 0) {
                /* A line outside any block gets a block of its own. */
                long bi = new_block(w, c);
                rc = box(c, w->where, &pg->blocks[bi].x, &pg->blocks[bi].y,
                         &pg->blocks[bi].w, &pg->blocks[bi].h, err);
                if (rc != FOLIO_OK)
                    break;
                w->cur_block = bi;
                rc = walk(w, c, err);
                pg->blocks[bi].nwords = pg->nwords - pg->blocks[bi].first_word;
                w->cur_block = -1;
            } else {
                rc = walk(w, c, err);
            }
            pg->nlines++;
        } else if (xml_is(c, "String")) {
            struct alto_word *wd;
            const char *content = xml_attr(c, "CONTENT");
            const char *st = xml_attr(c, "SUBS_TYPE");
            const char *sc = xml_attr(c, "SUBS_CONTENT");
            if (!content || !content[0])
                continue;
            if (w->cur_block < 0)
                continue; /* a String outside a line: not page text */
            if (pg->nwords == w->wcap) {
                w->wcap = w->wcap ? 2 * w->wcap : 1024;
                pg->words =
                    xreallocarray(pg->words, w->wcap, sizeof(*pg->words));
            }
            wd = &pg->words[pg->nwords];
            memset(wd, 0, sizeof(*wd));
            rc = box(c, w->where, &wd->x, &wd->y, &wd->w, &wd->h, err);
            if (rc != FOLIO_OK)
                break;
            wd->text = xstrdup(content);
            wd->subs = sc && sc[0] ? xstrdup(sc) : NULL;
            wd->hyp_part = !st                           ? 0
                           : strcmp(st, "HypPart1") == 0 ? 1
                           : strcmp(st, "HypPart2") == 0 ? 2
                                                         : 0;
            wd->line = pg->nlines;
            wd->block = (int)w->cur_block;
            pg->nwords++;
        } else if (xml_is(c, "HYP")) {
            if (pg->nwords > 0 && pg->words[pg->nwords - 1].line == pg->nlines)
                pg->words[pg->nwords - 1].hyp_after = true;
        } else {
            rc = walk(w, c, err);
        }
    }
    return rc;
}

/*
 * A Page without WIDTH/HEIGHT (optional before ALTO 2, left out by some
 * converters): the extent of everything on it, so its words and blocks
 * still land inside the page.
 */
static void page_extent(struct alto_page *pg)
{
    double mw = 0, mh = 0;
    size_t i;

    for (i = 0; i < pg->nblocks; i++) {
        mw = fmax(mw, pg->blocks[i].x + pg->blocks[i].w);
        mh = fmax(mh, pg->blocks[i].y + pg->blocks[i].h);
    }
    for (i = 0; i < pg->ngroups; i++) {
        mw = fmax(mw, pg->groups[i].x + pg->groups[i].w);
        mh = fmax(mh, pg->groups[i].y + pg->groups[i].h);
    }
    for (i = 0; i < pg->nwords; i++) {
        mw = fmax(mw, pg->words[i].x + pg->words[i].w);
        mh = fmax(mh, pg->words[i].y + pg->words[i].h);
    }
    if (pg->width <= 0)
        pg->width = ceil(mw);
    if (pg->height <= 0)
        pg->height = ceil(mh);
}

enum folio_rc alto_parse(const unsigned char *data,
                         size_t len,
                         const char *where,
                         struct alto_page *out,
                         struct folio_err *err)
{
    struct alto_page pg;
    struct walk w;
    xmlDoc *doc = NULL;
    xmlNode *root, *n;
    char *unit = NULL;
    double x, y;
    enum folio_rc rc;

    memset(&pg, 0, sizeof(pg));
    rc = xml_parse(data, len, where, &doc, err);
    if (rc != FOLIO_OK)
        goto out;
    root = xmlDocGetRootElement(doc);
    if (!xml_is(root, "alto")) {
        rc = err_set(err, FOLIO_ERR_INVALID, where,
                     "root element is <%s>, not <alto>",
                     (const char *)root->name);
        goto out;
    }
    n = xml_child(xml_child(root, "Description"), "MeasurementUnit");
    unit = n ? xml_text(n) : xstrdup("pixel");
    if (strcasecmp(unit, "pixel") == 0 || !unit[0]) {
        pg.unit = ALTO_UNIT_PIXEL;
    } else if (strcasecmp(unit, "mm10") == 0) {
        pg.unit = ALTO_UNIT_MM10;
    } else if (strcasecmp(unit, "inch1200") == 0) {
        pg.unit = ALTO_UNIT_INCH1200;
    } else {
        rc = err_set(err, FOLIO_ERR_INVALID, where,
                     "unknown MeasurementUnit '%s'", unit);
        goto out;
    }
    n = xml_child(xml_child(root, "Layout"), "Page");
    if (!n) {
        rc = err_set(err, FOLIO_ERR_INVALID, where, "no <Layout><Page>");
        goto out;
    }
    rc = box(n, where, &x, &y, &pg.width, &pg.height, err);
    if (rc != FOLIO_OK)
        goto out;
    memset(&w, 0, sizeof(w));
    w.pg = &pg;
    w.where = where;
    w.cur_block = -1;
    rc = walk(&w, n, err);
    if (rc != FOLIO_OK)
        goto out;
    if (pg.width <= 0 || pg.height <= 0)
        page_extent(&pg);
    *out = pg;
    memset(&pg, 0, sizeof(pg));
out:
    alto_page_release(&pg);
    free(unit);
    if (doc)
        xmlFreeDoc(doc);
    return rc;
}

void alto_page_release(struct alto_page *pg)
{
    size_t i;

    if (!pg)
        return;
    for (i = 0; i < pg->nwords; i++) {
        free(pg->words[i].text);
        free(pg->words[i].subs);
    }
    for (i = 0; i < pg->nblocks; i++) {
        free(pg->blocks[i].id);
        free(pg->blocks[i].lang);
    }
    for (i = 0; i < pg->ngroups; i++)
        free(pg->groups[i].id);
    free(pg->words);
    free(pg->blocks);
    free(pg->groups);
    memset(pg, 0, sizeof(*pg));
}

void alto_text_oni(const struct alto_page *pg, struct buf *out)
{
    size_t i;

    for (i = 0; i < pg->nwords; i++) {
        const struct alto_word *wd = &pg->words[i];
        if (i > 0) {
            const struct alto_word *pv = &pg->words[i - 1];
            if (pv->block != wd->block)
                buf_adds(out, "\n\n");
            else if (pv->line != wd->line)
                buf_addc(out, '\n');
            else
                buf_addc(out, ' ');
        }
        buf_adds(out, wd->text);
    }
    if (pg->nwords > 0)
        buf_addc(out, '\n');
}

/* Bytes of a '¬' (C2 AC) or '⸗' (E2 B8 97) ending s[0..k), else 0. */
static size_t hyph_mark(const char *s, size_t k)
{
    if (k >= 2 && (unsigned char)s[k - 2] == 0xC2 &&
        (unsigned char)s[k - 1] == 0xAC)
        return 2;
    if (k >= 3 && (unsigned char)s[k - 3] == 0xE2 &&
        (unsigned char)s[k - 2] == 0xB8 && (unsigned char)s[k - 1] == 0x97)
        return 3;
    return 0;
}

/* Reading text of words [first, first + n), hyphenation joined. */
static void add_words_text(const struct alto_page *pg,
                           size_t first,
                           size_t n,
                           struct buf *b)
{
    size_t i, k, mark, end = first + n;
    bool glue = false; /* next word continues the previous one */

    for (i = first; i < end; i++) {
        const struct alto_word *wd = &pg->words[i];
        if (wd->hyp_part == 1 && wd->subs && i + 1 < end &&
            pg->words[i + 1].hyp_part == 2) {
            if (b->len > 0 && !glue)
                buf_addc(b, ' ');
            buf_adds(b, wd->subs);
            i++; /* the second part is in SUBS_CONTENT already */
            glue = false;
            continue;
        }
        if (b->len > 0 && !glue)
            buf_addc(b, ' ');
        /*
         * A line-final HYP without SUBS_CONTENT joins across the break;
         * so does a line-final word ending in a hyphenation sign that is
         * nothing else (U+00AC '¬', U+2E17 '⸗', Fraktur OCR), with or
         * without HYP: the sign is dropped.
         */
        k = strlen(wd->text);
        mark = hyph_mark(wd->text, k);
        glue = (wd->hyp_after || mark > 0) && i + 1 < end &&
               pg->words[i + 1].line != wd->line;
        if (glue && mark > 0 && k > mark)
            k -= mark;
        else if (glue && k > 1 && wd->text[k - 1] == '-')
            k--; /* the hyphen printed inside CONTENT as well */
        buf_add(b, wd->text, k);
    }
}

void alto_block_paragraphs(const struct alto_page *pg,
                           size_t first,
                           size_t n,
                           char ***paras,
                           size_t *nparas)
{
    struct buf b;
    size_t i;

    buf_init(&b, 1u << 20);
    for (i = first; i < first + n && i < pg->nblocks; i++) {
        const struct alto_block *bl = &pg->blocks[i];
        buf_reset(&b);
        add_words_text(pg, bl->first_word, bl->nwords, &b);
        if (b.len == 0 || b.status != FOLIO_OK)
            continue;
        *paras = xreallocarray(*paras, *nparas + 1, sizeof(**paras));
        (*paras)[(*nparas)++] = xstrdup(b.data);
    }
    buf_release(&b);
}

long alto_block_find(const struct alto_page *pg, const char *id)
{
    size_t i;

    for (i = 0; id && i < pg->nblocks; i++)
        if (pg->blocks[i].id && strcmp(pg->blocks[i].id, id) == 0)
            return (long)i;
    return -1;
}

long alto_group_find(const struct alto_page *pg, const char *id)
{
    size_t i;

    for (i = 0; id && i < pg->ngroups; i++)
        if (pg->groups[i].id && strcmp(pg->groups[i].id, id) == 0)
            return (long)i;
    return -1;
}

void alto_model_words(const struct alto_page *pg,
                      double scale,
                      int width_px,
                      int height_px,
                      struct page_word **out,
                      size_t *n)
{
    struct page_word *ws = NULL;
    size_t i;

    if (pg->nwords > 0)
        ws = xcalloc(pg->nwords, sizeof(*ws));
    for (i = 0; i < pg->nwords; i++) {
        const struct alto_word *a = &pg->words[i];
        double x = a->x * scale, y = a->y * scale;
        double w = a->w * scale, h = a->h * scale;
        if (width_px > 0 && x > width_px - 1)
            x = width_px - 1;
        if (height_px > 0 && y > height_px - 1)
            y = height_px - 1;
        if (width_px > 0 && x + w > width_px)
            w = width_px - x;
        if (height_px > 0 && y + h > height_px)
            h = height_px - y;
        ws[i].text = xstrdup(a->text);
        ws[i].x = (int32_t)lround(x);
        ws[i].y = (int32_t)lround(y);
        ws[i].w = (int32_t)lround(w) > 0 ? (int32_t)lround(w) : 1;
        ws[i].h = (int32_t)lround(h) > 0 ? (int32_t)lround(h) : 1;
        ws[i].line = a->line;
        ws[i].block = a->block;
    }
    *out = ws;
    *n = pg->nwords;
}
