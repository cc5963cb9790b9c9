/* SPDX-License-Identifier: MIT */
/* JUnit XML: every writer's variant counts testcases the same way; a
 * truncated file is an error with its position. */
#include "gate_test.h"

static void expect_tests(const char *rel, long total, long failures, long errors, long skipped)
{
    struct gate_fixture *fx = fixture_load(rel, "junit");
    assert_true(fx->r.has_tests);
    assert_false(fx->r.has_coverage);
    assert_int_equal(fx->r.n_findings, 0);
    assert_int_equal(fx->r.tests.total, total);
    assert_int_equal(fx->r.tests.failures, failures);
    assert_int_equal(fx->r.tests.errors, errors);
    assert_int_equal(fx->r.tests.skipped, skipped);
    fixture_done(fx);
}

static void pytest_variants(void **state)
{
    expect_tests("junit/pytest-xunit2.xml", 10, 2, 0, 2);
    expect_tests("junit/pytest-unicode-astral-plane.xml", 7, 2, 2, 2);
    /* 5 failed, 723 passed, 18 skipped */
    expect_tests("generated/pytest-7.2.1-python3-pyflakes-junit.xml", 746, 5, 0, 18);
}

static void go_junit_report_variants(void **state)
{
    expect_tests("junit/go-junit-report-pass-fail-skip.xml", 5, 1, 0, 2);
    expect_tests("junit/go-junit-report-build-errors.xml", 5, 0, 3, 0);
}

static void jest_surefire_testng(void **state)
{
    expect_tests("junit/jest-junit-windows-paths.xml", 6, 4, 0, 1);
    expect_tests("junit/surefire-failing-test.xml", 2, 2, 0, 0);
    expect_tests("junit/testng-single-testsuite-root.xml", 2, 1, 0, 1);
}

static void flaky_reruns_that_passed_are_passes(void **state)
{
    expect_tests("junit/surefire-flaky-failure-rerun.xml", 2, 0, 0, 0);
}

static void scanner_junit_and_bare_elements(void **state)
{
    expect_tests("junit/gitleaks-simple.xml", 2, 2, 0, 0);
    expect_tests("junit/trivy-alpine-310-template.xml", 4, 4, 0, 0);
    expect_tests("junit/no-attributes.xml", 4, 1, 1, 1);
}

static void truncated_file_is_an_error_with_position(void **state)
{
    struct gate_fixture *fx = fixture_refused("junit/pytest-corrupt-truncated.xml", NULL);
    assert_int_equal(fx->diags.items[0].line, 11);
    assert_true(fx->diags.items[0].col > 0);
    assert_true(sg_ends_with(fx->diags.items[0].file, "pytest-corrupt-truncated.xml"));
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pytest_variants),
        cmocka_unit_test(go_junit_report_variants),
        cmocka_unit_test(jest_surefire_testng),
        cmocka_unit_test(flaky_reruns_that_passed_are_passes),
        cmocka_unit_test(scanner_junit_and_bare_elements),
        cmocka_unit_test(truncated_file_is_an_error_with_position),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
