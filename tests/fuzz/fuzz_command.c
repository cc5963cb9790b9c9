/* SPDX-License-Identifier: MIT */
/* Fuzz target: workflow commands, one line at a time through the state machine. */
#include <stddef.h>
#include <stdint.h>

#include "exec/exec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_arena *a = sg_arena_new();
    struct exec_cmdproc p;
    exec_cmdproc_init(&p, size > 0 && (data[0] & 1));
    p.allow_unsecure_commands = size > 0 && (data[0] & 2);
    p.allow_unsecure_stop_tokens = size > 0 && (data[0] & 4);
    const char *s = (const char *)data;
    size_t i = 0;
    while (i <= size) {
        const char *nl = memchr(s + i, '\n', size - i);
        size_t n = nl ? (size_t)(nl - (s + i)) : size - i;
        struct exec_cmd_effect e;
        exec_cmdproc_line(&p, &e, a, s + i, n);
        if (e.kind == EXEC_CMD_NONE && !e.print)
            SG_BUG("a plain line must be printed");
        if (e.error && !e.error_intro)
            SG_BUG("an error needs its intro");
        i += n + 1;
    }
    exec_cmdproc_release(&p);
    sg_arena_free(a);
    return 0;
}
