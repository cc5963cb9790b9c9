/* SPDX-License-Identifier: MIT */
/*
 * One job instance (a matrix leg or a plain job) from its env to its
 * outputs: workflow and job env, defaults.run, timeout-minutes and
 * continue-on-error evaluated, the executor asked whether it can run the
 * job, the steps run in order, the job outputs evaluated afterwards and the
 * step summaries gathered. Scheduling (needs, if:, matrix) is runner.c's.
 */
#include <math.h>
#include <poll.h>

#include "actions/action_run.h"
#include "run/run_int.h"

#define JOB_DEFAULT_TIMEOUT_MIN 360

bool run_job_cancel_requested(const struct run_job *j)
{
    struct pollfd p = {j->cancel_pipe[0], POLLIN, 0};
    return j->cancel_pipe[0] >= 0 && poll(&p, 1, 0) > 0;
}

static const char *status_name(enum expr_status s)
{
    return s == EXPR_STATUS_SUCCESS ? "success" : s == EXPR_STATUS_FAILURE ? "failure" : "cancelled";
}

void run_job_context(struct expr_context *c, struct run_job *j, struct expr_value env)
{
    struct sg_arena *a = j->arena;
    struct expr_value job = expr_new_object(a);

    expr_context_init(c, a);
    expr_object_set(a, &job, "status", expr_cstring(a, status_name(j->status)));
    expr_object_set(a, &job, "container", expr_new_object(a));
    expr_object_set(a, &job, "services", expr_new_object(a));
    expr_context_set(a, c, "github", j->github);
    expr_context_set(a, c, "env", env);
    expr_context_set(a, c, "vars", j->ctx->vars);
    expr_context_set(a, c, "secrets", j->ctx->secrets);
    expr_context_set(a, c, "inputs", j->ctx->inputs);
    expr_context_set(a, c, "matrix", j->matrix);
    expr_context_set(a, c, "strategy", j->strategy);
    expr_context_set(a, c, "needs", j->needs);
    expr_context_set(a, c, "steps", j->steps_ctx);
    expr_context_set(a, c, "job", job);
    expr_context_set(a, c, "runner", j->runner);
    c->status = j->status;
    c->workspace = j->ctx->workspace;
}

static void merge_env(struct run_job *j, const struct expr_value *v)
{
    size_t i;
    for (i = 0; v->kind == EXPR_OBJECT && i < v->u.obj->n; i++)
        expr_object_set(j->arena, &j->env, v->u.obj->items[i].key,
                        expr_cstring(j->arena, expr_to_string(j->arena, &v->u.obj->items[i].value,
                                                              NULL)));
}

static int job_setup(struct run_job *j)
{
    struct expr_context c;
    struct expr_value v;
    const char *err = NULL;

    j->env = expr_new_object(j->arena);
    /* --env and --env-file: below the workflow's own env. */
    for (size_t i = 0; i < j->ctx->opt->env.n; i++)
        expr_object_set(j->arena, &j->env, j->ctx->opt->env.items[i].name,
                        expr_cstring(j->arena, j->ctx->opt->env.items[i].value));
    run_job_context(&c, j, j->env);
    if (run_eval_node(&v, j->arena, j->wf->env, &c, &err) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "env: %s", err);
        return -1;
    }
    merge_env(j, &v);
    run_job_context(&c, j, j->env);
    if (run_eval_node(&v, j->arena, j->job->env, &c, &err) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "jobs.%s.env: %s", j->job->id, err);
        return -1;
    }
    merge_env(j, &v);
    run_job_context(&c, j, j->env);
    j->shell_default = j->job->defaults.shell ? j->job->defaults.shell->s
                       : j->wf->defaults.shell ? j->wf->defaults.shell->s : NULL;
    j->wd_default = j->job->defaults.working_directory ? j->job->defaults.working_directory->s
                    : j->wf->defaults.working_directory ? j->wf->defaults.working_directory->s
                                                        : NULL;
    if (run_eval_node(&v, j->arena, j->job->continue_on_error, &c, &err) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "continue-on-error: %s", err);
        return -1;
    }
    j->continue_on_error = expr_truthy(&v);
    if (run_eval_node(&v, j->arena, j->job->timeout_minutes, &c, &err) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "timeout-minutes: %s", err);
        return -1;
    }
    j->timeout_min = JOB_DEFAULT_TIMEOUT_MIN;
    if (v.kind != EXPR_NULL) {
        double m = expr_to_number(&v);
        if (!isfinite(m) || m <= 0) {
            run_log_errorf(&j->ctx->log, j->prefix, "timeout-minutes: expected a positive number");
            return -1;
        }
        j->timeout_min = (long)ceil(m);
        j->deadline_ms = run_now_ms() + (long long)(m * 60000.0);
    } else {
        j->deadline_ms = run_now_ms() + (long long)j->timeout_min * 60000;
    }
    return 0;
}

