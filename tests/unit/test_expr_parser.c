/* SPDX-License-Identifier: MIT */
/* Unit tests for src/expr/parser.c: tree shape, validation, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "expr/expr_int.h"

static struct expr_node *parse(struct sg_arena *a, const char *s, const struct expr_allowed *al,
                               struct expr_error *err)
{
    return expr_parse(a, s, strlen(s), al, err);
}

static void and_chains_flatten_into_one_node(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_error err;
    struct expr_node *n = parse(a, "1 && (2 && 3) && 4 || 5", NULL, &err);
    assert_non_null(n);
    assert_int_equal(n->kind, EXPR_N_OR);
    assert_int_equal(n->nargs, 2);
    assert_int_equal(n->args[0]->kind, EXPR_N_AND);
    assert_int_equal(n->args[0]->nargs, 4);
    sg_arena_free(a);
}

static void comparison_binds_tighter_than_equality(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_error err;
    struct expr_node *n = parse(a, "1 < 2 == !false", NULL, &err);
    assert_non_null(n);
    assert_int_equal(n->kind, EXPR_N_EQ);
    assert_int_equal(n->args[0]->kind, EXPR_N_LT);
    assert_int_equal(n->args[1]->kind, EXPR_N_NOT);
    sg_arena_free(a);
}

static void allowed_lists_restrict_names_and_extension_functions(void **state)
{
    static const char *const ctx[] = {"github", NULL};
    static const char *const fns[] = {"always", NULL};
    struct expr_allowed al = {ctx, fns};
    struct sg_arena *a = sg_arena_new();
    struct expr_error err;

    assert_non_null(parse(a, "GitHub.ref && always() && contains('a', 'b')", &al, &err));
    assert_null(parse(a, "secrets.x", &al, &err));
    assert_string_equal(err.message, "Unrecognized named-value: 'secrets'. Located at position 1 "
                                     "within expression: secrets.x");
    assert_null(parse(a, "hashFiles('x')", &al, &err));
    assert_string_equal(err.message, "Unrecognized function: 'hashFiles'. Located at position 1 "
                                     "within expression: hashFiles('x')");
    assert_non_null(parse(a, "hashFiles('x') && anything", NULL, &err));
    sg_arena_free(a);
}

static void depth_limit_is_fifty(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_error err;
    char buf[256];
    memset(buf, '!', 49);
    memcpy(buf + 49, "true", 5);
    assert_non_null(parse(a, buf, NULL, &err));
    memset(buf, '!', 50);
    memcpy(buf + 50, "true", 5);
    assert_null(parse(a, buf, NULL, &err));
    assert_int_equal(err.kind, EXPR_ERR_PARSING);
    assert_string_equal(err.message, "Exceeded max expression depth 50");
    sg_arena_free(a);
}

static void deep_grouping_does_not_exhaust_the_stack(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_error err;
    size_t n = 20000;
    char *s = sg_xmalloc(n + 1);
    memset(s, '(', n);
    s[n] = '\0';
    assert_null(expr_parse(a, s, n, NULL, &err));
    assert_int_equal(err.kind, EXPR_ERR_PARSING);
    free(s);
    sg_arena_free(a);
}

static void length_limit_is_21000(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_error err;
    size_t n = 21001;
    char *s = sg_xmalloc(n + 1);
    memset(s, ' ', n);
    s[0] = '1';
    s[n] = '\0';
    assert_null(expr_parse(a, s, n, NULL, &err));
    assert_string_equal(err.message, "Exceeded max expression length 21000");
    assert_non_null(expr_parse(a, s, n - 1, NULL, &err));
    free(s);
    sg_arena_free(a);
}

static void status_functions_are_detected(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_error err;
    assert_true(expr_uses_status_function(parse(a, "github.x || !Failure()", NULL, &err)));
    assert_false(expr_uses_status_function(parse(a, "contains(github.x, 'y')", NULL, &err)));
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(and_chains_flatten_into_one_node),
        cmocka_unit_test(comparison_binds_tighter_than_equality),
        cmocka_unit_test(allowed_lists_restrict_names_and_extension_functions),
        cmocka_unit_test(depth_limit_is_fifty),
        cmocka_unit_test(deep_grouping_does_not_exhaust_the_stack),
        cmocka_unit_test(length_limit_is_21000),
        cmocka_unit_test(status_functions_are_detected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
