/* SPDX-License-Identifier: MIT */
/*
 * The scheduler of one workflow: walks the needs graph, decides each job's
 * `if:` once its needs are done (a failed need makes the implicit
 * success() false), expands its matrix (strategy evaluated only then, so
 * `fromJSON(needs.x.outputs.y)` works), and runs up to --parallel job
 * instances at once, one thread each, honouring max-parallel and fail-fast.
 *
 * Only the main thread schedules: job threads write one byte to a pipe when
 * they end, and the main thread poll()s that pipe and the run's cancel fd,
 * so there is no shared mutable state beyond each job's cancel pipe.
 */
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "run/run_int.h"

enum wjob_state { WJ_WAIT, WJ_EXPANDED, WJ_DONE };

struct wjob {
    enum wjob_state state;
    size_t first, count; /* its instances in sched.jobs */
    enum run_result result;
    struct expr_value outputs;
    bool fail_fast, group_cancelled;
    long max_parallel; /* 0: no limit */
    size_t running;
};

struct sched {
    struct run_ctx *ctx;
    const struct wf_workflow *wf;
    const bool *selected;
    struct wjob *w;
    struct run_job **jobs;
    size_t n, cap;
    size_t running;
    int parallel;
    int done_pipe[2];
    bool cancelled;
};

static void *job_thread(void *arg)
{
    struct run_job *j = arg;
    run_job_execute(j);
    __atomic_store_n(&j->done, true, __ATOMIC_RELEASE);
    while (write(j->done_fd, "x", 1) < 0 && errno == EINTR)
        ;
    return NULL;
}

/* The needs context and the status the job's if: sees. */
static struct expr_value needs_ctx(struct sched *s, size_t wi, enum expr_status *st)
{
    const struct wf_job *job = &s->wf->jobs[wi];
    struct sg_arena *a = s->ctx->arena;
    struct expr_value needs = expr_new_object(a);
    size_t k;

    *st = s->cancelled ? EXPR_STATUS_CANCELLED : EXPR_STATUS_SUCCESS;
    for (k = 0; k < job->needs.n; k++) {
        size_t ni = job->need_index[k];
        struct expr_value o;
        if (ni == SIZE_MAX || !s->selected[ni])
            continue;
        o = expr_new_object(a);
        expr_object_set(a, &o, "result", expr_cstring(a, run_result_name(s->w[ni].result)));
        expr_object_set(a, &o, "outputs", s->w[ni].outputs);
        expr_object_set(a, &needs, s->wf->jobs[ni].id, o);
        if (s->w[ni].result == RUN_FAILURE && *st == EXPR_STATUS_SUCCESS)
            *st = EXPR_STATUS_FAILURE;
        if (s->w[ni].result == RUN_CANCELLED)
            *st = EXPR_STATUS_CANCELLED;
    }
    return needs;
}

static struct run_job *new_instance(struct sched *s, size_t wi, struct expr_value needs)
{
    struct run_job *j = sg_xcalloc(1, sizeof(*j));
    struct sg_arena *a;
    j->ctx = s->ctx;
    j->wf = s->wf;
    j->job = &s->wf->jobs[wi];
    j->job_index = wi;
    j->arena = a = sg_arena_new();
    j->needs = needs;
    j->matrix = expr_new_object(a);
    j->strategy = expr_new_object(a);
    j->steps_ctx = expr_new_object(a);
    j->outputs = expr_new_object(a);
    j->github = run_object_copy(a, &s->ctx->github);
    expr_object_set(a, &j->github, "job", expr_cstring(a, j->job->id));
    j->runner = expr_new_object(a);
    expr_object_set(a, &j->runner, "os", expr_cstring(a, "Linux"));
    expr_object_set(a, &j->runner, "arch", expr_cstring(a, "X64"));
    expr_object_set(a, &j->runner, "name", expr_cstring(a, "shipgate"));
    expr_object_set(a, &j->runner, "environment", expr_cstring(a, "self-hosted"));
    expr_object_set(a, &j->runner, "temp", expr_cstring(a, s->ctx->temp_dir));
    expr_object_set(a, &j->runner, "tool_cache", expr_cstring(a, s->ctx->tool_cache));
    j->cancel_pipe[0] = j->cancel_pipe[1] = -1;
    j->done_fd = s->done_pipe[1];
    j->report_id = s->ctx->call_id ? sg_arena_printf(a, "%s/%s", s->ctx->call_id, j->job->id)
                                   : j->job->id;
    sg_buf_init(&j->summary, 0);
    SG_GROW(s->jobs, s->cap, s->n + 1);
    s->jobs[s->n++] = j;
    return j;
}

