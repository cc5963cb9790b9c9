/* SPDX-License-Identifier: MIT */
/*
 * A job that calls a reusable workflow of the same repository
 * (`uses: ./.github/workflows/FILE.yml`), as GitHub runs it: the called
 * file must declare on.workflow_call; `with:` is typed against its inputs
 * (defaults, required, boolean/number/string); secrets are passed by
 * explicit mapping (only declared ones) or `inherit`; the called jobs run
 * under a scheduler of their own with the caller's github context, named
 * "caller / called" and reported as "caller/called"; the workflow_call
 * outputs are evaluated over the called jobs and become the caller job's
 * outputs; the caller fails when a called job failed.
 */
#include <math.h>
#include <strings.h>

#include "run/run_int.h"

static const char *kind_name(enum expr_kind k)
{
    switch (k) {
    case EXPR_NULL: return "null";
    case EXPR_BOOL: return "boolean";
    case EXPR_NUMBER: return "number";
    case EXPR_STRING: return "string";
    case EXPR_ARRAY: return "array";
    default: return "object";
    }
}

/* GitHub's typing of one workflow_call input: a string input takes any
 * scalar as its text; boolean and number inputs take only their own type
 * (a default written as a quoted "true" or "3" is read as such). */
static int type_input(struct expr_value *out, struct run_job *j, const struct wf_input *in,
                      struct expr_value v, bool is_default)
{
    struct sg_arena *a = j->arena;
    const char *name = in->name->s;
    if (in->type == WF_INPUT_BOOLEAN) {
        if (is_default && v.kind == EXPR_STRING &&
            (!strcmp(v.u.str.s, "true") || !strcmp(v.u.str.s, "false")))
            v = expr_bool(v.u.str.s[0] == 't');
        if (v.kind == EXPR_BOOL) {
            *out = v;
            return 0;
        }
    } else if (in->type == WF_INPUT_NUMBER) {
        if (is_default && v.kind == EXPR_STRING) {
            char *end;
            double n = strtod(v.u.str.s, &end);
            if (*v.u.str.s && !*end && isfinite(n))
                v = expr_number(n);
        }
        if (v.kind == EXPR_NUMBER) {
            *out = v;
            return 0;
        }
    } else if (v.kind != EXPR_ARRAY && v.kind != EXPR_OBJECT) {
        *out = expr_cstring(a, v.kind == EXPR_NULL ? "" : expr_to_string(a, &v, NULL));
        return 0;
    }
    run_log_errorf(&j->ctx->log, j->prefix, "input '%s' of '%s' expects a %s, got the %s '%s'",
                   name, j->job->uses->s,
                   in->type == WF_INPUT_BOOLEAN  ? "boolean"
                   : in->type == WF_INPUT_NUMBER ? "number"
                                                 : "string",
                   kind_name(v.kind), expr_to_string(a, &v, NULL));
    return -1;
}

static int make_inputs(struct expr_value *out, struct run_job *j, const struct wf_event *ev,
                       const struct expr_context *c)
{
    struct sg_arena *a = j->arena;
    struct expr_value with;
    const char *err = NULL;
    size_t i, k;
    int rc = 0;

    *out = expr_new_object(a);
    if (run_eval_node(&with, a, j->job->with, c, &err) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "with: %s", err);
        return -1;
    }
    for (k = 0; with.kind == EXPR_OBJECT && k < with.u.obj->n; k++) {
        for (i = 0; i < ev->ninputs; i++)
            if (!strcasecmp(ev->inputs[i].name->s, with.u.obj->items[k].key))
                break;
        if (i == ev->ninputs) {
            run_log_errorf(&j->ctx->log, j->prefix,
                           "input '%s' is not defined in the called workflow '%s'",
                           with.u.obj->items[k].key, j->job->uses->s);
            rc = -1;
        }
    }
    for (i = 0; i < ev->ninputs; i++) {
        const struct wf_input *in = &ev->inputs[i];
        const struct expr_value *given = expr_object_get(&with, in->name->s);
        struct expr_value v, typed;
        bool is_default = false;
        if (given) {
            v = *given;
        } else if (in->default_value) {
            if (run_eval_node(&v, a, in->default_value, c, &err) != 0) {
                run_log_errorf(&j->ctx->log, j->prefix, "inputs.%s.default: %s", in->name->s, err);
                rc = -1;
                continue;
            }
            is_default = true;
        } else if (in->required) {
            run_log_errorf(&j->ctx->log, j->prefix,
                           "input '%s' is required by '%s' but not given in with:", in->name->s,
                           j->job->uses->s);
            rc = -1;
            continue;
        } else {
            v = in->type == WF_INPUT_BOOLEAN  ? expr_bool(false)
                : in->type == WF_INPUT_NUMBER ? expr_number(0)
                                              : expr_cstring(a, "");
            is_default = true;
        }
        if (type_input(&typed, j, in, v, is_default) != 0) {
            rc = -1;
            continue;
        }
        expr_object_set(a, out, in->name->s, typed);
    }
    return rc;
}

