/*
 * date.h - local calendar dates (an issue's date) and UTC timestamps.
 * Proleptic Gregorian calendar; ISO 8601 "YYYY-MM-DD".
 */
#ifndef FOLIO_DATE_H
#define FOLIO_DATE_H

#include "base/compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct date {
    int year;  /* 1..9999 */
    int month; /* 1..12 */
    int day;   /* 1..days_in_month */
};

/* Days in month (1..12) of year; 0 for a bad month. */
int date_days_in_month(int year, int month);
/* true when y-m-d is a real calendar date with year 1..9999. */
bool date_valid(int year, int month, int day);
/*
 * Parse exactly "YYYY-MM-DD" (10 bytes, no more) into *out.
 * Returns false for any other shape or an impossible date (2023-02-30).
 */
bool date_parse(const char *s, size_t len, struct date *out);
/* Format as "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(const struct date *d, char out[11]);
/* Day of the week: 0 = Monday .. 6 = Sunday (ISO 8601). */
int date_weekday(const struct date *d);
/* Days since 1970-01-01 (negative before). */
int64_t date_to_days(const struct date *d);
/* Inverse of date_to_days. */
struct date date_from_days(int64_t days);
/* Compare: <0, 0, >0. */
int date_cmp(const struct date *a, const struct date *b);
/* Current UTC time in seconds since the epoch. */
int64_t time_now_utc(void);
/* Format a UTC time as RFC 7231 IMF-fixdate into out (>= 30 bytes). */
void time_format_http(int64_t t_utc, char out[30]);
/* Format a UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). */
void time_format_iso(int64_t t_utc, char out[21]);
/* Parse an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); false if not. */
bool time_parse_http(const char *s, size_t len, int64_t *out);

#endif