static void base_context(struct expr_context *c, struct sched *s, struct sg_arena *a,
                         struct expr_value needs, struct expr_value matrix,
                         struct expr_value strategy)
{
    expr_context_init(c, a);
    expr_context_set(a, c, "github", s->ctx->github);
    expr_context_set(a, c, "needs", needs);
    expr_context_set(a, c, "vars", s->ctx->vars);
    expr_context_set(a, c, "inputs", s->ctx->inputs);
    expr_context_set(a, c, "matrix", matrix);
    expr_context_set(a, c, "strategy", strategy);
    c->workspace = s->ctx->workspace;
}

static void job_name(struct sched *s, struct run_job *j)
{
    const struct wf_value *n = j->job->name;
    struct expr_context c;
    const char *name = NULL, *err = NULL;
    base_context(&c, s, j->arena, j->needs, j->matrix, j->strategy);
    if (n && wf_value_has_expr(n) && run_eval_string(&name, j->arena, n, &c, &err) == 0 && name)
        j->name = name;
    else
        j->name = plan_matrix_job_name(j->arena, n ? n->s : j->job->id,
                                       j->has_matrix ? &j->matrix : NULL);
    if (s->ctx->call_name)
        j->name = sg_arena_printf(j->arena, "%s / %s", s->ctx->call_name, j->name);
    j->prefix = sg_arena_printf(j->arena, "[%s]", j->name);
}

static void skip_job(struct sched *s, size_t wi, struct expr_value needs, const char *why)
{
    struct run_job *j = new_instance(s, wi, needs);
    job_name(s, j);
    j->result = RUN_SKIPPED;
    j->started = j->done = j->reaped = true;
    s->w[wi].first = s->n - 1;
    s->w[wi].count = 1;
    s->w[wi].result = RUN_SKIPPED;
    s->w[wi].outputs = expr_new_object(s->ctx->arena);
    s->w[wi].state = WJ_DONE;
    run_log_printf(&s->ctx->log, j->prefix, RUN_LOG_SKIP, "job skipped (%s)", why);
}

/* Fails the whole job (bad strategy, bad if:) without running it. */
static void fail_job(struct sched *s, size_t wi, struct expr_value needs, const char *msg)
{
    skip_job(s, wi, needs, "not started");
    s->jobs[s->n - 1]->result = RUN_FAILURE;
    s->w[wi].result = RUN_FAILURE;
    run_log_printf(&s->ctx->log, s->jobs[s->n - 1]->prefix, RUN_LOG_ERROR, "error: %s", msg);
}

static int eval_strategy(struct sched *s, size_t wi, struct expr_value needs,
                         struct expr_value *combos, const char **err)
{
    const struct wf_strategy *st = &s->wf->jobs[wi].strategy;
    struct sg_arena *a = s->ctx->arena;
    struct expr_context c;
    struct expr_value m, v;
    struct sg_buf e = SG_BUF_INIT;

