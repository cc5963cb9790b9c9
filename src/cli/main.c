/* SPDX-License-Identifier: MIT */
/*
 * Entry point: finds the subcommand in the table and runs it. Exit codes are
 * decided here and only here.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CLI_COMMAND(name, summary) {#name, cmd_##name, summary, NULL},
static struct cli_command commands[] = {
#include "commands.def"
};
#undef CLI_COMMAND

extern const char *cli_usage_text(const char *name);

const struct cli_command *cli_find_command(const char *name)
{
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(commands); i++) {
        if (strcmp(commands[i].name, name) == 0) {
            if (!commands[i].usage)
                commands[i].usage = cli_usage_text(name);
            return &commands[i];
        }
    }
    return NULL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "shipgate %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'shipgate %s --help'.\n", cmd);
    return CLI_USAGE;
}

bool cli_use_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    return isatty(fileno(f));
}

static void print_overview(FILE *out)
{
    size_t i;
    fprintf(out, "usage: shipgate COMMAND [ARGS]\n\n"
                 "shipgate runs GitHub Actions workflows on your own machines, with\n"
                 "security gates, deployments and metrics built in.\n\ncommands:\n");
    for (i = 0; i < SG_ARRAY_SIZE(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nRun 'shipgate COMMAND --help' for the options of one command.\n");
}

int cmd_help(int argc, char **argv)
{
    const struct cli_command *c;
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_overview(stdout);
        return CLI_OK;
    }
    c = cli_find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "shipgate: '%s' is not a shipgate command. See 'shipgate help'.\n", argv[1]);
        return CLI_USAGE;
    }
    fputs(c->usage, stdout);
    return CLI_OK;
}

int cmd_version(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(cli_find_command("version")->usage, stdout);
        return CLI_OK;
    }
    if (argc > 1)
        return cli_usage_error("version", "unexpected argument '%s'", argv[1]);
    printf("shipgate %s\n", SG_VERSION);
    return CLI_OK;
}

static bool wants_help(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    const struct cli_command *c;
    int rc;

    if (argc < 2) {
        print_overview(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cmd_help(1, argv);
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv + 1);
    c = cli_find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "shipgate: '%s' is not a shipgate command. See 'shipgate help'.\n", argv[1]);
        return CLI_USAGE;
    }
    if (c->fn != cmd_help && wants_help(argc - 1, argv + 1)) {
        fputs(c->usage, stdout);
        return CLI_OK;
    }
    rc = c->fn(argc - 1, argv + 1);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "shipgate: error writing output\n");
        return CLI_USAGE;
    }
    return rc == CLI_OK || rc == CLI_FAILED ? rc : CLI_USAGE;
}
