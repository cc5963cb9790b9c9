/* SPDX-License-Identifier: MIT */
/*
 * workflow_dispatch inputs: --input values over declared defaults, typed as
 * declared (boolean, number, choice, string, environment). A value of the
 * wrong type, an unknown input or a missing required one is an error
 * before anything runs, at the input's position in the workflow.
 */
#include <math.h>

#include "run/session_int.h"

static const char *given(const struct run_kvs *l, const char *name)
{
    const char *v = NULL;
    size_t i;
    for (i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].name, name))
            v = l->items[i].value;
    return v;
}

static bool declared(const struct wf_event *ev, const char *name)
{
    size_t i;
    for (i = 0; i < ev->ninputs; i++)
        if (!strcmp(ev->inputs[i].name->s, name))
            return true;
    return false;
}

static int type_one(struct expr_value *out, struct sg_arena *a, const struct wf_input *in,
                    const char *v, const char *file, struct sg_diags *d)
{
    const struct wf_value *at = in->name;
    size_t i;
    switch (in->type) {
    case WF_INPUT_BOOLEAN:
        if (!strcmp(v, "true") || !strcmp(v, "false")) {
            *out = expr_bool(v[0] == 't');
            return 0;
        }
        sg_diag_add(d, SG_SEV_ERROR, file, at->line, at->col,
                    "input '%s' expects a boolean (true or false), got '%s'", at->s, v);
        return -1;
    case WF_INPUT_NUMBER: {
        char *end;
        double n = strtod(v, &end);
        if (*v && !*end && isfinite(n)) {
            *out = expr_number(n);
            return 0;
        }
        sg_diag_add(d, SG_SEV_ERROR, file, at->line, at->col,
                    "input '%s' expects a number, got '%s'", at->s, v);
        return -1;
    }
    case WF_INPUT_CHOICE:
        for (i = 0; i < in->options.n; i++)
            if (!strcmp(in->options.items[i]->s, v))
                break;
        if (in->options.n && i == in->options.n) {
            struct sg_buf b = SG_BUF_INIT;
            for (i = 0; i < in->options.n; i++)
                sg_buf_addf(&b, "%s'%s'", i ? ", " : "", in->options.items[i]->s);
            sg_diag_add(d, SG_SEV_ERROR, file, at->line, at->col,
                        "input '%s' must be one of %s, got '%s'", at->s, sg_buf_str(&b), v);
            sg_buf_release(&b);
            return -1;
        }
        /* fallthrough */
    default:
        *out = expr_cstring(a, v);
        return 0;
    }
}

int run_type_inputs(struct expr_value *out, struct run_ctx *ctx, const struct wf_workflow *wf,
                    struct sg_diags *d)
{
    const struct wf_event *ev = wf_find_event(wf, "workflow_dispatch");
    const struct run_kvs *l = &ctx->opt->inputs;
    size_t i;
    int rc = 0;

    *out = expr_new_object(ctx->arena);
    if (strcmp(ctx->event, "workflow_dispatch") != 0 || !ev)
        return 0;
    for (i = 0; i < l->n; i++) {
        if (!declared(ev, l->items[i].name)) {
            sg_diag_add(d, SG_SEV_ERROR, wf->file, ev->key ? ev->key->line : 0,
                        ev->key ? ev->key->col : 0, "unexpected input '%s': workflow_dispatch "
                        "declares no such input", l->items[i].name);
            rc = -1;
        }
    }
    for (i = 0; i < ev->ninputs; i++) {
        const struct wf_input *in = &ev->inputs[i];
        const char *v = given(l, in->name->s);
        struct expr_value val;
        if (!v && in->default_value)
            v = in->default_value->s;
        if (!v && in->required) {
            sg_diag_add(d, SG_SEV_ERROR, wf->file, in->name->line, in->name->col,
                        "input '%s' is required (give it with --input %s=VALUE)", in->name->s,
                        in->name->s);
            rc = -1;
            continue;
        }
        if (!v) {
            val = in->type == WF_INPUT_BOOLEAN ? expr_bool(false) : expr_cstring(ctx->arena, "");
        } else if (type_one(&val, ctx->arena, in, v, wf->file, d) != 0) {
            rc = -1;
            continue;
        }
        expr_object_set(ctx->arena, out, in->name->s, val);
    }
    return rc;
}