/* Job outputs; GitHub drops one that holds a secret ("may contain secret"). */
static void job_outputs(struct run_job *j)
{
    const struct wf_value *o = j->job->outputs;
    struct expr_context c;
    size_t i;

    j->outputs = expr_new_object(j->arena);
    if (!o || o->kind != WF_MAP)
        return;
    run_job_context(&c, j, j->env);
    for (i = 0; i < o->n; i++) {
        const char *val = NULL, *err = NULL;
        const char *key = o->pairs[i].key.s;
        if (run_eval_string(&val, j->arena, &o->pairs[i].value, &c, &err) != 0) {
            run_log_errorf(&j->ctx->log, j->prefix, "outputs.%s: %s", key, err);
            continue;
        }
        if (val && strcmp(run_mask(&j->ctx->log, j->arena, val), val) != 0) {
            run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_WARNING,
                           "warning: Skip output '%s' since it may contain secret.", key);
            continue;
        }
        expr_object_set(j->arena, &j->outputs, key, expr_cstring(j->arena, val ? val : ""));
    }
}

/* runs-on and environment: recorded for the report (the host runs
 * everything). The url is evaluated after the steps, so it can name a
 * step's output, as on GitHub. */
static void record_target(struct run_job *j, bool after_steps)
{
    const struct wf_environment *e = &j->job->environment;
    struct expr_context c;
    const char *err = NULL, *v = NULL;

    run_job_context(&c, j, j->env);
    if (!after_steps) {
        if (run_eval_node(&j->runs_on, j->arena, j->job->runs_on.node, &c, &err) != 0)
            run_log_errorf(&j->ctx->log, j->prefix, "runs-on: %s", err);
        if (e->node && run_eval_string(&v, j->arena, e->name ? e->name : e->node, &c, &err) != 0)
            run_log_errorf(&j->ctx->log, j->prefix, "environment: %s", err);
        else if (v && *v)
            j->env_name = v;
        return;
    }
    if (j->env_name && e->url && run_eval_string(&v, j->arena, e->url, &c, &err) != 0)
        run_log_errorf(&j->ctx->log, j->prefix, "environment.url: %s", err);
    else if (j->env_name && v)
        j->env_url = v;
}

static void run_steps(struct run_job *j)
{
    size_t i;
    for (i = 0; i < j->job->nsteps; i++) {
        run_step_execute(j, &j->job->steps[i]);
        if (!j->timed_out && j->deadline_ms && run_now_ms() >= j->deadline_ms) {
            j->timed_out = true;
            run_log_errorf(&j->ctx->log, j->prefix,
                           "The job has exceeded the maximum execution time of %ld minutes.",
                           j->timeout_min);
            j->status = EXPR_STATUS_CANCELLED;
            /* always() steps still get a little time, as on GitHub. */
            j->deadline_ms = run_now_ms() + 5 * 60000;
        }
    }
}

void run_job_execute(struct run_job *j)
{
    long long t0 = run_now_ms();
    struct sg_buf why = SG_BUF_INIT;

    if (wf_job_calls_local_workflow(j->job)) {
        run_call_execute(j);
        return;
    }
    j->status = EXPR_STATUS_SUCCESS;
    j->steps_ctx = expr_new_object(j->arena);
    exec_pathlist_init(&j->path);
    run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_START, "job started (runs-on: %s)",
                   j->job->runs_on.node && wf_value_is_scalar(j->job->runs_on.node)
                       ? j->job->runs_on.node->s
                       : "host");
    if (j->ctx->executor->job_check(j->ctx->executor, j, &why) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "%s", sg_buf_str(&why));
        j->status = EXPR_STATUS_FAILURE;
    } else if (job_setup(j) != 0) {
        j->status = EXPR_STATUS_FAILURE;
    } else {
        record_target(j, false);
        run_steps(j);
        action_run_posts(j);
        record_target(j, true);
    }
    sg_buf_release(&why);
    if (run_job_cancel_requested(j) && j->status == EXPR_STATUS_SUCCESS)
        j->status = EXPR_STATUS_CANCELLED;
    j->result = j->status == EXPR_STATUS_SUCCESS   ? RUN_SUCCESS
                : j->status == EXPR_STATUS_FAILURE ? RUN_FAILURE
                                                   : RUN_CANCELLED;
    if (j->timed_out)
        j->result = RUN_FAILURE;
    job_outputs(j);
    exec_pathlist_release(&j->path);
    j->duration_ms = (long)(run_now_ms() - t0);
    run_log_printf(&j->ctx->log, j->prefix,
                   j->result == RUN_SUCCESS ? RUN_LOG_OK : RUN_LOG_FAIL,
                   "job %s (%ld.%03lds)", run_result_name(j->result), j->duration_ms / 1000,
                   j->duration_ms % 1000);
}
