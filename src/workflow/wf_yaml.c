/* SPDX-License-Identifier: MIT */
/*
 * YAML text -> generic wf_value tree, in one pass over libfyaml's event
 * stream. Events (rather than libfyaml's document tree) because they carry
 * a start mark for every node, collections included, and because copying
 * straight into the arena avoids building a second tree. This stage knows
 * nothing about workflows: it types plain scalars (YAML 1.2 core schema),
 * resolves aliases, reports duplicate keys, and enforces the size limits.
 */
#include <libfyaml.h>
#include <math.h>

#include "workflow/wf_int.h"

struct frame {
    struct wf_value v; /* the collection being built; items come later */
    size_t start;      /* first child in the value stack */
    const char *anchor;
    size_t anchor_len;
    size_t nodes_at_start;
};

struct anchor {
    struct wf_value v;
    size_t nodes;
};

struct yparser {
    struct sg_arena *a;
    struct sg_diags *d;
    const char *file;
    struct wf_value *stack; /* finished children of open collections */
    size_t nstack, capstack;
    struct frame *frames;
    size_t nframes, capframes;
    struct anchor *anchors;
    size_t nanchors, capanchors;
    struct wf_strmap anchor_map;
    struct wf_strmap dup;
    size_t nodes;
    bool failed;
    int docs;
    struct wf_value root;
    bool have_root;
};

static void yerr(struct yparser *p, int line, int col, const char *fmt, ...) SG_PRINTF(4, 5);
static void yerr(struct yparser *p, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sg_diag_vadd(p->d, SG_SEV_ERROR, p->file, line, col, fmt, ap);
    va_end(ap);
}

static bool all_digits(const char *s, size_t n, int base)
{
    size_t i;
    if (n == 0)
        return false;
    for (i = 0; i < n; i++) {
        char c = s[i];
        bool ok = base == 16 ? ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f'))
                  : base == 8 ? (c >= '0' && c <= '7')
                              : (c >= '0' && c <= '9');
        if (!ok)
            return false;
    }
    return true;
}

static bool str_in(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, s, n) == 0)
            return true;
    return false;
}

/* The YAML 1.2 core schema, as GitHub's parser reads plain scalars. */
static void type_plain(struct wf_value *v)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const trues[] = {"true", "True", "TRUE", NULL};
    static const char *const falses[] = {"false", "False", "FALSE", NULL};
    static const char *const infs[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
    static const char *const ninfs[] = {"-.inf", "-.Inf", "-.INF", NULL};
    static const char *const nans[] = {".nan", ".NaN", ".NAN", NULL};
    const char *s = v->s;
    size_t n = v->len;

    v->kind = WF_STRING;
    if (str_in(s, n, nulls)) {
        v->kind = WF_NULL;
    } else if (str_in(s, n, trues) || str_in(s, n, falses)) {
        v->kind = WF_BOOL;
        v->b = s[0] == 't' || s[0] == 'T';
    } else if (n > 2 && s[0] == '0' && s[1] == 'x' && all_digits(s + 2, n - 2, 16)) {
        v->kind = WF_NUMBER;
        v->num = (double)strtoull(s + 2, NULL, 16);
    } else if (n > 2 && s[0] == '0' && s[1] == 'o' && all_digits(s + 2, n - 2, 8)) {
        v->kind = WF_NUMBER;
        v->num = (double)strtoull(s + 2, NULL, 8);
    } else if (sg_is_decimal(s, n)) {
        v->kind = WF_NUMBER;
        v->num = strtod(s, NULL);
    } else if (str_in(s, n, infs) || str_in(s, n, ninfs)) {
        v->kind = WF_NUMBER;
        v->num = s[0] == '-' ? -INFINITY : INFINITY;
    } else if (str_in(s, n, nans)) {
        v->kind = WF_NUMBER;
        v->num = NAN;
    }
}

