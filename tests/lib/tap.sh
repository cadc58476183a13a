# SPDX-License-Identifier: MIT
# tests/lib/tap.sh - TAP scaffolding shared by the bash integration tests
# (t0401, t0503, ...). Source it after `set -u`:
#
#   . "${FOLIO_SOURCE_ROOT:?}/tests/lib/tap.sh"
#   tap_need_file "$TSV"             # "1..0 # SKIP" unless the fixture is
#   tap_need_cmd sqlite3             # there and sqlite3 is on the PATH
#   tap_tmp                          # $T, removed on exit
#   tap_plan 3
#   [ "$x" = 1 ]
#   ok $? "x is 1 ($x)"              # ok 1 - x is 1 (1)
#   check "y is 2" "[ \"$y\" = 2 ]"  # the same, the test eval'd
#   not_ok "server ready"            # a check that failed
#   tap_done                         # exit 1 if any check failed
#
# The counters are tap_n (checks so far), tap_fails (failed checks) and
# tap_planned (from tap_plan). Nothing here exits on a failed check: a
# test runs all its checks and tap_done says how it went.
#
# Exit traps: tap_tmp, tap_on_exit and tap_kill_on_exit register commands
# that one EXIT trap runs, the last registered first. The EXIT trap that
# was set before the first of them (server.sh's test_tmp sets `trap
# test_cleanup EXIT`) runs after them, so call test_tmp before these when
# a test uses both; test_tmp called after them would replace their trap.

tap_n=0
tap_fails=0
tap_planned=
tap_exit_cmds=()
tap_exit_prev=
tap_exit_set=

# ok STATUS DESC: prints "ok N - DESC" when STATUS is 0, else "not ok N -
# DESC" and counts a failure (N the number of this check, from 1).
# Returns 0 whatever STATUS is.
ok() {
    tap_n=$((tap_n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $tap_n - $2"
    else
        echo "not ok $tap_n - $2"
        tap_fails=$((tap_fails + 1))
    fi
    return 0
}

# not_ok DESC: prints "not ok N - DESC" and counts a failure. Returns 0.
not_ok() {
    ok 1 "$1"
}

# check DESC TEST: evals the shell command TEST in the caller's context
# and reports its exit status as ok/not ok DESC. Returns 0.
check() {
    eval "$2"
    ok $? "$1"
}

# tap_plan N: prints the TAP plan "1..N" and remembers N for tap_done.
tap_plan() {
    tap_planned=$1
    echo "1..$1"
}

# tap_done: ends the test. Exits 1 when a check failed, or when tap_plan
# was called and the number of checks run differs from the plan (then
# prints "# planned N checks, ran M"); else exits 0.
tap_done() {
    if [ -n "$tap_planned" ] && [ "$tap_n" != "$tap_planned" ]; then
        echo "# planned $tap_planned checks, ran $tap_n"
        exit 1
    fi
    exit $((tap_fails > 0))
}

# tap_skip_all REASON: prints "1..0 # SKIP REASON" (a TAP plan of no
# checks, the whole test skipped) and exits 0. Call it before any plan.
tap_skip_all() {
    echo "1..0 # SKIP $1"
    exit 0
}

# tap_need_file PATH [REASON]: skips the whole test (tap_skip_all) unless
# PATH is a regular file (or a link to one). REASON defaults to
# "no fixture PATH". Returns 0 when PATH is there.
tap_need_file() {
    [ -f "$1" ] || tap_skip_all "${2:-no fixture $1}"
}

# tap_need_dir PATH [REASON]: likewise for a directory; REASON defaults
# to "no fixture PATH".
tap_need_dir() {
    [ -d "$1" ] || tap_skip_all "${2:-no fixture $1}"
}

# tap_need_cmd NAME [REASON]: skips the whole test unless the command NAME
# is found (`command -v`). REASON defaults to "no NAME command".
tap_need_cmd() {
    command -v "$1" >/dev/null || tap_skip_all "${2:-no $1 command}"
}

# The EXIT trap of tap_on_exit: runs the registered commands, newest
# first, then the trap that was there before. The test's exit status is
# kept (an EXIT trap does not change it unless it calls exit).
tap_exit_run() {
    local i
    for ((i = ${#tap_exit_cmds[@]} - 1; i >= 0; i--)); do
        eval "${tap_exit_cmds[i]}"
    done
    [ -n "$tap_exit_prev" ] && eval "$tap_exit_prev"
}

# tap_on_exit CMD: runs the shell command CMD (a string, eval'd) when the
# test exits, before the commands registered earlier. The first call sets
# the EXIT trap, keeping the one set before (its command runs last).
tap_on_exit() {
    local prev
    tap_exit_cmds+=("$1")
    [ -n "$tap_exit_set" ] && return 0
    prev=$(trap -p EXIT)
    if [ -n "$prev" ]; then
        # trap -p prints: trap -- 'CMD' EXIT, CMD quoted for eval
        eval "set -- ${prev#trap -- }"
        tap_exit_prev=$1
    fi
    trap tap_exit_run EXIT
    tap_exit_set=1
}

# tap_tmp: makes a temporary directory, sets T to its path and removes it
# (rm -rf) when the test exits. Prints nothing; a failed mktemp prints
# "1..1" and "not ok 1 - mktemp -d" and exits 1.
tap_tmp() {
    # shellcheck disable=SC2034 # T is the test's
    T=$(mktemp -d) || {
        echo "1..1"
        echo "not ok 1 - mktemp -d"
        exit 1
    }
    # shellcheck disable=SC2016 # $T expands at exit
    tap_on_exit 'rm -rf "$T"'
}

# tap_kill_on_exit VAR: when the test exits, if the variable named VAR
# holds a process id (say of a server started in the background), sends
# it SIGKILL and waits for it. A test that stops the process itself sets
# VAR empty afterwards. Register it after tap_tmp so that it runs first.
tap_kill_on_exit() {
    tap_on_exit "if [ -n \"\${$1:-}\" ]; then
        kill -KILL \"\$$1\" 2>/dev/null
        wait \"\$$1\" 2>/dev/null
    fi"
}
