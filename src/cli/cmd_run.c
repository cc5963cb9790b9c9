/* SPDX-License-Identifier: MIT */
/*
 * `shipgate run [EVENT] [options]`: parses the flags of DESIGN.md section 4
 * into a struct run_options and hands it to the runner (src/run), which
 * loads, matches, runs and reports. Only flag syntax is checked here.
 */
#include <unistd.h>

#include "cli.h"
#include "run/run.h"

struct run_args {
    struct run_options o;
    struct sg_arena *a;
    bool event_set;
};
static int add_kv(struct run_kvs *l, struct sg_arena *a, const char *v, const char *flag,
                  bool from_env)
{
    const char *eq = strchr(v, '=');
    if (!eq) {
        const char *e = from_env ? getenv(v) : NULL;
        if (!from_env)
            return cli_usage_error("run", "'%s' expects NAME=VALUE, got '%s'", flag, v);
        run_kvs_add(l, a, v, e ? e : "");
        return 0;
    }
    if (eq == v)
        return cli_usage_error("run", "'%s' expects NAME=VALUE, got '%s'", flag, v);
    run_kvs_add(l, a, sg_arena_strndup(a, v, (size_t)(eq - v)), eq + 1);
    return 0;
}

static int add_file(struct run_kvs *l, struct sg_arena *a, const char *path)
{
    struct sg_buf text = SG_BUF_INIT;
    struct sg_diags d;
    int rc = 0;
    if (sg_read_file(&text, path, 16u << 20) != 0) {
        fprintf(stderr, "shipgate run: cannot read '%s': %s\n", path, strerror(errno));
        sg_buf_release(&text);
        return CLI_USAGE;
    }
    sg_diags_init(&d);
    if (run_dotenv_parse(l, a, path, sg_buf_str(&text), text.len, &d) != 0) {
        sg_diags_print(&d, stderr);
        rc = CLI_USAGE;
    }
    sg_diags_release(&d);
    sg_buf_release(&text);
    return rc;
}

static int set_parallel(struct run_options *o, const char *v)
{
    long n;
    if (!v || !sg_parse_long(v, &n) || n < 1 || n > 1024)
        return cli_usage_error("run", "'--parallel' expects a number from 1 to 1024, got '%s'",
                               v ? v : "");
    o->parallel = (int)n;
    return 0;
}

static int value_opt(struct run_args *r, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *v = cli_opt_value(argc, argv, i);
    struct run_options *o = &r->o;
    if (!v)
        return cli_usage_error("run", "option '%s' needs a value", arg);
    if (cli_opt_is(arg, "-W", "--workflows"))
        o->workflows = v;
    else if (cli_opt_is(arg, "-j", "--job"))
        o->only_job = v;
    else if (cli_opt_is(arg, "-C", "--directory"))
        o->directory = v;
    else if (cli_opt_is(arg, "-e", "--eventpath"))
        o->event_path = v;
    else if (cli_opt_is(arg, NULL, "--input"))
        return add_kv(&o->inputs, r->a, v, "--input", false);
    else if (cli_opt_is(arg, "-s", "--secret"))
        return add_kv(&o->secrets, r->a, v, "--secret", true);
    else if (cli_opt_is(arg, NULL, "--secret-file"))
        return add_file(&o->secrets, r->a, v);
    else if (cli_opt_is(arg, NULL, "--var"))
        return add_kv(&o->vars, r->a, v, "--var", false);
    else if (cli_opt_is(arg, NULL, "--var-file"))
        return add_file(&o->vars, r->a, v);
    else if (cli_opt_is(arg, NULL, "--env"))
        return add_kv(&o->env, r->a, v, "--env", false);
    else if (cli_opt_is(arg, NULL, "--env-file"))
        return add_file(&o->env, r->a, v);
    else if (cli_opt_is(arg, "-p", "--parallel"))
        return set_parallel(o, v);
    else if (cli_opt_is(arg, NULL, "--json"))
        o->json_path = v;
    else if (cli_opt_is(arg, NULL, "--executor")) {
        if (strcmp(v, "host") != 0)
            return cli_usage_error("run", "executor '%s' is not available yet (only 'host'; "
                                          "sandbox and docker come later)", v);
    } else
        return cli_usage_error("run", "unknown option '%s'", arg);
    return 0;
}

static const char *const value_opts[] = {
    "-W", "--workflows", "-j", "--job", "-C", "--directory", "-e", "--eventpath", "--input",
    "-s", "--secret", "--secret-file", "--var", "--var-file", "--env", "--env-file", "-p",
    "--parallel", "--json", "--executor",
};

static bool takes_value(const char *arg)
{
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(value_opts); i++)
        if (cli_opt_is(arg, sg_starts_with(value_opts[i], "--") ? NULL : value_opts[i],
                   sg_starts_with(value_opts[i], "--") ? value_opts[i] : NULL))
            return true;
    return false;
}

static int parse(struct run_args *r, int argc, char **argv)
{
    int i, rc;
    bool opts = true;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (opts && !strcmp(arg, "--")) {
            opts = false;
        } else if (opts && (!strcmp(arg, "-l") || !strcmp(arg, "--list"))) {
            r->o.list = true;
        } else if (opts && (!strcmp(arg, "-n") || !strcmp(arg, "--dryrun"))) {
            r->o.dryrun = true;
        } else if (opts && takes_value(arg)) {
            if ((rc = value_opt(r, argc, argv, &i)) != 0)
                return rc;
        } else if (opts && arg[0] == '-' && arg[1]) {
            return cli_usage_error("run", "unknown option '%s'", arg);
        } else if (!r->event_set) {
            r->o.event = arg;
            r->event_set = true;
        } else {
            return cli_usage_error("run", "unexpected argument '%s' (one EVENT at most)", arg);
        }
    }
    return 0;
}

int cmd_run(int argc, char **argv)
{
    struct run_args r;
    int rc;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

    memset(&r, 0, sizeof(r));
    r.a = sg_arena_new();
    r.o.parallel = ncpu > 0 ? (int)ncpu : 1;
    rc = parse(&r, argc, argv);
    if (rc == 0) {
        r.o.out = stdout;
        r.o.color = cli_use_color(stdout);
        rc = run_main(&r.o);
    }
    run_kvs_release(&r.o.inputs);
    run_kvs_release(&r.o.secrets);
    run_kvs_release(&r.o.vars);
    run_kvs_release(&r.o.env);
    sg_arena_free(r.a);
    return rc;
}
