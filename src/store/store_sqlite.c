/* SPDX-License-Identifier: MIT */
/*
 * The SQLite backend: opening a store file, connection settings (WAL so
 * readers never wait for the writer, a busy timeout so concurrent shipgate
 * processes queue instead of failing, foreign keys enforced), versioned
 * migrations from schema.def, and the statement helpers the other
 * store_sqlite_*.c files share. The register and the run records live in
 * store_sqlite_register.c and store_sqlite_runs.c.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_int.h"

#define BUSY_TIMEOUT_MS 15000

struct migration {
    int version;
    const char *sql;
};

#define STORE_ID "INTEGER PRIMARY KEY"
#define STORE_MIGRATION(v, sql) {v, sql},
static const struct migration migrations[] = {
#include "store/schema.def"
};
#undef STORE_MIGRATION
#undef STORE_ID

/* ---- helpers shared by the backend's files ------------------------------------ */

int store_sql_fail(struct sqlite_store *s, const char *what, struct sg_diags *d)
{
    sg_diag_add(d, SG_SEV_ERROR, s->path, 0, 0, "store: %s: %s", what, sqlite3_errmsg(s->db));
    return -1;
}

int store_sql_prepare(struct sqlite_store *s, sqlite3_stmt **out, const char *sql,
                      struct sg_diags *d)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, out, NULL) != SQLITE_OK) {
        *out = NULL;
        return store_sql_fail(s, "cannot prepare a statement", d);
    }
    return 0;
}

int store_sql_cached(struct sqlite_store *s, sqlite3_stmt **out, const char *sql,
                     struct sg_diags *d)
{
    size_t i;
    for (i = 0; i < s->n_cache; i++) {
        if (s->cache[i].sql == sql) {
            *out = s->cache[i].st;
            sqlite3_reset(*out);
            sqlite3_clear_bindings(*out);
            return 0;
        }
    }
    if (store_sql_prepare(s, out, sql, d) != 0)
        return -1;
    if (s->n_cache < STORE_SQL_CACHE) {
        s->cache[s->n_cache].sql = sql;
        s->cache[s->n_cache++].st = *out;
    }
    return 0;
}

void store_sql_finish(struct sqlite_store *s, sqlite3_stmt *st)
{
    size_t i;
    for (i = 0; i < s->n_cache; i++) {
        if (s->cache[i].st == st) {
            sqlite3_reset(st);
            return;
        }
    }
    sqlite3_finalize(st);
}

int store_sql_exec(struct sqlite_store *s, const char *sql, struct sg_diags *d)
{
    char *err = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        sg_diag_add(d, SG_SEV_ERROR, s->path, 0, 0, "store: %s", err ? err : "unknown error");
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

int store_sql_done(struct sqlite_store *s, sqlite3_stmt *st, const char *what,
                   struct sg_diags *d)
{
    int rc = sqlite3_step(st);
    int out = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_sql_fail(s, what, d);
    store_sql_finish(s, st);
    return out;
}

void store_sql_text(sqlite3_stmt *st, int idx, const char *v)
{
    if (v)
        sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, idx);
}

const char *store_sql_col(struct sg_arena *a, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? sg_arena_strdup(a, (const char *)t) : NULL;
}

int store_sql_begin(struct sqlite_store *s, struct sg_diags *d)
{
    return store_sql_exec(s, "BEGIN IMMEDIATE", d);
}

int store_sql_commit(struct sqlite_store *s, struct sg_diags *d)
{
    if (store_sql_exec(s, "COMMIT", d) != 0) {
        store_sql_rollback(s);
        return -1;
    }
    return 0;
}

