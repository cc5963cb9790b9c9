/* SPDX-License-Identifier: MIT */
/*
 * Tree scans: one thread walks the tree (honouring .gitignore through
 * libgit2 when the root is inside a work tree, following no symlinks) and
 * feeds a bounded queue; worker threads stream each file through their own
 * scan_worker. Memory stays flat: files are streamed in chunks and the
 * queue is bounded, only the findings grow.
 */
#include <dirent.h>
#include <fcntl.h>
#include <git2.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan_int.h"

enum { QUEUE_CAP = 1024, MAX_THREADS = 64 };

struct walk_item {
    char *path; /* to open */
    char *rel;  /* to report */
};

struct walk_state {
    const struct scan_db *db;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    struct walk_item queue[QUEUE_CAP];
    size_t head, count;
    bool done;
    struct sg_diags *diags; /* guarded by mu */
    git_repository *repo;   /* walker thread only */
    char *repo_prefix;      /* root relative to the work tree, "" or "dir/" */
};

struct walk_thread {
    struct walk_state *st;
    struct scan_findings found;
    pthread_t tid;
};

static void warn(struct walk_state *st, const char *path, const char *fmt, const char *what)
{
    pthread_mutex_lock(&st->mu);
    sg_diag_add(st->diags, SG_SEV_WARNING, path, 0, 0, fmt, what);
    pthread_mutex_unlock(&st->mu);
}

static void push(struct walk_state *st, char *path, char *rel)
{
    pthread_mutex_lock(&st->mu);
    while (st->count == QUEUE_CAP)
        pthread_cond_wait(&st->not_full, &st->mu);
    st->queue[(st->head + st->count) % QUEUE_CAP] = (struct walk_item){path, rel};
    st->count++;
    pthread_cond_signal(&st->not_empty);
    pthread_mutex_unlock(&st->mu);
}

static bool pop(struct walk_state *st, struct walk_item *out)
{
    pthread_mutex_lock(&st->mu);
    while (st->count == 0 && !st->done)
        pthread_cond_wait(&st->not_empty, &st->mu);
    if (st->count == 0) {
        pthread_mutex_unlock(&st->mu);
        return false;
    }
    *out = st->queue[st->head];
    st->head = (st->head + 1) % QUEUE_CAP;
    st->count--;
    pthread_cond_signal(&st->not_full);
    pthread_mutex_unlock(&st->mu);
    return true;
}

static void scan_one(struct walk_state *st, struct scan_worker *w, const struct walk_item *it,
                     struct scan_findings *out)
{
    int fd = open(it->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        warn(st, it->rel, "cannot open: %s", strerror(errno));
        return;
    }
    if (scan_fd(w, it->rel, fd, out) < 0)
        warn(st, it->rel, "cannot read: %s", strerror(errno));
    close(fd);
}

static void *worker_main(void *arg)
{
    struct walk_thread *t = arg;
    struct scan_worker *w = scan_worker_new(t->st->db);
    struct walk_item it;
    while (pop(t->st, &it)) {
        scan_one(t->st, w, &it, &t->found);
        free(it.path);
        free(it.rel);
    }
    scan_worker_free(w);
    return NULL;
}

static bool ignored(struct walk_state *st, const char *rel, bool dir)
{
    char buf[4096];
    int ign = 0;
    if (!st->repo)
        return false;
    if ((size_t)snprintf(buf, sizeof(buf), "%s%s%s", st->repo_prefix, rel, dir ? "/" : "") >= sizeof(buf))
        return false;
    return git_ignore_path_is_ignored(&ign, st->repo, buf) == 0 && ign;
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = sg_xmalloc(la + lb + 2);
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

struct dir_stack {
    char **rels;
    size_t n, cap;
};

static void visit_entry(struct walk_state *st, struct dir_stack *stack, const char *root,
                        const char *rel, int dfd, const struct dirent *de)
{
    unsigned char type = de->d_type;
    char *child = *rel ? join(rel, de->d_name) : sg_xstrdup(de->d_name);
    if (type == DT_UNKNOWN) {
        struct stat sb;
        if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
            warn(st, child, "cannot stat: %s", strerror(errno));
            free(child);
            return;
        }
        type = S_ISDIR(sb.st_mode) ? DT_DIR : S_ISREG(sb.st_mode) ? DT_REG : DT_LNK;
    }
    if (type == DT_DIR && strcmp(de->d_name, ".git") != 0 && !ignored(st, child, true)) {
        SG_GROW(stack->rels, stack->cap, stack->n + 1);
        stack->rels[stack->n++] = child;
        return;
    }
    if (type == DT_REG && scan_db_path_wanted(st->db, child) && !ignored(st, child, false)) {
        push(st, join(root, child), child);
        return;
    }
    free(child); /* symlinks, devices, sockets: never followed */
}

