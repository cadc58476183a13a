/* SPDX-License-Identifier: MIT */
/*
 * web_archive.c - reader routes for library archives (issue 4):
 *   /{paper}/{date}/{NN}/text   the page text view (words as text, one
 *                               paragraph per ALTO block, anchors b<N>);
 *   /lccn/{lccn}/{date}/ed-{n}/seq-{m}/[ocr/]  Open ONI's page URLs (and
 *                               /lccn/{lccn}/, .../ed-{n}/, seq-{m}.pdf),
 *                               answered with a 301 to folio's URL when
 *                               the issue is published here, else 404.
 */
#include "base/compat.h"

#include "base/date.h"
#include "base/xalloc.h"
#include "web/web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void moved(struct web_ctx *c, const char *location);
static bool parse_num(const char *s, size_t len, int max, int *out);

static void moved(struct web_ctx *c, const char *location)
{
    c->resp.status = 301;
    c->resp.cache_control = "public, max-age=3600";
    buf_adds(&c->resp.headers, "Location: ");
    buf_adds(&c->resp.headers, location);
    buf_adds(&c->resp.headers, "\r\n");
}

/* Decimal 1..max from s[0..len). */
static bool parse_num(const char *s, size_t len, int max, int *out)
{
    int v = 0;
    size_t i;

    if (len == 0 || len > 4)
        return false;
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1 || v > max)
        return false;
    *out = v;
    return true;
}

enum folio_rc web_handle_page_text(struct web_ctx *c, struct folio_err *err)
{
    struct issue *iss = NULL;
    struct render_issue_ctx ictx;
    struct web_highlight wh;
    struct page_word *words = NULL;
    size_t nwords = 0, ai;
    int pi;
    enum folio_rc rc;

    rc = store_issue_load(c->st, c->params.paper, c->params.date, true, &iss,
                          err);
    if (rc != FOLIO_OK) {
        if (rc == FOLIO_ERR_NOT_FOUND)
            rc = err_set(err, rc, NULL, "issue %s", c->params.date);
        goto out;
    }
    pi = issue_page_index(iss, c->params.page);
    if (pi < 0) {
        rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "page %d", c->params.page);
        goto out;
    }
    for (ai = 0; ai < iss->pages[pi].narticles; ai++) {
        if (strcmp(iss->pages[pi].articles[ai].id, "text") == 0) {
            /* an article really named "text" keeps its URL */
            (void)snprintf(c->params.article, sizeof(c->params.article),
                           "text");
            issue_free(iss);
            return web_handle_article(c, err);
        }
    }
    memset(&ictx, 0, sizeof(ictx));
    ictx.issue = iss;
    rc = store_issue_neighbors(c->st, c->params.paper, c->params.date,
                               ictx.prev_issue, ictx.next_issue, err);
    if (rc == FOLIO_OK)
        rc = store_page_words_load(c->st, c->params.paper, c->params.date,
                                   c->params.page, true, &words, &nwords, err);
    if (rc != FOLIO_OK)
        goto out;
    c->resp.last_modified = iss->updated_at_utc;
    c->resp.content_type = "text/html; charset=utf-8";
    c->resp.cache_control = "public, max-age=60";
    c->resp.cacheable = true;
    if (web_highlight_init(c, &wh))
        ictx.hl = &wh.hl; /* search terms marked in the text */
    render_page_text_view(&c->opts, &ictx, (size_t)pi, words, nwords,
                          &c->resp.body);
out:
    page_words_free(words, nwords);
    issue_free(iss);
    return rc;
}

enum folio_rc web_handle_oni(struct web_ctx *c, struct folio_err *err)
{
    struct str rest = c->params.rest;
    struct str part[6];
    size_t n = 0, i;
    char paper[MODEL_ID_MAX + 1], date[11];
    struct issue *iss = NULL;
    struct buf loc = BUF_INIT(1024);
    struct date d;
    char edbuf[8];
    int ed = 1, seq = 0;
    bool ocr = false, pdf = false;
    enum folio_rc rc = FOLIO_OK;

    memset(part, 0, sizeof(part));
    /* split "sn83045350/1878-01-03/ed-1/seq-1/ocr/" */
    for (i = 0; i < rest.len && n < ARRAY_SIZE(part);) {
        size_t j = i;
        while (j < rest.len && rest.ptr[j] != '/')
            j++;
        part[n].ptr = rest.ptr + i;
        part[n++].len = j - i;
        i = j + 1;
    }
    if (n == 0 || n > 5 || part[0].len == 0 || part[0].len > MODEL_ID_MAX)
        goto notfound;
    memcpy(paper, part[0].ptr, part[0].len);
    paper[part[0].len] = '\0';
    for (i = 0; paper[i]; i++)
        if (paper[i] >= 'A' && paper[i] <= 'Z')
            paper[i] = (char)(paper[i] - 'A' + 'a');
    if (!model_id_valid(paper, true))
        goto notfound;
    if (n == 1) {
        buf_addf(&loc, "/%s/", paper);
        moved(c, loc.data);
        goto out;
    }
    if (part[1].len != 10 || !date_parse(part[1].ptr, 10, &d))
        goto notfound;
    memcpy(date, part[1].ptr, 10);
    date[10] = '\0';
    if (n >= 3) {
        if (part[2].len < 4 || memcmp(part[2].ptr, "ed-", 3) != 0 ||
            !parse_num(part[2].ptr + 3, part[2].len - 3, 99, &ed))
            goto notfound;
    }
    if (n >= 4) {
        size_t l = part[3].len;
        if (l > 8 && memcmp(part[3].ptr + l - 4, ".pdf", 4) == 0) {
            pdf = true;
            l -= 4;
        }
        if (l < 5 || memcmp(part[3].ptr, "seq-", 4) != 0 ||
            !parse_num(part[3].ptr + 4, l - 4, MODEL_MAX_PAGES, &seq))
            goto notfound;
    }
    if (n == 5) {
        if (pdf || !(part[4].len == 3 && memcmp(part[4].ptr, "ocr", 3) == 0))
            goto notfound;
        ocr = true;
    }
    rc = store_issue_load(c->st, paper, date, true, &iss, err);
    if (rc == FOLIO_ERR_NOT_FOUND)
        goto notfound;
    if (rc != FOLIO_OK)
        goto out;
    (void)snprintf(edbuf, sizeof(edbuf), "%d", ed);
    if (ed != 1 && !(iss->edition && strcmp(iss->edition, edbuf) == 0))
        goto notfound;
    if (seq > 0 && issue_page_index(iss, seq) < 0)
        goto notfound;
    if (seq == 0)
        buf_addf(&loc, "/%s/%s/", paper, date);
    else if (pdf)
        buf_addf(&loc, "/%s/%s/%02d.pdf", paper, date, seq);
    else
        buf_addf(&loc, "/%s/%s/%02d/%s", paper, date, seq, ocr ? "text" : "");
    moved(c, loc.data);
    goto out;
notfound:
    rc = err_set(err, FOLIO_ERR_NOT_FOUND, NULL, "old page URL");
out:
    issue_free(iss);
    buf_release(&loc);
    return rc;
}
