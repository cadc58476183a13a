/* SPDX-License-Identifier: MIT */
/*
 * ingest_detect.c - what `folio import` was given: an issue package, an
 * NDNP batch, one METS issue or a Founder e-paper site mirror, decided
 * from names and the first bytes of XML files (nothing is parsed here).
 */
#include "base/compat.h"

#include "base/xalloc.h"
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DETECT_HEAD_BYTES 4096

static enum ingest_kind xml_kind(const char *path);
static bool xml_is_alto(const char *path);
static bool xml_root(const char *path, char *name, size_t namesz);
static bool has_suffix(const char *s, const char *suf);
static bool is_file(const char *path);
static bool founder_below(const char *dir, int depth, size_t *budget);
static void mets_below(const char *dir,
                       int depth,
                       size_t *budget,
                       size_t *n,
                       size_t *nbatch,
                       char **first);

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);

    return n >= k && strcasecmp(s + n - k, suf) == 0;
}

static bool is_file(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/*
 * The local name of path's root element (the first element that is not
 * <?xml ...?>, a comment or DOCTYPE in the first bytes) into name; false
 * when there is none.
 */
static bool xml_root(const char *path, char *name, size_t namesz)
{
    char head[DETECT_HEAD_BYTES + 1], *p;
    ssize_t n;
    size_t k = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return false;
    n = read(fd, head, DETECT_HEAD_BYTES);
    (void)close(fd);
    if (n <= 0)
        return false;
    if (n >= 2) {
        /* UTF-16, with or without BOM: keep its ASCII characters */
        unsigned char h0 = (unsigned char)head[0], h1 = (unsigned char)head[1];
        bool le = (h0 == 0xFF && h1 == 0xFE) || (h0 == '<' && h1 == 0);
        bool be = (h0 == 0xFE && h1 == 0xFF) || (h0 == 0 && h1 == '<');
        ssize_t i, o = 0;
        for (i = 0; (le || be) && i + 1 < n; i += 2) {
            char c = le ? head[i] : head[i + 1];
            if ((le ? head[i + 1] : head[i]) == 0 && c != 0)
                head[o++] = c;
        }
        if (le || be)
            n = o;
    }
    head[n] = '\0';
    for (p = head; (p = strchr(p, '<')) != NULL; p++) {
        if (p[1] == '?' || p[1] == '!')
            continue;
        p++;
        if (strchr(p, ':') && strchr(p, ':') < strpbrk(p, " >/\t\r\n"))
            p = strchr(p, ':') + 1; /* namespace prefix */
        while (p[k] && !strchr(" >/\t\r\n", p[k]) && k + 1 < namesz) {
            name[k] = p[k];
            k++;
        }
        name[k] = '\0';
        return k > 0;
    }
    return false;
}

/* NDNP batch or METS from the root element name in the first bytes. */
static enum ingest_kind xml_kind(const char *path)
{
    char name[16];

    if (!xml_root(path, name, sizeof(name)))
        return INGEST_KIND_UNKNOWN;
    if (strcmp(name, "batch") == 0)
        return INGEST_KIND_NDNP_BATCH;
    if (strcmp(name, "mets") == 0)
        return INGEST_KIND_METS;
    return INGEST_KIND_UNKNOWN;
}

/* An ALTO page (root <alto>), given without its METS. */
static bool xml_is_alto(const char *path)
{
    char name[16];

    return has_suffix(path, ".xml") && is_file(path) &&
           xml_root(path, name, sizeof(name)) && strcmp(name, "alto") == 0;
}

/*
 * A node_N.htm(l) or content_N.htm(l) file at most 8 levels below dir
 * (mirrors keep them in html/YYYY-MM/DD/ or .../layout/YYYYMM/DD/); at most
 * *budget directory entries are looked at.
 */
static bool founder_below(const char *dir, int depth, size_t *budget)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    bool found = false;

    if (!d)
        return false;
    while (!found && *budget > 0 && (de = readdir(d)) != NULL) {
        char *sub;
        struct stat sb;
        (*budget)--;
        if (de->d_name[0] == '.')
            continue;
        if ((strncasecmp(de->d_name, "node_", 5) == 0 ||
             strncasecmp(de->d_name, "content_", 8) == 0) &&
            (has_suffix(de->d_name, ".htm") ||
             has_suffix(de->d_name, ".html"))) {
            found = true;
            break;
        }
        if (depth >= 8)
            continue;
        sub = xasprintf("%s/%s", dir, de->d_name);
        if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
            found = founder_below(sub, depth + 1, budget);
        free(sub);
    }
    (void)closedir(d);
    return found;
}

/*
 * METS files (root <mets>) at most 3 levels below dir, as libraries ship
 * one issue in a folder of its own (bnl-luxzeit-1858/<id>/<id>-mets.xml):
 * *n counts them, *first gets the first one's path (malloc'd); *nbatch
 * counts NDNP batch.xml files met on the way.
 */
static void mets_below(const char *dir,
                       int depth,
                       size_t *budget,
                       size_t *n,
                       size_t *nbatch,
                       char **first)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (!d)
        return;
    while (*budget > 0 && (de = readdir(d)) != NULL) {
        char *sub;
        struct stat sb;
        (*budget)--;
        if (de->d_name[0] == '.')
            continue;
        sub = xasprintf("%s/%s", dir, de->d_name);
        if (lstat(sub, &sb) == 0) {
            enum ingest_kind k = INGEST_KIND_UNKNOWN;
            if (S_ISREG(sb.st_mode) && has_suffix(de->d_name, ".xml"))
                k = xml_kind(sub);
            if (k == INGEST_KIND_METS && (*n)++ == 0) {
                *first = sub;
                sub = NULL;
            } else if (k == INGEST_KIND_NDNP_BATCH) {
                (*nbatch)++;
            } else if (S_ISDIR(sb.st_mode) && depth < 3) {
                mets_below(sub, depth + 1, budget, n, nbatch, first);
            }
        }
        free(sub);
    }
    (void)closedir(d);
}

