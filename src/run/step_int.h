/* SPDX-License-Identifier: MIT */
/*
 * Shared between step.c (what a step does and when) and step_proc.c (its
 * process: environment block, environment files, script, output lines).
 */
#ifndef SG_RUN_STEP_INT_H
#define SG_RUN_STEP_INT_H

#include "run/run_int.h"

/* The fresh environment files of one step. */
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

int step_files_make(struct step_files *f, struct run_job *j, const char *action);
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
