/* SPDX-License-Identifier: MIT */
/* Trigger matching against GitHub's documented examples for on: filters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "workflow/workflow.h"

static bool runs(const char *on, const char *event, const char *ref, const char *action,
                 const char *const *paths, size_t npaths)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct sg_buf text = SG_BUF_INIT;
    struct wf_workflow *wf;
    struct wf_trigger_event ev = {event, ref, action, paths, npaths, NULL, NULL};
    bool r;

    sg_diags_init(&d);
    sg_buf_addf(&text, "%s\njobs:\n  a:\n    runs-on: x\n    steps: [{run: x}]\n", on);
    wf = wf_load(a, &d, "t.yml", text.data, text.len);
    assert_non_null(wf);
    if (d.errors)
        fail_msg("workflow has errors: %s", d.items[0].message);
    r = wf_trigger_matches(wf, &ev);
    sg_buf_release(&text);
    sg_diags_release(&d);
    sg_arena_free(a);
    return r;
}

#define PUSH(on, ref) runs(on, "push", ref, NULL, NULL, 0)

static void test_event_must_be_listed(void **state)
{
    assert_true(PUSH("on: push", "refs/heads/main"));
    assert_true(PUSH("on: push", "refs/tags/v1"));
    assert_false(runs("on: push", "pull_request", "refs/heads/main", "opened", NULL, 0));
    assert_true(runs("on: [push, workflow_dispatch]", "workflow_dispatch", "refs/heads/x", NULL,
                     NULL, 0));
}

static void test_branch_filters_docs_examples(void **state)
{
    const char *on = "on:\n  push:\n    branches: [main, 'mona/octocat', 'releases/**']";
    assert_true(PUSH(on, "refs/heads/main"));
    assert_true(PUSH(on, "refs/heads/mona/octocat"));
    assert_true(PUSH(on, "refs/heads/releases/10/beta"));
    assert_false(PUSH(on, "refs/heads/feature"));
    /* only branch filters: tags never run */
    assert_false(PUSH(on, "refs/tags/v1.0"));
}

static void test_branches_ignore_and_negation(void **state)
{
    const char *ign = "on:\n  push:\n    branches-ignore: ['mona/octocat', 'releases/**-alpha']";
    const char *neg = "on:\n  push:\n    branches: ['releases/**', '!releases/**-alpha']";
    assert_false(PUSH(ign, "refs/heads/releases/beta/3-alpha"));
    assert_true(PUSH(ign, "refs/heads/releases/10"));
    assert_true(PUSH(neg, "refs/heads/releases/10"));
    assert_false(PUSH(neg, "refs/heads/releases/beta/3-alpha"));
}

static void test_tag_filters(void **state)
{
    const char *on = "on:\n  push:\n    tags: ['v*.*.*']";
    assert_true(PUSH(on, "refs/tags/v1.2.3"));
    assert_false(PUSH(on, "refs/tags/nightly"));
    /* only tag filters: branch pushes never run */
    assert_false(PUSH(on, "refs/heads/main"));
    assert_true(PUSH("on:\n  push:\n    branches: [main]\n    tags: ['v*']", "refs/heads/main"));
    assert_true(PUSH("on:\n  push:\n    tags-ignore: ['v1*']", "refs/tags/v2"));
}

static void test_path_filters(void **state)
{
    const char *on = "on:\n  push:\n    paths: ['**.js', '!docs/**']";
    const char *js[] = {"src/app.js"};
    const char *docs[] = {"docs/a.js"};
    const char *both[] = {"docs/a.js", "lib/b.js"};
    const char *ign = "on:\n  push:\n    paths-ignore: ['docs/**']";
    const char *md[] = {"docs/x.md"};
    const char *mixed[] = {"docs/x.md", "src/y.c"};
    assert_true(runs(on, "push", "refs/heads/main", NULL, js, 1));
    assert_false(runs(on, "push", "refs/heads/main", NULL, docs, 1));
    assert_true(runs(on, "push", "refs/heads/main", NULL, both, 2));
    assert_false(runs(ign, "push", "refs/heads/main", NULL, md, 1));
    assert_true(runs(ign, "push", "refs/heads/main", NULL, mixed, 2));
    /* unknown changes: path filters pass */
    assert_true(runs(ign, "push", "refs/heads/main", NULL, NULL, 0));
}

static void test_branch_and_path_must_both_pass(void **state)
{
    const char *on = "on:\n  push:\n    branches: [main]\n    paths: ['src/**']";
    const char *src[] = {"src/a.c"};
    const char *doc[] = {"README.md"};
    assert_true(runs(on, "push", "refs/heads/main", NULL, src, 1));
    assert_false(runs(on, "push", "refs/heads/dev", NULL, src, 1));
    assert_false(runs(on, "push", "refs/heads/main", NULL, doc, 1));
}

static void test_pull_request_default_types(void **state)
{
    assert_true(runs("on: pull_request", "pull_request", "refs/heads/main", "opened", NULL, 0));
    assert_true(runs("on: pull_request", "pull_request", "main", "synchronize", NULL, 0));
    assert_false(runs("on: pull_request", "pull_request", "main", "closed", NULL, 0));
    assert_true(runs("on:\n  pull_request:\n    types: [closed]", "pull_request", "main", "closed",
                     NULL, 0));
    assert_false(runs("on:\n  pull_request:\n    branches: [main]", "pull_request", "dev",
                      "opened", NULL, 0));
    assert_true(runs("on:\n  release:\n    types: [published]", "release", NULL, "published",
                     NULL, 0));
    assert_false(runs("on:\n  release:\n    types: [published]", "release", NULL, "created",
                      NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_must_be_listed),
        cmocka_unit_test(test_branch_filters_docs_examples),
        cmocka_unit_test(test_branches_ignore_and_negation),
        cmocka_unit_test(test_tag_filters),
        cmocka_unit_test(test_path_filters),
        cmocka_unit_test(test_branch_and_path_must_both_pass),
        cmocka_unit_test(test_pull_request_default_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
