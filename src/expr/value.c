/* SPDX-License-Identifier: MIT */
/*
 * Expression values: constructors, arrays and case-insensitive objects in
 * the caller's arena, and GitHub's conversions between kinds (truthiness,
 * to number, to string) and its loose equality and ordering.
 */
#include <math.h>

#include "expr/expr_int.h"

struct expr_value expr_null(void)
{
    struct expr_value v;
    memset(&v, 0, sizeof(v));
    v.kind = EXPR_NULL;
    return v;
}

struct expr_value expr_bool(bool b)
{
    struct expr_value v = expr_null();
    v.kind = EXPR_BOOL;
    v.u.b = b;
    return v;
}

struct expr_value expr_number(double d)
{
    struct expr_value v = expr_null();
    v.kind = EXPR_NUMBER;
    v.u.num = d;
    return v;
}

struct expr_value expr_string(struct sg_arena *a, const char *s, size_t len)
{
    struct expr_value v = expr_null();
    v.kind = EXPR_STRING;
    v.u.str.s = sg_arena_strndup(a, s, len);
    v.u.str.len = len;
    return v;
}

struct expr_value expr_cstring(struct sg_arena *a, const char *s)
{
    return expr_string(a, s, strlen(s));
}

struct expr_value expr_new_array(struct sg_arena *a)
{
    struct expr_value v = expr_null();
    v.kind = EXPR_ARRAY;
    v.u.arr = sg_arena_alloc(a, sizeof(*v.u.arr));
    return v;
}

struct expr_value expr_new_object(struct sg_arena *a)
{
    struct expr_value v = expr_null();
    v.kind = EXPR_OBJECT;
    v.u.obj = sg_arena_alloc(a, sizeof(*v.u.obj));
    return v;
}

/* Arena arrays grow by doubling; the old copy stays in the arena. */
static void *arena_grow(struct sg_arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    void *p;
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 4;
    p = sg_arena_alloc(a, *cap * size);
    if (n)
        memcpy(p, items, n * size);
    return p;
}

void expr_array_push(struct sg_arena *a, struct expr_value *arr, struct expr_value v)
{
    struct expr_array *x = arr->u.arr;
    sg_assert(arr->kind == EXPR_ARRAY);
    x->items = arena_grow(a, x->items, x->n, &x->cap, sizeof(*x->items));
    x->items[x->n++] = v;
}

static struct expr_pair *find_pair(const struct expr_object *o, const char *key, size_t len)
{
    for (size_t i = 0; i < o->n; i++) {
        const char *k = o->items[i].key;
        /* Quick reject on the first ASCII letter before the full compare. */
        if (len && ((unsigned char)k[0] | 0x20) != ((unsigned char)key[0] | 0x20) &&
            (unsigned char)key[0] < 0x80)
            continue;
        if (strlen(k) == len && expr_str_ieq(k, len, key, len))
            return &o->items[i];
    }
    return NULL;
}

void expr_object_set(struct sg_arena *a, struct expr_value *obj, const char *key,
                     struct expr_value v)
{
    struct expr_object *o = obj->u.obj;
    size_t len = strlen(key);
    struct expr_pair *p;

    sg_assert(obj->kind == EXPR_OBJECT);
    if ((p = find_pair(o, key, len))) {
        p->value = v;
        return;
    }
    o->items = arena_grow(a, o->items, o->n, &o->cap, sizeof(*o->items));
    o->items[o->n].key = sg_arena_strndup(a, key, len);
    o->items[o->n].value = v;
    o->n++;
}

const struct expr_value *expr_object_getn(const struct expr_value *obj, const char *key,
                                          size_t len)
{
    struct expr_pair *p;
    if (!obj || obj->kind != EXPR_OBJECT)
        return NULL;
    p = find_pair(obj->u.obj, key, len);
    return p ? &p->value : NULL;
}

const struct expr_value *expr_object_get(const struct expr_value *obj, const char *key)
{
    return expr_object_getn(obj, key, strlen(key));
}

bool expr_truthy(const struct expr_value *v)
{
    switch (v->kind) {
    case EXPR_NULL: return false;
    case EXPR_BOOL: return v->u.b;
    case EXPR_NUMBER: return v->u.num != 0 && !isnan(v->u.num);
    case EXPR_STRING: return v->u.str.len > 0;
    default: return true;
    }
}

