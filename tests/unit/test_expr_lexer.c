/* SPDX-License-Identifier: MIT */
/* Unit tests for src/expr/lexer.c and the number/text rules in text.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "expr/expr_int.h"

static size_t lex_kinds(enum expr_tok *out, size_t max, const char *src)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_tokens t;
    struct expr_error err;
    size_t n;

    assert_int_equal(expr_lex(&t, a, src, strlen(src), &err), 0);
    n = t.n < max ? t.n : max;
    for (size_t i = 0; i < n; i++)
        out[i] = t.items[i].kind;
    expr_tokens_release(&t);
    sg_arena_free(a);
    return n;
}

static void operators_are_one_or_two_characters(void **state)
{
    enum expr_tok k[16];
    size_t n = lex_kinds(k, 16, "! != == < <= > >= && ||");
    enum expr_tok want[] = {TOK_NOT, TOK_NE, TOK_EQ, TOK_LT, TOK_LE, TOK_GT, TOK_GE,
                            TOK_AND, TOK_OR, TOK_EOF};
    assert_int_equal(n, SG_ARRAY_SIZE(want));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(k[i], want[i]);
}

static void dot_after_a_name_dereferences_and_elsewhere_starts_a_number(void **state)
{
    enum expr_tok k[8];
    size_t n = lex_kinds(k, 8, "a.b == .5");
    assert_int_equal(n, 6);
    assert_int_equal(k[1], TOK_DOT);
    assert_int_equal(k[2], TOK_IDENT);
    assert_int_equal(k[4], TOK_NUMBER);
}

static void keywords_after_a_dot_are_property_names(void **state)
{
    enum expr_tok k[8];
    lex_kinds(k, 8, "a.true");
    assert_int_equal(k[2], TOK_IDENT);
    lex_kinds(k, 8, "true");
    assert_int_equal(k[0], TOK_TRUE);
}

static void strings_unescape_doubled_quotes(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_tokens t;
    struct expr_error err;
    assert_int_equal(expr_lex(&t, a, "'it''s'", 7, &err), 0);
    assert_int_equal(t.items[0].kind, TOK_STRING);
    assert_string_equal(t.items[0].str, "it's");
    expr_tokens_release(&t);
    sg_arena_free(a);
}

static void bad_tokens_are_lexing_errors_with_position(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_tokens t;
    struct expr_error err;
    assert_int_equal(expr_lex(&t, a, "1 &2", 4, &err), -1);
    assert_int_equal(err.kind, EXPR_ERR_LEXING);
    assert_int_equal(err.offset, 2);
    assert_string_equal(err.message,
                        "Unexpected symbol: '&2'. Located at position 3 within expression: 1 &2");
    sg_arena_free(a);
}

static void positions_count_utf16_units(void **state)
{
    assert_int_equal(expr_position("ab", 2), 3);
    assert_int_equal(expr_position("\xc3\xa9x", 2), 2);          /* é is one unit */
    assert_int_equal(expr_position("\xf0\x9f\x98\x8a x", 5), 4); /* 😊 is two */
}

static void string_to_number_follows_dotnet(void **state)
{
    assert_true(expr_parse_number("", 0) == 0);
    assert_true(expr_parse_number(" 12 ", 4) == 12);
    assert_true(expr_parse_number("0x1f", 4) == 31);
    assert_true(expr_parse_number("0xFFFFFFFF", 10) == -1);
    assert_true(expr_parse_number("0o17", 4) == 15);
    assert_true(isinf(expr_parse_number("-infinity", 9)));
    assert_true(isnan(expr_parse_number("1,000", 5)));
    assert_true(isnan(expr_parse_number("0x", 2)));
    assert_true(isnan(expr_parse_number("abc", 3)));
}

static void numbers_print_like_g15(void **state)
{
    char buf[32];
    struct { double d; const char *s; } cases[] = {
        {1, "1"}, {1.5, "1.5"}, {-0.0, "0"}, {1e15, "1E+15"}, {123456789012345, "123456789012345"},
        {0.0001, "0.0001"}, {0.00001, "1E-05"}, {1.0 / 3, "0.333333333333333"},
        {1e300, "1E+300"}, {-2.5e-7, "-2.5E-07"}, {NAN, "NaN"}, {-INFINITY, "-Infinity"},
    };
    for (size_t i = 0; i < SG_ARRAY_SIZE(cases); i++) {
        expr_format_number(buf, cases[i].d);
        assert_string_equal(buf, cases[i].s);
    }
}

static void case_folding_is_ordinal_ignore_case(void **state)
{
    assert_true(expr_str_ieq("GitHub", 6, "github", 6));
    assert_true(expr_str_ieq("\xc3\xbc", 2, "\xc3\x9c", 2));  /* ü Ü */
    assert_true(expr_str_ieq("\xcf\x82", 2, "\xce\xa3", 2));  /* ς Σ */
    assert_false(expr_str_ieq("\xc4\xb1", 2, "I", 1));        /* ı I */
    assert_false(expr_str_ieq("i", 1, "\xc4\xb0", 2));        /* i İ */
    assert_true(expr_str_icontains("Fix [SKIP CI] now", 17, "[skip ci]", 9));
    assert_true(expr_str_iends("file.TXT", 8, ".txt", 4));
    assert_false(expr_str_istarts("ab", 2, "abc", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(operators_are_one_or_two_characters),
        cmocka_unit_test(dot_after_a_name_dereferences_and_elsewhere_starts_a_number),
        cmocka_unit_test(keywords_after_a_dot_are_property_names),
        cmocka_unit_test(strings_unescape_doubled_quotes),
        cmocka_unit_test(bad_tokens_are_lexing_errors_with_position),
        cmocka_unit_test(positions_count_utf16_units),
        cmocka_unit_test(string_to_number_follows_dotnet),
        cmocka_unit_test(numbers_print_like_g15),
        cmocka_unit_test(case_folding_is_ordinal_ignore_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
