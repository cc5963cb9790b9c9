/* SPDX-License-Identifier: MIT */
/*
 * The action.yml loader: YAML through the workflow module's reader (so every
 * node has its line and column), then the checks the runner's manifest
 * schema makes: known keys only, `runs.using` one of composite, node12/16/
 * 20/24 or docker, the keys each kind needs (main, steps, image), and for
 * composite steps either run (with shell) or uses. Running is elsewhere.
 */
#include <ctype.h>

#include "actions/action.h"

struct mctx {
    struct sg_arena *a;
    struct sg_diags *d;
    const char *file;
};

static void err(struct mctx *m, const struct wf_value *at, const char *fmt, ...) SG_PRINTF(3, 4);

static void err(struct mctx *m, const struct wf_value *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sg_diag_vadd(m->d, SG_SEV_ERROR, m->file, at ? at->line : 0, at ? at->col : 0, fmt, ap);
    va_end(ap);
}

static const char *kind_name(const struct wf_value *v)
{
    switch (v->kind) {
    case WF_SEQ:
        return "a sequence";
    case WF_MAP:
        return "a mapping";
    case WF_NULL:
        return "null";
    default:
        return "a scalar";
    }
}

static bool want_map(struct mctx *m, const struct wf_value *v, const char *what)
{
    if (v->kind == WF_MAP)
        return true;
    err(m, v, "expected a mapping for '%s', got %s", what, kind_name(v));
    return false;
}

static bool want_scalar(struct mctx *m, const struct wf_value *v, const char *what)
{
    if (wf_value_is_scalar(v) && v->kind != WF_NULL)
        return true;
    err(m, v, "expected a string for '%s', got %s", what, kind_name(v));
    return false;
}

/* Returns the index of `key` in `keys`, or -1 after reporting it. */
static int key_index(struct mctx *m, const struct wf_value *key, const char *const *keys,
                     size_t n, const char *where)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!strcmp(key->s, keys[i]))
            return (int)i;
    err(m, key, "unexpected key '%s' in %s", key->s, where);
    return -1;
}

static bool parse_bool(struct mctx *m, const struct wf_value *v, const char *what)
{
    if (v->kind == WF_BOOL)
        return v->b;
    if (wf_value_is_scalar(v) && (sg_str_eq_nocase(v->s, "true") || sg_str_eq_nocase(v->s, "false")))
        return sg_str_eq_nocase(v->s, "true");
    err(m, v, "expected a boolean for '%s', got '%s'", what, wf_value_is_scalar(v) ? v->s : "");
    return false;
}

static void parse_inputs(struct mctx *m, struct action_manifest *o, const struct wf_value *v)
{
    static const char *const keys[] = {"description", "required", "default", "deprecationMessage"};
    size_t i, k;
    if (!want_map(m, v, "inputs"))
        return;
    o->inputs = sg_arena_alloc(m->a, (v->n + 1) * sizeof(*o->inputs));
    for (i = 0; i < v->n; i++) {
        const struct wf_value *def = &v->pairs[i].value;
        struct action_input *in = &o->inputs[o->ninputs++];
        in->name = &v->pairs[i].key;
        if (def->kind == WF_NULL)
            continue;
        if (!want_map(m, def, in->name->s))
            continue;
        for (k = 0; k < def->n; k++) {
            const struct wf_value *val = &def->pairs[k].value;
            switch (key_index(m, &def->pairs[k].key, keys, SG_ARRAY_SIZE(keys), "an input")) {
            case 0:
                in->description = val;
                break;
            case 1:
                in->required = parse_bool(m, val, "required");
                break;
            case 2:
                if (want_scalar(m, val, "default"))
                    in->default_value = val;
                break;
            case 3:
                if (want_scalar(m, val, "deprecationMessage"))
                    in->deprecation = val;
                break;
            default:
                break;
            }
        }
    }
}

static void parse_outputs(struct mctx *m, struct action_manifest *o, const struct wf_value *v)
{
    static const char *const keys[] = {"description", "value"};
    size_t i, k;
    if (!want_map(m, v, "outputs"))
        return;
    o->outputs = sg_arena_alloc(m->a, (v->n + 1) * sizeof(*o->outputs));
    for (i = 0; i < v->n; i++) {
        const struct wf_value *def = &v->pairs[i].value;
        struct action_output *out = &o->outputs[o->noutputs++];
        out->name = &v->pairs[i].key;
        if (def->kind == WF_NULL)
            continue;
        if (!want_map(m, def, out->name->s))
            continue;
        for (k = 0; k < def->n; k++) {
            const struct wf_value *val = &def->pairs[k].value;
            int idx = key_index(m, &def->pairs[k].key, keys, SG_ARRAY_SIZE(keys), "an output");
            if (idx == 0)
                out->description = val;
            else if (idx == 1 && want_scalar(m, val, "value"))
                out->value = val;
        }
    }
}

