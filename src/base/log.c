/* log.c - one-line key=value event log. */
#include "base/compat.h"

#include "base/log.h"

#include "base/date.h"

#include <stdarg.h>
#include <string.h>

static const char *const level_names[] = { "error", "warn", "info", "debug" };

void log_init(struct log *lg)
{
    lg->level = LOG_INFO;
    lg->out = stderr;
}

void log_write(struct log *lg,
               enum log_level lvl,
               const char *file,
               int line,
               const char *fmt,
               ...)
{
    char ts[21];
    char msg[2048];
    va_list ap;
    const char *src = strstr(file, "src/");

    time_format_iso(time_now_utc(), ts);
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(lg->out ? lg->out : stderr, "%s %s %s:%d %s\n", ts,
            level_names[lvl], src ? src + 4 : file, line, msg);
    fflush(lg->out ? lg->out : stderr);
}

void log_escape(const char *s, size_t len, char *out, size_t outsz)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, o = 0;

    if (outsz == 0)
        return;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
            if (o + 4 >= outsz)
                break;
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else {
            if (o + 1 >= outsz)
                break;
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
}
