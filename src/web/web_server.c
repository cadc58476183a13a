/* SPDX-License-Identifier: MIT */
/*
 * web_server.c - sockets, event loops and the bytes on the wire.
 *
 * libh2o-evloop supplies only the event loop, non-blocking sockets and
 * timeouts; folio parses requests itself (web_http_parse.c) so every
 * framing rule is ours to test. One loop per thread, each with its own
 * SO_REUSEPORT listener and read-only store connection; the rendered-page
 * cache is shared (web_cache.c).
 *
 * A connection reads into h2o's input buffer, answers every complete
 * (pipelined) request in order into one batch of iovecs - response heads in
 * conn->out, bodies referenced from cache entries or mmap'd media - and
 * writes the batch with one h2o_socket_write. While a batch is in flight no
 * further request is answered, so responses keep their order.
 *
 * Timeouts: one per connection, (re)armed when it is accepted and when a
 * write starts or ends, never by a partial read, so a client trickling a
 * header (slowloris) is cut off after idle_timeout_s.
 *
 * Shutdown: SIGTERM/SIGINT are blocked in every thread; web_serve's thread
 * waits for them with sigwait and then writes one byte to each loop's
 * wake-up pipe. A loop then closes its listener and idle connections, lets
 * in-flight writes finish, and returns.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include "base/xalloc.h"

#define H2O_USE_LIBUV 0
#include <h2o/socket.h>
#include <h2o/timeout.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define WEB_BATCH_MAX      16         /* responses per write */
#define WEB_MAX_CONNS      4096       /* per loop */
#define WEB_INPUT_HIGH     (64 << 10) /* stop reading while writing above */
#define WEB_GEN_CHECK_MS   200
#define WEB_DEFAULT_CACHE  ((size_t)64 << 20)
#define WEB_DEFAULT_IDLE_S 30
#define WEB_LINGER_MS      2000

/*
 * The one inline style the site allows: the <style> that the embedded
 * OpenSeadragon (web/vendor/openseadragon) injects to drop the focus ring
 * on touch screens, by its SHA-256 (CSP Level 3 §8.3). Recompute it when
 * the vendored viewer is updated: the browser test t0901 reports a CSP
 * violation otherwise.
 */
#define WEB_CSP_OSD_STYLE \
 "'sha256-9xTiqzfwFaL2SGb1rmr8gysEwVVjIvqWAgmZgqFqpEE='"

#define SECURITY_HEADERS                                               \
 "X-Content-Type-Options: nosniff\r\n"                                 \
 "Content-Security-Policy: default-src 'self'; img-src 'self' data:; " \
 "style-src 'self' " WEB_CSP_OSD_STYLE "; script-src 'self'; "         \
 "object-src 'none'; "                                                 \
 "base-uri 'self'; frame-ancestors 'self'\r\n"                         \
 "Referrer-Policy: strict-origin-when-cross-origin\r\n"

struct out_seg {
    size_t head_off, head_len; /* bytes in conn->out */
    const char *body;          /* NULL: no body bytes */
    size_t body_len;
    struct web_cache_entry *entry; /* reference held while writing */
    void *map;
    size_t map_len;
};

struct web_loop;

struct web_conn {
    struct web_loop *lp;
    h2o_socket_t *sock;
    h2o_timeout_entry_t timeout;
    struct web_conn *prev, *next;
    struct buf out;
    struct out_seg segs[WEB_BATCH_MAX];
    size_t nsegs;
    h2o_iovec_t iov[WEB_BATCH_MAX * 2];
    bool writing;
    bool close_after;
    bool reading_paused;
    bool lingering; /* response sent, write side shut, draining input */
    char peer[INET6_ADDRSTRLEN];
};

struct web_loop {
    const struct web_config *cfg;
    struct log *lg;
    struct web_cache *cache;
    struct store *st;
    h2o_evloop_t *loop;
    int listen_fd;
    h2o_socket_t *listener;
    int wake_fds[2];
    h2o_socket_t *wake;
    h2o_timeout_t idle;
    h2o_timeout_t linger;
    bool idle_inited;
    struct web_conn *conns;
    size_t nconns;
    size_t max_conns; /* WEB_MAX_CONNS or less, by RLIMIT_NOFILE */
    bool accept_paused;
    bool stopping;
    bool gen_known;
    uint64_t generation;
    uint64_t gen_checked_ms;
    int64_t date_sec;
    char date[30];
    pthread_t thread;
    bool started;
};

