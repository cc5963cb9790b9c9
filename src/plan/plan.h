/* SPDX-License-Identifier: MIT */
/*
 * The pure planning logic of a run: matrix expansion (GitHub's documented
 * product / exclude / include algorithm), default matrix job names, job
 * selection (-j) and ordering over the needs graph, and the facts a run
 * takes from the git repository: the `github` context, the event payload
 * and the files changed by the event (read with libgit2).
 *
 * Nothing here runs a step or evaluates an expression: the runner (src/exec
 * and `shipgate run`) evaluates strategy.matrix and hands the value in.
 * Everything returned lives in the arena the caller passes.
 */
#ifndef SG_PLAN_H
#define SG_PLAN_H

#include "base/base.h"
#include "expr/expr.h"
#include "workflow/workflow.h"

/* GitHub's cap on the jobs one matrix may generate. */
#define PLAN_MAX_MATRIX 256

/* ---- matrix ------------------------------------------------------------- */

/*
 * Expands an evaluated strategy.matrix object (from YAML or fromJSON) the
 * way GitHub documents it: the cartesian product of the vectors in key
 * order; then exclude (a combination is dropped when every key of an
 * exclude entry matches it; a partial entry drops every combination that
 * contains it); then include (each entry is merged into every combination
 * where it overwrites none of the ORIGINAL vector values, and may overwrite
 * values added by earlier includes; an entry merged into none becomes a new
 * combination).
 *
 * Filters compare leaf by leaf with the expression `==` (so 'Linux' matches
 * 'linux'), as GitHub's parser does. Keys of a combination come in vector
 * order, then the include extras in the order first added; an unmatched
 * include keeps its vector keys first, then its other keys.
 *
 * Returns 0 with *out an array of objects, or -1 with GitHub's message in
 * `err`: a matrix that is not an object ("Unexpected type ..."), "Matrix
 * vector 'x' does not contain any values", "Matrix must define at least one
 * vector", "Matrix exclude key 'x' does not match any key within the
 * matrix", empty include/exclude entries, more than PLAN_MAX_MATRIX
 * combinations. When exclude removes every combination and no include is
 * left the array is empty: GitHub then creates no job (the runner reports
 * the job as having nothing to run).
 */
int plan_expand_matrix(struct expr_value *out, struct sg_arena *a, const struct expr_value *matrix,
                       struct sg_buf *err);

/*
 * The same, also filling *names (an array of strings, one per combination)
 * with GitHub's display names for a job called `job_name`: GitHub names a
 * cross-product combination by its vector values only (include extras do
 * not show), an unmatched include by all its values. `job_id` words the
 * 256-combination error as GitHub does ("Strategy for job 'ID' produced
 * N configurations which exceeds the maximum of 256 configurations").
 */
int plan_expand_matrix_named(struct expr_value *out, struct expr_value *names, struct sg_arena *a,
                             const struct expr_value *matrix, const char *job_name,
                             const char *job_id, struct sg_buf *err);

/*
 * GitHub's default display name for a matrix job: "NAME (v1, v2)" with every
 * value of `combo` in order. GitHub flattens objects and arrays to their
 * scalar leaves and skips nulls and empty strings; names over 100
 * characters end in "...". Returns `name` copied when no value shows.
 * (plan_expand_matrix_named knows which values are include extras.)
 */
const char *plan_matrix_job_name(struct sg_arena *a, const char *name,
                                 const struct expr_value *combo);

/*
 * Converts a YAML value from the model to an expression value. Plain
 * scalars keep GitHub's typing (true/false, numbers, null typed); quoted and
 * block scalars are strings. Expressions inside are left as text.
 */
struct expr_value plan_value_from_yaml(struct sg_arena *a, const struct wf_value *v);

/* ---- job graph ---------------------------------------------------------- */

/*
 * Jobs to run for `-j ID`: that job and everything it needs, transitively.
 * `selected` has wf->njobs entries; `only_job` NULL selects every job.
 * Returns 0, or -1 when `only_job` names no job (selected untouched).
 */
int plan_select_jobs(bool *selected, const struct wf_workflow *wf, const char *only_job);

/*
 * A topological order of the selected jobs (Kahn's algorithm, file order
 * among ready jobs); needs on unselected or unknown jobs are ignored. The
 * model has already rejected cycles; jobs on one anyway are left out.
 * `order` has room for wf->njobs entries. Returns the count written.
 */
