/*
 * xalloc.h - allocation that aborts on out-of-memory (tmux xmalloc.h).
 * Hostile input cannot reach these with unbounded sizes: every buffer that
 * grows from input has a cap (see buf.h).
 */
#ifndef FOLIO_XALLOC_H
#define FOLIO_XALLOC_H

#include "base/compat.h"

#include <stddef.h>

/* malloc(n); never returns NULL. Caller frees with free(). */
void *xmalloc(size_t n);
/* calloc(count, size) with overflow check; never NULL. Caller frees. */
void *xcalloc(size_t count, size_t size);
/* realloc with overflow check on count*size; never NULL. Caller frees. */
void *xreallocarray(void *p, size_t count, size_t size);
/* strdup(s); s may be NULL (returns NULL). Caller frees. */
char *xstrdup(const char *s);
/* Copy of n bytes of s plus a NUL. Caller frees. */
char *xstrndup(const char *s, size_t n);
/* Formatted new string. Caller frees. */
char *xasprintf(const char *fmt, ...) FOLIO_PRINTF(1, 2);

#endif
