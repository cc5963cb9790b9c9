/* SPDX-License-Identifier: MIT */
/* Coverage: Cobertura line-rate (or lines-covered/lines-valid) and
 * coverage.py covered_lines / num_statements, never percent_covered. */
#include <math.h>

#include "gate_test.h"

static void expect_coverage(const char *rel, const char *format, double percent, long valid,
                            long covered)
{
    struct gate_fixture *fx = fixture_load(rel, format);
    assert_true(fx->r.has_coverage);
    assert_false(fx->r.has_tests);
    assert_int_equal(fx->r.n_findings, 0);
    if (fabs(fx->r.coverage.percent - percent) > 0.001)
        fail_msg("%s: coverage %f, expected %f", rel, fx->r.coverage.percent, percent);
    assert_int_equal(fx->r.coverage.lines_valid, valid);
    assert_int_equal(fx->r.coverage.lines_covered, covered);
    fixture_done(fx);
}

static void cobertura_writers(void **state)
{
    /* Cobertura 1.9 gives only line-rate="0.9" */
    expect_coverage("cobertura/cobertura-1.9-java-windows-sources.xml", "cobertura", 90.0, 0, 0);
    expect_coverage("cobertura/coveragepy-5.0a2-branch.xml", "cobertura", 80.0, 5, 4);
    expect_coverage("cobertura/gcovr-gcc14-line-branch-doctype.xml", "cobertura", 1500.0 / 19, 19, 15);
    expect_coverage("cobertura/istanbul-classes-without-package.xml", "cobertura", 100.0, 51, 51);
    expect_coverage("generated/gcovr-5.2-zlib1g-dev-example-cobertura.xml", "cobertura",
                    22800.0 / 275, 275, 228);
    expect_coverage("generated/coveragepy-6.5.0-python3-pyflakes-cobertura.xml", "cobertura",
                    343900.0 / 3544, 3544, 3439);
}

static void coveragepy_json_is_line_coverage(void **state)
{
    /* percent_covered 97.85 happens to equal line coverage here */
    expect_coverage("coverage-py/coverage-7.12-format3-functions-classes.json", "coverage-py",
                    296200.0 / 3027, 3027, 2962);
    /* --branch: percent_covered is 96.11, line coverage 3439/3544 = 97.04 */
    expect_coverage("generated/coveragepy-6.5.0-python3-pyflakes-branch.json", "coverage-py",
                    343900.0 / 3544, 3544, 3439);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cobertura_writers),
        cmocka_unit_test(coveragepy_json_is_line_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
