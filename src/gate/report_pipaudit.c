/* SPDX-License-Identifier: MIT */
/*
 * pip-audit JSON, both forms: {"dependencies": [...], "fixes": [...]} (2.x)
 * and the older top-level list. Each dependency {name, version, vulns[{id,
 * fix_versions, aliases, description}]} gives one finding per vulnerability;
 * entries with skip_reason were not audited. pip-audit gives no severity,
 * so the policy's `unknown:` applies.
 */
#include "gate/gate_int.h"

struct pipaudit {
    struct gate_parse *p;
    int dep_at; /* frame index of a dependency object, 0 until known */
    const char *name, *version;
    struct gate_finding *f;
    size_t dep_first; /* the dependency's first finding */
    bool saw_deps;
};

bool gate_pipaudit_detect(const struct gate_sniff *s)
{
    if (!s->json)
        return false;
    if (s->root_array)
        return gate_sniff_has(s, "[].vulns") ||
               (gate_sniff_has(s, "[].name") && gate_sniff_has(s, "[].skip_reason"));
    return gate_sniff_has(s, "dependencies") &&
           (gate_sniff_has(s, "dependencies[].name") || gate_sniff_has(s, "fixes") ||
            s->n_paths <= 2);
}

static void pip_vuln_field(struct pipaudit *c, struct gate_js *js, int at, enum gate_jtype t,
                           const char *s, size_t n)
{
    struct gate_finding *f = c->f;

    if (t != GATE_J_STRING)
        return;
    if (gate_js_match(js, at, "id")) {
        f->rule = gate_strn(c->p, s, n);
        gate_finding_add_advisory(c->p, f, s, n);
    } else if (gate_js_match(js, at, "aliases[]")) {
        gate_finding_add_advisory(c->p, f, s, n);
    } else if (gate_js_match(js, at, "fix_versions[]") && !f->fixed_version) {
        f->fixed_version = gate_strn(c->p, s, n);
    } else if (gate_js_match(js, at, "description")) {
        f->message = gate_strn(c->p, s, n);
    }
}

static int pip_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct pipaudit *c = ctx;

    if (js->depth == 0) {
        if (t == GATE_J_ARRAY)
            c->dep_at = 1, c->saw_deps = true;
        else if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        return 0;
    }
    if (gate_js_at(js, "dependencies")) {
        c->dep_at = 2;
        c->saw_deps = true;
        return gate_js_expect(js, t, GATE_J_ARRAY);
    }
    if (!c->dep_at || js->depth < c->dep_at ||
        (c->dep_at == 2 && strcmp(js->frames[0].key, "dependencies") != 0))
        return 0;
    if (js->depth == c->dep_at) {
        c->name = c->version = NULL;
        c->dep_first = c->p->report->n_findings;
        return gate_js_expect(js, t, GATE_J_MAP);
    }
    if (gate_js_match(js, c->dep_at, "name") && t == GATE_J_STRING)
        c->name = gate_strn(c->p, s, n);
    else if (gate_js_match(js, c->dep_at, "version") && t == GATE_J_STRING)
        c->version = gate_strn(c->p, s, n);
    else if (gate_js_match(js, c->dep_at, "vulns"))
        return gate_js_expect(js, t, GATE_J_ARRAY);
    else if (gate_js_match(js, c->dep_at, "vulns[]")) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        c->f = gate_finding_add(c->p, "pip-audit", GATE_KIND_DEPENDENCY);
        c->f->ecosystem = "PyPI";
        gate_finding_unknown_severity(c->p, c->f);
    } else if (c->f && js->depth >= c->dep_at + 3 && js->frames[c->dep_at].type == GATE_J_MAP &&
               strcmp(js->frames[c->dep_at].key, "vulns") == 0) {
        pip_vuln_field(c, js, c->dep_at + 2, t, s, n);
    }
    return 0;
}

/* JSON objects are unordered: name and version may follow vulns, so the
 * dependency's findings get them when the dependency closes. */
static int pip_end_dep(struct pipaudit *c, struct gate_js *js)
{
    size_t i;

    for (i = c->dep_first; i < c->p->report->n_findings; i++) {
        struct gate_finding *f = c->p->report->findings[i];
        if (!c->name)
            return gate_js_fail(js, "expected a 'name' in pip-audit dependency '%s'",
                                gate_js_path(js, c->p->arena));
        f->package = c->name;
        f->installed_version = c->version;
    }
    return 0;
}

static int pip_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct pipaudit *c = ctx;
    struct gate_finding *f = c->f;

    if (!c->dep_at || (c->dep_at == 2 && strcmp(js->frames[0].key, "dependencies") != 0))
        return 0;
    if (js->depth == c->dep_at)
        return pip_end_dep(c, js);
    if (!c->dep_at || !f || js->depth != c->dep_at + 2 || !gate_js_match(js, c->dep_at, "vulns[]"))
        return 0;
    if (!f->rule)
        return gate_js_fail(js, "expected an 'id' in pip-audit vulnerability '%s'",
                            gate_js_path(js, c->p->arena));
    f->title = f->rule;
    c->f = NULL;
    return 0;
}

int gate_pipaudit_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {pip_value, pip_end};
    struct pipaudit c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    if (gate_json_run(p, &h, &c) < 0)
        return -1;
    if (!c.saw_deps)
        return gate_fail(p, 1, 1, "expected a 'dependencies' array in a pip-audit report");
    return 0;
}
