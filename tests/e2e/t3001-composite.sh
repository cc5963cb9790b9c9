#!/bin/bash
# shipgate run: local composite actions (uses: ./path): inputs and defaults,
# outputs into later steps and job outputs, env files, nested composites,
# the depth limit, failure propagation, masking, manifest errors.
. "$(dirname "$0")/lib.sh"

make_repo r
write_file r/.github/actions/greet/action.yml <<'YML'
name: Greet
description: says hello
inputs:
  who:
    description: whom to greet
    required: true
  greeting:
    description: the word
    default: Hello
  ref:
    default: ${{ github.ref }}
  old:
    deprecationMessage: use 'who' instead
  token:
    required: false
outputs:
  sentence:
    description: what was said
    value: ${{ steps.say.outputs.text }}
  upper:
    value: ${{ steps.up.outputs.text }}
runs:
  using: composite
  steps:
    - id: say
      shell: bash
      run: |
        echo "text=${{ inputs.greeting }}, ${{ inputs.who }}" >> "$GITHUB_OUTPUT"
        echo "ref=${{ inputs.ref }} path-ok=$(test -f "$GITHUB_ACTION_PATH/action.yml" && echo yes)"
        echo "ctx-path=${{ github.action_path == env.GITHUB_ACTION_PATH_EXPECTED }}"
        echo "token is ${{ inputs.token }}"
        echo "FROM_ACTION=set-inside" >> "$GITHUB_ENV"
    - id: up
      shell: bash
      env: {T: "${{ steps.say.outputs.text }}"}
      run: echo "text=$(echo "$T" | tr a-z A-Z)" >> "$GITHUB_OUTPUT"
    - shell: sh
      working-directory: sub
      run: echo "wd=$(basename "$PWD") caller-env=$CALLER"
YML
write_file r/.github/actions/outer/action.yml <<'YML'
name: Outer
inputs:
  name: {default: world}
outputs:
  result:
    value: ${{ steps.inner.outputs.sentence }}
runs:
  using: composite
  steps:
    - id: inner
      uses: ./.github/actions/greet
      with:
        who: nested ${{ inputs.name }}
    - shell: bash
      run: echo "inner said ${{ steps.inner.outputs.sentence }}"
YML
write_file r/.github/actions/fails/action.yml <<'YML'
name: Fails
outputs:
  after: {value: "${{ steps.late.outcome }}"}
runs:
  using: composite
  steps:
    - shell: bash
      run: echo tolerated; exit 3
      continue-on-error: true
    - shell: bash
      run: echo "breaks"; exit 4
    - id: late
      shell: bash
      run: echo "must not run"
    - if: failure()
      shell: bash
      run: echo "cleanup inside composite"
YML
mkdir -p r/sub && touch r/sub/.keep
write_file r/.github/workflows/ci.yml <<'YML'
name: CI
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      said: ${{ steps.g.outputs.sentence }}
    env:
      CALLER: from-job
    steps:
      - id: g
        uses: ./.github/actions/greet
        env:
          GITHUB_ACTION_PATH_EXPECTED: ${{ github.workspace }}/.github/actions/greet
        with:
          who: Ada
          old: x
          extra: y
          token: ${{ secrets.TOKEN }}
      - run: |
          echo "got '${{ steps.g.outputs.sentence }}' and '${{ steps.g.outputs.upper }}'"
          echo "outcome=${{ steps.g.outcome }} env=$FROM_ACTION"
      - id: o
        uses: ./.github/actions/outer
      - run: echo "outer result ${{ steps.o.outputs.result }}"
  after:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo "needs said ${{ needs.build.outputs.said }}"
  missing:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/greet
YML
(cd r && git add -A && git commit -qm wf)

test_expect_success 'a workflow with composite actions runs' '
    "$SHIPGATE" run -C r -s TOKEN=s3cr3t-input-value >log 2>&1 ||
        { cat log; false; }
'
test_expect_success 'outputs flow into later steps' '
    grep -q "got .Hello, Ada. and .HELLO, ADA." log
'
test_expect_success 'outputs flow into job outputs and needs' '
    grep -q "needs said Hello, Ada" log
'
test_expect_success 'defaults are evaluated with github context' '
    grep -q "ref=refs/heads/main path-ok=yes" log
'
test_expect_success 'github.action_path and GITHUB_ACTION_PATH name the action folder' '
    grep -q "ctx-path=true" log
'
test_expect_success 'GITHUB_ENV from a composite step reaches later job steps' '
    grep -q "outcome=success env=set-inside" log
'
test_expect_success 'working-directory and the caller env apply inside' '
    grep -q "wd=sub caller-env=from-job" log
