/* err.c - filling struct folio_err (STYLE.md §3). */
#include "base/compat.h"

#include "base/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_where(struct folio_err *err, const char *where);

static void copy_where(struct folio_err *err, const char *where)
{
    size_t n = where ? strlen(where) : 0;
    if (n >= sizeof(err->where))
        n = sizeof(err->where) - 1;
    if (n)
        memcpy(err->where, where, n);
    err->where[n] = '\0';
}

enum folio_rc err_set(struct folio_err *err,
                      enum folio_rc rc,
                      const char *where,
                      const char *fmt,
                      ...)
{
    va_list ap;

    if (!err)
        return rc;
    err->rc = rc;
    err->sys_errno = 0;
    copy_where(err, where);
    va_start(ap, fmt);
    (void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return rc;
}

enum folio_rc
err_errno(struct folio_err *err, const char *where, const char *what)
{
    int saved = errno;
    char tmp[128];

    if (!err)
        return FOLIO_ERR_IO;
    if (strerror_r(saved, tmp, sizeof(tmp)) != 0)
        (void)snprintf(tmp, sizeof(tmp), "errno %d", saved);
    err->rc = FOLIO_ERR_IO;
    err->sys_errno = saved;
    copy_where(err, where);
    (void)snprintf(err->msg, sizeof(err->msg), "%s: %s", what, tmp);
    return FOLIO_ERR_IO;
}

void err_prefix(struct folio_err *err, const char *fmt, ...)
{
    char ctx[256];
    char old[256];
    va_list ap;

    if (!err)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(ctx, sizeof(ctx), fmt, ap);
    va_end(ap);
    memcpy(old, err->where, sizeof(old));
    if (old[0])
        (void)snprintf(err->where, sizeof(err->where), "%.120s: %.130s", ctx,
                       old);
    else
        copy_where(err, ctx);
}

const char *err_rc_name(enum folio_rc rc)
{
    switch (rc) {
    case FOLIO_OK:
        return "ok";
    case FOLIO_ERR_INVALID:
        return "invalid";
    case FOLIO_ERR_NOT_FOUND:
        return "not found";
    case FOLIO_ERR_CONFLICT:
        return "conflict";
    case FOLIO_ERR_TOO_LARGE:
        return "too large";
    case FOLIO_ERR_IO:
        return "i/o error";
    case FOLIO_ERR_DB:
        return "database error";
    case FOLIO_ERR_UNSUPPORTED:
        return "unsupported";
    }
    return "unknown";
}

void folio_bug(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "BUG: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
