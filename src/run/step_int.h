/* SPDX-License-Identifier: MIT */
/*
 * Shared between step.c (what a step does and when), step_exec.c (one
 * process of a step, also an action's), step_proc.c (environment block,
 * environment files, script, output lines) and src/actions.
 */
#ifndef SG_RUN_STEP_INT_H
#define SG_RUN_STEP_INT_H

#include "run/run_int.h"

/* The environment files of a step. One set per job, made at its first
 * step and emptied before each later one, so every step sees fresh, empty
 * files without a new directory and five new inodes per step. */
struct step_files {
    const char *dir, *env, *output, *state, *path, *summary;
    const char *action; /* GITHUB_ACTION */
};

/* A NULL-terminated KEY=VALUE array (strings in the job's arena). */
struct step_envp {
    char **items;
    size_t n, cap;
    const char *path; /* the PATH the step sees */
};

/* What a job keeps from one step to the next (run_step_proc.c,
 * run_step_exec.c); in the job's arena. */
struct step_cache {
    struct step_files files;
    bool files_made;
    /* The environment block up to the env context: the host's environment,
     * GITHUB_* and RUNNER_*, the same for every step but GITHUB_ACTION. */
    char **base;
    size_t nbase, action_at;
    /* The last shell resolved, for the `shell:` text and PATH it was
     * resolved with: PATH changes (GITHUB_PATH) resolve again. */
    bool shell_ok, shell_bash_default;
    const char *shell_key, *shell_path_env;
    struct exec_shell shell;
};

/* One process of a step: a `run:` script or an action's (a composite's
 * `run:` step, a node action's main or post). */
struct step_proc {
    const char *action;            /* GITHUB_ACTION */
    const struct expr_value *env;  /* the env context */
    char **argv;                   /* NULL: `shell` runs `script` */
    const char *shell, *script;    /* shell: as evaluated; NULL or "" for the default */
    bool bash_default;             /* the default is bash, else sh (a `run:` step's); false:
                                      exec_shell_resolve's default */
    const char *cwd;
    long timeout_ms;
    int cancel_fd;
    bool read_state;               /* read GITHUB_STATE back into `state` */
    /* results */
    int exit_code;
    bool timed_out, cancelled;
    struct expr_value outputs;     /* in: the object GITHUB_OUTPUT and ::set-output fill */
    struct expr_value state;       /* object; GITHUB_STATE when read_state */
};

/* Where a line longer than a chunk stands (step_on_chunk). */
enum step_long { STEP_LONG_NONE, STEP_LONG_FAST, STEP_LONG_SLOW };

/* Where a step's output lines go. */
struct step_out {
    struct run_job *j;
    struct exec_cmdproc cp;
    struct sg_arena *la; /* per-line scratch */
    size_t lines;
    /* step_on_chunk's state; zero when only step_on_line is used */
    struct exec_mask_stream *ms;
    struct sg_buf batch, masked; /* console lines being built, and masked */
    struct sg_buf head;          /* "PREFIX   | " for the current depth */
    int head_depth;              /* depth head was built for, + 1 (0: none) */
    size_t skip;                 /* bytes of head that are the job prefix */
    enum step_long long_line;
    int depth;           /* ::group:: nesting */
    bool failed;         /* a workflow command failed the step */
    int debug;           /* ::debug:: shown: 0 not decided yet, 1 yes, 2 no */
    struct expr_value outputs;
};

/* Runs the process through the job's executor, its output through the
 * workflow-command processor and the masker, then reads the environment
 * files back: GITHUB_ENV and GITHUB_PATH into the job, GITHUB_OUTPUT into
 * p->outputs, the summary appended to the job's. Returns 0 when it ran
 * (whatever its exit), -1 when it could not start (reported). */
int step_proc_run(struct run_job *j, struct step_proc *p);

/* run_step_proc.c: the pieces step_proc_run puts together. */
struct step_cache *step_cache_get(struct run_job *j);
int step_files_reset(struct step_files *f, struct run_job *j, const char *action);
void step_envp_build(struct step_envp *e, struct run_job *j, const struct expr_value *env,
                     const struct step_files *f);
const char *step_envp_get(const struct step_envp *e, const char *name);
void step_envp_release(struct step_envp *e);
int step_script_write(const char **out, struct run_job *j, const struct step_files *f,
                      const char *ext, const char *text);
void step_on_line(void *ctx, const char *line, size_t len);
/* exec_chunk_fn: the same as step_on_line for each line, in bulk. */
void step_on_chunk(void *ctx, const char *data, size_t len, bool partial);
/* Frees what step_on_chunk kept. */
void step_out_release(struct step_out *o);

#endif
