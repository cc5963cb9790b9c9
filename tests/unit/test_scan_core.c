/* SPDX-License-Identifier: MIT */
/* Unit tests for the secret scanner core: entropy, placeholders, allow
 * comments, positions, fingerprints, redaction, streaming of huge files,
 * binaries, and the YAML config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <unistd.h>

#include "scan/scan.h"

/* Assembled at run time so this file holds no token a scanner would flag. */
static const char *gh_token(char *buf, size_t n, char fill)
{
    static const char body[] = "Qx7Lm2Rt9Vb4Nc8Zs1Kd6Wf3Hj5Pg0Ya2Eu";
    snprintf(buf, n, "ghp_%s%c", body, fill);
    return buf;
}

static struct scan_db *db_default(void)
{
    struct sg_diags d;
    struct scan_db *db;
    sg_diags_init(&d);
    db = scan_db_new(NULL, &d);
    assert_non_null(db);
    sg_diags_release(&d);
    return db;
}

static size_t scan_text(const struct scan_db *db, const char *text, size_t len,
                        struct scan_findings *fs)
{
    struct scan_worker *w = scan_worker_new(db);
    scan_findings_init(fs);
    assert_int_equal(scan_buffer(w, "t.txt", text, len, fs), 0);
    scan_worker_free(w);
    return fs->n;
}

static void entropy_of_uniform_and_random_strings(void **state)
{
    assert_true(scan_entropy("aaaaaaaa", 8) < 0.001);
    assert_true(scan_entropy("abababab", 8) > 0.999 && scan_entropy("abababab", 8) < 1.001);
    assert_true(scan_entropy("0123456789abcdef", 16) > 3.999);
    assert_true(scan_entropy("", 0) == 0);
}

static void placeholders_are_recognised(void **state)
{
    const char *yes[] = {"xxxxxxxxxxxxxxxx", "<your-api-key>", "AKIAIOSFODNN7EXAMPLE", "changeme",
                         "${API_TOKEN}", "{{ secrets.TOKEN }}", "aaaaaaaaaaaaaaaaaaaa", "password",
                         "abcdefghijklmnop", "********"};
    const char *no[] = {"Qx7Lm2Rt9Vb4Nc8Zs1Kd", "sk9vW2qLx8", "4f9c2a7e1b3d8f60"};
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(yes); i++)
        assert_true(scan_is_placeholder(yes[i], strlen(yes[i])));
    for (i = 0; i < SG_ARRAY_SIZE(no); i++)
        assert_false(scan_is_placeholder(no[i], strlen(no[i])));
}

static void allow_comment_on_the_line_suppresses(void **state)
{
    struct scan_db *db = db_default();
    struct scan_findings fs;
    char tok[64], text[256];
    assert_true(scan_line_allows("x = 1 # shipgate:allow", 22));
    assert_false(scan_line_allows("x = 1 # shipgate", 16));
    snprintf(text, sizeof(text), "a = \"%s\" # shipgate:allow\nb = \"%s\"\n", gh_token(tok, sizeof(tok), 'A'),
             gh_token(tok, sizeof(tok), 'B'));
    assert_int_equal(scan_text(db, text, strlen(text), &fs), 1);
    assert_int_equal(fs.items[0].line, 2);
    scan_findings_release(&fs);
    scan_db_free(db);
}

static void position_preview_and_fingerprint(void **state)
{
    struct scan_db *db = db_default();
    struct scan_findings a, b;
    char tok[64], t1[256], t2[256];
    gh_token(tok, sizeof(tok), 'C');
    snprintf(t1, sizeof(t1), "line one\n  token: %s\n", tok);
    snprintf(t2, sizeof(t2), "\n\n\nother = 1\n      token:    %s   \n", tok);
    assert_int_equal(scan_text(db, t1, strlen(t1), &a), 1);
    assert_int_equal(scan_text(db, t2, strlen(t2), &b), 1);
    assert_string_equal(a.items[0].rule->id, "github-pat");
    assert_int_equal(a.items[0].line, 2);
    assert_int_equal(a.items[0].column, 10);
    assert_int_equal(b.items[0].line, 5);
    /* the fingerprint follows the secret, not its line or indentation */
    assert_string_equal(a.items[0].fingerprint, b.items[0].fingerprint);
    assert_null(strstr(a.items[0].preview, tok + 4));
    assert_non_null(strstr(a.items[0].preview, "ghp_"));
    scan_findings_release(&a);
    scan_findings_release(&b);
    scan_db_free(db);
}

/* A 12 MB line with no newline, invalid UTF-8 around, secrets at the start,
 * across the 4 MB chunk boundaries and at the very end, streamed through a
 * descriptor: every one found once, on line 1. */
