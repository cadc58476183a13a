/* SPDX-License-Identifier: MIT */
/*
 * web_access_log.c - one line per request in the combined log format
 * nginx and Apache write, so the usual tools read it:
 *   peer - - [day/Mon/year:HH:MM:SS +0000] "request line" status bytes
 *   "referer" "user-agent"
 * Everything the client sent is escaped with log_escape, so a request can
 * never forge a second line (h2o 40error-log-escape.t).
 */
#include "base/compat.h"

#include "web/web_int.h"

#include <string.h>
#include <time.h>

void web_access_log(FILE *f,
                    const char *peer,
                    int64_t now_utc,
                    struct str method,
                    struct str target,
                    int minor_version,
                    int status,
                    size_t body_bytes,
                    struct str referer,
                    struct str user_agent)
{
    static const char *const mon[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    char m[64], t[1024], r[512], ua[512];
    struct tm tm;
    time_t tt = (time_t)now_utc;

    if (!f)
        return;
    if (!gmtime_r(&tt, &tm))
        memset(&tm, 0, sizeof(tm));
    log_escape(method.ptr, method.len, m, sizeof(m));
    log_escape(target.ptr, target.len, t, sizeof(t));
    log_escape(referer.ptr, referer.len, r, sizeof(r));
    log_escape(user_agent.ptr, user_agent.len, ua, sizeof(ua));
    (void)fprintf(f,
                  "%s - - [%02d/%s/%04d:%02d:%02d:%02d +0000] "
                  "\"%s %s HTTP/1.%d\" %d %zu \"%s\" \"%s\"\n",
                  peer, tm.tm_mday, mon[tm.tm_mon % 12], tm.tm_year + 1900,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, m[0] ? m : "-",
                  t[0] ? t : "-", minor_version < 0 ? 1 : minor_version, status,
                  body_bytes, r[0] ? r : "-", ua[0] ? ua : "-");
}
