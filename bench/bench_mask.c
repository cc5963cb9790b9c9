/* SPDX-License-Identifier: MIT */
/*
 * Throughput of the secret masker: 1 GiB of generated log lines, pushed in
 * 64 KiB chunks (a pipe read's size) through a masking stream with 20
 * registered secrets, against a plain memcpy of the same chunks and a
 * write() of them to /dev/null. Prints MB/s and ratios; never fails on time.
 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "exec/exec.h"

#define BLOCK (64u << 20) /* generated once, pushed TOTAL/BLOCK times */
#define TOTAL (1ull << 30)
#define CHUNK (64u << 10)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long long rng = 88172645463325252ull;
static unsigned next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)rng;
}

static const char *const words[] = {
    "INFO", "DEBUG", "compiling", "src/main.c", "test", "passed", "ok", "npm", "warn", "deprecated",
    "Downloading", "https://registry.example.com/pkg/-/pkg-1.2.3.tgz", "[100%]", "Collecting",
    "requirements.txt", "PASSED", "tests/test_api.py::test_get", "0.03s", "Step", "Running",
};

/* Log-like lines; every ~2000th line carries one of the secrets. */
static char *make_block(char **secrets, size_t nsecrets)
{
    char *buf = sg_xmalloc(BLOCK);
    size_t n = 0, line = 0;
    while (n < BLOCK - 512) {
        n += (size_t)snprintf(buf + n, 64, "2024-05-01T12:%02u:%02u.%03uZ ", next_rand() % 60,
                              next_rand() % 60, next_rand() % 1000);
        unsigned k = 4 + next_rand() % 10;
        for (unsigned i = 0; i < k; i++) {
            const char *w = words[next_rand() % SG_ARRAY_SIZE(words)];
            size_t wl = strlen(w);
            memcpy(buf + n, w, wl);
            n += wl;
            buf[n++] = ' ';
        }
        if (++line % 2000 == 0) {
            const char *s = secrets[next_rand() % nsecrets];
            memcpy(buf + n, s, strlen(s));
            n += strlen(s);
        }
        buf[n++] = '\n';
    }
    memset(buf + n, '.', BLOCK - n);
    return buf;
}

int main(void)
{
    char *secrets[20];
    struct exec_mask *m = exec_mask_new();
    for (int i = 0; i < 20; i++) {
        secrets[i] = sg_xmalloc(41);
        for (int j = 0; j < 40; j++)
            secrets[i][j] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[next_rand() % 62];
        secrets[i][40] = 0;
        exec_mask_add_secret(m, secrets[i], true);
    }
    char *block = make_block(secrets, 20);
    size_t reps = TOTAL / BLOCK;

    /* memcpy baseline */
    char *dst = sg_xmalloc(CHUNK);
    double t0 = now_s();
    for (size_t r = 0; r < reps; r++)
        for (size_t off = 0; off < BLOCK; off += CHUNK) {
            memcpy(dst, block + off, CHUNK);
            __asm__ volatile("" : : "r"(dst) : "memory");
        }
    double t_memcpy = now_s() - t0;

    /* write to /dev/null */
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    t0 = now_s();
    for (size_t r = 0; r < reps; r++)
        for (size_t off = 0; off < BLOCK; off += CHUNK)
            if (write(fd, block + off, CHUNK) != (ssize_t)CHUNK)
                return 1;
    double t_null = now_s() - t0;

    /* masking stream, output written to /dev/null as the log path would */
    struct exec_mask_stream *s = exec_mask_stream_new(m);
    struct sg_buf out = SG_BUF_INIT;
    size_t stars = 0, outbytes = 0;
    t0 = now_s();
    for (size_t r = 0; r < reps; r++)
        for (size_t off = 0; off < BLOCK; off += CHUNK) {
            sg_buf_reset(&out);
            exec_mask_stream_write(s, &out, block + off, CHUNK);
            outbytes += out.len;
            if (out.len && write(fd, out.data, out.len) != (ssize_t)out.len)
                return 1;
        }
    sg_buf_reset(&out);
    exec_mask_stream_flush(s, &out);
    outbytes += out.len;
    double t_mask = now_s() - t0;
    /* count masks in one block to show the secrets were found */
    sg_buf_reset(&out);
    exec_mask_string(m, &out, block, BLOCK);
    for (const char *p = out.data; (p = memmem(p, out.len - (size_t)(p - out.data), "***", 3)); p += 3)
        stars++;

    double mb = (double)TOTAL / 1e6;
    printf("mask: %zu patterns from 20 secrets, %.0f MB in %u KiB chunks, %zu masks per %u MiB block\n",
           exec_mask_patterns(m), mb, CHUNK >> 10, stars, BLOCK >> 20);
    printf("  memcpy         %8.0f MB/s\n", mb / t_memcpy);
    printf("  write /dev/null%8.0f MB/s\n", mb / t_null);
    printf("  mask+write     %8.0f MB/s  (%.2fx memcpy time, %.2fx /dev/null time)\n", mb / t_mask,
           t_mask / t_memcpy, t_mask / t_null);
    printf("  output bytes %zu of %llu\n", outbytes, (unsigned long long)TOTAL);
    close(fd);
    sg_buf_release(&out);
    exec_mask_stream_free(s);
    exec_mask_free(m);
    for (int i = 0; i < 20; i++)
        free(secrets[i]);
    free(block);
    free(dst);
    return 0;
}
