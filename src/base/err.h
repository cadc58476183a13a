/*
 * err.h - folio's error codes and the error report filled where an error is
 * detected (STYLE.md §3).
 */
#ifndef FOLIO_ERR_H
#define FOLIO_ERR_H

#include "base/compat.h"

enum folio_rc {
    FOLIO_OK = 0,
    FOLIO_ERR_INVALID,   /* bad input: file, field or request */
    FOLIO_ERR_NOT_FOUND, /* no such paper, issue, page, file */
    FOLIO_ERR_CONFLICT,  /* e.g. issue already published */
    FOLIO_ERR_TOO_LARGE, /* over a configured limit */
    FOLIO_ERR_IO,        /* OS call failed; err->sys_errno is set */
    FOLIO_ERR_DB,        /* store backend failed */
    FOLIO_ERR_UNSUPPORTED,
};

struct folio_err {
    enum folio_rc rc;
    int sys_errno;   /* 0 unless FOLIO_ERR_IO */
    char where[256]; /* "issue.json:3:7" or "pages[1].articles[0].headline" */
    char msg[512];   /* lowercase, no final period */
};

/*
 * Fill *err (when err is not NULL) and return rc, so detectors can write
 * `return err_set(err, FOLIO_ERR_INVALID, where, "...")`.
 * where: may be NULL or "" when there is no better location.
 */
enum folio_rc err_set(struct folio_err *err,
                      enum folio_rc rc,
                      const char *where,
                      const char *fmt,
                      ...) FOLIO_PRINTF(4, 5);

/*
 * Fill *err with FOLIO_ERR_IO from the current errno, message
 * "<what>: <strerror>". Returns FOLIO_ERR_IO.
 */
enum folio_rc
err_errno(struct folio_err *err, const char *where, const char *what);

/*
 * Prepend context to err->where: "<ctx>: <old where>" (or just ctx when
 * where was empty). No-op when err is NULL.
 */
void err_prefix(struct folio_err *err, const char *fmt, ...) FOLIO_PRINTF(2, 3);

/* Short name of a code, e.g. "invalid"; static string. */
const char *err_rc_name(enum folio_rc rc);

#endif
