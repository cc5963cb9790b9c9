/* SPDX-License-Identifier: MIT */
/*
 * The secret scanner: provider rules (rules.def, compiled into the binary,
 * extended by a YAML config) matched by Vectorscan over buffers, files,
 * trees and git history. Candidates from Vectorscan are checked precisely
 * here (secret extraction, entropy floor, placeholders, allow comments)
 * and become findings of the DESIGN.md section 6 model (kind secret,
 * severity critical, fingerprint = rule + hash of the secret value).
 * Printing reports is left to scan_report.c; argument parsing to the CLI.
 */
#ifndef SG_SCAN_H
#define SG_SCAN_H

#include "base/base.h"

/* How the secret value is cut out of a rule's match. */
enum scan_secret_mode {
    SCAN_SECRET_WHOLE,   /* the whole match */
    SCAN_SECRET_TAIL,    /* its last `tail` bytes */
    SCAN_SECRET_ASSIGN,  /* what follows the first '=' or ':' (name = value) */
    SCAN_SECRET_AFTER,   /* what follows the last occurrence of the first keyword */
    SCAN_SECRET_URLPASS, /* the password of a URL's user info (or the user info) */
    SCAN_SECRET_LASTSEG, /* the last '/'-separated segment */
    SCAN_SECRET_PEM,     /* the base64 body that follows a key header */
    SCAN_SECRET_JWT,     /* the whole match, when its header names an "alg" */
    SCAN_SECRET_VALUE,   /* the run of value characters that ends the match; the
                          * rule is matched without start of match, which keeps
                          * wide rules (the generic one) at memory speed */
};

struct scan_rule {
    char *id;
    char *description;
    char *keywords; /* comma-separated; one must occur in the match (case-insensitive) */
    char *pattern;  /* Vectorscan syntax */
    enum scan_secret_mode mode;
    int tail;
    double entropy; /* Shannon bits per byte the secret must reach; 0 for none */
    bool generic;   /* yields to any provider rule on the same secret */
};

/* Allowlists and extra rules from --config. */
struct scan_config {
    struct scan_rule *rules; /* added, or replacing a built-in of the same id */
    size_t nrules, caprules;
    char **disabled;         /* rule ids switched off */
    size_t ndisabled, capdisabled;
    char **allow_paths;      /* POSIX extended regexes over the relative path */
    size_t nallow_paths, capallow_paths;
    char **allow_regexes;    /* POSIX extended regexes over the secret value */
    size_t nallow_regexes, capallow_regexes;
    char **stopwords;        /* a secret containing one is not reported */
    size_t nstopwords, capstopwords;
    bool no_default_paths;   /* report lock files and fixtures too */
};

void scan_config_init(struct scan_config *c);
void scan_config_release(struct scan_config *c);
/* Reads a YAML config file; -1 with diagnostics (file:line:col) on error. */
int scan_config_load(struct scan_config *c, const char *path, struct sg_diags *d);

/* One reported secret. Strings are heap-owned by the finding. */
struct scan_finding {
    const struct scan_rule *rule; /* borrowed from the scan_db */
    char *path;
    long line, column, end_line;  /* 1-based */
    char *preview;                /* the line with the secret redacted */
    char fingerprint[41];         /* rule + hash of the secret, hex */
    double entropy;
    char *commit, *author, *date; /* --git only */
};

struct scan_findings {
    struct scan_finding *items;
    size_t n, cap;
};

void scan_findings_init(struct scan_findings *f);
void scan_findings_release(struct scan_findings *f);
/* Moves every finding of `from` to the end of `to`. */
void scan_findings_take(struct scan_findings *to, struct scan_findings *from);
/* Sorts by path, line, column, rule. */
void scan_findings_sort(struct scan_findings *f);

/* The compiled rule set: built once per process, shared by every thread. */
struct scan_db;

/* Compiles the built-in rules plus `cfg` (may be NULL). NULL with
 * diagnostics when a pattern does not compile. */
struct scan_db *scan_db_new(const struct scan_config *cfg, struct sg_diags *d);
void scan_db_free(struct scan_db *db);
size_t scan_db_rule_count(const struct scan_db *db);
const struct scan_rule *scan_db_rule(const struct scan_db *db, size_t i);
/* False for paths not scanned by default (lock files, fixtures) or
 * matched by an allowlisted path regex. `relpath` uses '/'. */
bool scan_db_path_wanted(const struct scan_db *db, const char *relpath);

/* Per-thread state (Vectorscan scratch, candidate lists). */
struct scan_worker;

struct scan_worker *scan_worker_new(const struct scan_db *db);
void scan_worker_free(struct scan_worker *w);

/*
 * Scans `len` bytes of `path`; findings are appended to `out`. The buffer
 * may hold any bytes. Returns 0, or -1 when Vectorscan fails (a bug).
 */
int scan_buffer(struct scan_worker *w, const char *path, const char *data, size_t len,
                struct scan_findings *out);

/* Streams an open descriptor in chunks, so memory stays flat for huge
 * files. Binary content (a NUL in the first 8 KB) is skipped: returns 1.
 * Returns 0, or -1 with errno set on a read error. */
int scan_fd(struct scan_worker *w, const char *path, int fd, struct scan_findings *out);

/* True when the first 8 KB of `data` hold a NUL byte. */
bool scan_is_binary(const char *data, size_t len);

/* ---- the pieces of the precise check, exposed for tests -------------- */

/* Shannon entropy of the bytes, in bits per byte. */
double scan_entropy(const char *s, size_t n);
/* True for values that are clearly not real secrets: xxxx, <your-key>,
 * EXAMPLE, changeme, ${VAR}, repeated or sequential characters. */
bool scan_is_placeholder(const char *s, size_t n);
/* True when the line holds an inline `shipgate:allow` marker. */
bool scan_line_allows(const char *line, size_t n);

/* ---- trees and history -------------------------------------------------- */

struct scan_walk_opts {
    int threads;      /* scanning workers; 0 for the number of CPUs */
    bool no_ignore;   /* do not honour .gitignore */
};

/* Scans the tree under `root` (a file or directory). Unreadable entries
 * become warnings in `d`; returns -1 only when `root` itself cannot be read. */
int scan_walk(const struct scan_db *db, const char *root, const struct scan_walk_opts *o,
              struct scan_findings *out, struct sg_diags *d);

/* Scans every blob reachable from `range` (NULL for all refs) in the git
 * repository at `repo_path`, each distinct blob once, attributing findings
 * to the oldest commit holding the blob. Corrupt objects become warnings. */
int scan_git(const struct scan_db *db, const char *repo_path, const char *range,
             struct scan_findings *out, struct sg_diags *d);

/* ---- reports ------------------------------------------------------------ */

enum scan_format { SCAN_FORMAT_TEXT, SCAN_FORMAT_JSON, SCAN_FORMAT_SARIF };

int scan_report(FILE *out, enum scan_format fmt, const struct scan_findings *f,
                const struct scan_db *db);

/* Drops the findings whose fingerprint is in the baseline file (our JSON
 * report, a JSON array of findings, or SARIF). -1 with diagnostics. */
int scan_baseline_apply(struct scan_findings *f, const char *path, struct sg_diags *d);

#endif
