/* SPDX-License-Identifier: MIT */
/* The gate's outputs: JSON fields, SARIF structure (one run per tool,
 * rule indexes, levels, fingerprints, suppressions, baselineState),
 * markdown summary and table, text table and colours. Parsed back with
 * jansson where the output is JSON. */
#include <jansson.h>
#include <stdio.h>

#include "gate_test.h"

struct out {
    struct sg_arena *a;
    struct gate_report *r[2];
    struct gate_decision dec;
    char *text;
    size_t len;
};

static const char *semgrep_json =
    "{\"results\": ["
    "{\"check_id\": \"r.eval\", \"path\": \"src/a b.py\", \"start\": {\"line\": 3, \"col\": 5},"
    " \"end\": {\"line\": 3, \"col\": 9}, \"extra\": {\"message\": \"eval | is bad\", \"severity\": \"ERROR\","
    " \"lines\": \"eval(x)\", \"metadata\": {\"references\": [\"https://example.com/eval\"]}}},"
    "{\"check_id\": \"r.note\", \"path\": \"b.py\", \"start\": {\"line\": 1, \"col\": 1},"
    " \"end\": {\"line\": 1, \"col\": 2}, \"extra\": {\"message\": \"fyi\", \"severity\": \"INFO\","
    " \"lines\": \"x\", \"is_ignored\": true}}], \"errors\": [], \"paths\": {\"scanned\": []}}";

static const char *pipaudit_json =
    "{\"dependencies\": [{\"name\": \"jinja2\", \"version\": \"2.4.1\", \"vulns\": [{\"id\": "
    "\"PYSEC-2019-217\", \"fix_versions\": [\"2.10.1\"], \"aliases\": [\"CVE-2019-10906\"], "
    "\"description\": \"sandbox escape\"}]}], \"fixes\": []}";

static struct out *run(enum gate_output_format fmt, bool baseline, bool color)
{
    struct out *o = calloc(1, sizeof(*o));
    struct gate_policy pol;
    struct gate_output_opts opts = {color, NULL, "pr"};
    struct gate_baseline b;
    struct sg_diags d;
    FILE *f;

    o->a = sg_arena_new();
    sg_diags_init(&d);
    o->r[0] = sg_arena_alloc(o->a, sizeof(*o->r[0]));
    o->r[1] = sg_arena_alloc(o->a, sizeof(*o->r[1]));
    assert_int_equal(gate_report_parse_mem(o->r[0], o->a, "s.json", semgrep_json,
                                           strlen(semgrep_json), NULL, NULL, &d), 0);
    assert_int_equal(gate_report_parse_mem(o->r[1], o->a, "p.json", pipaudit_json,
                                           strlen(pipaudit_json), NULL, NULL, &d), 0);
    if (baseline) {
        memset(&b, 0, sizeof(b));
        b.file = "base.json";
        b.n = 1;
        b.entries = sg_arena_alloc(o->a, sizeof(*b.entries));
        b.entries[0].fingerprint = o->r[1]->findings[0]->fingerprint;
        gate_baseline_apply(&b, o->r, 2);
        opts.baseline = &b;
    }
    gate_policy_default(&pol);
    gate_decide(&o->dec, o->a, &pol, "pr", (const struct gate_report *const *)o->r, 2, 20250101);
    f = open_memstream(&o->text, &o->len);
    assert_int_equal(gate_output_write(f, fmt, &o->dec, &opts), 0);
    fclose(f);
    sg_diags_release(&d);
    return o;
}

static void done(struct out *o)
{
    free(o->text);
    sg_arena_free(o->a);
    free(o);
}

static json_t *parsed(const struct out *o)
{
    json_error_t e;
    json_t *j = json_loads(o->text, 0, &e);
    if (!j)
        fail_msg("invalid JSON at %d:%d: %s", e.line, e.column, e.text);
    return j;
}

static void json_output_has_every_finding_field(void **state)
{
    struct out *o = run(GATE_OUT_JSON, false, false);
    json_t *j = parsed(o), *fs = json_object_get(j, "findings"), *f;
    size_t i;

    assert_string_equal(json_string_value(json_object_get(j, "decision")), "block");
    assert_int_equal(json_array_size(json_object_get(j, "reasons")), 1);
    assert_int_equal(json_array_size(fs), 3);
    json_array_foreach(fs, i, f) {
        const char *keys[] = {"tool", "kind", "rule", "severity", "unknown", "title", "message",
                              "help", "location", "fingerprint", "status", "effect"};
        size_t k;
        for (k = 0; k < SG_ARRAY_SIZE(keys); k++)
            if (!json_object_get(f, keys[k]))
                fail_msg("finding %zu has no '%s'", i, keys[k]);
    }
    f = json_array_get(fs, 1); /* sorted: blocking, then by tool: pip-audit, semgrep */
    assert_string_equal(json_string_value(json_object_get(f, "rule")), "r.eval");
    assert_string_equal(json_string_value(json_object_get(f, "effect")), "block");
    assert_string_equal(json_string_value(json_object_get(f, "status")), "new");
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "location"), "path")),
                        "src/a b.py");
    assert_true(json_is_null(json_object_get(j, "coverage")));
    assert_string_equal(json_string_value(json_object_get(j, "stage")), "pr");
    json_decref(j);
    done(o);
}

