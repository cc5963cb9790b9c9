#!/usr/bin/env bash
# shipgate gate baselines: --save-baseline records fingerprints, --baseline
# marks findings new or existing, policy new-only blocks only new ones,
# unused entries are reported. The fingerprint of a finding survives the
# code moving down and being re-indented (tests/data/gate/moved: reports
# regenerated after the move, with the source trees).
. "$(dirname "$0")/lib.sh"

D="$SRC_ROOT/tests/data/gate/moved"
printf 'version: 1\nnew-only: true\n' >new-only.yml

test_expect_success '--save-baseline writes version, created and every fingerprint' '
    "$SHIPGATE" gate --no-store --source-root "$D/v1" --save-baseline base.json "$D/semgrep-v1.json" >out;
    test $? = 1 &&
    python3 - <<-\EOP
	import json, re
	b = json.load(open("base.json"))
	assert b["version"] == 1, b
	assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", b["created"]), b["created"]
	assert len(b["findings"]) == 2, b
	for e in b["findings"]:
	    assert re.match(r"^[0-9a-f]{32}$", e["fingerprint"]), e
	    assert e["tool"] == "semgrep" and e["kind"] == "sast" and e["path"] == "app.py", e
	EOP
'

test_expect_success 'the moved and re-indented finding is existing, the eval is new' '
    "$SHIPGATE" gate --no-store --source-root "$D/v2" --baseline base.json --format json -o out.json "$D/semgrep-v2.json";
    test $? = 1 &&
    python3 - <<-\EOP
	import json
	d = json.load(open("out.json"))
	st = {f["rule"].split(".")[-1]: f["status"] for f in d["findings"]}
	assert st == {"subprocess-shell-true": "existing", "eval-detected": "new"}, st
	assert d["baseline"]["new"] == 1 and d["baseline"]["existing"] == 1, d["baseline"]
	assert [u["rule"].split(".")[-1] for u in d["baseline"]["unused"]] == ["avoid-pyyaml-load"], d["baseline"]
	EOP
'

test_expect_success 'the fingerprint is the same in both runs (not only found in the baseline)' '
    "$SHIPGATE" gate --no-store --source-root "$D/v1" --format json -o a.json "$D/semgrep-v1.json";
    "$SHIPGATE" gate --no-store --source-root "$D/v2" --format json -o b.json "$D/semgrep-v2.json";
    python3 -c "
import json
fp = lambda f: {x[\"rule\"]: x[\"fingerprint\"] for x in json.load(open(f))[\"findings\"]}
a, b = fp(\"a.json\"), fp(\"b.json\")
k = [r for r in a if r.endswith(\"subprocess-shell-true\")][0]
assert a[k] == b[k], (a[k], b[k])
assert len(set(a.values()) | set(b.values())) == 3
"
'

test_expect_code 1 'new-only: the existing high finding only warns, the new one blocks' '
    printf "version: 1\nnew-only: true\nblock: [critical, high, medium]\n" >strict.yml
    "$SHIPGATE" gate --no-store --policy strict.yml --source-root "$D/v2" --baseline base.json "$D/semgrep-v2.json" >out; rc=$?
    grep -q "^warn  *high  *semgrep  *python.lang.security.audit.subprocess-shell-true.* existing " out || exit 9
    grep -q "^block  *medium  *semgrep  *python.lang.security.audit.eval-detected.* new " out || exit 9
    grep -q "warning: base.json: 1 of 2 baseline entries matched no current finding" out || exit 9
    grep -q "^gate: block" out || exit 9
    exit $rc
'

test_expect_code 1 'without new-only the existing high finding blocks' '
    "$SHIPGATE" gate --no-store --source-root "$D/v2" --baseline base.json "$D/semgrep-v2.json" >out; rc=$?
    grep -q "^block  *high  *semgrep  *python.lang.security.audit.subprocess-shell-true.* existing " out || exit 9
    exit $rc
'

test_expect_code 0 'new-only passes when the only new finding is below the blocking severities' '
    "$SHIPGATE" gate --no-store --policy new-only.yml --source-root "$D/v2" --baseline base.json "$D/semgrep-v2.json" >out
    grep -q "^warn  *medium  *semgrep  *python.lang.security.audit.eval-detected.* new " out || exit 9
    grep -q "^gate: pass" out
'

test_expect_success 'SARIF without partialFingerprints: the moved result keeps its fingerprint' '
    "$SHIPGATE" gate --no-store --source-root "$D/v1" --save-baseline bbase.json -o /dev/null "$D/bandit-v1.sarif";
    "$SHIPGATE" gate --no-store --source-root "$D/v2" --baseline bbase.json --format json -o s.json "$D/bandit-v2.sarif";
    python3 -c "
import json
d = json.load(open(\"s.json\"))
st = {f[\"rule\"]: f[\"status\"] for f in d[\"findings\"]}
assert st == {\"B602\": \"existing\", \"B307\": \"new\"}, st
"
'

test_expect_success 'a changed flagged line is a new finding (the test can fail)' '
    mkdir -p v3 && sed "s/shell=True/shell=use_shell/" "$D/v2/app.py" >v3/app.py &&
    "$SHIPGATE" gate --no-store --source-root v3 --baseline bbase.json --format json -o c.json "$D/bandit-v2.sarif";
    python3 -c "
import json
st = {f[\"rule\"]: f[\"status\"] for f in json.load(open(\"c.json\"))[\"findings\"]}
assert st[\"B602\"] == \"new\", st
"
'

test_expect_success 'a previous --format json output works as a baseline' '
    "$SHIPGATE" gate --no-store --source-root "$D/v2" --baseline a.json --format json -o d.json "$D/semgrep-v2.json";
    python3 -c "
import json
st = sorted(f[\"status\"] for f in json.load(open(\"d.json\"))[\"findings\"])
assert st == [\"existing\", \"new\"], st
"
'

test_expect_code 2 'a malformed baseline is bad input with its position' '
    printf "{\"version\": 1, \"findings\": [{\"fingerprint\": 42}]}\n" >bad.json
    "$SHIPGATE" gate --no-store --baseline bad.json "$D/semgrep-v2.json" 2>err; rc=$?
    grep -q "^bad.json:1:[0-9]*: error: expected a fingerprint" err || exit 9
    exit $rc
'

test_expect_code 2 'a baseline of another version is refused' '
    printf "{\"version\": 2, \"findings\": []}\n" >v2.json
    "$SHIPGATE" gate --no-store --baseline v2.json "$D/semgrep-v2.json" 2>err; rc=$?
    grep -q "unsupported baseline version" err || exit 9
    exit $rc
'

test_done
