/* SPDX-License-Identifier: MIT */
/*
 * imaging_child.c - `folio _imaging`, the process that touches untrusted
 * bytes. It runs under the limits set by imaging_run.c (rlimits, timeout,
 * bubblewrap), reads one input file, and writes derivatives, IIIF tiles
 * and meta.json into an output directory. PDF pages are rendered with
 * poppler-glib into a cairo image surface; scans are decoded by libvips
 * (declared size checked before any pixel is decoded); everything is
 * encoded and tiled by libvips (vips_dzsave, IIIF 3 layout).
 *
 * Text layer: poppler's per-character boxes are merged into words. A word
 * ends at white space (including U+3000) and at a line end. Chinese,
 * Japanese and Korean characters have no spaces between words, so each
 * such character is a word of its own: a search hit of any length can then
 * be boxed exactly. Lines are counted from poppler's text order; a block
 * starts when a line begins above the previous one (a new column) or after
 * a gap of more than twice the previous line's height.
 */
#include "base/compat.h"

#include "imaging/imaging.h"

#include "base/str.h"
#include "base/xalloc.h"

#include <cairo.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <poppler.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

#define CHILD_EXIT_INVALID 2
#define CHILD_EXIT_LARGE   3
#define CHILD_EXIT_IO      4
#define MAX_WORDS          200000
#define MAX_WORD_BYTES     256

struct child {
    const char *in;
    const char *outdir;
    int full_max_px;
    int full_dpi;
    uint64_t max_pixels;
    const char *mime; /* images: what the importer saw in the bytes */
    bool pdf;         /* rendering a PDF page (not a scan) */
    json_t *meta;
    json_t *words;
};

/* A word being assembled from characters. */
struct word_acc {
    char text[MAX_WORD_BYTES + 8];
    size_t len;
    double x0, y0, x1, y1;
};

static int fail(int code, const char *fmt, ...) FOLIO_PRINTF(2, 3);
static bool parse_num(const char *s, uint64_t max, uint64_t *out);
static bool is_cjk(gunichar c);
static void
word_flush(struct child *c, struct word_acc *w, int line, int block);
static int text_layer(struct child *c, PopplerPage *page);
static int save_all(struct child *c, VipsImage *full);
static int save_pair(struct child *c, VipsImage *img, enum imaging_size size);
static int render_pdf(struct child *c, bool text_only);
static int derive_image(struct child *c);
static const char *loader_for(const char *mime);

static int fail(int code, const char *fmt, ...)
{
    va_list ap;

    (void)fputs("error: ", stderr);
    va_start(ap, fmt);
    (void)vfprintf(stderr, fmt, ap);
    va_end(ap);
    (void)fputc('\n', stderr);
    return code;
}

static bool parse_num(const char *s, uint64_t max, uint64_t *out)
{
    struct str v = { s, strlen(s) };
    int64_t n = 0;

    if (!str_to_i64(&v, &n) || v.len != 0 || n < 0 || (uint64_t)n > max)
        return false;
    *out = (uint64_t)n;
    return true;
}

static bool is_cjk(gunichar c)
{
    GUnicodeScript s;

    if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF))
        return true;
    s = g_unichar_get_script(c);
    return s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
           s == G_UNICODE_SCRIPT_KATAKANA || s == G_UNICODE_SCRIPT_HANGUL ||
           s == G_UNICODE_SCRIPT_BOPOMOFO;
}

static void word_flush(struct child *c, struct word_acc *w, int line, int block)
{
    json_t *a;
    double x0 = floor(w->x0), y0 = floor(w->y0);
    double x1 = ceil(w->x1), y1 = ceil(w->y1);

    if (w->len == 0)
        return;
    if (json_array_size(c->words) < MAX_WORDS && x1 > x0 && y1 > y0) {
        a = json_pack("[iiiiiis#]", (int)x0, (int)y0, (int)(x1 - x0),
                      (int)(y1 - y0), line, block, w->text, w->len);
        if (a)
            (void)json_array_append_new(c->words, a);
    }
    w->len = 0;
}

