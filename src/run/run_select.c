/* SPDX-License-Identifier: MIT */
/*
 * What a run will run, decided before anything starts: the workflow files
 * (any invalid one stops the run with lint's diagnostics, exit 2), the
 * repository and the event (payload, ref, changed files), the workflows
 * whose on: filters match, the -j selection, and typed workflow_dispatch
 * inputs (a wrong type or a missing required input is bad input too).
 */
#include <dirent.h>
#include <sys/stat.h>

#include "run/session_int.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The workflow files under `path`: the file itself, or a folder's .yml and .yaml files. */
static int list_files(char ***out, size_t *n, struct sg_arena *a, const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    size_t cap = 0;

    *out = NULL;
    *n = 0;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "shipgate run: cannot read '%s': %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        SG_GROW(*out, cap, 1);
        (*out)[(*n)++] = sg_arena_strdup(a, path);
        return 0;
    }
    if (!(d = opendir(path))) {
        fprintf(stderr, "shipgate run: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' ||
            !(sg_ends_with(e->d_name, ".yml") || sg_ends_with(e->d_name, ".yaml")))
            continue;
        SG_GROW(*out, cap, *n + 1);
        (*out)[(*n)++] = sg_arena_printf(a, "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(*out, *n, sizeof(**out), cmp_str);
    return 0;
}

static const char *workflows_path(struct run_ctx *ctx)
{
    const char *w = ctx->opt->workflows;
    struct stat st;
    if (!w)
        return sg_arena_printf(ctx->arena, "%s/.github/workflows", ctx->workspace);
    if (w[0] != '/' && stat(w, &st) != 0)
        return sg_arena_printf(ctx->arena, "%s/%s", ctx->workspace, w);
    return w;
}

static int load_all(struct session *s, struct run_ctx *ctx, struct wf_workflow ***wfs, size_t *n)
{
    char **files;
    size_t nf, i;
    struct sg_diags d;
    int rc = 0;

    if (list_files(&files, &nf, ctx->arena, workflows_path(ctx)) != 0)
        return 2;
    if (!nf) {
        fprintf(stderr, "shipgate run: no workflow files (*.yml, *.yaml) in '%s'\n",
                workflows_path(ctx));
        free(files);
        return 2;
    }
    sg_diags_init(&d);
    *wfs = sg_arena_alloc(ctx->arena, nf * sizeof(**wfs));
    for (i = 0; i < nf; i++) {
        struct sg_buf text = SG_BUF_INIT;
        if (sg_read_file(&text, files[i], WF_MAX_FILE_SIZE) != 0) {
            fprintf(stderr, "shipgate run: cannot read '%s': %s\n", files[i], strerror(errno));
            rc = 2;
        } else {
            char *copy = sg_arena_strndup(s->arena, text.data ? text.data : "", text.len);
            (*wfs)[i] = wf_load(s->arena, &d, files[i], copy, text.len);
            if (!(*wfs)[i])
                rc = 2;
        }
        sg_buf_release(&text);
    }
    *n = nf;
    free(files);
    if (d.errors) {
        sg_diags_sort(&d);
        sg_diags_print(&d, stderr);
        fprintf(stderr, "shipgate run: invalid workflow; nothing was run\n");
        rc = 2;
    }
    sg_diags_release(&d);
    return rc;
}

static const char *payload_str(const struct expr_value *p, const char *a, const char *b)
{
    const struct expr_value *v = expr_object_get(p, a);
    if (v && b)
        v = v->kind == EXPR_OBJECT ? expr_object_get(v, b) : NULL;
    return v && v->kind == EXPR_STRING ? v->u.str.s : NULL;
}

static int read_event(struct run_ctx *ctx, struct sg_diags *d)
{
    struct sg_buf text = SG_BUF_INIT;
    const char *before, *after;
    int rc;

    if (ctx->opt->event_path && sg_read_file(&text, ctx->opt->event_path, 64u << 20) != 0) {
        fprintf(stderr, "shipgate run: cannot read '%s': %s\n", ctx->opt->event_path,
                strerror(errno));
        return -1;
    }
    rc = plan_event_payload(&ctx->payload, ctx->arena, &ctx->repo, ctx->event,
                            ctx->opt->event_path ? sg_buf_str(&text) : NULL,
                            ctx->opt->event_path, d);
    sg_buf_release(&text);
    if (rc != 0)
        return -1;
    if (!strcmp(ctx->event, "pull_request") || !strcmp(ctx->event, "pull_request_target")) {
        const struct expr_value *pr = expr_object_get(&ctx->payload, "pull_request");
        before = pr ? payload_str(pr, "base", "sha") : NULL;
        after = pr ? payload_str(pr, "head", "sha") : NULL;
    } else {
        before = payload_str(&ctx->payload, "before", NULL);
        after = payload_str(&ctx->payload, "after", NULL);
        if (!after)
            after = ctx->repo.sha;
    }
    return plan_changed_files((const char ***)&ctx->changed, &ctx->nchanged, ctx->arena,
                              ctx->workspace, before, after, d);
}

static const char *event_ref(struct run_ctx *ctx)
{
    const char *r;
    if (!strcmp(ctx->event, "pull_request") || !strcmp(ctx->event, "pull_request_target")) {
        const struct expr_value *pr = expr_object_get(&ctx->payload, "pull_request");
        r = pr ? payload_str(pr, "base", "ref") : NULL;
        return r ? (sg_starts_with(r, "refs/") ? r : sg_arena_printf(ctx->arena, "refs/heads/%s", r))
                 : NULL;
    }
    r = payload_str(&ctx->payload, "ref", NULL);
    if (r && *r)
        return sg_starts_with(r, "refs/") ? r : sg_arena_printf(ctx->arena, "refs/heads/%s", r);
    return *ctx->repo.ref ? ctx->repo.ref : NULL;
}

static bool matches(struct run_ctx *ctx, const struct wf_workflow *wf)
{
    struct wf_trigger_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.name = ctx->event;
    ev.ref = event_ref(ctx);
    ev.action = payload_str(&ctx->payload, "action", NULL);
    ev.paths = ctx->changed;
    ev.npaths = ctx->nchanged;
    return wf_trigger_matches(wf, &ev);
}

static void add_item(struct session *s, struct run_ctx *ctx, struct wf_workflow *wf, bool *sel)
{
    struct session_wf *it;
    struct sg_arena *a = ctx->arena;
    struct plan_run_ids ids = {ctx->run_id, "1", "1"};
    const char *rel = wf->file;
    size_t wl = strlen(ctx->workspace);

    if (!strncmp(rel, ctx->workspace, wl) && rel[wl] == '/')
        rel += wl + 1;
    SG_GROW(s->items, s->cap, s->n + 1);
    it = &s->items[s->n++];
    memset(it, 0, sizeof(*it));
    it->wf = wf;
    it->selected = sel;
    it->inputs = expr_new_object(a);
    it->github = plan_github_context(a, &ctx->repo, ctx->event, &ctx->payload, ctx->workspace, &ids);
    expr_object_set(a, &it->github, "workflow", expr_cstring(a, wf->name ? wf->name->s : rel));
    expr_object_set(a, &it->github, "workflow_ref",
                    expr_cstring(a, sg_arena_printf(a, "%s/%s@%s", ctx->repo.repository, rel,
                                                    ctx->repo.ref)));
    expr_object_set(a, &it->github, "event_path", expr_cstring(a, ctx->event_file ? ctx->event_file : ""));
}

/* Picks the workflows and jobs; returns 0, or 2 with the problem printed. */
static int pick(struct session *s, struct run_ctx *ctx, struct wf_workflow **wfs, size_t n)
{
    size_t i;
    bool job_found = !ctx->opt->only_job;
    struct sg_diags d;
    int rc = 0;

    sg_diags_init(&d);
    for (i = 0; i < n; i++) {
        bool *sel = sg_arena_alloc(ctx->arena, (wfs[i]->njobs + 1) * sizeof(*sel));
        if (plan_select_jobs(sel, wfs[i], ctx->opt->only_job) != 0)
            continue;
        job_found = true;
        if (!matches(ctx, wfs[i]))
            continue;
        add_item(s, ctx, wfs[i], sel);
        if (run_type_inputs(&s->items[s->n - 1].inputs, ctx, wfs[i], &d) != 0)
            rc = 2;
    }
    if (d.n) {
        sg_diags_print(&d, stderr);
        if (rc)
            fprintf(stderr, "shipgate run: bad inputs; nothing was run\n");
    }
    sg_diags_release(&d);
    if (!job_found) {
        fprintf(stderr, "shipgate run: no job '%s' in any workflow\n", ctx->opt->only_job);
        rc = 2;
    }
    return rc;
}

int session_plan(struct session *s, struct run_ctx *ctx)
{
    struct wf_workflow **wfs = NULL;
    size_t n = 0;
    struct sg_diags d;
    int rc;
    const char *dir = ctx->opt->directory ? ctx->opt->directory : ".";

    s->arena = sg_arena_new();
    sg_diags_init(&d);
    if (plan_repo_info(&ctx->repo, ctx->arena, dir, &d) != 0) {
        sg_diags_print(&d, stderr);
        sg_diags_release(&d);
        return 2;
    }
    ctx->workspace = ctx->repo.root;
    rc = load_all(s, ctx, &wfs, &n);
    if (rc == 0 && read_event(ctx, &d) != 0) {
        sg_diags_print(&d, stderr);
        rc = 2;
    }
    sg_diags_release(&d);
    if (rc == 0)
        rc = pick(s, ctx, wfs, n);
    return rc;
}

void session_list(const struct session *s, struct run_ctx *ctx)
{
    size_t i, k, m;
    printf("%-28s %-24s %-32s %s\n", "WORKFLOW", "JOB", "NAME", "NEEDS");
    for (i = 0; i < s->n; i++) {
        const struct wf_workflow *wf = s->items[i].wf;
        size_t *order = sg_arena_alloc(ctx->arena, (wf->njobs + 1) * sizeof(*order));
        size_t no = plan_job_order(order, wf, s->items[i].selected);
        const char *rel = wf->file;
        size_t wl = strlen(ctx->workspace);
        if (!strncmp(rel, ctx->workspace, wl) && rel[wl] == '/')
            rel += wl + 1;
        for (k = 0; k < no; k++) {
            const struct wf_job *j = &wf->jobs[order[k]];
            struct sg_buf needs = SG_BUF_INIT;
            for (m = 0; m < j->needs.n; m++)
                sg_buf_addf(&needs, "%s%s", m ? ", " : "", j->needs.items[m]->s);
            printf("%-28s %-24s %-32s %s\n", rel, j->id, j->name ? j->name->s : j->id,
                   needs.len ? sg_buf_str(&needs) : "-");
            sg_buf_release(&needs);
        }
    }
}

void session_release(struct session *s)
{
    free(s->items);
    sg_arena_free(s->arena);
    memset(s, 0, sizeof(*s));
}
