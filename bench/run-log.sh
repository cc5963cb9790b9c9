#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shipgate run's log path: one step prints LOG_MB (default 1024) MB of log
# lines while 20 secrets are registered; the live log goes to /dev/null.
# Compared with `cat` of the same bytes to /dev/null (the same producer,
# a small Python loop, piped through cat). Prints MB/s (target >= 500 MB/s for shipgate).
# Never fails on time. --dry-run: 32 MB.
set -uo pipefail
SHIPGATE=${SHIPGATE:-$(cd "$(dirname "$0")/.." && pwd)/build/release/shipgate}
MB=${LOG_MB:-1024}
[ "${1:-}" = --dry-run ] && MB=32
work=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-log.XXXXXX")
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

# One block of realistic log lines (about 1 MB), printed MB times by the step.
python3 - "$work/block.txt" <<'PY'
import random, sys
R = random.Random(3)
words = "build compile link test passed failed warning info debug module service request handler cache".split()
out, size = [], 0
while size < (1 << 20):
    line = "%05d %s: %s" % (R.randrange(99999), R.choice(words).upper(),
                            " ".join(R.choice(words) for _ in range(R.randrange(4, 16))))
    out.append(line); size += len(line) + 1
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
cat >"$work/emit.py" <<'PY'
import sys
block = open(sys.argv[1], "rb").read()
out = sys.stdout.buffer
for _ in range(int(sys.argv[2])):
    out.write(block)
PY
block=$(stat -c %s "$work/block.txt")
bytes=$((block * MB))
git init -q "$work/repo"
(cd "$work/repo" && git -c user.name=b -c user.email=b@b commit -q --allow-empty -m init)
mkdir -p "$work/repo/.github/workflows"
cat >"$work/repo/.github/workflows/log.yml" <<YML
on: push
jobs:
  log:
    runs-on: ubuntu-latest
    steps:
      - run: python3 "$work/emit.py" "$work/block.txt" $MB
YML
secrets=()
for i in $(seq 1 20); do secrets+=(--secret "S$i=secret-value-$i-$RANDOM$RANDOM"); done

t0=$(now)
python3 "$work/emit.py" "$work/block.txt" "$MB" | cat >/dev/null
t1=$(now)
(cd "$work/repo" && "$SHIPGATE" run "${secrets[@]}" >/dev/null 2>"$work/err") || {
    echo "run-log: shipgate run failed"; tail -5 "$work/err"; exit 1; }
t2=$(now)
awk -v b="$bytes" -v a="$t0" -v m="$t1" -v c="$t2" 'BEGIN {
    mb = b / 1e6
    printf "run-log: %.0f MB of log lines, 20 secrets: cat %.2f s (%.0f MB/s), shipgate run %.2f s (%.0f MB/s; target >= 500 MB/s)\n",
           mb, m - a, mb / (m - a), c - m, mb / (c - m)
}'
