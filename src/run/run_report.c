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

    json_object_set_new(o, "id", json_string(j->job->id));
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

int run_report_write(const char *path, struct run_ctx *ctx, const struct run_wf_result *w,
                     size_t nw, enum run_result conclusion)
{
    json_t *root = json_object(), *wfs = json_array();
    size_t i, k;
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
        for (k = 0; k < w[i].njobs; k++)
            json_array_append_new(jobs, job_json(ctx, w[i].jobs[k]));
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

void run_report_table(struct run_ctx *ctx, const struct run_wf_result *w, size_t nw)
{
    size_t i, k, width = 3, n = 0, nsum = 0;
    for (i = 0; i < nw; i++)
        for (k = 0; k < w[i].njobs; k++)
            if (strlen(w[i].jobs[k]->name) > width)
                width = strlen(w[i].jobs[k]->name);
    if (width > 60)
        width = 60;
    run_log_line(&ctx->log, NULL, RUN_LOG_INFO, "");
    run_log_printf(&ctx->log, NULL, RUN_LOG_START, "%-*s  %-10s  %s", (int)width, "JOB",
                   "RESULT", "DURATION");
    for (i = 0; i < nw; i++) {
        for (k = 0; k < w[i].njobs; k++) {
            const struct run_job *j = w[i].jobs[k];
            enum run_log_kind kind = j->result == RUN_SUCCESS   ? RUN_LOG_OK
                                     : j->result == RUN_SKIPPED ? RUN_LOG_SKIP
                                                                : RUN_LOG_FAIL;
            run_log_printf(&ctx->log, NULL, kind, "%-*s  %-10s  %ld.%03lds", (int)width, j->name,
                           run_result_name(j->result), j->duration_ms / 1000,
                           j->duration_ms % 1000);
            if (summary_file(ctx, j, ++n))
                nsum++;
        }
    }
    if (nsum)
        run_log_printf(&ctx->log, NULL, RUN_LOG_INFO, "job summaries: %s", ctx->run_dir);
}
