/* SPDX-License-Identifier: MIT */
/*
 * The gate's output front door: format names, the dispatch to
 * output_<format>.c, and what every format says about a finding: its
 * status (new, existing, suppressed, triaged), its effect (block, warn,
 * log) and its location as text.
 */
#include "gate/output.h"

bool gate_output_parse(const char *name, enum gate_output_format *out)
{
    static const char *const names[] = {"text", "json", "sarif", "markdown"};
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(names); i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum gate_output_format)i;
            return true;
        }
    if (strcmp(name, "md") == 0) {
        *out = GATE_OUT_MARKDOWN;
        return true;
    }
    return false;
}

int gate_output_write(FILE *out, enum gate_output_format format, const struct gate_decision *dec,
                      const struct gate_output_opts *o)
{
    static const struct gate_output_opts none = {false, NULL, NULL};
    struct gate_jw *w = sg_xmalloc(sizeof(*w));
    int rc;

    gate_jw_init(w, out, format == GATE_OUT_JSON || format == GATE_OUT_SARIF);
    if (!o)
        o = &none;
    switch (format) {
    case GATE_OUT_TEXT: gate_out_text(w, dec, o); break;
    case GATE_OUT_JSON: gate_out_json(w, dec, o); break;
    case GATE_OUT_SARIF: gate_out_sarif(w, dec, o); break;
    case GATE_OUT_MARKDOWN: gate_out_markdown(w, dec, o); break;
    }
    rc = gate_jw_finish(w);
    free(w);
    return rc;
}

static bool state_is_existing(const char *s)
{
    return s && (strcmp(s, "unchanged") == 0 || strcmp(s, "updated") == 0 ||
                 strcmp(s, "existing") == 0);
}

const char *gate_judged_status(const struct gate_judged *j)
{
    /* The store's triage suppresses with a kind "triaged <state>". */
    if (j->verdict == GATE_V_SUPPRESSED && j->f->suppression_kind &&
        sg_starts_with(j->f->suppression_kind, "triaged"))
        return "triaged";
    if (j->verdict == GATE_V_SUPPRESSED)
        return "suppressed";
    return state_is_existing(j->f->baseline_state) ? "existing" : "new";
}

const char *gate_judged_effect(const struct gate_judged *j)
{
    switch (j->verdict) {
    case GATE_V_BLOCK: return "block";
    case GATE_V_WARN: return "warn";
    default: return "log";
    }
}

void gate_out_location(struct sg_buf *b, const struct gate_finding *f)
{
    if (f->package) {
        sg_buf_addf(b, "%s@%s", f->package, f->installed_version ? f->installed_version : "?");
        if (f->fixed_version)
            sg_buf_addf(b, " (fixed in %s)", f->fixed_version);
    } else if (f->path) {
        sg_buf_addstr(b, f->path);
        if (f->start_line > 0)
            sg_buf_addf(b, ":%d", f->start_line);
    }
    if (f->target && (f->kind == GATE_KIND_CONTAINER || !f->path))
        sg_buf_addf(b, "%s[%s]", b->len ? " " : "", f->target);
}

void gate_out_verdict_counts(const struct gate_decision *dec, size_t counts[5])
{
    size_t i;
    memset(counts, 0, 5 * sizeof(counts[0]));
    for (i = 0; i < dec->n; i++)
        counts[dec->items[i].verdict]++;
}

void gate_out_printf(struct gate_jw *w, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof(small)) {
        gate_jw_raw(w, small, (size_t)n);
    } else {
        char *big = sg_xmalloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        gate_jw_raw(w, big, (size_t)n);
        free(big);
    }
}
