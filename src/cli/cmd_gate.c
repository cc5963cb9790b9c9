/* SPDX-License-Identifier: MIT */
/*
 * `shipgate gate [--policy F] [--stage S] [--baseline F] [--save-baseline F]
 * [--format text|json|sarif|markdown] [-o F] [--as FORMAT:FILE]
 * [--source-root DIR] [--image-size SIZE] REPORT...`: parses every report
 * (src/gate detects the format), honours the scanners' ignore files,
 * compares with a baseline, applies the policy and writes the decision in
 * the chosen format (src/gate/output_*.c). Exit 0 pass, 1 block, 2 a
 * report, the policy or the baseline was not understood.
 */
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "gate/gate.h"
#include "store/store.h"

#define DEFAULT_POLICY ".shipgate/policy.yml"

struct gate_args {
    const char *policy, *stage, *output, *source_root;
    const char *baseline, *save_baseline, *image_size;
    const char *store; /* --store SPEC; the findings register (docs/findings.md) */
    bool no_store;
    enum gate_output_format format;
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
            !opt_is(arg, NULL, "--as") && !opt_is(arg, NULL, "--source-root") &&
            !opt_is(arg, NULL, "--baseline") && !opt_is(arg, NULL, "--save-baseline") &&
            !opt_is(arg, NULL, "--image-size"))
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
        else if (opt_is(arg, NULL, "--baseline"))
            g->baseline = v;
        else if (opt_is(arg, NULL, "--save-baseline"))
            g->save_baseline = v;
        else if (opt_is(arg, NULL, "--image-size"))
            g->image_size = v;
        else if (opt_is(arg, NULL, "--as")) {
            if (add_forced(g, v, a) != 0)
                return CLI_USAGE;
        } else if (!gate_output_parse(v, &g->format))
            return cli_usage_error("gate", "unknown format '%s' (expected text, json, sarif or "
                                           "markdown)", v);
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
        g->format == GATE_OUT_TEXT)
        fprintf(stderr,
                "findings register: %zu new, %zu seen again, %zu reopened, %zu fixed, %zu "
                "triaged (shipgate findings list)\n",
                res.added, res.seen, res.reopened, res.fixed, reg->triaged);
    store_gate_session_close(reg);
}

/* --image-size: a report that holds one image and nothing else. */
static int image_report(struct gate_report **out, struct sg_arena *a, const char *size)
{
    struct gate_report *r = sg_arena_alloc(a, sizeof(*r));
    unsigned long long bytes;

    if (!gate_size_parse(size, &bytes))
        return cli_usage_error("gate", "expected a size such as 500MB or 123456789 for "
                                       "'--image-size', got '%s'", size);
    memset(r, 0, sizeof(*r));
    r->format = "image-size";
    r->file = "--image-size";
    r->images = sg_arena_alloc(a, sizeof(*r->images));
    r->images[0].name = "(--image-size)";
    r->images[0].size = bytes;
    r->n_images = 1;
    *out = r;
    return 0;
}

static int write_output(const struct gate_args *g, const struct gate_decision *dec,
                        const struct gate_baseline *bl)
{
    struct gate_output_opts o = {false, bl, g->stage};
    FILE *out = stdout;
    int rc;

    if (g->output && !(out = fopen(g->output, "w"))) {
        fprintf(stderr, "shipgate gate: cannot write '%s': %s\n", g->output, strerror(errno));
        return CLI_USAGE;
    }
    o.color = out == stdout && g->format == GATE_OUT_TEXT && cli_use_color(stdout);
    rc = gate_output_write(out, g->format, dec, &o);
    if ((out != stdout && fclose(out) != 0) || rc != 0) {
        fprintf(stderr, "shipgate gate: cannot write '%s': %s\n",
                g->output ? g->output : "(stdout)", strerror(errno));
        return CLI_USAGE;
    }
    return 0;
}

static int run_gate(struct gate_args *g, struct sg_arena *a, struct sg_diags *d)
{
    struct gate_policy pol;
    struct gate_parse_opts opts = GATE_PARSE_OPTS_INIT;
    /* One more slot for --image-size. */
    struct gate_report **rw = sg_arena_alloc(a, (g->n + 1) * sizeof(*rw));
    const struct gate_report **reports = (const struct gate_report **)rw;
    struct gate_baseline baseline, *bl = NULL;
    struct gate_decision dec;
    struct store_gate_session reg;
    const char **notes = NULL;
    size_t i, n_notes = 0, n_all = g->n;
    int bad = 0, today = today_yyyymmdd();

    if (load_policy(&pol, a, g->policy, d) < 0)
        return CLI_USAGE;
    if (g->baseline && gate_baseline_load(&baseline, a, g->baseline, d) < 0)
        return CLI_USAGE;
    if (g->image_size && image_report(&rw[n_all++], a, g->image_size) != 0)
        return CLI_USAGE;
    opts.unknown_severity = pol.unknown;
    opts.source_root = g->source_root;
    for (i = 0; i < g->n; i++) {
        rw[i] = sg_arena_alloc(a, sizeof(*rw[i]));
        if (gate_report_parse_file(rw[i], a, g->files[i], g->forced[i], &opts, d) < 0)
            bad = 1;
    }
    if (bad)
        return CLI_USAGE;
    gate_ignorefiles_apply(rw, g->n, g->source_root, today, a, &notes, &n_notes);
    if (g->baseline) {
        bl = &baseline;
        gate_baseline_apply(bl, rw, g->n);
    }
    if (register_open(g, &reg, a, reports) != 0)
        return CLI_USAGE;
    gate_decide(&dec, a, &pol, g->stage, reports, n_all, today);
    for (i = 0; i < n_notes; i++)
        gate_strlist_add(a, &dec.warnings, &dec.n_warnings, notes[i]);
    if (bl)
        gate_baseline_warnings(bl, &dec, a);
    register_record(g, &reg, reports, &dec, d);
    if (g->save_baseline && gate_baseline_save(g->save_baseline, reports, g->n, time(NULL), d) < 0)
        return CLI_USAGE;
    if (write_output(g, &dec, bl) != 0)
        return CLI_USAGE;
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
