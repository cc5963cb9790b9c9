#!/usr/bin/env bash
# The command line itself: version, help, unknown commands and flags.
. "$(dirname "$0")/lib.sh"

test_expect_success 'version prints the version' '
    "$SHIPGATE" version >out && grep -Eq "^shipgate [0-9]+\.[0-9]+\.[0-9]+$" out
'
test_expect_success 'help lists the commands' '
    "$SHIPGATE" help >out && grep -q "^  version" out && grep -q "^  help" out
'
test_expect_success 'COMMAND --help prints its usage' '
    "$SHIPGATE" version --help >out && grep -q "^usage: shipgate version" out
'
test_expect_code 2 'an unknown command exits 2' '
    "$SHIPGATE" frobnicate 2>err; rc=$?; grep -q "not a shipgate command" err && exit $rc
'
test_expect_code 2 'no command at all exits 2 with the overview' '
    "$SHIPGATE" 2>err; rc=$?; grep -q "usage: shipgate" err && exit $rc
'
test_expect_code 2 'an unexpected argument exits 2' '
    "$SHIPGATE" version --bogus 2>err; rc=$?; grep -q "unexpected argument" err && exit $rc
'
test_done
