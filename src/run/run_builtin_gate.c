/* SPDX-License-Identifier: MIT */
/*
 * `uses: shipgate/gate@v1`: the gate of `shipgate gate` as a workflow step,
 * in-process (src/gate/gate_run.c). The reports are a newline-separated
 * list of workspace-relative paths or globs (SG_GLOB_PATH, `!` excludes,
 * `FORMAT:` forces a format as --as does). The text table goes to the log,
 * the markdown to the job summary; the step fails when the gate blocks or
 * its input is bad, and exposes decision, blocking, new and findings.
 * Also the helpers the built-in security steps share.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

#include "base/glob.h"
#include "gate/gate_run.h"
#include "run/builtin_int.h"
#include "store/store.h"

static const char *const gate_inputs[] = {
    "reports", "policy", "stage", "baseline", "save-baseline", "source-root",
    "format", "output", "store", "image-size", NULL,
};

/* ---- helpers shared with run_builtin_scan.c ------------------------------------ */

void run_bi_say(struct run_job *j, enum run_log_kind k, const char *fmt, ...)
{
    struct sg_buf b = SG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sg_buf_addstr(&b, k == RUN_LOG_ERROR ? "error: " : k == RUN_LOG_WARNING ? "warning: " : "  | ");
    sg_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    run_log_line(&j->ctx->log, j->prefix, k, sg_buf_str(&b));
    sg_buf_release(&b);
}

const char *run_bi_input(struct run_job *j, const struct expr_value *with, const char *name)
{
    const struct expr_value *v = with->kind == EXPR_OBJECT ? expr_object_get(with, name) : NULL;
    if (!v || v->kind == EXPR_NULL)
        return NULL;
    return expr_to_string(j->arena, v, NULL);
}

void run_bi_check_inputs(struct run_job *j, const char *step, const struct expr_value *with,
                         const char *const *known)
{
    size_t i, k;
    for (i = 0; with->kind == EXPR_OBJECT && i < with->u.obj->n; i++) {
        const char *key = with->u.obj->items[i].key;
        for (k = 0; known[k] && !sg_str_eq_nocase(key, known[k]); k++)
            ;
        if (!known[k])
            run_bi_say(j, RUN_LOG_WARNING, "%s: unexpected input '%s' (valid inputs: %s, ...)",
                       step, key, known[0]);
    }
}

const char *run_bi_path(struct run_job *j, const char *p)
{
    if (p[0] == '/')
        return p;
    return sg_arena_printf(j->arena, "%s/%s", j->ctx->workspace, p);
}

void run_bi_diags(struct run_job *j, const struct sg_diags *d)
{
    size_t i;
    for (i = 0; i < d->n; i++) {
        const struct sg_diag *g = &d->items[i];
        struct sg_buf b = SG_BUF_INIT;
        if (g->file)
            sg_buf_addstr(&b, g->file);
        if (g->file && g->line)
            sg_buf_addf(&b, ":%d", g->line);
        if (g->file && g->line && g->col)
            sg_buf_addf(&b, ":%d", g->col);
        sg_buf_addf(&b, "%s%s", g->file ? ": " : "", g->message);
        run_bi_say(j, g->severity == SG_SEV_ERROR ? RUN_LOG_ERROR : RUN_LOG_WARNING, "%s",
                   sg_buf_str(&b));
        sg_buf_release(&b);
    }
}

void run_bi_text(struct run_job *j, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        run_log_printf(&j->ctx->log, j->prefix, RUN_LOG_OUTPUT, "  | %.*s", (int)n, p);
        p += n + (nl ? 1 : 0);
    }
}

void run_bi_summary(struct run_job *j, const char *md, size_t len)
{
    if (!len)
        return;
    sg_buf_add(&j->summary, md, len);
    if (md[len - 1] != '\n')
        sg_buf_addch(&j->summary, '\n');
}

int run_bi_bool(const char *v, bool dflt)
{
    if (!v || !*v)
        return dflt;
    if (sg_str_eq_nocase(v, "true"))
        return 1;
    if (sg_str_eq_nocase(v, "false"))
        return 0;
    return -1;
}

/* ---- the report list ------------------------------------------------------------ */

struct report_list {
    const char **files, **forced;
    size_t n, cap;
    const char **excludes;
    size_t n_ex, cap_ex;
};