'
test_expect_success 'deprecated and unexpected inputs warn in the runner words' '
    grep -q "warning: Input .old. has been deprecated with message: use .who. instead" log &&
    grep -q "warning: Unexpected input(s) .extra., valid inputs are \[.who., .greeting., .ref., .old., .token.\]" log
'
test_expect_success 'a missing required input warns' '
    grep -q "\[missing\] warning: Input required and not supplied: who" log
'
test_expect_success 'a secret passed as an input is masked' '
    grep -q "token is \*\*\*" log && ! grep -q s3cr3t-input-value log
'
test_expect_success 'nested composite actions pass inputs and outputs' '
    grep -q "inner said Hello, nested world" log && grep -q "outer result Hello, nested world" log
'

write_file r/.github/workflows/ci.yml <<'YML'
name: CI
on: push
jobs:
  f:
    runs-on: ubuntu-latest
    steps:
      - id: x
        uses: ./.github/actions/fails
      - if: always()
        run: echo "composite outcome=${{ steps.x.outcome }} after=${{ steps.x.outputs.after }}"
      - id: y
        if: always()
        uses: ./.github/actions/fails
        continue-on-error: true
      - if: always()
        run: echo "second outcome=${{ steps.y.outcome }} conclusion=${{ steps.y.conclusion }}"
YML
(cd r && git add -A && git commit -qm fail)
test_expect_code 1 'an inner failure fails the composite step and the job' '
    "$SHIPGATE" run -C r >log2 2>&1
'
test_expect_success 'inner steps after a failure are skipped, failure() steps run' '
    grep -q "| breaks" log2 && ! grep -q "| must not run" log2 &&
    grep -q "must not run\": skipped" log2 &&
    grep -q "cleanup inside composite" log2 && grep -q "tolerated" log2
'
test_expect_success 'the composite outcome is failure; its outputs are still set' '
    grep -q "composite outcome=failure after=skipped" log2 &&
    grep -q "second outcome=failure conclusion=success" log2
'

# Ten nested levels: the tenth exceeds the runner's limit of nine.
for i in 1 2 3 4 5 6 7 8 9 10; do
    next=$((i + 1))
    if [ "$i" = 10 ]; then body='    - shell: bash
      run: echo deepest'
    else body="    - uses: ./a/l$next"
    fi
    write_file "r/a/l$i/action.yml" <<YML
name: level $i
runs:
  using: composite
  steps:
$body
YML
done
write_file r/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  nine:
    runs-on: ubuntu-latest
    steps:
      - uses: ./a/l2
  ten:
    runs-on: ubuntu-latest
    steps:
      - uses: ./a/l1
YML
(cd r && git add -A && git commit -qm deep)
test_expect_code 1 'ten nested composites fail' '
    "$SHIPGATE" run -C r >log3 2>&1
'
test_expect_success 'nine nested levels run, the tenth gets the runner message' '
    grep -q "\[nine\] .*deepest" log3 &&
    grep -q "\[ten\] error: Composite action depth exceeded max depth 9, please simplify your actions." log3 &&
    ! grep -q "\[ten\] .*deepest" log3
'

write_file r/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./nowhere
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: ./bad
  c:
    runs-on: ubuntu-latest
    steps:
      - uses: ./noshell
  d:
    runs-on: ubuntu-latest
    steps:
      - uses: ./dock
YML
write_file r/bad/action.yaml <<'YML'
name: bad
runs:
  using: node99
  main: x.js
YML
write_file r/noshell/action.yml <<'YML'
name: noshell
runs:
  using: composite
  steps:
    - run: echo hi
YML
write_file r/dock/action.yml <<'YML'
name: dock
runs: {using: docker, image: Dockerfile}
YML
(cd r && git add -A && git commit -qm bad)
test_expect_code 1 'bad manifests fail their jobs' '
    "$SHIPGATE" run -C r >log4 2>&1
'
test_expect_success 'a missing manifest says where it looked' '
    grep -q "\[a\] error: Can.t find .action.yml., .action.yaml. or .Dockerfile. under .*/nowhere" log4
'
test_expect_success 'an invalid manifest is reported with file:line:col (action.yaml too)' '
    grep -q "\[b\] .*bad/action.yaml:3:10: error: .using: node99. is not supported" log4
'
test_expect_success 'a composite run step without shell is refused' '
    grep -q "\[c\] .*noshell/action.yml:5:7: error: Required property is missing: shell" log4
'
test_expect_success 'docker actions need the docker executor' '
    grep -q "\[d\] error: the action .\./dock. runs in a container (runs.using: docker); it needs the docker executor" log4
'
test_done
