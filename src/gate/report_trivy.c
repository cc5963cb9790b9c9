/* SPDX-License-Identifier: MIT */
/*
 * Trivy JSON (image, fs, repo, config; schema 2 of 2022 and later):
 * Results[] per target with Vulnerabilities[], Misconfigurations[] and
 * Secrets[]. Vulnerabilities are container findings when the artifact is
 * an image (or the packages are the OS's), dependency findings otherwise;
 * misconfigurations are iac (only Status FAIL, EXCEPTION is kept as
 * suppressed); secrets are secret. Findings a VEX statement set aside
 * (ExperimentalModifiedFindings) are kept as suppressed. Severity by name;
 * UNKNOWN gets the policy's `unknown:`.
 */
#include "gate/gate_int.h"

enum trivy_list { TRIVY_NONE, TRIVY_VULN, TRIVY_MISCONF, TRIVY_SECRET };

struct trivy {
    struct gate_parse *p;
    struct gate_finding *f;
    enum trivy_list list;
    int at;                    /* frames up to the finding's fields */
    const char *target, *class, *type, *artifact_type;
    size_t result_first;       /* first finding of the current result */
    const char *status;
    struct sg_buf code;        /* cause lines of the finding */
    const char *line_content;  /* current Code.Lines[] entry */
    bool line_cause;
    const char *vex_statement, *vex_type;
    bool saw_results;
};

bool gate_trivy_detect(const struct gate_sniff *s)
{
    return s->json && !s->root_array &&
           (gate_sniff_has(s, "SchemaVersion") || gate_sniff_has(s, "ArtifactName") ||
            gate_sniff_has(s, "Results[].Target"));
}

static void trivy_line_field(struct trivy *c, struct gate_js *js, int at, enum gate_jtype t,
                             const char *s, size_t n)
{
    if (gate_js_match(js, at, "Code.Lines[].Content") && t == GATE_J_STRING)
        c->line_content = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "Code.Lines[].IsCause") && t == GATE_J_BOOL)
        c->line_cause = *s == 't';
}

static void trivy_field(struct trivy *c, struct gate_js *js, int at, enum gate_jtype t,
                        const char *s, size_t n)
{
    struct gate_finding *f = c->f;
    const char *k = gate_js_key(js);
    bool direct = js->depth == at + 1;

    if (!direct) {
        if (gate_js_match(js, at, "CauseMetadata.StartLine") && t == GATE_J_NUMBER)
            f->start_line = (int)gate_num_long(s, n);
        else if (gate_js_match(js, at, "CauseMetadata.EndLine") && t == GATE_J_NUMBER)
            f->end_line = (int)gate_num_long(s, n);
        else if (js->depth > at + 1 && strcmp(js->frames[at].key, "CauseMetadata") == 0)
            trivy_line_field(c, js, at + 1, t, s, n);
        else
            trivy_line_field(c, js, at, t, s, n);
        return;
    }
    if (t == GATE_J_NUMBER) {
        if (strcmp(k, "StartLine") == 0)
            f->start_line = (int)gate_num_long(s, n);
        else if (strcmp(k, "EndLine") == 0)
            f->end_line = (int)gate_num_long(s, n);
        return;
    }
    if (t != GATE_J_STRING)
        return;
    if (strcmp(k, "VulnerabilityID") == 0 || strcmp(k, "RuleID") == 0 ||
        (strcmp(k, "ID") == 0 && !f->rule)) {
        f->rule = gate_strn(c->p, s, n);
        if (c->list == TRIVY_VULN)
            gate_finding_add_advisory(c->p, f, s, n);
    } else if (strcmp(k, "PkgName") == 0) {
        f->package = gate_strn(c->p, s, n);
    } else if (strcmp(k, "InstalledVersion") == 0) {
        f->installed_version = gate_strn(c->p, s, n);
    } else if (strcmp(k, "FixedVersion") == 0 && n > 0) {
        f->fixed_version = gate_strn(c->p, s, n);
    } else if (strcmp(k, "Severity") == 0) {
        f->tool_severity = gate_strn(c->p, s, n);
    } else if (strcmp(k, "Title") == 0) {
        f->title = gate_strn(c->p, s, n);
    } else if (strcmp(k, "Description") == 0 || (strcmp(k, "Message") == 0)) {
        if (!f->message || strcmp(k, "Message") == 0)
            f->message = gate_strn(c->p, s, n);
    } else if (strcmp(k, "AVDID") == 0 && n > 0) {
        /* The misconfiguration's other id (AVD-KSV-0001 for KSV001):
         * .trivyignore may name either. */
        gate_finding_add_advisory(c->p, f, s, n);
    } else if (strcmp(k, "PrimaryURL") == 0) {
        f->help_url = gate_strn(c->p, s, n);
    } else if (strcmp(k, "Status") == 0) {
        c->status = gate_strn(c->p, s, n);
    } else if (strcmp(k, "Match") == 0) {
        f->snippet = gate_strn(c->p, s, n);
    } else if (strcmp(k, "PkgPath") == 0) {
        f->path = gate_strn(c->p, s, n);
    }
}

