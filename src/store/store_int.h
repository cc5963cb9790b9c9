/* SPDX-License-Identifier: MIT */
/*
 * What a store backend implements: a table of operations that the public
 * functions of store.h dispatch to. A backend embeds struct store as the
 * first member of its own state (like curl's vtls backends).
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include "store/store.h"

struct store_ops {
    const char *name;
    void (*close)(struct store *s);
    int (*repo_id)(struct store *s, int64_t *out, const char *identity, bool create,
                   struct sg_diags *d);
    int (*record_gate)(struct store *s, struct store_gate_result *out,
                       const struct store_gate_run *run, struct sg_diags *d);
    int (*findings_list)(struct store *s, struct store_finding_list *out, struct sg_arena *a,
                         const struct store_finding_filter *f, const char *today,
                         struct sg_diags *d);
    int (*finding_get)(struct store *s, struct store_finding *out, struct sg_arena *a,
                       int64_t repo_id, const char *ref, const char *today, struct sg_diags *d);
    int (*finding_events)(struct store *s, struct store_event_list *out, struct sg_arena *a,
                          int64_t finding_id, struct sg_diags *d);
    int (*finding_triage)(struct store *s, int64_t finding_id, const struct store_triage *t,
                          struct sg_diags *d);
    int (*record_run)(struct store *s, int64_t *out, const struct store_run *r,
                      struct sg_diags *d);
};

struct store {
    const struct store_ops *ops;
    char *spec; /* as opened, for messages */
    int version;
};

/* Backends: open the store at `path`, migrated to STORE_SCHEMA_VERSION. */
int store_sqlite_open(struct store **out, const char *path, struct sg_diags *d);

/* The unix time now, for records given time 0. */
int64_t store_now(void);

#endif
