/* SPDX-License-Identifier: MIT */
/*
 * The scanner core: runs the Vectorscan database over a buffer, turns the
 * candidates that pass the precise check (scan_check.c) into findings with
 * line, column, redacted preview and fingerprint, and streams descriptors
 * in overlapping chunks so huge files need no more memory than small ones.
 */
#include <ctype.h>
#include <unistd.h>

#include "scan_int.h"

enum {
    CHUNK = 4 << 20,     /* bytes scanned per Vectorscan call when streaming */
    OVERLAP = 64 << 10,  /* carried between chunks: longer than any secret we cut */
    MAX_CANDS = 1 << 20, /* per call; past it the rest of the chunk is dropped */
    BINARY_PROBE = 8192,
    LINE_MAX_SCAN = 4096, /* how far to look for the ends of a finding's line */
};

void scan_findings_init(struct scan_findings *f)
{
    memset(f, 0, sizeof(*f));
}

static void finding_release(struct scan_finding *x)
{
    free(x->path);
    free(x->preview);
    free(x->commit);
    free(x->author);
    free(x->date);
}

void scan_findings_release(struct scan_findings *f)
{
    size_t i;
    for (i = 0; i < f->n; i++)
        finding_release(&f->items[i]);
    free(f->items);
    scan_findings_init(f);
}

void scan_findings_take(struct scan_findings *to, struct scan_findings *from)
{
    if (from->n == 0)
        return;
    SG_GROW(to->items, to->cap, to->n + from->n);
    memcpy(to->items + to->n, from->items, from->n * sizeof(*from->items));
    to->n += from->n;
    free(from->items);
    scan_findings_init(from);
}

static int finding_cmp(const void *a, const void *b)
{
    const struct scan_finding *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return strcmp(x->rule->id, y->rule->id);
}

void scan_findings_sort(struct scan_findings *f)
{
    if (f->n > 1)
        qsort(f->items, f->n, sizeof(*f->items), finding_cmp);
}

bool scan_is_binary(const char *data, size_t len)
{
    return memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE) != NULL;
}

struct scan_worker *scan_worker_new(const struct scan_db *db)
{
    struct scan_worker *w = sg_xcalloc(1, sizeof(*w));
    w->db = db;
    if (hs_alloc_scratch(db->hs, &w->scratch) != HS_SUCCESS)
        SG_BUG("cannot allocate Vectorscan scratch");
    w->last = sg_xcalloc(db->nrules, sizeof(*w->last));
    return w;
}

void scan_worker_free(struct scan_worker *w)
{
    if (!w)
        return;
    hs_free_scratch(w->scratch);
    free(w->cands);
    free(w->last);
    free(w->hits);
    free(w->chunk);
    free(w);
}

/* Vectorscan reports every end of a match; with leftmost start one span
 * per (rule, start) is kept, grown to the longest end. */
static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    struct scan_worker *w = ctx;
    size_t li = w->last[id];
    if (w->db->rules[id].mode == SCAN_SECRET_VALUE) {
        /* no start of match: a run of ends is one value */
        if (li != SIZE_MAX && w->cands[li].to + 1 == to) {
            w->cands[li].to = to;
            return 0;
        }
        from = scan_value_start(w->data, (size_t)to);
    } else if (li != SIZE_MAX && w->cands[li].from == from) {
        w->cands[li].to = to;
        return 0;
    }
    if (w->ncands >= MAX_CANDS) {
        w->overflow = true;
        return 1;
    }
    SG_GROW(w->cands, w->capcands, w->ncands + 1);
    w->cands[w->ncands] = (struct scan_cand){id, (size_t)from, (size_t)to};
    w->last[id] = w->ncands++;
    return 0;
}

static bool is_token_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '+' || c == '/';
}

static bool keywords_present(const struct scan_rule *r, const char *m, size_t n)
{
    const char *k = r->keywords;
    if (!*k)
        return true;
    while (*k) {
        size_t kl = strcspn(k, ","), i;
        for (i = 0; kl && i + kl <= n; i++)
            if (strncasecmp(m + i, k, kl) == 0)
                return true;
        k += kl;
        if (*k == ',')
            k++;
    }
    return false;
}

static bool char_classes_mixed(const char *s, size_t n)
{
    bool up = false, low = false, dig = false, sep = false, hex = true;
    size_t i;
    for (i = 0; i < n; i++) {
        char c = s[i];
        up |= c >= 'A' && c <= 'Z';
        low |= c >= 'a' && c <= 'z';
        dig |= c >= '0' && c <= '9';
        if (c == '_' || c == '.' || c == '-')
            sep = true;
        else if (!is_token_char(c) && c != '=')
            return dig && (up || low); /* punctuation: a password, not a name */
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-'))
            hex = false;
    }
    if (!dig || !(up || low))
        return false;
    /* identifiers such as settings.API_KEY_2 or get_token_v2 */
    return hex || !sep || (up && low);
}

