/* SPDX-License-Identifier: MIT */
/*
 * render_pageimg.c - URLs of the page replica: derivative page images,
 * the IIIF image service and the whole-issue PDF (answered by
 * web/web_pages.c from the files imaging/ made at import). The render
 * layer only builds the URLs; it never looks at the files.
 */
#include "base/compat.h"

#include "render/render.h"

#include <string.h>

const char *render_page_source(const struct page *pg)
{
    if (pg->image_media && strlen(pg->image_media) == 64)
        return pg->image_media;
    if (pg->pdf_media && strlen(pg->pdf_media) == 64)
        return pg->pdf_media;
    return NULL;
}

bool render_page_image_url(struct buf *out,
                           const struct page *pg,
                           const char *size)
{
    const char *src = render_page_source(pg);

    if (!src || !size ||
        (strcmp(size, "thumb") != 0 && strcmp(size, "screen") != 0 &&
         strcmp(size, "full") != 0))
        return false;
    buf_addf(out, "/img/%s/%s", src, size);
    return true;
}

bool render_page_iiif_url(struct buf *out, const struct page *pg)
{
    const char *src = render_page_source(pg);

    if (!src)
        return false;
    buf_addf(out, "/iiif/%s/info.json", src);
    return true;
}

void render_issue_pdf_url(struct buf *out, const struct issue *iss)
{
    buf_addf(out, "/%s/%s.pdf", iss->paper.id, iss->date);
}
