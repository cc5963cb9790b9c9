/* SPDX-License-Identifier: MIT */
/*
 * Bump-pointer arenas with cleanup hooks. Blocks grow geometrically; a
 * request larger than a block gets a block of its own. Under
 * SG_ARENA_MALLOC each allocation is a separate malloc chained into the
 * arena, so AddressSanitizer can see overruns between neighbours.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_FIRST_BLOCK 4096
#define ARENA_MAX_BLOCK (1u << 20)

struct arena_block {
    struct arena_block *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena_hook {
    struct arena_hook *next;
    sg_cleanup_fn fn;
    void *data;
};

struct sg_arena {
    struct arena_block *blocks;
    struct arena_hook *hooks;
    size_t next_size;
    size_t used;
};

struct sg_arena *sg_arena_new(void)
{
    struct sg_arena *a = sg_xcalloc(1, sizeof(*a));
    a->next_size = ARENA_FIRST_BLOCK;
    return a;
}

void sg_arena_free(struct sg_arena *a)
{
    if (!a)
        return;
    while (a->hooks) {
        struct arena_hook *h = a->hooks;
        a->hooks = h->next;
        h->fn(h->data);
        free(h);
    }
    while (a->blocks) {
        struct arena_block *b = a->blocks;
        a->blocks = b->next;
        free(b);
    }
    free(a);
}

#ifndef SG_ARENA_MALLOC
static struct arena_block *arena_block_new(size_t size)
{
    struct arena_block *b = sg_xmalloc(sizeof(*b) + size);
    b->size = size;
    b->used = 0;
    b->next = NULL;
    return b;
}

#endif

#ifdef SG_ARENA_MALLOC
/* Not zeroed: callers that overwrite every byte (strings) skip the memset. */
static void *arena_alloc_raw(struct sg_arena *a, size_t n)
{
    struct arena_block *b = sg_xmalloc(sizeof(*b) + (n ? n : 1));
    b->size = b->used = n;
    b->next = a->blocks;
    a->blocks = b;
    a->used += n;
    return b->data;
}
#else
static void *arena_alloc_raw(struct sg_arena *a, size_t n)
{
    struct arena_block *b = a->blocks;
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    void *p;

    if (need == 0)
        need = ARENA_ALIGN;
    if (!b || b->size - b->used < need) {
        if (b && need > a->next_size / 4) {
            /* A large one-off gets its own block behind the head, so the
             * head keeps serving small allocations. */
            struct arena_block *big = arena_block_new(need);
            big->used = need;
            big->next = b->next;
            b->next = big;
            a->used += n;
            return big->data;
        }
        b = arena_block_new(need > a->next_size ? need : a->next_size);
        b->next = a->blocks;
        a->blocks = b;
        if (a->next_size < ARENA_MAX_BLOCK)
            a->next_size *= 2;
    }
    p = b->data + b->used;
    b->used += need;
    a->used += n;
    return p;
}
#endif

void *sg_arena_alloc(struct sg_arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *sg_arena_strndup(struct sg_arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_raw(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sg_arena_strdup(struct sg_arena *a, const char *s)
{
    return sg_arena_strndup(a, s, strlen(s));
}

char *sg_arena_vprintf(struct sg_arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    int n;
    char *p;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        SG_BUG("bad format string '%s'", fmt);
    p = arena_alloc_raw(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *sg_arena_printf(struct sg_arena *a, const char *fmt, ...)
{
    va_list ap;
    char *p;
    va_start(ap, fmt);
    p = sg_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void sg_arena_on_free(struct sg_arena *a, sg_cleanup_fn fn, void *data)
{
    struct arena_hook *h = sg_xmalloc(sizeof(*h));
    h->fn = fn;
    h->data = data;
    h->next = a->hooks;
    a->hooks = h;
}

size_t sg_arena_used(const struct sg_arena *a)
{
    return a->used;
}
