/* SPDX-License-Identifier: MIT */
/*
 * npm audit JSON. v2 (npm 7+, auditReportVersion 2): vulnerabilities{} keyed
 * by package, each with via[] mixing advisory objects and names of the
 * packages the problem comes through; only the advisory objects are
 * findings (one per advisory, not per package). v1 (npm 6): advisories{}
 * keyed by id. `moderate` is medium. An npm error body ({"error": {code,
 * summary}}) is not a report and is refused.
 */
#include "gate/gate_int.h"

struct npm {
    struct gate_parse *p;
    struct gate_finding *f;
    size_t pkg_first;
    const char *fix, *fix_name; /* v2: fixAvailable of the current package */
    const char *err_code, *err_summary;
    bool saw_body;
    const char *source; /* v2 advisory number when no GHSA url */
};

bool gate_npmaudit_detect(const struct gate_sniff *s)
{
    return s->json && !s->root_array &&
           (gate_sniff_has(s, "auditReportVersion") || gate_sniff_has(s, "advisories") ||
            gate_sniff_has(s, "error.code") ||
            (gate_sniff_has(s, "vulnerabilities") && gate_sniff_has(s, "metadata")));
}

static struct gate_finding *npm_new(struct npm *c)
{
    struct gate_finding *f = gate_finding_add(c->p, "npm-audit", GATE_KIND_DEPENDENCY);
    f->ecosystem = "npm";
    gate_finding_unknown_severity(c->p, f);
    c->source = NULL;
    return f;
}

static void npm_severity(struct npm *c, const char *s, size_t n)
{
    enum gate_severity sev;
    c->f->tool_severity = gate_strn(c->p, s, n);
    if (gate_sev_from_name(s, n, &sev)) {
        c->f->severity = sev;
        c->f->severity_unknown = false;
    }
}

/* The advisory id: GHSA-... from a GitHub URL, else npm's own number. */
static void npm_url(struct npm *c, const char *s, size_t n)
{
    const char *slash = memrchr(s, '/', n);
    c->f->help_url = gate_strn(c->p, s, n);
    if (slash && (size_t)(s + n - slash - 1) > 5 && memcmp(slash + 1, "GHSA-", 5) == 0) {
        c->f->rule = gate_strn(c->p, slash + 1, (size_t)(s + n - slash - 1));
        gate_finding_add_advisory(c->p, c->f, c->f->rule, strlen(c->f->rule));
    }
}

static void npm_advisory_field(struct npm *c, struct gate_js *js, int at, enum gate_jtype t,
                               const char *s, size_t n)
{
    struct gate_finding *f = c->f;

    if (gate_js_match(js, at, "title") && t == GATE_J_STRING)
        f->title = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "severity") && t == GATE_J_STRING)
        npm_severity(c, s, n);
    else if (gate_js_match(js, at, "url") && t == GATE_J_STRING)
        npm_url(c, s, n);
    else if ((gate_js_match(js, at, "source") || gate_js_match(js, at, "id")) &&
             (t == GATE_J_NUMBER || t == GATE_J_STRING))
        c->source = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "name") && t == GATE_J_STRING)
        f->package = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "module_name") && t == GATE_J_STRING)
        f->package = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "cves[]") && t == GATE_J_STRING)
        gate_finding_add_advisory(c->p, f, s, n);
    else if (gate_js_match(js, at, "overview") && t == GATE_J_STRING)
        f->message = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "patched_versions") && t == GATE_J_STRING)
        f->fixed_version = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "findings[].version") && t == GATE_J_STRING)
        f->installed_version = f->installed_version
            ? sg_arena_printf(c->p->arena, "%s, %.*s", f->installed_version, (int)n, s)
            : gate_strn(c->p, s, n);
}

