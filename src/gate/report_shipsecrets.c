/* SPDX-License-Identifier: MIT */
/*
 * The JSON of `shipgate scan secrets --format json` (src/scan): {"tool":
 * "shipgate-secrets", "findings": [{rule, severity, title, message, path,
 * line, column, end_line, fingerprint, preview, commit}]}. Its fingerprint
 * is already a hash of the secret value, so it stands for the value.
 */
#include "gate/gate_int.h"

struct shipsecrets {
    struct gate_parse *p;
    struct gate_finding *f;
    bool saw_findings;
};

bool gate_shipsecrets_detect(const struct gate_sniff *s)
{
    return s->json && !s->root_array && gate_sniff_has(s, "findings") &&
           (gate_sniff_has(s, "tool") || gate_sniff_has(s, "findings[].fingerprint"));
}

static void ss_field(struct shipsecrets *c, struct gate_js *js, enum gate_jtype t, const char *s,
                     size_t n)
{
    struct gate_finding *f = c->f;
    const char *k = gate_js_key(js);

    if (js->depth != 3)
        return;
    if (t == GATE_J_NUMBER) {
        if (strcmp(k, "line") == 0)
            f->start_line = (int)gate_num_long(s, n);
        else if (strcmp(k, "column") == 0)
            f->start_col = (int)gate_num_long(s, n);
        else if (strcmp(k, "end_line") == 0)
            f->end_line = (int)gate_num_long(s, n);
        return;
    }
    if (t != GATE_J_STRING)
        return;
    if (strcmp(k, "rule") == 0)
        f->rule = gate_strn(c->p, s, n);
    else if (strcmp(k, "severity") == 0)
        f->tool_severity = gate_strn(c->p, s, n);
    else if (strcmp(k, "title") == 0)
        f->title = gate_strn(c->p, s, n);
    else if (strcmp(k, "message") == 0)
        f->message = gate_strn(c->p, s, n);
    else if (strcmp(k, "path") == 0)
        f->path = gate_strn(c->p, s, n);
    else if (strcmp(k, "fingerprint") == 0)
        f->secret_value = gate_strn(c->p, s, n);
    else if (strcmp(k, "preview") == 0)
        f->snippet = gate_strn(c->p, s, n);
    else if (strcmp(k, "commit") == 0)
        f->target = gate_strn(c->p, s, n);
}

static int ss_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct shipsecrets *c = ctx;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "findings")) {
        c->saw_findings = true;
        return gate_js_expect(js, t, GATE_J_ARRAY);
    }
    if (gate_js_at(js, "findings[]")) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        c->f = gate_finding_add(c->p, "shipgate-secrets", GATE_KIND_SECRET);
        return 0;
    }
    if (c->f && gate_js_prefix(js, "findings[]") == 2)
        ss_field(c, js, t, s, n);
    return 0;
}

static int ss_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct shipsecrets *c = ctx;
    struct gate_finding *f = c->f;

    if (!f || !gate_js_at(js, "findings[]"))
        return 0;
    c->f = NULL;
    if (!f->rule || !f->path)
        return gate_js_fail(js, "expected 'rule' and 'path' in finding '%s'",
                            gate_js_path(js, c->p->arena));
    /* DESIGN.md section 6: secrets are critical unless the report says otherwise. */
    f->severity = GATE_SEV_CRITICAL;
    if (f->tool_severity)
        gate_severity_parse(f->tool_severity, &f->severity);
    if (!f->title)
        f->title = f->rule;
    if (f->end_line < f->start_line)
        f->end_line = f->start_line;
    return 0;
}

int gate_shipsecrets_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {ss_value, ss_end};
    struct shipsecrets c = {p, NULL, false};

    if (gate_json_run(p, &h, &c) < 0)
        return -1;
    if (!c.saw_findings)
        return gate_fail(p, 1, 1, "expected a 'findings' array in a shipgate secrets report");
    return 0;
}
