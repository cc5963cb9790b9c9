/* SPDX-License-Identifier: MIT */
/*
 * Building findings: appending them to a report, advisory id sets, number
 * text, and the severity mapping of DESIGN.md section 6 shared by the
 * format parsers.
 */
#include <math.h>

#include "gate/gate_int.h"

struct gate_finding *gate_finding_add(struct gate_parse *p, const char *tool, enum gate_kind kind)
{
    struct gate_finding *f = sg_arena_alloc(p->arena, sizeof(*f));

    f->tool = tool;
    f->kind = kind;
    f->severity = GATE_SEV_INFO;
    gate_finding_push(p, f);
    return f;
}

void gate_finding_push(struct gate_parse *p, struct gate_finding *f)
{
    struct gate_report *r = p->report;

    /* Grown inside the arena: the old array is left behind, at most as much
     * again as the final one. */
    if (r->n_findings == r->cap_findings) {
        size_t cap = r->cap_findings ? r->cap_findings * 2 : 16;
        struct gate_finding **items = sg_arena_alloc(p->arena, cap * sizeof(*items));
        if (r->n_findings)
            memcpy(items, r->findings, r->n_findings * sizeof(*items));
        r->findings = items;
        r->cap_findings = cap;
    }
    r->findings[r->n_findings++] = f;
}

void gate_finding_unknown_severity(struct gate_parse *p, struct gate_finding *f)
{
    f->severity = p->opts->unknown_severity;
    f->severity_unknown = true;
}

void gate_finding_add_advisory(struct gate_parse *p, struct gate_finding *f, const char *id, size_t n)
{
    const char **items;
    size_t i, at;

    if (n == 0)
        return;
    for (at = 0; at < f->n_advisories; at++) {
        int c = strncmp(f->advisories[at], id, n);
        if (c == 0 && f->advisories[at][n] == '\0')
            return;
        if (c > 0 || (c == 0 && f->advisories[at][n] != '\0'))
            break;
    }
    items = sg_arena_alloc(p->arena, (f->n_advisories + 1) * sizeof(*items));
    for (i = 0; i < at; i++)
        items[i] = f->advisories[i];
    items[at] = gate_strn(p, id, n);
    for (i = at; i < f->n_advisories; i++)
        items[i + 1] = f->advisories[i];
    f->advisories = items;
    f->n_advisories++;
}

char *gate_strn(struct gate_parse *p, const char *s, size_t n)
{
    return sg_arena_strndup(p->arena, s, n);
}

long gate_num_long(const char *s, size_t n)
{
    char buf[32];
    long v;
    size_t i;

    /* Plain digits (line numbers, indices: most numbers of a large report)
     * short enough not to overflow: what strtol would give. */
    if (n > 0 && n <= 18) {
        for (v = 0, i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            v = v * 10 + (s[i] - '0');
        if (i == n)
            return v;
    }
    if (n == 0 || n >= sizeof(buf))
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return sg_parse_long(buf, &v) ? v : 0;
}

double gate_num_double(const char *s, size_t n)
{
    char buf[64], *end;
    double v;

    if (n == 0 || n >= sizeof(buf))
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    v = strtod(buf, &end);
    if (end == buf || *end != '\0' || errno || !isfinite(v))
        return 0;
    return v;
}

bool gate_sev_from_name(const char *s, size_t n, enum gate_severity *out)
{
    static const struct {
        const char *name;
        enum gate_severity sev;
    } names[] = {
        {"critical", GATE_SEV_CRITICAL}, {"high", GATE_SEV_HIGH},
        {"medium", GATE_SEV_MEDIUM},     {"moderate", GATE_SEV_MEDIUM},
        {"low", GATE_SEV_LOW},           {"info", GATE_SEV_INFO},
        {"informational", GATE_SEV_INFO}, {"negligible", GATE_SEV_INFO},
    };
    size_t i;

    for (i = 0; i < SG_ARRAY_SIZE(names); i++)
        if (strlen(names[i].name) == n && strncasecmp(names[i].name, s, n) == 0) {
            *out = names[i].sev;
            return true;
        }
    return false;
}

bool gate_sev_from_score(const char *s, size_t n, enum gate_severity *out)
{
    double v = gate_num_double(s, n);

    if (v >= 9.0)
        *out = GATE_SEV_CRITICAL;
    else if (v >= 7.0)
        *out = GATE_SEV_HIGH;
    else if (v >= 4.0)
        *out = GATE_SEV_MEDIUM;
    else if (v > 0)
        *out = GATE_SEV_LOW;
    else
        return false;
    return true;
}

bool gate_sev_from_level(const char *s, enum gate_severity *out)
{
    if (!s)
        return false;
    if (strcmp(s, "error") == 0)
        *out = GATE_SEV_HIGH;
    else if (strcmp(s, "warning") == 0)
        *out = GATE_SEV_MEDIUM;
    else if (strcmp(s, "note") == 0)
        *out = GATE_SEV_LOW;
    else if (strcmp(s, "none") == 0)
        *out = GATE_SEV_INFO;
    else
        return false;
    return true;
}
