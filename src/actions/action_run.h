/* SPDX-License-Identifier: MIT */
/*
 * The runner's door into src/actions: a step (or a composite's inner step)
 * with `uses: ./path` is handed to action_run(); at the end of the job
 * action_run_posts() runs the post steps node actions registered. What the
 * call carries is the step's already-evaluated state.
 */
#ifndef SG_ACTION_RUN_H
#define SG_ACTION_RUN_H

#include <stdbool.h>

#include "expr/expr.h"

struct run_job;

struct action_call {
    struct run_job *j;
    const char *uses;              /* as written */
    const char *step_id;           /* GITHUB_ACTION */
    const char *display;           /* the step's name, for post steps */
    const struct expr_value *with; /* evaluated with the caller's contexts */
    const struct expr_value *env;  /* the step's env context */
    const struct expr_context *c;  /* the caller's contexts (input defaults) */
    long timeout_ms;               /* 0: none */
    int cancel_fd;                 /* -1: none */
    int depth;                     /* composite nesting of the caller: 0 for a job step */
    struct expr_value *outputs;    /* the step's outputs object, filled */
};

/* Returns 1 when `uses` is a local action (then it ran and *ok says how it
 * went, with every problem in the job's log), 0 when it is not one. */
int action_run(struct action_call *call, bool *ok);

/* Runs the registered post steps, last registered first; a failing post
 * step fails the job. */
void action_run_posts(struct run_job *j);

#endif
