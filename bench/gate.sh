#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Gate speed on a large SARIF log: generates (bench/gen_sarif.py) a log of
# GATE_RESULTS results (default 200,000, about 100 MB) in a temp folder,
# then in the same run times, best of GATE_RUNS (default 3),
#   shipgate gate --no-store --format json -o /dev/null LOG   (parse, fingerprint,
#                                                    decide, write the JSON)
#   python3 -c 'import json; json.load(open(LOG))'    (parsing alone)
#   jq length LOG                                     (when jq is installed)
# and prints MB/s, peak resident memory (of the child only, bench/measure.py)
# and the ratios. Targets (issue 4): gate >= 5x faster than json.load, peak
# under 3x the file size; printed as met or not, never failing on time.
# --dry-run: 5,000 results, one run.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SHIPGATE=${SHIPGATE:-$here/../build/release/shipgate}
N=${GATE_RESULTS:-200000}
RUNS=${GATE_RUNS:-3}
[ "${1:-}" = --dry-run ] && { N=5000; RUNS=1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench-gate.XXXXXX")
trap 'rm -rf "$work"' EXIT
log="$work/big.sarif"

echo "== gate: generating a SARIF log with $N results"
python3 "$here/gen_sarif.py" "$log" "$N" || exit 2
size=$(stat -c %s "$log")
mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')
echo "   $log: $mb MB"
cat "$log" >/dev/null # warm the page cache for everyone

measure() { python3 "$here/measure.py" "$RUNS" -- "$@"; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

# Exit 1 is "the gate blocks", which this log does: only 2 is an error.
g=$(measure "$SHIPGATE" gate --no-store --format json -o /dev/null "$log")
[ "$(field "$g" rc)" -le 1 ] || { echo "bench: shipgate gate failed: $(field "$g" stderr)" >&2; exit 2; }
p=$(measure python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$log")
[ "$(field "$p" rc)" = 0 ] || { echo "bench: python json.load failed" >&2; exit 2; }
j=""
command -v jq >/dev/null && j=$(measure jq length "$log")

python3 - "$size" "$g" "$p" "$j" <<'PY'
import json, sys
size = int(sys.argv[1]) / 1e6
rows = [("shipgate gate --format json", json.loads(sys.argv[2])),
        ("python3 json.load", json.loads(sys.argv[3]))]
if sys.argv[4]:
    rows.append(("jq length", json.loads(sys.argv[4])))
gate = rows[0][1]
print("%-30s %9s %9s %9s %10s" % ("", "best s", "MB/s", "peak MB", "vs gate"))
for name, r in rows:
    s = r["best_ms"] / 1000
    print("%-30s %9.2f %9.1f %9.1f %9.1fx" % (name, s, size / s, r["peak_rss_mb"],
                                              r["best_ms"] / gate["best_ms"]))
speed = rows[1][1]["best_ms"] / gate["best_ms"]
mem = gate["peak_rss_mb"] / size
print("gate is %.1fx faster than json.load (target 5x: %s); peak %.2fx the file size "
      "(target under 3x: %s)" % (speed, "met" if speed >= 5 else "NOT met",
                                  mem, "met" if mem < 3 else "NOT met"))
PY
