/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes as an expression, parsed and evaluated
 * against a small context (objects, arrays, strings, numbers), with and
 * without a list of allowed names. Must never crash, leak or hang.
 */
#include "expr/expr.h"

static const char *const CONTEXT_JSON =
    "{\"github\":{\"ref\":\"refs/heads/main\",\"event\":{\"commits\":[{\"message\":\"a\"},"
    "{\"message\":\"[skip ci]\"}],\"number\":7}},\"matrix\":{\"os\":[\"linux\",\"mac\"],"
    "\"n\":1.5},\"env\":{\"CI\":\"true\",\"EMPTY\":\"\"},\"steps\":{}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"github", "matrix", "env", "steps", NULL};
    static const char *const fns[] = {"success", "always", NULL};
    struct expr_allowed allowed = {names, fns};
    struct sg_arena *a = sg_arena_new();
    json_t *j = json_loads(CONTEXT_JSON, 0, NULL);
    struct expr_context c;
    struct expr_error err;
    struct expr_value v;
    struct expr_node *n;
    struct sg_buf out = SG_BUF_INIT;
    const char *key;
    json_t *item;

    expr_context_init(&c, a);
    json_object_foreach(j, key, item)
        expr_context_set(a, &c, key, expr_from_json(a, item));
    json_decref(j);
    n = expr_parse(a, (const char *)data, size, size % 2 ? &allowed : NULL, &err);
    if (n && expr_eval(&v, n, &c, a, &err) == 0) {
        json_t *back;
        expr_value_describe(&out, &v);
        back = expr_to_json(&v);
        json_decref(back);
        (void)expr_uses_status_function(n);
    }
    sg_buf_release(&out);
    sg_arena_free(a);
    return 0;
}
