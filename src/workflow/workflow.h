/* SPDX-License-Identifier: MIT */
/*
 * The workflow model: a GitHub Actions workflow file loaded into typed
 * structs where every node keeps its line and column, checked the way
 * GitHub checks it (keys, types, ids, needs graph, matrix, cron, filter
 * globs, expressions with the contexts GitHub allows per key), and the
 * trigger matcher that decides whether an event runs a workflow.
 *
 * Everything a workflow owns lives in the arena passed to wf_load(); the
 * model is read-only afterwards. Values that may hold `${{ }}` keep their
 * raw text and position: evaluating them is the runner's job (src/plan,
 * src/exec), not this module's.
 */
#ifndef SG_WORKFLOW_H
#define SG_WORKFLOW_H

#include "base/base.h"

/* Limits. GitHub's service caps a matrix at 256 jobs; the other numbers are
 * ours (GitHub refuses files over 1 MiB in practice, we accept larger ones
 * so generated workflows can be checked). */
#define WF_MAX_FILE_SIZE (16u << 20)
#define WF_MAX_DEPTH 256
#define WF_MAX_NODES 5000000u
#define WF_MAX_MATRIX 256

/* ---- generic YAML values ----------------------------------------------- */

enum wf_kind { WF_NULL, WF_BOOL, WF_NUMBER, WF_STRING, WF_SEQ, WF_MAP };

/* How a scalar was written; quoted and block scalars are always strings. */
enum wf_style { WF_STYLE_PLAIN, WF_STYLE_SINGLE, WF_STYLE_DOUBLE, WF_STYLE_BLOCK, WF_STYLE_FLOW };

struct wf_pair;
struct wf_strmap;

/*
 * One YAML node. Scalars keep their text (NUL-terminated, as written after
 * YAML unescaping) whatever their kind, so `1.10` stays "1.10" for the
 * runner; `b` and `num` hold the typed reading of plain scalars.
 */
struct wf_value {
    enum wf_kind kind;
    enum wf_style style;
    int line, col; /* 1-based */
    const char *s; /* scalars; "" for collections */
    size_t len;
    bool b;
    double num;
    size_t n;               /* items or pairs */
    struct wf_value *items; /* WF_SEQ */
    struct wf_pair *pairs;  /* WF_MAP, in file order */
};

struct wf_pair {
    struct wf_value key;
    struct wf_value value;
};

/* The value of `key` in a mapping (first match, case-sensitive), or NULL. */
const struct wf_value *wf_map_get(const struct wf_value *map, const char *key);
/* The same, with ASCII case folding (inputs, secrets: GitHub ignores case). */
const struct wf_value *wf_map_get_nocase(const struct wf_value *map, const char *key);
/* Whether a string scalar holds a `${{`. */
bool wf_value_has_expr(const struct wf_value *v);
bool wf_value_is_scalar(const struct wf_value *v);

/* A list of strings from either one string or a sequence of them. */
struct wf_strlist {
    const struct wf_value **items;
    size_t n;
    const struct wf_value *node; /* NULL when the key was absent */
};

/* ---- events (on:) ------------------------------------------------------ */

enum wf_input_type {
    WF_INPUT_STRING,
    WF_INPUT_BOOLEAN,
    WF_INPUT_NUMBER,
    WF_INPUT_CHOICE,
    WF_INPUT_ENVIRONMENT
};

struct wf_input {
    const struct wf_value *name;
    enum wf_input_type type;
    bool type_given;
    const struct wf_value *description;
    bool required;
    const struct wf_value *default_value; /* NULL when absent */
    struct wf_strlist options;            /* choice */
};

struct wf_call_output {
    const struct wf_value *name;
    const struct wf_value *description;
    const struct wf_value *value; /* expression over jobs.* */
};

struct wf_call_secret {
    const struct wf_value *name;
    const struct wf_value *description;
    bool required;
};

struct wf_cron_entry {
    const struct wf_value *cron;
    const struct wf_value *timezone;
};

