/* SPDX-License-Identifier: MIT */
/*
 * ingest_lib_int.h - internals of the library-archive importers (METS,
 * ALTO, NDNP batches; docs/formats/mets-alto.md): safe XML parsing, the
 * parsed ALTO page, and file digests. Shared by ingest_xml.c,
 * ingest_alto.c and ingest_mets.c only.
 */
#ifndef FOLIO_INGEST_LIB_INT_H
#define FOLIO_INGEST_LIB_INT_H

#include "base/compat.h"
#include "base/buf.h"
#include "base/err.h"
#include "model/model.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#define INGEST_MAX_XML_BYTES (64u << 20) /* one METS, ALTO or batch file */

/*
 * Parse data[0..len) as XML without network access, entity substitution,
 * DTD loading or the "huge" limits lifted; a document declaring entities
 * (billion laughs, XXE) is refused. where: file name for messages.
 * out: on FOLIO_OK a new document; free with xmlFreeDoc().
 * Errors: FOLIO_ERR_TOO_LARGE (over INGEST_MAX_XML_BYTES),
 *         FOLIO_ERR_INVALID ("where:line: message").
 */
FOLIO_MUST_USE enum folio_rc xml_parse(const unsigned char *data,
                                       size_t len,
                                       const char *where,
                                       xmlDoc **out,
                                       struct folio_err *err);

/* true when n is an element whose local name is name (any namespace). */
bool xml_is(const xmlNode *n, const char *name);
/* First child element of n named name (any namespace), or NULL. */
xmlNode *xml_child(const xmlNode *n, const char *name);
/* Next sibling element of n named name, or NULL. */
xmlNode *xml_next(const xmlNode *n, const char *name);
/*
 * Attribute name of n (no namespace, or any namespace when the plain one
 * is absent), as a borrowed literal string (entity references are not
 * expanded); NULL when absent.
 */
const char *xml_attr(const xmlNode *n, const char *name);
/* Concatenated text-node content of n's subtree, trimmed; malloc'd. */
char *xml_text(const xmlNode *n);
/* First element named name in the subtree of n (depth first), or NULL. */
xmlNode *xml_find(const xmlNode *n, const char *name);

/* A word of an ALTO page, in ALTO measurement units. */
struct alto_word {
    char *text;        /* CONTENT */
    char *subs;        /* SUBS_CONTENT of a hyphenated part, or NULL */
    int hyp_part;      /* 0, 1 (HypPart1) or 2 (HypPart2) */
    bool hyp_after;    /* a <HYP> follows it on its line */
    double x, y, w, h; /* HPOS, VPOS, WIDTH, HEIGHT */
    int line;          /* 0-based line on the page */
    int block;         /* index into alto_page.blocks */
};

/* A TextBlock (or an empty Illustration/GraphicalElement box). */
struct alto_block {
    char *id;          /* ID attribute, or NULL */
    char *lang;        /* LANG / language as given, or NULL */
    double x, y, w, h; /* box in ALTO units */
    size_t first_word, nwords;
};

/* A ComposedBlock: an ID naming a run of blocks. */
struct alto_group {
    char *id;
    size_t first_block, nblocks;
    double x, y, w, h;
};

enum alto_unit { ALTO_UNIT_PIXEL, ALTO_UNIT_MM10, ALTO_UNIT_INCH1200 };

struct alto_page {
    enum alto_unit unit;
    double width, height; /* Page WIDTH/HEIGHT (0 when absent) */
    struct alto_word *words;
    size_t nwords;
    struct alto_block *blocks;
    size_t nblocks;
    struct alto_group *groups;
    size_t ngroups;
    int nlines;
};

/*
 * Parse an ALTO file (1.x CCS namespace, 2.x-4.x, or no namespace).
 * out: on FOLIO_OK filled (release with alto_page_release()).
 * Errors: those of xml_parse; FOLIO_ERR_INVALID for a root other than
 *         <alto>, an unknown MeasurementUnit or a bad coordinate.
 * Standard: ALTO 4.x §Layout, §TextBlock, §String, §HYP.
 */
FOLIO_MUST_USE enum folio_rc alto_parse(const unsigned char *data,
                                        size_t len,
                                        const char *where,
                                        struct alto_page *out,
                                        struct folio_err *err);
/* Free everything pg holds and zero it. */
void alto_page_release(struct alto_page *pg);

/*
 * Target coordinate units per ALTO unit when the page image size is not
 * known: pixel 1, mm10 300/254, inch1200 1/4 (i.e. 300 dpi pixels).
 */
double alto_default_scale(enum alto_unit unit);

/*
 * Plain text as Open ONI's extractor writes it: each line's CONTENT
 * values joined by spaces, lines by "\n", blocks by a blank line
 * (hyphen parts stay as printed).
 */
void alto_text_oni(const struct alto_page *pg, struct buf *out);

/*
 * Reading text of blocks [first, first + n) with hyphenated words joined
 * (SUBS_CONTENT, or HYP + next word): one paragraph per block, appended
 * to *paras / *nparas (malloc'd strings; empty blocks skipped).
 */
void alto_block_paragraphs(const struct alto_page *pg,
                           size_t first,
                           size_t n,
                           char ***paras,
                           size_t *nparas);

/* Index of the block with ID id, or -1. */
long alto_block_find(const struct alto_page *pg, const char *id);
/* Index of the ComposedBlock with ID id, or -1. */
long alto_group_find(const struct alto_page *pg, const char *id);

/*
 * Words of pg as model words scaled by scale (ALTO units to page units),
 * boxes clamped into width_px x height_px. out: malloc'd array of *n
 * words; free with page_words_free().
 */
void alto_model_words(const struct alto_page *pg,
                      double scale,
                      int width_px,
                      int height_px,
                      struct page_word **out,
                      size_t *n);

/*
 * Map an ISO 639-2/B, 639-2/T or BCP 47 language code to BCP 47
 * ("ger" -> "de"); NULL for empty input. Returns a malloc'd string.
 */
char *lang_to_bcp47(const char *code);

/*
 * Hex digest of data with the METS CHECKSUMTYPE named type ("MD5",
 * "SHA-1", "SHA-256", ...; case-insensitive). Returns false for an
 * unsupported type. hex: at least 129 bytes.
 */
bool digest_hex(const char *type,
                const unsigned char *data,
                size_t len,
                char *hex);

#endif