static int make_secrets(struct expr_value *out, struct run_job *j, const struct wf_event *ev,
                        const struct expr_context *c)
{
    struct sg_arena *a = j->arena;
    const struct expr_value *tok = expr_object_get(&j->ctx->secrets, "GITHUB_TOKEN");
    struct expr_value given;
    const char *err = NULL;
    size_t i, k;
    int rc = 0;

    if (j->job->secrets_inherit) {
        given = j->ctx->secrets;
    } else if (run_eval_node(&given, a, j->job->secrets, c, &err) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "secrets: %s", err);
        return -1;
    }
    *out = expr_new_object(a);
    if (tok)
        expr_object_set(a, out, "GITHUB_TOKEN", *tok);
    if (j->job->secrets_inherit) {
        for (k = 0; given.kind == EXPR_OBJECT && k < given.u.obj->n; k++)
            expr_object_set(a, out, given.u.obj->items[k].key, given.u.obj->items[k].value);
    } else {
        for (k = 0; given.kind == EXPR_OBJECT && k < given.u.obj->n; k++) {
            const char *key = given.u.obj->items[k].key;
            for (i = 0; i < ev->nsecrets; i++)
                if (!strcasecmp(ev->secrets[i].name->s, key))
                    break;
            if (i == ev->nsecrets) {
                run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_WARNING,
                               "warning: secret '%s' is not declared by '%s'; not passed", key,
                               j->job->uses->s);
                continue;
            }
            const char *v = expr_to_string(a, &given.u.obj->items[k].value, NULL);
            /* A secret built by an expression is still a secret. */
            if (*v)
                exec_mask_add_secret(j->ctx->mask, v, true);
            expr_object_set(a, out, ev->secrets[i].name->s, expr_cstring(a, v));
        }
    }
    for (i = 0; i < ev->nsecrets; i++) {
        const struct expr_value *v = expr_object_get(out, ev->secrets[i].name->s);
        if (ev->secrets[i].required && (!v || (v->kind == EXPR_STRING && !v->u.str.len))) {
            run_log_errorf(&j->ctx->log, j->prefix, "secret '%s' is required by '%s' but not given",
                           ev->secrets[i].name->s, j->job->uses->s);
            rc = -1;
        }
    }
    return rc;
}

/* jobs.<id>.result / .outputs over the called jobs, matrix legs merged. */
static struct expr_value jobs_context(struct sg_arena *a, const struct run_wf_result *r,
                                      enum run_result *overall)
{
    struct expr_value jobs = expr_new_object(a);
    size_t k, i;

    *overall = RUN_SUCCESS;
    for (k = 0; k < r->njobs; k++) {
        const struct run_job *cj = r->jobs[k];
        struct expr_value *o = (struct expr_value *)expr_object_get(&jobs, cj->job->id);
        const struct expr_value *res;
        enum run_result jr = cj->result == RUN_FAILURE && cj->continue_on_error ? RUN_SUCCESS
                                                                                : cj->result;
        if (!o) {
            struct expr_value n = expr_new_object(a);
            expr_object_set(a, &n, "result", expr_cstring(a, run_result_name(jr)));
            expr_object_set(a, &n, "outputs", expr_new_object(a));
            expr_object_set(a, &jobs, cj->job->id, n);
            o = (struct expr_value *)expr_object_get(&jobs, cj->job->id);
        }
        res = expr_object_get(o, "result");
        if (jr == RUN_FAILURE || (jr == RUN_CANCELLED && strcmp(res->u.str.s, "failure")) ||
            (jr == RUN_SUCCESS && !strcmp(res->u.str.s, "skipped")))
            expr_object_set(a, o, "result", expr_cstring(a, run_result_name(jr)));
        for (i = 0; cj->outputs.kind == EXPR_OBJECT && i < cj->outputs.u.obj->n; i++)
            expr_object_set(a, (struct expr_value *)expr_object_get(o, "outputs"),
                            cj->outputs.u.obj->items[i].key,
                            expr_cstring(a, expr_to_string(a, &cj->outputs.u.obj->items[i].value,
                                                           NULL)));
        if (jr == RUN_FAILURE)
            *overall = RUN_FAILURE;
        else if (jr == RUN_CANCELLED && *overall == RUN_SUCCESS)
            *overall = RUN_CANCELLED;
    }
    return jobs;
}

static void call_outputs(struct run_job *j, const struct wf_event *ev, struct run_ctx *child,
                         struct expr_value jobs)
{
    struct sg_arena *a = j->arena;
    struct expr_context c;
    size_t i;

