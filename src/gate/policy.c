/* SPDX-License-Identifier: MIT */
/*
 * .shipgate/policy.yml (DESIGN.md section 7), loaded with libfyaml into a
 * struct gate_policy. Every problem is reported with its line and column
 * and loading goes on, so one run shows them all; unknown keys are errors
 * (a misspelt `blok:` must not silently block nothing). What the policy
 * means for findings is decide.c's business.
 */
#include <libfyaml.h>

#include "gate/gate.h"

struct pctx {
    struct sg_arena *a;
    struct sg_diags *d;
    const char *file;
    size_t errors;
};

static void node_pos(struct fy_node *n, struct fy_node *key, int *line, int *col)
{
    struct fy_node *at = n && fy_node_is_scalar(n) ? n : key;
    struct fy_token *t = at && fy_node_is_scalar(at) ? fy_node_get_scalar_token(at) : NULL;
    const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;

    *line = m ? m->line + 1 : 0;
    *col = m ? m->column + 1 : 0;
}

SG_PRINTF(4, 5)
static void perr(struct pctx *x, struct fy_node *n, struct fy_node *key, const char *fmt, ...)
{
    va_list ap;
    int line, col;

    node_pos(n, key, &line, &col);
    va_start(ap, fmt);
    sg_diag_vadd(x->d, SG_SEV_ERROR, x->file, line, col, fmt, ap);
    va_end(ap);
    x->errors++;
}

static const char *scalar(struct pctx *x, struct fy_node *n)
{
    size_t len;
    const char *s = fy_node_get_scalar(n, &len);
    return sg_arena_strndup(x->a, s ? s : "", s ? len : 0);
}

static const char *key_name(struct pctx *x, struct fy_node *k)
{
    return k && fy_node_is_scalar(k) ? scalar(x, k) : "";
}

static const char *want_string(struct pctx *x, struct fy_node *v, struct fy_node *k)
{
    if (!fy_node_is_scalar(v)) {
        perr(x, v, k, "expected a string for '%s'", key_name(x, k));
        return NULL;
    }
    return scalar(x, v);
}

static bool want_bool(struct pctx *x, struct fy_node *v, struct fy_node *k, bool *out)
{
    const char *s = fy_node_is_scalar(v) ? scalar(x, v) : "";
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
        *out = s[0] == 't';
        return true;
    }
    perr(x, v, k, "expected true or false for '%s', got '%s'", key_name(x, k), s);
    return false;
}

static bool want_number(struct pctx *x, struct fy_node *v, struct fy_node *k, double lo, double hi,
                        double *out)
{
    const char *s = fy_node_is_scalar(v) ? scalar(x, v) : "";
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    if (*s && *end == '\0' && !errno && *out >= lo && *out <= hi)
        return true;
    perr(x, v, k, "expected a number from %g to %g for '%s', got '%s'", lo, hi, key_name(x, k), s);
    return false;
}

static bool want_severity(struct pctx *x, struct fy_node *v, struct fy_node *k,
                          enum gate_severity *out)
{
    const char *s = fy_node_is_scalar(v) ? scalar(x, v) : "";
    if (gate_severity_parse(s, out))
        return true;
    perr(x, v, k, "expected critical, high, medium, low or info for '%s', got '%s'",
         key_name(x, k), s);
    return false;
}

/* A list of severities, or one severity. */
static bool want_sev_mask(struct pctx *x, struct fy_node *v, struct fy_node *k, unsigned *out)
{
    struct fy_node *e;
    void *it = NULL;
    enum gate_severity s;
    bool ok = true;

    *out = 0;
    if (fy_node_is_scalar(v)) {
        if (!want_severity(x, v, k, &s))
            return false;
        *out = GATE_SEV_BIT(s);
        return true;
    }
    if (!fy_node_is_sequence(v)) {
        perr(x, v, k, "expected a list of severities for '%s'", key_name(x, k));
        return false;
    }
    while ((e = fy_node_sequence_iterate(v, &it)) != NULL) {
        if (want_severity(x, e, k, &s))
            *out |= GATE_SEV_BIT(s);
        else
            ok = false;
    }
    return ok;
}