static void list_add(struct report_list *l, struct sg_arena *a, const char *file,
                     const char *format)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        if (!strcmp(l->files[i], file))
            return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        const char **f = sg_arena_alloc(a, cap * sizeof(*f)), **g = sg_arena_alloc(a, cap * sizeof(*g));
        if (l->n) {
            memcpy(f, l->files, l->n * sizeof(*f));
            memcpy(g, l->forced, l->n * sizeof(*g));
        }
        l->files = f, l->forced = g, l->cap = cap;
    }
    l->files[l->n] = file;
    l->forced[l->n++] = format;
}

static bool has_magic(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

static int name_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Adds the regular files under ws/rel (names sorted, no symbolic links
 * followed, .git skipped) whose workspace-relative path matches `pat`. */
static void walk(struct run_job *j, struct report_list *l, const char *rel, const char *pat,
                 const char *format, int depth)
{
    const char *dir = rel[0] ? run_bi_path(j, rel) : j->ctx->workspace;
    DIR *dp = depth < 64 ? opendir(dir) : NULL;
    struct dirent *e;
    const char **names = NULL;
    size_t n = 0, cap = 0, i;

    if (!dp)
        return;
    while ((e = readdir(dp))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, ".git"))
            continue;
        if (n == cap) {
            const char **nn = sg_arena_alloc(j->arena, (cap = cap ? 2 * cap : 32) * sizeof(*nn));
            if (n)
                memcpy(nn, names, n * sizeof(*nn));
            names = nn;
        }
        names[n++] = sg_arena_strdup(j->arena, e->d_name);
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof(*names), name_cmp);
    for (i = 0; i < n; i++) {
        const char *r = rel[0] ? sg_arena_printf(j->arena, "%s/%s", rel, names[i]) : names[i];
        struct stat st;
        if (lstat(run_bi_path(j, r), &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk(j, l, r, pat, format, depth + 1);
        else if (S_ISREG(st.st_mode) && sg_glob_match(SG_GLOB_PATH, pat, r))
            list_add(l, j->arena, r, format);
    }
}

/* The folders before the pattern's first segment with a wildcard. */
static const char *literal_dir(struct sg_arena *a, const char *pat)
{
    const char *magic = strpbrk(pat, "*?["), *slash = pat;
    const char *s;
    for (s = pat; s < magic; s++)
        if (*s == '/')
            slash = s;
    return slash == pat ? "" : sg_arena_strndup(a, pat, (size_t)(slash - pat));
}

/* One line of `reports`: [FORMAT:]path-or-glob, or !glob. */
static int add_line(struct run_job *j, struct report_list *l, const char *line)
{
    const char *colon = strchr(line, ':'), *format = NULL;
    size_t before = l->n;

    if (colon && colon > line && !memchr(line, '/', (size_t)(colon - line))) {
        const char *fmt = sg_arena_strndup(j->arena, line, (size_t)(colon - line));
        if (gate_format_exists(fmt)) {
            format = fmt;
            line = colon + 1;
        }
    }
    if (line[0] == '!') {
        if (l->n_ex == l->cap_ex) {
            const char **e = sg_arena_alloc(j->arena, (l->cap_ex = l->cap_ex ? 2 * l->cap_ex : 4) *
                                                          sizeof(*e));
            if (l->n_ex)
                memcpy(e, l->excludes, l->n_ex * sizeof(*e));
            l->excludes = e;
        }
        l->excludes[l->n_ex++] = line + 1;
        return 0;
    }
    while (line[0] == '.' && line[1] == '/')
        line += 2;
    if (!has_magic(line) || line[0] == '/') {
        list_add(l, j->arena, line, format);
        return 0;
    }
    walk(j, l, literal_dir(j->arena, line), line, format, 0);
    if (l->n == before) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/gate: reports: '%s' matches no file in the "
                                     "workspace", line);
        return -1;
    }
    return 0;
}

