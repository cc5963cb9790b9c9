/* SPDX-License-Identifier: MIT */
/*
 * Workflow commands in a step's output: parsing `::name k=v,k=v::data` (and
 * the legacy `##[name k=v;k=v]data`) with actions/runner's escapes and
 * quirks, and the per-step state machine that decides what each line means
 * (stop-commands/resume, echo, the unsecure-command switches, annotation
 * position checks) with the runner's messages. The effects (env, outputs,
 * masks, annotations) are returned to the runner, not applied here.
 */
#include "exec/exec.h"

static const struct {
    const char *name;
    enum exec_cmd_kind kind;
    bool omit_echo; /* the runner never echoes these (their data may be secret) */
} commands[] = {
    {"stop-commands", EXEC_CMD_STOP_COMMANDS, false},
    {"set-env", EXEC_CMD_SET_ENV, false},
    {"set-output", EXEC_CMD_SET_OUTPUT, false},
    {"save-state", EXEC_CMD_SAVE_STATE, false},
    {"add-path", EXEC_CMD_ADD_PATH, false},
    {"add-mask", EXEC_CMD_ADD_MASK, true},
    {"add-matcher", EXEC_CMD_ADD_MATCHER, false},
    {"remove-matcher", EXEC_CMD_REMOVE_MATCHER, false},
    {"warning", EXEC_CMD_WARNING, true},
    {"error", EXEC_CMD_ERROR, true},
    {"notice", EXEC_CMD_NOTICE, true},
    {"debug", EXEC_CMD_DEBUG, true},
    {"group", EXEC_CMD_GROUP, false},
    {"endgroup", EXEC_CMD_ENDGROUP, false},
    {"echo", EXEC_CMD_ECHO, false},
};

struct escape {
    const char *code, *ch;
};

/* Replacement order matters: %25 comes last so "%250A" stays "%0A". */
static const struct escape data_escapes[] = {{"%0D", "\r"}, {"%0A", "\n"}, {"%25", "%"}, {NULL, NULL}};
static const struct escape prop_escapes[] = {{"%0D", "\r"}, {"%0A", "\n"}, {"%3A", ":"},
                                             {"%2C", ","},  {"%25", "%"},  {NULL, NULL}};
static const struct escape legacy_escapes[] = {{"%3B", ";"}, {"%0D", "\r"}, {"%0A", "\n"},
                                               {"%5D", "]"}, {"%25", "%"},  {NULL, NULL}};

