/* SPDX-License-Identifier: MIT */
/*
 * The streaming JSON writer behind the gate's outputs (jwrite.h): commas,
 * indentation and string escaping. Strings are assumed valid UTF-8 (every
 * report reader validates its input); control characters are escaped.
 */
#include "gate/jwrite.h"

void gate_jw_init(struct gate_jw *w, FILE *f, bool pretty)
{
    w->f = f;
    w->len = 0;
    w->depth = 0;
    w->pretty = pretty;
    w->after_key = false;
    w->error = false;
    memset(w->need_comma, 0, sizeof(w->need_comma));
}

static void jw_flush(struct gate_jw *w)
{
    if (w->len && fwrite(w->buf, 1, w->len, w->f) != w->len)
        w->error = true;
    w->len = 0;
}

void gate_jw_raw(struct gate_jw *w, const char *s, size_t n)
{
    if (n > sizeof(w->buf) - w->len) {
        jw_flush(w);
        if (n > sizeof(w->buf)) {
            if (fwrite(s, 1, n, w->f) != n)
                w->error = true;
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void jw_ch(struct gate_jw *w, char c)
{
    if (w->len == sizeof(w->buf))
        jw_flush(w);
    w->buf[w->len++] = c;
}

int gate_jw_finish(struct gate_jw *w)
{
    if (w->pretty)
        jw_ch(w, '\n');
    jw_flush(w);
    if (fflush(w->f) != 0 || ferror(w->f))
        w->error = true;
    return w->error ? -1 : 0;
}

static void jw_indent(struct gate_jw *w)
{
    static const char nl_spaces[] = "\n                                                                ";
    size_t n = (size_t)w->depth * 2, k;

    /* The newline and (nearly always) all the indentation in one copy. */
    k = n < sizeof(nl_spaces) - 2 ? n : sizeof(nl_spaces) - 2;
    gate_jw_raw(w, nl_spaces, k + 1);
    n -= k;
    while (n > 0) {
        k = n < sizeof(nl_spaces) - 2 ? n : sizeof(nl_spaces) - 2;
        gate_jw_raw(w, nl_spaces + 1, k);
        n -= k;
    }
}

/* Before any value: the comma and indentation an array element needs. */
static void jw_before(struct gate_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->need_comma[w->depth - 1])
        jw_ch(w, ',');
    w->need_comma[w->depth - 1] = true;
    if (w->pretty)
        jw_indent(w);
}

void gate_jw_open(struct gate_jw *w, char c)
{
    jw_before(w);
    jw_ch(w, c);
    if (w->depth >= GATE_JW_DEPTH)
        SG_BUG("JSON output nested deeper than %d", GATE_JW_DEPTH);
    w->need_comma[w->depth++] = false;
}

void gate_jw_close(struct gate_jw *w, char c)
{
    bool had = w->need_comma[w->depth - 1];
    w->depth--;
    if (w->pretty && had)
        jw_indent(w);
    jw_ch(w, c);
}

/* Bytes a JSON string cannot hold as they are: control characters, '"'
 * and backslash. */
static const unsigned char jw_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

static void jw_string(struct gate_jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;

    jw_ch(w, '"');
    while (i < n) {
        unsigned char c = u[i];
        if (!jw_escape[c]) {
            i++;
            continue;
        }
        gate_jw_raw(w, s + run, i - run);
        jw_ch(w, '\\');
        switch (c) {
        case '"': jw_ch(w, '"'); break;
        case '\\': jw_ch(w, '\\'); break;
        case '\n': jw_ch(w, 'n'); break;
        case '\r': jw_ch(w, 'r'); break;
        case '\t': jw_ch(w, 't'); break;
        default:
            gate_jw_raw(w, "u00", 3);
            jw_ch(w, hex[c >> 4]);
            jw_ch(w, hex[c & 15]);
        }
        run = ++i;
    }
    gate_jw_raw(w, s + run, n - run);
    jw_ch(w, '"');
}

void gate_jw_keyn(struct gate_jw *w, const char *k, size_t n)
{
    jw_before(w);
    /* Keys are our own ASCII names, never input: no escaping needed. */
    if (n + 4 <= sizeof(w->buf) - w->len) {
        char *o = w->buf + w->len;
        *o++ = '"';
        memcpy(o, k, n);
        o += n;
        *o++ = '"';
        *o++ = ':';
        if (w->pretty)
            *o++ = ' ';
        w->len = (size_t)(o - w->buf);
    } else {
        jw_string(w, k, n);
        jw_ch(w, ':');
        if (w->pretty)
            jw_ch(w, ' ');
    }
    w->after_key = true;
}

void gate_jw_strn(struct gate_jw *w, const char *s, size_t n)
{
    jw_before(w);
    jw_string(w, s, n);
}

void gate_jw_str(struct gate_jw *w, const char *s)
{
    if (!s) {
        gate_jw_null(w);
        return;
    }
    gate_jw_strn(w, s, strlen(s));
}

/* Decimal digits of v, written backwards from `end`; returns the start. */
static char *jw_digits(char *end, unsigned long long v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

void gate_jw_int(struct gate_jw *w, long long v)
{
    char b[32], *end = b + sizeof(b), *p;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

    p = jw_digits(end, u);
    if (v < 0)
        *--p = '-';
    jw_before(w);
    gate_jw_raw(w, p, (size_t)(end - p));
}

void gate_jw_uint(struct gate_jw *w, unsigned long long v)
{
    char b[32], *end = b + sizeof(b), *p = jw_digits(end, v);
    jw_before(w);
    gate_jw_raw(w, p, (size_t)(end - p));
}

void gate_jw_double(struct gate_jw *w, double v, int decimals)
{
    char b[64];
    int n = snprintf(b, sizeof(b), "%.*f", decimals, v);
    jw_before(w);
    gate_jw_raw(w, b, (size_t)n);
}

void gate_jw_bool(struct gate_jw *w, bool v)
{
    jw_before(w);
    gate_jw_raw(w, v ? "true" : "false", v ? 4 : 5);
}

void gate_jw_null(struct gate_jw *w)
{
    jw_before(w);
    gate_jw_raw(w, "null", 4);
}

void gate_jw_kstr_opt(struct gate_jw *w, const char *k, const char *s)
{
    if (s)
        gate_jw_kstr(w, k, s);
}
