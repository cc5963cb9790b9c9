#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shipgate run's log path: one step prints LOG_MB (default 1024) MB of log
# lines while 20 secrets are registered; the live log goes to /dev/null.
# Compared with `cat` of the same bytes to /dev/null (the same producer,
# cat of a file of up to 64 MB of lines, repeated, piped through cat; a
# Python loop capped near 130 MB/s and hid the log path's own speed).
# LOG_MB is rounded up to a multiple of that file's size. Each side runs
# RUNS (default 2) times, alternating; the best time counts. Prints MB/s
# (target >= 500 MB/s for shipgate). Never fails on time. --dry-run: 32 MB.
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
rep=$((MB < 64 ? MB : 64))
times=$(((MB + rep - 1) / rep))
MB=$((rep * times))
for ((i = 0; i < rep; i++)); do cat "$work/block.txt"; done >"$work/big.txt"
cat >"$work/emit.sh" <<'SH'
for ((i = 0; i < $2; i++)); do cat "$1"; done
SH
bytes=$(($(stat -c %s "$work/big.txt") * times))
git init -q "$work/repo"
(cd "$work/repo" && git -c user.name=b -c user.email=b@b commit -q --allow-empty -m init)
mkdir -p "$work/repo/.github/workflows"
cat >"$work/repo/.github/workflows/log.yml" <<YML
on: push
jobs:
  log:
    runs-on: ubuntu-latest
    steps:
      - run: bash "$work/emit.sh" "$work/big.txt" $times
YML
secrets=()
for i in $(seq 1 20); do secrets+=(--secret "S$i=secret-value-$i-$RANDOM$RANDOM"); done

best_cat=999999 best_sg=999999
for ((r = 0; r < ${RUNS:-2}; r++)); do
    t0=$(now)
    bash "$work/emit.sh" "$work/big.txt" "$times" | cat >/dev/null
    t1=$(now)
    (cd "$work/repo" && "$SHIPGATE" run "${secrets[@]}" >/dev/null 2>"$work/err") || {
        echo "run-log: shipgate run failed"; tail -5 "$work/err"; exit 1; }
    t2=$(now)
    best_cat=$(awk -v a="$t0" -v b="$t1" -v c="$best_cat" 'BEGIN { print (b - a < c ? b - a : c) }')
    best_sg=$(awk -v a="$t1" -v b="$t2" -v c="$best_sg" 'BEGIN { print (b - a < c ? b - a : c) }')
done
awk -v b="$bytes" -v m="$best_cat" -v c="$best_sg" 'BEGIN {
    mb = b / 1e6
    printf "run-log: %.0f MB of log lines, 20 secrets: cat %.2f s (%.0f MB/s), shipgate run %.2f s (%.0f MB/s; target >= 500 MB/s)\n",
           mb, m, mb / m, c, mb / c
}'
