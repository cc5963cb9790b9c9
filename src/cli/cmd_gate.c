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
#include "cli.h"
#include "gate/gate.h"
#include "gate/gate_run.h"
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
        if (!cli_opt_is(arg, "-p", "--policy") && !cli_opt_is(arg, NULL, "--stage") &&
            !cli_opt_is(arg, NULL, "--store") &&
            !cli_opt_is(arg, "-f", "--format") && !cli_opt_is(arg, "-o", "--output") &&
            !cli_opt_is(arg, NULL, "--as") && !cli_opt_is(arg, NULL, "--source-root") &&
            !cli_opt_is(arg, NULL, "--baseline") && !cli_opt_is(arg, NULL, "--save-baseline") &&
            !cli_opt_is(arg, NULL, "--image-size"))
            return cli_usage_error("gate", "unknown option '%s'", arg);
        v = cli_opt_value(argc, argv, &i);
        if (!v)
            return cli_usage_error("gate", "option '%s' needs a value", arg);
        if (cli_opt_is(arg, "-p", "--policy"))
            g->policy = v;
        else if (cli_opt_is(arg, NULL, "--stage"))
            g->stage = v;
        else if (cli_opt_is(arg, NULL, "--store"))
            g->store = v;
        else if (cli_opt_is(arg, "-o", "--output"))
            g->output = v;
        else if (cli_opt_is(arg, NULL, "--source-root"))
            g->source_root = v;
        else if (cli_opt_is(arg, NULL, "--baseline"))
            g->baseline = v;
        else if (cli_opt_is(arg, NULL, "--save-baseline"))
            g->save_baseline = v;
        else if (cli_opt_is(arg, NULL, "--image-size"))
            g->image_size = v;
        else if (cli_opt_is(arg, NULL, "--as")) {
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

/* ---- the command ------------------------------------------------------------ */

struct register_ctx {
    const struct gate_args *g;
    struct store_gate_session reg;
};

/* The findings register: triage decisions apply before the policy judges.
 * A store the user named must work; the default one only warns. */
static int register_open(void *ctx, struct sg_arena *a, const struct gate_report *const *reports,
                         size_t n)
{
    struct register_ctx *rc = ctx;
    struct sg_diags local;
    int res = 0;

    memset(&rc->reg, 0, sizeof(rc->reg));
    if (rc->g->no_store)
        return 0;
    sg_diags_init(&local);
    if (store_gate_session_open(&rc->reg, a, rc->g->store, ".", &local) != 0 ||
        store_gate_apply_triage(&rc->reg, a, reports, n, &local) != 0) {
        store_gate_session_close(&rc->reg);
        if (rc->g->store) {
            sg_diags_print(&local, stderr);
            res = -1;
        } else {
            fprintf(stderr, "shipgate gate: warning: findings not recorded:\n");
            sg_diags_print(&local, stderr);
        }
    }
    sg_diags_release(&local);
    return res;
}

static void register_record(void *ctx, const struct gate_report *const *reports, size_t n,
                            const struct gate_decision *dec, struct sg_diags *d)
{
    struct register_ctx *rc = ctx;
    struct store_gate_result res;
    if (!rc->reg.store)
        return;
    if (store_gate_record(&rc->reg, &res, reports, n, rc->g->stage, dec->block, d) == 0 &&
        rc->g->format == GATE_OUT_TEXT)
        fprintf(stderr,
                "findings register: %zu new, %zu seen again, %zu reopened, %zu fixed, %zu "
                "triaged (shipgate findings list)\n",
                res.added, res.seen, res.reopened, res.fixed, rc->reg.triaged);
    store_gate_session_close(&rc->reg);
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
    struct register_ctx reg = {g, {0}};
    struct gate_run_hooks hooks = {register_open, register_record, &reg};
    struct gate_run_opts o;
    struct gate_run_result res;

    memset(&o, 0, sizeof(o));
    o.policy = g->policy;
    o.default_policy = DEFAULT_POLICY;
    o.stage = g->stage;
    o.baseline = g->baseline;
    o.save_baseline = g->save_baseline;
    o.source_root = g->source_root;
    o.files = g->files;
    o.forced = g->forced;
    o.n = g->n;
    o.hooks = &hooks;
    if (g->image_size && !gate_size_parse(g->image_size, &o.image_size))
        return cli_usage_error("gate", "expected a size such as 500MB or 123456789 for "
                                       "'--image-size', got '%s'", g->image_size);
    o.has_image_size = g->image_size != NULL;
    if (gate_run(&res, a, &o, d) != 0)
        return CLI_USAGE;
    if (write_output(g, &res.dec, res.bl) != 0)
        return CLI_USAGE;
    return res.dec.block ? CLI_FAILED : CLI_OK;
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
