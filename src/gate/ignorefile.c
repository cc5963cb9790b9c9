/* SPDX-License-Identifier: MIT */
/*
 * The ignore files the scanners themselves honour, read from the source
 * root so the gate agrees with a scanner run without them:
 *   .trivyignore     one vulnerability, misconfiguration or secret id per
 *                    line, `#` comments, an optional `exp:YYYY-MM-DD` after
 *                    the id (from that day on the entry no longer ignores);
 *   .gitleaksignore  one gitleaks fingerprint per line, `file:rule:line`
 *                    or `commit:file:rule:line`, `#` comments.
 * Matching findings of those tools are suppressed with kind "inline" and
 * the file as the reason. The YAML .trivyignore.yaml is not read.
 */
#include "gate/gate.h"

#define IGNORE_MAX (4u << 20)

struct ignore_entry {
    const char *id;
    int line;
    int expires; /* YYYYMMDD, 0 never */
    bool used;
};

struct ignore_file {
    const char *path;
    struct ignore_entry *e;
    size_t n, cap;
};

static bool tool_is(const char *tool, const char *want)
{
    size_t n = strlen(want);
    return tool && strncasecmp(tool, want, n) == 0 && (tool[n] == '\0' || tool[n] == ' ');
}

/* YYYY-MM-DD as YYYYMMDD, or 0. The text is not NUL-terminated. */
static int parse_date(const char *s, size_t n)
{
    int v[3] = {0, 0, 0}, part = 0;
    size_t i;

    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            part++;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v[part] = v[part] * 10 + (s[i] - '0');
    }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return 0;
    return v[0] * 10000 + v[1] * 100 + v[2];
}

static void add_warning(struct sg_arena *a, const char ***w, size_t *n, const char *fmt, ...)
    SG_PRINTF(4, 5);
static void add_warning(struct sg_arena *a, const char ***w, size_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gate_strlist_add(a, w, n, sg_arena_vprintf(a, fmt, ap));
    va_end(ap);
}

/* The entries of one ignore file's text; expired ones are left out. */
static void ignore_parse(struct ignore_file *out, const char *text, size_t len, bool trivy,
                         int today, struct sg_arena *a, const char ***warn, size_t *n_warn)
{
    const char *s = text, *end = text + len;
    int line = 0;

    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end, *id, *q;
        struct ignore_entry *ent;
        line++;
        while (s < e && strchr(" \t\r", *s))
            s++;
        for (id = s; s < e && !strchr(" \t\r", *s); s++)
            ;
        if (s == id || *id == '#') {
            s = nl ? nl + 1 : end;
            continue;
        }
        SG_GROW(out->e, out->cap, out->n + 1);
        ent = &out->e[out->n++];
        memset(ent, 0, sizeof(*ent));
        ent->id = sg_arena_strndup(a, id, (size_t)(s - id));
        ent->line = line;
        /* Trivy: any later field "exp:YYYY-MM-DD" sets the expiry. */
        while (trivy && s < e) {
            while (s < e && strchr(" \t\r", *s))
                s++;
            for (q = s; s < e && !strchr(" \t\r", *s); s++)
                ;
            if ((size_t)(s - q) > 4 && memcmp(q, "exp:", 4) == 0) {
                ent->expires = parse_date(q + 4, (size_t)(s - q - 4));
                if (!ent->expires)
                    add_warning(a, warn, n_warn, "%s:%d: expected exp:YYYY-MM-DD, got '%.*s'",
                                out->path, line, (int)(s - q), q);
            }
        }
        if (ent->expires && today > ent->expires) {
            add_warning(a, warn, n_warn, "%s:%d: '%s' expired on %04d-%02d-%02d and no longer "
                                         "ignores", out->path, line, ent->id,
                        ent->expires / 10000, ent->expires / 100 % 100, ent->expires % 100);
            out->n--;
        }
        s = nl ? nl + 1 : end;
    }
}

