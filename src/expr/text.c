/* SPDX-License-Identifier: MIT */
/*
 * Text rules GitHub's expression engine inherits from .NET: how strings
 * become numbers (ExpressionUtility.ParseNumber), how numbers print
 * (Double.ToString("G15")), OrdinalIgnoreCase comparison, UTF-16 positions
 * in error messages, and the error constructor the stages share.
 */
#include <math.h>

#include "expr/expr_int.h"

int expr_fail(struct expr_error *err, struct sg_arena *a, enum expr_error_kind kind, size_t offset,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->kind = kind;
    err->offset = offset;
    err->message = sg_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return -1;
}

const char *expr_error_kind_name(enum expr_error_kind k)
{
    switch (k) {
    case EXPR_ERR_LEXING: return "lexing";
    case EXPR_ERR_PARSING: return "parsing";
    case EXPR_ERR_EVALUATION: return "evaluation";
    default: return "none";
    }
}

size_t expr_position(const char *src, size_t off)
{
    size_t units = 0;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)src[i];
        if ((c & 0xC0) != 0x80)
            units++;
        if (c >= 0xF0)
            units++; /* a surrogate pair in UTF-16 */
    }
    return units + 1;
}

/* ---- numbers ------------------------------------------------------------ */

static bool is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static double parse_radix(const char *s, size_t n, unsigned radix)
{
    uint64_t v = 0;
    if (n == 0)
        return NAN;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (radix == 16 && c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (radix == 16 && c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return NAN;
        if (d >= radix)
            return NAN;
        v = v * radix + d;
        if (v > 0xFFFFFFFFu)
            return NAN;
    }
    /* .NET parses into Int32: the top bit is the sign. */
    return (double)(int32_t)(uint32_t)v;
}

static double parse_decimal(const char *s, size_t n)
{
    char small[64];
    char *buf = n < sizeof(small) ? small : sg_xmalloc(n + 1);
    double d;
    memcpy(buf, s, n);
    buf[n] = '\0';
    d = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return d;
}

double expr_parse_number(const char *s, size_t n)
{
    size_t sign = 0;

    while (n && is_space((unsigned char)*s))
        s++, n--;
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    if (n == 0)
        return 0;
    if (sg_is_decimal(s, n))
        return parse_decimal(s, n);
    if (n > 2 && s[0] == '0' && s[1] == 'x')
        return parse_radix(s + 2, n - 2, 16);
    if (n > 2 && s[0] == '0' && s[1] == 'o')
        return parse_radix(s + 2, n - 2, 8);
    if (s[0] == '+' || s[0] == '-')
        sign = 1;
    /* .NET's Double.Parse knows its infinity and NaN symbols, ignoring case. */
    if (n - sign == 8 && !strncasecmp(s + sign, "Infinity", 8))
        return s[0] == '-' ? -INFINITY : INFINITY;
    return NAN;
}

static size_t put_exponent(char *out, int e)
{
    return (size_t)snprintf(out, 8, "E%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
}

size_t expr_format_number(char *buf, double d)
{
    char digits[32], *p;
    int exp, nd;
    size_t n = 0;

    if (isnan(d))
        return (size_t)snprintf(buf, 32, "NaN");
    if (isinf(d))
        return (size_t)snprintf(buf, 32, d < 0 ? "-Infinity" : "Infinity");
    if (d == 0)
        return (size_t)snprintf(buf, 32, "0"); /* GitHub prints -0 as 0 */
    /* 15 significant digits, then .NET's choice of fixed or scientific. */
    snprintf(digits, sizeof(digits), "%.14e", fabs(d));
    p = strchr(digits, 'e');
    exp = (int)strtol(p + 1, NULL, 10);
    *p = '\0';
    memmove(digits + 1, digits + 2, strlen(digits + 2) + 1); /* drop the '.' */
    nd = (int)strlen(digits);
    while (nd > 1 && digits[nd - 1] == '0')
        digits[--nd] = '\0';
    if (d < 0)
        buf[n++] = '-';
    if (exp >= 15 || exp < -4) { /* .NET: fixed only for -5 < exponent < 15 */
        buf[n++] = digits[0];
        if (nd > 1) {
            buf[n++] = '.';
            memcpy(buf + n, digits + 1, (size_t)nd - 1);
            n += (size_t)nd - 1;
        }
        n += put_exponent(buf + n, exp);
    } else if (exp < 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = -1; i > exp; i--)
            buf[n++] = '0';
        memcpy(buf + n, digits, (size_t)nd);
        n += (size_t)nd;
    } else {
        for (int i = 0; i <= exp || i < nd; i++) {
            if (i == exp + 1)
                buf[n++] = '.';
            buf[n++] = i < nd ? digits[i] : '0';
        }
    }
    buf[n] = '\0';
    return n;
}

/* ---- case-insensitive comparison ----------------------------------------- */

/* Decodes one UTF-8 character; invalid bytes stand for themselves. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    uint32_t c = s[0];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (c < 0x80 || need > n) {
        *len = 1;
        return c < 0x80 ? c : 0x110000 + c;
    }
    c &= 0xFF >> (need + 1);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return 0x110000 + s[0];
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *len = need;
    return c;
}

static bool in_pairs(uint32_t c, uint32_t lo, uint32_t hi, uint32_t upper_parity)
{
    return c >= lo && c <= hi && (c & 1) != upper_parity;
}

/*
 * Simple upper-case mapping for the scripts workflows meet (Latin, Greek,
 * Cyrillic, Armenian, full-width ASCII). Like .NET's OrdinalIgnoreCase it
 * leaves U+0130 and U+0131 alone. Every mapping keeps the UTF-8 length.
 * NEEDSWORK: the rest of Unicode's simple case mappings.
 */
static uint32_t to_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c == 0xB5)
        return 0x39C;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 0x20;
    if (c == 0xFF)
        return 0x178;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
            return c;
        if (in_pairs(c, 0x100, 0x137, 0) || in_pairs(c, 0x14A, 0x177, 0))
            return c - 1;
        if (in_pairs(c, 0x139, 0x148, 1) || in_pairs(c, 0x179, 0x17E, 1))
            return c - 1;
        return c;
    }
    if (c == 0x3C2)
        return 0x3A3;
    if ((c >= 0x3B1 && c <= 0x3C1) || (c >= 0x3C3 && c <= 0x3CB))
        return c - 0x20;
    if (c == 0x3AC)
        return 0x386;
    if (c >= 0x3AD && c <= 0x3AF)
        return c - 0x25;
    if (c == 0x3CC)
        return 0x38C;
    if (c == 0x3CD || c == 0x3CE)
        return c - 0x3F;
    if (c >= 0x430 && c <= 0x44F)
        return c - 0x20;
    if (c >= 0x450 && c <= 0x45F)
        return c - 0x50;
    if (in_pairs(c, 0x460, 0x481, 0) || in_pairs(c, 0x48A, 0x4BF, 0))
        return c - 1;
    if (c >= 0x561 && c <= 0x586)
        return c - 0x30;
    if (in_pairs(c, 0x1E00, 0x1E95, 0) || in_pairs(c, 0x1EA0, 0x1EFF, 0))
        return c - 1;
    if (c >= 0xFF41 && c <= 0xFF5A)
        return c - 0x20;
    return c;
}

