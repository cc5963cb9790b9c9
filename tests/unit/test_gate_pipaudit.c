/* SPDX-License-Identifier: MIT */
/* pip-audit JSON, both forms: one finding per vulnerability, no severity
 * (the policy's unknown: applies), skipped dependencies ignored. */
#include "gate_test.h"

static void check_many_vulns(const struct gate_report *r)
{
    const struct gate_finding *f = find_rule(r, "PYSEC-2021-439");
    /* unknown severity: the default `unknown: high` */
    expect_counts(r, 7, 0, 7, 0, 0, 0);
    assert_int_equal(count_unknown(r), 7);
    assert_int_equal(f->kind, GATE_KIND_DEPENDENCY);
    assert_string_equal(f->package, "django");
    assert_string_equal(f->installed_version, "3.2.9");
    assert_string_equal(f->fixed_version, "2.2.25");
    assert_string_equal(f->ecosystem, "PyPI");
    assert_int_equal(f->n_advisories, 1);
    assert_string_equal(f->advisories[0], "PYSEC-2021-439");
    assert_null(find_rule(r, "PYSEC-2021-852")->fixed_version);
    assert_string_equal(find_rule(r, "PYSEC-2020-260")->package, "twisted");
    expect_fingerprints(r);
}

static void dependencies_form(void **state)
{
    struct gate_fixture *fx = fixture_load("pip-audit/many-vulns.json", "pip-audit");
    check_many_vulns(&fx->r);
    fixture_done(fx);
}

static void legacy_list_form_gives_the_same_findings(void **state)
{
    struct gate_fixture *a = fixture_load("pip-audit/legacy-list-format.json", "pip-audit");
    struct gate_fixture *b = fixture_load("pip-audit/many-vulns.json", "pip-audit");
    size_t i;
    check_many_vulns(&a->r);
    for (i = 0; i < a->r.n_findings; i++)
        assert_string_equal(a->r.findings[i]->fingerprint, b->r.findings[i]->fingerprint);
    fixture_done(a);
    fixture_done(b);
}

static void no_vulnerabilities(void **state)
{
    struct gate_fixture *fx = fixture_load("pip-audit/compact-no-vulns-with-fixes-key.json", "pip-audit");
    expect_counts(&fx->r, 0, 0, 0, 0, 0, 0);
    fixture_done(fx);
    fx = fixture_load("pip-audit/zero-vulns-with-skip-reason.json", "pip-audit");
    expect_counts(&fx->r, 0, 0, 0, 0, 0, 0);
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dependencies_form),
        cmocka_unit_test(legacy_list_form_gives_the_same_findings),
        cmocka_unit_test(no_vulnerabilities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
