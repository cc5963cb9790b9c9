/* SPDX-License-Identifier: MIT */
/*
 * Conformance driver for the expression language. Runs every case of
 * <root>/expressions/ (GitHub's published cases) and of
 * <data>/expr/ (ours) through the library: parse with the case's
 * context names as the allowed named values, evaluate, compare kind and
 * value (numbers numerically) or error kind and message.
 *
 * The published cases were written for a harness that checks that the
 * actual message *contains* the expected one, and a few carry only the
 * start of GitHub's message; for those files a message that begins with
 * the expected text passes (and is counted). Our own cases must match
 * exactly. options.skip is ignored: skipped implementations are not us.
 *
 * usage: conf_expressions SHARED_CONFORMANCE_ROOT [PROJECT_DATA_DIR]
 */
#include <dirent.h>
#include <math.h>

#include "expr/expr.h"

struct totals {
    size_t passed, failed, prefix;
};

static bool match_value(const json_t *e, const struct expr_value *v)
{
    switch (json_typeof(e)) {
    case JSON_NULL: return v->kind == EXPR_NULL;
    case JSON_TRUE: return v->kind == EXPR_BOOL && v->u.b;
    case JSON_FALSE: return v->kind == EXPR_BOOL && !v->u.b;
    case JSON_INTEGER:
    case JSON_REAL: return v->kind == EXPR_NUMBER && v->u.num == json_number_value(e);
    case JSON_STRING:
        if (v->kind == EXPR_NUMBER) {
            /* The describe form spells non-finite numbers as strings. */
            char buf[16];
            if (isnan(v->u.num))
                return !strcmp(json_string_value(e), "NaN");
            if (!isinf(v->u.num))
                return false;
            snprintf(buf, sizeof(buf), "%sInfinity", v->u.num < 0 ? "-" : "");
            return !strcmp(json_string_value(e), buf);
        }
        return v->kind == EXPR_STRING && v->u.str.len == json_string_length(e) &&
               !memcmp(v->u.str.s, json_string_value(e), v->u.str.len);
    case JSON_ARRAY:
        if (v->kind != EXPR_ARRAY || v->u.arr->n != json_array_size(e))
            return false;
        for (size_t i = 0; i < v->u.arr->n; i++)
            if (!match_value(json_array_get(e, i), &v->u.arr->items[i]))
                return false;
        return true;
    case JSON_OBJECT: {
        const char *key;
        json_t *item;
        if (v->kind != EXPR_OBJECT || v->u.obj->n != json_object_size(e))
            return false;
        json_object_foreach((json_t *)e, key, item) {
            const struct expr_value *got = NULL;
            for (size_t i = 0; i < v->u.obj->n && !got; i++)
                if (!strcmp(v->u.obj->items[i].key, key))
                    got = &v->u.obj->items[i].value;
            if (!got || !match_value(item, got))
                return false;
        }
        return true;
    }
    }
    return false;
}

static const char *kind_name(enum expr_kind k)
{
    static const char *const names[] = {"Null", "Boolean", "Number", "String", "Array", "Object"};
    return names[k];
}

static enum expr_status parse_status(const json_t *c)
{
    const char *s = json_string_value(json_object_get(json_object_get(c, "options"), "status"));
    if (s && !strcmp(s, "failure"))
        return EXPR_STATUS_FAILURE;
    if (s && !strcmp(s, "cancelled"))
        return EXPR_STATUS_CANCELLED;
    return EXPR_STATUS_SUCCESS;
}

