/* SPDX-License-Identifier: MIT */
/*
 * Running a local action: the manifest found under the workspace, the
 * inputs worked out as the runner does (with: over evaluated defaults,
 * warnings for deprecated, unexpected and missing required inputs), then
 * the handler for runs.using. Node actions live here too: runs.main with
 * the machine's node, INPUT_* variables, and a post step registered for the
 * end of the job with the state main saved. `pre` is not run for local
 * actions, as on GitHub (the manifest is only known once the step runs).
 */
#include "actions/action_int.h"

static void warn_unexpected(const struct action_call *call, const struct action_manifest *m)
{
    struct sg_buf bad = SG_BUF_INIT, valid = SG_BUF_INIT;
    const struct expr_value *w = call->with;
    size_t i, k;

    for (i = 0; w->kind == EXPR_OBJECT && i < w->u.obj->n; i++) {
        const char *key = w->u.obj->items[i].key;
        for (k = 0; k < m->ninputs; k++)
            if (sg_str_eq_nocase(key, m->inputs[k].name->s))
                break;
        if (k == m->ninputs)
            sg_buf_addf(&bad, "%s%s", bad.len ? "', '" : "", key);
    }
    if (bad.len) {
        for (k = 0; k < m->ninputs; k++)
            sg_buf_addf(&valid, "%s%s", k ? "', '" : "", m->inputs[k].name->s);
        action_say(call->j, RUN_LOG_WARNING, "Unexpected input(s) '%s', valid inputs are ['%s']",
                   sg_buf_str(&bad), sg_buf_str(&valid));
    }
    sg_buf_release(&bad);
    sg_buf_release(&valid);
}

static const struct expr_value *with_get(const struct expr_value *w, const char *name)
{
    size_t i;
    for (i = 0; w->kind == EXPR_OBJECT && i < w->u.obj->n; i++)
        if (sg_str_eq_nocase(w->u.obj->items[i].key, name))
            return &w->u.obj->items[i].value;
    return NULL;
}

static const char *eval_default(const struct action_call *call, const struct action_input *in)
{
    struct run_job *j = call->j;
    const char *s = NULL, *err = NULL;
    if (!in->default_value)
        return "";
    if (run_eval_string(&s, j->arena, in->default_value, call->c, &err) != 0) {
        action_say(j, RUN_LOG_ERROR, "input '%s': default: %s", in->name->s, err);
        return "";
    }
    return s ? s : "";
}

struct expr_value action_inputs(const struct action_call *call, const struct action_manifest *m)
{
    struct run_job *j = call->j;
    struct sg_arena *a = j->arena;
    struct expr_value out = expr_new_object(a);
    const struct expr_value *w = call->with;
    size_t i;

    for (i = 0; w->kind == EXPR_OBJECT && i < w->u.obj->n; i++) {
        const char *key = w->u.obj->items[i].key;
        const struct expr_value *v = &w->u.obj->items[i].value;
        size_t k;
        expr_object_set(a, &out, key, expr_cstring(a, expr_to_string(a, v, NULL)));
        for (k = 0; k < m->ninputs; k++)
            if (m->inputs[k].deprecation && sg_str_eq_nocase(key, m->inputs[k].name->s))
                action_say(j, RUN_LOG_WARNING, "Input '%s' has been deprecated with message: %s",
                           key, m->inputs[k].deprecation->s);
    }
    warn_unexpected(call, m);
    for (i = 0; i < m->ninputs; i++) {
        const struct action_input *in = &m->inputs[i];
        if (with_get(w, in->name->s))
            continue;
        if (in->required && !in->default_value)
            action_say(j, RUN_LOG_WARNING, "Input required and not supplied: %s", in->name->s);
        expr_object_set(a, &out, in->name->s, expr_cstring(a, eval_default(call, in)));
    }
    return out;
}

/* ---- node ------------------------------------------------------------- */

