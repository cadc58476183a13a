/* model.c - lifecycle, lookup, navigation and validation of the domain. */
#include "base/compat.h"

#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool ref_exists(const struct issue *iss, const struct article_ref *r);

void paper_release(struct paper *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->name);
    free(p->language);
    free(p->timezone);
    memset(p, 0, sizeof(*p));
}

void zone_release(struct zone *z)
{
    if (!z)
        return;
    free(z->points);
    memset(z, 0, sizeof(*z));
}

void page_words_free(struct page_word *words, size_t n)
{
    size_t i;

    for (i = 0; words && i < n; i++)
        free(words[i].text);
    free(words);
}

void article_release(struct article *a)
{
    size_t i;

    if (!a)
        return;
    free(a->id);
    free(a->kicker);
    free(a->headline);
    free(a->subhead);
    free(a->byline);
    free(a->lang);
    for (i = 0; i < a->nparagraphs; i++)
        free(a->paragraphs[i]);
    free(a->paragraphs);
    for (i = 0; i < a->npictures; i++) {
        free(a->pictures[i].media);
        free(a->pictures[i].mime);
        free(a->pictures[i].caption);
    }
    free(a->pictures);
    for (i = 0; i < a->nzones; i++)
        zone_release(&a->zones[i]);
    free(a->zones);
    free(a->continues.article);
    free(a->continued_from.article);
    memset(a, 0, sizeof(*a));
}

void page_release(struct page *pg)
{
    size_t i;

    if (!pg)
        return;
    free(pg->name);
    free(pg->image_media);
    free(pg->image_mime);
    free(pg->pdf_media);
    for (i = 0; i < pg->narticles; i++)
        article_release(&pg->articles[i]);
    free(pg->articles);
    page_words_free(pg->words, pg->nwords);
    memset(pg, 0, sizeof(*pg));
}

void issue_free(struct issue *iss)
{
    size_t i;

    if (!iss)
        return;
    paper_release(&iss->paper);
    free(iss->edition);
    for (i = 0; i < iss->npages; i++)
        page_release(&iss->pages[i]);
    free(iss->pages);
    free(iss);
}

const char *issue_status_name(enum issue_status st)
{
    return st == ISSUE_PUBLISHED ? "published" : "draft";
}

bool model_id_valid(const char *s, bool lower_only)
{
    size_t i, n;

    if (!s)
        return false;
    n = strlen(s);
    if (n == 0 || n > MODEL_ID_MAX)
        return false;
    for (i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (!lower_only && c >= 'A' && c <= 'Z');
        if (!ok)
            return false;
    }
    return true;
}

int issue_page_index(const struct issue *iss, int number)
{
    size_t i;

    for (i = 0; i < iss->npages; i++)
        if (iss->pages[i].number == number)
            return (int)i;
    return -1;
}

bool issue_find_article(const struct issue *iss,
                        const char *id,
                        size_t *page_index,
                        size_t *article_index)
{
    size_t p, a, found = 0, fp = 0, fa = 0;

    for (p = 0; p < iss->npages; p++)
        for (a = 0; a < iss->pages[p].narticles; a++)
            if (strcmp(iss->pages[p].articles[a].id, id) == 0) {
                fp = p;
                fa = a;
                found++;
            }
    if (found != 1)
        return false;
    *page_index = fp;
    *article_index = fa;
    return true;
}

bool issue_article_step(const struct issue *iss,
                        size_t pi,
                        size_t ai,
                        int dir,
                        size_t *out_pi,
                        size_t *out_ai)
{
    if (pi >= iss->npages || ai >= iss->pages[pi].narticles)
        BUG("article (%zu, %zu) out of range", pi, ai);
    if (dir > 0) {
        if (ai + 1 < iss->pages[pi].narticles) {
            *out_pi = pi;
            *out_ai = ai + 1;
            return true;
        }
        for (pi = pi + 1; pi < iss->npages; pi++)
            if (iss->pages[pi].narticles > 0) {
                *out_pi = pi;
                *out_ai = 0;
                return true;
            }
        return false;
    }
    if (ai > 0) {
        *out_pi = pi;
        *out_ai = ai - 1;
        return true;
    }
    while (pi > 0) {
        pi--;
        if (iss->pages[pi].narticles > 0) {
            *out_pi = pi;
            *out_ai = iss->pages[pi].narticles - 1;
            return true;
        }
    }
    return false;
}

