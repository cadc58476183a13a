/* SPDX-License-Identifier: MIT */
/*
 * ingest_image.c - recognising page images and pictures by their bytes and
 * reading their pixel size from the header, without an image library.
 * Standards: PNG (ISO/IEC 15948 §11.2.2 IHDR), JPEG (ITU T.81 §B.2.2 SOFn),
 * GIF89a §18 (logical screen descriptor), WebP container (RIFF; VP8 frame
 * header RFC 6386 §9.1, VP8L and VP8X headers).
 */
#include "base/compat.h"

#include "ingest/ingest.h"

#include <string.h>

static unsigned be16(const unsigned char *p);
static uint32_t be32(const unsigned char *p);
static unsigned le16(const unsigned char *p);
static uint32_t le24(const unsigned char *p);
static bool jpeg_size(const unsigned char *d, size_t len, int *w, int *h);
static bool webp_size(const unsigned char *d, size_t len, int *w, int *h);

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[1] << 8 | p[0];
}

static uint32_t le24(const unsigned char *p)
{
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Walk the marker segments up to the first SOFn (T.81 Table B.1). */
static bool jpeg_size(const unsigned char *d, size_t len, int *w, int *h)
{
    size_t i = 2;

    while (i + 4 <= len) {
        unsigned m, seglen;
        if (d[i] != 0xFF)
            return false;
        m = d[i + 1];
        if (m == 0xFF) {
            i++;
            continue;
        }
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            i += 2;
            continue;
        }
        seglen = be16(d + i + 2);
        if (seglen < 2)
            return false;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (i + 9 > len)
                return false;
            *h = (int)be16(d + i + 5);
            *w = (int)be16(d + i + 7);
            return *w > 0 && *h > 0;
        }
        if (m == 0xD9 || m == 0xDA)
            return false;
        i += 2 + seglen;
    }
    return false;
}

static bool webp_size(const unsigned char *d, size_t len, int *w, int *h)
{
    if (len < 30)
        return false;
    if (memcmp(d + 12, "VP8 ", 4) == 0) {
        if (d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A)
            return false;
        *w = (int)(le16(d + 26) & 0x3FFF);
        *h = (int)(le16(d + 28) & 0x3FFF);
    } else if (memcmp(d + 12, "VP8L", 4) == 0) {
        if (d[20] != 0x2F)
            return false;
        *w = 1 + (int)(((d[22] & 0x3F) << 8) | d[21]);
        *h = 1 + (int)(((d[24] & 0x0F) << 10) | (d[23] << 2) |
                       ((d[22] & 0xC0) >> 6));
    } else if (memcmp(d + 12, "VP8X", 4) == 0) {
        *w = 1 + (int)le24(d + 24);
        *h = 1 + (int)le24(d + 27);
    } else {
        return false;
    }
    return *w > 0 && *h > 0;
}

bool ingest_image_info(const unsigned char *data,
                       size_t len,
                       const char **mime,
                       int *width,
                       int *height)
{
    int w = 0, h = 0;
    const char *m = NULL;

    if (len >= 24 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0 &&
        memcmp(data + 12, "IHDR", 4) == 0) {
        uint32_t bw = be32(data + 16), bh = be32(data + 20);
        if (bw == 0 || bh == 0 || bw > 0x7FFFFFFF || bh > 0x7FFFFFFF)
            return false;
        w = (int)bw;
        h = (int)bh;
        m = "image/png";
    } else if (len >= 4 && data[0] == 0xFF && data[1] == 0xD8 &&
               data[2] == 0xFF) {
        if (!jpeg_size(data, len, &w, &h))
            return false;
        m = "image/jpeg";
    } else if (len >= 10 && (memcmp(data, "GIF87a", 6) == 0 ||
                             memcmp(data, "GIF89a", 6) == 0)) {
        w = (int)le16(data + 6);
        h = (int)le16(data + 8);
        if (w == 0 || h == 0)
            return false;
        m = "image/gif";
    } else if (len >= 16 && memcmp(data, "RIFF", 4) == 0 &&
               memcmp(data + 8, "WEBP", 4) == 0) {
        if (!webp_size(data, len, &w, &h))
            return false;
        m = "image/webp";
    } else {
        return false;
    }
    *mime = m;
    *width = w;
    *height = h;
    return true;
}
