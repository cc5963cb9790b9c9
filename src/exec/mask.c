/* SPDX-License-Identifier: MIT */
/*
 * The secret masker: the values to hide, each with the encoded forms
 * actions/runner's SecretMasker also hides (its ValueEncoders), compiled into
 * one vectorscan literal database, and masking of strings and of chunked
 * byte streams with the runner's merging rule (overlapping or touching
 * matches become a single `***`). Deciding which values are secret is the
 * runner's business.
 */
#include <hs/hs.h>
#include <pthread.h>

#include "exec/exec.h"

/* A compiled pattern set, shared by the streams using it. */
struct mask_db {
    hs_database_t *hs;
    size_t *lens; /* by pattern id */
    size_t maxlen;
    unsigned gen;
    int refs; /* under the masker's lock */
};

struct exec_mask {
    pthread_mutex_t lock;
    char **orig; /* values registered, before encoding */
    size_t *origlens;
    size_t norig, caporig, caporiglens;
    char **pats; /* distinct strings searched for (heap) */
    size_t *plens;
    size_t npats, cappats, caplens;
    unsigned gen; /* bumped on every change */
    struct mask_db *db;
    struct exec_mask_stream *own; /* for exec_mask_string, under the lock */
};

struct range {
    size_t s, e;
};

struct exec_mask_stream {
    struct exec_mask *m;
    struct mask_db *db;
    hs_scratch_t *scratch;
    struct sg_buf hold, spare; /* bytes not yet final */
    struct range *hits;
    size_t nhits, caphits;
    const char *line_data; /* exec_mask_stream_lines' block, for its callback */
    size_t line_skip;
};

/* ---- encoders (the runner's ValueEncoders) -------------------------------- */

static void b64(struct sg_buf *out, const unsigned char *s, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        char q[4] = {tab[(v >> 18) & 63], tab[(v >> 12) & 63], i + 1 < n ? tab[(v >> 6) & 63] : '=',
                     i + 2 < n ? tab[v & 63] : '='};
        sg_buf_add(out, q, 4);
    }
}

static void enc_json(struct sg_buf *o, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                        : c == '\t' ? "\\t" : c == '\b' ? "\\b" : c == '\f' ? "\\f" : NULL;
        if (esc)
            sg_buf_addstr(o, esc);
        else if (c < 0x20)
            sg_buf_addf(o, "\\u%04x", c);
        else if (c == 0xC2 && i + 1 < n && s[i + 1] == 0x85)
            sg_buf_addstr(o, "\\u0085"), i++;
        else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
            sg_buf_addstr(o, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"), i += 2;
        else
            sg_buf_addch(o, (char)c);
    }
}

static void enc_uri(struct sg_buf *o, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '_' || c == '.' || c == '~')
            sg_buf_addch(o, (char)c);
        else
            sg_buf_addf(o, "%%%02X", c);
    }
}

static void enc_xml(struct sg_buf *o, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': sg_buf_addstr(o, "&lt;"); break;
        case '>': sg_buf_addstr(o, "&gt;"); break;
        case '"': sg_buf_addstr(o, "&quot;"); break;
        case '\'': sg_buf_addstr(o, "&apos;"); break;
        case '&': sg_buf_addstr(o, "&amp;"); break;
        default: sg_buf_addch(o, (char)s[i]);
        }
    }
}

/* `"` as `\"` (docker arguments) or `'` as `''` (expression strings). */
static void enc_double(struct sg_buf *o, const unsigned char *s, size_t n, char c, const char *rep)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == (unsigned char)c)
            sg_buf_addstr(o, rep);
        else
            sg_buf_addch(o, (char)s[i]);
    }
}

static const char *last_amp(const char *s, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (s[i] == '&')
            return s + i;
    return NULL;
}

