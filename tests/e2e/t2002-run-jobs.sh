#!/bin/bash
# shipgate run: jobs (needs outputs, skipped on failure, always(), matrix
# include/exclude and names, fail-fast, continue-on-error, timeout).
. "$(dirname "$0")/lib.sh"

make_repo r
write_file r/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  produce:
    runs-on: ubuntu-latest
    outputs:
      list: ${{ steps.p.outputs.list }}
    steps:
      - id: p
        run: echo 'list=["a","b"]' >> "$GITHUB_OUTPUT"
  consume:
    needs: produce
    runs-on: ubuntu-latest
    strategy:
      matrix:
        item: ${{ fromJSON(needs.produce.outputs.list) }}
    steps:
      - run: echo "consumed ${{ matrix.item }} result=${{ needs.produce.result }}"
  grid:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, mac]
        py: ['3.10', '3.11']
        exclude:
          - {os: mac, py: '3.10'}
        include:
          - {os: linux, py: '3.11', extra: yes}
          - {os: bsd, py: '3.12'}
    steps:
      - run: echo "grid ${{ matrix.os }}-${{ matrix.py }}-${{ matrix.extra }}"
  broken:
    runs-on: ubuntu-latest
    steps:
      - run: exit 3
      - run: echo never-runs
      - if: always()
        run: echo always-step-ran
      - if: failure()
        run: echo failure-step-ran
  after-broken:
    needs: broken
    runs-on: ubuntu-latest
    steps:
      - run: echo should-not-run
  cleanup:
    needs: broken
    if: always() && needs.broken.result == 'failure'
    runs-on: ubuntu-latest
    steps:
      - run: echo cleanup-ran
  soft:
    runs-on: ubuntu-latest
    steps:
      - id: s
        continue-on-error: true
        run: exit 1
      - run: echo "soft outcome=${{ steps.s.outcome }} conclusion=${{ steps.s.conclusion }}"
  slow:
    runs-on: ubuntu-latest
    steps:
      - timeout-minutes: 0.02
        run: sleep 30
  ff:
    runs-on: ubuntu-latest
    strategy:
      max-parallel: 1
      matrix:
        n: [1, 2, 3]
    steps:
      - run: |
          echo "ff leg ${{ matrix.n }}"
          test ${{ matrix.n }} != 1
YML
(cd r && git add -A && git commit -qm wf)

test_expect_code 1 'a failing job makes the run exit 1' '
    "$SHIPGATE" run -C r -p 4 --json out.json >log 2>&1
'
test_expect_success 'needs outputs feed a fromJSON matrix' '
    grep -q "consumed a result=success" log && grep -q "consumed b result=success" log
'
test_expect_success 'matrix include/exclude as GitHub documents' '
    grep -q "grid linux-3.10-$" log && grep -q "grid linux-3.11-yes" log &&
    grep -q "grid mac-3.11-$" log && grep -q "grid bsd-3.12-$" log && ! grep -q "grid mac-3.10" log
'
test_expect_success 'matrix job names carry the values' '
    grep -q "^\[grid (linux, 3.11, yes)\]" log && grep -q "^\[consume (a)\]" log
'
test_expect_success 'steps after a failure are skipped, always() and failure() run' '
    ! grep -q "| never-runs" log && grep -q "| always-step-ran" log && grep -q "| failure-step-ran" log
'
test_expect_success 'a job whose needs failed is skipped; always() with needs.x.result runs' '
    ! grep -q "| should-not-run" log && grep -q "| cleanup-ran" log
'
test_expect_success 'continue-on-error: outcome failure, conclusion success' '
    grep -q "soft outcome=failure conclusion=success" log
'
test_expect_success 'step timeout kills the step' '
    grep -q "has timed out" log
'
test_expect_success 'fail-fast cancels the siblings' '
    grep -q "ff leg 1" log && ! grep -q "ff leg 3" log
'
test_expect_success 'report has every result' '
    python3 -c "
import json
r = json.load(open(\"out.json\"))
jobs = {j[\"name\"]: j for w in r[\"workflows\"] for j in w[\"jobs\"]}
assert r[\"conclusion\"] == \"failure\", r[\"conclusion\"]
assert jobs[\"broken\"][\"conclusion\"] == \"failure\"
assert jobs[\"after-broken\"][\"conclusion\"] == \"skipped\"
assert jobs[\"cleanup\"][\"conclusion\"] == \"success\"
assert jobs[\"soft\"][\"conclusion\"] == \"success\"
assert jobs[\"slow\"][\"conclusion\"] == \"failure\"
assert jobs[\"produce\"][\"outputs\"] == {\"list\": \"[\\\"a\\\",\\\"b\\\"]\"}, jobs[\"produce\"][\"outputs\"]
assert jobs[\"grid (linux, 3.11, yes)\"][\"matrix\"][\"extra\"] == \"yes\"
assert jobs[\"ff (3)\"][\"conclusion\"] == \"cancelled\"
s = jobs[\"soft\"][\"steps\"][0]
assert (s[\"outcome\"], s[\"conclusion\"]) == (\"failure\", \"success\")
"
'
test_done
