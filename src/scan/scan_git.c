/* SPDX-License-Identifier: MIT */
/*
 * History scans (--git): walks the commits of a range oldest first and the
 * tree of each, skipping every tree and blob already seen, so each distinct
 * blob is scanned once and its findings are attributed to the first commit
 * (in topological order) whose tree holds it. Corrupt objects become
 * warnings; the walk goes on.
 */
#include <git2.h>
#include <time.h>

#include "scan_int.h"

/* An open-addressing set of object ids. */
struct oid_set {
    git_oid *slots;
    unsigned char *used;
    size_t cap, n;
};

static size_t oid_hash(const git_oid *id)
{
    size_t h;
    memcpy(&h, id->id, sizeof(h));
    return h;
}

static void oid_set_grow(struct oid_set *s);

/* True when `id` was not in the set (it is now). */
static bool oid_set_add(struct oid_set *s, const git_oid *id)
{
    size_t i;
    if ((s->n + 1) * 2 > s->cap)
        oid_set_grow(s);
    for (i = oid_hash(id) & (s->cap - 1); s->used[i]; i = (i + 1) & (s->cap - 1))
        if (git_oid_equal(&s->slots[i], id))
            return false;
    s->used[i] = 1;
    git_oid_cpy(&s->slots[i], id);
    s->n++;
    return true;
}

static void oid_set_grow(struct oid_set *s)
{
    struct oid_set bigger = {NULL, NULL, s->cap ? s->cap * 2 : 1024, 0};
    size_t i;
    bigger.slots = sg_xcalloc(bigger.cap, sizeof(git_oid));
    bigger.used = sg_xcalloc(bigger.cap, 1);
    for (i = 0; i < s->cap; i++)
        if (s->used[i])
            oid_set_add(&bigger, &s->slots[i]);
    free(s->slots);
    free(s->used);
    *s = bigger;
}

struct git_scan {
    const struct scan_db *db;
    git_repository *repo;
    struct scan_worker *w;
    struct oid_set seen;
    struct scan_findings *out;
    struct sg_diags *d;
    git_commit *commit; /* being walked */
    char commit_hex[GIT_OID_HEXSZ + 1];
    char *author, *date;
};

static void warn_git(struct git_scan *g, const char *what, const char *path)
{
    const git_error *e = git_error_last();
    sg_diag_add(g->d, SG_SEV_WARNING, path, 0, 0, "%s in commit %.12s: %s", what, g->commit_hex,
                e && e->message ? e->message : "unknown error");
}

static void attribute(struct git_scan *g, size_t from)
{
    size_t i;
    for (i = from; i < g->out->n; i++) {
        g->out->items[i].commit = sg_xstrdup(g->commit_hex);
        g->out->items[i].author = sg_xstrdup(g->author);
        g->out->items[i].date = sg_xstrdup(g->date);
    }
}

static void scan_blob(struct git_scan *g, const git_oid *id, const char *path)
{
    git_blob *blob;
    const char *data;
    size_t size, before = g->out->n;
    if (git_blob_lookup(&blob, g->repo, id) != 0) {
        warn_git(g, "cannot read blob", path);
        return;
    }
    data = git_blob_rawcontent(blob);
    size = (size_t)git_blob_rawsize(blob);
    if (!scan_is_binary(data, size) && scan_buffer(g->w, path, data, size, g->out) < 0)
        warn_git(g, "cannot scan blob", path);
    attribute(g, before);
    git_blob_free(blob);
}