static enum trivy_list trivy_list_of(const char *k)
{
    if (strcmp(k, "Vulnerabilities") == 0)
        return TRIVY_VULN;
    if (strcmp(k, "Misconfigurations") == 0)
        return TRIVY_MISCONF;
    if (strcmp(k, "Secrets") == 0)
        return TRIVY_SECRET;
    return TRIVY_NONE;
}

static int trivy_start(struct trivy *c, struct gate_js *js, enum gate_jtype t, enum trivy_list l,
                       int at, bool vex)
{
    static const enum gate_kind kinds[] = {GATE_KIND_SAST, GATE_KIND_DEPENDENCY, GATE_KIND_IAC,
                                           GATE_KIND_SECRET};
    if (gate_js_expect(js, t, GATE_J_MAP) < 0)
        return -1;
    c->f = gate_finding_add(c->p, "trivy", kinds[l]);
    c->list = l;
    c->at = at;
    c->status = NULL;
    sg_buf_reset(&c->code);
    if (vex) {
        c->f->suppressed = true;
        c->f->suppression_kind = "vex";
    }
    return 0;
}

static int trivy_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct trivy *c = ctx;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "ArtifactType") && t == GATE_J_STRING)
        c->artifact_type = gate_strn(c->p, s, n);
    if (gate_js_at(js, "Results")) {
        c->saw_results = true;
        return t == GATE_J_NULL ? 0 : gate_js_expect(js, t, GATE_J_ARRAY);
    }
    if (gate_js_prefix(js, "Results[]") != 2)
        return 0;
    if (js->depth == 2) {
        c->target = c->class = c->type = NULL;
        c->result_first = c->p->report->n_findings;
        return gate_js_expect(js, t, GATE_J_MAP);
    }
    if (js->depth == 3 && t == GATE_J_STRING) {
        const char *k = gate_js_key(js);
        if (strcmp(k, "Target") == 0)
            c->target = gate_strn(c->p, s, n);
        else if (strcmp(k, "Class") == 0)
            c->class = gate_strn(c->p, s, n);
        else if (strcmp(k, "Type") == 0)
            c->type = gate_strn(c->p, s, n);
        return 0;
    }
    if (js->depth == 3 && trivy_list_of(gate_js_key(js)) != TRIVY_NONE)
        return t == GATE_J_NULL ? 0 : gate_js_expect(js, t, GATE_J_ARRAY);
    if (js->depth == 4 && js->frames[3].type == GATE_J_ARRAY &&
        trivy_list_of(js->frames[2].key) != TRIVY_NONE)
        return trivy_start(c, js, t, trivy_list_of(js->frames[2].key), 4, false);
    if (gate_js_match(js, 2, "ExperimentalModifiedFindings[]"))
        c->vex_statement = c->vex_type = NULL;
    if (gate_js_match(js, 2, "ExperimentalModifiedFindings[].Finding")) {
        enum trivy_list l = TRIVY_VULN;
        if (c->vex_type && strcmp(c->vex_type, "misconfiguration") == 0)
            l = TRIVY_MISCONF;
        else if (c->vex_type && strcmp(c->vex_type, "secret") == 0)
            l = TRIVY_SECRET;
        if (trivy_start(c, js, t, l, 5, true) < 0)
            return -1;
        c->f->suppression_justification = c->vex_statement;
        return 0;
    }
    if (gate_js_match(js, 2, "ExperimentalModifiedFindings[].Statement") && t == GATE_J_STRING)
        c->vex_statement = gate_strn(c->p, s, n);
    else if (gate_js_match(js, 2, "ExperimentalModifiedFindings[].Type") && t == GATE_J_STRING)
        c->vex_type = gate_strn(c->p, s, n);
    else if (c->f && js->depth > c->at)
        trivy_field(c, js, c->at, t, s, n);
    return 0;
}