static void huge_line_streamed_across_chunks(void **state)
{
    struct scan_db *db = db_default();
    struct scan_worker *w = scan_worker_new(db);
    struct scan_findings fs;
    size_t n = 12u << 20, offs[] = {0, (4u << 20) - 20, (8u << 20) - 5, (12u << 20) - 41}, i;
    char *big = sg_xmalloc(n), tok[64], path[] = "/tmp/sg-scan-huge-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    for (i = 0; i < n; i++)
        big[i] = (char)(0x80 | (i % 61)); /* invalid UTF-8, no NUL, no newline */
    for (i = 0; i < SG_ARRAY_SIZE(offs); i++) {
        big[offs[i]] = ' ';
        memcpy(big + offs[i] + 1, gh_token(tok, sizeof(tok), (char)('a' + i)), 40);
    }
    assert_int_equal(write(fd, big, n), (ssize_t)n);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    scan_findings_init(&fs);
    assert_int_equal(scan_fd(w, "huge", fd, &fs), 0);
    assert_int_equal(fs.n, 4);
    for (i = 0; i < fs.n; i++) {
        assert_int_equal(fs.items[i].line, 1);
        assert_int_equal(fs.items[i].column, (long)offs[i] + 2);
    }
    scan_findings_release(&fs);
    /* the same through scan_buffer */
    assert_int_equal(scan_text(db, big, n, &fs), 4);
    scan_findings_release(&fs);
    close(fd);
    unlink(path);
    free(big);
    scan_worker_free(w);
    scan_db_free(db);
}

static void binary_content_is_skipped(void **state)
{
    struct scan_db *db = db_default();
    struct scan_worker *w = scan_worker_new(db);
    struct scan_findings fs;
    char tok[64], path[] = "/tmp/sg-scan-bin-XXXXXX", buf[128];
    int fd = mkstemp(path);
    size_t n = (size_t)snprintf(buf, sizeof(buf), "ELF%c%ctoken=%s\n", 0, 1, gh_token(tok, sizeof(tok), 'D'));
    assert_true(scan_is_binary(buf, n));
    assert_int_equal(write(fd, buf, n), (ssize_t)n);
    lseek(fd, 0, SEEK_SET);
    scan_findings_init(&fs);
    assert_int_equal(scan_fd(w, "bin", fd, &fs), 1);
    assert_int_equal(fs.n, 0);
    close(fd);
    unlink(path);
    scan_worker_free(w);
    scan_db_free(db);
}

static void config_adds_rules_and_allowlists(void **state)
{
    struct scan_config cfg;
    struct sg_diags d;
    struct scan_db *db;
    struct scan_findings fs;
    char path[] = "/tmp/sg-scan-cfg-XXXXXX", tok[64], text[256];
    int fd = mkstemp(path);
    const char *yaml = "rules:\n"
                       "  - id: acme-token\n"
                       "    description: ACME token\n"
                       "    pattern: '\\bacme_[a-z0-9]{20}\\b'\n"
                       "    keywords: [acme_]\n"
                       "  - id: generic-api-key\n"
                       "    disabled: true\n"
                       "allowlist:\n"
                       "  paths: ['^docs/']\n"
                       "  stopwords: [Qx7Lm2]\n";
    assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
    close(fd);
    scan_config_init(&cfg);
    sg_diags_init(&d);
    assert_int_equal(scan_config_load(&cfg, path, &d), 0);
    db = scan_db_new(&cfg, &d);
    assert_non_null(db);
    snprintf(text, sizeof(text), "k = acme_abcd1234efgh5678ijkl\ngh = %s\npassword = \"Zq8kP2mvR9xL4wT6\"\n",
             gh_token(tok, sizeof(tok), 'E'));
    assert_int_equal(scan_text(db, text, strlen(text), &fs), 1);
    assert_string_equal(fs.items[0].rule->id, "acme-token");
    assert_false(scan_db_path_wanted(db, "docs/x.md"));
    assert_false(scan_db_path_wanted(db, "web/package-lock.json"));
    assert_true(scan_db_path_wanted(db, "src/x.c"));
    scan_findings_release(&fs);
    scan_db_free(db);
    scan_config_release(&cfg);
    unlink(path);
    sg_diags_release(&d);
}

static void config_errors_name_file_line_and_column(void **state)
{
    struct scan_config cfg;
    struct sg_diags d;
    char path[] = "/tmp/sg-scan-cfg-XXXXXX";
    int fd = mkstemp(path);
    const char *yaml = "rules:\n  - id: x\n    pattern: 'a'\n    secret: sideways\n";
    assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
    close(fd);
    scan_config_init(&cfg);
    sg_diags_init(&d);
    assert_int_equal(scan_config_load(&cfg, path, &d), -1);
    assert_true(d.n >= 1);
    assert_int_equal(d.items[0].line, 4);
    assert_int_equal(d.items[0].col, 13);
    assert_non_null(strstr(d.items[0].message, "sideways"));
    scan_config_release(&cfg);
    sg_diags_release(&d);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entropy_of_uniform_and_random_strings),
        cmocka_unit_test(placeholders_are_recognised),
        cmocka_unit_test(allow_comment_on_the_line_suppresses),
        cmocka_unit_test(position_preview_and_fingerprint),
        cmocka_unit_test(huge_line_streamed_across_chunks),
        cmocka_unit_test(binary_content_is_skipped),
        cmocka_unit_test(config_adds_rules_and_allowlists),
        cmocka_unit_test(config_errors_name_file_line_and_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
