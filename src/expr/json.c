/* SPDX-License-Identifier: MIT */
/*
 * Values and JSON: fromJSON() parsing (jansson), toJSON()'s indented output
 * exactly as GitHub prints it, the one-line {"kind":...,"value":...} form of
 * `shipgate expr` and the conformance tests, and the jansson bridges.
 */
#include <math.h>

#include "expr/expr_int.h"

struct expr_value expr_from_json(struct sg_arena *a, const json_t *j)
{
    struct expr_value v;
    const char *key;
    json_t *item;
    size_t i;

    switch (json_typeof(j)) {
    case JSON_OBJECT:
        v = expr_new_object(a);
        json_object_foreach((json_t *)j, key, item)
            expr_object_set(a, &v, key, expr_from_json(a, item));
        return v;
    case JSON_ARRAY:
        v = expr_new_array(a);
        json_array_foreach(j, i, item)
            expr_array_push(a, &v, expr_from_json(a, item));
        return v;
    case JSON_STRING:
        return expr_string(a, json_string_value(j), json_string_length(j));
    case JSON_INTEGER:
        return expr_number((double)json_integer_value(j));
    case JSON_REAL:
        return expr_number(json_real_value(j));
    case JSON_TRUE:
        return expr_bool(true);
    case JSON_FALSE:
        return expr_bool(false);
    default:
        return expr_null();
    }
}

json_t *expr_to_json(const struct expr_value *v)
{
    json_t *j;
    char buf[32];

    switch (v->kind) {
    case EXPR_NULL: return json_null();
    case EXPR_BOOL: return json_boolean(v->u.b);
    case EXPR_NUMBER:
        if (isfinite(v->u.num))
            return json_real(v->u.num == 0 ? 0.0 : v->u.num);
        expr_format_number(buf, v->u.num);
        return json_string(buf);
    case EXPR_STRING: return json_stringn(v->u.str.s, v->u.str.len);
    case EXPR_ARRAY:
        j = json_array();
        for (size_t i = 0; i < v->u.arr->n; i++)
            json_array_append_new(j, expr_to_json(&v->u.arr->items[i]));
        return j;
    default:
        j = json_object();
        for (size_t i = 0; i < v->u.obj->n; i++)
            json_object_set_new(j, v->u.obj->items[i].key, expr_to_json(&v->u.obj->items[i].value));
        return j;
    }
}

int expr_json_parse(struct expr_value *out, struct sg_arena *a, const char *s, size_t n)
{
    json_error_t e;
    json_t *j = json_loadb(s, n, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &e);
    if (!j)
        return -1;
    *out = expr_from_json(a, j);
    json_decref(j);
    return 0;
}

/* ---- toJSON ----------------------------------------------------------------- */

static const char *json_escape(unsigned char c, char ctl[8])
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\b': return "\\b";
    case '\f': return "\\f";
    default:
        snprintf(ctl, 8, "\\u%04x", c);
        return ctl;
    }
}

/* A JSON string as Newtonsoft's JsonConvert.ToString writes it: the usual
 * escapes, \u00XX for other controls, and U+0085, U+2028, U+2029 escaped. */
static void add_json_string(struct sg_buf *b, const char *s, size_t n)
{
    size_t start = 0;
    char ctl[8];
    sg_buf_addch(b, '"');
    for (size_t i = 0; i < n; i++) {
        const unsigned char *u = (const unsigned char *)s + i;
        const char *esc = NULL;
        size_t skip = 1;
        if (*u == 0xC2 && i + 1 < n && u[1] == 0x85) {
            esc = "\\u0085";
            skip = 2;
        } else if (*u == 0xE2 && i + 2 < n && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9)) {
            esc = u[2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        } else if (*u < 0x20 || *u == '"' || *u == '\\') {
            esc = json_escape(*u, ctl);
        }
        if (esc) {
            sg_buf_add(b, s + start, i - start);
            sg_buf_addstr(b, esc);
            i += skip - 1;
            start = i + 1;
        }
    }
    sg_buf_add(b, s + start, n - start);
    sg_buf_addch(b, '"');
}