static int text_layer(struct child *c, PopplerPage *page)
{
    PopplerRectangle *rects = NULL;
    guint nrects = 0, i = 0;
    char *text = poppler_page_get_text(page);
    const char *p;
    struct word_acc w;
    int line = 0, block = 0;
    double line_top = -1, line_h = 0, prev_top = -1, prev_h = 0;
    bool line_started = false;

    memset(&w, 0, sizeof(w));
    if (!text || !poppler_page_get_text_layout(page, &rects, &nrects)) {
        g_free(text);
        return 0; /* no text layer: not an error */
    }
    for (p = text; *p && i < nrects; p = g_utf8_next_char(p), i++) {
        gunichar ch = g_utf8_get_char(p);
        const PopplerRectangle *r = &rects[i];
        size_t clen = (size_t)(g_utf8_next_char(p) - p);
        if (ch == '\n') {
            word_flush(c, &w, line, block);
            if (line_started) {
                prev_top = line_top;
                prev_h = line_h;
                line++;
            }
            line_started = false;
            continue;
        }
        if (g_unichar_isspace(ch) || ch == 0x3000 || ch == 0xFEFF) {
            word_flush(c, &w, line, block);
            continue;
        }
        if (!line_started) {
            line_started = true;
            line_top = r->y1;
            line_h = r->y2 - r->y1;
            if (prev_top >= 0 &&
                (line_top < prev_top ||
                 line_top - prev_top > 2.0 * fmax(prev_h, 1.0) + prev_h))
                block++;
        }
        if (is_cjk(ch))
            word_flush(c, &w, line, block);
        if (w.len + clen > MAX_WORD_BYTES)
            word_flush(c, &w, line, block);
        if (w.len == 0) {
            w.x0 = fmin(r->x1, r->x2);
            w.y0 = fmin(r->y1, r->y2);
            w.x1 = fmax(r->x1, r->x2);
            w.y1 = fmax(r->y1, r->y2);
        } else {
            w.x0 = fmin(w.x0, fmin(r->x1, r->x2));
            w.y0 = fmin(w.y0, fmin(r->y1, r->y2));
            w.x1 = fmax(w.x1, fmax(r->x1, r->x2));
            w.y1 = fmax(w.y1, fmax(r->y1, r->y2));
        }
        memcpy(w.text + w.len, p, clen);
        w.len += clen;
        w.text[w.len] = '\0';
        line_h = fmax(line_h, r->y2 - r->y1);
        if (is_cjk(ch))
            word_flush(c, &w, line, block);
    }
    word_flush(c, &w, line, block);
    g_free(rects);
    g_free(text);
    return 0;
}

static int save_pair(struct child *c, VipsImage *img, enum imaging_size size)
{
    char *path = NULL;
    int rc = 0;

    path = xasprintf("%s/%s", c->outdir, imaging_file_name(size, "webp"));
    if (vips_webpsave(img, path, "Q", 80, "strip", TRUE, NULL) != 0)
        rc = fail(CHILD_EXIT_IO, "cannot encode %s: %s", path,
                  vips_error_buffer());
    free(path);
    if (rc)
        return rc;
    path = xasprintf("%s/%s", c->outdir, imaging_file_name(size, "jpg"));
    if (vips_jpegsave(img, path, "Q", 85, "strip", TRUE, "interlace", TRUE,
                      NULL) != 0)
        rc = fail(CHILD_EXIT_IO, "cannot encode %s: %s", path,
                  vips_error_buffer());
    free(path);
    return rc;
}