static void on_accept(h2o_socket_t *listener, const char *errstr);
static void on_read(h2o_socket_t *sock, const char *errstr);
static void on_write(h2o_socket_t *sock, const char *errstr);
static void on_timeout(h2o_timeout_entry_t *entry);
static void on_wake(h2o_socket_t *sock, const char *errstr);
static void conn_close(struct web_conn *c);
static void conn_arm_timeout(struct web_conn *c);
static void conn_release_segs(struct web_conn *c);
static bool conn_process(struct web_conn *c);
static void conn_flush(struct web_conn *c);
static void conn_answer(struct web_conn *c, const struct http_request *req);
static void conn_answer_error(struct web_conn *c,
                              const struct http_request *req);
static void
emit(struct web_conn *c, const struct http_request *req, struct web_ctx *ctx);
static void check_generation(struct web_loop *lp);
static void add_u64(struct buf *b, uint64_t v);
static void add_header(struct buf *b, const char *name, const char *value);
static const char *http_date(struct web_loop *lp);
static void *loop_main(void *arg);
static void loop_teardown(struct web_loop *lp);
static enum folio_rc open_listeners(const struct web_config *cfg,
                                    struct web_loop *lps,
                                    size_t n,
                                    int *port_out,
                                    struct folio_err *err);
static enum folio_rc
parse_listen(const char *listen, struct addrinfo **out, struct folio_err *err);

/* ---- time and generation ---- */

static void add_u64(struct buf *b, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf_add(b, tmp + i, sizeof(tmp) - i);
}

static void add_header(struct buf *b, const char *name, const char *value)
{
    buf_adds(b, name);
    buf_adds(b, value);
    buf_add(b, "\r\n", 2);
}

/* The loop's clock (ms since the epoch, read once per loop iteration). */
static const char *http_date(struct web_loop *lp)
{
    int64_t now = (int64_t)(h2o_now(lp->loop) / 1000);

    if (now != lp->date_sec) {
        lp->date_sec = now;
        time_format_http(now, lp->date);
    }
    return lp->date;
}

static void check_generation(struct web_loop *lp)
{
    uint64_t now = h2o_now(lp->loop), g;

    if (lp->gen_known && now - lp->gen_checked_ms < WEB_GEN_CHECK_MS)
        return;
    lp->gen_checked_ms = now;
    if (store_generation(lp->st, &g, NULL) != FOLIO_OK)
        return;
    if (lp->gen_known && g != lp->generation) {
        log_info(lp->lg, "archive changed; page cache dropped");
        web_cache_clear(lp->cache);
    }
    lp->generation = g;
    lp->gen_known = true;
}

/* ---- connections ---- */

static void conn_arm_timeout(struct web_conn *c)
{
    if (h2o_timeout_is_linked(&c->timeout))
        h2o_timeout_unlink(&c->timeout);
    h2o_timeout_link(c->lp->loop, &c->lp->idle, &c->timeout);
}

static void conn_release_segs(struct web_conn *c)
{
    size_t i;

    for (i = 0; i < c->nsegs; i++) {
        struct out_seg *s = &c->segs[i];
        if (s->entry)
            web_cache_unref(c->lp->cache, s->entry);
        if (s->map)
            munmap(s->map, s->map_len);
    }
    memset(c->segs, 0, sizeof(c->segs));
    c->nsegs = 0;
    buf_reset(&c->out);
}

static void conn_close(struct web_conn *c)
{
    struct web_loop *lp = c->lp;

    if (h2o_timeout_is_linked(&c->timeout))
        h2o_timeout_unlink(&c->timeout);
    conn_release_segs(c);
    buf_release(&c->out);
    if (c->prev)
        c->prev->next = c->next;
    else
        lp->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    lp->nconns--;
    c->sock->data = NULL;
    h2o_socket_close(c->sock);
    free(c);
    if (lp->accept_paused && !lp->stopping && lp->listener) {
        lp->accept_paused = false;
        h2o_socket_read_start(lp->listener, on_accept);
    }
}