static bool ref_exists(const struct issue *iss, const struct article_ref *r)
{
    int pi;
    size_t a;

    if (r->page == 0)
        return true;
    pi = issue_page_index(iss, r->page);
    if (pi < 0 || !r->article)
        return false;
    for (a = 0; a < iss->pages[pi].narticles; a++)
        if (strcmp(iss->pages[pi].articles[a].id, r->article) == 0)
            return true;
    return false;
}

enum folio_rc issue_validate(const struct issue *iss, struct folio_err *err)
{
    char where[128];
    size_t p, a, z, b, q;

    if (!model_id_valid(iss->paper.id, true))
        return err_set(err, FOLIO_ERR_INVALID, "paper.id",
                       "must be 1-%d characters of a-z, 0-9, '-' or '_'",
                       MODEL_ID_MAX);
    if (!iss->paper.name || !iss->paper.name[0])
        return err_set(err, FOLIO_ERR_INVALID, "paper.name", "missing");
    /* page numbers first: article checks look pages up by number */
    for (p = 0; p < iss->npages; p++) {
        const struct page *pg = &iss->pages[p];
        (void)snprintf(where, sizeof(where), "pages[%zu].number", p);
        if (pg->number < 1 || pg->number > MODEL_MAX_PAGES)
            return err_set(err, FOLIO_ERR_INVALID, where,
                           "%d is not between 1 and %d", pg->number,
                           MODEL_MAX_PAGES);
        if (p > 0 && pg->number <= iss->pages[p - 1].number)
            return err_set(err, FOLIO_ERR_INVALID, where,
                           "page %d is duplicated or out of order", pg->number);
    }
    for (p = 0; p < iss->npages; p++) {
        const struct page *pg = &iss->pages[p];
        for (a = 0; a < pg->narticles; a++) {
            const struct article *art = &pg->articles[a];
            (void)snprintf(where, sizeof(where), "pages[%zu].articles[%zu]", p,
                           a);
            if (!model_id_valid(art->id, false))
                return err_set(err, FOLIO_ERR_INVALID, where,
                               "id must be 1-%d characters of A-Z, a-z, 0-9, "
                               "'-' or '_'",
                               MODEL_ID_MAX);
            if (!art->headline || !art->headline[0])
                return err_set(err, FOLIO_ERR_INVALID, where,
                               "headline missing");
            for (b = 0; b < a; b++)
                if (strcmp(pg->articles[b].id, art->id) == 0)
                    return err_set(err, FOLIO_ERR_INVALID, where,
                                   "duplicate article id '%s' on page %d",
                                   art->id, pg->number);
            for (z = 0; z < art->nzones; z++) {
                const struct zone *zn = &art->zones[z];
                if (zn->w <= 0 || zn->h <= 0 || zn->x < 0 || zn->y < 0 ||
                    pg->width <= 0 || pg->height <= 0 ||
                    zn->x > pg->width - zn->w || zn->y > pg->height - zn->h)
                    return err_set(err, FOLIO_ERR_INVALID, where,
                                   "zone %zu [%d,%d,%d,%d] lies outside the "
                                   "%dx%d page",
                                   z, zn->x, zn->y, zn->w, zn->h, pg->width,
                                   pg->height);
                if (zn->npoints &&
                    (zn->npoints < 3 || zn->npoints > MODEL_MAX_POLYGON_POINTS))
                    return err_set(err, FOLIO_ERR_INVALID, where,
                                   "zone %zu: a polygon needs 3 to %d points",
                                   z, MODEL_MAX_POLYGON_POINTS);
                for (q = 0; q < zn->npoints; q++)
                    if (zn->points[q].x < zn->x || zn->points[q].y < zn->y ||
                        zn->points[q].x > zn->x + zn->w ||
                        zn->points[q].y > zn->y + zn->h)
                        return err_set(err, FOLIO_ERR_INVALID, where,
                                       "zone %zu: point %zu lies outside its "
                                       "bounding box",
                                       z, q);
            }
            if (!ref_exists(iss, &art->continues))
                return err_set(err, FOLIO_ERR_INVALID, where,
                               "continues: no article '%s' on page %d",
                               art->continues.article ? art->continues.article
                                                      : "",
                               art->continues.page);
            if (!ref_exists(iss, &art->continued_from))
                return err_set(err, FOLIO_ERR_INVALID, where,
                               "continued_from: no article '%s' on page %d",
                               art->continued_from.article
                                   ? art->continued_from.article
                                   : "",
                               art->continued_from.page);
        }
    }
    return FOLIO_OK;
}