static struct expr_value node_env(struct run_job *j, const struct expr_value *base,
                                  const struct expr_value *inputs, const struct expr_value *state,
                                  const char *dir)
{
    struct sg_arena *a = j->arena;
    struct expr_value env = run_object_copy(a, base);
    size_t i;
    for (i = 0; inputs && i < inputs->u.obj->n; i++)
        expr_object_set(a, &env, action_input_env_name(a, inputs->u.obj->items[i].key),
                        inputs->u.obj->items[i].value);
    for (i = 0; state && i < state->u.obj->n; i++)
        expr_object_set(a, &env, sg_arena_printf(a, "STATE_%s", state->u.obj->items[i].key),
                        state->u.obj->items[i].value);
    expr_object_set(a, &env, "GITHUB_ACTION_PATH", expr_cstring(a, dir));
    return env;
}

static char *find_node(struct run_job *j, const struct expr_value *env)
{
    const struct expr_value *p = expr_object_get(env, "PATH");
    const char *path = p && p->kind == EXPR_STRING ? p->u.str.s : getenv("PATH");
    if (j->path.n)
        path = exec_pathlist_join(j->arena, &j->path, path);
    return exec_which(j->arena, "node", path);
}

/* Runs one node script of the action; returns true on exit 0. */
static bool node_script(struct action_proc *p, const char *dir, const char *script,
                        const char *uses, const char *using)
{
    struct run_job *j = p->j;
    char *node = find_node(j, &p->env);
    if (!node) {
        action_say(j, RUN_LOG_ERROR, "the action '%s' (runs.using: %s) needs node, and there is "
                                     "no 'node' on PATH", uses, using);
        return false;
    }
    p->argv = sg_arena_alloc(j->arena, 3 * sizeof(char *));
    p->argv[0] = node;
    p->argv[1] = sg_arena_printf(j->arena, "%s/%s", dir, script);
    p->cwd = j->ctx->workspace;
    if (action_proc_run(p) != 0)
        return false;
    if (p->cancelled)
        return false;
    if (p->timed_out) {
        action_say(j, RUN_LOG_ERROR, "the action '%s' has timed out", uses);
        return false;
    }
    if (p->exit_code) {
        action_say(j, RUN_LOG_ERROR, "Process completed with exit code %d.", p->exit_code);
        return false;
    }
    return true;
}

static void register_post(struct action_call *call, const struct action_manifest *m,
                          const char *dir, const struct expr_value *env,
                          const struct expr_value *state, const struct expr_value *env0)
{
    struct run_job *j = call->j;
    struct action_posts *l = j->action_posts;
    struct action_post *p;
    if (!l)
        l = j->action_posts = sg_arena_alloc(j->arena, sizeof(*l));
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 4;
        struct action_post *items = sg_arena_alloc(j->arena, cap * sizeof(*items));
        if (l->n)
            memcpy(items, l->items, l->n * sizeof(*items));
        l->items = items;
        l->cap = cap;
    }
    p = &l->items[l->n++];
    p->m = m;
    p->dir = dir;
    p->uses = call->uses;
    p->step_id = call->step_id;
    p->display = call->display ? call->display : call->uses;
    p->env = *env;
    p->state = *state;
    p->job_env0 = *env0;
}

int action_run_node(struct action_call *call, const struct action_manifest *m, const char *dir,
                    bool *ok)
{
    struct run_job *j = call->j;
    struct expr_value inputs = action_inputs(call, m);
    struct action_proc p;
    struct expr_value env0 = run_object_copy(j->arena, &j->env);

    if (m->pre)
        action_say(j, RUN_LOG_WARNING, "`pre` execution is not supported for local action "
                                       "from '%s'", call->uses);
    memset(&p, 0, sizeof(p));
    p.j = j;
    p.step_id = call->step_id;
    p.env = node_env(j, call->env, &inputs, NULL, dir);
    p.timeout_ms = call->timeout_ms;
    p.cancel_fd = call->cancel_fd;
    *ok = node_script(&p, dir, m->main->s, call->uses, m->using_node->s);
    *call->outputs = p.outputs;
    /* The runner registers the post step once main has started. */
    if (m->post)
        register_post(call, m, dir, call->env, &p.state, &env0);
    return 1;
}

