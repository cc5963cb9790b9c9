/* SPDX-License-Identifier: MIT */
/*
 * Image size limits (policy `image: {max-size: 500MB}`): sizes as text,
 * and the part of the decision that compares each measured image (from
 * `docker image inspect` reports or --image-size) with the limit.
 */
#include "gate/gate.h"

void gate_strlist_add(struct sg_arena *a, const char ***list, size_t *n, const char *s)
{
    const char **items = sg_arena_alloc(a, (*n + 1) * sizeof(*items));
    if (*n)
        memcpy(items, *list, *n * sizeof(*items));
    items[(*n)++] = s;
    *list = items;
}

bool gate_size_parse(const char *s, unsigned long long *out)
{
    static const struct {
        const char *unit;
        double mul;
    } units[] = {{"", 1},     {"B", 1},          {"KB", 1e3},          {"MB", 1e6},
                 {"GB", 1e9}, {"KiB", 1024.0},   {"MiB", 1048576.0},   {"GiB", 1073741824.0}};
    char *end;
    double n;
    size_t i;

    if (!s || !*s || !(*s >= '0' && *s <= '9'))
        return false;
    errno = 0;
    n = strtod(s, &end);
    if (errno || n < 0)
        return false;
    while (*end == ' ')
        end++;
    for (i = 0; i < SG_ARRAY_SIZE(units); i++)
        if (strcasecmp(end, units[i].unit) == 0 && n * units[i].mul < 1.8e19) {
            *out = (unsigned long long)(n * units[i].mul);
            return true;
        }
    return false;
}

void gate_decide_images(struct gate_decision *out, struct sg_arena *a,
                        const struct gate_policy *p, const struct gate_report *const *reports,
                        size_t n)
{
    struct gate_image *all;
    size_t i, k, total = 0;

    out->has_image_max = p->has_image_max;
    out->image_max_size = p->image_max_size;
    for (i = 0; i < n; i++)
        total += reports[i]->n_images;
    all = sg_arena_alloc(a, (total + 1) * sizeof(*all));
    for (i = 0; i < n; i++)
        for (k = 0; k < reports[i]->n_images; k++)
            all[out->n_images++] = reports[i]->images[k];
    out->images = all;
    if (!p->has_image_max)
        return;
    if (out->n_images == 0) {
        gate_strlist_add(a, &out->warnings, &out->n_warnings,
                         "image.max-size is set but no image report (docker image inspect "
                         "JSON or --image-size) was given: not checked");
        return;
    }
    for (i = 0; i < out->n_images; i++)
        if (all[i].size > p->image_max_size)
            gate_strlist_add(a, &out->reasons, &out->n_reasons,
                             sg_arena_printf(a, "image %s is %.1f MB (%llu bytes), over the "
                                                "image.max-size of %.1f MB",
                                             all[i].name, (double)all[i].size / 1e6,
                                             all[i].size, (double)p->image_max_size / 1e6));
}
