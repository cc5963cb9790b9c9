/* SPDX-License-Identifier: MIT */
/* libFuzzer target: .shipgate/policy.yml loading. */
#include "gate/gate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct gate_policy p;

    sg_diags_init(&d);
    if (gate_policy_parse(&p, a, "policy.yml", (const char *)data, size, &d) < 0 && d.errors == 0)
        SG_BUG("a refused policy without a diagnostic");
    sg_diags_release(&d);
    sg_arena_free(a);
    return 0;
}
