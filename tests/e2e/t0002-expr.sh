#!/usr/bin/env bash
# shipgate expr: results, errors, contexts from JSON and from files.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a number prints in the describe form' '
    "$SHIPGATE" expr "0x10 == 16 && 2 > 1" >out &&
    echo "{\"kind\":\"Boolean\",\"value\":true}" >want && cmp want out
'
test_expect_success 'negative zero prints as 0 and NaN as a string' '
    "$SHIPGATE" expr -0 >out && grep -qx "{\"kind\":\"Number\",\"value\":0}" out &&
    "$SHIPGATE" expr NaN >out && grep -qx "{\"kind\":\"Number\",\"value\":\"NaN\"}" out
'
test_expect_success '--contexts provides named values, looked up ignoring case' '
    "$SHIPGATE" expr --contexts "{\"github\":{\"Ref\":\"refs/tags/v1\"}}" \
        "startsWith(GITHUB.ref, '"'"'refs/tags/v'"'"')" >out &&
    grep -qx "{\"kind\":\"Boolean\",\"value\":true}" out
'
test_expect_success '--contexts @FILE reads the contexts from a file' '
    echo "{\"matrix\":{\"os\":[\"linux\",\"mac\"]}}" >ctx.json &&
    "$SHIPGATE" expr -c @ctx.json "join(matrix.os, '"'"', '"'"')" >out &&
    grep -qx "{\"kind\":\"String\",\"value\":\"linux, mac\"}" out
'
test_expect_success 'objects print as compact JSON' '
    "$SHIPGATE" expr "fromJSON('"'"'{\"a\":[1,true,null]}'"'"')" >out &&
    grep -qx "{\"kind\":\"Object\",\"value\":{\"a\":\[1,true,null\]}}" out
'
test_expect_code 1 'a parse error prints GitHub'"'"'s message and exits 1' '
    "$SHIPGATE" expr "1 < )" >out; rc=$?
    grep -qx "{\"err\":{\"kind\":\"parsing\",\"value\":\"Unexpected symbol: '"'"')'"'"'. Located at position 5 within expression: 1 < )\"}}" out && exit $rc
'
test_expect_code 1 'an evaluation error exits 1' '
    "$SHIPGATE" expr "fromJSON('"'"'{'"'"')" >out; rc=$?
    grep -q "\"kind\":\"evaluation\"" out && exit $rc
'
test_expect_code 2 'bad --contexts JSON exits 2 naming the position' '
    "$SHIPGATE" expr --contexts "{\"a\":" 1 2>err; rc=$?
    grep -q "1:5" err && exit $rc
'
test_expect_code 2 'no expression is a usage error' '
    "$SHIPGATE" expr 2>err
'
test_expect_success 'hashFiles hashes below the current directory' '
    printf "hello" >a.txt &&
    "$SHIPGATE" expr "hashFiles('"'"'a.txt'"'"')" >out &&
    want=$(printf "hello" | sha256sum | cut -c1-64 | xxd -r -p | sha256sum | cut -c1-64) &&
    grep -qx "{\"kind\":\"String\",\"value\":\"$want\"}" out
'
test_done
