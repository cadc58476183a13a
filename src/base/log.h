/*
 * log.h - leveled operator logging, one event per line on stderr:
 *   2026-11-29T12:00:01Z warn web/router.c:88 status=500 where=... msg=...
 * The level is checked before formatting (redis serverLog). The logger is a
 * value owned by struct app and passed down; there is no global logger.
 */
#ifndef FOLIO_LOG_H
#define FOLIO_LOG_H

#include "base/compat.h"

#include <stdio.h>

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };

struct log {
    enum log_level level; /* events above this level are dropped */
    FILE *out;            /* borrowed; stderr by default */
};

/* Initialise lg at level LOG_INFO writing to stderr. */
void log_init(struct log *lg);
/*
 * Write one event. Fields taken from input must go through log_escape
 * first (or be formatted with %s of an escaped copy).
 */
void log_write(struct log *lg,
               enum log_level lvl,
               const char *file,
               int line,
               const char *fmt,
               ...) FOLIO_PRINTF(5, 6);
/*
 * Copy s into out (size outsz, NUL-terminated, truncated) replacing
 * control characters, quotes and backslashes by \xNN escapes, so a log line
 * stays one line whatever a client sends.
 */
void log_escape(const char *s, size_t len, char *out, size_t outsz);

#define LOG_AT(lg, lvl, ...)                                \
 do {                                                       \
  if ((lg) && (lvl) <= (lg)->level)                         \
   log_write((lg), (lvl), __FILE__, __LINE__, __VA_ARGS__); \
 } while (0)
#define log_error(lg, ...) LOG_AT(lg, LOG_ERROR, __VA_ARGS__)
#define log_warn(lg, ...)  LOG_AT(lg, LOG_WARN, __VA_ARGS__)
#define log_info(lg, ...)  LOG_AT(lg, LOG_INFO, __VA_ARGS__)
#define log_debug(lg, ...) LOG_AT(lg, LOG_DEBUG, __VA_ARGS__)

#endif
