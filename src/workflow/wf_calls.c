/* SPDX-License-Identifier: MIT */
/*
 * Checks of reusable workflow calls against the called file: a job whose
 * `uses:` names a workflow of the same repository (`./.github/workflows/
 * x.yml`) must call a file that declares `on.workflow_call`, provide every
 * required input and secret, and pass no input or secret the file does not
 * declare (GitHub's rules and messages). Remote calls (owner/repo/...@ref)
 * are left alone: they need the network. The runner loads called files
 * with wf_load_called_workflow() too.
 */
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "workflow/workflow.h"

bool wf_job_calls_local_workflow(const struct wf_job *job)
{
    return job->uses && job->uses->kind == WF_STRING && sg_starts_with(job->uses->s, "./");
}

const char *wf_find_repo_root(struct sg_arena *a, const char *file)
{
    char *dir = realpath(file, NULL), *cut;
    const char *root = ".";
    struct stat st;

    if (!dir)
        return root;
    /* The nearest folder with a .git wins; else the folder that holds
     * .github/workflows/FILE; else the current directory. */
    for (cut = strrchr(dir, '/'); cut; cut = strrchr(dir, '/')) {
        *cut = '\0';
        if (stat(sg_arena_printf(a, "%s/.git", dir), &st) == 0) {
            root = sg_arena_strdup(a, *dir ? dir : "/");
            free(dir);
            return root;
        }
    }
    free(dir);
    dir = realpath(file, NULL);
    if (dir && (cut = strstr(dir, "/.github/workflows/")) != NULL) {
        *cut = '\0';
        root = sg_arena_strdup(a, *dir ? dir : "/");
    }
    free(dir);
    return root;
}

struct wf_workflow *wf_load_called_workflow(struct sg_arena *a, struct sg_diags *d,
                                            const char *repo_root, const struct wf_job *job)
{
    const char *rel = job->uses->s + 2;
    const char *path = sg_arena_printf(a, "%s/%s", repo_root, rel);
    struct sg_buf text = SG_BUF_INIT;
    struct sg_diags quiet;
    struct wf_workflow *wf;

    if (sg_read_file(&text, path, WF_MAX_FILE_SIZE) != 0) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "cannot read the called workflow '%s': %s",
                    job->uses->s, strerror(errno));
        sg_buf_release(&text);
        return NULL;
    }
    /* The called file's own problems are its own lint's business. */
    sg_diags_init(&quiet);
    wf = wf_load(a, &quiet, sg_arena_strdup(a, job->uses->s), sg_buf_str(&text), text.len);
    if (!wf || quiet.errors)
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "the called workflow '%s' is not valid: %s",
                    job->uses->s, quiet.n ? quiet.items[0].message : "not YAML");
    sg_diags_release(&quiet);
    sg_buf_release(&text);
    return wf;
}

static const struct wf_input *find_input(const struct wf_event *ev, const char *name)
{
    size_t i;
    for (i = 0; i < ev->ninputs; i++)
        if (strcasecmp(ev->inputs[i].name->s, name) == 0)
            return &ev->inputs[i];
    return NULL;
}

static const struct wf_call_secret *find_secret(const struct wf_event *ev, const char *name)
{
    size_t i;
    for (i = 0; i < ev->nsecrets; i++)
        if (strcasecmp(ev->secrets[i].name->s, name) == 0)
            return &ev->secrets[i];
    return NULL;
}

static void error_at(struct sg_diags *d, const char *file, const struct wf_value *at,
                     const char *fmt, const char *name)
{
    sg_diag_add(d, SG_SEV_ERROR, file, at->line, at->col, fmt, name);
}

static void check_inputs(struct sg_diags *d, const char *file, const struct wf_job *job,
                         const struct wf_event *call)
{
    size_t i;
    for (i = 0; i < call->ninputs; i++) {
        const struct wf_input *in = &call->inputs[i];
        bool given = job->with && job->with->kind == WF_MAP &&
                     wf_map_get_nocase(job->with, in->name->s) != NULL;
        if (in->required && in->type_given && !given)
            error_at(d, file, job->uses, "Input %s is required, but not provided while calling.",
                     in->name->s);
    }
    if (!job->with || job->with->kind != WF_MAP)
        return;
    for (i = 0; i < job->with->n; i++) {
        const struct wf_pair *p = &job->with->pairs[i];
        if (!find_input(call, p->key.s))
            error_at(d, file, &p->value,
                     "Invalid input, %s is not defined in the referenced workflow.", p->key.s);
    }
}

static void check_secrets(struct sg_diags *d, const char *file, const struct wf_job *job,
                          const struct wf_event *call)
{
    const struct wf_value *given = job->secrets && job->secrets->kind == WF_MAP ? job->secrets : NULL;
    size_t i;

    if (job->secrets_inherit)
        return;
    for (i = 0; i < call->nsecrets; i++) {
        const struct wf_call_secret *s = &call->secrets[i];
        if (s->required && (!given || !wf_map_get_nocase(given, s->name->s)))
            error_at(d, file, job->uses, "Secret %s is required, but not provided while calling.",
                     s->name->s);
    }
    if (!given)
        return;
    for (i = 0; i < given->n; i++) {
        const struct wf_pair *p = &given->pairs[i];
        if (!find_secret(call, p->key.s))
            error_at(d, file, &p->value,
                     "Invalid secret, %s is not defined in the referenced workflow.", p->key.s);
    }
}

static void check_one_call(struct sg_arena *a, struct sg_diags *d, const struct wf_workflow *wf,
                           const struct wf_job *job, const char *repo_root)
{
    struct sg_diags load;
    struct wf_workflow *called;
    const struct wf_event *call;

    sg_diags_init(&load);
    called = wf_load_called_workflow(a, &load, repo_root, job);
    if (load.n) {
        sg_diag_add(d, SG_SEV_ERROR, wf->file, job->uses->line, job->uses->col, "%s",
                    load.items[0].message);
        sg_diags_release(&load);
        return;
    }
    sg_diags_release(&load);
    call = called ? wf_find_event(called, "workflow_call") : NULL;
    if (!call) {
        sg_diag_add(d, SG_SEV_ERROR, wf->file, job->uses->line, job->uses->col,
                    "workflow_call key is not defined in the referenced workflow.");
        return;
    }
    check_inputs(d, wf->file, job, call);
    check_secrets(d, wf->file, job, call);
}

void wf_check_calls(struct sg_arena *a, struct sg_diags *d, const struct wf_workflow *wf,
                    const char *repo_root)
{
    size_t i;
    for (i = 0; i < wf->njobs; i++)
        if (wf_job_calls_local_workflow(&wf->jobs[i]))
            check_one_call(a, d, wf, &wf->jobs[i], repo_root);
}
