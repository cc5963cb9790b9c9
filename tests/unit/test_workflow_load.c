/* SPDX-License-Identifier: MIT */
/* Unit tests for the workflow loader: model contents with positions, and
 * one case per validation rule (message and position). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "workflow/workflow.h"

struct fixture {
    struct sg_arena *a;
    struct sg_diags d;
    struct wf_workflow *wf;
};

static struct fixture F;

static int setup(void **state)
{
    F.a = sg_arena_new();
    sg_diags_init(&F.d);
    return 0;
}

static int teardown(void **state)
{
    sg_diags_release(&F.d);
    sg_arena_free(F.a);
    return 0;
}

static struct wf_workflow *load(const char *text)
{
    F.wf = wf_load(F.a, &F.d, "w.yml", text, strlen(text));
    sg_diags_sort(&F.d);
    return F.wf;
}

/* Asserts that some diagnostic has this position and message. */
static void expect_diag(int line, int col, const char *msg)
{
    size_t i;
    for (i = 0; i < F.d.n; i++)
        if (F.d.items[i].line == line && F.d.items[i].col == col &&
            strcmp(F.d.items[i].message, msg) == 0)
            return;
    for (i = 0; i < F.d.n; i++)
        print_message("  have %d:%d %s\n", F.d.items[i].line, F.d.items[i].col,
                      F.d.items[i].message);
    fail_msg("missing %d:%d %s", line, col, msg);
}

#define OK_JOB "jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n"

static void test_model_keeps_positions_and_order(void **state)
{
    struct wf_workflow *wf = load("name: CI\non: [push, pull_request]\njobs:\n"
                                  "  second:\n    runs-on: [self-hosted, linux]\n"
                                  "    steps:\n      - id: s\n        run: make\n"
                                  "  first:\n    needs: second\n    runs-on: x\n"
                                  "    steps:\n      - uses: actions/checkout@v4\n"
                                  "        with:\n          fetch-depth: 0\n");
    assert_non_null(wf);
    assert_int_equal(F.d.errors, 0);
    assert_string_equal(wf->name->s, "CI");
    assert_int_equal(wf->nevents, 2);
    assert_string_equal(wf->events[1].name, "pull_request");
    assert_int_equal(wf->njobs, 2);
    assert_string_equal(wf->jobs[0].id, "second");
    assert_int_equal(wf->jobs[0].key->line, 4);
    assert_int_equal(wf->jobs[0].key->col, 3);
    assert_int_equal(wf->jobs[0].runs_on.labels.n, 2);
    assert_string_equal(wf->jobs[0].steps[0].id->s, "s");
    assert_int_equal(wf->jobs[0].steps[0].run->line, 8);
    assert_int_equal(wf->jobs[0].steps[0].run->col, 14);
    assert_int_equal(wf->jobs[1].need_index[0], 0);
    assert_ptr_equal(wf_find_job(wf, "first"), &wf->jobs[1]);
    assert_null(wf_find_job(wf, "third"));
    assert_string_equal(wf_map_get(wf->jobs[1].steps[0].with, "fetch-depth")->s, "0");
}

static void test_event_filters_inputs_and_cron_are_loaded(void **state)
{
    struct wf_workflow *wf = load("on:\n  push:\n    branches: main\n    paths-ignore: ['docs/**']\n"
                                  "  workflow_dispatch:\n    inputs:\n      n:\n        type: number\n"
                                  "        default: 3\n  schedule:\n    - cron: '0 3 * * *'\n" OK_JOB);
    const struct wf_event *push = wf_find_event(wf, "push");
    const struct wf_event *wd = wf_find_event(wf, "workflow_dispatch");
    assert_int_equal(F.d.errors, 0);
    assert_int_equal(push->branches.n, 1);
    assert_string_equal(push->paths_ignore.items[0]->s, "docs/**");
    assert_int_equal(wd->ninputs, 1);
    assert_int_equal(wd->inputs[0].type, WF_INPUT_NUMBER);
    assert_int_equal(wf_find_event(wf, "schedule")->ncrons, 1);
}

static void test_unknown_key_is_reported_at_the_key(void **state)
{
    load("on: push\nfoo: 1\n" OK_JOB);
    expect_diag(2, 1, "Unexpected value 'foo'");
}

static void test_missing_runs_on_and_steps(void **state)
{
    load("on: push\njobs:\n  a:\n    name: x\n");
    expect_diag(4, 5, "Required property is missing: runs-on");
    expect_diag(4, 5, "Required property is missing: steps");
}

static void test_step_needs_run_or_uses(void **state)
{
    load("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - name: nothing\n");
    expect_diag(6, 9, "Expected one of uses or run to be defined");
}

static void test_invalid_job_id(void **state)
{
    load("on: push\njobs:\n  9a:\n    runs-on: x\n    steps: [{run: x}]\n");
    expect_diag(3, 3, "The identifier '9a' is invalid. IDs may only contain alphanumeric "
                      "characters, '_', and '-'. IDs must start with a letter or '_' and and "
                      "must be less than 100 characters.");
}