/* Names that hold tokens which are not credentials (pagination, request
 * and idempotency tokens), public halves, or data about a secret. */
static const char *const harmless_names[] = {
    "next", "page", "continuation", "pagination", "idempotency", "request", "cursor",
    "marker", "clienttoken", "client_token", "public", "publishable", "hash", "digest",
    "checksum", "fingerprint", "change", "lock",
};
static const char *const harmless_suffixes[] = {
    "name", "path", "file", "type", "url", "uri", "id", "arn", "length", "size", "count",
    "policy", "format", "version", "field", "header", "param", "prefix",
};

static bool name_has(const char *name, size_t n, const char *word)
{
    size_t k = strlen(word), i;
    for (i = 0; i + k <= n; i++)
        if (strncasecmp(name + i, word, k) == 0)
            return true;
    return false;
}

/* The value of a SCAN_SECRET_VALUE rule starts at `vs`: the name assigned
 * to it must hold one of the rule's keywords and none of the harmless
 * names; names inside colon paths (arn:aws:...:secret:x, AWS::X::ApiKey)
 * are identifiers, not assignments. */
static bool value_name_wanted(const struct scan_rule *r, const char *data, size_t vs)
{
    size_t p = vs, lo = vs > 256 ? vs - 256 : 0, q, n, i;
    const char *name;
    while (p > lo && strchr(" \t\"'=:>-`", data[p - 1]) && data[p - 1] != '\0')
        p--;
    q = p;
    while (q > lo && (isalnum((unsigned char)data[q - 1]) || data[q - 1] == '_' ||
                      data[q - 1] == '.' || data[q - 1] == '-'))
        q--;
    name = data + q;
    n = p - q;
    if (n == 0 || !keywords_present(r, name, n))
        return false;
    if (q > lo && data[q - 1] == ':')
        return false;
    for (i = 0; i < SG_ARRAY_SIZE(harmless_names); i++)
        if (name_has(name, n, harmless_names[i]))
            return false;
    for (i = 0; i < SG_ARRAY_SIZE(harmless_suffixes); i++) {
        size_t k = strlen(harmless_suffixes[i]);
        if (n > k && strncasecmp(name + n - k, harmless_suffixes[i], k) == 0)
            return false;
    }
    return true;
}

/* 8-4-4-4-12 hex: identifiers far more often than credentials; the
 * provider rules whose keys look like this (Heroku, Snyk) need their name. */
static bool is_uuid(const char *s, size_t n)
{
    size_t i;
    if (n != 36)
        return false;
    for (i = 0; i < n; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

/* settings.API_KEY, config.auth.token_v2: code that names a secret */
static bool looks_like_reference(const char *s, size_t n)
{
    size_t i, dots = 0;
    bool start = true;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (start)
                return false;
            dots++;
            start = true;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                   (!start && c >= '0' && c <= '9')) {
            start = false;
        } else {
            return false;
        }
    }
    return dots > 0 && !start;
}

static bool user_allowed(const struct scan_db *db, const char *s, size_t n)
{
    char buf[1024];
    size_t i;
    for (i = 0; i < db->nstopwords; i++) {
        size_t k;
        for (k = 0; k + strlen(db->stopwords[i]) <= n; k++)
            if (strncasecmp(s + k, db->stopwords[i], strlen(db->stopwords[i])) == 0)
                return true;
    }
    if (db->nallow_regexes == 0)
        return false;
    if (n >= sizeof(buf))
        n = sizeof(buf) - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (i = 0; i < db->nallow_regexes; i++)
        if (regexec(&db->allow_regexes[i], buf, 0, NULL, 0) == 0)
            return true;
    return false;
}

static void line_bounds(const char *data, size_t len, size_t at, size_t *ls, size_t *le)
{
    size_t lo = at > LINE_MAX_SCAN ? at - LINE_MAX_SCAN : 0, hi = at + LINE_MAX_SCAN < len ? at + LINE_MAX_SCAN : len;
    const char *p = at > lo ? memrchr(data + lo, '\n', at - lo) : NULL;
    const char *q = memchr(data + at, '\n', hi - at);
    *ls = p ? (size_t)(p - data) + 1 : lo;
    *le = q ? (size_t)(q - data) : hi;
}

