#!/usr/bin/env bash
# The gate reads `shipgate scan secrets` reports in both formats, and a
# secret keeps one fingerprint whichever format carried it.
. "$(dirname "$0")/lib.sh"

make_repo repo
write_file repo/config.py <<'PY'
aws_key = "AKIAQYLPMN5HHHFPZAM2"
gh = "ghp_R8mZ3kQ2vT9xW4yB7nC1dF6hJ0pL5sA2gE8u"
PY

fingerprints() {
    python3 -c 'import json,sys; print(" ".join(sorted(f["fingerprint"] for f in json.load(sys.stdin)["findings"])))'
}

test_expect_success 'scan reports in json and sarif both block the gate' '
    (cd repo && "$SHIPGATE" scan secrets -f json -o ../s.json; test $? = 1) &&
    (cd repo && "$SHIPGATE" scan secrets -f sarif -o ../s.sarif; test $? = 1) &&
    { "$SHIPGATE" gate --no-store s.json >out.json; test $? = 1; } &&
    { "$SHIPGATE" gate --no-store s.sarif >out.sarif; test $? = 1; } &&
    grep -q "critical shipgate-secrets aws-access-key-id" out.json &&
    grep -q "critical shipgate-secrets aws-access-key-id" out.sarif
'
test_expect_success 'a secret has the same fingerprint from either format' '
    a=$("$SHIPGATE" gate --no-store --format json s.json | fingerprints) &&
    b=$("$SHIPGATE" gate --no-store --format json s.sarif | fingerprints) &&
    test -n "$a" && test "$a" = "$b"
'
test_expect_success 'the gate never prints the secret itself' '
    ! grep -q "R8mZ3kQ2vT9xW4yB7nC1dF6hJ0pL5sA2gE8u" out.json out.sarif
'
test_done
