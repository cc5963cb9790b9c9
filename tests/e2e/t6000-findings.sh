#!/usr/bin/env bash
# The findings register through the CLI: `shipgate gate` on real reports
# from $SHARED/fixtures/reports records findings in a store in the test's
# folder; `findings list|show|triage` read and change it; a later gate that
# covers a tool fixes that tool's unseen findings and leaves the others;
# a fixed finding that comes back reopens; triaged findings stop blocking
# until their accepted risk expires.
. "$(dirname "$0")/lib.sh"

R="$SHARED/fixtures/reports"
STORE="$TRASH/store/shipgate.db"
BANDIT_MANY="$R/bandit/many-vulns-windows-paths.json"
BANDIT_ONE="$R/bandit/one-vuln-2020.json"
PIP="$R/pip-audit/many-vulns.json"
export SHIPGATE_STORE="$STORE"

# count STATUS [OPTIONS...]: findings listed with that status.
count() {
    local st=$1
    shift
    "$SHIPGATE" findings list --status "$st" --format json "$@" | jq length
}

test_expect_success 'setup: a repository, and the fixture reports exist' '
    test -f "$BANDIT_MANY" && test -f "$BANDIT_ONE" && test -f "$PIP" &&
    make_repo repo
'

test_expect_code 1 'the first gate blocks' '
    cd repo && "$SHIPGATE" gate "$BANDIT_MANY" "$PIP" >out 2>err; rc=$?;
    cat out err; grep -q "^gate: block" out || exit 3; exit $rc
'

test_expect_success 'and records every finding as open' '
    cd repo &&
    grep -q "^findings register: 221 new, 0 seen again, 0 reopened, 0 fixed, 0 triaged" err &&
    test "$(count open)" = 221 &&
    test "$(count open --tool pip-audit)" = 7 &&
    test "$(count open --tool bandit)" = 214 &&
    test "$(count open --severity high)" = 7 &&
    test "$(count open --severity HIGH)" = 7 &&
    test "$(count fixed)" = 0
'

test_expect_success 'the store was created private, where SHIPGATE_STORE says' '
    test "$(stat -c %a "$STORE")" = 600 &&
    test "$(stat -c %a "$(dirname "$STORE")")" = 700
'

test_expect_success 'list prints a table, most severe first, with id and fingerprint' '
    cd repo &&
    "$SHIPGATE" findings list >out && cat out &&
    head -n 1 out | grep -q "^ID  *SEVERITY  *STATUS  *TOOL  *RULE  *FINGERPRINT" &&
    sed -n 2p out | grep -q "^[0-9][0-9]*  *high?  *open  *pip-audit  *PYSEC-" &&
    tail -n 1 out | grep -Eq " (low|info) "
'

test_expect_success 'show finds a finding by id and by a fingerprint prefix' '
    cd repo &&
    fp=$("$SHIPGATE" findings list --tool pip-audit --format json | jq -r ".[0].fingerprint") &&
    id=$("$SHIPGATE" findings list --tool pip-audit --format json | jq -r ".[0].id") &&
    "$SHIPGATE" findings show "$id" >by-id &&
    "$SHIPGATE" findings show "${fp:0:10}" >by-prefix &&
    cmp by-id by-prefix &&
    grep -q "^status  *open$" by-id &&
    grep -q "^tool  *pip-audit$" by-id &&
    grep -q "opened *(gate run 1)" by-id &&
    "$SHIPGATE" findings show "$fp" --format json | jq -e ".id == $id and .status == \"open\""
'

test_expect_code 2 'show of an unknown finding is an error' '
    cd repo && "$SHIPGATE" findings show ffffffffffff 2>err; rc=$?; cat err;
    grep -q "no finding .ffffffffffff." err && (exit $rc)
'

test_expect_code 2 'accepted-risk without a reason is refused' '
    cd repo && "$SHIPGATE" findings triage 1 --status accepted-risk 2>err; rc=$?; cat err;
    grep -q "needs --reason" err && (exit $rc)
'

test_expect_code 2 'false-positive without a reason is refused' '
    cd repo && "$SHIPGATE" findings triage 1 --status false-positive 2>err; rc=$?; cat err;
    grep -q "needs --reason" err && (exit $rc)
'

test_expect_code 2 'a malformed expiry date is refused' '
    cd repo && "$SHIPGATE" findings triage 1 --status accepted-risk --reason x --expires 2027-13-01 2>err; rc=$?;
    cat err; grep -q "expected a date YYYY-MM-DD" err && (exit $rc)
'

test_expect_code 2 'an expiry on a false-positive is refused' '
    cd repo && "$SHIPGATE" findings triage 1 --status false-positive --reason x --expires 2099-01-01 2>err; rc=$?;
    cat err; grep -q "only applies to --status accepted-risk" err && (exit $rc)
'

test_expect_code 2 'fixed cannot be set by hand' '
    cd repo && "$SHIPGATE" findings triage 1 --status fixed --reason x 2>err; rc=$?;
    cat err; grep -q "fixed is set by the gate" err && (exit $rc)
'

test_expect_success 'triage accepts risks with reasons, expiry and author' '
    cd repo &&
    ids=$("$SHIPGATE" findings list --tool pip-audit --format json | jq -r ".[].id") &&
    first=$(echo "$ids" | head -n 1) &&
    "$SHIPGATE" findings triage "$first" --status false-positive --reason "not installed in production" >out &&
    grep -q "is now false-positive" out &&
    for id in $(echo "$ids" | tail -n +2); do
        "$SHIPGATE" findings triage "$id" --status accepted-risk --reason "no fix upstream" \
            --expires 2099-12-31 --by mona >/dev/null || exit 1
    done &&
    test "$(count open --tool pip-audit)" = 0 &&
    test "$(count accepted-risk)" = 6 &&
    test "$(count false-positive)" = 1 &&
    "$SHIPGATE" findings show "$first" >show && cat show &&
    grep -q "^reason  *not installed in production$" show &&
    grep -q "triaged *false-positive" show
