/* SPDX-License-Identifier: MIT */
/*
 * The evaluator: walks a syntax tree against a context and produces a value
 * in the caller's arena. Operators follow GitHub's rules: && and || return
 * an operand, comparisons coerce differing primitive kinds to numbers,
 * strings compare ignoring case, containers compare by reference, indexing
 * anything but a container yields null and `*` filters build arrays that
 * later indexes apply to item by item. Functions live in functions.c.
 */
#include <math.h>

#include "expr/expr_int.h"

void expr_context_init(struct expr_context *c, struct sg_arena *a)
{
    memset(c, 0, sizeof(*c));
    c->root = expr_new_object(a);
    c->status = EXPR_STATUS_SUCCESS;
}

void expr_context_set(struct sg_arena *a, struct expr_context *c, const char *name,
                      struct expr_value v)
{
    expr_object_set(a, &c->root, name, v);
}

int expr_charge(struct expr_eval_state *st, const struct expr_node *n, size_t bytes)
{
    st->memory += bytes;
    if (st->memory <= EXPR_MAX_MEMORY)
        return 0;
    return expr_fail(st->err, st->a, EXPR_ERR_EVALUATION, n->offset,
                     "The maximum allowed memory size was exceeded while evaluating the "
                     "following expression: %.*s",
                     (int)n->src_len, n->src);
}

/* How an index operand selects: by name, by position, or every item. */
struct index_key {
    bool wildcard;
    bool has_str, has_int;
    const char *str;
    size_t len;
    size_t pos;
};

/* need_int: whether the left side can be indexed by position (array or
 * filtered array), so property names skip the number conversion. */
static int eval_index_key(struct index_key *k, const struct expr_node *n, bool need_int,
                          struct expr_eval_state *st)
{
    struct expr_value v;
    double d;

    memset(k, 0, sizeof(*k));
    if (n->kind == EXPR_N_WILDCARD) {
        k->wildcard = true;
        return 0;
    }
    if (n->kind == EXPR_N_LITERAL)
        v = n->lit;
    else if (expr_eval_node(&v, n, st) < 0)
        return -1;
    if (v.kind != EXPR_ARRAY && v.kind != EXPR_OBJECT) {
        k->has_str = true;
        k->str = expr_to_string(st->a, &v, &k->len);
    }
    if (!need_int)
        return 0;
    d = expr_to_number(&v);
    if (!isnan(d) && d >= 0 && floor(d) <= 2147483647.0) {
        k->has_int = true;
        k->pos = (size_t)floor(d);
    }
    return 0;
}

static struct expr_value filtered_array(struct sg_arena *a)
{
    struct expr_value r = expr_new_array(a);
    r.u.arr->filtered = true;
    return r;
}

/* Appends what key selects from one container to a filtered array. */
static void select_into(struct sg_arena *a, struct expr_value *out, const struct expr_value *from,
                        const struct index_key *k)
{
    if (from->kind == EXPR_OBJECT) {
        const struct expr_object *o = from->u.obj;
        if (k->wildcard) {
            for (size_t i = 0; i < o->n; i++)
                expr_array_push(a, out, o->items[i].value);
        } else if (k->has_str) {
            const struct expr_value *v = expr_object_getn(from, k->str, k->len);
            if (v)
                expr_array_push(a, out, *v);
        }
    } else if (from->kind == EXPR_ARRAY) {
        const struct expr_array *arr = from->u.arr;
        if (k->wildcard) {
            for (size_t i = 0; i < arr->n; i++)
                expr_array_push(a, out, arr->items[i]);
        } else if (k->has_int && k->pos < arr->n) {
            expr_array_push(a, out, arr->items[k->pos]);
        }
    }
}

static int eval_index(struct expr_value *out, const struct expr_node *n,
                      struct expr_eval_state *st)
{
    struct expr_value left;
    struct index_key k;

