/*
 * testlib.h - helpers for folio's cmocka tests: temporary directories,
 * fixture paths and file writing.
 */
#ifndef FOLIO_TESTLIB_H
#define FOLIO_TESTLIB_H

#include "base/compat.h"

#include <stddef.h>

/*
 * Create a fresh temporary directory (under $TMPDIR or /tmp).
 * Returns a malloc'd path; caller removes it with test_rmtree() and frees.
 */
char *test_tmpdir(void);
/* Remove path and everything below it (like rm -rf). */
void test_rmtree(const char *path);
/*
 * Path of a shared fixture: "$FOLIO_FIXTURES/<rel>" (malloc'd; caller
 * frees). Returns NULL when FOLIO_FIXTURES is unset or the file is absent.
 */
char *test_fixture(const char *rel);
/* Path under the source tree: "$FOLIO_SOURCE_ROOT/<rel>" (malloc'd). */
char *test_source_path(const char *rel);
/* Write len bytes to dir/rel, creating parent folders; aborts on error. */
void test_write_file(const char *dir,
                     const char *rel,
                     const void *data,
                     size_t len);
/* Read a whole file (malloc'd, NUL-terminated) or NULL; *len may be NULL. */
char *test_read_file(const char *path, size_t *len);

#endif