static void test_duplicate_key_and_step_id(void **state)
{
    load("on: push\njobs:\n  a:\n    runs-on: x\n    runs-on: y\n    steps:\n"
         "      - {id: s, run: x}\n      - {id: s, run: y}\n");
    expect_diag(5, 5, "'runs-on' is already defined");
    expect_diag(8, 14, "The identifier 's' may not be used more than once within the same scope.");
}

static void test_needs_unknown_and_cycle(void **state)
{
    load("on: push\njobs:\n  r:\n    runs-on: x\n    steps: [{run: x}]\n"
         "  a:\n    needs: [b, nope]\n    runs-on: x\n    steps: [{run: x}]\n"
         "  b:\n    needs: a\n    runs-on: x\n    steps: [{run: x}]\n");
    expect_diag(7, 16, "Job 'a' depends on unknown job 'nope'.");
    expect_diag(11, 12, "Job 'b' depends on job 'a' which creates a cycle in the dependency graph.");
}

static void test_matrix_rules(void **state)
{
    load("on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: x}]\n    strategy:\n"
         "      matrix:\n        e: []\n        exclude:\n          - {zz: 1}\n");
    expect_diag(8, 12, "Matrix vector 'e' does not contain any values");
    expect_diag(10, 14, "matrix exclude key 'zz' does not match any matrix vector");
}

static void test_matrix_over_256(void **state)
{
    load("on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: x}]\n    strategy:\n"
         "      matrix:\n        a: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]\n"
         "        b: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]\n");
    assert_int_equal(F.d.errors, 0);
    teardown(state);
    setup(state);
    load("on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: x}]\n    strategy:\n"
         "      matrix:\n        a: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]\n"
         "        b: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]\n");
    expect_diag(8, 9, "Strategy matrix produces more than 256 jobs (the maximum)");
}

static void test_expression_contexts_per_key(void **state)
{
    load("on: push\nenv:\n  A: ${{ matrix.x }}\njobs:\n  a:\n    if: secrets.X\n"
         "    runs-on: x\n    steps:\n      - run: ${{ runner.os }} ${{ secrets.Y }}\n"
         "        if: ${{ hashFiles('a') }}\n");
    assert_int_equal(F.d.errors, 2);
    /* The position and wording of the message itself belong to src/expr. */
    assert_int_equal(F.d.items[0].line, 3);
    assert_true(sg_starts_with(F.d.items[0].message, "Unrecognized named-value: 'matrix'."));
    assert_int_equal(F.d.items[1].line, 6);
    assert_true(sg_starts_with(F.d.items[1].message, "Unrecognized named-value: 'secrets'."));
}

static void test_expression_not_allowed(void **state)
{
    load("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ${{ x }}\n");
    expect_diag(6, 15, "A template expression is not allowed in this context");
}

static void test_branches_and_ignore_together(void **state)
{
    load("on:\n  push:\n    branches: [a]\n    branches-ignore: [b]\n" OK_JOB);
    expect_diag(4, 22, "'branches' and 'branches-ignore' cannot both be used for event 'push'");
}

static void test_bad_event_and_type(void **state)
{
    load("on:\n  pushh:\n  pull_request:\n    types: [opend]\n" OK_JOB);
    expect_diag(2, 3, "Unexpected value 'pushh'");
    expect_diag(4, 13, "Unexpected value 'opend'");
}

static void test_wrong_types(void **state)
{
    load("on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n"
         "    continue-on-error: ${{ matrix.x }}\n    steps: {run: x}\n");
    expect_diag(5, 22, "Unexpected value 'soon'");
    expect_diag(7, 12, "A mapping was not expected");
    assert_int_equal(F.d.errors, 2);
}

static void test_reusable_job_rules(void **state)
{
    load("on: push\njobs:\n  a:\n    uses: o/r/.github/workflows/w.yml@v1\n"
         "    secrets: inherit\n    runs-on: x\n");
    expect_diag(6, 5, "Unexpected value 'runs-on'");
    assert_int_equal(F.d.errors, 1);
}

static void test_choice_input_needs_options(void **state)
{
    load("on:\n  workflow_dispatch:\n    inputs:\n      x:\n        type: choice\n" OK_JOB);
    expect_diag(5, 9, "Missing 'options' for choice input");
}

static void test_yaml_syntax_error_returns_null(void **state)
{
    assert_null(load("on: push\njobs: [\n"));
    assert_int_equal(F.d.errors, 1);
    assert_true(F.d.items[0].line > 0);
}

static void test_alias_bomb_is_bounded(void **state)
{
    struct sg_buf b = SG_BUF_INIT;
    int i;
    sg_buf_addstr(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (i = 1; i < 12; i++)
        sg_buf_addf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i,
                    i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    assert_null(load(sg_buf_str(&b)));
    sg_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_model_keeps_positions_and_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_filters_inputs_and_cron_are_loaded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_key_is_reported_at_the_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_runs_on_and_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_step_needs_run_or_uses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_job_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_key_and_step_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_needs_unknown_and_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_matrix_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_matrix_over_256, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expression_contexts_per_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expression_not_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_branches_and_ignore_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_event_and_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reusable_job_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_choice_input_needs_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_syntax_error_returns_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_bomb_is_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
