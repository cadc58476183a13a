/* SPDX-License-Identifier: MIT */
/*
 * store_search_rank.c - folio_rank(), the FTS5 auxiliary function that
 * orders search candidates (store_search.c): Okapi BM25 over the weighted
 * columns, like FTS5's own bm25(), but without its per-statement
 * document-frequency scan when the query has a single phrase.
 *
 * bm25() counts, once per statement, the rows that contain each phrase
 * (xQueryPhrase over the whole doclist) for the phrase's idf. For a query
 * of one phrase (民生, 国际金融, 鲁*) the idf is the same factor for every
 * row and does not change the order, yet the scan costs as much as the
 * phrase is common: 58,000 rows for 中国 at 100,000 articles, ten times
 * that at a million, and store_search ranks in two statements. So with
 * one phrase idf is 1; with more, each phrase's idf is counted as bm25()
 * does (k1 1.2, b 0.75, idf floored at 1e-6). Scores are negative, lower
 * is better, as with bm25().
 *
 * folio_rank_first(search_fts, n, w0, w1, ...) is folio_rank() for the
 * first n rows a statement returns and NULL after them, so that the
 * statement that lists the candidates newest first also ranks the newest
 * (store_search.c) without a second walk of their doclists. A negative n
 * ranks the first -n rows with all phrases as one (no idf, the hits of
 * any phrase summed): for a prefix term that store_search.c wrote as
 * the OR of the terms it stands for, so the score is the prefix's.
 *
 * folio_norm(search_fts) is BM25's length norm of the row, k1 * (1 - b +
 * b * dl / avgdl), for a score whose term frequency store_search.c counts
 * in the text itself: -tf (k1 + 1) / (tf + norm) is folio_rank() of a
 * query of one phrase.
 */
#include "base/compat.h"

#include "store/store.h"

#include "base/xalloc.h"
#include "store/store_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RANK_K1 1.2
#define RANK_B  0.75

/* Per statement: idf of each phrase and the average document length. */
struct rank_data {
    int nphrase;
    double avgdl; /* tokens per row, all columns */
    double *idf;
    double *tf; /* scratch: weighted hits per phrase of the current row */
    sqlite3_int64 left; /* folio_rank_first: rows still to rank; -1 unset */
    bool flat;          /* all phrases as one (folio_rank_first, n < 0) */
};

static void rank_data_free(void *p);
static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx);
static int rank_data_new(const Fts5ExtensionApi *api,
                         Fts5Context *fts,
                         bool flat,
                         struct rank_data **out);
static struct rank_data *rank_data_get(const Fts5ExtensionApi *api,
                                       Fts5Context *fts,
                                       sqlite3_context *ctx,
                                       bool flat);
static void rank_score(const Fts5ExtensionApi *api,
                       Fts5Context *fts,
                       sqlite3_context *ctx,
                       struct rank_data *d,
                       int nval,
                       sqlite3_value **val);
static void rank_fn(const Fts5ExtensionApi *api,
                    Fts5Context *fts,
                    sqlite3_context *ctx,
                    int nval,
                    sqlite3_value **val);
static void rank_first_fn(const Fts5ExtensionApi *api,
                          Fts5Context *fts,
                          sqlite3_context *ctx,
                          int nval,
                          sqlite3_value **val);
static void norm_fn(const Fts5ExtensionApi *api,
                    Fts5Context *fts,
                    sqlite3_context *ctx,
                    int nval,
                    sqlite3_value **val);

static void rank_data_free(void *p)
{
    struct rank_data *d = p;

    if (!d)
        return;
    free(d->idf);
    free(d->tf);
    free(d);
}

static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)ctx)++;
    return SQLITE_OK;
}

/* The statement's constants; an SQLite result code. */
static int rank_data_new(const Fts5ExtensionApi *api,
                         Fts5Context *fts,
                         bool flat,
                         struct rank_data **out)
{
    struct rank_data *d;
    sqlite3_int64 nrow = 0, ntok = 0, hits;
    int rc, i;

    d = xcalloc(1, sizeof(*d));
    d->left = -1;
    d->flat = flat;
    d->nphrase = api->xPhraseCount(fts);
    d->idf =
        xcalloc((size_t)(d->nphrase > 0 ? d->nphrase : 1), sizeof(*d->idf));
    d->tf = xcalloc((size_t)(d->nphrase > 0 ? d->nphrase : 1), sizeof(*d->tf));
    rc = api->xRowCount(fts, &nrow);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &ntok);
    d->avgdl = nrow > 0 ? (double)ntok / (double)nrow : 1.0;
    if (d->avgdl <= 0)
        d->avgdl = 1.0;
    for (i = 0; i < d->nphrase && rc == SQLITE_OK; i++) {
        d->idf[i] = 1.0;
        if (d->nphrase == 1 || flat)
            continue;
        hits = 0;
        rc = api->xQueryPhrase(fts, i, &hits, count_cb);
        if (rc == SQLITE_OK) {
            d->idf[i] =
                log(((double)nrow - (double)hits + 0.5) / ((double)hits + 0.5));
            if (d->idf[i] <= 0.0)
                d->idf[i] = 1e-6;
        }
    }
    if (rc != SQLITE_OK) {
        rank_data_free(d);
        return rc;
    }
    *out = d;
    return SQLITE_OK;
}

