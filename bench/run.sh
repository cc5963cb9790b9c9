#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every benchmark and prints its figures: `make bench` calls
#   bash bench/run.sh BUILD_DIR [--dry-run]
# BUILD_DIR holds the shipgate binary and the bench_* binaries built from
# bench/bench_*.c. Every bench/*.sh runs with SHIPGATE set (and --dry-run
# passed on when given); every BUILD_DIR/bench/bench_* binary runs as is.
# Benchmarks never fail on time: the exit status is non-zero only when a
# benchmark could not run or reported wrong results.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=""
pass=()
for arg in "$@"; do
    case $arg in
        --dry-run|-n) pass+=(--dry-run) ;;
        -*) echo "usage: bash bench/run.sh BUILD_DIR [--dry-run]" >&2; exit 2 ;;
        *) [ -z "$build" ] || { echo "usage: bash bench/run.sh BUILD_DIR [--dry-run]" >&2; exit 2; }
           build=$arg ;;
    esac
done
[ -n "$build" ] || { echo "usage: bash bench/run.sh BUILD_DIR [--dry-run]" >&2; exit 2; }
build=$(cd "$build" 2>/dev/null && pwd) || { echo "bench: no build folder $1" >&2; exit 2; }
export SHIPGATE="$build/shipgate"
if [ ${#pass[@]} -eq 0 ] && [ ! -x "$SHIPGATE" ]; then
    echo "bench: $SHIPGATE is missing (build it, or pass --dry-run)" >&2
    exit 2
fi

ran=0
broken=()
run_one() {
    local name=$1; shift
    echo "== $name"
    local t0=$SECONDS
    if "$@"; then
        echo "   ($((SECONDS - t0)) s)"
    else
        echo "   $name: FAILED (exit $?)"
        broken+=("$name")
    fi
    ran=$((ran + 1))
}

for script in "$here"/*.sh; do
    [ "$(basename "$script")" = run.sh ] && continue
    run_one "$(basename "$script")" bash "$script" "${pass[@]+"${pass[@]}"}"
done
for bin in "$build"/bench/bench_*; do
    if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then continue; fi
    case $bin in *.o|*.d) continue ;; esac
    run_one "$(basename "$bin")" "$bin"
done

echo "bench: $ran benchmarks, ${#broken[@]} broken${broken[*]:+: ${broken[*]}}"
[ ${#broken[@]} -eq 0 ]
