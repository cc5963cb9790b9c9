// SPDX-License-Identifier: MIT
// Parses and validates workflow files with GitHub's own parser
// (@actions/workflow-parser), as the baseline for bench/workflow-parse.sh and
// as an independent check that the corpus holds workflows GitHub accepts.
//
//   node parse.mjs --modules DIR check FILE...   print each file's errors; exit 1 if any
//   node parse.mjs --modules DIR bench N FILE    parse+convert N times; print JSON timings
//
// DIR is the folder where `npm install @actions/workflow-parser` ran (the
// package is installed outside the repository, so it is loaded by path).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "node:module";

// The package imports its JSON schema without an import attribute (it is
// written for bundlers); this hook supplies the attribute node requires.
const jsonHook = `export async function load(url, context, next) {
  if (url.endsWith(".json")) {
    return next(url, { ...context, importAttributes: { type: "json" } });
  }
  return next(url, context);
}`;
register("data:text/javascript," + encodeURIComponent(jsonHook));

function usage() {
  console.error("usage: node parse.mjs --modules DIR (check FILE... | bench N FILE)");
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length < 3 || args[0] !== "--modules") usage();
const modules = args[1];
const mode = args[2];
const wp = await import(
  pathToFileURL(join(modules, "node_modules/@actions/workflow-parser/dist/index.js")).href
);

// One full pass: YAML -> template tokens with schema validation, then the
// conversion to the workflow model (jobs, needs graph, matrices, ...).
async function parseOnce(name, content) {
  const trace = new wp.NoOperationTraceWriter();
  const result = wp.parseWorkflow({ name, content }, trace);
  const errors = result.context.errors.getErrors().map((e) => e.message);
  let template;
  if (result.value !== undefined) {
    template = await wp.convertWorkflowTemplate(result.context, result.value);
    for (const e of template.errors ?? []) {
      if (!errors.includes(e.Message)) errors.push(e.Message);
    }
  } else if (errors.length === 0) {
    errors.push(`${name}: no workflow document`);
  }
  return { errors, jobs: template?.jobs?.length ?? 0 };
}

if (mode === "check") {
  let bad = 0;
  for (const file of args.slice(3)) {
    const { errors } = await parseOnce(file, readFileSync(file, "utf8"));
    if (errors.length) {
      bad++;
      for (const e of errors) console.log(`${file}: ${e}`);
    }
  }
  process.exit(bad ? 1 : 0);
} else if (mode === "bench") {
  const n = Number(args[3]);
  const file = args[4];
  if (!(n > 0) || !file) usage();
  const times = [];
  let jobs = 0;
  let errors = [];
  for (let i = 0; i < n; i++) {
    // Reading the file is part of the work, as it is for `shipgate lint`.
    const t0 = process.hrtime.bigint();
    const content = readFileSync(file, "utf8");
    const r = await parseOnce(file, content);
    const t1 = process.hrtime.bigint();
    times.push(Number(t1 - t0) / 1e6);
    jobs = r.jobs;
    errors = r.errors;
  }
  const rss = process.resourceUsage().maxRSS / 1024; // KiB -> MiB
  console.log(JSON.stringify({ best_ms: Math.min(...times), times_ms: times, jobs,
                               errors: errors.length, first_error: errors[0] ?? null,
                               peak_rss_mb: rss }));
} else {
  usage();
}
