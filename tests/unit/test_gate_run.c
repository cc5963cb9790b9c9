/* SPDX-License-Identifier: MIT */
/*
 * gate_run, the pipeline the CLI and the workflow step share: decisions and
 * counts on fixture reports, the hooks' order and their veto, the image
 * size, a report not understood, and a baseline saved then applied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gate_test.h"
#include "gate/gate_run.h"

struct hook_log {
    int before, after;
    size_t n_seen;
    bool veto, block_seen;
};

static int before(void *ctx, struct sg_arena *a, const struct gate_report *const *reports,
                  size_t n)
{
    struct hook_log *h = ctx;
    (void)a, (void)reports;
    h->before = h->after + 1;
    h->n_seen = n;
    return h->veto ? -1 : 0;
}

static void after(void *ctx, const struct gate_report *const *reports, size_t n,
                  const struct gate_decision *dec, struct sg_diags *d)
{
    struct hook_log *h = ctx;
    (void)reports, (void)n, (void)d;
    h->after = h->before + 1;
    h->block_seen = dec->block;
}

static int run_one(struct gate_run_result *r, struct sg_arena *a, const char *rel,
                   struct gate_run_opts *o, struct sg_diags *d)
{
    static const char *files[1];
    files[0] = sg_arena_strdup(a, fixture_path(rel));
    o->files = files;
    o->n = 1;
    o->today = 20260101;
    return gate_run(r, a, o, d);
}

static void npm_audit_blocks_with_counts(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct gate_run_opts o;
    struct gate_run_result r;
    struct hook_log h = {0};
    struct gate_run_hooks hooks = {before, after, &h};
    size_t blocking, fresh, total;
    (void)state;

    sg_diags_init(&d);
    memset(&o, 0, sizeof(o));
    o.hooks = &hooks;
    assert_int_equal(run_one(&r, a, "npm-audit/v2-all-severity-levels.json", &o, &d), 0);
    assert_true(r.dec.block);
    gate_run_counts(&r.dec, &blocking, &fresh, &total);
    assert_int_equal(blocking, 13);
    assert_int_equal(total, 18);
    assert_int_equal(fresh, 18); /* no baseline: every unsuppressed finding is new */
    assert_int_equal(h.before, 1);
    assert_int_equal(h.after, 2);
    assert_int_equal(h.n_seen, 1);
    assert_true(h.block_seen);
    assert_null(r.bl);
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void a_hook_veto_stops_the_run(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct gate_run_opts o;
    struct gate_run_result r;
    struct hook_log h = {0};
    struct gate_run_hooks hooks = {before, after, &h};
    (void)state;

    h.veto = true;
    sg_diags_init(&d);
    memset(&o, 0, sizeof(o));
    o.hooks = &hooks;
    assert_int_equal(run_one(&r, a, "bandit/no-vuln.json", &o, &d), -1);
    assert_int_equal(h.after, 0);
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void an_image_over_the_policy_limit_blocks(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct gate_run_opts o;
    struct gate_run_result r;
    char pol[] = "/tmp/sg-gate-run-policy-XXXXXX";
    int fd = mkstemp(pol);
    (void)state;

    assert_true(fd >= 0);
    assert_true(write(fd, "version: 1\nimage: {max-size: 100MB}\n", 36) == 36);
    close(fd);
    sg_diags_init(&d);
    memset(&o, 0, sizeof(o));
    o.policy = pol;
    o.has_image_size = true;
    o.image_size = 200000000ull;
    assert_int_equal(run_one(&r, a, "bandit/no-vuln.json", &o, &d), 0);
    assert_true(r.dec.block);
    assert_int_equal(r.n_reports, 2);
    o.image_size = 1000;
    assert_int_equal(run_one(&r, a, "bandit/no-vuln.json", &o, &d), 0);
    assert_false(r.dec.block);
    unlink(pol);
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void a_truncated_report_is_an_error_with_a_position(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct gate_run_opts o;
    struct gate_run_result r;
    (void)state;

    sg_diags_init(&d);
    memset(&o, 0, sizeof(o));
    assert_int_equal(run_one(&r, a, "junit/pytest-corrupt-truncated.xml", &o, &d), -1);
    assert_true(d.errors > 0);
    assert_int_equal(d.items[0].line, 11);
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void a_saved_baseline_makes_nothing_new(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct gate_run_opts o;
    struct gate_run_result r;
    char bl[] = "/tmp/sg-gate-run-baseline-XXXXXX";
    int fd = mkstemp(bl);
    size_t blocking, fresh, total;
    (void)state;

    assert_true(fd >= 0);
    close(fd);
    sg_diags_init(&d);
    memset(&o, 0, sizeof(o));
    o.save_baseline = bl;
    assert_int_equal(run_one(&r, a, "npm-audit/v2-all-severity-levels.json", &o, &d), 0);
    o.save_baseline = NULL;
    o.baseline = bl;
    assert_int_equal(run_one(&r, a, "npm-audit/v2-all-severity-levels.json", &o, &d), 0);
    assert_non_null(r.bl);
    gate_run_counts(&r.dec, &blocking, &fresh, &total);
    assert_int_equal(fresh, 0);
    assert_int_equal(total, 18);
    assert_int_equal(r.bl->n_existing, 18);
    unlink(bl);
    sg_diags_release(&d);
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(npm_audit_blocks_with_counts),
        cmocka_unit_test(a_hook_veto_stops_the_run),
        cmocka_unit_test(an_image_over_the_policy_limit_blocks),
        cmocka_unit_test(a_truncated_report_is_an_error_with_a_position),
        cmocka_unit_test(a_saved_baseline_makes_nothing_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
