/* SPDX-License-Identifier: MIT */
/*
 * The gate's decision (DESIGN.md section 7): each finding is suppressed,
 * dropped, blocking, warned about or only logged, by the first policy rule
 * that matches it (tool, kind, rule, path, stage) or the policy's defaults;
 * then coverage and test limits. Every blocking finding and limit gives a
 * reason; suppressions that matched nothing or have expired give warnings.
 * Printing is the CLI's business.
 */
#include "base/glob.h"
#include "gate/gate_int.h"

const char *gate_verdict_name(enum gate_verdict v)
{
    static const char *const names[] = {"block", "warn", "log", "suppressed", "dropped"};
    return (unsigned)v < SG_ARRAY_SIZE(names) ? names[v] : "log";
}

/* "Semgrep OSS" is semgrep, "CodeQL" is codeql. */
static bool tool_matches(const char *want, const char *tool)
{
    size_t n = strlen(want);
    if (!tool)
        return false;
    return strcasecmp(want, tool) == 0 ||
           (strncasecmp(want, tool, n) == 0 && (tool[n] == ' ' || tool[n] == '-'));
}

static bool rule_matches(const char *want, const char *rule)
{
    if (!rule)
        return false;
    return strchr(want, '*') ? sg_glob_match(SG_GLOB_FILTER, want, rule) : strcmp(want, rule) == 0;
}

static bool path_matches(const char *want, const char *path)
{
    return path && sg_glob_match(SG_GLOB_PATH, want, path);
}

static bool stage_matches(const struct gate_rule *r, const char *stage)
{
    size_t i;
    if (r->n_stages == 0)
        return true;
    for (i = 0; stage && i < r->n_stages; i++)
        if (strcmp(r->stages[i], stage) == 0)
            return true;
    return false;
}

static const struct gate_rule *first_rule(const struct gate_policy *p, const struct gate_finding *f,
                                          const char *stage)
{
    size_t i;
    for (i = 0; i < p->n_rules; i++) {
        const struct gate_rule *r = &p->rules[i];
        if ((r->tool && !tool_matches(r->tool, f->tool)) || (r->has_kind && r->kind != f->kind) ||
            (r->rule && !rule_matches(r->rule, f->rule)) ||
            (r->path && !path_matches(r->path, f->path)) || !stage_matches(r, stage))
            continue;
        return r;
    }
    return NULL;
}

struct supp_state {
    size_t used;
    bool expired_hit;
};

/* The first policy suppression that matches and has not expired. */
static const struct gate_suppression *suppressed_by(const struct gate_policy *p,
                                                    const struct gate_finding *f,
                                                    struct supp_state *st, int today)
{
    size_t i;
    for (i = 0; i < p->n_suppressions; i++) {
        const struct gate_suppression *s = &p->suppressions[i];
        if ((s->rule && !rule_matches(s->rule, f->rule)) ||
            (s->tool && !tool_matches(s->tool, f->tool)) ||
            (s->path && !path_matches(s->path, f->path)) ||
            (s->fingerprint && (!f->fingerprint || strcmp(s->fingerprint, f->fingerprint) != 0)))
            continue;
        if (s->expires && today > s->expires) {
            st[i].expired_hit = true;
            continue;
        }
        st[i].used++;
        return s;
    }
    return NULL;
}

static const char *sev_list(struct sg_arena *a, unsigned mask)
{
    struct sg_buf b = SG_BUF_INIT;
    const char *out;
    int s;
    for (s = 0; s < GATE_SEV_COUNT; s++)
        if (mask & GATE_SEV_BIT(s))
            sg_buf_addf(&b, "%s%s", b.len ? ", " : "", gate_severity_name((enum gate_severity)s));
    out = sg_arena_printf(a, "[%s]", sg_buf_str(&b));
    sg_buf_release(&b);
    return out;
}

static bool is_existing(const struct gate_finding *f)
{
    const char *s = f->baseline_state;
    return s && (strcmp(s, "unchanged") == 0 || strcmp(s, "updated") == 0 ||
                 strcmp(s, "existing") == 0);
}

/* The text naming the policy rule (or the defaults) that decided; made once
 * per rule, not once per finding. cache[n_rules] is for the defaults. */
static const char *rule_why(struct sg_arena *a, const struct gate_policy *p,
                            const struct gate_rule *r, unsigned block, const char **cache)
{
    const char **slot = &cache[r ? (size_t)(r - p->rules) : p->n_rules];
    if (!*slot)
        *slot = r ? sg_arena_printf(a, "policy rule at %s:%d: block %s", p->file, r->line,
                                    sev_list(a, block))
                  : sg_arena_printf(a, "%s: block %s", p->file ? p->file : "default policy",
                                    sev_list(a, block));
    return *slot;
}

