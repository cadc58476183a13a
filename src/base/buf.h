/*
 * buf.h - owned, growable, NUL-terminated byte buffer with a hard size cap
 * and a sticky error (git strbuf + curl dynbuf + sqlite3_str).
 *
 * Appends never fail loudly: once an append would pass `max`, the buffer
 * stops growing and buf_status() returns FOLIO_ERR_TOO_LARGE. Check it once
 * at the end.
 */
#ifndef FOLIO_BUF_H
#define FOLIO_BUF_H

#include "base/compat.h"
#include "base/err.h"

#include <stdarg.h>
#include <stddef.h>

extern char buf_empty[];

struct buf {
    char *data; /* never NULL after BUF_INIT; always NUL-terminated */
    size_t len; /* bytes, excluding the NUL */
    size_t cap; /* private: allocated bytes, 0 while data == buf_empty */
    size_t max; /* hard cap in bytes on len */
    enum folio_rc status; /* FOLIO_OK until an add overflows max */
};

#define BUF_INIT(max_bytes)                                  \
 {                                                           \
  .data = buf_empty, .len = 0, .cap = 0, .max = (max_bytes), \
  .status = FOLIO_OK                                         \
 }

/* Initialise b as empty with the given cap in bytes. */
void buf_init(struct buf *b, size_t max_bytes);
/* Append n bytes from p. No-op once status != FOLIO_OK. */
void buf_add(struct buf *b, const void *p, size_t n);
/* Append a NUL-terminated string. */
void buf_adds(struct buf *b, const char *s);
/* Append one byte. */
void buf_addc(struct buf *b, char c);
/* Append printf-formatted text. */
void buf_addf(struct buf *b, const char *fmt, ...) FOLIO_PRINTF(2, 3);
/* Append vprintf-formatted text. */
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) FOLIO_PRINTF(2, 0);
/* len = 0 and status = OK; keeps the memory. */
void buf_reset(struct buf *b);
/* Free memory; back to the BUF_INIT state with the same max. */
void buf_release(struct buf *b);
/*
 * Give away the bytes: returns a malloc'd NUL-terminated string (never NULL)
 * that the caller frees with free(); *len (may be NULL) gets its length.
 * b is left empty.
 */
char *buf_detach(struct buf *b, size_t *len);
/* FOLIO_OK, or FOLIO_ERR_TOO_LARGE once an append passed max. */
FOLIO_MUST_USE enum folio_rc buf_status(const struct buf *b);

#endif