static void parse_step(struct mctx *m, struct wf_step *st, const struct wf_value *v)
{
    static const char *const keys[] = {"id", "name", "if", "uses", "with", "run", "shell",
                                       "working-directory", "env", "continue-on-error"};
    size_t k;
    st->node = v;
    if (!want_map(m, v, "steps item"))
        return;
    for (k = 0; k < v->n; k++) {
        const struct wf_value *val = &v->pairs[k].value;
        switch (key_index(m, &v->pairs[k].key, keys, SG_ARRAY_SIZE(keys), "a composite step")) {
        case 0:
            if (want_scalar(m, val, "id"))
                st->id = val;
            break;
        case 1:
            st->name = val;
            break;
        case 2:
            st->if_cond = val;
            break;
        case 3:
            if (want_scalar(m, val, "uses"))
                st->uses = val;
            break;
        case 4:
            if (want_map(m, val, "with"))
                st->with = val;
            break;
        case 5:
            if (want_scalar(m, val, "run"))
                st->run = val;
            break;
        case 6:
            if (want_scalar(m, val, "shell"))
                st->shell = val;
            break;
        case 7:
            st->working_directory = val;
            break;
        case 8:
            if (val->kind == WF_MAP || wf_value_has_expr(val))
                st->env = val;
            else
                want_map(m, val, "env");
            break;
        case 9:
            st->continue_on_error = val;
            break;
        default:
            break;
        }
    }
    if (st->run && st->uses)
        err(m, v, "a step takes 'run' or 'uses', not both");
    else if (!st->run && !st->uses)
        err(m, v, "a step needs 'run' or 'uses'");
    else if (st->run && !st->shell)
        err(m, v, "Required property is missing: shell");
}

static void parse_steps(struct mctx *m, struct action_manifest *o, const struct wf_value *runs,
                        const struct wf_value *v)
{
    size_t i;
    if (!v) {
        err(m, runs, "composite actions need 'runs.steps'");
        return;
    }
    if (v->kind != WF_SEQ) {
        err(m, v, "expected a sequence for 'steps', got %s", kind_name(v));
        return;
    }
    o->steps = sg_arena_alloc(m->a, (v->n + 1) * sizeof(*o->steps));
    for (i = 0; i < v->n; i++) {
        o->steps[i].index = i;
        parse_step(m, &o->steps[i], &v->items[i]);
    }
    o->nsteps = v->n;
}

static bool using_known(struct action_manifest *o, const char *u)
{
    static const char *const nodes[] = {"node12", "node16", "node20", "node24"};
    size_t i;
    if (sg_str_eq_nocase(u, "composite")) {
        o->using = ACTION_COMPOSITE;
        return true;
    }
    if (sg_str_eq_nocase(u, "docker")) {
        o->using = ACTION_DOCKER;
        return true;
    }
    for (i = 0; i < SG_ARRAY_SIZE(nodes); i++)
        if (sg_str_eq_nocase(u, nodes[i])) {
            o->using = ACTION_NODE;
            return true;
        }
    return false;
}

