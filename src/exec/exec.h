/* SPDX-License-Identifier: MIT */
/*
 * Execution primitives for the job/step runner: resolving a step's `shell:`
 * into an argv, running a child in its own process group with live merged
 * output, the environment files ($GITHUB_ENV, $GITHUB_OUTPUT, $GITHUB_STATE,
 * $GITHUB_PATH), workflow commands (`::name k=v::data`) and the secret
 * masker. Each follows actions/runner's observable behaviour, error texts
 * included. None of this knows about workflows or expressions; the runner
 * (src/run) decides what to do with the results.
 *
 * Ownership: strings handed back live in the arena the caller passes in,
 * unless a comment says "free()". Objects made by *_new are freed by *_free.
 * Errors: functions return 0 or -1 with the diagnostic in the caller's
 * sg_diags; none of them prints.
 */
#ifndef EXEC_H
#define EXEC_H

#include <signal.h>
#include <sys/types.h>

#include "base/base.h"

/* ==== shell.c: `shell:` to argv ========================================== */

/*
 * A resolved shell, as the runner's ScriptHandler resolves it on Linux:
 *   (none)        `bash -e {0}` with bash found on PATH, else `sh -e {0}`;
 *                 the script is treated as "sh" (extension .sh, no fix-ups)
 *   bash          `bash --noprofile --norc -e -o pipefail {0}`
 *   sh            `sh -e {0}`
 *   python        `python {0}` (.py; no python3 fallback, as the runner)
 *   pwsh / powershell  `-command ". '{0}'"` (.ps1, with the stop/exit fix-ups)
 *   cmd           not on Linux: "cmd: command not found" plus a note
 *   COMMAND ARGS  custom template; ARGS must contain {0}
 * The executable is looked up like the runner's WhichUtil: an absolute
 * path that exists, else the first match in PATH (left to right).
 */
struct exec_shell {
    const char *command;    /* name that picks extension and fix-ups ("sh" for the default) */
    const char *path;       /* resolved executable */
    const char *arg_format; /* template with {0}, e.g. "-e {0}" */
    const char *ext;        /* ".sh", ".py", ".ps1", ".cmd" or "" */
};

/*
 * Resolves `shell` (NULL or "" for the default) against `path_env` (the PATH
 * the step will see, GITHUB_PATH prepends included; NULL for none). Strings
 * live in `a`. Returns -1 with an error (runner's wording) in `d`.
 */
int exec_shell_resolve(struct exec_shell *out, struct sg_arena *a, const char *shell,
                       const char *path_env, struct sg_diags *d);

/*
 * The NULL-terminated argv for running `script_path`: the path, with `"`
 * escaped, is substituted into arg_format the way .NET's string.Format does
 * ({{ and }} are literal braces) and the result is split into words with
 * .NET's rules (exec_shell_split_args). argv[0] is sh->path. Returns NULL
 * with an error in `d` when the template is malformed.
 */
char **exec_shell_argv(const struct exec_shell *sh, struct sg_arena *a, const char *script_path,
                       struct sg_diags *d);

/*
 * Splits a command-line string into words like .NET's Process on Unix:
 * blanks separate, double quotes group, `""` inside quotes is a quote,
 * backslashes are literal except before a quote (2n -> n, 2n+1 -> n and a
 * literal quote). Single quotes are ordinary. Returns a NULL-terminated
 * array in `a`; *argc gets the count when non-NULL.
 */
char **exec_shell_split_args(struct sg_arena *a, const char *args, size_t *argc);

/* The script text the runner writes: pwsh/powershell get the
 * `$ErrorActionPreference = 'stop'` preamble and the LASTEXITCODE suffix,
 * cmd gets `@echo off`; others are unchanged. */
char *exec_shell_script(struct sg_arena *a, const char *command, const char *contents);

/* First executable match for `command` (absolute, or searched in
 * `path_env`); NULL when none. */
char *exec_which(struct sg_arena *a, const char *command, const char *path_env);

/* ==== process.c: children in their own process group ==================== */

/* Called with each output line, without its '\n' (a '\r' before it is kept;
 * the caller decides). The last line may lack a newline. Lines longer than
 * the spawn's max_line are delivered in pieces. */
typedef void (*exec_line_fn)(void *ctx, const char *line, size_t len);

