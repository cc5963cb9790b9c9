/* SPDX-License-Identifier: MIT */
/*
 * The two glob dialects (see glob.h) and ordered pattern lists.
 *
 * SG_GLOB_FILTER patterns are compiled to a small list of atoms, each with
 * a repetition (once, `?`, `+`, `*`), and run as a Thompson NFA over the
 * text's code points: every step advances a set of states, so matching
 * costs O(len(text) * len(pattern)) whatever the pattern, and there is no
 * backtracking to blow up on `*a*a*a*b`. The rules follow GitHub's filter
 * pattern cheat sheet; where it is silent (a `?` or `+` with nothing before
 * it, `**` followed by `/`, nested repetitions) they follow the regular
 * expression GitHub's own translation yields, as nektos/act reproduces it:
 * a leading `?`/`+` is literal, `**\/` may match nothing, `a+?` is `a+`,
 * `a++` is an error.
 *
 * SG_GLOB_PATH patterns are matched segment by segment, minimatch-style,
 * with the classic single-backtrack-point wildcard algorithm at both levels
 * (`*` within a segment, `**` across segments): O(n*m), never exponential.
 *
 * The filesystem walk of hashFiles() lives in hashfiles.c.
 */
#include "base/glob.h"
#include "base/glob_int.h"

/* ---- code points --------------------------------------------------------- */

/*
 * Decodes one code point. Invalid bytes become distinct values above the
 * Unicode range, so they only ever match themselves.
 */
