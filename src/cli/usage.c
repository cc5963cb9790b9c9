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
    {"gate", "usage: shipgate gate [options] REPORT...\n\n"
             "Reads scanner, test and coverage reports (SARIF, Trivy, Semgrep, Bandit,\n"
             "pip-audit, npm audit, gitleaks, ZAP, ShellCheck, cppcheck, shipgate scan\n"
             "secrets JSON, JUnit, Cobertura, coverage.py JSON, docker image inspect JSON;\n"
             "the format is detected from the content), honours .trivyignore and\n"
             ".gitleaksignore in the source root, applies the policy and prints the\n"
             "findings that block or warn, then the decision and its reasons\n"
             "(docs/gate.md).\n\n"
             "  -p, --policy FILE      the policy (default: .shipgate/policy.yml when it\n"
             "                         exists, else block critical and high, warn on medium)\n"
             "      --stage NAME       select the policy rules of this stage (pr, release...)\n"
             "      --as FORMAT:FILE   read FILE as FORMAT instead of detecting it\n"
             "      --source-root DIR  where the scanned sources are, for fingerprints\n"
             "                         (default: the current directory)\n"
             "      --baseline FILE    mark findings new or existing against FILE (with\n"
             "                         policy new-only: true only new findings block)\n"
             "      --save-baseline FILE  write the fingerprints of the current findings\n"
             "      --image-size SIZE  the image size to check (500MB, 123456789)\n"
             "  -f, --format FMT       text (default), json, sarif or markdown\n"
             "  -o, --output FILE      write the result to FILE\n"
             "      --store SPEC       record the findings in this store's register (a file\n"
             "                         or sqlite:PATH); by default a gate run inside a git\n"
             "                         repository records in the local store. Findings\n"
             "                         triaged there as false-positive or unexpired\n"
             "                         accepted-risk are suppressed (docs/findings.md)\n"
             "      --no-store         neither record nor apply triage\n\n"
             "Exit status: 0 pass, 1 the gate blocks, 2 a report or the policy could not\n"
             "be read or understood (FILE:LINE:COL: error: ... on stderr).\n"},
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
    {"run", "usage: shipgate run [EVENT] [options]\n\n"
            "Runs the workflows EVENT (default: push) triggers in this repository, on this\n"
            "machine, with GitHub's semantics, and prints a summary table at the end.\n\n"
            "  -W, --workflows PATH   file or directory (default .github/workflows)\n"
            "  -j, --job ID           only this job and the jobs it needs\n"
            "  -C, --directory DIR    repository root (default: current directory)\n"
            "  -e, --eventpath FILE   event payload (JSON)\n"
            "      --input K=V        workflow_dispatch input (repeatable)\n"
            "  -s, --secret K[=V]     secret (repeatable; K alone reads $K)\n"
            "      --secret-file F    dotenv file of secrets\n"
            "      --var K=V, --var-file F    the vars context\n"
            "      --env K=V, --env-file F    environment for every step\n"
            "  -p, --parallel N       concurrent jobs (default: number of CPUs)\n"
            "  -l, --list             list the jobs EVENT would run, with needs; run nothing\n"
            "  -n, --dryrun           plan and print; run no step\n"
            "      --json FILE        machine-readable run report\n"
            "      --executor host    where steps run (only host for now)\n\n"
            "Exit status: 0 every job succeeded, 1 a job failed or the run was\n"
            "cancelled, 2 bad usage or input (invalid workflow, wrong input type).\n"},
    {"findings", "usage: shipgate findings list [--status S[,S...]|all] [--severity S] [--tool T]\n"
                 "                         [--format text|json] [--all-repos]\n"
                 "       shipgate findings show ID|FINGERPRINT [--format text|json]\n"
                 "       shipgate findings triage ID|FINGERPRINT --status STATUS [--reason TEXT]\n"
                 "                         [--expires YYYY-MM-DD] [--by NAME]\n\n"
                 "The findings register: every 'shipgate gate' run inside a repository records\n"
                 "its findings in the local store; a finding is open until triaged, or fixed\n"
                 "when a later gate that read the same tool's report no longer sees it (it\n"
                 "reopens if it comes back). See docs/findings.md.\n\n"
                 "  --status S          list: open (default), accepted-risk, false-positive,\n"
                 "                      fixed, a comma-separated list of them, or all;\n"
                 "                      triage: accepted-risk, false-positive or open\n"
                 "  --severity S        list: only this severity (critical..info)\n"
                 "  --tool T            list: only this tool\n"
                 "  --all-repos         list: every repository in the store\n"
                 "  --reason TEXT       triage: why (required for accepted-risk, false-positive)\n"
                 "  --expires DATE      triage: accepted-risk ends after this day; then the\n"
                 "                      finding counts as open again\n"
                 "  --by NAME           triage: who decided (default: $USER)\n"
                 "  -f, --format FMT    text (default) or json\n"
                 "  -C, --directory DIR the repository (default: the current directory)\n"
                 "      --store SPEC    the store: a file path or sqlite:PATH (default:\n"
                 "                      $SHIPGATE_STORE, else $XDG_DATA_HOME/shipgate/shipgate.db,\n"
                 "                      else ~/.local/share/shipgate/shipgate.db)\n\n"
                 "ID is the number 'list' shows, a fingerprint or a unique prefix of one\n"
                 "(at least 4 hex digits).\n\n"
                 "Exit status: 0 done, 2 bad usage, unknown finding or unreadable store.\n"},
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
