/* SPDX-License-Identifier: MIT */
/*
 * SARIF 2.1.0 from any tool, streamed: every run's tool.driver and
 * tool.extensions rules (id, names, descriptions, helpUri,
 * defaultConfiguration.level, properties.security-severity and tags,
 * messageStrings), originalUriBaseIds, artifacts, and results (ruleId,
 * ruleIndex, rule.{id,index,toolComponent.index}, kind, level, message,
 * the first physicalLocation, partialFingerprints, fingerprints,
 * suppressions, baselineState, properties). What they mean is decided in
 * sarif_resolve.c once the run is complete.
 */
#include "gate/sarif.h"

bool gate_sarif_detect(const struct gate_sniff *s)
{
    if (!s->json || s->root_array)
        return false;
    return gate_sniff_has(s, "runs") &&
           (gate_sniff_has(s, "version") || gate_sniff_has(s, "$schema") ||
            gate_sniff_has(s, "runs[].tool") || gate_sniff_has(s, "runs[].results"));
}

/* Open addressing on a power-of-two table, at most half full. */
static void intern_grow(struct sarif *s)
{
    size_t cap = s->cap_istr ? s->cap_istr * 2 : 1024, i;
    struct sarif_istr *t = sg_xcalloc(cap, sizeof(*t));

    for (i = 0; i < s->cap_istr; i++) {
        const struct sarif_istr *e = &s->istr[i];
        size_t j = e->hash & (cap - 1);
        if (!e->s)
            continue;
        while (t[j].s)
            j = (j + 1) & (cap - 1);
        t[j] = *e;
    }
    free(s->istr);
    s->istr = t;
    s->cap_istr = cap;
}

static const char *intern(struct sarif *s, const char *v, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    size_t i, j;
    struct sarif_istr *e;

    if (n > SARIF_INTERN_LEN)
        return gate_strn(s->p, v, n);
    /* Eight bytes a step: URIs and rule ids are tens of bytes. */
    for (i = 0; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, v + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ (unsigned char)v[i]) * 1099511628211ull;
    h ^= h >> 32;
    if (s->n_istr * 2 >= s->cap_istr) {
        if (s->cap_istr >= SARIF_INTERN_MAX)
            return gate_strn(s->p, v, n);
        intern_grow(s);
    }
    for (j = (size_t)h & (s->cap_istr - 1);; j = (j + 1) & (s->cap_istr - 1)) {
        e = &s->istr[j];
        if (!e->s)
            break;
        if (e->hash == h && e->len == n && memcmp(e->s, v, n) == 0)
            return e->s;
    }
    e->s = gate_strn(s->p, v, n);
    e->len = n;
    e->hash = h;
    s->n_istr++;
    return e->s;
}

static struct sarif_kv *kv_new(struct sarif *s, const char *key, const char *v, size_t n)
{
    struct sarif_kv *kv = sg_arena_alloc(s->p->arena, sizeof(*kv));
    kv->key = intern(s, key, strlen(key));
    kv->value = gate_strn(s->p, v, n);
    return kv;
}

static struct sarif_comp *comp_at(struct sarif *s, size_t i)
{
    struct sarif_run *r = &s->run;
    if (i >= r->n_comps) {
        SG_GROW(r->comps, r->cap_comps, i + 1);
        memset(r->comps + r->n_comps, 0, (i + 1 - r->n_comps) * sizeof(*r->comps));
        r->n_comps = i + 1;
    }
    return &r->comps[i];
}

static struct sarif_rule *rule_new(struct sarif_comp *c)
{
    SG_GROW(c->rules, c->cap, c->n + 1);
    memset(&c->rules[c->n], 0, sizeof(c->rules[0]));
    return &c->rules[c->n++];
}

static void tag_seen(const char *s, size_t n, bool *vuln, bool *misconf, bool *secret)
{
    if ((n == 13 && strncasecmp(s, "vulnerability", 13) == 0) ||
        (n == 10 && strncasecmp(s, "dependency", 10) == 0))
        *vuln = true;
    else if (n == 16 && strncasecmp(s, "misconfiguration", 16) == 0)
        *misconf = true;
    else if (n == 6 && strncasecmp(s, "secret", 6) == 0)
        *secret = true;
}