/* full: an 8-bit sRGB image in memory of the full derivative size. */
static int save_all(struct child *c, VipsImage *full)
{
    VipsImage *screen = NULL, *thumb = NULL, *tmp = NULL;
    int fw = vips_image_get_width(full), fh = vips_image_get_height(full);
    int w, h, rc = 0;
    double dev = 0;
    char *path = NULL;

    if (vips_deviate(full, &dev, NULL) != 0) {
        rc = fail(CHILD_EXIT_IO, "cannot measure the image: %s",
                  vips_error_buffer());
        goto out;
    }
    /* a uniform scan is odd but harmless; a uniform PDF render is not */
    if (imaging_check_raster(c->in, fw, fh, fw, fh, c->pdf && dev < 1e-9,
                             NULL) != FOLIO_OK) {
        rc = fail(CHILD_EXIT_INVALID,
                  fw <= 1 || fh <= 1
                      ? "renders as an empty %dx%d image"
                      : "renders as a blank %dx%d image (every pixel the same)",
                  fw, fh);
        goto out;
    }
    rc = save_pair(c, full, IMAGING_FULL);
    if (rc)
        goto out;
    imaging_size_px(IMAGING_SCREEN, fw, fh, &w, &h);
    if (vips_resize(full, &tmp, (double)w / fw, "vscale", (double)h / fh,
                    NULL) != 0 ||
        !(screen = vips_image_copy_memory(tmp))) {
        rc = fail(CHILD_EXIT_IO, "cannot scale: %s", vips_error_buffer());
        goto out;
    }
    g_object_unref(tmp);
    tmp = NULL;
    rc = save_pair(c, screen, IMAGING_SCREEN);
    if (rc)
        goto out;
    imaging_size_px(IMAGING_THUMB, fw, fh, &w, &h);
    if (vips_resize(screen, &thumb, (double)w / vips_image_get_width(screen),
                    "vscale", (double)h / vips_image_get_height(screen),
                    NULL) != 0) {
        rc = fail(CHILD_EXIT_IO, "cannot scale: %s", vips_error_buffer());
        goto out;
    }
    rc = save_pair(c, thumb, IMAGING_THUMB);
    if (rc)
        goto out;
    path = xasprintf("%s/iiif", c->outdir);
    if (vips_dzsave(full, path, "layout", VIPS_FOREIGN_DZ_LAYOUT_IIIF3,
                    "tile_size", IMAGING_TILE_SIZE, "overlap", 0, "suffix",
                    ".jpg[Q=85,strip]", "id", "folio", NULL) != 0) {
        rc = fail(CHILD_EXIT_IO, "cannot make tiles: %s", vips_error_buffer());
        goto out;
    }
    (void)json_object_set_new(c->meta, "width_px", json_integer(fw));
    (void)json_object_set_new(c->meta, "height_px", json_integer(fh));
out:
    free(path);
    if (tmp)
        g_object_unref(tmp);
    if (screen)
        g_object_unref(screen);
    if (thumb)
        g_object_unref(thumb);
    return rc;
}

static int render_pdf(struct child *c, bool text_only)
{
    GError *gerr = NULL;
    GMappedFile *mf = NULL;
    GBytes *bytes = NULL;
    PopplerDocument *doc = NULL;
    PopplerPage *page = NULL;
    cairo_surface_t *surf = NULL;
    cairo_t *cr = NULL;
    VipsImage *img = NULL, *full = NULL;
    unsigned char *rgb = NULL;
    double pw = 0, ph = 0;
    int n, fw, fh, x, y, rc = 0, stride;

    mf = g_mapped_file_new(c->in, FALSE, &gerr);
    if (!mf) {
        rc = fail(CHILD_EXIT_IO, "cannot read: %s", gerr->message);
        goto out;
    }
    bytes = g_mapped_file_get_bytes(mf);
    doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    if (!doc) {
        rc = fail(CHILD_EXIT_INVALID, "not a readable PDF: %s",
                  gerr ? gerr->message : "unknown error");
        goto out;
    }
    n = poppler_document_get_n_pages(doc);
    if (n == 0) {
        rc = fail(CHILD_EXIT_INVALID,
                  "has no readable page (damaged or truncated PDF)");
        goto out;
    }
    if (n != 1) {
        rc = fail(CHILD_EXIT_INVALID,
                  "has %d pages; a page PDF must have exactly one", n);
        goto out;
    }
    page = poppler_document_get_page(doc, 0);
    if (!page) {
        rc = fail(CHILD_EXIT_INVALID, "page 1 cannot be read");
        goto out;
    }
    poppler_page_get_size(page, &pw, &ph);
    if (!(pw >= 1 && ph >= 1)) {
        rc = fail(CHILD_EXIT_INVALID, "page is %.0fx%.0f pt, an empty page", pw,
                  ph);
        goto out;
    }
    if (pw > IMAGING_MAX_PAGE_PT || ph > IMAGING_MAX_PAGE_PT) {
        rc = fail(CHILD_EXIT_INVALID,
                  "page is %.0fx%.0f pt, larger than %d pt (no newspaper "
                  "page is; renderers give empty images at this size)",
                  pw, ph, IMAGING_MAX_PAGE_PT);
        goto out;
    }
    (void)json_object_set_new(c->meta, "page_width",
                              json_integer((json_int_t)lround(pw)));
    (void)json_object_set_new(c->meta, "page_height",
                              json_integer((json_int_t)lround(ph)));
    rc = text_layer(c, page);
    if (rc || text_only)
        goto out;
    imaging_full_px(pw, ph, c->full_dpi, c->full_max_px, &fw, &fh);
    surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, fw, fh);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        rc = fail(CHILD_EXIT_LARGE, "cannot make a %dx%d surface: %s", fw, fh,
                  cairo_status_to_string(cairo_surface_status(surf)));
        goto out;
    }
    cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, fw / pw, fh / ph);
    poppler_page_render(page, cr);
    cairo_surface_flush(surf);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        rc = fail(CHILD_EXIT_INVALID, "cannot render: %s",
                  cairo_status_to_string(cairo_status(cr)));
        goto out;
    }
    /* cairo RGB24 is native-endian 0xXXRRGGBB per pixel */
    stride = cairo_image_surface_get_stride(surf);
    rgb = xmalloc((size_t)fw * (size_t)fh * 3);
    for (y = 0; y < fh; y++) {
        const uint32_t *row =
            (const uint32_t *)(const void *)(cairo_image_surface_get_data(
                                                 surf) +
                                             (size_t)y * (size_t)stride);
        unsigned char *o = rgb + (size_t)y * (size_t)fw * 3;
        for (x = 0; x < fw; x++) {
            o[3 * x] = (unsigned char)(row[x] >> 16);
            o[3 * x + 1] = (unsigned char)(row[x] >> 8);
            o[3 * x + 2] = (unsigned char)row[x];
        }
    }
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_destroy(surf);
    surf = NULL;
    img = vips_image_new_from_memory(rgb, (size_t)fw * (size_t)fh * 3, fw, fh,
                                     3, VIPS_FORMAT_UCHAR);
    if (!img || vips_copy(img, &full, "interpretation",
                          VIPS_INTERPRETATION_sRGB, NULL) != 0) {
        rc = fail(CHILD_EXIT_IO, "cannot wrap the raster: %s",
                  vips_error_buffer());
        goto out;
    }
    rc = save_all(c, full);
