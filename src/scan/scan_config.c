/* SPDX-License-Identifier: MIT */
/*
 * The --config file of `shipgate scan secrets`, in YAML:
 *
 *   rules:                      # added, or replacing the built-in of that id
 *     - id: acme-token
 *       description: ACME API token
 *       pattern: '\bacme_[A-Za-z0-9]{32}\b'
 *       keywords: [acme_]
 *       entropy: 3.5            # optional floor, bits per byte
 *       secret: whole           # whole|tail|assign|after|url-password|last-segment|pem|jwt|value
 *       tail: 32                # with secret: tail
 *     - id: generic-api-key
 *       disabled: true
 *   allowlist:
 *     paths: ['^docs/', '\.md$']  # POSIX extended regexes over the path
 *     regexes: ['^AKIA.{12}TEST$'] # over the secret value
 *     stopwords: [sandbox]
 *   default-allowlist: false    # also scan lock files and fixtures
 */
#include <libfyaml.h>

#include "scan_int.h"

void scan_config_init(struct scan_config *c)
{
    memset(c, 0, sizeof(*c));
}

static void free_strings(char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void scan_config_release(struct scan_config *c)
{
    size_t i;
    for (i = 0; i < c->nrules; i++) {
        free(c->rules[i].id);
        free(c->rules[i].description);
        free(c->rules[i].keywords);
        free(c->rules[i].pattern);
    }
    free(c->rules);
    free_strings(c->disabled, c->ndisabled);
    free_strings(c->allow_paths, c->nallow_paths);
    free_strings(c->allow_regexes, c->nallow_regexes);
    free_strings(c->stopwords, c->nstopwords);
    scan_config_init(c);
}

struct cfg_ctx {
    const char *path;
    struct sg_diags *d;
    int errors;
};

static void cfg_error(struct cfg_ctx *x, struct fy_node *n, const char *fmt, const char *what)
{
    int line = 0, col = 0;
    struct fy_token *t = n && fy_node_is_scalar(n) ? fy_node_get_scalar_token(n) : NULL;
    const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
    if (m) {
        line = m->line + 1;
        col = m->column + 1;
    }
    sg_diag_add(x->d, SG_SEV_ERROR, x->path, line, col, fmt, what);
    x->errors++;
}

static char *scalar_dup(struct cfg_ctx *x, struct fy_node *n, const char *key)
{
    size_t len;
    const char *s = n && fy_node_is_scalar(n) ? fy_node_get_scalar(n, &len) : NULL;
    if (!s) {
        cfg_error(x, n, "expected a string for '%s'", key);
        return NULL;
    }
    return sg_xstrndup(s, len);
}

static void add_string(char ***v, size_t *n, size_t *cap, char *s)
{
    SG_GROW(*v, *cap, *n + 1);
    (*v)[(*n)++] = s;
}

static void string_list(struct cfg_ctx *x, struct fy_node *n, const char *key, char ***v, size_t *cnt,
                        size_t *cap)
{
    void *it = NULL;
    struct fy_node *e;
    if (!n)
        return;
    if (!fy_node_is_sequence(n)) {
        cfg_error(x, n, "expected a list of strings for '%s'", key);
        return;
    }
    while ((e = fy_node_sequence_iterate(n, &it)) != NULL) {
        char *s = scalar_dup(x, e, key);
        if (s)
            add_string(v, cnt, cap, s);
    }
}

static const struct {
    const char *name;
    enum scan_secret_mode mode;
} modes[] = {
    {"whole", SCAN_SECRET_WHOLE},   {"tail", SCAN_SECRET_TAIL},
    {"assign", SCAN_SECRET_ASSIGN}, {"after", SCAN_SECRET_AFTER},
    {"url-password", SCAN_SECRET_URLPASS}, {"last-segment", SCAN_SECRET_LASTSEG},
    {"pem", SCAN_SECRET_PEM},       {"jwt", SCAN_SECRET_JWT},
    {"value", SCAN_SECRET_VALUE},
};

static bool parse_mode(struct cfg_ctx *x, struct fy_node *n, struct scan_rule *r)
{
    char *s = scalar_dup(x, n, "secret");
    size_t i;
    bool ok = false;
    for (i = 0; s && i < SG_ARRAY_SIZE(modes); i++)
        if (strcmp(s, modes[i].name) == 0) {
            r->mode = modes[i].mode;
            ok = true;
        }
    if (s && !ok)
        cfg_error(x, n, "expected whole, tail, assign, after, url-password, last-segment, pem, jwt or value for 'secret', got '%s'", s);
    free(s);
    return ok;
}

static bool parse_number(struct cfg_ctx *x, struct fy_node *n, const char *key, double *out)
{
    char *s = scalar_dup(x, n, key), *end = NULL;
    bool ok = false;
    if (s) {
        *out = strtod(s, &end);
        ok = end != s && *end == '\0' && *out >= 0 && *out <= 1000;
        if (!ok)
            cfg_error(x, n, "expected a number for '%s'", key);
    }
    free(s);
    return ok;
}

static char *keywords_of(struct cfg_ctx *x, struct fy_node *n)
{
    struct sg_buf b = SG_BUF_INIT;
    void *it = NULL;
    struct fy_node *e;
    if (!n)
        return sg_xstrdup("");
    if (fy_node_is_scalar(n))
        return scalar_dup(x, n, "keywords");
    if (!fy_node_is_sequence(n)) {
        cfg_error(x, n, "expected a list of strings for '%s'", "keywords");
        return sg_xstrdup("");
    }
    while ((e = fy_node_sequence_iterate(n, &it)) != NULL) {
        char *s = scalar_dup(x, e, "keywords");
        if (s && *s)
            sg_buf_addf(&b, "%s%s", b.len ? "," : "", s);
        free(s);
    }
    return sg_buf_detach(&b);
}

static void parse_rule(struct cfg_ctx *x, struct scan_config *c, struct fy_node *n)
{
    struct scan_rule r;
    struct fy_node *dis;
    double v = 0;
    char *disabled;
    memset(&r, 0, sizeof(r));
    if (!fy_node_is_mapping(n)) {
        cfg_error(x, n, "expected a mapping for each of '%s'", "rules");
        return;
    }
    r.id = scalar_dup(x, fy_node_mapping_lookup_by_string(n, "id", FY_NT), "id");
    if (!r.id)
        return;
    dis = fy_node_mapping_lookup_by_string(n, "disabled", FY_NT);
    disabled = dis ? scalar_dup(x, dis, "disabled") : NULL;
    if (disabled && strcmp(disabled, "true") == 0) {
        add_string(&c->disabled, &c->ndisabled, &c->capdisabled, r.id);
        free(disabled);
        return;
    }
    free(disabled);
    r.pattern = scalar_dup(x, fy_node_mapping_lookup_by_string(n, "pattern", FY_NT), "pattern");
    r.description = fy_node_mapping_lookup_by_string(n, "description", FY_NT)
                        ? scalar_dup(x, fy_node_mapping_lookup_by_string(n, "description", FY_NT), "description")
                        : sg_xstrdup(r.id);
    r.keywords = keywords_of(x, fy_node_mapping_lookup_by_string(n, "keywords", FY_NT));
    if (fy_node_mapping_lookup_by_string(n, "entropy", FY_NT) &&
        parse_number(x, fy_node_mapping_lookup_by_string(n, "entropy", FY_NT), "entropy", &v))
        r.entropy = v;
    if (fy_node_mapping_lookup_by_string(n, "secret", FY_NT))
        parse_mode(x, fy_node_mapping_lookup_by_string(n, "secret", FY_NT), &r);
    if (fy_node_mapping_lookup_by_string(n, "tail", FY_NT) &&
        parse_number(x, fy_node_mapping_lookup_by_string(n, "tail", FY_NT), "tail", &v))
        r.tail = (int)v;
    if (r.mode == SCAN_SECRET_TAIL && r.tail <= 0)
        cfg_error(x, fy_node_mapping_lookup_by_string(n, "secret", FY_NT), "'secret: tail' needs a positive '%s'", "tail");
    SG_GROW(c->rules, c->caprules, c->nrules + 1);
    c->rules[c->nrules++] = r;
    if (!r.pattern || !r.description || !r.keywords)
        c->nrules--, free(r.id), free(r.pattern), free(r.description), free(r.keywords);
}

static void parse_root(struct cfg_ctx *x, struct scan_config *c, struct fy_node *root)
{
    struct fy_node *rules, *allow, *defaults, *e;
    void *it = NULL;
    if (!root)
        return; /* an empty file changes nothing */
    if (!fy_node_is_mapping(root)) {
        cfg_error(x, root, "expected a mapping at the top of %s", "the config");
        return;
    }
    rules = fy_node_mapping_lookup_by_string(root, "rules", FY_NT);
    if (rules && !fy_node_is_sequence(rules))
        cfg_error(x, rules, "expected a list for '%s'", "rules");
    else if (rules)
        while ((e = fy_node_sequence_iterate(rules, &it)) != NULL)
            parse_rule(x, c, e);
    allow = fy_node_mapping_lookup_by_string(root, "allowlist", FY_NT);
    if (allow && !fy_node_is_mapping(allow)) {
        cfg_error(x, allow, "expected a mapping for '%s'", "allowlist");
    } else if (allow) {
        string_list(x, fy_node_mapping_lookup_by_string(allow, "paths", FY_NT), "paths",
                    &c->allow_paths, &c->nallow_paths, &c->capallow_paths);
        string_list(x, fy_node_mapping_lookup_by_string(allow, "regexes", FY_NT), "regexes",
                    &c->allow_regexes, &c->nallow_regexes, &c->capallow_regexes);
        string_list(x, fy_node_mapping_lookup_by_string(allow, "stopwords", FY_NT), "stopwords",
                    &c->stopwords, &c->nstopwords, &c->capstopwords);
    }
    defaults = fy_node_mapping_lookup_by_string(root, "default-allowlist", FY_NT);
    if (defaults) {
        char *s = scalar_dup(x, defaults, "default-allowlist");
        if (s && strcmp(s, "false") == 0)
            c->no_default_paths = true;
        else if (s && strcmp(s, "true") != 0)
            cfg_error(x, defaults, "expected true or false for '%s'", "default-allowlist");
        free(s);
    }
}

int scan_config_load(struct scan_config *c, const char *path, struct sg_diags *d)
{
    struct fy_parse_cfg pc = {.flags = FYPCF_QUIET};
    struct fy_document *doc;
    struct cfg_ctx x = {path, d, 0};
    struct sg_buf text = SG_BUF_INIT;
    int line, col;
    long cp;
    if (sg_read_file(&text, path, 1 << 20) < 0) {
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "cannot read: %s",
                    errno == EFBIG ? "larger than 1 MB" : strerror(errno));
        sg_buf_release(&text);
        return -1;
    }
    /* libfyaml can loop on some invalid UTF-8 and leak on some control
     * characters: it never sees either */
    if (sg_yaml_find_bad_char(sg_buf_str(&text), text.len, &line, &col, &cp)) {
        sg_diag_add(d, SG_SEV_ERROR, path, line, col,
                    cp < 0 ? "invalid UTF-8; expected a YAML text file"
                           : "control character not allowed; expected a YAML text file");
        sg_buf_release(&text);
        return -1;
    }
    doc = fy_document_build_from_string(&pc, sg_buf_str(&text), text.len);
    if (!doc) {
        sg_diag_add(d, SG_SEV_ERROR, path, 0, 0, "not valid YAML");
        sg_buf_release(&text);
        return -1;
    }
    parse_root(&x, c, fy_document_root(doc));
    fy_document_destroy(doc);
    sg_buf_release(&text);
    return x.errors ? -1 : 0;
}