static void walk_tree(struct walk_state *st, const char *root)
{
    struct dir_stack stack = {NULL, 0, 0};
    SG_GROW(stack.rels, stack.cap, 1);
    stack.rels[stack.n++] = sg_xstrdup("");
    while (stack.n > 0) {
        char *rel = stack.rels[--stack.n];
        char *full = *rel ? join(root, rel) : sg_xstrdup(root);
        DIR *dir = opendir(full);
        struct dirent *de;
        if (!dir) {
            warn(st, *rel ? rel : root, "cannot read directory: %s", strerror(errno));
        } else {
            while ((de = readdir(dir)) != NULL)
                if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
                    visit_entry(st, &stack, root, rel, dirfd(dir), de);
            closedir(dir);
        }
        free(full);
        free(rel);
    }
    free(stack.rels);
}

/* Opens the work tree around `root`, if any, for .gitignore checks. */
static void open_repo(struct walk_state *st, const char *root)
{
    char *real_root, *real_wd;
    const char *wd;
    size_t n;
    git_libgit2_init();
    if (git_repository_open_ext(&st->repo, root, 0, NULL) != 0 || git_repository_is_bare(st->repo)) {
        git_repository_free(st->repo);
        st->repo = NULL;
        return;
    }
    wd = git_repository_workdir(st->repo);
    real_root = realpath(root, NULL);
    real_wd = wd ? realpath(wd, NULL) : NULL;
    n = real_wd ? strlen(real_wd) : 0;
    if (real_root && real_wd && strncmp(real_root, real_wd, n) == 0 &&
        (real_root[n] == '/' || real_root[n] == '\0')) {
        st->repo_prefix = real_root[n] ? join(real_root + n + 1, "") : sg_xstrdup("");
        if (real_root[n] && st->repo_prefix[strlen(st->repo_prefix) - 1] != '/')
            SG_BUG("bad prefix");
    } else {
        git_repository_free(st->repo);
        st->repo = NULL;
    }
    free(real_root);
    free(real_wd);
}

static int scan_single_file(const struct scan_db *db, const char *path, struct scan_findings *out,
                            struct sg_diags *d)
{
    struct scan_worker *w = scan_worker_new(db);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), rc = 0;
    if (fd < 0 || scan_fd(w, path, fd, out) < 0) {
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        rc = -1;
    }
    if (fd >= 0)
        close(fd);
    scan_worker_free(w);
    return rc;
}

int scan_walk(const struct scan_db *db, const char *root, const struct scan_walk_opts *o,
              struct scan_findings *out, struct sg_diags *d)
{
    struct walk_state st;
    struct walk_thread *threads;
    struct stat sb;
    int n = o && o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN), i;

    if (stat(root, &sb) != 0) {
        sg_diag_add(d, SG_SEV_ERROR, root, 0, 0, "cannot read: %s", strerror(errno));
        return -1;
    }
    if (!S_ISDIR(sb.st_mode))
        return scan_single_file(db, root, out, d);
    if (n < 1)
        n = 1;
    if (n > MAX_THREADS)
        n = MAX_THREADS;
    memset(&st, 0, sizeof(st));
    st.db = db;
    st.diags = d;
    pthread_mutex_init(&st.mu, NULL);
    pthread_cond_init(&st.not_empty, NULL);
    pthread_cond_init(&st.not_full, NULL);
    if (!(o && o->no_ignore))
        open_repo(&st, root);
    threads = sg_xcalloc((size_t)n, sizeof(*threads));
    for (i = 0; i < n; i++) {
        threads[i].st = &st;
        if (pthread_create(&threads[i].tid, NULL, worker_main, &threads[i]) != 0)
            SG_BUG("pthread_create failed");
    }
    walk_tree(&st, root);
    pthread_mutex_lock(&st.mu);
    st.done = true;
    pthread_cond_broadcast(&st.not_empty);
    pthread_mutex_unlock(&st.mu);
    for (i = 0; i < n; i++) {
        pthread_join(threads[i].tid, NULL);
        scan_findings_take(out, &threads[i].found);
    }
    free(threads);
    git_repository_free(st.repo);
    free(st.repo_prefix);
    pthread_mutex_destroy(&st.mu);
    pthread_cond_destroy(&st.not_empty);
    pthread_cond_destroy(&st.not_full);
    return 0;
}