/*
 * Output in bulk, for consumers that would rather not pay a call per line:
 * `data` holds whole lines, each ending with '\n', except that the last one
 * may lack it. It then either continues in the next call (`partial`: a line
 * longer than max_line, handed on in pieces so memory stays bounded) or is
 * the last line of the output. A call with len 0 and !partial ends a line
 * the previous call left partial. A line is never split otherwise: the
 * bytes of one read that complete lines arrive together.
 */
typedef void (*exec_chunk_fn)(void *ctx, const char *data, size_t len, bool partial);

struct exec_spawn {
    char *const *argv;    /* argv[0] is run as given: a path, not searched */
    char *const *envp;    /* NULL: an empty environment */
    const char *cwd;      /* NULL: the parent's */
    exec_line_fn on_line; /* NULL: output is read and dropped */
    void *ctx;
    size_t max_line;      /* 0: 64 KiB */
    exec_chunk_fn on_chunk; /* when set, used instead of on_line (same ctx) */
};

enum exec_end { EXEC_END_EXITED, EXEC_END_SIGNALED };

struct exec_status {
    enum exec_end end;
    int code;        /* exit code, or the signal number */
    bool timed_out;  /* the timeout expired and the group was killed */
    bool cancelled;  /* the cancel fd fired and the group was killed */
};

struct exec_proc;

/*
 * Starts argv in a new process group with stdin from /dev/null and stdout and
 * stderr both on one pipe the parent reads. Every descriptor is close-on-exec.
 * Returns -1 with "cannot run 'X': REASON" in `d` (a missing program is
 * reported here, not as exit 127).
 */
int exec_proc_spawn(struct exec_proc **out, const struct exec_spawn *s, struct sg_diags *d);

/* Reads what output is ready, waiting up to timeout_ms (-1: forever), and
 * calls on_line for each complete line. Returns 1 while the child may still
 * write, 0 once output is finished (EOF, or the child exited and the pipe
 * drained). */
int exec_proc_pump(struct exec_proc *p, int timeout_ms);

/* SIGTERM to the whole group now; exec_proc_wait sends SIGKILL to the group
 * if anything is still running `grace_ms` later. */
void exec_proc_terminate(struct exec_proc *p, int grace_ms);

/* Pumps remaining output and reaps the child. */
int exec_proc_wait(struct exec_proc *p, struct exec_status *out);

pid_t exec_proc_pid(const struct exec_proc *p);

/* Kills what is left of the group (SIGKILL) and frees. NULL is fine. */
void exec_proc_free(struct exec_proc *p);

/*
 * The whole life of a step's process: spawn, live output, timeout_ms (0:
 * none), cancel_fd (-1: none; readable means cancel, e.g. a self-pipe
 * written by a SIGINT handler), SIGTERM then SIGKILL after grace_ms.
 */
int exec_run(struct exec_status *out, const struct exec_spawn *s, int timeout_ms, int cancel_fd,
             int grace_ms, struct sg_diags *d);

/* ==== envfile.c: $GITHUB_ENV, $GITHUB_OUTPUT, $GITHUB_STATE, $GITHUB_PATH == */

struct exec_kv {
    char *name;  /* in the list's arena */
    char *value;
    int line;    /* where the entry starts */
};

struct exec_kvlist {
    struct exec_kv *items;
    size_t n, cap;
};

void exec_kvlist_init(struct exec_kvlist *l);
void exec_kvlist_release(struct exec_kvlist *l);

/*
 * Parses a `NAME=value` / `NAME<<DELIMITER` file the way the runner does on
 * Linux: lines end at '\n' only (a '\r' stays in the value), a leading UTF-8
 * BOM is dropped, empty lines are skipped, whichever of '=' and '<<' comes
 * first decides the form, later entries win (the caller applies in order).
 * On the first error it stops and returns -1; the entries before it stay in
 * `out` (the runner has applied them by then). Errors, located at FILE:LINE:
 *   Invalid format 'LINE'
 *   Invalid format 'LINE'. Name must not be empty
 *   Invalid format 'LINE'. Name must not be empty and delimiter must not be empty
 *   Invalid value. Matching delimiter not found 'DELIM'
 *   Invalid value. EOF marker missing new line.
 */
int exec_envfile_parse(struct exec_kvlist *out, struct sg_arena *a, const char *file,
                       const char *text, size_t len, struct sg_diags *d);

/* Reads and parses `path`; a missing file is no entries, as in the runner. */
int exec_envfile_read(struct exec_kvlist *out, struct sg_arena *a, const char *path,
                      struct sg_diags *d);

