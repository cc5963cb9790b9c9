/* SPDX-License-Identifier: MIT */
/*
 * hashFiles(): the runner's file walk and digest, as actions/runner does it
 * on top of @actions/glob (src/Misc/expressionFunc/hashFiles):
 *
 *  - pattern lines are trimmed, blank and `#` lines skipped, leading `!`s
 *    toggle exclusion, a leading `./` means the root, `.`/`..` segments are
 *    an error;
 *  - every pattern that does not end in `**` also matches everything below
 *    what it matches (implicit descendants), a trailing `/` restricts the
 *    pattern itself to directories;
 *  - the walk starts from each positive pattern's literal directory prefix
 *    (its "search path"), in pattern order, skipping one that lies under
 *    another; each is walked depth first with entries sorted bytewise
 *    (Node's readdir sorts with strcmp), descending only where a pattern
 *    can still match;
 *  - symbolic links are not followed while walking; a matched link to a
 *    file is hashed as its target's content, a link to a directory skipped,
 *    a broken one is an error;
 *  - the result is SHA-256 over the concatenated SHA-256 digests, "" when
 *    no file matched.
 *
 * Pattern matching itself is glob.c's (glob_int.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/glob.h"
#include "base/glob_int.h"

struct hf_seg {
    size_t off, n; /* into hf_pat.text */
};

struct hf_pat {
    bool negate;
    bool dir_only;  /* trailing '/' */
    bool implicit;  /* also matches what lies below a match */
    char *text;     /* relative to root, no leading "./", no trailing '/' */
    struct hf_seg *segs;
    size_t nsegs;
    char *search;   /* literal directory prefix, "" for the root */
};

struct hf_walk {
    int rootfd;
    struct hf_pat *pats;
    size_t npats;
    struct sg_buf rel; /* current path relative to the root */
    crypto_hash_sha256_state total;
    size_t hashed;
    struct sg_buf *err;
};

enum { HF_DIR = 1, HF_FILE = 2 };

/* ---- patterns ------------------------------------------------------------ */

static bool is_js_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_js_space(**s))
        (*s)++, (*n)--;
    while (*n && is_js_space((*s)[*n - 1]))
        (*n)--;
}

static void split_hf_segs(struct hf_pat *p)
{
    size_t i = 0, cap = 0, len = strlen(p->text);

    while (i < len) {
        size_t j = i;
        while (j < len && p->text[j] != '/')
            j++;
        if (j > i) {
            SG_GROW(p->segs, cap, p->nsegs + 1);
            p->segs[p->nsegs].off = i;
            p->segs[p->nsegs++].n = j - i;
        }
        i = j + 1;
    }
}

static bool seg_is(const struct hf_pat *p, size_t i, const char *lit)
{
    return p->segs[i].n == strlen(lit) && !memcmp(p->text + p->segs[i].off, lit, p->segs[i].n);
}

/* @actions/glob refuses `.` (except first) and `..` segments. */
static int check_relative_pathing(const char *line, struct sg_buf *err)
{
    struct hf_pat tmp = {0};
    struct sg_buf lit = SG_BUF_INIT;
    size_t i;
    int rc = 0;

    tmp.text = (char *)line;
    split_hf_segs(&tmp);
    for (i = 0; i < tmp.nsegs && rc == 0; i++) {
        sg_buf_reset(&lit);
        if (!sg_glob_segment_literal(line + tmp.segs[i].off, tmp.segs[i].n, &lit))
            continue;
        if (!strcmp(sg_buf_str(&lit), "..") || (i > 0 && !strcmp(sg_buf_str(&lit), ".")))
            rc = -1;
    }
    if (rc < 0)
        sg_buf_addf(err, "Invalid pattern '%s'. Relative pathing '.' and '..' is not allowed.",
                    line);
    sg_buf_release(&lit);
    free(tmp.segs);
    return rc;
}

/*
 * Makes `line` relative to the root. Returns false for a pattern that can
 * only name things outside the root (the runner walks those and then
 * ignores every file it finds).
 * NEEDSWORK: an absolute pattern naming an ancestor of the root would, in
 * the runner, also match files inside it and change the walk order.
 */
