/* SPDX-License-Identifier: MIT */
/*
 * Option matching shared by the subcommands that parse their own argv:
 * "-s", "--long" and "--long=value" forms.
 */
#include "cli.h"

bool cli_opt_is(const char *arg, const char *shortopt, const char *longopt)
{
    size_t n = longopt ? strlen(longopt) : 0;
    if (shortopt && strcmp(arg, shortopt) == 0)
        return true;
    return longopt && strncmp(arg, longopt, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

const char *cli_opt_value(int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *eq = sg_starts_with(arg, "--") ? strchr(arg, '=') : NULL;
    if (eq)
        return eq + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}
