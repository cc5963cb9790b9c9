/* SPDX-License-Identifier: MIT */
/* Unit tests for src/exec/command.c: workflow command parsing and state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "exec/exec.h"

struct fx {
    struct sg_arena *a;
    struct exec_cmdproc p;
    struct exec_cmd_effect e;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->a = sg_arena_new();
    exec_cmdproc_init(&f->p, false);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    exec_cmdproc_release(&f->p);
    sg_arena_free(f->a);
    free(f);
    return 0;
}

static struct exec_cmd_effect *line(struct fx *f, const char *s)
{
    exec_cmdproc_line(&f->p, &f->e, f->a, s, strlen(s));
    return &f->e;
}

static void parses_name_properties_and_unescaped_data(void **state)
{
    struct fx *f = *state;
    struct exec_cmd c;
    const char *s = "  ::error file=a%2Cb.c,line=3,title=x%3Ay%0Az::msg%0Aline2 %25 %3A";
    assert_true(exec_cmd_parse(&c, f->a, s, strlen(s), NULL));
    assert_int_equal(c.kind, EXEC_CMD_ERROR);
    assert_string_equal(exec_cmd_prop(&c, "file"), "a,b.c");
    assert_string_equal(exec_cmd_prop(&c, "LINE"), "3");
    assert_string_equal(exec_cmd_prop(&c, "title"), "x:y\nz");
    assert_string_equal(c.data, "msg\nline2 % %3A"); /* %3A is only a property escape */
}

static void escapes_apply_in_the_runner_order(void **state)
{
    struct fx *f = *state;
    struct exec_cmd c;
    const char *s = "::debug::%250A";
    assert_true(exec_cmd_parse(&c, f->a, s, strlen(s), NULL));
    assert_string_equal(c.data, "%0A");
}

static void odd_properties_follow_dotnet_split(void **state)
{
    struct fx *f = *state;
    struct exec_cmd c;
    const char *s = "::warning a=,=b,,c==d, e = f ,g=h=i::";
    assert_true(exec_cmd_parse(&c, f->a, s, strlen(s), NULL));
    assert_null(exec_cmd_prop(&c, "a"));
    assert_string_equal(exec_cmd_prop(&c, "c"), "d");
    assert_string_equal(exec_cmd_prop(&c, " e "), " f "); /* only the whole list is trimmed */
    assert_string_equal(exec_cmd_prop(&c, "g"), "h=i");
    assert_string_equal(c.data, "");
}

static void unknown_and_malformed_lines_are_not_commands(void **state)
{
    struct fx *f = *state;
    struct exec_cmd c;
    const char *cases[] = {"::unknown::x", "::error", "x ::error::y", ":: error::y", "", "::::"};
    for (size_t i = 0; i < SG_ARRAY_SIZE(cases); i++)
        assert_false(exec_cmd_parse(&c, f->a, cases[i], strlen(cases[i]), NULL));
    assert_string_equal(line(f, "::unknown::x")->print, "::unknown::x");
    assert_int_equal(f->e.kind, EXEC_CMD_NONE);
}

static void legacy_form_is_found_anywhere_in_the_line(void **state)
{
    struct fx *f = *state;
    struct exec_cmd c;
    const char *s = "prefix ##[warning file=x%3By;line=2]a%5Db";
    assert_true(exec_cmd_parse(&c, f->a, s, strlen(s), NULL));
    assert_int_equal(c.kind, EXEC_CMD_WARNING);
    assert_string_equal(exec_cmd_prop(&c, "file"), "x;y");
    assert_string_equal(c.data, "a]b");
}

