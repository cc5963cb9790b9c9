/* SPDX-License-Identifier: MIT */
/*
 * The event payload of a run (the --eventpath JSON, or one synthesised from
 * the repository the way GitHub's webhooks shape it) and the `github`
 * context built from the repository facts and that payload. Values the
 * local run cannot know (ids, URLs of a server) get GitHub's shape with
 * neutral contents, so expressions that read them still evaluate.
 */
#include <time.h>

#include <git2.h>

#include "plan/plan_int.h"

#define PLAN_SERVER_URL "https://github.com"
#define PLAN_MAX_PUSH_COMMITS 20 /* GitHub's push payload lists at most 20 */

static void set_str(struct sg_arena *a, struct expr_value *obj, const char *key, const char *s)
{
    expr_object_set(a, obj, key, expr_cstring(a, s ? s : ""));
}

static const char *str_field(const struct expr_value *obj, const char *key)
{
    const struct expr_value *v = obj && obj->kind == EXPR_OBJECT ? expr_object_get(obj, key) : NULL;

    return v && v->kind == EXPR_STRING ? v->u.str.s : NULL;
}

static const struct expr_value *obj_field(const struct expr_value *obj, const char *key)
{
    const struct expr_value *v = obj && obj->kind == EXPR_OBJECT ? expr_object_get(obj, key) : NULL;

    return v && v->kind == EXPR_OBJECT ? v : NULL;
}

/* ---- shared payload parts ------------------------------------------------ */

static struct expr_value user_object(struct sg_arena *a, const char *login)
{
    struct expr_value u = expr_new_object(a);

    set_str(a, &u, "login", login);
    set_str(a, &u, "type", "User");
    return u;
}

static struct expr_value repository_object(struct sg_arena *a, const struct plan_repo_info *r)
{
    struct expr_value repo = expr_new_object(a), owner = expr_new_object(a);
    const char *slash = strchr(r->repository, '/');

    set_str(a, &owner, "login", r->owner);
    set_str(a, &owner, "name", r->owner);
    expr_object_set(a, &repo, "name", expr_cstring(a, slash ? slash + 1 : r->repository));
    set_str(a, &repo, "full_name", r->repository);
    expr_object_set(a, &repo, "owner", owner);
    set_str(a, &repo, "default_branch", r->default_branch);
    set_str(a, &repo, "master_branch", r->default_branch);
    expr_object_set(a, &repo, "html_url",
                    expr_cstring(a, sg_arena_printf(a, PLAN_SERVER_URL "/%s", r->repository)));
    expr_object_set(a, &repo, "clone_url",
                    expr_cstring(a, sg_arena_printf(a, PLAN_SERVER_URL "/%s.git", r->repository)));
    expr_object_set(a, &repo, "private", expr_bool(false));
    expr_object_set(a, &repo, "fork", expr_bool(false));
    expr_object_set(a, &repo, "archived", expr_bool(false));
    return repo;
}

/* ISO 8601 with the signature's own offset, as GitHub prints commit times. */
static const char *git_time_iso(struct sg_arena *a, const git_time *t)
{
    time_t local = (time_t)(t->time + (git_time_t)t->offset * 60);
    struct tm tm;
    int off = t->offset < 0 ? -t->offset : t->offset;

    gmtime_r(&local, &tm);
    return sg_arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
                           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                           t->offset < 0 ? '-' : '+', off / 60, off % 60);
}

static struct expr_value person(struct sg_arena *a, const git_signature *sig)
{
    struct expr_value p = expr_new_object(a);

    set_str(a, &p, "name", sig ? sig->name : "");
    set_str(a, &p, "email", sig ? sig->email : "");
    /* GitHub fills username from the account matched by email; locally the
     * name is the closest stand-in. */
    set_str(a, &p, "username", sig ? sig->name : "");
    if (sig)
        set_str(a, &p, "date", git_time_iso(a, &sig->when));
    return p;
}

static struct expr_value commit_object(struct sg_arena *a, git_repository *repo,
                                       const struct plan_repo_info *r, git_commit *c)
{
    struct expr_value o = expr_new_object(a), added, removed, modified;
    char hex[GIT_OID_HEXSZ + 1];
    git_commit *parent = NULL;
    const char *msg = git_commit_message(c);

    git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
    set_str(a, &o, "id", hex);
    git_oid_tostr(hex, sizeof(hex), git_commit_tree_id(c));
    set_str(a, &o, "tree_id", hex);
    expr_object_set(a, &o, "distinct", expr_bool(true));
    set_str(a, &o, "message", msg);
    set_str(a, &o, "timestamp", git_time_iso(a, &git_commit_committer(c)->when));
    expr_object_set(a, &o, "url",
                    expr_cstring(a, sg_arena_printf(a, PLAN_SERVER_URL "/%s/commit/%s",
                                                    r->repository, str_field(&o, "id"))));
    expr_object_set(a, &o, "author", person(a, git_commit_author(c)));
    expr_object_set(a, &o, "committer", person(a, git_commit_committer(c)));
    if (git_commit_parentcount(c) > 0)
        git_commit_parent(&parent, c, 0);
    plan_diff_lists(&added, &removed, &modified, a, repo, parent, c);
    git_commit_free(parent);
    expr_object_set(a, &o, "added", added);
    expr_object_set(a, &o, "removed", removed);
    expr_object_set(a, &o, "modified", modified);
    return o;
}

