/* SPDX-License-Identifier: MIT */
/*
 * `${{ }}` templates: splitting a string into literal text and expressions
 * (a `}}` inside a quoted literal does not close, as in GitHub's template
 * reader), evaluating them, and `if:` conditions with their implicit
 * `success() &&`.
 */
#include "expr/expr_int.h"

bool expr_template_has_expr(const char *s, size_t len)
{
    for (const char *p = s; len >= 3 && (p = memchr(p, '$', (size_t)(s + len - p) - 2)); p++)
        if (p[1] == '{' && p[2] == '{')
            return true;
    return false;
}

static const char *find_open(const char *s, size_t from, size_t len)
{
    for (size_t i = from; i + 3 <= len; i++)
        if (s[i] == '$' && s[i + 1] == '{' && s[i + 2] == '{')
            return s + i;
    return NULL;
}

/* Offset of the second '}' of the closing `}}`, or -1. */
static long find_close(const char *s, size_t from, size_t len)
{
    bool in_string = false;
    for (size_t i = from; i < len; i++) {
        if (s[i] == '\'')
            in_string = !in_string; /* '' escapes toggle twice */
        else if (!in_string && s[i] == '}' && s[i - 1] == '}')
            return (long)i;
    }
    return -1;
}

static struct expr_template_part *add_part(struct sg_arena *a, struct expr_template *t,
                                           size_t *cap)
{
    if (t->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        struct expr_template_part *p = sg_arena_alloc(a, ncap * sizeof(*p));
        if (t->n)
            memcpy(p, t->parts, t->n * sizeof(*p));
        t->parts = p;
        *cap = ncap;
    }
    return memset(&t->parts[t->n++], 0, sizeof(*t->parts));
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
            return false;
    return true;
}

static int parse_expr_part(struct expr_template *out, struct sg_arena *a, const char *s,
                           size_t open, size_t close, size_t *cap,
                           const struct expr_allowed *allowed, struct expr_error *err)
{
    struct expr_template_part *p = add_part(a, out, cap);
    size_t start = open + 3, n = close - 1 - start;

    p->is_expr = true;
    p->text = s + start;
    p->len = n;
    p->offset = open;
    if (blank(s + start, n))
        return expr_fail(err, a, EXPR_ERR_PARSING, open, "An expression was expected");
    /* GitHub parses the trimmed text: positions in its messages count from
     * the first non-blank character. */
    while (n && blank(s + start, 1)) {
        start++;
        n--;
    }
    while (n && blank(s + start + n - 1, 1))
        n--;
    p->text = s + start;
    p->len = n;
    p->node = expr_parse(a, s + start, n, allowed, err);
    if (!p->node) {
        err->offset += start;
        return -1;
    }
    return 0;
}

int expr_template_parse(struct expr_template *out, struct sg_arena *a, const char *s, size_t len,
                        const struct expr_allowed *allowed, struct expr_error *err)
{
    size_t i = 0, cap = 0;

    memset(out, 0, sizeof(*out));
    memset(err, 0, sizeof(*err));
    while (i < len) {
        const char *open = find_open(s, i, len);
        size_t o = open ? (size_t)(open - s) : len;
        long close;

        if (o > i) {
            struct expr_template_part *p = add_part(a, out, &cap);
            p->text = s + i;
            p->len = o - i;
            p->offset = i;
        }
        if (!open)
            break;
        close = find_close(s, o + 3, len);
        if (close < 0)
            return expr_fail(err, a, EXPR_ERR_PARSING, o,
                             "The expression is not closed. An unescaped ${{ sequence was "
                             "found, but the closing }} sequence was not found.");
        if (parse_expr_part(out, a, s, o, (size_t)close, &cap, allowed, err) < 0)
            return -1;
        i = (size_t)close + 1;
    }
    return 0;
}

int expr_template_eval(struct expr_value *out, const struct expr_template *t,
                       const struct expr_context *c, struct sg_arena *a, struct expr_error *err)
{
    struct sg_buf b = SG_BUF_INIT;

    memset(err, 0, sizeof(*err));
    if (t->n == 1 && t->parts[0].is_expr)
        return expr_eval(out, t->parts[0].node, c, a, err);
    for (size_t i = 0; i < t->n; i++) {
        const struct expr_template_part *p = &t->parts[i];
        struct expr_value v;
        const char *s;
        size_t n;

        if (!p->is_expr) {
            sg_buf_add(&b, p->text, p->len);
            continue;
        }
        if (expr_eval(&v, p->node, c, a, err) < 0) {
            err->offset += p->offset + 3;
            sg_buf_release(&b);
            return -1;
        }
        s = expr_to_string(a, &v, &n);
        sg_buf_add(&b, s, n);
    }
    *out = expr_string(a, b.data ? b.data : "", b.len);
    sg_buf_release(&b);
    return 0;
}

/* The whole condition as one tree: the single `${{ }}` it consists of, or
 * the bare text. NULL with *is_text set when the condition mixes text and
 * expressions (GitHub then evaluates it as a string, always truthy unless
 * empty). */
static struct expr_node *condition_tree(struct expr_template *t, bool *is_text,
                                        struct sg_arena *a, const char *s, size_t n,
                                        struct expr_error *err)
{
    *is_text = false;
    if (!expr_template_has_expr(s, n))
        return expr_parse(a, s, n, NULL, err);
    if (expr_template_parse(t, a, s, n, NULL, err) < 0)
        return NULL;
    if (t->n == 1 && t->parts[0].is_expr)
        return t->parts[0].node;
    *is_text = true;
    return NULL;
}

int expr_eval_condition(bool *out, const char *src, const struct expr_context *c,
                        struct sg_arena *a, struct expr_error *err)
{
    size_t n = strlen(src);
    struct expr_template t;
    struct expr_node *node;
    struct expr_value v;
    bool is_text;

    while (n && (src[0] == ' ' || (src[0] >= '\t' && src[0] <= '\r')))
        src++, n--;
    while (n && (src[n - 1] == ' ' || (src[n - 1] >= '\t' && src[n - 1] <= '\r')))
        n--;
    memset(err, 0, sizeof(*err));
    node = condition_tree(&t, &is_text, a, src, n, err);
    if (!node && !is_text)
        return -1;
    /* Without a status function GitHub reads `success() && (...)`. */
    if (!expr_uses_status_function(node) && c->status != EXPR_STATUS_SUCCESS) {
        *out = false;
        return 0;
    }
    if (is_text) {
        if (expr_template_eval(&v, &t, c, a, err) < 0)
            return -1;
    } else if (expr_eval(&v, node, c, a, err) < 0) {
        return -1;
    }
    *out = expr_truthy(&v);
    return 0;
}
