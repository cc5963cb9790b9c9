/* SPDX-License-Identifier: MIT */
/*
 * The text output: a table of the findings that block or warn, sorted by
 * severity, a line for what is only logged or suppressed, the measurements
 * (tests, coverage, image), the warnings, then the decision and every
 * reason. Colours only when the caller says so (a TTY without NO_COLOR).
 */
#include "gate/output.h"

#define COL_MAX 48

enum { C_EFFECT, C_SEV, C_TOOL, C_RULE, C_KIND, C_LOC, C_STATUS, C_TITLE, N_COLS };

static const char *sev_color(enum gate_severity s)
{
    switch (s) {
    case GATE_SEV_CRITICAL: return "\033[1;35m";
    case GATE_SEV_HIGH: return "\033[1;31m";
    case GATE_SEV_MEDIUM: return "\033[33m";
    case GATE_SEV_LOW: return "\033[36m";
    case GATE_SEV_INFO: return "\033[2m";
    }
    return "";
}

/* Characters, not bytes: paths and titles may be UTF-8. */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

struct row {
    const struct gate_judged *j;
    size_t order;
    const char *cell[N_COLS];
};

static int row_cmp(const void *va, const void *vb)
{
    const struct row *a = va, *b = vb;
    if (a->j->severity != b->j->severity)
        return a->j->severity < b->j->severity ? -1 : 1;
    if (a->j->verdict != b->j->verdict)
        return a->j->verdict < b->j->verdict ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static void fill_row(struct row *r, const struct gate_judged *j, struct sg_arena *a)
{
    const struct gate_finding *f = j->f;
    struct sg_buf b = SG_BUF_INIT;

    r->j = j;
    r->cell[C_EFFECT] = gate_judged_effect(j);
    r->cell[C_SEV] = f->severity_unknown
                         ? sg_arena_printf(a, "%s?", gate_severity_name(j->severity))
                         : gate_severity_name(j->severity);
    r->cell[C_TOOL] = f->tool ? f->tool : "";
    r->cell[C_RULE] = f->rule ? f->rule : "";
    r->cell[C_KIND] = gate_kind_name(f->kind);
    gate_out_location(&b, f);
    r->cell[C_LOC] = sg_arena_strdup(a, sg_buf_str(&b));
    sg_buf_release(&b);
    r->cell[C_STATUS] = gate_judged_status(j);
    r->cell[C_TITLE] = f->title ? f->title : "";
}

static void put_cell(struct gate_jw *w, const char *s, size_t width, const char *color)
{
    size_t n = text_width(s);
    if (color && *color)
        gate_jw_raw(w, color, strlen(color));
    gate_jw_raw(w, s, strlen(s));
    if (color && *color)
        gate_jw_raw(w, "\033[0m", 4);
    /* An over-long cell still gets one space before the next column. */
    if (width && n + 1 > width)
        width = n + 1;
    for (; n < width; n++)
        gate_jw_raw(w, " ", 1);
}

static void print_table(struct gate_jw *w, struct row *rows, size_t n, bool color)
{
    static const char *const head[N_COLS] = {"EFFECT", "SEVERITY", "TOOL",   "RULE",
                                             "KIND",   "LOCATION", "STATUS", "TITLE"};
    size_t width[N_COLS], i, c;

    for (c = 0; c < N_COLS; c++)
        width[c] = strlen(head[c]);
    for (i = 0; i < n; i++)
        for (c = 0; c < N_COLS; c++) {
            size_t k = text_width(rows[i].cell[c]);
            if (k > width[c])
                width[c] = k > COL_MAX ? COL_MAX : k;
        }
    for (c = 0; c < N_COLS; c++)
        put_cell(w, head[c], c + 1 < N_COLS ? width[c] + 1 : 0, NULL);
    gate_jw_raw(w, "\n", 1);
    for (i = 0; i < n; i++) {
        for (c = 0; c < N_COLS; c++)
            put_cell(w, rows[i].cell[c], c + 1 < N_COLS ? width[c] + 1 : 0,
                     color && c == C_SEV ? sev_color(rows[i].j->severity) : NULL);
        gate_jw_raw(w, "\n", 1);
    }
}

static void print_images(struct gate_jw *w, const struct gate_decision *dec)
{
    size_t i;
    for (i = 0; i < dec->n_images; i++) {
        gate_out_printf(w, "image: %s %.1f MB", dec->images[i].name,
                        (double)dec->images[i].size / 1e6);
        if (dec->has_image_max)
            gate_out_printf(w, " (max %.1f MB)", (double)dec->image_max_size / 1e6);
        gate_jw_raw(w, "\n", 1);
    }
}

void gate_out_text(struct gate_jw *w, const struct gate_decision *dec,
                   const struct gate_output_opts *o)
{
    struct sg_arena *a = sg_arena_new();
    struct row *rows = sg_xcalloc(dec->n + 1, sizeof(*rows));
    size_t i, n = 0, by[5];

    for (i = 0; i < dec->n; i++)
        if (dec->items[i].verdict == GATE_V_BLOCK || dec->items[i].verdict == GATE_V_WARN) {
            fill_row(&rows[n], &dec->items[i], a);
            rows[n].order = n;
            n++;
        }
    qsort(rows, n, sizeof(*rows), row_cmp);
    if (n)
        print_table(w, rows, n, o->color);
    gate_out_verdict_counts(dec, by);
    if (by[GATE_V_LOG] || by[GATE_V_SUPPRESSED] || by[GATE_V_DROPPED])
        gate_out_printf(w, "(%zu logged only, %zu suppressed, %zu below min-confidence)\n",
                        by[GATE_V_LOG], by[GATE_V_SUPPRESSED], by[GATE_V_DROPPED]);
    if (o->baseline)
        gate_out_printf(w, "baseline %s: %zu new, %zu existing\n", o->baseline->file,
                        o->baseline->n_new, o->baseline->n_existing);
    if (dec->has_tests)
        gate_out_printf(w, "tests: %ld total, %ld failures, %ld errors, %ld skipped\n",
                        dec->tests.total, dec->tests.failures, dec->tests.errors,
                        dec->tests.skipped);
    if (dec->has_coverage)
        gate_out_printf(w, "coverage: %.2f%% of lines\n", dec->coverage.percent);
    print_images(w, dec);
    for (i = 0; i < dec->n_warnings; i++)
        gate_out_printf(w, "warning: %s\n", dec->warnings[i]);
    gate_out_printf(w, "%sgate: %s%s\n", o->color ? (dec->block ? "\033[1;31m" : "\033[1;32m") : "",
                    dec->block ? "block" : "pass", o->color ? "\033[0m" : "");
    for (i = 0; i < dec->n_reasons; i++)
        gate_out_printf(w, "  - %s\n", dec->reasons[i]);
    free(rows);
    sg_arena_free(a);
}
