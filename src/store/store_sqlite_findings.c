/* SPDX-License-Identifier: MIT */
/*
 * Reading and triaging the findings register on SQLite. An accepted risk
 * past its expiry date counts as open: that is computed here, at read
 * time, from the date the caller gives, so no gate run is needed for an
 * expiry to take effect.
 */
#include <ctype.h>

#include "store/sqlite_int.h"

/* ?1 is today's date; the effective status is the last column. */
#define FINDING_SELECT                                                                             \
    "SELECT f.id, f.repo_id, r.identity, f.fingerprint, f.tool, f.kind, f.rule, f.severity,"      \
    " f.severity_unknown, f.title, f.message, f.help_url, f.path, f.start_line, f.end_line,"      \
    " f.package, f.installed_version, f.fixed_version, f.ecosystem, f.target, f.advisories,"      \
    " f.first_seen, f.last_seen, f.first_gate_run, f.last_gate_run, f.status, f.triage_reason,"   \
    " f.triage_expires, f.triaged_by, f.triaged_at, f.fixed_at, f.fixed_gate_run,"                \
    " f.regressions,"                                                                              \
    " CASE WHEN f.status = 'accepted-risk' AND f.triage_expires IS NOT NULL"                      \
    "  AND f.triage_expires < ?1 THEN 'open' ELSE f.status END AS effective"                      \
    " FROM findings f JOIN repositories r ON r.id = f.repo_id"

#define SEVERITY_RANK                                                                              \
    "CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2"              \
    " WHEN 'low' THEN 3 ELSE 4 END"

static enum store_status status_col(sqlite3_stmt *st, int i)
{
    enum store_status s = STORE_ST_OPEN;
    store_status_parse((const char *)sqlite3_column_text(st, i), &s);
    return s;
}

static void read_finding(struct store_finding *f, struct sg_arena *a, sqlite3_stmt *st)
{
    int i = 0;
    f->id = sqlite3_column_int64(st, i++);
    f->repo_id = sqlite3_column_int64(st, i++);
    f->repository = store_sql_col(a, st, i++);
    f->fingerprint = store_sql_col(a, st, i++);
    f->tool = store_sql_col(a, st, i++);
    f->kind = store_sql_col(a, st, i++);
    f->rule = store_sql_col(a, st, i++);
    f->severity = store_sql_col(a, st, i++);
    f->severity_unknown = sqlite3_column_int(st, i++) != 0;
    f->title = store_sql_col(a, st, i++);
    f->message = store_sql_col(a, st, i++);
    f->help_url = store_sql_col(a, st, i++);
    f->path = store_sql_col(a, st, i++);
    f->start_line = sqlite3_column_int(st, i++);
    f->end_line = sqlite3_column_int(st, i++);
    f->package = store_sql_col(a, st, i++);
    f->installed_version = store_sql_col(a, st, i++);
    f->fixed_version = store_sql_col(a, st, i++);
    f->ecosystem = store_sql_col(a, st, i++);
    f->target = store_sql_col(a, st, i++);
    f->advisories = store_sql_col(a, st, i++);
    f->first_seen = sqlite3_column_int64(st, i++);
    f->last_seen = sqlite3_column_int64(st, i++);
    f->first_gate_run = sqlite3_column_int64(st, i++);
    f->last_gate_run = sqlite3_column_int64(st, i++);
    f->status = status_col(st, i++);
    f->reason = store_sql_col(a, st, i++);
    f->expires = store_sql_col(a, st, i++);
    f->triaged_by = store_sql_col(a, st, i++);
    f->triaged_at = sqlite3_column_int64(st, i++);
    f->fixed_at = sqlite3_column_int64(st, i++);
    f->fixed_gate_run = sqlite3_column_int64(st, i++);
    f->regressions = sqlite3_column_int(st, i++);
    f->effective = status_col(st, i);
}

