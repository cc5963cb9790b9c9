/* SPDX-License-Identifier: MIT */
/* Trivy JSON: vulnerabilities (container or dependency), misconfigurations,
 * secrets, VEX-suppressed findings, the 2022 schema. */
#include "gate_test.h"

static void image_vulnerabilities_are_container_findings(void **state)
{
    struct gate_fixture *fx = fixture_load("trivy/image-alpine-310.json", "trivy");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 4, 0, 0, 4, 0, 0);
    assert_int_equal(f->kind, GATE_KIND_CONTAINER);
    assert_string_equal(f->rule, "CVE-2019-1549");
    assert_string_equal(f->package, "libcrypto1.1");
    assert_string_equal(f->installed_version, "1.1.1c-r0");
    assert_string_equal(f->fixed_version, "1.1.1d-r0");
    assert_string_equal(f->ecosystem, "alpine");
    assert_string_equal(f->target, "testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)");
    assert_string_equal(f->help_url, "https://avd.aquasec.com/nvd/cve-2019-1549");
    /* same CVE, other package: another finding */
    assert_string_not_equal(fx->r.findings[0]->fingerprint, fx->r.findings[2]->fingerprint);
    fixture_done(fx);
}

static void schema_2022_image(void **state)
{
    struct gate_fixture *fx = fixture_load("trivy/image-debian-buster-ignore-unfixed-2022-schema.json", "trivy");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 1, 1, 0, 0, 0, 0);
    assert_int_equal(f->kind, GATE_KIND_CONTAINER);
    assert_string_equal(f->rule, "CVE-2019-18224");
    assert_string_equal(f->package, "libidn2-0");
    assert_string_equal(f->installed_version, "2.0.5-1");
    assert_string_equal(f->fixed_version, "2.0.5-1+deb10u1");
    fixture_done(fx);
}

static void fs_lockfile_vulnerability_is_a_dependency(void **state)
{
    struct gate_fixture *fx = fixture_load("trivy/fs-npm-lockfile.json", "trivy");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 1, 0, 0, 1, 0, 0);
    assert_int_equal(f->kind, GATE_KIND_DEPENDENCY);
    assert_string_equal(f->rule, "CVE-2019-11358");
    assert_string_equal(f->package, "jquery");
    assert_string_equal(f->installed_version, "3.3.9");
    assert_string_equal(f->fixed_version, "3.4.0");
    assert_string_equal(f->ecosystem, "npm");
    assert_string_equal(f->target, "package-lock.json");
    assert_int_equal(f->n_advisories, 1);
    fixture_done(fx);
}

static void helm_misconfigurations_are_iac_with_cause_lines(void **state)
{
    struct gate_fixture *fx = fixture_load("trivy/config-helm-misconfigurations.json", "trivy");
    const struct gate_finding *f = fx->r.findings[0];
    expect_counts(&fx->r, 18, 0, 3, 4, 11, 0);
    assert_int_equal(f->kind, GATE_KIND_IAC);
    assert_string_equal(f->rule, "KSV-0001");
    assert_string_equal(f->path, "testchart.tar.gz:templates/pod.yaml");
    assert_int_equal(f->start_line, 19);
    assert_int_equal(f->end_line, 22);
    assert_true(sg_starts_with(f->snippet, "      - name: nginx\n        image: nginx:1.14.2\n"));
    assert_string_equal(f->title, "Can elevate its own privileges");
    fixture_done(fx);
}

static void secrets_keep_their_severity(void **state)
{
    struct gate_fixture *fx = fixture_load("trivy/fs-secrets.json", "trivy");
    const struct gate_finding *aws = find_rule(&fx->r, "aws-access-key-id");
    expect_counts(&fx->r, 2, 1, 1, 0, 0, 0);
    assert_int_equal(aws->kind, GATE_KIND_SECRET);
    assert_int_equal(aws->severity, GATE_SEV_CRITICAL);
    assert_string_equal(aws->path, "deploy.sh");
    assert_int_equal(aws->start_line, 3);
    assert_int_equal(find_rule(&fx->r, "mysecret")->start_line, 7);
    assert_int_equal(find_rule(&fx->r, "mysecret")->severity, GATE_SEV_HIGH);
    fixture_done(fx);
}

static void vex_not_affected_is_suppressed(void **state)
{
    struct gate_fixture *fx = fixture_load("trivy/convert-npm-vex-suppressed.json", "trivy");
    const struct gate_finding *vex = find_rule(&fx->r, "CVE-2017-16137");
    expect_counts(&fx->r, 2, 0, 1, 0, 1, 0);
    assert_int_equal(count_suppressed(&fx->r), 1);
    assert_true(vex->suppressed);
    assert_string_equal(vex->suppression_kind, "vex");
    assert_string_equal(vex->suppression_justification, "vulnerable_code_not_in_execute_path");
    assert_false(find_rule(&fx->r, "CVE-2017-20165")->suppressed);
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(image_vulnerabilities_are_container_findings),
        cmocka_unit_test(schema_2022_image),
        cmocka_unit_test(fs_lockfile_vulnerability_is_a_dependency),
        cmocka_unit_test(helm_misconfigurations_are_iac_with_cause_lines),
        cmocka_unit_test(secrets_keep_their_severity),
        cmocka_unit_test(vex_not_affected_is_suppressed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
