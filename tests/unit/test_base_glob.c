/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/base/glob.c: every example of GitHub's filter pattern
 * cheat sheet (branches/tags and paths tables), the PATH dialect of
 * @actions/glob, pattern checks, and matching that stays fast on patterns
 * that make backtracking matchers explode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include "base/glob.h"

struct case_ {
    const char *patterns[4]; /* NULL-terminated list */
    const char *value;
    bool included;
};

static size_t count(const char *const *p)
{
    size_t n = 0;
    while (n < 4 && p[n])
        n++;
    return n;
}

static void run_cases(enum sg_glob_dialect d, const struct case_ *c, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        bool got = sg_filter_match(d, c[i].patterns, count(c[i].patterns), c[i].value);
        if (got != c[i].included)
            fail_msg("patterns ['%s'%s%s] on '%s': got %s, want %s", c[i].patterns[0],
                     c[i].patterns[1] ? ", '...'" : "", "", c[i].value,
                     got ? "included" : "excluded", c[i].included ? "included" : "excluded");
    }
}

/* "Patterns to match branches and tags" in GitHub's workflow syntax docs. */
static const struct case_ doc_branches[] = {
    {{"feature/*"}, "feature/my-branch", true},
    {{"feature/*"}, "feature/your-branch", true},
    {{"feature/*"}, "feature/beta-a/my-branch", false},
    {{"feature/**"}, "feature/beta-a/my-branch", true},
    {{"feature/**"}, "feature/your-branch", true},
    {{"feature/**"}, "feature/mona/the/octocat", true},
    {{"feature/**"}, "features/x", false},
    {{"main", "releases/mona-the-octocat"}, "main", true},
    {{"main", "releases/mona-the-octocat"}, "releases/mona-the-octocat", true},
    {{"main", "releases/mona-the-octocat"}, "main2", false},
    {{"main", "releases/mona-the-octocat"}, "releases/mona", false},
    {{"*"}, "main", true},
    {{"*"}, "releases", true},
    {{"*"}, "releases/v1", false},
    {{"**"}, "all/the/branches", true},
    {{"**"}, "every/tag", true},
    {{"*feature"}, "mona-feature", true},
    {{"*feature"}, "feature", true},
    {{"*feature"}, "ver-10-feature", true},
    {{"*feature"}, "feature-x", false},
    {{"*feature"}, "a/feature", false},
    {{"v2*"}, "v2", true},
    {{"v2*"}, "v2.0", true},
    {{"v2*"}, "v2.9", true},
    {{"v2*"}, "v3", false},
    {{"v2*"}, "v2/x", false},
    {{"v[12].[0-9]+.[0-9]+"}, "v1.10.1", true},
    {{"v[12].[0-9]+.[0-9]+"}, "v2.0.0", true},
    {{"v[12].[0-9]+.[0-9]+"}, "v3.0.0", false},
    {{"v[12].[0-9]+.[0-9]+"}, "v1..1", false},
    {{"v[12].[0-9]+.[0-9]+"}, "v1.x.1", false},
    {{"v[12].[0-9]+.[0-9]+"}, "v1.0.0-rc1", false},
};

/* "Patterns to match file paths" in GitHub's workflow syntax docs. */
static const struct case_ doc_paths[] = {
    {{"*"}, "README.md", true},
    {{"*"}, "server.rb", true},
    {{"*"}, "docs/README.md", false},
    {{"*.jsx?"}, "page.js", true},
    {{"*.jsx?"}, "page.jsx", true},
    {{"*.jsx?"}, "page.jsxx", false},
    {{"*.jsx?"}, "page.j", false},
    {{"**"}, "all/the/files.md", true},
    {{"*.js"}, "app.js", true},
    {{"*.js"}, "index.js", true},
    {{"*.js"}, "js/index.js", false},
    {{"**.js"}, "index.js", true},
    {{"**.js"}, "js/index.js", true},
    {{"**.js"}, "src/js/app.js", true},
    {{"**.js"}, "src/js/app.jsx", false},
    {{"docs/*"}, "docs/README.md", true},
    {{"docs/*"}, "docs/file.txt", true},
    {{"docs/*"}, "docs/mona/octocat.txt", false},
    {{"docs/**"}, "docs/README.md", true},
    {{"docs/**"}, "docs/mona/octocat.txt", true},
    {{"docs/**"}, "README.md", false},
    {{"docs/**/*.md"}, "docs/README.md", true},
    {{"docs/**/*.md"}, "docs/mona/hello-world.md", true},
    {{"docs/**/*.md"}, "docs/a/markdown/file.md", true},
    {{"docs/**/*.md"}, "docs/a/markdown/file.txt", false},
    {{"docs/**/*.md"}, "src/docs/file.md", false},
    {{"**/docs/**"}, "docs/hello.md", true},
    {{"**/docs/**"}, "dir/docs/my-file.txt", true},
    {{"**/docs/**"}, "space/docs/plan/space.doc", true},
    {{"**/docs/**"}, "space/mydocs/plan.doc", false},
    {{"**/README.md"}, "README.md", true},
    {{"**/README.md"}, "js/README.md", true},
    {{"**/README.md"}, "js/README.mdx", false},
    {{"**/*src/**"}, "a/src/app.js", true},
    {{"**/*src/**"}, "my-src/code/js/app.js", true},
    {{"**/*src/**"}, "a/source/app.js", false},
    {{"**/*-post.md"}, "my-post.md", true},
    {{"**/*-post.md"}, "path/their-post.md", true},
    {{"**/*-post.md"}, "path/post.md", false},
    {{"**/migrate-*.sql"}, "migrate-10909.sql", true},
    {{"**/migrate-*.sql"}, "db/migrate-v1.0.sql", true},
    {{"**/migrate-*.sql"}, "db/sept/migrate-v1.sql", true},
    {{"**/migrate-*.sql"}, "db/migrate-v1.sq", false},
    {{"*.md", "!README.md"}, "hello.md", true},
    {{"*.md", "!README.md"}, "README.md", false},
    {{"*.md", "!README.md"}, "docs/hello.md", false},
    {{"*.md", "!README.md", "README*"}, "hello.md", true},
    {{"*.md", "!README.md", "README*"}, "README.md", true},
    {{"*.md", "!README.md", "README*"}, "README.doc", true},
    {{"*.md", "!README.md", "README*"}, "docs/hello.md", false},
};