    if (expr_eval_node(&left, n->args[0], st) < 0)
        return -1;
    if (left.kind != EXPR_OBJECT && left.kind != EXPR_ARRAY) {
        /* The index operand is not even evaluated, as in GitHub. */
        *out = n->args[1]->kind == EXPR_N_WILDCARD ? filtered_array(st->a) : expr_null();
        return 0;
    }
    if (eval_index_key(&k, n->args[1], left.kind == EXPR_ARRAY, st) < 0)
        return -1;
    if (left.kind == EXPR_ARRAY && left.u.arr->filtered) {
        *out = filtered_array(st->a);
        for (size_t i = 0; i < left.u.arr->n; i++)
            select_into(st->a, out, &left.u.arr->items[i], &k);
        return 0;
    }
    if (k.wildcard) {
        *out = filtered_array(st->a);
        select_into(st->a, out, &left, &k);
        return 0;
    }
    *out = expr_null();
    if (left.kind == EXPR_OBJECT && k.has_str) {
        const struct expr_value *v = expr_object_getn(&left, k.str, k.len);
        if (v)
            *out = *v;
    } else if (left.kind == EXPR_ARRAY && k.has_int && k.pos < left.u.arr->n) {
        *out = left.u.arr->items[k.pos];
    }
    return 0;
}

/* && returns the first falsy operand, || the first truthy; else the last. */
static int eval_logical(struct expr_value *out, const struct expr_node *n,
                        struct expr_eval_state *st, bool want)
{
    for (size_t i = 0; i < n->nargs; i++) {
        if (expr_eval_node(out, n->args[i], st) < 0)
            return -1;
        if (expr_truthy(out) == want)
            return 0;
    }
    return 0;
}

static int eval_binary(struct expr_value *out, const struct expr_node *n,
                       struct expr_eval_state *st)
{
    struct expr_value l, r;
    int c;

    if (expr_eval_node(&l, n->args[0], st) < 0 || expr_eval_node(&r, n->args[1], st) < 0)
        return -1;
    switch (n->kind) {
    case EXPR_N_EQ: *out = expr_bool(expr_loose_eq(&l, &r)); return 0;
    case EXPR_N_NE: *out = expr_bool(!expr_loose_eq(&l, &r)); return 0;
    default: break;
    }
    c = expr_compare(&l, &r);
    switch (n->kind) {
    case EXPR_N_LT: *out = expr_bool(c == -1); break;
    case EXPR_N_LE: *out = expr_bool(c == -1 || c == 0); break;
    case EXPR_N_GT: *out = expr_bool(c == 1); break;
    default: *out = expr_bool(c == 1 || c == 0); break;
    }
    return 0;
}

int expr_eval_node(struct expr_value *out, const struct expr_node *n, struct expr_eval_state *st)
{
    const struct expr_value *v;

    switch (n->kind) {
    case EXPR_N_LITERAL:
        *out = n->lit;
        return 0;
    case EXPR_N_CONTEXT:
        v = expr_object_getn(&st->c->root, n->name, n->name_len);
        *out = v ? *v : expr_null();
        return 0;
    case EXPR_N_INDEX:
        return eval_index(out, n, st);
    case EXPR_N_NOT:
        if (expr_eval_node(out, n->args[0], st) < 0)
            return -1;
        *out = expr_bool(!expr_truthy(out));
        return 0;
    case EXPR_N_AND:
        return eval_logical(out, n, st, false);
    case EXPR_N_OR:
        return eval_logical(out, n, st, true);
    case EXPR_N_CALL:
        return expr_call_node(out, n, st);
    case EXPR_N_WILDCARD:
        break;
    default:
        return eval_binary(out, n, st);
    }
    SG_BUG("wildcard evaluated outside an index");
}

int expr_eval(struct expr_value *out, const struct expr_node *n, const struct expr_context *c,
              struct sg_arena *a, struct expr_error *err)
{
    struct expr_eval_state st = {c, a, err, 0};
    memset(err, 0, sizeof(*err));
    return expr_eval_node(out, n, &st);
}

int expr_evaluate(struct expr_value *out, const char *src, const struct expr_context *c,
                  struct sg_arena *a, struct expr_error *err)
{
    struct expr_node *n = expr_parse(a, src, strlen(src), NULL, err);
    if (!n)
        return -1;
    return expr_eval(out, n, c, a, err);
}
