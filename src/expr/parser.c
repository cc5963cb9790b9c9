/* SPDX-License-Identifier: MIT */
/*
 * The expression parser: tokens to a syntax tree, by recursive descent in
 * GitHub's precedence order (|| < && < == != < < <= > >= < ! < postfix).
 * It also validates what GitHub validates at parse time: named values and
 * functions the caller allows, argument counts, the tree depth limit (with
 * && and || chains flattened, as GitHub flattens them) and the length
 * limit. Messages and positions are GitHub's.
 */
#include "expr/expr_int.h"

/* Guards the C stack against inputs like 10,000 '(' that GitHub accepts
 * (groups add no depth) but recursion cannot afford. */
#define PARSE_MAX_NEST 1000

struct parser {
    const struct expr_token *toks;
    size_t pos, ntoks;
    const char *src;
    size_t len;
    const struct expr_allowed *allowed;
    struct sg_arena *a;
    struct expr_error *err;
    unsigned nest;
};

static struct expr_node *parse_expression(struct parser *p);

static const struct expr_token *peek(const struct parser *p)
{
    return &p->toks[p->pos];
}

static bool check(const struct parser *p, enum expr_tok k)
{
    return p->toks[p->pos].kind == k;
}

static bool match(struct parser *p, enum expr_tok k)
{
    if (!check(p, k) || k == TOK_EOF)
        return false;
    p->pos++;
    return true;
}

static struct expr_node *fail_at(struct parser *p, const char *what, const struct expr_token *t)
{
    expr_fail(p->err, p->a, EXPR_ERR_PARSING, t->off,
              "%s: '%.*s'. Located at position %zu within expression: %.*s", what, (int)t->len,
              p->src + t->off, expr_position(p->src, t->off), (int)p->len, p->src);
    return NULL;
}

/* At EOF GitHub names the last token; elsewhere the offending one. */
static struct expr_node *unexpected(struct parser *p)
{
    if (check(p, TOK_EOF) && p->pos > 0)
        return fail_at(p, "Unexpected end of expression", &p->toks[p->pos - 1]);
    return fail_at(p, "Unexpected symbol", peek(p));
}

static struct expr_node *depth_error(struct parser *p)
{
    expr_fail(p->err, p->a, EXPR_ERR_PARSING, 0, "Exceeded max expression depth %d",
              EXPR_MAX_DEPTH);
    return NULL;
}

static struct expr_node *new_node(struct parser *p, enum expr_node_kind kind, size_t off)
{
    struct expr_node *n = sg_arena_alloc(p->a, sizeof(*n));
    n->kind = kind;
    n->offset = off;
    n->src = p->src;
    n->src_len = p->len;
    return n;
}

static void add_arg(struct parser *p, struct expr_node *n, struct expr_node *arg)
{
    /* Arena arrays double; the old copy is left to the arena. */
    if ((n->nargs & (n->nargs - 1)) == 0) {
        size_t cap = n->nargs ? n->nargs * 2 : 2;
        struct expr_node **args = sg_arena_alloc(p->a, cap * sizeof(*args));
        if (n->nargs)
            memcpy(args, n->args, n->nargs * sizeof(*args));
        n->args = args;
    }
    n->args[n->nargs++] = arg;
}

static struct expr_node *binary(struct parser *p, enum expr_node_kind kind, size_t off,
                                struct expr_node *l, struct expr_node *r)
{
    struct expr_node *n = new_node(p, kind, off);
    add_arg(p, n, l);
    add_arg(p, n, r);
    return n;
}

/* Adds an operand to an && / || node, splicing in a nested node of the
 * same kind (a parenthesised chain), as GitHub does. */
static void add_logical(struct parser *p, struct expr_node *n, struct expr_node *arg)
{
    if (arg->kind == n->kind) {
        for (size_t i = 0; i < arg->nargs; i++)
            add_arg(p, n, arg->args[i]);
    } else {
        add_arg(p, n, arg);
    }
}

static struct expr_node *literal(struct parser *p, const struct expr_token *t)
{
    struct expr_node *n = new_node(p, EXPR_N_LITERAL, t->off);
    switch (t->kind) {
    case TOK_NUMBER: n->lit = expr_number(t->num); break;
    case TOK_TRUE: n->lit = expr_bool(true); break;
    case TOK_FALSE: n->lit = expr_bool(false); break;
    case TOK_STRING:
        n->lit.kind = EXPR_STRING;
        n->lit.u.str.s = t->str;
        n->lit.u.str.len = t->slen;
        break;
    default: n->lit = expr_null(); break;
    }
    return n;
}