/* PowerShell prints a failing command's text in pieces split at `&`. */
static void enc_pwsh(struct sg_buf *o, const char *s, size_t n, bool pre)
{
    const char *amp = memchr(s, '&', n);
    if (!amp)
        return;
    const char *ap = memmem(s, n, "&+", 2);
    const char *from, *to;
    if (pre) {
        from = s;
        to = ap ? ap + 2 : last_amp(s, n) + 1;
    } else if (ap) {
        if (n <= (size_t)(ap - s) + 3)
            return;
        from = ap + 3; /* the letter after `&+` got a colour code */
        to = s + n;
    } else {
        from = last_amp(s, n) + 1;
        to = s + n;
    }
    if (to - from >= 6)
        sg_buf_add(o, from, (size_t)(to - from));
}

/* ---- the pattern set -------------------------------------------------------- */

/* Values are bytes: a NUL is part of the value, not its end. */
static char *dupmem(const char *s, size_t n)
{
    char *p = sg_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

struct exec_mask *exec_mask_new(void)
{
    struct exec_mask *m = sg_xcalloc(1, sizeof(*m));
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

static void db_unref(struct exec_mask *m, struct mask_db *db)
{
    if (!db)
        return;
    pthread_mutex_lock(&m->lock);
    int left = --db->refs;
    pthread_mutex_unlock(&m->lock);
    if (left == 0) {
        hs_free_database(db->hs);
        free(db->lens);
        free(db);
    }
}

void exec_mask_free(struct exec_mask *m)
{
    if (!m)
        return;
    exec_mask_stream_free(m->own);
    db_unref(m, m->db);
    for (size_t i = 0; i < m->norig; i++)
        free(m->orig[i]);
    for (size_t i = 0; i < m->npats; i++)
        free(m->pats[i]);
    free(m->orig);
    free(m->origlens);
    free(m->pats);
    free(m->plens);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

size_t exec_mask_patterns(const struct exec_mask *m)
{
    return m->npats;
}

static void add_pattern(struct exec_mask *m, const char *s, size_t n)
{
    if (n == 0)
        return;
    for (size_t i = 0; i < m->npats; i++)
        if (m->plens[i] == n && memcmp(m->pats[i], s, n) == 0)
            return;
    SG_GROW(m->pats, m->cappats, m->npats + 1);
    SG_GROW(m->plens, m->caplens, m->npats + 1);
    m->pats[m->npats] = dupmem(s, n);
    m->plens[m->npats] = n;
    m->npats++;
    m->gen++;
}

static void add_encoded(struct exec_mask *m, const char *v, size_t n)
{
    const unsigned char *u = (const unsigned char *)v;
    struct sg_buf b = SG_BUF_INIT;
#define EMIT() (add_pattern(m, b.data, b.len), sg_buf_reset(&b))
    b64(&b, u, n), EMIT();
    b64(&b, n > 1 ? u + 1 : u, n > 1 ? n - 1 : n), EMIT();
    b64(&b, n > 2 ? u + 2 : u, n > 2 ? n - 2 : n), EMIT();
    enc_double(&b, u, n, '"', "\\\""), EMIT();
    enc_double(&b, u, n, '\'', "''"), EMIT();
    enc_json(&b, u, n), EMIT();
    enc_uri(&b, u, n), EMIT();
    enc_xml(&b, u, n), EMIT();
    if (n > 8 && v[0] == '"' && v[n - 1] == '"')
        sg_buf_add(&b, v + 1, n - 2), EMIT();
    enc_pwsh(&b, v, n, true), EMIT();
    enc_pwsh(&b, v, n, false), EMIT();
#undef EMIT
    sg_buf_release(&b);
}

void exec_mask_add_value(struct exec_mask *m, const char *value, size_t len)
{
    if (len == 0)
        return;
    pthread_mutex_lock(&m->lock);
    bool known = false;
    for (size_t i = 0; i < m->norig && !known; i++)
        known = m->origlens[i] == len && memcmp(m->orig[i], value, len) == 0;
    if (!known) {
        SG_GROW(m->orig, m->caporig, m->norig + 1);
        SG_GROW(m->origlens, m->caporiglens, m->norig + 1);
        m->origlens[m->norig] = len;
        m->orig[m->norig++] = dupmem(value, len);
        add_pattern(m, value, len);
        add_encoded(m, value, len);
    }
    pthread_mutex_unlock(&m->lock);
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

void exec_mask_add_secret(struct exec_mask *m, const char *value, bool trimmed)
{
    size_t n = strlen(value);
    if (trimmed) {
        while (n > 0 && blank(*value))
            value++, n--;
        while (n > 0 && blank(value[n - 1]))
            n--;
    }
    exec_mask_add_value(m, value, n);
    /* Output is masked a line at a time, so each line is a secret too. */
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && value[j] != '\r' && value[j] != '\n')
            j++;
        size_t s = i, e = j;
        while (s < e && blank(value[s]))
            s++;
        while (e > s && blank(value[e - 1]))
            e--;
        if (e > s && !(s == 0 && e == n))
            exec_mask_add_value(m, value + s, e - s);
        i = j + 1;
    }
}

/*
 * The literal API rejects a literal that starts with a NUL byte; such
 * (binary) values are rare, so then the whole set is compiled as regexes
 * with every byte escaped, which matches the same strings.
 */
static hs_error_t compile_patterns(struct exec_mask *m, unsigned *ids, unsigned *flags,
                                   hs_database_t **db, hs_compile_error_t **err)
{
    bool nul_first = false;
    for (size_t i = 0; i < m->npats && !nul_first; i++)
        nul_first = m->pats[i][0] == '\0';
    if (!nul_first)
        return hs_compile_lit_multi((const char *const *)m->pats, flags, ids, m->plens,
                                    (unsigned)m->npats, HS_MODE_VECTORED, NULL, db, err);
    char **res = sg_xcalloc(m->npats, sizeof(*res));
    for (size_t i = 0; i < m->npats; i++) {
        struct sg_buf b = SG_BUF_INIT;
        for (size_t j = 0; j < m->plens[i]; j++)
            sg_buf_addf(&b, "\\x%02x", (unsigned char)m->pats[i][j]);
        res[i] = sg_buf_detach(&b);
        flags[i] = HS_FLAG_DOTALL;
    }
    hs_error_t rc = hs_compile_multi((const char *const *)res, flags, ids, (unsigned)m->npats,
                                     HS_MODE_VECTORED, NULL, db, err);
    for (size_t i = 0; i < m->npats; i++)
        free(res[i]);
    free(res);
    return rc;
}

/* Under the lock: the database for the current patterns (compiled on demand). */
static struct mask_db *current_db(struct exec_mask *m)
{
    if (m->npats == 0)
        return NULL;
    if (m->db && m->db->gen == m->gen)
        return m->db;
    unsigned *ids = sg_xmalloc(m->npats * sizeof(*ids));
    unsigned *flags = sg_xcalloc(m->npats, sizeof(*flags));
    struct mask_db *db = sg_xcalloc(1, sizeof(*db));
    db->lens = sg_xmalloc(m->npats * sizeof(*db->lens));
    for (size_t i = 0; i < m->npats; i++) {
        ids[i] = (unsigned)i;
        db->lens[i] = m->plens[i];
        if (m->plens[i] > db->maxlen)
            db->maxlen = m->plens[i];
    }
    hs_compile_error_t *err = NULL;
    if (compile_patterns(m, ids, flags, &db->hs, &err) != HS_SUCCESS)
        SG_BUG("cannot compile %zu mask literals: %s", m->npats, err ? err->message : "?");
    free(ids);
    free(flags);
    db->gen = m->gen;
    db->refs = 1;
    if (m->db && --m->db->refs == 0) {
        hs_free_database(m->db->hs);
        free(m->db->lens);
        free(m->db);
    }
    m->db = db;
    return db;
}

/* ---- masking ---------------------------------------------------------------- */

struct exec_mask_stream *exec_mask_stream_new(struct exec_mask *m)
{
    struct exec_mask_stream *s = sg_xcalloc(1, sizeof(*s));
    s->m = m;
    sg_buf_init(&s->hold, 0);
    sg_buf_init(&s->spare, 0);
    return s;
}

void exec_mask_stream_free(struct exec_mask_stream *s)
{
    if (!s)
        return;
    if (s->scratch)
        hs_free_scratch(s->scratch);
    db_unref(s->m, s->db);
    sg_buf_release(&s->hold);
    sg_buf_release(&s->spare);
    free(s->hits);
    free(s);
}

/* Takes the newest database if the patterns changed since the last write. */
static void refresh_db(struct exec_mask_stream *s)
{
    struct exec_mask *m = s->m;
    pthread_mutex_lock(&m->lock);
    struct mask_db *db = current_db(m);
    if (db == s->db) {
        pthread_mutex_unlock(&m->lock);
        return;
    }
    if (db)
        db->refs++;
    pthread_mutex_unlock(&m->lock);
    db_unref(m, s->db);
    s->db = db;
    if (db && hs_alloc_scratch(db->hs, &s->scratch) != HS_SUCCESS)
        SG_BUG("cannot allocate vectorscan scratch");
}

static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx)
{
    struct exec_mask_stream *s = ctx;
    SG_GROW(s->hits, s->caphits, s->nhits + 1);
    s->hits[s->nhits].s = (size_t)to - s->db->lens[id];
    s->hits[s->nhits].e = (size_t)to;
    s->nhits++;
    return 0;
}

static int cmp_range(const void *a, const void *b)
{
    const struct range *x = a, *y = b;
    return x->s < y->s ? -1 : x->s > y->s ? 1 : 0;
}

/* Sorts the hits and merges overlapping or touching ones. */
static void merge_hits(struct exec_mask_stream *s)
{
    if (s->nhits > 1)
        qsort(s->hits, s->nhits, sizeof(*s->hits), cmp_range);
    size_t w = 0;
    for (size_t i = 0; i < s->nhits; i++) {
        if (w > 0 && s->hits[i].s <= s->hits[w - 1].e) {
            if (s->hits[i].e > s->hits[w - 1].e)
                s->hits[w - 1].e = s->hits[i].e;
        } else {
            s->hits[w++] = s->hits[i];
        }
    }
    s->nhits = w;
}

/* Finds and merges the hits in hold+data into sorted, disjoint ranges. */
static void find_ranges(struct exec_mask_stream *s, const char *data, size_t len)
{
    s->nhits = 0;
    const char *bufs[2] = {s->hold.data ? s->hold.data : "", data};
    unsigned lens[2] = {(unsigned)s->hold.len, (unsigned)len};
    unsigned nb = len ? 2 : 1;
    if (hs_scan_vector(s->db->hs, bufs, lens, nb, 0, s->scratch, on_hit, s) != HS_SUCCESS)
        SG_BUG("vectorscan scan failed");
    merge_hits(s);
}

/* Copies [from, to) of the virtual buffer hold+data. */
static void vcopy(struct sg_buf *out, const struct sg_buf *hold, const char *data, size_t from,
                  size_t to)
{
    if (from < hold->len) {
        size_t e = to < hold->len ? to : hold->len;
        sg_buf_add(out, hold->data + from, e - from);
        from = e;
    }
    if (from < to)
        sg_buf_add(out, data + (from - hold->len), to - from);
}

/* A chain of overlapping hits could otherwise be held back for ever. */
#define EXEC_MASK_MAX_HOLD (1u << 20)

static void process(struct exec_mask_stream *s, struct sg_buf *out, const char *data, size_t len,
                    bool final)
{
    size_t total = s->hold.len + len;
    size_t keep = s->db->maxlen - 1;
    size_t safe = final ? total : total > keep ? total - keep : 0;
    find_ranges(s, data, len);
    size_t pos = 0, cut = safe;
    for (size_t i = 0; i < s->nhits; i++) {
        const struct range *r = &s->hits[i];
        if (r->s >= safe)
            break;
        if (!final && r->e >= safe) {
            /* a hit not seen yet may still join this one */
            cut = r->s;
            break;
        }
        vcopy(out, &s->hold, data, pos, r->s);
        sg_buf_add(out, "***", 3);
        pos = r->e;
    }
    vcopy(out, &s->hold, data, pos, cut);
    sg_buf_reset(&s->spare);
    vcopy(&s->spare, &s->hold, data, cut, total);
    struct sg_buf t = s->hold;
    s->hold = s->spare;
    s->spare = t;
    if (!final && s->hold.len > EXEC_MASK_MAX_HOLD + keep)
        process(s, out, "", 0, true);
}

void exec_mask_stream_write(struct exec_mask_stream *s, struct sg_buf *out, const char *data,
                            size_t len)
{
    refresh_db(s);
    if (!s->db) {
        if (s->hold.len) {
            sg_buf_add(out, s->hold.data, s->hold.len);
            sg_buf_reset(&s->hold);
        }
        sg_buf_add(out, data, len);
        return;
    }
    /* vectorscan takes 32-bit lengths */
    while (len > (1u << 30)) {
        process(s, out, data, 1u << 30, false);
        data += 1u << 30;
        len -= 1u << 30;
    }
    process(s, out, data, len, false);
}

void exec_mask_stream_flush(struct exec_mask_stream *s, struct sg_buf *out)
{
    refresh_db(s);
    if (!s->db) {
        sg_buf_add(out, s->hold.data ? s->hold.data : "", s->hold.len);
        sg_buf_reset(&s->hold);
        return;
    }
    process(s, out, "", 0, true);
}

/* A hit counts in exec_mask_stream_lines when it stays inside one line,
 * after that line's first `skip` bytes. */
static bool hit_in_line(const char *data, const struct range *r, size_t skip)
{
    if (memchr(data + r->s, '\n', r->e - r->s))
        return false;
    const char *nl = r->s ? memrchr(data, '\n', r->s) : NULL;
    size_t start = nl ? (size_t)(nl - data) + 1 : 0;
    return r->s - start >= skip;
}

static int on_line_hit(unsigned id, unsigned long long from, unsigned long long to,
                       unsigned flags, void *ctx)
{
    struct exec_mask_stream *s = ctx;
    struct range r = {(size_t)to - s->db->lens[id], (size_t)to};
    if (!hit_in_line(s->line_data, &r, s->line_skip))
        return 0;
    SG_GROW(s->hits, s->caphits, s->nhits + 1);
    s->hits[s->nhits++] = r;
    return 0;
}

bool exec_mask_stream_lines(struct exec_mask_stream *s, struct sg_buf *out, const char *data,
                            size_t len, size_t skip)
{
    if (len == 0 || exec_mask_patterns(s->m) == 0)
        return false;
    refresh_db(s);
    if (!s->db)
        return false;
    s->nhits = 0;
    s->line_data = data;
    s->line_skip = skip;
    /* Blocks are a read's worth of lines, far below vectorscan's 4 GiB. */
    const char *bufs[1] = {data};
    unsigned lens[1] = {(unsigned)len};
    if (hs_scan_vector(s->db->hs, bufs, lens, 1, 0, s->scratch, on_line_hit, s) != HS_SUCCESS)
        SG_BUG("vectorscan scan failed");
    if (s->nhits == 0)
        return false;
    merge_hits(s);
    size_t pos = 0;
    for (size_t i = 0; i < s->nhits; i++) {
        sg_buf_add(out, data + pos, s->hits[i].s - pos);
        sg_buf_add(out, "***", 3);
        pos = s->hits[i].e;
    }
    sg_buf_add(out, data + pos, len - pos);
    return true;
}

void exec_mask_string(struct exec_mask *m, struct sg_buf *out, const char *str, size_t len)
{
    pthread_mutex_lock(&m->lock);
    struct exec_mask_stream *own = m->own;
    m->own = NULL;
    pthread_mutex_unlock(&m->lock);
    if (!own)
        own = exec_mask_stream_new(m);
    exec_mask_stream_write(own, out, str, len);
    exec_mask_stream_flush(own, out);
    pthread_mutex_lock(&m->lock);
    if (!m->own) {
        m->own = own;
        own = NULL;
    }
    pthread_mutex_unlock(&m->lock);
    exec_mask_stream_free(own);
}
