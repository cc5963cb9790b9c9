/* SPDX-License-Identifier: MIT */
/*
 * The rule set: the built-in rules of rules.def merged with a config's
 * rules and allowlists, compiled once per process into one Vectorscan
 * block-mode database (leftmost start of match, so each candidate has a
 * span). Compiling takes a few hundred milliseconds, longer than scanning
 * a large repository, so the serialized database is cached under
 * $XDG_CACHE_HOME/shipgate (keyed by a hash of the patterns and the
 * Vectorscan version; SHIPGATE_NO_CACHE=1 turns that off). Also decides
 * which paths are scanned at all. Matching itself is scan_core.c's.
 */
#include <fcntl.h>
#include <hs/hs.h>
#include <regex.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan_int.h"

static const struct {
    const char *id, *description, *keywords;
    enum scan_secret_mode mode;
    int tail;
    double entropy;
    bool generic;
    const char *pattern;
} builtin_rules[] = {
#define RULE(id, d, k, m, t, e, g, p) {id, d, k, m, t, e, g, p},
#include "rules.def"
#undef RULE
};

/* Lock files hold integrity hashes, never credentials; fixture folders are
 * test data by name. Both are skipped unless the config says otherwise. */
static const char *const default_skip_names[] = {
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
    "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "Cargo.lock", "Gemfile.lock",
    "composer.lock", "go.sum", "mix.lock", "pubspec.lock", "Podfile.lock", "packages.lock.json",
    "flake.lock", "gradle.lockfile", "conda-lock.yml",
};
static const char *const default_skip_dirs[] = {"fixtures", "__fixtures__", "__snapshots__", ".git"};

size_t scan_builtin_rule_count(void)
{
    return SG_ARRAY_SIZE(builtin_rules);
}

static void rule_copy(struct scan_rule *to, const struct scan_rule *from)
{
    to->id = sg_xstrdup(from->id);
    to->description = sg_xstrdup(from->description ? from->description : from->id);
    to->keywords = sg_xstrdup(from->keywords ? from->keywords : "");
    to->pattern = sg_xstrdup(from->pattern);
    to->mode = from->mode;
    to->tail = from->tail;
    to->entropy = from->entropy;
    to->generic = from->generic;
}

static void rule_release(struct scan_rule *r)
{
    free(r->id);
    free(r->description);
    free(r->keywords);
    free(r->pattern);
}

static bool is_disabled(const struct scan_config *cfg, const char *id)
{
    size_t i;
    for (i = 0; cfg && i < cfg->ndisabled; i++)
        if (strcmp(cfg->disabled[i], id) == 0)
            return true;
    return false;
}

static const struct scan_rule *config_override(const struct scan_config *cfg, const char *id)
{
    size_t i;
    for (i = 0; cfg && i < cfg->nrules; i++)
        if (strcmp(cfg->rules[i].id, id) == 0)
            return &cfg->rules[i];
    return NULL;
}

static void add_rule(struct scan_db *db, const struct scan_rule *r)
{
    SG_GROW(db->rules, db->caprules, db->nrules + 1);
    rule_copy(&db->rules[db->nrules++], r);
}

static void collect_rules(struct scan_db *db, const struct scan_config *cfg)
{
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(builtin_rules); i++) {
        struct scan_rule r = {(char *)builtin_rules[i].id, (char *)builtin_rules[i].description,
                              (char *)builtin_rules[i].keywords, (char *)builtin_rules[i].pattern,
                              builtin_rules[i].mode, builtin_rules[i].tail,
                              builtin_rules[i].entropy, builtin_rules[i].generic};
        const struct scan_rule *o = config_override(cfg, r.id);
        if (is_disabled(cfg, r.id))
            continue;
        add_rule(db, o ? o : &r);
    }
    for (i = 0; cfg && i < cfg->nrules; i++) {
        size_t j;
        bool builtin = false;
        for (j = 0; j < SG_ARRAY_SIZE(builtin_rules); j++)
            builtin = builtin || strcmp(builtin_rules[j].id, cfg->rules[i].id) == 0;
        if (!builtin && !is_disabled(cfg, cfg->rules[i].id))
            add_rule(db, &cfg->rules[i]);
    }
}

