/* SPDX-License-Identifier: MIT */
/*
 * Matrix expansion and matrix job names, following GitHub's workflow parser:
 * the cross product of the vectors (first vector varying slowest), exclude
 * filters, include filters that add their non-vector keys to every matching
 * combination, unmatched includes appended as new combinations, and display
 * names built from the scalar leaves of the cross-product values only.
 *
 * Filters compare leaf by leaf with the expression language's loose `==`
 * (GitHub turns each leaf into `matrix[k]... == literal`), so 'Linux' matches
 * 'linux' and 1 matches '1'. Evaluating strategy.matrix is the caller's job.
 */
#include <ctype.h>
#include <math.h>

#include "plan/plan.h"

static const char *token_type(const struct expr_value *v)
{
    switch (v->kind) {
    case EXPR_NULL: return "NullToken";
    case EXPR_BOOL: return "BooleanToken";
    case EXPR_NUMBER: return "NumberToken";
    case EXPR_STRING: return "StringToken";
    case EXPR_ARRAY: return "SequenceToken";
    default: return "MappingToken";
    }
}

static int expect_kind(const struct expr_value *v, enum expr_kind kind, const char *what,
                       struct sg_buf *err)
{
    if (v->kind == kind)
        return 0;
    sg_buf_addf(err, "Unexpected type '%s' encountered while reading '%s'. The type '%s' was expected.",
                token_type(v), what, kind == EXPR_ARRAY ? "SequenceToken" : "MappingToken");
    return -1;
}

/* ---- loose equality (GitHub's `==`) -------------------------------------- */

static double str_to_number(const char *s, size_t len)
{
    char *end;
    double d;
    size_t i = 0;

    while (i < len && isspace((unsigned char)s[i]))
        i++;
    while (len > i && isspace((unsigned char)s[len - 1]))
        len--;
    if (i == len)
        return 0;
    if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o')) {
        char *t = sg_xstrndup(s + i + 2, len - i - 2);
        unsigned long long u = strtoull(t, &end, s[i + 1] == 'x' ? 16 : 8);
        d = *end || !*t ? NAN : (double)u;
        free(t);
        return d;
    }
    char *t = sg_xstrndup(s + i, len - i);
    d = strtod(t, &end);
    /* strtod also reads "nan", "inf" and hex floats, which GitHub does not. */
    if (*end || (strpbrk(t, "nNxXpP") && strcmp(t, "Infinity") && strcmp(t, "-Infinity")))
        d = NAN;
    free(t);
    return d;
}

static double to_number(const struct expr_value *v)
{
    switch (v->kind) {
    case EXPR_NULL: return 0;
    case EXPR_BOOL: return v->u.b ? 1 : 0;
    case EXPR_NUMBER: return v->u.num;
    case EXPR_STRING: return str_to_number(v->u.str.s, v->u.str.len);
    default: return NAN;
    }
}

static bool loose_eq(const struct expr_value *l, const struct expr_value *r)
{
    bool lc = l->kind == EXPR_ARRAY || l->kind == EXPR_OBJECT;
    bool rc = r->kind == EXPR_ARRAY || r->kind == EXPR_OBJECT;

    if (l->kind != r->kind)
        return !lc && !rc && to_number(l) == to_number(r);
    switch (l->kind) {
    case EXPR_NULL: return true;
    case EXPR_BOOL: return l->u.b == r->u.b;
    case EXPR_NUMBER: return l->u.num == r->u.num;
    case EXPR_STRING:
        return l->u.str.len == r->u.str.len &&
               strncasecmp(l->u.str.s, r->u.str.s, l->u.str.len) == 0 &&
               memchr(l->u.str.s, 0, l->u.str.len) == NULL;
    case EXPR_ARRAY: return l->u.arr == r->u.arr;
    default: return l->u.obj == r->u.obj;
    }
}

/* ---- filters ------------------------------------------------------------- */

/*
 * Whether every scalar leaf of `filter` equals the value at the same path
 * in `have` (a missing path reads as null, as an index expression does).
 */
