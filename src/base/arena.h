/*
 * arena.h - request- or import-scoped allocator (nginx pool, h2o mem pool).
 * Everything allocated from an arena is freed at once by arena_release().
 * Built with FOLIO_ARENA_DEBUG, every allocation is its own malloc so ASan
 * sees overruns (nginx NGX_DEBUG_PALLOC).
 */
#ifndef FOLIO_ARENA_H
#define FOLIO_ARENA_H

#include "base/compat.h"

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head; /* private */
    size_t used_bytes;        /* total bytes handed out */
};

#define ARENA_INIT \
 {                 \
  NULL, 0          \
 }

/* n bytes, aligned for any type; never NULL (aborts on OOM). */
void *arena_alloc(struct arena *a, size_t n);
/* Zeroed count*size bytes; aborts on overflow or OOM. */
void *arena_calloc(struct arena *a, size_t count, size_t size);
/* Copy of s[0..n) plus NUL, in the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Copy of NUL-terminated s (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);
/* Free everything; a is empty and reusable afterwards. */
void arena_release(struct arena *a);

#endif
