#!/usr/bin/env bash
# `shipgate lint` accepts every workflow of the real-world corpus in
# tests/e2e/data/workflows/ silently: each file there is one that GitHub
# accepts (checked with GitHub's own parser, @actions/workflow-parser, when the
# corpus was assembled), so any message or non-zero exit is a false positive.
#
# Each source folder is laid out as the repository it comes from: its files
# go to .github/workflows/ of a fresh git repository, so calls such as
# `uses: ./.github/workflows/004-smoke-test.yml` find their callee as they
# would on GitHub.
. "$(dirname "$0")/lib.sh"

CORPUS="$TEST_DIR/data/workflows"

lint_silently() {
    "$SHIPGATE" lint "$1" >out 2>err
    rc=$?
    cat out err
    [ "$rc" -eq 0 ] && [ ! -s out ] && [ ! -s err ]
}

count=0
for src in "$CORPUS"/*/; do
    src=${src%/}
    repo="$TRASH/repos/$(basename "$src")"
    mkdir -p "$repo/.github/workflows"
    git init -q "$repo"
    cp "$src"/*.yml "$repo/.github/workflows/"
    while IFS= read -r f; do
        count=$((count + 1))
        test_expect_success "lint accepts $(basename "$src")/$f" \
            "lint_silently '$repo/.github/workflows/$f'"
    done < <(cd "$src" && find . -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | sed 's|^\./||' | LC_ALL=C sort)
done

test_expect_success 'the corpus holds at least 40 workflows' "[ $count -ge 40 ]"

ex="$TRASH/repos/python-service"
cp -r "$SRC_ROOT/examples/python-service" "$ex" && git init -q "$ex"
test_expect_success 'lint accepts the python-service example' \
    "lint_silently '$ex/.github/workflows/ci.yml'"
test_done