static bool name_listed(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (expr_str_ieq(*list, strlen(*list), s, n))
            return true;
    return false;
}

static struct expr_node *named_value(struct parser *p, const struct expr_token *t)
{
    struct expr_node *n;
    const char *name = p->src + t->off;

    if (p->allowed && p->allowed->contexts && !name_listed(p->allowed->contexts, name, t->len))
        return fail_at(p, "Unrecognized named-value", t);
    n = new_node(p, EXPR_N_CONTEXT, t->off);
    n->name = sg_arena_strndup(p->a, name, t->len);
    n->name_len = t->len;
    return n;
}

static struct expr_node *check_arity(struct parser *p, struct expr_node *n,
                                     const struct expr_token *name)
{
    const struct expr_fn_info *fi = &expr_fn_table[n->fn];
    if (n->nargs < fi->min)
        return fail_at(p, "Too few parameters supplied", name);
    if (n->nargs > fi->max)
        return fail_at(p, "Too many parameters supplied", name);
    if (n->fn == EXPR_FN_CASE && n->nargs % 2 == 0)
        return fail_at(p, "Even number of parameters supplied, requires an odd number of "
                          "parameters", name);
    return n;
}

static struct expr_node *call(struct parser *p, const struct expr_token *name)
{
    int fn = expr_fn_lookup(p->src + name->off, name->len);
    struct expr_node *n, *arg;

    if (fn < 0 || (expr_fn_table[fn].extension && p->allowed && p->allowed->functions &&
                   !name_listed(p->allowed->functions, p->src + name->off, name->len)))
        return fail_at(p, "Unrecognized function", name);
    n = new_node(p, EXPR_N_CALL, name->off);
    n->fn = (enum expr_fn)fn;
    n->name = sg_arena_strndup(p->a, p->src + name->off, name->len);
    n->name_len = name->len;
    p->pos++; /* '(' */
    if (!match(p, TOK_RPAREN)) {
        for (;;) {
            if (!(arg = parse_expression(p)))
                return NULL;
            add_arg(p, n, arg);
            if (match(p, TOK_RPAREN))
                break;
            if (!match(p, TOK_COMMA))
                return unexpected(p);
        }
    }
    return check_arity(p, n, name);
}

static struct expr_node *primary(struct parser *p)
{
    const struct expr_token *t = peek(p);
    struct expr_node *n;

    switch (t->kind) {
    case TOK_NUMBER: case TOK_STRING: case TOK_TRUE: case TOK_FALSE: case TOK_NULL:
        p->pos++;
        return literal(p, t);
    case TOK_LPAREN:
        p->pos++;
        if (!(n = parse_expression(p)))
            return NULL;
        if (!match(p, TOK_RPAREN))
            return unexpected(p);
        return n;
    case TOK_IDENT:
        p->pos++;
        if (check(p, TOK_LPAREN))
            return call(p, t);
        return named_value(p, t);
    default:
        return unexpected(p);
    }
}

static struct expr_node *index_suffix(struct parser *p, struct expr_node *obj, size_t off)
{
    struct expr_node *key;

    if (match(p, TOK_STAR)) {
        key = new_node(p, EXPR_N_WILDCARD, p->toks[p->pos - 1].off);
    } else if (!(key = parse_expression(p))) {
        return NULL;
    }
    if (!match(p, TOK_RBRACKET))
        return unexpected(p);
    return binary(p, EXPR_N_INDEX, off, obj, key);
}

static struct expr_node *property_suffix(struct parser *p, struct expr_node *obj, size_t off)
{
    const struct expr_token *t = peek(p);
    struct expr_node *key;

    if (match(p, TOK_STAR)) {
        key = new_node(p, EXPR_N_WILDCARD, t->off);
    } else if (match(p, TOK_IDENT)) {
        key = new_node(p, EXPR_N_LITERAL, t->off);
        key->lit.kind = EXPR_STRING;
        key->lit.u.str.s = sg_arena_strndup(p->a, p->src + t->off, t->len);
        key->lit.u.str.len = t->len;
    } else {
        return unexpected(p);
    }
    return binary(p, EXPR_N_INDEX, off, obj, key);
}

/* Only groups, calls and named values take [ ] and . after them. */
static struct expr_node *postfix(struct parser *p)
{
    bool indexable = check(p, TOK_LPAREN) || check(p, TOK_IDENT);
    struct expr_node *n = primary(p);

    while (n && indexable) {
        size_t off = peek(p)->off;
        if (match(p, TOK_LBRACKET))
            n = index_suffix(p, n, off);
        else if (match(p, TOK_DOT))
            n = property_suffix(p, n, off);
        else
            break;
    }
    return n;
}

