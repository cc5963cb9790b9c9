/* SPDX-License-Identifier: MIT */
/*
 * Private to src/workflow: the loader's context, the key tables generated
 * from wf_keys.def, the context sets GitHub allows per key, and a small
 * string hash map for the lookups that must stay linear-time.
 */
#ifndef SG_WF_INT_H
#define SG_WF_INT_H

#include "workflow/workflow.h"

/* ---- string hash map --------------------------------------------------- */

struct wf_strmap_slot {
    const char *key;
    size_t len;
    size_t val;
};

/* Open addressing; keys are borrowed. */
struct wf_strmap {
    struct wf_strmap_slot *slots;
    size_t cap, n;
};

void wf_strmap_init(struct wf_strmap *m, size_t expected);
void wf_strmap_release(struct wf_strmap *m);
/* Empties the map, keeping its memory when it is big enough. */
void wf_strmap_reset(struct wf_strmap *m, size_t expected);
/* Inserts key->val unless present; returns the slot of the key either way. */
struct wf_strmap_slot *wf_strmap_put(struct wf_strmap *m, const char *key, size_t len, size_t val,
                                     bool *existed);
struct wf_strmap_slot *wf_strmap_get(const struct wf_strmap *m, const char *key, size_t len);

/* ---- keys -------------------------------------------------------------- */

enum wf_scope {
#define WF_SCOPE(s) WF_SC_##s,
#define WF_KEY(s, id, name)
#include "wf_keys.def"
#undef WF_SCOPE
#undef WF_KEY
    WF_SC_COUNT
};

enum wf_key {
    WF_K_UNKNOWN = 0,
#define WF_SCOPE(s)
#define WF_KEY(s, id, name) WF_K_##s##_##id,
#include "wf_keys.def"
#undef WF_SCOPE
#undef WF_KEY
    WF_K_COUNT
};

/* The key id of `name` in `scope`, or WF_K_UNKNOWN. */
enum wf_key wf_key_lookup(enum wf_scope scope, const char *name);

/* ---- expression contexts ------------------------------------------------ */

/* Where an expression sits decides what it may name (GitHub's schema). */
enum wf_ctx {
    WF_CTX_NONE,        /* no expressions at all */
    WF_CTX_RUN_NAME,    /* github inputs vars */
    WF_CTX_WF_ENV,      /* + secrets */
    WF_CTX_CALL_OUTPUT, /* github inputs vars jobs */
    WF_CTX_JOB_IF,      /* github inputs vars needs + status functions */
    WF_CTX_STRATEGY,    /* github inputs vars needs */
    WF_CTX_JOB,         /* + strategy matrix */
    WF_CTX_JOB_SECRETS, /* + secrets */
    WF_CTX_JOB_DEFAULTS,/* github inputs vars strategy matrix needs env */
    WF_CTX_RUNNER,      /* job outputs, container env */
    WF_CTX_RUNNER_NOSEC,/* environment url */
    WF_CTX_CREDENTIALS, /* container credentials */
    WF_CTX_STEP,        /* step keys: + steps job runner env secrets hashFiles */
    WF_CTX_STEP_IF,     /* step if: no secrets, + status functions */
    WF_CTX_COUNT
};

/* ---- the loader -------------------------------------------------------- */

struct wf_loader {
    struct sg_arena *a;
    struct sg_diags *d;
    const char *file;
    struct wf_workflow *wf;
    struct wf_strmap jobs; /* id -> index */
    struct sg_buf scratch;
};

void wf_error(struct wf_loader *L, const struct wf_value *at, const char *fmt, ...) SG_PRINTF(3, 4);
void wf_error_at(struct wf_loader *L, int line, int col, const char *fmt, ...) SG_PRINTF(4, 5);
/* "A sequence was not expected", "A mapping was not expected" or
 * "Unexpected value 'x'", as GitHub words a value of the wrong shape. */
void wf_unexpected(struct wf_loader *L, const struct wf_value *v);

/*
 * Type checks. Each reports GitHub's message and returns false when `v` is
 * not of the wanted shape. A string holding `${{ }}` is accepted in place of
 * any shape when `ctx` allows expressions (GitHub evaluates it later) and
 * then *is_expr is set; callers pass NULL when they do not care.
 */
bool wf_want_map(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx, bool *is_expr);
bool wf_want_seq(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx, bool *is_expr);
/* A scalar string (numbers and booleans are read as their text). */
bool wf_want_string(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx, bool nonempty);
bool wf_want_bool(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx);
bool wf_want_number(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx);
/* One string or a sequence of (non-empty) strings. */
void wf_want_strlist(struct wf_loader *L, struct wf_strlist *out, const struct wf_value *v,
                     enum wf_ctx ctx);
/* Checks every `${{ }}` in a string scalar (and in scalars nested in a
 * collection) against the contexts of `ctx`. */
void wf_check_expr(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx);
/* An `if:` value: a bare expression or a template. */
void wf_check_condition(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx);
/* Reports keys not in `scope`; the caller switches on the returned ids. */
enum wf_key wf_pair_key(struct wf_loader *L, const struct wf_pair *p, enum wf_scope scope);
/* A mapping of free-form names to strings (env:, with:, outputs:). */
void wf_check_string_map(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx);

/* Stages, in wf_events.c, wf_jobs.c, wf_check.c. */
void wf_load_on(struct wf_loader *L, const struct wf_value *on);
void wf_load_jobs(struct wf_loader *L, const struct wf_value *jobs);
void wf_load_permissions(struct wf_loader *L, const struct wf_value *v);
void wf_load_concurrency(struct wf_loader *L, struct wf_concurrency *out, const struct wf_value *v,
                         enum wf_ctx ctx);
void wf_load_defaults(struct wf_loader *L, struct wf_defaults_run *out, const struct wf_value *v,
                      enum wf_ctx ctx);
void wf_check_needs_graph(struct wf_loader *L);
void wf_check_filter_globs(struct wf_loader *L, const struct wf_strlist *l);

#endif
