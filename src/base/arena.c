/* arena.c - bump allocator over a list of blocks. */
#include "base/compat.h"

#include "base/arena.h"

#include "base/xalloc.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_BYTES 8192

struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes in data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

static size_t align_up(size_t n);

static size_t align_up(size_t n)
{
    size_t a = alignof(max_align_t);
    return (n + a - 1) & ~(a - 1);
}

void *arena_alloc(struct arena *a, size_t n)
{
    struct arena_block *b = a->head;
    size_t need = align_up(n ? n : 1);
    void *p;

    if (need < n)
        BUG("arena allocation of %zu bytes overflows", n);
#ifdef FOLIO_ARENA_DEBUG
    b = NULL;
#endif
    if (!b || b->size - b->used < need) {
        size_t size = need;
#ifndef FOLIO_ARENA_DEBUG
        if (size < ARENA_BLOCK_BYTES)
            size = ARENA_BLOCK_BYTES;
#endif
        b = xmalloc(sizeof(*b) + size);
        b->size = size;
        b->used = 0;
        if (a->head && size > ARENA_BLOCK_BYTES) {
            /* keep the partly used head block current */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    p = b->data + b->used;
    b->used += need;
    a->used_bytes += need;
    return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
    void *p;
    if (size && count > SIZE_MAX / size)
        BUG("arena_calloc overflow %zu x %zu", count, size);
    p = arena_alloc(a, count * size);
    memset(p, 0, count * size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void arena_release(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used_bytes = 0;
}
