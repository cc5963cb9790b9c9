/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/base/cron.c: each piece of syntax, each error with its
 * field, wording and offset, matching, and next-fire computations across
 * leap days and the day-of-month / day-of-week rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include "base/cron.h"

static struct sg_cron parse_ok(const char *s)
{
    struct sg_cron c;
    struct sg_buf err = SG_BUF_INIT;
    if (sg_cron_parse(&c, s, &err, NULL) != 0)
        fail_msg("'%s' should parse: %s", s, sg_buf_str(&err));
    sg_buf_release(&err);
    return c;
}

static uint64_t bits(const int *v, size_t n)
{
    uint64_t b = 0;
    size_t i;
    for (i = 0; i < n; i++)
        b |= (uint64_t)1 << v[i];
    return b;
}
#define BITS(...) bits((const int[]){__VA_ARGS__}, sizeof((const int[]){__VA_ARGS__}) / sizeof(int))

static void star_fills_every_field(void **state)
{
    struct sg_cron c = parse_ok("* * * * *");
    assert_true(c.minutes == (((uint64_t)1 << 60) - 1));
    assert_int_equal(c.hours, (1u << 24) - 1);
    assert_int_equal(c.mdays, 0xfffffffeu);
    assert_int_equal(c.months, 0x1ffe);
    assert_int_equal(c.wdays, 0x7f);
    assert_true(c.mday_any);
    assert_true(c.wday_any);
}

static void lists_ranges_and_steps(void **state)
{
    struct sg_cron c = parse_ok("2,10 4-6 1-10/3 */4 1-5");
    assert_true(c.minutes == BITS(2, 10));
    assert_int_equal(c.hours, BITS(4, 5, 6));
    assert_int_equal(c.mdays, BITS(1, 4, 7, 10));
    assert_int_equal(c.months, BITS(1, 5, 9));
    assert_int_equal(c.wdays, BITS(1, 2, 3, 4, 5));
    assert_false(c.mday_any);
    assert_false(c.wday_any);

    c = parse_ok("20/15 23 * * *");
    assert_true(c.minutes == BITS(20, 35, 50)); /* `v/step` runs to the field's end */
    assert_int_equal(c.hours, BITS(23));
    c = parse_ok("0 5,*/10,6-8 * * *");
    assert_int_equal(c.hours, BITS(0, 5, 6, 7, 8, 10, 20));
    c = parse_ok("0 4-4/2 * * *");
    assert_int_equal(c.hours, BITS(4));
    c = parse_ok("0 000 001 * *"); /* leading zeros */
    assert_int_equal(c.hours, BITS(0));
    assert_int_equal(c.mdays, BITS(1));
}

static void names_are_case_insensitive_and_seven_is_sunday(void **state)
{
    struct sg_cron c = parse_ok("0 0 * jan,Mar-MAY SUN");
    assert_int_equal(c.months, BITS(1, 3, 4, 5));
    assert_int_equal(c.wdays, BITS(0));
    c = parse_ok("0 0 * DEC sun-TUE");
    assert_int_equal(c.months, BITS(12));
    assert_int_equal(c.wdays, BITS(0, 1, 2));
    c = parse_ok("0 0 * * 7");
    assert_int_equal(c.wdays, BITS(0));
    c = parse_ok("0 0 * * 5-7");
    assert_int_equal(c.wdays, BITS(0, 5, 6));
    c = parse_ok("0 0 * * SUN-2");
    assert_int_equal(c.wdays, BITS(0, 1, 2));
    c = parse_ok("0 0 * * */2");
    assert_int_equal(c.wdays, BITS(0, 2, 4, 6));
}

static void spaces_and_tabs_separate_fields(void **state)
{
    struct sg_cron c = parse_ok("  0   0  *\t*               *  ");
    assert_true(c.minutes == BITS(0));
}

static void star_with_step_counts_as_unrestricted_day(void **state)
{
    struct sg_cron c = parse_ok("0 0 */2 * MON");
    assert_true(c.mday_any);
    assert_false(c.wday_any);
}