static void on_timeout(h2o_timeout_entry_t *entry)
{
    struct web_conn *c =
        (struct web_conn *)((char *)entry - offsetof(struct web_conn, timeout));
    conn_close(c);
}

static void on_accept(h2o_socket_t *listener, const char *errstr)
{
    struct web_loop *lp = listener->data;
    int i;

    if (errstr)
        return;
    for (i = 0; i < 64; i++) {
        h2o_socket_t *sock;
        struct web_conn *c;
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        int one = 1, fd;

        if (lp->nconns >= lp->max_conns) {
            h2o_socket_read_stop(listener);
            lp->accept_paused = true;
            return;
        }
        sock = h2o_evloop_socket_accept(listener);
        if (!sock)
            return;
        c = xcalloc(1, sizeof(*c));
        c->lp = lp;
        c->sock = sock;
        c->timeout.cb = on_timeout;
        buf_init(&c->out, 1u << 20);
        sock->data = c;
        fd = h2o_socket_get_fd(sock);
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0) {
            if (ss.ss_family == AF_INET)
                inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
                          c->peer, sizeof(c->peer));
            else if (ss.ss_family == AF_INET6)
                inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
                          c->peer, sizeof(c->peer));
        }
        if (!c->peer[0])
            (void)snprintf(c->peer, sizeof(c->peer), "-");
        c->next = lp->conns;
        if (lp->conns)
            lp->conns->prev = c;
        lp->conns = c;
        lp->nconns++;
        conn_arm_timeout(c);
        h2o_socket_read_start(sock, on_read);
    }
}

static void on_read(h2o_socket_t *sock, const char *errstr)
{
    struct web_conn *c = sock->data;

    if (!c)
        return;
    if (errstr) {
        conn_close(c);
        return;
    }
    if (c->lingering) {
        h2o_buffer_consume(&sock->input, sock->input->size);
        return;
    }
    if (c->writing) {
        if (sock->input->size > WEB_INPUT_HIGH) {
            h2o_socket_read_stop(sock);
            c->reading_paused = true;
        }
        return;
    }
    (void)conn_process(c);
}

static void on_write(h2o_socket_t *sock, const char *errstr)
{
    struct web_conn *c = sock->data;

    if (!c)
        return;
    c->writing = false;
    conn_release_segs(c);
    if (errstr || (c->close_after && c->lp->stopping)) {
        conn_close(c);
        return;
    }
    if (c->close_after) {
        /*
         * Lingering close (nginx lingering_close): closing with unread
         * input makes the kernel send RST, which can destroy the response
         * before the client reads it (a 400 or 431 mid-request). Shut the
         * write side and drain until the client closes or 2 s pass.
         */
        c->lingering = true;
        (void)shutdown(h2o_socket_get_fd(sock), SHUT_WR);
        h2o_buffer_consume(&sock->input, sock->input->size);
        if (c->reading_paused) {
            c->reading_paused = false;
            h2o_socket_read_start(sock, on_read);
        }
        if (h2o_timeout_is_linked(&c->timeout))
            h2o_timeout_unlink(&c->timeout);
        h2o_timeout_link(c->lp->loop, &c->lp->linger, &c->timeout);
        return;
    }
    if (c->reading_paused) {
        c->reading_paused = false;
        h2o_socket_read_start(sock, on_read);
    }
    conn_arm_timeout(c);
    if (conn_process(c))
        return;
    if (!c->writing && c->lp->stopping)
        conn_close(c);
}

/*
 * Answer every complete request in the input buffer, then write.
 * Returns true when c was closed (and freed).
 */