static bool post_should_run(struct run_job *j, const struct action_post *p)
{
    struct expr_context c;
    struct expr_error e = {0};
    bool run = false;
    const char *cond = p->m->post_if ? p->m->post_if->s : "always()";
    run_job_context(&c, j, j->env);
    if (expr_eval_condition(&run, cond, &c, j->arena, &e) != 0) {
        action_say(j, RUN_LOG_ERROR, "post-if: '%s' failed: %s", cond, e.message ? e.message : "");
        return false;
    }
    return run;
}

void action_run_posts(struct run_job *j)
{
    struct action_posts *l = j->action_posts;
    size_t i;
    for (i = l ? l->n : 0; i-- > 0;) {
        struct action_post *p = &l->items[i];
        struct action_proc pr;
        const char *name = sg_arena_printf(j->arena, "Post %s", p->display);
        bool ok;
        if (!post_should_run(j, p)) {
            run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_SKIP, "- %s: skipped", name);
            continue;
        }
        run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_START, "> %s", name);
        memset(&pr, 0, sizeof(pr));
        pr.j = j;
        pr.step_id = p->step_id;
        pr.env = action_env_since(j, &p->env, &p->job_env0);
        pr.env = node_env(j, &pr.env, NULL, &p->state, p->dir);
        pr.cancel_fd = -1;
        ok = node_script(&pr, p->dir, p->m->post->s, p->uses, p->m->using_node->s);
        if (!ok && j->status == EXPR_STATUS_SUCCESS)
            j->status = EXPR_STATUS_FAILURE;
        run_log_printf(&j->ctx->log, j->prefix, ok ? RUN_LOG_OK : RUN_LOG_FAIL, "< %s: %s", name,
                       ok ? "success" : "failure");
    }
}

/* ---- dispatch ---------------------------------------------------------- */

static void print_diags(struct run_job *j, const struct sg_diags *d)
{
    size_t i;
    for (i = 0; i < d->n; i++) {
        const struct sg_diag *x = &d->items[i];
        if (x->line)
            run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_ERROR, "%s:%d:%d: error: %s", x->file,
                           x->line, x->col, x->message);
        else
            run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_ERROR, "error: %s", x->message);
    }
}

int action_run(struct action_call *call, bool *ok)
{
    struct run_job *j = call->j;
    struct action_manifest *m;
    struct sg_diags d;
    const char *dir, *rel = call->uses;

    if (!action_is_local(call->uses))
        return 0;
    *ok = false;
    while (rel[0] == '.' && (rel[1] == '/' || rel[1] == '\\'))
        rel += 2;
    dir = *rel && strcmp(rel, ".") ? sg_arena_printf(j->arena, "%s/%s", j->ctx->workspace, rel)
                                   : j->ctx->workspace;
    m = sg_arena_alloc(j->arena, sizeof(*m));
    sg_diags_init(&d);
    if (action_manifest_load(m, j->arena, &d, dir) != 0) {
        print_diags(j, &d);
        sg_diags_release(&d);
        return 1;
    }
    sg_diags_release(&d);
    switch (m->using) {
    case ACTION_COMPOSITE:
        return action_run_composite(call, m, dir, ok);
    case ACTION_NODE:
        return action_run_node(call, m, dir, ok);
    case ACTION_DOCKER:
        action_say(j, RUN_LOG_ERROR, "the action '%s' runs in a container (runs.using: docker); "
                                     "it needs the docker executor, and this run uses '%s'",
                   call->uses, j->ctx->executor->name);
        return 1;
    }
    return 1;
}