enum folio_rc ingest_detect(const char *path,
                            enum ingest_kind *kind,
                            char **resolved,
                            struct folio_err *err)
{
    static const char *batch_names[] = { "batch.xml", "data/batch.xml" };
    struct stat sb;
    enum ingest_kind k = INGEST_KIND_UNKNOWN;
    char *res = NULL, *cand = NULL;
    DIR *d = NULL;
    struct dirent *de;
    size_t i, nmets = 0, nfounder = 0, nalto = 0;
    enum folio_rc rc = FOLIO_OK;

    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            rc = err_set(err, FOLIO_ERR_NOT_FOUND, path,
                         "no such file or directory");
        else
            rc = err_errno(err, path, "cannot open");
        goto out;
    }
    if (S_ISREG(sb.st_mode)) {
        if (has_suffix(path, ".xml"))
            k = xml_kind(path);
        else if (has_suffix(path, ".zip") || has_suffix(path, ".tar") ||
                 has_suffix(path, ".tar.gz") || has_suffix(path, ".tgz"))
            k = INGEST_KIND_PACKAGE;
        else if (has_suffix(path, ".htm") || has_suffix(path, ".html"))
            k = INGEST_KIND_FOUNDER;
        if (k != INGEST_KIND_UNKNOWN)
            res = xstrdup(path);
        goto done;
    }
    if (!S_ISDIR(sb.st_mode))
        goto done;
    cand = xasprintf("%s/issue.json", path);
    if (is_file(cand)) {
        k = INGEST_KIND_PACKAGE;
        res = xstrdup(path);
        goto done;
    }
    for (i = 0; i < ARRAY_SIZE(batch_names); i++) {
        free(cand);
        cand = xasprintf("%s/%s", path, batch_names[i]);
        if (is_file(cand) && xml_kind(cand) == INGEST_KIND_NDNP_BATCH) {
            k = INGEST_KIND_NDNP_BATCH;
            res = cand;
            cand = NULL;
            goto done;
        }
    }
    d = opendir(path);
    if (!d) {
        rc = err_errno(err, path, "cannot list");
        goto out;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (has_suffix(de->d_name, ".xml")) {
            free(cand);
            cand = xasprintf("%s/%s", path, de->d_name);
            if (is_file(cand) && xml_kind(cand) == INGEST_KIND_METS) {
                nmets++;
                free(res);
                res = cand;
                cand = NULL;
            } else if (xml_is_alto(cand)) {
                nalto++;
            }
        } else if (strncmp(de->d_name, "node_", 5) == 0 ||
                   strncmp(de->d_name, "content_", 8) == 0 ||
                   strcmp(de->d_name, "html") == 0 ||
                   strcmp(de->d_name, "layout") == 0) {
            nfounder++;
        }
    }
    if (nmets == 0 && nfounder == 0) {
        size_t budget = 100000, nbatch = 0;
        mets_below(path, 0, &budget, &nmets, &nbatch, &res);
        if (nbatch > 0 && nmets + nbatch > 1) {
            rc = err_set(err, FOLIO_ERR_UNSUPPORTED, path,
                         "folder holds several archives (%zu NDNP batches, "
                         "%zu METS files); import them one by one",
                         nbatch, nmets);
            goto out;
        }
    }
    if (nmets == 1) {
        k = INGEST_KIND_METS;
    } else {
        FREE_AND_NULL(res);
        if (nmets > 1) {
            rc = err_set(err, FOLIO_ERR_UNSUPPORTED, path,
                         "folder holds %zu METS files; import them one by "
                         "one",
                         nmets);
            goto out;
        }
        if (nfounder == 0) {
            size_t budget = 100000;
            if (founder_below(path, 0, &budget))
                nfounder = 1;
        }
        if (nfounder > 0) {
            k = INGEST_KIND_FOUNDER;
            res = xstrdup(path);
        }
    }
done:
    if (k == INGEST_KIND_UNKNOWN && (xml_is_alto(path) || nalto > 0)) {
        rc = err_set(err, FOLIO_ERR_UNSUPPORTED, path,
                     "%s without a METS file: ALTO holds no paper, date "
                     "or page order; import the METS issue file or NDNP "
                     "batch.xml that lists it",
                     nalto > 1 ? "ALTO pages" : "an ALTO page");
        goto out;
    }
    if (k == INGEST_KIND_UNKNOWN) {
        rc = err_set(err, FOLIO_ERR_UNSUPPORTED, path,
                     "not an issue package, NDNP batch, METS issue or "
                     "Founder e-paper folder");
        goto out;
    }
    *kind = k;
    *resolved = res;
    res = NULL;
out:
    if (d)
        (void)closedir(d);
    free(res);
    free(cand);
    return rc;
}

const char *ingest_kind_name(enum ingest_kind kind)
{
    switch (kind) {
    case INGEST_KIND_PACKAGE:
        return "issue package";
    case INGEST_KIND_NDNP_BATCH:
        return "NDNP batch";
    case INGEST_KIND_METS:
        return "METS issue";
    case INGEST_KIND_FOUNDER:
        return "Founder e-paper site";
    case INGEST_KIND_UNKNOWN:
        break;
    }
    return "unknown";
}
