/* SPDX-License-Identifier: MIT */
/* SARIF 2.1.0: every SARIF fixture parses with the expected counts,
 * severities (security-severity, level, rule default) and fields. */
#include "gate_test.h"

static void codeql_levels_come_from_rule_defaults(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/codeql-2.5.4-python-primaryLocationLineHash.sarif", "sarif");
    const struct gate_finding *f = fx->r.findings[0], *bad = fx->r.findings[2];
    expect_counts(&fx->r, 72, 0, 11, 4, 57, 0);
    assert_string_equal(f->tool, "CodeQL");
    assert_string_equal(f->rule, "py/empty-except");
    assert_string_equal(f->path, "good/db_init.py");
    assert_int_equal(f->start_line, 39);
    assert_int_equal(f->start_col, 5);
    assert_int_equal(f->severity, GATE_SEV_LOW); /* the rule's default level "note" */
    assert_string_equal(f->tool_fingerprint, "primaryLocationLineHash=9cbc869fbfffeb60:1");
    /* same line hash in another file is another finding */
    assert_string_equal(bad->path, "bad/db_init.py");
    assert_string_equal(bad->tool_fingerprint, f->tool_fingerprint);
    assert_string_not_equal(bad->fingerprint, f->fingerprint);
    expect_fingerprints(&fx->r);
    fixture_done(fx);
}

static void ghas_security_severity_scores_map_to_severity(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/ghas-style-cwe-sample-security-severity.sarif", "sarif");
    expect_counts(&fx->r, 7, 1, 4, 2, 0, 0);
    assert_int_equal(find_rule(&fx->r, "CWE-798")->severity, GATE_SEV_CRITICAL); /* "9.8" */
    assert_string_equal(find_rule(&fx->r, "CWE-798")->tool_severity, "9.8");
    assert_int_equal(find_rule(&fx->r, "CWE-1220")->severity, GATE_SEV_MEDIUM);  /* "5.0" */
    assert_string_equal(find_rule(&fx->r, "CWE-89")->path, "src/Sarif/Taxonomies/SampleCode.cs");
    assert_int_equal(find_rule(&fx->r, "CWE-89")->start_line, 22);
    fixture_done(fx);
}

static void baseline_state_is_kept(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/baselinestate-new-results.sarif", "sarif");
    size_t i, n_new = 0;
    expect_counts(&fx->r, 30, 0, 23, 2, 5, 0);
    for (i = 0; i < fx->r.n_findings; i++)
        n_new += fx->r.findings[i]->baseline_state &&
                 strcmp(fx->r.findings[i]->baseline_state, "new") == 0;
    assert_int_equal(n_new, 23);
    assert_string_equal(fx->r.findings[0]->rule, "SARIF2003");
    assert_string_equal(fx->r.findings[0]->baseline_state, "unchanged");
    fixture_done(fx);
}

static void empty_and_minimal_logs_have_no_findings(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/empty-runs-array.sarif", "sarif");
    expect_counts(&fx->r, 0, 0, 0, 0, 0, 0);
    fixture_done(fx);
    fx = fixture_load("sarif/spec-appendix-k1-minimal-no-results.sarif", "sarif");
    expect_counts(&fx->r, 0, 0, 0, 0, 0, 0);
    fixture_done(fx);
}

static void gitleaks_sarif_is_a_secret_keyed_by_its_value(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/gitleaks-simple.sarif", "sarif");
    const struct gate_finding *f;
    expect_counts(&fx->r, 1, 0, 0, 1, 0, 0);
    f = fx->r.findings[0];
    assert_int_equal(f->kind, GATE_KIND_SECRET);
    assert_string_equal(f->rule, "test-rule");
    assert_string_equal(f->path, "auth.py");
    /* partialFingerprints hold commit metadata there, not a location */
    assert_null(f->tool_fingerprint);
    fixture_done(fx);
}

static void two_runs_are_both_read(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/grouping-sample-2runs.sarif", "sarif");
    expect_counts(&fx->r, 3, 3, 0, 0, 0, 0);
    assert_string_equal(fx->r.findings[0]->rule, "CWE-306");
    assert_string_equal(fx->r.findings[2]->path, "src/api/proxy.ts");
    fixture_done(fx);
    fx = fixture_load("sarif/lgtm-export-2runs-510results.sarif", "sarif");
    expect_counts(&fx->r, 510, 0, 31, 122, 357, 0);
    assert_string_equal(fx->r.findings[0]->tool, "LGTM.com");
    assert_string_equal(fx->r.findings[0]->rule, "com.lgtm/javascript-queries:js/unused-local-variable");
    assert_string_equal(fx->r.findings[0]->path, "dojo/static/dojo/js/index.js");
    assert_int_equal(fx->r.findings[0]->start_line, 220);
    expect_fingerprints(&fx->r);
    fixture_done(fx);
}