static void parse_runs(struct mctx *m, struct action_manifest *o, const struct wf_value *v)
{
    static const char *const keys[] = {"using", "main", "pre", "pre-if", "post", "post-if",
                                       "steps", "image", "args", "env", "entrypoint",
                                       "pre-entrypoint", "post-entrypoint"};
    const struct wf_value *slot[SG_ARRAY_SIZE(keys)] = {0};
    size_t k;
    int idx;
    if (!want_map(m, v, "runs"))
        return;
    for (k = 0; k < v->n; k++)
        if ((idx = key_index(m, &v->pairs[k].key, keys, SG_ARRAY_SIZE(keys), "'runs'")) >= 0)
            slot[idx] = &v->pairs[k].value;
    o->using_node = slot[0];
    if (!slot[0]) {
        err(m, v, "Required property is missing: using");
        return;
    }
    if (!want_scalar(m, slot[0], "using"))
        return;
    if (!using_known(o, slot[0]->s)) {
        err(m, slot[0], "'using: %s' is not supported, use 'composite', 'docker', 'node12', "
                        "'node16', 'node20' or 'node24' instead", slot[0]->s);
        return;
    }
    for (k = 1; k < 6; k++)
        if (slot[k] && !want_scalar(m, slot[k], keys[k]))
            slot[k] = NULL;
    if (o->using == ACTION_NODE) {
        o->main = slot[1];
        o->pre = slot[2];
        o->pre_if = slot[3];
        o->post = slot[4];
        o->post_if = slot[5];
        if (!o->main)
            err(m, v, "Required property is missing: main");
    } else if (o->using == ACTION_COMPOSITE) {
        parse_steps(m, o, v, slot[6]);
    } else {
        o->image = slot[7];
        o->pre_if = slot[3];
        o->post_if = slot[5];
        if (!o->image)
            err(m, v, "Required property is missing: image");
    }
}

static void check_outputs_values(struct mctx *m, struct action_manifest *o)
{
    size_t i;
    if (o->using != ACTION_COMPOSITE)
        return;
    for (i = 0; i < o->noutputs; i++)
        if (!o->outputs[i].value)
            err(m, o->outputs[i].name, "output '%s' of a composite action needs 'value'",
                o->outputs[i].name->s);
}

int action_manifest_parse(struct action_manifest *out, struct sg_arena *a, struct sg_diags *d,
                          const char *file, const char *text, size_t len)
{
    static const char *const keys[] = {"name", "description", "author", "inputs", "outputs",
                                       "runs", "branding"};
    struct mctx m = {a, d, file};
    size_t before = d->errors, k;
    const struct wf_value *runs = NULL;

    memset(out, 0, sizeof(*out));
    out->file = file;
    out->root = wf_yaml_parse(a, d, file, text, len);
    if (!out->root)
        return -1;
    if (!want_map(&m, out->root, "the action manifest"))
        return -1;
    for (k = 0; k < out->root->n; k++) {
        const struct wf_value *val = &out->root->pairs[k].value;
        switch (key_index(&m, &out->root->pairs[k].key, keys, SG_ARRAY_SIZE(keys), "an action")) {
        case 0:
            if (want_scalar(&m, val, "name"))
                out->name = val;
            break;
        case 1:
            out->description = val;
            break;
        case 3:
            parse_inputs(&m, out, val);
            break;
        case 4:
            parse_outputs(&m, out, val);
            break;
        case 5:
            runs = val;
            break;
        default:
            break;
        }
    }
    if (!runs)
        err(&m, out->root, "Required property is missing: runs");
    else
        parse_runs(&m, out, runs);
    check_outputs_values(&m, out);
    return d->errors > before ? -1 : 0;
}

int action_manifest_load(struct action_manifest *out, struct sg_arena *a, struct sg_diags *d,
                         const char *dir)
{
    static const char *const names[] = {"action.yml", "action.yaml"};
    struct sg_buf b;
    size_t i;
    int rc;

    for (i = 0; i < SG_ARRAY_SIZE(names); i++) {
        const char *path = sg_arena_printf(a, "%s/%s", dir, names[i]);
        sg_buf_init(&b, 0);
        if (sg_read_file(&b, path, ACTION_MAX_FILE_SIZE) != 0) {
            int e = errno;
            sg_buf_release(&b);
            if (e == ENOENT || e == ENOTDIR)
                continue;
            sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "cannot read the action manifest: %s",
                        e == EFBIG ? "larger than 1 MiB" : strerror(e));
            return -1;
        }
        rc = action_manifest_parse(out, a, d, path, b.data ? b.data : "", b.len);
        sg_buf_release(&b);
        return rc;
    }
    sg_diag_add(d, SG_SEV_ERROR, dir, 0, 0,
                "Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '%s'. Did you "
                "forget to run actions/checkout before running your local action?", dir);
    return -1;
}

const char *action_input_env_name(struct sg_arena *a, const char *name)
{
    char *s = sg_arena_printf(a, "INPUT_%s", name);
    char *p;
    for (p = s + 6; *p; p++)
        *p = *p == ' ' ? '_' : (char)toupper((unsigned char)*p);
    return s;
}

bool action_is_local(const char *uses)
{
    return !strcmp(uses, ".") || sg_starts_with(uses, "./") || sg_starts_with(uses, ".\\");
}
