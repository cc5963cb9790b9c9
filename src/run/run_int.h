/* SPDX-License-Identifier: MIT */
/*
 * Private to src/run: the run-wide state every job reads, one job's state
 * while its steps run, the executor table, the log and the value helpers.
 *
 * Threads: each running job has its own thread and its own arena. What the
 * run owns (struct run_ctx) is written before the first job starts and only
 * read afterwards, except the masker (locked inside) and the log (its own
 * mutex). A finished job's results are read by the scheduler after it has
 * joined the thread.
 */
#ifndef SG_RUN_INT_H
#define SG_RUN_INT_H

#include <pthread.h>

#include "exec/exec.h"
#include "expr/expr.h"
#include "plan/plan.h"
#include "run/run.h"
#include "workflow/workflow.h"

enum run_result { RUN_PENDING, RUN_SUCCESS, RUN_FAILURE, RUN_CANCELLED, RUN_SKIPPED };

const char *run_result_name(enum run_result r);

/* ---- log ---------------------------------------------------------------- */

struct run_log {
    pthread_mutex_t mu;
    FILE *out;
    bool color;
    struct exec_mask *mask;
    bool tty;            /* flush every line only on a terminal */
    long long flushed_ms; /* elsewhere, output lines are flushed every 100 ms */
};

enum run_log_kind { RUN_LOG_INFO, RUN_LOG_START, RUN_LOG_OK, RUN_LOG_FAIL, RUN_LOG_SKIP,
                    RUN_LOG_OUTPUT, RUN_LOG_GROUP, RUN_LOG_ERROR, RUN_LOG_WARNING,
                    RUN_LOG_NOTICE };

/* Prints one line "[prefix] text", masked, coloured by kind on a TTY. */
void run_log_line(struct run_log *l, const char *prefix, enum run_log_kind kind, const char *text);
void run_log_printf(struct run_log *l, const char *prefix, enum run_log_kind kind,
                    const char *fmt, ...) SG_PRINTF(4, 5);
/* "error: TEXT" for RUN_LOG_ERROR, "warning: TEXT" for RUN_LOG_WARNING, TEXT
 * for any other kind: the runner's own messages, one line each. */
void run_log_vsay(struct run_log *l, const char *prefix, enum run_log_kind kind, const char *fmt,
                  va_list ap) SG_PRINTF(4, 0);
void run_log_errorf(struct run_log *l, const char *prefix, const char *fmt, ...) SG_PRINTF(3, 4);
/* Appends the console prefix of a line ("PREFIX ", coloured on a TTY). */
void run_log_prefix(struct run_log *l, struct sg_buf *out, const char *prefix);
/* Writes whole log lines, already prefixed and masked, in one go. */
void run_log_write(struct run_log *l, const char *data, size_t len);
/* The text with every registered secret as ***; in `a`. */
const char *run_mask(struct run_log *l, struct sg_arena *a, const char *s);

/* ---- executors ---------------------------------------------------------- */

struct run_job;

/*
 * Where a job's processes run. `job_check` refuses jobs the executor cannot
 * run (containers on the host) with a message; `run` runs one process to the
 * end, feeding its output lines to s->on_line.
 */
struct run_executor {
    const char *name;
    int (*job_check)(const struct run_executor *x, const struct run_job *job, struct sg_buf *why);
    int (*run)(const struct run_executor *x, struct exec_status *out, const struct exec_spawn *s,
               int timeout_ms, int cancel_fd, struct sg_diags *d);
};

extern const struct run_executor run_executor_host;
const struct run_executor *run_executor_find(const char *name);

/* ---- the run ------------------------------------------------------------ */

struct run_ctx {
    const struct run_options *opt;
    struct sg_arena *arena;
    struct exec_mask *mask;
    struct run_log log;
    const struct run_executor *executor;
    int cancel_fd; /* readable once the run is cancelled (Ctrl-C) */
    const char *event;
    const char *workspace, *temp_dir, *run_dir, *tool_cache, *event_file;
    const char *run_id;
    struct plan_repo_info repo;
    struct expr_value payload, github, vars, secrets, inputs;
    const char *const *changed;
    size_t nchanged;
    /* Reusable workflow calls: 0 for the top workflow; the caller job's
     * report id ("call") and display name; its cancel pipe, which the
     * called workflow's scheduler watches too. */
    int depth;
    const char *call_id, *call_name;
    int job_cancel_fd;
    struct run_conc *conc; /* concurrency groups, shared by the whole run */
};

/* ---- one job ------------------------------------------------------------ */

struct run_step_result {
    const char *id, *name;
    enum run_result outcome, conclusion;
    long duration_ms;
};

struct run_wf_result;