static void rule_field(struct sarif *s, struct gate_js *js, int at, enum gate_jtype t,
                       const char *v, size_t n)
{
    struct sarif_rule *r = s->rule;
    struct gate_parse *p = s->p;

    if (t == GATE_J_STRING) {
        if (gate_js_match(js, at, "id"))
            r->id = gate_strn(p, v, n);
        else if (gate_js_match(js, at, "name"))
            r->name = gate_strn(p, v, n);
        else if (gate_js_match(js, at, "shortDescription.text"))
            r->short_desc = gate_strn(p, v, n);
        else if (gate_js_match(js, at, "fullDescription.text"))
            r->full_desc = gate_strn(p, v, n);
        else if (gate_js_match(js, at, "helpUri"))
            r->help_uri = gate_strn(p, v, n);
        else if (gate_js_match(js, at, "defaultConfiguration.level"))
            r->level = gate_strn(p, v, n);
        else if (gate_js_match(js, at, "properties.tags[]"))
            tag_seen(v, n, &r->tag_vuln, &r->tag_misconf, &r->tag_secret);
        else if (gate_js_match(js, at, "messageStrings.*.text")) {
            struct sarif_kv *kv = kv_new(s, js->frames[at + 1].key, v, n);
            kv->next = r->messages;
            r->messages = kv;
        }
    }
    if ((t == GATE_J_STRING || t == GATE_J_NUMBER) &&
        gate_js_match(js, at, "properties.security-severity"))
        r->sec_sev = gate_strn(p, v, n);
}

static struct sarif_result *result_new(struct sarif *s)
{
    struct sarif_run *r = &s->run;
    struct sarif_result *res;

    /* Streaming: one slot, resolved when the result closes. */
    if (s->tool_done)
        r->n_results = 0;
    SG_GROW(r->results, r->cap_results, r->n_results + 1);
    res = &r->results[r->n_results++];
    memset(res, 0, sizeof(*res));
    res->f = sg_arena_alloc(s->p->arena, sizeof(*res->f));
    res->rule_index = res->comp_index = res->artifact_index = -1;
    return res;
}

/* Frame `f` is a map whose current key is the literal `k`. */
#define KEY_IS(f, k) ((f)->type == GATE_J_MAP && (f)->key_len == sizeof(k) - 1 && \
                      memcmp((f)->key, (k), sizeof(k) - 1) == 0)

/* Below locations[0].physicalLocation: `fr` its frames, `d` how many. A
 * large log has a dozen values per result, so the path is dispatched on
 * its depth and keys once instead of trying every pattern in turn. */
static void location_field(struct sarif *s, const struct gate_jframe *fr, int d,
                           enum gate_jtype t, const char *v, size_t n)
{
    struct sarif_result *res = s->res;
    struct gate_finding *f = res->f;

    if (d == 2 && KEY_IS(&fr[0], "artifactLocation")) {
        if (t == GATE_J_STRING && KEY_IS(&fr[1], "uri"))
            res->uri = intern(s, v, n);
        else if (t == GATE_J_STRING && KEY_IS(&fr[1], "uriBaseId"))
            res->uri_base = intern(s, v, n);
        else if (t == GATE_J_NUMBER && KEY_IS(&fr[1], "index"))
            res->artifact_index = gate_num_long(v, n);
    } else if (d == 2 && KEY_IS(&fr[0], "region") && t == GATE_J_NUMBER) {
        if (KEY_IS(&fr[1], "startLine"))
            f->start_line = (int)gate_num_long(v, n);
        else if (KEY_IS(&fr[1], "startColumn"))
            f->start_col = (int)gate_num_long(v, n);
        else if (KEY_IS(&fr[1], "endLine"))
            f->end_line = (int)gate_num_long(v, n);
    } else if (d == 3 && t == GATE_J_STRING && KEY_IS(&fr[0], "region") &&
               KEY_IS(&fr[1], "snippet") && KEY_IS(&fr[2], "text")) {
        f->snippet = gate_strn(s->p, v, n);
    }
}

