/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML (pytest, Jest, Maven Surefire, TestNG, go-junit-report...):
 * a measurement, not findings. Every <testcase> counts once, whatever the
 * suite totals claim (several writers omit or misstate them): error if it
 * has an <error>, else failure if it has a <failure>, else skipped if it has
 * a <skipped>. Surefire's <flakyFailure>/<rerunFailure> inside a passing
 * test are reruns that passed and do not count.
 */
#include "gate/gate_int.h"

struct junit {
    struct gate_tests *t;
    int case_depth; /* depth of the open <testcase>, -1 when none */
    bool failure, error, skipped;
    bool saw_root;
};

bool gate_junit_detect(const struct gate_sniff *s)
{
    return s->xml && (strcmp(s->root_element, "testsuites") == 0 ||
                      strcmp(s->root_element, "testsuite") == 0);
}

static void junit_close_case(struct junit *j)
{
    if (j->case_depth < 0)
        return;
    j->t->total++;
    if (j->error)
        j->t->errors++;
    else if (j->failure)
        j->t->failures++;
    else if (j->skipped)
        j->t->skipped++;
    j->case_depth = -1;
    j->failure = j->error = j->skipped = false;
}

static int junit_elem(void *ctx, struct gate_xml *x, int depth, const char *name)
{
    struct junit *j = ctx;

    if (!j->saw_root) {
        j->saw_root = true;
        if (strcmp(name, "testsuites") != 0 && strcmp(name, "testsuite") != 0)
            return gate_xml_fail(x, "expected a JUnit <testsuites> or <testsuite> root element, "
                                    "got <%s>", name);
    }
    if (j->case_depth >= 0 && depth <= j->case_depth)
        junit_close_case(j);
    if (strcmp(name, "testcase") == 0) {
        j->case_depth = depth;
    } else if (j->case_depth >= 0 && depth == j->case_depth + 1) {
        if (strcmp(name, "failure") == 0)
            j->failure = true;
        else if (strcmp(name, "error") == 0)
            j->error = true;
        else if (strcmp(name, "skipped") == 0)
            j->skipped = true;
    }
    return 0;
}

int gate_junit_parse(struct gate_parse *p)
{
    struct junit j;

    memset(&j, 0, sizeof(j));
    j.t = &p->report->tests;
    j.case_depth = -1;
    memset(j.t, 0, sizeof(*j.t));
    if (gate_xml_run(p, junit_elem, &j) < 0)
        return -1;
    junit_close_case(&j);
    p->report->has_tests = true;
    return 0;
}