static bool conn_process(struct web_conn *c)
{
    h2o_socket_t *sock = c->sock;
    struct http_request req;

    while (!c->writing && !c->close_after && c->nsegs < WEB_BATCH_MAX &&
           c->out.len < (256u << 10)) {
        enum http_parse_result r;
        r = http_parse_request(sock->input->bytes, sock->input->size, &req);
        if (r == HTTP_PARSE_INCOMPLETE)
            break;
        if (r == HTTP_PARSE_ERROR) {
            conn_answer_error(c, &req);
            c->close_after = true;
            h2o_buffer_consume(&sock->input, sock->input->size);
            break;
        }
        conn_answer(c, &req);
        h2o_buffer_consume(&sock->input, req.consumed);
    }
    if (c->nsegs) {
        conn_flush(c);
    } else if (c->close_after) {
        conn_close(c);
        return true;
    }
    return false;
}

static void conn_flush(struct web_conn *c)
{
    size_t i, n = 0;

    for (i = 0; i < c->nsegs; i++) {
        struct out_seg *s = &c->segs[i];
        c->iov[n++] = h2o_iovec_init(c->out.data + s->head_off, s->head_len);
        if (s->body && s->body_len)
            c->iov[n++] = h2o_iovec_init(s->body, s->body_len);
    }
    c->writing = true;
    conn_arm_timeout(c);
    h2o_socket_write(c->sock, c->iov, n, on_write);
}

static void conn_answer_error(struct web_conn *c,
                              const struct http_request *req)
{
    struct web_ctx ctx;
    struct arena arena = ARENA_INIT;

    memset(&ctx, 0, sizeof(ctx));
    ctx.cfg = c->lp->cfg;
    ctx.lg = c->lp->lg;
    ctx.cache = c->lp->cache;
    ctx.arena = &arena;
    ctx.req = req;
    web_resp_init(&ctx.resp);
    ctx.resp.status = req->error_status;
    ctx.resp.close = true;
    ctx.resp.content_type = "text/html; charset=utf-8";
    ctx.resp.cache_control = "no-cache";
    if (web_path_is_api(req->path))
        web_api_error_body(&ctx.resp, req->error_status, NULL);
    else
        render_error(&ctx.opts, req->error_status, &ctx.resp.body);
    log_debug(c->lp->lg, "status=%d peer=%s msg=%s", req->error_status, c->peer,
              req->error_msg ? req->error_msg : "");
    emit(c, req, &ctx);
    web_resp_release(&ctx.resp, c->lp->cache);
    arena_release(&arena);
}

static void conn_answer(struct web_conn *c, const struct http_request *req)
{
    struct web_ctx ctx;
    struct arena arena = ARENA_INIT;

    check_generation(c->lp);
    memset(&ctx, 0, sizeof(ctx));
    ctx.cfg = c->lp->cfg;
    ctx.st = c->lp->st;
    ctx.lg = c->lp->lg;
    ctx.cache = c->lp->cache;
    ctx.arena = &arena;
    ctx.req = req;
    web_resp_init(&ctx.resp);
    web_dispatch(&ctx);
    emit(c, req, &ctx);
    web_resp_release(&ctx.resp, c->lp->cache);
    arena_release(&arena);
}