/*
 * The statement's rank_data, made on its first row; NULL after setting
 * the error of ctx.
 */
static struct rank_data *rank_data_get(const Fts5ExtensionApi *api,
                                       Fts5Context *fts,
                                       sqlite3_context *ctx,
                                       bool flat)
{
    struct rank_data *d = api->xGetAuxdata(fts, 0);
    int rc;

    if (d)
        return d;
    rc = rank_data_new(api, fts, flat, &d);
    if (rc == SQLITE_OK)
        rc = api->xSetAuxdata(fts, d, rank_data_free);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return NULL;
    }
    return d;
}

/* -BM25 of the current row, the hits in column c weighted by val[c]. */
static void rank_score(const Fts5ExtensionApi *api,
                       Fts5Context *fts,
                       sqlite3_context *ctx,
                       struct rank_data *d,
                       int nval,
                       sqlite3_value **val)
{
    int rc = SQLITE_OK, ninst = 0, i, ip, ic, io, dl = 0;
    double score = 0.0, norm;

    memset(d->tf, 0,
           (size_t)(d->nphrase > 0 ? d->nphrase : 1) * sizeof(*d->tf));
    rc = api->xInstCount(fts, &ninst);
    for (i = 0; i < ninst && rc == SQLITE_OK; i++) {
        rc = api->xInst(fts, i, &ip, &ic, &io);
        if (rc == SQLITE_OK && ip >= 0 && ip < d->nphrase)
            d->tf[d->flat ? 0 : ip] +=
                ic < nval ? sqlite3_value_double(val[ic]) : 1.0;
    }
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fts, -1, &dl);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    norm = RANK_K1 * (1.0 - RANK_B + RANK_B * (double)dl / d->avgdl);
    for (i = 0; i < (d->flat ? 1 : d->nphrase); i++)
        if (d->tf[i] > 0.0)
            score += d->idf[i] * d->tf[i] * (RANK_K1 + 1.0) / (d->tf[i] + norm);
    sqlite3_result_double(ctx, -score);
}

/*
 * folio_rank(fts_table, w0, w1, ...): -BM25 of the current row, the hits
 * in column c weighted by wc (1 when not given).
 */
static void rank_fn(const Fts5ExtensionApi *api,
                    Fts5Context *fts,
                    sqlite3_context *ctx,
                    int nval,
                    sqlite3_value **val)
{
    struct rank_data *d = rank_data_get(api, fts, ctx, false);

    if (d)
        rank_score(api, fts, ctx, d, nval, val);
}

/*
 * folio_rank_first(fts_table, n, w0, w1, ...): folio_rank() of the first
 * n rows the statement computes it for, NULL for the later ones.
 */
static void rank_first_fn(const Fts5ExtensionApi *api,
                          Fts5Context *fts,
                          sqlite3_context *ctx,
                          int nval,
                          sqlite3_value **val)
{
    struct rank_data *d;
    sqlite3_int64 n;

    if (nval < 1) {
        sqlite3_result_error(ctx, "folio_rank_first: no row count", -1);
        return;
    }
    n = sqlite3_value_int64(val[0]);
    d = rank_data_get(api, fts, ctx, n < 0);
    if (!d)
        return;
    if (d->left < 0)
        d->left = n < 0 ? -n : n;
    if (d->left == 0) {
        sqlite3_result_null(ctx);
        return;
    }
    d->left--;
    rank_score(api, fts, ctx, d, nval - 1, val + 1);
}

/* folio_norm(fts_table): k1 (1 - b + b dl / avgdl) of the current row. */
static void norm_fn(const Fts5ExtensionApi *api,
                    Fts5Context *fts,
                    sqlite3_context *ctx,
                    int nval,
                    sqlite3_value **val)
{
    struct rank_data *d = rank_data_get(api, fts, ctx, false);
    int dl = 0, rc;

    (void)nval;
    (void)val;
    if (!d)
        return;
    rc = api->xColumnSize(fts, -1, &dl);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    sqlite3_result_double(
        ctx, RANK_K1 * (1.0 - RANK_B + RANK_B * (double)dl / d->avgdl));
}

enum folio_rc store_search_rank_register(struct store *st,
                                         struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    fts5_api *api = NULL;
    enum folio_rc rc = FOLIO_OK;

    if (st->search_rank_ready)
        return FOLIO_OK;
    if (sqlite3_prepare_v2(st->db, "SELECT fts5(?1)", -1, &s, NULL) !=
        SQLITE_OK)
        return store_db_err(st, err, "find fts5");
    sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
    (void)sqlite3_step(s);
    sqlite3_finalize(s);
    if (!api || api->iVersion < 2)
        return err_set(err, FOLIO_ERR_DB, st->db_path,
                       "this SQLite has no usable fts5_api");
    if (api->xCreateFunction(api, "folio_rank", NULL, rank_fn, NULL) !=
            SQLITE_OK ||
        api->xCreateFunction(api, "folio_rank_first", NULL, rank_first_fn,
                             NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "folio_norm", NULL, norm_fn, NULL) !=
            SQLITE_OK)
        rc = store_db_err(st, err, "register folio_rank");
    else
        st->search_rank_ready = true;
    return rc;
}
