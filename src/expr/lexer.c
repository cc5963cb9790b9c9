/* SPDX-License-Identifier: MIT */
/*
 * The expression lexer: bytes to tokens. It rejects what cannot be a token
 * at all (bad numbers, illegal names, lone '=', '&' or '|', unterminated
 * strings) as lexing errors; whether a token may stand where it stands is
 * the parser's business. Token boundaries, number and keyword rules follow
 * GitHub's LexicalAnalyzer.
 */
#include <math.h>

#include "expr/expr_int.h"

struct lexer {
    const char *src;
    size_t len, pos;
    struct expr_tokens *toks;
    struct sg_arena *a;
    struct expr_error *err;
};

void expr_tokens_release(struct expr_tokens *t)
{
    free(t->items);
    t->items = NULL;
    t->n = t->cap = 0;
}

/* Length of the whitespace character at p (Unicode White_Space as .NET's
 * Char.IsWhiteSpace sees it), or 0. */
static size_t ws_len(const char *p, const char *end)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t left = (size_t)(end - p);

    if (*u == ' ' || (*u >= '\t' && *u <= '\r'))
        return 1;
    if (left >= 2 && u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0))
        return 2;
    if (left >= 3 && u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)
        return 3;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
        ((u[2] >= 0x80 && u[2] <= 0x8A) || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
        return 3;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
        return 3;
    if (left >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

static bool is_boundary(const struct lexer *lx, size_t i)
{
    switch (lx->src[i]) {
    case '(': case '[': case ')': case ']': case ',': case '.':
    case '!': case '>': case '<': case '=': case '&': case '|':
        return true;
    default:
        return ws_len(lx->src + i, lx->src + lx->len) > 0;
    }
}

static bool is_legal_keyword(const char *s, size_t n)
{
    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

static int lex_error(struct lexer *lx, size_t start, size_t end)
{
    return expr_fail(lx->err, lx->a, EXPR_ERR_LEXING, start,
                     "Unexpected symbol: '%.*s'. Located at position %zu within expression: %.*s",
                     (int)(end - start), lx->src + start, expr_position(lx->src, start),
                     (int)lx->len, lx->src);
}

static struct expr_token *push(struct lexer *lx, enum expr_tok kind, size_t start, size_t end)
{
    struct expr_token *t;
    SG_GROW(lx->toks->items, lx->toks->cap, lx->toks->n + 1);
    t = &lx->toks->items[lx->toks->n++];
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    t->off = start;
    t->len = end - start;
    return t;
}

static enum expr_tok last_kind(const struct lexer *lx)
{
    return lx->toks->n ? lx->toks->items[lx->toks->n - 1].kind : TOK_EOF;
}

/* Whether a '.' here starts a number (".5") rather than dereferencing. */
static bool dot_starts_number(const struct lexer *lx)
{
    switch (last_kind(lx)) {
    case TOK_EOF: case TOK_COMMA: case TOK_LPAREN: case TOK_LBRACKET:
    case TOK_NOT: case TOK_NE: case TOK_EQ: case TOK_GT: case TOK_GE:
    case TOK_LT: case TOK_LE: case TOK_AND: case TOK_OR:
        return true;
    default:
        return false;
    }
}

static int lex_number(struct lexer *lx)
{
    size_t start = lx->pos;
    double d;

    lx->pos++;
    while (lx->pos < lx->len && (!is_boundary(lx, lx->pos) || lx->src[lx->pos] == '.'))
        lx->pos++;
    d = expr_parse_number(lx->src + start, lx->pos - start);
    if (isnan(d))
        return lex_error(lx, start, lx->pos);
    push(lx, TOK_NUMBER, start, lx->pos)->num = d;
    return 0;
}

static int lex_keyword(struct lexer *lx)
{
    size_t start = lx->pos, n;
    const char *s = lx->src + start;
    struct expr_token *t;
    enum expr_tok kind = TOK_IDENT;

    lx->pos++;
    while (lx->pos < lx->len && !is_boundary(lx, lx->pos))
        lx->pos++;
    n = lx->pos - start;
    if (!is_legal_keyword(s, n))
        return lex_error(lx, start, lx->pos);
    /* After '.', anything legal is a property name, even "true". */
    if (last_kind(lx) != TOK_DOT) {
        if (n == 4 && !memcmp(s, "null", 4))
            kind = TOK_NULL;
        else if (n == 4 && !memcmp(s, "true", 4))
            kind = TOK_TRUE;
        else if (n == 5 && !memcmp(s, "false", 5))
            kind = TOK_FALSE;
        else if ((n == 3 && !memcmp(s, "NaN", 3)) || (n == 8 && !memcmp(s, "Infinity", 8)))
            kind = TOK_NUMBER;
    }
    t = push(lx, kind, start, lx->pos);
    if (kind == TOK_NUMBER)
        t->num = n == 3 ? NAN : INFINITY;
    return 0;
}

static int lex_string(struct lexer *lx)
{
    size_t start = lx->pos, n = 0;
    char *buf = sg_arena_alloc(lx->a, lx->len - start);
    struct expr_token *t;

    lx->pos++;
    for (;;) {
        char c;
        if (lx->pos >= lx->len)
            return lex_error(lx, start, lx->len);
        c = lx->src[lx->pos++];
        if (c == '\'') {
            if (lx->pos >= lx->len || lx->src[lx->pos] != '\'')
                break;
            lx->pos++;
        }
        buf[n++] = c;
    }
    buf[n] = '\0';
    t = push(lx, TOK_STRING, start, lx->pos);
    t->str = buf;
    t->slen = n;
    return 0;
}

/* '!' '<' '>' alone or with '='; '==' '&&' '||'. Anything else up to the
 * next boundary is one bad symbol, as GitHub reports it. */
static int lex_operator(struct lexer *lx)
{
    static const struct { char s[3]; enum expr_tok kind; } ops[] = {
        {"!=", TOK_NE}, {">=", TOK_GE}, {"<=", TOK_LE}, {"==", TOK_EQ},
        {"&&", TOK_AND}, {"||", TOK_OR}, {"!", TOK_NOT}, {">", TOK_GT}, {"<", TOK_LT},
    };
    size_t start = lx->pos;

    for (size_t i = 0; i < SG_ARRAY_SIZE(ops); i++) {
        size_t n = strlen(ops[i].s);
        if (start + n <= lx->len && !memcmp(lx->src + start, ops[i].s, n)) {
            lx->pos = start + n;
            push(lx, ops[i].kind, start, lx->pos);
            return 0;
        }
    }
    lx->pos = start + 1;
    while (lx->pos < lx->len && !is_boundary(lx, lx->pos))
        lx->pos++;
    return lex_error(lx, start, lx->pos);
}

static int lex_one(struct lexer *lx)
{
    char c = lx->src[lx->pos];
    static const char punct[] = "()[],*";
    static const enum expr_tok punct_kind[] = {TOK_LPAREN, TOK_RPAREN, TOK_LBRACKET,
                                               TOK_RBRACKET, TOK_COMMA, TOK_STAR};
    const char *p = c ? strchr(punct, c) : NULL;

    if (p) {
        push(lx, punct_kind[p - punct], lx->pos, lx->pos + 1);
        lx->pos++;
        return 0;
    }
    switch (c) {
    case '\'':
        return lex_string(lx);
    case '!': case '>': case '<': case '=': case '&': case '|':
        return lex_operator(lx);
    case '.':
        if (dot_starts_number(lx))
            return lex_number(lx);
        push(lx, TOK_DOT, lx->pos, lx->pos + 1);
        lx->pos++;
        return 0;
    case '-': case '+':
        return lex_number(lx);
    default:
        if (c >= '0' && c <= '9')
            return lex_number(lx);
        return lex_keyword(lx);
    }
}

int expr_lex(struct expr_tokens *out, struct sg_arena *a, const char *src, size_t len,
             struct expr_error *err)
{
    struct lexer lx = {src, len, 0, out, a, err};

    memset(out, 0, sizeof(*out));
    while (lx.pos < len) {
        size_t ws = ws_len(src + lx.pos, src + len);
        if (ws) {
            lx.pos += ws;
            continue;
        }
        if (lex_one(&lx) < 0) {
            expr_tokens_release(out);
            return -1;
        }
    }
    push(&lx, TOK_EOF, len, len);
    return 0;
}
