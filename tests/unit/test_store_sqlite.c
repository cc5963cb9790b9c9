/* SPDX-License-Identifier: MIT */
/* The SQLite store on real files in a temporary folder: migrations and
 * version checks, the register's transitions (new, seen, fixed only for
 * covered tools, reopened), triage and expiry, lookups, run records,
 * concurrent writers, default locations and repository identities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"

struct fx {
    char dir[64];
    char path[128];
    struct sg_arena *a;
    struct sg_diags d;
    struct store *s;
    int64_t repo;
};

static int setup(void **state)
{
    struct fx *f = sg_xcalloc(1, sizeof(*f));
    memcpy(f->dir, "/tmp/sg-store-XXXXXX", sizeof("/tmp/sg-store-XXXXXX"));
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/db/shipgate.db", f->dir);
    f->a = sg_arena_new();
    sg_diags_init(&f->d);
    if (store_open(&f->s, f->path, &f->d) != 0 ||
        store_repo_id(f->s, &f->repo, "github.com/octo/hello", &f->d) != 0) {
        sg_diags_print(&f->d, stderr);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[128];
    store_close(f->s);
    sg_diags_release(&f->d);
    sg_arena_free(f->a);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static struct gate_finding *mk(struct fx *f, const char *tool, const char *fp, const char *rule,
                               enum gate_severity sev)
{
    struct gate_finding *g = sg_arena_alloc(f->a, sizeof(*g));
    g->tool = tool;
    g->kind = GATE_KIND_SAST;
    g->rule = rule;
    g->severity = sev;
    g->title = sg_arena_printf(f->a, "%s finding", rule);
    g->path = "app/main.py";
    g->start_line = 10;
    g->end_line = 10;
    g->fingerprint = fp;
    return g;
}

/* Records one gate run covering `tools` with `n` findings. */
static struct store_gate_result gate(struct fx *f, const char *tools, struct gate_finding **fs,
                                     size_t n, int64_t time)
{
    struct store_gate_run r;
    struct store_gate_result res;
    const char *t[8];
    size_t nt = 0;
    char *list = sg_arena_strdup(f->a, tools), *p;

    for (p = strtok_r(list, ",", &list); p && nt < 8; p = strtok_r(NULL, ",", &list))
        t[nt++] = p;
    memset(&r, 0, sizeof(r));
    r.repo_id = f->repo;
    r.stage = "pr";
    r.ref = "refs/heads/main";
    r.sha = "0123456789abcdef0123456789abcdef01234567";
    r.tools = t;
    r.n_tools = nt;
    r.findings = (const struct gate_finding *const *)fs;
    r.n_findings = n;
    r.time = time;
    if (store_record_gate(f->s, &res, &r, &f->d) != 0) {
        sg_diags_print(&f->d, stderr);
        fail_msg("store_record_gate failed");
    }
    return res;
}

static struct store_finding get(struct fx *f, const char *ref)
{
    struct store_finding out;
    if (store_finding_get(f->s, &out, f->a, f->repo, ref, "2026-06-01", &f->d) != 0) {
        sg_diags_print(&f->d, stderr);
        fail_msg("no finding %s", ref);
    }
    return out;
}

static size_t count(struct fx *f, unsigned statuses, const char *today)
{
    struct store_finding_list l;
    struct store_finding_filter flt = {0};
    flt.repo_id = f->repo;
    flt.statuses = statuses;
    flt.today = today;
    assert_int_equal(store_findings_list(f->s, &l, f->a, &flt, &f->d), 0);
    return l.n;
}