static struct expr_node *unary(struct parser *p)
{
    const struct expr_token *t = peek(p);
    struct expr_node *operand, *n;

    if (!match(p, TOK_NOT))
        return postfix(p);
    if (++p->nest > PARSE_MAX_NEST)
        return depth_error(p);
    operand = unary(p);
    p->nest--;
    if (!operand)
        return NULL;
    n = new_node(p, EXPR_N_NOT, t->off);
    add_arg(p, n, operand);
    return n;
}

static struct expr_node *comparison(struct parser *p)
{
    static const struct { enum expr_tok tok; enum expr_node_kind kind; } ops[] = {
        {TOK_GT, EXPR_N_GT}, {TOK_GE, EXPR_N_GE}, {TOK_LT, EXPR_N_LT}, {TOK_LE, EXPR_N_LE},
    };
    struct expr_node *l = unary(p), *r;

    while (l) {
        size_t i, off = peek(p)->off;
        for (i = 0; i < SG_ARRAY_SIZE(ops) && !match(p, ops[i].tok); i++)
            ;
        if (i == SG_ARRAY_SIZE(ops))
            break;
        if (!(r = unary(p)))
            return NULL;
        l = binary(p, ops[i].kind, off, l, r);
    }
    return l;
}

static struct expr_node *equality(struct parser *p)
{
    struct expr_node *l = comparison(p), *r;

    while (l && (check(p, TOK_EQ) || check(p, TOK_NE))) {
        const struct expr_token *op = peek(p);
        p->pos++;
        if (!(r = comparison(p)))
            return NULL;
        l = binary(p, op->kind == TOK_EQ ? EXPR_N_EQ : EXPR_N_NE, op->off, l, r);
    }
    return l;
}

typedef struct expr_node *(*parse_fn)(struct parser *p);

/* && over equality, || over &&: one n-ary node per chain. */
static struct expr_node *logical(struct parser *p, enum expr_tok tok, enum expr_node_kind kind,
                                 parse_fn operand)
{
    struct expr_node *first = operand(p), *n, *next;

    if (!first || !check(p, tok))
        return first;
    n = new_node(p, kind, peek(p)->off);
    add_logical(p, n, first);
    while (match(p, tok)) {
        if (!(next = operand(p)))
            return NULL;
        add_logical(p, n, next);
    }
    return n;
}

static struct expr_node *logical_and(struct parser *p)
{
    return logical(p, TOK_AND, EXPR_N_AND, equality);
}

static struct expr_node *parse_expression(struct parser *p)
{
    struct expr_node *n;
    if (++p->nest > PARSE_MAX_NEST)
        return depth_error(p);
    n = logical(p, TOK_OR, EXPR_N_OR, logical_and);
    p->nest--;
    return n;
}

static size_t tree_depth(const struct expr_node *n)
{
    size_t max = 0;
    for (size_t i = 0; i < n->nargs; i++) {
        size_t d = tree_depth(n->args[i]);
        if (d > max)
            max = d;
    }
    return max + 1;
}

struct expr_node *expr_parse(struct sg_arena *a, const char *src, size_t len,
                             const struct expr_allowed *allowed, struct expr_error *err)
{
    struct expr_tokens toks;
    struct parser p = {0};
    struct expr_node *n;

    memset(err, 0, sizeof(*err));
    if (len > EXPR_MAX_LENGTH) {
        expr_fail(err, a, EXPR_ERR_PARSING, 0, "Exceeded max expression length %d",
                  EXPR_MAX_LENGTH);
        return NULL;
    }
    if (expr_lex(&toks, a, src, len, err) < 0)
        return NULL;
    p = (struct parser){toks.items, 0, toks.n, src, len, allowed, a, err, 0};
    if (toks.n == 1) {
        /* An empty expression evaluates to null, as GitHub's does. */
        n = new_node(&p, EXPR_N_LITERAL, 0);
    } else if ((n = parse_expression(&p)) && !check(&p, TOK_EOF)) {
        n = fail_at(&p, "Unexpected symbol", peek(&p));
    }
    expr_tokens_release(&toks);
    if (n && tree_depth(n) > EXPR_MAX_DEPTH)
        return depth_error(&p);
    return n;
}

bool expr_uses_status_function(const struct expr_node *n)
{
    if (!n)
        return false;
    if (n->kind == EXPR_N_CALL && expr_fn_table[n->fn].status)
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (expr_uses_status_function(n->args[i]))
            return true;
    return false;
}
