/*
 * model.h - the newspaper domain as plain data: paper, issue, page,
 * article, picture, zone. No I/O here; the store loads and saves these,
 * ingest builds them, render reads them.
 *
 * Ownership: every char * and array below is owned by the struct that holds
 * it (malloc'd; NULL means absent). issue_free() releases a whole issue.
 * Strings are UTF-8.
 */
#ifndef FOLIO_MODEL_H
#define FOLIO_MODEL_H

#include "base/compat.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEL_ID_MAX             64     /* bytes in a paper or article id */
#define MODEL_MAX_PAGES          999    /* page numbers are 1..999 */
#define MODEL_MAX_ARTICLES       500    /* per page */
#define MODEL_MAX_ZONES          64     /* per article */
#define MODEL_MAX_DIMENSION      100000 /* page width/height, coordinate units */
#define MODEL_MAX_POLYGON_POINTS 256    /* vertices of one zone polygon */

/* A newspaper title. */
struct paper {
    char *id;       /* "tyrb": [a-z0-9-], 1..MODEL_ID_MAX bytes, URL-safe */
    char *name;     /* "太原日报" */
    char *language; /* BCP 47, e.g. "zh-CN"; never NULL once stored */
    char
        *timezone; /* IANA name, e.g. "Asia/Shanghai"; never NULL once stored */
};

/* A point in the page's coordinate space. */
struct point {
    int32_t x, y;
};

/*
 * A hot zone in the page's coordinate space (width x height units): a
 * rectangle, or a polygon (Founder <area shape=poly>, derived text outlines)
 * whose bounding box is x, y, w, h.
 */
struct zone {
    int32_t x, y, w, h;   /* x,y top-left; w,h > 0; the polygon's bbox */
    struct point *points; /* polygon vertices in order; NULL = rectangle */
    size_t npoints;       /* 0, or 3..MODEL_MAX_POLYGON_POINTS */
};

/*
 * A word (or a run of characters) printed on the page with its box, from a
 * PDF text layer or an ALTO <String>: for hit highlighting and page text.
 */
struct page_word {
    char *text;         /* UTF-8, never NULL */
    int32_t x, y, w, h; /* box in the page's coordinate space */
    int32_t line;       /* 0-based text line on the page (reading order) */
    int32_t block;      /* 0-based text block on the page */
};

/* A reference to an article on another page of the same issue. */
struct article_ref {
    int page;      /* page number; 0 = no reference */
    char *article; /* article id; NULL when page == 0 */
};

/* A picture printed with an article. */
struct picture {
    char *media;   /* SHA-256 hex (64 chars) of the stored file */
    char *mime;    /* "image/png", "image/jpeg", ... */
    char *caption; /* may be NULL */
};

struct article {
    char *id;       /* stable id, unique on its page; URL-safe */
    int seq;        /* 1-based reading order on the page */
    char *kicker;   /* 引题; may be NULL */
    char *headline; /* never NULL */
    char *subhead;  /* 副题; may be NULL */
    char *byline;   /* may be NULL */
    char *lang;     /* BCP 47 when it differs from the paper's; may be NULL */
    char **paragraphs;
    size_t nparagraphs;
    struct picture *pictures;
    size_t npictures;
    struct zone *zones;
    size_t nzones;
    struct article_ref continues;      /* 转第N版 */
    struct article_ref continued_from; /* 上接第N版 */
};

struct page {
    int number;        /* 1..MODEL_MAX_PAGES, unique in the issue */
    char *name;        /* 版名, e.g. "要闻"; may be NULL */
    char *image_media; /* SHA-256 hex of the page image; may be NULL */
    char *image_mime;  /* MIME type of the page image; NULL with no image */
    char *pdf_media;   /* SHA-256 hex of the page PDF; may be NULL */
    int width, height; /* coordinate space of zones (image pixels by default);
                          0 when the page has neither image nor size */
    struct article *articles; /* in reading order */
    size_t narticles;
    /*
     * Words with boxes (text layer). store_issue_put writes them when
     * present; store_issue_load leaves them empty (use
     * store_page_words_load: they are many).
     */
    struct page_word *words;
    size_t nwords;
};

enum issue_status { ISSUE_DRAFT = 0, ISSUE_PUBLISHED = 1 };

struct issue {
    struct paper paper;
    char date[11];  /* local calendar date of the paper, "YYYY-MM-DD" */
    int64_t number; /* running number 总期号; 0 when absent */
    char *edition;  /* edition label; may be NULL */
    enum issue_status status;
    int64_t created_at_utc;   /* seconds since the epoch */
    int64_t updated_at_utc;   /* last import or status change */
    int64_t published_at_utc; /* 0 while never published */
    struct page *pages;       /* sorted by number */
    size_t npages;
};

/* Summary row for listings (folio list, the calendar). */
struct issue_summary {
    char paper_id[MODEL_ID_MAX + 1];
    char date[11];
    int64_t number;
    enum issue_status status;
    int npages;
    int narticles;
    int64_t updated_at_utc;
};

/* Free every owned field of p and zero it. NULL-safe. */
void paper_release(struct paper *p);
/* Free the polygon of z (if any) and zero z. NULL-safe. */
void zone_release(struct zone *z);
/* Free words[0..n) and the array itself. NULL-safe. */
void page_words_free(struct page_word *words, size_t n);
/* Free every owned field of a and zero it. NULL-safe. */
void article_release(struct article *a);
/* Free every owned field of pg (and its articles) and zero it. */
void page_release(struct page *pg);
/* Free a heap issue and everything it owns. NULL-safe. */
void issue_free(struct issue *iss);

/* "draft" or "published". */
const char *issue_status_name(enum issue_status st);

/*
 * true when s is a valid paper or article id: 1..MODEL_ID_MAX bytes of
 * [A-Za-z0-9_-] (paper ids: lower case only when lower_only).
 */
bool model_id_valid(const char *s, bool lower_only);

/* Index of page number n in iss->pages, or -1. */
int issue_page_index(const struct issue *iss, int number);
/*
 * Find the page holding article id when exactly one page of iss has it
 * (ids are unique per page, not per issue). On success sets *page_index
 * and *article_index and returns true; false when absent or ambiguous.
 */
bool issue_find_article(const struct issue *iss,
                        const char *id,
                        size_t *page_index,
                        size_t *article_index);

/*
 * Reading-order navigation across page boundaries. Given the article at
 * (pi, ai), set (*out_pi, *out_ai) to the previous (dir = -1) or next
 * (dir = +1) article of the issue, skipping pages without articles.
 * Returns false at the first/last article of the issue.
 */
bool issue_article_step(const struct issue *iss,
                        size_t pi,
                        size_t ai,
                        int dir,
                        size_t *out_pi,
                        size_t *out_ai);

/*
 * Check the invariants above on an assembled issue: ids valid and unique
 * on their page,
 * page numbers unique and sorted, zones inside the page, continuation
 * references pointing at existing articles, headlines present.
 * Errors: FOLIO_ERR_INVALID with err->where like "pages[1].articles[0].id".
 */
FOLIO_MUST_USE enum folio_rc issue_validate(const struct issue *iss,
                                            struct folio_err *err);

#endif