struct wf_event {
    const char *name;           /* GitHub's event name: push, pull_request... */
    const struct wf_value *key; /* where it was named */
    const struct wf_value *node; /* its configuration; NULL for the string forms */
    struct wf_strlist types;
    struct wf_strlist branches, branches_ignore, tags, tags_ignore, paths, paths_ignore;
    struct wf_strlist workflows; /* workflow_run */
    struct wf_strlist names, versions; /* image_version */
    struct wf_cron_entry *crons; /* schedule */
    size_t ncrons;
    struct wf_input *inputs; /* workflow_dispatch, workflow_call */
    size_t ninputs;
    struct wf_call_output *outputs; /* workflow_call */
    size_t noutputs;
    struct wf_call_secret *secrets; /* workflow_call */
    size_t nsecrets;
};

/* ---- jobs and steps ---------------------------------------------------- */

struct wf_concurrency {
    const struct wf_value *node;  /* NULL when absent */
    const struct wf_value *group; /* the string form, or group: */
    const struct wf_value *cancel_in_progress;
};

struct wf_defaults_run {
    const struct wf_value *shell;
    const struct wf_value *working_directory;
};

struct wf_runs_on {
    const struct wf_value *node; /* NULL when absent */
    struct wf_strlist labels;    /* string, list, or labels: */
    const struct wf_value *group;
    const struct wf_value *expr; /* a whole `${{ }}` in place of the value */
};

struct wf_environment {
    const struct wf_value *node;
    const struct wf_value *name;
    const struct wf_value *url;
};

struct wf_container {
    const struct wf_value *id; /* service name; NULL for the job container */
    const struct wf_value *node;
    const struct wf_value *image;
    const struct wf_value *options;
    const struct wf_value *env;
    struct wf_strlist ports, volumes;
    const struct wf_value *credentials;
    const struct wf_value *entrypoint, *command; /* services */
};

struct wf_matrix {
    const struct wf_value *node; /* NULL when absent */
    const struct wf_value *expr; /* a whole `${{ }}` instead of a mapping */
    /* Vectors in file order (keys other than include/exclude). */
    const struct wf_pair **vectors;
    size_t nvectors;
    const struct wf_value *include, *exclude; /* sequences of mappings */
    /* Product of the vector lengths before include/exclude, capped. */
    size_t combinations;
};

struct wf_strategy {
    const struct wf_value *node;
    const struct wf_value *expr;
    struct wf_matrix matrix;
    const struct wf_value *fail_fast;
    const struct wf_value *max_parallel;
};

struct wf_step {
    const struct wf_value *node;
    size_t index;
    const struct wf_value *id, *name, *if_cond;
    const struct wf_value *uses;
    const struct wf_value *with; /* mapping (args, entrypoint live here too) */
    const struct wf_value *run, *shell, *working_directory;
    const struct wf_value *env;
    const struct wf_value *continue_on_error, *timeout_minutes;
};

struct wf_job {
    const struct wf_value *key; /* the job id as written */
    const char *id;
    const struct wf_value *node;
    const struct wf_value *name;
    struct wf_strlist needs;
    size_t *need_index; /* index in wf_workflow.jobs per needs item; SIZE_MAX if unknown */
    const struct wf_value *if_cond;
    struct wf_runs_on runs_on;
    struct wf_environment environment;
    struct wf_concurrency concurrency;
    const struct wf_value *outputs, *env;
    struct wf_defaults_run defaults;
    const struct wf_value *timeout_minutes, *cancel_timeout_minutes;
    struct wf_strategy strategy;
    const struct wf_value *continue_on_error;
    struct wf_container container;
    struct wf_container *services;
    size_t nservices;
    const struct wf_value *permissions;
    /* Reusable workflow call. */
    const struct wf_value *uses, *with;
    const struct wf_value *secrets; /* mapping, or the string "inherit" */
    bool secrets_inherit;
    struct wf_step *steps;
    size_t nsteps;
};