    base_context(&c, s, a, needs, expr_null(), expr_null());
    s->w[wi].fail_fast = true;
    if (run_eval_node(&v, a, st->fail_fast, &c, err) != 0)
        return -1;
    if (v.kind != EXPR_NULL)
        s->w[wi].fail_fast = expr_truthy(&v);
    if (run_eval_node(&v, a, st->max_parallel, &c, err) != 0)
        return -1;
    if (v.kind != EXPR_NULL)
        s->w[wi].max_parallel = (long)expr_to_number(&v);
    *combos = expr_null();
    if (!st->matrix.node)
        return 0;
    if (run_eval_node(&m, a, st->matrix.node, &c, err) != 0)
        return -1;
    if (plan_expand_matrix(combos, a, &m, &e) != 0) {
        *err = sg_arena_printf(a, "strategy.matrix: %s", sg_buf_str(&e));
        sg_buf_release(&e);
        return -1;
    }
    sg_buf_release(&e);
    return 0;
}

static void make_leg(struct sched *s, size_t wi, struct expr_value needs,
                     const struct expr_value *combo, size_t idx, size_t total)
{
    struct run_job *j = new_instance(s, wi, needs);
    struct sg_arena *a = j->arena;
    j->group = s->w[wi].first;
    if (combo) {
        j->matrix = *combo;
        j->has_matrix = combo->kind == EXPR_OBJECT && combo->u.obj->n > 0;
    }
    expr_object_set(a, &j->strategy, "fail-fast", expr_bool(s->w[wi].fail_fast));
    expr_object_set(a, &j->strategy, "job-index", expr_number((double)idx));
    expr_object_set(a, &j->strategy, "job-total", expr_number((double)total));
    expr_object_set(a, &j->strategy, "max-parallel",
                    expr_number(s->w[wi].max_parallel ? (double)s->w[wi].max_parallel
                                                      : (double)total));
    job_name(s, j);
}

static void ready_job(struct sched *s, size_t wi)
{
    const struct wf_job *job = &s->wf->jobs[wi];
    enum expr_status st;
    struct expr_value needs = needs_ctx(s, wi, &st), combos;
    struct expr_context c;
    struct expr_error e = {0};
    const char *err = NULL, *cond = job->if_cond ? job->if_cond->s : "success()";
    bool run = false;
    size_t i, total;

    base_context(&c, s, s->ctx->arena, needs, expr_null(), expr_null());
    c.status = st;
    if (expr_eval_condition(&run, cond, &c, s->ctx->arena, &e) != 0) {
        fail_job(s, wi, needs, sg_arena_printf(s->ctx->arena, "if: %s", e.message));
        return;
    }
    if (!run) {
        skip_job(s, wi, needs, st == EXPR_STATUS_SUCCESS ? "if: is false"
                               : st == EXPR_STATUS_FAILURE ? "a job it needs failed"
                                                           : "cancelled");
        return;
    }
    if (eval_strategy(s, wi, needs, &combos, &err) != 0) {
        fail_job(s, wi, needs, err);
        return;
    }
    s->w[wi].first = s->n;
    total = combos.kind == EXPR_ARRAY ? combos.u.arr->n : 1;
    s->w[wi].count = total;
    for (i = 0; i < total; i++)
        make_leg(s, wi, needs, combos.kind == EXPR_ARRAY ? &combos.u.arr->items[i] : NULL, i,
                 total);
    s->w[wi].state = WJ_EXPANDED;
}

static bool needs_done(struct sched *s, size_t wi)
{
    const struct wf_job *job = &s->wf->jobs[wi];
    size_t k;
    for (k = 0; k < job->needs.n; k++) {
        size_t ni = job->need_index[k];
        if (ni != SIZE_MAX && s->selected[ni] && s->w[ni].state != WJ_DONE)
            return false;
    }
    return true;
}

