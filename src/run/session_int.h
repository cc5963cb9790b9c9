/* SPDX-License-Identifier: MIT */
/*
 * Between session.c (setting up and running) and plan_run.c (deciding what
 * runs: files, repository, event, triggers, inputs).
 */
#ifndef SG_RUN_SESSION_INT_H
#define SG_RUN_SESSION_INT_H

#include "run/run_int.h"

struct session_wf {
    struct wf_workflow *wf;
    bool *selected;
    struct expr_value inputs, github;
};

struct session {
    struct session_wf *items;
    size_t n, cap;
    struct sg_arena *arena; /* workflow models */
};

/* Loads, matches and types; fills ctx->repo, payload, changed. Returns 0,
 * 2 on bad input (printed). */
int session_plan(struct session *s, struct run_ctx *ctx);
void session_list(const struct session *s, struct run_ctx *ctx);
void session_release(struct session *s);

/* Types workflow_dispatch inputs (--input over defaults) into `out`.
 * Returns 0, or -1 with FILE:LINE:COL diagnostics in `d`. */
int run_type_inputs(struct expr_value *out, struct run_ctx *ctx, const struct wf_workflow *wf,
                    struct sg_diags *d);

#endif
