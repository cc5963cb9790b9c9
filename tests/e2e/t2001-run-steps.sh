#!/bin/bash
# shipgate run: step semantics (env precedence, environment files, workflow
# commands, masking, default shell, working-directory).
. "$(dirname "$0")/lib.sh"

make_repo r
write_file r/.github/workflows/ci.yml <<'YML'
name: CI
on: push
env: {A: wf, B: wf, C: wf}
jobs:
  one:
    runs-on: ubuntu-latest
    env: {B: job, C: job}
    steps:
      - name: env for ${{ env.A }}
        env: {C: step}
        run: echo "precedence A=$A B=$B C=$C"
      - id: w
        run: |
          echo "X=one" >> "$GITHUB_ENV"
          { echo "ML<<EOF"; echo "line1"; echo "line2"; echo "EOF"; } >> "$GITHUB_ENV"
          { echo "multi<<END"; echo "a b"; echo "c"; echo "END"; } >> "$GITHUB_OUTPUT"
          echo "single=v1" >> "$GITHUB_OUTPUT"
          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\necho tool-ran\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
          echo "## Summary for $SECRET_VALUE" >> "$GITHUB_STEP_SUMMARY"
        env: {SECRET_VALUE: "${{ secrets.TOKEN }}"}
      - run: |
          echo "X=$X"
          echo "ML=$(echo "$ML" | tr '\n' '|')"
          echo "multi=${{ steps.w.outputs.multi == format('a b{0}c', fromJSON('"\n"')) }} single=${{ steps.w.outputs.single }}"
          mytool
          echo "shell opts: $-"
          echo "ci=$CI actions=$GITHUB_ACTIONS os=$RUNNER_OS event=$GITHUB_EVENT_NAME"
          test -f "$GITHUB_EVENT_PATH" && echo event-file-ok
          echo "secret is ${{ secrets.TOKEN }} and $TOKEN_ENV"
          echo "::add-mask::dynamic-value-42"
          echo "later dynamic-value-42"
          echo "::warning file=a.py,line=7::careful"
          echo "::group::Fold me"
          echo "in group"
          echo "::endgroup::"
        env: {TOKEN_ENV: "${{ secrets.TOKEN }}"}
      - run: pwd
        working-directory: sub
YML
mkdir -p r/sub && touch r/sub/.keep
(cd r && git add -A && git commit -qm wf)

test_expect_success 'run succeeds' '
    "$SHIPGATE" run -C r -s TOKEN=hunter2-very-secret --json out.json >log 2>&1
'
test_expect_success 'env precedence is workflow < job < step' '
    grep -q "precedence A=wf B=job C=step" log && grep -q "> env for wf" log
'
test_expect_success 'GITHUB_ENV sets env for later steps, multi-line form too' '
    grep -q "X=one" log && grep -q "ML=line1|line2|" log
'
test_expect_success 'GITHUB_OUTPUT multi-line and single outputs' '
    grep -q "multi=true single=v1" log
'
test_expect_success 'GITHUB_PATH prepends to PATH' '
    grep -q "tool-ran" log
'
test_expect_success 'default shell is bash -e -o pipefail' '
    grep "shell opts:" log | grep -q e
'
test_expect_success 'GITHUB_* and RUNNER_* variables' '
    grep -q "ci=true actions=true os=Linux event=push" log && grep -q event-file-ok log
'
test_expect_success 'secrets never appear in the log or report' '
    ! grep -q hunter2 log && ! grep -q hunter2 out.json && grep -q "secret is \*\*\* and \*\*\*" log
'
test_expect_success '::add-mask:: masks later output' '
    ! grep -q dynamic-value-42 log && grep -q "later \*\*\*" log
'
test_expect_success 'annotations print as file:line: level: message' '
    grep -q "a.py:7: warning: careful" log
'
test_expect_success 'groups print their title' '
    grep -q "> Fold me" log
'
test_expect_success 'working-directory is relative to the workspace' '
    grep -q "| .*/r/sub$" log
'
test_expect_success 'job summary is written, masked' '
    dir=$(sed -n "s/^job summaries: //p" log) && test -n "$dir" &&
    grep -q "Summary for \*\*\*" "$dir"/*.md && ! grep -q hunter2 "$dir"/*.md
'
test_done
