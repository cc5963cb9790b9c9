/* SPDX-License-Identifier: MIT */
/*
 * The process side of a `run:` step: the environment block (the host's
 * environment, then GITHUB_* and RUNNER_*, then the env context), the
 * per-step environment files, the script file, and the output path, where
 * each line goes through the workflow-command state machine and the masker
 * before it reaches the log. step.c decides when and with what.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/run_int.h"
#include "run/step_int.h"

extern char **environ;

static void envp_set(struct step_envp *e, struct sg_arena *a, const char *name, const char *value)
{
    size_t nl = strlen(name), i;
    char *kv = sg_arena_printf(a, "%s=%s", name, value ? value : "");
    for (i = 0; i < e->n; i++) {
        if (!strncmp(e->items[i], name, nl) && e->items[i][nl] == '=') {
            e->items[i] = kv;
            return;
        }
    }
    SG_GROW(e->items, e->cap, e->n + 2);
    e->items[e->n++] = kv;
    e->items[e->n] = NULL;
}

static const char *envp_get(const struct step_envp *e, const char *name)
{
    size_t nl = strlen(name), i;
    for (i = 0; i < e->n; i++)
        if (!strncmp(e->items[i], name, nl) && e->items[i][nl] == '=')
            return e->items[i] + nl + 1;
    return NULL;
}

static const char *gh(const struct run_job *j, const char *key)
{
    const struct expr_value *v = expr_object_get(&j->ctx->github, key);
    if (!v || v->kind == EXPR_NULL)
        return "";
    return expr_to_string(j->arena, v, NULL);
}

static void add_runner_vars(struct step_envp *e, struct run_job *j, const struct step_files *f)
{
    static const char *const from_github[][2] = {
        {"GITHUB_SHA", "sha"}, {"GITHUB_REF", "ref"}, {"GITHUB_REF_NAME", "ref_name"},
        {"GITHUB_REF_TYPE", "ref_type"}, {"GITHUB_HEAD_REF", "head_ref"},
        {"GITHUB_BASE_REF", "base_ref"}, {"GITHUB_EVENT_NAME", "event_name"},
        {"GITHUB_RUN_ID", "run_id"}, {"GITHUB_RUN_NUMBER", "run_number"},
        {"GITHUB_RUN_ATTEMPT", "run_attempt"}, {"GITHUB_REPOSITORY", "repository"},
        {"GITHUB_REPOSITORY_OWNER", "repository_owner"}, {"GITHUB_ACTOR", "actor"},
        {"GITHUB_TRIGGERING_ACTOR", "triggering_actor"}, {"GITHUB_SERVER_URL", "server_url"},
        {"GITHUB_API_URL", "api_url"}, {"GITHUB_GRAPHQL_URL", "graphql_url"},
        {"GITHUB_WORKFLOW", "workflow"}, {"GITHUB_WORKFLOW_REF", "workflow_ref"},
        {"GITHUB_WORKFLOW_SHA", "workflow_sha"}, {"GITHUB_RETENTION_DAYS", "retention_days"},
        {"GITHUB_REPOSITORY_ID", "repository_id"}, {"GITHUB_ACTOR_ID", "actor_id"},
        {"GITHUB_REPOSITORY_OWNER_ID", "repository_owner_id"},
    };
    struct sg_arena *a = j->arena;
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(from_github); i++)
        envp_set(e, a, from_github[i][0], gh(j, from_github[i][1]));
    envp_set(e, a, "CI", "true");
    envp_set(e, a, "GITHUB_ACTIONS", "true");
    envp_set(e, a, "GITHUB_WORKSPACE", j->ctx->workspace);
    envp_set(e, a, "GITHUB_EVENT_PATH", j->ctx->event_file);
    envp_set(e, a, "GITHUB_JOB", j->job->id);
    envp_set(e, a, "GITHUB_ACTION", f->action);
    envp_set(e, a, "GITHUB_ENV", f->env);
    envp_set(e, a, "GITHUB_OUTPUT", f->output);
    envp_set(e, a, "GITHUB_STATE", f->state);
    envp_set(e, a, "GITHUB_PATH", f->path);
    envp_set(e, a, "GITHUB_STEP_SUMMARY", f->summary);
    envp_set(e, a, "RUNNER_OS", "Linux");
#if defined(__aarch64__)
    envp_set(e, a, "RUNNER_ARCH", "ARM64");
#else
    envp_set(e, a, "RUNNER_ARCH", "X64");
#endif
    envp_set(e, a, "RUNNER_NAME", "shipgate");
    envp_set(e, a, "RUNNER_ENVIRONMENT", "self-hosted");
    envp_set(e, a, "RUNNER_TEMP", j->ctx->temp_dir);
    envp_set(e, a, "RUNNER_TOOL_CACHE", j->ctx->tool_cache);
    envp_set(e, a, "RUNNER_WORKSPACE", j->ctx->workspace);
}

struct step_cache *step_cache_get(struct run_job *j)
{
    if (!j->step_cache)
        j->step_cache = sg_arena_alloc(j->arena, sizeof(*j->step_cache));
    return j->step_cache;
}

/* The host's environment and the runner's variables: once per job, with an
 * empty GITHUB_ACTION whose slot each step fills. */
