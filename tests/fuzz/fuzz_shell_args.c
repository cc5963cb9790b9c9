/* SPDX-License-Identifier: MIT */
/* Fuzz target: shell templates (string.Format) and .NET argument splitting. */
#include <stddef.h>
#include <stdint.h>

#include "exec/exec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_arena *a = sg_arena_new();
    struct sg_diags d;
    sg_diags_init(&d);
    char *text = sg_arena_strndup(a, (const char *)data, size);
    size_t n;
    char **v = exec_shell_split_args(a, text, &n);
    if (v[n] != NULL)
        SG_BUG("argv not terminated");
    struct exec_shell sh = {"sh", "/bin/sh", text, ".sh"};
    char **argv = exec_shell_argv(&sh, a, "/tmp/a \"b\".sh", &d);
    if (!argv && d.errors == 0)
        SG_BUG("failure without a diagnostic");
    if (argv && strcmp(argv[0], "/bin/sh") != 0)
        SG_BUG("argv[0] must be the shell");
    struct exec_shell out;
    (void)exec_shell_resolve(&out, a, text, "/nonexistent", &d);
    sg_diags_release(&d);
    sg_arena_free(a);
    return 0;
}
