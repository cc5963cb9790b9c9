/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes as a `${{ }}` template and as an `if:`
 * condition, evaluated against a small context. Must never crash, leak or
 * hang.
 */
#include "expr/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_context c;
    struct expr_template t;
    struct expr_error err;
    struct expr_value v, obj;
    char *cond;
    bool b;

    expr_context_init(&c, a);
    obj = expr_new_object(a);
    expr_object_set(a, &obj, "ref", expr_cstring(a, "refs/heads/main"));
    expr_object_set(a, &obj, "run_number", expr_number(42));
    expr_context_set(a, &c, "github", obj);
    c.status = (enum expr_status)(size % 3);
    (void)expr_template_has_expr((const char *)data, size);
    if (expr_template_parse(&t, a, (const char *)data, size, NULL, &err) == 0)
        (void)expr_template_eval(&v, &t, &c, a, &err);
    cond = sg_arena_strndup(a, (const char *)data, size);
    (void)expr_eval_condition(&b, cond, &c, a, &err);
    sg_arena_free(a);
    return 0;
}