    expr_context_init(&c, a);
    expr_context_set(a, &c, "github", j->github);
    expr_context_set(a, &c, "inputs", child->inputs);
    expr_context_set(a, &c, "vars", child->vars);
    expr_context_set(a, &c, "jobs", jobs);
    c.workspace = j->ctx->workspace;
    for (i = 0; i < ev->noutputs; i++) {
        const char *v = NULL, *err = NULL;
        if (run_eval_string(&v, a, ev->outputs[i].value, &c, &err) != 0) {
            run_log_errorf(&j->ctx->log, j->prefix, "outputs.%s: %s", ev->outputs[i].name->s, err);
            continue;
        }
        expr_object_set(a, &j->outputs, ev->outputs[i].name->s, expr_cstring(a, v ? v : ""));
    }
}

/* Loads and checks the called file; NULL (reported) when it cannot run. */
static const struct wf_workflow *load_called(struct run_job *j, const struct wf_event **ev)
{
    struct sg_diags d;
    struct wf_workflow *wf;

    if (j->ctx->depth + 2 > RUN_CALL_MAX_DEPTH) {
        run_log_errorf(&j->ctx->log, j->prefix,
                       "'%s' would nest reusable workflows %d levels deep; GitHub allows %d "
                       "(the caller and %d levels of called workflows)",
                       j->job->uses->s, j->ctx->depth + 2, RUN_CALL_MAX_DEPTH,
                       RUN_CALL_MAX_DEPTH - 1);
        return NULL;
    }
    sg_diags_init(&d);
    wf = wf_load_called_workflow(j->arena, &d, j->ctx->workspace, j->job);
    if (d.errors) {
        run_log_errorf(&j->ctx->log, j->prefix, "%s", d.items[0].message);
        wf = NULL;
    }
    sg_diags_release(&d);
    if (wf && !(*ev = wf_find_event(wf, "workflow_call"))) {
        run_log_errorf(&j->ctx->log, j->prefix,
                       "'%s' cannot be called: it has no 'on: workflow_call'", j->job->uses->s);
        wf = NULL;
    }
    return wf;
}

static void run_called(struct run_job *j, const struct wf_workflow *wf, const struct wf_event *ev)
{
    struct sg_arena *a = j->arena;
    struct run_ctx *child = sg_arena_alloc(a, sizeof(*child));
    struct expr_context c;
    enum run_result overall;
    bool *sel;
    size_t i;

    *child = *j->ctx;
    run_job_context(&c, j, expr_new_object(a));
    if (make_inputs(&child->inputs, j, ev, &c) != 0 ||
        make_secrets(&child->secrets, j, ev, &c) != 0) {
        j->result = RUN_FAILURE;
        return;
    }
    /* The called workflow's scheduler runs on this job's thread while the
     * caller's scheduler goes on with ctx->arena: it allocates in the job's
     * arena, which only this thread uses (an arena is not thread-safe). */
    child->arena = a;
    child->depth++;
    child->call_id = j->report_id;
    child->call_name = j->name;
    child->job_cancel_fd = j->cancel_pipe[0];
    pthread_mutex_init(&child->log.mu, NULL);
    sel = sg_arena_alloc(a, (wf->njobs + 1) * sizeof(*sel));
    for (i = 0; i < wf->njobs; i++)
        sel[i] = true;
    j->call = sg_xcalloc(1, sizeof(*j->call));
    run_workflow(child, wf, sel, j->call);
    pthread_mutex_destroy(&child->log.mu);
    call_outputs(j, ev, child, jobs_context(a, j->call, &overall));
    j->result = overall;
    if (overall == RUN_SUCCESS && run_job_cancel_requested(j))
        j->result = RUN_CANCELLED;
}

void run_call_execute(struct run_job *j)
{
    long long t0 = run_now_ms();
    const struct wf_event *ev = NULL;
    const struct wf_workflow *wf;

    j->outputs = expr_new_object(j->arena);
    run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_START, "job started (calls %s)",
                   j->job->uses->s);
    wf = load_called(j, &ev);
    if (wf)
        run_called(j, wf, ev);
    else
        j->result = RUN_FAILURE;
    j->duration_ms = (long)(run_now_ms() - t0);
    run_log_printf(&j->ctx->log, j->prefix, j->result == RUN_SUCCESS ? RUN_LOG_OK : RUN_LOG_FAIL,
                   "job %s (%ld.%03lds)", run_result_name(j->result), j->duration_ms / 1000,
                   j->duration_ms % 1000);
}

void run_wf_result_free(struct run_wf_result *w, size_t nw)
{
    size_t i, k;
    for (i = 0; i < nw; i++) {
        for (k = 0; k < w[i].njobs; k++) {
            struct run_job *j = w[i].jobs[k];
            if (j->call)
                run_wf_result_free(j->call, 1);
            sg_buf_release(&j->summary);
            sg_arena_free(j->arena);
            free(j);
        }
        free(w[i].jobs);
    }
    free(w);
}
