/* SPDX-License-Identifier: MIT */
/*
 * Composite actions: the action's steps run one after another as a single
 * step of the caller. Each sees the action's own `inputs`, its own `steps`
 * scope, `github.action_path`, no `secrets` (the caller passes what the
 * action needs as inputs), and a status of its own for success()/failure().
 * Workflow defaults (shell, working-directory) do not reach inside, which is
 * why GitHub requires `shell` on every run step there. After the steps the
 * outputs are evaluated from `outputs.<id>.value`.
 */
#include "actions/action_int.h"

struct comp {
    struct action_call *call;
    const struct action_manifest *m;
    const char *dir;
    struct expr_value inputs, steps, github;
    struct expr_value job_env0; /* the job's env when the action began */
    enum expr_status status;
    long long deadline_ms;
};

struct inner {
    struct comp *cp;
    const struct wf_step *st;
    const char *name, *id;
    struct expr_value env, outputs;
    struct expr_context c;
};

static void comp_context(struct expr_context *c, struct comp *cp, struct expr_value env)
{
    struct run_job *j = cp->call->j;
    run_job_context(c, j, env);
    expr_context_set(j->arena, c, "inputs", cp->inputs);
    expr_context_set(j->arena, c, "steps", cp->steps);
    expr_context_set(j->arena, c, "github", cp->github);
    expr_context_set(j->arena, c, "secrets", expr_new_object(j->arena));
    c->status = cp->status;
}

/* The caller's step env, then what $GITHUB_ENV changed since, then the
 * inner step's own env. */
static int inner_env(struct inner *in)
{
    struct comp *cp = in->cp;
    struct run_job *j = cp->call->j;
    struct sg_arena *a = j->arena;
    struct expr_value own;
    const char *err = NULL;
    size_t i;

    in->env = action_env_since(j, cp->call->env, &cp->job_env0);
    comp_context(&in->c, cp, in->env);
    if (run_eval_node(&own, a, in->st->env, &in->c, &err) != 0) {
        action_say(j, RUN_LOG_ERROR, "%s: env: %s", in->name, err);
        return -1;
    }
    for (i = 0; own.kind == EXPR_OBJECT && i < own.u.obj->n; i++)
        expr_object_set(a, &in->env, own.u.obj->items[i].key,
                        expr_cstring(a, expr_to_string(a, &own.u.obj->items[i].value, NULL)));
    comp_context(&in->c, cp, in->env);
    return 0;
}

struct expr_value action_env_since(struct run_job *j, const struct expr_value *base,
                                   const struct expr_value *job_env0)
{
    struct expr_value env = run_object_copy(j->arena, base);
    size_t i;
    for (i = 0; i < j->env.u.obj->n; i++) {
        const struct expr_pair *p = &j->env.u.obj->items[i];
        const struct expr_value *old = expr_object_get(job_env0, p->key);
        if (!old || old->kind != EXPR_STRING || p->value.kind != EXPR_STRING ||
            strcmp(old->u.str.s, p->value.u.str.s))
            expr_object_set(j->arena, &env, p->key, p->value);
    }
    return env;
}

static long time_left(const struct comp *cp)
{
    long left;
    if (!cp->deadline_ms)
        return 0;
    left = (long)(cp->deadline_ms - run_now_ms());
    return left < 1 ? 1 : left;
}

static enum run_result inner_run(struct inner *in)
{
    struct comp *cp = in->cp;
    struct run_job *j = cp->call->j;
    struct action_proc p;
    const char *err = NULL, *wd = NULL;

    memset(&p, 0, sizeof(p));
    if (run_eval_string(&p.script, j->arena, in->st->run, &in->c, &err) != 0 ||
        run_eval_string(&p.shell, j->arena, in->st->shell, &in->c, &err) != 0 ||
        run_eval_string(&wd, j->arena, in->st->working_directory, &in->c, &err) != 0) {
        action_say(j, RUN_LOG_ERROR, "%s: %s", in->name, err);
        return RUN_FAILURE;
    }
    p.j = j;
    p.step_id = in->id;
    p.env = run_object_copy(j->arena, &in->env);
    expr_object_set(j->arena, &p.env, "GITHUB_ACTION_PATH", expr_cstring(j->arena, cp->dir));
    p.cwd = !wd || !*wd ? j->ctx->workspace
            : wd[0] == '/' ? wd : sg_arena_printf(j->arena, "%s/%s", j->ctx->workspace, wd);
    p.timeout_ms = time_left(cp);
    p.cancel_fd = cp->call->cancel_fd;
    if (action_proc_run(&p) != 0)
        return RUN_FAILURE;
    in->outputs = p.outputs;
    if (p.cancelled)
        return RUN_CANCELLED;
    if (p.timed_out) {
        action_say(j, RUN_LOG_ERROR, "The action '%s' has timed out.", in->name);
        return RUN_FAILURE;
    }
    if (p.exit_code) {
        action_say(j, RUN_LOG_ERROR, "Process completed with exit code %d.", p.exit_code);
        return RUN_FAILURE;
    }
    return RUN_SUCCESS;
}

