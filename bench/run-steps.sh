#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shipgate run's overhead per step: one job of STEPS (default 1000)
# `run: true` steps, against a plain loop that runs the same number of
#   bash --noprofile --norc -eo pipefail FILE
# (what a step costs without shipgate). The two alternate RUNS times
# (default 5), so load from elsewhere hits both alike; the median and the
# best of each are reported per step, wall clock and CPU (user+sys of the
# process and its children), with shipgate's overhead per step: the
# difference of the medians (target < 0.5 ms). A bash loop forks a large
# process where shipgate uses posix_spawn, so the difference can come out
# negative: then shipgate adds nothing measurable. Never fails on time.
# --dry-run: 50 steps, 3 runs.
set -uo pipefail
SHIPGATE=${SHIPGATE:-$(cd "$(dirname "$0")/.." && pwd)/build/release/shipgate}
N=${STEPS:-1000}
RUNS=${RUNS:-5}
[ "${1:-}" = --dry-run ] && N=50 && RUNS=3
work=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-steps.XXXXXX")
trap 'rm -rf "$work"' EXIT
TIME=$(command -v time 2>/dev/null | grep / || echo /usr/bin/time)
[ -x "$TIME" ] || { echo "run-steps: needs GNU time (/usr/bin/time)"; exit 1; }

git init -q "$work/repo"
(cd "$work/repo" && git -c user.name=b -c user.email=b@b commit -q --allow-empty -m init)
mkdir -p "$work/repo/.github/workflows"
{
    printf 'on: push\njobs:\n  many:\n    runs-on: ubuntu-latest\n    steps:\n'
    for ((i = 0; i < N; i++)); do printf '      - run: true\n'; done
} >"$work/repo/.github/workflows/steps.yml"
printf 'true\n' >"$work/step.sh"

cat >"$work/loop.sh" <<'SH'
for ((i = 0; i < $1; i++)); do bash --noprofile --norc -eo pipefail "$2" || exit 1; done
SH
# one line per run: wall user sys
for ((r = 0; r < RUNS; r++)); do
    "$TIME" -f '%e %U %S' -a -o "$work/loop.t" bash "$work/loop.sh" "$N" "$work/step.sh" || exit 1
    (cd "$work/repo" && "$TIME" -f '%e %U %S' -a -o "$work/sg.t" \
        "$SHIPGATE" run --json "$work/rep.json" >"$work/out" 2>&1) || {
        echo "run-steps: shipgate run failed"; tail -5 "$work/out"; exit 1; }
    steps=$(jq '.workflows[0].jobs[0].steps | length' "$work/rep.json")
    [ "$steps" = "$N" ] || { echo "run-steps: the report has $steps steps, not $N"; exit 1; }
done
# median and best per step in ms, wall and cpu
pick() { # FILE COLUMN-EXPR: median and best of the column, ms per step
    awk "{ print $2 }" "$1" | sort -g | awk -v n="$N" '{ v[NR] = $1 } END {
        printf "%.3f %.3f", v[int((NR + 1) / 2)] * 1000 / n, v[1] * 1000 / n }'
}
stats() { echo "$(pick "$1" '$1') $(pick "$1" '$2 + $3')"; }
read -r lw lwb lc lcb < <(stats "$work/loop.t")
read -r sw swb sc scb < <(stats "$work/sg.t")
printf 'run-steps: %d steps, %d alternating runs, per step (median / best):\n' "$N" "$RUNS"
printf 'run-steps:   bash loop     wall %s / %s ms, cpu %s / %s ms\n' "$lw" "$lwb" "$lc" "$lcb"
printf 'run-steps:   shipgate run  wall %s / %s ms, cpu %s / %s ms\n' "$sw" "$swb" "$sc" "$scb"
awk -v a="$sw" -v b="$lw" -v c="$sc" -v d="$lc" 'BEGIN {
    printf "run-steps: shipgate overhead per step: wall %.3f ms, cpu %.3f ms (target < 0.5 ms)\n", a - b, c - d
}'