static void build_base(struct step_cache *c, struct run_job *j, const struct step_files *f)
{
    struct sg_arena *a = j->arena;
    struct step_envp e;
    struct step_files nf = *f;
    char **p;
    size_t i;

    memset(&e, 0, sizeof(e));
    for (p = environ; p && *p; p++) {
        const char *eq = strchr(*p, '=');
        if (eq) {
            char *name = sg_arena_strndup(a, *p, (size_t)(eq - *p));
            envp_set(&e, a, name, eq + 1);
        }
    }
    nf.action = "";
    add_runner_vars(&e, j, &nf);
    c->base = sg_arena_alloc(a, (e.n + 1) * sizeof(*c->base));
    memcpy(c->base, e.items, e.n * sizeof(*c->base));
    c->base[e.n] = NULL;
    c->nbase = e.n;
    for (i = 0; i < e.n; i++)
        if (!strcmp(e.items[i], "GITHUB_ACTION="))
            c->action_at = i;
    free(e.items);
}

void step_envp_build(struct step_envp *e, struct run_job *j, const struct expr_value *env,
                     const struct step_files *f)
{
    struct step_cache *c = step_cache_get(j);
    struct sg_arena *a = j->arena;
    size_t i, nenv = env->kind == EXPR_OBJECT ? env->u.obj->n : 0;
    const char *path;

    if (!c->base)
        build_base(c, j, f);
    memset(e, 0, sizeof(*e));
    /* One allocation a step: room for the env context and PATH. */
    e->cap = c->nbase + nenv + 2;
    e->items = sg_xmalloc(e->cap * sizeof(*e->items));
    memcpy(e->items, c->base, (c->nbase + 1) * sizeof(*e->items));
    e->n = c->nbase;
    e->items[c->action_at] = sg_arena_printf(a, "GITHUB_ACTION=%s", f->action ? f->action : "");
    for (i = 0; i < nenv; i++)
        envp_set(e, a, env->u.obj->items[i].key,
                 expr_to_string(a, &env->u.obj->items[i].value, NULL));
    path = envp_get(e, "PATH");
    if (j->path.n)
        envp_set(e, a, "PATH", exec_pathlist_join(a, &j->path, path));
    e->path = envp_get(e, "PATH");
}

const char *step_envp_get(const struct step_envp *e, const char *name)
{
    return envp_get(e, name);
}

void step_envp_release(struct step_envp *e)
{
    free(e->items);
    memset(e, 0, sizeof(*e));
}

/* An empty regular file at `p`. The common case, a file the last step left
 * empty, costs one lstat. A file with content is replaced, not truncated:
 * ext4 writes back a file truncated to zero when it is closed, a flush per
 * step that wrote to it. A step may have replaced it with a symlink: that
 * is removed, never followed. */
