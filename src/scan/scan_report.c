/* SPDX-License-Identifier: MIT */
/*
 * Secret reports: text for people, JSON in the finding model of DESIGN.md
 * section 6 (tool shipgate-secrets, kind secret, severity critical), and
 * SARIF 2.1.0 with partialFingerprints for code-scanning tools. Also reads
 * a baseline (any of our JSON or SARIF reports) to drop known findings.
 * The secret itself never reaches a report: only its redacted preview.
 */
#include <jansson.h>

#include "scan_int.h"

#define TOOL_NAME "shipgate-secrets"

static char *title_of(const struct scan_finding *f)
{
    struct sg_buf b = SG_BUF_INIT;
    sg_buf_addf(&b, "%s detected", f->rule->description);
    return sg_buf_detach(&b);
}

static char *message_of(const struct scan_finding *f)
{
    struct sg_buf b = SG_BUF_INIT;
    sg_buf_addf(&b, "%s in %s at line %ld: %s", f->rule->description, f->path, f->line, f->preview);
    if (f->commit)
        sg_buf_addf(&b, " (introduced in commit %.12s by %s on %s)", f->commit,
                    f->author ? f->author : "?", f->date ? f->date : "?");
    return sg_buf_detach(&b);
}

static void report_text(FILE *out, const struct scan_findings *fs)
{
    size_t i;
    for (i = 0; i < fs->n; i++) {
        const struct scan_finding *f = &fs->items[i];
        fprintf(out, "%s:%ld:%ld: %s: %s\n", f->path, f->line, f->column, f->rule->id, f->preview);
        if (f->commit)
            fprintf(out, "    introduced in %.12s by %s on %s\n", f->commit,
                    f->author ? f->author : "?", f->date ? f->date : "?");
    }
    fprintf(out, "%zu secret%s found\n", fs->n, fs->n == 1 ? "" : "s");
}

static json_t *finding_json(const struct scan_finding *f)
{
    char *title = title_of(f), *msg = message_of(f);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:f}",
                          "tool", TOOL_NAME, "kind", "secret", "rule", f->rule->id, "severity",
                          "critical", "title", title, "message", msg, "path",
                          f->path, "line", (json_int_t)f->line, "column", (json_int_t)f->column,
                          "end_line", (json_int_t)f->end_line, "fingerprint", f->fingerprint,
                          "preview", f->preview, "entropy", f->entropy);
    if (f->commit) {
        json_object_set_new(o, "commit", json_string(f->commit));
        json_object_set_new(o, "author", json_string(f->author ? f->author : ""));
        json_object_set_new(o, "date", json_string(f->date ? f->date : ""));
    }
    free(title);
    free(msg);
    return o;
}

static json_t *report_json(const struct scan_findings *fs)
{
    json_t *arr = json_array();
    size_t i;
    for (i = 0; i < fs->n; i++)
        json_array_append_new(arr, finding_json(&fs->items[i]));
    return json_pack("{s:s, s:o}", "tool", TOOL_NAME, "findings", arr);
}

static json_t *sarif_rules(const struct scan_db *db)
{
    json_t *rules = json_array();
    size_t i;
    for (i = 0; i < db->nrules; i++) {
        const struct scan_rule *r = &db->rules[i];
        json_array_append_new(
            rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:[s]}}", "id",
                             r->id, "name", r->id, "shortDescription", "text", r->description,
                             "fullDescription", "text", r->description,
                             "defaultConfiguration", "level", "error", "properties",
                             "security-severity", "9.5", "tags", "security"));
    }
    return rules;
}