static int compile_regexes(regex_t **out, size_t *nout, char **src, size_t n, const char *what,
                           struct sg_diags *d)
{
    size_t i;
    *out = sg_xcalloc(n ? n : 1, sizeof(**out));
    for (i = 0; i < n; i++) {
        int rc = regcomp(&(*out)[i], src[i], REG_EXTENDED | REG_NOSUB);
        if (rc != 0) {
            char msg[256];
            regerror(rc, &(*out)[i], msg, sizeof(msg));
            sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "invalid %s regex '%s': %s", what, src[i], msg);
            *nout = i;
            return -1;
        }
    }
    *nout = n;
    return 0;
}

enum { DB_FLAGS = HS_FLAG_SOM_LEFTMOST | HS_FLAG_MULTILINE, CACHE_MAX = 256 << 20 };

/* The cache file for this rule set, or NULL when caching is off. */
static char *cache_path(const struct scan_db *db)
{
    const char *off = getenv("SHIPGATE_NO_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[33];
    struct sg_buf dir = SG_BUF_INIT;
    unsigned flags = DB_FLAGS;
    size_t i;
    if (off && *off && strcmp(off, "0") != 0)
        return NULL;
    if (xdg && *xdg == '/')
        sg_buf_addf(&dir, "%s/shipgate", xdg);
    else if (home && *home == '/')
        sg_buf_addf(&dir, "%s/.cache/shipgate", home);
    else
        return NULL;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)hs_version(), strlen(hs_version()) + 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)&flags, sizeof(flags));
    for (i = 0; i < db->nrules; i++) {
        unsigned char som = db->rules[i].mode != SCAN_SECRET_VALUE;
        crypto_hash_sha256_update(&st, &som, 1);
        crypto_hash_sha256_update(&st, (const unsigned char *)db->rules[i].pattern,
                                  strlen(db->rules[i].pattern) + 1);
    }
    crypto_hash_sha256_final(&st, h);
    for (i = 0; i < 16; i++) {
        hex[2 * i] = "0123456789abcdef"[h[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[h[i] & 15];
    }
    hex[32] = '\0';
    sg_buf_addf(&dir, "/secrets-%s.hsdb", hex);
    return sg_buf_detach(&dir);
}

static bool cache_load(struct scan_db *db, const char *path)
{
    struct sg_buf b = SG_BUF_INIT;
    bool ok = path && sg_read_file(&b, path, CACHE_MAX) == 0 && b.len > 0 &&
              hs_deserialize_database(b.data, b.len, &db->hs) == HS_SUCCESS;
    sg_buf_release(&b);
    return ok;
}

/* Best effort: a cache that cannot be written only costs time. */
static void cache_store(const struct scan_db *db, const char *path)
{
    char *bytes = NULL, *dir, *slash, *tmp;
    size_t len = 0;
    int fd;
    if (!path || hs_serialize_database(db->hs, &bytes, &len) != HS_SUCCESS)
        return;
    dir = sg_xstrdup(path);
    slash = strrchr(dir, '/');
    *slash = '\0';
    slash = strrchr(dir, '/');
    *slash = '\0';
    mkdir(dir, 0700); /* ~/.cache */
    *slash = '/';
    mkdir(dir, 0700);
    tmp = sg_xmalloc(strlen(path) + 8);
    memcpy(tmp, path, strlen(path));
    memcpy(tmp + strlen(path), ".XXXXXX", 8);
    fd = mkstemp(tmp);
    if (fd >= 0) {
        bool ok = write(fd, bytes, len) == (ssize_t)len;
        ok = close(fd) == 0 && ok;
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
    }
    free(tmp);
    free(dir);
    free(bytes);
}

static int compile_hs(struct scan_db *db, struct sg_diags *d)
{
    const char **patterns = sg_xcalloc(db->nrules, sizeof(*patterns));
    unsigned *flags = sg_xcalloc(db->nrules, sizeof(*flags));
    unsigned *ids = sg_xcalloc(db->nrules, sizeof(*ids));
    hs_compile_error_t *err = NULL;
    size_t i;
    int rc = 0;

    for (i = 0; i < db->nrules; i++) {
        patterns[i] = db->rules[i].pattern;
        flags[i] = db->rules[i].mode == SCAN_SECRET_VALUE ? HS_FLAG_MULTILINE : DB_FLAGS;
        ids[i] = (unsigned)i;
    }
    if (hs_compile_multi(patterns, flags, ids, (unsigned)db->nrules, HS_MODE_BLOCK, NULL, &db->hs,
                         &err) != HS_SUCCESS) {
        if (err && err->expression >= 0 && (size_t)err->expression < db->nrules)
            sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "rule '%s': pattern does not compile: %s",
                        db->rules[err->expression].id, err->message);
        else
            sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "secret rules do not compile: %s",
                        err ? err->message : "unknown error");
        rc = -1;
    }
    hs_free_compile_error(err);
    free(patterns);
    free(flags);
    free(ids);
    return rc;
}

