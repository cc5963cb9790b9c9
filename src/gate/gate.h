/* SPDX-License-Identifier: MIT */
/*
 * Security and quality gates: scanner reports become findings of one shape
 * (DESIGN.md section 6), test and coverage reports become measurements.
 * This header is what other folders (the CLI, the gate step) include; the
 * format parsers and their streaming helpers live behind gate_int.h.
 *
 * Everything a parsed report holds is allocated in the arena the caller
 * passes in and lives until that arena is freed.
 */
#ifndef GATE_H
#define GATE_H

#include <stdio.h>
#include <time.h>

#include "base/base.h"

enum gate_severity {
    GATE_SEV_CRITICAL,
    GATE_SEV_HIGH,
    GATE_SEV_MEDIUM,
    GATE_SEV_LOW,
    GATE_SEV_INFO,
};
#define GATE_SEV_COUNT 5

enum gate_kind {
    GATE_KIND_SAST,
    GATE_KIND_DEPENDENCY,
    GATE_KIND_SECRET,
    GATE_KIND_CONTAINER,
    GATE_KIND_IAC,
    GATE_KIND_DAST,
    GATE_KIND_LICENSE,
};

/* Ordered so that a larger value is more confident; UNSET when the tool
 * gives none (such findings are never dropped by min-confidence). */
enum gate_confidence {
    GATE_CONF_UNSET,
    GATE_CONF_LOW,
    GATE_CONF_MEDIUM,
    GATE_CONF_HIGH,
};

struct gate_finding {
    const char *tool;
    enum gate_kind kind;
    const char *rule;
    enum gate_severity severity;
    /* The tool gave no severity (or UNKNOWN): `severity` holds the policy's
     * `unknown:` value and the finding is shown as unknown. */
    bool severity_unknown;
    const char *tool_severity; /* the tool's own word or score, NULL if none */
    const char *title, *message, *help_url;

    /* Code location; path NULL and lines 0 when the finding has none. */
    const char *path;
    int start_line, start_col, end_line;
    /* The flagged source lines as the report carries them, NULL if absent. */
    const char *snippet;

    /* Dependencies and containers. */
    const char *package, *installed_version, *fixed_version, *ecosystem;
    const char *target; /* image, lock file or URL the finding belongs to */
    const char **advisories; /* CVE, GHSA, PYSEC... ids, sorted, unique */
    size_t n_advisories;

    enum gate_confidence confidence;

    bool suppressed; /* the tool (or the report) says so */
    const char *suppression_kind;          /* inSource, external, nosec, vex... */
    const char *suppression_justification; /* NULL when none given */

    const char *baseline_state; /* SARIF new|unchanged|updated|absent, or NULL */
    const char *tool_fingerprint; /* what the tool offered, "key=value;..." */
    const char *fingerprint;      /* ours: lower-case hex, see gate_fingerprint */

    /* Private to the parsers: the secret value or the key material a
     * fingerprint is made from; never printed. */
    const char *secret_value;
};

struct gate_tests {
    long total, failures, errors, skipped;
};

struct gate_coverage {
    long lines_valid, lines_covered;
    double percent; /* line coverage, 0..100 */
};

/* A container image and its size (`docker image inspect`, `--image-size`). */
struct gate_image {
    const char *name;
    unsigned long long size; /* bytes */
};

struct gate_report {
    const char *format; /* registry name: "sarif", "trivy", ... */
    const char *file;
    struct gate_finding **findings;
    size_t n_findings, cap_findings;
    bool has_tests;
    struct gate_tests tests;
    bool has_coverage;
    struct gate_coverage coverage;
    struct gate_image *images; /* docker-inspect reports */
    size_t n_images;
};

struct gate_parse_opts {
    /* Where the scanned sources live, to read flagged lines the report does
     * not carry; NULL to use only the report. */
    const char *source_root;
    /* Severity given to findings whose tool gives none (policy `unknown:`). */
    enum gate_severity unknown_severity;
};

#define GATE_PARSE_OPTS_INIT {NULL, GATE_SEV_HIGH}

/*
 * Parses the report in `path` into `out`, all of it allocated in `a`.
 * `format` forces a registry name; NULL detects it from the content.
 * Returns 0, or -1 with an error (file, line, column) recorded in `d`:
 * a report that is not understood never yields zero findings silently.
 */
int gate_report_parse_file(struct gate_report *out, struct sg_arena *a, const char *path,
                           const char *format, const struct gate_parse_opts *opts,
                           struct sg_diags *d);
