/* SPDX-License-Identifier: MIT */
/*
 * cppcheck XML (version 2): <results><errors><error id severity msg
 * verbose cwe><location file line column/>...</error>. The first <location>
 * is the finding's place. Levels map like SARIF's: error high, warning
 * medium, style/performance/portability low, information info.
 */
#include "gate/gate_int.h"

struct cppcheck {
    struct gate_parse *p;
    struct gate_finding *cur;
    int error_depth;
    bool seen_root;
};

bool gate_cppcheck_detect(const struct gate_sniff *s)
{
    return s->xml && strcmp(s->root_element, "results") == 0 &&
           memmem(s->prefix, s->prefix_len, "<cppcheck", 9) != NULL;
}

static enum gate_severity cppcheck_severity(const char *s)
{
    if (!s)
        return GATE_SEV_INFO;
    if (strcmp(s, "error") == 0)
        return GATE_SEV_HIGH;
    if (strcmp(s, "warning") == 0)
        return GATE_SEV_MEDIUM;
    if (strcmp(s, "information") == 0 || strcmp(s, "debug") == 0)
        return GATE_SEV_INFO;
    return GATE_SEV_LOW;
}

static int cppcheck_error(struct cppcheck *c, struct gate_xml *x, int depth)
{
    struct gate_finding *f = gate_finding_add(c->p, "cppcheck", GATE_KIND_SAST);
    const char *cwe = gate_xml_attr(x, "cwe");

    f->rule = gate_xml_attr(x, "id");
    if (!f->rule)
        return gate_xml_fail(x, "expected an 'id' attribute on <error>");
    f->tool_severity = gate_xml_attr(x, "severity");
    f->severity = cppcheck_severity(f->tool_severity);
    f->title = gate_xml_attr(x, "msg");
    f->message = gate_xml_attr(x, "verbose");
    if (!f->message)
        f->message = f->title;
    if (cwe)
        gate_finding_add_advisory(c->p, f, sg_arena_printf(c->p->arena, "CWE-%s", cwe),
                                  strlen(cwe) + 4);
    f->path = gate_xml_attr(x, "file0");
    c->cur = f;
    c->error_depth = depth;
    return 0;
}

static int cppcheck_elem(void *ctx, struct gate_xml *x, int depth, const char *name)
{
    struct cppcheck *c = ctx;
    const char *line, *col;

    if (!c->seen_root) {
        c->seen_root = true;
        if (strcmp(name, "results") != 0)
            return gate_xml_fail(x, "expected a cppcheck <results> root element, got <%s>", name);
    }
    if (strcmp(name, "error") == 0)
        return cppcheck_error(c, x, depth);
    if (strcmp(name, "location") != 0 || !c->cur || depth != c->error_depth + 1 ||
        c->cur->start_line)
        return 0;
    line = gate_xml_attr(x, "line");
    col = gate_xml_attr(x, "column");
    c->cur->path = gate_xml_attr(x, "file");
    c->cur->start_line = line ? (int)gate_num_long(line, strlen(line)) : 0;
    c->cur->end_line = c->cur->start_line;
    c->cur->start_col = col ? (int)gate_num_long(col, strlen(col)) : 0;
    return 0;
}

int gate_cppcheck_parse(struct gate_parse *p)
{
    struct cppcheck c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    return gate_xml_run(p, cppcheck_elem, &c);
}