static bool leaves_match(const struct expr_value *have, const struct expr_value *filter)
{
    static const struct expr_value null_value = {.kind = EXPR_NULL};

    if (filter->kind == EXPR_OBJECT) {
        for (size_t i = 0; i < filter->u.obj->n; i++) {
            const struct expr_pair *p = &filter->u.obj->items[i];
            const struct expr_value *sub = NULL;
            if (have->kind == EXPR_OBJECT)
                sub = expr_object_get(have, p->key);
            if (!leaves_match(sub ? sub : &null_value, &p->value))
                return false;
        }
        return true;
    }
    if (filter->kind == EXPR_ARRAY) {
        for (size_t i = 0; i < filter->u.arr->n; i++) {
            const struct expr_value *sub = &null_value;
            if (have->kind == EXPR_ARRAY && i < have->u.arr->n)
                sub = &have->u.arr->items[i];
            if (!leaves_match(sub, &filter->u.arr->items[i]))
                return false;
        }
        return true;
    }
    return loose_eq(have, filter);
}

struct include_entry {
    struct expr_value filter; /* keys that name vectors */
    struct expr_value extra;  /* every other key */
    bool matched;
};

struct matrix_spec {
    struct expr_value vectors; /* object: name -> non-empty array */
    const struct expr_value *excludes;
    size_t nexcludes;
    struct include_entry *includes;
    size_t nincludes;
};

static int read_excludes(struct matrix_spec *m, const struct expr_value *seq, struct sg_buf *err)
{
    if (expect_kind(seq, EXPR_ARRAY, "matrix excludes", err))
        return -1;
    m->excludes = seq->u.arr->items;
    m->nexcludes = seq->u.arr->n;
    for (size_t i = 0; i < m->nexcludes; i++) {
        const struct expr_value *e = &m->excludes[i];
        if (expect_kind(e, EXPR_OBJECT, "matrix excludes item", err))
            return -1;
        if (e->u.obj->n == 0) {
            sg_buf_addstr(err, "Matrix exclude filter must not be empty");
            return -1;
        }
        for (size_t k = 0; k < e->u.obj->n; k++) {
            const char *key = e->u.obj->items[k].key;
            if (!expr_object_get(&m->vectors, key)) {
                sg_buf_addf(err, "Matrix exclude key '%s' does not match any key within the matrix",
                            key);
                return -1;
            }
        }
    }
    return 0;
}

static int read_includes(struct matrix_spec *m, struct sg_arena *a, const struct expr_value *seq,
                         struct sg_buf *err)
{
    if (expect_kind(seq, EXPR_ARRAY, "matrix includes", err))
        return -1;
    m->nincludes = seq->u.arr->n;
    m->includes = sg_arena_alloc(a, (m->nincludes + 1) * sizeof(*m->includes));
    for (size_t i = 0; i < m->nincludes; i++) {
        const struct expr_value *e = &seq->u.arr->items[i];
        struct include_entry *inc = &m->includes[i];
        if (expect_kind(e, EXPR_OBJECT, "matrix includes item", err))
            return -1;
        if (e->u.obj->n == 0) {
            sg_buf_addstr(err, "Matrix include mapping does not contain any values");
            return -1;
        }
        inc->filter = expr_new_object(a);
        inc->extra = expr_new_object(a);
        for (size_t k = 0; k < e->u.obj->n; k++) {
            const struct expr_pair *p = &e->u.obj->items[k];
            bool is_vector = expr_object_get(&m->vectors, p->key) != NULL;
            expr_object_set(a, is_vector ? &inc->filter : &inc->extra, p->key, p->value);
        }
    }
    return 0;
}

static int read_spec(struct matrix_spec *m, struct sg_arena *a, const struct expr_value *matrix,
                     struct sg_buf *err)
{
    const struct expr_value *include = NULL, *exclude = NULL;

    memset(m, 0, sizeof(*m));
    if (expect_kind(matrix, EXPR_OBJECT, "matrix", err))
        return -1;
    m->vectors = expr_new_object(a);
    for (size_t i = 0; i < matrix->u.obj->n; i++) {
        const struct expr_pair *p = &matrix->u.obj->items[i];
        if (strcmp(p->key, "include") == 0) {
            include = &p->value;
        } else if (strcmp(p->key, "exclude") == 0) {
            exclude = &p->value;
        } else {
            if (expect_kind(&p->value, EXPR_ARRAY, "matrix vector value", err))
                return -1;
            if (p->value.u.arr->n == 0) {
                sg_buf_addf(err, "Matrix vector '%s' does not contain any values", p->key);
                return -1;
            }
            expr_object_set(a, &m->vectors, p->key, p->value);
        }
    }
    /* Includes split into filter and extra by the vector names, so both
     * lists are read once every vector is known. */
    if (include && read_includes(m, a, include, err))
        return -1;
    if (exclude && read_excludes(m, exclude, err))
        return -1;
    if (m->vectors.u.obj->n == 0 && m->nincludes == 0) {
        sg_buf_addstr(err, "Matrix must define at least one vector");
        return -1;
    }
    return 0;
}

