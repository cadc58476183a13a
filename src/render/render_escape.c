/* SPDX-License-Identifier: MIT */
/*
 * render_escape.c - context escaping for everything that came from an
 * issue or a request: HTML text and attributes, URL components and JSON
 * strings. Every renderer writes foreign text only through these.
 */
#include "base/compat.h"

#include "base/utf8.h"
#include "render/render_int.h"

static void html_escape(struct buf *out, const char *s, size_t len);

static const char hex_upper[] = "0123456789ABCDEF";
static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/*
 * HTML text and attribute values share one escaper: quoting both kinds of
 * quote makes the output safe in text, "..." and '...' attributes alike.
 */
static void html_escape(struct buf *out, const char *s, size_t len)
{
    size_t i = 0, run = 0;

    if (s == NULL)
        return;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t n = 1;
        unsigned cp;

        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            if (c >= 0x80) {
                n = utf8_decode(s + i, len - i, &cp);
                if (n == 0) {
                    rep = replacement;
                    n = 1;
                }
            } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
                       c == 0x7f) {
                rep = replacement;
            }
            break;
        }
        if (rep != NULL) {
            buf_add(out, s + i - run, run);
            run = 0;
            buf_adds(out, rep);
        } else {
            run += n;
        }
        i += n;
    }
    buf_add(out, s + len - run, run);
}

void html_text(struct buf *out, const char *s)
{
    html_escape(out, s, s != NULL ? strlen(s) : 0);
}

void html_text_n(struct buf *out, const char *s, size_t len)
{
    html_escape(out, s, len);
}

void html_attr(struct buf *out, const char *s)
{
    html_escape(out, s, s != NULL ? strlen(s) : 0);
}

void url_component(struct buf *out, const char *s)
{
    if (s == NULL)
        return;
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~') {
            buf_addc(out, (char)c);
        } else {
            buf_addc(out, '%');
            buf_addc(out, hex_upper[c >> 4]);
            buf_addc(out, hex_upper[c & 15]);
        }
    }
}

void json_quote(struct buf *out, const char *s)
{
    buf_addc(out, '"');
    for (; s != NULL && *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;

        switch (c) {
        case '"':
            buf_adds(out, "\\\"");
            break;
        case '\\':
            buf_adds(out, "\\\\");
            break;
        case '\n':
            buf_adds(out, "\\n");
            break;
        case '\r':
            buf_adds(out, "\\r");
            break;
        case '\t':
            buf_adds(out, "\\t");
            break;
        case '\b':
            buf_adds(out, "\\b");
            break;
        case '\f':
            buf_adds(out, "\\f");
            break;
        case '<':
        case '>':
        case '&':
            buf_addf(out, "\\u%04x", c);
            break;
        default:
            /* U+2028/U+2029 end a line in older JavaScript parsers. */
            if (c == 0xE2 && (unsigned char)s[1] == 0x80 &&
                ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9)) {
                buf_addf(out, "\\u%04x",
                         (unsigned char)s[2] == 0xA8 ? 0x2028u : 0x2029u);
                s += 2;
            } else if (c < 0x20) {
                buf_addf(out, "\\u%04x", c);
            } else {
                buf_addc(out, (char)c);
            }
            break;
        }
    }
    buf_addc(out, '"');
}

const char *render_media_ext(const char *mime)
{
    static const struct {
        const char *mime;
        const char *ext;
    } map[] = {
        { "image/png", "png" },     { "image/jpeg", "jpg" },
        { "image/gif", "gif" },     { "image/webp", "webp" },
        { "image/svg+xml", "svg" }, { "application/pdf", "pdf" },
    };
    size_t i;

    if (mime == NULL)
        return NULL;
    for (i = 0; i < ARRAY_SIZE(map); i++)
        if (strcasecmp(mime, map[i].mime) == 0)
            return map[i].ext;
    return NULL;
}

void render_media_url(struct buf *out, const char *sha256, const char *mime)
{
    const char *ext = render_media_ext(mime);

    buf_adds(out, "/media/");
    url_component(out, sha256);
    if (ext != NULL) {
        buf_addc(out, '.');
        buf_adds(out, ext);
    }
}
