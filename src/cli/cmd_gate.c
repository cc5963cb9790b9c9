/* SPDX-License-Identifier: MIT */
/*
 * `shipgate gate [--policy F] [--stage S] [--format text|json] [-o F]
 * [--as FORMAT:FILE] [--source-root DIR] REPORT...`: parses every report
 * (src/gate detects the format), applies the policy and prints the
 * findings that matter, the measurements and the decision. Exit 0 pass,
 * 1 block, 2 a report or the policy was not understood.
 */
#include <jansson.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "gate/gate.h"
#include "store/store.h"

#define DEFAULT_POLICY ".shipgate/policy.yml"

enum gate_out { OUT_TEXT, OUT_JSON };

struct gate_args {
    const char *policy, *stage, *output, *source_root;
    const char *store; /* --store SPEC; the findings register (docs/findings.md) */
    bool no_store;
    enum gate_out format;
    const char **files, **forced; /* forced[i]: format of files[i] or NULL */
    size_t n;
};

/* The value of the option at argv[*i]: after '=' in --name=value, else
 * the next argument. */
static const char *opt_value(int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *eq = strchr(arg, '=');
    if (arg[1] == '-' && eq)
        return eq + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool opt_is(const char *arg, const char *shortopt, const char *longopt)
{
    size_t n = strlen(longopt);
    return (shortopt && strcmp(arg, shortopt) == 0) || strcmp(arg, longopt) == 0 ||
           (strncmp(arg, longopt, n) == 0 && arg[n] == '=');
}

static void add_report(struct gate_args *g, const char *file, const char *format)
{
    g->files = sg_xrealloc(g->files, (g->n + 1) * sizeof(*g->files));
    g->forced = sg_xrealloc(g->forced, (g->n + 1) * sizeof(*g->forced));
    g->files[g->n] = file;
    g->forced[g->n++] = format;
}

/* --as FORMAT:FILE */
static int add_forced(struct gate_args *g, const char *v, struct sg_arena *a)
{
    const char *colon = strchr(v, ':');
    char *fmt;
    if (!colon || colon == v || !colon[1])
        return cli_usage_error("gate", "expected FORMAT:FILE for '--as', got '%s'", v);
    fmt = sg_arena_strndup(a, v, (size_t)(colon - v));
    if (!gate_format_exists(fmt))
        return cli_usage_error("gate", "unknown report format '%s' in '--as'", fmt);
    add_report(g, colon + 1, fmt);
    return 0;
}

static int parse_args(struct gate_args *g, int argc, char **argv, struct sg_arena *a)
{
    int i;
    bool opts = true;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *v;
        if (!opts || arg[0] != '-' || !arg[1]) {
            add_report(g, arg, NULL);
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            opts = false;
            continue;
        }
        if (strcmp(arg, "--no-store") == 0) {
            g->no_store = true;
            continue;
        }
        if (!opt_is(arg, "-p", "--policy") && !opt_is(arg, NULL, "--stage") &&
            !opt_is(arg, NULL, "--store") &&
            !opt_is(arg, "-f", "--format") && !opt_is(arg, "-o", "--output") &&
            !opt_is(arg, NULL, "--as") && !opt_is(arg, NULL, "--source-root"))
            return cli_usage_error("gate", "unknown option '%s'", arg);
        v = opt_value(argc, argv, &i);
        if (!v)
            return cli_usage_error("gate", "option '%s' needs a value", arg);
        if (opt_is(arg, "-p", "--policy"))
            g->policy = v;
        else if (opt_is(arg, NULL, "--stage"))
            g->stage = v;
        else if (opt_is(arg, NULL, "--store"))
            g->store = v;
        else if (opt_is(arg, "-o", "--output"))
            g->output = v;
        else if (opt_is(arg, NULL, "--source-root"))
            g->source_root = v;
        else if (opt_is(arg, NULL, "--as")) {
            if (add_forced(g, v, a) != 0)
                return CLI_USAGE;
        } else if (strcmp(v, "text") == 0)
            g->format = OUT_TEXT;
        else if (strcmp(v, "json") == 0)
            g->format = OUT_JSON;
        else
            return cli_usage_error("gate", "unknown format '%s' (expected text or json)", v);
    }
    if (g->n == 0)
        return cli_usage_error("gate", "no report given");
    if (g->store && g->no_store)
        return cli_usage_error("gate", "--store and --no-store exclude each other");
    return 0;
}

