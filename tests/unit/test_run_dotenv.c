/* SPDX-License-Identifier: MIT */
/* Unit tests for the dotenv parser behind --secret-file, --var-file, --env-file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "run/run.h"

struct parsed {
    struct sg_arena *a;
    struct run_kvs kv;
    struct sg_diags d;
    int rc;
};

static void parse(struct parsed *p, const char *text)
{
    memset(p, 0, sizeof(*p));
    p->a = sg_arena_new();
    sg_diags_init(&p->d);
    p->rc = run_dotenv_parse(&p->kv, p->a, "x.env", text, strlen(text), &p->d);
}

static void done(struct parsed *p)
{
    run_kvs_release(&p->kv);
    sg_diags_release(&p->d);
    sg_arena_free(p->a);
}

static void plain_pairs_comments_and_blank_lines(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "# comment\n\nA=1\n  B=x\nC=\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.kv.n, 3);
    assert_string_equal(p.kv.items[0].name, "A");
    assert_string_equal(p.kv.items[0].value, "1");
    assert_string_equal(p.kv.items[2].name, "C");
    assert_string_equal(p.kv.items[2].value, "");
    done(&p);
}

static void space_before_equals_is_an_error_with_its_line(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "A=1\nB = x\n");
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.d.errors, 1);
    assert_int_equal(p.d.items[0].line, 2);
    assert_string_equal(p.d.items[0].file, "x.env");
    assert_int_equal(p.kv.n, 1);
    done(&p);
}

static void export_prefix_is_dropped(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "export TOKEN=abc\n");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.kv.items[0].name, "TOKEN");
    assert_string_equal(p.kv.items[0].value, "abc");
    done(&p);
}

static void single_quotes_are_literal(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "A='x\\ny # not a comment'\n");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.kv.items[0].value, "x\\ny # not a comment");
    done(&p);
}

static void double_quotes_take_escapes(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "A=\"l1\\nl2\\t\\\"q\\\" \\\\\"\n");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.kv.items[0].value, "l1\nl2\t\"q\" \\");
    done(&p);
}

static void unquoted_value_ends_at_space_hash(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "A=value # note\nB=a#b\n");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.kv.items[0].value, "value");
    assert_string_equal(p.kv.items[1].value, "a#b");
    done(&p);
}

static void crlf_lines_and_missing_final_newline(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "A=1\r\n\r\nB=\"two\"\r\nC=3");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.kv.n, 3);
    assert_string_equal(p.kv.items[0].value, "1");
    assert_string_equal(p.kv.items[1].value, "two");
    assert_string_equal(p.kv.items[2].value, "3");
    done(&p);
}

static void names_must_start_with_a_letter_or_underscore(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "1A=x\n_ok.name-2=y\n=z\nNOEQUALS\n");
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.d.errors, 3);
    assert_int_equal(p.kv.n, 1);
    assert_string_equal(p.kv.items[0].name, "_ok.name-2");
    done(&p);
}

static void values_keep_inner_equals_and_lone_quotes(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "URL=a=b=c\nQ=\"\nR='half\n");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.kv.items[0].value, "a=b=c");
    assert_string_equal(p.kv.items[1].value, "\"");
    assert_string_equal(p.kv.items[2].value, "'half");
    done(&p);
}

static void later_duplicate_is_kept_after_the_first(void **state)
{
    struct parsed p;
    (void)state;
    parse(&p, "A=1\nA=2\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.kv.n, 2);
    assert_string_equal(p.kv.items[1].value, "2");
    done(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_pairs_comments_and_blank_lines),
        cmocka_unit_test(space_before_equals_is_an_error_with_its_line),
        cmocka_unit_test(export_prefix_is_dropped),
        cmocka_unit_test(single_quotes_are_literal),
        cmocka_unit_test(double_quotes_take_escapes),
        cmocka_unit_test(unquoted_value_ends_at_space_hash),
        cmocka_unit_test(crlf_lines_and_missing_final_newline),
        cmocka_unit_test(names_must_start_with_a_letter_or_underscore),
        cmocka_unit_test(values_keep_inner_equals_and_lone_quotes),
        cmocka_unit_test(later_duplicate_is_kept_after_the_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
