/* SPDX-License-Identifier: MIT */
/*
 * demo_pdf.c - lays the demo issues in examples/ out as newspaper pages.
 *
 * Usage: folio-demo-pdf [--png] ISSUE_DIR [ISSUE_DIR ...]
 *
 * For each ISSUE_DIR/issue.json it sets every page's articles in columns
 * with pango + cairo and Debian's Noto CJK fonts (fonts-noto-cjk), and
 * writes
 *   ISSUE_DIR/pages/NN.pdf   the page, 1000 x 1400 pt (the zones'
 *                            coordinate space: 1 unit = 1 pt)
 *   ISSUE_DIR/pages/NN.png   with --png only: the same page drawn at
 *                            1 px per pt, set as the page's "image"
 *   ISSUE_DIR/truth.json     every laid-out line of every article with its
 *                            box in page units (y down from the top), and
 *                            each article's zone: the union of its lines
 *                            and pictures. These are the right answers for
 *                            zone derivation from the PDF text layer.
 * and rewrites issue.json with each page's "pdf", width, height and each
 * article's "zones" (that union, rounded outwards). Without --png the
 * pages have no "image": folio renders page images and tiles from the
 * PDFs at import, which is what the demo is meant to exercise.
 *
 * Page 1 gets the masthead (paper name, date, number), inner pages a folio
 * line. The first article of a page spans the full width in four columns,
 * the others share two half-width stacks; the body size is the largest
 * that fits the page. The output depends only on the input and the fonts.
 *
 * A build tool, not part of libfolio: it uses glib/pango types and exits
 * on the first error with a message naming the file.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <jansson.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W    1000.0
#define PAGE_H    1400.0
#define MARGIN    36.0
#define GUTTER    20.0
#define BOTTOM    (PAGE_H - 36.0)
#define MAX_COLS  4
#define MAX_LINES 4096

#define SERIF "Noto Serif CJK SC"
#define SANS  "Noto Sans CJK SC"

/* One laid-out line: where it goes and what it says. */
struct pline {
    PangoLayoutLine *line; /* ref held */
    double x, y;           /* top-left of the line box on the page */
    double w, h;           /* logical box of the text */
    double lead;           /* advance to the next line */
    double ascent;         /* baseline below the box top */
    double lx;             /* logical x offset inside the layout */
    const char *kind;      /* "kicker", "headline", "body", ... */
    char *text;
    double r, g, b;
};

struct picture {
    cairo_surface_t *img; /* ref held */
    double x, y, w, h;
};

struct article_out {
    const char *id;
    struct pline *lines;
    size_t nlines;
    struct picture pics[4];
    size_t npics;
    double x0, y0, x1, y1; /* zone */
};

struct page_out {
    struct article_out arts[16];
    size_t narts;
    double rules[32][4]; /* x0 y0 x1 y1 */
    size_t nrules;
    double filler[4]; /* x y w h of the hotline box, w = 0 when none */
};

struct ctx {
    PangoContext *pc;
    const char *dir;
    const char *paper_name;
    const char *date;
    long long number;
    int npages;
    bool png; /* also write pages/NN.png and set "image" */
    double body_pt;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));
static void *xcalloc(size_t n, size_t size);
static const char *jstr(json_t *o, const char *key);
static int weekday(int y, int m, int d);
static PangoLayout *
make_layout(struct ctx *c, const char *font, double pt, double width);
static void add_text(struct ctx *c,
                     struct article_out *a,
                     const char *text,
                     const char *font,
                     double pt,
                     double lead,
                     double width,
                     PangoAlignment align,
                     double indent_em,
                     const char *kind,
                     double rgb,
                     struct pline *out,
                     size_t *nout);
static double layout_article(struct ctx *c,
                             json_t *art,
                             struct article_out *a,
                             double x,
                             double y,
                             double width,
                             int ncols,
                             bool lead);
