#!/bin/bash
# shipgate run: the command line (--list, --dryrun, trigger filters,
# workflow_dispatch inputs, exit codes, refused features, built-ins).
. "$(dirname "$0")/lib.sh"

make_repo r
write_file r/.github/workflows/ci.yml <<'YML'
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      count: {type: number, default: 2}
      flag: {type: boolean}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "count=${{ inputs.count }} flag=${{ inputs.flag }}"
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - id: ch
        uses: shipgate/changes@v1
        with:
          filters: |
            api: ['api/**']
            web: ['web/**']
      - run: echo "changes=${{ steps.ch.outputs.changes }} api=${{ steps.ch.outputs.api }}"
YML
mkdir -p r/api && echo x > r/api/main.py
(cd r && git add -A && git commit -qm wf)

test_expect_success '--list prints jobs and needs' '
    "$SHIPGATE" run -C r --list >out && grep -q "^WORKFLOW" out && grep -E -q "^\.github/workflows/ci.yml +b +b +a$" out
'
test_expect_success '--dryrun runs no step' '
    "$SHIPGATE" run -C r --dryrun >out && grep -q "would run" out && ! grep -q "| count=" out
'
test_expect_success 'changes built-in lists the changed services' '
    "$SHIPGATE" run -C r >out && grep -q "| changes=\[api\] api=true" out
'
test_expect_success 'a push to a branch the filter excludes runs nothing' '
    (cd r && git checkout -q -b feature) && "$SHIPGATE" run -C r >out &&
    grep -q "no workflow runs" out && (cd r && git checkout -q main)
'
test_expect_success 'workflow_dispatch inputs are typed with defaults' '
    "$SHIPGATE" run workflow_dispatch -C r --input flag=true >out && grep -q "count=2 flag=true" out
'
test_expect_code 2 'a wrongly typed input is an error before anything runs' '
    "$SHIPGATE" run workflow_dispatch -C r --input count=many >out 2>&1; rc=$?;
    grep -q "ci.yml:6:7: error: input .count. expects a number" out && ! grep -q "count=" out; exit $rc
'
test_expect_code 2 'an unknown executor is bad usage' '
    "$SHIPGATE" run -C r --executor docker
'
make_repo bad
write_file bad/.github/workflows/x.yml <<'YML'
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
        bogus: 1
YML
test_expect_code 2 'an invalid workflow exits 2 with file:line:col' '
    "$SHIPGATE" run -C bad >out 2>&1; rc=$?; grep -q "x.yml:7:9: error" out; exit $rc
'
make_repo ext
write_file ext/.github/workflows/x.yml <<'YML'
on: push
jobs:
  remote:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
  boxed:
    runs-on: ubuntu-latest
    container: python:3.12
    steps:
      - run: echo in-container
YML
test_expect_code 1 'remote actions and containers fail with a clear message' '
    "$SHIPGATE" run -C ext >out 2>&1; rc=$?;
    grep -q "remote actions are not supported yet: .actions/setup-python@v5." out &&
    grep -q "needs the docker executor" out; exit $rc
'
test_done
