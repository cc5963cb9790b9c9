/* SPDX-License-Identifier: MIT */
/*
 * Ranks of strings in strcmp order, for the sorts of large decisions
 * (findings by path, by tool): a 200,000-finding report has a few
 * thousand distinct paths, mostly shared pointers, so comparing small
 * integers replaces millions of strcmp calls. Distinct pointers are found
 * with a hash on the pointer, only those are sorted by content.
 */
#include <stdint.h>

#include "gate/gate_int.h"

struct rank_slot {
    const char *s;
    uint32_t rank;
    bool used;
};

static size_t ptr_hash(const char *s)
{
    uint64_t h = (uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20);
}

static int str_ptr_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return strcmp(x ? x : "", y ? y : "");
}

static struct rank_slot *rank_find(struct rank_slot *t, size_t mask, const char *s)
{
    size_t j = ptr_hash(s) & mask;
    while (t[j].used && t[j].s != s)
        j = (j + 1) & mask;
    return &t[j];
}

/* Sized by the distinct pointers seen, not by n: a few thousand paths
 * stay in cache. */
struct rank_table {
    struct rank_slot *t;
    size_t cap, n;
};

static void rank_grow(struct rank_table *rt)
{
    size_t cap = rt->cap ? rt->cap * 2 : 1024, i;
    struct rank_slot *t = sg_xcalloc(cap, sizeof(*t));

    for (i = 0; i < rt->cap; i++)
        if (rt->t[i].used)
            *rank_find(t, cap - 1, rt->t[i].s) = rt->t[i];
    free(rt->t);
    rt->t = t;
    rt->cap = cap;
}

void gate_str_ranks(const char *const *strs, size_t n, uint32_t *ranks)
{
    struct rank_table rt = {NULL, 0, 0};
    const char **distinct = NULL;
    size_t cap_distinct = 0, i;
    uint32_t rank = 0;

    rank_grow(&rt);
    for (i = 0; i < n; i++) {
        struct rank_slot *e = rank_find(rt.t, rt.cap - 1, strs[i]);
        if (e->used)
            continue;
        if ((rt.n + 1) * 2 > rt.cap) {
            rank_grow(&rt);
            e = rank_find(rt.t, rt.cap - 1, strs[i]);
        }
        e->used = true;
        e->s = strs[i];
        SG_GROW(distinct, cap_distinct, rt.n + 1);
        distinct[rt.n++] = strs[i];
    }
    if (rt.n > 1)
        qsort(distinct, rt.n, sizeof(*distinct), str_ptr_cmp);
    /* NULL ranks with "": both sort as the empty string. */
    for (i = 0; i < rt.n; i++) {
        if (i > 0 && str_ptr_cmp(&distinct[i - 1], &distinct[i]) != 0)
            rank++;
        rank_find(rt.t, rt.cap - 1, distinct[i])->rank = rank;
    }
    for (i = 0; i < n; i++)
        ranks[i] = rank_find(rt.t, rt.cap - 1, strs[i])->rank;
    free(distinct);
    free(rt.t);
}

/* One stable counting pass on 16 bits of key[]; false (nothing moved)
 * when every element has the same digit. */
static bool radix_pass(const size_t *in, size_t *out, const uint32_t *key, size_t n, int shift,
                       size_t *count)
{
    size_t i, sum = 0;

    memset(count, 0, 65536 * sizeof(*count));
    for (i = 0; i < n; i++)
        count[(key[in[i]] >> shift) & 0xFFFF]++;
    if (count[(key[in[0]] >> shift) & 0xFFFF] == n)
        return false;
    for (i = 0; i < 65536; i++) {
        size_t c = count[i];
        count[i] = sum;
        sum += c;
    }
    for (i = 0; i < n; i++)
        out[count[(key[in[i]] >> shift) & 0xFFFF]++] = in[i];
    return true;
}

void gate_radix_order(size_t *order, const uint32_t *const *keys, size_t n_keys, size_t n)
{
    size_t *tmp, *count, *in = order, *out, i, k;
    int shift;

    for (i = 0; i < n; i++)
        order[i] = i;
    if (n < 2)
        return;
    tmp = sg_xcalloc(n, sizeof(*tmp));
    count = sg_xcalloc(65536, sizeof(*count));
    out = tmp;
    for (k = 0; k < n_keys; k++)
        for (shift = 0; shift < 32; shift += 16)
            if (radix_pass(in, out, keys[k], n, shift, count)) {
                size_t *t = in;
                in = out;
                out = t;
            }
    if (in != order)
        memcpy(order, in, n * sizeof(*order));
    free(count);
    free(tmp);
}
