/* SPDX-License-Identifier: MIT */
/*
 * The built-in functions listed in functions.def: what each computes, with
 * GitHub's coercions and error messages. Argument counts were checked by
 * the parser. JSON conversion lives in json.c.
 */
#include "base/glob.h"
#include "expr/expr_int.h"

struct call {
    struct expr_value *out;
    const struct expr_node *n;
    struct expr_eval_state *st;
};

static int arg(struct call *c, size_t i, struct expr_value *v)
{
    return expr_eval_node(v, c->n->args[i], c->st);
}

static bool primitive(const struct expr_value *v)
{
    return v->kind != EXPR_ARRAY && v->kind != EXPR_OBJECT;
}

static int fn_contains(struct call *c)
{
    struct expr_value l, r;
    *c->out = expr_bool(false);
    if (arg(c, 0, &l) < 0)
        return -1;
    if (primitive(&l)) {
        size_t ln, rn;
        const char *ls, *rs;
        if (arg(c, 1, &r) < 0)
            return -1;
        if (!primitive(&r))
            return 0;
        ls = expr_to_string(c->st->a, &l, &ln);
        rs = expr_to_string(c->st->a, &r, &rn);
        *c->out = expr_bool(expr_str_icontains(ls, ln, rs, rn));
    } else if (l.kind == EXPR_ARRAY && l.u.arr->n > 0) {
        if (arg(c, 1, &r) < 0)
            return -1;
        for (size_t i = 0; i < l.u.arr->n; i++)
            if (expr_loose_eq(&r, &l.u.arr->items[i])) {
                *c->out = expr_bool(true);
                break;
            }
    }
    return 0;
}

static int fn_affix(struct call *c, bool ends)
{
    struct expr_value l, r;
    size_t ln, rn;
    const char *ls, *rs;

    *c->out = expr_bool(false);
    if (arg(c, 0, &l) < 0)
        return -1;
    if (!primitive(&l))
        return 0;
    if (arg(c, 1, &r) < 0)
        return -1;
    if (!primitive(&r))
        return 0;
    ls = expr_to_string(c->st->a, &l, &ln);
    rs = expr_to_string(c->st->a, &r, &rn);
    *c->out = expr_bool(ends ? expr_str_iends(ls, ln, rs, rn) : expr_str_istarts(ls, ln, rs, rn));
    return 0;
}

static int fn_join(struct call *c)
{
    struct expr_value items, sepv;
    const char *sep = ",", *s;
    size_t seplen = 1, n;
    struct sg_buf b = SG_BUF_INIT;

    if (arg(c, 0, &items) < 0)
        return -1;
    if (primitive(&items)) {
        s = expr_to_string(c->st->a, &items, &n);
        *c->out = expr_string(c->st->a, s, n);
        return 0;
    }
    if (items.kind != EXPR_ARRAY || items.u.arr->n == 0) {
        *c->out = expr_cstring(c->st->a, "");
        return 0;
    }
    if (items.u.arr->n > 1 && c->n->nargs > 1) {
        if (arg(c, 1, &sepv) < 0)
            return -1;
        if (primitive(&sepv))
            sep = expr_to_string(c->st->a, &sepv, &seplen);
    }
    for (size_t i = 0; i < items.u.arr->n; i++) {
        if (i)
            sg_buf_add(&b, sep, seplen);
        s = expr_to_string(c->st->a, &items.u.arr->items[i], &n);
        sg_buf_add(&b, s, n);
        if (expr_charge(c->st, c->n, 2 * (n + seplen)) < 0) {
            sg_buf_release(&b);
            return -1;
        }
    }
    *c->out = expr_string(c->st->a, b.data ? b.data : "", b.len);
    sg_buf_release(&b);
    return 0;
}

