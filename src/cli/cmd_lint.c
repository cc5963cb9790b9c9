/* SPDX-License-Identifier: MIT */
/*
 * `shipgate lint [--format text|json] [PATH...]`: loads every workflow file
 * named (directories contribute their *.yml and *.yaml files) and prints
 * every problem the workflow module finds, sorted by position. The checks
 * themselves live in src/workflow; this file only gathers files and prints.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "cli.h"
#include "workflow/workflow.h"

enum lint_format { LINT_TEXT, LINT_JSON };

struct lint_files {
    char **paths;
    size_t n, cap;
};

static void add_file(struct lint_files *f, const char *path)
{
    SG_GROW(f->paths, f->cap, f->n + 1);
    f->paths[f->n++] = sg_xstrdup(path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the directory's workflow files in name order. */
static int add_dir(struct lint_files *f, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t first = f->n;

    if (!d) {
        fprintf(stderr, "shipgate lint: cannot open '%s': %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        struct sg_buf p = SG_BUF_INIT;
        if (e->d_name[0] == '.' ||
            !(sg_ends_with(e->d_name, ".yml") || sg_ends_with(e->d_name, ".yaml")))
            continue;
        sg_buf_addf(&p, "%s%s%s", dir, sg_ends_with(dir, "/") ? "" : "/", e->d_name);
        add_file(f, sg_buf_str(&p));
        sg_buf_release(&p);
    }
    closedir(d);
    qsort(f->paths + first, f->n - first, sizeof(*f->paths), cmp_str);
    return 0;
}

static int add_path(struct lint_files *f, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "shipgate lint: cannot read '%s': %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return add_dir(f, path);
    add_file(f, path);
    return 0;
}

/* Returns 0, 1 when the file has errors, 2 when it is unreadable or not YAML. */
static int lint_one(struct sg_diags *d, const char *path)
{
    struct sg_buf text = SG_BUF_INIT;
    struct sg_arena *a;
    struct wf_workflow *wf;
    size_t before = d->errors;

    if (sg_read_file(&text, path, WF_MAX_FILE_SIZE) != 0) {
        if (errno == EFBIG)
            sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "file is larger than %u bytes",
                        WF_MAX_FILE_SIZE);
        else
            fprintf(stderr, "shipgate lint: cannot read '%s': %s\n", path, strerror(errno));
        sg_buf_release(&text);
        return 2;
    }
    a = sg_arena_new();
    wf = wf_load(a, d, path, sg_buf_str(&text), text.len);
    if (wf)
        wf_check_calls(a, d, wf, wf_find_repo_root(a, path));
    sg_arena_free(a);
    sg_buf_release(&text);
    return wf ? d->errors > before : 2;
}

static void print_json(const struct sg_diags *d)
{
    struct sg_buf out = SG_BUF_INIT;
    size_t i;

    sg_buf_addch(&out, '[');
    for (i = 0; i < d->n; i++) {
        const struct sg_diag *g = &d->items[i];
        const char *file = g->file ? g->file : "";
        sg_buf_addstr(&out, i ? ",\n {\"file\":" : "\n {\"file\":");
        sg_buf_add_json_string(&out, file, strlen(file));
        sg_buf_addf(&out, ",\"line\":%d,\"column\":%d,\"severity\":\"%s\",\"message\":", g->line,
                    g->col, sg_severity_name(g->severity));
        sg_buf_add_json_string(&out, g->message, strlen(g->message));
        sg_buf_addch(&out, '}');
    }
    sg_buf_addstr(&out, d->n ? "\n]\n" : "]\n");
    fputs(sg_buf_str(&out), stdout);
    sg_buf_release(&out);
}

static int parse_args(int argc, char **argv, enum lint_format *fmt, struct lint_files *files,
                      bool *bad_path, int *n_paths)
{
    int i;
    bool opts = true;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (opts && !strcmp(arg, "--")) {
            opts = false;
        } else if (opts && (!strcmp(arg, "-f") || !strcmp(arg, "--format") ||
                            sg_starts_with(arg, "--format="))) {
            const char *v = arg[2] == 'f' && arg[8] == '=' ? arg + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v)
                return cli_usage_error("lint", "option '%s' needs a value", arg);
            if (!strcmp(v, "text"))
                *fmt = LINT_TEXT;
            else if (!strcmp(v, "json"))
                *fmt = LINT_JSON;
            else
                return cli_usage_error("lint", "unknown format '%s' (expected text or json)", v);
        } else if (opts && arg[0] == '-' && arg[1]) {
            return cli_usage_error("lint", "unknown option '%s'", arg);
        } else {
            (*n_paths)++;
            if (add_path(files, arg) != 0)
                *bad_path = true;
        }
    }
    return 0;
}

int cmd_lint(int argc, char **argv)
{
    enum lint_format fmt = LINT_TEXT;
    struct lint_files files = {0};
    struct sg_diags d;
    bool bad_path = false;
    int worst = 0, rc, n_paths = 0;
    size_t i;

    rc = parse_args(argc, argv, &fmt, &files, &bad_path, &n_paths);
    if (rc == 0 && !n_paths && add_path(&files, ".github/workflows") != 0)
        bad_path = true;
    if (rc == 0 && !files.n && !bad_path) {
        fprintf(stderr, "shipgate lint: no workflow files (*.yml, *.yaml) in %s\n",
                n_paths ? "the given paths" : "'.github/workflows'");
        rc = CLI_USAGE;
    }
    if (rc != 0) {
        for (i = 0; i < files.n; i++)
            free(files.paths[i]);
        free(files.paths);
        return rc;
    }
    sg_diags_init(&d);
    for (i = 0; i < files.n; i++) {
        int r = lint_one(&d, files.paths[i]);
        if (r > worst)
            worst = r;
        free(files.paths[i]);
    }
    free(files.paths);
    sg_diags_sort(&d);
    if (fmt == LINT_JSON)
        print_json(&d);
    else
        sg_diags_print(&d, stdout);
    sg_diags_release(&d);
    if (bad_path)
        worst = 2;
    return worst == 2 ? CLI_USAGE : worst ? CLI_FAILED : CLI_OK;
}