static int find_command(const char *name, size_t n)
{
    for (size_t i = 0; i < SG_ARRAY_SIZE(commands); i++)
        if (strlen(commands[i].name) == n && strncasecmp(commands[i].name, name, n) == 0)
            return (int)i;
    return -1;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* String.Replace applied once per mapping, in order, like the runner. */
static char *unescape(struct sg_arena *a, const char *s, size_t n, const struct escape *map)
{
    struct sg_buf cur = SG_BUF_INIT, next = SG_BUF_INIT;
    sg_buf_add(&cur, s, n);
    for (; map->code; map++) {
        if (!memmem(cur.data ? cur.data : "", cur.len, map->code, 3))
            continue;
        sg_buf_reset(&next);
        for (size_t i = 0; i < cur.len;) {
            if (i + 3 <= cur.len && memcmp(cur.data + i, map->code, 3) == 0) {
                sg_buf_addch(&next, map->ch[0]);
                i += 3;
            } else {
                sg_buf_addch(&next, cur.data[i++]);
            }
        }
        struct sg_buf t = cur;
        cur = next;
        next = t;
    }
    char *res = sg_arena_strndup(a, cur.data ? cur.data : "", cur.len);
    sg_buf_release(&cur);
    sg_buf_release(&next);
    return res;
}

static void add_prop(struct exec_cmd *c, struct sg_arena *a, size_t *cap, const char *k, size_t kn,
                     const char *v, size_t vn, const struct escape *map)
{
    size_t old = *cap;
    if (c->nprops + 1 > *cap) {
        *cap = old ? old * 2 : 4;
        struct exec_cmd_prop *np = sg_arena_alloc(a, *cap * sizeof(*np));
        if (c->nprops)
            memcpy(np, c->props, c->nprops * sizeof(*np));
        c->props = np;
    }
    c->props[c->nprops].key = sg_arena_strndup(a, k, kn);
    c->props[c->nprops].value = unescape(a, v, vn, map);
    c->nprops++;
}

/*
 * One `key=value` item, split like .NET's Split('=', 2, RemoveEmptyEntries):
 * an empty part before the first '=' is dropped, '='s right after it are
 * skipped, and only items that give two parts count.
 */
static void parse_prop(struct exec_cmd *c, struct sg_arena *a, size_t *cap, const char *s,
                       size_t n, const struct escape *map)
{
    const char *eq = memchr(s, '=', n);
    if (!eq || eq == s)
        return;
    size_t kn = (size_t)(eq - s);
    size_t i = kn + 1;
    while (i < n && s[i] == '=')
        i++;
    if (i >= n)
        return;
    add_prop(c, a, cap, s, kn, s + i, n - i, map);
}

static void parse_props(struct exec_cmd *c, struct sg_arena *a, const char *s, size_t n, char sep,
                        const struct escape *map)
{
    size_t cap = 0;
    size_t i = 0;
    while (i < n) {
        const char *end = memchr(s + i, sep, n - i);
        size_t len = end ? (size_t)(end - (s + i)) : n - i;
        if (len > 0)
            parse_prop(c, a, &cap, s + i, len, map);
        i += len + 1;
    }
}

static bool name_matches(const char *name, size_t n, const char *extra)
{
    if (find_command(name, n) >= 0)
        return true;
    return extra && *extra && strlen(extra) == n && strncasecmp(extra, name, n) == 0;
}

static void set_name(struct exec_cmd *out, struct sg_arena *a, const char *name, size_t n)
{
    int i = find_command(name, n);
    out->name = sg_arena_strndup(a, name, n);
    out->kind = i >= 0 ? commands[i].kind : EXEC_CMD_NONE;
}

static bool parse_v2(struct exec_cmd *out, struct sg_arena *a, const char *s, size_t n,
                     const char *extra)
{
    while (n > 0 && is_space(*s))
        s++, n--;
    if (n < 2 || s[0] != ':' || s[1] != ':')
        return false;
    const char *end = n > 2 ? memmem(s + 2, n - 2, "::", 2) : NULL;
    if (!end)
        return false;
    const char *info = s + 2;
    size_t in = (size_t)(end - info);
    const char *sp = memchr(info, ' ', in);
    size_t nn = sp ? (size_t)(sp - info) : in;
    if (!name_matches(info, nn, extra))
        return false;
    set_name(out, a, info, nn);
    if (sp && sp > info) {
        const char *p = sp + 1, *pe = end;
        while (p < pe && is_space(*p))
            p++;
        while (pe > p && is_space(pe[-1]))
            pe--;
        parse_props(out, a, p, (size_t)(pe - p), ',', prop_escapes);
    }
    const char *data = end + 2;
    out->data = unescape(a, data, n - (size_t)(data - s), data_escapes);
    return true;
}

static bool parse_legacy(struct exec_cmd *out, struct sg_arena *a, const char *s, size_t n,
                         const char *extra)
{
    const char *start = memmem(s, n, "##[", 3);
    if (!start)
        return false;
    const char *info = start + 3;
    const char *rb = memchr(info, ']', n - (size_t)(info - s));
    if (!rb)
        return false;
    size_t in = (size_t)(rb - info);
    const char *sp = memchr(info, ' ', in);
    size_t nn = sp ? (size_t)(sp - info) : in;
    if (!name_matches(info, nn, extra))
        return false;
    set_name(out, a, info, nn);
    if (sp && sp > info)
        parse_props(out, a, sp + 1, (size_t)(rb - sp - 1), ';', legacy_escapes);
    const char *data = rb + 1;
    out->data = unescape(a, data, n - (size_t)(data - s), legacy_escapes);
    return true;
}

bool exec_cmd_parse(struct exec_cmd *out, struct sg_arena *a, const char *line, size_t len,
                    const char *extra_name)
{
    memset(out, 0, sizeof(*out));
    if (len == 0)
        return false;
    if (parse_v2(out, a, line, len, extra_name))
        return true;
    memset(out, 0, sizeof(*out));
    if (parse_legacy(out, a, line, len, extra_name))
        return true;
    memset(out, 0, sizeof(*out));
    return false;
}

const char *exec_cmd_prop(const struct exec_cmd *c, const char *key)
{
    for (size_t i = c->nprops; i-- > 0;)
        if (sg_str_eq_nocase(c->props[i].key, key))
            return c->props[i].value;
    return NULL;
}

static bool omits_echo(enum exec_cmd_kind kind)
{
    for (size_t i = 0; i < SG_ARRAY_SIZE(commands); i++)
        if (commands[i].kind == kind)
            return commands[i].omit_echo;
    return false;
}


/* ---- the per-step state machine ------------------------------------------ */

static const char unsecure_disabled[] =
    "The `%s` command is disabled. Please upgrade to using Environment Files or opt into "
    "unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment "
    "variable to `true`. For more information see: "
    "https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-"
    "commands/";

static const char deprecated_output[] =
    "The `%s` command is deprecated and will be disabled soon. Please upgrade to using "
    "Environment Files. For more information see: "
    "https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-"
    "output-commands/";

static const char bad_stop_token[] =
    "You cannot use a endToken that is an empty string, the string 'pause-logging', or another "
    "workflow command. For more information see: "
    "https://docs.github.com/actions/learn-github-actions/"
    "workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands or opt "
    "into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` "
    "environment variable to `true`.";

void exec_cmdproc_init(struct exec_cmdproc *p, bool step_debug)
{
    memset(p, 0, sizeof(*p));
    p->echo = step_debug;
    p->deprecation_warnings = true;
}

void exec_cmdproc_release(struct exec_cmdproc *p)
{
    free(p->stop_token);
    p->stop_token = NULL;
}

/* .NET bool.TryParse: "true"/"false" in any case, surrounding blanks allowed. */
bool exec_env_is_true_strict(const char *value)
{
    if (!value)
        return false;
    while (is_space(*value))
        value++;
    size_t n = strlen(value);
    while (n > 0 && is_space(value[n - 1]))
        n--;
    return n == 4 && strncasecmp(value, "true", 4) == 0;
}

/* The runner's StringUtil.ConvertToBoolean. */
bool exec_env_is_true_loose(const char *value)
{
    return value && (sg_str_eq_nocase(value, "true") || strcmp(value, "1") == 0 ||
                     sg_str_eq_nocase(value, "$true"));
}

/* Lines the runner prints as they are, except for its own log markers. */
static const char *plain_line(struct sg_arena *a, const char *line, size_t len)
{
    if (!memmem(line, len, "##[start-action", 15) && !memmem(line, len, "##[end-action", 13))
        return sg_arena_strndup(a, line, len);
    struct sg_buf b = SG_BUF_INIT;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '#' && ((i + 15 <= len && memcmp(line + i, "##[start-action", 15) == 0) ||
                               (i + 13 <= len && memcmp(line + i, "##[end-action", 13) == 0))) {
            sg_buf_add(&b, "##[\\", 4);
            i += 2;
            continue;
        }
        sg_buf_addch(&b, line[i]);
    }
    char *res = sg_arena_strndup(a, b.data, b.len);
    sg_buf_release(&b);
    return res;
}

