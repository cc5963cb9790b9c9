/* SPDX-License-Identifier: MIT */
/* npm audit v2 and v1: one finding per advisory (never per package),
 * moderate is medium, an error body is refused. */
#include "gate_test.h"

static void v2_one_finding_per_advisory(void **state)
{
    struct gate_fixture *fx = fixture_load("npm-audit/v2-all-severity-levels.json", "npm-audit");
    const struct gate_finding *f = find_rule(&fx->r, "NPM-755");
    /* 16 packages, 18 advisory objects in their via[] */
    expect_counts(&fx->r, 18, 2, 11, 2, 3, 0);
    assert_string_equal(f->package, "handlebars");
    assert_int_equal(f->severity, GATE_SEV_CRITICAL);
    assert_string_equal(f->help_url, "https://npmjs.com/advisories/755");
    assert_string_equal(f->title, "Prototype Pollution");
    assert_string_equal(f->fixed_version, "npm audit fix");
    assert_int_equal(find_rule(&fx->r, "NPM-1504")->severity, GATE_SEV_MEDIUM); /* moderate */
    assert_string_equal(find_rule(&fx->r, "NPM-1504")->tool_severity, "moderate");
    expect_fingerprints(&fx->r);
    fixture_done(fx);
}

static void v2_ghsa_ids_from_urls(void **state)
{
    struct gate_fixture *fx = fixture_load("npm-audit/v2-npm7plus-cwe-cvss.json", "npm-audit");
    const struct gate_finding *f = find_rule(&fx->r, "GHSA-gxpj-cx7g-858c");
    expect_counts(&fx->r, 3, 0, 0, 2, 1, 0);
    assert_string_equal(f->package, "debug");
    assert_string_equal(f->fixed_version, "vercel@32.3.0");
    assert_int_equal(f->n_advisories, 1);
    assert_string_equal(f->advisories[0], "GHSA-gxpj-cx7g-858c");
    fixture_done(fx);
}

static void v2_fix_availability(void **state)
{
    struct gate_fixture *fx = fixture_load("npm-audit/v2-git-dep-no-fix.json", "npm-audit");
    expect_counts(&fx->r, 1, 0, 0, 0, 1, 0);
    assert_string_equal(fx->r.findings[0]->package, "minimist");
    assert_null(fx->r.findings[0]->fixed_version);
    fixture_done(fx);
    fx = fixture_load("npm-audit/v2-semver-major-force-fix.json", "npm-audit");
    expect_counts(&fx->r, 1, 0, 0, 0, 1, 0);
    assert_string_equal(fx->r.findings[0]->fixed_version, "mkdirp@0.5.5");
    fixture_done(fx);
}

static void v1_advisories(void **state)
{
    struct gate_fixture *fx = fixture_load("npm-audit/v1-advisories.json", "npm-audit");
    const struct gate_finding *f = find_rule(&fx->r, "NPM-106");
    expect_counts(&fx->r, 5, 0, 3, 1, 1, 0);
    assert_string_equal(f->package, "negotiator");
    assert_string_equal(f->installed_version, "0.5.3");
    assert_string_equal(f->fixed_version, ">= 0.6.1");
    assert_int_equal(f->n_advisories, 2);
    assert_string_equal(f->advisories[0], "CVE-2016-10539");
    assert_string_equal(f->advisories[1], "NPM-106");
    assert_int_equal(find_rule(&fx->r, "NPM-535")->severity, GATE_SEV_MEDIUM);
    fixture_done(fx);
}

static void error_body_is_refused(void **state)
{
    struct gate_fixture *fx = fixture_refused("npm-audit/error-enoaudit.json", NULL);
    assert_non_null(strstr(fx->diags.items[0].message, "ENOAUDIT"));
    assert_int_equal(fx->diags.items[0].line, 1);
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v2_one_finding_per_advisory),
        cmocka_unit_test(v2_ghsa_ids_from_urls),
        cmocka_unit_test(v2_fix_availability),
        cmocka_unit_test(v1_advisories),
        cmocka_unit_test(error_body_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
