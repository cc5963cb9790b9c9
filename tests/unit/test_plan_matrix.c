/* SPDX-License-Identifier: MIT */
/* Matrix expansion and job names against GitHub's documented examples
 * ("Using a matrix for your jobs") and its parser's error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "plan/plan.h"

/* A compact, unambiguous rendering: {k:v,k:v} with strings bare. */
static void render(struct sg_buf *b, const struct expr_value *v)
{
    switch (v->kind) {
    case EXPR_NULL: sg_buf_addstr(b, "null"); break;
    case EXPR_BOOL: sg_buf_addstr(b, v->u.b ? "true" : "false"); break;
    case EXPR_NUMBER: sg_buf_addf(b, "%g", v->u.num); break;
    case EXPR_STRING: sg_buf_add(b, v->u.str.s, v->u.str.len); break;
    case EXPR_ARRAY:
        sg_buf_addch(b, '[');
        for (size_t i = 0; i < v->u.arr->n; i++) {
            if (i)
                sg_buf_addch(b, ',');
            render(b, &v->u.arr->items[i]);
        }
        sg_buf_addch(b, ']');
        break;
    default:
        sg_buf_addch(b, '{');
        for (size_t i = 0; i < v->u.obj->n; i++) {
            if (i)
                sg_buf_addch(b, ',');
            sg_buf_addf(b, "%s:", v->u.obj->items[i].key);
            render(b, &v->u.obj->items[i].value);
        }
        sg_buf_addch(b, '}');
        break;
    }
}

static struct expr_value yaml_value(struct sg_arena *a, const char *yaml)
{
    struct sg_diags d;
    const struct wf_value *root;

    sg_diags_init(&d);
    root = wf_yaml_parse(a, &d, "m.yml", yaml, strlen(yaml));
    if (!root || d.errors)
        fail_msg("bad test YAML: %s", d.n ? d.items[0].message : "?");
    sg_diags_release(&d);
    return plan_value_from_yaml(a, root);
}

/* Expands `yaml` and compares the combinations, one per line, with `want`;
 * with `names` also the display names of a job called "test". */
static void expect_expansion(const char *yaml, const char *want, const char *want_names)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_value m = yaml_value(a, yaml), out, names;
    struct sg_buf err = SG_BUF_INIT, got = SG_BUF_INIT, got_names = SG_BUF_INIT;

    if (plan_expand_matrix_named(&out, &names, a, &m, "test", "test", &err) != 0)
        fail_msg("expansion failed: %s", sg_buf_str(&err));
    assert_int_equal(out.kind, EXPR_ARRAY);
    for (size_t i = 0; i < out.u.arr->n; i++) {
        render(&got, &out.u.arr->items[i]);
        sg_buf_addch(&got, '\n');
        sg_buf_addf(&got_names, "%s\n", names.u.arr->items[i].u.str.s);
    }
    assert_string_equal(sg_buf_str(&got), want);
    if (want_names)
        assert_string_equal(sg_buf_str(&got_names), want_names);
    /* The plain entry point agrees. */
    struct expr_value again;
    assert_int_equal(plan_expand_matrix(&again, a, &m, &err), 0);
    assert_int_equal(again.u.arr->n, out.u.arr->n);
    sg_buf_release(&err);
    sg_buf_release(&got);
    sg_buf_release(&got_names);
    sg_arena_free(a);
}

static void expect_error(const char *yaml, const char *want)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_value m = yaml_value(a, yaml), out;
    struct sg_buf err = SG_BUF_INIT;

    assert_int_equal(plan_expand_matrix(&out, a, &m, &err), -1);
    assert_string_equal(sg_buf_str(&err), want);
    sg_buf_release(&err);
    sg_arena_free(a);
}

