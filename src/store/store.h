/* SPDX-License-Identifier: MIT */
/*
 * The state store: repositories, workflow runs with their jobs and steps,
 * gate runs and the findings register, and (for what comes next) the
 * deployments, approvals and API tokens of DESIGN.md sections 8 and 9.
 *
 * One small interface, one file per backend behind a table of function
 * pointers: store_sqlite.c (one machine, the default) and later store_pg.c
 * (PostgreSQL, selected by a postgres:// spec). The schema is shared by
 * the backends (schema.def) and versioned; opening a store written by a
 * newer shipgate is an error, never a silent downgrade.
 *
 * Every write happens in one transaction. Strings handed in are borrowed;
 * strings handed out live in the arena the caller passes. Functions return
 * 0 or -1 with the problem recorded in the caller's struct sg_diags.
 *
 * The register's semantics (new, seen, fixed, reopened, triage, expiry) are
 * written down in docs/findings.md.
 */
#ifndef STORE_H
#define STORE_H

#include "base/base.h"
#include "gate/gate.h"

/* The newest schema version this binary knows. */
#define STORE_SCHEMA_VERSION 1

enum store_status {
    STORE_ST_OPEN,
    STORE_ST_ACCEPTED_RISK,
    STORE_ST_FALSE_POSITIVE,
    STORE_ST_FIXED,
};
#define STORE_STATUS_COUNT 4

/* open, accepted-risk, false-positive, fixed */
const char *store_status_name(enum store_status s);
bool store_status_parse(const char *s, enum store_status *out);

struct store;

/* ---- opening --------------------------------------------------------------- */

/*
 * The store one machine uses when none is named: $SHIPGATE_STORE if set,
 * else $XDG_DATA_HOME/shipgate/shipgate.db, else
 * ~/.local/share/shipgate/shipgate.db. Written to `out` (reset first).
 * Returns -1 with a diagnostic when neither XDG_DATA_HOME nor HOME is set.
 */
int store_default_spec(struct sg_buf *out, struct sg_diags *d);

/*
 * Opens (creating and migrating when needed) the store named by `spec`:
 * a file path or sqlite:PATH; postgres://... is refused until store_pg.c
 * exists. NULL opens store_default_spec(). Missing parent folders are
 * created with mode 0700. Returns 0 with *out set (store_close it), or -1
 * with a diagnostic: unreadable file, not a database, a schema newer than
 * this binary understands.
 */
int store_open(struct store **out, const char *spec, struct sg_diags *d);
/* Closes and frees; NULL does nothing. */
void store_close(struct store *s);
/* The schema version of the open store (STORE_SCHEMA_VERSION after open). */
int store_schema_version(struct store *s);

/* ---- repositories ---------------------------------------------------------- */

/*
 * The canonical identity of the repository that contains `dir`: its origin
 * URL normalised to host/path (no scheme, no credentials, no trailing .git,
 * lower-case host), else the absolute path of its work tree. Outside a
 * git repository: the absolute path of `dir` when `fallback_path`, else
 * returns 1 (not an error). Returns 0, 1, or -1 with a diagnostic.
 */
int store_repo_identity(struct sg_buf *out, const char *dir, bool fallback_path,
                        struct sg_diags *d);

/* Appends the identity of a remote URL: https://user@Host:443/owner/name.git
 * and git@host:owner/name.git both give host/owner/name; a local path or
 * file:// URL stays a path. */
void store_url_identity(struct sg_buf *out, const char *url);

/* The id of the repository with `identity`, created when new. */
int store_repo_id(struct store *s, int64_t *out, const char *identity, struct sg_diags *d);
/* The id of an existing repository, 0 in *out when there is none. */
int store_repo_find(struct store *s, int64_t *out, const char *identity, struct sg_diags *d);

/* ---- gate runs and the findings register ------------------------------------ */

struct store_gate_run {
    int64_t repo_id;
    const char *stage, *ref, *sha; /* each may be NULL */
    bool block;                    /* the decision */
    int64_t time;                  /* unix seconds; 0 for now */
    /* Tools whose reports this gate read, with or without findings: only
     * their absent findings become fixed. */
    const char *const *tools;
    size_t n_tools;
    /* The findings to register; those without a fingerprint are skipped. */
    const struct gate_finding *const *findings;
    size_t n_findings;
};

struct store_gate_result {
    int64_t gate_run_id;
    size_t added, seen, reopened, fixed; /* register transitions */
};

/*
 * Records one gate run and applies it to the register of its repository
 * (docs/findings.md), all in one transaction.
 */
int store_record_gate(struct store *s, struct store_gate_result *out,
                      const struct store_gate_run *run, struct sg_diags *d);

struct store_finding {
    int64_t id, repo_id;
    const char *repository; /* the repository's identity */
    const char *fingerprint, *tool, *kind, *rule, *severity;
    bool severity_unknown;
    const char *title, *message, *help_url;
    const char *path; /* NULL when the finding has no code location */
    int start_line, end_line;
    const char *package, *installed_version, *fixed_version, *ecosystem, *target;
    const char *advisories; /* comma-separated, NULL when none */
    int64_t first_seen, last_seen, first_gate_run, last_gate_run;
    enum store_status status;    /* as recorded */
    enum store_status effective; /* accepted-risk past its expiry counts as open */
    const char *reason, *expires, *triaged_by; /* expires: YYYY-MM-DD or NULL */
    int64_t triaged_at;
    int64_t fixed_at, fixed_gate_run; /* 0 unless fixed */
    int regressions;                  /* times it came back after being fixed */
};