static void judge(struct gate_judged *j, struct sg_arena *a, const struct gate_policy *p,
                  const char *stage, struct supp_state *st, int today, const char **why_cache)
{
    const struct gate_finding *f = j->f;
    const struct gate_rule *r;
    const struct gate_suppression *s;
    unsigned block, warn;

    j->severity = f->severity_unknown ? p->unknown : f->severity;
    if (f->suppressed) {
        j->verdict = GATE_V_SUPPRESSED;
        j->why = sg_arena_printf(a, "suppressed in the report (%s)",
                                 f->suppression_kind ? f->suppression_kind : "tool");
        return;
    }
    if (f->confidence != GATE_CONF_UNSET && f->confidence < p->min_confidence) {
        j->verdict = GATE_V_DROPPED;
        j->why = "below min-confidence";
        return;
    }
    if ((s = suppressed_by(p, f, st, today)) != NULL) {
        j->verdict = GATE_V_SUPPRESSED;
        j->why = sg_arena_printf(a, "suppressed by %s:%d: %s", p->file, s->line, s->reason);
        return;
    }
    r = first_rule(p, f, stage);
    block = r && r->has_block ? r->block : p->block;
    warn = r && r->has_warn ? r->warn : r && r->has_block ? p->warn & ~r->block : p->warn;
    j->why = rule_why(a, p, r, block, why_cache);
    if (block & GATE_SEV_BIT(j->severity))
        j->verdict = GATE_V_BLOCK;
    else if (warn & GATE_SEV_BIT(j->severity))
        j->verdict = GATE_V_WARN;
    else
        j->verdict = GATE_V_LOG;
    if (j->verdict == GATE_V_BLOCK && p->fixable_only && !f->fixed_version &&
        (f->kind == GATE_KIND_DEPENDENCY || f->kind == GATE_KIND_CONTAINER)) {
        j->verdict = GATE_V_WARN;
        j->why = "no fix available (fixable-only)";
    }
    if (j->verdict == GATE_V_BLOCK && p->new_only && is_existing(f)) {
        j->verdict = GATE_V_WARN;
        j->why = sg_arena_printf(a, "not new (baselineState %s, new-only)", f->baseline_state);
    }
}

/* items[i] = the old items[order[i]], moved cycle by cycle in place (a
 * copy of the array would count in the peak memory of a 100 MB report);
 * order is used up. */
static void permute_judged(struct gate_judged *items, size_t *order, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        struct gate_judged first;
        size_t at = i;
        if (order[i] == i || order[i] == SIZE_MAX)
            continue;
        first = items[i];
        while (order[at] != i) {
            size_t from = order[at];
            items[at] = items[from];
            order[at] = SIZE_MAX;
            at = from;
        }
        items[at] = first;
        order[at] = SIZE_MAX;
    }
}

/* The output order: verdict, severity, tool, path, line, then the order
 * the reports gave. Tools and paths are sorted by rank (strrank.c) in a
 * radix sort: 200,000 findings without a strcmp or a comparison call. */
static void sort_judged(struct gate_judged *items, size_t n)
{
    const char **strs = sg_xcalloc(n + 1, sizeof(*strs));
    uint32_t *vs = sg_xcalloc(n + 1, sizeof(*vs)), *tool = sg_xcalloc(n + 1, sizeof(*tool));
    uint32_t *path = sg_xcalloc(n + 1, sizeof(*path)), *line = sg_xcalloc(n + 1, sizeof(*line));
    size_t *order = sg_xcalloc(n + 1, sizeof(*order)), i;
    const uint32_t *keys[4];

    for (i = 0; i < n; i++)
        strs[i] = items[i].f->tool;
    gate_str_ranks(strs, n, tool);
    for (i = 0; i < n; i++)
        strs[i] = items[i].f->path;
    gate_str_ranks(strs, n, path);
    free(strs);
    for (i = 0; i < n; i++) {
        vs[i] = (uint32_t)items[i].verdict * GATE_SEV_COUNT + (uint32_t)items[i].severity;
        /* signed order as unsigned */
        line[i] = (uint32_t)items[i].f->start_line ^ 0x80000000u;
    }
    keys[0] = line;
    keys[1] = path;
    keys[2] = tool;
    keys[3] = vs;
    gate_radix_order(order, keys, 4, n);
    free(line);
    free(path);
    free(tool);
    free(vs);
    permute_judged(items, order, n);
    free(order);
}

static void add_line(struct sg_arena *a, const char ***list, size_t *n, const char *s)
{
    const char **items = sg_arena_alloc(a, (*n + 1) * sizeof(*items));
    if (*n)
        memcpy(items, *list, *n * sizeof(*items));
    items[(*n)++] = s;
    *list = items;
}

