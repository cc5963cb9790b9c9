/* SPDX-License-Identifier: MIT */
/* Bad reports: every one is an error with file, line and column, never
 * zero findings. Also detection and --as forcing. */
#include "gate_test.h"

struct parsed {
    struct sg_arena *a;
    struct sg_diags d;
    struct gate_report r;
    int rc;
};

static void parse_text(struct parsed *p, const char *text, const char *format)
{
    p->a = sg_arena_new();
    sg_diags_init(&p->d);
    p->rc = gate_report_parse_mem(&p->r, p->a, "r.json", text, strlen(text), format, NULL, &p->d);
}

static void parsed_done(struct parsed *p)
{
    sg_diags_release(&p->d);
    sg_arena_free(p->a);
}

/* Fails unless parsing gives exactly one error at line:col whose message
 * contains `needle`. */
static void expect_error(const char *text, const char *format, int line, int col, const char *needle)
{
    struct parsed p;
    parse_text(&p, text, format);
    if (p.rc != -1 || p.d.errors != 1)
        fail_msg("expected one error for %s, got rc %d and %zu errors", text, p.rc, p.d.errors);
    if (!strstr(p.d.items[0].message, needle) || p.d.items[0].line != line ||
        p.d.items[0].col != col)
        fail_msg("got %d:%d: %s; expected %d:%d: ...%s...", p.d.items[0].line, p.d.items[0].col,
                 p.d.items[0].message, line, col, needle);
    assert_string_equal(p.d.items[0].file, "r.json");
    parsed_done(&p);
}

static void syntax_errors_have_positions(void **state)
{
    expect_error("{\"runs\": [\n  {\"results\": [}\n]}", "sarif", 2, 16, "invalid JSON");
    expect_error("{\"version\": \"2.1.0\", \"runs\": [ {\"results\": [\n", NULL, 2, 1,
                 "unexpected end");
    expect_error("[{\"RuleID\": \"x\",\n \"File\": \"a\xff\"}]", NULL, 2, 12, "UTF8");
}

static void wrong_types_name_the_path(void **state)
{
    expect_error("{\"version\": \"2.1.0\",\n \"runs\": [{\"results\": \"none\"}]}", NULL, 2, 28,
                 "expected an array for 'runs[0].results', got a string");
    expect_error("{\"results\": [{\"check_id\": \"r\", \"path\": \"p\"}, 7], \"paths\": {}}", NULL,
                 1, 46, "expected an object for 'results[1]', got a number");
    expect_error("{\"SchemaVersion\": 2, \"Results\": {}}", NULL, 1, 33,
                 "expected an array for 'Results', got an object");
}

static void missing_required_fields(void **state)
{
    expect_error("{\"results\": [{\"path\": \"a.py\"}], \"paths\": {}}", "semgrep", 1, 29,
                 "expected 'check_id' and 'path'");
    expect_error("[{\"File\": \"a\"}]", "gitleaks", 1, 14, "expected 'RuleID'");
    expect_error("{\"version\": \"2.0.0\", \"runs\": []}", "sarif", 1, 19, "unsupported SARIF version");
    expect_error("{\"meta\": {}, \"totals\": {\"covered_lines\": 3}}", NULL, 1, 1,
                 "expected whole numbers 'totals.covered_lines'");
}

static void not_a_report(void **state)
{
    expect_error("hello", NULL, 1, 1, "expected JSON or XML");
    expect_error("{\"name\": \"x\"}", NULL, 1, 1, "unrecognised JSON");
    expect_error("<?xml version=\"1.0\"?><html/>", NULL, 1, 1, "XML root element 'html'");
    expect_error("{}", "no-such-format", 0, 0, "unknown report format 'no-such-format'");
}

static void forcing_a_format(void **state)
{
    struct parsed p;
    /* a Bandit report read as Semgrep: its results have no check_id */
    expect_error("{\"results\": [{\"test_id\": \"B101\", \"filename\": \"a.py\"}]}", "semgrep", 1,
                 52, "expected 'check_id'");
    parse_text(&p, "[]", "shellcheck");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.r.format, "shellcheck");
    parsed_done(&p);
}

static void deep_nesting_is_refused(void **state)
{
    char text[2000];
    struct parsed p;
    memset(text, '[', 1000);
    text[1000] = '\0';
    parse_text(&p, text, "gitleaks");
    assert_int_equal(p.rc, -1);
    assert_non_null(strstr(p.d.items[0].message, "expected an object"));
    parsed_done(&p);
    memcpy(text, "{\"runs\":", 8);
    memset(text + 8, '[', 600);
    text[608] = '\0';
    parse_text(&p, text, "sarif");
    assert_int_equal(p.rc, -1);
    parsed_done(&p);
    /* nesting below the paths parsers look at */
    memcpy(text, "{\"x\":", 5);
    memset(text + 5, '[', 300);
    text[305] = '\0';
    parse_text(&p, text, "trivy");
    assert_int_equal(p.rc, -1);
    assert_non_null(strstr(p.d.items[0].message, "nesting deeper than"));
    parsed_done(&p);
}

static void billion_laughs_is_refused(void **state)
{
    const char *xml =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE testsuites [\n"
        " <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        "]>\n"
        "<testsuites><testsuite name=\"&lol3;\"><testcase name=\"a\"/></testsuite></testsuites>\n";
    struct parsed p;
    parse_text(&p, xml, NULL);
    assert_int_equal(p.rc, -1);
    assert_non_null(strstr(p.d.items[0].message, "entity"));
    parsed_done(&p);
}

static void external_entities_are_not_read(void **state)
{
    const char *xml = "<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE coverage [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                      "<coverage line-rate=\"0.5\">&x;</coverage>\n";
    struct parsed p;
    parse_text(&p, xml, NULL);
    assert_int_equal(p.rc, -1);
    parsed_done(&p);
}

static void cobertura_without_line_rate(void **state)
{
    expect_error("<?xml version=\"1.0\"?>\n<coverage branch-rate=\"1\">\n</coverage>\n", NULL, 2,
                 0, "expected a number from 0 to 1 for 'line-rate'");
}

static void empty_input(void **state)
{
    struct parsed p;
    p.a = sg_arena_new();
    sg_diags_init(&p.d);
    p.rc = gate_report_parse_mem(&p.r, p.a, "r.json", "", 0, NULL, NULL, &p.d);
    assert_int_equal(p.rc, -1);
    assert_non_null(strstr(p.d.items[0].message, "empty"));
    parsed_done(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(syntax_errors_have_positions),
        cmocka_unit_test(wrong_types_name_the_path),
        cmocka_unit_test(missing_required_fields),
        cmocka_unit_test(not_a_report),
        cmocka_unit_test(forcing_a_format),
        cmocka_unit_test(deep_nesting_is_refused),
        cmocka_unit_test(billion_laughs_is_refused),
        cmocka_unit_test(external_entities_are_not_read),
        cmocka_unit_test(cobertura_without_line_rate),
        cmocka_unit_test(empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
