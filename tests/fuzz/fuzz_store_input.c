/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the text the store takes from users and from git
 * config before it reaches SQL: remote URLs reduced to repository
 * identities, expiry dates, statuses. Must never crash, never read past
 * the input, and identities must be stable (normalising twice changes
 * nothing for URLs with a scheme). */
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = sg_xstrndup((const char *)data, size);
    struct sg_buf id = SG_BUF_INIT;
    enum store_status st;

    store_url_identity(&id, s);
    if (strlen(sg_buf_str(&id)) > strlen(s) + 1)
        SG_BUG("identity '%s' longer than its URL '%s'", sg_buf_str(&id), s);
    if (store_date_valid(s) && (strlen(s) != 10 || s[4] != '-'))
        SG_BUG("accepted a malformed date '%s'", s);
    if (store_status_parse(s, &st) && strcmp(store_status_name(st), s) != 0)
        SG_BUG("status '%s' does not round-trip", s);
    sg_buf_release(&id);
    free(s);
    return 0;
}
