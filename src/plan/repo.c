/* SPDX-License-Identifier: MIT */
/*
 * What a run learns from the git repository, through libgit2: HEAD, its ref
 * and kind, the repository's owner/name from the origin remote, the actor,
 * the previous commit, the default branch, and the files changed between
 * two commits (for paths filters and push payloads). Errors opening the
 * repository are diagnostics; facts that cannot be read fall back to what
 * GitHub would show for an empty value.
 */
#include <git2.h>

#include "plan/plan_int.h"

void plan_git_init(void)
{
    git_libgit2_init();
}

void plan_git_shutdown(void)
{
    git_libgit2_shutdown();
}

int plan_open_repo(git_repository **out, const char *dir, struct sg_diags *d)
{
    plan_git_init();
    if (git_repository_open_ext(out, dir ? dir : ".", 0, NULL) != 0) {
        const git_error *e = git_error_last();
        sg_diag_add(d, SG_SEV_ERROR, dir ? dir : ".", 0, 0, "not a git repository: %s",
                    e && e->message ? e->message : "unknown error");
        *out = NULL;
        plan_git_shutdown();
        return -1;
    }
    return 0;
}

git_commit *plan_lookup_commit(git_repository *repo, const char *sha)
{
    git_oid oid;
    git_commit *c = NULL;

    if (!sha || strlen(sha) != GIT_OID_HEXSZ || strcmp(sha, PLAN_ZERO_SHA) == 0)
        return NULL;
    if (git_oid_fromstr(&oid, sha) != 0 || git_commit_lookup(&c, repo, &oid) != 0)
        return NULL;
    return c;
}

static const char *oid_str(struct sg_arena *a, const git_oid *oid)
{
    char hex[GIT_OID_HEXSZ + 1];

    git_oid_tostr(hex, sizeof(hex), oid);
    return sg_arena_strdup(a, hex);
}

static const char *config_string(struct sg_arena *a, git_repository *repo, const char *name)
{
    git_config *cfg = NULL;
    git_buf buf = {0};
    const char *res = NULL;

    if (git_repository_config(&cfg, repo) != 0)
        return NULL;
    if (git_config_get_string_buf(&buf, cfg, name) == 0 && buf.ptr && *buf.ptr)
        res = sg_arena_strdup(a, buf.ptr);
    git_buf_dispose(&buf);
    git_config_free(cfg);
    return res;
}

/* owner/name from a remote URL: https://host/o/n(.git), git@host:o/n.git,
 * ssh://git@host/o/n; NULL when it has no two path parts. */
static const char *slug_from_url(struct sg_arena *a, const char *url)
{
    const char *p = url, *end, *slash, *prev, *colon = strchr(url, ':');
    size_t len;

    if (strstr(p, "://"))
        p = strstr(p, "://") + 3;
    else if (colon && (!strchr(p, '/') || colon < strchr(p, '/')))
        p = colon + 1; /* scp-like git@host:owner/name */
    len = strlen(p);
    while (len > 0 && p[len - 1] == '/')
        len--;
    if (len > 4 && strncmp(p + len - 4, ".git", 4) == 0)
        len -= 4;
    end = p + len;
    slash = NULL;
    for (const char *q = p; q < end; q++)
        if (*q == '/')
            slash = q;
    if (!slash || slash + 1 >= end)
        return NULL;
    prev = slash;
    while (prev > p && prev[-1] != '/' && prev[-1] != ':')
        prev--;
    if (prev == slash)
        return NULL;
    return sg_arena_strndup(a, prev, (size_t)(end - prev));
}

static const char *repo_slug(struct sg_arena *a, git_repository *repo, const char *root)
{
    /* The config key, not git_remote_lookup(): libgit2 1.5's lookup leaks
     * PCRE match data on every call (its insteadOf handling). */
    const char *url = config_string(a, repo, "remote.origin.url");
    const char *slug = url ? slug_from_url(a, url) : NULL, *base;

    if (slug)
        return slug;
    base = strrchr(root, '/');
    return sg_arena_strdup(a, base && base[1] ? base + 1 : root);
}

