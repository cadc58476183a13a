#!/bin/bash
# SPDX-License-Identifier: MIT
# Bulk imports resume: an NDNP batch of several issues (the fixture issue
# copied under other dates) is imported while the importer is killed with
# SIGKILL at random moments; each rerun finishes what is missing. At the
# end every issue is there exactly once, complete, and the database passes
# integrity_check; a further run skips everything. (--no-page-images: the
# page renders are not what is tested here, and take ~20 s a page.)
# After every kill each stored issue has its source record and no record
# is without its issue (both commit in one transaction), so the final run
# skips exactly the issues stored before it.
set -u
: "${FOLIO:?FOLIO must point at the folio binary}"
: "${FOLIO_FIXTURES:=}"
SRC="$FOLIO_FIXTURES/mets-alto/ndnp-nordstern-1878/data"
if [ ! -f "$SRC/batch.xml" ]; then
    echo "1..0 # SKIP fixture mets-alto/ndnp-nordstern-1878 absent"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

echo "1..9"
NISSUES=${RESUME_ISSUES:-4}
KILLS=${RESUME_KILLS:-20}
B=$T/batch
REL=sn83045350/00295876384
mkdir -p "$B/$REL"
{
    echo "<?xml version='1.0' encoding='utf-8'?>"
    echo '<batch name="batch_resume" xmlns="http://www.loc.gov/ndnp">'
} >"$B/batch.xml"
for i in $(seq 1 "$NISSUES"); do
    day=$(printf '1878-01-%02d' "$i")
    dir=$(printf '187801%02d01' "$i")
    mkdir -p "$B/$REL/$dir"
    # ALTO and PDFs hard-linked when possible (same file system), else copied
    for f in "$SRC/$REL/1878010301"/00*.xml "$SRC/$REL/1878010301"/*.pdf; do
        ln "$f" "$B/$REL/$dir/" 2>/dev/null || cp "$f" "$B/$REL/$dir/"
    done
    # the issue METS is a fresh copy with its own date
    sed "s/1878-01-03/$day/g" "$SRC/$REL/1878010301/1878010301.xml" \
        >"$B/$REL/$dir/$dir.xml"
    echo "  <issue editionOrder=\"1\" issueDate=\"$day\" lccn=\"sn83045350\">./$REL/$dir/$dir.xml</issue>" >>"$B/batch.xml"
done
echo '</batch>' >>"$B/batch.xml"

D=$T/data
kills=0
torn=0
tornv=
for k in $(seq 1 "$KILLS"); do
    "$FOLIO" import --data "$D" --no-page-images "$B/batch.xml" >/dev/null 2>&1 &
    pid=$!
    # a random moment within the first ~3 s of the run (an issue takes
    # ~2 s, so some runs commit one or two and the next skips them)
    ms=$((RANDOM % 3000))
    sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))" 2>/dev/null || sleep 1
    if kill -9 "$pid" 2>/dev/null; then
        kills=$((kills + 1))
    fi
    wait "$pid" 2>/dev/null
    # (a kill before the schema exists leaves nothing to compare)
    if command -v sqlite3 >/dev/null 2>&1 && [ -f "$D/folio.db" ] &&
        [ "$(sqlite3 "$D/folio.db" "SELECT count(*) FROM sqlite_master WHERE
            name IN ('issue', 'import_source')" 2>/dev/null)" = 2 ]; then
        v=$(sqlite3 "$D/folio.db" "SELECT
            (SELECT count(*) FROM issue i WHERE NOT EXISTS (SELECT 1 FROM
                import_source s WHERE s.paper_id = i.paper_id AND
                s.issue_date = i.date)) +
            (SELECT count(*) FROM import_source s WHERE NOT EXISTS (SELECT 1
                FROM issue i WHERE s.paper_id = i.paper_id AND
                s.issue_date = i.date))" 2>/dev/null)
        [ "$v" = 0 ] || { torn=$((torn + 1)); tornv="$tornv [$v]"; }
    fi
done
check "importer killed at random moments ($kills of $KILLS runs)" "[ $kills -ge 1 ]"
check "no kill left an issue without its source record or back ($torn torn$tornv)" \
    "[ $torn = 0 ]"
before=0
if command -v sqlite3 >/dev/null 2>&1 && [ -f "$D/folio.db" ]; then
    before=$(sqlite3 "$D/folio.db" 'SELECT count(*) FROM issue')
fi

out=$("$FOLIO" import --data "$D" --no-page-images --json "$B/batch.xml" 2>/dev/null); rc=$?
check "final run succeeds" "[ $rc -eq 0 ]"
skipped=$(printf '%s' "$out" | python3 -c '
import json, sys
print(sum(1 for i in json.load(sys.stdin)["issues"] if i.get("skipped")))')
check "final run skips exactly the $before issues stored before it ($skipped)" \
    "[ \"$skipped\" = \"$before\" ]"

json=$("$FOLIO" list --data "$D" --json)
count=$(printf '%s' "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
iss = [i for p in d["papers"] if p["id"] == "sn83045350" for i in p["issues"]]
print(len(iss), len(set(i["date"] for i in iss)), sum(1 for i in iss if i["pages"] == 8))')
check "every issue stored once with its 8 pages ($count)" \
    "[ \"$count\" = \"$NISSUES $NISSUES $NISSUES\" ]"

if command -v sqlite3 >/dev/null 2>&1; then
    ic=$(sqlite3 "$D/folio.db" 'PRAGMA integrity_check')
    check "integrity_check ok" "[ \"$ic\" = ok ]"
    words=$(sqlite3 "$D/folio.db" 'SELECT count(DISTINCT issue_id) FROM page_word')
    check "words stored for every issue" "[ \"$words\" = $NISSUES ]"
    dup=$(sqlite3 "$D/folio.db" 'SELECT count(*) FROM import_source')
    check "one source row per issue" "[ \"$dup\" = $NISSUES ]"
else
    ok "# SKIP sqlite3 CLI absent"
    ok "# SKIP sqlite3 CLI absent"
    ok "# SKIP sqlite3 CLI absent"
fi

out=$("$FOLIO" import --data "$D" --no-page-images --json "$B/batch.xml" 2>/dev/null)
skipped=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(1 for i in d["issues"] if i.get("skipped")))')
check "a further run skips all $NISSUES issues" "[ \"$skipped\" = $NISSUES ]"
