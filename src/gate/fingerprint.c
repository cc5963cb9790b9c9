/* SPDX-License-Identifier: MIT */
/*
 * Fingerprints that stay the same across runs, line moves and
 * re-indentation (DESIGN.md section 6), one key per kind of finding:
 *   code (sast, iac, dast): tool, rule, path, the flagged lines with all
 *     whitespace removed and a repeat count for identical snippets in one
 *     file; a fingerprint the tool offers (SARIF partialFingerprints) wins;
 *   dependency: ecosystem, package, installed version, advisory id set;
 *   container: package and vulnerability id (never the image tag);
 *   secret: rule and a hash of the secret value (never its line).
 * Hashes are BLAKE2b-128 (libsodium), written in lower-case hex.
 */
#include <sodium.h>
#include <stdint.h>

#include "gate/gate_int.h"

#define SOURCE_MAX (16u << 20)

char *gate_hash_hex(struct sg_arena *a, const void *data, size_t n)
{
    unsigned char h[16];
    char *hex = sg_arena_alloc(a, sizeof(h) * 2 + 1);

    crypto_generichash(h, sizeof(h), data, n, NULL, 0);
    sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
    return hex;
}

/* Fields separated by NUL so that ("ab","c") and ("a","bc") differ. */
static void key_add(struct sg_buf *b, const char *s)
{
    if (s)
        sg_buf_add(b, s, strlen(s));
    sg_buf_add(b, "", 1);
}

/* Whitespace, and NUL (source files may hold some): never part of a key. */
static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == '\0';
}

/* Runs of non-space bytes are appended whole. */
static void add_squeezed(struct sg_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start;
        while (i < n && is_space(s[i]))
            i++;
        start = i;
        while (i < n && !is_space(s[i]))
            i++;
        if (i > start)
            sg_buf_add(b, s + start, i - start);
    }
}

/* One source file at a time: findings of a file usually come together. */
struct source_cache {
    char *path;
    struct sg_buf text;
    bool ok;
};

static bool path_is_safe(const char *path)
{
    const char *p = path;
    if (!path || !*path || path[0] == '/' || strchr(path, ':'))
        return false;
    while ((p = strstr(p, "..")) != NULL) {
        if ((p == path || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
            return false;
        p += 2;
    }
    return true;
}

static bool source_lines(struct source_cache *c, const char *root, const struct gate_finding *f,
                         struct sg_buf *out)
{
    const char *s, *end;
    int line = 1, last = f->end_line >= f->start_line ? f->end_line : f->start_line;

    if (!root || f->start_line <= 0 || !path_is_safe(f->path))
        return false;
    if (!c->path || strcmp(c->path, f->path) != 0) {
        char *full = sg_xmalloc(strlen(root) + strlen(f->path) + 2);
        memcpy(full, root, strlen(root));
        full[strlen(root)] = '/';
        memcpy(full + strlen(root) + 1, f->path, strlen(f->path) + 1);
        free(c->path);
        c->path = sg_xstrdup(f->path);
        sg_buf_reset(&c->text);
        c->ok = sg_read_file(&c->text, full, SOURCE_MAX) == 0;
        free(full);
    }
    if (!c->ok)
        return false;
    s = c->text.data;
    end = s + c->text.len;
    while (s < end && line < f->start_line) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        s = nl ? nl + 1 : end;
        line++;
    }
    if (s >= end)
        return false;
    while (s < end && line <= last) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        add_squeezed(out, s, (size_t)(e - s));
        s = nl ? nl + 1 : end;
        line++;
    }
    return true;
}

/* Dependency and container findings without a package (SARIF from a
 * vulnerability scanner) have only their location and text to go by. */
static bool is_code_kind(const struct gate_finding *f)
{
    if (f->kind == GATE_KIND_DEPENDENCY || f->kind == GATE_KIND_CONTAINER)
        return !f->package;
    return f->kind != GATE_KIND_SECRET;
}

/* The code key without its repeat count, into `b` (reset first); `lines`
 * is scratch space. Both are reused across findings. */
static void code_key(struct gate_parse *p, struct source_cache *c, const struct gate_finding *f,
                     struct sg_buf *b, struct sg_buf *lines)
{
    sg_buf_reset(b);
    sg_buf_reset(lines);
    key_add(b, "code");
    key_add(b, f->tool);
    key_add(b, f->rule);
    key_add(b, f->path);
    if (!source_lines(c, p->opts->source_root, f, lines)) {
        sg_buf_reset(lines);
        if (f->snippet)
            add_squeezed(lines, f->snippet, strlen(f->snippet));
        else if (f->message)
            add_squeezed(lines, f->message, strlen(f->message));
    }
    key_add(b, sg_buf_str(lines));
}

/* `b` is scratch space reused across findings. */
static char *other_key(struct gate_parse *p, const struct gate_finding *f, struct sg_buf *b)
{
    size_t i;

    sg_buf_reset(b);
    if (f->tool_fingerprint) {
        /* GitHub's line hashes cover the file's content, not its name. */
        key_add(b, "tool");
        key_add(b, f->tool);
        key_add(b, f->rule);
        key_add(b, f->path);
        key_add(b, f->tool_fingerprint);
    } else if (f->kind == GATE_KIND_DEPENDENCY) {
        key_add(b, "dependency");
        key_add(b, f->ecosystem);
        key_add(b, f->package);
        key_add(b, f->installed_version);
        for (i = 0; i < f->n_advisories; i++)
            key_add(b, f->advisories[i]);
        if (f->n_advisories == 0)
            key_add(b, f->rule);
    } else if (f->kind == GATE_KIND_CONTAINER) {
        key_add(b, "container");
        key_add(b, f->package);
        key_add(b, f->rule);
    } else {
        key_add(b, "secret");
        key_add(b, f->rule);
        /* Without the value (a redacted report) the path and the redacted
         * match are the best stable key left. */
        if (f->secret_value) {
            key_add(b, gate_hash_hex(p->arena, f->secret_value, strlen(f->secret_value)));
        } else {
            key_add(b, f->path);
            key_add(b, f->snippet ? f->snippet : f->message);
        }
    }
    return gate_hash_hex(p->arena, b->data, b->len);
}