out:
    if (gerr)
        g_error_free(gerr);
    if (full)
        g_object_unref(full);
    if (img)
        g_object_unref(img);
    free(rgb);
    if (cr)
        cairo_destroy(cr);
    if (surf)
        cairo_surface_destroy(surf);
    if (page)
        g_object_unref(page);
    if (doc)
        g_object_unref(doc);
    if (bytes)
        g_bytes_unref(bytes);
    if (mf)
        g_mapped_file_unref(mf);
    return rc;
}

/* libvips loader class (nickname prefix) expected for a sniffed MIME. */
static const char *loader_for(const char *mime)
{
    static const char *const map[][2] = {
        { "image/jpeg", "jpegload" }, { "image/png", "pngload" },
        { "image/tiff", "tiffload" }, { "image/jp2", "jp2kload" },
        { "image/webp", "webpload" }, { "image/gif", "gifload" },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(map); i++)
        if (strcmp(map[i][0], mime) == 0)
            return map[i][1];
    return NULL;
}

static int derive_image(struct child *c)
{
    VipsImage *in = NULL, *a = NULL, *b = NULL, *full = NULL;
    const char *loader, *want = loader_for(c->mime);
    VipsObjectClass *cls;
    int sw, sh, fw, fh, rc = 0;

    if (!want) {
        rc = fail(CHILD_EXIT_INVALID, "unsupported image type %s", c->mime);
        goto out;
    }
    loader = vips_foreign_find_load(c->in);
    if (!loader) {
        rc = fail(CHILD_EXIT_INVALID, "not a readable image (claims %s)",
                  c->mime);
        goto out;
    }
    cls = VIPS_OBJECT_CLASS(g_type_class_peek(g_type_from_name(loader)));
    if (!cls || strncmp(cls->nickname, want, strlen(want)) != 0) {
        rc = fail(CHILD_EXIT_INVALID, "is not the %s it claims to be (%s)",
                  c->mime, cls ? cls->nickname : loader);
        goto out;
    }
    /* header only: no pixel is decoded before the size check */
    in = vips_image_new_from_file(c->in, "access", VIPS_ACCESS_SEQUENTIAL,
                                  "fail", TRUE, NULL);
    if (!in) {
        rc = fail(CHILD_EXIT_INVALID, "not a readable %s: %s", c->mime,
                  vips_error_buffer());
        goto out;
    }
    sw = vips_image_get_width(in);
    sh = vips_image_get_height(in);
    if (sw <= 1 || sh <= 1) {
        rc = fail(CHILD_EXIT_INVALID, "is an empty %dx%d image", sw, sh);
        goto out;
    }
    if ((uint64_t)sw * (uint64_t)sh > c->max_pixels) {
        rc = fail(CHILD_EXIT_LARGE,
                  "declares %dx%d pixels, more than %llu (decompression bomb?)",
                  sw, sh, (unsigned long long)c->max_pixels);
        goto out;
    }
    (void)json_object_set_new(c->meta, "source_width", json_integer(sw));
    (void)json_object_set_new(c->meta, "source_height", json_integer(sh));
    (void)json_object_set_new(c->meta, "page_width", json_integer(sw));
    (void)json_object_set_new(c->meta, "page_height", json_integer(sh));
    g_object_unref(in);
    in = NULL;
    imaging_full_px(sw, sh, 0, c->full_max_px, &fw, &fh);
    if (vips_thumbnail(c->in, &a, fw, "height", fh, "size", VIPS_SIZE_FORCE,
                       "no_rotate", TRUE, NULL) != 0) {
        rc = fail(CHILD_EXIT_INVALID, "cannot decode: %s", vips_error_buffer());
        goto out;
    }
    if (vips_image_hasalpha(a)) {
        double white[3] = { 255, 255, 255 };
        VipsArrayDouble *bg = vips_array_double_new(white, 3);
        int r = vips_flatten(a, &b, "background", bg, NULL);
        vips_area_unref(VIPS_AREA(bg));
        if (r != 0) {
            rc = fail(CHILD_EXIT_INVALID, "cannot flatten: %s",
                      vips_error_buffer());
            goto out;
        }
        g_object_unref(a);
        a = b;
        b = NULL;
    }
    if (vips_colourspace(a, &b, VIPS_INTERPRETATION_sRGB, NULL) != 0) {
        rc = fail(CHILD_EXIT_INVALID, "cannot convert to sRGB: %s",
                  vips_error_buffer());
        goto out;
    }
    g_object_unref(a);
    a = NULL;
    if (vips_cast_uchar(b, &a, NULL) != 0 ||
        !(full = vips_image_copy_memory(a))) {
        rc = fail(CHILD_EXIT_INVALID, "cannot decode: %s", vips_error_buffer());
        goto out;
    }
    rc = save_all(c, full);
out:
    if (in)
        g_object_unref(in);
    if (a)
        g_object_unref(a);
    if (b)
        g_object_unref(b);
    if (full)
        g_object_unref(full);
    return rc;
}