static const char **want_strings(struct pctx *x, struct fy_node *v, struct fy_node *k, size_t *n)
{
    struct fy_node *e;
    void *it = NULL;
    const char **out;
    size_t i = 0;

    if (fy_node_is_scalar(v)) {
        out = sg_arena_alloc(x->a, sizeof(*out));
        out[0] = scalar(x, v);
        *n = 1;
        return out;
    }
    if (!fy_node_is_sequence(v)) {
        perr(x, v, k, "expected a string or a list of strings for '%s'", key_name(x, k));
        *n = 0;
        return NULL;
    }
    out = sg_arena_alloc(x->a, ((size_t)fy_node_sequence_item_count(v) + 1) * sizeof(*out));
    while ((e = fy_node_sequence_iterate(v, &it)) != NULL)
        if (fy_node_is_scalar(e))
            out[i++] = scalar(x, e);
        else
            perr(x, e, k, "expected a string in '%s'", key_name(x, k));
    *n = i;
    return out;
}

/* 500MB, 1.5GiB, 200 (bytes). */
static bool want_size(struct pctx *x, struct fy_node *v, struct fy_node *k,
                      unsigned long long *out)
{
    static const struct {
        const char *unit;
        double mul;
    } units[] = {{"", 1},          {"B", 1},        {"KB", 1e3},          {"MB", 1e6},
                 {"GB", 1e9},      {"KiB", 1024.0}, {"MiB", 1048576.0},   {"GiB", 1073741824.0}};
    const char *s = fy_node_is_scalar(v) ? scalar(x, v) : "";
    char *end;
    double n;
    size_t i;

    errno = 0;
    n = strtod(s, &end);
    while (*end == ' ')
        end++;
    for (i = 0; *s && !errno && n > 0 && i < SG_ARRAY_SIZE(units); i++)
        if (strcasecmp(end, units[i].unit) == 0 && n * units[i].mul < 1.8e19) {
            *out = (unsigned long long)(n * units[i].mul);
            return true;
        }
    perr(x, v, k, "expected a size such as 500MB for '%s', got '%s'", key_name(x, k), s);
    return false;
}

/* YYYY-MM-DD as YYYYMMDD. */
static bool want_date(struct pctx *x, struct fy_node *v, struct fy_node *k, int *out)
{
    const char *s = fy_node_is_scalar(v) ? scalar(x, v) : "";
    int y, m, d;
    char extra;

    if (strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && m >= 1 &&
        m <= 12 && d >= 1 && d <= 31) {
        *out = y * 10000 + m * 100 + d;
        return true;
    }
    perr(x, v, k, "expected a date YYYY-MM-DD for '%s', got '%s'", key_name(x, k), s);
    return false;
}

static bool want_mapping(struct pctx *x, struct fy_node *v, struct fy_node *k, const char *what)
{
    if (fy_node_is_mapping(v))
        return true;
    perr(x, v, k, "expected a mapping for '%s'", what);
    return false;
}

/* ---- the keys ---------------------------------------------------------------- */

static bool policy_rule_key(struct pctx *x, struct gate_rule *r, const char *k, struct fy_node *kn,
                            struct fy_node *v)
{
    if (strcmp(k, "tool") == 0)
        r->tool = want_string(x, v, kn);
    else if (strcmp(k, "rule") == 0)
        r->rule = want_string(x, v, kn);
    else if (strcmp(k, "path") == 0)
        r->path = want_string(x, v, kn);
    else if (strcmp(k, "kind") == 0) {
        const char *s = want_string(x, v, kn);
        r->has_kind = true;
        if (s && !gate_kind_parse(s, &r->kind))
            perr(x, v, kn, "expected sast, dependency, secret, container, iac, dast or license "
                           "for 'kind', got '%s'", s);
    } else if (strcmp(k, "stage") == 0)
        r->stages = want_strings(x, v, kn, &r->n_stages);
    else if (strcmp(k, "block") == 0)
        r->has_block = want_sev_mask(x, v, kn, &r->block) || true;
    else if (strcmp(k, "warn") == 0)
        r->has_warn = want_sev_mask(x, v, kn, &r->warn) || true;
    else
        return false;
    return true;
}

