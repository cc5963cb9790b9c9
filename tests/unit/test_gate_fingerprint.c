/* SPDX-License-Identifier: MIT */
/* Fingerprints survive line moves and re-indentation, tell identical
 * snippets apart, and follow DESIGN.md section 6 for each kind. */
#include <unistd.h>

#include "gate_test.h"

static char root[64];

static void write_source(const char *name, const char *text)
{
    char path[128];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", root, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Fingerprints of the findings of a report, with the sources in root. */
static void fingerprints(const char *report, const char *format, const char **out, size_t n,
                         struct sg_arena *a)
{
    struct gate_parse_opts opts = GATE_PARSE_OPTS_INIT;
    struct sg_diags d;
    struct gate_report r;
    size_t i;

    opts.source_root = root;
    sg_diags_init(&d);
    if (gate_report_parse_mem(&r, a, "r.json", report, strlen(report), format, &opts, &d) < 0) {
        sg_diags_print(&d, stderr);
        fail();
    }
    assert_int_equal(r.n_findings, n);
    for (i = 0; i < n; i++)
        out[i] = r.findings[i]->fingerprint;
    sg_diags_release(&d);
}

static const char *semgrep_at(struct sg_arena *a, int line)
{
    return sg_arena_printf(a,
        "{\"results\": [{\"check_id\": \"py.eval\", \"path\": \"app.py\", \"start\": "
        "{\"line\": %d, \"col\": 5}, \"end\": {\"line\": %d, \"col\": 20}, \"extra\": "
        "{\"severity\": \"ERROR\", \"message\": \"eval\", \"lines\": \"requires login\"}}], "
        "\"paths\": {}}", line, line);
}

static void moved_and_reindented_code_keeps_its_fingerprint(void **state)
{
    struct sg_arena *a = sg_arena_new();
    const char *before, *moved, *reindented, *changed;

    write_source("app.py", "import os\ndef f(x):\n    return eval(x)\n");
    fingerprints(semgrep_at(a, 3), "semgrep", &before, 1, a);
    write_source("app.py", "import os\nimport sys\n\n\ndef f(x):\n    return eval(x)\n");
    fingerprints(semgrep_at(a, 6), "semgrep", &moved, 1, a);
    write_source("app.py", "import os\nif True:\n  def f(x):\n\t\treturn   eval(x)\n");
    fingerprints(semgrep_at(a, 4), "semgrep", &reindented, 1, a);
    write_source("app.py", "import os\ndef f(x):\n    return eval(x + '1')\n");
    fingerprints(semgrep_at(a, 3), "semgrep", &changed, 1, a);
    assert_string_equal(before, moved);
    assert_string_equal(before, reindented);
    assert_string_not_equal(before, changed);
    sg_arena_free(a);
}

static void identical_snippets_in_one_file_differ_by_repeat_count(void **state)
{
    struct sg_arena *a = sg_arena_new();
    const char *fp[2], *fp_moved[2];
    const char *two =
        "[{\"file\": \"s.sh\", \"line\": 2, \"endLine\": 2, \"column\": 1, \"level\": \"warning\", "
        "\"code\": 2086, \"message\": \"quote\"},"
        " {\"file\": \"s.sh\", \"line\": 4, \"endLine\": 4, \"column\": 1, \"level\": \"warning\", "
        "\"code\": 2086, \"message\": \"quote\"}]";
    const char *two_moved =
        "[{\"file\": \"s.sh\", \"line\": 9, \"endLine\": 9, \"column\": 1, \"level\": \"warning\", "
        "\"code\": 2086, \"message\": \"quote\"},"
        " {\"file\": \"s.sh\", \"line\": 5, \"endLine\": 5, \"column\": 1, \"level\": \"warning\", "
        "\"code\": 2086, \"message\": \"quote\"}]";

    write_source("s.sh", "#!/bin/sh\nrm $f\n\nrm $f\n");
    fingerprints(two, "shellcheck", fp, 2, a);
    assert_string_not_equal(fp[0], fp[1]);
    /* both move down, reported in the other order: same two fingerprints */
    write_source("s.sh", "#!/bin/sh\n# a\n# b\n\nrm $f\n\n\n\nrm $f\n");
    fingerprints(two_moved, "shellcheck", fp_moved, 2, a);
    assert_string_equal(fp[0], fp_moved[1]);
    assert_string_equal(fp[1], fp_moved[0]);
    sg_arena_free(a);
}

static void report_snippet_is_used_without_sources(void **state)
{
    struct sg_arena *a = sg_arena_new();
    const char *x, *y;
    const char *r1 = "{\"generated_at\": \"x\", \"metrics\": {}, \"results\": [{\"test_id\": \"B101\", "
                     "\"filename\": \"nothere/t.py\", \"line_number\": 2, \"issue_severity\": \"LOW\", "
                     "\"code\": \"1 import os\\n2 assert x\\n\"}]}";
    const char *r2 = "{\"generated_at\": \"x\", \"metrics\": {}, \"results\": [{\"test_id\": \"B101\", "
                     "\"filename\": \"nothere/t.py\", \"line_number\": 7, \"issue_severity\": \"LOW\", "
                     "\"code\": \"6 import os\\n7     assert x\\n\"}]}";
    fingerprints(r1, "bandit", &x, 1, a);
    fingerprints(r2, "bandit", &y, 1, a);
    assert_string_equal(x, y);
    sg_arena_free(a);
}

static void dependency_key_is_package_version_and_advisory_set(void **state)
{
    struct sg_arena *a = sg_arena_new();
    const char *fp[3];
    const char *r = "{\"dependencies\": ["
        "{\"name\": \"django\", \"version\": \"3.2.9\", \"vulns\": [{\"id\": \"PYSEC-1\", "
        "\"aliases\": [\"CVE-2\", \"GHSA-3\"], \"fix_versions\": []}]},"
        "{\"name\": \"django\", \"version\": \"3.2.9\", \"vulns\": [{\"id\": \"GHSA-3\", "
        "\"aliases\": [\"PYSEC-1\", \"CVE-2\"], \"fix_versions\": [\"4.0\"]}]},"
        "{\"name\": \"django\", \"version\": \"3.2.10\", \"vulns\": [{\"id\": \"PYSEC-1\", "
        "\"aliases\": [\"CVE-2\", \"GHSA-3\"], \"fix_versions\": []}]}], \"fixes\": []}";
    fingerprints(r, "pip-audit", fp, 3, a);
    assert_string_equal(fp[0], fp[1]);     /* same advisory set, other order */
    assert_string_not_equal(fp[0], fp[2]); /* other installed version */
    sg_arena_free(a);
}

static void secret_key_is_the_value_not_the_line(void **state)
{
    struct sg_arena *a = sg_arena_new();
    const char *fp[3];
    const char *r = "["
        "{\"RuleID\": \"aws\", \"File\": \"a.env\", \"StartLine\": 1, \"Secret\": \"AKIA1\"},"
        "{\"RuleID\": \"aws\", \"File\": \"b/c.env\", \"StartLine\": 40, \"Secret\": \"AKIA1\"},"
        "{\"RuleID\": \"aws\", \"File\": \"a.env\", \"StartLine\": 1, \"Secret\": \"AKIA2\"}]";
    fingerprints(r, "gitleaks", fp, 3, a);
    assert_string_equal(fp[0], fp[1]);
    assert_string_not_equal(fp[0], fp[2]);
    sg_arena_free(a);
}

static void container_key_ignores_the_image(void **state)
{
    struct sg_arena *a = sg_arena_new();
    const char *fp[2];
    const char *r = "{\"SchemaVersion\": 2, \"ArtifactName\": \"app:%s\", \"ArtifactType\": "
        "\"container_image\", \"Results\": [{\"Target\": \"app:%s (debian 12)\", \"Class\": "
        "\"os-pkgs\", \"Type\": \"debian\", \"Vulnerabilities\": [{\"VulnerabilityID\": "
        "\"CVE-1\", \"PkgName\": \"zlib\", \"InstalledVersion\": \"1\", \"Severity\": \"HIGH\"}]}]}";
    fingerprints(sg_arena_printf(a, r, "abc", "abc"), "trivy", &fp[0], 1, a);
    fingerprints(sg_arena_printf(a, r, "def", "def"), "trivy", &fp[1], 1, a);
    assert_string_equal(fp[0], fp[1]);
    sg_arena_free(a);
}

static int setup(void **state)
{
    snprintf(root, sizeof(root), "/tmp/sg-gate-fp-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/app.py", root);
    unlink(path);
    snprintf(path, sizeof(path), "%s/s.sh", root);
    unlink(path);
    return rmdir(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(moved_and_reindented_code_keeps_its_fingerprint),
        cmocka_unit_test(identical_snippets_in_one_file_differ_by_repeat_count),
        cmocka_unit_test(report_snippet_is_used_without_sources),
        cmocka_unit_test(dependency_key_is_package_version_and_advisory_set),
        cmocka_unit_test(secret_key_is_the_value_not_the_line),
        cmocka_unit_test(container_key_ignores_the_image),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
