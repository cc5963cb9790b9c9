/* SPDX-License-Identifier: MIT */
/*
 * Allocation wrappers that abort on failure, and the BUG() reporter.
 */
#include "base.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void sg_bug_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "BUG: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

static void die_oom(size_t n)
{
    fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
    abort();
}

void *sg_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die_oom(n);
    return p;
}

void *sg_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die_oom(n * size);
    return p;
}

void *sg_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die_oom(n);
    return q;
}

char *sg_xstrdup(const char *s)
{
    return sg_xstrndup(s, strlen(s));
}

char *sg_xstrndup(const char *s, size_t n)
{
    char *p = sg_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void sg_grow(void **items, size_t *cap, size_t need, size_t size)
{
    size_t c;
    if (need <= *cap)
        return;
    c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            die_oom(SIZE_MAX);
        c *= 2;
    }
    *items = sg_xrealloc(*items, c * size);
    *cap = c;
}