static int collect_reports(struct run_job *j, struct report_list *l, const char *text)
{
    const char *p = text;
    size_t i, k;
    int rc = 0;

    memset(l, 0, sizeof(*l));
    while (*p) {
        const char *nl = strchr(p, '\n'), *s = p, *e = nl ? nl : p + strlen(p);
        p = nl ? nl + 1 : e;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        if (s < e && *s != '#' && add_line(j, l, sg_arena_strndup(j->arena, s, (size_t)(e - s))))
            rc = -1;
    }
    for (i = k = 0; i < l->n; i++) {
        const char *f = l->files[i];
        if (l->n_ex && sg_filter_match(SG_GLOB_PATH, l->excludes, l->n_ex, f))
            continue;
        l->forced[k] = l->forced[i];
        l->files[k++] = f;
    }
    l->n = k;
    for (i = 0; i < l->n; i++)
        l->files[i] = run_bi_path(j, l->files[i]);
    if (rc == 0 && l->n == 0) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/gate: 'reports' names no report");
        rc = -1;
    }
    return rc;
}

/* ---- the findings register (only with `store:`) ---------------------------------- */

struct step_register {
    struct run_job *j;
    const char *spec, *stage;
    struct store_gate_session reg;
};

static int reg_open(void *ctx, struct sg_arena *a, const struct gate_report *const *reports,
                    size_t n)
{
    struct step_register *r = ctx;
    struct sg_diags d;
    int rc = 0;
    sg_diags_init(&d);
    if (store_gate_session_open(&r->reg, a, r->spec, r->j->ctx->workspace, &d) != 0 ||
        store_gate_apply_triage(&r->reg, a, reports, n, &d) != 0) {
        store_gate_session_close(&r->reg);
        memset(&r->reg, 0, sizeof(r->reg));
        run_bi_diags(r->j, &d);
        rc = -1;
    }
    sg_diags_release(&d);
    return rc;
}

static void reg_record(void *ctx, const struct gate_report *const *reports, size_t n,
                       const struct gate_decision *dec, struct sg_diags *d)
{
    struct step_register *r = ctx;
    struct store_gate_result res;
    if (!r->reg.store)
        return;
    if (store_gate_record(&r->reg, &res, reports, n, r->stage, dec->block, d) == 0)
        run_bi_say(r->j, RUN_LOG_OUTPUT, "findings register: %zu new, %zu seen again, %zu "
                   "reopened, %zu fixed, %zu triaged", res.added, res.seen, res.reopened,
                   res.fixed, r->reg.triaged);
    store_gate_session_close(&r->reg);
}

/* ---- the step -------------------------------------------------------------------- */

/* The decision in `fmt` as text, through a memory stream. */
static int render(struct sg_buf *out, enum gate_output_format fmt, const struct gate_run_result *r,
                  const char *stage)
{
    struct gate_output_opts o = {false, r->bl, stage};
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    int rc;
    if (!f)
        return -1;
    rc = gate_output_write(f, fmt, &r->dec, &o);
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0)
        sg_buf_add(out, data, len);
    free(data);
    return rc;
}

/* `format` as given, else from the output file's extension, else text. */
static int output_format(struct run_job *j, const char *format, const char *output,
                         enum gate_output_format *fmt)
{
    const char *dot = output ? strrchr(output, '.') : NULL;
    if (format && *format) {
        if (gate_output_parse(format, fmt))
            return 0;
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/gate: unknown format '%s' (expected text, json, "
                                     "sarif or markdown)", format);
        return -1;
    }
    *fmt = GATE_OUT_TEXT;
    if (dot && (!strcmp(dot, ".json") || !strcmp(dot, ".sarif") || !strcmp(dot, ".md")))
        *fmt = !strcmp(dot, ".json") ? GATE_OUT_JSON : !strcmp(dot, ".sarif") ? GATE_OUT_SARIF
                                                                              : GATE_OUT_MARKDOWN;
    return 0;
}

static int write_extra(struct run_job *j, const struct gate_run_result *r, const char *stage,
                       enum gate_output_format fmt, const char *path)
{
    struct sg_buf b = SG_BUF_INIT;
    FILE *f;
    int rc = render(&b, fmt, r, stage);
    if (rc == 0 && (f = fopen(path, "we"))) {
        if (fwrite(b.data, 1, b.len, f) != b.len)
            rc = -1;
        if (fclose(f) != 0)
            rc = -1;
    } else {
        rc = -1;
    }
    if (rc != 0)
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/gate: cannot write '%s': %s", path, strerror(errno));
    sg_buf_release(&b);
    return rc;
}