static void kv_append(struct sarif_kv **first, struct sarif_kv **last, struct sarif_kv *kv)
{
    if (*last)
        (*last)->next = kv;
    else
        *first = kv;
    *last = kv;
}

/* A value one level below the result: ruleId, level, kind, baselineState,
 * ruleIndex. */
static void result_top(struct sarif *s, const struct gate_jframe *f, enum gate_jtype t,
                       const char *v, size_t n)
{
    struct sarif_result *res = s->res;

    if (t == GATE_J_NUMBER) {
        if (KEY_IS(f, "ruleIndex"))
            res->rule_index = gate_num_long(v, n);
        return;
    }
    if (t != GATE_J_STRING)
        return;
    if (KEY_IS(f, "ruleId"))
        res->rule_id = intern(s, v, n);
    else if (KEY_IS(f, "level"))
        res->level = intern(s, v, n);
    else if (KEY_IS(f, "kind"))
        res->kind = intern(s, v, n);
    else if (KEY_IS(f, "baselineState"))
        res->f->baseline_state = gate_strn(s->p, v, n);
}

/* Two levels below: message.{text,id}, rule.{id,index},
 * partialFingerprints.*, fingerprints.*, properties.security-severity,
 * and the start of a suppression. */
static void result_two(struct sarif *s, const struct gate_jframe *fr, enum gate_jtype t,
                       const char *v, size_t n)
{
    struct sarif_result *res = s->res;

    if (KEY_IS(&fr[0], "properties")) {
        if ((t == GATE_J_STRING || t == GATE_J_NUMBER) && KEY_IS(&fr[1], "security-severity"))
            res->sec_sev = gate_strn(s->p, v, n);
    } else if (t == GATE_J_MAP) {
        if (KEY_IS(&fr[0], "suppressions") && fr[1].type == GATE_J_ARRAY)
            res->sup_status = res->sup_kind = res->sup_just = NULL;
    } else if (t == GATE_J_NUMBER) {
        if (KEY_IS(&fr[0], "rule") && KEY_IS(&fr[1], "index"))
            res->rule_index = gate_num_long(v, n);
    } else if (t != GATE_J_STRING || fr[1].type != GATE_J_MAP) {
        return;
    } else if (KEY_IS(&fr[0], "message")) {
        if (KEY_IS(&fr[1], "text"))
            res->f->message = gate_strn(s->p, v, n);
        else if (KEY_IS(&fr[1], "id"))
            res->msg_id = gate_strn(s->p, v, n);
    } else if (KEY_IS(&fr[0], "rule")) {
        if (KEY_IS(&fr[1], "id") && !res->rule_id)
            res->rule_id = intern(s, v, n);
    } else if (KEY_IS(&fr[0], "partialFingerprints")) {
        struct sarif_kv *kv = kv_new(s, fr[1].key, v, n);
        kv->next = res->partial;
        res->partial = kv;
    } else if (KEY_IS(&fr[0], "fingerprints")) {
        struct sarif_kv *kv = kv_new(s, fr[1].key, v, n);
        kv->next = res->fps;
        res->fps = kv;
    }
}

/* Three levels below: message.arguments[], suppressions[].*,
 * properties.tags[], rule.toolComponent.index. */