/* Reads `dir`/`name` into `out`; false when there is no such file. */
static bool ignore_read(struct ignore_file *out, const char *dir, const char *name, bool trivy,
                        int today, struct sg_arena *a, const char ***warn, size_t *n_warn)
{
    struct sg_buf text = SG_BUF_INIT;

    memset(out, 0, sizeof(*out));
    out->path = strcmp(dir, ".") == 0 ? name : sg_arena_printf(a, "%s/%s", dir, name);
    sg_buf_init(&text, IGNORE_MAX);
    if (sg_read_file(&text, out->path, IGNORE_MAX) < 0) {
        if (errno != ENOENT)
            add_warning(a, warn, n_warn, "%s: cannot be read (%s): not honoured", out->path,
                        strerror(errno));
        sg_buf_release(&text);
        return false;
    }
    ignore_parse(out, text.data ? text.data : "", text.len, trivy, today, a, warn, n_warn);
    sg_buf_release(&text);
    return true;
}

static bool trivy_matches(const struct ignore_entry *e, const struct gate_finding *f)
{
    size_t i;
    if (f->rule && strcmp(f->rule, e->id) == 0)
        return true;
    for (i = 0; i < f->n_advisories; i++)
        if (strcmp(f->advisories[i], e->id) == 0)
            return true;
    return false;
}

/* gitleaks writes file:rule:line, with the commit first in git mode; an
 * entry without the commit matches the finding in any commit. */
static bool gitleaks_matches(const struct ignore_entry *e, const struct gate_finding *f,
                             struct sg_buf *tmp)
{
    if (!f->path || !f->rule)
        return false;
    sg_buf_reset(tmp);
    sg_buf_addf(tmp, "%s:%s:%d", f->path, f->rule, f->start_line);
    if (strcmp(e->id, sg_buf_str(tmp)) == 0)
        return true;
    if (!f->target)
        return false;
    sg_buf_reset(tmp);
    sg_buf_addf(tmp, "%s:%s:%s:%d", f->target, f->path, f->rule, f->start_line);
    return strcmp(e->id, sg_buf_str(tmp)) == 0;
}

static void suppress(struct gate_finding *f, struct ignore_entry *e, const struct ignore_file *file,
                     struct sg_arena *a)
{
    e->used = true;
    if (f->suppressed)
        return;
    f->suppressed = true;
    f->suppression_kind = "inline";
    f->suppression_justification = sg_arena_printf(a, "%s:%d", file->path, e->line);
}

static void apply_file(struct ignore_file *file, bool trivy, struct gate_report *const *reports,
                       size_t n, struct sg_arena *a)
{
    struct sg_buf tmp = SG_BUF_INIT;
    size_t i, k, x;

    for (i = 0; i < n; i++)
        for (k = 0; k < reports[i]->n_findings; k++) {
            struct gate_finding *f = reports[i]->findings[k];
            if (!tool_is(f->tool, trivy ? "trivy" : "gitleaks"))
                continue;
            for (x = 0; x < file->n; x++)
                if (trivy ? trivy_matches(&file->e[x], f)
                          : gitleaks_matches(&file->e[x], f, &tmp))
                    suppress(f, &file->e[x], file, a);
        }
    sg_buf_release(&tmp);
}

void gate_ignorefiles_apply(struct gate_report *const *reports, size_t n, const char *dir,
                            int today, struct sg_arena *a, const char ***warnings,
                            size_t *n_warnings)
{
    static const struct {
        const char *name;
        bool trivy;
    } files[] = {{".trivyignore", true}, {".gitleaksignore", false}};
    struct ignore_file file;
    size_t i;

    if (!dir || !*dir)
        dir = ".";
    for (i = 0; i < SG_ARRAY_SIZE(files); i++) {
        if (!ignore_read(&file, dir, files[i].name, files[i].trivy, today, a, warnings,
                         n_warnings))
            continue;
        apply_file(&file, files[i].trivy, reports, n, a);
        free(file.e);
    }
}

void gate_ignorefile_apply_text(struct gate_report *const *reports, size_t n, const char *name,
                                const char *text, size_t len, int today, struct sg_arena *a,
                                const char ***warnings, size_t *n_warnings)
{
    const char *base = strrchr(name, '/');
    bool trivy = strcmp(base ? base + 1 : name, ".gitleaksignore") != 0;
    struct ignore_file file;

    memset(&file, 0, sizeof(file));
    file.path = name;
    ignore_parse(&file, text, len, trivy, today, a, warnings, n_warnings);
    apply_file(&file, trivy, reports, n, a);
    free(file.e);
}
