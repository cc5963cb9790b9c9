/* SPDX-License-Identifier: MIT */
/* Unit tests for src/exec/mask.c: the secret masker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "exec/exec.h"

static char *mask(struct exec_mask *m, const char *s)
{
    struct sg_buf b = SG_BUF_INIT;
    exec_mask_string(m, &b, s, strlen(s));
    return sg_buf_detach(&b);
}

#define ASSERT_MASKED(m, in, want)                                                                 \
    do {                                                                                           \
        char *got_ = mask((m), (in));                                                              \
        assert_string_equal(got_, (want));                                                         \
        free(got_);                                                                                \
    } while (0)

static void values_become_stars(void **state)
{
    struct exec_mask *m = exec_mask_new();
    ASSERT_MASKED(m, "nothing registered", "nothing registered");
    exec_mask_add_value(m, "hunter2", 7);
    ASSERT_MASKED(m, "pw=hunter2 and hunter2!", "pw=*** and ***!");
    ASSERT_MASKED(m, "hunter", "hunter");
    exec_mask_free(m);
}

static void overlapping_and_touching_matches_merge(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "abc", 3);
    exec_mask_add_value(m, "cde", 3);
    ASSERT_MASKED(m, "xabcdex", "x***x");
    ASSERT_MASKED(m, "abcabc", "***");
    ASSERT_MASKED(m, "abc-abc", "***-***");
    exec_mask_free(m);
}

static void short_values_are_masked_too(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "x", 1);
    exec_mask_add_value(m, "", 0);
    ASSERT_MASKED(m, "axb", "a***b");
    exec_mask_free(m);
}

static void encoded_forms_are_masked(void **state)
{
    struct exec_mask *m = exec_mask_new();
    const char *secret = "p@ss\"w'rd<&>";
    exec_mask_add_value(m, secret, strlen(secret));
    ASSERT_MASKED(m, "b64 cEBzcyJ3J3JkPCY+", "b64 ***");           /* base64 */
    ASSERT_MASKED(m, "s1 QHNzIncncmQ8Jj4=", "s1 ***");             /* base64 of value[1:] */
    ASSERT_MASKED(m, "s2 c3MidydyZDwmPg==", "s2 ***");             /* base64 of value[2:] */
    ASSERT_MASKED(m, "uri p%40ss%22w%27rd%3C%26%3E", "uri ***");
    ASSERT_MASKED(m, "xml p@ss&quot;w&apos;rd&lt;&amp;&gt;", "xml ***");
    ASSERT_MASKED(m, "json p@ss\\\"w'rd<&>", "json ***");
    ASSERT_MASKED(m, "expr p@ss\"w''rd<&>", "expr ***");
    exec_mask_free(m);
}

static void json_escapes_control_characters(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "a\tb\x01", 4);
    ASSERT_MASKED(m, "{\"k\":\"a\\tb\\u0001\"}", "{\"k\":\"***\"}");
    exec_mask_free(m);
}

static void quoted_values_are_also_masked_unquoted(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "\"longsecret\"", 12);
    ASSERT_MASKED(m, "v=longsecret", "v=***");
    exec_mask_add_value(m, "\"short\"", 7); /* 8 bytes or less: not unquoted */
    ASSERT_MASKED(m, "v=short", "v=short");
    exec_mask_free(m);
}

static void powershell_ampersand_halves_are_masked(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "partone&parttwo", 15);
    ASSERT_MASKED(m, "[partone&] [parttwo]", "[***] [***]");
    exec_mask_free(m);
}

static void secrets_register_each_trimmed_line(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_secret(m, "  first line\r\n  second line \n\n", true);
    ASSERT_MASKED(m, "> first line", "> ***");
    ASSERT_MASKED(m, "> second line!", "> ***!");
    exec_mask_free(m);
}