static void indent(struct sg_buf *b, int level)
{
    sg_buf_addch(b, '\n');
    for (int i = 0; i < level * 2; i++)
        sg_buf_addch(b, ' ');
}

static void pretty(struct sg_buf *b, const struct expr_value *v, int level)
{
    char num[32];
    size_t n;

    switch (v->kind) {
    case EXPR_NULL: sg_buf_addstr(b, "null"); return;
    case EXPR_BOOL: sg_buf_addstr(b, v->u.b ? "true" : "false"); return;
    case EXPR_NUMBER:
        n = expr_format_number(num, v->u.num);
        sg_buf_add(b, num, n);
        return;
    case EXPR_STRING: add_json_string(b, v->u.str.s, v->u.str.len); return;
    case EXPR_ARRAY:
        if (v->u.arr->n == 0) {
            sg_buf_addstr(b, "[]");
            return;
        }
        sg_buf_addch(b, '[');
        for (size_t i = 0; i < v->u.arr->n; i++) {
            if (i)
                sg_buf_addch(b, ',');
            indent(b, level + 1);
            pretty(b, &v->u.arr->items[i], level + 1);
        }
        indent(b, level);
        sg_buf_addch(b, ']');
        return;
    default:
        if (v->u.obj->n == 0) {
            sg_buf_addstr(b, "{}");
            return;
        }
        sg_buf_addch(b, '{');
        for (size_t i = 0; i < v->u.obj->n; i++) {
            const struct expr_pair *p = &v->u.obj->items[i];
            if (i)
                sg_buf_addch(b, ',');
            indent(b, level + 1);
            add_json_string(b, p->key, strlen(p->key));
            sg_buf_addstr(b, ": ");
            pretty(b, &p->value, level + 1);
        }
        indent(b, level);
        sg_buf_addch(b, '}');
        return;
    }
}

void expr_json_pretty(struct sg_buf *out, const struct expr_value *v)
{
    pretty(out, v, 0);
}

/* ---- describe ----------------------------------------------------------------- */

static void add_number(struct sg_buf *b, double d)
{
    char buf[40];
    if (isnan(d) || isinf(d)) {
        sg_buf_addstr(b, isnan(d) ? "\"NaN\"" : d < 0 ? "\"-Infinity\"" : "\"Infinity\"");
        return;
    }
    if (d == 0) {
        sg_buf_addch(b, '0');
        return;
    }
    /* The shortest form that reads back as the same double. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    sg_buf_addstr(b, buf);
}

static void compact(struct sg_buf *b, const struct expr_value *v)
{
    switch (v->kind) {
    case EXPR_NULL: sg_buf_addstr(b, "null"); return;
    case EXPR_BOOL: sg_buf_addstr(b, v->u.b ? "true" : "false"); return;
    case EXPR_NUMBER: add_number(b, v->u.num); return;
    case EXPR_STRING: sg_buf_add_json_string(b, v->u.str.s, v->u.str.len); return;
    case EXPR_ARRAY:
        sg_buf_addch(b, '[');
        for (size_t i = 0; i < v->u.arr->n; i++) {
            if (i)
                sg_buf_addch(b, ',');
            compact(b, &v->u.arr->items[i]);
        }
        sg_buf_addch(b, ']');
        return;
    default:
        sg_buf_addch(b, '{');
        for (size_t i = 0; i < v->u.obj->n; i++) {
            if (i)
                sg_buf_addch(b, ',');
            sg_buf_add_json_string(b, v->u.obj->items[i].key, strlen(v->u.obj->items[i].key));
            sg_buf_addch(b, ':');
            compact(b, &v->u.obj->items[i].value);
        }
        sg_buf_addch(b, '}');
        return;
    }
}

void expr_value_describe(struct sg_buf *out, const struct expr_value *v)
{
    static const char *const kinds[] = {"Null", "Boolean", "Number", "String", "Array", "Object"};
    sg_buf_addf(out, "{\"kind\":\"%s\",\"value\":", kinds[v->kind]);
    compact(out, v);
    sg_buf_addch(out, '}');
}
