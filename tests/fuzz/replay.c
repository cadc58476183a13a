/* SPDX-License-Identifier: MIT */
/*
 * replay.c - run a libFuzzer entry point over corpus files without
 * libFuzzer, so every build (gcc included, and the ASan+UBSan run of make
 * test) exercises the fuzz target on its seed corpus and on any crash
 * input added to it.
 *
 * Usage: replay FILE|DIR...   (a directory: every regular file in it)
 * Output: TAP, one point per file; a broken promise aborts the process,
 * which the test harness reports as a failure naming the last file.
 */
#include "base/compat.h"

#include "base/xalloc.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
static int cmp_names(const void *a, const void *b);
static int replay_file(const char *path, int *n);
static int replay_dir(const char *dir, int *n);

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_file(const char *path, int *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long len;
    int rc = 1;

    if (!f) {
        printf("not ok %d - %s: cannot open\n", ++*n, path);
        return 1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        goto out;
    data = malloc(len > 0 ? (size_t)len : 1);
    if (!data || (len > 0 && fread(data, 1, (size_t)len, f) != (size_t)len))
        goto out;
    printf("# %s (%ld bytes)\n", path, len);
    (void)fflush(stdout);
    (void)LLVMFuzzerTestOneInput(data, (size_t)len);
    rc = 0;
out:
    printf("%sok %d - %s\n", rc ? "not " : "", ++*n, path);
    free(data);
    (void)fclose(f);
    return rc;
}

static int replay_dir(const char *dir, int *n)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t count = 0, cap = 0, i;
    int bad = 0;

    if (!d) {
        printf("not ok %d - %s: cannot open directory\n", ++*n, dir);
        return 1;
    }
    while ((de = readdir(d)) != NULL) {
        char path[4096];
        struct stat sb;
        if (de->d_name[0] == '.')
            continue;
        (void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            names = xreallocarray(names, cap, sizeof(*names));
        }
        names[count++] = xstrdup(path);
    }
    (void)closedir(d);
    if (count)
        qsort(names, count, sizeof(*names), cmp_names);
    for (i = 0; i < count; i++) {
        bad |= replay_file(names[i], n);
        free(names[i]);
    }
    free(names);
    if (count == 0) {
        printf("not ok %d - %s: empty corpus\n", ++*n, dir);
        bad = 1;
    }
    return bad;
}

int main(int argc, char **argv)
{
    int i, n = 0, bad = 0;

    for (i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            bad |= replay_dir(argv[i], &n);
        else
            bad |= replay_file(argv[i], &n);
    }
    printf("1..%d\n", n);
    return bad;
}
