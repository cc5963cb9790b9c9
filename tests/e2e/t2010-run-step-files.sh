#!/bin/bash
# shipgate run: the environment files a job's steps share one folder, yet
# every step sees fresh, empty files, whatever the step before did to them
# (wrote, removed, replaced with a symlink, emptied RUNNER_TEMP); summaries
# of every step are gathered; a GITHUB_PATH change resolves the shell again.
. "$(dirname "$0")/lib.sh"

make_repo r
write_file r/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  files:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "A=1" >> "$GITHUB_ENV"
          echo "x=1" >> "$GITHUB_OUTPUT"
          echo "s=1" >> "$GITHUB_STATE"
          echo "# first" >> "$GITHUB_STEP_SUMMARY"
          echo "sizes1 $(cat "$GITHUB_ENV" "$GITHUB_OUTPUT" "$GITHUB_STATE" "$GITHUB_PATH" | wc -c)"
      - id: two
        run: |
          echo "sizes2 $(cat "$GITHUB_ENV" "$GITHUB_OUTPUT" "$GITHUB_STATE" "$GITHUB_PATH" "$GITHUB_STEP_SUMMARY" | wc -c) A=$A"
          echo "second" >> "$GITHUB_STEP_SUMMARY"
          rm -f "$GITHUB_OUTPUT"
          ln -sf "$RUNNER_TEMP/../victim-$$" "$GITHUB_ENV"
          echo "VICTIM=kept" > "$RUNNER_TEMP/../victim-$$"
          echo "victim=$RUNNER_TEMP/../victim-$$" > "$RUNNER_TEMP/../victim-path"
      - run: |
          echo "sizes3 $(cat "$GITHUB_ENV" "$GITHUB_OUTPUT" | wc -c) link=$([ -L "$GITHUB_ENV" ] && echo yes || echo no)"
          . "$RUNNER_TEMP/../victim-path" && echo "victim: $(cat "$victim")" && rm -f "$victim" "$RUNNER_TEMP/../victim-path"
          echo "y=2" >> "$GITHUB_OUTPUT"
          rm -rf "$RUNNER_TEMP"/*
      - id: four
        run: |
          echo "sizes4 $(cat "$GITHUB_ENV" "$GITHUB_OUTPUT" | wc -c)"
          echo "z=4" >> "$GITHUB_OUTPUT"
          mkdir -p "$HOME/fakebin"
          printf '#!/bin/sh\necho fake-bash "$@"\n' > "$HOME/fakebin/bash"
          chmod +x "$HOME/fakebin/bash"
          echo "$HOME/fakebin" >> "$GITHUB_PATH"
      - run: echo real
      - run: echo "outputs ${{ steps.two.outputs.x }}|${{ steps.four.outputs.z }}"
        shell: sh -e {0}
YML
(cd r && git add -A && git commit -qm wf)

test_expect_success 'every step of a job sees fresh, empty environment files' '
    (cd r && "$SHIPGATE" run --json ../rep.json >../out 2>&1) || { cat out; false; } ;
    grep -q "sizes1 12\$" out &&
    grep -q "sizes2 0 A=1\$" out &&
    grep -q "sizes3 0 link=no\$" out &&
    grep -q "sizes4 0\$" out
'

test_expect_success 'a symlink a step leaves in place of a file is removed, not followed' '
    grep -q "victim: VICTIM=kept\$" out
'

test_expect_success 'each step has its own outputs' '
    grep -q "outputs |4\$" out
'

test_expect_success 'a GITHUB_PATH change resolves the default shell again' '
    grep -q "| fake-bash --noprofile --norc -e -o pipefail .*script.sh\$" out
'

test_expect_success 'the job summary holds every step summary' '
    dir=$(sed -n "s/^job summaries: //p" out) && test -n "$dir" &&
    grep -q "^# first\$" "$dir"/*.md && grep -q "^second\$" "$dir"/*.md
'

test_done