/* Commits after `before` up to `after`, oldest first, at most 20 (the
 * newest), as a push payload lists them. */
static struct expr_value push_commits(struct sg_arena *a, git_repository *repo,
                                      const struct plan_repo_info *r, git_commit *after,
                                      git_commit *before)
{
    struct expr_value list = expr_new_array(a);
    git_revwalk *walk = NULL;
    git_oid oids[PLAN_MAX_PUSH_COMMITS], oid;
    size_t n = 0;

    if (!after)
        return list;
    if (!before) {
        expr_array_push(a, &list, commit_object(a, repo, r, after));
        return list;
    }
    if (git_revwalk_new(&walk, repo) != 0)
        return list;
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    git_revwalk_push(walk, git_commit_id(after));
    git_revwalk_hide(walk, git_commit_id(before));
    while (n < PLAN_MAX_PUSH_COMMITS && git_revwalk_next(&oid, walk) == 0)
        oids[n++] = oid;
    git_revwalk_free(walk);
    while (n-- > 0) {
        git_commit *c = NULL;
        if (git_commit_lookup(&c, repo, &oids[n]) == 0) {
            expr_array_push(a, &list, commit_object(a, repo, r, c));
            git_commit_free(c);
        }
    }
    return list;
}

/* ---- synthesised payloads ------------------------------------------------ */

static void add_common(struct sg_arena *a, struct expr_value *ev, const struct plan_repo_info *r)
{
    expr_object_set(a, ev, "repository", repository_object(a, r));
    expr_object_set(a, ev, "sender", user_object(a, r->actor));
}

static struct expr_value push_payload(struct sg_arena *a, git_repository *repo,
                                      const struct plan_repo_info *r)
{
    struct expr_value ev = expr_new_object(a), pusher = expr_new_object(a), commits;
    git_commit *after = plan_lookup_commit(repo, r->sha);
    git_commit *before = plan_lookup_commit(repo, r->before_sha);
    bool is_new = strcmp(r->before_sha, PLAN_ZERO_SHA) == 0;

    set_str(a, &ev, "ref", r->ref);
    set_str(a, &ev, "before", r->before_sha);
    set_str(a, &ev, "after", r->sha);
    expr_object_set(a, &ev, "created", expr_bool(is_new));
    expr_object_set(a, &ev, "deleted", expr_bool(false));
    expr_object_set(a, &ev, "forced", expr_bool(false));
    expr_object_set(a, &ev, "base_ref", expr_null());
    expr_object_set(a, &ev, "compare",
                    expr_cstring(a, sg_arena_printf(a, PLAN_SERVER_URL "/%s/compare/%.12s...%.12s",
                                                    r->repository, r->before_sha, r->sha)));
    commits = push_commits(a, repo, r, after, before);
    expr_object_set(a, &ev, "commits", commits);
    if (commits.u.arr->n > 0)
        expr_object_set(a, &ev, "head_commit", commits.u.arr->items[commits.u.arr->n - 1]);
    else
        expr_object_set(a, &ev, "head_commit", expr_null());
    set_str(a, &pusher, "name", r->actor);
    if (after)
        set_str(a, &pusher, "email", git_commit_author(after)->email);
    expr_object_set(a, &ev, "pusher", pusher);
    add_common(a, &ev, r);
    git_commit_free(after);
    git_commit_free(before);
    return ev;
}

static const char *branch_sha(struct sg_arena *a, git_repository *repo, const char *branch)
{
    const char *names[] = {"refs/heads/%s", "refs/remotes/origin/%s"};
    git_oid oid;
    char hex[GIT_OID_HEXSZ + 1];

    for (size_t i = 0; i < SG_ARRAY_SIZE(names); i++) {
        if (git_reference_name_to_id(&oid, repo, sg_arena_printf(a, names[i], branch)) == 0) {
            git_oid_tostr(hex, sizeof(hex), &oid);
            return sg_arena_strdup(a, hex);
        }
    }
    return NULL;
}