static int fresh_file(const char *p)
{
    struct stat st;
    int fd;
    if (lstat(p, &st) == 0) {
        if (S_ISREG(st.st_mode) && st.st_size == 0)
            return 0;
        if (unlink(p) != 0)
            return -1;
    } else if (errno != ENOENT) {
        return -1;
    }
    fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int fresh_files(const struct step_files *f)
{
    const char *const files[] = {f->env, f->output, f->state, f->path, f->summary};
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(files); i++)
        if (fresh_file(files[i]) != 0)
            return -1;
    return 0;
}

int step_files_reset(struct step_files *out, struct run_job *j, const char *action)
{
    struct step_cache *c = step_cache_get(j);
    struct step_files *f = &c->files;
    struct sg_arena *a = j->arena;

    if (!c->files_made) {
        f->dir = sg_arena_printf(a, "%s/j%zu-%p", j->ctx->temp_dir, j->job_index, (void *)j);
        f->env = sg_arena_printf(a, "%s/env", f->dir);
        f->output = sg_arena_printf(a, "%s/output", f->dir);
        f->state = sg_arena_printf(a, "%s/state", f->dir);
        f->path = sg_arena_printf(a, "%s/path", f->dir);
        f->summary = sg_arena_printf(a, "%s/step_summary", f->dir);
        c->files_made = true;
    }
    /* The folder is made at the first step, and again when a step removed
     * it (it is under RUNNER_TEMP, which a step may clean). */
    if (fresh_files(f) != 0) {
        if (errno != ENOENT || (mkdir(f->dir, 0700) != 0 && errno != EEXIST) ||
            fresh_files(f) != 0)
            return -1;
    }
    *out = *f;
    out->action = action;
    return 0;
}

/* The script goes to the same file at every step (one per extension),
 * written over in place and cut to its length: no new inode, and no
 * truncation to zero, which ext4 follows with a write-back on close. */
int step_script_write(const char **out, struct run_job *j, const struct step_files *f,
                      const char *ext, const char *text)
{
    const char *p = sg_arena_printf(j->arena, "%s/script%s", f->dir, ext);
    size_t n = strlen(text), done = 0;
    struct stat st;
    int fd = open(p, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0755);
    if (fd < 0 && errno == ELOOP && unlink(p) == 0)
        fd = open(p, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0755);
    if (fd < 0)
        return -1;
    while (done < n) {
        ssize_t w = pwrite(fd, text + done, n - done, (off_t)done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            errno = e;
            return -1;
        }
        done += (size_t)w;
    }
    /* a step may have changed its mode; the umask may have narrowed it */
    if (fstat(fd, &st) != 0 || (st.st_size != (off_t)n && ftruncate(fd, (off_t)n) != 0) ||
        ((st.st_mode & 07777) != 0755 && fchmod(fd, 0755) != 0)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (close(fd) != 0)
        return -1;
    *out = p;
    return 0;
}

/* ---- output lines ------------------------------------------------------- */

static void print_annotation(struct step_out *o, const struct exec_annotation *an)
{
    struct sg_buf b = SG_BUF_INIT;
    const char *level = an->kind == EXEC_CMD_ERROR     ? "error"
                        : an->kind == EXEC_CMD_WARNING ? "warning"
                                                       : "notice";
    enum run_log_kind k = an->kind == EXEC_CMD_ERROR     ? RUN_LOG_ERROR
                          : an->kind == EXEC_CMD_WARNING ? RUN_LOG_WARNING
                                                         : RUN_LOG_NOTICE;
    if (an->file && *an->file) {
        sg_buf_addstr(&b, an->file);
        if (an->line > 0)
            sg_buf_addf(&b, ":%ld", an->line);
        if (an->line > 0 && an->col > 0)
            sg_buf_addf(&b, ":%ld", an->col);
        sg_buf_addstr(&b, ": ");
    }
    sg_buf_addf(&b, "%s: ", level);
    if (an->title && *an->title)
        sg_buf_addf(&b, "%s: ", an->title);
    sg_buf_addstr(&b, an->message ? an->message : "");
    run_log_line(&o->j->ctx->log, o->j->prefix, k, sg_buf_str(&b));
    sg_buf_release(&b);
}

static void print_output(struct step_out *o, const char *text)
{
    struct run_job *j = o->j;
    if (sg_starts_with(text, "##[group]")) {
        run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_GROUP, "  %*s> %s", o->depth * 2, "",
                       text + 9);
        o->depth++;
    } else if (!strcmp(text, "##[endgroup]")) {
        if (o->depth > 0)
            o->depth--;
    } else {
        run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_OUTPUT, "  %*s| %s", o->depth * 2, "",
                       text);
    }
}

