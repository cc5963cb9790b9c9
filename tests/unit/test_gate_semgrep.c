/* SPDX-License-Identifier: MIT */
/* Semgrep JSON: ERROR/WARNING/INFO and the newer severity names, is_ignored,
 * registry metadata. */
#include "gate_test.h"

static void error_and_warning_map_to_high_and_medium(void **state)
{
    struct gate_fixture *fx = fixture_load("semgrep/defectdojo-many-vulns.json", "semgrep");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 48, 0, 13, 35, 0, 0);
    assert_string_equal(f->rule, "python.lang.correctness.tempfile.flush.tempfile-without-flush");
    assert_string_equal(f->path, "tasks.py");
    assert_int_equal(f->start_line, 186);
    assert_int_equal(f->start_col, 39);
    assert_string_equal(f->tool_severity, "ERROR");
    expect_fingerprints(&fx->r);
    fixture_done(fx);
}

static void overlapping_matches_are_separate_findings(void **state)
{
    struct gate_fixture *fx = fixture_load("semgrep/deduplication.json", "semgrep");
    expect_counts(&fx->r, 3, 0, 0, 3, 0, 0);
    assert_string_equal(fx->r.findings[0]->rule, "rules.duplicate-eq");
    assert_string_equal(fx->r.findings[0]->path, "targets/basic/stupid.py");
    assert_int_equal(fx->r.findings[1]->start_line, 8);
    fixture_done(fx);
}

static void is_ignored_results_are_suppressed(void **state)
{
    struct gate_fixture *fx = fixture_load("semgrep/disable-nosem-is-ignored.json", "semgrep");
    expect_counts(&fx->r, 28, 0, 0, 28, 0, 0);
    assert_int_equal(count_suppressed(&fx->r), 21);
    fixture_done(fx);
}

static void newer_severity_names_map_by_name(void **state)
{
    struct gate_fixture *fx = fixture_load("semgrep/new-severity-name-low-absolute-paths.json", "semgrep");
    expect_counts(&fx->r, 3, 0, 0, 0, 3, 0);
    assert_string_equal(fx->r.findings[0]->rule, "rules.sast.dev.generic.internal.detect-cdn-usage-react-express");
    assert_int_equal(fx->r.findings[0]->start_line, 48);
    fixture_done(fx);
}

static void registry_metadata_gives_confidence_and_link(void **state)
{
    struct gate_fixture *fx = fixture_load("semgrep/v1.30.0-registry-metadata-fingerprint.json", "semgrep");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 5, 0, 0, 5, 0, 0);
    assert_string_equal(f->path, "test.go");
    assert_int_equal(f->start_line, 27);
    assert_int_equal(f->end_line, 30);
    assert_int_equal(f->confidence, GATE_CONF_MEDIUM);
    assert_string_equal(f->help_url, "https://semgrep.dev/r/go.lang.security.audit.net.formatted-template-string.formatted-template-string");
    assert_true(sg_starts_with(f->snippet, "    tmpl := \"<html><body><h1>\""));
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_and_warning_map_to_high_and_medium),
        cmocka_unit_test(overlapping_matches_are_separate_findings),
        cmocka_unit_test(is_ignored_results_are_suppressed),
        cmocka_unit_test(newer_severity_names_map_by_name),
        cmocka_unit_test(registry_metadata_gives_confidence_and_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
