/* SPDX-License-Identifier: MIT */
/*
 * The workflow-level keys: on: in its three forms with every event GitHub
 * knows and the filters, types and inputs each one accepts; permissions,
 * concurrency and defaults (shared with jobs). Cron lines and filter globs
 * are checked with src/base's parsers.
 */
#include "workflow/wf_int.h"
#include "base/cron.h"
#include "base/glob.h"

enum {
    F_TYPES = 1 << 0,
    F_BRANCHES = 1 << 1,
    F_TAGS = 1 << 2,
    F_PATHS = 1 << 3,
    F_WORKFLOWS = 1 << 4,
    F_NAMES = 1 << 5,
    F_INPUTS = 1 << 6,
    F_CALL = 1 << 7, /* inputs, outputs, secrets */
    F_NULL_ONLY = 1 << 8,
    F_ANY_TYPES = 1 << 9, /* repository_dispatch: free-form types */
    F_SCHEDULE = 1 << 10,
};

struct event_def {
    const char *name;
    unsigned flags;
    const char *const *types;
};

static const char *const t_created_edited_deleted[] = {"created", "edited", "deleted", NULL};
static const char *const t_check_run[] = {"completed", "created", "rerequested",
                                          "requested_action", NULL};
static const char *const t_completed[] = {"completed", NULL};
static const char *const t_discussion[] = {
    "created", "edited", "deleted", "transferred", "pinned", "unpinned", "labeled",
    "unlabeled", "locked", "unlocked", "category_changed", "answered", "unanswered", NULL};
static const char *const t_image_version[] = {"created", "ready", "deleted", NULL};
static const char *const t_issues[] = {
    "opened", "edited", "deleted", "transferred", "pinned", "unpinned", "closed",
    "reopened", "assigned", "unassigned", "labeled", "unlabeled", "locked", "unlocked",
    "milestoned", "demilestoned", "field_added", "field_removed", "typed", "untyped", NULL};
static const char *const t_merge_group[] = {"checks_requested", NULL};
static const char *const t_milestone[] = {"created", "closed", "opened", "edited", "deleted",
                                          NULL};
static const char *const t_project[] = {"created", "closed", "reopened", "edited", "deleted",
                                        NULL};
static const char *const t_project_card[] = {"created", "moved", "converted", "edited",
                                             "deleted", NULL};
static const char *const t_project_column[] = {"created", "updated", "moved", "deleted", NULL};
static const char *const t_pull_request[] = {
    "assigned", "unassigned", "labeled", "unlabeled", "opened", "edited", "closed",
    "reopened", "synchronize", "converted_to_draft", "locked", "unlocked", "enqueued",
    "dequeued", "milestoned", "demilestoned", "ready_for_review", "review_requested",
    "review_request_removed", "auto_merge_enabled", "auto_merge_disabled", "stacked", NULL};
static const char *const t_review[] = {"submitted", "edited", "dismissed", NULL};
static const char *const t_registry_package[] = {"published", "updated", NULL};
static const char *const t_release[] = {"published", "unpublished", "created", "edited",
                                        "deleted", "prereleased", "released", NULL};
static const char *const t_watch[] = {"started", NULL};
static const char *const t_workflow_run[] = {"requested", "completed", "in_progress", NULL};

