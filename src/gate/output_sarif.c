/* SPDX-License-Identifier: MIT */
/*
 * `--format sarif`: every finding of every report as one SARIF 2.1.0 log,
 * one run per tool, so code-scanning uploads and other SARIF readers can
 * take the gate's view. Each run lists the rules its results use (id,
 * name, description, help); each result carries its level (from the
 * severity), location, our fingerprint under partialFingerprints
 * "shipgate/v1", its suppression, and baselineState when a baseline was
 * compared. Severity and effect ride in properties so a later gate reading
 * this log gets the same severities back.
 */
#include "gate/output.h"

#define FP_KEY "shipgate/v1"

struct sitem {
    const struct gate_judged *j;
    size_t order;
};

static int sitem_cmp(const void *va, const void *vb)
{
    const struct sitem *a = va, *b = vb;
    int c = strcmp(a->j->f->tool ? a->j->f->tool : "", b->j->f->tool ? b->j->f->tool : "");
    if (c)
        return c;
    c = strcmp(a->j->f->rule ? a->j->f->rule : "", b->j->f->rule ? b->j->f->rule : "");
    if (c)
        return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

static const char *sarif_level(enum gate_severity s)
{
    switch (s) {
    case GATE_SEV_CRITICAL:
    case GATE_SEV_HIGH: return "error";
    case GATE_SEV_MEDIUM: return "warning";
    case GATE_SEV_LOW: return "note";
    case GATE_SEV_INFO: return "none";
    }
    return "warning";
}

/* A score inside each band of DESIGN.md section 6, so reading it back
 * gives the same severity. */
static const char *sarif_score(enum gate_severity s)
{
    static const char *const scores[GATE_SEV_COUNT] = {"9.5", "8.0", "5.5", "2.0", "0.0"};
    return (unsigned)s < GATE_SEV_COUNT ? scores[s] : "5.5";
}

/* Paths become URI references: '\' is '/', absolute paths are file URIs,
 * and bytes outside RFC 3986's allowed set are percent-encoded. */
static void sarif_uri(struct sg_buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)path;

    if (path[0] == '/')
        sg_buf_addstr(b, "file://");
    else if (((path[0] | 0x20) >= 'a' && (path[0] | 0x20) <= 'z') && path[1] == ':' &&
             (path[2] == '\\' || path[2] == '/'))
        sg_buf_addstr(b, "file:///");
    for (; *p; p++) {
        if (*p == '\\')
            sg_buf_addch(b, '/');
        else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                 (*p >= '0' && *p <= '9') || strchr("-._~/:@!$&'()*+,;=", *p))
            sg_buf_addch(b, (char)*p);
        else {
            sg_buf_addch(b, '%');
            sg_buf_addch(b, hex[*p >> 4]);
            sg_buf_addch(b, hex[*p & 15]);
        }
    }
}

static void sarif_rule(struct gate_jw *w, const struct gate_finding *f)
{
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "id", f->rule ? f->rule : "(no rule)");
    gate_jw_kstr(w, "name", f->rule ? f->rule : "(no rule)");
    gate_jw_key(w, "shortDescription");
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "text", f->title ? f->title : f->rule ? f->rule : "(no rule)");
    gate_jw_close(w, '}');
    if (f->help_url) {
        gate_jw_kstr(w, "helpUri", f->help_url);
        gate_jw_key(w, "help");
        gate_jw_open(w, '{');
        gate_jw_kstr(w, "text", f->help_url);
        gate_jw_close(w, '}');
    }
    gate_jw_key(w, "properties");
    gate_jw_open(w, '{');
    gate_jw_key(w, "tags");
    gate_jw_open(w, '[');
    gate_jw_str(w, "security");
    gate_jw_str(w, gate_kind_name(f->kind));
    gate_jw_close(w, ']');
    gate_jw_close(w, '}');
    gate_jw_close(w, '}');
}

static void sarif_location(struct gate_jw *w, const struct gate_finding *f, struct sg_buf *tmp)
{
    if (!f->path && !f->package)
        return;
    gate_jw_key(w, "locations");
    gate_jw_open(w, '[');
    gate_jw_open(w, '{');
    if (f->path) {
        sg_buf_reset(tmp);
        sarif_uri(tmp, f->path);
        gate_jw_key(w, "physicalLocation");
        gate_jw_open(w, '{');
        gate_jw_key(w, "artifactLocation");
        gate_jw_open(w, '{');
        gate_jw_kstr(w, "uri", sg_buf_str(tmp));
        gate_jw_close(w, '}');
        if (f->start_line > 0) {
            gate_jw_key(w, "region");
            gate_jw_open(w, '{');
            gate_jw_kint(w, "startLine", f->start_line);
            if (f->start_col > 0)
                gate_jw_kint(w, "startColumn", f->start_col);
            if (f->end_line >= f->start_line)
                gate_jw_kint(w, "endLine", f->end_line);
            gate_jw_close(w, '}');
        }
        gate_jw_close(w, '}');
    }
    if (f->package) {
        sg_buf_reset(tmp);
        sg_buf_addf(tmp, "%s@%s", f->package, f->installed_version ? f->installed_version : "");
        gate_jw_key(w, "logicalLocations");
        gate_jw_open(w, '[');
        gate_jw_open(w, '{');
        gate_jw_kstr(w, "fullyQualifiedName", sg_buf_str(tmp));
        gate_jw_kstr(w, "kind", "module");
        gate_jw_close(w, '}');
        gate_jw_close(w, ']');
    }
    gate_jw_close(w, '}');
    gate_jw_close(w, ']');
}

