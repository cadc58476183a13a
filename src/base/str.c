/* str.c - slice helpers and parsers. */
#include "base/compat.h"

#include "base/str.h"

#include <string.h>

struct str str_from(const char *s)
{
    struct str r = { s, s ? strlen(s) : 0 };
    return r;
}

bool str_eq(struct str a, struct str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool str_eqs(struct str a, const char *s)
{
    return str_eq(a, str_from(s));
}

bool str_eqs_nocase(struct str a, const char *s)
{
    size_t n = strlen(s);
    size_t i;

    if (n != a.len)
        return false;
    for (i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a.ptr[i], y = (unsigned char)s[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

bool str_starts(struct str s, const char *p)
{
    size_t n = strlen(p);
    return s.len >= n && memcmp(s.ptr, p, n) == 0;
}

struct str str_trim(struct str s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
        s.ptr++;
        s.len--;
    }
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
        s.len--;
    return s;
}

bool str_to_u64(struct str *s, unsigned digits_max, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;

    while (i < s->len && s->ptr[i] >= '0' && s->ptr[i] <= '9') {
        unsigned d = (unsigned)(s->ptr[i] - '0');
        if (i >= digits_max)
            return false;
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
        i++;
    }
    if (i == 0 || v > max)
        return false;
    *out = v;
    s->ptr += i;
    s->len -= i;
    return true;
}

bool str_to_i64(struct str *s, int64_t *out)
{
    struct str t = *s;
    bool neg = str_skip_char(&t, '-');
    uint64_t v;

    if (!str_to_u64(&t, 19, neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX, &v))
        return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    *s = t;
    return true;
}

bool str_skip_char(struct str *s, char c)
{
    if (s->len == 0 || s->ptr[0] != c)
        return false;
    s->ptr++;
    s->len--;
    return true;
}

bool str_split(struct str *s, char c, struct str *head)
{
    const char *p = s->len ? memchr(s->ptr, c, s->len) : NULL;

    if (!p) {
        *head = *s;
        s->ptr += s->len;
        s->len = 0;
        return false;
    }
    head->ptr = s->ptr;
    head->len = (size_t)(p - s->ptr);
    s->len -= head->len + 1;
    s->ptr = p + 1;
    return true;
}

int str_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool str_pct_decode(
    struct str src, bool strict, char *out, size_t outsz, size_t *out_len)
{
    size_t i, o = 0;
    int hi, lo;

    if (outsz == 0)
        return false;
    for (i = 0; i < src.len; i++) {
        char c = src.ptr[i];
        if (c == '%') {
            hi = i + 2 < src.len ? str_hex_digit(src.ptr[i + 1]) : -1;
            lo = hi >= 0 ? str_hex_digit(src.ptr[i + 2]) : -1;
            if (lo >= 0) {
                c = (char)(hi * 16 + lo);
                i += 2;
            } else if (strict) {
                return false;
            }
        }
        if (c == '\0' || o + 1 >= outsz)
            return false;
        out[o++] = c;
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return true;
}
