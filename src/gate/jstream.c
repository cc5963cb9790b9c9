/* SPDX-License-Identifier: MIT */
/*
 * The streaming JSON layer under every JSON report parser: yajl callbacks
 * turned into "value at path" events, with a depth limit, a string size
 * limit, and errors that carry line and column (yajl only knows byte
 * offsets, so lines are counted here as chunks go by). The format parsers
 * decide what the values mean.
 */
#include <yajl/yajl_parse.h>

#include "gate/gate_int.h"

/* Big reads: fewer calls into yajl and the kernel; still a bounded buffer. */
#define CHUNK_SIZE (1u << 20)

const char *gate_jtype_name(enum gate_jtype t)
{
    switch (t) {
    case GATE_J_NULL: return "null";
    case GATE_J_BOOL: return "a boolean";
    case GATE_J_NUMBER: return "a number";
    case GATE_J_STRING: return "a string";
    case GATE_J_MAP: return "an object";
    case GATE_J_ARRAY: return "an array";
    }
    return "a value";
}

/* Line and column (characters, 1-based) of byte `upto` of the current chunk. */
static void js_position(const struct gate_js *js, size_t upto, int *line, int *col)
{
    long l = js->lines_before;
    size_t c = js->cols_before, i;

    if (upto > js->chunk_len)
        upto = js->chunk_len;
    for (i = 0; i < upto; i++) {
        if (js->chunk[i] == '\n') {
            l++;
            c = 0;
        } else if ((js->chunk[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = (int)(l + 1);
    *col = (int)(c + 1);
}

/* yajl reports how much it consumed, which ends just after the token being
 * handled: the position shown is that token's last byte. */
static size_t js_last_byte(const struct gate_js *js)
{
    size_t n = yajl_get_bytes_consumed(js->yajl);
    return n > 0 ? n - 1 : 0;
}

/* Characters (bytes that do not continue a UTF-8 sequence) in b[0..n),
 * eight bytes at a time: a log may be one 100 MB line. A continuation
 * byte has bit 7 set and bit 6 clear. */
static size_t js_count_chars(const unsigned char *b, size_t n)
{
    const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    size_t i = 0, c = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t w, cont;
        memcpy(&w, b + i, 8);
        /* one bit per continuation byte, at the bottom of its byte; the
         * multiplication sums the bytes into the top one */
        cont = (w & ~(w << 1) & high) >> 7;
        c += 8 - (size_t)((cont * ones) >> 56);
    }
    for (; i < n; i++)
        c += (b[i] & 0xC0) != 0x80;
    return c;
}

static void js_advance(struct gate_js *js)
{
    const unsigned char *p = js->chunk, *end = p + js->chunk_len, *nl;

    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        js->lines_before++;
        js->cols_before = 0;
        p = nl + 1;
    }
    js->cols_before += js_count_chars(p, (size_t)(end - p));
    js->chunk_base += js->chunk_len;
}

const char *gate_js_path(const struct gate_js *js, struct sg_arena *a)
{
    struct sg_buf b = SG_BUF_INIT;
    const char *out;
    int i;

    for (i = 0; i < js->depth; i++) {
        const struct gate_jframe *f = &js->frames[i];
        if (f->type == GATE_J_ARRAY)
            sg_buf_addf(&b, "[%ld]", f->index);
        else
            sg_buf_addf(&b, "%s%s", i ? "." : "", f->key_len ? f->key : "...");
    }
    out = sg_arena_strdup(a, b.len ? sg_buf_str(&b) : "(top level)");
    sg_buf_release(&b);
    return out;
}

int gate_js_fail(struct gate_js *js, const char *fmt, ...)
{
    va_list ap;
    int line = 0, col = 0;

    if (js->failed || js->quiet) {
        js->failed = true;
        return -1;
    }
    js->failed = true;
    if (js->yajl)
        js_position(js, js_last_byte(js), &line, &col);
    va_start(ap, fmt);
    sg_diag_vadd(js->p->diags, SG_SEV_ERROR, js->p->file, line, col, fmt, ap);
    va_end(ap);
    return -1;
}

int gate_js_expect(struct gate_js *js, enum gate_jtype t, enum gate_jtype want)
{
    if (t == want)
        return 0;
    return gate_js_fail(js, "expected %s for '%s', got %s", gate_jtype_name(want),
                        gate_js_path(js, js->p->arena), gate_jtype_name(t));
}

const char *gate_js_key(const struct gate_js *js)
{
    if (js->depth == 0 || js->frames[js->depth - 1].type != GATE_J_MAP)
        return "";
    return js->frames[js->depth - 1].key;
}

/* Matches `p` against the frames from `from` on; returns the frame index
 * after the match, or -1. */
static int match_frames(const struct gate_js *js, int from, const char *p)
{
    int i = from;

    while (*p) {
        const struct gate_jframe *f;
        const char *q;
        if (i >= js->depth)
            return -1;
        f = &js->frames[i];
        if (p[0] == '[' && p[1] == ']') {
            if (f->type != GATE_J_ARRAY)
                return -1;
            p += 2;
        } else {
            for (q = p; *q && *q != '.' && *q != '['; q++)
                ;
            if (f->type != GATE_J_MAP)
                return -1;
            if (!(q - p == 1 && *p == '*') &&
                ((size_t)(q - p) != f->key_len || memcmp(p, f->key, f->key_len) != 0))
                return -1;
            p = q;
        }
        if (*p == '.')
            p++;
        i++;
    }
    return i;
}

/* Parsers try many patterns per value and most differ in the innermost
 * key: comparing that first turns most tries into one memcmp. */
static bool last_segment_matches(const struct gate_js *js, const char *pat, size_t n)
{
    const struct gate_jframe *f = &js->frames[js->depth - 1];
    size_t start = n;

    if (n >= 2 && pat[n - 2] == '[' && pat[n - 1] == ']')
        return f->type == GATE_J_ARRAY;
    while (start > 0 && pat[start - 1] != '.' && pat[start - 1] != ']')
        start--;
    if (f->type != GATE_J_MAP)
        return false;
    if (n - start == 1 && pat[start] == '*')
        return true;
    return f->key_len == n - start && memcmp(f->key, pat + start, n - start) == 0;
}

bool gate_js_matchn(const struct gate_js *js, int from, const char *pat, size_t n)
{
    if (n && js->depth > from && !last_segment_matches(js, pat, n))
        return false;
    return match_frames(js, from, pat) == js->depth;
}

int gate_js_prefix(const struct gate_js *js, const char *pat)
{
    return match_frames(js, 0, pat);
}

/* ---- yajl callbacks --------------------------------------------------------- */

static int js_value(struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    if (js->failed)
        return 0;
    if (js->h->value(js->ctx, js, t, s, n) < 0) {
        js->failed = true;
        return 0;
    }
    return 1;
}

/* After a value inside an array, the next element gets the next index. */
static void js_after_value(struct gate_js *js)
{
    if (js->depth > 0 && js->frames[js->depth - 1].type == GATE_J_ARRAY)
        js->frames[js->depth - 1].index++;
}

static int js_scalar(void *v, enum gate_jtype t, const char *s, size_t n)
{
    struct gate_js *js = v;
    int rc = js_value(js, t, s, n);
    js_after_value(js);
    return rc;
}

static int cb_null(void *v) { return js_scalar(v, GATE_J_NULL, "null", 4); }
static int cb_bool(void *v, int b)
{
    return js_scalar(v, GATE_J_BOOL, b ? "true" : "false", b ? 4 : 5);
}
static int cb_number(void *v, const char *s, size_t n) { return js_scalar(v, GATE_J_NUMBER, s, n); }
static int cb_string(void *v, const unsigned char *s, size_t n)
{
    struct gate_js *js = v;
    if (n > GATE_JSTRING_MAX) {
        gate_js_fail(js, "string of %zu bytes at '%s' is over the limit of %u bytes", n,
                     gate_js_path(js, js->p->arena), GATE_JSTRING_MAX);
        return 0;
    }
    return js_scalar(v, GATE_J_STRING, (const char *)s, n);
}

static int js_open(struct gate_js *js, enum gate_jtype t)
{
    struct gate_jframe *f;
    if (!js_value(js, t, NULL, 0))
        return 0;
    if (js->depth >= GATE_JDEPTH_MAX) {
        gate_js_fail(js, "nesting deeper than %d levels", GATE_JDEPTH_MAX);
        return 0;
    }
    f = &js->frames[js->depth++];
    f->type = t;
    f->index = 0;
    f->key[0] = '\0';
    f->key_len = 0;
    return 1;
}

static int js_close(struct gate_js *js, enum gate_jtype t)
{
    if (js->depth > 0)
        js->depth--;
    if (!js->failed && js->h->end && js->h->end(js->ctx, js, t) < 0)
        js->failed = true;
    js_after_value(js);
    return js->failed ? 0 : 1;
}

static int cb_start_map(void *v) { return js_open(v, GATE_J_MAP); }
static int cb_end_map(void *v) { return js_close(v, GATE_J_MAP); }
static int cb_start_array(void *v) { return js_open(v, GATE_J_ARRAY); }
static int cb_end_array(void *v) { return js_close(v, GATE_J_ARRAY); }

static int cb_map_key(void *v, const unsigned char *s, size_t n)
{
    struct gate_js *js = v;
    struct gate_jframe *f = &js->frames[js->depth - 1];
    /* Keys longer than any we look for never match anything. */
    if (n < GATE_JKEY_MAX) {
        memcpy(f->key, s, n);
        f->key[n] = '\0';
        f->key_len = n;
    } else {
        f->key[0] = '\0';
        f->key_len = 0;
    }
    return 1;
}

static const yajl_callbacks js_callbacks = {
    cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
    cb_start_map, cb_map_key, cb_end_map, cb_start_array, cb_end_array,
};

/* yajl's message is "lexical error: invalid char in json text." plus context
 * lines: keep the first line without its trailing period. */
static void js_syntax_error(struct gate_js *js, bool at_end)
{
    unsigned char *msg;
    char first[200];
    size_t n;
    int line, col;

    if (js->failed || js->quiet)
        return;
    msg = yajl_get_error(js->yajl, 0, js->chunk, js->chunk_len);
    n = strcspn((const char *)msg, "\n");
    if (n >= sizeof(first))
        n = sizeof(first) - 1;
    memcpy(first, msg, n);
    first[n] = '\0';
    while (n > 0 && (first[n - 1] == '.' || first[n - 1] == ' '))
        first[--n] = '\0';
    yajl_free_error(js->yajl, msg);
    js->failed = true;
    js_position(js, at_end ? js->chunk_len : js_last_byte(js), &line, &col);
    if (at_end || strstr(first, "premature EOF"))
        sg_diag_add(js->p->diags, SG_SEV_ERROR, js->p->file, line, col,
                    "unexpected end of the report: expected more JSON (truncated file?)");
    else
        sg_diag_add(js->p->diags, SG_SEV_ERROR, js->p->file, line, col, "invalid JSON: %s", first);
}

static int js_feed(struct gate_js *js, const unsigned char *buf, size_t n)
{
    js->chunk = buf;
    js->chunk_len = n;
    if (yajl_parse(js->yajl, buf, n) != yajl_status_ok) {
        js_syntax_error(js, false);
        return -1;
    }
    js_advance(js);
    return 0;
}

static size_t skip_bom(const unsigned char *b, size_t n)
{
    return n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0;
}

static int js_feed_all(struct gate_js *js)
{
    const unsigned char *data = (const unsigned char *)js->p->in.data;
    unsigned char *buf;
    size_t n, skip;
    bool first = true;

    if (!js->p->in.fp) {
        skip = skip_bom(data, js->p->in.len);
        return js_feed(js, data + skip, js->p->in.len - skip);
    }
    buf = sg_xmalloc(CHUNK_SIZE);
    while ((n = fread(buf, 1, CHUNK_SIZE, js->p->in.fp)) > 0) {
        skip = first ? skip_bom(buf, n) : 0;
        first = false;
        if (js_feed(js, buf + skip, n - skip) < 0) {
            free(buf);
            return -1;
        }
    }
    free(buf);
    if (ferror(js->p->in.fp))
        return gate_fail(js->p, 0, 0, "cannot read the report: %s", strerror(errno));
    return 0;
}

static int js_run(struct gate_js *js)
{
    yajl_handle y = yajl_alloc(&js_callbacks, NULL, js);
    int rc = 0;

    js->yajl = y;
    if (js_feed_all(js) < 0) {
        rc = -1;
    } else {
        js->chunk = (const unsigned char *)"";
        js->chunk_len = 0;
        if (yajl_complete_parse(y) != yajl_status_ok) {
            js_syntax_error(js, true);
            rc = -1;
        }
    }
    js->yajl = NULL;
    yajl_free(y);
    return rc < 0 || js->failed ? -1 : 0;
}

int gate_json_run(struct gate_parse *p, const struct gate_jhandler *h, void *ctx)
{
    struct gate_js *js = sg_xcalloc(1, sizeof(*js));
    size_t errors = p->diags->errors;
    int rc;

    js->p = p;
    js->h = h;
    js->ctx = ctx;
    rc = js_run(js);
    free(js);
    /* A parser that stopped must have said why. */
    if (rc < 0 && p->diags->errors == errors)
        gate_fail(p, 0, 0, "the report could not be read");
    return rc;
}

void gate_json_sniff(const char *data, size_t len, const struct gate_jhandler *h, void *ctx)
{
    struct gate_js *js = sg_xcalloc(1, sizeof(*js));
    struct gate_parse p;
    yajl_handle y;

    memset(&p, 0, sizeof(p));
    js->p = &p;
    js->h = h;
    js->ctx = ctx;
    js->quiet = true;
    y = yajl_alloc(&js_callbacks, NULL, js);
    js->yajl = y;
    js->chunk = (const unsigned char *)data;
    js->chunk_len = len;
    yajl_parse(y, (const unsigned char *)data, len);
    yajl_free(y);
    free(js);
}