static void stream_masks_secrets_split_across_chunks(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "TOPSECRETVALUE", 14);
    const char *text = "a TOPSECRETVALUE b TOPSECRETVALUETOPSECRETVALUE c";
    size_t n = strlen(text);
    for (size_t step = 1; step <= n; step++) {
        struct exec_mask_stream *s = exec_mask_stream_new(m);
        struct sg_buf out = SG_BUF_INIT;
        for (size_t i = 0; i < n; i += step)
            exec_mask_stream_write(s, &out, text + i, i + step <= n ? step : n - i);
        exec_mask_stream_flush(s, &out);
        assert_string_equal(sg_buf_str(&out), "a *** b *** c");
        sg_buf_release(&out);
        exec_mask_stream_free(s);
    }
    exec_mask_free(m);
}

static void stream_holds_back_only_a_possible_prefix(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "abcdef", 6);
    struct exec_mask_stream *s = exec_mask_stream_new(m);
    struct sg_buf out = SG_BUF_INIT;
    exec_mask_stream_write(s, &out, "0123456789", 10);
    /* the longest pattern (base64 of it, 8 bytes) bounds what is held back */
    assert_true(out.len >= 10 - 7);
    exec_mask_stream_flush(s, &out);
    assert_string_equal(sg_buf_str(&out), "0123456789");
    sg_buf_release(&out);
    exec_mask_stream_free(s);
    exec_mask_free(m);
}

static void stream_picks_up_values_added_later(void **state)
{
    struct exec_mask *m = exec_mask_new();
    struct exec_mask_stream *s = exec_mask_stream_new(m);
    struct sg_buf out = SG_BUF_INIT;
    exec_mask_stream_write(s, &out, "before newsecret\n", 17);
    exec_mask_add_value(m, "newsecret", 9);
    exec_mask_stream_write(s, &out, "after newsecret\n", 16);
    exec_mask_stream_flush(s, &out);
    assert_string_equal(sg_buf_str(&out), "before newsecret\nafter ***\n");
    sg_buf_release(&out);
    exec_mask_stream_free(s);
    exec_mask_free(m);
}

static void duplicate_values_add_no_patterns(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "samesame", 8);
    size_t n = exec_mask_patterns(m);
    exec_mask_add_value(m, "samesame", 8);
    assert_int_equal(exec_mask_patterns(m), n);
    exec_mask_free(m);
}

static void binary_and_nul_bytes_pass_through(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "k\0y", 3);
    struct sg_buf out = SG_BUF_INIT;
    exec_mask_string(m, &out, "a\0k\0y\0b", 7);
    assert_int_equal(out.len, 7);
    assert_memory_equal(out.data, "a\0***\0b", 7);
    sg_buf_release(&out);
    exec_mask_free(m);
}

static void value_starting_with_nul_is_masked(void **state)
{
    struct exec_mask *m = exec_mask_new();
    exec_mask_add_value(m, "\0ab", 3);
    struct sg_buf out = SG_BUF_INIT;
    exec_mask_string(m, &out, "x\0aby", 5);
    assert_int_equal(out.len, 5);
    assert_memory_equal(out.data, "x***y", 5);
    sg_buf_release(&out);
    exec_mask_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_become_stars),
        cmocka_unit_test(overlapping_and_touching_matches_merge),
        cmocka_unit_test(short_values_are_masked_too),
        cmocka_unit_test(encoded_forms_are_masked),
        cmocka_unit_test(json_escapes_control_characters),
        cmocka_unit_test(quoted_values_are_also_masked_unquoted),
        cmocka_unit_test(powershell_ampersand_halves_are_masked),
        cmocka_unit_test(secrets_register_each_trimmed_line),
        cmocka_unit_test(stream_masks_secrets_split_across_chunks),
        cmocka_unit_test(stream_holds_back_only_a_possible_prefix),
        cmocka_unit_test(stream_picks_up_values_added_later),
        cmocka_unit_test(duplicate_values_add_no_patterns),
        cmocka_unit_test(binary_and_nul_bytes_pass_through),
        cmocka_unit_test(value_starting_with_nul_is_masked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
