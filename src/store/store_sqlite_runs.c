/* SPDX-License-Identifier: MIT */
/*
 * Workflow runs on SQLite: one run report (DESIGN.md section 4) becomes a
 * run with its jobs and their steps, in one transaction, for metrics and
 * the server to read later.
 */
#include "store/sqlite_int.h"

static int insert_steps(struct sqlite_store *s, int64_t job, const struct store_job *j,
                        struct sg_diags *d)
{
    sqlite3_stmt *st;
    size_t i;
    int rc = 0;

    if (store_sql_prepare(s, &st,
                          "INSERT INTO steps (job_id, position, step_key, name, outcome,"
                          " conclusion, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          d) != 0)
        return -1;
    for (i = 0; i < j->n_steps && rc == 0; i++) {
        const struct store_step *p = &j->steps[i];
        sqlite3_bind_int64(st, 1, job);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        store_sql_text(st, 3, p->id);
        store_sql_text(st, 4, p->name);
        store_sql_text(st, 5, p->outcome);
        store_sql_text(st, 6, p->conclusion);
        sqlite3_bind_int64(st, 7, p->duration_ms);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_sql_fail(s, "cannot record a step", d);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

static int insert_job(struct sqlite_store *s, int64_t run, const struct store_job *j,
                      struct sg_diags *d)
{
    sqlite3_stmt *st;
    if (store_sql_prepare(s, &st,
                          "INSERT INTO jobs (run_id, job_key, name, matrix, conclusion,"
                          " started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          d) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, run);
    store_sql_text(st, 2, j->id ? j->id : "");
    store_sql_text(st, 3, j->name);
    store_sql_text(st, 4, j->matrix_json);
    store_sql_text(st, 5, j->conclusion);
    if (j->started)
        sqlite3_bind_int64(st, 6, j->started);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_int64(st, 7, j->duration_ms);
    if (store_sql_done(s, st, "cannot record a job", d) != 0)
        return -1;
    return insert_steps(s, sqlite3_last_insert_rowid(s->db), j, d);
}

static int insert_run(struct sqlite_store *s, int64_t *out, const struct store_run *r,
                      struct sg_diags *d)
{
    sqlite3_stmt *st;
    if (store_sql_prepare(s, &st,
                          "INSERT INTO runs (repo_id, workflow, workflow_name, event, ref, sha,"
                          " conclusion, started_at, finished_at, created_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          d) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, r->repo_id);
    store_sql_text(st, 2, r->workflow ? r->workflow : "");
    store_sql_text(st, 3, r->workflow_name);
    store_sql_text(st, 4, r->event ? r->event : "push");
    store_sql_text(st, 5, r->ref);
    store_sql_text(st, 6, r->sha);
    store_sql_text(st, 7, r->conclusion);
    sqlite3_bind_int64(st, 8, r->started);
    sqlite3_bind_int64(st, 9, r->finished);
    sqlite3_bind_int64(st, 10, store_now());
    if (store_sql_done(s, st, "cannot record the run", d) != 0)
        return -1;
    *out = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int store_sqlite_record_run(struct store *base, int64_t *out, const struct store_run *r,
                            struct sg_diags *d)
{
    struct sqlite_store *s = sqlite_store_of(base);
    size_t i;

    if (store_sql_begin(s, d) != 0)
        return -1;
    if (insert_run(s, out, r, d) != 0)
        goto fail;
    for (i = 0; i < r->n_jobs; i++)
        if (insert_job(s, *out, &r->jobs[i], d) != 0)
            goto fail;
    return store_sql_commit(s, d);
fail:
    store_sql_rollback(s);
    *out = 0;
    return -1;
}
