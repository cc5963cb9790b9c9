/* SPDX-License-Identifier: MIT */
/*
 * Expression evaluation speed: one typical `if:` condition parsed once and
 * evaluated a million times against a realistic github context built once,
 * next to a plain C loop doing the same string work, in the same run.
 * Also checks that evaluation allocates nothing on this path.
 */
#include <time.h>

#include "expr/expr.h"

#define ITERATIONS 1000000

static const char *const EXPRESSION =
    "contains(github.event.head_commit.message, '[skip ci]') && "
    "startsWith(github.ref, 'refs/tags/v')";

static const char *const GITHUB_JSON =
    "{\"action\":\"__run\",\"actor\":\"octocat\",\"api_url\":\"https://api.github.com\","
    "\"base_ref\":\"\",\"event_name\":\"push\",\"event_path\":\"/home/runner/work/_temp/event.json\","
    "\"graphql_url\":\"https://api.github.com/graphql\",\"head_ref\":\"\",\"job\":\"build\","
    "\"ref\":\"refs/tags/v1.4.2\",\"ref_name\":\"v1.4.2\",\"ref_protected\":false,\"ref_type\":\"tag\","
    "\"repository\":\"octo-org/octo-repo\",\"repository_id\":\"123456789\",\"repository_owner\":\"octo-org\","
    "\"retention_days\":\"90\",\"run_attempt\":\"1\",\"run_id\":\"5896423211\",\"run_number\":\"421\","
    "\"server_url\":\"https://github.com\",\"sha\":\"ffac537e6cbbf934b08745a378932722df287a53\","
    "\"workflow\":\"CI\",\"workspace\":\"/home/runner/work/octo-repo/octo-repo\","
    "\"event\":{\"after\":\"ffac537e6cbbf934b08745a378932722df287a53\","
    "\"before\":\"0000000000000000000000000000000000000000\",\"created\":true,\"deleted\":false,"
    "\"forced\":false,\"compare\":\"https://github.com/octo-org/octo-repo/compare/v1.4.2\","
    "\"commits\":[],\"head_commit\":{\"id\":\"ffac537e6cbbf934b08745a378932722df287a53\","
    "\"message\":\"Release 1.4.2: fix the cache key for matrix builds and bump deps\","
    "\"timestamp\":\"2024-05-01T12:00:00Z\",\"author\":{\"name\":\"Mona\",\"email\":\"mona@example.com\"}},"
    "\"pusher\":{\"name\":\"octocat\"},\"ref\":\"refs/tags/v1.4.2\","
    "\"repository\":{\"full_name\":\"octo-org/octo-repo\",\"private\":false}}}";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double bench_library(size_t *arena_growth, bool *result)
{
    struct sg_arena *ctx_arena = sg_arena_new(), *a = sg_arena_new();
    json_t *j = json_loads(GITHUB_JSON, 0, NULL);
    struct expr_context c;
    struct expr_error err;
    struct expr_node *n;
    struct expr_value v;
    size_t before;
    double t0, t1;
    unsigned hits = 0;

    expr_context_init(&c, ctx_arena);
    expr_context_set(ctx_arena, &c, "github", expr_from_json(ctx_arena, j));
    json_decref(j);
    n = expr_parse(ctx_arena, EXPRESSION, strlen(EXPRESSION), NULL, &err);
    if (!n) {
        fprintf(stderr, "bench_expr: %s\n", err.message);
        exit(1);
    }
    before = sg_arena_used(a);
    t0 = now();
    for (int i = 0; i < ITERATIONS; i++) {
        if (expr_eval(&v, n, &c, a, &err) < 0)
            exit(1);
        hits += expr_truthy(&v);
    }
    t1 = now();
    *arena_growth = sg_arena_used(a) - before;
    *result = hits > 0;
    sg_arena_free(a);
    sg_arena_free(ctx_arena);
    return t1 - t0;
}

static double bench_baseline(bool *result)
{
    /* The same string work with the values already at hand. */
    const char *volatile message = "Release 1.4.2: fix the cache key for matrix builds and bump deps";
    const char *volatile ref = "refs/tags/v1.4.2";
    unsigned hits = 0;
    double t0 = now();

    for (int i = 0; i < ITERATIONS; i++)
        hits += strstr(message, "[skip ci]") != NULL && strncmp(ref, "refs/tags/v", 11) == 0;
    *result = hits > 0;
    return now() - t0;
}

int main(void)
{
    size_t growth;
    bool r1, r2;
    double lib = bench_library(&growth, &r1);
    double base = bench_baseline(&r2);

    if (r1 != r2) {
        fprintf(stderr, "bench_expr: library and baseline disagree\n");
        return 1;
    }
    printf("expr: %.0f evaluations/s (%d in %.3f s), arena bytes per evaluation: %.2f\n",
           ITERATIONS / lib, ITERATIONS, lib, (double)growth / ITERATIONS);
    printf("baseline strstr/strncmp: %.0f iterations/s\n", ITERATIONS / base);
    printf("ratio library/baseline time: %.1f\n", lib / base);
    return 0;
}
