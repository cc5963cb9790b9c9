#!/usr/bin/env bash
# shipgate gate: real reports from ../shared/fixtures/reports, the policy
# file, stages, exit codes 0 pass / 1 block / 2 bad input.
. "$(dirname "$0")/lib.sh"

R="$SHARED/fixtures/reports"

test_expect_success 'reports without blocking findings pass' '
    "$SHIPGATE" gate "$R/semgrep/deduplication.json" "$R/junit/pytest-xunit2.xml" \
        "$R/cobertura/coveragepy-5.0a2-branch.xml" >out &&
    grep -q "^gate: pass" out && grep -q "tests: 10 total, 2 failures" out &&
    grep -q "coverage: 80.00% of lines" out
'
test_expect_code 1 'a critical secret blocks with the default policy' '
    "$SHIPGATE" gate "$R/trivy/fs-secrets.json" >out; rc=$?
    grep -q "^block  *critical  *trivy  *aws-access-key-id  *secret  *deploy.sh:3 " out &&
    grep -q "default policy: block \[critical, high\]" out && exit $rc
'
test_expect_code 2 'a truncated report is bad input with its position' '
    "$SHIPGATE" gate "$R/junit/pytest-corrupt-truncated.xml" 2>err; rc=$?
    grep -q "pytest-corrupt-truncated.xml:11:[0-9]*: error: invalid XML" err && exit $rc
'
test_expect_code 2 'an npm audit error body is refused' '
    "$SHIPGATE" gate "$R/npm-audit/error-enoaudit.json" 2>err; rc=$?
    grep -q "ENOAUDIT" err && exit $rc
'
test_expect_success 'the policy file is found in .shipgate and stages select rules' '
    write_file .shipgate/policy.yml <<-\EOP &&
	version: 1
	rules:
	  - tool: semgrep
	    stage: [pr]
	    block: [critical, high, medium, low, info]
	EOP
    "$SHIPGATE" gate "$R/semgrep/deduplication.json" >out &&
    { "$SHIPGATE" gate --stage pr "$R/semgrep/deduplication.json" >out; test $? = 1; } &&
    grep -q "policy rule at .shipgate/policy.yml:3" out
'
test_expect_code 2 'a policy error names line and column' '
    printf "version: 1\nblok: [high]\n" >bad.yml
    "$SHIPGATE" gate --policy bad.yml "$R/bandit/no-vuln.json" 2>err; rc=$?
    grep -q "^bad.yml:2:1: error: unknown key .blok." err && exit $rc
'
test_expect_success '--as forces a format and --format json writes the decision' '
    "$SHIPGATE" gate --format json --as coverage-py:"$R/coverage-py/coverage-7.12-format3-functions-classes.json" >out.json &&
    python3 -c "import json,sys; d=json.load(open(\"out.json\")); assert d[\"decision\"]==\"pass\", d; assert abs(d[\"coverage\"][\"percent\"]-97.8526)<0.01"
'
test_expect_code 2 'forcing the wrong format is an error, not zero findings' '
    "$SHIPGATE" gate --as semgrep:"$R/bandit/one-vuln-2020.json" 2>err; rc=$?
    grep -q "expected .check_id." err && exit $rc
'
test_expect_code 1 'coverage below the minimum blocks with the reason' '
    printf "version: 1\ncoverage: {min: 98}\n" >p.yml
    "$SHIPGATE" gate --policy p.yml "$R/generated/coveragepy-6.5.0-python3-pyflakes-branch.json" >out; rc=$?
    grep -q "line coverage 97.04% is below the minimum of 98%" out && exit $rc
'
test_done
