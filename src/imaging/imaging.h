/* SPDX-License-Identifier: MIT */
/*
 * imaging.h - the page replica's pixels: a page PDF (poppler + cairo) or a
 * page scan (JPEG, PNG, TIFF, JPEG 2000, WebP, GIF through libvips) turned
 * into derivatives, deep-zoom tiles and a text layer.
 *
 * For every page source folio makes, in one directory:
 *
 *   thumb.webp  thumb.jpg     ~200 px wide   (IMAGING_THUMB_WIDTH)
 *   screen.webp screen.jpg    ~1400 px wide  (IMAGING_SCREEN_WIDTH)
 *   full.webp   full.jpg      full resolution, long side capped
 *   iiif/info.json, iiif/<region>/<size>/0/default.jpg
 *                             IIIF Image API 3.0 level 0 static tiles
 *                             (512 px, scale factors 1, 2, 4, ...)
 *   meta.json                 sizes and the text layer (words with boxes)
 *
 * Untrusted files are never parsed in the importing process: imaging_derive
 * runs `folio _imaging` (imaging_child_main) as a child with an address
 * space and CPU limit, a wall-clock timeout, and inside bubblewrap when
 * `bwrap` works on this machine. A crash, hang or limit hit is an error
 * naming the file.
 *
 * Coordinates. A PDF page's coordinate space is its displayed page (crop
 * box, rotation applied) in PDF points, origin top-left, y down; a scan's
 * is its pixels. Derivative pixels map to page units by one factor per
 * size: x_px = x * width_px / page_width (imaging_geom.c).
 */
#ifndef FOLIO_IMAGING_H
#define FOLIO_IMAGING_H

#include "base/compat.h"
#include "base/err.h"
#include "model/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMAGING_THUMB_WIDTH   200          /* px */
#define IMAGING_SCREEN_WIDTH  1400         /* px */
#define IMAGING_FULL_MAX_PX   6000         /* long side of the full image */
#define IMAGING_FULL_DPI      200          /* PDF render resolution */
#define IMAGING_TILE_SIZE     512          /* px, IIIF tiles */
#define IMAGING_MAX_PIXELS    200000000    /* declared source pixels (bombs) */
#define IMAGING_MAX_PAGE_PT   5000         /* points; larger pages refused */
#define IMAGING_MEM_BYTES     (2ull << 30) /* child address space */
#define IMAGING_CPU_SECONDS   60
#define IMAGING_TIMEOUT_S     120        /* wall clock per page */
#define IMAGING_CHILD_COMMAND "_imaging" /* hidden folio subcommand */

/* What kind of file a page source is. */
enum imaging_kind {
    IMAGING_PDF,      /* page PDF: render page 1, extract its text layer */
    IMAGING_IMAGE,    /* page scan */
    IMAGING_PDF_TEXT, /* page PDF beside a scan: text layer only */
};

/* The derivative sizes (URL names "thumb", "screen", "full"). */
enum imaging_size {
    IMAGING_THUMB = 0,
    IMAGING_SCREEN = 1,
    IMAGING_FULL = 2,
};
#define IMAGING_NSIZES 3

/*
 * Limits and sizes for one import. imaging_limits_default() fills the
 * constants above, then applies the environment (tests and small
 * machines): FOLIO_IMAGING_FULL_MAX_PX, FOLIO_IMAGING_FULL_DPI,
 * FOLIO_IMAGING_TIMEOUT_S, FOLIO_IMAGING_SANDBOX=0 (rlimits only).
 * FOLIO_IMAGING_EXE (an absolute path) names the folio binary to run as
 * the child when the current program is not folio (unit tests).
 */
struct imaging_limits {
    int full_max_px;     /* long side of full.*, >= IMAGING_SCREEN_WIDTH */
    int full_dpi;        /* PDF pages: full.* resolution before the cap */
    uint64_t max_pixels; /* declared width x height of a source image */
    uint64_t mem_bytes;  /* RLIMIT_AS of the child */
    int cpu_seconds;     /* RLIMIT_CPU of the child */
    int timeout_s;       /* wall clock, then SIGKILL */
    bool sandbox;        /* try bubblewrap */
    /*
     * Where the per-source temp dirs go ("" = $TMPDIR, else /tmp); made
     * (mode 0700) when missing, $TMPDIR when its parent is (an archive
     * not created yet). Importers that know the archive set
     * "DATA/tmp", so a killed import leaves nothing in /tmp and the move
     * into DATA/derived is a rename.
     */
    char work_dir[1024];
};

void imaging_limits_default(struct imaging_limits *lim);

/* What a derivation produced. Release with imaging_result_release(). */
struct imaging_result {
    char *dir;    /* owned temp dir holding the files listed above */
    int width_px; /* full.* size */
    int height_px;
    int page_width; /* page coordinate space: points (PDF) or pixels */
    int page_height;
    int source_width; /* scan pixels; PDF: 0 */
    int source_height;
    struct page_word *words; /* text layer in page units; owned */
    size_t nwords;
};

/* Remove r->dir (recursively) and free everything. NULL-safe. */
void imaging_result_release(struct imaging_result *r);

/* A reusable runner: knows the folio binary and whether bwrap works. */
struct imaging_runner;

/*
 * Make a runner with limits lim (copied). Probes bubblewrap once (running
 * `bwrap ... true`) when lim->sandbox. Sweeps the work dir: temp dirs
 * "folio-imaging-<pid>-*" of this user whose process is gone (an import
 * killed mid-render) are removed. out: caller frees with
 * imaging_runner_free(). Errors: FOLIO_ERR_IO (no /proc/self/exe).
 */