void store_sql_rollback(struct sqlite_store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

void *store_arena_grow(struct sg_arena *a, void *items, size_t *cap, size_t n, size_t size)
{
    void *bigger;
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 16;
    bigger = sg_arena_alloc(a, *cap * size);
    if (n)
        memcpy(bigger, items, n * size);
    return bigger;
}

/* ---- migrations ------------------------------------------------------------------ */

/* The version recorded in the store; 0 for a new one. */
static int read_version(struct sqlite_store *s, int *out, struct sg_diags *d)
{
    sqlite3_stmt *st;
    int rc;

    if (store_sql_prepare(s, &st, "SELECT COALESCE(MAX(version), 0) FROM schema_version", d) != 0)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_sql_fail(s, "cannot read the schema version", d);
}

static int apply(struct sqlite_store *s, const struct migration *m, struct sg_diags *d)
{
    sqlite3_stmt *st;
    int now;

    if (store_sql_begin(s, d) != 0)
        return -1;
    /* Another process may have migrated while we waited for the lock. */
    if (read_version(s, &now, d) != 0)
        goto fail;
    if (now >= m->version) {
        store_sql_rollback(s);
        return 0;
    }
    if (store_sql_exec(s, m->sql, d) != 0 ||
        store_sql_prepare(s, &st, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                          d) != 0)
        goto fail;
    sqlite3_bind_int(st, 1, m->version);
    sqlite3_bind_int64(st, 2, store_now());
    if (store_sql_done(s, st, "cannot record the schema version", d) != 0)
        goto fail;
    return store_sql_commit(s, d);
fail:
    store_sql_rollback(s);
    return -1;
}

static int migrate(struct sqlite_store *s, struct sg_diags *d)
{
    size_t i;
    int v;

    if (store_sql_exec(s,
                       "CREATE TABLE IF NOT EXISTS schema_version ("
                       " version INTEGER NOT NULL PRIMARY KEY,"
                       " applied_at BIGINT NOT NULL)",
                       d) != 0 ||
        read_version(s, &v, d) != 0)
        return -1;
    if (v > STORE_SCHEMA_VERSION) {
        sg_diag_add(d, SG_SEV_ERROR, s->path, 0, 0,
                    "store: schema version %d is newer than this shipgate understands (%d); "
                    "use a newer shipgate",
                    v, STORE_SCHEMA_VERSION);
        return -1;
    }
    for (i = 0; i < SG_ARRAY_SIZE(migrations); i++)
        if (migrations[i].version > v && apply(s, &migrations[i], d) != 0)
            return -1;
    s->base.version = STORE_SCHEMA_VERSION;
    return 0;
}

/* ---- opening ---------------------------------------------------------------------- */

static void sqlite_close(struct store *base)
{
    struct sqlite_store *s = sqlite_store_of(base);
    size_t i;
    for (i = 0; i < s->n_cache; i++)
        sqlite3_finalize(s->cache[i].st);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

static int sqlite_repo_id(struct store *base, int64_t *out, const char *identity, bool create,
                          struct sg_diags *d)
{
    struct sqlite_store *s = sqlite_store_of(base);
    sqlite3_stmt *st;
    const char *name;
    int rc;

    *out = 0;
    if (create) {
        /* The display name: the last two path segments of the identity. */
        name = strrchr(identity, '/');
        if (name && name != identity) {
            const char *p = name - 1;
            while (p > identity && *p != '/')
                p--;
            name = *p == '/' ? p + 1 : p;
        } else
            name = identity;
        if (store_sql_prepare(s, &st,
                              "INSERT INTO repositories (identity, name, created_at) VALUES (?, ?, ?)"
                              " ON CONFLICT (identity) DO NOTHING",
                              d) != 0)
            return -1;
        store_sql_text(st, 1, identity);
        store_sql_text(st, 2, name);
        sqlite3_bind_int64(st, 3, store_now());
        if (store_sql_done(s, st, "cannot record the repository", d) != 0)
            return -1;
    }
    if (store_sql_prepare(s, &st, "SELECT id FROM repositories WHERE identity = ?", d) != 0)
        return -1;
    store_sql_text(st, 1, identity);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sql_fail(s, "cannot look up the repository", d);
    return 0;
}

static const struct store_ops sqlite_ops = {
    "sqlite",
    sqlite_close,
    sqlite_repo_id,
    store_sqlite_record_gate,
    store_sqlite_findings_list,
    store_sqlite_finding_get,
    store_sqlite_finding_events,
    store_sqlite_finding_triage,
    store_sqlite_record_run,
};

/* A new store file is created 0600: it will hold token hashes. */
static void create_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        close(fd);
}

/* 1 when the store is in WAL mode, 0 when not, -1 with SQLITE_BUSY. */
static int journal_is_wal(struct sqlite_store *s, const char *sql)
{
    sqlite3_stmt *st;
    int rc, wal = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        wal = sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    return wal;
}

/*
 * WAL is a property of the file, set once. Switching needs an exclusive
 * lock and SQLite does not wait on the busy handler for it, so when two
 * processes create a store at once one gets SQLITE_BUSY: retry until the
 * other has switched or the busy timeout has passed.
 */
static int set_wal(struct sqlite_store *s, struct sg_diags *d)
{
    int waited, wal = 0;
    for (waited = 0; waited < BUSY_TIMEOUT_MS; waited += 10) {
        wal = journal_is_wal(s, "PRAGMA journal_mode");
        if (wal == 1 || (wal == 0 && (wal = journal_is_wal(s, "PRAGMA journal_mode = WAL")) >= 0))
            break;
        if ((sqlite3_errcode(s->db) & 0xff) != SQLITE_BUSY &&
            (sqlite3_errcode(s->db) & 0xff) != SQLITE_LOCKED)
            return store_sql_fail(s, "cannot switch to WAL mode", d);
        sqlite3_sleep(10);
    }
    if (wal < 0)
        return store_sql_fail(s, "cannot switch to WAL mode", d);
    /* wal == 0: the file system cannot do WAL (no shared memory); the
     * rollback journal still works, only with readers waiting on writers. */
    return 0;
}

static int configure(struct sqlite_store *s, struct sg_diags *d)
{
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    return store_sql_exec(s, "PRAGMA foreign_keys = ON", d) != 0 || set_wal(s, d) != 0 ||
                   store_sql_exec(s, "PRAGMA synchronous = NORMAL", d) != 0
               ? -1
               : 0;
}

int store_sqlite_open(struct store **out, const char *path, struct sg_diags *d)
{
    struct sqlite_store *s = sg_xcalloc(1, sizeof(*s));
    int rc;

    s->base.ops = &sqlite_ops;
    s->path = sg_xstrdup(path);
    create_private(path);
    rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "store: cannot open: %s",
                    s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sqlite_close(&s->base);
        return -1;
    }
    if (configure(s, d) != 0 || migrate(s, d) != 0) {
        sqlite_close(&s->base);
        return -1;
    }
    *out = &s->base;
    return 0;
}
