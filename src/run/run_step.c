/* SPDX-License-Identifier: MIT */
/*
 * One step: its `if:`, name, env, continue-on-error and timeout evaluated
 * at the moment GitHub evaluates them and with the contexts it allows, then
 * a `run:` script through the executor or a built-in action, then the
 * environment files read back into the job (env, path, outputs, summary)
 * and steps.<id> set. The process details live in step_proc.c.
 */
#include <math.h>

#include "actions/action_run.h"
#include "run/run_int.h"
#include "run/step_int.h"

struct step_state {
    struct run_job *j;
    const struct wf_step *st;
    struct run_step_result *res;
    struct expr_value env; /* the env context of this step */
    struct expr_context c;
    bool coe;
    long timeout_ms;
    struct expr_value outputs;
    int exit_code;
    bool timed_out, cancelled;
    bool pre_cancelled; /* the job was cancelled before this step began */
};

static const char *default_name(struct run_job *j, const struct wf_step *st)
{
    if (st->uses)
        return sg_arena_printf(j->arena, "Run %s", st->uses->s);
    if (st->run) {
        const char *s = st->run->s, *nl;
        while (*s == '\n' || *s == ' ')
            s++;
        nl = strchr(s, '\n');
        return sg_arena_printf(j->arena, "Run %.*s", nl ? (int)(nl - s) : (int)strlen(s), s);
    }
    return "Run step";
}

static const char *step_id(struct run_job *j, const struct wf_step *st)
{
    if (st->id)
        return st->id->s;
    /* GitHub's generated ids: __run, __run_2, ... / __owner_repo */
    return sg_arena_printf(j->arena, "__%s_%zu", st->uses ? "uses" : "run", st->index + 1);
}

static void set_steps_ctx(struct step_state *s)
{
    struct sg_arena *a = s->j->arena;
    struct expr_value o;
    if (!s->st->id)
        return;
    o = expr_new_object(a);
    expr_object_set(a, &o, "outputs", s->outputs);
    expr_object_set(a, &o, "outcome", expr_cstring(a, run_result_name(s->res->outcome)));
    expr_object_set(a, &o, "conclusion", expr_cstring(a, run_result_name(s->res->conclusion)));
    expr_object_set(a, &s->j->steps_ctx, s->st->id->s, o);
}

/* env: the job's env overlaid with the step's own (values as strings). */
static int eval_env(struct step_state *s)
{
    struct sg_arena *a = s->j->arena;
    struct expr_value own;
    const char *err = NULL;
    size_t i;

    s->env = run_object_copy(a, &s->j->env);
    if (run_eval_node(&own, a, s->st->env, &s->c, &err) != 0) {
        run_log_errorf(&s->j->ctx->log, s->j->prefix, "%s: env: %s", s->res->name, err);
        return -1;
    }
    for (i = 0; own.kind == EXPR_OBJECT && i < own.u.obj->n; i++)
        expr_object_set(a, &s->env, own.u.obj->items[i].key,
                        expr_cstring(a, expr_to_string(a, &own.u.obj->items[i].value, NULL)));
    /* The other contexts are as run_step_execute built them. */
    expr_context_set(a, &s->c, "env", s->env);
    return 0;
}

static int eval_controls(struct step_state *s)
{
    struct sg_arena *a = s->j->arena;
    struct expr_value v;
    const char *err = NULL;

    if (run_eval_node(&v, a, s->st->continue_on_error, &s->c, &err) != 0) {
        run_log_errorf(&s->j->ctx->log, s->j->prefix, "continue-on-error: %s", err);
        return -1;
    }
    s->coe = expr_truthy(&v);
    if (run_eval_node(&v, a, s->st->timeout_minutes, &s->c, &err) != 0) {
        run_log_errorf(&s->j->ctx->log, s->j->prefix, "timeout-minutes: %s", err);
        return -1;
    }
    if (v.kind != EXPR_NULL) {
        double m = expr_to_number(&v);
        if (!isfinite(m) || m <= 0) {
            run_log_errorf(&s->j->ctx->log, s->j->prefix,
                           "timeout-minutes: expected a positive number");
            return -1;
        }
        s->timeout_ms = (long)(m * 60000.0);
    }
    if (s->j->deadline_ms) {
        long left = (long)(s->j->deadline_ms - run_now_ms());
        if (left < 1)
            left = 1;
        if (!s->timeout_ms || left < s->timeout_ms)
            s->timeout_ms = left;
    }
    return 0;
}

