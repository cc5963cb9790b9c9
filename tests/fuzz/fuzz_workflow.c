/* SPDX-License-Identifier: MIT */
/* libFuzzer target: load + validate arbitrary bytes as a workflow, and run
 * the trigger matcher on whatever loaded. Must never crash or leak. */
#include "workflow/workflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct wf_workflow *wf;
    static const char *const paths[] = {"src/a.c", "docs/x.md"};
    struct wf_trigger_event ev = {"push", "refs/heads/main", NULL, paths, 2, NULL, NULL};

    sg_diags_init(&d);
    wf = wf_load(a, &d, "fuzz.yml", (const char *)data, size);
    if (wf) {
        (void)wf_trigger_matches(wf, &ev);
        ev.name = "pull_request";
        ev.action = "opened";
        (void)wf_trigger_matches(wf, &ev);
    }
    sg_diags_sort(&d);
    sg_diags_release(&d);
    sg_arena_free(a);
    return 0;
}
