/* SPDX-License-Identifier: MIT */
/*
 * The gate pipeline that `shipgate gate` and the built-in step
 * `uses: shipgate/gate@v1` share: load the policy and baseline, parse every
 * report, honour the scanners' ignore files, mark new and existing
 * findings, let the findings register triage (through hooks, so src/gate
 * does not depend on src/store), decide, and save a baseline. Writing the
 * decision out is left to the caller (gate_output_write).
 */
#ifndef GATE_RUN_H
#define GATE_RUN_H

#include "gate/gate.h"

/* The findings register's part, called with the file reports only. */
struct gate_run_hooks {
    /* Before the decision (triage marks findings suppressed); -1 stops the
     * run as bad input, the hook having said why. */
    int (*before_decide)(void *ctx, struct sg_arena *a, const struct gate_report *const *reports,
                         size_t n);
    /* After the decision (records the run). */
    void (*after_decide)(void *ctx, const struct gate_report *const *reports, size_t n,
                         const struct gate_decision *dec, struct sg_diags *d);
    void *ctx;
};

struct gate_run_opts {
    const char *policy;         /* NULL: default_policy when it exists, else built-in */
    const char *default_policy; /* e.g. ".shipgate/policy.yml"; may be NULL */
    const char *stage, *baseline, *save_baseline;
    const char *source_root;    /* sources and ignore files; NULL for "." */
    bool has_image_size;        /* --image-size: one more measured image */
    unsigned long long image_size;
    const char *const *files;   /* the reports */
    const char *const *forced;  /* forced[i]: format of files[i] or NULL; may be NULL */
    size_t n;
    int today;                  /* YYYYMMDD; 0 for today (local time) */
    const struct gate_run_hooks *hooks; /* may be NULL */
};

struct gate_run_result {
    struct gate_decision dec;
    struct gate_baseline baseline;
    const struct gate_baseline *bl; /* &baseline when one was given, else NULL */
    const struct gate_report *const *reports; /* the file reports, then the image one */
    size_t n_reports;
};

/*
 * Runs the pipeline; everything is allocated in `a`. Returns 0 with the
 * decision in `out`, or -1 when a report, the policy or a baseline was not
 * understood or could not be written (positioned errors in `d`, or
 * reported by a hook).
 */
int gate_run(struct gate_run_result *out, struct sg_arena *a, const struct gate_run_opts *o,
             struct sg_diags *d);

/* Counts for the step outputs: findings that block, findings that are
 * new (not existing in the baseline and not suppressed), all findings. */
void gate_run_counts(const struct gate_decision *dec, size_t *blocking, size_t *new_count,
                     size_t *total);

/* Today's local date as YYYYMMDD (0 when the clock cannot be read). */
int gate_today(void);

#endif