static long long scalar(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long long v = -1;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

#define OPEN_BIT (1u << STORE_ST_OPEN)
#define FIXED_BIT (1u << STORE_ST_FIXED)

/* ---- opening and migrations ------------------------------------------------- */

static void test_new_store_is_migrated_with_wal_and_private_modes(void **state)
{
    struct fx *f = *state;
    struct stat sb;
    char dir[128];

    assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
    assert_int_equal(scalar(f->path, "SELECT MAX(version) FROM schema_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(scalar(f->path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                                     " ('repositories','runs','jobs','steps','gate_runs','findings',"
                                     "'deployments','approvals','tokens')"),
                     9);
    assert_int_equal(scalar(f->path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
    snprintf(dir, sizeof(dir), "%s/db", f->dir);
    assert_int_equal(stat(dir, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    assert_int_equal(stat(f->path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
}

static void test_reopening_keeps_data_and_applies_no_migration_twice(void **state)
{
    struct fx *f = *state;
    struct gate_finding *a = mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH);
    struct store *again;
    int64_t id;

    gate(f, "semgrep", &a, 1, 1000);
    assert_int_equal(store_open(&again, f->path, &f->d), 0);
    assert_int_equal(store_repo_find(again, &id, "github.com/octo/hello", &f->d), 0);
    assert_int_equal(id, f->repo);
    assert_int_equal(store_repo_find(again, &id, "github.com/octo/other", &f->d), 0);
    assert_int_equal(id, 0);
    store_close(again);
    assert_int_equal(scalar(f->path, "SELECT COUNT(*) FROM schema_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(count(f, 0, NULL), 1);
}

static void test_newer_schema_is_refused_with_a_clear_error(void **state)
{
    struct fx *f = *state;
    struct store *s2 = NULL;

    sql_exec(f->path, "INSERT INTO schema_version VALUES (99, 0)");
    assert_int_equal(store_open(&s2, f->path, &f->d), -1);
    assert_null(s2);
    assert_non_null(strstr(f->d.items[f->d.n - 1].message, "schema version 99 is newer"));
}

static void test_a_file_that_is_not_a_database_is_an_error(void **state)
{
    struct fx *f = *state;
    char path[160];
    struct store *s2 = NULL;
    FILE *fp;

    snprintf(path, sizeof(path), "%s/junk.db", f->dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("this is not an SQLite database, not even close; padding padding padding padding\n", fp);
    fclose(fp);
    assert_int_equal(store_open(&s2, path, &f->d), -1);
    assert_null(s2);
    assert_true(f->d.errors > 0);
}

static void test_specs_sqlite_prefix_and_postgres_refused(void **state)
{
    struct fx *f = *state;
    char spec[160];
    struct store *s2 = NULL;

    snprintf(spec, sizeof(spec), "sqlite:%s", f->path);
    assert_int_equal(store_open(&s2, spec, &f->d), 0);
    store_close(s2);
    s2 = NULL;
    assert_int_equal(store_open(&s2, "postgres://db.example/shipgate", &f->d), -1);
    assert_null(s2);
    assert_non_null(strstr(f->d.items[f->d.n - 1].message, "PostgreSQL"));
    assert_int_equal(store_open(&s2, "sqlite:", &f->d), -1);
}

static void test_default_spec_follows_env_then_xdg_then_home(void **state)
{
    struct sg_buf b = SG_BUF_INIT;
    struct sg_diags d;
    char *home = getenv("HOME") ? sg_xstrdup(getenv("HOME")) : NULL;
    (void)state;

    sg_diags_init(&d);
    setenv("SHIPGATE_STORE", "/srv/sg.db", 1);
    assert_int_equal(store_default_spec(&b, &d), 0);
    assert_string_equal(sg_buf_str(&b), "/srv/sg.db");
    unsetenv("SHIPGATE_STORE");
    setenv("XDG_DATA_HOME", "/data", 1);
    assert_int_equal(store_default_spec(&b, &d), 0);
    assert_string_equal(sg_buf_str(&b), "/data/shipgate/shipgate.db");
    setenv("XDG_DATA_HOME", "relative", 1);
    setenv("HOME", "/home/mona", 1);
    assert_int_equal(store_default_spec(&b, &d), 0);
    assert_string_equal(sg_buf_str(&b), "/home/mona/.local/share/shipgate/shipgate.db");
    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    assert_int_equal(store_default_spec(&b, &d), -1);
    if (home)
        setenv("HOME", home, 1);
    free(home);
    sg_buf_release(&b);
    sg_diags_release(&d);
}

/* ---- the register ------------------------------------------------------------- */

static void test_new_findings_open_and_seen_ones_keep_first_seen(void **state)
{
    struct fx *f = *state;
    struct gate_finding *fs[3] = {mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH),
                                  mk(f, "semgrep", "bbbb2222", "r2", GATE_SEV_LOW),
                                  mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH)};
    struct store_gate_result r;
    struct store_finding x;

    r = gate(f, "semgrep", fs, 3, 1000);
    assert_int_equal(r.added, 2);
    assert_int_equal(r.seen, 0); /* the duplicate in one gate counts once */
    fs[0]->start_line = 42;      /* moved */
    r = gate(f, "semgrep", fs, 2, 2000);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.seen, 2);
    assert_int_equal(r.fixed, 0);
    x = get(f, "aaaa1111");
    assert_int_equal(x.status, STORE_ST_OPEN);
    assert_int_equal(x.first_seen, 1000);
    assert_int_equal(x.last_seen, 2000);
    assert_int_equal(x.start_line, 42);
    assert_string_equal(x.severity, "high");
    assert_string_equal(x.repository, "github.com/octo/hello");
    assert_int_equal(x.first_gate_run + 1, x.last_gate_run);
}

static void test_unseen_finding_of_a_covered_tool_becomes_fixed(void **state)
{
    struct fx *f = *state;
    struct gate_finding *fs[2] = {mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH),
                                  mk(f, "semgrep", "bbbb2222", "r2", GATE_SEV_LOW)};
    struct store_gate_result r;
    struct store_finding x;

    gate(f, "semgrep", fs, 2, 1000);
    r = gate(f, "semgrep", fs, 1, 2000);
    assert_int_equal(r.fixed, 1);
    x = get(f, "bbbb2222");
    assert_int_equal(x.status, STORE_ST_FIXED);
    assert_int_equal(x.fixed_at, 2000);
    assert_int_equal(x.fixed_gate_run, r.gate_run_id);
    assert_int_equal(count(f, OPEN_BIT, NULL), 1);
    assert_int_equal(count(f, FIXED_BIT, NULL), 1);
    /* A gate with no findings at all still fixes what its tools covered. */
    r = gate(f, "semgrep", NULL, 0, 3000);
    assert_int_equal(r.fixed, 1);
    assert_int_equal(count(f, OPEN_BIT, NULL), 0);
}

static void test_finding_of_a_tool_the_gate_did_not_read_is_left_alone(void **state)
{
    struct fx *f = *state;
    struct gate_finding *fs[2] = {mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH),
                                  mk(f, "bandit", "cccc3333", "B101", GATE_SEV_LOW)};
    struct store_gate_result r;

    gate(f, "semgrep,bandit", fs, 2, 1000);
    r = gate(f, "semgrep", fs, 1, 2000); /* bandit's report was not given */
    assert_int_equal(r.fixed, 0);
    assert_int_equal(get(f, "cccc3333").status, STORE_ST_OPEN);
    r = gate(f, "trivy", NULL, 0, 3000);
    assert_int_equal(r.fixed, 0);
    r = gate(f, "bandit", NULL, 0, 4000);
    assert_int_equal(r.fixed, 1);
    assert_int_equal(get(f, "cccc3333").status, STORE_ST_FIXED);
    assert_int_equal(get(f, "aaaa1111").status, STORE_ST_OPEN);
}

static void test_fixed_finding_that_reappears_reopens_as_a_regression(void **state)
{
    struct fx *f = *state;
    struct gate_finding *a = mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH);
    struct store_gate_result r;
    struct store_event_list ev;
    struct store_finding x;

    gate(f, "semgrep", &a, 1, 1000);
    gate(f, "semgrep", NULL, 0, 2000);
    r = gate(f, "semgrep", &a, 1, 3000);
    assert_int_equal(r.reopened, 1);
    assert_int_equal(r.added, 0);
    x = get(f, "aaaa1111");
    assert_int_equal(x.status, STORE_ST_OPEN);
    assert_int_equal(x.regressions, 1);
    assert_int_equal(x.first_seen, 1000);
    assert_int_equal(x.fixed_at, 0);
    assert_int_equal(store_finding_events(f->s, &ev, f->a, x.id, &f->d), 0);
    assert_int_equal(ev.n, 3);
    assert_string_equal(ev.items[0].event, "opened");
    assert_string_equal(ev.items[1].event, "fixed");
    assert_string_equal(ev.items[2].event, "reopened");
}

static void test_registers_of_two_repositories_are_separate(void **state)
{
    struct fx *f = *state;
    struct gate_finding *a = mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH);
    int64_t first = f->repo, other;

    gate(f, "semgrep", &a, 1, 1000);
    assert_int_equal(store_repo_id(f->s, &other, "/home/mona/src/other", &f->d), 0);
    assert_true(other != first);
    f->repo = other;
    gate(f, "semgrep", NULL, 0, 2000); /* fixes nothing in the first one */
    assert_int_equal(count(f, 0, NULL), 0);
    f->repo = first;
    assert_int_equal(get(f, "aaaa1111").status, STORE_ST_OPEN);
}

/* ---- triage --------------------------------------------------------------------- */

static int triage(struct fx *f, int64_t id, enum store_status st, const char *reason,
                  const char *expires)
{
    struct store_triage t = {st, reason, expires, "mona", 5000};
    return store_finding_triage(f->s, id, &t, &f->d);
}

static void test_triage_needs_reasons_and_checks_dates(void **state)
{
    struct fx *f = *state;
    struct gate_finding *a = mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH);
    int64_t id;

    gate(f, "semgrep", &a, 1, 1000);
    id = get(f, "aaaa1111").id;
    assert_int_equal(triage(f, id, STORE_ST_ACCEPTED_RISK, NULL, NULL), -1);
    assert_int_equal(triage(f, id, STORE_ST_ACCEPTED_RISK, "", NULL), -1);
    assert_int_equal(triage(f, id, STORE_ST_FALSE_POSITIVE, NULL, NULL), -1);
    assert_int_equal(triage(f, id, STORE_ST_ACCEPTED_RISK, "why", "2026-02-30"), -1);
    assert_int_equal(triage(f, id, STORE_ST_ACCEPTED_RISK, "why", "tomorrow"), -1);
    assert_int_equal(triage(f, id, STORE_ST_FALSE_POSITIVE, "why", "2027-01-01"), -1);
    assert_int_equal(triage(f, id, STORE_ST_FIXED, "why", NULL), -1);
    assert_int_equal(triage(f, 999, STORE_ST_FALSE_POSITIVE, "why", NULL), -1);
    assert_int_equal(get(f, "aaaa1111").status, STORE_ST_OPEN);
    assert_int_equal(triage(f, id, STORE_ST_FALSE_POSITIVE, "test data only", NULL), 0);
    assert_int_equal(get(f, "aaaa1111").status, STORE_ST_FALSE_POSITIVE);
    assert_string_equal(get(f, "aaaa1111").reason, "test data only");
    assert_string_equal(get(f, "aaaa1111").triaged_by, "mona");
}

static void test_accepted_risk_counts_as_open_after_its_expiry(void **state)
{
    struct fx *f = *state;
    struct gate_finding *a = mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH);
    struct store_finding x;
    int64_t id;

    gate(f, "semgrep", &a, 1, 1000);
    id = get(f, "aaaa1111").id;
    assert_int_equal(triage(f, id, STORE_ST_ACCEPTED_RISK, "vendor fix due", "2026-03-31"), 0);
    assert_int_equal(count(f, OPEN_BIT, "2026-03-31"), 0); /* valid through that day */
    assert_int_equal(count(f, 1u << STORE_ST_ACCEPTED_RISK, "2026-03-31"), 1);
    assert_int_equal(count(f, OPEN_BIT, "2026-04-01"), 1);
    assert_int_equal(count(f, 1u << STORE_ST_ACCEPTED_RISK, "2026-04-01"), 0);
    x = get(f, "aaaa1111"); /* as of 2026-06-01 */
    assert_int_equal(x.status, STORE_ST_ACCEPTED_RISK);
    assert_int_equal(x.effective, STORE_ST_OPEN);
    assert_string_equal(x.expires, "2026-03-31");
}

static void test_triage_survives_later_gates_until_fixed_then_reopen_clears_it(void **state)
{
    struct fx *f = *state;
    struct gate_finding *a = mk(f, "semgrep", "aaaa1111", "r1", GATE_SEV_HIGH);
    struct store_finding x;

    gate(f, "semgrep", &a, 1, 1000);
    assert_int_equal(triage(f, get(f, "aaaa1111").id, STORE_ST_ACCEPTED_RISK, "ok", NULL), 0);
    gate(f, "semgrep", &a, 1, 2000);
    assert_int_equal(get(f, "aaaa1111").status, STORE_ST_ACCEPTED_RISK);
    gate(f, "semgrep", NULL, 0, 3000);
    x = get(f, "aaaa1111");
    assert_int_equal(x.status, STORE_ST_FIXED);
    assert_int_equal(triage(f, x.id, STORE_ST_OPEN, NULL, NULL), -1); /* fixed */
    gate(f, "semgrep", &a, 1, 4000);
    x = get(f, "aaaa1111");
    assert_int_equal(x.status, STORE_ST_OPEN);
    assert_null(x.reason);
    assert_int_equal(triage(f, x.id, STORE_ST_ACCEPTED_RISK, "again", "2030-01-01"), 0);
    assert_int_equal(triage(f, x.id, STORE_ST_OPEN, NULL, NULL), 0);
    x = get(f, "aaaa1111");
    assert_int_equal(x.status, STORE_ST_OPEN);
    assert_null(x.expires);
}

/* ---- lookups and lists ---------------------------------------------------------------- */

static void test_lookup_by_id_fingerprint_and_unique_prefix(void **state)
{
    struct fx *f = *state;
    struct gate_finding *fs[3] = {mk(f, "semgrep", "abcd1111ffff", "r1", GATE_SEV_HIGH),
                                  mk(f, "semgrep", "abcd2222ffff", "r2", GATE_SEV_LOW),
                                  mk(f, "trivy", "0123456789", "CVE-1", GATE_SEV_CRITICAL)};
    struct store_finding x;
    char id[32];

    gate(f, "semgrep,trivy", fs, 3, 1000);
    x = get(f, "abcd2222ffff");
    snprintf(id, sizeof(id), "%lld", (long long)x.id);
    assert_string_equal(get(f, id).fingerprint, "abcd2222ffff");
    assert_string_equal(get(f, "ABCD2").fingerprint, "abcd2222ffff");
    assert_string_equal(get(f, "0123").fingerprint, "0123456789"); /* not an id */
    assert_int_equal(store_finding_get(f->s, &x, f->a, f->repo, "abcd", NULL, &f->d), -1);
    assert_non_null(strstr(f->d.items[f->d.n - 1].message, "ambiguous"));
    assert_int_equal(store_finding_get(f->s, &x, f->a, f->repo, "abc", NULL, &f->d), -1);
    assert_int_equal(store_finding_get(f->s, &x, f->a, f->repo, "zz' OR 1=1 --", NULL, &f->d), -1);
    assert_int_equal(store_finding_get(f->s, &x, f->a, f->repo, "4242", NULL, &f->d), -1);
}

static void test_list_filters_and_orders_by_severity(void **state)
{
    struct fx *f = *state;
    struct gate_finding *fs[3] = {mk(f, "semgrep", "aaaa", "r1", GATE_SEV_LOW),
                                  mk(f, "bandit", "bbbb", "B1", GATE_SEV_HIGH),
                                  mk(f, "trivy", "cccc", "CVE-1", GATE_SEV_CRITICAL)};
    struct store_finding_filter flt = {0};
    struct store_finding_list l;

    fs[2]->kind = GATE_KIND_DEPENDENCY;
    fs[2]->path = NULL;
    fs[2]->package = "openssl";
    fs[2]->installed_version = "3.0.1";
    fs[2]->advisories = (const char *[]){"CVE-1", "GHSA-x"};
    fs[2]->n_advisories = 2;
    gate(f, "semgrep,bandit,trivy", fs, 3, 1000);
    assert_int_equal(store_findings_list(f->s, &l, f->a, &flt, &f->d), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[0].severity, "critical");
    assert_string_equal(l.items[0].package, "openssl");
    assert_string_equal(l.items[0].advisories, "CVE-1,GHSA-x");
    assert_null(l.items[0].path);
    assert_string_equal(l.items[2].severity, "low");
    flt.tool = "bandit";
    assert_int_equal(store_findings_list(f->s, &l, f->a, &flt, &f->d), 0);
    assert_int_equal(l.n, 1);
    flt.tool = NULL;
    flt.severity = "critical";
    assert_int_equal(store_findings_list(f->s, &l, f->a, &flt, &f->d), 0);
    assert_int_equal(l.n, 1);
    flt.severity = "high'; DROP TABLE findings; --";
    assert_int_equal(store_findings_list(f->s, &l, f->a, &flt, &f->d), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(count(f, 0, NULL), 3);
}

/* ---- runs ------------------------------------------------------------------------------- */

static void test_run_report_is_recorded_with_jobs_and_steps(void **state)
{
    struct fx *f = *state;
    struct store_step steps[2] = {{"s1", "checkout", "success", "success", 12},
                                  {"s2", "pytest", "failure", "failure", 3400}};
    struct store_job jobs[2] = {{"test", "test (3.11)", "{\"py\":\"3.11\"}", "failure", 1000, 3500,
                                 steps, 2},
                                {"lint", "lint", NULL, "success", 1000, 200, NULL, 0}};
    struct store_run r = {f->repo, ".github/workflows/ci.yml", "CI", "push", "refs/heads/main",
                          "0123456789abcdef0123456789abcdef01234567", "failure", 1000, 1004,
                          jobs, 2};
    int64_t id = 0;

    assert_int_equal(store_record_run(f->s, &id, &r, &f->d), 0);
    assert_true(id > 0);
    assert_int_equal(scalar(f->path, "SELECT COUNT(*) FROM jobs"), 2);
    assert_int_equal(scalar(f->path, "SELECT SUM(duration_ms) FROM steps"), 3412);
    assert_int_equal(scalar(f->path, "SELECT COUNT(*) FROM steps WHERE conclusion = 'failure'"
                                     " AND position = 1"),
                     1);
    r.repo_id = 12345; /* no such repository: foreign keys hold */
    assert_int_equal(store_record_run(f->s, &id, &r, &f->d), -1);
    assert_int_equal(scalar(f->path, "SELECT COUNT(*) FROM runs"), 1);
    assert_int_equal(scalar(f->path, "SELECT COUNT(*) FROM jobs"), 2); /* rolled back */
}

/* ---- concurrency ------------------------------------------------------------------------- */

static int child_gate(const char *path, int i)
{
    struct sg_diags d;
    struct sg_arena *a = sg_arena_new();
    struct store *s;
    struct store_gate_run r;
    struct store_gate_result res;
    struct gate_finding g;
    const struct gate_finding *gp = &g;
    const char *tool = "semgrep";
    int64_t repo;
    int rc = 1;

    sg_diags_init(&d);
    memset(&g, 0, sizeof(g));
    g.tool = "semgrep";
    g.rule = "r";
    g.severity = GATE_SEV_HIGH;
    g.fingerprint = sg_arena_printf(a, "%04x", i);
    memset(&r, 0, sizeof(r));
    r.tools = &tool;
    r.n_tools = 1;
    r.findings = &gp;
    r.n_findings = 1;
    if (store_open(&s, path, &d) == 0) {
        if (store_repo_id(s, &repo, "github.com/octo/race", &d) == 0) {
            r.repo_id = repo;
            rc = store_record_gate(s, &res, &r, &d) == 0 ? 0 : 1;
        }
        store_close(s);
    }
    if (rc)
        sg_diags_print(&d, stderr);
    sg_diags_release(&d);
    sg_arena_free(a);
    return rc;
}

static void test_concurrent_processes_open_migrate_and_write_one_new_store(void **state)
{
    struct fx *f = *state;
    char path[160];
    pid_t pids[8];
    int i, status, failed = 0;

    snprintf(path, sizeof(path), "%s/race/shipgate.db", f->dir);
    for (i = 0; i < 8; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0)
            _exit(child_gate(path, i));
    }
    for (i = 0; i < 8; i++) {
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    assert_int_equal(failed, 0);
    assert_int_equal(scalar(path, "SELECT COUNT(*) FROM schema_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(scalar(path, "SELECT COUNT(*) FROM repositories"), 1);
    assert_int_equal(scalar(path, "SELECT COUNT(*) FROM gate_runs"), 8);
    /* Each gate covered semgrep and saw only its own finding: every one but
     * the last gate's finding is fixed. */
    assert_int_equal(scalar(path, "SELECT COUNT(*) FROM findings WHERE status = 'open'"), 1);
    assert_int_equal(scalar(path, "SELECT COUNT(*) FROM findings WHERE status = 'fixed'"), 7);
}

/* ---- repository identity ----------------------------------------------------------------- */

static const char *identity_with_origin(struct fx *f, const char *url)
{
    struct sg_buf cmd = SG_BUF_INIT, out = SG_BUF_INIT;
    const char *res;

    sg_buf_addf(&cmd, "cd '%s' && rm -rf r && git init -q r %s%s%s", f->dir,
                url ? "&& git -C r config remote.origin.url '" : "", url ? url : "", url ? "'" : "");
    assert_int_equal(system(cmd.data), 0);
    sg_buf_reset(&cmd);
    sg_buf_addf(&cmd, "%s/r/", f->dir);
    assert_int_equal(store_repo_identity(&out, cmd.data, false, &f->d), 0);
    res = sg_arena_strdup(f->a, sg_buf_str(&out));
    sg_buf_release(&cmd);
    sg_buf_release(&out);
    return res;
}

static void test_repository_identity_from_origin_or_path(void **state)
{
    struct fx *f = *state;
    struct sg_buf out = SG_BUF_INIT;
    char real[4096], expect[4200];

    assert_string_equal(identity_with_origin(f, "https://user:tok@GitHub.com/Octo/Hello.git"),
                        "github.com/Octo/Hello");
    assert_string_equal(identity_with_origin(f, "git@github.com:Octo/Hello.git"),
                        "github.com/Octo/Hello");
    assert_string_equal(identity_with_origin(f, "ssh://git@github.com:22/Octo/Hello/"),
                        "github.com/Octo/Hello");
    assert_string_equal(identity_with_origin(f, "https://git.example:8443/team/app"),
                        "git.example:8443/team/app");
    assert_non_null(realpath(f->dir, real));
    snprintf(expect, sizeof(expect), "%s/r", real);
    assert_string_equal(identity_with_origin(f, NULL), expect);
    assert_int_equal(store_repo_identity(&out, "/", false, &f->d), 1);
    assert_int_equal(store_repo_identity(&out, "/", true, &f->d), 0);
    assert_string_equal(sg_buf_str(&out), "/");
    sg_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_new_store_is_migrated_with_wal_and_private_modes),
        T(test_reopening_keeps_data_and_applies_no_migration_twice),
        T(test_newer_schema_is_refused_with_a_clear_error),
        T(test_a_file_that_is_not_a_database_is_an_error),
        T(test_specs_sqlite_prefix_and_postgres_refused),
        cmocka_unit_test(test_default_spec_follows_env_then_xdg_then_home),
        T(test_new_findings_open_and_seen_ones_keep_first_seen),
        T(test_unseen_finding_of_a_covered_tool_becomes_fixed),
        T(test_finding_of_a_tool_the_gate_did_not_read_is_left_alone),
        T(test_fixed_finding_that_reappears_reopens_as_a_regression),
        T(test_registers_of_two_repositories_are_separate),
        T(test_triage_needs_reasons_and_checks_dates),
        T(test_accepted_risk_counts_as_open_after_its_expiry),
        T(test_triage_survives_later_gates_until_fixed_then_reopen_clears_it),
        T(test_lookup_by_id_fingerprint_and_unique_prefix),
        T(test_list_filters_and_orders_by_severity),
        T(test_run_report_is_recorded_with_jobs_and_steps),
        T(test_concurrent_processes_open_migrate_and_write_one_new_store),
        T(test_repository_identity_from_origin_or_path),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