FOLIO_MUST_USE enum folio_rc
imaging_runner_new(const struct imaging_limits *lim,
                   struct imaging_runner **out,
                   struct folio_err *err);
void imaging_runner_free(struct imaging_runner *r);
/* "bwrap" or "rlimits": how children are confined (static string). */
const char *imaging_runner_sandbox(const struct imaging_runner *r);

/*
 * Derive everything for one page source data[0..len) of kind in a child
 * process. name: the file's name for messages ("p01.pdf").
 * out: on FOLIO_OK the result (its dir holds the files; for
 * IMAGING_PDF_TEXT only meta.json). Nothing outside a fresh temp dir
 * (WORK/folio-imaging-<pid>-XXXXXX, WORK = lim.work_dir, $TMPDIR or /tmp)
 * is written; on error that dir is removed.
 * Errors (err->where = name): FOLIO_ERR_INVALID (not the type it claims,
 * broken, blank or 1x1 render, page larger than IMAGING_MAX_PAGE_PT),
 * FOLIO_ERR_TOO_LARGE (declared pixels over max_pixels, a limit hit, a
 * timeout), FOLIO_ERR_IO.
 */
FOLIO_MUST_USE enum folio_rc imaging_derive(struct imaging_runner *r,
                                            enum imaging_kind kind,
                                            const void *data,
                                            size_t len,
                                            const char *name,
                                            struct imaging_result *out,
                                            struct folio_err *err);

/*
 * The hidden subcommand run in the child:
 *   folio _imaging pdf|image|pdftext IN OUTDIR FULL_MAX_PX FULL_DPI
 *                  MAX_PIXELS
 * argv[0] is "_imaging". Writes the files into OUTDIR (which exists).
 * Returns the process exit status: 0, or 2 with one line "error: ..." on
 * stderr.
 */
int imaging_child_main(int argc, char **argv);

/*
 * Where the derivatives of the source with SHA-256 hex live in the data
 * directory: "DATA_DIR/derived/<hex>" (thumb.webp, ..., iiif/info.json).
 * Returns a malloc'd path (caller frees), or NULL when hex is not 64
 * lowercase hex digits.
 */
char *imaging_derived_dir(const char *data_dir, const char *hex);

/* ---- geometry (imaging_geom.c), pure functions ---- */

/* A rectangle in PDF user space (ISO 32000-1 §8.3.2.3: y up). */
struct imaging_rect {
    double x0, y0, x1, y1;
};

/* A PDF page's display geometry: crop box and /Rotate (0/90/180/270). */
struct imaging_pdf_page {
    struct imaging_rect crop;
    int rotate;
};

/*
 * Displayed size of the page in points (crop box, width and height
 * swapped for 90 and 270). ISO 32000-1 §7.7.3.3 (Rotate, CropBox).
 */
void imaging_pdf_page_size(const struct imaging_pdf_page *pg,
                           double *width_pt,
                           double *height_pt);

/*
 * PDF user space (x, y; y up, from the media box origin) to page space
 * (points from the top-left of the displayed page, y down), applying the
 * crop box and the clockwise /Rotate. imaging_page_to_pdf is the inverse.
 */
void imaging_pdf_to_page(const struct imaging_pdf_page *pg,
                         double x,
                         double y,
                         double *px,
                         double *py);
void imaging_page_to_pdf(const struct imaging_pdf_page *pg,
                         double px,
                         double py,
                         double *x,
                         double *y);

/*
 * Pixel size of derivative size for a page of page_w x page_h units whose
 * full-resolution image is full_w x full_h px: thumb and screen are
 * IMAGING_THUMB_WIDTH / IMAGING_SCREEN_WIDTH wide (never wider than full),
 * height by the page's aspect ratio, rounded, at least 1.
 */
void imaging_size_px(
    enum imaging_size size, int full_w, int full_h, int *w, int *h);

/*
 * Full-resolution pixel size: a PDF page of w x h points at dpi, or a scan
 * of w x h pixels (dpi 0 = 1:1), scaled down so the long side is at most
 * max_px. Sizes are rounded and at least 1.
 */
void imaging_full_px(double w, double h, int dpi, int max_px, int *fw, int *fh);

/*
 * Map a length or coordinate v in page units to pixels of an image
 * width_px wide (page page_width units wide), and back.
 */
double imaging_page_to_px(double v, int page_width, int width_px);
double imaging_px_to_page(double v, int page_width, int width_px);

/*
 * Check a produced raster of got_w x got_h against the expected size: a
 * renderer that "succeeds" with an empty or 1x1 image (poppler on huge
 * pages), a size off by more than 1 px, or a uniform (blank) image is an
 * error naming name. Errors: FOLIO_ERR_INVALID.
 */
FOLIO_MUST_USE enum folio_rc imaging_check_raster(const char *name,
                                                  int got_w,
                                                  int got_h,
                                                  int want_w,
                                                  int want_h,
                                                  bool uniform,
                                                  struct folio_err *err);

/*
 * Derivative file name for size and extension ("webp" or "jpg"):
 * "screen.webp". Returns NULL for an unknown size or extension.
 * imaging_size_parse maps "thumb"/"screen"/"full" to a size.
 */
const char *imaging_file_name(enum imaging_size size, const char *ext);
bool imaging_size_parse(const char *s, size_t len, enum imaging_size *out);

#endif