/* The bullets above the tables: `Octo*`, `[CB]at`, `[1-2]00`, `[0-9a-z]`. */
static const struct case_ doc_bullets[] = {
    {{"Octo*"}, "Octocat", true},
    {{"Octoc?t"}, "Octoct", true},   /* `?`: zero or one of the preceding `c` */
    {{"Octoc?t"}, "Octot", true},
    {{"Octoc?t"}, "Octocat", false}, /* not a one-character wildcard */
    {{"[CB]at"}, "Cat", true},
    {{"[CB]at"}, "Bat", true},
    {{"[CB]at"}, "Hat", false},
    {{"[1-2]00"}, "100", true},
    {{"[1-2]00"}, "200", true},
    {{"[1-2]00"}, "300", false},
    {{"x[0-9a-z]"}, "x7", true},
    {{"x[0-9a-z]"}, "xq", true},
    {{"x[0-9a-z]"}, "xQ", false},
    {{"lo+ng"}, "long", true},
    {{"lo+ng"}, "looong", true},
    {{"lo+ng"}, "lng", false},
};

/* Corner cases beyond the docs, decided as GitHub's regular expressions do. */
static const struct case_ own_filter[] = {
    {{"\\!file"}, "!file", true},
    {{"escape\\\\backslash"}, "escape\\backslash", true},
    {{"release\\*"}, "release*", true},
    {{"release\\*"}, "release1", false},
    {{"v1\\.0\\+"}, "v1.0+", true},
    {{".yml"}, "fyml", false},
    {{"+x"}, "+x", true}, /* leading `+`/`?` has nothing to repeat: literal */
    {{"?x"}, "?x", true},
    {{"?x"}, "x", false},
    {{"a/?b"}, "ab", true}, /* `?` after `/` makes the slash optional */
    {{"a/?b"}, "a/b", true},
    {{"**/x"}, "/x", false}, /* `**\/` is one-or-more characters then `/`, or nothing */
    {{"**/x"}, "a/b/x", true},
    {{"a**/b"}, "ab", true},
    {{"a*b"}, "a/b", false},
    {{"a*?b"}, "axxb", true}, /* lazy `*?`: same language as `*` */
    {{"a+?b"}, "aab", true},
    {{"[a-c]+"}, "abcab", true},
    {{"[a-c]+"}, "abd", false},
    {{"caf\xc3\xa9+"}, "caf\xc3\xa9\xc3\xa9", true}, /* `+` repeats the whole é */
    {{"caf\xc3\xa9?"}, "caf", true},
    {{""}, "", true},
    {{""}, "x", false},
    {{"v[12"}, "v1", false}, /* malformed: never matches */
    {{"*", "!main"}, "main", false},
    {{"!main"}, "main", false}, /* only negations: nothing is included */
    {{"!main"}, "dev", false},
    {{"**", "!release/**", "release/v1"}, "release/v1", true},
    {{"**", "!release/**", "release/v1"}, "release/v2", false},
};

static void filter_dialect_matches_docs_branches_and_tags(void **state)
{
    run_cases(SG_GLOB_FILTER, doc_branches, SG_ARRAY_SIZE(doc_branches));
}

