/* SPDX-License-Identifier: MIT */
/*
 * The precise check behind each Vectorscan candidate: cutting the secret out
 * of the match, Shannon entropy, placeholders and stop-words, inline allow
 * comments, and the fingerprint. Pure functions over bytes, no I/O.
 */
#include <ctype.h>
#include <math.h>
#include <sodium.h>

#include "scan_int.h"

double scan_entropy(const char *s, size_t n)
{
    size_t counts[256] = {0};
    double h = 0;
    size_t i;
    if (n == 0)
        return 0;
    for (i = 0; i < n; i++)
        counts[(unsigned char)s[i]]++;
    for (i = 0; i < 256; i++) {
        if (counts[i]) {
            double p = (double)counts[i] / (double)n;
            h -= p * log2(p);
        }
    }
    return h;
}

static bool contains_nocase(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle), i;
    if (m > n)
        return false;
    for (i = 0; i + m <= n; i++)
        if (strncasecmp(s + i, needle, m) == 0)
            return true;
    return false;
}

/* Words that mark documentation and templates. Each is long enough (or
 * made of characters tokens do not use) that a random key is very
 * unlikely to contain it by chance. */
static const char *const placeholder_words[] = {
    "xxxx", "example", "changeme", "change_me", "change-me", "placeholder", "your_", "your-",
    "yourkey", "yourtoken", "yoursecret", "<", ">", "${", "{{", "$(", "%(", "%s", "%d", "#{", "***", "...",
    "dummy", "redacted", "sample", "insert_", "replace_me", "replaceme", "notasecret",
    "not_a_secret", "not-a-secret", "abcdefgh", "01234567", "12345678", "qwertyui", "00000000",
};

static const char *const placeholder_values[] = {
    "password", "passwd", "pass", "secret", "pwd", "root", "admin", "user", "guest",
    "changeit", "postgres", "mysql", "redis", "token", "none", "null", "true", "false",
    "undefined", "test", "default",
};

static bool mostly_one_char(const char *s, size_t n)
{
    size_t counts[256] = {0}, distinct = 0, max = 0, i;
    for (i = 0; i < n; i++) {
        size_t c = ++counts[(unsigned char)s[i]];
        if (c == 1)
            distinct++;
        if (c > max)
            max = c;
    }
    return distinct <= 2 || (n >= 6 && max * 10 > n * 6);
}

bool scan_is_placeholder(const char *s, size_t n)
{
    size_t i;
    if (n == 0)
        return true;
    for (i = 0; i < SG_ARRAY_SIZE(placeholder_values); i++)
        if (strlen(placeholder_values[i]) == n && strncasecmp(s, placeholder_values[i], n) == 0)
            return true;
    for (i = 0; i < SG_ARRAY_SIZE(placeholder_words); i++)
        if (contains_nocase(s, n, placeholder_words[i]))
            return true;
    return mostly_one_char(s, n);
}

bool scan_line_allows(const char *line, size_t n)
{
    return memmem(line, n, "shipgate:allow", 14) != NULL || memmem(line, n, "gitleaks:allow", 14) != NULL;
}

static bool is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '=' || c == ':' || c == '>' ||
           c == '-' || c == '`';
}

static bool is_trailer(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '`' ||
           c == ';' || c == ',' || c == ')' || c == '}' || c == ']';
}

static bool is_b64(char c)
{
    return isalnum((unsigned char)c) || c == '+' || c == '/' || c == '=';
}

/* After a key header: header fields (Proc-Type, Comment, ...), then the
 * base64 body up to the END line. JSON-escaped newlines ("\n") count as
 * line breaks, so keys inside service-account files are found too. */
static bool pem_body(const char *data, size_t len, size_t from, size_t *s, size_t *e)
{
    size_t limit = from + 65536 < len ? from + 65536 : len, i = from, nb64 = 0, start = 0, end;
    bool in_body = false;
    while (i < limit) {
        size_t ls = i, le;
        while (i < limit && data[i] != '\n' && !(data[i] == '\\' && i + 1 < limit && data[i + 1] == 'n'))
            i++;
        le = i;
        i += (i < limit && data[i] == '\\') ? 2 : 1;
        while (ls < le && (data[ls] == ' ' || data[ls] == '\t' || data[ls] == '"'))
            ls++;
        if (le - ls >= 4 && memcmp(data + ls, "----", 4) == 0)
            break;
        if (memchr(data + ls, ':', le - ls))
            continue; /* a header field (Proc-Type, Comment, Private-Lines) */
        for (end = ls; end < le; end++)
            if (!is_b64(data[end]) && data[end] != '\r' && data[end] != ' ' && data[end] != '"' &&
                data[end] != ',')
                break;
        if (end < le) {
            if (in_body)
                break; /* the text after the key */
            return false; /* no body: prose, "..." or a placeholder */
        }
        for (end = ls; end < le; end++) {
            if (is_b64(data[end])) {
                if (!in_body)
                    start = end;
                in_body = true;
                nb64++;
            }
        }
        if (in_body)
            *e = le;
    }
    if (nb64 < 64)
        return false;
    *s = start;
    return true;
}

