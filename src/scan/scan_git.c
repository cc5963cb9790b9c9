/* SPDX-License-Identifier: MIT */
/*
 * History scans (--git): walks the commits of a range oldest first and the
 * tree of each, skipping every tree and blob already seen, so each distinct
 * blob is scanned once and its findings are attributed to the first commit
 * (in topological order) whose tree holds it. One thread walks; workers
 * inflate and scan the blobs. Corrupt objects become warnings; the walk
 * goes on.
 */
#include <git2.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

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

/* The commit a blob is attributed to; heap-allocated once per commit so
 * workers can hold a pointer while the walk goes on. */
struct commit_info {
    char hex[GIT_OID_HEXSZ + 1];
    char *author, *date;
};

struct blob_item {
    git_oid id;
    char *path;
    const struct commit_info *ci;
};

enum { QUEUE_CAP = 512, MAX_THREADS = 64 };

/* One thread walks commits and trees and queues each new blob; workers,
 * each with its own repository handle (libgit2 objects are per thread),
 * inflate and scan the blobs. */
struct git_scan {
    const struct scan_db *db;
    const char *gitdir;
    git_repository *repo;
    struct oid_set seen;
    struct commit_info **commits;
    size_t ncommits, capcommits;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    struct blob_item queue[QUEUE_CAP];
    size_t head, count;
    bool done;
    struct sg_diags *d; /* guarded by mu */
};

struct git_worker {
    struct git_scan *g;
    struct scan_findings found;
    pthread_t tid;
};

static void warn_git(struct git_scan *g, const char *hex, const char *what, const char *path)
{
    const git_error *e = git_error_last();
    pthread_mutex_lock(&g->mu);
    sg_diag_add(g->d, SG_SEV_WARNING, path, 0, 0, "%s in commit %.12s: %s", what, hex,
                e && e->message ? e->message : "unknown error");
    pthread_mutex_unlock(&g->mu);
}

static void push_blob(struct git_scan *g, const git_oid *id, char *path, const struct commit_info *ci)
{
    pthread_mutex_lock(&g->mu);
    while (g->count == QUEUE_CAP)
        pthread_cond_wait(&g->not_full, &g->mu);
    g->queue[(g->head + g->count) % QUEUE_CAP] = (struct blob_item){*id, path, ci};
    g->count++;
    pthread_cond_signal(&g->not_empty);
    pthread_mutex_unlock(&g->mu);
}

static bool pop_blob(struct git_scan *g, struct blob_item *out)
{
    pthread_mutex_lock(&g->mu);
    while (g->count == 0 && !g->done)
        pthread_cond_wait(&g->not_empty, &g->mu);
    if (g->count == 0) {
        pthread_mutex_unlock(&g->mu);
        return false;
    }
    *out = g->queue[g->head];
    g->head = (g->head + 1) % QUEUE_CAP;
    g->count--;
    pthread_cond_signal(&g->not_full);
    pthread_mutex_unlock(&g->mu);
    return true;
}

static void scan_blob(struct git_scan *g, git_repository *repo, struct scan_worker *w,
                      const struct blob_item *it, struct scan_findings *out)
{
    git_blob *blob;
    const char *data;
    size_t size, before = out->n, i;
    if (git_blob_lookup(&blob, repo, &it->id) != 0) {
        warn_git(g, it->ci->hex, "cannot read blob", it->path);
        return;
    }
    data = git_blob_rawcontent(blob);
    size = (size_t)git_blob_rawsize(blob);
    if (!scan_is_binary(data, size) && scan_buffer(w, it->path, data, size, out) < 0)
        warn_git(g, it->ci->hex, "cannot scan blob", it->path);
    for (i = before; i < out->n; i++) {
        out->items[i].commit = sg_xstrdup(it->ci->hex);
        out->items[i].author = sg_xstrdup(it->ci->author);
        out->items[i].date = sg_xstrdup(it->ci->date);
    }
    git_blob_free(blob);
}

static void *worker_main(void *arg)
{
    struct git_worker *gw = arg;
    struct git_scan *g = gw->g;
    git_repository *repo = NULL;
    struct scan_worker *w = scan_worker_new(g->db);
    struct blob_item it;
    if (git_repository_open(&repo, g->gitdir) != 0)
        warn_git(g, "", "cannot open the repository", g->gitdir);
    while (pop_blob(g, &it)) {
        if (repo)
            scan_blob(g, repo, w, &it, &gw->found);
        free(it.path);
    }
    scan_worker_free(w);
    git_repository_free(repo);
    return NULL;
}

struct tree_ctx {
    struct git_scan *g;
    const struct commit_info *ci;
};