static inline unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Compares the first n bytes of a and b; both hold n bytes. Because every
 * mapping keeps the UTF-8 length, equal strings have equal byte lengths. */
static bool ieq_bytes(const unsigned char *a, const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t la, lb;
        uint32_t ca, cb;
        if (a[i] < 0x80 && b[i] < 0x80) {
            if (ascii_lower(a[i]) != ascii_lower(b[i]))
                return false;
            i++;
            continue;
        }
        ca = utf8_next(a + i, n - i, &la);
        cb = utf8_next(b + i, n - i, &lb);
        if (la != lb || to_upper(ca) != to_upper(cb))
            return false;
        i += la;
    }
    return true;
}

bool expr_str_ieq(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && ieq_bytes((const unsigned char *)a, (const unsigned char *)b, alen);
}

bool expr_str_istarts(const char *s, size_t slen, const char *p, size_t plen)
{
    return plen <= slen && ieq_bytes((const unsigned char *)s, (const unsigned char *)p, plen);
}

static bool char_start(const char *s, size_t i)
{
    return ((unsigned char)s[i] & 0xC0) != 0x80;
}

bool expr_str_iends(const char *s, size_t slen, const char *p, size_t plen)
{
    return plen <= slen && char_start(s, slen - plen) &&
           ieq_bytes((const unsigned char *)s + slen - plen, (const unsigned char *)p, plen);
}

bool expr_str_icontains(const char *s, size_t slen, const char *p, size_t plen)
{
    unsigned char first;
    if (plen == 0)
        return true;
    if (plen > slen)
        return false;
    first = (unsigned char)p[0];
    for (size_t i = 0; i + plen <= slen; i++) {
        unsigned char c = (unsigned char)s[i];
        /* Cheap filter on the first byte when it is ASCII. */
        if (first < 0x80 && ascii_lower(c) != ascii_lower(first))
            continue;
        if (char_start(s, i) &&
            ieq_bytes((const unsigned char *)s + i, (const unsigned char *)p, plen))
            return true;
    }
    return false;
}
