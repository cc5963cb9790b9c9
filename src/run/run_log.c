/* SPDX-License-Identifier: MIT */
/*
 * The live log: one line at a time under a mutex so jobs running at once
 * never interleave within a line, every line masked first, colours only
 * when the caller said the output is a terminal.
 */
#include "run/run_int.h"

static const char *color_of(enum run_log_kind k)
{
    switch (k) {
    case RUN_LOG_START: return "\033[1m";
    case RUN_LOG_OK: return "\033[32m";
    case RUN_LOG_FAIL:
    case RUN_LOG_ERROR: return "\033[31m";
    case RUN_LOG_SKIP: return "\033[2m";
    case RUN_LOG_WARNING: return "\033[33m";
    case RUN_LOG_NOTICE:
    case RUN_LOG_GROUP: return "\033[36m";
    default: return NULL;
    }
}

const char *run_mask(struct run_log *l, struct sg_arena *a, const char *s)
{
    struct sg_buf b = SG_BUF_INIT;
    const char *r;
    if (!s)
        return NULL;
    if (!l->mask || exec_mask_patterns(l->mask) == 0)
        return s;
    exec_mask_string(l->mask, &b, s, strlen(s));
    r = sg_arena_strdup(a, sg_buf_str(&b));
    sg_buf_release(&b);
    return r;
}

void run_log_prefix(struct run_log *l, struct sg_buf *out, const char *prefix)
{
    if (!prefix)
        return;
    if (l->color)
        sg_buf_addf(out, "\033[34m%s\033[0m ", prefix);
    else
        sg_buf_addf(out, "%s ", prefix);
}

/* A block of output lines is one write: readers see whole lines at once and
 * a chatty step costs a write per read of its pipe, not per line. */
void run_log_write(struct run_log *l, const char *data, size_t len)
{
    pthread_mutex_lock(&l->mu);
    fwrite(data, 1, len, l->out);
    fflush(l->out);
    l->flushed_ms = run_now_ms();
    pthread_mutex_unlock(&l->mu);
}

void run_log_line(struct run_log *l, const char *prefix, enum run_log_kind kind, const char *text)
{
    struct sg_buf b = SG_BUF_INIT;
    const char *col = l->color ? color_of(kind) : NULL;

    run_log_prefix(l, &b, prefix);
    if (col)
        sg_buf_addstr(&b, col);
    if (l->mask && exec_mask_patterns(l->mask) > 0)
        exec_mask_string(l->mask, &b, text, strlen(text));
    else
        sg_buf_addstr(&b, text);
    if (col)
        sg_buf_addstr(&b, "\033[0m");
    sg_buf_addch(&b, '\n');
    pthread_mutex_lock(&l->mu);
    fwrite(b.data, 1, b.len, l->out);
    /* A flush per line costs a write(2) per line, which bounds a chatty
     * step's log to a few MB/s; off a terminal, output lines are flushed
     * at most every 100 ms and every other kind of line at once. */
    if (l->tty || kind != RUN_LOG_OUTPUT) {
        fflush(l->out);
    } else {
        long long now = run_now_ms();
        if (now - l->flushed_ms >= 100) {
            fflush(l->out);
            l->flushed_ms = now;
        }
    }
    pthread_mutex_unlock(&l->mu);
    sg_buf_release(&b);
}

void run_log_printf(struct run_log *l, const char *prefix, enum run_log_kind kind,
                    const char *fmt, ...)
{
    struct sg_buf b = SG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sg_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    run_log_line(l, prefix, kind, sg_buf_str(&b));
    sg_buf_release(&b);
}

void run_log_vsay(struct run_log *l, const char *prefix, enum run_log_kind kind, const char *fmt,
                  va_list ap)
{
    struct sg_buf b = SG_BUF_INIT;
    sg_buf_addstr(&b, kind == RUN_LOG_ERROR     ? "error: "
                      : kind == RUN_LOG_WARNING ? "warning: "
                                                : "");
    sg_buf_vaddf(&b, fmt, ap);
    run_log_line(l, prefix, kind, sg_buf_str(&b));
    sg_buf_release(&b);
}

void run_log_errorf(struct run_log *l, const char *prefix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    run_log_vsay(l, prefix, RUN_LOG_ERROR, fmt, ap);
    va_end(ap);
}
