#!/bin/bash
# shipgate run: the bulk log path. Output read in large chunks must keep the
# per-line rules: masks across read and piece boundaries (long lines),
# ::add-mask:: applying to the very next line of the same burst, commands
# recognised on whole lines only, groups, the job prefix on every line.
. "$(dirname "$0")/lib.sh"

make_repo r
write_file r/burst.py <<'PY'
import os, sys, time
w = lambda b: os.write(1, b)
mode = sys.argv[1]
if mode == "long":
    # one 600 KB line of back-to-back secrets: every piece and read boundary
    # falls inside a secret or on a comma
    sec = os.environ["SEC"].encode()
    w(b"".join([sec + b","] * (600000 // (len(sec) + 1))) + b"\nafter-long\n")
elif mode == "slow":
    # a line whose secret arrives in two writes, 300 ms apart
    sec = os.environ["SEC"].encode()
    w(b"split: " + sec[:7]); time.sleep(0.3); w(sec[7:] + b" end\n")
elif mode == "burst":
    body = [b"filler line %d" % i for i in range(3000)]
    body += [b"::add-mask::burst-value-77", b"right after: burst-value-77",
             b"  ::add-mask::indented-value-88", b"then indented-value-88",
             b"text ##[add-mask]legacy-value-99", b"then legacy-value-99",
             b"a :: in the middle::warning::is not a command",
             b"::group::Outer", b"inside the group", b"::endgroup::", b"outside again",
             b"::stop-commands::tok123", b"::warning::not-a-warning", b"::tok123::",
             b"::warning::real-warning", b"crlf line\r"]
    body += [b"tail line %d" % i for i in range(3000)]
    w(b"\n".join(body) + b"\nlast line without newline")
PY
write_file r/.github/workflows/ci.yml <<'YML'
on: push
jobs:
  bulk:
    runs-on: ubuntu-latest
    env: {SEC: "${{ secrets.TOKEN }}"}
    steps:
      - run: python3 burst.py long
      - run: python3 burst.py slow
      - run: python3 burst.py burst
YML

test_expect_success 'run with a secret and bursts of output' '
    (cd r && "$SHIPGATE" run --secret TOKEN=s3cr3t-token-abcdef >../log 2>&1)
'
test_expect_success 'a secret split across read chunks and long-line pieces is masked' '
    ! grep -q s3cr3t log &&
    grep "^\[bulk\]   | [*,]" log >long &&
    test "$(wc -l <long)" -ge 9 &&
    ! sed "s/^\[bulk\]   | //" long | tr -d "*,\n" | grep -q . &&
    grep -q "^\[bulk\]   | after-long$" log
'
test_expect_success 'a secret written in two pieces of one line is masked' '
    grep -q "^\[bulk\]   | split: \*\*\* end$" log
'
test_expect_success '::add-mask:: masks the next line of the same burst' '
    ! grep -q burst-value-77 log && grep -q "right after: \*\*\*$" log &&
    ! grep -q indented-value-88 log && grep -q "then \*\*\*$" log &&
    ! grep -q legacy-value-99 log && grep -c "then \*\*\*$" log | grep -q 2
'
test_expect_success 'commands only on whole lines; stop-commands; groups' '
    grep -q "| a :: in the middle::warning::is not a command$" log &&
    grep -q "| ::warning::not-a-warning$" log &&
    grep -q "warning: real-warning" log &&
    grep -q "^\[bulk\]   > Outer$" log &&
    grep -q "^\[bulk\]     | inside the group$" log &&
    grep -q "^\[bulk\]   | outside again$" log
'
test_expect_success 'every output line has the job prefix, in order, none lost' '
    grep -c "^\[bulk\]   | filler line " log | grep -qx 3000 &&
    grep -c "^\[bulk\]   | tail line " log | grep -qx 3000 &&
    grep "line [0-9]*$" log | sed "s/.* //" | awk "NR == 1 || \$1 == p + 1 || \$1 == 0 { p = \$1; next } { exit 1 }" &&
    grep -q "^\[bulk\]   | crlf line$" log &&
    grep -q "^\[bulk\]   | last line without newline$" log &&
    ! grep -v "^\[bulk\] " log | grep -q "line"
'
test_done