static const char *working_dir(struct step_state *s, bool *ok)
{
    struct run_job *j = s->j;
    const char *wd = NULL, *err = NULL;
    *ok = true;
    if (s->st->working_directory) {
        if (run_eval_string(&wd, j->arena, s->st->working_directory, &s->c, &err) != 0) {
            run_log_errorf(&s->j->ctx->log, s->j->prefix, "working-directory: %s", err);
            *ok = false;
            return NULL;
        }
    } else {
        wd = j->wd_default;
    }
    if (!wd || !*wd)
        return j->ctx->workspace;
    if (wd[0] == '/')
        return wd;
    return sg_arena_printf(j->arena, "%s/%s", j->ctx->workspace, wd);
}

/* Runs the script; returns 0 when it ran (whatever its exit), -1 when it
 * could not be started (already reported). */
static int run_script(struct step_state *s, const char *script, const char *wd)
{
    struct run_job *j = s->j;
    struct step_proc p;
    const char *err = NULL;
    int rc;

    memset(&p, 0, sizeof(p));
    p.shell = j->shell_default;
    if (s->st->shell && run_eval_string(&p.shell, j->arena, s->st->shell, &s->c, &err) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "shell: %s", err);
        return -1;
    }
    p.action = s->res->id;
    p.env = &s->env;
    p.script = script;
    p.bash_default = true;
    p.cwd = wd;
    p.timeout_ms = s->timeout_ms;
    p.cancel_fd = j->cancel_pipe[0] >= 0 && !s->pre_cancelled ? j->cancel_pipe[0] : -1;
    p.outputs = s->outputs;
    rc = step_proc_run(j, &p);
    s->outputs = p.outputs;
    if (rc != 0)
        return -1;
    s->exit_code = p.exit_code;
    s->timed_out = p.timed_out;
    s->cancelled = p.cancelled;
    return 0;
}

/* A local action (`uses: ./path`): src/actions runs it. */
static int run_step_action(struct step_state *s, const struct expr_value *with, bool *ok)
{
    struct action_call call = {s->j, s->st->uses->s, s->res->id, s->res->name, with, &s->env,
                               &s->c, s->timeout_ms,
                               s->j->cancel_pipe[0] >= 0 && !s->pre_cancelled
                                   ? s->j->cancel_pipe[0] : -1,
                               0, &s->outputs};
    return action_run(&call, ok);
}

static enum run_result run_body(struct step_state *s)
{
    struct run_job *j = s->j;
    const char *script = NULL, *err = NULL, *wd;
    bool ok;

    if (s->st->uses) {
        struct expr_value with;
        if (run_eval_node(&with, j->arena, s->st->with, &s->c, &err) != 0) {
            run_log_errorf(&s->j->ctx->log, s->j->prefix, "with: %s", err);
            return RUN_FAILURE;
        }
        if (!run_builtin(j, s->st->uses->s, &with, &s->outputs, &ok) &&
            !run_step_action(s, &with, &ok)) {
            run_log_errorf(&s->j->ctx->log, s->j->prefix,
                           "remote actions are not supported yet: '%s'", s->st->uses->s);
            return RUN_FAILURE;
        }
        return ok ? RUN_SUCCESS : RUN_FAILURE;
    }
    wd = working_dir(s, &ok);
    if (!ok)
        return RUN_FAILURE;
    if (run_eval_string(&script, j->arena, s->st->run, &s->c, &err) != 0) {
        run_log_errorf(&s->j->ctx->log, s->j->prefix, "run: %s", err);
        return RUN_FAILURE;
    }
    if (run_script(s, script ? script : "", wd) != 0)
        return RUN_FAILURE;
    if (s->cancelled)
        return RUN_CANCELLED;
    if (s->timed_out) {
        run_log_errorf(&s->j->ctx->log, s->j->prefix,
                       "The action '%s' has timed out after %ld minutes.", s->res->name,
                       (s->timeout_ms + 59999) / 60000);
        return RUN_FAILURE;
    }
    if (s->exit_code) {
        run_log_errorf(&s->j->ctx->log, s->j->prefix, "Process completed with exit code %d.",
                       s->exit_code);
        return RUN_FAILURE;
    }
    return RUN_SUCCESS;
}

