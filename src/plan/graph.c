/* SPDX-License-Identifier: MIT */
/*
 * The job graph of a run: which jobs `-j ID` selects (the job and its needs,
 * transitively) and the order to start them in (Kahn's algorithm with file
 * order among ready jobs, as GitHub queues jobs). Also the bridge from YAML
 * values in the model to expression values. The model (src/workflow) has
 * already resolved needs to indexes and rejected cycles.
 */
#include <stdint.h>

#include "plan/plan.h"

struct expr_value plan_value_from_yaml(struct sg_arena *a, const struct wf_value *v)
{
    struct expr_value out;

    if (!v)
        return expr_null();
    switch (v->kind) {
    case WF_NULL: return expr_null();
    case WF_BOOL: return expr_bool(v->b);
    case WF_NUMBER: return expr_number(v->num);
    case WF_STRING: return expr_string(a, v->s, v->len);
    case WF_SEQ:
        out = expr_new_array(a);
        for (size_t i = 0; i < v->n; i++)
            expr_array_push(a, &out, plan_value_from_yaml(a, &v->items[i]));
        return out;
    default:
        out = expr_new_object(a);
        for (size_t i = 0; i < v->n; i++)
            expr_object_set(a, &out, v->pairs[i].key.s, plan_value_from_yaml(a, &v->pairs[i].value));
        return out;
    }
}

static size_t need_of(const struct wf_job *job, size_t k)
{
    return job->need_index ? job->need_index[k] : SIZE_MAX;
}

int plan_select_jobs(bool *selected, const struct wf_workflow *wf, const char *only_job)
{
    const struct wf_job *start;
    size_t *stack, top = 0;

    if (!only_job) {
        for (size_t i = 0; i < wf->njobs; i++)
            selected[i] = true;
        return 0;
    }
    start = wf_find_job(wf, only_job);
    if (!start)
        return -1;
    for (size_t i = 0; i < wf->njobs; i++)
        selected[i] = false;
    /* Each job is pushed at most once (marked when pushed): njobs slots. */
    stack = sg_xcalloc(wf->njobs + 1, sizeof(*stack));
    stack[top++] = (size_t)(start - wf->jobs);
    selected[start - wf->jobs] = true;
    while (top > 0) {
        const struct wf_job *job = &wf->jobs[stack[--top]];
        for (size_t k = 0; k < job->needs.n; k++) {
            size_t dep = need_of(job, k);
            if (dep < wf->njobs && !selected[dep]) {
                selected[dep] = true;
                stack[top++] = dep;
            }
        }
    }
    free(stack);
    return 0;
}

size_t plan_job_order(size_t *order, const struct wf_workflow *wf, const bool *selected)
{
    size_t *pending = sg_xcalloc(wf->njobs + 1, sizeof(*pending));
    size_t n = 0, head = 0;

    for (size_t i = 0; i < wf->njobs; i++) {
        const struct wf_job *job = &wf->jobs[i];
        for (size_t k = 0; k < job->needs.n; k++) {
            size_t dep = need_of(job, k);
            if (dep < wf->njobs && selected[dep])
                pending[i]++; /* a job needing itself never becomes ready */
        }
    }
    /* A FIFO queue seeded in file order, as GitHub's parser walks the graph;
     * `order` doubles as the queue. O(jobs x edges); workflows have few jobs. */
    for (size_t i = 0; i < wf->njobs; i++)
        if (selected[i] && pending[i] == 0)
            order[n++] = i;
    while (head < n) {
        size_t id = order[head++];
        for (size_t j = 0; j < wf->njobs; j++) {
            const struct wf_job *job = &wf->jobs[j];
            if (!selected[j] || pending[j] == 0)
                continue;
            for (size_t k = 0; k < job->needs.n; k++)
                if (need_of(job, k) == id && --pending[j] == 0)
                    order[n++] = j;
        }
    }
    free(pending);
    return n;
}
