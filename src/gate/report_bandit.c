/* SPDX-License-Identifier: MIT */
/*
 * Bandit JSON (`bandit -f json`): results[] with test_id, filename,
 * line_number, line_range, code (lines prefixed by their numbers),
 * issue_severity and issue_confidence (mapped by name), issue_text,
 * more_info. Lines marked `# nosec` never reach the report.
 */
#include "gate/gate_int.h"

struct bandit {
    struct gate_parse *p;
    struct gate_finding *f;
    bool has_sev, saw_results;
};

bool gate_bandit_detect(const struct gate_sniff *s)
{
    return s->json && !s->root_array &&
           (gate_sniff_has(s, "results[].test_id") ||
            (gate_sniff_has(s, "generated_at") && gate_sniff_has(s, "metrics")));
}

/* Bandit's code is "12 line\n13 line\n": the numbers are not the code. */
static char *bandit_code(struct gate_parse *p, const char *s, size_t n)
{
    struct sg_buf b = SG_BUF_INIT;
    size_t i = 0;
    char *out;

    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        while (i < e && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i < e && s[i] == ' ')
            i++;
        sg_buf_add(&b, s + i, e - i);
        sg_buf_addch(&b, '\n');
        i = e + 1;
    }
    out = sg_arena_strdup(p->arena, sg_buf_str(&b));
    sg_buf_release(&b);
    return out;
}

static void bandit_field(struct bandit *c, struct gate_js *js, int at, enum gate_jtype t,
                         const char *s, size_t n)
{
    struct gate_finding *f = c->f;
    enum gate_severity sev;

    if (gate_js_match(js, at, "test_id") && t == GATE_J_STRING)
        f->rule = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "test_name") && t == GATE_J_STRING)
        f->title = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "filename") && t == GATE_J_STRING)
        f->path = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "line_number") && t == GATE_J_NUMBER)
        f->start_line = (int)gate_num_long(s, n);
    else if (gate_js_match(js, at, "col_offset") && t == GATE_J_NUMBER)
        f->start_col = (int)gate_num_long(s, n) + 1;
    else if (gate_js_match(js, at, "line_range[]") && t == GATE_J_NUMBER)
        f->end_line = (int)gate_num_long(s, n);
    else if (gate_js_match(js, at, "code") && t == GATE_J_STRING)
        f->snippet = bandit_code(c->p, s, n);
    else if (gate_js_match(js, at, "issue_text") && t == GATE_J_STRING)
        f->message = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "more_info") && t == GATE_J_STRING)
        f->help_url = gate_strn(c->p, s, n);
    else if (gate_js_match(js, at, "issue_severity") && t == GATE_J_STRING) {
        f->tool_severity = gate_strn(c->p, s, n);
        c->has_sev = gate_sev_from_name(s, n, &sev);
        if (c->has_sev)
            f->severity = sev;
    } else if (gate_js_match(js, at, "issue_confidence") && t == GATE_J_STRING &&
               gate_sev_from_name(s, n, &sev))
        f->confidence = sev <= GATE_SEV_HIGH ? GATE_CONF_HIGH
                        : sev == GATE_SEV_MEDIUM ? GATE_CONF_MEDIUM : GATE_CONF_LOW;
}

static int bandit_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct bandit *c = ctx;
    int at;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "results")) {
        c->saw_results = true;
        return gate_js_expect(js, t, GATE_J_ARRAY);
    }
    if (gate_js_at(js, "results[]")) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        c->f = gate_finding_add(c->p, "bandit", GATE_KIND_SAST);
        c->has_sev = false;
        return 0;
    }
    at = gate_js_prefix(js, "results[]");
    if (at > 0 && c->f)
        bandit_field(c, js, at, t, s, n);
    return 0;
}

static int bandit_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct bandit *c = ctx;
    struct gate_finding *f = c->f;

    if (!gate_js_at(js, "results[]") || !f)
        return 0;
    if (!f->rule || !f->path)
        return gate_js_fail(js, "expected 'test_id' and 'filename' in Bandit result '%s'",
                            gate_js_path(js, c->p->arena));
    if (!c->has_sev)
        gate_finding_unknown_severity(c->p, f);
    if (f->end_line < f->start_line)
        f->end_line = f->start_line;
    c->f = NULL;
    return 0;
}

int gate_bandit_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {bandit_value, bandit_end};
    struct bandit c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    if (gate_json_run(p, &h, &c) < 0)
        return -1;
    if (!c.saw_results)
        return gate_fail(p, 1, 1, "expected a 'results' array in a Bandit report");
    return 0;
}
