/* SPDX-License-Identifier: MIT */
/* libFuzzer target: parse arbitrary bytes as an action.yml and walk what
 * loaded (inputs, outputs, composite steps). Must never crash or leak. */
#include "actions/action.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct action_manifest m;
    size_t i, n = 0;

    sg_diags_init(&d);
    (void)action_manifest_parse(&m, a, &d, "action.yml", (const char *)data, size);
    for (i = 0; i < m.ninputs; i++) {
        n += strlen(action_input_env_name(a, m.inputs[i].name->s));
        n += m.inputs[i].default_value ? strlen(m.inputs[i].default_value->s) : 0;
    }
    for (i = 0; i < m.noutputs; i++)
        n += m.outputs[i].value ? strlen(m.outputs[i].value->s) : 0;
    for (i = 0; i < m.nsteps; i++)
        n += m.steps[i].uses ? (size_t)action_is_local(m.steps[i].uses->s) : 0;
    (void)n;
    sg_diags_sort(&d);
    sg_diags_release(&d);
    sg_arena_free(a);
    return 0;
}