'

test_expect_success 'triaged findings no longer block the gate' '
    cd repo &&
    "$SHIPGATE" gate "$PIP" >out 2>err && cat out err &&
    grep -q "gate: pass" out &&
    grep -q "7 suppressed" out &&
    grep -q "0 new, 7 seen again, 0 reopened, 0 fixed, 7 triaged" err &&
    "$SHIPGATE" gate --format json "$PIP" 2>/dev/null |
        jq -e "[.findings[] | select(.why | test(\"triaged accepted-risk until 2099-12-31: no fix upstream\"))] | length == 6"
'

test_expect_success 'an accepted risk past its expiry counts as open' '
    cd repo &&
    id=$("$SHIPGATE" findings list --status accepted-risk --format json | jq -r ".[0].id") &&
    "$SHIPGATE" findings triage "$id" --status accepted-risk --reason "was fine" --expires 2001-01-01 >/dev/null &&
    test "$(count open --tool pip-audit)" = 1 &&
    "$SHIPGATE" findings list --tool pip-audit | grep -q "open (accepted-risk expired 2001-01-01)" &&
    "$SHIPGATE" findings show "$id" --format json | jq -e ".status == \"open\" and .recorded_status == \"accepted-risk\" and .expired"
'

test_expect_code 1 'and blocks the gate again' '
    cd repo && "$SHIPGATE" gate --format json "$PIP" >out 2>/dev/null; rc=$?;
    jq -e ".decision == \"block\" and ([.findings[] | select(.why // \"\" | test(\"^suppressed.*triaged\"))] | length == 6)" out ||
        exit 3;
    exit $rc
'

test_expect_success 'a later gate fixes the unseen findings of the tools it covered, not the others' '
    cd repo &&
    "$SHIPGATE" gate "$BANDIT_ONE" >/dev/null 2>err; cat err;
    grep -q "1 new, 0 seen again, 0 reopened, 214 fixed" err &&
    test "$(count fixed)" = 214 &&
    test "$(count fixed --tool pip-audit)" = 0 &&
    test "$(count all --tool pip-audit)" = 7 &&
    test "$(count open --tool bandit)" = 1
'

test_expect_success 'a fixed finding that comes back reopens as a regression' '
    cd repo &&
    id=$("$SHIPGATE" findings list --status fixed --format json | jq -r ".[0].id") &&
    "$SHIPGATE" gate "$BANDIT_MANY" >/dev/null 2>err; cat err;
    grep -q "0 new, 0 seen again, 214 reopened, 1 fixed" err &&
    "$SHIPGATE" findings show "$id" >show && cat show &&
    grep -q "^status  *open$" show &&
    grep -q "^regressions  *1$" show &&
    grep -q "fixed *(gate run" show &&
    grep -q "reopened .*regression" show
'

test_expect_code 2 'a fixed finding cannot be triaged' '
    cd repo &&
    id=$("$SHIPGATE" findings list --status fixed --format json | jq -r ".[0].id") &&
    "$SHIPGATE" findings triage "$id" --status false-positive --reason x 2>err; rc=$?; cat err;
    grep -q "is fixed" err && (exit $rc)
'

test_expect_success '--no-store neither records nor applies triage' '
    cd repo &&
    SHIPGATE_STORE="$TRASH/other.db" "$SHIPGATE" gate --no-store "$BANDIT_ONE" >/dev/null 2>err;
    test ! -e "$TRASH/other.db" && ! grep -q "findings register" err
'

test_expect_success 'outside a git repository nothing is recorded unless --store is given' '
    mkdir -p plain && cd plain &&
    SHIPGATE_STORE="$TRASH/other.db" "$SHIPGATE" gate "$BANDIT_ONE" >/dev/null 2>err;
    test ! -e "$TRASH/other.db" &&
    "$SHIPGATE" gate --store "sqlite:$TRASH/plain.db" "$BANDIT_ONE" >/dev/null 2>err;
    grep -q "1 new" err &&
    test "$("$SHIPGATE" findings list --store "$TRASH/plain.db" --format json | jq length)" = 1
'

test_expect_success 'each repository has its own register' '
    make_repo repo2 && cd repo2 &&
    test "$(count all)" = 0 &&
    "$SHIPGATE" gate "$BANDIT_ONE" >/dev/null 2>err &&
    grep -q "1 new, 0 seen again, 0 reopened, 0 fixed" err &&
    test "$(count all)" = 1 &&
    test "$("$SHIPGATE" findings list --all-repos --status all --format json | jq "map(.repository) | unique | length")" = 2 &&
    cd ../repo && test "$(count fixed --tool bandit)" = 1
'

test_expect_code 2 'a store written by a newer shipgate is refused' '
    cp "$STORE" newer.db &&
    sqlite3 newer.db "INSERT INTO schema_version VALUES (999, 0)" &&
    cd repo && "$SHIPGATE" findings list --store "$TRASH/newer.db" 2>err; rc=$?; cat err;
    grep -q "schema version 999 is newer than this shipgate understands" err && (exit $rc)
'

test_expect_code 2 'an unknown subcommand and stray options are usage errors' '
    "$SHIPGATE" findings list --severity severe 2>err; rc0=$?;
    grep -q "unknown severity .severe." err && test $rc0 = 2 &&
    "$SHIPGATE" findings frob 2>err; rc1=$?;
    "$SHIPGATE" findings list --reason x 2>>err; rc2=$?; cat err;
    test $rc1 = 2 && (exit $rc2)
'

test_done
