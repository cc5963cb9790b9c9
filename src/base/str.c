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

size_t sg_utf8_seq_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2, cp = s[0] & 0x1F;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3, cp = s[0] & 0x0F;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4, cp = s[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    /* Overlong forms and surrogates are not UTF-8. */
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

bool sg_utf8_find_invalid(const char *text, size_t len, int *line, int *col)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, n;
    int l = 1, c = 1;

    while (i < len) {
        if (s[i] < 0x80) {
            if (s[i] == '\n')
                l++, c = 0;
            c++;
            i++;
            continue;
        }
        n = sg_utf8_seq_len(s + i, len - i);
        if (n == 0) {
            *line = l;
            *col = c;
            return true;
        }
        c++;
        i += n;
    }
    return false;
}

/* YAML 1.2's c-printable set (the BOM is allowed too, libfyaml skips it). */
static bool yaml_printable(unsigned cp)
{
    return cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
           (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

static unsigned utf8_decode(const unsigned char *s, size_t n)
{
    unsigned cp = n == 1 ? s[0] : n == 2 ? s[0] & 0x1Fu : n == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
    size_t i;
    for (i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3Fu);
    return cp;
}

bool sg_yaml_find_bad_char(const char *text, size_t len, int *line, int *col, long *cp_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, n;
    int l = 1, c = 1;

    while (i < len) {
        n = sg_utf8_seq_len(s + i, len - i);
        if (n == 0 || !yaml_printable(utf8_decode(s + i, n))) {
            *line = l;
            *col = c;
            *cp_out = n == 0 ? -1 : (long)utf8_decode(s + i, n);
            return true;
        }
        if (s[i] == '\n')
            l++, c = 0;
        c++;
        i += n;
    }
    return false;
}

/* [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? */
bool sg_is_decimal(const char *s, size_t n)
{
    size_t i = 0, digits = 0, exp_digits = 0;

    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (!digits)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, exp_digits++;
        if (!exp_digits)
            return false;
    }
    return i == n;
}
