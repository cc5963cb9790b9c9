#!/usr/bin/env bash
# `shipgate lint` accepts every workflow of the real-world corpus in
# tests/e2e/data/workflows/ silently: each file there is one that GitHub
# accepts (checked with GitHub's own parser, @actions/workflow-parser, when the
# corpus was assembled), so any message or non-zero exit is a false positive.
. "$(dirname "$0")/lib.sh"

CORPUS="$TEST_DIR/data/workflows"

lint_silently() {
    "$SHIPGATE" lint "$1" >out 2>err
    rc=$?
    cat out err
    [ "$rc" -eq 0 ] && [ ! -s out ] && [ ! -s err ]
}

count=0
while IFS= read -r f; do
    count=$((count + 1))
    test_expect_success "lint accepts ${f#"$CORPUS"/}" "lint_silently '$f'"
done < <(find "$CORPUS" -type f \( -name '*.yml' -o -name '*.yaml' \) | LC_ALL=C sort)

test_expect_success 'the corpus holds at least 40 workflows' "[ $count -ge 40 ]"
test_expect_success 'lint accepts the python-service example' \
    "lint_silently '$SRC_ROOT/examples/python-service/.github/workflows/ci.yml'"
test_done
