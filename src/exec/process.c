/* SPDX-License-Identifier: MIT */
/*
 * Child processes for steps: posix_spawn into a fresh process group (so a
 * timeout or Ctrl-C reaches everything the step started), stdout and stderr
 * merged on one close-on-exec pipe, output read with poll and handed on line
 * by line as it arrives, and termination by SIGTERM then SIGKILL to the
 * group. What the lines mean is for command.c and the runner.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exec/exec.h"

#define EXEC_DEFAULT_MAX_LINE (64 * 1024)
/* A chatty step fills a 64 KiB pipe faster than we switch to it: a larger
 * pipe and read buffer mean fewer wake-ups and bigger blocks of lines. */
#define EXEC_PIPE_SIZE (1024 * 1024)
#define EXEC_READ_SIZE (256 * 1024)

struct exec_proc {
    pid_t pid;
    int fd; /* read end; -1 once output is finished */
    bool reaped;
    int wstatus;
    exec_line_fn on_line;
    exec_chunk_fn on_chunk;
    bool chunk_open; /* the last chunk handed on ended inside a line */
    void *ctx;
    size_t max_line;
    struct sg_buf line;
    char *rbuf; /* EXEC_READ_SIZE */
    long long kill_at_ms; /* SIGKILL deadline after terminate; 0: none */
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int spawn_fail(struct sg_diags *d, const char *prog, int err)
{
    sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "cannot run '%s': %s", prog, strerror(err));
    return -1;
}

