/* SPDX-License-Identifier: MIT */
/*
 * store_schema.c - the database schema as a list of migration steps.
 *
 * PRAGMA user_version holds the number of steps applied. Opening an older
 * archive applies the missing steps, each in its own BEGIN IMMEDIATE
 * transaction; a newer archive (written by a later folio) is refused with
 * FOLIO_ERR_UNSUPPORTED. Steps are append-only: never edit a released one.
 */
#include "base/compat.h"

#include "store/store_int.h"

#include <stdio.h>
#include <time.h>

struct migration {
    int version; /* user_version after this step */
    const char *sql;
};

static const struct migration migrations[] = {
    { 1, "CREATE TABLE paper ("
         "  id TEXT PRIMARY KEY,"
         "  name TEXT NOT NULL,"
         "  language TEXT NOT NULL,"
         "  timezone TEXT NOT NULL);"
         "CREATE TABLE issue ("
         "  id INTEGER PRIMARY KEY,"
         "  paper_id TEXT NOT NULL REFERENCES paper(id),"
         "  date TEXT NOT NULL,"
         "  number INTEGER NOT NULL DEFAULT 0,"
         "  edition TEXT,"
         "  status INTEGER NOT NULL CHECK (status IN (0, 1)),"
         "  created_at INTEGER NOT NULL,"
         "  updated_at INTEGER NOT NULL,"
         "  published_at INTEGER NOT NULL DEFAULT 0,"
         "  UNIQUE (paper_id, date));"
         "CREATE INDEX issue_by_status ON issue(paper_id, status, date);"
         "CREATE TABLE page ("
         "  issue_id INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,"
         "  number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),"
         "  name TEXT,"
         "  image_media TEXT,"
         "  image_mime TEXT,"
         "  pdf_media TEXT,"
         "  width INTEGER NOT NULL DEFAULT 0,"
         "  height INTEGER NOT NULL DEFAULT 0,"
         "  PRIMARY KEY (issue_id, number)) WITHOUT ROWID;"
         "CREATE TABLE article ("
         "  id INTEGER PRIMARY KEY,"
         "  issue_id INTEGER NOT NULL,"
         "  page INTEGER NOT NULL,"
         "  seq INTEGER NOT NULL,"
         "  aid TEXT NOT NULL,"
         "  kicker TEXT,"
         "  headline TEXT NOT NULL,"
         "  subhead TEXT,"
         "  byline TEXT,"
         "  continues_page INTEGER NOT NULL DEFAULT 0,"
         "  continues_article TEXT,"
         "  continued_from_page INTEGER NOT NULL DEFAULT 0,"
         "  continued_from_article TEXT,"
         "  UNIQUE (issue_id, page, aid),"
         "  UNIQUE (issue_id, page, seq),"
         "  FOREIGN KEY (issue_id, page) REFERENCES page(issue_id, number)"
         "    ON DELETE CASCADE);"
         "CREATE TABLE paragraph ("
         "  article INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
         "  seq INTEGER NOT NULL,"
         "  text TEXT NOT NULL,"
         "  PRIMARY KEY (article, seq)) WITHOUT ROWID;"
         "CREATE TABLE picture ("
         "  article INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
         "  seq INTEGER NOT NULL,"
         "  media TEXT NOT NULL,"
         "  mime TEXT NOT NULL,"
         "  caption TEXT,"
         "  PRIMARY KEY (article, seq)) WITHOUT ROWID;"
         "CREATE TABLE zone ("
         "  article INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
         "  seq INTEGER NOT NULL,"
         "  x INTEGER NOT NULL, y INTEGER NOT NULL,"
         "  w INTEGER NOT NULL, h INTEGER NOT NULL,"
         "  PRIMARY KEY (article, seq)) WITHOUT ROWID;" },
    /*
     * Polygon zones ("x,y x,y ..." vertices; NULL = the rectangle),
     * article language, and the words of each page with their boxes
     * (deleted with their page, so replacing an issue replaces them).
     */
    { 2, "ALTER TABLE zone ADD COLUMN points TEXT;"
         "ALTER TABLE article ADD COLUMN lang TEXT;"
         "CREATE TABLE page_word ("
         "  issue_id INTEGER NOT NULL,"
         "  page INTEGER NOT NULL,"
         "  seq INTEGER NOT NULL,"
         "  text TEXT NOT NULL,"
         "  x INTEGER NOT NULL, y INTEGER NOT NULL,"
         "  w INTEGER NOT NULL, h INTEGER NOT NULL,"
         "  line INTEGER NOT NULL DEFAULT 0,"
         "  block INTEGER NOT NULL DEFAULT 0,"
         "  PRIMARY KEY (issue_id, page, seq),"
         "  FOREIGN KEY (issue_id, page) REFERENCES page(issue_id, number)"
         "    ON DELETE CASCADE) WITHOUT ROWID;" },
    /*
     * Archive imports (issue 4): the SHA-256 of the source an issue was
     * imported from (METS and its files), so a rerun skips it.
     */
    { 20, "CREATE TABLE import_source ("
          "  paper_id TEXT NOT NULL,"
          "  issue_date TEXT NOT NULL,"
          "  source_sha256 TEXT NOT NULL,"
          "  source_path TEXT,"
          "  imported_at INTEGER NOT NULL,"
          "  PRIMARY KEY (paper_id, issue_date)) WITHOUT ROWID;" },
    /*
     * Old URLs of imported Founder e-paper sites (issue 4): key
     * "html/2023-02/10/node_2.htm", "layout/202302/10/node_01.html" or
     * "content/202302/10/content_5.html" -> page (and article) of an issue.
     */
    { 25, "CREATE TABLE legacy_link ("
          "  key TEXT NOT NULL,"
          "  paper_id TEXT NOT NULL,"
          "  date TEXT NOT NULL,"
          "  page INTEGER NOT NULL,"
          "  article TEXT,"
          "  PRIMARY KEY (key, paper_id)) WITHOUT ROWID;"
          "CREATE INDEX legacy_link_by_issue ON legacy_link(paper_id, date);" },
    /*
     * Search (issue 5): the FTS5 index of published articles with the
     * tokenizer "folio" (src/search/), external content from the view
     * search_src (the text is stored once, in article and paragraph).
     * Columns weighted in bm25: headline 10, deck (kicker + subhead) 5,
     * byline 2, body 1. Indexes what is already published.
     */
    { 30, "CREATE VIEW search_src(id, headline, deck, byline, body) AS"
          " SELECT a.id, a.headline,"
          "  trim(coalesce(a.kicker, '') || char(10) ||"
          "   coalesce(a.subhead, ''), char(10)),"
          "  a.byline,"
          "  (SELECT group_concat(x.text, char(10)) FROM"
          "    (SELECT text FROM paragraph WHERE article = a.id"
          "     ORDER BY seq) x)"
          " FROM article a;"
          "CREATE VIRTUAL TABLE search_fts USING fts5(headline, deck,"
          " byline, body, content='search_src', content_rowid='id',"
          " tokenize='folio');"
          "INSERT INTO search_fts(rowid, headline, deck, byline, body)"
          " SELECT s.id, s.headline, s.deck, s.byline, s.body"
          " FROM search_src s JOIN article a ON a.id = s.id"
          " JOIN issue i ON i.id = a.issue_id WHERE i.status = 1;" },
    /*
     * Search (issue 5): the token stream changed (Latin words and numbers
     * also give their suffixes, for infix matches; docs/search.md), so
     * the index is rebuilt from the published articles. Not 'rebuild',
     * which would index every article of search_src, drafts included.
     */
    { 31, "INSERT INTO search_fts(search_fts) VALUES('delete-all');"
          "INSERT INTO search_fts(rowid, headline, deck, byline, body)"
          " SELECT s.id, s.headline, s.deck, s.byline, s.body"
          " FROM search_src s JOIN article a ON a.id = s.id"
          " JOIN issue i ON i.id = a.issue_id WHERE i.status = 1;" },
    /*
     * Search (issue 5): the text of pages without articles (NDNP pages,
     * PDF pages with a text layer) as documents of search_fts, rowid
     * -(2^62) + issue_id * 1000 + number, all of it in the body column.
     * The text is the page's words in order: a space between words of a
     * line, a newline between lines and blocks, nothing between two CJK
     * characters of one block (a Chinese line break is not a word break).
     * Index and removal both read this view (store_search.c), so removal
     * gets the very text that was indexed. Indexes the published pages.
     */
    { 32, "CREATE VIEW search_page_src(id, issue_id, page, body) AS"
          " SELECT -4611686018427387904 + g.issue_id * 1000 + g.number,"
          "  g.issue_id, g.number,"
          "  (SELECT group_concat(x.t, '') FROM"
          "   (SELECT CASE"
          "     WHEN v.seq IS NULL THEN ''"
          "     WHEN v.block <> w.block THEN char(10)"
          "     WHEN (SELECT c BETWEEN 12352 AND 12543"
          "       OR c BETWEEN 13312 AND 40959 OR c BETWEEN 44032 AND 55215"
          "       OR c BETWEEN 63744 AND 64255 OR c BETWEEN 131072 AND 262143"
          "       FROM (SELECT unicode(substr(v.text, -1)) AS c))"
          "      AND (SELECT c BETWEEN 12352 AND 12543"
          "       OR c BETWEEN 13312 AND 40959 OR c BETWEEN 44032 AND 55215"
          "       OR c BETWEEN 63744 AND 64255 OR c BETWEEN 131072 AND 262143"
          "       FROM (SELECT unicode(w.text) AS c)) THEN ''"
          "     WHEN v.line = w.line THEN ' '"
          "     ELSE char(10) END || w.text AS t"
          "    FROM page_word w LEFT JOIN page_word v"
          "     ON v.issue_id = w.issue_id AND v.page = w.page"
          "     AND v.seq = w.seq - 1"
          "    WHERE w.issue_id = g.issue_id AND w.page = g.number"
          "    ORDER BY w.seq) x)"
          " FROM page g"
          " WHERE NOT EXISTS (SELECT 1 FROM article a"
          "  WHERE a.issue_id = g.issue_id AND a.page = g.number)"
          " AND EXISTS (SELECT 1 FROM page_word w"
          "  WHERE w.issue_id = g.issue_id AND w.page = g.number);"
          "INSERT INTO search_fts(rowid, body)"
          " SELECT s.id, s.body FROM search_page_src s"
          " JOIN issue i ON i.id = s.issue_id WHERE i.status = 1;" },
    /*
     * Search (issue 5): search_fts with the body as column 0. FTS5 marks
     * every hit outside column 0 with its column number (2 bytes); most
     * hits are in the body, so body first makes the index about 30 %
     * smaller (docs/performance.md). Same tokenizer, external content and
     * rowids (articles, page documents). The fill is C code
     * (store_search_fill, bulk mode, progress on stderr; see
     * migration_code below): published articles and page texts only,
     * never 'rebuild', which would index drafts.
     */
    { 33, "DROP TABLE search_fts;"
          "CREATE VIRTUAL TABLE search_fts USING fts5(body, headline, deck,"
          " byline, content='search_src', content_rowid='id',"
          " tokenize='folio');" },
    /*
     * Search (issue 5): the tokenizer stores fewer run-final unigrams
     * (search.h, SEARCH_TOKENIZE_INDEX; the index about 3 % smaller,
     * docs/search.md). An index written by the old stream would lose
     * postings when FTS5 deletes with the new one, so it is rebuilt:
     * same table, same fill as 33.
     */
    { 34, "DROP TABLE search_fts;"
          "CREATE VIRTUAL TABLE search_fts USING fts5(body, headline, deck,"
          " byline, content='search_src', content_rowid='id',"
          " tokenize='folio');" },
};

