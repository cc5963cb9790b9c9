#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Workflow parsing benchmark: `shipgate lint` against GitHub's own parser
# (@actions/workflow-parser, parseWorkflow + convertWorkflowTemplate under
# node) on the same generated ~2 MB workflow, measured in the same run.
# Prints wall time (best of RUNS), throughput and peak RSS, and the ratios.
# Never fails on time; fails only when lint rejects the valid workflow or the
# harness itself breaks.
#
#   SHIPGATE=build/release/shipgate bash bench/workflow-parse.sh [--dry-run]
#
# Environment: SHIPGATE (binary), RUNS (default 5), NODE_RUNS (default 3), JOBS/STEPS (generator
# size, default 500/10), SG_BENCH_NODE_DIR (scratch folder for the npm
# install, default $TMPDIR/sg-bench-node; created outside the repository),
# SG_BENCH_NO_NODE=1 to skip the baseline.
# --dry-run times `cat FILE` in place of shipgate: checks the harness without
# a binary.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dry=0
for arg in "$@"; do
    case $arg in
        --dry-run|-n) dry=1 ;;
        *) echo "usage: $0 [--dry-run]" >&2; exit 2 ;;
    esac
done

RUNS=${RUNS:-5}
# node takes seconds a run: fewer runs keep the whole benchmark near half a minute.
NODE_RUNS=${NODE_RUNS:-3}
JOBS=${JOBS:-500}
STEPS=${STEPS:-10}
node_dir=${SG_BENCH_NODE_DIR:-${TMPDIR:-/tmp}/sg-bench-node}
work=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-wf.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ "$dry" = 0 ]; then
    : "${SHIPGATE:?set SHIPGATE to the shipgate binary (or use --dry-run)}"
    [ -x "$SHIPGATE" ] || { echo "workflow-parse: $SHIPGATE is not executable" >&2; exit 2; }
fi

file=$work/bench-workflow.yml
python3 "$here/gen_workflow.py" --jobs "$JOBS" --steps "$STEPS" -o "$file"
bytes=$(wc -c <"$file")
printf 'workflow-parse: %s jobs x %s steps, %s bytes (%.2f MB), best of %s runs (node: %s)\n' \
    "$JOBS" "$STEPS" "$bytes" "$(awk -v b="$bytes" 'BEGIN{print b/1048576}')" "$RUNS" "$NODE_RUNS"

# field JSON KEY: one value out of measure.py's or parse.mjs's JSON line.
field() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"; }

if [ "$dry" = 1 ]; then
    sg_label="cat (dry run)"
    sg=$(python3 "$here/measure.py" "$RUNS" -- cat "$file")
else
    sg_label="shipgate lint"
    sg=$(python3 "$here/measure.py" "$RUNS" -- "$SHIPGATE" lint "$file")
    if [ "$(field "$sg" rc)" != 0 ] || [ -n "$(field "$sg" stdout)$(field "$sg" stderr)" ]; then
        echo "workflow-parse: shipgate lint rejected the generated workflow (exit $(field "$sg" rc)):" >&2
        { field "$sg" stdout; field "$sg" stderr; } | head -n 20 >&2
        exit 1
    fi
fi

# The baseline: install GitHub's parser into a scratch folder once.
node_status=""
if [ "${SG_BENCH_NO_NODE:-0}" = 1 ]; then
    node_status="skipped (SG_BENCH_NO_NODE=1)"
elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    node_status="skipped (node or npm not installed)"
elif [ ! -f "$node_dir/node_modules/@actions/workflow-parser/package.json" ]; then
    mkdir -p "$node_dir"
    if ! (cd "$node_dir" && { [ -f package.json ] || npm init -y >/dev/null 2>&1; } &&
          npm install --no-audit --no-fund @actions/workflow-parser >npm.log 2>&1); then
        node_status="skipped (npm install @actions/workflow-parser failed; see $node_dir/npm.log)"
    fi
fi

if [ -z "$node_status" ]; then
    parser_version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
        "$node_dir/node_modules/@actions/workflow-parser/package.json")
    # A fresh process per run, as `shipgate lint` is: start-up, module load, one parse.
    cold=$(python3 "$here/measure.py" "$NODE_RUNS" -- node "$here/node/parse.mjs" --modules "$node_dir" bench 1 "$file")
    # One process parsing RUNS times: the parser alone once the JIT is warm.
    warm=$(node "$here/node/parse.mjs" --modules "$node_dir" bench "$NODE_RUNS" "$file")
    cold_inner=$(field "$cold" stdout)
    if [ "$(field "$cold" rc)" != 0 ] || [ "$(field "$cold_inner" errors)" != 0 ]; then
        echo "workflow-parse: the node baseline failed or found errors: $(field "$cold_inner" first_error) $(field "$cold" stderr)" >&2
        exit 1
    fi
    if [ "$(field "$cold_inner" jobs)" != "$JOBS" ]; then
        echo "workflow-parse: the node baseline saw $(field "$cold_inner" jobs) jobs, expected $JOBS" >&2
        exit 1
    fi
fi

python3 - "$bytes" "$sg_label" "$sg" "${cold:-}" "${warm:-}" "${parser_version:-}" "$node_status" <<'PY'
import json, sys
size, sg_label, sg, cold, warm, ver, status = sys.argv[1:8]
size = int(size)
mb = size / 1048576
rows = []
sg = json.loads(sg)
rows.append((sg_label + " (process)", sg["best_ms"], sg["median_ms"], sg["peak_rss_mb"]))
if cold:
    c, w = json.loads(cold), json.loads(warm)
    rows.append((f"@actions/workflow-parser {ver}, node process", c["best_ms"], c["median_ms"], c["peak_rss_mb"]))
    rows.append((f"@actions/workflow-parser {ver}, in-process warm", w["best_ms"],
                 sorted(w["times_ms"])[len(w["times_ms"]) // 2], w["peak_rss_mb"]))
print(f"{'parser':<52} {'best ms':>9} {'median ms':>10} {'MB/s':>8} {'peak MB':>8}")
for name, best, med, rss in rows:
    print(f"{name:<52} {best:>9.1f} {med:>10.1f} {mb / (best / 1000):>8.1f} {rss:>8.1f}")
if cold:
    s = rows[0][1]
    print(f"ratio: node process / {sg_label} = {rows[1][1] / s:.1f}x time, "
          f"{rows[1][3] / max(rows[0][3], 0.001):.1f}x peak memory")
    print(f"ratio: node warm parse only / {sg_label} = {rows[2][1] / s:.1f}x time")
else:
    print(f"node baseline: {status}")
PY
