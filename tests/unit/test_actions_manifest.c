/* SPDX-License-Identifier: MIT */
/* Unit tests for the action.yml loader: the model with positions for each
 * kind of action, one case per check (message and position), the loader's
 * file lookup, and the INPUT_ name mapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions/action.h"

struct fixture {
    struct sg_arena *a;
    struct sg_diags d;
    struct action_manifest m;
};

static struct fixture F;

static int setup(void **state)
{
    F.a = sg_arena_new();
    sg_diags_init(&F.d);
    return 0;
}

static int teardown(void **state)
{
    sg_diags_release(&F.d);
    sg_arena_free(F.a);
    return 0;
}

static int parse(const char *text)
{
    return action_manifest_parse(&F.m, F.a, &F.d, "action.yml", text, strlen(text));
}

/* The first error has this position and contains `msg`. */
static void expect_error(int line, int col, const char *msg)
{
    assert_true(F.d.errors > 0);
    assert_int_equal(F.d.items[0].line, line);
    assert_int_equal(F.d.items[0].col, col);
    if (!strstr(F.d.items[0].message, msg))
        fail_msg("message '%s' lacks '%s'", F.d.items[0].message, msg);
}

static void test_composite_model_keeps_inputs_outputs_and_steps(void **state)
{
    assert_int_equal(parse("name: Greet\n"
                           "description: hi\n"
                           "inputs:\n"
                           "  who:\n"
                           "    required: true\n"
                           "  word: {default: Hello, deprecationMessage: old}\n"
                           "outputs:\n"
                           "  text: {value: '${{ steps.s.outputs.t }}'}\n"
                           "runs:\n"
                           "  using: composite\n"
                           "  steps:\n"
                           "    - id: s\n"
                           "      shell: bash\n"
                           "      run: echo hi\n"
                           "    - uses: ./other\n"
                           "      with: {a: 1}\n"),
                     0);
    assert_int_equal(F.m.using, ACTION_COMPOSITE);
    assert_string_equal(F.m.name->s, "Greet");
    assert_int_equal(F.m.ninputs, 2);
    assert_string_equal(F.m.inputs[0].name->s, "who");
    assert_true(F.m.inputs[0].required);
    assert_null(F.m.inputs[0].default_value);
    assert_string_equal(F.m.inputs[1].default_value->s, "Hello");
    assert_string_equal(F.m.inputs[1].deprecation->s, "old");
    assert_int_equal(F.m.noutputs, 1);
    assert_string_equal(F.m.outputs[0].value->s, "${{ steps.s.outputs.t }}");
    assert_int_equal(F.m.nsteps, 2);
    assert_string_equal(F.m.steps[0].id->s, "s");
    assert_int_equal(F.m.steps[0].run->line, 14);
    assert_string_equal(F.m.steps[1].uses->s, "./other");
}

static void test_node_versions_are_node_actions(void **state)
{
    static const char *const v[] = {"node12", "node16", "node20", "node24", "Node20"};
    for (size_t i = 0; i < SG_ARRAY_SIZE(v); i++) {
        char text[200];
        snprintf(text, sizeof(text), "runs:\n  using: %s\n  main: m.js\n  post: p.js\n"
                                     "  post-if: success()\n", v[i]);
        assert_int_equal(parse(text), 0);
        assert_int_equal(F.m.using, ACTION_NODE);
        assert_string_equal(F.m.main->s, "m.js");
        assert_string_equal(F.m.post->s, "p.js");
        assert_string_equal(F.m.post_if->s, "success()");
    }
}

static void test_docker_action_needs_image(void **state)
{
    assert_int_equal(parse("runs: {using: docker, image: Dockerfile, args: [a]}\n"), 0);
    assert_int_equal(F.m.using, ACTION_DOCKER);
    assert_int_equal(parse("runs:\n  using: docker\n"), -1);
    expect_error(2, 3, "Required property is missing: image");
}

static void test_unknown_using_is_refused_at_its_position(void **state)
{
    assert_int_equal(parse("name: x\nruns:\n  using: node99\n  main: a.js\n"), -1);
    expect_error(3, 10, "'using: node99' is not supported");
}

static void test_missing_runs(void **state)
{
    assert_int_equal(parse("name: x\n"), -1);
    expect_error(1, 1, "Required property is missing: runs");
}

static void test_missing_using_and_main(void **state)
{
    assert_int_equal(parse("runs:\n  main: a.js\n"), -1);
    expect_error(2, 3, "Required property is missing: using");
    sg_diags_release(&F.d);
    sg_diags_init(&F.d);
    assert_int_equal(parse("runs:\n  using: node20\n"), -1);
    expect_error(2, 3, "Required property is missing: main");
}

static void test_composite_run_step_needs_shell(void **state)
{
    assert_int_equal(parse("runs:\n  using: composite\n  steps:\n    - run: echo\n"), -1);
    expect_error(4, 7, "Required property is missing: shell");
}

