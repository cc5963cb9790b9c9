/* SPDX-License-Identifier: MIT */
/*
 * `shipgate scan secrets [PATH] [--git [RANGE]] [--format F] [-o FILE]
 * [--config FILE] [--baseline FILE]`: the CLI over src/scan. Parses the
 * options, builds the rule set once, runs a tree or history scan and
 * prints the report; exit 0 clean, 1 secrets found, 2 bad usage or input.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "scan/scan.h"

struct scan_opts {
    const char *path, *range, *out, *config, *baseline;
    bool git;
    enum scan_format format;
    struct scan_walk_opts walk;
    bool list_rules;
};

static bool is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static const char *need_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int parse_format(struct scan_opts *o, const char *v)
{
    if (!v)
        return cli_usage_error("scan", "option '--format' needs a value");
    if (strcmp(v, "text") == 0)
        o->format = SCAN_FORMAT_TEXT;
    else if (strcmp(v, "json") == 0)
        o->format = SCAN_FORMAT_JSON;
    else if (strcmp(v, "sarif") == 0)
        o->format = SCAN_FORMAT_SARIF;
    else
        return cli_usage_error("scan", "expected text, json or sarif for '--format', got '%s'", v);
    return CLI_OK;
}

static int take_positional(struct scan_opts *o, const char *a)
{
    if (o->git && !o->range && (o->path || !is_dir(a))) {
        o->range = a;
        return CLI_OK;
    }
    if (o->path)
        return cli_usage_error("scan", "unexpected argument '%s'", a);
    o->path = a;
    return CLI_OK;
}

static int parse_value_opt(struct scan_opts *o, const char *a, const char *v)
{
    if (!v)
        return cli_usage_error("scan", "option '%s' needs a value", a);
    if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
        o->out = v;
    else if (strcmp(a, "--config") == 0 || strcmp(a, "-c") == 0)
        o->config = v;
    else if (strcmp(a, "--baseline") == 0)
        o->baseline = v;
    else {
        long n;
        if (!sg_parse_long(v, &n) || n < 1 || n > 64)
            return cli_usage_error("scan", "expected a number from 1 to 64 for '%s', got '%s'", a, v);
        o->walk.threads = (int)n;
    }
    return CLI_OK;
}

static int parse_args(struct scan_opts *o, int argc, char **argv)
{
    int i, rc = CLI_OK;
    bool dashdash = false;
    for (i = 1; i < argc && rc == CLI_OK; i++) {
        const char *a = argv[i];
        if (dashdash || a[0] != '-' || !a[1])
            rc = take_positional(o, a);
        else if (strcmp(a, "--") == 0)
            dashdash = true;
        else if (strcmp(a, "--git") == 0)
            o->git = true;
        else if (strncmp(a, "--git=", 6) == 0)
            o->git = true, o->range = a + 6;
        else if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0)
            rc = parse_format(o, need_value(argc, argv, &i));
        else if (strncmp(a, "--format=", 9) == 0)
            rc = parse_format(o, a + 9);
        else if (strcmp(a, "--no-ignore") == 0)
            o->walk.no_ignore = true;
        else if (strcmp(a, "--list-rules") == 0)
            o->list_rules = true;
        else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--config") == 0 ||
                 strcmp(a, "-c") == 0 || strcmp(a, "--baseline") == 0 || strcmp(a, "-j") == 0 ||
                 strcmp(a, "--threads") == 0)
            rc = parse_value_opt(o, a, need_value(argc, argv, &i));
        else
            rc = cli_usage_error("scan", "unknown option '%s'", a);
    }
    return rc;
}

static void list_rules(const struct scan_db *db)
{
    size_t i;
    for (i = 0; i < scan_db_rule_count(db); i++) {
        const struct scan_rule *r = scan_db_rule(db, i);
        printf("%-36s %s\n", r->id, r->description);
    }
}

static int write_report(const struct scan_opts *o, const struct scan_findings *f,
                        const struct scan_db *db)
{
    FILE *out = o->out ? fopen(o->out, "w") : stdout;
    int rc;
    if (!out) {
        fprintf(stderr, "shipgate scan: cannot write '%s': %s\n", o->out, strerror(errno));
        return CLI_USAGE;
    }
    rc = scan_report(out, o->format, f, db);
    if (o->out && fclose(out) != 0)
        rc = -1;
    if (rc < 0) {
        fprintf(stderr, "shipgate scan: error writing the report\n");
        return CLI_USAGE;
    }
    if (o->out && o->format != SCAN_FORMAT_TEXT)
        fprintf(stderr, "%zu secret%s found\n", f->n, f->n == 1 ? "" : "s");
    return f->n ? CLI_FAILED : CLI_OK;
}

static int run_scan(const struct scan_opts *o, struct sg_diags *d)
{
    struct scan_config cfg;
    struct scan_db *db = NULL;
    struct scan_findings f;
    int rc = CLI_USAGE;

    scan_config_init(&cfg);
    scan_findings_init(&f);
    if (o->config && scan_config_load(&cfg, o->config, d) < 0)
        goto out;
    if (!(db = scan_db_new(&cfg, d)))
        goto out;
    if (o->list_rules) {
        list_rules(db);
        rc = CLI_OK;
        goto out;
    }
    if (o->git ? scan_git(db, o->path ? o->path : ".", o->range, &f, d) < 0
               : scan_walk(db, o->path ? o->path : ".", &o->walk, &f, d) < 0)
        goto out;
    if (o->baseline && scan_baseline_apply(&f, o->baseline, d) < 0)
        goto out;
    scan_findings_sort(&f);
    rc = write_report(o, &f, db);
out:
    sg_diags_sort(d);
    sg_diags_print(d, stderr);
    scan_findings_release(&f);
    scan_db_free(db);
    scan_config_release(&cfg);
    return rc;
}

int cmd_scan(int argc, char **argv)
{
    struct scan_opts o;
    struct sg_diags d;
    int rc;

    memset(&o, 0, sizeof(o));
    if (argc < 2)
        return cli_usage_error("scan", "expected a scanner: 'secrets'");
    if (strcmp(argv[1], "secrets") != 0)
        return cli_usage_error("scan", "unknown scanner '%s' (expected 'secrets')", argv[1]);
    rc = parse_args(&o, argc - 1, argv + 1);
    if (rc != CLI_OK)
        return rc;
    sg_diags_init(&d);
    rc = run_scan(&o, &d);
    sg_diags_release(&d);
    return rc;
}