static const struct event_def events[] = {
    {"branch_protection_rule", F_TYPES, t_created_edited_deleted},
    {"check_run", F_TYPES, t_check_run},
    {"check_suite", F_TYPES, t_completed},
    {"create", F_NULL_ONLY, NULL},
    {"delete", F_NULL_ONLY, NULL},
    {"deployment", F_NULL_ONLY, NULL},
    {"deployment_status", F_NULL_ONLY, NULL},
    {"discussion", F_TYPES, t_discussion},
    {"discussion_comment", F_TYPES, t_created_edited_deleted},
    {"fork", F_NULL_ONLY, NULL},
    {"gollum", F_NULL_ONLY, NULL},
    {"image_version", F_TYPES | F_NAMES, t_image_version},
    {"issue_comment", F_TYPES, t_created_edited_deleted},
    {"issues", F_TYPES, t_issues},
    {"label", F_TYPES, t_created_edited_deleted},
    {"merge_group", F_TYPES | F_BRANCHES, t_merge_group},
    {"milestone", F_TYPES, t_milestone},
    {"page_build", F_NULL_ONLY, NULL},
    {"project", F_TYPES, t_project},
    {"project_card", F_TYPES, t_project_card},
    {"project_column", F_TYPES, t_project_column},
    {"public", F_NULL_ONLY, NULL},
    {"pull_request", F_TYPES | F_BRANCHES | F_PATHS, t_pull_request},
    {"pull_request_comment", F_TYPES, t_created_edited_deleted},
    {"pull_request_review", F_TYPES, t_review},
    {"pull_request_review_comment", F_TYPES, t_created_edited_deleted},
    {"pull_request_target", F_TYPES | F_BRANCHES | F_PATHS, t_pull_request},
    {"push", F_BRANCHES | F_TAGS | F_PATHS, NULL},
    {"registry_package", F_TYPES, t_registry_package},
    {"release", F_TYPES, t_release},
    {"repository_dispatch", F_ANY_TYPES, NULL},
    {"schedule", F_SCHEDULE, NULL},
    {"status", F_NULL_ONLY, NULL},
    {"watch", F_TYPES, t_watch},
    {"workflow_call", F_CALL, NULL},
    {"workflow_dispatch", F_INPUTS, NULL},
    {"workflow_run", F_TYPES | F_WORKFLOWS | F_BRANCHES, t_workflow_run},
};

static const struct event_def *find_event_def(const char *name)
{
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(events); i++)
        if (strcmp(events[i].name, name) == 0)
            return &events[i];
    return NULL;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

void wf_check_filter_globs(struct wf_loader *L, const struct wf_strlist *l)
{
    size_t i;
    for (i = 0; i < l->n; i++) {
        const char *pat = l->items[i]->s;
        sg_buf_reset(&L->scratch);
        if (*pat == '!')
            pat++;
        if (sg_glob_check(SG_GLOB_FILTER, pat, &L->scratch) != 0)
            wf_error(L, l->items[i], "%s",
                     sg_buf_str(&L->scratch));
    }
}

static void load_filter(struct wf_loader *L, struct wf_strlist *out, const struct wf_value *v,
                        bool globs)
{
    wf_want_strlist(L, out, v, WF_CTX_NONE);
    if (globs)
        wf_check_filter_globs(L, out);
}

static void load_types(struct wf_loader *L, struct wf_event *ev, const struct event_def *def,
                       const struct wf_value *v)
{
    size_t i;
    wf_want_strlist(L, &ev->types, v, WF_CTX_NONE);
    if (!def->types)
        return;
    for (i = 0; i < ev->types.n; i++)
        if (!in_list(ev->types.items[i]->s, def->types))
            wf_error(L, ev->types.items[i], "Unexpected value '%s'", ev->types.items[i]->s);
}

static void both_forbidden(struct wf_loader *L, const struct wf_event *ev,
                           const struct wf_strlist *a, const struct wf_strlist *b,
                           const char *what)
{
    if (a->node && b->node)
        wf_error(L, b->node->line ? b->node : a->node,
                 "'%s' and '%s-ignore' cannot both be used for event '%s'", what, what,
                 ev->name);
}

/* ---- schedule ---------------------------------------------------------- */

static void load_cron_entry(struct wf_loader *L, struct wf_cron_entry *out,
                            const struct wf_value *v)
{
    size_t i;
    memset(out, 0, sizeof(*out));
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        switch (wf_pair_key(L, p, WF_SC_CRON)) {
        case WF_K_CRON_CRON:
            if (wf_want_string(L, &p->value, WF_CTX_NONE, true))
                out->cron = &p->value;
            break;
        case WF_K_CRON_TIMEZONE:
            if (wf_want_string(L, &p->value, WF_CTX_NONE, true))
                out->timezone = &p->value;
            break;
        default: break;
        }
    }
    if (!wf_map_get(v, "cron")) {
        wf_error(L, v, "Required property is missing: cron");
    } else if (out->cron) {
        struct sg_cron c;
        size_t col = 0;
        sg_buf_reset(&L->scratch);
        if (sg_cron_parse(&c, out->cron->s, &L->scratch, &col) != 0)
            wf_error(L, out->cron, "%s", sg_buf_str(&L->scratch));
    }
}