static int setup_actions(posix_spawn_file_actions_t *fa, int wfd, const char *cwd)
{
    int rc = posix_spawn_file_actions_init(fa);
    if (rc)
        return rc;
    rc = posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(fa, wfd, 1);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(fa, wfd, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
    if (!rc && cwd)
        rc = posix_spawn_file_actions_addchdir_np(fa, cwd);
#else
#error "posix_spawn_file_actions_addchdir_np (glibc 2.29) is required"
#endif
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    /* Our own descriptors are close-on-exec; this also drops any a library
     * or the parent's parent left inheritable. */
    if (!rc)
        rc = posix_spawn_file_actions_addclosefrom_np(fa, 3);
#endif
    return rc;
}

static int setup_attr(posix_spawnattr_t *at)
{
    int rc = posix_spawnattr_init(at);
    if (rc)
        return rc;
    /* Children start with default signal dispositions and an empty mask even
     * when the runner blocks or ignores SIGINT/SIGPIPE itself. */
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    rc = posix_spawnattr_setsigdefault(at, &all);
    if (!rc)
        rc = posix_spawnattr_setsigmask(at, &none);
    if (!rc)
        rc = posix_spawnattr_setpgroup(at, 0);
    if (!rc)
        rc = posix_spawnattr_setflags(at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                              POSIX_SPAWN_SETSIGMASK);
    return rc;
}

int exec_proc_spawn(struct exec_proc **out, const struct exec_spawn *s, struct sg_diags *d)
{
    *out = NULL;
    const char *prog = s->argv && s->argv[0] ? s->argv[0] : "";
    if (s->cwd) {
        /* Checked here so a bad directory is a clear error, not exit 127. */
        if (access(s->cwd, X_OK) != 0) {
            sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "cannot use working directory '%s': %s",
                        s->cwd, strerror(errno));
            return -1;
        }
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return spawn_fail(d, prog, errno);
    /* Best effort: the size is capped by /proc/sys/fs/pipe-max-size. */
    (void)fcntl(fds[0], F_SETPIPE_SZ, EXEC_PIPE_SIZE);

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    int rc = setup_actions(&fa, fds[1], s->cwd);
    if (rc == 0)
        rc = setup_attr(&at);
    static char *const empty_env[] = {NULL};
    pid_t pid = -1;
    if (rc == 0)
        rc = posix_spawn(&pid, prog, &fa, &at, s->argv, s->envp ? s->envp : empty_env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return spawn_fail(d, prog, rc);
    }
    struct exec_proc *p = sg_xcalloc(1, sizeof(*p));
    p->pid = pid;
    p->fd = fds[0];
    p->on_line = s->on_line;
    p->on_chunk = s->on_chunk;
    p->ctx = s->ctx;
    p->max_line = s->max_line ? s->max_line : EXEC_DEFAULT_MAX_LINE;
    sg_buf_init(&p->line, 0);
    p->rbuf = sg_xmalloc(EXEC_READ_SIZE);
    *out = p;
    return 0;
}

pid_t exec_proc_pid(const struct exec_proc *p)
{
    return p->pid;
}

static void emit(struct exec_proc *p, const char *s, size_t n)
{
    if (p->on_line)
        p->on_line(p->ctx, s, n);
}

static void emit_chunk(struct exec_proc *p, const char *s, size_t n, bool partial)
{
    p->chunk_open = partial;
    p->on_chunk(p->ctx, s, n, partial);
}

/* Completes the line waiting in p->line from `buf`; returns the bytes used. */
static size_t finish_pending(struct exec_proc *p, const char *buf, size_t n)
{
    const char *nl = memchr(buf, '\n', n);
    size_t part = nl ? (size_t)(nl - buf) + 1 : n;
    size_t room = p->max_line - p->line.len;
    if (part > room) {
        sg_buf_add(&p->line, buf, room);
        emit_chunk(p, p->line.data, p->line.len, true);
        sg_buf_reset(&p->line);
        return room;
    }
    sg_buf_add(&p->line, buf, part);
    if (nl) {
        emit_chunk(p, p->line.data, p->line.len, false);
        sg_buf_reset(&p->line);
    }
    return part;
}

/* Hands on every complete line of `buf` in one call; the rest waits in
 * p->line, or goes on in max_line pieces. */
static void take_chunk(struct exec_proc *p, const char *buf, size_t n)
{
    while (n > 0 && p->line.len > 0) {
        size_t used = finish_pending(p, buf, n);
        buf += used;
        n -= used;
    }
    const char *last = n ? memrchr(buf, '\n', n) : NULL;
    if (last) {
        size_t k = (size_t)(last - buf) + 1;
        emit_chunk(p, buf, k, false);
        buf += k;
        n -= k;
    }
    while (n >= p->max_line) {
        emit_chunk(p, buf, p->max_line, true);
        buf += p->max_line;
        n -= p->max_line;
    }
    if (n > 0)
        sg_buf_add(&p->line, buf, n);
}

/* Splits new bytes into lines; a partial line waits in p->line. */
static void take_bytes(struct exec_proc *p, const char *buf, size_t n)
{
    if (p->on_chunk) {
        take_chunk(p, buf, n);
        return;
    }
    while (n > 0) {
        const char *nl = memchr(buf, '\n', n);
        size_t part = nl ? (size_t)(nl - buf) : n;
        size_t room = p->max_line - p->line.len;
        if (part >= room) {
            /* An over-long line goes out in max_line pieces. */
            if (p->line.len == 0) {
                emit(p, buf, room);
            } else {
                sg_buf_add(&p->line, buf, room);
                emit(p, p->line.data, p->line.len);
                sg_buf_reset(&p->line);
            }
            buf += room;
            n -= room;
            continue;
        }
        if (!nl) {
            sg_buf_add(&p->line, buf, n);
            return;
        }
        if (p->line.len == 0) {
            emit(p, buf, part);
        } else {
            sg_buf_add(&p->line, buf, part);
            emit(p, p->line.data, p->line.len);
            sg_buf_reset(&p->line);
        }
        buf += part + 1;
        n -= part + 1;
    }
}

static void finish_output(struct exec_proc *p)
{
    if (p->on_chunk && (p->line.len > 0 || p->chunk_open)) {
        emit_chunk(p, p->line.data ? p->line.data : "", p->line.len, false);
        sg_buf_reset(&p->line);
    } else if (p->line.len > 0) {
        emit(p, p->line.data, p->line.len);
        sg_buf_reset(&p->line);
    }
    if (p->fd >= 0) {
        close(p->fd);
        p->fd = -1;
    }
}

static bool try_reap(struct exec_proc *p, bool block)
{
    if (p->reaped)
        return true;
    pid_t r;
    do
        r = waitpid(p->pid, &p->wstatus, block ? 0 : WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r == p->pid)
        p->reaped = true;
    return p->reaped;
}

/* Reads until the pipe would block. Returns false at EOF. */
static bool read_ready(struct exec_proc *p)
{
    for (;;) {
        ssize_t n = read(p->fd, p->rbuf, EXEC_READ_SIZE);
        if (n > 0) {
            take_bytes(p, p->rbuf, (size_t)n);
            if ((size_t)n < EXEC_READ_SIZE)
                return true;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0; /* 0 is EOF; EAGAIN cannot happen after POLLIN, treat as open */
    }
}

static void check_kill_deadline(struct exec_proc *p)
{
    if (p->kill_at_ms && now_ms() >= p->kill_at_ms) {
        kill(-p->pid, SIGKILL);
        p->kill_at_ms = 0;
    }
}

int exec_proc_pump(struct exec_proc *p, int timeout_ms)
{
    if (p->fd < 0)
        return 0;
    check_kill_deadline(p);
    /* The child's exit is noticed by polling waitpid, so the wait is cut into
     * slices; normally EOF on the pipe arrives with the exit anyway. */
    int slice = timeout_ms < 0 || timeout_ms > 50 ? 50 : timeout_ms;
    long long end = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        struct pollfd pfd = {.fd = p->fd, .events = POLLIN};
        int r = poll(&pfd, 1, slice);
        if (r < 0 && errno != EINTR)
            SG_BUG("poll: %s", strerror(errno));
        if (r > 0) {
            if (!read_ready(p)) {
                finish_output(p);
                return 0;
            }
            return 1;
        }
        check_kill_deadline(p);
        if (try_reap(p, false)) {
            /* Exited, but something it started still holds the pipe: take
             * what is there and stop reading, as the step is over. */
            pfd.revents = 0;
            while (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN) && read_ready(p))
                pfd.revents = 0;
            finish_output(p);
            return 0;
        }
        if (end >= 0 && now_ms() >= end)
            return 1;
    }
}