static const char *default_branch(struct sg_arena *a, git_repository *repo, const char *current)
{
    git_reference *ref = NULL;
    const char *res = NULL;

    if (git_reference_lookup(&ref, repo, "refs/remotes/origin/HEAD") == 0) {
        const char *target = git_reference_symbolic_target(ref);
        if (target && sg_starts_with(target, "refs/remotes/origin/"))
            res = sg_arena_strdup(a, target + strlen("refs/remotes/origin/"));
        git_reference_free(ref);
    }
    /* Without a remote HEAD: the configured default, main or master when
     * such a branch exists here, else the branch we are on. */
    const char *candidates[] = {config_string(a, repo, "init.defaultBranch"), "main", "master"};
    for (size_t i = 0; !res && i < SG_ARRAY_SIZE(candidates); i++) {
        git_reference *branch = NULL;
        if (candidates[i] &&
            git_reference_lookup(&branch, repo, sg_arena_printf(a, "refs/heads/%s", candidates[i])) == 0) {
            res = candidates[i];
            git_reference_free(branch);
        }
    }
    if (!res && current && *current)
        res = current;
    return res ? res : "main";
}

/* A tag pointing at `oid` (peeled), for a detached HEAD checked out from one. */
static const char *tag_at(struct sg_arena *a, git_repository *repo, const git_oid *oid)
{
    git_reference_iterator *it = NULL;
    git_reference *ref;
    const char *res = NULL;

    if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") != 0)
        return NULL;
    while (!res && git_reference_next(&ref, it) == 0) {
        git_object *obj = NULL;
        if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
            if (git_oid_equal(git_object_id(obj), oid))
                res = sg_arena_strdup(a, git_reference_name(ref));
            git_object_free(obj);
        }
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    return res;
}

static void read_head(struct plan_repo_info *out, struct sg_arena *a, git_repository *repo)
{
    git_reference *head = NULL;
    git_commit *commit = NULL, *parent = NULL;
    const git_oid *oid;

    out->sha = PLAN_ZERO_SHA;
    out->before_sha = PLAN_ZERO_SHA;
    out->ref = "";
    out->ref_name = "";
    out->ref_type = "";
    if (git_repository_head(&head, repo) != 0) {
        /* An unborn branch still has a name: HEAD's symbolic target. */
        if (git_reference_lookup(&head, repo, "HEAD") == 0) {
            const char *t = git_reference_symbolic_target(head);
            if (t && sg_starts_with(t, "refs/heads/")) {
                out->ref = sg_arena_strdup(a, t);
                out->ref_name = sg_arena_strdup(a, t + strlen("refs/heads/"));
                out->ref_type = "branch";
            }
            git_reference_free(head);
        }
        return;
    }
    oid = git_reference_target(head);
    if (oid) {
        out->sha = oid_str(a, oid);
        if (git_commit_lookup(&commit, repo, oid) == 0 && git_commit_parent(&parent, commit, 0) == 0)
            out->before_sha = oid_str(a, git_commit_id(parent));
    }
    if (git_repository_head_detached(repo) == 0) {
        out->ref = sg_arena_strdup(a, git_reference_name(head));
        out->ref_name = sg_arena_strdup(a, git_reference_shorthand(head));
        out->ref_type = "branch";
    } else if (oid) {
        const char *tag = tag_at(a, repo, oid);
        if (tag) {
            out->ref = tag;
            out->ref_name = tag + strlen("refs/tags/");
            out->ref_type = "tag";
        } else {
            out->ref_name = sg_arena_strndup(a, out->sha, 7);
        }
    }
    git_commit_free(parent);
    git_commit_free(commit);
    git_reference_free(head);
}

int plan_repo_info(struct plan_repo_info *out, struct sg_arena *a, const char *dir,
                   struct sg_diags *d)
{
    git_repository *repo;
    const char *wd, *slash, *user;
    size_t len;

    memset(out, 0, sizeof(*out));
    if (plan_open_repo(&repo, dir, d))
        return -1;
    wd = git_repository_workdir(repo);
    if (!wd)
        wd = git_repository_path(repo);
    len = strlen(wd);
    while (len > 1 && wd[len - 1] == '/')
        len--;
    out->root = sg_arena_strndup(a, wd, len);
    read_head(out, a, repo);
    out->repository = repo_slug(a, repo, out->root);
    user = getenv("USER");
    out->actor = config_string(a, repo, "user.name");
    if (!out->actor)
        out->actor = sg_arena_strdup(a, user && *user ? user : "shipgate");
    slash = strchr(out->repository, '/');
    out->owner = slash ? sg_arena_strndup(a, out->repository, (size_t)(slash - out->repository))
                       : sg_arena_strdup(a, user && *user ? user : out->actor);
    out->default_branch =
        default_branch(a, repo, strcmp(out->ref_type, "branch") == 0 ? out->ref_name : NULL);
    git_repository_free(repo);
    plan_git_shutdown();
    return 0;
}

