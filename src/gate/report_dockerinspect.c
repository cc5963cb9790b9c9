/* SPDX-License-Identifier: MIT */
/*
 * `docker image inspect` JSON (also podman's): an array of images, each
 * with Id, RepoTags and Size in bytes. It is a measurement for the
 * policy's image.max-size, not findings. The image is named by its first
 * tag, else its first digest, else its id.
 */
#include "gate/gate_int.h"

bool gate_dockerinspect_detect(const struct gate_sniff *s)
{
    return s->json && s->root_array && gate_sniff_has(s, "[].Size") &&
           (gate_sniff_has(s, "[].Id") || gate_sniff_has(s, "[].RepoTags"));
}

struct dinspect {
    struct gate_parse *p;
    struct gate_image *img;
    bool has_size;
    const char *tag, *digest, *id;
    size_t cap;
};

static int dinspect_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s,
                          size_t n)
{
    struct dinspect *c = ctx;
    struct gate_report *r = c->p->report;

    if (js->depth == 0)
        return gate_js_expect(js, t, GATE_J_ARRAY);
    if (js->depth == 1) {
        if (gate_js_expect(js, t, GATE_J_MAP) < 0)
            return -1;
        if (r->n_images == c->cap) {
            struct gate_image *items;
            c->cap = c->cap ? c->cap * 2 : 4;
            items = sg_arena_alloc(c->p->arena, c->cap * sizeof(*items));
            if (r->n_images)
                memcpy(items, r->images, r->n_images * sizeof(*items));
            r->images = items;
        }
        c->img = &r->images[r->n_images++];
        c->has_size = false;
        c->tag = c->digest = c->id = NULL;
        return 0;
    }
    if (gate_js_at(js, "[].Size")) {
        long v;
        if (t != GATE_J_NUMBER || (v = gate_num_long(s, n)) < 0 ||
            (v == 0 && !(n == 1 && s[0] == '0')))
            return gate_js_fail(js, "expected a size in bytes for '%s'",
                                gate_js_path(js, c->p->arena));
        c->img->size = (unsigned long long)v;
        c->has_size = true;
    } else if (t == GATE_J_STRING && gate_js_at(js, "[].Id")) {
        c->id = gate_strn(c->p, s, n);
    } else if (t == GATE_J_STRING && gate_js_at(js, "[].RepoTags[]") && !c->tag) {
        c->tag = gate_strn(c->p, s, n);
    } else if (t == GATE_J_STRING && gate_js_at(js, "[].RepoDigests[]") && !c->digest) {
        c->digest = gate_strn(c->p, s, n);
    }
    return 0;
}

static int dinspect_end(void *ctx, struct gate_js *js, enum gate_jtype t)
{
    struct dinspect *c = ctx;

    if (js->depth != 1 || !c->img)
        return 0;
    if (!c->has_size)
        return gate_js_fail(js, "expected 'Size' in image '%s' of docker image inspect output",
                            gate_js_path(js, c->p->arena));
    c->img->name = c->tag ? c->tag : c->digest ? c->digest : c->id ? c->id : "(unnamed image)";
    c->img = NULL;
    return 0;
}

int gate_dockerinspect_parse(struct gate_parse *p)
{
    static const struct gate_jhandler h = {dinspect_value, dinspect_end};
    struct dinspect c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    if (gate_json_run(p, &h, &c) < 0)
        return -1;
    if (p->report->n_images == 0)
        return gate_fail(p, 1, 1, "expected at least one image in docker image inspect output");
    return 0;
}