size_t plan_job_order(size_t *order, const struct wf_workflow *wf, const bool *selected);

/* ---- the repository ----------------------------------------------------- */

/*
 * Calls git_libgit2_init() / git_libgit2_shutdown(). The functions below
 * that use libgit2 call them themselves (libgit2 counts the calls), so
 * callers need these only to keep the library loaded across many calls.
 */
void plan_git_init(void);
void plan_git_shutdown(void);

/* The repository facts for the github context. Strings are never NULL. */
struct plan_repo_info {
    const char *root;       /* work tree, no trailing slash */
    const char *sha;        /* HEAD commit; 40 zeros in a repository without one */
    const char *ref;        /* refs/heads/main, refs/tags/v1; "" when detached */
    const char *ref_name;   /* main, v1; the short sha when detached */
    const char *ref_type;   /* "branch" or "tag" ("" when detached) */
    const char *repository; /* owner/name from the origin remote URL, else the folder name */
    const char *owner;      /* the part before '/', else the user */
    const char *actor;      /* user.name, else $USER, else "shipgate" */
    const char *before_sha; /* HEAD~1, or 40 zeros */
    const char *default_branch; /* origin/HEAD's branch, init.defaultBranch, else the current one */
};

/*
 * Reads the repository that contains `dir`. Returns 0, or -1 with a
 * diagnostic in `d` (not a git repository).
 */
int plan_repo_info(struct plan_repo_info *out, struct sg_arena *a, const char *dir,
                   struct sg_diags *d);

/*
 * The event payload. `payload_json` (the text of --eventpath, read by the
 * caller) is parsed and used as it is; `payload_file` names it in
 * diagnostics. With NULL a payload is synthesised from the repository:
 *   push: ref, before, after, created, deleted, forced, base_ref, compare,
 *     head_commit {id, tree_id, message, timestamp, url, author{name, email,
 *     username}, committer, added, removed, modified}, commits[],
 *     repository{...}, pusher{name, email}, sender{login};
 *   pull_request / pull_request_target: action "opened", number 1,
 *     pull_request{number, title, body, state, head{ref, sha, label, repo},
 *     base{ref, sha, label, repo}, user}, repository, sender;
 *   workflow_dispatch: inputs {}, ref, repository, sender;
 *   anything else: repository and sender.
 * Returns 0, or -1 with a diagnostic (JSON syntax error with line and
 * column, or a payload that is not an object).
 */
int plan_event_payload(struct expr_value *out, struct sg_arena *a,
                       const struct plan_repo_info *repo, const char *event_name,
                       const char *payload_json, const char *payload_file, struct sg_diags *d);

/*
 * Files changed between two commits (tree-to-tree diff; a rename counts both
 * paths), sorted and unique. A `before` of 40 zeros, NULL or "" compares
 * `after` with its first parent (or lists every file of a root commit).
 * *out NULL and *n 0 when unknown (`after` missing or not in the repository):
 * path filters then pass. Returns 0, or -1 with a diagnostic when `dir` is
 * not a repository.
 */
int plan_changed_files(const char ***out, size_t *n, struct sg_arena *a, const char *dir,
                       const char *before, const char *after, struct sg_diags *d);

/* ---- the github context ------------------------------------------------- */

struct plan_run_ids {
    const char *run_id, *run_number, *run_attempt;
};

/*
 * The `github` context object as GitHub documents it, with what makes sense
 * locally: event_name, event, sha, ref, ref_name, ref_type, ref_protected,
 * head_ref, base_ref, repository, repository_id, repository_owner,
 * repository_owner_id, repositoryUrl, actor, actor_id, triggering_actor,
 * workspace, run_id, run_number, run_attempt, server_url, api_url,
 * graphql_url, retention_days, secret_source, token (""), job, action,
 * action_path, action_ref, action_repository, action_status, path, env,
 * event_path, workflow, workflow_ref, workflow_sha, job_workflow_sha.
 * The runner fills the per-job and per-step keys (job, action, path, env,
 * event_path, workflow...) with expr_object_set. For pull requests sha, ref
 * and head_ref/base_ref come from the payload (refs/pull/N/merge).
 */
struct expr_value plan_github_context(struct sg_arena *a, const struct plan_repo_info *repo,
                                      const char *event_name, const struct expr_value *payload,
                                      const char *workspace, const struct plan_run_ids *ids);

#endif
