/* SPDX-License-Identifier: MIT */
/*
 * `--format json` (DESIGN.md section 7): {"decision", "reasons",
 * "warnings", "summary", "findings", "coverage", "tests", "image",
 * "baseline"}, every finding with its tool, kind, rule, severity, unknown
 * flag, texts, location, fingerprint, status and effect. Streamed: the
 * decision is never copied into a JSON tree.
 */
#include "gate/output.h"

static void json_location(struct gate_jw *w, const struct gate_finding *f)
{
    size_t i;

    gate_jw_key(w, "location");
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "path", f->path);
    gate_jw_kint(w, "start_line", f->start_line);
    gate_jw_kint(w, "start_column", f->start_col);
    gate_jw_kint(w, "end_line", f->end_line);
    gate_jw_kstr(w, "package", f->package);
    gate_jw_kstr(w, "installed_version", f->installed_version);
    gate_jw_kstr(w, "fixed_version", f->fixed_version);
    gate_jw_kstr(w, "ecosystem", f->ecosystem);
    gate_jw_kstr(w, "target", f->target);
    gate_jw_close(w, '}');
    gate_jw_key(w, "advisories");
    gate_jw_open(w, '[');
    for (i = 0; i < f->n_advisories; i++)
        gate_jw_str(w, f->advisories[i]);
    gate_jw_close(w, ']');
}

static void json_finding(struct gate_jw *w, const struct gate_judged *j)
{
    const struct gate_finding *f = j->f;

    gate_jw_open(w, '{');
    gate_jw_kstr(w, "tool", f->tool);
    gate_jw_kstr(w, "kind", gate_kind_name(f->kind));
    gate_jw_kstr(w, "rule", f->rule);
    gate_jw_kstr(w, "severity", gate_severity_name(j->severity));
    gate_jw_kbool(w, "unknown", f->severity_unknown);
    gate_jw_kstr(w, "tool_severity", f->tool_severity);
    gate_jw_kstr(w, "title", f->title);
    gate_jw_kstr(w, "message", f->message);
    gate_jw_kstr(w, "help", f->help_url);
    json_location(w, f);
    gate_jw_kstr(w, "confidence",
                 f->confidence ? gate_confidence_name(f->confidence) : NULL);
    gate_jw_kstr(w, "fingerprint", f->fingerprint);
    gate_jw_kstr(w, "status", gate_judged_status(j));
    gate_jw_kstr(w, "effect", gate_judged_effect(j));
    gate_jw_kstr(w, "verdict", gate_verdict_name(j->verdict));
    gate_jw_kstr(w, "why", j->why);
    gate_jw_key(w, "suppression");
    if (f->suppressed) {
        gate_jw_open(w, '{');
        gate_jw_kstr(w, "kind", f->suppression_kind);
        gate_jw_kstr(w, "justification", f->suppression_justification);
        gate_jw_close(w, '}');
    } else {
        gate_jw_null(w);
    }
    gate_jw_kstr(w, "baseline_state", f->baseline_state);
    gate_jw_kstr(w, "report", j->report);
    gate_jw_close(w, '}');
}

static void json_strings(struct gate_jw *w, const char *key, const char *const *s, size_t n)
{
    size_t i;
    gate_jw_key(w, key);
    gate_jw_open(w, '[');
    for (i = 0; i < n; i++)
        gate_jw_str(w, s[i]);
    gate_jw_close(w, ']');
}

static void json_summary(struct gate_jw *w, const struct gate_decision *dec)
{
    size_t by[5], i;

    gate_out_verdict_counts(dec, by);
    gate_jw_key(w, "summary");
    gate_jw_open(w, '{');
    gate_jw_kint(w, "findings", (long long)dec->n);
    gate_jw_kint(w, "blocking", (long long)by[GATE_V_BLOCK]);
    gate_jw_kint(w, "warnings", (long long)by[GATE_V_WARN]);
    gate_jw_kint(w, "logged", (long long)by[GATE_V_LOG]);
    gate_jw_kint(w, "suppressed", (long long)by[GATE_V_SUPPRESSED]);
    gate_jw_kint(w, "dropped", (long long)by[GATE_V_DROPPED]);
    gate_jw_key(w, "by_severity");
    gate_jw_open(w, '{');
    for (i = 0; i < GATE_SEV_COUNT; i++)
        gate_jw_kint(w, gate_severity_name((enum gate_severity)i), (long long)dec->counts[i]);
    gate_jw_close(w, '}');
    gate_jw_close(w, '}');
}

