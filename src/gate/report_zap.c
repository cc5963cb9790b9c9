/* SPDX-License-Identifier: MIT */
/*
 * OWASP ZAP JSON (the "traditional-json" report of zap-baseline.py and
 * zap-full-scan.py): site[] with alerts[] {pluginid, alert/name, riskcode
 * 0-3, confidence 0-4, desc, solution, reference, cweid, instances[{uri,
 * method, param, evidence}]}. One DAST finding per instance (an alert
 * without instances is one finding), so that each URL is tracked on its
 * own; confidence 0 is ZAP's "false positive" and is kept as suppressed.
 */
#include "gate/gate_int.h"

struct zap_instance {
    const char *uri, *method, *param, *evidence;
    struct zap_instance *next;
};

struct zap {
    struct gate_parse *p;
    const char *site;
    struct gate_finding a; /* the alert's fields, copied into each finding */
    int riskcode, confidence;
    struct zap_instance *inst, **tail;
    bool saw_site;
};

bool gate_zap_detect(const struct gate_sniff *s)
{
    return s->json && !s->root_array && gate_sniff_has(s, "site") &&
           (gate_sniff_has(s, "@version") || gate_sniff_has(s, "@generated") ||
            gate_sniff_has(s, "site[].alerts"));
}

static void zap_alert_field(struct zap *c, const char *k, enum gate_jtype t, const char *s,
                            size_t n)
{
    struct gate_finding *a = &c->a;

    if (t != GATE_J_STRING && t != GATE_J_NUMBER)
        return;
    if (strcmp(k, "pluginid") == 0)
        a->rule = gate_strn(c->p, s, n);
    else if (strcmp(k, "alert") == 0 || (strcmp(k, "name") == 0 && !a->title))
        a->title = gate_strn(c->p, s, n);
    else if (strcmp(k, "riskcode") == 0)
        c->riskcode = (int)gate_num_long(s, n);
    else if (strcmp(k, "confidence") == 0)
        c->confidence = (int)gate_num_long(s, n);
    else if (strcmp(k, "riskdesc") == 0)
        a->tool_severity = gate_strn(c->p, s, n);
    else if (strcmp(k, "desc") == 0)
        a->message = gate_strn(c->p, s, n);
    else if (strcmp(k, "cweid") == 0 && n && !(n == 2 && memcmp(s, "-1", 2) == 0))
        a->help_url = sg_arena_printf(c->p->arena, "https://cwe.mitre.org/data/definitions/%.*s.html",
                                      (int)n, s);
}

static void zap_instance_field(struct zap *c, const char *k, enum gate_jtype t, const char *s,
                               size_t n)
{
    struct zap_instance *i = *c->tail ? *c->tail : NULL;
    if (!i || t != GATE_J_STRING)
        return;
    if (strcmp(k, "uri") == 0)
        i->uri = gate_strn(c->p, s, n);
    else if (strcmp(k, "method") == 0)
        i->method = gate_strn(c->p, s, n);
    else if (strcmp(k, "param") == 0)
        i->param = gate_strn(c->p, s, n);
    else if (strcmp(k, "evidence") == 0)
        i->evidence = gate_strn(c->p, s, n);
}

static int zap_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct zap *c = ctx;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "site")) {
        c->saw_site = true;
        /* A report of one site may hold it as an object rather than a list. */
        return t == GATE_J_MAP ? gate_js_fail(js, "expected an array for 'site', got an object")
                               : gate_js_expect(js, t, GATE_J_ARRAY);
    }
    if (gate_js_at(js, "site[].@name") && t == GATE_J_STRING)
        c->site = gate_strn(c->p, s, n);
    else if (gate_js_at(js, "site[].alerts"))
        return gate_js_expect(js, t, GATE_J_ARRAY);
    else if (gate_js_at(js, "site[].alerts[]")) {
        memset(&c->a, 0, sizeof(c->a));
        c->riskcode = c->confidence = -1;
        c->inst = NULL;
        c->tail = &c->inst;
        return gate_js_expect(js, t, GATE_J_MAP);
    } else if (gate_js_at(js, "site[].alerts[].instances[]") && t == GATE_J_MAP) {
        struct zap_instance *i = sg_arena_alloc(c->p->arena, sizeof(*i));
        if (*c->tail)
            c->tail = &(*c->tail)->next;
        *c->tail = i;
    } else if (gate_js_at(js, "site[].alerts[].instances[].*")) {
        zap_instance_field(c, gate_js_key(js), t, s, n);
    } else if (gate_js_at(js, "site[].alerts[].*")) {
        zap_alert_field(c, gate_js_key(js), t, s, n);
    }
    return 0;
}

static void zap_emit(struct zap *c, const struct zap_instance *i)
{
    static const enum gate_severity risk[] = {GATE_SEV_INFO, GATE_SEV_LOW, GATE_SEV_MEDIUM,
                                              GATE_SEV_HIGH};
    struct gate_finding *f = gate_finding_add(c->p, "zap", GATE_KIND_DAST);
    const char *uri = i && i->uri ? i->uri : c->site;

    *f = c->a;
    f->tool = "zap";
    f->kind = GATE_KIND_DAST;
    if (c->riskcode >= 0 && c->riskcode <= 3)
        f->severity = risk[c->riskcode];
    else
        gate_finding_unknown_severity(c->p, f);
    f->confidence = c->confidence >= 3 ? GATE_CONF_HIGH : c->confidence == 2 ? GATE_CONF_MEDIUM
                    : c->confidence == 1 ? GATE_CONF_LOW : GATE_CONF_UNSET;
    if (c->confidence == 0) {
        f->suppressed = true;
        f->suppression_kind = "false-positive";
    }
    f->target = uri;
    f->path = uri;
    f->snippet = i ? i->evidence : NULL;
    /* The place of a DAST finding is the request, not a source line. */
    f->tool_fingerprint = sg_arena_printf(c->p->arena, "%s %s ?%s", i && i->method ? i->method : "",
                                          uri ? uri : "", i && i->param ? i->param : "");
}

static int zap_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct zap *c = ctx;
    const struct zap_instance *i;

    if (!gate_js_at(js, "site[].alerts[]"))
        return 0;
    if (!c->a.rule)
        return gate_js_fail(js, "expected a 'pluginid' in ZAP alert '%s'",
                            gate_js_path(js, c->p->arena));
    if (!c->inst)
        zap_emit(c, NULL);
    for (i = c->inst; i; i = i->next)
        zap_emit(c, i);
    return 0;
}

int gate_zap_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {zap_value, zap_end};
    struct zap c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    c.tail = &c.inst;
    if (gate_json_run(p, &h, &c) < 0)
        return -1;
    if (!c.saw_site)
        return gate_fail(p, 1, 1, "expected a 'site' array in a ZAP report");
    return 0;
}
