/* SPDX-License-Identifier: MIT */
/*
 * The file commands a step writes to: $GITHUB_ENV, $GITHUB_OUTPUT and
 * $GITHUB_STATE (`NAME=value` and `NAME<<DELIMITER` entries) and
 * $GITHUB_PATH (one directory a line), read after the step with
 * actions/runner's rules and error texts. Applying the entries (env, step
 * outputs, state, PATH) is the runner's job; $GITHUB_STEP_SUMMARY is only
 * copied, so it needs nothing here.
 */
#include "exec/exec.h"

/* Far above anything a step writes on purpose; stops a runaway `yes >>`. */
#define EXEC_ENVFILE_MAX (100u * 1024 * 1024)

void exec_kvlist_init(struct exec_kvlist *l)
{
    memset(l, 0, sizeof(*l));
}

void exec_kvlist_release(struct exec_kvlist *l)
{
    free(l->items);
    memset(l, 0, sizeof(*l));
}

struct reader {
    const char *text;
    size_t len, pos;
    int lineno; /* of the line last read */
};

/* The next line (without '\n'); false at the end. *has_nl tells whether a
 * newline ended it. On Linux the runner splits at '\n' only. */
static bool read_line(struct reader *r, const char **s, size_t *n, bool *has_nl)
{
    if (r->pos >= r->len)
        return false;
    const char *start = r->text + r->pos;
    const char *nl = memchr(start, '\n', r->len - r->pos);
    r->lineno++;
    *s = start;
    if (!nl) {
        *n = r->len - r->pos;
        r->pos = r->len;
        *has_nl = false;
    } else {
        *n = (size_t)(nl - start);
        r->pos += *n + 1;
        *has_nl = true;
    }
    return true;
}

static const char *find2(const char *s, size_t n, char a, char b)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == a && s[i + 1] == b)
            return s + i;
    return NULL;
}

static void add_kv(struct exec_kvlist *out, struct sg_arena *a, const char *k, size_t kn,
                   const char *v, size_t vn, int line)
{
    SG_GROW(out->items, out->cap, out->n + 1);
    struct exec_kv *kv = &out->items[out->n++];
    kv->name = sg_arena_strndup(a, k, kn);
    kv->value = sg_arena_strndup(a, v, vn);
    kv->line = line;
}

/* Reads the heredoc body after `NAME<<DELIM`; the value excludes the newline
 * before the closing delimiter line. */
static int read_heredoc(struct reader *r, const char *file, const char *delim, size_t dn,
                        size_t *vstart, size_t *vend, struct sg_diags *d)
{
    int open_line = r->lineno;
    *vstart = *vend = r->pos;
    const char *s;
    size_t n;
    bool nl;
    for (;;) {
        if (!read_line(r, &s, &n, &nl)) {
            sg_diag_add(d, SG_SEV_ERROR, file, open_line, 0,
                        "Invalid value. Matching delimiter not found '%.*s'", (int)dn, delim);
            return -1;
        }
        if (n == dn && memcmp(s, delim, dn) == 0)
            return 0;
        if (!nl) {
            sg_diag_add(d, SG_SEV_ERROR, file, r->lineno, 0,
                        "Invalid value. EOF marker missing new line.");
            return -1;
        }
        *vend = r->pos - 1;
    }
}

static int parse_entry(struct exec_kvlist *out, struct sg_arena *a, struct reader *r,
                       const char *file, const char *s, size_t n, struct sg_diags *d)
{
    int line = r->lineno;
    const char *eq = memchr(s, '=', n);
    const char *hd = find2(s, n, '<', '<');
    if (eq && (!hd || eq < hd)) {
        if (eq == s) {
            /* The runner means to reject this (its check tests the wrong
             * variable); an empty name cannot be set, so it is an error. */
            sg_diag_add(d, SG_SEV_ERROR, file, line, 0,
                        "Invalid format '%.*s'. Name must not be empty", (int)n, s);
            return -1;
        }
        add_kv(out, a, s, (size_t)(eq - s), eq + 1, n - (size_t)(eq - s) - 1, line);
        return 0;
    }
    if (!hd) {
        sg_diag_add(d, SG_SEV_ERROR, file, line, 0, "Invalid format '%.*s'", (int)n, s);
        return -1;
    }
    const char *delim = hd + 2;
    size_t dn = n - (size_t)(delim - s);
    if (hd == s || dn == 0) {
        sg_diag_add(d, SG_SEV_ERROR, file, line, 0,
                    "Invalid format '%.*s'. Name must not be empty and delimiter must not be "
                    "empty",
                    (int)n, s);
        return -1;
    }
    size_t vs, ve;
    if (read_heredoc(r, file, delim, dn, &vs, &ve, d) < 0)
        return -1;
    add_kv(out, a, s, (size_t)(hd - s), r->text + vs, ve > vs ? ve - vs : 0, line);
    return 0;
}

