#!/usr/bin/env bash
# Runs the bundled example pipeline the way a user would: the example is
# copied into a fresh git repository (on branch main) and `shipgate run`
# runs its push workflow there. Usage: scripts/run-example.sh SHIPGATE [EXAMPLE]
set -euo pipefail
shipgate=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
example=${2:-examples/python-service}
work=$(mktemp -d "${TMPDIR:-/tmp}/shipgate-example.XXXXXX")
trap 'rm -rf "$work"' EXIT

cp -r "$example/." "$work/"
cd "$work"
git init -q -b main
git -c user.name="shipgate example" -c user.email="example@localhost" add -A
git -c user.name="shipgate example" -c user.email="example@localhost" commit -q -m "example"
echo "== shipgate run push  (in a fresh repository copied from $example)"
"$shipgate" run push --json "$work/run.json"
echo "== run report: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["conclusion"], "-", ", ".join(j["id"]+"="+j["conclusion"] for w in r["workflows"] for j in w["jobs"]))' "$work/run.json")"