static bool relativize(const char **line, const char *root)
{
    const char *s = *line;
    size_t rlen = strlen(root);

    while (rlen > 1 && root[rlen - 1] == '/')
        rlen--;
    if (s[0] == '.' && (s[1] == '\0' || s[1] == '/')) {
        *line = s + 1;
        return true;
    }
    if (s[0] == '~' && (s[1] == '\0' || s[1] == '/'))
        return false;
    if (s[0] != '/')
        return true;
    if (root[0] != '/' || strncmp(s, root, rlen) != 0 || (s[rlen] != '\0' && s[rlen] != '/'))
        return false;
    *line = s + rlen;
    return true;
}

static void hf_pat_release(struct hf_pat *p)
{
    free(p->text);
    free(p->segs);
    free(p->search);
}

static void build_search_path(struct hf_pat *p)
{
    struct sg_buf sp = SG_BUF_INIT;
    size_t i;

    for (i = 0; i < p->nsegs; i++) {
        size_t mark = sp.len;
        if (i > 0)
            sg_buf_addch(&sp, '/');
        if (!sg_glob_segment_literal(p->text + p->segs[i].off, p->segs[i].n, &sp)) {
            sp.len = mark;
            break;
        }
    }
    sg_buf_addstr(&sp, "");
    p->search = sg_buf_detach(&sp);
}

/* Parses one pattern line; returns 0 (possibly adding nothing) or -1. */
static int add_pattern(struct hf_walk *w, size_t *cap, const char *line, size_t n,
                       const char *root)
{
    struct hf_pat p = {0};
    char *copy;
    const char *s;
    size_t len;

    trim(&line, &n);
    if (n == 0 || line[0] == '#')
        return 0;
    while (n && line[0] == '!') {
        p.negate = !p.negate;
        line++, n--;
        trim(&line, &n);
    }
    copy = sg_xstrndup(line, n);
    if (n == 0) {
        sg_buf_addstr(w->err, "hashFiles: a pattern cannot be empty after '!'");
        free(copy);
        return -1;
    }
    if (check_relative_pathing(copy, w->err) < 0) {
        free(copy);
        return -1;
    }
    s = copy;
    if (!relativize(&s, root)) {
        free(copy);
        return 0;
    }
    while (*s == '/')
        s++;
    len = strlen(s);
    p.dir_only = len > 0 && s[len - 1] == '/';
    p.text = sg_xstrdup(s);
    free(copy);
    split_hf_segs(&p);
    p.implicit = p.dir_only || p.nsegs == 0 || !seg_is(&p, p.nsegs - 1, "**");
    build_search_path(&p);
    SG_GROW(w->pats, *cap, w->npats + 1);
    w->pats[w->npats++] = p;
    return 0;
}

static int parse_patterns(struct hf_walk *w, const char *root, const char *const *patterns,
                          size_t n)
{
    size_t i, cap = 0;

    for (i = 0; i < n; i++) {
        const char *s = patterns[i];
        /* The runner joins its arguments with newlines and splits them again. */
        while (1) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            if (add_pattern(w, &cap, s, len, root) < 0)
                return -1;
            if (!nl)
                break;
            s = nl + 1;
        }
    }
    return 0;
}

/* ---- matching paths ------------------------------------------------------ */

/* Segments of the current relative path, rebuilt per visit. */
struct rel_segs {
    const char **s;
    size_t *n;
    size_t count, cap_s, cap_n;
};

static void rel_split(struct rel_segs *r, const char *rel)
{
    r->count = 0;
    while (*rel) {
        const char *e = strchr(rel, '/');
        size_t len = e ? (size_t)(e - rel) : strlen(rel);
        SG_GROW(r->s, r->cap_s, r->count + 1);
        SG_GROW(r->n, r->cap_n, r->count + 1);
        r->s[r->count] = rel;
        r->n[r->count++] = len;
        rel += len;
        if (*rel == '/')
            rel++;
    }
}

static bool pat_seg_is_globstar(const struct hf_pat *p, size_t i)
{
    return seg_is(p, i, "**");
}

