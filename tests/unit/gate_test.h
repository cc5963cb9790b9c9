/* SPDX-License-Identifier: MIT */
/*
 * Shared by the tests/unit/test_gate_*.c files: parse a report from
 * $SHARED/fixtures/reports (SHARED defaults to /work/shared, the Makefile
 * exports it) or from tests/data/gate, and check counts per severity.
 * Each test owns one fixture; nothing here is linked into the library.
 */
#ifndef GATE_TEST_H
#define GATE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "gate/gate.h"

struct gate_fixture {
    struct sg_arena *arena;
    struct sg_diags diags;
    struct gate_report r;
    int rc;
};

static inline char *fixture_path(const char *rel)
{
    const char *shared = getenv("SHARED");
    static char path[4096];
    if (strncmp(rel, "tests/", 6) == 0)
        snprintf(path, sizeof(path), "%s", rel);
    else
        snprintf(path, sizeof(path), "%s/fixtures/reports/%s",
                 shared && *shared ? shared : "/work/shared", rel);
    return path;
}

/* Parses and fails the test (printing the diagnostics) unless it parsed as
 * `format`. Call fixture_done at the end. */
static inline struct gate_fixture *fixture_load(const char *rel, const char *format)
{
    struct gate_fixture *fx = calloc(1, sizeof(*fx));
    fx->arena = sg_arena_new();
    sg_diags_init(&fx->diags);
    fx->rc = gate_report_parse_file(&fx->r, fx->arena, fixture_path(rel), NULL, NULL, &fx->diags);
    if (fx->rc != 0)
        sg_diags_print(&fx->diags, stderr);
    assert_int_equal(fx->rc, 0);
    assert_int_equal(fx->diags.errors, 0);
    assert_string_equal(fx->r.format, format);
    return fx;
}

/* Parses a report that must be refused; returns the fixture for checking
 * the diagnostic. */
static inline struct gate_fixture *fixture_refused(const char *rel, const char *format)
{
    struct gate_fixture *fx = calloc(1, sizeof(*fx));
    fx->arena = sg_arena_new();
    sg_diags_init(&fx->diags);
    fx->rc = gate_report_parse_file(&fx->r, fx->arena, fixture_path(rel), format, NULL,
                                    &fx->diags);
    assert_int_equal(fx->rc, -1);
    assert_true(fx->diags.errors >= 1);
    return fx;
}

static inline void fixture_done(struct gate_fixture *fx)
{
    sg_diags_release(&fx->diags);
    sg_arena_free(fx->arena);
    free(fx);
}

static inline void expect_counts(const struct gate_report *r, size_t n, size_t crit, size_t high,
                          size_t med, size_t low, size_t info)
{
    size_t c[GATE_SEV_COUNT];
    gate_report_count(r, c);
    assert_int_equal(r->n_findings, n);
    assert_int_equal(c[GATE_SEV_CRITICAL], crit);
    assert_int_equal(c[GATE_SEV_HIGH], high);
    assert_int_equal(c[GATE_SEV_MEDIUM], med);
    assert_int_equal(c[GATE_SEV_LOW], low);
    assert_int_equal(c[GATE_SEV_INFO], info);
}

static inline size_t count_suppressed(const struct gate_report *r)
{
    size_t i, n = 0;
    for (i = 0; i < r->n_findings; i++)
        n += r->findings[i]->suppressed;
    return n;
}

static inline size_t count_unknown(const struct gate_report *r)
{
    size_t i, n = 0;
    for (i = 0; i < r->n_findings; i++)
        n += r->findings[i]->severity_unknown;
    return n;
}

/* The first finding with this rule, or a failed test. */
static inline const struct gate_finding *find_rule(const struct gate_report *r, const char *rule)
{
    size_t i;
    for (i = 0; i < r->n_findings; i++)
        if (r->findings[i]->rule && strcmp(r->findings[i]->rule, rule) == 0)
            return r->findings[i];
    fail_msg("no finding with rule '%s'", rule);
    return NULL;
}

/* Every finding has a 32-hex-digit fingerprint. */
static inline void expect_fingerprints(const struct gate_report *r)
{
    size_t i;
    for (i = 0; i < r->n_findings; i++) {
        assert_non_null(r->findings[i]->fingerprint);
        assert_int_equal(strlen(r->findings[i]->fingerprint), 32);
    }
}

#endif