double expr_to_number(const struct expr_value *v)
{
    switch (v->kind) {
    case EXPR_NULL: return 0;
    case EXPR_BOOL: return v->u.b ? 1 : 0;
    case EXPR_NUMBER: return v->u.num;
    case EXPR_STRING: return expr_parse_number(v->u.str.s, v->u.str.len);
    default: return NAN;
    }
}

const char *expr_to_string(struct sg_arena *a, const struct expr_value *v, size_t *len_out)
{
    char buf[32];
    const char *s;
    size_t n;

    switch (v->kind) {
    case EXPR_NULL: s = ""; n = 0; break;
    case EXPR_BOOL: s = v->u.b ? "true" : "false"; n = strlen(s); break;
    case EXPR_NUMBER:
        n = expr_format_number(buf, v->u.num);
        s = sg_arena_strndup(a, buf, n);
        break;
    case EXPR_STRING: s = v->u.str.s; n = v->u.str.len; break;
    case EXPR_ARRAY: s = "Array"; n = 5; break;
    default: s = "Object"; n = 6; break;
    }
    if (len_out)
        *len_out = n;
    return s;
}

/* ---- equality and ordering ----------------------------------------------- */

static bool is_primitive(enum expr_kind k)
{
    return k != EXPR_ARRAY && k != EXPR_OBJECT;
}

bool expr_loose_eq(const struct expr_value *l, const struct expr_value *r)
{
    if (l->kind != r->kind) {
        /* Differing primitive kinds compare as numbers; containers never
         * equal anything of another kind. */
        if (!is_primitive(l->kind) || !is_primitive(r->kind))
            return false;
        return expr_to_number(l) == expr_to_number(r);
    }
    switch (l->kind) {
    case EXPR_NULL: return true;
    case EXPR_BOOL: return l->u.b == r->u.b;
    case EXPR_NUMBER: return l->u.num == r->u.num;
    case EXPR_STRING: return expr_str_ieq(l->u.str.s, l->u.str.len, r->u.str.s, r->u.str.len);
    case EXPR_ARRAY: return l->u.arr == r->u.arr;
    default: return l->u.obj == r->u.obj;
    }
}

static int cmp_num(double a, double b)
{
    if (isnan(a) || isnan(b))
        return 2;
    return a < b ? -1 : a > b ? 1 : 0;
}

/* Ordinal comparison after upper-casing, as .NET's OrdinalIgnoreCase. */
static int cmp_str_nocase(const struct expr_value *l, const struct expr_value *r)
{
    size_t n = l->u.str.len < r->u.str.len ? l->u.str.len : r->u.str.len;
    const unsigned char *a = (const unsigned char *)l->u.str.s;
    const unsigned char *b = (const unsigned char *)r->u.str.s;

    for (size_t i = 0; i < n; i++) {
        unsigned char ca = a[i] >= 'a' && a[i] <= 'z' ? a[i] - 32 : a[i];
        unsigned char cb = b[i] >= 'a' && b[i] <= 'z' ? b[i] - 32 : b[i];
        if (ca != cb) {
            if (expr_str_ieq((const char *)a + i, 1, (const char *)b + i, 1))
                continue;
            return ca < cb ? -1 : 1;
        }
    }
    if (expr_str_ieq(l->u.str.s, l->u.str.len, r->u.str.s, r->u.str.len))
        return 0;
    return l->u.str.len < r->u.str.len ? -1 : l->u.str.len > r->u.str.len ? 1 : 0;
}

int expr_compare(const struct expr_value *l, const struct expr_value *r)
{
    if (l->kind != r->kind) {
        if (!is_primitive(l->kind) || !is_primitive(r->kind))
            return 2;
        return cmp_num(expr_to_number(l), expr_to_number(r));
    }
    switch (l->kind) {
    case EXPR_NULL: return 0;
    case EXPR_BOOL: return (int)l->u.b - (int)r->u.b;
    case EXPR_NUMBER: return cmp_num(l->u.num, r->u.num);
    case EXPR_STRING: return cmp_str_nocase(l, r);
    default: return 2;
    }
}