/* The filters, in order: conditional GET, security headers, encoding. */
static void
emit(struct web_conn *c, const struct http_request *req, struct web_ctx *ctx)
{
    struct web_resp *r = &ctx->resp;
    struct out_seg *s = &c->segs[c->nsegs++];
    struct buf *o = &c->out;
    const char *body = NULL;
    size_t body_len = 0;
    const char *ctype = r->content_type;
    const char *cc = r->cache_control;
    int64_t lm = r->last_modified;
    char etag[96] = "";
    enum web_encoding enc = WEB_ENC_IDENTITY;
    int status = r->status;
    bool keep =
        req->keep_alive && !r->close && !c->lp->stopping && !c->close_after;

    memset(s, 0, sizeof(*s));
    if (r->entry) {
        unsigned avail = 1u;
        struct web_cache_entry *e = r->entry;
        if (e->body[WEB_ENC_GZIP].data)
            avail |= 1u << WEB_ENC_GZIP;
        if (e->body[WEB_ENC_BR].data)
            avail |= 1u << WEB_ENC_BR;
        enc = web_accept_encoding(req->accept_encoding, avail);
        body = e->body[enc].data;
        body_len = e->body[enc].len;
        ctype = e->content_type;
        cc = e->cache_control;
        lm = e->last_modified;
        status = e->status;
        (void)snprintf(etag, sizeof(etag), "%s", e->etags[enc]);
    } else if (r->map) {
        body = r->map;
        body_len = r->map_len;
        (void)snprintf(etag, sizeof(etag), "%s", r->etag);
    } else {
        body = r->body.data;
        body_len = r->body.len;
        if (r->etag[0])
            (void)snprintf(etag, sizeof(etag), "%s", r->etag);
    }

    /* conditional GET (RFC 9110 §13.2.2: If-None-Match wins) */
    if (status == 200 && (etag[0] || lm)) {
        bool not_modified = false;
        if (req->if_none_match.len) {
            not_modified =
                etag[0] && (web_etag_match(req->if_none_match, etag) ||
                            (r->entry && web_etag_match(req->if_none_match,
                                                        r->entry->etag)));
        } else if (req->if_modified_since.len && lm) {
            int64_t now = (int64_t)(h2o_now(c->lp->loop) / 1000);
            not_modified = web_not_modified(req->if_modified_since, lm, now);
        }
        if (not_modified)
            status = 304;
    }

    s->head_off = o->len;
    /* no printf here: this runs for every request (perf showed 9 %) */
    buf_adds(o, "HTTP/1.1 ");
    add_u64(o, (uint64_t)status);
    buf_addc(o, ' ');
    buf_adds(o, web_reason(status));
    add_header(o, "\r\nDate: ", http_date(c->lp));
    if (status != 304 && ctype)
        add_header(o, "Content-Type: ", ctype);
    if (status == 304)
        body_len = 0;
    else {
        buf_adds(o, "Content-Length: ");
        add_u64(o, body_len);
        buf_adds(o, "\r\n");
    }
    if (enc != WEB_ENC_IDENTITY && status != 304)
        add_header(o,
                   "Content-Encoding: ", enc == WEB_ENC_GZIP ? "gzip" : "br");
    if (etag[0] && (status == 200 || status == 304))
        add_header(o, "ETag: ", etag);
    if (lm && (status == 200 || status == 304)) {
        if (r->entry && r->entry->last_modified_http[0]) {
            add_header(o, "Last-Modified: ", r->entry->last_modified_http);
        } else {
            char d[30];
            time_format_http(lm, d);
            add_header(o, "Last-Modified: ", d);
        }
    }
    if (r->private_cache && cc && strncmp(cc, "public", 6) == 0)
        add_header(o, "Cache-Control: private", cc + 6);
    else if (cc)
        add_header(o, "Cache-Control: ", cc);
    if (r->entry && ctype && strncmp(ctype, "text/html", 9) == 0)
        buf_adds(o, "Vary: Accept-Encoding, Accept-Language, Cookie\r\n");
    else if (r->entry)
        buf_adds(o, "Vary: Accept-Encoding\r\n");
    buf_adds(o, SECURITY_HEADERS);
    buf_add(o, r->headers.data, r->headers.len);
    if (!keep)
        buf_adds(o, "Connection: close\r\n");
    else if (req->minor_version == 0)
        buf_adds(o, "Connection: keep-alive\r\n");
    buf_adds(o, "\r\n");
    s->head_len = o->len - s->head_off;

    if (status != 304 && req->method != HTTP_METHOD_HEAD && body_len) {
        if (r->entry) {
            s->body = body;
            s->body_len = body_len;
            s->entry = r->entry;
            r->entry = NULL; /* the segment owns the reference now */
        } else if (r->map) {
            s->body = body;
            s->body_len = body_len;
            s->map = r->map;
            s->map_len = r->map_len;
            r->map = NULL;
        } else {
            buf_add(o, body, body_len);
            s->head_len = o->len - s->head_off;
        }
    }
    if (r->map) {
        munmap(r->map, r->map_len);
        r->map = NULL;
    }
    if (buf_status(o) != FOLIO_OK) {
        /* cannot happen below the 1 MiB head cap; fail safe by closing */
        keep = false;
    }
    if (!keep)
        c->close_after = true;
    if (c->lp->cfg->access_log)
        web_access_log(
            c->lp->cfg->access_log, c->peer,
            (int64_t)(h2o_now(c->lp->loop) / 1000), req->method_name,
            req->target, req->minor_version, status,
            req->method == HTTP_METHOD_HEAD || status == 304 ? 0 : body_len,
            req->referer, req->user_agent);
}

