/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for src/base/cron.c: parses the input as a cron
 * expression; when it parses, the next fire time after a fixed instant must
 * lie after it and match the expression, and no minute between the two may.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/cron.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_buf err = SG_BUF_INIT;
    struct sg_cron c;
    size_t col = 0;
    char *s;
    time_t after = 1709251200 + 37; /* 2024-03-01 00:00:37 UTC */
    time_t next, t;
    struct tm tm;

    if (size > 512)
        return 0;
    s = sg_xstrndup((const char *)data, size);
    if (sg_cron_parse(&c, s, &err, &col) < 0) {
        if (col > strlen(s) || err.len == 0)
            abort();
    } else if (sg_cron_next(&c, after, &next) == 0) {
        if (next <= after || next % 60 != 0 || !gmtime_r(&next, &tm) || !sg_cron_matches(&c, &tm))
            abort();
        /* Nothing earlier may match (bounded so each input stays quick). */
        for (t = after - after % 60 + 60; t < next && t < after + 3 * 24 * 3600; t += 60) {
            gmtime_r(&t, &tm);
            if (sg_cron_matches(&c, &tm))
                abort();
        }
    }
    sg_buf_release(&err);
    free(s);
    return 0;
}
