/* SPDX-License-Identifier: MIT */
/*
 * web_negotiate.c - what the client asked for beyond the path: content
 * coding (Accept-Encoding), language (Accept-Language, cookie, ?lang=),
 * cookies, query parameters, conditional requests (If-None-Match,
 * If-Modified-Since in all three HTTP-date forms) and the open-redirect
 * guard and Location escaping for /_textsize.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include "base/arena.h"

#include <string.h>

static int parse_q(struct str params);
static bool num2(const char *s, int *out);
static int month_of(const char *s);
static bool clock_at(const char *s, int *secs);
static bool http_date_any(struct str v, int64_t now, int64_t *out);

/* q-value in thousandths from ";q=0.5" style parameters; 1000 default. */
static int parse_q(struct str params)
{
    struct str p;

    while (params.len) {
        (void)str_split(&params, ';', &p);
        p = str_trim(p);
        if (p.len >= 2 && (p.ptr[0] == 'q' || p.ptr[0] == 'Q') &&
            p.ptr[1] == '=') {
            int q = 0, scale = 1000;
            size_t i = 2;
            if (i < p.len && (p.ptr[i] == '0' || p.ptr[i] == '1')) {
                q = (p.ptr[i] - '0') * 1000;
                i++;
            } else {
                return 0;
            }
            if (i < p.len && p.ptr[i] == '.') {
                i++;
                while (i < p.len && scale > 1 && p.ptr[i] >= '0' &&
                       p.ptr[i] <= '9') {
                    scale /= 10;
                    q += (p.ptr[i] - '0') * scale;
                    i++;
                }
            }
            return q > 1000 ? 1000 : q;
        }
    }
    return 1000;
}

enum web_encoding web_accept_encoding(struct str value, unsigned available)
{
    int q_br = -1, q_gzip = -1, q_star = -1;
    struct str item, coding;

    while (value.len) {
        (void)str_split(&value, ',', &item);
        item = str_trim(item);
        coding = item;
        {
            const char *semi = memchr(item.ptr, ';', item.len);
            struct str params = { "", 0 };
            int q;
            if (semi) {
                coding.len = (size_t)(semi - item.ptr);
                params.ptr = semi + 1;
                params.len = item.len - coding.len - 1;
            }
            coding = str_trim(coding);
            q = parse_q(params);
            if (str_eqs_nocase(coding, "br"))
                q_br = q;
            else if (str_eqs_nocase(coding, "gzip") ||
                     str_eqs_nocase(coding, "x-gzip"))
                q_gzip = q;
            else if (str_eqs(coding, "*"))
                q_star = q;
        }
    }
    if (q_br < 0)
        q_br = q_star;
    if (q_gzip < 0)
        q_gzip = q_star;
    if ((available & (1u << WEB_ENC_BR)) && q_br > 0)
        return WEB_ENC_BR;
    if ((available & (1u << WEB_ENC_GZIP)) && q_gzip > 0)
        return WEB_ENC_GZIP;
    return WEB_ENC_IDENTITY;
}

enum render_lang web_accept_language(struct str value)
{
    int best_q = -1;
    bool best_en = false;
    struct str item;

    while (value.len) {
        struct str range, params = { "", 0 };
        const char *semi;
        int q;

        (void)str_split(&value, ',', &item);
        item = str_trim(item);
        range = item;
        semi = memchr(item.ptr, ';', item.len);
        if (semi) {
            range.len = (size_t)(semi - item.ptr);
            params.ptr = semi + 1;
            params.len = item.len - range.len - 1;
        }
        range = str_trim(range);
        if (range.len == 0)
            continue;
        q = parse_q(params);
        if (q > best_q) {
            best_q = q;
            best_en =
                (range.len == 2 || (range.len > 2 && range.ptr[2] == '-')) &&
                (range.ptr[0] == 'e' || range.ptr[0] == 'E') &&
                (range.ptr[1] == 'n' || range.ptr[1] == 'N');
        }
    }
    return (best_q > 0 && best_en) ? RENDER_LANG_EN : RENDER_LANG_ZH;
}

