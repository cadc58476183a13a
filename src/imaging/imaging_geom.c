/* SPDX-License-Identifier: MIT */
/*
 * imaging_geom.c - coordinate transforms of the page replica: PDF user
 * space (y up, ISO 32000-1 §8.3.2.3) to the displayed page (crop box and
 * /Rotate applied, y down, §7.7.3.3), page units to derivative pixels, the
 * derivative sizes, and the check that a rendered raster is a real image.
 * Pure functions: no I/O, unit-tested in tests/unit/imaging/test_geom.c.
 */
#include "base/compat.h"

#include "imaging/imaging.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int norm_rotate(int rotate);
static int round_px(double v);

static int norm_rotate(int rotate)
{
    int r = rotate % 360;

    if (r < 0)
        r += 360;
    return (r / 90) * 90;
}

static int round_px(double v)
{
    long r = lround(v);

    if (r < 1)
        return 1;
    if (r > 1000000)
        return 1000000;
    return (int)r;
}

void imaging_pdf_page_size(const struct imaging_pdf_page *pg,
                           double *width_pt,
                           double *height_pt)
{
    double w = fabs(pg->crop.x1 - pg->crop.x0);
    double h = fabs(pg->crop.y1 - pg->crop.y0);
    int r = norm_rotate(pg->rotate);

    *width_pt = (r == 90 || r == 270) ? h : w;
    *height_pt = (r == 90 || r == 270) ? w : h;
}

void imaging_pdf_to_page(const struct imaging_pdf_page *pg,
                         double x,
                         double y,
                         double *px,
                         double *py)
{
    double x0 = fmin(pg->crop.x0, pg->crop.x1);
    double y0 = fmin(pg->crop.y0, pg->crop.y1);
    double w = fabs(pg->crop.x1 - pg->crop.x0);
    double h = fabs(pg->crop.y1 - pg->crop.y0);
    /* unrotated, y down from the crop box's top-left */
    double u = x - x0, v = h - (y - y0);

    switch (norm_rotate(pg->rotate)) {
    case 90:
        *px = h - v;
        *py = u;
        break;
    case 180:
        *px = w - u;
        *py = h - v;
        break;
    case 270:
        *px = v;
        *py = w - u;
        break;
    default:
        *px = u;
        *py = v;
        break;
    }
}

void imaging_page_to_pdf(const struct imaging_pdf_page *pg,
                         double px,
                         double py,
                         double *x,
                         double *y)
{
    double x0 = fmin(pg->crop.x0, pg->crop.x1);
    double y0 = fmin(pg->crop.y0, pg->crop.y1);
    double w = fabs(pg->crop.x1 - pg->crop.x0);
    double h = fabs(pg->crop.y1 - pg->crop.y0);
    double u, v;

    switch (norm_rotate(pg->rotate)) {
    case 90:
        u = py;
        v = h - px;
        break;
    case 180:
        u = w - px;
        v = h - py;
        break;
    case 270:
        u = w - py;
        v = px;
        break;
    default:
        u = px;
        v = py;
        break;
    }
    *x = u + x0;
    *y = h - v + y0;
}

void imaging_full_px(double w, double h, int dpi, int max_px, int *fw, int *fh)
{
    double s = dpi > 0 ? dpi / 72.0 : 1.0;
    double sw = w * s, sh = h * s;
    double lng = fmax(sw, sh);

    if (max_px > 0 && lng > max_px) {
        sw = sw * max_px / lng;
        sh = sh * max_px / lng;
    }
    *fw = round_px(sw);
    *fh = round_px(sh);
}

void imaging_size_px(
    enum imaging_size size, int full_w, int full_h, int *w, int *h)
{
    int want = size == IMAGING_THUMB    ? IMAGING_THUMB_WIDTH
               : size == IMAGING_SCREEN ? IMAGING_SCREEN_WIDTH
                                        : full_w;

    if (want >= full_w) {
        *w = full_w;
        *h = full_h;
        return;
    }
    *w = want;
    *h = round_px((double)full_h * want / full_w);
}

double imaging_page_to_px(double v, int page_width, int width_px)
{
    return page_width > 0 ? v * width_px / page_width : 0.0;
}

double imaging_px_to_page(double v, int page_width, int width_px)
{
    return width_px > 0 ? v * page_width / width_px : 0.0;
}

enum folio_rc imaging_check_raster(const char *name,
                                   int got_w,
                                   int got_h,
                                   int want_w,
                                   int want_h,
                                   bool uniform,
                                   struct folio_err *err)
{
    if (got_w <= 1 || got_h <= 1)
        return err_set(err, FOLIO_ERR_INVALID, name,
                       "renders as an empty %dx%d image (expected %dx%d)",
                       got_w, got_h, want_w, want_h);
    if (abs(got_w - want_w) > 1 || abs(got_h - want_h) > 1)
        return err_set(err, FOLIO_ERR_INVALID, name,
                       "renders as %dx%d pixels, expected %dx%d", got_w, got_h,
                       want_w, want_h);
    if (uniform)
        return err_set(err, FOLIO_ERR_INVALID, name,
                       "renders as a blank image (every pixel the same)");
    return FOLIO_OK;
}

static const char *const size_names[IMAGING_NSIZES] = { "thumb", "screen",
                                                        "full" };

const char *imaging_file_name(enum imaging_size size, const char *ext)
{
    static const char *const names[IMAGING_NSIZES][2] = {
        { "thumb.webp", "thumb.jpg" },
        { "screen.webp", "screen.jpg" },
        { "full.webp", "full.jpg" },
    };

    if ((unsigned)size >= IMAGING_NSIZES || !ext)
        return NULL;
    if (strcmp(ext, "webp") == 0)
        return names[size][0];
    if (strcmp(ext, "jpg") == 0)
        return names[size][1];
    return NULL;
}

bool imaging_size_parse(const char *s, size_t len, enum imaging_size *out)
{
    size_t i;

    for (i = 0; i < IMAGING_NSIZES; i++)
        if (strlen(size_names[i]) == len &&
            memcmp(s, size_names[i], len) == 0) {
            *out = (enum imaging_size)i;
            return true;
        }
    return false;
}
