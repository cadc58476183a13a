/* SPDX-License-Identifier: MIT */
/*
 * render_asset.c - lookup of the reader's CSS and JS, which tools/embed.c
 * compiles into the binary (render_assets_gen.c) so folio is one file.
 */
#include "base/compat.h"

#include "render/render_int.h"

static const struct render_asset *asset_by_name(const char *name,
                                                size_t name_len);

static const struct render_asset *asset_by_name(const char *name,
                                                size_t name_len)
{
    size_t i;

    for (i = 0; i < render_nassets; i++)
        if (strlen(render_assets[i].name) == name_len &&
            memcmp(render_assets[i].name, name, name_len) == 0)
            return &render_assets[i];
    return NULL;
}

bool render_asset_find(const char *path,
                       const unsigned char **data,
                       size_t *len,
                       const char **mime)
{
    static const char prefix[] = "/static/";
    const struct render_asset *a;
    const char *name;

    if (path == NULL || strncmp(path, prefix, sizeof(prefix) - 1) != 0)
        return false;
    name = path + sizeof(prefix) - 1;
    a = asset_by_name(name, strcspn(name, "?"));
    if (a == NULL)
        return false;
    *data = a->data;
    *len = a->len;
    *mime = a->mime;
    return true;
}

bool render_asset_url(struct buf *out, const char *name)
{
    const struct render_asset *a = asset_by_name(name, strlen(name));

    if (a == NULL)
        return false;
    buf_adds(out, "/static/");
    buf_adds(out, a->name);
    buf_adds(out, "?v=");
    buf_adds(out, a->version);
    return true;
}
