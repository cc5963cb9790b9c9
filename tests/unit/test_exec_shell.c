/* SPDX-License-Identifier: MIT */
/* Unit tests for src/exec/shell.c: `shell:` resolution the runner's way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec/exec.h"

struct fx {
    struct sg_arena *a;
    struct sg_diags d;
    char dir[64];    /* fake PATH directory with bash, sh, python, pwsh */
    char shdir[64];  /* only sh */
};

static void touch_exe(const char *dir, const char *name)
{
    char p[256];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\n", f);
    fclose(f);
    chmod(p, 0755);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->a = sg_arena_new();
    sg_diags_init(&f->d);
    memcpy(f->dir, "/tmp/sg-shell-XXXXXX", 21);
    assert_non_null(mkdtemp(f->dir));
    memcpy(f->shdir, "/tmp/sg-shonly-XXXXXX", 22);
    assert_non_null(mkdtemp(f->shdir));
    touch_exe(f->dir, "bash");
    touch_exe(f->dir, "sh");
    touch_exe(f->dir, "python");
    touch_exe(f->dir, "pwsh");
    touch_exe(f->shdir, "sh");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s %s", f->dir, f->shdir);
    assert_int_equal(system(cmd), 0);
    sg_diags_release(&f->d);
    sg_arena_free(f->a);
    free(f);
    return 0;
}

static const char *path_of(struct fx *f, const char *name)
{
    return sg_arena_printf(f->a, "%s/%s", f->dir, name);
}

static void default_shell_is_bash_with_sh_arguments(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, NULL, f->dir, &f->d), 0);
    assert_string_equal(sh.path, path_of(f, "bash"));
    assert_string_equal(sh.command, "sh");
    assert_string_equal(sh.arg_format, "-e {0}");
    assert_string_equal(sh.ext, ".sh");
    char **argv = exec_shell_argv(&sh, f->a, "/tmp/x.sh", &f->d);
    assert_string_equal(argv[0], path_of(f, "bash"));
    assert_string_equal(argv[1], "-e");
    assert_string_equal(argv[2], "/tmp/x.sh");
    assert_null(argv[3]);
}

static void default_shell_falls_back_to_sh(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, "", f->shdir, &f->d), 0);
    assert_string_equal(sh.path, sg_arena_printf(f->a, "%s/sh", f->shdir));
    assert_string_equal(sh.arg_format, "-e {0}");
}

static void default_shell_missing_everywhere_is_an_error(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, NULL, "/nonexistent", &f->d), -1);
    assert_string_equal(f->d.items[0].message, "sh: command not found");
}

static void bash_gets_noprofile_norc_pipefail(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, "bash", f->dir, &f->d), 0);
    char **argv = exec_shell_argv(&sh, f->a, "/t/s.sh", &f->d);
    const char *want[] = {"--noprofile", "--norc", "-e", "-o", "pipefail", "/t/s.sh"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(argv[i + 1], want[i]);
    assert_null(argv[7]);
    assert_string_equal(sh.ext, ".sh");
}

static void python_and_pwsh_templates_and_extensions(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, "python", f->dir, &f->d), 0);
    assert_string_equal(sh.ext, ".py");
    char **argv = exec_shell_argv(&sh, f->a, "/t/a.py", &f->d);
    assert_string_equal(argv[1], "/t/a.py");
    assert_null(argv[2]);

    assert_int_equal(exec_shell_resolve(&sh, f->a, "pwsh", f->dir, &f->d), 0);
    assert_string_equal(sh.ext, ".ps1");
    argv = exec_shell_argv(&sh, f->a, "/t/a.ps1", &f->d);
    assert_string_equal(argv[1], "-command");
    assert_string_equal(argv[2], ". '/t/a.ps1'");
    assert_null(argv[3]);
}

static void missing_python_has_no_python3_fallback(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, "python", f->shdir, &f->d), -1);
    assert_string_equal(f->d.items[0].message, "python: command not found");
}

static void cmd_on_linux_is_a_clear_error(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, "cmd", f->dir, &f->d), -1);
    assert_string_equal(f->d.items[0].message, "cmd: command not found");
    assert_int_equal(f->d.items[1].severity, SG_SEV_NOTE);
    assert_non_null(strstr(f->d.items[1].message, "only exists on Windows"));
}

static void custom_template_must_contain_placeholder(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, "bash -x", f->dir, &f->d), -1);
    assert_non_null(strstr(f->d.items[0].message, "Invalid shell option. Shell must be a valid built-in"));
    assert_int_equal(exec_shell_resolve(&sh, f->a, "perl", f->dir, &f->d), -1);
}

static void custom_template_keeps_quoted_words(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, "bash -c \"source {0} && echo ok\"", f->dir, &f->d), 0);
    assert_string_equal(sh.command, "bash");
    assert_string_equal(sh.ext, ".sh"); /* the extension follows the command name */
    char **argv = exec_shell_argv(&sh, f->a, "/t/s.sh", &f->d);
    assert_string_equal(argv[1], "-c");
    assert_string_equal(argv[2], "source /t/s.sh && echo ok");
    assert_null(argv[3]);
}

