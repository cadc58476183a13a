/* SPDX-License-Identifier: MIT */
/*
 * web_legacy.c - old Founder e-paper URLs answered with a 301 to the new
 * permanent URL: /html/YYYY-MM/DD/node_N.htm, /html/YYYY-MM/DD/
 * content_N.htm, .../layout/YYYYMM/DD/node_NN.html and .../content/
 * YYYYMM/DD/content_N.html, under web_config.legacy_prefix. The mapping
 * was kept at import (store_legacy_find); drafts stay invisible.
 */
#include "base/compat.h"

#include "web/web_int.h"

#include <string.h>

#define LEGACY_KEY_MAX 256

static bool
legacy_key(struct str path, const char *prefix, char key[LEGACY_KEY_MAX]);

/*
 * key: the last four segments of path below prefix when they have the
 * shape marker/datedir/DD/file with marker html, layout or content.
 */
static bool
legacy_key(struct str path, const char *prefix, char key[LEGACY_KEY_MAX])
{
    size_t plen = prefix ? strlen(prefix) : 0, i, nseg = 0, start;
    const char *p;

    while (plen > 0 && prefix[plen - 1] == '/')
        plen--;
    if (plen) {
        if (path.len <= plen || memcmp(path.ptr, prefix, plen) != 0 ||
            path.ptr[plen] != '/')
            return false;
    }
    p = path.ptr;
    if (path.len == 0 || p[path.len - 1] == '/')
        return false;
    for (i = path.len; i > plen; i--)
        if (p[i - 1] == '/') {
            nseg++;
            if (nseg == 4)
                break;
        }
    if (nseg != 4)
        return false;
    start = i;
    if (path.len - start >= LEGACY_KEY_MAX)
        return false;
    memcpy(key, p + start, path.len - start);
    key[path.len - start] = '\0';
    if (strncmp(key, "html/", 5) != 0 && strncmp(key, "layout/", 7) != 0 &&
        strncmp(key, "content/", 8) != 0)
        return false;
    return strstr(key, "/node_") != NULL || strstr(key, "/content_") != NULL;
}

bool web_legacy_redirect(struct web_ctx *c)
{
    char key[LEGACY_KEY_MAX], paper[MODEL_ID_MAX + 1], date[11];
    char article[MODEL_ID_MAX + 1];
    struct folio_err err = { 0 };
    int page = 0;
    struct buf loc = BUF_INIT(1024);

    if (!legacy_key(c->req->path, c->cfg->legacy_prefix, key))
        return false;
    if (store_legacy_find(c->st, key, paper, date, &page, article, &err) !=
        FOLIO_OK)
        return false;
    /* ids are URL-safe ([A-Za-z0-9_-], checked at import) */
    buf_addf(&loc, "/%s/%s/%02d/%s", paper, date, page, article);
    if (buf_status(&loc) != FOLIO_OK) {
        buf_release(&loc);
        return false;
    }
    c->resp.status = 301;
    c->resp.cache_control = "public, max-age=3600";
    buf_adds(&c->resp.headers, "Location: ");
    buf_adds(&c->resp.headers, loc.data);
    buf_adds(&c->resp.headers, "\r\n");
    buf_release(&loc);
    return true;
}