/* int.TryParse: optional blanks and sign around 32-bit decimal digits. */
static bool parse_int(const char *s, long *out)
{
    if (!s)
        return false;
    while (is_space(*s))
        s++;
    bool neg = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (*s < '0' || *s > '9')
        return false;
    long long v = 0;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        if (v > 2147483648LL)
            return false;
    }
    while (is_space(*s))
        s++;
    if (*s || (!neg && v > 2147483647LL))
        return false;
    *out = (long)(neg ? -v : v);
    return true;
}

/* The runner's ValidateLinesAndColumns, on plain values. */
static void annotation_positions(struct exec_annotation *an, const struct exec_cmd *c)
{
    const char *line = exec_cmd_prop(c, "line"), *end_line = exec_cmd_prop(c, "endLine");
    long l = 0, el = 0, col = 0, ec = 0;
    bool has_l = parse_int(line, &l), has_el = parse_int(end_line, &el);
    bool has_c = parse_int(exec_cmd_prop(c, "col"), &col);
    bool has_ec = parse_int(exec_cmd_prop(c, "endColumn"), &ec);
    bool has_col = has_c || has_ec;
    bool keep_l = has_l, keep_el = has_el, keep_c = has_c, keep_ec = has_ec;
    if (has_el && !has_l) {
        l = el, has_l = keep_l = true;
        line = end_line;
    }
    if (has_ec && !has_c)
        col = ec, has_c = keep_c = true;
    if (!has_l && has_col)
        keep_c = keep_ec = false;
    if (has_el && has_col && strcmp(line ? line : "", end_line ? end_line : "") != 0)
        keep_c = keep_ec = false;
    if (has_l && has_el && el < l)
        keep_l = keep_el = false;
    if (has_c && has_ec && ec < col)
        keep_c = keep_ec = false;
    an->line = keep_l ? l : 0;
    an->end_line = keep_el ? el : 0;
    an->col = keep_c ? col : 0;
    an->end_col = keep_ec ? ec : 0;
}