struct run_job {
    struct run_ctx *ctx;
    const struct wf_workflow *wf;
    const struct wf_job *job;
    size_t job_index;
    size_t group;           /* index of the first leg of its matrix */
    struct sg_arena *arena; /* the job's own: contexts, outputs, step results */
    const char *name;       /* display name, e.g. "test (3.11)" */
    const char *prefix;     /* "[test (3.11)]" */
    struct expr_value matrix, strategy, needs; /* matrix: null without one */
    struct expr_value github, runner; /* per job: github.job, workflow... */
    bool has_matrix;
    enum run_result result;
    enum expr_status status; /* what success()/failure() read */
    bool continue_on_error;
    long duration_ms;
    struct expr_value outputs; /* object of strings */
    struct run_step_result *steps;
    size_t nsteps;
    struct sg_buf summary;
    int cancel_pipe[2];
    int done_fd; /* the scheduler's wake-up pipe */
    bool cancelled;     /* set by the job thread once it saw the cancel */
    bool started, done, reaped;
    pthread_t thread;
    /* Step-time state. */
    struct expr_value env;   /* workflow < job < $GITHUB_ENV */
    struct expr_value steps_ctx;
    struct exec_pathlist path;
    const char *shell_default, *wd_default; /* raw defaults.run (job over workflow) */
    long long deadline_ms;  /* job timeout; 0 none */
    long timeout_min;
    bool timed_out;
    int step_seq;
    struct action_posts *action_posts; /* src/actions: post steps for the job's end */
    struct step_cache *step_cache; /* step_int.h: files, environment block, shell */
    /* Recorded for the report. */
    const char *report_id;            /* "build", or "call/build" in a called workflow */
    const char *env_name, *env_url;   /* environment:; NULL without one */
    struct expr_value runs_on;        /* evaluated labels */
    struct run_wf_result *call;       /* a reusable-workflow call's jobs; NULL otherwise */
    /* Concurrency (run_conc.c): the evaluated group, NULL without one. */
    const char *conc_group;
    bool conc_cancel_in_progress, conc_entered, conc_cancelled;
};

/* The expression contexts a step sees now (env = `env`). */
void run_job_context(struct expr_context *c, struct run_job *j, struct expr_value env);

/* Runs the job's steps and sets result, outputs, duration. */
void run_job_execute(struct run_job *j);

/* Runs one step of `j`; appends its result. */
void run_step_execute(struct run_job *j, const struct wf_step *st);

/* Built-in `uses:` (actions/checkout, shipgate/changes). Returns 1 when
 * `uses` is a built-in (and ran it, setting *ok and outputs), 0 when not. */
int run_builtin(struct run_job *j, const char *uses, const struct expr_value *with,
                struct expr_value *outputs, bool *ok);

bool run_job_cancel_requested(const struct run_job *j);

/* ---- reusable workflows (run_call.c) ------------------------------------ */

/* Nesting limit: the top workflow and three levels of called ones. */
#define RUN_CALL_MAX_DEPTH 4

/* Runs the workflow a `uses: ./...` job calls; sets the job's result and
 * outputs from the called jobs. */
void run_call_execute(struct run_job *j);
void run_wf_result_free(struct run_wf_result *w, size_t nw);

/* ---- concurrency groups (run_conc.c) ------------------------------------ */

struct run_conc;
struct run_conc *run_conc_new(void);
void run_conc_free(struct run_conc *c);
/* Takes the job's group (j->conc_group): returns true when it may start now;
 * false when it waits (its scheduler is woken through j->done_fd). A running
 * holder is cancelled when the newcomer says cancel-in-progress; an older
 * waiting job is cancelled (j->conc_cancelled), as GitHub does. */
bool run_conc_enter(struct run_conc *c, struct run_job *j);
/* Whether a waiting job holds its group now, or was cancelled. */
bool run_conc_ready(struct run_conc *c, struct run_job *j, bool *cancelled);
/* The job ended: the waiting job, if any, takes the group. */
void run_conc_leave(struct run_conc *c, struct run_job *j);

/* ---- values ------------------------------------------------------------- */

/* Evaluates `${{ }}` in every string of `v` (keys untouched), recursively.
 * A string that is exactly one expression takes that expression's value.
 * Returns 0, or -1 with the message in *err. */
int run_eval_deep(struct expr_value *out, struct sg_arena *a, const struct expr_value *v,
                  const struct expr_context *c, const char **err);

/* Evaluates a raw YAML scalar as a template to a string (NULL node -> NULL). */
int run_eval_string(const char **out, struct sg_arena *a, const struct wf_value *v,
                    const struct expr_context *c, const char **err);

/* Evaluates a raw YAML value (mapping, scalar...) deeply. */
int run_eval_node(struct expr_value *out, struct sg_arena *a, const struct wf_value *v,
                  const struct expr_context *c, const char **err);

/* A shallow copy of an object (keys and values shared). */
struct expr_value run_object_copy(struct sg_arena *a, const struct expr_value *obj);

long long run_now_ms(void);

/* ---- report ------------------------------------------------------------- */

struct run_wf_result {
    const struct wf_workflow *wf;
    const char *concurrency; /* the workflow's evaluated group; NULL without one */
    struct run_job **jobs; /* in file order, matrix legs together */
    size_t njobs;
};

/* Writes DESIGN.md section 4's report; masked. Returns 0 or -1 (errno). */
int run_report_write(const char *path, struct run_ctx *ctx, const struct run_wf_result *w,
                     size_t nw, enum run_result conclusion);
void run_report_table(struct run_ctx *ctx, const struct run_wf_result *w, size_t nw);

/* Runs one workflow's jobs; fills `res`. */
void run_workflow(struct run_ctx *ctx, const struct wf_workflow *wf, const bool *selected,
                  struct run_wf_result *res);

#endif
