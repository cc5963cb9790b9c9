#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fan-out/fan-in: a diamond of JOBS (default 200) jobs, 1 -> JOBS-2 -> 1,
# each with one `sleep 0.05` step. Prints the wall time of `shipgate run`
# with -p 2 and with the default parallelism against the sum of the steps'
# own run times (from the JSON report) and the ideal on 2 cores.
# Never fails on time. --dry-run: 20 jobs.
set -uo pipefail
SHIPGATE=${SHIPGATE:-$(cd "$(dirname "$0")/.." && pwd)/build/release/shipgate}
N=${JOBS:-200}
[ "${1:-}" = --dry-run ] && N=20
work=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-fanout.XXXXXX")
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

git init -q "$work/repo"
(cd "$work/repo" && git -c user.name=b -c user.email=b@b commit -q --allow-empty -m init)
mkdir -p "$work/repo/.github/workflows"
{
    printf 'on: push\njobs:\n  start:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sleep 0.05\n'
    for ((i = 1; i <= N - 2; i++)); do
        printf '  mid%d:\n    needs: start\n    runs-on: ubuntu-latest\n    steps:\n      - run: sleep 0.05\n' "$i"
    done
    printf '  end:\n    needs: ['
    for ((i = 1; i <= N - 2; i++)); do printf '%smid%d' "$([ "$i" = 1 ] || echo ', ')" "$i"; done
    printf ']\n    runs-on: ubuntu-latest\n    steps:\n      - run: sleep 0.05\n'
} >"$work/repo/.github/workflows/fan.yml"

one() {
    local label=$1; shift
    local t0 t1
    t0=$(now)
    (cd "$work/repo" && "$SHIPGATE" run "$@" --json "$work/rep.json" >"$work/out" 2>&1) || {
        echo "run-fanout: shipgate run $* failed"; tail -5 "$work/out"; return 1; }
    t1=$(now)
    local jobs sum
    jobs=$(jq '[.workflows[0].jobs[] | select(.conclusion == "success")] | length' "$work/rep.json")
    [ "$jobs" = "$N" ] || { echo "run-fanout: $jobs of $N jobs succeeded"; return 1; }
    sum=$(jq '[.workflows[0].jobs[].steps[].duration_ms] | add' "$work/rep.json")
    awk -v l="$label" -v n="$N" -v a="$t0" -v b="$t1" -v s="$sum" 'BEGIN {
        w = b - a; s /= 1000
        printf "run-fanout: %d jobs, %s: wall %.2f s, sum of step times %.2f s, ideal on 2 cores %.2f s, speed-up %.2fx\n",
               n, l, w, s, 0.05 * 2 + s / 2 - 0.05, s / w
    }'
}
one "-p 2" -p 2 || exit 1
one "default -p ($(nproc) CPUs)" || exit 1
