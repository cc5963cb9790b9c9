/* SPDX-License-Identifier: MIT */
/*
 * Private to src/gate: the output writers (output_<format>.c) behind
 * gate_output_write, and what they share: a finding's location as one
 * line of text, and severity counts.
 */
#ifndef GATE_OUTPUT_H
#define GATE_OUTPUT_H

#include "gate/jwrite.h"

void gate_out_text(struct gate_jw *w, const struct gate_decision *dec,
                   const struct gate_output_opts *o);
void gate_out_json(struct gate_jw *w, const struct gate_decision *dec,
                   const struct gate_output_opts *o);
void gate_out_sarif(struct gate_jw *w, const struct gate_decision *dec,
                    const struct gate_output_opts *o);
void gate_out_markdown(struct gate_jw *w, const struct gate_decision *dec,
                       const struct gate_output_opts *o);

/* "path:12", "pkg@1.2 (fixed in 1.3)", "[image]"... appended to b. */
void gate_out_location(struct sg_buf *b, const struct gate_finding *f);
/* Findings per verdict, for the summaries. */
void gate_out_verdict_counts(const struct gate_decision *dec, size_t counts[5]);
/* printf into the writer. */
void gate_out_printf(struct gate_jw *w, const char *fmt, ...) SG_PRINTF(2, 3);

#endif
