/* SPDX-License-Identifier: MIT */
/*
 * ingest_founder_int.h - helpers of the Founder (方正) e-paper importer:
 * text decoding (UTF-8 with or without BOM, GBK/GB18030, CRLF) and a thin
 * layer over libxml2's HTML parser (no network, recover mode).
 */
#ifndef FOLIO_INGEST_FOUNDER_INT_H
#define FOLIO_INGEST_FOUNDER_INT_H

#include "base/compat.h"
#include "base/buf.h"
#include "base/err.h"

#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include <stddef.h>

#define FOUNDER_MAX_HTML_BYTES (16u << 20) /* one page or article file */

/* Encodings a file was found in (ftext_to_utf8). */
enum text_encoding {
    TEXT_UTF8 = 0,
    TEXT_UTF8_BOM = 1,
    TEXT_GB18030 = 2, /* GBK and GB2312 are subsets */
    TEXT_BIG5 = 3,    /* Big5-HKSCS, only when the file declares big5 */
};

/*
 * Convert data[0..len) to UTF-8: a UTF-8 BOM is dropped; bytes that are
 * strictly valid UTF-8 are kept; otherwise they are read as GB18030 (via
 * iconv), or as Big5-HKSCS when the first 4 KiB declare charset big5 and
 * the bytes are valid Big5-HKSCS. CRLF and lone CR become LF. Any other
 * charset declared inside the file is ignored on purpose: mirrors often
 * carry a wrong one.
 * out: on FOLIO_OK malloc'd NUL-terminated text (caller frees), *out_len
 *      bytes. enc (may be NULL): what the input was.
 * Errors: FOLIO_ERR_INVALID (neither UTF-8 nor GB18030; where = name and
 *         the byte offset), FOLIO_ERR_TOO_LARGE (over
 *         FOUNDER_MAX_HTML_BYTES).
 */
FOLIO_MUST_USE enum folio_rc ftext_to_utf8(const unsigned char *data,
                                           size_t len,
                                           const char *name,
                                           char **out,
                                           size_t *out_len,
                                           enum text_encoding *enc,
                                           struct folio_err *err);

/* "utf-8", "utf-8 (bom)", "gb18030". */
const char *ftext_encoding_name(enum text_encoding enc);

/*
 * Parse UTF-8 HTML (from ftext_to_utf8) with libxml2's HTML parser: no
 * network, errors suppressed, recover mode, declared charset ignored.
 * Returns NULL only when libxml2 gives no document at all. Free with
 * xmlFreeDoc().
 */
htmlDocPtr fhtml_parse(const char *text, size_t len);

/* Next element named tag (lower case; NULL = any) after n in document
 * order, descending into n's children first; NULL at the end. Pass the
 * root to start. */
xmlNodePtr fhtml_next(xmlNodePtr n, xmlNodePtr top, const char *tag);

/* Value of attribute name (case-insensitive) of element n, borrowed from
 * the tree; NULL when absent. */
const char *fhtml_attr(xmlNodePtr n, const char *name);

/* First element with id attribute equal to id, or NULL. */
xmlNodePtr fhtml_find_id(xmlNodePtr top, const char *id);

/*
 * Append the text of n and its descendants to out, whitespace (ASCII,
 * NBSP, U+3000) collapsed to single spaces.
 */
void fhtml_text(xmlNodePtr n, struct buf *out);

/*
 * Trim and collapse like fhtml_text, in place on a NUL-terminated string;
 * join_cjk: also drop spaces between two CJK characters ("综 合" -> "综合").
 */
void ftext_squeeze(char *s, bool join_cjk);

/*
 * Split the content of n into paragraphs at <p>, <div>, <br> and block
 * boundaries. Each non-empty paragraph (squeezed as above) is passed to
 * cb with ctx. <img> elements are passed to img_cb (may be NULL) in order.
 */
typedef void fhtml_para_fn(void *ctx, const char *text);
typedef void fhtml_img_fn(void *ctx, xmlNodePtr img);
void fhtml_paragraphs(xmlNodePtr n,
                      fhtml_para_fn *cb,
                      fhtml_img_fn *img_cb,
                      void *ctx);

#endif