static void filter_dialect_matches_docs_paths(void **state)
{
    run_cases(SG_GLOB_FILTER, doc_paths, SG_ARRAY_SIZE(doc_paths));
}

static void filter_dialect_matches_docs_special_characters(void **state)
{
    run_cases(SG_GLOB_FILTER, doc_bullets, SG_ARRAY_SIZE(doc_bullets));
}

static void filter_dialect_corner_cases(void **state)
{
    run_cases(SG_GLOB_FILTER, own_filter, SG_ARRAY_SIZE(own_filter));
}

static void filter_match_last_matching_pattern_decides(void **state)
{
    const char *list[] = {"feature/**", "!feature/wip-*", "feature/wip-keep"};
    assert_true(sg_filter_match(SG_GLOB_FILTER, list, 3, "feature/a"));
    assert_false(sg_filter_match(SG_GLOB_FILTER, list, 3, "feature/wip-x"));
    assert_true(sg_filter_match(SG_GLOB_FILTER, list, 3, "feature/wip-keep"));
    assert_false(sg_filter_match(SG_GLOB_FILTER, list, 0, "feature/a"));
}

/* @actions/glob (minimatch with dot files, no braces, no extglobs). */
static const struct case_ path_cases[] = {
    {{"*.txt"}, "a.txt", true},
    {{"*.txt"}, "d/a.txt", false},
    {{"**/*.txt"}, "a.txt", true},
    {{"**/*.txt"}, "d/e/a.txt", true},
    {{"**"}, "d/e/a.txt", true},
    {{"**"}, ".git/config", true}, /* dot:true */
    {{"*"}, ".hidden", true},
    {{"src/**/*.c"}, "src/a.c", true},
    {{"src/**/*.c"}, "src/x/y/a.c", true},
    {{"src/**/*.c"}, "srcx/a.c", false},
    {{"a?c"}, "abc", true}, /* `?` is exactly one character here */
    {{"a?c"}, "ac", false},
    {{"a?c"}, "a/c", false},
    {{"x?"}, "x\xc3\xa9", true}, /* one code point */
    {{"[ab].txt"}, "b.txt", true},
    {{"[!ab].txt"}, "c.txt", true},
    {{"[!ab].txt"}, "a.txt", false},
    {{"[^ab].txt"}, "a.txt", false},
    {{"[a-c]"}, "b", true},
    {{"[]]"}, "]", true},
    {{"[ab"}, "[ab", true}, /* unterminated set: literal */
    {{"a\\*b"}, "a*b", true},
    {{"a\\*b"}, "axb", false},
    {{"a+b"}, "a+b", true},
    {{"a+b"}, "aab", false},
    {{"a**b"}, "axxb", true}, /* not a whole segment: a plain star */
    {{"a**b"}, "ax/b", false},
    {{"./src/*.c"}, "src/a.c", true},
    {{"src//*.c"}, "src/a.c", true},
    {{"/abs/*"}, "/abs/x", true},
    {{"/abs/*"}, "abs/x", false},
    {{"*.md", "!README.md"}, "README.md", false},
    {{"*.md", "!!README.md"}, "README.md", true}, /* double negation */
    {{"*.md", "! README.md"}, "README.md", false},
};

static void path_dialect_follows_actions_glob(void **state)
{
    run_cases(SG_GLOB_PATH, path_cases, SG_ARRAY_SIZE(path_cases));
}

static void want_check(enum sg_glob_dialect d, const char *pat, int rc, const char *msg)
{
    struct sg_buf err = SG_BUF_INIT;
    int got = sg_glob_check(d, pat, &err);
    if (got != rc)
        fail_msg("check '%s': got %d (%s), want %d", pat, got, sg_buf_str(&err), rc);
    if (msg && !strstr(sg_buf_str(&err), msg))
        fail_msg("check '%s': message '%s' lacks '%s'", pat, sg_buf_str(&err), msg);
    sg_buf_release(&err);
}

static void check_accepts_every_documented_pattern(void **state)
{
    static const char *const ok[] = {
        "feature/*", "feature/**", "main", "releases/mona-the-octocat", "*", "**", "*feature",
        "v2*", "v[12].[0-9]+.[0-9]+", "*.jsx?", "*.js", "**.js", "docs/*", "docs/**",
        "docs/**/*.md", "**/docs/**", "**/README.md", "**/*src/**", "**/*-post.md",
        "**/migrate-*.sql", "*.md", "README.md", "README*", "[CB]at", "[1-2]00", "[0-9a-z]",
        "Octoc?t", "a+?", "a*?", "+lead", "\\!x", "release/v[0-9].[0-9]"};
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(ok); i++)
        want_check(SG_GLOB_FILTER, ok[i], 0, NULL);
}