static int npm_close_advisory(struct npm *c, struct gate_js *js)
{
    struct gate_finding *f = c->f;

    if (!f->rule && c->source) {
        f->rule = sg_arena_printf(c->p->arena, "NPM-%s", c->source);
        gate_finding_add_advisory(c->p, f, f->rule, strlen(f->rule));
    }
    if (!f->rule)
        return gate_js_fail(js, "expected an advisory 'url', 'source' or 'id' in '%s'",
                            gate_js_path(js, c->p->arena));
    if (!f->title)
        f->title = f->rule;
    if (!f->message)
        f->message = f->title;
    c->f = NULL;
    return 0;
}

/* v2: vulnerabilities.<pkg>.{via[], fixAvailable, name}. */
static int npm_v2(struct npm *c, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    if (js->depth == 2) {
        c->pkg_first = c->p->report->n_findings;
        c->fix = c->fix_name = NULL;
        return gate_js_expect(js, t, GATE_J_MAP);
    }
    if (gate_js_match(js, 2, "via[]") && t == GATE_J_MAP) {
        c->f = npm_new(c);
        return 0;
    }
    if (js->depth > 4 && c->f && gate_js_prefix(js, "vulnerabilities.*.via[]") == 4)
        npm_advisory_field(c, js, 4, t, s, n);
    else if (gate_js_match(js, 2, "fixAvailable") && t == GATE_J_BOOL && *s == 't')
        c->fix = "npm audit fix";
    else if (gate_js_match(js, 2, "fixAvailable.version") && t == GATE_J_STRING)
        c->fix = gate_strn(c->p, s, n);
    else if (gate_js_match(js, 2, "fixAvailable.name") && t == GATE_J_STRING)
        c->fix_name = gate_strn(c->p, s, n);
    return 0;
}

static int npm_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct npm *c = ctx;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "vulnerabilities") || gate_js_at(js, "advisories")) {
        c->saw_body = true;
        return gate_js_expect(js, t, GATE_J_MAP);
    }
    if (gate_js_at(js, "error.code") && t == GATE_J_STRING)
        c->err_code = gate_strn(c->p, s, n);
    else if (gate_js_at(js, "error.summary") && t == GATE_J_STRING)
        c->err_summary = gate_strn(c->p, s, n);
    if (js->depth >= 2 && gate_js_prefix(js, "vulnerabilities") == 1)
        return npm_v2(c, js, t, s, n);
    if (js->depth == 2 && gate_js_prefix(js, "advisories") == 1) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        c->f = npm_new(c);
        return 0;
    }
    if (js->depth > 2 && c->f && gate_js_prefix(js, "advisories.*") == 2)
        npm_advisory_field(c, js, 2, t, s, n);
    return 0;
}

static int npm_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct npm *c = ctx;
    size_t i;

    if (c->f && (gate_js_at(js, "vulnerabilities.*.via[]") || gate_js_at(js, "advisories.*")))
        return npm_close_advisory(c, js);
    if (js->depth == 2 && gate_js_prefix(js, "vulnerabilities") == 1) {
        /* The package object's fix applies to the advisories in its via[]. */
        for (i = c->pkg_first; i < c->p->report->n_findings; i++) {
            struct gate_finding *f = c->p->report->findings[i];
            if (!f->package && js->frames[1].key_len)
                f->package = sg_arena_strdup(c->p->arena, js->frames[1].key);
            /* The fix may be an upgrade of the package that pulls this one in. */
            f->fixed_version = c->fix;
            if (c->fix && c->fix_name && (!f->package || strcmp(c->fix_name, f->package) != 0))
                f->fixed_version = sg_arena_printf(c->p->arena, "%s@%s", c->fix_name, c->fix);
        }
    }
    return 0;
}

int gate_npmaudit_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {npm_value, npm_end};
    struct npm c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    if (gate_json_run(p, &h, &c) < 0)
        return -1;
    if (c.err_code || c.err_summary)
        return gate_fail(p, 1, 1, "npm audit reported an error instead of a report: %s%s%s",
                         c.err_code ? c.err_code : "", c.err_code && c.err_summary ? ": " : "",
                         c.err_summary ? c.err_summary : "");
    if (!c.saw_body)
        return gate_fail(p, 1, 1, "expected 'vulnerabilities' (v2) or 'advisories' (v1) in an "
                                  "npm audit report");
    return 0;
}
