/* SPDX-License-Identifier: MIT */
/*
 * The report front door: the format registry (formats.def), detection of a
 * report's format from its first bytes, and the parse of one file or buffer
 * into a struct gate_report. What each format means is in report_<fmt>.c.
 */
#include "gate/gate_int.h"

#define SNIFF_BYTES (256u << 10)

struct gate_format {
    const char *name;
    gate_detect_fn detect;
    gate_parse_fn parse;
};

static const struct gate_format formats[] = {
#define GATE_FORMAT(name, detect, parse) {name, detect, parse},
#include "gate/formats.def"
#undef GATE_FORMAT
};

static const char *const format_names[] = {
#define GATE_FORMAT(name, detect, parse) name,
#include "gate/formats.def"
#undef GATE_FORMAT
    NULL,
};

const char *const *gate_format_names(void) { return format_names; }

static const struct gate_format *format_find(const char *name)
{
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(formats); i++)
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    return NULL;
}

bool gate_format_exists(const char *name) { return format_find(name) != NULL; }

int gate_fail(struct gate_parse *p, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sg_diag_vadd(p->diags, SG_SEV_ERROR, p->file, line, col, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- detection ------------------------------------------------------------ */

bool gate_sniff_has(const struct gate_sniff *s, const char *path)
{
    size_t i;
    for (i = 0; i < s->n_paths; i++)
        if (strcmp(s->paths[i], path) == 0)
            return true;
    return false;
}

static int sniff_value(void *ctx, struct gate_js *js, enum gate_jtype t, const char *v, size_t n)
{
    struct gate_sniff *s = ctx;
    struct sg_buf b = SG_BUF_INIT;
    int i;

    if (js->depth == 0) {
        s->root_array = t == GATE_J_ARRAY;
        return 0;
    }
    /* Top-level keys always count; deeper ones only while there is room
     * (Bandit's metrics hold one key per scanned file). */
    if (js->depth > 3 || s->n_paths >= GATE_SNIFF_MAX ||
        (js->depth > 1 && s->n_paths >= GATE_SNIFF_MAX * 3 / 4))
        return 0;
    /* Only the first element of an array speaks for the rest. */
    for (i = 0; i < js->depth; i++)
        if (js->frames[i].type == GATE_J_ARRAY && js->frames[i].index > 0)
            return 0;
    for (i = 0; i < js->depth; i++) {
        if (js->frames[i].type == GATE_J_ARRAY)
            sg_buf_addstr(&b, "[]");
        else
            sg_buf_addf(&b, "%s%s", b.len ? "." : "", js->frames[i].key);
    }
    if (!gate_sniff_has(s, sg_buf_str(&b)))
        s->paths[s->n_paths++] = sg_buf_detach(&b);
    sg_buf_release(&b);
    return 0;
}

static const struct gate_jhandler sniff_handler = {sniff_value, NULL};

/* The name of the first element, after the prolog, comments and DOCTYPE. */
static void sniff_xml_root(struct gate_sniff *s, const char *p, const char *end)
{
    while (p < end) {
        size_t n = 0;
        if (*p != '<') {
            p++;
            continue;
        }
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *q = memmem(p, (size_t)(end - p), "-->", 3);
            if (!q)
                return;
            p = q + 3;
            continue;
        }
        if (p + 1 < end && (p[1] == '?' || p[1] == '!')) {
            p++;
            continue;
        }
        p++;
        while (p + n < end && n + 1 < sizeof(s->root_element) &&
               !strchr(" \t\r\n/>", p[n]))
            n++;
        memcpy(s->root_element, p, n);
        s->root_element[n] = '\0';
        return;
    }
}

static void sniff(struct gate_sniff *s, const char *data, size_t len)
{
    size_t i = 0;

    memset(s, 0, sizeof(*s));
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    s->prefix = data + i;
    s->prefix_len = len - i;
    while (i < len && strchr(" \t\r\n", data[i]))
        i++;
    if (i < len && (data[i] == '{' || data[i] == '[')) {
        s->json = true;
        gate_json_sniff(s->prefix, s->prefix_len, &sniff_handler, s);
    } else if (i < len && data[i] == '<') {
        s->xml = true;
        sniff_xml_root(s, data + i, data + len);
    }
}

static void sniff_release(struct gate_sniff *s)
{
    size_t i;
    for (i = 0; i < s->n_paths; i++)
        free(s->paths[i]);
    s->n_paths = 0;
}

static const struct gate_format *detect(const struct gate_sniff *s)
{
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(formats); i++)
        if (formats[i].detect(s))
            return &formats[i];
    return NULL;
}

const char *gate_detect_format(const char *data, size_t len)
{
    struct gate_sniff s;
    const struct gate_format *f;

    sniff(&s, data, len < SNIFF_BYTES ? len : SNIFF_BYTES);
    f = detect(&s);
    sniff_release(&s);
    return f ? f->name : NULL;
}

/* ---- parsing -------------------------------------------------------------- */