static void dry_run(struct sched *s, struct run_job *j)
{
    size_t i;
    if (wf_job_calls_local_workflow(j->job)) {
        run_log_printf(&s->ctx->log, j->prefix, RUN_LOG_START, "would call %s (dry run)",
                       j->job->uses->s);
        j->result = RUN_SUCCESS;
        j->done = j->reaped = true;
        return;
    }
    run_log_printf(&s->ctx->log, j->prefix, RUN_LOG_START, "would run %zu step%s (dry run)",
                   j->job->nsteps, j->job->nsteps == 1 ? "" : "s");
    for (i = 0; i < j->job->nsteps; i++) {
        const struct wf_step *st = &j->job->steps[i];
        run_log_printf(&s->ctx->log, j->prefix, RUN_LOG_INFO, "  %zu. %s", i + 1,
                       st->name ? st->name->s : st->uses ? st->uses->s : st->run ? st->run->s : "");
    }
    j->result = RUN_SUCCESS;
    j->done = j->reaped = true;
}

/* concurrency: the group and cancel-in-progress, evaluated for this leg.
 * Returns -1 (the job failed, reported) on a bad expression. */
static int eval_concurrency(struct sched *s, struct run_job *j)
{
    const struct wf_concurrency *cc = &j->job->concurrency;
    struct expr_context c;
    struct expr_value v;
    const char *err = NULL, *g = NULL;

    if (!cc->node || !cc->group)
        return 0;
    base_context(&c, s, j->arena, j->needs, j->matrix, j->strategy);
    if (run_eval_string(&g, j->arena, cc->group, &c, &err) != 0 ||
        run_eval_node(&v, j->arena, cc->cancel_in_progress, &c, &err) != 0) {
        run_log_printf(&s->ctx->log, j->prefix, RUN_LOG_ERROR, "error: concurrency: %s", err);
        return -1;
    }
    j->conc_group = g && *g ? g : NULL;
    j->conc_cancel_in_progress = expr_truthy(&v);
    return 0;
}

static void launch(struct sched *s, struct run_job *j)
{
    struct wjob *w = &s->w[j->job_index];
    j->started = true;
    if (pthread_create(&j->thread, NULL, job_thread, j) != 0)
        SG_BUG("cannot start a thread: %s", strerror(errno));
    s->running++;
    w->running++;
}

/* A job that waited for its concurrency group: started, cancelled or still waiting. */
static void poll_waiting(struct sched *s, struct run_job *j)
{
    bool cancelled = false;
    if (run_conc_ready(s->ctx->conc, j, &cancelled)) {
        launch(s, j);
    } else if (cancelled || s->cancelled || s->w[j->job_index].group_cancelled) {
        run_conc_leave(s->ctx->conc, j);
        close(j->cancel_pipe[0]);
        close(j->cancel_pipe[1]);
        j->cancel_pipe[0] = j->cancel_pipe[1] = -1;
        j->started = j->done = j->reaped = true;
        j->result = RUN_CANCELLED;
        run_log_printf(&s->ctx->log, j->prefix, RUN_LOG_SKIP,
                       "job cancelled while waiting for concurrency group '%s'", j->conc_group);
    }
}

static void start(struct sched *s, struct run_job *j)
{
    struct wjob *w = &s->w[j->job_index];
    if (j->conc_entered) {
        poll_waiting(s, j);
        return;
    }
    j->started = true;
    if (w->group_cancelled || s->cancelled) {
        j->result = RUN_CANCELLED;
        j->done = j->reaped = true;
        run_log_line(&s->ctx->log, j->prefix, RUN_LOG_SKIP, "job cancelled before it started");
        return;
    }
    if (s->ctx->opt->dryrun) {
        dry_run(s, j);
        return;
    }
    if (eval_concurrency(s, j) != 0) {
        j->result = RUN_FAILURE;
        j->done = j->reaped = true;
        return;
    }
    /* The pipe exists before the group is taken: a newcomer may cancel us. */
    if (pipe2(j->cancel_pipe, O_CLOEXEC) != 0)
        SG_BUG("pipe: %s", strerror(errno));
    if (j->conc_group && !run_conc_enter(s->ctx->conc, j)) {
        j->started = false;
        return;
    }
    launch(s, j);
}