/* True for names $GITHUB_ENV and ::set-env may not set (NODE_OPTIONS, any
 * case); the runner reports "Can't store NODE_OPTIONS output parameter using
 * '$GITHUB_ENV' command." and goes on. */
bool exec_env_name_blocked(const char *name);

/*
 * The directories added through $GITHUB_PATH or ::add-path::, in the order
 * added; adding one again moves it to the end. The newest comes first in
 * PATH.
 */
struct exec_pathlist {
    char **items; /* in the list's arena */
    size_t n, cap;
};

void exec_pathlist_init(struct exec_pathlist *l);
void exec_pathlist_release(struct exec_pathlist *l);
void exec_pathlist_add(struct exec_pathlist *l, struct sg_arena *a, const char *dir, size_t len);

/* Adds each non-empty line of a $GITHUB_PATH file (lines end at \n, \r\n or
 * \r; BOM dropped). A missing file adds nothing. */
int exec_pathfile_read(struct exec_pathlist *l, struct sg_arena *a, const char *path,
                       struct sg_diags *d);
void exec_pathfile_parse(struct exec_pathlist *l, struct sg_arena *a, const char *text, size_t len);

/* "newest:...:oldest:PATH" (just the list when path_env is NULL or ""). */
char *exec_pathlist_join(struct sg_arena *a, const struct exec_pathlist *l, const char *path_env);

/* ==== command.c: workflow commands in output lines ====================== */

enum exec_cmd_kind {
    EXEC_CMD_NONE, /* not a command: print the line */
    EXEC_CMD_STOP_COMMANDS,
    EXEC_CMD_RESUME, /* the stop token came back */
    EXEC_CMD_SET_ENV,
    EXEC_CMD_SET_OUTPUT,
    EXEC_CMD_SAVE_STATE,
    EXEC_CMD_ADD_PATH,
    EXEC_CMD_ADD_MASK,
    EXEC_CMD_ADD_MATCHER,
    EXEC_CMD_REMOVE_MATCHER,
    EXEC_CMD_WARNING,
    EXEC_CMD_ERROR,
    EXEC_CMD_NOTICE,
    EXEC_CMD_DEBUG,
    EXEC_CMD_GROUP,
    EXEC_CMD_ENDGROUP,
    EXEC_CMD_ECHO,
};

struct exec_cmd_prop {
    char *key; /* as written; looked up without case */
    char *value;
};

/* One parsed command: `::name k=v,k=v::data` or the legacy `##[name k=v;k=v]data`. */
struct exec_cmd {
    enum exec_cmd_kind kind;
    char *name;
    char *data; /* unescaped */
    struct exec_cmd_prop *props;
    size_t nprops;
};

/*
 * Parses one output line (no trailing newline). Only registered names are
 * commands (case-insensitive): the built-in ones and `extra_name` (the
 * current stop token, or NULL). Returns true and fills `out` (in `a`) for a
 * command, false for an ordinary line. Never fails otherwise.
 */
bool exec_cmd_parse(struct exec_cmd *out, struct sg_arena *a, const char *line, size_t len,
                    const char *extra_name);

/* The value of property `key` (case-insensitive, last one wins), or NULL. */
const char *exec_cmd_prop(const struct exec_cmd *c, const char *key);

/* An annotation from ::error/::warning/::notice, after the runner's checks
 * of line/endLine/col/endColumn (invalid combinations are dropped). */
struct exec_annotation {
    enum exec_cmd_kind kind; /* EXEC_CMD_ERROR, _WARNING or _NOTICE */
    const char *message;
    const char *file, *title; /* NULL when absent */
    long line, end_line, col, end_col; /* 0 when absent */
};

/*
 * What the runner must do with one output line. Several fields may be set
 * (e.g. ::set-output prints a deprecation warning and sets an output).
 */
struct exec_cmd_effect {
    enum exec_cmd_kind kind;
    const char *echo;        /* ::echo::on: the command line itself, printed first */
    const char *print;       /* text for the log (the plain line, "##[group]x", ...); NULL: none */
    const char *debug;       /* for the debug log (ACTIONS_STEP_DEBUG); NULL: none */
    const char *error_intro; /* "Unable to process command '...' successfully." */
    const char *error;       /* ... and why: both are error lines and the step fails */
    const char *warning;     /* a warning annotation (deprecations); the step goes on */
    const char *issue_error; /* an error annotation that does not fail the step */
    const char *name;        /* SET_ENV / SET_OUTPUT / SAVE_STATE: what to set */
    const char *value;       /* ... its value; ADD_PATH: the directory; *_MATCHER: the file */
    const char *mask;        /* register with exec_mask_add_secret (or _add_value if mask_single) */
    bool mask_single;
    struct exec_annotation annotation; /* ERROR / WARNING / NOTICE; file is as written
                                        * (the runner makes it relative to the workspace) */
};

