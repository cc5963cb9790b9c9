/* SPDX-License-Identifier: MIT */
/*
 * One process of an action: the step's files and environment block from the
 * runner's step helpers, a shell script or a node command, output lines
 * through the workflow-command processor and the masker, then the
 * environment files read back: GITHUB_ENV and GITHUB_PATH into the job,
 * GITHUB_OUTPUT into the step's outputs, GITHUB_STATE kept for the post
 * step, the summary appended to the job's.
 */
#include "actions/action_int.h"
#include "run/step_int.h"

void action_say(struct run_job *j, enum run_log_kind k, const char *fmt, ...)
{
    struct sg_buf b = SG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sg_buf_addstr(&b, k == RUN_LOG_ERROR ? "error: " : k == RUN_LOG_WARNING ? "warning: " : "");
    sg_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    run_log_line(&j->ctx->log, j->prefix, k, sg_buf_str(&b));
    sg_buf_release(&b);
}

static void read_kv(struct action_proc *p, const char *path, struct expr_value *into,
                    bool job_env, struct sg_diags *d)
{
    struct run_job *j = p->j;
    struct exec_kvlist kv;
    size_t i;
    exec_kvlist_init(&kv);
    exec_envfile_read(&kv, j->arena, path, d);
    for (i = 0; i < kv.n; i++) {
        if (job_env && exec_env_name_blocked(kv.items[i].name)) {
            action_say(j, RUN_LOG_WARNING,
                       "Can't store %s output parameter using '$GITHUB_ENV' command.",
                       kv.items[i].name);
            continue;
        }
        expr_object_set(j->arena, into, kv.items[i].name,
                        expr_cstring(j->arena, kv.items[i].value));
    }
    exec_kvlist_release(&kv);
}

static void read_files(struct action_proc *p, const struct step_files *f)
{
    struct run_job *j = p->j;
    struct sg_diags d;
    struct sg_buf sum = SG_BUF_INIT;
    size_t i;

    sg_diags_init(&d);
    read_kv(p, f->env, &j->env, true, &d);
    read_kv(p, f->output, &p->outputs, false, &d);
    read_kv(p, f->state, &p->state, false, &d);
    exec_pathfile_read(&j->path, j->arena, f->path, &d);
    if (sg_read_file(&sum, f->summary, 0) == 0 && sum.len) {
        sg_buf_add(&j->summary, sum.data, sum.len);
        if (sum.data[sum.len - 1] != '\n')
            sg_buf_addch(&j->summary, '\n');
    }
    sg_buf_release(&sum);
    for (i = 0; i < d.n; i++) {
        action_say(j, RUN_LOG_ERROR, "%s:%d: %s", d.items[i].file ? d.items[i].file : "",
                   d.items[i].line, d.items[i].message);
        if (!p->exit_code)
            p->exit_code = 1;
    }
    sg_diags_release(&d);
}

static char **shell_argv(struct action_proc *p, const struct step_files *f,
                         const struct step_envp *e, struct sg_diags *d)
{
    struct run_job *j = p->j;
    struct exec_shell sh;
    const char *path;
    if (exec_shell_resolve(&sh, j->arena, p->shell, e->path, d) != 0)
        return NULL;
    if (step_script_write(&path, j, f, sh.ext, exec_shell_script(j->arena, sh.command, p->script))) {
        action_say(j, RUN_LOG_ERROR, "cannot write the script: %s", strerror(errno));
        return NULL;
    }
    return exec_shell_argv(&sh, j->arena, path, d);
}

static void out_init(struct step_out *o, struct action_proc *p, const struct step_envp *e)
{
    memset(o, 0, sizeof(*o));
    o->j = p->j;
    o->outputs = p->outputs;
    exec_cmdproc_init(&o->cp, exec_env_is_true_strict(step_envp_get(e, "ACTIONS_STEP_DEBUG")));
    o->cp.allow_unsecure_commands =
        exec_env_is_true_strict(step_envp_get(e, "ACTIONS_ALLOW_UNSECURE_COMMANDS"));
    o->cp.allow_unsecure_stop_tokens =
        exec_env_is_true_loose(step_envp_get(e, "ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS"));
    o->cp.deprecation_warnings = true;
}

int action_proc_run(struct action_proc *p)
{
    struct run_job *j = p->j;
    struct step_files f;
    struct step_envp e;
    struct sg_diags d;
    struct step_out o;
    struct exec_spawn sp = {0};
    struct exec_status st;
    char **argv;
    int rc = -1;
    size_t i;

    p->outputs = expr_new_object(j->arena);
    p->state = expr_new_object(j->arena);
    j->step_seq++;
    if (step_files_make(&f, j, p->step_id) != 0) {
        action_say(j, RUN_LOG_ERROR, "cannot create the step's files under '%s': %s",
                   j->ctx->temp_dir, strerror(errno));
        return -1;
    }
    step_envp_build(&e, j, &p->env, &f);
    sg_diags_init(&d);
    argv = p->argv ? p->argv : shell_argv(p, &f, &e, &d);
    if (argv) {
        out_init(&o, p, &e);
        sp.argv = argv;
        sp.envp = e.items;
        sp.cwd = p->cwd;
        sp.on_line = step_on_line;
        sp.ctx = &o;
        rc = j->ctx->executor->run(j->ctx->executor, &st, &sp, (int)p->timeout_ms, p->cancel_fd,
                                   &d);
        exec_cmdproc_release(&o.cp);
        sg_arena_free(o.la);
        p->outputs = o.outputs;
        if (rc == 0) {
            p->exit_code = st.end == EXEC_END_EXITED ? st.code : 128 + st.code;
            if (o.failed && !p->exit_code)
                p->exit_code = 1;
            p->timed_out = st.timed_out;
            p->cancelled = st.cancelled;
            read_files(p, &f);
        }
    }
    for (i = 0; i < d.n; i++)
        action_say(j, RUN_LOG_ERROR, "%s", d.items[i].message);
    sg_diags_release(&d);
    step_envp_release(&e);
    return rc;
}
