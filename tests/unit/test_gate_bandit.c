/* SPDX-License-Identifier: MIT */
/* Bandit JSON: severity and confidence by name, code lines, Bandit 1.6. */
#include "gate_test.h"

static void many_results_with_windows_paths(void **state)
{
    struct gate_fixture *fx = fixture_load("bandit/many-vulns-windows-paths.json", "bandit");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 214, 0, 0, 155, 59, 0);
    assert_string_equal(f->rule, "B110");
    assert_string_equal(f->path, "dojo/benchmark\\views.py");
    assert_int_equal(f->start_line, 26);
    assert_int_equal(f->end_line, 27);
    assert_int_equal(f->confidence, GATE_CONF_HIGH);
    expect_fingerprints(&fx->r);
    fixture_done(fx);
}

static void one_result_and_none(void **state)
{
    struct gate_fixture *fx = fixture_load("bandit/one-vuln-2020.json", "bandit");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 1, 0, 0, 0, 1, 0);
    assert_string_equal(f->rule, "B101");
    assert_string_equal(f->title, "assert_used");
    assert_string_equal(f->path, "one/one.py");
    assert_int_equal(f->start_line, 2);
    /* "1 import os\n2 assert False\n" without Bandit's line numbers */
    assert_string_equal(f->snippet, "import os\nassert False\n");
    assert_string_equal(f->help_url, "https://bandit.readthedocs.io/en/latest/plugins/b101_assert_used.html");
    fixture_done(fx);
    fx = fixture_load("bandit/no-vuln.json", "bandit");
    expect_counts(&fx->r, 0, 0, 0, 0, 0, 0);
    fixture_done(fx);
}

static void bandit_1_6_reports(void **state)
{
    struct gate_fixture *fx = fixture_load("generated/bandit-1.6.2-python3-git.json", "bandit");
    expect_counts(&fx->r, 53, 0, 3, 2, 48, 0);
    assert_string_equal(find_rule(&fx->r, "B103")->path, "git/util.py");
    assert_int_equal(find_rule(&fx->r, "B103")->start_line, 190);
    assert_int_equal(find_rule(&fx->r, "B602")->start_line, 665);
    fixture_done(fx);
    fx = fixture_load("generated/bandit-1.6.2-python3-oauthlib.json", "bandit");
    expect_counts(&fx->r, 12, 0, 0, 1, 11, 0);
    assert_string_equal(find_rule(&fx->r, "B303")->path, "oauthlib/oauth1/rfc5849/__init__.py");
    fixture_done(fx);
    fx = fixture_load("generated/bandit-1.6.2-python3-bandit-nosec.json", "bandit");
    expect_counts(&fx->r, 4, 0, 0, 0, 4, 0);
    assert_int_equal(find_rule(&fx->r, "B404")->start_line, 31);
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_results_with_windows_paths),
        cmocka_unit_test(one_result_and_none),
        cmocka_unit_test(bandit_1_6_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