/* ---- expansion ----------------------------------------------------------- */

static size_t product_size(const struct expr_value *vectors)
{
    size_t n = vectors->u.obj->n ? 1 : 0;

    for (size_t i = 0; i < vectors->u.obj->n; i++) {
        size_t len = vectors->u.obj->items[i].value.u.arr->n;
        if (n > SIZE_MAX / 2 / len)
            return SIZE_MAX / 2; /* far past any limit; avoid overflow */
        n *= len;
    }
    return n;
}

static struct expr_value product_row(struct sg_arena *a, const struct expr_value *vectors,
                                     size_t index, size_t total)
{
    struct expr_value row = expr_new_object(a);
    size_t block = total;

    for (size_t i = 0; i < vectors->u.obj->n; i++) {
        const struct expr_pair *p = &vectors->u.obj->items[i];
        size_t len = p->value.u.arr->n;
        block /= len;
        expr_object_set(a, &row, p->key, p->value.u.arr->items[(index / block) % len]);
    }
    return row;
}

static bool excluded(const struct matrix_spec *m, const struct expr_value *row)
{
    for (size_t i = 0; i < m->nexcludes; i++)
        if (leaves_match(row, &m->excludes[i]))
            return true;
    return false;
}

/* Adds the extras of every include whose filter matches the row; later
 * includes overwrite what earlier ones added, never the row's own values. */
static void apply_includes(struct matrix_spec *m, struct sg_arena *a, struct expr_value *row)
{
    struct expr_value extra = expr_new_object(a);

    for (size_t i = 0; i < m->nincludes; i++) {
        struct include_entry *inc = &m->includes[i];
        if (!leaves_match(row, &inc->filter))
            continue;
        inc->matched = true;
        for (size_t k = 0; k < inc->extra.u.obj->n; k++)
            expr_object_set(a, &extra, inc->extra.u.obj->items[k].key,
                            inc->extra.u.obj->items[k].value);
    }
    for (size_t k = 0; k < extra.u.obj->n; k++)
        if (!expr_object_get(row, extra.u.obj->items[k].key))
            expr_object_set(a, row, extra.u.obj->items[k].key, extra.u.obj->items[k].value);
}

static struct expr_value unmatched_row(struct sg_arena *a, const struct include_entry *inc)
{
    struct expr_value row = expr_new_object(a);

    for (size_t k = 0; k < inc->filter.u.obj->n; k++)
        expr_object_set(a, &row, inc->filter.u.obj->items[k].key, inc->filter.u.obj->items[k].value);
    for (size_t k = 0; k < inc->extra.u.obj->n; k++)
        expr_object_set(a, &row, inc->extra.u.obj->items[k].key, inc->extra.u.obj->items[k].value);
    return row;
}

static int check_limit(size_t n, const char *job_id, struct sg_buf *err)
{
    if (n <= PLAN_MAX_MATRIX)
        return 0;
    if (job_id)
        sg_buf_addf(err, "Strategy for job '%s' produced %zu configurations which exceeds the maximum of %d configurations",
                    job_id, n, PLAN_MAX_MATRIX);
    else
        sg_buf_addf(err, "Strategy produced %zu configurations which exceeds the maximum of %d configurations",
                    n, PLAN_MAX_MATRIX);
    return -1;
}

static const char *row_name(struct sg_arena *a, const char *job_name,
                            const struct expr_value *row, size_t nkeys);

static int expand(struct expr_value *out, struct expr_value *names, struct sg_arena *a,
                  const struct expr_value *matrix, const char *job_name, const char *job_id,
                  struct sg_buf *err)
{
    struct matrix_spec m;
    size_t total, nvec;