void exec_proc_terminate(struct exec_proc *p, int grace_ms)
{
    if (p->reaped && p->fd < 0)
        return;
    kill(-p->pid, SIGTERM);
    long long at = now_ms() + (grace_ms > 0 ? grace_ms : 0);
    if (!p->kill_at_ms || at < p->kill_at_ms)
        p->kill_at_ms = at;
    if (grace_ms <= 0)
        check_kill_deadline(p);
}

static void fill_status(const struct exec_proc *p, struct exec_status *out)
{
    if (WIFSIGNALED(p->wstatus)) {
        out->end = EXEC_END_SIGNALED;
        out->code = WTERMSIG(p->wstatus);
    } else {
        out->end = EXEC_END_EXITED;
        out->code = WEXITSTATUS(p->wstatus);
    }
}

int exec_proc_wait(struct exec_proc *p, struct exec_status *out)
{
    while (exec_proc_pump(p, -1) > 0)
        ;
    while (!try_reap(p, p->kill_at_ms == 0)) {
        check_kill_deadline(p);
        struct timespec ts = {0, 5 * 1000000};
        nanosleep(&ts, NULL);
    }
    fill_status(p, out);
    return 0;
}

void exec_proc_free(struct exec_proc *p)
{
    if (!p)
        return;
    if (!p->reaped) {
        kill(-p->pid, SIGKILL);
        try_reap(p, true);
    }
    if (p->fd >= 0)
        close(p->fd);
    sg_buf_release(&p->line);
    free(p->rbuf);
    free(p);
}

static bool fd_ready(int fd)
{
    if (fd < 0)
        return false;
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    return poll(&pfd, 1, 0) > 0;
}

int exec_run(struct exec_status *out, const struct exec_spawn *s, int timeout_ms, int cancel_fd,
             int grace_ms, struct sg_diags *d)
{
    memset(out, 0, sizeof(*out));
    struct exec_proc *p;
    if (exec_proc_spawn(&p, s, d) < 0)
        return -1;
    long long deadline = timeout_ms > 0 ? now_ms() + timeout_ms : -1;
    bool stopping = false;
    for (;;) {
        int wait = 100;
        if (deadline >= 0 && !stopping) {
            long long left = deadline - now_ms();
            wait = left < wait ? (int)(left > 0 ? left : 0) : wait;
        }
        if (exec_proc_pump(p, wait) == 0)
            break;
        if (stopping)
            continue;
        if (deadline >= 0 && now_ms() >= deadline) {
            out->timed_out = true;
            stopping = true;
        } else if (fd_ready(cancel_fd)) {
            out->cancelled = true;
            stopping = true;
        }
        if (stopping)
            exec_proc_terminate(p, grace_ms);
    }
    struct exec_status st;
    exec_proc_wait(p, &st);
    out->end = st.end;
    out->code = st.code;
    exec_proc_free(p);
    return 0;
}
