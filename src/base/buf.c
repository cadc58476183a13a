/* buf.c - capped growable buffer. */
#include "base/compat.h"

#include "base/buf.h"

#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty[1];

static int buf_grow(struct buf *b, size_t extra);

/* Ensure room for extra more bytes plus NUL; 0 on success, -1 over max. */
static int buf_grow(struct buf *b, size_t extra)
{
    size_t want, ncap;

    if (b->status != FOLIO_OK)
        return -1;
    if (extra > b->max || b->len > b->max - extra) {
        b->status = FOLIO_ERR_TOO_LARGE;
        return -1;
    }
    want = b->len + extra + 1;
    if (want <= b->cap)
        return 0;
    ncap = b->cap ? b->cap : 64;
    while (ncap < want)
        ncap = ncap < SIZE_MAX / 2 ? ncap * 2 : want;
    if (b->cap == 0) {
        char *p = xmalloc(ncap);
        memcpy(p, b->data, b->len);
        p[b->len] = '\0';
        b->data = p;
    } else {
        b->data = xreallocarray(b->data, ncap, 1);
    }
    b->cap = ncap;
    return 0;
}

void buf_init(struct buf *b, size_t max_bytes)
{
    b->data = buf_empty;
    b->len = 0;
    b->cap = 0;
    b->max = max_bytes;
    b->status = FOLIO_OK;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
    if (n == 0 || buf_grow(b, n) != 0)
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    if (b->status != FOLIO_OK)
        return;
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        BUG("vsnprintf failed for '%s'", fmt);
    if (n == 0 || buf_grow(b, (size_t)n) != 0)
        return;
    (void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->cap)
        b->data[0] = '\0';
    b->status = FOLIO_OK;
}

void buf_release(struct buf *b)
{
    if (b->cap)
        free(b->data);
    buf_init(b, b->max);
}

char *buf_detach(struct buf *b, size_t *len)
{
    char *p;

    if (b->cap == 0)
        p = xstrndup(b->data, b->len);
    else
        p = b->data;
    if (len)
        *len = b->len;
    buf_init(b, b->max);
    return p;
}

enum folio_rc buf_status(const struct buf *b)
{
    return b->status;
}
