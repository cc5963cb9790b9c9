/* SPDX-License-Identifier: MIT */
/*
 * Private to src/gate: the format registry, the parse context every format
 * parser receives, the streaming JSON driver (jstream.c), the XML reader
 * set-up (xmlread.c) and the helpers that build findings (finding.c,
 * fingerprint.c). Nothing outside src/gate includes this.
 */
#ifndef GATE_INT_H
#define GATE_INT_H

#include "gate/gate.h"

/* ---- input and parse context --------------------------------------------- */

/* Where a report's bytes come from: memory, or an open file read in chunks
 * so a 100 MB log never sits in memory whole. */
struct gate_input {
    const char *data;
    size_t len;
    FILE *fp;
};

struct gate_parse {
    struct gate_report *report;
    struct sg_arena *arena;
    const struct gate_parse_opts *opts;
    struct sg_diags *diags;
    const char *file;
    struct gate_input in;
};

/* What detection saw in a report's first bytes. */
#define GATE_SNIFF_MAX 256
struct gate_sniff {
    bool json, xml;
    bool root_array;
    char root_element[64]; /* XML */
    /* JSON key paths up to depth 3 seen in the prefix, "runs", "results[].check_id",
     * "[].RuleID" (array elements are written "[]"). */
    char *paths[GATE_SNIFF_MAX];
    size_t n_paths;
    const char *prefix; /* the bytes looked at, BOM removed */
    size_t prefix_len;
};
bool gate_sniff_has(const struct gate_sniff *s, const char *path);

typedef bool (*gate_detect_fn)(const struct gate_sniff *s);
typedef int (*gate_parse_fn)(struct gate_parse *p);

#define GATE_FORMAT(name, detect, parse)                                                          \
    bool detect(const struct gate_sniff *s);                                                      \
    int parse(struct gate_parse *p);
#include "gate/formats.def"
#undef GATE_FORMAT

/* Records an error about the whole file (no position). Returns -1. */
int gate_fail(struct gate_parse *p, int line, int col, const char *fmt, ...) SG_PRINTF(4, 5);

/* ---- streaming JSON (jstream.c) ------------------------------------------ */

enum gate_jtype { GATE_J_NULL, GATE_J_BOOL, GATE_J_NUMBER, GATE_J_STRING, GATE_J_MAP, GATE_J_ARRAY };

#define GATE_JDEPTH_MAX 256
#define GATE_JKEY_MAX 64
#define GATE_JSTRING_MAX (64u << 20)

struct gate_jframe {
    enum gate_jtype type; /* GATE_J_MAP or GATE_J_ARRAY */
    long index;           /* arrays: index of the current element */
    char key[GATE_JKEY_MAX]; /* maps: the current key ("" when too long) */
    size_t key_len;
};

struct gate_js;

/*
 * value: a scalar (s, n hold its text: numbers as written, booleans as
 * true/false) or the start of a map or array (s NULL). The path (frames)
 * names where the value sits. end: a map or array closed; the path names it
 * again. Either returns 0 to go on, -1 to stop (after gate_js_fail).
 */
struct gate_jhandler {
    int (*value)(void *ctx, struct gate_js *js, enum gate_jtype t, const char *s, size_t n);
    int (*end)(void *ctx, struct gate_js *js, enum gate_jtype t);
};

struct gate_js {
    struct gate_parse *p;
    const struct gate_jhandler *h;
    void *ctx;
    struct gate_jframe frames[GATE_JDEPTH_MAX];
    int depth;
    void *yajl;
    /* For positions: bytes before the current chunk and their line count. */
    const unsigned char *chunk;
    size_t chunk_len, chunk_base;
    long lines_before;
    size_t cols_before; /* characters after the last newline before the chunk */
    bool failed;
    bool quiet; /* detection: no diagnostics */
};

/* Streams p->in through `h`. Returns 0, or -1 with a positioned error. */
int gate_json_run(struct gate_parse *p, const struct gate_jhandler *h, void *ctx);
/* Like gate_json_run over a prefix, errors ignored (detection). */
void gate_json_sniff(const char *data, size_t len, const struct gate_jhandler *h, void *ctx);

/* True when the current path matches `pat` from frame `from` on: keys joined
 * by '.', "[]" for an array element, "*" for any key: "runs[].results[].level". */
bool gate_js_matchn(const struct gate_js *js, int from, const char *pat, size_t n);
/* A macro so that strlen of the literal patterns folds at compile time:
 * parsers try a dozen patterns per value of a 100 MB report. */