static void policy_rule(struct pctx *x, struct gate_rule *r, struct fy_node *n, struct fy_node *kn)
{
    struct fy_node_pair *p;
    void *it = NULL;
    int col;

    if (!want_mapping(x, n, kn, "rules[]"))
        return;
    while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        const char *name = key_name(x, k);
        if (!r->line)
            node_pos(k, k, &r->line, &col);
        if (!policy_rule_key(x, r, name, k, v))
            perr(x, k, k, "unknown key '%s' in a policy rule: expected tool, kind, rule, path, "
                          "stage, block or warn", name);
    }
    if (!r->has_block && !r->has_warn)
        perr(x, n, kn, "a policy rule needs 'block' or 'warn'");
}

static bool policy_supp_key(struct pctx *x, struct gate_suppression *s, const char *k,
                            struct fy_node *kn, struct fy_node *v)
{
    if (strcmp(k, "rule") == 0)
        s->rule = want_string(x, v, kn);
    else if (strcmp(k, "path") == 0)
        s->path = want_string(x, v, kn);
    else if (strcmp(k, "tool") == 0)
        s->tool = want_string(x, v, kn);
    else if (strcmp(k, "fingerprint") == 0)
        s->fingerprint = want_string(x, v, kn);
    else if (strcmp(k, "reason") == 0)
        s->reason = want_string(x, v, kn);
    else if (strcmp(k, "owner") == 0)
        s->owner = want_string(x, v, kn);
    else if (strcmp(k, "expires") == 0)
        want_date(x, v, kn, &s->expires);
    else
        return false;
    return true;
}

static void policy_suppression(struct pctx *x, struct gate_suppression *s, struct fy_node *n,
                               struct fy_node *kn)
{
    struct fy_node_pair *p;
    void *it = NULL;
    struct fy_node *first = NULL;

    if (!want_mapping(x, n, kn, "suppressions[]"))
        return;
    while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        const char *name = key_name(x, k);
        if (!first) {
            first = k;
            node_pos(k, k, &s->line, &s->col);
        }
        if (!policy_supp_key(x, s, name, k, v))
            perr(x, k, k, "unknown key '%s' in a suppression: expected rule, path, tool, "
                          "fingerprint, reason, expires or owner", name);
    }
    if (!s->reason || !*s->reason)
        perr(x, first, kn, "a suppression needs a 'reason'");
    if (!s->rule && !s->path && !s->tool && !s->fingerprint)
        perr(x, first, kn, "a suppression needs at least one of 'rule', 'path', 'tool' or "
                           "'fingerprint'");
}

static void policy_list(struct pctx *x, struct gate_policy *pol, struct fy_node *v,
                        struct fy_node *kn, bool rules)
{
    struct fy_node *e;
    void *it = NULL;
    size_t n;

    if (!fy_node_is_sequence(v)) {
        perr(x, v, kn, "expected a list for '%s'", rules ? "rules" : "suppressions");
        return;
    }
    n = (size_t)fy_node_sequence_item_count(v);
    if (rules)
        pol->rules = sg_arena_alloc(x->a, (n + 1) * sizeof(*pol->rules));
    else
        pol->suppressions = sg_arena_alloc(x->a, (n + 1) * sizeof(*pol->suppressions));
    while ((e = fy_node_sequence_iterate(v, &it)) != NULL) {
        if (rules)
            policy_rule(x, &pol->rules[pol->n_rules++], e, kn);
        else
            policy_suppression(x, &pol->suppressions[pol->n_suppressions++], e, kn);
    }
}