/* The precise check of one candidate; records a hit when it passes. */
static void check_candidate(struct scan_worker *w, const char *data, size_t len,
                            const struct scan_cand *c)
{
    const struct scan_rule *r = &w->db->rules[c->rule];
    size_t s, e, ls, le;
    bool pem = r->mode == SCAN_SECRET_PEM;

    if (!pem && r->mode != SCAN_SECRET_URLPASS && c->to < len && is_token_char(data[c->to]))
        return; /* a longer token than the rule describes */
    if (r->mode == SCAN_SECRET_VALUE) {
        if (!value_name_wanted(r, data, c->from))
            return;
    } else if (!keywords_present(r, data + c->from, c->to - c->from)) {
        return;
    }
    if (!scan_extract(r, data, len, c->from, c->to, &s, &e))
        return;
    if (r->entropy > 0 && !pem && scan_entropy(data + s, e - s) < r->entropy)
        return;
    if (pem ? scan_entropy(data + s, e - s) < 4.0 : scan_is_placeholder(data + s, e - s))
        return;
    if (r->generic && (e - s < 12 || e - s > 256 || !char_classes_mixed(data + s, e - s) ||
                       looks_like_reference(data + s, e - s) || is_uuid(data + s, e - s)))
        return;
    if (user_allowed(w->db, data + s, e - s))
        return;
    line_bounds(data, len, c->from, &ls, &le);
    if (scan_line_allows(data + ls, le - ls))
        return;
    SG_GROW(w->hits, w->caphits, w->nhits + 1);
    w->hits[w->nhits++] = (struct scan_hit){c->rule, s, e, pem ? c->from : s};
}

