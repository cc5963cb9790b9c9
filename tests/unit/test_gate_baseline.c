/* SPDX-License-Identifier: MIT */
/* Baselines: save then load round trip, new/existing marking, unused
 * entries reported, bad files refused with positions, the earlier JSON
 * output accepted. */
#include <stdio.h>
#include <unistd.h>

#include "gate_test.h"

static const char *semgrep_two =
    "{\"results\": ["
    "{\"check_id\": \"r.one\", \"path\": \"a.py\", \"start\": {\"line\": 3, \"col\": 1},"
    " \"end\": {\"line\": 3, \"col\": 9}, \"extra\": {\"message\": \"m\", \"severity\": \"ERROR\","
    " \"lines\": \"eval(x)\"}},"
    "{\"check_id\": \"r.two\", \"path\": \"b.py\", \"start\": {\"line\": 7, \"col\": 1},"
    " \"end\": {\"line\": 7, \"col\": 9}, \"extra\": {\"message\": \"m\", \"severity\": \"WARNING\","
    " \"lines\": \"exec(y)\"}}], \"errors\": [], \"paths\": {\"scanned\": []}}";

static const char *semgrep_one =
    "{\"results\": ["
    "{\"check_id\": \"r.one\", \"path\": \"a.py\", \"start\": {\"line\": 30, \"col\": 5},"
    " \"end\": {\"line\": 30, \"col\": 13}, \"extra\": {\"message\": \"m\", \"severity\": \"ERROR\","
    " \"lines\": \"    eval( x )\"}},"
    "{\"check_id\": \"r.three\", \"path\": \"c.py\", \"start\": {\"line\": 1, \"col\": 1},"
    " \"end\": {\"line\": 1, \"col\": 9}, \"extra\": {\"message\": \"m\", \"severity\": \"ERROR\","
    " \"lines\": \"pickle.loads(z)\"}}], \"errors\": [], \"paths\": {\"scanned\": []}}";

static struct gate_report *parse(struct sg_arena *a, const char *text)
{
    struct gate_report *r = sg_arena_alloc(a, sizeof(*r));
    struct gate_parse_opts o = GATE_PARSE_OPTS_INIT;
    struct sg_diags d;
    sg_diags_init(&d);
    o.source_root = NULL; /* snippets only */
    assert_int_equal(gate_report_parse_mem(r, a, "r.json", text, strlen(text), NULL, &o, &d), 0);
    sg_diags_release(&d);
    return r;
}

static char *tmpfile_with(const char *text)
{
    static char path[64];
    int fd;
    snprintf(path, sizeof(path), "/tmp/sg-baseline-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    if (text)
        assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void saved_baseline_marks_moved_finding_existing_and_reports_unused(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct gate_report *before = parse(a, semgrep_two), *after = parse(a, semgrep_one);
    struct gate_baseline b;
    struct gate_decision dec;
    struct gate_policy pol;
    struct sg_diags d;
    char *path = sg_arena_strdup(a, tmpfile_with(NULL));

    sg_diags_init(&d);
    assert_int_equal(gate_baseline_save(path, (const struct gate_report *const *)&before, 1, 0, &d), 0);
    assert_int_equal(gate_baseline_load(&b, a, path, &d), 0);
    assert_int_equal(b.n, 2);
    gate_baseline_apply(&b, &after, 1);
    /* r.one moved from line 3 to 30 and was re-indented: still existing. */
    assert_string_equal(find_rule(after, "r.one")->baseline_state, "existing");
    assert_string_equal(find_rule(after, "r.three")->baseline_state, "new");
    assert_int_equal(b.n_new, 1);
    assert_int_equal(b.n_existing, 1);

    gate_policy_default(&pol);
    pol.new_only = true;
    gate_decide(&dec, a, &pol, NULL, (const struct gate_report *const *)&after, 1, 20250101);
    gate_baseline_warnings(&b, &dec, a);
    assert_int_equal(dec.n_warnings, 1);
    assert_non_null(strstr(dec.warnings[0], "1 of 2 baseline entries matched no current finding"));
    assert_non_null(strstr(dec.warnings[0], "r.two b.py"));
    /* new-only: the existing high one warns, the new high one blocks. */
    assert_true(dec.block);
    assert_int_equal(dec.items[0].verdict, GATE_V_BLOCK);
    assert_string_equal(dec.items[0].f->rule, "r.three");
    assert_int_equal(dec.items[1].verdict, GATE_V_WARN);
    unlink(path);
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void baseline_file_is_sorted_json_with_version_and_created(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct gate_report *r = parse(a, semgrep_two);
    struct sg_diags d;
    struct sg_buf text = SG_BUF_INIT;
    char *path = sg_arena_strdup(a, tmpfile_with(NULL));
    const char *first, *second;

    sg_diags_init(&d);
    assert_int_equal(gate_baseline_save(path, (const struct gate_report *const *)&r, 1,
                                        (time_t)1738325400, &d), 0);
    assert_int_equal(sg_read_file(&text, path, 0), 0);
    assert_non_null(strstr(text.data, "\"version\": 1"));
    assert_non_null(strstr(text.data, "\"created\": \"2025-01-31T12:10:00Z\""));
    assert_non_null(strstr(text.data, "\"kind\": \"sast\""));
    first = strstr(text.data, "\"fingerprint\": \"");
    second = first ? strstr(first + 1, "\"fingerprint\": \"") : NULL;
    assert_non_null(second);
    assert_true(memcmp(first + 16, second + 16, 32) < 0);
    unlink(path);
    sg_buf_release(&text);
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void load_refuses(const char *text, const char *want)
{
    struct sg_arena *a = sg_arena_new();
    struct gate_baseline b;
    struct sg_diags d;
    char *path = tmpfile_with(text);

    sg_diags_init(&d);
    assert_int_equal(gate_baseline_load(&b, a, path, &d), -1);
    assert_true(d.errors >= 1);
    if (!strstr(d.items[0].message, want))
        fail_msg("'%s' does not say '%s'", d.items[0].message, want);
    unlink(path);
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void bad_baselines_are_refused_with_a_reason(void **state)
{
    load_refuses("{\"version\": 2, \"findings\": []}", "unsupported baseline version");
    load_refuses("{\"version\": 1, \"findings\": [{\"fingerprint\": \"XYZ\"}]}", "expected a fingerprint");
    load_refuses("{\"version\": 1, \"findings\": [{\"tool\": \"semgrep\"}]}", "expected a 'fingerprint'");
    load_refuses("{\"version\": 1}", "expected a 'findings' array");
    load_refuses("{\"version\": 1, \"findings\": [", "unexpected end");
    load_refuses("[1, 2]", "expected an object");
}

static void empty_baseline_makes_everything_new(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct gate_report *r = parse(a, semgrep_two);
    struct gate_baseline b;
    struct sg_diags d;
    char *path = tmpfile_with("{\"version\": 1, \"findings\": []}");

    sg_diags_init(&d);
    assert_int_equal(gate_baseline_load(&b, a, path, &d), 0);
    gate_baseline_apply(&b, &r, 1);
    assert_int_equal(b.n_new, 2);
    assert_string_equal(r->findings[0]->baseline_state, "new");
    unlink(path);
    sg_diags_release(&d);
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(saved_baseline_marks_moved_finding_existing_and_reports_unused),
        cmocka_unit_test(baseline_file_is_sorted_json_with_version_and_created),
        cmocka_unit_test(bad_baselines_are_refused_with_a_reason),
        cmocka_unit_test(empty_baseline_makes_everything_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