static void measurements(struct gate_decision *out, struct sg_arena *a,
                         const struct gate_policy *p, const struct gate_report *const *reports,
                         size_t n)
{
    size_t i, n_cov = 0;
    bool lines = true;
    double sum = 0;

    for (i = 0; i < n; i++) {
        const struct gate_report *r = reports[i];
        if (r->has_tests) {
            out->has_tests = true;
            out->tests.total += r->tests.total;
            out->tests.failures += r->tests.failures;
            out->tests.errors += r->tests.errors;
            out->tests.skipped += r->tests.skipped;
        }
        if (r->has_coverage) {
            n_cov++;
            sum += r->coverage.percent;
            lines = lines && r->coverage.lines_valid > 0;
            out->coverage.lines_valid += r->coverage.lines_valid;
            out->coverage.lines_covered += r->coverage.lines_covered;
        }
    }
    if (n_cov) {
        out->has_coverage = true;
        /* Several reports: lines add up when every report counts them. */
        out->coverage.percent = lines && out->coverage.lines_valid
            ? (double)out->coverage.lines_covered * 100.0 / (double)out->coverage.lines_valid
            : sum / (double)n_cov;
    }
    if (p->has_coverage_min && !out->has_coverage)
        add_line(a, &out->warnings, &out->n_warnings,
                 "coverage.min is set but no coverage report was given: not checked");
    else if (p->has_coverage_min && out->coverage.percent + 1e-9 < p->coverage_min)
        add_line(a, &out->reasons, &out->n_reasons,
                 sg_arena_printf(a, "line coverage %.2f%% is below the minimum of %g%%",
                                 out->coverage.percent, p->coverage_min));
    if (p->has_max_failures && !out->has_tests)
        add_line(a, &out->warnings, &out->n_warnings,
                 "tests.max-failures is set but no JUnit report was given: not checked");
    else if (p->has_max_failures && out->tests.failures + out->tests.errors > p->max_failures)
        add_line(a, &out->reasons, &out->n_reasons,
                 sg_arena_printf(a, "%ld of %ld tests failed (%ld failures, %ld errors), more "
                                    "than max-failures %ld",
                                 out->tests.failures + out->tests.errors, out->tests.total,
                                 out->tests.failures, out->tests.errors, p->max_failures));
    gate_decide_images(out, a, p, reports, n);
}

static void suppression_warnings(struct gate_decision *out, struct sg_arena *a,
                                 const struct gate_policy *p, const struct supp_state *st)
{
    size_t i;
    for (i = 0; i < p->n_suppressions; i++) {
        const struct gate_suppression *s = &p->suppressions[i];
        if (st[i].expired_hit)
            add_line(a, &out->warnings, &out->n_warnings,
                     sg_arena_printf(a, "%s:%d: suppression expired on %04d-%02d-%02d and no "
                                        "longer suppresses",
                                     p->file, s->line, s->expires / 10000, s->expires / 100 % 100,
                                     s->expires % 100));
        else if (!st[i].used)
            add_line(a, &out->warnings, &out->n_warnings,
                     sg_arena_printf(a, "%s:%d: suppression matched nothing (unused)", p->file,
                                     s->line));
    }
}

/* One reason per part of the policy that blocked, with its count. The
 * distinct parts are few: the rules and the defaults. */
static void blocking_reasons(struct gate_decision *out, struct sg_arena *a)
{
    struct {
        const char *why;
        size_t count;
    } *groups = sg_xcalloc(out->n + 1, sizeof(*groups));
    size_t i, g, n_groups = 0;

    for (i = 0; i < out->n && out->items[i].verdict == GATE_V_BLOCK; i++) {
        for (g = 0; g < n_groups && strcmp(groups[g].why, out->items[i].why) != 0; g++)
            ;
        if (g == n_groups)
            groups[n_groups++].why = out->items[i].why;
        groups[g].count++;
    }
    for (g = 0; g < n_groups; g++)
        add_line(a, &out->reasons, &out->n_reasons,
                 sg_arena_printf(a, "%zu finding%s at a blocking severity (%s)", groups[g].count,
                                 groups[g].count == 1 ? "" : "s", groups[g].why));
    free(groups);
}

void gate_decide(struct gate_decision *out, struct sg_arena *a, const struct gate_policy *policy,
                 const char *stage, const struct gate_report *const *reports, size_t n_reports,
                 int today)
{
    struct supp_state *st = sg_xcalloc(policy->n_suppressions + 1, sizeof(*st));
    const char **why_cache = sg_xcalloc(policy->n_rules + 1, sizeof(*why_cache));
    size_t i, k, total = 0;

    memset(out, 0, sizeof(*out));
    for (i = 0; i < n_reports; i++)
        total += reports[i]->n_findings;
    out->items = sg_arena_alloc(a, (total + 1) * sizeof(*out->items));
    for (i = 0; i < n_reports; i++)
        for (k = 0; k < reports[i]->n_findings; k++) {
            struct gate_judged *j = &out->items[out->n++];
            j->f = reports[i]->findings[k];
            j->report = reports[i]->file;
            judge(j, a, policy, stage, st, today, why_cache);
            if (j->verdict == GATE_V_BLOCK || j->verdict == GATE_V_WARN)
                out->counts[j->severity]++;
        }
    sort_judged(out->items, out->n);
    blocking_reasons(out, a);
    measurements(out, a, policy, reports, n_reports);
    suppression_warnings(out, a, policy, st);
    out->block = out->n_reasons > 0;
    free(why_cache);
    free(st);
}