static void expect_error(const char *s, const char *msg, size_t col)
{
    struct sg_cron c;
    struct sg_buf err = SG_BUF_INIT;
    size_t got_col = 999;
    if (sg_cron_parse(&c, s, &err, &got_col) != -1)
        fail_msg("'%s' should not parse", s);
    if (strcmp(sg_buf_str(&err), msg) != 0)
        fail_msg("'%s': message\n  got  %s\n  want %s", s, sg_buf_str(&err), msg);
    if (got_col != col)
        fail_msg("'%s': offset %zu, want %zu", s, got_col, col);
    sg_buf_release(&err);
}

static void errors_name_the_field_and_what_was_expected(void **state)
{
    expect_error("61 * * * *",
                 "invalid cron expression '61 * * * *': minute field: expected a number 0-59, "
                 "got '61'",
                 0);
    expect_error("0 24 * * *",
                 "invalid cron expression '0 24 * * *': hour field: expected a number 0-23, "
                 "got '24'",
                 2);
    expect_error("0 0 0 * *",
                 "invalid cron expression '0 0 0 * *': day-of-month field: expected a number "
                 "1-31, got '0'",
                 4);
    expect_error("0 0 * SUN JAN",
                 "invalid cron expression '0 0 * SUN JAN': month field: expected a number 1-12 "
                 "or a month name JAN-DEC, got 'SUN'",
                 6);
    expect_error("0 0 * * BUN",
                 "invalid cron expression '0 0 * * BUN': day-of-week field: expected a number "
                 "0-7 or a day name SUN-SAT, got 'BUN'",
                 8);
    expect_error("0 0 * * 8",
                 "invalid cron expression '0 0 * * 8': day-of-week field: expected a number "
                 "0-7 or a day name SUN-SAT, got '8'",
                 8);
}

static void errors_for_field_count(void **state)
{
    expect_error("0 0 * *",
                 "invalid cron expression '0 0 * *': expected 5 fields (minute hour "
                 "day-of-month month day-of-week), got 4",
                 7);
    expect_error("0 0 * * * *",
                 "invalid cron expression '0 0 * * * *': expected 5 fields (minute hour "
                 "day-of-month month day-of-week), got 6",
                 10);
    expect_error("",
                 "invalid cron expression '': expected 5 fields (minute hour day-of-month month "
                 "day-of-week), got 0",
                 0);
    expect_error("1 2 3 4 5 6 7",
                 "invalid cron expression '1 2 3 4 5 6 7': expected 5 fields (minute hour "
                 "day-of-month month day-of-week), got more than 6",
                 10);
}