static int parse_with(struct gate_parse *p, const char *prefix, size_t prefix_len,
                      const char *format)
{
    const struct gate_format *f;
    struct gate_sniff s;
    int rc = -1;

    if (format) {
        f = format_find(format);
        if (!f)
            return gate_fail(p, 0, 0, "unknown report format '%s'", format);
    } else {
        sniff(&s, prefix, prefix_len);
        f = detect(&s);
        if (!f && !s.json && !s.xml)
            rc = gate_fail(p, 1, 1, "not a report shipgate understands: expected JSON or XML");
        else if (!f)
            rc = gate_fail(p, 1, 1, "not a report shipgate understands: %s%s%s",
                           s.xml ? "XML root element '" : "unrecognised JSON",
                           s.xml ? s.root_element : " keys", s.xml ? "'" : "");
        sniff_release(&s);
        if (!f)
            return rc;
    }
    p->report->format = f->name;
    rc = f->parse(p);
    if (rc == 0)
        gate_fingerprint_all(p);
    return rc;
}

static void parse_init(struct gate_parse *p, struct gate_report *out, struct sg_arena *a,
                       const char *name, const struct gate_parse_opts *opts, struct sg_diags *d)
{
    static const struct gate_parse_opts defaults = GATE_PARSE_OPTS_INIT;

    memset(out, 0, sizeof(*out));
    memset(p, 0, sizeof(*p));
    out->file = sg_arena_strdup(a, name);
    p->report = out;
    p->arena = a;
    p->opts = opts ? opts : &defaults;
    p->diags = d;
    p->file = out->file;
}

int gate_report_parse_mem(struct gate_report *out, struct sg_arena *a, const char *name,
                          const char *data, size_t len, const char *format,
                          const struct gate_parse_opts *opts, struct sg_diags *d)
{
    struct gate_parse p;

    parse_init(&p, out, a, name, opts, d);
    p.in.data = data;
    p.in.len = len;
    if (len == 0)
        return gate_fail(&p, 0, 0, "the report is empty");
    return parse_with(&p, data, len < SNIFF_BYTES ? len : SNIFF_BYTES, format);
}

int gate_report_parse_file(struct gate_report *out, struct sg_arena *a, const char *path,
                           const char *format, const struct gate_parse_opts *opts,
                           struct sg_diags *d)
{
    struct gate_parse p;
    char *prefix;
    size_t n;
    int rc;

    parse_init(&p, out, a, path, opts, d);
    p.in.fp = fopen(path, "rb");
    if (!p.in.fp)
        return gate_fail(&p, 0, 0, "cannot open the report: %s", strerror(errno));
    prefix = sg_xmalloc(SNIFF_BYTES);
    n = fread(prefix, 1, SNIFF_BYTES, p.in.fp);
    if (n == 0) {
        rc = gate_fail(&p, 0, 0, ferror(p.in.fp) ? "cannot read the report" : "the report is empty");
    } else {
        rewind(p.in.fp);
        rc = parse_with(&p, prefix, n, format);
    }
    free(prefix);
    fclose(p.in.fp);
    return rc;
}

/* ---- names ---------------------------------------------------------------- */

static const char *const sev_names[GATE_SEV_COUNT] = {"critical", "high", "medium", "low", "info"};
static const char *const kind_names[] = {"sast", "dependency", "secret", "container",
                                         "iac", "dast", "license"};
static const char *const conf_names[] = {"unset", "low", "medium", "high"};

const char *gate_severity_name(enum gate_severity s)
{
    return (unsigned)s < GATE_SEV_COUNT ? sev_names[s] : "unknown";
}

bool gate_severity_parse(const char *s, enum gate_severity *out)
{
    size_t i;
    for (i = 0; i < GATE_SEV_COUNT; i++)
        if (sg_str_eq_nocase(s, sev_names[i])) {
            *out = (enum gate_severity)i;
            return true;
        }
    return false;
}

const char *gate_kind_name(enum gate_kind k)
{
    return (unsigned)k < SG_ARRAY_SIZE(kind_names) ? kind_names[k] : "sast";
}

bool gate_kind_parse(const char *s, enum gate_kind *out)
{
    size_t i;
    for (i = 0; i < SG_ARRAY_SIZE(kind_names); i++)
        if (sg_str_eq_nocase(s, kind_names[i])) {
            *out = (enum gate_kind)i;
            return true;
        }
    return false;
}

const char *gate_confidence_name(enum gate_confidence c)
{
    return (unsigned)c < SG_ARRAY_SIZE(conf_names) ? conf_names[c] : "unset";
}

bool gate_confidence_parse(const char *s, enum gate_confidence *out)
{
    size_t i;
    for (i = 1; i < SG_ARRAY_SIZE(conf_names); i++)
        if (sg_str_eq_nocase(s, conf_names[i])) {
            *out = (enum gate_confidence)i;
            return true;
        }
    return false;
}

void gate_report_count(const struct gate_report *r, size_t counts[GATE_SEV_COUNT])
{
    size_t i;
    memset(counts, 0, GATE_SEV_COUNT * sizeof(counts[0]));
    for (i = 0; i < r->n_findings; i++)
        counts[r->findings[i]->severity]++;
}
