# shellcheck shell=bash
# A small TAP harness for end-to-end tests (after git's t/test-lib.sh).
# A test file sources this, calls test_expect_success / test_expect_failure
# with a title and a script, and ends with test_done.
#
#   . "$(dirname "$0")/lib.sh"
#   test_expect_success 'version prints' '
#       "$SHIPGATE" version >out && grep -q "^shipgate " out
#   '
#   test_done
#
# Each test file runs in its own temporary directory ($TRASH), removed at
# the end unless SG_KEEP_TRASH=1. $SHIPGATE is the binary under test;
# $SHARED is the shared/ folder beside the repository.

set -u
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
SRC_ROOT=$(cd "$TEST_DIR/../.." && pwd)
: "${SHIPGATE:=$SRC_ROOT/build/release/shipgate}"
: "${SHARED:=$(cd "$SRC_ROOT/../shared" 2>/dev/null && pwd)}"
export SHIPGATE SHARED SRC_ROOT TEST_DIR
export NO_COLOR=1 LC_ALL=C.UTF-8 TZ=UTC
export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL="author@example.com"
export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL="committer@example.com"
export GIT_CONFIG_NOSYSTEM=1 HOME="${TMPDIR:-/tmp}/sg-e2e-home.$$"
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global advice.detachedHead false

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/sg-e2e.XXXXXX")
cd "$TRASH" || exit 1
sg_test_count=0
sg_test_failed=0

sg_cleanup() {
    cd / || true
    if [ "${SG_KEEP_TRASH:-0}" != 1 ]; then rm -rf "$TRASH" "$HOME"; fi
}
trap sg_cleanup EXIT

# test_expect_success TITLE SCRIPT: the script must exit 0.
test_expect_success() {
    sg_test_count=$((sg_test_count + 1))
    local out
    if out=$(cd "$TRASH" && eval "$2" 2>&1); then
        echo "ok $sg_test_count - $1"
    else
        echo "not ok $sg_test_count - $1"
        printf '%s\n' "$out" | sed 's/^/#   /'
        sg_test_failed=$((sg_test_failed + 1))
    fi
}

# test_expect_code CODE TITLE SCRIPT: the script's last command must exit CODE.
test_expect_code() {
    sg_test_count=$((sg_test_count + 1))
    local out rc
    out=$(cd "$TRASH" && eval "$3" 2>&1)
    rc=$?
    if [ "$rc" -eq "$1" ]; then
        echo "ok $sg_test_count - $2"
    else
        echo "not ok $sg_test_count - $2 (exit $rc, expected $1)"
        printf '%s\n' "$out" | sed 's/^/#   /'
        sg_test_failed=$((sg_test_failed + 1))
    fi
}

# make_repo DIR: a fresh git repository with one commit.
make_repo() {
    git init -q "$1" && (cd "$1" && git commit -q --allow-empty -m initial)
}

# write_file PATH: writes stdin to PATH, creating folders.
write_file() {
    mkdir -p "$(dirname "$1")" && cat >"$1"
}

test_done() {
    echo "1..$sg_test_count"
    [ "$sg_test_failed" -eq 0 ]
}
