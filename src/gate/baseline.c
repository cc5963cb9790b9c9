/* SPDX-License-Identifier: MIT */
/*
 * Baselines: `--save-baseline FILE` records the fingerprint of every
 * current finding (with tool, rule, kind, path or package for people
 * reading the file); `--baseline FILE` marks each finding "new" or
 * "existing" so that policy `new-only: true` blocks only what a change
 * introduced. Entries that match nothing any more are reported, never
 * dropped silently. Fingerprints themselves are fingerprint.c's business.
 *
 *   {"version": 1, "created": "2025-01-31T12:00:00Z", "generator": "shipgate gate",
 *    "findings": [{"fingerprint": "...", "tool": "semgrep", "rule": "...",
 *                  "kind": "sast", "path": "app.py", "package": null}]}
 *
 * The `--format json` output of an earlier gate is accepted as well: it has
 * the same findings[].fingerprint.
 */
#include "gate/gate_int.h"
#include "gate/jwrite.h"

#define BASELINE_VERSION 1
#define UNUSED_SHOWN 5

struct bl_load {
    struct gate_parse *p;
    struct gate_baseline *b;
    struct gate_baseline_entry *e;
    size_t cap;
    bool saw_findings;
};

static bool is_fingerprint(const char *s, size_t n)
{
    size_t i;
    if (n < 16 || n > 128)
        return false;
    for (i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static int bl_entry_field(struct bl_load *c, struct gate_js *js, enum gate_jtype t,
                          const char *s, size_t n)
{
    const char *k = gate_js_key(js);
    const char **slot = NULL;

    if (strcmp(k, "fingerprint") == 0) {
        if (t != GATE_J_STRING || !is_fingerprint(s, n))
            return gate_js_fail(js, "expected a fingerprint (lower-case hex) for '%s'",
                                gate_js_path(js, c->p->arena));
        slot = &c->e->fingerprint;
    } else if (t != GATE_J_STRING) {
        return 0;
    } else if (strcmp(k, "tool") == 0) {
        slot = &c->e->tool;
    } else if (strcmp(k, "rule") == 0) {
        slot = &c->e->rule;
    } else if (strcmp(k, "kind") == 0) {
        slot = &c->e->kind;
    } else if (strcmp(k, "path") == 0) {
        slot = &c->e->path;
    } else if (strcmp(k, "package") == 0) {
        slot = &c->e->package;
    }
    if (slot)
        *slot = gate_strn(c->p, s, n);
    return 0;
}

static int bl_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n)
{
    struct bl_load *c = ctx;
    struct gate_baseline *b = c->b;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_MAP);
    if (gate_js_at(js, "version")) {
        if (t != GATE_J_NUMBER || gate_num_long(s, n) != BASELINE_VERSION)
            return gate_js_fail(js, "unsupported baseline version '%.*s': expected %d",
                                (int)(n > 20 ? 20 : n), s ? s : "", BASELINE_VERSION);
    } else if (gate_js_at(js, "findings")) {
        c->saw_findings = true;
        return gate_js_expect(js, t, GATE_J_ARRAY);
    } else if (gate_js_at(js, "findings[]")) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        SG_GROW(b->entries, c->cap, b->n + 1);
        c->e = &b->entries[b->n++];
        memset(c->e, 0, sizeof(*c->e));
    } else if (js->depth == 3 && c->e && gate_js_prefix(js, "findings[]") == 2) {
        return bl_entry_field(c, js, t, s, n);
    }
    return 0;
}

static int bl_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct bl_load *c = ctx;

    if (!gate_js_at(js, "findings[]") || !c->e)
        return 0;
    if (!c->e->fingerprint)
        return gate_js_fail(js, "expected a 'fingerprint' in baseline entry '%s'",
                            gate_js_path(js, c->p->arena));
    c->e = NULL;
    return 0;
}

static int entry_cmp(const void *va, const void *vb)
{
    const struct gate_baseline_entry *a = va, *b = vb;
    return strcmp(a->fingerprint, b->fingerprint);
}