static int fn_case(struct call *c)
{
    struct expr_value pred;
    size_t i;

    for (i = 0; i + 1 < c->n->nargs; i += 2) {
        if (arg(c, i, &pred) < 0)
            return -1;
        if (pred.kind != EXPR_BOOL)
            return expr_fail(c->st->err, c->st->a, EXPR_ERR_EVALUATION, c->n->offset,
                             "case predicate must evaluate to a boolean value");
        if (pred.u.b)
            return arg(c, i + 1, c->out);
    }
    return arg(c, c->n->nargs - 1, c->out);
}

static int fn_fromjson(struct call *c)
{
    struct expr_value v;
    const char *s;
    size_t n;

    if (arg(c, 0, &v) < 0)
        return -1;
    s = expr_to_string(c->st->a, &v, &n);
    if (expr_json_parse(c->out, c->st->a, s, n) < 0)
        return expr_fail(c->st->err, c->st->a, EXPR_ERR_EVALUATION, c->n->offset,
                         "Error parsing fromJson");
    return 0;
}

static int fn_tojson(struct call *c)
{
    struct expr_value v;
    struct sg_buf b = SG_BUF_INIT;
    int rc;

    if (arg(c, 0, &v) < 0)
        return -1;
    expr_json_pretty(&b, &v);
    rc = expr_charge(c->st, c->n, 2 * b.len);
    if (rc == 0)
        *c->out = expr_string(c->st->a, b.data ? b.data : "", b.len);
    sg_buf_release(&b);
    return rc;
}

static int fn_hashfiles(struct call *c)
{
    const char **patterns = sg_arena_alloc(c->st->a, c->n->nargs * sizeof(*patterns));
    struct sg_buf msg = SG_BUF_INIT;
    char hex[65];
    struct expr_value v;
    const char *ws = c->st->c->workspace;

    for (size_t i = 0; i < c->n->nargs; i++) {
        if (arg(c, i, &v) < 0)
            return -1;
        patterns[i] = expr_to_string(c->st->a, &v, NULL);
    }
    if (!ws)
        return expr_fail(c->st->err, c->st->a, EXPR_ERR_EVALUATION, c->n->offset,
                         "hashFiles('%s') failed. There is no workspace to hash files in",
                         patterns[0]);
    if (sg_hash_files(hex, ws, patterns, c->n->nargs, &msg) < 0) {
        expr_fail(c->st->err, c->st->a, EXPR_ERR_EVALUATION, c->n->offset,
                  "hashFiles('%s') failed. Fail to hash files under directory '%s': %s",
                  patterns[0], ws, sg_buf_str(&msg));
        sg_buf_release(&msg);
        return -1;
    }
    sg_buf_release(&msg);
    *c->out = expr_cstring(c->st->a, hex);
    return 0;
}

static int fn_status(struct call *c)
{
    enum expr_status s = c->st->c->status;
    switch (c->n->fn) {
    case EXPR_FN_SUCCESS: *c->out = expr_bool(s == EXPR_STATUS_SUCCESS); break;
    case EXPR_FN_FAILURE: *c->out = expr_bool(s == EXPR_STATUS_FAILURE); break;
    case EXPR_FN_CANCELLED: *c->out = expr_bool(s == EXPR_STATUS_CANCELLED); break;
    default: *c->out = expr_bool(true); break;
    }
    return 0;
}

int expr_call_node(struct expr_value *out, const struct expr_node *n, struct expr_eval_state *st)
{
    struct call c = {out, n, st};

    switch (n->fn) {
    case EXPR_FN_CONTAINS: return fn_contains(&c);
    case EXPR_FN_STARTSWITH: return fn_affix(&c, false);
    case EXPR_FN_ENDSWITH: return fn_affix(&c, true);
    case EXPR_FN_FORMAT: return expr_fn_format(out, n, st);
    case EXPR_FN_JOIN: return fn_join(&c);
    case EXPR_FN_TOJSON: return fn_tojson(&c);
    case EXPR_FN_FROMJSON: return fn_fromjson(&c);
    case EXPR_FN_CASE: return fn_case(&c);
    case EXPR_FN_HASHFILES: return fn_hashfiles(&c);
    default: return fn_status(&c);
    }
}