static bool should_run(struct step_state *s)
{
    struct expr_error e = {0};
    bool run = false;
    const char *cond = s->st->if_cond ? s->st->if_cond->s : "success()";
    if (s->st->if_cond && s->st->if_cond->kind != WF_STRING)
        cond = s->st->if_cond->s;
    if (expr_eval_condition(&run, cond, &s->c, s->j->arena, &e) != 0) {
        run_log_errorf(&s->j->ctx->log, s->j->prefix, "The step's if: '%s' failed: %s", cond,
                       e.message ? e.message : "");
        s->res->outcome = s->res->conclusion = RUN_FAILURE;
        return false;
    }
    return run;
}

static void step_name(struct step_state *s)
{
    const char *name = NULL, *err = NULL;
    if (s->st->name && run_eval_string(&name, s->j->arena, s->st->name, &s->c, &err) == 0 &&
        name && *name)
        s->res->name = name;
    else
        s->res->name = default_name(s->j, s->st);
}

static struct run_step_result *new_result(struct run_job *j)
{
    struct run_step_result *r;
    size_t n = j->nsteps + 1;
    struct run_step_result *items = sg_arena_alloc(j->arena, n * sizeof(*items));
    if (j->nsteps)
        memcpy(items, j->steps, j->nsteps * sizeof(*items));
    j->steps = items;
    r = &items[j->nsteps++];
    return r;
}

static void finish(struct step_state *s, long long t0)
{
    struct run_job *j = s->j;
    struct run_step_result *r = s->res;
    r->duration_ms = (long)(run_now_ms() - t0);
    set_steps_ctx(s);
    if (r->conclusion == RUN_FAILURE && j->status == EXPR_STATUS_SUCCESS)
        j->status = EXPR_STATUS_FAILURE;
    if (r->conclusion == RUN_CANCELLED)
        j->status = EXPR_STATUS_CANCELLED;
    if (r->outcome == RUN_SKIPPED)
        run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_SKIP, "- %s: skipped", r->name);
    else
        run_log_printf(&j->ctx->log, j->prefix,
                       r->outcome == RUN_SUCCESS ? RUN_LOG_OK : RUN_LOG_FAIL,
                       "< %s: %s%s (%ld.%03lds)", r->name, run_result_name(r->outcome),
                       r->outcome != r->conclusion ? " (continue-on-error)" : "",
                       r->duration_ms / 1000, r->duration_ms % 1000);
}

void run_step_execute(struct run_job *j, const struct wf_step *st)
{
    struct step_state s;
    long long t0 = run_now_ms();

    memset(&s, 0, sizeof(s));
    s.j = j;
    s.st = st;
    s.res = new_result(j);
    s.res->id = step_id(j, st);
    s.outputs = expr_new_object(j->arena);
    j->step_seq++;
    if (run_job_cancel_requested(j) && j->status != EXPR_STATUS_CANCELLED)
        j->status = EXPR_STATUS_CANCELLED;
    /* Once cancelled, steps that still run (always()) are not cancelled again. */
    s.pre_cancelled = j->status == EXPR_STATUS_CANCELLED;
    run_job_context(&s.c, j, j->env);
    step_name(&s);
    s.res->outcome = s.res->conclusion = RUN_SKIPPED;
    if (!should_run(&s)) {
        finish(&s, t0);
        return;
    }
    run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_START, "> %s", s.res->name);
    if (eval_env(&s) != 0 || eval_controls(&s) != 0) {
        s.res->outcome = s.res->conclusion = RUN_FAILURE;
    } else {
        s.res->outcome = run_body(&s);
        s.res->conclusion = s.res->outcome == RUN_FAILURE && s.coe ? RUN_SUCCESS : s.res->outcome;
    }
    finish(&s, t0);
}
