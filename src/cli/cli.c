/* cli.c - placeholder dispatcher until the command table lands. */
#include "base/compat.h"

#include "cli/cli.h"

#include <stdio.h>

int cli_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("usage: folio <command>\n", stderr);
    return 2;
}