/* Streams p->in (a file or bytes) into `out`. */
static int bl_run(struct gate_baseline *out, struct sg_arena *a, struct gate_parse *p)
{
    static const struct gate_jhandler h = {bl_value, bl_end};
    struct bl_load c;
    int rc;

    memset(&c, 0, sizeof(c));
    c.p = p;
    c.b = out;
    rc = gate_json_run(p, &h, &c);
    if (rc == 0 && !c.saw_findings)
        rc = gate_fail(p, 1, 1, "expected a 'findings' array in a baseline");
    if (rc < 0) {
        free(out->entries);
        out->entries = NULL;
        out->n = 0;
        return -1;
    }
    /* Moved into the arena so the baseline lives as long as the findings. */
    if (out->n) {
        struct gate_baseline_entry *e = sg_arena_alloc(a, out->n * sizeof(*e));
        memcpy(e, out->entries, out->n * sizeof(*e));
        free(out->entries);
        out->entries = e;
        qsort(out->entries, out->n, sizeof(*out->entries), entry_cmp);
    } else {
        free(out->entries);
        out->entries = NULL;
    }
    return 0;
}

static void bl_parse_init(struct gate_parse *p, struct gate_report *dummy,
                          struct gate_baseline *out, struct sg_arena *a, const char *name,
                          struct sg_diags *d)
{
    static const struct gate_parse_opts opts = GATE_PARSE_OPTS_INIT;

    memset(out, 0, sizeof(*out));
    memset(dummy, 0, sizeof(*dummy));
    memset(p, 0, sizeof(*p));
    out->file = sg_arena_strdup(a, name);
    p->report = dummy;
    p->arena = a;
    p->opts = &opts;
    p->diags = d;
    p->file = out->file;
}

int gate_baseline_load(struct gate_baseline *out, struct sg_arena *a, const char *path,
                       struct sg_diags *d)
{
    struct gate_report dummy;
    struct gate_parse p;
    int rc;

    bl_parse_init(&p, &dummy, out, a, path, d);
    p.in.fp = fopen(path, "rb");
    if (!p.in.fp)
        return gate_fail(&p, 0, 0, "cannot open the baseline: %s", strerror(errno));
    rc = bl_run(out, a, &p);
    fclose(p.in.fp);
    return rc;
}

int gate_baseline_parse(struct gate_baseline *out, struct sg_arena *a, const char *name,
                        const char *data, size_t len, struct sg_diags *d)
{
    struct gate_report dummy;
    struct gate_parse p;

    bl_parse_init(&p, &dummy, out, a, name, d);
    p.in.data = data;
    p.in.len = len;
    if (len == 0)
        return gate_fail(&p, 0, 0, "the baseline is empty");
    return bl_run(out, a, &p);
}