static void test_composite_step_needs_run_or_uses_not_both(void **state)
{
    assert_int_equal(parse("runs:\n  using: composite\n  steps:\n    - name: x\n"), -1);
    expect_error(4, 7, "a step needs 'run' or 'uses'");
    sg_diags_release(&F.d);
    sg_diags_init(&F.d);
    assert_int_equal(parse("runs:\n  using: composite\n  steps:\n"
                           "    - {run: a, uses: ./b, shell: bash}\n"),
                     -1);
    expect_error(4, 7, "not both");
}

static void test_composite_needs_steps_sequence(void **state)
{
    assert_int_equal(parse("runs:\n  using: composite\n"), -1);
    expect_error(2, 3, "composite actions need 'runs.steps'");
    sg_diags_release(&F.d);
    sg_diags_init(&F.d);
    assert_int_equal(parse("runs:\n  using: composite\n  steps: {a: 1}\n"), -1);
    expect_error(3, 10, "expected a sequence for 'steps', got a mapping");
}

static void test_composite_output_needs_value(void **state)
{
    assert_int_equal(parse("outputs:\n  o: {description: d}\n"
                           "runs: {using: composite, steps: []}\n"),
                     -1);
    expect_error(2, 3, "output 'o' of a composite action needs 'value'");
}

static void test_unknown_keys_are_reported(void **state)
{
    assert_int_equal(parse("nmae: x\nruns: {using: node20, main: a.js}\n"), -1);
    expect_error(1, 1, "unexpected key 'nmae' in an action");
    sg_diags_release(&F.d);
    sg_diags_init(&F.d);
    assert_int_equal(parse("inputs:\n  a: {requird: true}\nruns: {using: node20, main: a.js}\n"),
                     -1);
    expect_error(2, 7, "unexpected key 'requird' in an input");
}

static void test_required_must_be_boolean(void **state)
{
    assert_int_equal(parse("inputs:\n  a: {required: maybe}\nruns: {using: node20, main: a}\n"),
                     -1);
    expect_error(2, 17, "expected a boolean for 'required'");
}

static void test_root_must_be_mapping_and_yaml(void **state)
{
    assert_int_equal(parse("- a\n- b\n"), -1);
    expect_error(1, 1, "expected a mapping for 'the action manifest', got a sequence");
    sg_diags_release(&F.d);
    sg_diags_init(&F.d);
    assert_int_equal(parse("runs: [\n"), -1);
    assert_true(F.d.errors > 0);
    assert_true(F.d.items[0].line > 0);
}

static void test_load_prefers_action_yml_then_yaml(void **state)
{
    char dir[] = "/tmp/sg-action-test.XXXXXX";
    char path[256];
    FILE *f;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(action_manifest_load(&F.m, F.a, &F.d, dir), -1);
    assert_non_null(strstr(F.d.items[0].message, "Can't find 'action.yml', 'action.yaml' or "
                                                 "'Dockerfile' under"));
    snprintf(path, sizeof(path), "%s/action.yaml", dir);
    f = fopen(path, "w");
    fputs("runs: {using: node20, main: yaml.js}\n", f);
    fclose(f);
    assert_int_equal(action_manifest_load(&F.m, F.a, &F.d, dir), 0);
    assert_string_equal(F.m.main->s, "yaml.js");
    snprintf(path, sizeof(path), "%s/action.yml", dir);
    f = fopen(path, "w");
    fputs("runs: {using: node20, main: yml.js}\n", f);
    fclose(f);
    assert_int_equal(action_manifest_load(&F.m, F.a, &F.d, dir), 0);
    assert_string_equal(F.m.main->s, "yml.js");
    unlink(path);
    snprintf(path, sizeof(path), "%s/action.yaml", dir);
    unlink(path);
    rmdir(dir);
}

static void test_input_env_name_uppercases_and_replaces_spaces(void **state)
{
    assert_string_equal(action_input_env_name(F.a, "who name"), "INPUT_WHO_NAME");
    assert_string_equal(action_input_env_name(F.a, "dry-run"), "INPUT_DRY-RUN");
    assert_string_equal(action_input_env_name(F.a, "a.b"), "INPUT_A.B");
}

static void test_local_uses_forms(void **state)
{
    assert_true(action_is_local("./x"));
    assert_true(action_is_local("."));
    assert_true(action_is_local("./"));
    assert_false(action_is_local("actions/checkout@v4"));
    assert_false(action_is_local("docker://alpine"));
    assert_false(action_is_local("../x"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_composite_model_keeps_inputs_outputs_and_steps),
        T(test_node_versions_are_node_actions),
        T(test_docker_action_needs_image),
        T(test_unknown_using_is_refused_at_its_position),
        T(test_missing_runs),
        T(test_missing_using_and_main),
        T(test_composite_run_step_needs_shell),
        T(test_composite_step_needs_run_or_uses_not_both),
        T(test_composite_needs_steps_sequence),
        T(test_composite_output_needs_value),
        T(test_unknown_keys_are_reported),
        T(test_required_must_be_boolean),
        T(test_root_must_be_mapping_and_yaml),
        T(test_load_prefers_action_yml_then_yaml),
        T(test_input_env_name_uppercases_and_replaces_spaces),
        T(test_local_uses_forms),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
