/* SPDX-License-Identifier: MIT */
/*
 * ShellCheck JSON: `-f json` (a top-level array of comments) and `-f json1`
 * ({"comments": [...]}), each {file, line, endLine, column, level, code,
 * message}. Levels map like SARIF's: error high, warning medium, info low,
 * style info. Rules are written SC<code> as ShellCheck's wiki names them.
 */
#include "gate/gate_int.h"

struct shellcheck {
    struct gate_parse *p;
    struct gate_finding *f;
    int at; /* frames up to a comment object */
    const char *level;
};

bool gate_shellcheck_detect(const struct gate_sniff *s)
{
    return s->json && (gate_sniff_has(s, "[].code") || gate_sniff_has(s, "comments[].code") ||
                       (gate_sniff_has(s, "comments") && s->n_paths == 1));
}

static void sc_field(struct shellcheck *c, struct gate_js *js, enum gate_jtype t, const char *s,
                     size_t n)
{
    const char *k = gate_js_key(js);
    struct gate_finding *f = c->f;

    if (js->depth != c->at + 1)
        return;
    if (t == GATE_J_NUMBER) {
        if (strcmp(k, "line") == 0)
            f->start_line = (int)gate_num_long(s, n);
        else if (strcmp(k, "endLine") == 0)
            f->end_line = (int)gate_num_long(s, n);
        else if (strcmp(k, "column") == 0)
            f->start_col = (int)gate_num_long(s, n);
        else if (strcmp(k, "code") == 0)
            f->rule = sg_arena_printf(c->p->arena, "SC%.*s", (int)n, s);
    } else if (t == GATE_J_STRING) {
        if (strcmp(k, "file") == 0)
            f->path = gate_strn(c->p, s, n);
        else if (strcmp(k, "message") == 0)
            f->message = gate_strn(c->p, s, n);
        else if (strcmp(k, "level") == 0)
            c->level = f->tool_severity = gate_strn(c->p, s, n);
    }
}

static int sc_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct shellcheck *c = ctx;

    if (js->depth == 0) {
        c->at = t == GATE_J_ARRAY ? 1 : 2;
        return t == GATE_J_ARRAY ? 0 : gate_js_expect(js, t, GATE_J_MAP);
    }
    if (c->at == 2 && strcmp(js->frames[0].key, "comments") != 0)
        return 0;
    if (gate_js_at(js, "comments"))
        return gate_js_expect(js, t, GATE_J_ARRAY);
    if (js->depth == c->at) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        c->f = gate_finding_add(c->p, "shellcheck", GATE_KIND_SAST);
        c->level = NULL;
        return 0;
    }
    if (c->f)
        sc_field(c, js, t, s, n);
    return 0;
}

static int sc_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct shellcheck *c = ctx;
    struct gate_finding *f = c->f;

    if (!f || js->depth != c->at)
        return 0;
    c->f = NULL;
    if (!f->rule || !f->path)
        return gate_js_fail(js, "expected 'code' and 'file' in ShellCheck comment '%s'",
                            gate_js_path(js, c->p->arena));
    if (c->level && strcmp(c->level, "style") == 0)
        f->severity = GATE_SEV_INFO;
    else if (c->level && strcmp(c->level, "info") == 0)
        f->severity = GATE_SEV_LOW;
    else if (!gate_sev_from_level(c->level, &f->severity))
        gate_finding_unknown_severity(c->p, f);
    f->title = f->rule;
    f->help_url = sg_arena_printf(c->p->arena, "https://www.shellcheck.net/wiki/%s", f->rule);
    if (f->end_line < f->start_line)
        f->end_line = f->start_line;
    return 0;
}

int gate_shellcheck_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {sc_value, sc_end};
    struct shellcheck c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    return gate_json_run(p, &h, &c);
}