static double
layout_page(struct ctx *c, json_t *page, struct page_out *po, double top);
static void
draw_page(struct ctx *c, cairo_t *cr, json_t *page, struct page_out *po);
static void draw_line(cairo_t *cr, const struct pline *l);
static void free_page(struct page_out *po);
static void do_issue(const char *dir, bool png);

static void die(const char *fmt, ...)
{
    va_list ap;

    fputs("folio-demo-pdf: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);

    if (p == NULL)
        die("out of memory");
    return p;
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* 0 = Monday .. 6 = Sunday (Sakamoto's method, Gregorian calendar). */
static int weekday(int y, int m, int d)
{
    static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
    int w;

    if (m < 3)
        y -= 1;
    w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7; /* 0 = Sunday */
    return (w + 6) % 7;
}

static PangoLayout *
make_layout(struct ctx *c, const char *font, double pt, double width)
{
    PangoLayout *l = pango_layout_new(c->pc);
    PangoFontDescription *fd = pango_font_description_from_string(font);

    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    return l;
}

/*
 * Break text into lines of at most width and append them to out (without
 * positions yet; lead is the line advance).
 */
static void add_text(struct ctx *c,
                     struct article_out *a,
                     const char *text,
                     const char *font,
                     double pt,
                     double lead,
                     double width,
                     PangoAlignment align,
                     double indent_em,
                     const char *kind,
                     double rgb,
                     struct pline *out,
                     size_t *nout)
{
    PangoLayout *l;
    PangoLayoutIter *it;

    (void)a;
    if (text == NULL || text[0] == '\0')
        return;
    l = make_layout(c, font, pt, width);
    pango_layout_set_alignment(l, align);
    if (indent_em > 0) {
        pango_layout_set_indent(l, (int)(indent_em * pt * PANGO_SCALE));
        pango_layout_set_justify(l, TRUE);
    }
    pango_layout_set_text(l, text, -1);
    it = pango_layout_get_iter(l);
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle ink, logical;
        struct pline *p;

        if (*nout >= MAX_LINES)
            die("too many lines");
        p = &out[(*nout)++];
        pango_layout_iter_get_line_extents(it, &ink, &logical);
        p->line = pango_layout_line_ref(line);
        p->lx = (double)logical.x / PANGO_SCALE;
        p->w = (double)logical.width / PANGO_SCALE;
        p->h = (double)logical.height / PANGO_SCALE;
        p->ascent = (double)(pango_layout_iter_get_baseline(it) - logical.y) /
                    PANGO_SCALE;
        p->lead = lead;
        p->kind = kind;
        p->text = g_strndup(text + line->start_index, line->length);
        p->r = p->g = p->b = rgb;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
}

/*
 * Lay out one article in the box starting at (x, y), width wide, body in
 * ncols columns; the picture (if any) spans the right half of the
 * columns. Returns the bottom y. Lines land in a->lines with positions.
 */
static double layout_article(struct ctx *c,
                             json_t *art,
                             struct article_out *a,
                             double x,
                             double y,
                             double width,
                             int ncols,
                             bool lead)
{
    struct pline *head = xcalloc(64, sizeof(*head));
    struct pline *body = xcalloc(MAX_LINES, sizeof(*body));
    size_t nhead = 0, nbody = 0, i, k;
    double colw = (width - GUTTER * (ncols - 1)) / ncols;
    double top[MAX_COLS], bottom, by, hl_pt = lead ? 40 : 27;
    double bpt = c->body_pt, blead = bpt * 1.62;
    json_t *paras = json_object_get(art, "body");
    json_t *imgs = json_object_get(art, "images");
    json_t *p, *cont;
    int pic_cols = ncols / 2;

    a->id = jstr(art, "id");
    add_text(c, a, jstr(art, "kicker"), SANS, lead ? 17 : 14, lead ? 26 : 22,
             width, lead ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, 0, "kicker",
             0.25, head, &nhead);
    add_text(c, a, jstr(art, "headline"), SERIF " Bold", hl_pt, hl_pt * 1.3,
             width, lead ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, 0, "headline",
             0, head, &nhead);
    add_text(c, a, jstr(art, "subhead"), SANS, lead ? 18 : 15, lead ? 27 : 23,
             width, lead ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, 0, "subhead",
             0.15, head, &nhead);
    add_text(c, a, jstr(art, "byline"), SANS, 12.5, 22, width,
             lead ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, 0, "byline", 0.4,
             head, &nhead);
    by = y;
    for (i = 0; i < nhead; i++) {
        head[i].x = x;
        head[i].y = by + (head[i].lead - head[i].h) / 2;
        by += head[i].lead;
        if (strcmp(head[i].kind, "headline") == 0 &&
            (i + 1 == nhead || strcmp(head[i + 1].kind, "headline") != 0))
            by += 4;
    }
    by += 8;

    cont = json_object_get(art, "continued_from");
    if (json_is_object(cont)) {
        char buf[64];
        snprintf(buf, sizeof(buf), "（上接第%02lld版）",
                 (long long)json_integer_value(json_object_get(cont, "page")));
        add_text(c, a, buf, SERIF " Bold", bpt, blead, colw, PANGO_ALIGN_LEFT,
                 0, "continued", 0.0, body, &nbody);
    }
    json_array_foreach(paras, k, p)
        add_text(c, a, json_string_value(p), SANS, bpt, blead, colw,
                 PANGO_ALIGN_LEFT, 2.0, "body", 0.08, body, &nbody);
    cont = json_object_get(art, "continues");
    if (json_is_object(cont)) {
        char buf[64];
        snprintf(buf, sizeof(buf), "（转第%02lld版）",
                 (long long)json_integer_value(json_object_get(cont, "page")));
        add_text(c, a, buf, SERIF " Bold", bpt, blead, colw, PANGO_ALIGN_RIGHT,
                 0, "continues", 0.0, body, &nbody);
    }

    for (i = 0; i < (size_t)ncols; i++)
        top[i] = by;
    a->npics = 0;
    if (json_array_size(imgs) > 0) {
        json_t *im = json_array_get(imgs, 0);
        char path[4096];
        cairo_surface_t *s;
        double pw = colw * pic_cols + GUTTER * (pic_cols - 1), ph, px;
        size_t cap_start = nhead;

        snprintf(path, sizeof(path), "%s/%s", c->dir, jstr(im, "src"));
        s = cairo_image_surface_create_from_png(path);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
            die("cannot read '%s'", path);
        ph = pw * cairo_image_surface_get_height(s) /
             cairo_image_surface_get_width(s);
        px = x + width - pw;
        a->pics[a->npics++] = (struct picture){ s, px, by, pw, ph };
        add_text(c, a, jstr(im, "caption"), SANS, 11.5, 17, pw,
                 PANGO_ALIGN_LEFT, 0, "caption", 0.3, head, &nhead);
        by = by + ph + 5;
        for (i = cap_start; i < nhead; i++) {
            head[i].x = px;
            head[i].y = by + (head[i].lead - head[i].h) / 2;
            by += head[i].lead;
        }
        for (i = (size_t)(ncols - pic_cols); i < (size_t)ncols; i++)
            top[i] = by + 10;
    }

    /* the shortest bottom that holds every body line: balanced columns */
    for (bottom = top[0] + blead;; bottom += 1.0) {
        size_t col = 0, n = 0;
        double yy = top[0];

        while (n < nbody && col < (size_t)ncols) {
            if (yy + blead <= bottom + 0.01) {
                body[n].x = x + col * (colw + GUTTER);
                body[n].y = yy + (blead - body[n].h) / 2;
                yy += blead;
                n++;
            } else if (++col < (size_t)ncols) {
                yy = top[col];
            }
        }
        if (n == nbody)
            break;
        if (bottom > 4 * PAGE_H)
            die("article '%s' does not fit", a->id);
    }
    for (i = 0; i < (size_t)ncols; i++)
        if (top[i] > bottom)
            bottom = top[i];

    a->lines = xcalloc(nhead + nbody, sizeof(*a->lines));
    memcpy(a->lines, head, nhead * sizeof(*head));
    memcpy(a->lines + nhead, body, nbody * sizeof(*body));
    a->nlines = nhead + nbody;
    free(head);
    free(body);

    a->x0 = a->y0 = 1e9;
    a->x1 = a->y1 = -1e9;
    for (i = 0; i < a->nlines; i++) {
        const struct pline *l = &a->lines[i];
        double lx0 = l->x + l->lx;

        a->x0 = fmin(a->x0, lx0);
        a->y0 = fmin(a->y0, l->y);
        a->x1 = fmax(a->x1, lx0 + l->w);
        a->y1 = fmax(a->y1, l->y + l->h);
    }
    for (i = 0; i < a->npics; i++) {
        a->x0 = fmin(a->x0, a->pics[i].x);
        a->y0 = fmin(a->y0, a->pics[i].y);
        a->x1 = fmax(a->x1, a->pics[i].x + a->pics[i].w);
        a->y1 = fmax(a->y1, a->pics[i].y + a->pics[i].h);
    }
    return bottom;
}

/* Lay out every article of page below top; returns the lowest bottom. */
static double
layout_page(struct ctx *c, json_t *page, struct page_out *po, double top)
{
    json_t *arts = json_object_get(page, "articles");
    size_t n = json_array_size(arts), i;
    double half = (PAGE_W - 2 * MARGIN - GUTTER) / 2;
    double y, ycol[2], lowest;

    memset(po, 0, sizeof(*po));
    if (n == 0)
        return top;
    if (n > 16)
        die("too many articles on a page");
    y = layout_article(c, json_array_get(arts, 0), &po->arts[0], MARGIN, top,
                       PAGE_W - 2 * MARGIN, 4, true);
    po->narts = 1;
    y += 14;
    po->rules[po->nrules][0] = MARGIN;
    po->rules[po->nrules][1] = y - 7;
    po->rules[po->nrules][2] = PAGE_W - MARGIN;
    po->rules[po->nrules++][3] = y - 7;
    ycol[0] = ycol[1] = y;
    for (i = 1; i < n; i++) {
        int s = ycol[1] < ycol[0] ? 1 : 0;
        double x = MARGIN + s * (half + GUTTER);

        if (ycol[s] > y) {
            po->rules[po->nrules][0] = x;
            po->rules[po->nrules][1] = ycol[s] - 7;
            po->rules[po->nrules][2] = x + half;
            po->rules[po->nrules++][3] = ycol[s] - 7;
        }
        ycol[s] = layout_article(c, json_array_get(arts, i), &po->arts[i], x,
                                 ycol[s], half, 2, false) +
                  14;
        po->narts++;
    }
    lowest = fmax(ycol[0], ycol[1]) - 14;
    if (n > 1) {
        int s = ycol[0] < ycol[1] ? 0 : 1;
        double hole = lowest - (ycol[s] - 14);

        po->rules[po->nrules][0] = MARGIN + half + GUTTER / 2;
        po->rules[po->nrules][1] = y;
        po->rules[po->nrules][2] = MARGIN + half + GUTTER / 2;
        po->rules[po->nrules++][3] = lowest;
        if (hole > 70) {
            po->filler[0] = MARGIN + s * (half + GUTTER);
            po->filler[1] = ycol[s];
            po->filler[2] = half;
            po->filler[3] = fmin(hole - 14, BOTTOM - ycol[s]);
        }
    }
    return lowest;
}

static void draw_line(cairo_t *cr, const struct pline *l)
{
    cairo_set_source_rgb(cr, l->r, l->g, l->b);
    if (strcmp(l->kind, "headline") == 0 || strcmp(l->kind, "continues") == 0 ||
        strcmp(l->kind, "continued") == 0)
        cairo_set_source_rgb(cr, strcmp(l->kind, "headline") == 0 ? 0.05 : 0.66,
                             0.03, 0.1);
    cairo_move_to(cr, l->x + l->lx, l->y + l->ascent);
    pango_cairo_show_layout_line(cr, l->line);
}

static void draw_simple(struct ctx *c,
                        cairo_t *cr,
                        const char *text,
                        const char *font,
                        double pt,
                        double x,
                        double y,
                        double width,
                        PangoAlignment al)
{
    PangoLayout *l = make_layout(c, font, pt, width);

    pango_layout_set_alignment(l, al);
    pango_layout_set_text(l, text, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

static void
draw_page(struct ctx *c, cairo_t *cr, json_t *page, struct page_out *po)
{
    static const char *const wd_zh[] = { "星期一", "星期二", "星期三", "星期四",
                                         "星期五", "星期六", "星期日" };
    int num = (int)json_integer_value(json_object_get(page, "number"));
    const char *name = jstr(page, "name");
    int y = 0, m = 0, d = 0;
    char buf[256];
    size_t i, k;

    if (sscanf(c->date, "%d-%d-%d", &y, &m, &d) != 3)
        die("bad date '%s'", c->date);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    if (num == 1) {
        cairo_set_source_rgb(cr, 0.66, 0.03, 0.1);
        draw_simple(c, cr, c->paper_name, SERIF " Bold", 92, MARGIN, 40, 560,
                    PANGO_ALIGN_LEFT);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        snprintf(buf, sizeof(buf),
                 "%d年%d月%d日 %s\n第%lld期 · 今日%d版\n青禾晚报社出版", y, m,
                 d, wd_zh[weekday(y, m, d)], c->number, c->npages);
        draw_simple(c, cr, buf, SANS, 17, 600, 58, PAGE_W - MARGIN - 600,
                    PANGO_ALIGN_RIGHT);
        cairo_set_source_rgb(cr, 0.66, 0.03, 0.1);
        cairo_rectangle(cr, MARGIN, 186, PAGE_W - 2 * MARGIN, 4);
        cairo_fill(cr);
        cairo_rectangle(cr, MARGIN, 193, PAGE_W - 2 * MARGIN, 1.2);
        cairo_fill(cr);
    } else {
        cairo_set_source_rgb(cr, 0.66, 0.03, 0.1);
        cairo_rectangle(cr, MARGIN, 34, 150, 36);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        snprintf(buf, sizeof(buf), "%02d  %s", num, name ? name : "");
        draw_simple(c, cr, buf, SERIF " Bold", 18, MARGIN, 38, 150,
                    PANGO_ALIGN_CENTER);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        snprintf(buf, sizeof(buf), "%s  %d年%d月%d日 %s", c->paper_name, y, m,
                 d, wd_zh[weekday(y, m, d)]);
        draw_simple(c, cr, buf, SANS, 15, MARGIN + 170, 44,
                    PAGE_W - 2 * MARGIN - 170, PANGO_ALIGN_RIGHT);
        cairo_set_source_rgb(cr, 0.66, 0.03, 0.1);
        cairo_rectangle(cr, MARGIN, 76, PAGE_W - 2 * MARGIN, 1.5);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.8);
    for (i = 0; i < po->nrules; i++) {
        cairo_move_to(cr, po->rules[i][0], po->rules[i][1]);
        cairo_line_to(cr, po->rules[i][2], po->rules[i][3]);
        cairo_stroke(cr);
    }
    if (po->filler[2] > 0) {
        double *f = po->filler;

        cairo_set_source_rgb(cr, 0.96, 0.93, 0.88);
        cairo_rectangle(cr, f[0], f[1], f[2], f[3]);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.66, 0.03, 0.1);
        draw_simple(c, cr,
                    "青禾晚报新闻热线\n0000-8123 4567\n"
                    "欢迎提供新闻线索",
                    SERIF " Bold", 17, f[0], f[1] + f[3] / 2 - 38, f[2],
                    PANGO_ALIGN_CENTER);
    }
    for (i = 0; i < po->narts; i++) {
        struct article_out *a = &po->arts[i];

        for (k = 0; k < a->npics; k++) {
            struct picture *p = &a->pics[k];
            double sx = p->w / cairo_image_surface_get_width(p->img);

            cairo_save(cr);
            cairo_translate(cr, p->x, p->y);
            cairo_scale(cr, sx, sx);
            cairo_set_source_surface(cr, p->img, 0, 0);
            cairo_paint(cr);
            cairo_restore(cr);
        }
        for (k = 0; k < a->nlines; k++)
            draw_line(cr, &a->lines[k]);
    }
}

static void free_page(struct page_out *po)
{
    size_t i, k;

    for (i = 0; i < po->narts; i++) {
        for (k = 0; k < po->arts[i].nlines; k++) {
            pango_layout_line_unref(po->arts[i].lines[k].line);
            g_free(po->arts[i].lines[k].text);
        }
        free(po->arts[i].lines);
        for (k = 0; k < po->arts[i].npics; k++)
            cairo_surface_destroy(po->arts[i].pics[k].img);
    }
    memset(po, 0, sizeof(*po));
}

static json_t *box_json(double x, double y, double w, double h)
{
    return json_pack("[f,f,f,f]", round(x * 10) / 10, round(y * 10) / 10,
                     round(w * 10) / 10, round(h * 10) / 10);
}

static void do_issue(const char *dir, bool png)
{
    char path[4096];
    json_error_t jerr;
    json_t *root, *pages, *page, *truth, *tpages;
    struct ctx c;
    size_t pi;

    snprintf(path, sizeof(path), "%s/issue.json", dir);
    root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        die("%s:%d: %s", path, jerr.line, jerr.text);
    memset(&c, 0, sizeof(c));
    c.dir = dir;
    c.png = png;
    c.paper_name = jstr(json_object_get(root, "paper"), "name");
    c.date = jstr(root, "date");
    c.number = json_integer_value(json_object_get(root, "number"));
    pages = json_object_get(root, "pages");
    c.npages = (int)json_array_size(pages);
    if (c.paper_name == NULL || c.date == NULL || c.npages == 0)
        die("%s: paper.name, date or pages missing", path);
    {
        PangoFontMap *fm = pango_cairo_font_map_new();
        cairo_font_options_t *fo = cairo_font_options_create();

        c.pc = pango_font_map_create_context(fm);
        g_object_unref(fm);
        pango_cairo_context_set_resolution(c.pc, 72);
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(c.pc, fo);
        cairo_font_options_destroy(fo);
    }
    truth = json_object();
    tpages = json_array();
    json_object_set_new(truth, "about",
                        json_string("written by tools/demo-pdf: every laid-out "
                                    "line of every article, boxes [x, y, w, "
                                    "h] in page units (1 pt, y down); zone = "
                                    "union of the article's lines and "
                                    "pictures"));
    json_object_set_new(truth, "width", json_real(PAGE_W));
    json_object_set_new(truth, "height", json_real(PAGE_H));
    json_object_set_new(truth, "pages", tpages);

    json_array_foreach(pages, pi, page)
    {
        int num = (int)json_integer_value(json_object_get(page, "number"));
        double top = num == 1 ? 214 : 96, size;
        struct page_out po;
        cairo_surface_t *s;
        cairo_t *cr;
        json_t *tp, *tarts, *arts = json_object_get(page, "articles");
        size_t i, k;
        char rel[64];

        /* the largest body size that fits the page */
        for (size = 16.5; size >= 10.0; size -= 0.25) {
            c.body_pt = size;
            if (layout_page(&c, page, &po, top) <= BOTTOM)
                break;
            free_page(&po);
        }
        if (size < 10.0)
            die("%s: page %d does not fit", path, num);

        snprintf(rel, sizeof(rel), "pages/%02d.pdf", num);
        snprintf(path, sizeof(path), "%s/%s", dir, rel);
        s = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                       c.paper_name);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                       "folio tools/demo-pdf");
        snprintf(path, sizeof(path), "%sT12:00:00+08:00", c.date);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, path);
        cr = cairo_create(s);
        draw_page(&c, cr, page, &po);
        cairo_destroy(cr);
        cairo_surface_finish(s);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
            die("%s/%s: %s", dir, rel,
                cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        json_object_set_new(page, "pdf", json_string(rel));

        if (c.png) {
            s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)PAGE_W,
                                           (int)PAGE_H);
            cr = cairo_create(s);
            draw_page(&c, cr, page, &po);
            cairo_destroy(cr);
            snprintf(rel, sizeof(rel), "pages/%02d.png", num);
            snprintf(path, sizeof(path), "%s/%s", dir, rel);
            if (cairo_surface_write_to_png(s, path) != CAIRO_STATUS_SUCCESS)
                die("cannot write '%s'", path);
            cairo_surface_destroy(s);
            json_object_set_new(page, "image", json_string(rel));
        } else {
            json_object_del(page, "image");
        }
        json_object_set_new(page, "width", json_integer((json_int_t)PAGE_W));
        json_object_set_new(page, "height", json_integer((json_int_t)PAGE_H));

        tp = json_object();
        tarts = json_array();
        snprintf(rel, sizeof(rel), "pages/%02d.pdf", num);
        json_object_set_new(tp, "number", json_integer(num));
        json_object_set_new(tp, "pdf", json_string(rel));
        json_object_set_new(tp, "body_pt", json_real(c.body_pt));
        json_object_set_new(tp, "articles", tarts);
        json_array_append_new(tpages, tp);
        for (i = 0; i < po.narts; i++) {
            struct article_out *a = &po.arts[i];
            json_t *ta = json_object(), *lines = json_array();
            json_t *art = json_array_get(arts, i);
            double x0 = floor(a->x0) - 4, y0 = floor(a->y0) - 4;
            double x1 = ceil(a->x1) + 4, y1 = ceil(a->y1) + 4;

            json_object_set_new(ta, "id", json_string(a->id));
            json_object_set_new(
                ta, "zone",
                box_json(a->x0, a->y0, a->x1 - a->x0, a->y1 - a->y0));
            for (k = 0; k < a->nlines; k++) {
                const struct pline *l = &a->lines[k];
                json_t *tl = json_object();

                json_object_set_new(tl, "kind", json_string(l->kind));
                json_object_set_new(tl, "text", json_string(l->text));
                json_object_set_new(tl, "box",
                                    box_json(l->x + l->lx, l->y, l->w, l->h));
                json_array_append_new(lines, tl);
            }
            json_object_set_new(ta, "lines", lines);
            json_array_append_new(tarts, ta);
            json_object_set_new(art, "zones",
                                json_pack("[[i,i,i,i]]", (int)x0, (int)y0,
                                          (int)(x1 - x0), (int)(y1 - y0)));
        }
        free_page(&po);
    }

    snprintf(path, sizeof(path), "%s/truth.json", dir);
    if (json_dump_file(truth, path, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0)
        die("cannot write '%s'", path);
    snprintf(path, sizeof(path), "%s/issue.json", dir);
    if (json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        die("cannot write '%s'", path);
    json_decref(truth);
    json_decref(root);
    g_object_unref(c.pc);
}

int main(int argc, char **argv)
{
    int i = 1;
    bool png = false;

    if (argc > 1 && strcmp(argv[1], "--png") == 0) {
        png = true;
        i++;
    }
    if (i >= argc) {
        fputs("usage: folio-demo-pdf [--png] ISSUE_DIR [ISSUE_DIR ...]\n",
              stderr);
        return 2;
    }
    for (; i < argc; i++)
        do_issue(argv[i], png);
    return 0;
}
