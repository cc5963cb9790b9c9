/* SPDX-License-Identifier: MIT */
/*
 * `uses: shipgate/secret-scan@v1`: `shipgate scan secrets` as a workflow
 * step, in-process (src/scan). It scans the workspace (or `path`), or its
 * git history with `git:`, prints each finding with its redacted preview,
 * writes a markdown table to the job summary and a JSON or SARIF report
 * file for the gate step (output `report`), and fails when secrets are
 * found unless `fail-on-findings: false`. No secret value leaves the
 * scanner: reports, log and summary carry only the redacted previews.
 */
#include <unistd.h>

#include "run/builtin_int.h"
#include "scan/scan.h"

static const char *const scan_inputs[] = {
    "path", "git", "config", "baseline", "format", "output", "fail-on-findings", NULL,
};

struct scan_step {
    const char *root, *range, *config, *baseline, *output;
    bool git, fail;
    enum scan_format format;
};

/* A table cell: pipes escaped, no line breaks. */
static void md_cell(struct sg_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            sg_buf_addstr(b, "\\|");
        else if (*s == '\n' || *s == '\r')
            sg_buf_addch(b, ' ');
        else if (*s == '`')
            sg_buf_addch(b, '\'');
        else
            sg_buf_addch(b, *s);
    }
}

static void summary(struct run_job *j, const struct scan_step *s, const struct scan_findings *f)
{
    struct sg_buf b = SG_BUF_INIT;
    size_t i;
    sg_buf_addf(&b, "### Secret scan: %s\n\n", f->n ? "secrets found" : "no secrets found");
    sg_buf_addf(&b, "%zu secret%s found in %s%s.\n", f->n, f->n == 1 ? "" : "s",
                s->git ? "the git history of " : "",
                s->root == j->ctx->workspace ? "the workspace" : s->root);
    if (f->n) {
        sg_buf_addstr(&b, "\n| Rule | Location | Preview (redacted) |");
        sg_buf_addstr(&b, s->git ? " Introduced |\n|---|---|---|---|\n" : "\n|---|---|---|\n");
    }
    for (i = 0; i < f->n; i++) {
        const struct scan_finding *x = &f->items[i];
        sg_buf_addf(&b, "| %s | `", x->rule->id);
        md_cell(&b, x->path);
        sg_buf_addf(&b, ":%ld:%ld` | `", x->line, x->column);
        md_cell(&b, x->preview);
        sg_buf_addstr(&b, "` |");
        if (s->git)
            sg_buf_addf(&b, " %.12s %s |", x->commit ? x->commit : "", x->date ? x->date : "");
        sg_buf_addch(&b, '\n');
    }
    sg_buf_addch(&b, '\n'); /* apart from what the next step writes */
    run_bi_summary(j, b.data, b.len);
    sg_buf_release(&b);
}

/* The report file: `output`, else a fresh file in the run's temporary folder. */
static const char *report_path(struct run_job *j, const struct scan_step *s)
{
    char *p;
    int fd;
    if (s->output)
        return run_bi_path(j, s->output);
    p = sg_arena_printf(j->arena, "%s/secret-scan-XXXXXX.%s", j->ctx->temp_dir,
                        s->format == SCAN_FORMAT_SARIF ? "sarif" : "json");
    fd = mkstemps(p, s->format == SCAN_FORMAT_SARIF ? 6 : 5);
    if (fd < 0)
        return NULL;
    close(fd);
    return p;
}

static int write_report(struct run_job *j, const struct scan_step *s,
                        const struct scan_findings *f, const struct scan_db *db,
                        struct expr_value *outputs)
{
    const char *path = report_path(j, s);
    FILE *out = path ? fopen(path, "we") : NULL;
    int rc;
    if (!out) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/secret-scan: cannot write the report '%s': %s",
                   path ? path : j->ctx->temp_dir, strerror(errno));
        return -1;
    }
    rc = scan_report(out, s->format, f, db);
    if (fclose(out) != 0)
        rc = -1;
    if (rc < 0) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/secret-scan: cannot write the report '%s'", path);
        return -1;
    }
    expr_object_set(j->arena, outputs, "report", expr_cstring(j->arena, path));
    return 0;
}

