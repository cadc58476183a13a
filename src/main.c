/* main.c - entry point: hands the command line to the CLI dispatcher. */
#include "base/compat.h"

#include "cli/cli.h"
#include "imaging/imaging.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    /*
     * The page renderer's child process (imaging_run.c) re-executes this
     * binary; it is not a user command. It ends with _exit: the libraries
     * it ran keep caches that are not worth tearing down.
     */
    if (argc >= 2 && strcmp(argv[1], IMAGING_CHILD_COMMAND) == 0) {
        int status = imaging_child_main(argc - 1, argv + 1);
        (void)fflush(stderr);
        _exit(status);
    }
    return cli_main(argc, argv);
}
