/* SPDX-License-Identifier: MIT */
/* Fuzz target: $GITHUB_ENV-style files and $GITHUB_PATH files. */
#include <stddef.h>
#include <stdint.h>

#include "exec/exec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct exec_kvlist l;
    sg_diags_init(&d);
    exec_kvlist_init(&l);
    int rc = exec_envfile_parse(&l, a, "f", (const char *)data, size, &d);
    if ((rc == 0) != (d.errors == 0))
        SG_BUG("return code and diagnostics disagree");
    for (size_t i = 0; i < l.n; i++)
        if (!l.items[i].name[0] && !l.items[i].value)
            SG_BUG("bad entry");
    struct exec_pathlist pl;
    exec_pathlist_init(&pl);
    exec_pathfile_parse(&pl, a, (const char *)data, size);
    (void)exec_pathlist_join(a, &pl, "/bin");
    exec_pathlist_release(&pl);
    exec_kvlist_release(&l);
    sg_diags_release(&d);
    sg_arena_free(a);
    return 0;
}
