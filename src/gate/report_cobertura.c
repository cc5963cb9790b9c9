/* SPDX-License-Identifier: MIT */
/*
 * Cobertura XML (Cobertura, coverage.py, gcovr, istanbul): line coverage
 * from the root <coverage> element: lines-covered / lines-valid when both
 * are given, else line-rate. Branch figures are not coverage here
 * (DESIGN.md section 6).
 */
#include <math.h>

#include "gate/gate_int.h"

bool gate_cobertura_detect(const struct gate_sniff *s)
{
    return s->xml && strcmp(s->root_element, "coverage") == 0;
}

static bool attr_number(const char *s, double *out)
{
    char *end;
    if (!s || !*s)
        return false;
    errno = 0;
    *out = strtod(s, &end);
    return *end == '\0' && !errno && isfinite(*out) && *out >= 0;
}

static int cobertura_root(struct gate_xml *x, struct gate_coverage *c)
{
    const char *rate = gate_xml_attr(x, "line-rate");
    double valid, covered, r;
    bool have_lines = attr_number(gate_xml_attr(x, "lines-valid"), &valid) &&
                      attr_number(gate_xml_attr(x, "lines-covered"), &covered) &&
                      covered <= valid;

    if (have_lines) {
        c->lines_valid = (long)valid;
        c->lines_covered = (long)covered;
        c->percent = valid > 0 ? covered * 100.0 / valid : 100.0;
        return 0;
    }
    if (!attr_number(rate, &r) || r > 1.0)
        return gate_xml_fail(x, "expected a number from 0 to 1 for 'line-rate' of <coverage>, "
                                "got '%s'", rate ? rate : "(none)");
    c->percent = r * 100.0;
    return 0;
}

struct cobertura {
    struct gate_report *r;
    bool seen;
};

static int cobertura_elem(void *ctx, struct gate_xml *x, int depth, const char *name)
{
    struct cobertura *c = ctx;

    if (c->seen)
        return 0;
    c->seen = true;
    if (strcmp(name, "coverage") != 0)
        return gate_xml_fail(x, "expected a Cobertura <coverage> root element, got <%s>", name);
    return cobertura_root(x, &c->r->coverage);
}

int gate_cobertura_parse(struct gate_parse *p)
{
    struct cobertura c = {p->report, false};

    if (gate_xml_run(p, cobertura_elem, &c) < 0)
        return -1;
    p->report->has_coverage = true;
    return 0;
}
