/* SPDX-License-Identifier: MIT */
/*
 * The base layer every other subsystem builds on: allocation that aborts on
 * failure, per-run arenas, growable byte buffers, and diagnostics that carry
 * file, line and column. Nothing here knows about workflows or reports.
 */
#ifndef SG_BASE_H
#define SG_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>

#define SG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define SG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SG_NORETURN __attribute__((noreturn))
#else
#define SG_PRINTF(f, a)
#define SG_NORETURN
#endif

/* Programming errors, never bad input: print where and abort (git's BUG()). */
SG_NORETURN void sg_bug_at(const char *file, int line, const char *fmt, ...) SG_PRINTF(3, 4);
#define SG_BUG(...) sg_bug_at(__FILE__, __LINE__, __VA_ARGS__)
#define sg_assert(c) ((c) ? (void)0 : sg_bug_at(__FILE__, __LINE__, "assertion failed: %s", #c))

/* Allocation failure aborts: shipgate is a program, not a library. */
void *sg_xmalloc(size_t n);
void *sg_xcalloc(size_t n, size_t size);
void *sg_xrealloc(void *p, size_t n);
char *sg_xstrdup(const char *s);
char *sg_xstrndup(const char *s, size_t n);
/* Grows *items to hold at least `need` elements of `size` bytes. */
void sg_grow(void **items, size_t *cap, size_t need, size_t size);
#define SG_GROW(arr, cap, need) sg_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/* ---- arenas ----------------------------------------------------------- */

/*
 * An arena owns everything scoped to one run, one request or one parse; it is
 * freed in one call. Cleanup hooks run (last registered first) before the
 * memory goes, for descriptors, child processes and temp folders. With
 * SG_ARENA_MALLOC defined (the ASan build) every allocation is its own
 * malloc so the sanitizers see overflows between objects.
 */
struct sg_arena;
typedef void (*sg_cleanup_fn)(void *data);

struct sg_arena *sg_arena_new(void);
void sg_arena_free(struct sg_arena *a);
/* Zeroed, aligned for any type. */
void *sg_arena_alloc(struct sg_arena *a, size_t n);
char *sg_arena_strdup(struct sg_arena *a, const char *s);
char *sg_arena_strndup(struct sg_arena *a, const char *s, size_t n);
char *sg_arena_printf(struct sg_arena *a, const char *fmt, ...) SG_PRINTF(2, 3);
char *sg_arena_vprintf(struct sg_arena *a, const char *fmt, va_list ap);
void sg_arena_on_free(struct sg_arena *a, sg_cleanup_fn fn, void *data);
/* Bytes handed out so far (for benchmarks and limits). */
size_t sg_arena_used(const struct sg_arena *a);

/* ---- byte buffers ------------------------------------------------------ */

/*
 * A growable, always NUL-terminated byte buffer (git's strbuf). `max`, when
 * non-zero, bounds the length for untrusted input: appends past it fail
 * with -1 and leave the buffer as it was.
 */
struct sg_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
};

#define SG_BUF_INIT {NULL, 0, 0, 0}

void sg_buf_init(struct sg_buf *b, size_t max);
void sg_buf_release(struct sg_buf *b);
void sg_buf_reset(struct sg_buf *b);
int sg_buf_add(struct sg_buf *b, const void *data, size_t n);
int sg_buf_addstr(struct sg_buf *b, const char *s);
int sg_buf_addch(struct sg_buf *b, char c);
int sg_buf_addf(struct sg_buf *b, const char *fmt, ...) SG_PRINTF(2, 3);
int sg_buf_vaddf(struct sg_buf *b, const char *fmt, va_list ap);
/* Returns the text (never NULL) and leaves the buffer empty; free() it. */
char *sg_buf_detach(struct sg_buf *b);
/* The text, "" for an empty buffer. */
const char *sg_buf_str(const struct sg_buf *b);
/* Appends `s` as a JSON string literal, quotes included. */
int sg_buf_add_json_string(struct sg_buf *b, const char *s, size_t n);

/* Reads a whole file (up to `max` bytes, 0 for no limit). Returns 0, or -1
 * with errno set (EFBIG when over `max`). */
int sg_read_file(struct sg_buf *out, const char *path, size_t max);

/* ---- diagnostics ------------------------------------------------------- */

enum sg_severity { SG_SEV_ERROR, SG_SEV_WARNING, SG_SEV_NOTE };

struct sg_diag {
    const char *file; /* borrowed from the diags' arena */
    int line;         /* 1-based; 0 when unknown */
    int col;          /* 1-based; 0 when unknown */
    enum sg_severity severity;
    char *message;
};

/*
 * Diagnostics collected by parsers and checkers; the caller owns the list and
 * passes it down (SQLite's parse context), so there is no "last error".
 */
struct sg_diags {
    struct sg_diag *items;
    size_t n, cap;
    size_t errors;
    struct sg_arena *arena;
};

void sg_diags_init(struct sg_diags *d);
void sg_diags_release(struct sg_diags *d);
void sg_diag_add(struct sg_diags *d, enum sg_severity sev, const char *file, int line, int col,
                 const char *fmt, ...) SG_PRINTF(6, 7);
void sg_diag_vadd(struct sg_diags *d, enum sg_severity sev, const char *file, int line, int col,
                  const char *fmt, va_list ap);
/* Stable sort by file, line, column. */
void sg_diags_sort(struct sg_diags *d);
/* FILE:LINE:COL: error: MESSAGE, one per line. */
void sg_diags_print(const struct sg_diags *d, FILE *out);
const char *sg_severity_name(enum sg_severity s);

/* ---- small string helpers ---------------------------------------------- */

bool sg_str_eq_nocase(const char *a, const char *b);
bool sg_starts_with(const char *s, const char *prefix);
bool sg_ends_with(const char *s, const char *suffix);
/* Length of the UTF-8 sequence at s (at most n bytes), 0 when invalid
 * (overlong, surrogate, truncated, out of range). */
size_t sg_utf8_seq_len(const unsigned char *s, size_t n);
/* Whether text holds invalid UTF-8; if so, *line and *col (1-based, in
 * characters) say where the first bad byte is. */
bool sg_utf8_find_invalid(const char *text, size_t len, int *line, int *col);
/* Whether text holds a character YAML does not allow (invalid UTF-8, or a
 * control character other than tab, LF, CR): *cp_out is its code point, or
 * -1 for invalid UTF-8. libfyaml 0.7 hangs or leaks on some of these, so
 * every YAML reader checks first. */
bool sg_yaml_find_bad_char(const char *text, size_t len, int *line, int *col, long *cp_out);
/* Whether s[0..n) is a whole decimal number: sign, digits with an optional
 * fraction (or only a fraction), optional exponent. The number syntax of
 * GitHub's expressions and of YAML 1.2's core schema alike. */
bool sg_is_decimal(const char *s, size_t n);
/* Parses a whole decimal integer; false when not one or out of range. */
bool sg_parse_long(const char *s, long *out);

/* Last, after every system header that might use a banned name inline.
 * Files that include further system headers include them before base.h. */
#include "banned.h"

#endif
