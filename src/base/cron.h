/* SPDX-License-Identifier: MIT */
/*
 * POSIX cron expressions as `on.schedule[].cron` accepts them: five fields
 * (minute hour day-of-month month day-of-week), with `*`, lists, ranges,
 * steps, and month and weekday names. Times are UTC, as GitHub runs them.
 */
#ifndef SG_CRON_H
#define SG_CRON_H

#include "base/base.h"

#include <time.h>

struct sg_cron {
    uint64_t minutes; /* bit i: minute i */
    uint32_t hours;
    uint32_t mdays;   /* bit 1..31 */
    uint16_t months;  /* bit 1..12 */
    uint8_t wdays;    /* bit 0..6, Sunday 0 (7 is folded into 0) */
    bool mday_any, wday_any; /* for cron's day-of-month OR day-of-week rule */
};

/*
 * Parses a cron expression. Returns 0, or -1 with a message appended to
 * `err` that names the offending field and what was expected; *col_out
 * (when not NULL) gets the 0-based byte offset of the problem.
 */
int sg_cron_parse(struct sg_cron *out, const char *s, struct sg_buf *err, size_t *col_out);

/* Whether the UTC broken-down time (seconds ignored) matches. */
bool sg_cron_matches(const struct sg_cron *c, const struct tm *utc);

/* The first matching minute strictly after `after`; -1 when none in 5 years. */
int sg_cron_next(const struct sg_cron *c, time_t after, time_t *out);

#endif