static struct expr_value pr_side(struct sg_arena *a, const struct plan_repo_info *r,
                                 const char *ref, const char *sha)
{
    struct expr_value side = expr_new_object(a);

    set_str(a, &side, "ref", ref);
    set_str(a, &side, "sha", sha);
    expr_object_set(a, &side, "label", expr_cstring(a, sg_arena_printf(a, "%s:%s", r->owner, ref)));
    expr_object_set(a, &side, "repo", repository_object(a, r));
    expr_object_set(a, &side, "user", user_object(a, r->owner));
    return side;
}

static struct expr_value pull_request_payload(struct sg_arena *a, git_repository *repo,
                                              const struct plan_repo_info *r)
{
    struct expr_value ev = expr_new_object(a), pr = expr_new_object(a);
    git_commit *head = plan_lookup_commit(repo, r->sha);
    const char *head_ref = *r->ref_name ? r->ref_name : r->sha;
    const char *base_sha = branch_sha(a, repo, r->default_branch);
    const char *title = "";

    if (!base_sha || strcmp(r->default_branch, head_ref) == 0)
        base_sha = r->before_sha;
    if (head) {
        title = git_commit_summary(head);
        title = sg_arena_strdup(a, title ? title : "");
    }
    set_str(a, &ev, "action", "opened");
    expr_object_set(a, &ev, "number", expr_number(1));
    expr_object_set(a, &pr, "number", expr_number(1));
    set_str(a, &pr, "state", "open");
    set_str(a, &pr, "title", title);
    set_str(a, &pr, "body", head ? git_commit_body(head) : "");
    expr_object_set(a, &pr, "draft", expr_bool(false));
    expr_object_set(a, &pr, "merged", expr_bool(false));
    expr_object_set(a, &pr, "user", user_object(a, r->actor));
    expr_object_set(a, &pr, "labels", expr_new_array(a));
    expr_object_set(a, &pr, "head", pr_side(a, r, head_ref, r->sha));
    expr_object_set(a, &pr, "base", pr_side(a, r, r->default_branch, base_sha));
    expr_object_set(a, &pr, "html_url",
                    expr_cstring(a, sg_arena_printf(a, PLAN_SERVER_URL "/%s/pull/1", r->repository)));
    expr_object_set(a, &ev, "pull_request", pr);
    add_common(a, &ev, r);
    git_commit_free(head);
    return ev;
}

static struct expr_value synthesise(struct sg_arena *a, git_repository *repo,
                                    const struct plan_repo_info *r, const char *event)
{
    struct expr_value ev;

    if (strcmp(event, "push") == 0)
        return push_payload(a, repo, r);
    if (strcmp(event, "pull_request") == 0 || strcmp(event, "pull_request_target") == 0)
        return pull_request_payload(a, repo, r);
    ev = expr_new_object(a);
    if (strcmp(event, "workflow_dispatch") == 0) {
        expr_object_set(a, &ev, "inputs", expr_new_object(a));
        set_str(a, &ev, "ref", r->ref);
    }
    add_common(a, &ev, r);
    return ev;
}

