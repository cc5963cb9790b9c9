/* SPDX-License-Identifier: MIT */
/*
 * gitleaks JSON: a top-level array of leaks, v8 keys (RuleID, File,
 * StartLine, EndLine, StartColumn, Match, Secret, Commit, Description) or
 * the v7 lowercase ones (rule, file, lineNumber, line, offender, commit).
 * gitleaks gives no severity, so the policy's `unknown:` applies. The
 * fingerprint hashes the secret value (DESIGN.md section 6); a redacted
 * report falls back to the path and the redacted match.
 */
#include "gate/gate_int.h"

struct gitleaks {
    struct gate_parse *p;
    struct gate_finding *f;
};

bool gate_gitleaks_detect(const struct gate_sniff *s)
{
    if (!s->json || !s->root_array)
        return false;
    /* `[]` is gitleaks' report when nothing leaked. */
    return s->n_paths == 0 || gate_sniff_has(s, "[].RuleID") || gate_sniff_has(s, "[].offender") ||
           (gate_sniff_has(s, "[].rule") && gate_sniff_has(s, "[].lineNumber"));
}

static bool key_is(struct gate_js *js, const char *a, const char *b)
{
    const char *k = gate_js_key(js);
    return strcmp(k, a) == 0 || (b && strcmp(k, b) == 0);
}

/* --redact writes REDACTED, or stars in older versions: no value to hash. */
static bool is_redacted(const char *s, size_t n)
{
    size_t i;
    if (n == 0 || (n == 8 && memcmp(s, "REDACTED", 8) == 0))
        return true;
    for (i = 0; i < n && s[i] == '*'; i++)
        ;
    return i == n;
}

static void gitleaks_field(struct gitleaks *c, struct gate_js *js, enum gate_jtype t,
                           const char *s, size_t n)
{
    struct gate_finding *f = c->f;

    if (t == GATE_J_STRING) {
        if (key_is(js, "RuleID", "rule"))
            f->rule = gate_strn(c->p, s, n);
        else if (key_is(js, "File", "file"))
            f->path = gate_strn(c->p, s, n);
        else if (key_is(js, "Description", NULL))
            f->title = gate_strn(c->p, s, n);
        else if (key_is(js, "Match", "line"))
            f->snippet = gate_strn(c->p, s, n);
        else if (key_is(js, "Secret", "offender") && !is_redacted(s, n))
            f->secret_value = gate_strn(c->p, s, n);
        else if (key_is(js, "Commit", "commit"))
            f->target = gate_strn(c->p, s, n);
    } else if (t == GATE_J_NUMBER) {
        if (key_is(js, "StartLine", "lineNumber"))
            f->start_line = (int)gate_num_long(s, n);
        else if (key_is(js, "EndLine", NULL))
            f->end_line = (int)gate_num_long(s, n);
        else if (key_is(js, "StartColumn", NULL))
            f->start_col = (int)gate_num_long(s, n);
    }
}

static int gitleaks_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s,
                          size_t n)
{
    struct gitleaks *c = ctx;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_ARRAY);
    if (js->depth == 1) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        c->f = gate_finding_add(c->p, "gitleaks", GATE_KIND_SECRET);
        gate_finding_unknown_severity(c->p, c->f);
        return 0;
    }
    if (js->depth == 2 && c->f)
        gitleaks_field(c, js, t, s, n);
    return 0;
}

static int gitleaks_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct gitleaks *c = ctx;
    struct gate_finding *f = c->f;

    if (js->depth != 1 || !f)
        return 0;
    if (!f->rule)
        return gate_js_fail(js, "expected 'RuleID' (or v7 'rule') in gitleaks leak '%s'",
                            gate_js_path(js, c->p->arena));
    if (!f->title || !*f->title)
        f->title = f->rule;
    f->message = f->title;
    if (f->end_line < f->start_line)
        f->end_line = f->start_line;
    c->f = NULL;
    return 0;
}

int gate_gitleaks_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {gitleaks_value, gitleaks_end};
    struct gitleaks c = {p, NULL};

    return gate_json_run(p, &h, &c);
}
