/* SPDX-License-Identifier: MIT */
/*
 * The two glob dialects GitHub Actions uses, and the ordered include/exclude
 * lists built on them.
 *
 * SG_GLOB_FILTER is the dialect of workflow filters (on.push.branches, tags,
 * paths...): `*` any run of characters except `/`, `**` any run including
 * `/`, `?` zero or one of the preceding character, `+` one or more of the
 * preceding character, `[...]` one character of a set or range, `\` escapes
 * the next character. A leading `!` (in lists) negates.
 *
 * SG_GLOB_PATH is the dialect of hashFiles() and @actions/glob: `*` and `**`
 * as above (`**` only as a whole path segment), `?` exactly one character
 * other than `/`, `[...]` a set; patterns are matched against paths relative
 * to a root.
 */
#ifndef SG_GLOB_H
#define SG_GLOB_H

#include "base/base.h"

enum sg_glob_dialect { SG_GLOB_FILTER, SG_GLOB_PATH };

/* Whether `text` matches the whole of `pattern` (no leading `!` handling). */
bool sg_glob_match(enum sg_glob_dialect d, const char *pattern, const char *text);

/*
 * Checks that `pattern` is well-formed in dialect `d` (for lint). Returns 0,
 * or -1 with a message appended to `err` (e.g. an unterminated `[`).
 */
int sg_glob_check(enum sg_glob_dialect d, const char *pattern, struct sg_buf *err);

/*
 * Checks one list item: a leading `!` (several toggle, in SG_GLOB_PATH) is
 * taken off, then the rest is checked as sg_glob_check does.
 */
int sg_filter_check(enum sg_glob_dialect d, const char *item, struct sg_buf *err);

/*
 * Evaluates an ordered pattern list against one value, as GitHub does:
 * patterns are tried in order, a match of a plain pattern includes, a match
 * of a `!pattern` excludes, and the last pattern that matches decides.
 * Returns true when the value ends up included.
 */
bool sg_filter_match(enum sg_glob_dialect d, const char *const *patterns, size_t n,
                     const char *value);

/*
 * hashFiles(): walks `root` for regular files matching any of the patterns
 * (SG_GLOB_PATH, relative to root; `!pattern` excludes; files outside root
 * are ignored), in the runner's order (each pattern's literal directory in
 * pattern order, walked depth first with names sorted bytewise), and writes
 * the lower-case hex SHA-256 of the concatenated SHA-256 digests of their
 * contents into out_hex, or "" when nothing matched. As in @actions/glob, a
 * pattern matching a directory matches everything below it, and symbolic
 * links are not followed while walking (a link to a file is hashed as its
 * target's content). Returns 0, or -1 with a message in `err` when a
 * matched file cannot be read.
 */
int sg_hash_files(char out_hex[65], const char *root, const char *const *patterns, size_t n,
                  struct sg_buf *err);

#endif