/* Runs a prepared finding query and appends every row to `out`. */
static int collect(struct sqlite_store *s, struct store_finding_list *out, struct sg_arena *a,
                   sqlite3_stmt *st, struct sg_diags *d)
{
    size_t cap = out->n;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->items = store_arena_grow(a, out->items, &cap, out->n, sizeof(*out->items));
        read_finding(&out->items[out->n++], a, st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_sql_fail(s, "cannot read findings", d);
}

int store_sqlite_findings_list(struct store *base, struct store_finding_list *out,
                               struct sg_arena *a, const struct store_finding_filter *f,
                               const char *today, struct sg_diags *d)
{
    struct sqlite_store *s = sqlite_store_of(base);
    struct sg_buf sql = SG_BUF_INIT;
    sqlite3_stmt *st;
    int i, idx = 5, rc;

    /* Only fixed fragments and placeholders go into the text. */
    sg_buf_addstr(&sql, "SELECT * FROM (" FINDING_SELECT
                        " WHERE (?2 = 0 OR f.repo_id = ?2) AND (?3 IS NULL OR f.severity = ?3)"
                        " AND (?4 IS NULL OR f.tool = ?4)) f");
    if (f->statuses) {
        sg_buf_addstr(&sql, " WHERE f.effective IN (");
        for (i = 0; i < STORE_STATUS_COUNT; i++)
            if (f->statuses & (1u << i)) {
                sg_buf_addf(&sql, "%s?%d", idx > 5 ? ", " : "", idx);
                idx++;
            }
        sg_buf_addstr(&sql, ")");
    }
    sg_buf_addstr(&sql, " ORDER BY " SEVERITY_RANK ", f.id");
    rc = store_sql_prepare(s, &st, sg_buf_str(&sql), d);
    sg_buf_release(&sql);
    if (rc != 0)
        return -1;
    store_sql_text(st, 1, today);
    sqlite3_bind_int64(st, 2, f->repo_id);
    store_sql_text(st, 3, f->severity);
    store_sql_text(st, 4, f->tool);
    for (i = 0, idx = 5; i < STORE_STATUS_COUNT; i++)
        if (f->statuses & (1u << i))
            store_sql_text(st, idx++, store_status_name((enum store_status)i));
    return collect(s, out, a, st, d);
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static int by_id(struct sqlite_store *s, struct store_finding_list *out, struct sg_arena *a,
                 const char *ref, const char *today, struct sg_diags *d)
{
    sqlite3_stmt *st;
    long id;
    if (strlen(ref) > 18 || !sg_parse_long(ref, &id))
        return 0;
    if (store_sql_prepare(s, &st, FINDING_SELECT " WHERE f.id = ?2", d) != 0)
        return -1;
    store_sql_text(st, 1, today);
    sqlite3_bind_int64(st, 2, id);
    return collect(s, out, a, st, d);
}

/* Up to 6 findings whose fingerprint starts with `prefix` (enough to say
 * which ones make it ambiguous). */
static int by_prefix(struct sqlite_store *s, struct store_finding_list *out, struct sg_arena *a,
                     int64_t repo, const char *prefix, const char *today, struct sg_diags *d)
{
    sqlite3_stmt *st;
    if (store_sql_prepare(s, &st,
                          FINDING_SELECT " WHERE (?2 = 0 OR f.repo_id = ?2)"
                                         " AND substr(f.fingerprint, 1, ?3) = ?4"
                                         " ORDER BY f.id LIMIT 6",
                          d) != 0)
        return -1;
    store_sql_text(st, 1, today);
    sqlite3_bind_int64(st, 2, repo);
    sqlite3_bind_int(st, 3, (int)strlen(prefix));
    store_sql_text(st, 4, prefix);
    return collect(s, out, a, st, d);
}

static void ambiguous(struct sg_diags *d, const char *ref, const struct store_finding_list *l)
{
    struct sg_buf b = SG_BUF_INIT;
    size_t i;
    for (i = 0; i < l->n && i < 5; i++)
        sg_buf_addf(&b, "%s%lld (%.12s)", i ? ", " : "", (long long)l->items[i].id,
                    l->items[i].fingerprint);
    sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0,
                "finding '%s' is ambiguous: it matches %s%s; give more of the fingerprint or the id",
                ref, sg_buf_str(&b), l->n > 5 ? ", ..." : "");
    sg_buf_release(&b);
}

int store_sqlite_finding_get(struct store *base, struct store_finding *out, struct sg_arena *a,
                             int64_t repo, const char *ref, const char *today,
                             struct sg_diags *d)
{
    struct sqlite_store *s = sqlite_store_of(base);
    struct store_finding_list l = {NULL, 0};
    char *lower = sg_arena_strdup(a, ref), *p;
    bool hex = true;

    if (all_digits(ref) && by_id(s, &l, a, ref, today, d) != 0)
        return -1;
    for (p = lower; *p; p++) {
        *p = (char)tolower((unsigned char)*p);
        hex = hex && isxdigit((unsigned char)*p);
    }
    if (l.n == 0 && hex && strlen(lower) >= 4 && by_prefix(s, &l, a, repo, lower, today, d) != 0)
        return -1;
    if (l.n == 1) {
        *out = l.items[0];
        return 0;
    }
    if (l.n > 1) {
        ambiguous(d, ref, &l);
        return -1;
    }
    sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0,
                "no finding '%s' in the store (expected an id, a fingerprint or at least 4 of "
                "its leading hex digits)",
                ref);
    return -1;
}