static void load_schedule(struct wf_loader *L, struct wf_event *ev, const struct wf_value *v)
{
    size_t i;
    if (!wf_want_seq(L, v, WF_CTX_NONE, NULL))
        return;
    ev->crons = sg_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof(*ev->crons));
    for (i = 0; i < v->n; i++)
        load_cron_entry(L, &ev->crons[ev->ncrons++], &v->items[i]);
}

/* ---- inputs, outputs, secrets ------------------------------------------ */

static bool input_type(struct wf_loader *L, struct wf_input *in, const struct wf_value *v,
                       bool call)
{
    static const char *const names[] = {"string", "boolean", "number", "choice", "environment",
                                        NULL};
    size_t i;
    if (!wf_want_string(L, v, WF_CTX_NONE, true))
        return false;
    for (i = 0; names[i]; i++)
        if (strcmp(v->s, names[i]) == 0 && (!call || i < 3)) {
            in->type = (enum wf_input_type)i;
            in->type_given = true;
            return true;
        }
    wf_error(L, v, "Unexpected value '%s'", v->s);
    return false;
}

static void check_input_default(struct wf_loader *L, const struct wf_input *in)
{
    const struct wf_value *d = in->default_value;
    size_t i;

    if (!d || wf_value_has_expr(d))
        return;
    if (in->type == WF_INPUT_BOOLEAN && d->kind != WF_BOOL)
        wf_error(L, d, "default value of boolean input '%s' must be true or false", in->name->s);
    else if (in->type == WF_INPUT_NUMBER && d->kind != WF_NUMBER)
        wf_error(L, d, "default value of number input '%s' must be a number", in->name->s);
    else if (in->type == WF_INPUT_CHOICE && in->options.n) {
        for (i = 0; i < in->options.n; i++)
            if (strcmp(in->options.items[i]->s, d->s) == 0)
                return;
        wf_error(L, d, "default value '%s' of choice input '%s' is not one of its options", d->s,
                 in->name->s);
    }
}

static void load_input(struct wf_loader *L, struct wf_input *in, const struct wf_pair *p,
                       bool call)
{
    const struct wf_value *v = &p->value;
    size_t i;

    memset(in, 0, sizeof(*in));
    in->name = &p->key;
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *q = &v->pairs[i];
        switch (wf_pair_key(L, q, WF_SC_INPUT)) {
        case WF_K_INPUT_DESCRIPTION:
            if (wf_want_string(L, &q->value, WF_CTX_NONE, false))
                in->description = &q->value;
            break;
        case WF_K_INPUT_TYPE: input_type(L, in, &q->value, call); break;
        case WF_K_INPUT_REQUIRED:
            if (wf_want_bool(L, &q->value, WF_CTX_NONE))
                in->required = q->value.b;
            break;
        case WF_K_INPUT_DEFAULT:
            if (!wf_value_is_scalar(&q->value))
                wf_want_string(L, &q->value, WF_CTX_NONE, false);
            else if (call)
                wf_check_expr(L, &q->value, WF_CTX_RUN_NAME);
            else
                wf_want_string(L, &q->value, WF_CTX_NONE, false);
            in->default_value = &q->value;
            break;
        case WF_K_INPUT_OPTIONS:
            if (call)
                wf_error(L, &q->key, "Unexpected value '%s'", q->key.s);
            else
                wf_want_strlist(L, &in->options, &q->value, WF_CTX_NONE);
            break;
        default: break;
        }
    }
    if (call && !wf_map_get(v, "type"))
        wf_error(L, v, "Required property is missing: type");
    if (in->type == WF_INPUT_CHOICE && !in->options.node)
        wf_error(L, v, "Missing 'options' for choice input");
    if (in->type != WF_INPUT_CHOICE && in->options.node)
        wf_error(L, in->options.node, "Input type is not 'choice', but 'options' is defined");
    check_input_default(L, in);
}

