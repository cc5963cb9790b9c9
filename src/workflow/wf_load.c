/* SPDX-License-Identifier: MIT */
/*
 * wf_load(): YAML -> generic values -> the workflow model, then the checks
 * that need the whole file (the needs graph). Also the lookups the runner
 * uses on a loaded model.
 */
#include "workflow/wf_int.h"

/* ---- the needs graph ---------------------------------------------------- */

static void resolve_needs(struct wf_loader *L)
{
    struct wf_workflow *wf = L->wf;
    size_t i, j;

    for (i = 0; i < wf->njobs; i++) {
        struct wf_job *job = &wf->jobs[i];
        if (!job->needs.n)
            continue;
        job->need_index = sg_arena_alloc(L->a, job->needs.n * sizeof(*job->need_index));
        for (j = 0; j < job->needs.n; j++) {
            const struct wf_value *n = job->needs.items[j];
            struct wf_strmap_slot *s = wf_strmap_get(&L->jobs, n->s, n->len);
            job->need_index[j] = s ? s->val : SIZE_MAX;
            if (!s)
                wf_error(L, n, "Job '%s' depends on unknown job '%s'.", job->id, n->s);
        }
    }
}

enum { WHITE, GRAY, BLACK };

struct dfs_frame {
    size_t job, next;
};

/* Iterative DFS so a long chain of needs cannot overflow the stack. Each
 * back edge is one cycle report, at the `needs` item that closes it. */
static void find_cycles(struct wf_loader *L)
{
    struct wf_workflow *wf = L->wf;
    unsigned char *color = sg_xcalloc(wf->njobs ? wf->njobs : 1, 1);
    struct dfs_frame *stack = sg_xmalloc((wf->njobs ? wf->njobs : 1) * sizeof(*stack));
    size_t root, sp;

    for (root = 0; root < wf->njobs; root++) {
        if (color[root] != WHITE)
            continue;
        sp = 0;
        stack[sp++] = (struct dfs_frame){root, 0};
        color[root] = GRAY;
        while (sp) {
            struct dfs_frame *f = &stack[sp - 1];
            const struct wf_job *job = &wf->jobs[f->job];
            size_t to;
            if (f->next >= job->needs.n) {
                color[f->job] = BLACK;
                sp--;
                continue;
            }
            to = job->need_index[f->next++];
            if (to == SIZE_MAX)
                continue;
            if (color[to] == GRAY)
                wf_error(L, job->needs.items[f->next - 1],
                         "Job '%s' depends on job '%s' which creates a cycle in the dependency "
                         "graph.",
                         job->id, wf->jobs[to].id);
            else if (color[to] == WHITE) {
                color[to] = GRAY;
                stack[sp++] = (struct dfs_frame){to, 0};
            }
        }
    }
    free(stack);
    free(color);
}

void wf_check_needs_graph(struct wf_loader *L)
{
    struct wf_workflow *wf = L->wf;
    size_t i;
    bool has_root = false;

    resolve_needs(L);
    for (i = 0; i < wf->njobs; i++)
        if (wf->jobs[i].needs.n == 0)
            has_root = true;
    if (wf->njobs && !has_root)
        wf_error(L, wf->jobs[0].key,
                 "The workflow must contain at least one job with no dependencies.");
    find_cycles(L);
}

/* ---- the root ---------------------------------------------------------- */

static void load_root_pair(struct wf_loader *L, const struct wf_pair *p)
{
    struct wf_workflow *wf = L->wf;
    const struct wf_value *x = &p->value;

    switch (wf_pair_key(L, p, WF_SC_ROOT)) {
    case WF_K_ROOT_NAME:
        if (wf_want_string(L, x, WF_CTX_NONE, false))
            wf->name = x;
        break;
    case WF_K_ROOT_DESCRIPTION: wf_want_string(L, x, WF_CTX_NONE, false); break;
    case WF_K_ROOT_RUN_NAME:
        if (wf_want_string(L, x, WF_CTX_RUN_NAME, false))
            wf->run_name = x;
        break;
    case WF_K_ROOT_ON: wf_load_on(L, x); break;
    case WF_K_ROOT_PERMISSIONS:
        wf_load_permissions(L, x);
        wf->permissions = x;
        break;
    case WF_K_ROOT_ENV:
        wf_check_string_map(L, x, WF_CTX_WF_ENV);
        wf->env = x;
        break;
    case WF_K_ROOT_DEFAULTS: wf_load_defaults(L, &wf->defaults, x, WF_CTX_NONE); break;
    case WF_K_ROOT_CONCURRENCY:
        wf_load_concurrency(L, &wf->concurrency, x, WF_CTX_RUN_NAME);
        break;
    case WF_K_ROOT_JOBS: wf_load_jobs(L, x); break;
    default: break;
    }
}

/* The job index outlives the loader: move it into the arena. */
static void keep_job_index(struct wf_loader *L)
{
    struct wf_strmap *m = sg_arena_alloc(L->a, sizeof(*m));
    if (!L->jobs.cap)
        return;
    *m = L->jobs;
    m->slots = sg_arena_alloc(L->a, m->cap * sizeof(*m->slots));
    memcpy(m->slots, L->jobs.slots, m->cap * sizeof(*m->slots));
    L->wf->job_index = m;
}

struct wf_workflow *wf_load(struct sg_arena *a, struct sg_diags *d, const char *file,
                            const char *text, size_t len)
{
    struct wf_loader L;
    const struct wf_value *root = wf_yaml_parse(a, d, file, text, len);
    size_t i;

    if (!root)
        return NULL;
    memset(&L, 0, sizeof(L));
    L.a = a;
    L.d = d;
    L.file = file;
    L.wf = sg_arena_alloc(a, sizeof(*L.wf));
    L.wf->file = file ? sg_arena_strdup(a, file) : NULL;
    L.wf->root = root;
    sg_buf_init(&L.scratch, 0);
    if (wf_want_map(&L, root, WF_CTX_NONE, NULL)) {
        for (i = 0; i < root->n; i++)
            load_root_pair(&L, &root->pairs[i]);
        if (!wf_map_get(root, "on"))
            wf_error(&L, root, "Required property is missing: on");
        if (!wf_map_get(root, "jobs"))
            wf_error(&L, root, "Required property is missing: jobs");
        wf_check_needs_graph(&L);
    }
    keep_job_index(&L);
    wf_strmap_release(&L.jobs);
    sg_buf_release(&L.scratch);
    return L.wf;
}

int wf_check_buffer(const char *file, const char *text, size_t len)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    int rc;

    sg_diags_init(&d);
    rc = wf_load(a, &d, file, text, len) ? (int)d.errors : -1;
    sg_diags_release(&d);
    sg_arena_free(a);
    return rc;
}

/* ---- lookups ----------------------------------------------------------- */

const struct wf_event *wf_find_event(const struct wf_workflow *wf, const char *name)
{
    size_t i;
    for (i = 0; i < wf->nevents; i++)
        if (strcmp(wf->events[i].name, name) == 0)
            return &wf->events[i];
    return NULL;
}

const struct wf_job *wf_find_job(const struct wf_workflow *wf, const char *id)
{
    struct wf_strmap_slot *s;
    if (!wf->job_index)
        return NULL;
    s = wf_strmap_get(wf->job_index, id, strlen(id));
    return s ? &wf->jobs[s->val] : NULL;
}