int imaging_child_main(int argc, char **argv)
{
    struct child c;
    uint64_t v;
    char *path = NULL;
    int rc = 0;
    const char *kind;

    memset(&c, 0, sizeof(c));
    if (argc != 8)
        return fail(CHILD_EXIT_INVALID,
                    "usage: folio " IMAGING_CHILD_COMMAND
                    " pdf|image|pdftext IN OUTDIR FULL_MAX_PX FULL_DPI "
                    "MAX_PIXELS MIME");
    kind = argv[1];
    c.in = argv[2];
    c.outdir = argv[3];
    if (!parse_num(argv[4], 100000, &v))
        return fail(CHILD_EXIT_INVALID, "bad FULL_MAX_PX");
    c.full_max_px = (int)v;
    if (!parse_num(argv[5], 2400, &v))
        return fail(CHILD_EXIT_INVALID, "bad FULL_DPI");
    c.full_dpi = (int)v;
    if (!parse_num(argv[6], UINT64_C(1) << 40, &c.max_pixels))
        return fail(CHILD_EXIT_INVALID, "bad MAX_PIXELS");
    c.mime = argv[7];
    if (VIPS_INIT("folio"))
        return fail(CHILD_EXIT_IO, "cannot start libvips");
    vips_cache_set_max(0);
    c.meta = json_object();
    c.words = json_array();
    c.pdf = strcmp(kind, "pdf") == 0;
    if (c.pdf)
        rc = render_pdf(&c, false);
    else if (strcmp(kind, "pdftext") == 0)
        rc = render_pdf(&c, true);
    else if (strcmp(kind, "image") == 0)
        rc = derive_image(&c);
    else
        rc = fail(CHILD_EXIT_INVALID, "unknown kind '%s'", kind);
    if (rc == 0) {
        (void)json_object_set(c.meta, "words", c.words);
        path = xasprintf("%s/meta.json", c.outdir);
        if (json_dump_file(c.meta, path, JSON_COMPACT) != 0)
            rc = fail(CHILD_EXIT_IO, "cannot write %s", path);
        free(path);
    }
    json_decref(c.words);
    json_decref(c.meta);
    return rc;
}
