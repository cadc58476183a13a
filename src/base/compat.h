/*
 * compat.h - first include of every folio .c file.
 *
 * Feature-test macros, compiler attributes and the banned-function list.
 * Model: git's git-compat-util.h.
 */
#ifndef FOLIO_COMPAT_H
#define FOLIO_COMPAT_H

#ifndef _POSIX_C_SOURCE
# define _POSIX_C_SOURCE 200809L
#endif
#ifndef _XOPEN_SOURCE
# define _XOPEN_SOURCE 700
#endif
#ifndef _DEFAULT_SOURCE
# define _DEFAULT_SOURCE 1
#endif

/*
 * System headers that declare banned functions come before banned.h, whose
 * macros would otherwise break their declarations (git-compat-util.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#if defined(__GNUC__) || defined(__clang__)
# define FOLIO_PRINTF(f, a) __attribute__((format(printf, f, a)))
# define FOLIO_MUST_USE     __attribute__((warn_unused_result))
# define FOLIO_NORETURN     __attribute__((noreturn))
# define FOLIO_UNUSED       __attribute__((unused))
#else
# define FOLIO_PRINTF(f, a)
# define FOLIO_MUST_USE
# define FOLIO_NORETURN
# define FOLIO_UNUSED
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Free *p and set it to NULL (git FREE_AND_NULL). */
#define FREE_AND_NULL(p) \
 do {                    \
  free(p);               \
  (p) = NULL;            \
 } while (0)

/*
 * Report a programming error with file and line, then abort.
 * Never used for bad input: that gets enum folio_rc.
 */
FOLIO_NORETURN void folio_bug(const char *file, int line, const char *fmt, ...)
    FOLIO_PRINTF(3, 4);
#define BUG(...) folio_bug(__FILE__, __LINE__, __VA_ARGS__)

#include "base/banned.h"

#endif
