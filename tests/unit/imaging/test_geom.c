/*
 * Tests for imaging/imaging_geom.c: PDF user space to page space (y flip,
 * crop box, rotation), page units to derivative pixels, derivative sizes
 * and the raster check that refuses empty and blank renders.
 */
#include "base/compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "imaging/imaging.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* A US-letter media box with a crop box 10 pt in from every side. */
static const struct imaging_pdf_page letter = { .crop = { 10, 10, 602, 782 },
                                                .rotate = 0 };

static void y_axis_flips_from_bottom_left_to_top_left(void **state)
{
    double x, y;

    (void)state;
    imaging_pdf_to_page(&letter, 10, 782, &x, &y); /* crop top-left */
    NEAR(x, 0);
    NEAR(y, 0);
    imaging_pdf_to_page(&letter, 10, 10, &x, &y); /* crop bottom-left */
    NEAR(x, 0);
    NEAR(y, 772);
    imaging_pdf_to_page(&letter, 110, 700, &x, &y);
    NEAR(x, 100);
    NEAR(y, 82);
}

static void rotation_swaps_size_and_turns_clockwise(void **state)
{
    struct imaging_pdf_page pg = letter;
    double w, h, x, y;

    (void)state;
    imaging_pdf_page_size(&pg, &w, &h);
    NEAR(w, 592);
    NEAR(h, 772);
    pg.rotate = 90;
    imaging_pdf_page_size(&pg, &w, &h);
    NEAR(w, 772);
    NEAR(h, 592);
    /* the unrotated top-left corner ends up top-right */
    imaging_pdf_to_page(&pg, 10, 782, &x, &y);
    NEAR(x, 772);
    NEAR(y, 0);
    pg.rotate = 180;
    imaging_pdf_to_page(&pg, 10, 782, &x, &y);
    NEAR(x, 592);
    NEAR(y, 772);
    pg.rotate = 270;
    imaging_pdf_to_page(&pg, 10, 782, &x, &y);
    NEAR(x, 0);
    NEAR(y, 592);
    pg.rotate = -90; /* same as 270 */
    imaging_pdf_to_page(&pg, 10, 782, &x, &y);
    NEAR(x, 0);
    NEAR(y, 592);
}

static void page_to_pdf_inverts_pdf_to_page_at_every_rotation(void **state)
{
    static const int rots[] = { 0, 90, 180, 270 };
    static const double pts[][2] = {
        { 10, 10 }, { 300, 400 }, { 602, 782 }, { 55.5, 700.25 }
    };
    struct imaging_pdf_page pg = letter;
    size_t r, i;

    (void)state;
    for (r = 0; r < 4; r++) {
        pg.rotate = rots[r];
        for (i = 0; i < 4; i++) {
            double px, py, x, y;
            imaging_pdf_to_page(&pg, pts[i][0], pts[i][1], &px, &py);
            imaging_page_to_pdf(&pg, px, py, &x, &y);
            NEAR(x, pts[i][0]);
            NEAR(y, pts[i][1]);
        }
    }
}

static void page_units_scale_to_each_derivative(void **state)
{
    int fw, fh, w, h;

    (void)state;
    /* an NDNP page, 1030.5 x 1458.36 pt, at 200 dpi capped at 6000 px */
    imaging_full_px(1030.5, 1458.36, 200, 6000, &fw, &fh);
    assert_int_equal(fw, 2863);
    assert_int_equal(fh, 4051);
    imaging_full_px(1030.5, 1458.36, 600, 6000, &fw, &fh);
    assert_int_equal(fh, 6000); /* long side capped */
    assert_int_equal(fw, 4240);
    imaging_size_px(IMAGING_SCREEN, fw, fh, &w, &h);
    assert_int_equal(w, 1400);
    assert_int_equal(h, 1981);
    imaging_size_px(IMAGING_THUMB, fw, fh, &w, &h);
    assert_int_equal(w, 200);
    assert_int_equal(h, 283);
    imaging_size_px(IMAGING_FULL, fw, fh, &w, &h);
    assert_int_equal(w, fw);
    assert_int_equal(h, fh);
    /* a scan narrower than the screen size is never scaled up */
    imaging_size_px(IMAGING_SCREEN, 900, 1200, &w, &h);
    assert_int_equal(w, 900);
    assert_int_equal(h, 1200);
    /* a scan is 1:1 below the cap */
    imaging_full_px(3000, 4000, 0, 6000, &fw, &fh);
    assert_int_equal(fw, 3000);
    assert_int_equal(fh, 4000);
    /* a word at x = 515.25 pt on a 1031-unit page, on a 1400 px image */
    NEAR(imaging_page_to_px(515.5, 1031, 1400), 700.0);
    NEAR(imaging_px_to_page(700.0, 1031, 1400), 515.5);
    NEAR(imaging_page_to_px(10, 0, 1400), 0.0);
}

static void raster_check_refuses_empty_odd_and_blank_images(void **state)
{
    struct folio_err e;

    (void)state;
    memset(&e, 0, sizeof(e));
    assert_int_equal(
        imaging_check_raster("big.pdf", 1, 1, 6000, 6000, false, &e),
        FOLIO_ERR_INVALID);
    assert_string_equal(e.where, "big.pdf");
    assert_non_null(strstr(e.msg, "empty 1x1 image"));
    assert_int_equal(imaging_check_raster("a.pdf", 0, 0, 10, 10, false, NULL),
                     FOLIO_ERR_INVALID);
    assert_int_equal(
        imaging_check_raster("a.pdf", 1400, 1900, 1400, 1981, false, &e),
        FOLIO_ERR_INVALID);
    assert_non_null(strstr(e.msg, "1400x1900 pixels, expected 1400x1981"));
    assert_int_equal(
        imaging_check_raster("w.png", 200, 283, 200, 283, true, &e),
        FOLIO_ERR_INVALID);
    assert_non_null(strstr(e.msg, "blank"));
    memset(&e, 0, sizeof(e));
    assert_int_equal(
        imaging_check_raster("ok.pdf", 1400, 1982, 1400, 1981, false, &e),
        FOLIO_OK);
    assert_string_equal(e.msg, ""); /* untouched on success */
}

static void file_names_and_size_names(void **state)
{
    enum imaging_size s = IMAGING_FULL;

    (void)state;
    assert_string_equal(imaging_file_name(IMAGING_SCREEN, "webp"),
                        "screen.webp");
    assert_string_equal(imaging_file_name(IMAGING_THUMB, "jpg"), "thumb.jpg");
    assert_null(imaging_file_name(IMAGING_FULL, "png"));
    assert_null(imaging_file_name((enum imaging_size)7, "jpg"));
    assert_true(imaging_size_parse("thumb", 5, &s));
    assert_int_equal(s, IMAGING_THUMB);
    assert_true(imaging_size_parse("screen.webp", 6, &s));
    assert_int_equal(s, IMAGING_SCREEN);
    assert_false(imaging_size_parse("thumbs", 6, &s));
    assert_false(imaging_size_parse("", 0, &s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(y_axis_flips_from_bottom_left_to_top_left),
        cmocka_unit_test(rotation_swaps_size_and_turns_clockwise),
        cmocka_unit_test(page_to_pdf_inverts_pdf_to_page_at_every_rotation),
        cmocka_unit_test(page_units_scale_to_each_derivative),
        cmocka_unit_test(raster_check_refuses_empty_odd_and_blank_images),
        cmocka_unit_test(file_names_and_size_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
