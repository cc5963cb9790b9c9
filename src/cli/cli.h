/* SPDX-License-Identifier: MIT */
/*
 * The command-line front end. Each subcommand lives in its own cmd_<name>.c
 * and returns the process exit status: 0 success, 1 the thing checked failed,
 * 2 bad usage or bad input. main.c maps anything else to 2.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include "base/base.h"

enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

typedef int (*cmd_fn)(int argc, char **argv);

struct cli_command {
    const char *name;
    cmd_fn fn;
    const char *summary; /* one line for `shipgate help` */
    const char *usage;   /* full text for `shipgate COMMAND --help` */
};

#define CLI_COMMAND(name, summary) int cmd_##name(int argc, char **argv);
#include "commands.def"
#undef CLI_COMMAND

/* The usage text of a command, for --help and usage errors. */
const struct cli_command *cli_find_command(const char *name);

/* Prints "shipgate CMD: MESSAGE" and a hint to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) SG_PRINTF(2, 3);

/* Whether argv word `arg` is the option `shortopt` (may be NULL) or
 * `longopt`, alone or as "--long=value". */
bool cli_opt_is(const char *arg, const char *shortopt, const char *longopt);
/* The value of the option at argv[*i]: after '=' in "--name=value", else
 * the next word (advancing *i); NULL when there is none. */
const char *cli_opt_value(int argc, char **argv, int *i);

/* True when stdout is a terminal and NO_COLOR is unset. */
bool cli_use_color(FILE *f);

#endif
