/* SPDX-License-Identifier: MIT */
/* Unit tests for src/exec/process.c: spawning, live lines, timeouts, cancel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exec/exec.h"

struct lines {
    char *text[64];
    size_t n;
};

static void collect(void *ctx, const char *line, size_t len)
{
    struct lines *l = ctx;
    if (l->n < 64)
        l->text[l->n++] = sg_xstrndup(line, len);
}

static void lines_free(struct lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->text[i]);
}

static char *envp[] = {"PATH=/usr/bin:/bin", "GREETING=hi", NULL};

static int run_sh(struct exec_status *st, struct lines *l, const char *script, int timeout_ms,
                  int cancel_fd, const char *cwd)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
    struct exec_spawn s = {argv, envp, cwd, collect, l, 0, NULL};
    struct sg_diags d;
    sg_diags_init(&d);
    int rc = exec_run(st, &s, timeout_ms, cancel_fd, 200, &d);
    sg_diags_release(&d);
    return rc;
}

static void stdout_and_stderr_merge_into_lines(void **state)
{
    struct lines l = {0};
    struct exec_status st;
    assert_int_equal(run_sh(&st, &l, "echo \"$GREETING\"; echo err >&2; printf 'a\\r\\nlast'", 0, -1, NULL), 0);
    assert_int_equal(st.end, EXEC_END_EXITED);
    assert_int_equal(st.code, 0);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.text[0], "hi");
    assert_string_equal(l.text[1], "err");
    assert_string_equal(l.text[2], "a\r");
    assert_string_equal(l.text[3], "last");
    lines_free(&l);
}

static void exit_code_and_signal_are_reported(void **state)
{
    struct lines l = {0};
    struct exec_status st;
    run_sh(&st, &l, "exit 7", 0, -1, NULL);
    assert_int_equal(st.end, EXEC_END_EXITED);
    assert_int_equal(st.code, 7);
    run_sh(&st, &l, "kill -SEGV $$", 0, -1, NULL);
    assert_int_equal(st.end, EXEC_END_SIGNALED);
    assert_int_equal(st.code, SIGSEGV);
}

static void working_directory_and_environment_are_used(void **state)
{
    struct lines l = {0};
    struct exec_status st;
    run_sh(&st, &l, "pwd; echo ${HOME:-unset}", 0, -1, "/tmp");
    assert_string_equal(l.text[0], "/tmp");
    assert_string_equal(l.text[1], "unset"); /* only the given environment */
    lines_free(&l);
}

static void missing_program_and_directory_are_errors(void **state)
{
    char *argv[] = {"/nonexistent/prog", NULL};
    struct exec_spawn s = {argv, envp, NULL, NULL, NULL, 0, NULL};
    struct sg_diags d;
    sg_diags_init(&d);
    struct exec_status st;
    assert_int_equal(exec_run(&st, &s, 0, -1, 100, &d), -1);
    assert_true(sg_starts_with(d.items[0].message, "cannot run '/nonexistent/prog'"));
    char *argv2[] = {"/bin/true", NULL};
    struct exec_spawn s2 = {argv2, envp, "/nonexistent-dir", NULL, NULL, 0, NULL};
    assert_int_equal(exec_run(&st, &s2, 0, -1, 100, &d), -1);
    assert_true(sg_starts_with(d.items[1].message, "cannot use working directory '/nonexistent-dir'"));
    sg_diags_release(&d);
}

static long long ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void timeout_kills_the_whole_group(void **state)
{
    struct lines l = {0};
    struct exec_status st;
    char marker[] = "/tmp/sg-proc-XXXXXX";
    int fd = mkstemp(marker);
    close(fd);
    unlink(marker);
    char cmd[256];
    /* the grandchild would create the marker after 1 s unless the group dies */
    snprintf(cmd, sizeof(cmd), "(sleep 1; touch %s) & echo started; sleep 30", marker);
    long long t0 = ms_now();
    run_sh(&st, &l, cmd, 300, -1, NULL);
    long long took = ms_now() - t0;
    assert_true(st.timed_out);
    assert_int_equal(st.end, EXEC_END_SIGNALED);
    assert_int_equal(st.code, SIGTERM);
    assert_true(took < 2000);
    assert_string_equal(l.text[0], "started");
    usleep(1300 * 1000);
    assert_int_not_equal(access(marker, F_OK), 0);
    lines_free(&l);
}