/* ---- loops ---- */

static void on_wake(h2o_socket_t *sock, const char *errstr)
{
    struct web_loop *lp = sock->data;
    struct web_conn *c, *next;

    (void)errstr;
    if (lp->stopping)
        return;
    lp->stopping = true;
    h2o_socket_read_stop(sock);
    if (lp->listener) {
        h2o_socket_read_stop(lp->listener);
        h2o_socket_close(lp->listener);
        lp->listener = NULL;
        lp->listen_fd = -1;
    }
    for (c = lp->conns; c; c = next) {
        next = c->next;
        if (c->writing)
            c->close_after = true;
        else
            conn_close(c);
    }
}

/*
 * Close what is left and free the loop, on the thread that ran it: h2o
 * keeps freed socket buffers in a thread-local recycle list, which is
 * drained here so nothing outlives the thread.
 */
static void loop_teardown(struct web_loop *lp)
{
    h2o_mem_recycle_t *rc = &h2o_socket_buffer_prototype.allocator;

    if (lp->listener)
        h2o_socket_close(lp->listener);
    if (lp->wake)
        h2o_socket_close(lp->wake);
    lp->listener = lp->wake = NULL;
    h2o_evloop_run(lp->loop, 0);
    if (lp->idle_inited) {
        h2o_timeout_dispose(lp->loop, &lp->idle);
        h2o_timeout_dispose(lp->loop, &lp->linger);
    }
    h2o_evloop_destroy(lp->loop);
    lp->loop = NULL;
    while (rc->cnt > 0)
        free(h2o_mem_alloc_recycle(rc, 1));
}

static void *loop_main(void *arg)
{
    struct web_loop *lp = arg;

    h2o_socket_read_start(lp->listener, on_accept);
    h2o_socket_read_start(lp->wake, on_wake);
    while (!(lp->stopping && lp->nconns == 0))
        h2o_evloop_run(lp->loop, 1000);
    loop_teardown(lp);
    return NULL;
}