/* The same over bytes in memory; `name` is used in diagnostics. */
int gate_report_parse_mem(struct gate_report *out, struct sg_arena *a, const char *name,
                          const char *data, size_t len, const char *format,
                          const struct gate_parse_opts *opts, struct sg_diags *d);

/* The registry name detected from the first bytes of a report, or NULL. */
const char *gate_detect_format(const char *data, size_t len);
/* True when `name` is a registered format. */
bool gate_format_exists(const char *name);
/* The registered names, NULL-terminated, for usage texts. */
const char *const *gate_format_names(void);

const char *gate_severity_name(enum gate_severity s);
/* Parses critical|high|medium|low|info (any case); false otherwise. */
bool gate_severity_parse(const char *s, enum gate_severity *out);
const char *gate_kind_name(enum gate_kind k);
bool gate_kind_parse(const char *s, enum gate_kind *out);
const char *gate_confidence_name(enum gate_confidence c);
bool gate_confidence_parse(const char *s, enum gate_confidence *out);

/* Counts findings per severity (suppressed ones included) into counts[5]. */
void gate_report_count(const struct gate_report *r, size_t counts[GATE_SEV_COUNT]);

/* ---- policy (policy.c) ----------------------------------------------------- */

#define GATE_SEV_BIT(s) (1u << (s))

/* One entry of `rules:`; a NULL or empty field matches anything. */
struct gate_rule {
    const char *tool, *rule, *path; /* path: a glob as in hashFiles() */
    bool has_kind;
    enum gate_kind kind;
    const char **stages;
    size_t n_stages;
    bool has_block, has_warn;
    unsigned block, warn; /* GATE_SEV_BIT masks */
    int line;             /* where the rule is, for reasons */
};

struct gate_suppression {
    const char *rule, *path, *tool, *fingerprint; /* at least one given */
    const char *reason, *owner;
    int expires; /* YYYYMMDD, 0 for never */
    int line, col;
};

struct gate_policy {
    const char *file; /* NULL for the built-in default */
    unsigned block, warn;
    bool new_only, fixable_only;
    enum gate_severity unknown;
    enum gate_confidence min_confidence;
    struct gate_rule *rules;
    size_t n_rules;
    bool has_coverage_min, has_max_failures, has_image_max;
    double coverage_min;
    long max_failures;
    unsigned long long image_max_size; /* bytes */
    struct gate_suppression *suppressions;
    size_t n_suppressions;
};

/* The policy without a file: block critical and high, warn on medium. */
void gate_policy_default(struct gate_policy *out);
/* Loads .shipgate/policy.yml (DESIGN.md section 7) into `out`, allocated in
 * `a`. Returns 0, or -1 with every problem recorded in `d` with its line
 * and column. */
int gate_policy_load(struct gate_policy *out, struct sg_arena *a, const char *path,
                     struct sg_diags *d);
int gate_policy_parse(struct gate_policy *out, struct sg_arena *a, const char *name,
                      const char *text, size_t len, struct sg_diags *d);

/* ---- decision (decide.c) --------------------------------------------------- */

enum gate_verdict {
    GATE_V_BLOCK,      /* fails the gate */
    GATE_V_WARN,       /* shown, does not fail */
    GATE_V_LOG,        /* logged only */
    GATE_V_SUPPRESSED, /* by the tool, the report or a policy suppression */
    GATE_V_DROPPED,    /* below min-confidence */
};

struct gate_judged {
    const struct gate_finding *f;
    const char *report; /* the report file it came from */
    enum gate_severity severity; /* with the policy's unknown: applied */
    enum gate_verdict verdict;
    const char *why; /* which part of the policy decided, for the output */
};

struct gate_decision {
    bool block;
    struct gate_judged *items; /* sorted by verdict, then severity */
    size_t n;
    const char **reasons; /* why it blocks; empty on pass */
    size_t n_reasons;
    const char **warnings; /* unused or expired suppressions, unchecked limits */
    size_t n_warnings;
    bool has_coverage, has_tests;
    struct gate_coverage coverage;
    struct gate_tests tests;
    size_t counts[GATE_SEV_COUNT]; /* findings that block or warn, per severity */
    const struct gate_image *images; /* every image measured, from all reports */
    size_t n_images;
    bool has_image_max;
    unsigned long long image_max_size;
};

/*
 * Applies `policy` for `stage` (NULL: no stage) to the reports' findings
 * and measurements, as of `today` (YYYYMMDD, for suppression expiry).
 * Everything is allocated in `a`. Never fails: bad input was refused
 * while loading.
 */
