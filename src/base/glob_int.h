/* SPDX-License-Identifier: MIT */
/*
 * What glob.c shares with hashfiles.c only: single-segment matching and
 * literal extraction in the SG_GLOB_PATH dialect (minimatch's rules as
 * @actions/glob configures them: dot files match, no braces, no extglobs).
 */
#ifndef SG_GLOB_INT_H
#define SG_GLOB_INT_H

#include "base/base.h"

/* Whether one path segment `seg` matches the pattern segment `pat` (neither
 * contains '/'); `**` inside a segment acts like `*`. */
bool sg_glob_segment_match(const char *pat, size_t plen, const char *seg, size_t slen);

/* When pattern segment `pat` is a literal (escapes and one-character sets
 * such as `[x]` allowed), appends it unescaped to `out` and returns true. */
bool sg_glob_segment_literal(const char *pat, size_t plen, struct sg_buf *out);

#endif
