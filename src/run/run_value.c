/* SPDX-License-Identifier: MIT */
/*
 * Value helpers for the runner: `${{ }}` evaluated inside whole YAML values
 * (env maps, with:, outputs, strategy.matrix), shallow object copies and the
 * clock. Expression semantics themselves live in src/expr.
 */
#include <time.h>

#include "run/run_int.h"

long long run_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *run_result_name(enum run_result r)
{
    switch (r) {
    case RUN_SUCCESS: return "success";
    case RUN_FAILURE: return "failure";
    case RUN_CANCELLED: return "cancelled";
    case RUN_SKIPPED: return "skipped";
    case RUN_PENDING: break;
    }
    return "pending";
}

static int eval_text(struct expr_value *out, struct sg_arena *a, const char *s, size_t len,
                     const struct expr_context *c, const char **err)
{
    struct expr_template t;
    struct expr_error e = {0};
    if (!expr_template_has_expr(s, len)) {
        *out = expr_string(a, s, len);
        return 0;
    }
    if (expr_template_parse(&t, a, s, len, NULL, &e) != 0 ||
        expr_template_eval(out, &t, c, a, &e) != 0) {
        *err = sg_arena_printf(a, "%s", e.message ? e.message : "invalid expression");
        return -1;
    }
    return 0;
}

int run_eval_deep(struct expr_value *out, struct sg_arena *a, const struct expr_value *v,
                  const struct expr_context *c, const char **err)
{
    size_t i;
    switch (v->kind) {
    case EXPR_STRING:
        return eval_text(out, a, v->u.str.s, v->u.str.len, c, err);
    case EXPR_ARRAY:
        *out = expr_new_array(a);
        for (i = 0; i < v->u.arr->n; i++) {
            struct expr_value item;
            if (run_eval_deep(&item, a, &v->u.arr->items[i], c, err) != 0)
                return -1;
            expr_array_push(a, out, item);
        }
        return 0;
    case EXPR_OBJECT:
        *out = expr_new_object(a);
        for (i = 0; i < v->u.obj->n; i++) {
            struct expr_value item;
            if (run_eval_deep(&item, a, &v->u.obj->items[i].value, c, err) != 0)
                return -1;
            expr_object_set(a, out, v->u.obj->items[i].key, item);
        }
        return 0;
    default:
        *out = *v;
        return 0;
    }
}

int run_eval_node(struct expr_value *out, struct sg_arena *a, const struct wf_value *v,
                  const struct expr_context *c, const char **err)
{
    struct expr_value raw;
    if (!v) {
        *out = expr_null();
        return 0;
    }
    raw = plan_value_from_yaml(a, v);
    return run_eval_deep(out, a, &raw, c, err);
}

int run_eval_string(const char **out, struct sg_arena *a, const struct wf_value *v,
                    const struct expr_context *c, const char **err)
{
    struct expr_value r;
    *out = NULL;
    if (!v)
        return 0;
    if (eval_text(&r, a, v->s, v->len, c, err) != 0)
        return -1;
    *out = expr_to_string(a, &r, NULL);
    return 0;
}

struct expr_value run_object_copy(struct sg_arena *a, const struct expr_value *obj)
{
    struct expr_value out = expr_new_object(a);
    size_t i;
    if (obj && obj->kind == EXPR_OBJECT)
        for (i = 0; i < obj->u.obj->n; i++)
            expr_object_set(a, &out, obj->u.obj->items[i].key, obj->u.obj->items[i].value);
    return out;
}
