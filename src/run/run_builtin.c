/* SPDX-License-Identifier: MIT */
/*
 * Built-in actions, native and offline:
 *   actions/checkout@*   the workspace is the repository itself (run in
 *                        place), so a plain checkout only validates its
 *                        inputs; `path:` (with or without `ref:`) adds a git
 *                        worktree of the event commit (or `ref`) there.
 *   shipgate/changes@v1  `filters`: a YAML mapping of name -> globs; output
 *                        `changes` is the JSON list of names whose globs
 *                        match a file the event changed, plus one
 *                        "true"/"false" output per name.
 *   shipgate/gate@v1, shipgate/secret-scan@v1: the security steps, in
 *                        run_builtin_gate.c and run_builtin_scan.c.
 */
#include <sys/stat.h>

#include "base/glob.h"
#include "run/builtin_int.h"

static const char *const checkout_inputs[] = {
    "repository", "ref", "token", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user",
    "persist-credentials", "path", "clean", "filter", "sparse-checkout", "sparse-checkout-cone-mode",
    "fetch-depth", "fetch-tags", "show-progress", "lfs", "submodules", "set-safe-directory",
    "github-server-url",
};

static const char *input(struct run_job *j, const struct expr_value *with, const char *name)
{
    const struct expr_value *v = with->kind == EXPR_OBJECT ? expr_object_get(with, name) : NULL;
    if (!v || v->kind == EXPR_NULL)
        return NULL;
    return expr_to_string(j->arena, v, NULL);
}

static void collect_line(void *ctx, const char *line, size_t len)
{
    struct run_job *j = ctx;
    run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_OUTPUT, "  | %.*s", (int)len, line);
}

static bool git_worktree(struct run_job *j, const char *dest, const char *ref)
{
    struct sg_diags d;
    struct exec_status st;
    char *git;
    bool ok = false;
    extern char **environ;

    sg_diags_init(&d);
    git = exec_which(j->arena, "git", getenv("PATH"));
    if (!git) {
        run_bi_say(j, RUN_LOG_ERROR, "actions/checkout with 'path': git is not installed");
        return false;
    }
    char *argv[] = {git, "-C", (char *)j->ctx->workspace, "worktree", "add", "--force",
                    "--detach", (char *)dest, (char *)ref, NULL};
    struct exec_spawn sp = {argv, environ, NULL, collect_line, j, 0, NULL};
    if (exec_run(&st, &sp, 10 * 60000, -1, 2000, &d) == 0)
        ok = st.end == EXEC_END_EXITED && st.code == 0;
    for (size_t i = 0; i < d.n; i++)
        run_bi_say(j, RUN_LOG_ERROR, "%s", d.items[i].message);
    sg_diags_release(&d);
    return ok;
}

static bool checkout(struct run_job *j, const struct expr_value *with)
{
    const char *repo = input(j, with, "repository");
    const char *ref = input(j, with, "ref");
    const char *path = input(j, with, "path");
    const char *dest;
    size_t i, k;

    for (i = 0; with->kind == EXPR_OBJECT && i < with->u.obj->n; i++) {
        const char *key = with->u.obj->items[i].key;
        for (k = 0; k < SG_ARRAY_SIZE(checkout_inputs); k++)
            if (sg_str_eq_nocase(key, checkout_inputs[k]))
                break;
        if (k == SG_ARRAY_SIZE(checkout_inputs))
            run_bi_say(j, RUN_LOG_WARNING, "Unexpected input(s) '%s', valid inputs are ['%s', ...]", key,
                checkout_inputs[0]);
    }
    if (repo && *repo && strcasecmp(repo, j->ctx->repo.repository) != 0) {
        run_bi_say(j, RUN_LOG_ERROR, "actions/checkout of another repository ('%s') is not supported: "
                              "shipgate runs in place, offline", repo);
        return false;
    }
    if (!path || !*path || !strcmp(path, ".")) {
        if (ref && *ref && strcmp(ref, j->ctx->repo.sha) && strcmp(ref, j->ctx->repo.ref) &&
            strcmp(ref, j->ctx->repo.ref_name)) {
            run_bi_say(j, RUN_LOG_ERROR, "actions/checkout: ref '%s' differs from the commit being run "
                                  "and the workspace is the repository itself; give 'path:' to "
                                  "check it out beside it", ref);
            return false;
        }
        run_bi_say(j, RUN_LOG_OUTPUT, "workspace is the repository at %s (run in place)",
            j->ctx->repo.sha);
        return true;
    }
    if (strstr(path, "..") || path[0] == '/') {
        run_bi_say(j, RUN_LOG_ERROR, "actions/checkout: 'path' must stay inside the workspace: '%s'", path);
        return false;
    }
    dest = sg_arena_printf(j->arena, "%s/%s", j->ctx->workspace, path);
    return git_worktree(j, dest, ref && *ref ? ref : j->ctx->repo.sha);
}