static void sarif_properties(struct gate_jw *w, const struct gate_judged *j)
{
    const struct gate_finding *f = j->f;

    gate_jw_key(w, "properties");
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "security-severity", sarif_score(j->severity));
    gate_jw_kstr(w, "severity", gate_severity_name(j->severity));
    gate_jw_kbool(w, "severity-unknown", f->severity_unknown);
    gate_jw_kstr(w, "kind", gate_kind_name(f->kind));
    gate_jw_kstr(w, "effect", gate_judged_effect(j));
    gate_jw_kstr(w, "status", gate_judged_status(j));
    gate_jw_kstr_opt(w, "package", f->package);
    gate_jw_kstr_opt(w, "installedVersion", f->installed_version);
    gate_jw_kstr_opt(w, "fixedVersion", f->fixed_version);
    gate_jw_kstr_opt(w, "target", f->target);
    gate_jw_close(w, '}');
}

static void sarif_suppression(struct gate_jw *w, const struct gate_judged *j)
{
    const struct gate_finding *f = j->f;
    /* SARIF knows two kinds: in the source, or anywhere else. */
    bool in_source = f->suppressed && f->suppression_kind &&
                     (strcmp(f->suppression_kind, "inSource") == 0 ||
                      strcmp(f->suppression_kind, "nosec") == 0 ||
                      strcmp(f->suppression_kind, "nosemgrep") == 0);

    if (j->verdict != GATE_V_SUPPRESSED)
        return;
    gate_jw_key(w, "suppressions");
    gate_jw_open(w, '[');
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "kind", in_source ? "inSource" : "external");
    gate_jw_kstr(w, "status", "accepted");
    gate_jw_kstr_opt(w, "justification",
                     f->suppressed ? f->suppression_justification : j->why);
    gate_jw_close(w, '}');
    gate_jw_close(w, ']');
}

static void sarif_result(struct gate_jw *w, const struct gate_judged *j, size_t rule_index,
                         const struct gate_output_opts *o, struct sg_buf *tmp)
{
    const struct gate_finding *f = j->f;
    const char *msg = f->message ? f->message : f->title ? f->title : f->rule;

    gate_jw_open(w, '{');
    gate_jw_kstr(w, "ruleId", f->rule ? f->rule : "(no rule)");
    gate_jw_kint(w, "ruleIndex", (long long)rule_index);
    gate_jw_kstr(w, "kind", "fail");
    gate_jw_kstr(w, "level", sarif_level(j->severity));
    gate_jw_key(w, "message");
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "text", msg ? msg : "(no message)");
    gate_jw_close(w, '}');
    sarif_location(w, f, tmp);
    if (f->fingerprint) {
        gate_jw_key(w, "partialFingerprints");
        gate_jw_open(w, '{');
        gate_jw_kstr(w, FP_KEY, f->fingerprint);
        gate_jw_close(w, '}');
    }
    if (o->baseline)
        gate_jw_kstr(w, "baselineState",
                     strcmp(gate_judged_status(j), "existing") == 0 ? "unchanged" : "new");
    sarif_suppression(w, j);
    sarif_properties(w, j);
    gate_jw_close(w, '}');
}

static bool same_rule(const struct gate_finding *a, const struct gate_finding *b)
{
    return strcmp(a->rule ? a->rule : "", b->rule ? b->rule : "") == 0;
}

/* items[from..to) share one tool and are sorted by rule. */
static void sarif_run(struct gate_jw *w, const struct sitem *items, size_t from, size_t to,
                      const struct gate_output_opts *o, struct sg_buf *tmp)
{
    size_t i, rule = 0;

    gate_jw_open(w, '{');
    gate_jw_key(w, "tool");
    gate_jw_open(w, '{');
    gate_jw_key(w, "driver");
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "name", items[from].j->f->tool ? items[from].j->f->tool : "unknown");
    gate_jw_key(w, "rules");
    gate_jw_open(w, '[');
    for (i = from; i < to; i++)
        if (i == from || !same_rule(items[i - 1].j->f, items[i].j->f))
            sarif_rule(w, items[i].j->f);
    gate_jw_close(w, ']');
    gate_jw_close(w, '}');
    gate_jw_close(w, '}');
    gate_jw_key(w, "results");
    gate_jw_open(w, '[');
    for (i = from; i < to; i++) {
        if (i > from && !same_rule(items[i - 1].j->f, items[i].j->f))
            rule++;
        sarif_result(w, items[i].j, rule, o, tmp);
    }
    gate_jw_close(w, ']');
    gate_jw_close(w, '}');
}

void gate_out_sarif(struct gate_jw *w, const struct gate_decision *dec,
                    const struct gate_output_opts *o)
{
    struct sitem *items = sg_xcalloc(dec->n + 1, sizeof(*items));
    struct sg_buf tmp = SG_BUF_INIT;
    size_t i, start = 0;

    for (i = 0; i < dec->n; i++) {
        items[i].j = &dec->items[i];
        items[i].order = i;
    }
    qsort(items, dec->n, sizeof(*items), sitem_cmp);
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    gate_jw_kstr(w, "version", "2.1.0");
    gate_jw_key(w, "runs");
    gate_jw_open(w, '[');
    for (i = 1; i <= dec->n; i++)
        if (i == dec->n || strcmp(items[i].j->f->tool ? items[i].j->f->tool : "",
                                  items[start].j->f->tool ? items[start].j->f->tool : "") != 0) {
            sarif_run(w, items, start, i, o, &tmp);
            start = i;
        }
    gate_jw_close(w, ']');
    gate_jw_close(w, '}');
    sg_buf_release(&tmp);
    free(items);
}
