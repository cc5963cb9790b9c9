/* SPDX-License-Identifier: MIT */
/*
 * SARIF results become findings once their run is complete: the rule is
 * found (rule.index / ruleIndex within the driver or the named extension,
 * else ruleId), the level comes from the result, the rule's
 * defaultConfiguration, or "warning"; severity from security-severity when
 * given, else the level (DESIGN.md section 6); results whose kind is not
 * "fail" are not findings; paths are made relative to their uriBaseId.
 */
#include "gate/sarif.h"

void sarif_run_reset(struct sarif_run *r)
{
    size_t i;
    for (i = 0; i < r->n_comps; i++) {
        free(r->comps[i].rules);
        free(r->comps[i].by_id);
    }
    free(r->comps);
    free(r->artifacts);
    free(r->results);
    memset(r, 0, sizeof(*r));
}

static int rule_ptr_cmp(const void *a, const void *b)
{
    const struct sarif_rule *x = *(struct sarif_rule *const *)a, *y = *(struct sarif_rule *const *)b;
    return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

static struct sarif_rule *comp_find(struct sarif_comp *c, const char *id)
{
    size_t lo = 0, hi, i;

    if (!c->by_id && c->n) {
        c->by_id = sg_xcalloc(c->n, sizeof(*c->by_id));
        for (i = 0; i < c->n; i++)
            c->by_id[i] = &c->rules[i];
        qsort(c->by_id, c->n, sizeof(*c->by_id), rule_ptr_cmp);
    }
    hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->by_id[mid]->id ? c->by_id[mid]->id : "", id);
        if (cmp == 0)
            return c->by_id[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static struct sarif_rule *find_rule(struct sarif_run *run, const struct sarif_result *res)
{
    struct sarif_comp *c = NULL;
    size_t i;

    if (res->comp_index >= 0 && (size_t)res->comp_index + 1 < run->n_comps)
        c = &run->comps[res->comp_index + 1];
    else if (run->n_comps)
        c = &run->comps[0];
    if (c && res->rule_index >= 0 && (size_t)res->rule_index < c->n)
        return &c->rules[res->rule_index];
    if (!res->rule_id)
        return NULL;
    for (i = 0; i < run->n_comps; i++) {
        struct sarif_rule *r = comp_find(&run->comps[(i + (c ? (size_t)(c - run->comps) : 0)) %
                                                     run->n_comps],
                                         res->rule_id);
        if (r)
            return r;
    }
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* URIs are percent-encoded; paths are not. */
static const char *uri_decode(struct gate_parse *p, const char *u)
{
    size_t n = strlen(u), i, o = 0;
    char *out;

    /* Most URIs have nothing to decode: the (interned) text is the path. */
    if (!strchr(u, '%'))
        return u;
    out = sg_arena_alloc(p->arena, n + 1);

    for (i = 0; i < n; i++) {
        if (u[i] == '%' && i + 2 < n + 0 && hexval(u[i + 1]) >= 0 && hexval(u[i + 2]) >= 0) {
            char c = (char)(hexval(u[i + 1]) * 16 + hexval(u[i + 2]));
            out[o++] = c ? c : '?';
            i += 2;
        } else {
            out[o++] = u[i];
        }
    }
    out[o] = '\0';
    return out;
}

static const char *kv_get(const struct sarif_kv *kv, const char *key)
{
    for (; kv; kv = kv->next)
        if (strcmp(kv->key, key) == 0)
            return kv->value;
    return NULL;
}

/* A repository-relative path: the uri relative to its base, or an absolute
 * file URI with any known base stripped. */
static const char *result_path(struct gate_parse *p, const struct sarif_run *run,
                               const struct sarif_result *res)
{
    const char *uri = res->uri;
    const struct sarif_kv *b;

    if (!uri && res->artifact_index >= 0 && (size_t)res->artifact_index < run->n_artifacts)
        uri = run->artifacts[res->artifact_index];
    if (!uri)
        return NULL;
    for (b = run->bases; b; b = b->next)
        if (*b->value && sg_starts_with(uri, b->value) && strlen(uri) > strlen(b->value)) {
            uri += strlen(b->value);
            break;
        }
    if (sg_starts_with(uri, "file://"))
        uri += 7;
    else if (sg_starts_with(uri, "file:"))
        uri += 5;
    /* file:///C:/x is the Windows path C:/x */
    if (uri[0] == '/' && uri[1] && uri[2] == ':')
        uri++;
    while (uri[0] == '.' && uri[1] == '/')
        uri += 2;
    return uri_decode(p, uri);
}

/* message.id + arguments: "{0}" placeholders filled from the rule's
 * messageStrings (SARIF 3.11.5). */
static const char *result_message(struct gate_parse *p, const struct sarif_result *res,
                                  const struct sarif_rule *rule)
{
    const char *t, *s;
    struct sg_buf b = SG_BUF_INIT;
    const char *out;

    if (res->f->message || !res->msg_id || !rule)
        return res->f->message;
    t = kv_get(rule->messages, res->msg_id);
    if (!t)
        return NULL;
    for (s = t; *s; s++) {
        const struct sarif_kv *a = res->args;
        long k;
        char *end;
        if (*s == '{' && s[1] >= '0' && s[1] <= '9' && (k = strtol(s + 1, &end, 10)) >= 0 &&
            *end == '}') {
            while (a && k-- > 0)
                a = a->next;
            sg_buf_addstr(&b, a ? a->value : "");
            s = end;
        } else {
            sg_buf_addch(&b, *s);
        }
    }
    out = sg_arena_strdup(p->arena, sg_buf_str(&b));
    sg_buf_release(&b);
    return out;
}

/* partialFingerprints (or fingerprints) that identify the code, as
 * "k=v;..." sorted by key. Keys that move with columns, or that gitleaks
 * uses for commit metadata, are left out. */
static const char *tool_fingerprint(struct gate_parse *p, const struct sarif_kv *list)
{
    static const char *const skip[] = {"commitSha", "email", "author", "date", "commitMessage"};
    const struct sarif_kv *kv;
    const char *keys[64], *vals[64];
    size_t n = 0, i, j, len = 0;
    char *out, *o;

    for (kv = list; kv && n < SG_ARRAY_SIZE(keys); kv = kv->next) {
        bool bad = strcasestr(kv->key, "column") != NULL;
        for (i = 0; i < SG_ARRAY_SIZE(skip); i++)
            bad = bad || strcmp(kv->key, skip[i]) == 0;
        if (!bad)
            keys[n++] = kv->key;
    }
    if (n == 0)
        return NULL;
    for (i = 1; i < n; i++)
        for (j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
            const char *t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
        }
    /* Measured, then written straight into the arena. */
    for (i = 0; i < n; i++) {
        vals[i] = kv_get(list, keys[i]);
        len += (i ? 1 : 0) + strlen(keys[i]) + 1 + strlen(vals[i]);
    }
    out = o = sg_arena_alloc(p->arena, len + 1);
    for (i = 0; i < n; i++) {
        size_t kn = strlen(keys[i]), vn = strlen(vals[i]);
        if (i)
            *o++ = ';';
        memcpy(o, keys[i], kn);
        o += kn;
        *o++ = '=';
        memcpy(o, vals[i], vn);
        o += vn;
    }
    *o = '\0';
    return out;
}

static bool is_secret_tool(const char *tool)
{
    return tool && (strcasestr(tool, "gitleaks") || strcasestr(tool, "secret") ||
                    strcasestr(tool, "trufflehog"));
}

/* The tool's name is one string for the whole run: looked at once. */
static bool secret_tool(struct sarif *s, const char *tool)
{
    if (!s->tool_seen || s->tool_name != tool) {
        s->tool_seen = true;
        s->tool_name = tool;
        s->tool_secret = is_secret_tool(tool);
    }
    return s->tool_secret;
}

static enum gate_kind result_kind(struct sarif *s, const struct sarif_result *res,
                                  const struct sarif_rule *r, const char *tool)
{
    bool vuln = res->tag_vuln || (r && r->tag_vuln);
    bool misconf = res->tag_misconf || (r && r->tag_misconf);
    bool secret = res->tag_secret || (r && r->tag_secret);

    if (secret || secret_tool(s, tool))
        return GATE_KIND_SECRET;
    if (misconf)
        return GATE_KIND_IAC;
    if (vuln)
        return GATE_KIND_DEPENDENCY;
    return GATE_KIND_SAST;
}

/* A log shipgate wrote (`gate --format sarif`) carries our own fingerprint
 * under "shipgate/v1": reading it back must give the same one. */
static const char *own_fingerprint(const struct sarif_kv *partial)
{
    const char *v = kv_get(partial, "shipgate/v1");
    size_t i;

    if (!v || strlen(v) != 32)
        return NULL;
    for (i = 0; i < 32; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
            return NULL;
    return v;
}

/* security-severity mostly comes from the rule: one string for all of
 * its results, read once. */
static bool score_severity(struct sarif *s, const char *sec, enum gate_severity *out)
{
    if (s->score_text != sec) {
        s->score_text = sec;
        s->score_ok = gate_sev_from_score(sec, strlen(sec), &s->score_sev);
    }
    if (s->score_ok)
        *out = s->score_sev;
    return s->score_ok;
}

static void resolve_one(struct sarif *s, struct sarif_result *res)
{
    struct sarif_run *run = &s->run;
    struct sarif_rule *rule = find_rule(run, res);
    struct gate_finding *f = res->f;
    const char *tool = run->n_comps && run->comps[0].name ? run->comps[0].name : "sarif";
    const char *level = res->level ? res->level : rule && rule->level ? rule->level : "warning";
    const char *sec = res->sec_sev ? res->sec_sev : rule ? rule->sec_sev : NULL;

    f->tool = tool;
    f->rule = res->rule_id ? res->rule_id : rule && rule->id ? rule->id : "(no rule)";
    f->kind = result_kind(s, res, rule, tool);
    if (sec && score_severity(s, sec, &f->severity)) {
        f->tool_severity = sec;
    } else if (gate_sev_from_level(level, &f->severity)) {
        f->tool_severity = level;
    } else {
        f->tool_severity = level;
        gate_finding_unknown_severity(s->p, f);
    }
    f->title = rule && rule->short_desc ? rule->short_desc : rule && rule->name ? rule->name : f->rule;
    f->message = result_message(s->p, res, rule);
    if (!f->message)
        f->message = rule && rule->full_desc ? rule->full_desc : f->title;
    f->help_url = rule ? rule->help_uri : NULL;
    f->path = result_path(s->p, run, res);
    if (f->end_line < f->start_line)
        f->end_line = f->start_line;
    f->fingerprint = own_fingerprint(res->partial);
    /* shipgate's own scanner hashes the secret for us: the same key its
     * JSON report gives, so a secret keeps its fingerprint across formats. */
    if (f->kind == GATE_KIND_SECRET && res->partial && kv_get(res->partial, "secretHash/v1"))
        f->secret_value = kv_get(res->partial, "secretHash/v1");
    else if (f->kind == GATE_KIND_SECRET && f->snippet)
        f->secret_value = f->snippet;
    else
        f->tool_fingerprint = res->partial ? tool_fingerprint(s->p, res->partial) : NULL;
    if (f->kind != GATE_KIND_SECRET && !f->tool_fingerprint)
        f->tool_fingerprint = tool_fingerprint(s->p, res->fps);
    gate_finding_push(s->p, f);
}

void sarif_result_resolve(struct sarif *s, struct sarif_result *res)
{
    /* pass, open, review, informational and notApplicable are not
     * problems found (SARIF 3.27.9). */
    if (res->kind && strcmp(res->kind, "fail") != 0)
        return;
    resolve_one(s, res);
}

int sarif_run_resolve(struct sarif *s)
{
    struct sarif_run *run = &s->run;
    size_t i;

    for (i = 0; i < run->n_results; i++)
        sarif_result_resolve(s, &run->results[i]);
    sarif_run_reset(run);
    return 0;
}
