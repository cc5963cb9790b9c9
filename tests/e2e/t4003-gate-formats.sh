#!/usr/bin/env bash
# shipgate gate outputs: text (table, colour only on a TTY, NO_COLOR),
# --format json (DESIGN.md section 7, every finding field), --format sarif
# (one valid SARIF 2.1.0 log, one run per tool, read back the same),
# --format markdown, -o; .trivyignore / .gitleaksignore; image size.
. "$(dirname "$0")/lib.sh"

R="$SHARED/fixtures/reports"
D="$SRC_ROOT/tests/data/gate"
REPORTS="$R/trivy/image-alpine-310.json $R/gitleaks/json-simple.json $R/semgrep/deduplication.json $R/sarif/semgrep-include-nosemgrep-suppressions.sarif"

test_expect_success 'json: decision, reasons, findings with every field, coverage, tests' '
    "$SHIPGATE" gate --no-store --format json -o out.json $REPORTS "$R/junit/pytest-xunit2.xml" \
        "$R/cobertura/coveragepy-5.0a2-branch.xml"; test $? = 1 &&
    python3 - <<-\EOP
	import json
	d = json.load(open("out.json"))
	assert d["decision"] == "block" and d["reasons"], d["reasons"]
	assert d["tests"]["total"] == 10 and abs(d["coverage"]["percent"] - 80) < 0.01
	keys = {"tool", "kind", "rule", "severity", "unknown", "title", "message", "help",
	        "location", "fingerprint", "status", "effect"}
	for f in d["findings"]:
	    assert keys <= set(f), keys - set(f)
	    assert f["status"] in ("new", "existing", "suppressed", "triaged"), f
	    assert f["effect"] in ("block", "warn", "log"), f
	    assert len(f["fingerprint"]) == 32
	tools = {f["tool"] for f in d["findings"]}
	assert {"trivy", "gitleaks", "semgrep"} <= tools, tools
	g = [f for f in d["findings"] if f["tool"] == "gitleaks"][0]
	assert g["unknown"] is True and g["effect"] == "block", g
	assert g["location"]["path"] == "auth.py" and g["location"]["start_line"] == 1, g
	t = [f for f in d["findings"] if f["rule"] == "CVE-2019-1549"][0]
	assert t["location"]["package"] and t["location"]["fixed_version"] == "1.1.1d-r0", t
	assert any(f["status"] == "suppressed" and f["effect"] == "log" for f in d["findings"])
	assert d["summary"]["blocking"] == sum(f["effect"] == "block" for f in d["findings"])
	EOP
'

test_expect_success 'sarif: one valid SARIF 2.1.0 log, one run per tool' '
    "$SHIPGATE" gate --no-store --format sarif -o merged.sarif $REPORTS; test $? = 1 &&
    python3 - <<-\EOP
	import json, re
	d = json.load(open("merged.sarif"))
	assert d["version"] == "2.1.0" and isinstance(d["runs"], list)
	names = [r["tool"]["driver"]["name"] for r in d["runs"]]
	assert len(names) == len(set(names)) and {"trivy", "gitleaks", "semgrep"} <= set(names), names
	levels = {"none", "note", "warning", "error"}
	n = 0
	for run in d["runs"]:
	    rules = run["tool"]["driver"]["rules"]
	    ids = [r["id"] for r in rules]
	    assert len(ids) == len(set(ids)), ids
	    for r in rules:
	        assert r["id"] and r["name"] and r["shortDescription"]["text"], r
	    for res in run["results"]:
	        n += 1
	        assert isinstance(res["message"]["text"], str) and res["message"]["text"]
	        assert rules[res["ruleIndex"]]["id"] == res["ruleId"], res
	        assert res["level"] in levels and res["kind"] == "fail"
	        assert re.match(r"^[0-9a-f]{32}$", res["partialFingerprints"]["shipgate/v1"])
	        for loc in res.get("locations", []):
	            pl = loc.get("physicalLocation")
	            assert pl or loc.get("logicalLocations"), loc
	            if pl:
	                assert isinstance(pl["artifactLocation"]["uri"], str)
	                if "region" in pl:
	                    assert pl["region"]["startLine"] >= 1
	        for s in res.get("suppressions", []):
	            assert s["kind"] in ("inSource", "external"), s
	        assert "baselineState" not in res
	assert n == len(json.load(open("out.json"))["findings"]) - 0 or n > 0
	EOP
'

test_expect_success 'sarif: the merged log read back gives the same findings and fingerprints' '
    "$SHIPGATE" gate --no-store --format json -o a.json $REPORTS;
    "$SHIPGATE" gate --no-store --format json -o b.json merged.sarif;
    python3 - <<-\EOP
	import json
	key = lambda f: (f["rule"], f["severity"], f["fingerprint"], f["status"] == "suppressed")
	a = sorted(map(key, json.load(open("a.json"))["findings"]))
	b = sorted(map(key, json.load(open("b.json"))["findings"]))
	assert a == b, set(a) ^ set(b)
	EOP
'

test_expect_success 'sarif: baselineState new/unchanged when a baseline is given' '
    "$SHIPGATE" gate --no-store --save-baseline base.json -o /dev/null "$R/trivy/image-alpine-310.json" &&
    "$SHIPGATE" gate --no-store --baseline base.json --format sarif -o bl.sarif \
        "$R/trivy/image-alpine-310.json" "$R/gitleaks/json-simple.json";
    python3 -c "