static void set_outputs(struct run_job *j, struct expr_value *outputs, const struct gate_decision *dec)
{
    size_t blocking, fresh, total;
    gate_run_counts(dec, &blocking, &fresh, &total);
    expr_object_set(j->arena, outputs, "decision", expr_cstring(j->arena, dec->block ? "block" : "pass"));
    expr_object_set(j->arena, outputs, "blocking", expr_cstring(j->arena, sg_arena_printf(j->arena, "%zu", blocking)));
    expr_object_set(j->arena, outputs, "new", expr_cstring(j->arena, sg_arena_printf(j->arena, "%zu", fresh)));
    expr_object_set(j->arena, outputs, "findings", expr_cstring(j->arena, sg_arena_printf(j->arena, "%zu", total)));
}

/* Fills `o` from `with:`; -1 after saying what is wrong. */
static int gate_options(struct run_job *j, const struct expr_value *with, struct gate_run_opts *o,
                        struct report_list *l)
{
    const char *reports = run_bi_input(j, with, "reports"), *v;

    memset(o, 0, sizeof(*o));
    if (!reports || !*reports) {
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/gate: Input required and not supplied: reports");
        return -1;
    }
    if (collect_reports(j, l, reports) != 0)
        return -1;
    o->files = l->files;
    o->forced = l->forced;
    o->n = l->n;
    if ((v = run_bi_input(j, with, "policy")) && *v)
        o->policy = run_bi_path(j, v);
    o->default_policy = run_bi_path(j, ".shipgate/policy.yml");
    if ((v = run_bi_input(j, with, "stage")) && *v)
        o->stage = v;
    if ((v = run_bi_input(j, with, "baseline")) && *v)
        o->baseline = run_bi_path(j, v);
    if ((v = run_bi_input(j, with, "save-baseline")) && *v)
        o->save_baseline = run_bi_path(j, v);
    v = run_bi_input(j, with, "source-root");
    o->source_root = v && *v ? run_bi_path(j, v) : j->ctx->workspace;
    if ((v = run_bi_input(j, with, "image-size")) && *v) {
        if (!gate_size_parse(v, &o->image_size)) {
            run_bi_say(j, RUN_LOG_ERROR, "shipgate/gate: expected a size such as 500MB or "
                                         "123456789 for 'image-size', got '%s'", v);
            return -1;
        }
        o->has_image_size = true;
    }
    return 0;
}

bool run_builtin_gate(struct run_job *j, const struct expr_value *with, struct expr_value *outputs)
{
    struct report_list l;
    struct gate_run_opts o;
    struct gate_run_result r;
    struct step_register reg;
    struct gate_run_hooks hooks = {reg_open, reg_record, &reg};
    const char *output = run_bi_input(j, with, "output"), *store = run_bi_input(j, with, "store");
    enum gate_output_format fmt;
    struct sg_diags d;
    struct sg_buf b = SG_BUF_INIT;
    bool ok = false;

    run_bi_check_inputs(j, "shipgate/gate", with, gate_inputs);
    if (gate_options(j, with, &o, &l) != 0 ||
        output_format(j, run_bi_input(j, with, "format"), output, &fmt) != 0)
        return false;
    memset(&reg, 0, sizeof(reg));
    reg.j = j;
    reg.spec = store;
    reg.stage = o.stage;
    if (store && *store)
        o.hooks = &hooks;
    sg_diags_init(&d);
    if (gate_run(&r, j->arena, &o, &d) != 0) {
        sg_diags_sort(&d);
        run_bi_diags(j, &d);
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/gate: the reports, the policy or the baseline "
                                     "were not understood");
        goto out;
    }
    sg_diags_sort(&d);
    run_bi_diags(j, &d);
    if (render(&b, GATE_OUT_TEXT, &r, o.stage) == 0)
        run_bi_text(j, b.data, b.len);
    b.len = 0;
    if (render(&b, GATE_OUT_MARKDOWN, &r, o.stage) == 0)
        run_bi_summary(j, b.data, b.len);
    set_outputs(j, outputs, &r.dec);
    if (output && *output && write_extra(j, &r, o.stage, fmt, run_bi_path(j, output)) != 0)
        goto out;
    if (r.dec.block)
        run_bi_say(j, RUN_LOG_ERROR, "shipgate/gate: the gate blocks (%zu reason%s)",
                   r.dec.n_reasons, r.dec.n_reasons == 1 ? "" : "s");
    ok = !r.dec.block;
out:
    sg_buf_release(&b);
    sg_diags_release(&d);
    return ok;
}