    *out = expr_new_array(a);
    if (names)
        *names = expr_new_array(a);
    if (read_spec(&m, a, matrix, err))
        return -1;
    total = product_size(&m.vectors);
    nvec = m.vectors.u.obj->n;
    /* Excludes can shrink a large product under the limit, but not one
     * this far over it: fail before building anything. */
    if (total > 64 * PLAN_MAX_MATRIX)
        return check_limit(total, job_id, err);
    for (size_t i = 0; i < total; i++) {
        struct expr_value row = product_row(a, &m.vectors, i, total);
        if (excluded(&m, &row))
            continue;
        /* GitHub names the job before the include extras are merged. */
        if (names)
            expr_array_push(a, names, expr_cstring(a, row_name(a, job_name, &row, nvec)));
        apply_includes(&m, a, &row);
        expr_array_push(a, out, row);
    }
    for (size_t i = 0; i < m.nincludes; i++) {
        if (m.includes[i].matched)
            continue;
        struct expr_value row = unmatched_row(a, &m.includes[i]);
        if (names)
            expr_array_push(a, names, expr_cstring(a, row_name(a, job_name, &row, SIZE_MAX)));
        expr_array_push(a, out, row);
    }
    return check_limit(out->u.arr->n, job_id, err);
}

int plan_expand_matrix_named(struct expr_value *out, struct expr_value *names, struct sg_arena *a,
                             const struct expr_value *matrix, const char *job_name,
                             const char *job_id, struct sg_buf *err)
{
    return expand(out, names, a, matrix, job_name, job_id, err);
}

int plan_expand_matrix(struct expr_value *out, struct sg_arena *a, const struct expr_value *matrix,
                       struct sg_buf *err)
{
    return expand(out, NULL, a, matrix, NULL, NULL, err);
}

/* ---- names --------------------------------------------------------------- */

static void add_segments(struct sg_buf *b, size_t *count, struct sg_arena *a,
                         const struct expr_value *v)
{
    size_t len;
    const char *s;

    switch (v->kind) {
    case EXPR_OBJECT:
        for (size_t i = 0; i < v->u.obj->n; i++)
            add_segments(b, count, a, &v->u.obj->items[i].value);
        return;
    case EXPR_ARRAY:
        for (size_t i = 0; i < v->u.arr->n; i++)
            add_segments(b, count, a, &v->u.arr->items[i]);
        return;
    case EXPR_NULL: return; /* GitHub skips null and empty segments */
    default: break;
    }
    s = expr_to_string(a, v, &len);
    if (len == 0)
        return;
    if ((*count)++)
        sg_buf_addstr(b, ", ");
    sg_buf_add(b, s, len);
}

#define PLAN_MAX_JOB_NAME 100

static const char *row_name(struct sg_arena *a, const char *name, const struct expr_value *combo,
                            size_t nkeys)
{
    struct sg_buf b = SG_BUF_INIT;
    size_t count = 0;
    const char *res;

    if (!name || !*name)
        return sg_arena_strdup(a, name ? name : "");
    sg_buf_addstr(&b, name);
    sg_buf_addstr(&b, " (");
    if (combo && combo->kind == EXPR_OBJECT)
        for (size_t i = 0; i < combo->u.obj->n && i < nkeys; i++)
            add_segments(&b, &count, a, &combo->u.obj->items[i].value);
    if (count == 0) {
        sg_buf_release(&b);
        return sg_arena_strdup(a, name);
    }
    sg_buf_addch(&b, ')');
    /* GitHub cuts display names at 100 UTF-16 units; bytes are close enough
     * for ASCII, and we never cut inside a UTF-8 sequence. */
    if (b.len > PLAN_MAX_JOB_NAME) {
        size_t cut = PLAN_MAX_JOB_NAME - 3;
        while (cut > 0 && ((unsigned char)b.data[cut] & 0xC0) == 0x80)
            cut--;
        b.len = cut;
        b.data[cut] = '\0';
        sg_buf_addstr(&b, "...");
    }
    res = sg_arena_strndup(a, b.data, b.len);
    sg_buf_release(&b);
    return res;
}

const char *plan_matrix_job_name(struct sg_arena *a, const char *name,
                                 const struct expr_value *combo)
{
    return row_name(a, name, combo, SIZE_MAX);
}
