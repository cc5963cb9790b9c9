#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes a large SARIF 2.1.0 log for bench/gate.sh: one run of a SAST tool
# with 300 rules (security-severity, tags, help) and N results spread over
# 2,000 files, half with partialFingerprints, half with a snippet only, a
# few suppressed. Usage: gen_sarif.py OUT RESULTS
import json
import random
import sys

out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
rules = []
for i in range(300):
    rules.append({
        "id": "bench.rule-%03d" % i,
        "name": "BenchRule%03d" % i,
        "shortDescription": {"text": "Benchmark rule %d: untrusted input reaches a sink" % i},
        "fullDescription": {"text": "Data from an HTTP request flows into a dangerous call "
                                    "without validation. " * 2},
        "helpUri": "https://example.com/rules/bench-%03d" % i,
        "defaultConfiguration": {"level": rng.choice(["error", "warning", "note"])},
        "properties": {"tags": ["security", "CWE-%d" % (20 + i % 80)],
                       "security-severity": "%.1f" % rng.uniform(1, 10)},
    })
with open(out, "w") as f:
    f.write('{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json",'
            '"runs":[{"tool":{"driver":{"name":"benchscan","version":"1.0","rules":')
    json.dump(rules, f)
    f.write('}},"results":[')
    for i in range(n):
        r = rng.randrange(300)
        line = rng.randrange(1, 4000)
        res = {
            "ruleId": rules[r]["id"],
            "ruleIndex": r,
            "level": rules[r]["defaultConfiguration"]["level"],
            "message": {"text": "User input from request.args['q%d'] is passed to "
                                "subprocess.call without sanitising (result %d)" % (i % 97, i)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "src/module%04d/handler_%d.py" % (i % 2000, i % 7),
                                     "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": line, "startColumn": rng.randrange(1, 40),
                           "endLine": line + rng.randrange(0, 3), "endColumn": 80,
                           "snippet": {"text": "    subprocess.call(request.args['q%d'], "
                                               "shell=True)  # %d\n" % (i % 97, i % 13)}}}}],
        }
        if i % 2 == 0:
            res["partialFingerprints"] = {"primaryLocationLineHash": "%016x:1" % rng.getrandbits(64)}
        if i % 50 == 0:
            res["suppressions"] = [{"kind": "inSource", "justification": "reviewed"}]
        if i:
            f.write(",")
        json.dump(res, f, separators=(",", ":"))
    f.write(']}]}\n')