import json
s = [r[\"tool\"][\"driver\"][\"name\"] + \":\" + x[\"baselineState\"] for r in json.load(open(\"bl.sarif\"))[\"runs\"] for x in r[\"results\"]]
assert sorted(set(s)) == [\"gitleaks:new\", \"trivy:unchanged\"], s
"
'

test_expect_success 'markdown: summary, decision, table, tests and coverage lines' '
    "$SHIPGATE" gate --no-store --format markdown -o out.md $REPORTS "$R/junit/pytest-xunit2.xml" \
        "$R/cobertura/coveragepy-5.0a2-branch.xml"; test $? = 1 &&
    grep -q "^## :x: shipgate gate: block" out.md &&
    grep -q "^\*\*2 blocking, 7 warnings\*\* of 10 findings (2 high, 7 medium); 0 logged, 1 suppressed" out.md &&
    grep -q "^| Effect | Severity | Tool | Rule | Location | Title | Status |" out.md &&
    grep -q "^| \*\*block\*\* | high (unknown) | gitleaks | .test-rule. | .auth.py:1. |" out.md &&
    grep -q "^| warn | medium | trivy | .CVE-2019-1549. |" out.md &&
    grep -q "^\*\*Tests:\*\* 10 total, 2 failures" out.md &&
    grep -q "^\*\*Coverage:\*\* 80.00% of lines" out.md
'

test_expect_success 'text: no colour with NO_COLOR or into a file; colour on a TTY' '
    "$SHIPGATE" gate --no-store -o out.txt "$R/gitleaks/json-simple.json";
    ! grep -q "$(printf "\033")" out.txt &&
    grep -q "^EFFECT  *SEVERITY  *TOOL  *RULE  *KIND  *LOCATION  *STATUS  *TITLE" out.txt &&
    script -qec "NO_COLOR= $SHIPGATE gate --no-store $R/gitleaks/json-simple.json" /dev/null >tty.txt;
    grep -q "$(printf "\033")\[1;31mhigh?" tty.txt &&
    script -qec "NO_COLOR=1 $SHIPGATE gate --no-store $R/gitleaks/json-simple.json" /dev/null >tty2.txt;
    ! grep -q "$(printf "\033")" tty2.txt
'

test_expect_code 2 'an unknown format is a usage error' '
    "$SHIPGATE" gate --no-store --format yaml "$R/gitleaks/json-simple.json" 2>err; rc=$?
    grep -q "unknown format .yaml." err || exit 9
    exit $rc
'

test_expect_success '.trivyignore suppresses ids (inline, the file named); expired entries do not' '
    mkdir -p src && printf "# accepted until the base image moves\nCVE-2019-1549\nCVE-2019-1551 exp:2020-01-01\n" >src/.trivyignore &&
    "$SHIPGATE" gate --no-store --source-root src --format json -o t.json "$R/trivy/image-alpine-310.json" &&
    python3 - <<-\EOP
	import json
	d = json.load(open("t.json"))
	s = {(f["rule"], f["status"]) for f in d["findings"]}
	assert s == {("CVE-2019-1549", "suppressed"), ("CVE-2019-1551", "new")}, s
	f = [f for f in d["findings"] if f["rule"] == "CVE-2019-1549"][0]
	assert f["suppression"] == {"kind": "inline", "justification": "src/.trivyignore:2"}, f["suppression"]
	assert any("src/.trivyignore:3" in w and "expired on 2020-01-01" in w for w in d["warnings"]), d["warnings"]
	EOP
'

test_expect_success '.gitleaksignore in the current directory suppresses by fingerprint' '
    mkdir -p gl && cd gl &&
    { "$SHIPGATE" gate --no-store "$R/gitleaks/json-simple.json" >out; test $? = 1; } &&
    printf "# test fixture\n0000000000000000:auth.py:test-rule:1\n" >.gitleaksignore &&
    "$SHIPGATE" gate --no-store "$R/gitleaks/json-simple.json" >out &&
    grep -q "^(0 logged only, 1 suppressed" out &&
    printf "auth.py:test-rule:1\n" >.gitleaksignore &&
    "$SHIPGATE" gate --no-store "$R/gitleaks/json-simple.json" >out &&
    printf "auth.py:test-rule:2\n" >.gitleaksignore &&
    { "$SHIPGATE" gate --no-store "$R/gitleaks/json-simple.json" >out; test $? = 1; }
'

test_expect_code 1 'docker image inspect JSON over image.max-size blocks' '
    printf "version: 1\nimage: {max-size: 500MB}\n" >img.yml
    "$SHIPGATE" gate --no-store --policy img.yml "$D/docker-inspect.json" >out; rc=$?
    grep -q "image registry.example.com/shop/api:1.4.2 is 612.3 MB (612345678 bytes), over the image.max-size of 500.0 MB" out || exit 9
    exit $rc
'

test_expect_success '--image-size under the limit passes, over it blocks' '
    "$SHIPGATE" gate --no-store --policy img.yml --image-size 480MB "$R/semgrep/deduplication.json" >out &&
    grep -q "^image: (--image-size) 480.0 MB (max 500.0 MB)" out &&
    { "$SHIPGATE" gate --no-store --policy img.yml --image-size 524288000 "$R/semgrep/deduplication.json" >out; test $? = 1; } &&
    grep -q "over the image.max-size" out
'

test_expect_code 2 'a bad --image-size is a usage error' '
    "$SHIPGATE" gate --no-store --image-size big "$R/semgrep/deduplication.json" 2>err; rc=$?
    grep -q "expected a size such as 500MB" err || exit 9
    exit $rc
'

test_expect_success 'image.max-size without an image report warns that it was not checked' '
    "$SHIPGATE" gate --no-store --policy img.yml "$R/semgrep/deduplication.json" >out &&
    grep -q "^warning: image.max-size is set but no image report" out
'

test_done
