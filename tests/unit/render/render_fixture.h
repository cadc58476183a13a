/*
 * render_fixture.h - a three-page test issue built in memory for the
 * render tests, and small string helpers. Included by each test file.
 *
 *   page 1 要闻: image (png), PDF; a1 (2 zones, continues on page 3),
 *                a2 (headline with <script> and quotes, 1 zone)
 *   page 2 经济: no image; b1 (kicker, subhead), b2 (neither)
 *   page 3 文化: image (jpeg), no PDF; a1-cont (continued from page 1,
 *                one picture with caption), c2
 */
#ifndef RENDER_FIXTURE_H
#define RENDER_FIXTURE_H

#include "base/compat.h"

#include "base/xalloc.h"
#include "model/model.h"

#define FX_EVIL "<script>alert(\"x\")</script> & 'q'"

static inline char *fx_dup(const char *s)
{
    return s != NULL ? xstrdup(s) : NULL;
}

static inline void fx_article(struct article *a,
                              const char *id,
                              int seq,
                              const char *kicker,
                              const char *headline,
                              const char *subhead,
                              size_t nzones)
{
    size_t i;

    a->id = fx_dup(id);
    a->seq = seq;
    a->kicker = fx_dup(kicker);
    a->headline = fx_dup(headline);
    a->subhead = fx_dup(subhead);
    a->nparagraphs = 2;
    a->paragraphs = xcalloc(2, sizeof(char *));
    a->paragraphs[0] = fx_dup("第一段。");
    a->paragraphs[1] = fx_dup("第二段 <b>不是标签</b>。");
    a->nzones = nzones;
    a->zones = nzones ? xcalloc(nzones, sizeof(struct zone)) : NULL;
    for (i = 0; i < nzones; i++) {
        a->zones[i].x = 10 + 100 * seq + (int32_t)i;
        a->zones[i].y = 20 + 200 * (int32_t)i;
        a->zones[i].w = 300;
        a->zones[i].h = 150;
    }
}

static inline struct issue *fx_issue(void)
{
    struct issue *iss = xcalloc(1, sizeof(*iss));
    struct page *p;

    iss->paper.id = fx_dup("tyrb");
    iss->paper.name = fx_dup("太原日报");
    iss->paper.language = fx_dup("zh-CN");
    iss->paper.timezone = fx_dup("Asia/Shanghai");
    memcpy(iss->date, "2023-02-07", 11);
    iss->number = 22871;
    iss->status = ISSUE_PUBLISHED;
    iss->npages = 3;
    iss->pages = xcalloc(3, sizeof(struct page));

    p = &iss->pages[0];
    p->number = 1;
    p->name = fx_dup("要闻");
    p->image_media = fx_dup("aaaa1111");
    p->image_mime = fx_dup("image/png");
    p->pdf_media = fx_dup("pdf00001");
    p->width = 1000;
    p->height = 1400;
    p->narticles = 2;
    p->articles = xcalloc(2, sizeof(struct article));
    fx_article(&p->articles[0], "a1", 1, "引题一", "头条新闻", "副题一", 2);
    p->articles[0].byline = fx_dup("本报记者 王明");
    p->articles[0].continues.page = 3;
    p->articles[0].continues.article = fx_dup("a1-cont");
    fx_article(&p->articles[1], "a2", 2, NULL, FX_EVIL, NULL, 1);

    p = &iss->pages[1];
    p->number = 2;
    p->name = fx_dup("经济");
    p->narticles = 2;
    p->articles = xcalloc(2, sizeof(struct article));
    fx_article(&p->articles[0], "b1", 1, "经济引题", "经济头条", "经济副题", 0);
    fx_article(&p->articles[1], "b2", 2, NULL, "市场动态", NULL, 0);

    p = &iss->pages[2];
    p->number = 3;
    p->name = fx_dup("文化");
    p->image_media = fx_dup("cccc3333");
    p->image_mime = fx_dup("image/jpeg");
    p->width = 800;
    p->height = 1200;
    p->narticles = 2;
    p->articles = xcalloc(2, sizeof(struct article));
    fx_article(&p->articles[0], "a1-cont", 1, NULL, "头条新闻（续）", NULL, 1);
    p->articles[0].continued_from.page = 1;
    p->articles[0].continued_from.article = fx_dup("a1");
    p->articles[0].npictures = 1;
    p->articles[0].pictures = xcalloc(1, sizeof(struct picture));
    p->articles[0].pictures[0].media = fx_dup("dddd4444");
    p->articles[0].pictures[0].mime = fx_dup("image/jpeg");
    p->articles[0].pictures[0].caption = fx_dup("晋祠的\"雪景\"");
    fx_article(&p->articles[1], "c2", 2, NULL, "文化短讯", NULL, 1);
    return iss;
}

/* Number of non-overlapping occurrences of needle in hay. */
static inline int fx_count(const char *hay, const char *needle)
{
    int n = 0;
    size_t nl = strlen(needle);

    while ((hay = strstr(hay, needle)) != NULL) {
        n++;
        hay += nl;
    }
    return n;
}

/* Byte offset of needle in hay, or -1. */
static inline long fx_pos(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);

    return p != NULL ? (long)(p - hay) : -1;
}

/* Dump html to $FOLIO_RENDER_DUMP/name when that variable is set. */
static inline void fx_dump(const char *name, const char *html)
{
    const char *dir = getenv("FOLIO_RENDER_DUMP");
    char path[4096];
    FILE *f;

    if (dir == NULL)
        return;
    (void)snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    if (f == NULL)
        return;
    fputs(html, f);
    fclose(f);
}

#endif
