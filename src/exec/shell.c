/* SPDX-License-Identifier: MIT */
/*
 * Turns a step's `shell:` into the program, argv and script file the way
 * actions/runner's ScriptHandler does on Linux: the built-in argument
 * templates, the default (bash found on PATH, else sh, both with `-e {0}`),
 * custom `COMMAND ARGS` templates, .NET's string.Format substitution of the
 * script path and .NET's splitting of the argument string into words.
 * Writing the script file and running it are the caller's business.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "exec/exec.h"

struct shell_builtin {
    const char *name;
    const char *args;
    const char *ext;
};

static const struct shell_builtin builtins[] = {
    {"cmd", "/D /E:ON /V:OFF /S /C \"CALL \"{0}\"\"", ".cmd"},
    {"pwsh", "-command \". '{0}'\"", ".ps1"},
    {"powershell", "-command \". '{0}'\"", ".ps1"},
    {"bash", "--noprofile --norc -e -o pipefail {0}", ".sh"},
    {"sh", "-e {0}", ".sh"},
    {"python", "{0}", ".py"},
};

static const struct shell_builtin *builtin_find(const char *name)
{
    for (size_t i = 0; i < SG_ARRAY_SIZE(builtins); i++)
        if (sg_str_eq_nocase(builtins[i].name, name))
            return &builtins[i];
    return NULL;
}

static bool is_runnable_file(const char *path)
{
    struct stat st;
    /* stat follows symlinks, so a dangling link is skipped as the runner does */
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *exec_which(struct sg_arena *a, const char *command, const char *path_env)
{
    if (!command || !*command)
        return NULL;
    if (command[0] == '/')
        return is_runnable_file(command) ? sg_arena_strdup(a, command) : NULL;
    if (strchr(command, '/'))
        return NULL; /* the runner only finds plain names in PATH directories */
    const char *p = path_env ? path_env : "";
    while (*p) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > 0) {
            char *cand = sg_arena_printf(a, "%.*s/%s", (int)n, p, command);
            if (is_runnable_file(cand))
                return cand;
        }
        p += n;
        if (*p == ':')
            p++;
    }
    return NULL;
}

static int not_found(struct sg_diags *d, const char *command)
{
    sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "%s: command not found", command);
    if (sg_str_eq_nocase(command, "cmd"))
        sg_diag_add(d, SG_SEV_NOTE, NULL, 0, 0,
                    "the 'cmd' shell only exists on Windows; use bash, sh, pwsh or python here");
    else if (sg_str_eq_nocase(command, "pwsh") || sg_str_eq_nocase(command, "powershell"))
        sg_diag_add(d, SG_SEV_NOTE, NULL, 0, 0, "install PowerShell ('pwsh') to run this step");
    return -1;
}

static int resolve_default(struct exec_shell *out, struct sg_arena *a, const char *path_env,
                           struct sg_diags *d)
{
    /* The runner names the default "sh" whichever binary it finds, so the
     * default is `bash -e {0}`, not the `bash` built-in template. */
    const char *path = exec_which(a, "bash", path_env);
    if (!path)
        path = exec_which(a, "sh", path_env);
    if (!path)
        return not_found(d, "sh");
    out->command = "sh";
    out->path = path;
    out->arg_format = builtin_find("sh")->args;
    out->ext = ".sh";
    return 0;
}

int exec_shell_resolve(struct exec_shell *out, struct sg_arena *a, const char *shell,
                       const char *path_env, struct sg_diags *d)
{
    memset(out, 0, sizeof(*out));
    if (!shell || !*shell)
        return resolve_default(out, a, path_env, d);

    const char *sp = strchr(shell, ' ');
    char *command = sp ? sg_arena_strndup(a, shell, (size_t)(sp - shell)) : sg_arena_strdup(a, shell);
    const char *args = sp ? sp + 1 : "";
    while (*args == ' ' || *args == '\t' || *args == '\n' || *args == '\r')
        args++;
    const struct shell_builtin *b = builtin_find(command);
    if (!*args && b)
        args = b->args;
    if (!*args || !strstr(args, "{0}")) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0,
                    "Invalid shell option. Shell must be a valid built-in (bash, sh, cmd, "
                    "powershell, pwsh) or a format string containing '{0}'");
        return -1;
    }
    if (!*command)
        return not_found(d, "''");
    const char *path = exec_which(a, command, path_env);
    if (!path)
        return not_found(d, command);
    out->command = command;
    out->path = path;
    out->arg_format = sg_arena_strdup(a, args);
    out->ext = b ? b->ext : "";
    return 0;
}

/* ---- .NET string.Format with one argument -------------------------------- */

static const char format_error[] = "Input string was not in a correct format.";