static void copy_strings(char ***to, size_t *nto, char **from, size_t n)
{
    size_t i;
    *to = sg_xcalloc(n ? n : 1, sizeof(char *));
    for (i = 0; i < n; i++)
        (*to)[i] = sg_xstrdup(from[i]);
    *nto = n;
}

struct scan_db *scan_db_new(const struct scan_config *cfg, struct sg_diags *d)
{
    struct scan_db *db = sg_xcalloc(1, sizeof(*db));
    char *cache;

    /* libsodium's hashes need no init for correctness, but its CPU feature
     * detection does; sodium_init is idempotent and thread-safe. */
    if (sodium_init() < 0)
        SG_BUG("sodium_init failed");
    collect_rules(db, cfg);
    if (db->nrules == 0) {
        sg_diag_add(d, SG_SEV_ERROR, NULL, 0, 0, "every secret rule is disabled");
        scan_db_free(db);
        return NULL;
    }
    cache = cache_path(db);
    if (!cache_load(db, cache)) {
        if (compile_hs(db, d) == 0)
            cache_store(db, cache);
    }
    free(cache);
    if (!db->hs ||
        compile_regexes(&db->allow_paths, &db->nallow_paths, cfg ? cfg->allow_paths : NULL,
                        cfg ? cfg->nallow_paths : 0, "allowlist path", d) < 0 ||
        compile_regexes(&db->allow_regexes, &db->nallow_regexes, cfg ? cfg->allow_regexes : NULL,
                        cfg ? cfg->nallow_regexes : 0, "allowlist", d) < 0) {
        scan_db_free(db);
        return NULL;
    }
    copy_strings(&db->stopwords, &db->nstopwords, cfg ? cfg->stopwords : NULL,
                 cfg ? cfg->nstopwords : 0);
    db->default_paths = !(cfg && cfg->no_default_paths);
    return db;
}

void scan_db_free(struct scan_db *db)
{
    size_t i;
    if (!db)
        return;
    for (i = 0; i < db->nrules; i++)
        rule_release(&db->rules[i]);
    free(db->rules);
    hs_free_database(db->hs);
    for (i = 0; i < db->nallow_paths; i++)
        regfree(&db->allow_paths[i]);
    free(db->allow_paths);
    for (i = 0; i < db->nallow_regexes; i++)
        regfree(&db->allow_regexes[i]);
    free(db->allow_regexes);
    for (i = 0; i < db->nstopwords; i++)
        free(db->stopwords[i]);
    free(db->stopwords);
    free(db);
}

size_t scan_db_rule_count(const struct scan_db *db)
{
    return db->nrules;
}

const struct scan_rule *scan_db_rule(const struct scan_db *db, size_t i)
{
    return i < db->nrules ? &db->rules[i] : NULL;
}

static bool has_component(const char *path, const char *name)
{
    size_t n = strlen(name);
    const char *p = path;
    while ((p = strstr(p, name)) != NULL) {
        bool start = p == path || p[-1] == '/';
        bool end = p[n] == '/' || p[n] == '\0';
        if (start && end)
            return true;
        p += n;
    }
    return false;
}

bool scan_db_path_wanted(const struct scan_db *db, const char *relpath)
{
    const char *base = strrchr(relpath, '/');
    size_t i;
    base = base ? base + 1 : relpath;
    if (db->default_paths) {
        for (i = 0; i < SG_ARRAY_SIZE(default_skip_names); i++)
            if (strcmp(base, default_skip_names[i]) == 0)
                return false;
        for (i = 0; i < SG_ARRAY_SIZE(default_skip_dirs); i++)
            if (has_component(relpath, default_skip_dirs[i]))
                return false;
    }
    for (i = 0; i < db->nallow_paths; i++)
        if (regexec(&db->allow_paths[i], relpath, 0, NULL, 0) == 0)
            return false;
    return true;
}