static void test_docs_single_dimension_and_product_order(void **state)
{
    expect_expansion("version: [10, 12, 14]\n",
                     "{version:10}\n{version:12}\n{version:14}\n",
                     "test (10)\ntest (12)\ntest (14)\n");
    /* The first vector varies slowest, as GitHub lists the jobs. */
    expect_expansion("os: [ubuntu-22.04, ubuntu-20.04]\nversion: [10, 12, 14]\n",
                     "{os:ubuntu-22.04,version:10}\n{os:ubuntu-22.04,version:12}\n"
                     "{os:ubuntu-22.04,version:14}\n{os:ubuntu-20.04,version:10}\n"
                     "{os:ubuntu-20.04,version:12}\n{os:ubuntu-20.04,version:14}\n",
                     NULL);
}

static void test_docs_fruit_animal_include(void **state)
{
    expect_expansion("fruit: [apple, pear]\n"
                     "animal: [cat, dog]\n"
                     "include:\n"
                     "  - color: green\n"
                     "  - color: pink\n"
                     "    animal: cat\n"
                     "  - fruit: apple\n"
                     "    shape: circle\n"
                     "  - fruit: banana\n"
                     "  - fruit: banana\n"
                     "    animal: cat\n",
                     "{fruit:apple,animal:cat,color:pink,shape:circle}\n"
                     "{fruit:apple,animal:dog,color:green,shape:circle}\n"
                     "{fruit:pear,animal:cat,color:pink}\n"
                     "{fruit:pear,animal:dog,color:green}\n"
                     "{fruit:banana}\n"
                     "{fruit:banana,animal:cat}\n",
                     /* Include extras do not show in the names GitHub gives. */
                     "test (apple, cat)\ntest (apple, dog)\ntest (pear, cat)\ntest (pear, dog)\n"
                     "test (banana)\ntest (banana, cat)\n");
}

static void test_docs_expanding_configurations(void **state)
{
    expect_expansion("os: [windows-latest, ubuntu-latest]\n"
                     "node: [14, 16]\n"
                     "include:\n"
                     "  - os: windows-latest\n"
                     "    node: 16\n"
                     "    npm: 6\n",
                     "{os:windows-latest,node:14}\n{os:windows-latest,node:16,npm:6}\n"
                     "{os:ubuntu-latest,node:14}\n{os:ubuntu-latest,node:16}\n",
                     NULL);
}

static void test_docs_adding_configurations(void **state)
{
    expect_expansion("os: [windows-latest, ubuntu-latest]\n"
                     "node: [14, 16]\n"
                     "include:\n"
                     "  - os: windows-latest\n"
                     "    node: 17\n",
                     "{os:windows-latest,node:14}\n{os:windows-latest,node:16}\n"
                     "{os:ubuntu-latest,node:14}\n{os:ubuntu-latest,node:16}\n"
                     "{os:windows-latest,node:17}\n",
                     "test (windows-latest, 14)\ntest (windows-latest, 16)\n"
                     "test (ubuntu-latest, 14)\ntest (ubuntu-latest, 16)\n"
                     "test (windows-latest, 17)\n");
}

static void test_docs_include_only(void **state)
{
    expect_expansion("include:\n"
                     "  - site: production\n"
                     "    datacenter: site-a\n"
                     "  - site: staging\n"
                     "    datacenter: site-b\n",
                     "{site:production,datacenter:site-a}\n{site:staging,datacenter:site-b}\n",
                     "test (production, site-a)\ntest (staging, site-b)\n");
}

static void test_docs_exclude(void **state)
{
    expect_expansion("os: [macos-latest, windows-latest]\n"
                     "version: [12, 14, 16]\n"
                     "environment: [staging, production]\n"
                     "exclude:\n"
                     "  - os: macos-latest\n"
                     "    version: 12\n"
                     "    environment: production\n"
                     "  - os: windows-latest\n"
                     "    version: 16\n",
                     "{os:macos-latest,version:12,environment:staging}\n"
                     "{os:macos-latest,version:14,environment:staging}\n"
                     "{os:macos-latest,version:14,environment:production}\n"
                     "{os:macos-latest,version:16,environment:staging}\n"
                     "{os:macos-latest,version:16,environment:production}\n"
                     "{os:windows-latest,version:12,environment:staging}\n"
                     "{os:windows-latest,version:12,environment:production}\n"
                     "{os:windows-latest,version:14,environment:staging}\n"
                     "{os:windows-latest,version:14,environment:production}\n",
                     NULL);
}