bool web_cookie_get(struct str header, const char *name, struct str *out)
{
    struct str pair, k;

    while (header.len) {
        (void)str_split(&header, ';', &pair);
        pair = str_trim(pair);
        k = pair;
        {
            const char *eq = memchr(pair.ptr, '=', pair.len);
            if (!eq)
                continue;
            k.len = (size_t)(eq - pair.ptr);
            if (str_eqs(str_trim(k), name)) {
                out->ptr = eq + 1;
                out->len = pair.len - k.len - 1;
                *out = str_trim(*out);
                return true;
            }
        }
    }
    return false;
}

bool web_query_get(struct str query, const char *name, struct str *out)
{
    struct str pair;

    while (query.len) {
        const char *eq;
        struct str k;

        (void)str_split(&query, '&', &pair);
        eq = memchr(pair.ptr, '=', pair.len);
        k = pair;
        if (eq)
            k.len = (size_t)(eq - pair.ptr);
        if (str_eqs(k, name)) {
            if (eq) {
                out->ptr = eq + 1;
                out->len = pair.len - k.len - 1;
            } else {
                *out = (struct str){ "", 0 };
            }
            return true;
        }
    }
    return false;
}

bool web_percent_decode(struct str src, char *out, size_t outsz)
{
    return str_pct_decode(src, true, out, outsz, NULL);
}

bool web_etag_match(struct str inm, const char *etag)
{
    struct str tag;
    struct str want = str_from(etag);

    inm = str_trim(inm);
    if (str_eqs(inm, "*"))
        return true;
    while (inm.len) {
        (void)str_split(&inm, ',', &tag);
        tag = str_trim(tag);
        if (tag.len >= 2 && tag.ptr[0] == 'W' && tag.ptr[1] == '/') {
            tag.ptr += 2;
            tag.len -= 2;
        }
        if (str_eq(tag, want))
            return true;
    }
    return false;
}

bool web_local_path_ok(const char *back)
{
    size_t i;

    if (!back || back[0] != '/')
        return false;
    if (back[1] == '/' || back[1] == '\\')
        return false;
    for (i = 0; back[i]; i++) {
        unsigned char c = (unsigned char)back[i];
        if (c <= 0x20 || c == 0x7f || c == '\\')
            return false;
    }
    return i < 2048;
}

enum folio_rc web_query_param(struct web_ctx *c,
                              const char *name,
                              size_t max,
                              const char **out,
                              struct folio_err *err)
{
    struct str raw;
    char *tmp, *dec;
    size_t i;

    if (!web_query_get(c->req->query, name, &raw) || raw.len == 0) {
        *out = "";
        return FOLIO_OK;
    }
    if (raw.len > 3 * max)
        return err_set(err, FOLIO_ERR_INVALID, name, "'%s' is too long", name);
    tmp = arena_strndup(c->arena, raw.ptr, raw.len);
    for (i = 0; i < raw.len; i++)
        if (tmp[i] == '+')
            tmp[i] = ' ';
    dec = arena_alloc(c->arena, raw.len + 1);
    if (!web_percent_decode((struct str){ tmp, raw.len }, dec, raw.len + 1))
        return err_set(err, FOLIO_ERR_INVALID, name,
                       "'%s' is not valid percent-encoding", name);
    if (strlen(dec) > max)
        return err_set(err, FOLIO_ERR_INVALID, name, "'%s' is too long", name);
    *out = dec;
    return FOLIO_OK;
}

bool web_location_escape(const char *path, char *out, size_t outsz)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;

    for (; *path; path++) {
        unsigned char c = (unsigned char)*path;
        bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                    (c >= 'A' && c <= 'Z') ||
                    (c != 0 && strchr("-._~!$&'()*+,;=:@/?", c) != NULL);
        if (c == '%' && str_hex_digit(path[1]) >= 0 &&
            str_hex_digit(path[2]) >= 0)
            keep = true;
        if (o + (keep ? 1 : 3) >= outsz)
            return false;
        if (keep) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    if (outsz == 0)
        return false;
    out[o] = '\0';
    return true;
}