static void do_annotation(struct exec_cmd_effect *out, const struct exec_cmd *c)
{
    struct exec_annotation *an = &out->annotation;
    an->kind = c->kind;
    an->message = c->data;
    an->file = exec_cmd_prop(c, "file");
    an->title = exec_cmd_prop(c, "title");
    if (an->file && !*an->file)
        an->file = NULL;
    annotation_positions(an, c);
}

static void fail(struct exec_cmd_effect *out, struct sg_arena *a, const char *line, size_t len,
                 const struct exec_cmd *c, const char *msg)
{
    out->error_intro = sg_arena_printf(a, "Unable to process command '%s' successfully.",
                                       omits_echo(c->kind) ? c->name
                                                           : sg_arena_strndup(a, line, len));
    out->error = msg;
}

static void do_named(struct exec_cmd_effect *out, struct sg_arena *a, const char *line,
                     size_t len, const struct exec_cmd *c)
{
    const char *name = exec_cmd_prop(c, "name");
    if (!name || !*name) {
        fail(out, a, line, len, c,
             sg_arena_printf(a, "Required field 'name' is missing in ##[%s] command.",
                             c->kind == EXEC_CMD_SET_ENV      ? "set-env"
                             : c->kind == EXEC_CMD_SET_OUTPUT ? "set-output"
                                                              : "save-state"));
        return;
    }
    out->name = name;
    out->value = c->data;
}

static void do_echo(struct exec_cmdproc *p, struct exec_cmd_effect *out, struct sg_arena *a,
                    const char *line, size_t len, const struct exec_cmd *c)
{
    if (!*c->data) {
        fail(out, a, line, len, c, "Value cannot be null. (Parameter 'value')");
        return;
    }
    const char *s = c->data;
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    if (n == 2 && strncasecmp(s, "on", 2) == 0) {
        p->echo = true;
        out->debug = "Setting echo command value to 'on'";
    } else if (n == 3 && strncasecmp(s, "off", 3) == 0) {
        p->echo = false;
        out->debug = "Setting echo command value to 'off'";
    } else {
        fail(out, a, line, len, c,
             sg_arena_printf(a,
                             "Invalid echo command value. Possible values can be: 'on', 'off'. "
                             "Current value is: '%s'.",
                             c->data));
    }
}

static void do_add_mask(struct exec_cmdproc *p, struct exec_cmd_effect *out, const struct exec_cmd *c)
{
    const char *s = c->data;
    while (is_space(*s))
        s++;
    if (!*s) {
        out->warning = "Can't add secret mask for empty string in ##[add-mask] command.";
        return;
    }
    out->mask = c->data;
    if (p->echo)
        out->print = "::add-mask::***";
}