struct store_finding_filter {
    int64_t repo_id; /* 0: every repository */
    /* Effective statuses to show, a mask of 1u << enum store_status;
     * 0 shows every status. */
    unsigned statuses;
    const char *severity; /* exact name, NULL for any */
    const char *tool;     /* exact name, NULL for any */
    const char *today;    /* YYYY-MM-DD for expiry; NULL for the local date */
};

struct store_finding_list {
    struct store_finding *items;
    size_t n;
};

/* The findings matching `f`, most severe first, then by id; in `a`. */
int store_findings_list(struct store *s, struct store_finding_list *out, struct sg_arena *a,
                        const struct store_finding_filter *f, struct sg_diags *d);

/*
 * One finding by numeric id, full fingerprint or a unique fingerprint
 * prefix (at least 4 hex digits), within `repo_id` (0: any repository).
 * A string of digits that is an existing id wins over a prefix. Returns 0,
 * or -1 with "no finding" or "ambiguous" (listing candidates) in `d`.
 */
int store_finding_get(struct store *s, struct store_finding *out, struct sg_arena *a,
                      int64_t repo_id, const char *ref, const char *today, struct sg_diags *d);

struct store_finding_event {
    int64_t time, gate_run_id; /* gate_run_id 0 for a triage */
    const char *event;         /* opened, seen, fixed, reopened, triaged */
    const char *status, *reason, *actor, *expires;
};

struct store_event_list {
    struct store_finding_event *items;
    size_t n;
};

/* The history of one finding, oldest first (no "seen" entries: last_seen
 * says that). */
int store_finding_events(struct store *s, struct store_event_list *out, struct sg_arena *a,
                         int64_t finding_id, struct sg_diags *d);

struct store_triage {
    enum store_status status; /* open, accepted-risk or false-positive */
    const char *reason;       /* required for accepted-risk and false-positive */
    const char *expires;      /* YYYY-MM-DD, accepted-risk only; NULL: never */
    const char *who;          /* NULL: unknown */
    int64_t time;             /* 0 for now */
};

/*
 * Sets a finding's triage status. Refuses (-1 with a diagnostic) a missing
 * reason, an expiry on anything but accepted-risk, a malformed date, and
 * triage of a fixed finding (it reopens by itself if it comes back).
 */
int store_finding_triage(struct store *s, int64_t finding_id, const struct store_triage *t,
                         struct sg_diags *d);

/* ---- workflow runs ---------------------------------------------------------- */

struct store_step {
    const char *id, *name, *outcome, *conclusion;
    int64_t duration_ms;
};

struct store_job {
    const char *id, *name;
    const char *matrix_json; /* the matrix values as JSON, NULL when none */
    const char *conclusion;  /* success|failure|cancelled|skipped */
    int64_t started, duration_ms;
    const struct store_step *steps;
    size_t n_steps;
};

struct store_run {
    int64_t repo_id;
    const char *workflow, *workflow_name; /* file, name: */
    const char *event, *ref, *sha, *conclusion;
    int64_t started, finished; /* unix seconds */
    const struct store_job *jobs;
    size_t n_jobs;
};

/* Records one workflow's run report (DESIGN.md section 4) with its jobs
 * and steps; *out gets the run id (out may be NULL). */
int store_record_run(struct store *s, int64_t *out, const struct store_run *r,
                     struct sg_diags *d);

/* ---- the gate's use of the register (store_gate.c) --------------------------- */

struct store_gate_session {
    struct store *store; /* NULL: this gate run is not recorded */
    int64_t repo;
    const char *identity, *ref, *sha; /* ref and sha of HEAD, NULL outside git */
    size_t triaged;                   /* findings store_gate_apply_triage marked */
};

/*
 * Opens the store for a gate run in `dir` (NULL: "."). Without a `spec`
 * the run is recorded only inside a git repository (in the default store);
 * with one, outside git too, under the folder's absolute path. Returns 0
 * with ss->store NULL when there is nothing to record, 0 with it open, or
 * -1 with a diagnostic. Close with store_gate_session_close.
 */
int store_gate_session_open(struct store_gate_session *ss, struct sg_arena *a, const char *spec,
                            const char *dir, struct sg_diags *d);
void store_gate_session_close(struct store_gate_session *ss);

/*
 * Marks the reports' findings that the register holds as false-positive
 * or as an unexpired accepted-risk as suppressed (this modifies the
 * findings), with a suppression_kind starting "triaged " that says which
 * triage and why, so the policy treats them like suppressions. Call before
 * gate_decide. Does nothing without a store.
 */
int store_gate_apply_triage(struct store_gate_session *ss, struct sg_arena *a,
                            const struct gate_report *const *reports, size_t n,
                            struct sg_diags *d);
/* True for a finding store_gate_apply_triage suppressed. */
bool store_gate_is_triaged(const struct gate_finding *f);

/*
 * Records the gate run: its findings (except those the tool or report
 * itself suppressed) and the tools its reports covered (every finding's
 * tool, and the format of a non-SARIF scanner report even when empty).
 * Does nothing (0, *out zeroed) without a store.
 */
int store_gate_record(struct store_gate_session *ss, struct store_gate_result *out,
                      const struct gate_report *const *reports, size_t n, const char *stage,
                      bool block, struct sg_diags *d);

/* ---- helpers ---------------------------------------------------------------- */

/* True when `s` is a valid calendar date written YYYY-MM-DD. */
bool store_date_valid(const char *s);
/* Today's local date as YYYY-MM-DD into buf[11]. */
void store_today(char buf[11]);

#endif