static void skip_bom(const char **text, size_t *len)
{
    if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
        *text += 3;
        *len -= 3;
    }
}

int exec_envfile_parse(struct exec_kvlist *out, struct sg_arena *a, const char *file,
                       const char *text, size_t len, struct sg_diags *d)
{
    skip_bom(&text, &len);
    struct reader r = {text, len, 0, 0};
    const char *s;
    size_t n;
    bool nl;
    while (read_line(&r, &s, &n, &nl)) {
        if (n == 0)
            continue;
        if (parse_entry(out, a, &r, file, s, n, d) < 0)
            return -1;
    }
    return 0;
}

static int read_whole(struct sg_buf *b, const char *path, bool *missing, struct sg_diags *d)
{
    *missing = false;
    if (sg_read_file(b, path, EXEC_ENVFILE_MAX) == 0)
        return 0;
    if (errno == ENOENT || errno == ENOTDIR) {
        *missing = true;
        return 0;
    }
    if (errno == EFBIG)
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "file is larger than %u MiB",
                    EXEC_ENVFILE_MAX / (1024 * 1024));
    else
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "cannot read file: %s", strerror(errno));
    return -1;
}

int exec_envfile_read(struct exec_kvlist *out, struct sg_arena *a, const char *path,
                      struct sg_diags *d)
{
    struct sg_buf b = SG_BUF_INIT;
    bool missing;
    int rc = read_whole(&b, path, &missing, d);
    if (rc == 0 && !missing)
        rc = exec_envfile_parse(out, a, path, b.data ? b.data : "", b.len, d);
    sg_buf_release(&b);
    return rc;
}

bool exec_env_name_blocked(const char *name)
{
    return sg_str_eq_nocase(name, "NODE_OPTIONS");
}

/* ---- $GITHUB_PATH ----------------------------------------------------------- */

void exec_pathlist_init(struct exec_pathlist *l)
{
    memset(l, 0, sizeof(*l));
}

void exec_pathlist_release(struct exec_pathlist *l)
{
    free(l->items);
    memset(l, 0, sizeof(*l));
}

void exec_pathlist_add(struct exec_pathlist *l, struct sg_arena *a, const char *dir, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!(strlen(l->items[i]) == len && memcmp(l->items[i], dir, len) == 0))
            l->items[w++] = l->items[i];
    l->n = w;
    SG_GROW(l->items, l->cap, l->n + 1);
    l->items[l->n++] = sg_arena_strndup(a, dir, len);
}

void exec_pathfile_parse(struct exec_pathlist *l, struct sg_arena *a, const char *text, size_t len)
{
    skip_bom(&text, &len);
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && text[j] != '\n' && text[j] != '\r')
            j++;
        if (j > i)
            exec_pathlist_add(l, a, text + i, j - i);
        /* \r\n, \n and \r each end a line (File.ReadAllLines). */
        if (j < len && text[j] == '\r' && j + 1 < len && text[j + 1] == '\n')
            j++;
        i = j + 1;
    }
}

int exec_pathfile_read(struct exec_pathlist *l, struct sg_arena *a, const char *path,
                       struct sg_diags *d)
{
    struct sg_buf b = SG_BUF_INIT;
    bool missing;
    int rc = read_whole(&b, path, &missing, d);
    if (rc == 0 && !missing)
        exec_pathfile_parse(l, a, b.data ? b.data : "", b.len);
    sg_buf_release(&b);
    return rc;
}

char *exec_pathlist_join(struct sg_arena *a, const struct exec_pathlist *l, const char *path_env)
{
    struct sg_buf b = SG_BUF_INIT;
    for (size_t i = l->n; i-- > 0;) {
        sg_buf_addstr(&b, l->items[i]);
        if (i > 0)
            sg_buf_addch(&b, ':');
    }
    if (path_env && *path_env) {
        if (b.len)
            sg_buf_addch(&b, ':');
        sg_buf_addstr(&b, path_env);
    }
    char *res = sg_arena_strdup(a, sg_buf_str(&b));
    sg_buf_release(&b);
    return res;
}
