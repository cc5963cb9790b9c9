/* SPDX-License-Identifier: MIT */
/*
 * Private to the SARIF parser: one run's rules and results as they stream
 * in (report_sarif.c), resolved into findings when the run closes
 * (sarif_resolve.c), since a run may list its results before its rules.
 */
#ifndef GATE_SARIF_H
#define GATE_SARIF_H

#include "gate/gate_int.h"

struct sarif_kv {
    const char *key, *value;
    struct sarif_kv *next;
};

struct sarif_rule {
    const char *id, *name, *short_desc, *full_desc, *help_uri, *level, *sec_sev;
    struct sarif_kv *messages; /* messageStrings: id -> text */
    bool tag_vuln, tag_misconf, tag_secret;
};

/* tool.driver (index 0) or one of tool.extensions (index i + 1). */
struct sarif_comp {
    const char *name;
    struct sarif_rule *rules;
    size_t n, cap;
    struct sarif_rule **by_id; /* sorted on demand */
};

struct sarif_result {
    struct gate_finding *f;
    const char *rule_id, *level, *kind, *msg_id, *sec_sev;
    const char *uri, *uri_base;
    long rule_index, comp_index, artifact_index;
    struct sarif_kv *partial, *fps, *args, *args_last;
    bool tag_vuln, tag_misconf, tag_secret;
    /* the suppression being read */
    const char *sup_status, *sup_kind, *sup_just;
};

struct sarif_run {
    struct sarif_comp *comps;
    size_t n_comps, cap_comps;
    struct sarif_kv *bases;   /* originalUriBaseIds: id -> uri */
    const char **artifacts;   /* artifacts[i].location.uri */
    size_t n_artifacts, cap_artifacts;
    struct sarif_result *results;
    size_t n_results, cap_results;
};

struct sarif_istr {
    const char *s;
    size_t len;
    uint64_t hash;
};

/* Longer strings are copied as they are; past SARIF_INTERN_MAX slots
 * (a log of millions of distinct short strings) too. */
#define SARIF_INTERN_LEN 200
#define SARIF_INTERN_MAX ((size_t)1 << 22)

struct sarif {
    struct gate_parse *p;
    struct sarif_run run;
    struct sarif_rule *rule; /* the rule being read */
    struct sarif_result *res; /* the result being read */
    bool saw_runs;
    /* The run's tool (with its rules) closed before the results began: each
     * result is resolved as soon as it closes, and its slot reused. */
    bool tool_done;
    /* Short strings that repeat from result to result (rule ids, levels,
     * URIs, fingerprint keys) are kept once, so that equal paths and rules
     * are mostly equal pointers for the sorts downstream. */
    struct sarif_istr *istr;
    size_t n_istr, cap_istr;
    /* Answers for the last string asked about (rule-wide strings). */
    const char *tool_name;
    bool tool_seen, tool_secret;
    const char *score_text;
    bool score_ok;
    enum gate_severity score_sev;
};

void sarif_run_reset(struct sarif_run *r);
/* Turns the run's results into findings; frees the run's working arrays. */
int sarif_run_resolve(struct sarif *s);
/* Turns one result into a finding (nothing when its kind is not "fail"). */
void sarif_result_resolve(struct sarif *s, struct sarif_result *res);

#endif
