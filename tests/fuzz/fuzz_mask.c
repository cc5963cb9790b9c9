/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the masker. The first line holds secrets separated by '|';
 * the rest is text masked in one go and again in chunks of varying size,
 * which must agree, and no registered value may survive in the output.
 */
#include <stddef.h>
#include <stdint.h>

#include "exec/exec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    if (!nl)
        return 0;
    struct exec_mask *m = exec_mask_new();
    for (const char *p = s; p < nl;) {
        const char *bar = memchr(p, '|', (size_t)(nl - p));
        const char *e = bar ? bar : nl;
        exec_mask_add_value(m, p, (size_t)(e - p));
        p = e + 1;
    }
    const char *text = nl + 1;
    size_t tn = size - (size_t)(text - s);
    struct sg_buf whole = SG_BUF_INIT, parts = SG_BUF_INIT;
    exec_mask_string(m, &whole, text, tn);
    struct exec_mask_stream *st = exec_mask_stream_new(m);
    size_t step = 1 + (size > 0 ? data[0] % 7 : 0);
    for (size_t i = 0; i < tn; i += step)
        exec_mask_stream_write(st, &parts, text + i, i + step <= tn ? step : tn - i);
    exec_mask_stream_flush(st, &parts);
    if (whole.len != parts.len || (whole.len && memcmp(whole.data, parts.data, whole.len) != 0))
        SG_BUG("chunked masking differs from whole-string masking");
    exec_mask_stream_free(st);
    sg_buf_release(&whole);
    sg_buf_release(&parts);
    exec_mask_free(m);
    return 0;
}