/* Runs one case; returns NULL when it passes, else what happened. */
static char *run_case(const json_t *c, bool allow_prefix, bool *by_prefix)
{
    struct sg_arena *a = sg_arena_new();
    const char *src = json_string_value(json_object_get(c, "expr"));
    const json_t *ctx = json_object_get(c, "contexts");
    const json_t *want_err = json_object_get(c, "err");
    const json_t *want = json_object_get(c, "result");
    const char **names = sg_xcalloc(json_object_size(ctx) + 1, sizeof(*names));
    struct expr_allowed allowed = {names, NULL};
    struct expr_context cx;
    struct expr_error err;
    struct expr_value v;
    struct expr_node *n;
    struct sg_buf got = SG_BUF_INIT;
    const char *key;
    json_t *item;
    size_t i = 0;
    char *fail = NULL;
    int rc;

    expr_context_init(&cx, a);
    cx.status = parse_status(c);
    json_object_foreach((json_t *)ctx, key, item) {
        names[i++] = key;
        expr_context_set(a, &cx, key, expr_from_json(a, item));
    }
    n = expr_parse(a, src ? src : "", src ? strlen(src) : 0, &allowed, &err);
    rc = n ? expr_eval(&v, n, &cx, a, &err) : -1;
    if (rc < 0) {
        const char *wk = json_string_value(json_object_get(want_err, "kind"));
        const char *wm = json_string_value(json_object_get(want_err, "value"));
        sg_buf_addf(&got, "error %s: %s", expr_error_kind_name(err.kind), err.message);
        if (wk && wm && !strcmp(wk, expr_error_kind_name(err.kind))) {
            if (!strcmp(wm, err.message))
                goto done;
            if (allow_prefix && sg_starts_with(err.message, wm)) {
                *by_prefix = true;
                goto done;
            }
        }
    } else {
        const char *wk = json_string_value(json_object_get(want, "kind"));
        expr_value_describe(&got, &v);
        if (want && wk && !strcmp(wk, kind_name(v.kind)) &&
            match_value(json_object_get(want, "value"), &v))
            goto done;
    }
    fail = sg_buf_detach(&got);
done:
    sg_buf_release(&got);
    free(names);
    sg_arena_free(a);
    return fail;
}

static void run_file(const char *path, bool allow_prefix, struct totals *t)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_DECODE_INT_AS_REAL, &je);
    const char *section;
    json_t *cases;

    if (!root) {
        printf("FAIL %s: cannot load: %s (line %d)\n", path, je.text, je.line);
        t->failed++;
        return;
    }
    json_object_foreach(root, section, cases) {
        size_t i;
        json_t *c;
        json_array_foreach(cases, i, c) {
            bool by_prefix = false;
            char *fail = run_case(c, allow_prefix, &by_prefix);
            char *want;
            if (!fail) {
                t->passed++;
                t->prefix += by_prefix;
                continue;
            }
            want = json_dumps(json_object_get(c, "err") ? json_object_get(c, "err")
                                                         : json_object_get(c, "result"),
                              JSON_COMPACT | JSON_ENCODE_ANY);
            printf("FAIL %s [%s] expr: %s\n  expected: %s\n  actual:   %s\n", path, section,
                   json_string_value(json_object_get(c, "expr")), want ? want : "?", fail);
            free(want);
            free(fail);
            t->failed++;
        }
    }
    json_decref(root);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *dir, bool allow_prefix, struct totals *t)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;

    if (!d) {
        printf("FAIL %s: cannot open: %s\n", dir, strerror(errno));
        t->failed++;
        return;
    }
    while ((e = readdir(d)))
        if (sg_ends_with(e->d_name, ".json")) {
            SG_GROW(names, cap, n + 1);
            names[n++] = sg_xstrdup(e->d_name);
        }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        run_file(path, allow_prefix, t);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    struct totals t = {0, 0, 0};
    char dir[4096];

    if (argc < 2) {
        fprintf(stderr, "usage: %s CONFORMANCE_ROOT [DATA_DIR]\n", argv[0]);
        return 2;
    }
    snprintf(dir, sizeof(dir), "%s/expressions", argv[1]);
    run_dir(dir, true, &t);
    if (argc > 2) {
        snprintf(dir, sizeof(dir), "%s/expr", argv[2]);
        run_dir(dir, false, &t);
    }
    if (t.prefix)
        printf("note: %zu published cases matched a message by its beginning\n", t.prefix);
    printf("%zu passed, %zu failed\n", t.passed, t.failed);
    return t.failed ? 1 : 0;
}
