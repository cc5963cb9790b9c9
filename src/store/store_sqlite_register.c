/* SPDX-License-Identifier: MIT */
/*
 * The findings register on SQLite: applying one gate run to a repository's
 * findings (new, seen, reopened, fixed; docs/findings.md), listing and
 * looking findings up with accepted-risk expiry applied at read time, and
 * triage. Each write is one transaction.
 */
#include <ctype.h>

#include "store/sqlite_int.h"

/* ---- recording a gate run ------------------------------------------------------- */

static int insert_gate_run(struct sqlite_store *s, int64_t *out, const struct store_gate_run *r,
                           int64_t now, struct sg_diags *d)
{
    sqlite3_stmt *st;
    if (store_sql_prepare(s, &st,
                          "INSERT INTO gate_runs (repo_id, stage, ref, sha, decision, n_findings,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          d) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, r->repo_id);
    store_sql_text(st, 2, r->stage);
    store_sql_text(st, 3, r->ref);
    store_sql_text(st, 4, r->sha);
    store_sql_text(st, 5, r->block ? "block" : "pass");
    sqlite3_bind_int64(st, 6, (sqlite3_int64)r->n_findings);
    sqlite3_bind_int64(st, 7, now);
    if (store_sql_done(s, st, "cannot record the gate run", d) != 0)
        return -1;
    *out = sqlite3_last_insert_rowid(s->db);
    return 0;
}

static int insert_tools(struct sqlite_store *s, int64_t gate_run, const struct store_gate_run *r,
                        struct sg_diags *d)
{
    sqlite3_stmt *st;
    size_t i;
    int rc = 0;

    if (store_sql_prepare(s, &st,
                          "INSERT INTO gate_run_tools (gate_run_id, tool) VALUES (?, ?)"
                          " ON CONFLICT (gate_run_id, tool) DO NOTHING",
                          d) != 0)
        return -1;
    for (i = 0; i < r->n_tools && rc == 0; i++) {
        sqlite3_bind_int64(st, 1, gate_run);
        store_sql_text(st, 2, r->tools[i]);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_sql_fail(s, "cannot record the gate's tools", d);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

int store_sqlite_add_event(struct sqlite_store *s, int64_t finding, int64_t gate_run,
                           const char *event, const char *status, const struct store_triage *t,
                           int64_t now, struct sg_diags *d)
{
    sqlite3_stmt *st;
    if (store_sql_cached(s, &st,
                         "INSERT INTO finding_events (finding_id, gate_run_id, event, status,"
                         " reason, actor, expires, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         d) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, finding);
    if (gate_run)
        sqlite3_bind_int64(st, 2, gate_run);
    else
        sqlite3_bind_null(st, 2);
    store_sql_text(st, 3, event);
    store_sql_text(st, 4, status);
    store_sql_text(st, 5, t ? t->reason : NULL);
    store_sql_text(st, 6, t ? t->who : NULL);
    store_sql_text(st, 7, t ? t->expires : NULL);
    sqlite3_bind_int64(st, 8, now);
    return store_sql_done(s, st, "cannot record the finding's history", d);
}

static char *join_advisories(const struct gate_finding *f)
{
    struct sg_buf b = SG_BUF_INIT;
    size_t i;
    if (!f->n_advisories)
        return NULL;
    for (i = 0; i < f->n_advisories; i++)
        sg_buf_addf(&b, "%s%s", i ? "," : "", f->advisories[i]);
    return sg_buf_detach(&b);
}

/* Binds the descriptive columns, in the order of the two statements below,
 * starting at `idx`. */
static void bind_details(sqlite3_stmt *st, int idx, const struct gate_finding *f)
{
    char *adv = join_advisories(f);
    store_sql_text(st, idx++, f->tool);
    store_sql_text(st, idx++, gate_kind_name(f->kind));
    store_sql_text(st, idx++, f->rule);
    store_sql_text(st, idx++, gate_severity_name(f->severity));
    sqlite3_bind_int(st, idx++, f->severity_unknown);
    store_sql_text(st, idx++, f->title);
    store_sql_text(st, idx++, f->message);
    store_sql_text(st, idx++, f->help_url);
    store_sql_text(st, idx++, f->path);
    sqlite3_bind_int(st, idx++, f->start_line);
    sqlite3_bind_int(st, idx++, f->end_line);
    store_sql_text(st, idx++, f->package);
    store_sql_text(st, idx++, f->installed_version);
    store_sql_text(st, idx++, f->fixed_version);
    store_sql_text(st, idx++, f->ecosystem);
    store_sql_text(st, idx++, f->target);
    store_sql_text(st, idx, adv);
    free(adv);
}

#define DETAIL_COLS                                                                                \
    "tool, kind, rule, severity, severity_unknown, title, message, help_url, path, start_line,"    \
    " end_line, package, installed_version, fixed_version, ecosystem, target, advisories"
#define N_DETAILS 17

static int insert_finding(struct sqlite_store *s, int64_t repo, int64_t gate_run, int64_t now,
                          const struct gate_finding *f, struct sg_diags *d)
{
    sqlite3_stmt *st;
    if (store_sql_cached(s, &st,
                         "INSERT INTO findings (" DETAIL_COLS ", repo_id, fingerprint,"
                         " first_seen, last_seen, first_gate_run, last_gate_run, status)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                         " ?, ?, ?, ?, ?, ?, 'open')",
                         d) != 0)
        return -1;
    bind_details(st, 1, f);
    sqlite3_bind_int64(st, N_DETAILS + 1, repo);
    store_sql_text(st, N_DETAILS + 2, f->fingerprint);
    sqlite3_bind_int64(st, N_DETAILS + 3, now);
    sqlite3_bind_int64(st, N_DETAILS + 4, now);
    sqlite3_bind_int64(st, N_DETAILS + 5, gate_run);
    sqlite3_bind_int64(st, N_DETAILS + 6, gate_run);
    if (store_sql_done(s, st, "cannot record a finding", d) != 0)
        return -1;
    return store_sqlite_add_event(s, sqlite3_last_insert_rowid(s->db), gate_run, "opened", "open",
                                  NULL, now, d);
}

/* Seen again: the location and wording may have moved, so they follow the
 * latest gate; a fixed finding reopens and its old triage no longer holds. */
static int update_finding(struct sqlite_store *s, int64_t id, bool reopen, int64_t gate_run,
                          int64_t now, const struct gate_finding *f, struct sg_diags *d)
{
    sqlite3_stmt *st;
    const char *sql =
        reopen ? "UPDATE findings SET (" DETAIL_COLS ", last_seen, last_gate_run, status,"
                 " regressions, fixed_at, fixed_gate_run, triage_reason, triage_expires)"
                 " = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open',"
                 " regressions + 1, NULL, NULL, NULL, NULL) WHERE id = ?"
               : "UPDATE findings SET (" DETAIL_COLS ", last_seen, last_gate_run)"
                 " = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?";

    if (store_sql_cached(s, &st, sql, d) != 0)
        return -1;
    bind_details(st, 1, f);
    sqlite3_bind_int64(st, N_DETAILS + 1, now);
    sqlite3_bind_int64(st, N_DETAILS + 2, gate_run);
    sqlite3_bind_int64(st, N_DETAILS + 3, id);
    if (store_sql_done(s, st, "cannot update a finding", d) != 0)
        return -1;
    return reopen ? store_sqlite_add_event(s, id, gate_run, "reopened", "open", NULL, now, d) : 0;
}

static int upsert(struct sqlite_store *s, struct store_gate_result *res, int64_t repo, int64_t now,
                  const struct gate_finding *f, struct sg_diags *d)
{
    sqlite3_stmt *st;
    int64_t id = 0, last = 0;
    bool fixed = false;
    int rc;

    if (store_sql_cached(s, &st,
                         "SELECT id, status, last_gate_run FROM findings"
                         " WHERE repo_id = ? AND fingerprint = ?",
                         d) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, repo);
    store_sql_text(st, 2, f->fingerprint);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        fixed = strcmp((const char *)sqlite3_column_text(st, 1), "fixed") == 0;
        last = sqlite3_column_int64(st, 2);
    }
    store_sql_finish(s, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sql_fail(s, "cannot look up a finding", d);
    if (!id) {
        res->added++;
        return insert_finding(s, repo, res->gate_run_id, now, f, d);
    }
    if (last == res->gate_run_id) /* the same finding twice in one gate */
        return 0;
    if (fixed)
        res->reopened++;
    else
        res->seen++;
    return update_finding(s, id, fixed, res->gate_run_id, now, f, d);
}

/* Findings of this repository that the gate covered (by tool) but did not
 * see are fixed; those of tools it did not read stay as they were. */
#define FIXED_WHERE                                                                                \
    " WHERE repo_id = ?1 AND status <> 'fixed' AND last_gate_run <> ?2"                            \
    " AND tool IN (SELECT tool FROM gate_run_tools WHERE gate_run_id = ?2)"

static int fixed_step(struct sqlite_store *s, const char *sql, int64_t repo, int64_t gate_run,
                      int64_t now, struct sg_diags *d)
{
    sqlite3_stmt *st;
    if (store_sql_prepare(s, &st, sql, d) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, repo);
    sqlite3_bind_int64(st, 2, gate_run);
    sqlite3_bind_int64(st, 3, now);
    return store_sql_done(s, st, "cannot mark fixed findings", d);
}

/* Findings of this repository that the gate covered (by tool) but did not
 * see are fixed; those of tools it did not read stay as they were. */
static int mark_fixed(struct sqlite_store *s, struct store_gate_result *res, int64_t repo,
                      int64_t now, struct sg_diags *d)
{
    if (fixed_step(s,
                   "INSERT INTO finding_events (finding_id, gate_run_id, event, status, created_at)"
                   " SELECT id, ?2, 'fixed', 'fixed', ?3 FROM findings" FIXED_WHERE,
                   repo, res->gate_run_id, now, d) != 0 ||
        fixed_step(
            s,
            "UPDATE findings SET status = 'fixed', fixed_at = ?3, fixed_gate_run = ?2" FIXED_WHERE,
            repo, res->gate_run_id, now, d) != 0)
        return -1;
    res->fixed = (size_t)sqlite3_changes(s->db);
    return 0;
}

int store_sqlite_record_gate(struct store *base, struct store_gate_result *out,
                             const struct store_gate_run *r, struct sg_diags *d)
{
    struct sqlite_store *s = sqlite_store_of(base);
    int64_t now = r->time ? r->time : store_now();
    size_t i;

    if (store_sql_begin(s, d) != 0)
        return -1;
    if (insert_gate_run(s, &out->gate_run_id, r, now, d) != 0 ||
        insert_tools(s, out->gate_run_id, r, d) != 0)
        goto fail;
    for (i = 0; i < r->n_findings; i++) {
        const struct gate_finding *f = r->findings[i];
        if (!f->fingerprint || !*f->fingerprint || !f->tool)
            continue;
        if (upsert(s, out, r->repo_id, now, f, d) != 0)
            goto fail;
    }
    if (mark_fixed(s, out, r->repo_id, now, d) != 0)
        goto fail;
    return store_sql_commit(s, d);
fail:
    store_sql_rollback(s);
    return -1;
}