/* The globs of one filter: a string or a sequence of strings. */
static size_t filter_globs(const char ***out, struct sg_arena *a, const struct wf_value *v)
{
    size_t i, n = 0;
    const char **g;
    if (v->kind == WF_SEQ) {
        g = sg_arena_alloc(a, (v->n + 1) * sizeof(*g));
        for (i = 0; i < v->n; i++)
            if (wf_value_is_scalar(&v->items[i]))
                g[n++] = v->items[i].s;
    } else {
        g = sg_arena_alloc(a, sizeof(*g));
        if (wf_value_is_scalar(v))
            g[n++] = v->s;
    }
    *out = g;
    return n;
}

static bool any_match(struct run_ctx *ctx, const char **globs, size_t n)
{
    size_t i;
    if (!ctx->changed)
        return true; /* unknown changes: like path filters, everything counts */
    for (i = 0; i < ctx->nchanged; i++)
        if (sg_filter_match(SG_GLOB_FILTER, globs, n, ctx->changed[i]))
            return true;
    return false;
}

static bool changes(struct run_job *j, const struct expr_value *with, struct expr_value *outputs)
{
    const char *text = input(j, with, "filters");
    const struct wf_value *root;
    struct sg_diags d;
    struct sg_buf list = SG_BUF_INIT;
    size_t i, hits = 0;

    if (!text) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/changes: Input required and not supplied: filters");
        return false;
    }
    sg_diags_init(&d);
    root = wf_yaml_parse(j->arena, &d, "filters", text, strlen(text));
    if (!root || root->kind != WF_MAP) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/changes: 'filters' must be a YAML mapping of names to "
                              "lists of globs%s%s", d.n ? ": " : "", d.n ? d.items[0].message : "");
        sg_diags_release(&d);
        return false;
    }
    sg_diags_release(&d);
    if (!j->ctx->changed)
        run_bi_say(j, RUN_LOG_WARNING, "the changed files are unknown; every filter matches");
    sg_buf_addch(&list, '[');
    for (i = 0; i < root->n; i++) {
        const char **globs;
        size_t n = filter_globs(&globs, j->arena, &root->pairs[i].value);
        bool hit = any_match(j->ctx, globs, n);
        const char *name = root->pairs[i].key.s;
        expr_object_set(j->arena, outputs, name, expr_cstring(j->arena, hit ? "true" : "false"));
        if (hit) {
            sg_buf_addstr(&list, hits++ ? "," : "");
            sg_buf_add_json_string(&list, name, strlen(name));
        }
        run_bi_say(j, RUN_LOG_OUTPUT, "%s: %s", name, hit ? "changed" : "unchanged");
    }
    sg_buf_addch(&list, ']');
    expr_object_set(j->arena, outputs, "changes", expr_cstring(j->arena, sg_buf_str(&list)));
    sg_buf_release(&list);
    return true;
}

int run_builtin(struct run_job *j, const char *uses, const struct expr_value *with,
                struct expr_value *outputs, bool *ok)
{
    if (sg_starts_with(uses, "actions/checkout@")) {
        *ok = checkout(j, with);
        return 1;
    }
    if (!strcmp(uses, "shipgate/changes@v1")) {
        *ok = changes(j, with, outputs);
        return 1;
    }
    if (!strcmp(uses, "shipgate/gate@v1")) {
        *ok = run_builtin_gate(j, with, outputs);
        return 1;
    }
    if (!strcmp(uses, "shipgate/secret-scan@v1")) {
        *ok = run_builtin_secret_scan(j, with, outputs);
        return 1;
    }
    return 0;
}
