/* date.c - calendar arithmetic (civil-from-days, days-from-civil). */
#include "base/compat.h"

#include "base/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int two_digits(const char *p, int *out);

static const char *const wkday_names[7] = { "Mon", "Tue", "Wed", "Thu",
                                            "Fri", "Sat", "Sun" };
static const char *const month_names[12] = { "Jan", "Feb", "Mar", "Apr",
                                             "May", "Jun", "Jul", "Aug",
                                             "Sep", "Oct", "Nov", "Dec" };

int date_days_in_month(int year, int month)
{
    static const int dim[12] = {
        31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };
    bool leap;

    if (month < 1 || month > 12)
        return 0;
    leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : dim[month - 1];
}

bool date_valid(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= date_days_in_month(year, month);
}

static int two_digits(const char *p, int *out)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return -1;
    *out = (p[0] - '0') * 10 + (p[1] - '0');
    return 0;
}

bool date_parse(const char *s, size_t len, struct date *out)
{
    int hi, lo, m, d;

    if (len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (two_digits(s, &hi) || two_digits(s + 2, &lo) || two_digits(s + 5, &m) ||
        two_digits(s + 8, &d))
        return false;
    if (!date_valid(hi * 100 + lo, m, d))
        return false;
    out->year = hi * 100 + lo;
    out->month = m;
    out->day = d;
    return true;
}

void date_format(const struct date *d, char out[11])
{
    (void)snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d->year % 10000u,
                   (unsigned)d->month % 100u, (unsigned)d->day % 100u);
}

/* Howard Hinnant's days_from_civil algorithm, written out for folio. */
int64_t date_to_days(const struct date *d)
{
    int64_t y = d->year - (d->month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d->month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d->day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct date date_from_days(int64_t z)
{
    struct date d;
    int64_t era, doe, yoe, y, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(y + (d.month <= 2));
    return d;
}

int date_weekday(const struct date *d)
{
    int64_t days = date_to_days(d); /* 1970-01-01 was a Thursday (3) */
    int64_t w = (days % 7 + 7 + 3) % 7;
    return (int)w;
}

int date_cmp(const struct date *a, const struct date *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return 0;
}

int64_t time_now_utc(void)
{
    return (int64_t)time(NULL);
}

void time_format_http(int64_t t, char out[30])
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    struct date d = date_from_days(days);

    (void)snprintf(out, 30, "%s, %02u %s %04u %02u:%02u:%02u GMT",
                   wkday_names[date_weekday(&d)], (unsigned)d.day % 100u,
                   month_names[d.month - 1], (unsigned)d.year % 10000u,
                   (unsigned)(secs / 3600) % 100u, (unsigned)(secs / 60 % 60),
                   (unsigned)(secs % 60));
}

void time_format_iso(int64_t t, char out[21])
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    struct date d = date_from_days(days);

    (void)snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ",
                   (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
                   (unsigned)d.day % 100u, (unsigned)(secs / 3600) % 100u,
                   (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

bool time_parse_http(const char *s, size_t len, int64_t *out)
{
    /* "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 bytes. */
    struct date d;
    int dd, hi, lo, hh, mi, ss, m;

    if (len != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' ||
        s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
        memcmp(s + 25, " GMT", 4) != 0)
        return false;
    if (two_digits(s + 5, &dd) || two_digits(s + 12, &hi) ||
        two_digits(s + 14, &lo) || two_digits(s + 17, &hh) ||
        two_digits(s + 20, &mi) || two_digits(s + 23, &ss))
        return false;
    for (m = 0; m < 12; m++)
        if (memcmp(s + 8, month_names[m], 3) == 0)
            break;
    if (m == 12 || hh > 23 || mi > 59 || ss > 60)
        return false;
    d.year = hi * 100 + lo;
    d.month = m + 1;
    d.day = dd;
    if (!date_valid(d.year, d.month, d.day))
        return false;
    *out = date_to_days(&d) * 86400 + hh * 3600 + mi * 60 + ss;
    return true;
}
