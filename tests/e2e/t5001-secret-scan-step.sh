#!/usr/bin/env bash
# The built-in step `uses: shipgate/secret-scan@v1` inside `shipgate run`,
# feeding its report to `uses: shipgate/gate@v1`: outputs count and report,
# the job summary, fail-on-findings, SARIF reports, history scans with
# `git:`, bad config positions, and no secret value anywhere in the run's
# log, summaries or --json report.
. "$(dirname "$0")/lib.sh"

AWS=AKIAQYLPMN5HHHFPZAM2
GH=ghp_R8mZ3kQ2vT9xW4yB7nC1dF6hJ0pL5sA2gE8u

# run_wf DIR: runs the repository's workflows; log in DIR.log, report in
# DIR.json, exit status in DIR.rc, job summaries concatenated in DIR.md.
run_wf() {
    (cd "$1" && git add -A && git commit -q -m wf --allow-empty &&
        "$SHIPGATE" run --json "../$1.json" >"../$1.log" 2>&1)
    echo $? >"$1.rc"
    dir=$(sed -n 's/^job summaries: //p' "$1.log")
    if [ -n "$dir" ]; then cat "$dir"/*.md >"$1.md"; else : >"$1.md"; fi
}

no_secret_in() {
    ! grep -h -e "$AWS" -e "$GH" -e "R8mZ3kQ2vT9xW4yB7nC1dF6hJ0pL5sA2gE8u" "$@"
}

# workflow DIR SCAN-WITH [GATE-EXTRA]: scan step `s`, gate step `g` on its report.
workflow() {
    write_file "$1/.github/workflows/ci.yml" <<YML
on: push
jobs:
  sec:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: s
        uses: shipgate/secret-scan@v1
$2
      - id: g
        if: always()
        uses: shipgate/gate@v1
        continue-on-error: true
        with:
          reports: \${{ steps.s.outputs.report }}
${3:-}
      - if: always()
        run: |
          echo "scan count=\${{ steps.s.outputs.count }} outcome=\${{ steps.s.outcome }} report=\${{ steps.s.outputs.report }}"
          echo "gate decision=\${{ steps.g.outputs.decision }} blocking=\${{ steps.g.outputs.blocking }} findings=\${{ steps.g.outputs.findings }}"
YML
}

make_repo leak
write_file leak/config.py <<PY
aws_key = "$AWS"
gh = "$GH"
PY
workflow leak '        continue-on-error: true'

test_expect_success 'secrets found: the step fails, reports them and the gate blocks on its report' '
    run_wf leak && test "$(cat leak.rc)" = 0 &&
    grep -q "scan count=2 outcome=failure report=/.*\.json" leak.log &&
    grep -q "gate decision=block blocking=2 findings=2" leak.log &&
    grep -q "config.py:1:[0-9]*: aws-access-key-id: " leak.log &&
    grep -q "error: 2 secrets found" leak.log &&
    grep -q "Secret scan: secrets found" leak.md &&
    grep -q "| aws-access-key-id | .config.py:1:" leak.md &&
    grep -q "shipgate gate: block" leak.md
'
test_expect_success 'no secret value in the log, the summaries or the --json report' '
    grep -q "AKIA" leak.log &&
    no_secret_in leak.log leak.md leak.json
'

make_repo failing
write_file failing/config.py <<PY
aws_key = "$AWS"
PY
workflow failing ''

test_expect_success 'fail-on-findings defaults to true: the job fails' '
    run_wf failing && test "$(cat failing.rc)" = 1 &&
    grep -q "scan count=1 outcome=failure" failing.log &&
    grep -q "Run shipgate/secret-scan@v1: failure" failing.log
'

make_repo lenient
write_file lenient/config.py <<PY
aws_key = "$AWS"
PY
workflow lenient '        with:
          fail-on-findings: false
          format: sarif
          output: secrets.sarif'

test_expect_success 'fail-on-findings: false and a SARIF report the gate reads' '
    run_wf lenient &&
    grep -q "scan count=1 outcome=success report=/.*/lenient/secrets.sarif" lenient.log &&
    grep -q "warning: 1 secret found" lenient.log &&
    grep -q "\"version\": *\"2.1.0\"" lenient/secrets.sarif &&
    grep -q "gate decision=block blocking=1 findings=1" lenient.log &&
    no_secret_in lenient.log lenient.md lenient.json lenient/secrets.sarif
'

make_repo clean
write_file clean/app.py <<'PY'
print("hello")
token = "changeme"
PY
workflow clean ''

test_expect_success 'a clean tree: count 0, the gate passes, the job succeeds' '
    run_wf clean && test "$(cat clean.rc)" = 0 &&
    grep -q "scan count=0 outcome=success" clean.log &&
    grep -q "gate decision=pass blocking=0 findings=0" clean.log &&
    grep -q "Secret scan: no secrets found" clean.md
'

make_repo hist
write_file hist/old.py <<PY
gh = "$GH"
PY
(cd hist && git add -A && git commit -q -m "add a token" && git rm -q old.py &&
    git commit -q -m "remove it")
write_file hist/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  sec:
    runs-on: ubuntu-latest
    steps:
      - id: tree
        uses: shipgate/secret-scan@v1
      - id: history
        uses: shipgate/secret-scan@v1
        continue-on-error: true
        with:
          git: true
      - if: always()
        run: echo "tree=${{ steps.tree.outputs.count }} history=${{ steps.history.outputs.count }}"
YML

test_expect_success 'git: true scans the history, where a removed secret remains' '
    run_wf hist && test "$(cat hist.rc)" = 0 &&
    grep -q "tree=0 history=1" hist.log &&
    grep -q "introduced in [0-9a-f]\{12\} by Test Author" hist.log &&
    no_secret_in hist.log hist.md hist.json
'

make_repo badcfg
write_file badcfg/bad.yml <<'YML'
rules:
  - idd: x
    pattern: "abc"
YML
workflow badcfg '        with:
          config: bad.yml'

test_expect_success 'a bad config fails the step and names the file' '
    run_wf badcfg && test "$(cat badcfg.rc)" = 1 &&
    grep -q "error: .*/bad.yml.*expected a string for .id." badcfg.log &&
    grep -q "the scan could not run" badcfg.log
'

make_repo based
write_file based/config.py <<PY
aws_key = "$AWS"
PY
(cd based && "$SHIPGATE" scan secrets -f json -o ../known.json . 2>/dev/null; test $? = 1) && cp known.json based/known.json
workflow based '        with:
          baseline: known.json'

test_expect_success 'a baseline of known secrets makes the scan pass' '
    run_wf based && test "$(cat based.rc)" = 0 &&
    grep -q "scan count=0 outcome=success" based.log
'
test_done
