/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the workflow loader: the string hash map, key lookup
 * from wf_keys.def, GitHub's type-check messages, and the expression check
 * that knows which contexts and functions GitHub allows at each key.
 */
#include <strings.h>

#include "workflow/wf_int.h"
#include "expr/expr.h"

/* ---- string hash map --------------------------------------------------- */

static size_t hash_bytes(const char *s, size_t n)
{
    size_t h = 1469598103934665603ull; /* FNV-1a */
    while (n--)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

void wf_strmap_init(struct wf_strmap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    m->slots = sg_xcalloc(cap, sizeof(*m->slots));
    m->cap = cap;
    m->n = 0;
}

void wf_strmap_release(struct wf_strmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

void wf_strmap_reset(struct wf_strmap *m, size_t expected)
{
    if (m->cap >= expected * 2 && m->cap <= 64 * (expected + 16)) {
        memset(m->slots, 0, m->cap * sizeof(*m->slots));
        m->n = 0;
        return;
    }
    wf_strmap_release(m);
    wf_strmap_init(m, expected);
}

static struct wf_strmap_slot *probe(const struct wf_strmap *m, const char *key, size_t len)
{
    size_t i = hash_bytes(key, len) & (m->cap - 1);
    for (;;) {
        struct wf_strmap_slot *s = &m->slots[i];
        if (!s->key || (s->len == len && memcmp(s->key, key, len) == 0))
            return s;
        i = (i + 1) & (m->cap - 1);
    }
}

struct wf_strmap_slot *wf_strmap_put(struct wf_strmap *m, const char *key, size_t len, size_t val,
                                     bool *existed)
{
    struct wf_strmap_slot *s;

    if ((m->n + 1) * 2 > m->cap) {
        struct wf_strmap old = *m;
        size_t i;
        wf_strmap_init(m, old.cap);
        for (i = 0; i < old.cap; i++)
            if (old.slots[i].key)
                *probe(m, old.slots[i].key, old.slots[i].len) = old.slots[i];
        m->n = old.n;
        free(old.slots);
    }
    s = probe(m, key, len);
    *existed = s->key != NULL;
    if (!s->key) {
        s->key = key;
        s->len = len;
        s->val = val;
        m->n++;
    }
    return s;
}

struct wf_strmap_slot *wf_strmap_get(const struct wf_strmap *m, const char *key, size_t len)
{
    struct wf_strmap_slot *s;
    if (!m->cap)
        return NULL;
    s = probe(m, key, len);
    return s->key ? s : NULL;
}

/* ---- values ------------------------------------------------------------ */

const struct wf_value *wf_map_get(const struct wf_value *map, const char *key)
{
    size_t i, n = strlen(key);
    if (!map || map->kind != WF_MAP)
        return NULL;
    for (i = 0; i < map->n; i++) {
        const struct wf_value *k = &map->pairs[i].key;
        if (k->len == n && wf_value_is_scalar(k) && memcmp(k->s, key, n) == 0)
            return &map->pairs[i].value;
    }
    return NULL;
}

const struct wf_value *wf_map_get_nocase(const struct wf_value *map, const char *key)
{
    size_t i, n = strlen(key);
    if (!map || map->kind != WF_MAP)
        return NULL;
    for (i = 0; i < map->n; i++) {
        const struct wf_value *k = &map->pairs[i].key;
        if (k->len == n && wf_value_is_scalar(k) && strncasecmp(k->s, key, n) == 0)
            return &map->pairs[i].value;
    }
    return NULL;
}

bool wf_value_is_scalar(const struct wf_value *v)
{
    return v->kind != WF_SEQ && v->kind != WF_MAP;
}

bool wf_value_has_expr(const struct wf_value *v)
{
    return v && v->kind == WF_STRING && expr_template_has_expr(v->s, v->len);
}

/* ---- keys -------------------------------------------------------------- */

struct key_entry {
    enum wf_scope scope;
    enum wf_key id;
    const char *name;
};

static const struct key_entry key_table[] = {
#define WF_SCOPE(s)
#define WF_KEY(s, id, name) {WF_SC_##s, WF_K_##s##_##id, name},
#include "wf_keys.def"
#undef WF_SCOPE
#undef WF_KEY
};

enum wf_key wf_key_lookup(enum wf_scope scope, const char *name)
{
    size_t i;
    /* Scopes are short (under 25 keys) and contiguous in the table. */
    for (i = 0; i < SG_ARRAY_SIZE(key_table); i++)
        if (key_table[i].scope == scope && strcmp(key_table[i].name, name) == 0)
            return key_table[i].id;
    return WF_K_UNKNOWN;
}

/* ---- diagnostics ------------------------------------------------------- */

void wf_error_at(struct wf_loader *L, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sg_diag_vadd(L->d, SG_SEV_ERROR, L->file, line, col, fmt, ap);
    va_end(ap);
}

void wf_error(struct wf_loader *L, const struct wf_value *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sg_diag_vadd(L->d, SG_SEV_ERROR, L->file, at ? at->line : 0, at ? at->col : 0, fmt, ap);
    va_end(ap);
}

enum wf_key wf_pair_key(struct wf_loader *L, const struct wf_pair *p, enum wf_scope scope)
{
    enum wf_key k;
    if (!wf_value_is_scalar(&p->key)) {
        wf_error(L, &p->key, "%s", p->key.kind == WF_SEQ ? "A sequence was not expected"
                                                         : "A mapping was not expected");
        return WF_K_UNKNOWN;
    }
    k = wf_key_lookup(scope, p->key.s);
    if (k == WF_K_UNKNOWN) {
        if (wf_value_has_expr(&p->key))
            wf_error(L, &p->key, "A template expression is not allowed in this context");
        else
            wf_error(L, &p->key, "Unexpected value '%s'", p->key.s);
    }
    return k;
}

/* ---- expression contexts ------------------------------------------------ */

#define CTX_BASE "github", "inputs", "vars"

static const char *const ctx_run_name[] = {CTX_BASE, NULL};
static const char *const ctx_wf_env[] = {CTX_BASE, "secrets", NULL};
static const char *const ctx_call_output[] = {CTX_BASE, "jobs", NULL};
static const char *const ctx_job_if[] = {CTX_BASE, "needs", NULL};
static const char *const ctx_job[] = {CTX_BASE, "needs", "strategy", "matrix", NULL};
static const char *const ctx_job_secrets[] = {CTX_BASE, "needs", "strategy", "matrix", "secrets",
                                              NULL};
static const char *const ctx_job_defaults[] = {CTX_BASE, "needs", "strategy", "matrix", "env",
                                               NULL};
static const char *const ctx_runner[] = {CTX_BASE, "needs", "strategy", "matrix", "secrets",
                                         "steps", "job", "runner", "env", NULL};
static const char *const ctx_runner_nosec[] = {CTX_BASE, "needs", "strategy", "matrix", "steps",
                                               "job", "runner", "env", NULL};
static const char *const ctx_credentials[] = {CTX_BASE, "needs", "strategy", "matrix", "secrets",
                                              "env", NULL};
static const char *const ctx_step_if[] = {CTX_BASE, "needs", "strategy", "matrix", "steps",
                                          "job", "runner", "env", NULL};

static const char *const fn_none[] = {NULL};
static const char *const fn_status[] = {"always", "failure", "cancelled", "success", NULL};
static const char *const fn_hash[] = {"hashFiles", NULL};
static const char *const fn_step_if[] = {"always", "failure", "cancelled", "success", "hashFiles",
                                         NULL};

static const struct expr_allowed allowed_table[WF_CTX_COUNT] = {
    [WF_CTX_NONE] = {ctx_run_name, fn_none},
    [WF_CTX_RUN_NAME] = {ctx_run_name, fn_none},
    [WF_CTX_WF_ENV] = {ctx_wf_env, fn_none},
    [WF_CTX_CALL_OUTPUT] = {ctx_call_output, fn_none},
    [WF_CTX_JOB_IF] = {ctx_job_if, fn_status},
    [WF_CTX_STRATEGY] = {ctx_job_if, fn_none},
    [WF_CTX_JOB] = {ctx_job, fn_none},
    [WF_CTX_JOB_SECRETS] = {ctx_job_secrets, fn_none},
    [WF_CTX_JOB_DEFAULTS] = {ctx_job_defaults, fn_none},
    [WF_CTX_RUNNER] = {ctx_runner, fn_none},
    [WF_CTX_RUNNER_NOSEC] = {ctx_runner_nosec, fn_none},
    [WF_CTX_CREDENTIALS] = {ctx_credentials, fn_none},
    [WF_CTX_STEP] = {ctx_runner, fn_hash},
    [WF_CTX_STEP_IF] = {ctx_step_if, fn_step_if},
};

/* Turns a byte offset inside a one-line scalar into a column; block and
 * multi-line scalars report at the value's start. */
static int offset_col(const struct wf_value *v, size_t off)
{
    size_t i;
    if (v->style == WF_STYLE_BLOCK)
        return v->col;
    for (i = 0; i < off && i < v->len; i++)
        if (v->s[i] == '\n')
            return v->col;
    return v->col + (int)off + (v->style == WF_STYLE_SINGLE || v->style == WF_STYLE_DOUBLE);
}

/* `${{ insert }}` as a mapping key splices a mapping in (GitHub's insert
 * directive); it is not an expression. */
static bool is_insert_directive(const struct wf_value *v)
{
    const char *s = v->s, *e = v->s + v->len;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (e - s < 5 || strncmp(s, "${{", 3) != 0 || strncmp(e - 2, "}}", 2) != 0)
        return false;
    s += 3;
    e -= 2;
    while (s < e && *s == ' ')
        s++;
    while (e > s && e[-1] == ' ')
        e--;
    return e - s == 6 && strncmp(s, "insert", 6) == 0;
}

static void check_template(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx)
{
    struct expr_template t;
    struct expr_error err;

    if (!wf_value_has_expr(v))
        return;
    if (ctx != WF_CTX_NONE && is_insert_directive(v))
        return;
    if (ctx == WF_CTX_NONE) {
        wf_error(L, v, "A template expression is not allowed in this context");
        return;
    }
    memset(&err, 0, sizeof(err));
    if (expr_template_parse(&t, L->a, v->s, v->len, &allowed_table[ctx], &err) != 0)
        wf_error_at(L, v->line, offset_col(v, err.offset), "%s",
                    err.message ? err.message : "invalid expression");
}

void wf_check_expr(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx)
{
    size_t i;
    if (!v)
        return;
    switch (v->kind) {
    case WF_STRING: check_template(L, v, ctx); break;
    case WF_SEQ:
        for (i = 0; i < v->n; i++)
            wf_check_expr(L, &v->items[i], ctx);
        break;
    case WF_MAP:
        for (i = 0; i < v->n; i++) {
            wf_check_expr(L, &v->pairs[i].key, ctx);
            wf_check_expr(L, &v->pairs[i].value, ctx);
        }
        break;
    default: break;
    }
}

void wf_check_condition(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx)
{
    struct expr_error err;

    if (!v || !wf_value_is_scalar(v)) {
        if (v)
            wf_want_string(L, v, ctx, false);
        return;
    }
    if (v->kind != WF_STRING || wf_value_has_expr(v)) {
        check_template(L, v, ctx);
        return;
    }
    /* GitHub reads a bare if: as an expression without the braces. */
    memset(&err, 0, sizeof(err));
    if (v->len && !expr_parse(L->a, v->s, v->len, &allowed_table[ctx], &err))
        wf_error_at(L, v->line, offset_col(v, err.offset), "%s",
                    err.message ? err.message : "invalid expression");
}

/* ---- type checks -------------------------------------------------------- */

void wf_unexpected(struct wf_loader *L, const struct wf_value *v)
{
    if (v->kind == WF_SEQ)
        wf_error(L, v, "A sequence was not expected");
    else if (v->kind == WF_MAP)
        wf_error(L, v, "A mapping was not expected");
    else
        wf_error(L, v, "Unexpected value '%s'", v->s);
}

/* A whole-value expression stands in for any shape where GitHub allows one. */
static bool expr_stands_in(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx,
                           bool *is_expr)
{
    if (!wf_value_has_expr(v))
        return false;
    if (ctx == WF_CTX_NONE) {
        wf_error(L, v, "A template expression is not allowed in this context");
        return true;
    }
    check_template(L, v, ctx);
    if (is_expr)
        *is_expr = true;
    return true;
}

bool wf_want_map(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx, bool *is_expr)
{
    if (is_expr)
        *is_expr = false;
    if (v->kind == WF_MAP)
        return true;
    if (!expr_stands_in(L, v, ctx, is_expr))
        wf_unexpected(L, v);
    return false;
}

bool wf_want_seq(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx, bool *is_expr)
{
    if (is_expr)
        *is_expr = false;
    if (v->kind == WF_SEQ)
        return true;
    if (!expr_stands_in(L, v, ctx, is_expr))
        wf_unexpected(L, v);
    return false;
}

bool wf_want_string(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx, bool nonempty)
{
    if (!wf_value_is_scalar(v) || (nonempty && v->len == 0) ||
        (nonempty && v->kind == WF_NULL)) {
        wf_unexpected(L, v);
        return false;
    }
    check_template(L, v, ctx);
    return true;
}

bool wf_want_bool(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx)
{
    if (v->kind == WF_BOOL)
        return true;
    if (!expr_stands_in(L, v, ctx, NULL))
        wf_unexpected(L, v);
    return false;
}

bool wf_want_number(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx)
{
    if (v->kind == WF_NUMBER)
        return true;
    if (!expr_stands_in(L, v, ctx, NULL))
        wf_unexpected(L, v);
    return false;
}

void wf_want_strlist(struct wf_loader *L, struct wf_strlist *out, const struct wf_value *v,
                     enum wf_ctx ctx)
{
    size_t i;

    memset(out, 0, sizeof(*out));
    out->node = v;
    if (wf_value_is_scalar(v)) {
        if (wf_want_string(L, v, ctx, true)) {
            out->items = sg_arena_alloc(L->a, sizeof(*out->items));
            out->items[0] = v;
            out->n = 1;
        }
        return;
    }
    if (!wf_want_seq(L, v, ctx, NULL))
        return;
    out->items = sg_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof(*out->items));
    for (i = 0; i < v->n; i++)
        if (wf_want_string(L, &v->items[i], ctx, true))
            out->items[out->n++] = &v->items[i];
}

void wf_check_string_map(struct wf_loader *L, const struct wf_value *v, enum wf_ctx ctx)
{
    size_t i;
    if (!wf_want_map(L, v, ctx, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        if (!wf_want_string(L, &p->key, WF_CTX_NONE, true))
            continue;
        wf_want_string(L, &p->value, ctx, false);
    }
}