static enum run_result inner_uses(struct inner *in)
{
    struct comp *cp = in->cp;
    struct run_job *j = cp->call->j;
    struct expr_value with;
    const char *err = NULL;
    bool ok = false;
    struct action_call sub;

    if (run_eval_node(&with, j->arena, in->st->with, &in->c, &err) != 0) {
        action_say(j, RUN_LOG_ERROR, "%s: with: %s", in->name, err);
        return RUN_FAILURE;
    }
    if (run_builtin(j, in->st->uses->s, &with, &in->outputs, &ok))
        return ok ? RUN_SUCCESS : RUN_FAILURE;
    memset(&sub, 0, sizeof(sub));
    sub.j = j;
    sub.uses = in->st->uses->s;
    sub.step_id = in->id;
    sub.display = in->name;
    sub.with = &with;
    sub.env = &in->env;
    sub.c = &in->c;
    sub.timeout_ms = time_left(cp);
    sub.cancel_fd = cp->call->cancel_fd;
    sub.depth = cp->call->depth + 1;
    sub.outputs = &in->outputs;
    if (!action_run(&sub, &ok)) {
        action_say(j, RUN_LOG_ERROR, "remote actions are not supported yet: '%s'",
                   in->st->uses->s);
        return RUN_FAILURE;
    }
    return ok ? RUN_SUCCESS : RUN_FAILURE;
}

static const char *inner_name(struct inner *in)
{
    struct run_job *j = in->cp->call->j;
    const char *name = NULL, *err = NULL, *s, *nl;
    if (in->st->name && run_eval_string(&name, j->arena, in->st->name, &in->c, &err) == 0 &&
        name && *name)
        return name;
    if (in->st->uses)
        return sg_arena_printf(j->arena, "Run %s", in->st->uses->s);
    for (s = in->st->run->s; *s == '\n' || *s == ' ';)
        s++;
    nl = strchr(s, '\n');
    return sg_arena_printf(j->arena, "Run %.*s", nl ? (int)(nl - s) : (int)strlen(s), s);
}

static void set_step_ctx(struct inner *in, enum run_result outcome, enum run_result conclusion)
{
    struct sg_arena *a = in->cp->call->j->arena;
    struct expr_value o;
    if (!in->st->id)
        return;
    o = expr_new_object(a);
    expr_object_set(a, &o, "outputs", in->outputs);
    expr_object_set(a, &o, "outcome", expr_cstring(a, run_result_name(outcome)));
    expr_object_set(a, &o, "conclusion", expr_cstring(a, run_result_name(conclusion)));
    expr_object_set(a, &in->cp->steps, in->st->id->s, o);
}

static bool inner_should_run(struct inner *in, bool *failed)
{
    struct expr_error e = {0};
    bool run = false;
    *failed = false;
    const char *cond = in->st->if_cond ? in->st->if_cond->s : "success()";
    if (expr_eval_condition(&run, cond, &in->c, in->cp->call->j->arena, &e) != 0) {
        action_say(in->cp->call->j, RUN_LOG_ERROR, "The step's if: '%s' failed: %s", cond,
                   e.message ? e.message : "");
        *failed = true;
        return false;
    }
    return run;
}

static enum run_result inner_body(struct inner *in, bool *coe)
{
    struct run_job *j = in->cp->call->j;
    struct expr_value v;
    const char *err = NULL;
    if (inner_env(in) != 0)
        return RUN_FAILURE;
    if (run_eval_node(&v, j->arena, in->st->continue_on_error, &in->c, &err) != 0) {
        action_say(j, RUN_LOG_ERROR, "continue-on-error: %s", err);
        return RUN_FAILURE;
    }
    *coe = expr_truthy(&v);
    return in->st->run ? inner_run(in) : inner_uses(in);
}

