/*
 * cli.h - the folio command line: a table of subcommands (import, publish,
 * unpublish, list, serve, demo, help).
 */
#ifndef FOLIO_CLI_H
#define FOLIO_CLI_H

#include "base/compat.h"

/*
 * Run the command line. Returns the process exit status: 0 success,
 * 1 failure (after printing "folio: error: WHERE: WHAT"), 2 usage error.
 */
int cli_main(int argc, char **argv);

#endif
