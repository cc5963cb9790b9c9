/* SPDX-License-Identifier: MIT */
/*
 * One process of an action (a shell script or a node command) runs as a
 * step's process does, through the runner's step_proc_run: the same files,
 * environment block, output path (bulk, masked) and reading back, with
 * GITHUB_STATE kept for the post step.
 */
#include "actions/action_int.h"
#include "run/step_int.h"

void action_say(struct run_job *j, enum run_log_kind k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    run_log_vsay(&j->ctx->log, j->prefix, k, fmt, ap);
    va_end(ap);
}

int action_proc_run(struct action_proc *p)
{
    struct run_job *j = p->j;
    struct step_proc sp;
    int rc;

    memset(&sp, 0, sizeof(sp));
    sp.action = p->step_id;
    sp.env = &p->env;
    sp.argv = p->argv;
    sp.shell = p->shell;
    sp.script = p->script;
    sp.cwd = p->cwd;
    sp.timeout_ms = p->timeout_ms;
    sp.cancel_fd = p->cancel_fd;
    sp.read_state = true;
    sp.outputs = expr_new_object(j->arena);
    sp.state = expr_new_object(j->arena);
    j->step_seq++;
    rc = step_proc_run(j, &sp);
    p->outputs = sp.outputs;
    p->state = sp.state;
    p->exit_code = sp.exit_code;
    p->timed_out = sp.timed_out;
    p->cancelled = sp.cancelled;
    return rc;
}
