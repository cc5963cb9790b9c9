/* SPDX-License-Identifier: MIT */
/* Unit tests for src/exec/envfile.c: $GITHUB_ENV/OUTPUT/STATE and $GITHUB_PATH. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>

#include "exec/exec.h"

struct fx {
    struct sg_arena *a;
    struct sg_diags d;
    struct exec_kvlist l;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->a = sg_arena_new();
    sg_diags_init(&f->d);
    exec_kvlist_init(&f->l);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    exec_kvlist_release(&f->l);
    sg_diags_release(&f->d);
    sg_arena_free(f->a);
    free(f);
    return 0;
}

static int parse(struct fx *f, const char *text)
{
    return exec_envfile_parse(&f->l, f->a, "env.txt", text, strlen(text), &f->d);
}

static void simple_pairs_split_at_first_equals(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "A=1\n\nB=x=y\nC=\n"), 0);
    assert_int_equal(f->l.n, 3);
    assert_string_equal(f->l.items[1].name, "B");
    assert_string_equal(f->l.items[1].value, "x=y");
    assert_int_equal(f->l.items[1].line, 3);
    assert_string_equal(f->l.items[2].value, "");
}

static void heredoc_value_spans_lines_without_last_newline(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "M<<EOF\nline 1\nline 2\nEOF\nN=after"), 0);
    assert_int_equal(f->l.n, 2);
    assert_string_equal(f->l.items[0].value, "line 1\nline 2");
    assert_string_equal(f->l.items[1].value, "after");
    assert_int_equal(f->l.items[1].line, 5);
}

static void heredoc_may_be_empty_or_hold_blank_lines(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "E<<X\nX\nB<<X\n\n\nX\n"), 0);
    assert_string_equal(f->l.items[0].value, "");
    assert_string_equal(f->l.items[1].value, "\n");
}

static void first_of_equals_and_heredoc_decides(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "A=b<<c\nD<<E=F\nv\nE=F\n"), 0);
    assert_string_equal(f->l.items[0].name, "A");
    assert_string_equal(f->l.items[0].value, "b<<c");
    assert_string_equal(f->l.items[1].name, "D");
    assert_string_equal(f->l.items[1].value, "v");
}

static void crlf_is_kept_in_values_on_linux(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "A=1\r\nH<<EOF\r\nx\r\nEOF\r\n"), 0);
    assert_string_equal(f->l.items[0].value, "1\r");
    /* the delimiter is "EOF\r", and the line "EOF\r" matches it */
    assert_string_equal(f->l.items[1].value, "x\r");
}

static void bom_is_dropped(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "\xEF\xBB\xBFNAME=v\n"), 0);
    assert_string_equal(f->l.items[0].name, "NAME");
}

static void line_without_separator_is_invalid_format(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "A=1\njunk\nB=2\n"), -1);
    assert_int_equal(f->l.n, 1); /* what came before is kept, as the runner applies it */
    assert_string_equal(f->d.items[0].message, "Invalid format 'junk'");
    assert_string_equal(f->d.items[0].file, "env.txt");
    assert_int_equal(f->d.items[0].line, 2);
}

static void empty_names_and_delimiters_are_errors(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "=v\n"), -1);
    assert_string_equal(f->d.items[0].message, "Invalid format '=v'. Name must not be empty");
    assert_int_equal(parse(f, "<<EOF\n"), -1);
    assert_string_equal(f->d.items[1].message,
                        "Invalid format '<<EOF'. Name must not be empty and delimiter must not be empty");
    assert_int_equal(parse(f, "N<<\n"), -1);
    assert_int_equal(f->d.errors, 3);
}

static void missing_delimiter_names_it(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "A=1\nM<<EOF\nx\ny\n"), -1);
    assert_string_equal(f->d.items[0].message, "Invalid value. Matching delimiter not found 'EOF'");
    assert_int_equal(f->d.items[0].line, 2);
}

static void unterminated_last_line_is_missing_newline(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "M<<EOF\nx"), -1);
    assert_string_equal(f->d.items[0].message, "Invalid value. EOF marker missing new line.");
    assert_int_equal(f->d.items[0].line, 2);
    /* the closing delimiter itself may end the file */
    assert_int_equal(parse(f, "M<<EOF\nx\nEOF"), 0);
    assert_string_equal(f->l.items[0].value, "x");
}

static void missing_file_is_no_entries(void **state)
{
    struct fx *f = *state;
    assert_int_equal(exec_envfile_read(&f->l, f->a, "/nonexistent/env", &f->d), 0);
    assert_int_equal(f->l.n, 0);
    char path[] = "/tmp/sg-envfile-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "K<<D\nv\nD\n", 9), 9);
    close(fd);
    assert_int_equal(exec_envfile_read(&f->l, f->a, path, &f->d), 0);
    unlink(path);
    assert_string_equal(f->l.items[0].value, "v");
}

static void node_options_is_blocked_in_any_case(void **state)
{
    assert_true(exec_env_name_blocked("NODE_OPTIONS"));
    assert_true(exec_env_name_blocked("node_options"));
    assert_false(exec_env_name_blocked("NODE_PATH"));
}

static void path_lines_are_prepended_newest_first_without_duplicates(void **state)
{
    struct fx *f = *state;
    struct exec_pathlist pl;
    exec_pathlist_init(&pl);
    const char *text = "\xEF\xBB\xBF/a\r\n\n/b\r/c\n/a\n";
    exec_pathfile_parse(&pl, f->a, text, strlen(text));
    assert_int_equal(pl.n, 3);
    assert_string_equal(exec_pathlist_join(f->a, &pl, "/usr/bin:/bin"), "/a:/c:/b:/usr/bin:/bin");
    assert_string_equal(exec_pathlist_join(f->a, &pl, NULL), "/a:/c:/b");
    exec_pathlist_add(&pl, f->a, "/b", 2);
    assert_string_equal(exec_pathlist_join(f->a, &pl, ""), "/b:/a:/c");
    exec_pathlist_release(&pl);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(simple_pairs_split_at_first_equals),
        T(heredoc_value_spans_lines_without_last_newline),
        T(heredoc_may_be_empty_or_hold_blank_lines),
        T(first_of_equals_and_heredoc_decides),
        T(crlf_is_kept_in_values_on_linux),
        T(bom_is_dropped),
        T(line_without_separator_is_invalid_format),
        T(empty_names_and_delimiters_are_errors),
        T(missing_delimiter_names_it),
        T(unterminated_last_line_is_missing_newline),
        T(missing_file_is_no_entries),
        T(node_options_is_blocked_in_any_case),
        T(path_lines_are_prepended_newest_first_without_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
