/* SPDX-License-Identifier: MIT */
/*
 * Private to src/gate: a streaming JSON writer for the gate's outputs and
 * baselines. A 200,000-finding decision is written as it is walked, never
 * built as a tree first (jansson would need ~20 allocations per finding).
 * Output goes through a 64 KiB buffer of our own; fwrite sees big blocks.
 */
#ifndef GATE_JWRITE_H
#define GATE_JWRITE_H

#include "gate/gate.h"

#define GATE_JW_DEPTH 32

struct gate_jw {
    FILE *f;
    char buf[64 << 10];
    size_t len;
    int depth;
    bool pretty;
    bool need_comma[GATE_JW_DEPTH];
    bool after_key;
    bool error;
};

void gate_jw_init(struct gate_jw *w, FILE *f, bool pretty);
/* Flushes; returns 0, or -1 when a write failed. */
int gate_jw_finish(struct gate_jw *w);

void gate_jw_open(struct gate_jw *w, char c); /* '{' or '[' */
void gate_jw_close(struct gate_jw *w, char c); /* '}' or ']' */
/* `k` is one of our own ASCII key names: it is written without escaping.
 * The k* calls are macros so that the length of a literal key folds at
 * compile time: a 200,000-finding output writes millions of keys. */
void gate_jw_keyn(struct gate_jw *w, const char *k, size_t n);
#define gate_jw_key(w, k) gate_jw_keyn((w), (k), strlen(k))
/* A string, or null when s is NULL. */
void gate_jw_str(struct gate_jw *w, const char *s);
void gate_jw_strn(struct gate_jw *w, const char *s, size_t n);
void gate_jw_int(struct gate_jw *w, long long v);
void gate_jw_uint(struct gate_jw *w, unsigned long long v);
void gate_jw_double(struct gate_jw *w, double v, int decimals);
void gate_jw_bool(struct gate_jw *w, bool v);
void gate_jw_null(struct gate_jw *w);

/* key + value in one call, the common case. */
#define gate_jw_kstr(w, k, s) (gate_jw_key((w), (k)), gate_jw_str((w), (s)))
#define gate_jw_kint(w, k, v) (gate_jw_key((w), (k)), gate_jw_int((w), (v)))
#define gate_jw_kbool(w, k, v) (gate_jw_key((w), (k)), gate_jw_bool((w), (v)))
/* Only when s is not NULL (SARIF leaves absent properties out). */
void gate_jw_kstr_opt(struct gate_jw *w, const char *k, const char *s);

/* Plain bytes, for the markdown and text writers that share the buffer. */
void gate_jw_raw(struct gate_jw *w, const char *s, size_t n);

#endif