/* The invalid cases actions/languageservices tests, with our wording. */
static void errors_for_malformed_lists_ranges_and_steps(void **state)
{
    static const struct {
        const char *s, *tail;
        size_t col;
    } cases[] = {
        {"0 -1 * * *", "hour field: expected a number 0-23, got '-'", 2},
        {"0 1- * * *", "hour field: expected a number 0-23, got nothing", 4},
        {"0 /1 * * *", "hour field: expected a number 0-23, got '/'", 2},
        {"0 1/ * * *", "hour field: expected a step 1-23, got nothing", 4},
        {"0 ,1 * * *", "hour field: expected a number 0-23, got ','", 2},
        {"0 1, * * *", "hour field: expected a number 0-23, got nothing", 4},
        {"0 5--5 * * *", "hour field: expected a number 0-23, got '-'", 4},
        {"0 *//5 * * *", "hour field: expected a step 1-23, got '/'", 4},
        {"0 */* * * *", "hour field: expected a step 1-23, got '*'", 4},
        {"0 5/* * * *", "hour field: expected a step 1-23, got '*'", 4},
        {"0 *-4 5-* *-* *", "hour field: expected ',' or '/' after '*', got '-'", 3},
        {"0 ,, * * *", "hour field: expected a number 0-23, got ','", 2},
        {", , , , ,", "minute field: expected a number 0-59, got ','", 0},
        {"0 ** * * *", "hour field: expected ',' or '/' after '*', got '*'", 3},
        {"0 0 * * FRI-TUE",
         "day-of-week field: expected a range whose start is not after its end, got 'FRI-TUE'", 8},
        {"0 12-4 * * *",
         "hour field: expected a range whose start is not after its end, got '12-4'", 2},
        {"0 */0 * * *", "hour field: expected a step 1-23, got '0'", 4},
        {"0 */24 * * *", "hour field: expected a step 1-23, got '24'", 4},
        {"0 2/4-5 * * *", "hour field: expected ',' after a step, got '-'", 5},
        {"0 2-4-6 * * *", "hour field: expected ',' or '/' after a range, got '-'", 5},
        {"0 2/4/6 * * *", "hour field: expected ',' after a step, got '/'", 5},
        {"0 * * */FEB */TUE", "month field: expected a step 1-12, got 'FEB'", 8},
        {"0 1x * * *", "hour field: expected a number 0-23, got '1x'", 2},
        {"0 0 * JANUARY *",
         "month field: expected a number 1-12 or a month name JAN-DEC, got 'JANUARY'", 6},
        {"0 0 * * MON?", "day-of-week field: expected ',', '-' or '/' after a value, got '?'", 11},
        {"99999999999999999999 * * * *",
         "minute field: expected a number 0-59, got '99999999999999999999'", 0},
    };
    size_t i;
    char want[256];
    for (i = 0; i < SG_ARRAY_SIZE(cases); i++) {
        snprintf(want, sizeof(want), "invalid cron expression '%s': %s", cases[i].s,
                 cases[i].tail);
        expect_error(cases[i].s, want, cases[i].col);
    }
}

static time_t utc(int y, int mon, int d, int h, int m)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900, tm.tm_mon = mon - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = m;
    return timegm(&tm);
}

static void expect_next(const char *expr, time_t after, time_t want)
{
    struct sg_cron c = parse_ok(expr);
    time_t got = 0;
    if (sg_cron_next(&c, after, &got) != 0)
        fail_msg("'%s': no next time", expr);
    if (got != want) {
        char a[32], b[32];
        struct tm t1, t2;
        gmtime_r(&got, &t1);
        gmtime_r(&want, &t2);
        strftime(a, sizeof(a), "%Y-%m-%d %H:%M", &t1);
        strftime(b, sizeof(b), "%Y-%m-%d %H:%M", &t2);
        fail_msg("'%s': next is %s, want %s", expr, a, b);
    }
}

static void next_is_strictly_after(void **state)
{
    expect_next("* * * * *", utc(2024, 1, 1, 0, 0), utc(2024, 1, 1, 0, 1));
    expect_next("* * * * *", utc(2024, 1, 1, 0, 0) + 59, utc(2024, 1, 1, 0, 1));
    expect_next("30 * * * *", utc(2024, 1, 1, 0, 30), utc(2024, 1, 1, 1, 30));
    expect_next("*/15 * * * *", utc(2024, 1, 1, 0, 1), utc(2024, 1, 1, 0, 15));
    expect_next("0 0 * * *", utc(2024, 12, 31, 23, 59), utc(2025, 1, 1, 0, 0));
    expect_next("0 9 1 * *", utc(2024, 1, 31, 12, 0), utc(2024, 2, 1, 9, 0));
    expect_next("0 0 1 JAN *", utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0));
}

static void next_handles_leap_days(void **state)
{
    expect_next("0 12 29 2 *", utc(2025, 3, 1, 0, 0), utc(2028, 2, 29, 12, 0));
    expect_next("0 12 29 2 *", utc(2024, 1, 1, 0, 0), utc(2024, 2, 29, 12, 0));
    /* 2100 is not a leap year: from 2096 the next Feb 29 is 2104, over 5 years. */
    {
        struct sg_cron c = parse_ok("0 0 29 2 *");
        time_t got;
        assert_int_equal(sg_cron_next(&c, utc(2096, 3, 1, 0, 0), &got), -1);
    }
    expect_next("59 23 28-31 2 *", utc(2023, 2, 1, 0, 0), utc(2023, 2, 28, 23, 59));
    expect_next("59 23 29-31 2 *", utc(2023, 2, 1, 0, 0), utc(2024, 2, 29, 23, 59));
}