static json_t *sarif_result(const struct scan_finding *f, const struct scan_db *db)
{
    char *msg = message_of(f);
    size_t idx = (size_t)(f->rule - db->rules);
    json_t *r = json_pack(
        "{s:s, s:I, s:s, s:{s:s}, s:[{s:{s:{s:s}, s:{s:I, s:I, s:I}}}], s:{s:s}}", "ruleId",
        f->rule->id, "ruleIndex", (json_int_t)idx, "level", "error", "message", "text", msg,
        "locations", "physicalLocation", "artifactLocation", "uri", f->path, "region",
        "startLine", (json_int_t)f->line, "startColumn", (json_int_t)f->column, "endLine",
        (json_int_t)f->end_line, "partialFingerprints", "secretHash/v1", f->fingerprint);
    if (f->commit)
        json_object_set_new(r, "properties",
                            json_pack("{s:s, s:s, s:s}", "commit", f->commit, "author",
                                      f->author ? f->author : "", "date", f->date ? f->date : ""));
    free(msg);
    return r;
}

static json_t *report_sarif(const struct scan_findings *fs, const struct scan_db *db)
{
    json_t *results = json_array();
    size_t i;
    for (i = 0; i < fs->n; i++)
        json_array_append_new(results, sarif_result(&fs->items[i], db));
    return json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}", "$schema",
                     "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs",
                     "tool", "driver", "name", TOOL_NAME, "version", SG_VERSION, "rules",
                     sarif_rules(db), "results", results);
}

int scan_report(FILE *out, enum scan_format fmt, const struct scan_findings *f,
                const struct scan_db *db)
{
    json_t *doc;
    int rc;
    if (fmt == SCAN_FORMAT_TEXT) {
        report_text(out, f);
        return ferror(out) ? -1 : 0;
    }
    doc = fmt == SCAN_FORMAT_JSON ? report_json(f) : report_sarif(f, db);
    if (!doc)
        SG_BUG("cannot build the report");
    rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(doc);
    return rc == 0 && !ferror(out) ? 0 : -1;
}

/* ---- baselines ------------------------------------------------------------ */

static void collect_fingerprint(json_t *item, json_t *set)
{
    json_t *fp = json_object_get(item, "fingerprint");
    json_t *pf = json_object_get(item, "partialFingerprints");
    if (json_is_string(fp))
        json_object_set(set, json_string_value(fp), json_true());
    fp = pf ? json_object_get(pf, "secretHash/v1") : NULL;
    if (json_is_string(fp))
        json_object_set(set, json_string_value(fp), json_true());
}

static void collect_all(json_t *doc, json_t *set)
{
    json_t *arr = json_is_array(doc) ? doc : json_object_get(doc, "findings"), *it, *run;
    size_t i, j;
    json_array_foreach(arr, i, it) collect_fingerprint(it, set);
    json_array_foreach(json_object_get(doc, "runs"), i, run)
    {
        json_array_foreach(json_object_get(run, "results"), j, it) collect_fingerprint(it, set);
    }
}

int scan_baseline_apply(struct scan_findings *f, const char *path, struct sg_diags *d)
{
    json_error_t err;
    json_t *doc = json_load_file(path, 0, &err), *set;
    size_t i, k = 0;
    if (!doc) {
        sg_diag_add(d, SG_SEV_ERROR, path, err.line > 0 ? err.line : 0,
                    err.column > 0 ? err.column : 0, "invalid baseline: %s", err.text);
        return -1;
    }
    if (!json_is_array(doc) && !json_is_array(json_object_get(doc, "findings")) &&
        !json_is_array(json_object_get(doc, "runs"))) {
        sg_diag_add(d, SG_SEV_ERROR, path, 1, 1,
                    "expected a shipgate-secrets report, an array of findings or SARIF");
        json_decref(doc);
        return -1;
    }
    set = json_object();
    collect_all(doc, set);
    for (i = 0; i < f->n; i++) {
        if (json_object_get(set, f->items[i].fingerprint)) {
            free(f->items[i].path);
            free(f->items[i].preview);
            free(f->items[i].commit);
            free(f->items[i].author);
            free(f->items[i].date);
            continue;
        }
        f->items[k++] = f->items[i];
    }
    f->n = k;
    json_decref(set);
    json_decref(doc);
    return 0;
}
