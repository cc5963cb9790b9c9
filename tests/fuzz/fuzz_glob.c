/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for src/base/glob.c and its pattern checks. The input is
 * "PATTERN\nTEXT" (or PATTERN NUL TEXT): both dialects match, check and run
 * as a list (PATTERN split on ',') against TEXT. Beyond not crashing, it
 * checks that TEXT with its special characters escaped is a filter pattern
 * that matches TEXT itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/glob.h"

static void check_escaped_text_matches_itself(const char *text)
{
    size_t n = strlen(text), i, j = 0;
    char *pat = sg_xmalloc(2 * n + 1);
    for (i = 0; i < n; i++) {
        if (strchr("*?+[]\\", text[i]))
            pat[j++] = '\\';
        pat[j++] = text[i];
    }
    pat[j] = '\0';
    if (!sg_glob_match(SG_GLOB_FILTER, pat, text))
        abort();
    free(pat);
}

static void run_list(const char *pattern, const char *text)
{
    char *copy = sg_xstrdup(pattern), *items[16], *p = copy;
    size_t n = 0;
    while (n < SG_ARRAY_SIZE(items)) {
        char *comma = strchr(p, ',');
        items[n++] = p;
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    (void)sg_filter_match(SG_GLOB_FILTER, (const char *const *)items, n, text);
    (void)sg_filter_match(SG_GLOB_PATH, (const char *const *)items, n, text);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sg_buf err = SG_BUF_INIT;
    size_t cut = 0;
    char *pattern, *text;

    if (size > 4096)
        return 0;
    while (cut < size && data[cut] != '\n' && data[cut] != '\0')
        cut++;
    pattern = sg_xstrndup((const char *)data, cut);
    text = cut < size ? sg_xstrndup((const char *)data + cut + 1, size - cut - 1) : sg_xstrdup("");

    (void)sg_glob_match(SG_GLOB_FILTER, pattern, text);
    (void)sg_glob_match(SG_GLOB_PATH, pattern, text);
    (void)sg_glob_check(SG_GLOB_FILTER, pattern, &err);
    (void)sg_glob_check(SG_GLOB_PATH, pattern, &err);
    (void)sg_filter_check(SG_GLOB_FILTER, pattern, &err);
    run_list(pattern, text);
    check_escaped_text_matches_itself(text);

    sg_buf_release(&err);
    free(pattern);
    free(text);
    return 0;
}