static void start_ready(struct sched *s)
{
    size_t i;
    for (i = 0; i < s->n && s->running < (size_t)s->parallel; i++) {
        struct run_job *j = s->jobs[i];
        struct wjob *w = &s->w[j->job_index];
        if (j->started)
            continue;
        if (j->conc_entered) {
            poll_waiting(s, j);
            continue;
        }
        if (w->max_parallel > 0 && w->running >= (size_t)w->max_parallel && !w->group_cancelled)
            continue;
        start(s, j);
    }
}

static void cancel_job(struct run_job *j)
{
    if (j->started && !j->reaped && j->cancel_pipe[1] >= 0 &&
        !__atomic_load_n(&j->done, __ATOMIC_ACQUIRE))
        while (write(j->cancel_pipe[1], "x", 1) < 0 && errno == EINTR)
            ;
}

static void reap(struct sched *s, struct run_job *j)
{
    struct wjob *w = &s->w[j->job_index];
    size_t k;
    pthread_join(j->thread, NULL);
    run_conc_leave(s->ctx->conc, j);
    j->reaped = true;
    s->running--;
    w->running--;
    close(j->cancel_pipe[0]);
    close(j->cancel_pipe[1]);
    j->cancel_pipe[0] = j->cancel_pipe[1] = -1;
    if (j->result == RUN_FAILURE && w->fail_fast && !j->continue_on_error && w->count > 1 &&
        !w->group_cancelled) {
        w->group_cancelled = true;
        for (k = w->first; k < w->first + w->count; k++)
            cancel_job(s->jobs[k]);
    }
}

/* Aggregates a finished matrix: failure beats cancelled beats success. */
static void close_group(struct sched *s, size_t wi)
{
    struct wjob *w = &s->w[wi];
    struct sg_arena *a = s->ctx->arena;
    size_t k, i;
    enum run_result r = RUN_SUCCESS;
    bool all_skipped = true;

    w->outputs = expr_new_object(a);
    for (k = w->first; k < w->first + w->count; k++) {
        struct run_job *j = s->jobs[k];
        if (!j->reaped)
            return;
    }
    for (k = w->first; k < w->first + w->count; k++) {
        struct run_job *j = s->jobs[k];
        enum run_result jr = j->result == RUN_FAILURE && j->continue_on_error ? RUN_SUCCESS
                                                                              : j->result;
        if (jr != RUN_SKIPPED)
            all_skipped = false;
        if (jr == RUN_FAILURE)
            r = RUN_FAILURE;
        else if (jr == RUN_CANCELLED && r != RUN_FAILURE)
            r = RUN_CANCELLED;
        for (i = 0; j->outputs.kind == EXPR_OBJECT && i < j->outputs.u.obj->n; i++)
            expr_object_set(a, &w->outputs, j->outputs.u.obj->items[i].key,
                            expr_cstring(a, expr_to_string(j->arena,
                                                           &j->outputs.u.obj->items[i].value,
                                                           NULL)));
    }
    w->result = all_skipped ? RUN_SKIPPED : r;
    w->state = WJ_DONE;
}

static bool advance(struct sched *s)
{
    size_t i;
    bool progress = false;
    for (i = 0; i < s->wf->njobs; i++) {
        if (!s->selected[i])
            continue;
        if (s->w[i].state == WJ_WAIT && needs_done(s, i)) {
            ready_job(s, i);
            progress = true;
        }
        if (s->w[i].state == WJ_EXPANDED) {
            close_group(s, i);
            progress |= s->w[i].state == WJ_DONE;
        }
    }
    return progress;
}

static bool all_done(struct sched *s)
{
    size_t i;
    for (i = 0; i < s->wf->njobs; i++)
        if (s->selected[i] && s->w[i].state != WJ_DONE)
            return false;
    return true;
}

