/* SPDX-License-Identifier: MIT */
/*
 * Semgrep JSON (`semgrep --json`): results[] with check_id, path, start,
 * end and extra {message, severity, lines, is_ignored, metadata}.
 * Severity ERROR/WARNING/INFO maps to high/medium/low, the newer names
 * (CRITICAL, HIGH, MEDIUM, LOW) by name. Results Semgrep itself marks
 * is_ignored (a nosemgrep comment under --disable-nosem) are kept as
 * suppressed.
 */
#include "gate/gate_int.h"

struct semgrep {
    struct gate_parse *p;
    struct gate_finding *f;
    const char *sev;
    bool saw_results;
};

bool gate_semgrep_detect(const struct gate_sniff *s)
{
    return s->json && !s->root_array &&
           (gate_sniff_has(s, "results[].check_id") ||
            (gate_sniff_has(s, "results") && gate_sniff_has(s, "paths")));
}

static enum gate_confidence conf_from(const char *s, size_t n)
{
    enum gate_severity v;
    if (!gate_sev_from_name(s, n, &v))
        return GATE_CONF_UNSET;
    return v <= GATE_SEV_HIGH ? GATE_CONF_HIGH : v == GATE_SEV_MEDIUM ? GATE_CONF_MEDIUM
                                                                      : GATE_CONF_LOW;
}

static void semgrep_field(struct semgrep *c, struct gate_js *js, int at, enum gate_jtype t,
                          const char *s, size_t n)
{
    struct gate_parse *p = c->p;
    struct gate_finding *f = c->f;

    if (gate_js_match(js, at, "check_id") && t == GATE_J_STRING)
        f->rule = gate_strn(p, s, n);
    else if (gate_js_match(js, at, "path") && t == GATE_J_STRING)
        f->path = gate_strn(p, s, n);
    else if (gate_js_match(js, at, "start.line") && t == GATE_J_NUMBER)
        f->start_line = (int)gate_num_long(s, n);
    else if (gate_js_match(js, at, "start.col") && t == GATE_J_NUMBER)
        f->start_col = (int)gate_num_long(s, n);
    else if (gate_js_match(js, at, "end.line") && t == GATE_J_NUMBER)
        f->end_line = (int)gate_num_long(s, n);
    else if (gate_js_match(js, at, "extra.message") && t == GATE_J_STRING)
        f->message = gate_strn(p, s, n);
    else if (gate_js_match(js, at, "extra.severity") && t == GATE_J_STRING)
        c->sev = f->tool_severity = gate_strn(p, s, n);
    else if (gate_js_match(js, at, "extra.lines") && t == GATE_J_STRING &&
             !(n == 14 && memcmp(s, "requires login", 14) == 0))
        f->snippet = gate_strn(p, s, n);
    else if (gate_js_match(js, at, "extra.is_ignored") && t == GATE_J_BOOL && *s == 't') {
        f->suppressed = true;
        f->suppression_kind = "nosemgrep";
    } else if (gate_js_match(js, at, "extra.metadata.confidence") && t == GATE_J_STRING)
        f->confidence = conf_from(s, n);
    else if (gate_js_match(js, at, "extra.metadata.source") && t == GATE_J_STRING)
        f->help_url = gate_strn(p, s, n);
    else if (gate_js_match(js, at, "extra.metadata.shortlink") && t == GATE_J_STRING &&
             !f->help_url)
        f->help_url = gate_strn(p, s, n);
}

static int semgrep_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct semgrep *c = ctx;
    int at;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "results")) {
        c->saw_results = true;
        return gate_js_expect(js, t, GATE_J_ARRAY);
    }
    if (gate_js_at(js, "results[]")) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        c->f = gate_finding_add(c->p, "semgrep", GATE_KIND_SAST);
        c->sev = NULL;
        return 0;
    }
    at = gate_js_prefix(js, "results[]");
    if (at > 0 && c->f)
        semgrep_field(c, js, at, t, s, n);
    return 0;
}

static int semgrep_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct semgrep *c = ctx;
    struct gate_finding *f = c->f;
    enum gate_severity sev;

    if (!gate_js_at(js, "results[]") || !f)
        return 0;
    if (!f->rule || !f->path)
        return gate_js_fail(js, "expected 'check_id' and 'path' in Semgrep result '%s'",
                            gate_js_path(js, c->p->arena));
    if (!c->sev)
        gate_finding_unknown_severity(c->p, f);
    else if (strcmp(c->sev, "ERROR") == 0)
        f->severity = GATE_SEV_HIGH;
    else if (strcmp(c->sev, "WARNING") == 0)
        f->severity = GATE_SEV_MEDIUM;
    else if (strcmp(c->sev, "INFO") == 0)
        f->severity = GATE_SEV_LOW;
    else if (gate_sev_from_name(c->sev, strlen(c->sev), &sev))
        f->severity = sev;
    else
        gate_finding_unknown_severity(c->p, f);
    f->title = f->rule;
    if (!f->end_line)
        f->end_line = f->start_line;
    c->f = NULL;
    return 0;
}

int gate_semgrep_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {semgrep_value, semgrep_end};
    struct semgrep c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    if (gate_json_run(p, &h, &c) < 0)
        return -1;
    if (!c.saw_results)
        return gate_fail(p, 1, 1, "expected a 'results' array in a Semgrep report");
    return 0;
}