static void semgrep_sarif_suppressions_and_fingerprints(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/semgrep-include-nosemgrep-suppressions.sarif", "sarif");
    expect_counts(&fx->r, 2, 0, 2, 0, 0, 0);
    assert_int_equal(count_suppressed(&fx->r), 1);
    assert_true(fx->r.findings[0]->suppressed);
    assert_string_equal(fx->r.findings[0]->suppression_kind, "inSource");
    assert_false(fx->r.findings[1]->suppressed);
    assert_string_equal(fx->r.findings[0]->tool, "Semgrep OSS");
    assert_string_equal(fx->r.findings[0]->path, "targets/basic/regex-nosemgrep.txt");
    assert_true(sg_starts_with(fx->r.findings[0]->tool_fingerprint, "matchBasedId/v1=4440db75"));
    assert_string_not_equal(fx->r.findings[0]->fingerprint, fx->r.findings[1]->fingerprint);
    fixture_done(fx);
    fx = fixture_load("sarif/semgrep-dataflow-traces.sarif", "sarif");
    expect_counts(&fx->r, 1, 0, 0, 1, 0, 0);
    fixture_done(fx);
}

static void spec_appendix_k_accepted_suppression_and_message_strings(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/spec-appendix-k-comprehensive.sarif", "sarif");
    const struct gate_finding *f;
    expect_counts(&fx->r, 1, 0, 1, 0, 0, 0);
    f = fx->r.findings[0];
    assert_true(f->suppressed);
    assert_string_equal(f->rule, "C2001");
    assert_string_equal(f->baseline_state, "existing");
    assert_string_equal(f->path, "collections/list.h");
    assert_int_equal(f->start_line, 15);
    assert_string_equal(f->snippet, "add_core(ptr, offset, val);\n    return;");
    /* message.id "default" with arguments ["ptr", "0"] */
    assert_non_null(strstr(f->message, "ptr"));
    fixture_done(fx);
}

static void bom_and_file_uris_and_external_suppressions(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/suppressions-bom-external.sarif", "sarif");
    expect_counts(&fx->r, 4, 0, 0, 4, 0, 0);
    assert_int_equal(count_suppressed(&fx->r), 3);
    assert_string_equal(fx->r.findings[0]->path, "C:/code/file1.c");
    assert_string_equal(fx->r.findings[0]->suppression_kind, "external");
    fixture_done(fx);
}

static void trivy_sarif_vulnerabilities_are_dependency_findings(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/trivy-image-alpine-310.sarif", "sarif");
    expect_counts(&fx->r, 4, 0, 0, 4, 0, 0);
    assert_string_equal(fx->r.findings[0]->rule, "CVE-2019-1549");
    assert_int_equal(fx->r.findings[0]->kind, GATE_KIND_DEPENDENCY);
    assert_string_equal(fx->r.findings[0]->tool_severity, "5.3");
    /* the same CVE in libcrypto and libssl are two findings */
    assert_string_not_equal(fx->r.findings[0]->fingerprint, fx->r.findings[2]->fingerprint);
    fixture_done(fx);
}

static void large_tslint_log(void **state)
{
    struct gate_fixture *fx = fixture_load("sarif/tslint-converted-3007-results.sarif", "sarif");
    expect_counts(&fx->r, 3007, 0, 0, 0, 3007, 0);
    assert_string_equal(fx->r.findings[0]->tool, "TSLint");
    assert_string_equal(fx->r.findings[0]->rule, "eofline");
    assert_string_equal(fx->r.findings[0]->path, "SecureApp/js/index.d.ts");
    assert_int_equal(fx->r.findings[0]->start_line, 114);
    fixture_done(fx);
}

static void flawfinder_context_hash_fingerprints(void **state)
{
    struct gate_fixture *fx = fixture_load("generated/flawfinder-2.0.19-libgit2-dev-examples.sarif", "sarif");
    expect_counts(&fx->r, 303, 0, 8, 0, 295, 0);
    assert_string_equal(fx->r.findings[0]->rule, "FF1022");
    assert_string_equal(fx->r.findings[0]->path, "examples/args.c");
    assert_string_equal(fx->r.findings[0]->snippet, "\tsize_t len = strlen(pfx);");
    assert_true(sg_starts_with(fx->r.findings[0]->tool_fingerprint, "contextHash/v1=031dc3dc"));
    fixture_done(fx);
    fx = fixture_load("generated/flawfinder-2.0.19-libssh2-1-dev-examples-minlevel0.sarif", "sarif");
    expect_counts(&fx->r, 537, 0, 3, 1, 533, 0);
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codeql_levels_come_from_rule_defaults),
        cmocka_unit_test(ghas_security_severity_scores_map_to_severity),
        cmocka_unit_test(baseline_state_is_kept),
        cmocka_unit_test(empty_and_minimal_logs_have_no_findings),
        cmocka_unit_test(gitleaks_sarif_is_a_secret_keyed_by_its_value),
        cmocka_unit_test(two_runs_are_both_read),
        cmocka_unit_test(semgrep_sarif_suppressions_and_fingerprints),
        cmocka_unit_test(spec_appendix_k_accepted_suppression_and_message_strings),
        cmocka_unit_test(bom_and_file_uris_and_external_suppressions),
        cmocka_unit_test(trivy_sarif_vulnerabilities_are_dependency_findings),
        cmocka_unit_test(large_tslint_log),
        cmocka_unit_test(flawfinder_context_hash_fingerprints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