/* Whether the pattern matches the first `nt` segments of the path. */
static bool segs_match_from(const struct hf_pat *p, const struct rel_segs *r, size_t nt)
{
    size_t pi = 0, ti = 0, star_p = 0, star_t = 0;
    bool star = false;

    while (ti < nt) {
        if (pi < p->nsegs && pat_seg_is_globstar(p, pi)) {
            star = true, star_p = ++pi, star_t = ti;
            continue;
        }
        if (pi < p->nsegs &&
            sg_glob_segment_match(p->text + p->segs[pi].off, p->segs[pi].n, r->s[ti], r->n[ti])) {
            pi++, ti++;
            continue;
        }
        if (!star)
            return false;
        ti = ++star_t, pi = star_p;
    }
    while (pi < p->nsegs && pat_seg_is_globstar(p, pi))
        pi++;
    return pi == p->nsegs;
}

/* The match kinds one pattern (with its implicit descendants) gives a path. */
static int pat_kind(const struct hf_pat *p, const struct rel_segs *r)
{
    int kind = 0;
    size_t k;

    if (segs_match_from(p, r, r->count))
        kind |= p->dir_only ? HF_DIR : HF_DIR | HF_FILE;
    if (p->implicit && kind != (HF_DIR | HF_FILE)) {
        /* P plus a trailing globstar matches what P matches and all below. */
        for (k = 0; k <= r->count; k++) {
            if (segs_match_from(p, r, k)) {
                kind = HF_DIR | HF_FILE;
                break;
            }
        }
    }
    return kind;
}

static int match_kind(const struct hf_walk *w, const struct rel_segs *r)
{
    int result = 0;
    size_t i;

    for (i = 0; i < w->npats; i++) {
        int k = pat_kind(&w->pats[i], r);
        if (w->pats[i].negate)
            result &= ~k;
        else
            result |= k;
    }
    return result;
}

/* Whether something below the path could still match a positive pattern. */
static bool partial_match(const struct hf_walk *w, const struct rel_segs *r)
{
    size_t i, t;

    for (i = 0; i < w->npats; i++) {
        const struct hf_pat *p = &w->pats[i];
        bool ok = true;
        if (p->negate)
            continue;
        for (t = 0; t < r->count && ok; t++) {
            if (t == p->nsegs) {
                ok = p->implicit;
                break;
            }
            if (pat_seg_is_globstar(p, t))
                break;
            ok = sg_glob_segment_match(p->text + p->segs[t].off, p->segs[t].n, r->s[t], r->n[t]);
        }
        if (ok)
            return true;
    }
    return false;
}

/* ---- the walk ------------------------------------------------------------ */

static const char *at_path(const struct hf_walk *w)
{
    return w->rel.len ? w->rel.data : ".";
}

static int hash_one(struct hf_walk *w)
{
    unsigned char buf[65536], digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    struct stat sb;
    ssize_t got;
    int fd = openat(w->rootfd, at_path(w), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

    if (fd < 0) {
        sg_buf_addf(w->err, "hashFiles: cannot read '%s': %s", at_path(w), strerror(errno));
        return -1;
    }
    /* Links to directories are skipped, as the runner does; FIFOs and
     * devices too, where the runner would block or stream forever. */
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return 0;
    }
    crypto_hash_sha256_init(&st);
    while ((got = read(fd, buf, sizeof(buf))) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            sg_buf_addf(w->err, "hashFiles: cannot read '%s': %s", at_path(w), strerror(errno));
            close(fd);
            return -1;
        }
        crypto_hash_sha256_update(&st, buf, (unsigned long long)got);
    }
    close(fd);
    crypto_hash_sha256_final(&st, digest);
    crypto_hash_sha256_update(&w->total, digest, sizeof(digest));
    w->hashed++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a directory's entry names, sorted bytewise; the caller frees them. */