static void sigterm_ignoring_child_gets_sigkill_after_grace(void **state)
{
    struct lines l = {0};
    struct exec_status st;
    long long t0 = ms_now();
    run_sh(&st, &l, "trap '' TERM; echo ready; while :; do sleep 0.05; done", 200, -1, NULL);
    assert_true(st.timed_out);
    assert_int_equal(st.end, EXEC_END_SIGNALED);
    assert_int_equal(st.code, SIGKILL);
    assert_true(ms_now() - t0 < 2000);
    lines_free(&l);
}

static void cancel_fd_cancels(void **state)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "x", 1), 1);
    struct lines l = {0};
    struct exec_status st;
    run_sh(&st, &l, "sleep 30", 0, p[0], NULL);
    assert_true(st.cancelled);
    assert_false(st.timed_out);
    close(p[0]);
    close(p[1]);
}

static void output_arrives_before_the_child_ends(void **state)
{
    char *argv[] = {"/bin/sh", "-c", "echo one; sleep 0.3; echo two", NULL};
    struct lines l = {0};
    struct exec_spawn s = {argv, envp, NULL, collect, &l, 0, NULL};
    struct sg_diags d;
    sg_diags_init(&d);
    struct exec_proc *p;
    assert_int_equal(exec_proc_spawn(&p, &s, &d), 0);
    long long t0 = ms_now();
    while (l.n == 0 && ms_now() - t0 < 2000)
        exec_proc_pump(p, 50);
    assert_int_equal(l.n, 1); /* "one" came while the child still sleeps */
    struct exec_status st;
    exec_proc_wait(p, &st);
    assert_int_equal(l.n, 2);
    exec_proc_free(p);
    sg_diags_release(&d);
    lines_free(&l);
}

static void long_lines_come_in_pieces(void **state)
{
    char *argv[] = {"/bin/sh", "-c", "printf '%0100d\\n' 0", NULL};
    struct lines l = {0};
    struct exec_spawn s = {argv, envp, NULL, collect, &l, 40, NULL};
    struct exec_status st;
    struct sg_diags d;
    sg_diags_init(&d);
    exec_run(&st, &s, 0, -1, 100, &d);
    assert_int_equal(l.n, 3);
    assert_int_equal(strlen(l.text[0]), 40);
    assert_int_equal(strlen(l.text[2]), 20);
    sg_diags_release(&d);
    lines_free(&l);
}

static void child_inherits_no_stray_descriptors(void **state)
{
    int keep = open("/dev/null", O_RDONLY | O_CLOEXEC);
    assert_true(keep >= 0);
    struct lines l = {0};
    struct exec_status st;
    run_sh(&st, &l, "ls /proc/self/fd", 0, -1, NULL);
    /* 0, 1, 2 and the fd ls opens for the listing; nothing from the parent */
    assert_true(l.n <= 4);
    for (size_t i = 0; i < l.n; i++) {
        long fd;
        assert_true(sg_parse_long(l.text[i], &fd));
        assert_true(fd <= 3);
    }
    close(keep);
    lines_free(&l);
}

static void background_holder_does_not_hang_the_step(void **state)
{
    struct lines l = {0};
    struct exec_status st;
    long long t0 = ms_now();
    run_sh(&st, &l, "sleep 5 & echo done", 0, -1, NULL);
    assert_int_equal(st.code, 0);
    assert_true(ms_now() - t0 < 2000);
    assert_string_equal(l.text[0], "done");
    lines_free(&l);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stdout_and_stderr_merge_into_lines),
        cmocka_unit_test(exit_code_and_signal_are_reported),
        cmocka_unit_test(working_directory_and_environment_are_used),
        cmocka_unit_test(missing_program_and_directory_are_errors),
        cmocka_unit_test(timeout_kills_the_whole_group),
        cmocka_unit_test(sigterm_ignoring_child_gets_sigkill_after_grace),
        cmocka_unit_test(cancel_fd_cancels),
        cmocka_unit_test(output_arrives_before_the_child_ends),
        cmocka_unit_test(long_lines_come_in_pieces),
        cmocka_unit_test(child_inherits_no_stray_descriptors),
        cmocka_unit_test(background_holder_does_not_hang_the_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