static void wait_events(struct sched *s)
{
    struct pollfd p[3] = {{s->done_pipe[0], POLLIN, 0}, {s->ctx->cancel_fd, POLLIN, 0},
                          {s->ctx->job_cancel_fd, POLLIN, 0}};
    char buf[64];
    size_t i;
    int np = 1;

    /* The run's Ctrl-C, and in a called workflow the caller job's cancel. */
    if (!s->cancelled && s->ctx->cancel_fd >= 0)
        p[np++] = p[1];
    if (!s->cancelled && s->ctx->job_cancel_fd >= 0)
        p[np++] = p[2];
    if (poll(p, (nfds_t)np, -1) < 0)
        return;
    if (np > 1 && ((p[1].revents & POLLIN) || (np > 2 && (p[2].revents & POLLIN)))) {
        s->cancelled = true;
        run_log_line(&s->ctx->log, NULL, RUN_LOG_WARNING, "cancelling the run");
        for (i = 0; i < s->n; i++)
            cancel_job(s->jobs[i]);
    }
    if (p[0].revents & POLLIN)
        if (read(s->done_pipe[0], buf, sizeof(buf)) < 0 && errno != EINTR && errno != EAGAIN)
            SG_BUG("read: %s", strerror(errno));
    for (i = 0; i < s->n; i++) {
        struct run_job *j = s->jobs[i];
        if (j->started && !j->reaped && __atomic_load_n(&j->done, __ATOMIC_ACQUIRE))
            reap(s, j);
    }
}

static bool waiting_for_groups(const struct sched *s)
{
    size_t i;
    for (i = 0; i < s->n; i++)
        if (s->jobs[i]->conc_entered && !s->jobs[i]->started)
            return true;
    return false;
}

/* The workflow's own concurrency group: a run runs its workflows one after
 * another, so it never waits; it is evaluated (errors count) and recorded. */
static const char *workflow_group(struct run_ctx *ctx, const struct wf_workflow *wf)
{
    struct expr_context c;
    const char *g = NULL, *err = NULL;
    if (!wf->concurrency.node || !wf->concurrency.group)
        return NULL;
    expr_context_init(&c, ctx->arena);
    expr_context_set(ctx->arena, &c, "github", ctx->github);
    expr_context_set(ctx->arena, &c, "inputs", ctx->inputs);
    expr_context_set(ctx->arena, &c, "vars", ctx->vars);
    if (run_eval_string(&g, ctx->arena, wf->concurrency.group, &c, &err) != 0) {
        run_log_printf(&ctx->log, NULL, RUN_LOG_WARNING, "warning: %s: concurrency: %s", wf->file,
                       err);
        return NULL;
    }
    return g && *g ? g : NULL;
}

void run_workflow(struct run_ctx *ctx, const struct wf_workflow *wf, const bool *selected,
                  struct run_wf_result *res)
{
    struct sched s;
    size_t i;

    memset(&s, 0, sizeof(s));
    s.ctx = ctx;
    s.wf = wf;
    s.selected = selected;
    s.parallel = ctx->opt->parallel > 0 ? ctx->opt->parallel : 1;
    s.w = sg_xcalloc(wf->njobs ? wf->njobs : 1, sizeof(*s.w));
    if (pipe2(s.done_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        SG_BUG("pipe: %s", strerror(errno));
    for (;;) {
        while (advance(&s))
            ;
        start_ready(&s);
        while (advance(&s))
            start_ready(&s);
        if (all_done(&s) && s.running == 0)
            break;
        if (s.running == 0 && !waiting_for_groups(&s)) {
            /* Only reachable on a needs cycle the model let through. */
            for (i = 0; i < wf->njobs; i++)
                if (selected[i] && s.w[i].state == WJ_WAIT)
                    fail_job(&s, i, expr_new_object(ctx->arena), "needs a job on a cycle");
            continue;
        }
        wait_events(&s);
    }
    close(s.done_pipe[0]);
    close(s.done_pipe[1]);
    free(s.w);
    res->wf = wf;
    res->concurrency = workflow_group(ctx, wf);
    res->jobs = s.jobs;
    res->njobs = s.n;
}
