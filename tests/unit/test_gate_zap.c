/* SPDX-License-Identifier: MIT */
/* OWASP ZAP JSON (tests/data/gate/zap-baseline-2.14.json): one DAST
 * finding per instance, riskcode to severity, confidence 0 suppressed. */
#include "gate_test.h"

static void one_finding_per_instance(void **state)
{
    struct gate_fixture *fx = fixture_load("tests/data/gate/zap-baseline-2.14.json", "zap");
    const struct gate_report *r = &fx->r;
    const struct gate_finding *f = r->findings[0];
    /* 2 + 3 + 1 + 1 + 1 instances over 5 alerts */
    expect_counts(r, 8, 0, 1, 2, 4, 1);
    assert_int_equal(f->kind, GATE_KIND_DAST);
    assert_string_equal(f->tool, "zap");
    assert_string_equal(f->rule, "10038");
    assert_string_equal(f->title, "Content Security Policy (CSP) Header Not Set");
    assert_string_equal(f->path, "http://shop.example.test:8080/");
    assert_string_equal(f->tool_severity, "Medium (High)");
    assert_int_equal(f->confidence, GATE_CONF_HIGH);
    assert_string_equal(f->help_url, "https://cwe.mitre.org/data/definitions/693.html");
    assert_string_equal(r->findings[1]->path, "http://shop.example.test:8080/cart?item=42");
    assert_string_not_equal(r->findings[0]->fingerprint, r->findings[1]->fingerprint);
    assert_int_equal(find_rule(r, "10027")->severity, GATE_SEV_INFO);
    assert_int_equal(find_rule(r, "10027")->confidence, GATE_CONF_LOW);
    assert_string_equal(find_rule(r, "10010")->snippet, "Set-Cookie: session");
    fixture_done(fx);
}

static void false_positive_confidence_is_suppressed(void **state)
{
    struct gate_fixture *fx = fixture_load("tests/data/gate/zap-baseline-2.14.json", "zap");
    const struct gate_finding *f = find_rule(&fx->r, "40018");
    assert_int_equal(count_suppressed(&fx->r), 1);
    assert_true(f->suppressed);
    assert_string_equal(f->suppression_kind, "false-positive");
    assert_int_equal(f->severity, GATE_SEV_HIGH);
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_finding_per_instance),
        cmocka_unit_test(false_positive_confidence_is_suppressed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
