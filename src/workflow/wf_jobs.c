/* SPDX-License-Identifier: MIT */
/*
 * jobs: -> struct wf_job and struct wf_step, with the checks GitHub makes
 * per job: id syntax, which keys a job that runs steps or calls a reusable
 * workflow may use, runs-on, environment, container and services, the
 * strategy matrix and its size, steps with run or uses and unique ids.
 * The needs graph is checked afterwards in wf_check.c.
 */
#include "workflow/wf_int.h"

/* GitHub: a letter or '_' first, then alphanumerics, '-' and '_'; under 100. */
static bool valid_id(const char *s, size_t n)
{
    size_t i;
    if (n == 0 || n >= 100)
        return false;
    if (!(((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') || s[0] == '_'))
        return false;
    for (i = 1; i < n; i++) {
        char c = s[i];
        if (!(((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_'))
            return false;
    }
    return true;
}

static void check_id(struct wf_loader *L, const struct wf_value *v)
{
    if (!valid_id(v->s, v->len))
        wf_error(L, v,
                 "The identifier '%s' is invalid. IDs may only contain alphanumeric characters, "
                 "'_', and '-'. IDs must start with a letter or '_' and and must be less than 100 "
                 "characters.",
                 v->s);
    else if (v->len >= 2 && v->s[0] == '_' && v->s[1] == '_')
        wf_error(L, v, "The identifier '%s' is invalid. IDs starting with '__' are reserved.",
                 v->s);
}

/* ---- runs-on, environment, container ----------------------------------- */

static void load_runs_on(struct wf_loader *L, struct wf_runs_on *out, const struct wf_value *v)
{
    size_t i;
    out->node = v;
    if (v->kind != WF_MAP) {
        wf_want_strlist(L, &out->labels, v, WF_CTX_JOB);
        return;
    }
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        switch (wf_pair_key(L, p, WF_SC_RUNS_ON)) {
        case WF_K_RUNS_ON_GROUP:
            if (wf_want_string(L, &p->value, WF_CTX_JOB, true))
                out->group = &p->value;
            break;
        case WF_K_RUNS_ON_LABELS: wf_want_strlist(L, &out->labels, &p->value, WF_CTX_JOB); break;
        default: break;
        }
    }
}

static void load_environment(struct wf_loader *L, struct wf_environment *out,
                             const struct wf_value *v)
{
    size_t i;
    out->node = v;
    if (wf_value_is_scalar(v)) {
        if (wf_want_string(L, v, WF_CTX_JOB, false))
            out->name = v;
        return;
    }
    if (!wf_want_map(L, v, WF_CTX_JOB, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        switch (wf_pair_key(L, p, WF_SC_ENVIRONMENT)) {
        case WF_K_ENVIRONMENT_NAME:
            if (wf_want_string(L, &p->value, WF_CTX_JOB, false))
                out->name = &p->value;
            break;
        case WF_K_ENVIRONMENT_URL:
            if (wf_want_string(L, &p->value, WF_CTX_RUNNER_NOSEC, false))
                out->url = &p->value;
            break;
        case WF_K_ENVIRONMENT_DEPLOYMENT: wf_want_bool(L, &p->value, WF_CTX_JOB); break;
        default: break;
        }
    }
    if (!wf_map_get(v, "name"))
        wf_error(L, v, "Required property is missing: name");
}

static void load_credentials(struct wf_loader *L, const struct wf_value *v)
{
    size_t i;
    if (!wf_want_map(L, v, WF_CTX_CREDENTIALS, NULL))
        return;
    for (i = 0; i < v->n; i++)
        if (wf_pair_key(L, &v->pairs[i], WF_SC_CREDENTIALS) != WF_K_UNKNOWN)
            wf_want_string(L, &v->pairs[i].value, WF_CTX_CREDENTIALS, true);
}

static void load_container(struct wf_loader *L, struct wf_container *out, const struct wf_value *v,
                           bool service)
{
    size_t i;
    out->node = v;
    if (wf_value_is_scalar(v)) {
        if (wf_want_string(L, v, WF_CTX_JOB, service))
            out->image = v;
        return;
    }
    if (!wf_want_map(L, v, WF_CTX_JOB, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        const struct wf_value *x = &p->value;
        enum wf_key k = wf_pair_key(L, p, WF_SC_CONTAINER);
        if (!service && (k == WF_K_CONTAINER_ENTRYPOINT || k == WF_K_CONTAINER_COMMAND)) {
            wf_error(L, &p->key, "Unexpected value '%s'", p->key.s);
            continue;
        }
        switch (k) {
        case WF_K_CONTAINER_IMAGE:
            if (wf_want_string(L, x, WF_CTX_JOB, true))
                out->image = x;
            break;
        case WF_K_CONTAINER_OPTIONS:
            if (wf_want_string(L, x, WF_CTX_JOB, false))
                out->options = x;
            break;
        case WF_K_CONTAINER_ENV:
            wf_check_string_map(L, x, WF_CTX_RUNNER);
            out->env = x;
            break;
        case WF_K_CONTAINER_PORTS: wf_want_strlist(L, &out->ports, x, WF_CTX_JOB); break;
        case WF_K_CONTAINER_VOLUMES: wf_want_strlist(L, &out->volumes, x, WF_CTX_JOB); break;
        case WF_K_CONTAINER_CREDENTIALS:
            load_credentials(L, x);
            out->credentials = x;
            break;
        case WF_K_CONTAINER_ENTRYPOINT:
            if (wf_want_string(L, x, WF_CTX_JOB, false))
                out->entrypoint = x;
            break;
        case WF_K_CONTAINER_COMMAND:
            if (wf_want_string(L, x, WF_CTX_JOB, false))
                out->command = x;
            break;
        default: break;
        }
    }
    if (!out->image && !wf_map_get(v, "image"))
        wf_error(L, v, "Container image cannot be empty");
}

static void load_services(struct wf_loader *L, struct wf_job *job, const struct wf_value *v)
{
    size_t i;
    if (!wf_want_map(L, v, WF_CTX_JOB, NULL))
        return;
    job->services = sg_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof(*job->services));
    for (i = 0; i < v->n; i++) {
        struct wf_container *c = &job->services[job->nservices++];
        c->id = &v->pairs[i].key;
        wf_want_string(L, c->id, WF_CTX_NONE, true);
        load_container(L, c, &v->pairs[i].value, true);
    }
}

/* ---- strategy ---------------------------------------------------------- */

static void check_matrix_filter(struct wf_loader *L, const struct wf_value *v, bool exclude,
                                const struct wf_matrix *m)
{
    size_t i, j;
    if (!wf_want_seq(L, v, WF_CTX_STRATEGY, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_value *item = &v->items[i];
        if (!wf_want_map(L, item, WF_CTX_STRATEGY, NULL))
            continue;
        for (j = 0; j < item->n && exclude; j++) {
            const struct wf_value *k = &item->pairs[j].key;
            if (wf_value_is_scalar(k) && !wf_map_get(m->node, k->s) && !m->expr)
                wf_error(L, k, "matrix exclude key '%s' does not match any matrix vector", k->s);
        }
        wf_check_expr(L, item, WF_CTX_STRATEGY);
    }
}

static void load_matrix(struct wf_loader *L, struct wf_matrix *m, const struct wf_value *v)
{
    size_t i;
    m->node = v;
    if (!wf_want_map(L, v, WF_CTX_STRATEGY, NULL)) {
        if (v->kind == WF_STRING)
            m->expr = v;
        return;
    }
    m->vectors = sg_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof(*m->vectors));
    m->combinations = 1;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        const struct wf_value *x = &p->value;
        bool is_expr = false;
        /* Vector names may be expressions (GitHub's matrix keys are loose). */
        if (!wf_want_string(L, &p->key, WF_CTX_STRATEGY, true))
            continue;
        if (!strcmp(p->key.s, "include")) {
            m->include = x;
            continue;
        }
        if (!strcmp(p->key.s, "exclude")) {
            m->exclude = x;
            continue;
        }
        m->vectors[m->nvectors++] = p;
        if (!wf_want_seq(L, x, WF_CTX_STRATEGY, &is_expr))
            continue;
        wf_check_expr(L, x, WF_CTX_STRATEGY);
        if (x->n == 0)
            wf_error(L, x, "Matrix vector '%s' does not contain any values", p->key.s);
        else if (m->combinations <= WF_MAX_MATRIX)
            m->combinations *= x->n;
    }
    if (m->include)
        check_matrix_filter(L, m->include, false, m);
    if (m->exclude)
        check_matrix_filter(L, m->exclude, true, m);
    if (m->nvectors == 0 && !m->include)
        wf_error(L, v, "Matrix must define at least one vector");
    if (m->nvectors && m->combinations > WF_MAX_MATRIX && !(m->exclude && m->exclude->n))
        wf_error(L, v, "Strategy matrix produces more than %d jobs (the maximum)", WF_MAX_MATRIX);
}

static void load_strategy(struct wf_loader *L, struct wf_strategy *s, const struct wf_value *v)
{
    size_t i;
    bool is_expr;
    s->node = v;
    if (!wf_want_map(L, v, WF_CTX_STRATEGY, &is_expr)) {
        if (is_expr)
            s->expr = v;
        return;
    }
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        switch (wf_pair_key(L, p, WF_SC_STRATEGY)) {
        case WF_K_STRATEGY_MATRIX: load_matrix(L, &s->matrix, &p->value); break;
        case WF_K_STRATEGY_FAIL_FAST:
            wf_want_bool(L, &p->value, WF_CTX_STRATEGY);
            s->fail_fast = &p->value;
            break;
        case WF_K_STRATEGY_MAX_PARALLEL:
            wf_want_number(L, &p->value, WF_CTX_STRATEGY);
            s->max_parallel = &p->value;
            break;
        default: break;
        }
    }
}

/* ---- steps ------------------------------------------------------------- */

static void load_step_pair(struct wf_loader *L, struct wf_step *st, const struct wf_pair *p)
{
    const struct wf_value *x = &p->value;
    switch (wf_pair_key(L, p, WF_SC_STEP)) {
    case WF_K_STEP_ID:
        if (wf_want_string(L, x, WF_CTX_NONE, true)) {
            st->id = x;
            check_id(L, x);
        }
        break;
    case WF_K_STEP_NAME:
        if (wf_want_string(L, x, WF_CTX_STEP, false))
            st->name = x;
        break;
    case WF_K_STEP_IF:
        wf_check_condition(L, x, WF_CTX_STEP_IF);
        st->if_cond = x;
        break;
    case WF_K_STEP_USES:
        if (wf_want_string(L, x, WF_CTX_NONE, true))
            st->uses = x;
        break;
    case WF_K_STEP_WITH:
        wf_check_string_map(L, x, WF_CTX_STEP);
        st->with = x;
        break;
    case WF_K_STEP_RUN:
        if (wf_want_string(L, x, WF_CTX_STEP, false))
            st->run = x;
        break;
    case WF_K_STEP_SHELL:
        if (wf_want_string(L, x, WF_CTX_NONE, true))
            st->shell = x;
        break;
    case WF_K_STEP_WORKING_DIRECTORY:
        if (wf_want_string(L, x, WF_CTX_STEP, false))
            st->working_directory = x;
        break;
    case WF_K_STEP_ENV:
        wf_check_string_map(L, x, WF_CTX_STEP);
        st->env = x;
        break;
    case WF_K_STEP_CONTINUE_ON_ERROR:
        wf_want_bool(L, x, WF_CTX_STEP);
        st->continue_on_error = x;
        break;
    case WF_K_STEP_TIMEOUT_MINUTES:
        wf_want_number(L, x, WF_CTX_STEP);
        st->timeout_minutes = x;
        break;
    default: break;
    }
}

static void load_step(struct wf_loader *L, struct wf_step *st, const struct wf_value *v,
                      struct wf_strmap *ids)
{
    size_t i;
    st->node = v;
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    for (i = 0; i < v->n; i++)
        load_step_pair(L, st, &v->pairs[i]);
    if (!wf_map_get(v, "run") && !wf_map_get(v, "uses"))
        wf_error(L, v, "Expected one of uses or run to be defined");
    else if (st->run && wf_map_get(v, "uses"))
        wf_error(L, v, "a step cannot have both 'uses' and 'run'");
    else if (st->uses && (st->shell || st->working_directory))
        wf_error(L, st->shell ? st->shell : st->working_directory,
                 "'%s' can only be used with 'run'", st->shell ? "shell" : "working-directory");
    if (st->run && st->with)
        wf_error(L, st->with, "'with' can only be used with 'uses'");
    if (st->id && st->id->len) {
        bool existed;
        wf_strmap_put(ids, st->id->s, st->id->len, st->index, &existed);
        if (existed)
            wf_error(L, st->id,
                     "The identifier '%s' may not be used more than once within the same scope.",
                     st->id->s);
    }
}

static void load_steps(struct wf_loader *L, struct wf_job *job, const struct wf_value *v)
{
    struct wf_strmap ids;
    size_t i;
    if (!wf_want_seq(L, v, WF_CTX_NONE, NULL))
        return;
    job->steps = sg_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof(*job->steps));
    wf_strmap_init(&ids, v->n);
    for (i = 0; i < v->n; i++) {
        struct wf_step *st = &job->steps[job->nsteps++];
        st->index = i;
        load_step(L, st, &v->items[i], &ids);
    }
    wf_strmap_release(&ids);
}

/* ---- jobs -------------------------------------------------------------- */

/* Keys a job that calls a reusable workflow may use (GitHub's workflow-job). */
static bool reusable_key(enum wf_key k)
{
    switch (k) {
    case WF_K_JOB_NAME:
    case WF_K_JOB_USES:
    case WF_K_JOB_WITH:
    case WF_K_JOB_SECRETS:
    case WF_K_JOB_NEEDS:
    case WF_K_JOB_IF:
    case WF_K_JOB_PERMISSIONS:
    case WF_K_JOB_CONCURRENCY:
    case WF_K_JOB_STRATEGY: return true;
    default: return false;
    }
}

static void load_job_secrets(struct wf_loader *L, struct wf_job *job, const struct wf_value *x)
{
    job->secrets = x;
    if (x->kind == WF_STRING && !strcmp(x->s, "inherit")) {
        job->secrets_inherit = true;
        return;
    }
    wf_check_string_map(L, x, WF_CTX_JOB_SECRETS);
}

static void load_job_pair2(struct wf_loader *L, struct wf_job *job, enum wf_key k,
                           const struct wf_value *x)
{
    switch (k) {
    case WF_K_JOB_CONTINUE_ON_ERROR:
        wf_want_bool(L, x, WF_CTX_JOB);
        job->continue_on_error = x;
        break;
    case WF_K_JOB_CONTAINER: load_container(L, &job->container, x, false); break;
    case WF_K_JOB_SERVICES: load_services(L, job, x); break;
    case WF_K_JOB_PERMISSIONS:
        wf_load_permissions(L, x);
        job->permissions = x;
        break;
    case WF_K_JOB_STEPS: load_steps(L, job, x); break;
    case WF_K_JOB_USES:
        if (wf_want_string(L, x, WF_CTX_NONE, true))
            job->uses = x;
        break;
    case WF_K_JOB_WITH:
        wf_check_string_map(L, x, WF_CTX_JOB);
        job->with = x;
        break;
    case WF_K_JOB_SECRETS: load_job_secrets(L, job, x); break;
    case WF_K_JOB_SNAPSHOT: wf_check_expr(L, x, WF_CTX_JOB); break;
    default: break;
    }
}

static void load_job_pair(struct wf_loader *L, struct wf_job *job, enum wf_key k,
                          const struct wf_value *x)
{
    switch (k) {
    case WF_K_JOB_NAME:
        if (wf_want_string(L, x, WF_CTX_JOB, false))
            job->name = x;
        break;
    case WF_K_JOB_NEEDS: wf_want_strlist(L, &job->needs, x, WF_CTX_NONE); break;
    case WF_K_JOB_IF:
        wf_check_condition(L, x, WF_CTX_JOB_IF);
        job->if_cond = x;
        break;
    case WF_K_JOB_RUNS_ON: load_runs_on(L, &job->runs_on, x); break;
    case WF_K_JOB_ENVIRONMENT: load_environment(L, &job->environment, x); break;
    case WF_K_JOB_CONCURRENCY: wf_load_concurrency(L, &job->concurrency, x, WF_CTX_JOB); break;
    case WF_K_JOB_OUTPUTS:
        wf_check_string_map(L, x, WF_CTX_RUNNER);
        job->outputs = x;
        break;
    case WF_K_JOB_ENV:
        wf_check_string_map(L, x, WF_CTX_JOB_SECRETS);
        job->env = x;
        break;
    case WF_K_JOB_DEFAULTS: wf_load_defaults(L, &job->defaults, x, WF_CTX_JOB_DEFAULTS); break;
    case WF_K_JOB_TIMEOUT_MINUTES:
        wf_want_number(L, x, WF_CTX_JOB);
        job->timeout_minutes = x;
        break;
    case WF_K_JOB_CANCEL_TIMEOUT_MINUTES:
        wf_want_number(L, x, WF_CTX_JOB);
        job->cancel_timeout_minutes = x;
        break;
    case WF_K_JOB_STRATEGY: load_strategy(L, &job->strategy, x); break;
    default: load_job_pair2(L, job, k, x); break;
    }
}

static void load_job(struct wf_loader *L, struct wf_job *job, const struct wf_value *v)
{
    bool reusable = wf_map_get(v, "uses") != NULL;
    size_t i;

    job->node = v;
    if (!wf_want_map(L, v, WF_CTX_NONE, NULL))
        return;
    for (i = 0; i < v->n; i++) {
        const struct wf_pair *p = &v->pairs[i];
        enum wf_key k = wf_pair_key(L, p, WF_SC_JOB);
        if (k == WF_K_UNKNOWN)
            continue;
        if (reusable != reusable_key(k) && k != WF_K_JOB_NAME && k != WF_K_JOB_NEEDS &&
            k != WF_K_JOB_IF && k != WF_K_JOB_PERMISSIONS && k != WF_K_JOB_CONCURRENCY &&
            k != WF_K_JOB_STRATEGY) {
            wf_error(L, &p->key, "Unexpected value '%s'", p->key.s);
            continue;
        }
        load_job_pair(L, job, k, &p->value);
    }
    if (!reusable && !wf_map_get(v, "runs-on"))
        wf_error(L, v, "Required property is missing: runs-on");
    if (!reusable && !wf_map_get(v, "steps"))
        wf_error(L, v, "Required property is missing: steps");
    else if (!reusable && job->steps && job->nsteps == 0 && wf_map_get(v, "steps")->kind == WF_SEQ)
        wf_error(L, wf_map_get(v, "steps"), "a job must have at least one step");
}

void wf_load_jobs(struct wf_loader *L, const struct wf_value *jobs)
{
    struct wf_workflow *wf = L->wf;
    size_t i;

    if (!wf_want_map(L, jobs, WF_CTX_NONE, NULL))
        return;
    wf->jobs = sg_arena_alloc(L->a, (jobs->n ? jobs->n : 1) * sizeof(*wf->jobs));
    wf_strmap_init(&L->jobs, jobs->n);
    for (i = 0; i < jobs->n; i++) {
        const struct wf_pair *p = &jobs->pairs[i];
        struct wf_job *job;
        bool existed;
        if (!wf_value_is_scalar(&p->key) || wf_value_has_expr(&p->key)) {
            wf_want_string(L, &p->key, WF_CTX_NONE, true);
            continue;
        }
        job = &wf->jobs[wf->njobs];
        job->key = &p->key;
        job->id = p->key.s;
        check_id(L, &p->key);
        wf_strmap_put(&L->jobs, job->id, p->key.len, wf->njobs, &existed);
        wf->njobs++;
        load_job(L, job, &p->value);
    }
    if (jobs->n == 0)
        wf_error(L, jobs, "the workflow must contain at least one job");
}
