/* SPDX-License-Identifier: MIT */
/*
 * `shipgate expr [--contexts JSON|@FILE] EXPRESSION`: evaluates one
 * expression and prints the result in the {"kind":...,"value":...} form,
 * or the error as {"err":{...}} with exit 1. Bad --contexts is bad input
 * (exit 2). hashFiles() hashes below the current directory.
 */
#include <unistd.h>

#include "cli/cli.h"
#include "expr/expr.h"

#define CONTEXTS_MAX (64u << 20)

static int load_contexts(json_t **out, const char *arg)
{
    struct sg_buf b = SG_BUF_INIT;
    json_error_t e;
    const char *text = arg;

    if (arg[0] == '@') {
        if (sg_read_file(&b, arg + 1, CONTEXTS_MAX) < 0) {
            fprintf(stderr, "shipgate expr: cannot read '%s': %s\n", arg + 1, strerror(errno));
            sg_buf_release(&b);
            return -1;
        }
        text = sg_buf_str(&b);
    }
    *out = json_loadb(text, strlen(text), JSON_DECODE_INT_AS_REAL, &e);
    if (!*out)
        fprintf(stderr, "shipgate expr: %s:%d:%d: invalid --contexts JSON: %s\n",
                arg[0] == '@' ? arg + 1 : "--contexts", e.line, e.column, e.text);
    else if (!json_is_object(*out)) {
        fprintf(stderr, "shipgate expr: --contexts: expected a JSON object of named contexts\n");
        json_decref(*out);
        *out = NULL;
    }
    sg_buf_release(&b);
    return *out ? 0 : -1;
}

static int print_result(const char *src, json_t *ctx)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_buf out = SG_BUF_INIT;
    struct expr_context c;
    struct expr_error err;
    struct expr_value v;
    char cwd[4096];
    const char *key;
    json_t *item;
    int rc = CLI_OK;

    expr_context_init(&c, a);
    c.workspace = getcwd(cwd, sizeof(cwd));
    json_object_foreach(ctx, key, item)
        expr_context_set(a, &c, key, expr_from_json(a, item));
    if (expr_evaluate(&v, src, &c, a, &err) < 0) {
        sg_buf_addf(&out, "{\"err\":{\"kind\":\"%s\",\"value\":", expr_error_kind_name(err.kind));
        sg_buf_add_json_string(&out, err.message, strlen(err.message));
        sg_buf_addstr(&out, "}}");
        rc = CLI_FAILED;
    } else {
        expr_value_describe(&out, &v);
    }
    puts(sg_buf_str(&out));
    sg_buf_release(&out);
    sg_arena_free(a);
    return rc;
}

int cmd_expr(int argc, char **argv)
{
    const char *contexts = NULL, *src = NULL;
    json_t *ctx = NULL;
    int rc;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "-c") || !strcmp(arg, "--contexts")) {
            if (++i == argc)
                return cli_usage_error("expr", "'%s' needs a value", arg);
            contexts = argv[i];
        } else if (sg_starts_with(arg, "--contexts=")) {
            contexts = arg + strlen("--contexts=");
        } else if (!strcmp(arg, "--") && i + 1 < argc && !src) {
            src = argv[++i];
        } else if (arg[0] == '-' && arg[1] && !src && !(arg[1] >= '0' && arg[1] <= '9') &&
                   arg[1] != '.' && arg[1] != 'I') {
            /* "-1", "-.5" and "-Infinity" are expressions, not options. */
            return cli_usage_error("expr", "unknown option '%s'", arg);
        } else if (!src) {
            src = arg;
        } else {
            return cli_usage_error("expr", "unexpected argument '%s'", arg);
        }
    }
    if (!src)
        return cli_usage_error("expr", "an expression is required");
    if (contexts && load_contexts(&ctx, contexts) < 0)
        return CLI_USAGE;
    if (!ctx)
        ctx = json_object();
    rc = print_result(src, ctx);
    json_decref(ctx);
    return rc;
}
