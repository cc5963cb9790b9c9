/* SPDX-License-Identifier: MIT */
/*
 * `--format markdown`, for job summaries and pull-request comments: the
 * decision with a summary line, the reasons, a table of the findings that
 * block or warn (at most TABLE_MAX rows: a PR comment holds 65,536
 * characters), then tests, coverage, image and warnings.
 */
#include "gate/output.h"

#define TABLE_MAX 100
#define CELL_MAX 120
#define MD_LIT(w, lit) gate_jw_raw((w), lit, sizeof(lit) - 1)

/* Table cells: no pipes or newlines, no HTML, bounded length. */
static void md_text(struct gate_jw *w, const char *s, bool code, size_t max)
{
    size_t n = 0;

    if (code && *s)
        MD_LIT(w, "`");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c & 0xC0) != 0x80 && ++n > max) {
            MD_LIT(w, "…");
            break;
        }
        if (c == '|')
            MD_LIT(w, "\\|");
        else if (c == '\n' || c == '\r' || c == '\t')
            MD_LIT(w, " ");
        else if (code && c == '`')
            MD_LIT(w, "'");
        else if (!code && c == '<')
            MD_LIT(w, "&lt;");
        else if (!code && c == '>')
            MD_LIT(w, "&gt;");
        else
            gate_jw_raw(w, s, 1);
    }
    if (code && n)
        MD_LIT(w, "`");
}

static void md_summary(struct gate_jw *w, const struct gate_decision *dec,
                       const struct gate_output_opts *o)
{
    size_t by[5], i;
    bool first = true;

    gate_out_verdict_counts(dec, by);
    gate_out_printf(w, "## %s shipgate gate: %s\n\n", dec->block ? ":x:" : ":white_check_mark:",
                    dec->block ? "block" : "pass");
    gate_out_printf(w, "**%zu blocking, %zu warning%s** of %zu finding%s", by[GATE_V_BLOCK],
                    by[GATE_V_WARN], by[GATE_V_WARN] == 1 ? "" : "s", dec->n,
                    dec->n == 1 ? "" : "s");
    for (i = 0; i < GATE_SEV_COUNT; i++)
        if (dec->counts[i]) {
            gate_out_printf(w, "%s%zu %s", first ? " (" : ", ", dec->counts[i],
                            gate_severity_name((enum gate_severity)i));
            first = false;
        }
    gate_out_printf(w, "%s; %zu logged, %zu suppressed", first ? "" : ")", by[GATE_V_LOG],
                    by[GATE_V_SUPPRESSED]);
    if (o->baseline)
        gate_out_printf(w, "; %zu new, %zu existing", o->baseline->n_new,
                        o->baseline->n_existing);
    if (o->stage)
        gate_out_printf(w, "; stage `%s`", o->stage);
    MD_LIT(w, ".\n\n");
    if (dec->n_reasons) {
        MD_LIT(w, "Why it blocks:\n\n");
        for (i = 0; i < dec->n_reasons; i++) {
            MD_LIT(w, "- ");
            md_text(w, dec->reasons[i], false, 2000);
            MD_LIT(w, "\n");
        }
        MD_LIT(w, "\n");
    }
}

static void md_table(struct gate_jw *w, const struct gate_decision *dec)
{
    struct sg_buf loc = SG_BUF_INIT;
    size_t i, shown = 0, total = 0;

    for (i = 0; i < dec->n; i++)
        total += dec->items[i].verdict == GATE_V_BLOCK || dec->items[i].verdict == GATE_V_WARN;
    if (!total)
        return;
    MD_LIT(w, "| Effect | Severity | Tool | Rule | Location | Title | Status |\n");
    MD_LIT(w, "|---|---|---|---|---|---|---|\n");
    for (i = 0; i < dec->n && shown < TABLE_MAX; i++) {
        const struct gate_judged *j = &dec->items[i];
        if (j->verdict != GATE_V_BLOCK && j->verdict != GATE_V_WARN)
            continue;
        shown++;
        sg_buf_reset(&loc);
        gate_out_location(&loc, j->f);
        gate_out_printf(w, "| %s | %s%s | ", j->verdict == GATE_V_BLOCK ? "**block**" : "warn",
                        gate_severity_name(j->severity), j->f->severity_unknown ? " (unknown)" : "");
        md_text(w, j->f->tool ? j->f->tool : "", false, CELL_MAX);
        MD_LIT(w, " | ");
        md_text(w, j->f->rule ? j->f->rule : "", true, CELL_MAX);
        MD_LIT(w, " | ");
        md_text(w, sg_buf_str(&loc), true, CELL_MAX);
        MD_LIT(w, " | ");
        md_text(w, j->f->title ? j->f->title : "", false, CELL_MAX);
        gate_out_printf(w, " | %s |\n", gate_judged_status(j));
    }
    if (total > shown)
        gate_out_printf(w, "\n… and %zu more (see the JSON or SARIF output).\n", total - shown);
    MD_LIT(w, "\n");
    sg_buf_release(&loc);
}

static void md_measurements(struct gate_jw *w, const struct gate_decision *dec)
{
    size_t i;

    if (dec->has_tests)
        gate_out_printf(w, "**Tests:** %ld total, %ld failures, %ld errors, %ld skipped  \n",
                        dec->tests.total, dec->tests.failures, dec->tests.errors,
                        dec->tests.skipped);
    if (dec->has_coverage)
        gate_out_printf(w, "**Coverage:** %.2f%% of lines  \n", dec->coverage.percent);
    for (i = 0; i < dec->n_images; i++) {
        gate_out_printf(w, "**Image:** `%s` %.1f MB", dec->images[i].name,
                        (double)dec->images[i].size / 1e6);
        if (dec->has_image_max)
            gate_out_printf(w, " (max %.1f MB)", (double)dec->image_max_size / 1e6);
        MD_LIT(w, "  \n");
    }
    if (dec->n_warnings) {
        MD_LIT(w, "\nWarnings:\n\n");
        for (i = 0; i < dec->n_warnings; i++) {
            MD_LIT(w, "- ");
            md_text(w, dec->warnings[i], false, 2000);
            MD_LIT(w, "\n");
        }
    }
}

void gate_out_markdown(struct gate_jw *w, const struct gate_decision *dec,
                       const struct gate_output_opts *o)
{
    md_summary(w, dec, o);
    md_table(w, dec);
    md_measurements(w, dec);
}