static void test_filters_use_expression_equality(void **state)
{
    /* GitHub compares with `==`: case-insensitive strings, '14' == 14. */
    expect_expansion("os: [Linux, mac]\nv: [14, 16]\n"
                     "exclude:\n  - os: linux\n    v: '14'\n"
                     "include:\n  - os: MAC\n    extra: yes\n",
                     "{os:Linux,v:16}\n{os:mac,v:14,extra:yes}\n{os:mac,v:16,extra:yes}\n", NULL);
}

static void test_include_overwrites_earlier_include_not_vectors(void **state)
{
    expect_expansion("os: [a, b]\n"
                     "include:\n"
                     "  - shell: bash\n"
                     "  - os: b\n"
                     "    shell: zsh\n",
                     "{os:a,shell:bash}\n{os:b,shell:zsh}\n", NULL);
    /* An include naming a vector value that does not exist adds a job. */
    expect_expansion("os: [a]\ninclude:\n  - os: c\n    x: 1\n", "{os:a}\n{os:c,x:1}\n", NULL);
}

static void test_nested_values_and_partial_exclude(void **state)
{
    expect_expansion("cfg:\n"
                     "  - {name: gcc, ver: 12}\n"
                     "  - {name: clang, ver: 17}\n"
                     "exclude:\n"
                     "  - cfg: {name: clang}\n",
                     "{cfg:{name:gcc,ver:12}}\n", "test (gcc, 12)\n");
}

static void test_everything_excluded_is_empty(void **state)
{
    expect_expansion("os: [a]\nexclude:\n  - os: a\n", "", "");
}

static void test_errors_use_github_wording(void **state)
{
    expect_error("os: []\n", "Matrix vector 'os' does not contain any values");
    expect_error("os: [a]\nexclude:\n  - arch: x\n",
                 "Matrix exclude key 'arch' does not match any key within the matrix");
    expect_error("include: []\n", "Matrix must define at least one vector");
    expect_error("os: linux\n",
                 "Unexpected type 'StringToken' encountered while reading 'matrix vector value'. "
                 "The type 'SequenceToken' was expected.");
    expect_error("[1]\n",
                 "Unexpected type 'SequenceToken' encountered while reading 'matrix'. The type "
                 "'MappingToken' was expected.");
    expect_error("os: [a]\ninclude:\n  - {}\n", "Matrix include mapping does not contain any values");
    expect_error("os: [a]\nexclude: [{}]\n", "Matrix exclude filter must not be empty");
}

static void test_more_than_256_is_an_error(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_buf yaml = SG_BUF_INIT, err = SG_BUF_INIT;
    struct expr_value m, out, names;

    sg_buf_addstr(&yaml, "x: [");
    for (int i = 0; i < 16; i++)
        sg_buf_addf(&yaml, "%s%d", i ? ", " : "", i);
    sg_buf_addstr(&yaml, "]\ny: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n");
    m = yaml_value(a, yaml.data);
    assert_int_equal(plan_expand_matrix(&out, a, &m, &err), 0);
    assert_int_equal(out.u.arr->n, 256);
    sg_buf_addstr(&yaml, "include:\n  - x: 99\n");
    m = yaml_value(a, yaml.data);
    sg_buf_reset(&err);
    assert_int_equal(plan_expand_matrix_named(&out, &names, a, &m, "t", "build", &err), -1);
    assert_string_equal(sg_buf_str(&err), "Strategy for job 'build' produced 257 configurations "
                                          "which exceeds the maximum of 256 configurations");
    /* A huge product fails without being built. */
    m = yaml_value(a, "a: [1,2,3,4,5,6,7,8,9,10]\nb: [1,2,3,4,5,6,7,8,9,10]\n"
                      "c: [1,2,3,4,5,6,7,8,9,10]\nd: [1,2,3,4,5,6,7,8,9,10]\n"
                      "e: [1,2,3,4,5,6,7,8,9,10]\nf: [1,2,3,4,5,6,7,8,9,10]\n");
    sg_buf_reset(&err);
    assert_int_equal(plan_expand_matrix(&out, a, &m, &err), -1);
    assert_non_null(strstr(sg_buf_str(&err), "produced 1000000 configurations"));
    sg_buf_release(&yaml);
    sg_buf_release(&err);
    sg_arena_free(a);
}