static enum folio_rc
parse_listen(const char *listen, struct addrinfo **out, struct folio_err *err)
{
    char host[256];
    const char *colon, *port;
    struct addrinfo hints;
    int gai;

    if (!listen || !listen[0])
        return err_set(err, FOLIO_ERR_INVALID, "--listen", "empty address");
    if (listen[0] == '[') {
        const char *rb = strchr(listen, ']');
        if (!rb || rb[1] != ':' || (size_t)(rb - listen - 1) >= sizeof(host))
            return err_set(err, FOLIO_ERR_INVALID, "--listen",
                           "bad address '%s'", listen);
        memcpy(host, listen + 1, (size_t)(rb - listen - 1));
        host[rb - listen - 1] = '\0';
        port = rb + 2;
    } else {
        colon = strrchr(listen, ':');
        if (!colon || (size_t)(colon - listen) >= sizeof(host))
            return err_set(err, FOLIO_ERR_INVALID, "--listen",
                           "bad address '%s' (want HOST:PORT)", listen);
        memcpy(host, listen, (size_t)(colon - listen));
        host[colon - listen] = '\0';
        port = colon + 1;
    }
    {
        struct str p = str_from(port);
        uint64_t v;
        if (!str_to_u64(&p, 5, 65535, &v) || p.len != 0)
            return err_set(err, FOLIO_ERR_INVALID, "--listen",
                           "bad port in '%s'", listen);
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV | AI_NUMERICHOST;
    gai = getaddrinfo(host[0] ? host : "0.0.0.0", port, &hints, out);
    if (gai != 0)
        return err_set(err, FOLIO_ERR_INVALID, "--listen",
                       "bad address '%s': %s", listen, gai_strerror(gai));
    return FOLIO_OK;
}

static enum folio_rc open_listeners(const struct web_config *cfg,
                                    struct web_loop *lps,
                                    size_t n,
                                    int *port_out,
                                    struct folio_err *err)
{
    struct addrinfo *ai = NULL;
    struct sockaddr_storage addr;
    socklen_t alen;
    enum folio_rc rc;
    size_t i;
    int port = 0;

    rc = parse_listen(cfg->listen, &ai, err);
    if (rc != FOLIO_OK)
        return rc;
    memcpy(&addr, ai->ai_addr, ai->ai_addrlen);
    alen = ai->ai_addrlen;
    if ((addr.ss_family == AF_INET6
             ? ((struct sockaddr_in6 *)&addr)->sin6_port
             : ((struct sockaddr_in *)&addr)->sin_port) != 0) {
        /*
         * SO_REUSEPORT would let a second folio share a busy port and
         * silently split its traffic; a plain bind first refuses that.
         */
        int probe = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        if (probe < 0) {
            rc = err_errno(err, cfg->listen, "socket");
            goto out;
        }
        (void)setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(probe, (struct sockaddr *)&addr, alen) != 0) {
            rc = err_errno(err, cfg->listen, "bind");
            close(probe);
            goto out;
        }
        close(probe);
    }
    for (i = 0; i < n; i++) {
        int one = 1;
        int fd = socket(ai->ai_family,
                        SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            rc = err_errno(err, cfg->listen, "socket");
            goto out;
        }
        lps[i].listen_fd = fd;
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
            rc = err_errno(err, cfg->listen, "setsockopt SO_REUSEPORT");
            goto out;
        }
        if (bind(fd, (struct sockaddr *)&addr, alen) != 0) {
            rc = err_errno(err, cfg->listen, "bind");
            goto out;
        }
        if (listen(fd, 1024) != 0) {
            rc = err_errno(err, cfg->listen, "listen");
            goto out;
        }
        if (i == 0) {
            /* port 0: the others join the port the kernel picked */
            struct sockaddr_storage got;
            socklen_t gl = sizeof(got);
            if (getsockname(fd, (struct sockaddr *)&got, &gl) != 0) {
                rc = err_errno(err, cfg->listen, "getsockname");
                goto out;
            }
            port = ntohs(got.ss_family == AF_INET6
                             ? ((struct sockaddr_in6 *)&got)->sin6_port
                             : ((struct sockaddr_in *)&got)->sin_port);
            if (addr.ss_family == AF_INET6)
                ((struct sockaddr_in6 *)&addr)->sin6_port = htons(port);
            else
                ((struct sockaddr_in *)&addr)->sin_port = htons(port);
        }
    }
    *port_out = port;
out:
    freeaddrinfo(ai);
    return rc;
}

enum folio_rc web_serve(const struct web_config *cfg,
                        struct log *lg,
                        int ready_fd,
                        struct folio_err *err)
{
    struct web_cache cache;
    struct web_loop *lps = NULL;
    size_t n, i;
    int port = 0, sig = 0;
    sigset_t set, oldset;
    struct sigaction ign, oldpipe;
    enum folio_rc rc;
    bool cache_inited = false, mask_set = false;

    n = cfg->threads > 0 ? (size_t)cfg->threads : 0;
    if (n == 0) {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        n = ncpu > 0 ? (size_t)ncpu : 1;
    }
    if (n > 8)
        n = 8;
    lps = xcalloc(n, sizeof(*lps));
    for (i = 0; i < n; i++) {
        lps[i].listen_fd = -1;
        lps[i].wake_fds[0] = lps[i].wake_fds[1] = -1;
    }

    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    (void)sigaction(SIGPIPE, &ign, &oldpipe);
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    if (pthread_sigmask(SIG_BLOCK, &set, &oldset) != 0) {
        rc = err_set(err, FOLIO_ERR_IO, "serve", "cannot block signals");
        goto out;
    }
    mask_set = true;