static void mark_pos(struct wf_value *v, struct fy_event *fye)
{
    const struct fy_mark *m = fy_event_start_mark(fye);
    v->line = m ? m->line + 1 : 0;
    v->col = m ? m->column + 1 : 0;
}

static void push_value(struct yparser *p, const struct wf_value *v)
{
    SG_GROW(p->stack, p->capstack, p->nstack + 1);
    p->stack[p->nstack++] = *v;
}

static void remember_anchor(struct yparser *p, const char *name, size_t len,
                            const struct wf_value *v, size_t nodes)
{
    bool existed;
    struct wf_strmap_slot *s;
    char *key = sg_arena_strndup(p->a, name, len);

    SG_GROW(p->anchors, p->capanchors, p->nanchors + 1);
    p->anchors[p->nanchors].v = *v;
    p->anchors[p->nanchors].nodes = nodes;
    s = wf_strmap_put(&p->anchor_map, key, len, p->nanchors, &existed);
    s->val = p->nanchors++; /* a redefined anchor replaces the old one */
}

static void finish_value(struct yparser *p, struct wf_value *v, const char *anchor, size_t alen,
                         size_t nodes)
{
    if (anchor)
        remember_anchor(p, anchor, alen, v, nodes);
    if (p->nframes == 0) {
        if (!p->have_root) {
            p->root = *v;
            p->have_root = true;
        }
        return;
    }
    push_value(p, v);
}

static void add_nodes(struct yparser *p, size_t n, int line, int col)
{
    p->nodes += n;
    if (p->nodes > WF_MAX_NODES && !p->failed) {
        yerr(p, line, col, "the document has more than %u nodes (aliases included)",
             WF_MAX_NODES);
        p->failed = true;
    }
}

static void on_scalar(struct yparser *p, struct fy_event *fye)
{
    struct wf_value v;
    size_t len = 0, alen = 0;
    const char *text = fy_token_get_text(fye->scalar.value, &len);
    const char *anchor = fye->scalar.anchor ? fy_token_get_text(fye->scalar.anchor, &alen) : NULL;
    enum fy_scalar_style st = fy_token_scalar_style(fye->scalar.value);

    memset(&v, 0, sizeof(v));
    mark_pos(&v, fye);
    v.s = text ? sg_arena_strndup(p->a, text, len) : "";
    v.len = text ? len : 0;
    switch (st) {
    case FYSS_SINGLE_QUOTED: v.style = WF_STYLE_SINGLE; break;
    case FYSS_DOUBLE_QUOTED: v.style = WF_STYLE_DOUBLE; break;
    case FYSS_LITERAL:
    case FYSS_FOLDED: v.style = WF_STYLE_BLOCK; break;
    default: v.style = WF_STYLE_PLAIN; break;
    }
    if (v.style == WF_STYLE_PLAIN && !fye->scalar.tag)
        type_plain(&v);
    else
        v.kind = WF_STRING;
    add_nodes(p, 1, v.line, v.col);
    finish_value(p, &v, anchor, alen, 1);
}

static void on_alias(struct yparser *p, struct fy_event *fye)
{
    size_t len = 0;
    const char *name = fy_token_get_text(fye->alias.anchor, &len);
    struct wf_strmap_slot *s = name ? wf_strmap_get(&p->anchor_map, name, len) : NULL;
    struct wf_value v;

    if (!s) {
        const struct fy_mark *m = fy_event_start_mark(fye);
        yerr(p, m ? m->line + 1 : 0, m ? m->column + 1 : 0, "unknown alias '%.*s'", (int)len,
             name ? name : "");
        p->failed = true;
        return;
    }
    /* Children are shared, not copied: the node budget still counts them so
     * nested aliases cannot blow up the checks that walk the tree. */
    v = p->anchors[s->val].v;
    add_nodes(p, p->anchors[s->val].nodes, v.line, v.col);
    finish_value(p, &v, NULL, 0, p->anchors[s->val].nodes);
}

