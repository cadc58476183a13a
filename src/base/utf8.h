/* utf8.h - UTF-8 validation and counting (RFC 3629). */
#ifndef FOLIO_UTF8_H
#define FOLIO_UTF8_H

#include "base/compat.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * true when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and contains no NUL byte. On false, *bad_at (may be
 * NULL) gets the byte offset of the first bad sequence.
 */
bool utf8_valid(const char *s, size_t len, size_t *bad_at);
/* Number of code points in valid UTF-8 s[0..len). */
size_t utf8_nchars(const char *s, size_t len);
/*
 * Decode one code point at s[0..len) into *cp; returns its length in bytes
 * (1..4), or 0 when the sequence is malformed or truncated.
 */
size_t utf8_decode(const char *s, size_t len, unsigned *cp);

#endif