static void annotations_carry_positions(void **state)
{
    struct fx *f = *state;
    struct exec_cmd_effect *e = line(f, "::notice file=app.js,line=1,col=5,endColumn=7,title=T::Missing semicolon");
    assert_int_equal(e->kind, EXEC_CMD_NOTICE);
    assert_null(e->print); /* annotations are not echoed */
    assert_string_equal(e->annotation.file, "app.js");
    assert_string_equal(e->annotation.title, "T");
    assert_string_equal(e->annotation.message, "Missing semicolon");
    assert_int_equal(e->annotation.line, 1);
    assert_int_equal(e->annotation.col, 5);
    assert_int_equal(e->annotation.end_col, 7);
}

static void invalid_positions_are_dropped_like_the_runner(void **state)
{
    struct fx *f = *state;
    struct exec_cmd_effect *e = line(f, "::error endLine=4::m");
    assert_int_equal(e->annotation.line, 4); /* endLine alone becomes line */
    e = line(f, "::error col=3::m");
    assert_int_equal(e->annotation.col, 0); /* a column needs a line */
    e = line(f, "::error line=2,endLine=5,col=1,endColumn=3::m");
    assert_int_equal(e->annotation.line, 2);
    assert_int_equal(e->annotation.end_line, 5);
    assert_int_equal(e->annotation.col, 0);
    e = line(f, "::error line=5,endLine=2::m");
    assert_int_equal(e->annotation.line, 0);
    assert_int_equal(e->annotation.end_line, 0);
    e = line(f, "::error line=1,col=9,endColumn=2::m");
    assert_int_equal(e->annotation.line, 1);
    assert_int_equal(e->annotation.col, 0);
}

static void stop_commands_pauses_until_token(void **state)
{
    struct fx *f = *state;
    struct exec_cmd_effect *e = line(f, "::stop-commands::pause-token-1234");
    assert_int_equal(e->kind, EXEC_CMD_STOP_COMMANDS);
    assert_string_equal(e->print, "::stop-commands::pause-token-1234");
    assert_string_equal(e->mask, "pause-token-1234");
    e = line(f, "::error::not an error");
    assert_int_equal(e->kind, EXEC_CMD_NONE);
    assert_string_equal(e->print, "::error::not an error");
    e = line(f, "::PAUSE-TOKEN-1234::");
    assert_int_equal(e->kind, EXEC_CMD_RESUME);
    e = line(f, "::error::now an error");
    assert_int_equal(e->kind, EXEC_CMD_ERROR);
}

static void short_stop_token_is_not_masked(void **state)
{
    struct fx *f = *state;
    assert_null(line(f, "::stop-commands::abc")->mask);
}

static void stop_token_may_not_be_a_command(void **state)
{
    struct fx *f = *state;
    struct exec_cmd_effect *e = line(f, "::stop-commands::error");
    assert_non_null(e->error);
    assert_true(sg_starts_with(e->error, "You cannot use a endToken that is an empty string"));
    assert_null(f->p.stop_token);
    assert_non_null(line(f, "::stop-commands::")->error);
    assert_non_null(line(f, "::stop-commands::Pause-Logging")->error);
    f->p.allow_unsecure_stop_tokens = true;
    assert_null(line(f, "::stop-commands::error")->error);
    assert_string_equal(f->p.stop_token, "error");
}

static void set_env_and_add_path_need_the_unsecure_switch(void **state)
{
    struct fx *f = *state;
    struct exec_cmd_effect *e = line(f, "::set-env name=A::b");
    assert_string_equal(e->error_intro, "Unable to process command '::set-env name=A::b' successfully.");
    assert_true(sg_starts_with(e->error, "The `set-env` command is disabled."));
    assert_null(e->name);
    e = line(f, "::add-path::/x");
    assert_true(sg_starts_with(e->error, "The `add-path` command is disabled."));
    f->p.allow_unsecure_commands = true;
    e = line(f, "::set-env name=A::b");
    assert_null(e->error);
    assert_string_equal(e->name, "A");
    assert_string_equal(e->value, "b");
    e = line(f, "::set-env name=node_options::--x");
    assert_null(e->name);
    assert_non_null(e->issue_error);
    e = line(f, "::add-path::/opt/bin");
    assert_string_equal(e->value, "/opt/bin");
    assert_string_equal(line(f, "::add-path::")->error, "Value cannot be null. (Parameter 'path')");
}