/* ---- diffs ---------------------------------------------------------------- */

struct path_sets {
    struct sg_arena *a;
    struct expr_value *added, *removed, *modified;
};

static int collect_delta(const git_diff_delta *delta, float progress, void *data)
{
    struct path_sets *s = data;
    struct sg_arena *a = s->a;

    (void)progress;
    switch (delta->status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_COPIED:
        expr_array_push(a, s->added, expr_cstring(a, delta->new_file.path));
        break;
    case GIT_DELTA_DELETED:
        expr_array_push(a, s->removed, expr_cstring(a, delta->old_file.path));
        break;
    case GIT_DELTA_RENAMED:
        expr_array_push(a, s->removed, expr_cstring(a, delta->old_file.path));
        expr_array_push(a, s->added, expr_cstring(a, delta->new_file.path));
        break;
    default:
        expr_array_push(a, s->modified, expr_cstring(a, delta->new_file.path));
        break;
    }
    return 0;
}

void plan_diff_lists(struct expr_value *added, struct expr_value *removed,
                     struct expr_value *modified, struct sg_arena *a, git_repository *repo,
                     git_commit *from, git_commit *to)
{
    git_tree *old_tree = NULL, *new_tree = NULL;
    git_diff *diff = NULL;
    git_diff_find_options find;
    struct path_sets s = {a, added, removed, modified};

    *added = expr_new_array(a);
    *removed = expr_new_array(a);
    *modified = expr_new_array(a);
    if (!to || git_commit_tree(&new_tree, to) != 0)
        return;
    if (from && git_commit_tree(&old_tree, from) != 0) {
        git_tree_free(new_tree);
        return;
    }
    if (git_diff_tree_to_tree(&diff, repo, old_tree, new_tree, NULL) == 0) {
        git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
        find.flags = GIT_DIFF_FIND_RENAMES;
        git_diff_find_similar(diff, &find);
        git_diff_foreach(diff, collect_delta, NULL, NULL, NULL, &s);
        git_diff_free(diff);
    }
    git_tree_free(old_tree);
    git_tree_free(new_tree);
}

static int cmp_str(const void *l, const void *r)
{
    return strcmp(*(const char *const *)l, *(const char *const *)r);
}

static void append_paths(const char **list, size_t *n, const struct expr_value *arr)
{
    for (size_t i = 0; i < arr->u.arr->n; i++)
        list[(*n)++] = arr->u.arr->items[i].u.str.s;
}

int plan_changed_files(const char ***out, size_t *n, struct sg_arena *a, const char *dir,
                       const char *before, const char *after, struct sg_diags *d)
{
    git_repository *repo;
    git_commit *from = NULL, *to;
    struct expr_value added, removed, modified;
    const char **list;
    size_t total, k = 0;

    *out = NULL;
    *n = 0;
    if (plan_open_repo(&repo, dir, d))
        return -1;
    to = plan_lookup_commit(repo, after);
    if (to) {
        from = plan_lookup_commit(repo, before);
        /* No usable before (a new branch, or a sha we don't have): what the
         * after commit itself changed. */
        if (!from && git_commit_parentcount(to) > 0)
            git_commit_parent(&from, to, 0);
        plan_diff_lists(&added, &removed, &modified, a, repo, from, to);
        total = added.u.arr->n + removed.u.arr->n + modified.u.arr->n;
        list = sg_arena_alloc(a, (total + 1) * sizeof(*list));
        append_paths(list, &k, &added);
        append_paths(list, &k, &removed);
        append_paths(list, &k, &modified);
        qsort(list, k, sizeof(*list), cmp_str);
        *n = 0;
        for (size_t i = 0; i < k; i++)
            if (*n == 0 || strcmp(list[*n - 1], list[i]) != 0)
                list[(*n)++] = list[i];
        *out = list;
    }
    git_commit_free(from);
    git_commit_free(to);
    git_repository_free(repo);
    plan_git_shutdown();
    return 0;
}
