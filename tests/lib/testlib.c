/* testlib.c - temporary directories and fixtures for tests. */
#include "base/compat.h"

#include "testlib.h"

#include "base/xalloc.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw);
static void mkdir_parents(char *path);

char *test_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *tmpl = xasprintf("%s/folio-test-XXXXXX", base ? base : "/tmp");
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        abort();
    }
    return tmpl;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void test_rmtree(const char *path)
{
    if (path)
        (void)nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *test_fixture(const char *rel)
{
    const char *root = getenv("FOLIO_FIXTURES");
    char *p;
    if (!root)
        return NULL;
    p = xasprintf("%s/%s", root, rel);
    if (access(p, R_OK) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

char *test_source_path(const char *rel)
{
    const char *root = getenv("FOLIO_SOURCE_ROOT");
    return xasprintf("%s/%s", root ? root : ".", rel);
}

static void mkdir_parents(char *path)
{
    char *p;
    for (p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            perror(path);
            abort();
        }
        *p = '/';
    }
}

void test_write_file(const char *dir,
                     const char *rel,
                     const void *data,
                     size_t len)
{
    char *path = xasprintf("%s/%s", dir, rel);
    FILE *f;

    mkdir_parents(path);
    f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        abort();
    }
    free(path);
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t cap = 0, n = 0, r;

    if (!f)
        return NULL;
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            data = xreallocarray(data, cap, 1);
        }
        r = fread(data + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}