static void json_measurements(struct gate_jw *w, const struct gate_decision *dec)
{
    size_t i;

    gate_jw_key(w, "coverage");
    if (dec->has_coverage) {
        gate_jw_open(w, '{');
        gate_jw_key(w, "percent");
        gate_jw_double(w, dec->coverage.percent, 4);
        gate_jw_kint(w, "lines_valid", dec->coverage.lines_valid);
        gate_jw_kint(w, "lines_covered", dec->coverage.lines_covered);
        gate_jw_close(w, '}');
    } else {
        gate_jw_null(w);
    }
    gate_jw_key(w, "tests");
    if (dec->has_tests) {
        gate_jw_open(w, '{');
        gate_jw_kint(w, "total", dec->tests.total);
        gate_jw_kint(w, "failures", dec->tests.failures);
        gate_jw_kint(w, "errors", dec->tests.errors);
        gate_jw_kint(w, "skipped", dec->tests.skipped);
        gate_jw_close(w, '}');
    } else {
        gate_jw_null(w);
    }
    gate_jw_key(w, "image");
    if (!dec->n_images) {
        gate_jw_null(w);
        return;
    }
    gate_jw_open(w, '{');
    gate_jw_key(w, "max_size");
    if (dec->has_image_max)
        gate_jw_uint(w, dec->image_max_size);
    else
        gate_jw_null(w);
    gate_jw_key(w, "images");
    gate_jw_open(w, '[');
    for (i = 0; i < dec->n_images; i++) {
        gate_jw_open(w, '{');
        gate_jw_kstr(w, "name", dec->images[i].name);
        gate_jw_key(w, "size");
        gate_jw_uint(w, dec->images[i].size);
        gate_jw_close(w, '}');
    }
    gate_jw_close(w, ']');
    gate_jw_close(w, '}');
}

static void json_baseline(struct gate_jw *w, const struct gate_baseline *b)
{
    size_t i;

    gate_jw_key(w, "baseline");
    if (!b) {
        gate_jw_null(w);
        return;
    }
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "file", b->file);
    gate_jw_kint(w, "entries", (long long)b->n);
    gate_jw_kint(w, "new", (long long)b->n_new);
    gate_jw_kint(w, "existing", (long long)b->n_existing);
    gate_jw_key(w, "unused");
    gate_jw_open(w, '[');
    for (i = 0; i < b->n; i++) {
        const struct gate_baseline_entry *e = &b->entries[i];
        if (e->used)
            continue;
        gate_jw_open(w, '{');
        gate_jw_kstr(w, "fingerprint", e->fingerprint);
        gate_jw_kstr(w, "tool", e->tool);
        gate_jw_kstr(w, "rule", e->rule);
        gate_jw_kstr(w, "path", e->path);
        gate_jw_kstr(w, "package", e->package);
        gate_jw_close(w, '}');
    }
    gate_jw_close(w, ']');
    gate_jw_close(w, '}');
}

void gate_out_json(struct gate_jw *w, const struct gate_decision *dec,
                   const struct gate_output_opts *o)
{
    size_t i;

    gate_jw_open(w, '{');
    gate_jw_kstr(w, "decision", dec->block ? "block" : "pass");
    json_strings(w, "reasons", dec->reasons, dec->n_reasons);
    json_strings(w, "warnings", dec->warnings, dec->n_warnings);
    gate_jw_kstr(w, "stage", o->stage);
    json_summary(w, dec);
    gate_jw_key(w, "findings");
    gate_jw_open(w, '[');
    for (i = 0; i < dec->n; i++)
        json_finding(w, &dec->items[i]);
    gate_jw_close(w, ']');
    json_measurements(w, dec);
    json_baseline(w, o->baseline);
    gate_jw_close(w, '}');
}
