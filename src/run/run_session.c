/* SPDX-License-Identifier: MIT */
/*
 * One `shipgate run` from options to exit status: finds and loads the
 * workflow files (invalid ones stop everything with lint's diagnostics),
 * reads the repository and the event, keeps the workflows whose on:
 * filters match, types workflow_dispatch inputs, sets up the run (masker,
 * temp and run folders, Ctrl-C), runs the workflows one after another and
 * writes the table and the report.
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "run/run_int.h"
#include "run/session_int.h"

/* The write end of the cancel pipe, for the signal handler: a handler can
 * reach nothing else. */
static volatile int cancel_write_fd = -1;

static void on_signal(int sig)
{
    int saved = errno;
    (void)sig;
    if (cancel_write_fd >= 0 && write(cancel_write_fd, "x", 1) < 0) {
        /* nothing a handler can do */
    }
    errno = saved;
}

static void install_signals(struct run_ctx *ctx, int fds[2])
{
    struct sigaction sa;
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        SG_BUG("pipe: %s", strerror(errno));
    ctx->cancel_fd = fds[0];
    cancel_write_fd = fds[1];
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static void restore_signals(int fds[2])
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    cancel_write_fd = -1;
    close(fds[0]);
    close(fds[1]);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)flag, (void)f;
    remove(p);
    return 0;
}

static int make_dirs(struct run_ctx *ctx)
{
    const char *tmp = getenv("TMPDIR");
    struct sg_arena *a = ctx->arena;
    char *t;
    if (!tmp || !*tmp)
        tmp = "/tmp";
    t = sg_arena_printf(a, "%s/shipgate-%s-XXXXXX", tmp, ctx->run_id);
    if (!mkdtemp(t)) {
        fprintf(stderr, "shipgate run: cannot create a folder in '%s': %s\n", tmp, strerror(errno));
        return -1;
    }
    ctx->temp_dir = t;
    ctx->tool_cache = sg_arena_printf(a, "%s/shipgate-toolcache", tmp);
    mkdir(ctx->tool_cache, 0700);
    mkdir(sg_arena_printf(a, "%s/shipgate-runs", tmp), 0700);
    ctx->run_dir = sg_arena_printf(a, "%s/shipgate-runs/%s", tmp, ctx->run_id);
    if (mkdir(ctx->run_dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "shipgate run: cannot create '%s': %s\n", ctx->run_dir, strerror(errno));
        return -1;
    }
    return 0;
}

static int write_event_file(struct run_ctx *ctx)
{
    json_t *j = expr_to_json(&ctx->payload);
    ctx->event_file = sg_arena_printf(ctx->arena, "%s/event.json", ctx->run_dir);
    if (json_dump_file(j, ctx->event_file, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
        json_decref(j);
        fprintf(stderr, "shipgate run: cannot write '%s'\n", ctx->event_file);
        return -1;
    }
    json_decref(j);
    return 0;
}

static struct expr_value kvs_object(struct sg_arena *a, const struct run_kvs *l)
{
    struct expr_value o = expr_new_object(a);
    size_t i;
    for (i = 0; i < l->n; i++)
        expr_object_set(a, &o, l->items[i].name, expr_cstring(a, l->items[i].value));
    return o;
}

static void register_secrets(struct run_ctx *ctx)
{
    size_t i;
    for (i = 0; i < ctx->opt->secrets.n; i++)
        exec_mask_add_secret(ctx->mask, ctx->opt->secrets.items[i].value, true);
}

static enum run_result conclusion_of(const struct run_wf_result *w, size_t nw, bool cancelled)
{
    enum run_result r = RUN_SUCCESS;
    size_t i, k;
    for (i = 0; i < nw; i++)
        for (k = 0; k < w[i].njobs; k++) {
            const struct run_job *j = w[i].jobs[k];
            if (j->result == RUN_FAILURE && !j->continue_on_error)
                r = RUN_FAILURE;
            else if (j->result == RUN_CANCELLED && r == RUN_SUCCESS)
                r = RUN_CANCELLED;
        }
    if (cancelled && r == RUN_SUCCESS)
        r = RUN_CANCELLED;
    return r;
}

static bool was_cancelled(int fd)
{
    char c;
    return read(fd, &c, 1) == 1;
}

/* Runs the planned workflows; returns the exit status. */
static int execute(struct run_ctx *ctx, struct session *s)
{
    struct run_wf_result *res = sg_xcalloc(s->n ? s->n : 1, sizeof(*res));
    int fds[2];
    size_t i;
    enum run_result concl;
    int rc = 0;

    install_signals(ctx, fds);
    for (i = 0; i < s->n; i++) {
        ctx->inputs = s->items[i].inputs;
        ctx->github = s->items[i].github;
        expr_object_set(ctx->arena, &ctx->github, "event_path",
                        expr_cstring(ctx->arena, ctx->event_file));
        run_workflow(ctx, s->items[i].wf, s->items[i].selected, &res[i]);
    }
    concl = conclusion_of(res, s->n, was_cancelled(ctx->cancel_fd));
    restore_signals(fds);
    if (!ctx->opt->dryrun)
        run_report_table(ctx, res, s->n);
    if (ctx->opt->json_path && run_report_write(ctx->opt->json_path, ctx, res, s->n, concl) != 0) {
        fprintf(stderr, "shipgate run: cannot write '%s': %s\n", ctx->opt->json_path,
                strerror(errno));
        rc = 2;
    }
    run_wf_result_free(res, s->n);
    return rc ? rc : concl == RUN_SUCCESS ? 0 : 1;
}

int run_main(const struct run_options *o)
{
    struct run_ctx ctx;
    struct session s;
    int rc;

    memset(&ctx, 0, sizeof(ctx));
    ctx.opt = o;
    ctx.arena = sg_arena_new();
    ctx.event = o->event ? o->event : "push";
    ctx.cancel_fd = -1;
    ctx.executor = &run_executor_host;
    ctx.mask = exec_mask_new();
    ctx.conc = run_conc_new();
    ctx.job_cancel_fd = -1;
    pthread_mutex_init(&ctx.log.mu, NULL);
    ctx.log.out = o->out ? o->out : stdout;
    ctx.log.color = o->color;
    ctx.log.tty = isatty(fileno(ctx.log.out));
    ctx.log.mask = ctx.mask;
    ctx.run_id = sg_arena_printf(ctx.arena, "%lld%05d", (long long)time(NULL), (int)(getpid() % 100000));
    register_secrets(&ctx);
    ctx.vars = kvs_object(ctx.arena, &o->vars);
    ctx.secrets = kvs_object(ctx.arena, &o->secrets);
    if (!exec_mask_patterns(ctx.mask) && o->secrets.n == 0)
        expr_object_set(ctx.arena, &ctx.secrets, "GITHUB_TOKEN", expr_cstring(ctx.arena, ""));
    memset(&s, 0, sizeof(s));
    rc = session_plan(&s, &ctx);
    if (rc == 0 && o->list) {
        session_list(&s, &ctx);
    } else if (rc == 0 && s.n == 0) {
        printf("no workflow runs on '%s' here\n", ctx.event);
    } else if (rc == 0) {
        rc = make_dirs(&ctx) != 0 || write_event_file(&ctx) != 0 ? 2 : execute(&ctx, &s);
        if (ctx.temp_dir)
            nftw(ctx.temp_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    }
    session_release(&s);
    exec_mask_free(ctx.mask);
    run_conc_free(ctx.conc);
    pthread_mutex_destroy(&ctx.log.mu);
    sg_arena_free(ctx.arena);
    return rc;
}
