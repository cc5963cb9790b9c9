/* SPDX-License-Identifier: MIT */
/* String ranks follow strcmp (NULL as ""), shared and distinct pointers
 * alike; the radix order is the stable sort of its keys, most significant
 * last, with signed values mapped as the decision sort maps them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gate/gate_int.h"

static void ranks_follow_strcmp_with_null_as_empty(void **state)
{
    static char b1[] = "beta", b2[] = "beta";
    const char *strs[] = {"gamma", b1, NULL, "alpha", b2, "", "gamma", "alphabet"};
    uint32_t r[8];
    size_t i, j;
    (void)state;

    gate_str_ranks(strs, 8, r);
    for (i = 0; i < 8; i++)
        for (j = 0; j < 8; j++) {
            int c = strcmp(strs[i] ? strs[i] : "", strs[j] ? strs[j] : "");
            assert_true((c < 0) == (r[i] < r[j]));
            assert_true((c == 0) == (r[i] == r[j]));
        }
    assert_int_equal(r[2], 0); /* NULL and "" rank first, together */
    assert_int_equal(r[5], 0);
    assert_int_equal(r[7], r[3] + 1); /* ranks are dense */
}

static void ranks_of_nothing(void **state)
{
    uint32_t r[1] = {7};
    (void)state;
    gate_str_ranks(NULL, 0, r);
    assert_int_equal(r[0], 7);
}

struct rec {
    uint32_t hi, lo;
    size_t idx;
};

static int rec_cmp(const void *va, const void *vb)
{
    const struct rec *a = va, *b = vb;
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

/* Many elements, keys over all 32 bits (both digits), few distinct values
 * so that stability shows, and a key whose digits all agree (skipped). */
static void radix_order_is_the_stable_sort(void **state)
{
    enum { N = 5000 };
    static uint32_t hi[N], lo[N], same[N];
    static struct rec want[N];
    static size_t order[N];
    const uint32_t *keys[3];
    uint64_t x = 88172645463325252ull;
    size_t i;
    (void)state;

    for (i = 0; i < N; i++) {
        int line;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        line = (int)(x % 41) - 20; /* negative lines sort first */
        lo[i] = (uint32_t)line ^ 0x80000000u;
        hi[i] = (uint32_t)(x >> 40) % 3 * 0x10001u;
        same[i] = 42;
        want[i].hi = hi[i];
        want[i].lo = lo[i];
        want[i].idx = i;
    }
    keys[0] = lo;
    keys[1] = same;
    keys[2] = hi;
    gate_radix_order(order, keys, 3, N);
    qsort(want, N, sizeof(want[0]), rec_cmp);
    for (i = 0; i < N; i++)
        assert_int_equal(order[i], want[i].idx);
}

static void radix_order_of_one_and_none(void **state)
{
    uint32_t k[1] = {9};
    const uint32_t *keys[1] = {k};
    size_t order[1] = {5};
    (void)state;
    gate_radix_order(order, keys, 1, 0);
    assert_int_equal(order[0], 5);
    gate_radix_order(order, keys, 1, 1);
    assert_int_equal(order[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranks_follow_strcmp_with_null_as_empty),
        cmocka_unit_test(ranks_of_nothing),
        cmocka_unit_test(radix_order_is_the_stable_sort),
        cmocka_unit_test(radix_order_of_one_and_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