/*
 * The per-step command state the runner keeps (stop-commands, echo) and the
 * switches it reads from the environment.
 */
struct exec_cmdproc {
    char *stop_token; /* heap; NULL when processing */
    bool echo;        /* ::echo::on, or step debug */
    bool allow_unsecure_commands;   /* ACTIONS_ALLOW_UNSECURE_COMMANDS parsed as true */
    bool allow_unsecure_stop_tokens;/* ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS */
    bool deprecation_warnings;      /* warn on set-output/save-state (GitHub does) */
};

/* `step_debug`: ACTIONS_STEP_DEBUG, which turns echo on as in the runner. */
void exec_cmdproc_init(struct exec_cmdproc *p, bool step_debug);
void exec_cmdproc_release(struct exec_cmdproc *p);

/* Sets the allow_* switches from an environment value the runner's way
 * (set-env/add-path: bool.TryParse; stop tokens: true/1/$true). */
bool exec_env_is_true_strict(const char *value);
bool exec_env_is_true_loose(const char *value);

/* Handles one output line. `out` is filled in `a`; always returns 0. */
int exec_cmdproc_line(struct exec_cmdproc *p, struct exec_cmd_effect *out, struct sg_arena *a,
                      const char *line, size_t len);

/* ==== mask.c: the secret masker ========================================= */

/*
 * The set of values to hide. Like the runner's SecretMasker, every value is
 * also registered in the forms it may be printed in: base64 (and shifted by
 * one and two bytes), with `"` as `\"`, with `'` as `''`, JSON-escaped,
 * URI-escaped, XML-escaped, without surrounding double quotes (values over 8
 * bytes), and the PowerShell `&` split halves (6 bytes or more). No minimum
 * length, as in the runner. Safe to share between threads: adding takes a
 * lock and streams pick up new values at their next write.
 */
struct exec_mask;

struct exec_mask *exec_mask_new(void);
void exec_mask_free(struct exec_mask *m);

/* Registers one value (and its encodings); empty values are ignored. */
void exec_mask_add_value(struct exec_mask *m, const char *value, size_t len);

/* A secret or ::add-mask:: value: the whole value plus each of its lines,
 * trimmed. `trimmed`: trim the whole value first, as the runner does for
 * secrets (true) but not for ::add-mask:: (false). */
void exec_mask_add_secret(struct exec_mask *m, const char *value, bool trimmed);

/* Number of distinct strings being looked for. */
size_t exec_mask_patterns(const struct exec_mask *m);

/* Masks `s` in one go (overlapping and touching matches become one `***`).
 * Appends to `out`. */
void exec_mask_string(struct exec_mask *m, struct sg_buf *out, const char *s, size_t len);

/*
 * Masking of a byte stream that arrives in chunks: a secret split across
 * chunks is still masked. The stream holds back at most (longest value - 1)
 * bytes until more arrives or exec_mask_stream_flush. One stream per thread.
 */
struct exec_mask_stream;

struct exec_mask_stream *exec_mask_stream_new(struct exec_mask *m);
void exec_mask_stream_free(struct exec_mask_stream *s);
/* Appends the bytes that are final to `out`. */
void exec_mask_stream_write(struct exec_mask_stream *s, struct sg_buf *out, const char *data,
                            size_t len);
/* Appends everything held back. */
void exec_mask_stream_flush(struct exec_mask_stream *s, struct sg_buf *out);

/*
 * Masks a block of whole lines (each ending with '\n') in one scan, with the
 * result of masking each line on its own: a match never spans a '\n', and
 * the first `skip` bytes of each line (a log prefix) are neither masked nor
 * part of a match. Appends the masked block to `out`, or returns false and
 * appends nothing when there is nothing to mask. Leaves the bytes held back
 * by exec_mask_stream_write alone.
 */
bool exec_mask_stream_lines(struct exec_mask_stream *s, struct sg_buf *out, const char *data,
                            size_t len, size_t skip);

#endif
