/*
 * web.h - the reader site's HTTP/1.1 server (libh2o-evloop underneath).
 *
 * One event loop per thread, each with its own listening socket
 * (SO_REUSEPORT) and its own read-only store connection. Rendered pages and
 * their gzip and brotli forms are cached in memory and dropped when the
 * archive changes (store_generation). Never compresses per request.
 */
#ifndef FOLIO_WEB_H
#define FOLIO_WEB_H

#include "base/compat.h"
#include "base/err.h"
#include "base/log.h"

#include <stddef.h>
#include <stdio.h>

struct web_config {
    const char *data_dir;      /* archive directory (store_open) */
    const char *listen;        /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
    int threads;               /* event loops; 0 = number of CPUs (max 8) */
    const char *default_paper; /* paper for "/", NULL = the only/first one */
    FILE *access_log;          /* one line per request; NULL = none */
    size_t cache_max_bytes;    /* rendered-page cache; 0 = 64 MiB */
    int idle_timeout_s;        /* keep-alive / header timeout; 0 = 30 */
    const char *legacy_prefix; /* old Founder URLs live below it ("/epaper");
                                  NULL or "" = at the root (web_legacy.c) */
};

/*
 * Serve until SIGTERM or SIGINT, then finish in-flight responses and
 * return FOLIO_OK (graceful shutdown).
 * ready_fd: when >= 0, "ready <port>\n" is written to it once listening
 *           (tests start the server on port 0 and read the real port).
 * Errors: FOLIO_ERR_INVALID (bad listen address), FOLIO_ERR_IO (bind,
 *         listen), FOLIO_ERR_NOT_FOUND / FOLIO_ERR_DB (archive).
 */
FOLIO_MUST_USE enum folio_rc web_serve(const struct web_config *cfg,
                                       struct log *lg,
                                       int ready_fd,
                                       struct folio_err *err);

#endif
