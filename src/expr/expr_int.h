/* SPDX-License-Identifier: MIT */
/*
 * Private to src/expr/: tokens, syntax tree nodes, the function table and
 * the helpers the stages share (case folding, number parsing and printing,
 * error construction). Nothing outside src/expr/ includes this.
 */
#ifndef SG_EXPR_INT_H
#define SG_EXPR_INT_H

#include "expr/expr.h"

/* GitHub's limits (ExpressionConstants in actions/runner). */
#define EXPR_MAX_DEPTH 50
#define EXPR_MAX_LENGTH 21000
/* Bytes one evaluation may produce before GitHub gives up. */
#define EXPR_MAX_MEMORY (1024 * 1024)

/* ---- tokens ---------------------------------------------------------------- */

enum expr_tok {
    TOK_EOF,
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_LBRACKET,
    TOK_RBRACKET,
    TOK_COMMA,
    TOK_DOT,
    TOK_STAR,
    TOK_NOT,
    TOK_NE,
    TOK_EQ,
    TOK_GT,
    TOK_GE,
    TOK_LT,
    TOK_LE,
    TOK_AND,
    TOK_OR,
    TOK_NUMBER,
    TOK_STRING,
    TOK_IDENT,
    TOK_TRUE,
    TOK_FALSE,
    TOK_NULL,
};

struct expr_token {
    enum expr_tok kind;
    size_t off, len; /* the raw lexeme in the source */
    double num;      /* TOK_NUMBER */
    const char *str; /* TOK_STRING: unescaped, NUL-terminated, in the arena */
    size_t slen;
};

struct expr_tokens {
    struct expr_token *items;
    size_t n, cap;
};

/* Splits src into tokens (ending with TOK_EOF). Returns 0, or -1 with a
 * lexing error. The token array is malloc'ed: expr_tokens_release it. */
int expr_lex(struct expr_tokens *out, struct sg_arena *a, const char *src, size_t len,
             struct expr_error *err);
void expr_tokens_release(struct expr_tokens *t);

/* ---- syntax tree ------------------------------------------------------------ */

enum expr_node_kind {
    EXPR_N_LITERAL,
    EXPR_N_CONTEXT,  /* a named value: github, env, ... */
    EXPR_N_INDEX,    /* args[0][args[1]] */
    EXPR_N_WILDCARD, /* only as args[1] of an index */
    EXPR_N_NOT,
    EXPR_N_AND, /* n-ary, as GitHub flattens chains */
    EXPR_N_OR,
    EXPR_N_EQ,
    EXPR_N_NE,
    EXPR_N_LT,
    EXPR_N_LE,
    EXPR_N_GT,
    EXPR_N_GE,
    EXPR_N_CALL,
};

enum expr_fn {
#define EXPR_FUNCTION(id, name, min, max, ext, status) EXPR_FN_##id,
#include "functions.def"
#undef EXPR_FUNCTION
    EXPR_FN__COUNT
};

struct expr_fn_info {
    const char *name;
    size_t min, max;
    bool extension; /* only where the caller's expr_allowed lists it */
    bool status;    /* success(), always(), ... */
};

extern const struct expr_fn_info expr_fn_table[EXPR_FN__COUNT];

struct expr_node {
    enum expr_node_kind kind;
    size_t offset;             /* byte offset of the token that names it */
    struct expr_value lit;     /* EXPR_N_LITERAL */
    const char *name;          /* EXPR_N_CONTEXT, EXPR_N_CALL: as written */
    size_t name_len;
    enum expr_fn fn;           /* EXPR_N_CALL */
    struct expr_node **args;
    size_t nargs;
    /* The source text the tree was parsed from, for error messages. */
    const char *src;
    size_t src_len;
};

/* Looks a function up by name (case-insensitively); -1 when unknown. */
int expr_fn_lookup(const char *name, size_t len);

/* Evaluation with the memory budget shared by a whole evaluation. */
struct expr_eval_state {
    const struct expr_context *c;
    struct sg_arena *a;
    struct expr_error *err;
    size_t memory;
};

int expr_eval_node(struct expr_value *out, const struct expr_node *n, struct expr_eval_state *st);
int expr_call_node(struct expr_value *out, const struct expr_node *n, struct expr_eval_state *st);
/* Charges `bytes` against the budget; -1 with GitHub's error when over. */
int expr_charge(struct expr_eval_state *st, const struct expr_node *n, size_t bytes);

/* format(), in format.c. */
int expr_fn_format(struct expr_value *out, const struct expr_node *n, struct expr_eval_state *st);

/* fromJSON(): parses JSON text into a value; -1 when it is not JSON. */
int expr_json_parse(struct expr_value *out, struct sg_arena *a, const char *s, size_t n);
/* toJSON(): GitHub's indented form (two spaces, "key": value). */
void expr_json_pretty(struct sg_buf *out, const struct expr_value *v);

/* ---- shared helpers ----------------------------------------------------------- */

/* Records an error (message printf-formatted into the arena). Returns -1. */
int expr_fail(struct expr_error *err, struct sg_arena *a, enum expr_error_kind kind, size_t offset,
              const char *fmt, ...) SG_PRINTF(5, 6);

/* The 1-based position GitHub reports for a byte offset: UTF-16 code units,
 * as .NET and JavaScript count them. */
size_t expr_position(const char *src, size_t off);

/* GitHub's string-to-number conversion (ExpressionUtility.ParseNumber):
 * trims, "" is 0, decimal with sign/point/exponent, 0x hex and 0o octal
 * (32-bit), Infinity; anything else NaN. */
double expr_parse_number(const char *s, size_t len);

/* Formats like .NET's Double.ToString("G15") with invariant culture, which
 * is how GitHub prints numbers. buf needs 32 bytes. Returns the length. */
size_t expr_format_number(char *buf, double d);

/* Case-insensitive comparisons with .NET OrdinalIgnoreCase semantics:
 * simple upper-case mapping, the Turkish dotted/dotless i left alone. */
bool expr_str_ieq(const char *a, size_t alen, const char *b, size_t blen);
bool expr_str_istarts(const char *s, size_t slen, const char *p, size_t plen);
bool expr_str_iends(const char *s, size_t slen, const char *p, size_t plen);
bool expr_str_icontains(const char *s, size_t slen, const char *p, size_t plen);

/* Lookup by key bytes (no NUL needed). */
const struct expr_value *expr_object_getn(const struct expr_value *obj, const char *key,
                                          size_t len);

/* Loose equality and ordering (GitHub's coercion rules). */
bool expr_loose_eq(const struct expr_value *l, const struct expr_value *r);
/* -1, 0, 1, or 2 when unordered (NaN or incomparable kinds). */
int expr_compare(const struct expr_value *l, const struct expr_value *r);

#endif