static void open_collection(struct yparser *p, struct fy_event *fye, enum wf_kind kind,
                            struct fy_token *anchor_tok)
{
    struct frame *f;
    size_t alen = 0;

    if (p->nframes >= WF_MAX_DEPTH) {
        const struct fy_mark *m = fy_event_start_mark(fye);
        yerr(p, m ? m->line + 1 : 0, m ? m->column + 1 : 0,
             "the document nests deeper than %d levels", WF_MAX_DEPTH);
        p->failed = true;
        return;
    }
    SG_GROW(p->frames, p->capframes, p->nframes + 1);
    f = &p->frames[p->nframes++];
    memset(f, 0, sizeof(*f));
    f->v.kind = kind;
    f->v.s = "";
    f->v.style = WF_STYLE_PLAIN;
    mark_pos(&f->v, fye);
    f->start = p->nstack;
    f->anchor = anchor_tok ? fy_token_get_text(anchor_tok, &alen) : NULL;
    if (f->anchor)
        f->anchor = sg_arena_strndup(p->a, f->anchor, alen);
    f->anchor_len = alen;
    f->nodes_at_start = p->nodes;
    add_nodes(p, 1, f->v.line, f->v.col);
}

static void close_seq(struct yparser *p, struct frame *f)
{
    size_t n = p->nstack - f->start;
    f->v.n = n;
    f->v.items = n ? sg_arena_alloc(p->a, n * sizeof(*f->v.items)) : NULL;
    if (n)
        memcpy(f->v.items, p->stack + f->start, n * sizeof(*f->v.items));
}

/* Keeps the first of duplicate keys, as the error says the key is taken. */
static void close_map(struct yparser *p, struct frame *f)
{
    size_t n = (p->nstack - f->start) / 2, i, kept = 0;
    struct wf_value *kv = p->stack + f->start;

    f->v.pairs = n ? sg_arena_alloc(p->a, n * sizeof(*f->v.pairs)) : NULL;
    if (n > 1)
        wf_strmap_reset(&p->dup, n);
    for (i = 0; i < n; i++) {
        const struct wf_value *k = &kv[2 * i];
        if (n > 1 && wf_value_is_scalar(k)) {
            bool existed;
            wf_strmap_put(&p->dup, k->s, k->len, i, &existed);
            if (existed) {
                yerr(p, k->line, k->col, "'%s' is already defined", k->s);
                continue;
            }
        }
        f->v.pairs[kept].key = kv[2 * i];
        f->v.pairs[kept].value = kv[2 * i + 1];
        kept++;
    }
    f->v.n = kept;
}

static void close_collection(struct yparser *p)
{
    struct frame f;

    if (p->nframes == 0)
        return;
    f = p->frames[--p->nframes];
    if (f.v.kind == WF_SEQ)
        close_seq(p, &f);
    else
        close_map(p, &f);
    p->nstack = f.start;
    finish_value(p, &f.v, f.anchor, f.anchor_len, p->nodes - f.nodes_at_start);
}

static void on_event(struct yparser *p, struct fy_event *fye)
{
    switch (fye->type) {
    case FYET_DOCUMENT_START:
        if (++p->docs > 1) {
            const struct fy_mark *m = fy_event_start_mark(fye);
            yerr(p, m ? m->line + 1 : 0, m ? m->column + 1 : 0,
                 "expected one YAML document, found more");
            p->failed = true;
        }
        break;
    case FYET_SCALAR: on_scalar(p, fye); break;
    case FYET_ALIAS: on_alias(p, fye); break;
    case FYET_SEQUENCE_START: open_collection(p, fye, WF_SEQ, fye->sequence_start.anchor); break;
    case FYET_MAPPING_START: open_collection(p, fye, WF_MAP, fye->mapping_start.anchor); break;
    case FYET_SEQUENCE_END:
    case FYET_MAPPING_END: close_collection(p); break;
    default: break;
    }
}