struct wf_workflow {
    const char *file;
    const struct wf_value *root;
    const struct wf_value *name, *run_name;
    const struct wf_value *on; /* the raw on: node */
    struct wf_event *events;
    size_t nevents;
    const struct wf_value *permissions; /* string shorthand or mapping */
    const struct wf_value *env;
    struct wf_defaults_run defaults;
    struct wf_concurrency concurrency;
    struct wf_job *jobs; /* file order */
    size_t njobs;
    struct wf_strmap *job_index; /* private: id -> index, for wf_find_job */
};

/* The event of that name, or NULL. */
const struct wf_event *wf_find_event(const struct wf_workflow *wf, const char *name);
/* The job with that id, or NULL (hashed; O(1)). */
const struct wf_job *wf_find_job(const struct wf_workflow *wf, const char *id);

/* ---- loading ----------------------------------------------------------- */

/*
 * Parses YAML text into generic values. Returns the root, or NULL when the
 * text is not YAML at all (syntax error, empty, over the limits) with the
 * problem in `d` at its line and column. Duplicate keys are reported and
 * the first one kept.
 */
const struct wf_value *wf_yaml_parse(struct sg_arena *a, struct sg_diags *d, const char *file,
                                     const char *text, size_t len);

/*
 * Loads and validates a workflow. `file` names it in diagnostics. Returns
 * the model (allocated in `a`) even when validation found errors, so lint
 * can report everything; NULL only when the text is not YAML (then `d` says
 * why). Every problem lands in `d`; d->errors counts them.
 */
struct wf_workflow *wf_load(struct sg_arena *a, struct sg_diags *d, const char *file,
                            const char *text, size_t len);

/* Load + validate from a buffer and throw the model away: for benchmarks.
 * Returns the number of errors, or -1 when the text is not YAML. */
int wf_check_buffer(const char *file, const char *text, size_t len);

/* ---- reusable workflow calls ------------------------------------------ */

/* Whether the job calls a workflow of the same repository (`uses: ./...`). */
bool wf_job_calls_local_workflow(const struct wf_job *job);

/* The repository root for a workflow file: the nearest folder above it with
 * a .git, else the folder holding .github/workflows/, else ".". In `a`. */
const char *wf_find_repo_root(struct sg_arena *a, const char *file);

/* Loads the workflow a job calls (`uses: ./path`, relative to repo_root).
 * Returns NULL with an error in `d` when it cannot be read or is not YAML;
 * a file with validation errors is returned too, with one error in `d`. */
struct wf_workflow *wf_load_called_workflow(struct sg_arena *a, struct sg_diags *d,
                                            const char *repo_root, const struct wf_job *job);

/* Checks every local reusable-workflow call of `wf` against the called
 * file, as GitHub does: workflow_call declared, required inputs and
 * secrets given (unless `secrets: inherit`), nothing undeclared passed. */
void wf_check_calls(struct sg_arena *a, struct sg_diags *d, const struct wf_workflow *wf,
                    const char *repo_root);

/* ---- triggers ----------------------------------------------------------- */

/*
 * An event as the trigger matcher sees it. `ref` is a full ref
 * (refs/heads/main, refs/tags/v1.2.3); for pull requests it is the base
 * branch. `paths` NULL means the changed files are unknown (path filters
 * then pass, as GitHub does when it cannot compute a diff).
 */
struct wf_trigger_event {
    const char *name;   /* push, pull_request, workflow_dispatch, schedule... */
    const char *ref;    /* NULL when the event has none */
    const char *action; /* activity type; NULL when none */
    const char *const *paths;
    size_t npaths;
    const char *workflow; /* workflow_run: name of the triggering workflow */
    const char *cron;     /* schedule: the cron line that fired; NULL for any */
};

/* Whether `ev` starts `wf` under GitHub's rules for on: filters. */
bool wf_trigger_matches(const struct wf_workflow *wf, const struct wf_trigger_event *ev);

/* The activity types GitHub assumes when `types` is absent (pull_request:
 * opened, synchronize, reopened); NULL means every type. */
const char *const *wf_default_types(const char *event);

#endif
