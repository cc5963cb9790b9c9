/* SPDX-License-Identifier: MIT */
/* Job selection (-j) and start order over the needs graph. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "plan/plan.h"

static const char diamond[] = "on: push\n"
                              "jobs:\n"
                              "  a:\n    runs-on: x\n    steps: [{run: x}]\n"
                              "  b:\n    needs: a\n    runs-on: x\n    steps: [{run: x}]\n"
                              "  c:\n    runs-on: x\n    steps: [{run: x}]\n"
                              "  d:\n    needs: [b, c]\n    runs-on: x\n    steps: [{run: x}]\n"
                              "  e:\n    needs: [c]\n    runs-on: x\n    steps: [{run: x}]\n";

static struct wf_workflow *load(struct sg_arena *a, const char *text)
{
    struct sg_diags d;
    struct wf_workflow *wf;

    sg_diags_init(&d);
    wf = wf_load(a, &d, "t.yml", text, strlen(text));
    assert_non_null(wf);
    if (d.errors)
        fail_msg("workflow has errors: %s", d.items[0].message);
    sg_diags_release(&d);
    return wf;
}

/* The selected jobs' ids in start order, space-separated. */
static const char *plan_ids(struct sg_arena *a, const struct wf_workflow *wf, const char *only,
                            int *rc)
{
    bool selected[16];
    size_t order[16], n;
    struct sg_buf b = SG_BUF_INIT;
    const char *res;

    assert_true(wf->njobs <= 16);
    *rc = plan_select_jobs(selected, wf, only);
    if (*rc)
        return NULL;
    n = plan_job_order(order, wf, selected);
    for (size_t i = 0; i < n; i++)
        sg_buf_addf(&b, "%s%s", i ? " " : "", wf->jobs[order[i]].id);
    res = sg_arena_strdup(a, sg_buf_str(&b));
    sg_buf_release(&b);
    return res;
}

static void test_all_jobs_fifo_order_file_order_among_ready(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct wf_workflow *wf = load(a, diamond);
    int rc;

    /* a and c start first (file order); b, then e and d as they are freed. */
    assert_string_equal(plan_ids(a, wf, NULL, &rc), "a c b e d");
    sg_arena_free(a);
}

static void test_select_job_pulls_in_needs_transitively(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct wf_workflow *wf = load(a, diamond);
    int rc;

    assert_string_equal(plan_ids(a, wf, "d", &rc), "a c b d");
    assert_string_equal(plan_ids(a, wf, "b", &rc), "a b");
    assert_string_equal(plan_ids(a, wf, "c", &rc), "c");
    assert_string_equal(plan_ids(a, wf, "e", &rc), "c e");
    sg_arena_free(a);
}

static void test_unknown_job_is_an_error(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct wf_workflow *wf = load(a, diamond);
    int rc;

    assert_null(plan_ids(a, wf, "nope", &rc));
    assert_int_equal(rc, -1);
    sg_arena_free(a);
}

static void test_order_respects_every_edge_in_a_chain(void **state)
{
    struct sg_arena *a = sg_arena_new();
    /* Declared in reverse: order follows needs, not the file. */
    struct wf_workflow *wf =
        load(a, "on: push\njobs:\n"
                "  deploy:\n    needs: [test, build]\n    runs-on: x\n    steps: [{run: x}]\n"
                "  test:\n    needs: build\n    runs-on: x\n    steps: [{run: x}]\n"
                "  build:\n    runs-on: x\n    steps: [{run: x}]\n"
                "  lint:\n    runs-on: x\n    steps: [{run: x}]\n");
    int rc;

    assert_string_equal(plan_ids(a, wf, NULL, &rc), "build lint test deploy");
    assert_string_equal(plan_ids(a, wf, "deploy", &rc), "build test deploy");
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_jobs_fifo_order_file_order_among_ready),
        cmocka_unit_test(test_select_job_pulls_in_needs_transitively),
        cmocka_unit_test(test_unknown_job_is_an_error),
        cmocka_unit_test(test_order_respects_every_edge_in_a_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
