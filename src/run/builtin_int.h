/* SPDX-License-Identifier: MIT */
/*
 * Private to src/run: the built-in security steps (shipgate/gate@v1 in
 * run_builtin_gate.c, shipgate/secret-scan@v1 in run_builtin_scan.c) that
 * run_builtin() dispatches to, and the small helpers they share. They run
 * in the job's thread, in-process, and never change the working directory.
 */
#ifndef SG_RUN_BUILTIN_INT_H
#define SG_RUN_BUILTIN_INT_H

#include "run/run_int.h"

/* Each returns whether the step succeeded, and sets its outputs. */
bool run_builtin_gate(struct run_job *j, const struct expr_value *with,
                      struct expr_value *outputs);
bool run_builtin_secret_scan(struct run_job *j, const struct expr_value *with,
                             struct expr_value *outputs);

/* One log line of the step: "  | text", or "error: "/"warning: " text. */
void run_bi_say(struct run_job *j, enum run_log_kind k, const char *fmt, ...) SG_PRINTF(3, 4);
/* The `with:` value `name` as a string, NULL when absent or null. */
const char *run_bi_input(struct run_job *j, const struct expr_value *with, const char *name);
/* Warns about `with:` keys not in the NULL-terminated `known`. */
void run_bi_check_inputs(struct run_job *j, const char *step, const struct expr_value *with,
                         const char *const *known);
/* `p` relative to the workspace (absolute paths as they are). */
const char *run_bi_path(struct run_job *j, const char *p);
/* Logs every diagnostic as FILE:LINE:COL: message (an error or a warning). */
void run_bi_diags(struct run_job *j, const struct sg_diags *d);
/* Logs text line by line as step output (masked like every log line). */
void run_bi_text(struct run_job *j, const char *text, size_t len);
/* Appends markdown to the job summary, as a step's $GITHUB_STEP_SUMMARY. */
void run_bi_summary(struct run_job *j, const char *md, size_t len);
/* "true"/"false" (any case) or absent (dflt); -1 for anything else. */
int run_bi_bool(const char *v, bool dflt);

#endif