/* Parses `{0[,align][:fmt]}` at *pp (after the brace); appends the argument. */
static int format_item(struct sg_buf *b, const char **pp, const char *arg)
{
    const char *p = *pp;
    if (*p < '0' || *p > '9')
        return -1;
    long index = 0;
    while (*p >= '0' && *p <= '9') {
        index = index * 10 + (*p - '0');
        if (index > 1000000)
            return -1;
        p++;
    }
    while (*p == ' ')
        p++;
    long align = 0;
    if (*p == ',') {
        p++;
        while (*p == ' ')
            p++;
        bool neg = *p == '-';
        if (neg)
            p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9') {
            align = align * 10 + (*p - '0');
            if (align > 100000)
                return -1;
            p++;
        }
        if (neg)
            align = -align;
        while (*p == ' ')
            p++;
    }
    if (*p == ':') /* a format string means nothing for a string argument */
        while (*p && *p != '}')
            p++;
    if (*p != '}')
        return -1;
    if (index != 0)
        return -2;
    size_t n = strlen(arg);
    size_t pad = (size_t)(align < 0 ? -align : align);
    pad = pad > n ? pad - n : 0;
    for (size_t i = 0; align > 0 && i < pad; i++)
        sg_buf_addch(b, ' ');
    sg_buf_add(b, arg, n);
    for (size_t i = 0; align < 0 && i < pad; i++)
        sg_buf_addch(b, ' ');
    *pp = p + 1;
    return 0;
}

static char *dotnet_format(struct sg_arena *a, const char *fmt, const char *arg, struct sg_diags *d)
{
    struct sg_buf b = SG_BUF_INIT;
    const char *p = fmt;
    int rc = 0;
    while (*p && rc == 0) {
        if (p[0] == '{' && p[1] == '{') {
            sg_buf_addch(&b, '{');
            p += 2;
        } else if (p[0] == '}' && p[1] == '}') {
            sg_buf_addch(&b, '}');
            p += 2;
        } else if (p[0] == '{') {
            p++;
            rc = format_item(&b, &p, arg);
        } else if (p[0] == '}') {
            rc = -1;
        } else {
            sg_buf_addch(&b, *p++);
        }
    }
    if (rc != 0) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "invalid shell template '%s': %s", fmt,
                    rc == -2 ? "Index (zero based) must be greater than or equal to zero and "
                               "less than the size of the argument list."
                             : format_error);
        sg_buf_release(&b);
        return NULL;
    }
    char *res = sg_arena_strdup(a, sg_buf_str(&b));
    sg_buf_release(&b);
    return res;
}

/* ---- .NET argument splitting ----------------------------------------------- */

/* One word starting at *pp (not a blank); advances past it. */
static void next_word(struct sg_buf *w, const char **pp)
{
    const char *p = *pp;
    bool quoted = false;
    while (*p) {
        size_t bs = 0;
        while (p[bs] == '\\')
            bs++;
        if (bs > 0) {
            if (p[bs] != '"') {
                for (size_t i = 0; i < bs; i++)
                    sg_buf_addch(w, '\\');
                p += bs;
            } else {
                for (size_t i = 0; i < bs / 2; i++)
                    sg_buf_addch(w, '\\');
                p += bs;
                if (bs % 2) {
                    sg_buf_addch(w, '"');
                    p++;
                }
            }
            continue;
        }
        if (*p == '"') {
            if (quoted && p[1] == '"') {
                sg_buf_addch(w, '"');
                p++;
            } else {
                quoted = !quoted;
            }
            p++;
            continue;
        }
        if ((*p == ' ' || *p == '\t') && !quoted)
            break;
        sg_buf_addch(w, *p++);
    }
    *pp = p;
}

char **exec_shell_split_args(struct sg_arena *a, const char *args, size_t *argc)
{
    char **argv = NULL;
    size_t n = 0, cap = 0;
    struct sg_buf w = SG_BUF_INIT;
    const char *p = args;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        sg_buf_reset(&w);
        next_word(&w, &p);
        SG_GROW(argv, cap, n + 1);
        argv[n++] = sg_arena_strndup(a, w.data ? w.data : "", w.len);
    }
    sg_buf_release(&w);
    char **res = sg_arena_alloc(a, (n + 1) * sizeof(*res));
    if (n)
        memcpy(res, argv, n * sizeof(*res));
    res[n] = NULL;
    free(argv);
    if (argc)
        *argc = n;
    return res;
}

static char *escape_quotes(struct sg_arena *a, const char *s)
{
    struct sg_buf b = SG_BUF_INIT;
    for (; *s; s++) {
        if (*s == '"')
            sg_buf_addch(&b, '\\');
        sg_buf_addch(&b, *s);
    }
    char *res = sg_arena_strdup(a, sg_buf_str(&b));
    sg_buf_release(&b);
    return res;
}

char **exec_shell_argv(const struct exec_shell *sh, struct sg_arena *a, const char *script_path,
                       struct sg_diags *d)
{
    char *args = dotnet_format(a, sh->arg_format, escape_quotes(a, script_path), d);
    if (!args)
        return NULL;
    size_t n;
    char **words = exec_shell_split_args(a, args, &n);
    char **argv = sg_arena_alloc(a, (n + 2) * sizeof(*argv));
    argv[0] = sg_arena_strdup(a, sh->path);
    memcpy(argv + 1, words, (n + 1) * sizeof(*argv));
    return argv;
}

char *exec_shell_script(struct sg_arena *a, const char *command, const char *contents)
{
    /* The runner compares these names exactly (case-sensitive switch). */
    if (strcmp(command, "cmd") == 0)
        return sg_arena_printf(a, "@echo off\n%s", contents);
    if (strcmp(command, "pwsh") == 0 || strcmp(command, "powershell") == 0)
        return sg_arena_printf(a,
                               "$ErrorActionPreference = 'stop'\n%s\n"
                               "if ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit "
                               "$LASTEXITCODE }",
                               contents);
    return sg_arena_strdup(a, contents);
}
