#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shipgate run's overhead per step: one job of STEPS (default 1000)
# `run: true` steps, against a plain loop that runs the same number of
#   bash --noprofile --norc -eo pipefail FILE
# (what a step costs without shipgate). Prints both times and shipgate's
# overhead per step in ms (target < 0.5 ms). Never fails on time.
# --dry-run: 50 steps.
set -uo pipefail
SHIPGATE=${SHIPGATE:-$(cd "$(dirname "$0")/.." && pwd)/build/release/shipgate}
N=${STEPS:-1000}
[ "${1:-}" = --dry-run ] && N=50
work=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-steps.XXXXXX")
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

git init -q "$work/repo"
(cd "$work/repo" && git -c user.name=b -c user.email=b@b commit -q --allow-empty -m init)
mkdir -p "$work/repo/.github/workflows"
{
    printf 'on: push\njobs:\n  many:\n    runs-on: ubuntu-latest\n    steps:\n'
    for ((i = 0; i < N; i++)); do printf '      - run: true\n'; done
} >"$work/repo/.github/workflows/steps.yml"
printf 'true\n' >"$work/step.sh"

t0=$(now)
for ((i = 0; i < N; i++)); do bash --noprofile --norc -eo pipefail "$work/step.sh" || exit 1; done
t1=$(now)
(cd "$work/repo" && "$SHIPGATE" run --json "$work/rep.json" >"$work/out" 2>&1) || {
    echo "run-steps: shipgate run failed"; tail -5 "$work/out"; exit 1; }
t2=$(now)
steps=$(jq '.workflows[0].jobs[0].steps | length' "$work/rep.json")
[ "$steps" = "$N" ] || { echo "run-steps: the report has $steps steps, not $N"; exit 1; }
awk -v n="$N" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    loop = b - a; sg = c - b
    printf "run-steps: %d steps: bash loop %.3f s (%.3f ms/step), shipgate run %.3f s (%.3f ms/step)\n",
           n, loop, loop * 1000 / n, sg, sg * 1000 / n
    printf "run-steps: shipgate overhead per step: %.3f ms (target < 0.5 ms)\n", (sg - loop) * 1000 / n
}'