static void inner_step(struct comp *cp, const struct wf_step *st, size_t idx)
{
    struct run_job *j = cp->call->j;
    struct inner in;
    enum run_result outcome, conclusion;
    bool coe = false, if_failed;
    long long t0 = run_now_ms();
    const char *pad = sg_arena_printf(j->arena, "%*s", 2 * (cp->call->depth + 1), "");

    memset(&in, 0, sizeof(in));
    in.cp = cp;
    in.st = st;
    in.outputs = expr_new_object(j->arena);
    in.id = st->id ? st->id->s : sg_arena_printf(j->arena, "__%s_%zu", st->run ? "run" : "uses",
                                                 idx + 1);
    if (run_job_cancel_requested(j))
        cp->status = EXPR_STATUS_CANCELLED;
    comp_context(&in.c, cp, *cp->call->env);
    in.name = inner_name(&in);
    if (!inner_should_run(&in, &if_failed)) {
        outcome = conclusion = if_failed ? RUN_FAILURE : RUN_SKIPPED;
        set_step_ctx(&in, outcome, conclusion);
        if (if_failed)
            cp->status = EXPR_STATUS_FAILURE;
        run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_SKIP, "%s- %s: skipped", pad, in.name);
        return;
    }
    run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_START, "%s> %s", pad, in.name);
    outcome = inner_body(&in, &coe);
    conclusion = outcome == RUN_FAILURE && coe ? RUN_SUCCESS : outcome;
    set_step_ctx(&in, outcome, conclusion);
    if (conclusion == RUN_FAILURE && cp->status == EXPR_STATUS_SUCCESS)
        cp->status = EXPR_STATUS_FAILURE;
    if (conclusion == RUN_CANCELLED)
        cp->status = EXPR_STATUS_CANCELLED;
    run_log_printf(&j->ctx->log, j->prefix, outcome == RUN_SUCCESS ? RUN_LOG_OK : RUN_LOG_FAIL,
                   "%s< %s: %s%s (%lld ms)", pad, in.name, run_result_name(outcome),
                   outcome != conclusion ? " (continue-on-error)" : "", run_now_ms() - t0);
}

static void comp_outputs(struct comp *cp)
{
    struct run_job *j = cp->call->j;
    struct expr_context c;
    size_t i;
    comp_context(&c, cp, *cp->call->env);
    for (i = 0; i < cp->m->noutputs; i++) {
        const struct action_output *o = &cp->m->outputs[i];
        const char *val = NULL, *err = NULL;
        if (run_eval_string(&val, j->arena, o->value, &c, &err) != 0) {
            action_say(j, RUN_LOG_ERROR, "outputs.%s: %s", o->name->s, err);
            cp->status = EXPR_STATUS_FAILURE;
            continue;
        }
        expr_object_set(j->arena, cp->call->outputs, o->name->s,
                        expr_cstring(j->arena, val ? val : ""));
    }
}

int action_run_composite(struct action_call *call, const struct action_manifest *m,
                         const char *dir, bool *ok)
{
    struct run_job *j = call->j;
    struct comp cp;
    size_t i;

    if (call->depth + 1 > ACTION_MAX_DEPTH) {
        /* The runner's words, stray quote included. */
        action_say(j, RUN_LOG_ERROR, "Composite action depth exceeded max depth %d, please "
                                     "simplify your actions.'", ACTION_MAX_DEPTH);
        *ok = false;
        return 1;
    }
    memset(&cp, 0, sizeof(cp));
    cp.call = call;
    cp.m = m;
    cp.dir = dir;
    cp.inputs = action_inputs(call, m);
    cp.steps = expr_new_object(j->arena);
    cp.github = run_object_copy(j->arena, &j->github);
    expr_object_set(j->arena, &cp.github, "action_path", expr_cstring(j->arena, dir));
    expr_object_set(j->arena, &cp.github, "action", expr_cstring(j->arena, call->step_id));
    cp.job_env0 = run_object_copy(j->arena, &j->env);
    cp.status = EXPR_STATUS_SUCCESS;
    if (call->timeout_ms)
        cp.deadline_ms = run_now_ms() + call->timeout_ms;
    for (i = 0; i < m->nsteps; i++)
        inner_step(&cp, &m->steps[i], i);
    comp_outputs(&cp);
    *ok = cp.status == EXPR_STATUS_SUCCESS;
    return 1;
}