static void load_inputs(struct wf_loader *L, struct wf_event *ev, const struct wf_value *v,
                        bool call)
{
    size_t i;
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    ev->inputs = sg_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof(*ev->inputs));
    for (i = 0; i < v->n; i++)
        if (wf_want_string(L, &v->pairs[i].key, WF_CTX_NONE, true))
            load_input(L, &ev->inputs[ev->ninputs++], &v->pairs[i], call);
}

static void load_call_outputs(struct wf_loader *L, struct wf_event *ev, const struct wf_value *v)
{
    size_t i, j;
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    ev->outputs = sg_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof(*ev->outputs));
    for (i = 0; i < v->n; i++) {
        const struct wf_value *o = &v->pairs[i].value;
        struct wf_call_output *out = &ev->outputs[ev->noutputs++];
        out->name = &v->pairs[i].key;
        if (!wf_want_map(L, o, WF_CTX_NONE, NULL))
            continue;
        for (j = 0; j < o->n; j++) {
            const struct wf_pair *q = &o->pairs[j];
            switch (wf_pair_key(L, q, WF_SC_CALL_OUTPUT)) {
            case WF_K_CALL_OUTPUT_DESCRIPTION:
                if (wf_want_string(L, &q->value, WF_CTX_NONE, false))
                    out->description = &q->value;
                break;
            case WF_K_CALL_OUTPUT_VALUE:
                if (wf_want_string(L, &q->value, WF_CTX_CALL_OUTPUT, false))
                    out->value = &q->value;
                break;
            default: break;
            }
        }
        if (!wf_map_get(o, "value"))
            wf_error(L, o, "Required property is missing: value");
    }
}

static void load_call_secrets(struct wf_loader *L, struct wf_event *ev, const struct wf_value *v)
{
    size_t i, j;
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    ev->secrets = sg_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof(*ev->secrets));
    for (i = 0; i < v->n; i++) {
        const struct wf_value *s = &v->pairs[i].value;
        struct wf_call_secret *out = &ev->secrets[ev->nsecrets++];
        out->name = &v->pairs[i].key;
        if (s->kind == WF_NULL || !wf_want_map(L, s, WF_CTX_NONE, NULL))
            continue;
        for (j = 0; j < s->n; j++) {
            const struct wf_pair *q = &s->pairs[j];
            switch (wf_pair_key(L, q, WF_SC_CALL_SECRET)) {
            case WF_K_CALL_SECRET_DESCRIPTION:
                if (wf_want_string(L, &q->value, WF_CTX_NONE, false))
                    out->description = &q->value;
                break;
            case WF_K_CALL_SECRET_REQUIRED:
                if (wf_want_bool(L, &q->value, WF_CTX_NONE))
                    out->required = q->value.b;
                break;
            default: break;
            }
        }
    }
}

/* ---- one event --------------------------------------------------------- */

static bool filter_allowed(const struct event_def *def, enum wf_key k)
{
    switch (k) {
    case WF_K_EVENT_TYPES: return def->flags & (F_TYPES | F_ANY_TYPES);
    case WF_K_EVENT_BRANCHES:
    case WF_K_EVENT_BRANCHES_IGNORE: return def->flags & F_BRANCHES;
    case WF_K_EVENT_TAGS:
    case WF_K_EVENT_TAGS_IGNORE: return (def->flags & F_TAGS) != 0;
    case WF_K_EVENT_PATHS:
    case WF_K_EVENT_PATHS_IGNORE: return def->flags & F_PATHS;
    case WF_K_EVENT_WORKFLOWS: return def->flags & F_WORKFLOWS;
    case WF_K_EVENT_NAMES:
    case WF_K_EVENT_VERSIONS: return def->flags & F_NAMES;
    case WF_K_EVENT_INPUTS: return def->flags & (F_INPUTS | F_CALL);
    case WF_K_EVENT_OUTPUTS:
    case WF_K_EVENT_SECRETS: return def->flags & F_CALL;
    default: return false;
    }
}

