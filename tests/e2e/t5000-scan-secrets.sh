#!/usr/bin/env bash
# shipgate scan secrets: on a real git repository, a tree scan honours
# .gitignore, reports in text/json/sarif without ever printing a secret in
# full, exits 0/1/2, and --git finds a secret deleted from the tree in the
# commit that introduced it.
. "$(dirname "$0")/lib.sh"

# Fake tokens, assembled here so this file holds none a scanner would flag.
GH="ghp_$(printf 'Rq8Wn3Lx7Tb2Vc9Mz4Hd6Kf1Jp5Sg0Ya8Eu')w"
SL="xoxb-$(printf '483920175638')-$(printf '5729301846273')-$(printf 'Tz8Qw2Nm5Rb7Xc4Vl9Kp3Hs6')"

test_expect_success 'setup: a repository with secrets, an ignored one and a clean file' '
    make_repo repo &&
    cd repo &&
    printf "import os\nGITHUB_TOKEN = \"%s\"\n" "$GH" >app.py &&
    printf "SLACK_BOT_TOKEN=%s\n" "$SL" >.env.ignored &&
    printf ".env.ignored\n" >.gitignore &&
    printf "print(1)\n" >clean.py &&
    mkdir -p web && printf "{\"integrity\": \"%s\"}\n" "$GH" >web/package-lock.json &&
    git add app.py .gitignore clean.py web && git commit -q -m "add app"
'

test_expect_success 'a tree with a secret exits 1 and names rule, file, line and column' '
    cd repo && "$SHIPGATE" scan secrets >out; rc=$?; cat out;
    test $rc = 1 && grep -q "^app.py:2:17: github-pat: " out && test "$(grep -c github-pat out)" = 1
'

test_expect_success 'the secret is never printed in full, in any format' '
    cd repo &&
    { "$SHIPGATE" scan secrets; "$SHIPGATE" scan secrets -f json; "$SHIPGATE" scan secrets -f sarif; } >all 2>&1;
    ! grep -q "${GH#ghp_}" all && ! grep -q "${GH:4:12}" all
'

test_expect_success 'gitignored files and lock files are not reported' '
    cd repo && "$SHIPGATE" scan secrets >out; ! grep -q "env.ignored" out && ! grep -q package-lock out
'

test_expect_success '--no-ignore reports the gitignored file' '
    cd repo && "$SHIPGATE" scan secrets --no-ignore >out; cat out; grep -q "^.env.ignored:1:17: slack-bot-token" out
'

test_expect_success 'json report has the finding model fields' '
    cd repo && "$SHIPGATE" scan secrets --format json -o report.json; test $? = 1 &&
    python3 - <<PY
import json
d = json.load(open("report.json"))
assert d["tool"] == "shipgate-secrets", d
f = d["findings"]
assert len(f) == 1, f
f = f[0]
for k in ("tool", "kind", "rule", "severity", "title", "message", "path", "line", "column", "fingerprint"):
    assert k in f, k
assert f["kind"] == "secret" and f["severity"] == "critical" and f["rule"] == "github-pat"
assert f["path"] == "app.py" and f["line"] == 2 and f["column"] == 17
PY
'

test_expect_success 'sarif report is SARIF 2.1.0 with partialFingerprints' '
    cd repo && "$SHIPGATE" scan secrets --format sarif >report.sarif;
    python3 - <<PY
import json
d = json.load(open("report.sarif"))
assert d["version"] == "2.1.0"
run = d["runs"][0]
assert run["tool"]["driver"]["name"] == "shipgate-secrets"
r = run["results"][0]
assert r["ruleId"] == "github-pat" and r["partialFingerprints"]["secretHash/v1"]
assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == "github-pat"
assert r["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
PY
'

test_expect_code 0 'a baseline of the previous report suppresses the known finding' '
    cd repo && "$SHIPGATE" scan secrets --baseline report.json
'

test_expect_code 0 'a clean tree exits 0' '
    cd repo && "$SHIPGATE" scan secrets clean.py
'

test_expect_code 0 'shipgate:allow on the line suppresses' '
    mkdir allow && printf "t = \"%s\"  # shipgate:allow\n" "$GH" >allow/a.py &&
    "$SHIPGATE" scan secrets allow
'

test_expect_code 2 'a missing path exits 2' '
    "$SHIPGATE" scan secrets does-not-exist
'

test_expect_code 2 'an unknown option exits 2' '
    "$SHIPGATE" scan secrets --bogus
'

test_expect_code 2 'a bad config exits 2 and names file, line and column' '
    printf "rules:\n  - id: x\n    pattern: \"(\"\n" >bad.yml &&
    "$SHIPGATE" scan secrets --config bad.yml repo 2>err; rc=$?; cat err; grep -q "rule .x." err && (exit $rc)
'

test_expect_success 'an unreadable file is a warning and the scan goes on' '
    mkdir unread && printf "t = \"%s\"\n" "$GH" >unread/a.py && printf "x\n" >unread/b.py &&
    chmod 000 unread/b.py &&
    { "$SHIPGATE" scan secrets unread >out 2>err; rc=$?; chmod 644 unread/b.py; } &&
    test $rc = 1 && grep -q "github-pat" out &&
    { test "$(id -u)" = 0 || grep -q "b.py.*cannot open" err; }
'

test_expect_code 1 '--git finds a secret removed from the tree, with its commit' '
    cd repo && git rm -q app.py && git commit -q -m "remove app" &&
    "$SHIPGATE" scan secrets --git >../tree.txt; true;
    "$SHIPGATE" scan secrets . --git --format json >../hist.json; rc=$?;
    first=$(git rev-list --max-parents=0 HEAD | head -n 1);
    intro=$(git log --format=%H --diff-filter=A -- app.py);
    python3 - "$intro" <<PY
import json, sys
d = json.load(open("../hist.json"))
f = [x for x in d["findings"] if x["rule"] == "github-pat"]
assert len(f) == 1, d
assert f[0]["commit"] == sys.argv[1], (f[0], sys.argv[1])
assert f[0]["author"] == "Test Author" and f[0]["path"] == "app.py"
PY
    (exit $rc)
'

test_expect_code 0 '--git with a range that predates the secret is clean' '
    cd repo && "$SHIPGATE" scan secrets --git "$(git rev-list --max-parents=0 HEAD)"
'

test_expect_success '--git reports a corrupt object as a warning and goes on' '
    make_repo broken && cd broken &&
    printf "t = \"%s\"\n" "$GH" >a.py && printf "just text\n" >b.txt &&
    git add a.py b.txt && git commit -q -m two &&
    obj=$(git rev-parse HEAD:b.txt) && f=.git/objects/${obj:0:2}/${obj:2} &&
    chmod u+w "$f" && printf "garbage" >"$f" &&
    "$SHIPGATE" scan secrets --git >out 2>err; rc=$?; cat out err;
    test $rc = 1 && grep -q "a.py:1:6: github-pat" out && grep -q "b.txt.*warning: cannot read blob" err
'

test_expect_code 2 '--git outside a repository exits 2' '
    mkdir plain && "$SHIPGATE" scan secrets plain --git
'

test_done