static FOLIO_MUST_USE enum folio_rc reindex_all(struct store *st,
                                                struct folio_err *err);
static void reindex_note(void *ctx, int64_t done, int64_t total);
static double seconds_between(const struct timespec *a,
                              const struct timespec *b);

/*
 * Steps that run C code after their SQL, in the same transaction (same
 * version as in migrations[]).
 */
static const struct {
    int version;
    enum folio_rc (*run)(struct store *st, struct folio_err *err);
} migration_code[] = {
    { 33, reindex_all },
    { 34, reindex_all },
};

/* Progress of a rebuild of the index on stderr, at most one line per 5 s. */
struct reindex_note_state {
    struct timespec t0, last;
    bool finished; /* the last line is out */
};

static double seconds_between(const struct timespec *a,
                              const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) +
           (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void reindex_note(void *ctx, int64_t done, int64_t total)
{
    struct reindex_note_state *ns = ctx;
    struct timespec now;
    double s;

    clock_gettime(CLOCK_MONOTONIC, &now);
    if (done == 0) {
        ns->t0 = now;
        ns->last = now;
        if (total > 0)
            (void)fprintf(stderr,
                          "folio: upgrading the archive (schema %d): "
                          "rebuilding the search index of %lld documents\n",
                          store_schema_version(), (long long)total);
        return;
    }
    if (total == 0 || ns->finished ||
        (done < total && seconds_between(&ns->last, &now) < 5))
        return;
    ns->finished = done >= total;
    ns->last = now;
    s = seconds_between(&ns->t0, &now);
    (void)fprintf(stderr,
                  "folio: search index: %lld/%lld documents, %.0f/s, "
                  "%.0f s%s\n",
                  (long long)done, (long long)total,
                  s > 0 ? (double)done / s : 0.0, s,
                  ns->finished ? "; merging its segments" : "");
}

/*
 * Migrations 33 and 34's fill: the new search_fts from the published
 * documents in bulk mode; what it does is said on stderr (an archive of a
 * million articles takes minutes). An archive that needs both runs it
 * twice, the first time into the old table: the cost of keeping each
 * step as it was.
 */
static enum folio_rc reindex_all(struct store *st, struct folio_err *err)
{
    struct reindex_note_state ns = { 0 };
    struct store_progress pr = { reindex_note, &ns };

    return store_search_fill(st, &pr, err);
}

/*
 * Does a later step of migration_code rebuild the whole index too? Then
 * step j's rebuild is skipped (its table stays empty until that step,
 * which runs in the same store_migrate: an archive of schema 32 is
 * indexed once, not twice).
 */
static bool index_rebuilt_later(size_t j)
{
    size_t k;

    if (migration_code[j].run != reindex_all)
        return false;
    for (k = j + 1; k < ARRAY_SIZE(migration_code); k++)
        if (migration_code[k].run == reindex_all)
            return true;
    return false;
}

int store_schema_version(void)
{
    return migrations[ARRAY_SIZE(migrations) - 1].version;
}

static FOLIO_MUST_USE enum folio_rc
user_version(struct store *st, int *out, struct folio_err *err);

static enum folio_rc
user_version(struct store *st, int *out, struct folio_err *err)
{
    sqlite3_stmt *s = NULL;
    enum folio_rc rc = FOLIO_OK;

    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) !=
            SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW) {
        rc = store_db_err(st, err, "read schema version");
        goto out;
    }
    *out = sqlite3_column_int(s, 0);
