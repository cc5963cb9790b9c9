/* SPDX-License-Identifier: MIT */
/*
 * The glue between `shipgate gate` and the register: which store and which
 * repository a gate run belongs to, applying triage decisions to a gate's
 * findings before the policy judges them, and recording the run with the
 * tools its reports covered. The register's rules themselves are in the
 * backends (docs/findings.md).
 */
#include <git2.h>

#include "store/store.h"

#define TRIAGED_PREFIX "triaged "

/* Formats whose findings all carry the format's name as their tool, so a
 * report of them with no findings still says which tool found nothing.
 * SARIF names its tool inside the log; test and coverage reports have no
 * findings. */
static bool format_names_tool(const char *format)
{
    static const char *const not_tools[] = {"sarif", "junit", "cobertura", "coverage-py",
                                            "docker-inspect"};
    size_t i;
    if (!format)
        return false;
    for (i = 0; i < SG_ARRAY_SIZE(not_tools); i++)
        if (strcmp(format, not_tools[i]) == 0)
            return false;
    return true;
}

static void head_of(struct store_gate_session *ss, struct sg_arena *a, const char *dir)
{
    git_repository *repo = NULL;
    git_reference *head = NULL;
    char hex[GIT_OID_HEXSZ + 1];

    git_libgit2_init();
    if (git_repository_open_ext(&repo, dir, 0, NULL) == 0 && git_repository_head(&head, repo) == 0) {
        ss->ref = sg_arena_strdup(a, git_reference_name(head));
        if (git_reference_target(head)) {
            git_oid_tostr(hex, sizeof(hex), git_reference_target(head));
            ss->sha = sg_arena_strdup(a, hex);
        }
    }
    git_reference_free(head);
    git_repository_free(repo);
    git_libgit2_shutdown();
}

int store_gate_session_open(struct store_gate_session *ss, struct sg_arena *a, const char *spec,
                            const char *dir, struct sg_diags *d)
{
    struct sg_buf id = SG_BUF_INIT;
    int rc;

    memset(ss, 0, sizeof(*ss));
    if (!dir)
        dir = ".";
    rc = store_repo_identity(&id, dir, spec != NULL, d);
    if (rc != 0) { /* 1: outside a repository and no store named: nothing to do */
        sg_buf_release(&id);
        return rc < 0 ? -1 : 0;
    }
    ss->identity = sg_arena_strdup(a, sg_buf_str(&id));
    sg_buf_release(&id);
    if (store_open(&ss->store, spec, d) != 0)
        return -1;
    if (store_repo_id(ss->store, &ss->repo, ss->identity, d) != 0) {
        store_gate_session_close(ss);
        return -1;
    }
    head_of(ss, a, dir);
    return 0;
}

void store_gate_session_close(struct store_gate_session *ss)
{
    store_close(ss->store);
    ss->store = NULL;
}

static int by_fingerprint(const void *x, const void *y)
{
    const struct store_finding *a = x, *b = y;
    return strcmp(a->fingerprint, b->fingerprint);
}

static const char *triage_kind(struct sg_arena *a, const struct store_finding *t)
{
    return sg_arena_printf(a, TRIAGED_PREFIX "%s%s%s: %s%s%s", store_status_name(t->status),
                           t->expires ? " until " : "", t->expires ? t->expires : "",
                           t->reason ? t->reason : "", t->triaged_by ? " (by " : "",
                           t->triaged_by ? sg_arena_printf(a, "%s)", t->triaged_by) : "");
}

int store_gate_apply_triage(struct store_gate_session *ss, struct sg_arena *a,
                            const struct gate_report *const *reports, size_t n,
                            struct sg_diags *d)
{
    struct store_finding_filter flt;
    struct store_finding_list l;
    size_t i, j;

    ss->triaged = 0;
    if (!ss->store)
        return 0;
    memset(&flt, 0, sizeof(flt));
    flt.repo_id = ss->repo;
    /* Effective statuses: an expired accepted risk is open and blocks again. */
    flt.statuses = 1u << STORE_ST_ACCEPTED_RISK | 1u << STORE_ST_FALSE_POSITIVE;
    if (store_findings_list(ss->store, &l, a, &flt, d) != 0)
        return -1;
    if (l.n == 0)
        return 0;
    qsort(l.items, l.n, sizeof(*l.items), by_fingerprint);
    for (i = 0; i < n; i++) {
        for (j = 0; j < reports[i]->n_findings; j++) {
            struct gate_finding *f = reports[i]->findings[j];
            struct store_finding key, *t;
            if (f->suppressed || !f->fingerprint)
                continue;
            key.fingerprint = f->fingerprint;
            t = bsearch(&key, l.items, l.n, sizeof(*l.items), by_fingerprint);
            if (!t)
                continue;
            f->suppressed = true;
            f->suppression_kind = triage_kind(a, t);
            f->suppression_justification = t->reason;
            ss->triaged++;
        }
    }
    return 0;
}

bool store_gate_is_triaged(const struct gate_finding *f)
{
    return f->suppressed && f->suppression_kind && sg_starts_with(f->suppression_kind, TRIAGED_PREFIX);
}

/* Adds `tool` to the set in `tools` unless it is there. */
static void add_tool(const char ***tools, size_t *n, size_t *cap, const char *tool)
{
    size_t i;
    for (i = 0; i < *n; i++)
        if (strcmp((*tools)[i], tool) == 0)
            return;
    SG_GROW(*tools, *cap, *n + 1);
    (*tools)[(*n)++] = tool;
}

int store_gate_record(struct store_gate_session *ss, struct store_gate_result *out,
                      const struct gate_report *const *reports, size_t n, const char *stage,
                      bool block, struct sg_diags *d)
{
    struct store_gate_run run;
    const char **tools = NULL;
    const struct gate_finding **fs = NULL;
    size_t i, j, cap_t = 0, cap_f = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!ss->store)
        return 0;
    memset(&run, 0, sizeof(run));
    for (i = 0; i < n; i++) {
        if (format_names_tool(reports[i]->format))
            add_tool(&tools, &run.n_tools, &cap_t, reports[i]->format);
        for (j = 0; j < reports[i]->n_findings; j++) {
            const struct gate_finding *f = reports[i]->findings[j];
            if (f->tool)
                add_tool(&tools, &run.n_tools, &cap_t, f->tool);
            /* The tool's own suppressions are its decision, not ours. */
            if (f->suppressed && !store_gate_is_triaged(f))
                continue;
            SG_GROW(fs, cap_f, run.n_findings + 1);
            fs[run.n_findings++] = f;
        }
    }
    run.repo_id = ss->repo;
    run.stage = stage;
    run.ref = ss->ref;
    run.sha = ss->sha;
    run.block = block;
    run.tools = tools;
    run.findings = fs;
    rc = store_record_gate(ss->store, out, &run, d);
    free(tools);
    free(fs);
    return rc;
}