static size_t cp_next(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t need, i;
    uint32_t c, min;

    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xe0) == 0xc0) {
        need = 1, c = u[0] & 0x1f, min = 0x80;
    } else if ((u[0] & 0xf0) == 0xe0) {
        need = 2, c = u[0] & 0x0f, min = 0x800;
    } else if ((u[0] & 0xf8) == 0xf0) {
        need = 3, c = u[0] & 0x07, min = 0x10000;
    } else {
        goto invalid;
    }
    if (need >= len)
        goto invalid;
    for (i = 1; i <= need; i++) {
        if ((u[i] & 0xc0) != 0x80)
            goto invalid;
        c = (c << 6) | (u[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        goto invalid;
    *cp = c;
    return need + 1;
invalid:
    *cp = 0x110000u + u[0];
    return 1;
}

static bool is_alnum_ascii(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int char_family(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return 1;
    if (c >= 'A' && c <= 'Z')
        return 2;
    if (c >= '0' && c <= '9')
        return 3;
    return 0;
}

/* ---- SG_GLOB_FILTER: compilation ---------------------------------------- */

enum fkind { FK_LIT, FK_CLASS, FK_STAR, FK_ANY, FK_OPTGROUP };
enum fquant { FQ_ONE, FQ_OPT, FQ_PLUS, FQ_STAR };

struct fatom {
    uint8_t kind;  /* enum fkind */
    uint8_t quant; /* enum fquant */
    bool lazy;     /* a `?` already followed the repetition */
    uint32_t cp;   /* FK_LIT */
    size_t skip;   /* FK_OPTGROUP: index just past the group */
    uint64_t cls[2]; /* FK_CLASS: ASCII bitmap */
};

struct fprog {
    struct fatom *a;
    size_t n, cap;
    size_t last; /* first atom of the last unit a `?`/`+` would repeat */
    bool have_last;
};

static struct fatom *fprog_push(struct fprog *p, enum fkind kind, enum fquant quant)
{
    struct fatom *at;
    SG_GROW(p->a, p->cap, p->n + 1);
    at = &p->a[p->n++];
    memset(at, 0, sizeof(*at));
    at->kind = (uint8_t)kind;
    at->quant = (uint8_t)quant;
    return at;
}

static int ferr(struct sg_buf *err, const char *pat, size_t off, const char *what)
{
    if (err)
        sg_buf_addf(err, "invalid filter pattern '%s': %s at offset %zu", pat, what, off);
    return -1;
}

static void cls_set(uint64_t cls[2], uint32_t c)
{
    cls[c >> 6] |= (uint64_t)1 << (c & 63);
}

/* Parses `[...]` starting at pat[i] == '['; returns the index past `]`. */
static int fparse_class(struct fprog *p, const char *pat, size_t len, size_t *i,
                        struct sg_buf *err)
{
    size_t open = *i, j = *i + 1;
    struct fatom *at;
    uint64_t cls[2] = {0, 0};

    if (j < len && pat[j] == ']')
        return ferr(err, pat, open, "empty brackets '[]'");
    while (j < len && pat[j] != ']') {
        uint32_t lo = (unsigned char)pat[j], hi;
        if (!is_alnum_ascii(lo))
            return ferr(err, pat, j,
                        lo == '-' ? "range without a start in '[...]'"
                                  : "only letters and digits may appear in '[...]'");
        if (j + 1 < len && pat[j + 1] == '-') {
            if (j + 2 >= len || pat[j + 2] == ']')
                return ferr(err, pat, j + 1, "range without an end in '[...]'");
            hi = (unsigned char)pat[j + 2];
            if (char_family(lo) != char_family(hi) || lo > hi)
                return ferr(err, pat, j + 1,
                            "ranges in '[...]' can only be within a-z, A-Z or 0-9, in order");
            for (; lo <= hi; lo++)
                cls_set(cls, lo);
            j += 3;
        } else {
            cls_set(cls, lo);
            j++;
        }
    }
    if (j >= len)
        return ferr(err, pat, open, "missing ']' to close '['");
    p->last = p->n;
    p->have_last = true;
    at = fprog_push(p, FK_CLASS, FQ_ONE);
    at->cls[0] = cls[0];
    at->cls[1] = cls[1];
    *i = j + 1;
    return 0;
}

/* Applies `?` or `+` at pat[i] to the last unit. */
static int fapply_quant(struct fprog *p, const char *pat, size_t i, struct sg_buf *err)
{
    struct fatom *at = &p->a[p->last];
    bool plus = pat[i] == '+';

    if (at->quant == FQ_ONE && at->kind != FK_OPTGROUP) {
        at->quant = plus ? FQ_PLUS : FQ_OPT;
        return 0;
    }
    /* A `?` after a repetition only makes it lazy: same language. */
    if (!plus && !at->lazy) {
        at->lazy = true;
        return 0;
    }
    return ferr(err, pat, i, plus ? "'+' cannot follow another repetition"
                                  : "'?' cannot follow another repetition");
}

static void fpush_lit(struct fprog *p, uint32_t cp)
{
    p->last = p->n;
    p->have_last = true;
    fprog_push(p, FK_LIT, FQ_ONE)->cp = cp;
}

static int fcompile(struct fprog *p, const char *pat, struct sg_buf *err)
{
    size_t len = strlen(pat), i = 0;
    uint32_t cp;

    memset(p, 0, sizeof(*p));
    while (i < len) {
        char c = pat[i];
        if (c == '*' && i + 1 < len && pat[i + 1] == '*' && i + 2 < len && pat[i + 2] == '/') {
            /* `**\/` is "(.+/)?": any directories, or none at all. */
            size_t start = p->n;
            p->last = start;
            p->have_last = true;
            fprog_push(p, FK_OPTGROUP, FQ_ONE)->skip = start + 4;
            fprog_push(p, FK_ANY, FQ_ONE);
            fprog_push(p, FK_ANY, FQ_STAR);
            fprog_push(p, FK_LIT, FQ_ONE)->cp = '/';
            i += 3;
        } else if (c == '*') {
            bool two = i + 1 < len && pat[i + 1] == '*';
            p->last = p->n;
            p->have_last = true;
            fprog_push(p, two ? FK_ANY : FK_STAR, FQ_STAR);
            i += two ? 2 : 1;
        } else if ((c == '?' || c == '+') && i > 0 && p->have_last) {
            if (fapply_quant(p, pat, i, err) < 0)
                return -1;
            i++;
        } else if (c == '[') {
            if (fparse_class(p, pat, len, &i, err) < 0)
                return -1;
        } else if (c == '\\') {
            if (i + 1 >= len)
                return ferr(err, pat, i, "nothing to escape after '\\'");
            i += 1 + cp_next(pat + i + 1, len - i - 1, &cp);
            fpush_lit(p, cp);
        } else {
            i += cp_next(pat + i, len - i, &cp);
            fpush_lit(p, cp);
        }
    }
    return 0;
}

/* ---- SG_GLOB_FILTER: simulation ----------------------------------------- */

#define BIT_SET(s, i) ((s)[(i) >> 6] |= (uint64_t)1 << ((i) & 63))
#define BIT_GET(s, i) (((s)[(i) >> 6] >> ((i) & 63)) & 1)

/* Epsilon moves only go forward, so one ascending pass closes the set. */
static void fclose_set(const struct fprog *p, uint64_t *set)
{
    size_t i;
    for (i = 0; i < p->n; i++) {
        const struct fatom *at = &p->a[i];
        if ((i & 63) == 0 && set[i >> 6] == 0) {
            i += 63; /* an empty word: nothing before can still reach it */
            continue;
        }
        if (!BIT_GET(set, i))
            continue;
        if (at->kind == FK_OPTGROUP) {
            BIT_SET(set, i + 1);
            BIT_SET(set, at->skip);
        } else if (at->quant == FQ_OPT || at->quant == FQ_STAR) {
            BIT_SET(set, i + 1);
        }
    }
}

static bool fatom_accepts(const struct fatom *at, uint32_t c)
{
    switch (at->kind) {
    case FK_LIT:
        return at->cp == c;
    case FK_CLASS:
        return c < 128 && ((at->cls[c >> 6] >> (c & 63)) & 1);
    case FK_STAR:
        return c != '/';
    case FK_ANY:
        return true;
    default:
        return false;
    }
}

static bool fstep(const struct fprog *p, const uint64_t *cur, uint64_t *next, size_t words,
                  uint32_t c)
{
    size_t i;
    bool any = false;

    memset(next, 0, words * sizeof(*next));
    for (i = 0; i < p->n; i++) {
        const struct fatom *at = &p->a[i];
        if ((i & 63) == 0 && cur[i >> 6] == 0) {
            i += 63;
            continue;
        }
        if (!BIT_GET(cur, i) || !fatom_accepts(at, c))
            continue;
        any = true;
        if (at->quant == FQ_STAR || at->quant == FQ_PLUS)
            BIT_SET(next, i);
        if (at->quant != FQ_STAR)
            BIT_SET(next, i + 1);
    }
    fclose_set(p, next);
    return any;
}

static bool filter_match(const char *pattern, const char *text)
{
    struct fprog p;
    uint64_t *cur, *next, *tmp;
    size_t words, tlen = strlen(text), i = 0;
    bool ok;

    if (fcompile(&p, pattern, NULL) < 0) {
        free(p.a);
        return false;
    }
    words = (p.n + 1 + 63) / 64;
    cur = sg_xcalloc(words, sizeof(*cur));
    next = sg_xcalloc(words, sizeof(*next));
    BIT_SET(cur, 0);
    fclose_set(&p, cur);
    ok = true;
    while (i < tlen && ok) {
        uint32_t c;
        i += cp_next(text + i, tlen - i, &c);
        ok = fstep(&p, cur, next, words, c);
        tmp = cur, cur = next, next = tmp;
    }
    ok = ok && BIT_GET(cur, p.n);
    free(cur);
    free(next);
    free(p.a);
    return ok;
}

/* ---- SG_GLOB_PATH: one segment ------------------------------------------ */

/*
 * Parses a minimatch set at pat[i] == '['. Returns the index past `]`, or
 * 0 when the set is unterminated (then `[` is an ordinary character).
 * When `c` is given, *hit says whether the set holds it.
 */
static size_t pset(const char *pat, size_t plen, size_t i, uint32_t c, bool *hit)
{
    size_t j = i + 1;
    bool neg = false, in = false, first = true;

    if (j < plen && (pat[j] == '!' || pat[j] == '^'))
        neg = true, j++;
    while (j < plen && (pat[j] != ']' || first)) {
        uint32_t lo, hi;
        first = false;
        if (pat[j] == '\\' && j + 1 < plen)
            j++;
        j += cp_next(pat + j, plen - j, &lo);
        hi = lo;
        if (j + 1 < plen && pat[j] == '-' && pat[j + 1] != ']') {
            j++;
            if (pat[j] == '\\' && j + 1 < plen)
                j++;
            j += cp_next(pat + j, plen - j, &hi);
        }
        if (c >= lo && c <= hi)
            in = true;
    }
    if (j >= plen)
        return 0;
    if (hit)
        *hit = in != neg;
    return j + 1;
}

/*
 * Matches the single-character token at pat[*pi] against code point c;
 * advances *pi past the token on success.
 */
static bool ptoken(const char *pat, size_t plen, size_t *pi, uint32_t c)
{
    size_t i = *pi, end;
    uint32_t pc;
    bool hit = false;

    if (pat[i] == '?') {
        *pi = i + 1;
        return true;
    }
    if (pat[i] == '[' && (end = pset(pat, plen, i, c, &hit)) != 0) {
        if (hit)
            *pi = end;
        return hit;
    }
    if (pat[i] == '\\' && i + 1 < plen)
        i++;
    i += cp_next(pat + i, plen - i, &pc);
    if (pc != c)
        return false;
    *pi = i;
    return true;
}

bool sg_glob_segment_match(const char *pat, size_t plen, const char *seg, size_t slen)
{
    size_t pi = 0, si = 0, star_p = 0, star_s = 0;
    bool star = false;

    while (si < slen) {
        uint32_t c;
        size_t n;
        if (pi < plen && pat[pi] == '*') {
            while (pi < plen && pat[pi] == '*')
                pi++;
            star = true, star_p = pi, star_s = si;
            continue;
        }
        n = cp_next(seg + si, slen - si, &c);
        if (pi < plen && ptoken(pat, plen, &pi, c)) {
            si += n;
            continue;
        }
        if (!star)
            return false;
        /* Let the last `*` swallow one more character and retry. */
        star_s += cp_next(seg + star_s, slen - star_s, &c);
        si = star_s, pi = star_p;
    }
    while (pi < plen && pat[pi] == '*')
        pi++;
    return pi == plen;
}

bool sg_glob_segment_literal(const char *pat, size_t plen, struct sg_buf *out)
{
    size_t i = 0, start = out->len;

    while (i < plen) {
        char c = pat[i];
        if (c == '*' || c == '?')
            goto glob;
        if (c == '\\' && i + 1 < plen) {
            sg_buf_addch(out, pat[i + 1]);
            i += 2;
        } else if (c == '[' && pset(pat, plen, i, 0, NULL) != 0) {
            /* `[x]` is the literal x; a real set makes the segment a glob. */
            size_t j = i + 1;
            if (j < plen && pat[j] == '\\' && j + 1 < plen)
                j++;
            if (pat[j] == '!' || pat[j] == '^' || j + 1 >= plen || pat[j + 1] != ']')
                goto glob;
            sg_buf_addch(out, pat[j]);
            i = j + 2;
        } else {
            sg_buf_addch(out, c);
            i++;
        }
    }
    return true;
glob:
    out->len = start;
    if (out->data)
        out->data[start] = '\0';
    return false;
}

/* ---- SG_GLOB_PATH: whole paths ------------------------------------------ */

struct seg {
    const char *s;
    size_t n;
};

/* Splits on '/', dropping empty segments; the caller frees *out. */
static size_t split_segs(const char *s, struct seg **out)
{
    size_t n = 0, cap = 0;
    struct seg *v = NULL;

    while (*s) {
        const char *e = strchr(s, '/');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len) {
            SG_GROW(v, cap, n + 1);
            v[n].s = s;
            v[n++].n = len;
        }
        s += len;
        if (*s == '/')
            s++;
    }
    *out = v;
    return n;
}

static bool is_globstar(const struct seg *p)
{
    return p->n == 2 && p->s[0] == '*' && p->s[1] == '*';
}

static bool segs_match(const struct seg *p, size_t np, const struct seg *t, size_t nt)
{
    size_t pi = 0, ti = 0, star_p = 0, star_t = 0;
    bool star = false;

    while (ti < nt) {
        if (pi < np && is_globstar(&p[pi])) {
            star = true, star_p = ++pi, star_t = ti;
            continue;
        }
        if (pi < np && sg_glob_segment_match(p[pi].s, p[pi].n, t[ti].s, t[ti].n)) {
            pi++, ti++;
            continue;
        }
        if (!star)
            return false;
        ti = ++star_t, pi = star_p;
    }
    while (pi < np && is_globstar(&p[pi]))
        pi++;
    return pi == np;
}

static bool path_match(const char *pattern, const char *text)
{
    struct seg *p, *t;
    size_t np, nt;
    bool ok;

    while (pattern[0] == '.' && pattern[1] == '/')
        pattern += 2;
    if ((pattern[0] == '/') != (text[0] == '/'))
        return false;
    np = split_segs(pattern, &p);
    nt = split_segs(text, &t);
    ok = segs_match(p, np, t, nt);
    free(p);
    free(t);
    return ok;
}

/* ---- the API -------------------------------------------------------------- */

bool sg_glob_match(enum sg_glob_dialect d, const char *pattern, const char *text)
{
    if (d == SG_GLOB_FILTER)
        return filter_match(pattern, text);
    return path_match(pattern, text);
}

static int path_check(const char *pattern, struct sg_buf *err)
{
    struct seg *p;
    size_t np = split_segs(pattern, &p), i;
    int rc = 0;

    for (i = 0; i < np; i++) {
        bool dot = p[i].n == 1 && p[i].s[0] == '.';
        bool dotdot = p[i].n == 2 && p[i].s[0] == '.' && p[i].s[1] == '.';
        if (dotdot || (dot && i > 0)) {
            sg_buf_addf(err,
                        "invalid path pattern '%s': relative pathing '.' and '..' is not "
                        "allowed at offset %zu",
                        pattern, (size_t)(p[i].s - pattern));
            rc = -1;
            break;
        }
    }
    free(p);
    return rc;
}

int sg_glob_check(enum sg_glob_dialect d, const char *pattern, struct sg_buf *err)
{
    struct fprog p;
    int rc;

    if (!*pattern) {
        sg_buf_addstr(err, "invalid pattern '': a pattern cannot be empty");
        return -1;
    }
    if (d == SG_GLOB_PATH)
        return path_check(pattern, err);
    rc = fcompile(&p, pattern, err);
    free(p.a);
    return rc;
}

/* Strips the leading `!`s of a list item; @actions/glob lets them toggle. */
static const char *strip_negation(enum sg_glob_dialect d, const char *item, bool *neg)
{
    *neg = false;
    if (d == SG_GLOB_FILTER) {
        if (*item == '!')
            *neg = true, item++;
        return item;
    }
    while (*item == '!') {
        *neg = !*neg;
        item++;
        while (*item == ' ' || *item == '\t')
            item++;
    }
    return item;
}

int sg_filter_check(enum sg_glob_dialect d, const char *item, struct sg_buf *err)
{
    bool neg;
    return sg_glob_check(d, strip_negation(d, item, &neg), err);
}

bool sg_filter_match(enum sg_glob_dialect d, const char *const *patterns, size_t n,
                     const char *value)
{
    bool included = false, neg;
    size_t i;

    for (i = 0; i < n; i++) {
        const char *pat = strip_negation(d, patterns[i], &neg);
        /* A later pattern can only change the verdict in its own direction. */
        if (included != neg)
            continue;
        if (sg_glob_match(d, pat, value))
            included = !neg;
    }
    return included;
}