static void result_three(struct sarif *s, const struct gate_jframe *fr, enum gate_jtype t,
                         const char *v, size_t n)
{
    struct sarif_result *res = s->res;

    if (t == GATE_J_NUMBER) {
        if (KEY_IS(&fr[0], "rule") && KEY_IS(&fr[1], "toolComponent") && KEY_IS(&fr[2], "index"))
            res->comp_index = gate_num_long(v, n);
        return;
    }
    if (t != GATE_J_STRING)
        return;
    if (KEY_IS(&fr[0], "suppressions") && fr[1].type == GATE_J_ARRAY) {
        if (KEY_IS(&fr[2], "status") || KEY_IS(&fr[2], "state"))
            res->sup_status = intern(s, v, n);
        else if (KEY_IS(&fr[2], "kind"))
            res->sup_kind = intern(s, v, n);
        else if (KEY_IS(&fr[2], "justification"))
            res->sup_just = gate_strn(s->p, v, n);
    } else if (fr[2].type != GATE_J_ARRAY) {
        return;
    } else if (KEY_IS(&fr[0], "message") && KEY_IS(&fr[1], "arguments")) {
        kv_append(&res->args, &res->args_last, kv_new(s, "", v, n));
    } else if (KEY_IS(&fr[0], "properties") && KEY_IS(&fr[1], "tags")) {
        tag_seen(v, n, &res->tag_vuln, &res->tag_misconf, &res->tag_secret);
    }
}

/* A value below the result map, whose frame is js->frames[at]. */
static void result_field(struct sarif *s, struct gate_js *js, int at, enum gate_jtype t,
                         const char *v, size_t n)
{
    const struct gate_jframe *fr = &js->frames[at];
    int d = js->depth - at;

    /* Only the first location is the finding's place. Keys are compared
     * as C strings here (with their NUL: the same as strcmp). */
    if (d > 3 && memcmp(fr[0].key, "locations", sizeof("locations")) == 0) {
        if (fr[1].index == 0 && fr[2].type == GATE_J_MAP &&
            memcmp(fr[2].key, "physicalLocation", sizeof("physicalLocation")) == 0)
            location_field(s, fr + 3, d - 3, t, v, n);
        return;
    }
    if (d == 1)
        result_top(s, fr, t, v, n);
    else if (d == 2)
        result_two(s, fr, t, v, n);
    else if (d == 3)
        result_three(s, fr, t, v, n);
}

/* The run's own parts: tool, bases, artifacts. */
static int run_field(struct sarif *s, struct gate_js *js, enum gate_jtype t, const char *v,
                     size_t n)
{
    struct sarif_run *r = &s->run;

    if (gate_js_match(js, 2, "tool.driver.name") && t == GATE_J_STRING)
        comp_at(s, 0)->name = gate_strn(s->p, v, n);
    else if (gate_js_match(js, 2, "tool.driver.rules[]") && t == GATE_J_MAP)
        s->rule = rule_new(comp_at(s, 0));
    else if (gate_js_match(js, 2, "tool.extensions[]") && t == GATE_J_MAP)
        comp_at(s, (size_t)js->frames[4].index + 1);
    else if (gate_js_match(js, 2, "tool.extensions[].name") && t == GATE_J_STRING)
        comp_at(s, (size_t)js->frames[4].index + 1)->name = gate_strn(s->p, v, n);
    else if (gate_js_match(js, 2, "tool.extensions[].rules[]") && t == GATE_J_MAP)
        s->rule = rule_new(comp_at(s, (size_t)js->frames[4].index + 1));
    else if (js->depth > 6 && gate_js_prefix(js, "runs[].tool.driver.rules[]") == 6 && s->rule)
        rule_field(s, js, 6, t, v, n);
    else if (js->depth > 7 && gate_js_prefix(js, "runs[].tool.extensions[].rules[]") == 7 &&
             s->rule)
        rule_field(s, js, 7, t, v, n);
    else if (gate_js_match(js, 2, "originalUriBaseIds.*.uri") && t == GATE_J_STRING) {
        struct sarif_kv *kv = kv_new(s, js->frames[3].key, v, n);
        kv->next = r->bases;
        r->bases = kv;
    } else if (gate_js_match(js, 2, "artifacts[].location.uri") && t == GATE_J_STRING &&
               js->frames[3].index < (1L << 24)) {
        size_t i = (size_t)js->frames[3].index;
        if (i >= r->n_artifacts) {
            SG_GROW(r->artifacts, r->cap_artifacts, i + 1);
            memset(r->artifacts + r->n_artifacts, 0, (i + 1 - r->n_artifacts) * sizeof(char *));
            r->n_artifacts = i + 1;
        }
        r->artifacts[i] = gate_strn(s->p, v, n);
    }
    return 0;
}

