#!/usr/bin/env bash
# Data-driven lint cases: every tests/data/lint/NNNN-name.yml is linted from
# inside that folder; stdout must equal NNNN-name.out and the exit status
# NNNN-name.exit. UPDATE_GOLDEN=1 rewrites both from the current binary.
. "$(dirname "$0")/lib.sh"

CASES="$SRC_ROOT/tests/data/lint"

for yml in "$CASES"/*.yml; do
    name=$(basename "$yml" .yml)
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        (cd "$CASES" && "$SHIPGATE" lint "$name.yml" >"$name.out" 2>/dev/null; echo $? >"$name.exit")
    fi
    test_expect_success "lint case $name" '
        (cd "$CASES" && "$SHIPGATE" lint "$name.yml" >"$TRASH/$name.actual" 2>/dev/null; echo $? >"$TRASH/$name.rc");
        diff -u "$CASES/$name.out" "$TRASH/$name.actual" &&
        diff -u "$CASES/$name.exit" "$TRASH/$name.rc"
    '
done

test_expect_success 'json format is an array of positioned problems' '
    (cd "$CASES" && "$SHIPGATE" lint --format json 0002-unknown-key.yml >"$TRASH/j.json"; test $? = 1) &&
    grep -q "\"file\":\"0002-unknown-key.yml\",\"line\":2,\"column\":1,\"severity\":\"error\",\"message\":\"Unexpected value '"'"'foo'"'"'\"" "$TRASH/j.json"
'
test_expect_code 2 'an unreadable path exits 2' '
    "$SHIPGATE" lint does-not-exist.yml
'
test_expect_success 'a directory lints its .yml and .yaml files, default .github/workflows' '
    mkdir -p repo/.github/workflows &&
    cp "$CASES/0001-clean.yml" repo/.github/workflows/a.yml &&
    cp "$CASES/0002-unknown-key.yml" repo/.github/workflows/b.yaml &&
    echo "not: linted" >repo/.github/workflows/c.txt &&
    (cd repo && "$SHIPGATE" lint >../dir.out; test $? = 1) &&
    grep -q "^.github/workflows/b.yaml:2:1: error: Unexpected value" dir.out &&
    test "$(wc -l <dir.out)" = 1
'
test_done