static void do_command(struct exec_cmdproc *p, struct exec_cmd_effect *out, struct sg_arena *a,
                       const char *line, size_t len, const struct exec_cmd *c)
{
    if (p->echo && !omits_echo(c->kind))
        out->echo = sg_arena_strndup(a, line, len);
    switch (c->kind) {
    case EXEC_CMD_SET_ENV:
    case EXEC_CMD_ADD_PATH:
        if (!p->allow_unsecure_commands) {
            fail(out, a, line, len, c, sg_arena_printf(a, unsecure_disabled, c->kind == EXEC_CMD_SET_ENV ? "set-env" : "add-path"));
        } else if (c->kind == EXEC_CMD_ADD_PATH) {
            if (!*c->data)
                fail(out, a, line, len, c, "Value cannot be null. (Parameter 'path')");
            else
                out->value = c->data;
        } else {
            do_named(out, a, line, len, c);
            if (out->name && exec_env_name_blocked(out->name)) {
                out->issue_error =
                    "Can't update NODE_OPTIONS environment variable using ::set-env:: command.";
                out->name = out->value = NULL;
            }
        }
        break;
    case EXEC_CMD_SET_OUTPUT:
    case EXEC_CMD_SAVE_STATE:
        if (p->deprecation_warnings)
            out->warning = sg_arena_printf(a, deprecated_output,
                                           c->kind == EXEC_CMD_SET_OUTPUT ? "set-output" : "save-state");
        do_named(out, a, line, len, c);
        break;
    case EXEC_CMD_ADD_MASK:
        do_add_mask(p, out, c);
        break;
    case EXEC_CMD_ADD_MATCHER:
    case EXEC_CMD_REMOVE_MATCHER:
        out->value = c->data;
        break;
    case EXEC_CMD_WARNING:
    case EXEC_CMD_ERROR:
    case EXEC_CMD_NOTICE:
        do_annotation(out, c);
        break;
    case EXEC_CMD_DEBUG:
        out->debug = c->data;
        break;
    case EXEC_CMD_GROUP:
        out->print = sg_arena_printf(a, "##[group]%s", c->data);
        break;
    case EXEC_CMD_ENDGROUP:
        out->print = "##[endgroup]";
        break;
    case EXEC_CMD_ECHO:
        do_echo(p, out, a, line, len, c);
        break;
    default:
        SG_BUG("unhandled command kind %d", (int)c->kind);
    }
}

static void do_stop(struct exec_cmdproc *p, struct exec_cmd_effect *out, struct sg_arena *a,
                    const char *line, size_t len, const struct exec_cmd *c)
{
    const char *tok = c->data;
    bool invalid = !*tok || find_command(tok, strlen(tok)) >= 0 ||
                   sg_str_eq_nocase(tok, "pause-logging");
    if (invalid && !p->allow_unsecure_stop_tokens) {
        fail(out, a, line, len, c, bad_stop_token);
        return;
    }
    p->stop_token = sg_xstrdup(tok);
    /* A long token is a guessable key to re-enable commands: hide it. */
    if (strlen(tok) > 6) {
        out->mask = tok;
        out->mask_single = true;
    }
    out->print = sg_arena_strndup(a, line, len);
    out->debug = "Paused processing commands until the token you called ::stopCommands:: with "
                 "is received";
}

int exec_cmdproc_line(struct exec_cmdproc *p, struct exec_cmd_effect *out, struct sg_arena *a,
                      const char *line, size_t len)
{
    memset(out, 0, sizeof(*out));
    struct exec_cmd c;
    bool maybe = len > 0 && (memmem(line, len, "##[", 3) || memmem(line, len, "::", 2));
    if (!maybe || !exec_cmd_parse(&c, a, line, len, p->stop_token)) {
        out->print = plain_line(a, line, len);
        return 0;
    }
    if (p->stop_token) {
        if (sg_str_eq_nocase(c.name, p->stop_token)) {
            out->kind = EXEC_CMD_RESUME;
            out->print = sg_arena_strndup(a, line, len);
            out->debug = "Resume processing commands";
            free(p->stop_token);
            p->stop_token = NULL;
        } else {
            out->print = plain_line(a, line, len);
        }
        return 0;
    }
    out->kind = c.kind;
    if (c.kind == EXEC_CMD_STOP_COMMANDS)
        do_stop(p, out, a, line, len, &c);
    else
        do_command(p, out, a, line, len, &c);
    return 0;
}
