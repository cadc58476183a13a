/*
 * str.h - borrowed byte slices (ngx_str_t) and small parsers that advance
 * the slice on success (curl strparse). A slice is not NUL-terminated.
 */
#ifndef FOLIO_STR_H
#define FOLIO_STR_H

#include "base/compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct str {
    const char *ptr;
    size_t len; /* bytes */
};

#define STR(lit) ((struct str){ (lit), sizeof(lit) - 1 })

/* Slice over a NUL-terminated string (borrowed). */
struct str str_from(const char *s);
/* true when a and b hold the same bytes. */
bool str_eq(struct str a, struct str b);
/* true when a equals the C string s. */
bool str_eqs(struct str a, const char *s);
/* ASCII case-insensitive equality with C string s. */
bool str_eqs_nocase(struct str a, const char *s);
/* true when s starts with prefix p. */
bool str_starts(struct str s, const char *p);
/* Trim ASCII spaces and tabs on both ends. */
struct str str_trim(struct str s);
/*
 * Parse an unsigned decimal of 1..digits_max digits at the start of *s into
 * *out and advance *s. Returns false (s untouched) when there is no digit,
 * more than digits_max digits, or the value exceeds max.
 */
bool str_to_u64(struct str *s,
                unsigned digits_max,
                uint64_t max,
                uint64_t *out);
/* Parse a signed decimal (optional '-') like str_to_u64; range INT64. */
bool str_to_i64(struct str *s, int64_t *out);
/* If *s starts with byte c, advance past it and return true. */
bool str_skip_char(struct str *s, char c);
/*
 * Split off the part of *s before the first byte c into *head and advance
 * *s past c. Without c, *head is all of *s and *s becomes empty; returns
 * whether c was found.
 */
bool str_split(struct str *s, char c, struct str *head);
/* The value 0..15 of the hex digit c (either case), -1 if it is not one. */
int str_hex_digit(char c);
/*
 * Decode the %XX escapes of src (RFC 3986 section 2.1; '+' stays '+') into
 * out[0..outsz) with a terminating NUL, *out_len (may be NULL) its length
 * in bytes. strict: a '%' not followed by two hex digits is an error;
 * otherwise it is copied as it is. Returns false for such an error, an
 * escape (or byte) decoding to NUL, or when out is too small; out is then
 * unspecified. Bytes are not checked for UTF-8.
 */
bool str_pct_decode(
    struct str src, bool strict, char *out, size_t outsz, size_t *out_len);

#endif
