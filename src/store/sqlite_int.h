/* SPDX-License-Identifier: MIT */
/*
 * Shared by the SQLite backend's files: the connection, statement helpers
 * that bind NULL for absent strings, transactions and error reporting.
 * store_sqlite.c opens and migrates; store_sqlite_register.c keeps the
 * findings register; store_sqlite_runs.c records workflow runs.
 */
#ifndef STORE_SQLITE_INT_H
#define STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store_int.h"

#define STORE_SQL_CACHE 8

struct sqlite_store {
    struct store base; /* first: the public handle points here */
    sqlite3 *db;
    char *path;
    /* Statements a gate run executes once per finding, prepared once;
     * keyed by the address of their (literal) SQL text. */
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STORE_SQL_CACHE];
    size_t n_cache;
};

static inline struct sqlite_store *sqlite_store_of(struct store *s)
{
    return (struct sqlite_store *)s;
}

/* Records "store 'PATH': WHAT: sqlite's message" in `d`; returns -1. */
int store_sql_fail(struct sqlite_store *s, const char *what, struct sg_diags *d);
/* Prepares `sql`; -1 with a diagnostic on error. */
int store_sql_prepare(struct sqlite_store *s, sqlite3_stmt **out, const char *sql,
                      struct sg_diags *d);
/* Like store_sql_prepare for a string literal run many times: the statement
 * is kept (reset, bindings cleared) until the store closes. Never pass
 * SQL built at run time: the cache is keyed by the text's address. */
int store_sql_cached(struct sqlite_store *s, sqlite3_stmt **out, const char *sql,
                     struct sg_diags *d);
/* Done with a statement: reset when cached, finalized otherwise. */
void store_sql_finish(struct sqlite_store *s, sqlite3_stmt *st);
/* Runs a statement that returns no rows; -1 with a diagnostic on error. */
int store_sql_exec(struct sqlite_store *s, const char *sql, struct sg_diags *d);
/* Steps a prepared statement that returns no rows, then finishes it. */
int store_sql_done(struct sqlite_store *s, sqlite3_stmt *st, const char *what,
                   struct sg_diags *d);
/* Binds `v`, or NULL when v is NULL. */
void store_sql_text(sqlite3_stmt *st, int idx, const char *v);
/* Column `i` copied into `a`; NULL for SQL NULL. */
const char *store_sql_col(struct sg_arena *a, sqlite3_stmt *st, int i);

/* BEGIN IMMEDIATE: takes the write lock up front, so two writers queue on
 * the busy timeout instead of one failing when it upgrades. */
int store_sql_begin(struct sqlite_store *s, struct sg_diags *d);
int store_sql_commit(struct sqlite_store *s, struct sg_diags *d);
void store_sql_rollback(struct sqlite_store *s);

/* Grows an arena array (the old one is left in the arena). */
void *store_arena_grow(struct sg_arena *a, void *items, size_t *cap, size_t n, size_t size);

/* store_sqlite_register.c (record_gate), store_sqlite_findings.c (the rest) */
int store_sqlite_record_gate(struct store *s, struct store_gate_result *out,
                             const struct store_gate_run *run, struct sg_diags *d);
int store_sqlite_findings_list(struct store *s, struct store_finding_list *out,
                               struct sg_arena *a, const struct store_finding_filter *f,
                               const char *today, struct sg_diags *d);
int store_sqlite_finding_get(struct store *s, struct store_finding *out, struct sg_arena *a,
                             int64_t repo_id, const char *ref, const char *today,
                             struct sg_diags *d);
int store_sqlite_finding_events(struct store *s, struct store_event_list *out,
                                struct sg_arena *a, int64_t finding_id, struct sg_diags *d);
int store_sqlite_finding_triage(struct store *s, int64_t finding_id,
                                const struct store_triage *t, struct sg_diags *d);
/* Appends to a finding's history; gate_run 0 for none, t NULL for none. */
int store_sqlite_add_event(struct sqlite_store *s, int64_t finding, int64_t gate_run,
                           const char *event, const char *status, const struct store_triage *t,
                           int64_t now, struct sg_diags *d);
/* store_sqlite_runs.c */
int store_sqlite_record_run(struct store *s, int64_t *out, const struct store_run *r,
                            struct sg_diags *d);

#endif
