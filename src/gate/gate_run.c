/* SPDX-License-Identifier: MIT */
/*
 * gate_run: the steps of one gate from report files to a decision, in the
 * order the CLI has always taken them (policy, baseline, reports, ignore
 * files, baseline marks, register triage, decision, warnings, register
 * record, saved baseline), so that the CLI and the workflow step decide
 * the same way.
 */
#include <sys/stat.h>
#include <time.h>

#include "gate/gate_run.h"

int gate_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return 0;
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static int load_policy(struct gate_policy *pol, struct sg_arena *a, const struct gate_run_opts *o,
                       struct sg_diags *d)
{
    struct stat st;
    const char *path = o->policy;
    if (!path && o->default_policy && stat(o->default_policy, &st) == 0)
        path = o->default_policy;
    if (!path) {
        gate_policy_default(pol);
        return 0;
    }
    return gate_policy_load(pol, a, path, d);
}

/* A report that holds one image and nothing else (--image-size). */
static struct gate_report *image_report(struct sg_arena *a, unsigned long long bytes)
{
    struct gate_report *r = sg_arena_alloc(a, sizeof(*r));
    memset(r, 0, sizeof(*r));
    r->format = "image-size";
    r->file = "--image-size";
    r->images = sg_arena_alloc(a, sizeof(*r->images));
    r->images[0].name = "(--image-size)";
    r->images[0].size = bytes;
    r->n_images = 1;
    return r;
}

static int parse_reports(struct gate_report **rw, struct sg_arena *a,
                         const struct gate_run_opts *o, const struct gate_policy *pol,
                         struct sg_diags *d)
{
    struct gate_parse_opts popts = GATE_PARSE_OPTS_INIT;
    size_t i;
    int bad = 0;

    popts.unknown_severity = pol->unknown;
    popts.source_root = o->source_root ? o->source_root : ".";
    for (i = 0; i < o->n; i++) {
        rw[i] = sg_arena_alloc(a, sizeof(*rw[i]));
        if (gate_report_parse_file(rw[i], a, o->files[i], o->forced ? o->forced[i] : NULL, &popts,
                                   d) < 0)
            bad = 1;
    }
    return bad ? -1 : 0;
}

int gate_run(struct gate_run_result *out, struct sg_arena *a, const struct gate_run_opts *o,
             struct sg_diags *d)
{
    struct gate_policy pol;
    /* One more slot for the image size. */
    struct gate_report **rw = sg_arena_alloc(a, (o->n + 1) * sizeof(*rw));
    const struct gate_report *const *reports = (const struct gate_report *const *)rw;
    const struct gate_run_hooks *h = o->hooks;
    const char **notes = NULL;
    size_t i, n_notes = 0, n_all = o->n;
    int today = o->today ? o->today : gate_today();

    memset(out, 0, sizeof(*out));
    if (load_policy(&pol, a, o, d) < 0)
        return -1;
    if (o->baseline && gate_baseline_load(&out->baseline, a, o->baseline, d) < 0)
        return -1;
    if (o->has_image_size)
        rw[n_all++] = image_report(a, o->image_size);
    if (parse_reports(rw, a, o, &pol, d) < 0)
        return -1;
    gate_ignorefiles_apply(rw, o->n, o->source_root ? o->source_root : ".", today, a, &notes,
                           &n_notes);
    if (o->baseline) {
        out->bl = &out->baseline;
        gate_baseline_apply(&out->baseline, rw, o->n);
    }
    if (h && h->before_decide && h->before_decide(h->ctx, a, reports, o->n) != 0)
        return -1;
    gate_decide(&out->dec, a, &pol, o->stage, reports, n_all, today);
    for (i = 0; i < n_notes; i++)
        gate_strlist_add(a, &out->dec.warnings, &out->dec.n_warnings, notes[i]);
    if (out->bl)
        gate_baseline_warnings(out->bl, &out->dec, a);
    if (h && h->after_decide)
        h->after_decide(h->ctx, reports, o->n, &out->dec, d);
    out->reports = reports;
    out->n_reports = n_all;
    if (o->save_baseline &&
        gate_baseline_save(o->save_baseline, reports, o->n, time(NULL), d) < 0)
        return -1;
    return 0;
}

void gate_run_counts(const struct gate_decision *dec, size_t *blocking, size_t *new_count,
                     size_t *total)
{
    size_t i;
    *blocking = *new_count = 0;
    *total = dec->n;
    for (i = 0; i < dec->n; i++) {
        const struct gate_judged *j = &dec->items[i];
        if (j->verdict == GATE_V_BLOCK)
            (*blocking)++;
        if (j->verdict != GATE_V_SUPPRESSED && j->verdict != GATE_V_DROPPED &&
            !strcmp(gate_judged_status(j), "new"))
            (*new_count)++;
    }
}