static void custom_template_with_unknown_command_has_no_extension(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh;
    assert_int_equal(exec_shell_resolve(&sh, f->a, "sh -eu {0}", f->dir, &f->d), 0);
    assert_string_equal(sh.arg_format, "-eu {0}");
    touch_exe(f->dir, "perl");
    assert_int_equal(exec_shell_resolve(&sh, f->a, "perl {0}", f->dir, &f->d), 0);
    assert_string_equal(sh.ext, "");
}

static void format_braces_and_bad_templates(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh = {"x", "/bin/x", "-c \"{{x}} {0}\"", ""};
    char **argv = exec_shell_argv(&sh, f->a, "p", &f->d);
    assert_string_equal(argv[2], "{x} p");
    sh.arg_format = "{1} {0}";
    assert_null(exec_shell_argv(&sh, f->a, "p", &f->d));
    sh.arg_format = "{0} }";
    assert_null(exec_shell_argv(&sh, f->a, "p", &f->d));
    assert_int_equal(f->d.errors, 2);
}

static void script_path_quotes_are_escaped(void **state)
{
    struct fx *f = *state;
    struct exec_shell sh = {"sh", "/bin/sh", "-e \"{0}\"", ".sh"};
    char **argv = exec_shell_argv(&sh, f->a, "/t/a \"b\".sh", &f->d);
    assert_string_equal(argv[2], "/t/a \"b\".sh");
}

static void split_args_follows_dotnet_rules(void **state)
{
    struct fx *f = *state;
    size_t n;
    char **v = exec_shell_split_args(f->a, "  a\\\\b \"c d\" e\\\"f \"g\"\"h\" 'i j' \\\\\\\"k ", &n);
    assert_int_equal(n, 7);
    assert_string_equal(v[0], "a\\\\b");
    assert_string_equal(v[1], "c d");
    assert_string_equal(v[2], "e\"f");
    assert_string_equal(v[3], "g\"h");
    assert_string_equal(v[4], "'i");
    assert_string_equal(v[5], "j'");
    assert_string_equal(v[6], "\\\"k");
    v = exec_shell_split_args(f->a, "\t", &n);
    assert_int_equal(n, 0);
    assert_null(v[0]);
}

static void pwsh_script_gets_preamble_and_exit_code_suffix(void **state)
{
    struct fx *f = *state;
    assert_string_equal(exec_shell_script(f->a, "pwsh", "Write-Host hi"),
                        "$ErrorActionPreference = 'stop'\nWrite-Host hi\n"
                        "if ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }");
    assert_string_equal(exec_shell_script(f->a, "cmd", "dir"), "@echo off\ndir");
    assert_string_equal(exec_shell_script(f->a, "bash", "echo"), "echo");
    assert_string_equal(exec_shell_script(f->a, "PWSH", "x"), "x"); /* exact names only */
}

static void which_searches_left_to_right_and_takes_absolute_paths(void **state)
{
    struct fx *f = *state;
    const char *p = sg_arena_printf(f->a, "/nonexistent::%s:%s", f->shdir, f->dir);
    assert_string_equal(exec_which(f->a, "sh", p), sg_arena_printf(f->a, "%s/sh", f->shdir));
    assert_string_equal(exec_which(f->a, "bash", p), path_of(f, "bash"));
    assert_null(exec_which(f->a, "nope", p));
    assert_string_equal(exec_which(f->a, path_of(f, "bash"), NULL), path_of(f, "bash"));
    assert_null(exec_which(f->a, f->dir, NULL)); /* a directory is not a program */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(default_shell_is_bash_with_sh_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(default_shell_falls_back_to_sh, setup, teardown),
        cmocka_unit_test_setup_teardown(default_shell_missing_everywhere_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(bash_gets_noprofile_norc_pipefail, setup, teardown),
        cmocka_unit_test_setup_teardown(python_and_pwsh_templates_and_extensions, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_python_has_no_python3_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(cmd_on_linux_is_a_clear_error, setup, teardown),
        cmocka_unit_test_setup_teardown(custom_template_must_contain_placeholder, setup, teardown),
        cmocka_unit_test_setup_teardown(custom_template_keeps_quoted_words, setup, teardown),
        cmocka_unit_test_setup_teardown(custom_template_with_unknown_command_has_no_extension, setup, teardown),
        cmocka_unit_test_setup_teardown(format_braces_and_bad_templates, setup, teardown),
        cmocka_unit_test_setup_teardown(script_path_quotes_are_escaped, setup, teardown),
        cmocka_unit_test_setup_teardown(split_args_follows_dotnet_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(pwsh_script_gets_preamble_and_exit_code_suffix, setup, teardown),
        cmocka_unit_test_setup_teardown(which_searches_left_to_right_and_takes_absolute_paths, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