#define gate_js_match(js, from, pat) gate_js_matchn((js), (from), (pat), strlen(pat))
#define gate_js_at(js, pat) gate_js_match((js), 0, (pat))
/* When the path starts with `pat`, the number of frames it covers (so fields
 * below it can be matched with gate_js_match(js, n, ...)); else -1. */
int gate_js_prefix(const struct gate_js *js, const char *pat);
/* The innermost key, "" when the innermost container is an array. */
const char *gate_js_key(const struct gate_js *js);
/* The path as text for messages: runs[0].results[3].level. */
const char *gate_js_path(const struct gate_js *js, struct sg_arena *a);
/* Records an error at the current position and stops the parse. Returns -1. */
int gate_js_fail(struct gate_js *js, const char *fmt, ...) SG_PRINTF(2, 3);
/* Fails unless t is `want`: "expected an array for 'runs[0].results', got a string". */
int gate_js_expect(struct gate_js *js, enum gate_jtype t, enum gate_jtype want);
const char *gate_jtype_name(enum gate_jtype t);

/* ---- XML (xmlread.c) ------------------------------------------------------ */

/* A libxml2 text reader over p->in with network, DTD loading and entity
 * substitution off; NULL after an error. The callback gets each element start
 * (depth from 0) with its name; attributes are read with gate_xml_attr. */
struct gate_xml;
typedef int (*gate_xml_elem_fn)(void *ctx, struct gate_xml *x, int depth, const char *name);
/* Runs the reader to the end. Returns 0, or -1 with a positioned error
 * (never partial results: a truncated file is an error). */
int gate_xml_run(struct gate_parse *p, gate_xml_elem_fn on_elem, void *ctx);
/* The attribute's value in the arena, or NULL. */
const char *gate_xml_attr(struct gate_xml *x, const char *name);
int gate_xml_line(struct gate_xml *x);
/* Records an error at the current element. Returns -1. */
int gate_xml_fail(struct gate_xml *x, const char *fmt, ...) SG_PRINTF(2, 3);

/* ---- findings (finding.c) ------------------------------------------------- */

/* Appends a zeroed finding with the given tool and kind. */
struct gate_finding *gate_finding_add(struct gate_parse *p, const char *tool, enum gate_kind kind);
/* Appends a finding built elsewhere in the arena (SARIF decides late). */
void gate_finding_push(struct gate_parse *p, struct gate_finding *f);
/* Marks the severity unknown: the policy's `unknown:` value is used. */
void gate_finding_unknown_severity(struct gate_parse *p, struct gate_finding *f);
/* Adds an advisory id, keeping the list sorted and unique. */
void gate_finding_add_advisory(struct gate_parse *p, struct gate_finding *f, const char *id, size_t n);
char *gate_strn(struct gate_parse *p, const char *s, size_t n);
/* A whole decimal integer, or 0 when the text is not one. */
long gate_num_long(const char *s, size_t n);
double gate_num_double(const char *s, size_t n);

/* Severity by name: critical, high, medium/moderate, low, info/informational/
 * note/negligible (any case). False for UNKNOWN or anything else. */
bool gate_sev_from_name(const char *s, size_t n, enum gate_severity *out);
/* SARIF security-severity score: >= 9 critical, >= 7 high, >= 4 medium, > 0 low;
 * false for 0 or no number. */
bool gate_sev_from_score(const char *s, size_t n, enum gate_severity *out);
/* SARIF level: error high, warning medium, note low, none info. */
bool gate_sev_from_level(const char *s, enum gate_severity *out);

/* ---- string ranks (strrank.c) --------------------------------------------- */

/* ranks[i] for strs[i] (NULL counts as ""): equal strings get equal ranks,
 * and ranks compare as the strings do under strcmp. */
void gate_str_ranks(const char *const *strs, size_t n, uint32_t *ranks);
/* order[0..n): the indices 0..n-1 sorted by keys[n_keys - 1][i] first,
 * keys[0][i] last, equal keys in index order (an LSD radix sort: stable,
 * no comparisons). */
void gate_radix_order(size_t *order, const uint32_t *const *keys, size_t n_keys, size_t n);

/* ---- fingerprints (fingerprint.c) ---------------------------------------- */

/* Fills in every finding's fingerprint per DESIGN.md section 6. */
void gate_fingerprint_all(struct gate_parse *p);
/* Lower-case hex BLAKE2b-128 of the bytes, in the arena. */
char *gate_hash_hex(struct sg_arena *a, const void *data, size_t n);

#endif