/* coverage: {min: N}, tests: {max-failures: N}, image: {max-size: S} */
static void policy_limits(struct pctx *x, struct gate_policy *pol, const char *which,
                          struct fy_node *v, struct fy_node *kn)
{
    struct fy_node_pair *p;
    void *it = NULL;
    double num;

    if (!want_mapping(x, v, kn, which))
        return;
    while ((p = fy_node_mapping_iterate(v, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p), *val = fy_node_pair_value(p);
        const char *name = key_name(x, k);
        if (strcmp(which, "coverage") == 0 && strcmp(name, "min") == 0)
            pol->has_coverage_min = want_number(x, val, k, 0, 100, &pol->coverage_min);
        else if (strcmp(which, "tests") == 0 && strcmp(name, "max-failures") == 0) {
            if (!want_number(x, val, k, 0, 1e9, &num))
                continue;
            if (num != (double)(long)num) {
                perr(x, val, k, "expected a whole number for 'max-failures'");
                continue;
            }
            pol->max_failures = (long)num;
            pol->has_max_failures = true;
        } else if (strcmp(which, "image") == 0 && strcmp(name, "max-size") == 0)
            pol->has_image_max = want_size(x, val, k, &pol->image_max_size);
        else
            perr(x, k, k, "unknown key '%s' in '%s': expected %s", name, which,
                 strcmp(which, "coverage") == 0 ? "min"
                 : strcmp(which, "tests") == 0  ? "max-failures"
                                                : "max-size");
    }
}

static bool policy_key(struct pctx *x, struct gate_policy *pol, const char *k, struct fy_node *kn,
                       struct fy_node *v)
{
    if (strcmp(k, "version") == 0) {
        const char *s = fy_node_is_scalar(v) ? scalar(x, v) : "";
        if (strcmp(s, "1") != 0)
            perr(x, v, kn, "unsupported policy version '%s': expected 1", s);
    } else if (strcmp(k, "block") == 0)
        want_sev_mask(x, v, kn, &pol->block);
    else if (strcmp(k, "warn") == 0)
        want_sev_mask(x, v, kn, &pol->warn);
    else if (strcmp(k, "new-only") == 0)
        want_bool(x, v, kn, &pol->new_only);
    else if (strcmp(k, "fixable-only") == 0)
        want_bool(x, v, kn, &pol->fixable_only);
    else if (strcmp(k, "unknown") == 0)
        want_severity(x, v, kn, &pol->unknown);
    else if (strcmp(k, "min-confidence") == 0) {
        const char *s = fy_node_is_scalar(v) ? scalar(x, v) : "";
        if (!gate_confidence_parse(s, &pol->min_confidence))
            perr(x, v, kn, "expected low, medium or high for 'min-confidence', got '%s'", s);
    } else if (strcmp(k, "rules") == 0)
        policy_list(x, pol, v, kn, true);
    else if (strcmp(k, "suppressions") == 0)
        policy_list(x, pol, v, kn, false);
    else if (strcmp(k, "coverage") == 0 || strcmp(k, "tests") == 0 || strcmp(k, "image") == 0)
        policy_limits(x, pol, k, v, kn);
    else
        return false;
    return true;
}

static void policy_root(struct pctx *x, struct gate_policy *pol, struct fy_node *root)
{
    struct fy_node_pair *p;
    void *it = NULL;
    bool version = false;

    if (!fy_node_is_mapping(root)) {
        perr(x, root, NULL, "expected a mapping at the top of the policy");
        return;
    }
    while ((p = fy_node_mapping_iterate(root, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        const char *name = key_name(x, k);
        version = version || strcmp(name, "version") == 0;
        if (!policy_key(x, pol, name, k, v))
            perr(x, k, k, "unknown key '%s' in the policy: expected version, block, warn, "
                          "new-only, unknown, fixable-only, min-confidence, rules, coverage, "
                          "tests, image or suppressions", name);
    }
    if (!version) {
        sg_diag_add(x->d, SG_SEV_ERROR, x->file, 1, 1, "the policy needs 'version: 1'");
        x->errors++;
    }
}

void gate_policy_default(struct gate_policy *out)
{
    memset(out, 0, sizeof(*out));
    out->block = GATE_SEV_BIT(GATE_SEV_CRITICAL) | GATE_SEV_BIT(GATE_SEV_HIGH);
    out->warn = GATE_SEV_BIT(GATE_SEV_MEDIUM);
    out->unknown = GATE_SEV_HIGH;
    out->min_confidence = GATE_CONF_UNSET;
}

/* libfyaml places errors found at the end of the input (an unclosed flow
 * sequence) past the last line: those are shown at the end of the file. */
static void yaml_syntax_error(struct pctx *x, struct fy_diag *diag, const char *text, size_t len)
{
    void *iter = NULL;
    struct fy_diag_error *e = fy_diag_errors_iterate(diag, &iter);
    int lines = 1, line, col;
    size_t i;

    for (i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (e) {
        line = e->line + 1;
        col = e->column + 1;
        if (line > lines) {
            line = lines;
            col = 1;
        }
        sg_diag_add(x->d, SG_SEV_ERROR, x->file, line, col, "invalid YAML: %s", e->msg);
    }
    else
        sg_diag_add(x->d, SG_SEV_ERROR, x->file, 1, 1, "invalid YAML");
    x->errors++;
}

/* libfyaml 0.8 loops forever on some invalid UTF-8 (after a '%'
 * directive), so the text is checked before it gets there. */
static int check_utf8(struct pctx *x, const char *text, size_t len)
{
    int line, col;
    long cp;

    if (!sg_yaml_find_bad_char(text, len, &line, &col, &cp))
        return 0;
    if (cp < 0)
        sg_diag_add(x->d, SG_SEV_ERROR, x->file, line, col, "invalid UTF-8 in the policy");
    else
        sg_diag_add(x->d, SG_SEV_ERROR, x->file, line, col,
                    "control character U+%04lX is not allowed in the policy", cp);
    x->errors++;
    return -1;
}

int gate_policy_parse(struct gate_policy *out, struct sg_arena *a, const char *name,
                      const char *text, size_t len, struct sg_diags *d)
{
    struct pctx x = {a, d, NULL, 0};
    struct fy_diag_cfg dcfg;
    struct fy_diag *diag;
    struct fy_parse_cfg cfg;
    struct fy_document *doc;

    gate_policy_default(out);
    x.file = out->file = sg_arena_strdup(a, name);
    if (check_utf8(&x, text, len) < 0)
        return -1;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.colorize = false;
    diag = fy_diag_create(&dcfg);
    if (!diag)
        SG_BUG("out of memory creating a YAML diagnostic object");
    fy_diag_set_collect_errors(diag, true);
    memset(&cfg, 0, sizeof(cfg));
    cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG;
    cfg.diag = diag;
    doc = fy_document_build_from_string(&cfg, len ? text : "", len);
    if (!doc || fy_document_root(doc) == NULL) {
        if (doc)
            sg_diag_add(d, SG_SEV_ERROR, x.file, 1, 1, "the policy is empty: expected a mapping "
                                                       "with 'version: 1'");
        else
            yaml_syntax_error(&x, diag, text, len);
        x.errors++;
    } else {
        policy_root(&x, out, fy_document_root(doc));
    }
    fy_document_destroy(doc);
    fy_diag_destroy(diag);
    return x.errors ? -1 : 0;
}

int gate_policy_load(struct gate_policy *out, struct sg_arena *a, const char *path,
                     struct sg_diags *d)
{
    struct sg_buf b;
    int rc;

    sg_buf_init(&b, 4u << 20);
    if (sg_read_file(&b, path, 4u << 20) < 0) {
        gate_policy_default(out);
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "cannot read the policy: %s",
                    errno == EFBIG ? "larger than 4 MB" : strerror(errno));
        sg_buf_release(&b);
        return -1;
    }
    rc = gate_policy_parse(out, a, path, b.data ? b.data : "", b.len, d);
    sg_buf_release(&b);
    return rc;
}