out:
    sqlite3_finalize(s);
    return rc;
}

enum folio_rc store_migrate(struct store *st, struct folio_err *err)
{
    enum folio_rc rc;
    int have = 0;
    size_t i, j;
    char sql[64];

    rc = user_version(st, &have, err);
    if (rc != FOLIO_OK)
        return rc;
    if (have > STORE_SCHEMA_VERSION)
        return err_set(err, FOLIO_ERR_UNSUPPORTED, st->db_path,
                       "schema version %d is newer than this folio "
                       "understands (%d)",
                       have, STORE_SCHEMA_VERSION);
    if (have == STORE_SCHEMA_VERSION)
        return FOLIO_OK;
    if (st->readonly)
        return err_set(err, FOLIO_ERR_UNSUPPORTED, st->db_path,
                       "schema version %d needs upgrading to %d; run "
                       "'folio list' once with write access",
                       have, STORE_SCHEMA_VERSION);
    if (st->no_upgrade)
        return err_set(err, FOLIO_ERR_UNSUPPORTED, st->db_path,
                       "schema %d needs upgrading to %d: run `folio "
                       "reindex` or any write command once",
                       have, STORE_SCHEMA_VERSION);
    for (i = 0; i < ARRAY_SIZE(migrations); i++) {
        if (migrations[i].version <= have)
            continue;
        rc = store_exec(st, "BEGIN IMMEDIATE", err);
        if (rc != FOLIO_OK)
            return rc;
        (void)snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
                       migrations[i].version);
        rc = store_exec(st, migrations[i].sql, err);
        for (j = 0; j < ARRAY_SIZE(migration_code) && rc == FOLIO_OK; j++)
            if (migration_code[j].version == migrations[i].version &&
                !index_rebuilt_later(j))
                rc = migration_code[j].run(st, err);
        if (rc == FOLIO_OK)
            rc = store_exec(st, sql, err);
        if (rc == FOLIO_OK)
            rc = store_exec(st, "COMMIT", err);
        if (rc != FOLIO_OK) {
            (void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            err_prefix(err, "migration to schema %d", migrations[i].version);
            return rc;
        }
        st->own_commits++;
    }
    return FOLIO_OK;
}
