/* SPDX-License-Identifier: MIT */
/* ShellCheck JSON (json and json1) and cppcheck XML. */
#include "gate_test.h"

static void shellcheck_json(void **state)
{
    struct gate_fixture *fx = fixture_load("generated/shellcheck-0.9.0-usr-bin-scripts.json", "shellcheck");
    const struct gate_finding *f = find_rule(&fx->r, "SC1075");
    /* error 1, warning 15, info 31, style 56 */
    expect_counts(&fx->r, 103, 0, 1, 15, 31, 56);
    assert_string_equal(f->path, "bzgrep");
    assert_int_equal(f->start_line, 96);
    assert_int_equal(f->start_col, 28);
    assert_int_equal(f->severity, GATE_SEV_HIGH);
    assert_string_equal(f->help_url, "https://www.shellcheck.net/wiki/SC1075");
    assert_string_equal(fx->r.findings[0]->path, "gettext.sh");
    assert_string_equal(fx->r.findings[0]->rule, "SC2006");
    fixture_done(fx);
}

static void shellcheck_json1(void **state)
{
    struct gate_fixture *fx = fixture_load("generated/shellcheck-0.9.0-json1-apt-dpkg-systemd.json", "shellcheck");
    expect_counts(&fx->r, 114, 0, 0, 100, 14, 0);
    assert_string_equal(fx->r.findings[0]->path, "kernel-install");
    assert_int_equal(fx->r.findings[0]->start_line, 293);
    assert_string_equal(fx->r.findings[0]->rule, "SC2317");
    fixture_done(fx);
}

static void cppcheck_xml(void **state)
{
    struct gate_fixture *fx = fixture_load("generated/cppcheck-2.10-libssh2-1-dev-examples.xml", "cppcheck");
    const struct gate_finding *f = fx->r.findings[0];
    /* error 16, warning 4, style 27, information 1 */
    expect_counts(&fx->r, 48, 0, 16, 4, 27, 1);
    assert_string_equal(f->rule, "invalidPrintfArgType_sint");
    assert_string_equal(f->path, "examples/direct_tcpip.c");
    assert_int_equal(f->start_line, 247);
    assert_int_equal(f->start_col, 5);
    assert_string_equal(f->advisories[0], "CWE-686");
    fixture_done(fx);
    fx = fixture_load("generated/cppcheck-2.10-zlib1g-dev-examples.xml", "cppcheck");
    /* error 2, warning 3, style 26 + portability 3, information 1 */
    expect_counts(&fx->r, 35, 0, 2, 3, 29, 1);
    assert_string_equal(find_rule(&fx->r, "uninitvar")->tool_severity, "error");
    fixture_done(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shellcheck_json),
        cmocka_unit_test(shellcheck_json1),
        cmocka_unit_test(cppcheck_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