static void trivy_close_line(struct trivy *c)
{
    if (c->line_cause && c->line_content) {
        sg_buf_addstr(&c->code, c->line_content);
        sg_buf_addch(&c->code, '\n');
    }
    c->line_content = NULL;
    c->line_cause = false;
}

static int trivy_close(struct trivy *c, struct gate_js *js)
{
    struct gate_finding *f = c->f;
    enum gate_severity sev;

    c->f = NULL;
    if (!f->rule)
        return gate_js_fail(js, "expected an id (VulnerabilityID, ID or RuleID) in Trivy "
                                "finding '%s'", gate_js_path(js, c->p->arena));
    if (f->tool_severity && gate_sev_from_name(f->tool_severity, strlen(f->tool_severity), &sev))
        f->severity = sev;
    else
        gate_finding_unknown_severity(c->p, f);
    if (c->code.len && c->list != TRIVY_SECRET)
        f->snippet = sg_arena_strdup(c->p->arena, sg_buf_str(&c->code));
    if (c->list == TRIVY_MISCONF && c->status && strcmp(c->status, "FAIL") != 0) {
        if (strcmp(c->status, "EXCEPTION") != 0) {
            c->p->report->n_findings--; /* PASS: a check that held */
            return 0;
        }
        f->suppressed = true;
        f->suppression_kind = "exception";
    }
    if (f->end_line < f->start_line)
        f->end_line = f->start_line;
    if (!f->title)
        f->title = f->rule;
    return 0;
}

/* Whether vulnerabilities are the image's: known only once the whole
 * report (ArtifactType may come anywhere) and each result are read. */
static void trivy_close_result(struct trivy *c)
{
    size_t i;
    for (i = c->result_first; i < c->p->report->n_findings; i++) {
        struct gate_finding *f = c->p->report->findings[i];
        f->target = c->target;
        if (f->kind == GATE_KIND_DEPENDENCY) {
            f->ecosystem = c->type;
            if (c->class && strcmp(c->class, "os-pkgs") == 0)
                f->kind = GATE_KIND_CONTAINER;
        } else if (!f->path) {
            f->path = c->target;
        }
    }
}

static int trivy_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct trivy *c = ctx;

    if (c->f && js->depth == c->at)
        return trivy_close(c, js);
    if (c->f && t == GATE_J_MAP && gate_js_key(js)[0] == '\0' && js->depth > c->at &&
        strcmp(js->frames[js->depth - 2].key, "Lines") == 0)
        trivy_close_line(c);
    if (js->depth == 2 && gate_js_prefix(js, "Results[]") == 2)
        trivy_close_result(c);
    return 0;
}

int gate_trivy_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {trivy_value, trivy_end};
    struct trivy c;
    size_t i;
    int rc;

    memset(&c, 0, sizeof(c));
    c.p = p;
    sg_buf_init(&c.code, 1u << 20);
    rc = gate_json_run(p, &h, &c);
    sg_buf_release(&c.code);
    if (rc < 0)
        return -1;
    if (!c.saw_results && !c.artifact_type)
        return gate_fail(p, 1, 1, "expected 'Results' in a Trivy report");
    for (i = 0; i < p->report->n_findings; i++) {
        struct gate_finding *f = p->report->findings[i];
        if (f->kind == GATE_KIND_DEPENDENCY && c.artifact_type &&
            strcmp(c.artifact_type, "container_image") == 0)
            f->kind = GATE_KIND_CONTAINER;
    }
    return 0;
}
