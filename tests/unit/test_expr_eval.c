/* SPDX-License-Identifier: MIT */
/* Unit tests for src/expr/eval.c, functions.c, value.c and json.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "expr/expr.h"

struct fixture {
    struct sg_arena *a;
    struct expr_context c;
};

static int setup(void **state)
{
    struct fixture *f = sg_xcalloc(1, sizeof(*f));
    json_t *j = json_loads("{\"github\":{\"ref\":\"refs/heads/main\",\"n\":[1,2,3],"
                           "\"event\":{\"pull_request\":{\"labels\":[{\"name\":\"bug\"},"
                           "{\"name\":\"ci\"}]}}}}",
                           0, NULL);
    const char *key;
    json_t *item;
    f->a = sg_arena_new();
    expr_context_init(&f->c, f->a);
    json_object_foreach(j, key, item)
        expr_context_set(f->a, &f->c, key, expr_from_json(f->a, item));
    json_decref(j);
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

/* Evaluates and returns the describe form (in the arena). */
static const char *eval(struct fixture *f, const char *src)
{
    struct expr_value v;
    struct expr_error err;
    struct sg_buf b = SG_BUF_INIT;
    const char *s;
    if (expr_evaluate(&v, src, &f->c, f->a, &err) < 0)
        return sg_arena_printf(f->a, "%s: %s", expr_error_kind_name(err.kind), err.message);
    expr_value_describe(&b, &v);
    s = sg_arena_strdup(f->a, sg_buf_str(&b));
    sg_buf_release(&b);
    return s;
}

static void logical_operators_return_operands(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(eval(f, "github.missing || 'default'"),
                        "{\"kind\":\"String\",\"value\":\"default\"}");
    assert_string_equal(eval(f, "github.ref && 0"), "{\"kind\":\"Number\",\"value\":0}");
}

static void filters_collect_from_every_item(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(eval(f, "github.event.pull_request.labels.*.name"),
                        "{\"kind\":\"Array\",\"value\":[\"bug\",\"ci\"]}");
    assert_string_equal(eval(f, "contains(github.event.pull_request.labels.*.name, 'CI')"),
                        "{\"kind\":\"Boolean\",\"value\":true}");
}

static void containers_compare_by_reference(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(eval(f, "github.n == github.n"), "{\"kind\":\"Boolean\",\"value\":true}");
    assert_string_equal(eval(f, "fromJSON('[1]') == fromJSON('[1]')"),
                        "{\"kind\":\"Boolean\",\"value\":false}");
}

static void tojson_indents_two_spaces(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(eval(f, "toJSON(github.n)"),
                        "{\"kind\":\"String\",\"value\":\"[\\n  1,\\n  2,\\n  3\\n]\"}");
}

static void describe_spells_special_numbers(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(eval(f, "-0"), "{\"kind\":\"Number\",\"value\":0}");
    assert_string_equal(eval(f, "-Infinity"), "{\"kind\":\"Number\",\"value\":\"-Infinity\"}");
    assert_string_equal(eval(f, "0.1"), "{\"kind\":\"Number\",\"value\":0.1}");
}

static void status_functions_read_the_context(void **state)
{
    struct fixture *f = *state;
    f->c.status = EXPR_STATUS_FAILURE;
    assert_string_equal(eval(f, "failure() && !success()"), "{\"kind\":\"Boolean\",\"value\":true}");
    f->c.status = EXPR_STATUS_SUCCESS;
}

static void hashfiles_without_workspace_is_an_error(void **state)
{
    struct fixture *f = *state;
    const char *r = eval(f, "hashFiles('**/*.c')");
    assert_true(sg_starts_with(r, "evaluation: hashFiles('**/*.c') failed"));
}

static void hashfiles_hashes_in_the_workspace(void **state)
{
    struct fixture *f = *state;
    char dir[] = "/tmp/sg-expr-XXXXXX", path[64];
    FILE *fp;
    const char *r;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/a.txt", dir);
    fp = fopen(path, "w");
    fputs("hello", fp);
    fclose(fp);
    f->c.workspace = dir;
    r = eval(f, "hashFiles('*.txt')");
    /* sha256(sha256("hello")) */
    assert_string_equal(r, "{\"kind\":\"String\",\"value\":"
                           "\"9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50\"}");
    assert_string_equal(eval(f, "hashFiles('*.none')"), "{\"kind\":\"String\",\"value\":\"\"}");
    f->c.workspace = NULL;
    unlink(path);
    rmdir(dir);
}

static void memory_limit_stops_runaway_strings(void **state)
{
    struct fixture *f = *state;
    char src[512], *big = sg_xmalloc(20001);
    int n = snprintf(src, sizeof(src), "format('");

    memset(big, 'x', 20000);
    big[20000] = '\0';
    expr_context_set(f->a, &f->c, "big", expr_cstring(f->a, big));
    free(big);
    for (int i = 0; i < 20; i++)
        n += snprintf(src + n, sizeof(src) - (size_t)n, "{0}");
    snprintf(src + n, sizeof(src) - (size_t)n, "', big)");
    /* 400,000 characters fit in GitHub's 1 MB (UTF-16) budget... */
    assert_true(sg_starts_with(eval(f, src), "{\"kind\":\"String\""));
    /* ...three times as much does not. */
    snprintf(src + n, sizeof(src) - (size_t)n, "', big) && format('{0}{0}', format('%s', big))",
             "{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}");
    assert_true(sg_starts_with(eval(f, src), "evaluation: The maximum allowed memory size was "
                                             "exceeded while evaluating the following expression"));
}

static void values_round_trip_through_jansson(void **state)
{
    struct fixture *f = *state;
    json_t *j = json_loads("{\"a\":[1,\"x\",null,true,{}]}", JSON_DECODE_INT_AS_REAL, NULL);
    struct expr_value v = expr_from_json(f->a, j);
    json_t *back = expr_to_json(&v);
    assert_true(json_equal(j, back));
    assert_non_null(expr_object_get(&v, "A"));
    json_decref(j);
    json_decref(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(logical_operators_return_operands, setup, teardown),
        cmocka_unit_test_setup_teardown(filters_collect_from_every_item, setup, teardown),
        cmocka_unit_test_setup_teardown(containers_compare_by_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(tojson_indents_two_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(describe_spells_special_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(status_functions_read_the_context, setup, teardown),
        cmocka_unit_test_setup_teardown(hashfiles_without_workspace_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(hashfiles_hashes_in_the_workspace, setup, teardown),
        cmocka_unit_test_setup_teardown(memory_limit_stops_runaway_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(values_round_trip_through_jansson, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