static bool is_true(const struct expr_value *obj, const char *name)
{
    const struct expr_value *v = expr_object_get(obj, name);
    return v && v->kind == EXPR_STRING && exec_env_is_true_strict(v->u.str.s);
}

/* ::debug:: lines show only when ACTIONS_STEP_DEBUG is true: a secret or a
 * variable as on GitHub, or the env for a local run. */
static bool step_debug(struct step_out *o)
{
    struct run_job *j = o->j;
    if (!o->debug)
        o->debug = is_true(&j->ctx->secrets, "ACTIONS_STEP_DEBUG") ||
                           is_true(&j->ctx->vars, "ACTIONS_STEP_DEBUG") ||
                           is_true(&j->env, "ACTIONS_STEP_DEBUG")
                       ? 1 : 2;
    return o->debug == 1;
}

static void apply_effect(struct step_out *o, const struct exec_cmd_effect *ef)
{
    struct run_job *j = o->j;
    struct run_log *l = &j->ctx->log;

    if (ef->mask) {
        if (ef->mask_single)
            exec_mask_add_value(j->ctx->mask, ef->mask, strlen(ef->mask));
        else
            exec_mask_add_secret(j->ctx->mask, ef->mask, false);
    }
    if (ef->echo)
        print_output(o, ef->echo);
    if (ef->debug && step_debug(o))
        run_log_printf(l, j->prefix, RUN_LOG_OUTPUT, "  %*s| ##[debug]%s", o->depth * 2, "",
                       ef->debug);
    if (ef->print)
        print_output(o, ef->print);
    if (ef->error_intro || ef->error) {
        if (ef->error_intro)
            run_log_printf(l, j->prefix, RUN_LOG_ERROR, "error: %s", ef->error_intro);
        if (ef->error)
            run_log_printf(l, j->prefix, RUN_LOG_ERROR, "error: %s", ef->error);
        o->failed = true;
    }
    if (ef->warning)
        run_log_printf(l, j->prefix, RUN_LOG_WARNING, "warning: %s", ef->warning);
    if (ef->issue_error)
        run_log_printf(l, j->prefix, RUN_LOG_ERROR, "error: %s", ef->issue_error);
    switch (ef->kind) {
    case EXEC_CMD_ERROR:
    case EXEC_CMD_WARNING:
    case EXEC_CMD_NOTICE:
        print_annotation(o, &ef->annotation);
        break;
    case EXEC_CMD_SET_OUTPUT:
        if (ef->name)
            expr_object_set(j->arena, &o->outputs, ef->name, expr_cstring(j->arena, ef->value));
        break;
    case EXEC_CMD_SET_ENV:
        if (ef->name)
            expr_object_set(j->arena, &j->env, ef->name, expr_cstring(j->arena, ef->value));
        break;
    case EXEC_CMD_ADD_PATH:
        if (ef->value)
            exec_pathlist_add(&j->path, j->arena, ef->value, strlen(ef->value));
        break;
    default:
        break;
    }
}

void step_on_line(void *ctx, const char *line, size_t len)
{
    struct step_out *o = ctx;
    struct exec_cmd_effect ef;

    if (len && line[len - 1] == '\r')
        len--;
    /* Per-line scratch: recycled so a long log does not grow memory. */
    if (!o->la || ++o->lines % 4096 == 0) {
        sg_arena_free(o->la);
        o->la = sg_arena_new();
    }
    exec_cmdproc_line(&o->cp, &ef, o->la, line, len);
    apply_effect(o, &ef);
}
