/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for sg_hash_files(): a temporary tree per test, expected digests
 * computed independently with sha256sum and xxd (digest of the concatenated
 * per-file digests, in the order the runner walks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/glob.h"

struct tree {
    char root[64];
};

static void put(struct tree *t, const char *rel, const char *content)
{
    char path[512], *slash;
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", t->root, rel);
    /* mkdir -p the parents */
    for (slash = strchr(path + strlen(t->root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0755);
        *slash = '/';
    }
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void link_(struct tree *t, const char *target, const char *rel)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", t->root, rel);
    assert_int_equal(symlink(target, path), 0);
}

static int tree_setup(void **state)
{
    struct tree *t = calloc(1, sizeof(*t));
    snprintf(t->root, sizeof(t->root), "/tmp/sg-hashfiles-XXXXXX");
    if (!mkdtemp(t->root))
        return -1;
    *state = t;
    return 0;
}

static int tree_teardown(void **state)
{
    struct tree *t = *state;
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
    if (system(cmd) != 0)
        return -1;
    free(t);
    return 0;
}

/* The digest the runner would produce for these files, in this order. */
static void expected(struct tree *t, const char *const *files, size_t n, char out[65])
{
    char cmd[4096];
    size_t len, i;
    FILE *p;

    len = (size_t)snprintf(cmd, sizeof(cmd), "cd '%s' && for f in", t->root);
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(cmd + len, sizeof(cmd) - len, " '%s'", files[i]);
    snprintf(cmd + len, sizeof(cmd) - len,
             "; do sha256sum < \"$f\" | cut -c1-64; done | xxd -r -p | sha256sum | cut -c1-64");
    p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(out, 65, p));
    pclose(p);
    assert_int_equal(strlen(out), 64);
}

static void hash_ok(struct tree *t, const char *const *pats, size_t n, char out[65])
{
    struct sg_buf err = SG_BUF_INIT;
    int rc = sg_hash_files(out, t->root, pats, n, &err);
    if (rc != 0)
        fail_msg("sg_hash_files failed: %s", sg_buf_str(&err));
    sg_buf_release(&err);
}

static void expect_hash(struct tree *t, const char *const *pats, size_t npats,
                        const char *const *files, size_t nfiles)
{
    char got[65], want[65];
    hash_ok(t, pats, npats, got);
    expected(t, files, nfiles, want);
    assert_string_equal(got, want);
}

static void single_file_matches_a_known_constant(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"abc.txt"};
    char got[65];
    put(t, "abc.txt", "abc");
    hash_ok(t, pats, 1, got);
    /* sha256(sha256("abc")), checked by hand with sha256sum and xxd. */
    assert_string_equal(got, "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358");
}

static void nothing_matched_gives_the_empty_string(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"**/*.lock", "missing/dir/**"};
    char got[65] = "x";
    put(t, "a.txt", "a");
    hash_ok(t, pats, 2, got);
    assert_string_equal(got, "");
}

static void globstar_walks_depth_first_with_sorted_names(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"**/*.json"};
    /* "a" sorts before "a.json", so a/ is walked before the file beside it,
     * unlike a plain sort of whole paths ('.' < '/'). */
    const char *order[] = {"a/z.json", "a.json", "b/c/d.json", "package.json"};
    const char *wrong[] = {"a.json", "a/z.json", "b/c/d.json", "package.json"};
    char got[65], other[65];
    put(t, "package.json", "{}");
    put(t, "a.json", "1");
    put(t, "a/z.json", "2");
    put(t, "b/c/d.json", "3");
    put(t, "b/c/d.txt", "not me");
    expect_hash(t, pats, 1, order, 4);
    hash_ok(t, pats, 1, got);
    expected(t, wrong, 4, other);
    assert_string_not_equal(got, other);
}

static void search_paths_are_walked_in_pattern_order(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"b/*.txt", "a/*.txt"};
    const char *order[] = {"b/1.txt", "a/1.txt", "a/2.txt"};
    put(t, "a/1.txt", "a1");
    put(t, "a/2.txt", "a2");
    put(t, "b/1.txt", "b1");
    expect_hash(t, pats, 2, order, 3);
}

static void search_path_under_another_is_walked_once(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"a/b/*.txt", "b.txt", "a/**/*.txt"};
    /* a/b lies under a, so it is not walked on its own: b.txt's search
     * path comes first, then a's, and every file is hashed once. */
    const char *order[] = {"b.txt", "a/1.txt", "a/b/2.txt"};
    put(t, "a/1.txt", "1");
    put(t, "a/b/2.txt", "2");
    put(t, "b.txt", "3");
    expect_hash(t, pats, 3, order, 3);
}

static void negation_excludes_and_later_patterns_reinclude(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"**/*.txt", "!vendor/**", "vendor/keep.txt"};
    const char *order[] = {"src/a.txt", "top.txt", "vendor/keep.txt"};
    put(t, "src/a.txt", "a");
    put(t, "top.txt", "t");
    put(t, "vendor/drop.txt", "d");
    put(t, "vendor/keep.txt", "k");
    expect_hash(t, pats, 3, order, 3);
}

