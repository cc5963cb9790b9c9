/* SPDX-License-Identifier: MIT */
/*
 * Private to src/scan: the compiled rule set and the per-thread worker.
 */
#ifndef SG_SCAN_INT_H
#define SG_SCAN_INT_H

#include <hs/hs.h>
#include <regex.h>

#include "scan.h"

struct scan_db {
    struct scan_rule *rules;
    size_t nrules, caprules;
    hs_database_t *hs;
    regex_t *allow_paths;
    size_t nallow_paths;
    regex_t *allow_regexes;
    size_t nallow_regexes;
    char **stopwords;
    size_t nstopwords;
    bool default_paths;
};

/* A Vectorscan match: rule index and byte span in the scanned buffer. */
struct scan_cand {
    unsigned rule;
    size_t from, to;
};

/* A candidate that passed the precise check, before overlaps are settled. */
struct scan_hit {
    unsigned rule;
    size_t s, e; /* the secret's span */
    size_t at;   /* where it is reported: the secret, or a key's header */
};

struct scan_worker {
    const struct scan_db *db;
    hs_scratch_t *scratch;
    struct scan_cand *cands;
    size_t ncands, capcands;
    size_t *last; /* per rule: index in cands of its latest candidate */
    bool overflow;
    struct scan_hit *hits;
    size_t nhits, caphits;
    char *chunk; /* scan_fd's read buffer */
    const char *data; /* being scanned, for on_match */
};

size_t scan_builtin_rule_count(void);

/* Where a slice of a larger input starts: its line, and how many bytes of
 * that line came before the slice. */
struct scan_pos {
    long line;
    long col;
};

/* Scans data[0, len) and reports the candidates starting before
 * `report_end`; `at` is the position of data[0] in the whole input. */
int scan_region(struct scan_worker *w, const char *path, const char *data, size_t len,
                size_t report_end, struct scan_pos at, struct scan_findings *out);

/* Where the value that ends at `to` starts (SCAN_SECRET_VALUE rules). */
size_t scan_value_start(const char *data, size_t to);

/* Cuts the secret out of a candidate; false when the candidate is not one. */
bool scan_extract(const struct scan_rule *r, const char *data, size_t len, size_t from, size_t to,
                  size_t *s, size_t *e);

/* Hashes the secret (for PEM bodies only the base64 characters, so
 * re-wrapping keeps the fingerprint) into 40 hex digits. */
void scan_fingerprint(char out[41], const struct scan_rule *r, const char *s, size_t n);

#endif
