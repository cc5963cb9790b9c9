/* SPDX-License-Identifier: MIT */
/* The gate's side of the register (store_gate.c) on real reports parsed
 * from $SHARED/fixtures/reports and a real store file: which tools a gate
 * covers (an empty native report does, an empty SARIF log does not), what
 * is recorded (not the tool's own suppressions), and triage turning
 * findings into suppressions the policy honours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"

struct fx {
    char dir[64], spec[128];
    struct sg_arena *a;
    struct sg_diags d;
};

static int setup(void **state)
{
    struct fx *f = sg_xcalloc(1, sizeof(*f));
    memcpy(f->dir, "/tmp/sg-store-gate-XXXXXX", sizeof("/tmp/sg-store-gate-XXXXXX"));
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->spec, sizeof(f->spec), "sqlite:%s/s.db", f->dir);
    f->a = sg_arena_new();
    sg_diags_init(&f->d);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[128];
    sg_diags_release(&f->d);
    sg_arena_free(f->a);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static const struct gate_report *report(struct fx *f, const char *rel)
{
    const char *shared = getenv("SHARED");
    struct gate_parse_opts opts = GATE_PARSE_OPTS_INIT;
    struct gate_report *r = sg_arena_alloc(f->a, sizeof(*r));
    char *path = sg_arena_printf(f->a, "%s/fixtures/reports/%s",
                                 shared && *shared ? shared : "/work/shared", rel);
    if (gate_report_parse_file(r, f->a, path, NULL, &opts, &f->d) != 0) {
        sg_diags_print(&f->d, stderr);
        fail_msg("cannot parse %s", path);
    }
    return r;
}

/* One gate run over `reports` in a session on the fixture's store. */
static struct store_gate_result gate(struct fx *f, const struct gate_report *const *reports,
                                     size_t n, size_t *triaged)
{
    struct store_gate_session ss;
    struct store_gate_result res;

    assert_int_equal(store_gate_session_open(&ss, f->a, f->spec, f->dir, &f->d), 0);
    assert_non_null(ss.store);
    assert_int_equal(store_gate_apply_triage(&ss, f->a, reports, n, &f->d), 0);
    if (triaged)
        *triaged = ss.triaged;
    assert_int_equal(store_gate_record(&ss, &res, reports, n, "pr", false, &f->d), 0);
    store_gate_session_close(&ss);
    return res;
}

static size_t open_count(struct fx *f, const char *tool)
{
    struct store *s;
    struct store_finding_list l;
    struct store_finding_filter flt = {0};
    int64_t repo;
    char real[4096];

    assert_non_null(realpath(f->dir, real));
    assert_int_equal(store_open(&s, f->spec, &f->d), 0);
    assert_int_equal(store_repo_find(s, &repo, real, &f->d), 0);
    assert_true(repo > 0);
    flt.repo_id = repo;
    flt.statuses = 1u << STORE_ST_OPEN;
    flt.tool = tool;
    assert_int_equal(store_findings_list(s, &l, f->a, &flt, &f->d), 0);
    store_close(s);
    return l.n;
}

static void test_empty_native_report_covers_its_tool_and_fixes_its_findings(void **state)
{
    struct fx *f = *state;
    const struct gate_report *one[1] = {report(f, "bandit/one-vuln-2020.json")};
    const struct gate_report *none[1] = {report(f, "bandit/no-vuln.json")};
    struct store_gate_result r;

    assert_int_equal(none[0]->n_findings, 0);
    r = gate(f, one, 1, NULL);
    assert_int_equal(r.added, one[0]->n_findings);
    assert_true(r.added > 0);
    r = gate(f, none, 1, NULL);
    assert_int_equal(r.fixed, one[0]->n_findings);
    assert_int_equal(open_count(f, "bandit"), 0);
}

static void test_empty_sarif_log_covers_no_tool(void **state)
{
    struct fx *f = *state;
    const struct gate_report *one[1] = {report(f, "bandit/one-vuln-2020.json")};
    const struct gate_report *empty[1] = {report(f, "sarif/spec-appendix-k1-minimal-no-results.sarif")};
    struct store_gate_result r;

    gate(f, one, 1, NULL);
    r = gate(f, empty, 1, NULL);
    assert_int_equal(r.fixed, 0);
    assert_int_equal(open_count(f, "bandit"), one[0]->n_findings);
}

static void test_findings_the_tool_suppressed_are_not_entered(void **state)
{
    struct fx *f = *state;
    const struct gate_report *r1[1] = {report(f, "sarif/semgrep-include-nosemgrep-suppressions.sarif")};
    size_t i, suppressed = 0;
    struct store_gate_result r;

    for (i = 0; i < r1[0]->n_findings; i++)
        suppressed += r1[0]->findings[i]->suppressed;
    assert_true(suppressed > 0);
    r = gate(f, r1, 1, NULL);
    assert_int_equal(r.added + suppressed, r1[0]->n_findings);
}

static void test_triage_suppresses_until_the_risk_expires(void **state)
{
    struct fx *f = *state;
    const struct gate_report *rep[1] = {report(f, "pip-audit/many-vulns.json")};
    struct store_triage fp = {STORE_ST_FALSE_POSITIVE, "not shipped", NULL, "mona", 0};
    struct store_triage old = {STORE_ST_ACCEPTED_RISK, "was fine", "2001-01-01", "mona", 0};
    struct store_finding x;
    struct store *s;
    size_t triaged = 0, i, marked = 0;

    gate(f, rep, 1, NULL);
    assert_int_equal(store_open(&s, f->spec, &f->d), 0);
    assert_int_equal(store_finding_get(s, &x, f->a, 0, rep[0]->findings[0]->fingerprint, NULL, &f->d), 0);
    assert_int_equal(store_finding_triage(s, x.id, &fp, &f->d), 0);
    assert_int_equal(store_finding_get(s, &x, f->a, 0, rep[0]->findings[1]->fingerprint, NULL, &f->d), 0);
    assert_int_equal(store_finding_triage(s, x.id, &old, &f->d), 0); /* already expired */
    store_close(s);

    rep[0] = report(f, "pip-audit/many-vulns.json"); /* fresh, unmarked findings */
    gate(f, rep, 1, &triaged);
    assert_int_equal(triaged, 1);
    for (i = 0; i < rep[0]->n_findings; i++)
        marked += store_gate_is_triaged(rep[0]->findings[i]);
    assert_int_equal(marked, 1);
    assert_true(rep[0]->findings[0]->suppressed);
    assert_string_equal(rep[0]->findings[0]->suppression_kind, "triaged false-positive: not shipped (by mona)");
    assert_false(rep[0]->findings[1]->suppressed);
}

static void test_without_a_spec_nothing_is_recorded_outside_git(void **state)
{
    struct fx *f = *state;
    struct store_gate_session ss;
    struct store_gate_result res;

    assert_int_equal(store_gate_session_open(&ss, f->a, NULL, f->dir, &f->d), 0);
    assert_null(ss.store);
    assert_int_equal(store_gate_record(&ss, &res, NULL, 0, NULL, false, &f->d), 0);
    assert_int_equal(res.gate_run_id, 0);
    store_gate_session_close(&ss);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_empty_native_report_covers_its_tool_and_fixes_its_findings),
        T(test_empty_sarif_log_covers_no_tool),
        T(test_findings_the_tool_suppressed_are_not_entered),
        T(test_triage_suppresses_until_the_risk_expires),
        T(test_without_a_spec_nothing_is_recorded_outside_git),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
