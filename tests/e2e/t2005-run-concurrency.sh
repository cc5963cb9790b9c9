#!/bin/bash
# shipgate run: concurrency groups (a busy group makes a job wait;
# cancel-in-progress cancels the running one; group expressions), the
# environment and runs-on in the report, ::debug:: lines only with
# ACTIONS_STEP_DEBUG, and checkout's fetch-depth accepted.
. "$(dirname "$0")/lib.sh"

make_repo r
mkdir marks
write_file r/.github/workflows/ci.yml <<'YML'
on: push
concurrency:
  group: ci-${{ github.ref }}
jobs:
  first:
    runs-on: ubuntu-latest
    concurrency: deploy
    steps:
      - run: date +%s%N > ../marks/first.start; sleep 1; date +%s%N > ../marks/first.end
  second:
    runs-on: [self-hosted, linux]
    concurrency:
      group: deploy
    steps:
      - run: date +%s%N > ../marks/second.start
  per-env:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        env: [a, b]
        os: [ubuntu-latest]
    concurrency: env-${{ matrix.env }}
    environment:
      name: prod-${{ matrix.env }}
      url: ${{ steps.u.outputs.url }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - id: u
        run: |
          echo "url=https://${{ matrix.env }}.example.com" >> "$GITHUB_OUTPUT"
          echo "::debug::debug-line-${{ matrix.env }}"
YML
(cd r && git add -A && git commit -qm wf)

test_expect_success 'a job whose group is busy waits for the running one' '
    (cd r && "$SHIPGATE" run -p 2 --json ../rep.json >../out 2>&1) &&
    grep -q "\[second\] waiting: concurrency group .deploy. is busy" out &&
    test "$(cat marks/second.start)" -ge "$(cat marks/first.end)"
'

test_expect_success 'groups, environment and runs-on are recorded' '
    test "$(jq -r ".workflows[0].concurrency" rep.json)" = ci-refs/heads/main &&
    test "$(jq -r ".workflows[0].jobs[] | select(.name==\"per-env (a, ubuntu-latest)\") | .concurrency" rep.json)" = env-a &&
    test "$(jq -r ".workflows[0].jobs[] | select(.name==\"per-env (b, ubuntu-latest)\") | .environment.name" rep.json)" = prod-b &&
    test "$(jq -r ".workflows[0].jobs[] | select(.name==\"per-env (b, ubuntu-latest)\") | .environment.url" rep.json)" = https://b.example.com &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"second\") | .runs_on | join(\",\")" rep.json)" = self-hosted,linux &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"first\") | .runs_on" rep.json)" = ubuntu-latest &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"first\") | .environment" rep.json)" = null
'

test_expect_success '::debug:: lines show only when ACTIONS_STEP_DEBUG is true' '
    ! grep -q debug-line out &&
    (cd r && "$SHIPGATE" run -j per-env --var ACTIONS_STEP_DEBUG=true >../dbg 2>&1) &&
    grep -q "##\[debug\]debug-line-a" dbg &&
    (cd r && "$SHIPGATE" run -j per-env --secret ACTIONS_STEP_DEBUG=true >../dbg2 2>&1) &&
    grep -q "##\[debug\]debug-line-b" dbg2
'

make_repo c
write_file c/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  old:
    runs-on: ubuntu-latest
    concurrency: {group: release, cancel-in-progress: false}
    steps:
      - run: sleep 20
      - if: always()
        run: echo old-cleanup
  new:
    runs-on: ubuntu-latest
    concurrency:
      group: ${{ format('rel{0}', 'ease') }}
      cancel-in-progress: ${{ github.event_name == 'push' }}
    steps:
      - run: echo new-ran
YML
(cd c && git add -A && git commit -qm wf)

test_expect_code 1 'cancel-in-progress cancels the running job' '
    start=$SECONDS
    (cd c && "$SHIPGATE" run -p 2 --json ../crep.json >../cout 2>&1); rc=$?
    test $((SECONDS - start)) -lt 15 &&
    grep -q "\[new\] .*new-ran" cout &&
    grep -q "\[old\] .*old-cleanup" cout &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"old\") | .conclusion" crep.json)" = cancelled &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"new\") | .conclusion" crep.json)" = success &&
    exit $rc
'

make_repo q
write_file q/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  one:
    runs-on: ubuntu-latest
    concurrency: q
    steps:
      - run: sleep 1
  two:
    runs-on: ubuntu-latest
    concurrency: q
    steps:
      - run: echo two-ran
  three:
    runs-on: ubuntu-latest
    concurrency: q
    steps:
      - run: echo three-ran
YML
(cd q && git add -A && git commit -qm wf)

test_expect_code 1 'a newer waiting job replaces an older waiting one' '
    (cd q && "$SHIPGATE" run -p 3 --json ../qrep.json >../qout 2>&1); rc=$?
    ! grep -q two-ran qout && grep -q three-ran qout &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"two\") | .conclusion" qrep.json)" = cancelled &&
    exit $rc
'

test_done
