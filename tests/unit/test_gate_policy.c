/* SPDX-License-Identifier: MIT */
/* .shipgate/policy.yml loading (errors with positions) and the decision:
 * first-match rules, stages, suppressions, unknown severity, limits. */
#include "gate_test.h"

static const char *design_policy =
    "version: 1\n"
    "block: [critical, high]\n"
    "warn: [medium]\n"
    "new-only: true\n"
    "unknown: high\n"
    "fixable-only: false\n"
    "min-confidence: low\n"
    "rules:\n"
    "  - tool: semgrep\n"
    "    stage: [pr]\n"
    "    block: [critical, high, medium, low, info]\n"
    "  - tool: bandit\n"
    "    block: []\n"
    "  - stage: [release]\n"
    "    block: [critical, high, medium]\n"
    "coverage: {min: 80}\n"
    "tests: {max-failures: 0}\n"
    "image: {max-size: 500MB}\n"
    "suppressions:\n"
    "  - rule: B101\n"
    "    path: \"tests/**\"\n"
    "    reason: asserts are fine in tests\n"
    "    expires: 2027-03-31\n"
    "    owner: alice\n";

static int load(struct gate_policy *p, struct sg_arena *a, struct sg_diags *d, const char *text)
{
    sg_diags_init(d);
    return gate_policy_parse(p, a, "policy.yml", text, strlen(text), d);
}

static void design_example_loads(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct gate_policy p;
    assert_int_equal(load(&p, a, &d, design_policy), 0);
    assert_int_equal(p.block, GATE_SEV_BIT(GATE_SEV_CRITICAL) | GATE_SEV_BIT(GATE_SEV_HIGH));
    assert_true(p.new_only);
    assert_int_equal(p.n_rules, 3);
    assert_string_equal(p.rules[0].tool, "semgrep");
    assert_string_equal(p.rules[0].stages[0], "pr");
    assert_int_equal(p.rules[1].block, 0);
    assert_true(p.rules[1].has_block);
    assert_int_equal(p.rules[1].line, 12);
    assert_true(p.has_coverage_min);
    assert_true(p.coverage_min == 80);
    assert_int_equal(p.max_failures, 0);
    assert_true(p.image_max_size == 500000000ull);
    assert_int_equal(p.n_suppressions, 1);
    assert_int_equal(p.suppressions[0].expires, 20270331);
    assert_string_equal(p.suppressions[0].reason, "asserts are fine in tests");
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void expect_policy_error(const char *text, int line, int col, const char *needle)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct gate_policy p;
    assert_int_equal(load(&p, a, &d, text), -1);
    if (!strstr(d.items[0].message, needle) || d.items[0].line != line || d.items[0].col != col)
        fail_msg("got %d:%d: %s", d.items[0].line, d.items[0].col, d.items[0].message);
    sg_diags_release(&d);
    sg_arena_free(a);
}

static void errors_name_line_and_column(void **state)
{
    expect_policy_error("version: 1\nblok: [high]\n", 2, 1, "unknown key 'blok'");
    expect_policy_error("version: 1\nblock: [high, severe]\n", 2, 15, "got 'severe'");
    expect_policy_error("version: 1\nsuppressions:\n  - rule: B101\n", 3, 5, "needs a 'reason'");
    expect_policy_error("version: 1\nsuppressions:\n  - rule: B1\n    reason: r\n    expires: soon\n",
                        5, 14, "expected a date YYYY-MM-DD");
    expect_policy_error("version: 2\n", 1, 10, "unsupported policy version '2'");
    expect_policy_error("block: [high]\n", 1, 1, "needs 'version: 1'");
    expect_policy_error("version: 1\ncoverage: {min: 180}\n", 2, 17, "from 0 to 100");
    expect_policy_error("version: 1\nblock: [high\n", 3, 1, "invalid YAML");
    expect_policy_error("version: 1\nblock: high\n  warn: low\n", 3, 9, "invalid YAML");
    expect_policy_error("version: 1\nnew-only: maybe\n", 2, 11, "expected true or false");
    /* libfyaml would loop forever on this one */
    expect_policy_error("version: 1\n%\xae\n", 2, 2, "invalid UTF-8");
}

/* ---- decisions ------------------------------------------------------------ */

struct world {
    struct sg_arena *a;
    struct sg_diags d;
    struct gate_policy p;
    struct gate_report r;
    struct gate_decision dec;
};

static void decide(struct world *w, const char *policy, const char *report, const char *stage,
                   int today)
{
    const struct gate_report *reports[1];
    struct gate_parse_opts opts = GATE_PARSE_OPTS_INIT;
    w->a = sg_arena_new();
    if (policy)
        assert_int_equal(load(&w->p, w->a, &w->d, policy), 0);
    else {
        sg_diags_init(&w->d);
        gate_policy_default(&w->p);
    }
    opts.unknown_severity = w->p.unknown;
    assert_int_equal(gate_report_parse_mem(&w->r, w->a, "r.json", report, strlen(report), NULL,
                                           &opts, &w->d), 0);
    reports[0] = &w->r;
    gate_decide(&w->dec, w->a, &w->p, stage, reports, 1, today);
}

