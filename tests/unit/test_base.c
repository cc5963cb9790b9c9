/* SPDX-License-Identifier: MIT */
/* Unit tests for src/base: arenas, buffers, diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/base.h"

static void arena_allocations_are_zeroed_and_distinct(void **state)
{
    struct sg_arena *a = sg_arena_new();
    char *p = sg_arena_alloc(a, 100), *q = sg_arena_alloc(a, 100);
    int i;
    for (i = 0; i < 100; i++)
        assert_int_equal(p[i], 0);
    assert_ptr_not_equal(p, q);
    memset(p, 'x', 100);
    assert_int_equal(q[0], 0);
    sg_arena_free(a);
}

static void arena_serves_large_and_small_allocations(void **state)
{
    struct sg_arena *a = sg_arena_new();
    char *big = sg_arena_alloc(a, 1 << 22);
    char *small = sg_arena_strdup(a, "hello");
    big[(1 << 22) - 1] = 'z';
    assert_string_equal(small, "hello");
    assert_string_equal(sg_arena_printf(a, "%s-%d", "a", 7), "a-7");
    assert_true(sg_arena_used(a) >= (1 << 22));
    sg_arena_free(a);
}

static int hook_calls;
static void count_hook(void *data)
{
    hook_calls += *(int *)data;
}

static void arena_runs_cleanup_hooks(void **state)
{
    struct sg_arena *a = sg_arena_new();
    int *v = sg_arena_alloc(a, sizeof(int));
    *v = 3;
    hook_calls = 0;
    sg_arena_on_free(a, count_hook, v);
    sg_arena_free(a);
    assert_int_equal(hook_calls, 3);
}

static void buf_respects_its_maximum(void **state)
{
    struct sg_buf b;
    sg_buf_init(&b, 5);
    assert_int_equal(sg_buf_addstr(&b, "abc"), 0);
    assert_int_equal(sg_buf_addstr(&b, "def"), -1);
    assert_string_equal(sg_buf_str(&b), "abc");
    assert_int_equal(sg_buf_addf(&b, "%d", 12), 0);
    assert_string_equal(sg_buf_str(&b), "abc12");
    sg_buf_release(&b);
}

static void buf_escapes_json_strings(void **state)
{
    struct sg_buf b = SG_BUF_INIT;
    sg_buf_add_json_string(&b, "a\"b\\c\n\x01", 7);
    assert_string_equal(sg_buf_str(&b), "\"a\\\"b\\\\c\\n\\u0001\"");
    sg_buf_release(&b);
}

static void diags_sort_by_position(void **state)
{
    struct sg_diags d;
    char *text;
    size_t len;
    FILE *f = open_memstream(&text, &len);
    sg_diags_init(&d);
    sg_diag_add(&d, SG_SEV_ERROR, "b.yml", 1, 1, "third");
    sg_diag_add(&d, SG_SEV_ERROR, "a.yml", 9, 2, "second");
    sg_diag_add(&d, SG_SEV_WARNING, "a.yml", 3, 7, "first");
    sg_diags_sort(&d);
    sg_diags_print(&d, f);
    fclose(f);
    assert_string_equal(text, "a.yml:3:7: warning: first\na.yml:9:2: error: second\n"
                              "b.yml:1:1: error: third\n");
    assert_int_equal(d.errors, 2);
    free(text);
    sg_diags_release(&d);
}

static void utf8_checker_finds_the_first_bad_byte(void **state)
{
    int line = 0, col = 0;
    assert_false(sg_utf8_find_invalid("caf\xc3\xa9\n\xf0\x9f\x98\x8a", 10, &line, &col));
    assert_true(sg_utf8_find_invalid("ab\ncaf\xc3\xa9 \xe2\x82", 11, &line, &col));
    assert_int_equal(line, 2);
    assert_int_equal(col, 6);
    /* overlong '/', a surrogate, and a byte that never starts a sequence */
    assert_true(sg_utf8_find_invalid("\xc0\xaf", 2, &line, &col));
    assert_true(sg_utf8_find_invalid("\xed\xa0\x80", 3, &line, &col));
    assert_true(sg_utf8_find_invalid("x\xff", 2, &line, &col));
    assert_int_equal(col, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocations_are_zeroed_and_distinct),
        cmocka_unit_test(arena_serves_large_and_small_allocations),
        cmocka_unit_test(arena_runs_cleanup_hooks),
        cmocka_unit_test(buf_respects_its_maximum),
        cmocka_unit_test(buf_escapes_json_strings),
        cmocka_unit_test(diags_sort_by_position),
        cmocka_unit_test(utf8_checker_finds_the_first_bad_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
