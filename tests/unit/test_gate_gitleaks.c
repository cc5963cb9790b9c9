/* SPDX-License-Identifier: MIT */
/* gitleaks JSON, v8 and the v7 lowercase keys: secrets with unknown
 * severity, fingerprinted by the secret value. */
#include "gate_test.h"

static void v8_all_keys(void **state)
{
    struct gate_fixture *fx = fixture_load("gitleaks/json-simple.json", "gitleaks");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 1, 0, 1, 0, 0, 0);
    assert_int_equal(count_unknown(&fx->r), 1);
    assert_int_equal(f->kind, GATE_KIND_SECRET);
    assert_string_equal(f->rule, "test-rule");
    assert_string_equal(f->path, "auth.py");
    assert_int_equal(f->start_line, 1);
    assert_int_equal(f->end_line, 2);
    assert_string_equal(f->snippet, "line containing secret");
    assert_string_equal(f->target, "0000000000000000");
    fixture_done(fx);
}

static void empty_list_is_a_clean_report(void **state)
{
    struct gate_fixture *fx = fixture_load("gitleaks/empty.json", "gitleaks");
    expect_counts(&fx->r, 0, 0, 0, 0, 0, 0);
    fixture_done(fx);
}

static void same_secret_in_two_commits_is_one_fingerprint(void **state)
{
    struct gate_fixture *fx = fixture_load("gitleaks/v7.5.0-legacy-lowercase-keys.json", "gitleaks");
    const struct gate_report *r = &fx->r;
    expect_counts(r, 8, 0, 8, 0, 0, 0);
    assert_string_equal(r->findings[0]->rule, "AWS Access Key");
    assert_int_equal(r->findings[0]->start_line, 13);
    assert_true(sg_ends_with(r->findings[0]->path, "gitlab_secret_detection_report_1_vuln.json"));
    /* the same key found in two commits: one secret, one fingerprint */
    assert_string_equal(r->findings[0]->fingerprint, r->findings[1]->fingerprint);
    assert_string_not_equal(r->findings[0]->target, r->findings[1]->target);
    assert_string_equal(r->findings[2]->rule, "Asymmetric Private Key");
    assert_string_not_equal(r->findings[0]->fingerprint, r->findings[2]->fingerprint);
    fixture_done(fx);
}

static void early_v8_and_redacted_baseline(void **state)
{
    struct gate_fixture *fx = fixture_load("gitleaks/v8-early-no-fingerprint-absolute-paths.json", "gitleaks");
    expect_counts(&fx->r, 4, 0, 4, 0, 0, 0);
    assert_string_equal(fx->r.findings[0]->rule, "aws-access-token");
    assert_string_equal(fx->r.findings[0]->path, "/conf/aws.tf");
    assert_string_equal(find_rule(&fx->r, "RSA-PK")->path, "conf/rsa.pk");
    assert_int_equal(find_rule(&fx->r, "RSA-PK")->start_line, 57);
    fixture_done(fx);
    fx = fixture_load("gitleaks/git-mode-baseline-redacted.json", "gitleaks");
    expect_counts(&fx->r, 2, 0, 2, 0, 0, 0);
    assert_string_equal(fx->r.findings[0]->rule, "pypi-upload-token");
    assert_int_equal(fx->r.findings[1]->start_line, 33);
    assert_null(fx->r.findings[0]->secret_value); /* stars: redacted */
    fixture_done(fx);
}

static void shipgate_secrets_json_is_critical(void **state)
{
    struct gate_fixture *fx = fixture_load("tests/data/gate/shipgate-secrets.json", "shipgate-secrets");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 1, 1, 0, 0, 0, 0);
    assert_int_equal(f->kind, GATE_KIND_SECRET);
    assert_string_equal(f->rule, "aws-access-key-id");
    assert_string_equal(f->path, "a.env");
    assert_int_equal(f->start_line, 2);
    assert_int_equal(f->start_col, 5);
    assert_string_equal(f->target, "abc");
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v8_all_keys),
        cmocka_unit_test(empty_list_is_a_clean_report),
        cmocka_unit_test(same_secret_in_two_commits_is_one_fingerprint),
        cmocka_unit_test(early_v8_and_redacted_baseline),
        cmocka_unit_test(shipgate_secrets_json_is_critical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