static void log_findings(struct run_job *j, const struct scan_findings *f, bool fail)
{
    size_t i;
    for (i = 0; i < f->n; i++) {
        const struct scan_finding *x = &f->items[i];
        run_bi_say(j, RUN_LOG_OUTPUT, "%s:%ld:%ld: %s: %s", x->path, x->line, x->column,
                   x->rule->id, x->preview);
        if (x->commit)
            run_bi_say(j, RUN_LOG_OUTPUT, "    introduced in %.12s by %s on %s", x->commit,
                       x->author ? x->author : "?", x->date ? x->date : "?");
    }
    run_bi_say(j, !f->n ? RUN_LOG_OUTPUT : fail ? RUN_LOG_ERROR : RUN_LOG_WARNING,
               "%zu secret%s found", f->n,
               f->n == 1 ? "" : "s");
}

static int step_options(struct run_job *j, const struct expr_value *with, struct scan_step *s)
{
    const char *v = run_bi_input(j, with, "path"), *fmt = run_bi_input(j, with, "format");
    const char *git = run_bi_input(j, with, "git");
    int fail = run_bi_bool(run_bi_input(j, with, "fail-on-findings"), true);

    memset(s, 0, sizeof(*s));
    s->root = v && *v ? run_bi_path(j, v) : j->ctx->workspace;
    if (fail < 0) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/secret-scan: expected true or false for "
                                     "'fail-on-findings'");
        return -1;
    }
    s->fail = fail;
    if (git && *git && !sg_str_eq_nocase(git, "false")) {
        s->git = true;
        s->range = sg_str_eq_nocase(git, "true") ? NULL : git;
    }
    if ((v = run_bi_input(j, with, "config")) && *v)
        s->config = run_bi_path(j, v);
    if ((v = run_bi_input(j, with, "baseline")) && *v)
        s->baseline = run_bi_path(j, v);
    if ((v = run_bi_input(j, with, "output")) && *v)
        s->output = v;
    s->format = SCAN_FORMAT_JSON;
    if (fmt && *fmt ? !strcmp(fmt, "sarif")
                    : s->output && strlen(s->output) > 6 &&
                          !strcmp(s->output + strlen(s->output) - 6, ".sarif"))
        s->format = SCAN_FORMAT_SARIF;
    else if (fmt && *fmt && strcmp(fmt, "json") != 0) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/secret-scan: expected json or sarif for 'format', "
                                     "got '%s'", fmt);
        return -1;
    }
    return 0;
}

/* Scans; -1 when the scan could not run (diagnostics logged). */
static int scan(struct run_job *j, const struct scan_step *s, struct scan_findings *f,
                struct scan_db **db)
{
    struct scan_config cfg;
    struct scan_walk_opts walk = {0, false};
    struct sg_diags d;
    int rc = -1;

    scan_config_init(&cfg);
    sg_diags_init(&d);
    if (s->config && scan_config_load(&cfg, s->config, &d) < 0)
        goto out;
    if (!(*db = scan_db_new(&cfg, &d)))
        goto out;
    if (s->git ? scan_git(*db, s->root, s->range, f, &d) < 0
               : scan_walk(*db, s->root, &walk, f, &d) < 0)
        goto out;
    if (s->baseline && scan_baseline_apply(f, s->baseline, &d) < 0)
        goto out;
    scan_findings_sort(f);
    rc = 0;
out:
    sg_diags_sort(&d);
    run_bi_diags(j, &d);
    sg_diags_release(&d);
    scan_config_release(&cfg);
    return rc;
}

bool run_builtin_secret_scan(struct run_job *j, const struct expr_value *with,
                             struct expr_value *outputs)
{
    struct scan_step s;
    struct scan_findings f;
    struct scan_db *db = NULL;
    bool ok = false;

    run_bi_check_inputs(j, "shipgate/secret-scan", with, scan_inputs);
    if (step_options(j, with, &s) != 0)
        return false;
    scan_findings_init(&f);
    if (scan(j, &s, &f, &db) != 0) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/secret-scan: the scan could not run");
        goto out;
    }
    log_findings(j, &f, s.fail);
    summary(j, &s, &f);
    expr_object_set(j->arena, outputs, "count",
                    expr_cstring(j->arena, sg_arena_printf(j->arena, "%zu", f.n)));
    if (write_report(j, &s, &f, db, outputs) != 0)
        goto out;
    ok = !(f.n && s.fail);
out:
    scan_findings_release(&f);
    scan_db_free(db);
    return ok;
}