struct code_item {
    struct gate_finding *f;
    unsigned char key[16]; /* hash of the code key: equal keys, equal hashes */
    size_t order;
};

/* Source files are read once each: findings are keyed in path order
 * (stable: the report's order within a path), by a radix sort on the
 * paths' ranks (strrank.c). */
static void sort_by_path(struct code_item *items, size_t n)
{
    const char **paths = sg_xcalloc(n + 1, sizeof(*paths));
    uint32_t *ranks = sg_xcalloc(n + 1, sizeof(*ranks));
    size_t *order = sg_xcalloc(n + 1, sizeof(*order)), i;
    struct code_item *sorted = sg_xcalloc(n + 1, sizeof(*sorted));
    const uint32_t *keys[1];

    for (i = 0; i < n; i++)
        paths[i] = items[i].f->path;
    gate_str_ranks(paths, n, ranks);
    keys[0] = ranks;
    gate_radix_order(order, keys, 1, n);
    for (i = 0; i < n; i++)
        sorted[i] = items[order[i]];
    if (n)
        memcpy(items, sorted, n * sizeof(*items));
    free(sorted);
    free(order);
    free(ranks);
    free(paths);
}

static int code_item_cmp(const void *va, const void *vb)
{
    const struct code_item *a = va, *b = vb;
    int c = memcmp(a->key, b->key, sizeof(a->key));
    if (c)
        return c;
    if (a->f->start_line != b->f->start_line)
        return a->f->start_line < b->f->start_line ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static char *hex_in_arena(struct sg_arena *a, const unsigned char h[16])
{
    char *hex = sg_arena_alloc(a, 33);
    sodium_bin2hex(hex, 33, h, 16);
    return hex;
}

/* hash(key + decimal repeat count) */
static char *code_hash(struct gate_parse *p, struct sg_buf *key, size_t repeat)
{
    char num[24];
    int n = snprintf(num, sizeof(num), "%zu", repeat);
    size_t len = key->len;
    char *hex;

    sg_buf_add(key, num, (size_t)n);
    hex = gate_hash_hex(p->arena, key->data, key->len);
    key->len = len;
    return hex;
}

/* Identical snippets in one file are told apart by their order of
 * appearance, which survives lines moving above them. Only the key's hash
 * is kept per finding (a 100 MB log has 200,000 of them); the rare
 * repeats get their key rebuilt. */
static void code_fingerprints(struct gate_parse *p, struct source_cache *c, struct code_item *items,
                              size_t n)
{
    struct sg_buf key = SG_BUF_INIT, lines = SG_BUF_INIT;
    size_t i, repeat = 0;

    sort_by_path(items, n);
    for (i = 0; i < n; i++) {
        /* One pass over the key gives both its own hash and that of key
         * + "0" (the fingerprint when it has no repeat). */
        crypto_generichash_state st, st0;
        unsigned char h[16];
        code_key(p, c, items[i].f, &key, &lines);
        crypto_generichash_init(&st, NULL, 0, sizeof(items[i].key));
        crypto_generichash_update(&st, (const unsigned char *)key.data, key.len);
        st0 = st;
        crypto_generichash_final(&st, items[i].key, sizeof(items[i].key));
        crypto_generichash_update(&st0, (const unsigned char *)"0", 1);
        crypto_generichash_final(&st0, h, sizeof(h));
        items[i].f->fingerprint = hex_in_arena(p->arena, h);
    }
    qsort(items, n, sizeof(*items), code_item_cmp);
    for (i = 0; i < n; i++) {
        if (i > 0 && memcmp(items[i].key, items[i - 1].key, sizeof(items[i].key)) == 0)
            repeat++;
        else
            repeat = 0;
        if (repeat) {
            code_key(p, c, items[i].f, &key, &lines);
            items[i].f->fingerprint = code_hash(p, &key, repeat);
        }
    }
    sg_buf_release(&key);
    sg_buf_release(&lines);
}

void gate_fingerprint_all(struct gate_parse *p)
{
    struct gate_report *r = p->report;
    struct code_item *items = sg_xcalloc(r->n_findings + 1, sizeof(*items));
    struct source_cache cache;
    struct sg_buf scratch = SG_BUF_INIT;
    size_t i, n = 0;

    memset(&cache, 0, sizeof(cache));
    sg_buf_init(&cache.text, SOURCE_MAX);
    if (sodium_init() < 0)
        SG_BUG("libsodium failed to initialise");
    for (i = 0; i < r->n_findings; i++) {
        struct gate_finding *f = r->findings[i];
        if (f->fingerprint)
            continue;
        if (is_code_kind(f) && !f->tool_fingerprint) {
            items[n].f = f;
            items[n].order = i;
            n++;
        } else {
            f->fingerprint = other_key(p, f, &scratch);
        }
    }
    sg_buf_release(&scratch);
    code_fingerprints(p, &cache, items, n);
    free(items);
    free(cache.path);
    sg_buf_release(&cache.text);
}
