/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the baseline reader, and the same bytes read as a
 * .trivyignore and a .gitleaksignore applied to a small report. */
#include "gate/gate.h"

static const char report[] =
    "[{\"RuleID\": \"aws\", \"File\": \"a.env\", \"StartLine\": 4, \"Commit\": \"abc\","
    " \"Secret\": \"AKIAIOSFODNN7EXAMPLE\"}]";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {".trivyignore", "dir/.gitleaksignore"};
    struct sg_arena *a = sg_arena_new();
    struct gate_baseline b;
    struct gate_report r, *rp = &r;
    struct sg_diags d;
    const char **warn = NULL;
    size_t i, n_warn = 0;

    sg_diags_init(&d);
    if (gate_baseline_parse(&b, a, "fuzz.json", (const char *)data, size, &d) < 0) {
        if (d.errors == 0)
            SG_BUG("a refused baseline without a diagnostic");
    } else {
        for (i = 1; i < b.n; i++)
            if (strcmp(b.entries[i - 1].fingerprint, b.entries[i].fingerprint) > 0)
                SG_BUG("baseline entries not sorted");
    }
    if (gate_report_parse_mem(&r, a, "r.json", report, sizeof(report) - 1, NULL, NULL, &d) < 0)
        SG_BUG("the fixed report did not parse");
    for (i = 0; i < SG_ARRAY_SIZE(names); i++)
        gate_ignorefile_apply_text(&rp, 1, names[i], (const char *)data, size, 20250101, a, &warn,
                                   &n_warn);
    sg_diags_release(&d);
    sg_arena_free(a);
    return 0;
}
