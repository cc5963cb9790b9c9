/* SPDX-License-Identifier: MIT */
/*
 * One process of a step, for a `run:` step (step.c) and for an action's
 * processes (src/actions): the job's environment files emptied, the
 * environment block, the shell resolved (kept while the shell and PATH
 * stay the same), the script written, the process run through the job's
 * executor with its output on the bulk path (step_chunk.c), then the
 * environment files read back into the job. What a step is and when it
 * runs is step.c's; the pieces are step_proc.c's.
 */
#include "run/run_int.h"
#include "run/step_int.h"

/* The cached resolution when `shell` and PATH are those it was made for. */
static bool shell_cached(const struct step_cache *c, const char *shell, bool bash_default,
                         const char *path_env)
{
    return c->shell_ok && c->shell_bash_default == bash_default &&
           !strcmp(c->shell_key, shell ? shell : "") &&
           !strcmp(c->shell_path_env, path_env ? path_env : "");
}

static int resolve_shell(struct exec_shell *out, struct run_job *j, const struct step_proc *p,
                         const char *path_env, struct sg_diags *d)
{
    struct step_cache *c = step_cache_get(j);
    const char *name = p->shell;

    if (shell_cached(c, p->shell, p->bash_default, path_env)) {
        *out = c->shell;
        return 0;
    }
    /* DESIGN.md: bash --noprofile --norc -eo pipefail, sh -e without bash. */
    if (p->bash_default && (!name || !*name))
        name = exec_which(j->arena, "bash", path_env) ? "bash" : "sh";
    if (exec_shell_resolve(out, j->arena, name, path_env, d) != 0)
        return -1;
    c->shell = *out;
    c->shell_key = sg_arena_strdup(j->arena, p->shell ? p->shell : "");
    c->shell_path_env = sg_arena_strdup(j->arena, path_env ? path_env : "");
    c->shell_bash_default = p->bash_default;
    c->shell_ok = true;
    return 0;
}

static char **shell_argv(struct run_job *j, const struct step_proc *p, const struct step_files *f,
                         const struct step_envp *e, struct sg_diags *d)
{
    struct exec_shell sh;
    const char *path;
    if (resolve_shell(&sh, j, p, e->path, d) != 0)
        return NULL;
    if (step_script_write(&path, j, f, sh.ext,
                          exec_shell_script(j->arena, sh.command, p->script ? p->script : ""))) {
        run_log_errorf(&j->ctx->log, j->prefix, "cannot write the script: %s", strerror(errno));
        return NULL;
    }
    return exec_shell_argv(&sh, j->arena, path, d);
}

static void read_kv(struct run_job *j, const char *path, struct expr_value *into, bool job_env,
                    struct sg_diags *d)
{
    struct exec_kvlist kv;
    size_t i;
    exec_kvlist_init(&kv);
    exec_envfile_read(&kv, j->arena, path, d);
    for (i = 0; i < kv.n; i++) {
        if (job_env && exec_env_name_blocked(kv.items[i].name)) {
            run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_WARNING,
                           "warning: Can't store %s output parameter using '$GITHUB_ENV' command.",
                           kv.items[i].name);
            continue;
        }
        expr_object_set(j->arena, into, kv.items[i].name,
                        expr_cstring(j->arena, kv.items[i].value));
    }
    exec_kvlist_release(&kv);
}

static void read_files(struct run_job *j, struct step_proc *p, const struct step_files *f)
{
    struct sg_diags d;
    struct sg_buf sum = SG_BUF_INIT;
    size_t i;

    sg_diags_init(&d);
    read_kv(j, f->env, &j->env, true, &d);
    read_kv(j, f->output, &p->outputs, false, &d);
    if (p->read_state)
        read_kv(j, f->state, &p->state, false, &d);
    exec_pathfile_read(&j->path, j->arena, f->path, &d);
    if (sg_read_file(&sum, f->summary, 0) == 0 && sum.len) {
        sg_buf_add(&j->summary, sum.data, sum.len);
        if (sum.data[sum.len - 1] != '\n')
            sg_buf_addch(&j->summary, '\n');
    }
    sg_buf_release(&sum);
    for (i = 0; i < d.n; i++) {
        run_log_errorf(&j->ctx->log, j->prefix, "%s:%d: %s",
                       d.items[i].file ? d.items[i].file : "", d.items[i].line,
                       d.items[i].message);
        if (!p->exit_code)
            p->exit_code = 1;
    }
    sg_diags_release(&d);
}

static void out_init(struct step_out *o, struct run_job *j, const struct step_proc *p,
                     const struct step_envp *e)
{
    memset(o, 0, sizeof(*o));
    o->j = j;
    o->outputs = p->outputs;
    exec_cmdproc_init(&o->cp, exec_env_is_true_strict(step_envp_get(e, "ACTIONS_STEP_DEBUG")));
    o->cp.allow_unsecure_commands =
        exec_env_is_true_strict(step_envp_get(e, "ACTIONS_ALLOW_UNSECURE_COMMANDS"));
    o->cp.allow_unsecure_stop_tokens =
        exec_env_is_true_loose(step_envp_get(e, "ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS"));
    o->cp.deprecation_warnings = true;
}

/* Spawns argv and takes its output; 0 when it ran. */
static int spawn(struct run_job *j, struct step_proc *p, char **argv, const struct step_envp *e,
                 struct sg_diags *d)
{
    struct exec_spawn sp = {0};
    struct exec_status st;
    struct step_out o;
    int rc;

    out_init(&o, j, p, e);
    sp.argv = argv;
    sp.envp = e->items;
    sp.cwd = p->cwd;
    sp.on_line = step_on_line;
    sp.on_chunk = step_on_chunk;
    sp.ctx = &o;
    rc = j->ctx->executor->run(j->ctx->executor, &st, &sp, (int)p->timeout_ms, p->cancel_fd, d);
    exec_cmdproc_release(&o.cp);
    sg_arena_free(o.la);
    step_out_release(&o);
    p->outputs = o.outputs;
    if (rc != 0)
        return rc;
    p->exit_code = st.end == EXEC_END_EXITED ? st.code : 128 + st.code;
    if (o.failed && !p->exit_code)
        p->exit_code = 1;
    p->timed_out = st.timed_out;
    if (st.cancelled)
        p->cancelled = true;
    return 0;
}

int step_proc_run(struct run_job *j, struct step_proc *p)
{
    struct step_files f;
    struct step_envp e;
    struct sg_diags d;
    char **argv;
    int rc = -1;
    size_t i;

    if (p->read_state && p->state.kind != EXPR_OBJECT)
        p->state = expr_new_object(j->arena);
    if (step_files_reset(&f, j, p->action) != 0) {
        run_log_errorf(&j->ctx->log, j->prefix, "cannot create the step's files under '%s': %s",
                       j->ctx->temp_dir, strerror(errno));
        return -1;
    }
    step_envp_build(&e, j, p->env, &f);
    sg_diags_init(&d);
    argv = p->argv ? p->argv : shell_argv(j, p, &f, &e, &d);
    if (argv && (rc = spawn(j, p, argv, &e, &d)) == 0)
        read_files(j, p, &f);
    for (i = 0; i < d.n; i++)
        run_log_errorf(&j->ctx->log, j->prefix, "%s", d.items[i].message);
    sg_diags_release(&d);
    step_envp_release(&e);
    return rc;
}