static void next_never_fires_for_impossible_dates(void **state)
{
    struct sg_cron c = parse_ok("0 0 30 2 *");
    time_t got;
    assert_int_equal(sg_cron_next(&c, utc(2024, 1, 1, 0, 0), &got), -1);
    c = parse_ok("0 0 31 4,6,9,11 *");
    assert_int_equal(sg_cron_next(&c, utc(2024, 1, 1, 0, 0), &got), -1);
}

/* Both day fields restricted: either may match (2024-03-01 is a Friday). */
static void next_uses_either_day_field_when_both_are_restricted(void **state)
{
    expect_next("0 0 15 * MON", utc(2024, 3, 1, 0, 0), utc(2024, 3, 4, 0, 0));
    expect_next("0 0 5 * MON", utc(2024, 3, 1, 0, 0), utc(2024, 3, 4, 0, 0));
    expect_next("0 0 2 * MON", utc(2024, 3, 1, 0, 0), utc(2024, 3, 2, 0, 0));
    /* Only day-of-week restricted: day-of-month `*` does not widen it. */
    expect_next("0 0 * * MON", utc(2024, 3, 1, 0, 0), utc(2024, 3, 4, 0, 0));
    /* `*\/2` counts as unrestricted: both conditions must hold (odd days that are Mondays). */
    expect_next("0 0 */2 * MON", utc(2024, 3, 1, 0, 0), utc(2024, 3, 11, 0, 0));
    /* Friday the 13th style with a month restriction. */
    expect_next("0 0 13 * FRI", utc(2024, 3, 2, 0, 0), utc(2024, 3, 8, 0, 0));
}

static void matches_checks_every_field(void **state)
{
    struct sg_cron c = parse_ok("30 14 * 6 *");
    struct tm tm;
    time_t t = utc(2024, 6, 10, 14, 30) + 42;
    gmtime_r(&t, &tm);
    assert_true(sg_cron_matches(&c, &tm));
    tm.tm_min = 31;
    assert_false(sg_cron_matches(&c, &tm));
    tm.tm_min = 30, tm.tm_hour = 15;
    assert_false(sg_cron_matches(&c, &tm));
    tm.tm_hour = 14, tm.tm_mon = 6;
    assert_false(sg_cron_matches(&c, &tm));
    tm.tm_mon = 5, tm.tm_min = 99; /* out of range is never a match */
    assert_false(sg_cron_matches(&c, &tm));
}

static void matches_sunday_as_zero_or_seven(void **state)
{
    struct sg_cron a = parse_ok("0 0 * * 0"), b = parse_ok("0 0 * * 7");
    struct tm tm;
    time_t t = utc(2024, 3, 3, 0, 0); /* a Sunday */
    gmtime_r(&t, &tm);
    assert_int_equal(tm.tm_wday, 0);
    assert_true(sg_cron_matches(&a, &tm));
    assert_true(sg_cron_matches(&b, &tm));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(star_fills_every_field),
        cmocka_unit_test(lists_ranges_and_steps),
        cmocka_unit_test(names_are_case_insensitive_and_seven_is_sunday),
        cmocka_unit_test(spaces_and_tabs_separate_fields),
        cmocka_unit_test(star_with_step_counts_as_unrestricted_day),
        cmocka_unit_test(errors_name_the_field_and_what_was_expected),
        cmocka_unit_test(errors_for_field_count),
        cmocka_unit_test(errors_for_malformed_lists_ranges_and_steps),
        cmocka_unit_test(next_is_strictly_after),
        cmocka_unit_test(next_handles_leap_days),
        cmocka_unit_test(next_never_fires_for_impossible_dates),
        cmocka_unit_test(next_uses_either_day_field_when_both_are_restricted),
        cmocka_unit_test(matches_checks_every_field),
        cmocka_unit_test(matches_sunday_as_zero_or_seven),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