static int on_tree_entry(const char *root, const git_tree_entry *e, void *payload)
{
    struct tree_ctx *t = payload;
    const git_oid *id = git_tree_entry_id(e);
    git_object_t type = git_tree_entry_type(e);
    size_t rl = strlen(root), nl;
    char *path;
    if (type == GIT_OBJECT_TREE)
        return oid_set_add(&t->g->seen, id) ? 0 : 1; /* 1: skip a tree seen before */
    if (type != GIT_OBJECT_BLOB || git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
        return 0;
    nl = strlen(git_tree_entry_name(e));
    path = sg_xmalloc(rl + nl + 1);
    memcpy(path, root, rl);
    memcpy(path + rl, git_tree_entry_name(e), nl + 1);
    if (scan_db_path_wanted(t->g->db, path) && oid_set_add(&t->g->seen, id))
        push_blob(t->g, id, path, t->ci);
    else
        free(path);
    return 0;
}

static struct commit_info *describe_commit(struct git_scan *g, const git_oid *id, git_commit *c)
{
    struct commit_info *ci = sg_xcalloc(1, sizeof(*ci));
    const git_signature *a = c ? git_commit_author(c) : NULL;
    char buf[64];
    time_t t;
    struct tm tm;
    git_oid_tostr(ci->hex, sizeof(ci->hex), id);
    ci->author = sg_xstrdup(a && a->name ? a->name : "");
    t = a ? (time_t)a->when.time : 0;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    ci->date = sg_xstrdup(buf);
    SG_GROW(g->commits, g->capcommits, g->ncommits + 1);
    g->commits[g->ncommits++] = ci;
    return ci;
}

static void scan_commit(struct git_scan *g, const git_oid *id)
{
    git_commit *c;
    git_tree *tree;
    struct tree_ctx t = {g, NULL};
    if (git_commit_lookup(&c, g->repo, id) != 0) {
        warn_git(g, describe_commit(g, id, NULL)->hex, "cannot read commit", NULL);
        return;
    }
    t.ci = describe_commit(g, id, c);
    if (git_commit_tree(&tree, c) != 0) {
        warn_git(g, t.ci->hex, "cannot read tree", NULL);
    } else {
        if (oid_set_add(&g->seen, git_tree_id(tree)) &&
            git_tree_walk(tree, GIT_TREEWALK_PRE, on_tree_entry, &t) != 0)
            warn_git(g, t.ci->hex, "cannot walk tree", NULL);
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

static int open_walk(struct git_scan *g, const char *repo_path, const char *range,
                     git_revwalk **walk)
{
    const git_error *e;
    if (git_repository_open_ext(&g->repo, repo_path, 0, NULL) != 0) {
        e = git_error_last();
        sg_diag_add(g->d, SG_SEV_ERROR, repo_path, 0, 0, "not a git repository: %s",
                    e && e->message ? e->message : "cannot open");
        return -1;
    }
    if (git_revwalk_new(walk, g->repo) == 0 &&
        git_revwalk_sorting(*walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) == 0 &&
        push_rev(g->repo, *walk, range) == 0)
        return 0;
    e = git_error_last();
    sg_diag_add(g->d, SG_SEV_ERROR, repo_path, 0, 0, "cannot walk '%s': %s",
                range ? range : "all refs", e && e->message ? e->message : "no such revision");
    return -1;
}

static void run_walk(struct git_scan *g, git_revwalk *walk, struct scan_findings *out)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN), i;
    struct git_worker *workers;
    git_oid id;
    int err;
    n = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n;
    g->gitdir = git_repository_path(g->repo);
    workers = sg_xcalloc((size_t)n, sizeof(*workers));
    for (i = 0; i < n; i++) {
        workers[i].g = g;
        if (pthread_create(&workers[i].tid, NULL, worker_main, &workers[i]) != 0)
            SG_BUG("pthread_create failed");
    }
    while ((err = git_revwalk_next(&id, walk)) == 0)
        scan_commit(g, &id);
    if (err != GIT_ITEROVER)
        warn_git(g, "", "history walk stopped", NULL);
    pthread_mutex_lock(&g->mu);
    g->done = true;
    pthread_cond_broadcast(&g->not_empty);
    pthread_mutex_unlock(&g->mu);
    for (i = 0; i < n; i++) {
        pthread_join(workers[i].tid, NULL);
        scan_findings_take(out, &workers[i].found);
    }
    free(workers);
}

int scan_git(const struct scan_db *db, const char *repo_path, const char *range,
             struct scan_findings *out, struct sg_diags *d)
{
    struct git_scan g;
    git_revwalk *walk = NULL;
    size_t i;
    int rc = 0;

    memset(&g, 0, sizeof(g));
    g.db = db;
    g.d = d;
    pthread_mutex_init(&g.mu, NULL);
    pthread_cond_init(&g.not_empty, NULL);
    pthread_cond_init(&g.not_full, NULL);
    git_libgit2_init();
    if (open_walk(&g, repo_path, range, &walk) < 0)
        rc = -1;
    else
        run_walk(&g, walk, out);
    git_revwalk_free(walk);
    git_repository_free(g.repo);
    for (i = 0; i < g.ncommits; i++) {
        free(g.commits[i]->author);
        free(g.commits[i]->date);
        free(g.commits[i]);
    }
    free(g.commits);
    free(g.seen.slots);
    free(g.seen.used);
    pthread_mutex_destroy(&g.mu);
    pthread_cond_destroy(&g.not_empty);
    pthread_cond_destroy(&g.not_full);
    git_libgit2_shutdown();
    return rc;
}