static struct gate_baseline_entry *bl_find(struct gate_baseline *b, const char *fp)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->entries[mid].fingerprint, fp);
        if (c == 0) {
            /* Several entries may share a fingerprint (saved twice): mark all. */
            while (mid > 0 && strcmp(b->entries[mid - 1].fingerprint, fp) == 0)
                mid--;
            return &b->entries[mid];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void gate_baseline_apply(struct gate_baseline *b, struct gate_report *const *reports, size_t n)
{
    size_t i, k;

    b->n_new = b->n_existing = 0;
    for (i = 0; i < n; i++)
        for (k = 0; k < reports[i]->n_findings; k++) {
            struct gate_finding *f = reports[i]->findings[k];
            struct gate_baseline_entry *e = f->fingerprint ? bl_find(b, f->fingerprint) : NULL;
            if (e) {
                const struct gate_baseline_entry *end = b->entries + b->n;
                for (; e < end && strcmp(e->fingerprint, f->fingerprint) == 0; e++)
                    e->used = true;
                f->baseline_state = "existing";
                b->n_existing++;
            } else {
                f->baseline_state = "new";
                b->n_new++;
            }
        }
}

void gate_baseline_warnings(const struct gate_baseline *b, struct gate_decision *dec,
                            struct sg_arena *a)
{
    struct sg_buf m = SG_BUF_INIT;
    size_t i, unused = 0, shown = 0;

    for (i = 0; i < b->n; i++)
        unused += !b->entries[i].used;
    if (!unused)
        return;
    sg_buf_addf(&m, "%s: %zu of %zu baseline entr%s matched no current finding (unused: fixed, "
                    "or changed beyond its fingerprint):",
                b->file, unused, b->n, b->n == 1 ? "y" : "ies");
    for (i = 0; i < b->n && shown < UNUSED_SHOWN; i++) {
        const struct gate_baseline_entry *e = &b->entries[i];
        if (e->used)
            continue;
        sg_buf_addf(&m, "%s %s %s %s", shown ? ";" : "", e->tool ? e->tool : "?",
                    e->rule ? e->rule : "?",
                    e->path ? e->path : e->package ? e->package : e->fingerprint);
        shown++;
    }
    if (unused > shown)
        sg_buf_addf(&m, "; and %zu more", unused - shown);
    gate_strlist_add(a, &dec->warnings, &dec->n_warnings, sg_arena_strdup(a, sg_buf_str(&m)));
    sg_buf_release(&m);
}

/* ---- saving ----------------------------------------------------------------- */

static int ptr_fp_cmp(const void *va, const void *vb)
{
    const struct gate_finding *a = *(const struct gate_finding *const *)va;
    const struct gate_finding *b = *(const struct gate_finding *const *)vb;
    return strcmp(a->fingerprint, b->fingerprint);
}

static void save_entry(struct gate_jw *w, const struct gate_finding *f)
{
    gate_jw_open(w, '{');
    gate_jw_kstr(w, "fingerprint", f->fingerprint);
    gate_jw_kstr(w, "tool", f->tool);
    gate_jw_kstr(w, "rule", f->rule);
    gate_jw_kstr(w, "kind", gate_kind_name(f->kind));
    gate_jw_kstr(w, "path", f->path);
    gate_jw_kstr(w, "package", f->package);
    gate_jw_close(w, '}');
}

int gate_baseline_save(const char *path, const struct gate_report *const *reports, size_t n,
                       time_t now, struct sg_diags *d)
{
    const struct gate_finding **all;
    struct gate_jw *w;
    struct tm tm;
    char created[32] = "";
    size_t i, k, total = 0, m = 0;
    FILE *f;
    int rc;

    for (i = 0; i < n; i++)
        total += reports[i]->n_findings;
    all = sg_xcalloc(total + 1, sizeof(*all));
    for (i = 0; i < n; i++)
        for (k = 0; k < reports[i]->n_findings; k++)
            if (reports[i]->findings[k]->fingerprint)
                all[m++] = reports[i]->findings[k];
    /* Sorted, so a baseline under version control changes only where
     * findings change. */
    qsort(all, m, sizeof(*all), ptr_fp_cmp);
    if (gmtime_r(&now, &tm))
        strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!(f = fopen(path, "w"))) {
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "cannot write the baseline: %s", strerror(errno));
        free(all);
        return -1;
    }
    w = sg_xmalloc(sizeof(*w));
    gate_jw_init(w, f, true);
    gate_jw_open(w, '{');
    gate_jw_kint(w, "version", BASELINE_VERSION);
    gate_jw_kstr(w, "created", created);
    gate_jw_kstr(w, "generator", "shipgate gate");
    gate_jw_key(w, "findings");
    gate_jw_open(w, '[');
    for (i = 0; i < m; i++)
        if (i == 0 || strcmp(all[i - 1]->fingerprint, all[i]->fingerprint) != 0)
            save_entry(w, all[i]);
    gate_jw_close(w, ']');
    gate_jw_close(w, '}');
    rc = gate_jw_finish(w);
    if (fclose(f) != 0)
        rc = -1;
    if (rc < 0)
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "cannot write the baseline: %s", strerror(errno));
    free(w);
    free(all);
    return rc;
}
