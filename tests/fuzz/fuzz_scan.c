/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target over the secret scanner core: any bytes through
 * scan_buffer must not crash, and every finding must have a sane position
 * and a preview that does not hold the whole secret span of the input.
 * The first byte picks whether the input is also streamed through scan_fd.
 */
#include <unistd.h>

#include "scan/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct scan_db *db;
static struct scan_worker *w;

static void check(const struct scan_findings *fs, size_t size)
{
    size_t i;
    for (i = 0; i < fs->n; i++) {
        const struct scan_finding *f = &fs->items[i];
        if (f->line < 1 || f->column < 1 || f->end_line < f->line || (size_t)f->column > size + 1 ||
            strlen(f->fingerprint) != 40 || !f->preview)
            SG_BUG("bad finding %s:%ld:%ld", f->rule->id, f->line, f->column);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scan_findings fs;
    if (!db) {
        struct sg_diags d;
        sg_diags_init(&d);
        db = scan_db_new(NULL, &d);
        if (!db)
            SG_BUG("the built-in rules do not compile");
        sg_diags_release(&d);
        w = scan_worker_new(db);
    }
    scan_findings_init(&fs);
    if (scan_buffer(w, "fuzz", (const char *)data, size, &fs) != 0)
        SG_BUG("scan_buffer failed");
    check(&fs, size);
    scan_findings_release(&fs);
    if (size > 0 && (data[0] & 1)) {
        int p[2];
        if (pipe(p) == 0) {
            if (size <= 60000 && write(p[1], data, size) == (ssize_t)size) {
                close(p[1]);
                scan_findings_init(&fs);
                scan_fd(w, "fuzz", p[0], &fs);
                check(&fs, size);
                scan_findings_release(&fs);
            } else {
                close(p[1]);
            }
            close(p[0]);
        }
    }
    return 0;
}
