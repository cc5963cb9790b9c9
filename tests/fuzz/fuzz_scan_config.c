/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target over the --config loader of the secret scanner: any
 * bytes must load or fail with diagnostics, never crash or hang. (Rule
 * patterns are not compiled here: Vectorscan's compile time on hostile
 * patterns is its own matter, and a bad one fails with a diagnostic.)
 */
#include <unistd.h>

#include "scan/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/sg-fuzz-scan-config-XXXXXX";
    struct scan_config cfg;
    struct sg_diags d;
    int fd = mkstemp(path), rc;
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    scan_config_init(&cfg);
    sg_diags_init(&d);
    rc = scan_config_load(&cfg, path, &d);
    if (rc < 0 && d.errors == 0)
        SG_BUG("config failed without a diagnostic");
    scan_config_release(&cfg);
    sg_diags_release(&d);
    unlink(path);
    return 0;
}
