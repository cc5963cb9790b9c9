/* SPDX-License-Identifier: MIT */
/* libFuzzer target: every JSON report parser, by detection and forced. */
#include "gate/gate.h"

static const char *const json_formats[] = {
    NULL, "sarif", "trivy", "semgrep", "bandit", "pip-audit", "npm-audit",
    "gitleaks", "shipgate-secrets", "zap", "shellcheck", "coverage-py", "docker-inspect",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t i;

    for (i = 0; i < SG_ARRAY_SIZE(json_formats); i++) {
        struct sg_arena *a = sg_arena_new();
        struct sg_diags d;
        struct gate_report r;
        sg_diags_init(&d);
        if (gate_report_parse_mem(&r, a, "fuzz.json", (const char *)data, size, json_formats[i],
                                  NULL, &d) < 0 && d.errors == 0)
            SG_BUG("a refused report without a diagnostic");
        sg_diags_release(&d);
        sg_arena_free(a);
    }
    return 0;
}
