/* SPDX-License-Identifier: MIT */
/* Unit tests for src/expr/template.c: `${{ }}` templates and if: conditions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "expr/expr.h"

struct fixture {
    struct sg_arena *a;
    struct expr_context c;
};

static int setup(void **state)
{
    struct fixture *f = sg_xcalloc(1, sizeof(*f));
    struct expr_value gh;
    f->a = sg_arena_new();
    expr_context_init(&f->c, f->a);
    gh = expr_new_object(f->a);
    expr_object_set(f->a, &gh, "ref", expr_cstring(f->a, "refs/heads/main"));
    expr_object_set(f->a, &gh, "run_number", expr_number(7));
    expr_context_set(f->a, &f->c, "github", gh);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    sg_arena_free(f->a);
    free(f);
    return 0;
}

static struct expr_value render(struct fixture *f, const char *s, struct expr_error *err, int *rc)
{
    struct expr_template t;
    struct expr_value v = expr_null();
    *rc = expr_template_parse(&t, f->a, s, strlen(s), NULL, err);
    if (*rc == 0)
        *rc = expr_template_eval(&v, &t, &f->c, f->a, err);
    return v;
}

static void several_expressions_concatenate_as_strings(void **state)
{
    struct fixture *f = *state;
    struct expr_error err;
    int rc;
    struct expr_value v = render(f, "build-${{ github.run_number }} on ${{github.ref}}!", &err, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(v.kind, EXPR_STRING);
    assert_string_equal(v.u.str.s, "build-7 on refs/heads/main!");
}

static void a_lone_expression_keeps_its_type(void **state)
{
    struct fixture *f = *state;
    struct expr_error err;
    int rc;
    struct expr_value v = render(f, "${{ github.run_number }}", &err, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(v.kind, EXPR_NUMBER);
    v = render(f, " ${{ github.run_number }}", &err, &rc);
    assert_int_equal(v.kind, EXPR_STRING);
    assert_string_equal(v.u.str.s, " 7");
}

static void closing_braces_inside_a_string_literal_do_not_close(void **state)
{
    struct fixture *f = *state;
    struct expr_error err;
    int rc;
    struct expr_value v = render(f, "${{ format('{{0}}}}', 1) }}", &err, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(v.u.str.s, "{0}}");
    v = render(f, "${{ '${{ not nested }}' }}", &err, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(v.u.str.s, "${{ not nested }}");
}

static void text_without_expressions_is_kept(void **state)
{
    struct fixture *f = *state;
    struct expr_error err;
    int rc;
    struct expr_value v = render(f, "just $ { text }}", &err, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(v.u.str.s, "just $ { text }}");
    assert_false(expr_template_has_expr("a ${ {", 6));
    assert_true(expr_template_has_expr("a ${{", 5));
}

static void errors_point_into_the_template(void **state)
{
    struct fixture *f = *state;
    struct expr_error err;
    int rc;
    render(f, "x ${{ github.ref", &err, &rc);
    assert_int_equal(rc, -1);
    assert_string_equal(err.message, "The expression is not closed. An unescaped ${{ sequence "
                                     "was found, but the closing }} sequence was not found.");
    assert_int_equal(err.offset, 2);
    render(f, "ab ${{ 1 < }}", &err, &rc);
    assert_int_equal(rc, -1);
    assert_int_equal(err.kind, EXPR_ERR_PARSING);
    assert_int_equal(err.offset, 9); /* the '<' */
    render(f, "${{   }}", &err, &rc);
    assert_string_equal(err.message, "An expression was expected");
}

static void conditions_get_an_implicit_success(void **state)
{
    struct fixture *f = *state;
    struct expr_error err;
    bool b;

    assert_int_equal(expr_eval_condition(&b, "github.ref == 'refs/heads/main'", &f->c, f->a, &err), 0);
    assert_true(b);
    f->c.status = EXPR_STATUS_FAILURE;
    assert_int_equal(expr_eval_condition(&b, "github.ref == 'refs/heads/main'", &f->c, f->a, &err), 0);
    assert_false(b);
    /* Not even evaluated once success() is false. */
    assert_int_equal(expr_eval_condition(&b, "fromJSON('x')", &f->c, f->a, &err), 0);
    assert_false(b);
    assert_int_equal(expr_eval_condition(&b, "${{ failure() }}", &f->c, f->a, &err), 0);
    assert_true(b);
    assert_int_equal(expr_eval_condition(&b, "  always()  ", &f->c, f->a, &err), 0);
    assert_true(b);
    f->c.status = EXPR_STATUS_SUCCESS;
}

static void conditions_mixing_text_and_expressions_are_strings(void **state)
{
    struct fixture *f = *state;
    struct expr_error err;
    bool b;
    /* A well-known GitHub pitfall: this is the non-empty string "false && true". */
    assert_int_equal(expr_eval_condition(&b, "${{ false }} && true", &f->c, f->a, &err), 0);
    assert_true(b);
    assert_int_equal(expr_eval_condition(&b, "${{ false }}", &f->c, f->a, &err), 0);
    assert_false(b);
    assert_int_equal(expr_eval_condition(&b, "1 <", &f->c, f->a, &err), -1);
    assert_int_equal(err.kind, EXPR_ERR_PARSING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(several_expressions_concatenate_as_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(a_lone_expression_keeps_its_type, setup, teardown),
        cmocka_unit_test_setup_teardown(closing_braces_inside_a_string_literal_do_not_close, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(text_without_expressions_is_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(errors_point_into_the_template, setup, teardown),
        cmocka_unit_test_setup_teardown(conditions_get_an_implicit_success, setup, teardown),
        cmocka_unit_test_setup_teardown(conditions_mixing_text_and_expressions_are_strings, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