int plan_event_payload(struct expr_value *out, struct sg_arena *a,
                       const struct plan_repo_info *repo, const char *event_name,
                       const char *payload_json, const char *payload_file, struct sg_diags *d)
{
    git_repository *git = NULL;

    if (payload_json) {
        json_error_t jerr;
        json_t *j = json_loads(payload_json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        const char *file = payload_file ? payload_file : "event payload";
        if (!j) {
            sg_diag_add(d, SG_SEV_ERROR, file, jerr.line > 0 ? jerr.line : 0,
                        jerr.column > 0 ? jerr.column : 0, "invalid JSON in event payload: %s",
                        jerr.text);
            return -1;
        }
        if (!json_is_object(j)) {
            sg_diag_add(d, SG_SEV_ERROR, file, 1, 1, "expected a JSON object for the event payload");
            json_decref(j);
            return -1;
        }
        *out = expr_from_json(a, j);
        json_decref(j);
        return 0;
    }
    if (plan_open_repo(&git, repo->root, d))
        return -1;
    *out = synthesise(a, git, repo, event_name ? event_name : "push");
    git_repository_free(git);
    plan_git_shutdown();
    return 0;
}

/* ---- the github context --------------------------------------------------- */

struct ref_facts {
    const char *sha, *ref, *ref_name, *ref_type, *head_ref, *base_ref;
};

static const char *ref_short(const char *ref)
{
    if (sg_starts_with(ref, "refs/heads/"))
        return ref + strlen("refs/heads/");
    if (sg_starts_with(ref, "refs/tags/"))
        return ref + strlen("refs/tags/");
    if (sg_starts_with(ref, "refs/"))
        return ref + strlen("refs/");
    return ref;
}

/* GitHub takes sha and ref from the event: a pull request runs on
 * refs/pull/N/merge with head_ref/base_ref set; a push names its ref and
 * after; other events run on the repository's current ref. */
static void ref_facts(struct ref_facts *f, struct sg_arena *a, const struct plan_repo_info *repo,
                      const char *event, const struct expr_value *payload)
{
    const struct expr_value *pr = obj_field(payload, "pull_request");
    const char *s;

    f->sha = repo->sha;
    f->ref = repo->ref;
    f->ref_name = repo->ref_name;
    f->ref_type = repo->ref_type;
    f->head_ref = "";
    f->base_ref = "";
    if (pr && sg_starts_with(event, "pull_request")) {
        const struct expr_value *num = payload ? expr_object_get(payload, "number") : NULL;
        f->head_ref = str_field(obj_field(pr, "head"), "ref");
        f->base_ref = str_field(obj_field(pr, "base"), "ref");
        f->head_ref = f->head_ref ? f->head_ref : "";
        f->base_ref = f->base_ref ? f->base_ref : "";
        if (strcmp(event, "pull_request_target") == 0 && *f->base_ref) {
            f->ref = sg_arena_printf(a, "refs/heads/%s", f->base_ref);
            f->ref_name = f->base_ref;
        } else if (num && num->kind == EXPR_NUMBER) {
            f->ref = sg_arena_printf(a, "refs/pull/%.0f/merge", num->u.num);
            f->ref_name = f->ref + strlen("refs/pull/");
        }
        f->ref_type = "branch";
        return;
    }
    if ((s = str_field(payload, "ref")) && *s) {
        /* A create/delete event names a short ref plus ref_type. */
        if (!sg_starts_with(s, "refs/")) {
            const char *type = str_field(payload, "ref_type");
            s = sg_arena_printf(a, "refs/%s/%s", type && strcmp(type, "tag") == 0 ? "tags" : "heads", s);
        }
        f->ref = s;
        f->ref_name = ref_short(s);
        f->ref_type = sg_starts_with(s, "refs/tags/") ? "tag" : "branch";
    }
    if (strcmp(event, "push") == 0 && (s = str_field(payload, "after")) && strlen(s) == 40 &&
        strcmp(s, PLAN_ZERO_SHA) != 0)
        f->sha = s;
}

struct expr_value plan_github_context(struct sg_arena *a, const struct plan_repo_info *repo,
                                      const char *event_name, const struct expr_value *payload,
                                      const char *workspace, const struct plan_run_ids *ids)
{
    struct expr_value g = expr_new_object(a);
    struct ref_facts f;
    const char *event = event_name ? event_name : "push";

    ref_facts(&f, a, repo, event, payload);
    set_str(a, &g, "event_name", event);
    expr_object_set(a, &g, "event", payload ? *payload : expr_new_object(a));
    set_str(a, &g, "sha", f.sha);
    set_str(a, &g, "ref", f.ref);
    set_str(a, &g, "ref_name", f.ref_name);
    set_str(a, &g, "ref_type", f.ref_type);
    expr_object_set(a, &g, "ref_protected", expr_bool(false));
    set_str(a, &g, "head_ref", f.head_ref);
    set_str(a, &g, "base_ref", f.base_ref);
    set_str(a, &g, "repository", repo->repository);
    set_str(a, &g, "repository_id", "0");
    set_str(a, &g, "repository_owner", repo->owner);
    set_str(a, &g, "repository_owner_id", "0");
    set_str(a, &g, "repositoryUrl", sg_arena_printf(a, "git://github.com/%s.git", repo->repository));
    set_str(a, &g, "actor", repo->actor);
    set_str(a, &g, "actor_id", "0");
    set_str(a, &g, "triggering_actor", repo->actor);
    set_str(a, &g, "workspace", workspace ? workspace : repo->root);
    set_str(a, &g, "run_id", ids && ids->run_id ? ids->run_id : "1");
    set_str(a, &g, "run_number", ids && ids->run_number ? ids->run_number : "1");
    set_str(a, &g, "run_attempt", ids && ids->run_attempt ? ids->run_attempt : "1");
    set_str(a, &g, "retention_days", "0");
    set_str(a, &g, "server_url", PLAN_SERVER_URL);
    set_str(a, &g, "api_url", "https://api.github.com");
    set_str(a, &g, "graphql_url", "https://api.github.com/graphql");
    set_str(a, &g, "secret_source", "None");
    /* No token exists locally; an empty one makes actions that need it fail
     * clearly instead of sending a fake credential. */
    set_str(a, &g, "token", "");
    /* Per-job and per-step keys: the runner overwrites these. */
    static const char *const per_run[] = {"job", "action", "action_path", "action_ref",
                                          "action_repository", "action_status", "path", "env",
                                          "event_path", "output", "state", "step_summary",
                                          "workflow", "workflow_ref", "workflow_sha",
                                          "job_workflow_sha"};
    for (size_t i = 0; i < SG_ARRAY_SIZE(per_run); i++)
        set_str(a, &g, per_run[i], "");
    set_str(a, &g, "workflow_sha", f.sha);
    return g;
}