static int on_tree_entry(const char *root, const git_tree_entry *e, void *payload)
{
    struct git_scan *g = payload;
    const git_oid *id = git_tree_entry_id(e);
    git_object_t type = git_tree_entry_type(e);
    char *path;
    if (type == GIT_OBJECT_TREE)
        return oid_set_add(&g->seen, id) ? 0 : 1; /* 1: skip a tree seen before */
    if (type != GIT_OBJECT_BLOB || git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
        return 0;
    path = sg_xmalloc(strlen(root) + strlen(git_tree_entry_name(e)) + 1);
    memcpy(path, root, strlen(root));
    memcpy(path + strlen(root), git_tree_entry_name(e), strlen(git_tree_entry_name(e)) + 1);
    if (scan_db_path_wanted(g->db, path) && oid_set_add(&g->seen, id))
        scan_blob(g, id, path);
    free(path);
    return 0;
}

static void describe_commit(struct git_scan *g, git_commit *c)
{
    const git_signature *a = git_commit_author(c);
    char buf[64];
    time_t t;
    struct tm tm;
    git_oid_tostr(g->commit_hex, sizeof(g->commit_hex), git_commit_id(c));
    free(g->author);
    free(g->date);
    g->author = sg_xstrdup(a && a->name ? a->name : "");
    t = a ? (time_t)a->when.time : 0;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    g->date = sg_xstrdup(buf);
}

static void scan_commit(struct git_scan *g, const git_oid *id)
{
    git_commit *c;
    git_tree *tree;
    if (git_commit_lookup(&c, g->repo, id) != 0) {
        git_oid_tostr(g->commit_hex, sizeof(g->commit_hex), id);
        warn_git(g, "cannot read commit", NULL);
        return;
    }
    describe_commit(g, c);
    if (git_commit_tree(&tree, c) != 0) {
        warn_git(g, "cannot read tree", NULL);
    } else {
        if (oid_set_add(&g->seen, git_tree_id(tree)) &&
            git_tree_walk(tree, GIT_TREEWALK_PRE, on_tree_entry, g) != 0)
            warn_git(g, "cannot walk tree", NULL);
        git_tree_free(tree);
    }
    git_commit_free(c);
}

static int push_range(git_revwalk *walk, const char *range)
{
    if (!range)
        return git_revwalk_push_glob(walk, "refs/*") == 0 || git_revwalk_push_head(walk) == 0 ? 0 : -1;
    if (strstr(range, ".."))
        return git_revwalk_push_range(walk, range);
    return git_revwalk_push_ref(walk, range) == 0 ? 0 : -1;
}

static int push_rev(git_repository *repo, git_revwalk *walk, const char *range)
{
    git_object *obj;
    int rc;
    if (!range || strstr(range, ".."))
        return push_range(walk, range);
    if (git_revparse_single(&obj, repo, range) != 0)
        return -1;
    rc = git_revwalk_push(walk, git_object_id(obj));
    git_object_free(obj);
    return rc;
}

int scan_git(const struct scan_db *db, const char *repo_path, const char *range,
             struct scan_findings *out, struct sg_diags *d)
{
    struct git_scan g;
    git_revwalk *walk = NULL;
    git_oid id;
    int rc = 0, err;

    memset(&g, 0, sizeof(g));
    g.db = db;
    g.out = out;
    g.d = d;
    git_libgit2_init();
    if (git_repository_open_ext(&g.repo, repo_path, 0, NULL) != 0) {
        const git_error *e = git_error_last();
        sg_diag_add(d, SG_SEV_ERROR, repo_path, 0, 0, "not a git repository: %s",
                    e && e->message ? e->message : "cannot open");
        git_libgit2_shutdown();
        return -1;
    }
    if (git_revwalk_new(&walk, g.repo) != 0 ||
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) != 0 ||
        push_rev(g.repo, walk, range) != 0) {
        const git_error *e = git_error_last();
        sg_diag_add(d, SG_SEV_ERROR, repo_path, 0, 0, "cannot walk '%s': %s", range ? range : "all refs",
                    e && e->message ? e->message : "no such revision");
        rc = -1;
        goto done;
    }
    g.w = scan_worker_new(db);
    while ((err = git_revwalk_next(&id, walk)) == 0)
        scan_commit(&g, &id);
    if (err != GIT_ITEROVER)
        warn_git(&g, "history walk stopped", NULL);
done:
    scan_worker_free(g.w);
    git_revwalk_free(walk);
    git_repository_free(g.repo);
    free(g.seen.slots);
    free(g.seen.used);
    free(g.author);
    free(g.date);
    git_libgit2_shutdown();
    return rc;
}
