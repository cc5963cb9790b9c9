/* SPDX-License-Identifier: MIT */
/*
 * Cron expressions for on.schedule: parsing into bit sets, matching a UTC
 * minute, and finding the next one.
 *
 * The grammar is the one GitHub accepts (actions/languageservices checks
 * the same): five fields separated by spaces; each a list of items `*`,
 * `v`, `a-b`, each optionally followed by `/step`; `v/step` runs from v to
 * the field's end; month and weekday names (three letters, any case) stand
 * for numbers but never for steps; a range may not run backwards; weekday 7
 * is Sunday, as in Vixie cron. A day-of-month or day-of-week field that
 * starts with `*` counts as unrestricted for cron's "either day field may
 * match" rule (Vixie cron's DOM_STAR/DOW_STAR).
 *
 * Scheduling (when a run is due, jitter, the 5-minute floor GitHub applies)
 * is the server's business, not this file's.
 */
#include "base/cron.h"

struct cron_field {
    const char *name;
    int min, max, star_max;
    const char *const *names; /* names[i] stands for min + i */
    size_t nnames;
    const char *expect;
};

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const day_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static const struct cron_field fields[5] = {
    {"minute", 0, 59, 59, NULL, 0, "a number 0-59"},
    {"hour", 0, 23, 23, NULL, 0, "a number 0-23"},
    {"day-of-month", 1, 31, 31, NULL, 0, "a number 1-31"},
    {"month", 1, 12, 12, month_names, 12, "a number 1-12 or a month name JAN-DEC"},
    {"day-of-week", 0, 7, 6, day_names, 7, "a number 0-7 or a day name SUN-SAT"},
};

struct cron_parser {
    const char *s;
    size_t pos, end; /* the current field is s[pos..end) */
    const struct cron_field *f;
    struct sg_buf *err;
    size_t col;
};

