/* SPDX-License-Identifier: MIT */
/*
 * The job and step runner behind `shipgate run`: given the workflows an
 * event triggers, it plans the jobs (needs graph, matrix), runs them with
 * up to N at once through an executor (the host today; sandbox, docker and
 * agents later, behind struct run_executor), prints what happens with every
 * secret masked, and writes the run report of DESIGN.md section 4.
 *
 * The CLI (src/cli/cmd_run.c) parses flags and hands a struct run_options
 * in; loading, trigger matching, input typing and the run itself live here.
 */
#ifndef SG_RUN_H
#define SG_RUN_H

#include "base/base.h"

struct run_kv {
    const char *name;
    const char *value;
};

struct run_kvs {
    struct run_kv *items;
    size_t n, cap;
};

/* Adds (copies into `a`); a later entry with the same name wins on use. */
void run_kvs_add(struct run_kvs *l, struct sg_arena *a, const char *name, const char *value);
void run_kvs_release(struct run_kvs *l);

/*
 * Parses a dotenv file's text (KEY=VALUE lines, `#` comments, optional
 * `export `, single or double quotes; double quotes take \n, \", \\).
 * Returns 0, or -1 with FILE:LINE in `d` for a line that is not KEY=VALUE.
 */
int run_dotenv_parse(struct run_kvs *out, struct sg_arena *a, const char *file, const char *text,
                     size_t len, struct sg_diags *d);

struct run_options {
    const char *event;      /* "push" when NULL */
    const char *directory;  /* repository root; "." when NULL */
    const char *workflows;  /* file or folder; .github/workflows under directory */
    const char *only_job;   /* -j */
    const char *event_path; /* -e */
    struct run_kvs inputs, secrets, vars, env;
    int parallel;           /* <= 0: number of CPUs */
    bool list, dryrun;
    const char *json_path;
    FILE *out;              /* the live log; stdout when NULL */
    bool color;
};

/*
 * Runs everything. Returns the exit status: 0 every job succeeded (or was
 * skipped), 1 a job failed or the run was cancelled, 2 bad input (already
 * printed to stderr with positions).
 */
int run_main(const struct run_options *o);

#endif
