/* SPDX-License-Identifier: MIT */
/* Fuzz target: the dotenv parser behind --secret-file, --var-file, --env-file. */
#include <stddef.h>
#include <stdint.h>

#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    struct run_kvs kv = {0};
    int rc;

    sg_diags_init(&d);
    rc = run_dotenv_parse(&kv, a, "f.env", (const char *)data, size, &d);
    if ((rc == 0) != (d.errors == 0))
        SG_BUG("return code and diagnostics disagree");
    for (size_t i = 0; i < kv.n; i++)
        if (!kv.items[i].name[0] || !kv.items[i].value)
            SG_BUG("an entry without a name or a value");
    run_kvs_release(&kv);
    sg_diags_release(&d);
    sg_arena_free(a);
    return 0;
}
