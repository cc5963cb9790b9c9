/* SPDX-License-Identifier: MIT */
/*
 * The GitHub Actions expression language: values, lexer and parser, the
 * evaluator with GitHub's coercion rules and functions, and `${{ }}`
 * templates. Everything an expression allocates (syntax trees, values,
 * strings) lives in the arena the caller passes; nothing here is global.
 *
 * Error messages are GitHub's, word for word, so users see what they would
 * see on github.com.
 */
#ifndef SG_EXPR_H
#define SG_EXPR_H

#include "base/base.h"

#include <jansson.h>

/* ---- values ------------------------------------------------------------ */

enum expr_kind { EXPR_NULL, EXPR_BOOL, EXPR_NUMBER, EXPR_STRING, EXPR_ARRAY, EXPR_OBJECT };

struct expr_value;

struct expr_array {
    struct expr_value *items;
    size_t n, cap;
    /* The result of a `.*` / `[*]` filter: a further index applies to each
     * item (GitHub's FilteredArray). Prints as a plain array. */
    bool filtered;
};

struct expr_pair;

/* Keys keep their case; lookups ignore it (ASCII case folding, as GitHub). */
struct expr_object {
    struct expr_pair *items;
    size_t n, cap;
    /* An implementation may add an index for large objects here. */
    void *index;
};

struct expr_value {
    enum expr_kind kind;
    union {
        bool b;
        double num;
        struct {
            const char *s; /* NUL-terminated; may also contain NULs within len */
            size_t len;
        } str;
        struct expr_array *arr;
        struct expr_object *obj;
    } u;
};

struct expr_pair {
    const char *key;
    struct expr_value value;
};

struct expr_value expr_null(void);
struct expr_value expr_bool(bool b);
struct expr_value expr_number(double d);
/* The string is copied into the arena. */
struct expr_value expr_string(struct sg_arena *a, const char *s, size_t len);
struct expr_value expr_cstring(struct sg_arena *a, const char *s);
struct expr_value expr_new_array(struct sg_arena *a);
struct expr_value expr_new_object(struct sg_arena *a);
void expr_array_push(struct sg_arena *a, struct expr_value *arr, struct expr_value v);
/* Sets (replacing a key that matches case-insensitively); key is copied. */
void expr_object_set(struct sg_arena *a, struct expr_value *obj, const char *key,
                     struct expr_value v);
/* Case-insensitive lookup; NULL when absent. */
const struct expr_value *expr_object_get(const struct expr_value *obj, const char *key);

/* Truthiness and coercions, as GitHub defines them. */
bool expr_truthy(const struct expr_value *v);
double expr_to_number(const struct expr_value *v);
/* The string form GitHub uses when a value lands in a template or in
 * format()/join(): null -> "", numbers in GitHub's format, arrays and
 * objects -> "Array" / "Object". Allocated in the arena. */
const char *expr_to_string(struct sg_arena *a, const struct expr_value *v, size_t *len_out);

/* JSON bridges. from_json copies into the arena; to_json returns a new
 * reference the caller must json_decref. */
struct expr_value expr_from_json(struct sg_arena *a, const json_t *j);
json_t *expr_to_json(const struct expr_value *v);
/* Appends the `shipgate expr` / conformance form {"kind":...,"value":...}. */
void expr_value_describe(struct sg_buf *out, const struct expr_value *v);

/* ---- errors ------------------------------------------------------------ */

enum expr_error_kind { EXPR_ERR_NONE, EXPR_ERR_LEXING, EXPR_ERR_PARSING, EXPR_ERR_EVALUATION };

struct expr_error {
    enum expr_error_kind kind;
    const char *message; /* GitHub's wording; allocated in the arena */
    size_t offset;       /* byte offset within the expression text */
};

const char *expr_error_kind_name(enum expr_error_kind k); /* "lexing" ... */

/* ---- parsing ----------------------------------------------------------- */

struct expr_node;

/*
 * What a parse may refer to, for validation: named contexts and functions
 * allowed where the expression appears (GitHub restricts both per key).
 * NULL lists mean "anything". Names compare case-insensitively.
 */
struct expr_allowed {
    const char *const *contexts;  /* NULL-terminated */
    const char *const *functions; /* NULL-terminated; built-ins beyond these */
};

/*
 * Parses `src` (without `${{ }}`). Returns the tree, or NULL with *err set
 * (kind lexing or parsing). `allowed` may be NULL. Unknown names and wrong
 * argument counts are parse errors, worded as GitHub words them.
 */
struct expr_node *expr_parse(struct sg_arena *a, const char *src, size_t len,
                             const struct expr_allowed *allowed, struct expr_error *err);

/* ---- evaluation -------------------------------------------------------- */

/* The job status the status functions read. */
enum expr_status { EXPR_STATUS_SUCCESS, EXPR_STATUS_FAILURE, EXPR_STATUS_CANCELLED };

struct expr_context {
    /* Top-level named values (github, env, matrix, ...). An object value. */
    struct expr_value root;
    enum expr_status status;
    /* For hashFiles(): the workspace directory; NULL makes it an error. */
    const char *workspace;
};

void expr_context_init(struct expr_context *c, struct sg_arena *a);
void expr_context_set(struct sg_arena *a, struct expr_context *c, const char *name,
                      struct expr_value v);

/* Returns 0 with *out set, or -1 with *err set (kind evaluation). */
int expr_eval(struct expr_value *out, const struct expr_node *n, const struct expr_context *c,
              struct sg_arena *a, struct expr_error *err);

/* Parse and evaluate in one call (for `shipgate expr` and tests). */
int expr_evaluate(struct expr_value *out, const char *src, const struct expr_context *c,
                  struct sg_arena *a, struct expr_error *err);

/* Whether the tree calls a status function (success(), always()...):
 * an `if:` without one gets an implicit `success() &&`. */
bool expr_uses_status_function(const struct expr_node *n);

/* ---- templates --------------------------------------------------------- */

/*
 * A string with zero or more `${{ expr }}` parts. Literal text between them
 * is kept as is; a `}}` inside a quoted string literal does not close.
 */
struct expr_template_part {
    bool is_expr;
    const char *text; /* literal text, or the expression source */
    size_t len;
    size_t offset;    /* byte offset of the part in the template string */
    struct expr_node *node; /* for expressions */
};

struct expr_template {
    struct expr_template_part *parts;
    size_t n;
};

/* Returns 0, or -1 with *err set; err->offset is relative to `s`. An
 * unclosed `${{` is a parse error. */
int expr_template_parse(struct expr_template *out, struct sg_arena *a, const char *s, size_t len,
                        const struct expr_allowed *allowed, struct expr_error *err);

/* True when `s` contains `${{`. Cheap; for skipping templates without
 * expressions on hot paths. */
bool expr_template_has_expr(const char *s, size_t len);

/*
 * Evaluates a template. A template that is exactly one expression yields
 * that expression's value unchanged (GitHub keeps its type); otherwise the
 * parts are converted with expr_to_string and concatenated.
 */
int expr_template_eval(struct expr_value *out, const struct expr_template *t,
                       const struct expr_context *c, struct sg_arena *a, struct expr_error *err);

/* Evaluates an `if:` condition: with or without `${{ }}`, with the implicit
 * `success() &&` when no status function is called, to a boolean. */
int expr_eval_condition(bool *out, const char *src, const struct expr_context *c,
                        struct sg_arena *a, struct expr_error *err);

#endif
