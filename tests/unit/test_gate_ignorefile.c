/* SPDX-License-Identifier: MIT */
/* .trivyignore and .gitleaksignore: ids, comments, exp: dates, gitleaks
 * fingerprints with and without the commit; other tools untouched. Also
 * image sizes (docker image inspect, --image-size) against the policy. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gate_test.h"

static const char *trivy_json =
    "{\"SchemaVersion\": 2, \"ArtifactName\": \"app\", \"ArtifactType\": \"filesystem\", "
    "\"Results\": [{\"Target\": \"package-lock.json\", \"Class\": \"lang-pkgs\", \"Type\": \"npm\", "
    "\"Vulnerabilities\": ["
    "{\"VulnerabilityID\": \"CVE-2021-1111\", \"PkgName\": \"a\", \"InstalledVersion\": \"1.0\", \"Severity\": \"HIGH\"},"
    "{\"VulnerabilityID\": \"CVE-2021-2222\", \"PkgName\": \"b\", \"InstalledVersion\": \"1.0\", \"Severity\": \"HIGH\"},"
    "{\"VulnerabilityID\": \"CVE-2021-3333\", \"PkgName\": \"c\", \"InstalledVersion\": \"1.0\", \"Severity\": \"HIGH\"}]}]}";

static const char *gitleaks_json =
    "[{\"Description\": \"AWS\", \"StartLine\": 4, \"EndLine\": 4, \"StartColumn\": 1, \"EndColumn\": 20,"
    " \"Match\": \"AKIA...\", \"Secret\": \"AKIAIOSFODNN7EXAMPLE\", \"File\": \"cfg/app.env\","
    " \"Commit\": \"abc123\", \"RuleID\": \"aws-access-token\"},"
    " {\"Description\": \"AWS\", \"StartLine\": 9, \"EndLine\": 9, \"StartColumn\": 1, \"EndColumn\": 20,"
    " \"Match\": \"AKIA...\", \"Secret\": \"AKIAIOSFODNN7EXAMPLF\", \"File\": \"cfg/app.env\","
    " \"Commit\": \"abc123\", \"RuleID\": \"aws-access-token\"}]";

static char dir[64];

static void write_in_dir(const char *name, const char *text)
{
    char path[128];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    snprintf(dir, sizeof(dir), "/tmp/sg-ignore-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd);
}

static struct gate_report *parse(struct sg_arena *a, const char *text)
{
    struct gate_report *r = sg_arena_alloc(a, sizeof(*r));
    struct sg_diags d;
    sg_diags_init(&d);
    assert_int_equal(gate_report_parse_mem(r, a, "r.json", text, strlen(text), NULL, NULL, &d), 0);
    sg_diags_release(&d);
    return r;
}

static void trivyignore_suppresses_listed_ids_until_they_expire(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct gate_report *r = parse(a, trivy_json);
    const char **warn = NULL;
    size_t n_warn = 0;

    write_in_dir(".trivyignore", "# reviewed\nCVE-2021-1111\n  CVE-2021-2222   exp:2020-06-30\n"
                                 "CVE-2021-3333 exp:2999-01-01\n");
    gate_ignorefiles_apply(&r, 1, dir, 20250101, a, &warn, &n_warn);
    assert_true(find_rule(r, "CVE-2021-1111")->suppressed);
    assert_string_equal(find_rule(r, "CVE-2021-1111")->suppression_kind, "inline");
    assert_non_null(strstr(find_rule(r, "CVE-2021-1111")->suppression_justification,
                           ".trivyignore:2"));
    assert_false(find_rule(r, "CVE-2021-2222")->suppressed);
    assert_true(find_rule(r, "CVE-2021-3333")->suppressed);
    assert_int_equal(n_warn, 1);
    assert_non_null(strstr(warn[0], ".trivyignore:3: 'CVE-2021-2222' expired on 2020-06-30"));
    unlink(sg_arena_printf(a, "%s/.trivyignore", dir));
    sg_arena_free(a);
}

static void gitleaksignore_matches_fingerprints_with_or_without_commit(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct gate_report *r = parse(a, gitleaks_json), *t = parse(a, trivy_json);
    struct gate_report *both[2] = {r, t};
    const char **warn = NULL;
    size_t n_warn = 0;

    write_in_dir(".gitleaksignore", "abc123:cfg/app.env:aws-access-token:4\n"
                                    "cfg/app.env:aws-access-token:9\n"
                                    "CVE-2021-1111\n");
    gate_ignorefiles_apply(both, 2, dir, 20250101, a, &warn, &n_warn);
    assert_true(r->findings[0]->suppressed);
    assert_true(r->findings[1]->suppressed);
    /* A trivy id in .gitleaksignore means nothing to trivy findings. */
    assert_false(find_rule(t, "CVE-2021-1111")->suppressed);
    assert_int_equal(n_warn, 0);
    write_in_dir(".gitleaksignore", "ffffff:cfg/app.env:aws-access-token:4\n");
    r = parse(a, gitleaks_json);
    gate_ignorefiles_apply(&r, 1, dir, 20250101, a, &warn, &n_warn);
    assert_false(r->findings[0]->suppressed);
    unlink(sg_arena_printf(a, "%s/.gitleaksignore", dir));
    sg_arena_free(a);
}

