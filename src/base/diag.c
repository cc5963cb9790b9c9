/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics with positions, collected so that one pass can report every
 * problem, then sorted and printed as FILE:LINE:COL: SEVERITY: MESSAGE.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

void sg_diags_init(struct sg_diags *d)
{
    memset(d, 0, sizeof(*d));
    d->arena = sg_arena_new();
}

void sg_diags_release(struct sg_diags *d)
{
    free(d->items);
    sg_arena_free(d->arena);
    memset(d, 0, sizeof(*d));
}

const char *sg_severity_name(enum sg_severity s)
{
    switch (s) {
    case SG_SEV_ERROR: return "error";
    case SG_SEV_WARNING: return "warning";
    case SG_SEV_NOTE: return "note";
    }
    return "error";
}

void sg_diag_vadd(struct sg_diags *d, enum sg_severity sev, const char *file, int line, int col,
                  const char *fmt, va_list ap)
{
    struct sg_diag *g;

    if (!d->arena)
        d->arena = sg_arena_new();
    SG_GROW(d->items, d->cap, d->n + 1);
    g = &d->items[d->n++];
    g->file = file ? sg_arena_strdup(d->arena, file) : NULL;
    g->line = line;
    g->col = col;
    g->severity = sev;
    g->message = sg_arena_vprintf(d->arena, fmt, ap);
    if (sev == SG_SEV_ERROR)
        d->errors++;
}

void sg_diag_add(struct sg_diags *d, enum sg_severity sev, const char *file, int line, int col,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sg_diag_vadd(d, sev, file, line, col, fmt, ap);
    va_end(ap);
}

static int diag_cmp(const struct sg_diag *a, const struct sg_diag *b)
{
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return 0;
}

/* Insertion sort: stable, and diagnostic lists are short and nearly sorted. */
void sg_diags_sort(struct sg_diags *d)
{
    size_t i, j;
    for (i = 1; i < d->n; i++) {
        struct sg_diag t = d->items[i];
        for (j = i; j > 0 && diag_cmp(&d->items[j - 1], &t) > 0; j--)
            d->items[j] = d->items[j - 1];
        d->items[j] = t;
    }
}

void sg_diags_print(const struct sg_diags *d, FILE *out)
{
    size_t i;
    for (i = 0; i < d->n; i++) {
        const struct sg_diag *g = &d->items[i];
        if (g->file && g->line > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", g->file, g->line, g->col > 0 ? g->col : 1,
                    sg_severity_name(g->severity), g->message);
        else if (g->file)
            fprintf(out, "%s: %s: %s\n", g->file, sg_severity_name(g->severity), g->message);
        else
            fprintf(out, "%s: %s\n", sg_severity_name(g->severity), g->message);
    }
}
