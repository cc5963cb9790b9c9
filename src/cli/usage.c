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
    {"scan", "usage: shipgate scan secrets [PATH] [--git [RANGE]] [options]\n\n"
             "Scans the files under PATH (default: the current directory) for leaked\n"
             "credentials: over 100 provider token formats, private keys, database URLs\n"
             "with passwords and high-entropy values assigned to secret-looking names.\n"
             "In a git work tree, .gitignore is honoured; binaries, lock files and\n"
             "fixtures are skipped; a line with 'shipgate:allow' is not reported.\n\n"
             "      --git [RANGE]      scan history instead: every blob reachable from\n"
             "                         RANGE (default: all refs), each once, reported with\n"
             "                         the commit that introduced it\n"
             "  -f, --format FMT       text (default), json or sarif\n"
             "  -o, --output FILE      write the report to FILE\n"
             "  -c, --config FILE      YAML: extra or replaced rules and allowlists\n"
             "      --baseline FILE    drop findings whose fingerprint is in FILE (a\n"
             "                         previous json or sarif report)\n"
             "      --no-ignore        scan files .gitignore excludes too\n"
             "  -j, --threads N        scanning threads (default: number of CPUs)\n"
             "      --list-rules       print the rules and exit\n\n"
             "Exit status: 0 no secret found, 1 secrets found, 2 bad usage or input.\n"},
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
