/* SPDX-License-Identifier: MIT */
/*
 * Trigger matching: does this event start this workflow? GitHub's rules
 * for on: filters: activity types (with pull_request's defaults), branch
 * and tag filters (a push with only branch filters never runs for tags and
 * the other way round), path filters (any changed file included; for
 * paths-ignore, not every file ignored; skipped for tag pushes), and both
 * ref and path filters must pass. The glob dialect is src/base/glob.c's.
 */
#include "workflow/wf_int.h"
#include "base/glob.h"

static const char *const pr_default_types[] = {"opened", "synchronize", "reopened", NULL};

const char *const *wf_default_types(const char *event)
{
    if (!strcmp(event, "pull_request") || !strcmp(event, "pull_request_target"))
        return pr_default_types;
    return NULL;
}

/* Filter lists as the NUL-terminated strings sg_filter_match takes. */
static bool list_match(const struct wf_strlist *l, const char *value)
{
    const char *small[16] = {NULL};
    const char **pats = l->n <= 16 ? small : sg_xmalloc(l->n * sizeof(*pats));
    bool r;
    size_t i;

    for (i = 0; i < l->n; i++)
        pats[i] = l->items[i]->s;
    r = sg_filter_match(SG_GLOB_FILTER, pats, l->n, value);
    if (pats != small)
        free(pats);
    return r;
}

static bool types_match(const struct wf_event *e, const struct wf_trigger_event *ev)
{
    const char *const *defaults;
    size_t i;

    if (!ev->action)
        return true;
    if (e->types.node) {
        for (i = 0; i < e->types.n; i++)
            if (!strcmp(e->types.items[i]->s, ev->action))
                return true;
        return false;
    }
    defaults = wf_default_types(e->name);
    if (!defaults)
        return true;
    for (; *defaults; defaults++)
        if (!strcmp(*defaults, ev->action))
            return true;
    return false;
}

/* An include list or an ignore list; absent filters pass. */
static bool filter_pair(const struct wf_strlist *inc, const struct wf_strlist *ign,
                        const char *value)
{
    if (inc->node)
        return list_match(inc, value);
    if (ign->node)
        return !list_match(ign, value);
    return true;
}

static bool ref_match(const struct wf_event *e, const char *ref, bool *is_tag)
{
    bool has_branch = e->branches.node || e->branches_ignore.node;
    bool has_tag = e->tags.node || e->tags_ignore.node;
    const char *name;

    *is_tag = false;
    if (!ref)
        return !has_branch && !has_tag;
    if (sg_starts_with(ref, "refs/tags/")) {
        *is_tag = true;
        name = ref + strlen("refs/tags/");
        if (!has_tag)
            return !has_branch;
        return filter_pair(&e->tags, &e->tags_ignore, name);
    }
    name = sg_starts_with(ref, "refs/heads/") ? ref + strlen("refs/heads/") : ref;
    if (!has_branch)
        return !has_tag;
    return filter_pair(&e->branches, &e->branches_ignore, name);
}

static bool paths_match(const struct wf_event *e, const struct wf_trigger_event *ev)
{
    size_t i;

    if (!ev->paths || (!e->paths.node && !e->paths_ignore.node))
        return true;
    if (e->paths.node) {
        for (i = 0; i < ev->npaths; i++)
            if (list_match(&e->paths, ev->paths[i]))
                return true;
        return false;
    }
    for (i = 0; i < ev->npaths; i++)
        if (!list_match(&e->paths_ignore, ev->paths[i]))
            return true;
    return false;
}

static bool workflow_run_match(const struct wf_event *e, const struct wf_trigger_event *ev)
{
    size_t i;
    if (!e->workflows.node || !ev->workflow)
        return true;
    for (i = 0; i < e->workflows.n; i++)
        if (!strcmp(e->workflows.items[i]->s, ev->workflow))
            return true;
    return false;
}

static bool schedule_match(const struct wf_event *e, const struct wf_trigger_event *ev)
{
    size_t i;
    if (!ev->cron)
        return true;
    for (i = 0; i < e->ncrons; i++)
        if (e->crons[i].cron && !strcmp(e->crons[i].cron->s, ev->cron))
            return true;
    return false;
}

bool wf_trigger_matches(const struct wf_workflow *wf, const struct wf_trigger_event *ev)
{
    const struct wf_event *e = wf_find_event(wf, ev->name);
    bool is_tag;

    if (!e || !types_match(e, ev))
        return false;
    if (!strcmp(e->name, "schedule"))
        return schedule_match(e, ev);
    if (!strcmp(e->name, "workflow_run") && !workflow_run_match(e, ev))
        return false;
    if (!ref_match(e, ev->ref, &is_tag))
        return false;
    /* GitHub does not evaluate path filters for tag pushes. */
    if (is_tag)
        return true;
    return paths_match(e, ev);
}