static void trivyignore_names_a_misconfiguration_by_its_avd_id(void **state)
{
    static const char *misconf =
        "{\"SchemaVersion\": 2, \"ArtifactName\": \"chart\", \"ArtifactType\": \"filesystem\", "
        "\"Results\": [{\"Target\": \"deploy.yaml\", \"Class\": \"config\", \"Type\": \"kubernetes\", "
        "\"Misconfigurations\": [{\"Type\": \"Kubernetes Security Check\", \"ID\": \"KSV001\", "
        "\"AVDID\": \"AVD-KSV-0001\", \"Title\": \"Process can elevate its own privileges\", "
        "\"Severity\": \"MEDIUM\", \"Status\": \"FAIL\", \"CauseMetadata\": {\"StartLine\": 3, "
        "\"EndLine\": 9}}]}]}";
    struct sg_arena *a = sg_arena_new();
    struct gate_report *r = parse(a, misconf);
    const char **warn = NULL;
    size_t n_warn = 0;

    assert_int_equal(r->n_findings, 1);
    gate_ignorefile_apply_text(&r, 1, ".trivyignore", "AVD-KSV-0001\n", 13, 20250101, a, &warn,
                               &n_warn);
    assert_true(r->findings[0]->suppressed);
    sg_arena_free(a);
}

static void no_ignore_files_change_nothing(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct gate_report *r = parse(a, trivy_json);
    const char **warn = NULL;
    size_t n_warn = 0;

    gate_ignorefiles_apply(&r, 1, dir, 20250101, a, &warn, &n_warn);
    assert_int_equal(count_suppressed(r), 0);
    assert_int_equal(n_warn, 0);
    sg_arena_free(a);
}

static void sizes_parse_with_units(void **state)
{
    unsigned long long v;
    assert_true(gate_size_parse("500MB", &v));
    assert_true(v == 500000000ull);
    assert_true(gate_size_parse("1.5GiB", &v));
    assert_true(v == 1610612736ull);
    assert_true(gate_size_parse("123", &v));
    assert_true(v == 123ull);
    assert_false(gate_size_parse("big", &v));
    assert_false(gate_size_parse("-5MB", &v));
    assert_false(gate_size_parse("5 parsecs", &v));
}

static void docker_inspect_is_detected_and_blocks_over_max_size(void **state)
{
    static const char *inspect =
        "[{\"Id\": \"sha256:abc\", \"RepoTags\": [\"shop/api:1.0\"], \"RepoDigests\": [],"
        " \"Size\": 612345678, \"Config\": {\"Env\": []}}]";
    struct sg_arena *a = sg_arena_new();
    struct gate_report *r = parse(a, inspect);
    struct gate_policy pol;
    struct gate_decision dec;

    assert_string_equal(r->format, "docker-inspect");
    assert_int_equal(r->n_images, 1);
    assert_string_equal(r->images[0].name, "shop/api:1.0");
    gate_policy_default(&pol);
    pol.has_image_max = true;
    pol.image_max_size = 500000000ull;
    gate_decide(&dec, a, &pol, NULL, (const struct gate_report *const *)&r, 1, 20250101);
    assert_true(dec.block);
    assert_int_equal(dec.n_reasons, 1);
    assert_non_null(strstr(dec.reasons[0], "image shop/api:1.0 is 612.3 MB"));
    pol.image_max_size = 700000000ull;
    gate_decide(&dec, a, &pol, NULL, (const struct gate_report *const *)&r, 1, 20250101);
    assert_false(dec.block);
    sg_arena_free(a);
}

static void docker_inspect_without_size_is_refused(void **state)
{
    static const char *inspect = "[{\"Id\": \"sha256:abc\", \"RepoTags\": [], \"Size\": \"big\"}]";
    struct sg_arena *a = sg_arena_new();
    struct gate_report r;
    struct sg_diags d;

    sg_diags_init(&d);
    assert_int_equal(gate_report_parse_mem(&r, a, "i.json", inspect, strlen(inspect),
                                           "docker-inspect", NULL, &d), -1);
    assert_non_null(strstr(d.items[0].message, "expected a size in bytes"));
    sg_diags_release(&d);
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trivyignore_suppresses_listed_ids_until_they_expire),
        cmocka_unit_test(gitleaksignore_matches_fingerprints_with_or_without_commit),
        cmocka_unit_test(trivyignore_names_a_misconfiguration_by_its_avd_id),
        cmocka_unit_test(no_ignore_files_change_nothing),
        cmocka_unit_test(sizes_parse_with_units),
        cmocka_unit_test(docker_inspect_is_detected_and_blocks_over_max_size),
        cmocka_unit_test(docker_inspect_without_size_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