void gate_decide(struct gate_decision *out, struct sg_arena *a, const struct gate_policy *policy,
                 const char *stage, const struct gate_report *const *reports, size_t n_reports,
                 int today);

const char *gate_verdict_name(enum gate_verdict v);

/* ---- images (image.c) ---------------------------------------------------- */

/* 500MB, 1.5GiB, 200 (bytes): decimal and binary units as in the policy. */
bool gate_size_parse(const char *s, unsigned long long *out);
/* Copies every report's images into `out` and blocks on those over the
 * policy's image.max-size; called by gate_decide. */
void gate_decide_images(struct gate_decision *out, struct sg_arena *a,
                        const struct gate_policy *p, const struct gate_report *const *reports,
                        size_t n);
/* Appends to an arena list of strings (reasons, warnings). */
void gate_strlist_add(struct sg_arena *a, const char ***list, size_t *n, const char *s);

/* ---- baselines (baseline.c) ---------------------------------------------- */

struct gate_baseline_entry {
    const char *fingerprint, *tool, *rule, *kind, *path, *package;
    bool used;
};

struct gate_baseline {
    const char *file;
    struct gate_baseline_entry *entries; /* sorted by fingerprint */
    size_t n;
    size_t n_new, n_existing; /* after gate_baseline_apply */
};

/* Loads a baseline written by --save-baseline (or a `--format json` output
 * of an earlier gate) into `out`, allocated in `a`. Returns 0, or -1 with a
 * positioned error in `d`. */
int gate_baseline_load(struct gate_baseline *out, struct sg_arena *a, const char *path,
                       struct sg_diags *d);
/* The same over bytes in memory; `name` is used in diagnostics. */
int gate_baseline_parse(struct gate_baseline *out, struct sg_arena *a, const char *name,
                        const char *data, size_t len, struct sg_diags *d);
/* Marks every finding's baseline_state "existing" or "new" and each entry
 * used or not. */
void gate_baseline_apply(struct gate_baseline *b, struct gate_report *const *reports, size_t n);
/* Adds a warning for the entries that matched no finding (never silent). */
void gate_baseline_warnings(const struct gate_baseline *b, struct gate_decision *dec,
                            struct sg_arena *a);
/* Writes the fingerprints of every finding of the reports to `path`
 * (`now` is the creation time). Returns 0, or -1 with an error in `d`. */
int gate_baseline_save(const char *path, const struct gate_report *const *reports, size_t n,
                       time_t now, struct sg_diags *d);

/* ---- ignore files (ignorefile.c) ----------------------------------------- */

/*
 * Honours .trivyignore (vulnerability, misconfiguration and secret ids with
 * optional exp:YYYY-MM-DD) and .gitleaksignore (gitleaks fingerprints
 * file:rule:line or commit:file:rule:line) found in `dir`: matching Trivy or
 * gitleaks findings become suppressed with kind "inline" and the file as
 * justification. Problems (unreadable file, malformed or expired entries)
 * are appended to `warnings`. `today` is YYYYMMDD.
 */
void gate_ignorefiles_apply(struct gate_report *const *reports, size_t n, const char *dir,
                            int today, struct sg_arena *a, const char ***warnings,
                            size_t *n_warnings);
/* The same for the text of one file: `name` ending in .gitleaksignore is
 * read as one, anything else as a .trivyignore. */
void gate_ignorefile_apply_text(struct gate_report *const *reports, size_t n, const char *name,
                                const char *text, size_t len, int today, struct sg_arena *a,
                                const char ***warnings, size_t *n_warnings);

/* ---- output (output_*.c) ------------------------------------------------- */

enum gate_output_format {
    GATE_OUT_TEXT,
    GATE_OUT_JSON,
    GATE_OUT_SARIF,
    GATE_OUT_MARKDOWN,
};

struct gate_output_opts {
    bool color; /* text: ANSI colours (the CLI decides: a TTY without NO_COLOR) */
    const struct gate_baseline *baseline; /* NULL when none was given */
    const char *stage;
};

/* text|json|sarif|markdown; false otherwise. */
bool gate_output_parse(const char *name, enum gate_output_format *out);
/* Writes the decision in `format` to `out`. Returns 0, or -1 when writing
 * failed (errno set). */
int gate_output_write(FILE *out, enum gate_output_format format, const struct gate_decision *dec,
                      const struct gate_output_opts *o);
/* new | existing | suppressed | triaged, and block | warn | log. */
const char *gate_judged_status(const struct gate_judged *j);
const char *gate_judged_effect(const struct gate_judged *j);

#endif