int store_sqlite_finding_events(struct store *base, struct store_event_list *out,
                                struct sg_arena *a, int64_t finding_id, struct sg_diags *d)
{
    struct sqlite_store *s = sqlite_store_of(base);
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc;

    if (store_sql_prepare(s, &st,
                          "SELECT created_at, gate_run_id, event, status, reason, actor, expires"
                          " FROM finding_events WHERE finding_id = ? ORDER BY id",
                          d) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, finding_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_finding_event *e;
        out->items = store_arena_grow(a, out->items, &cap, out->n, sizeof(*out->items));
        e = &out->items[out->n++];
        e->time = sqlite3_column_int64(st, 0);
        e->gate_run_id = sqlite3_column_int64(st, 1);
        e->event = store_sql_col(a, st, 2);
        e->status = store_sql_col(a, st, 3);
        e->reason = store_sql_col(a, st, 4);
        e->actor = store_sql_col(a, st, 5);
        e->expires = store_sql_col(a, st, 6);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_sql_fail(s, "cannot read the finding's history", d);
}

/* 1 when the finding exists and is not fixed, 0 with a diagnostic when it
 * does not exist or is fixed, -1 on a store error. */
static int triageable(struct sqlite_store *s, int64_t id, struct sg_diags *d)
{
    sqlite3_stmt *st;
    int rc, ok = 0;

    if (store_sql_prepare(s, &st, "SELECT status FROM findings WHERE id = ?", d) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "fixed") == 0)
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0,
                    "finding %lld is fixed; it reopens by itself if a gate sees it again",
                    (long long)id);
    else if (rc == SQLITE_ROW)
        ok = 1;
    else if (rc == SQLITE_DONE)
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "no finding %lld in the store", (long long)id);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sql_fail(s, "cannot look up the finding", d);
    return ok;
}

int store_sqlite_finding_triage(struct store *base, int64_t id, const struct store_triage *t,
                                struct sg_diags *d)
{
    struct sqlite_store *s = sqlite_store_of(base);
    const char *status = store_status_name(t->status);
    int64_t now = t->time ? t->time : store_now();
    bool keep = t->status != STORE_ST_OPEN;
    sqlite3_stmt *st;
    int ok;

    if (store_sql_begin(s, d) != 0)
        return -1;
    if ((ok = triageable(s, id, d)) != 1)
        goto fail;
    if (store_sql_prepare(s, &st,
                          "UPDATE findings SET status = ?, triage_reason = ?, triage_expires = ?,"
                          " triaged_by = ?, triaged_at = ? WHERE id = ?",
                          d) != 0)
        goto fail;
    store_sql_text(st, 1, status);
    store_sql_text(st, 2, keep ? t->reason : NULL);
    store_sql_text(st, 3, keep ? t->expires : NULL);
    store_sql_text(st, 4, t->who);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_int64(st, 6, id);
    if (store_sql_done(s, st, "cannot triage the finding", d) != 0)
        goto fail;
    if (store_sqlite_add_event(s, id, 0, "triaged", status, t, now, d) != 0)
        goto fail;
    return store_sql_commit(s, d);
fail:
    store_sql_rollback(s);
    return -1;
}
