/* SPDX-License-Identifier: MIT */
/*
 * Growable byte buffers and whole-file reading.
 */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void sg_buf_init(struct sg_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void sg_buf_release(struct sg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sg_buf_reset(struct sg_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int buf_reserve(struct sg_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    if (b->max && b->len + extra > b->max)
        return -1;
    SG_GROW(b->data, b->cap, b->len + extra + 1);
    return 0;
}

int sg_buf_add(struct sg_buf *b, const void *data, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int sg_buf_addstr(struct sg_buf *b, const char *s)
{
    return sg_buf_add(b, s, strlen(s));
}

int sg_buf_addch(struct sg_buf *b, char c)
{
    return sg_buf_add(b, &c, 1);
}

int sg_buf_vaddf(struct sg_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        SG_BUG("bad format string '%s'", fmt);
    if (buf_reserve(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int sg_buf_addf(struct sg_buf *b, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = sg_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return r;
}

char *sg_buf_detach(struct sg_buf *b)
{
    char *p = b->data ? b->data : sg_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

const char *sg_buf_str(const struct sg_buf *b)
{
    return b->data ? b->data : "";
}

int sg_buf_add_json_string(struct sg_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, start = 0;

    if (sg_buf_addch(b, '"') < 0)
        return -1;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[7];
        size_t elen = 2;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (sg_buf_add(b, s + start, i - start) < 0)
            return -1;
        start = i + 1;
        esc[0] = '\\';
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            elen = 6;
        }
        if (sg_buf_add(b, esc, elen) < 0)
            return -1;
    }
    if (sg_buf_add(b, s + start, n - start) < 0)
        return -1;
    return sg_buf_addch(b, '"');
}

int sg_read_file(struct sg_buf *out, const char *path, size_t max)
{
    char chunk[65536];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;

    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof(chunk));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            return -1;
        }
        if (r == 0)
            break;
        if ((max && out->len + (size_t)r > max) || sg_buf_add(out, chunk, (size_t)r) < 0) {
            close(fd);
            errno = EFBIG;
            return -1;
        }
    }
    close(fd);
    if (!out->data)
        sg_buf_add(out, "", 0);
    return 0;
}