static bool is_sep(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_alnum_c(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reports "expected X, got 'TOKEN'" for the token at `at`. */
static int perr(struct cron_parser *p, size_t at, const char *expected)
{
    size_t n = 0;

    while (at + n < p->end && is_alnum_c(p->s[at + n]))
        n++;
    if (n == 0 && at < p->end)
        n = 1;
    p->col = at;
    if (n == 0)
        sg_buf_addf(p->err, "invalid cron expression '%s': %s field: expected %s, got nothing",
                    p->s, p->f->name, expected);
    else
        sg_buf_addf(p->err, "invalid cron expression '%s': %s field: expected %s, got '%.*s'",
                    p->s, p->f->name, expected, (int)n, p->s + at);
    return -1;
}

/* A number or (where the field has them) a name. */
static int parse_value(struct cron_parser *p, int *out)
{
    size_t start = p->pos, i;
    long v = 0;

    if (p->pos < p->end && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
        while (p->pos < p->end && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
            if (v < 100000)
                v = v * 10 + (p->s[p->pos] - '0');
            p->pos++;
        }
        if (v < p->f->min || v > p->f->max || (p->pos < p->end && is_alnum_c(p->s[p->pos])))
            return perr(p, start, p->f->expect);
        *out = (int)v;
        return 0;
    }
    for (i = 0; i < p->f->nnames; i++) {
        if (p->end - p->pos >= 3 && !strncasecmp(p->s + p->pos, p->f->names[i], 3) &&
            (p->pos + 3 == p->end || !is_alnum_c(p->s[p->pos + 3]))) {
            p->pos += 3;
            *out = p->f->min + (int)i;
            return 0;
        }
    }
    return perr(p, start, p->f->expect);
}

static int parse_step(struct cron_parser *p, int *out)
{
    size_t start = p->pos;
    long v = 0;
    char expect[32];

    snprintf(expect, sizeof(expect), "a step 1-%d", p->f->max);
    if (p->pos >= p->end || p->s[p->pos] < '0' || p->s[p->pos] > '9')
        return perr(p, start, expect);
    while (p->pos < p->end && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
        if (v < 100000)
            v = v * 10 + (p->s[p->pos] - '0');
        p->pos++;
    }
    if (v < 1 || v > p->f->max || (p->pos < p->end && is_alnum_c(p->s[p->pos])))
        return perr(p, start, expect);
    *out = (int)v;
    return 0;
}

/* Parses one list item and sets its bits. */
static int parse_item(struct cron_parser *p, uint64_t *bits)
{
    int lo, hi, step = 1, v;
    size_t start = p->pos;
    const char *after;
    bool single = false;

    if (p->pos < p->end && p->s[p->pos] == '*') {
        p->pos++;
        lo = p->f->min, hi = p->f->star_max;
        after = "',' or '/' after '*'";
    } else {
        if (parse_value(p, &lo) < 0)
            return -1;
        hi = lo;
        single = true;
        after = "',', '-' or '/' after a value";
        if (p->pos < p->end && p->s[p->pos] == '-') {
            p->pos++;
            if (parse_value(p, &hi) < 0)
                return -1;
            if (hi < lo) {
                p->col = start;
                sg_buf_addf(p->err,
                            "invalid cron expression '%s': %s field: expected a range whose "
                            "start is not after its end, got '%.*s'",
                            p->s, p->f->name, (int)(p->pos - start), p->s + start);
                return -1;
            }
            single = false;
            after = "',' or '/' after a range";
        }
    }
    if (p->pos < p->end && p->s[p->pos] == '/') {
        p->pos++;
        if (parse_step(p, &step) < 0)
            return -1;
        if (single)
            hi = p->f->star_max; /* `v/step`: from v to the end */
        after = "',' after a step";
    }
    if (p->pos < p->end && p->s[p->pos] != ',')
        return perr(p, p->pos, after);
    for (v = lo; v <= hi; v += step)
        *bits |= (uint64_t)1 << (v == 7 && p->f->names == day_names ? 0 : v);
    return 0;
}

static int parse_field(struct cron_parser *p, uint64_t *bits)
{
    *bits = 0;
    while (1) {
        if (parse_item(p, bits) < 0)
            return -1;
        if (p->pos >= p->end)
            return 0;
        p->pos++; /* the ',' */
    }
}

/* Finds the fields; returns how many there are (up to 6), with their spans. */
static size_t split_fields(const char *s, size_t start[6], size_t end[6])
{
    size_t n = 0, i = 0;

    while (s[i]) {
        while (is_sep(s[i]))
            i++;
        if (!s[i])
            break;
        if (n == 6)
            return 7;
        start[n] = i;
        while (s[i] && !is_sep(s[i]))
            i++;
        end[n++] = i;
    }
    return n;
}

int sg_cron_parse(struct sg_cron *out, const char *s, struct sg_buf *err, size_t *col_out)
{
    struct cron_parser p = {s, 0, 0, NULL, err, 0};
    size_t start[6], end[6], n = split_fields(s, start, end), i;
    uint64_t bits[5];

    memset(out, 0, sizeof(*out));
    if (n != 5) {
        p.col = n > 5 ? start[5] : strlen(s);
        sg_buf_addf(err,
                    "invalid cron expression '%s': expected 5 fields (minute hour day-of-month "
                    "month day-of-week), got %s%zu",
                    s, n > 6 ? "more than " : "", n > 6 ? (size_t)6 : n);
        goto fail;
    }
    for (i = 0; i < 5; i++) {
        p.pos = start[i], p.end = end[i], p.f = &fields[i];
        if (parse_field(&p, &bits[i]) < 0)
            goto fail;
    }
    out->minutes = bits[0];
    out->hours = (uint32_t)bits[1];
    out->mdays = (uint32_t)bits[2];
    out->months = (uint16_t)bits[3];
    out->wdays = (uint8_t)bits[4];
    out->mday_any = s[start[2]] == '*';
    out->wday_any = s[start[4]] == '*';
    return 0;
fail:
    if (col_out)
        *col_out = p.col;
    return -1;
}

static bool day_matches(const struct sg_cron *c, const struct tm *t)
{
    bool md = (c->mdays >> t->tm_mday) & 1, wd = (c->wdays >> t->tm_wday) & 1;

    /* A starred field still restricts by its own bits (`*\/2`); only the
     * OR between the two day fields needs both to be restricted. */
    if (c->mday_any || c->wday_any)
        return md && wd;
    return md || wd;
}

bool sg_cron_matches(const struct sg_cron *c, const struct tm *utc)
{
    if (utc->tm_min < 0 || utc->tm_min > 59 || utc->tm_hour < 0 || utc->tm_hour > 23 ||
        utc->tm_mon < 0 || utc->tm_mon > 11 || utc->tm_mday < 1 || utc->tm_mday > 31 ||
        utc->tm_wday < 0 || utc->tm_wday > 6)
        return false;
    return ((c->minutes >> utc->tm_min) & 1) && ((c->hours >> utc->tm_hour) & 1) &&
           ((c->months >> (utc->tm_mon + 1)) & 1) && day_matches(c, utc);
}

/*
 * Walks forward a month, a day, an hour or a minute at a time, whichever
 * the first mismatching field allows, so five years cost a few thousand
 * steps at most.
 */
int sg_cron_next(const struct sg_cron *c, time_t after, time_t *out)
{
    const time_t limit = after + (time_t)5 * 366 * 24 * 3600;
    time_t t = after - (after % 60 + 60) % 60 + 60;
    struct tm tm;

    while (t <= limit) {
        if (!gmtime_r(&t, &tm))
            return -1;
        if (!((c->months >> (tm.tm_mon + 1)) & 1)) {
            tm.tm_mon++, tm.tm_mday = 1, tm.tm_hour = 0, tm.tm_min = 0;
        } else if (!day_matches(c, &tm)) {
            tm.tm_mday++, tm.tm_hour = 0, tm.tm_min = 0;
        } else if (!((c->hours >> tm.tm_hour) & 1)) {
            tm.tm_hour++, tm.tm_min = 0;
        } else if (!((c->minutes >> tm.tm_min) & 1)) {
            tm.tm_min++;
        } else {
            *out = t;
            return 0;
        }
        tm.tm_sec = 0;
        t = timegm(&tm);
    }
    return -1;
}
