/* SPDX-License-Identifier: MIT */
/*
 * Key/value lists for --input, --secret, --var, --env and the dotenv files
 * behind --secret-file, --var-file and --env-file.
 */
#include "run/run.h"

void run_kvs_add(struct run_kvs *l, struct sg_arena *a, const char *name, const char *value)
{
    SG_GROW(l->items, l->cap, l->n + 1);
    l->items[l->n].name = sg_arena_strdup(a, name);
    l->items[l->n].value = sg_arena_strdup(a, value ? value : "");
    l->n++;
}

void run_kvs_release(struct run_kvs *l)
{
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static bool is_name_char(char c, bool first)
{
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* Unquotes a value; double quotes take \n, \t, \", \\. */
static char *dotenv_value(struct sg_arena *a, const char *s, size_t n)
{
    struct sg_buf b = SG_BUF_INIT;
    char *r;
    size_t i;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'')
        return sg_arena_strndup(a, s + 1, n - 2);
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        for (i = 1; i + 1 < n; i++) {
            if (s[i] == '\\' && i + 2 < n) {
                i++;
                sg_buf_addch(&b, s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i] == 'r' ? '\r' : s[i]);
            } else {
                sg_buf_addch(&b, s[i]);
            }
        }
        r = sg_arena_strdup(a, sg_buf_str(&b));
        sg_buf_release(&b);
        return r;
    }
    /* An unquoted value ends at " #". */
    for (i = 0; i + 1 < n; i++)
        if ((s[i] == ' ' || s[i] == '\t') && s[i + 1] == '#')
            return dotenv_value(a, s, i);
    return sg_arena_strndup(a, s, n);
}

int run_dotenv_parse(struct run_kvs *out, struct sg_arena *a, const char *file, const char *text,
                     size_t len, struct sg_diags *d)
{
    const char *p = text, *end = text + len;
    int line = 0, rc = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end, *s = p, *k;
        line++;
        p = nl ? nl + 1 : end;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        if (s == e || *s == '#' || (e - s == 1 && *s == '\r'))
            continue;
        if ((size_t)(e - s) > 7 && !memcmp(s, "export ", 7))
            s += 7;
        k = s;
        while (k < e && is_name_char(*k, k == s))
            k++;
        if (k == s || k == e || *k != '=') {
            sg_diag_add(d, SG_SEV_ERROR, file, line, 1,
                        "expected NAME=VALUE");
            rc = -1;
            continue;
        }
        run_kvs_add(out, a, sg_arena_strndup(a, s, (size_t)(k - s)),
                    dotenv_value(a, k + 1, (size_t)(e - k - 1)));
    }
    return rc;
}
