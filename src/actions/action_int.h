/* SPDX-License-Identifier: MIT */
/*
 * Private to src/actions: one process of an action (a composite's `run:`
 * step, a node action's main or post) and the handlers. The runner's job
 * and step helpers (src/run/run_int.h, step_int.h) do the environment
 * block, the environment files and the output lines, so an action's step
 * behaves like an ordinary step in every way a user can see.
 */
#ifndef SG_ACTION_INT_H
#define SG_ACTION_INT_H

#include "actions/action.h"
#include "actions/action_run.h"
#include "run/run_int.h"

struct action_proc {
    struct run_job *j;
    const char *step_id;     /* GITHUB_ACTION */
    struct expr_value env;   /* the process's env context */
    char **argv;             /* node: [node, script]; NULL: shell + script */
    const char *shell, *script;
    const char *cwd;
    long timeout_ms;
    int cancel_fd;
    /* results */
    int exit_code;
    bool timed_out, cancelled;
    struct expr_value outputs; /* object; GITHUB_OUTPUT and ::set-output */
    struct expr_value state;   /* object; GITHUB_STATE */
};

/* Runs the process and reads its environment files back into the job.
 * Returns 0 when it ran (whatever its exit), -1 when it could not start
 * (reported). */
int action_proc_run(struct action_proc *p);

/* "error: ..." / "warning: ..." lines in the job's log. */
void action_say(struct run_job *j, enum run_log_kind k, const char *fmt, ...) SG_PRINTF(3, 4);

/* The inputs an action sees: `with` (strings) over the evaluated defaults,
 * with the runner's warnings for deprecated, unexpected and missing
 * required inputs. */
struct expr_value action_inputs(const struct action_call *call, const struct action_manifest *m);

/* A copy of `base` with whatever the job's env changed since `job_env0`
 * (through $GITHUB_ENV) laid over it. */
struct expr_value action_env_since(struct run_job *j, const struct expr_value *base,
                                   const struct expr_value *job_env0);

int action_run_composite(struct action_call *call, const struct action_manifest *m,
                         const char *dir, bool *ok);
int action_run_node(struct action_call *call, const struct action_manifest *m, const char *dir,
                    bool *ok);

/* Posts registered by node actions, run last-first at the end of the job. */
struct action_post {
    const struct action_manifest *m;
    const char *dir, *uses, *step_id, *display;
    struct expr_value env, state;
    struct expr_value job_env0; /* the job's env when main ran */
};

struct action_posts {
    struct action_post *items;
    size_t n, cap;
};

#endif
