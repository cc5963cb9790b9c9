/* SPDX-License-Identifier: MIT */
/*
 * coverage.py JSON (`coverage json`): line coverage is totals.covered_lines
 * / totals.num_statements. percent_covered is not used: with --branch it
 * mixes branches into the figure (DESIGN.md section 6).
 */
#include "gate/gate_int.h"

struct coveragepy {
    bool has_covered, has_statements;
    long covered, statements;
};

bool gate_coveragepy_detect(const struct gate_sniff *s)
{
    return s->json && !s->root_array && gate_sniff_has(s, "meta") &&
           (gate_sniff_has(s, "files") || gate_sniff_has(s, "totals"));
}

static int covpy_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct coveragepy *c = ctx;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "totals"))
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "totals.covered_lines")) {
        if (gate_js_expect(js, t, GATE_J_NUMBER) < 0)
            return -1;
        c->covered = gate_num_long(s, n);
        c->has_covered = true;
    } else if (gate_js_at(js, "totals.num_statements")) {
        if (gate_js_expect(js, t, GATE_J_NUMBER) < 0)
            return -1;
        c->statements = gate_num_long(s, n);
        c->has_statements = true;
    }
    return 0;
}

int gate_coveragepy_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {covpy_value, NULL};
    struct coveragepy c;
    struct gate_coverage *cov = &p->report->coverage;

    memset(&c, 0, sizeof(c));
    if (gate_json_run(p, &h, &c) < 0)
        return -1;
    if (!c.has_covered || !c.has_statements || c.covered < 0 || c.statements < 0 ||
        c.covered > c.statements)
        return gate_fail(p, 1, 1, "expected whole numbers 'totals.covered_lines' <= "
                                  "'totals.num_statements' in a coverage.py report");
    cov->lines_valid = c.statements;
    cov->lines_covered = c.covered;
    cov->percent = c.statements ? (double)c.covered * 100.0 / (double)c.statements : 100.0;
    p->report->has_coverage = true;
    return 0;
}