static void load_event_pair(struct wf_loader *L, struct wf_event *ev, const struct event_def *def,
                            const struct wf_pair *p)
{
    enum wf_key k = wf_key_lookup(WF_SC_EVENT, wf_value_is_scalar(&p->key) ? p->key.s : "");
    const struct wf_value *v = &p->value;

    if (k == WF_K_UNKNOWN || !filter_allowed(def, k)) {
        wf_pair_key(L, p, WF_SC_COUNT); /* reports it */
        return;
    }
    switch (k) {
    case WF_K_EVENT_TYPES: load_types(L, ev, def, v); break;
    case WF_K_EVENT_BRANCHES: load_filter(L, &ev->branches, v, true); break;
    case WF_K_EVENT_BRANCHES_IGNORE: load_filter(L, &ev->branches_ignore, v, true); break;
    case WF_K_EVENT_TAGS: load_filter(L, &ev->tags, v, true); break;
    case WF_K_EVENT_TAGS_IGNORE: load_filter(L, &ev->tags_ignore, v, true); break;
    case WF_K_EVENT_PATHS: load_filter(L, &ev->paths, v, true); break;
    case WF_K_EVENT_PATHS_IGNORE: load_filter(L, &ev->paths_ignore, v, true); break;
    case WF_K_EVENT_WORKFLOWS: load_filter(L, &ev->workflows, v, false); break;
    case WF_K_EVENT_NAMES: load_filter(L, &ev->names, v, false); break;
    case WF_K_EVENT_VERSIONS: load_filter(L, &ev->versions, v, false); break;
    case WF_K_EVENT_INPUTS: load_inputs(L, ev, v, (def->flags & F_CALL) != 0); break;
    case WF_K_EVENT_OUTPUTS: load_call_outputs(L, ev, v); break;
    case WF_K_EVENT_SECRETS: load_call_secrets(L, ev, v); break;
    default: break;
    }
}

static void load_event(struct wf_loader *L, const struct wf_value *key, const struct wf_value *v)
{
    const struct event_def *def;
    struct wf_event *ev;
    size_t i;

    if (!wf_value_is_scalar(key) || key->kind == WF_NULL ||
        !(def = find_event_def(key->s))) {
        if (wf_value_has_expr(key))
            wf_error(L, key, "A template expression is not allowed in this context");
        else if (wf_value_is_scalar(key))
            wf_error(L, key, "Unexpected value '%s'", key->s);
        else
            wf_want_string(L, key, WF_CTX_NONE, true);
        return;
    }
    ev = &L->wf->events[L->wf->nevents++];
    memset(ev, 0, sizeof(*ev));
    ev->name = def->name;
    ev->key = key;
    if (!v || v->kind == WF_NULL) {
        if (def->flags & F_SCHEDULE)
            wf_error(L, v ? v : key, "Unexpected value '%s'", v ? v->s : "");
        return;
    }
    ev->node = v;
    if (def->flags & F_SCHEDULE) {
        load_schedule(L, ev, v);
        return;
    }
    if (def->flags & F_NULL_ONLY) {
        wf_unexpected(L, v);
        return;
    }
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    for (i = 0; i < v->n; i++)
        load_event_pair(L, ev, def, &v->pairs[i]);
    both_forbidden(L, ev, &ev->branches, &ev->branches_ignore, "branches");
    both_forbidden(L, ev, &ev->tags, &ev->tags_ignore, "tags");
    both_forbidden(L, ev, &ev->paths, &ev->paths_ignore, "paths");
}

void wf_load_on(struct wf_loader *L, const struct wf_value *on)
{
    size_t i, n;

    L->wf->on = on;
    n = on->kind == WF_SEQ || on->kind == WF_MAP ? on->n : 1;
    L->wf->events = sg_arena_alloc(L->a, (n ? n : 1) * sizeof(*L->wf->events));
    if (on->kind == WF_MAP) {
        for (i = 0; i < on->n; i++)
            load_event(L, &on->pairs[i].key, &on->pairs[i].value);
    } else if (on->kind == WF_SEQ) {
        for (i = 0; i < on->n; i++)
            load_event(L, &on->items[i], NULL);
    } else {
        load_event(L, on, NULL);
    }
}

