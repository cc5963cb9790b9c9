/* SPDX-License-Identifier: MIT */
/*
 * Bump-pointer arenas with cleanup hooks. Blocks grow geometrically; a
 * request larger than a block gets a block of its own. Blocks come zeroed
 * (calloc, or fresh pages from mmap) and bytes are never handed out twice,
 * so allocations need no zeroing pass of their own. Big blocks are mapped
 * on 2 MiB boundaries with transparent huge pages asked for: a 100 MB parse
 * then takes a few hundred page faults instead of tens of thousands. Under
 * SG_ARENA_MALLOC each allocation is a separate malloc chained into the
 * arena, so AddressSanitizer can see overruns between neighbours.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base.h"

#define ARENA_ALIGN 16
#define ARENA_FIRST_BLOCK 4096
#define ARENA_MAX_BLOCK (8u << 20)
/* Blocks from this size on are mapped directly (malloc would map them too). */
#define ARENA_MAP_MIN (1u << 20)
#define ARENA_HUGE (2u << 20)

struct arena_block {
    struct arena_block *next;
    size_t size, used;
    size_t mapped; /* length of the mapping that starts at the block, 0 for calloc */
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
        if (b->mapped)
            munmap(b, b->mapped);
        else
            free(b);
    }
    free(a);
}

#ifndef SG_ARENA_MALLOC
/* A zeroed mapping of at least `len` bytes starting on a 2 MiB boundary
 * (len a multiple of 2 MiB), with huge pages asked for; NULL if the
 * system says no. */
static void *arena_map_huge(size_t len)
{
    size_t over = len + ARENA_HUGE, lead, trail;
    unsigned char *m = mmap(NULL, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (m == MAP_FAILED)
        return NULL;
    lead = (ARENA_HUGE - ((uintptr_t)m & (ARENA_HUGE - 1))) & (ARENA_HUGE - 1);
    trail = over - lead - len;
    if (lead)
        munmap(m, lead);
    if (trail)
        munmap(m + lead + len, trail);
#ifdef MADV_HUGEPAGE
    madvise(m + lead, len, MADV_HUGEPAGE);
#endif
    return m + lead;
}

static struct arena_block *arena_block_new(size_t size)
{
    struct arena_block *b = NULL;
    size_t total = sizeof(*b) + size, mapped = 0;

    if (total >= ARENA_MAP_MIN) {
        mapped = (total + ARENA_HUGE - 1) & ~(size_t)(ARENA_HUGE - 1);
        b = arena_map_huge(mapped);
        if (b)
            size = mapped - sizeof(*b);
        else
            mapped = 0;
    }
    if (!b)
        b = sg_xcalloc(1, total);
    b->size = size;
    b->used = 0;
    b->mapped = mapped;
    b->next = NULL;
    return b;
}

#endif

#ifdef SG_ARENA_MALLOC
/* Not zeroed: callers that overwrite every byte (strings) skip the memset. */
static void *arena_alloc_raw(struct sg_arena *a, size_t n, size_t align)
{
    struct arena_block *b = sg_xmalloc(sizeof(*b) + (n ? n : 1));
    (void)align; /* malloc aligns for anything */
    b->size = b->used = n;
    b->mapped = 0;
    b->next = a->blocks;
    a->blocks = b;
    a->used += n;
    return b->data;
}
#else
/* `align` is ARENA_ALIGN for objects, 1 for strings: a 100 MB report's
 * strings then take no padding (an eighth of the memory, and of the page
 * faults that come with it). */
static void *arena_alloc_raw(struct sg_arena *a, size_t n, size_t align)
{
    struct arena_block *b = a->blocks;
    size_t need = n ? n : 1, at = 0;
    void *p;

    if (b)
        at = (b->used + align - 1) & ~(align - 1);
    if (!b || at > b->size || b->size - at < need) {
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
        at = 0;
    }
    p = b->data + at;
    b->used = at + need;
    a->used += n;
    return p;
}
#endif

void *sg_arena_alloc(struct sg_arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n, ARENA_ALIGN);
#ifdef SG_ARENA_MALLOC
    memset(p, 0, n);
#endif
    return p;
}

char *sg_arena_strndup(struct sg_arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_raw(a, n + 1, 1);
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
    p = arena_alloc_raw(a, (size_t)n + 1, 1);
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