static json_t *run_of(json_t *sarif, const char *tool)
{
    json_t *r;
    size_t i;
    json_array_foreach(json_object_get(sarif, "runs"), i, r) {
        const char *n = json_string_value(
            json_object_get(json_object_get(json_object_get(r, "tool"), "driver"), "name"));
        if (n && strcmp(n, tool) == 0)
            return r;
    }
    fail_msg("no run for '%s'", tool);
    return NULL;
}

static void sarif_output_has_one_run_per_tool_with_rules_and_fingerprints(void **state)
{
    struct out *o = run(GATE_OUT_SARIF, true, false);
    json_t *j = parsed(o), *sg, *pa, *res, *rules, *loc;

    assert_string_equal(json_string_value(json_object_get(j, "version")), "2.1.0");
    assert_int_equal(json_array_size(json_object_get(j, "runs")), 2);
    sg = run_of(j, "semgrep");
    pa = run_of(j, "pip-audit");
    rules = json_object_get(json_object_get(json_object_get(sg, "tool"), "driver"), "rules");
    assert_int_equal(json_array_size(rules), 2);
    res = json_array_get(json_object_get(sg, "results"), 0);
    assert_string_equal(json_string_value(json_object_get(res, "ruleId")), "r.eval");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rules,
                            json_integer_value(json_object_get(res, "ruleIndex"))), "id")), "r.eval");
    assert_string_equal(json_string_value(json_object_get(res, "level")), "error");
    assert_string_equal(json_string_value(json_object_get(res, "baselineState")), "new");
    assert_int_equal(strlen(json_string_value(json_object_get(
                         json_object_get(res, "partialFingerprints"), "shipgate/v1"))), 32);
    loc = json_object_get(json_object_get(json_array_get(json_object_get(res, "locations"), 0),
                                          "physicalLocation"), "artifactLocation");
    assert_string_equal(json_string_value(json_object_get(loc, "uri")), "src/a%20b.py");
    res = json_array_get(json_object_get(sg, "results"), 1);
    assert_string_equal(json_string_value(json_object_get(res, "level")), "note");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(res, "suppressions"), 0), "kind")),
                        "inSource");
    res = json_array_get(json_object_get(pa, "results"), 0);
    assert_string_equal(json_string_value(json_object_get(res, "baselineState")), "unchanged");
    assert_non_null(json_object_get(json_array_get(json_object_get(res, "locations"), 0),
                                    "logicalLocations"));
    json_decref(j);
    done(o);
}

static void markdown_has_summary_table_and_escapes_pipes(void **state)
{
    struct out *o = run(GATE_OUT_MARKDOWN, true, false);

    assert_non_null(strstr(o->text, "## :x: shipgate gate: block\n"));
    assert_non_null(strstr(o->text, "**2 blocking, 0 warnings** of 3 findings (2 high); 0 logged, "
                                    "1 suppressed; 2 new, 1 existing; stage `pr`."));
    assert_non_null(strstr(o->text, "| Effect | Severity | Tool | Rule | Location | Title | Status |"));
    assert_non_null(strstr(o->text, "| **block** | high | semgrep | `r.eval` | `src/a b.py:3` |"));
    assert_null(strstr(o->text, "eval | is"));
    done(o);
}

static void text_is_a_table_coloured_only_when_asked(void **state)
{
    struct out *plain = run(GATE_OUT_TEXT, false, false), *col = run(GATE_OUT_TEXT, false, true);

    assert_non_null(strstr(plain->text, "EFFECT SEVERITY"));
    assert_null(strchr(plain->text, '\033'));
    assert_non_null(strstr(plain->text, "gate: block\n  - 2 findings at a blocking severity"));
    assert_non_null(strstr(col->text, "\033[1;31mhigh\033[0m"));
    done(plain);
    done(col);
}

static void format_names_parse(void **state)
{
    enum gate_output_format f;
    assert_true(gate_output_parse("sarif", &f));
    assert_int_equal(f, GATE_OUT_SARIF);
    assert_true(gate_output_parse("markdown", &f));
    assert_int_equal(f, GATE_OUT_MARKDOWN);
    assert_false(gate_output_parse("yaml", &f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_output_has_every_finding_field),
        cmocka_unit_test(sarif_output_has_one_run_per_tool_with_rules_and_fingerprints),
        cmocka_unit_test(markdown_has_summary_table_and_escapes_pipes),
        cmocka_unit_test(text_is_a_table_coloured_only_when_asked),
        cmocka_unit_test(format_names_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
