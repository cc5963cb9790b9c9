#!/usr/bin/env bash
# The built-in step `uses: shipgate/gate@v1` inside `shipgate run`: report
# globs and FORMAT: prefixes, step outputs read by later steps, the markdown
# in the job summary, the job failing when the gate blocks (and going on
# with continue-on-error), bad input named with its position, baselines and
# an extra output file. The step must agree with `shipgate gate`.
. "$(dirname "$0")/lib.sh"

R="$SHARED/fixtures/reports"

# run_wf DIR: runs the repository's workflows; log in DIR.log, report in
# DIR.json, exit status in DIR.rc, job summaries concatenated in DIR.md.
run_wf() {
    (cd "$1" && git add -A && git commit -q -m wf --allow-empty &&
        "$SHIPGATE" run --json "../$1.json" >"../$1.log" 2>&1)
    echo $? >"$1.rc"
    dir=$(sed -n 's/^job summaries: //p' "$1.log")
    if [ -n "$dir" ]; then cat "$dir"/*.md >"$1.md"; else : >"$1.md"; fi
}

# workflow DIR GATE-STEP-BODY [EXTRA-STEPS]: one job whose step `g` is the gate.
workflow() {
    write_file "$1/.github/workflows/ci.yml" <<YML
on: push
jobs:
  gate:
    runs-on: ubuntu-latest
    steps:
      - id: g
        uses: shipgate/gate@v1
$2
      - if: always()
        run: echo "seen decision=\${{ steps.g.outputs.decision }} blocking=\${{ steps.g.outputs.blocking }} new=\${{ steps.g.outputs.new }} findings=\${{ steps.g.outputs.findings }} outcome=\${{ steps.g.outcome }}"
      - run: echo "after the gate"
YML
}

make_repo pass
mkdir -p pass/reports/sub
cp "$R/bandit/no-vuln.json" pass/reports/bandit-clean.json
cp "$R/bandit/one-vuln-2020.json" pass/reports/sub/bandit-one.json
cp "$R/npm-audit/v2-all-severity-levels.json" pass/reports/ignored-npm.json
workflow pass '        with:
          reports: |
            reports/**/*.json
            # a comment line is skipped
            !reports/ignored-*.json
          output: gate.json'

test_expect_success 'a passing gate: outputs, summary, log, extra output file' '
    run_wf pass &&
    test "$(cat pass.rc)" = 0 &&
    grep -q "seen decision=pass blocking=0 new=1 findings=1 outcome=success" pass.log &&
    grep -q "| after the gate" pass.log &&
    grep -q "gate: pass" pass.log &&
    grep -q "shipgate gate: pass" pass.md &&
    grep -q "\"decision\": *\"pass\"" pass/gate.json
'

test_expect_success 'the step counts what shipgate gate counts on the same reports' '
    n=$(cd pass && "$SHIPGATE" gate --no-store --format json reports/bandit-clean.json \
            reports/sub/bandit-one.json |
        python3 -c "import json,sys; print(len(json.load(sys.stdin)[\"findings\"]))") &&
    grep -q "findings=$n outcome" pass.log
'

make_repo block
mkdir -p block/reports
cp "$R/npm-audit/v2-all-severity-levels.json" block/reports/npm.json
workflow block '        with:
          reports: reports/npm.json'

test_expect_success 'a blocking gate fails the step and the job' '
    run_wf block &&
    test "$(cat block.rc)" = 1 &&
    grep -q "seen decision=block blocking=13 new=" block.log &&
    grep -q "outcome=failure" block.log &&
    ! grep -q "| after the gate" block.log &&
    grep -q "error: shipgate/gate: the gate blocks" block.log &&
    grep -q "shipgate gate: block" block.md &&
    grep -q "13 findings at a blocking severity" block.md &&
    python3 -c "import json,sys; r=json.load(open(\"block.json\")); print(json.dumps(r))" |
        grep -q "\"failure\""
'

make_repo coe
mkdir -p coe/reports
cp "$R/npm-audit/v2-all-severity-levels.json" coe/reports/npm.json
workflow coe '        continue-on-error: true
        with:
          reports: reports/*.json'

test_expect_success 'continue-on-error: true lets the job go on after a block' '
    run_wf coe &&
    test "$(cat coe.rc)" = 0 &&
    grep -q "seen decision=block blocking=13" coe.log &&
    grep -q "outcome=failure" coe.log &&
    grep -q "| after the gate" coe.log
'

make_repo bad
mkdir -p bad/reports
cp "$R/junit/pytest-corrupt-truncated.xml" bad/reports/junit.xml
workflow bad '        with:
          reports: reports/junit.xml'

test_expect_success 'a report not understood fails the step with its file:line:col' '
    run_wf bad &&
    test "$(cat bad.rc)" = 1 &&
    grep -q "reports/junit.xml:11:22: .*invalid XML" bad.log &&
    grep -q "seen decision= blocking=" bad.log
'

make_repo forced
mkdir -p forced/reports
cp "$R/bandit/one-vuln-2020.json" forced/reports/scan.out
workflow forced '        with:
          reports: bandit:reports/scan.out'
make_repo wrongfmt
mkdir -p wrongfmt/reports
cp "$R/bandit/one-vuln-2020.json" wrongfmt/reports/scan.out
workflow wrongfmt '        with:
          reports: junit:reports/scan.out'

test_expect_success 'FORMAT:path forces a report format, as --as does' '
    run_wf forced && test "$(cat forced.rc)" = 0 &&
    grep -q "seen decision=pass blocking=0 new=1 findings=1" forced.log &&
    run_wf wrongfmt && test "$(cat wrongfmt.rc)" = 1 &&
    grep -q "reports/scan.out:1:1" wrongfmt.log
'

make_repo none
workflow none '        with:
          reports: reports/*.sarif'

test_expect_success 'a glob that matches nothing is an error, never zero findings' '
    run_wf none && test "$(cat none.rc)" = 1 &&
    grep -q "reports/\*.sarif. matches no file" none.log
'

make_repo base
mkdir -p base/reports base/.shipgate
cp "$R/npm-audit/v2-all-severity-levels.json" base/reports/npm.json
write_file base/.shipgate/policy.yml <<'YML'
version: 1
new-only: true
YML
write_file base/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  gate:
    runs-on: ubuntu-latest
    steps:
      - id: first
        uses: shipgate/gate@v1
        continue-on-error: true
        with:
          reports: reports/npm.json
          save-baseline: baseline.json
      - id: second
        uses: shipgate/gate@v1
        with:
          reports: reports/npm.json
          baseline: baseline.json
          stage: pr
      - run: echo "first=${{ steps.first.outputs.decision }} second=${{ steps.second.outputs.decision }} new=${{ steps.second.outputs.new }}"
YML

test_expect_success 'save-baseline then baseline with the repository policy: nothing new blocks' '
    run_wf base && test "$(cat base.rc)" = 0 &&
    test -s base/baseline.json &&
    grep -q "first=block second=pass new=0" base.log
'

make_repo badpol
mkdir -p badpol/reports
cp "$R/bandit/no-vuln.json" badpol/reports/b.json
write_file badpol/pol.yml <<'YML'
version: 1
block: [critical, hihg]
YML
workflow badpol '        with:
          reports: reports/b.json
          policy: pol.yml'

test_expect_success 'a bad policy names its line and column' '
    run_wf badpol && test "$(cat badpol.rc)" = 1 &&
    grep -q "pol.yml:2:[0-9]*: .*hihg" badpol.log
'

make_repo stored
mkdir -p stored/reports
cp "$R/bandit/one-vuln-2020.json" stored/reports/b.json
workflow stored "        with:
          reports: reports/b.json
          store: $TRASH/findings.db"

test_expect_success 'store: records the findings in the register; without it nothing is recorded' '
    run_wf stored && test "$(cat stored.rc)" = 0 &&
    grep -q "findings register: 1 new" stored.log &&
    (cd stored && "$SHIPGATE" findings list --store "$TRASH/findings.db") >list.out &&
    grep -q "B101" list.out &&
    ! grep -q "findings register" pass.log
'

test_expect_success 'the CLI gate is unchanged on the same reports' '
    (cd block && "$SHIPGATE" gate --no-store reports/npm.json >../cli.out; test $? = 1) &&
    grep -q "13 findings at a blocking severity" cli.out
'
test_done