static void test_job_name_shapes(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_value combo = yaml_value(a, "os: ubuntu\nnode: 16.5\nflag: true\nempty: ''\n"
                                            "none: null\nlist: [x, 2]\n");
    struct sg_buf longname = SG_BUF_INIT;
    const char *name;

    assert_string_equal(plan_matrix_job_name(a, "build", &combo),
                        "build (ubuntu, 16.5, true, x, 2)");
    assert_string_equal(plan_matrix_job_name(a, "build", NULL), "build");
    struct expr_value nothing = yaml_value(a, "a: ''\n");
    assert_string_equal(plan_matrix_job_name(a, "build", &nothing), "build");
    for (int i = 0; i < 30; i++)
        sg_buf_addf(&longname, "%svalue%d", i ? ", " : "[", i);
    sg_buf_addstr(&longname, "]");
    struct expr_value big = expr_new_object(a);
    expr_object_set(a, &big, "v", yaml_value(a, longname.data));
    name = plan_matrix_job_name(a, "build", &big);
    assert_int_equal(strlen(name), 100);
    assert_true(sg_ends_with(name, "..."));
    assert_true(sg_starts_with(name, "build (value0, value1, "));
    sg_buf_release(&longname);
    sg_arena_free(a);
}

static void test_value_from_yaml_keeps_github_typing(void **state)
{
    struct sg_arena *a = sg_arena_new();
    struct expr_value v = yaml_value(a, "a: true\nb: 'true'\nc: 1.10\nd: '1.10'\ne: null\nf: ~\n"
                                        "g: |\n  x\n");
    struct sg_buf b = SG_BUF_INIT;

    assert_int_equal(expr_object_get(&v, "a")->kind, EXPR_BOOL);
    assert_int_equal(expr_object_get(&v, "b")->kind, EXPR_STRING);
    assert_int_equal(expr_object_get(&v, "c")->kind, EXPR_NUMBER);
    assert_int_equal(expr_object_get(&v, "d")->kind, EXPR_STRING);
    assert_int_equal(expr_object_get(&v, "e")->kind, EXPR_NULL);
    assert_int_equal(expr_object_get(&v, "f")->kind, EXPR_NULL);
    render(&b, expr_object_get(&v, "g"));
    assert_string_equal(sg_buf_str(&b), "x\n");
    sg_buf_release(&b);
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docs_single_dimension_and_product_order),
        cmocka_unit_test(test_docs_fruit_animal_include),
        cmocka_unit_test(test_docs_expanding_configurations),
        cmocka_unit_test(test_docs_adding_configurations),
        cmocka_unit_test(test_docs_include_only),
        cmocka_unit_test(test_docs_exclude),
        cmocka_unit_test(test_filters_use_expression_equality),
        cmocka_unit_test(test_include_overwrites_earlier_include_not_vectors),
        cmocka_unit_test(test_nested_values_and_partial_exclude),
        cmocka_unit_test(test_everything_excluded_is_empty),
        cmocka_unit_test(test_errors_use_github_wording),
        cmocka_unit_test(test_more_than_256_is_an_error),
        cmocka_unit_test(test_job_name_shapes),
        cmocka_unit_test(test_value_from_yaml_keeps_github_typing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
