/* SPDX-License-Identifier: MIT */
/*
 * Small string predicates and conversions used across subsystems.
 */
#include "base.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool sg_str_eq_nocase(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

bool sg_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool sg_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool sg_parse_long(const char *s, long *out)
{
    char *end;
    long v;
    if (!*s)
        return false;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}