static int today_yyyymmdd(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return 0;
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* ---- text ------------------------------------------------------------------- */

static const char *sev_color(enum gate_severity s)
{
    switch (s) {
    case GATE_SEV_CRITICAL: return "\033[1;35m";
    case GATE_SEV_HIGH: return "\033[1;31m";
    case GATE_SEV_MEDIUM: return "\033[33m";
    case GATE_SEV_LOW: return "\033[36m";
    case GATE_SEV_INFO: return "\033[2m";
    }
    return "";
}

static void print_location(FILE *out, const struct gate_finding *f)
{
    if (f->package)
        fprintf(out, "%s@%s%s%s", f->package, f->installed_version ? f->installed_version : "?",
                f->fixed_version ? " (fixed in " : "", f->fixed_version ? f->fixed_version : "");
    if (f->package && f->fixed_version)
        fputc(')', out);
    if (!f->package && f->path)
        fprintf(out, "%s:%d", f->path, f->start_line);
    if (f->target && (f->kind == GATE_KIND_CONTAINER || !f->path))
        fprintf(out, "%s[%s]", f->package || f->path ? " " : "", f->target);
}

static void print_text(FILE *out, const struct gate_decision *dec, bool color)
{
    size_t i, hidden[5] = {0};

    for (i = 0; i < dec->n; i++) {
        const struct gate_judged *j = &dec->items[i];
        const struct gate_finding *f = j->f;
        if (j->verdict != GATE_V_BLOCK && j->verdict != GATE_V_WARN) {
            hidden[j->verdict]++;
            continue;
        }
        fprintf(out, "%s%-5s %-8s%s%s %s %s %s ", color ? sev_color(j->severity) : "",
                gate_verdict_name(j->verdict), gate_severity_name(j->severity),
                f->severity_unknown ? "?" : "", color ? "\033[0m" : "", f->tool, f->rule,
                gate_kind_name(f->kind));
        print_location(out, f);
        fprintf(out, " %s", f->title ? f->title : "");
        if (f->baseline_state)
            fprintf(out, " [%s]", f->baseline_state);
        fputc('\n', out);
    }
    if (hidden[GATE_V_LOG] || hidden[GATE_V_SUPPRESSED] || hidden[GATE_V_DROPPED])
        fprintf(out, "(%zu logged only, %zu suppressed, %zu below min-confidence)\n",
                hidden[GATE_V_LOG], hidden[GATE_V_SUPPRESSED], hidden[GATE_V_DROPPED]);
    if (dec->has_tests)
        fprintf(out, "tests: %ld total, %ld failures, %ld errors, %ld skipped\n", dec->tests.total,
                dec->tests.failures, dec->tests.errors, dec->tests.skipped);
    if (dec->has_coverage)
        fprintf(out, "coverage: %.2f%% of lines\n", dec->coverage.percent);
    for (i = 0; i < dec->n_warnings; i++)
        fprintf(out, "warning: %s\n", dec->warnings[i]);
    fprintf(out, "%sgate: %s%s\n", color ? (dec->block ? "\033[1;31m" : "\033[1;32m") : "",
            dec->block ? "block" : "pass", color ? "\033[0m" : "");
    for (i = 0; i < dec->n_reasons; i++)
        fprintf(out, "  - %s\n", dec->reasons[i]);
}

/* ---- json ------------------------------------------------------------------- */

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *finding_json(const struct gate_judged *j)
{
    const struct gate_finding *f = j->f;
    json_t *o = json_object(), *adv = json_array();
    size_t i;

    for (i = 0; i < f->n_advisories; i++)
        json_array_append_new(adv, json_string(f->advisories[i]));
    json_object_set_new(o, "tool", jstr(f->tool));
    json_object_set_new(o, "kind", json_string(gate_kind_name(f->kind)));
    json_object_set_new(o, "rule", jstr(f->rule));
    json_object_set_new(o, "severity", json_string(gate_severity_name(j->severity)));
    json_object_set_new(o, "severity_unknown", json_boolean(f->severity_unknown));
    json_object_set_new(o, "tool_severity", jstr(f->tool_severity));
    json_object_set_new(o, "title", jstr(f->title));
    json_object_set_new(o, "message", jstr(f->message));
    json_object_set_new(o, "help_url", jstr(f->help_url));
    json_object_set_new(o, "path", jstr(f->path));
    json_object_set_new(o, "line", json_integer(f->start_line));
    json_object_set_new(o, "column", json_integer(f->start_col));
    json_object_set_new(o, "end_line", json_integer(f->end_line));
    json_object_set_new(o, "package", jstr(f->package));
    json_object_set_new(o, "installed_version", jstr(f->installed_version));
    json_object_set_new(o, "fixed_version", jstr(f->fixed_version));
    json_object_set_new(o, "ecosystem", jstr(f->ecosystem));
    json_object_set_new(o, "target", jstr(f->target));
    json_object_set_new(o, "advisories", adv);
    json_object_set_new(o, "confidence", f->confidence ? json_string(gate_confidence_name(f->confidence)) : json_null());
    json_object_set_new(o, "suppressed", json_boolean(j->verdict == GATE_V_SUPPRESSED));
    json_object_set_new(o, "baseline_state", jstr(f->baseline_state));
    json_object_set_new(o, "fingerprint", jstr(f->fingerprint));
    json_object_set_new(o, "decision", json_string(gate_verdict_name(j->verdict)));
    json_object_set_new(o, "why", jstr(j->why));
    json_object_set_new(o, "report", jstr(j->report));
    return o;
}

static json_t *strings_json(const char *const *s, size_t n)
{
    json_t *a = json_array();
    size_t i;
    for (i = 0; i < n; i++)
        json_array_append_new(a, json_string(s[i]));
    return a;
}

static void print_json(FILE *out, const struct gate_decision *dec)
{
    json_t *root = json_object(), *findings = json_array();
    size_t i;

    for (i = 0; i < dec->n; i++)
        json_array_append_new(findings, finding_json(&dec->items[i]));
    json_object_set_new(root, "decision", json_string(dec->block ? "block" : "pass"));
    json_object_set_new(root, "reasons", strings_json(dec->reasons, dec->n_reasons));
    json_object_set_new(root, "warnings", strings_json(dec->warnings, dec->n_warnings));
    json_object_set_new(root, "findings", findings);
    json_object_set_new(root, "coverage",
                        dec->has_coverage
                            ? json_pack("{s:f, s:I, s:I}", "percent", dec->coverage.percent,
                                        "lines_valid", (json_int_t)dec->coverage.lines_valid,
                                        "lines_covered", (json_int_t)dec->coverage.lines_covered)
                            : json_null());
    json_object_set_new(root, "tests",
                        dec->has_tests
                            ? json_pack("{s:I, s:I, s:I, s:I}", "total",
                                        (json_int_t)dec->tests.total, "failures",
                                        (json_int_t)dec->tests.failures, "errors",
                                        (json_int_t)dec->tests.errors, "skipped",
                                        (json_int_t)dec->tests.skipped)
                            : json_null());
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}

/* ---- the command ------------------------------------------------------------ */

static int load_policy(struct gate_policy *pol, struct sg_arena *a, const char *path,
                       struct sg_diags *d)
{
    struct stat st;
    if (!path && stat(DEFAULT_POLICY, &st) == 0)
        path = DEFAULT_POLICY;
    if (!path) {
        gate_policy_default(pol);
        return 0;
    }
    return gate_policy_load(pol, a, path, d);
}

/* The findings register: triage decisions apply before the policy judges.
 * A store the user named must work; the default one only warns. */
static int register_open(const struct gate_args *g, struct store_gate_session *reg,
                         struct sg_arena *a, const struct gate_report **reports)
{
    struct sg_diags local;
    int rc = 0;

    memset(reg, 0, sizeof(*reg));
    if (g->no_store)
        return 0;
    sg_diags_init(&local);
    if (store_gate_session_open(reg, a, g->store, ".", &local) != 0 ||
        store_gate_apply_triage(reg, a, reports, g->n, &local) != 0) {
        store_gate_session_close(reg);
        if (g->store) {
            sg_diags_print(&local, stderr);
            rc = -1;
        } else {
            fprintf(stderr, "shipgate gate: warning: findings not recorded:\n");
            sg_diags_print(&local, stderr);
        }
    }
    sg_diags_release(&local);
    return rc;
}

static void register_record(const struct gate_args *g, struct store_gate_session *reg,
                            const struct gate_report **reports, const struct gate_decision *dec,
                            struct sg_diags *d)
{
    struct store_gate_result res;
    if (!reg->store)
        return;
    if (store_gate_record(reg, &res, reports, g->n, g->stage, dec->block, d) == 0 &&
        g->format == OUT_TEXT)
        fprintf(stderr,
                "findings register: %zu new, %zu seen again, %zu reopened, %zu fixed, %zu "
                "triaged (shipgate findings list)\n",
                res.added, res.seen, res.reopened, res.fixed, reg->triaged);
    store_gate_session_close(reg);
}

static int run_gate(struct gate_args *g, struct sg_arena *a, struct sg_diags *d)
{
    struct gate_policy pol;
    struct gate_parse_opts opts = GATE_PARSE_OPTS_INIT;
    const struct gate_report **reports = sg_arena_alloc(a, g->n * sizeof(*reports));
    struct gate_decision dec;
    struct store_gate_session reg;
    FILE *out = stdout;
    size_t i;
    int bad = 0;

    if (load_policy(&pol, a, g->policy, d) < 0)
        return CLI_USAGE;
    opts.unknown_severity = pol.unknown;
    opts.source_root = g->source_root;
    for (i = 0; i < g->n; i++) {
        struct gate_report *r = sg_arena_alloc(a, sizeof(*r));
        if (gate_report_parse_file(r, a, g->files[i], g->forced[i], &opts, d) < 0)
            bad = 1;
        reports[i] = r;
    }
    if (bad)
        return CLI_USAGE;
    if (register_open(g, &reg, a, reports) != 0)
        return CLI_USAGE;
    gate_decide(&dec, a, &pol, g->stage, reports, g->n, today_yyyymmdd());
    register_record(g, &reg, reports, &dec, d);
    if (g->output && !(out = fopen(g->output, "w"))) {
        fprintf(stderr, "shipgate gate: cannot write '%s': %s\n", g->output, strerror(errno));
        return CLI_USAGE;
    }
    if (g->format == OUT_JSON)
        print_json(out, &dec);
    else
        print_text(out, &dec, out == stdout && cli_use_color(stdout));
    if (out != stdout && fclose(out) != 0) {
        fprintf(stderr, "shipgate gate: cannot write '%s': %s\n", g->output, strerror(errno));
        return CLI_USAGE;
    }
    return dec.block ? CLI_FAILED : CLI_OK;
}

int cmd_gate(int argc, char **argv)
{
    struct gate_args g;
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    int rc;

    memset(&g, 0, sizeof(g));
    g.source_root = ".";
    sg_diags_init(&d);
    rc = parse_args(&g, argc, argv, a);
    if (rc == 0)
        rc = run_gate(&g, a, &d);
    sg_diags_sort(&d);
    sg_diags_print(&d, stderr);
    free(g.files);
    free(g.forced);
    sg_diags_release(&d);
    sg_arena_free(a);
    return rc;
}
