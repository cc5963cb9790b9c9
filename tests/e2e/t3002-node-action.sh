#!/bin/bash
# shipgate run: local node actions (runs.using: node*): runs.main with the
# machine's node, INPUT_* variables with defaults, outputs through
# GITHUB_OUTPUT, state through GITHUB_STATE into post steps, post steps at
# the end of the job in reverse order with post-if, masking, no node.
. "$(dirname "$0")/lib.sh"

if ! command -v node >/dev/null 2>&1; then
    echo "1..0 # SKIP node is not installed"
    exit 0
fi

make_repo r
write_file r/act/hello/action.yml <<'YML'
name: Hello node
inputs:
  who name:
    default: World
  token: {}
  count: {default: "${{ github.event_name }}-3"}
outputs:
  greeting: {description: the greeting}
runs:
  using: node20
  pre: pre.js
  main: main.js
  post: post.js
YML
write_file r/act/hello/main.js <<'JS'
const fs = require('fs');
const who = process.env['INPUT_WHO_NAME'];
console.log(`main: hello ${who} count=${process.env.INPUT_COUNT} token=${process.env.INPUT_TOKEN}`);
console.log(`main: action path ok=${fs.existsSync(process.env.GITHUB_ACTION_PATH + '/action.yml')}`);
fs.appendFileSync(process.env.GITHUB_OUTPUT, `greeting=Hi ${who}\n`);
fs.appendFileSync(process.env.GITHUB_STATE, `tag=${process.env.TAG || 'none'}\n`);
fs.appendFileSync(process.env.GITHUB_ENV, `FROM_NODE=yes\n`);
if (process.env.INPUT_FAIL === 'yes') { console.log('::error::asked to fail'); process.exit(2); }
JS
write_file r/act/hello/pre.js <<'JS'
console.log('pre ran');
JS
write_file r/act/hello/post.js <<'JS'
console.log(`post: ${process.env.STATE_tag} job-env=${process.env.FROM_NODE || ''}`);
JS
write_file r/act/guarded/action.yml <<'YML'
name: guarded
runs:
  using: node16
  main: m.js
  post: p.js
  post-if: success()
YML
write_file r/act/guarded/m.js <<'JS'
console.log('guarded main');
JS
write_file r/act/guarded/p.js <<'JS'
console.log('guarded post ran');
JS
write_file r/.github/workflows/ci.yml <<'YML'
name: CI
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      greeting: ${{ steps.first.outputs.greeting }}
    steps:
      - id: first
        uses: ./act/hello
        env: {TAG: one}
        with:
          token: ${{ secrets.TOKEN }}
      - id: second
        uses: ./act/hello
        env: {TAG: two}
        with:
          who name: Grace
      - run: echo "outputs '${{ steps.first.outputs.greeting }}' '${{ steps.second.outputs.greeting }}' env=$FROM_NODE"
      - uses: ./act/guarded
  after:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo "needs got ${{ needs.build.outputs.greeting }}"
YML
(cd r && git add -A && git commit -qm wf)

test_expect_success 'a workflow with node actions runs' '
    "$SHIPGATE" run -C r -s TOKEN=n0de-secret-value >log 2>&1 || { cat log; false; }
'
test_expect_success 'inputs arrive as INPUT_* with defaults (expressions evaluated)' '
    grep -q "main: hello World count=push-3 token=\*\*\*" log &&
    grep -q "main: hello Grace count=push-3 token=$" log
'
test_expect_success 'GITHUB_ACTION_PATH names the action folder' '
    grep -q "main: action path ok=true" log
'
test_expect_success 'outputs flow into later steps and needs' '
    grep -q "outputs .Hi World. .Hi Grace. env=yes" log &&
    grep -q "needs got Hi World" log
'
test_expect_success 'pre is not run for local actions, as on GitHub' '
    grep -q "warning: .pre. execution is not supported for local action from ..\/act\/hello." log &&
    ! grep -q "pre ran" log
'
test_expect_success 'post steps run at the end of the job, last first, with their state' '
    grep -n "post: \|guarded post\|outputs .Hi" log >order &&
    sed -n 1p order | grep -q "outputs" &&
    sed -n 2p order | grep -q "guarded post ran" &&
    sed -n 3p order | grep -q "post: two job-env=yes" &&
    sed -n 4p order | grep -q "post: one job-env=yes"
'
test_expect_success 'the secret passed as an input never shows' '
    ! grep -q n0de-secret-value log
'

write_file r/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  f:
    runs-on: ubuntu-latest
    steps:
      - uses: ./act/guarded
      - uses: ./act/hello
        with: {fail: "yes"}
      - run: echo "not reached"
YML
(cd r && git add -A && git commit -qm fail)
test_expect_code 1 'a failing node action fails the job' '
    "$SHIPGATE" run -C r >log2 2>&1
'
test_expect_success 'the exit code is reported, later steps skip, post-if success() skips' '
    grep -q "error: asked to fail" log2 &&
    grep -q "error: Process completed with exit code 2." log2 &&
    ! grep -q "| not reached" log2 &&
    grep -q "post: none" log2 && ! grep -q "guarded post ran" log2 &&
    grep -q "Post Run ./act/guarded: skipped" log2
'
test_expect_success 'without node on PATH the step fails with a clear message' '
    mkdir -p nobin && ln -sf "$(command -v git)" nobin/git &&
    PATH="$PWD/nobin:/nonexistent" "$SHIPGATE" run -C r >log3 2>&1; test $? = 1 &&
    grep -q "error: the action .\./act/guarded. (runs.using: node16) needs node, and there is no .node. on PATH" log3
'
test_done
