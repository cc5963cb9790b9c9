/* SPDX-License-Identifier: MIT */
/*
 * The bulk path of a step's output: a read's worth of lines at a time.
 * Lines that cannot be workflow commands (the parser only looks at lines
 * starting with `::` after blanks, or holding `##[` anywhere) are copied
 * into one buffer of console lines, masked in one scan and written in one
 * go; any other line goes through step_on_line, in order, after what came
 * before it has been written, so an ::add-mask:: applies to the very next
 * line. Lines longer than a chunk come in pieces and are masked as one
 * stream, so a secret split between pieces is still hidden.
 */
#include "run/run_int.h"
#include "run/step_int.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Lines starting with `::` (after blanks) may be commands; so may lines
 * holding `##[`, which the caller finds for the whole block at once. */
static bool starts_like_command(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_blank(s[i]))
        i++;
    return n - i >= 2 && s[i] == ':' && s[i + 1] == ':';
}

/* "PREFIX " and the decoration step_on_line's lines get at this depth. */
static void build_head(struct step_out *o)
{
    struct run_job *j = o->j;
    sg_buf_reset(&o->head);
    run_log_prefix(&j->ctx->log, &o->head, j->prefix);
    o->skip = o->head.len;
    sg_buf_addf(&o->head, "  %*s| ", o->depth * 2, "");
    o->head_depth = o->depth + 1;
}

static const struct sg_buf *head(struct step_out *o)
{
    if (o->head_depth != o->depth + 1)
        build_head(o);
    return &o->head;
}

static size_t strip_cr(const char *s, size_t n)
{
    return n && s[n - 1] == '\r' ? n - 1 : n;
}

/* The hot loop of a chatty step: one size check and two copies a line. */
static void batch_add(struct step_out *o, const char *s, size_t n)
{
    const struct sg_buf *h = head(o);
    struct sg_buf *b = &o->batch;
    size_t need;

    n = strip_cr(s, n);
    need = b->len + h->len + n + 2;
    if (need > b->cap)
        SG_GROW(b->data, b->cap, need);
    memcpy(b->data + b->len, h->data, h->len);
    memcpy(b->data + b->len + h->len, s, n);
    b->len += h->len + n;
    b->data[b->len++] = '\n';
    b->data[b->len] = '\0';
}

static struct exec_mask_stream *mask_stream(struct step_out *o)
{
    if (!o->ms)
        o->ms = exec_mask_stream_new(o->j->ctx->mask);
    return o->ms;
}

/* Writes the console lines built so far, masked. */
static void batch_flush(struct step_out *o)
{
    struct run_log *l = &o->j->ctx->log;
    if (!o->batch.len)
        return;
    if (exec_mask_stream_lines(mask_stream(o), &o->masked, o->batch.data, o->batch.len,
                               o->skip)) {
        run_log_write(l, o->masked.data, o->masked.len);
        sg_buf_reset(&o->masked);
    } else {
        run_log_write(l, o->batch.data, o->batch.len);
    }
    sg_buf_reset(&o->batch);
}

/* One piece of a long line as its own console line; `last` ends the line
 * and lets out what the stream held back. */
static void long_piece(struct step_out *o, const char *s, size_t n, bool last)
{
    struct exec_mask_stream *ms = mask_stream(o);
    struct sg_buf *b = &o->masked;
    const struct sg_buf *h = head(o);
    sg_buf_reset(b);
    sg_buf_add(b, h->data, h->len);
    exec_mask_stream_write(ms, b, s, last ? strip_cr(s, n) : n);
    if (last)
        exec_mask_stream_flush(ms, b);
    if (b->len > h->len || (last && n)) {
        sg_buf_addch(b, '\n');
        run_log_write(&o->j->ctx->log, b->data, b->len);
    }
    sg_buf_reset(b);
}

/* The first piece of a line longer than a chunk. */
static void long_start(struct step_out *o, const char *s, size_t n, bool maybe_command)
{
    batch_flush(o);
    if (maybe_command) {
        /* commands are parsed a piece at a time, as step_on_line always did */
        o->long_line = STEP_LONG_SLOW;
        step_on_line(o, s, n);
        return;
    }
    o->long_line = STEP_LONG_FAST;
    long_piece(o, s, n, false);
}

/* Continues a long line; returns the bytes of `data` it took. */
static size_t long_continue(struct step_out *o, const char *data, size_t len, bool partial)
{
    const char *nl = memchr(data, '\n', len);
    size_t n = nl ? (size_t)(nl - data) : len;
    bool last = nl || !partial;
    if (o->long_line == STEP_LONG_SLOW) {
        if (n || !last)
            step_on_line(o, data, n);
    } else {
        long_piece(o, data, n, last);
    }
    if (last)
        o->long_line = STEP_LONG_NONE;
    return nl ? n + 1 : len;
}

/* Where the next `##[` at or after `from` starts; `len` when none. '#' is
 * rare in logs and memchr much faster than memmem on a short needle. */
static size_t next_legacy(const char *data, size_t len, size_t from)
{
    while (from + 3 <= len) {
        const char *h = memchr(data + from, '#', len - from - 2);
        if (!h)
            break;
        from = (size_t)(h - data);
        if (h[1] == '#' && h[2] == '[')
            return from;
        from++;
    }
    return len;
}

void step_on_chunk(void *ctx, const char *data, size_t len, bool partial)
{
    struct step_out *o = ctx;
    size_t pos = 0, legacy;

    if (o->long_line != STEP_LONG_NONE)
        pos = long_continue(o, data, len, partial);
    legacy = next_legacy(data, len, pos);
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        bool maybe = legacy < end || starts_like_command(data + pos, end - pos);
        if (!nl && partial) {
            long_start(o, data + pos, end - pos, maybe);
            return;
        }
        if (maybe) {
            batch_flush(o);
            step_on_line(o, data + pos, end - pos);
            if (legacy < end)
                legacy = next_legacy(data, len, end);
        } else {
            batch_add(o, data + pos, end - pos);
        }
        pos = end + 1;
    }
    batch_flush(o);
}

void step_out_release(struct step_out *o)
{
    exec_mask_stream_free(o->ms);
    o->ms = NULL;
    sg_buf_release(&o->batch);
    sg_buf_release(&o->masked);
    sg_buf_release(&o->head);
}
