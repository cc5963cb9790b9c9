#!/bin/bash
# shipgate run: local reusable workflows (typed inputs, secrets by mapping
# and inherit, workflow_call outputs, matrix calls, failures, nesting limit).
. "$(dirname "$0")/lib.sh"

make_repo r
write_file r/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  call:
    uses: ./.github/workflows/build.yml
    with:
      target: prod
      count: 3
      debug: true
    secrets:
      token: ${{ secrets.TOKEN }}
      extra: ${{ secrets.OTHER }}
  matrixcall:
    strategy:
      matrix:
        t: [a, b]
    uses: ./.github/workflows/build.yml
    with:
      target: ${{ matrix.t }}
    secrets: inherit
  after:
    needs: call
    runs-on: ubuntu-latest
    steps:
      - run: echo "artifact=${{ needs.call.outputs.artifact }} result=${{ needs.call.result }}"
YML
write_file r/.github/workflows/build.yml <<'YML'
on:
  workflow_call:
    inputs:
      target: {type: string, required: true}
      count: {type: number, default: 1}
      debug: {type: boolean, default: false}
    secrets:
      token: {required: false}
    outputs:
      artifact:
        value: ${{ jobs.package.outputs.file }}
jobs:
  compile:
    runs-on: ubuntu-latest
    outputs:
      obj: ${{ steps.c.outputs.obj }}
    steps:
      - id: c
        run: |
          echo "compile target=${{ inputs.target }} count=${{ inputs.count }} debug=${{ inputs.debug }} event=${{ github.event_name }}"
          echo "types ${{ inputs.count == 3 }} ${{ inputs.debug == true }}"
          echo "token=${{ secrets.token }} other=[${{ secrets.OTHER }}] extra=[${{ secrets.extra }}]"
          echo "obj=${{ inputs.target }}.o" >> "$GITHUB_OUTPUT"
  package:
    needs: compile
    runs-on: ubuntu-latest
    outputs:
      file: ${{ steps.p.outputs.file }}
    steps:
      - id: p
        run: echo "file=${{ needs.compile.outputs.obj }}.tar" >> "$GITHUB_OUTPUT"
YML
(cd r && git add -A && git commit -qm wf)

test_expect_success 'a called workflow runs with typed inputs, secrets and outputs' '
    (cd r && "$SHIPGATE" run --secret TOKEN=tok-s3cr3t --secret OTHER=oth-s3cr3t --json ../rep.json >../out 2>&1) &&
    grep -q "\[call / compile\] .*compile target=prod count=3 debug=true event=push" out &&
    grep -q "types true true" out &&
    grep -q "token=\*\*\* other=\[\] extra=\[\]" out &&
    grep -q "secret .extra. is not declared" out &&
    grep -q "artifact=prod.o.tar result=success" out &&
    ! grep -q s3cr3t out rep.json
'

test_expect_success 'the report lists called jobs under the caller id' '
    jq -r ".workflows[0].jobs[] | \"\(.id) \(.name) \(.conclusion)\"" rep.json >ids &&
    grep -qx "call call success" ids &&
    grep -qx "call/compile call / compile success" ids &&
    grep -qx "call/package call / package success" ids &&
    grep -qx "matrixcall/compile matrixcall (a) / compile success" ids &&
    grep -qx "matrixcall/compile matrixcall (b) / compile success" ids &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"call\") | .outputs.artifact" rep.json)" = prod.o.tar &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"call\") | .uses" rep.json)" = ./.github/workflows/build.yml
'

test_expect_success 'secrets: inherit passes every secret' '
    grep -q "\[matrixcall (a) / compile\] .*token=\*\*\* other=\[\*\*\*\]" out
'

make_repo bad
write_file bad/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  wrongtype:
    uses: ./.github/workflows/lib.yml
    with:
      flag: "yes"
  missing:
    uses: ./.github/workflows/lib.yml
  failing:
    uses: ./.github/workflows/fail.yml
    with:
      flag: true
  dependant:
    needs: failing
    runs-on: ubuntu-latest
    steps:
      - run: echo should-not-run
YML
write_file bad/.github/workflows/lib.yml <<'YML'
on:
  workflow_call:
    inputs:
      flag: {type: boolean, required: true}
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: echo lib-ran
YML
write_file bad/.github/workflows/fail.yml <<'YML'
on:
  workflow_call:
    inputs:
      flag: {type: boolean}
jobs:
  ok:
    runs-on: ubuntu-latest
    steps:
      - run: echo fine
  boom:
    runs-on: ubuntu-latest
    steps:
      - run: exit 4
YML
(cd bad && git add -A && git commit -qm wf)

test_expect_code 1 'type errors, missing inputs and failing called jobs fail the caller' '
    (cd bad && "$SHIPGATE" run --json ../bad.json >../bout 2>&1); rc=$?
    grep -q "input .flag. of .*expects a boolean, got the string .yes." bout &&
    grep -q "input .flag. is required" bout &&
    ! grep -q lib-ran bout &&
    ! grep -q should-not-run bout &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"failing\") | .conclusion" bad.json)" = failure &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"failing/ok\") | .conclusion" bad.json)" = success &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"failing/boom\") | .conclusion" bad.json)" = failure &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"dependant\") | .conclusion" bad.json)" = skipped &&
    exit $rc
'

make_repo deep
for n in 1 2 3 4; do
    write_file deep/.github/workflows/l$n.yml <<YML
on: workflow_call
jobs:
  down:
    uses: ./.github/workflows/l$((n + 1)).yml
YML
done
write_file deep/.github/workflows/l5.yml <<'YML'
on: workflow_call
jobs:
  leaf:
    runs-on: ubuntu-latest
    steps:
      - run: echo leaf-ran
YML
write_file deep/.github/workflows/top.yml <<'YML'
on: push
jobs:
  three:
    uses: ./.github/workflows/l3.yml
  four:
    uses: ./.github/workflows/l2.yml
YML
(cd deep && git add -A && git commit -qm wf)

test_expect_code 1 'four levels run, a fifth is refused with a clear error' '
    (cd deep && "$SHIPGATE" run -W .github/workflows/top.yml --json ../deep.json >../dout 2>&1); rc=$?
    grep -q "\[three / down / down / leaf\] .*leaf-ran" dout &&
    grep -q "would nest reusable workflows 5 levels deep; GitHub allows 4" dout &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"three/down/down/leaf\") | .conclusion" deep.json)" = success &&
    test "$(jq -r ".workflows[0].jobs[] | select(.id==\"four\") | .conclusion" deep.json)" = failure &&
    exit $rc
'

test_done