static bool jwt_has_alg(const char *s, size_t n)
{
    size_t dot = 0, outlen = 0;
    unsigned char hdr[512];
    while (dot < n && s[dot] != '.')
        dot++;
    if (sodium_base642bin(hdr, sizeof(hdr) - 1, s, dot, NULL, &outlen, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return false;
    return memmem(hdr, outlen, "\"alg\"", 5) != NULL || memmem(hdr, outlen, "\"typ\"", 5) != NULL;
}

static bool url_password(const char *m, size_t n, size_t *s, size_t *e)
{
    const char *sch = memmem(m, n, "://", 3), *at, *colon;
    size_t ui;
    if (!sch)
        return false;
    ui = (size_t)(sch - m) + 3;
    at = memchr(m + ui, '@', n - ui);
    if (!at)
        return false;
    colon = memchr(m + ui, ':', (size_t)(at - (m + ui)));
    *s = colon ? (size_t)(colon - m) + 1 : ui;
    *e = (size_t)(at - m);
    /* user:user is a throwaway service account (CI databases), not a leak */
    if (colon && (size_t)(colon - (m + ui)) == *e - *s && memcmp(m + ui, m + *s, *e - *s) == 0)
        return false;
    return *e > *s;
}

static bool after_keyword(const struct scan_rule *r, const char *m, size_t n, size_t *s)
{
    size_t klen = strcspn(r->keywords, ","), i;
    bool found = false;
    for (i = 0; klen && i + klen <= n; i++)
        if (strncasecmp(m + i, r->keywords, klen) == 0) {
            *s = i + klen;
            found = true;
        }
    return found;
}

static bool assign_value(const char *m, size_t n, size_t *s)
{
    size_t i = 0;
    while (i < n && m[i] != '=' && m[i] != ':')
        i++;
    if (i == n)
        return false;
    *s = i;
    return true;
}

static bool is_value_char(char c)
{
    return isalnum((unsigned char)c) || (c && strchr("_+/=.~!@#%^&*-", c));
}

size_t scan_value_start(const char *data, size_t to)
{
    size_t s = to, lo = to > 512 ? to - 512 : 0;
    while (s > lo && data[s - 1] == '=')
        s--; /* base64 padding */
    while (s > lo && is_value_char(data[s - 1]) && data[s - 1] != '=')
        s--;
    return s;
}

bool scan_extract(const struct scan_rule *r, const char *data, size_t len, size_t from, size_t to,
                  size_t *s, size_t *e)
{
    const char *m = data + from;
    size_t n = to - from, rs = 0, re = n;
    switch (r->mode) {
    case SCAN_SECRET_WHOLE:
    case SCAN_SECRET_VALUE:
        break;
    case SCAN_SECRET_JWT:
        if (!jwt_has_alg(m, n))
            return false;
        break;
    case SCAN_SECRET_TAIL:
        if ((size_t)r->tail > n || r->tail <= 0)
            return false;
        rs = n - (size_t)r->tail;
        break;
    case SCAN_SECRET_ASSIGN:
        if (!assign_value(m, n, &rs))
            return false;
        break;
    case SCAN_SECRET_AFTER:
        if (!after_keyword(r, m, n, &rs))
            return false;
        break;
    case SCAN_SECRET_URLPASS:
        return url_password(m, n, s, e) && ((*s += from), (*e += from), true);
    case SCAN_SECRET_LASTSEG: {
        const char *slash = memrchr(m, '/', n);
        rs = slash ? (size_t)(slash - m) + 1 : 0;
        break;
    }
    case SCAN_SECRET_PEM:
        return pem_body(data, len, to, s, e);
    }
    if (r->mode == SCAN_SECRET_ASSIGN || r->mode == SCAN_SECRET_AFTER)
        while (rs < re && is_sep(m[rs]))
            rs++;
    while (re > rs && is_trailer(m[re - 1]))
        re--;
    if (re <= rs)
        return false;
    *s = from + rs;
    *e = from + re;
    return true;
}

void scan_fingerprint(char out[41], const struct scan_rule *r, const char *s, size_t n)
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    static const char hex[] = "0123456789abcdef";
    size_t i;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)r->id, strlen(r->id) + 1);
    if (r->mode == SCAN_SECRET_PEM) {
        for (i = 0; i < n; i++)
            if (is_b64(s[i]) && !(s[i] == 'n' && i > 0 && s[i - 1] == '\\'))
                crypto_hash_sha256_update(&st, (const unsigned char *)s + i, 1);
    } else {
        crypto_hash_sha256_update(&st, (const unsigned char *)s, n);
    }
    crypto_hash_sha256_final(&st, h);
    for (i = 0; i < 20; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15];
    }
    out[40] = '\0';
}
