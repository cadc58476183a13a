/* SPDX-License-Identifier: MIT */
/*
 * ingest_source.c - reading the files of a package. A folder package is
 * read through openat2(RESOLVE_BENEATH) on the folder, so no path or
 * symbolic link can reach outside it. A zip (or tar) archive is first only
 * listed with libarchive (names and declared sizes of its regular files,
 * nothing decompressed), then each entry is read when issue.json names it:
 * refused on its declared size before decompressing, and while
 * decompressing as soon as it passes its limit. Entries nobody names are
 * never decompressed, so a zip bomb costs neither time nor memory.
 */
#include "base/compat.h"

#include "base/xalloc.h"
#include "ingest/ingest_int.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int open_beneath(int dirfd, const char *rel);
static FOLIO_MUST_USE enum folio_rc read_fd(int fd,
                                            size_t max,
                                            const char *where,
                                            const char *rel,
                                            unsigned char **out,
                                            size_t *len,
                                            struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc
zip_load(struct pkg_src *src, const char *path, struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc ar_open(struct pkg_src *src,
                                            struct folio_err *err);
static FOLIO_MUST_USE enum folio_rc zip_read(struct pkg_src *src,
                                             const struct zip_entry *e,
                                             size_t max,
                                             const char *where,
                                             unsigned char **out,
                                             size_t *len,
                                             struct folio_err *err);
static const char *zip_prefix(const struct pkg_src *src, size_t *plen);
static const char *ar_msg(struct archive *ar);
static bool entry_name_safe(const char *name);
static int entry_cmp(const void *a, const void *b);
static const struct zip_entry *zip_find(const struct pkg_src *src,
                                        const char *prefix,
                                        size_t plen,
                                        const char *rel);

bool pkg_path_ok(const char *rel)
{
    const char *seg = rel;

    if (!rel || !rel[0] || rel[0] == '/' || strchr(rel, '\\'))
        return false;
    for (;;) {
        const char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (n == 0 || (n == 1 && seg[0] == '.') ||
            (n == 2 && seg[0] == '.' && seg[1] == '.'))
            return false;
        if (!slash)
            return true;
        seg = slash + 1;
    }
}

/* openat2 beneath dirfd; falls back to a realpath check without it. */
static int open_beneath(int dirfd, const char *rel)
{
    struct open_how how;
    char root[PATH_MAX], self[64], *full = NULL, *res = NULL;
    int fd;
    size_t n;

    memset(&how, 0, sizeof(how));
    /* O_NONBLOCK: a FIFO must not block; read_fd refuses non-files */
    how.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
    if (fd >= 0 || errno != ENOSYS)
        return fd;
    (void)snprintf(self, sizeof(self), "/proc/self/fd/%d", dirfd);
    if (!realpath(self, root))
        return -1;
    full = xasprintf("%s/%s", root, rel);
    res = realpath(full, NULL);
    fd = -1;
    n = strlen(root);
    if (!res) {
        /* errno from realpath */
    } else if (strncmp(res, root, n) != 0 || res[n] != '/') {
        errno = EXDEV;
    } else {
        fd = open(res, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    }
    free(full);
    free(res);
    return fd;
}

static enum folio_rc read_fd(int fd,
                             size_t max,
                             const char *where,
                             const char *rel,
                             unsigned char **out,
                             size_t *len,
                             struct folio_err *err)
{
    struct stat sb;
    unsigned char *data = NULL;
    size_t have = 0;

    if (fstat(fd, &sb) != 0)
        return err_errno(err, where, "cannot stat file");
    if (!S_ISREG(sb.st_mode))
        return err_set(err, FOLIO_ERR_INVALID, where,
                       "'%s' is not a regular file", rel);
    if ((uint64_t)sb.st_size > max)
        return err_set(err, FOLIO_ERR_TOO_LARGE, where,
                       "'%s' is larger than %zu bytes", rel, max);
    data = xmalloc((size_t)sb.st_size + 1);
    while (have < (size_t)sb.st_size) {
        ssize_t r = read(fd, data + have, (size_t)sb.st_size - have);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(data);
            return err_errno(err, where, "cannot read file");
        }
        if (r == 0)
            break;
        have += (size_t)r;
    }
    data[have] = 0;
    *out = data;
    *len = have;
    return FOLIO_OK;
}

enum folio_rc pkg_src_read(struct pkg_src *src,
                           const char *rel,
                           size_t max,
                           const char *where,
                           unsigned char **out,
                           size_t *len,
                           struct folio_err *err)
{
    unsigned char *data = NULL;
    size_t n = 0, plen = 0;
    const char *prefix;
    enum folio_rc rc;
    int fd;

    if (!pkg_path_ok(rel))
        return err_set(err, FOLIO_ERR_INVALID, where,
                       "path '%s' leaves the package", rel);
    if (src->dirfd >= 0) {
        fd = open_beneath(src->dirfd, rel);
        if (fd < 0) {
            if (errno == ENOENT || errno == ENOTDIR)
                return err_set(err, FOLIO_ERR_INVALID, where,
                               "missing file '%s'", rel);
            if (errno == EXDEV || errno == ELOOP)
                return err_set(err, FOLIO_ERR_INVALID, where,
                               "path '%s' leaves the package", rel);
            return err_errno(err, where, "cannot open file");
        }
        rc = read_fd(fd, max, where, rel, &data, &n, err);
        (void)close(fd);
        if (rc != FOLIO_OK)
            return rc;
    } else {
        const struct zip_entry *e;
        prefix = zip_prefix(src, &plen);
        e = zip_find(src, prefix, plen, rel);
        if (!e)
            return err_set(err, FOLIO_ERR_INVALID, where, "missing file '%s'",
                           rel);
        rc = zip_read(src, e, max, where, &data, &n, err);
        if (rc != FOLIO_OK)
            return rc;
    }
    src->total_bytes += n;
    if (src->total_bytes > INGEST_MAX_PACKAGE_BYTES) {
        free(data);
        return err_set(err, FOLIO_ERR_TOO_LARGE, where,
                       "package is larger than %llu bytes",
                       (unsigned long long)INGEST_MAX_PACKAGE_BYTES);
    }
    *out = data;
    *len = n;
    return FOLIO_OK;
}

/* archive_error_string, never NULL. */
static const char *ar_msg(struct archive *ar)
{
    const char *m = archive_error_string(ar);

    return m ? m : "unreadable archive data";
}

/*
 * false for names no package needs and a careless unpacker would write
 * outside its folder: absolute, or with a ".." segment.
 */
static bool entry_name_safe(const char *name)
{
    const char *seg = name;

    if (name[0] == '/')
        return false;
    for (;;) {
        const char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (n == 2 && seg[0] == '.' && seg[1] == '.')
            return false;
        if (!slash)
            return true;
        seg = slash + 1;
    }
}

static int entry_cmp(const void *a, const void *b)
{
    const struct zip_entry *x = a, *y = b;

    return strcmp(x->name, y->name);
}

/* The entry named prefix[0..plen) + rel; entries are sorted by name. */
static const struct zip_entry *zip_find(const struct pkg_src *src,
                                        const char *prefix,
                                        size_t plen,
                                        const char *rel)
{
    struct zip_entry key;
    const struct zip_entry *e;

    if (src->nentries == 0)
        return NULL;
    memset(&key, 0, sizeof(key));
    key.name = xasprintf("%.*s%s", (int)plen, prefix, rel);
    e = bsearch(&key, src->entries, src->nentries, sizeof(*src->entries),
                entry_cmp);
    free(key.name);
    return e;
}

/* "" when issue.json is at the top, else "top/" of the one top folder. */
static const char *zip_prefix(const struct pkg_src *src, size_t *plen)
{
    size_t i;

    for (i = 0; i < src->nentries; i++)
        if (strcmp(src->entries[i].name, "issue.json") == 0) {
            *plen = 0;
            return "";
        }
    for (i = 0; i < src->nentries; i++) {
        const char *n = src->entries[i].name;
        const char *slash = strchr(n, '/');
        if (slash && strcmp(slash + 1, "issue.json") == 0) {
            *plen = (size_t)(slash - n) + 1;
            return n;
        }
    }
    *plen = 0;
    return "";
}

/* (Re)open src->path for reading from its first header. */
static enum folio_rc ar_open(struct pkg_src *src, struct folio_err *err)
{
    if (src->ar)
        archive_read_free(src->ar);
    src->ar = archive_read_new();
    src->ar_next = 0;
    (void)archive_read_support_format_zip(src->ar);
    (void)archive_read_support_format_tar(src->ar);
    (void)archive_read_support_filter_gzip(src->ar);
    if (archive_read_open_filename(src->ar, src->path, 65536) != ARCHIVE_OK)
        return err_set(err, FOLIO_ERR_INVALID, src->path,
                       "not a package folder or zip archive: %s",
                       ar_msg(src->ar));
    return FOLIO_OK;
}

/*
 * Decompress entry e: reopen the archive when e lies behind the reader,
 * skip (without decompressing) the headers before it, then read at most
 * max bytes and the package budget, stopping as soon as either is passed.
 */
static enum folio_rc zip_read(struct pkg_src *src,
                              const struct zip_entry *e,
                              size_t max,
                              const char *where,
                              unsigned char **out,
                              size_t *len,
                              struct folio_err *err)
{
    struct archive_entry *ent = NULL;
    unsigned char *data = NULL;
    uint64_t budget = INGEST_MAX_PACKAGE_BYTES - src->total_bytes;
    size_t have = 0, cap;
    enum folio_rc rc = FOLIO_OK;
    int r;

    if (src->total_bytes >= INGEST_MAX_PACKAGE_BYTES)
        budget = 0;
    if (e->size_known && e->size > max)
        return err_set(err, FOLIO_ERR_TOO_LARGE, where,
                       "'%s' is larger than %zu bytes", e->name, max);
    if (e->size_known && e->size > budget)
        return err_set(err, FOLIO_ERR_TOO_LARGE, where,
                       "package is larger than %llu bytes",
                       (unsigned long long)INGEST_MAX_PACKAGE_BYTES);
    if (!src->ar || src->ar_next > e->index) {
        rc = ar_open(src, err);
        if (rc != FOLIO_OK)
            return rc;
    }
    while (src->ar_next <= e->index) {
        r = archive_read_next_header(src->ar, &ent);
        if (r != ARCHIVE_OK)
            return err_set(err, FOLIO_ERR_INVALID, src->path,
                           "broken archive: %s", ar_msg(src->ar));
        src->ar_next++;
    }
    /* the declared size, if any, is a hint only: archives can lie */
    cap = e->size_known ? (size_t)e->size + 1 : 4096;
    data = xmalloc(cap);
    for (;;) {
        la_ssize_t got;
        if (have + 1 >= cap) {
            cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
            data = xreallocarray(data, cap, 1);
        }
        got = archive_read_data(src->ar, data + have, cap - 1 - have);
        if (got < 0) {
            rc = err_set(err, FOLIO_ERR_INVALID, src->path, "%s: %s", e->name,
                         ar_msg(src->ar));
            goto out;
        }
        if (got == 0)
            break;
        have += (size_t)got;
        if (have > max) {
            rc = err_set(err, FOLIO_ERR_TOO_LARGE, where,
                         "'%s' is larger than %zu bytes", e->name, max);
            goto out;
        }
        if (have > budget) {
            rc = err_set(err, FOLIO_ERR_TOO_LARGE, where,
                         "package is larger than %llu bytes",
                         (unsigned long long)INGEST_MAX_PACKAGE_BYTES);
            goto out;
        }
    }
    data[have] = 0;
    *out = data;
    *len = have;
    data = NULL;
out:
    free(data);
    return rc;
}

/*
 * List the archive: names, header ordinals and declared sizes of its
 * regular files; archive_read_next_header skips the data of each entry
 * without decompressing it.
 */
static enum folio_rc
zip_load(struct pkg_src *src, const char *path, struct folio_err *err)
{
    struct archive_entry *ent;
    enum folio_rc rc;
    size_t i, ntop = 0, plen, ecap = 0, index;
    uint64_t declared = 0;
    int r;

    src->path = xstrdup(path);
    rc = ar_open(src, err);
    if (rc != FOLIO_OK)
        return rc;
    for (index = 0; (r = archive_read_next_header(src->ar, &ent)) == ARCHIVE_OK;
         index++) {
        const char *name = archive_entry_pathname(ent);
        struct zip_entry *z;
        if (name && !entry_name_safe(name))
            return err_set(err, FOLIO_ERR_INVALID, path,
                           "entry '%s' has an unsafe name (absolute or with "
                           "a '..' segment)",
                           name);
        if (!name || archive_entry_filetype(ent) != AE_IFREG)
            continue;
        while (name[0] == '.' && name[1] == '/')
            name += 2;
        if (src->nentries >= INGEST_MAX_ARCHIVE_ENTRIES)
            return err_set(err, FOLIO_ERR_TOO_LARGE, path,
                           "more than %d entries in the archive",
                           INGEST_MAX_ARCHIVE_ENTRIES);
        if (src->nentries == ecap) {
            ecap = ecap ? ecap * 2 : 16;
            src->entries =
                xreallocarray(src->entries, ecap, sizeof(*src->entries));
        }
        z = &src->entries[src->nentries++];
        memset(z, 0, sizeof(*z));
        z->name = xstrdup(name);
        z->index = index;
        if (archive_entry_size_is_set(ent) && archive_entry_size(ent) >= 0) {
            z->size_known = true;
            z->size = (uint64_t)archive_entry_size(ent);
        }
        if (z->size_known && z->size > INGEST_MAX_FILE_BYTES)
            return err_set(err, FOLIO_ERR_TOO_LARGE, path,
                           "'%s' is larger than %u bytes", name,
                           INGEST_MAX_FILE_BYTES);
        declared += z->size;
        if (declared > INGEST_MAX_PACKAGE_BYTES)
            return err_set(err, FOLIO_ERR_TOO_LARGE, path,
                           "the archive's files are larger than %llu bytes "
                           "together",
                           (unsigned long long)INGEST_MAX_PACKAGE_BYTES);
    }
    if (r != ARCHIVE_EOF)
        return err_set(err, FOLIO_ERR_INVALID, path, "broken archive: %s",
                       ar_msg(src->ar));
    src->ar_next = index;
    if (src->nentries > 1)
        qsort(src->entries, src->nentries, sizeof(*src->entries), entry_cmp);
    for (i = 1; i < src->nentries; i++)
        if (strcmp(src->entries[i].name, src->entries[i - 1].name) == 0)
            return err_set(err, FOLIO_ERR_INVALID, path,
                           "entry '%s' is in the archive twice",
                           src->entries[i].name);
    for (i = 0; i < src->nentries; i++) {
        const char *n = src->entries[i].name;
        const char *slash = strchr(n, '/');
        if (strcmp(n, "issue.json") == 0 ||
            (slash && strcmp(slash + 1, "issue.json") == 0))
            ntop++;
    }
    (void)zip_prefix(src, &plen);
    if (ntop == 0 || (ntop > 1 && plen > 0))
        return err_set(err, FOLIO_ERR_INVALID, path,
                       "no issue.json at the top of the archive or in one "
                       "top folder");
    return FOLIO_OK;
}

enum folio_rc
pkg_src_open(struct pkg_src *src, const char *path, struct folio_err *err)
{
    struct stat sb;
    enum folio_rc rc;

    memset(src, 0, sizeof(*src));
    src->dirfd = -1;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return err_set(err, FOLIO_ERR_NOT_FOUND, path,
                           "no such file or directory");
        return err_errno(err, path, "cannot open package");
    }
    if (S_ISDIR(sb.st_mode)) {
        src->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (src->dirfd < 0)
            return err_errno(err, path, "cannot open package");
        return FOLIO_OK;
    }
    rc = zip_load(src, path, err);
    if (rc != FOLIO_OK)
        pkg_src_release(src);
    return rc;
}

void pkg_src_release(struct pkg_src *src)
{
    size_t i;

    if (src->dirfd >= 0)
        (void)close(src->dirfd);
    for (i = 0; i < src->nentries; i++)
        free(src->entries[i].name);
    free(src->entries);
    if (src->ar)
        archive_read_free(src->ar);
    free(src->path);
    memset(src, 0, sizeof(*src));
    src->dirfd = -1;
}