static int cand_cmp(const void *a, const void *b)
{
    const struct scan_cand *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static bool overlaps(const struct scan_hit *a, const struct scan_hit *b)
{
    return a->s < b->e && b->s < a->e;
}

/* Two rules on the same bytes report once: a provider rule beats the
 * generic one, and the earlier rule in rules.def beats a later one. */
static bool hit_beaten(const struct scan_worker *w, size_t i)
{
    const struct scan_hit *h = &w->hits[i];
    bool gen = w->db->rules[h->rule].generic;
    size_t j, lo = i > 64 ? i - 64 : 0;
    /* hits are sorted by start: overlaps sit just before or after i (the
     * backward look is bounded so hostile input stays linear) */
    for (j = lo; j < w->nhits && w->hits[j].s < h->e; j++) {
        const struct scan_hit *o = &w->hits[j];
        bool ogen;
        if (j == i || !overlaps(h, o))
            continue;
        ogen = w->db->rules[o->rule].generic;
        if (gen && !ogen)
            return true;
        if (gen == ogen && (o->rule < h->rule || (o->rule == h->rule && j < i)))
            return true;
    }
    return false;
}

static void redact(struct sg_buf *b, const char *s, size_t n)
{
    size_t show = n >= 16 ? 4 : n >= 8 ? 2 : 0, i;
    for (i = 0; i < show; i++)
        sg_buf_addch(b, (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?');
    sg_buf_addstr(b, "*****");
}

static void add_printable(struct sg_buf *b, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        sg_buf_addch(b, (s[i] >= 0x20 && s[i] < 0x7f) || s[i] == '\t' ? s[i] : '?');
}

/* The finding's line, trimmed around the secret, with the secret redacted. */
static char *make_preview(const char *data, size_t len, const struct scan_hit *h, bool pem)
{
    struct sg_buf b = SG_BUF_INIT;
    size_t ls, le, a, z;
    line_bounds(data, len, h->s, &ls, &le);
    if (pem) { /* the header says what it is; the body stays out */
        size_t hz = h->at;
        while (hz < h->s && hz - h->at < 80 && data[hz] != '\n' && data[hz] != '\r' && data[hz] != '\\')
            hz++;
        add_printable(&b, data + h->at, hz - h->at);
        sg_buf_addch(&b, ' ');
        redact(&b, data + h->s, h->e - h->s);
        return sg_buf_detach(&b);
    }
    a = h->s - ls > 40 ? h->s - 40 : ls;
    z = h->e < le ? (le - h->e > 20 ? h->e + 20 : le) : h->e;
    while (a < h->s && (data[a] == ' ' || data[a] == '\t'))
        a++;
    add_printable(&b, data + a, h->s - a);
    redact(&b, data + h->s, h->e - h->s);
    if (h->e < z)
        add_printable(&b, data + h->e, z - h->e);
    return sg_buf_detach(&b);
}

static size_t count_lines(const char *p, size_t n)
{
    size_t k = 0;
    const char *end = p + n;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}

static int hit_cmp(const void *a, const void *b)
{
    const struct scan_hit *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static void emit_hits(struct scan_worker *w, const char *path, const char *data, size_t len,
                      struct scan_pos base, struct scan_findings *out)
{
    size_t i, pos = 0, lstart = 0;
    long line = base.line;
    if (w->nhits > 1)
        qsort(w->hits, w->nhits, sizeof(*w->hits), hit_cmp);
    for (i = 0; i < w->nhits; i++) {
        const struct scan_hit *h = &w->hits[i];
        const struct scan_rule *r = &w->db->rules[h->rule];
        struct scan_finding *f;
        const char *nl;
        if (hit_beaten(w, i))
            continue;
        while (h->at > pos && (nl = memchr(data + pos, '\n', h->at - pos)) != NULL) {
            line++;
            pos = (size_t)(nl - data) + 1;
            lstart = pos;
        }
        if (h->at > pos)
            pos = h->at;
        SG_GROW(out->items, out->cap, out->n + 1);
        f = &out->items[out->n++];
        memset(f, 0, sizeof(*f));
        f->rule = r;
        f->path = sg_xstrdup(path);
        f->line = line;
        f->column = (long)(h->at - lstart) + 1 + (line == base.line ? base.col : 0);
        f->end_line = line + (long)count_lines(data + h->at, h->e - h->at);
        f->preview = make_preview(data, len, h, r->mode == SCAN_SECRET_PEM);
        f->entropy = scan_entropy(data + h->s, h->e - h->s);
        scan_fingerprint(f->fingerprint, r, data + h->s, h->e - h->s);
    }
}

int scan_region(struct scan_worker *w, const char *path, const char *data, size_t len,
                size_t report_end, struct scan_pos at, struct scan_findings *out)
{
    size_t i;
    w->ncands = 0;
    w->nhits = 0;
    w->overflow = false;
    memset(w->last, 0xff, w->db->nrules * sizeof(*w->last));
    if (len == 0)
        return 0;
    if (len > UINT32_MAX)
        SG_BUG("scan region of %zu bytes", len);
    w->data = data;
    if (hs_scan(w->db->hs, data, (unsigned)len, 0, w->scratch, on_match, w) != HS_SUCCESS &&
        !w->overflow)
        return -1;
    if (w->ncands > 1)
        qsort(w->cands, w->ncands, sizeof(*w->cands), cand_cmp);
    for (i = 0; i < w->ncands; i++)
        if (w->cands[i].from < report_end)
            check_candidate(w, data, len, &w->cands[i]);
    emit_hits(w, path, data, len, at, out);
    return 0;
}

/* Moves `at` past data[0, n). */
static void advance(struct scan_pos *at, const char *data, size_t n)
{
    const char *nl = memrchr(data, '\n', n);
    at->line += (long)count_lines(data, n);
    at->col = nl ? (long)(data + n - nl - 1) : at->col + (long)n;
}

int scan_buffer(struct scan_worker *w, const char *path, const char *data, size_t len,
                struct scan_findings *out)
{
    size_t off = 0;
    struct scan_pos at = {1, 0};
    /* Vectorscan takes 32-bit lengths: big buffers go in overlapping slices. */
    while (len - off > CHUNK + OVERLAP) {
        if (scan_region(w, path, data + off, CHUNK + OVERLAP, CHUNK, at, out) < 0)
            return -1;
        advance(&at, data + off, CHUNK);
        off += CHUNK;
    }
    return scan_region(w, path, data + off, len - off, len - off, at, out);
}

static ssize_t read_full(int fd, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

int scan_fd(struct scan_worker *w, const char *path, int fd, struct scan_findings *out)
{
    size_t have = 0;
    struct scan_pos at = {1, 0};
    bool first = true;
    if (!w->chunk)
        w->chunk = sg_xmalloc(CHUNK + OVERLAP);
    for (;;) {
        ssize_t r = read_full(fd, w->chunk + have, CHUNK + OVERLAP - have);
        bool final;
        size_t report_end;
        if (r < 0)
            return -1;
        have += (size_t)r;
        final = have < CHUNK + OVERLAP;
        if (first && scan_is_binary(w->chunk, have))
            return 1;
        first = false;
        report_end = final ? have : have - OVERLAP;
        if (scan_region(w, path, w->chunk, have, report_end, at, out) < 0)
            return -1;
        if (final)
            return 0;
        advance(&at, w->chunk, report_end);
        memmove(w->chunk, w->chunk + report_end, have - report_end);
        have -= report_end;
    }
}
