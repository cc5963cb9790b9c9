/* SPDX-License-Identifier: MIT */
/*
 * Usage texts of the subcommands, printed by `shipgate COMMAND --help`.
 */
#include "cli.h"

#include <string.h>

const char *cli_usage_text(const char *name);

static const struct {
    const char *name;
    const char *text;
} usages[] = {
    {"lint", "usage: shipgate lint [--format text|json] [PATH...]\n\n"
             "Checks GitHub Actions workflow files as GitHub would and prints every\n"
             "problem as FILE:LINE:COL: error: MESSAGE, sorted by position.\n"
             "PATH is a workflow file or a directory of them (default:\n"
             ".github/workflows under the current directory).\n\n"
             "  -f, --format FMT   text (default) or json (an array of problems)\n\n"
             "Exit status: 0 no errors, 1 errors found, 2 a file could not be read\n"
             "or is not YAML.\n"},
    {"expr", "usage: shipgate expr [--contexts JSON] EXPRESSION\n\n"
             "Evaluates one GitHub Actions expression (without ${{ }}) and prints\n"
             "{\"kind\":KIND,\"value\":VALUE} on one line, or\n"
             "{\"err\":{\"kind\":\"lexing|parsing|evaluation\",\"value\":MESSAGE}} with exit 1.\n\n"
             "  -c, --contexts JSON   a JSON object of named contexts, or @FILE to read it\n"},
    {"version", "usage: shipgate version\n\nPrints the version of shipgate.\n"},
    {"help", "usage: shipgate help [COMMAND]\n\nLists the commands, or shows the options of one.\n"},
};

const char *cli_usage_text(const char *name)
{
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(usages); i++)
        if (strcmp(usages[i].name, name) == 0)
            return usages[i].text;
    return "(no help text)\n";
}
