/* SPDX-License-Identifier: MIT */
/*
 * The secret scanner against its labelled corpus (tests/data/secrets, made
 * by gen.py): every FILE:LINE:RULE of MANIFEST must be found (recall 100%
 * per rule) and nothing else may be (no near-miss, no stray finding).
 * Prints recall and precision per rule. SG_SECRETS_CORPUS overrides the
 * corpus folder (default: tests/data/secrets under the working directory).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "scan/scan.h"

struct expect {
    char *file;
    long line;
    char *rule;
    bool found;
};

struct corpus {
    const char *dir;
    struct expect *ex;
    size_t nex, capex;
    size_t *tp, *fp, *fn; /* per rule index */
    size_t false_positives, misses;
};

static void load_manifest(struct corpus *c)
{
    struct sg_buf path = SG_BUF_INIT, text = SG_BUF_INIT;
    char *line, *save = NULL;
    sg_buf_addf(&path, "%s/MANIFEST", c->dir);
    assert_int_equal(sg_read_file(&text, path.data, 0), 0);
    for (line = strtok_r(text.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *a = strchr(line, ':'), *b = a ? strchr(a + 1, ':') : NULL;
        if (line[0] == '#' || !b)
            continue;
        SG_GROW(c->ex, c->capex, c->nex + 1);
        c->ex[c->nex].file = sg_xstrndup(line, (size_t)(a - line));
        c->ex[c->nex].line = strtol(a + 1, NULL, 10);
        c->ex[c->nex].rule = sg_xstrdup(b + 1);
        c->ex[c->nex].found = false;
        c->nex++;
    }
    sg_buf_release(&path);
    sg_buf_release(&text);
}

static size_t rule_index(const struct scan_db *db, const char *id)
{
    size_t i;
    for (i = 0; i < scan_db_rule_count(db); i++)
        if (strcmp(scan_db_rule(db, i)->id, id) == 0)
            return i;
    fail_msg("MANIFEST names an unknown rule '%s'", id);
    return 0;
}

static void judge(struct corpus *c, const struct scan_db *db, const struct scan_finding *f)
{
    size_t i;
    for (i = 0; i < c->nex; i++) {
        struct expect *e = &c->ex[i];
        if (!e->found && e->line == f->line && strcmp(e->file, f->path) == 0 &&
            strcmp(e->rule, f->rule->id) == 0) {
            e->found = true;
            c->tp[rule_index(db, e->rule)]++;
            return;
        }
    }
    c->fp[rule_index(db, f->rule->id)]++;
    c->false_positives++;
    print_message("false positive: %s:%ld:%ld %s %s\n", f->path, f->line, f->column, f->rule->id,
                  f->preview);
}

static void scan_folder(struct corpus *c, const struct scan_db *db, struct scan_worker *w,
                        const char *sub)
{
    struct sg_buf dir = SG_BUF_INIT;
    DIR *d;
    struct dirent *de;
    sg_buf_addf(&dir, "%s/%s", c->dir, sub);
    d = opendir(dir.data);
    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        struct sg_buf path = SG_BUF_INIT, rel = SG_BUF_INIT, text = SG_BUF_INIT;
        struct scan_findings fs;
        size_t i;
        if (de->d_name[0] == '.')
            continue;
        sg_buf_addf(&path, "%s/%s", dir.data, de->d_name);
        sg_buf_addf(&rel, "%s/%s", sub, de->d_name);
        assert_int_equal(sg_read_file(&text, path.data, 0), 0);
        scan_findings_init(&fs);
        assert_int_equal(scan_buffer(w, rel.data, text.data ? text.data : "", text.len, &fs), 0);
        for (i = 0; i < fs.n; i++)
            judge(c, db, &fs.items[i]);
        scan_findings_release(&fs);
        sg_buf_release(&path);
        sg_buf_release(&rel);
        sg_buf_release(&text);
    }
    closedir(d);
    sg_buf_release(&dir);
}

static void report(struct corpus *c, const struct scan_db *db)
{
    size_t i, n = scan_db_rule_count(db), tp = 0, fp = 0, fn = 0;
    for (i = 0; i < c->nex; i++) {
        if (!c->ex[i].found) {
            c->fn[rule_index(db, c->ex[i].rule)]++;
            c->misses++;
            print_message("missed: %s:%ld %s\n", c->ex[i].file, c->ex[i].line, c->ex[i].rule);
        }
    }
    print_message("%-36s %6s %9s\n", "rule", "recall", "precision");
    for (i = 0; i < n; i++) {
        size_t t = c->tp[i], p = c->fp[i], m = c->fn[i];
        tp += t, fp += p, fn += m;
        print_message("%-36s %5.0f%% %8.0f%%\n", scan_db_rule(db, i)->id,
                      t + m ? 100.0 * (double)t / (double)(t + m) : 100.0,
                      t + p ? 100.0 * (double)t / (double)(t + p) : 100.0);
    }
    print_message("all %zu rules: %zu expected, %zu found, %zu missed, %zu false positives\n", n,
                  c->nex, tp, fn, fp);
}

static void corpus_has_full_recall_and_no_false_positive(void **state)
{
    struct corpus c;
    struct sg_diags d;
    struct scan_db *db;
    struct scan_worker *w;
    size_t i, n;
    memset(&c, 0, sizeof(c));
    c.dir = getenv("SG_SECRETS_CORPUS") ? getenv("SG_SECRETS_CORPUS") : "tests/data/secrets";
    sg_diags_init(&d);
    db = scan_db_new(NULL, &d);
    assert_non_null(db);
    n = scan_db_rule_count(db);
    assert_true(n >= 60);
    c.tp = sg_xcalloc(n, sizeof(size_t));
    c.fp = sg_xcalloc(n, sizeof(size_t));
    c.fn = sg_xcalloc(n, sizeof(size_t));
    load_manifest(&c);
    assert_true(c.nex >= n); /* every rule has at least one sample */
    w = scan_worker_new(db);
    scan_folder(&c, db, w, "positive");
    scan_folder(&c, db, w, "negative");
    report(&c, db);
    for (i = 0; i < n; i++)
        if (c.tp[i] == 0)
            print_message("rule without a found sample: %s\n", scan_db_rule(db, i)->id);
    assert_int_equal(c.misses, 0);
    assert_int_equal(c.false_positives, 0);
    for (i = 0; i < c.nex; i++) {
        free(c.ex[i].file);
        free(c.ex[i].rule);
    }
    free(c.ex);
    free(c.tp);
    free(c.fp);
    free(c.fn);
    scan_worker_free(w);
    scan_db_free(db);
    sg_diags_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_has_full_recall_and_no_false_positive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