static int read_names(struct hf_walk *w, char ***out, size_t *count)
{
    int fd = openat(w->rootfd, at_path(w), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;

    if (!d) {
        if (fd >= 0)
            close(fd);
        sg_buf_addf(w->err, "hashFiles: cannot read directory '%s': %s", at_path(w),
                    strerror(errno));
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        SG_GROW(names, cap, n + 1);
        names[n++] = sg_xstrdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp_names);
    *out = names;
    *count = n;
    return 0;
}

static int visit(struct hf_walk *w, struct rel_segs *r);

static int visit_children(struct hf_walk *w, struct rel_segs *r)
{
    char **names;
    size_t n, i, mark = w->rel.len;
    int rc = 0;

    if (read_names(w, &names, &n) < 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (rc == 0) {
            if (mark)
                sg_buf_addch(&w->rel, '/');
            sg_buf_addstr(&w->rel, names[i]);
            rc = visit(w, r);
            w->rel.len = mark;
            w->rel.data[mark] = '\0';
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

static int visit(struct hf_walk *w, struct rel_segs *r)
{
    struct stat sb;
    int kind;
    bool partial;

    rel_split(r, w->rel.len ? w->rel.data : "");
    kind = match_kind(w, r);
    partial = partial_match(w, r);
    if (!kind && !partial)
        return 0;
    if (fstatat(w->rootfd, at_path(w), &sb, AT_SYMLINK_NOFOLLOW) < 0)
        return 0; /* vanished since it was listed */
    if (S_ISDIR(sb.st_mode))
        return (kind & HF_DIR) || partial ? visit_children(w, r) : 0;
    return kind & HF_FILE ? hash_one(w) : 0;
}

static bool is_ancestor(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n == 0)
        return b[0] != '\0';
    return strncmp(a, b, n) == 0 && b[n] == '/';
}

/* getSearchPaths(): pattern order, no duplicates, none below another. */
static bool search_path_wanted(const struct hf_walk *w, size_t i)
{
    const char *sp = w->pats[i].search;
    size_t j;

    for (j = 0; j < w->npats; j++) {
        if (w->pats[j].negate)
            continue;
        if (j < i && !strcmp(w->pats[j].search, sp))
            return false;
        if (is_ancestor(w->pats[j].search, sp))
            return false;
    }
    return true;
}

static int walk_search_paths(struct hf_walk *w)
{
    struct rel_segs r = {0};
    struct stat sb;
    size_t i;
    int rc = 0;

    for (i = 0; i < w->npats && rc == 0; i++) {
        if (w->pats[i].negate || !search_path_wanted(w, i))
            continue;
        sg_buf_reset(&w->rel);
        sg_buf_addstr(&w->rel, w->pats[i].search);
        if (fstatat(w->rootfd, at_path(w), &sb, AT_SYMLINK_NOFOLLOW) < 0) {
            if (errno == ENOENT)
                continue;
            sg_buf_addf(w->err, "hashFiles: cannot read '%s': %s", at_path(w), strerror(errno));
            rc = -1;
            break;
        }
        rc = visit(w, &r);
    }
    free(r.s);
    free(r.n);
    return rc;
}

int sg_hash_files(char out_hex[65], const char *root, const char *const *patterns, size_t n,
                  struct sg_buf *err)
{
    struct hf_walk w;
    unsigned char digest[crypto_hash_sha256_BYTES];
    size_t i;
    int rc = -1;

    memset(&w, 0, sizeof(w));
    out_hex[0] = '\0';
    w.err = err;
    sg_buf_init(&w.rel, 0);
    w.rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (w.rootfd < 0) {
        sg_buf_addf(err, "hashFiles: cannot open directory '%s': %s", root, strerror(errno));
        return -1;
    }
    crypto_hash_sha256_init(&w.total);
    if (parse_patterns(&w, root, patterns, n) == 0 && walk_search_paths(&w) == 0) {
        rc = 0;
        if (w.hashed) {
            crypto_hash_sha256_final(&w.total, digest);
            sodium_bin2hex(out_hex, 65, digest, sizeof(digest));
        }
    }
    for (i = 0; i < w.npats; i++)
        hf_pat_release(&w.pats[i]);
    free(w.pats);
    sg_buf_release(&w.rel);
    close(w.rootfd);
    return rc;
}