/* Two ASCII digits at s. */
static bool num2(const char *s, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

/* 1..12 for "Jan".."Dec" at s (case-sensitive, RFC 9110 §5.6.7), else 0. */
static int month_of(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int m;

    for (m = 0; m < 12; m++)
        if (memcmp(s, names + 3 * m, 3) == 0)
            return m + 1;
    return 0;
}

/* "HH:MM:SS" at s as seconds into the day. */
static bool clock_at(const char *s, int *secs)
{
    int hh, mi, ss;

    if (s[2] != ':' || s[5] != ':' || !num2(s, &hh) || !num2(s + 3, &mi) ||
        !num2(s + 6, &ss) || hh > 23 || mi > 59 || ss > 60)
        return false;
    *secs = hh * 3600 + mi * 60 + ss;
    return true;
}

/*
 * Any of the three HTTP-date forms (RFC 9110 §5.6.7):
 *   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
 *   rfc850-date  "Sunday, 06-Nov-94 08:49:37 GMT"
 *   asctime      "Sun Nov  6 08:49:37 1994"
 * A two-digit year more than 50 years after now's year is in the past
 * century. The day name is checked for its form, not against the date.
 */
static bool http_date_any(struct str v, int64_t now, int64_t *out)
{
    static const char *const days[] = { "Monday",   "Tuesday", "Wednesday",
                                        "Thursday", "Friday",  "Saturday",
                                        "Sunday" };
    struct date d;
    const char *s = v.ptr, *comma;
    int dd, yy, hi, lo, secs;
    size_t i, wlen;

    if (time_parse_http(v.ptr, v.len, out))
        return true;
    comma = memchr(s, ',', v.len);
    if (comma) {
        wlen = (size_t)(comma - s);
        for (i = 0; i < ARRAY_SIZE(days); i++)
            if (strlen(days[i]) == wlen && memcmp(s, days[i], wlen) == 0)
                break;
        if (i == ARRAY_SIZE(days) || v.len != wlen + 24)
            return false;
        s = comma + 1; /* " 06-Nov-94 08:49:37 GMT" */
        if (s[0] != ' ' || s[3] != '-' || s[7] != '-' || s[10] != ' ' ||
            memcmp(s + 19, " GMT", 4) != 0 || !num2(s + 1, &dd) ||
            !num2(s + 8, &yy) || !clock_at(s + 11, &secs))
            return false;
        d.month = month_of(s + 4);
        {
            struct date today = date_from_days(now / 86400);
            d.year = today.year - today.year % 100 + yy;
            if (d.year > today.year + 50)
                d.year -= 100;
        }
    } else {
        /* "Sun Nov  6 08:49:37 1994" */
        if (v.len != 24 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' ||
            s[19] != ' ' || !clock_at(s + 11, &secs) || !num2(s + 20, &hi) ||
            !num2(s + 22, &lo))
            return false;
        for (i = 0; i < ARRAY_SIZE(days); i++)
            if (memcmp(s, days[i], 3) == 0)
                break;
        if (i == ARRAY_SIZE(days))
            return false;
        if (s[8] == ' ') {
            if (s[9] < '1' || s[9] > '9')
                return false;
            dd = s[9] - '0';
        } else if (!num2(s + 8, &dd)) {
            return false;
        }
        d.month = month_of(s + 4);
        d.year = hi * 100 + lo;
    }
    d.day = dd;
    if (d.month == 0 || !date_valid(d.year, d.month, d.day))
        return false;
    *out = date_to_days(&d) * 86400 + secs;
    return true;
}

bool web_not_modified(struct str ims, int64_t last_modified, int64_t now)
{
    int64_t t;

    if (last_modified <= 0 || !http_date_any(ims, now, &t))
        return false;
    return last_modified <= t && t <= now;
}