static void unsecure_switch_values(void **state)
{
    assert_true(exec_env_is_true_strict("true"));
    assert_true(exec_env_is_true_strict(" TRUE "));
    assert_false(exec_env_is_true_strict("1"));
    assert_false(exec_env_is_true_strict(NULL));
    assert_true(exec_env_is_true_loose("1"));
    assert_true(exec_env_is_true_loose("$True"));
    assert_false(exec_env_is_true_loose("yes"));
}

static void set_output_and_save_state_warn_and_need_a_name(void **state)
{
    struct fx *f = *state;
    struct exec_cmd_effect *e = line(f, "::set-output name=out::v%0A2");
    assert_string_equal(e->name, "out");
    assert_string_equal(e->value, "v\n2");
    assert_true(sg_starts_with(e->warning, "The `set-output` command is deprecated"));
    e = line(f, "::save-state::v");
    assert_string_equal(e->error, "Required field 'name' is missing in ##[save-state] command.");
    assert_true(sg_starts_with(e->warning, "The `save-state` command is deprecated"));
}

static void add_mask_is_never_echoed(void **state)
{
    struct fx *f = *state;
    struct exec_cmd_effect *e = line(f, "::add-mask::s3cr3t");
    assert_string_equal(e->mask, "s3cr3t");
    assert_null(e->print);
    assert_null(e->echo);
    assert_string_equal(line(f, "::add-mask::  ")->warning,
                        "Can't add secret mask for empty string in ##[add-mask] command.");
    f->p.echo = true;
    e = line(f, "::add-mask::s3cr3t");
    assert_null(e->echo);
    assert_string_equal(e->print, "::add-mask::***");
}

static void group_debug_and_echo(void **state)
{
    struct fx *f = *state;
    assert_string_equal(line(f, "::group::Build %25")->print, "##[group]Build %");
    assert_string_equal(line(f, "::endgroup::ignored")->print, "##[endgroup]");
    assert_string_equal(line(f, "::debug::d")->debug, "d");
    assert_null(f->e.print);
    line(f, "::echo:: ON ");
    assert_true(f->p.echo);
    struct exec_cmd_effect *e = line(f, "::group::g");
    assert_string_equal(e->echo, "::group::g");
    assert_null(line(f, "::debug::d")->echo);
    line(f, "::echo::off");
    assert_false(f->p.echo);
    e = line(f, "::echo::maybe");
    assert_string_equal(e->error, "Invalid echo command value. Possible values can be: 'on', 'off'. "
                                  "Current value is: 'maybe'.");
}

static void runner_markers_in_plain_output_are_defused(void **state)
{
    struct fx *f = *state;
    assert_string_equal(line(f, "x ##[start-action y ##[end-action")->print,
                        "x ##[\\start-action y ##[\\end-action");
    assert_string_equal(line(f, "plain")->print, "plain");
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(parses_name_properties_and_unescaped_data),
        T(escapes_apply_in_the_runner_order),
        T(odd_properties_follow_dotnet_split),
        T(unknown_and_malformed_lines_are_not_commands),
        T(legacy_form_is_found_anywhere_in_the_line),
        T(annotations_carry_positions),
        T(invalid_positions_are_dropped_like_the_runner),
        T(stop_commands_pauses_until_token),
        T(short_stop_token_is_not_masked),
        T(stop_token_may_not_be_a_command),
        T(set_env_and_add_path_need_the_unsecure_switch),
        T(unsecure_switch_values),
        T(set_output_and_save_state_warn_and_need_a_name),
        T(add_mask_is_never_echoed),
        T(group_debug_and_echo),
        T(runner_markers_in_plain_output_are_defused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