/* ---- permissions, concurrency, defaults -------------------------------- */

void wf_load_permissions(struct wf_loader *L, const struct wf_value *v)
{
    size_t i;

    if (wf_value_is_scalar(v)) {
        if (v->kind != WF_STRING || (strcmp(v->s, "read-all") && strcmp(v->s, "write-all"))) {
            if (wf_value_has_expr(v))
                wf_error(L, v, "A template expression is not allowed in this context");
            else
                wf_error(L, v, "Unexpected value '%s'", v->s);
        }
        return;
    }
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        enum wf_key k = wf_pair_key(L, p, WF_SC_PERMISSIONS);
        const char *s = p->value.kind == WF_STRING ? p->value.s : "";
        bool ok;
        if (k == WF_K_UNKNOWN)
            continue;
        if (k == WF_K_PERMISSIONS_ID_TOKEN || k == WF_K_PERMISSIONS_COPILOT_REQUESTS)
            ok = !strcmp(s, "write") || !strcmp(s, "none");
        else if (k == WF_K_PERMISSIONS_MODELS || k == WF_K_PERMISSIONS_VULNERABILITY_ALERTS)
            ok = !strcmp(s, "read") || !strcmp(s, "none");
        else
            ok = !strcmp(s, "read") || !strcmp(s, "write") || !strcmp(s, "none");
        if (!ok) {
            if (wf_value_is_scalar(&p->value))
                wf_error(L, &p->value, "Unexpected value '%s'", p->value.s);
            else
                wf_want_string(L, &p->value, WF_CTX_NONE, true);
        }
    }
}

void wf_load_concurrency(struct wf_loader *L, struct wf_concurrency *out, const struct wf_value *v,
                         enum wf_ctx ctx)
{
    size_t i;

    memset(out, 0, sizeof(*out));
    out->node = v;
    if (wf_value_is_scalar(v)) {
        if (wf_want_string(L, v, ctx, ctx != WF_CTX_RUN_NAME))
            out->group = v;
        return;
    }
    if (!wf_want_map(L, v, ctx, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        switch (wf_pair_key(L, p, WF_SC_CONCURRENCY)) {
        case WF_K_CONCURRENCY_GROUP:
            if (wf_want_string(L, &p->value, ctx, true))
                out->group = &p->value;
            break;
        case WF_K_CONCURRENCY_CANCEL_IN_PROGRESS:
            wf_want_bool(L, &p->value, ctx);
            out->cancel_in_progress = &p->value;
            break;
        case WF_K_CONCURRENCY_QUEUE:
            if (wf_want_string(L, &p->value, WF_CTX_NONE, true) && strcmp(p->value.s, "single") &&
                strcmp(p->value.s, "max"))
                wf_error(L, &p->value, "Unexpected value '%s'", p->value.s);
            break;
        default: break;
        }
    }
    if (!wf_map_get(v, "group"))
        wf_error(L, v, "Required property is missing: group");
}

void wf_load_defaults(struct wf_loader *L, struct wf_defaults_run *out, const struct wf_value *v,
                      enum wf_ctx ctx)
{
    size_t i, j;

    memset(out, 0, sizeof(*out));
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_value *run = &v->pairs[i].value;
        if (wf_pair_key(L, &v->pairs[i], WF_SC_DEFAULTS) != WF_K_DEFAULTS_RUN)
            continue;
        if (!wf_want_map(L, run, WF_CTX_NONE, NULL))
            continue;
        for (j = 0; j < run->n; j++) {
            const struct wf_pair *p = &run->pairs[j];
            switch (wf_pair_key(L, p, WF_SC_DEFAULTS_RUN)) {
            case WF_K_DEFAULTS_RUN_SHELL:
                if (wf_want_string(L, &p->value, ctx, true))
                    out->shell = &p->value;
                break;
            case WF_K_DEFAULTS_RUN_WORKING_DIRECTORY:
                if (wf_want_string(L, &p->value, ctx, true))
                    out->working_directory = &p->value;
                break;
            default: break;
            }
        }
    }
}