static void report_syntax(struct yparser *p, struct fy_diag *diag)
{
    void *iter = NULL;
    struct fy_diag_error *e;
    bool any = false;

    while ((e = fy_diag_errors_iterate(diag, &iter)) != NULL) {
        yerr(p, e->line + 1, e->column + 1, "invalid YAML: %s", e->msg);
        any = true;
        break; /* later errors are consequences of the first */
    }
    if (!any)
        yerr(p, 1, 1, "invalid YAML");
}

static void yparser_release(struct yparser *p)
{
    free(p->stack);
    free(p->frames);
    free(p->anchors);
    wf_strmap_release(&p->anchor_map);
    wf_strmap_release(&p->dup);
}

static void run_parser(struct yparser *p, struct fy_parser *fyp)
{
    struct fy_event *fye;

    while (!p->failed && (fye = fy_parser_parse(fyp)) != NULL) {
        on_event(p, fye);
        fy_parser_event_free(fyp, fye);
    }
}

const struct wf_value *wf_yaml_parse(struct sg_arena *a, struct sg_diags *d, const char *file,
                                     const char *text, size_t len)
{
    struct yparser p;
    struct fy_diag_cfg dcfg;
    struct fy_diag *diag;
    struct fy_parse_cfg cfg;
    struct fy_parser *fyp;
    struct wf_value *root = NULL;
    bool stream_error;
    int bad_line, bad_col;
    long bad_cp;

    if (len > WF_MAX_FILE_SIZE) {
        sg_diag_add(d, SG_SEV_ERROR, file, 0, 0, "file is larger than %u bytes",
                    WF_MAX_FILE_SIZE);
        return NULL;
    }
    /* libfyaml 0.7 loops forever on some invalid UTF-8 (after a '%') and
     * leaks on some control characters, so neither ever reaches it. */
    if (sg_yaml_find_bad_char(text, len, &bad_line, &bad_col, &bad_cp)) {
        if (bad_cp < 0)
            sg_diag_add(d, SG_SEV_ERROR, file, bad_line, bad_col,
                        "invalid YAML: the file is not valid UTF-8");
        else
            sg_diag_add(d, SG_SEV_ERROR, file, bad_line, bad_col,
                        "invalid YAML: control character U+%04lX is not allowed", bad_cp);
        return NULL;
    }
    memset(&p, 0, sizeof(p));
    p.a = a;
    p.d = d;
    p.file = file;
    wf_strmap_init(&p.anchor_map, 8);
    wf_strmap_init(&p.dup, 8);

    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = NULL;
    dcfg.colorize = false;
    diag = fy_diag_create(&dcfg);
    if (!diag)
        SG_BUG("out of memory creating a YAML diagnostic object");
    fy_diag_set_collect_errors(diag, true);
    memset(&cfg, 0, sizeof(cfg));
    cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_ALLOW_DUPLICATE_KEYS;
    cfg.diag = diag;
    fyp = fy_parser_create(&cfg);
    if (!fyp)
        SG_BUG("out of memory creating a YAML parser");
    /* libfyaml wants a non-NULL pointer even for empty input. */
    if (fy_parser_set_string(fyp, len ? text : "", len) != 0)
        SG_BUG("fy_parser_set_string failed");
    run_parser(&p, fyp);
    stream_error = fy_parser_get_stream_error(fyp);
    if (stream_error && !p.failed) {
        report_syntax(&p, diag);
        p.failed = true;
    }
    fy_parser_destroy(fyp);
    fy_diag_destroy(diag);

    if (!p.failed) {
        root = sg_arena_alloc(a, sizeof(*root));
        if (p.have_root) {
            *root = p.root;
        } else {
            root->kind = WF_NULL;
            root->s = "";
            root->line = root->col = 1;
        }
    }
    yparser_release(&p);
    return root;
}