static void world_done(struct world *w)
{
    sg_diags_release(&w->d);
    sg_arena_free(w->a);
}

static const char *semgrep_low =
    "{\"results\": [{\"check_id\": \"r1\", \"path\": \"a.py\", \"start\": {\"line\": 1}, "
    "\"end\": {\"line\": 1}, \"extra\": {\"severity\": \"INFO\", \"message\": \"m\"}}], \"paths\": {}}";

static void any_semgrep_finding_fails_a_pr_only(void **state)
{
    struct world w;
    decide(&w, design_policy, semgrep_low, "pr", 20260101);
    assert_true(w.dec.block);
    assert_int_equal(w.dec.items[0].verdict, GATE_V_BLOCK);
    world_done(&w);
    decide(&w, design_policy, semgrep_low, "main", 20260101);
    assert_int_equal(w.dec.items[0].verdict, GATE_V_LOG);
    /* coverage and tests limits without reports are warnings, not blocks */
    assert_false(w.dec.block);
    assert_int_equal(w.dec.n_warnings, 4); /* coverage, tests, image, unused suppression */
    world_done(&w);
}

static const char *bandit_report =
    "{\"generated_at\": \"x\", \"metrics\": {}, \"results\": ["
    "{\"test_id\": \"B101\", \"filename\": \"tests/t.py\", \"line_number\": 3, "
    "\"issue_severity\": \"HIGH\", \"issue_confidence\": \"HIGH\", \"code\": \"3 assert x\\n\"},"
    "{\"test_id\": \"B602\", \"filename\": \"app/run.py\", \"line_number\": 9, "
    "\"issue_severity\": \"HIGH\", \"issue_confidence\": \"LOW\", \"code\": \"9 call()\\n\"}]}";

static void report_only_tool_never_blocks_and_suppressions_expire(void **state)
{
    struct world w;
    decide(&w, design_policy, bandit_report, NULL, 20260101);
    assert_false(w.dec.block);
    assert_int_equal(w.dec.items[0].verdict, GATE_V_LOG);   /* B602: bandit rule block [] */
    assert_int_equal(w.dec.items[1].verdict, GATE_V_SUPPRESSED); /* B101 in tests/ */
    world_done(&w);
    /* after 2027-03-31 the suppression stops and says so */
    decide(&w, design_policy, bandit_report, NULL, 20270401);
    assert_int_equal(w.dec.items[0].verdict, GATE_V_LOG);
    assert_int_equal(w.dec.items[1].verdict, GATE_V_LOG);
    assert_non_null(strstr(w.dec.warnings[w.dec.n_warnings - 1], "expired on 2027-03-31"));
    world_done(&w);
}

static void default_policy_blocks_high_and_names_the_reason(void **state)
{
    struct world w;
    decide(&w, NULL, bandit_report, NULL, 20260101);
    assert_true(w.dec.block);
    assert_int_equal(w.dec.n_reasons, 1);
    assert_string_equal(w.dec.reasons[0],
                        "2 findings at a blocking severity (default policy: block [critical, high])");
    world_done(&w);
}

static void min_confidence_drops_and_unknown_severity_applies(void **state)
{
    struct world w;
    const char *pip = "{\"dependencies\": [{\"name\": \"a\", \"version\": \"1\", \"vulns\": "
                      "[{\"id\": \"PYSEC-1\", \"fix_versions\": []}]}]}";
    decide(&w, "version: 1\nmin-confidence: medium\n", bandit_report, NULL, 20260101);
    assert_int_equal(w.dec.items[w.dec.n - 1].verdict, GATE_V_DROPPED);
    world_done(&w);
    decide(&w, "version: 1\nunknown: low\n", pip, NULL, 20260101);
    assert_int_equal(w.dec.items[0].severity, GATE_SEV_LOW);
    assert_false(w.dec.block);
    world_done(&w);
    decide(&w, "version: 1\nfixable-only: true\n", pip, NULL, 20260101);
    assert_int_equal(w.dec.items[0].verdict, GATE_V_WARN); /* high, but no fix */
    world_done(&w);
}

static void coverage_and_tests_limits(void **state)
{
    struct world w;
    const char *cov = "{\"meta\": {}, \"files\": {}, \"totals\": {\"covered_lines\": 79, "
                      "\"num_statements\": 100, \"percent_covered\": 95}}";
    decide(&w, "version: 1\ncoverage: {min: 80}\n", cov, NULL, 20260101);
    assert_true(w.dec.block);
    assert_string_equal(w.dec.reasons[0], "line coverage 79.00% is below the minimum of 80%");
    world_done(&w);
    decide(&w, "version: 1\ncoverage: {min: 79}\n", cov, NULL, 20260101);
    assert_false(w.dec.block);
    world_done(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(design_example_loads),
        cmocka_unit_test(errors_name_line_and_column),
        cmocka_unit_test(any_semgrep_finding_fails_a_pr_only),
        cmocka_unit_test(report_only_tool_never_blocks_and_suppressions_expire),
        cmocka_unit_test(default_policy_blocks_high_and_names_the_reason),
        cmocka_unit_test(min_confidence_drops_and_unknown_severity_applies),
        cmocka_unit_test(coverage_and_tests_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