/* The path starts runs[].results[] (at least 4 frames deep). */
static bool in_results(const struct gate_js *js)
{
    const struct gate_jframe *fr = js->frames;
    return KEY_IS(&fr[0], "runs") && fr[1].type == GATE_J_ARRAY && KEY_IS(&fr[2], "results") &&
           fr[3].type == GATE_J_ARRAY;
}

static int sarif_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *v, size_t n)
{
    struct sarif *s = ctx;

    /* Most values of a large log sit inside a result: go there directly. */
    if (js->depth > 4 && s->res && in_results(js)) {
        result_field(s, js, 4, t, v, n);
        return 0;
    }
    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "runs")) {
        s->saw_runs = true;
        return gate_js_expect(js, t, GATE_J_ARRAY);
    }
    if (gate_js_at(js, "version") && t == GATE_J_STRING &&
        !(n == 5 && memcmp(v, "2.1.0", 5) == 0))
        return gate_js_fail(js, "unsupported SARIF version '%.*s': expected 2.1.0",
                            (int)(n > 20 ? 20 : n), v);
    if (gate_js_prefix(js, "runs[]") != 2)
        return 0;
    if (js->depth == 2) {
        sarif_run_reset(&s->run);
        s->tool_done = false;
        return gate_js_expect(js, t, GATE_J_MAP);
    }
    if (gate_js_match(js, 2, "results"))
        return t == GATE_J_NULL ? 0 : gate_js_expect(js, t, GATE_J_ARRAY);
    if (gate_js_match(js, 2, "results[]")) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        s->res = result_new(s);
        return 0;
    }
    return run_field(s, js, t, v, n);
}

static int sarif_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct sarif *s = ctx;
    struct sarif_result *res = s->res;

    /* Inside a result only a suppression's end matters. */
    if (js->depth > 4 && res && in_results(js) &&
        !(js->depth == 6 && KEY_IS(&js->frames[4], "suppressions") &&
          js->frames[5].type == GATE_J_ARRAY))
        return 0;
    if (res && gate_js_at(js, "runs[].results[].suppressions[]")) {
        /* accepted, or no status at all, suppresses; underReview and
         * rejected do not (SARIF 2.1.0 section 3.35). */
        if (!res->sup_status || strcmp(res->sup_status, "accepted") == 0) {
            res->f->suppressed = true;
            res->f->suppression_kind = res->sup_kind ? res->sup_kind : "external";
            res->f->suppression_justification = res->sup_just;
        }
    } else if (gate_js_at(js, "runs[].results[]")) {
        if (s->tool_done && s->res) {
            sarif_result_resolve(s, s->res);
            s->run.n_results = 0;
        }
        s->res = NULL;
    } else if (gate_js_at(js, "runs[].tool")) {
        s->tool_done = true;
    } else if (gate_js_at(js, "runs[].tool.driver.rules[]") ||
               gate_js_at(js, "runs[].tool.extensions[].rules[]")) {
        s->rule = NULL;
    } else if (gate_js_at(js, "runs[]")) {
        return sarif_run_resolve(s) < 0 ? gate_js_fail(js, "invalid SARIF run '%s'",
                                                        gate_js_path(js, s->p->arena))
                                        : 0;
    }
    return 0;
}

int gate_sarif_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {sarif_value, sarif_end};
    struct sarif s;
    int rc;

    memset(&s, 0, sizeof(s));
    s.p = p;
    rc = gate_json_run(p, &h, &s);
    sarif_run_reset(&s.run);
    free(s.istr);
    if (rc < 0)
        return -1;
    if (!s.saw_runs)
        return gate_fail(p, 1, 1, "expected a 'runs' array in a SARIF log");
    return 0;
}
