/* SPDX-License-Identifier: MIT */
/*
 * format(): `{N}` placeholders, `{{` and `}}` escapes, and GitHub's errors
 * for malformed format strings. As in GitHub, the whole format string is
 * checked before any argument is evaluated, and each argument is evaluated
 * at most once, when first referenced.
 */
#include "expr/expr_int.h"

struct fmt {
    const char *s;
    size_t len;
    const struct expr_node *n;
    struct expr_eval_state *st;
    struct sg_buf out;
    struct expr_value *cache; /* per argument; kind EXPR_NULL with done[] */
    bool *done;
    bool emit; /* false while validating */
};

static const char *kind_name(enum expr_kind k)
{
    static const char *const names[] = {"Null", "Boolean", "Number", "String", "Array", "Object"};
    return names[k];
}

static long find_from(const struct fmt *f, size_t from, char ch)
{
    const char *p = from < f->len ? memchr(f->s + from, ch, f->len - from) : NULL;
    return p ? (long)(p - f->s) : -1;
}

static char at(const struct fmt *f, size_t i)
{
    return i < f->len ? f->s[i] : '\0';
}

static int invalid(struct fmt *f)
{
    return expr_fail(f->st->err, f->st->a, EXPR_ERR_EVALUATION, f->n->offset,
                     "The following format string is invalid: %.*s", (int)f->len, f->s);
}

/* Reads "N}" or "N:spec}" after a '{' at `i`. Returns the index of the
 * closing '}', or -1 when malformed. */
static long read_placeholder(struct fmt *f, size_t i, unsigned *argno, struct sg_buf *spec)
{
    size_t j = i;
    unsigned v = 0;

    while (j < f->len && f->s[j] >= '0' && f->s[j] <= '9') {
        v = v * 10 + (unsigned)(f->s[j] - '0');
        if (v > 255) /* .NET parses the index as a byte */
            return -1;
        j++;
    }
    if (j == i)
        return -1;
    *argno = v;
    if (at(f, j) == '}')
        return (long)j;
    if (at(f, j) != ':')
        return -1;
    for (j++; j < f->len; j++) {
        if (f->s[j] != '}') {
            sg_buf_addch(spec, f->s[j]);
        } else if (at(f, j + 1) == '}') {
            sg_buf_addch(spec, '}');
            j++;
        } else {
            return (long)j;
        }
    }
    return -1;
}

static int put_arg(struct fmt *f, unsigned argno, const struct sg_buf *spec)
{
    struct expr_value *v = &f->cache[argno];
    const char *s;
    size_t n;

    if (!f->done[argno]) {
        if (expr_eval_node(v, f->n->args[argno + 1], f->st) < 0)
            return -1;
        f->done[argno] = true;
    }
    if (spec->len)
        return expr_fail(f->st->err, f->st->a, EXPR_ERR_EVALUATION, f->n->offset,
                         "The format specifiers '%s' are not valid for objects of type '%s'",
                         sg_buf_str(spec), kind_name(v->kind));
    s = expr_to_string(f->st->a, v, &n);
    sg_buf_add(&f->out, s, n);
    return expr_charge(f->st, f->n, 2 * n);
}

static int put_text(struct fmt *f, size_t from, size_t to)
{
    if (!f->emit || to <= from)
        return 0;
    sg_buf_add(&f->out, f->s + from, to - from);
    return expr_charge(f->st, f->n, 2 * (to - from));
}

static int placeholder(struct fmt *f, size_t *index, size_t lbrace, long rbrace)
{
    struct sg_buf spec = SG_BUF_INIT;
    unsigned argno;
    long close;
    int rc = 0;

    if (rbrace <= (long)lbrace + 1 ||
        (close = read_placeholder(f, lbrace + 1, &argno, &spec)) < 0) {
        sg_buf_release(&spec);
        return invalid(f);
    }
    if (argno + 1 >= f->n->nargs) {
        sg_buf_release(&spec);
        return expr_fail(f->st->err, f->st->a, EXPR_ERR_EVALUATION, f->n->offset,
                         "The following format string references more arguments than were "
                         "supplied: %.*s",
                         (int)f->len, f->s);
    }
    rc = put_text(f, *index, lbrace);
    if (rc == 0 && f->emit)
        rc = put_arg(f, argno, &spec);
    sg_buf_release(&spec);
    *index = (size_t)close + 1;
    return rc;
}

static int run(struct fmt *f)
{
    size_t index = 0;

    while (index < f->len) {
        long lbrace = find_from(f, index, '{');
        long rbrace = find_from(f, index, '}');
        int rc;

        if (lbrace >= 0 && (rbrace < 0 || rbrace > lbrace)) {
            if (at(f, (size_t)lbrace + 1) == '{') {
                rc = put_text(f, index, (size_t)lbrace + 1);
                index = (size_t)lbrace + 2;
            } else {
                rc = placeholder(f, &index, (size_t)lbrace, rbrace);
            }
        } else if (rbrace >= 0) {
            if (at(f, (size_t)rbrace + 1) != '}')
                return invalid(f);
            rc = put_text(f, index, (size_t)rbrace + 1);
            index = (size_t)rbrace + 2;
        } else {
            rc = put_text(f, index, f->len);
            index = f->len;
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

int expr_fn_format(struct expr_value *out, const struct expr_node *n, struct expr_eval_state *st)
{
    struct expr_value fv;
    struct fmt f;
    int rc;

    if (expr_eval_node(&fv, n->args[0], st) < 0)
        return -1;
    memset(&f, 0, sizeof(f));
    f.s = expr_to_string(st->a, &fv, &f.len);
    f.n = n;
    f.st = st;
    f.cache = sg_arena_alloc(st->a, n->nargs * sizeof(*f.cache));
    f.done = sg_arena_alloc(st->a, n->nargs * sizeof(*f.done));
    if (run(&f) < 0)
        return -1;
    f.emit = true;
    rc = run(&f);
    if (rc == 0)
        *out = expr_string(st->a, f.out.data ? f.out.data : "", f.out.len);
    sg_buf_release(&f.out);
    return rc;
}