    rc = open_listeners(cfg, lps, n, &port, err);
    if (rc != FOLIO_OK)
        goto out;
    web_cache_init(&cache, cfg->cache_max_bytes ? cfg->cache_max_bytes
                                                : WEB_DEFAULT_CACHE);
    cache_inited = true;
    for (i = 0; i < n; i++) {
        rc = store_open(cfg->data_dir, STORE_OPEN_READONLY, &lps[i].st, err);
        if (rc != FOLIO_OK)
            goto out;
        if (pipe(lps[i].wake_fds) != 0) {
            rc = err_errno(err, "serve", "pipe");
            goto out;
        }
        for (int k = 0; k < 2; k++) {
            (void)fcntl(lps[i].wake_fds[k], F_SETFD, FD_CLOEXEC);
            (void)fcntl(lps[i].wake_fds[k], F_SETFL, O_NONBLOCK);
        }
    }
    {
        /*
         * Stop accepting before the descriptor limit: at EMFILE the
         * listener would stay readable and the loop would spin.
         */
        struct rlimit rl;
        size_t per = WEB_MAX_CONNS;
        if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
            rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 64 + n * 8) {
            size_t avail = ((size_t)rl.rlim_cur - 64 - n * 8) / n;
            if (avail < per)
                per = avail;
        }
        for (i = 0; i < n; i++)
            lps[i].max_conns = per;
    }
    for (i = 0; i < n; i++) {
        struct web_loop *lp = &lps[i];
        int idle =
            cfg->idle_timeout_s > 0 ? cfg->idle_timeout_s : WEB_DEFAULT_IDLE_S;
        lp->cfg = cfg;
        lp->lg = lg;
        lp->cache = &cache;
        lp->loop = h2o_evloop_create();
        h2o_timeout_init(lp->loop, &lp->idle, (uint64_t)idle * 1000);
        h2o_timeout_init(lp->loop, &lp->linger, WEB_LINGER_MS);
        lp->idle_inited = true;
        lp->listener = h2o_evloop_socket_create(lp->loop, lp->listen_fd,
                                                H2O_SOCKET_FLAG_DONT_READ);
        lp->listener->data = lp;
        lp->wake = h2o_evloop_socket_create(lp->loop, lp->wake_fds[0],
                                            H2O_SOCKET_FLAG_DONT_READ);
        lp->wake->data = lp;
        lp->wake_fds[0] = -1; /* owned by the h2o socket now */
    }
    for (i = 0; i < n; i++) {
        if (pthread_create(&lps[i].thread, NULL, loop_main, &lps[i]) != 0) {
            rc = err_set(err, FOLIO_ERR_IO, "serve", "cannot start thread");
            break;
        }
        lps[i].started = true;
    }
    if (rc == FOLIO_OK) {
        log_info(lg, "listening on %s port %d with %zu threads", cfg->listen,
                 port, n);
        if (ready_fd >= 0) {
            char line[32];
            int len = snprintf(line, sizeof(line), "ready %d\n", port);
            if (write(ready_fd, line, (size_t)len) != len)
                log_warn(lg, "cannot write to the ready fd");
        }
        while (sigwait(&set, &sig) != 0)
            ;
        log_info(lg, "signal %d: shutting down", sig);
    }
    for (i = 0; i < n; i++) {
        if (lps[i].wake_fds[1] >= 0 && write(lps[i].wake_fds[1], "x", 1) != 1)
            log_warn(lg, "cannot wake loop %zu", i);
    }
    for (i = 0; i < n; i++)
        if (lps[i].started)
            pthread_join(lps[i].thread, NULL);
out:
    for (i = 0; lps && i < n; i++) {
        struct web_loop *lp = &lps[i];
        if (lp->loop) {
            loop_teardown(lp);
        } else if (lp->listen_fd >= 0) {
            close(lp->listen_fd);
        }
        if (lp->wake_fds[0] >= 0)
            close(lp->wake_fds[0]);
        if (lp->wake_fds[1] >= 0)
            close(lp->wake_fds[1]);
        store_close(lp->st);
    }
    free(lps);
    if (cache_inited)
        web_cache_release(&cache);
    if (mask_set)
        pthread_sigmask(SIG_SETMASK, &oldset, NULL);
    (void)sigaction(SIGPIPE, &oldpipe, NULL);
    return rc;
}