static void directory_pattern_includes_its_descendants(void **state)
{
    struct tree *t = *state;
    const char *plain[] = {"src"}, *slash[] = {"src/"}, *star[] = {"*"};
    const char *order[] = {"src/a.c", "src/lib/b.c"};
    const char *all[] = {"README", "src/a.c", "src/lib/b.c"};
    put(t, "src/a.c", "a");
    put(t, "src/lib/b.c", "b");
    put(t, "README", "r");
    expect_hash(t, plain, 1, order, 2);
    expect_hash(t, slash, 1, order, 2);
    /* `*` matches the directory src, so everything below it too. */
    expect_hash(t, star, 1, all, 3);
}

/*
 * A trailing '/' restricts the pattern itself to directories, but its
 * implicit `README/` + globstar is matched against "README/" (@actions/glob
 * appends the slash before matching a globstar pattern), so the file still
 * matches: the runner hashes it.
 */
static void trailing_slash_pattern_still_matches_a_file(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"README/"}, *neg[] = {"*", "!README/"};
    const char *order[] = {"README"}, *rest[] = {"other"};
    put(t, "README", "r");
    put(t, "other", "o");
    expect_hash(t, pats, 1, order, 1);
    expect_hash(t, neg, 2, rest, 1);
}

static void dot_files_and_git_are_not_skipped(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"**"};
    const char *order[] = {".env", ".git/HEAD", "x"};
    put(t, ".git/HEAD", "ref");
    put(t, ".env", "e");
    put(t, "x", "x");
    expect_hash(t, pats, 1, order, 3);
}

static void symlinks_are_hashed_as_targets_but_not_walked(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"**"};
    /* link.txt is hashed with real.txt's content; dirlink is not entered. */
    const char *order[] = {"d/in.txt", "link.txt", "real.txt"};
    put(t, "real.txt", "real");
    put(t, "d/in.txt", "in");
    link_(t, "real.txt", "link.txt");
    link_(t, "d", "dirlink");
    expect_hash(t, pats, 1, order, 3);
}

static void broken_symlink_that_matches_is_an_error(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"*.txt"}, *other[] = {"*.md"};
    struct sg_buf err = SG_BUF_INIT;
    char got[65];
    put(t, "a.md", "a");
    link_(t, "nowhere", "broken.txt");
    assert_int_equal(sg_hash_files(got, t->root, pats, 1, &err), -1);
    assert_non_null(strstr(sg_buf_str(&err), "broken.txt"));
    sg_buf_release(&err);
    hash_ok(t, other, 1, got);
    assert_int_equal(strlen(got), 64);
}

static void relative_pathing_is_refused(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"src/../x"};
    struct sg_buf err = SG_BUF_INIT;
    char got[65];
    assert_int_equal(sg_hash_files(got, t->root, pats, 1, &err), -1);
    assert_string_equal(sg_buf_str(&err),
                        "Invalid pattern 'src/../x'. Relative pathing '.' and '..' is not allowed.");
    sg_buf_release(&err);
}

static void dot_slash_absolute_and_outside_patterns(void **state)
{
    struct tree *t = *state;
    char abs_in[128], abs_out[] = "/etc/**";
    const char *pats[] = {"./src/*.c"}, *abs[] = {abs_in}, *outside[] = {abs_out, "~/x"};
    const char *order[] = {"src/a.c"};
    char got[65];
    put(t, "src/a.c", "a");
    expect_hash(t, pats, 1, order, 1);
    snprintf(abs_in, sizeof(abs_in), "%s/src/*.c", t->root);
    expect_hash(t, abs, 1, order, 1);
    hash_ok(t, outside, 2, got);
    assert_string_equal(got, "");
}

static void patterns_split_on_newlines_and_skip_comments(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"  # a comment\n  b.txt  \n\n!! a.txt\n"};
    const char *order[] = {"b.txt", "a.txt"};
    put(t, "a.txt", "a");
    put(t, "b.txt", "b");
    /* b.txt's search path comes first; `!!` is a double negation. */
    expect_hash(t, pats, 1, order, 2);
}

static void empty_files_and_literal_brackets(void **state)
{
    struct tree *t = *state;
    const char *pats[] = {"[e]mpty", "odd[1].txt"};
    const char *order[] = {"empty", "odd1.txt"};
    put(t, "empty", "");
    put(t, "odd1.txt", "yes: [1] is a set holding 1");
    put(t, "odd[1].txt", "no: the set does not match '['");
    expect_hash(t, pats, 2, order, 2);
}

static void missing_root_is_an_error(void **state)
{
    const char *pats[] = {"**"};
    struct sg_buf err = SG_BUF_INIT;
    char got[65];
    assert_int_equal(sg_hash_files(got, "/nonexistent/sg-root", pats, 1, &err), -1);
    assert_non_null(strstr(sg_buf_str(&err), "/nonexistent/sg-root"));
    sg_buf_release(&err);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tree_setup, tree_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(single_file_matches_a_known_constant),
        T(nothing_matched_gives_the_empty_string),
        T(globstar_walks_depth_first_with_sorted_names),
        T(search_paths_are_walked_in_pattern_order),
        T(search_path_under_another_is_walked_once),
        T(negation_excludes_and_later_patterns_reinclude),
        T(directory_pattern_includes_its_descendants),
        T(trailing_slash_pattern_still_matches_a_file),
        T(dot_files_and_git_are_not_skipped),
        T(symlinks_are_hashed_as_targets_but_not_walked),
        T(broken_symlink_that_matches_is_an_error),
        T(relative_pathing_is_refused),
        T(dot_slash_absolute_and_outside_patterns),
        T(patterns_split_on_newlines_and_skip_comments),
        T(empty_files_and_literal_brackets),
        cmocka_unit_test(missing_root_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
