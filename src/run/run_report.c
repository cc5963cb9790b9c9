/* SPDX-License-Identifier: MIT */
/*
 * What a run leaves behind: the summary table at the end of the live log,
 * the job summaries ($GITHUB_STEP_SUMMARY, gathered per job) as Markdown
 * files in the run folder, and the JSON run report of DESIGN.md section 4.
 * Every string is masked before it is written.
 */
#include <jansson.h>

#include "run/run_int.h"

static json_t *masked(struct run_ctx *ctx, struct sg_arena *a, const char *s)
{
    return json_string(run_mask(&ctx->log, a, s ? s : ""));
}

static json_t *job_json(struct run_ctx *ctx, const struct run_job *j)
{
    struct sg_arena *a = j->arena;
    json_t *o = json_object(), *steps = json_array(), *outs = json_object(), *m;
    size_t i;

    json_object_set_new(o, "id", json_string(j->report_id ? j->report_id : j->job->id));
    json_object_set_new(o, "name", masked(ctx, a, j->name));
    m = j->has_matrix ? expr_to_json(&j->matrix) : json_object();
    json_object_set_new(o, "matrix", m);
    json_object_set_new(o, "conclusion", json_string(run_result_name(j->result)));
    for (i = 0; j->outputs.kind == EXPR_OBJECT && i < j->outputs.u.obj->n; i++)
        json_object_set_new(outs, j->outputs.u.obj->items[i].key,
                            masked(ctx, a, expr_to_string(a, &j->outputs.u.obj->items[i].value,
                                                          NULL)));
    json_object_set_new(o, "outputs", outs);
    json_object_set_new(o, "duration_ms", json_integer(j->duration_ms));
    if (j->job->uses)
        json_object_set_new(o, "uses", json_string(j->job->uses->s));
    if (j->runs_on.kind != EXPR_NULL)
        json_object_set_new(o, "runs_on", expr_to_json(&j->runs_on));
    if (j->env_name) {
        json_t *e = json_object();
        json_object_set_new(e, "name", masked(ctx, a, j->env_name));
        json_object_set_new(e, "url", j->env_url ? masked(ctx, a, j->env_url) : json_null());
        json_object_set_new(o, "environment", e);
    }
    if (j->conc_group)
        json_object_set_new(o, "concurrency", masked(ctx, a, j->conc_group));
    for (i = 0; i < j->nsteps; i++) {
        const struct run_step_result *r = &j->steps[i];
        json_t *s = json_object();
        json_object_set_new(s, "id", json_string(r->id));
        json_object_set_new(s, "name", masked(ctx, a, r->name));
        json_object_set_new(s, "outcome", json_string(run_result_name(r->outcome)));
        json_object_set_new(s, "conclusion", json_string(run_result_name(r->conclusion)));
        json_object_set_new(s, "duration_ms", json_integer(r->duration_ms));
        json_array_append_new(steps, s);
    }
    json_object_set_new(o, "steps", steps);
    return o;
}

/* A caller job, then the jobs of the workflow it called (ids "call/job"),
 * depth first: one flat list, so readers that know jobs need nothing new. */
static void add_jobs(json_t *jobs, struct run_ctx *ctx, const struct run_wf_result *w)
{
    size_t k;
    for (k = 0; k < w->njobs; k++) {
        json_array_append_new(jobs, job_json(ctx, w->jobs[k]));
        if (w->jobs[k]->call)
            add_jobs(jobs, ctx, w->jobs[k]->call);
    }
}

int run_report_write(const char *path, struct run_ctx *ctx, const struct run_wf_result *w,
                     size_t nw, enum run_result conclusion)
{
    json_t *root = json_object(), *wfs = json_array();
    size_t i;
    int rc;

    json_object_set_new(root, "event", json_string(ctx->event));
    json_object_set_new(root, "conclusion", json_string(run_result_name(conclusion)));
    for (i = 0; i < nw; i++) {
        json_t *o = json_object(), *jobs = json_array();
        const char *file = w[i].wf->file;
        size_t wl = strlen(ctx->workspace);
        if (!strncmp(file, ctx->workspace, wl) && file[wl] == '/')
            file += wl + 1;
        json_object_set_new(o, "file", json_string(file));
        json_object_set_new(o, "name", json_string(w[i].wf->name ? w[i].wf->name->s : file));
        if (w[i].concurrency)
            json_object_set_new(o, "concurrency", masked(ctx, ctx->arena, w[i].concurrency));
        add_jobs(jobs, ctx, &w[i]);
        json_object_set_new(o, "jobs", jobs);
        json_array_append_new(wfs, o);
    }
    json_object_set_new(root, "workflows", wfs);
    rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return rc == 0 ? 0 : -1;
}

static const char *summary_file(struct run_ctx *ctx, const struct run_job *j, size_t n)
{
    struct sg_buf b = SG_BUF_INIT;
    const char *s, *r;
    FILE *f;
    if (!j->summary.len || !ctx->run_dir)
        return NULL;
    sg_buf_addf(&b, "%s/%zu-", ctx->run_dir, n);
    for (s = j->name; *s; s++)
        sg_buf_addch(&b, (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                             (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'
                             ? *s : '_');
    sg_buf_addstr(&b, ".md");
    r = sg_arena_strdup(ctx->arena, sg_buf_str(&b));
    sg_buf_release(&b);
    if (!(f = fopen(r, "we")))
        return NULL;
    s = run_mask(&ctx->log, j->arena, j->summary.data);
    fputs(s, f);
    fclose(f);
    return r;
}

static size_t name_width(const struct run_wf_result *w, size_t nw)
{
    size_t i, k, width = 3;
    for (i = 0; i < nw; i++)
        for (k = 0; k < w[i].njobs; k++) {
            size_t l = strlen(w[i].jobs[k]->name);
            if (l > width)
                width = l;
            if (w[i].jobs[k]->call && (l = name_width(w[i].jobs[k]->call, 1)) > width)
                width = l;
        }
    return width > 60 ? 60 : width;
}

static void table_rows(struct run_ctx *ctx, const struct run_wf_result *w, size_t nw,
                       size_t width, size_t *n, size_t *nsum)
{
    size_t i, k;
    for (i = 0; i < nw; i++) {
        for (k = 0; k < w[i].njobs; k++) {
            const struct run_job *j = w[i].jobs[k];
            enum run_log_kind kind = j->result == RUN_SUCCESS   ? RUN_LOG_OK
                                     : j->result == RUN_SKIPPED ? RUN_LOG_SKIP
                                                                : RUN_LOG_FAIL;
            run_log_printf(&ctx->log, NULL, kind, "%-*s  %-10s  %ld.%03lds", (int)width, j->name,
                           run_result_name(j->result), j->duration_ms / 1000,
                           j->duration_ms % 1000);
            if (summary_file(ctx, j, ++*n))
                ++*nsum;
            if (j->call)
                table_rows(ctx, j->call, 1, width, n, nsum);
        }
    }
}

void run_report_table(struct run_ctx *ctx, const struct run_wf_result *w, size_t nw)
{
    size_t width = name_width(w, nw), n = 0, nsum = 0;
    run_log_line(&ctx->log, NULL, RUN_LOG_INFO, "");
    run_log_printf(&ctx->log, NULL, RUN_LOG_START, "%-*s  %-10s  %s", (int)width, "JOB",
                   "RESULT", "DURATION");
    table_rows(ctx, w, nw, width, &n, &nsum);
    if (nsum)
        run_log_printf(&ctx->log, NULL, RUN_LOG_INFO, "job summaries: %s", ctx->run_dir);
}