static void check_reports_malformed_filter_patterns(void **state)
{
    want_check(SG_GLOB_FILTER, "", -1, "cannot be empty");
    want_check(SG_GLOB_FILTER, "v[12", -1, "missing ']' to close '[' at offset 1");
    want_check(SG_GLOB_FILTER, "a[]b", -1, "empty brackets '[]' at offset 1");
    want_check(SG_GLOB_FILTER, "a[_]", -1, "only letters and digits");
    want_check(SG_GLOB_FILTER, "[z-a]", -1, "ranges in '[...]'");
    want_check(SG_GLOB_FILTER, "[a-Z]", -1, "ranges in '[...]'");
    want_check(SG_GLOB_FILTER, "[a-]", -1, "range without an end");
    want_check(SG_GLOB_FILTER, "[-a]", -1, "range without a start");
    want_check(SG_GLOB_FILTER, "abc\\", -1, "nothing to escape after '\\' at offset 3");
    want_check(SG_GLOB_FILTER, "a++", -1, "'+' cannot follow another repetition at offset 2");
    want_check(SG_GLOB_FILTER, "*+", -1, "'+' cannot follow");
    want_check(SG_GLOB_FILTER, "**/+", -1, "'+' cannot follow");
    want_check(SG_GLOB_FILTER, "a???", -1, "'?' cannot follow");
    want_check(SG_GLOB_FILTER, "v[12", -1, "invalid filter pattern 'v[12'");
}

static void check_path_dialect(void **state)
{
    want_check(SG_GLOB_PATH, "**/*.lock", 0, NULL);
    want_check(SG_GLOB_PATH, "./src/**", 0, NULL);
    want_check(SG_GLOB_PATH, "[ab", 0, NULL);
    want_check(SG_GLOB_PATH, "", -1, "cannot be empty");
    want_check(SG_GLOB_PATH, "../x", -1, "relative pathing '.' and '..' is not allowed");
    want_check(SG_GLOB_PATH, "a/./x", -1, "at offset 2");
}

static void filter_check_strips_negation(void **state)
{
    struct sg_buf err = SG_BUF_INIT;
    assert_int_equal(sg_filter_check(SG_GLOB_FILTER, "!main", &err), 0);
    assert_int_equal(sg_filter_check(SG_GLOB_FILTER, "!+x", &err), 0);
    assert_int_equal(sg_filter_check(SG_GLOB_FILTER, "!", &err), -1);
    assert_non_null(strstr(sg_buf_str(&err), "cannot be empty"));
    sg_buf_reset(&err);
    assert_int_equal(sg_filter_check(SG_GLOB_PATH, "!!", &err), -1);
    sg_buf_release(&err);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* `*a*a*a...b` against "aaaa...": exponential for a backtracking matcher. */
static void matching_is_not_exponential(void **state)
{
    char pat[512], text[4096];
    size_t i, n = 0;
    double t0;
    for (i = 0; i < 100; i++) {
        pat[n++] = '*';
        pat[n++] = 'a';
    }
    pat[n++] = 'b';
    pat[n] = '\0';
    memset(text, 'a', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    t0 = now_s();
    assert_false(sg_glob_match(SG_GLOB_FILTER, pat, text));
    assert_false(sg_glob_match(SG_GLOB_PATH, pat, text));
    pat[n - 1] = 'a';
    assert_true(sg_glob_match(SG_GLOB_FILTER, pat, text));
    assert_true(sg_glob_match(SG_GLOB_PATH, pat, text));
    /* Same with quantifiers and globstars. */
    assert_false(sg_glob_match(SG_GLOB_FILTER, "a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaaaaaaaaa",
                               "aaaaaaaaaaaaaaaaaaaa"));
    for (i = 0; i + 2 < sizeof(text); i += 2)
        text[i + 1] = '/';
    assert_false(sg_glob_match(SG_GLOB_PATH, "**/a/**/a/**/a/**/a/**/a/**/b", text));
    assert_false(sg_glob_match(SG_GLOB_FILTER, "**/a/**/a/**/a/**/a/**/a/**/b", text));
    assert_true(now_s() - t0 < 2.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(filter_dialect_matches_docs_branches_and_tags),
        cmocka_unit_test(filter_dialect_matches_docs_paths),
        cmocka_unit_test(filter_dialect_matches_docs_special_characters),
        cmocka_unit_test(filter_dialect_corner_cases),
        cmocka_unit_test(filter_match_last_matching_pattern_decides),
        cmocka_unit_test(path_dialect_follows_actions_glob),
        cmocka_unit_test(check_accepts_every_documented_pattern),
        cmocka_unit_test(check_reports_malformed_filter_patterns),
        cmocka_unit_test(check_path_dialect),
        cmocka_unit_test(filter_check_strips_negation),
        cmocka_unit_test(matching_is_not_exponential),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
