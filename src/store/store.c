/* SPDX-License-Identifier: MIT */
/*
 * The backend-neutral half of the store: where the store lives by default,
 * choosing a backend from the spec, checking arguments that every backend
 * would check the same way, and dispatching to the backend's table.
 * The SQL lives in the backends.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "store/store_int.h"

static const char *const status_names[STORE_STATUS_COUNT] = {
    "open", "accepted-risk", "false-positive", "fixed",
};

const char *store_status_name(enum store_status s)
{
    return (unsigned)s < STORE_STATUS_COUNT ? status_names[s] : "?";
}

bool store_status_parse(const char *s, enum store_status *out)
{
    size_t i;
    for (i = 0; s && i < STORE_STATUS_COUNT; i++) {
        if (strcmp(s, status_names[i]) == 0) {
            *out = (enum store_status)i;
            return true;
        }
    }
    return false;
}

int64_t store_now(void)
{
    return (int64_t)time(NULL);
}

void store_today(char buf[11])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        memset(&tm, 0, sizeof(tm));
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

bool store_date_valid(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int i, y, m, dd;
    bool leap;

    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    dd = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1970 || m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1])
        return false;
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && dd == 29 && !leap);
}

/* ---- where the store lives -------------------------------------------------- */

int store_default_spec(struct sg_buf *out, struct sg_diags *d)
{
    const char *env = getenv("SHIPGATE_STORE"), *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");

    sg_buf_reset(out);
    if (env && *env)
        return sg_buf_addstr(out, env);
    /* The XDG spec says a relative XDG_DATA_HOME is invalid and ignored. */
    if (xdg && xdg[0] == '/')
        return sg_buf_addf(out, "%s/shipgate/shipgate.db", xdg);
    if (home && *home)
        return sg_buf_addf(out, "%s/.local/share/shipgate/shipgate.db", home);
    sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0,
                "cannot place the store: neither SHIPGATE_STORE, XDG_DATA_HOME nor HOME is set");
    return -1;
}

/* mkdir -p of the folder that holds `path`; folders it creates are 0700
 * (the store holds findings and, later, token hashes). */
static int make_parents(const char *path, struct sg_diags *d)
{
    char *dir = sg_xstrdup(path), *p;
    int rc = 0;

    p = strrchr(dir, '/');
    if (!p || p == dir) {
        free(dir);
        return 0;
    }
    *p = '\0';
    for (p = dir + 1; rc == 0; p++) {
        char c = *p;
        if (c != '/' && c != '\0')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "cannot create the folder '%s': %s", dir,
                        strerror(errno));
            rc = -1;
        }
        *p = c;
        if (c == '\0')
            break;
    }
    free(dir);
    return rc;
}

int store_open(struct store **out, const char *spec, struct sg_diags *d)
{
    struct sg_buf def = SG_BUF_INIT;
    const char *path;
    int rc;

    *out = NULL;
    if (!spec) {
        if (store_default_spec(&def, d) != 0) {
            sg_buf_release(&def);
            return -1;
        }
        spec = sg_buf_str(&def);
    }
    path = spec;
    if (sg_starts_with(spec, "postgres://") || sg_starts_with(spec, "postgresql://")) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0,
                    "store '%s': PostgreSQL stores are not supported by this build yet", spec);
        sg_buf_release(&def);
        return -1;
    }
    if (sg_starts_with(spec, "sqlite:"))
        path = spec + 7;
    if (!*path) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "store '%s': expected a file path", spec);
        rc = -1;
    } else {
        rc = make_parents(path, d);
        if (rc == 0)
            rc = store_sqlite_open(out, path, d);
    }
    if (rc == 0)
        (*out)->spec = sg_xstrdup(spec);
    sg_buf_release(&def);
    return rc;
}

void store_close(struct store *s)
{
    char *spec;
    if (!s)
        return;
    spec = s->spec;
    s->ops->close(s);
    free(spec);
}

int store_schema_version(struct store *s)
{
    return s->version;
}

/* ---- dispatch ------------------------------------------------------------------ */

int store_repo_id(struct store *s, int64_t *out, const char *identity, struct sg_diags *d)
{
    return s->ops->repo_id(s, out, identity, true, d);
}

int store_repo_find(struct store *s, int64_t *out, const char *identity, struct sg_diags *d)
{
    return s->ops->repo_id(s, out, identity, false, d);
}

int store_record_gate(struct store *s, struct store_gate_result *out,
                      const struct store_gate_run *run, struct sg_diags *d)
{
    memset(out, 0, sizeof(*out));
    return s->ops->record_gate(s, out, run, d);
}

int store_findings_list(struct store *s, struct store_finding_list *out, struct sg_arena *a,
                        const struct store_finding_filter *f, struct sg_diags *d)
{
    char today[11];
    memset(out, 0, sizeof(*out));
    if (f->today && !store_date_valid(f->today))
        SG_BUG("store_findings_list: bad date '%s'", f->today);
    store_today(today);
    return s->ops->findings_list(s, out, a, f, f->today ? f->today : today, d);
}

int store_finding_get(struct store *s, struct store_finding *out, struct sg_arena *a,
                      int64_t repo_id, const char *ref, const char *today, struct sg_diags *d)
{
    char now[11];
    memset(out, 0, sizeof(*out));
    store_today(now);
    if (!ref || !*ref) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "expected a finding id or fingerprint");
        return -1;
    }
    return s->ops->finding_get(s, out, a, repo_id, ref, today ? today : now, d);
}

int store_finding_events(struct store *s, struct store_event_list *out, struct sg_arena *a,
                         int64_t finding_id, struct sg_diags *d)
{
    memset(out, 0, sizeof(*out));
    return s->ops->finding_events(s, out, a, finding_id, d);
}

static int check_triage(const struct store_triage *t, struct sg_diags *d)
{
    bool needs_reason = t->status == STORE_ST_ACCEPTED_RISK || t->status == STORE_ST_FALSE_POSITIVE;

    if (t->status == STORE_ST_FIXED) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0,
                    "a finding becomes fixed when a gate no longer sees it; expected "
                    "open, accepted-risk or false-positive");
        return -1;
    }
    if (needs_reason && (!t->reason || !*t->reason)) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "status '%s' needs a reason",
                    store_status_name(t->status));
        return -1;
    }
    if (t->expires && t->status != STORE_ST_ACCEPTED_RISK) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "an expiry date only applies to accepted-risk");
        return -1;
    }
    if (t->expires && !store_date_valid(t->expires)) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "expected a date YYYY-MM-DD for the expiry, got '%s'",
                    t->expires);
        return -1;
    }
    return 0;
}

int store_finding_triage(struct store *s, int64_t finding_id, const struct store_triage *t,
                         struct sg_diags *d)
{
    if (check_triage(t, d) != 0)
        return -1;
    return s->ops->finding_triage(s, finding_id, t, d);
}

int store_record_run(struct store *s, int64_t *out, const struct store_run *r,
                     struct sg_diags *d)
{
    int64_t id = 0;
    int rc = s->ops->record_run(s, &id, r, d);
    if (out)
        *out = id;
    return rc;
}
